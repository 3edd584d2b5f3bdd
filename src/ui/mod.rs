//! The Leptos user interface: the application shell, its state (in context, as [`AppState`]),
//! and the components that show it. Logic lives in `domain`; components only call it.
//!
//! Rendering stays fine-grained: the article's blocks are rendered once per opened article; a
//! change to the annotations replaces one shared list, and each block re-renders only when the
//! annotations that touch it changed.

mod article_view;
mod card;
mod help;
mod library;
mod open;
mod panels;
mod persistence;
mod share;

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser;
use crate::engine_job::{
    gather_piece, AnalysisRequest, EngineAnswer, EngineRequest, KeyedArticle, NamesStatus,
    OpenContent, OpenRequest,
};
use domain::annotation::{Annotation, AnnotationKind};
use domain::article::{Article, SAMPLE_NAME, SAMPLE_TEXT};
use domain::formats::html::{recognise_own_export, OwnExport};
use domain::ledger::annotations_by_block;
use domain::pacing;
use domain::store::article_key;
use domain::sync::Clock;
use domain::text::{IndexedText, Span};
use domain::workspace::{AnnotationEdit, Workspace};
use engines::annotations::from_analysis;
use engines::extract::Analysis;
use engines::read::{
    input::{format_for, open_plain_text},
    open_plain_text_file, parse_plain_text, InputError, InputFormat,
};

pub use persistence::SaveStatus;

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
    fn new(article: Article, name: &str, key: String) -> Self {
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

/// Whether the entity model is ready.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelStatus {
    Loading,
    Ready,
    Failed(String),
}

/// Where the engines stand on the open article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Analysing {
    /// The marks shown are the engines' answer for this article.
    Done,
    /// The engine worker is at work; `first_part` once the opening blocks are marked.
    Working { first_part: bool },
    /// The engine worker could not be started: why.
    Unavailable(String),
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

/// The application's state, shared through context. Copyable handles to signals.
#[derive(Clone, Copy)]
pub struct AppState {
    pub doc: RwSignal<OpenDocument>,
    pub annotations: RwSignal<Arc<AnnotationView>>,
    /// One trigger per block of the article, notified when that block's annotations change (so a
    /// change repaints the blocks it touches, not every block).
    pub block_triggers: StoredValue<Vec<ArcTrigger>>,
    /// Blocks whose annotations changed and that are not repainted yet: a change touching many
    /// blocks (an article's marks arriving) is painted a slice of blocks per task, in order,
    /// so that the page answers the reader meanwhile.
    pub repaint_queue: StoredValue<std::collections::BTreeSet<usize>>,
    /// Whether the next slice is scheduled.
    pub repaint_scheduled: StoredValue<bool>,
    /// Blocks repainted in the next slice, paced to the time the last slice took.
    pub repaint_size: StoredValue<usize>,
    pub workspace: StoredValue<Workspace>,
    /// Whether names could be looked for (the model lives in the engine worker).
    pub model_status: RwSignal<ModelStatus>,
    /// Where the engines stand on the open article.
    pub analysing: RwSignal<Analysing>,
    /// The number of the latest analysis asked for: answers to older ones are dropped.
    pub analysis_job: StoredValue<u64>,
    /// The pieces of the whole article's answer received so far, with their job.
    pub gathering: StoredValue<Option<(u64, Analysis)>>,
    /// How many articles were opened: an article read in the worker is dropped if another was
    /// opened while it was read.
    pub opened: StoredValue<u64>,
    /// How many articles were sent to the worker to be read: only the newest is opened.
    pub reads: StoredValue<u64>,
    pub notice: RwSignal<Option<Notice>>,
    /// The annotation whose card is open.
    pub open_card: RwSignal<Option<String>>,
    /// The annotation under the pointer or keyboard focus (its summary shows).
    pub hovered: RwSignal<Option<String>>,
    pub selection: RwSignal<Option<SelectionInfo>>,
    pub hidden_kinds: RwSignal<BTreeSet<AnnotationKind>>,
    pub query: RwSignal<String>,
    pub panel: RwSignal<PanelTab>,
    pub help_open: RwSignal<bool>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// Counts the changes to the reader's work: a save says "Saved" only if none came after
    /// the state it wrote.
    pub changes: StoredValue<u64>,
    /// The save asked for and not yet run.
    pub pending_save: StoredValue<persistence::PendingSave, LocalStorage>,
    /// Where saving stands (saved, waiting, failed, or off for this article).
    pub save_status: RwSignal<SaveStatus>,
    /// Bumped when the library changed.
    pub library_version: RwSignal<u64>,
    /// What is typed in the open card and not yet saved (saved as the reader types, on blur,
    /// when the card closes and when the page is hidden).
    pub draft: StoredValue<Option<card::Draft>>,
}

