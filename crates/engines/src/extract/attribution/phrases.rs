//! Noun phrases the patterns share: where a speaker phrase starts and ends, whether a token can
//! belong to one, whether a phrase names a person. Every search is bounded by its paragraph and
//! by named windows.

use std::ops::Range;

use crate::extract::attribution::document::{is_word, Document};
use crate::extract::attribution::lexicon::{
    is_ly_adverb, is_participle_form, is_pronoun_determiner, is_reporting_verb, is_speaker_pronoun,
    is_verb_like,
};
use crate::language::words::{
    COMMON_VERBS, DETERMINERS, NOUN_LIKE_CUES, PERSONAL_PRONOUNS, PHRASE_BREAKERS, ROLE_NOUNS,
    VERB_MODIFIERS,
};

/// The longest speaker phrase, in tokens, walking forward ("Senate Majority Leader Mitch
/// McConnell (R-Ky.)") and walking back from its verb.
const PHRASE_WORDS: usize = 9;

const PHRASE_WORDS_BACK: usize = 8;

/// How far a parenthesis inside a name may run ("(D-Wis.)").
const PARENTHESIS_WORDS: usize = 8;

/// Whether a token can be part of a speaker's noun phrase at all (a hyphen with spaces around
/// it is a dash, not part of a name).
pub(super) fn is_phrase_word(document: &Document<'_>, i: usize) -> bool {
    let word = document.word(i);
    let lower = document.lower[i].as_str();
    let spaced_dash = word == "-"
        && document.char_before(i).is_some_and(char::is_whitespace)
        && document.char_after(i).is_some_and(char::is_whitespace);
    (is_word(word) || matches!(word, "'s" | "’s" | "&") || word == "-" && !spaced_dash)
        && !document.quoted[i]
        && !PHRASE_BREAKERS.contains(lower)
}

/// Whether the word before token `i` makes it a noun ("the report", "Ginsburg's comments").
pub(super) fn follows_determiner(document: &Document<'_>, i: usize) -> bool {
    i > 0
        && (DETERMINERS.contains(document.lower[i - 1].as_str())
            || matches!(document.word(i - 1), "'s" | "’s"))
}

