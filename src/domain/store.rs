//! The storage schema: how an article and the reader's work on it are written as strings for
//! the browser's localStorage, read back, and migrated from every earlier version. No I/O here:
//! the browser adapter moves the strings.
//!
//! Keys: `article-annotator/library` lists the saved articles; `article-annotator/article/<id>`
//! holds one article, `<id>` being the first 16 hex digits of the SHA-256 of its text (so the
//! same article always finds its annotations again); an entry that cannot be read is moved to
//! `article-annotator/quarantine/<key>` and kept.
//!
//! Versions: 1 stored the text as plain JSON; 2 (current) stores it deflated and packed 15 bits
//! to a UTF-16 code unit (localStorage counts UTF-16 units, so this holds about 2.5 times more
//! than base64 would), with the article's blocks, and tombstones of deleted annotations so that
//! two tabs merge without bringing deletions back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::annotation::Annotation;
use crate::domain::article::{Article, BlockKind, SourceFormat};
use crate::domain::formats::text_hash;
use crate::domain::workspace::{EntityRename, Orphan, Override, ReaderLayer};

pub const CURRENT_VERSION: u32 = 2;
pub const KEY_PREFIX: &str = "article-annotator/";
pub const LIBRARY_KEY: &str = "article-annotator/library";
pub const QUARANTINE_PREFIX: &str = "article-annotator/quarantine/";

/// The storage key of an article's text.
pub fn article_key(text: &str) -> String {
    format!("{KEY_PREFIX}article/{}", &text_hash(text)[..16])
}

/// Where an unreadable entry is kept aside.
pub fn quarantine_key(key: &str) -> String {
    format!(
        "{QUARANTINE_PREFIX}{}",
        key.strip_prefix(KEY_PREFIX).unwrap_or(key)
    )
}

/// A saved article, as the library lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryEntry {
    pub key: String,
    /// The reader's name for it (defaults to the headline).
    pub title: String,
    pub headline: String,
    /// The article's own date, as printed.
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub annotations: usize,
    #[serde(default)]
    pub quotes: usize,
    #[serde(default)]
    pub notes: usize,
    /// RFC 3339.
    #[serde(default)]
    pub last_opened: String,
    /// Characters the stored entry takes.
    #[serde(default)]
    pub stored_chars: usize,
}

/// An article with the reader's work on it, as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedArticle {
    pub name: String,
    pub title: String,
    pub article: Article,
    pub layer: ReaderLayer,
    pub last_opened: String,
}

