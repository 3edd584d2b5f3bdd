//! Tests of the workspace: the reader's changes, corrections over the engines, renames, undo and
//! redo as new writes, typing sessions, and sharing annotations with the view.

use super::*;
use crate::annotation::engine_id;
use crate::limits::{cut_note, parse_tags, with_thousands};

const NOW: u64 = 1_764_360_000_000;

fn engine() -> Vec<Annotation> {
    let mut person = Annotation::by_reader(String::new(), AnnotationKind::Person, Span::new(0, 7));
    person.id = engine_id(AnnotationKind::Person, person.span);
    person.origin = Origin::Engine;
    person.set_entity(Some("Georgia".into()));
    let mut place = person.clone();
    place.set_kind(AnnotationKind::Place);
    place.span = Span::new(20, 27);
    place.id = engine_id(AnnotationKind::Place, place.span);
    let mut quote = Annotation::by_reader(
        engine_id(AnnotationKind::Quote, Span::new(30, 40)),
        AnnotationKind::Quote,
        Span::new(30, 40),
    );
    quote.origin = Origin::Engine;
    quote.set_color(None);
    quote.set_speaker(Some(SpeakerRef {
        name: "Stoltenberg".into(),
        mention: Some(Span::new(41, 52)),
    }));
    vec![person, place, quote]
}

fn tab(replica: u64) -> Workspace {
    Workspace::new(100, engine(), Clock::new(replica))
}

fn add(workspace: &mut Workspace, id: &str, span: Span) -> AnnotationId {
    workspace
        .add(AnnotationKind::Highlight, span, None, id.into(), NOW)
        .unwrap()
}

fn note(text: &str) -> AnnotationEdit {
    AnnotationEdit {
        note: Some(text.into()),
        ..Default::default()
    }
}

#[test]
fn reader_annotations_can_be_added_edited_deleted_and_undone() {
    let mut workspace = tab(1);
    let id = add(&mut workspace, "reader-a1", Span::new(50, 60));
    assert_eq!(workspace.annotations().len(), 4);
    let edit = AnnotationEdit {
        note: Some("Check this <b>claim</b>".into()),
        tags: Some(vec![" #verify".into(), "VERIFY".into(), "x".into()]),
        ..Default::default()
    };
    workspace.edit(&id, edit, NOW).unwrap();
    let annotation = workspace.get(&id).unwrap();
    assert_eq!(annotation.note, "Check this <b>claim</b>");
    assert_eq!(annotation.tags, ["verify", "x"]);
    workspace.delete(&id, NOW).unwrap();
    assert!(workspace.get(&id).is_none());
    assert!(
        workspace.layer().annotations[id.as_str()].value.is_none(),
        "a deletion is a tombstone"
    );
    assert!(workspace.undo(NOW));
    assert_eq!(workspace.get(&id).unwrap().note, "Check this <b>claim</b>");
    assert!(workspace.undo(NOW));
    assert_eq!(workspace.get(&id).unwrap().note, "");
    assert!(workspace.redo(NOW) && workspace.redo(NOW));
    assert!(workspace.get(&id).is_none());
    assert!(!workspace.redo(NOW));
}

#[test]
fn a_coloured_highlight_is_one_undo_step() {
    let mut workspace = tab(1);
    let id = workspace
        .add(
            AnnotationKind::Highlight,
            Span::new(50, 60),
            Some(HighlightColor::Green),
            "reader-g".into(),
            NOW,
        )
        .unwrap();
    assert_eq!(
        workspace.get(&id).unwrap().color(),
        Some(HighlightColor::Green)
    );
    assert!(workspace.undo(NOW));
    assert!(workspace.get(&id).is_none(), "one undo removes it");
    assert!(!workspace.can_undo());
}

