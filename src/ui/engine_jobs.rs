//! The engine jobs: what the page asks of the engine worker and what it does with the answers —
//! an article read in the worker (only the newest read, and only if no other article was
//! opened meanwhile), an article's marks (the latest request only; a long article's first part,
//! then the whole, gathered from pieces and applied a task at a time), and whether the entity
//! model is ready. The worker itself is `crate::worker`; its page side `browser::engine`.

use std::sync::Arc;

use leptos::prelude::*;

use super::AppState;
use crate::browser;
use crate::engine_job::{
    gather_piece, AnalysisRequest, EngineAnswer, EngineRequest, KeyedArticle, NamesStatus,
    OpenContent, OpenRequest,
};
use domain::article::Article;
use engines::annotations::from_analysis;
use engines::extract::Analysis;

/// Whether the entity model is ready.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelStatus {
    Loading,
    Ready,
    Failed(String),
}

/// Where the engines stand on the open article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Analysing {
    /// The marks shown are the engines' answer for this article.
    Done,
    /// The engine worker is at work; `first_part` once the opening blocks are marked.
    Working { first_part: bool },
    /// The engine worker could not be started: why.
    Unavailable(String),
}

/// The engine jobs' state: copyable handles.
#[derive(Clone, Copy)]
pub struct EngineJobs {
    /// Whether names could be looked for (the model lives in the engine worker).
    pub model_status: RwSignal<ModelStatus>,
    /// Where the engines stand on the open article.
    pub analysing: RwSignal<Analysing>,
    /// The number of the latest analysis asked for: answers to older ones are dropped.
    pub job: StoredValue<u64>,
    /// The pieces of the whole article's answer received so far, with their job.
    pub gathering: StoredValue<Option<(u64, Analysis)>>,
    /// How many articles were opened: an article read in the worker is dropped if another was
    /// opened while it was read.
    pub opened: StoredValue<u64>,
    /// How many articles were sent to the worker to be read: only the newest is opened.
    pub reads: StoredValue<u64>,
}

impl Default for EngineJobs {
    fn default() -> Self {
        EngineJobs {
            model_status: RwSignal::new(ModelStatus::Loading),
            analysing: RwSignal::new(Analysing::Working { first_part: false }),
            job: StoredValue::new(0),
            gathering: StoredValue::new(None),
            opened: StoredValue::new(0),
            reads: StoredValue::new(0),
        }
    }
}

impl AppState {
    /// Reads an article in the engine worker (the HTML and Markdown readers live there). `None`:
    /// the reader asked for another article meanwhile (a newer read, or one opened otherwise),
    /// and this one is dropped.
    pub(super) async fn read_in_worker(
        &self,
        name: &str,
        content: OpenContent,
    ) -> Option<Result<KeyedArticle, String>> {
        let still_newest = self.begin_read();
        let request = OpenRequest {
            job: browser::random_u64(),
            name: name.to_owned(),
            content,
        };
        let result = browser::engine::open(request).await;
        // Reading the answer was one task; showing the article is the next.
        browser::task_boundary().await;
        still_newest().then_some(result)
    }

    /// Starts a read of an article that takes more than one task; the answer tells whether it
    /// is still the one to open (no newer read started, no article opened meanwhile).
    pub(super) fn begin_read(&self) -> impl Fn() -> bool {
        let read = self.engines.reads.get_value() + 1;
        self.engines.reads.set_value(read);
        let opened_before = self.engines.opened.get_value();
        let state = *self;
        move || {
            state.engines.reads.get_value() == read
                && state.engines.opened.get_value() == opened_before
        }
    }

    /// Waits until the engine worker's marks for the open article are on the page (or it is known
    /// they will not come), at most [`MARKS_WAIT_MS`]: what is planned against the marks (an
    /// import) must see them.
    pub async fn marks_settled(&self) {
        let analysing = self.engines.analysing;
        let settled = move || !matches!(analysing.get(), Analysing::Working { .. });
        if settled() {
            return;
        }
        // Woken by whichever comes first: the signal saying the marks are in, or the limit.
        let (wake, woken) = futures_channel::oneshot::channel::<()>();
        let wake = std::rc::Rc::new(std::cell::Cell::new(Some(wake)));
        let on_change = {
            let wake = wake.clone();
            Effect::new(move |_| {
                if settled() {
                    if let Some(wake) = wake.take() {
                        let _ = wake.send(());
                    }
                }
            })
        };
        let limit = gloo_timers::callback::Timeout::new(MARKS_WAIT_MS, move || {
            if let Some(wake) = wake.take() {
                let _ = wake.send(());
            }
        });
        let _ = woken.await;
        drop(limit);
        on_change.stop();
    }

