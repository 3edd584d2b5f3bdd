//! Merging an import into the open article, planned before anything changes: each imported
//! annotation is new, a duplicate (skipped), a conflict with one already there (same span,
//! different kind, name, speaker, note, tags or colour: the reader chooses, and nothing is
//! duplicated unless they ask), a mark the reader rejected here (it stays rejected unless they
//! bring it back: a W3C file cannot say that its maker rejected a mark), or an orphan (kept
//! aside).

use crate::anchor::Placement;
use crate::annotation::Annotation;
use crate::formats::backup::{place_in, read_backup};
use crate::formats::w3c::{self, Imported};
use crate::formats::ItemProblem;
use crate::layer::Orphan;

/// What reading an import gave: the annotations placed (or kept as orphans) and the problems
/// met, or why the file could not be read at all.
pub type ImportReading = Result<(Vec<Imported>, Vec<ItemProblem>), String>;

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
        let mut problems = report.problems;
        problems.insert(
            0,
            ItemProblem {
                item: None,
                message: w3c::NOT_CARRIED.to_owned(),
            },
        );
        Ok((report.items, problems))
    }
}

/// An imported annotation that disagrees with one already on the same words (or, for a mark
/// rejected here, with the mark the engines made there).
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub mine: Annotation,
    pub theirs: Imported,
}

/// One way two annotations on the same words differ, as the review shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// What differs: "Kind", "Name", "Speaker", "Note", "Tags", "Colour".
    pub what: &'static str,
    pub here: String,
    pub in_file: String,
}

impl Conflict {
    /// What differs between the annotation here and the one in the file (never empty for a
    /// conflict: two annotations that differ in nothing shown are duplicates).
    pub fn differences(&self) -> Vec<Difference> {
        differences(&self.mine, &self.theirs.annotation)
    }
}

/// A field of an annotation as the review shows it ("none" when empty).
type ShownField = (&'static str, fn(&Annotation) -> String);

/// The fields a review compares, in the order it shows them.
const SHOWN_FIELDS: [ShownField; 6] = [
    ("Kind", |a| a.kind().title().to_owned()),
    ("Name", |a| or_none(a.entity().map(str::to_owned))),
    ("Speaker", |a| or_none(a.speaker().map(|s| s.name.clone()))),
    ("Note", |a| or_none(Some(a.note.clone()))),
    ("Tags", |a| {
        or_none(Some(
            a.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        ))
    }),
    ("Colour", |a| {
        or_none(a.color().map(|c| c.label().to_owned()))
    }),
];

fn or_none(value: Option<String>) -> String {
    value
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "none".to_owned())
}

fn differences(here: &Annotation, in_file: &Annotation) -> Vec<Difference> {
    SHOWN_FIELDS
        .into_iter()
        .filter_map(|(what, value)| {
            let (here, in_file) = (value(here), value(in_file));
            (here != in_file).then_some(Difference {
                what,
                here,
                in_file,
            })
        })
        .collect()
}

/// What an import would do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub new: Vec<Imported>,
    pub duplicates: usize,
    pub conflicts: Vec<Conflict>,
    /// Marks the reader rejected here that the file carries (a W3C file cannot carry a
    /// rejection): they stay rejected unless the reader brings them back.
    pub rejected_here: Vec<Conflict>,
    pub orphans: Vec<Imported>,
}

/// The reader's choice for one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    KeepMine,
    TakeTheirs,
    KeepBoth,
}

impl Resolution {
    /// What a conflict gets until the reader chooses: nothing here changes, and no mark is
    /// added over one already there.
    pub const DEFAULT: Resolution = Resolution::KeepMine;
}

/// What the reader chose in the review of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportChoices {
    /// One per conflict, in the plan's order.
    pub conflicts: Vec<Resolution>,
    /// Whether the marks rejected here that the file carries come back.
    pub bring_back_rejected: bool,
}

impl ImportChoices {
    /// The choices a review starts with: every conflict [`Resolution::DEFAULT`], rejected
    /// marks kept rejected.
    pub fn for_plan(plan: &ImportPlan) -> Self {
        ImportChoices {
            conflicts: vec![Resolution::DEFAULT; plan.conflicts.len()],
            bring_back_rejected: false,
        }
    }
}

fn same_content(a: &Annotation, b: &Annotation) -> bool {
    a.kind() == b.kind()
        && a.note == b.note
        && a.speaker().map(|s| &s.name) == b.speaker().map(|s| &s.name)
        && a.entity() == b.entity()
        && a.tags == b.tags
        && a.color() == b.color()
}

