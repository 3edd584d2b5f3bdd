//! The trained entity model: quantised feature weights and the names learnt in training, its
//! compact binary form, and greedy left-to-right tagging with it.
//!
//! File format (little-endian), version 1:
//! `b"AAEM"`, format version `u8`, feature version `u8`, weight scale `f32`, feature count
//! (varint), the sorted feature keys as varint deltas, then per feature a 9-bit mask of non-zero
//! classes (`u16`) followed by those weights as `i16`; then the trained names: count (varint) and
//! per name its list (`u8`), document count (varint), byte length (varint) and UTF-8 bytes.

use std::fmt;

use super::features::{DocumentStats, SentenceInput, SentenceView, TagHistory, FEATURE_VERSION};
use super::gazetteer::{Gazetteer, ListKind};
use super::tags::Tag;

const MAGIC: &[u8; 4] = b"AAEM";
const FORMAT_VERSION: u8 = 1;
const EMPTY: u32 = u32::MAX;

/// Why a model file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelError {
    NotAModel,
    WrongVersion { format: u8, features: u8 },
    Truncated,
    BadName,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NotAModel => write!(f, "this is not an entity model file"),
            ModelError::WrongVersion { format, features } => write!(
                f,
                "the entity model was made for another version (format {format}, features {features}); \
                 retrain it with `cargo run --release --bin train-entities`"
            ),
            ModelError::Truncated => write!(f, "the entity model file is cut short"),
            ModelError::BadName => write!(f, "the entity model file holds a name that is not UTF-8"),
        }
    }
}

impl std::error::Error for ModelError {}

/// Scores the classes of a token from its features.
pub trait Scorer {
    fn scores(&self, features: &[u32]) -> [f32; Tag::COUNT];
}

/// Tags one sentence greedily, left to right, never starting an entity with an inside tag.
pub fn greedy_tags(
    view: &SentenceView<'_, '_>,
    scorer: &impl Scorer,
    stats: &DocumentStats,
    history: &TagHistory,
    first_pass: Option<&TagHistory>,
    features: &mut Vec<u32>,
) -> Vec<Tag> {
    let mut tags = Vec::with_capacity(view.len());
    let (mut previous, mut before_previous) = (Tag::START, Tag::START);
    for i in 0..view.len() {
        features.clear();
        view.features(
            i,
            previous,
            before_previous,
            stats,
            history,
            first_pass,
            features,
        );
        let tag = best_tag(&scorer.scores(features), previous);
        tags.push(tag);
        before_previous = previous;
        previous = tag;
    }
    tags
}

/// The highest-scoring tag that may follow `previous`.
pub fn best_tag(scores: &[f32; Tag::COUNT], previous: Tag) -> Tag {
    let mut best = Tag::OUTSIDE;
    let mut best_score = f32::NEG_INFINITY;
    for (index, &score) in scores.iter().enumerate() {
        let tag = Tag(index as u8);
        if score > best_score && tag.may_follow(previous) {
            best = tag;
            best_score = score;
        }
    }
    best
}

/// A trained model, ready to tag.
#[derive(Clone, Debug)]
pub struct EntityModel {
    /// Open-addressing table: slot → (feature key, row in `weights`).
    slots: Vec<(u32, u32)>,
    /// Quantised weights, `Tag::COUNT` per feature.
    weights: Vec<i16>,
    scale: f32,
    keys_in_order: Vec<u32>,
    gazetteer: Gazetteer,
}

