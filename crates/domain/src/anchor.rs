//! Describing a range of the article as selectors, and finding it again: exactly, fuzzily (with a
//! score), or not at all (an orphan, kept and shown, never silently dropped or misplaced).
//!
//! The Hypothesis way, made visible: try the stored position and check it against the quoted
//! text; positions may count code points (the W3C model, ours) or UTF-16 units (Hypothesis,
//! Recogito), so both readings are tried; then search for the quote, using its prefix and suffix
//! to choose between repeats; then fall back to an approximate match, scored.

use serde::{Deserialize, Serialize};

use crate::text::{Span, TextIndex};

/// How much context a quote selector keeps on each side, in code points.
pub const CONTEXT_CHARS: usize = 32;
/// The lowest score a fuzzy placement may have; below it the annotation is an orphan.
pub const MIN_FUZZY_SCORE: f64 = 0.75;
/// Beyond this many cells (quote length × text length) the fuzzy search looks only near the
/// stored position, so that a hostile import cannot stall the page.
const MAX_FUZZY_CELLS: usize = 40_000_000;

/// The quoted text of a range with a little context on each side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSelector {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Where a range was, and in which unit its offsets count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionSelector {
    pub start: usize,
    pub end: usize,
}

/// How an annotation was placed in the text. (Serialised only between the engine worker and the
/// page: serde's default form, which reads back without buffering, unlike a tagged one.)
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// The stored position held the quoted text, or the quote was found unambiguously.
    Exact,
    /// Found by approximate matching; `score` is 0–1 (1 = identical).
    Fuzzy { score: f64 },
    /// Not found; the annotation is kept aside.
    Orphan,
}

/// Describes a span of `text` as a quote selector and a position selector (code points).
pub fn describe(text: &str, span: Span) -> (QuoteSelector, PositionSelector) {
    describe_in(&TextIndex::new(text), span)
}

/// [`describe`] with the text's index built once (exports describe every annotation).
pub fn describe_in(index: &TextIndex<'_>, span: Span) -> (QuoteSelector, PositionSelector) {
    let len = index.char_len();
    let span = Span::new(span.start.min(len), span.end.min(len));
    let prefix = Span::new(span.start.saturating_sub(CONTEXT_CHARS), span.start);
    let suffix = Span::new(span.end, (span.end + CONTEXT_CHARS).min(len));
    (
        QuoteSelector {
            exact: index.slice(span).to_owned(),
            prefix: index.slice(prefix).to_owned(),
            suffix: index.slice(suffix).to_owned(),
        },
        PositionSelector {
            start: span.start,
            end: span.end,
        },
    )
}

/// Finds a described range in `text`.
pub fn anchor(
    text: &str,
    quote: &QuoteSelector,
    position: Option<PositionSelector>,
) -> (Option<Span>, Placement) {
    Anchorer::new(text).anchor(quote, position)
}

/// The search work one import may spend on annotations whose stored position does not hold
/// their words (scanning the text for them, comparing repeats, approximate matching), counted in
/// characters visited — about a second here. What is left unfound is kept as an orphan, and the
/// import says how many.
pub const SEARCH_BUDGET: usize = 300_000_000;
/// The most repeats of a quote that are compared to choose one.
const MAX_OCCURRENCES: usize = 10_000;

/// Finds many described ranges in one text (an import), with the text's indexes built once and
/// a search budget shared by all: the cost of an import is bounded however hostile its items.
pub struct Anchorer<'a> {
    text: &'a str,
    index: TextIndex<'a>,
    /// The UTF-16 offset of every code point and of the end; empty when the text has no
    /// character outside the Basic Multilingual Plane (then both units agree).
    utf16_of_char: std::cell::OnceCell<Vec<u32>>,
    budget: std::cell::Cell<usize>,
    skipped: std::cell::Cell<usize>,
}

impl<'a> Anchorer<'a> {
    pub fn new(text: &'a str) -> Self {
        Self::with_budget(text, SEARCH_BUDGET)
    }

    pub fn with_budget(text: &'a str, budget: usize) -> Self {
        Anchorer {
            text,
            index: TextIndex::new(text),
            utf16_of_char: std::cell::OnceCell::new(),
            budget: std::cell::Cell::new(budget),
            skipped: std::cell::Cell::new(0),
        }
    }

