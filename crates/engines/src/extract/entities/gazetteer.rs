//! Name lists the entity model reads as features: the built-in lists of `assets/gazetteer.txt`
//! (places, organisations, first names, nationalities, titles, organisation words) and the names
//! the training data taught it, plus the acronym table used to group mentions (`EU` = `European
//! Union`).
//!
//! Lookups work on token sequences, by hashes of lowercased tokens, so that matching a text costs
//! no allocation per candidate.

use std::collections::HashMap;

use super::features::hash_lower;
use crate::language::tokens::tokenize;

/// The built-in lists.
pub const BUILT_IN_LISTS: &str = include_str!("../../../../../assets/gazetteer.txt");

/// The longest name, in tokens, that lookups try.
pub const MAX_NAME_TOKENS: usize = 6;

/// Which list a name is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    Place = 0,
    Organisation = 1,
    FirstName = 2,
    Nationality = 3,
    Title = 4,
    OrganisationWord = 5,
    /// Names the training data tagged, by type (person, organisation, place, misc).
    TrainedPerson = 6,
    TrainedOrganisation = 7,
    TrainedPlace = 8,
    TrainedMisc = 9,
}

impl ListKind {
    fn from_section(section: &str) -> Option<ListKind> {
        Some(match section {
            "place" => ListKind::Place,
            "organisation" => ListKind::Organisation,
            "first_name" => ListKind::FirstName,
            "nationality" => ListKind::Nationality,
            "title" => ListKind::Title,
            "org_word" => ListKind::OrganisationWord,
            _ => return None,
        })
    }

    pub fn from_index(index: u8) -> Option<ListKind> {
        use ListKind::*;
        [
            Place,
            Organisation,
            FirstName,
            Nationality,
            Title,
            OrganisationWord,
            TrainedPerson,
            TrainedOrganisation,
            TrainedPlace,
            TrainedMisc,
        ]
        .get(usize::from(index))
        .copied()
    }
}

/// A set of names, each a token sequence, on one or more lists.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// Hash of a name's lowercased tokens → (list, number of training documents naming it).
    names: HashMap<u64, Vec<(ListKind, u16)>>,
    /// Hashes of every proper prefix of a name, so a lookup stops as soon as nothing can match.
    prefixes: HashMap<u64, ()>,
    /// Acronym → expansion, from the built-in lists.
    acronyms: Vec<(String, String)>,
    /// The names as text, kept for writing the model file.
    trained_names: Vec<(String, ListKind, u16)>,
}

/// A name found in a token sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListMatch {
    pub start: usize,
    pub end: usize,
    pub kind: ListKind,
    /// How many training documents named it (0 for the built-in lists).
    pub documents: u16,
}

/// The hash of a token sequence, from its tokens' lowercase hashes: FNV-1a's step over whole
/// words, each product turned so that the words' order counts.
pub fn sequence_hash(hashes: &[u64]) -> u64 {
    use domain::hash::{FNV64_OFFSET, FNV64_PRIME};
    hashes.iter().fold(FNV64_OFFSET, |acc, h| {
        (acc ^ h).wrapping_mul(FNV64_PRIME).rotate_left(17)
    })
}

