//! A backup file opened or imported: never a panic; the article it yields has its blocks inside
//! its text, and its annotations placed in another text lie inside that text.
#![no_main]

use domain::anchor::Placement;
use domain::article::SAMPLE_TEXT;
use domain::formats::backup::{parse_backup, place_in};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(backup) = parse_backup(input) {
        fuzz_checks::check_backup(&backup);
        let (placed, _) = place_in(&backup, SAMPLE_TEXT);
        let length = SAMPLE_TEXT.chars().count();
        for item in placed.iter().filter(|i| i.placement != Placement::Orphan) {
            assert!(item.annotation.span.end <= length);
        }
    }
});

#[path = "../checks.rs"]
mod fuzz_checks;