    pub fn index(&self) -> &TextIndex<'a> {
        &self.index
    }

    /// How many annotations were left unplaced because the search budget ran out.
    pub fn skipped(&self) -> usize {
        self.skipped.get()
    }

    fn spend(&self, cost: usize) -> bool {
        match self.budget.get().checked_sub(cost) {
            Some(left) => {
                self.budget.set(left);
                true
            }
            None => {
                self.skipped.set(self.skipped.get() + 1);
                false
            }
        }
    }

    /// A UTF-16 offset (other tools count those) as a code-point offset; `None` past the end or
    /// inside a surrogate pair.
    fn char_of_utf16(&self, offset: usize) -> Option<usize> {
        let table = self.utf16_of_char.get_or_init(|| {
            if self.text.chars().all(|c| c.len_utf16() == 1) {
                return Vec::new();
            }
            let mut units = 0u32;
            let mut table = Vec::with_capacity(self.index.char_len() + 1);
            for c in self.text.chars() {
                table.push(units);
                units += c.len_utf16() as u32;
            }
            table.push(units);
            table
        });
        if table.is_empty() {
            return (offset <= self.index.char_len()).then_some(offset);
        }
        table.binary_search(&u32::try_from(offset).ok()?).ok()
    }

    /// Finds a described range: its stored position (code points, then UTF-16 units) if that
    /// holds the quoted words, else the best of their occurrences, else an approximate match.
    pub fn anchor(
        &self,
        quote: &QuoteSelector,
        position: Option<PositionSelector>,
    ) -> (Option<Span>, Placement) {
        let index = &self.index;
        if quote.exact.is_empty() {
            // Nothing to check a position against: trust it only if it is an empty, valid point.
            return match position {
                Some(p) if p.start == p.end && p.end <= index.char_len() => {
                    (Some(Span::new(p.start, p.end)), Placement::Exact)
                }
                _ => (None, Placement::Orphan),
            };
        }
        let exact_len = quote.exact.chars().count();
        if let Some(position) = position {
            // The position as code points, then as UTF-16 units.
            let as_chars = Span::new(position.start, position.end);
            if as_chars.end <= index.char_len() && index.slice(as_chars) == quote.exact {
                return (Some(as_chars), Placement::Exact);
            }
            if let (Some(start), Some(end)) = (
                self.char_of_utf16(position.start),
                self.char_of_utf16(position.end),
            ) {
                let span = Span::new(start, end);
                if index.slice(span) == quote.exact {
                    return (Some(span), Placement::Exact);
                }
            }
        }
        if !self.spend(self.text.len()) {
            return (None, Placement::Orphan);
        }
        let hint = position.map(|p| p.start);
        let occurrences: Vec<usize> = self
            .text
            .match_indices(quote.exact.as_str())
            .take(MAX_OCCURRENCES)
            .map(|(byte, _)| index.char_of(byte))
            .collect();
        if !occurrences.is_empty() {
            let context = quote.prefix.len() + quote.suffix.len() + 2;
            if !self.spend(occurrences.len() * context) {
                return (None, Placement::Orphan);
            }
            let best = occurrences
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    let score =
                        |start: usize| context_score(index, start, start + exact_len, quote, hint);
                    score(a)
                        .partial_cmp(&score(b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(b.cmp(&a))
                })
                .expect("occurrences is not empty");
            return (Some(Span::new(best, best + exact_len)), Placement::Exact);
        }
        let cells = exact_len
            .saturating_mul(index.char_len())
            .min(MAX_FUZZY_CELLS);
        if !self.spend(cells) {
            return (None, Placement::Orphan);
        }
        match fuzzy_find(index, quote, hint) {
            Some((span, score)) if score >= MIN_FUZZY_SCORE => {
                (Some(span), Placement::Fuzzy { score })
            }
            _ => (None, Placement::Orphan),
        }
    }
}

/// How well the text around a candidate matches the selector's prefix and suffix (0–2), with
/// a little weight for being near the stored position.
fn context_score(
    index: &TextIndex<'_>,
    start: usize,
    end: usize,
    quote: &QuoteSelector,
    hint: Option<usize>,
) -> f64 {
    let prefix_len = quote.prefix.chars().count();
    let suffix_len = quote.suffix.chars().count();
    let before = index.slice(Span::new(start.saturating_sub(prefix_len), start));
    let after = index.slice(Span::new(end, (end + suffix_len).min(index.char_len())));
    let nearness = hint.map_or(0.0, |h| {
        1.0 / (1.0 + (h as f64 - start as f64).abs() / 1000.0)
    });
    common_suffix_ratio(before, &quote.prefix)
        + common_prefix_ratio(after, &quote.suffix)
        + 0.01 * nearness
}

fn common_prefix_ratio(a: &str, b: &str) -> f64 {
    let total = b.chars().count();
    if total == 0 {
        return 1.0;
    }
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count() as f64 / total as f64
}

fn common_suffix_ratio(a: &str, b: &str) -> f64 {
    let total = b.chars().count();
    if total == 0 {
        return 1.0;
    }
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count() as f64
        / total as f64
}

