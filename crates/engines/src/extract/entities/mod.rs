//! The entity engine: people, organisations and places found by a trained sequence model
//! (averaged perceptron, see [`training`]), over the tokens of each paragraph.
//!
//! The model file ships with the page (`assets/entity-model.bin`); this module only needs its
//! bytes, so the page, the command line and the tests load it the same way.

pub mod features;
pub mod gazetteer;
pub mod model;
pub mod tags;
pub mod training;

use std::ops::Range;

pub use model::{EntityModel, ModelError};
pub use tags::EntityType;

use crate::extract::grouping::name_words;
use crate::language::tokens::tokenize;
use features::SentenceInput;
use tags::tags_to_runs;

/// A name the model found: its bytes in the text and its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMention {
    pub bytes: Range<usize>,
    pub kind: EntityType,
}

/// Finds the names in a text; each line is tagged as one sequence, the document as a whole.
pub fn find_names(model: &EntityModel, text: &str) -> Vec<NameMention> {
    let mut line_starts = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            line_starts.push((offset, line));
        }
        offset += line.len() + 1;
    }
    let tokenized: Vec<Vec<crate::language::tokens::Token<'_>>> =
        line_starts.iter().map(|(_, line)| tokenize(line)).collect();
    let inputs: Vec<SentenceInput<'_>> = tokenized
        .iter()
        .map(|tokens| SentenceInput::from_words(tokens.iter().map(|t| t.text).collect()))
        .collect();
    let tags = model.tag_document(&inputs);
    let mut mentions = Vec::new();
    for ((line_start, _), (tokens, tags)) in line_starts.iter().zip(tokenized.iter().zip(&tags)) {
        for (mut first, mut end, kind) in tags_to_runs(tags) {
            // A name never starts or ends with punctuation ("The Hill." is "The Hill").
            let is_word =
                |t: &crate::language::tokens::Token<'_>| t.text.chars().any(char::is_alphanumeric);
            while first < end && !is_word(&tokens[end - 1]) {
                end -= 1;
            }
            while first < end && !is_word(&tokens[first]) {
                first += 1;
            }
            if first == end {
                continue;
            }
            let bytes =
                line_start + tokens[first].bytes.start..line_start + tokens[end - 1].bytes.end;
            mentions.push(NameMention { bytes, kind });
        }
    }
    surnames_stay_people(text, &mut mentions);
    mentions
}

/// A surname on its own after the person's full name is that person, whatever the model made of
/// the single word ("Glenn Beck … Beck called": not a place).
fn surnames_stay_people(text: &str, mentions: &mut [NameMention]) {
    let mut surnames = std::collections::HashSet::new();
    for mention in mentions.iter_mut() {
        let name = &text[mention.bytes.clone()];
        // (`name_words` drops the possessive: "Glenn Beck’s" ends in "Beck".)
        let words = name_words(name);
        if name.contains(char::is_whitespace) {
            if mention.kind == EntityType::Person {
                surnames.extend(words.last().cloned());
            }
        } else if words.first().is_some_and(|word| surnames.contains(word)) {
            mention.kind = EntityType::Person;
        }
    }
}

/// The model that ships with the page, loaded once (for tests across the crate).
#[cfg(test)]
pub(crate) fn shipped_model() -> &'static EntityModel {
    static MODEL: std::sync::OnceLock<EntityModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        EntityModel::from_bytes(include_bytes!("../../../../../assets/entity-model.bin"))
            .expect("the shipped model loads")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_take_in_the_full_stop_that_ends_their_sentence() {
        let text = "McKee told The Hill.\n\nHe later spoke to The Hill. Then he left.";
        let names: Vec<&str> = find_names(shipped_model(), text)
            .into_iter()
            .map(|mention| &text[mention.bytes])
            .collect();
        assert!(names.iter().all(|name| !name.ends_with('.')), "{names:?}");
        assert!(
            names.contains(&"The Hill") || names.contains(&"Hill"),
            "{names:?}"
        );
    }

    #[test]
    fn a_surname_alone_after_the_full_name_is_that_person() {
        let text = "Much of Glenn Beck’s ire was directed at Steve Bannon, who Beck on Wednesday \
                    called a despicable human being.";
        let found = find_names(shipped_model(), text);
        let beck = found
            .iter()
            .find(|mention| &text[mention.bytes.clone()] == "Beck")
            .expect("the surname is found");
        assert_eq!(beck.kind, EntityType::Person);
    }
}
