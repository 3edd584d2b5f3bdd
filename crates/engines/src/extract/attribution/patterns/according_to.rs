//! Pattern: a sentence that opens with `According to X,` gives its quotations that source.

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::document::Document;
use crate::extract::attribution::regions::Region;

/// The longest source named between "According to" and its comma, in tokens.
const LONGEST_SOURCE: usize = 14;

/// "According to ProPublica, Clinton praised her “wonderful donors”": a sentence that opens by
/// naming its source gives every quotation in it that source.
pub(crate) fn according_to_opening(
    document: &Document<'_>,
    region: &Region,
) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let start = document.sentence_start(region.open).max(floor);
    if start + 3 > region.open
        || document.lower[start] != "according"
        || document.lower[start + 1] != "to"
        || document.quoted[start]
    {
        return None;
    }
    // The source runs to its comma ("According to White House pool reports, Obama said").
    let comma = (start + 2..region.open.min(start + 2 + LONGEST_SOURCE))
        .find(|&j| document.word(j) == "," || document.quoted[j])
        .filter(|&j| document.word(j) == "," && j > start + 2)?;
    Some(Attribution {
        speaker: start + 2..comma,
        cue: Some(start..start + 2),
        evidence: Evidence::Direct,
    })
}
