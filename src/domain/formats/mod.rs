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

use sha2::{Digest, Sha256};

/// The largest backup or annotations file opened or imported, in bytes — the same limit for
/// every way in, and above any backup the app writes of an article it can open: the text is at
/// most `MAX_INPUT_BYTES` (16 MB) with at most one control character in twenty, so at most
/// 2.25 times that once escaped as JSON (36 MB), and the reader's layer of an article that fits
/// the browser's storage is under 16 MB.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// The SHA-256 of the article text, hex-encoded: how exports name the text they belong to.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Why the fields a reader looks at first could not be read from a JSON text.
#[derive(Debug)]
pub(crate) enum HeaderError {
    /// It is not JSON at all (or is cut short).
    NotJson(serde_json::Error),
    /// It is JSON, but not an object.
    NotAnObject,
    /// An object whose first-read fields are not what they should be.
    Damaged(serde_json::Error),
}

/// Reads the fields `T` names from a JSON object (a stored entry's or a file's schema and
/// format), skipping the rest without keeping it; the whole text is still checked to be JSON.
/// The entry is then read once more into the type its version names: reading it straight into
/// its own type, rather than into a `serde_json::Value` first, keeps no copy of the whole tree
/// and spares the module a second reader of every stored type (one from a `Value`).
pub(crate) fn read_header<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, HeaderError> {
    if !json.trim_start().starts_with('{') {
        // A struct reads from an array too (and an array that is too long for it is reported
        // as trailing characters): anything but an object is told apart by itself.
        return match serde_json::from_str::<serde::de::IgnoredAny>(json) {
            Ok(_) => Err(HeaderError::NotAnObject),
            Err(error) => Err(HeaderError::NotJson(error)),
        };
    }
    serde_json::from_str::<T>(json).map_err(|error| {
        if not_json(&error) {
            HeaderError::NotJson(error)
        } else {
            HeaderError::Damaged(error)
        }
    })
}

/// Whether a reading failed because the text is not JSON (or is cut short), not because the
/// JSON is not what was expected.
pub(crate) fn not_json(error: &serde_json::Error) -> bool {
    error.is_syntax() || error.is_eof()
}

/// The schema an entry says it has, read before the rest (see [`read_header`]).
#[derive(serde::Deserialize)]
pub(crate) struct SchemaHeader {
    #[serde(default, deserialize_with = "present")]
    pub schema: Option<serde_json::Value>,
}

/// A JSON value read whatever it is (a header field checked by hand), `null` included:
/// `Some(Value::Null)` for `"field": null`, `None` only when the field is missing.
pub(crate) fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde::Deserialize::deserialize(deserializer).map(Some)
}

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
