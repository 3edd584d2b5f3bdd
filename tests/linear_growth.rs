//! Worst-case growth of everything the page does with an input, on adversarial families: for each
//! family the whole pipeline (open the input, run the engines, make the annotations, sort them
//! into blocks, lay out every block's marks) — or the import (read, anchor, plan) — is timed at
//! sizes n, 2n and 4n in the same run, and the growth
//!
//! ```text
//! (t(4n) − t(2n)) / (t(2n) − t(n))
//! ```
//!
//! must stay at or under [`MAX_GROWTH`]. Differences take out whatever the work costs at any size
//! (a model, an index of a fixed text, the test's own set-up), which would otherwise hide a
//! quadratic pass behind a plain ratio of times: linear work gives 2, n log n about 2.2, and a
//! quadratic pass 4 once it costs much more than the linear work around it (above 3 once it
//! costs, at n, a third of what the linear work costs there).
//!
//! Each time is the CPU time of the measuring thread, so waiting while other programs run does
//! not count. What load still adds (caches and memory shared with them) only ever adds time, so
//! each time is the fastest of all runs so far, the three sizes taken in turn so that a burst of
//! load falls on all of them; a family that does not pass is measured again ([`RUNS`] more
//! rounds, up to [`ATTEMPTS`] times), and only one family is measured at a time. Extra time at n
//! or 4n raises the growth (a busy machine is measured again, and passes once its fastest times
//! are clean); extra time at 2n lowers it, and could hide a quadratic pass, but it also raises
//! t(2n) / t(n), which must stay under the same bound (linear work at most doubles, fixed costs
//! only lower that ratio, a quadratic pass brings it towards 4). A family must also grow at all
//! (its time at 4n well above its time at n), or it would measure only its fixed cost and could
//! not fail.

use std::sync::Mutex;
use std::time::Duration;

use cpu_time::ThreadTime;

use domain::anchor::{Placement, MIN_FUZZY_SCORE};
use domain::annotation::Annotation;
use domain::formats::import::{plan_import, read_import};
use domain::layout::{layout, LayoutItem};
use domain::ledger::annotations_by_block;
use domain::text::Span;
use engines::annotations::from_analysis;
use engines::extract::analyse;
use engines::extract::entities::EntityModel;
use engines::read::input::open_article_text;
use engines::read::parse_plain_text;

/// The highest growth that passes: linear work measures about 2 and a quadratic pass about 4, so
/// 3 leaves room for noise on both sides.
const MAX_GROWTH: f64 = 3.0;
/// A family's time at 4n must exceed its time at n by at least this share of the latter, or the
/// sizes are too small to show anything but the fixed cost.
const MIN_VARIABLE_SHARE: f64 = 0.5;
/// Rounds of the three sizes in one measurement.
const RUNS: usize = 3;
/// Measurements of a family before it fails.
const ATTEMPTS: usize = 3;

/// Held while a family is measured: the test harness runs tests on several threads, and two
/// families timed at once on a small machine would disturb each other.
static MEASURING: Mutex<()> = Mutex::new(());

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

/// Runs `work` on each of the three inputs [`RUNS`] times, the inputs in turn, keeping in
/// `fastest` the fastest time of each so far. The time is the CPU time of this thread (the work
/// runs on it alone), so the time it waits while other programs run does not count.
fn measure_fastest<I>(inputs: &[I; 3], work: &dyn Fn(&I) -> usize, fastest: &mut [Duration; 3]) {
    for _ in 0..RUNS {
        for (best, input) in fastest.iter_mut().zip(inputs) {
            let started = ThreadTime::now();
            std::hint::black_box(work(input));
            *best = (*best).min(started.elapsed());
        }
    }
}

