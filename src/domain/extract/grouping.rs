//! Grouping mentions into entities under one name: a surname with the full name given elsewhere
//! (`Stoltenberg` → `Jens Stoltenberg`), an acronym with its expansion (`EU` ↔ `European Union`,
//! from the text or the built-in table), `U.S.` → `United States`, a wire-service prefix
//! (`DF-Xinhua` → `Xinhua`), and the same name written again.
//!
//! This is the one place where names are resolved; the quote engine asks it who a speaker is.

use super::entities::gazetteer::Gazetteer;
use super::MentionKind;

/// Words skipped when taking an expansion's initials ("Organisation *of* the Petroleum …").
const MINOR_WORDS: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "de", "du", "des", "&",
];

/// Titles and honorifics that are not part of a person's name.
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "prof", "prof.",
];

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
        HONORIFICS.contains(&first.as_str()) || first == "the"
    } {
        words.remove(0);
    }
    words
}

fn same_words(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.to_lowercase() == y.to_lowercase())
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
        .filter(|w| !MINOR_WORDS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase()
}

/// Groups mentions of one document.
pub fn group_mentions(mentions: &[MentionRef<'_>], gazetteer: &Gazetteer) -> Grouping {
    let words: Vec<Vec<String>> = mentions.iter().map(|m| name_words(m.text)).collect();
    let mut grouping = Grouping::default();
    // The name each group is known by (its words), for matching later mentions.
    let mut group_words: Vec<Vec<String>> = Vec::new();

    let kinds_match = |a: MentionKind, b: MentionKind| {
        a == b
            || matches!(
                (a, b),
                (MentionKind::Organisation, MentionKind::Place)
                    | (MentionKind::Place, MentionKind::Organisation)
            )
    };

    for (index, mention) in mentions.iter().enumerate() {
        let mention_words = &words[index];
        let found = match mention.kind {
            MentionKind::Date => None,
            MentionKind::Person => person_group(mention_words, &grouping, &group_words),
            _ => grouping
                .entities
                .iter()
                .enumerate()
                .rev()
                .find(|(group, (kind, _))| {
                    *kind == mention.kind && same_words(&group_words[*group], mention_words)
                })
                .map(|(group, _)| group),
        };
        let group = match found {
            Some(group) => group,
            None => {
                grouping
                    .entities
                    .push((mention.kind, mention_words.join(" ")));
                group_words.push(mention_words.clone());
                grouping.entities.len() - 1
            }
        };
        // A longer form of a person's name becomes the name of the group ("Clinton" → "Hillary Clinton").
        if mention.kind == MentionKind::Person && mention_words.len() > group_words[group].len() {
            grouping.entities[group].1 = mention_words.join(" ");
            group_words[group] = mention_words.clone();
        }
        grouping.entity_of_mention.push(group);
    }

    // Acronyms with their expansions, and prefixed names with their plain form.
    let group_count = grouping.entities.len();
    let mut merged_into: Vec<usize> = (0..group_count).collect();
    #[allow(clippy::needless_range_loop)] // `short` indexes two parallel tables.
    for short in 0..group_count {
        let (kind, name) = grouping.entities[short].clone();
        if matches!(kind, MentionKind::Person | MentionKind::Date) {
            continue;
        }
        let target = acronym_expansion_group(
            &name,
            kind,
            &grouping,
            &group_words,
            gazetteer,
            &kinds_match,
        )
        .or_else(|| prefixed_name_group(&name, &grouping, short));
        if let Some(target) = target {
            merged_into[short] = target;
            continue;
        }
        // Not written out in the text: the built-in table names countries and common bodies.
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

/// The person group a mention belongs to: one whose name contains all the mention's words in
/// order at its end (a surname) or equals it; the most recent such group wins.
fn person_group(
    words: &[String],
    grouping: &Grouping,
    group_words: &[Vec<String>],
) -> Option<usize> {
    if words.is_empty() {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    (0..grouping.entities.len()).rev().find(|&group| {
        if grouping.entities[group].0 != MentionKind::Person {
            return false;
        }
        let name: Vec<String> = group_words[group]
            .iter()
            .map(|w| w.to_lowercase())
            .collect();
        // "Stoltenberg" in "Jens Stoltenberg", or "Jens Stoltenberg" after "Stoltenberg".
        name.ends_with(&lower) || lower.ends_with(&name)
    })
}

/// The group an acronym stands for, when the text writes the expansion out: by initials
/// (`European Union` for `EU`) or as the built-in table expands it (`Republican Party` for `GOP`).
fn acronym_expansion_group(
    name: &str,
    kind: MentionKind,
    grouping: &Grouping,
    group_words: &[Vec<String>],
    gazetteer: &Gazetteer,
    kinds_match: &dyn Fn(MentionKind, MentionKind) -> bool,
) -> Option<usize> {
    let letters = acronym_letters(name)?;
    let table_expansion = gazetteer.expand_acronym(name);
    grouping
        .entities
        .iter()
        .enumerate()
        .find_map(|(group, (other_kind, other_name))| {
            let words = &group_words[group];
            let by_initials = words.len() >= 2 && initials(words) == letters.to_uppercase();
            let by_table =
                table_expansion.is_some_and(|expansion| expansion.eq_ignore_ascii_case(other_name));
            (kinds_match(kind, *other_kind) && (by_initials || by_table) && other_name != name)
                .then_some(group)
        })
}

/// "DF-Xinhua" belongs to "Xinhua": a short capital prefix joined by a hyphen to a name the
/// text also uses alone.
fn prefixed_name_group(name: &str, grouping: &Grouping, this: usize) -> Option<usize> {
    if name.contains(' ') {
        return None;
    }
    let (prefix, rest) = name.split_once('-')?;
    let short_prefix =
        (1..=3).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_uppercase());
    if !short_prefix {
        return None;
    }
    grouping
        .entities
        .iter()
        .enumerate()
        .find(|(group, (kind, other))| {
            *group != this && *kind != MentionKind::Person && other.eq_ignore_ascii_case(rest)
        })
        .map(|(group, _)| group)
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
