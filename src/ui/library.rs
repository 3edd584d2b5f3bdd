//! The library: the saved articles with headline, date, counts and when last opened; reopen,
//! rename, delete (with undo); the space used and left. Every change to the list is a stamped
//! write made under the store's lock (see `persistence`).

use leptos::prelude::*;

use super::saving::{delete_article, library, rename_article, undo_delete, Deleted, SaveStatus};
use super::AppState;
use crate::browser::storage;
use domain::store::{decode_article, KEY_PREFIX};

/// localStorage holds about five million UTF-16 code units per site in current browsers.
const QUOTA_UNITS: usize = 5_000_000;

#[component]
pub fn LibraryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let deleted = RwSignal::new(None::<Deleted>);
    let renaming = RwSignal::new(None::<String>);
    let new_title = RwSignal::new(String::new());

    let open = move |key: String| {
        let Some(raw) = storage::get(&key) else {
            state
                .view
                .show_error("That article is no longer saved.".into());
            return;
        };
        match decode_article(&raw) {
            Ok(saved) => state.open_article(saved.article, &saved.name),
            Err(error) => state
                .view
                .show_error(format!("That saved article could not be read: {error}.")),
        }
    };
    let delete = move |entry| delete_article(state, entry, deleted);
    let undo = move |_| {
        if let Some(gone) = deleted.get_untracked() {
            undo_delete(state, gone);
            deleted.set(None);
        }
    };
    let rename = move |key: String| {
        let title = new_title.get_untracked().trim().to_owned();
        if title.is_empty() {
            return;
        }
        rename_article(state, key, title);
        renaming.set(None);
    };

    move || {
        state.saving.library_version.get();
        let (entries, unwritable) = library();
        let used = storage::used_units(KEY_PREFIX);
        let space = format!(
            "Saved here: {} article{}, using about {} KB of roughly {} KB.",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            used * 2 / 1024,
            QUOTA_UNITS * 2 / 1024
        );
        let failed = match state.saving.status.get() {
            SaveStatus::Failed(message) => Some(message),
            SaveStatus::Blocked(blocked) => Some(blocked.message),
            _ => None,
        }
        .or(unwritable);
        let items = entries
            .into_iter()
            .map(|entry| {
                let key = entry.key.clone();
                let is_open = state.document.open.with(|d| d.key == key);
                let open_key = key.clone();
                let rename_key = key.clone();
                let editing = renaming.get().as_deref() == Some(key.as_str());
                let title = entry.title.clone();
                let entry_for_delete = entry.clone();
                let details = format!(
                    "{}{} annotations · {} notes · last opened {}",
                    if entry.published.is_empty() { String::new() } else { format!("{} · ", entry.published) },
                    entry.annotations,
                    entry.notes,
                    entry.last_opened.as_str().get(..16).unwrap_or(entry.last_opened.as_str()).replace('T', " ")
                );
                view! {
                    <li class="library-item" aria-current=is_open.then_some("true")>
                        {if editing {
                            view! {
                                <input type="text" aria-label="New title" prop:value=move || new_title.get()
                                    on:input=move |event| new_title.set(event_target_value(&event))
                                    on:keydown=move |event: leptos::ev::KeyboardEvent| if event.key() == "Enter" { rename(rename_key.clone()) } />
                            }.into_any()
                        } else {
                            view! { <p class="library-title">{title.clone()}</p> }.into_any()
                        }}
                        {(entry.headline != entry.title).then(|| view! { <p class="library-headline">{entry.headline.clone()}</p> })}
                        <p class="library-details">{details}</p>
                        <div class="card-row">
                            <button type="button" disabled=is_open on:click=move |_| open(open_key.clone())>{if is_open { "Open now" } else { "Open" }}</button>
                            <button type="button" on:click=move |_| {
                                new_title.set(title.clone());
                                renaming.set(Some(key.clone()));
                            }>"Rename"</button>
                            <button type="button" class="danger" on:click=move |_| delete(entry_for_delete.clone())>"Delete"</button>
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! {
            {failed.map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
            {move || deleted.get().map(|d| view! {
                <p class="notice notice-info" role="status">
                    {format!("Deleted “{}”. ", d.entry.title)}
                    <button type="button" on:click=undo>"Undo"</button>
                </p>
            })}
            <p class="library-space">{space}</p>
            <ul class="library">{items}</ul>
            <p class="empty">"Articles you annotate are saved here, in this browser only."</p>
        }
    }
}