impl Gazetteer {
    /// The built-in lists.
    pub fn built_in() -> Self {
        let mut gazetteer = Gazetteer::default();
        let mut section = None;
        for line in BUILT_IN_LISTS.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name.to_owned());
                continue;
            }
            match section.as_deref() {
                Some("acronym") => {
                    if let Some((short, long)) = line.split_once(" = ") {
                        gazetteer
                            .acronyms
                            .push((short.trim().to_owned(), long.trim().to_owned()));
                    }
                }
                Some(name) => {
                    if let Some(kind) = ListKind::from_section(name) {
                        // "@honorifics": a word list shared with the quote engine.
                        match line.strip_prefix('@') {
                            Some(list) => {
                                for word in crate::language::words::list_named(list).words() {
                                    gazetteer.add(word, kind, 0);
                                }
                            }
                            None => gazetteer.add(line, kind, 0),
                        }
                    }
                }
                None => {}
            }
        }
        gazetteer
    }

    /// Adds a name to a list; `documents` counts the training documents that name it.
    pub fn add(&mut self, name: &str, kind: ListKind, documents: u16) {
        let hashes: Vec<u64> = tokenize(name).iter().map(|t| hash_lower(t.text)).collect();
        if hashes.is_empty() || hashes.len() > MAX_NAME_TOKENS {
            return;
        }
        for end in 1..hashes.len() {
            self.prefixes.insert(sequence_hash(&hashes[..end]), ());
        }
        let entry = self.names.entry(sequence_hash(&hashes)).or_default();
        match entry.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count = count.saturating_add(documents),
            None => entry.push((kind, documents)),
        }
        if kind >= ListKind::TrainedPerson {
            self.trained_names.push((name.to_owned(), kind, documents));
        }
    }

    /// The names learnt from training data, with their list and document counts.
    pub fn trained_names(&self) -> &[(String, ListKind, u16)] {
        &self.trained_names
    }

    /// Every listed name in a sentence, given its tokens' lowercase hashes.
    pub fn find(&self, token_hashes: &[u64]) -> Vec<ListMatch> {
        let mut found = Vec::new();
        for start in 0..token_hashes.len() {
            for end in start + 1..=(start + MAX_NAME_TOKENS).min(token_hashes.len()) {
                let hash = sequence_hash(&token_hashes[start..end]);
                if let Some(kinds) = self.names.get(&hash) {
                    found.extend(kinds.iter().map(|&(kind, documents)| ListMatch {
                        start,
                        end,
                        kind,
                        documents,
                    }));
                }
                if !self.prefixes.contains_key(&hash) {
                    break;
                }
            }
        }
        found
    }

    /// The expansion of an acronym from the built-in table (`EU` → `European Union`).
    pub fn expand_acronym(&self, acronym: &str) -> Option<&str> {
        self.acronyms
            .iter()
            .find(|(short, _)| short == acronym)
            .map(|(_, long)| long.as_str())
    }

    /// The lists a single word or name is on.
    pub fn lists_of(&self, name: &str) -> Vec<ListKind> {
        let hashes: Vec<u64> = tokenize(name).iter().map(|t| hash_lower(t.text)).collect();
        self.names
            .get(&sequence_hash(&hashes))
            .map(|kinds| kinds.iter().map(|(k, _)| *k).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        tokenize(text).iter().map(|t| hash_lower(t.text)).collect()
    }

    #[test]
    fn built_in_lists_match_multi_token_names_case_insensitively() {
        let gazetteer = Gazetteer::built_in();
        let found = gazetteer.find(&hashes("talks in EASTERN EUROPE and New York"));
        let spans: Vec<(usize, usize, ListKind)> =
            found.iter().map(|m| (m.start, m.end, m.kind)).collect();
        assert!(spans.contains(&(2, 4, ListKind::Place)), "{spans:?}");
        assert!(spans.contains(&(5, 7, ListKind::Place)));
        assert_eq!(gazetteer.expand_acronym("EU"), Some("European Union"));
        assert!(gazetteer.lists_of("Jens").contains(&ListKind::FirstName));
    }

    #[test]
    fn trained_names_count_documents() {
        let mut gazetteer = Gazetteer::default();
        gazetteer.add("Leicestershire", ListKind::TrainedOrganisation, 3);
        gazetteer.add("Leicestershire", ListKind::TrainedOrganisation, 2);
        let found = gazetteer.find(&hashes("Leicestershire won"));
        assert_eq!(
            found,
            [ListMatch {
                start: 0,
                end: 1,
                kind: ListKind::TrainedOrganisation,
                documents: 5
            }]
        );
    }
}
