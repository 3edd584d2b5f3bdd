//! HTML articles: extracts the readable text (headline, byline, dateline, captions, paragraphs)
//! and discards all markup.
//!
//! Nothing from the file survives as markup: scripts, styles, frames, forms, images and event
//! handlers are dropped here, and the page renders only the extracted text. When the page has an
//! `<article>` element, paragraphs outside it (menus, footers, related links) are left out.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::{Article, ArticleBuilder, BlockKind, SourceFormat};
use crate::domain::extract::dates;

/// Elements whose whole content is dropped.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "nav",
    "footer", "aside", "form", "button", "select", "textarea", "audio", "video", "canvas", "head",
    "dialog", "menu",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figcaption",
    "pre",
    "div",
    "article",
    "section",
    "td",
    "th",
    "dd",
    "dt",
    "address",
    "header",
    "main",
    "br",
    "hr",
    "tr",
    "ul",
    "ol",
    "table",
    "figure",
    "body",
    "time",
    "caption",
];

/// The most open elements the extractor keeps track of (kinds and skipped containers); deeper
/// nesting is read as text of the deepest one kept. Bounds the work per tag, so a page of ten
/// thousand nested elements costs linear time.
const MAX_OPEN_ELEMENTS: usize = 512;

/// A block being collected: its text so far and what it is.
struct PendingBlock {
    text: String,
    kind: BlockKind,
    inside_article: bool,
}

struct Extractor {
    blocks: Vec<PendingBlock>,
    current: String,
    /// Open elements that give their text a kind (h1, figcaption, a byline container, …).
    kinds: Vec<(String, BlockKind)>,
    /// Open skipped elements; text is dropped while this is not empty.
    skipped: Vec<String>,
    article_depth: usize,
    in_title: bool,
    title: String,
    meta_author: Option<String>,
    meta_published: Option<String>,
}

/// The most attributes read on one element. The tokenizer (html5gum) recurses once per
/// attribute, so an element with ten thousand of them would exhaust the stack; no page needs more
/// than a few dozen, and the extractor reads only `class`, `id`, `rel`, `name`, `property` and
/// `content`.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;

/// The HTML with every start tag cut after [`MAX_ATTRIBUTES_PER_ELEMENT`] attributes (one linear
/// pass; an input with no such tag is returned as it is). The scan follows the tokenizer's rules
/// for tag names, attribute names and quoted or unquoted values.
fn limit_attributes(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let open = i + offset;
        i = open + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag name.
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
            i += 1;
        }
        let mut count = 0;
        let mut cut_from = None;
        loop {
            while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let attribute = i;
            i += 1;
            while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && is_space(bytes[i]) {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        i += 1;
                        i += bytes[i..]
                            .iter()
                            .position(|&b| b == quote)
                            .map_or(bytes.len() - i, |p| p + 1);
                    }
                    _ => {
                        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                            i += 1;
                        }
                    }
                }
            }
            count += 1;
            if count == MAX_ATTRIBUTES_PER_ELEMENT + 1 {
                cut_from = Some(attribute);
            }
        }
        if let Some(cut_from) = cut_from {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..cut_from]);
            copied = i.min(html.len());
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// Parses an HTML document or fragment into an article; never fails.
pub fn parse_html(html: &str) -> Article {
    let html = limit_attributes(html);
    let html = html.as_ref();
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut extractor = Extractor {
        blocks: Vec::new(),
        current: String::new(),
        kinds: Vec::new(),
        skipped: Vec::new(),
        article_depth: 0,
        in_title: false,
        title: String::new(),
        meta_author: None,
        meta_published: None,
    };
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attribute = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|value| String::from_utf8_lossy(value).into_owned())
                };
                let class = format!(
                    "{} {} {}",
                    attribute("class").unwrap_or_default(),
                    attribute("id").unwrap_or_default(),
                    attribute("rel").unwrap_or_default()
                )
                .to_ascii_lowercase();
                if name == "meta" {
                    extractor.read_meta(
                        attribute("name").or(attribute("property")),
                        attribute("content"),
                    );
                    continue;
                }
                extractor.start_tag(&name, &class, tag.self_closing);
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                extractor.end_tag(&name);
            }
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text);
                if extractor.in_title {
                    extractor.title.push_str(&text);
                } else if extractor.skipped.is_empty() {
                    extractor.current.push_str(&text);
                }
            }
            _ => {}
        }
    }
    extractor.flush();
    extractor.finish()
}

impl Extractor {
    fn read_meta(&mut self, name: Option<String>, content: Option<String>) {
        let (Some(name), Some(content)) = (name, content) else {
            return;
        };
        match name.to_ascii_lowercase().as_str() {
            "author" | "article:author" | "byl" => self.meta_author = Some(content),
            "article:published_time" | "date" | "pubdate" | "dc.date" => {
                self.meta_published = Some(content)
            }
            _ => {}
        }
    }

