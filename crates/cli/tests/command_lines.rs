//! Every tool's command line as a user mistypes it: the message names what is wrong and ends with
//! the tool's usage line, and the exit status is the tool's own for a bad command line (2 for
//! `annotate` and `evaluate`, 1 for the trainers); `--help` prints the usage. Each case stops at
//! the command line, before any data is read or any file written.

use std::process::{Command, Output};

fn run(tool: &str, args: &[&str]) -> Output {
    Command::new(tool)
        .args(args)
        .output()
        .expect("the tool runs")
}

/// Runs `tool` with `args`, checks the exit status, and returns standard error, which must end
/// with the usage line (after `message`, which it must contain).
fn check_refused(tool: &str, args: &[&str], status: i32, message: &str) {
    let output = run(tool, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(status), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    let name = std::path::Path::new(tool)
        .file_name()
        .unwrap()
        .to_string_lossy();
    assert!(
        stderr.starts_with(&format!("{name}: ")) && stderr.contains(&format!("\nusage: {name} ")),
        "{args:?}: {stderr}"
    );
    assert!(output.stdout.is_empty(), "{args:?}");
}

/// `tool --help`: its exit status, standard output and standard error.
fn help(tool: &str) -> (Option<i32>, String, String) {
    let output = run(tool, &["--help"]);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn annotate_names_a_bad_flag() {
    let tool = env!("CARGO_BIN_EXE_annotate");
    check_refused(tool, &["--formt", "csv"], 2, "unknown flag --formt");
    check_refused(tool, &["--output"], 2, "--output needs a value");
    check_refused(tool, &["--format=pdf"], 2, "unknown format \"pdf\"");
    let (status, stdout, _) = help(tool);
    assert_eq!(status, Some(0));
    assert!(stdout.starts_with("usage: annotate [--format csv|w3c|text] [--output FILE]"));
}

#[test]
fn evaluate_names_a_bad_flag() {
    let tool = env!("CARGO_BIN_EXE_evaluate");
    check_refused(
        tool,
        &["--show-errors", "x.jsonl"],
        2,
        "unknown flag --show-errors",
    );
    // Its usage goes to standard error, with the status of a bad command line, as it always has.
    let (status, _, stderr) = help(tool);
    assert_eq!(status, Some(2));
    assert!(stderr.starts_with("usage: evaluate FILE..."));
    let bare = run(tool, &[]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bare.stderr).starts_with("usage: evaluate "));
}

#[test]
fn train_entities_names_a_bad_flag() {
    let tool = env!("CARGO_BIN_EXE_train-entities");
    check_refused(tool, &["--epoch", "3"], 1, "unknown flag --epoch");
    check_refused(
        tool,
        &["--epochs", "ten"],
        1,
        "--epochs takes a number, not \"ten\"",
    );
    check_refused(tool, &["--seed"], 1, "--seed needs a value");
    check_refused(tool, &["data"], 1, "unexpected argument \"data\"");
    let (status, stdout, _) = help(tool);
    assert_eq!(status, Some(0));
    assert!(stdout.starts_with("usage: train-entities [--data DIR] [--out FILE]"));
}

#[test]
fn train_speakers_names_a_bad_flag() {
    let tool = env!("CARGO_BIN_EXE_train-speakers");
    check_refused(tool, &["--fold", "5"], 1, "unknown flag --fold");
    check_refused(
        tool,
        &["--folds=five"],
        1,
        "--folds takes a number, not \"five\"",
    );
    check_refused(tool, &["--runs"], 1, "--runs needs a value");
    let (status, stdout, _) = help(tool);
    assert_eq!(status, Some(0));
    assert!(stdout.ends_with("[--runs R] [--prune W] [--folds K]\n"));
}
