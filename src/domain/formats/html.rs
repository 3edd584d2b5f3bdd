//! HTML exports: the annotated article as a print-friendly page that needs no script at all, and
//! the article with its annotations embedded in the single-file app (opened from disk, the
//! recipient goes on annotating; the app's first paint shows that article).
//!
//! Everything from the article or the reader is escaped; the static page's policy forbids every
//! script.

use crate::domain::annotation::Annotation;
use crate::domain::article::{Article, BlockKind};
use crate::domain::layout::{layout, LayoutItem, Node};
use crate::domain::ledger::{entity_groups, notes, quote_ledger};
use crate::domain::text::IndexedText;

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
mark{background:none;color:inherit;border-bottom:2px solid #666}mark[data-kind=quote]{border-bottom:2px double #1f5fbf}\
mark[data-kind=person]{border-bottom:2px solid #b3261e}mark[data-kind=organisation]{border-bottom:2px dashed #6a1b9a}\
mark[data-kind=place]{border-bottom:2px dotted #1b5e20}mark[data-kind=date]{border-bottom:2px dotted #8d6e00}\
mark[data-kind=term]{font-style:italic;border-bottom:1px dotted #555}mark[data-kind=highlight]{background:#fff3a3}\
mark[data-kind=claim],mark[data-kind=question],mark[data-kind=evidence]{background:#e8f0fd}\
sup.ref{font:.7rem sans-serif;color:#1f5fbf}section{break-inside:avoid}@media print{body{margin:0}}";

/// The annotated article as one static HTML page (no script), with the quotes, entities and notes.
pub fn print_page(
    title: &str,
    article: &Article,
    text: &IndexedText,
    annotations: &[Annotation],
) -> String {
    let mut body = String::new();
    let by_block = crate::domain::ledger::annotations_by_block(&article.blocks, annotations);
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
    let mut ledger = String::from("<section><h2>Quotes by speaker</h2>");
    for voice in quote_ledger(annotations, text) {
        ledger.push_str(&format!(
            "<h3>{} ({} words)</h3><ul>",
            escape_html(&voice.name),
            voice.words
        ));
        for &p in &voice.quotes {
            ledger.push_str(&format!(
                "<li>“{}”</li>",
                escape_html(text.slice(annotations[p].span))
            ));
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
            a.kind.title(),
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
         <p class=\"meta\">Made with Article Annotator.</p></body></html>\n",
        escape_html(title)
    )
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
                    a.kind.label()
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
    let json = backup
        .to_json()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let element =
        format!("<script type=\"application/json\" id=\"{EMBEDDED_ID}\">{json}</script>\n");
    // Replace an earlier embedded article rather than adding a second.
    let without = match (
        app_html.find(&format!(
            "<script type=\"application/json\" id=\"{EMBEDDED_ID}\">"
        )),
        app_html.rfind("</body>"),
    ) {
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
    use crate::domain::annotation::AnnotationKind;
    use crate::domain::article::parse_plain_text;
    use crate::domain::layer::ReaderLayer;
    use crate::domain::text::Span;

    #[test]
    fn the_print_page_escapes_everything_and_has_no_script() {
        let article = parse_plain_text("A <b>bold</b> title\n\nThe council met \"today\" & left.");
        let text = IndexedText::new(article.text.clone());
        let mut note =
            Annotation::by_reader("r".into(), AnnotationKind::Question, Span::new(27, 34));
        note.note = "<img src=x onerror=alert(1)>".into();
        let page = print_page("<script>alert(1)</script>", &article, &text, &[note]);
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<img"));
        assert!(page.contains("&lt;b&gt;bold&lt;/b&gt;"));
        assert!(page.contains("<mark data-kind=\"question\""));
        assert!(page.contains("default-src 'none'"));
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
        use crate::domain::article::SAMPLE_TEXT;
        use crate::domain::formats::first_paint::{current_first_paint, END, START};
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
