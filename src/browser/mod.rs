//! Small adapters over browser APIs (files, storage, clipboard, URL, selection, downloads, time),
//! each a plain function returning `Result` with a message a reader can act on. No application
//! logic here.

pub mod dom;
pub mod files;
pub mod model;
pub mod render;
pub mod storage;

/// The current time as RFC 3339 (UTC), from the browser's clock.
pub fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A monotonic timestamp in milliseconds (for performance marks).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
