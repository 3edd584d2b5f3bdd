//! Small adapters over browser APIs (files, storage, clipboard, URL, selection, downloads, time),
//! each a plain function returning `Result` with a message a reader can act on. No application
//! logic here.

pub mod dom;
pub mod engine;
pub mod files;
pub mod locks;
pub mod page;
pub mod panic;
pub mod render;
pub mod storage;

/// The page's document (none outside a window, as in a worker).
pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The wall clock in milliseconds since 1970-01-01 (stamps writes; the hybrid logical clock in
/// the domain keeps them in order if this goes backwards).
pub fn now_millis() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// 64 random bits from the browser's cryptographic generator (falls back to `Math.random` where
/// `crypto` is missing, which no supported browser lacks).
pub fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    u64::from_le_bytes(bytes)
}

/// A fresh id for an annotation the reader makes: random, so two tabs never make the same one.
pub fn random_annotation_id() -> domain::annotation::AnnotationId {
    format!("reader-{:016x}", random_u64()).into()
}

/// Runs `f` in a task of its own as soon as the page is free: a message the page sends itself
/// (chained zero timeouts would be held back 4 ms each after the fifth).
pub fn next_task(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let Ok(channel) = web_sys::MessageChannel::new() else {
        gloo_timers::callback::Timeout::new(0, f).forget();
        return;
    };
    let sender = channel.port2();
    let receiver = channel.port1();
    // The closure holds the channel until it runs.
    let callback = wasm_bindgen::closure::Closure::once_into_js(move |_: wasm_bindgen::JsValue| {
        channel.port1().set_onmessage(None);
        f();
    });
    receiver.set_onmessage(Some(callback.unchecked_ref()));
    let _ = sender.post_message(&wasm_bindgen::JsValue::NULL);
}

/// Waits for a task of its own ([`next_task`]): what follows runs after the page has had a
/// chance to answer the reader.
pub async fn task_boundary() {
    let (done, wait) = futures_channel::oneshot::channel::<()>();
    next_task(move || {
        let _ = done.send(());
    });
    let _ = wait.await;
}

/// Milliseconds since the page started, from the monotonic clock (`performance.now()`; 0 where
/// it is missing): for measuring how long the page's own work takes.
pub fn monotonic_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |performance| performance.now())
}

/// A monotonic timestamp in milliseconds (for performance marks).
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
