//! HTML articles: the article of a web page — its headline, byline, date, and body (subheadings,
//! paragraphs, lists, block quotes, captions, in order) — and nothing of the page around it
//! (menus, teasers, related stories, comments, footers, share bars).
//!
//! The page becomes a light tree ([`super::dom`]); its metadata ([`super::metadata`]) gives the
//! headline, byline and date; the article's container is found the way reader views do it
//! ([`super::readable`]). Nothing from the file survives as markup: scripts, styles, frames,
//! forms and media never enter the tree, and the page renders only the extracted text.

use super::dom::{Document, NodeData};
use super::metadata::{holds_words, metadata, Metadata};
use super::readable::{extract, normalize};
use super::{Article, ArticleBuilder, BlockKind, SourceFormat};
use crate::language::dates;

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

/// How many blocks at the top of the body are looked at for a repeated headline, byline or date.
const TOP_BLOCKS: usize = 5;

/// Above this share of links, what the page holds is a list of links, not an article.
const MAX_LINK_DENSITY: f64 = 0.5;

/// Parses an HTML document or fragment into an article; never fails (an empty article when
/// there is no text).
pub fn parse_html(html: &str) -> Article {
    let html = limit_attributes(html);
    let document = Document::parse(html.as_ref());
    let metadata = metadata(&document);
    let headline = headline(&document, &metadata);
    let found = extract(&document, &headline);
    let mut builder = ArticleBuilder::default();
    // Nothing found, or mostly links (a home page, a list, a search page): no article.
    if found.blocks.is_empty() || found.link_density > MAX_LINK_DENSITY {
        return builder.finish(SourceFormat::Html);
    }
    builder.push(BlockKind::Headline, &headline);
    let byline = metadata.byline.clone().or(found.byline.clone());
    if let Some(byline) = &byline {
        builder.push(BlockKind::Byline, byline);
    }
    // A line that is only a date, at the top of the body, is the article's dateline.
    let top_date = found
        .blocks
        .iter()
        .take(TOP_BLOCKS)
        .find(|(_, text)| text.chars().count() < 60 && dates::is_date_only(text))
        .map(|(_, text)| text.clone());
    let published = metadata
        .published
        .as_deref()
        .map(readable_date)
        .or_else(|| page_time(&document))
        .or_else(|| top_date.clone());
    if let Some(published) = &published {
        builder.push(BlockKind::Published, published);
    }
    let normalized_headline = normalize(&headline);
    for (index, (kind, text)) in found.blocks.iter().enumerate() {
        // The headline, byline or date again at the top of the body is not body text.
        let repeats = index < TOP_BLOCKS
            && (normalize(text) == normalized_headline
                || byline.as_deref().is_some_and(|b| text == b)
                || published.as_deref().is_some_and(|p| text == p)
                || top_date.as_deref() == Some(text.as_str()));
        // A lone word right before a caption ("Image", "Photo") labels the picture.
        let image_label = *kind == BlockKind::Paragraph
            && !text.contains(' ')
            && text.chars().all(char::is_alphabetic)
            && found
                .blocks
                .get(index + 1)
                .is_some_and(|(next, _)| *next == BlockKind::Caption);
        if !repeats && !image_label {
            builder.push(*kind, text);
        }
    }
    builder.finish(SourceFormat::Html)
}

/// The headline: the page's metadata (JSON-LD, then meta tags), else the `<title>` with the
/// site's name cut off (see [`super::metadata::article_title`]), else the first `<h1>` that
/// holds words.
fn headline(document: &Document, metadata: &Metadata) -> String {
    if let Some(title) = metadata.title.as_deref().filter(|t| holds_words(t)) {
        return super::collapse_whitespace(title);
    }
    (0..document.nodes.len())
        .filter(|&id| document.tag(id) == "h1")
        .map(|id| document.text(id))
        .find(|t| holds_words(t))
        .unwrap_or_default()
}

/// An ISO 8601 date as people read it (`2018-04-05T06:00:00Z` → `April 5, 2018`); anything else
/// as given.
fn readable_date(value: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let date = value.trim().get(..10).unwrap_or_default();
    let parts: Vec<&str> = date.split('-').collect();
    if let [year, month, day] = parts[..] {
        if let (Ok(year), Ok(month), Ok(day)) = (
            year.parse::<u32>(),
            month.parse::<usize>(),
            day.parse::<u32>(),
        ) {
            if (1..=12).contains(&month) && (1..=31).contains(&day) && year > 1000 {
                return format!("{} {day}, {year}", MONTHS[month - 1]);
            }
        }
    }
    super::collapse_whitespace(value)
}

