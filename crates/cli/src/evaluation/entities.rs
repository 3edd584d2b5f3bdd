//! Entity scoring on CoNLL-2003 documents (ALL3: exact person, organisation and place spans,
//! micro-averaged; MISC is not scored), and turning those documents into training data for the
//! model, with our own tokenizer so that training sees the tokens tagging will see.

use serde::Deserialize;

use super::Score;
use domain::text::{Span, TextIndex};
use engines::extract::entities::tags::{EntityType, Tag};
use engines::extract::entities::training::TrainingDocument;
use engines::language::tokens::tokenize;

/// One CoNLL document as `../shared/data` stores it (offsets in code points).
#[derive(Clone, Debug, Deserialize)]
pub struct ConllDocument {
    pub id: String,
    pub text: String,
    pub entities: Vec<GoldEntity>,
    pub sentences: Vec<[usize; 2]>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldEntity {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
}

/// A predicted entity, in code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PredictedEntity {
    pub span: Span,
    pub kind: EntityType,
}

/// The scores of the README: ALL3 exact (and per type), type-ignored, and prose lines only.
#[derive(Clone, Debug, Default)]
pub struct EntityReport {
    pub all3: Score,
    pub person: Score,
    pub organisation: Score,
    pub place: Score,
    pub type_ignored: Score,
    pub prose: Score,
}

impl EntityReport {
    pub fn add(&mut self, other: &EntityReport) {
        self.all3.add(other.all3);
        self.person.add(other.person);
        self.organisation.add(other.organisation);
        self.place.add(other.place);
        self.type_ignored.add(other.type_ignored);
        self.prose.add(other.prose);
    }
}

/// Trims a predicted span as the scorer does: surrounding white space, quote marks, brackets and
/// commas, a leading "the " and a trailing "'s".
pub fn trim_prediction(text: &str, span: Span) -> Span {
    let chars: Vec<char> = text.chars().collect();
    let (mut start, mut end) = (span.start.min(chars.len()), span.end.min(chars.len()));
    let strip = |c: char| c.is_whitespace() || "\"'“”‘’()[]{},".contains(c);
    loop {
        let before = (start, end);
        while start < end && strip(chars[start]) {
            start += 1;
        }
        while end > start && strip(chars[end - 1]) {
            end -= 1;
        }
        let piece: String = chars[start..end].iter().collect();
        if piece.to_lowercase().starts_with("the ") {
            start += 4;
        }
        if piece.ends_with("'s") || piece.ends_with("’s") {
            end -= 2;
        }
        if (start, end) == before {
            return Span::new(start, end);
        }
    }
}

fn scored_type(label: &str) -> Option<EntityType> {
    match label {
        "PER" => Some(EntityType::Person),
        "ORG" => Some(EntityType::Organisation),
        "LOC" => Some(EntityType::Place),
        _ => None,
    }
}

/// The code-point spans of the document's prose lines (at least five lowercase words).
fn prose_lines(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let length = line.chars().count();
        let lowercase_words = line
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .count();
        if lowercase_words >= 5 {
            spans.push(Span::new(start, start + length));
        }
        start += length + 1;
    }
    spans
}

