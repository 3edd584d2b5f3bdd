//! What the panels and the report show, computed from the annotations: who is quoted or reported
//! and how much, how the article's claims are sourced (named, documents, unnamed),
//! the entities by type with their mentions, the reader's notes, search, and which annotations
//! touch which block of the article.

use std::collections::BTreeMap;

use crate::annotation::{Annotation, AnnotationKind, Origin, SourceKind};
use crate::article::Block;
use crate::calendar::Timestamp;
use crate::text::IndexedText;

/// One source's quotations and reported statements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerVoice {
    pub name: String,
    /// Positions of the quotations in the annotation list, in text order.
    pub quotes: Vec<usize>,
    /// Positions of the reported statements in the annotation list, in text order.
    pub reported: Vec<usize>,
    /// Words quoted, all quotations together.
    pub words: usize,
    /// Words reported, all reported statements together.
    pub reported_words: usize,
    /// What kind of source it is (that of its first statement that says).
    pub source_kind: Option<SourceKind>,
}

impl SpeakerVoice {
    /// Quotations and reported statements together.
    pub fn statements(&self) -> usize {
        self.quotes.len() + self.reported.len()
    }
}

/// The name the ledger lists quotations and statements without a source under.
pub const UNATTRIBUTED: &str = "Unattributed";

/// Sources by how many words they are given, quoted and reported (most first); what has no
/// source last.
pub fn source_ledger<A: AsRef<Annotation>>(
    annotations: &[A],
    text: &IndexedText,
) -> Vec<SpeakerVoice> {
    let mut voices: BTreeMap<String, SpeakerVoice> = BTreeMap::new();
    for (position, annotation) in annotations.iter().map(AsRef::as_ref).enumerate() {
        let kind = annotation.kind();
        if !matches!(kind, AnnotationKind::Quote | AnnotationKind::Reported) {
            continue;
        }
        let name = annotation
            .speaker()
            .map_or_else(|| UNATTRIBUTED.to_owned(), |s| s.name.clone());
        let voice = voices.entry(name.clone()).or_insert(SpeakerVoice {
            name,
            quotes: Vec::new(),
            reported: Vec::new(),
            words: 0,
            reported_words: 0,
            source_kind: None,
        });
        let words = text.slice(annotation.span).split_whitespace().count();
        if kind == AnnotationKind::Quote {
            voice.quotes.push(position);
            voice.words += words;
        } else {
            voice.reported.push(position);
            voice.reported_words += words;
        }
        voice.source_kind = voice.source_kind.or(annotation.source_kind());
    }
    let mut ledger: Vec<SpeakerVoice> = voices.into_values().collect();
    rank_voices(&mut ledger);
    ledger
}

/// Most words first, unattributed last. (Apart from the generic function that calls it, so that
/// the sort is compiled once whatever holds the annotations.)
fn rank_voices(ledger: &mut [SpeakerVoice]) {
    ledger.sort_unstable_by(|a, b| {
        (a.name == UNATTRIBUTED)
            .cmp(&(b.name == UNATTRIBUTED))
            .then((b.words + b.reported_words).cmp(&(a.words + a.reported_words)))
            .then(a.name.cmp(&b.name))
    });
}

/// How an article's quotations and reported statements are sourced: how many rest on each kind
/// of source, and on none that is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sourcing {
    /// Per kind of source, in [`SourceKind::ALL`]'s order: how many.
    pub by_kind: Vec<(SourceKind, usize)>,
    /// Attributions whose kind of source is not known (no source found).
    pub unknown: usize,
}

impl Sourcing {
    /// Every attribution counted.
    pub fn total(&self) -> usize {
        self.by_kind.iter().map(|(_, n)| n).sum::<usize>() + self.unknown
    }

