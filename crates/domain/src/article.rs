//! The article: its canonical text and the blocks (headline, dateline, byline, caption,
//! paragraphs) that structure it. The readers that make one from plain text, HTML or Markdown
//! live in the `engines` crate; [`ArticleBuilder`] is what they build with.
//!
//! Invariants:
//! - reading an article never fails; only turning raw bytes into text can;
//! - every block's span lies inside `text`, blocks are in text order and do not overlap;
//! - for plain text, `text` is the input exactly as read (annotation offsets are file offsets);
//!   for HTML and Markdown it is the extracted blocks joined by blank lines.

use serde::{Deserialize, Serialize};

use crate::text::{Span, TextIndex};

/// The bundled sample article (a Xinhua wire story), open by default.
pub const SAMPLE_TEXT: &str = include_str!("../../../assets/samples/nato-eu-cooperation.txt");
/// The sample's file name.
pub const SAMPLE_NAME: &str = "nato-eu-cooperation.txt";

/// What a block of the article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The date printed at the top of the page, before the headline.
    PageDate,
    Headline,
    /// The "Published : …" line; its span covers the value, not the label.
    Published,
    Byline,
    /// A photo caption ("… Photo Xinhua.").
    Caption,
    Subheading,
    Paragraph,
}

impl BlockKind {
    /// A word for people (used in accessible names and reports).
    pub fn label(self) -> &'static str {
        match self {
            BlockKind::PageDate => "page date",
            BlockKind::Headline => "headline",
            BlockKind::Published => "published",
            BlockKind::Byline => "byline",
            BlockKind::Caption => "caption",
            BlockKind::Subheading => "subheading",
            BlockKind::Paragraph => "paragraph",
        }
    }
}

/// One structural block of the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's text in the article, trimmed of surrounding white space.
    pub span: Span,
}

/// The format an article was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    PlainText,
    Html,
    Markdown,
}

/// A parsed article: the canonical text every annotation offset counts into, and its blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub text: String,
    pub blocks: Vec<Block>,
    pub format: SourceFormat,
}

impl Article {
    /// An article rebuilt from stored or imported parts, which may be damaged or hostile: only
    /// blocks that are non-empty, inside the text and after the previous block are kept; when none
    /// is left, the text is parsed again as plain text. The text itself is always kept.
    pub fn from_parts(
        text: String,
        format: SourceFormat,
        blocks: impl IntoIterator<Item = (BlockKind, usize, usize)>,
    ) -> Article {
        let length = text.chars().count();
        let mut kept: Vec<Block> = Vec::new();
        for (kind, start, end) in blocks {
            let after_previous = kept.last().is_none_or(|last| start >= last.span.end);
            if start < end && end <= length && after_previous {
                kept.push(Block {
                    kind,
                    span: Span::new(start, end),
                });
            }
        }
        if kept.is_empty() {
            return split_at_blank_lines(&text);
        }
        Article {
            text,
            blocks: kept,
            format,
        }
    }

    /// The text of a span of this article.
    pub fn slice(&self, span: Span) -> &str {
        TextIndex::new(&self.text).slice(span)
    }

    /// The first block of a kind.
    pub fn first(&self, kind: BlockKind) -> Option<&Block> {
        self.blocks.iter().find(|block| block.kind == kind)
    }

    /// The headline's text, if the article has one.
    pub fn headline(&self) -> Option<&str> {
        self.first(BlockKind::Headline)
            .map(|block| self.slice(block.span))
    }

    /// The text of every block of a kind, in order.
    pub fn texts_of(&self, kind: BlockKind) -> Vec<&str> {
        let index = TextIndex::new(&self.text);
        self.blocks
            .iter()
            .filter(|block| block.kind == kind)
            .map(|block| index.slice(block.span))
            .collect()
    }

    /// The body paragraphs' texts.
    pub fn paragraphs(&self) -> Vec<&str> {
        self.texts_of(BlockKind::Paragraph)
    }

    /// Whether the article has no text worth reading.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// Builds an article whose text is made of extracted blocks joined by blank lines
/// (the HTML and Markdown readers use it).
#[derive(Default)]
pub struct ArticleBuilder {
    text: String,
    char_len: usize,
    blocks: Vec<Block>,
}

impl ArticleBuilder {
    /// Appends a block; white space is collapsed and an empty block is skipped.
    pub fn push(&mut self, kind: BlockKind, raw: &str) {
        let collapsed = collapse_whitespace(raw);
        if collapsed.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
            self.char_len += 2;
        }
        let start = self.char_len;
        self.char_len += collapsed.chars().count();
        self.text.push_str(&collapsed);
        self.blocks.push(Block {
            kind,
            span: Span::new(start, self.char_len),
        });
    }

    /// The blocks pushed so far.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Whether a block of this kind was pushed.
    pub fn has(&self, kind: BlockKind) -> bool {
        self.blocks.iter().any(|block| block.kind == kind)
    }

    /// The article made of the blocks pushed.
    pub fn finish(self, format: SourceFormat) -> Article {
        Article {
            text: self.text,
            blocks: self.blocks,
            format,
        }
    }
}

/// Plain text read the simplest way: the parts a blank line separates are blocks, the first the
/// headline and the others paragraphs. What stored text without usable blocks is read as (an
/// entry of the first schema kept its text only; damaged blocks are dropped); the plain-text
/// reader, which also tells datelines, bylines and dates apart, is in the `engines` crate.
pub fn split_at_blank_lines(text: &str) -> Article {
    let mut blocks = Vec::new();
    let mut at = 0;
    for part in text.split("\n\n") {
        let length = part.chars().count();
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let start = at + part[..part.find(trimmed).unwrap_or(0)].chars().count();
            let kind = if blocks.is_empty() {
                BlockKind::Headline
            } else {
                BlockKind::Paragraph
            };
            blocks.push(Block {
                kind,
                span: Span::new(start, start + trimmed.chars().count()),
            });
        }
        at += length + 2;
    }
    Article {
        text: text.to_owned(),
        blocks,
        format: SourceFormat::PlainText,
    }
}

/// Collapses runs of white space to one space and trims the ends, as HTML rendering does.
pub fn collapse_whitespace(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_offsets_count_code_points_across_blocks() {
        let mut builder = ArticleBuilder::default();
        builder.push(BlockKind::Headline, "  Zürich   talks ");
        builder.push(BlockKind::Paragraph, "");
        builder.push(BlockKind::Paragraph, "“Hi,” 👍 said\n she.");
        let article = builder.finish(SourceFormat::Html);
        assert_eq!(article.text, "Zürich talks\n\n“Hi,” 👍 said she.");
        assert_eq!(article.blocks.len(), 2);
        assert_eq!(article.slice(article.blocks[1].span), "“Hi,” 👍 said she.");
        assert_eq!(article.blocks[1].span.start, 14);
    }
}
