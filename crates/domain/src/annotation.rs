//! The annotation model: one annotation per marked span of the article, made by the engines
//! (quotes, terms, entity mentions, dates) or by the reader (highlights, labels, notes, tags).
//!
//! Offsets count Unicode code points of the article text. This is the live model; stored and
//! exported forms live in `formats` and `store` and convert to and from it explicitly.

use serde::{Deserialize, Serialize};

use crate::calendar::{DateValue, Timestamp};
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
    /// Someone's words in quotation marks.
    Quote,
    /// A statement attributed to a source without (or only partly in) quotation marks:
    /// "Officials said the strike killed 12 people".
    Reported,
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

/// What kind of source an attribution rests on: what a critical reader weighs first. Its label
/// (`person`, `organisation`, `document`, `pronoun`, `unnamed`) is the word used in exports.
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
pub enum SourceKind {
    /// A named person ("Jens Stoltenberg said").
    Person,
    /// A named organisation, or a country or city speaking as one ("the Kremlin said").
    #[strum(to_string = "organisation", serialize = "organization")]
    Organisation,
    /// A document or finding ("a report", "the study", "court filings").
    Document,
    /// A pronoun ("she said") the text does not resolve to a name.
    Pronoun,
    /// Nobody named: "officials", "a source", "people familiar with the matter", "experts".
    Unnamed,
}

impl SourceKind {
    /// Every kind, in the order the sourcing summary lists them.
    pub const ALL: &'static [SourceKind] = <Self as strum::VariantArray>::VARIANTS;

    /// The word used in exports: `person`, `organisation`, `document`, `pronoun`, `unnamed`.
    pub fn label(self) -> &'static str {
        self.into()
    }

    /// The kind a label names, whatever its case.
    pub fn from_label(label: &str) -> Option<Self> {
        label.trim().parse().ok()
    }

    /// Words for people: "named person", "unnamed source", …
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::Person => "named person",
            SourceKind::Organisation => "named organisation",
            SourceKind::Document => "document",
            SourceKind::Pronoun => "pronoun",
            SourceKind::Unnamed => "unnamed source",
        }
    }
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

/// An ASCII word with its first letter in capitals (labels are ASCII).
fn capitalised(word: &str) -> String {
    let mut title = word.to_owned();
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    title
}

/// An annotation's id, stable within an article: an engine annotation is named by its kind and
/// span ([`engine_id`]), so running the engines again finds the reader's corrections; the
/// reader's are random (`reader-` and 16 hex digits), so two tabs never make the same one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(String);

impl AnnotationId {
    pub fn new(id: String) -> Self {
        AnnotationId(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id was never given (an annotation read from a file without one).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An id reads as the text it is (a lookup by `&str` finds it).
impl std::ops::Deref for AnnotationId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for AnnotationId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for AnnotationId {
    fn from(id: &str) -> Self {
        AnnotationId(id.to_owned())
    }
}

impl From<String> for AnnotationId {
    fn from(id: String) -> Self {
        AnnotationId(id)
    }
}

impl PartialEq<str> for AnnotationId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for AnnotationId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// What an annotation's kind adds to what every annotation has: a quote its speaker, an entity
/// mention the name it is grouped under, a date its calendar value, a highlight its colour. A
/// place cannot carry a speaker, nor a claim a colour.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Body {
    /// A direct quotation, and who said it.
    Quote(Attribution),
    /// A statement reported without quotation marks, and who it is attributed to.
    Reported(Attribution),
    /// Quoted words nobody is quoted as saying (a title, a scare quote).
    Term,
    /// A person, organisation or place, and the name its mentions are grouped under.
    Entity {
        kind: EntityKind,
        name: Option<String>,
    },
    /// A date, the name its mentions are grouped under, and its calendar value.
    Date {
        name: Option<String>,
        value: Option<DateValue>,
    },
    /// A reader's highlight, in a colour.
    Highlight { color: Option<HighlightColor> },
    /// A reader's label: a claim, a question or evidence.
    Label(LabelKind),
}

/// The entity kinds a mention can have.
/// Who said it, in what words, and what kind of source that is: the body of a quotation and
/// of a reported statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Attribution {
    pub speaker: Option<SpeakerRef>,
    /// The words that attribute it (`said`, `according to`, `told reporters`).
    pub cue: Option<Span>,
    pub source_kind: Option<SourceKind>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    Organisation,
    Place,
}

/// The labels a reader gives words, beside highlighting them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelKind {
    Claim,
    Question,
    Evidence,
}

