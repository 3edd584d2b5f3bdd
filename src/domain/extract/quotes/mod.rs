//! The quote engine: every direct quotation in double quotes (straight or curly), whether it is
//! someone's words (`quote`) or a title or scare quote (`term`), and who said it — the mention
//! the attribution rests on (`Tillerson`, `NATO chief`, `he`, `the ministers`) and the name that
//! mention resolves to (`Rex Tillerson`, `Jens Stoltenberg`, …).
//!
//! How it works, per paragraph:
//! 1. pair the quote marks (a straight mark's direction comes from its neighbours; a paragraph
//!    that ends inside a quote leaves it open, so one stray mark cannot derail the rest);
//! 2. attribute each quotation from the words around it: `"…," X said`, `"…," said X`,
//!    `X said: "…"`, `X said that "…"`, `according to X, "…"`, `X told reporters "…"`,
//!    `X replied, saying "…"`, a fragment inside a reported clause, a quote that continues the
//!    previous speaker's words;
//! 3. resolve the speaker mention to a name through the entity groups (pronouns to the nearest
//!    person before, roles such as `NATO chief` to the person who holds that title earlier);
//! 4. keep apart, as terms, quoted words nobody is quoted as saying.

mod document;
mod lexicon;
mod patterns;
mod phrases;
mod propagation;
mod regions;
mod resolve;
mod terms;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::tokens::{tokenize, Token};
use super::{Entity, EntityMention, MentionKind};
use crate::domain::text::{Span, TextIndex};
use document::*;
use lexicon::*;
use patterns::*;
use phrases::*;
use propagation::*;
use regions::*;
use resolve::*;
use terms::*;

/// Whether quoted words are someone's words or a title, name or scare quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Quote,
    Term,
}

/// Who a quote is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The words the attribution rests on (`NATO chief`, `he`, `Tillerson`).
    pub mention: Span,
    /// The name the mention resolves to, or the mention itself when no name is found.
    pub name: String,
    /// The entity group of that name, when it is one.
    pub entity: Option<usize>,
}

/// A quotation found in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub span: Span,
    /// The quoted words with their marks (an open quote ends with its paragraph).
    pub outer: Span,
    pub kind: QuoteKind,
    /// Whether a closing mark ends it in its paragraph.
    pub closed: bool,
    pub speaker: Option<Speaker>,
    /// The reporting verb the attribution rests on (`said`, `according to`).
    pub cue: Option<Span>,
}

/// How an attribution was found; the direct patterns are trusted more than inheritance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    /// A reporting verb right before or after the quote.
    Direct,
    /// A reporting verb earlier in the same sentence (a fragment in a reported clause).
    Clause,
    /// Another quote's speaker in the same paragraph, or the previous paragraph's.
    Inherited,
}

#[derive(Clone, Debug)]
struct Attribution {
    speaker: Range<usize>,
    cue: Option<Range<usize>>,
    evidence: Evidence,
}

/// Finds every quotation and its speaker; `mentions` and `entities` (from the entity engine)
/// resolve speaker mentions to names.
pub fn find_quotes(text: &str, mentions: &[EntityMention], entities: &[Entity]) -> Vec<Quote> {
    let mut document = Document::new(text);
    for mention in mentions.iter().filter(|m| m.kind == MentionKind::Person) {
        let first = document
            .spans
            .partition_point(|span| span.end <= mention.span.start);
        for i in first..document.spans.len() {
            if document.spans[i].start >= mention.span.end {
                break;
            }
            document.person[i] = true;
        }
    }
    let regions = find_regions(&mut document);
    let mut attributions: Vec<Option<Attribution>> = regions
        .iter()
        .map(|region| {
            transcript_label(&document, region)
                .or_else(|| parenthetical_report(&document, region))
                .or_else(|| according_to_opening(&document, region))
                .or_else(|| attribution_after(&document, region))
                .or_else(|| signature_below(&document, region))
                .or_else(|| relative_clause_owner(&document, region))
                .or_else(|| attribution_before(&document, region))
                .or_else(|| attribution_in_clause(&document, region))
        })
        .collect();
    let coordinated = share_coordinated_speakers(&document, &regions, &mut attributions);
    inherit_speakers(&document, &regions, &mut attributions);

    // A quotation joined to a title or scare quote ("“Parks and Recreation” and “Guardians of
    // the Galaxy”") is one too.
    let mut kinds: Vec<QuoteKind> = Vec::with_capacity(regions.len());
    for (index, (region, attribution)) in regions.iter().zip(&attributions).enumerate() {
        let term = looks_like_term(&document, region, attribution.as_ref())
            || (coordinated[index] && kinds[index - 1] == QuoteKind::Term);
        kinds.push(if term {
            QuoteKind::Term
        } else {
            QuoteKind::Quote
        });
    }
    let resolver = Resolver::new(&document, mentions, entities);
    regions
        .iter()
        .zip(&attributions)
        .zip(kinds)
        .map(|((region, attribution), kind)| {
            let content = region.content();
            let (span, outer) = if content.is_empty() {
                let at = document.spans[region.open].end;
                (Span::new(at, at), document.spans[region.open])
            } else {
                let open_end = document.spans[region.open].end;
                let content_end = document.spans[content.end - 1].end;
                let outer_end = region.close.map_or(content_end, |c| document.spans[c].end);
                let content_end = region
                    .close
                    .map_or(content_end, |c| document.spans[c].start);
                (
                    Span::new(open_end, content_end),
                    Span::new(document.spans[region.open].start, outer_end),
                )
            };
            let speaker = match (kind, attribution) {
                (QuoteKind::Quote, Some(attribution)) => {
                    let speaker = resolver.resolve(&attribution.speaker, region.open);
                    Some(if attribution.evidence == Evidence::Inherited {
                        resolver.latest_mention(speaker, outer.start)
                    } else {
                        speaker
                    })
                }
                _ => None,
            };
            let cue = match (kind, attribution) {
                (QuoteKind::Quote, Some(Attribution { cue: Some(cue), .. })) => {
                    Some(document.span_of(cue))
                }
                _ => None,
            };
            Quote {
                span,
                outer,
                kind,
                closed: region.close.is_some(),
                speaker,
                cue,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
