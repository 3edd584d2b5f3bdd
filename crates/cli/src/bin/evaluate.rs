//! Scores the engines on gold data, as `../shared/data/README.md` describes.
//!
//! usage: evaluate FILE...
//!   *.jsonl with PolNeAR quotes      → quote P/R/F1 (overlap and exact), speaker accuracy, end-to-end F1
//!   *.jsonl with PolNeAR attributions → content P/R/F1 (half-overlap and exact), source and cue
//!                                      accuracy, end-to-end F1, recall by kind
//!   *.jsonl with CoNLL entities      → ALL3 exact P/R/F1 per type, type-ignored, prose lines
//!   *.gold.json (the sample format)  → entity F1 and names, quotes and speakers
//!   a folder of saved web pages      → body text F1 over word 4-shingles, headline and byline
//!                                      (SHOW_ERRORS=1 lists every page)
//! Exit status 0 when every file was read and scored, 1 otherwise, 2 when the command line is
//! wrong (no FILE, or a flag other than `--help`: a path that starts with `-` goes after `--`).

use std::path::Path;
use std::process::ExitCode;

use cli::args::{self, Arg, Args};
use cli::evaluation::attributions::{
    analyse_documents, evaluate_analysed, AttributionDocument, Engines,
};
use cli::evaluation::entities::ConllDocument;
use cli::evaluation::quotes::PolnearDocument;
use cli::evaluation::quotes::SourceTally;
use cli::evaluation::sample::{score_sample, SampleGold};
use cli::evaluation::{evaluate_entities, evaluate_quotes, evaluate_quotes_with};
use domain::text::Span;
use engines::extract::attribution::{shipped_speaker_model, RulesInOrder, Source};
use engines::extract::entities::EntityModel;
use engines::extract::find_mentions;
use engines::extract::{analyse, analyse_text};
use engines::read::open_article_bytes;

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

/// The documents of a gold file, from its JSON lines.
fn documents<T: serde::de::DeserializeOwned>(
    lines: Vec<serde_json::Value>,
) -> Result<Vec<T>, String> {
    lines
        .into_iter()
        .map(serde_json::from_value)
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())
}

