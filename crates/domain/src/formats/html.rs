//! HTML exports: the annotated article as a print-friendly page that needs no script at all, and
//! the article with its annotations embedded in the single-file app (opened from disk, the
//! recipient goes on annotating; the app's first paint shows that article).
//!
//! Everything from the article or the reader is escaped; the static page's policy forbids every
//! script.

use crate::annotation::Annotation;
use crate::article::{Article, BlockKind};
use crate::layout::{layout, LayoutItem, Node};
use crate::ledger::{entity_groups, notes, source_ledger};
use crate::text::IndexedText;

use super::backup::Backup;
use super::first_paint::{first_paint, replace_first_paint};

/// The element id of a backup embedded in the single-file app.
pub const EMBEDDED_ID: &str = "embedded-article";

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const PRINT_STYLE: &str = "body{font:1.05rem/1.6 Georgia,'DejaVu Serif',serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#111}\
h1{font-size:1.8rem;line-height:1.2}.meta{font:.9rem sans-serif;color:#444}figcaption{font:.9rem sans-serif;color:#444;border-left:3px solid #ccc;padding-left:.6rem}\
mark{background:none;color:inherit;border-bottom:2px solid #666}mark[data-kind=quote]{border-bottom:2px double #1f5fbf}mark[data-kind=reported]{background:#eef4e4;border-bottom:1px dashed #3f5f00}\
mark[data-kind=person]{border-bottom:2px solid #b3261e}mark[data-kind=organisation]{border-bottom:2px dashed #6a1b9a}\
mark[data-kind=place]{border-bottom:2px dotted #1b5e20}mark[data-kind=date]{border-bottom:2px dotted #8d6e00}\
mark[data-kind=term]{font-style:italic;border-bottom:1px dotted #555}mark[data-kind=highlight]{background:#fff3a3}\
mark[data-kind=claim],mark[data-kind=question],mark[data-kind=evidence]{background:#e8f0fd}\
sup.ref{font:.7rem sans-serif;color:#1f5fbf}section{break-inside:avoid}@media print{body{margin:0}}";

