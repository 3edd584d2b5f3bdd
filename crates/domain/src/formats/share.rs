//! The share link: the article and the reader's work, deflated and base64url-encoded into the
//! page's URL fragment (`#share=…`), which browsers never send to a server. The decoder treats the
//! fragment as hostile: size limits before and after inflating, then the backup reader.

use serde::de::IgnoredAny;

use super::backup::{read_backup, Backup, BackupError};
use crate::compress::deflate;

/// The fragment's prefix.
pub const SHARE_PREFIX: &str = "share=";
/// The longest fragment accepted, in characters (browsers keep URLs of several MB; this leaves
/// room for articles of about 1 MB of text).
pub const MAX_FRAGMENT_CHARS: usize = 8 * 1024 * 1024;
/// The most a fragment may inflate to.
const MAX_INFLATED_BYTES: usize = 32 * 1024 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Reverses [`base64url_encode`]; `None` for a character outside the alphabet or a bad length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let values: Option<Vec<u32>> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32))
        .collect();
    let values = values?;
    if values.len() % 4 == 1 {
        return None;
    }
    for chunk in values.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &v)| n | v << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// The fragment (without `#`) carrying a backup.
pub fn encode_share(backup: &Backup) -> String {
    format!(
        "{SHARE_PREFIX}{}",
        base64url_encode(&deflate(backup.to_json().as_bytes()))
    )
}

/// Why a share link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment's length, in characters.
    TooLong {
        chars: usize,
    },
    Garbled,
    Backup(BackupError),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooLong { chars } => write!(
                f,
                "This share link is too long to open ({:.1} MB; the page opens links of up to {} MB).",
                *chars as f64 / 1_048_576.0,
                MAX_FRAGMENT_CHARS / 1_048_576
            ),
            ShareError::Garbled => write!(f, "This share link is damaged (it may have been cut when copied). Ask for the link again."),
            ShareError::Backup(error) => write!(f, "This share link does not hold an article: {error}"),
        }
    }
}

/// Reads a fragment (without `#`); `Ok(None)` when it is not a share link at all.
pub fn decode_share(fragment: &str) -> Result<Option<Backup>, ShareError> {
    let Some(encoded) = fragment.strip_prefix(SHARE_PREFIX) else {
        return Ok(None);
    };
    if encoded.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong {
            chars: encoded.len(),
        });
    }
    let compressed = base64url_decode(encoded.trim()).ok_or(ShareError::Garbled)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_INFLATED_BYTES)
        .map_err(|_| ShareError::Garbled)?;
    let json = String::from_utf8(json).map_err(|_| ShareError::Garbled)?;
    match read_backup(&json) {
        Ok(backup) => Ok(Some(backup)),
        // What inflates to something that is not JSON was garbled on its way.
        Err(BackupError::NotJson(_)) if serde_json::from_str::<IgnoredAny>(&json).is_err() => {
            Err(ShareError::Garbled)
        }
        Err(error) => Err(ShareError::Backup(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{split_at_blank_lines as parse_plain_text, SAMPLE_TEXT};
    use crate::layer::ReaderLayer;
    use proptest::prelude::*;

    #[test]
    fn a_link_round_trips_and_is_compact() {
        let backup = Backup::new(
            "s.txt",
            "Sample",
            &parse_plain_text(SAMPLE_TEXT),
            &ReaderLayer::default(),
        );
        let fragment = encode_share(&backup);
        assert!(
            fragment.len() < SAMPLE_TEXT.len(),
            "{} chars for {} bytes",
            fragment.len(),
            SAMPLE_TEXT.len()
        );
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)));
        assert_eq!(decode_share(&fragment).unwrap(), Some(backup));
    }

    #[test]
    fn hostile_fragments_are_refused() {
        assert_eq!(decode_share("section-2"), Ok(None));
        assert_eq!(decode_share("share=***"), Err(ShareError::Garbled));
        assert_eq!(decode_share("share=AAAA"), Err(ShareError::Garbled));
        let not_backup = format!(
            "share={}",
            base64url_encode(&deflate(b"{\"format\":\"x\"}"))
        );
        assert!(matches!(
            decode_share(&not_backup),
            Err(ShareError::Backup(_))
        ));
        // A "zip bomb": 40 MB of zeros.
        let bomb = format!(
            "share={}",
            base64url_encode(&deflate(&vec![b' '; 40 << 20]))
        );
        assert_eq!(decode_share(&bomb), Err(ShareError::Garbled));
    }

    #[test]
    fn a_fragment_over_the_limit_is_refused_unread_and_the_refusal_says_the_limit() {
        let fragment = format!("share={}", "A".repeat(MAX_FRAGMENT_CHARS + 1));
        let error = decode_share(&fragment).unwrap_err();
        assert_eq!(
            error,
            ShareError::TooLong {
                chars: MAX_FRAGMENT_CHARS + 1
            }
        );
        assert_eq!(
            error.to_string(),
            "This share link is too long to open (8.0 MB; the page opens links of up to 8 MB)."
        );
    }

    proptest! {
        #[test]
        fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }

        #[test]
        fn decoding_anything_never_panics(fragment in "share=[A-Za-z0-9_-]{0,200}") {
            let _ = decode_share(&fragment);
        }
    }
}
