//! Pattern: a quotation inside a `who` relative clause is spoken by its `who` (`Beck, who has
//! described Trump as “…”`).

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::clause::is_cue;
use crate::extract::attribution::document::Document;
use crate::extract::attribution::lexicon::{is_auxiliary, is_speaker_pronoun, is_verb_like};
use crate::extract::attribution::phrases::{follows_a_name, is_capitalised};
use crate::extract::attribution::regions::Region;
use crate::language::words::DETERMINERS;

/// How many words into a "who" clause its reporting verb may stand ("who has in the past
/// described").
const WORDS_TO_THE_CLAUSE_VERB: usize = 6;

/// "Trump, who has in the past described Obama as “…”": a quote inside a relative clause is
/// spoken by its "who" (which resolves to the person before it).
pub(crate) fn relative_clause_owner(
    document: &Document<'_>,
    region: &Region,
) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let sentence_start = document.sentence_start(region.open).max(floor);
    let limit = region.open.saturating_sub(30).max(sentence_start + 1);
    let who = (limit..region.open)
        .rev()
        .find(|&j| document.lower[j] == "who" && !document.quoted[j])?;
    // Only a clause about someone named ("Beck, who"), not one that picks people out
    // ("anybody who complains", "a surrogate who said").
    if !follows_a_name(document, who) {
        return None;
    }
    // "who, on a press call Friday, criticized": a parenthesis right after the pronoun.
    let mut from = who + 1;
    if document.word(from) == "," {
        from = (from + 1..region.open).find(|&j| document.word(j) == ",")? + 1;
    }
    // "Bannon, who Beck called “…”", "Trump, who he blasted as": the pronoun is the object
    // and the clause has a subject of its own.
    if is_capitalised(document, from)
        || is_speaker_pronoun(&document.lower[from])
        || DETERMINERS.contains(document.lower[from].as_str())
    {
        return None;
    }
    // "Roffman, who estimates …, described": a comma before the main verb closes the clause.
    let closed = (from..region.open).any(|j| {
        !document.quoted[j]
            && document.word(j) == ","
            && j + 1 < region.open
            && !document.quoted[j + 1]
            && !is_capitalised(document, j + 1)
            && is_verb_like(&document.lower[j + 1])
    });
    if closed || (from..region.open).any(|j| document.ends_sentence[j]) {
        return None;
    }
    // The clause's own verb, a few words in ("who has in the past described"), reports.
    let verb = (from..(from + WORDS_TO_THE_CLAUSE_VERB).min(region.open))
        .find(|&j| {
            let word = document.lower[j].as_str();
            !is_capitalised(document, j) && is_verb_like(word) && !is_auxiliary(word)
        })
        .filter(|&verb| is_cue(document, verb))?;
    // No other report with a subject of its own between the verb and the quote.
    if (verb + 1..region.open).any(|j| !document.quoted[j] && is_cue(document, j)) {
        return None;
    }
    Some(Attribution {
        speaker: who..who + 1,
        cue: Some(verb..verb + 1),
        evidence: Evidence::Direct,
    })
}
