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
use domain::text::{slice_chars, Span};
use engines::extract::attribution::reported::model::{train, CueLearning, TrainingOptions};
use engines::extract::attribution::reported::{
    prepared_candidates, Choosing, CueWords, StatementModel,
};
use engines::extract::entities::EntityModel;
use engines::extract::{analyse_text, Analysis};
use engines::language::words::{BELIEF_CUES, REPORTING_VERBS};

/// A document with what the engines found in it.
struct Prepared {
    document: AttributionDocument,
    analysis: Analysis,
}

impl Prepared {
    /// The document's readings (with the learned `cues`) as training examples: their feature
    /// names, and whether each is right.
    fn examples(&self, cues: &CueWords) -> Vec<(Vec<String>, bool)> {
        let text = &self.document.text;
        let chars: Vec<char> = text.chars().collect();
        let index = TextIndex::new(text);
        let analysis = &self.analysis;
        prepared_candidates(&index, &analysis.quotes, &analysis.mentions, true, cues)
            .into_iter()
            .map(|candidate| {
                let right = is_right(&chars, &self.document.attributions, &candidate.found);
                (candidate.features.names, right)
            })
            .collect()
    }
}

/// The cue words of the attributions of `documents`, learned as `learning` says; the words of
/// the written lists are not learned again.
fn learn_cues<'p>(
    documents: impl Iterator<Item = &'p Prepared>,
    learning: CueLearning,
) -> CueWords {
    let documents: Vec<&Prepared> = documents.collect();
    let cue_texts: Vec<String> = documents
        .iter()
        .flat_map(|prepared| {
            let text = &prepared.document.text;
            prepared
                .document
                .attributions
                .iter()
                .filter_map(|a| a.cue)
                .map(|cue| slice_chars(text, Span::new(cue.start, cue.end)).to_owned())
        })
        .collect();
    CueWords::learn(
        documents.iter().map(|p| p.document.text.as_str()),
        cue_texts.iter().map(String::as_str),
        learning,
        |word| REPORTING_VERBS.contains(word) || BELIEF_CUES.contains(word),
    )
}

fn read_documents(path: &Path, model: &EntityModel) -> Result<Vec<Prepared>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let documents: Vec<AttributionDocument> = read_json_lines(&text, &path.display().to_string())?;
    Ok(documents
        .into_iter()
        .map(|document| {
            let analysis = analyse_text(&document.text, Some(model), None);
            Prepared { document, analysis }
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

fn examples_of<'p>(
    documents: impl Iterator<Item = &'p Prepared>,
    cues: &CueWords,
) -> Vec<(Vec<String>, bool)> {
    documents.flat_map(|d| d.examples(cues)).collect()
}

fn print_report(title: &str, report: &AttributionReport) {
    println!("{title}");
    print!("{}", report.describe("  "));
}

fn cross_validate(
    documents: &[Prepared],
    options: TrainingOptions,
    learning: CueLearning,
    folds: usize,
) -> Result<(), String> {
    if folds < 2 {
        return Err("--folds needs at least 2".into());
    }
    let (mut learned, mut rules) = (AttributionReport::default(), AttributionReport::default());
    for fold in 0..folds {
        let in_fold = |i: usize| i % folds == fold;
        let training = || {
            documents
                .iter()
                .enumerate()
                .filter(move |(i, _)| !in_fold(*i))
                .map(|(_, d)| d)
        };
        // The cue words too are learned from the training folds only.
        let cues = learn_cues(training(), learning);
        let learn = examples_of(training(), &cues);
        let held: Vec<&Prepared> = documents
            .iter()
            .enumerate()
            .filter(|(i, _)| in_fold(*i))
            .map(|(_, d)| d)
            .collect();
        let model = StatementModel::from_named(&train(&learn, options)).with_cues(cues);
        let report = evaluate(&held, Choosing::Learned(&model));
        eprintln!(
            "fold {}/{folds} ({} articles, {} cue words learned): content F1 {:.1}, end-to-end F1 {:.1}",
            fold + 1,
            held.len(),
            model.cues().len(),
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

const USAGE: &str = "usage: train-attributions [--data DIR] [--out FILE] [--cues-out FILE] \
                     [--epochs N] [--seed S] [--prune W] [--margin M] [--min-cue-count N] \
                     [--min-cue-share S] [--folds K]";

struct Options {
    data: PathBuf,
    out: PathBuf,
    cues_out: PathBuf,
    training: TrainingOptions,
    learning: CueLearning,
    folds: Option<usize>,
}

/// The options of `args`, or `None` for `--help`.
fn parse_options(mut args: Args) -> Result<Option<Options>, args::Error> {
    let mut options = Options {
        data: PathBuf::from("../shared/data"),
        out: PathBuf::from("assets/statement-model.txt"),
        cues_out: PathBuf::from("assets/learned-cues.txt"),
        training: TrainingOptions::default(),
        learning: CueLearning::default(),
        folds: None,
    };
    while let Some(flag) = args.next_flag()? {
        match flag.as_str() {
            "--data" => options.data = PathBuf::from(args.value()?),
            "--out" => options.out = PathBuf::from(args.value()?),
            "--cues-out" => options.cues_out = PathBuf::from(args.value()?),
            "--min-cue-count" => options.learning.min_count = args.number()?,
            "--min-cue-share" => options.learning.min_share = args.number()?,
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
        cues_out,
        training,
        learning,
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
    if let Some(folds) = folds {
        return cross_validate(&train_documents, training, learning, folds);
    }
    let cues = learn_cues(train_documents.iter(), learning);
    let examples = examples_of(train_documents.iter(), &cues);
    eprintln!(
        "{} train articles, {} cue words learned, {} readings ({} right), prepared in {:.1}s",
        train_documents.len(),
        cues.len(),
        examples.len(),
        examples.iter().filter(|(_, right)| *right).count(),
        started.elapsed().as_secs_f64()
    );
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
    let cue_text = cues.write(&format!(
        "Cue words learned by `train-attributions` from the attributions of PolNeAR train\n\
         ({} articles): each opens at least {} cues there, and at least {} of its lower-case\n\
         occurrences are cues; the written lists (reporting verbs, belief cues) are not repeated.",
        train_documents.len(),
        learning.min_count,
        learning.min_share
    ));
    std::fs::write(&cues_out, &cue_text)
        .map_err(|e| format!("cannot write {}: {e}", cues_out.display()))?;
    eprintln!("wrote {} ({} cue words)", cues_out.display(), cues.len());
    let model = StatementModel::parse(&text)?.with_cues(cues);
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
