//! What one annotation may hold — a note of at most [`MAX_NOTE_CHARS`], at most [`MAX_TAGS`]
//! tags of at most [`MAX_TAG_CHARS`] — and the shaping of what a reader types or a file brings
//! to fit: tags trimmed and without repeats, a note cut (saying by how much). The workspace
//! refuses what does not fit; imports cut it and say so.

use std::collections::HashSet;

/// The longest note, in characters (imports longer are cut, and the import review says so).
pub const MAX_NOTE_CHARS: usize = 100_000;
/// The most tags on one annotation.
pub const MAX_TAGS: usize = 64;
/// The longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 200;

/// Tags trimmed, without empties or repeats, in the order given.
pub fn normalise_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').trim().to_owned();
        if !tag.is_empty() && seen.insert(tag.to_ascii_lowercase()) {
            out.push(tag);
        }
    }
    out
}

/// A note cut to [`MAX_NOTE_CHARS`]: the note kept, and how many characters were left out (a
/// note field says so; nothing is cut silently).
pub fn cut_note(note: String) -> (String, usize) {
    match note.char_indices().nth(MAX_NOTE_CHARS) {
        None => (note, 0),
        Some((at, _)) => {
            let left_out = note[at..].chars().count();
            (note[..at].to_owned(), left_out)
        }
    }
}

/// A count with its thousands separated by commas ("100,000"), as limits are told.
pub fn with_thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Tags typed in one field, separated by commas.
pub fn parse_tags(input: &str) -> Vec<String> {
    normalise_tags(input.split(',').map(str::to_owned).collect())
}