impl AppState {
    fn new() -> Self {
        let sample = parse_plain_text(SAMPLE_TEXT);
        let key = article_key(&sample.text);
        let document = OpenDocument::new(sample, SAMPLE_NAME, key);
        AppState {
            doc: RwSignal::new(document),
            annotations: RwSignal::new(Arc::new(AnnotationView::default())),
            block_triggers: StoredValue::new(Vec::new()),
            repaint_queue: StoredValue::new(std::collections::BTreeSet::new()),
            repaint_scheduled: StoredValue::new(false),
            repaint_size: StoredValue::new(REPAINT_SLICE),
            workspace: StoredValue::new(Workspace::new(
                0,
                Vec::new(),
                Clock::new(browser::random_u64()),
            )),
            model_status: RwSignal::new(ModelStatus::Loading),
            analysing: RwSignal::new(Analysing::Working { first_part: false }),
            analysis_job: StoredValue::new(0),
            gathering: StoredValue::new(None),
            opened: StoredValue::new(0),
            reads: StoredValue::new(0),
            notice: RwSignal::new(None),
            open_card: RwSignal::new(None),
            hovered: RwSignal::new(None),
            selection: RwSignal::new(None),
            hidden_kinds: RwSignal::new(BTreeSet::new()),
            query: RwSignal::new(String::new()),
            panel: RwSignal::new(PanelTab::Quotes),
            help_open: RwSignal::new(false),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            changes: StoredValue::new(0),
            pending_save: StoredValue::new_local(persistence::PendingSave::default()),
            save_status: RwSignal::new(SaveStatus::Saved),
            library_version: RwSignal::new(0),
            draft: StoredValue::new(None),
        }
    }

    /// The open article's title: the reader's, else the headline, else the file name.
    pub fn title(&self) -> String {
        let own = self
            .workspace
            .with_value(|w| w.layer().title().map(str::to_owned));
        own.unwrap_or_else(|| self.doc.with_untracked(|d| d.default_title.clone()))
    }

    /// Opens text the reader pasted: plain text at once, HTML or Markdown through the page's
    /// reader in the engine worker. On failure the open article stays and the reason is shown;
    /// false also when another article was opened meanwhile.
    pub async fn open_pasted(&self, text: String) -> bool {
        self.open_pasted_from_box(text, || {}).await
    }

    /// [`Self::open_pasted`] for text in the paste box: `accepted` runs as soon as plain text
    /// is read (the box can go then, before the article is painted: a browser takes a while to
    /// lay out and discard a box holding a long text, and the two in one frame made it long).
    pub async fn open_pasted_from_box(&self, text: String, accepted: impl FnOnce()) -> bool {
        if format_for("pasted", &text) == InputFormat::PlainText {
            let read = open_plain_text(&text);
            drop(text);
            return self
                .show_plain_text("pasted text", "pasted.txt", read, accepted)
                .await;
        }
        match self.read_in_worker("pasted", OpenContent::Text(text)).await {
            Some(result) => self.show_read("pasted text", "pasted.txt", result),
            None => false,
        }
    }

