//! The HTML reader on the real saved web pages of `../shared/data/web-pages` (or
//! `$ANNOTATOR_DATA_DIR/web-pages`), scored exactly as that folder's README says, against the
//! figures the project reports; where the folder is absent the test is skipped and listed in the
//! test command's summary, or fails under CI (see [`common::skip_unless_ci`]).

mod common;

use cli::evaluation::web_pages::{evaluate_pages, read_pages};

#[test]
fn the_reader_finds_the_article_headline_and_byline_of_real_pages() {
    let dir = common::data_dir().join("web-pages");
    if !dir.is_dir() {
        common::skip_unless_ci(
            &dir.display().to_string(),
            "put the gold data in ../shared/data or set ANNOTATOR_DATA_DIR to its folder",
        );
        return;
    }
    let pages = read_pages(&dir).expect("the saved pages read");
    let (report, _) = evaluate_pages(&pages);
    println!(
        "{} pages: body F1 {:.3} (P {:.3}, R {:.3}), headline {:.1} %, byline {:.1} %, {} refused",
        report.pages.len(),
        report.f1(),
        report.precision(),
        report.recall(),
        100.0 * report.headline_accuracy(),
        100.0 * report.byline_accuracy(),
        report.failed_to_open()
    );
    assert!(report.pages.len() >= 100, "the English pages are scored");
    assert_eq!(report.failed_to_open(), 0, "every article page opens");
    assert!(report.f1() >= 0.95, "body F1 {:.3}", report.f1());
    assert!(
        report.headline_accuracy() >= 0.95,
        "headline {:.3}",
        report.headline_accuracy()
    );
    assert!(
        report.byline_accuracy() >= 0.85,
        "byline {:.3}",
        report.byline_accuracy()
    );
}
