//! Starting the engine worker and talking to it (the page's side of
//! [`crate::engine_job`]): where its script is, a request queue until it is started, the
//! answers to analyses handed to the page's callback, other answers (an article read, an
//! import placed) as futures.
//!
//! The served page names the worker's loader in `<meta name="engine-worker">` (written by
//! `scripts/post-build.mjs`: Trunk gives it a hashed name); the single-file app carries the
//! whole worker script in `<script type="text/plain" id="engine-worker-source">` and starts it
//! from a Blob URL, since a page opened from `file://` cannot start a worker from a file.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_channel::oneshot;
use gloo_worker::{Spawnable, WorkerBridge};

use crate::engine_job::{
    EngineAnswer, EngineRequest, ImportReading, ImportRequest, KeyedArticle, OpenRequest,
};
use crate::worker::{EngineWorker, JsonCodec};

const LOADER_META: &str = "meta[name=\"engine-worker\"]";
const INLINE_SOURCE_ID: &str = "engine-worker-source";

enum Link {
    /// Not started yet: requests wait here (an analysis replaces the one before it).
    Waiting(Vec<EngineRequest>),
    Running(WorkerBridge<EngineWorker>),
    /// The worker could not be started: why.
    Unavailable(String),
}

thread_local! {
    static LINK: RefCell<Link> = const { RefCell::new(Link::Waiting(Vec::new())) };
    /// The answers awaited by [`ask`], by job.
    static AWAITED: RefCell<HashMap<u64, oneshot::Sender<Result<EngineAnswer, String>>>> =
        RefCell::new(HashMap::new());
}

/// The worker script's address: a Blob URL of the inlined script, or the served loader.
fn worker_url() -> Result<String, String> {
    let document = super::document().ok_or("no document")?;
    if let Some(source) = document.get_element_by_id(INLINE_SOURCE_ID) {
        let script = js_sys::Array::of1(&source.text_content().unwrap_or_default().into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&script, &options)
            .map_err(|_| "the inlined engine could not be prepared")?;
        return web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|_| "the inlined engine could not be prepared".to_owned());
    }
    let meta = document
        .query_selector(LOADER_META)
        .ok()
        .flatten()
        .ok_or("this copy of the page has no engine file")?;
    meta.get_attribute("content")
        .filter(|path| !path.is_empty())
        .ok_or_else(|| "this copy of the page has no engine file".to_owned())
}

/// Starts the worker; `on_analysis` receives every answer to an analysis (the caller drops
/// those of older jobs). Requests sent before are passed on. On failure, says why (and every
/// later request is refused with that reason).
pub fn start(on_analysis: impl Fn(EngineAnswer) + 'static) -> Result<(), String> {
    let url = match worker_url() {
        Ok(url) => url,
        Err(message) => {
            LINK.with(|link| *link.borrow_mut() = Link::Unavailable(message.clone()));
            // Whatever waits for an answer gets this one.
            let awaited: Vec<_> = AWAITED.with(|awaited| awaited.borrow_mut().drain().collect());
            for (_, reply) in awaited {
                let _ = reply.send(Err(message.clone()));
            }
            return Err(message);
        }
    };
    let mut spawner = EngineWorker::spawner();
    spawner.callback(move |answer| match answer {
        EngineAnswer::FirstPart { .. } | EngineAnswer::Whole { .. } => on_analysis(answer),
        answer => {
            if let Some(reply) = AWAITED.with(|awaited| awaited.borrow_mut().remove(&answer.job()))
            {
                let _ = reply.send(Ok(answer));
            }
        }
    });
    let mut spawner = spawner.encoding::<JsonCodec>();
    let bridge = spawner.with_loader(true).as_module(false).spawn(&url);
    LINK.with(|link| {
        let mut link = link.borrow_mut();
        if let Link::Waiting(requests) = &mut *link {
            for request in requests.drain(..) {
                bridge.send(request);
            }
        }
        *link = Link::Running(bridge);
    });
    Ok(())
}

/// Sends a request (queued until the worker is started). Err: the engines are unavailable.
pub fn send(request: EngineRequest) -> Result<(), String> {
    LINK.with(|link| match &mut *link.borrow_mut() {
        Link::Running(bridge) => {
            bridge.send(request);
            Ok(())
        }
        Link::Waiting(requests) => {
            if matches!(request, EngineRequest::Analyse(_)) {
                requests.retain(|r| !matches!(r, EngineRequest::Analyse(_)));
            }
            requests.push(request);
            Ok(())
        }
        Link::Unavailable(message) => Err(message.clone()),
    })
}

/// How long [`ask`] waits for an answer: a worker whose files are missing never answers (gloo's
/// bridge reports no load error), and reading the largest file the page opens takes seconds.
const ASK_PATIENCE_MS: u32 = 60_000;

/// Reads an article in the worker: the article with its storage key, or why not (a message for
/// the reader, ending with a full stop).
pub async fn open(request: OpenRequest) -> Result<KeyedArticle, String> {
    match ask(EngineRequest::Open(request)).await {
        Ok(EngineAnswer::Opened { article, .. }) => article,
        Ok(_) => Err(ANSWERED_SOMETHING_ELSE.to_owned()),
        Err(message) => Err(unavailable(&message)),
    }
}

/// Reads an import file and places its annotations in the worker (see
/// [`domain::formats::import::read_import`]); Err as for [`open`].
pub async fn read_import(request: ImportRequest) -> ImportReading {
    match ask(EngineRequest::ReadImport(request)).await {
        Ok(EngineAnswer::ImportRead { reading, .. }) => reading,
        Ok(_) => Err(ANSWERED_SOMETHING_ELSE.to_owned()),
        Err(message) => Err(unavailable(&message)),
    }
}

const ANSWERED_SOMETHING_ELSE: &str = "the page's reader answered something else.";

fn unavailable(why: &str) -> String {
    format!("the page's reader is unavailable ({why}).")
}

/// Asks the worker to read an article or an import, and waits for its answer. Err: the engines
/// are unavailable or did not answer in time, and why.
async fn ask(request: EngineRequest) -> Result<EngineAnswer, String> {
    let (reply, answer) = oneshot::channel();
    let job = request.job();
    AWAITED.with(|awaited| awaited.borrow_mut().insert(job, reply));
    if let Err(message) = send(request) {
        AWAITED.with(|awaited| awaited.borrow_mut().remove(&job));
        return Err(message);
    }
    gloo_timers::callback::Timeout::new(ASK_PATIENCE_MS, move || {
        if let Some(reply) = AWAITED.with(|awaited| awaited.borrow_mut().remove(&job)) {
            let _ = reply.send(Err(format!(
                "it has not answered in {} seconds; reload the page to try again",
                ASK_PATIENCE_MS / 1000
            )));
        }
    })
    .forget();
    answer
        .await
        .unwrap_or_else(|_| Err("it stopped before answering".to_owned()))
}
