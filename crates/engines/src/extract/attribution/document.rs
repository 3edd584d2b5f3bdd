//! The text as the quote engine sees it: tokens with their spans, lower-cased words, paragraphs,
//! which tokens are quoted or part of a person's name, and where sentences end — built once, in
//! one constructor, and read by every stage.

use std::ops::Range;

use domain::text::Span;

use crate::language::tokens::{char_spans, tokenize, Token};

/// The text as tokens with what the engine needs to know about each.
pub(super) struct Document<'a> {
    pub(super) tokens: Vec<Token<'a>>,
    pub(super) spans: Vec<Span>,
    pub(super) lower: Vec<String>,
    pub(super) paragraph_of: Vec<usize>,
    pub(super) paragraphs: Vec<Range<usize>>,
    /// Whether a token is a quote mark or inside a quotation.
    pub(super) quoted: Vec<bool>,
    /// Whether a sentence ends after each token (filled once quotations are known).
    pub(super) ends_sentence: Vec<bool>,
    /// How many sentences end before each token (one more entry than tokens), so that the
    /// sentence ends between two places are counted at once, however far apart.
    sentence_ends_before: Vec<u32>,
    /// Whether each token is part of a person's name (from the entity engine).
    pub(super) person: Vec<bool>,
    pub(super) text: &'a str,
}

/// The longest stretch of tokens treated as one sentence.
pub(super) const MAX_SENTENCE_TOKENS: usize = 120;

pub(super) fn is_quote_mark(token: &str) -> bool {
    matches!(token, "\"" | "“" | "”" | "„" | "«" | "»" | "‟")
}

pub(super) fn is_sentence_end(token: &str) -> bool {
    matches!(token, "." | "?" | "!" | "...")
}

pub(super) fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphanumeric)
}

impl<'a> Document<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let spans = char_spans(text, &tokens);
        let lower = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let mut paragraph_of = Vec::with_capacity(tokens.len());
        let mut paragraphs: Vec<Range<usize>> = Vec::new();
        let mut paragraph = 0;
        let mut start = 0;
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 && text[tokens[i - 1].bytes.end..token.bytes.start].contains('\n') {
                paragraphs.push(start..i);
                paragraph += 1;
                start = i;
            }
            paragraph_of.push(paragraph);
        }
        paragraphs.push(start..tokens.len());
        let quoted = vec![false; tokens.len()];
        let ends_sentence = vec![false; tokens.len()];
        let person_flags = vec![false; tokens.len()];
        Document {
            tokens,
            spans,
            lower,
            paragraph_of,
            paragraphs,
            quoted,
            ends_sentence,
            sentence_ends_before: Vec::new(),
            person: person_flags,
            text,
        }
    }

    /// The token that holds a code-point position.
    pub(super) fn token_at(&self, position: usize) -> Option<usize> {
        let i = self.spans.partition_point(|span| span.end <= position);
        (i < self.spans.len() && self.spans[i].start <= position).then_some(i)
    }

    pub(super) fn word(&self, i: usize) -> &str {
        self.tokens[i].text
    }

    pub(super) fn char_before(&self, i: usize) -> Option<char> {
        self.text[..self.tokens[i].bytes.start].chars().next_back()
    }

    pub(super) fn char_after(&self, i: usize) -> Option<char> {
        self.text[self.tokens[i].bytes.end..].chars().next()
    }

    pub(super) fn span_of(&self, tokens: &Range<usize>) -> Span {
        Span::new(
            self.spans[tokens.start].start,
            self.spans[tokens.end - 1].end,
        )
    }

    /// Marks where sentences end: a full stop, question or exclamation mark outside quotations
    /// that is not followed by a bracket, comma or lowercase word; or a closing quote mark right
    /// after such punctuation and before a capitalised word (`… quo.” She went on`).
    pub(super) fn find_sentence_ends(&mut self) {
        for i in 0..self.tokens.len() {
            let next = self.tokens.get(i + 1).map(|t| t.text);
            let next_starts_sentence = next.is_none_or(|w| {
                !matches!(w, ")" | "," | ";") && !w.starts_with(char::is_lowercase)
            });
            let word = self.word(i);
            self.ends_sentence[i] = if is_sentence_end(word) {
                !self.quoted[i] && next_starts_sentence
            } else {
                is_quote_mark(word)
                    && i > 0
                    && is_sentence_end(self.word(i - 1))
                    && next.is_some_and(|w| w.starts_with(char::is_uppercase))
                    && self.tokens.get(i + 1).is_some_and(|_| !self.quoted[i + 1])
            };
        }
        self.sentence_ends_before = std::iter::once(0)
            .chain(self.ends_sentence.iter().scan(0u32, |count, &ends| {
                *count += u32::from(ends);
                Some(*count)
            }))
            .collect();
    }

    /// How many sentences end after the tokens of `tokens`.
    pub(super) fn sentence_ends_in(&self, tokens: &Range<usize>) -> usize {
        match (
            self.sentence_ends_before.get(tokens.start),
            self.sentence_ends_before.get(tokens.end),
        ) {
            (Some(before), Some(after)) if tokens.end >= tokens.start => (after - before) as usize,
            _ => tokens.clone().filter(|&i| self.ends_sentence[i]).count(),
        }
    }

    /// The first token of the sentence holding token `i` (a "sentence" without end is cut at
    /// [`MAX_SENTENCE_TOKENS`], so text without full stops costs linear time).
    pub(super) fn sentence_start(&self, i: usize) -> usize {
        let floor = self.paragraphs[self.paragraph_of[i]]
            .start
            .max(i.saturating_sub(MAX_SENTENCE_TOKENS));
        let mut j = i;
        while j > floor && !self.ends_sentence[j - 1] {
            j -= 1;
        }
        j
    }

    /// The token after the sentence holding token `i` (within [`MAX_SENTENCE_TOKENS`]).
    pub(super) fn sentence_end(&self, i: usize) -> usize {
        let ceiling = self.paragraphs[self.paragraph_of[i]]
            .end
            .min(i + MAX_SENTENCE_TOKENS);
        (i..ceiling)
            .find(|&j| self.ends_sentence[j])
            .map_or(ceiling, |j| j + 1)
    }
}
