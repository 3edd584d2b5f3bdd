//! Merging an import into the open article, planned before anything changes: each imported
//! annotation is new, a duplicate (skipped), a conflict with one already there (same span,
//! different kind, speaker or note: the reader chooses), or an orphan (kept aside).

use crate::domain::anchor::Placement;
use crate::domain::annotation::Annotation;
use crate::domain::engine_job::ImportReading;
use crate::domain::formats::backup::{place_in, read_backup};
use crate::domain::formats::w3c::{self, Imported};
use crate::domain::formats::ItemProblem;
use crate::domain::layer::Orphan;

/// Reads an import file (a backup of ours or W3C annotations) and places its annotations in
/// `article_text` (exactly, by their words, or as orphans). The costly part of an import, run
/// by the engine worker: fuzzy placement over a long article takes a while.
pub fn read_import(article_text: &str, content: &str) -> ImportReading {
    w3c::check_count(content).map_err(|e| e.to_string())?;
    let value = w3c::parse_json(content).map_err(|e| e.to_string())?;
    if value.get("format").is_some() {
        let backup = read_backup(content).map_err(|e| e.to_string())?;
        let (placed, mut problems) = place_in(&backup, article_text);
        if backup.text != article_text {
            problems.insert(
                0,
                ItemProblem {
                    item: None,
                    message: format!(
                        "This backup is of another article (“{}”); its annotations were looked for by their words.",
                        backup.title
                    ),
                },
            );
        }
        Ok((placed, problems))
    } else {
        let report = w3c::import_value(&value, article_text).map_err(|e| e.to_string())?;
        Ok((report.items, report.problems))
    }
}

/// An imported annotation that disagrees with one already on the same words.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub mine: Annotation,
    pub theirs: Imported,
}

/// What an import would do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub new: Vec<Imported>,
    pub duplicates: usize,
    pub conflicts: Vec<Conflict>,
    pub orphans: Vec<Imported>,
}

/// The reader's choice for one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    KeepMine,
    TakeTheirs,
    KeepBoth,
}

fn same_content(a: &Annotation, b: &Annotation) -> bool {
    a.kind == b.kind
        && a.note == b.note
        && a.speaker.as_ref().map(|s| &s.name) == b.speaker.as_ref().map(|s| &s.name)
        && a.entity == b.entity
        && a.tags == b.tags
}

/// Sorts imported annotations against the current ones (linear: the current ones are looked up
/// by span, not scanned for each imported one).
pub fn plan_import(current: &[Annotation], imported: Vec<Imported>) -> ImportPlan {
    let mut plan = ImportPlan::default();
    let mut by_span: std::collections::HashMap<crate::domain::text::Span, Vec<&Annotation>> =
        std::collections::HashMap::new();
    for annotation in current {
        by_span.entry(annotation.span).or_default().push(annotation);
    }
    for item in imported {
        if item.placement == Placement::Orphan {
            plan.orphans.push(item);
            continue;
        }
        let same_span: Vec<&Annotation> = by_span
            .get(&item.annotation.span)
            .cloned()
            .unwrap_or_default();
        if same_span.iter().any(|a| same_content(a, &item.annotation)) {
            plan.duplicates += 1;
        } else if let Some(mine) = same_span.into_iter().next() {
            plan.conflicts.push(Conflict {
                mine: mine.clone(),
                theirs: item,
            });
        } else {
            plan.new.push(item);
        }
    }
    plan
}

/// The changes an import makes once the reader has chosen for each conflict: annotations to
/// add, replacements (keeping the current id), and orphans to keep.
pub fn resolve(
    plan: &ImportPlan,
    choices: &[Resolution],
) -> (Vec<Annotation>, Vec<Annotation>, Vec<Orphan>) {
    let mut new: Vec<Annotation> = plan.new.iter().map(|i| i.annotation.clone()).collect();
    let mut replacements = Vec::new();
    for (conflict, choice) in plan.conflicts.iter().zip(
        choices
            .iter()
            .chain(std::iter::repeat(&Resolution::KeepBoth)),
    ) {
        match choice {
            Resolution::KeepMine => {}
            Resolution::TakeTheirs => {
                let mut replacement = conflict.theirs.annotation.clone();
                replacement.id = conflict.mine.id.clone();
                replacement.origin = conflict.mine.origin;
                replacements.push(replacement);
            }
            Resolution::KeepBoth => new.push(conflict.theirs.annotation.clone()),
        }
    }
    let orphans = plan
        .orphans
        .iter()
        .map(|i| Orphan {
            annotation: i.annotation.clone(),
            quote: i.quote.clone(),
        })
        .collect();
    (new, replacements, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::AnnotationKind;
    use crate::domain::text::Span;

    fn imported(
        id: &str,
        kind: AnnotationKind,
        span: Span,
        note: &str,
        placement: Placement,
    ) -> Imported {
        let mut annotation = Annotation::by_reader(id.into(), kind, span);
        annotation.note = note.into();
        Imported {
            annotation,
            placement,
            quote: "words".into(),
        }
    }

    #[test]
    fn imports_are_sorted_into_new_duplicates_conflicts_and_orphans() {
        let mut mine = Annotation::by_reader("m1".into(), AnnotationKind::Claim, Span::new(0, 5));
        mine.note = "mine".into();
        let current = vec![mine.clone()];
        let plan = plan_import(
            &current,
            vec![
                imported(
                    "a",
                    AnnotationKind::Claim,
                    Span::new(0, 5),
                    "mine",
                    Placement::Exact,
                ),
                imported(
                    "b",
                    AnnotationKind::Question,
                    Span::new(0, 5),
                    "theirs",
                    Placement::Exact,
                ),
                imported(
                    "c",
                    AnnotationKind::Highlight,
                    Span::new(6, 9),
                    "",
                    Placement::Fuzzy { score: 0.9 },
                ),
                imported(
                    "d",
                    AnnotationKind::Highlight,
                    Span::default(),
                    "",
                    Placement::Orphan,
                ),
            ],
        );
        assert_eq!(plan.duplicates, 1);
        assert_eq!(plan.conflicts.len(), 1);
        assert_eq!(plan.new.len(), 1);
        assert_eq!(plan.orphans.len(), 1);
        let (new, replacements, orphans) = resolve(&plan, &[Resolution::TakeTheirs]);
        assert_eq!(new.len(), 1);
        assert_eq!(
            replacements[0].id, "m1",
            "the replacement keeps the current id"
        );
        assert_eq!(replacements[0].note, "theirs");
        assert_eq!(orphans.len(), 1);
        let (new, replacements, _) = resolve(&plan, &[Resolution::KeepBoth]);
        assert_eq!((new.len(), replacements.len()), (2, 0));
    }
}