/// Sorts imported annotations against the current ones and the engines' marks the reader
/// rejected (linear: both are looked up by span, not scanned for each imported one).
pub fn plan_import(
    current: &[Annotation],
    rejected: &[Annotation],
    imported: Vec<Imported>,
) -> ImportPlan {
    use std::collections::HashMap;
    let mut plan = ImportPlan::default();
    let mut by_span: HashMap<crate::text::Span, Vec<&Annotation>> = HashMap::new();
    for annotation in current {
        by_span.entry(annotation.span).or_default().push(annotation);
    }
    let mut rejected_by_span: HashMap<crate::text::Span, Vec<&Annotation>> = HashMap::new();
    for annotation in rejected {
        rejected_by_span
            .entry(annotation.span)
            .or_default()
            .push(annotation);
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
        let rejected_mark = rejected_by_span
            .get(&item.annotation.span)
            .and_then(|marks| marks.iter().find(|m| m.kind() == item.annotation.kind()));
        if same_span.iter().any(|a| same_content(a, &item.annotation)) {
            plan.duplicates += 1;
        } else if let Some(mine) = same_span
            .iter()
            .find(|a| a.kind() == item.annotation.kind())
            .or(same_span.first())
        {
            plan.conflicts.push(Conflict {
                mine: (*mine).clone(),
                theirs: item,
            });
        } else if let Some(mark) = rejected_mark {
            plan.rejected_here.push(Conflict {
                mine: (*mark).clone(),
                theirs: item,
            });
        } else {
            plan.new.push(item);
        }
    }
    plan
}