    /// Shows plain text the page read itself (pasted, or a `.txt` file), in three tasks — a
    /// megabyte is ~30 ms each at a phone's speed: the text read (the caller's), its storage
    /// key (a hash of it), then the article shown. A refusal is said at once, and a read under
    /// way goes on; `accepted` runs when the text is taken.
    async fn show_plain_text(
        &self,
        source: &str,
        name: &str,
        read: Result<Article, InputError>,
        accepted: impl FnOnce(),
    ) -> bool {
        let article = match read {
            Ok(article) => article,
            Err(error) => return self.show_read(source, name, Err::<KeyedArticle, _>(error)),
        };
        accepted();
        let still_newest = self.begin_read();
        browser::task_boundary().await;
        if !still_newest() {
            return false;
        }
        let key = article_key(&article.text);
        browser::task_boundary().await;
        if !still_newest() {
            return false;
        }
        let keyed: Result<_, String> = Ok(KeyedArticle { article, key });
        self.show_read(source, name, keyed)
    }

    /// Opens what a browser put on the clipboard as HTML (an article copied from a page): read
    /// like a saved page; if no article is found in it, its plain text is opened instead.
    pub async fn open_pasted_page(&self, html: String, plain: String) -> bool {
        match self
            .read_in_worker("pasted.html", OpenContent::Text(html))
            .await
        {
            Some(Ok(KeyedArticle { article, key })) => {
                self.notice.set(None);
                self.open_keyed_article(article, "pasted.html", key);
                true
            }
            Some(Err(_)) if !plain.trim().is_empty() => self.open_pasted(plain).await,
            Some(Err(error)) => {
                self.show_read("pasted page", "pasted.html", Err::<KeyedArticle, _>(error))
            }
            None => false,
        }
    }

    /// Reads an article in the engine worker (the HTML and Markdown readers live there). `None`:
    /// the reader asked for another article meanwhile (a newer read, or one opened otherwise),
    /// and this one is dropped.
    async fn read_in_worker(
        &self,
        name: &str,
        content: OpenContent,
    ) -> Option<Result<KeyedArticle, String>> {
        let still_newest = self.begin_read();
        let request = OpenRequest {
            job: browser::random_u64(),
            name: name.to_owned(),
            content,
        };
        let result = browser::engine::open(request).await;
        // Reading the answer was one task; showing the article is the next.
        browser::task_boundary().await;
        still_newest().then_some(result)
    }

    /// Starts a read of an article that takes more than one task; the answer tells whether it
    /// is still the one to open (no newer read started, no article opened meanwhile).
    fn begin_read(&self) -> impl Fn() -> bool {
        let read = self.reads.get_value() + 1;
        self.reads.set_value(read);
        let opened_before = self.opened.get_value();
        let state = *self;
        move || state.reads.get_value() == read && state.opened.get_value() == opened_before
    }

    /// Opens a file's bytes (an article, a backup of one with its annotations, or one of the
    /// app's own exports); on failure the open article stays and the reason is shown.
    pub async fn open_file(&self, name: &str, bytes: Vec<u8>) -> bool {
        if name.to_ascii_lowercase().ends_with(".json") {
            let backup = std::str::from_utf8(&bytes)
                .map_err(|_| "it is not UTF-8 text".to_owned())
                .and_then(|text| {
                    domain::formats::backup::parse_backup(text).map_err(|e| e.to_string())
                });
            return self.open_backup_file(name, backup, None);
        }
        match recognise_own_export(&bytes) {
            Some(OwnExport::CarriesBackup(json)) => {
                let backup = domain::formats::backup::parse_backup(json).map_err(|e| {
                    format!("it is a page exported by Article Annotator, but the work it carries could not be read ({e})")
                });
                let said = format!(
                    "Opened {name}, a page exported by Article Annotator: its article with the work it carries, merged with what this browser holds."
                );
                return self.open_backup_file(name, backup, Some(said));
            }
            Some(OwnExport::AppWithoutArticle) => {
                self.show_error(format!(
                    "{name} is Article Annotator itself (the single-file app), with no article in it: open it from disk to use it there. The article that was open stays open."
                ));
                return false;
            }
            Some(OwnExport::PrintWithoutBackup) => {
                let opened = match self.read_in_worker(name, OpenContent::Bytes(bytes)).await {
                    Some(result) => self.show_read(name, name, result),
                    None => false,
                };
                if opened {
                    self.show_info(format!(
                        "{name} is a print version made by an earlier version of Article Annotator: it carries no annotations that can be read back, so its article opens without them. To move your work, use a backup, the annotated page or a share link."
                    ));
                }
                return opened;
            }
            None => {}
        }
        // A plain text file is read here, like pasted text; the other formats by the readers
        // in the engine worker.
        if let Some(read) = open_plain_text_file(name, &bytes) {
            drop(bytes);
            return self.show_plain_text(name, name, read, || {}).await;
        }
        match self.read_in_worker(name, OpenContent::Bytes(bytes)).await {
            Some(result) => self.show_read(name, name, result),
            None => false,
        }
    }

