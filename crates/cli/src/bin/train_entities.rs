//! Trains the entity model on CoNLL-2003 (train split) and writes `assets/entity-model.bin`.
//!
//! usage: train-entities [--data DIR] [--out FILE] [--epochs N] [--seed S] [--prune W]
//! Deterministic: the same data and options give the same file. Prints the dev-split scores.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use cli::args::{self, Args};
use cli::evaluation::entities::{training_document, ConllDocument};
use cli::evaluation::{evaluate_entities, read_json_lines};
use domain::text::TextIndex;
use engines::extract::entities::training::{train, TrainingDocument, TrainingOptions};
use engines::extract::entities::{find_names, EntityModel};

fn read_documents(path: &PathBuf) -> Result<Vec<ConllDocument>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    read_json_lines(&text, &path.display().to_string())
}

/// Prints up to `count` disagreements with the gold spans, for error analysis.
fn show_errors(model: &EntityModel, documents: &[ConllDocument], count: usize) {
    let mut shown = 0;
    for document in documents {
        let chars: Vec<char> = document.text.chars().collect();
        let index = TextIndex::new(&document.text);
        let show = |start: usize, end: usize| chars[start..end].iter().collect::<String>();
        let predicted: Vec<(usize, usize, String)> = find_names(model, &document.text)
            .into_iter()
            .filter(|m| m.kind != engines::extract::entities::EntityType::Misc)
            .map(|m| {
                let span = index.span_of_bytes(m.bytes);
                (span.start, span.end, m.kind.conll_label().to_owned())
            })
            .collect();
        let gold: Vec<(usize, usize, String)> = document
            .entities
            .iter()
            .filter(|e| e.kind != "MISC")
            .map(|e| (e.start, e.end, e.kind.clone()))
            .collect();
        // The false positives (predicted, not gold), then the false negatives.
        for (label, found, expected) in [("FP", &predicted, &gold), ("FN", &gold, &predicted)] {
            for item in found {
                if !expected.contains(item) && shown < count {
                    let context = show(item.0.saturating_sub(30), (item.1 + 30).min(chars.len()))
                        .replace('\n', " | ");
                    println!(
                        "{label} {:4} {:30} … {}",
                        item.2,
                        show(item.0, item.1),
                        context
                    );
                    shown += 1;
                }
            }
        }
    }
}

const USAGE: &str =
    "usage: train-entities [--data DIR] [--out FILE] [--epochs N] [--seed S] [--prune W]";

/// Where to read the data, where to write the model, and how to train it.
struct Options {
    data: PathBuf,
    out: PathBuf,
    training: TrainingOptions,
}

/// The options of `args`, or `None` for `--help`.
fn parse_options(mut args: Args) -> Result<Option<Options>, args::Error> {
    let mut options = Options {
        data: PathBuf::from("../shared/data"),
        out: PathBuf::from("assets/entity-model.bin"),
        training: TrainingOptions::default(),
    };
    while let Some(flag) = args.next_flag()? {
        match flag.as_str() {
            "--data" => options.data = PathBuf::from(args.value()?),
            "--out" => options.out = PathBuf::from(args.value()?),
            "--epochs" => options.training.epochs = args.number()?,
            "--seed" => options.training.seed = args.number()?,
            "--prune" => options.training.prune_below = args.number()?,
            "-h" | "--help" => return Ok(None),
            _ => return Err(args.unknown_flag(&flag)),
        }
    }
    Ok(Some(options))
}

fn run() -> Result<(), String> {
    let Some(Options {
        data,
        out,
        training: options,
    }) = parse_options(Args::from_env(USAGE)).map_err(|error| error.to_string())?
    else {
        println!("{USAGE}");
        return Ok(());
    };
    let train_documents = read_documents(&data.join("conll2003_train.jsonl"))?;
    let dev_documents = read_documents(&data.join("conll2003_dev.jsonl"))?;
    let mut straddling = 0;
    let training: Vec<TrainingDocument> = train_documents
        .iter()
        .map(|document| {
            let (training, bad) = training_document(document);
            straddling += bad;
            training
        })
        .collect();
    let tokens: usize = training
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|(w, _)| w.len())
        .sum();
    eprintln!(
        "training on {} documents, {tokens} tokens ({straddling} straddle an entity boundary)",
        training.len()
    );
    let started = Instant::now();
    let model = train(&training, options, |epoch, wrong, seen| {
        eprintln!(
            "  epoch {epoch:2}: {:.2}% of tokens mistagged",
            100.0 * wrong as f64 / seen as f64
        );
    });
    eprintln!(
        "trained in {:.1}s; {} features",
        started.elapsed().as_secs_f64(),
        model.feature_count()
    );
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    let reloaded = EntityModel::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let report = evaluate_entities(&reloaded, &dev_documents);
    println!("dev ALL3 exact   {}", report.all3);
    println!("  person         {}", report.person);
    println!("  organisation   {}", report.organisation);
    println!("  place          {}", report.place);
    println!("type ignored     {}", report.type_ignored);
    println!("prose lines      {}", report.prose);
    if let Ok(count) = std::env::var("SHOW_ERRORS")
        .unwrap_or_default()
        .parse::<usize>()
    {
        show_errors(&reloaded, &dev_documents, count);
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train-entities: {message}");
            ExitCode::FAILURE
        }
    }
}
