//! Attribution scoring on PolNeAR documents, exactly as `../shared/data/README.md`
//! ("Attributions") says: contents trimmed (white space and quotation marks at both ends, `, . ;
//! :` at the end); a predicted attribution matches a gold one when the characters their contents
//! share are at least half of each (one-to-one, largest overlaps first); content precision,
//! recall and F1 over matches, and over equal trimmed spans (exact); source accuracy over matches
//! (the predicted source overlaps the gold one, or both have none); cue accuracy over matches
//! whose gold has a cue; end-to-end F1 counting a match only when its source is right; recall of
//! the content match for each kind.

use serde::Deserialize;

use super::Score;
use domain::text::Span;
use domain::text::TextIndex;
use engines::extract::attribution::reported::{statements_with, Choosing, Reported, Statement};
use engines::extract::attribution::{attribution_parts, Quote};
use engines::extract::Analysis;

/// One PolNeAR document with all its attributions (offsets in code points).
#[derive(Clone, Debug, Deserialize)]
pub struct AttributionDocument {
    pub id: String,
    pub text: String,
    pub attributions: Vec<GoldAttribution>,
}

/// A gold attribution: what is attributed (first to last character), its kind, its source and
/// its cue as written (either may be absent).
#[derive(Clone, Debug, Deserialize)]
pub struct GoldAttribution {
    pub content: GoldSpan,
    pub kind: AttributionKind,
    pub source: Option<GoldSpan>,
    pub cue: Option<GoldSpan>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
}

impl GoldSpan {
    fn span(self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// How much of a content is inside quotation marks: all, some or none of its words.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum AttributionKind {
    Direct,
    Mixed,
    Indirect,
}

impl AttributionKind {
    pub const ALL: [AttributionKind; 3] = [Self::Direct, Self::Mixed, Self::Indirect];

    pub fn label(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Mixed => "mixed",
            Self::Indirect => "indirect",
        }
    }
}

/// What an engine says is attributed: the content, and its source and cue if it found them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FoundAttribution {
    pub content: Span,
    pub source: Option<Span>,
    pub cue: Option<Span>,
}

/// The engine's quotations as attributions (terms are not): the quoted words, the speaker's
/// mention, the reporting verb; the parts of one attribution ([`attribution_parts`]: “A,” she
/// said. “B.”) as one, from the first part's first character to the last one's last.
pub fn attributions_of_quotes(quotes: &[Quote]) -> Vec<FoundAttribution> {
    attribution_parts(quotes)
        .iter()
        .map(|parts| quoted_attribution(quotes, parts))
        .collect()
}

fn quoted_attribution(quotes: &[Quote], parts: &[usize]) -> FoundAttribution {
    let (first, last) = (&quotes[parts[0]], &quotes[parts[parts.len() - 1]]);
    FoundAttribution {
        content: Span::new(first.span.start, last.span.end),
        source: first.speaker.as_ref().map(|s| s.mention),
        cue: first.cue,
    }
}

/// What is scored: the quotations the page marks, or those and its reported statements
/// ([`engines::extract::attribution::reported`]: chosen by the shipped model, or by the rules alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engines {
    QuotesOnly,
    QuotesAndReported,
    QuotesAndRulesOnly,
}

/// Scores the attributions the engines find in every document against all of its gold
/// attributions.
pub fn evaluate_attributions(
    model: &engines::extract::entities::EntityModel,
    documents: &[AttributionDocument],
    engines: Engines,
) -> AttributionReport {
    evaluate_analysed(documents, &analyse_documents(model, documents), engines)
}

/// What the engines find in each document: one analysis per document, for every score of it.
pub fn analyse_documents(
    model: &engines::extract::entities::EntityModel,
    documents: &[AttributionDocument],
) -> Vec<Analysis> {
    documents
        .iter()
        .map(|document| engines::extract::analyse_text(&document.text, Some(model), None))
        .collect()
}

/// [`evaluate_attributions`], over analyses made already (`analyses[i]` of `documents[i]`).
pub fn evaluate_analysed(
    documents: &[AttributionDocument],
    analyses: &[Analysis],
    engines: Engines,
) -> AttributionReport {
    let mut report = AttributionReport::default();
    for (document, analysis) in documents.iter().zip(analyses) {
        let found = match engines {
            Engines::QuotesOnly => attributions_of_quotes(&analysis.quotes),
            Engines::QuotesAndReported => {
                with_reported(&analysis.quotes, &as_reported(&analysis.reported))
            }
            Engines::QuotesAndRulesOnly => found_with(&document.text, analysis, Choosing::Rules),
        };
        report.add(&score_attributions(
            &document.text,
            &document.attributions,
            &found,
        ));
    }
    report
}

