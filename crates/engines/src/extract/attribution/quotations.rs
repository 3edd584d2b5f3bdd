//! Quotations: every direct quotation in double quotes (straight or curly), whether it is
//! someone's words (`quote`) or a title or scare quote (`term`), and who said it. The stages of
//! the engine's module documentation, run in order for each quotation in the text
//! ([`find_quotes_with`]): regions, candidates, resolution, the ranker's choice, terms.

use serde::{Deserialize, Serialize};

use domain::text::Span;

use crate::extract::attribution::candidates::{
    nearby_mention_candidates, pattern_candidates, Candidate, Evidence, Source,
};
use crate::extract::attribution::document::Document;
use crate::extract::attribution::propagation::{carried_candidates, joined_to_previous};
use crate::extract::attribution::ranker::{
    shipped_speaker_model, write_features, CandidateView, Choice, Chooser, FeatureWriter,
    QuoteShape,
};
use crate::extract::attribution::regions::{find_regions, Region};
use crate::extract::attribution::resolve::Resolver;
use crate::extract::attribution::terms::looks_like_term;
use crate::extract::{Entity, EntityMention, MentionKind};

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
    /// What kind of source the speaker is (set by [`crate::extract::analyse_text`]).
    #[serde(default)]
    pub source_kind: Option<domain::annotation::SourceKind>,
}

/// The quotations that make one attribution, as positions in `quotes`: consecutive quotations
/// (terms and empty ones aside) said through one cue — “A,” she said. “B.” — are the parts of
/// one attribution, whose content runs from the first one's first character to the last one's
/// last; a quotation with no cue is one on its own.
pub fn attribution_parts(quotes: &[Quote]) -> Vec<Vec<usize>> {
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut last_cue: Option<Span> = None;
    for (i, quote) in quotes.iter().enumerate() {
        if quote.kind != QuoteKind::Quote || quote.span.is_empty() {
            continue;
        }
        match (quote.cue, parts.last_mut()) {
            (Some(cue), Some(current)) if last_cue == Some(cue) => current.push(i),
            _ => parts.push(vec![i]),
        }
        last_cue = quote.cue;
    }
    parts
}

/// Finds every quotation and its speaker; `mentions` and `entities` (from the entity engine)
/// resolve speaker mentions to names.
pub fn find_quotes(text: &str, mentions: &[EntityMention], entities: &[Entity]) -> Vec<Quote> {
    find_quotes_with(text, mentions, entities, &mut shipped_speaker_model())
}

/// The rules in the order they were written, without a model: the first pattern that fires
/// (a quotation joined to the one before shares its report first), else a speaker carried over.
/// The baseline the ranker is measured against.
pub struct RulesInOrder;

impl Chooser for RulesInOrder {
    fn choose(&mut self, choice: &Choice<'_>) -> Option<usize> {
        let first_of = |candidate: &CandidateView<'_>| {
            first_rule(candidate.sources).unwrap_or(candidate.source)
        };
        rules_in_order(choice.candidates.iter().map(first_of))
    }
}

/// The rule, among those that proposed one mention, that stands first by [`Source::rank`].
fn first_rule(sources: &[Source]) -> Option<Source> {
    sources
        .iter()
        .copied()
        .min_by_key(|&source| source.rank().unwrap_or(u8::MAX))
}

/// The candidate the written rules would take, by the rules that proposed each (rules without
/// a rank never).
fn rules_in_order(sources: impl Iterator<Item = Source>) -> Option<usize> {
    sources
        .enumerate()
        .filter_map(|(index, source)| source.rank().map(|rank| (index, rank)))
        .min_by_key(|&(_, rank)| rank)
        .map(|(index, _)| index)
}

/// One quotation as the engine reads it, in text order: its region, what the patterns propose
/// for it, whether it is joined to the one before, and, once decided, its speaker.
pub(super) struct Quotation {
    pub(super) region: Region,
    /// The patterns' candidates, in their written order.
    pub(super) patterns: Vec<Candidate>,
    /// Joined to the quotation before by "and", "or" or a comma.
    pub(super) joined: bool,
    /// The candidate chosen and the name its mention resolves to.
    pub(super) chosen: Option<(Candidate, Speaker)>,
    /// The evidence of the rules' own first choice: whether the words are a quotation at all
    /// rests on it.
    pub(super) rule_evidence: Option<Evidence>,
}

/// A candidate with the name its mention resolves to.
pub(super) struct ResolvedCandidate {
    pub(super) candidate: Candidate,
    pub(super) speaker: Speaker,
}

/// The candidates that propose one mention: the first of them, and every rule among them (they
/// agree, so the ranker sees the mention once).
pub(super) struct MentionGroup {
    pub(super) first: usize,
    pub(super) sources: Vec<Source>,
}

