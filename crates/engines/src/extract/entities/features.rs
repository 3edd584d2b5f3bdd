//! The features the entity model reads for each token: the word and its shape, affixes, the words
//! and shapes around it, the tags already given to the tokens before it, the name lists it is on,
//! and what the rest of the document says about the same word.
//!
//! Features are hashed straight to 32-bit keys (FNV-1a over a template number and its parts), so
//! extracting them allocates nothing per feature. Training and tagging share this one function;
//! a change here needs a retrained model (the model file records [`FEATURE_VERSION`]).

use std::collections::{HashMap, HashSet};

use super::gazetteer::{Gazetteer, ListKind, ListMatch};
use super::tags::{EntityType, Tag};

/// Bumped whenever features change meaning; a model trained on other features is refused.
pub const FEATURE_VERSION: u8 = 4;

use domain::hash::{fnv32, fnv64, FNV32_OFFSET as FNV_OFFSET, FNV64_OFFSET};

/// Hashes a word's lowercase form (used for name-list lookups and document statistics).
pub fn hash_lower(word: &str) -> u64 {
    word.chars()
        .flat_map(char::to_lowercase)
        .fold(FNV64_OFFSET, |hash, c| {
            fnv64(hash, c.encode_utf8(&mut [0u8; 4]).as_bytes())
        })
}

/// Builds one feature key.
#[derive(Clone, Copy)]
struct Key(u32);

impl Key {
    fn template(template: u8) -> Key {
        Key(FNV_OFFSET).byte(template)
    }

    fn byte(self, byte: u8) -> Key {
        Key(fnv32(self.0, &[byte]))
    }

    /// Mixes in a precomputed string hash (see [`TokenAtoms`]).
    fn atom(self, value: u32) -> Key {
        value
            .to_le_bytes()
            .into_iter()
            .fold(self.byte(0xFE), Key::byte)
    }
}

/// One sentence as the model sees it.
#[derive(Clone, Debug)]
pub struct SentenceInput<'a> {
    pub words: Vec<&'a str>,
    /// Whether each token starts a sentence (so its capital letter says little).
    pub sentence_start: Vec<bool>,
}

impl<'a> SentenceInput<'a> {
    /// A sentence whose first token alone starts a sentence, and any token after `.`, `?` or `!`.
    pub fn from_words(words: Vec<&'a str>) -> Self {
        let sentence_start = (0..words.len())
            .map(|i| {
                i == 0
                    || matches!(
                        words[i - 1],
                        "." | "?" | "!" | "\"" | "“" | ":" | "--" | "—" | "..." | "("
                    )
            })
            .collect();
        SentenceInput {
            words,
            sentence_start,
        }
    }
}

/// What the whole document says about words, gathered before tagging.
#[derive(Debug, Default)]
pub struct DocumentStats {
    /// Words seen written in lowercase (evidence of a common word).
    lowercase: HashSet<u64>,
    /// Words seen capitalised in the middle of a mixed-case sentence (evidence of a name).
    capitalised_inside: HashSet<u64>,
    /// How much the document reads like sports news (0 none … 3 a lot): there, place names
    /// are often teams.
    sports: u8,
}

fn is_sports_word(word: &str) -> bool {
    static HASHES: std::sync::OnceLock<HashSet<u64>> = std::sync::OnceLock::new();
    // Most words are too short or too long to be one; only the rest are hashed.
    (4..=14).contains(&word.len())
        && HASHES
            .get_or_init(|| SPORTS_WORDS.iter().map(|w| hash_lower(w)).collect())
            .contains(&hash_lower(word))
}

/// Words that mark sports reporting.
const SPORTS_WORDS: &[&str] = &[
    "match",
    "matches",
    "game",
    "games",
    "season",
    "league",
    "cup",
    "goal",
    "goals",
    "scored",
    "score",
    "coach",
    "striker",
    "midfielder",
    "innings",
    "wickets",
    "tournament",
    "championship",
    "final",
    "semifinal",
    "quarter-final",
    "seeded",
    "win",
    "won",
    "beat",
    "draw",
    "drew",
    "points",
    "team",
    "club",
    "soccer",
    "cricket",
    "tennis",
    "golf",
    "baseball",
    "basketball",
    "hockey",
    "rugby",
    "athletics",
    "race",
    "lap",
    "standings",
    "played",
    "division",
    "round",
];

