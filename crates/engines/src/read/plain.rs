//! Plain-text articles: recognises the shape of a wire story as pasted from a news site
//! (page date, headline, "Published : …" line, byline, photo caption, paragraphs separated by
//! blank lines) and degrades to "first line headline, the rest paragraphs" for any other text.
//!
//! The article text is the input exactly as given; blocks are spans into it.

use super::{Article, Block, BlockKind, SourceFormat};
use crate::language::dates;
use domain::text::Span;

/// The head (dateline, headline, byline, caption) is looked for in this many lines at most.
const MAX_HEAD_LINES: usize = 12;
/// A line longer than this is body text, never a byline, date or headline.
const MAX_META_LINE_CHARS: usize = 120;
/// A caption is a sentence or two, not a whole story.
const MAX_CAPTION_CHARS: usize = 600;

/// One line of the input: its span (without the line break) and text.
struct Line<'a> {
    span: Span,
    text: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The span of the line without leading and trailing white space.
    fn trimmed_span(&self) -> Span {
        let leading = self.text.chars().take_while(|c| c.is_whitespace()).count();
        let trailing = self
            .text
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        let len = self.text.chars().count();
        if leading == len {
            return Span::new(self.span.start, self.span.start);
        }
        Span::new(self.span.start + leading, self.span.end - trailing)
    }
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split('\n') {
        let line_text = raw.strip_suffix('\r').unwrap_or(raw);
        let len = line_text.chars().count();
        lines.push(Line {
            span: Span::new(start, start + len),
            text: line_text,
        });
        start += raw.chars().count() + 1;
    }
    lines
}

/// Parses plain text into an article; never fails (empty text gives an article with no blocks).
pub fn parse_plain_text(text: &str) -> Article {
    let lines = split_lines(text);
    let mut blocks = Vec::new();
    let mut headline_seen = false;
    let mut line_index = 0;

    // The head: classify line by line until the first line that is body text.
    while line_index < lines.len() && line_index < MAX_HEAD_LINES {
        let line = &lines[line_index];
        if line.is_blank() {
            line_index += 1;
            continue;
        }
        let trimmed = line.trim_span_text();
        let kind = match classify_head_line(trimmed, headline_seen) {
            Some(kind) => kind,
            None => break,
        };
        let span = match kind {
            BlockKind::Published => published_value_span(line),
            _ => line.trimmed_span(),
        };
        headline_seen |= kind == BlockKind::Headline;
        blocks.push(Block { kind, span });
        line_index += 1;
    }

    // The body: runs of non-blank lines are paragraphs.
    let mut paragraph: Option<Span> = None;
    for line in &lines[line_index..] {
        if line.is_blank() {
            blocks.extend(paragraph.take().map(|span| Block {
                kind: BlockKind::Paragraph,
                span,
            }));
            continue;
        }
        let span = line.trimmed_span();
        paragraph = Some(match paragraph {
            Some(open) => Span::new(open.start, span.end),
            None => span,
        });
    }
    blocks.extend(paragraph.map(|span| Block {
        kind: BlockKind::Paragraph,
        span,
    }));

    // Text with no head at all (one long first line) still gets its first line as headline.
    if !blocks.iter().any(|block| block.kind == BlockKind::Headline) {
        promote_first_line_to_headline(&lines, &mut blocks);
    }
    Article {
        text: text.to_owned(),
        blocks,
        format: SourceFormat::PlainText,
    }
}

impl Line<'_> {
    fn trim_span_text(&self) -> &str {
        self.text.trim()
    }
}

/// What a line near the top of the article is, or `None` when it is body text.
fn classify_head_line(line: &str, headline_seen: bool) -> Option<BlockKind> {
    let chars = line.chars().count();
    if published_label_len(line).is_some() && chars <= MAX_META_LINE_CHARS {
        return Some(BlockKind::Published);
    }
    if !headline_seen {
        if chars <= MAX_META_LINE_CHARS && dates::is_date_only(line) {
            return Some(BlockKind::PageDate);
        }
        if chars <= MAX_META_LINE_CHARS * 2 {
            return Some(BlockKind::Headline);
        }
        return None;
    }
    if chars <= MAX_META_LINE_CHARS && is_byline(line) {
        return Some(BlockKind::Byline);
    }
    if chars <= MAX_CAPTION_CHARS && is_caption(line) {
        return Some(BlockKind::Caption);
    }
    None
}

