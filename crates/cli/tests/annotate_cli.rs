//! The `annotate` command as a user runs it: files and standard input, CSV and W3C output,
//! unreadable files reported by name while the rest are processed.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use domain::formats::csv;

fn annotate(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_annotate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("annotate runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn scratch(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("annotate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/samples/nato-eu-cooperation.txt"
);

#[test]
fn csv_rows_quote_the_file_exactly_by_code_points() {
    let output = annotate(&[SAMPLE], None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = csv::parse(&String::from_utf8(output.stdout).unwrap());
    let header = &records[0];
    for column in [
        "kind",
        "start",
        "end",
        "text",
        "entity",
        "speaker",
        "speaker_start",
        "speaker_end",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "missing column {column}"
        );
    }
    let sample: Vec<char> = std::fs::read_to_string(SAMPLE).unwrap().chars().collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in &records[1..] {
        let (start, end): (usize, usize) = (
            row[column("start")].parse().unwrap(),
            row[column("end")].parse().unwrap(),
        );
        let text: String = sample[start..end].iter().collect();
        assert_eq!(row[column("text")], text);
    }
    let quotes: Vec<&Vec<String>> = records.iter().filter(|r| r[0] == "quote").collect();
    assert_eq!(quotes.len(), 7);
    let first = quotes[0];
    assert_eq!(first[column("speaker")], "Jens Stoltenberg");
    let (s, e): (usize, usize) = (
        first[column("speaker_start")].parse().unwrap(),
        first[column("speaker_end")].parse().unwrap(),
    );
    assert_eq!(sample[s..e].iter().collect::<String>(), "NATO chief");
    let eu = records.iter().find(|r| r[column("text")] == "EU").unwrap();
    assert_eq!(eu[column("entity")], "European Union");
}

#[test]
fn reported_speech_has_rows_of_its_own_with_source_cue_and_source_kind() {
    let text = "Strike\n\nOfficials said the strike killed 12 people in the town.\n\n\
                “We will rebuild,” Mayor Anna Berg said.\n";
    let output = annotate(&["-"], Some(text.as_bytes()));
    assert!(output.status.success());
    let records = csv::parse(&String::from_utf8(output.stdout).unwrap());
    let column = |name: &str| records[0].iter().position(|c| c == name).unwrap();
    let cell = |row: &Vec<String>, name: &str| row[column(name)].clone();
    let chars: Vec<char> = text.chars().collect();
    let words = |row: &Vec<String>, from: &str, to: &str| -> String {
        let (start, end) = (
            cell(row, from).parse::<usize>(),
            cell(row, to).parse::<usize>(),
        );
        chars[start.unwrap()..end.unwrap()].iter().collect()
    };
    let reported: Vec<_> = records.iter().filter(|r| r[0] == "reported").collect();
    assert_eq!(reported.len(), 1, "{records:?}");
    let row = reported[0];
    assert_eq!(
        words(row, "start", "end"),
        "the strike killed 12 people in the town"
    );
    assert_eq!(cell(row, "text"), "the strike killed 12 people in the town");
    assert_eq!(words(row, "speaker_start", "speaker_end"), "Officials");
    assert_eq!(words(row, "cue_start", "cue_end"), "said");
    assert_eq!(cell(row, "source_kind"), "unnamed");
    // The quotation is a quote row, with its cue, not a reported one.
    let quote = records
        .iter()
        .find(|r| r[0] == "quote")
        .expect("a quote row");
    assert_eq!(words(quote, "cue_start", "cue_end"), "said");
    assert_eq!(cell(quote, "source_kind"), "person");
}

#[test]
fn non_ascii_text_counts_code_points() {
    let text = "Café 👍 talks\n\n“Nous sommes prêts,” said Zoë Durand in Zürich.";
    let path = scratch("unicode.txt", text.as_bytes());
    let output = annotate(&[path.to_str().unwrap()], None);
    let records = csv::parse(&String::from_utf8(output.stdout).unwrap());
    let chars: Vec<char> = text.chars().collect();
    let quote = records
        .iter()
        .find(|r| r[0] == "quote")
        .expect("the quote is found");
    let (start, end): (usize, usize) = (quote[1].parse().unwrap(), quote[2].parse().unwrap());
    assert_eq!(
        chars[start..end].iter().collect::<String>(),
        "Nous sommes prêts,"
    );
    assert_eq!(quote[3], "Nous sommes prêts,");
}

#[test]
fn several_files_go_on_past_a_bad_one() {
    let good = scratch(
        "good.txt",
        b"Storm hits coast\n\n\"It was terrible,\" said Mayor Ana Lopez.",
    );
    let binary = scratch("photo.txt", &[0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]);
    let latin1 = scratch("latin1.txt", b"Caf\xe9 society");
    let output = annotate(
        &[
            binary.to_str().unwrap(),
            "/no/such/file.txt",
            latin1.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "exit status says not all went well"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("photo.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(stderr.contains("/no/such/file.txt"), "{stderr}");
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("good.txt") && stdout.contains("It was terrible,"),
        "the good file is processed"
    );
}

#[test]
fn standard_input_and_html_are_read() {
    let html = b"<html><body><h1>Vote delayed</h1><script>x()</script><p>\"We need time,\" said Senator Jo Baker.</p></body></html>";
    let output = annotate(&["--format", "csv"], Some(html));
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("Jo Baker") && stdout.contains("standard input"),
        "{stdout}"
    );
    assert!(!stdout.contains("x()"));
}

#[test]
fn w3c_output_is_a_collection_of_annotations() {
    let output = annotate(&["--format", "w3c", SAMPLE], None);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["type"], "AnnotationCollection");
    assert_eq!(
        value["total"].as_u64(),
        value["first"]["items"].as_array().map(|a| a.len() as u64)
    );
}

#[test]
fn the_command_line_is_checked() {
    let output = annotate(&["--format", "pdf", SAMPLE], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown format"));
    assert!(annotate(&["--help"], None).status.success());
}

/// Runs the W3C annotation-model MUST assertions (`../shared/w3c-annotation-model/check.py`, or
/// `$W3C_CHECKER`) over `annotate --format w3c`; where the checker or python's jsonschema is
/// absent the check is skipped and listed in the test command's summary, or fails under CI (see
/// [`common::skip_unless_ci`]).
#[test]
fn w3c_output_passes_the_annotation_model_musts() {
    let checker = std::env::var_os("W3C_CHECKER")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/w3c-annotation-model/check.py")
        });
    if !checker.is_file() {
        common::skip_unless_ci(
            &format!("the W3C checker {}", checker.display()),
            "put the annotation-model suite in ../shared/w3c-annotation-model or set W3C_CHECKER \
             to its check.py",
        );
        return;
    }
    let has_jsonschema = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_jsonschema {
        common::skip_unless_ci(
            "python3's jsonschema package",
            "scripts/setup.sh installs it: python3 -m pip install 'jsonschema>=4.18'",
        );
        return;
    }
    let text =
        "Zoë 👍 said: “Wir schaffen das,” in Zürich.\n\n\"A second quote,\" she added on Tuesday.";
    for (name, content) in [
        ("sample", std::fs::read(SAMPLE).unwrap()),
        ("unicode", text.as_bytes().to_vec()),
    ] {
        let input = scratch(&format!("{name}.txt"), &content);
        let output_path = scratch(&format!("{name}.w3c.json"), b"");
        let output = annotate(
            &[
                "--format",
                "w3c",
                "--output",
                output_path.to_str().unwrap(),
                input.to_str().unwrap(),
            ],
            None,
        );
        assert!(output.status.success());
        let check = Command::new("python3")
            .arg(&checker)
            .arg(&output_path)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert!(
            check.status.success(),
            "W3C MUST assertions failed for {name}:\n{report}"
        );
        assert!(report.contains(", 0 failed"), "{report}");
    }
}

