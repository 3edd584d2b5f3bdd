//! Article Annotator: read a news article critically, in the browser.
//!
//! The crate has three layers, and dependencies point inward only:
//! browser adapters → UI → domain.
//!
//! - [`domain`]: pure Rust (article parsing, extraction, annotations, formats, storage schema);
//!   no web crate, no I/O, tested natively.
//! - `ui`: Leptos components (wasm only); state in context, logic delegated to `domain`.
//! - `browser`: small functions over web-sys returning `Result` (wasm only).
//! - `worker`: the engine worker (wasm only), the engines' side of [`domain::engine_job`].
//!
//! Invariants: offsets count Unicode code points of the article text; parsing an article never
//! fails; nothing the user opens is ever rendered as HTML.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod evaluation;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
