//! Pairing quotation marks into regions, per paragraph: a straight mark's direction comes from
//! its neighbours; a quotation never closed ends where the next one opens (or with its paragraph),
//! so regions never overlap and one stray mark cannot derail the rest.

use std::ops::Range;

use crate::extract::attribution::document::{is_quote_mark, Document};

/// A pair of quote marks (or an opening mark its paragraph leaves open), by token index.
#[derive(Clone, Debug)]
pub(super) struct Region {
    pub(super) open: usize,
    pub(super) close: Option<usize>,
    /// The token after the region: after its closing mark; for a quotation never closed, the
    /// next opening mark in its paragraph or the paragraph's end. Regions never overlap, so
    /// however many marks are left open, every pass over the regions is linear.
    pub(super) end: usize,
    pub(super) paragraph: usize,
}

/// Whether a straight quote mark opens (true) or closes (false) a quotation, from its
/// neighbours; `None` when they do not tell.
pub(super) fn straight_mark_opens(before: Option<char>, after: Option<char>) -> Option<bool> {
    let space_or_none = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let opener_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c));
    let closer_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-".contains(c));
    match (
        opener_before && !space_or_none(after),
        closer_after && !space_or_none(before),
    ) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Pairs the quote marks of every paragraph.
pub(super) fn find_regions(document: &mut Document<'_>) -> Vec<Region> {
    let mut regions = Vec::new();
    for (paragraph, range) in document.paragraphs.clone().into_iter().enumerate() {
        let mut open: Option<usize> = None;
        for i in range.clone() {
            let mark = document.word(i);
            if !is_quote_mark(mark) {
                continue;
            }
            // German quotes open low and close with the English opening mark: „…“.
            let german_close = mark == "“" && open.is_some_and(|start| document.word(start) == "„");
            // A left mark typed where a right one belongs: "… a fascist?“ he asked."
            let misplaced_close = mark == "“"
                && open.is_some()
                && straight_mark_opens(document.char_before(i), document.char_after(i))
                    == Some(false);
            let opens = match mark {
                _ if german_close || misplaced_close => Some(false),
                "“" | "„" | "«" => Some(true),
                "”" | "»" => Some(false),
                _ => straight_mark_opens(document.char_before(i), document.char_after(i)),
            };
            match (open, opens) {
                (None, Some(true) | None) => open = Some(i),
                (Some(start), Some(false) | None) => {
                    regions.push(Region {
                        open: start,
                        close: Some(i),
                        end: i + 1,
                        paragraph,
                    });
                    open = None;
                }
                // An opening mark inside an open quotation: the first was never closed, and
                // runs up to this one.
                (Some(start), Some(true)) => {
                    if i > start + 1 {
                        regions.push(Region {
                            open: start,
                            close: None,
                            end: i,
                            paragraph,
                        });
                    }
                    open = Some(i);
                }
                // A closing mark with nothing open is a stray mark: ignored.
                (None, Some(false)) => {}
            }
        }
        if let Some(start) = open {
            if start + 1 < range.end {
                regions.push(Region {
                    open: start,
                    close: None,
                    end: range.end,
                    paragraph,
                });
            }
        }
    }
    for region in &regions {
        for flag in &mut document.quoted[region.open..region.end] {
            *flag = true;
        }
    }
    document.find_sentence_ends();
    regions
}

impl Region {
    pub(super) fn content(&self) -> Range<usize> {
        self.open + 1..self.close.unwrap_or(self.end)
    }

    pub(super) fn after(&self) -> usize {
        self.end
    }
}