#[test]
fn typing_in_one_card_is_one_undo_step_and_each_keystroke_is_kept() {
    let mut workspace = tab(1);
    let id = add(&mut workspace, "reader-t", Span::new(50, 60));
    for (i, typed) in ["W", "Wh", "Whi", "Which?"].into_iter().enumerate() {
        workspace
            .edit_typing(&id, note(typed), NOW + i as u64, 7)
            .unwrap();
        assert_eq!(workspace.layer().annotation(&id).unwrap().note, typed);
    }
    // Another session (the card opened again) is another step.
    workspace
        .edit_typing(&id, note("Which ones?"), NOW + 10, 8)
        .unwrap();
    assert!(workspace.undo(NOW + 11));
    assert_eq!(workspace.get(&id).unwrap().note, "Which?");
    assert!(workspace.undo(NOW + 12));
    assert_eq!(
        workspace.get(&id).unwrap().note,
        "",
        "the whole session in one step"
    );
    assert!(workspace.undo(NOW + 13));
    assert!(workspace.get(&id).is_none());
}

#[test]
fn corrections_to_engine_annotations_survive_running_the_engines_again() {
    let mut workspace = tab(1);
    let quote_id = engine_id(AnnotationKind::Quote, Span::new(30, 40));
    let person_id = engine_id(AnnotationKind::Person, Span::new(0, 7));
    workspace.delete(&person_id, NOW).unwrap();
    let speaker = SpeakerRef {
        name: "Jens Stoltenberg".into(),
        mention: None,
    };
    workspace
        .edit(
            &quote_id,
            AnnotationEdit {
                speaker: Some(Some(speaker)),
                span: Some(Span::new(31, 40)),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    workspace.set_engine(engine());
    let shown = workspace.annotations();
    assert_eq!(shown.len(), 2, "the rejected mention stays rejected");
    let quote = workspace.get(&quote_id).unwrap();
    assert_eq!(quote.speaker().unwrap().name, "Jens Stoltenberg");
    assert_eq!(quote.span, Span::new(31, 40));
    assert!(workspace.undo(NOW) && workspace.undo(NOW));
    assert_eq!(workspace.annotations().len(), 3);
    assert!(
        workspace.layer().overrides[&person_id].value.is_none(),
        "un-rejecting is a write of its own"
    );
}

#[test]
fn renaming_an_entity_applies_to_all_its_mentions_and_splitting_one_does_not() {
    let mut workspace = tab(1);
    // "Georgia" the person is a different entity from Georgia the country: split one mention.
    let person_id = engine_id(AnnotationKind::Person, Span::new(0, 7));
    workspace
        .edit(
            &person_id,
            AnnotationEdit {
                entity: Some(Some("Georgia Smith".into())),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    workspace.rename_entity(AnnotationKind::Place, "Georgia", "Georgia (country)", NOW);
    let names: Vec<Option<String>> = workspace
        .annotations()
        .iter()
        .map(|a| a.entity().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        [
            Some("Georgia Smith".into()),
            Some("Georgia (country)".into()),
            None
        ]
    );
    // Merging a speaker's name renames the quotes' speaker too.
    workspace.rename_entity(
        AnnotationKind::Person,
        "Stoltenberg",
        "Jens Stoltenberg",
        NOW,
    );
    let quote_id = engine_id(AnnotationKind::Quote, Span::new(30, 40));
    assert_eq!(
        workspace.get(&quote_id).unwrap().speaker().unwrap().name,
        "Jens Stoltenberg"
    );
    assert!(workspace.undo(NOW));
    assert_eq!(
        workspace.get(&quote_id).unwrap().speaker().unwrap().name,
        "Stoltenberg"
    );
}

#[test]
fn bad_changes_are_refused_with_a_reason() {
    let mut workspace = Workspace::new(10, Vec::new(), Clock::new(1));
    assert_eq!(
        workspace.add(
            AnnotationKind::Highlight,
            Span::new(3, 3),
            None,
            "a".into(),
            NOW
        ),
        Err(WorkspaceError::EmptySpan)
    );
    assert!(matches!(
        workspace.add(
            AnnotationKind::Highlight,
            Span::new(3, 30),
            None,
            "a".into(),
            NOW
        ),
        Err(WorkspaceError::OutsideText { .. })
    ));
    assert!(matches!(
        workspace.delete("nope", NOW),
        Err(WorkspaceError::NoSuchAnnotation(_))
    ));
    let id = workspace
        .add(
            AnnotationKind::Highlight,
            Span::new(0, 3),
            None,
            "a".into(),
            NOW,
        )
        .unwrap();
    let long = "é".repeat(MAX_NOTE_CHARS + 1);
    assert_eq!(
        workspace.edit(&id, note(&long), NOW),
        Err(WorkspaceError::NoteTooLong {
            chars: MAX_NOTE_CHARS + 1
        })
    );
    let many: Vec<String> = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
    assert!(matches!(
        workspace.edit(
            &id,
            AnnotationEdit {
                tags: Some(many),
                ..Default::default()
            },
            NOW
        ),
        Err(WorkspaceError::TooManyTags { .. })
    ));
    assert_eq!(workspace.get(&id).unwrap().note, "", "nothing changed");
}

#[test]
fn an_undo_reaches_another_tab_and_wins_over_what_it_undoes() {
    let mut a = tab(1);
    let mut b = tab(2);
    let quote_id = engine_id(AnnotationKind::Quote, Span::new(30, 40));
    a.delete(&quote_id, NOW).unwrap();
    b.merge(a.layer());
    assert!(b.get(&quote_id).is_none(), "B sees the rejection");
    a.undo(NOW + 1);
    // B merges A's undo, then A merges B's copy (which still had the rejection): both un-rejected.
    b.merge(a.layer());
    a.merge(b.layer());
    assert!(a.get(&quote_id).is_some() && b.get(&quote_id).is_some());
    // The same with a rename.
    a.rename_entity(AnnotationKind::Place, "Georgia", "Tbilisi", NOW + 2);
    b.merge(a.layer());
    a.undo(NOW + 3);
    a.merge(b.layer());
    b.merge(a.layer());
    let place = engine_id(AnnotationKind::Place, Span::new(20, 27));
    assert_eq!(a.get(&place).unwrap().entity(), Some("Georgia"));
    assert_eq!(b.get(&place).unwrap().entity(), Some("Georgia"));
}

#[test]
fn a_merge_keeps_the_history_and_undo_leaves_newer_work_of_others_alone() {
    let mut a = tab(1);
    let mut b = tab(2);
    let id = add(&mut a, "reader-x", Span::new(50, 60));
    a.edit(&id, note("mine"), NOW).unwrap();
    b.merge(a.layer());
    b.edit(&id, note("theirs, later"), NOW + 5).unwrap();
    a.merge(b.layer());
    assert!(a.can_undo(), "the merge kept the history");
    // A undoes its note: B has changed it since, so B's note stays.
    assert!(a.undo(NOW + 6));
    assert_eq!(a.get(&id).unwrap().note, "theirs, later");
    // Undoing its add would delete B's note with it: the annotation stays.
    assert!(a.undo(NOW + 7));
    assert_eq!(a.get(&id).unwrap().note, "theirs, later");
    b.merge(a.layer());
    assert_eq!(b.get(&id).unwrap().note, "theirs, later");
    // Redo then undo of something nobody else touched works as usual.
    let other = add(&mut a, "reader-y", Span::new(70, 75));
    assert!(a.undo(NOW + 8));
    assert!(a.get(&other).is_none());
    assert!(a.redo(NOW + 9));
    assert!(a.get(&other).is_some());
}

#[test]
fn imports_take_fresh_ids_for_ids_in_use_and_keep_orphans() {
    let mut workspace = tab(1);
    add(&mut workspace, "reader-1", Span::new(50, 60));
    workspace.delete("reader-1", NOW).unwrap();
    let mut counter = 0;
    let mut fresh = || {
        counter += 1;
        AnnotationId::from(format!("fresh-{counter}"))
    };
    let clash = Annotation::by_reader("reader-1", AnnotationKind::Claim, Span::new(1, 5));
    let engine_clash = Annotation::by_reader(
        engine_id(AnnotationKind::Quote, Span::new(30, 40)),
        AnnotationKind::Claim,
        Span::new(6, 9),
    );
    let orphan = Orphan {
        annotation: Annotation::by_reader("o", AnnotationKind::Highlight, Span::default()),
        quote: "lost words".into(),
    };
    workspace.apply_import(
        vec![clash, engine_clash],
        Vec::new(),
        vec![orphan.clone(), orphan],
        NOW,
        &mut fresh,
    );
    let ids: Vec<String> = workspace
        .layer()
        .live_annotations()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(ids, ["fresh-1", "fresh-2"]);
    assert_eq!(workspace.orphans().len(), 2);
    assert!(
        workspace.get("reader-1").is_none(),
        "the deleted one stays deleted"
    );
    assert!(workspace.undo(NOW));
    assert!(workspace.orphans().is_empty());
}

#[test]
fn shared_annotations_keep_unchanged_ones_and_agree_with_the_plain_list() {
    let mut workspace = tab(1);
    let first = workspace.shared_annotations();
    let id = add(&mut workspace, "reader-s", Span::new(50, 60));
    workspace.rename_entity(AnnotationKind::Place, "Georgia", "Georgia (country)", NOW);
    let second = workspace.shared_annotations();
    let plain: Vec<Annotation> = workspace.annotations();
    assert_eq!(
        second.iter().map(|a| (**a).clone()).collect::<Vec<_>>(),
        plain
    );
    let same = |id: &str| {
        let a = first.iter().find(|a| a.id == id).unwrap();
        let b = second.iter().find(|b| b.id == id).unwrap();
        Arc::ptr_eq(a, b)
    };
    assert!(
        same(&engine_id(AnnotationKind::Quote, Span::new(30, 40))),
        "an untouched annotation is shared as it was"
    );
    assert!(
        !same(&engine_id(AnnotationKind::Place, Span::new(20, 27))),
        "a renamed one is new"
    );
    assert!(second.iter().any(|a| a.id == id));
}

#[test]
fn the_same_engine_marks_again_keep_their_allocation() {
    // The whole article's answer repeats the first part's marks: views compare by pointer, so
    // those blocks are not repainted.
    let mut workspace = tab(1);
    let first = workspace.shared_annotations();
    workspace.set_engine(engine());
    let second = workspace.shared_annotations();
    assert_eq!(first.len(), second.len());
    assert!(first.iter().zip(&second).all(|(a, b)| Arc::ptr_eq(a, b)));
}

#[test]
fn engine_marks_given_out_of_order_are_shared_in_the_order_shown() {
    let mut workspace = tab(1);
    add(&mut workspace, "reader-a", Span::new(25, 35));
    let mut reversed = engine();
    reversed.reverse();
    workspace.set_engine(reversed);
    let shared: Vec<Annotation> = workspace
        .shared_annotations()
        .iter()
        .map(|a| (**a).clone())
        .collect();
    let starts: Vec<usize> = shared.iter().map(|a| a.span.start).collect();
    assert!(starts.is_sorted(), "{starts:?}");
    assert_eq!(shared, workspace.annotations());
}

/// One step a reader might take, for the property below.
#[derive(Clone, Debug)]
enum Step {
    Add(usize, usize),
    Note(usize),
    Resize(usize, usize),
    Delete(usize),
    Rename(bool),
    Undo,
    Redo,
    Reshare,
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        (0usize..95, 1usize..6).prop_map(|(start, length)| Step::Add(start, length)),
        (0usize..50).prop_map(Step::Note),
        (0usize..50, 0usize..95).prop_map(|(which, start)| Step::Resize(which, start)),
        (0usize..50).prop_map(Step::Delete),
        any::<bool>().prop_map(Step::Rename),
        Just(Step::Undo),
        Just(Step::Redo),
        Just(Step::Reshare),
    ]
}

proptest::proptest! {
    /// However the changes come, what is shared after each is exactly the plain list.
    #[test]
    fn shared_annotations_follow_every_change(
        steps in proptest::collection::vec(step(), 1..40),
        share_every in 1usize..4,
    ) {
        let mut workspace = tab(1);
        for (number, step) in steps.into_iter().enumerate() {
            let now = NOW + number as u64;
            let ids: Vec<String> = workspace.annotations().into_iter().map(|a| a.id.to_string()).collect();
            let pick = |which: usize| ids.get(which % ids.len().max(1)).cloned();
            match step {
                Step::Add(start, length) => {
                    workspace
                        .add(AnnotationKind::Highlight, Span::new(start, start + length), None,
                             format!("reader-{number}").into(), now)
                        .unwrap();
                }
                Step::Note(which) => {
                    if let Some(id) = pick(which) {
                        workspace.edit(&id, note(&format!("note {number}")), now).unwrap();
                    }
                }
                Step::Resize(which, start) => {
                    if let Some(id) = pick(which) {
                        let edit = AnnotationEdit {
                            span: Some(Span::new(start, start + 3)),
                            ..AnnotationEdit::default()
                        };
                        workspace.edit(&id, edit, now).unwrap();
                    }
                }
                Step::Delete(which) => {
                    if let Some(id) = pick(which) {
                        workspace.delete(&id, now).unwrap();
                    }
                }
                Step::Rename(back) => {
                    let (from, to) = if back { ("Tbilisi", "Georgia") } else { ("Georgia", "Tbilisi") };
                    workspace.rename_entity(AnnotationKind::Place, from, to, now);
                }
                Step::Undo => {
                    workspace.undo(now);
                }
                Step::Redo => {
                    workspace.redo(now);
                }
                Step::Reshare => workspace.set_engine(engine()),
            }
            if number % share_every == 0 {
                let shared: Vec<Annotation> =
                    workspace.shared_annotations().iter().map(|a| (**a).clone()).collect();
                proptest::prop_assert_eq!(shared, workspace.annotations());
            }
        }
        let shared: Vec<Annotation> =
            workspace.shared_annotations().iter().map(|a| (**a).clone()).collect();
        proptest::prop_assert_eq!(shared, workspace.annotations());
    }
}

#[test]
fn tags_are_parsed_from_one_field() {
    assert_eq!(
        parse_tags(" economy, #Trade,, economy ,日本"),
        ["economy", "Trade", "日本"]
    );
}

#[test]
fn a_note_on_an_annotation_deleted_elsewhere_can_be_kept_as_a_new_one() {
    let mut a = tab(1);
    let mut b = tab(2);
    let id = add(&mut a, "reader-d", Span::new(50, 60));
    b.merge(a.layer());
    a.delete(&id, NOW + 1).unwrap();
    b.merge(a.layer());
    // B's card was open on it with a note typed.
    assert_eq!(
        b.edit_typing(&id, note("typed in B"), NOW + 2, 3),
        Err(WorkspaceError::NoSuchAnnotation(id.as_str().into()))
    );
    let mut kept = Annotation::by_reader(id.clone(), AnnotationKind::Highlight, Span::new(50, 60));
    kept.note = "typed in B".into();
    let new_id = b.add_copy(&kept, "reader-e".into(), NOW + 3).unwrap();
    assert_eq!(b.get(&new_id).unwrap().note, "typed in B");
    assert!(b.get(&id).is_none(), "the deletion stands");
    assert!(b.undo(NOW + 4));
    assert!(b.get(&new_id).is_none(), "one undo step");
}

#[test]
fn a_note_over_the_limit_is_cut_and_says_how_much_was_left_out() {
    let long = "é".repeat(MAX_NOTE_CHARS) + "ab€";
    let (kept, left_out) = cut_note(long);
    assert_eq!(kept.chars().count(), MAX_NOTE_CHARS);
    assert!(kept.chars().all(|c| c == 'é'));
    assert_eq!(left_out, 3);
    assert_eq!(cut_note("short".into()), ("short".into(), 0));
    assert_eq!(with_thousands(150_000), "150,000");
    assert_eq!(with_thousands(999), "999");
    assert_eq!(with_thousands(1_000), "1,000");
    assert_eq!(with_thousands(0), "0");
}
