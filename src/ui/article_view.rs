//! The article, marked up: each block rendered from the model, each annotation a `<mark>`
//! (nested where annotations nest, split where they cross), the reader's selection, and the
//! keyboard. Text is always inserted as text, never as HTML.
//!
//! Every block element carries `data-start`, the code-point offset of its first character, so a
//! browser selection maps back to offsets (see `browser::dom`). The article is a read-only
//! editing host (`contenteditable`, every edit refused) so that a caret and Shift+arrows select
//! text from the keyboard.

use leptos::ev;
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::view_state::SelectionInfo;
use super::AppState;
use crate::browser::dom;
use domain::annotation::{AnnotationKind, HighlightColor, SourceKind};
use domain::article::BlockKind;
use domain::pacing::{boxes_within, Pace};
// The first paint shows the same blocks in the same boxes, so the article does not move when
// this view takes its place.
use domain::formats::first_paint::{BLOCKS_PER_BOX, FIRST_BLOCKS};

/// The article, re-rendered when another article is opened; its blocks re-render on their own.
#[component]
pub fn ArticleView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let article_ref = NodeRef::<leptos::html::Article>::new();

    // The reader's selection, from mouse, touch or keyboard (`selectionchange` fires on the
    // document and does not reach the window).
    let on_selection = move || {
        let Some(article) = article_ref.get_untracked() else {
            return;
        };
        match dom::selection_span(&article) {
            Some(span) => {
                let (left, top) = dom::selection_position().unwrap_or((0.0, 0.0));
                state
                    .view
                    .selection
                    .set(Some(SelectionInfo { span, left, top }));
            }
            None => state.view.selection.set(None),
        }
    };
    let selection_listener = dom::on_selection_change(on_selection);
    // Dropping the listener removes it.
    let selection_listener = StoredValue::new_local(selection_listener);
    on_cleanup(move || selection_listener.dispose());
    let key_listener = window_event_listener(ev::keydown, move |event| on_key(state, &event));
    on_cleanup(move || key_listener.remove());

    let hidden_classes = move || {
        state.view.hidden_kinds.with(|hidden| {
            let mut classes = String::from("article");
            for kind in hidden {
                classes.push_str(" hide-");
                classes.push_str(kind.label());
            }
            if state.view.only_unnamed.get() {
                classes.push_str(" only-unnamed");
            }
            classes
        })
    };

    // A long article is put on the page a few boxes of blocks per frame after the first screen,
    // so that it shows at once and the page answers while the rest follows (fifty thousand short
    // paragraphs take seconds to lay out, in any browser). A box is one element the browser
    // skips while it is off screen (CSS `content-visibility`): one per box, not one per
    // paragraph, keeps the browser's own bookkeeping of what is on screen small on a long
    // article, and a box small enough that the first frame lays out little more than a screen.
    // Re-run for each article opened: its blocks, and how many are shown, are its own.
    // The first article shows as many blocks at once as the first paint did; one opened later
    // shows its first box in the task that opens it, and the rest from the next frame on.
    let first_shown = StoredValue::new(FIRST_BLOCKS);
    let blocks = move || {
        let count = state.document.open.with(|doc| doc.article.blocks.len());
        let shown = RwSignal::new(first_shown.get_value().min(count));
        first_shown.set_value(BLOCKS_PER_BOX);
        show_more(
            state,
            shown,
            count,
            Pace::guessed(FIRST_PACE_MS, BLOCKS_BUDGET_MS),
        );
        let boxes = move || 0..shown.get().div_ceil(BLOCKS_PER_BOX);
        view! {
            <For each=boxes key=|chunk| *chunk let:chunk>
                {
                    let range = chunk * BLOCKS_PER_BOX..((chunk + 1) * BLOCKS_PER_BOX).min(count);
                    view! {
                        <div class="block-chunk">
                            {range.map(|index| view! { <BlockView index=index /> }).collect_view()}
                        </div>
                    }
                }
            </For>
        }
    };

    view! {
        <article
            id="article"
            node_ref=article_ref
            class=hidden_classes
            aria-label="Article"
            contenteditable="true"
            inputmode="none"
            spellcheck="false"
            autocapitalize="off"
            translate="no"
            on:beforeinput=|event: ev::InputEvent| event.prevent_default()
            on:paste=|event: ev::ClipboardEvent| event.prevent_default()
            on:cut=|event: ev::ClipboardEvent| event.prevent_default()
            on:drop=|event: ev::DragEvent| {
                // Dropped files still reach the page's drop handler; dropped text edits nothing.
                let files = event.data_transfer().and_then(|t| t.files()).map_or(0, |f| f.length());
                if files == 0 {
                    event.prevent_default();
                }
            }
            on:click=move |event: ev::MouseEvent| on_click(state, &event)
            on:mouseover=move |event: ev::MouseEvent| {
                if let Some(id) = dom::mark_id_of(event.target()) {
                    state.view.hovered.set(Some(id));
                }
            }
            on:mouseout=move |event: ev::MouseEvent| {
                if dom::mark_id_of(event.target()).is_some() {
                    state.view.hovered.set(None);
                }
            }
            on:focusin=move |event: ev::FocusEvent| {
                state.view.hovered.set(dom::mark_id_of(event.target()));
            }
        >
            {blocks}
        </article>
    }
}