impl Body {
    /// The body an annotation of `kind` starts with: nothing known yet (a highlight yellow).
    pub fn empty(kind: AnnotationKind) -> Self {
        match kind {
            AnnotationKind::Quote => Body::Quote(Attribution::default()),
            AnnotationKind::Reported => Body::Reported(Attribution::default()),
            AnnotationKind::Term => Body::Term,
            AnnotationKind::Person => Body::Entity {
                kind: EntityKind::Person,
                name: None,
            },
            AnnotationKind::Organisation => Body::Entity {
                kind: EntityKind::Organisation,
                name: None,
            },
            AnnotationKind::Place => Body::Entity {
                kind: EntityKind::Place,
                name: None,
            },
            AnnotationKind::Date => Body::Date {
                name: None,
                value: None,
            },
            AnnotationKind::Highlight => Body::Highlight {
                color: Some(HighlightColor::Yellow),
            },
            AnnotationKind::Claim => Body::Label(LabelKind::Claim),
            AnnotationKind::Question => Body::Label(LabelKind::Question),
            AnnotationKind::Evidence => Body::Label(LabelKind::Evidence),
        }
    }

    /// The kind this body belongs to.
    pub fn kind(&self) -> AnnotationKind {
        match self {
            Body::Quote(_) => AnnotationKind::Quote,
            Body::Reported(_) => AnnotationKind::Reported,
            Body::Term => AnnotationKind::Term,
            Body::Entity { kind, .. } => match kind {
                EntityKind::Person => AnnotationKind::Person,
                EntityKind::Organisation => AnnotationKind::Organisation,
                EntityKind::Place => AnnotationKind::Place,
            },
            Body::Date { .. } => AnnotationKind::Date,
            Body::Highlight { .. } => AnnotationKind::Highlight,
            Body::Label(LabelKind::Claim) => AnnotationKind::Claim,
            Body::Label(LabelKind::Question) => AnnotationKind::Question,
            Body::Label(LabelKind::Evidence) => AnnotationKind::Evidence,
        }
    }

    /// This body as one of `kind`: what both kinds have is kept (an entity's name, from one
    /// entity kind to another, or to a date), the rest starts empty.
    pub fn as_kind(&self, kind: AnnotationKind) -> Body {
        // A quotation made a reported statement (or back) keeps who said it.
        if let (Body::Quote(said) | Body::Reported(said), AnnotationKind::Quote) = (self, kind) {
            return Body::Quote(said.clone());
        }
        if let (Body::Quote(said) | Body::Reported(said), AnnotationKind::Reported) = (self, kind) {
            return Body::Reported(said.clone());
        }
        let mut body = Body::empty(kind);
        if let Some(grouped) = self.name() {
            body.set_name(Some(grouped.to_owned()));
        }
        body
    }

    /// The name an entity mention or a date is grouped under.
    pub fn name(&self) -> Option<&str> {
        match self {
            Body::Entity { name, .. } | Body::Date { name, .. } => name.as_deref(),
            _ => None,
        }
    }

    /// Sets the name a mention is grouped under (nothing for a body that has none).
    pub fn set_name(&mut self, grouped: Option<String>) {
        if let Body::Entity { name, .. } | Body::Date { name, .. } = self {
            *name = grouped;
        }
    }
}