/// The best approximate occurrence of the quote (fewest edits), with score 1 − edits / length
/// blended with how well its context matches.
fn fuzzy_find(
    index: &TextIndex<'_>,
    quote: &QuoteSelector,
    hint: Option<usize>,
) -> Option<(Span, f64)> {
    let pattern: Vec<char> = quote.exact.chars().collect();
    let text_len = index.char_len();
    if pattern.is_empty() || text_len == 0 {
        return None;
    }
    // Search the whole text when affordable, else a window around the stored position.
    let window = if pattern.len().saturating_mul(text_len) <= MAX_FUZZY_CELLS {
        Span::new(0, text_len)
    } else {
        let radius = (MAX_FUZZY_CELLS / pattern.len().max(1)) / 2;
        let center = hint?.min(text_len);
        Span::new(
            center.saturating_sub(radius),
            (center + radius).min(text_len),
        )
    };
    let haystack: Vec<char> = index.slice(window).chars().collect();
    let (end, distance) = best_local_alignment(&pattern, &haystack)?;
    // Recover the start by aligning the reversed pattern backwards from the end.
    let reversed_pattern: Vec<char> = pattern.iter().rev().copied().collect();
    let from = end.saturating_sub(pattern.len() * 2);
    let before_end: Vec<char> = haystack[from..end].iter().rev().copied().collect();
    let (length, _) = best_local_alignment(&reversed_pattern, &before_end)?;
    let span = Span::new(window.start + end - length, window.start + end);
    let edit_score = 1.0 - distance as f64 / pattern.len() as f64;
    let context = context_score(index, span.start, span.end, quote, None) / 2.0;
    Some((span, (0.8 * edit_score + 0.2 * context).clamp(0.0, 1.0)))
}

/// Sellers' algorithm: the end (exclusive) in `text` of the substring closest to `pattern` in
/// edit distance, and that distance.
fn best_local_alignment(pattern: &[char], text: &[char]) -> Option<(usize, usize)> {
    let m = pattern.len();
    let mut column: Vec<usize> = (0..=m).collect();
    let mut best: Option<(usize, usize)> = None;
    for (j, &c) in text.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = 0;
        for i in 1..=m {
            let above = column[i];
            let cost = usize::from(pattern[i - 1] != c);
            column[i] = (diagonal + cost).min(above + 1).min(column[i - 1] + 1);
            diagonal = above;
        }
        if best.is_none_or(|(_, distance)| column[m] < distance) {
            best = Some((j + 1, column[m]));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "NATO chief said. The EU met. Then the EU met again in Brüssel 👍 today.";

    fn span_of(text: &str, needle: &str, nth: usize) -> Span {
        let index = TextIndex::new(text);
        let byte = text.match_indices(needle).nth(nth).unwrap().0;
        let start = index.char_of(byte);
        Span::new(start, start + needle.chars().count())
    }

    #[test]
    fn a_described_range_is_found_exactly() {
        let span = span_of(TEXT, "EU met", 1);
        let (quote, position) = describe(TEXT, span);
        assert_eq!(quote.exact, "EU met");
        assert!(quote.prefix.ends_with("Then the "));
        assert_eq!(
            anchor(TEXT, &quote, Some(position)),
            (Some(span), Placement::Exact)
        );
        // Without a position, the context chooses between the two occurrences.
        assert_eq!(anchor(TEXT, &quote, None), (Some(span), Placement::Exact));
    }

    #[test]
    fn utf16_positions_from_other_tools_are_recognised() {
        let span = span_of(TEXT, "today", 0);
        let (quote, _) = describe(TEXT, span);
        // "👍" is two UTF-16 units: a UTF-16 tool's offsets are one more than ours.
        let utf16 = PositionSelector {
            start: span.start + 1,
            end: span.end + 1,
        };
        assert_eq!(
            anchor(TEXT, &quote, Some(utf16)),
            (Some(span), Placement::Exact)
        );
    }

    #[test]
    fn a_wrong_position_is_corrected_by_the_quote() {
        let span = span_of(TEXT, "Brüssel", 0);
        let (quote, _) = describe(TEXT, span);
        let stale = PositionSelector { start: 3, end: 10 };
        assert_eq!(
            anchor(TEXT, &quote, Some(stale)),
            (Some(span), Placement::Exact)
        );
    }

    #[test]
    fn an_edited_text_gives_a_fuzzy_placement_with_a_score() {
        let (quote, position) = describe(TEXT, span_of(TEXT, "met again in Brüssel", 0));
        let edited = TEXT.replace("met again in Brüssel", "met, again, in Brüssel");
        let (span, placement) = anchor(&edited, &quote, Some(position));
        let Placement::Fuzzy { score } = placement else {
            panic!("expected fuzzy, got {placement:?}")
        };
        assert!(score > MIN_FUZZY_SCORE && score < 1.0, "score {score}");
        let found = TextIndex::new(&edited).slice(span.unwrap()).to_owned();
        assert!(
            found.contains("Brüssel") && found.starts_with("met"),
            "{found}"
        );
    }

    #[test]
    fn text_that_is_gone_is_an_orphan() {
        let quote = QuoteSelector {
            exact: "Completely different words".into(),
            prefix: String::new(),
            suffix: String::new(),
        };
        assert_eq!(
            anchor(TEXT, &quote, Some(PositionSelector { start: 0, end: 4 })),
            (None, Placement::Orphan)
        );
        let huge = PositionSelector {
            start: usize::MAX - 1,
            end: usize::MAX,
        };
        assert_eq!(anchor(TEXT, &quote, Some(huge)).1, Placement::Orphan);
    }
}
