//! What the panels and the report show, computed from the annotations: who is quoted and how much,
//! the entities by type with their mentions, the reader's notes, search, and which annotations
//! touch which block of the article.

use std::collections::BTreeMap;

use crate::annotation::{Annotation, AnnotationKind, Origin};
use crate::article::Block;
use crate::calendar::Timestamp;
use crate::text::IndexedText;

/// One speaker's quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerVoice {
    pub name: String,
    /// Positions of the quotes in the annotation list, in text order.
    pub quotes: Vec<usize>,
    /// Words quoted, all quotes together.
    pub words: usize,
}

/// Speakers by how many words they are quoted with (most first); unattributed quotes last.
pub fn quote_ledger<A: AsRef<Annotation>>(
    annotations: &[A],
    text: &IndexedText,
) -> Vec<SpeakerVoice> {
    let mut voices: BTreeMap<String, SpeakerVoice> = BTreeMap::new();
    for (position, annotation) in annotations.iter().map(AsRef::as_ref).enumerate() {
        if annotation.kind() != AnnotationKind::Quote {
            continue;
        }
        let name = annotation
            .speaker()
            .map_or_else(|| "Unattributed".to_owned(), |s| s.name.clone());
        let voice = voices.entry(name.clone()).or_insert(SpeakerVoice {
            name,
            quotes: Vec::new(),
            words: 0,
        });
        voice.quotes.push(position);
        voice.words += text.slice(annotation.span).split_whitespace().count();
    }
    let mut ledger: Vec<SpeakerVoice> = voices.into_values().collect();
    rank_voices(&mut ledger);
    ledger
}

/// Most words first, unattributed last. (Apart from the generic function that calls it, so that
/// the sort is compiled once whatever holds the annotations.)
fn rank_voices(ledger: &mut [SpeakerVoice]) {
    ledger.sort_unstable_by(|a, b| {
        (a.name == "Unattributed")
            .cmp(&(b.name == "Unattributed"))
            .then(b.words.cmp(&a.words))
            .then(a.name.cmp(&b.name))
    });
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
