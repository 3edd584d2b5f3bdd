//! Round-trip property tests of every format that can be read back — W3C JSON-LD, the backup, the
//! share link, the single-file page's embedded article, the stored entry and CSV — over articles
//! mixing emoji (with joiners and flags), CJK, combining marks and right-to-left text, with
//! annotations whose edges may fall anywhere, even inside a grapheme.

use proptest::prelude::*;

use super::backup::{parse_backup, Backup};
use super::html::{embed_in_app, EMBEDDED_ID};
use super::share::{decode_share, encode_share};
use super::{csv, w3c};
use crate::anchor::Placement;
use crate::annotation::{Annotation, AnnotationKind, HighlightColor, Origin, SpeakerRef};
use crate::article::{split_at_blank_lines as parse_plain_text, Article};
use crate::layer::{write, ReaderLayer};
use crate::store::{decode_article, encode_article, SavedArticle};
use crate::sync::Stamp;
use crate::text::{slice_chars, Span};

/// Words from many scripts; an article is made of them.
const WORDS: &[&str] = &[
    "NATO",
    "said",
    "Zoë",
    "naïve",
    "e\u{301}te\u{301}",
    "Åström",
    "日本語",
    "北京",
    "한국어",
    "👍",
    "👩\u{200d}👩\u{200d}👧",
    "🇪🇺",
    "שלום",
    "مرحبا",
    "\u{200f}עברית\u{200f}",
    "“quoted”",
    "‘single’",
    "\"straight\"",
    "<b>&amp;</b>",
    "a,b",
    "x\ty",
    "𝔘𝔫𝔦",
];

/// Notes and names the reader might type: the same scripts, line breaks and markup.
const NOTES: &[&str] = &[
    "",
    "Check this 👍",
    "Is this right?\nSecond line",
    "<script>alert(1)</script>",
    "מקור: \"ynet\"",
    "中文笔记, with a comma",
    "e\u{301}",
];

const TAGS: &[&str] = &["verify", "日本", "🇪🇺", "source", "عربي"];

fn article() -> impl Strategy<Value = Article> {
    proptest::collection::vec(
        proptest::collection::vec(proptest::sample::select(WORDS), 1..12),
        1..5,
    )
    .prop_map(|paragraphs| {
        let text: Vec<String> = paragraphs.iter().map(|words| words.join(" ")).collect();
        parse_plain_text(&format!("{}\n", text.join("\n\n")))
    })
}

/// Raw choices for one annotation, placed once the article's length is known.
type RawAnnotation = (usize, usize, usize, usize, usize, bool, usize);

fn raw_annotations() -> impl Strategy<Value = Vec<RawAnnotation>> {
    proptest::collection::vec(
        (
            any::<usize>(),
            1usize..30,
            0..AnnotationKind::ALL.len(),
            0..NOTES.len(),
            0usize..32,
            any::<bool>(),
            0..HighlightColor::ALL.len(),
        ),
        0..8,
    )
}

fn place(raw: &[RawAnnotation], length: usize) -> Vec<Annotation> {
    raw.iter()
        .enumerate()
        .filter(|_| length > 0)
        .map(
            |(number, &(at, span_length, kind, note, tags, engine, color))| {
                let start = at % length;
                let span = Span::new(start, (start + span_length).min(length));
                let kind = AnnotationKind::ALL[kind];
                let mut annotation = Annotation::by_reader(format!("a-{number}"), kind, span);
                annotation.note = NOTES[note].to_owned();
                annotation.tags = TAGS
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| tags & (1 << bit) != 0)
                    .map(|(_, tag)| (*tag).to_owned())
                    .collect();
                if engine {
                    annotation.origin = Origin::Engine;
                }
                if kind.is_entity() {
                    annotation
                        .set_entity(Some(NOTES[(note + 1) % NOTES.len()].to_owned() + "Name"));
                }
                if kind == AnnotationKind::Quote {
                    annotation.set_speaker(Some(SpeakerRef {
                        name: "Jens Stoltenberg 日本".into(),
                        mention: Some(Span::new(0, 1.min(length))),
                    }));
                }
                if kind == AnnotationKind::Date {
                    annotation.set_date(Some("2017-12-05".parse().unwrap()));
                }
                if kind == AnnotationKind::Highlight {
                    annotation.set_color(Some(HighlightColor::ALL[color]));
                }
                annotation
            },
        )
        .collect()
}

/// The reader's annotations among `annotations` as a layer, each written at its own time.
fn layer_of(annotations: &[Annotation]) -> ReaderLayer {
    let mut layer = ReaderLayer::default();
    for (order, annotation) in annotations.iter().enumerate() {
        if annotation.origin == Origin::Reader {
            let at = Stamp {
                millis: order as u64,
                counter: 0,
                replica: 7,
            };
            write(
                &mut layer.annotations,
                annotation.id.clone(),
                Some(annotation.clone()),
                at,
            );
        }
    }
    layer
}