/// [`find_quotes`] with the speaker chosen by `chooser` among the candidates the rules propose.
pub fn find_quotes_with(
    text: &str,
    mentions: &[EntityMention],
    entities: &[Entity],
    chooser: &mut dyn Chooser,
) -> Vec<Quote> {
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
    let resolver = Resolver::new(&document, mentions, entities);
    let mut quotations: Vec<Quotation> = Vec::with_capacity(regions.len());
    for region in regions {
        let joined = joined_to_previous(&document, quotations.last().map(|q| &q.region), &region);
        quotations.push(Quotation {
            patterns: pattern_candidates(&document, &region),
            region,
            joined,
            chosen: None,
            rule_evidence: None,
        });
    }
    // Decided in text order: a quotation can carry over the speaker chosen for one before it.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut resolved: Vec<ResolvedCandidate> = Vec::new();
    let mut writer = FeatureWriter::new(chooser.wants_names());
    let (mut keys, mut names) = (Vec::new(), Vec::new());
    let mut previous_speaker: Option<Speaker> = None;
    let mut groups: Vec<MentionGroup> = Vec::new();
    for index in 0..quotations.len() {
        let quotation = &quotations[index];
        let region = &quotation.region;
        candidates.clear();
        candidates.extend(quotation.patterns.iter().cloned());
        carried_candidates(&document, &quotations, index, &mut candidates);
        nearby_mention_candidates(&document, region, &mut candidates);
        let quote_start = document.spans[region.open].start;
        resolved.clear();
        for (i, candidate) in candidates.iter().enumerate() {
            // Rules that propose the same words get the same name, resolved once.
            let inherited = candidate.attribution.evidence == Evidence::Inherited;
            let same = candidates[..i].iter().position(|earlier| {
                earlier.attribution.speaker == candidate.attribution.speaker
                    && (earlier.attribution.evidence == Evidence::Inherited) == inherited
            });
            let speaker = match same {
                Some(earlier) => resolved[earlier].speaker.clone(),
                None => {
                    let speaker = resolver.resolve(&candidate.attribution.speaker, region.open);
                    if inherited {
                        resolver.latest_mention(speaker, quote_start)
                    } else {
                        speaker
                    }
                }
            };
            resolved.push(ResolvedCandidate {
                candidate: candidate.clone(),
                speaker,
            });
        }
        // One candidate per mention: the rules that propose the same words agree.
        groups.clear();
        for (i, this) in resolved.iter().enumerate() {
            let source = this.candidate.source;
            match groups
                .iter_mut()
                .find(|group| resolved[group.first].speaker.mention == this.speaker.mention)
            {
                Some(group) => group.sources.push(source),
                None => groups.push(MentionGroup {
                    first: i,
                    sources: vec![source],
                }),
            }
        }
        let previous_region = index.checked_sub(1).map(|i| &quotations[i].region);
        let shape = QuoteShape::new(&document, region, previous_region, quotation.joined);
        let written_pick = rules_in_order(groups.iter().map(|group| {
            first_rule(&group.sources).unwrap_or(resolved[group.first].candidate.source)
        }));
        write_features(
            written_pick,
            &resolver,
            region,
            &shape,
            &resolved,
            &groups,
            previous_speaker.as_ref(),
            &mut writer,
            &mut keys,
            &mut names,
        );
        let views: Vec<CandidateView<'_>> = groups
            .iter()
            .enumerate()
            .map(|(g, group)| CandidateView {
                source: resolved[group.first].candidate.source,
                sources: &group.sources,
                mention: resolved[group.first].speaker.mention,
                features: &keys[g],
                names: names.get(g).map(Vec::as_slice),
            })
            .collect();
        let pick = chooser.choose(&Choice {
            quote: quote_spans(&document, region).0,
            candidates: &views,
        });
        drop(views);
        let rule_evidence = rules_in_order(candidates.iter().map(|c| c.source))
            .map(|i| candidates[i].attribution.evidence);
        let chosen = pick
            .and_then(|pick| groups.get(pick))
            .map(|group| &resolved[group.first]);
        if let Some(chosen) = chosen {
            previous_speaker = Some(chosen.speaker.clone());
        }
        let chosen = chosen.map(|c| (c.candidate.clone(), c.speaker.clone()));
        let quotation = &mut quotations[index];
        quotation.rule_evidence = rule_evidence;
        quotation.chosen = chosen;
    }

    // A quotation joined to a title or scare quote ("“Parks and Recreation” and “Guardians of
    // the Galaxy”") is one too.
    let mut kinds: Vec<QuoteKind> = Vec::with_capacity(quotations.len());
    for quotation in &quotations {
        let term = looks_like_term(&document, &quotation.region, quotation.rule_evidence)
            || (quotation.joined && kinds.last() == Some(&QuoteKind::Term));
        kinds.push(if term {
            QuoteKind::Term
        } else {
            QuoteKind::Quote
        });
    }
    quotations
        .into_iter()
        .zip(kinds)
        .map(|(quotation, kind)| {
            let region = &quotation.region;
            let (span, outer) = quote_spans(&document, region);
            let (speaker, cue) = match (kind, quotation.chosen) {
                (QuoteKind::Quote, Some((candidate, speaker))) => (
                    Some(speaker),
                    candidate.attribution.cue.map(|cue| document.span_of(&cue)),
                ),
                _ => (None, None),
            };
            Quote {
                span,
                outer,
                kind,
                closed: region.close.is_some(),
                speaker,
                cue,
                source_kind: None,
            }
        })
        .collect()
}

/// A quotation's words without its marks, and with them (an open quote ends with its region).
fn quote_spans(document: &Document<'_>, region: &Region) -> (Span, Span) {
    let content = region.content();
    if content.is_empty() {
        let at = document.spans[region.open].end;
        return (Span::new(at, at), document.spans[region.open]);
    }
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
}
