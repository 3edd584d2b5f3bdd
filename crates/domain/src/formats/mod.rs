//! Export and import formats: W3C Web Annotation JSON-LD, CSV, the readable report, the
//! project's backup and the share link. Encoders are total; decoders treat their input as hostile
//! and return what they could read plus a list of problems, each saying where.

pub mod backup;
pub mod csv;
pub mod first_paint;
pub mod html;
pub mod import;
pub mod report;
#[cfg(test)]
mod round_trips;
pub mod share;
pub mod w3c;

pub use crate::hash::text_hash;

/// The largest backup or annotations file opened or imported, in bytes — the same limit for
/// every way in, and above any backup the app writes of an article it can open: the text is at
/// most `MAX_INPUT_BYTES` (16 MB) with at most one control character in twenty, so at most
/// 2.25 times that once escaped as JSON (36 MB), and the reader's layer of an article that fits
/// the browser's storage is under 16 MB.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// A problem with one item of an import: which item, and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemProblem {
    /// The item's position in the file (0-based), when the problem is about one item.
    pub item: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ItemProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.item {
            Some(item) => write!(f, "item {}: {}", item + 1, self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hash_is_sha256() {
        assert_eq!(
            text_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_ne!(text_hash("a"), text_hash("b"));
    }
}