    /// How many rest on this kind of source.
    pub fn count(&self, kind: SourceKind) -> usize {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

/// The sourcing summary of the quotations and reported statements among `annotations`.
pub fn sourcing<A: AsRef<Annotation>>(annotations: &[A]) -> Sourcing {
    let mut summary = Sourcing {
        by_kind: SourceKind::ALL.iter().map(|&kind| (kind, 0)).collect(),
        unknown: 0,
    };
    for annotation in annotations.iter().map(AsRef::as_ref) {
        if !matches!(
            annotation.kind(),
            AnnotationKind::Quote | AnnotationKind::Reported
        ) {
            continue;
        }
        match annotation.source_kind() {
            Some(kind) => {
                if let Some((_, n)) = summary.by_kind.iter_mut().find(|(k, _)| *k == kind) {
                    *n += 1;
                }
            }
            None => summary.unknown += 1,
        }
    }
    summary
}

/// One entity and its mentions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityGroup {
    pub kind: AnnotationKind,
    pub name: String,
    /// Positions of the mentions in the annotation list, in text order.
    pub mentions: Vec<usize>,
}

/// Entities grouped by kind (person, organisation, place, date), most mentioned first.
pub fn entity_groups<A: AsRef<Annotation>>(
    annotations: &[A],
) -> Vec<(AnnotationKind, Vec<EntityGroup>)> {
    let mut groups: BTreeMap<(AnnotationKind, String), Vec<usize>> = BTreeMap::new();
    for (position, annotation) in annotations.iter().map(AsRef::as_ref).enumerate() {
        if let (true, Some(name)) = (annotation.kind().is_entity(), annotation.entity()) {
            groups
                .entry((annotation.kind(), name.to_owned()))
                .or_default()
                .push(position);
        }
    }
    let mut by_kind: Vec<(AnnotationKind, Vec<EntityGroup>)> = Vec::new();
    for ((kind, name), mentions) in groups {
        let group = EntityGroup {
            kind,
            name,
            mentions,
        };
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(group),
            None => by_kind.push((kind, vec![group])),
        }
    }
    for (_, list) in &mut by_kind {
        rank_groups(list);
    }
    by_kind
}

/// Most mentioned first, then by name (compiled once, like [`rank_voices`]).
fn rank_groups(list: &mut [EntityGroup]) {
    list.sort_unstable_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then(a.name.cmp(&b.name))
    });
}

/// The reader's own annotations and the notes on any, newest first.
pub fn notes<A: AsRef<Annotation>>(annotations: &[A]) -> Vec<usize> {
    let mut kept: Vec<(Option<&Timestamp>, usize)> = annotations
        .iter()
        .map(AsRef::as_ref)
        .enumerate()
        .filter(|(_, a)| a.origin == Origin::Reader || !a.note.is_empty() || !a.tags.is_empty())
        .map(|(position, a)| (a.modified.as_ref(), position))
        .collect();
    newest_first(&mut kept);
    kept.into_iter().map(|(_, position)| position).collect()
}

/// Newest first, then the later position first (compiled once, like [`rank_voices`]).
fn newest_first(kept: &mut [(Option<&Timestamp>, usize)]) {
    kept.sort_unstable_by(|a, b| b.cmp(a));
}

/// Whether an annotation matches a search: its text, note, tags, speaker or entity name holds
/// every word of the query (case-insensitive).
pub fn matches_query(annotation: &Annotation, marked: &str, query: &str) -> bool {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return true;
    }
    let haystack = format!(
        "{} {} {} {} {} {}",
        marked,
        annotation.note,
        annotation.tags.join(" "),
        annotation.speaker().map_or("", |s| s.name.as_str()),
        annotation.entity().unwrap_or(""),
        annotation.kind().label()
    )
    .to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// The most annotations drawn in one block. A block holding more (only a hostile import makes
/// such a page) draws the first ones in text order; the others stay in the panels and cards.
pub const MAX_ANNOTATIONS_PER_BLOCK: usize = 2_000;

