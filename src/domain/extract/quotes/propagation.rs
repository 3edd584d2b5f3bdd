//! Speakers shared across quotations: quotations joined by `and`/`or`/a comma share one report,
//! and a quotation without one continues the speaker of a nearby quotation (the one before in its
//! paragraph, a later one named after it, or the previous paragraph's).

use super::*;

/// How many quotes around an unattributed one are looked at for its speaker.
pub(super) const NEARBY_QUOTES: usize = 12;

/// "called him “a stiff” and “a spoiled child”", "chanting “We are Orlando” and “Disarm
/// hate”": quotations joined by "and", "or" or a comma share one report.
/// Returns, for each quotation, whether it is joined so to the one before it.
pub(super) fn share_coordinated_speakers(
    document: &Document<'_>,
    regions: &[Region],
    attributions: &mut [Option<Attribution>],
) -> Vec<bool> {
    let mut coordinated = vec![false; regions.len()];
    for index in 1..regions.len() {
        let (previous, region) = (&regions[index - 1], &regions[index]);
        let Some(close) = previous.close else {
            continue;
        };
        let between = close + 1..region.open;
        let joined = (1..=2).contains(&between.len())
            && previous.paragraph == region.paragraph
            && between.clone().all(|j| {
                matches!(document.lower[j].as_str(), "and" | "or" | "," | "nor")
                    && !document.ends_sentence[j]
            });
        coordinated[index] = joined;
        if joined && attributions[index - 1].is_some() {
            attributions[index] = attributions[index - 1].clone();
        }
    }
    coordinated
}

/// Quotes with no attribution of their own take the speaker of another quote in their
/// paragraph, or of the previous paragraph's last quote when they open their paragraph.
pub(super) fn inherit_speakers(
    document: &Document<'_>,
    regions: &[Region],
    attributions: &mut [Option<Attribution>],
) {
    for index in 0..regions.len() {
        if attributions[index].is_some() {
            continue;
        }
        let paragraph = regions[index].paragraph;
        let same_paragraph = |other: usize| regions[other].paragraph == paragraph;
        // The nearest attributed quote of the same paragraph, before first.
        // Only nearby quotes count (and the search stays short in text full of quote marks).
        let candidate = (index.saturating_sub(NEARBY_QUOTES)..index)
            .rev()
            .take_while(|&other| same_paragraph(other))
            .find(|&other| attributions[other].is_some())
            .or_else(|| {
                // A later quote lends its speaker only when named after it ("“A.” “B,” Smith
                // said"), not when the speaker stands between ("“A.” Russia insisted “B.”").
                (index + 1..regions.len().min(index + 1 + NEARBY_QUOTES))
                    .take_while(|&other| same_paragraph(other))
                    .find(|&other| {
                        attributions[other].as_ref().is_some_and(|a| {
                            a.evidence == Evidence::Direct && a.speaker.start > regions[other].open
                        })
                    })
            });
        let candidate = candidate.or_else(|| {
            // A paragraph that opens with a quote continues the previous paragraph's speaker.
            let opens_paragraph = regions[index].open == document.paragraphs[paragraph].start;
            if !opens_paragraph {
                // (Checked first: the search below would cost every quote of the paragraph.)
                return None;
            }
            let previous = (0..index)
                .rev()
                .take_while(|&other| regions[other].paragraph + 1 >= paragraph)
                .find(|&other| regions[other].paragraph + 1 == paragraph);
            // (A colon inside the previous paragraph's own quotation introduces nothing here.)
            let previous_ends_with_colon = paragraph > 0 && {
                let previous_range = &document.paragraphs[paragraph - 1];
                !previous_range.is_empty()
                    && document.word(previous_range.end - 1) == ":"
                    && !document.quoted[previous_range.end - 1]
            };
            if !opens_paragraph {
                return None;
            }
            if previous_ends_with_colon {
                // "Cruz continued:" — the attribution is the previous paragraph itself.
                return None;
            }
            previous.filter(|&other| attributions[other].is_some())
        });
        if let Some(other) = candidate {
            let mut inherited = attributions[other]
                .clone()
                .expect("candidate is attributed");
            inherited.evidence = Evidence::Inherited;
            attributions[index] = Some(inherited);
            continue;
        }
        // "Clinton touted her credentials as a co-sponsor. “We need …”": a quotation that opens
        // a sentence inside a paragraph continues the sentence before it — its report, or else
        // the person it is about.
        let open = regions[index].open;
        let paragraph_start = document.paragraphs[paragraph].start;
        if open > paragraph_start + 2 && is_sentence_start(document, open) {
            let floor = document.sentence_start(open - 1).max(paragraph_start);
            let quoted_before = (floor..open).any(|i| document.quoted[i]);
            if !quoted_before {
                if let Some(report) = sentence_report(document, floor, open - 1) {
                    attributions[index] = Some(report);
                    continue;
                }
            }
        }
        // "Cruz continued:" closing the previous paragraph introduces this one; so does a last
        // sentence about someone ("Howard continued his scathing remarks.").
        if paragraph > 0 && regions[index].open == document.paragraphs[paragraph].start {
            let previous = &document.paragraphs[paragraph - 1];
            let previous_has_quotes = (0..index)
                .rev()
                .take_while(|&other| regions[other].paragraph + 1 >= paragraph)
                .any(|other| regions[other].paragraph + 1 == paragraph);
            if previous.len() >= 2 && document.word(previous.end - 1) != ":" && !previous_has_quotes
            {
                let floor = document.sentence_start(previous.end - 1);
                if let Some(report) = sentence_report(document, floor, previous.end - 1) {
                    attributions[index] = Some(report);
                    continue;
                }
            }
            if previous.len() >= 2 && document.word(previous.end - 1) == ":" {
                let floor = document.sentence_start(previous.end - 1);
                let verb = (floor..previous.end - 1)
                    .rev()
                    .find(|&i| is_cue(document, i));
                let speaker = match verb {
                    Some(verb) => speaker_of_verb(document, verb, floor),
                    None => main_subject(document, floor, previous.end - 1),
                };
                if let Some(speaker) = speaker {
                    attributions[index] = Some(Attribution {
                        speaker,
                        cue: verb.map(|v| v..v + 1),
                        evidence: Evidence::Direct,
                    });
                }
            }
        }
    }
}
