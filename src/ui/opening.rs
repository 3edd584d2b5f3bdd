//! Opening an article: the sample, pasted text (plain text read here; a copied page or Markdown
//! by the readers in the engine worker), a file (plain text here; a saved page, Markdown, or one
//! of the app's own exports, whose work opens with it), a backup. The open article stays when
//! anything fails, and the reader is told why. Opening saves the article that was open, shows the
//! new one at once with the reader's saved work on it, and asks the engine worker for its marks.

use leptos::prelude::*;

use super::{saving, share, AppState};
use crate::browser;
use crate::engine_job::{KeyedArticle, OpenContent};
use domain::article::{Article, SourceFormat, SAMPLE_NAME, SAMPLE_TEXT};
use domain::formats::html::{recognise_own_export, OwnExport};
use domain::store::article_key;
use domain::workspace::Workspace;
use engines::read::{
    input::{
        check_plain_text, decode_text, format_for, is_plain_text_file, parse_checked_plain_text,
    },
    parse_plain_text, InputError,
};

use super::document::OpenDocument;
use super::saving::SaveStatus;

impl AppState {
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
        if format_for("pasted", &text) == SourceFormat::PlainText {
            let still_newest = self.begin_read();
            return self
                .show_plain_text(
                    "pasted text",
                    "pasted.txt",
                    Ok(text),
                    still_newest,
                    accepted,
                )
                .await;
        }
        match self.read_in_worker("pasted", OpenContent::Text(text)).await {
            Some(result) => self.show_read("pasted text", "pasted.txt", result),
            None => false,
        }
    }

    /// Shows plain text the page reads itself (pasted, or a `.txt` file decoded by the caller;
    /// `still_newest` from [`Self::begin_read`] when the caller began), a step per task — a megabyte is some 20–35 ms a step at a phone's speed: its checks (in
    /// the caller's task), parsed, its storage key (a hash of it), then the article shown. A
    /// refusal is said at once, and a read under way goes on; `accepted` runs when the text is
    /// taken.
    async fn show_plain_text(
        &self,
        source: &str,
        name: &str,
        text: Result<String, InputError>,
        still_newest: impl Fn() -> bool,
        accepted: impl FnOnce(),
    ) -> bool {
        let refused =
            |error: InputError| self.show_read(source, name, Err::<KeyedArticle, _>(error));
        let text = match text {
            Ok(text) => text,
            Err(error) => return refused(error),
        };
        if let Err(error) = check_plain_text(&text) {
            return refused(error);
        }
        browser::task_boundary().await;
        if !still_newest() {
            return false;
        }
        let article = match parse_checked_plain_text(&text) {
            Ok(article) => article,
            Err(error) => return refused(error),
        };
        drop(text);
        accepted();
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
                self.view.notice.set(None);
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
                self.view.show_error(format!(
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
                    self.view.show_info(format!(
                        "{name} is a print version made by an earlier version of Article Annotator: it carries no annotations that can be read back, so its article opens without them. To move your work, use a backup, the annotated page or a share link."
                    ));
                }
                return opened;
            }
            None => {}
        }
        // A plain text file is read here, like pasted text (decoded in this task, checked in
        // the next); the other formats by the readers in the engine worker.
        if is_plain_text_file(name, &bytes) {
            let still_newest = self.begin_read();
            let text = decode_text(&bytes);
            drop(bytes);
            browser::task_boundary().await;
            if !still_newest() {
                return false;
            }
            return self
                .show_plain_text(name, name, text, still_newest, || {})
                .await;
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
                self.view.notice.set(None);
                if share::open_backup(*self, backup) {
                    self.changed();
                }
                if let Some(said) = said {
                    self.view.show_info(said);
                }
                true
            }
            Err(message) => {
                self.view.show_error(format!(
                    "Could not open {name}: {message} The article that was open stays open."
                ));
                false
            }
        }
    }

    pub fn open_sample(&self) {
        self.open_article(parse_plain_text(SAMPLE_TEXT), SAMPLE_NAME);
        self.view.notice.set(None);
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
                self.view.notice.set(None);
                self.open_keyed_article(article, name, key);
                true
            }
            Err(error) => {
                self.view.show_error(format!(
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
        saving::save_outgoing(*self);
        self.engines.opened.update_value(|n| *n += 1);
        // The old article's blocks need no repaint: the new one's are all painted anew.
        self.repaint.clear();
        let document = OpenDocument::new(article, name, key);
        self.request_analysis(&document.article);
        let text_length = document.text.char_len();
        let clock = self.document.workspace.with_value(|w| w.clock().clone());
        self.document
            .workspace
            .set_value(Workspace::new(text_length, Vec::new(), clock));
        self.saving.status.set(SaveStatus::Saved);
        self.view.open_card.set(None);
        self.view.selection.set(None);
        let key = document.key.clone();
        browser::panic::set_open_key(&key);
        self.document.open.set(document);
        saving::restore(*self, &key);
        self.refresh();
        saving::pack_ahead(*self);
    }
}
