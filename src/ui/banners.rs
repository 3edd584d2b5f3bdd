//! The page's banners: the notice above the article (an error or information, with what the
//! reader can do about it), the quiet word while the engines mark the article, and the line
//! that says what is not marked when the engines or the model could not load.

use leptos::prelude::*;

use super::engine_jobs::{Analysing, ModelStatus};
use super::view_state::{NoticeAction, Tone};
use super::{saving, share, AppState};

/// The error or information banner; announced to screen readers.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.view.notice.get().map(|notice| {
            let class = match notice.tone {
                Tone::Error => "notice notice-error",
                Tone::Info => "notice notice-info",
            };
            let action = notice.action.map(|action| match action {
                NoticeAction::DownloadBackup => view! {
                    <button type="button" class="primary" on:click=move |_| share::download_backup(state)>
                        "Download a backup"
                    </button>
                }
                .into_any(),
                NoticeAction::DownloadRaw { file_name, content } => view! {
                    <button type="button" class="primary" on:click=move |_| saving::download_raw(state, &file_name, &content)>
                        "Download the damaged copy"
                    </button>
                }
                .into_any(),
            });
            view! {
                <div class=class role="alert" data-testid="notice">
                    <p>{notice.message}</p>
                    {action}
                    <button type="button" class="notice-dismiss" on:click=move |_| state.view.notice.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}

/// A quiet word while the engine worker marks the open article (the page answers meanwhile).
#[component]
pub fn AnalysisIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.engines.analysing.get() {
        Analysing::Working { first_part } => Some(view! {
            <p class="analysing" role="status" data-testid="analysing">
                {if first_part { "Marking names and the rest…" } else { "Marking quotes and names…" }}
            </p>
        }),
        _ => None,
    }
}

/// Says when names are not marked because the model could not load, or nothing is because the
/// engines could not start.
#[component]
pub fn ModelBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let message = match (state.engines.analysing.get(), state.engines.model_status.get()) {
            (Analysing::Unavailable(message), _) => format!(
                "Quotes, names and dates are not marked: {message}. You can still read, highlight and annotate."
            ),
            (_, ModelStatus::Failed(message)) => format!(
                "People, organisations and places are not marked: {message}. Quotes and dates are."
            ),
            _ => return None,
        };
        Some(view! {
            <div class="notice notice-info" role="status">
                <p>{message}</p>
            </div>
        })
    }
}
