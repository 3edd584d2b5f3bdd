//! Keeping the reader's work in localStorage. This file is the save itself, read top to
//! bottom as it runs: a change asks for a save ([`request_save`]: a moment after the reader
//! pauses, never more than `save_timing::MAX_WAIT_MS` after the first change not yet written);
//! the save takes the Web Lock `article-annotator/store` (two tabs never interleave one), takes
//! what is typed in the open card, snapshots the article and the reader's layer, reads the store
//! and plans the writes with the domain's [`plan_save`] (merge what is stored; keep a damaged
//! entry aside; never write over a newer version's; a library deletion stays), writes them, and
//! says how it went ("Saved", "Not saved" with why and what to do).
//!
//! Around it: `status.rs` (where saving stands, and the indicator), `other_tabs.rs` (the saves
//! on `pagehide` and when the page is hidden, which cannot wait for the lock; another tab's
//! save merged as soon as its storage event arrives; the saved work restored when an article
//! opens), `library.rs` (the list of saved articles: delete, undo, rename).

mod library;
mod other_tabs;
mod status;

pub use library::{delete_article, library, rename_article, undo_delete, Deleted};
pub use other_tabs::{install, restore};
pub use status::{Blocked, Resumes, SaveIndicator, SaveStatus};

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::document::OpenDocument;
use super::view_state::{Notice, NoticeAction, Tone};
use super::AppState;
use crate::browser::locks::{with_lock, CoalescedLock};
use crate::browser::{self, storage};
use domain::annotation::AnnotationKind;
use domain::calendar::Timestamp;
use domain::layer::ReaderLayer;
use domain::save_timing::{self, SaveSchedule};
use domain::store::{
    decode_article, encode_library, pack_text, plan_save, LibraryEntry, SavePlan, SavedArticle,
    StoreError, TextPacking, LIBRARY_KEY,
};
use domain::sync::Stamp;
use library::{published_of, read_library};

/// The Web Lock every read-modify-write of the store takes.
pub const STORE_LOCK: &str = "article-annotator/store";

/// Saving's state: copyable handles.
#[derive(Clone, Copy)]
pub struct Saving {
    /// Counts the changes to the reader's work: a save says "Saved" only if none came after
    /// the state it wrote.
    pub changes: StoredValue<u64>,
    /// The save asked for and not yet run.
    pub pending: StoredValue<PendingSave, LocalStorage>,
    /// Where saving stands (saved, waiting, failed, or off for this article).
    pub status: RwSignal<SaveStatus>,
    /// Bumped when the library changed.
    pub library_version: RwSignal<u64>,
    /// What is typed in the open card and not yet saved (saved by the next save, on blur, when
    /// the card closes and when the page is hidden).
    pub draft: StoredValue<Option<super::card::Draft>>,
}

impl Default for Saving {
    fn default() -> Self {
        Saving {
            changes: StoredValue::new(0),
            pending: StoredValue::new_local(PendingSave::default()),
            status: RwSignal::new(SaveStatus::Saved),
            library_version: RwSignal::new(0),
            draft: StoredValue::new(None),
        }
    }
}

/// The save waiting to run: when it is due, its timer, and the lock it asks for (a burst of
/// requests while another tab holds the lock is one save of the latest state).
#[derive(Default)]
pub struct PendingSave {
    schedule: SaveSchedule,
    timer: Option<Timeout>,
    lock: CoalescedLock,
}

/// Asks for the open article to be saved: a moment after the reader pauses, and at most
/// [`save_timing::MAX_WAIT_MS`] after the first change not yet written, however the reader goes
/// on (typing included: the save takes what is typed in the open card).
pub fn request_save(state: AppState) {
    if browser::panic::panicked() {
        return;
    }
    if !matches!(state.saving.status.get_untracked(), SaveStatus::Blocked(_)) {
        state.saving.status.set(SaveStatus::Pending);
    }
    let now = browser::monotonic_ms();
    let due = state
        .saving
        .pending
        .try_update_value(|pending| pending.schedule.changed(now))
        .unwrap_or(now);
    let delay = (due - now).clamp(0.0, save_timing::MAX_WAIT_MS) as u32;
    // Replacing the timer drops (cancels) the one before.
    let timer = Timeout::new(delay, move || run_requested_save(state));
    state
        .saving
        .pending
        .update_value(|pending| pending.timer = Some(timer));
}