/// The quotations of an analysis and its reported statements chosen as asked (the shipped
/// model's are in the analysis already).
pub fn found_with(
    text: &str,
    analysis: &Analysis,
    choosing: Choosing<'_>,
) -> Vec<FoundAttribution> {
    let statements = statements_with(
        &TextIndex::new(text),
        &analysis.quotes,
        &analysis.mentions,
        &analysis.entities,
        choosing,
    );
    with_reported(&analysis.quotes, &as_reported(&statements))
}

/// Reported statements as what the rules read: content, source mention, cue.
pub fn as_reported(statements: &[Statement]) -> Vec<Reported> {
    statements
        .iter()
        .map(|s| Reported {
            content: s.content,
            source: s.source.as_ref().map(|source| source.mention),
            cue: s.cue,
        })
        .collect()
}

/// Whether a reading is right: its content matches a gold attribution's (they share at least
/// half of each, trimmed) and its source is right for it (overlaps the gold source, or neither
/// has one) — what the learned choice is taught to keep.
pub fn is_right(chars: &[char], gold: &[GoldAttribution], found: &Reported) -> bool {
    let content = trimmed(chars, found.content);
    gold.iter().any(|g| {
        let gold_content = trimmed(chars, g.content.span());
        let common = shared(gold_content, content);
        common > 0
            && 2 * common >= gold_content.len()
            && 2 * common >= content.len()
            && match (g.source, found.source) {
                (Some(gold), Some(source)) => overlaps(gold.span(), source),
                (None, None) => true,
                _ => false,
            }
    })
}

/// The gold attributions of a document as if an engine had found them (content, source, cue):
/// what a perfect engine scores.
pub fn gold_as_found(document: &AttributionDocument) -> Vec<FoundAttribution> {
    document
        .attributions
        .iter()
        .map(|g| FoundAttribution {
            content: g.content.span(),
            source: g.source.map(GoldSpan::span),
            cue: g.cue.map(GoldSpan::span),
        })
        .collect()
}

/// Quotations and reported statements as one list of attributions (the statements are those
/// beside the quotations, as the engines give them): a quotation inside a reported content is
/// part of it (a mixed attribution), not one of its own.
pub fn with_reported(quotes: &[Quote], kept: &[Reported]) -> Vec<FoundAttribution> {
    let inside_a_statement = |quote: &Quote| {
        kept.iter()
            .any(|r| r.content.start <= quote.span.start && quote.span.end <= r.content.end)
    };
    let mut found: Vec<FoundAttribution> = attribution_parts(quotes)
        .iter()
        .filter(|parts| !parts.iter().all(|&i| inside_a_statement(&quotes[i])))
        .map(|parts| quoted_attribution(quotes, parts))
        .collect();
    found.extend(kept.iter().map(|r| FoundAttribution {
        content: r.content,
        source: r.source,
        cue: Some(r.cue),
    }));
    found.sort_by_key(|f| (f.content.start, f.content.end));
    found
}

/// The attribution scores of the README, summed over documents.
#[derive(Clone, Copy, Debug, Default)]
pub struct AttributionReport {
    pub content: Score,
    pub exact: Score,
    /// Matches, and those whose source is right.
    pub sources_judged: usize,
    pub sources_right: usize,
    /// Matches whose gold has a cue, and those whose cue overlaps it.
    pub cues_judged: usize,
    pub cues_right: usize,
    pub end_to_end: Score,
    /// Per kind (direct, mixed, indirect): gold attributions, and those matched.
    pub by_kind: [(usize, usize); 3],
}

impl AttributionReport {
    /// The report as `evaluate` prints it: a line per measure, each indented by `indent`.
    pub fn describe(&self, indent: &str) -> String {
        let recalls: Vec<String> = AttributionKind::ALL
            .iter()
            .map(|&kind| {
                let (gold, _) = self.by_kind[kind as usize];
                format!("{} {:5.1} (of {gold})", kind.label(), self.recall_of(kind))
            })
            .collect();
        [
            format!("content  {}", self.content),
            format!("exact    {}", self.exact),
            format!(
                "source accuracy  {:5.1}  ({} of {} matches)",
                self.source_accuracy(),
                self.sources_right,
                self.sources_judged
            ),
            format!(
                "cue accuracy     {:5.1}  ({} of {} matches with a gold cue)",
                self.cue_accuracy(),
                self.cues_right,
                self.cues_judged
            ),
            format!("end-to-end       {}", self.end_to_end),
            format!("recall by kind: {}", recalls.join(", ")),
        ]
        .iter()
        .map(|line| format!("{indent}{line}\n"))
        .collect()
    }