#[test]
fn a_saved_news_page_reads_as_its_article_alone_in_text_format() {
    // A page written for this test as news sites make them: windows-1252, navigation, a share
    // bar, related links, a newsletter box, comments, a sidebar, a footer, JSON-LD.
    let page = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/saved-news-page.html"
    );
    let output = annotate(&["--format", "text", page], None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text
        .contains("headline: Harbour council votes to rebuild the old pier after storm damage\n"));
    assert!(
        text.contains("byline: Marie Dubois, Tomás Reyes\n"),
        "{text}"
    );
    assert!(text.contains("published: March 12, 2024\n"));
    assert!(text.contains("caption: The old pier after the February storm."));
    assert!(text.contains("subheading: Opposition to the plan\n"));
    assert!(text.contains("“This pier is part of who we are,” said council leader Anaïs Martin"));
    assert!(
        text.contains("£4.2 million"),
        "the windows-1252 bytes are read in that charset"
    );
    for boilerplate in [
        "Subscribe",
        "Home",
        "Advertisement",
        "Share on",
        "Related stories",
        "Storm closes",
        "newsletter",
        "Comments",
        "About time",
        "Most read",
        "All rights reserved",
    ] {
        assert!(
            !text.contains(boilerplate),
            "{boilerplate:?} is not the article:\n{text}"
        );
    }
}
