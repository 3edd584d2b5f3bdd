//! W3C Web Annotation JSON-LD: export as an `AnnotationCollection`, import from collections,
//! pages, arrays or single annotations — ours or other tools' (Hypothesis, Recogito).
//!
//! Each exported annotation targets the article by the SHA-256 of its text and selects its range
//! with a `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` counting
//! Unicode code points, as the model requires. Bodies carry the kind (purpose `classifying`), the
//! entity or speaker (`identifying`), a quotation's or reported statement's source and cue as
//! words of the article (`SpecificResource` bodies, `aa:role` source or cue) and the kind of
//! source (`describing`), the note (`commenting`) and the tags (`tagging`); the
//! `aa:` properties repeat them exactly so that our own imports lose nothing.
//!
//! Import treats the file as hostile: every item is read on its own, every position is checked
//! against its quote (other tools count UTF-16 units), and an item that cannot be placed is kept
//! as an orphan. Nothing is dropped without a problem saying so.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{text_hash, ItemProblem};
use crate::anchor::{describe_in, Anchorer, Placement, PositionSelector, QuoteSelector};
use crate::annotation::{
    Annotation, AnnotationId, AnnotationKind, HighlightColor, Origin, SourceKind, SpeakerRef,
};
use crate::calendar::Timestamp;
use crate::layer::Orphan;
use crate::text::{Span, TextIndex};

/// The Web Annotation context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Our extension namespace (never fetched).
pub const OUR_NAMESPACE: &str = "urn:article-annotator:terms#";
pub use super::MAX_IMPORT_BYTES;
/// The most annotations one import may hold (a file with more is refused before any is read:
/// the review and the article would show tens of thousands of marks). 20,000 open and are
/// reviewed in under a second here.
pub const MAX_IMPORT_ITEMS: usize = 20_000;
/// The longest name, date or id kept from an import, in characters (notes and tags have the
/// app's own limits, and the import review says when one was cut).
const MAX_TEXT_CHARS: usize = 100_000;

/// The W3C and our `aa:` contexts, as every exported object names them.
#[derive(Serialize)]
struct Context(&'static str, OurContext);

#[derive(Serialize)]
struct OurContext {
    aa: &'static str,
}

const CONTEXT: Context = Context(ANNO_CONTEXT, OurContext { aa: OUR_NAMESPACE });

/// What W3C annotations cannot carry, said in every export and in the review of every W3C
/// import (a rejected mark would otherwise come back without a word).
pub const NOT_CARRIED: &str = "W3C annotations carry the marks as shown; they cannot carry marks rejected (a rejected mark is simply absent) nor renames as such (each mention carries the name shown). A backup (.json) of Article Annotator carries both.";

/// The article's annotations as one `AnnotationCollection` with one page; the orphans follow the
/// placed annotations. Serialize it to write the file.
#[derive(Serialize)]
pub struct Collection<'a> {
    #[serde(rename = "@context")]
    context: Context,
    id: String,
    #[serde(rename = "type")]
    type_: &'static str,
    label: &'a str,
    total: usize,
    #[serde(rename = "aa:textSha256")]
    text_sha256: String,
    #[serde(rename = "aa:positionUnit")]
    position_unit: &'static str,
    #[serde(rename = "aa:notCarried")]
    not_carried: &'static str,
    first: Page<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    type_: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<AnnotationOut<'a>>,
}

/// One annotation as W3C JSON-LD: the standard properties, then ours (`aa:`), which repeat what
/// the bodies say exactly so that our own imports lose nothing.
#[derive(Serialize)]
struct AnnotationOut<'a> {
    #[serde(rename = "@context")]
    context: Context,
    id: String,
    #[serde(rename = "type")]
    type_: &'static str,
    motivation: &'static str,
    body: Vec<BodyOut<'a>>,
    target: TargetOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<&'a Timestamp>,
    #[serde(rename = "aa:kind")]
    kind: &'static str,
    #[serde(rename = "aa:origin")]
    origin: &'static str,
    #[serde(rename = "aa:entity", skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(rename = "aa:speaker", skip_serializing_if = "Option::is_none")]
    speaker: Option<SpeakerOut<'a>>,
    #[serde(rename = "aa:cue", skip_serializing_if = "Option::is_none")]
    cue: Option<SpanOut>,
    #[serde(rename = "aa:sourceKind", skip_serializing_if = "Option::is_none")]
    source_kind: Option<&'static str>,
    #[serde(rename = "aa:date", skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(rename = "aa:color", skip_serializing_if = "Option::is_none")]
    color: Option<&'static str>,
    /// `false` for an orphan: its words are all that is left of where it was.
    #[serde(rename = "aa:placed", skip_serializing_if = "Option::is_none")]
    placed: Option<bool>,
}

