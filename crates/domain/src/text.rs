//! Offsets and ranges in the article text, and the one place where units convert.
//!
//! The annotation model counts **Unicode code points** (as the W3C Web Annotation model does).
//! Rust strings index by UTF-8 bytes and the DOM by UTF-16 code units; every conversion between
//! those units and code points goes through this module so that it is written, and tested, once.

use serde::{Deserialize, Serialize};

/// A range of the article text in Unicode code points, `start` inclusive, `end` exclusive.
/// Never inverted: read from a file or the store, an inverted pair is swapped as by [`Span::new`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(from = "SpanFields")]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A span as written in files, before it is checked.
#[derive(Deserialize)]
struct SpanFields {
    start: usize,
    end: usize,
}

impl From<SpanFields> for Span {
    fn from(fields: SpanFields) -> Self {
        Span::new(fields.start, fields.end)
    }
}

impl Span {
    /// A span from `start` to `end`; an inverted pair is swapped rather than rejected.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub fn contains_span(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The shared part of two spans, if they overlap.
    pub fn intersection(&self, other: &Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Span { start, end })
    }
}

/// Converts between code-point offsets and byte offsets of one text.
///
/// Pure-ASCII text (the common case) needs no table: both units agree.
#[derive(Clone, Debug)]
pub struct TextIndex<'a> {
    text: &'a str,
    /// Byte offset of every code point, plus the text length at the end; empty for ASCII text.
    byte_of_char: Vec<u32>,
}

impl<'a> TextIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let byte_of_char = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(byte, _)| byte as u32)
                .chain(std::iter::once(text.len() as u32))
                .collect()
        };
        TextIndex { text, byte_of_char }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The number of code points in the text.
    pub fn char_len(&self) -> usize {
        if self.byte_of_char.is_empty() {
            self.text.len()
        } else {
            self.byte_of_char.len() - 1
        }
    }

    /// The byte offset of code point `char_offset`, clamped to the end of the text.
    pub fn byte_of(&self, char_offset: usize) -> usize {
        if self.byte_of_char.is_empty() {
            char_offset.min(self.text.len())
        } else {
            self.byte_of_char[char_offset.min(self.byte_of_char.len() - 1)] as usize
        }
    }

    /// The code point that starts at or contains byte `byte_offset`.
    pub fn char_of(&self, byte_offset: usize) -> usize {
        if self.byte_of_char.is_empty() {
            byte_offset.min(self.text.len())
        } else {
            match self.byte_of_char.binary_search(&(byte_offset as u32)) {
                Ok(index) => index,
                Err(index) => index.saturating_sub(1),
            }
        }
    }

    /// The text of a span; a span past the end is clamped.
    pub fn slice(&self, span: Span) -> &'a str {
        let start = self.byte_of(span.start);
        &self.text[start..self.byte_of(span.end).max(start)]
    }

    /// The span, in code points, of a byte range of this text.
    pub fn span_of_bytes(&self, bytes: std::ops::Range<usize>) -> Span {
        Span::new(self.char_of(bytes.start), self.char_of(bytes.end))
    }
}

/// An owned text with its code-point index, for holding across renders (the page keeps one
/// per open article and slices every block and mark from it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexedText {
    text: String,
    /// Byte offset of every code point plus the end; empty for ASCII text.
    byte_of_char: Vec<u32>,
}

impl IndexedText {
    pub fn new(text: String) -> Self {
        let byte_of_char = TextIndex::new(&text).byte_of_char;
        IndexedText { text, byte_of_char }
    }

    pub fn index(&self) -> TextIndex<'_> {
        TextIndex {
            text: &self.text,
            byte_of_char: self.byte_of_char.clone(),
        }
    }

    pub fn char_len(&self) -> usize {
        if self.byte_of_char.is_empty() {
            self.text.len()
        } else {
            self.byte_of_char.len() - 1
        }
    }

    /// The text of a span, clamped to the text.
    pub fn slice(&self, span: Span) -> &str {
        let byte = |offset: usize| {
            if self.byte_of_char.is_empty() {
                offset.min(self.text.len())
            } else {
                self.byte_of_char[offset.min(self.byte_of_char.len() - 1)] as usize
            }
        };
        let (start, end) = (byte(span.start), byte(span.end));
        &self.text[start.min(end)..end]
    }
}

