//! The readable report (Markdown): the article's title and source, who is quoted and what they
//! said, the entities by type, the reader's notes, and what an import could not place.

use crate::domain::annotation::Annotation;
use crate::domain::layer::Orphan;
use crate::domain::ledger::{entity_groups, notes, quote_ledger};
use crate::domain::text::IndexedText;

/// A Markdown report of an article's annotations.
pub fn report(
    title: &str,
    name: &str,
    text: &IndexedText,
    annotations: &[Annotation],
    orphans: &[(String, Orphan)],
) -> String {
    let mut out = format!("# {}\n\n", escape(title));
    out.push_str(&format!(
        "Source: {} · {} annotations\n\n",
        escape(name),
        annotations.len()
    ));
    out.push_str("## Quotes by speaker\n\n");
    let ledger = quote_ledger(annotations, text);
    if ledger.is_empty() {
        out.push_str("No quotes.\n\n");
    }
    for voice in ledger {
        out.push_str(&format!(
            "### {} ({} quote{}, {} words)\n\n",
            escape(&voice.name),
            voice.quotes.len(),
            if voice.quotes.len() == 1 { "" } else { "s" },
            voice.words
        ));
        for &position in &voice.quotes {
            let quote = &annotations[position];
            out.push_str(&format!("- “{}”", escape(text.slice(quote.span))));
            if !quote.note.is_empty() {
                out.push_str(&format!(" — note: {}", escape(&quote.note)));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str("## Entities\n\n");
    for (kind, groups) in entity_groups(annotations) {
        out.push_str(&format!("### {}\n\n", kind.title()));
        for group in groups {
            let count = group.mentions.len();
            out.push_str(&format!(
                "- {} ({} mention{})\n",
                escape(&group.name),
                count,
                if count == 1 { "" } else { "s" }
            ));
        }
        out.push('\n');
    }
    out.push_str("## Notes\n\n");
    let positions = notes(annotations);
    if positions.is_empty() {
        out.push_str("No notes.\n");
    }
    for position in positions {
        let annotation = &annotations[position];
        out.push_str(&format!(
            "- **{}** “{}”",
            annotation.kind.title(),
            escape(text.slice(annotation.span))
        ));
        if !annotation.note.is_empty() {
            out.push_str(&format!(": {}", escape(&annotation.note)));
        }
        if !annotation.tags.is_empty() {
            let tags: Vec<String> = annotation
                .tags
                .iter()
                .map(|t| format!("#{}", escape(t)))
                .collect();
            out.push_str(&format!(" ({})", tags.join(" ")));
        }
        out.push('\n');
    }
    if !orphans.is_empty() {
        out.push_str("\n## Not placed (imported, their words are not in this text)\n\n");
        for (_, orphan) in orphans {
            let annotation = &orphan.annotation;
            out.push_str(&format!(
                "- **{}** (not placed) “{}”",
                annotation.kind.title(),
                escape(&orphan.quote)
            ));
            if !annotation.note.is_empty() {
                out.push_str(&format!(": {}", escape(&annotation.note)));
            }
            out.push('\n');
        }
    }
    out
}

/// Keeps Markdown markup in the reader's text from acting as markup; line breaks stay inside the
/// list item.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::{from_analysis, AnnotationKind};
    use crate::domain::article::{parse_plain_text, SAMPLE_TEXT};
    use crate::domain::extract::analyse;
    use crate::domain::extract::entities::shipped_model;
    use crate::domain::text::Span;

    #[test]
    fn the_report_lists_quotes_entities_and_notes() {
        let article = parse_plain_text(SAMPLE_TEXT);
        let mut annotations = from_analysis(&analyse(&article, Some(shipped_model())));
        let mut note =
            Annotation::by_reader("r".into(), AnnotationKind::Claim, Span::new(146, 162));
        note.note = "<script>alert(1)</script> *check*".into();
        note.tags = vec!["people".into()];
        annotations.push(note);
        let text = IndexedText::new(article.text.clone());
        let orphan = Orphan {
            annotation: Annotation {
                note: "from the first draft".into(),
                ..Annotation::by_reader("o".into(), AnnotationKind::Question, Span::default())
            },
            quote: "a sentence the editors cut".into(),
        };
        let report = report(
            "NATO FMs agree",
            "nato.txt",
            &text,
            &annotations,
            &[("o".into(), orphan)],
        );
        assert!(report.contains("### Jens Stoltenberg (3 quotes, 33 words)"));
        assert!(report.contains("- European Union (9 mentions)"));
        assert!(report.contains(
            "**Claim** “Jens Stoltenberg”: \\<script\\>alert(1)\\</script\\> \\*check\\* (#people)"
        ));
        assert!(report.contains(
            "- **Question** (not placed) “a sentence the editors cut”: from the first draft"
        ));
    }
}