/// The first `<time>` of the page with a date (its text, or its `datetime`).
fn page_time(document: &Document) -> Option<String> {
    (0..document.nodes.len()).find_map(|id| {
        let element = match &document.nodes[id].data {
            NodeData::Element(e) if e.tag == "time" => e,
            _ => return None,
        };
        let text = document.text(id);
        if !text.is_empty() && dates::contains_date(&text) {
            return Some(text);
        }
        element.attribute("datetime").map(readable_date)
    })
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
                let html = format!("<h1>T</h1>{prefix}{}", shape.repeat(6_000));
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
        let html = r#"<!DOCTYPE html><html><head><title>Ministers agree &amp; move on | Site</title>
            <style>p { color: red }</style></head><body>
            <nav><a href="/">Home</a></nav>
            <article>
              <h1>Ministers agree &amp; move on</h1>
              <p class="byline">By <a href="/jane" rel="author">Jane Doe</a></p>
              <p class="date"><time datetime="2017-12-06">Dec. 6, 2017</time></p>
              <figure><img src="http://example.com/x.jpg"><figcaption>The ministers meet. Photo AFP.</figcaption></figure>
              <p>First   paragraph, which is long enough to count as the body of the story,
                 with a <a href="javascript:alert(1)">link</a>.</p>
              <h2>Next steps</h2>
              <p>Second &ldquo;paragraph&rdquo;, which also says something, at some length, about it.</p>
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
            [
                "First paragraph, which is long enough to count as the body of the story, with a link.",
                "Second “paragraph”, which also says something, at some length, about it."
            ]
        );
        assert!(!article.text.contains("Home") && !article.text.contains("Copyright"));
        assert!(
            !article.text.contains("Related"),
            "text outside the article is left out"
        );
    }

    #[test]
    fn scripts_styles_handlers_and_frames_leave_no_trace() {
        let html = r#"<h1>Title</h1><script>window.pwned = 1; document.write("<p>x</p>")</script>
            <p onclick="alert(1)">Safe <img src=x onerror="window.pwned=1">text, long enough to be read as a paragraph.</p>
            <iframe src="http://evil.example"><p>frame text</p></iframe>
            <style>body{background:url(http://evil.example/x.png)}</style>
            <p><!-- a comment --> <noscript>no script</noscript>End of the story, told at some length here.</p>"#;
        let article = parse_html(html);
        assert_eq!(
            article.paragraphs(),
            [
                "Safe text, long enough to be read as a paragraph.",
                "End of the story, told at some length here."
            ]
        );
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
            <meta property="article:published_time" content="2017-12-06T10:00:00Z"></head>
            <body><p>Winds of 100 km/h tore roofs off along the coast, and the power went out.</p>
            <div>Power is out, the mayor said.<br><br>Crews are out, working through the night.</div></body></html>"#;
        let article = parse_html(html);
        assert_eq!(article.headline(), Some("Storm hits coast"));
        assert_eq!(
            article.paragraphs(),
            [
                "Winds of 100 km/h tore roofs off along the coast, and the power went out.",
                "Power is out, the mayor said.",
                "Crews are out, working through the night."
            ]
        );
        assert_eq!(article.texts_of(BlockKind::Byline), ["Ana López"]);
        assert_eq!(article.texts_of(BlockKind::Published), ["December 6, 2017"]);
    }

    #[test]
    fn ads_labels_dates_and_hidden_text_stay_out_of_the_body() {
        let body = "The council met on Tuesday to discuss the budget, which had been delayed for months, and agreed to raise spending.";
        let html = format!(
            r#"<html><head><title>Council agrees the new budget at last | Herald</title>
            <script type="application/ld+json"><![CDATA[{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council agrees the new budget at last","author":{{"name":"Ana Ruiz"}}}}]]></script></head>
            <body><div class="story"><p>Feb. 21, 2019</p><p>{body}</p>
            <div class="slot"><div>Advertisement</div></div>
            <p>Image</p><figure><figcaption>The council chamber.</figcaption></figure>
            <p style="display: none">Hidden text that a reader never sees on the page at all.</p>
            <p hidden>Also hidden, by its attribute, from every reader of the page.</p>
            <p>{body} And more, at length.</p><div class="loader">Loading…</div></div></body></html>"#
        );
        let article = parse_html(&html);
        assert_eq!(
            article.headline(),
            Some("Council agrees the new budget at last")
        );
        assert_eq!(
            article.texts_of(BlockKind::Byline),
            ["Ana Ruiz"],
            "JSON-LD wrapped in CDATA"
        );
        assert_eq!(
            article.texts_of(BlockKind::Published),
            ["Feb. 21, 2019"],
            "the dateline at the top"
        );
        assert_eq!(article.paragraphs().len(), 2, "{:?}", article.paragraphs());
        for gone in ["Advertisement", "Image", "Hidden", "Loading"] {
            assert!(!article.text.contains(gone), "{gone} in {:?}", article.text);
        }
    }

    #[test]
    fn an_h1_without_words_never_wins_over_the_page_metadata() {
        let body =
            "<p>Winds of 100 km/h tore roofs off along the coast, and the power went out.</p>\
                    <p>Crews are out, working through the night, the mayor said on Monday.</p>";
        for empty_h1 in [
            "<h1></h1>",
            "<h1>  &nbsp; </h1>",
            "<h1><img src=logo.png alt=Herald></h1>",
            "<h1>\u{200b}</h1>",
            "<h1>|</h1>",
        ] {
            let with_meta = parse_html(&format!(
                r#"<html><head><title>Storm closes the coast road | Herald</title>
                <meta property="og:title" content="Storm closes the coast road"></head>
                <body><article>{empty_h1}{body}</article></body></html>"#
            ));
            assert_eq!(
                with_meta.headline(),
                Some("Storm closes the coast road"),
                "{empty_h1}"
            );
            // With no title or metadata at all, and two h1s with words (so neither stands in
            // for the title), the first h1 that holds words is the headline.
            let bare = parse_html(&format!(
                "{empty_h1}<h1>Storm closes the coast road</h1>{body}<h1>Readers write in</h1>"
            ));
            assert_eq!(
                bare.headline(),
                Some("Storm closes the coast road"),
                "{empty_h1}"
            );
        }
    }

    #[test]
    fn a_byline_from_json_ld_with_references_is_not_repeated_from_the_body() {
        let html = r#"<html><head><title>Storm closes the coast road | Herald</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Storm closes the coast road",
              "author":{"name":"Jos&eacute; O&#8217;Neil"},"datePublished":"2021-03-04T08:00:00Z"}</script></head>
            <body><article><p>José O’Neil</p>
            <p>Winds of 100 km/h tore roofs off along the coast, and the power went out.</p>
            <p>Crews are out, working through the night, the mayor said on Monday.</p></article></body></html>"#;
        let article = parse_html(html);
        assert_eq!(article.texts_of(BlockKind::Byline), ["José O’Neil"]);
        assert_eq!(article.texts_of(BlockKind::Published), ["March 4, 2021"]);
        assert!(
            !article.paragraphs().contains(&"José O’Neil"),
            "{:?}",
            article.paragraphs()
        );
    }

    #[test]
    fn meta_tags_follow_reader_views_the_later_winning_and_property_lists_counting() {
        let html = r#"<title>Title element</title>
            <meta property="x:title dc:title" content="Preferred title">
            <meta name="author" content="First author"><meta name="author" content="Later author">
            <p>A paragraph long enough, with commas, to be the body of the article here.</p>"#;
        let article = parse_html(html);
        assert_eq!(article.headline(), Some("Preferred title"));
        assert_eq!(article.texts_of(BlockKind::Byline), ["Later author"]);
    }

    #[test]
    fn unclosed_and_malformed_markup_degrades() {
        let article = parse_html(
            "<h1>Head<h2>Sub</h1><p>One, two, three, four, five, six.<p>Two</b></i><div><p>Three",
        );
        assert_eq!(article.headline(), Some("Head"));
        assert!(article.text.contains("One, two"));
        assert!(parse_html("").is_empty());
        assert!(parse_html("<script>only()</script>").is_empty());
    }
}
