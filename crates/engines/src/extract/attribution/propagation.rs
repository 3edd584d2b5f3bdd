//! Speakers shared across quotations: quotations joined by `and`/`or`/a comma share one report,
//! and a quotation continues the speaker of a nearby quotation (the one before in its paragraph,
//! a later one named after it, or the previous paragraph's) or the report of the sentence or
//! paragraph before it. Each is proposed as a candidate; the ranker chooses.

use crate::extract::attribution::candidates::{Attribution, Candidate, Evidence, Source};
use crate::extract::attribution::clause::{
    is_cue, is_sentence_start, main_subject, sentence_report, speaker_of_verb,
};
use crate::extract::attribution::document::Document;
use crate::extract::attribution::quotations::Quotation;
use crate::extract::attribution::regions::Region;
use crate::language::words::JOINING_WORDS;

/// How many quotes around an unattributed one are looked at for its speaker.
pub(super) const NEARBY_QUOTES: usize = 12;

/// Whether a quotation is joined to the one before it by "and", "or" or a comma ("called him
/// “a stiff” and “a spoiled child”").
pub(super) fn joined_to_previous(
    document: &Document<'_>,
    previous: Option<&Region>,
    region: &Region,
) -> bool {
    let Some(previous) = previous else {
        return false;
    };
    let Some(close) = previous.close else {
        return false;
    };
    let between = close + 1..region.open;
    (1..=2).contains(&between.len())
        && previous.paragraph == region.paragraph
        && between.clone().all(|j| {
            (document.word(j) == "," || JOINING_WORDS.contains(&document.lower[j]))
                && !document.ends_sentence[j]
        })
}

/// What the quotations around quotation `index` lend it: the speakers chosen for the quotations
/// before (decided in text order), the first pattern candidate of those after, and the
/// sentences before it.
pub(super) fn carried_candidates(
    document: &Document<'_>,
    quotations: &[Quotation],
    index: usize,
    out: &mut Vec<Candidate>,
) {
    let region = &quotations[index].region;
    let chosen = |other: usize| {
        quotations[other]
            .chosen
            .as_ref()
            .map(|(candidate, _)| candidate)
    };
    let paragraph = region.paragraph;
    let same_paragraph = |other: usize| quotations[other].region.paragraph == paragraph;
    let carried = |source: Source, attribution: &Attribution| Candidate {
        source,
        attribution: Attribution {
            evidence: Evidence::Inherited,
            ..attribution.clone()
        },
    };
    if quotations[index].joined {
        if let Some(previous) = chosen(index - 1) {
            out.push(Candidate {
                source: Source::Coordinated,
                attribution: previous.attribution.clone(),
            });
        }
    }
    // The nearest attributed quote of the same paragraph before (only nearby quotes count, and
    // the search stays short in text full of quote marks).
    if let Some(previous) = (index.saturating_sub(NEARBY_QUOTES)..index)
        .rev()
        .take_while(|&other| same_paragraph(other))
        .find_map(chosen)
    {
        out.push(carried(Source::PreviousInParagraph, &previous.attribution));
    }
    // A later quote lends its speaker only when named after it ("“A.” “B,” Smith said"), not
    // when the speaker stands between ("“A.” Russia insisted “B.”").
    if let Some(later) = (index + 1..quotations.len().min(index + 1 + NEARBY_QUOTES))
        .take_while(|&other| same_paragraph(other))
        .find_map(|other| {
            quotations[other].patterns.first().filter(|candidate| {
                candidate.attribution.evidence == Evidence::Direct
                    && candidate.attribution.speaker.start > quotations[other].region.open
            })
        })
    {
        out.push(carried(Source::LaterInParagraph, &later.attribution));
    }
    let paragraph_range = &document.paragraphs[paragraph];
    let opens_paragraph = region.open == paragraph_range.start;
    let previous_paragraph = (paragraph > 0).then(|| &document.paragraphs[paragraph - 1]);
    let previous_ends_with_colon = previous_paragraph.is_some_and(|previous| {
        !previous.is_empty()
            && document.word(previous.end - 1) == ":"
            && !document.quoted[previous.end - 1]
    });
    let previous_paragraph_quotes = || {
        (0..index)
            .rev()
            .take_while(|&other| quotations[other].region.paragraph + 1 >= paragraph)
            .filter(move |&other| quotations[other].region.paragraph + 1 == paragraph)
    };
    if opens_paragraph && !previous_ends_with_colon {
        // A paragraph that opens with a quote continues the previous paragraph's speaker.
        if let Some(previous) = previous_paragraph_quotes().next().and_then(chosen) {
            out.push(carried(Source::PreviousParagraph, &previous.attribution));
        }
    }
    // "Clinton touted her credentials as a co-sponsor. “We need …”": a quotation that opens a
    // sentence inside a paragraph continues the sentence before it — its report, or else the
    // person it is about.
    let open = region.open;
    if open > paragraph_range.start + 2 && is_sentence_start(document, open) {
        let floor = document.sentence_start(open - 1).max(paragraph_range.start);
        if !(floor..open).any(|i| document.quoted[i]) {
            if let Some(report) = sentence_report(document, floor, open - 1) {
                out.push(carried(Source::SentenceBefore, &report));
            }
        }
    }
    // A last sentence about someone ("Howard continued his scathing remarks.") introduces the
    // quotation opening the next paragraph; so does "Cruz continued:".
    if let (true, Some(previous)) = (opens_paragraph, previous_paragraph) {
        if previous.len() >= 2 {
            let floor = document.sentence_start(previous.end - 1);
            let ends_with_colon = document.word(previous.end - 1) == ":";
            if !ends_with_colon && previous_paragraph_quotes().next().is_none() {
                if let Some(report) = sentence_report(document, floor, previous.end - 1) {
                    out.push(carried(Source::ParagraphBefore, &report));
                }
            }
            if ends_with_colon {
                let verb = (floor..previous.end - 1)
                    .rev()
                    .find(|&i| is_cue(document, i));
                let speaker = match verb {
                    Some(verb) => speaker_of_verb(document, verb, floor),
                    None => main_subject(document, floor, previous.end - 1),
                };
                if let Some(speaker) = speaker {
                    out.push(Candidate {
                        source: Source::ColonParagraph,
                        attribution: Attribution {
                            speaker,
                            cue: verb.map(|v| v..v + 1),
                            evidence: Evidence::Direct,
                        },
                    });
                }
            }
        }
    }
}
