//! What the integration tests share about inputs that live outside the repository (the gold
//! data of `../shared/data`, the W3C annotation-model checker): where to find them, and what a
//! test does when one is absent. On a developer's machine the test skips the check and records a
//! `SKIPPED: …` line in [`SKIPS_FILE`], which `scripts/test.sh` prints in its final summary (cargo
//! hides a passing test's output, so a message alone would pass unseen); under CI, where every
//! input must be present, the test fails and says what to provide.

// Every test crate compiles its own copy of this module and uses a part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// Where the skipped checks are listed, under the project's `target/` (cleared and printed by
/// `scripts/test.sh`).
pub const SKIPS_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/test-skips.txt");

/// The gold data folder: `$ANNOTATOR_DATA_DIR`, else `../shared/data` beside the project.
pub fn data_dir() -> PathBuf {
    std::env::var_os("ANNOTATOR_DATA_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// Whether the tests run under CI: `CI` set to anything but empty, `0` or `false` (CI services
/// set `CI=true`).
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| {
        let value = value.trim();
        !value.is_empty() && value != "0" && !value.eq_ignore_ascii_case("false")
    })
}

/// A check cannot run because `missing` is absent; `remedy` says how to provide it. Under CI the
/// calling test fails with both; elsewhere the check is recorded as skipped (the caller then
/// returns) in [`SKIPS_FILE`], named by the test's file and name.
#[track_caller]
pub fn skip_unless_ci(missing: &str, remedy: &str) {
    let test_file = std::panic::Location::caller().file();
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    if under_ci() {
        panic!(
            "{missing} is absent, and CI is set: under CI every check must run. To provide it: \
             {remedy}."
        );
    }
    let line = format!("SKIPPED: {test_file} {test}: {missing} is absent ({remedy})");
    eprintln!("{line}");
    let recorded = std::fs::create_dir_all(
        std::path::Path::new(SKIPS_FILE)
            .parent()
            .expect("the file is in a folder"),
    )
    .and_then(|()| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(SKIPS_FILE)
    })
    .and_then(|mut file| writeln!(file, "{line}"));
    if let Err(error) = recorded {
        // The skip must not pass unseen: without the file, the test fails instead.
        panic!("{line}; and it could not be recorded in {SKIPS_FILE}: {error}");
    }
}
