//! Scoring the engines against gold data, exactly as `../shared/data/README.md` describes:
//! entities on CoNLL-format documents, quotes on PolNeAR-format documents and the sample's gold
//! file. Pure functions over parsed documents; the `evaluate` command does the reading.
//!
//! Development tooling, not part of the page (which never calls it); it compiles to wasm too, so
//! that the Node benchmark scores with this very code.

pub mod attributions;
pub mod entities;
pub mod quotes;
pub mod sample;
pub mod web_pages;

use std::fmt;

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }

    pub fn f1(&self) -> f64 {
        f1_of(self.precision(), self.recall())
    }

    pub fn add(&mut self, other: Score) {
        self.true_positives += other.true_positives;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

/// The harmonic mean of a precision and a recall (0 when both are 0).
pub(crate) fn f1_of(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:5.1}  R {:5.1}  F1 {:5.1}  (tp {}, predicted {}, gold {})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.true_positives,
            self.predicted,
            self.gold
        )
    }
}

use domain::text::TextIndex;
use engines::extract::attribution::{find_quotes_with, Chooser};
use engines::extract::entities::{find_names, EntityModel};
use engines::extract::{analyse_text, Entity, EntityMention};
use entities::{score_document, ConllDocument, EntityReport, PredictedEntity};
use quotes::{score_quotes, PolnearDocument, QuoteReport};

/// Reads JSON Lines into documents; a line that does not parse is an error naming it.
pub fn read_json_lines<T: serde::de::DeserializeOwned>(
    text: &str,
    name: &str,
) -> Result<Vec<T>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| format!("{name}:{}: {e}", n + 1)))
        .collect()
}

/// Scores the entity engine on CoNLL documents, from their raw text.
pub fn evaluate_entities(model: &EntityModel, documents: &[ConllDocument]) -> EntityReport {
    let mut report = EntityReport::default();
    for document in documents {
        let index = TextIndex::new(&document.text);
        let predicted: Vec<PredictedEntity> = find_names(model, &document.text)
            .into_iter()
            .map(|m| PredictedEntity {
                span: index.span_of_bytes(m.bytes),
                kind: m.kind,
            })
            .collect();
        report.add(&score_document(document, &predicted));
    }
    report
}

/// Scores the quote engine on PolNeAR documents.
pub fn evaluate_quotes(model: &EntityModel, documents: &[PolnearDocument]) -> QuoteReport {
    let mut report = QuoteReport::default();
    for document in documents {
        let analysis = analyse_text(&document.text, Some(model), None);
        report.add(&score_quotes(&document.quotes, &analysis.quotes));
    }
    report
}

/// Scores the quote engine on PolNeAR documents whose mentions are already found, choosing
/// speakers with `chooser`.
pub fn evaluate_quotes_with(
    documents: &[(PolnearDocument, Vec<EntityMention>, Vec<Entity>)],
    chooser: &mut dyn Chooser,
) -> QuoteReport {
    let mut report = QuoteReport::default();
    for (document, mentions, entities) in documents {
        let quotes = find_quotes_with(&document.text, mentions, entities, chooser);
        report.add(&score_quotes(&document.quotes, &quotes));
    }
    report
}
