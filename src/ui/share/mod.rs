//! Sharing and keeping copies: share links, downloads (W3C JSON-LD, CSV, report, backup, the
//! annotated page as one HTML file, a print version), copying to the clipboard (`exports.rs`),
//! and importing — reviewed before anything changes, conflicts chosen by the reader, orphans
//! kept (`import.rs`). Here: what they share (the open article as a backup, a file name from its
//! title) and opening what the page's address carries (a share link, an embedded article).

mod exports;
mod import;

use leptos::prelude::*;

use super::AppState;
use crate::browser::{self, dom};
use domain::formats::backup::{parse_backup, Backup};
use domain::formats::html::EMBEDDED_ID;
use domain::formats::share::{decode_share, ShareError};

/// The open article as a backup.
fn current_backup(state: AppState) -> Backup {
    let document = state.document.open.get_untracked();
    let layer = state.document.workspace.with_value(|w| w.layer().clone());
    Backup::new(&document.name, &state.title(), &document.article, &layer)
}

/// Offers a backup of the open article as a download (also from a notice when saving fails).
pub fn download_backup(state: AppState) {
    offer(
        state,
        format!("{}.backup.json", file_stem(state)),
        "application/json",
        current_backup(state).to_json(),
    );
}

/// The orphans kept aside, by id.
fn orphans(state: AppState) -> Vec<(domain::annotation::AnnotationId, domain::layer::Orphan)> {
    state.document.workspace.with_value(|w| w.orphans())
}

/// A file name from the article's title.
fn file_stem(state: AppState) -> String {
    let title = state.title();
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "article".into()
    } else {
        stem
    }
}

/// Opens an article carried by the page itself (a single-file export) or by a share link in the
/// URL fragment, as the page starts. Returns whether one was opened (else the sample opens).
pub fn open_from_location(state: AppState) -> bool {
    if let Some(json) = browser::page::element_text(EMBEDDED_ID) {
        match parse_backup(&json) {
            Ok(backup) => {
                open_backup(state, backup);
                return true;
            }
            Err(error) => state.view.show_error(format!(
                "The article saved in this page could not be read: {error}"
            )),
        }
    }
    match open_share_link(state) {
        Ok(opened) => opened,
        Err(error) => {
            state
                .view
                .show_error(format!("{error} The sample article is open instead."));
            false
        }
    }
}

/// Opens a share link put in the address of the open page (the fragment changed, the page did
/// not load again); a link that cannot be opened leaves the open article as it is, and says so.
pub fn follow_share_link(state: AppState) {
    if let Err(error) = open_share_link(state) {
        state
            .view
            .show_error(format!("{error} The article that was open stays open."));
    }
}

/// Opens the share link in the address, if there is one (`Ok(false)` when there is none).
fn open_share_link(state: AppState) -> Result<bool, ShareError> {
    let hash = browser::page::fragment();
    let Some(backup) = decode_share(hash.trim_start_matches('#'))? else {
        return Ok(false);
    };
    open_backup(state, backup);
    state.view.show_info(
        "Opened from a share link. Your copy is saved in this browser as soon as you annotate it."
            .into(),
    );
    Ok(true)
}

/// Opens a backup's article with the reader's work it carries, merged with any saved here like
/// another tab's save (the newest write of each record wins; deletions made since stay deleted).
/// Returns whether the backup brought anything this browser did not hold; the caller decides
/// whether that is saved now (a backup file the reader opened) or with the first change (a link
/// or an annotated page someone sent).
pub(super) fn open_backup(state: AppState, backup: Backup) -> bool {
    let article = backup.article();
    state.open_article(article, &backup.name);
    let brought = state
        .document
        .workspace
        .try_update_value(|w| w.merge(&backup.layer))
        .unwrap_or(false);
    state.refresh();
    brought
}

fn offer(state: AppState, name: String, mime: &str, content: String) {
    if let Err(message) = dom::download(&name, mime, &content) {
        state.view.show_error(message);
    }
}

/// The single-file app's HTML: this page itself when it is that file, else its copy beside us.
async fn single_file_app() -> Result<String, String> {
    if let Some(head) = browser::page::single_file_head() {
        // An empty first paint, which `embed_in_app` fills with the article.
        let body = domain::formats::first_paint::app_body();
        return Ok(format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n{head}\n{body}\n</html>\n"
        ));
    }
    browser::files::fetch_own_file("./article-annotator.html")
        .await
        .map_err(|missing| {
            if missing {
                "The single-file page is missing from this site.".to_owned()
            } else {
                "The single-file page could not be read.".to_owned()
            }
        })
}

/// The Share panel: links and copies, downloads, and imports.
#[component]
pub fn SharePanel() -> impl IntoView {
    view! {
        <section class="share">
            <exports::ShareLinks />
            <exports::Downloads />
            <import::ImportSection />
            <import::Orphans />
        </section>
    }
}