    fn start_tag(&mut self, name: &str, class: &str, self_closing: bool) {
        if name == "title" && !self_closing {
            self.in_title = true;
            return;
        }
        if !self.skipped.is_empty() || SKIPPED.contains(&name) {
            if !self_closing && !is_void(name) && self.skipped.len() < MAX_OPEN_ELEMENTS {
                self.skipped.push(name.to_owned());
            }
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
        }
        if is_heading(name) {
            // A heading never nests in another: the open one ends here, as browsers do.
            self.kinds.retain(|(open, _)| !is_heading(open));
        }
        if name == "article" && !self_closing {
            self.article_depth += 1;
        }
        let kind = match name {
            "h1" => Some(BlockKind::Headline),
            "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Subheading),
            "figcaption" | "caption" => Some(BlockKind::Caption),
            "address" => Some(BlockKind::Byline),
            "time" => Some(BlockKind::Published),
            _ if ["byline", "author"].iter().any(|word| class.contains(word)) => {
                Some(BlockKind::Byline)
            }
            _ if ["dateline", "published", "timestamp", "pubdate"]
                .iter()
                .any(|w| class.contains(w)) =>
            {
                Some(BlockKind::Published)
            }
            _ if class.contains("caption") => Some(BlockKind::Caption),
            _ => None,
        };
        if let Some(kind) = kind {
            if !self_closing && !is_void(name) && self.kinds.len() < MAX_OPEN_ELEMENTS {
                self.kinds.push((name.to_owned(), kind));
            }
        }
    }

    fn end_tag(&mut self, name: &str) {
        if name == "title" {
            self.in_title = false;
            return;
        }
        if !self.skipped.is_empty() {
            if let Some(position) = self.skipped.iter().rposition(|open| open == name) {
                self.skipped.truncate(position);
            }
            return;
        }
        if BLOCKS.contains(&name) {
            self.flush();
        }
        if name == "article" {
            self.article_depth = self.article_depth.saturating_sub(1);
        }
        if is_heading(name) {
            // Any heading end tag closes the open heading, whatever its level (as browsers do).
            self.kinds.retain(|(open, _)| !is_heading(open));
        } else if let Some(position) = self.kinds.iter().rposition(|(open, _)| open == name) {
            self.kinds.truncate(position);
        }
    }

