//! Quote scoring on PolNeAR documents: a predicted quote (its text without marks) matches a gold
//! quote when they share at least one character, one-to-one; precision, recall and F1 over those
//! matches and over exact spans; speaker accuracy over matched quotes with a gold speaker (the
//! predicted speaker mention overlaps the gold source mention); end-to-end F1 counting a quote
//! only when it matches and its speaker is right.

use serde::Deserialize;

use super::Score;
use domain::text::Span;
use engines::extract::attribution::training::SpeakerTrainingDocument;
use engines::extract::attribution::{Choice, Chooser, Quote, QuoteKind, Source};
use engines::extract::{Entity, EntityMention};

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

/// The gold speaker of the quotation a candidate set belongs to: the first gold quote with a
/// speaker that overlaps the quoted words.
pub fn gold_speaker_for(gold: &[GoldQuote], quote: Span) -> Option<Span> {
    gold.iter()
        .filter(|g| Span::new(g.start, g.end).overlaps(&quote))
        .find_map(|g| g.speaker)
        .map(|s| Span::new(s.start, s.end))
}

/// Per candidate rule, over quotations with a gold speaker: how often it proposed a candidate,
/// how often that candidate was right, how often the chooser picked it and was right.
#[derive(Clone, Debug, Default)]
pub struct SourceRow {
    pub proposed: usize,
    pub proposed_right: usize,
    pub picked: usize,
    pub picked_right: usize,
}

/// A candidate mention and the rules that proposed it.
pub type ProposedMention = (Span, Vec<Source>);

/// A quotation no candidate got right: the quote, the gold speaker, each candidate and its rule.
pub type Miss = (Span, Span, Vec<(Source, Span)>);

/// A quotation whose right candidate was passed over: the quote, the gold speaker, the picked
/// mention, a right mention.
pub type PassedOver = (Span, Span, ProposedMention, ProposedMention);

/// Wraps a chooser and tallies, per rule, what it proposed and what was picked.
pub struct SourceTally<C> {
    pub inner: C,
    pub gold: Vec<GoldQuote>,
    pub rows: std::collections::BTreeMap<Source, SourceRow>,
    /// Quotations with a gold speaker; those where some candidate was right; picked right.
    pub judged: usize,
    pub some_candidate_right: usize,
    pub picked_right: usize,
    /// Quotations where no candidate was right: the quote, the gold speaker, the candidates.
    pub misses: Vec<Miss>,
    /// Quotations where a right candidate was passed over: the quote, the gold speaker, the
    /// picked mention and its rules, a right mention and its rules.
    pub passed_over: Vec<PassedOver>,
}

impl<C: Chooser> SourceTally<C> {
    pub fn new(inner: C) -> Self {
        SourceTally {
            inner,
            gold: Vec::new(),
            rows: Default::default(),
            judged: 0,
            some_candidate_right: 0,
            picked_right: 0,
            misses: Vec::new(),
            passed_over: Vec::new(),
        }
    }
}

impl<C: Chooser> Chooser for SourceTally<C> {
    fn choose(&mut self, choice: &Choice<'_>) -> Option<usize> {
        let pick = self.inner.choose(choice);
        let Some(gold) = gold_speaker_for(&self.gold, choice.quote) else {
            return pick;
        };
        self.judged += 1;
        let right = |index: usize| choice.candidates[index].mention.overlaps(&gold);
        let mut seen = std::collections::BTreeSet::new();
        let mut any_right = false;
        for (index, candidate) in choice.candidates.iter().enumerate() {
            for &source in candidate.sources {
                if !seen.insert(source) {
                    continue;
                }
                let row = self.rows.entry(source).or_default();
                row.proposed += 1;
                row.proposed_right += usize::from(right(index));
            }
            any_right |= right(index);
        }
        self.some_candidate_right += usize::from(any_right);
        if !any_right {
            let candidates = choice.candidates.iter().map(|c| (c.source, c.mention));
            self.misses.push((choice.quote, gold, candidates.collect()));
        }
        let described = |index: usize| {
            let candidate = &choice.candidates[index];
            (candidate.mention, candidate.sources.to_vec())
        };
        if let (Some(index), true) = (pick, any_right) {
            if !right(index) {
                let good = (0..choice.candidates.len())
                    .find(|&i| right(i))
                    .unwrap_or(index);
                self.passed_over
                    .push((choice.quote, gold, described(index), described(good)));
            }
        }
        if let Some(index) = pick {
            let row = self
                .rows
                .entry(choice.candidates[index].source)
                .or_default();
            row.picked += 1;
            row.picked_right += usize::from(right(index));
            self.picked_right += usize::from(right(index));
        }
        pick
    }

    fn wants_names(&self) -> bool {
        self.inner.wants_names()
    }
}

/// A PolNeAR document as the speaker trainer takes it (mentions found by the entity engine).
pub fn speaker_training_document(
    document: &PolnearDocument,
    mentions: Vec<EntityMention>,
    entities: Vec<Entity>,
) -> SpeakerTrainingDocument {
    SpeakerTrainingDocument {
        text: document.text.clone(),
        mentions,
        entities,
        gold: document
            .quotes
            .iter()
            .map(|quote| {
                (
                    Span::new(quote.start, quote.end),
                    quote.speaker.map(|s| Span::new(s.start, s.end)),
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engines::extract::attribution::Speaker;

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
            source_kind: None,
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
