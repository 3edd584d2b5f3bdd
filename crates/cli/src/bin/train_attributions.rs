//! Trains the choice among reported-speech readings on PolNeAR attributions (train split) and
//! writes `assets/statement-model.txt`; or, with `--folds K`, estimates how it does on unseen
//! articles by K-fold cross-validation on the train split (nothing is written).
//!
//! Each sentence's readings come from the rules (`engines::extract::attribution::reported::candidates`); a
//! reading is taught as right when its content matches a gold attribution and its source is
//! right for it (the scoring of `../shared/data/README.md`). The dev split is only printed.
//!
//! usage: train-attributions [--data DIR] [--out FILE] [--epochs N] [--seed S] [--prune W] [--margin M] [--folds K]
//! Deterministic: the same data and options give the same file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use cli::args::{self, Args};
use cli::evaluation::attributions::{
    found_with, is_right, score_attributions, AttributionDocument, AttributionReport,
};
use cli::evaluation::read_json_lines;
use domain::text::TextIndex;
use engines::extract::attribution::reported::model::{train, TrainingOptions};
use engines::extract::attribution::reported::{prepared_candidates, Choosing, StatementModel};
use engines::extract::entities::EntityModel;
use engines::extract::{analyse_text, Analysis};

/// A document with what the engines found in it, and its readings as training examples.
struct Prepared {
    document: AttributionDocument,
    analysis: Analysis,
    examples: Vec<(Vec<String>, bool)>,
}

fn read_documents(path: &Path, model: &EntityModel) -> Result<Vec<Prepared>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let documents: Vec<AttributionDocument> = read_json_lines(&text, &path.display().to_string())?;
    Ok(documents
        .into_iter()
        .map(|document| {
            let analysis = analyse_text(&document.text, Some(model), None);
            let chars: Vec<char> = document.text.chars().collect();
            let index = TextIndex::new(&document.text);
            let examples = prepared_candidates(&index, &analysis.quotes, &analysis.mentions, true)
                .into_iter()
                .map(|candidate| {
                    let right = is_right(&chars, &document.attributions, &candidate.found);
                    (candidate.features.names, right)
                })
                .collect();
            Prepared {
                document,
                analysis,
                examples,
            }
        })
        .collect())
}

/// The scores of the quotations and the reported statements chosen as asked.
fn evaluate(documents: &[&Prepared], choosing: Choosing<'_>) -> AttributionReport {
    let mut report = AttributionReport::default();
    for prepared in documents {
        let text = &prepared.document.text;
        let found = found_with(text, &prepared.analysis, choosing);
        report.add(&score_attributions(
            text,
            &prepared.document.attributions,
            &found,
        ));
    }
    report
}

fn examples_of<'p>(documents: impl Iterator<Item = &'p Prepared>) -> Vec<(Vec<String>, bool)> {
    documents.flat_map(|d| d.examples.iter().cloned()).collect()
}

fn print_report(title: &str, report: &AttributionReport) {
    println!("{title}");
    print!("{}", report.describe("  "));
}

fn cross_validate(
    documents: &[Prepared],
    options: TrainingOptions,
    folds: usize,
) -> Result<(), String> {
    if folds < 2 {
        return Err("--folds needs at least 2".into());
    }
    let (mut learned, mut rules) = (AttributionReport::default(), AttributionReport::default());
    for fold in 0..folds {
        let in_fold = |i: usize| i % folds == fold;
        let learn = examples_of(
            documents
                .iter()
                .enumerate()
                .filter(|(i, _)| !in_fold(*i))
                .map(|(_, d)| d),
        );
        let held: Vec<&Prepared> = documents
            .iter()
            .enumerate()
            .filter(|(i, _)| in_fold(*i))
            .map(|(_, d)| d)
            .collect();
        let model = StatementModel::from_named(&train(&learn, options));
        let report = evaluate(&held, Choosing::Learned(&model));
        eprintln!(
            "fold {}/{folds} ({} articles): content F1 {:.1}, end-to-end F1 {:.1}",
            fold + 1,
            held.len(),
            report.content.f1(),
            report.end_to_end.f1()
        );
        learned.add(&report);
        rules.add(&evaluate(&held, Choosing::Rules));
    }
    print_report(
        &format!("{folds}-fold cross-validation on train, learned choice"),
        &learned,
    );
    print_report("same folds, the rules alone", &rules);
    Ok(())
}

const USAGE: &str = "usage: train-attributions [--data DIR] [--out FILE] [--epochs N] [--seed S] \
                     [--prune W] [--margin M] [--folds K]";

struct Options {
    data: PathBuf,
    out: PathBuf,
    training: TrainingOptions,
    folds: Option<usize>,
}

/// The options of `args`, or `None` for `--help`.
fn parse_options(mut args: Args) -> Result<Option<Options>, args::Error> {
    let mut options = Options {
        data: PathBuf::from("../shared/data"),
        out: PathBuf::from("assets/statement-model.txt"),
        training: TrainingOptions::default(),
        folds: None,
    };
    while let Some(flag) = args.next_flag()? {
        match flag.as_str() {
            "--data" => options.data = PathBuf::from(args.value()?),
            "--out" => options.out = PathBuf::from(args.value()?),
            "--epochs" => options.training.epochs = args.number()?,
            "--seed" => options.training.seed = args.number()?,
            "--prune" => options.training.prune = args.number()?,
            "--margin" => options.training.margin = args.number()?,
            "--folds" => options.folds = Some(args.number()?),
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
        training,
        folds,
    }) = parse_options(Args::from_env(USAGE)).map_err(|error| error.to_string())?
    else {
        println!("{USAGE}");
        return Ok(());
    };
    let entity_model = EntityModel::from_bytes(cli::ENTITY_MODEL).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let train_documents = read_documents(
        &data.join("polnear_attributions_train.jsonl"),
        &entity_model,
    )?;
    let examples = examples_of(train_documents.iter());
    eprintln!(
        "{} train articles, {} readings ({} right), prepared in {:.1}s",
        train_documents.len(),
        examples.len(),
        examples.iter().filter(|(_, right)| *right).count(),
        started.elapsed().as_secs_f64()
    );
    if let Some(folds) = folds {
        return cross_validate(&train_documents, training, folds);
    }
    let named = train(&examples, training);
    let comment = format!(
        "Averaged perceptron, trained by `train-attributions` on PolNeAR attributions train\n\
         ({} articles, {} readings): {} epochs from seed {}, weights below {} left out,\n\
         {} added to the bias (chosen by 5-fold cross-validation on train).\n\
         One feature per line: name<TAB>weight; a reading scoring above 0 is kept.",
        train_documents.len(),
        examples.len(),
        training.epochs,
        training.seed,
        training.prune,
        training.margin
    );
    let text = StatementModel::write(&named, &comment);
    std::fs::write(&out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({} features, {} bytes)",
        out.display(),
        named.len(),
        text.len()
    );
    let model = StatementModel::parse(&text)?;
    let all: Vec<&Prepared> = train_documents.iter().collect();
    print_report(
        "train (learned from)",
        &evaluate(&all, Choosing::Learned(&model)),
    );
    let dev = read_documents(&data.join("polnear_attributions_dev.jsonl"), &entity_model)?;
    let dev: Vec<&Prepared> = dev.iter().collect();
    print_report(
        "dev, learned choice",
        &evaluate(&dev, Choosing::Learned(&model)),
    );
    print_report("dev, the rules alone", &evaluate(&dev, Choosing::Rules));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train-attributions: {message}");
            ExitCode::FAILURE
        }
    }
}
