//! Pattern: a transcript label (`TRUMP: “…”`).

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::document::Document;
use crate::extract::attribution::phrases::is_capitalised;
use crate::extract::attribution::regions::Region;

/// How many tokens a transcript label may have before its colon ("SEN. WARREN:").
const LABEL_WORDS: usize = 5;

/// A transcript line: the quote opens with its speaker's label ("WALLACE: …", "Mr. Smith: …").
pub(crate) fn transcript_label(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let content = region.content();
    let colon = content
        .clone()
        .take(LABEL_WORDS)
        .find(|&i| document.word(i) == ":")?;
    let label = content.start..colon;
    let is_label = !label.is_empty()
        && label
            .clone()
            .all(|i| is_capitalised(document, i) || document.word(i) == ".")
        && label.clone().any(|i| {
            document
                .word(i)
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        });
    is_label.then_some(Attribution {
        speaker: label,
        cue: None,
        evidence: Evidence::Direct,
    })
}
