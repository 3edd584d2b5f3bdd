//! The annotation model: one annotation per marked span of the article, made by the engines
//! (quotes, terms, entity mentions, dates) or by the reader (highlights, labels, notes, tags).
//!
//! Offsets count Unicode code points of the article text. This is the live model; stored and
//! exported forms live in `formats` and `store` and convert to and from it explicitly.

use serde::{Deserialize, Serialize};

use crate::text::{Span, TextIndex};

/// What an annotation marks. Its label (the word used in exports, CSV and `data-kind`:
/// `quote`, `person`, `highlight`, …) and the list of kinds are derived; a label is read back
/// whatever its case, and the names other tools use for entity kinds are read too
/// (`organization`, `ORG`, `LOC`, `PER`).
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
pub enum AnnotationKind {
    Quote,
    Term,
    #[strum(to_string = "person", serialize = "per")]
    Person,
    #[strum(
        to_string = "organisation",
        serialize = "organization",
        serialize = "org"
    )]
    Organisation,
    #[strum(to_string = "place", serialize = "location", serialize = "loc")]
    Place,
    Date,
    /// A reader's highlight with no other label.
    Highlight,
    /// A claim the reader wants to check.
    Claim,
    /// Something the reader questions.
    Question,
    /// Evidence for or against a claim.
    Evidence,
}

impl AnnotationKind {
    /// Every kind, in the order the legend lists them.
    pub const ALL: &'static [AnnotationKind] = <Self as strum::VariantArray>::VARIANTS;

    /// The word used in exports, CSV and `data-kind`: `quote`, `person`, `highlight`, …
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// A name for people: the label capitalised ("organisation" → "Organisation").
    pub fn title(self) -> String {
        capitalised(self.label())
    }

    /// The kind a label names (see the type's doc), if any.
    pub fn from_label(label: &str) -> Option<Self> {
        label.trim().parse().ok()
    }

    /// Whether the kind names an entity (grouped under a name).
    pub fn is_entity(self) -> bool {
        matches!(
            self,
            AnnotationKind::Person
                | AnnotationKind::Organisation
                | AnnotationKind::Place
                | AnnotationKind::Date
        )
    }
}

/// Who made an annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The engines, when the article was opened.
    Engine,
    /// The reader.
    #[default]
    Reader,
}

/// Who a quote is attributed to: the name, and the words the attribution rests on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SpeakerRef {
    pub name: String,
    /// The speaker mention in the text, when there is one.
    pub mention: Option<Span>,
}

/// The highlight colours a reader can choose.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum HighlightColor {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
    Orange,
}

impl HighlightColor {
    /// Every colour, in the order the toolbar offers them.
    pub const ALL: &'static [HighlightColor] = <Self as strum::VariantArray>::VARIANTS;

    /// The colour's name, as stored and exported: `yellow`, `green`, …
    pub fn label(self) -> &'static str {
        self.into()
    }

    pub fn from_label(label: &str) -> Option<Self> {
        label.parse().ok()
    }
}

/// The first letter of a word in capitals.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One annotation of the article.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable within an article: engine annotations are named by kind and span, the reader's
    /// by the time they were made.
    pub id: String,
    pub kind: AnnotationKind,
    pub span: Span,
    pub origin: Origin,
    /// For an entity mention: the name it is grouped under.
    pub entity: Option<String>,
    /// For a quote: who said it.
    pub speaker: Option<SpeakerRef>,
    /// For a date: its calendar value (ISO 8601).
    pub date: Option<String>,
    pub note: String,
    pub tags: Vec<String>,
    pub color: Option<HighlightColor>,
    /// When the reader made or last changed it (RFC 3339), if known.
    pub modified: Option<String>,
}

impl Annotation {
    /// A reader's annotation over a span.
    pub fn by_reader(id: String, kind: AnnotationKind, span: Span) -> Self {
        Annotation {
            id,
            kind,
            span,
            origin: Origin::Reader,
            entity: None,
            speaker: None,
            date: None,
            note: String::new(),
            tags: Vec::new(),
            color: (kind == AnnotationKind::Highlight).then_some(HighlightColor::Yellow),
            modified: None,
        }
    }

