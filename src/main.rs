//! The web page's entry point: install the panic hook (a notice that keeps the reader's work),
//! mount the app and take away the first paint it replaces; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    article_annotator::browser::panic::install();
    leptos::mount::mount_to_body(article_annotator::ui::App);
    // In the same task as the mount (the blocks' text follows in microtasks, before any paint):
    // the browser never shows both articles, nor neither.
    article_annotator::browser::dom::remove_first_paint();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The web page is built with `trunk build`; the command-line tool is `annotate`.");
    std::process::exit(2);
}
