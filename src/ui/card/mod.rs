//! One annotation up close: the summary shown on hover or focus, and the card that edits it —
//! kind, note, tags, colour, speaker, entity (this mention or all of them), boundaries — or
//! deletes it (for an engine annotation: rejects it).
//!
//! The note and the tags are saved as the reader types (by the save each key asks for, on blur,
//! when the card closes and when the page is hidden), and one opening of the card is one undo
//! step. If the annotation goes while its card is open (deleted in another tab, or undone), what
//! was typed stays in the card, which offers to keep it as a new annotation. The card's parts
//! are in `body.rs`.

mod body;

use std::sync::atomic::AtomicU64;

use leptos::prelude::*;

use super::AppState;
use crate::browser;
use domain::annotation::{Annotation, AnnotationId};
use domain::limits::parse_tags;
use domain::workspace::{AnnotationEdit, WorkspaceError};

/// What is typed in the open card.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: AnnotationId,
    /// One per opening of the card: its keystrokes are one undo step.
    pub session: u64,
    pub note: String,
    pub tags: String,
    /// Whether it holds keys not yet saved.
    pub unsaved: bool,
}

/// Card openings, numbered (typing sessions).
static SESSIONS: AtomicU64 = AtomicU64::new(1);

/// Saves what is typed in the open card, if anything is unsaved. An annotation that is gone
/// keeps its draft (the card offers to keep it as a new annotation).
pub fn flush_draft(state: AppState) {
    let Some(draft) = state.saving.draft.get_value().filter(|d| d.unsaved) else {
        return;
    };
    let now = browser::now_millis();
    let edit = AnnotationEdit {
        note: Some(draft.note.clone()),
        tags: Some(parse_tags(&draft.tags)),
        ..Default::default()
    };
    let mut result = state
        .document
        .workspace
        .try_update_value(|w| w.edit_typing(&draft.id, edit, now, draft.session));
    let mut tags_refused = None;
    if let Some(Err(
        error @ (WorkspaceError::TooManyTags { .. } | WorkspaceError::TagTooLong { .. }),
    )) = result
    {
        // Tags beyond the limits never hold back the note typed beside them.
        tags_refused = Some(error);
        let note_only = AnnotationEdit {
            note: Some(draft.note.clone()),
            ..Default::default()
        };
        result = state
            .document
            .workspace
            .try_update_value(|w| w.edit_typing(&draft.id, note_only, now, draft.session));
    }
    match result {
        Some(Ok(())) => {
            if tags_refused.is_none() {
                state.saving.draft.update_value(|current| {
                    if let Some(current) = current {
                        if current.note == draft.note && current.tags == draft.tags {
                            current.unsaved = false;
                        }
                    }
                });
            }
            state.changed();
        }
        Some(Err(WorkspaceError::NoSuchAnnotation(_))) | None => {}
        Some(Err(error)) => state.view.show_error(error.to_string()),
    }
    if let Some(error) = tags_refused {
        state.view.show_error(format!(
            "{error} Your note is saved; the tags are not, until they fit."
        ));
    }
}

/// The id of the note field, focused when the reader chose "Note".
const NOTE_FIELD: &str = "annotation-note";

/// Puts the keyboard in the open card's note field (once it is on the page).
pub fn focus_note_field() {
    crate::browser::dom::after_paint(|| crate::browser::dom::focus_by_id(NOTE_FIELD));
}

/// The card's and the summary's first line: the kind and who or what (and a date's value).
fn summary_line(annotation: &Annotation, marked: &str) -> String {
    let mut line = annotation.describe(marked);
    if let Some(date) = &annotation.date() {
        line.push_str(&format!(" ({date})"));
    }
    line
}

/// The first `chars` characters of a text, with "…" if it goes on.
fn beginning(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// What the mark under the pointer or keyboard is: kind, speaker or entity, note and tags.
#[component]
pub fn HoverSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let id = state.view.hovered.get()?;
        // The open card says all of it already; and while the reader is selecting words (over
        // a mark, say) the toolbar for the selection is what they need, not a summary over it.
        if state.view.open_card.get().is_some() || state.view.selection.get().is_some() {
            return None;
        }
        let annotation = state
            .document
            .annotations
            .with(|view| view.find(&id).cloned())?;
        let marked = state
            .document
            .open
            .with(|doc| doc.text.slice(annotation.span).to_owned());
        let line = summary_line(&annotation, &marked);
        // The beginning of a long note and of many tags: the card shows all of them.
        let note = (!annotation.note.is_empty()).then(|| beginning(&annotation.note, 280));
        let tags = (!annotation.tags.is_empty()).then(|| {
            let shown = annotation
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ");
            beginning(&shown, 160)
        });
        Some(view! {
            <div class="hover-summary" role="status" aria-live="polite">
                <p class="summary-line">{line}</p>
                {note.map(|note| view! { <p class="summary-note">{note}</p> })}
                {tags.map(|tags| view! { <p class="summary-tags">{tags}</p> })}
                <p class="summary-hint">"Click or press Enter to edit"</p>
            </div>
        })
    }
}

/// The source and the cue of the quotation or reported statement under the pointer or keyboard
/// (or whose card is open), outlined where they are in the article: who says it, and the words
/// that say so.
#[component]
pub fn AttributionOutline() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let id = state
            .view
            .open_card
            .get()
            .or_else(|| state.view.hovered.get())?;
        let said = state
            .document
            .annotations
            .with(|view| view.find(&id).and_then(|a| a.attribution().cloned()))?;
        let parts: Vec<(&'static str, domain::text::Span)> = [
            ("source", said.speaker.as_ref().and_then(|s| s.mention)),
            ("cue", said.cue),
        ]
        .into_iter()
        .filter_map(|(role, span)| Some((role, span?)))
        .collect();
        let boxes = state.document.open.with(|doc| {
            let length = doc.text.char_len();
            parts
                .into_iter()
                .filter(|(_, span)| !span.is_empty() && span.end <= length)
                .filter_map(|(role, span)| {
                    // The words lie in one block (a longer span is not outlined).
                    let block = doc.article.blocks.iter().find(|b| b.span.start <= span.start && span.end <= b.span.end)?;
                    Some((role, crate::browser::dom::span_rects(block.span.start, span)))
                })
                .flat_map(|(role, rects)| rects.into_iter().map(move |rect| (role, rect)))
                .map(|(role, (left, top, width, height))| {
                    view! {
                        <span class=format!("attribution-outline outline-{role}") data-role=role
                            style:left=format!("{:.0}px", left - 2.0) style:top=format!("{:.0}px", top - 1.0)
                            style:width=format!("{:.0}px", width + 4.0) style:height=format!("{:.0}px", height + 2.0)></span>
                    }
                })
                .collect::<Vec<_>>()
        });
        (!boxes.is_empty())
            .then(|| view! { <div class="attribution-outlines" aria-hidden="true">{boxes}</div> })
    }
}

/// The card of the open annotation.
#[component]
pub fn AnnotationCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let id = state.view.open_card.get()?;
        // Untracked: the card is rebuilt when another annotation opens, not at every keystroke.
        let annotation = state
            .document
            .annotations
            .with_untracked(|view| view.find(&id).cloned())?;
        Some(view! { <body::CardBody annotation=annotation /> })
    }
}
