//! Where saving stands — saved, waiting, failed (the work is in this tab only), or off for this
//! article with why and what turns it back on — and the indicator beside the undo buttons.

use leptos::prelude::*;

use crate::ui::AppState;

/// Where saving stands; shown beside the undo buttons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is saved (or there is nothing to save).
    Saved,
    /// A change waits to be saved.
    Pending,
    /// The last save failed; the work is in this tab only.
    Failed(String),
    /// Saving is off for this article: why, what to do, and what turns it back on.
    Blocked(Blocked),
}

/// Why saving is off for the open article, and what turns it back on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    /// What the reader is told: why, and what they can do.
    pub message: String,
    pub resumes: Resumes,
}

/// What turns saving back on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resumes {
    /// The entry (or the library) that a newer version of the page wrote is gone, or readable
    /// here again: looked at on every storage event, when the page comes back to the front, and
    /// when the reader asks ("Check again").
    WhenNewerEntryGone,
    /// The reader downloaded the damaged entry that there was no room to keep aside.
    WhenDamagedCopyDownloaded,
}

/// "Saved", "Saving…", "Not saved": beside the undo buttons, announced politely.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (class, text, title) = match state.saving.status.get() {
            SaveStatus::Saved => (
                "save-status saved",
                "Saved",
                "Your work is saved in this browser.".to_owned(),
            ),
            SaveStatus::Pending => (
                "save-status pending",
                "Saving…",
                "Your latest change is being saved.".to_owned(),
            ),
            SaveStatus::Failed(message) => ("save-status failed", "Not saved", message),
            SaveStatus::Blocked(blocked) => ("save-status failed", "Not saved", blocked.message),
        };
        view! { <span class=class role="status" title=title data-testid="save-status">{text}</span> }
    }
}