    /// Ends the block being collected.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.current);
        if text.trim().is_empty() {
            return;
        }
        let mut kind = self
            .kinds
            .last()
            .map_or(BlockKind::Paragraph, |(_, kind)| *kind);
        // A dateline is short and holds a date; anything else in a "date" container is body text.
        if kind == BlockKind::Published && (text.len() > 200 || !dates::contains_date(&text)) {
            kind = BlockKind::Paragraph;
        }
        if kind == BlockKind::Byline && text.split_whitespace().count() > 16 {
            kind = BlockKind::Paragraph;
        }
        self.blocks.push(PendingBlock {
            text,
            kind,
            inside_article: self.article_depth > 0,
        });
    }

    /// Builds the article: the headline (first `<h1>`, else the `<title>`), the byline and date
    /// from `<meta>` where the body has none, then the blocks in document order.
    fn finish(self) -> Article {
        if self.blocks.is_empty() {
            // A title alone is not an article.
            return ArticleBuilder::default().finish(SourceFormat::Html);
        }
        let has_article = self
            .blocks
            .iter()
            .any(|b| b.inside_article && b.kind == BlockKind::Paragraph);
        let headline_index = self
            .blocks
            .iter()
            .position(|block| block.kind == BlockKind::Headline);
        let mut builder = ArticleBuilder::default();
        match headline_index {
            Some(index) => builder.push(BlockKind::Headline, &self.blocks[index].text),
            None => builder.push(BlockKind::Headline, &self.title),
        }
        let has_kind = |kind| {
            self.blocks
                .iter()
                .any(|block: &PendingBlock| block.kind == kind)
        };
        if let (false, Some(author)) = (has_kind(BlockKind::Byline), &self.meta_author) {
            builder.push(BlockKind::Byline, author);
        }
        if let (false, Some(published)) = (has_kind(BlockKind::Published), &self.meta_published) {
            builder.push(BlockKind::Published, published);
        }
        for (index, block) in self.blocks.iter().enumerate() {
            if Some(index) == headline_index || has_article && !block.inside_article {
                continue;
            }
            let kind = match block.kind {
                BlockKind::Headline => BlockKind::Subheading,
                kind => kind,
            };
            builder.push(kind, &block.text);
        }
        builder.finish(SourceFormat::Html)
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_of_any_markup_shape_parse_without_exhausting_the_stack() {
        let shapes = [
            "<a>",
            "</a>",
            "<a/>",
            "<!---->",
            "<!DOCTYPE x>",
            "<![CDATA[x]]>",
            "<?x?>",
            "&amp;",
            "&#x41;",
            "<a b=c d='e' f=\"g\" h>",
            "<a b=c",
            " b=c",
            " b='c'",
            " b=\"c\"",
            " b",
            "<script>",
            "</script>",
            "<title>",
            "<p>",
            "<div><span>",
            "<br>",
            "<",
        ];
        for shape in shapes {
            for prefix in ["", "<p ", "<p x=\"", "<script>", "<!--"] {
                let html = format!("<h1>T</h1>{prefix}{}", shape.repeat(20_000));
                let _ = parse_html(&html);
            }
        }
    }

    #[test]
    fn an_element_with_thousands_of_attributes_is_read_with_the_first_ones() {
        let attributes: Vec<String> = (0..10_000).map(|i| format!("data-a{i}=\"v{i}\"")).collect();
        let html = format!(
            "<html><body><h1 class=\"x\" {}>Headline</h1><p {} title='a > b' class=byline>By Jane</p><p>Body “text.”</p></body></html>",
            attributes.join(" "),
            attributes.join(" ")
        );
        let limited = limit_attributes(&html);
        assert!(
            limited.len() < html.len() / 10,
            "cut to {} bytes",
            limited.len()
        );
        let article = parse_html(&html);
        assert_eq!(article.headline(), Some("Headline"));
        assert_eq!(article.paragraphs(), ["By Jane", "Body “text.”"]);
        // A page with ordinary tags is read as it is.
        let plain = "<p class=\"a\" id=b data-x='1 > 2'>Text</p><!-- <p x y z> --><br/>";
        assert!(matches!(
            limit_attributes(plain),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn extracts_headline_byline_dateline_caption_and_paragraphs() {
        let html = r#"<!DOCTYPE html><html><head><title>Site | Story</title>
            <style>p { color: red }</style></head><body>
            <nav><a href="/">Home</a></nav>
            <article>
              <h1>Ministers agree &amp; move on</h1>
              <p class="byline">By <a href="/jane" rel="author">Jane Doe</a></p>
              <p class="dateline"><time datetime="2017-12-06">Dec. 6, 2017</time></p>
              <figure><img src="http://example.com/x.jpg"><figcaption>The ministers meet. Photo AFP.</figcaption></figure>
              <p>First   paragraph
                 with a <a href="javascript:alert(1)">link</a>.</p>
              <h2>Next steps</h2>
              <p>Second &ldquo;paragraph&rdquo;.</p>
            </article>
            <footer><p>Copyright</p></footer>
            <p>Related: other stories</p>
            </body></html>"#;
        let article = parse_html(html);
        assert_eq!(article.headline(), Some("Ministers agree & move on"));
        assert_eq!(article.texts_of(BlockKind::Byline), ["By Jane Doe"]);
        assert_eq!(article.texts_of(BlockKind::Published), ["Dec. 6, 2017"]);
        assert_eq!(
            article.texts_of(BlockKind::Caption),
            ["The ministers meet. Photo AFP."]
        );
        assert_eq!(article.texts_of(BlockKind::Subheading), ["Next steps"]);
        assert_eq!(
            article.paragraphs(),
            ["First paragraph with a link.", "Second “paragraph”."]
        );
        assert!(!article.text.contains("Home") && !article.text.contains("Copyright"));
        assert!(
            !article.text.contains("Related"),
            "text outside <article> is left out"
        );
    }

    #[test]
    fn scripts_styles_handlers_and_frames_leave_no_trace() {
        let html = r#"<h1>Title</h1><script>window.pwned = 1; document.write("<p>x</p>")</script>
            <p onclick="alert(1)">Safe <img src=x onerror="window.pwned=1">text.</p>
            <iframe src="http://evil.example"><p>frame text</p></iframe>
            <style>body{background:url(http://evil.example/x.png)}</style>
            <p><!-- a comment --> <noscript>no script</noscript>End.</p>"#;
        let article = parse_html(html);
        assert_eq!(article.paragraphs(), ["Safe text.", "End."]);
        for forbidden in [
            "pwned",
            "alert",
            "evil",
            "frame text",
            "background",
            "comment",
            "no script",
        ] {
            assert!(
                !article.text.contains(forbidden),
                "{forbidden} leaked into {:?}",
                article.text
            );
        }
    }

    #[test]
    fn the_title_stands_in_for_a_missing_h1_and_meta_supplies_byline_and_date() {
        let html = r#"<html><head><title>Storm hits coast</title>
            <meta name="author" content="Ana López">
            <meta property="article:published_time" content="2017-12-06"></head>
            <body><p>Winds of 100 km/h.</p><div>Power is out.<br>Crews are out.</div></body></html>"#;
        let article = parse_html(html);
        assert_eq!(article.headline(), Some("Storm hits coast"));
        assert_eq!(
            article.paragraphs(),
            ["Winds of 100 km/h.", "Power is out.", "Crews are out."]
        );
        assert_eq!(article.texts_of(BlockKind::Byline), ["Ana López"]);
        assert_eq!(article.texts_of(BlockKind::Published), ["2017-12-06"]);
    }

    #[test]
    fn unclosed_and_malformed_markup_degrades() {
        let article = parse_html("<h1>Head<h2>Sub</h1><p>One<p>Two</b></i><div><p>Three");
        assert_eq!(article.headline(), Some("Head"));
        assert_eq!(article.texts_of(BlockKind::Subheading), ["Sub"]);
        assert_eq!(article.paragraphs(), ["One", "Two", "Three"]);
        assert!(parse_html("").is_empty());
        assert!(parse_html("<script>only()</script>").is_empty());
    }
}
