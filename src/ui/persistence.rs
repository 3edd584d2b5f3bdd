//! Keeping the reader's work in localStorage: every committed change is saved within half a
//! second (deletions and undos included), and when the page is hidden; the saved work comes back
//! when the article is opened again; another tab's save is merged as soon as its storage event
//! arrives, without touching this tab's undo history.
//!
//! A save is read, merge, write ([`plan_save`]) under the Web Lock `article-annotator/store`, so
//! two tabs never interleave one; the save on `pagehide` cannot wait for a lock and runs at once
//! (a tab that hears it as a storage event and finds the store lacking what it now holds saves
//! again, which repairs an overlap). A stored entry that cannot be read is kept aside under a key
//! of its own before anything replaces it — and if that copy cannot be written, nothing replaces
//! it and the reader is offered the raw text as a download. An entry of a newer schema is never
//! overwritten: saving stops for that article and the reader is told. A full store keeps the
//! work in the tab and offers a backup.

use gloo_timers::callback::Timeout;
use leptos::ev;
use leptos::prelude::*;

use super::{AppState, Notice, NoticeAction, OpenDocument, Tone};
use crate::browser::locks::{with_lock, CoalescedLock};
use crate::browser::{self, storage};
use domain::annotation::AnnotationKind;
use domain::layer::ReaderLayer;
use domain::save_timing::{self, SaveSchedule};
use domain::store::{
    decode_article, decode_library, encode_article, encode_library, newest_stored, pack_text,
    plan_save, quarantine_key, store_lacks, Library, LibraryEntry, SavePlan, SavedArticle,
    StoreError, ARTICLE_PREFIX, LIBRARY_KEY,
};
use domain::sync::{rfc3339_from_millis, Register, Stamp};

/// The Web Lock every read-modify-write of the store takes.
pub const STORE_LOCK: &str = "article-annotator/store";

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

/// Wires saving: on `pagehide` and when the page is hidden, and merging from other tabs (saves
/// after changes are asked for by [`request_save`]).
pub fn install(state: AppState) {
    let hide = window_event_listener(ev::pagehide, move |_| {
        if browser::panic::panicked() {
            return;
        }
        save_everything_now(state);
    });
    let visibility = window_event_listener(ev::visibilitychange, move |_| {
        if browser::panic::panicked() {
            return;
        }
        if browser::page::hidden() {
            save_everything_now(state);
        } else {
            // Back in front: a newer entry that stopped saving may have gone meanwhile.
            resume_if_unblocked(state);
        }
    });
    let other_tab = window_event_listener(ev::storage, move |event| on_other_tab(state, &event));
    // The page lives as long as the app; the listeners too.
    std::mem::forget((hide, visibility, other_tab));
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
    if !matches!(state.save_status.get_untracked(), SaveStatus::Blocked(_)) {
        state.save_status.set(SaveStatus::Pending);
    }
    let now = browser::monotonic_ms();
    let due = state
        .pending_save
        .try_update_value(|pending| pending.schedule.changed(now))
        .unwrap_or(now);
    let delay = (due - now).clamp(0.0, save_timing::MAX_WAIT_MS) as u32;
    // Replacing the timer drops (cancels) the one before.
    let timer = Timeout::new(delay, move || run_requested_save(state));
    state
        .pending_save
        .update_value(|pending| pending.timer = Some(timer));
}

/// The requested save, under the store's lock: what is typed in the open card is taken first,
/// then the article is saved with every change made until the lock was granted.
fn run_requested_save(state: AppState) {
    let lock = state
        .pending_save
        .with_value(|pending| pending.lock.clone());
    lock.request(STORE_LOCK, move || {
        state.flush_draft();
        forget_requested_save(state);
        save_now(state);
    });
}

