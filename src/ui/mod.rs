//! The Leptos user interface: the application shell, its state (in context, as [`AppState`]),
//! and the components that show it. Logic lives in `domain`; components only call it.

mod article_view;
mod open;

use leptos::prelude::*;

use crate::domain::article::{
    input::open_article_text, open_article_bytes, parse_plain_text, Article, SAMPLE_TEXT,
};

/// A message shown to the reader above the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub tone: Tone,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Error,
    Info,
}

/// The application's state, shared through context. Copyable handles to signals.
#[derive(Clone, Copy)]
pub struct AppState {
    pub article: RwSignal<Article>,
    pub notice: RwSignal<Option<Notice>>,
}

impl AppState {
    fn new() -> Self {
        AppState {
            article: RwSignal::new(parse_plain_text(SAMPLE_TEXT)),
            notice: RwSignal::new(None),
        }
    }

    /// Opens text the reader pasted; on failure the open article stays and the reason is shown.
    pub fn open_pasted(&self, text: &str) -> bool {
        self.show_result("pasted text", open_article_text("pasted", text))
    }

    /// Opens a file's bytes; on failure the open article stays and the reason is shown.
    pub fn open_file(&self, name: &str, bytes: &[u8]) -> bool {
        self.show_result(name, open_article_bytes(name, bytes))
    }

    pub fn open_sample(&self) {
        self.article.set(parse_plain_text(SAMPLE_TEXT));
        self.notice.set(None);
    }

    pub fn show_error(&self, message: String) {
        self.notice.set(Some(Notice {
            tone: Tone::Error,
            message,
        }));
    }

    fn show_result<E: std::fmt::Display>(&self, source: &str, result: Result<Article, E>) -> bool {
        match result {
            Ok(article) => {
                self.article.set(article);
                self.notice.set(None);
                true
            }
            Err(error) => {
                self.show_error(format!(
                    "Could not open {source}: {error} The article that was open stays open."
                ));
                false
            }
        }
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);

    // Keep the window title in step with the article (a sync with the outside world).
    Effect::new(move |_| {
        let headline = state
            .article
            .with(|article| article.headline().map(str::to_owned));
        let title = match headline {
            Some(headline) => format!("{headline} — Article Annotator"),
            None => "Article Annotator".to_owned(),
        };
        document().set_title(&title);
    });

    view! {
        <a class="skip-link" href="#article">"Skip to the article"</a>
        <header class="app-bar">
            <p class="brand">"Article Annotator"</p>
            <open::OpenControls />
        </header>
        <NoticeBanner />
        <main class="reading-area">
            <article_view::ArticleView />
        </main>
        <open::DropOverlay />
    }
}

/// The error or information banner; announced to screen readers.
#[component]
fn NoticeBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.notice.get().map(|notice| {
            let class = match notice.tone {
                Tone::Error => "notice notice-error",
                Tone::Info => "notice notice-info",
            };
            view! {
                <div class=class role="alert" data-testid="notice">
                    <p>{notice.message}</p>
                    <button type="button" class="notice-dismiss" on:click=move |_| state.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