/// What a family's times at n, 2n and 4n say: its growth, or why they do not pass.
fn judge([small, medium, large]: [f64; 3]) -> Result<f64, String> {
    if large - small < MIN_VARIABLE_SHARE * small {
        return Err(format!(
            "the time at 4n ({large:.1} ms) is hardly above n's ({small:.1} ms)"
        ));
    }
    if medium <= small {
        return Err(format!(
            "the time at 2n ({medium:.1} ms) is not above n's ({small:.1} ms)"
        ));
    }
    let growth = (large - medium) / (medium - small);
    let doubling = medium / small;
    if growth > MAX_GROWTH || doubling > MAX_GROWTH {
        return Err(format!(
            "(t(4n) − t(2n)) / (t(2n) − t(n)) = {growth:.2} and t(2n) / t(n) = {doubling:.2}: \
             not both at most {MAX_GROWTH}"
        ));
    }
    Ok(growth)
}

/// Measures `work` on the family's inputs of sizes n, 2n and 4n (made by `input` beforehand, so
/// that only the work is timed) until [`judge`] passes the fastest times, at most [`ATTEMPTS`]
/// times.
fn assert_linear<I>(
    family: &str,
    n: usize,
    input: impl Fn(usize) -> I,
    work: impl Fn(&I) -> usize,
) {
    let _one_at_a_time = MEASURING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let inputs = [input(n), input(2 * n), input(4 * n)];
    let mut fastest = [Duration::MAX; 3];
    let mut failures = Vec::new();
    for _ in 0..ATTEMPTS {
        measure_fastest(&inputs, &work, &mut fastest);
        let times = fastest.map(|t| t.as_secs_f64() * 1000.0);
        let [small, medium, large] = times;
        let verdict = judge(times);
        println!(
            "{family}: n={n} {small:.1} ms, 2n {medium:.1} ms, 4n {large:.1} ms: {verdict:.2?}"
        );
        match verdict {
            Ok(_) => return,
            Err(why) => failures.push(why),
        }
    }
    panic!("{family} does not grow linearly: {failures:?}");
}

#[test]
fn unbalanced_curly_quotes_cost_linear_time() {
    assert_linear(
        "unbalanced curly quotes",
        400,
        |n| format!("Quotes\n\n{}end.", "He said “no and then ".repeat(n)),
        |text| open_and_lay_out("q.txt", text),
    );
}

#[test]
fn unbalanced_straight_quotes_cost_linear_time() {
    assert_linear(
        "unbalanced straight quotes",
        500,
        |n| format!("Quotes\n\n{}end.", "he wrote \"maybe ".repeat(n)),
        |text| open_and_lay_out("q.txt", text),
    );
}

#[test]
fn reported_speech_cues_cost_linear_time() {
    // One endless sentence of phrases, commas and clause openers with its cue at the very end
    // (every token before it is looked at as a cue), and endless cues with their contents.
    assert_linear(
        "reported speech cues",
        2_000,
        |n| {
            format!(
                "{} officials said. {}",
                "the board, which met in the city, and the committee ".repeat(n),
                "officials said that sources told reporters, who argued ".repeat(n)
            )
        },
        |text| engines::extract::attribution::reported::find_reported(text).len() + 1,
    );
}

#[test]
fn quotations_and_reported_statements_together_cost_linear_time() {
    // Every reading of every sentence is checked against the quotations it overlaps, and each
    // kept statement's source resolved: many of both at once.
    assert_linear(
        "quotations and reported statements",
        1_000,
        |n| {
            format!(
                "Both\n\n{}",
                "\u{201c}We will act,\u{201d} she said. Officials said the plan would fail, a source told reporters. "
                    .repeat(n)
            )
        },
        |text| {
            engines::extract::analyse_text(text, None, None)
                .reported
                .len()
                + 1
        },
    );
}

#[test]
fn nested_elements_cost_linear_time() {
    assert_linear(
        "nested elements",
        400,
        |n| {
            format!(
                "<html><body><h1>Nested</h1>{}<p>Deep “text,” she said.</p>{}</body></html>",
                "<div><span>".repeat(n),
                "</span></div>".repeat(n)
            )
        },
        |html| open_and_lay_out("page.html", html),
    );
}

#[test]
fn attributes_on_one_element_cost_linear_time() {
    assert_linear(
        "attributes on one element",
        60_000,
        |n| {
            let attributes: Vec<String> = (0..n).map(|i| format!("a{i}=\"v\"")).collect();
            format!(
                "<html><body><h1>Attributes</h1><p {}>Body text.</p></body></html>",
                attributes.join(" ")
            )
        },
        |html| open_and_lay_out("page.html", html),
    );
}

