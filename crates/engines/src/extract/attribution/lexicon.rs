//! Words the quote engine reads, as questions: is this a reporting verb, an auxiliary, a role?
//! The lists themselves are data files in `extract/words/`; the tests that rest on a word's
//! shape (an `-ed` ending) live here.

use crate::language::words::{
    role_synonym_groups, ED_NOT_VERBS, LY_NOT_ADVERBS, PRONOUN_DETERMINERS,
};
use crate::language::words::{
    AUXILIARIES, COMMON_VERBS, NOUN_LIKE_CUES, PEOPLE_NOUNS, PREPOSITIONS, REPORTING_VERBS,
    SPEAKER_PRONOUNS, VERBS_TAKING_OBJECT,
};

/// A reporting verb in any form, or a reporting noun used as a cue ("a call").
pub fn is_reporting_verb(word: &str) -> bool {
    REPORTING_VERBS.contains(word) || NOUN_LIKE_CUES.contains(word)
}

/// Whether a lowercase word is probably a verb (and so ends a noun phrase).
pub fn is_verb_like(word: &str) -> bool {
    is_reporting_verb(word)
        || COMMON_VERBS.contains(word)
        || (word.len() > 4 && word.ends_with("ed") && !ED_NOT_VERBS.contains(word))
}

/// Reporting verbs whose next phrase is their object ("told her supporters", "described the
/// plan"), never their subject.
pub fn takes_object(word: &str) -> bool {
    VERBS_TAKING_OBJECT.contains(word)
}

/// Prepositions: the phrase after one is its object.
pub fn is_preposition(word: &str) -> bool {
    PREPOSITIONS.contains(word)
}

/// Nouns that name people: a role ("the senator") or a plain word for people ("the crowd",
/// "his wife").
pub fn is_people_noun(word: &str) -> bool {
    PEOPLE_NOUNS.contains(word)
}

/// Auxiliary verbs ("has", "would"): they carry no report of their own.
pub fn is_auxiliary(word: &str) -> bool {
    AUXILIARIES.contains(word)
}

/// Pronouns that are speakers on their own.
pub fn is_speaker_pronoun(word: &str) -> bool {
    SPEAKER_PRONOUNS.contains(word)
}

/// Whether two role words can name the same office.
pub fn roles_match(a: &str, b: &str) -> bool {
    a == b
        || role_synonym_groups()
            .iter()
            .any(|group| group.contains(&a) && group.contains(&b))
}

/// Words of a span of time ("less than two weeks", "a few days", "three years").
pub fn is_quantity_word(word: &str) -> bool {
    crate::language::words::QUANTITY_WORDS.contains(word)
}

/// A word in -ing long enough to be a participle ("saying", "giving"; not "king").
pub fn is_participle_form(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ing")
}

/// A word in -ly that is an adverb ("repeatedly", "passionately"; not "family" or "rally").
pub fn is_ly_adverb(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly") && !LY_NOT_ADVERBS.contains(word)
}

/// Determiners that stand for people on their own ("Another said", "read one").
pub fn is_pronoun_determiner(word: &str) -> bool {
    PRONOUN_DETERMINERS.contains(word)
}

/// A dash or a hyphen standing for one ("- Clinton.", "Pollsters agree - Carl Bialik:").
pub fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "–" | "—" | "--" | "―")
}

pub fn is_dash_or_comma(word: &str) -> bool {
    matches!(word, "," | "…") || is_dash(word)
}

/// Things that carry words of their own ("a sign saying …"; a statement or email "saying …"
/// speaks for whoever issued it).
pub fn is_text_noun(word: &str) -> bool {
    crate::language::words::TEXT_NOUNS.contains(word)
}

/// Words that open an adverbial phrase at the start of a sentence ("At Monday's debate, …").
pub fn opens_adverbial(word: &str) -> bool {
    opens_adverbial_word(word) || word.ends_with("ing") || word.ends_with("ly")
}

/// The listed words that open an adverbial phrase (without the -ing and -ly endings).
pub fn opens_adverbial_word(word: &str) -> bool {
    crate::language::words::ADVERBIAL_OPENERS.contains(word)
}

/// Words of a time expression ("Monday", "hours ago").
pub fn is_time_word(word: &str) -> bool {
    crate::language::words::TIME_WORDS.contains(word)
}
