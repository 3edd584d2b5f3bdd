//! Opening an article: the bundled sample, pasted text, a file chosen with the picker, or a file
//! dropped anywhere on the page.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::AppState;
use crate::browser::dom::in_form_field;
use crate::browser::files::{read_file, take_chosen_file, File};
use engines::read::{check_text_at_the_door, long_paste_preview, readable_size, LONG_PASTE_BYTES};

/// The file types the picker offers.
const ACCEPTED_FILES: &str = ".txt,.text,.md,.markdown,.html,.htm,.xhtml,.mhtml,.mht,.json,text/plain,text/markdown,text/html,multipart/related,application/json";

/// Reads a file and opens it; any failure is shown and the open article stays.
fn open_file(state: AppState, file: File) {
    spawn_local(async move {
        let name = file.name();
        match read_file(&file).await {
            Ok(bytes) => {
                state.open_file(&name, bytes).await;
            }
            Err(error) => state.view.show_error(format!(
                "Could not open {name}: {error} The article that was open stays open."
            )),
        }
    });
}

/// The buttons that open an article, and the paste box.
#[component]
pub fn OpenControls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let paste_open = RwSignal::new(false);
    // What is pasted stays while the box is closed and opened again.
    let pasted = RwSignal::new(String::new());
    // What a browser put on the clipboard as HTML with the text pasted in the box: opened as a
    // page (headline, paragraphs, byline keep their structure) while the box still holds that
    // very text.
    let pasted_html = RwSignal::new(None::<(String, String)>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_file_chosen = move |event: ev::Event| {
        if let Some(file) = take_chosen_file(&event) {
            open_file(state, file);
        }
    };
    view! {
        <nav class="open-controls" aria-label="Open an article">
            <button type="button" on:click=move |_| state.open_sample()>"Sample article"</button>
            <button
                type="button"
                aria-expanded=move || paste_open.get().to_string()
                aria-controls="paste-panel"
                on:click=move |_| paste_open.update(|open| *open = !*open)
            >
                "Paste text"
            </button>
            <button type="button" on:click=move |_| {
                if let Some(input) = file_input.get() {
                    input.click();
                }
            }>"Open file…"</button>
            <input
                node_ref=file_input
                id="file-input"
                class="visually-hidden"
                type="file"
                accept=ACCEPTED_FILES
                tabindex="-1"
                aria-label="Article file"
                on:change=on_file_chosen
            />
        </nav>
        <Show when=move || paste_open.get()>
            <PastePanel paste_open pasted pasted_html />
        </Show>
    }
}

