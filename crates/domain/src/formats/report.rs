//! The readable report (Markdown): the article's title and source, how its claims are sourced
//! (named people, organisations, documents, unnamed sources), who is quoted or reported and what
//! they said, the entities by type, the reader's notes, and what an import could not place.

use crate::annotation::{Annotation, AnnotationId, AnnotationKind};
use crate::layer::Orphan;
use crate::ledger::{entity_groups, notes, source_ledger, sourcing};
use crate::text::IndexedText;

/// A Markdown report of an article's annotations.
pub fn report(
    title: &str,
    name: &str,
    text: &IndexedText,
    annotations: &[Annotation],
    orphans: &[(AnnotationId, Orphan)],
) -> String {
    let mut out = format!("# {}\n\n", escape(title));
    out.push_str(&format!(
        "Source: {} · {} annotations\n\n",
        escape(name),
        annotations.len()
    ));
    let summary = sourcing(annotations);
    out.push_str("## Sourcing\n\n");
    if summary.total() == 0 {
        out.push_str("No quotations or reported statements.\n\n");
    } else {
        out.push_str(&format!(
            "{} attributions (quotations and reported statements):\n\n",
            summary.total()
        ));
        for &(kind, count) in &summary.by_kind {
            out.push_str(&format!("- {}: {count}\n", kind.describe()));
        }
        if summary.unknown > 0 {
            out.push_str(&format!("- source not found: {}\n", summary.unknown));
        }
        out.push('\n');
    }
    out.push_str("## Who said what\n\n");
    let ledger = source_ledger(annotations, text);
    if ledger.is_empty() {
        out.push_str("Nobody is quoted or reported.\n\n");
    }
    for voice in ledger {
        let kind = voice
            .source_kind
            .map_or(String::new(), |kind| format!(", {}", kind.describe()));
        out.push_str(&format!(
            "### {} ({} quote{}, {} words; {} reported statement{}, {} words{kind})\n\n",
            escape(&voice.name),
            voice.quotes.len(),
            if voice.quotes.len() == 1 { "" } else { "s" },
            voice.words,
            voice.reported.len(),
            if voice.reported.len() == 1 { "" } else { "s" },
            voice.reported_words,
        ));
        for &position in voice.quotes.iter().chain(&voice.reported) {
            let said = &annotations[position];
            let words = escape(text.slice(said.span));
            if said.kind() == AnnotationKind::Quote {
                out.push_str(&format!("- “{words}”"));
            } else {
                out.push_str(&format!("- reported: {words}"));
            }
            if !said.note.is_empty() {
                out.push_str(&format!(" — note: {}", escape(&said.note)));
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
            annotation.kind().title(),
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
                annotation.kind().title(),
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