/// A body: a `TextualBody` (a value), or a `SpecificResource` that selects words of the article
/// itself (a quotation's or reported statement's source and cue, `aa:role` saying which).
#[derive(Serialize)]
struct BodyOut<'a> {
    #[serde(rename = "type")]
    type_: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selector: Option<SelectorOut>,
    #[serde(rename = "aa:role", skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
}

#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct TargetOut {
    source: String,
    selector: Vec<SelectorOut>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum SelectorOut {
    TextQuoteSelector {
        exact: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        suffix: Option<String>,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

#[derive(Serialize)]
struct SpeakerOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
}

/// The article's annotations as one `AnnotationCollection` with one page; the orphans (by id)
/// follow the placed annotations.
pub fn collection<'a>(
    annotations: &'a [Annotation],
    orphans: &'a [(AnnotationId, Orphan)],
    text: &str,
    label: &'a str,
) -> Collection<'a> {
    let hash = text_hash(text);
    let index = TextIndex::new(text);
    let items: Vec<AnnotationOut<'a>> = annotations
        .iter()
        .map(|annotation| {
            let (quote, position) = describe_in(&index, annotation.span);
            let selectors = vec![
                SelectorOut::TextQuoteSelector {
                    exact: quote.exact,
                    prefix: Some(quote.prefix),
                    suffix: Some(quote.suffix),
                },
                SelectorOut::TextPositionSelector {
                    start: position.start,
                    end: position.end,
                },
            ];
            annotation_out(annotation, &annotation.id, selectors, &hash)
        })
        .chain(orphans.iter().map(|(id, orphan)| {
            let selectors = vec![SelectorOut::TextQuoteSelector {
                exact: orphan.quote.clone(),
                prefix: None,
                suffix: None,
            }];
            AnnotationOut {
                placed: Some(false),
                ..annotation_out(&orphan.annotation, id, selectors, &hash)
            }
        }))
        .collect();
    let id = format!("urn:article-annotator:collection:{hash}");
    Collection {
        context: CONTEXT,
        first: Page {
            id: format!("{id}:page:0"),
            type_: "AnnotationPage",
            start_index: 0,
            items,
        },
        id,
        type_: "AnnotationCollection",
        label: if label.is_empty() {
            "Annotations"
        } else {
            label
        },
        total: annotations.len() + orphans.len(),
        text_sha256: hash,
        position_unit: "unicode code points",
        not_carried: NOT_CARRIED,
    }
}

impl Collection<'_> {
    /// The collection as the file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an export serializes")
    }

    /// The collection as the file's text, indented for people.
    pub fn to_pretty_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an export serializes")
    }
}

fn annotation_out<'a>(
    annotation: &'a Annotation,
    id: &AnnotationId,
    selector: Vec<SelectorOut>,
    hash: &str,
) -> AnnotationOut<'a> {
    let text_body = |purpose, value| BodyOut {
        type_: "TextualBody",
        purpose,
        value: Some(value),
        format: Some("text/plain"),
        source: None,
        selector: None,
        role: None,
    };
    // Words of the article itself, by position (code points, as the target's).
    let words_body = |role, span: Span| BodyOut {
        type_: "SpecificResource",
        purpose: "identifying",
        value: None,
        format: None,
        source: Some(format!("urn:sha256:{hash}")),
        selector: Some(SelectorOut::TextPositionSelector {
            start: span.start,
            end: span.end,
        }),
        role: Some(role),
    };
    let mut body = vec![text_body("classifying", annotation.kind().label())];
    let identity = annotation
        .entity()
        .or(annotation.speaker().map(|s| s.name.as_str()));
    if let Some(name) = identity {
        body.push(text_body("identifying", name));
    }
    if let Some(said) = annotation.attribution() {
        if let Some(mention) = said.speaker.as_ref().and_then(|s| s.mention) {
            body.push(words_body("source", mention));
        }
        if let Some(cue) = said.cue {
            body.push(words_body("cue", cue));
        }
        if let Some(kind) = said.source_kind {
            body.push(BodyOut {
                format: None,
                ..text_body("describing", kind.label())
            });
        }
    }
    if !annotation.note.is_empty() {
        body.push(text_body("commenting", &annotation.note));
    }
    body.extend(annotation.tags.iter().map(|tag| BodyOut {
        format: None,
        ..text_body("tagging", tag)
    }));
    let motivation = match (annotation.kind(), annotation.note.is_empty()) {
        (_, false) => "commenting",
        (AnnotationKind::Highlight, true) => "highlighting",
        (kind, true) if kind.is_entity() => "identifying",
        _ => "classifying",
    };
    AnnotationOut {
        context: CONTEXT,
        id: format!("urn:article-annotator:{}:{}", &hash[..16], urn_safe(id)),
        type_: "Annotation",
        motivation,
        body,
        target: TargetOut {
            source: format!("urn:sha256:{hash}"),
            selector,
        },
        modified: annotation.modified.as_ref(),
        kind: annotation.kind().label(),
        origin: match annotation.origin {
            Origin::Engine => "engine",
            Origin::Reader => "reader",
        },
        entity: annotation.entity(),
        speaker: annotation.speaker().map(|speaker| SpeakerOut {
            name: &speaker.name,
            start: speaker.mention.map(|m| m.start),
            end: speaker.mention.map(|m| m.end),
        }),
        cue: annotation
            .attribution()
            .and_then(|said| said.cue)
            .map(|cue| SpanOut {
                start: cue.start,
                end: cue.end,
            }),
        source_kind: annotation.source_kind().map(SourceKind::label),
        date: annotation.date().map(ToString::to_string),
        color: annotation.color().map(HighlightColor::label),
        placed: None,
    }
}