/// Why a stored entry could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    NotJson(String),
    UnknownVersion(u32),
    Damaged(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotJson(message) => write!(f, "the saved entry is not readable JSON ({message})"),
            StoreError::UnknownVersion(version) => write!(
                f,
                "the saved entry was written by a newer version of Article Annotator (schema {version}); \
                 it is kept untouched"
            ),
            StoreError::Damaged(message) => write!(f, "the saved entry is damaged ({message})"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Version 2 on disk.
#[derive(Serialize, Deserialize)]
struct StoredV2 {
    schema: u32,
    name: String,
    title: String,
    format: SourceFormat,
    /// "deflate+b15" (deflated UTF-8, packed 15 bits to a code unit) or "plain".
    text_encoding: String,
    text: String,
    /// `[kind, start, end]` per block.
    blocks: Vec<(BlockKind, usize, usize)>,
    #[serde(default)]
    overrides: BTreeMap<String, Override>,
    #[serde(default)]
    renames: Vec<EntityRename>,
    #[serde(default)]
    annotations: Vec<Annotation>,
    #[serde(default)]
    tombstones: BTreeMap<String, String>,
    #[serde(default)]
    orphans: Vec<Orphan>,
    #[serde(default)]
    last_opened: String,
}

/// Version 1 on disk: plain text, no blocks (they are parsed again), no tombstones.
#[derive(Deserialize)]
struct StoredV1 {
    name: String,
    #[serde(default)]
    title: String,
    text: String,
    #[serde(default)]
    overrides: BTreeMap<String, Override>,
    #[serde(default)]
    renames: Vec<EntityRename>,
    #[serde(default)]
    annotations: Vec<Annotation>,
    #[serde(default)]
    last_opened: String,
}

const TEXT_ENCODING: &str = "deflate+b15";

/// Writes an article and the reader's work as the current version.
pub fn encode_article(saved: &SavedArticle) -> String {
    encode_article_with(saved, &pack_text(&saved.article.text))
}

/// The article text as stored (compressed and packed); an article's text never changes, so the
/// page packs it once and saves with [`encode_article_with`].
pub fn pack_text(text: &str) -> String {
    pack_b15(&deflate(text.as_bytes()))
}

/// [`encode_article`] with the text already packed by [`pack_text`].
pub fn encode_article_with(saved: &SavedArticle, packed_text: &str) -> String {
    let stored = StoredV2 {
        schema: CURRENT_VERSION,
        name: saved.name.clone(),
        title: saved.title.clone(),
        format: saved.article.format,
        text_encoding: TEXT_ENCODING.into(),
        text: packed_text.to_owned(),
        blocks: saved
            .article
            .blocks
            .iter()
            .map(|b| (b.kind, b.span.start, b.span.end))
            .collect(),
        overrides: saved.layer.overrides.clone(),
        renames: saved.layer.renames.clone(),
        annotations: saved.layer.annotations.clone(),
        tombstones: saved.layer.tombstones.clone(),
        orphans: saved.layer.orphans.clone(),
        last_opened: saved.last_opened.clone(),
    };
    serde_json::to_string(&stored).expect("stored types serialize")
}

/// Reads a stored article of any known version.
pub fn decode_article(value: &str) -> Result<SavedArticle, StoreError> {
    let json: serde_json::Value =
        serde_json::from_str(value).map_err(|e| StoreError::NotJson(e.to_string()))?;
    let version = json
        .get("schema")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(1) as u32;
    match version {
        1 => migrate_v1(
            serde_json::from_value(json).map_err(|e| StoreError::Damaged(e.to_string()))?,
        ),
        2 => read_v2(serde_json::from_value(json).map_err(|e| StoreError::Damaged(e.to_string()))?),
        other => Err(StoreError::UnknownVersion(other)),
    }
}

fn migrate_v1(stored: StoredV1) -> Result<SavedArticle, StoreError> {
    let article = crate::domain::article::parse_plain_text(&stored.text);
    let title = if stored.title.is_empty() {
        article.headline().unwrap_or(&stored.name).to_owned()
    } else {
        stored.title
    };
    Ok(SavedArticle {
        name: stored.name,
        title,
        article,
        layer: ReaderLayer {
            overrides: stored.overrides,
            renames: stored.renames,
            annotations: stored.annotations,
            tombstones: BTreeMap::new(),
            orphans: Vec::new(),
        },
        last_opened: stored.last_opened,
    })
}

fn read_v2(stored: StoredV2) -> Result<SavedArticle, StoreError> {
    let text = match stored.text_encoding.as_str() {
        TEXT_ENCODING => {
            let bytes = unpack_b15(&stored.text)
                .ok_or_else(|| StoreError::Damaged("the packed text is cut".into()))?;
            let inflated = inflate(&bytes)
                .ok_or_else(|| StoreError::Damaged("the compressed text is damaged".into()))?;
            String::from_utf8(inflated)
                .map_err(|_| StoreError::Damaged("the text is not UTF-8".into()))?
        }
        "plain" => stored.text,
        other => {
            return Err(StoreError::Damaged(format!(
                "unknown text encoding {other:?}"
            )))
        }
    };
    Ok(SavedArticle {
        name: stored.name,
        title: stored.title,
        // Damaged blocks are dropped (the text and everything the reader made are kept).
        article: Article::from_parts(text, stored.format, stored.blocks),
        layer: ReaderLayer {
            overrides: stored.overrides,
            renames: stored.renames,
            // Kept even if one lies past the text: nothing the reader made is dropped here.
            annotations: stored.annotations,
            tombstones: stored.tombstones,
            orphans: stored.orphans,
        },
        last_opened: stored.last_opened,
    })
}

/// Reads the library list; an unreadable list is an error (the caller rebuilds it from entries).
pub fn decode_library(value: &str) -> Result<Vec<LibraryEntry>, StoreError> {
    serde_json::from_str(value).map_err(|e| StoreError::NotJson(e.to_string()))
}

pub fn encode_library(entries: &[LibraryEntry]) -> String {
    serde_json::to_string(entries).expect("library entries serialize")
}

/// Compresses bytes (raw deflate).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 8)
}

/// Decompresses raw deflate, refusing output over 64 MB (a hostile "zip bomb").
pub fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, 64 << 20).ok()
}

/// The first code unit of the packed alphabet: 0x4E00 + 32768 stays below the surrogates.
const B15_BASE: u32 = 0x4E00;
/// Marks the padding: how many bits of the last code unit are used.
const B15_TAIL_BASE: u32 = 0x3000;