    /// The text it marks.
    pub fn text<'a>(&self, index: &TextIndex<'a>) -> &'a str {
        index.slice(self.span)
    }

    /// A short description for people: "quote by Jens Stoltenberg", "place: Brussels";
    /// `marked` is the text the annotation marks.
    pub fn describe(&self, marked: &str) -> String {
        match (self.kind, &self.speaker, &self.entity) {
            (AnnotationKind::Quote, Some(speaker), _) => format!("quote by {}", speaker.name),
            (AnnotationKind::Quote, None, _) => "quote, speaker unknown".to_owned(),
            (kind, _, Some(entity)) if kind.is_entity() => format!("{}: {entity}", kind.label()),
            (kind, _, _) => {
                let words: String = marked.chars().take(40).collect();
                format!("{}: {words}", kind.label())
            }
        }
    }
}

impl AsRef<Annotation> for Annotation {
    fn as_ref(&self) -> &Annotation {
        self
    }
}

/// The id of an engine annotation: its kind and span, so that re-running the engines on the
/// same text gives the same ids (and a reader's corrections find their annotation again).
pub fn engine_id(kind: AnnotationKind, span: Span) -> String {
    format!("{}-{}-{}", kind.label(), span.start, span.end)
}

/// Two lists, each in the order shown, as one in that order.
pub fn merge_shown<T: AsRef<Annotation>>(a: Vec<T>, b: Vec<T>) -> Vec<T> {
    if b.is_empty() {
        return a;
    }
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for item in a {
        while let Some(next) = b.next_if(|next| shown_order(next.as_ref(), item.as_ref()).is_lt()) {
            merged.push(next);
        }
        merged.push(item);
    }
    merged.extend(b);
    merged
}

/// Text order: by start, longer first, then by kind.
pub fn sort_annotations(annotations: &mut [Annotation]) {
    annotations.sort_unstable_by(shown_order);
}

/// The order annotations are listed and drawn in: by start, the longer first, then by kind and id.
pub fn shown_order(a: &Annotation, b: &Annotation) -> std::cmp::Ordering {
    a.span
        .start
        .cmp(&b.span.start)
        .then(b.span.end.cmp(&a.span.end))
        .then(a.kind.cmp(&b.kind))
        .then(a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Two lists in the order shown merge into the order a sort gives.
        #[test]
        fn merging_two_ordered_lists_is_sorting_them(
            a in proptest::collection::vec((0usize..40, 1usize..6, 0usize..3), 0..30),
            b in proptest::collection::vec((0usize..40, 1usize..6, 0usize..3), 0..30),
        ) {
            let make = |items: &[(usize, usize, usize)], side: &str| {
                let mut list: Vec<Annotation> = items
                    .iter()
                    .enumerate()
                    .map(|(n, &(start, length, kind))| {
                        Annotation::by_reader(
                            format!("{side}-{n}"),
                            AnnotationKind::ALL[kind],
                            Span::new(start, start + length),
                        )
                    })
                    .collect();
                sort_annotations(&mut list);
                list
            };
            let (a, b) = (make(&a, "a"), make(&b, "b"));
            let mut expected: Vec<Annotation> = a.iter().chain(&b).cloned().collect();
            sort_annotations(&mut expected);
            proptest::prop_assert_eq!(merge_shown(a, b), expected);
        }
    }

    #[test]
    fn kinds_round_trip_through_labels() {
        for &kind in AnnotationKind::ALL {
            assert_eq!(AnnotationKind::from_label(kind.label()), Some(kind));
            assert_eq!(AnnotationKind::from_label(&kind.title()), Some(kind));
        }
        let labels: Vec<&str> = AnnotationKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "quote",
                "term",
                "person",
                "organisation",
                "place",
                "date",
                "highlight",
                "claim",
                "question",
                "evidence"
            ]
        );
        assert_eq!(AnnotationKind::Organisation.title(), "Organisation");
        for (other, kind) in [
            ("ORG", AnnotationKind::Organisation),
            (" organization ", AnnotationKind::Organisation),
            ("LOC", AnnotationKind::Place),
            ("location", AnnotationKind::Place),
            ("PER", AnnotationKind::Person),
        ] {
            assert_eq!(AnnotationKind::from_label(other), Some(kind), "{other}");
        }
        assert_eq!(AnnotationKind::from_label("nonsense"), None);
        let colours: Vec<&str> = HighlightColor::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(colours, ["yellow", "green", "blue", "pink", "orange"]);
        assert_eq!(
            HighlightColor::from_label("pink"),
            Some(HighlightColor::Pink)
        );
        assert_eq!(HighlightColor::from_label("Pink"), None);
    }
}
