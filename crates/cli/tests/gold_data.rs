//! The engines scored on the development data in `../shared/data` (or `$ANNOTATOR_DATA_DIR`),
//! exactly as the evaluation command does, and on the sample's gold file. The figures asserted
//! are the ones the project reports; where the data is absent a test is skipped and listed in
//! the test command's summary, or fails under CI (see [`common::skip_unless_ci`]).

mod common;

use cli::evaluation::attributions::{
    evaluate_attributions, gold_as_found, score_attributions, AttributionDocument, AttributionKind,
    AttributionReport, Engines,
};
use cli::evaluation::sample::{score_sample, SampleGold};
use cli::evaluation::{evaluate_entities, evaluate_quotes, read_json_lines};
use domain::article::SAMPLE_TEXT;
use engines::extract::analyse;
use engines::extract::entities::EntityModel;
use engines::read::parse_plain_text;

fn model() -> EntityModel {
    EntityModel::from_bytes(cli::ENTITY_MODEL).expect("the shipped model loads")
}

/// A gold data file's text; `None`, after [`common::skip_unless_ci`], when it is absent (a file
/// that is there but cannot be read fails the test).
#[track_caller]
fn data_file(name: &str) -> Option<String> {
    let path = common::data_dir().join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            common::skip_unless_ci(
                &path.display().to_string(),
                "put the gold data in ../shared/data or set ANNOTATOR_DATA_DIR to its folder",
            );
            None
        }
        Err(error) => panic!("{}: {error}", path.display()),
    }
}

#[test]
fn entity_model_scores_what_the_project_reports_on_conll_dev() {
    let Some(text) = data_file("conll2003_dev.jsonl") else {
        return;
    };
    let documents = read_json_lines(&text, "conll2003_dev.jsonl").unwrap();
    let report = evaluate_entities(&model(), &documents);
    eprintln!("CoNLL-2003 dev ALL3 {}", report.all3);
    assert!(
        report.all3.f1() >= 91.0,
        "ALL3 exact F1 {:.1} < 91.0",
        report.all3.f1()
    );
}

#[test]
fn quote_engine_scores_what_the_project_reports_on_polnear_dev() {
    let Some(text) = data_file("polnear_quotes_dev.jsonl") else {
        return;
    };
    let documents = read_json_lines(&text, "polnear_quotes_dev.jsonl").unwrap();
    let report = evaluate_quotes(&model(), &documents);
    eprintln!(
        "PolNeAR dev overlap {} speaker {:.1} e2e {}",
        report.overlap,
        report.speaker_accuracy(),
        report.end_to_end
    );
    assert!(
        report.overlap.f1() >= 96.0,
        "overlap F1 {:.1}",
        report.overlap.f1()
    );
    // The speaker ranker is learned from train only; its 5-fold cross-validation on train gives
    // 93.5 (folds 92.9 to 94.0) and dev 92.8, so a line at 92.0 holds what we can honestly
    // expect on articles nobody tuned to, not what dev happens to give.
    assert!(
        report.speaker_accuracy() >= 92.0,
        "speaker accuracy {:.1}",
        report.speaker_accuracy()
    );
    assert!(
        report.end_to_end.f1() >= 88.0,
        "end-to-end F1 {:.1}",
        report.end_to_end.f1()
    );
}

#[test]
fn attribution_scoring_on_polnear_dev_gives_a_perfect_engine_full_marks_and_todays_quotes_their_share(
) {
    let Some(text) = data_file("polnear_attributions_dev.jsonl") else {
        return;
    };
    let documents: Vec<AttributionDocument> =
        read_json_lines(&text, "polnear_attributions_dev.jsonl").unwrap();
    // The gold itself, scored as an engine's answer: every trimmed content matches itself.
    let mut perfect = AttributionReport::default();
    for document in &documents {
        let found = gold_as_found(document);
        perfect.add(&score_attributions(
            &document.text,
            &document.attributions,
            &found,
        ));
    }
    assert_eq!(perfect.content.f1(), 100.0, "{}", perfect.content);
    assert_eq!(perfect.exact.f1(), 100.0, "{}", perfect.exact);
    assert_eq!(perfect.source_accuracy(), 100.0);
    assert_eq!(perfect.cue_accuracy(), 100.0);
    assert_eq!(perfect.end_to_end.f1(), 100.0);
    // Today's engine marks quotations only: most direct attributions, no indirect one, and the
    // speakers it names are right (dev: content F1 26.3, source 93.7, cue 85.3, direct recall 83.2).
    let report = evaluate_attributions(&model(), &documents, Engines::QuotesOnly);
    eprintln!(
        "PolNeAR attributions dev: content {} source {:.1} e2e {}",
        report.content,
        report.source_accuracy(),
        report.end_to_end
    );
    assert!(report.recall_of(AttributionKind::Direct) >= 80.0);
    assert!(report.source_accuracy() >= 90.0);
    assert!(
        report.content.f1() >= 25.0,
        "content F1 {:.1}",
        report.content.f1()
    );
    // With the reported speech of the first rules (written against train; dev 53.4, e2e 47.5,
    // indirect recall 33.8): the floor a change to the rules must keep.
    let reported = evaluate_attributions(&model(), &documents, Engines::QuotesAndReported);
    eprintln!(
        "with reported speech: content {} e2e {}",
        reported.content, reported.end_to_end
    );
    assert!(
        reported.content.f1() >= 50.0,
        "content F1 {:.1}",
        reported.content.f1()
    );
    assert!(
        reported.end_to_end.f1() >= 45.0,
        "e2e F1 {:.1}",
        reported.end_to_end.f1()
    );
    assert!(reported.recall_of(AttributionKind::Indirect) >= 30.0);
    assert!(
        reported.recall_of(AttributionKind::Direct) >= 80.0,
        "quotations kept"
    );
}

#[test]
fn the_sample_gold_file() {
    let gold: SampleGold = serde_json::from_str(include_str!(
        "../../../assets/samples/nato-eu-cooperation.gold.json"
    ))
    .unwrap();
    let report = score_sample(
        &gold,
        &analyse(&parse_plain_text(SAMPLE_TEXT), Some(&model())),
    );
    assert!(
        report.entities.f1() >= 95.0,
        "entity F1 {:.1}: {:?}",
        report.entities.f1(),
        report.problems
    );
    assert_eq!(
        report.names_right, report.entities.true_positives,
        "{:?}",
        report.problems
    );
    assert_eq!(
        report.quotes_exact.true_positives, 7,
        "{:?}",
        report.problems
    );
    assert_eq!(report.speakers_right, 7, "{:?}", report.problems);
}
