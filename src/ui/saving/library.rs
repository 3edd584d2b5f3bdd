//! The library: the list of saved articles, one stamped record per article. Every change is a
//! read, change, write under the store's lock; a deleted article is a tombstone, so no tab's save
//! brings it back with the work it had; a lost update of the list never hides an article.

use leptos::prelude::*;

use super::{is_open, observe, stamp, STORE_LOCK};
use crate::browser::locks::with_lock;
use crate::browser::{self, storage};
use crate::ui::AppState;
use domain::calendar::Timestamp;
use domain::store::{
    decode_article, decode_library, encode_article, encode_library, newest_stored, quarantine_key,
    Library, LibraryEntry, StoreError, ARTICLE_PREFIX, LIBRARY_KEY,
};
use domain::sync::{Register, Stamp};

pub(super) fn published_of(article: &domain::article::Article) -> String {
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

/// Why the list of saved articles must not be written now: what the save tells the reader, and
/// what turns saving back on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibraryUnwritable {
    /// A newer version of the page wrote it (its schema).
    Newer { schema: u32 },
    /// It is damaged, and there is no room to keep a copy of it aside.
    DamagedWithoutRoom { damage: String, write: String },
}

impl LibraryUnwritable {
    /// What turns saving back on: the newer list gone, or room in the store (both looked for by
    /// reading the list again).
    pub fn resumes(&self) -> super::Resumes {
        super::Resumes::WhenNewerEntryGone
    }
}

impl std::fmt::Display for LibraryUnwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LibraryUnwritable::Newer { schema } => write!(
                f,
                "The list of saved articles was written by a newer version of Article Annotator (schema {schema}); nothing is saved here until you open the newest version of the page. Download a backup to keep what you do now."
            ),
            LibraryUnwritable::DamagedWithoutRoom { damage, write } => write!(
                f,
                "The list of saved articles is damaged ({damage}) and there is no room to keep a copy aside ({write}); nothing is saved until there is room."
            ),
        }
    }
}

/// The library as stored, with any saved article it does not know of listed again (a lost
/// update of the list never hides an article); or why it must not be written.
pub(super) fn read_library() -> Result<Library, LibraryUnwritable> {
    let library = match storage::get(LIBRARY_KEY) {
        None => Library::default(),
        Some(raw) => match decode_library(&raw) {
            Ok(library) => library,
            Err(StoreError::UnknownVersion(schema)) => {
                return Err(LibraryUnwritable::Newer { schema })
            }
            Err(error) => {
                let kept = quarantine_key(LIBRARY_KEY, &raw);
                storage::set(&kept, &raw).map_err(|write_error| {
                    LibraryUnwritable::DamagedWithoutRoom {
                        damage: error.to_string(),
                        write: write_error.to_string(),
                    }
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
        Err(unwritable) => (Vec::new(), Some(unwritable.to_string())),
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
        let result = read_library()
            .map_err(|e| e.to_string())
            .and_then(|mut library| {
                observe(state, library.newest());
                change(&mut library, &|| stamp(state))?;
                storage::set(LIBRARY_KEY, &encode_library(&library)).map_err(|e| e.to_string())
            });
        if let Err(message) = result {
            state.view.show_error(message);
        }
        state.saving.library_version.update(|v| *v += 1);
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
pub(super) fn touch_library(state: AppState, key: &str) {
    let key = key.to_owned();
    change_library(state, move |library, stamp| {
        if let Some(mut entry) = library.entry(&key).cloned() {
            entry.last_opened = Timestamp::from_millis(browser::now_millis());
            library.put(entry, stamp());
        }
        Ok(())
    });
}
