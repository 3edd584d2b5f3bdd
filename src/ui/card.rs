//! One annotation up close: the summary shown on hover or focus, and the card that edits it —
//! kind, note, tags, colour, speaker, entity (this mention or all of them), boundaries — or
//! deletes it (for an engine annotation: rejects it).
//!
//! The note and the tags are saved as the reader types (a moment after the last key, on blur,
//! when the card closes and when the page is hidden), and one opening of the card is one undo
//! step. If the annotation goes while its card is open (deleted in another tab, or undone), what
//! was typed stays in the card, which offers to keep it as a new annotation.

use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;

use super::AppState;
use crate::browser;
use domain::annotation::{Annotation, AnnotationKind, HighlightColor, Origin, SpeakerRef};
use domain::limits::{cut_note, parse_tags, with_thousands, MAX_NOTE_CHARS};
use domain::text::Span;
use domain::workspace::{AnnotationEdit, WorkspaceError};

/// What is typed in the open card.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub id: String,
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
    let Some(draft) = state.draft.get_value().filter(|d| d.unsaved) else {
        return;
    };
    let now = browser::now_millis();
    let edit = AnnotationEdit {
        note: Some(draft.note.clone()),
        tags: Some(parse_tags(&draft.tags)),
        ..Default::default()
    };
    let mut result = state
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
            .workspace
            .try_update_value(|w| w.edit_typing(&draft.id, note_only, now, draft.session));
    }
    match result {
        Some(Ok(())) => {
            if tags_refused.is_none() {
                state.draft.update_value(|current| {
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
        Some(Err(error)) => state.show_error(error.to_string()),
    }
    if let Some(error) = tags_refused {
        state.show_error(format!(
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

fn summary_line(annotation: &Annotation, marked: &str) -> String {
    let mut line = annotation.describe(marked);
    if let Some(date) = &annotation.date {
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
        let id = state.hovered.get()?;
        // The open card says all of it already; and while the reader is selecting words (over
        // a mark, say) the toolbar for the selection is what they need, not a summary over it.
        if state.open_card.get().is_some() || state.selection.get().is_some() {
            return None;
        }
        let annotation = state.annotations.with(|view| view.find(&id).cloned())?;
        let marked = state
            .doc
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
    // How many characters the last input that went past a note's limit left out (0: none).
    let note_cut = RwSignal::new(0_usize);
    let tags = RwSignal::new(annotation.tags.join(", "));
    let session = SESSIONS.fetch_add(1, Ordering::Relaxed);
    state.draft.set_value(Some(Draft {
        id: id.clone(),
        session,
        note: annotation.note.clone(),
        tags: annotation.tags.join(", "),
        unsaved: false,
    }));
    // Typing asks for a save, which takes what is typed: within the save's maximum wait of the
    // first key not yet saved, however the reader goes on typing.
    let typed = move || {
        state.draft.update_value(|draft| {
            if let Some(draft) = draft.as_mut().filter(|d| d.session == session) {
                draft.note = note.get_untracked();
                draft.tags = tags.get_untracked();
                draft.unsaved = true;
            }
        });
        // Typed and not yet saved is not "Saved"; the save takes the draft first.
        super::persistence::request_save(state);
    };
    on_cleanup(move || {
        flush_draft(state);
        let mine = state
            .draft
            .with_value(|d| d.as_ref().is_some_and(|d| d.session == session));
        if mine {
            state.draft.set_value(None);
        }
    });
    // The annotation may go while the card is open (another tab, undo): the typed text stays.
    let gone = {
        let id = id.clone();
        Memo::new(move |_| state.annotations.with(|view| view.find(&id).is_none()))
    };
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

    // The note and tags save as they are typed; the speaker when the field is left or on Save.
    let save_speaker = {
        let id = id.clone();
        let original_speaker = original_speaker.clone();
        move || {
            if kind != AnnotationKind::Quote || gone.get_untracked() {
                return;
            }
            let speaker_name = speaker.get_untracked().trim().to_owned();
            let current = original_speaker
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            if speaker_name == current {
                return;
            }
            let mention = original_speaker.as_ref().and_then(|s| s.mention);
            state.edit_annotation(
                &id,
                AnnotationEdit {
                    speaker: Some((!speaker_name.is_empty()).then(|| SpeakerRef {
                        name: speaker_name.clone(),
                        mention,
                    })),
                    ..Default::default()
                },
            );
        }
    };
    let save_speaker_on_blur = save_speaker.clone();
    let save_on_button = move || {
        flush_draft(state);
        save_speaker();
    };
    let original = annotation.clone();
    let keep_as_new = move |_| {
        let mut copy = original.clone();
        copy.note = note.get_untracked();
        copy.tags = parse_tags(&tags.get_untracked());
        let now = browser::now_millis();
        let new_id = browser::random_annotation_id();
        match state
            .workspace
            .try_update_value(|w| w.add_copy(&copy, new_id, now))
        {
            Some(Ok(new_id)) => {
                state.draft.set_value(None);
                state.changed();
                state.open_in_place(&new_id);
            }
            Some(Err(error)) => state.show_error(error.to_string()),
            None => {}
        }
    };
    let discard = move |_| {
        state.draft.set_value(None);
        state.open_card.set(None);
    };
    let gone_notice = move || {
        let keep_as_new = keep_as_new.clone();
        gone.get().then(move || {
            view! {
                <div class="card-gone" role="alert">
                    <p>"This annotation was deleted (in another tab, or by undo). What you typed is still here."</p>
                    <div class="card-row">
                        <button type="button" class="primary" on:click=keep_as_new>"Keep it as a new annotation"</button>
                        <button type="button" on:click=discard>"Discard"</button>
                    </div>
                </div>
            }
        })
    };

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
                on:input=move |event| speaker.set(event_target_value(&event))
                on:blur=move |_| save_speaker_on_blur() />
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
            {gone_notice}
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
                aria-describedby=move || (note_cut.get() > 0).then_some("note-cut")
                on:input=move |event| {
                    let (kept, left_out) = cut_note(event_target_value(&event));
                    // Set even when unchanged: the field shows what is kept, not what was pasted.
                    if left_out > 0 {
                        note_cut.set(left_out);
                    } else if note_cut.get_untracked() > 0 && kept.chars().count() < MAX_NOTE_CHARS {
                        note_cut.set(0);
                    }
                    note.set(kept);
                    typed();
                }
                on:blur=move |_| flush_draft(state)></textarea>
            {move || (note_cut.get() > 0).then(|| view! {
                <p id="note-cut" class="field-warning" role="alert">{format!(
                    "A note holds at most {} characters: the last {} characters were not kept. Split a longer text over two annotations.",
                    with_thousands(MAX_NOTE_CHARS),
                    with_thousands(note_cut.get())
                )}</p>
            })}
            <label for="annotation-tags">"Tags (separated by commas)"</label>
            <input id="annotation-tags" type="text" prop:value=move || tags.get()
                on:input=move |event| {
                    tags.set(event_target_value(&event));
                    typed();
                }
                on:blur=move |_| flush_draft(state) />
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
