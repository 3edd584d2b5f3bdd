//! Keeping the reader's work: saved to localStorage within a second of a change and when the
//! page is hidden, restored when the same article is opened again, merged when another tab
//! changes it, and never lost to a full or damaged store (the reader is told, the work stays in
//! the tab, an unreadable entry is kept aside).

use leptos::ev;
use leptos::prelude::*;

use super::{AppState, Notice, Tone};
use crate::browser::{self, storage};
use crate::domain::store::{
    decode_article, decode_library, encode_article_with, encode_library, merge_layers, pack_text,
    quarantine_key, LibraryEntry, SavedArticle, KEY_PREFIX, LIBRARY_KEY,
};
use crate::domain::workspace::Workspace;

/// How long after a change the save happens, in milliseconds.
const SAVE_DELAY_MS: i32 = 400;

/// Wires saving: after changes, on `pagehide`, and merging from other tabs.
pub fn install(state: AppState) {
    let pending = StoredValue::new(0u64);
    Effect::new(move |_| {
        let version = state.dirty.get();
        if version == 0 {
            return;
        }
        pending.set_value(version);
        let save = wasm_bindgen::closure::Closure::once_into_js(move || {
            // Only the latest change saves; earlier timers find a newer version pending.
            if pending.get_value() == version {
                save_now(state);
            }
        });
        if let Some(window) = web_sys::window() {
            use wasm_bindgen::JsCast;
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                save.unchecked_ref(),
                SAVE_DELAY_MS,
            );
        }
    });
    let hide = window_event_listener(ev::pagehide, move |_| save_now(state));
    let other_tab = window_event_listener(ev::storage, move |event| on_other_tab(state, &event));
    // The page lives as long as the app; the listeners too.
    std::mem::forget((hide, other_tab));
}

/// Whether anything of the reader's is in the workspace.
fn has_work(workspace: &Workspace) -> bool {
    let layer = workspace.layer();
    !layer.annotations.is_empty()
        || !layer.overrides.is_empty()
        || !layer.renames.is_empty()
        || !layer.orphans.is_empty()
}

/// Saves the open article now (if the reader has work on it or it is in the library).
pub fn save_now(state: AppState) {
    let document = state.doc.get_untracked();
    let saved_before = storage::get(&document.key).is_some();
    let Some(layer) = state
        .workspace
        .try_with_value(|w| has_work(w).then(|| w.layer().clone()))
        .flatten()
    else {
        if saved_before {
            touch_library(state, &document.key);
        }
        return;
    };
    let saved = SavedArticle {
        name: document.name.clone(),
        title: document.title.clone(),
        article: (*document.article).clone(),
        layer,
        last_opened: browser::now(),
    };
    let packed = document
        .packed_text
        .get_or_init(|| pack_text(&document.article.text));
    let encoded = encode_article_with(&saved, packed);
    match storage::set(&document.key, &encoded) {
        Ok(()) => {
            if state.save_failed.get_untracked().is_some() {
                state.save_failed.set(None);
                state.notice.set(None);
            }
            let annotations = state.annotations.get_untracked();
            let entry = LibraryEntry {
                key: document.key.clone(),
                title: document.title.clone(),
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
                    .filter(|a| a.kind == crate::domain::annotation::AnnotationKind::Quote)
                    .count(),
                notes: annotations
                    .list
                    .iter()
                    .filter(|a| !a.note.is_empty())
                    .count(),
                last_opened: saved.last_opened.clone(),
                stored_chars: encoded.encode_utf16().count(),
            };
            update_library(state, |entries| {
                entries.retain(|e| e.key != entry.key);
                entries.insert(0, entry);
            });
        }
        Err(error) => {
            let message = error.to_string();
            state.save_failed.set(Some(message.clone()));
            state.notice.set(Some(Notice {
                tone: Tone::Error,
                message,
            }));
        }
    }
}

