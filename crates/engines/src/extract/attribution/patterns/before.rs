//! Pattern: the report right before the quotation (`X said: “…”`, `X said that “…”`).

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::clause::{
    is_cue, outer_report, person_reporting_before, speaker_of_verb, subject_before,
};
use crate::extract::attribution::document::Document;
use crate::extract::attribution::lexicon::{is_dash, is_time_word, is_verb_like};
use crate::extract::attribution::phrases::{is_capitalised, phrase_ending_at, phrase_starting_at};
use crate::extract::attribution::regions::Region;

/// How far before a quotation its report may stand ("X said in a statement on Monday, “…”").
const REPORT_WINDOW_BEFORE: usize = 8;
/// How far a "that" may follow its reporting verb ("said on Monday that").
const WORDS_FROM_VERB_TO_THAT: usize = 3;

/// `X said: "…"`, `X said that "…"`, `X told reporters "…"`, `X said in a statement, "…"`,
/// `according to X, "…"`, `X replied, saying "…"`, right before a quotation.
pub(crate) fn attribution_before(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let end = region.open;
    let sentence_floor = document.sentence_start(end).max(floor);
    let window_start = end.saturating_sub(REPORT_WINDOW_BEFORE).max(sentence_floor);
    // "Trump tweeting that it was a “disaster”": a report whose "that" clause holds the quote.
    if let Some(that) = (window_start..end)
        .rev()
        .find(|&j| document.lower[j] == "that" && !document.quoted[j])
    {
        let cue = (that
            .saturating_sub(WORDS_FROM_VERB_TO_THAT)
            .max(sentence_floor)..that)
            .rev()
            .find(|&j| is_cue(document, j));
        // "Asked if he thought that …, Devine responded: “…”": a later report owns the quote.
        let later_report = (that + 1..end).any(|j| is_cue(document, j));
        if let Some(cue) = cue.filter(|_| !later_report) {
            if let Some(outer) = outer_report(document, sentence_floor, cue) {
                return Some(outer);
            }
            if let Some(speaker) = speaker_of_verb(document, cue, sentence_floor) {
                if let Some(person) =
                    person_reporting_before(document, sentence_floor, cue, &speaker)
                {
                    return Some(person);
                }
                return Some(Attribution {
                    speaker,
                    cue: Some(cue..cue + 1),
                    evidence: Evidence::Direct,
                });
            }
        }
    }
    // "Pollsters agree - Carl Bialik: “…”": a name between a dash and the colon.
    if end > sentence_floor + 2 && document.word(end - 1) == ":" {
        if let Some(name) = phrase_ending_at(document, end - 1, sentence_floor) {
            let after_dash = name.start > sentence_floor && is_dash(document.word(name.start - 1));
            if after_dash && name.clone().all(|j| is_capitalised(document, j)) {
                return Some(Attribution {
                    speaker: name,
                    cue: None,
                    evidence: Evidence::Direct,
                });
            }
        }
    }
    // "Iowa State University's Dianne Bystrom agreed. “…”": a quote that opens a sentence right
    // after a sentence ending with its report.
    // (Not when the quote's own sentence reports it: "“…” to drive up the price, she said".)
    let own_report = (region.after()..document.sentence_end(end)).any(|j| is_cue(document, j));
    if end == sentence_floor && end > floor + 2 && document.word(end - 1) == "." && !own_report {
        let previous_start = document.sentence_start(end - 1).max(floor);
        let mut verb = end - 1;
        while verb > previous_start + 1 && is_time_word(&document.lower[verb - 1]) {
            verb -= 1;
        }
        let verb = verb - 1;
        if verb > previous_start && is_cue(document, verb) && !document.quoted[verb] {
            if let Some(speaker) = subject_before(document, verb, previous_start) {
                return Some(Attribution {
                    speaker,
                    cue: Some(verb..verb + 1),
                    evidence: Evidence::Direct,
                });
            }
        }
    }
    let mut i = end;
    while i > window_start {
        i -= 1;
        if document.quoted[i] {
            break;
        }
        let lower = document.lower[i].as_str();
        if lower == "according" && document.lower.get(i + 1).is_some_and(|w| w == "to") {
            let speaker = phrase_starting_at(document, i + 2, end)?;
            return Some(Attribution {
                speaker,
                cue: Some(i..i + 2),
                evidence: Evidence::Direct,
            });
        }
        if is_cue(document, i) {
            // "Trump said that Romney begged him … and “…”": the outer report owns a fragment.
            if let Some(outer) = outer_report(document, sentence_floor, i) {
                return Some(outer);
            }
            let speaker = speaker_of_verb(document, i, sentence_floor)?;
            // "Lynch said she recalled thinking, “…”": the named reporter of the outer report.
            let pronoun = speaker.len() == 1
                && matches!(document.lower[speaker.start].as_str(), "he" | "she")
                && speaker.start > sentence_floor + 1
                && is_cue(document, speaker.start - 1);
            if pronoun {
                let outer = speaker.start - 1;
                if let Some(named) = speaker_of_verb(document, outer, sentence_floor)
                    .filter(|named| is_capitalised(document, named.start))
                {
                    return Some(Attribution {
                        speaker: named,
                        cue: Some(outer..outer + 1),
                        evidence: Evidence::Direct,
                    });
                }
            }
            if let Some(person) = person_reporting_before(document, sentence_floor, i, &speaker) {
                return Some(person);
            }
            return Some(Attribution {
                speaker,
                cue: Some(i..i + 1),
                evidence: Evidence::Direct,
            });
        }
        // A verb of another kind between the cue and the quote breaks the link.
        if !is_capitalised(document, i) && is_verb_like(lower) {
            return None;
        }
    }
    None
}
