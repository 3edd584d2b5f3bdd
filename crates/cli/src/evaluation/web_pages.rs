//! Scoring the HTML reader on saved web pages, exactly as `../shared/data/web-pages/README.md`
//! says: body text F1 over word 4-shingles (per page, true and false positives and negatives
//! divided by their sum so that each page weighs the same, averaged, then P, R, F1), the
//! headline (equal to the gold title after NFKC, white space collapsing and lower-casing, or
//! contained in it) and the byline (containing the gold one or contained in it); only pages whose
//! language is English or unset.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use domain::article::{Article, BlockKind};

/// A page's gold: Readability's body text and metadata.
#[derive(Clone, Debug, Default)]
pub struct PageGold {
    pub name: String,
    /// The text of `expected.html`.
    pub body: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub lang: Option<String>,
}

impl PageGold {
    /// Whether the page is scored (English or no language given).
    pub fn is_scored(&self) -> bool {
        self.lang
            .as_deref()
            .is_none_or(|lang| lang.to_lowercase().starts_with("en"))
    }
}

/// One page's result.
#[derive(Clone, Debug, Default)]
pub struct PageScore {
    pub name: String,
    /// Shingle counts, each divided by their sum.
    pub true_positives: f64,
    pub false_positives: f64,
    pub false_negatives: f64,
    pub opened: bool,
    pub headline_right: bool,
    pub headline: String,
    /// `None` when the gold has no byline.
    pub byline_right: Option<bool>,
    pub byline: String,
}

impl PageScore {
    /// The page's own F1 (for finding the worst pages).
    pub fn f1(&self) -> f64 {
        let p = self.true_positives / (self.true_positives + self.false_positives).max(1e-9);
        let r = self.true_positives / (self.true_positives + self.false_negatives).max(1e-9);
        super::f1_of(p, r)
    }
}

/// The scores of many pages.
#[derive(Clone, Debug, Default)]
pub struct WebReport {
    pub pages: Vec<PageScore>,
}

impl WebReport {
    /// The mean over the pages that have any shingle (in the gold or the extraction: a page of
    /// three words has none, and no score).
    fn mean(&self, part: impl Fn(&PageScore) -> f64) -> f64 {
        let scored: Vec<&PageScore> = self
            .pages
            .iter()
            .filter(|p| p.true_positives + p.false_positives + p.false_negatives > 0.0)
            .collect();
        scored.iter().map(|p| part(p)).sum::<f64>() / scored.len().max(1) as f64
    }

    pub fn precision(&self) -> f64 {
        let tp = self.mean(|p| p.true_positives);
        tp / (tp + self.mean(|p| p.false_positives)).max(1e-9)
    }

    pub fn recall(&self) -> f64 {
        let tp = self.mean(|p| p.true_positives);
        tp / (tp + self.mean(|p| p.false_negatives)).max(1e-9)
    }

    pub fn f1(&self) -> f64 {
        super::f1_of(self.precision(), self.recall())
    }

    pub fn headline_accuracy(&self) -> f64 {
        self.pages.iter().filter(|p| p.headline_right).count() as f64
            / self.pages.len().max(1) as f64
    }

    /// Over the pages whose gold has a byline.
    pub fn byline_accuracy(&self) -> f64 {
        let judged: Vec<bool> = self.pages.iter().filter_map(|p| p.byline_right).collect();
        judged.iter().filter(|&&right| right).count() as f64 / judged.len().max(1) as f64
    }

    pub fn failed_to_open(&self) -> usize {
        self.pages.iter().filter(|p| !p.opened).count()
    }
}

/// `\w+` runs (letters, digits, marks and connector punctuation), case kept.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || is_mark(c)))
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The multiset of 4-grams of consecutive tokens.
fn shingles(text: &str) -> HashMap<[&str; 4], usize> {
    let tokens = tokens(text);
    let mut counts = HashMap::new();
    for window in tokens.windows(4) {
        *counts
            .entry([window[0], window[1], window[2], window[3]])
            .or_insert(0) += 1;
    }
    counts
}

/// NFKC, white space collapsed, lower case.
fn normalized(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    nfkc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The body the reader extracted: subheadings and paragraphs, in order.
pub fn extracted_body(article: &Article) -> String {
    article
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Subheading | BlockKind::Paragraph))
        .map(|b| article.slice(b.span))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Scores one page (`None`: the reader refused it).
