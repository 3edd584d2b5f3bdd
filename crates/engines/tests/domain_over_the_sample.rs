//! The domain's ledgers, report and backup limits over what the engines make of real text: the
//! sample article's quotes by speaker, its entities grouped, its report, and the largest article
//! the page opens. (Tests of the `domain` crate that need the engines live here: the domain
//! cannot depend on them.)

use domain::annotation::{Annotation, AnnotationKind};
use domain::article::{Block, SAMPLE_TEXT};
use domain::formats::backup::{parse_backup, Backup};
use domain::formats::report::report;
use domain::layer::{Orphan, ReaderLayer};
use domain::ledger::{annotations_by_block, entity_groups, source_ledger};
use domain::text::{IndexedText, Span};
use engines::annotations::from_analysis;
use engines::extract::analyse;
use engines::extract::entities::EntityModel;
use engines::read::parse_plain_text;

/// The model that ships with the page, loaded once.
fn shipped_model() -> &'static EntityModel {
    static MODEL: std::sync::OnceLock<EntityModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        EntityModel::from_bytes(include_bytes!("../../../assets/entity-model.bin"))
            .expect("the shipped model loads")
    })
}

fn sample() -> (IndexedText, Vec<Annotation>, Vec<Block>) {
    let article = parse_plain_text(SAMPLE_TEXT);
    let annotations = from_analysis(&analyse(&article, Some(shipped_model())));
    (
        IndexedText::new(article.text.clone()),
        annotations,
        article.blocks,
    )
}

#[test]
fn the_ledger_counts_each_speakers_voice() {
    let (text, annotations, _) = sample();
    let ledger = source_ledger(&annotations, &text);
    let names: Vec<&str> = ledger.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Rex Tillerson",
            "Jens Stoltenberg",
            "Federica Mogherini",
            "the ministers",
            "NATO-Georgia Commission",
            "NATO"
        ]
    );
    let stoltenberg = &ledger[1];
    assert_eq!(stoltenberg.quotes.len(), 3);
    // "… Jens Stoltenberg, joined by …, announced new agreements to continue collaboration …"
    assert_eq!(stoltenberg.reported.len(), 1);
    assert_eq!(stoltenberg.reported_words, 13);
    assert_eq!(stoltenberg.words, 13 + 16 + 4);
}

#[test]
fn entities_are_grouped_by_kind_most_mentioned_first() {
    let (_, annotations, _) = sample();
    let groups = entity_groups(&annotations);
    let organisations = &groups
        .iter()
        .find(|(k, _)| *k == AnnotationKind::Organisation)
        .unwrap()
        .1;
    assert_eq!(organisations[0].name, "NATO");
    let eu = organisations
        .iter()
        .find(|g| g.name == "European Union")
        .unwrap();
    assert_eq!(
        eu.mentions.len(),
        9,
        "seven EU and two European Union are one entity"
    );
}

#[test]
fn annotations_are_found_in_every_block_they_touch() {
    let (_, _, blocks) = sample();
    let crossing = Annotation::by_reader(
        "x",
        AnnotationKind::Highlight,
        Span::new(blocks[5].span.end - 3, blocks[6].span.start + 3),
    );
    let by_block = annotations_by_block(&blocks, &[crossing]);
    assert_eq!(by_block[5], [0]);
    assert_eq!(by_block[6], [0]);
    assert!(by_block[4].is_empty() && by_block[7].is_empty());
}

#[test]
fn the_report_lists_quotes_entities_and_notes() {
    let article = parse_plain_text(SAMPLE_TEXT);
    let mut annotations = from_analysis(&analyse(&article, Some(shipped_model())));
    let mut note = Annotation::by_reader("r", AnnotationKind::Claim, Span::new(146, 162));
    note.note = "<script>alert(1)</script> *check*".into();
    note.tags = vec!["people".into()];
    annotations.push(note);
    let text = IndexedText::new(article.text.clone());
    let orphan = Orphan {
        annotation: Annotation {
            note: "from the first draft".into(),
            ..Annotation::by_reader("o", AnnotationKind::Question, Span::default())
        },
        quote: "a sentence the editors cut".into(),
    };
    let report = report(
        "NATO FMs agree",
        "nato.txt",
        &text,
        &annotations,
        &[("o".into(), orphan)],
    );
    assert!(
        report.contains(
            "### Jens Stoltenberg (3 quotes, 33 words; 1 reported statement, 13 words, named person)"
        ),
        "{report}"
    );
    assert!(report.contains("- unnamed source: 3"), "{report}");
    assert!(report.contains("- European Union (9 mentions)"));
    assert!(report.contains(
        "**Claim** “Jens Stoltenberg”: \\<script\\>alert(1)\\</script\\> \\*check\\* (#people)"
    ));
    assert!(report.contains(
        "- **Question** (not placed) “a sentence the editors cut”: from the first draft"
    ));
}

#[test]
fn a_backup_of_the_largest_article_the_app_opens_is_within_the_import_limit() {
    use engines::read::{input::open_article_text, MAX_INPUT_BYTES};
    // The worst text the page accepts for JSON: one control character in twenty (more is
    // refused as binary), the rest quotation marks, each written as two bytes.
    let unit = format!("{}\u{1}", "\"".repeat(19));
    let text = unit.repeat(MAX_INPUT_BYTES / unit.len());
    let article = open_article_text("worst.txt", &text).expect("the page opens it");
    let json = Backup::new("worst.txt", "Worst", &article, &ReaderLayer::default()).to_json();
    // The largest layer that fits the browser's store: 5 million UTF-16 units of JSON, each at
    // most 3 bytes of UTF-8.
    let largest_stored_layer = 15_000_000;
    assert!(
        json.len() + largest_stored_layer <= domain::formats::MAX_IMPORT_BYTES,
        "{} bytes of text make {} bytes of backup",
        text.len(),
        json.len()
    );
    assert_eq!(
        parse_backup(&json).unwrap().text,
        text,
        "and it opens again"
    );
}