fn count(gold: &[(Span, Option<EntityType>)], predicted: &[(Span, Option<EntityType>)]) -> Score {
    let true_positives = predicted.iter().filter(|p| gold.contains(p)).count();
    Score {
        true_positives,
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// Scores one document's predictions.
pub fn score_document(document: &ConllDocument, predicted: &[PredictedEntity]) -> EntityReport {
    let gold: Vec<(Span, EntityType)> = document
        .entities
        .iter()
        .filter_map(|e| scored_type(&e.kind).map(|kind| (Span::new(e.start, e.end), kind)))
        .collect();
    let mut predicted: Vec<(Span, EntityType)> = predicted
        .iter()
        .filter(|p| p.kind != EntityType::Misc)
        .map(|p| (trim_prediction(&document.text, p.span), p.kind))
        .filter(|(span, _)| !span.is_empty())
        .collect();
    predicted.dedup();
    let typed = |items: &[(Span, EntityType)],
                 only: Option<EntityType>|
     -> Vec<(Span, Option<EntityType>)> {
        items
            .iter()
            .filter(|(_, kind)| only.is_none_or(|only| only == *kind))
            .map(|(span, kind)| (*span, Some(*kind)))
            .collect()
    };
    let untyped = |items: &[(Span, EntityType)]| -> Vec<(Span, Option<EntityType>)> {
        items.iter().map(|(span, _)| (*span, None)).collect()
    };
    let prose = prose_lines(&document.text);
    let in_prose = |items: &[(Span, EntityType)]| -> Vec<(Span, EntityType)> {
        items
            .iter()
            .filter(|(span, _)| prose.iter().any(|line| line.contains_span(span)))
            .copied()
            .collect()
    };
    EntityReport {
        all3: count(&typed(&gold, None), &typed(&predicted, None)),
        person: count(
            &typed(&gold, Some(EntityType::Person)),
            &typed(&predicted, Some(EntityType::Person)),
        ),
        organisation: count(
            &typed(&gold, Some(EntityType::Organisation)),
            &typed(&predicted, Some(EntityType::Organisation)),
        ),
        place: count(
            &typed(&gold, Some(EntityType::Place)),
            &typed(&predicted, Some(EntityType::Place)),
        ),
        type_ignored: count(&untyped(&gold), &untyped(&predicted)),
        prose: count(
            &typed(&in_prose(&gold), None),
            &typed(&in_prose(&predicted), None),
        ),
    }
}

/// A CoNLL document as training data: each line tokenized by our tokenizer, each token tagged
/// from the gold spans (all four types). Returns the document and the number of tokens that
/// straddle an entity boundary (tokenization disagreements).
pub fn training_document(document: &ConllDocument) -> (TrainingDocument, usize) {
    let index = TextIndex::new(&document.text);
    let entities: Vec<(Span, EntityType)> = document
        .entities
        .iter()
        .filter_map(|e| {
            EntityType::from_conll_label(&e.kind).map(|kind| (Span::new(e.start, e.end), kind))
        })
        .collect();
    let mut straddling = 0;
    let mut sentences = Vec::new();
    let mut line_start_byte = 0;
    for line in document.text.split('\n') {
        let tokens = tokenize(line);
        let mut words = Vec::with_capacity(tokens.len());
        let mut tags = Vec::with_capacity(tokens.len());
        for token in &tokens {
            let span = index.span_of_bytes(
                line_start_byte + token.bytes.start..line_start_byte + token.bytes.end,
            );
            let entity = entities.iter().find(|(entity, _)| entity.overlaps(&span));
            let tag = match entity {
                Some((entity, kind)) => {
                    if !entity.contains_span(&span) {
                        straddling += 1;
                    }
                    if span.start <= entity.start {
                        Tag::begin(*kind)
                    } else {
                        Tag::inside(*kind)
                    }
                }
                None => Tag::OUTSIDE,
            };
            words.push(token.text.to_owned());
            tags.push(tag);
        }
        if !words.is_empty() {
            sentences.push((words, tags));
        }
        line_start_byte += line.len() + 1;
    }
    (TrainingDocument { sentences }, straddling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predictions_are_trimmed_as_the_readme_says() {
        let text = "He met \"the Reuters\" people and Clinton's aides, (NATO).";
        let trim = |start, end| {
            let span = trim_prediction(text, Span::new(start, end));
            text.chars()
                .skip(span.start)
                .take(span.len())
                .collect::<String>()
        };
        assert_eq!(trim(7, 20), "Reuters");
        assert_eq!(trim(31, 42), "Clinton");
        assert_eq!(trim(49, 55), "NATO");
    }

    #[test]
    fn scoring_counts_exact_typed_spans_and_ignores_misc() {
        let document = ConllDocument {
            id: "t".into(),
            text: "Jens Stoltenberg met German officials in Brussels with some words here today."
                .into(),
            entities: vec![
                GoldEntity {
                    start: 0,
                    end: 16,
                    kind: "PER".into(),
                    text: "Jens Stoltenberg".into(),
                },
                GoldEntity {
                    start: 21,
                    end: 27,
                    kind: "MISC".into(),
                    text: "German".into(),
                },
                GoldEntity {
                    start: 41,
                    end: 49,
                    kind: "LOC".into(),
                    text: "Brussels".into(),
                },
            ],
            sentences: vec![[0, 78]],
        };
        let predicted = [
            PredictedEntity {
                span: Span::new(0, 16),
                kind: EntityType::Person,
            },
            PredictedEntity {
                span: Span::new(21, 27),
                kind: EntityType::Misc,
            },
            PredictedEntity {
                span: Span::new(41, 49),
                kind: EntityType::Organisation,
            },
        ];
        let report = score_document(&document, &predicted);
        assert_eq!(
            report.all3,
            Score {
                true_positives: 1,
                predicted: 2,
                gold: 2
            }
        );
        assert_eq!(report.type_ignored.true_positives, 2);
        assert_eq!(
            report.place,
            Score {
                true_positives: 0,
                predicted: 0,
                gold: 1
            }
        );
        assert_eq!(report.prose.gold, 2);
    }

    #[test]
    fn training_documents_tag_our_tokens_from_gold_spans() {
        let document = ConllDocument {
            id: "t".into(),
            text: "U.S. envoy Rex Tillerson's trip\nLONDON 1996-08-30".into(),
            entities: vec![
                GoldEntity {
                    start: 0,
                    end: 4,
                    kind: "LOC".into(),
                    text: "U.S.".into(),
                },
                GoldEntity {
                    start: 11,
                    end: 24,
                    kind: "PER".into(),
                    text: "Rex Tillerson".into(),
                },
                GoldEntity {
                    start: 32,
                    end: 38,
                    kind: "LOC".into(),
                    text: "LONDON".into(),
                },
            ],
            sentences: vec![[0, 31], [32, 49]],
        };
        let (training, straddling) = training_document(&document);
        assert_eq!(straddling, 0);
        let (words, tags) = &training.sentences[0];
        assert_eq!(words, &["U.S.", "envoy", "Rex", "Tillerson", "'s", "trip"]);
        let names: Vec<&str> = tags.iter().map(|t| t.name()).collect();
        assert_eq!(names, ["B-LOC", "O", "B-PER", "I-PER", "O", "O"]);
        assert_eq!(training.sentences[1].1[0], Tag::begin(EntityType::Place));
    }
}
