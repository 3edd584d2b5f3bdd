//! The card's parts, each a small component: what the card holds when the annotation went while
//! it was open, the kind and colour, the speaker or source of a quotation or reported statement
//! and the kind of that source, the entity of a mention (this
//! mention or all of them), the note and tags as typed, the boundaries, the other annotations
//! on the same words, and the actions.

use std::sync::atomic::Ordering;

use leptos::prelude::*;

use super::{flush_draft, summary_line, Draft, NOTE_FIELD, SESSIONS};
use crate::browser;
use crate::ui::AppState;
use domain::annotation::{
    Annotation, AnnotationId, AnnotationKind, HighlightColor, Origin, SourceKind, SpeakerRef,
};
use domain::limits::{cut_note, parse_tags, with_thousands, MAX_NOTE_CHARS};
use domain::text::Span;
use domain::workspace::AnnotationEdit;

/// The open card: one opening of it is one typing session (its keys one undo step).
#[component]
pub fn CardBody(annotation: Annotation) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = annotation.id.clone();
    let marked = state
        .document
        .open
        .with_untracked(|doc| doc.text.slice(annotation.span).to_owned());
    let note = RwSignal::new(annotation.note.clone());
    let tags = RwSignal::new(annotation.tags.join(", "));
    let session = SESSIONS.fetch_add(1, Ordering::Relaxed);
    state.saving.draft.set_value(Some(Draft {
        id: id.clone(),
        session,
        note: annotation.note.clone(),
        tags: annotation.tags.join(", "),
        unsaved: false,
    }));
    on_cleanup(move || {
        flush_draft(state);
        let mine = state
            .saving
            .draft
            .with_value(|d| d.as_ref().is_some_and(|d| d.session == session));
        if mine {
            state.saving.draft.set_value(None);
        }
    });
    // The annotation may go while the card is open (another tab, undo): the typed text stays.
    let gone = {
        let id = id.clone();
        Memo::new(move |_| {
            state
                .document
                .annotations
                .with(|view| view.find(&id).is_none())
        })
    };
    let heading = summary_line(&annotation, &marked);
    let kind = annotation.kind();
    let attribution = annotation.attribution().cloned().map(|said| {
        let cue = said.cue.map(|cue| {
            state
                .document
                .open
                .with_untracked(|doc| doc.text.slice(cue).to_owned())
        });
        let source_label = if kind == AnnotationKind::Reported {
            "Source"
        } else {
            "Speaker"
        };
        view! {
            <SpeakerField id=id.clone() original=said.speaker.clone() label=source_label gone />
            <SourceKindField id=id.clone() original=said.source_kind gone />
            {cue.map(|cue| view! { <p class="card-cue">"Attributed by "<q>{cue}</q></p> })}
        }
    });
    let entity = kind.is_entity().then(|| {
        view! { <EntityControls id=id.clone() kind original=annotation.entity().map(str::to_owned) /> }
    });
    let is_engine = annotation.origin == Origin::Engine;
    view! {
        <aside class="annotation-card" role="dialog" aria-label="Annotation" aria-modal="false">
            <header class="card-header">
                <p class="card-title">{heading}</p>
                <button type="button" class="card-close" aria-label="Close (Escape)" on:click=move |_| state.view.open_card.set(None)>"×"</button>
            </header>
            <GoneNotice original=annotation.clone() note tags gone />
            <blockquote class="card-quote">{marked}</blockquote>
            <KindAndColour id=id.clone() kind color=annotation.color() />
            {attribution}
            {entity}
            <NoteAndTags note tags session />
            <Boundaries id=id.clone() />
            <AlsoHere annotation=annotation.clone() />
            <div class="card-row card-actions">
                // The speaker and entity fields save when they are left (a click here leaves them).
                <button type="button" class="primary" on:click=move |_| flush_draft(state)>"Save"</button>
                <button type="button" class="danger" on:click=move |_| state.delete_annotation(&id)>
                    {if is_engine { "Reject" } else { "Delete" }}
                </button>
            </div>
        </aside>
    }
}