/// The length in chars of a "Published :" style label at the start of a line.
fn published_label_len(line: &str) -> Option<usize> {
    const LABELS: [&str; 7] = [
        "published",
        "updated",
        "last updated",
        "posted",
        "publish date",
        "first published",
        "date",
    ];
    let lower = line.to_lowercase();
    for label in LABELS {
        if let Some(rest) = lower.strip_prefix(label) {
            let after = rest.trim_start();
            let rest_is_date = dates::contains_date(line);
            if (after.starts_with(':') || after.starts_with("on ") || after.starts_with('-'))
                && rest_is_date
            {
                let label_chars = label.chars().count();
                let gap = rest.chars().count() - after.chars().count();
                let punctuation = after.chars().take_while(|c| matches!(c, ':' | '-')).count();
                return Some(label_chars + gap + punctuation);
            }
        }
    }
    None
}

/// The span of a "Published : 06 Dec 2017, 19:39" line's value (the date after the label).
fn published_value_span(line: &Line<'_>) -> Span {
    let trimmed = line.trimmed_span();
    let leading = trimmed.start - line.span.start;
    let text = line.text.trim();
    let label = published_label_len(text).unwrap_or(0);
    let value = &text.chars().skip(label).collect::<String>();
    let value_leading = value.chars().take_while(|c| c.is_whitespace()).count();
    let start = line.span.start + leading + label + value_leading;
    Span::new(start.min(trimmed.end), trimmed.end)
}

/// A byline: "By Jane Doe", "DF-Xinhua Report", "Staff Correspondent", "Reuters".
fn is_byline(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 || line.ends_with('.') && !line.ends_with("Jr.") {
        return false;
    }
    let first = words[0].to_lowercase();
    let last = words[words.len() - 1].to_lowercase();
    first == "by"
        || line.to_lowercase().starts_with("reporting by")
        || line.to_lowercase().starts_with("written by")
        || matches!(
            last.as_str(),
            "report" | "reporter" | "correspondent" | "desk" | "staff"
        )
}

/// A photo caption ends with its credit ("… Photo Xinhua.", "… (Photo: AFP)") or starts with a label.
fn is_caption(line: &str) -> bool {
    let lower = line.to_lowercase();
    if ["photo:", "caption:", "image:", "file photo"]
        .iter()
        .any(|label| lower.starts_with(label))
    {
        return true;
    }
    // The credit: the capitalised word "Photo" that starts a sentence or a bracket and is
    // followed only by a short run of capitalised names ("Photo Xinhua.", "(Photo: AFP)").
    ["Photo", "Photos", "Photograph"].iter().any(|credit| {
        line.match_indices(credit).any(|(at, _)| {
            let before = line[..at].trim_end();
            let starts_credit =
                before.is_empty() || before.ends_with(['.', '(', '[', '|', '/', '-', '—']);
            starts_credit && is_credit_tail(&line[at + credit.len()..])
        })
    })
}

/// What follows "Photo" in a credit: an optional ":", "/" or "by", then one to six capitalised
/// words, then the end of the line (after a closing bracket or full stop).
fn is_credit_tail(tail: &str) -> bool {
    let tail = tail.trim_start_matches([':', '/', ' ']);
    let tail = tail.strip_prefix("by ").unwrap_or(tail);
    let tail = tail.trim_end().trim_end_matches(['.', ')', ']']);
    let words: Vec<&str> = tail
        .split([' ', '/'])
        .filter(|word| !word.is_empty())
        .collect();
    (1..=6).contains(&words.len())
        && words
            .iter()
            .all(|word| word.chars().next().is_some_and(char::is_uppercase))
}

