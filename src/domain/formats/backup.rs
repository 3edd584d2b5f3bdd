//! The project's own backup: the article text, its blocks, the reader's work and every
//! annotation as shown, with the schema version. What the share link, the single-file export and
//! the "Backup" download carry.

use serde::{Deserialize, Serialize};

use super::ItemProblem;
use crate::domain::anchor::{anchor, describe, Placement};
use crate::domain::annotation::Annotation;
use crate::domain::article::{Article, BlockKind, SourceFormat};
use crate::domain::formats::w3c::Imported;
use crate::domain::workspace::ReaderLayer;

pub const BACKUP_FORMAT: &str = "article-annotator-backup";
pub const BACKUP_VERSION: u32 = 1;
/// The largest backup accepted, in bytes.
pub const MAX_BACKUP_BYTES: usize = 40 * 1024 * 1024;

/// A backup of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub title: String,
    pub text: String,
    pub source_format: SourceFormat,
    pub blocks: Vec<(BlockKind, usize, usize)>,
    /// The reader's corrections and own annotations (restores the workspace exactly).
    pub layer: ReaderLayer,
    /// Every annotation as shown when exported (for other readers of the file).
    pub annotations: Vec<Annotation>,
}

impl Backup {
    pub fn new(
        name: &str,
        title: &str,
        article: &Article,
        layer: &ReaderLayer,
        annotations: &[Annotation],
    ) -> Self {
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
            annotations: annotations.to_vec(),
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
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::TooLarge { bytes } => write!(f, "The backup is too large ({:.1} MB).", *bytes as f64 / 1_048_576.0),
            BackupError::NotJson(message) => write!(f, "The backup is not valid JSON ({message})."),
            BackupError::NotABackup => write!(f, "This file is not an Article Annotator backup."),
            BackupError::NewerVersion(version) => write!(
                f,
                "This backup was made by a newer version of Article Annotator (version {version}); update the page to read it."
            ),
        }
    }
}

impl std::error::Error for BackupError {}

/// Reads a backup from parsed JSON.
pub fn read_backup(value: &serde_json::Value) -> Result<Backup, BackupError> {
    if value.get("format").and_then(serde_json::Value::as_str) != Some(BACKUP_FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0) as u32;
    if version > BACKUP_VERSION {
        return Err(BackupError::NewerVersion(version));
    }
    serde_json::from_value(value.clone()).map_err(|e| BackupError::NotJson(e.to_string()))
}

/// Parses and reads a backup, with the size limit first.
pub fn parse_backup(input: &str) -> Result<Backup, BackupError> {
    if input.len() > MAX_BACKUP_BYTES {
        return Err(BackupError::TooLarge { bytes: input.len() });
    }
    let value: serde_json::Value =
        serde_json::from_str(input).map_err(|e| BackupError::NotJson(e.to_string()))?;
    read_backup(&value)
}

/// The reader's annotations of a backup placed in another text (the open article): exactly when
/// the text is the same, else found again by their words.
pub fn place_in(backup: &Backup, text: &str) -> (Vec<Imported>, Vec<ItemProblem>) {
    let same = backup.text == text;
    let mut placed = Vec::new();
    let mut problems = Vec::new();
    let candidates = backup
        .layer
        .annotations
        .iter()
        .chain(backup.layer.orphans.iter().map(|o| &o.annotation));
    for (position, annotation) in candidates.enumerate() {
        let quote_text = crate::domain::text::slice_chars(&backup.text, annotation.span).to_owned();
        let (span, placement) = if same && annotation.span.end <= text.chars().count() {
            (Some(annotation.span), Placement::Exact)
        } else {
            let (quote, position) = describe(&backup.text, annotation.span);
            anchor(text, &quote, Some(position))
        };
        if placement == Placement::Orphan {
            problems.push(ItemProblem {
                item: Some(position),
                message: format!("“{quote_text}” is not in this article; kept as an orphan."),
            });
        }
        let mut annotation = annotation.clone();
        annotation.span = span.unwrap_or_default();
        placed.push(Imported {
            annotation,
            placement,
            quote: quote_text,
        });
    }
    (placed, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::AnnotationKind;
    use crate::domain::article::parse_plain_text;
    use crate::domain::text::Span;

    fn backup(text: &str) -> Backup {
        let article = parse_plain_text(text);
        let mut note = Annotation::by_reader(
            "reader-1".into(),
            AnnotationKind::Question,
            Span::new(7, 11),
        );
        note.note = "Is this right? 👍".into();
        let layer = ReaderLayer {
            annotations: vec![note.clone()],
            ..ReaderLayer::default()
        };
        Backup::new("a.txt", "Title", &article, &layer, &[note])
    }

    #[test]
    fn a_backup_round_trips() {
        let original = backup("Title\n\nBody text here, Zoë.");
        let read = parse_backup(&original.to_json()).unwrap();
        assert_eq!(read, original);
        assert_eq!(
            read.article(),
            parse_plain_text("Title\n\nBody text here, Zoë.")
        );
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
