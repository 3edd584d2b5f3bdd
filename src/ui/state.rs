//! The application's state, split by job, each part a small type of copyable handles in its own
//! module: what the reader looks at ([`ViewState`]), the open article and the work on it
//! ([`DocumentState`]), the engine worker's jobs ([`EngineJobs`]), the repaint scheduler
//! ([`Repaint`]) and saving ([`Saving`]). [`AppState`] holds one of each and is shared through
//! context; the commands over it are in `commands.rs` and `opening.rs`.

use domain::article::{SAMPLE_NAME, SAMPLE_TEXT};
use domain::store::article_key;
use engines::read::parse_plain_text;

use super::document::{DocumentState, OpenDocument};
use super::engine_jobs::EngineJobs;
use super::repaint::Repaint;
use super::saving::Saving;
use super::view_state::ViewState;

/// The application's state, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub view: ViewState,
    pub document: DocumentState,
    pub engines: EngineJobs,
    pub repaint: Repaint,
    pub saving: Saving,
}

impl AppState {
    /// The state the page starts with: the sample open, nothing marked, nothing to save.
    pub fn at_start() -> Self {
        let sample = parse_plain_text(SAMPLE_TEXT);
        let key = article_key(&sample.text);
        AppState {
            view: ViewState::default(),
            document: DocumentState::new(OpenDocument::new(sample, SAMPLE_NAME, key)),
            engines: EngineJobs::default(),
            repaint: Repaint::default(),
            saving: Saving::default(),
        }
    }

    /// The open article's title: the reader's, else the headline, else the file name.
    pub fn title(&self) -> String {
        self.document.title()
    }
}