/// Shown when the annotation went while its card was open: what was typed stays, and can be
/// kept as a new annotation.
#[component]
fn GoneNotice(
    original: Annotation,
    note: RwSignal<String>,
    tags: RwSignal<String>,
    gone: Memo<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep_as_new = move |_| {
        let mut copy = original.clone();
        copy.note = note.get_untracked();
        copy.tags = parse_tags(&tags.get_untracked());
        let now = browser::now_millis();
        let new_id = browser::random_annotation_id();
        match state
            .document
            .workspace
            .try_update_value(|w| w.add_copy(&copy, new_id, now))
        {
            Some(Ok(new_id)) => {
                state.saving.draft.set_value(None);
                state.changed();
                state.show_card_in_place(&new_id);
            }
            Some(Err(error)) => state.view.show_error(error.to_string()),
            None => {}
        }
    };
    let discard = move |_| {
        state.saving.draft.set_value(None);
        state.view.open_card.set(None);
    };
    move || {
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
    }
}

/// The annotation's kind, and a highlight's colour.
#[component]
fn KindAndColour(
    id: AnnotationId,
    kind: AnnotationKind,
    color: Option<HighlightColor>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kinds = AnnotationKind::ALL
        .iter()
        .copied()
        .map(|k| view! { <option value=k.label() selected=k == kind>{k.title()}</option> })
        .collect_view();
    let colors = (kind == AnnotationKind::Highlight).then(|| {
        HighlightColor::ALL
            .iter()
            .copied()
            .map(|choice| {
                let id = id.clone();
                let label = format!("Colour {}", choice.label());
                view! {
                    <button type="button" class="swatch" data-color=choice.label() aria-label=label.clone() title=label
                        aria-pressed=(color == Some(choice)).to_string()
                        on:click=move |_| state.edit_annotation(&id, AnnotationEdit { color: Some(Some(choice)), ..Default::default() })></button>
                }
            })
            .collect_view()
    });
    let change_kind = move |event: leptos::ev::Event| {
        if let Some(kind) = AnnotationKind::from_label(&event_target_value(&event)) {
            state.edit_annotation(
                &id,
                AnnotationEdit {
                    kind: Some(kind),
                    ..Default::default()
                },
            );
        }
    };
    view! {
        <div class="card-row">
            <label for="annotation-kind">"Kind"</label>
            <select id="annotation-kind" on:change=change_kind>{kinds}</select>
            {colors}
        </div>
    }
}

/// Who said a quote: saved when the field is left.
#[component]
fn SpeakerField(
    id: AnnotationId,
    original: Option<SpeakerRef>,
    label: &'static str,
    gone: Memo<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = original
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let speaker = RwSignal::new(current.clone());
    let save = move |_| {
        let name = speaker.get_untracked().trim().to_owned();
        if gone.get_untracked() || name == current {
            return;
        }
        let mention = original.as_ref().and_then(|s| s.mention);
        state.edit_annotation(
            &id,
            AnnotationEdit {
                speaker: Some((!name.is_empty()).then_some(SpeakerRef { name, mention })),
                ..Default::default()
            },
        );
    };
    view! {
        <label for="annotation-speaker">{label}</label>
        <input id="annotation-speaker" type="text" prop:value=move || speaker.get()
            on:input=move |event| speaker.set(event_target_value(&event))
            on:blur=save />
    }
}

/// What kind of source a quotation or reported statement rests on: a named person or
/// organisation, a document, a pronoun, or nobody named — changed at once when chosen.
#[component]
fn SourceKindField(
    id: AnnotationId,
    original: Option<SourceKind>,
    gone: Memo<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let options = SourceKind::ALL
        .iter()
        .map(|&kind| {
            view! { <option value=kind.label() selected=original == Some(kind)>{kind.describe()}</option> }
        })
        .collect_view();
    view! {
        <label for="annotation-source-kind">"Kind of source"</label>
        <select id="annotation-source-kind"
            on:change=move |event| {
                if gone.get_untracked() {
                    return;
                }
                let chosen = SourceKind::from_label(&event_target_value(&event));
                state.edit_annotation(
                    &id,
                    AnnotationEdit {
                        source_kind: Some(chosen),
                        ..Default::default()
                    },
                );
            }>
            <option value="" selected=original.is_none()>"not known"</option>
            {options}
        </select>
    }
}