#[test]
fn combining_marks_cost_linear_time() {
    // Stacks as high as the page accepts (a longer run is refused at the door, see
    // `MAX_COMBINING_RUN`), one after another.
    let stack = format!("a{} ", "\u{301}".repeat(1000));
    assert_linear(
        "combining marks",
        50,
        |n| format!("Marks\n\n{}and more.", stack.repeat(n)),
        |text| open_and_lay_out("m.txt", text),
    );
}

#[test]
fn short_paragraphs_cost_linear_time() {
    assert_linear(
        "short paragraphs",
        400,
        |n| {
            let body: Vec<String> = (0..n)
                .map(|i| format!("Line {i} by Jane Smith on Tuesday."))
                .collect();
            format!("Paragraphs\n\n{}", body.join("\n\n"))
        },
        |text| open_and_lay_out("p.txt", text),
    );
}

#[test]
fn initials_and_abbreviations_cost_linear_time() {
    assert_linear(
        "one long run of initials",
        40_000,
        |n| format!("Initials\n\nThe {} said.", "a.".repeat(n)),
        |text| open_and_lay_out("i.txt", text),
    );
}

#[test]
fn overlapping_marks_cost_linear_time() {
    assert_linear(
        "marks all nested on the same words",
        30_000,
        |n| {
            (0..n)
                .map(|i| LayoutItem {
                    span: Span::new(i % 97, 10_000 - i % 89),
                    index: i,
                })
                .collect::<Vec<_>>()
        },
        |items| layout(Span::new(0, 10_000), items).len(),
    );
}

/// The article as it is now, edited since the imported annotations were made: each phrase they
/// quote is in it with a letter or two changed.
const EDITED_ARTICLE: &str = "Flood defences agreed\n\n\
    Ministers from twelve partner countries agreed a common budget for coastal defence.";

/// Quoted words as another tool stored them, before the article was edited: none is in
/// [`EDITED_ARTICLE`] exactly, each is there with one or two edits.
const STALE_QUOTES: &[&str] = &[
    "partner countires",
    "a comon budget",
    "coastal defense",
    "Minsters from twelve",
    "twelve partner contries",
];

#[test]
fn an_import_of_annotations_whose_words_changed_costs_linear_time() {
    let article = parse_plain_text(EDITED_ARTICLE);
    let current: Vec<Annotation> = from_analysis(&analyse(&article, Some(model())));
    // Every stored position is wrong and no quote is in the text as written, so each annotation
    // goes past the position check and the exact search to the fuzzy match.
    let annotations = |n: usize| {
        let items: Vec<String> = (0..n)
            .map(|i| {
                let quote = STALE_QUOTES[i % STALE_QUOTES.len()];
                format!(
                    r#"{{"body":{{"type":"TextualBody","value":"note {i}"}},"target":{{"selector":[
                    {{"type":"TextQuoteSelector","exact":"{quote}"}},
                    {{"type":"TextPositionSelector","start":{},"end":{}}}]}}}}"#,
                    i % 50,
                    i % 50 + quote.len()
                )
            })
            .collect();
        (n, format!("[{}]", items.join(",")))
    };
    // Each annotation's fuzzy match costs far more than the rest of the import, so the sizes
    // are large: a quadratic pass must cost, at n, a third of that linear work to show.
    assert_linear(
        "W3C import, every quote edited",
        2000,
        annotations,
        |(n, json)| {
            let (imported, _problems) = read_import(&article.text, json).expect("the import reads");
            let by_fuzzy_match = imported
                .iter()
                .filter(|item| {
                    matches!(item.placement, Placement::Fuzzy { score } if score >= MIN_FUZZY_SCORE)
                })
                .count();
            assert_eq!(
                by_fuzzy_match, *n,
                "every annotation is placed by the fuzzy match, none exactly, by its position \
                 alone or left as an orphan (the search budget must not run out at these sizes)"
            );
            plan_import(&current, &[], imported).new.len()
        },
    );
}
