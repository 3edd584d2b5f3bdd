//! The project's own backup: the article text, its blocks and the reader's layer (every record
//! with its stamp, deletions included), with the format version. What the share link, the
//! single-file export and the "Backup" download carry; opening one merges it like another tab's
//! save, importing one adds its annotations as new.
//!
//! Version 1 also carried every annotation as shown (the engines' included) and the layer as
//! plain lists; it is still read. Version 2 (current) leaves out what the engines find (the page
//! that opens the backup runs them again), so a backup is about the size of its text.

use serde::{Deserialize, Serialize};

use super::ItemProblem;
use crate::anchor::{describe_in, Anchorer, Placement, QuoteSelector};
use crate::annotation::Annotation;
use crate::article::{Article, BlockKind, SourceFormat};
use crate::formats::w3c::Imported;
use crate::layer::{LegacyLayer, ReaderLayer};

pub const BACKUP_FORMAT: &str = "article-annotator-backup";
pub const BACKUP_VERSION: u32 = 2;
/// The most records (annotations, corrections, renames, orphans, deletions) a backup may hold:
/// far beyond what a reader makes by hand, and a hostile file is refused before anything of it
/// reaches the page.
pub const MAX_BACKUP_RECORDS: usize = 100_000;

/// A backup of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub name: String,
    /// The title shown when it was made (for people reading the file; the layer holds the
    /// reader's own title as a record).
    pub title: String,
    pub text: String,
    pub source_format: SourceFormat,
    pub blocks: Vec<(BlockKind, usize, usize)>,
    /// The reader's corrections, annotations and orphans (restores the workspace exactly).
    pub layer: ReaderLayer,
}

/// Version 1 of the backup.
#[derive(Deserialize)]
struct BackupV1 {
    name: String,
    title: String,
    text: String,
    source_format: SourceFormat,
    blocks: Vec<(BlockKind, usize, usize)>,
    layer: LegacyLayer,
}

impl Backup {
    pub fn new(name: &str, title: &str, article: &Article, layer: &ReaderLayer) -> Self {
        Backup {
            format: BACKUP_FORMAT.into(),
            version: BACKUP_VERSION,
            name: name.into(),
            title: title.into(),
            text: article.text.clone(),
            source_format: article.format,
            blocks: article
                .blocks
                .iter()
                .map(|b| (b.kind, b.span.start, b.span.end))
                .collect(),
            layer: layer.clone(),
        }
    }

    /// The article it carries (blocks checked against the text; bad ones dropped, text kept).
    pub fn article(&self) -> Article {
        Article::from_parts(
            self.text.clone(),
            self.source_format,
            self.blocks.iter().copied(),
        )
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("backups serialize")
    }
}

/// Why a backup could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    TooLarge { bytes: usize },
    NotJson(String),
    NotABackup,
    NewerVersion(u32),
    TooMany { records: usize },
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::TooLarge { bytes } => write!(
                f,
                "The backup is too large ({:.1} MB; the limit is {} MB).",
                *bytes as f64 / 1_048_576.0,
                super::MAX_IMPORT_BYTES / 1_048_576
            ),
            BackupError::NotJson(message) => write!(f, "The backup is not valid JSON ({message})."),
            BackupError::NotABackup => write!(f, "This file is not an Article Annotator backup."),
            BackupError::TooMany { records } => write!(
                f,
                "The backup holds {records} records of work; the page opens backups of up to {MAX_BACKUP_RECORDS}."
            ),
            BackupError::NewerVersion(version) => write!(
                f,
                "This backup was made by a newer version of Article Annotator (version {version}); update the page to read it."
            ),
        }
    }
}

impl std::error::Error for BackupError {}

/// What a file says it is, read before the rest: a backup names its format and version.
#[derive(serde::Deserialize)]
struct BackupHeader {
    #[serde(default, deserialize_with = "crate::json_header::present")]
    format: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::json_header::present")]
    version: Option<serde_json::Value>,
}

/// Reads a backup from JSON text (no size limit: see [`parse_backup`]).
pub fn read_backup(json: &str) -> Result<Backup, BackupError> {
    let backup = read_any_version(json)?;
    let layer = &backup.layer;
    let records = layer.annotations.len()
        + layer.overrides.len()
        + layer.renames.values().map(|r| r.len()).sum::<usize>()
        + layer.orphans.len();
    if records > MAX_BACKUP_RECORDS {
        return Err(BackupError::TooMany { records });
    }
    Ok(backup)
}

