//! Clauses: a reporting verb's subject, whether a word is used as a cue here, where a clause
//! ends, the report a sentence makes (its first cue's speaker, or the person it is about), a
//! report in the passive, an outer report a fragment belongs to. Bounded by the paragraph and
//! by named windows.

use std::ops::Range;

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::document::{is_quote_mark, Document};
use crate::extract::attribution::lexicon::{
    is_auxiliary, is_ly_adverb, is_participle_form, is_people_noun, is_preposition,
    is_pronoun_determiner, is_quantity_word, is_reporting_verb, is_speaker_pronoun, is_text_noun,
    is_time_word, is_verb_like, opens_adverbial, opens_adverbial_word, takes_object,
};
use crate::extract::attribution::phrases::{
    follows_a_name, is_capitalised, is_noun_after_modifiers, is_person_like, is_phrase_word,
    is_verb_modifier, phrase_ending_at, phrase_starting_at,
};
use crate::language::words::{
    is_phrasal_cue, APPROXIMATORS, BE_FORMS, CAPITALISED_CUES, CLAUSE_CLOSERS, CONTRAST_WORDS,
    DETERMINERS, NON_SPEAKER_WORDS, PARTICIPLE_CUES, PHRASE_BREAKERS, POSSESSIVES_AND_ARTICLES,
    SENTENCE_CONJUNCTIONS, SUBORDINATE_OPENERS,
};

/// How far back an appositive between commas may open ("Rex Tillerson, the U.S. secretary of
/// state, said").
const APPOSITIVE_WORDS: usize = 26;

/// How far a dateline's dash may stand from the sentence start ("Washington (AFP) –").
const DATELINE_WORDS: usize = 8;

/// How far the comma closing a sentence-opening adverbial may stand ("At Monday's debate in …,").
const ADVERBIAL_WORDS: usize = 25;

/// How far the comma after an opening time phrase may stand ("Eight years ago,").
const TIME_PHRASE_TO_COMMA: usize = 6;

/// Walks back from a reporting verb over adverbs and auxiliaries to its subject.
pub(super) fn subject_before(
    document: &Document<'_>,
    verb: usize,
    floor: usize,
) -> Option<Range<usize>> {
    let mut end = verb;
    let mut skipped = 0;
    while end > floor && skipped < 3 && is_verb_modifier(document, end - 1) {
        end -= 1;
        skipped += 1;
    }
    // "The State Department less than two weeks ago said": a time before the verb.
    if end > floor + 1 && document.lower[end - 1] == "ago" {
        let mut start = end - 1;
        while start > floor && end - start < 7 && is_quantity_word(&document.lower[start - 1]) {
            start -= 1;
        }
        if start < end - 1 {
            end = start;
        }
    }
    // "he laughed and said": the subject of both verbs.
    if end > floor + 2
        && document.lower[end - 1] == "and"
        && !is_capitalised(document, end - 2)
        && is_verb_like(&document.lower[end - 2])
    {
        end -= 2;
        while end > floor && skipped < 3 && is_verb_modifier(document, end - 1) {
            end -= 1;
            skipped += 1;
        }
    }
    // "Trump bemoaned the unrest in Charlotte and said": the subject of the verb the "and"
    // joins this one to.
    if end > floor + 2 && document.lower[end - 1] == "and" && !is_capitalised(document, end - 2) {
        // (A finite verb: not "would triumph", "to give".)
        let earlier = (end.saturating_sub(16).max(floor + 1)..end - 1)
            .rev()
            .find(|&j| {
                !document.quoted[j]
                    && !is_capitalised(document, j)
                    && is_verb_like(&document.lower[j])
                    && !is_auxiliary(&document.lower[j])
                    && !is_auxiliary(&document.lower[j - 1])
                    && document.lower[j - 1] != "to"
            });
        let named = earlier
            .and_then(|j| subject_before(document, j, floor))
            .filter(|s| is_person_like(document, s) || is_capitalised(document, s.start));
        if let Some(subject) = named {
            return Some(subject);
        }
    }
    // "Mike Pence, who called their son “an American hero”": the relative pronoun is the
    // mention (it resolves to the person before it).
    // Only after a comma or a name: "anybody who complains" is not the report's subject.
    if end > floor + 1
        && matches!(document.lower[end - 1].as_str(), "who" | "which")
        && !document.quoted[end - 1]
        && follows_a_name(document, end - 1)
    {
        return Some(end - 1..end);
    }
    if let Some(phrase) = phrase_ending_at(document, end, floor) {
        // "Protesters marching through the streets chanted": the phrase before a participle
        // and its preposition.
        let start = phrase.start;
        if start >= floor + 3
            && is_preposition(&document.lower[start - 1])
            && is_participle_form(&document.lower[start - 2])
        {
            if let Some(subject) = phrase_ending_at(document, start - 2, floor) {
                return Some(subject);
            }
        }
        return Some(phrase);
    }
    // "Another said …", "Others say …": a pronoun-like determiner alone.
    if end > floor && !document.quoted[end - 1] && is_pronoun_determiner(&document.lower[end - 1]) {
        return Some(end - 1..end);
    }
    // "Rex Tillerson, the U.S. secretary of state, said": skip one appositive between commas.
    if end > floor && document.word(end - 1) == "," {
        let limit = end.saturating_sub(APPOSITIVE_WORDS).max(floor);
        let mut j = end - 1;
        while j > limit {
            j -= 1;
            if document.word(j) == "," {
                return phrase_ending_at(document, j, floor);
            }
            if document.quoted[j] || document.ends_sentence[j] {
                break;
            }
        }
    }
    None
}

