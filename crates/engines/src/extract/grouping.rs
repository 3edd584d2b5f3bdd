//! Grouping mentions into entities under one name: a surname with the full name given elsewhere
//! (`Stoltenberg` → `Jens Stoltenberg`), an acronym with its expansion (`EU` ↔ `European Union`,
//! from the text or the built-in table), `U.S.` → `United States`, a wire-service prefix
//! (`DF-Xinhua` → `Xinhua`), and the same name written again.
//!
//! This is the one place where names are resolved; the quote engine asks it who a speaker is.

use std::collections::HashMap;

use super::entities::gazetteer::Gazetteer;
use super::words::{HONORIFICS, MINOR_WORDS};
use super::MentionKind;

/// A mention to group: its text and kind, in text order.
#[derive(Clone, Copy, Debug)]
pub struct MentionRef<'a> {
    pub text: &'a str,
    pub kind: MentionKind,
}

/// The groups: for each mention, the index of its entity; and each entity's name and kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grouping {
    pub entity_of_mention: Vec<usize>,
    pub entities: Vec<(MentionKind, String)>,
}

/// The words of a name, without a possessive ending or a leading honorific or "the".
pub fn name_words(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches("'s").trim_end_matches("’s");
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    while words.len() > 1 && {
        let first = words[0].to_lowercase();
        HONORIFICS.contains(&first) || first == "the"
    } {
        words.remove(0);
    }
    words
}

/// The letters of an acronym (`U.S.` → `US`), if the word is one.
fn acronym_letters(text: &str) -> Option<String> {
    let letters: String = text.chars().filter(|c| c.is_alphabetic()).collect();
    let is_acronym = text
        .chars()
        .all(|c| c.is_uppercase() || c == '.' || c == '&')
        && (2..=6).contains(&letters.chars().count());
    is_acronym.then_some(letters)
}

/// The initials of a multi-word name (`European Union` → `EU`).
fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| !MINOR_WORDS.contains(w.to_lowercase()))
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase()
}

/// Groups mentions of one document. Lookups go through hash indexes, so a long text groups in
/// time proportional to its mentions.
pub fn group_mentions(mentions: &[MentionRef<'_>], gazetteer: &Gazetteer) -> Grouping {
    let mut grouping = Grouping::default();
    // The name each group is known by (its words), for matching later mentions.
    let mut group_words: Vec<Vec<String>> = Vec::new();
    // Person groups by the last word of their name; other groups by kind and whole name.
    let mut people_by_last_word: HashMap<String, Vec<usize>> = HashMap::new();
    let mut others_by_name: HashMap<(MentionKind, String), usize> = HashMap::new();

    for mention in mentions {
        let words = name_words(mention.text);
        let lower_key = words.join(" ").to_lowercase();
        let last_word = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
        let found = match mention.kind {
            MentionKind::Date => None,
            MentionKind::Person => people_by_last_word
                .get(&last_word)
                .and_then(|candidates| person_group(&words, candidates, &group_words)),
            kind => others_by_name.get(&(kind, lower_key.clone())).copied(),
        };
        let group = match found {
            Some(group) => group,
            None => {
                grouping.entities.push((mention.kind, words.join(" ")));
                group_words.push(words.clone());
                let group = grouping.entities.len() - 1;
                match mention.kind {
                    MentionKind::Person => people_by_last_word
                        .entry(last_word)
                        .or_default()
                        .push(group),
                    MentionKind::Date => {}
                    kind => {
                        others_by_name.insert((kind, lower_key), group);
                    }
                }
                group
            }
        };
        // A longer form of a person's name becomes the name of the group ("Clinton" → "Hillary Clinton").
        if mention.kind == MentionKind::Person && words.len() > group_words[group].len() {
            grouping.entities[group].1 = words.join(" ");
            group_words[group] = words;
        }
        grouping.entity_of_mention.push(group);
    }

    // Acronyms with their expansions, and prefixed names with their plain form.
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_lower_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (group, (kind, name)) in grouping.entities.iter().enumerate() {
        if matches!(kind, MentionKind::Organisation | MentionKind::Place) {
            if group_words[group].len() >= 2 {
                by_initials
                    .entry(initials(&group_words[group]))
                    .or_default()
                    .push(group);
            }
            by_lower_name
                .entry(name.to_lowercase())
                .or_default()
                .push(group);
        }
    }
    let mut merged_into: Vec<usize> = (0..grouping.entities.len()).collect();
    for (short, target) in merged_into.iter_mut().enumerate() {
        let (kind, name) = grouping.entities[short].clone();
        if !matches!(kind, MentionKind::Organisation | MentionKind::Place) {
            continue;
        }
        let expansion = acronym_letters(&name).and_then(|letters| {
            let by_table = gazetteer
                .expand_acronym(&name)
                .and_then(|long| by_lower_name.get(&long.to_lowercase()))
                .and_then(|groups| groups.first());
            by_initials
                .get(&letters.to_uppercase())
                .and_then(|groups| groups.first())
                .or(by_table)
                .copied()
        });
        let plain = prefixed_name(&name)
            .and_then(|rest| by_lower_name.get(&rest.to_lowercase()))
            .and_then(|groups| groups.first())
            .copied();
        if let Some(found) = expansion.or(plain).filter(|&found| found != short) {
            *target = found;
            continue;
        }
        // Not written out in the text: the built-in table names countries (and common bodies).
        if let Some(expansion) = gazetteer.expand_acronym(&name) {
            if kind == MentionKind::Place {
                grouping.entities[short].1 = expansion.to_owned();
            }
        }
    }
    for group in grouping.entity_of_mention.iter_mut() {
        *group = merged_into[*group];
    }
    compact(grouping)
}

/// How many groups sharing a last word are compared, the most recent first (news text has a
/// handful; a text of ten thousand different Smiths stays linear).
const MAX_SURNAME_CANDIDATES: usize = 64;

/// The person group a mention belongs to, among groups sharing its last word: one whose name
/// ends with all the mention's words (a surname) or that the mention extends; the most recent.
fn person_group(
    words: &[String],
    candidates: &[usize],
    group_words: &[Vec<String>],
) -> Option<usize> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    candidates
        .iter()
        .rev()
        .copied()
        .take(MAX_SURNAME_CANDIDATES)
        .find(|&group| {
            let name: Vec<String> = group_words[group]
                .iter()
                .map(|w| w.to_lowercase())
                .collect();
            // "Stoltenberg" in "Jens Stoltenberg", or "Jens Stoltenberg" after "Stoltenberg".
            name.ends_with(&lower) || lower.ends_with(&name)
        })
}