/// One annotation of the article: what every annotation has, and its [`Body`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Annotation {
    pub id: AnnotationId,
    pub span: Span,
    pub origin: Origin,
    pub note: String,
    pub tags: Vec<String>,
    /// When the reader made or last changed it, if known.
    pub modified: Option<Timestamp>,
    pub body: Body,
}

impl Annotation {
    /// A reader's annotation over a span.
    pub fn by_reader(id: impl Into<AnnotationId>, kind: AnnotationKind, span: Span) -> Self {
        Annotation {
            id: id.into(),
            span,
            origin: Origin::Reader,
            note: String::new(),
            tags: Vec::new(),
            modified: None,
            body: Body::empty(kind),
        }
    }

    /// What it marks.
    pub fn kind(&self) -> AnnotationKind {
        self.body.kind()
    }

    /// Who said a quote.
    pub fn speaker(&self) -> Option<&SpeakerRef> {
        match &self.body {
            Body::Quote(said) | Body::Reported(said) => said.speaker.as_ref(),
            _ => None,
        }
    }

    /// Who said it and in what words, for a quotation or a reported statement.
    pub fn attribution(&self) -> Option<&Attribution> {
        match &self.body {
            Body::Quote(said) | Body::Reported(said) => Some(said),
            _ => None,
        }
    }

    /// [`Annotation::attribution`], to change.
    pub fn attribution_mut(&mut self) -> Option<&mut Attribution> {
        match &mut self.body {
            Body::Quote(said) | Body::Reported(said) => Some(said),
            _ => None,
        }
    }

    /// The kind of source a quotation or reported statement rests on, when known.
    pub fn source_kind(&self) -> Option<SourceKind> {
        self.attribution()?.source_kind
    }

    /// The name an entity mention or a date is grouped under.
    pub fn entity(&self) -> Option<&str> {
        self.body.name()
    }

    /// A date's calendar value.
    pub fn date(&self) -> Option<&DateValue> {
        match &self.body {
            Body::Date { value, .. } => value.as_ref(),
            _ => None,
        }
    }

    /// A highlight's colour.
    pub fn color(&self) -> Option<HighlightColor> {
        match self.body {
            Body::Highlight { color } => color,
            _ => None,
        }
    }

    /// Makes it an annotation of `kind`, keeping what both kinds have ([`Body::as_kind`]).
    pub fn set_kind(&mut self, kind: AnnotationKind) {
        if kind != self.kind() {
            self.body = self.body.as_kind(kind);
        }
    }

    /// Sets who said a quote (nothing for another kind).
    pub fn set_speaker(&mut self, to: Option<SpeakerRef>) {
        if let Some(said) = self.attribution_mut() {
            said.speaker = to;
        }
    }

    /// Who said a quote, to change.
    pub fn speaker_mut(&mut self) -> Option<&mut SpeakerRef> {
        match &mut self.body {
            Body::Quote(said) | Body::Reported(said) => said.speaker.as_mut(),
            _ => None,
        }
    }

    /// Sets the name an entity mention or a date is grouped under (nothing for another kind).
    pub fn set_entity(&mut self, name: Option<String>) {
        self.body.set_name(name);
    }

    /// Sets a highlight's colour (nothing for another kind).
    pub fn set_color(&mut self, to: Option<HighlightColor>) {
        if let Body::Highlight { color } = &mut self.body {
            *color = to;
        }
    }

    /// Sets a date's calendar value (nothing for another kind).
    pub fn set_date(&mut self, to: Option<DateValue>) {
        if let Body::Date { value, .. } = &mut self.body {
            *value = to;
        }
    }