/// Packs the open article's text for the store ahead of its first save, a slice per task (a
/// megabyte takes tens of milliseconds at a phone's speed: in the save, that task would be long).
/// Stops when another article is opened or a save packed it first.
pub fn pack_ahead(state: AppState) {
    let (article, packed) = state
        .document
        .open
        .with_untracked(|d| (d.article.clone(), d.packed_text.clone()));
    if packed.get().is_none() {
        pack_slice(
            state,
            article,
            packed,
            TextPacking::default(),
            PACK_SLICE_BYTES,
        );
    }
}

/// Bytes of text packed in the first slice; later slices are sized to the time the last took.
const PACK_SLICE_BYTES: usize = 64 * 1024;
/// How long one slice of packing may take (milliseconds).
const PACK_SLICE_MS: f64 = 10.0;

fn pack_slice(
    state: AppState,
    article: std::sync::Arc<domain::article::Article>,
    packed: std::sync::Arc<std::sync::OnceLock<String>>,
    mut packing: TextPacking,
    bytes: usize,
) {
    browser::next_task(move || {
        let still_open = state
            .document
            .open
            .try_with_untracked(|d| std::sync::Arc::ptr_eq(&d.packed_text, &packed))
            .unwrap_or(false);
        if !still_open || packed.get().is_some() {
            return;
        }
        let started = browser::monotonic_ms();
        if packing.step(&article.text, bytes) {
            let _ = packed.set(packing.finish());
            return;
        }
        let spent = (browser::monotonic_ms() - started).max(0.1);
        let next = (bytes as f64 * PACK_SLICE_MS / spent) as usize;
        pack_slice(
            state,
            article,
            packed,
            packing,
            next.clamp(8 * 1024, 1 << 20),
        );
    });
}

/// The requested save, under the store's lock: what is typed in the open card is taken first,
/// then the article is saved with every change made until the lock was granted.
fn run_requested_save(state: AppState) {
    let lock = state
        .saving
        .pending
        .with_value(|pending| pending.lock.clone());
    lock.request(STORE_LOCK, move || {
        state.flush_draft();
        forget_requested_save(state);
        save_now(state);
    });
}

/// The changes waiting are about to be saved (or were, by another way): no timer is left.
fn forget_requested_save(state: AppState) {
    state.saving.pending.update_value(|pending| {
        pending.timer = None;
        pending.schedule.saved();
    });
}

/// Saves the draft and the article at once, without the lock: the page is being hidden or
/// closed, and may not run again.
fn save_everything_now(state: AppState) {
    state.flush_draft();
    forget_requested_save(state);
    save_now(state);
}

/// What one save writes: the article as it was when the save was asked for.
struct Snapshot {
    document: OpenDocument,
    layer: ReaderLayer,
    entry: LibraryEntry,
    /// The change counter it holds the work of.
    version: u64,
}

fn snapshot(state: AppState) -> Snapshot {
    let document = state.document.open.get_untracked();
    let layer = state.document.workspace.with_value(|w| w.layer().clone());
    let annotations = state.document.annotations.get_untracked();
    let entry = LibraryEntry {
        key: document.key.clone(),
        title: state.title(),
        headline: document
            .article
            .headline()
            .unwrap_or(&document.name)
            .to_owned(),
        published: published_of(&document.article),
        annotations: annotations.list.len(),
        quotes: annotations
            .list
            .iter()
            .filter(|a| a.kind() == AnnotationKind::Quote)
            .count(),
        notes: annotations
            .list
            .iter()
            .filter(|a| !a.note.is_empty())
            .count(),
        last_opened: Timestamp::from_millis(browser::now_millis()),
        stored_chars: 0,
    };
    Snapshot {
        document,
        layer,
        entry,
        version: state.saving.changes.get_value(),
    }
}

/// Saves the open article now (read, merge, write), without waiting for the lock.
pub fn save_now(state: AppState) {
    let snapshot = snapshot(state);
    write_snapshot(state, snapshot);
}