pub fn score_page(gold: &PageGold, article: Option<&Article>) -> PageScore {
    let body = article.map(extracted_body).unwrap_or_default();
    let found = shingles(&body);
    let expected = shingles(&gold.body);
    let mut tp = 0usize;
    for (shingle, &count) in &found {
        tp += count.min(expected.get(shingle).copied().unwrap_or(0));
    }
    let fp = found.values().sum::<usize>() - tp;
    let fn_ = expected.values().sum::<usize>() - tp;
    let total = (tp + fp + fn_) as f64;
    let share = |count: usize| {
        if total == 0.0 {
            0.0
        } else {
            count as f64 / total
        }
    };
    let headline = article
        .and_then(Article::headline)
        .unwrap_or_default()
        .to_owned();
    let headline_right = {
        let (title, mine) = (
            normalized(gold.title.as_deref().unwrap_or_default()),
            normalized(&headline),
        );
        title == mine || !mine.is_empty() && title.contains(&mine)
    };
    let byline = article
        .and_then(|a| {
            a.first(BlockKind::Byline)
                .map(|b| a.slice(b.span).to_owned())
        })
        .unwrap_or_default();
    let byline_right = gold
        .byline
        .as_deref()
        .filter(|b| !b.trim().is_empty())
        .map(|gold| {
            let (gold, mine) = (normalized(gold), normalized(&byline));
            !mine.is_empty() && (mine.contains(&gold) || gold.contains(&mine))
        });
    PageScore {
        name: gold.name.clone(),
        true_positives: share(tp),
        false_positives: share(fp),
        false_negatives: share(fn_),
        opened: article.is_some(),
        headline_right,
        headline,
        byline_right,
        byline,
    }
}

/// The text of an HTML fragment (the gold body): every text, a space at every tag.
pub fn html_text(html: &str) -> String {
    use html5gum::{Token, Tokenizer};
    let mut text = String::with_capacity(html.len() / 2);
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::String(s) => text.push_str(&String::from_utf8_lossy(&s)),
            Token::StartTag(_) | Token::EndTag(_) => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Decompresses a gzip file (the dataset's pages are stored gzipped).
pub fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 18 || bytes[0] != 0x1f || bytes[1] != 0x8b || bytes[2] != 8 {
        return None;
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & 0x04 != 0 {
        let extra = usize::from(bytes[at]) | usize::from(bytes[at + 1]) << 8;
        at += 2 + extra;
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            at += bytes.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & 0x02 != 0 {
        at += 2;
    }
    miniz_oxide::inflate::decompress_to_vec(bytes.get(at..bytes.len() - 8)?).ok()
}

/// A saved page with its gold.
pub struct SavedPage {
    pub gold: PageGold,
    /// The page as served (its own bytes).
    pub source: Vec<u8>,
}

/// Reads every page of a `web-pages/` folder (`NAME/source.html.gz`, `expected.html.gz`,
/// `expected-metadata.json`), in name order.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_pages(dir: &std::path::Path) -> Result<Vec<SavedPage>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("source.html.gz").exists())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut pages = Vec::with_capacity(names.len());
    for name in names {
        let folder = dir.join(&name);
        let read = |file: &str| {
            std::fs::read(folder.join(file))
                .map_err(|e| format!("{}/{file}: {e}", folder.display()))
        };
        let source =
            gunzip(&read("source.html.gz")?).ok_or(format!("{name}: source is not gzip"))?;
        let expected =
            gunzip(&read("expected.html.gz")?).ok_or(format!("{name}: expected is not gzip"))?;
        let metadata: serde_json::Value = serde_json::from_slice(&read("expected-metadata.json")?)
            .map_err(|e| format!("{name}: {e}"))?;
        let field = |key: &str| {
            metadata
                .get(key)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        pages.push(SavedPage {
            gold: PageGold {
                name: name.clone(),
                body: html_text(&String::from_utf8_lossy(&expected)),
                title: field("title"),
                byline: field("byline"),
                lang: field("lang"),
            },
            source,
        });
    }
    Ok(pages)
}

/// Opens every scored page with the reader and scores it; also the time each took.
pub fn evaluate_pages(pages: &[SavedPage]) -> (WebReport, Vec<std::time::Duration>) {
    let mut report = WebReport::default();
    let mut times = Vec::new();
    for page in pages.iter().filter(|p| p.gold.is_scored()) {
        let started = std::time::Instant::now();
        let article = engines::read::open_article_bytes("page.html", &page.source).ok();
        times.push(started.elapsed());
        report.pages.push(score_page(&page.gold, article.as_ref()));
    }
    (report, times)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engines::read::parse_html;

    #[test]
    fn a_page_is_scored_by_shingles_headline_and_byline() {
        let gold = PageGold {
            name: "p".into(),
            body: html_text("<p>One two three four five six.</p><p>Seven eight nine ten.</p>"),
            title: Some("The Headline | Site".into()),
            byline: Some("Jane Doe".into()),
            lang: None,
        };
        let article = parse_html(
            "<title>The Headline | Site</title><h1>The Headline</h1><p class=byline>By Jane Doe</p>\
             <p>One two three four five six.</p><p>Seven eight nine ten.</p>",
        );
        let score = score_page(&gold, Some(&article));
        assert!((score.f1() - 1.0).abs() < 1e-9, "{score:?}");
        assert!(score.headline_right);
        assert_eq!(score.byline_right, Some(true));
        let refused = score_page(&gold, None);
        assert_eq!(refused.f1(), 0.0);
        assert!(!refused.opened);
    }

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(
            tokens("Zoë's co-op, 1,000 ü"),
            ["Zoë", "s", "co", "op", "1", "000", "ü"]
        );
    }
}