fn promote_first_line_to_headline(lines: &[Line<'_>], blocks: &mut Vec<Block>) {
    let Some(first) = lines.iter().find(|line| !line.is_blank()) else {
        return;
    };
    let headline = first.trimmed_span();
    let Some(position) = blocks
        .iter()
        .position(|block| block.span.overlaps(&headline))
    else {
        return;
    };
    let block = blocks[position].clone();
    let mut replacement = vec![Block {
        kind: BlockKind::Headline,
        span: headline,
    }];
    if block.span.end > headline.end {
        let rest = lines
            .iter()
            .filter(|line| line.span.start > headline.end && line.span.end <= block.span.end)
            .find(|line| !line.is_blank())
            .map(|line| line.trimmed_span().start);
        if let Some(start) = rest {
            replacement.push(Block {
                kind: block.kind,
                span: Span::new(start, block.span.end),
            });
        }
    }
    blocks.splice(position..=position, replacement);
}

#[cfg(test)]
mod tests {
    use super::*;

    use domain::article::SAMPLE_TEXT as SAMPLE;

    #[test]
    fn the_sample_structure_is_recognised_exactly() {
        let article = parse_plain_text(SAMPLE);
        assert_eq!(
            article.text, SAMPLE,
            "plain-text articles keep the input exactly"
        );
        assert_eq!(
            article.texts_of(BlockKind::PageDate),
            ["Monday January 13, 2025"]
        );
        assert_eq!(
            article.headline(),
            Some("NATO FMs agree to step up cooperation with EU")
        );
        assert_eq!(
            article.texts_of(BlockKind::Published),
            ["06 Dec 2017, 19:39"]
        );
        assert_eq!(article.texts_of(BlockKind::Byline), ["DF-Xinhua Report"]);
        let captions = article.texts_of(BlockKind::Caption);
        assert_eq!(captions.len(), 1);
        assert!(captions[0].starts_with("NATO Secretary General Jens Stoltenberg (2nd R, Front)"));
        assert!(captions[0].ends_with("Photo Xinhua."));
        let paragraphs = article.paragraphs();
        assert_eq!(paragraphs.len(), 13);
        assert!(paragraphs[0].starts_with("NATO meetings held at the level of foreign ministers"));
        assert!(paragraphs[3].starts_with("\"We are taking cooperation"));
        assert!(paragraphs[12].ends_with("a source of tension in Eastern Europe."));
        // The published span is the date the gold file marks (code points 84..102).
        assert_eq!(
            article.first(BlockKind::Published).unwrap().span,
            Span::new(84, 102)
        );
    }

    #[test]
    fn blocks_are_ordered_and_inside_the_text() {
        let article = parse_plain_text(SAMPLE);
        let len = SAMPLE.chars().count();
        for pair in article.blocks.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start);
        }
        assert!(article
            .blocks
            .iter()
            .all(|block| block.span.end <= len && !block.span.is_empty()));
    }

    #[test]
    fn any_other_text_gets_first_line_headline_rest_paragraphs() {
        let article = parse_plain_text("Storm hits coast\nWinds of 100 km/h.\n\nPower is out.\n");
        assert_eq!(article.headline(), Some("Storm hits coast"));
        assert_eq!(
            article.paragraphs(),
            ["Winds of 100 km/h.", "Power is out."]
        );
    }

    #[test]
    fn a_single_long_line_is_still_readable() {
        let long = "word ".repeat(100);
        let article = parse_plain_text(&long);
        assert_eq!(article.headline(), Some(long.trim()));
        assert!(article.paragraphs().is_empty());
        let two = format!("{long}\n\nSecond paragraph.");
        let article = parse_plain_text(&two);
        assert_eq!(article.headline(), Some(long.trim()));
        assert_eq!(article.paragraphs(), ["Second paragraph."]);
    }

    #[test]
    fn wrapped_paragraphs_and_crlf_line_ends() {
        let text = "Título\r\n\r\nLine one\r\nline two.\r\n\r\nNext.";
        let article = parse_plain_text(text);
        assert_eq!(article.headline(), Some("Título"));
        assert_eq!(article.paragraphs(), ["Line one\r\nline two.", "Next."]);
    }

    #[test]
    fn bylines_and_captions_in_other_shapes() {
        let text =
            "Heads roll\nBy Jane Doe\nThe minister (left) arrives. (Photo: AFP)\n\nBody text.";
        let article = parse_plain_text(text);
        assert_eq!(article.texts_of(BlockKind::Byline), ["By Jane Doe"]);
        assert_eq!(
            article.texts_of(BlockKind::Caption),
            ["The minister (left) arrives. (Photo: AFP)"]
        );
        assert_eq!(article.paragraphs(), ["Body text."]);
    }

    #[test]
    fn a_body_sentence_about_a_photo_is_not_a_caption() {
        let text = "Title\n\nThe senator posed for a photo with students. Photo ops are common.";
        let article = parse_plain_text(text);
        assert_eq!(article.paragraphs().len(), 1);
        assert!(article.texts_of(BlockKind::Caption).is_empty());
    }

    #[test]
    fn empty_text_has_no_blocks() {
        assert!(parse_plain_text("").is_empty());
        assert!(parse_plain_text("\n \n").is_empty());
    }
}