    /// The text it marks.
    pub fn text<'a>(&self, index: &TextIndex<'a>) -> &'a str {
        index.slice(self.span)
    }

    /// A short description for people: "quote by Jens Stoltenberg", "place: Brussels";
    /// `marked` is the text the annotation marks.
    pub fn describe(&self, marked: &str) -> String {
        let kind = self.kind();
        match (&self.body, self.entity()) {
            (Body::Quote(said), _) => match &said.speaker {
                Some(speaker) => format!("quote by {}", speaker.name),
                None => "quote, speaker unknown".to_owned(),
            },
            (Body::Reported(said), _) => match (&said.speaker, said.source_kind) {
                (Some(speaker), Some(SourceKind::Unnamed)) => {
                    format!("reported by {} (unnamed source)", speaker.name)
                }
                (Some(speaker), _) => format!("reported by {}", speaker.name),
                (None, _) => "reported, source unknown".to_owned(),
            },
            (_, Some(entity)) => format!("{}: {entity}", kind.label()),
            _ => {
                let words: String = marked.chars().take(40).collect();
                format!("{}: {words}", kind.label())
            }
        }
    }
}

/// An annotation as stored, exported in backups and sent between the page and the worker: one
/// flat object with every field (`null` where its kind has none) — the shape every version of
/// the page has written, so that what is stored reads and writes the same.
#[derive(Serialize)]
struct FlatRef<'a> {
    id: &'a AnnotationId,
    kind: AnnotationKind,
    span: Span,
    origin: Origin,
    entity: Option<&'a str>,
    speaker: Option<&'a SpeakerRef>,
    date: Option<String>,
    note: &'a str,
    tags: &'a [String],
    color: Option<HighlightColor>,
    modified: Option<&'a Timestamp>,
    // Written only when there is one, so that an annotation without them is stored in the
    // same bytes as before they existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_kind: Option<SourceKind>,
}

/// [`FlatRef`], read. A field its kind does not have is dropped (a place carries no speaker).
#[derive(Deserialize)]
struct Flat {
    id: AnnotationId,
    kind: AnnotationKind,
    span: Span,
    #[serde(default)]
    origin: Origin,
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    speaker: Option<SpeakerRef>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    color: Option<HighlightColor>,
    #[serde(default)]
    modified: Option<Timestamp>,
    #[serde(default)]
    cue: Option<Span>,
    #[serde(default)]
    source_kind: Option<SourceKind>,
}

impl Serialize for Annotation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FlatRef {
            id: &self.id,
            kind: self.kind(),
            span: self.span,
            origin: self.origin,
            entity: self.entity(),
            speaker: self.speaker(),
            date: self.date().map(DateValue::to_string),
            note: &self.note,
            tags: &self.tags,
            color: self.color(),
            modified: self.modified.as_ref(),
            cue: self.attribution().and_then(|said| said.cue),
            source_kind: self.source_kind(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Annotation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let flat = Flat::deserialize(deserializer)?;
        let mut body = Body::empty(flat.kind);
        match &mut body {
            Body::Quote(said) | Body::Reported(said) => {
                *said = Attribution {
                    speaker: flat.speaker,
                    cue: flat.cue,
                    source_kind: flat.source_kind,
                }
            }
            Body::Entity { name, .. } => *name = flat.entity,
            Body::Date { name, value } => {
                *name = flat.entity;
                *value = flat.date.and_then(|date| date.parse().ok());
            }
            Body::Highlight { color } => *color = flat.color,
            Body::Term | Body::Label(_) => {}
        }
        Ok(Annotation {
            id: flat.id,
            span: flat.span,
            origin: flat.origin,
            note: flat.note,
            tags: flat.tags,
            modified: flat.modified,
            body,
        })
    }
}

impl AsRef<Annotation> for Annotation {
    fn as_ref(&self) -> &Annotation {
        self
    }
}

/// The id of an engine annotation: its kind and span, so that re-running the engines on the
/// same text gives the same ids (and a reader's corrections find their annotation again).
pub fn engine_id(kind: AnnotationKind, span: Span) -> AnnotationId {
    AnnotationId(format!("{}-{}-{}", kind.label(), span.start, span.end))
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
        .then(a.kind().cmp(&b.kind()))
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
                "reported",
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