/// Per candidate rule: how often it proposed a speaker for a quotation with a gold speaker, how
/// often that was the gold speaker, and how often the ranker picked it (and was right); then the
/// rules tried in their written order, as the baseline.
fn print_source_table(model: &EntityModel, documents: &[PolnearDocument]) {
    let prepared: Vec<_> = documents
        .iter()
        .map(|document| {
            let (mentions, entities) = find_mentions(&document.text, Some(model), None);
            (document.clone(), mentions, entities)
        })
        .collect();
    let mut tally = SourceTally::new(shipped_speaker_model());
    let show_misses: usize = std::env::var("SHOW_MISSES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut shown = 0;
    let show_passed: usize = std::env::var("SHOW_PASSED_OVER")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut shown_passed = 0;
    for (document, mentions, entities) in &prepared {
        tally.gold = document.quotes.clone();
        engines::extract::attribution::find_quotes_with(
            &document.text,
            mentions,
            entities,
            &mut tally,
        );
        let chars: Vec<char> = document.text.chars().collect();
        let text = |span: Span| chars[span.start..span.end].iter().collect::<String>();
        // SHOW_PASSED_OVER=N: quotations where the ranker passed over a right candidate.
        for (quote, gold, picked, good) in tally.passed_over.drain(..) {
            if shown_passed >= show_passed {
                continue;
            }
            shown_passed += 1;
            let from = quote
                .start
                .min(gold.start)
                .min(picked.0.start)
                .saturating_sub(40);
            let to = (quote.end.max(gold.end).max(picked.0.end) + 40).min(chars.len());
            println!("PASSED OVER {} gold {:?}", document.id, text(gold));
            println!("     …{}…", text(Span::new(from, to)).replace('\n', " ¶ "));
            let names = |sources: &[Source]| {
                sources
                    .iter()
                    .map(|s| s.name())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            println!("     picked {:?} ({})", text(picked.0), names(&picked.1));
            println!("     right  {:?} ({})", text(good.0), names(&good.1));
        }
        // SHOW_MISSES=N: quotations where no rule proposed the gold speaker.
        for (quote, gold, candidates) in tally.misses.drain(..) {
            if shown >= show_misses {
                continue;
            }
            shown += 1;
            let from = quote.start.min(gold.start).saturating_sub(60);
            let to = (quote.end.max(gold.end) + 60).min(chars.len());
            println!("MISS {} gold {:?}", document.id, text(gold));
            println!("     …{}…", text(Span::new(from, to)).replace('\n', " ¶ "));
            for (source, mention) in candidates {
                println!("     {:22} {:?}", source.name(), text(mention));
            }
        }
    }
    let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    println!(
        "  speaker candidates, over {} quotations with a gold speaker (the right one among the candidates: {:.1}%; picked: {:.1}%)",
        tally.judged,
        percent(tally.some_candidate_right, tally.judged),
        percent(tally.picked_right, tally.judged)
    );
    println!(
        "    {:22} {:>8} {:>8} {:>6} {:>8} {:>8} {:>6}",
        "rule", "proposed", "right", "%", "picked", "right", "%"
    );
    for (source, row) in &tally.rows {
        println!(
            "    {:22} {:8} {:8} {:6.1} {:8} {:8} {:6.1}",
            source.name(),
            row.proposed,
            row.proposed_right,
            percent(row.proposed_right, row.proposed),
            row.picked,
            row.picked_right,
            percent(row.picked_right, row.picked)
        );
    }
    let rules = evaluate_quotes_with(&prepared, &mut RulesInOrder);
    println!(
        "  rules in written order (no ranker): speaker accuracy {:5.1}, end-to-end F1 {:5.1}",
        rules.speaker_accuracy(),
        rules.end_to_end.f1()
    );
}

fn evaluate_polnear(model: &EntityModel, lines: Vec<serde_json::Value>) -> Result<(), String> {
    let documents: Vec<PolnearDocument> = documents(lines)?;
    let characters: usize = documents.iter().map(|d| d.text.chars().count()).sum();
    let report = evaluate_quotes(model, &documents);
    if std::env::var_os("SHOW_ERRORS").is_some() {
        for document in &documents {
            show_quote_errors(
                document,
                &analyse_text(&document.text, Some(model), None).quotes,
            );
        }
    }
    println!("  {} documents, {characters} characters", documents.len());
    println!("  quotes, overlap   {}", report.overlap);
    println!("  quotes, exact     {}", report.exact);
    println!(
        "  speaker accuracy  {:5.1}  ({} of {} matched quotes with a gold speaker)",
        report.speaker_accuracy(),
        report.speakers_right,
        report.speakers_judged
    );
    println!("  end-to-end        {}", report.end_to_end);
    print_source_table(model, &documents);
    Ok(())
}

/// Scores the attributions the page marks (today its quotations: content, speaker, no cue)
/// against every attribution of the documents, as `../shared/data/README.md` says.
fn print_attributions(model: &EntityModel, lines: Vec<serde_json::Value>) -> Result<(), String> {
    let documents: Vec<AttributionDocument> = documents(lines)?;
    let characters: usize = documents.iter().map(|d| d.text.chars().count()).sum();
    println!("  {} documents, {characters} characters", documents.len());
    let analyses = analyse_documents(model, &documents);
    for (engines, title) in [
        (Engines::QuotesOnly, "quotations alone"),
        (
            Engines::QuotesAndRulesOnly,
            "quotations and reported speech, the rules alone (first reading of a sentence)",
        ),
        (
            Engines::QuotesAndReported,
            "quotations and reported speech (what the page marks: the learned choice)",
        ),
    ] {
        let report = evaluate_analysed(&documents, &analyses, engines);
        println!("  {title}");
        print!("{}", report.describe("    "));
    }
    print_reading_rules(&documents, &analyses);
    if let Some(count) = std::env::var("SHOW_ATTRIBUTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        show_attribution_errors(model, &documents, count);
    }
    Ok(())
}

/// Per candidate rule (the pattern a reading follows): how many readings it proposed, how many of
/// those were right (content matched and source right), how many the learned choice kept, and how
/// many of the kept were right.
fn print_reading_rules(documents: &[AttributionDocument], analyses: &[engines::extract::Analysis]) {
    use cli::evaluation::attributions::is_right;
    use engines::extract::attribution::reported::{
        choose, prepared_candidates, shipped_statement_model, Choosing, Pattern,
    };
    // Per pattern: proposed, right, kept, kept and right.
    let mut tally = [[0usize; 4]; Pattern::ALL.len()];
    for (document, analysis) in documents.iter().zip(analyses) {
        let chars: Vec<char> = document.text.chars().collect();
        let index = domain::text::TextIndex::new(&document.text);
        let readings = prepared_candidates(
            &index,
            &analysis.quotes,
            &analysis.mentions,
            false,
            shipped_statement_model().cues(),
        );
        let kept = choose(&readings, Choosing::Learned(shipped_statement_model()));
        for (i, reading) in readings.iter().enumerate() {
            let row = &mut tally[Pattern::ALL
                .iter()
                .position(|&p| p == reading.pattern)
                .expect("every pattern is listed")];
            let right = is_right(&chars, &document.attributions, &reading.found);
            let chosen = kept.binary_search(&i).is_ok();
            row[0] += 1;
            row[1] += usize::from(right);
            row[2] += usize::from(chosen);
            row[3] += usize::from(chosen && right);
        }
    }
    println!("  reported-speech readings by rule (right: content matched and source right)");
    println!("    rule               proposed    right      %     kept    right      %");
    let percent = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
    for (pattern, [proposed, right, kept, kept_right]) in Pattern::ALL.iter().zip(tally) {
        println!(
            "    {:17} {proposed:9} {right:8} {:6.1} {kept:8} {kept_right:8} {:6.1}",
            pattern.label(),
            percent(right, proposed),
            percent(kept_right, kept)
        );
    }
}

/// Prints up to `count` gold attributions nothing matched and `count` found ones that match no
/// gold attribution (for error analysis on train).
fn show_attribution_errors(model: &EntityModel, documents: &[AttributionDocument], count: usize) {
    use cli::evaluation::attributions::{trimmed, with_reported};
    use domain::text::slice_chars;
    let (mut missed, mut wrong) = (Vec::new(), Vec::new());
    for document in documents {
        let chars: Vec<char> = document.text.chars().collect();
        let analysis = analyse_text(&document.text, Some(model), None);
        let found = with_reported(
            &analysis.quotes,
            &cli::evaluation::attributions::as_reported(&analysis.reported),
        );
        let words = |span: Span| slice_chars(&document.text, span).replace('\n', " ");
        let half = |a: Span, b: Span| {
            let (a, b) = (trimmed(&chars, a), trimmed(&chars, b));
            let common = a.end.min(b.end).saturating_sub(a.start.max(b.start));
            common > 0 && 2 * common >= a.len() && 2 * common >= b.len()
        };
        for gold in &document.attributions {
            let content = Span::new(gold.content.start, gold.content.end);
            if !found.iter().any(|f| half(f.content, content)) {
                let source = gold
                    .source
                    .map_or(String::new(), |s| words(Span::new(s.start, s.end)));
                let cue = gold
                    .cue
                    .map_or(String::new(), |s| words(Span::new(s.start, s.end)));
                missed.push(format!(
                    "MISSED {:?} [{source}] [{cue}] {}",
                    gold.kind,
                    words(content)
                ));
            }
        }
        for f in &found {
            if !document
                .attributions
                .iter()
                .any(|g| half(f.content, Span::new(g.content.start, g.content.end)))
            {
                let source = f.source.map_or(String::new(), words);
                let cue = f.cue.map_or(String::new(), words);
                wrong.push(format!("WRONG [{source}] [{cue}] {}", words(f.content)));
            }
        }
    }
    let step = |n: usize| (n / count.max(1)).max(1);
    for line in missed.iter().step_by(step(missed.len())).take(count) {
        println!("{line}");
    }
    for line in wrong.iter().step_by(step(wrong.len())).take(count) {
        println!("{line}");
    }
}

/// Prints the quotes whose speaker disagrees with the gold one (for error analysis).
fn show_quote_errors(document: &PolnearDocument, quotes: &[engines::extract::attribution::Quote]) {
    use domain::text::{slice_chars, Span};
    use engines::extract::attribution::QuoteKind;
    let text = &document.text;
    let show = |span: Span| slice_chars(text, span).replace('\n', " | ");
    let context = |span: Span| show(Span::new(span.start.saturating_sub(80), span.end + 80));
    for gold in &document.quotes {
        let gold_span = Span::new(gold.start, gold.end);
        let found = quotes
            .iter()
            .find(|q| q.kind == QuoteKind::Quote && q.span.overlaps(&gold_span));
        let gold_speaker = gold.speaker.map(|s| Span::new(s.start, s.end));
        match found {
            None => {
                let term = quotes.iter().any(|q| q.span.overlaps(&gold_span));
                println!(
                    "MISSED{} {:?}\n    {}",
                    if term { " (as term)" } else { "" },
                    show(gold_span),
                    context(gold_span)
                );
            }
            Some(quote) => {
                let mention = quote.speaker.as_ref().map(|s| s.mention);
                let right = match (gold_speaker, mention) {
                    (Some(g), Some(m)) => m.overlaps(&g),
                    (None, None) => true,
                    _ => false,
                };
                if !right {
                    // Where each speaker mention lies: before or after the quote, in its
                    // paragraph or another ("before/para").
                    let place = |speaker: Option<Span>| match speaker {
                        None => "none".to_owned(),
                        Some(s) => {
                            let (side, between) = if s.end <= quote.outer.start {
                                ("before", Span::new(s.end, quote.outer.start))
                            } else {
                                (
                                    "after",
                                    Span::new(quote.outer.end, s.start.max(quote.outer.end)),
                                )
                            };
                            let far = slice_chars(text, between).contains('\n');
                            format!("{side}/{}", if far { "other" } else { "para" })
                        }
                    };
                    println!(
                        "WHERE gold {} predicted {}",
                        place(gold_speaker),
                        place(mention)
                    );
                    println!(
                        "SPEAKER predicted {:?}@{} gold {:?}@{} for {:?}\n    {}",
                        mention.map(show),
                        mention.map_or(0, |m| m.start as i64 - quote.outer.start as i64),
                        gold_speaker.map(show),
                        gold_speaker.map_or(0, |g| g.start as i64 - quote.outer.start as i64),
                        show(quote.span).chars().take(60).collect::<String>(),
                        context(Span::new(
                            quote
                                .outer
                                .start
                                .min(gold_speaker.map_or(usize::MAX, |g| g.start)),
                            quote.outer.end.max(gold_speaker.map_or(0, |g| g.end))
                        ))
                    );
                }
            }
        }
    }
    for quote in quotes.iter().filter(|q| q.kind == QuoteKind::Quote) {
        if !document
            .quotes
            .iter()
            .any(|g| quote.span.overlaps(&Span::new(g.start, g.end)))
        {
            println!("EXTRA {:?}\n    {}", show(quote.span), context(quote.span));
        }
    }
}

fn evaluate_conll(model: &EntityModel, lines: Vec<serde_json::Value>) -> Result<(), String> {
    let documents: Vec<ConllDocument> = documents(lines)?;
    let report = evaluate_entities(model, &documents);
    println!("  {} documents", documents.len());
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

/// The HTML reader on a folder of saved pages; `SHOW_ERRORS=1` lists every page's scores.
fn evaluate_web_pages(path: &Path) -> Result<(), String> {
    use cli::evaluation::web_pages::{evaluate_pages, read_pages};
    let pages = read_pages(path)?;
    if let Some(name) = std::env::var_os("SHOW_PAGE") {
        // What the reader makes of one page: its metadata and blocks.
        let page = pages
            .iter()
            .find(|p| p.gold.name == name.to_string_lossy())
            .ok_or("no such page")?;
        let text =
            engines::read::page_bytes::decode_page(&page.source).map_err(|e| e.to_string())?;
        let document = engines::read::dom::Document::parse(&text);
        println!("  title {:?}", document.title);
        for script in &document.json_ld {
            println!(
                "  json-ld {:?}",
                script.chars().take(300).collect::<String>()
            );
        }
        println!(
            "  metadata {:?}",
            engines::read::metadata::metadata(&document)
        );
        if let Some(needle) = std::env::var_os("SHOW_TEXT") {
            // Where some words sit in the page: the chain of elements above them.
            let needle = needle.to_string_lossy();
            for (id, node) in document.nodes.iter().enumerate() {
                if let engines::read::dom::NodeData::Text(text) = &node.data {
                    if text.contains(needle.as_ref()) {
                        for ancestor in document.ancestors(id) {
                            if let Some(e) = document.element(ancestor) {
                                println!(
                                    "    <{} class={:?} id={:?} {:?}>",
                                    e.tag, e.class, e.id, e.attributes
                                );
                            }
                        }
                        break;
                    }
                }
            }
        }
        match open_article_bytes("page.html", &page.source) {
            Ok(article) => {
                for block in &article.blocks {
                    let text = article.slice(block.span);
                    println!(
                        "  {:?}: {}",
                        block.kind,
                        text.chars().take(150).collect::<String>()
                    );
                }
            }
            Err(error) => println!("  refused: {error}"),
        }
        println!(
            "  gold title {:?} byline {:?}",
            page.gold.title, page.gold.byline
        );
        println!(
            "  gold body {:?}",
            page.gold.body.chars().take(600).collect::<String>()
        );
        return Ok(());
    }
    let (report, mut times) = evaluate_pages(&pages);
    println!(
        "  {} pages scored (English or unset) of {}; {} refused",
        report.pages.len(),
        pages.len(),
        report.failed_to_open()
    );
    println!(
        "  body text, word 4-shingles  P {:.3}  R {:.3}  F1 {:.3}",
        report.precision(),
        report.recall(),
        report.f1()
    );
    println!(
        "  headline right    {:.1} %",
        100.0 * report.headline_accuracy()
    );
    println!(
        "  byline right      {:.1} %",
        100.0 * report.byline_accuracy()
    );
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "  time per page     median {median:?}, slowest {:?}",
        times.last().copied().unwrap_or_default()
    );
    if std::env::var_os("SHOW_ERRORS").is_some() {
        let mut pages = report.pages.clone();
        pages.sort_by(|a, b| {
            a.f1()
                .partial_cmp(&b.f1())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for page in pages {
            println!(
                "  {:<45} F1 {:.3} (tp {:.2} fp {:.2} fn {:.2}) headline {} {:?} byline {:?} {:?}",
                page.name,
                page.f1(),
                page.true_positives,
                page.false_positives,
                page.false_negatives,
                if page.headline_right { "ok" } else { "WRONG" },
                page.headline,
                page.byline_right,
                page.byline
            );
        }
    }
    Ok(())
}

fn evaluate(model: &EntityModel, path: &Path) -> Result<(), String> {
    println!("{}", path.display());
    if path.is_dir() {
        return evaluate_web_pages(path);
    }
    if path.to_string_lossy().ends_with(".gold.json") {
        return evaluate_sample(model, path);
    }
    let lines = json_lines(path)?;
    match lines.first() {
        Some(first) if first.get("unattributed_quoted_regions").is_some() => {
            evaluate_polnear(model, lines)
        }
        Some(first) if first.get("attributions").is_some() => print_attributions(model, lines),
        Some(first) if first.get("entities").is_some() => evaluate_conll(model, lines),
        _ => Err(format!(
            "{}: neither PolNeAR (quotes or attributions) nor CoNLL documents",
            path.display()
        )),
    }
}

const USAGE: &str =
    "usage: evaluate FILE...  (PolNeAR quotes or attributions, or CoNLL .jsonl; a sample's .gold.json; a folder of web pages)";

/// The paths of `args`, or `None` for `--help`.
fn parse_paths(mut args: Args) -> Result<Option<Vec<String>>, args::Error> {
    let mut paths = Vec::new();
    while let Some(arg) = args.next_arg()? {
        match arg {
            Arg::Positional(path) => paths.push(path),
            Arg::Flag(flag) if flag == "-h" || flag == "--help" => return Ok(None),
            Arg::Flag(flag) => return Err(args.unknown_flag(&flag)),
        }
    }
    Ok(Some(paths))
}

fn main() -> ExitCode {
    let paths = match parse_paths(Args::from_env(USAGE)) {
        Ok(Some(paths)) if !paths.is_empty() => paths,
        Ok(_) => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("evaluate: {error}");
            return ExitCode::from(2);
        }
    };
    let model = match EntityModel::from_bytes(cli::ENTITY_MODEL) {
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
