//! The web page's entry point: install the panic hook (a notice that keeps the reader's work) and
//! mount the app; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    article_annotator::browser::panic::install();
    leptos::mount::mount_to_body(article_annotator::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The web page is built with `trunk build`; the command-line tool is `annotate`.");
    std::process::exit(2);
}