fn published_of(article: &crate::domain::article::Article) -> String {
    use crate::domain::article::BlockKind;
    [BlockKind::Published, BlockKind::PageDate]
        .into_iter()
        .find_map(|kind| {
            article
                .first(kind)
                .map(|b| article.slice(b.span).to_owned())
        })
        .unwrap_or_default()
}

/// Moves the library entry of an article to the top with a new "last opened".
fn touch_library(state: AppState, key: &str) {
    let now = browser::now();
    update_library(state, |entries| {
        if let Some(position) = entries.iter().position(|e| e.key == key) {
            let mut entry = entries.remove(position);
            entry.last_opened = now.clone();
            entries.insert(0, entry);
        }
    });
}

/// The library list; a damaged list is kept aside and rebuilt from the saved articles.
pub fn library() -> Vec<LibraryEntry> {
    let Some(raw) = storage::get(LIBRARY_KEY) else {
        return rebuild_library();
    };
    match decode_library(&raw) {
        Ok(entries) => entries,
        Err(_) => {
            let _ = storage::set(&quarantine_key(LIBRARY_KEY), &raw);
            rebuild_library()
        }
    }
}

/// The library made again from the saved articles themselves.
fn rebuild_library() -> Vec<LibraryEntry> {
    let prefix = format!("{KEY_PREFIX}article/");
    storage::keys()
        .into_iter()
        .filter(|key| key.starts_with(&prefix))
        .filter_map(|key| {
            let raw = storage::get(&key)?;
            let saved = decode_article(&raw).ok()?;
            Some(LibraryEntry {
                key,
                title: saved.title.clone(),
                headline: saved.article.headline().unwrap_or(&saved.name).to_owned(),
                published: published_of(&saved.article),
                annotations: saved.layer.annotations.len(),
                quotes: 0,
                notes: saved
                    .layer
                    .annotations
                    .iter()
                    .filter(|a| !a.note.is_empty())
                    .count(),
                last_opened: saved.last_opened,
                stored_chars: raw.encode_utf16().count(),
            })
        })
        .collect()
}

pub fn update_library(state: AppState, change: impl FnOnce(&mut Vec<LibraryEntry>)) {
    let mut entries = library();
    change(&mut entries);
    if let Err(error) = storage::set(LIBRARY_KEY, &encode_library(&entries)) {
        state.save_failed.set(Some(error.to_string()));
    }
    state.library_version.update(|v| *v += 1);
}

/// Brings back the reader's saved work on the article just opened.
pub fn restore(state: AppState, key: &str) {
    let Some(raw) = storage::get(key) else { return };
    match decode_article(&raw) {
        Ok(saved) => {
            state.workspace.update_value(|w| w.restore(saved.layer));
            state.doc.update(|doc| {
                if !saved.title.is_empty() {
                    doc.title = saved.title;
                }
            });
            touch_library(state, key);
        }
        Err(error) => {
            // Keep the raw value where nothing overwrites it, and go on without it.
            let kept = quarantine_key(key);
            let _ = storage::set(&kept, &raw);
            state.notice.set(Some(Notice {
                tone: Tone::Error,
                message: format!(
                    "Your saved work on this article could not be read: {error}. The saved entry is kept aside (“{kept}”) and the article opens without it."
                ),
            }));
        }
    }
}

/// Another tab saved: merge its work on the open article into this tab's.
fn on_other_tab(state: AppState, event: &web_sys::StorageEvent) {
    let Some(key) = event.key() else { return };
    if key == LIBRARY_KEY {
        state.library_version.update(|v| *v += 1);
        return;
    }
    if key != state.doc.with_untracked(|d| d.key.clone()) {
        return;
    }
    let Some(value) = event.new_value() else {
        return;
    };
    let Ok(theirs) = decode_article(&value) else {
        return;
    };
    let ours = state.workspace.with_value(|w| w.layer().clone());
    let merged = merge_layers(&ours, &theirs.layer);
    if merged != ours {
        state.workspace.update_value(|w| w.restore(merged.clone()));
        state.refresh();
    }
    if merged != theirs.layer {
        // This tab had work the other did not: save the union so both converge.
        state.dirty.update(|d| *d += 1);
    }
}
