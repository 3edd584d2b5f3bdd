//! Native throughput of the engines, in characters per second (medians of several runs), on the
//! development data; and how the cost grows with the text, from 1 KB to 10 MB.
//!
//! `cargo bench --bench engines` (reads `../shared/data`, or `$ANNOTATOR_DATA_DIR`; falls back
//! to the sample article). A benchmark, not a test: it asserts nothing, it reports.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use domain::article::SAMPLE_TEXT;
use engines::extract::analyse_text;
use engines::extract::entities::{find_names, EntityModel};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

/// The texts of the PolNeAR dev split, or the sample when the data is absent.
fn dev_texts() -> (Vec<String>, &'static str) {
    let dir = std::env::var_os("ANNOTATOR_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    match std::fs::read_to_string(dir.join("polnear_quotes_dev.jsonl")) {
        Ok(lines) => (
            lines
                .lines()
                .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                .filter_map(|doc| doc["text"].as_str().map(str::to_owned))
                .collect(),
            "PolNeAR dev",
        ),
        Err(_) => (
            vec![SAMPLE_TEXT.to_owned()],
            "the sample article (../shared/data absent)",
        ),
    }
}

/// Characters per second of `work` over all texts, median of `runs`.
fn throughput(texts: &[String], runs: usize, mut work: impl FnMut(&str)) -> f64 {
    let characters: usize = texts.iter().map(|t| t.chars().count()).sum();
    let rates = (0..runs)
        .map(|_| {
            let started = Instant::now();
            for text in texts {
                work(text);
            }
            characters as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    median(rates)
}

fn main() {
    let model = EntityModel::from_bytes(cli::ENTITY_MODEL).unwrap();
    let (texts, source) = dev_texts();
    let characters: usize = texts.iter().map(|t| t.chars().count()).sum();
    println!(
        "native engines on {source}: {} documents, {characters} characters",
        texts.len()
    );
    let entities = throughput(&texts, 7, |text| {
        black_box(find_names(&model, text));
    });
    let everything = throughput(&texts, 7, |text| {
        black_box(analyse_text(text, Some(&model), None));
    });
    println!("  entity engine           {:>12.0} chars/s", entities);
    println!("  all engines (+ quotes)  {:>12.0} chars/s", everything);

    println!("\ncost against text length (all engines, median of 5; 10 MB once):");
    println!(
        "  {:>10}  {:>10}  {:>14}  {:>8}",
        "size", "time", "chars/s", "vs 1 MB"
    );
    let corpus = texts.join("\n\n");
    let mut rate_at_one_megabyte = None;
    let mut rows = Vec::new();
    for size in [1_000usize, 10_000, 100_000, 1_000_000, 10_000_000] {
        let mut text = String::with_capacity(size + corpus.len());
        while text.len() < size {
            text.push_str(&corpus);
            text.push_str("\n\n");
        }
        let cut = (0..=size.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        let runs = if size >= 10_000_000 { 1 } else { 5 };
        let times: Vec<f64> = (0..runs)
            .map(|_| {
                let started = Instant::now();
                black_box(analyse_text(&text, Some(&model), None));
                started.elapsed().as_secs_f64()
            })
            .collect();
        let time = median(times);
        let rate = text.chars().count() as f64 / time;
        if size == 1_000_000 {
            rate_at_one_megabyte = Some(rate);
        }
        rows.push((size, time, rate));
    }
    for (size, time, rate) in rows {
        let ratio =
            rate_at_one_megabyte.map_or(String::new(), |base| format!("{:.2}", rate / base));
        println!(
            "  {:>10}  {:>9.3}s  {:>14.0}  {:>8}",
            size, time, rate, ratio
        );
    }
    println!("(a constant chars/s means the cost grows linearly with the text)");
    pages();
}

/// The HTML reader on the saved web pages of `../shared/data/web-pages` (or a page of the
/// project's own when they are absent): time per page, and its growth with the page's size.
fn pages() {
    use cli::evaluation::web_pages::read_pages;
    use engines::read::open_article_bytes;
    let dir = std::env::var_os("ANNOTATOR_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
        .join("web-pages");
    let fixture = include_bytes!("../../../tests/fixtures/saved-news-page.html").to_vec();
    let sources: Vec<Vec<u8>> = match read_pages(&dir) {
        Ok(pages) => pages.into_iter().map(|p| p.source).collect(),
        Err(_) => vec![fixture.clone()],
    };
    let bytes: usize = sources.iter().map(Vec::len).sum();
    let times: Vec<f64> = sources
        .iter()
        .map(|source| {
            let started = Instant::now();
            black_box(open_article_bytes("page.html", source).ok());
            started.elapsed().as_secs_f64()
        })
        .collect();
    let total: f64 = times.iter().sum();
    println!(
        "\nHTML reader natively on {} saved pages ({} KB): median {:.2} ms per page, {:.1} MB/s",
        sources.len(),
        bytes / 1024,
        median(times) * 1000.0,
        bytes as f64 / total / 1_048_576.0
    );
    // Growth: one page's body repeated, 150 KB to 2.4 MB.
    let text = String::from_utf8_lossy(&fixture).into_owned();
    let (head, rest) = text
        .split_once("<div class=\"story-body\">")
        .expect("the fixture's body");
    let (body, tail) = rest
        .split_once("</div>\n  <div class=\"newsletter")
        .expect("its end");
    println!("  {:>10}  {:>9}  {:>10}", "page", "time", "MB/s");
    for size in [150_000usize, 300_000, 600_000, 1_200_000, 2_400_000] {
        let copies = size / text.len() + 1;
        let page = format!(
            "{head}<div class=\"story-body\">{}</div>\n  <div class=\"newsletter{tail}",
            body.repeat(copies)
        );
        let times: Vec<f64> = (0..5)
            .map(|_| {
                let started = Instant::now();
                black_box(open_article_bytes("page.html", page.as_bytes()).ok());
                started.elapsed().as_secs_f64()
            })
            .collect();
        let time = median(times);
        println!(
            "  {:>9}K  {:>7.2}ms  {:>10.1}",
            page.len() / 1024,
            time * 1000.0,
            page.len() as f64 / time / 1_048_576.0
        );
    }
}