fn read_any_version(json: &str) -> Result<Backup, BackupError> {
    let header: BackupHeader = match crate::json_header::read_header(json) {
        Ok(header) => header,
        Err(crate::json_header::HeaderError::NotJson(e)) => {
            return Err(BackupError::NotJson(e.to_string()))
        }
        Err(
            crate::json_header::HeaderError::NotAnObject
            | crate::json_header::HeaderError::Damaged(_),
        ) => return Err(BackupError::NotABackup),
    };
    if header.format.as_ref().and_then(serde_json::Value::as_str) != Some(BACKUP_FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let version = header
        .version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    let damaged = |e: serde_json::Error| BackupError::NotJson(e.to_string());
    match version {
        0 | 1 => {
            let old: BackupV1 = serde_json::from_str(json).map_err(damaged)?;
            let article = Article::from_parts(
                old.text.clone(),
                old.source_format,
                old.blocks.iter().copied(),
            );
            let title =
                (Some(old.title.as_str()) != article.headline()).then_some(old.title.clone());
            Ok(Backup {
                format: BACKUP_FORMAT.into(),
                version: BACKUP_VERSION,
                name: old.name,
                title: old.title,
                text: old.text,
                source_format: old.source_format,
                blocks: old.blocks,
                layer: old.layer.upgrade(title.as_deref()),
            })
        }
        2 => serde_json::from_str(json).map_err(damaged),
        newer => Err(BackupError::NewerVersion(
            newer.min(u64::from(u32::MAX)) as u32
        )),
    }
}

/// Parses and reads a backup, with the size limit first.
pub fn parse_backup(input: &str) -> Result<Backup, BackupError> {
    if input.len() > super::MAX_IMPORT_BYTES {
        return Err(BackupError::TooLarge { bytes: input.len() });
    }
    read_backup(input)
}

/// The reader's annotations and orphans of a backup placed in another text (the open article):
/// exactly when the text is the same, else found again by their words. An orphan is looked for by
/// the words it kept and stays an orphan, words and all, when they are not there.
pub fn place_in(backup: &Backup, text: &str) -> (Vec<Imported>, Vec<ItemProblem>) {
    let same = backup.text == text;
    let anchorer = Anchorer::new(text);
    let text_length = anchorer.index().char_len();
    let theirs = crate::text::TextIndex::new(&backup.text);
    let mut placed = Vec::new();
    let mut problems = Vec::new();
    let orphaned = |position: usize, quote: &str, problems: &mut Vec<ItemProblem>| {
        problems.push(ItemProblem {
            item: Some(position),
            message: format!("“{quote}” is not in this article; kept as an orphan."),
        });
    };
    let mut position = 0;
    for annotation in backup.layer.live_annotations() {
        let quote_text = theirs.slice(annotation.span).to_owned();
        let (span, placement) = if same && annotation.span.end <= text_length {
            (Some(annotation.span), Placement::Exact)
        } else {
            let (quote, position) = describe_in(&theirs, annotation.span);
            anchorer.anchor(&quote, Some(position))
        };
        if placement == Placement::Orphan {
            orphaned(position, &quote_text, &mut problems);
        }
        let mut annotation = annotation.clone();
        annotation.span = span.unwrap_or_default();
        cut_to_limits(&mut annotation, position, &mut problems);
        placed.push(Imported {
            annotation,
            placement,
            quote: quote_text,
        });
        position += 1;
    }
    for (_, orphan) in backup.layer.live_orphans() {
        let selector = QuoteSelector {
            exact: orphan.quote.clone(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let (span, placement) = anchorer.anchor(&selector, None);
        if placement == Placement::Orphan {
            orphaned(position, &orphan.quote, &mut problems);
        }
        let mut annotation = orphan.annotation.clone();
        annotation.span = span.unwrap_or_default();
        cut_to_limits(&mut annotation, position, &mut problems);
        placed.push(Imported {
            annotation,
            placement,
            quote: orphan.quote.clone(),
        });
        position += 1;
    }
    if anchorer.skipped() > 0 {
        problems.insert(
            0,
            ItemProblem {
                item: None,
                message: format!(
                    "{} annotations were not at their place and the import's time for searching ran out; they are kept as orphans.",
                    anchorer.skipped()
                ),
            },
        );
    }
    (placed, problems)
}

/// The app's limits on notes and tags, applied to an item of a backup (one written by hand, or
/// by a version with other limits), each cut said in the import review.
fn cut_to_limits(annotation: &mut Annotation, position: usize, problems: &mut Vec<ItemProblem>) {
    for message in crate::formats::w3c::fit_limits(annotation) {
        problems.push(ItemProblem {
            item: Some(position),
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationKind;
    use crate::article::split_at_blank_lines as parse_plain_text;
    use crate::layer::{write, Orphan};
    use crate::sync::Stamp;
    use crate::text::Span;

    fn at(millis: u64) -> Stamp {
        Stamp {
            millis,
            counter: 0,
            replica: 1,
        }
    }

    fn backup(text: &str) -> Backup {
        let article = parse_plain_text(text);
        let mut note =
            Annotation::by_reader("reader-1", AnnotationKind::Question, Span::new(7, 11));
        note.note = "Is this right? 👍".into();
        let mut layer = ReaderLayer::default();
        write(&mut layer.annotations, "reader-1".into(), Some(note), at(1));
        write(&mut layer.annotations, "reader-0".into(), None, at(2));
        Backup::new("a.txt", "Title", &article, &layer)
    }

    #[test]
    fn a_backup_round_trips_with_deletions() {
        let original = backup("Title\n\nBody text here, Zoë.");
        let read = parse_backup(&original.to_json()).unwrap();
        assert_eq!(read, original);
        assert!(read.layer.annotations["reader-0"].value.is_none());
        assert_eq!(
            read.article(),
            parse_plain_text("Title\n\nBody text here, Zoë.")
        );
    }

    #[test]
    fn a_version_1_backup_is_read() {
        let fixture = include_str!("../../../../tests/fixtures/backup-v1.json");
        let read = parse_backup(fixture).unwrap();
        assert_eq!(read.version, BACKUP_VERSION);
        let notes: Vec<&str> = read
            .layer
            .live_annotations()
            .map(|a| a.note.as_str())
            .collect();
        assert_eq!(notes, ["Check the wind speed"]);
        assert_eq!(read.layer.live_orphans().count(), 1);
        assert_eq!(read.article().headline(), Some("Storm hits the coast"));
    }

    #[test]
    fn placing_in_an_edited_text_finds_the_words_again() {
        let original = backup("Title\n\nBody text here.");
        let (placed, problems) = place_in(&original, "Title\n\nNew intro. Body text here.");
        assert!(problems.is_empty());
        assert_eq!(placed[0].placement, Placement::Exact);
        assert_eq!(placed[0].annotation.span, Span::new(18, 22));
        let (placed, problems) = place_in(&original, "Something else entirely");
        assert_eq!(placed[0].placement, Placement::Orphan);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn orphans_stay_orphans_with_their_words() {
        let mut original = backup("Title\n\nBody text here.");
        let orphan = Orphan {
            annotation: Annotation::by_reader("o-1", AnnotationKind::Claim, Span::default()),
            quote: "words from another version".into(),
        };
        write(
            &mut original.layer.orphans,
            "o-1".into(),
            Some(orphan),
            at(3),
        );
        let (placed, problems) = place_in(&original, &original.text.clone());
        let kept = placed.iter().find(|i| i.annotation.id == "o-1").unwrap();
        assert_eq!(kept.placement, Placement::Orphan);
        assert_eq!(kept.quote, "words from another version");
        assert_eq!(problems.len(), 1);
        let (placed, _) = place_in(&original, "Now the words from another version are here.");
        let found = placed.iter().find(|i| i.annotation.id == "o-1").unwrap();
        assert_eq!(
            found.placement,
            Placement::Exact,
            "found when its words are there"
        );
        assert_eq!(found.annotation.span, Span::new(8, 34));
    }

    #[test]
    fn wrong_files_are_refused_with_a_reason() {
        assert_eq!(
            parse_backup("{\"format\": \"other\"}"),
            Err(BackupError::NotABackup)
        );
        assert!(matches!(parse_backup("nope"), Err(BackupError::NotJson(_))));
        assert_eq!(
            parse_backup("{\"format\": \"article-annotator-backup\", \"version\": 7}"),
            Err(BackupError::NewerVersion(7))
        );
    }
}
