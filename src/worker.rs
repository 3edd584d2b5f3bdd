//! The engine worker (wasm only): a dedicated Web Worker, built from this crate as its own
//! module (`src/bin/engine_worker.rs`), that holds the entity model and runs the readers (saved
//! pages, pasted HTML, Markdown), the engines and an import's placement, so the page never waits
//! on them and its own module stays small. Messages are the types of
//! [`crate::engine_job`], sent as JSON strings ([`JsonCodec`]).
//!
//! The model comes from the worker's own script when the single-file app inlined it there
//! (`self.entityModelBase64`), else from `./entity-model.bin` beside it. An analysis asked for
//! before it has loaded (or failed to) is answered at once with quotations and dates, and again
//! in full once it has; of those waiting, only the latest is run.
//! Between a long article's first part and the whole, the worker yields to its message queue:
//! a newer request supersedes the rest of an older one.

use std::cell::Cell;
use std::rc::Rc;

use gloo_worker::{Codec, HandlerId, Worker, WorkerScope};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine_job::analyse_request;
use crate::engine_job::{
    first_part_marks, into_pieces, AnalysisRequest, EngineAnswer, EngineRequest, ImportRequest,
    NamesStatus, ITEMS_PER_PIECE,
};
use domain::formats::import::read_import;
use engines::extract::entities::EntityModel;

/// The model file beside the worker's script.
const MODEL_FILE: &str = "./entity-model.bin";
/// The global the single-file app's worker script sets to the model's bytes in base64.
const INLINED_MODEL: &str = "entityModelBase64";

/// Worker messages as JSON text: the page reads and writes its store in JSON already, so the
/// messages' types (articles, annotations) share that code; gloo's default binary codec would
/// add a second reader and writer of each of them to the page's module.
pub struct JsonCodec;

impl Codec for JsonCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Our own types always serialise (no maps with non-string keys, no failing impls).
        JsValue::from_str(&serde_json::to_string(&input).expect("a worker message serialises"))
    }

    fn decode<O: DeserializeOwned>(input: JsValue) -> O {
        let text = input.as_string().unwrap_or_default();
        serde_json::from_str(&text).expect("a worker message from this same build reads back")
    }
}

enum Model {
    Loading,
    Ready(Rc<EntityModel>),
    Failed(String),
}

/// The engine worker's state.
pub struct EngineWorker {
    model: Model,
    /// The analysis asked for while the model was loading (only the latest is kept).
    waiting: Option<(AnalysisRequest, HandlerId)>,
    /// The newest analysis job received: an older one stops at its next yield.
    latest_job: Rc<Cell<u64>>,
}

impl Worker for EngineWorker {
    type Message = Result<EntityModel, String>;
    type Input = EngineRequest;
    type Output = EngineAnswer;

    fn create(scope: &WorkerScope<Self>) -> Self {
        scope.send_future(load_model());
        EngineWorker {
            model: Model::Loading,
            waiting: None,
            latest_job: Rc::new(Cell::new(0)),
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, loaded: Self::Message) {
        self.model = match loaded {
            Ok(model) => Model::Ready(Rc::new(model)),
            Err(message) => Model::Failed(message),
        };
        if let Some((request, id)) = self.waiting.take() {
            self.analyse(scope, request, id);
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, request: EngineRequest, id: HandlerId) {
        match request {
            EngineRequest::Analyse(request) => {
                self.latest_job.set(request.job);
                if matches!(self.model, Model::Loading) {
                    // Quotations and dates need no model: the reader sees them now, the names
                    // once the model is in.
                    let end = request
                        .first_part_end
                        .unwrap_or_else(|| request.text.chars().count());
                    let analysis = analyse_request(&request, None, request.first_part_end);
                    scope.respond(
                        id,
                        EngineAnswer::FirstPart {
                            job: request.job,
                            end,
                            analysis: first_part_marks(analysis),
                        },
                    );
                    self.waiting = Some((request, id));
                } else {
                    self.analyse(scope, request, id);
                }
            }
            EngineRequest::Open(request) => {
                let article = request.open();
                scope.respond(
                    id,
                    EngineAnswer::Opened {
                        job: request.job,
                        article,
                    },
                );
            }
            EngineRequest::ReadImport(ImportRequest {
                job, text, content, ..
            }) => {
                let reading = read_import(&text, &content);
                scope.respond(id, EngineAnswer::ImportRead { job, reading });
            }
        }
    }
}

impl EngineWorker {
    fn analyse(&self, scope: &WorkerScope<Self>, request: AnalysisRequest, id: HandlerId) {
        let (model, names) = match &self.model {
            Model::Ready(model) => (Some(model.clone()), NamesStatus::Found),
            Model::Failed(message) => (None, NamesStatus::Unavailable(message.clone())),
            Model::Loading => (None, NamesStatus::Unavailable("still loading".into())),
        };
        let latest = self.latest_job.clone();
        let scope = scope.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let job = request.job;
            if let Some(end) = request.first_part_end {
                let analysis = analyse_request(&request, model.as_deref(), Some(end));
                let analysis = first_part_marks(analysis);
                scope.respond(id, EngineAnswer::FirstPart { job, end, analysis });
                // Let newer requests in: one that arrived meanwhile makes the rest of this moot.
                gloo_timers::future::TimeoutFuture::new(0).await;
                if latest.get() != job {
                    return;
                }
            }
            let analysis = analyse_request(&request, model.as_deref(), None);
            let pieces = into_pieces(analysis, ITEMS_PER_PIECE);
            let count = pieces.len();
            for (piece, analysis) in pieces.into_iter().enumerate() {
                scope.respond(
                    id,
                    EngineAnswer::Whole {
                        job,
                        piece,
                        pieces: count,
                        analysis,
                        names: names.clone(),
                    },
                );
            }
        });
    }
}

/// The entity model: inlined in the worker's script (the single-file app) or fetched from
/// beside it.
async fn load_model() -> Result<EntityModel, String> {
    let global = js_sys::global();
    let inlined = js_sys::Reflect::get(&global, &JsValue::from_str(INLINED_MODEL))
        .ok()
        .and_then(|value| value.as_string());
    let bytes = match inlined {
        Some(encoded) => {
            let scope: web_sys::WorkerGlobalScope = global.unchecked_into();
            let decoded = scope
                .atob(encoded.trim())
                .map_err(|_| "the inlined entity model is damaged".to_owned())?;
            // atob gives one char per byte.
            decoded.chars().map(|c| c as u32 as u8).collect()
        }
        None => {
            let unreachable = |_| {
                "the entity model could not be loaded (is the page served with its files?)"
                    .to_owned()
            };
            let response = gloo_net::http::Request::get(MODEL_FILE)
                .send()
                .await
                .map_err(unreachable)?;
            if !response.ok() {
                return Err(format!(
                    "the entity model could not be loaded (HTTP {})",
                    response.status()
                ));
            }
            response
                .binary()
                .await
                .map_err(|_| "the entity model could not be read".to_owned())?
        }
    };
    EntityModel::from_bytes(&bytes).map_err(|error| error.to_string())
}
