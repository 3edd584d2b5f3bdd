//! The first pass over a JSON document read from the store or a file: the fields that say what
//! it is (its schema, its format) are read before the rest, so that the document can then be read
//! once, straight into the type its version names — no `serde_json::Value` tree first.

/// Why the fields a reader looks at first could not be read from a JSON text.
#[derive(Debug)]
pub enum HeaderError {
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
pub fn read_header<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, HeaderError> {
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
pub fn not_json(error: &serde_json::Error) -> bool {
    error.is_syntax() || error.is_eof()
}

/// The schema an entry says it has, read before the rest (see [`read_header`]).
#[derive(serde::Deserialize)]
pub struct SchemaHeader {
    #[serde(default, deserialize_with = "present")]
    pub schema: Option<serde_json::Value>,
}

/// A JSON value read whatever it is (a header field checked by hand), `null` included:
/// `Some(Value::Null)` for `"field": null`, `None` only when the field is missing.
pub fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde::Deserialize::deserialize(deserializer).map(Some)
}