/// For each block, the positions of the annotations that touch it (an annotation crossing blocks
/// is in each), at most [`MAX_ANNOTATIONS_PER_BLOCK`] per block.
///
/// Linear in the annotations and blocks whatever they are: a block that is full is skipped by a
/// "next block with room" pointer (with path compression), so annotations spanning thousands of
/// full blocks cost nearly nothing.
pub fn annotations_by_block<A: AsRef<Annotation>>(
    blocks: &[Block],
    annotations: &[A],
) -> Vec<Vec<u32>> {
    let mut by_block: Vec<Vec<u32>> = vec![Vec::new(); blocks.len()];
    // next_open[i]: the first block at or after i with room (blocks.len() for none).
    let mut next_open: Vec<usize> = (0..=blocks.len()).collect();
    fn find(next_open: &mut [usize], mut i: usize) -> usize {
        let mut root = i;
        while next_open[root] != root {
            root = next_open[root];
        }
        while next_open[i] != root {
            let next = next_open[i];
            next_open[i] = root;
            i = next;
        }
        root
    }
    for (position, annotation) in annotations.iter().map(AsRef::as_ref).enumerate() {
        let span = annotation.span;
        let mut index = find(
            &mut next_open,
            blocks.partition_point(|b| b.span.end <= span.start),
        );
        while index < blocks.len() {
            let block = &blocks[index];
            if block.span.start >= span.end && !(span.is_empty() && block.span.start == span.start)
            {
                break;
            }
            if block.span.overlaps(&span) || span.is_empty() && block.span.start == span.start {
                by_block[index].push(position as u32);
                if by_block[index].len() >= MAX_ANNOTATIONS_PER_BLOCK {
                    next_open[index] = index + 1;
                }
            }
            index = find(&mut next_open, index + 1);
        }
    }
    by_block
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::SpeakerRef;
    use crate::text::Span;

    #[test]
    fn the_ledger_lists_quotations_and_reported_statements_per_source_and_sums_their_kinds() {
        let text = IndexedText::new("one two three four five six seven eight nine ten".into());
        let said = |id: &str, kind: AnnotationKind, span: Span, who: Option<(&str, SourceKind)>| {
            let mut a = Annotation::by_reader(id, kind, span);
            if let Some((name, source_kind)) = who {
                a.set_speaker(Some(SpeakerRef {
                    name: name.into(),
                    mention: None,
                }));
                a.attribution_mut().unwrap().source_kind = Some(source_kind);
            }
            a
        };
        let annotations = vec![
            said(
                "q",
                AnnotationKind::Quote,
                Span::new(0, 7),
                Some(("Ann", SourceKind::Person)),
            ),
            said(
                "r1",
                AnnotationKind::Reported,
                Span::new(8, 23),
                Some(("officials", SourceKind::Unnamed)),
            ),
            said(
                "r2",
                AnnotationKind::Reported,
                Span::new(24, 28),
                Some(("Ann", SourceKind::Person)),
            ),
            said("r3", AnnotationKind::Reported, Span::new(29, 33), None),
            Annotation::by_reader("p", AnnotationKind::Person, Span::new(0, 3)),
        ];
        let ledger = source_ledger(&annotations, &text);
        let rows: Vec<(&str, usize, usize, usize, usize)> = ledger
            .iter()
            .map(|v| {
                (
                    v.name.as_str(),
                    v.quotes.len(),
                    v.reported.len(),
                    v.words,
                    v.reported_words,
                )
            })
            .collect();
        assert_eq!(
            rows,
            // Three words each: by name.
            [
                ("Ann", 1, 1, 2, 1),
                ("officials", 0, 1, 0, 3),
                (UNATTRIBUTED, 0, 1, 0, 1)
            ]
        );
        assert_eq!(ledger[1].source_kind, Some(SourceKind::Unnamed));
        let summary = sourcing(&annotations);
        assert_eq!(summary.count(SourceKind::Person), 2);
        assert_eq!(summary.count(SourceKind::Unnamed), 1);
        assert_eq!(summary.count(SourceKind::Document), 0);
        assert_eq!((summary.unknown, summary.total()), (1, 4));
    }

    #[test]
    fn search_looks_in_text_notes_tags_speakers_and_entities() {
        let mut quote = Annotation::by_reader("q", AnnotationKind::Quote, Span::new(0, 5));
        quote.set_speaker(Some(SpeakerRef {
            name: "Jens Stoltenberg".into(),
            mention: None,
        }));
        quote.tags = vec!["defence".into()];
        quote.note = "Compare with the 2016 summit".into();
        assert!(matches_query(&quote, "We are taking", "stoltenberg"));
        assert!(matches_query(&quote, "We are taking", "DEFENCE summit"));
        assert!(matches_query(&quote, "We are taking", "taking"));
        assert!(!matches_query(&quote, "We are taking", "mogherini"));
        assert!(matches_query(&quote, "", "  "));
    }
}