impl DocumentStats {
    pub fn new(sentences: &[SentenceInput<'_>]) -> Self {
        let mut stats = DocumentStats::default();
        let (mut sports_words, mut words) = (0usize, 0usize);
        for sentence in sentences {
            words += sentence.words.len();
            sports_words += sentence.words.iter().filter(|w| is_sports_word(w)).count();
            let mixed_case = !is_mostly_uppercase(&sentence.words);
            for (i, word) in sentence.words.iter().enumerate() {
                let first = word.chars().next().unwrap_or(' ');
                if first.is_lowercase() {
                    stats.lowercase.insert(hash_lower(word));
                } else if first.is_uppercase() && mixed_case && !sentence.sentence_start[i] {
                    stats.capitalised_inside.insert(hash_lower(word));
                }
            }
        }
        let per_thousand = 1000 * sports_words / words.max(1);
        stats.sports = match per_thousand {
            0..=2 => 0,
            3..=9 => 1,
            10..=24 => 2,
            _ => 3,
        };
        stats
    }
}

/// Whether most words with letters are written in capitals (a headline or a table row).
pub fn is_mostly_uppercase(words: &[&str]) -> bool {
    let lettered: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let upper = lettered
        .iter()
        .filter(|w| !w.chars().any(char::is_lowercase))
        .count();
    lettered.len() >= 2 && upper * 10 >= lettered.len() * 8
}

/// Tags the model has already given to words of this document (its own earlier decisions).
#[derive(Debug, Default)]
pub struct TagHistory {
    counts: HashMap<u64, [u16; 4]>,
}

impl TagHistory {
    /// Records the tags given to a sentence's words.
    pub fn record_sentence(&mut self, sentence: &SentenceInput<'_>, tags: &[Tag]) {
        for (word, tag) in sentence.words.iter().zip(tags) {
            self.record(word, *tag);
        }
    }

    pub fn record(&mut self, word: &str, tag: Tag) {
        if let Some(kind) = tag.kind() {
            if word.chars().next().is_some_and(char::is_uppercase) {
                self.counts.entry(hash_lower(word)).or_default()[kind as usize] += 1;
            }
        }
    }

    fn majority(&self, word_hash: u64) -> Option<EntityType> {
        self.majority_and_agreement(word_hash).map(|(kind, _)| kind)
    }