/// Keeps an id usable inside a URN.
fn urn_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._~".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An annotation read from an import, with how it was placed in the open article.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Imported {
    /// The annotation; for an orphan its span is empty and meaningless.
    pub annotation: Annotation,
    pub placement: Placement,
    /// The text it quoted, kept to show orphans.
    pub quote: String,
}

/// What an import could read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    pub items: Vec<Imported>,
    pub problems: Vec<ItemProblem>,
    /// Whether the file says it was made for this very text (`None`: it does not say).
    pub same_text: Option<bool>,
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    TooLarge {
        bytes: usize,
    },
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    NoAnnotations,
    TooMany {
        count: usize,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge { bytes } => write!(
                f,
                "The file is too large to import ({:.1} MB; the limit is {} MB).",
                *bytes as f64 / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
            ImportError::NotJson { line, column, message } => {
                write!(f, "The file is not valid JSON (line {line}, column {column}: {message}).")
            }
            ImportError::NoAnnotations => write!(
                f,
                "The file holds no Web Annotations (expected an AnnotationCollection, an AnnotationPage, \
                 an array of annotations or one annotation)."
            ),
            ImportError::TooMany { count } => write!(
                f,
                "The file holds {count} annotations; the page imports up to {MAX_IMPORT_ITEMS} at a time. \
                 Split the file and import the parts one after another."
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Parses JSON with the size limit applied first (serde_json refuses nesting deeper than 128).
pub fn parse_json(input: &str) -> Result<Value, ImportError> {
    if input.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { bytes: input.len() });
    }
    serde_json::from_str(input).map_err(|error| ImportError::NotJson {
        line: error.line(),
        column: error.column(),
        message: error
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })
}

/// Refuses, before parsing, a file that holds more annotations than one import takes: counts the
/// `"target"` keys (every annotation has one; the same word inside a note is escaped, `\"target\"`)
/// in one pass over the bytes, so a 20 MB file of 100,000 annotations is refused in milliseconds.
pub fn check_count(input: &str) -> Result<(), ImportError> {
    let bytes = input.as_bytes();
    let key = b"\"target\"";
    let mut count = 0;
    let mut from = 0;
    while let Some(offset) = bytes[from..].windows(key.len()).position(|w| w == key) {
        let at = from + offset;
        from = at + key.len();
        let escaped = at > 0 && bytes[at - 1] == b'\\';
        let followed_by_colon = bytes[from..]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b':');
        if !escaped && followed_by_colon {
            count += 1;
        }
    }
    if count > MAX_IMPORT_ITEMS {
        return Err(ImportError::TooMany { count });
    }
    Ok(())
}

/// Reads W3C annotations and places each in `text`.
pub fn import(input: &str, text: &str) -> Result<ImportReport, ImportError> {
    check_count(input)?;
    let value = parse_json(input)?;
    import_value(&value, text)
}

