//! The open article and the reader's work on it: the document (its text, blocks, name and
//! storage key), the workspace (the engines' marks and the reader's layer, with the undo
//! history), and the annotations as shown, with the blocks each touches. Whether there is
//! anything to undo or redo is derived from what is shown.

use std::sync::Arc;

use leptos::prelude::*;

use domain::annotation::Annotation;
use domain::article::Article;
use domain::sync::Clock;
use domain::text::IndexedText;
use domain::workspace::Workspace;

use super::AppState;
use crate::browser;
use domain::ledger::annotations_by_block;

/// The open article: its parsed form, its text with a code-point index, its name and its
/// storage key.
#[derive(Clone, Debug)]
pub struct OpenDocument {
    pub article: Arc<Article>,
    pub text: Arc<IndexedText>,
    pub name: String,
    pub key: String,
    /// The title when the reader gave none: the headline, else the file name.
    pub default_title: String,
    /// The text as stored (compressed), made on the first save and reused by every save after.
    pub packed_text: Arc<std::sync::OnceLock<String>>,
}

impl OpenDocument {
    /// `key`: [`article_key`] of the article's text.
    pub fn new(article: Article, name: &str, key: String) -> Self {
        let default_title = article.headline().unwrap_or(name).to_owned();
        OpenDocument {
            text: Arc::new(IndexedText::new(article.text.clone())),
            article: Arc::new(article),
            name: name.to_owned(),
            key,
            default_title,
            packed_text: Arc::new(std::sync::OnceLock::new()),
        }
    }
}

/// The annotations as shown, with which block each touches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnnotationView {
    /// Shared values: an annotation that did not change keeps its allocation across changes.
    pub list: Vec<Arc<Annotation>>,
    pub by_block: Vec<Vec<u32>>,
}

impl AnnotationView {
    /// The annotations touching block `index`.
    pub fn block(&self, index: usize) -> Vec<Arc<Annotation>> {
        self.by_block.get(index).map_or_else(Vec::new, |positions| {
            positions
                .iter()
                .map(|&p| self.list[p as usize].clone())
                .collect()
        })
    }

    pub fn find(&self, id: &str) -> Option<&Annotation> {
        self.list.iter().find(|a| a.id == id).map(|a| &**a)
    }

    /// The blocks whose annotations differ from those in `before` (compared by allocation: an
    /// unchanged annotation is the same one).
    pub fn blocks_changed_since(&self, before: &AnnotationView) -> Vec<usize> {
        let blocks = self.by_block.len().max(before.by_block.len());
        (0..blocks)
            .filter(|&index| {
                let now = self.by_block.get(index).map_or(&[][..], Vec::as_slice);
                let then = before.by_block.get(index).map_or(&[][..], Vec::as_slice);
                now.len() != then.len()
                    || now.iter().zip(then).any(|(&p, &q)| {
                        !Arc::ptr_eq(&self.list[p as usize], &before.list[q as usize])
                    })
            })
            .collect()
    }

    /// The annotations as plain values (for exports).
    pub fn values(&self) -> Vec<Annotation> {
        self.list.iter().map(|a| (**a).clone()).collect()
    }
}

/// The open document and the work on it: copyable handles.
#[derive(Clone, Copy)]
pub struct DocumentState {
    /// The open article.
    pub open: RwSignal<OpenDocument>,
    /// The annotations as shown (a new list after every change).
    pub annotations: RwSignal<Arc<AnnotationView>>,
    /// The annotations as the side panels show them: those shown, a task later.
    pub for_panels: RwSignal<Arc<AnnotationView>>,
    /// The view the panels are to show next (set in the task after it is shown).
    for_panels_waiting: StoredValue<Option<Arc<AnnotationView>>>,
    pub workspace: StoredValue<Workspace>,
    /// Whether the reader has something to undo, or to redo: derived from the workspace each
    /// time what is shown changes.
    pub can_undo: Memo<bool>,
    pub can_redo: Memo<bool>,
}

impl DocumentState {
    /// The state for `document`, with no work on it yet.
    pub fn new(document: OpenDocument) -> Self {
        let annotations = RwSignal::new(Arc::new(AnnotationView::default()));
        let workspace = StoredValue::new(Workspace::new(
            0,
            Vec::new(),
            Clock::new(browser::random_u64()),
        ));
        let history = move |read: fn(&Workspace) -> bool| {
            Memo::new(move |_| {
                annotations.track();
                workspace.with_value(read)
            })
        };
        DocumentState {
            open: RwSignal::new(document),
            annotations,
            for_panels: RwSignal::new(Arc::new(AnnotationView::default())),
            for_panels_waiting: StoredValue::new(None),
            workspace,
            can_undo: history(Workspace::can_undo),
            can_redo: history(Workspace::can_redo),
        }
    }

    /// Whether the panels have yet to show the annotations shown in the article (they follow a
    /// task later): a panel with nothing to list says it is waiting rather than "none".
    pub fn panels_behind(&self) -> bool {
        !Arc::ptr_eq(
            &self.for_panels.get_untracked(),
            &self.annotations.get_untracked(),
        )
    }

    /// The open article's title: the reader's, else the headline, else the file name.
    pub fn title(&self) -> String {
        let own = self
            .workspace
            .with_value(|w| w.layer().title().map(str::to_owned));
        own.unwrap_or_else(|| self.open.with_untracked(|d| d.default_title.clone()))
    }
}

impl AppState {
    /// Recomputes the annotations as shown from the workspace, and repaints the blocks whose
    /// annotations changed.
    pub fn refresh(&self) {
        let view = self.compute_view();
        self.show_view(view);
    }

    /// The annotations as shown, from the workspace, with the blocks each touches.
    pub fn compute_view(&self) -> Arc<AnnotationView> {
        let list = self
            .document
            .workspace
            .try_update_value(Workspace::shared_annotations)
            .unwrap_or_default();
        let by_block = self
            .document
            .open
            .with_untracked(|d| annotations_by_block(&d.article.blocks, &list));
        Arc::new(AnnotationView { list, by_block })
    }

    /// Whether a view computed earlier ([`Self::compute_view`]) still shows the workspace: the
    /// same annotations, unchanged (compared by allocation).
    pub fn view_is_current(&self, view: &AnnotationView) -> bool {
        self.document
            .workspace
            .try_update_value(|w| {
                let list = w.shared_annotations();
                list.len() == view.list.len()
                    && list.iter().zip(&view.list).all(|(a, b)| Arc::ptr_eq(a, b))
            })
            .unwrap_or(false)
    }

    /// Shows a view: the blocks whose annotations changed are repainted, and the panels follow
    /// a task later (a long article's panels take a while to build: not in the same task).
    pub fn show_view(&self, view: Arc<AnnotationView>) {
        browser::mark("annotations-ready");
        let changed = { view.blocks_changed_since(&self.document.annotations.get_untracked()) };
        self.repaint.blocks_changed(changed, &view);
        self.document.annotations.set(view.clone());
        let waiting = self.document.for_panels_waiting;
        if waiting
            .try_update_value(|w| w.replace(view))
            .flatten()
            .is_none()
        {
            let panels = self.document.for_panels;
            browser::next_task(move || {
                if let Some(Some(view)) = waiting.try_update_value(Option::take) {
                    panels.set(view);
                }
            });
        }
    }
}