    /// Opens a backup read from a file (a `.json` backup, or one an exported page carries): its
    /// article with its work, merged with what this browser holds and saved (the reader opened
    /// the file to get the work back). `said`: what to tell the reader once it is open.
    fn open_backup_file(
        &self,
        name: &str,
        backup: Result<domain::formats::backup::Backup, String>,
        said: Option<String>,
    ) -> bool {
        match backup {
            Ok(backup) => {
                self.notice.set(None);
                if share::open_backup(*self, backup) {
                    self.changed();
                }
                if let Some(said) = said {
                    self.show_info(said);
                }
                true
            }
            Err(message) => {
                self.show_error(format!(
                    "Could not open {name}: {message} The article that was open stays open."
                ));
                false
            }
        }
    }

    pub fn open_sample(&self) {
        self.open_article(parse_plain_text(SAMPLE_TEXT), SAMPLE_NAME);
        self.notice.set(None);
    }

    pub fn show_error(&self, message: String) {
        self.notice.set(Some(Notice {
            tone: Tone::Error,
            message,
            action: None,
        }));
    }

    pub fn show_info(&self, message: String) {
        self.notice.set(Some(Notice {
            tone: Tone::Info,
            message,
            action: None,
        }));
    }

    /// Shows an article read with its storage key, or why it could not be read (the open
    /// article stays).
    fn show_read<E: std::fmt::Display>(
        &self,
        source: &str,
        name: &str,
        result: Result<KeyedArticle, E>,
    ) -> bool {
        match result {
            Ok(KeyedArticle { article, key }) => {
                self.notice.set(None);
                self.open_keyed_article(article, name, key);
                true
            }
            Err(error) => {
                self.show_error(format!(
                    "Could not open {source}: {error} The article that was open stays open."
                ));
                false
            }
        }
    }

    /// Opens an article: saves the one that was open, shows the new one at once with the
    /// reader's saved work on it (if any), and asks the engine worker for its marks.
    pub fn open_article(&self, article: Article, name: &str) {
        let key = article_key(&article.text);
        self.open_keyed_article(article, name, key);
    }

    /// [`Self::open_article`] with the article's storage key already known (read by the worker,
    /// which hashed the text: a long text is not hashed again while it shows).
    fn open_keyed_article(&self, article: Article, name: &str, key: String) {
        self.flush_draft();
        persistence::save_outgoing(*self);
        self.opened.update_value(|n| *n += 1);
        // The old article's blocks need no repaint: the new one's are all painted anew.
        self.repaint_queue
            .update_value(std::collections::BTreeSet::clear);
        let document = OpenDocument::new(article, name, key);
        self.request_analysis(&document.article);
        let text_length = document.text.char_len();
        let clock = self.workspace.with_value(|w| w.clock().clone());
        self.workspace
            .set_value(Workspace::new(text_length, Vec::new(), clock));
        self.save_status.set(SaveStatus::Saved);
        self.open_card.set(None);
        self.selection.set(None);
        let key = document.key.clone();
        browser::panic::set_open_key(&key);
        self.doc.set(document);
        persistence::restore(*self, &key);
        self.refresh();
    }

    /// Waits until the engine worker's marks for the open article are on the page (or it is known
    /// they will not come), at most [`MARKS_WAIT_MS`]: what is planned against the marks (an
    /// import) must see them.
    pub async fn marks_settled(&self) {
        let mut waited = 0;
        while matches!(self.analysing.get_untracked(), Analysing::Working { .. })
            && waited < MARKS_WAIT_MS
        {
            gloo_timers::future::TimeoutFuture::new(MARKS_POLL_MS).await;
            waited += MARKS_POLL_MS;
        }
    }