fn on_click(state: AppState, event: &ev::MouseEvent) {
    // A click that ends a selection is not a click on a mark.
    if state.view.selection.get_untracked().is_some() {
        return;
    }
    if let Some(id) = dom::mark_id_of(event.target()) {
        state.show_card_in_place(&id);
    }
}

/// Shows more blocks after the next paint, whole boxes of [`BLOCKS_PER_BOX`] at a time, until
/// all `count` are shown (or another article is opened: its view, and `shown` with it, is gone).
/// How many is paced ([`Pace`]) in units of work — a block, and one more per mark in it, as a
/// block's marks are most of what it costs — so that a slower machine puts fewer on the page per
/// task, and boxes of marked blocks fewer than of plain ones; at least one box.
fn show_more(state: AppState, shown: RwSignal<usize>, count: usize, pace: Pace) {
    if shown.try_get_untracked().is_none_or(|shown| shown >= count) {
        return;
    }
    dom::after_paint(move || {
        let Some(from) = shown.try_get_untracked() else {
            return;
        };
        let from = from.div_ceil(BLOCKS_PER_BOX) * BLOCKS_PER_BOX;
        let (to, units) = state.document.annotations.with_untracked(|view| {
            boxes_within(
                from,
                count,
                BLOCKS_PER_BOX,
                pace.units_in_budget(),
                &view.by_block,
            )
        });
        let started = crate::browser::monotonic_ms();
        if shown.try_set(to).is_some() {
            // Not set: this article's view is gone.
            return;
        }
        // The new blocks are made and filled by effects later in this task: the next task
        // measures them all.
        crate::browser::next_task(move || {
            let spent = crate::browser::monotonic_ms() - started;
            show_more(state, shown, count, pace.measured(units, spent));
        });
    });
}

/// How long putting blocks on the page may take a frame (milliseconds): half the budget of other
/// slices, as filling blocks makes garbage and a collection now and then doubles a slice.
const BLOCKS_BUDGET_MS: f64 = 10.0;

/// The first guess of the pace at which blocks are put on the page (milliseconds a unit of
/// work): that of a slow phone, so that the first boxes are few; it is measured from then on.
const FIRST_PACE_MS: f64 = 0.2;

/// One block of the article with its marks. The marked-up text is built as DOM nodes in one
/// fragment (`browser::render`) when the annotations touching this block change, and only then.
#[component]
fn BlockView(index: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (kind, span, text) = state.document.open.with_untracked(|doc| {
        let block = &doc.article.blocks[index];
        (block.kind, block.span, doc.text.clone())
    });
    // Repainted when this block's trigger fires (`AppState::refresh` fires the triggers of the
    // blocks whose annotations changed), not on every change.
    let trigger = ArcTrigger::new();
    state.repaint.triggers.update_value(|triggers| {
        if triggers.len() <= index {
            triggers.resize_with(index + 1, ArcTrigger::new);
        }
        triggers[index] = trigger.clone();
    });
    let holder = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        trigger.track();
        let marks = state
            .document
            .annotations
            .with_untracked(|view| view.block(index));
        if let Some(element) = holder.get() {
            crate::browser::render::fill_block(&element, span, &marks, &text);
        }
    });
    let start = span.start;
    let content =
        move || view! { <span class="block-text" data-start=start node_ref=holder></span> };
    match kind {
        BlockKind::PageDate => view! { <p class="page-date">{content()}</p> }.into_any(),
        BlockKind::Headline => view! { <h1 class="headline">{content()}</h1> }.into_any(),
        BlockKind::Published => view! {
            <p class="published">
                <span class="meta-label" contenteditable="false">"Published "</span>
                <time>{content()}</time>
            </p>
        }
        .into_any(),
        BlockKind::Byline => view! { <p class="byline">{content()}</p> }.into_any(),
        BlockKind::Caption => view! {
            <figure class="caption">
                <figcaption>{content()}</figcaption>
            </figure>
        }
        .into_any(),
        BlockKind::Subheading => view! { <h2 class="subheading">{content()}</h2> }.into_any(),
        BlockKind::Paragraph => view! { <p class="paragraph">{content()}</p> }.into_any(),
    }
}

/// Moves keyboard focus to the next (or previous) mark among the kinds shown.
fn step_mark(state: AppState, forward: bool) {
    let hidden = state.view.hidden_kinds.get_untracked();
    let only_unnamed = state.view.only_unnamed.get_untracked();
    let unnamed = SourceKind::Unnamed.label();
    dom::focus_next_mark(forward, |label, source| {
        AnnotationKind::from_label(label).is_none_or(|kind| !hidden.contains(&kind))
            && (!only_unnamed || source == Some(unnamed))
    });
}