/// The changes an import makes once the reader has chosen: annotations to add, replacements
/// (keeping the current id: for a mark rejected here, the engine's, which brings it back), and
/// orphans to keep.
pub fn resolve(
    plan: &ImportPlan,
    choices: &ImportChoices,
) -> (Vec<Annotation>, Vec<Annotation>, Vec<Orphan>) {
    let mut new: Vec<Annotation> = plan.new.iter().map(|i| i.annotation.clone()).collect();
    let mut replacements = Vec::new();
    let replacement = |conflict: &Conflict| {
        let mut replacement = conflict.theirs.annotation.clone();
        replacement.id = conflict.mine.id.clone();
        replacement.origin = conflict.mine.origin;
        replacement
    };
    for (conflict, choice) in plan.conflicts.iter().zip(
        choices
            .conflicts
            .iter()
            .chain(std::iter::repeat(&Resolution::DEFAULT)),
    ) {
        match choice {
            Resolution::KeepMine => {}
            Resolution::TakeTheirs => replacements.push(replacement(conflict)),
            Resolution::KeepBoth => new.push(conflict.theirs.annotation.clone()),
        }
    }
    if choices.bring_back_rejected {
        replacements.extend(plan.rejected_here.iter().map(replacement));
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
    use crate::annotation::AnnotationKind;
    use crate::text::Span;

    fn imported(
        id: &str,
        kind: AnnotationKind,
        span: Span,
        note: &str,
        placement: Placement,
    ) -> Imported {
        let mut annotation = Annotation::by_reader(id, kind, span);
        annotation.note = note.into();
        Imported {
            annotation,
            placement,
            quote: "words".into(),
        }
    }

    #[test]
    fn imports_are_sorted_into_new_duplicates_conflicts_and_orphans() {
        let mut mine = Annotation::by_reader("m1", AnnotationKind::Claim, Span::new(0, 5));
        mine.note = "mine".into();
        let current = vec![mine.clone()];
        let plan = plan_import(
            &current,
            &[],
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
        let choose = |resolution| ImportChoices {
            conflicts: vec![resolution],
            bring_back_rejected: false,
        };
        let (new, replacements, orphans) = resolve(&plan, &choose(Resolution::TakeTheirs));
        assert_eq!(new.len(), 1);
        assert_eq!(
            replacements[0].id, "m1",
            "the replacement keeps the current id"
        );
        assert_eq!(replacements[0].note, "theirs");
        assert_eq!(orphans.len(), 1);
        let (new, replacements, _) = resolve(&plan, &choose(Resolution::KeepBoth));
        assert_eq!((new.len(), replacements.len()), (2, 0));
        // Left as it starts, the review adds the new one and nothing over the conflict.
        let (new, replacements, _) = resolve(&plan, &ImportChoices::for_plan(&plan));
        assert_eq!((new.len(), replacements.len()), (1, 0));
    }

    /// The engines' marks on a short article, as a workspace holds them.
    fn engine_marks() -> Vec<Annotation> {
        use crate::annotation::{engine_id, Origin, SpeakerRef};
        let mark = |kind, span: Span, entity: Option<&str>| {
            let mut a = Annotation::by_reader(engine_id(kind, span), kind, span);
            a.origin = Origin::Engine;
            a.set_entity(entity.map(str::to_owned));
            a
        };
        let mut quote = mark(AnnotationKind::Quote, Span::new(0, 15), None);
        quote.set_speaker(Some(SpeakerRef {
            name: "Ana López".into(),
            mention: Some(Span::new(21, 30)),
        }));
        vec![
            quote,
            mark(AnnotationKind::Person, Span::new(21, 30), Some("Ana López")),
            mark(AnnotationKind::Organisation, Span::new(34, 36), Some("EU")),
            mark(AnnotationKind::Organisation, Span::new(41, 43), Some("EU")),
        ]
    }

    const TEXT: &str = "“We are ready,” said Ana López of EU and EU.";

    /// A tab's workspace on [`TEXT`] with the engines' marks.
    fn workspace(tab: u64) -> crate::workspace::Workspace {
        use crate::sync::Clock;
        crate::workspace::Workspace::new(TEXT.chars().count(), engine_marks(), Clock::new(tab))
    }

    /// The W3C export of a workspace, read back into [`TEXT`].
    fn exported(from: &crate::workspace::Workspace) -> Vec<Imported> {
        let (annotations, orphans) = (from.annotations(), from.orphans());
        let json = w3c::collection(&annotations, &orphans, TEXT, "t").to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["aa:notCarried"],
            w3c::NOT_CARRIED,
            "the export says it"
        );
        let (items, problems) = read_import(TEXT, &json).unwrap();
        assert_eq!(problems[0].message, w3c::NOT_CARRIED, "the review says it");
        items
    }

    #[test]
    fn renamed_mentions_are_conflicts_that_show_the_names_and_add_no_mark_unless_chosen() {
        let mut theirs = workspace(1);
        theirs.rename_entity(
            AnnotationKind::Organisation,
            "EU",
            "European Union",
            1_700_000_000_000,
        );
        let mine = workspace(2);
        let plan = plan_import(&mine.annotations(), &mine.rejected(), exported(&theirs));
        assert_eq!(plan.conflicts.len(), 2, "{plan:?}");
        assert_eq!(plan.duplicates, 2, "the quote and the person are the same");
        for conflict in &plan.conflicts {
            assert_eq!(
                conflict.differences(),
                vec![Difference {
                    what: "Name",
                    here: "EU".into(),
                    in_file: "European Union".into(),
                }]
            );
        }
        let (new, replacements, orphans) = resolve(&plan, &ImportChoices::for_plan(&plan));
        assert!(new.is_empty() && replacements.is_empty() && orphans.is_empty());
        // Taking theirs corrects the marks in place: still four marks, two renamed.
        let mut taken = mine;
        let (new, replacements, orphans) = resolve(
            &plan,
            &ImportChoices {
                conflicts: vec![Resolution::TakeTheirs; 2],
                bring_back_rejected: false,
            },
        );
        taken.apply_import(new, replacements, orphans, 1_700_000_000_001, &mut || {
            "fresh".into()
        });
        let shown = taken.annotations();
        assert_eq!(shown.len(), 4);
        assert_eq!(
            shown
                .iter()
                .filter(|a| a.entity() == Some("European Union"))
                .count(),
            2
        );
    }

    #[test]
    fn a_mark_rejected_here_stays_rejected_unless_the_reader_brings_it_back() {
        let theirs = workspace(1);
        let mut mine = workspace(2);
        let quote = mine.annotations()[0].clone();
        assert_eq!(quote.kind(), AnnotationKind::Quote);
        mine.delete(&quote.id, 1_700_000_000_000).unwrap();
        let plan = plan_import(&mine.annotations(), &mine.rejected(), exported(&theirs));
        assert_eq!(plan.rejected_here.len(), 1);
        assert!(
            plan.new.is_empty(),
            "the rejected quote is not new: {plan:?}"
        );
        let (new, replacements, _) = resolve(&plan, &ImportChoices::for_plan(&plan));
        assert!(new.is_empty() && replacements.is_empty());
        let (new, replacements, orphans) = resolve(
            &plan,
            &ImportChoices {
                conflicts: Vec::new(),
                bring_back_rejected: true,
            },
        );
        mine.apply_import(new, replacements, orphans, 1_700_000_000_001, &mut || {
            "fresh".into()
        });
        let back: Vec<_> = mine
            .annotations()
            .into_iter()
            .filter(|a| a.kind() == AnnotationKind::Quote)
            .collect();
        assert_eq!(back.len(), 1, "one quote, not a copy beside a rejection");
        assert_eq!(back[0].id, quote.id);
        assert!(mine.rejected().is_empty());
    }

    #[test]
    fn a_highlight_of_another_colour_is_a_conflict_not_a_duplicate() {
        use crate::annotation::HighlightColor;
        let mut mine = Annotation::by_reader("m", AnnotationKind::Highlight, Span::new(0, 5));
        mine.set_color(Some(HighlightColor::Yellow));
        let mut theirs = imported(
            "t",
            AnnotationKind::Highlight,
            Span::new(0, 5),
            "",
            Placement::Exact,
        );
        theirs.annotation.set_color(Some(HighlightColor::Green));
        let plan = plan_import(&[mine], &[], vec![theirs]);
        assert_eq!(plan.conflicts.len(), 1);
        assert_eq!(plan.conflicts[0].differences()[0].what, "Colour");
    }
}
