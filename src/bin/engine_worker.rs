//! The engine worker's entry point: registers [`EngineWorker`] in the dedicated worker this
//! module is loaded into (Trunk builds it as a worker; the page starts it after its first paint).
//!
//! [`EngineWorker`]: article_annotator::worker::EngineWorker

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    console_error_panic_hook::set_once();
    article_annotator::worker::EngineWorker::registrar()
        .encoding::<article_annotator::worker::JsonCodec>()
        .register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The engine worker runs in the browser; it is built by `trunk build`.");
    std::process::exit(2);
}