/// Whether token `i` is a reporting verb here (not a noun after a determiner: "their report").
pub(super) fn is_cue(document: &Document<'_>, i: usize) -> bool {
    let word = document.lower[i].as_str();
    // "went on", "pointed out": two words that report.
    let next = document.lower.get(i + 1).map(String::as_str);
    if !document.quoted[i] && next.is_some_and(|next| is_phrasal_cue(word, next)) {
        return true;
    }
    // ("Tweeted" is often written with a capital.)
    let styled = CAPITALISED_CUES.contains(word);
    if document.quoted[i]
        || !is_reporting_verb(word)
        || is_capitalised(document, i) && i > 0 && !is_sentence_start(document, i) && !styled
    {
        return false;
    }
    // "32% of Republican claims", "one of his statements": a noun after "of".
    let after_of = (i >= 1 && document.lower[i - 1] == "of")
        || (i >= 2 && document.lower[i - 2] == "of" && !is_verb_like(&document.lower[i - 1]));
    if after_of && !word.ends_with("ing") {
        return false;
    }
    // "their report", "Ginsburg's comments": a noun, not a verb.
    let previous = if i > 0 {
        document.lower[i - 1].as_str()
    } else {
        ""
    };
    // (After "some" or "that" a verb in the past is a verb: "Some chanted …"; after "his" or
    // "the" it is an adjective: "his believed strength".)
    let past =
        word.len() > 4 && word.ends_with("ed") && !POSSESSIVES_AND_ARTICLES.contains(previous);
    !((DETERMINERS.contains(previous) && !past)
        || matches!(previous, "'s" | "’s")
        || is_noun_after_modifiers(document, i))
}

pub(super) fn is_sentence_start(document: &Document<'_>, i: usize) -> bool {
    i == 0
        || document.paragraph_of[i - 1] != document.paragraph_of[i]
        || document.ends_sentence[i - 1]
}

/// Whether token `i` ends the clause of an attribution: punctuation, the paragraph's end, or a
/// preposition or day that starts an adverbial ("Toomey fumed on Tuesday").
pub(super) fn closes_clause(document: &Document<'_>, i: usize, paragraph_end: usize) -> bool {
    i >= paragraph_end
        || matches!(document.word(i), "." | "," | ";" | "|")
        || is_quote_mark(document.word(i))
        || CLAUSE_CLOSERS.contains(&document.lower[i])
        || is_time_word(&document.lower[i])
}