/// The paste box: plain text or a page copied from a browser (its HTML kept to open), and a long
/// paste kept out of the box (which shows its beginning).
#[component]
fn PastePanel(
    paste_open: RwSignal<bool>,
    pasted: RwSignal<String>,
    pasted_html: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let paste_box = NodeRef::<leptos::html::Textarea>::new();
    let close_box = move || {
        paste_open.set(false);
        pasted.set(String::new());
        pasted_html.set(None);
    };
    let open_pasted = move |_| {
        let text = pasted.get_untracked();
        let html = pasted_html.get_untracked();
        spawn_local(async move {
            let opened = match html {
                Some((html, plain)) if plain.trim() == text.trim() => {
                    state.open_pasted_page(html, text).await
                }
                // Plain text closes the box once it is read (before the article is painted);
                // its text is let go of after (setting a long text aside in a box costs more
                // than removing the box).
                _ => {
                    let hide_box = move || paste_open.set(false);
                    state.open_pasted_from_box(text, hide_box).await
                }
            };
            if opened {
                // In a task of its own, after the article shows: a browser takes a while to
                // discard a box holding a long text.
                crate::browser::next_task(close_box);
            }
        });
    };
    let on_box_paste = move |event: ev::ClipboardEvent| {
        let Some(data) = event.clipboard_data() else {
            return;
        };
        let html = data.get_data("text/html").unwrap_or_default();
        let plain = data.get_data("text/plain").unwrap_or_default();
        if plain.len() > LONG_PASTE_BYTES {
            // Kept here, never put in the box (which shows its beginning); checked and taken
            // in a task of its own, after the paste's.
            event.prevent_default();
            spawn_local(async move {
                crate::browser::task_boundary().await;
                take_paste(state, pasted, pasted_html, html, plain).await;
            });
            return;
        }
        // Text the page would refuse never goes into the box: the browser's own layout of it
        // can take seconds (stacked accents). The refusal shows at once.
        if check_text_at_the_door(&plain).is_err() {
            event.prevent_default();
            spawn_local(async move {
                state.open_pasted(plain).await;
            });
            return;
        }
        if html.trim().is_empty() {
            pasted_html.set(None);
            return;
        }
        // The box shows the text; the page behind it is kept to open.
        event.prevent_default();
        pasted.set(plain.clone());
        pasted_html.set(Some((html, plain)));
    };
    let is_long = move || pasted.with(|text| text.len() > LONG_PASTE_BYTES);
    Effect::new(move |_| {
        if paste_open.get() {
            if let Some(textarea) = paste_box.get() {
                let _ = textarea.focus();
            }
        }
    });

    view! {
        <section id="paste-panel" class="paste-panel" aria-label="Paste an article">
            <label for="paste-box">"Paste the article's text (plain text or HTML):"</label>
            <textarea
                id="paste-box"
                node_ref=paste_box
                rows="10"
                // A long paste is shown by its beginning, and cannot be edited there (an
                // edit would stand for the whole text): "Clear" empties the box.
                prop:value=move || {
                    pasted.with(|text| long_paste_preview(text).unwrap_or(text).to_owned())
                }
                readonly=is_long
                aria-describedby=move || is_long().then_some("paste-long")
                on:input=move |event| pasted.set(event_target_value(&event))
                on:paste=on_box_paste
            ></textarea>
            <p id="paste-long" class="paste-long" hidden=move || !is_long()>
                {move || pasted.with(|text| format!(
                    "A long text is pasted ({}). The box shows its beginning; \u{201c}Open pasted text\u{201d} opens all of it.",
                    readable_size(text.len())
                ))}
            </p>
            <div class="paste-actions">
                <button type="button" class="primary" on:click=open_pasted>"Open pasted text"</button>
                <button type="button" hidden=move || !is_long() on:click=move |_| {
                    pasted.set(String::new());
                    pasted_html.set(None);
                    if let Some(textarea) = paste_box.get() {
                        let _ = textarea.focus();
                    }
                }>"Clear"</button>
                <button type="button" on:click=move |_| paste_open.set(false)>"Cancel"</button>
            </div>
        </section>
    }
}

/// Takes a long paste kept out of the paste box: refused (said at once, the box unchanged), or
/// held to open, with the page behind it when the clipboard had one.
async fn take_paste(
    state: AppState,
    pasted: RwSignal<String>,
    pasted_html: RwSignal<Option<(String, String)>>,
    html: String,
    plain: String,
) {
    if check_text_at_the_door(&plain).is_err() {
        state.open_pasted(plain).await;
        return;
    }
    pasted_html.set((!html.trim().is_empty()).then(|| (html, plain.clone())));
    pasted.set(plain);
}

/// Opens what is pasted anywhere on the page outside a text field: the clipboard's HTML when a
/// browser put some there (a copied article keeps its headline, paragraphs and byline), else its
/// text.
#[component]
pub fn PasteAnywhere() -> impl IntoView {
    let state = expect_context::<AppState>();
    let paste = window_event_listener(ev::paste, move |event| {
        if in_form_field(event.target(), Some(".annotation-card, .side-panel")) {
            return;
        }
        let Some(data) = event.clipboard_data() else {
            return;
        };
        event.prevent_default();
        let html = data.get_data("text/html").unwrap_or_default();
        let plain = data.get_data("text/plain").unwrap_or_default();
        spawn_local(async move {
            if !html.trim().is_empty() {
                state.open_pasted_page(html, plain).await;
            } else if !plain.trim().is_empty() {
                state.open_pasted(plain).await;
            }
        });
    });
    on_cleanup(move || paste.remove());
}

/// Accepts a file dropped anywhere on the page, with a visible hint while dragging.
#[component]
pub fn DropOverlay() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);

    let dragover = window_event_listener(ev::dragover, move |event| {
        event.prevent_default();
        dragging.set(true);
    });
    let dragleave = window_event_listener(ev::dragleave, move |event| {
        // Leaving the window (not moving between elements) has no related target.
        if event.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |event| {
        event.prevent_default();
        dragging.set(false);
        let file = event
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        match file {
            Some(file) => open_file(state, file),
            None => state.view.show_error(
                "Only files can be dropped here: drop a .txt, .md, .html or .mhtml file (a saved web page).".into(),
            ),
        }
    });
    on_cleanup(move || {
        dragover.remove();
        dragleave.remove();
        drop.remove();
    });

    view! {
        <div class="drop-overlay" class:visible=move || dragging.get() aria-hidden="true">
            <p>"Drop a .txt, .md, .html or .mhtml file to open it"</p>
        </div>
    }
}