/// Saves the article about to be closed (another is being opened), under the lock.
pub fn save_outgoing(state: AppState) {
    // The save waiting covers this article: this one takes all it would have.
    forget_requested_save(state);
    let outgoing = snapshot(state);
    with_lock(STORE_LOCK, move || write_snapshot(state, outgoing));
}

fn stamp(state: AppState) -> Stamp {
    let now = browser::now_millis();
    state
        .document
        .workspace
        .try_update_value(|w| w.tick(now))
        .unwrap_or_default()
}

/// Moves this tab's clock past a stamp read from the store, so that its next write outranks it.
fn observe(state: AppState, seen: Stamp) {
    state.document.workspace.update_value(|w| w.observe(seen));
}

fn is_open(state: AppState, key: &str) -> bool {
    state.document.open.with_untracked(|d| d.key == key)
}

fn write_snapshot(state: AppState, snapshot: Snapshot) {
    if browser::panic::panicked() {
        // After a panic the tab's state may be half-changed: nothing of it is written.
        return;
    }
    let key = snapshot.document.key.clone();
    let open = is_open(state, &key);
    if open && matches!(state.saving.status.get_untracked(), SaveStatus::Blocked(_)) {
        return;
    }
    if snapshot.layer.is_empty() {
        // No record at all, not even a deletion: nothing this tab could add to what is stored.
        if open {
            mark_saved(state, snapshot.version);
        }
        return;
    }
    let library = match read_library() {
        Ok(library) => library,
        Err(unwritable) => {
            if open {
                block(state, unwritable.to_string(), unwritable.resumes());
            }
            return;
        }
    };
    let local = SavedArticle {
        name: snapshot.document.name.clone(),
        article: (*snapshot.document.article).clone(),
        layer: snapshot.layer,
        last_opened: snapshot.entry.last_opened.clone(),
    };
    let packed = snapshot
        .document
        .packed_text
        .get_or_init(|| pack_text(&snapshot.document.article.text));
    let stored = storage::get(&key);
    let at = stamp(state);
    let plan = plan_save(
        &key,
        &local,
        packed,
        stored.as_deref(),
        &library,
        snapshot.entry,
        at,
    );
    match plan {
        SavePlan::Nothing | SavePlan::Deleted => {
            if open {
                mark_saved(state, snapshot.version);
            }
        }
        SavePlan::Newer(version) => {
            if open {
                block(
                    state,
                    format!(
                        "Your saved work on this article is not saved over: {}. This tab saves again on its own once that entry is gone.",
                        StoreError::UnknownVersion(version)
                    ),
                    Resumes::WhenNewerEntryGone,
                );
            }
        }
        SavePlan::Write(writes) => {
            if let Some((kept, raw, error)) = writes.quarantine {
                if !keep_aside(state, &key, &kept, &raw, &error) {
                    return;
                }
            }
            if let Err(error) = storage::set(&key, &writes.article_value) {
                save_failed(state, error.to_string());
                return;
            }
            if let Err(error) = storage::set(LIBRARY_KEY, &encode_library(&writes.library)) {
                save_failed(state, error.to_string());
                return;
            }
            state.saving.library_version.update(|v| *v += 1);
            if is_open(state, &key) {
                let changed = state
                    .document
                    .workspace
                    .try_update_value(|w| w.merge(&writes.merged))
                    .unwrap_or(false);
                if changed {
                    state.refresh();
                }
                mark_saved(state, snapshot.version);
            }
        }
    }
}

/// Keeps a copy of a damaged entry under its own key; returns whether it could. When it cannot,
/// saving stops (the damaged copy is the only one) and the reader can download it.
fn keep_aside(state: AppState, key: &str, kept: &str, raw: &str, error: &StoreError) -> bool {
    match storage::set(kept, raw) {
        Ok(()) => {
            state.view.notice.set(Some(Notice {
                tone: Tone::Error,
                message: format!(
                    "Your saved work on this article could not be read: {error}. The saved entry is kept aside (“{kept}”), and the article opens without it."
                ),
                action: Some(NoticeAction::DownloadRaw {
                    file_name: raw_file_name(key),
                    content: raw.to_owned(),
                }),
            }));
            true
        }
        Err(write_error) => {
            let message = format!(
                "Your saved work on this article could not be read ({error}), and there is no room to keep a copy aside ({write_error}). Nothing is saved over it until you download it."
            );
            state.saving.status.set(SaveStatus::Blocked(Blocked {
                message: message.clone(),
                resumes: Resumes::WhenDamagedCopyDownloaded,
            }));
            state.view.notice.set(Some(Notice {
                tone: Tone::Error,
                message,
                action: Some(NoticeAction::DownloadRaw {
                    file_name: raw_file_name(key),
                    content: raw.to_owned(),
                }),
            }));
            false
        }
    }
}