pub(super) fn is_capitalised(document: &Document<'_>, i: usize) -> bool {
    document
        .word(i)
        .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// The token before a parenthesis that ends at `end - 1` ("Gwen Moore (D-Wis.) said").
pub(super) fn skip_parenthesis_back(document: &Document<'_>, end: usize, floor: usize) -> usize {
    if end > floor && document.word(end - 1) == ")" {
        let limit = end.saturating_sub(PARENTHESIS_WORDS).max(floor);
        if let Some(open) = (limit..end - 1).rev().find(|&j| document.word(j) == "(") {
            return open;
        }
    }
    end
}

/// The noun phrase whose last word is just before `end`: a pronoun alone; a run of capitalised
/// words (with `of`, `'s`, titles); or a common noun with its modifiers back to its determiner.
pub(super) fn phrase_ending_at(
    document: &Document<'_>,
    end: usize,
    floor: usize,
) -> Option<Range<usize>> {
    let end = skip_parenthesis_back(document, end, floor);
    if end <= floor || !is_phrase_word(document, end - 1) {
        return None;
    }
    let head = end - 1;
    let lower = document.lower[head].as_str();
    if is_speaker_pronoun(lower) {
        return Some(head..end);
    }
    if !is_capitalised(document, head)
        && (is_verb_like(lower) || is_participle_form(lower))
        && !follows_determiner(document, head)
    {
        return None;
    }
    let mut start = head;
    while start > floor && end - start < PHRASE_WORDS_BACK {
        let previous = start - 1;
        if !is_phrase_word(document, previous) && document.word(previous) != "," {
            break;
        }
        let word = document.lower[previous].as_str();
        if document.word(previous) == "," {
            break;
        }
        if DETERMINERS.contains(word) {
            start = previous;
            break;
        }
        // "I hope in 2017 America says": a year before a name is no part of it.
        if is_capitalised(document, start)
            && word.len() == 4
            && word.chars().all(|c| c.is_ascii_digit())
        {
            break;
        }
        // "giving states …", "calling it …": a participle starts a clause, not a name.
        if is_speaker_pronoun(word)
            || (!is_capitalised(document, previous)
                && (is_verb_like(word) || is_participle_form(word))
                && !follows_determiner(document, previous))
        {
            break;
        }
        start = previous;
    }
    // "the rally Donald Trump", "the party convention Sen. Warren": a determiner and common
    // nouns that hold no role are no part of the name after them.
    if let Some(first_person) = (start..end).find(|&j| document.person[j]) {
        let mut name_start = first_person;
        while name_start > start && is_capitalised(document, name_start - 1) {
            name_start -= 1;
        }
        let lead = start..name_start;
        let names_no_role = lead.clone().all(|j| {
            !is_capitalised(document, j) && !ROLE_NOUNS.contains(document.lower[j].as_str())
        });
        if !lead.is_empty() && DETERMINERS.contains(document.lower[start].as_str()) && names_no_role
        {
            start = name_start;
        }
    }
    trim_phrase(document, start..end)
}

/// The noun phrase starting at token `start` (no further than `ceiling`).
pub(super) fn phrase_starting_at(
    document: &Document<'_>,
    start: usize,
    ceiling: usize,
) -> Option<Range<usize>> {
    if start >= ceiling || !is_phrase_word(document, start) {
        return None;
    }
    if is_speaker_pronoun(&document.lower[start]) {
        return Some(start..start + 1);
    }
    let mut end = start;
    let mut seen_noun = false;
    while end < ceiling && end - start < PHRASE_WORDS {
        let word = document.lower[end].as_str();
        let capital = is_capitalised(document, end);
        if document.word(end) == "(" {
            // A parenthesis inside a name: "Rep. Gwen Moore (D-Wis.)".
            match (end..ceiling.min(end + PARENTHESIS_WORDS)).find(|&j| document.word(j) == ")") {
                Some(close) if seen_noun => {
                    end = close + 1;
                    continue;
                }
                _ => break,
            }
        }
        if !is_phrase_word(document, end) {
            break;
        }
        // "said undecided Republican voter Stephanie Hooton", "said retired general …": a word
        // in -ed that opens the phrase or stands before a capital is an adjective.
        let adjective = word.ends_with("ed")
            && !is_reporting_verb(word)
            && !COMMON_VERBS.contains(word)
            && end + 1 < ceiling
            && is_phrase_word(document, end + 1)
            && (is_capitalised(document, end + 1)
                || (end == start
                    && !DETERMINERS.contains(document.lower[end + 1].as_str())
                    && !is_verb_like(&document.lower[end + 1])));
        // "President Obama passionately rebuked …": an adverb ends the name.
        let adverb = !capital && end > start && is_ly_adverb(word);
        // "The ad targets a …": a word in -s right before a determiner is a verb.
        let present_verb = !capital
            && seen_noun
            && word.len() > 3
            && word.ends_with('s')
            && !word.ends_with("ss")
            && end + 1 < ceiling
            && DETERMINERS.contains(document.lower[end + 1].as_str());
        // "The State Department less than two weeks ago said": a comparative before "than"
        // opens a measure, not more of the name.
        let comparative =
            !capital && seen_noun && end + 1 < ceiling && document.lower[end + 1] == "than";
        if !capital && !adjective && (is_verb_like(word) || is_speaker_pronoun(word))
            || adverb
            || present_verb
            || comparative
        {
            break;
        }
        seen_noun |= !DETERMINERS.contains(word);
        end += 1;
    }
    trim_phrase(document, start..end)
}

/// Drops a phrase that is only determiners or possessive marks, and a trailing "of".
pub(super) fn trim_phrase(
    document: &Document<'_>,
    mut range: Range<usize>,
) -> Option<Range<usize>> {
    while range.end > range.start
        && matches!(document.lower[range.end - 1].as_str(), "of" | "-" | "&")
    {
        range.end -= 1;
    }
    // "read one", "Another said": a pronoun-like determiner alone stands for someone.
    let lone_pronoun = range.len() == 1 && is_pronoun_determiner(&document.lower[range.start]);
    let meaningful = lone_pronoun
        || range.clone().any(|i| {
            !DETERMINERS.contains(document.lower[i].as_str())
                && !matches!(document.word(i), "'s" | "’s")
        });
    (meaningful && !range.is_empty()).then_some(range)
}

/// Whether the relative pronoun at `i` follows a comma or a name ("Beck, who", "Pence who"), so
/// that it stands for someone named rather than picking people out ("anybody who").
pub(super) fn follows_a_name(document: &Document<'_>, i: usize) -> bool {
    document.word(i - 1) == "," || is_capitalised(document, i - 1)
}

/// Adverbs and auxiliaries between a subject and its verb ("has repeatedly", "cynically").
pub(super) fn is_verb_modifier(document: &Document<'_>, i: usize) -> bool {
    let word = document.lower[i].as_str();
    VERB_MODIFIERS.contains(word) || (!is_capitalised(document, i) && is_ly_adverb(word))
}

/// "a Twitter comment", "a fundraising call", "the weekly address": a cue word that can only be
/// a noun here — a singular form (a verb would need its `-s`) after an article and modifiers.
pub(super) fn is_noun_after_modifiers(document: &Document<'_>, i: usize) -> bool {
    let word = document.lower[i].as_str();
    if !NOUN_LIKE_CUES.contains(word) || word.ends_with('s') || word.ends_with("ed") {
        return false;
    }
    let floor = i.saturating_sub(3);
    let mut j = i;
    while j > floor {
        j -= 1;
        let modifier = document.lower[j].as_str();
        if matches!(modifier, "a" | "an") {
            return true;
        }
        if DETERMINERS.contains(modifier) || matches!(modifier, "'s" | "’s") {
            // After "the", "his": only lowercase singular modifiers ("the Democrats call" is a verb).
            return (j + 1..i)
                .all(|k| !is_capitalised(document, k) && !document.lower[k].ends_with('s'));
        }
        if !is_phrase_word(document, j) || is_verb_like(modifier) || is_speaker_pronoun(modifier) {
            return false;
        }
    }
    false
}

/// Whether a phrase names a person: a pronoun, or words the entity engine tagged as a person.
pub(super) fn is_person_like(document: &Document<'_>, phrase: &Range<usize>) -> bool {
    (phrase.len() == 1 && PERSONAL_PRONOUNS.contains(&document.lower[phrase.start]))
        || phrase.clone().any(|i| document.person[i])
}