    /// Asks the engine worker for an article's marks; answers to earlier requests are dropped
    /// from now on.
    fn request_analysis(&self, article: &Arc<Article>) {
        let job = self.analysis_job.get_value() + 1;
        self.analysis_job.set_value(job);
        self.gathering.set_value(None);
        self.analysing.set(Analysing::Working { first_part: false });
        // Sent in a task of its own: the article's text shows first.
        let state = *self;
        let article = article.clone();
        browser::next_task(move || {
            if state.analysis_job.get_value() != job {
                return;
            }
            let request = AnalysisRequest::for_article(job, &article);
            if let Err(message) = browser::engine::send(EngineRequest::Analyse(request)) {
                state.analysing.set(Analysing::Unavailable(message));
                return;
            }
            // A worker whose files are missing or blocked, or that has stopped, fails without a
            // word to the page (gloo's bridge reports no error): if this article has had no
            // answer in a while, the reader is told (the marks still come if it answers later).
            gloo_timers::callback::Timeout::new(ENGINE_PATIENCE_MS, move || {
                let unanswered = state.analysing.get_untracked()
                    == (Analysing::Working { first_part: false });
                if state.analysis_job.get_value() == job && unanswered {
                    state.analysing.set(Analysing::Unavailable(format!(
                        "the page's engine has not answered in {} seconds (its files may be missing, blocked or slow to arrive; marks appear if it answers)",
                        ENGINE_PATIENCE_MS / 1000
                    )));
                }
            })
            .forget();
        });
    }

    /// Takes an answer from the engine worker: the marks of the open article (the reader's
    /// corrections stay), unless it answers an older request. The whole article's answer comes
    /// in pieces, gathered until the last.
    fn take_answer(&self, answer: EngineAnswer) {
        if answer.job() != self.analysis_job.get_value() {
            return;
        }
        match answer {
            EngineAnswer::FirstPart { job, analysis, .. } => {
                self.apply_analysis(job, analysis, false)
            }
            EngineAnswer::Whole {
                job,
                piece,
                pieces,
                analysis,
                names,
            } => {
                self.gathering.update_value(|gathering| match gathering {
                    Some((gathered_job, gathered)) if *gathered_job == job && piece > 0 => {
                        gather_piece(gathered, analysis)
                    }
                    _ => *gathering = Some((job, analysis)),
                });
                if piece + 1 < pieces {
                    return;
                }
                let Some((_, analysis)) = self.gathering.try_update_value(Option::take).flatten()
                else {
                    return;
                };
                self.model_status.set(match names {
                    NamesStatus::Found => ModelStatus::Ready,
                    NamesStatus::Unavailable(message) => ModelStatus::Failed(message),
                });
                self.apply_analysis(job, analysis, true);
            }
            EngineAnswer::ImportRead { .. } | EngineAnswer::Opened { .. } => {}
        }
    }

    /// Puts an analysis's marks on the page in steps, a task each (the annotations made, taken
    /// by the workspace, shared out, the view; the blocks are repainted a slice per task), so
    /// that the page answers the reader between them. Dropped if another article was opened
    /// meanwhile, and a first part once the whole article is marked.
    fn apply_analysis(&self, job: u64, analysis: Analysis, whole: bool) {
        let state = *self;
        let current = move || {
            state.analysis_job.get_value() == job
                && (whole || state.analysing.get_untracked() != Analysing::Done)
        };
        leptos::task::spawn_local(async move {
            browser::task_boundary().await;
            if !current() {
                return;
            }
            let engine = from_analysis(&analysis);
            browser::task_boundary().await;
            if !current() {
                return;
            }
            // The workspace takes the marks...
            state.workspace.update_value(|w| w.set_engine(engine));
            browser::task_boundary().await;
            if !current() {
                return;
            }
            // ...shares them out (what `refresh` reads)...
            state.workspace.update_value(|w| {
                w.shared_annotations();
            });
            browser::task_boundary().await;
            if !current() {
                return;
            }
            // ...then the view, the panels and the first blocks.
            state.refresh();
            state.analysing.set(if whole {
                Analysing::Done
            } else {
                Analysing::Working { first_part: true }
            });
        });
    }