fn raw_file_name(key: &str) -> String {
    let id = key.rsplit('/').next().unwrap_or("entry");
    format!("damaged-saved-article-{id}.json")
}

/// Offers a damaged entry as a file; once it is downloaded, saving may go on.
pub fn download_raw(state: AppState, file_name: &str, content: &str) {
    match browser::dom::download(file_name, "application/json", content) {
        Ok(()) => {
            if let SaveStatus::Blocked(blocked) = state.saving.status.get_untracked() {
                if blocked.resumes == Resumes::WhenDamagedCopyDownloaded {
                    state.saving.status.set(SaveStatus::Pending);
                    state.saving.changes.update_value(|c| *c += 1);
                    request_save(state);
                }
            }
            state.view.notice.set(None);
        }
        Err(message) => state.view.show_error(message),
    }
}

fn block(state: AppState, message: String, resumes: Resumes) {
    let blocked = Blocked {
        message: message.clone(),
        resumes,
    };
    if state.saving.status.get_untracked() != SaveStatus::Blocked(blocked.clone()) {
        state.saving.status.set(SaveStatus::Blocked(blocked));
        state.view.notice.set(Some(Notice {
            tone: Tone::Error,
            message,
            action: Some(NoticeAction::DownloadBackup),
        }));
    }
}

/// Saving stopped because a newer version of the page wrote this article's entry (or the
/// library): if that entry is gone now, or readable here, saving starts again with a save of
/// everything this tab holds, and the reader is told. Returns whether it did.
pub fn resume_if_unblocked(state: AppState) -> bool {
    let SaveStatus::Blocked(blocked) = state.saving.status.get_untracked() else {
        return false;
    };
    if blocked.resumes != Resumes::WhenNewerEntryGone || browser::panic::panicked() {
        return false;
    }
    let key = state.document.open.with_untracked(|d| d.key.clone());
    let entry_readable = match storage::get(&key) {
        None => true,
        Some(raw) => !matches!(decode_article(&raw), Err(StoreError::UnknownVersion(_))),
    };
    if !entry_readable || read_library().is_err() {
        return false;
    }
    state.saving.status.set(SaveStatus::Pending);
    if state
        .view
        .notice
        .get_untracked()
        .is_some_and(|notice| notice.message == blocked.message)
    {
        state.view.show_info(
            "The newer version's entry is gone: this tab saves your work again.".to_owned(),
        );
    }
    state.saving.changes.update_value(|c| *c += 1);
    request_save(state);
    true
}

fn save_failed(state: AppState, message: String) {
    state.saving.status.set(SaveStatus::Failed(message.clone()));
    state.view.notice.set(Some(Notice {
        tone: Tone::Error,
        message,
        action: Some(NoticeAction::DownloadBackup),
    }));
}

fn mark_saved(state: AppState, version: u64) {
    let was = state.saving.status.get_untracked();
    if let SaveStatus::Failed(message) = &was {
        // The store has room again: the warning about it goes.
        if state
            .view
            .notice
            .get_untracked()
            .is_some_and(|n| &n.message == message)
        {
            state.view.notice.set(None);
        }
    }
    let typing = state
        .saving
        .draft
        .with_value(|d| d.as_ref().is_some_and(|d| d.unsaved));
    if state.saving.changes.get_value() == version && !typing {
        state.saving.status.set(SaveStatus::Saved);
    } else if matches!(was, SaveStatus::Failed(_)) {
        state.saving.status.set(SaveStatus::Pending);
    }
}