/// The changes waiting are about to be saved (or were, by another way): no timer is left.
fn forget_requested_save(state: AppState) {
    state.pending_save.update_value(|pending| {
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
    let document = state.doc.get_untracked();
    let layer = state.workspace.with_value(|w| w.layer().clone());
    let annotations = state.annotations.get_untracked();
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
            .filter(|a| a.kind == AnnotationKind::Quote)
            .count(),
        notes: annotations
            .list
            .iter()
            .filter(|a| !a.note.is_empty())
            .count(),
        last_opened: rfc3339_from_millis(browser::now_millis()),
        stored_chars: 0,
    };
    Snapshot {
        document,
        layer,
        entry,
        version: state.changes.get_value(),
    }
}

/// Saves the open article now (read, merge, write), without waiting for the lock.
pub fn save_now(state: AppState) {
    write_snapshot(state, snapshot(state));
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
        .workspace
        .try_update_value(|w| w.tick(now))
        .unwrap_or_default()
}

/// Moves this tab's clock past a stamp read from the store, so that its next write outranks it.
fn observe(state: AppState, seen: Stamp) {
    state.workspace.update_value(|w| w.observe(seen));
}

fn is_open(state: AppState, key: &str) -> bool {
    state.doc.with_untracked(|d| d.key == key)
}

fn write_snapshot(state: AppState, snapshot: Snapshot) {
    if browser::panic::panicked() {
        // After a panic the tab's state may be half-changed: nothing of it is written.
        return;
    }
    let key = snapshot.document.key.clone();
    let open = is_open(state, &key);
    if open && matches!(state.save_status.get_untracked(), SaveStatus::Blocked(_)) {
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
        Err(message) => {
            if open {
                block(state, message, Resumes::WhenNewerEntryGone);
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
    match plan_save(
        &key,
        &local,
        packed,
        stored.as_deref(),
        &library,
        snapshot.entry,
        at,
    ) {
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
            state.library_version.update(|v| *v += 1);
            if is_open(state, &key) {
                let changed = state
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
            state.notice.set(Some(Notice {
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
            state.save_status.set(SaveStatus::Blocked(Blocked {
                message: message.clone(),
                resumes: Resumes::WhenDamagedCopyDownloaded,
            }));
            state.notice.set(Some(Notice {
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
            if let SaveStatus::Blocked(blocked) = state.save_status.get_untracked() {
                if blocked.resumes == Resumes::WhenDamagedCopyDownloaded {
                    state.save_status.set(SaveStatus::Pending);
                    state.changes.update_value(|c| *c += 1);
                    request_save(state);
                }
            }
            state.notice.set(None);
        }
        Err(message) => state.show_error(message),
    }
}

fn block(state: AppState, message: String, resumes: Resumes) {
    let blocked = Blocked {
        message: message.clone(),
        resumes,
    };
    if state.save_status.get_untracked() != SaveStatus::Blocked(blocked.clone()) {
        state.save_status.set(SaveStatus::Blocked(blocked));
        state.notice.set(Some(Notice {
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
    let SaveStatus::Blocked(blocked) = state.save_status.get_untracked() else {
        return false;
    };
    if blocked.resumes != Resumes::WhenNewerEntryGone || browser::panic::panicked() {
        return false;
    }
    let key = state.doc.with_untracked(|d| d.key.clone());
    let entry_readable = match storage::get(&key) {
        None => true,
        Some(raw) => !matches!(decode_article(&raw), Err(StoreError::UnknownVersion(_))),
    };
    if !entry_readable || read_library().is_err() {
        return false;
    }
    state.save_status.set(SaveStatus::Pending);
    if state
        .notice
        .get_untracked()
        .is_some_and(|notice| notice.message == blocked.message)
    {
        state.show_info(
            "The newer version's entry is gone: this tab saves your work again.".to_owned(),
        );
    }
    state.changes.update_value(|c| *c += 1);
    request_save(state);
    true
}

fn save_failed(state: AppState, message: String) {
    state.save_status.set(SaveStatus::Failed(message.clone()));
    state.notice.set(Some(Notice {
        tone: Tone::Error,
        message,
        action: Some(NoticeAction::DownloadBackup),
    }));
}

fn mark_saved(state: AppState, version: u64) {
    let was = state.save_status.get_untracked();
    if let SaveStatus::Failed(message) = &was {
        // The store has room again: the warning about it goes.
        if state
            .notice
            .get_untracked()
            .is_some_and(|n| &n.message == message)
        {
            state.notice.set(None);
        }
    }
    let typing = state
        .draft
        .with_value(|d| d.as_ref().is_some_and(|d| d.unsaved));
    if state.changes.get_value() == version && !typing {
        state.save_status.set(SaveStatus::Saved);
    } else if matches!(was, SaveStatus::Failed(_)) {
        state.save_status.set(SaveStatus::Pending);
    }
}

fn published_of(article: &domain::article::Article) -> String {
    use domain::article::BlockKind;
    [BlockKind::Published, BlockKind::PageDate]
        .into_iter()
        .find_map(|kind| {
            article
                .first(kind)
                .map(|b| article.slice(b.span).to_owned())
        })
        .unwrap_or_default()
}

/// The library as stored, with any saved article it does not know of listed again (a lost
/// update of the list never hides an article). `Err` says why it must not be written: it is of a
/// newer schema, or damaged and impossible to keep aside.
fn read_library() -> Result<Library, String> {
    let library = match storage::get(LIBRARY_KEY) {
        None => Library::default(),
        Some(raw) => match decode_library(&raw) {
            Ok(library) => library,
            Err(StoreError::UnknownVersion(version)) => {
                return Err(format!(
                    "The list of saved articles was written by a newer version of Article Annotator (schema {version}); nothing is saved here until you open the newest version of the page. Download a backup to keep what you do now."
                ))
            }
            Err(error) => {
                let kept = quarantine_key(LIBRARY_KEY, &raw);
                storage::set(&kept, &raw).map_err(|write_error| {
                    format!("The list of saved articles is damaged ({error}) and there is no room to keep a copy aside ({write_error}); nothing is saved until there is room.")
                })?;
                Library::default()
            }
        },
    };
    Ok(reconciled(library))
}

fn reconciled(mut library: Library) -> Library {
    for key in storage::keys() {
        if !key.starts_with(ARTICLE_PREFIX) || library.knows(&key) {
            continue;
        }
        let Some(raw) = storage::get(&key) else {
            continue;
        };
        let Ok(saved) = decode_article(&raw) else {
            continue;
        };
        let notes = saved
            .layer
            .live_annotations()
            .filter(|a| !a.note.is_empty())
            .count();
        library.put(
            LibraryEntry {
                key: key.clone(),
                title: saved.title(),
                headline: saved.article.headline().unwrap_or(&saved.name).to_owned(),
                published: published_of(&saved.article),
                annotations: saved.layer.live_annotations().count(),
                quotes: 0,
                notes,
                last_opened: saved.last_opened.clone(),
                stored_chars: raw.encode_utf16().count(),
            },
            Stamp::ORIGIN,
        );
    }
    library
}

/// The saved articles, the most recently opened first; and a message if the list cannot be
/// written here.
pub fn library() -> (Vec<LibraryEntry>, Option<String>) {
    match read_library() {
        Ok(library) => (library.live().into_iter().cloned().collect(), None),
        Err(message) => (Vec::new(), Some(message)),
    }
}

/// Changes the library under the lock (read, change, write). `change` stamps its writes with
/// `stamp()`, called after it has observed whatever else its write must outrank: the stamp is
/// later than everything this tab wrote or read, the library's records included (another tab's
/// clock may run ahead of this one, and a write must outrank the record it replaces).
fn change_library(
    state: AppState,
    change: impl FnOnce(&mut Library, &dyn Fn() -> Stamp) -> Result<(), String> + 'static,
) {
    with_lock(STORE_LOCK, move || {
        if browser::panic::panicked() {
            return;
        }
        let result = read_library().and_then(|mut library| {
            observe(state, library.newest());
            change(&mut library, &|| stamp(state))?;
            storage::set(LIBRARY_KEY, &encode_library(&library)).map_err(|e| e.to_string())
        });
        if let Err(message) = result {
            state.show_error(message);
        }
        state.library_version.update(|v| *v += 1);
    });
}

/// An article deleted from the library, kept so that the deletion can be undone.
#[derive(Clone, Debug)]
pub struct Deleted {
    pub entry: LibraryEntry,
    pub raw: String,
}

/// Deletes an article from the library: a stamped tombstone in the list (so no tab's save brings
/// it back with the work it had), and its entry removed. `deleted` receives what undo needs.
pub fn delete_article(state: AppState, entry: LibraryEntry, deleted: RwSignal<Option<Deleted>>) {
    change_library(state, move |library, stamp| {
        let raw = storage::get(&entry.key);
        // The tombstone outranks every record it deletes, so that no tab still holding them
        // (its clock running ahead of this one) brings the article back by saving them.
        observe(state, newest_stored(raw.as_deref()));
        library.delete(&entry.key, stamp());
        storage::remove(&entry.key);
        deleted.set(Some(Deleted {
            entry,
            raw: raw.unwrap_or_default(),
        }));
        Ok(())
    });
}

/// Undoes a deletion: the entry comes back (merged with anything saved there since) and the
/// library lists it again, by a write newer than the deletion.
pub fn undo_delete(state: AppState, gone: Deleted) {
    change_library(state, move |library, stamp| {
        let value = match (storage::get(&gone.entry.key), decode_article(&gone.raw)) {
            (Some(current), Ok(mut old)) => match decode_article(&current) {
                Ok(now) => {
                    old.layer.merge(&now.layer);
                    encode_article(&old)
                }
                Err(_) => gone.raw.clone(),
            },
            _ => gone.raw.clone(),
        };
        storage::set(&gone.entry.key, &value).map_err(|e| e.to_string())?;
        library.put(gone.entry, stamp());
        Ok(())
    });
}

/// Gives a saved article the reader's title: the open one through its workspace (undoable, saved
/// as any change), another one in the store.
pub fn rename_article(state: AppState, key: String, title: String) {
    if is_open(state, &key) {
        state.set_title(Some(title));
        return;
    }
    change_library(state, move |library, stamp| {
        let raw = storage::get(&key).ok_or("That article is no longer saved.")?;
        let mut saved = decode_article(&raw)
            .map_err(|e| format!("That saved article could not be read: {e}."))?;
        let at = stamp();
        saved.layer.title = Some(Register::new(at, Some(title.clone())));
        let value = encode_article(&saved);
        storage::set(&key, &value).map_err(|e| e.to_string())?;
        if let Some(mut entry) = library.entry(&key).cloned() {
            entry.title = title;
            entry.stored_chars = value.encode_utf16().count();
            library.put(entry, at);
        }
        Ok(())
    });
}

/// Moves the library entry of an article to the top with a new "last opened".
fn touch_library(state: AppState, key: &str) {
    let key = key.to_owned();
    change_library(state, move |library, stamp| {
        if let Some(mut entry) = library.entry(&key).cloned() {
            entry.last_opened = rfc3339_from_millis(browser::now_millis());
            library.put(entry, stamp());
        }
        Ok(())
    });
}

/// Brings back the reader's saved work on the article just opened.
pub fn restore(state: AppState, key: &str) {
    let Some(raw) = storage::get(key) else { return };
    match decode_article(&raw) {
        Ok(saved) => {
            state.workspace.update_value(|w| w.load(saved.layer));
            touch_library(state, key);
        }
        Err(StoreError::UnknownVersion(version)) => block(
            state,
            format!(
                "Your saved work on this article could not be opened: {}. This tab saves again on its own once that entry is gone.",
                StoreError::UnknownVersion(version)
            ),
            Resumes::WhenNewerEntryGone,
        ),
        Err(error) => {
            let kept = quarantine_key(key, &raw);
            keep_aside(state, key, &kept, &raw, &error);
        }
    }
}

/// Another tab saved: merge its work on the open article into this tab's (the undo history
/// stays), and save the union if this tab holds work the store lacks.
fn on_other_tab(state: AppState, event: &ev::StorageEvent) {
    let Some(key) = event.key() else {
        // The whole store was cleared.
        state.library_version.update(|v| *v += 1);
        resume_if_unblocked(state);
        return;
    };
    if key == LIBRARY_KEY {
        state.library_version.update(|v| *v += 1);
        resume_if_unblocked(state);
        return;
    }
    if !is_open(state, &key) {
        return;
    }
    let Some(value) = event.new_value() else {
        // Deleted from the library in another tab: this tab's saves check the library's
        // tombstone. An entry of a newer version that stopped this tab's saves is gone.
        resume_if_unblocked(state);
        return;
    };
    // An entry of a newer version replaced by one this version reads: saving goes on (and
    // the merge below takes its work).
    resume_if_unblocked(state);
    match decode_article(&value) {
        Ok(theirs) => {
            let changed = state
                .workspace
                .try_update_value(|w| w.merge(&theirs.layer))
                .unwrap_or(false);
            if changed {
                state.refresh();
            }
            // Asked of the store as it is now, not of the event: a `pagehide` save (no lock) may
            // have been overwritten since by a save that read the store before it.
            let stored = storage::get(&key);
            let lacks = state
                .workspace
                .with_value(|w| store_lacks(w.layer(), stored.as_deref(), &value, &theirs.layer));
            if lacks {
                state.changed_elsewhere();
            }
        }
        Err(StoreError::UnknownVersion(version)) => block(
            state,
            format!(
                "Another tab saved this article with a newer version of Article Annotator: {}. This tab saves again on its own once that entry is gone.",
                StoreError::UnknownVersion(version)
            ),
            Resumes::WhenNewerEntryGone,
        ),
        // Damaged by another program: the next save keeps it aside and writes this tab's work.
        Err(_) => state.changed_elsewhere(),
    }
}

/// "Saved", "Saving…", "Not saved": beside the undo buttons, announced politely.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (class, text, title) = match state.save_status.get() {
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