    pub fn source_accuracy(&self) -> f64 {
        percent(self.sources_right, self.sources_judged)
    }

    pub fn cue_accuracy(&self) -> f64 {
        percent(self.cues_right, self.cues_judged)
    }

    /// Recall of the content match for gold attributions of `kind`.
    pub fn recall_of(&self, kind: AttributionKind) -> f64 {
        let (gold, matched) = self.by_kind[kind as usize];
        percent(matched, gold)
    }

    pub fn add(&mut self, other: &AttributionReport) {
        self.content.add(other.content);
        self.exact.add(other.exact);
        self.sources_judged += other.sources_judged;
        self.sources_right += other.sources_right;
        self.cues_judged += other.cues_judged;
        self.cues_right += other.cues_right;
        self.end_to_end.add(other.end_to_end);
        for (mine, theirs) in self.by_kind.iter_mut().zip(other.by_kind) {
            mine.0 += theirs.0;
            mine.1 += theirs.1;
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// A content span as it is compared: white space and quotation marks taken off both ends, and
/// `, . ; :` off the end (with white space and marks again after them). `chars` is the
/// document's text as code points; the span counts code points.
pub fn trimmed(chars: &[char], span: Span) -> Span {
    let is_mark = |c: char| c.is_whitespace() || is_quotation_mark(c);
    let (mut start, mut end) = (span.start.min(chars.len()), span.end.min(chars.len()));
    while start < end && is_mark(chars[start]) {
        start += 1;
    }
    while start < end
        && (is_mark(chars[end - 1]) || matches!(chars[end - 1], ',' | '.' | ';' | ':'))
    {
        end -= 1;
    }
    Span::new(start, end)
}

fn is_quotation_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '‟'
            | '‚'
            | '‛'
            | '`'
            | '′'
            | '″'
    )
}

fn shared(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

fn overlaps(a: Span, b: Span) -> bool {
    a.overlaps(&b)
}

/// Scores what an engine found in one document against its gold attributions.
pub fn score_attributions(
    text: &str,
    gold: &[GoldAttribution],
    found: &[FoundAttribution],
) -> AttributionReport {
    let chars: Vec<char> = text.chars().collect();
    let gold_contents: Vec<Span> = gold
        .iter()
        .map(|g| trimmed(&chars, g.content.span()))
        .collect();
    let found_contents: Vec<Span> = found.iter().map(|f| trimmed(&chars, f.content)).collect();
    // Every pair sharing at least half of each, largest overlaps first (ties: text order).
    let mut pairs = Vec::new();
    for (g, gold_span) in gold_contents.iter().enumerate() {
        for (f, found_span) in found_contents.iter().enumerate() {
            let common = shared(*gold_span, *found_span);
            if common > 0 && 2 * common >= gold_span.len() && 2 * common >= found_span.len() {
                pairs.push((common, g, f));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gold_taken, mut found_taken) = (vec![false; gold.len()], vec![false; found.len()]);
    let mut report = AttributionReport::default();
    let (mut matched, mut exact, mut right) = (0, 0, 0);
    for (_, g, f) in pairs {
        if gold_taken[g] || found_taken[f] {
            continue;
        }
        gold_taken[g] = true;
        found_taken[f] = true;
        matched += 1;
        exact += usize::from(gold_contents[g] == found_contents[f]);
        let (gold, found) = (&gold[g], &found[f]);
        let source_right = match (gold.source, found.source) {
            (Some(gold), Some(found)) => overlaps(gold.span(), found),
            (None, None) => true,
            _ => false,
        };
        report.sources_judged += 1;
        report.sources_right += usize::from(source_right);
        right += usize::from(source_right);
        if let Some(cue) = gold.cue {
            report.cues_judged += 1;
            report.cues_right += usize::from(found.cue.is_some_and(|c| overlaps(cue.span(), c)));
        }
    }
    for (g, attribution) in gold.iter().enumerate() {
        let tally = &mut report.by_kind[attribution.kind as usize];
        tally.0 += 1;
        tally.1 += usize::from(gold_taken[g]);
    }
    let counts = |true_positives| Score {
        true_positives,
        predicted: found.len(),
        gold: gold.len(),
    };
    report.content = counts(matched);
    report.exact = counts(exact);
    report.end_to_end = counts(right);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn char_span(text: &str, words: &str) -> Span {
        let byte = text.find(words).expect("the words are in the text");
        let start = text[..byte].chars().count();
        Span::new(start, start + words.chars().count())
    }

    fn gold_span(span: Span) -> GoldSpan {
        GoldSpan {
            start: span.start,
            end: span.end,
        }
    }

    const TEXT: &str =
        "Officials said the strike killed 12 people. “We will rebuild,” the mayor said.";

    fn gold() -> Vec<GoldAttribution> {
        vec![
            GoldAttribution {
                content: gold_span(char_span(TEXT, "the strike killed 12 people.")),
                kind: AttributionKind::Indirect,
                source: Some(gold_span(char_span(TEXT, "Officials"))),
                cue: Some(gold_span(char_span(TEXT, "said the"))),
            },
            GoldAttribution {
                content: gold_span(char_span(TEXT, "“We will rebuild,”")),
                kind: AttributionKind::Direct,
                source: Some(gold_span(char_span(TEXT, "the mayor"))),
                cue: Some(gold_span(char_span(TEXT, "said."))),
            },
        ]
    }

    #[test]
    fn trimming_takes_off_marks_and_space_at_both_ends_and_punctuation_at_the_end() {
        let chars: Vec<char> = TEXT.chars().collect();
        let quoted = char_span(TEXT, " “We will rebuild,” ");
        assert_eq!(trimmed(&chars, quoted), char_span(TEXT, "We will rebuild"));
        let sentence = char_span(TEXT, "the strike killed 12 people.");
        assert_eq!(
            trimmed(&chars, sentence),
            char_span(TEXT, "the strike killed 12 people")
        );
        // Punctuation at the start stays: only the end loses it.
        let from_dot = char_span(TEXT, ". “We");
        assert_eq!(trimmed(&chars, from_dot), char_span(TEXT, ". “We"));
    }

    #[test]
    fn a_perfect_engine_scores_everything_and_quotes_alone_miss_the_indirect_one() {
        let gold = gold();
        let perfect: Vec<FoundAttribution> = gold
            .iter()
            .map(|g| FoundAttribution {
                content: g.content.span(),
                source: g.source.map(GoldSpan::span),
                cue: g.cue.map(|c| Span::new(c.start, c.start + 4)),
            })
            .collect();
        let report = score_attributions(TEXT, &gold, &perfect);
        assert_eq!((report.content.f1(), report.exact.f1()), (100.0, 100.0));
        assert_eq!(
            (report.source_accuracy(), report.cue_accuracy()),
            (100.0, 100.0)
        );
        assert_eq!(report.end_to_end.f1(), 100.0);
        // The quotation only, without its marks, its speaker right, no cue.
        let quote_only = [FoundAttribution {
            content: char_span(TEXT, "We will rebuild,"),
            source: Some(char_span(TEXT, "mayor")),
            cue: None,
        }];
        let report = score_attributions(TEXT, &gold, &quote_only);
        assert_eq!(report.content.true_positives, 1);
        assert_eq!(report.exact.true_positives, 1, "equal once trimmed");
        assert_eq!(
            (report.source_accuracy(), report.cue_accuracy()),
            (100.0, 0.0)
        );
        assert_eq!(report.recall_of(AttributionKind::Indirect), 0.0);
        assert_eq!(report.recall_of(AttributionKind::Direct), 100.0);
        assert!((report.content.recall() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn a_match_needs_half_of_each_and_one_gold_takes_one_prediction() {
        let gold = gold();
        let content = char_span(TEXT, "the strike killed 12 people");
        let half = Span::new(content.start, content.start + content.len().div_ceil(2));
        let too_short = Span::new(content.start, content.start + content.len() / 2 - 2);
        let too_long = Span::new(0, TEXT.chars().count());
        let found = |span| FoundAttribution {
            content: span,
            source: None,
            cue: None,
        };
        let count = |spans: &[Span]| {
            let found: Vec<_> = spans.iter().map(|&s| found(s)).collect();
            score_attributions(TEXT, &gold, &found)
                .content
                .true_positives
        };
        assert_eq!(count(&[half]), 1);
        assert_eq!(count(&[too_short]), 0);
        assert_eq!(
            count(&[too_long]),
            0,
            "a span over twice the gold's is not a match"
        );
        // Two predictions over one gold content: the larger overlap wins, the other is wrong.
        let found: Vec<_> = [half, content].into_iter().map(found).collect();
        let report = score_attributions(TEXT, &gold, &found);
        assert_eq!(report.content.true_positives, 1);
        assert_eq!(report.exact.true_positives, 1, "the exact one was taken");
        // No source where the gold has one: the match's source is wrong, end to end too.
        assert_eq!(report.source_accuracy(), 0.0);
        assert_eq!(report.end_to_end.true_positives, 0);
    }
}