    /// Asks the engine worker for an article's marks; answers to earlier requests are dropped
    /// from now on.
    pub(super) fn request_analysis(&self, article: &Arc<Article>) {
        let job = self.engines.job.get_value() + 1;
        self.engines.job.set_value(job);
        self.engines.gathering.set_value(None);
        self.engines
            .analysing
            .set(Analysing::Working { first_part: false });
        // Sent in a task of its own: the article's text shows first.
        let state = *self;
        let article = article.clone();
        browser::next_task(move || {
            if state.engines.job.get_value() != job {
                return;
            }
            let request = AnalysisRequest::for_article(job, &article);
            if let Err(message) = browser::engine::send(EngineRequest::Analyse(request)) {
                state.engines.analysing.set(Analysing::Unavailable(message));
                return;
            }
            // A worker whose files are missing or blocked, or that has stopped, fails without a
            // word to the page (gloo's bridge reports no error): if this article has had no
            // answer in a while, the reader is told (the marks still come if it answers later).
            gloo_timers::callback::Timeout::new(ENGINE_PATIENCE_MS, move || {
                let unanswered = state.engines.analysing.get_untracked()
                    == (Analysing::Working { first_part: false });
                if state.engines.job.get_value() == job && unanswered {
                    state.engines.analysing.set(Analysing::Unavailable(format!(
                        "the page's engine has not answered in {} seconds (its files may be missing, blocked or slow to arrive; marks appear if it answers)",
                        ENGINE_PATIENCE_MS / 1000
                    )));
                }
            })
            .forget();
        });
    }

    /// Takes an answer from the engine worker: the marks of the open article (the reader's
    /// corrections stay), unless it answers an older request. The whole article's answer comes
    /// in pieces, gathered until the last.
    pub(super) fn take_answer(&self, answer: EngineAnswer) {
        if answer.job() != self.engines.job.get_value() {
            return;
        }
        match answer {
            EngineAnswer::FirstPart { job, analysis, .. } => {
                self.apply_analysis(job, analysis, false)
            }
            EngineAnswer::Whole {
                job,
                piece,
                pieces,
                analysis,
                names,
            } => {
                self.engines
                    .gathering
                    .update_value(|gathering| match gathering {
                        Some((gathered_job, gathered)) if *gathered_job == job && piece > 0 => {
                            gather_piece(gathered, analysis)
                        }
                        _ => *gathering = Some((job, analysis)),
                    });
                if piece + 1 < pieces {
                    return;
                }
                let Some((_, analysis)) = self
                    .engines
                    .gathering
                    .try_update_value(Option::take)
                    .flatten()
                else {
                    return;
                };
                self.engines.model_status.set(match names {
                    NamesStatus::Found => ModelStatus::Ready,
                    NamesStatus::Unavailable(message) => ModelStatus::Failed(message),
                });
                self.apply_analysis(job, analysis, true);
            }
            EngineAnswer::ImportRead { .. } | EngineAnswer::Opened { .. } => {}
        }
    }

    /// Puts an analysis's marks on the page in steps, a task each (the annotations made, taken
    /// by the workspace, the view made, the view shown; the panels follow in a task of their
    /// own and the blocks are repainted a slice per task), so
    /// that the page answers the reader between them. Dropped if another article was opened
    /// meanwhile, and a first part once the whole article is marked.
    fn apply_analysis(&self, job: u64, analysis: Analysis, whole: bool) {
        let state = *self;
        let current = move || {
            state.engines.job.get_value() == job
                && (whole || state.engines.analysing.get_untracked() != Analysing::Done)
        };
        leptos::task::spawn_local(async move {
            browser::task_boundary().await;
            if !current() {
                return;
            }
            let engine = from_analysis(&analysis);
            browser::task_boundary().await;
            if !current() {
                return;
            }
            // The workspace takes the marks...
            state
                .document
                .workspace
                .update_value(|w| w.set_engine(engine));
            browser::task_boundary().await;
            if !current() {
                return;
            }
            // ...shares them out, with the blocks each touches...
            let view = state.compute_view();
            browser::task_boundary().await;
            if !current() {
                return;
            }
            // ...then the view and the blocks whose marks changed (the panels follow), unless
            // the reader changed something meanwhile: then it is computed again.
            if state.view_is_current(&view) {
                state.show_view(view);
            } else {
                state.refresh();
            }
            state.engines.analysing.set(if whole {
                Analysing::Done
            } else {
                Analysing::Working { first_part: true }
            });
        });
    }
}

/// Starts the engine worker; the open article's request waits for it.
pub fn start_engines(state: AppState) {
    if let Err(message) = browser::engine::start(move |answer| state.take_answer(answer)) {
        state
            .engines
            .analysing
            .set(Analysing::Unavailable(message.clone()));
        state.engines.model_status.set(ModelStatus::Failed(message));
    }
}

/// How long, at most, an import waits for the open article's marks.
const MARKS_WAIT_MS: u32 = 60_000;

/// How long the page waits for the engine worker's first answer on an article before saying so
/// (a long article's first part comes in well under a second; a short one whole).
const ENGINE_PATIENCE_MS: u32 = 20_000;
