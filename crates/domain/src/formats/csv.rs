//! CSV: a header row, then one row per annotation, quoted as RFC 4180 says. The columns are those
//! of the `annotate` command; offsets count Unicode code points, end exclusive. Annotations that
//! could not be placed (orphans of an import) follow, with `placed` = `no`, no offsets, and the
//! words they quoted in `text`. A quotation's and a reported statement's row (`quote`,
//! `reported`: the content from its first to its last character) give the source as `speaker`,
//! its mention, the cue and the kind of source (`person`, `organisation`, `document`,
//! `pronoun`, `unnamed`).

use crate::annotation::{Annotation, AnnotationId, Origin};
use crate::layer::Orphan;
use crate::text::TextIndex;

/// The columns, in order.
pub const COLUMNS: [&str; 18] = [
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
    "cue_start",
    "cue_end",
    "source_kind",
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
    let cue = annotation
        .attribution()
        .and_then(|said| said.cue)
        .filter(|_| span.is_some());
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
        cue.map(|c| c.start.to_string()).unwrap_or_default(),
        cue.map(|c| c.end.to_string()).unwrap_or_default(),
        annotation
            .source_kind()
            .map_or_else(String::new, |kind| kind.label().to_owned()),
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
    use crate::annotation::{AnnotationKind, Attribution, SourceKind, SpeakerRef};
    use crate::text::Span;

    #[test]
    fn reported_rows_carry_content_source_cue_and_kind_and_quote_rows_their_cue() {
        let text = "Zoë Berg said the café, “long closed,” would reopen.";
        let mut reported = Annotation::by_reader(
            "reported-14-51",
            AnnotationKind::Reported,
            Span::new(14, 51),
        );
        *reported.attribution_mut().unwrap() = Attribution {
            speaker: Some(SpeakerRef {
                name: "Zoë Berg".into(),
                mention: Some(Span::new(0, 8)),
            }),
            cue: Some(Span::new(9, 13)),
            source_kind: Some(SourceKind::Person),
        };
        let mut quote = Annotation::by_reader("q", AnnotationKind::Quote, Span::new(25, 36));
        quote.attribution_mut().unwrap().cue = Some(Span::new(9, 13));
        quote.attribution_mut().unwrap().source_kind = Some(SourceKind::Unnamed);
        let claim = Annotation::by_reader("p", AnnotationKind::Claim, Span::new(18, 22));
        let records = parse(&(header() + &rows(&[reported, quote, claim], text, "z.txt")));
        let cells = &records[1];
        assert_eq!(cells.len(), COLUMNS.len());
        assert_eq!(cells[0], "reported");
        assert_eq!((cells[1].as_str(), cells[2].as_str()), ("14", "51"));
        assert_eq!(cells[3], "the café, “long closed,” would reopen");
        assert_eq!(cells[5], "Zoë Berg");
        assert_eq!((cells[6].as_str(), cells[7].as_str()), ("0", "8"));
        assert_eq!((cells[15].as_str(), cells[16].as_str()), ("9", "13"));
        assert_eq!(cells[17], "person");
        // A quotation's row gives its cue and source kind; other rows leave them empty.
        let cue = |row: &[String]| (row[15].clone(), row[16].clone(), row[17].clone());
        assert_eq!(
            cue(&records[2]),
            ("9".into(), "13".into(), "unnamed".into())
        );
        assert_eq!(
            cue(&records[3]),
            (String::new(), String::new(), String::new())
        );
    }

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
