//! Pattern: a report inside parentheses after the quotation (`“…” (Smith said)`).

use crate::extract::attribution::candidates::{Attribution, Evidence};
use crate::extract::attribution::clause::is_cue;
use crate::extract::attribution::document::Document;
use crate::extract::attribution::phrases::phrase_ending_at;
use crate::extract::attribution::regions::Region;

/// The longest speaker in a parenthetical report ("“…,” he added, “…”"), in tokens.
const LONGEST_SPEAKER: usize = 4;

/// "Loyalty, he noted, has long been … the party's “old guard”", "CNN, Cruz said, called it
/// “highly significant”": a parenthetical report before the quote in its sentence.
pub(crate) fn parenthetical_report(
    document: &Document<'_>,
    region: &Region,
) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let sentence_start = document.sentence_start(region.open).max(floor);
    (sentence_start + 2..region.open.saturating_sub(1)).find_map(|cue| {
        if !(is_cue(document, cue) && document.word(cue + 1) == ",") {
            return None;
        }
        let speaker = phrase_ending_at(document, cue, sentence_start)?;
        (speaker.start > sentence_start
            && document.word(speaker.start - 1) == ","
            && speaker.len() <= LONGEST_SPEAKER)
            .then(|| Attribution {
                speaker,
                cue: Some(cue..cue + 1),
                evidence: Evidence::Direct,
            })
    })
}
