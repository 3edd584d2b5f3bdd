//! W3C Web Annotation JSON-LD: export as an `AnnotationCollection`, import from collections,
//! pages, arrays or single annotations — ours or other tools' (Hypothesis, Recogito).
//!
//! Each exported annotation targets the article by the SHA-256 of its text and selects its range
//! with a `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` counting
//! Unicode code points, as the model requires. Bodies carry the kind (purpose `classifying`), the
//! entity or speaker (`identifying`), the note (`commenting`) and the tags (`tagging`); the
//! `aa:` properties repeat them exactly so that our own imports lose nothing.
//!
//! Import treats the file as hostile: every item is read on its own, every position is checked
//! against its quote (other tools count UTF-16 units), and an item that cannot be placed is kept
//! as an orphan. Nothing is dropped without a problem saying so.

use serde_json::{json, Map, Value};

use super::{text_hash, ItemProblem};
use crate::anchor::{describe_in, Anchorer, Placement, PositionSelector, QuoteSelector};
use crate::annotation::{Annotation, AnnotationKind, HighlightColor, Origin, SpeakerRef};
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

fn context() -> Value {
    json!([ANNO_CONTEXT, { "aa": OUR_NAMESPACE }])
}

/// One annotation as W3C JSON-LD (`index`: the article text's, built once for all of them).
pub fn annotation_json(annotation: &Annotation, index: &TextIndex<'_>, hash: &str) -> Value {
    let (quote, position) = describe_in(index, annotation.span);
    let selectors = json!([
        { "type": "TextQuoteSelector", "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix },
        { "type": "TextPositionSelector", "start": position.start, "end": position.end },
    ]);
    annotation_with_selectors(annotation, selectors, hash)
}

/// An annotation that could not be placed, as W3C JSON-LD: its words as a `TextQuoteSelector`
/// with no position, and `aa:placed` false. Imported again, it is looked for by its words and
/// stays an orphan when they are not there.
pub fn orphan_json(id: &str, orphan: &Orphan, hash: &str) -> Value {
    let mut annotation = orphan.annotation.clone();
    annotation.id = id.to_owned();
    let selectors = json!([{ "type": "TextQuoteSelector", "exact": orphan.quote }]);
    let mut item = annotation_with_selectors(&annotation, selectors, hash);
    item["aa:placed"] = json!(false);
    item
}

fn annotation_with_selectors(annotation: &Annotation, selectors: Value, hash: &str) -> Value {
    let mut bodies = vec![json!({
        "type": "TextualBody",
        "purpose": "classifying",
        "value": annotation.kind.label(),
        "format": "text/plain",
    })];
    let identity = annotation
        .entity
        .as_deref()
        .or(annotation.speaker.as_ref().map(|s| s.name.as_str()));
    if let Some(name) = identity {
        bodies.push(json!({ "type": "TextualBody", "purpose": "identifying", "value": name, "format": "text/plain" }));
    }
    if !annotation.note.is_empty() {
        bodies.push(json!({ "type": "TextualBody", "purpose": "commenting", "value": annotation.note, "format": "text/plain" }));
    }
    for tag in &annotation.tags {
        bodies.push(json!({ "type": "TextualBody", "purpose": "tagging", "value": tag }));
    }
    let motivation = match (annotation.kind, annotation.note.is_empty()) {
        (_, false) => "commenting",
        (AnnotationKind::Highlight, true) => "highlighting",
        (kind, true) if kind.is_entity() => "identifying",
        _ => "classifying",
    };
    let mut item = json!({
        "@context": context(),
        "id": format!("urn:article-annotator:{}:{}", &hash[..16], urn_safe(&annotation.id)),
        "type": "Annotation",
        "motivation": motivation,
        "body": bodies,
        "target": {
            "source": format!("urn:sha256:{hash}"),
            "selector": selectors,
        },
        "aa:kind": annotation.kind.label(),
        "aa:origin": match annotation.origin { Origin::Engine => "engine", Origin::Reader => "reader" },
    });
    let object = item.as_object_mut().expect("built as an object");
    if let Some(modified) = &annotation.modified {
        object.insert("modified".into(), json!(modified));
    }
    if let Some(entity) = &annotation.entity {
        object.insert("aa:entity".into(), json!(entity));
    }
    if let Some(speaker) = &annotation.speaker {
        let mut value = json!({ "name": speaker.name });
        if let Some(mention) = speaker.mention {
            value["start"] = json!(mention.start);
            value["end"] = json!(mention.end);
        }
        object.insert("aa:speaker".into(), value);
    }
    if let Some(date) = &annotation.date {
        object.insert("aa:date".into(), json!(date));
    }
    if let Some(color) = annotation.color {
        object.insert("aa:color".into(), json!(color.label()));
    }
    item
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

/// What W3C annotations cannot carry, said in every export and in the review of every W3C
/// import (a rejected mark would otherwise come back without a word).
pub const NOT_CARRIED: &str = "W3C annotations carry the marks as shown; they cannot carry marks rejected (a rejected mark is simply absent) nor renames as such (each mention carries the name shown). A backup (.json) of Article Annotator carries both.";

/// The article's annotations as one `AnnotationCollection` with one page; the orphans (by id)
/// follow the placed annotations.
pub fn collection(
    annotations: &[Annotation],
    orphans: &[(String, Orphan)],
    text: &str,
    label: &str,
) -> Value {
    let hash = text_hash(text);
    let index = TextIndex::new(text);
    let items: Vec<Value> = annotations
        .iter()
        .map(|a| annotation_json(a, &index, &hash))
        .chain(orphans.iter().map(|(id, o)| orphan_json(id, o, &hash)))
        .collect();
    let id = format!("urn:article-annotator:collection:{hash}");
    json!({
        "@context": context(),
        "id": id,
        "type": "AnnotationCollection",
        "label": if label.is_empty() { "Annotations" } else { label },
        "total": items.len(),
        "aa:textSha256": hash,
        "aa:positionUnit": "unicode code points",
        "aa:notCarried": NOT_CARRIED,
        "first": {
            "id": format!("{id}:page:0"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
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

fn string_at<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
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

/// A non-negative integer that fits the text model, or `None` (huge, negative, fractional).
fn offset(value: Option<&Value>) -> Option<usize> {
    let number = value?.as_u64()?;
    usize::try_from(number)
        .ok()
        .filter(|&n| n <= u32::MAX as usize)
}

/// Reads one annotation; returns it placed (or orphaned) and whether its target names this text.
fn read_item(
    item: &Value,
    anchorer: &Anchorer<'_>,
    hash: &str,
) -> Result<(Imported, Option<bool>), String> {
    let object = item.as_object().ok_or("not a JSON object")?;
    let target = match object.get("target") {
        Some(Value::Array(targets)) => targets.first().ok_or("its target list is empty")?,
        Some(target) => target,
        None => return Err("it has no target".into()),
    };
    let same_text = target
        .get("source")
        .and_then(Value::as_str)
        .and_then(|source| source.strip_prefix("urn:sha256:"))
        .map(|declared| declared == hash);
    let selectors: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(selector) => vec![selector],
        None => Vec::new(),
    };
    let selector_of = |kind: &str| {
        selectors
            .iter()
            .copied()
            .find(|s| s.get("type").and_then(Value::as_str) == Some(kind))
    };
    let quote = selector_of("TextQuoteSelector").map(|s| QuoteSelector {
        exact: s
            .get("exact")
            .and_then(Value::as_str)
            .map(clean_text)
            .unwrap_or_default(),
        prefix: s
            .get("prefix")
            .and_then(Value::as_str)
            .map(clean_text)
            .unwrap_or_default(),
        suffix: s
            .get("suffix")
            .and_then(Value::as_str)
            .map(clean_text)
            .unwrap_or_default(),
    });
    let position = selector_of("TextPositionSelector").and_then(|s| {
        let (start, end) = (offset(s.get("start"))?, offset(s.get("end"))?);
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
    let annotation = read_annotation(object, span.unwrap_or_default());
    Ok((
        Imported {
            annotation,
            placement,
            quote: exact,
        },
        same_text,
    ))
}

/// The annotation's content: our `aa:` properties when present, else the standard bodies.
fn read_annotation(object: &Map<String, Value>, span: Span) -> Annotation {
    let bodies: Vec<&Map<String, Value>> = match object.get("body") {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(body)) => vec![body],
        _ => Vec::new(),
    };
    // Notes and tags are taken whole here; `fit_limits` cuts them and says so.
    let body_values = |purpose: &str| -> Vec<String> {
        bodies
            .iter()
            .filter(|b| string_at(b, "purpose") == Some(purpose))
            .filter_map(|b| string_at(b, "value"))
            .map(str::to_owned)
            .collect()
    };
    let kind = string_at(object, "aa:kind")
        .and_then(AnnotationKind::from_label)
        .or_else(|| {
            body_values("classifying")
                .iter()
                .find_map(|v| AnnotationKind::from_label(v))
        })
        .unwrap_or(AnnotationKind::Highlight);
    let mut note = body_values("commenting").join("\n\n");
    // Hypothesis keeps the note in "text" and the tags in "tags".
    if note.is_empty() {
        note = string_at(object, "text")
            .map(str::to_owned)
            .unwrap_or_default();
    }
    if note.is_empty() {
        note = bodies
            .iter()
            .filter(|b| string_at(b, "purpose").is_none())
            .filter_map(|b| string_at(b, "value"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    let mut tags = body_values("tagging");
    if let Some(Value::Array(list)) = object.get("tags") {
        tags.extend(
            list.iter()
                .take(MAX_IMPORT_TAGS)
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
    tags.dedup();
    tags.truncate(MAX_IMPORT_TAGS);
    let identifying = body_values("identifying")
        .into_iter()
        .next()
        .map(|v| clean_text(&v));
    let speaker = object
        .get("aa:speaker")
        .and_then(Value::as_object)
        .map(|s| SpeakerRef {
            name: string_at(s, "name").map(clean_text).unwrap_or_default(),
            mention: offset(s.get("start"))
                .zip(offset(s.get("end")))
                .map(|(start, end)| Span::new(start, end)),
        });
    let speaker = speaker.or_else(|| {
        (kind == AnnotationKind::Quote)
            .then(|| {
                identifying.clone().map(|name| SpeakerRef {
                    name,
                    mention: None,
                })
            })
            .flatten()
    });
    let entity = string_at(object, "aa:entity")
        .map(clean_text)
        .or_else(|| kind.is_entity().then(|| identifying.clone()).flatten());
    let origin = match string_at(object, "aa:origin") {
        Some("engine") => Origin::Engine,
        _ => Origin::Reader,
    };
    let id = string_at(object, "id")
        .and_then(|id| id.rsplit(':').next())
        .filter(|id| !id.is_empty() && id.len() <= 200)
        .map(clean_text)
        .unwrap_or_else(|| format!("imported-{}-{}", span.start, span.end));
    Annotation {
        id,
        kind,
        span,
        origin,
        entity,
        speaker,
        date: string_at(object, "aa:date").map(clean_text),
        note,
        tags,
        color: string_at(object, "aa:color").and_then(HighlightColor::from_label),
        modified: string_at(object, "modified").map(clean_text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Annotation::by_reader("quote-1-14".into(), AnnotationKind::Quote, Span::new(1, 14));
        quote.speaker = Some(SpeakerRef {
            name: "Jens Stoltenberg".into(),
            mention: Some(Span::new(16, 26)),
        });
        quote.origin = Origin::Engine;
        let mut place = Annotation::by_reader(
            "place-35-42".into(),
            AnnotationKind::Place,
            Span::new(35, 42),
        );
        place.entity = Some("Brussels".into());
        let mut mine = Annotation::by_reader(
            "user-1".into(),
            AnnotationKind::Highlight,
            Span::new(45, 55),
        );
        mine.note = "<script>alert(1)</script> check this".into();
        mine.tags = vec!["verify".into(), "日本語".into()];
        vec![quote, place, mine]
    }

    #[test]
    fn export_then_import_gives_the_same_annotations() {
        let annotations = sample_annotations();
        let exported = collection(&annotations, &[], TEXT, "Test");
        let report = import(&exported.to_string(), TEXT).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.same_text, Some(true));
        let imported: Vec<Annotation> = report.items.iter().map(|i| i.annotation.clone()).collect();
        assert_eq!(imported, annotations);
        assert!(report.items.iter().all(|i| i.placement == Placement::Exact));
    }

    #[test]
    fn exported_positions_count_code_points() {
        let exported = collection(&sample_annotations(), &[], TEXT, "Test");
        let item = &exported["first"]["items"][2];
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
        let exported = collection(&sample_annotations(), &[], TEXT, "Test");
        let edited = TEXT.replace("ready", "set");
        let report = import(&exported.to_string(), &edited).unwrap();
        assert_eq!(report.same_text, Some(false));
        assert!(report.problems[0].message.contains("different version"));
        assert_eq!(report.items.len(), 3);
    }
}