/// The annotated article as one static HTML page (no script), with the quotes, entities and
/// notes, carrying `backup` as inert data (a JSON block no browser runs) so that the page opens
/// in the app again as the article with all the reader's work.
pub fn print_page(
    title: &str,
    article: &Article,
    text: &IndexedText,
    annotations: &[Annotation],
    backup: &Backup,
) -> String {
    let mut body = String::new();
    let by_block = crate::ledger::annotations_by_block(&article.blocks, annotations);
    for (block, positions) in article.blocks.iter().zip(&by_block) {
        let items: Vec<LayoutItem> = positions
            .iter()
            .map(|&position| LayoutItem {
                span: annotations[position as usize].span,
                index: position as usize,
            })
            .collect();
        let mut inner = String::new();
        render_nodes(&layout(block.span, &items), annotations, text, &mut inner);
        let element = match block.kind {
            BlockKind::Headline => format!("<h1>{inner}</h1>"),
            BlockKind::Subheading => format!("<h2>{inner}</h2>"),
            BlockKind::Caption => format!("<figure><figcaption>{inner}</figcaption></figure>"),
            BlockKind::PageDate | BlockKind::Byline => format!("<p class=\"meta\">{inner}</p>"),
            BlockKind::Published => format!("<p class=\"meta\">Published {inner}</p>"),
            BlockKind::Paragraph => format!("<p>{inner}</p>"),
        };
        body.push_str(&element);
        body.push('\n');
    }
    let mut ledger = String::from("<section><h2>Who said what</h2>");
    for voice in source_ledger(annotations, text) {
        ledger.push_str(&format!(
            "<h3>{} ({} words quoted, {} reported)</h3><ul>",
            escape_html(&voice.name),
            voice.words,
            voice.reported_words
        ));
        for &p in voice.quotes.iter().chain(&voice.reported) {
            let words = escape_html(text.slice(annotations[p].span));
            if annotations[p].kind() == crate::annotation::AnnotationKind::Quote {
                ledger.push_str(&format!("<li>“{words}”</li>"));
            } else {
                ledger.push_str(&format!("<li>reported: {words}</li>"));
            }
        }
        ledger.push_str("</ul>");
    }
    ledger.push_str("</section><section><h2>Entities</h2>");
    for (kind, groups) in entity_groups(annotations) {
        let names: Vec<String> = groups
            .iter()
            .map(|g| format!("{} ({})", escape_html(&g.name), g.mentions.len()))
            .collect();
        ledger.push_str(&format!(
            "<p><strong>{}:</strong> {}</p>",
            kind.title(),
            names.join(", ")
        ));
    }
    ledger.push_str("</section><section><h2>Notes</h2><ol>");
    for p in notes(annotations) {
        let a = &annotations[p];
        ledger.push_str(&format!(
            "<li><strong>{}</strong> “{}” {} {}</li>",
            a.kind().title(),
            escape_html(text.slice(a.span)),
            escape_html(&a.note),
            escape_html(
                &a.tags
                    .iter()
                    .map(|t| format!("#{t}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        ));
    }
    ledger.push_str("</ol></section>");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{PRINT_STYLE}</style></head><body>\n<article>\n{body}</article>\n{ledger}\n\
         <p class=\"meta\">{PRINT_SIGNATURE}</p>\n{}</body></html>\n",
        escape_html(title),
        embedded_element(backup)
    )
}

/// The line every print version ends with (also those of earlier versions, which carried no
/// backup): how a print version is recognised.
const PRINT_SIGNATURE: &str = "Made with Article Annotator.";

/// The start of the element that carries a backup in the annotated page and the print version
/// (written so by every version of the page).
const EMBEDDED_START: &str = "<script type=\"application/json\" id=\"embedded-article\">";

/// A backup as an inert JSON element, escaped so that no string in it can close the element.
fn embedded_element(backup: &Backup) -> String {
    let json = backup
        .to_json()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    format!("{EMBEDDED_START}{json}</script>\n")
}

/// What a file opened in the app is, when it is one of the app's own exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnExport<'a> {
    /// The annotated page (this version's or an earlier one's) or a print version of this
    /// version: the backup it carries, as JSON.
    CarriesBackup(&'a str),
    /// A print version of an earlier version: the marked-up article only, no backup.
    PrintWithoutBackup,
    /// The single-file app with no article in it.
    AppWithoutArticle,
}

/// How the single-file app names itself in its head (`scripts/post-build.mjs` writes it).
const SINGLE_FILE_META: &str = "<meta name=\"article-annotator-build\" content=\"single-file\">";

/// Recognises the app's own exports among the files a reader opens, by the element that
/// carries the backup (the annotated page and the print version) or the print version's
/// signature. `None`: not one of ours (a web page to read as any other). Linear in the file.
pub fn recognise_own_export(bytes: &[u8]) -> Option<OwnExport<'_>> {
    let start = find(bytes, EMBEDDED_START.as_bytes());
    if let Some(start) = start {
        let json_start = start + EMBEDDED_START.len();
        let json_end = json_start + find(&bytes[json_start..], b"</script>")?;
        // Not UTF-8: not what the app wrote; read as any other page.
        let json = std::str::from_utf8(&bytes[json_start..json_end]).ok()?;
        return Some(OwnExport::CarriesBackup(json));
    }
    if find(bytes, SINGLE_FILE_META.as_bytes()).is_some() {
        return Some(OwnExport::AppWithoutArticle);
    }
    let signature = format!("<p class=\"meta\">{PRINT_SIGNATURE}</p>");
    let print_policy = "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"";
    (find(bytes, signature.as_bytes()).is_some() && find(bytes, print_policy.as_bytes()).is_some())
        .then_some(OwnExport::PrintWithoutBackup)
}

/// Where `needle` first occurs in `haystack` (a short needle starting with a byte that is rare
/// in text, like `<`: linear in the haystack, and a plain byte scan where that byte is absent).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack[from..].iter().position(|&byte| byte == first) {
        let at = from + offset;
        if haystack[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn render_nodes(nodes: &[Node], annotations: &[Annotation], text: &IndexedText, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(span) => out.push_str(&escape_html(text.slice(*span))),
            Node::Mark {
                index, children, ..
            } => {
                let a = &annotations[*index];
                let label = escape_html(&a.describe(text.slice(a.span)));
                out.push_str(&format!(
                    "<mark data-kind=\"{}\" title=\"{label}\">",
                    a.kind().label()
                ));
                render_nodes(children, annotations, text, out);
                out.push_str("</mark>");
            }
        }
    }
}

/// Embeds a backup in the single-file app's HTML, just before `</body>`. The JSON is escaped so
/// that no string in it can close the element.
pub fn embed_in_app(app_html: &str, backup: &Backup) -> Option<String> {
    let element = embedded_element(backup);
    // Replace an earlier embedded article rather than adding a second.
    let without = match (app_html.find(EMBEDDED_START), app_html.rfind("</body>")) {
        (Some(start), Some(_)) => {
            let end = app_html[start..]
                .find("</script>")
                .map(|e| start + e + "</script>".len())?;
            format!(
                "{}{}",
                &app_html[..start],
                app_html[end..].trim_start_matches('\n')
            )
        }
        _ => app_html.to_owned(),
    };
    let at = without.rfind("</body>")?;
    let page = format!("{}{element}{}", &without[..at], &without[at..]);
    // The recipient sees this article first, not the sample, while the app loads.
    let shown = first_paint(&backup.article());
    Some(replace_first_paint(&page, &shown).unwrap_or(page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationKind;
    use crate::article::split_at_blank_lines as parse_plain_text;
    use crate::layer::ReaderLayer;
    use crate::text::Span;

    #[test]
    fn find_takes_the_first_whole_occurrence_after_false_starts() {
        assert_eq!(find(b"a <scr <script>", b"<script>"), Some(7));
        assert_eq!(find(b"<scrip", b"<script>"), None);
        assert_eq!(find(b"no markup at all", b"<p>"), None);
        assert_eq!(find("«<é>»".as_bytes(), "<é>".as_bytes()), Some(2));
        assert_eq!(find(b"anything", b""), None);
    }

    #[test]
    fn the_print_page_escapes_everything_and_has_no_script() {
        let article = parse_plain_text("A <b>bold</b> title\n\nThe council met \"today\" & left.");
        let text = IndexedText::new(article.text.clone());
        let mut note = Annotation::by_reader("r", AnnotationKind::Question, Span::new(27, 34));
        note.note = "<img src=x onerror=alert(1)>".into();
        let backup = Backup::new("a.txt", "A title", &article, &ReaderLayer::default());
        let page = print_page(
            "<script>alert(1)</script>",
            &article,
            &text,
            &[note],
            &backup,
        );
        // The one script element is the inert backup, which no browser runs.
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(page.contains(EMBEDDED_START));
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"));
        assert!(page.contains("&lt;b&gt;bold&lt;/b&gt;"));
        assert!(page.contains("<mark data-kind=\"question\""));
        assert!(page.contains("default-src 'none'"));
    }

    /// A page with work on it: a note and a rejected engine mark.
    fn annotated_backup() -> Backup {
        use crate::sync::{Register, Stamp};
        let article = parse_plain_text("Harbour reopens\n\nBoats are back, said Ana López.");
        let mut layer = ReaderLayer::default();
        let mut note = Annotation::by_reader("reader-1", AnnotationKind::Claim, Span::new(17, 31));
        note.note = "Which boats? </script><b>".into();
        let at = Stamp {
            millis: 1_700_000_000_000,
            counter: 0,
            replica: 7,
        };
        layer
            .annotations
            .insert("reader-1".into(), Register::new(at, Some(note)));
        layer
            .overrides
            .insert("person:38-47".into(), Register::new(at, None));
        Backup::new("harbour.txt", "Harbour", &article, &layer)
    }

    #[test]
    fn the_annotated_page_and_the_print_version_are_recognised_with_all_their_work() {
        let backup = annotated_backup();
        let article = backup.article();
        let app = format!("<html><head><title>Article Annotator</title>\n  {SINGLE_FILE_META}</head><body></body></html>");
        let annotated = embed_in_app(&app, &backup).unwrap();
        let text = IndexedText::new(article.text.clone());
        let print = print_page("Harbour", &article, &text, &[], &backup);
        for page in [annotated, print] {
            let Some(OwnExport::CarriesBackup(json)) = recognise_own_export(page.as_bytes()) else {
                panic!("not recognised: {page}");
            };
            let read = super::super::backup::parse_backup(json).unwrap();
            assert_eq!(read.text, backup.text);
            assert_eq!(read.layer, backup.layer, "every record, deletions included");
        }
    }

    #[test]
    fn an_annotated_page_of_an_earlier_version_is_recognised_by_what_it_carries() {
        // Every version has embedded its backup in this element; the first wrote backups of
        // format 1 (a fixture of one is kept).
        let old_backup = include_str!("../../../../tests/fixtures/backup-v1.json");
        let page = format!("<!DOCTYPE html><html><head>{SINGLE_FILE_META}</head><body><noscript>x</noscript>{EMBEDDED_START}{}</script>\n</body></html>", old_backup.trim());
        let Some(OwnExport::CarriesBackup(json)) = recognise_own_export(page.as_bytes()) else {
            panic!("not recognised");
        };
        let read = super::super::backup::parse_backup(json).unwrap();
        assert!(read.layer.live_annotations().count() > 0);
    }

    #[test]
    fn a_print_version_without_a_backup_and_the_bare_app_are_told_apart_from_web_pages() {
        let old_print = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><title>T</title></head><body>\n<article>\n<h1>T</h1>\n</article>\n<p class=\"meta\">Made with Article Annotator.</p></body></html>\n";
        assert_eq!(
            recognise_own_export(old_print.as_bytes()),
            Some(OwnExport::PrintWithoutBackup)
        );
        let app = format!("<html><head>{SINGLE_FILE_META}</head><body></body></html>");
        assert_eq!(
            recognise_own_export(app.as_bytes()),
            Some(OwnExport::AppWithoutArticle)
        );
        // A print version of this version with its backup cut out is one of an earlier version.
        let article = parse_plain_text(
            "Made with Article Annotator.\n\n<p class=\"meta\">Made with Article Annotator.</p>",
        );
        let text = IndexedText::new(article.text.clone());
        let backup = Backup::new("a.txt", "a", &article, &ReaderLayer::default());
        let print = print_page("x", &article, &text, &[], &backup);
        let without = &print[..print.find(EMBEDDED_START).unwrap()];
        assert_eq!(
            recognise_own_export(without.as_bytes()),
            Some(OwnExport::PrintWithoutBackup)
        );
        // A news page that mentions the app or quotes its markup (as text, escaped) is a news page.
        let news = "<html><body><h1>News</h1><p>Made with Article Annotator.</p><p>&lt;script type=\"application/json\" id=\"embedded-article\"&gt;</p></body></html>";
        assert_eq!(recognise_own_export(news.as_bytes()), None);
    }

    #[test]
    fn a_backup_embeds_safely_and_replaces_an_earlier_one() {
        let article =
            parse_plain_text("Title\n\nText with </script><script>alert(1)</script> in it.");
        let backup = Backup::new("a.txt", "Title", &article, &ReaderLayer::default());
        let app = "<html><head></head><body><noscript>x</noscript></body></html>";
        let once = embed_in_app(app, &backup).unwrap();
        assert_eq!(
            once.matches("</script>").count(),
            1,
            "the article's text cannot close the element"
        );
        let twice = embed_in_app(&once, &backup).unwrap();
        assert_eq!(twice.matches(EMBEDDED_ID).count(), 1);
        let json_start = twice.find('{').unwrap();
        let json_end = twice.rfind('}').unwrap();
        let read = super::super::backup::parse_backup(&twice[json_start..=json_end]).unwrap();
        assert_eq!(read.text, article.text);
    }

    #[test]
    fn the_app_with_an_article_shows_that_article_first_not_the_sample() {
        use crate::article::SAMPLE_TEXT;
        use crate::formats::first_paint::{current_first_paint, END, START};
        let sample = first_paint(&parse_plain_text(SAMPLE_TEXT));
        let app = format!("<html><head></head><body>\n{START}\n{sample}\n{END}\n<noscript>x</noscript></body></html>");
        let article = parse_plain_text("Harbour <reopens>\n\nBoats are back.");
        let backup = Backup::new("a.txt", "Harbour", &article, &ReaderLayer::default());
        let page = embed_in_app(&app, &backup).unwrap();
        let shown = current_first_paint(&page).unwrap();
        assert!(shown.contains("<h1 class=\"headline\"><span class=\"block-text\">Harbour &lt;reopens&gt;</span></h1>"), "{shown}");
        assert!(!page.contains("NATO FMs"), "the sample is gone");
        // Embedding again (another article into an app that carries one) replaces it again.
        let other = parse_plain_text("Storm hits the coast\n\nWind.");
        let again = embed_in_app(
            &page,
            &Backup::new("b.txt", "Storm", &other, &ReaderLayer::default()),
        )
        .unwrap();
        assert!(current_first_paint(&again)
            .unwrap()
            .contains("Storm hits the coast"));
        assert!(!again.contains("Harbour"));
        assert!(again.contains("<noscript>x</noscript>"));
    }
}
