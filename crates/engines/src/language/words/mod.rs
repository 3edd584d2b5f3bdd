//! The word lists the engines read, kept as data files beside this module (one lowercase word
//! per line, `#` starts a comment, `@name` takes in another list), so that a list is edited as
//! text, reviewed as a diff and shared instead of written twice: the auxiliaries are one file,
//! and the weekdays one file read by the date finder and the quote engine alike.
//!
//! Every list is sorted and free of duplicates, its inclusions counted (a test checks); the two
//! calendar lists keep calendar order, because there a word's position is its meaning.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// One word list: its file, read once on first use.
pub struct WordList {
    name: &'static str,
    source: &'static str,
    parsed: OnceLock<Parsed>,
}

struct Parsed {
    in_order: Vec<&'static str>,
    set: HashSet<&'static str, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: for words of a few letters much quicker than the standard hasher, and these lists
/// are fixed, so the standard hasher's resistance to chosen keys buys nothing here.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let start = if self.0 == 0 {
            domain::hash::FNV64_OFFSET
        } else {
            self.0
        };
        self.0 = domain::hash::fnv64(start, bytes);
    }
}

/// A line of a list file, classified.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    Word(&'static str),
    Include(&'static str),
    Blank,
}

fn classify(line: &'static str) -> Line {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        Line::Blank
    } else if let Some(name) = line.strip_prefix('@') {
        Line::Include(name)
    } else {
        Line::Word(line)
    }
}

impl WordList {
    const fn new(name: &'static str, source: &'static str) -> Self {
        WordList {
            name,
            source,
            parsed: OnceLock::new(),
        }
    }

    fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| {
            let mut in_order = Vec::new();
            for line in self.source.lines().map(classify) {
                match line {
                    Line::Word(word) => in_order.push(word),
                    Line::Include(name) => in_order.extend_from_slice(list_named(name).words()),
                    Line::Blank => {}
                }
            }
            let set = in_order.iter().copied().collect();
            Parsed { in_order, set }
        })
    }

    /// Whether the list holds this (lowercase) word.
    pub fn contains(&self, word: impl AsRef<str>) -> bool {
        self.parsed().set.contains(word.as_ref())
    }

    /// The words in file order, inclusions expanded where they stand.
    pub fn words(&self) -> &[&'static str] {
        &self.parsed().in_order
    }

    /// The list's name (its file name without `.txt`).
    pub fn name(&self) -> &'static str {
        self.name
    }
}

macro_rules! word_lists {
    ($($constant:ident = $file:literal;)*) => {
        $(pub static $constant: WordList = WordList::new($file, include_str!(concat!($file, ".txt")));)*
        /// Every list, for inclusion by name and for the checks.
        pub static ALL: &[&WordList] = &[$(&$constant),*];
    };
}

word_lists! {
    ADVERBIAL_OPENERS = "adverbial_openers";
    APPROXIMATORS = "approximators";
    AUXILIARIES = "auxiliaries";
    BELIEF_CUES = "belief_cues";
    BE_FORMS = "be_forms";
    CAPITALISED_CUES = "capitalised_cues";
    CLAUSE_CLOSERS = "clause_closers";
    CIRCUMSTANCE_PREPOSITIONS = "circumstance_prepositions";
    CLAUSE_BREAKS = "clause_breaks";
    CLAUSE_OPENERS = "clause_openers";
    COMMON_VERBS = "common_verbs";
    CONTRAST_WORDS = "contrast_words";
    DETERMINERS = "determiners";
    DOCUMENT_NOUNS = "document_nouns";
    ED_NOT_VERBS = "ed_not_verbs";
    HONORIFICS = "honorifics";
    JOINING_WORDS = "joining_words";
    LY_NOT_ADVERBS = "ly_not_adverbs";
    MINOR_WORDS = "minor_words";
    MONTHS = "months";
    NON_SPEAKER_WORDS = "non_speaker_words";
    NOUN_LIKE_CUES = "noun_like_cues";
    PARTICIPLE_CUES = "participle_cues";
    PEOPLE_NOUNS = "people_nouns";
    PERSONAL_PRONOUNS = "personal_pronouns";
    PERSON_PRONOUNS = "person_pronouns";
    PHRASE_BREAKERS = "phrase_breakers";
    POSSESSIVES_AND_ARTICLES = "possessives_and_articles";
    PREPOSITIONS = "prepositions";
    PRONOUN_DETERMINERS = "pronoun_determiners";
    QUANTITY_WORDS = "quantity_words";
    RELATIVE_PRONOUNS = "relative_pronouns";
    REPORTING_VERBS = "reporting_verbs";
    ROLE_NOUNS = "role_nouns";
    ROLE_STOP_WORDS = "role_stop_words";
    SENTENCE_CONJUNCTIONS = "sentence_conjunctions";
    SPEAKER_PRONOUNS = "speaker_pronouns";
    SUBORDINATE_OPENERS = "subordinate_openers";
    TERM_MARKERS = "term_markers";
    TEXT_NOUNS = "text_nouns";
    TIME_WORDS = "time_words";
    VERBS_TAKING_OBJECT = "verbs_taking_object";
    VERB_MODIFIERS = "verb_modifiers";
    WEEKDAYS = "weekdays";
}

/// Role nouns that can name the same office: one group per line.
const ROLE_SYNONYMS: &str = include_str!("role_synonyms.txt");