/// [`import`] over parsed JSON.
pub fn import_value(value: &Value, text: &str) -> Result<ImportReport, ImportError> {
    let hash = text_hash(text);
    let mut report = ImportReport::default();
    let items = annotation_items(value).ok_or(ImportError::NoAnnotations)?;
    if let Some(declared) = value.get("aa:textSha256").and_then(Value::as_str) {
        report.same_text = Some(declared == hash);
    }
    if items.len() > MAX_IMPORT_ITEMS {
        return Err(ImportError::TooMany { count: items.len() });
    }
    let anchorer = Anchorer::new(text);
    for (position, item) in items.iter().enumerate() {
        match read_item(item, &anchorer, &hash) {
            Ok((mut imported, same_text)) => {
                for message in fit_limits(&mut imported.annotation) {
                    report.problems.push(ItemProblem {
                        item: Some(position),
                        message,
                    });
                }
                if let Some(same) = same_text {
                    report.same_text = Some(report.same_text.unwrap_or(true) && same);
                }
                if imported.placement == Placement::Orphan {
                    report.problems.push(ItemProblem {
                        item: Some(position),
                        message: format!(
                            "“{}” is not in this article; kept as an orphan.",
                            shorten(&imported.quote)
                        ),
                    });
                }
                report.items.push(imported);
            }
            Err(message) => report.problems.push(ItemProblem {
                item: Some(position),
                message,
            }),
        }
    }
    if anchorer.skipped() > 0 {
        report.problems.insert(
            0,
            ItemProblem {
                item: None,
                message: format!(
                    "{} annotations were not at their stored place and the import's time for searching ran out; they are kept as orphans.",
                    anchorer.skipped()
                ),
            },
        );
    }
    if report.same_text == Some(false) {
        report.problems.insert(
            0,
            ItemProblem {
                item: None,
                message:
                    "These annotations were made for a different version of the article text; \
                          each was looked for by its quoted words."
                        .into(),
            },
        );
    }
    Ok(report)
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// The annotation objects of a collection, page, array or single annotation.
fn annotation_items(value: &Value) -> Option<Vec<&Value>> {
    let is_type = |v: &Value, name: &str| match v.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(types)) => types.iter().any(|t| t == name),
        _ => false,
    };
    match value {
        Value::Array(items) => Some(items.iter().collect()),
        Value::Object(_) if is_type(value, "AnnotationCollection") => {
            let first = value.get("first")?;
            let items = first.get("items").or_else(|| value.get("items"))?;
            Some(items.as_array()?.iter().collect())
        }
        Value::Object(_) if is_type(value, "AnnotationPage") => {
            Some(value.get("items")?.as_array()?.iter().collect())
        }
        Value::Object(map) if map.contains_key("target") => Some(vec![value]),
        // Hypothesis' API answers with {"rows": [...]}.
        Value::Object(map) if map.get("rows").is_some_and(Value::is_array) => {
            Some(map["rows"].as_array()?.iter().collect())
        }
        _ => None,
    }
}

/// Cuts an imported annotation's note and tags to the app's limits (the same as for typing);
/// says what was cut, for the import review.
pub fn fit_limits(annotation: &mut Annotation) -> Vec<String> {
    use crate::limits::{MAX_NOTE_CHARS, MAX_TAGS, MAX_TAG_CHARS};
    let mut cut = Vec::new();
    let note_chars = annotation.note.chars().count();
    if note_chars > MAX_NOTE_CHARS {
        annotation.note = annotation.note.chars().take(MAX_NOTE_CHARS).collect();
        cut.push(format!(
            "its note of {note_chars} characters was cut to the first {MAX_NOTE_CHARS} (the longest note the app keeps)."
        ));
    }
    let tags = crate::limits::normalise_tags(std::mem::take(&mut annotation.tags));
    if tags.len() > MAX_TAGS {
        cut.push(format!(
            "it has {} tags; the first {MAX_TAGS} were kept.",
            tags.len()
        ));
    }
    annotation.tags = tags
        .into_iter()
        .take(MAX_TAGS)
        .map(|tag| {
            let chars = tag.chars().count();
            if chars > MAX_TAG_CHARS {
                cut.push(format!(
                    "a tag of {chars} characters was cut to {MAX_TAG_CHARS}."
                ));
                tag.chars().take(MAX_TAG_CHARS).collect()
            } else {
                tag
            }
        })
        .collect();
    cut
}

/// How many tags of one annotation are read at all (the app keeps fewer, see `fit_limits`).
const MAX_IMPORT_TAGS: usize = 10_000;

/// A limited copy of a string from the file.
fn clean_text(value: &str) -> String {
    value.chars().take(MAX_TEXT_CHARS).collect()
}

// The structures an annotation is read into. Files come from many tools, so every field is read
// leniently: a field of another shape than the model says (a number for a note, an object for a
// tag) is read as absent, and the item is never refused for it. The lenient readers visit what
// is there without building a copy of it.

/// A string field: its text, or absent when it is anything else.
#[derive(Debug, Default)]
struct Text(Option<String>);

/// A position: a whole number within the text model's range, or absent (negative, fractional,
/// huge, of another type).
#[derive(Debug, Default)]
struct Offset(Option<usize>);

/// An object field read as `T`, or absent when it is not an object.
#[derive(Debug)]
struct Record<T>(Option<T>);

/// A field the model allows as one value or a list of them (bodies, targets, selectors, tags):
/// the values, each read as `T`. A single value that is not a list is one element.
#[derive(Debug)]
struct OneOrMany<T>(Vec<T>);

