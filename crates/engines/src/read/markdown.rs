//! Markdown articles: the first top-level heading is the headline, other headings subheadings,
//! an opening "By …" paragraph the byline; emphasis, links and code keep only their text;
//! images and raw HTML are dropped.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{ArticleBuilder, BlockKind, SourceFormat};
use domain::article::Article;

/// Parses Markdown into an article; never fails.
pub fn parse_markdown(markdown: &str) -> Article {
    let mut builder = ArticleBuilder::default();
    let mut current = String::new();
    let mut kind = BlockKind::Paragraph;
    let mut image_depth = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut builder, &mut current, kind);
                // The first H1 is the headline; so is any heading that opens the document.
                let no_headline_yet = !builder.has(BlockKind::Headline);
                kind = if no_headline_yet
                    && (level == HeadingLevel::H1 || builder.blocks().is_empty())
                {
                    BlockKind::Headline
                } else {
                    BlockKind::Subheading
                };
            }
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::TableRow,
            ) => {
                flush(&mut builder, &mut current, kind);
                kind = BlockKind::Paragraph;
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            ) => {
                flush(&mut builder, &mut current, kind);
                kind = BlockKind::Paragraph;
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if image_depth == 0 => current.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::TableCell) => {
                current.push(' ')
            }
            // Raw HTML, footnotes, rules and the rest carry no article text.
            _ => {}
        }
    }
    flush(&mut builder, &mut current, kind);
    builder.finish(SourceFormat::Markdown)
}

fn flush(builder: &mut ArticleBuilder, current: &mut String, kind: BlockKind) {
    let text = std::mem::take(current);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return;
    }
    let kind = if kind == BlockKind::Paragraph && is_opening_byline(builder, trimmed) {
        BlockKind::Byline
    } else if kind == BlockKind::Paragraph
        && !builder.has(BlockKind::Headline)
        && builder.blocks().is_empty()
    {
        // No heading before the first paragraph: the first line is the headline.
        BlockKind::Headline
    } else {
        kind
    };
    builder.push(kind, trimmed);
}

/// "By Jane Doe" right after the headline.
fn is_opening_byline(builder: &ArticleBuilder, text: &str) -> bool {
    builder.blocks().len() == 1
        && builder.has(BlockKind::Headline)
        && text.starts_with("By ")
        && text.split_whitespace().count() <= 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_byline_and_inline_markup() {
        let markdown = "# Talks *resume* in Brussels\n\nBy Jane Doe\n\n![photo](http://example.com/x.png)\n\n\
                        The **ministers** met [in Brussels](http://example.com) on `Tuesday`.\n\
                        They agreed.\n\n## Next\n\n- first item\n- second item\n\n<script>alert(1)</script>\n";
        let article = parse_markdown(markdown);
        assert_eq!(article.headline(), Some("Talks resume in Brussels"));
        assert_eq!(article.texts_of(BlockKind::Byline), ["By Jane Doe"]);
        assert_eq!(article.texts_of(BlockKind::Subheading), ["Next"]);
        assert_eq!(
            article.paragraphs(),
            [
                "The ministers met in Brussels on Tuesday. They agreed.",
                "first item",
                "second item"
            ]
        );
        assert!(!article.text.contains("alert") && !article.text.contains("example.com"));
    }

    #[test]
    fn text_without_headings_gets_its_first_paragraph_as_headline() {
        let article = parse_markdown("Plain title\n\nA paragraph.");
        assert_eq!(article.headline(), Some("Plain title"));
        assert_eq!(article.paragraphs(), ["A paragraph."]);
    }
}