fn backup_of(article: &Article, annotations: &[Annotation]) -> Backup {
    Backup::new(
        "article 日本.txt",
        "Title ‏עברית",
        article,
        &layer_of(annotations),
    )
}

proptest! {
    #[test]
    fn w3c_export_imports_as_the_same_annotations(article in article(), raw in raw_annotations()) {
        let annotations = place(&raw, article.text.chars().count());
        let exported = w3c::collection(&annotations, &[], &article.text, "Title 🇪🇺").to_json();
        let report = w3c::import(&exported, &article.text).unwrap();
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        prop_assert_eq!(report.same_text, Some(true));
        prop_assert!(report.items.iter().all(|item| item.placement == Placement::Exact));
        let imported: Vec<Annotation> =
            report.items.into_iter().map(|item| item.annotation).collect();
        prop_assert_eq!(imported, annotations);
    }

    #[test]
    fn w3c_annotations_find_their_words_in_an_edited_article(
        article in article(),
        raw in raw_annotations(),
        inserted in proptest::sample::select(WORDS),
    ) {
        let annotations = place(&raw, article.text.chars().count());
        let exported = w3c::collection(&annotations, &[], &article.text, "Title").to_json();
        let edited = format!("{inserted} 🇪🇺 {}", article.text);
        let report = w3c::import(&exported, &edited).unwrap();
        prop_assert_eq!(report.same_text, Some(false));
        prop_assert_eq!(report.items.len(), annotations.len(), "none dropped");
        for (item, original) in report.items.iter().zip(&annotations) {
            prop_assert_ne!(item.placement, Placement::Orphan, "{:?}", item.quote);
            prop_assert_eq!(
                slice_chars(&edited, item.annotation.span),
                slice_chars(&article.text, original.span),
                "the same words are marked"
            );
        }
    }

    #[test]
    fn a_backup_reads_back_whole(article in article(), raw in raw_annotations()) {
        let annotations = place(&raw, article.text.chars().count());
        let backup = backup_of(&article, &annotations);
        let read = parse_backup(&backup.to_json()).unwrap();
        prop_assert_eq!(read.article(), article);
        prop_assert_eq!(read, backup);
    }

    #[test]
    fn a_share_link_opens_as_it_was_made(article in article(), raw in raw_annotations()) {
        let annotations = place(&raw, article.text.chars().count());
        let backup = backup_of(&article, &annotations);
        let fragment = encode_share(&backup);
        prop_assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)));
        prop_assert_eq!(decode_share(&fragment).unwrap(), Some(backup));
    }

    #[test]
    fn the_single_file_page_carries_the_article_unchanged(
        article in article(),
        raw in raw_annotations(),
    ) {
        let annotations = place(&raw, article.text.chars().count());
        let backup = backup_of(&article, &annotations);
        let page = embed_in_app("<html><body><p>app</p></body></html>", &backup).unwrap();
        let opening = format!("<script type=\"application/json\" id=\"{EMBEDDED_ID}\">");
        let start = page.find(&opening).unwrap() + opening.len();
        let end = start + page[start..].find("</script>").unwrap();
        let embedded = &page[start..end];
        prop_assert!(!embedded.contains('<'), "nothing in it can close the element");
        prop_assert_eq!(parse_backup(embedded).unwrap(), backup);
    }

    #[test]
    fn a_stored_entry_reads_back_whole(article in article(), raw in raw_annotations()) {
        let annotations = place(&raw, article.text.chars().count());
        let saved = SavedArticle {
            name: "a.txt".into(),
            article,
            layer: layer_of(&annotations),
            last_opened: "2026-11-28T20:00:00Z".into(),
        };
        prop_assert_eq!(decode_article(&encode_article(&saved)).unwrap(), saved);
    }

    #[test]
    fn csv_rows_carry_the_marked_words_and_notes(article in article(), raw in raw_annotations()) {
        let annotations = place(&raw, article.text.chars().count());
        let document = csv::document(&annotations, &[], &article.text, "a,b.txt");
        let records = csv::parse(&document);
        prop_assert_eq!(records.len(), annotations.len() + 1);
        prop_assert_eq!(&records[0], &csv::COLUMNS.map(str::to_owned).to_vec());
        for (record, annotation) in records[1..].iter().zip(&annotations) {
            prop_assert_eq!(record.len(), csv::COLUMNS.len());
            let start: usize = record[1].parse().unwrap();
            let end: usize = record[2].parse().unwrap();
            prop_assert_eq!(Span::new(start, end), annotation.span);
            prop_assert_eq!(&record[3], slice_chars(&article.text, annotation.span));
            prop_assert_eq!(&record[9], &annotation.note);
            prop_assert_eq!(&record[10], &annotation.tags.join("; "));
            prop_assert_eq!(&record[13], "a,b.txt");
        }
    }
}