/// The page's keyboard shortcuts (listed in the shortcuts help).
fn on_key(state: AppState, event: &KeyboardEvent) {
    let key = event.key();
    let control = event.ctrl_key() || event.meta_key();
    let in_field = dom::in_form_field(event.target(), None);
    if key == "Escape" {
        if state.view.help_open.get_untracked() {
            state.view.help_open.set(false);
        } else if let Some(id) = state.view.open_card.get_untracked() {
            // What was typed is saved first; its mark may be painted again, so focus it after.
            state.flush_draft();
            state.view.open_card.set(None);
            dom::after_paint(move || {
                if let Some(mark) = dom::mark_element(&id) {
                    dom::focus_mark(&mark);
                }
            });
        } else if state.view.selection.get_untracked().is_some() {
            dom::clear_selection();
            state.view.selection.set(None);
        }
        return;
    }
    if control && !in_field {
        match (key.to_lowercase().as_str(), event.shift_key()) {
            ("z", false) => state.undo(),
            ("z", true) | ("y", _) => state.redo(),
            _ => return,
        }
        event.prevent_default();
        return;
    }
    if in_field || control || event.alt_key() {
        return;
    }
    // Read the selection now: `selectionchange` may not have caught up with fast keys.
    let selection = dom::article_selection();
    let handled = match key.as_str() {
        "?" => {
            state.view.help_open.set(true);
            true
        }
        "j" | "]" => {
            step_mark(state, true);
            true
        }
        "k" | "[" => {
            step_mark(state, false);
            true
        }
        "u" => {
            state.view.only_unnamed.update(|only| *only = !*only);
            true
        }
        "Enter" => match dom::mark_id_of(event.target()) {
            Some(id) => {
                state.show_card_in_place(&id);
                true
            }
            None => false,
        },
        // The help promises "then type a note": the keys go to the note field, not to shortcuts.
        "h" | "n" => match selection {
            Some(span) => {
                if let Some(id) = state.add_annotation(
                    AnnotationKind::Highlight,
                    span,
                    Some(HighlightColor::Yellow),
                ) {
                    state.show_card_in_place(&id);
                    super::card::focus_note_field();
                }
                true
            }
            None => false,
        },
        _ => false,
    };
    if handled {
        event.prevent_default();
    }
}

/// The toolbar over a selection: highlight in a colour, label as a kind, or add a note.
#[component]
pub fn SelectionToolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let add = move |kind: AnnotationKind, color: Option<HighlightColor>, note: bool| {
        let Some(selection) = state.view.selection.get_untracked() else {
            return;
        };
        if let Some(id) = state.add_annotation(kind, selection.span, color) {
            // The card opens in the click's own task: a key pressed right after the click
            // (Escape, or the note's first letter) must find it open.
            state.show_card_in_place(&id);
            if note {
                super::card::focus_note_field();
            }
        }
    };
    move || {
        state.view.selection.get().map(|selection| {
            // Positioned through the CSS object model: the page's policy forbids inline style attributes.
            let left = format!("{:.0}px", selection.left.max(8.0));
            let top = format!("{:.0}px", selection.top + 8.0);
            let colors = HighlightColor::ALL
                .iter()
                .copied()
                .map(|color| {
                    let label = format!("Highlight {}", color.label());
                    view! {
                        <button type="button" class="swatch" data-color=color.label() aria-label=label.clone() title=label
                            on:mousedown=|event: ev::MouseEvent| event.prevent_default()
                            on:click=move |_| add(AnnotationKind::Highlight, Some(color), false)></button>
                    }
                })
                .collect_view();
            let labels = [AnnotationKind::Claim, AnnotationKind::Question, AnnotationKind::Evidence, AnnotationKind::Quote, AnnotationKind::Reported, AnnotationKind::Person, AnnotationKind::Organisation, AnnotationKind::Place, AnnotationKind::Date, AnnotationKind::Term]
                .into_iter()
                .map(|kind| view! { <option value=kind.label()>{kind.title()}</option> })
                .collect_view();
            view! {
                <div class="selection-toolbar" role="toolbar" aria-label="Annotate the selection" style:left=left style:top=top>
                    {colors}
                    <select aria-label="Label the selection as"
                        on:change=move |event| {
                            let value = event_target_value(&event);
                            if let Some(kind) = AnnotationKind::from_label(&value) {
                                add(kind, None, false);
                            }
                        }>
                        <option value="" selected=true>"Label…"</option>
                        {labels}
                    </select>
                    <button type="button" on:mousedown=|event: ev::MouseEvent| event.prevent_default()
                        on:click=move |_| add(AnnotationKind::Highlight, Some(HighlightColor::Yellow), true)>"Note"</button>
                </div>
            }
        })
    }
}