impl<T> Default for Record<T> {
    fn default() -> Self {
        Record(None)
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

/// Skips the rest of a list or an object that was not what a field wants.
fn skip_seq<'de, A: serde::de::SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map
        .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
        .is_some()
    {}
    Ok(())
}

/// Reads a lenient scalar: `$visit` takes what the field wants; anything else is absent.
macro_rules! absent_otherwise {
    ($value:ty, $absent:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<$value, E> {
            Ok($absent)
        }
        fn visit_f64<E>(self, _: f64) -> Result<$value, E> {
            Ok($absent)
        }
        fn visit_unit<E>(self) -> Result<$value, E> {
            Ok($absent)
        }
        fn visit_none<E>(self) -> Result<$value, E> {
            Ok($absent)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<$value, A::Error> {
            skip_seq(seq).map(|()| $absent)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$value, A::Error> {
            skip_map(map).map(|()| $absent)
        }
    };
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("anything (a string is kept)")
            }
            fn visit_str<E>(self, text: &str) -> Result<Text, E> {
                Ok(Text(Some(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> Result<Text, E> {
                Ok(Text(Some(text)))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Text, E> {
                Ok(Text(None))
            }
            absent_otherwise!(Text, Text(None));
        }
        deserializer.deserialize_any(Visit)
    }
}

impl<'de> Deserialize<'de> for Offset {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Offset;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("anything (a position is kept)")
            }
            fn visit_u64<E>(self, number: u64) -> Result<Offset, E> {
                Ok(Offset(
                    usize::try_from(number)
                        .ok()
                        .filter(|&n| n <= u32::MAX as usize),
                ))
            }
            fn visit_i64<E>(self, number: i64) -> Result<Offset, E> {
                Ok(Offset(
                    usize::try_from(number)
                        .ok()
                        .filter(|&n| n <= u32::MAX as usize),
                ))
            }
            fn visit_str<E>(self, _: &str) -> Result<Offset, E> {
                Ok(Offset(None))
            }
            absent_otherwise!(Offset, Offset(None));
        }
        deserializer.deserialize_any(Visit)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Record<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = Record<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("anything (an object is read)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Record<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|t| Record(Some(t)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Record<T>, A::Error> {
                skip_seq(seq).map(|()| Record(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Record<T>, E> {
                Ok(Record(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Record<T>, E> {
                Ok(Record(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Record<T>, E> {
                Ok(Record(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Record<T>, E> {
                Ok(Record(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Record<T>, E> {
                Ok(Record(None))
            }
            fn visit_unit<E>(self) -> Result<Record<T>, E> {
                Ok(Record(None))
            }
        }
        deserializer.deserialize_any(Visit(std::marker::PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("one value or a list of them")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMany<T>, A::Error> {
                let mut all = Vec::new();
                while let Some(one) = seq.next_element()? {
                    all.push(one);
                }
                Ok(OneOrMany(all))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<OneOrMany<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|one| OneOrMany(vec![one]))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<OneOrMany<T>, E> {
                T::deserialize(serde::de::value::StrDeserializer::<E>::new(text))
                    .map(|one| OneOrMany(vec![one]))
            }
            fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<OneOrMany<T>, E> {
                T::deserialize(serde::de::value::I64Deserializer::<E>::new(number))
                    .map(|one| OneOrMany(vec![one]))
            }
            fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<OneOrMany<T>, E> {
                T::deserialize(serde::de::value::U64Deserializer::<E>::new(number))
                    .map(|one| OneOrMany(vec![one]))
            }
            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<OneOrMany<T>, E> {
                T::deserialize(serde::de::value::BoolDeserializer::<E>::new(value))
                    .map(|one| OneOrMany(vec![one]))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<OneOrMany<T>, E> {
                T::deserialize(serde::de::value::F64Deserializer::<E>::new(value))
                    .map(|one| OneOrMany(vec![one]))
            }
            fn visit_unit<E>(self) -> Result<OneOrMany<T>, E> {
                Ok(OneOrMany(Vec::new()))
            }
        }
        deserializer.deserialize_any(Visit(std::marker::PhantomData))
    }
}

/// One annotation as a file may hold it: the model's properties, Hypothesis' (`text`, `tags`)
/// and ours (`aa:`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AnnotationIn {
    id: Text,
    /// Present but of no use is told apart from absent.
    target: Option<OneOrMany<Record<TargetIn>>>,
    body: OneOrMany<Record<BodyIn>>,
    text: Text,
    tags: OneOrMany<Text>,
    modified: Text,
    #[serde(rename = "aa:kind")]
    kind: Text,
    #[serde(rename = "aa:origin")]
    origin: Text,
    #[serde(rename = "aa:entity")]
    entity: Text,
    #[serde(rename = "aa:speaker")]
    speaker: Record<SpeakerIn>,
    #[serde(rename = "aa:cue")]
    cue: Record<SpeakerIn>,
    #[serde(rename = "aa:sourceKind")]
    source_kind: Text,
    #[serde(rename = "aa:date")]
    date: Text,
    #[serde(rename = "aa:color")]
    color: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TargetIn {
    source: Text,
    selector: OneOrMany<Record<SelectorIn>>,
}

/// A selector, whatever its type: the fields of the two the app reads.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SelectorIn {
    #[serde(rename = "type")]
    kind: Text,
    exact: Text,
    prefix: Text,
    suffix: Text,
    start: Offset,
    end: Offset,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BodyIn {
    purpose: Text,
    value: Text,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SpeakerIn {
    name: Text,
    start: Offset,
    end: Offset,
}

/// Reads one annotation; returns it placed (or orphaned) and whether its target names this text.
fn read_item(
    item: &Value,
    anchorer: &Anchorer<'_>,
    hash: &str,
) -> Result<(Imported, Option<bool>), String> {
    if !item.is_object() {
        return Err("not a JSON object".into());
    }
    let mut read = AnnotationIn::deserialize(item).map_err(|e| e.to_string())?;
    let target = match read.target.take() {
        None => return Err("it has no target".into()),
        Some(targets) => match targets.0.into_iter().next() {
            // A target of another shape (an address alone) selects no text, said below.
            Some(target) => target.0.unwrap_or_default(),
            None => return Err("its target list is empty".into()),
        },
    };
    let same_text = target
        .source
        .0
        .as_deref()
        .and_then(|source| source.strip_prefix("urn:sha256:"))
        .map(|declared| declared == hash);
    let selectors: Vec<SelectorIn> = target
        .selector
        .0
        .into_iter()
        .filter_map(|selector| selector.0)
        .collect();
    let of_kind = |kind: &str| {
        selectors
            .iter()
            .find(|selector| selector.kind.0.as_deref() == Some(kind))
    };
    let text = |field: &Text| field.0.as_deref().map(clean_text).unwrap_or_default();
    let quote = of_kind("TextQuoteSelector").map(|selector| QuoteSelector {
        exact: text(&selector.exact),
        prefix: text(&selector.prefix),
        suffix: text(&selector.suffix),
    });
    let position = of_kind("TextPositionSelector").and_then(|selector| {
        let (start, end) = (selector.start.0?, selector.end.0?);
        (start <= end).then_some(PositionSelector { start, end })
    });
    let (span, placement, exact) = match (&quote, position) {
        (Some(quote), _) if !quote.exact.is_empty() => {
            let (span, placement) = anchorer.anchor(quote, position);
            (span, placement, quote.exact.clone())
        }
        // A position alone cannot be checked: trust it only inside the text.
        (_, Some(position)) => {
            let length = anchorer.index().char_len();
            if position.end <= length && position.start < position.end {
                let span = Span::new(position.start, position.end);
                (
                    Some(span),
                    Placement::Fuzzy { score: 0.5 },
                    anchorer.index().slice(span).to_owned(),
                )
            } else {
                (None, Placement::Orphan, String::new())
            }
        }
        _ => {
            return Err(
                "its target selects no text (no TextQuoteSelector or TextPositionSelector)".into(),
            )
        }
    };
    let annotation = read_annotation(read.content(), span.unwrap_or_default());
    Ok((
        Imported {
            annotation,
            placement,
            quote: exact,
        },
        same_text,
    ))
}

/// What an annotation says, apart from where it is.
struct ContentIn {
    id: Option<String>,
    bodies: Vec<BodyIn>,
    text: Option<String>,
    tags: Vec<String>,
    modified: Option<String>,
    kind: Option<String>,
    origin: Option<String>,
    entity: Option<String>,
    speaker: Option<SpeakerIn>,
    cue: Option<SpeakerIn>,
    source_kind: Option<String>,
    date: Option<String>,
    color: Option<String>,
}

impl AnnotationIn {
    fn content(self) -> ContentIn {
        ContentIn {
            id: self.id.0,
            bodies: self.body.0.into_iter().filter_map(|body| body.0).collect(),
            text: self.text.0,
            tags: self
                .tags
                .0
                .into_iter()
                .take(MAX_IMPORT_TAGS)
                .filter_map(|tag| tag.0)
                .collect(),
            modified: self.modified.0,
            kind: self.kind.0,
            origin: self.origin.0,
            entity: self.entity.0,
            speaker: self.speaker.0,
            cue: self.cue.0,
            source_kind: self.source_kind.0,
            date: self.date.0,
            color: self.color.0,
        }
    }
}

/// The annotation's content: our `aa:` properties when present, else the standard bodies (and
/// Hypothesis' note and tags).
fn read_annotation(content: ContentIn, span: Span) -> Annotation {
    // Notes and tags are taken whole here; `fit_limits` cuts them and says so.
    let body_values = |purpose: Option<&str>| -> Vec<String> {
        content
            .bodies
            .iter()
            .filter(|b| b.purpose.0.as_deref() == purpose)
            .filter_map(|b| b.value.0.clone())
            .collect()
    };
    let kind = content
        .kind
        .as_deref()
        .and_then(AnnotationKind::from_label)
        .or_else(|| {
            body_values(Some("classifying"))
                .iter()
                .find_map(|v| AnnotationKind::from_label(v))
        })
        .unwrap_or(AnnotationKind::Highlight);
    let mut note = body_values(Some("commenting")).join("\n\n");
    // Hypothesis keeps the note in "text" and the tags in "tags".
    if note.is_empty() {
        note = content.text.clone().unwrap_or_default();
    }
    if note.is_empty() {
        note = body_values(None).join("\n\n");
    }
    let mut tags = body_values(Some("tagging"));
    tags.extend(content.tags);
    tags.dedup();
    tags.truncate(MAX_IMPORT_TAGS);
    let identifying = body_values(Some("identifying"))
        .into_iter()
        .next()
        .map(|v| clean_text(&v));
    let speaker = content.speaker.map(|s| SpeakerRef {
        name: s.name.0.as_deref().map(clean_text).unwrap_or_default(),
        mention: s
            .start
            .0
            .zip(s.end.0)
            .map(|(start, end)| Span::new(start, end)),
    });
    let speaker = speaker.or_else(|| {
        matches!(kind, AnnotationKind::Quote | AnnotationKind::Reported)
            .then(|| {
                identifying.clone().map(|name| SpeakerRef {
                    name,
                    mention: None,
                })
            })
            .flatten()
    });
    let entity = content
        .entity
        .as_deref()
        .map(clean_text)
        .or_else(|| kind.is_entity().then(|| identifying.clone()).flatten());
    let origin = match content.origin.as_deref() {
        Some("engine") => Origin::Engine,
        _ => Origin::Reader,
    };
    let id = content
        .id
        .as_deref()
        .and_then(|id| id.rsplit(':').next())
        .filter(|id| !id.is_empty() && id.len() <= 200)
        .map(clean_text)
        .unwrap_or_else(|| format!("imported-{}-{}", span.start, span.end));
    let mut annotation = Annotation::by_reader(id, kind, span);
    annotation.origin = origin;
    annotation.note = note;
    annotation.tags = tags;
    annotation.modified = content
        .modified
        .as_deref()
        .map(|m| Timestamp::from_written(clean_text(m)));
    annotation.set_speaker(speaker);
    if let Some(said) = annotation.attribution_mut() {
        said.cue = content
            .cue
            .and_then(|cue| cue.start.0.zip(cue.end.0))
            .map(|(start, end)| Span::new(start, end));
        said.source_kind = content
            .source_kind
            .as_deref()
            .and_then(SourceKind::from_label);
    }
    annotation.set_entity(entity);
    annotation.set_date(content.date.as_deref().and_then(|d| d.parse().ok()));
    annotation.set_color(
        content
            .color
            .as_deref()
            .and_then(HighlightColor::from_label),
    );
    annotation
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_file_with_too_many_annotations_is_refused_before_it_is_parsed() {
        let item = r#"{"type":"Annotation","body":{"value":"a note about \"target\": none"},"target" : {"selector":{"type":"TextQuoteSelector","exact":"NATO"}}}"#;
        let many = format!("[{}]", vec![item; MAX_IMPORT_ITEMS + 1].join(","));
        assert_eq!(
            check_count(&many),
            Err(ImportError::TooMany {
                count: MAX_IMPORT_ITEMS + 1
            })
        );
        assert!(import(&many, TEXT)
            .unwrap_err()
            .to_string()
            .contains("imports up to 20000"));
        let enough = format!("[{}]", vec![item; MAX_IMPORT_ITEMS].join(","));
        assert_eq!(
            check_count(&enough),
            Ok(()),
            "escaped words in notes do not count"
        );
    }

    const TEXT: &str = "“We are ready,” NATO chief said in Brüssel 👍 on Tuesday.";

    fn sample_annotations() -> Vec<Annotation> {
        let mut quote =
            Annotation::by_reader("quote-1-14", AnnotationKind::Quote, Span::new(1, 14));
        quote.set_speaker(Some(SpeakerRef {
            name: "Jens Stoltenberg".into(),
            mention: Some(Span::new(16, 26)),
        }));
        quote.origin = Origin::Engine;
        quote.attribution_mut().unwrap().cue = Some(Span::new(27, 31));
        quote.attribution_mut().unwrap().source_kind = Some(SourceKind::Person);
        let mut reported =
            Annotation::by_reader("reported-0-56", AnnotationKind::Reported, Span::new(0, 56));
        reported.set_speaker(Some(SpeakerRef {
            name: "NATO chief".into(),
            mention: Some(Span::new(16, 26)),
        }));
        reported.attribution_mut().unwrap().cue = Some(Span::new(27, 31));
        reported.attribution_mut().unwrap().source_kind = Some(SourceKind::Unnamed);
        let mut place =
            Annotation::by_reader("place-35-42", AnnotationKind::Place, Span::new(35, 42));
        place.set_entity(Some("Brussels".into()));
        let mut mine =
            Annotation::by_reader("user-1", AnnotationKind::Highlight, Span::new(45, 55));
        mine.note = "<script>alert(1)</script> check this".into();
        mine.tags = vec!["verify".into(), "日本語".into()];
        vec![reported, quote, place, mine]
    }

    #[test]
    fn a_source_and_its_cue_are_bodies_that_select_the_articles_words() {
        let annotations = sample_annotations();
        let exported = serde_json::to_value(collection(&annotations, &[], TEXT, "Test")).unwrap();
        let reported = &exported["first"]["items"][0];
        assert_eq!(reported["aa:kind"], "reported");
        let bodies = reported["body"].as_array().unwrap();
        let role = |role: &str| bodies.iter().find(|b| b["aa:role"] == role).unwrap();
        assert_eq!(role("source")["type"], "SpecificResource");
        assert_eq!(role("source")["selector"]["start"], 16);
        assert_eq!(role("cue")["selector"]["end"], 31);
        assert!(bodies
            .iter()
            .any(|b| b["purpose"] == "describing" && b["value"] == "unnamed"));
    }

    #[test]
    fn export_then_import_gives_the_same_annotations() {
        let annotations = sample_annotations();
        let exported = collection(&annotations, &[], TEXT, "Test");
        let report = import(&exported.to_json(), TEXT).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.same_text, Some(true));
        let imported: Vec<Annotation> = report.items.iter().map(|i| i.annotation.clone()).collect();
        assert_eq!(imported, annotations);
        assert!(report.items.iter().all(|i| i.placement == Placement::Exact));
    }

    #[test]
    fn exported_positions_count_code_points() {
        let annotations = sample_annotations();
        let exported = serde_json::to_value(collection(&annotations, &[], TEXT, "Test")).unwrap();
        let item = &exported["first"]["items"][3];
        let selectors = item["target"]["selector"].as_array().unwrap();
        assert_eq!(selectors[0]["exact"], "on Tuesday");
        assert_eq!(selectors[1]["start"], 45);
        assert_eq!(item["body"][1]["purpose"], "commenting");
    }

    #[test]
    fn another_tools_utf16_positions_are_checked_against_the_quote() {
        let hypothesis = json!({
            "rows": [{
                "text": "a note", "tags": ["t"],
                "target": [{ "source": "https://example.com/a", "selector": [
                    { "type": "TextPositionSelector", "start": 46, "end": 56 },
                    { "type": "TextQuoteSelector", "exact": "on Tuesday", "prefix": "👍 ", "suffix": "." }
                ]}]
            }]
        });
        let report = import_value(&hypothesis, TEXT).unwrap();
        let item = &report.items[0];
        assert_eq!(item.annotation.span, Span::new(45, 55));
        assert_eq!(item.placement, Placement::Exact);
        assert_eq!(item.annotation.note, "a note");
        assert_eq!(item.annotation.tags, ["t"]);
    }

    #[test]
    fn hostile_and_broken_items_are_reported_one_by_one() {
        let file = json!([
            { "target": { "selector": { "type": "TextPositionSelector", "start": 1e300, "end": -5 } } },
            { "type": "Annotation" },
            "not an object",
            { "target": { "selector": { "type": "TextQuoteSelector", "exact": "words that are not there" } } },
            { "target": { "selector": { "type": "TextQuoteSelector", "exact": "NATO chief" } }, "body": { "value": "ok" } }
        ]);
        let report = import_value(&file, TEXT).unwrap();
        assert_eq!(
            report.items.len(),
            2,
            "the orphan and the good one are kept"
        );
        assert_eq!(report.items[0].placement, Placement::Orphan);
        assert_eq!(report.items[1].annotation.note, "ok");
        let items: Vec<Option<usize>> = report.problems.iter().map(|p| p.item).collect();
        assert_eq!(items, [Some(0), Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn files_that_are_not_annotations_are_refused_with_a_reason() {
        assert!(matches!(
            import("not json", TEXT),
            Err(ImportError::NotJson { line: 1, .. })
        ));
        assert_eq!(import("{\"a\": 1}", TEXT), Err(ImportError::NoAnnotations));
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(
            matches!(import(&deep, TEXT), Err(ImportError::NotJson { .. })),
            "deep nesting is refused, not a crash"
        );
        let big = " ".repeat(MAX_IMPORT_BYTES + 1);
        assert!(matches!(
            import(&big, TEXT),
            Err(ImportError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_file_for_another_text_says_so() {
        let annotations = sample_annotations();
        let exported = collection(&annotations, &[], TEXT, "Test");
        let edited = TEXT.replace("ready", "set");
        let report = import(&exported.to_json(), &edited).unwrap();
        assert_eq!(report.same_text, Some(false));
        assert!(report.problems[0].message.contains("different version"));
        assert_eq!(report.items.len(), annotations.len());
    }
}
