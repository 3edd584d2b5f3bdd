//! The reader's layer over one article: everything the reader made or corrected, as records that
//! merge (see [`crate::sync`]). Each record is a last-writer-wins register keyed by a
//! stable id:
//!
//! | records | key | value (`None` is a write too) |
//! |---|---|---|
//! | `annotations` | the annotation's random id | the reader's annotation (`None`: deleted) |
//! | `overrides` | the engine annotation's id (kind and span) | rejected or replaced (`None`: as the engines made it) |
//! | `renames` | entity kind, then the name the engines gave | the name shown instead (`None`: the engines' name) |
//! | `orphans` | the imported annotation's id | an annotation that could not be placed, with its words (`None`: discarded) |
//! | `title` | — | the reader's title for the article (`None`: the headline) |
//!
//! A rename maps each name the engines gave straight to the name shown (one step, never a
//! chain), so that renames made in any order, in any tab, read the same.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::annotation::{Annotation, AnnotationId, AnnotationKind};
use crate::calendar::Timestamp;
use crate::sync::{merge_optional, merge_records, newest, wins, Records, Register, Stamp};

/// What the reader did to one engine annotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // Few of them, and this is their stored shape.
pub enum Override {
    /// Not a quote, not that entity: hidden.
    Rejected,
    /// Corrected: this annotation shows instead (its id stays the engine's).
    Replaced { annotation: Annotation },
}

/// An annotation that could not be placed in the article, with the words it quoted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orphan {
    pub annotation: Annotation,
    pub quote: String,
}

/// The corrections and the reader's own annotations, as mergeable records: what is saved for an
/// article, carried by backups and share links.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderLayer {
    #[serde(default)]
    pub annotations: Records<AnnotationId, Annotation>,
    #[serde(default)]
    pub overrides: Records<AnnotationId, Override>,
    #[serde(default)]
    pub renames: BTreeMap<AnnotationKind, Records<String, String>>,
    #[serde(default)]
    pub orphans: Records<AnnotationId, Orphan>,
    #[serde(default)]
    pub title: Option<Register<String>>,
}

impl ReaderLayer {
    /// The reader's live annotation with this id.
    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.annotations.get(id)?.live()
    }

    /// The reader's live annotations, by id.
    pub fn live_annotations(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.values().filter_map(Register::live)
    }

    /// The reader's correction of an engine annotation, if any.
    pub fn override_of(&self, id: &str) -> Option<&Override> {
        self.overrides.get(id)?.live()
    }

    /// The live corrections, by engine annotation id.
    pub fn live_overrides(&self) -> impl Iterator<Item = (&AnnotationId, &Override)> {
        self.overrides
            .iter()
            .filter_map(|(id, register)| Some((id, register.live()?)))
    }

    /// The name shown for an entity the engines named `name`, when the reader renamed it.
    pub fn renamed(&self, kind: AnnotationKind, name: &str) -> Option<&str> {
        self.renames
            .get(&kind)?
            .get(name)?
            .live()
            .map(String::as_str)
    }

    /// The writes that show every mention now shown as `shown` (of `kind`) as `to`: each name
    /// mapped to `shown` is mapped to `to` instead, and `shown` itself when nothing maps it
    /// elsewhere. A name mapped to itself is written as `None` (back to the engines' name).
    pub fn rename_writes(
        &self,
        kind: AnnotationKind,
        shown: &str,
        to: &str,
    ) -> Vec<(String, Option<String>)> {
        let value_for = |from: &str| (from != to).then(|| to.to_owned());
        let mut writes: Vec<(String, Option<String>)> = self
            .renames
            .get(&kind)
            .into_iter()
            .flatten()
            .filter(|(_, register)| register.live().map(String::as_str) == Some(shown))
            .map(|(from, _)| (from.clone(), value_for(from)))
            .collect();
        if self.renamed(kind, shown).is_none() {
            writes.push((shown.to_owned(), value_for(shown)));
        }
        writes.retain(|(from, value)| self.renamed(kind, from).map(str::to_owned) != *value);
        writes
    }

    /// The live orphans, by id.
    pub fn live_orphans(&self) -> impl Iterator<Item = (&AnnotationId, &Orphan)> {
        self.orphans
            .iter()
            .filter_map(|(id, register)| Some((id, register.live()?)))
    }

    /// The reader's title for the article, if they gave one.
    pub fn title(&self) -> Option<&str> {
        self.title.as_ref()?.live().map(String::as_str)
    }

    /// Whether the layer holds no record at all (not even a deletion).
    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty()
            && self.overrides.is_empty()
            && self.renames.values().all(BTreeMap::is_empty)
            && self.orphans.is_empty()
            && self.title.is_none()
    }

    /// The newest stamp of any record (`Stamp::ORIGIN` for an empty layer).
    pub fn newest(&self) -> Stamp {
        [
            newest(&self.annotations),
            newest(&self.overrides),
            newest(self.renames.values().flatten()),
            newest(&self.orphans),
            self.title.as_ref().map_or(Stamp::ORIGIN, |t| t.at),
        ]
        .into_iter()
        .max()
        .unwrap_or(Stamp::ORIGIN)
    }

    /// Merges another copy of the layer into this one (the newest write of every record wins);
    /// returns whether anything changed here.
    pub fn merge(&mut self, other: &ReaderLayer) -> bool {
        let mut changed = merge_records(&mut self.annotations, &other.annotations);
        changed |= merge_records(&mut self.overrides, &other.overrides);
        for (kind, records) in &other.renames {
            changed |= merge_records(self.renames.entry(*kind).or_default(), records);
        }
        self.renames.retain(|_, records| !records.is_empty());
        changed |= merge_records(&mut self.orphans, &other.orphans);
        changed |= merge_optional(&mut self.title, &other.title);
        changed
    }

    /// Whether every record of `self` is also in `other` at least as new (so saving `self` over
    /// `other` would add nothing).
    pub fn is_covered_by(&self, other: &ReaderLayer) -> bool {
        let mut merged = other.clone();
        !merged.merge(self)
    }
}

