//! One annotation up close: the summary shown on hover or focus, and the card that edits it —
//! kind, note, tags, colour, speaker, entity (this mention or all of them), boundaries — or
//! deletes it (for an engine annotation: rejects it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::AppState;
use crate::domain::annotation::{Annotation, AnnotationKind, HighlightColor, Origin, SpeakerRef};
use crate::domain::text::Span;
use crate::domain::workspace::{parse_tags, AnnotationEdit};

/// The id of the note field, focused when the reader chose "Note".
const NOTE_FIELD: &str = "annotation-note";

/// Puts the keyboard in the open card's note field (once it is on the page).
pub fn focus_note_field() {
    super::after_paint(|| {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(NOTE_FIELD));
        if let Some(field) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = field.focus();
        }
    });
}

fn summary_line(annotation: &Annotation, marked: &str) -> String {
    let mut line = annotation.describe(marked);
    if let Some(date) = &annotation.date {
        line.push_str(&format!(" ({date})"));
    }
    line
}

/// What the mark under the pointer or keyboard is: kind, speaker or entity, note and tags.
#[component]
pub fn HoverSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let id = state.hovered.get()?;
        // The open card says all of it already.
        if state.open_card.get().is_some() {
            return None;
        }
        let annotation = state.annotations.with(|view| view.find(&id).cloned())?;
        let marked = state
            .doc
            .with(|doc| doc.text.slice(annotation.span).to_owned());
        let line = summary_line(&annotation, &marked);
        let note = (!annotation.note.is_empty()).then(|| annotation.note.clone());
        let tags = (!annotation.tags.is_empty()).then(|| {
            annotation
                .tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ")
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

/// The card of the open annotation.
#[component]
pub fn AnnotationCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let id = state.open_card.get()?;
        // Untracked: the card is rebuilt when another annotation opens, not at every keystroke.
        let annotation = state
            .annotations
            .with_untracked(|view| view.find(&id).cloned())?;
        Some(view! { <CardBody annotation=annotation /> })
    }
}

