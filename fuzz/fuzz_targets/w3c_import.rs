//! W3C annotations from a file or another tool, placed in the sample article: never a panic, and
//! whatever is placed lies inside the text.
#![no_main]

use domain::anchor::Placement;
use domain::article::SAMPLE_TEXT;
use domain::formats::import::plan_import;
use domain::formats::w3c;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(report) = w3c::import(input, SAMPLE_TEXT) else {
        return;
    };
    let length = SAMPLE_TEXT.chars().count();
    for item in &report.items {
        if item.placement != Placement::Orphan {
            let span = item.annotation.span;
            assert!(
                span.start <= span.end && span.end <= length,
                "{span:?} outside the text"
            );
        }
    }
    let count = report.items.len();
    let plan = plan_import(&[], &[], report.items);
    assert!(plan.new.len() + plan.duplicates + plan.conflicts.len() + plan.orphans.len() <= count);
});