/// Sets a record by a local write: the write always lands (its stamp is the newest the tab has).
pub fn write<K: Ord, T: Serialize>(
    records: &mut Records<K, T>,
    key: K,
    value: Option<T>,
    at: Stamp,
) {
    let register = Register::new(at, value);
    match records.get(&key) {
        Some(current) if !wins(&register, current) => {}
        _ => {
            records.insert(key, register);
        }
    }
}

/// An entity group given another name, as schemas 1 and 2 stored it (applied in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyRename {
    pub kind: AnnotationKind,
    pub from: String,
    pub to: String,
}

/// The reader's layer as storage schemas 1 and 2 and backups of version 1 held it: plain lists,
/// deletions as times, no stamps.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LegacyLayer {
    #[serde(default)]
    pub overrides: BTreeMap<String, Override>,
    #[serde(default)]
    pub renames: Vec<LegacyRename>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    #[serde(default)]
    pub tombstones: BTreeMap<String, String>,
    #[serde(default)]
    pub orphans: Vec<Orphan>,
}

impl LegacyLayer {
    /// The same work as records. A record gets the time it was last changed, when known, from no
    /// tab (so any write made since wins over it); nothing is dropped.
    pub fn upgrade(self, title: Option<&str>) -> ReaderLayer {
        let mut layer = ReaderLayer::default();
        for (id, when) in &self.tombstones {
            write(
                &mut layer.annotations,
                id.as_str().into(),
                None,
                Stamp::migrated(Some(when)),
            );
        }
        for annotation in self.annotations {
            let at = Stamp::migrated(annotation.modified.as_ref().map(Timestamp::as_str));
            let id = annotation.id.clone();
            write(&mut layer.annotations, id, Some(annotation), at);
        }
        for (id, value) in self.overrides {
            write(&mut layer.overrides, id.into(), Some(value), Stamp::ORIGIN);
        }
        // Applied in their order, each later one a little newer, as they were made.
        for (order, rename) in self.renames.iter().enumerate() {
            if rename.from == rename.to || rename.to.trim().is_empty() {
                continue;
            }
            let at = Stamp {
                counter: order as u32 + 1,
                ..Stamp::ORIGIN
            };
            for (from, value) in layer.rename_writes(rename.kind, &rename.from, &rename.to) {
                write(
                    layer.renames.entry(rename.kind).or_default(),
                    from,
                    value,
                    at,
                );
            }
        }
        let mut suffixes: std::collections::HashMap<AnnotationId, usize> =
            std::collections::HashMap::new();
        for orphan in self.orphans {
            let mut id = orphan.annotation.id.clone();
            let suffix = suffixes.entry(id.clone()).or_insert(1);
            while layer.orphans.contains_key(&id) {
                *suffix += 1;
                id = format!("{}-{suffix}", orphan.annotation.id).into();
            }
            let at = Stamp::migrated(orphan.annotation.modified.as_ref().map(Timestamp::as_str));
            write(&mut layer.orphans, id, Some(orphan), at);
        }
        if let Some(title) = title.filter(|t| !t.is_empty()) {
            layer.title = Some(Register::new(Stamp::ORIGIN, Some(title.to_owned())));
        }
        layer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    fn at(millis: u64, replica: u64) -> Stamp {
        Stamp {
            millis,
            counter: 0,
            replica,
        }
    }

    fn apply_rename(layer: &mut ReaderLayer, shown: &str, to: &str, stamp: Stamp) {
        for (from, value) in layer.rename_writes(AnnotationKind::Person, shown, to) {
            write(
                layer.renames.entry(AnnotationKind::Person).or_default(),
                from,
                value,
                stamp,
            );
        }
    }

    #[test]
    fn renames_map_each_name_in_one_step_and_renaming_back_clears_them() {
        let mut layer = ReaderLayer::default();
        apply_rename(&mut layer, "Stoltenberg", "Jens Stoltenberg", at(1, 1));
        apply_rename(&mut layer, "Jens Stoltenberg", "NATO chief", at(2, 1));
        let shown = |layer: &ReaderLayer, name: &str| {
            layer
                .renamed(AnnotationKind::Person, name)
                .unwrap_or(name)
                .to_owned()
        };
        assert_eq!(shown(&layer, "Stoltenberg"), "NATO chief");
        assert_eq!(shown(&layer, "Jens Stoltenberg"), "NATO chief");
        assert_eq!(shown(&layer, "Mogherini"), "Mogherini");
        apply_rename(&mut layer, "NATO chief", "Stoltenberg", at(3, 1));
        assert_eq!(shown(&layer, "Stoltenberg"), "Stoltenberg");
        assert_eq!(shown(&layer, "Jens Stoltenberg"), "Stoltenberg");
        assert_eq!(
            layer.renamed(AnnotationKind::Person, "Stoltenberg"),
            None,
            "a name shown as itself is back to the engines' name: a tombstone, not a mapping"
        );
        assert!(layer.renames[&AnnotationKind::Person].contains_key("Stoltenberg"));
    }

    #[test]
    fn legacy_layers_upgrade_without_losing_anything() {
        let mut kept = Annotation::by_reader("reader-1", AnnotationKind::Claim, Span::new(0, 4));
        kept.modified = Some("2026-11-28T12:00:00Z".into());
        let orphan = Orphan {
            annotation: Annotation::by_reader("o", AnnotationKind::Highlight, Span::default()),
            quote: "gone words".into(),
        };
        let legacy = LegacyLayer {
            overrides: BTreeMap::from([("person-0-5".into(), Override::Rejected)]),
            renames: vec![
                LegacyRename {
                    kind: AnnotationKind::Person,
                    from: "A".into(),
                    to: "B".into(),
                },
                LegacyRename {
                    kind: AnnotationKind::Person,
                    from: "B".into(),
                    to: "C".into(),
                },
            ],
            annotations: vec![kept.clone()],
            tombstones: BTreeMap::from([
                ("reader-1".into(), "2026-11-28T11:00:00Z".into()),
                ("reader-0".into(), "2026-11-28T11:00:00Z".into()),
            ]),
            orphans: vec![orphan.clone(), orphan.clone()],
        };
        let layer = legacy.upgrade(Some("My title"));
        assert_eq!(
            layer.annotation("reader-1"),
            Some(&kept),
            "edited after its old deletion"
        );
        assert!(
            layer.annotations["reader-0"].value.is_none(),
            "the deletion is kept"
        );
        assert_eq!(layer.override_of("person-0-5"), Some(&Override::Rejected));
        assert_eq!(
            layer.renamed(AnnotationKind::Person, "A"),
            Some("C"),
            "applied in order"
        );
        assert_eq!(layer.renamed(AnnotationKind::Person, "B"), Some("C"));
        assert_eq!(
            layer.live_orphans().count(),
            2,
            "two orphans with one id are both kept"
        );
        assert_eq!(layer.title(), Some("My title"));
    }

    #[test]
    fn merging_layers_keeps_the_newest_write_of_each_record() {
        let note = |text: &str| {
            let mut a = Annotation::by_reader("r", AnnotationKind::Highlight, Span::new(0, 3));
            a.note = text.into();
            a
        };
        let mut ours = ReaderLayer::default();
        write(
            &mut ours.annotations,
            "r".into(),
            Some(note("ours")),
            at(5, 1),
        );
        write(&mut ours.overrides, "quote-1-2".into(), None, at(7, 1));
        let mut theirs = ReaderLayer::default();
        write(&mut theirs.annotations, "r".into(), None, at(6, 2));
        write(
            &mut theirs.overrides,
            "quote-1-2".into(),
            Some(Override::Rejected),
            at(4, 2),
        );
        assert!(!theirs.is_covered_by(&ours));
        let mut merged = ours.clone();
        assert!(merged.merge(&theirs));
        assert_eq!(merged.annotation("r"), None, "their later deletion wins");
        assert_eq!(
            merged.override_of("quote-1-2"),
            None,
            "our later un-reject wins"
        );
        assert!(theirs.is_covered_by(&merged) && ours.is_covered_by(&merged));
        assert!(
            !merged.clone().merge(&theirs),
            "merging again changes nothing"
        );
        assert_eq!(merged.newest(), at(7, 1));
    }
}
