//! Article Annotator's web app: the page (Leptos components over state split by job, and small
//! adapters over the browser's APIs) and the engine worker, built by Trunk into a static site.
//!
//! The workspace's layers, dependencies pointing one way (the compiler keeps them):
//! web app (`ui` → `browser`; `worker`) → `engines` → `domain`, with the command-line tools
//! (`cli`) beside the web app.
//!
//! - `ui`: Leptos components and the application's state (wasm only);
//! - `browser`: small functions over web-sys and gloo returning `Result` (wasm only);
//! - `worker`: the engine worker (wasm only), the engines' side of [`engine_job`];
//! - [`engine_job`]: the messages between the page and the worker, and the pure steps on each
//!   side (compiled natively too, for its tests).
//!
//! Invariants: offsets count Unicode code points of the article text; reading an article never
//! fails; nothing the user opens is ever rendered as HTML.

pub mod engine_job;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
