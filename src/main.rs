//! The web page's entry point: install the panic hook and mount the app; nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(article_annotator::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The web page is built with `trunk build`; the command-line tool is `annotate`.");
    std::process::exit(2);
}