/// "Paul Ryan said the recent spate of shootings and protests demands that all Americans engage
/// in “more listening”": when the verb nearest the quote has a thing for its subject, a person
/// reporting earlier in the sentence speaks.
pub(super) fn person_reporting_before(
    document: &Document<'_>,
    floor: usize,
    inner: usize,
    speaker: &Range<usize>,
) -> Option<Attribution> {
    let people = is_people_noun(&document.lower[speaker.end - 1]);
    let thing = !people
        && !is_person_like(document, speaker)
        && !is_capitalised(document, speaker.start)
        && !is_speaker_pronoun(&document.lower[speaker.start])
        && !is_pronoun_determiner(&document.lower[speaker.start]);
    if !thing {
        return None;
    }
    let outer = (floor..speaker.start).rev().find(|&j| {
        is_cue(document, j) && !PARTICIPLE_CUES.contains(document.lower[j].as_str()) && j != inner
    })?;
    let person = speaker_of_verb(document, outer, floor)
        .filter(|person| is_person_like(document, person) && person.end <= outer)?;
    Some(Attribution {
        speaker: person,
        cue: Some(outer..outer + 1),
        evidence: Evidence::Direct,
    })
}

/// A report that takes a "that" clause earlier in the sentence ("Trump said that …"), which the
/// verb at `inner` belongs to.
pub(super) fn outer_report(
    document: &Document<'_>,
    floor: usize,
    inner: usize,
) -> Option<Attribution> {
    let outer = (floor..inner).find(|&j| {
        is_cue(document, j)
            && (j + 1..(j + 4).min(inner)).any(|k| document.lower[k] == "that")
            && !PARTICIPLE_CUES.contains(document.lower[j].as_str())
    })?;
    // "Asked if he thought that …, Devine responded", "When Clinton noted that …, Trump
    // boasted": a question put to the speaker, or a report in a subordinate clause.
    // (Only in the outer report's own clause: "…, when asked about X, Obama said that …" is
    // Obama's report.)
    let clause_start = (floor..outer)
        .rev()
        .find(|&j| document.word(j) == ",")
        .map_or(floor, |comma| comma + 1);
    if (clause_start..outer).any(|j| SUBORDINATE_OPENERS.contains(&document.lower[j])) {
        return None;
    }
    // "Netanyahu said that he would go, although he tweeted that he “rejects …”", "…, with
    // McCain calling it “…”": a clause of its own between the two reports.
    if (outer + 1..inner).any(|j| {
        CONTRAST_WORDS.contains(&document.lower[j])
            || (document.word(j) == "," && document.lower.get(j + 1).is_some_and(|w| w == "with"))
    }) {
        return None;
    }
    let speaker = speaker_of_verb(document, outer, floor)?;
    Some(Attribution {
        speaker,
        cue: Some(outer..outer + 1),
        evidence: Evidence::Direct,
    })
}