    /// The type most often given to a word, and whether every tagging of it agreed.
    fn majority_and_agreement(&self, word_hash: u64) -> Option<(EntityType, bool)> {
        let counts = self.counts.get(&word_hash)?;
        let (index, &count) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
        let total: u16 = counts.iter().sum();
        (count > 0).then(|| (EntityType::ALL[index], count == total))
    }
}

/// Per-sentence values computed once and read by every token's features.
pub struct SentenceView<'s, 'a> {
    pub sentence: &'s SentenceInput<'a>,
    hashes: Vec<u64>,
    /// Per token, each string the features read, hashed once.
    atoms: Vec<TokenAtoms>,
    /// Name-list matches touching each token: (list, position 0 = first token, 1 = later).
    lists: Vec<Vec<(ListKind, u8, bool)>>,
    uppercase_sentence: bool,
    /// Digits make up much of the line (a results table).
    numeric_line: bool,
    /// Per token: the length of the run of capitalised words it is in, and its place in it.
    capital_runs: Vec<(u8, u8)>,
    /// Per token: whether it is inside quotation marks or brackets.
    enclosed: Vec<u8>,
}

/// A token's strings as 32-bit hashes: what the features combine.
#[derive(Clone, Copy, Debug, Default)]
struct TokenAtoms {
    word: u32,
    lower: u32,
    shape: u32,
    short_shape: u32,
    /// Prefixes and suffixes of 1–4 characters of the lowercase word (0: the word is too short).
    prefixes: [u32; 4],
    suffixes: [u32; 4],
    capitalised: bool,
    length: u8,
}

/// FNV-1a of a string, 32 bits.
fn atom(text: &str) -> u32 {
    fnv32(FNV_OFFSET, text.as_bytes())
}

/// The atoms standing for words beyond the sentence's ends.
const BEFORE_START: u32 = 0x5f3c_0001;
const AFTER_END: u32 = 0x5f3c_0002;
const NO_SHAPE: u32 = 0x5f3c_0003;

impl TokenAtoms {
    /// Hashes a token's strings without building them: the lowercase word, its shape and short
    /// shape, and its affixes, in one pass over its characters.
    fn new(word: &str) -> Self {
        let hash = |hash: u32, c: char| fnv32(hash, c.encode_utf8(&mut [0u8; 4]).as_bytes());
        let mut lower_chars: [char; 32] = ['\0'; 32];
        let mut count = 0usize;
        let mut lower = FNV_OFFSET;
        let (mut shape, mut short) = (FNV_OFFSET, FNV_OFFSET);
        let (mut last_class, mut run, mut last_short) = ('\0', 0, '\0');
        for c in word.chars() {
            for l in c.to_lowercase() {
                lower = hash(lower, l);
                if count < lower_chars.len() {
                    lower_chars[count] = l;
                }
                count += 1;
            }
            let class = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            if class == last_class {
                run += 1;
            } else {
                run = 1;
                last_class = class;
            }
            if run <= 2 {
                shape = hash(shape, class);
            }
            if class != last_short {
                short = hash(short, class);
                last_short = class;
            }
        }
        let mut atoms = TokenAtoms {
            word: atom(word),
            lower,
            shape,
            short_shape: short,
            capitalised: word.chars().next().is_some_and(char::is_uppercase),
            length: count.min(8) as u8,
            ..TokenAtoms::default()
        };
        let stored = count.min(lower_chars.len());
        for length in 1..=4usize {
            if count > length && stored == count {
                atoms.prefixes[length - 1] = lower_chars[..length]
                    .iter()
                    .fold(FNV_OFFSET, |h, &c| hash(h, c));
                atoms.suffixes[length - 1] = lower_chars[count - length..count]
                    .iter()
                    .fold(FNV_OFFSET, |h, &c| hash(h, c));
            } else if count > length {
                // A token longer than the buffer: its affixes from the string itself.
                let lower_word = word.to_lowercase();
                let chars: Vec<char> = lower_word.chars().collect();
                atoms.prefixes[length - 1] =
                    chars[..length].iter().fold(FNV_OFFSET, |h, &c| hash(h, c));
                atoms.suffixes[length - 1] = chars[chars.len() - length..]
                    .iter()
                    .fold(FNV_OFFSET, |h, &c| hash(h, c));
            }
        }
        atoms
    }
}

/// How names the training document itself contains are hidden from it while training, so that the
/// model learns how far to trust a list from names it has not just been shown.
pub type ListFilter<'f> = &'f dyn Fn(&ListMatch, &[u64]) -> bool;

impl<'s, 'a> SentenceView<'s, 'a> {
    pub fn new(
        sentence: &'s SentenceInput<'a>,
        gazetteer: &Gazetteer,
        keep: Option<ListFilter<'_>>,
    ) -> Self {
        let hashes: Vec<u64> = sentence.words.iter().map(|w| hash_lower(w)).collect();
        let atoms: Vec<TokenAtoms> = sentence.words.iter().map(|w| TokenAtoms::new(w)).collect();
        let mut lists = vec![Vec::new(); sentence.words.len()];
        for found in gazetteer.find(&hashes) {
            if keep.is_some_and(|keep| !keep(&found, &hashes[found.start..found.end])) {
                continue;
            }
            // A one-word match of a lowercase word ("may", "chief") says nothing about names.
            if found.end - found.start == 1
                && found.kind != ListKind::Title
                && !sentence.words[found.start]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                continue;
            }
            let whole = found.end - found.start > 1;
            for (offset, token) in (found.start..found.end).enumerate() {
                lists[token].push((found.kind, u8::from(offset > 0), whole));
            }
        }
        let digit_tokens = sentence
            .words
            .iter()
            .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        let mut capital_runs = vec![(0u8, 0u8); sentence.words.len()];
        let mut i = 0;
        while i < sentence.words.len() {
            let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
            if !capital(sentence.words[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < sentence.words.len() && capital(sentence.words[i]) {
                i += 1;
            }
            let length = (i - start).min(5) as u8;
            for (position, run) in capital_runs[start..i].iter_mut().enumerate() {
                *run = (length, position.min(4) as u8);
            }
        }
        let mut enclosed = Vec::with_capacity(sentence.words.len());
        let (mut quote, mut bracket) = (false, 0u8);
        for word in &sentence.words {
            match *word {
                "\"" => quote = !quote,
                "“" => quote = true,
                "”" => quote = false,
                "(" | "[" => bracket = bracket.saturating_add(1),
                ")" | "]" => bracket = bracket.saturating_sub(1),
                _ => {}
            }
            enclosed.push(u8::from(quote) | u8::from(bracket > 0) << 1);
        }
        SentenceView {
            numeric_line: digit_tokens * 4 >= sentence.words.len().max(1) && digit_tokens >= 2,
            capital_runs,
            enclosed,
            uppercase_sentence: is_mostly_uppercase(&sentence.words),
            sentence,
            hashes,
            atoms,
            lists,
        }
    }

    pub fn len(&self) -> usize {
        self.sentence.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentence.words.is_empty()
    }

    fn lower_at(&self, index: isize) -> u32 {
        match usize::try_from(index).ok().and_then(|i| self.atoms.get(i)) {
            Some(atoms) => atoms.lower,
            None if index < 0 => BEFORE_START,
            None => AFTER_END,
        }
    }

    fn short_shape_at(&self, index: isize) -> u32 {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.atoms.get(i))
            .map_or(NO_SHAPE, |atoms| atoms.short_shape)
    }

