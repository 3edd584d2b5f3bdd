//! The storage schema: how an article and the reader's work on it are written as strings for
//! the browser's localStorage, read back, migrated from every earlier version, and merged with
//! what another tab saved. No I/O here: the browser adapter moves the strings.
//!
//! Keys: `article-annotator/library` lists the saved articles; `article-annotator/article/<id>`
//! holds one article, `<id>` being the first 16 hex digits of the SHA-256 of its text (so the
//! same article always finds its annotations again); an entry that cannot be read is copied to
//! `article-annotator/quarantine/<key>/<hash of the copy>` before anything replaces it, one key
//! per damaged copy.
//!
//! Article versions: 1 stored the text as plain JSON; 2 stored it deflated and packed 15 bits to
//! a UTF-16 code unit (localStorage counts UTF-16 units, so this holds about 2.5 times more than
//! base64 would), with the article's blocks and times of deletions; 3 stores the reader's layer
//! as stamped records ([`crate::layer`]); 4 (current) is 3 with reported statements (annotations
//! of kind `reported`, and corrections of them) and the cue and kind of source of quotations —
//! a version 3 entry reads as it is (it holds none of them), and a page of version 3 leaves a
//! version 4 entry alone rather than drop what it cannot read. Library versions: 1 was a list;
//! 2 (current) is a record per article, a deletion being a stamped tombstone.
//!
//! Saving is read, merge, write ([`plan_save`]): what is stored is merged into the tab's layer
//! before the union is written, so no tab's save drops another's work; a stored entry that
//! cannot be read is kept aside first, and one of a newer schema is never overwritten. A tab that
//! hears another's save saves again when the store lacks what it holds ([`store_lacks`]); a
//! deletion from the library is stamped after everything it removes ([`Library::newest`],
//! [`newest_stored`]).

use serde::{Deserialize, Serialize};

use crate::article::{split_at_blank_lines, Article, BlockKind, SourceFormat};
use crate::calendar::Timestamp;
use crate::compress::{deflate, inflate, pack_b15, unpack_b15, Deflater};
use crate::hash::text_hash;
use crate::json_header::{not_json, read_header, HeaderError, SchemaHeader};
use crate::layer::{LegacyLayer, ReaderLayer};
use crate::sync::{merge_records, newest, Records, Register, Stamp};

pub const CURRENT_VERSION: u32 = 4;
pub const LIBRARY_VERSION: u32 = 2;
pub const KEY_PREFIX: &str = "article-annotator/";
pub const LIBRARY_KEY: &str = "article-annotator/library";
pub const ARTICLE_PREFIX: &str = "article-annotator/article/";
pub const QUARANTINE_PREFIX: &str = "article-annotator/quarantine/";

/// The storage key of an article's text.
pub fn article_key(text: &str) -> String {
    format!("{ARTICLE_PREFIX}{}", &text_hash(text)[..16])
}

/// Where a copy of an unreadable entry is kept: one key per distinct copy, so a second damage
/// never replaces the first.
pub fn quarantine_key(key: &str, raw: &str) -> String {
    format!(
        "{QUARANTINE_PREFIX}{}/{}",
        key.strip_prefix(KEY_PREFIX).unwrap_or(key),
        &text_hash(raw)[..16]
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
    pub last_opened: Timestamp,
    /// Characters the stored entry takes.
    #[serde(default)]
    pub stored_chars: usize,
}

/// The library: one record per article key; a deleted article's record is a tombstone, so a tab
/// that still has the article open does not bring it back by saving what it had.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    pub entries: Records<String, LibraryEntry>,
}

impl Library {
    /// The saved articles, the most recently opened first.
    pub fn live(&self) -> Vec<&LibraryEntry> {
        let mut live: Vec<&LibraryEntry> =
            self.entries.values().filter_map(Register::live).collect();
        live.sort_unstable_by(|a, b| b.last_opened.cmp(&a.last_opened).then(a.key.cmp(&b.key)));
        live
    }

    pub fn entry(&self, key: &str) -> Option<&LibraryEntry> {
        self.entries.get(key)?.live()
    }

    /// Whether the article was deleted from the library by a write newer than `than`.
    pub fn deleted_after(&self, key: &str, than: Stamp) -> bool {
        self.entries
            .get(key)
            .is_some_and(|register| register.value.is_none() && register.at > than)
    }