/// The name a mention is grouped under: changed for every mention of it, or for this one only.
#[component]
fn EntityControls(
    id: AnnotationId,
    kind: AnnotationKind,
    original: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let entity = RwSignal::new(original.clone().unwrap_or_default());
    let rename_all = move |_| {
        if let Some(from) = &original {
            state.rename_entity(kind, from, &entity.get_untracked());
        }
    };
    let this_only = move |_| {
        let to = entity.get_untracked().trim().to_owned();
        state.edit_annotation(
            &id,
            AnnotationEdit {
                entity: Some((!to.is_empty()).then_some(to)),
                ..Default::default()
            },
        );
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
}

/// The note and the tags, saved as they are typed: each key asks for a save, which takes what is
/// typed (within the save's maximum wait of the first key not yet saved, however the reader goes
/// on). A note typed or pasted past its limit is cut, and the card says by how much.
#[component]
fn NoteAndTags(note: RwSignal<String>, tags: RwSignal<String>, session: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    // How many characters the last input that went past a note's limit left out (0: none).
    let note_cut = RwSignal::new(0_usize);
    let typed = move || {
        state.saving.draft.update_value(|draft| {
            if let Some(draft) = draft.as_mut().filter(|d| d.session == session) {
                draft.note = note.get_untracked();
                draft.tags = tags.get_untracked();
                draft.unsaved = true;
            }
        });
        // Typed and not yet saved is not "Saved"; the save takes the draft first.
        crate::ui::saving::request_save(state);
    };
    let on_note = move |event| {
        let (kept, left_out) = cut_note(event_target_value(&event));
        if left_out > 0 {
            note_cut.set(left_out);
        } else if note_cut.get_untracked() > 0 && kept.chars().count() < MAX_NOTE_CHARS {
            note_cut.set(0);
        }
        // Set even when unchanged: the field shows what is kept, not what was pasted.
        note.set(kept);
        typed();
    };
    let cut_warning = move || {
        (note_cut.get() > 0).then(|| {
            view! {
                <p id="note-cut" class="field-warning" role="alert">{format!(
                    "A note holds at most {} characters: the last {} characters were not kept. Split a longer text over two annotations.",
                    with_thousands(MAX_NOTE_CHARS),
                    with_thousands(note_cut.get())
                )}</p>
            }
        })
    };
    view! {
        <label for=NOTE_FIELD>"Note"</label>
        <textarea id=NOTE_FIELD rows="3" prop:value=move || note.get()
            aria-describedby=move || (note_cut.get() > 0).then_some("note-cut")
            on:input=on_note
            on:blur=move |_| flush_draft(state)></textarea>
        {cut_warning}
        <label for="annotation-tags">"Tags (separated by commas)"</label>
        <input id="annotation-tags" type="text" prop:value=move || tags.get()
            on:input=move |event| {
                tags.set(event_target_value(&event));
                typed();
            }
            on:blur=move |_| flush_draft(state) />
    }
}

/// Moves the annotation's start or end by one character.
#[component]
fn Boundaries(id: AnnotationId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let nudge = std::rc::Rc::new(move |delta_start: isize, delta_end: isize| {
        let Some(current) = state
            .document
            .annotations
            .with_untracked(|view| view.find(&id).map(|a| a.span))
        else {
            return;
        };
        let length = state
            .document
            .open
            .with_untracked(|doc| doc.text.char_len());
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
    });
    let button = |label: &'static str, glyph: &'static str, start: isize, end: isize| {
        let nudge = nudge.clone();
        view! { <button type="button" class="nudge" aria-label=label title=label on:click=move |_| nudge(start, end)>{glyph}</button> }
    };
    view! {
        <div class="card-row">
            <span>"Start"</span>
            {button("Start one character earlier", "◀", -1, 0)}
            {button("Start one character later", "▶", 1, 0)}
            <span>"End"</span>
            {button("End one character earlier", "◀", 0, -1)}
            {button("End one character later", "▶", 0, 1)}
        </div>
    }
}

/// The other annotations on the same words: the reader reaches each of them from here.
#[component]
fn AlsoHere(annotation: Annotation) -> impl IntoView {
    let state = expect_context::<AppState>();
    let others = state.document.annotations.with_untracked(|view| {
        view.list
            .iter()
            .filter(|other| other.id != annotation.id && other.span.overlaps(&annotation.span))
            .map(|other| {
                let name = other
                    .entity()
                    .map(str::to_owned)
                    .or(other.speaker().map(|s| s.name.clone()));
                let title = match name {
                    Some(name) => format!("{}: {name}", other.kind().title()),
                    None => other.kind().title().to_owned(),
                };
                (other.id.clone(), title)
            })
            .collect::<Vec<_>>()
    });
    (!others.is_empty()).then(|| {
        let buttons = others
            .into_iter()
            .map(|(other, title)| view! { <button type="button" on:click=move |_| state.show_card(&other)>{title}</button> })
            .collect_view();
        view! { <div class="card-row card-others"><span>"Also here:"</span>{buttons}</div> }
    })
}