/// Packs bytes 15 bits to a char (all in U+4E00..U+CDFF), then one char saying how many bits of
/// the last are used.
pub fn pack_b15(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 15 + 2);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 15 {
            bits -= 15;
            out.push(char::from_u32(B15_BASE + ((buffer >> bits) & 0x7FFF)).expect("in range"));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from_u32(B15_BASE + ((buffer << (15 - bits)) & 0x7FFF)).expect("in range"));
    }
    out.push(char::from_u32(B15_TAIL_BASE + bits).expect("in range"));
    out
}

/// Reverses [`pack_b15`]; `None` for anything it did not write.
pub fn unpack_b15(packed: &str) -> Option<Vec<u8>> {
    let mut chars: Vec<char> = packed.chars().collect();
    let tail = chars.pop()? as u32;
    let last_bits = tail.checked_sub(B15_TAIL_BASE).filter(|&b| b < 15)?;
    let mut out = Vec::with_capacity(chars.len() * 15 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    let count = chars.len();
    for (i, c) in chars.into_iter().enumerate() {
        let value = (c as u32).checked_sub(B15_BASE).filter(|&v| v < 0x8000)?;
        let width = if i + 1 == count && last_bits > 0 {
            last_bits
        } else {
            15
        };
        buffer = (buffer << width) | (value >> (15 - width));
        bits += width;
        while bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    (bits == 0).then_some(out)
}

/// Merges the work of two tabs on one article: the reader's annotations by id (the later edit
/// wins; a deletion wins over an earlier edit), corrections and renames from both.
pub fn merge_layers(ours: &ReaderLayer, theirs: &ReaderLayer) -> ReaderLayer {
    let mut tombstones = ours.tombstones.clone();
    for (id, when) in &theirs.tombstones {
        let keep_later = tombstones.get(id).is_none_or(|mine| when > mine);
        if keep_later {
            tombstones.insert(id.clone(), when.clone());
        }
    }
    let mut by_id: BTreeMap<String, Annotation> = BTreeMap::new();
    for annotation in ours.annotations.iter().chain(&theirs.annotations) {
        let newer = by_id
            .get(&annotation.id)
            .is_none_or(|current| annotation.modified > current.modified);
        if newer {
            by_id.insert(annotation.id.clone(), annotation.clone());
        }
    }
    let annotations = by_id
        .into_values()
        .filter(|a| {
            tombstones
                .get(&a.id)
                .is_none_or(|deleted| a.modified.as_ref().is_some_and(|m| m > deleted))
        })
        .collect();
    let mut overrides = theirs.overrides.clone();
    overrides.extend(ours.overrides.clone());
    let mut renames = ours.renames.clone();
    for rename in &theirs.renames {
        if !renames.contains(rename) {
            renames.push(rename.clone());
        }
    }
    let mut orphans = ours.orphans.clone();
    for orphan in &theirs.orphans {
        if !orphans.contains(orphan) {
            orphans.push(orphan.clone());
        }
    }
    ReaderLayer {
        overrides,
        renames,
        annotations,
        tombstones,
        orphans,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::AnnotationKind;
    use crate::domain::article::{parse_plain_text, SAMPLE_TEXT};
    use crate::domain::text::Span;
    use proptest::prelude::*;

    fn saved(text: &str) -> SavedArticle {
        let length = text.chars().count();
        let mut highlight = Annotation::by_reader(
            "reader-1".into(),
            AnnotationKind::Highlight,
            Span::new(0, length.min(4)),
        );
        highlight.note = "Émoji 👍, CJK 中文, RTL עברית, combining é".into();
        highlight.modified = Some("2026-11-28T10:00:00Z".into());
        SavedArticle {
            name: "sample.txt".into(),
            title: "Sample".into(),
            article: parse_plain_text(text),
            layer: ReaderLayer {
                annotations: vec![highlight],
                ..ReaderLayer::default()
            },
            last_opened: "2026-11-28T10:00:00Z".into(),
        }
    }

    #[test]
    fn an_article_round_trips_and_is_compressed() {
        let original = saved(SAMPLE_TEXT);
        let encoded = encode_article(&original);
        assert_eq!(decode_article(&encoded).unwrap(), original);
        let stored_units: usize = encoded.encode_utf16().count();
        assert!(
            stored_units < SAMPLE_TEXT.len(),
            "stored {stored_units} UTF-16 units for {} bytes",
            SAMPLE_TEXT.len()
        );
    }

    #[test]
    fn version_1_fixture_migrates() {
        let fixture = include_str!("../../tests/fixtures/store-v1-article.json");
        let migrated = decode_article(fixture).unwrap();
        assert_eq!(migrated.article.headline(), Some("Storm hits the coast"));
        assert_eq!(migrated.layer.annotations.len(), 1);
        assert_eq!(migrated.layer.annotations[0].note, "Check the wind speed");
        assert_eq!(migrated.title, "Storm hits the coast");
        // Written back, it is version 2 and reads the same.
        let rewritten = encode_article(&migrated);
        assert!(rewritten.contains("\"schema\":2"));
        assert_eq!(decode_article(&rewritten).unwrap(), migrated);
    }

    #[test]
    fn version_2_fixture_reads() {
        let fixture = include_str!("../../tests/fixtures/store-v2-article.json");
        let article = decode_article(fixture).unwrap();
        assert_eq!(
            article.article.headline(),
            Some("NATO FMs agree to step up cooperation with EU")
        );
        assert_eq!(article.layer.annotations[0].tags, ["verify"]);
    }

    #[test]
    fn damaged_and_future_entries_are_refused_with_a_reason() {
        assert!(matches!(
            decode_article("{not json"),
            Err(StoreError::NotJson(_))
        ));
        assert!(matches!(
            decode_article("{\"schema\": 99}"),
            Err(StoreError::UnknownVersion(99))
        ));
        let encoded = encode_article(&saved("Title\n\nBody."));
        let start = encoded.find("\"text\":\"").unwrap() + 8;
        let packed: String = encoded[start..].chars().take_while(|&c| c != '"').collect();
        let damaged = encoded.replace(&packed, &packed.chars().skip(2).collect::<String>());
        assert!(matches!(
            decode_article(&damaged),
            Err(StoreError::Damaged(_))
        ));
    }

    #[test]
    fn damaged_blocks_are_dropped_and_the_text_and_work_kept() {
        let original = saved("Title\n\nBody.");
        let encoded = encode_article(&original);
        let outside = encoded.replace("[\"paragraph\",7,12]", "[\"paragraph\",7,999]");
        let read = decode_article(&outside).unwrap();
        assert_eq!(read.article.text, original.article.text);
        assert_eq!(read.article.paragraphs(), Vec::<&str>::new());
        assert_eq!(read.layer, original.layer);
        let overlapping = encoded.replace("[\"paragraph\",7,12]", "[\"paragraph\",2,12]");
        let read = decode_article(&overlapping).unwrap();
        assert_eq!(read.article.headline(), Some("Title"));
        assert_eq!(
            read.article.blocks.len(),
            1,
            "the block overlapping the headline is dropped"
        );
    }

    #[test]
    fn keys_are_derived_from_the_text() {
        assert_eq!(article_key("a"), article_key("a"));
        assert_ne!(article_key("a"), article_key("b"));
        assert!(article_key("a").starts_with("article-annotator/article/"));
        assert_eq!(
            quarantine_key(&article_key("a")),
            format!(
                "article-annotator/quarantine/article/{}",
                &text_hash("a")[..16]
            )
        );
    }

    #[test]
    fn two_tabs_merge_without_losing_or_resurrecting() {
        let base = saved("Title\n\nBody text here.").layer;
        let mut ours = base.clone();
        let mut theirs = base.clone();
        let mut added = Annotation::by_reader(
            "reader-2".into(),
            AnnotationKind::Question,
            Span::new(7, 11),
        );
        added.modified = Some("2026-11-28T11:00:00Z".into());
        theirs.annotations.push(added);
        ours.annotations.clear();
        ours.tombstones
            .insert("reader-1".into(), "2026-11-28T12:00:00Z".into());
        let merged = merge_layers(&ours, &theirs);
        let ids: Vec<&str> = merged.annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            ["reader-2"],
            "their addition stays, our deletion holds"
        );
        assert_eq!(
            merge_layers(&theirs, &ours).annotations.len(),
            1,
            "merging is symmetric"
        );
    }

    proptest! {
        #[test]
        fn packing_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let packed = pack_b15(&bytes);
            prop_assert!(packed.chars().all(|c| !(0xD800..=0xDFFF).contains(&(c as u32))));
            prop_assert_eq!(unpack_b15(&packed), Some(bytes));
        }

        #[test]
        fn any_text_round_trips_through_storage(text in "\\PC{0,300}") {
            let original = saved(&text);
            prop_assert_eq!(decode_article(&encode_article(&original)).unwrap(), original);
        }

        #[test]
        fn decoding_garbage_never_panics(value in "\\PC{0,200}") {
            let _ = decode_article(&value);
            let _ = unpack_b15(&value);
        }
    }
}