/// Two words that report together ("went on", "pointed out"): one pair per line.
const PHRASAL_CUES: &str = include_str!("phrasal_cues.txt");

pub(crate) fn list_named(name: &str) -> &'static WordList {
    ALL.iter()
        .find(|list| list.name == name)
        .unwrap_or_else(|| panic!("word list @{name} does not exist"))
}

/// The groups of role nouns that mean the same office.
pub fn role_synonym_groups() -> &'static [Vec<&'static str>] {
    static GROUPS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        ROLE_SYNONYMS
            .lines()
            .filter(|line| classify(line) != Line::Blank)
            .map(|line| line.split_whitespace().collect())
            .collect()
    })
}

/// The pairs of [`PHRASAL_CUES`], by their first word.
fn phrasal_cues() -> &'static HashMap<&'static str, Vec<&'static str>, BuildHasherDefault<Fnv>> {
    static PAIRS: OnceLock<HashMap<&'static str, Vec<&'static str>, BuildHasherDefault<Fnv>>> =
        OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs: HashMap<_, Vec<_>, _> = HashMap::default();
        for line in PHRASAL_CUES
            .lines()
            .filter(|line| classify(line) != Line::Blank)
        {
            let mut words = line.split_whitespace();
            if let (Some(verb), Some(particle)) = (words.next(), words.next()) {
                pairs.entry(verb).or_default().push(particle);
            }
        }
        pairs
    })
}

/// Whether two lowercase words report together ("went on", "pointed out", "shot back").
pub fn is_phrasal_cue(word: &str, next: &str) -> bool {
    phrasal_cues()
        .get(word)
        .is_some_and(|particles| particles.contains(&next))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists whose order is their meaning.
    const IN_CALENDAR_ORDER: &[&str] = &["months", "weekdays"];

    #[test]
    fn every_list_is_sorted_unique_lowercase_and_includes_only_existing_lists() {
        for list in ALL {
            let own: Vec<&str> = list
                .source
                .lines()
                .filter_map(|line| match classify(line) {
                    Line::Word(word) => Some(word),
                    Line::Include(name) => {
                        assert!(
                            ALL.iter()
                                .any(|other| other.name == name && other.name != list.name),
                            "{}: @{name} names no other list",
                            list.name
                        );
                        None
                    }
                    Line::Blank => None,
                })
                .collect();
            assert!(!own.is_empty(), "{} is empty", list.name);
            if !IN_CALENDAR_ORDER.contains(&list.name) {
                for pair in own.windows(2) {
                    assert!(
                        pair[0] < pair[1],
                        "{}: {:?} should come after {:?} (sorted, once each)",
                        list.name,
                        pair[0],
                        pair[1]
                    );
                }
            }
            let words = list.words();
            let distinct: HashSet<_> = words.iter().collect();
            assert_eq!(
                distinct.len(),
                words.len(),
                "{}: a word is listed twice (perhaps also in an included list)",
                list.name
            );
            for word in words {
                assert_eq!(
                    *word,
                    word.to_lowercase(),
                    "{}: {word:?} is not lowercase",
                    list.name
                );
                assert!(
                    !word.contains(char::is_whitespace),
                    "{}: {word:?}",
                    list.name
                );
            }
        }
    }

    #[test]
    fn role_synonym_groups_are_sorted_unique_and_role_nouns_where_bare() {
        let groups = role_synonym_groups();
        assert!(groups.len() >= 5);
        for pair in groups.windows(2) {
            assert!(pair[0] < pair[1], "groups out of order: {pair:?}");
        }
        for group in groups {
            assert!(group.len() >= 2, "a group of one: {group:?}");
            for pair in group.windows(2) {
                assert!(pair[0] < pair[1], "{group:?} not sorted, once each");
            }
            for word in group.iter().filter(|word| !word.ends_with('.')) {
                assert!(ROLE_NOUNS.contains(word), "{word} is not a role noun");
            }
        }
    }

    #[test]
    fn phrasal_cues_are_sorted_pairs_of_lowercase_words() {
        let lines: Vec<&str> = PHRASAL_CUES
            .lines()
            .filter(|line| classify(line) != Line::Blank)
            .collect();
        assert!(lines.len() >= 10);
        for pair in lines.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}: sorted, once each");
        }
        for line in &lines {
            assert_eq!(line.split_whitespace().count(), 2, "{line:?}: two words");
            assert_eq!(*line, line.to_lowercase());
        }
        assert!(is_phrasal_cue("went", "on") && is_phrasal_cue("shot", "back"));
        assert!(!is_phrasal_cue("went", "back") && !is_phrasal_cue("on", "went"));
    }

    #[test]
    fn inclusions_expand_in_place_and_lookups_see_them() {
        assert!(COMMON_VERBS.contains("would"), "auxiliaries are verbs");
        assert!(PHRASE_BREAKERS.contains("has"));
        assert!(TIME_WORDS.contains("friday") && VERB_MODIFIERS.contains("sunday"));
        assert!(PEOPLE_NOUNS.contains("senator") && PEOPLE_NOUNS.contains("crowd"));
        assert!(!REPORTING_VERBS.contains("senator"));
        assert_eq!(WEEKDAYS.words()[0], "monday");
        assert_eq!(MONTHS.words()[11], "december");
    }
}
