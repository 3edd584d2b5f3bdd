//! Trains the speaker ranker on PolNeAR (train split) and writes `assets/speaker-model.txt`;
//! or, with `--folds K`, estimates how it does on unseen articles by K-fold cross-validation on
//! the train split (nothing is written).
//!
//! usage: train-speakers [--data DIR] [--out FILE] [--epochs N] [--seed S] [--runs R] [--prune W] [--folds K]
//! Deterministic: the same data and options give the same file. Prints the dev-split scores.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use cli::args::{self, Args};
use cli::evaluation::quotes::{speaker_training_document, PolnearDocument, QuoteReport};
use cli::evaluation::{evaluate_quotes_with, read_json_lines};
use engines::extract::attribution::training::{
    train_speakers, SpeakerTrainingDocument, SpeakerTrainingOptions,
};
use engines::extract::attribution::{Chooser, RulesInOrder, SpeakerModel};
use engines::extract::entities::EntityModel;
use engines::extract::{find_mentions, Entity, EntityMention};

type Prepared = (PolnearDocument, Vec<EntityMention>, Vec<Entity>);

fn read_documents(path: &PathBuf, model: &EntityModel) -> Result<Vec<Prepared>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let documents: Vec<PolnearDocument> = read_json_lines(&text, &path.display().to_string())?;
    Ok(documents
        .into_iter()
        .map(|document| {
            let (mentions, entities) = find_mentions(&document.text, Some(model), None);
            (document, mentions, entities)
        })
        .collect())
}

fn training_set<'p>(documents: impl Iterator<Item = &'p Prepared>) -> Vec<SpeakerTrainingDocument> {
    documents
        .map(|(document, mentions, entities)| {
            speaker_training_document(document, mentions.clone(), entities.clone())
        })
        .collect()
}

fn print_report(label: &str, report: &QuoteReport) {
    println!(
        "{label:34} speaker accuracy {:5.1} ({} of {}), end-to-end F1 {:5.1}, overlap F1 {:5.1}",
        report.speaker_accuracy(),
        report.speakers_right,
        report.speakers_judged,
        report.end_to_end.f1(),
        report.overlap.f1()
    );
}

fn train(
    documents: &[SpeakerTrainingDocument],
    options: SpeakerTrainingOptions,
    verbose: bool,
) -> Vec<(String, f32)> {
    train_speakers(documents, options, &mut |epoch, mistakes, decisions| {
        if verbose {
            eprintln!(
                "  epoch {epoch:2}: {mistakes} of {decisions} decisions wrong where a right candidate existed ({:.2}%)",
                100.0 * mistakes as f64 / decisions.max(1) as f64
            );
        }
    })
}

fn cross_validate(
    train_documents: &[Prepared],
    options: SpeakerTrainingOptions,
    folds: usize,
) -> Result<(), String> {
    if folds < 2 {
        return Err("--folds needs at least 2".into());
    }
    let mut pooled = QuoteReport::default();
    let mut pooled_rules = QuoteReport::default();
    for fold in 0..folds {
        let in_fold = |i: usize| i % folds == fold;
        let learn = training_set(
            train_documents
                .iter()
                .enumerate()
                .filter(|(i, _)| !in_fold(*i))
                .map(|(_, d)| d),
        );
        let held: Vec<Prepared> = train_documents
            .iter()
            .enumerate()
            .filter(|(i, _)| in_fold(*i))
            .map(|(_, d)| d.clone())
            .collect();
        let model = SpeakerModel::from_named_weights(
            train(&learn, options, false)
                .iter()
                .map(|(name, weight)| (name.as_str(), *weight)),
        );
        let report = evaluate_quotes_with(&held, &mut &model);
        let rules = evaluate_quotes_with(&held, &mut RulesInOrder);
        print_report(
            &format!("fold {}/{folds} ({} articles)", fold + 1, held.len()),
            &report,
        );
        pooled.add(&report);
        pooled_rules.add(&rules);
    }
    print_report(&format!("{folds}-fold cross-validation, ranker"), &pooled);
    print_report("same folds, rules in written order", &pooled_rules);
    Ok(())
}

const USAGE: &str = "usage: train-speakers [--data DIR] [--out FILE] [--epochs N] [--seed S] \
                     [--runs R] [--prune W] [--folds K]";

/// Where to read the data, where to write the model, how to train it, and whether to
/// cross-validate instead (in how many folds).
struct Options {
    data: PathBuf,
    out: PathBuf,
    training: SpeakerTrainingOptions,
    folds: Option<usize>,
}

/// The options of `args`, or `None` for `--help`.
fn parse_options(mut args: Args) -> Result<Option<Options>, args::Error> {
    let mut options = Options {
        data: PathBuf::from("../shared/data"),
        out: PathBuf::from("assets/speaker-model.txt"),
        training: SpeakerTrainingOptions::default(),
        folds: None,
    };
    while let Some(flag) = args.next_flag()? {
        match flag.as_str() {
            "--data" => options.data = PathBuf::from(args.value()?),
            "--out" => options.out = PathBuf::from(args.value()?),
            "--epochs" => options.training.epochs = args.number()?,
            "--seed" => options.training.seed = args.number()?,
            "--runs" => options.training.runs = args.number()?,
            "--prune" => options.training.prune_below = args.number()?,
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
        training: options,
        folds,
    }) = parse_options(Args::from_env(USAGE)).map_err(|error| error.to_string())?
    else {
        println!("{USAGE}");
        return Ok(());
    };
    let entity_model = EntityModel::from_bytes(cli::ENTITY_MODEL).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let train_documents = read_documents(&data.join("polnear_quotes_train.jsonl"), &entity_model)?;
    eprintln!(
        "{} train articles, mentions found in {:.1}s",
        train_documents.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(folds) = folds {
        return cross_validate(&train_documents, options, folds);
    }
    let started = Instant::now();
    let named = train(&training_set(train_documents.iter()), options, true);
    eprintln!(
        "trained in {:.1}s; {} features",
        started.elapsed().as_secs_f64(),
        named.len()
    );
    let comment = format!(
        "Averaged perceptron, trained by `train-speakers` on PolNeAR train ({} articles):\n\
         the mean of {} runs of {} epochs from seed {}, weights below {} left out.\n\
         One feature per line: name<TAB>weight.",
        train_documents.len(),
        options.runs,
        options.epochs,
        options.seed,
        options.prune_below
    );
    let text = SpeakerModel::write(&named, &comment);
    std::fs::write(&out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), text.len());
    let model = SpeakerModel::parse(&text)?;
    let dev_documents = read_documents(&data.join("polnear_quotes_dev.jsonl"), &entity_model)?;
    let mut chooser: &SpeakerModel = &model;
    print_report(
        "train (learned from)",
        &evaluate_quotes_with(&train_documents, &mut chooser),
    );
    print_report("dev", &evaluate_quotes_with(&dev_documents, &mut chooser));
    let mut rules: Box<dyn Chooser> = Box::new(RulesInOrder);
    print_report(
        "dev, rules in written order",
        &evaluate_quotes_with(&dev_documents, rules.as_mut()),
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train-speakers: {message}");
            ExitCode::FAILURE
        }
    }
}