    /// Whether the library holds any record of this key, live or deleted.
    pub fn knows(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    pub fn put(&mut self, entry: LibraryEntry, at: Stamp) {
        crate::layer::write(&mut self.entries, entry.key.clone(), Some(entry), at);
    }

    pub fn delete(&mut self, key: &str, at: Stamp) {
        crate::layer::write(&mut self.entries, key.to_owned(), None, at);
    }

    /// Merges another copy (the newest write of each entry wins); returns whether it changed.
    pub fn merge(&mut self, other: &Library) -> bool {
        merge_records(&mut self.entries, &other.entries)
    }

    /// The newest stamp of any record (`Stamp::ORIGIN` for none). A tab changing the library
    /// observes it first, so that its write outranks the record it replaces even when another
    /// tab's clock runs ahead of its own (that tab read a backup made where the clock was fast).
    pub fn newest(&self) -> Stamp {
        newest(&self.entries)
    }
}

/// An article with the reader's work on it, as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedArticle {
    /// The file name it was opened from.
    pub name: String,
    pub article: Article,
    pub layer: ReaderLayer,
    pub last_opened: Timestamp,
}

impl SavedArticle {
    /// The reader's title, else the headline, else the file name.
    pub fn title(&self) -> String {
        self.layer
            .title()
            .or(self.article.headline())
            .unwrap_or(&self.name)
            .to_owned()
    }
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
                "it was saved by a newer version of Article Annotator (schema {version}); it is kept untouched and nothing here is saved over it. Open the page's newest version to work on it, or export what you do here"
            ),
            StoreError::Damaged(message) => write!(f, "the saved entry is damaged ({message})"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Versions 3 and 4 on disk (4 may hold more kinds of annotations and fields of them).
#[derive(Serialize, Deserialize)]
struct StoredV3 {
    schema: u32,
    name: String,
    format: SourceFormat,
    /// "deflate+b15" (deflated UTF-8, packed 15 bits to a code unit) or "plain".
    text_encoding: String,
    text: String,
    /// `[kind, start, end]` per block.
    blocks: Vec<(BlockKind, usize, usize)>,
    layer: ReaderLayer,
    #[serde(default)]
    last_opened: Timestamp,
}

/// Version 2 on disk: the layer as plain lists.
#[derive(Deserialize)]
struct StoredV2 {
    name: String,
    #[serde(default)]
    title: String,
    format: SourceFormat,
    text_encoding: String,
    text: String,
    blocks: Vec<(BlockKind, usize, usize)>,
    // The layer's fields are beside these: read as a `LegacyLayer` from the same object.
    #[serde(default)]
    last_opened: Timestamp,
}

/// Version 1 on disk: plain text, no blocks (they are parsed again), no tombstones.
#[derive(Deserialize)]
struct StoredV1 {
    name: String,
    #[serde(default)]
    title: String,
    text: String,
    // The layer's fields are beside these: read as a `LegacyLayer` from the same object.
    #[serde(default)]
    last_opened: Timestamp,
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

/// [`pack_text`] a piece at a time, with the same result: a long text packed over several
/// tasks, so that no one of them is long.
#[derive(Default)]
pub struct TextPacking {
    deflater: Deflater,
    /// Bytes of the text fed so far.
    fed: usize,
}

impl TextPacking {
    /// Feeds up to `bytes` more bytes of `text` (always the same text); true once all of it is.
    pub fn step(&mut self, text: &str, bytes: usize) -> bool {
        let end = (self.fed + bytes.max(1)).min(text.len());
        self.deflater.feed(&text.as_bytes()[self.fed..end]);
        self.fed = end;
        self.fed == text.len()
    }

    /// The packed text: [`pack_text`] of the text once every byte was fed.
    pub fn finish(self) -> String {
        pack_b15(&self.deflater.finish())
    }
}

/// [`encode_article`] with the text already packed by [`pack_text`].
pub fn encode_article_with(saved: &SavedArticle, packed_text: &str) -> String {
    let stored = StoredV3 {
        schema: CURRENT_VERSION,
        name: saved.name.clone(),
        format: saved.article.format,
        text_encoding: TEXT_ENCODING.into(),
        text: packed_text.to_owned(),
        blocks: saved
            .article
            .blocks
            .iter()
            .map(|b| (b.kind, b.span.start, b.span.end))
            .collect(),
        layer: saved.layer.clone(),
        last_opened: saved.last_opened.clone(),
    };
    serde_json::to_string(&stored).expect("stored types serialize")
}

/// Reads a stored article of any known version.
pub fn decode_article(value: &str) -> Result<SavedArticle, StoreError> {
    let header: SchemaHeader = read_header(value).map_err(|error| match error {
        HeaderError::NotJson(e) => StoreError::NotJson(e.to_string()),
        HeaderError::NotAnObject => StoreError::Damaged("it is not an object".into()),
        HeaderError::Damaged(e) => StoreError::Damaged(e.to_string()),
    })?;
    let version = match header.schema {
        None => 1,
        Some(schema) => schema
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| StoreError::Damaged("its schema is not a number".into()))?,
    };
    let damaged = |e: serde_json::Error| StoreError::Damaged(e.to_string());
    match version {
        // The layer of versions 1 and 2 lies among the entry's own fields: read apart.
        1 => migrate_v1(
            serde_json::from_str(value).map_err(damaged)?,
            serde_json::from_str(value).map_err(damaged)?,
        ),
        2 => migrate_v2(
            serde_json::from_str(value).map_err(damaged)?,
            serde_json::from_str(value).map_err(damaged)?,
        ),
        3 | 4 => read_v3(serde_json::from_str(value).map_err(damaged)?),
        other if other > CURRENT_VERSION => Err(StoreError::UnknownVersion(other)),
        other => Err(StoreError::Damaged(format!("there is no schema {other}"))),
    }
}

fn migrate_v1(stored: StoredV1, layer: LegacyLayer) -> Result<SavedArticle, StoreError> {
    // Schema 1 kept the text only: its blocks are the parts a blank line separates.
    let article = split_at_blank_lines(&stored.text);
    let title = (Some(stored.title.as_str()) != article.headline()).then_some(stored.title);
    Ok(SavedArticle {
        name: stored.name,
        layer: layer.upgrade(title.as_deref()),
        article,
        last_opened: stored.last_opened,
    })
}

fn migrate_v2(stored: StoredV2, layer: LegacyLayer) -> Result<SavedArticle, StoreError> {
    let text = unpack_text(&stored.text_encoding, stored.text)?;
    // Damaged blocks are dropped (the text and everything the reader made are kept).
    let article = Article::from_parts(text, stored.format, stored.blocks);
    let title = (Some(stored.title.as_str()) != article.headline()).then_some(stored.title);
    Ok(SavedArticle {
        name: stored.name,
        layer: layer.upgrade(title.as_deref()),
        article,
        last_opened: stored.last_opened,
    })
}

fn read_v3(stored: StoredV3) -> Result<SavedArticle, StoreError> {
    if !(3..=4).contains(&stored.schema) {
        return Err(StoreError::Damaged(
            "its schema changed while it was read".into(),
        ));
    }
    let text = unpack_text(&stored.text_encoding, stored.text)?;
    Ok(SavedArticle {
        name: stored.name,
        // Damaged blocks are dropped (the text and everything the reader made are kept).
        article: Article::from_parts(text, stored.format, stored.blocks),
        // Kept even if an annotation lies past the text: nothing the reader made is dropped here.
        layer: stored.layer,
        last_opened: stored.last_opened,
    })
}

fn unpack_text(encoding: &str, text: String) -> Result<String, StoreError> {
    match encoding {
        TEXT_ENCODING => {
            let bytes = unpack_b15(&text)
                .ok_or_else(|| StoreError::Damaged("the packed text is cut".into()))?;
            let inflated = inflate(&bytes)
                .ok_or_else(|| StoreError::Damaged("the compressed text is damaged".into()))?;
            String::from_utf8(inflated)
                .map_err(|_| StoreError::Damaged("the text is not UTF-8".into()))
        }
        "plain" => Ok(text),
        other => Err(StoreError::Damaged(format!(
            "unknown text encoding {other:?}"
        ))),
    }
}

/// Reads the library of any known version; an unreadable library is an error (the caller keeps
/// it aside and rebuilds it from the saved articles).
pub fn decode_library(value: &str) -> Result<Library, StoreError> {
    let syntax_or_damage = |e: serde_json::Error| {
        if not_json(&e) {
            StoreError::NotJson(e.to_string())
        } else {
            StoreError::Damaged(e.to_string())
        }
    };
    if value.trim_start().starts_with('[') {
        // Version 1: a plain list, older than any stamped write.
        let entries: Vec<LibraryEntry> = serde_json::from_str(value).map_err(syntax_or_damage)?;
        let mut library = Library::default();
        for entry in entries {
            library.put(entry, Stamp::ORIGIN);
        }
        return Ok(library);
    }
    let header: SchemaHeader = read_header(value).map_err(|error| match error {
        HeaderError::NotJson(e) => StoreError::NotJson(e.to_string()),
        HeaderError::NotAnObject | HeaderError::Damaged(_) => {
            StoreError::Damaged("it is not a library".into())
        }
    })?;
    match header.schema.as_ref().and_then(serde_json::Value::as_u64) {
        Some(2) => {}
        Some(newer) if newer > u64::from(LIBRARY_VERSION) => {
            return Err(StoreError::UnknownVersion(
                newer.min(u64::from(u32::MAX)) as u32
            ))
        }
        _ => return Err(StoreError::Damaged("it is not a library".into())),
    }
    let stored: StoredLibrary = serde_json::from_str(value).map_err(syntax_or_damage)?;
    Ok(Library {
        entries: stored
            .entries
            .ok_or_else(|| StoreError::Damaged("it has no entries".into()))?,
    })
}

/// Version 2 of the library on disk.
#[derive(Deserialize)]
struct StoredLibrary {
    entries: Option<Records<String, LibraryEntry>>,
}

pub fn encode_library(library: &Library) -> String {
    serde_json::json!({ "schema": LIBRARY_VERSION, "entries": library.entries }).to_string()
}

/// What a save should do, decided from the tab's work and what the store holds now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavePlan {
    /// Nothing to write: the tab holds no work on the article and none is stored.
    Nothing,
    /// Not written: the article was deleted from the library after the tab's last change.
    Deleted,
    /// Not written: the stored entry is of a newer schema; it stays as it is.
    Newer(u32),
    Write(Box<SaveWrites>),
}

