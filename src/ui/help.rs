//! The keyboard shortcuts, shown with `?`.

use leptos::prelude::*;

use super::AppState;

const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Shift + arrows",
        "Select text in the article (click in the article first, or Tab to it)",
    ),
    (
        "h or n",
        "Highlight the selection and type its note (saved as you type)",
    ),
    ("j or ]", "Next mark"),
    ("k or [", "Previous mark"),
    (
        "u",
        "Show only claims from unnamed sources (again: show everything)",
    ),
    ("Enter", "Open the focused mark's card"),
    ("Escape", "Close the card, the toolbar or this help"),
    ("Ctrl + Z", "Undo"),
    ("Ctrl + Shift + Z or Ctrl + Y", "Redo"),
    ("?", "This help"),
];

/// The shortcuts dialog.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let state = expect_context::<AppState>();
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if state.view.help_open.get() {
            if let Some(button) = close_button.get() {
                let _ = button.focus();
            }
        }
    });
    move || {
        state.view.help_open.get().then(|| {
            let rows = SHORTCUTS
                .iter()
                .map(|(keys, what)| view! { <tr><th scope="row"><kbd>{*keys}</kbd></th><td>{*what}</td></tr> })
                .collect_view();
            view! {
                <div class="dialog-backdrop" on:click=move |_| state.view.help_open.set(false)></div>
                <section class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title">
                    <h2 id="help-title">"Keyboard shortcuts"</h2>
                    <table class="shortcuts"><tbody>{rows}</tbody></table>
                    <p>"Everything also works with the mouse or touch: select text to annotate it; click a mark to edit it."</p>
                    <button type="button" node_ref=close_button on:click=move |_| state.view.help_open.set(false)>"Close"</button>
                </section>
            }
        })
    }
}
