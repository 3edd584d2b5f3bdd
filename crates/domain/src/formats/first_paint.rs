//! The page's first paint: an article as static HTML, in the page itself, that the browser shows
//! before the page's wasm module has arrived (a third of a megabyte), and that the module
//! replaces with the live article once it has mounted.
//!
//! The markup mirrors `ui::article_view` block for block (same elements, same classes, the same
//! chunks of blocks), so the article does not move when the live one takes its place; it carries
//! no `id="article"` and no offsets, so nothing that reads the live article mistakes it for one.
//! `index.html` holds the sample's first paint (a native test checks that it is this function's
//! output for the sample, and rewrites it when asked); the single-file app with an embedded
//! article gets that article's first paint instead (`formats::html::embed_in_app`).
//!
//! Everything from the article is escaped.

use crate::article::{Article, BlockKind};
use crate::text::TextIndex;

use super::html::escape_html;

/// Marks the start of the first paint in a page's HTML.
pub const START: &str = "<!-- first-paint -->";
/// Marks its end.
pub const END: &str = "<!-- /first-paint -->";
/// The id of the first paint's outermost element, which the page removes once it has mounted.
pub const ELEMENT_ID: &str = "first-paint";

/// Blocks per box (`div.block-chunk`) the browser lays out and paints as one when it comes on
/// screen — here and in the live article.
pub const BLOCKS_PER_BOX: usize = 40;
/// Blocks shown at first by the live article when an article opens, in whole boxes (the rest
/// follow a chunk per frame there); here the same boxes, and no more: the first screens are what
/// a first paint is for.
pub const FIRST_BLOCKS: usize = 100;

/// The application bar as the live one first shows it (`ui::App`: the open controls, undo, redo,
/// help, the save word, the engines' quiet word), every button disabled until the page's module
/// has mounted, and the quiet word saying that it is loading: the bar wraps, on a narrow screen,
/// into the rows the live one takes, so the article below does not move.
const APP_BAR: &str = "<header class=\"app-bar\"><p class=\"brand\">Article Annotator</p>\
    <nav class=\"open-controls\" aria-label=\"Open an article\">\
    <button type=\"button\" disabled>Sample article</button>\
    <button type=\"button\" disabled>Paste text</button>\
    <button type=\"button\" disabled>Open file…</button></nav>\
    <div class=\"app-actions\">\
    <button type=\"button\" class=\"icon-button\" aria-label=\"Undo\" disabled>↶ Undo</button>\
    <button type=\"button\" class=\"icon-button\" aria-label=\"Redo\" disabled>↷ Redo</button>\
    <button type=\"button\" class=\"icon-button\" aria-label=\"Keyboard shortcuts\" disabled>?</button>\
    <span class=\"save-status saved\">Saved</span></div>\
    <p class=\"analysing first-paint-status\" role=\"status\">\
    <span class=\"loading-article\">Loading the annotator…</span>\
    <span class=\"loading-link\">Opening the shared article…</span>\
    <span class=\"loading-late\"> Still loading: if nothing changes, reload the page.</span></p></header>";

/// The first paint of `article`: the application bar, and the article's first screens.
pub fn first_paint(article: &Article) -> String {
    let text = TextIndex::new(&article.text);
    let mut html = format!(
        "<div id=\"{ELEMENT_ID}\" aria-busy=\"true\">\n{APP_BAR}\n\
         <div class=\"workspace\"><main class=\"reading-area\">\
         <article class=\"article first-paint-article\" aria-label=\"Article\">\n"
    );
    // Whole boxes, as the live article shows them.
    let first = FIRST_BLOCKS.div_ceil(BLOCKS_PER_BOX) * BLOCKS_PER_BOX;
    let shown = &article.blocks[..article.blocks.len().min(first)];
    for chunk in shown.chunks(BLOCKS_PER_BOX) {
        html.push_str("<div class=\"block-chunk\">\n");
        for block in chunk {
            let content = format!(
                "<span class=\"block-text\">{}</span>",
                escape_html(text.slice(block.span))
            );
            let element = match block.kind {
                BlockKind::PageDate => format!("<p class=\"page-date\">{content}</p>"),
                BlockKind::Headline => format!("<h1 class=\"headline\">{content}</h1>"),
                BlockKind::Published => format!(
                    "<p class=\"published\"><span class=\"meta-label\">Published </span>\
                     <time>{content}</time></p>"
                ),
                BlockKind::Byline => format!("<p class=\"byline\">{content}</p>"),
                BlockKind::Caption => {
                    format!("<figure class=\"caption\"><figcaption>{content}</figcaption></figure>")
                }
                BlockKind::Subheading => format!("<h2 class=\"subheading\">{content}</h2>"),
                BlockKind::Paragraph => format!("<p class=\"paragraph\">{content}</p>"),
            };
            html.push_str(&element);
            html.push('\n');
        }
        html.push_str("</div>\n");
    }
    html.push_str("</article></main></div>\n</div>");
    html
}

/// Where the first paint is in `page`: between the markers, looked for in the body only.
fn first_paint_range(page: &str) -> Option<std::ops::Range<usize>> {
    let body = page.find("<body")?;
    let start = body + page[body..].find(START)? + START.len();
    let end = start + page[start..].find(END)?;
    Some(start..end)
}

/// `page` with the part between the first-paint markers replaced by `first_paint`; `None` when
/// the page has no first paint (then there is nothing to replace).
pub fn replace_first_paint(page: &str, first_paint: &str) -> Option<String> {
    let range = first_paint_range(page)?;
    Some(format!(
        "{}\n{first_paint}\n{}",
        &page[..range.start],
        &page[range.end..]
    ))
}

/// The first paint currently in `page`, between the markers.
pub fn current_first_paint(page: &str) -> Option<&str> {
    first_paint_range(page).map(|range| page[range].trim_matches('\n'))
}

/// What a browser without script shows above the article.
pub const NO_SCRIPT: &str = "Article Annotator needs JavaScript and WebAssembly to run.";

/// A page body with the notice for browsers without script and an empty first paint, for
/// `replace_first_paint` to fill.
pub fn app_body() -> String {
    format!("<body>\n  <noscript>{NO_SCRIPT}</noscript>\n{START}\n{END}\n</body>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::split_at_blank_lines as parse_plain_text;

    #[test]
    fn the_article_is_escaped() {
        let article =
            parse_plain_text("<img src=x onerror=alert(1)> headline\n\nA & B said \"<b>no</b>\".");
        let html = first_paint(&article);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; headline"));
        assert!(html.contains("A &amp; B said &quot;&lt;b&gt;no&lt;/b&gt;&quot;."));
    }

    #[test]
    fn the_first_paint_is_replaced_between_its_markers_only() {
        let page = format!(
            "<head>{START}</head><body>\n{START}\nold\n{END}\n<noscript>x</noscript></body>"
        );
        let replaced = replace_first_paint(&page, "new").unwrap();
        assert_eq!(current_first_paint(&replaced), Some("new"));
        assert!(
            replaced.starts_with(&format!("<head>{START}</head><body>\n")),
            "not in the head"
        );
        assert!(replaced.ends_with("\n<noscript>x</noscript></body>"));
        assert_eq!(replace_first_paint("<body></body>", "new"), None);
        assert_eq!(
            replace_first_paint(&format!("<body>{START}</body>"), "new"),
            None
        );
        // The body a single-file app writes of itself has an empty one to fill.
        let body = replace_first_paint(&app_body(), "new").unwrap();
        assert_eq!(current_first_paint(&body), Some("new"));
        assert!(
            body.find("<noscript>") < body.find("new"),
            "the notice comes first"
        );
    }
}