/// The speaker of a reporting verb: its subject, or for a participle after a comma
/// (`replied negatively, saying`) the subject of the clause it hangs off.
pub(super) fn speaker_of_verb(
    document: &Document<'_>,
    verb: usize,
    floor: usize,
) -> Option<Range<usize>> {
    let lower = document.lower[verb].as_str();
    // "in what is being criticized as a “use it or lose it” approach": a report in the passive
    // is spoken by its agent ("was described by aides as"), never by its grammatical subject.
    if is_passive(document, verb, floor) {
        let paragraph_end = document.paragraphs[document.paragraph_of[verb]].end;
        return (verb + 1..(verb + 3).min(paragraph_end))
            .find(|&j| document.lower[j] == "by" && !document.quoted[j])
            .and_then(|by| phrase_starting_at(document, by + 1, paragraph_end));
    }
    // Any reporting verb in -ing is a participle ("singing", "quipping"), listed or not.
    let participle = PARTICIPLE_CUES.contains(lower) || is_participle_form(lower);
    let after_comma = verb > floor && document.word(verb - 1) == ",";
    let infinitive = verb > floor && document.lower[verb - 1] == "to";
    // "Williamson assails … what he calls the “immoral” lie": the sentence's subject speaks.
    let relative = verb >= floor + 2
        && document.lower[verb - 2] == "what"
        && is_speaker_pronoun(&document.lower[verb - 1]);
    if participle && after_comma {
        // "Fiorina said, adding that …": the speaker of the report it continues.
        if let Some(earlier) = (floor..verb.saturating_sub(1))
            .rev()
            .find(|&j| is_cue(document, j) && !PARTICIPLE_CUES.contains(document.lower[j].as_str()))
        {
            if let Some(speaker) = speaker_of_verb(document, earlier, floor) {
                return Some(speaker);
            }
        }
    }
    // "He began by saying, “…”": the subject of the verb the participle completes.
    if participle && verb >= floor + 2 && matches!(document.lower[verb - 1].as_str(), "by" | "with")
    {
        let main = verb - 2;
        if !is_capitalised(document, main) && is_verb_like(&document.lower[main]) {
            if let Some(subject) = subject_before(document, main, floor) {
                return Some(subject);
            }
        }
    }
    // "…, with one of her ads asking, “…”": the subject of an absolute clause.
    if participle {
        let with = (verb.saturating_sub(8).max(floor + 1)..verb)
            .rev()
            .take_while(|&j| document.word(j) != "," && !document.quoted[j])
            .find(|&j| document.lower[j] == "with" && document.word(j - 1) == ",");
        if let Some(subject) = with.and_then(|j| phrase_starting_at(document, j + 1, verb)) {
            return Some(subject);
        }
    }
    // "The Vermont senator emailed supporters saying: “…”": a participle's subject is the
    // clause's, not the object before it.
    // But a sign, headline or letter "saying …" speaks for itself.
    let participle_after_object = participle
        && !after_comma
        && verb > floor
        && !is_capitalised(document, verb - 1)
        && !is_speaker_pronoun(&document.lower[verb - 1])
        && !is_text_noun(&document.lower[verb - 1]);
    if (participle && after_comma) || participle_after_object || infinitive || relative {
        if let Some(subject) = main_subject(document, floor, verb) {
            return Some(subject);
        }
    }
    // "Stated Stone:", "explained CBS moderator Nancy Cordes:": the subject after the verb,
    // for verbs that take no object ("told her supporters" names the listeners).
    if after_comma {
        if let Some(subject) = subject_before(document, verb, floor) {
            return Some(subject);
        }
    }
    let takes_object = takes_object(lower);
    let inverted =
        !takes_object && (verb == floor || after_comma || document.lower[verb - 1] == "as");
    if inverted {
        if let Some(phrase) = phrase_starting_at(
            document,
            verb + 1,
            document.paragraphs[document.paragraph_of[verb]].end,
        ) {
            if is_capitalised(document, phrase.start)
                || DETERMINERS.contains(document.lower[phrase.start].as_str())
            {
                return Some(phrase);
            }
        }
    }
    subject_before(document, verb, floor)
}

/// Whether the verb at `verb` is a past participle after a form of "be" ("is being
/// criticized", "was widely described"): a report in the passive.
pub(super) fn is_passive(document: &Document<'_>, verb: usize, floor: usize) -> bool {
    if !document.lower[verb].ends_with("ed") {
        return false;
    }
    let mut before = verb;
    while before > floor
        && !is_capitalised(document, before - 1)
        && is_ly_adverb(&document.lower[before - 1])
    {
        before -= 1;
    }
    before > floor && BE_FORMS.contains(&document.lower[before - 1])
}