    /// Recomputes the annotations as shown from the workspace.
    pub fn refresh(&self) {
        browser::mark("annotations-ready");
        let list = self
            .workspace
            .try_update_value(Workspace::shared_annotations)
            .unwrap_or_default();
        let by_block = self
            .doc
            .with_untracked(|d| annotations_by_block(&d.article.blocks, &list));
        let view = Arc::new(AnnotationView { list, by_block });
        let changed = view.blocks_changed_since(&self.annotations.get_untracked());
        self.annotations.set(view);
        if changed.len() <= REPAINT_SLICE {
            // A reader's own change: its blocks now, ahead of any queued repaint.
            self.repaint_queue.update_value(|queue| {
                for index in &changed {
                    queue.remove(index);
                }
            });
            self.notify_blocks(&changed);
        } else {
            self.repaint_queue
                .update_value(|queue| queue.extend(changed));
        }
        self.repaint_slice();
        self.can_undo
            .set(self.workspace.with_value(Workspace::can_undo));
        self.can_redo
            .set(self.workspace.with_value(Workspace::can_redo));
    }

    fn notify_blocks(&self, blocks: &[usize]) {
        self.block_triggers.with_value(|triggers| {
            for &index in blocks {
                if let Some(trigger) = triggers.get(index) {
                    trigger.notify();
                }
            }
        });
    }

    /// Repaints the next slice of the queue (its size paced by [`pacing::next_slice`]) and
    /// schedules the rest as a task of its own.
    fn repaint_slice(&self) {
        let size = self.repaint_size.get_value();
        let slice: Vec<usize> = self
            .repaint_queue
            .try_update_value(|queue| {
                let slice: Vec<usize> = queue.iter().take(size).copied().collect();
                for index in &slice {
                    queue.remove(index);
                }
                slice
            })
            .unwrap_or_default();
        let started = browser::monotonic_ms();
        self.notify_blocks(&slice);
        // The blocks are filled by their effects, queued by the triggers just fired; a task
        // queued after them runs once they have: the next slice's size follows their time.
        let state = *self;
        let done = slice.len();
        leptos::task::spawn_local(async move {
            let spent = browser::monotonic_ms() - started;
            state
                .repaint_size
                .set_value(pacing::next_slice(size, done, spent));
        });
        let more = self.repaint_queue.with_value(|queue| !queue.is_empty());
        if !more {
            after_paint(|| browser::mark("annotations-painted"));
        } else if !self.repaint_scheduled.get_value() {
            self.repaint_scheduled.set_value(true);
            let state = *self;
            browser::next_task(move || {
                state.repaint_scheduled.set_value(false);
                state.repaint_slice();
            });
        }
    }

    /// Records that the reader's work changed: refreshes the view and asks for a save (said at
    /// once: "Saved" is never stale).
    pub fn changed(&self) {
        self.refresh();
        self.changed_elsewhere();
    }

    /// Records that this tab holds work the store does not (merged from another tab, or a
    /// damaged entry to replace), and asks for a save.
    fn changed_elsewhere(&self) {
        self.changes.update_value(|c| *c += 1);
        persistence::request_save(*self);
    }

    /// Adds a reader annotation over a span and opens its card; returns its id.
    pub fn add_annotation(
        &self,
        kind: AnnotationKind,
        span: Span,
        color: Option<domain::annotation::HighlightColor>,
    ) -> Option<String> {
        browser::mark("annotation-add-start");
        let now = browser::now_millis();
        let id = browser::random_annotation_id();
        let result = self
            .workspace
            .try_update_value(|w| w.add(kind, span, color, id, now));
        match result {
            Some(Ok(id)) => {
                self.selection.set(None);
                browser::dom::clear_selection();
                self.changed();
                Some(id)
            }
            Some(Err(error)) => {
                self.show_error(error.to_string());
                None
            }
            None => None,
        }
    }

