//! The annotation model: one annotation per marked span of the article, made by the engines
//! (quotes, terms, entity mentions, dates) or by the reader (highlights, labels, notes, tags).
//!
//! Offsets count Unicode code points of the article text. This is the live model; stored and
//! exported forms live in `formats` and `store` and convert to and from it explicitly.

use serde::{Deserialize, Serialize};

use crate::text::{Span, TextIndex};

/// What an annotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    Quote,
    Term,
    Person,
    Organisation,
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
    pub const ALL: [AnnotationKind; 10] = [
        AnnotationKind::Quote,
        AnnotationKind::Term,
        AnnotationKind::Person,
        AnnotationKind::Organisation,
        AnnotationKind::Place,
        AnnotationKind::Date,
        AnnotationKind::Highlight,
        AnnotationKind::Claim,
        AnnotationKind::Question,
        AnnotationKind::Evidence,
    ];

    /// The word used in exports, CSV and `data-kind`: `quote`, `person`, `highlight`, …
    pub fn label(self) -> &'static str {
        match self {
            AnnotationKind::Quote => "quote",
            AnnotationKind::Term => "term",
            AnnotationKind::Person => "person",
            AnnotationKind::Organisation => "organisation",
            AnnotationKind::Place => "place",
            AnnotationKind::Date => "date",
            AnnotationKind::Highlight => "highlight",
            AnnotationKind::Claim => "claim",
            AnnotationKind::Question => "question",
            AnnotationKind::Evidence => "evidence",
        }
    }

    /// A name for people ("organisation" → "Organisation").
    pub fn title(self) -> &'static str {
        match self {
            AnnotationKind::Quote => "Quote",
            AnnotationKind::Term => "Term",
            AnnotationKind::Person => "Person",
            AnnotationKind::Organisation => "Organisation",
            AnnotationKind::Place => "Place",
            AnnotationKind::Date => "Date",
            AnnotationKind::Highlight => "Highlight",
            AnnotationKind::Claim => "Claim",
            AnnotationKind::Question => "Question",
            AnnotationKind::Evidence => "Evidence",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim().to_ascii_lowercase();
        let label = match label.as_str() {
            "organization" | "org" => "organisation",
            "location" | "loc" => "place",
            "per" => "person",
            other => other,
        };
        AnnotationKind::ALL
            .into_iter()
            .find(|kind| kind.label() == label)
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HighlightColor {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
    Orange,
}

impl HighlightColor {
    pub const ALL: [HighlightColor; 5] = [
        HighlightColor::Yellow,
        HighlightColor::Green,
        HighlightColor::Blue,
        HighlightColor::Pink,
        HighlightColor::Orange,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HighlightColor::Yellow => "yellow",
            HighlightColor::Green => "green",
            HighlightColor::Blue => "blue",
            HighlightColor::Pink => "pink",
            HighlightColor::Orange => "orange",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        HighlightColor::ALL
            .into_iter()
            .find(|color| color.label() == label)
    }
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
        for kind in AnnotationKind::ALL {
            assert_eq!(AnnotationKind::from_label(kind.label()), Some(kind));
        }
        assert_eq!(
            AnnotationKind::from_label("ORG"),
            Some(AnnotationKind::Organisation)
        );
        assert_eq!(AnnotationKind::from_label("nonsense"), None);
    }
}
