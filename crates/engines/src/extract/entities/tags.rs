//! The tag set of the sequence model (BIO over four types) and turning tags into spans.

use serde::{Deserialize, Serialize};

/// The four entity types of the sequence model (CoNLL-2003's), with their CoNLL labels (`PER`,
/// `ORG`, `LOC`, `MISC`) derived.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::FromRepr,
)]
pub enum EntityType {
    #[strum(to_string = "PER")]
    Person,
    #[strum(to_string = "ORG")]
    Organisation,
    #[strum(to_string = "LOC")]
    Place,
    /// Nationalities, events, works and other names; the model learns them so as not to confuse
    /// them with the others, and the page does not show them.
    #[strum(to_string = "MISC")]
    Misc,
}

impl EntityType {
    /// Every type.
    pub const ALL: &'static [EntityType] = <Self as strum::VariantArray>::VARIANTS;

    /// The CoNLL label: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn conll_label(self) -> &'static str {
        self.into()
    }

    pub fn from_conll_label(label: &str) -> Option<Self> {
        label.parse().ok()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A BIO tag: `O`, or the beginning or inside of an entity of a type. Stored as 0..9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag(pub u8);

impl Tag {
    pub const COUNT: usize = 9;
    pub const OUTSIDE: Tag = Tag(0);
    /// The tag before the first token of a sentence.
    pub const START: Tag = Tag(255);

    pub fn begin(kind: EntityType) -> Tag {
        Tag(1 + 2 * kind.index() as u8)
    }

    pub fn inside(kind: EntityType) -> Tag {
        Tag(2 + 2 * kind.index() as u8)
    }

    pub fn kind(self) -> Option<EntityType> {
        (1..=8).contains(&self.0).then(|| {
            EntityType::from_repr(usize::from((self.0 - 1) / 2))
                .expect("a tag names one of the four types")
        })
    }

    pub fn is_inside(self) -> bool {
        (1..=8).contains(&self.0) && self.0.is_multiple_of(2)
    }

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// Whether this tag may follow `previous` (an inside tag continues an entity of its type).
    pub fn may_follow(self, previous: Tag) -> bool {
        !self.is_inside() || previous.kind() == self.kind()
    }

    /// A short stable name, used in feature keys: `O`, `B-PER`, …, `<S>`.
    pub fn name(self) -> &'static str {
        const NAMES: [&str; 9] = [
            "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
        ];
        NAMES.get(self.index()).copied().unwrap_or("<S>")
    }
}

/// Turns a tag sequence into (first token, end token exclusive, type) runs; a stray inside tag
/// starts an entity of its own.
pub fn tags_to_runs(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut runs = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (index, tag) in tags.iter().enumerate() {
        let continues = tag.is_inside() && open.is_some_and(|(_, kind)| Some(kind) == tag.kind());
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            runs.push((start, index, kind));
        }
        open = tag.kind().map(|kind| (index, kind));
    }
    if let Some((start, kind)) = open {
        runs.push((start, tags.len(), kind));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_through_runs() {
        let per = Tag::begin(EntityType::Person);
        let per_in = Tag::inside(EntityType::Person);
        let loc = Tag::begin(EntityType::Place);
        let tags = [
            per,
            per_in,
            Tag::OUTSIDE,
            loc,
            Tag::inside(EntityType::Organisation),
        ];
        assert_eq!(
            tags_to_runs(&tags),
            [
                (0, 2, EntityType::Person),
                (3, 4, EntityType::Place),
                (4, 5, EntityType::Organisation)
            ]
        );
        assert!(per_in.may_follow(per) && !per_in.may_follow(loc) && loc.may_follow(per_in));
        assert_eq!(Tag::inside(EntityType::Misc).name(), "I-MISC");
    }
}
