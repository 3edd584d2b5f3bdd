//! Telling a quotation from a term: quoted words nobody is quoted as saying (titles, names, scare
//! quotes) are terms.

use crate::extract::attribution::candidates::Evidence;
use crate::extract::attribution::document::{is_word, Document};
use crate::extract::attribution::regions::Region;
use crate::language::words::TERM_MARKERS;

/// Whether quoted words are a title, name or scare quote rather than anyone's words.
pub(super) fn looks_like_term(
    document: &Document<'_>,
    region: &Region,
    evidence: Option<Evidence>,
) -> bool {
    let content = region.content();
    let words: Vec<&str> = content
        .clone()
        .map(|i| document.word(i))
        .filter(|w| is_word(w))
        .collect();
    if words.is_empty() {
        return true;
    }
    // An attribute value in markup: author="…".
    if document.char_before(region.open) == Some('=') {
        return true;
    }
    // Only words of the quote's own paragraph ("… column" ending a heading marks nothing).
    let paragraph_start = document.paragraphs[region.paragraph].start;
    let before = |k: usize| {
        region
            .open
            .checked_sub(k)
            .filter(|&i| i >= paragraph_start)
            .map(|i| document.lower[i].as_str())
    };
    if [before(1), before(2)]
        .into_iter()
        .flatten()
        .any(|w| TERM_MARKERS.contains(w))
    {
        return true;
    }
    let long_words: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let title_case =
        !long_words.is_empty() && long_words.iter().all(|w| w.starts_with(char::is_uppercase));
    let last = document.word(content.end - 1);
    let ends_like_sentence = matches!(last, "." | "?" | "!" | "…")
        || content
            .clone()
            .any(|i| matches!(document.word(i), "." | "?" | "!"));
    let sentence_like = ends_like_sentence && words.len() >= 2;
    match evidence {
        Some(Evidence::Direct) => false,
        Some(Evidence::Clause) => title_case && words.len() <= 6 && !sentence_like,
        _ => !sentence_like && (words.len() <= 3 || title_case && words.len() <= 8),
    }
}