/// The writes of a save, in the order they must happen: the damaged copy first (if it cannot
/// be kept, nothing else may be written), then the article, then the library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveWrites {
    /// A stored entry that could not be read: key and raw value to keep aside, with the reason.
    pub quarantine: Option<(String, String, StoreError)>,
    /// The tab's layer merged with what was stored: the tab takes it too.
    pub merged: ReaderLayer,
    pub article_value: String,
    /// The library with this article's entry written.
    pub library: Library,
}

/// Plans saving the tab's `local` copy of the article under `key`: merges what is `stored`
/// there (the raw entry, if any) and records the article in `library`, stamped `at`. `entry` is
/// the library line (its size is filled in here).
pub fn plan_save(
    key: &str,
    local: &SavedArticle,
    packed_text: &str,
    stored: Option<&str>,
    library: &Library,
    mut entry: LibraryEntry,
    at: Stamp,
) -> SavePlan {
    let mut merged = local.layer.clone();
    let mut quarantine = None;
    match stored.map(decode_article) {
        None => {
            if local.layer.is_empty() {
                return SavePlan::Nothing;
            }
        }
        Some(Ok(theirs)) => {
            merged.merge(&theirs.layer);
        }
        Some(Err(StoreError::UnknownVersion(version))) => return SavePlan::Newer(version),
        Some(Err(error)) => {
            let raw = stored.unwrap_or_default();
            quarantine = Some((quarantine_key(key, raw), raw.to_owned(), error));
        }
    }
    if library.deleted_after(key, local.layer.newest()) {
        return SavePlan::Deleted;
    }
    let saved = SavedArticle {
        layer: merged.clone(),
        ..local.clone()
    };
    let article_value = encode_article_with(&saved, packed_text);
    entry.key = key.to_owned();
    entry.stored_chars = article_value.encode_utf16().count();
    let mut library = library.clone();
    library.put(entry, at);
    SavePlan::Write(Box::new(SaveWrites {
        quarantine,
        merged,
        article_value,
        library,
    }))
}

