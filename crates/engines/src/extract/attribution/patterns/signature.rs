//! Pattern: a quotation that fills its paragraph, signed in the next by a dash and a name.

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::document::{is_word, Document};
use crate::extract::attribution::lexicon::is_dash;
use crate::extract::attribution::phrases::{is_capitalised, phrase_starting_at};
use crate::extract::attribution::regions::Region;

/// "“I went to Wall Street before the crash.” ¶ - Clinton.": a quotation that fills its
/// paragraph, signed in the next paragraph by a dash and a name.
pub(crate) fn signature_below(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let paragraph = &document.paragraphs[region.paragraph];
    let next = document.paragraphs.get(region.paragraph + 1)?;
    let fills = region.open == paragraph.start
        && (region.after()..paragraph.end).all(|i| !is_word(document.word(i)));
    if !fills || next.len() < 2 || !is_dash(document.word(next.start)) {
        return None;
    }
    let name = phrase_starting_at(document, next.start + 1, next.end)?;
    let signed = is_capitalised(document, name.start)
        && (name.end..next.end).all(|i| matches!(document.word(i), "." | ","));
    signed.then_some(Attribution {
        speaker: name,
        cue: None,
        evidence: Evidence::Direct,
    })
}
