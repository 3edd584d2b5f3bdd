//! CSV: a header row, then one row per annotation, quoted as RFC 4180 says. The columns are those
//! of the `annotate` command; offsets count Unicode code points, end exclusive. Annotations that
//! could not be placed (orphans of an import) follow, with `placed` = `no`, no offsets, and the
//! words they quoted in `text`.

use crate::annotation::{Annotation, AnnotationId, Origin};
use crate::layer::Orphan;
use crate::text::TextIndex;

/// The columns, in order.
pub const COLUMNS: [&str; 15] = [
    "kind",
    "start",
    "end",
    "text",
    "entity",
    "speaker",
    "speaker_start",
    "speaker_end",
    "date",
    "note",
    "tags",
    "origin",
    "id",
    "file",
    "placed",
];

/// Quotes a field when it holds a comma, quote mark or line break.
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The header row, ending with CRLF.
pub fn header() -> String {
    format!("{}\r\n", COLUMNS.join(","))
}

/// One row per annotation of `text`, each ending with CRLF; `file` names the article.
pub fn rows(annotations: &[Annotation], text: &str, file: &str) -> String {
    let index = TextIndex::new(text);
    let mut out = String::new();
    for annotation in annotations {
        let span = (
            annotation.span.start.to_string(),
            annotation.span.end.to_string(),
        );
        push_row(
            &mut out,
            annotation,
            Some(span),
            annotation.text(&index),
            file,
        );
    }
    out
}

/// One row per orphan: no offsets, the words it quoted, `placed` = `no`.
pub fn orphan_rows(orphans: &[(AnnotationId, Orphan)], file: &str) -> String {
    let mut out = String::new();
    for (id, orphan) in orphans {
        let annotation = Annotation {
            id: id.clone(),
            ..orphan.annotation.clone()
        };
        push_row(&mut out, &annotation, None, &orphan.quote, file);
    }
    out
}

fn push_row(
    out: &mut String,
    annotation: &Annotation,
    span: Option<(String, String)>,
    words: &str,
    file: &str,
) {
    let speaker_mention = annotation.speaker().and_then(|s| s.mention);
    let placed = span.is_some();
    let (start, end) = span.unwrap_or_default();
    let cells = [
        annotation.kind().label().to_owned(),
        start,
        end,
        words.to_owned(),
        annotation.entity().map(str::to_owned).unwrap_or_default(),
        annotation
            .speaker()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        speaker_mention
            .filter(|_| placed)
            .map(|m| m.start.to_string())
            .unwrap_or_default(),
        speaker_mention
            .filter(|_| placed)
            .map(|m| m.end.to_string())
            .unwrap_or_default(),
        annotation
            .date()
            .map(ToString::to_string)
            .unwrap_or_default(),
        annotation.note.clone(),
        annotation.tags.join("; "),
        match annotation.origin {
            Origin::Engine => "engine".to_owned(),
            Origin::Reader => "reader".to_owned(),
        },
        annotation.id.to_string(),
        file.to_owned(),
        if placed { "yes" } else { "no" }.to_owned(),
    ];
    let line: Vec<String> = cells.iter().map(|cell| field(cell)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// A whole CSV document for one article: its annotations, then its orphans.
pub fn document(
    annotations: &[Annotation],
    orphans: &[(AnnotationId, Orphan)],
    text: &str,
    file: &str,
) -> String {
    header() + &rows(annotations, text, file) + &orphan_rows(orphans, file)
}

/// Splits a CSV document into records of fields (for tests and round trips).
pub fn parse(csv: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => current.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut current)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut current));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => current.push(c),
        }
    }
    if !current.is_empty() || !record.is_empty() {
        record.push(current);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{AnnotationKind, SpeakerRef};
    use crate::text::Span;

    #[test]
    fn rows_quote_what_needs_quoting_and_count_code_points() {
        let text = "Zoë said: \"Hi, all\" 👍\nnext line";
        let mut quote = Annotation::by_reader("q1", AnnotationKind::Quote, Span::new(11, 18));
        quote.set_speaker(Some(SpeakerRef {
            name: "Zoë".into(),
            mention: Some(Span::new(0, 3)),
        }));
        quote.note = "said \"hi\",\nthen left".into();
        quote.tags = vec!["greeting".into(), "short".into()];
        let orphan = Orphan {
            annotation: Annotation::by_reader("o", AnnotationKind::Claim, Span::default()),
            quote: "words, gone".into(),
        };
        let csv = document(&[quote], &[("o-1".into(), orphan)], text, "a.txt");
        let records = parse(&csv);
        assert_eq!(records[0], COLUMNS);
        let row = &records[1];
        assert_eq!(row[0], "quote");
        assert_eq!((row[1].as_str(), row[2].as_str()), ("11", "18"));
        assert_eq!(row[3], "Hi, all");
        assert_eq!(row[5], "Zoë");
        assert_eq!((row[6].as_str(), row[7].as_str()), ("0", "3"));
        assert_eq!(row[9], "said \"hi\",\nthen left");
        assert_eq!(row[10], "greeting; short");
        assert_eq!(row[14], "yes");
        let orphan = &records[2];
        assert_eq!(
            (orphan[0].as_str(), orphan[1].as_str(), orphan[2].as_str()),
            ("claim", "", "")
        );
        assert_eq!(orphan[3], "words, gone");
        assert_eq!((orphan[12].as_str(), orphan[14].as_str()), ("o-1", "no"));
        assert_eq!(records.len(), 3);
    }
}