    pub fn edit_annotation(&self, id: &str, edit: AnnotationEdit) {
        let now = browser::now_millis();
        let result = self.workspace.try_update_value(|w| w.edit(id, edit, now));
        match result {
            Some(Ok(())) => self.changed(),
            Some(Err(error)) => self.show_error(error.to_string()),
            None => {}
        }
    }

    /// Saves what is typed in the open card (one undo step per card opening).
    pub fn flush_draft(&self) {
        card::flush_draft(*self);
    }

    pub fn delete_annotation(&self, id: &str) {
        let now = browser::now_millis();
        if let Some(Err(error)) = self.workspace.try_update_value(|w| w.delete(id, now)) {
            self.show_error(error.to_string());
            return;
        }
        if self.open_card.get_untracked().as_deref() == Some(id) {
            self.open_card.set(None);
        }
        self.changed();
    }

    pub fn rename_entity(&self, kind: AnnotationKind, from: &str, to: &str) {
        let now = browser::now_millis();
        self.workspace
            .update_value(|w| w.rename_entity(kind, from, to, now));
        self.changed();
    }

    /// Gives the open article the reader's own title (`None`: its headline again).
    pub fn set_title(&self, title: Option<String>) {
        let now = browser::now_millis();
        self.workspace.update_value(|w| w.set_title(title, now));
        self.changed();
    }

    pub fn undo(&self) {
        self.flush_draft();
        let now = browser::now_millis();
        if self.workspace.try_update_value(|w| w.undo(now)) == Some(true) {
            self.changed();
        }
    }

    pub fn redo(&self) {
        self.flush_draft();
        let now = browser::now_millis();
        if self.workspace.try_update_value(|w| w.redo(now)) == Some(true) {
            self.changed();
        }
    }

    /// Opens an annotation's card and shows its mark.
    pub fn open(&self, id: &str) {
        self.flush_draft();
        self.open_card.set(Some(id.to_owned()));
        let id = id.to_owned();
        after_paint(move || browser::dom::reveal_mark(&id));
    }

    /// Opens the card of an annotation already in front of the reader (just made, clicked or
    /// focused): no scrolling, no flash.
    pub fn open_in_place(&self, id: &str) {
        self.flush_draft();
        self.open_card.set(Some(id.to_owned()));
        let id = id.to_owned();
        after_paint(move || {
            if let Some(mark) = browser::dom::mark_element(&id) {
                browser::dom::focus_mark(&mark);
            }
        });
    }
}

/// Blocks repainted at once when a change touches no more (a reader's own change), and the
/// first slice of a larger repaint (a long article's marks arriving); later slices are paced
/// to the time the last one took ([`pacing::next_slice`]), so that a slower machine gets
/// smaller slices.
const REPAINT_SLICE: usize = 100;

use browser::dom::after_paint;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    // The sample (or a shared link) opens at once; the entity model follows.
    if !share::open_from_location(state) {
        // Not `open_sample`: a message about a bad share link must stay.
        state.open_article(parse_plain_text(SAMPLE_TEXT), SAMPLE_NAME);
    }
    persistence::install(state);
    // The engine worker's module and model load once the article is on screen.
    after_paint(move || start_engines(state));
    follow_location(state);

    // Keep the window title in step with the article (a sync with the outside world).
    Effect::new(move |_| {
        let headline = state
            .doc
            .with(|doc| doc.article.headline().map(str::to_owned));
        let title = match headline {
            Some(headline) => format!("{headline} — Article Annotator"),
            None => "Article Annotator".to_owned(),
        };
        browser::page::set_title(&title);
    });

    view! {
        <a class="skip-link" href="#article">"Skip to the article"</a>
        <header class="app-bar">
            <p class="brand">"Article Annotator"</p>
            <open::OpenControls />
            <div class="app-actions">
                <button type="button" class="icon-button" title="Undo (Ctrl+Z)" aria-label="Undo"
                    disabled=move || !state.can_undo.get() on:click=move |_| state.undo()>"↶ Undo"</button>
                <button type="button" class="icon-button" title="Redo (Ctrl+Shift+Z)" aria-label="Redo"
                    disabled=move || !state.can_redo.get() on:click=move |_| state.redo()>"↷ Redo"</button>
                <button type="button" class="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)"
                    on:click=move |_| state.help_open.set(true)>"?"</button>
                <persistence::SaveIndicator />
            </div>
            <AnalysisIndicator />
        </header>
        <NoticeBanner />
        <ModelBanner />
        <div class="workspace">
            <main class="reading-area">
                <article_view::ArticleView />
            </main>
            <panels::SidePanel />
        </div>
        <article_view::SelectionToolbar />
        <card::HoverSummary />
        <card::AnnotationCard />
        <help::ShortcutsHelp />
        <open::DropOverlay />
        <open::PasteAnywhere />
    }
}