    /// The features of token `i`, given the two tags before it; appended to `out`.
    /// `history` holds this pass's tags so far; `first_pass`, on the second pass, every tag the
    /// first pass gave in the whole document (so later mentions inform earlier ones).
    #[allow(clippy::too_many_arguments)]
    pub fn features(
        &self,
        i: usize,
        previous: Tag,
        before_previous: Tag,
        stats: &DocumentStats,
        history: &TagHistory,
        first_pass: Option<&TagHistory>,
        out: &mut Vec<u32>,
    ) {
        let atoms = self.atoms[i];
        let lower = atoms.lower;
        let short = atoms.short_shape;
        let at = i as isize;
        let hash = self.hashes[i];
        let capitalised = atoms.capitalised;
        let start = self.sentence.sentence_start[i];
        let case_context: u8 = match (self.uppercase_sentence, start) {
            (true, _) => 2,
            (false, true) => 1,
            (false, false) => 0,
        };
        let (previous, before_previous) = (previous.0, before_previous.0);
        let mut push = |key: Key| out.push(key.0);

        push(Key::template(0));
        push(Key::template(1).atom(atoms.word));
        push(Key::template(2).atom(lower));
        for (length, (&prefix, &suffix)) in atoms.prefixes.iter().zip(&atoms.suffixes).enumerate() {
            if prefix != 0 {
                push(Key::template(3).byte(length as u8 + 1).atom(prefix));
                push(Key::template(4).byte(length as u8 + 1).atom(suffix));
            }
        }
        push(Key::template(5).atom(atoms.shape));
        push(Key::template(6).atom(short).byte(case_context));
        push(Key::template(7).atom(self.lower_at(at - 1)));
        push(Key::template(8).atom(self.lower_at(at + 1)));
        push(Key::template(9).atom(self.lower_at(at - 2)));
        push(Key::template(10).atom(self.lower_at(at + 2)));
        push(
            Key::template(11)
                .atom(self.short_shape_at(at - 1))
                .atom(short),
        );
        push(
            Key::template(12)
                .atom(short)
                .atom(self.short_shape_at(at + 1)),
        );
        push(Key::template(13).atom(self.lower_at(at - 1)).atom(lower));
        push(Key::template(14).atom(lower).atom(self.lower_at(at + 1)));
        push(Key::template(15).byte(previous));
        push(Key::template(16).byte(before_previous).byte(previous));
        push(Key::template(17).byte(previous).atom(lower));
        push(Key::template(18).byte(previous).atom(short));
        push(
            Key::template(19)
                .byte(case_context)
                .byte(u8::from(capitalised)),
        );
        push(
            Key::template(20)
                .atom(self.short_shape_at(at - 1))
                .atom(short)
                .atom(self.short_shape_at(at + 1)),
        );
        if capitalised {
            // What the rest of the document says about this word.
            let seen_lower = stats.lowercase.contains(&hash);
            let seen_inside = stats.capitalised_inside.contains(&hash);
            push(
                Key::template(21)
                    .byte(u8::from(seen_lower))
                    .byte(u8::from(seen_inside))
                    .byte(case_context),
            );
            if let Some(kind) = history.majority(hash) {
                push(Key::template(22).byte(kind as u8));
                push(Key::template(23).byte(kind as u8).byte(previous));
            }
            if let Some((kind, unanimous)) =
                first_pass.and_then(|tags| tags.majority_and_agreement(hash))
            {
                push(Key::template(30).byte(kind as u8).byte(u8::from(unanimous)));
                push(Key::template(31).byte(kind as u8).byte(previous));
                push(
                    Key::template(32)
                        .byte(kind as u8)
                        .atom(short)
                        .byte(case_context),
                );
            }
        }
        for &(kind, position, whole) in &self.lists[i] {
            push(
                Key::template(24)
                    .byte(kind as u8)
                    .byte(position)
                    .byte(u8::from(whole)),
            );
            push(
                Key::template(25)
                    .byte(kind as u8)
                    .byte(position)
                    .byte(previous),
            );
        }
        for (offset, template) in [(-1isize, 26u8), (1, 27)] {
            let Some(neighbour) = usize::try_from(at + offset)
                .ok()
                .and_then(|j| self.lists.get(j))
            else {
                continue;
            };
            for &(kind, position, _) in neighbour {
                if matches!(
                    kind,
                    ListKind::Title | ListKind::OrganisationWord | ListKind::FirstName
                ) {
                    push(Key::template(template).byte(kind as u8).byte(position));
                }
            }
        }
        push(Key::template(28).atom(lower).byte(case_context));
        let length_bucket = atoms.length;
        push(
            Key::template(29)
                .byte(length_bucket)
                .byte(u8::from(capitalised)),
        );
        let (run_length, run_position) = self.capital_runs[i];
        push(
            Key::template(33)
                .byte(run_length)
                .byte(run_position)
                .byte(previous),
        );
        push(
            Key::template(34)
                .byte(self.enclosed[i])
                .byte(u8::from(capitalised)),
        );
        push(Key::template(35).atom(self.lower_at(at - 1)).atom(short));
        push(Key::template(36).atom(short).atom(self.lower_at(at + 1)));
        let table = u8::from(self.numeric_line);
        push(Key::template(37).byte(stats.sports).byte(table).atom(short));
        for &(kind, position, _) in &self.lists[i] {
            push(
                Key::template(38)
                    .byte(kind as u8)
                    .byte(position)
                    .byte(stats.sports)
                    .byte(table),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_depend_on_the_word_and_its_context() {
        let gazetteer = Gazetteer::built_in();
        let first = SentenceInput::from_words(vec!["Secretary", "Jens", "Stoltenberg", "said"]);
        let second = SentenceInput::from_words(vec!["Secretary", "Jens", "Stoltenberg", "left"]);
        let stats = DocumentStats::new(std::slice::from_ref(&first));
        let history = TagHistory::default();
        let mut a = Vec::new();
        let mut b = Vec::new();
        SentenceView::new(&first, &gazetteer, None).features(
            2,
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            &stats,
            &history,
            None,
            &mut a,
        );
        SentenceView::new(&second, &gazetteer, None).features(
            2,
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            &stats,
            &history,
            None,
            &mut b,
        );
        assert_ne!(a, b, "the next word is a feature");
        let shared = a.iter().filter(|key| b.contains(key)).count();
        assert!(
            shared > a.len() / 2,
            "most features describe the word itself"
        );
        let mut again = Vec::new();
        SentenceView::new(&first, &gazetteer, None).features(
            2,
            Tag::OUTSIDE,
            Tag::OUTSIDE,
            &stats,
            &history,
            None,
            &mut again,
        );
        assert_eq!(a, again, "features are deterministic");
    }

    #[test]
    fn uppercase_sentences_are_recognised() {
        assert!(is_mostly_uppercase(&[
            "GREEK",
            "SOCIALISTS",
            "GIVE",
            "GREEN",
            "LIGHT",
            "."
        ]));
        assert!(!is_mostly_uppercase(&[
            "The",
            "Greek",
            "socialist",
            "party"
        ]));
    }
}
