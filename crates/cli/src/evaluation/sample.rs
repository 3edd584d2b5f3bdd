//! Scoring against the sample's hand-made gold file (`*.gold.json`): entity mentions by exact
//! span and type, the names they are grouped under, quotes by span and the speaker's name.

use serde::Deserialize;

use super::Score;
use domain::text::Span;
use engines::extract::attribution::QuoteKind;
use engines::extract::{Analysis, MentionKind};

/// The gold file of a sample article.
#[derive(Clone, Debug, Deserialize)]
pub struct SampleGold {
    pub article: String,
    pub entities: Vec<SampleEntity>,
    pub quotes: Vec<SampleQuote>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SampleEntity {
    #[serde(rename = "type")]
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub canonical: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SampleQuote {
    pub start: usize,
    pub end: usize,
    pub speaker: String,
}

/// How the engines did on a sample.
#[derive(Clone, Debug, Default)]
pub struct SampleReport {
    pub entities: Score,
    /// Of the exactly found mentions, how many are grouped under the gold name.
    pub names_right: usize,
    pub quotes_overlap: Score,
    pub quotes_exact: Score,
    /// Of the matched quotes, how many name the gold speaker.
    pub speakers_right: usize,
    /// Disagreements, for people to read.
    pub problems: Vec<String>,
}

fn kind_of(label: &str) -> Option<MentionKind> {
    match label {
        "org" | "organisation" | "organization" => Some(MentionKind::Organisation),
        other => MentionKind::from_label(other),
    }
}

/// Scores an analysis of the sample's text against its gold file.
pub fn score_sample(gold: &SampleGold, analysis: &Analysis) -> SampleReport {
    let mut report = SampleReport::default();
    let gold_entities: Vec<(Span, Option<MentionKind>, &str)> = gold
        .entities
        .iter()
        .map(|e| {
            (
                Span::new(e.start, e.end),
                kind_of(&e.kind),
                e.canonical.as_str(),
            )
        })
        .collect();
    for mention in &analysis.mentions {
        match gold_entities
            .iter()
            .find(|(span, kind, _)| *span == mention.span && *kind == Some(mention.kind))
        {
            Some((_, _, canonical)) => {
                report.entities.true_positives += 1;
                let name = analysis.entity_name(mention);
                if name == *canonical {
                    report.names_right += 1;
                } else {
                    report.problems.push(format!(
                        "name: {:?} grouped under {name:?}, gold {canonical:?}",
                        mention.span
                    ));
                }
            }
            None => report.problems.push(format!(
                "extra {} mention at {:?}",
                mention.kind.label(),
                mention.span
            )),
        }
    }
    for (span, kind, _) in &gold_entities {
        if !analysis
            .mentions
            .iter()
            .any(|m| m.span == *span && Some(m.kind) == *kind)
        {
            report
                .problems
                .push(format!("missed {kind:?} mention at {span:?}"));
        }
    }
    report.entities.predicted = analysis.mentions.len();
    report.entities.gold = gold_entities.len();

    let quotes: Vec<_> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Quote)
        .collect();
    let mut taken = vec![false; quotes.len()];
    for quote in &gold.quotes {
        let span = Span::new(quote.start, quote.end);
        let Some(index) = (0..quotes.len()).find(|&i| !taken[i] && quotes[i].span.overlaps(&span))
        else {
            report.problems.push(format!("missed quote at {span:?}"));
            continue;
        };
        taken[index] = true;
        report.quotes_overlap.true_positives += 1;
        report.quotes_exact.true_positives += usize::from(quotes[index].span == span);
        let name = quotes[index]
            .speaker
            .as_ref()
            .map_or("", |s| s.name.as_str());
        if name == quote.speaker {
            report.speakers_right += 1;
        } else {
            report.problems.push(format!(
                "quote at {span:?} attributed to {name:?}, gold {:?}",
                quote.speaker
            ));
        }
    }
    for score in [&mut report.quotes_overlap, &mut report.quotes_exact] {
        score.predicted = quotes.len();
        score.gold = gold.quotes.len();
    }
    report
}
