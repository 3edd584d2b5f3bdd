//! What the reader is looking at, apart from the article itself: the notice above the article,
//! the open card, the mark under the pointer, the selection and its toolbar, the filters, the
//! search, the side panel's tab and the shortcuts dialog. Signals only, no logic.

use std::collections::BTreeSet;

use leptos::prelude::*;

use domain::annotation::{AnnotationId, AnnotationKind};
use domain::text::Span;

/// A message shown to the reader above the article, with what they can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub tone: Tone,
    pub message: String,
    pub action: Option<NoticeAction>,
}

/// A button a notice offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Download a backup of the open article and the reader's work (when it cannot be saved here).
    DownloadBackup,
    /// Download a saved entry that could not be read nor kept aside, exactly as it was stored.
    DownloadRaw { file_name: String, content: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Error,
    Info,
}

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelTab {
    Quotes,
    Entities,
    Notes,
    Library,
    Share,
}

/// The reader's selection in the article, and where to show the toolbar for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SelectionInfo {
    pub span: Span,
    pub left: f64,
    pub top: f64,
}

/// The view's state: copyable handles to its signals.
#[derive(Clone, Copy)]
pub struct ViewState {
    pub notice: RwSignal<Option<Notice>>,
    /// The annotation whose card is open.
    pub open_card: RwSignal<Option<AnnotationId>>,
    /// The annotation under the pointer or keyboard focus (its summary shows).
    pub hovered: RwSignal<Option<AnnotationId>>,
    pub selection: RwSignal<Option<SelectionInfo>>,
    pub hidden_kinds: RwSignal<BTreeSet<AnnotationKind>>,
    /// Only claims from unnamed sources keep their look (the sourcing summary's filter).
    pub only_unnamed: RwSignal<bool>,
    pub query: RwSignal<String>,
    pub panel: RwSignal<PanelTab>,
    pub help_open: RwSignal<bool>,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            notice: RwSignal::new(None),
            open_card: RwSignal::new(None),
            hovered: RwSignal::new(None),
            selection: RwSignal::new(None),
            hidden_kinds: RwSignal::new(BTreeSet::new()),
            only_unnamed: RwSignal::new(false),
            query: RwSignal::new(String::new()),
            panel: RwSignal::new(PanelTab::Quotes),
            help_open: RwSignal::new(false),
        }
    }
}

impl ViewState {
    /// Says what went wrong, above the article.
    pub fn show_error(&self, message: String) {
        self.notice.set(Some(Notice {
            tone: Tone::Error,
            message,
            action: None,
        }));
    }

    /// Says something the reader should know, above the article.
    pub fn show_info(&self, message: String) {
        self.notice.set(Some(Notice {
            tone: Tone::Info,
            message,
            action: None,
        }));
    }
}
