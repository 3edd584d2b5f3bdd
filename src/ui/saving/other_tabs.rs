//! The saves that cannot wait for the lock (on `pagehide`, and when the page is hidden: the page
//! may not run again), another tab's save merged as soon as its storage event arrives (this tab
//! saves again if it holds work the store lacks), and the saved work restored when an article
//! opens.

use leptos::ev;
use leptos::prelude::*;

use super::library::touch_library;
use super::{block, is_open, keep_aside, resume_if_unblocked, save_everything_now, Resumes};
use crate::browser::{self, storage};
use crate::ui::AppState;
use domain::store::{decode_article, quarantine_key, store_lacks, StoreError, LIBRARY_KEY};

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

/// Brings back the reader's saved work on the article just opened.
pub fn restore(state: AppState, key: &str) {
    let Some(raw) = storage::get(key) else { return };
    match decode_article(&raw) {
        Ok(saved) => {
            state.document.workspace.update_value(|w| w.load(saved.layer));
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
        state.saving.library_version.update(|v| *v += 1);
        resume_if_unblocked(state);
        return;
    };
    if key == LIBRARY_KEY {
        state.saving.library_version.update(|v| *v += 1);
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
                .document.workspace
                .try_update_value(|w| w.merge(&theirs.layer))
                .unwrap_or(false);
            if changed {
                state.refresh();
            }
            // Asked of the store as it is now, not of the event: a `pagehide` save (no lock) may
            // have been overwritten since by a save that read the store before it.
            let stored = storage::get(&key);
            let lacks = state
                .document.workspace
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
