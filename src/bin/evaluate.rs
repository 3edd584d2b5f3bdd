//! Scores the engines on gold data, as `../shared/data/README.md` describes.
//!
//! usage: evaluate FILE...
//!   *.jsonl with PolNeAR quotes      → quote P/R/F1 (overlap and exact), speaker accuracy, end-to-end F1
//!   *.jsonl with CoNLL entities      → ALL3 exact P/R/F1 per type, type-ignored, prose lines
//!   *.gold.json (the sample format)  → entity F1 and names, quotes and speakers
//! Exit status 0 when every file was read and scored, 1 otherwise.

use std::path::Path;
use std::process::ExitCode;

use article_annotator::domain::article::open_article_bytes;
use article_annotator::domain::extract::entities::{find_names, EntityModel};
use article_annotator::domain::extract::{analyse, analyse_text};
use article_annotator::domain::text::TextIndex;
use article_annotator::evaluation::entities::{
    score_document, ConllDocument, EntityReport, PredictedEntity,
};
use article_annotator::evaluation::quotes::{score_quotes, PolnearDocument, QuoteReport};
use article_annotator::evaluation::sample::{score_sample, SampleGold};

const MODEL: &[u8] = include_bytes!("../../assets/entity-model.bin");

fn json_lines(path: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))
        })
        .collect()
}

fn evaluate_polnear(model: &EntityModel, lines: Vec<serde_json::Value>) -> Result<(), String> {
    let mut report = QuoteReport::default();
    let count = lines.len();
    let mut characters = 0;
    for line in lines {
        let document: PolnearDocument = serde_json::from_value(line).map_err(|e| e.to_string())?;
        characters += document.text.chars().count();
        let analysis = analyse_text(&document.text, Some(model), None);
        report.add(&score_quotes(&document.quotes, &analysis.quotes));
    }
    println!("  {count} documents, {characters} characters");
    println!("  quotes, overlap   {}", report.overlap);
    println!("  quotes, exact     {}", report.exact);
    println!(
        "  speaker accuracy  {:5.1}  ({} of {} matched quotes with a gold speaker)",
        report.speaker_accuracy(),
        report.speakers_right,
        report.speakers_judged
    );
    println!("  end-to-end        {}", report.end_to_end);
    Ok(())
}

fn evaluate_conll(model: &EntityModel, lines: Vec<serde_json::Value>) -> Result<(), String> {
    let mut report = EntityReport::default();
    let count = lines.len();
    for line in lines {
        let document: ConllDocument = serde_json::from_value(line).map_err(|e| e.to_string())?;
        let index = TextIndex::new(&document.text);
        let predicted: Vec<PredictedEntity> = find_names(model, &document.text)
            .into_iter()
            .map(|m| PredictedEntity {
                span: index.span_of_bytes(m.bytes),
                kind: m.kind,
            })
            .collect();
        report.add(&score_document(&document, &predicted));
    }
    println!("  {count} documents");
    println!("  ALL3 exact        {}", report.all3);
    println!("    person          {}", report.person);
    println!("    organisation    {}", report.organisation);
    println!("    place           {}", report.place);
    println!("  type ignored      {}", report.type_ignored);
    println!("  prose lines       {}", report.prose);
    Ok(())
}

fn evaluate_sample(model: &EntityModel, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gold: SampleGold =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let article_path = path.with_file_name(&gold.article);
    let bytes =
        std::fs::read(&article_path).map_err(|e| format!("{}: {e}", article_path.display()))?;
    let article = open_article_bytes(&gold.article, &bytes)
        .map_err(|e| format!("{}: {e}", article_path.display()))?;
    let report = score_sample(&gold, &analyse(&article, Some(model)));
    println!("  entities          {}", report.entities);
    println!(
        "  names right       {} of {}",
        report.names_right, report.entities.true_positives
    );
    println!("  quotes, overlap   {}", report.quotes_overlap);
    println!("  quotes, exact     {}", report.quotes_exact);
    println!(
        "  speakers right    {} of {}",
        report.speakers_right, report.quotes_overlap.true_positives
    );
    for problem in &report.problems {
        println!("    - {problem}");
    }
    Ok(())
}

fn evaluate(model: &EntityModel, path: &Path) -> Result<(), String> {
    println!("{}", path.display());
    if path.to_string_lossy().ends_with(".gold.json") {
        return evaluate_sample(model, path);
    }
    let lines = json_lines(path)?;
    match lines.first() {
        Some(first) if first.get("unattributed_quoted_regions").is_some() => {
            evaluate_polnear(model, lines)
        }
        Some(first) if first.get("entities").is_some() => evaluate_conll(model, lines),
        _ => Err(format!(
            "{}: neither PolNeAR nor CoNLL documents",
            path.display()
        )),
    }
}

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() || paths.iter().any(|p| p == "-h" || p == "--help") {
        eprintln!("usage: evaluate FILE...  (PolNeAR or CoNLL .jsonl, or a sample's .gold.json)");
        return ExitCode::from(2);
    }
    let model = match EntityModel::from_bytes(MODEL) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("evaluate: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for path in paths {
        if let Err(message) = evaluate(&model, Path::new(&path)) {
            eprintln!("evaluate: {message}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