/// The newest stamp of any record of a stored entry (`Stamp::ORIGIN` when there is none, or it
/// cannot be read). Deleting the article from the library observes it before stamping the
/// tombstone: a tombstone older than the records it deletes would let a tab that still holds
/// them (its clock running ahead) bring the article back with its next save.
pub fn newest_stored(stored: Option<&str>) -> Stamp {
    stored
        .and_then(|raw| decode_article(raw).ok())
        .map_or(Stamp::ORIGIN, |saved| saved.layer.newest())
}

/// Whether a tab that has just merged another tab's save (a storage event carrying `heard`, whose
/// layer is `heard_layer`) must save again: whether it holds anything the store, as it is `stored`
/// now, lacks. The store is asked, not the event: a save made without the lock (on `pagehide`)
/// can land between another tab's read and write, be overwritten by a value that lacks it, and
/// reach this tab as an event afterwards; then the event holds work the store has lost, and this
/// tab, having merged it, may be the only one left holding it.
pub fn store_lacks(
    local: &ReaderLayer,
    stored: Option<&str>,
    heard: &str,
    heard_layer: &ReaderLayer,
) -> bool {
    match stored {
        // The usual case: what was heard is what is stored, and is read already.
        Some(stored) if stored == heard => !local.is_covered_by(heard_layer),
        Some(stored) => match decode_article(stored) {
            Ok(saved) => !local.is_covered_by(&saved.layer),
            // Damaged or of a newer schema: the save decides (kept aside, or never overwritten).
            Err(_) => true,
        },
        // Deleted since: the save decides, by the library's tombstone.
        None => !local.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Annotation, AnnotationKind};
    use crate::article::{split_at_blank_lines as parse_plain_text, SAMPLE_TEXT};
    use crate::layer::write;
    use crate::sync::Clock;
    use crate::text::Span;
    use proptest::prelude::*;

    fn stamp(millis: u64, replica: u64) -> Stamp {
        Stamp {
            millis,
            counter: 0,
            replica,
        }
    }

    fn highlight(id: &str, note: &str) -> Annotation {
        let mut highlight = Annotation::by_reader(id, AnnotationKind::Highlight, Span::new(0, 4));
        highlight.note = note.into();
        highlight.modified = Some("2026-11-28T10:00:00Z".into());
        highlight
    }

    fn saved(text: &str) -> SavedArticle {
        let mut layer = ReaderLayer::default();
        write(
            &mut layer.annotations,
            "reader-1".into(),
            Some(highlight(
                "reader-1",
                "Émoji 👍, CJK 中文, RTL עברית, combining é",
            )),
            stamp(10, 1),
        );
        write(
            &mut layer.annotations,
            "reader-0".into(),
            None,
            stamp(11, 1),
        );
        SavedArticle {
            name: "sample.txt".into(),
            article: parse_plain_text(text),
            layer,
            last_opened: "2026-11-28T10:00:00Z".into(),
        }
    }

    fn entry() -> LibraryEntry {
        LibraryEntry {
            key: String::new(),
            title: "Sample".into(),
            headline: "Sample".into(),
            published: String::new(),
            annotations: 1,
            quotes: 0,
            notes: 1,
            last_opened: "2026-11-28T10:00:00Z".into(),
            stored_chars: 0,
        }
    }

    #[test]
    fn a_text_packed_in_steps_is_the_text_packed_at_once() {
        let text = "Jens Stoltenberg – «ça», 北约. ".repeat(5_000);
        let mut packing = TextPacking::default();
        let mut steps = 0;
        while !packing.step(&text, 4_096) {
            steps += 1;
        }
        assert!(steps > 10);
        assert_eq!(packing.finish(), pack_text(&text));
    }

    #[test]
    fn an_article_round_trips_with_its_tombstones_and_is_compressed() {
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
        let fixture = include_str!("../../../tests/fixtures/store-v1-article.json");
        let migrated = decode_article(fixture).unwrap();
        assert_eq!(migrated.article.headline(), Some("Storm hits the coast"));
        let annotations: Vec<&Annotation> = migrated.layer.live_annotations().collect();
        assert_eq!(annotations.len(), 1);
        assert_eq!(annotations[0].note, "Check the wind speed");
        assert_eq!(migrated.title(), "Storm hits the coast");
        // Written back, it is of the current version and reads the same.
        let rewritten = encode_article(&migrated);
        assert!(rewritten.starts_with(&format!("{{\"schema\":{CURRENT_VERSION},")));
        assert_eq!(decode_article(&rewritten).unwrap(), migrated);
    }

    #[test]
    fn version_2_fixture_migrates() {
        let fixture = include_str!("../../../tests/fixtures/store-v2-article.json");
        let article = decode_article(fixture).unwrap();
        assert_eq!(
            article.article.headline(),
            Some("NATO FMs agree to step up cooperation with EU")
        );
        let first = article.layer.live_annotations().next().unwrap();
        assert_eq!(first.tags, ["verify"]);
        assert_eq!(
            article.layer.title(),
            None,
            "a title equal to the headline is no title of the reader's"
        );
    }

    #[test]
    fn version_4_fixture_reads_with_its_reported_statements_and_their_corrections() {
        let fixture = include_str!("../../../tests/fixtures/store-v4-article.json");
        let article = decode_article(fixture).unwrap();
        let mine = article.layer.annotation("reader-9d3e1f7a2b6c4e80").unwrap();
        assert_eq!(mine.kind(), AnnotationKind::Reported);
        let said = mine.attribution().unwrap();
        assert_eq!(said.speaker.as_ref().unwrap().name, "officials");
        assert_eq!(said.cue, Some(crate::text::Span::new(145, 149)));
        assert_eq!(
            said.source_kind,
            Some(crate::annotation::SourceKind::Unnamed)
        );
        assert_eq!(
            article.layer.override_of("reported-106-133"),
            Some(&crate::layer::Override::Rejected)
        );
        match article.layer.override_of("quote-69-86") {
            Some(crate::layer::Override::Replaced { annotation }) => assert_eq!(
                annotation.source_kind(),
                Some(crate::annotation::SourceKind::Person)
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn version_3_fixture_reads() {
        let fixture = include_str!("../../../tests/fixtures/store-v3-article.json");
        let article = decode_article(fixture).unwrap();
        assert_eq!(article.title(), "Storm notes");
        assert_eq!(
            article
                .layer
                .annotation("reader-5f1c0d2e9a7b3c41")
                .unwrap()
                .note,
            "Check the wind speed"
        );
        assert!(
            article.layer.annotations["reader-0b2a6c9d8e7f1a35"]
                .value
                .is_none(),
            "the deletion is kept"
        );
        assert_eq!(
            article.layer.renamed(AnnotationKind::Person, "López"),
            Some("Ana López")
        );
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
        assert!(matches!(
            decode_article("[1, 2]"),
            Err(StoreError::Damaged(_))
        ));
        assert!(matches!(
            decode_article("{\"schema\": \"3\"}"),
            Err(StoreError::Damaged(_))
        ));
        let encoded = encode_article(&saved("Title\n\nBody."));
        let start = encoded.find("\"text\":\"").unwrap() + 8;
        let packed: String = encoded[start..].chars().take_while(|&c| c != '"').collect();
        let damaged = encoded.replace(&packed, &packed.chars().skip(2).collect::<String>());
        assert!(matches!(
            decode_article(&damaged),
            Err(StoreError::Damaged(_))
        ));
        let bad_stamp = encoded.replace("\"at\":\"10.0.", "\"at\":\"ten.0.");
        assert!(matches!(
            decode_article(&bad_stamp),
            Err(StoreError::Damaged(_))
        ));
    }

    #[test]
    fn what_is_not_an_entry_is_told_apart_from_what_is_not_json() {
        let damaged = |value: &str| match decode_article(value) {
            Err(StoreError::Damaged(message)) => message,
            other => panic!("{value}: {other:?}"),
        };
        for not_an_object in ["null", "42", "\"text\"", "[]", "[3]", " [1, 2, 3]"] {
            assert_eq!(damaged(not_an_object), "it is not an object");
        }
        assert_eq!(damaged("{\"schema\": null}"), "its schema is not a number");
        assert_eq!(damaged("{\"schema\": -3}"), "its schema is not a number");
        for not_json in ["garbage", "", "{\"schema\": 3,", "[1, 2", "{} trailing"] {
            assert!(
                matches!(decode_article(not_json), Err(StoreError::NotJson(_))),
                "{not_json}"
            );
        }
        let library_damage = |value: &str| match decode_library(value) {
            Err(StoreError::Damaged(message)) => message,
            other => panic!("{value}: {other:?}"),
        };
        assert_eq!(library_damage("42"), "it is not a library");
        assert_eq!(library_damage("{\"schema\": 2}"), "it has no entries");
        assert!(matches!(
            decode_library("[{\"key\": "),
            Err(StoreError::NotJson(_))
        ));
        assert!(decode_library("{\"schema\": 2, \"entries\": {}}")
            .unwrap()
            .live()
            .is_empty());
    }

    #[test]
    fn a_version_1_or_2_entry_keeps_the_layer_written_among_its_own_fields() {
        let v2 = serde_json::json!({
            "schema": 2,
            "name": "old.txt",
            "format": "plain_text",
            "text_encoding": "plain",
            "text": "Title\n\nBody text here.",
            "blocks": [["headline", 0, 5], ["paragraph", 7, 22]],
            "annotations": [Annotation {
                note: "kept".into(),
                ..Annotation::by_reader("reader-1", AnnotationKind::Claim, Span::new(7, 11))
            }],
            "tombstones": {"reader-0": "2024-01-01T00:00:00Z"},
        })
        .to_string();
        let read = decode_article(&v2).unwrap();
        assert_eq!(read.article.paragraphs(), ["Body text here."]);
        let live: Vec<_> = read.layer.live_annotations().collect();
        assert_eq!(live.len(), 1);
        assert_eq!(live[0].note, "kept");
        assert!(
            read.layer.annotations.contains_key("reader-0"),
            "the deletion is kept"
        );
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
    fn keys_are_derived_from_the_text_and_each_damaged_copy_gets_its_own() {
        assert_eq!(article_key("a"), article_key("a"));
        assert_ne!(article_key("a"), article_key("b"));
        assert!(article_key("a").starts_with(ARTICLE_PREFIX));
        let key = article_key("a");
        let first = quarantine_key(&key, "{damaged");
        let second = quarantine_key(&key, "{damaged again");
        assert!(first.starts_with(&format!(
            "article-annotator/quarantine/article/{}/",
            &text_hash("a")[..16]
        )));
        assert_ne!(
            first, second,
            "a second damage never replaces the first copy"
        );
        assert_eq!(
            first,
            quarantine_key(&key, "{damaged"),
            "the same copy, the same key"
        );
    }

    #[test]
    fn the_library_migrates_and_keeps_deletions() {
        let v1 = serde_json::to_string(&vec![LibraryEntry {
            key: "article-annotator/article/1".into(),
            ..entry()
        }])
        .unwrap();
        let mut library = decode_library(&v1).unwrap();
        assert_eq!(library.live().len(), 1);
        library.delete("article-annotator/article/1", stamp(5, 1));
        let read = decode_library(&encode_library(&library)).unwrap();
        assert_eq!(read, library);
        assert!(read.live().is_empty());
        assert!(read.deleted_after("article-annotator/article/1", stamp(4, 9)));
        assert!(!read.deleted_after("article-annotator/article/1", stamp(6, 9)));
        assert!(matches!(
            decode_library("{\"schema\": 7, \"entries\": {}}"),
            Err(StoreError::UnknownVersion(7))
        ));
        assert!(decode_library("{\"entries\": 3}").is_err());
    }

    #[test]
    fn a_save_merges_what_another_tab_stored() {
        let key = article_key(SAMPLE_TEXT);
        let mine = saved(SAMPLE_TEXT);
        let mut theirs = saved(SAMPLE_TEXT);
        write(
            &mut theirs.layer.annotations,
            "reader-2".into(),
            Some(highlight("reader-2", "theirs")),
            stamp(12, 2),
        );
        write(
            &mut theirs.layer.annotations,
            "reader-1".into(),
            None,
            stamp(13, 2),
        );
        let stored = encode_article(&theirs);
        let packed = pack_text(SAMPLE_TEXT);
        let plan = plan_save(
            &key,
            &mine,
            &packed,
            Some(&stored),
            &Library::default(),
            entry(),
            stamp(20, 1),
        );
        let SavePlan::Write(writes) = plan else {
            panic!("expected a write, got {plan:?}")
        };
        assert!(writes.quarantine.is_none());
        assert_eq!(writes.merged.annotation("reader-2").unwrap().note, "theirs");
        assert!(
            writes.merged.annotation("reader-1").is_none(),
            "their later deletion holds"
        );
        let written = decode_article(&writes.article_value).unwrap();
        assert_eq!(written.layer, writes.merged);
        let listed = writes.library.entry(&key).unwrap();
        assert_eq!(
            listed.stored_chars,
            writes.article_value.encode_utf16().count()
        );
    }

    #[test]
    fn a_save_never_overwrites_a_newer_schema_nor_revives_a_deleted_article() {
        let key = article_key(SAMPLE_TEXT);
        let mine = saved(SAMPLE_TEXT);
        let packed = pack_text(SAMPLE_TEXT);
        let library = Library::default();
        assert_eq!(
            plan_save(
                &key,
                &mine,
                &packed,
                Some("{\"schema\": 9, \"text\": \"…\"}"),
                &library,
                entry(),
                stamp(20, 1)
            ),
            SavePlan::Newer(9)
        );
        let mut deleted = Library::default();
        deleted.delete(&key, stamp(15, 2));
        assert_eq!(
            plan_save(&key, &mine, &packed, None, &deleted, entry(), stamp(20, 1)),
            SavePlan::Deleted,
            "deleted after this tab's last change (11)"
        );
        let mut edited_since = mine.clone();
        write(
            &mut edited_since.layer.annotations,
            "reader-3".into(),
            Some(highlight("reader-3", "after")),
            stamp(16, 1),
        );
        assert!(matches!(
            plan_save(
                &key,
                &edited_since,
                &packed,
                None,
                &deleted,
                entry(),
                stamp(20, 1)
            ),
            SavePlan::Write(_)
        ));
        let empty = SavedArticle {
            layer: ReaderLayer::default(),
            ..mine
        };
        assert_eq!(
            plan_save(&key, &empty, &packed, None, &library, entry(), stamp(20, 1)),
            SavePlan::Nothing
        );
    }

    #[test]
    fn a_deletion_outranks_what_it_deletes_whatever_clock_stamped_it() {
        let key = article_key(SAMPLE_TEXT);
        let packed = pack_text(SAMPLE_TEXT);
        // A tab whose clock runs ahead (it read a backup made where the clock was fast) saved
        // the article: a highlight at 400, the library's entry at 500.
        let mut fast = saved(SAMPLE_TEXT);
        write(
            &mut fast.layer.annotations,
            "reader-2".into(),
            Some(highlight("reader-2", "fast")),
            stamp(400, 2),
        );
        let plan = plan_save(
            &key,
            &fast,
            &packed,
            None,
            &Library::default(),
            entry(),
            stamp(500, 2),
        );
        let SavePlan::Write(writes) = plan else {
            panic!("expected a write, got {plan:?}")
        };
        // Another tab, its clock at 20, deletes it: it observes what it removes, then stamps.
        let deleted = |mut library: Library| {
            let mut clock = Clock::new(1);
            clock.tick(20);
            clock.observe(library.newest());
            clock.observe(newest_stored(Some(&writes.article_value)));
            library.delete(&key, clock.tick(20));
            library
        };
        let library = deleted(writes.library.clone());
        assert_eq!(
            library.entry(&key),
            None,
            "the tombstone outranks the entry"
        );
        assert_eq!(
            plan_save(&key, &fast, &packed, None, &library, entry(), stamp(600, 2)),
            SavePlan::Deleted,
            "the fast tab, with nothing new, does not bring the article back"
        );
        // A library rebuilt from the stored entries lists the article at the origin (the page's
        // `reconciled`): the stored records are what the tombstone must outrank.
        let mut rebuilt = Library::default();
        rebuilt.put(
            LibraryEntry {
                key: key.clone(),
                ..entry()
            },
            Stamp::ORIGIN,
        );
        assert_eq!(
            plan_save(
                &key,
                &fast,
                &packed,
                None,
                &deleted(rebuilt),
                entry(),
                stamp(600, 2)
            ),
            SavePlan::Deleted
        );
        assert_eq!(newest_stored(None), Stamp::ORIGIN);
        assert_eq!(newest_stored(Some("{damaged")), Stamp::ORIGIN);
    }

    #[test]
    fn a_tab_saves_again_when_the_store_lost_what_it_heard() {
        let stored_before = saved(SAMPLE_TEXT).layer;
        let encode = |layer: &ReaderLayer| {
            encode_article(&SavedArticle {
                layer: layer.clone(),
                ..saved(SAMPLE_TEXT)
            })
        };
        // A closing tab's `pagehide` save writes what was stored and its own highlight...
        let mut closing = stored_before.clone();
        write(
            &mut closing.annotations,
            "reader-2".into(),
            Some(highlight("reader-2", "closing")),
            stamp(12, 2),
        );
        let heard = encode(&closing);
        // ...between the read and the write of an open tab's save, which had nothing to add and
        // writes back what it read.
        let open = stored_before.clone();
        let overwritten = encode(&open);
        // The open tab then hears the closing tab's save and merges it.
        let mut merged = open.clone();
        merged.merge(&closing);
        assert!(
            merged.is_covered_by(&closing),
            "by the event's value, it has nothing to add"
        );
        assert!(
            store_lacks(&merged, Some(&overwritten), &heard, &closing),
            "the store lost the closing tab's highlight: the open tab saves it"
        );
        assert!(!store_lacks(&merged, Some(&heard), &heard, &closing));
        assert!(
            store_lacks(&merged, None, &heard, &closing),
            "deleted since: the save decides by the tombstone"
        );
        assert!(store_lacks(&merged, Some("{damaged"), &heard, &closing));
        assert!(!store_lacks(
            &ReaderLayer::default(),
            None,
            &heard,
            &closing
        ));
    }

    #[test]
    fn a_damaged_stored_entry_is_kept_aside_before_it_is_replaced() {
        let key = article_key(SAMPLE_TEXT);
        let mine = saved(SAMPLE_TEXT);
        let packed = pack_text(SAMPLE_TEXT);
        let plan = plan_save(
            &key,
            &mine,
            &packed,
            Some("{\"schema\":3,\"text\":\"dam"),
            &Library::default(),
            entry(),
            stamp(20, 1),
        );
        let SavePlan::Write(writes) = plan else {
            panic!("expected a write")
        };
        let (kept_key, raw, _) = writes.quarantine.unwrap();
        assert_eq!(raw, "{\"schema\":3,\"text\":\"dam");
        assert!(kept_key.starts_with(QUARANTINE_PREFIX));
        assert_eq!(writes.merged, mine.layer);
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
            let _ = decode_library(&value);
            let _ = unpack_b15(&value);
        }
    }
}
