//! `annotate`: the annotations the app makes automatically, for article files or standard input,
//! in the app's export formats.
//!
//! usage: annotate [--format csv|w3c|text] [--output FILE] [FILE...]
//!
//! With no FILE, or FILE `-`, reads standard input. `csv` (the default) writes one header row and
//! one row per annotation of every file, in text order (the `file` column names it): quotations
//! and `reported` statements (found without quotation marks) with their source, cue
//! (`cue_start`, `cue_end`) and `source_kind`, as the page marks them. `w3c` writes a W3C
//! AnnotationCollection per file: one JSON document for one file, one per line for several.
//! `text` writes the article as the page reads it — headline, byline, date, then the body's
//! blocks, one per paragraph, each with its kind — so anyone can see what was taken from a page.
//! Offsets count Unicode code points into the article text, end exclusive; for a plain-text file
//! that text is the file exactly as read. A file that cannot be read is reported on standard
//! error with its name and the others are still processed. Exit status: 0 all went well, 1 some
//! file failed, 2 the command line was wrong.

use std::io::{Read, Write};
use std::process::ExitCode;

use cli::args::{self, Arg, Args};
use domain::article::{Article, BlockKind};
use domain::formats::{csv, w3c};
use engines::annotations::from_analysis;
use engines::extract::analyse;
use engines::extract::entities::EntityModel;
use engines::read::{open_article_bytes, MAX_INPUT_BYTES};

const USAGE: &str = "usage: annotate [--format csv|w3c|text] [--output FILE] [FILE...]\n\
                     With no FILE, or FILE -, reads standard input.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    W3c,
    Text,
}

struct Options {
    format: Format,
    output: Option<String>,
    files: Vec<String>,
}

/// The options of `args`, or `None` for `--help`. A word of one dash that is no flag of
/// `annotate` is a file name (`-notes.txt`), as `-` is standard input.
fn parse_options(mut args: Args) -> Result<Option<Options>, args::Error> {
    let mut options = Options {
        format: Format::Csv,
        output: None,
        files: Vec::new(),
    };
    while let Some(arg) = args.next_arg()? {
        let flag = match arg {
            Arg::Positional(file) => {
                options.files.push(file);
                continue;
            }
            Arg::Flag(flag) => flag,
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--format" | "-f" => {
                options.format = match args.value()?.as_str() {
                    "csv" => Format::Csv,
                    "w3c" | "jsonld" | "json-ld" => Format::W3c,
                    "text" | "txt" => Format::Text,
                    other => {
                        return Err(args
                            .bad_value(format!("unknown format {other:?} (use csv, w3c or text)")))
                    }
                }
            }
            "--output" | "-o" => options.output = Some(args.value()?),
            _ if flag.starts_with("--") => return Err(args.unknown_flag(&flag)),
            _ => options.files.push(flag),
        }
    }
    if options.files.is_empty() {
        options.files.push("-".into());
    }
    Ok(Some(options))
}

/// Reads a file (or standard input), refusing one over the size limit.
fn read_input(name: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let result = if name == "-" {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(name).and_then(|file| file.take(limit).read_to_end(&mut bytes))
    };
    result.map_err(|error| error.to_string())?;
    Ok(bytes)
}

fn display_name(name: &str) -> &str {
    if name == "-" {
        "standard input"
    } else {
        name
    }
}

fn annotate(model: &EntityModel, name: &str, format: Format) -> Result<String, String> {
    let bytes = read_input(name)?;
    // Standard input has no extension: its content decides between HTML and plain text.
    let article: Article = open_article_bytes(if name == "-" { "" } else { name }, &bytes)
        .map_err(|e| e.to_string())?;
    if format == Format::Text {
        return Ok(article_as_text(&article, display_name(name)));
    }
    let analysis = analyse(&article, Some(model));
    let annotations = from_analysis(&analysis);
    Ok(match format {
        Format::Csv => csv::rows(&annotations, &article.text, display_name(name)),
        Format::W3c => {
            let label = article
                .first(BlockKind::Headline)
                .map(|b| article.slice(b.span))
                .unwrap_or(display_name(name));
            w3c::collection(&annotations, &[], &article.text, label).to_json()
        }
        Format::Text => unreachable!("answered above"),
    })
}

/// The article as read: a line per block, its kind first (`headline:`, `byline:`, …; body
/// paragraphs bare), blocks apart by a blank line.
fn article_as_text(article: &Article, name: &str) -> String {
    let mut out = format!("# {name}\n\n");
    for block in &article.blocks {
        let text = article.slice(block.span);
        match block.kind {
            BlockKind::Paragraph => out.push_str(text),
            kind => out.push_str(&format!("{}: {text}", kind.label())),
        }
        out.push_str("\n\n");
    }
    out
}

fn main() -> ExitCode {
    let options = match parse_options(Args::from_env(USAGE)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("annotate: {error}");
            return ExitCode::from(2);
        }
    };
    let model = match EntityModel::from_bytes(cli::ENTITY_MODEL) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("annotate: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut outputs = Vec::new();
    let mut failed = false;
    for name in &options.files {
        match annotate(&model, name, options.format) {
            Ok(output) => outputs.push(output),
            Err(message) => {
                eprintln!("annotate: {}: {message}", display_name(name));
                failed = true;
            }
        }
    }
    let document = match options.format {
        Format::Csv => csv::header() + &outputs.concat(),
        Format::W3c if outputs.len() == 1 => outputs.remove(0) + "\n",
        Format::W3c => outputs.iter().map(|o| format!("{o}\n")).collect(),
        Format::Text => outputs.concat(),
    };
    let written = match &options.output {
        Some(path) => std::fs::write(path, document.as_bytes())
            .map_err(|e| format!("cannot write {path}: {e}")),
        None => std::io::stdout()
            .lock()
            .write_all(document.as_bytes())
            .map_err(|e| format!("cannot write: {e}")),
    };
    if let Err(message) = written {
        eprintln!("annotate: {message}");
        return ExitCode::FAILURE;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
