//! The exports: a share link and the W3C annotations copied to the clipboard, and the files
//! offered for download — the annotated page (the whole app with this article and its work), a
//! print version, W3C JSON-LD, CSV, a Markdown report and a backup. Every file is made from the
//! open article and its annotations as shown (the orphans too), named from the article's title.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{current_backup, file_stem, offer, orphans, single_file_app};
use crate::browser::{self, dom};
use crate::ui::AppState;
use domain::formats::html::{embed_in_app, print_page};
use domain::formats::share::{encode_share, MAX_FRAGMENT_CHARS};
use domain::formats::{csv, report::report, w3c};

/// A file the Share panel offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Export {
    PrintVersion,
    W3c,
    Csv,
    Report,
}

impl Export {
    /// The file's name (after the article's title), its type and its content.
    fn file(self, state: AppState) -> (String, &'static str, String) {
        let document = state.document.open.get_untracked();
        let list = state.document.annotations.get_untracked().values();
        let stem = file_stem(state);
        let title = state.title();
        match self {
            Export::PrintVersion => (
                format!("{stem}.print.html"),
                "text/html",
                print_page(
                    &title,
                    &document.article,
                    &document.text,
                    &list,
                    &current_backup(state),
                ),
            ),
            Export::W3c => (
                format!("{stem}.annotations.jsonld"),
                "application/ld+json",
                w3c_json(state),
            ),
            Export::Csv => (
                format!("{stem}.annotations.csv"),
                "text/csv",
                csv::document(
                    &list,
                    &orphans(state),
                    &document.article.text,
                    &document.name,
                ),
            ),
            Export::Report => (
                format!("{stem}.report.md"),
                "text/markdown",
                report(
                    &title,
                    &document.name,
                    &document.text,
                    &list,
                    &orphans(state),
                ),
            ),
        }
    }
}

/// The open article's annotations (and orphans) as a W3C collection, pretty-printed.
fn w3c_json(state: AppState) -> String {
    let document = state.document.open.get_untracked();
    let list = state.document.annotations.get_untracked().values();
    let (orphans, title) = (orphans(state), state.title());
    w3c::collection(&list, &orphans, &document.article.text, &title).to_pretty_json()
}

/// Copies a share link (the article and the reader's work in its fragment) or the W3C
/// annotations to the clipboard, and says how it went.
#[component]
pub fn ShareLinks() -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = RwSignal::new(None::<String>);
    let copy = move |text: String, done: String| {
        spawn_local(async move {
            match dom::copy_to_clipboard(&text).await {
                Ok(()) => status.set(Some(done)),
                Err(message) => status.set(Some(message)),
            }
        });
    };
    let copy_link = move |_| {
        // The link carries the text and the reader's layer only: the page that opens it runs the
        // same engines.
        let fragment = encode_share(&current_backup(state));
        if fragment.len() > MAX_FRAGMENT_CHARS {
            status.set(Some(format!(
                "This article is too long for a share link ({} MB; links hold up to {} MB). Send the annotated page or a backup instead.",
                fragment.len() / 1_048_576 + 1,
                MAX_FRAGMENT_CHARS / 1_048_576
            )));
            return;
        }
        let Some(base) = browser::page::address_without_fragment() else {
            return;
        };
        let link = format!("{base}#{fragment}");
        let done = format!("Share link copied ({} KB). Anyone who opens it sees this article and its annotations; nothing is sent to a server.", link.len() / 1024 + 1);
        copy(link, done);
    };
    let copy_w3c = move |_| {
        copy(
            w3c_json(state),
            "W3C annotations copied to the clipboard.".into(),
        )
    };
    view! {
        <h3>"Share"</h3>
        <button type="button" on:click=copy_link>"Copy share link"</button>
        <button type="button" on:click=copy_w3c>"Copy W3C annotations"</button>
        {move || status.get().map(|message| view! { <p class="status" role="status">{message}</p> })}
    }
}

/// The files offered for download.
#[component]
pub fn Downloads() -> impl IntoView {
    let state = expect_context::<AppState>();
    let download = move |export: Export| {
        move |_| {
            let (name, mime, content) = export.file(state);
            offer(state, name, mime, content);
        }
    };
    let download_page = move |_| {
        let backup = current_backup(state);
        let stem = file_stem(state);
        spawn_local(async move {
            match single_file_app().await.and_then(|app| {
                embed_in_app(&app, &backup)
                    .ok_or_else(|| "The single-file page has no body.".to_owned())
            }) {
                Ok(html) => offer(state, format!("{stem}.annotated.html"), "text/html", html),
                Err(message) => state.view.show_error(message),
            }
        });
    };
    view! {
        <h3>"Download"</h3>
        <div class="download-list">
            <button type="button" on:click=download_page title="This article and its annotations in the whole app, as one file that opens from disk">"Annotated page (.html)"</button>
            <button type="button" on:click=download(Export::PrintVersion) title="A static page to read or print; no script">"Print version (.html)"</button>
            <button type="button" on:click=download(Export::W3c) title=w3c::NOT_CARRIED>"W3C JSON-LD"</button>
            <button type="button" on:click=download(Export::Csv)>"CSV"</button>
            <button type="button" on:click=download(Export::Report)>"Report (.md)"</button>
            <button type="button" on:click=move |_| super::download_backup(state)>"Backup (.json)"</button>
        </div>
        <p class="hint">"W3C JSON-LD, CSV and the report carry the marks as shown: not the automatic marks you rejected, nor renames as such. The backup, the annotated page and a share link carry everything."</p>
    }
}