/// The subject of a sentence: its first noun phrase after any leading adverbial phrase.
pub(super) fn main_subject(
    document: &Document<'_>,
    start: usize,
    end: usize,
) -> Option<Range<usize>> {
    let mut i = start;
    while i < end
        && (document.quoted[i]
            || !is_phrase_word(document, i)
                && !PHRASE_BREAKERS.contains(document.lower[i].as_str()))
    {
        i += 1;
    }
    if i >= end {
        return None;
    }
    // A dateline: "Washington (AFP) – Democrat Hillary Clinton has …".
    if let Some(dash) = (i..end.min(i + DATELINE_WORDS))
        .find(|&j| matches!(document.word(j), "–" | "—" | "--" | "―") && !document.quoted[j])
    {
        if (i..dash)
            .all(|j| is_capitalised(document, j) || matches!(document.word(j), "(" | ")" | ","))
        {
            return main_subject(document, dash + 1, end);
        }
    }
    // "Another said …": a pronoun-like determiner before its verb.
    if is_pronoun_determiner(&document.lower[i])
        && i + 1 < end
        && is_verb_like(&document.lower[i + 1])
    {
        return Some(i..i + 1);
    }
    // "About 200 protesters congregated …": a quantity's hedge belongs to the subject.
    if APPROXIMATORS.contains(&document.lower[i])
        && i + 2 < end
        && document
            .word(i + 1)
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return phrase_starting_at(document, i + 1, end).map(|phrase| i..phrase.end);
    }
    // "But Sen. Pat Toomey refused …": a conjunction opening the sentence is no adverbial.
    if SENTENCE_CONJUNCTIONS.contains(&document.lower[i])
        && i + 1 < end
        && document.word(i + 1) != ","
    {
        return main_subject(document, i + 1, end);
    }
    // "Carly Fiorina threw …", "Kelly said": a capitalised word in -ly or -ing opens an
    // adverbial ("Finally, …", "Speaking at …") only before a comma or a word that is no verb.
    let lower = document.lower[i].as_str();
    let name_like = !opens_adverbial_word(lower)
        && is_capitalised(document, i)
        && (document.person[i]
            || i + 1 >= end
            || (document.word(i + 1) != ","
                && (is_capitalised(document, i + 1) || is_verb_like(&document.lower[i + 1]))));
    if opens_adverbial(lower) && !name_like {
        // Skip to the comma that closes the adverbial, if it is near.
        let comma = (i..end.min(i + ADVERBIAL_WORDS))
            .find(|&j| document.word(j) == "," && !document.quoted[j])?;
        // "On July 6, 2015, Sanders made …": the year belongs to the adverbial; so does the
        // state in "Speaking in Salem, New Hampshire, Trump went …".
        let mut next = comma + 1;
        if next + 1 < end
            && document.word(next).chars().all(|c| c.is_ascii_digit())
            && document.word(next + 1) == ","
        {
            next += 2;
        } else if let Some(place) = phrase_starting_at(document, next, end) {
            let second_comma = place.end + 1 < end && document.word(place.end) == ",";
            let named_place = place.clone().all(|j| is_capitalised(document, j))
                && !place.clone().any(|j| document.person[j]);
            if second_comma && named_place && place.len() <= 3 {
                next = place.end + 1;
            }
        }
        return main_subject(document, next, end);
    }
    let phrase = phrase_starting_at(document, i, end)?;
    // "Sunday morning, Clinton slammed …", "Eight years ago, he supported …".
    if phrase.clone().any(|j| is_time_word(&document.lower[j])) {
        if let Some(comma) = (phrase.end..end.min(phrase.end + TIME_PHRASE_TO_COMMA))
            .find(|&j| document.word(j) == ",")
        {
            return main_subject(document, comma + 1, end);
        }
    }
    // "It", "That", "There" are not speakers.
    if phrase.len() == 1 && NON_SPEAKER_WORDS.contains(&document.lower[phrase.start]) {
        return None;
    }
    Some(phrase)
}

/// The report a sentence (tokens `floor..end`) makes: the speaker of its first reporting verb, or
/// else the person it is about; for a quotation that the sentence introduces.
pub(super) fn sentence_report(
    document: &Document<'_>,
    floor: usize,
    end: usize,
) -> Option<Attribution> {
    let verb = (floor..end).find(|&i| is_cue(document, i));
    let speaker = match verb {
        Some(verb) => speaker_of_verb(document, verb, floor),
        None => {
            main_subject(document, floor, end).filter(|phrase| is_person_like(document, phrase))
        }
    }?;
    Some(Attribution {
        speaker,
        cue: verb.map(|v| v..v + 1),
        evidence: Evidence::Inherited,
    })
}
