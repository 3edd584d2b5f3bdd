//! Pattern: a fragment quoted inside a reported clause or a sentence's own report (`X called
//! the plan “a disaster”`).

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::clause::{
    is_cue, is_passive, main_subject, speaker_of_verb, subject_before,
};
use crate::extract::attribution::document::Document;
use crate::extract::attribution::lexicon::{
    is_participle_form, is_preposition, is_time_word, takes_object,
};
use crate::extract::attribution::phrases::{
    is_capitalised, is_person_like, phrase_ending_at, phrase_starting_at,
};
use crate::extract::attribution::regions::Region;
use crate::extract::attribution::terms::looks_like_term;
use crate::language::words::DETERMINERS;

/// A quotation inside a reported sentence: the sentence's subject speaks when the sentence has
/// a reporting verb (`Stoltenberg reaffirmed that these efforts should "complement …"`, `Clinton
/// says she appreciated … what she calls a "war of words"`).
pub(crate) fn attribution_in_clause(
    document: &Document<'_>,
    region: &Region,
) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let sentence_start = document.sentence_start(region.open).max(floor);
    let sentence_end = document.sentence_end(region.open);
    // "According to AZCentral, one sign read, “…”".
    if let Some(according) = (sentence_start..sentence_end.saturating_sub(1)).find(|&i| {
        !document.quoted[i] && document.lower[i] == "according" && document.lower[i + 1] == "to"
    }) {
        if let Some(speaker) = phrase_starting_at(document, according + 2, sentence_end) {
            return Some(Attribution {
                speaker,
                cue: Some(according..according + 2),
                evidence: Evidence::Clause,
            });
        }
    }
    // "From the report: “…”", "Pew Research: “…”": who is named before the colon.
    if region.open > sentence_start && document.word(region.open - 1) == ":" {
        let colon = region.open - 1;
        // (Not the object of a preposition: "delivered a blunt message to Trump: “…”".)
        let named = phrase_ending_at(document, colon, sentence_start).filter(|phrase| {
            let object =
                phrase.start > sentence_start && is_preposition(&document.lower[phrase.start - 1]);
            !object
                && (is_person_like(document, phrase)
                    || phrase.clone().all(|j| is_capitalised(document, j)))
        });
        if let Some(speaker) = named
            .or_else(|| main_subject(document, sentence_start, colon))
            .or_else(|| phrase_ending_at(document, colon, sentence_start))
        {
            return Some(Attribution {
                speaker,
                cue: None,
                evidence: Evidence::Clause,
            });
        }
    }
    // (A report in the passive has no speaker before it: "what is being criticized as".)
    let cues: Vec<usize> = (sentence_start..sentence_end)
        .filter(|&i| is_cue(document, i) && !is_passive(document, i, sentence_start))
        .collect();
    // "“…” that Sanders can catch Clinton, said Steve Elmendorf": an inverted report after.
    // (Not a participle or a verb with an object: "…, noting the Republican nominee “…”".)
    if let Some(&cue) = cues.iter().find(|&&cue| {
        let lower = document.lower[cue].as_str();
        cue > region.open
            && cue > 0
            && document.word(cue - 1) == ","
            && !is_participle_form(lower)
            && !takes_object(lower)
    }) {
        if let Some(speaker) = phrase_starting_at(document, cue + 1, sentence_end) {
            if is_capitalised(document, speaker.start)
                || DETERMINERS.contains(document.lower[speaker.start].as_str())
            {
                return Some(Attribution {
                    speaker,
                    cue: Some(cue..cue + 1),
                    evidence: Evidence::Clause,
                });
            }
        }
    }
    // "Fundraising was “stagnant” as donors waited, he said": a report after the quote with its
    // own subject.
    if let Some(&cue) = cues.iter().find(|&&cue| cue > region.after()) {
        if cues.iter().all(|&other| other > region.open) {
            if let Some(speaker) = subject_before(document, cue, region.after()) {
                // "…, the groups say.": a report closing the sentence may rest on any phrase.
                let closing = cue + 1 >= sentence_end
                    || matches!(document.word(cue + 1), "." | ";")
                    || (cue + 2 >= sentence_end && is_time_word(&document.lower[cue + 1]));
                let determined = DETERMINERS.contains(document.lower[speaker.start].as_str());
                if is_person_like(document, &speaker)
                    || is_capitalised(document, speaker.start)
                    || (closing && determined)
                {
                    return Some(Attribution {
                        speaker,
                        cue: Some(cue..cue + 1),
                        evidence: Evidence::Clause,
                    });
                }
            }
        }
    }
    let passive_report = (sentence_start..region.open)
        .any(|i| is_cue(document, i) && is_passive(document, i, sentence_start));
    let Some(&first_cue) = cues.first() else {
        // Words reported in the passive with no agent ("what is being criticized as a “…”")
        // have no speaker here.
        if passive_report {
            return None;
        }
        // No reporting verb: a person who is the sentence's subject still owns its quotes
        // ("Rubio also bemoaned the climate in which people “literally hate each other”").
        let subject = main_subject(document, sentence_start, region.open)?;
        // A thing heading the sentence ("The ad targets a “corrupt political system …”") speaks
        // for a quotation that is one anyway, never for a title or scare quote.
        let quotation = !looks_like_term(document, region, None);
        return (is_person_like(document, &subject) || quotation).then_some(Attribution {
            speaker: subject,
            cue: None,
            evidence: Evidence::Clause,
        });
    };
    if let Some(subject) = main_subject(document, sentence_start, first_cue.max(sentence_start + 1))
    {
        if subject.end <= first_cue {
            // "The endorsement comes days after Trump told the Post he was “…”": a person who
            // is the reporting verb's own subject speaks rather than a thing heading the sentence.
            // ("Saturday at the convention Sen. Warren said": a time is never the speaker.)
            let time = subject.clone().all(|j| is_time_word(&document.lower[j]));
            let own = speaker_of_verb(document, first_cue, sentence_start).filter(|own| {
                own.start > subject.end
                    && (time
                        || is_person_like(document, own) && !is_person_like(document, &subject))
            });
            return Some(Attribution {
                speaker: own.unwrap_or(subject),
                cue: Some(first_cue..first_cue + 1),
                evidence: Evidence::Clause,
            });
        }
    }
    // Otherwise the subject of the nearest reporting verb before the quote.
    cues.iter()
        .rev()
        .filter(|&&cue| cue < region.open)
        .find_map(|&cue| {
            speaker_of_verb(document, cue, sentence_start).map(|speaker| Attribution {
                speaker,
                cue: Some(cue..cue + 1),
                evidence: Evidence::Clause,
            })
        })
}