/// "DF-Xinhua" → "Xinhua": the name after a short capital prefix joined by a hyphen.
fn prefixed_name(name: &str) -> Option<&str> {
    if name.contains(' ') {
        return None;
    }
    let (prefix, rest) = name.split_once('-')?;
    let short_prefix =
        (1..=3).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_uppercase());
    (short_prefix && !rest.is_empty()).then_some(rest)
}

/// Renumbers groups after merging, in order of first mention.
fn compact(grouping: Grouping) -> Grouping {
    let mut new_index = vec![usize::MAX; grouping.entities.len()];
    let mut compacted = Grouping::default();
    for &group in &grouping.entity_of_mention {
        if new_index[group] == usize::MAX {
            new_index[group] = compacted.entities.len();
            compacted.entities.push(grouping.entities[group].clone());
        }
        compacted.entity_of_mention.push(new_index[group]);
    }
    compacted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(mentions: &[(&str, MentionKind)], expected: &[&str]) {
        let refs: Vec<MentionRef<'_>> = mentions
            .iter()
            .map(|&(text, kind)| MentionRef { text, kind })
            .collect();
        let grouping = group_mentions(&refs, &Gazetteer::built_in());
        let names: Vec<&str> = grouping
            .entity_of_mention
            .iter()
            .map(|&g| grouping.entities[g].1.as_str())
            .collect();
        assert_eq!(names, expected, "names of {mentions:?}");
    }

    use MentionKind::{Organisation as Org, Person, Place};

    #[test]
    fn surnames_join_the_full_name() {
        check(
            &[
                ("Jens Stoltenberg", Person),
                ("Federica Mogherini", Person),
                ("Stoltenberg", Person),
                ("Mogherini's", Person),
            ],
            &[
                "Jens Stoltenberg",
                "Federica Mogherini",
                "Jens Stoltenberg",
                "Federica Mogherini",
            ],
        );
        // The full name may come after the surname.
        check(
            &[("Clinton", Person), ("Hillary Clinton", Person)],
            &["Hillary Clinton", "Hillary Clinton"],
        );
        check(
            &[("Mr. Tillerson", Person), ("Rex Tillerson", Person)],
            &["Rex Tillerson", "Rex Tillerson"],
        );
    }

    #[test]
    fn the_most_recent_namesake_wins() {
        check(
            &[
                ("Bill Clinton", Person),
                ("Hillary Clinton", Person),
                ("Clinton", Person),
            ],
            &["Bill Clinton", "Hillary Clinton", "Hillary Clinton"],
        );
    }

    #[test]
    fn acronyms_join_their_expansion() {
        check(
            &[("EU", Org), ("European Union", Org), ("EU", Org)],
            &["European Union"; 3],
        );
        check(&[("NATO", Org), ("NATO", Org)], &["NATO", "NATO"]);
        check(
            &[("U.S.", Place), ("Russia", Place)],
            &["United States", "Russia"],
        );
        check(
            &[("DF-Xinhua", Org), ("Xinhua", Org)],
            &["Xinhua", "Xinhua"],
        );
        check(
            &[("NATO-Georgia Commission", Org), ("NATO", Org)],
            &["NATO-Georgia Commission", "NATO"],
        );
    }

    #[test]
    fn the_same_name_in_two_kinds_stays_two_entities() {
        let refs = [
            MentionRef {
                text: "Georgia",
                kind: Place,
            },
            MentionRef {
                text: "Georgia",
                kind: Person,
            },
            MentionRef {
                text: "Georgia",
                kind: Place,
            },
        ];
        let grouping = group_mentions(&refs, &Gazetteer::built_in());
        assert_eq!(grouping.entity_of_mention, [0, 1, 0]);
    }
}
