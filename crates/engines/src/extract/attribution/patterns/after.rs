//! Pattern: the report right after the quotation (`“…,” X said`, `“…,” said X`, `“…” — X`).

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::clause::{closes_clause, is_cue, subject_before};
use crate::extract::attribution::document::{is_quote_mark, is_word, Document};
use crate::extract::attribution::lexicon::{
    is_dash_or_comma, is_participle_form, is_speaker_pronoun, is_time_word, is_verb_like,
    takes_object,
};
use crate::extract::attribution::phrases::{is_capitalised, is_phrase_word, phrase_starting_at};
use crate::extract::attribution::regions::Region;
use crate::language::words::{DETERMINERS, ROLE_NOUNS, VERB_MODIFIERS};

/// How far after a punctuated quotation its report may run ("“…,” Rex Tillerson, the U.S.
/// secretary of state, said"), in tokens.
const SPEAKER_WINDOW_AFTER: usize = 18;

/// `"…," X said`, `"…," said X`, `"…" ― X`: the attribution right after the quotation, with
/// nothing but the speaker's words (and an appositive) between.
pub(crate) fn attribution_after(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let start = region.after();
    let paragraph_end = document.paragraphs[region.paragraph].end;
    let mut first = start;
    while first < paragraph_end && is_dash_or_comma(document.word(first)) {
        first += 1;
    }
    if first >= paragraph_end {
        return None;
    }
    let dashed = (start..first).any(|i| document.word(i) != ",");
    // "hailed the vote as “fantastic,” telling reporters …": a participle after the quote
    // continues the sentence before it, whose subject speaks.
    if !is_capitalised(document, first) && is_participle_form(&document.lower[first]) {
        return None;
    }
    // "said X", "added Rep. Jim Clyburn (D-S.C.)": after a quotation closed by a comma, question
    // or exclamation mark (not "the “disheartened” state of the campaign", "“…” Asked whether").
    // A verb that takes an object is inverted only after a quotation opening its sentence
    // ("“Why?” asked Trump", not "Roffman, who estimates …, described the impact").
    let content = region.content();
    let opens_sentence = region.open == document.sentence_start(region.open);
    let last = if content.is_empty() {
        ","
    } else {
        document.word(content.end - 1)
    };
    let inverted = last != "." && (opens_sentence || start < first || !is_word(last));
    if is_cue(document, first)
        && inverted
        && (opens_sentence || !takes_object(&document.lower[first]))
    {
        let speaker = phrase_starting_at(document, first + 1, paragraph_end)?;
        return Some(Attribution {
            speaker,
            cue: Some(first..first + 1),
            evidence: Evidence::Direct,
        });
    }
    // A quotation that ends its sentence is rarely attributed by the next one — unless that
    // sentence is nothing but the attribution ("“… missing.” Trump said.").
    if !content.is_empty() && matches!(document.word(content.end - 1), ".") && !dashed {
        let sentence_end = document.sentence_end(first).min(paragraph_end);
        let cue = (first + 1..sentence_end).find(|&i| is_cue(document, i))?;
        let speaker = subject_before(document, cue, first).filter(|s| s.start == first)?;
        let bare = sentence_end <= cue + 3
            && (cue + 1..sentence_end)
                .all(|i| !is_phrase_word(document, i) || is_time_word(&document.lower[i]));
        return bare.then_some(Attribution {
            speaker,
            cue: Some(cue..cue + 1),
            evidence: Evidence::Direct,
        });
    }
    // "X said", "Tulsa police Chief Chuck Jordan said", "Rex Tillerson, the secretary of state,
    // said": only the speaker's words, an appositive or a parenthesis before the verb. A quoted
    // fragment that runs on into its sentence ("said “it gets me mad” every time he thinks")
    // is not attributed by what follows it.
    let punctuated = content.is_empty()
        || matches!(
            document.word(content.end - 1),
            "," | "?" | "!" | "." | "…" | "-" | "—" | "―"
        )
        || start < first;
    let limit = if punctuated {
        (first + SPEAKER_WINDOW_AFTER).min(paragraph_end)
    } else {
        first
    };
    let mut commas = 0;
    let mut in_parenthesis = false;
    let mut i = first;
    while i < limit {
        let word = document.word(i);
        // "Sen. Chuck Schumer (D-N.Y.) said": anything inside a parenthesis.
        if in_parenthesis || word == "(" {
            in_parenthesis = word != ")";
            i += 1;
            continue;
        }
        if is_cue(document, i) && i > first {
            let speaker = subject_before(document, i, first)?;
            return Some(Attribution {
                speaker,
                cue: Some(i..i + 1),
                evidence: Evidence::Direct,
            });
        }
        let allowed = match word {
            "," => {
                commas += 1;
                commas <= 2
            }
            "(" | ")" | "." if i > first => true,
            // Inside an appositive ("Seth McKee, a political scientist at Texas Tech, told"),
            // any word of the sentence.
            _ if commas == 1 && !document.quoted[i] && !document.ends_sentence[i] => true,
            _ => {
                is_phrase_word(document, i)
                    || VERB_MODIFIERS.contains(document.lower[i].as_str())
                    || document.lower[i].ends_with("ly")
            }
        };
        // A full stop inside a name or its state ("Rep. Glenn Thompson, R-Pa., said").
        let inner_stop = word == "."
            && (document.word(i - 1).ends_with(')')
                || (i + 1 < paragraph_end && document.word(i + 1) == ",")
                || (i + 1 < paragraph_end && is_capitalised(document, i + 1) && commas == 1));
        if !allowed || (word == "." && !inner_stop) {
            break;
        }
        if commas != 1
            && !is_capitalised(document, i)
            && is_verb_like(&document.lower[i])
            && !VERB_MODIFIERS.contains(document.lower[i].as_str())
        {
            break;
        }
        i += 1;
    }
    // "“…,” Oliver barked.", "“…,” an angry Hollande retaliated.": a quotation ending with a
    // comma, then someone and a verb in the past that closes the clause — a reporting verb the
    // lexicon does not list.
    let continues =
        !content.is_empty() && matches!(document.word(content.end - 1), "," | "?" | "!");
    if continues && !dashed {
        if let Some(phrase) = phrase_starting_at(document, first, paragraph_end) {
            let verb = phrase.end;
            let named = is_capitalised(document, phrase.start)
                || is_speaker_pronoun(&document.lower[phrase.start])
                || DETERMINERS.contains(document.lower[phrase.start].as_str());
            let past = verb < paragraph_end
                && !is_capitalised(document, verb)
                && document.lower[verb].len() > 3
                && document.lower[verb].ends_with("ed");
            // "the number needed to …" is no report: after a common noun, only a verb that
            // ends the clause ("an aide retorted.").
            let role = ROLE_NOUNS.contains(document.lower[phrase.end - 1].as_str());
            let closes = if is_capitalised(document, phrase.start)
                || is_speaker_pronoun(&document.lower[phrase.start])
                || role
            {
                closes_clause(document, verb + 1, paragraph_end)
            } else {
                verb + 1 >= paragraph_end || matches!(document.word(verb + 1), "." | "," | ";")
            };
            if named && past && closes {
                return Some(Attribution {
                    speaker: phrase,
                    cue: Some(verb..verb + 1),
                    evidence: Evidence::Direct,
                });
            }
        }
        // "“…,” remembered Roy Verley, HP's former spokesman.": the same, inverted.
        let past = !is_capitalised(document, first)
            && document.lower[first].len() > 3
            && document.lower[first].ends_with("ed");
        if past {
            if let Some(phrase) = phrase_starting_at(document, first + 1, paragraph_end) {
                if is_capitalised(document, phrase.start)
                    && closes_clause(document, phrase.end, paragraph_end)
                {
                    return Some(Attribution {
                        speaker: phrase,
                        cue: Some(first..first + 1),
                        evidence: Evidence::Direct,
                    });
                }
            }
        }
    }
    // "“…” ― Pamela Padilla": a dash and a name closing the paragraph or sentence.
    if dashed {
        let phrase = phrase_starting_at(document, first, paragraph_end)?;
        let after = phrase.end;
        let closes = after >= paragraph_end
            || matches!(document.word(after), "." | "," | "|")
            || is_quote_mark(document.word(after));
        if closes && is_capitalised(document, phrase.start) {
            return Some(Attribution {
                speaker: phrase,
                cue: None,
                evidence: Evidence::Direct,
            });
        }
    }
    None
}