/// The number of code points in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The text of `span` in `text`, counting code points; clamped to the text.
pub fn slice_chars(text: &str, span: Span) -> &str {
    TextIndex::new(text).slice(span)
}

/// The number of UTF-16 code units in `text` (what JavaScript's `length` reports).
pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Converts a UTF-16 offset into `text` to a code-point offset.
///
/// Returns `None` when the offset is past the end or falls between the two halves of a
/// surrogate pair (a position no code-point model can express).
pub fn utf16_to_char_offset(text: &str, utf16_offset: usize) -> Option<usize> {
    let mut units = 0;
    for (index, ch) in text.chars().enumerate() {
        if units == utf16_offset {
            return Some(index);
        }
        units += ch.len_utf16();
        if units > utf16_offset {
            return None;
        }
    }
    (units == utf16_offset).then(|| char_len(text))
}

/// Converts a code-point offset into `text` to a UTF-16 offset, clamped to the text.
pub fn char_to_utf16_offset(text: &str, char_offset: usize) -> usize {
    text.chars().take(char_offset).map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_read_from_a_file_is_never_inverted() {
        let span: Span = serde_json::from_str(r#"{"start": 9, "end": 2}"#).unwrap();
        assert_eq!(span, Span::new(2, 9));
        assert_eq!(span.len(), 7);
        assert_eq!(
            serde_json::to_string(&span).unwrap(),
            r#"{"start":2,"end":9}"#
        );
        let inverted = Span { start: 5, end: 2 };
        assert_eq!(TextIndex::new("Zoë said so").slice(inverted), "");
    }

    #[test]
    fn ascii_offsets_are_bytes() {
        let index = TextIndex::new("NATO chief");
        assert_eq!(index.char_len(), 10);
        assert_eq!(index.slice(Span::new(5, 10)), "chief");
        assert_eq!(index.char_of(5), 5);
    }

    #[test]
    fn non_ascii_offsets_count_code_points() {
        // "é" is 2 bytes, "👍" 4 bytes and 2 UTF-16 units, "中" 3 bytes.
        let text = "café 👍 中文";
        let index = TextIndex::new(text);
        assert_eq!(index.char_len(), 9);
        assert_eq!(index.slice(Span::new(5, 6)), "👍");
        assert_eq!(index.slice(Span::new(7, 9)), "中文");
        assert_eq!(index.char_of(text.find('中').unwrap()), 7);
        // A byte inside a multi-byte character belongs to that character.
        assert_eq!(index.char_of(text.find('👍').unwrap() + 2), 5);
        assert_eq!(index.span_of_bytes(0..5), Span::new(0, 4));
    }

    #[test]
    fn utf16_conversion_round_trips_and_rejects_split_surrogates() {
        let text = "a👍b";
        assert_eq!(utf16_len(text), 4);
        assert_eq!(utf16_to_char_offset(text, 1), Some(1));
        assert_eq!(
            utf16_to_char_offset(text, 2),
            None,
            "inside the surrogate pair"
        );
        assert_eq!(utf16_to_char_offset(text, 3), Some(2));
        assert_eq!(utf16_to_char_offset(text, 4), Some(3));
        assert_eq!(utf16_to_char_offset(text, 5), None);
        for offset in 0..=3 {
            let units = char_to_utf16_offset(text, offset);
            assert_eq!(utf16_to_char_offset(text, units), Some(offset));
        }
    }

    #[test]
    fn indexed_text_slices_by_code_points() {
        let text = IndexedText::new("a👍b中c".to_owned());
        assert_eq!(text.char_len(), 5);
        assert_eq!(text.slice(Span::new(1, 4)), "👍b中");
        assert_eq!(text.slice(Span::new(3, 99)), "中c");
    }

    #[test]
    fn span_relations() {
        let quote = Span::new(10, 20);
        assert!(quote.overlaps(&Span::new(19, 25)));
        assert!(!quote.overlaps(&Span::new(20, 25)), "end is exclusive");
        assert_eq!(
            quote.intersection(&Span::new(15, 30)),
            Some(Span::new(15, 20))
        );
        assert!(quote.contains_span(&Span::new(12, 20)));
        assert_eq!(Span::new(5, 2), Span::new(2, 5));
    }
}
