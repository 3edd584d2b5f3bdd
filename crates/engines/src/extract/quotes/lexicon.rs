//! Words the quote engine reads, as questions: is this a reporting verb, an auxiliary, a role?
//! The lists themselves are data files in `extract/words/`; the tests that rest on a word's
//! shape (an `-ed` ending) live here.

use crate::language::words::role_synonym_groups;
pub use crate::language::words::{
    AUXILIARIES, COMMON_VERBS, DETERMINERS, NOUN_LIKE_CUES, PARTICIPLE_CUES, PEOPLE_NOUNS,
    PHRASE_BREAKERS, PREPOSITIONS, REPORTING_VERBS, ROLE_NOUNS, SPEAKER_PRONOUNS, TERM_MARKERS,
    VERBS_TAKING_OBJECT, VERB_MODIFIERS,
};

/// A reporting verb in any form, or a reporting noun used as a cue ("a call").
pub fn is_reporting_verb(word: &str) -> bool {
    REPORTING_VERBS.contains(word) || NOUN_LIKE_CUES.contains(word)
}

/// Whether a lowercase word is probably a verb (and so ends a noun phrase).
pub fn is_verb_like(word: &str) -> bool {
    is_reporting_verb(word)
        || COMMON_VERBS.contains(word)
        || (word.len() > 4
            && word.ends_with("ed")
            && !matches!(
                word,
                "united" | "red" | "speed" | "need" | "breed" | "seed" | "feed"
            ))
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