/// Follows the address: a share link pasted into the address bar of an open tab opens (the
/// fragment changes, the page does not load again); `#panic-selftest` makes the page panic on
/// purpose once it is up, as it would on a bug (the end-to-end tests check that the reader is
/// told and the work kept).
fn follow_location(state: AppState) {
    let check = move |changed: bool| {
        let hash = browser::page::fragment();
        if hash == browser::panic::SELFTEST_FRAGMENT {
            after_paint(|| panic!("the panic self-test (#panic-selftest in the address)"));
        } else if changed && hash.starts_with("#share=") {
            share::follow_share_link(state);
        }
    };
    check(false);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| check(true));
    std::mem::forget(listener);
}

/// Starts the engine worker; the open article's request waits for it.
fn start_engines(state: AppState) {
    if let Err(message) = browser::engine::start(move |answer| state.take_answer(answer)) {
        state.analysing.set(Analysing::Unavailable(message.clone()));
        state.model_status.set(ModelStatus::Failed(message));
    }
}

/// How long, at most, an import waits for the open article's marks, and how often it looks.
const MARKS_WAIT_MS: u32 = 60_000;
const MARKS_POLL_MS: u32 = 50;

/// How long the page waits for the engine worker's first answer on an article before saying so
/// (a long article's first part comes in well under a second; a short one whole).
const ENGINE_PATIENCE_MS: u32 = 20_000;

/// The error or information banner; announced to screen readers.
#[component]
fn NoticeBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.notice.get().map(|notice| {
            let class = match notice.tone {
                Tone::Error => "notice notice-error",
                Tone::Info => "notice notice-info",
            };
            let action = notice.action.map(|action| match action {
                NoticeAction::DownloadBackup => view! {
                    <button type="button" class="primary" on:click=move |_| share::download_backup(state)>
                        "Download a backup"
                    </button>
                }
                .into_any(),
                NoticeAction::DownloadRaw { file_name, content } => view! {
                    <button type="button" class="primary" on:click=move |_| persistence::download_raw(state, &file_name, &content)>
                        "Download the damaged copy"
                    </button>
                }
                .into_any(),
            });
            view! {
                <div class=class role="alert" data-testid="notice">
                    <p>{notice.message}</p>
                    {action}
                    <button type="button" class="notice-dismiss" on:click=move |_| state.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

/// A quiet word while the engine worker marks the open article (the page answers meanwhile).
#[component]
fn AnalysisIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.analysing.get() {
        Analysing::Working { first_part } => Some(view! {
            <p class="analysing" role="status" data-testid="analysing">
                {if first_part { "Marking names and the rest…" } else { "Marking quotes and names…" }}
            </p>
        }),
        _ => None,
    }
}

/// Says when names are not marked because the model could not load, or nothing is because the
/// engines could not start.
#[component]
fn ModelBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let message = match (state.analysing.get(), state.model_status.get()) {
            (Analysing::Unavailable(message), _) => format!(
                "Quotes, names and dates are not marked: {message}. You can still read, highlight and annotate."
            ),
            (_, ModelStatus::Failed(message)) => format!(
                "People, organisations and places are not marked: {message}. Quotes and dates are."
            ),
            _ => return None,
        };
        Some(view! {
            <div class="notice notice-info" role="status">
                <p>{message}</p>
            </div>
        })
    }
}