#[component]
fn CardBody(annotation: Annotation) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = annotation.id.clone();
    let marked = state
        .doc
        .with_untracked(|doc| doc.text.slice(annotation.span).to_owned());
    let note = RwSignal::new(annotation.note.clone());
    let tags = RwSignal::new(annotation.tags.join(", "));
    let speaker = RwSignal::new(
        annotation
            .speaker
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
    );
    let entity = RwSignal::new(annotation.entity.clone().unwrap_or_default());
    let kind = annotation.kind;
    let original_entity = annotation.entity.clone();
    let original_speaker = annotation.speaker.clone();
    let is_engine = annotation.origin == Origin::Engine;
    let heading = summary_line(&annotation, &marked);

    let save = {
        let id = id.clone();
        move || {
            let speaker_name = speaker.get_untracked().trim().to_owned();
            let speaker_edit = if kind == AnnotationKind::Quote {
                let mention = original_speaker.as_ref().and_then(|s| s.mention);
                Some((!speaker_name.is_empty()).then(|| SpeakerRef {
                    name: speaker_name.clone(),
                    mention,
                }))
            } else {
                None
            };
            state.edit_annotation(
                &id,
                AnnotationEdit {
                    note: Some(note.get_untracked()),
                    tags: Some(parse_tags(&tags.get_untracked())),
                    speaker: speaker_edit,
                    ..Default::default()
                },
            );
        }
    };
    let save_on_blur = save.clone();
    let save_on_button = save.clone();

    let kinds = AnnotationKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.label() selected=k == kind>{k.title()}</option> })
        .collect_view();
    let colors = (kind == AnnotationKind::Highlight).then(|| {
        HighlightColor::ALL
            .into_iter()
            .map(|color| {
                let id = id.clone();
                let label = format!("Colour {}", color.label());
                view! {
                    <button type="button" class="swatch" data-color=color.label() aria-label=label.clone() title=label
                        aria-pressed=(annotation.color == Some(color)).to_string()
                        on:click=move |_| state.edit_annotation(&id, AnnotationEdit { color: Some(Some(color)), ..Default::default() })></button>
                }
            })
            .collect_view()
    });

    let entity_controls = kind.is_entity().then(|| {
        let rename_all = {
            let from = original_entity.clone();
            move |_| {
                let to = entity.get_untracked();
                if let Some(from) = &from {
                    state.rename_entity(kind, from, &to);
                }
            }
        };
        let this_only = {
            let id = id.clone();
            move |_| {
                let to = entity.get_untracked().trim().to_owned();
                state.edit_annotation(&id, AnnotationEdit { entity: Some((!to.is_empty()).then_some(to)), ..Default::default() });
            }
        };
        view! {
            <label for="annotation-entity">"Entity"</label>
            <input id="annotation-entity" type="text" prop:value=move || entity.get()
                on:input=move |event| entity.set(event_target_value(&event)) />
            <div class="card-row">
                <button type="button" on:click=rename_all title="Every mention grouped under this name goes under the new one (merges with an existing entity)">"Rename all mentions"</button>
                <button type="button" on:click=this_only title="Only this mention moves to the new name (splits it off)">"This mention only"</button>
            </div>
        }
    });

    let speaker_controls = (kind == AnnotationKind::Quote).then(|| {
        view! {
            <label for="annotation-speaker">"Speaker"</label>
            <input id="annotation-speaker" type="text" prop:value=move || speaker.get()
                on:input=move |event| speaker.set(event_target_value(&event)) />
        }
    });

    let nudge = {
        let id = id.clone();
        move |delta_start: isize, delta_end: isize| {
            let Some(current) = state
                .annotations
                .with_untracked(|view| view.find(&id).map(|a| a.span))
            else {
                return;
            };
            let length = state.doc.with_untracked(|doc| doc.text.char_len());
            let start = (current.start as isize + delta_start).clamp(0, length as isize) as usize;
            let end = (current.end as isize + delta_end).clamp(0, length as isize) as usize;
            if start < end {
                state.edit_annotation(
                    &id,
                    AnnotationEdit {
                        span: Some(Span::new(start, end)),
                        ..Default::default()
                    },
                );
            }
        }
    };
    let nudge = std::rc::Rc::new(nudge);
    let boundary = |label: &'static str, ds: isize, de: isize| {
        let nudge = nudge.clone();
        view! { <button type="button" class="nudge" aria-label=label title=label on:click=move |_| nudge(ds, de)>{label_glyph(label)}</button> }
    };

    let delete = {
        let id = id.clone();
        move |_| state.delete_annotation(&id)
    };
    let change_kind = {
        let id = id.clone();
        move |event: leptos::ev::Event| {
            if let Some(kind) = AnnotationKind::from_label(&event_target_value(&event)) {
                state.edit_annotation(
                    &id,
                    AnnotationEdit {
                        kind: Some(kind),
                        ..Default::default()
                    },
                );
            }
        }
    };

    // Other annotations on the same words: the reader reaches each of them from here.
    let others = state.annotations.with_untracked(|view| {
        view.list
            .iter()
            .filter(|other| other.id != annotation.id && other.span.overlaps(&annotation.span))
            .map(|other| {
                let name = other
                    .entity
                    .clone()
                    .or(other.speaker.as_ref().map(|s| s.name.clone()));
                let title = match name {
                    Some(name) => format!("{}: {name}", other.kind.title()),
                    None => other.kind.title().to_owned(),
                };
                (other.id.clone(), title)
            })
            .collect::<Vec<_>>()
    });
    let others = (!others.is_empty()).then(|| {
        let buttons = others
            .into_iter()
            .map(|(other, title)| view! { <button type="button" on:click=move |_| state.open(&other)>{title}</button> })
            .collect_view();
        view! { <div class="card-row card-others"><span>"Also here:"</span>{buttons}</div> }
    });

    view! {
        <aside class="annotation-card" role="dialog" aria-label="Annotation" aria-modal="false">
            <header class="card-header">
                <p class="card-title">{heading}</p>
                <button type="button" class="card-close" aria-label="Close (Escape)" on:click=move |_| state.open_card.set(None)>"×"</button>
            </header>
            <blockquote class="card-quote">{marked}</blockquote>
            <div class="card-row">
                <label for="annotation-kind">"Kind"</label>
                <select id="annotation-kind" on:change=change_kind>{kinds}</select>
                {colors}
            </div>
            {speaker_controls}
            {entity_controls}
            <label for=NOTE_FIELD>"Note"</label>
            <textarea id=NOTE_FIELD rows="3" prop:value=move || note.get()
                on:input=move |event| note.set(event_target_value(&event))
                on:blur=move |_| save_on_blur()></textarea>
            <label for="annotation-tags">"Tags (separated by commas)"</label>
            <input id="annotation-tags" type="text" prop:value=move || tags.get()
                on:input=move |event| tags.set(event_target_value(&event)) />
            <div class="card-row">
                <span>"Start"</span>
                {boundary("Start one character earlier", -1, 0)}
                {boundary("Start one character later", 1, 0)}
                <span>"End"</span>
                {boundary("End one character earlier", 0, -1)}
                {boundary("End one character later", 0, 1)}
            </div>
            {others}
            <div class="card-row card-actions">
                <button type="button" class="primary" on:click=move |_| save_on_button()>"Save"</button>
                <button type="button" class="danger" on:click=delete>{if is_engine { "Reject" } else { "Delete" }}</button>
            </div>
        </aside>
    }
}

fn label_glyph(label: &str) -> &'static str {
    if label.ends_with("earlier") {
        "◀"
    } else {
        "▶"
    }
}
