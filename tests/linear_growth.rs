//! Worst-case growth of everything the page does with an input, on adversarial families: for each
//! family the whole pipeline (open the input, run the engines, make the annotations, sort them
//! into blocks, lay out every block's marks) — or the import (parse, anchor, plan) — is timed at
//! size n and 2n in the same run, and time(2n) / time(n) must stay at or under 2.5: linear work
//! gives about 2, quadratic about 4. Each time is the fastest of several runs, and a family is
//! measured again (up to three times) before it fails, so a busy machine does not fail it; a
//! quadratic path fails every time.

use std::time::{Duration, Instant};

use article_annotator::domain::annotation::{from_analysis, Annotation};
use article_annotator::domain::article::input::open_article_text;
use article_annotator::domain::article::{parse_plain_text, SAMPLE_TEXT};
use article_annotator::domain::extract::analyse;
use article_annotator::domain::extract::entities::EntityModel;
use article_annotator::domain::formats::{import::plan_import, w3c};
use article_annotator::domain::layout::{layout, LayoutItem};
use article_annotator::domain::ledger::annotations_by_block;
use article_annotator::domain::text::Span;

const MAX_RATIO: f64 = 2.5;
const RUNS: usize = 5;
const ATTEMPTS: usize = 3;

fn model() -> &'static EntityModel {
    static MODEL: std::sync::OnceLock<EntityModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        EntityModel::from_bytes(include_bytes!("../assets/entity-model.bin"))
            .expect("the shipped model loads")
    })
}

/// What the page does when an article opens, up to the marks of every block.
fn open_and_lay_out(name: &str, input: &str) -> usize {
    let article = open_article_text(name, input).expect("the input opens");
    let annotations = from_analysis(&analyse(&article, Some(model())));
    let by_block = annotations_by_block(&article.blocks, &annotations);
    let mut nodes = 0;
    for (block, positions) in article.blocks.iter().zip(&by_block) {
        let items: Vec<LayoutItem> = positions
            .iter()
            .map(|&p| LayoutItem {
                span: annotations[p as usize].span,
                index: p as usize,
            })
            .collect();
        nodes += layout(block.span, &items).len();
    }
    nodes
}

fn fastest(work: &dyn Fn() -> usize) -> Duration {
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(work());
            started.elapsed()
        })
        .min()
        .expect("runs")
}

/// Times `work(n)` and `work(2n)`; passes when the ratio stays under the bound in one of
/// [`ATTEMPTS`] measurements.
fn assert_linear(family: &str, n: usize, work: impl Fn(usize) -> usize) {
    let mut ratios = Vec::new();
    for _ in 0..ATTEMPTS {
        let small = fastest(&|| work(n));
        let large = fastest(&|| work(2 * n));
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
        println!(
            "{family}: n={n} {:.1} ms, 2n {:.1} ms, ratio {ratio:.2}",
            small.as_secs_f64() * 1000.0,
            large.as_secs_f64() * 1000.0
        );
        if ratio <= MAX_RATIO {
            return;
        }
        ratios.push(ratio);
    }
    panic!("{family} grows faster than linearly: time(2n)/time(n) = {ratios:.2?}");
}

#[test]
fn unbalanced_curly_quotes_cost_linear_time() {
    assert_linear("unbalanced curly quotes", 2000, |n| {
        open_and_lay_out(
            "q.txt",
            &format!("Quotes\n\n{}end.", "He said “no and then ".repeat(n)),
        )
    });
}

#[test]
fn unbalanced_straight_quotes_cost_linear_time() {
    assert_linear("unbalanced straight quotes", 2000, |n| {
        open_and_lay_out(
            "q.txt",
            &format!("Quotes\n\n{}end.", "he wrote \"maybe ".repeat(n)),
        )
    });
}

#[test]
fn nested_elements_cost_linear_time() {
    assert_linear("nested elements", 5000, |n| {
        let html = format!(
            "<html><body><h1>Nested</h1>{}<p>Deep “text,” she said.</p>{}</body></html>",
            "<div><span>".repeat(n),
            "</span></div>".repeat(n)
        );
        open_and_lay_out("page.html", &html)
    });
}

#[test]
fn attributes_on_one_element_cost_linear_time() {
    assert_linear("attributes on one element", 5000, |n| {
        let attributes: Vec<String> = (0..n).map(|i| format!("a{i}=\"v\"")).collect();
        let html = format!(
            "<html><body><h1>Attributes</h1><p {}>Body text.</p></body></html>",
            attributes.join(" ")
        );
        open_and_lay_out("page.html", &html)
    });
}

#[test]
fn combining_marks_cost_linear_time() {
    // Stacks as high as the page accepts (a longer run is refused at the door, see
    // `MAX_COMBINING_RUN`), one after another.
    let stack = format!("a{} ", "\u{301}".repeat(1000));
    assert_linear("combining marks", 50, |n| {
        open_and_lay_out("m.txt", &format!("Marks\n\n{}and more.", stack.repeat(n)))
    });
}

#[test]
fn short_paragraphs_cost_linear_time() {
    assert_linear("short paragraphs", 4000, |n| {
        let body: Vec<String> = (0..n)
            .map(|i| format!("Line {i} by Jane Smith on Tuesday."))
            .collect();
        open_and_lay_out("p.txt", &format!("Paragraphs\n\n{}", body.join("\n\n")))
    });
}

#[test]
fn initials_and_abbreviations_cost_linear_time() {
    assert_linear("one long run of initials", 20_000, |n| {
        open_and_lay_out(
            "i.txt",
            &format!("Initials\n\nThe {} said.", "a.".repeat(n)),
        )
    });
}

#[test]
fn overlapping_marks_cost_linear_time() {
    assert_linear("marks all nested on the same words", 4000, |n| {
        let items: Vec<LayoutItem> = (0..n)
            .map(|i| LayoutItem {
                span: Span::new(i % 97, 10_000 - i % 89),
                index: i,
            })
            .collect();
        layout(Span::new(0, 10_000), &items).len()
    });
}

#[test]
fn an_import_of_many_misplaced_annotations_costs_linear_time() {
    let article = parse_plain_text(SAMPLE_TEXT);
    let current: Vec<Annotation> = from_analysis(&analyse(&article, Some(model())));
    assert_linear("W3C import, every position wrong", 2000, |n| {
        let items: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"type":"Annotation","body":{{"type":"TextualBody","purpose":"commenting","value":"note {i}"}},
                    "target":{{"selector":[{{"type":"TextQuoteSelector","exact":"partner countries"}},
                    {{"type":"TextPositionSelector","start":{},"end":{}}}]}}}}"#,
                    i % 500,
                    i % 500 + 17
                )
            })
            .collect();
        let json = format!(
            r#"{{"type":"AnnotationPage","items":[{}]}}"#,
            items.join(",")
        );
        let report = w3c::import(&json, &article.text).expect("the import reads");
        plan_import(&current, &[], report.items).new.len()
    });
}
