//! The Leptos user interface: the application shell and the components that show the state.
//! The state is split by job (`state.rs` says which), shared through context as [`AppState`];
//! logic lives in the `domain` and `engines` crates, and the commands over the state in
//! `commands.rs` and `opening.rs`. Components only show state and call commands; every call into
//! the browser goes through `crate::browser`.
//!
//! Rendering stays fine-grained: the article's blocks are rendered once per opened article; a
//! change to the annotations replaces one shared list, and each block re-renders only when the
//! annotations that touch it changed (`repaint.rs`).

mod article_view;
mod banners;
mod card;
mod commands;
mod document;
mod engine_jobs;
mod help;
mod library;
mod open;
mod opening;
mod panels;
mod repaint;
mod saving;
mod share;
mod state;
mod view_state;

use leptos::prelude::*;

use crate::browser;
use crate::browser::dom::after_paint;
use domain::article::{SAMPLE_NAME, SAMPLE_TEXT};
use engines::read::parse_plain_text;

pub use state::AppState;

use banners::{AnalysisIndicator, ModelBanner, NoticeBanner};
use engine_jobs::start_engines;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::at_start();
    provide_context(state);
    // The sample (or a shared link) opens at once; the entity model follows.
    if !share::open_from_location(state) {
        // Not `open_sample`: a message about a bad share link must stay.
        state.open_article(parse_plain_text(SAMPLE_TEXT), SAMPLE_NAME);
    }
    saving::install(state);
    // The engine worker's module and model load once the article is on screen.
    after_paint(move || start_engines(state));
    follow_location(state);

    // Keep the window title in step with the article (a sync with the outside world).
    Effect::new(move |_| {
        let headline = state
            .document
            .open
            .with(|doc| doc.article.headline().map(str::to_owned));
        let title = match headline {
            Some(headline) => format!("{headline} — Article Annotator"),
            None => "Article Annotator".to_owned(),
        };
        browser::page::set_title(&title);
    });

    view! {
        <a class="skip-link" href="#article">"Skip to the article"</a>
        <header class="app-bar">
            <p class="brand">"Article Annotator"</p>
            <open::OpenControls />
            <div class="app-actions">
                <button type="button" class="icon-button" title="Undo (Ctrl+Z)" aria-label="Undo"
                    disabled=move || !state.document.can_undo.get() on:click=move |_| state.undo()>"↶ Undo"</button>
                <button type="button" class="icon-button" title="Redo (Ctrl+Shift+Z)" aria-label="Redo"
                    disabled=move || !state.document.can_redo.get() on:click=move |_| state.redo()>"↷ Redo"</button>
                <button type="button" class="icon-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)"
                    on:click=move |_| state.view.help_open.set(true)>"?"</button>
                <saving::SaveIndicator />
            </div>
            <AnalysisIndicator />
        </header>
        <NoticeBanner />
        <ModelBanner />
        <div class="workspace">
            <main class="reading-area">
                <article_view::ArticleView />
            </main>
            <panels::SidePanel />
        </div>
        <article_view::SelectionToolbar />
        <card::HoverSummary />
        <card::AttributionOutline />
        <card::AnnotationCard />
        <help::ShortcutsHelp />
        <open::DropOverlay />
        <open::PasteAnywhere />
    }
}

/// Follows the address: a share link pasted into the address bar of an open tab opens (the
/// fragment changes, the page does not load again); `#panic-selftest` makes the page panic on
/// purpose once it is up, as it would on a bug (the end-to-end tests check that the reader is
/// told and the work kept).
fn follow_location(state: AppState) {
    let check = move |changed: bool| {
        let hash = browser::page::fragment();
        if hash == browser::panic::SELFTEST_FRAGMENT {
            after_paint(|| panic!("the panic self-test (#panic-selftest in the address)"));
        } else if changed && hash.starts_with("#share=") {
            share::follow_share_link(state);
        }
    };
    check(false);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| check(true));
    std::mem::forget(listener);
}
