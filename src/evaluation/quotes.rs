//! Quote scoring on PolNeAR documents: a predicted quote (its text without marks) matches a gold
//! quote when they share at least one character, one-to-one; precision, recall and F1 over those
//! matches and over exact spans; speaker accuracy over matched quotes with a gold speaker (the
//! predicted speaker mention overlaps the gold source mention); end-to-end F1 counting a quote
//! only when it matches and its speaker is right.

use serde::Deserialize;

use super::Score;
use crate::domain::extract::quotes::{Quote, QuoteKind};
use crate::domain::text::Span;

/// One PolNeAR document as `../shared/data` stores it (offsets in code points).
#[derive(Clone, Debug, Deserialize)]
pub struct PolnearDocument {
    pub id: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldQuote {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<GoldSpan>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
}

/// The quote scores of the README.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuoteReport {
    pub overlap: Score,
    pub exact: Score,
    /// Matched quotes with a gold speaker, and how many of those got it right.
    pub speakers_judged: usize,
    pub speakers_right: usize,
    pub end_to_end: Score,
}

impl QuoteReport {
    pub fn speaker_accuracy(&self) -> f64 {
        if self.speakers_judged == 0 {
            0.0
        } else {
            100.0 * self.speakers_right as f64 / self.speakers_judged as f64
        }
    }

    pub fn add(&mut self, other: &QuoteReport) {
        self.overlap.add(other.overlap);
        self.exact.add(other.exact);
        self.speakers_judged += other.speakers_judged;
        self.speakers_right += other.speakers_right;
        self.end_to_end.add(other.end_to_end);
    }
}

/// Scores the engine's quotations (terms are not quotes) against a document's gold quotes.
pub fn score_quotes(gold: &[GoldQuote], found: &[Quote]) -> QuoteReport {
    let predicted: Vec<&Quote> = found
        .iter()
        .filter(|q| q.kind == QuoteKind::Quote && !q.span.is_empty())
        .collect();
    let mut taken = vec![false; predicted.len()];
    let mut report = QuoteReport::default();
    let (mut matched, mut exact, mut right) = (0, 0, 0);
    for quote in gold {
        let gold_span = Span::new(quote.start, quote.end);
        let Some(index) =
            (0..predicted.len()).find(|&i| !taken[i] && predicted[i].span.overlaps(&gold_span))
        else {
            continue;
        };
        taken[index] = true;
        matched += 1;
        if predicted[index].span == gold_span {
            exact += 1;
        }
        let predicted_speaker = predicted[index].speaker.as_ref().map(|s| s.mention);
        let speaker_right = match (quote.speaker, predicted_speaker) {
            (Some(gold), Some(mention)) => mention.overlaps(&Span::new(gold.start, gold.end)),
            (None, None) => true,
            _ => false,
        };
        if quote.speaker.is_some() {
            report.speakers_judged += 1;
            report.speakers_right += usize::from(speaker_right);
        }
        right += usize::from(speaker_right);
    }
    let counts = |true_positives| Score {
        true_positives,
        predicted: predicted.len(),
        gold: gold.len(),
    };
    report.overlap = counts(matched);
    report.exact = counts(exact);
    report.end_to_end = counts(right);
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::extract::quotes::Speaker;

    fn quote(start: usize, end: usize, speaker: Option<(usize, usize)>, kind: QuoteKind) -> Quote {
        Quote {
            span: Span::new(start, end),
            outer: Span::new(start - 1, end + 1),
            kind,
            closed: true,
            speaker: speaker.map(|(s, e)| Speaker {
                mention: Span::new(s, e),
                name: String::new(),
                entity: None,
            }),
            cue: None,
        }
    }

    fn gold(start: usize, end: usize, speaker: Option<(usize, usize)>) -> GoldQuote {
        GoldQuote {
            start,
            end,
            speaker: speaker.map(|(start, end)| GoldSpan { start, end }),
        }
    }

    #[test]
    fn overlap_exact_speaker_and_end_to_end() {
        let golds = [
            gold(10, 20, Some((30, 35))),
            gold(50, 60, Some((0, 5))),
            gold(80, 90, None),
        ];
        let found = [
            quote(10, 20, Some((31, 33)), QuoteKind::Quote), // exact, speaker right
            quote(55, 65, Some((40, 45)), QuoteKind::Quote), // overlaps, speaker wrong
            quote(100, 110, None, QuoteKind::Quote),         // nothing in gold
            quote(80, 90, None, QuoteKind::Term),            // a term is not a quote
        ];
        let report = score_quotes(&golds, &found);
        assert_eq!(
            report.overlap,
            Score {
                true_positives: 2,
                predicted: 3,
                gold: 3
            }
        );
        assert_eq!(report.exact.true_positives, 1);
        assert_eq!((report.speakers_judged, report.speakers_right), (2, 1));
        assert_eq!(report.end_to_end.true_positives, 1);
    }

    #[test]
    fn matching_is_one_to_one() {
        let golds = [gold(10, 20, None), gold(21, 30, None)];
        let found = [quote(10, 30, None, QuoteKind::Quote)];
        assert_eq!(score_quotes(&golds, &found).overlap.true_positives, 1);
    }
}