impl EntityModel {
    /// Builds a model from averaged weights (one row of `Tag::COUNT` per key); weights whose
    /// quantised value is zero are dropped, and so are features left with none.
    pub fn from_weights(
        rows: Vec<(u32, [f32; Tag::COUNT])>,
        gazetteer: Gazetteer,
        scale: f32,
    ) -> Self {
        let mut rows: Vec<(u32, [i16; Tag::COUNT])> = rows
            .into_iter()
            .map(|(key, row)| {
                (
                    key,
                    row.map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16),
                )
            })
            .filter(|(_, row)| row.iter().any(|&w| w != 0))
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        Self::from_quantised(rows, gazetteer, scale)
    }

    fn from_quantised(
        rows: Vec<(u32, [i16; Tag::COUNT])>,
        gazetteer: Gazetteer,
        scale: f32,
    ) -> Self {
        let capacity = (rows.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, EMPTY); capacity];
        let mut weights = Vec::with_capacity(rows.len() * Tag::COUNT);
        let mut keys_in_order = Vec::with_capacity(rows.len());
        for (row_index, (key, row)) in rows.iter().enumerate() {
            let mut slot = mix(*key) as usize & (capacity - 1);
            while slots[slot].1 != EMPTY {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[slot] = (*key, row_index as u32);
            weights.extend_from_slice(row);
            keys_in_order.push(*key);
        }
        EntityModel {
            slots,
            weights,
            scale,
            keys_in_order,
            gazetteer,
        }
    }

    /// The number of features with at least one weight.
    pub fn feature_count(&self) -> usize {
        self.keys_in_order.len()
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    fn row(&self, key: u32) -> Option<&[i16]> {
        let mask = self.slots.len() - 1;
        let mut slot = mix(key) as usize & mask;
        loop {
            let (stored, row) = self.slots[slot];
            if row == EMPTY {
                return None;
            }
            if stored == key {
                let start = row as usize * Tag::COUNT;
                return Some(&self.weights[start..start + Tag::COUNT]);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Tags every sentence of one document, in two passes: the second sees every tag the first
    /// gave in the whole document, so a name tagged with confidence anywhere informs the rest.
    pub fn tag_document(&self, sentences: &[SentenceInput<'_>]) -> Vec<Vec<Tag>> {
        let stats = DocumentStats::new(sentences);
        let views: Vec<SentenceView<'_, '_>> = sentences
            .iter()
            .map(|sentence| SentenceView::new(sentence, &self.gazetteer, None))
            .collect();
        let mut features = Vec::with_capacity(64);
        let mut first_pass = TagHistory::default();
        for view in &views {
            let tags = greedy_tags(view, self, &stats, &first_pass, None, &mut features);
            first_pass.record_sentence(view.sentence, &tags);
        }
        let mut history = TagHistory::default();
        views
            .iter()
            .map(|view| {
                let tags = greedy_tags(
                    view,
                    self,
                    &stats,
                    &history,
                    Some(&first_pass),
                    &mut features,
                );
                history.record_sentence(view.sentence, &tags);
                tags
            })
            .collect()
    }

    /// The model in its file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(FORMAT_VERSION);
        out.push(FEATURE_VERSION);
        out.extend_from_slice(&self.scale.to_le_bytes());
        write_varint(&mut out, self.keys_in_order.len() as u64);
        let mut last = 0u32;
        for &key in &self.keys_in_order {
            write_varint(&mut out, u64::from(key - last));
            last = key;
        }
        for &key in &self.keys_in_order {
            let row = self.row(key).unwrap_or(&[0; Tag::COUNT]);
            let mask = row
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0)
                .fold(0u16, |m, (i, _)| m | 1 << i);
            out.extend_from_slice(&mask.to_le_bytes());
            for weight in row.iter().filter(|w| **w != 0) {
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        let names = self.gazetteer.trained_names();
        write_varint(&mut out, names.len() as u64);
        for (name, kind, documents) in names {
            out.push(*kind as u8);
            write_varint(&mut out, u64::from(*documents));
            write_varint(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
        }
        out
    }

    /// Reads a model file; the built-in name lists are added to the names it holds.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(4)? != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let (format, features) = (reader.byte()?, reader.byte()?);
        if format != FORMAT_VERSION || features != FEATURE_VERSION {
            return Err(ModelError::WrongVersion { format, features });
        }
        let scale = f32::from_le_bytes(
            reader
                .take(4)?
                .try_into()
                .map_err(|_| ModelError::Truncated)?,
        );
        let count = reader.varint()? as usize;
        if count > bytes.len() {
            return Err(ModelError::Truncated);
        }
        let mut keys = Vec::with_capacity(count);
        let mut last = 0u32;
        for _ in 0..count {
            last = last.wrapping_add(reader.varint()? as u32);
            keys.push(last);
        }
        let mut rows = Vec::with_capacity(count);
        for key in keys {
            let mask = u16::from_le_bytes(
                reader
                    .take(2)?
                    .try_into()
                    .map_err(|_| ModelError::Truncated)?,
            );
            let mut row = [0i16; Tag::COUNT];
            for (class, weight) in row.iter_mut().enumerate() {
                if mask & (1 << class) != 0 {
                    *weight = i16::from_le_bytes(
                        reader
                            .take(2)?
                            .try_into()
                            .map_err(|_| ModelError::Truncated)?,
                    );
                }
            }
            rows.push((key, row));
        }
        let mut gazetteer = Gazetteer::built_in();
        let names = reader.varint()? as usize;
        for _ in 0..names.min(bytes.len()) {
            let kind = ListKind::from_index(reader.byte()?).ok_or(ModelError::BadName)?;
            let documents = reader.varint()?.min(u64::from(u16::MAX)) as u16;
            let length = reader.varint()? as usize;
            let name =
                std::str::from_utf8(reader.take(length)?).map_err(|_| ModelError::BadName)?;
            gazetteer.add(name, kind, documents);
        }
        Ok(Self::from_quantised(rows, gazetteer, scale))
    }
}

impl Scorer for EntityModel {
    fn scores(&self, features: &[u32]) -> [f32; Tag::COUNT] {
        let mut sums = [0i32; Tag::COUNT];
        for &key in features {
            if let Some(row) = self.row(key) {
                for (sum, &weight) in sums.iter_mut().zip(row) {
                    *sum += i32::from(weight);
                }
            }
        }
        sums.map(|sum| sum as f32)
    }
}

/// Spreads a feature key over the table (keys are already hashes; this breaks up runs).
fn mix(key: u32) -> u32 {
    key.wrapping_mul(0x9E37_79B1).rotate_left(13)
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(count)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(ModelError::Truncated)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ModelError::Truncated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_survives_its_file_format() {
        let mut gazetteer = Gazetteer::default();
        gazetteer.add("Leicestershire", ListKind::TrainedOrganisation, 4);
        let rows = vec![
            (7u32, [0.5, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]),
            (3, [0.01; 9]),
            (u32::MAX - 1, [1.0; 9]),
        ];
        let model = EntityModel::from_weights(rows, gazetteer, 0.1);
        assert_eq!(
            model.feature_count(),
            2,
            "a feature whose weights round to zero is dropped"
        );
        let bytes = model.to_bytes();
        let read = EntityModel::from_bytes(&bytes).unwrap();
        assert_eq!(
            read.scores(&[7]),
            [5.0, -10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 20.0]
        );
        assert_eq!(read.scores(&[3, 99]), [0.0; 9]);
        assert_eq!(read.scores(&[u32::MAX - 1])[0], 10.0);
        assert_eq!(
            read.gazetteer().lists_of("leicestershire"),
            [ListKind::TrainedOrganisation]
        );
    }

    #[test]
    fn damaged_files_are_refused_with_a_reason() {
        assert_eq!(
            EntityModel::from_bytes(b"nope").unwrap_err(),
            ModelError::NotAModel
        );
        let model = EntityModel::from_weights(vec![(1, [1.0; 9])], Gazetteer::default(), 1.0);
        let bytes = model.to_bytes();
        for cut in [5, 9, bytes.len() - 1] {
            assert!(
                EntityModel::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let mut old = bytes.clone();
        old[5] = FEATURE_VERSION.wrapping_add(1);
        assert!(matches!(
            EntityModel::from_bytes(&old),
            Err(ModelError::WrongVersion { .. })
        ));
    }
}
