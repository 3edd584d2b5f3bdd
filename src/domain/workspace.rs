//! The reader's workspace for one article: the engines' annotations, the reader's corrections to
//! them, the reader's own annotations, and undo/redo of every change.
//!
//! Corrections are kept apart from what the engines found — rejected or edited by annotation
//! id, entity groups renamed or merged by name — and applied on top, so they survive running the
//! engines again (the entity model loads after the first render; a new version may find more).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::annotation::{
    shown_order, sort_annotations, Annotation, AnnotationKind, HighlightColor, Origin, SpeakerRef,
};
use crate::domain::text::Span;

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

/// An entity group given another name: every mention grouped under `from` (of `kind`) is grouped
/// under `to` instead — a merge when `to` is another group's name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRename {
    pub kind: AnnotationKind,
    pub from: String,
    pub to: String,
}

/// One undoable change.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Change {
    /// `when` stamps a deletion's tombstone (so another tab's copy does not bring it back).
    Reader {
        before: Option<Annotation>,
        after: Option<Annotation>,
        when: String,
    },
    Override {
        id: String,
        before: Option<Override>,
        after: Option<Override>,
    },
    Rename {
        before: Vec<EntityRename>,
        after: Vec<EntityRename>,
    },
    Orphans {
        before: Vec<Orphan>,
        after: Vec<Orphan>,
    },
    /// Several changes undone and redone together (an import).
    Batch(Vec<Change>),
}

/// A field-by-field edit of an annotation; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotationEdit {
    pub kind: Option<AnnotationKind>,
    pub span: Option<Span>,
    pub note: Option<String>,
    pub tags: Option<Vec<String>>,
    pub color: Option<Option<HighlightColor>>,
    pub speaker: Option<Option<SpeakerRef>>,
    pub entity: Option<Option<String>>,
}

/// Why a change could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkspaceError {
    NoSuchAnnotation(String),
    EmptySpan,
    OutsideText { end: usize, length: usize },
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkspaceError::NoSuchAnnotation(id) => {
                write!(f, "No annotation {id} in this article.")
            }
            WorkspaceError::EmptySpan => write!(f, "Select some text first."),
            WorkspaceError::OutsideText { end, length } => {
                write!(
                    f,
                    "That range ends at {end}, past the article's {length} characters."
                )
            }
        }
    }
}

/// The corrections and the reader's own annotations: what is saved for an article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderLayer {
    pub overrides: BTreeMap<String, Override>,
    pub renames: Vec<EntityRename>,
    pub annotations: Vec<Annotation>,
    /// Deleted reader annotations: id → when (RFC 3339).
    #[serde(default)]
    pub tombstones: BTreeMap<String, String>,
    /// Imported annotations whose words are not in this article: kept and listed, never dropped.
    #[serde(default)]
    pub orphans: Vec<Orphan>,
}

/// An annotation that could not be placed in the article, with the words it quoted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orphan {
    pub annotation: Annotation,
    pub quote: String,
}

/// One article's annotations and their history.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    text_length: usize,
    engine: Vec<Annotation>,
    layer: ReaderLayer,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// How many reader annotations have been made (for fresh ids).
    counter: u64,
    /// Where each engine annotation is, by id.
    engine_index: HashMap<String, usize>,
    /// The annotations last shared, by id: unchanged ones keep their allocation, so a view can
    /// tell what changed by pointer.
    shared: HashMap<String, Arc<Annotation>>,
    /// The same, in the order shown.
    shared_list: Vec<Arc<Annotation>>,
    /// What changed since the last share.
    stale: Stale,
}

/// What changed in a workspace since its annotations were last shared.
#[derive(Clone, Debug, Default)]
enum Stale {
    /// Anything may have: share everything afresh.
    #[default]
    All,
    /// Only the annotations with these ids.
    Ids(HashSet<String>),
}

impl Stale {
    fn mark(&mut self, id: &str) {
        if let Stale::Ids(ids) = self {
            ids.insert(id.to_owned());
        }
    }
}

impl Workspace {
    /// A workspace for a text of `text_length` code points, with the engines' annotations.
    pub fn new(text_length: usize, engine: Vec<Annotation>) -> Self {
        let mut workspace = Workspace {
            text_length,
            ..Workspace::default()
        };
        workspace.set_engine(engine);
        workspace
    }

    /// Replaces the engines' annotations (the corrections stay and apply to the new ones).
    pub fn set_engine(&mut self, engine: Vec<Annotation>) {
        self.engine_index = engine
            .iter()
            .enumerate()
            .map(|(position, a)| (a.id.clone(), position))
            .collect();
        self.engine = engine;
        self.stale = Stale::All;
    }

    /// Restores saved corrections and annotations (history starts afresh).
    pub fn restore(&mut self, layer: ReaderLayer) {
        self.counter = layer.annotations.len() as u64;
        self.layer = layer;
        self.undo.clear();
        self.redo.clear();
        self.stale = Stale::All;
    }

    pub fn layer(&self) -> &ReaderLayer {
        &self.layer
    }

    pub fn engine_annotations(&self) -> &[Annotation] {
        &self.engine
    }

    /// The engines' annotations as corrected, then the reader's; before renames, in no order.
    fn shown_unrenamed(&self) -> impl Iterator<Item = &Annotation> {
        self.engine
            .iter()
            .filter_map(|annotation| self.engine_as_corrected(&annotation.id))
            .chain(self.layer.annotations.iter())
    }

    /// Everything to show: the engines' annotations as corrected, then the reader's, in text order.
    pub fn annotations(&self) -> Vec<Annotation> {
        let mut all: Vec<Annotation> = self.shown_unrenamed().cloned().collect();
        for annotation in &mut all {
            self.apply_renames(annotation);
        }
        sort_annotations(&mut all);
        all
    }

    /// [`Workspace::annotations`] as shared values: an annotation that did not change since the
    /// last call is the same allocation as then (so views compare by pointer), and nothing is
    /// copied but what changed.
    ///
    /// After a change to a few annotations, only those are looked at again: the cost of a share is
    /// then a few searches in the sorted list, not a pass over every annotation.
    pub fn shared_annotations(&mut self) -> Vec<Arc<Annotation>> {
        match std::mem::replace(&mut self.stale, Stale::Ids(HashSet::new())) {
            Stale::All => self.share_all(),
            Stale::Ids(ids) => {
                for id in ids {
                    self.share_again(&id);
                }
            }
        }
        self.shared_list.clone()
    }

    /// Shares the current value of one annotation in place of its last shared value.
    fn share_again(&mut self, id: &str) {
        let current = self.get(id);
        let previous = self.shared.remove(id);
        if let (Some(previous), Some(current)) = (&previous, &current) {
            if **previous == *current {
                self.shared.insert(id.to_owned(), previous.clone());
                return;
            }
        }
        if let Some(previous) = previous {
            let from = self
                .shared_list
                .partition_point(|a| shown_order(a, &previous).is_lt());
            if let Some(offset) = self.shared_list[from..]
                .iter()
                .position(|a| Arc::ptr_eq(a, &previous))
            {
                self.shared_list.remove(from + offset);
            }
        }
        if let Some(current) = current {
            let at = self
                .shared_list
                .partition_point(|a| shown_order(a, &current).is_lt());
            let current = Arc::new(current);
            self.shared_list.insert(at, current.clone());
            self.shared.insert(id.to_owned(), current);
        }
    }

    /// Shares every annotation afresh (keeping the allocation of those that did not change).
    fn share_all(&mut self) {
        let shown = self.shown_unrenamed();
        let mut next: HashMap<String, Arc<Annotation>> =
            HashMap::with_capacity(self.shared.len() + 1);
        let mut list = Vec::with_capacity(self.shared.len() + 1);
        for annotation in shown {
            let renamed = self.renamed(annotation);
            let value = renamed.as_ref().unwrap_or(annotation);
            let shared = match self.shared.get(&value.id) {
                Some(previous) if **previous == *value => previous.clone(),
                _ => Arc::new(value.clone()),
            };
            next.insert(value.id.clone(), shared.clone());
            list.push(shared);
        }
        self.shared = next;
        list.sort_by(|a, b| shown_order(a, b));
        self.shared_list = list;
    }

    /// The annotation with the renames applied, if any applies (else `None`: it shows as is).
    fn renamed(&self, annotation: &Annotation) -> Option<Annotation> {
        let touched = self.layer.renames.iter().any(|rename| {
            annotation.kind == rename.kind
                && annotation.entity.as_deref() == Some(rename.from.as_str())
                || rename.kind == AnnotationKind::Person
                    && annotation
                        .speaker
                        .as_ref()
                        .is_some_and(|s| s.name == rename.from)
        });
        touched.then(|| {
            let mut renamed = annotation.clone();
            self.apply_renames(&mut renamed);
            renamed
        })
    }

    fn apply_renames(&self, annotation: &mut Annotation) {
        for rename in &self.layer.renames {
            if annotation.kind == rename.kind
                && annotation.entity.as_deref() == Some(rename.from.as_str())
            {
                annotation.entity = Some(rename.to.clone());
            }
            if let Some(speaker) = &mut annotation.speaker {
                if rename.kind == AnnotationKind::Person && speaker.name == rename.from {
                    speaker.name = rename.to.clone();
                }
            }
        }
    }

    /// The annotation with this id, as shown.
    pub fn get(&self, id: &str) -> Option<Annotation> {
        let mut found = self
            .layer
            .annotations
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .or_else(|| self.engine_as_corrected(id).cloned())?;
        self.apply_renames(&mut found);
        Some(found)
    }

    fn check_span(&self, span: Span) -> Result<(), WorkspaceError> {
        if span.is_empty() {
            return Err(WorkspaceError::EmptySpan);
        }
        if span.end > self.text_length {
            return Err(WorkspaceError::OutsideText {
                end: span.end,
                length: self.text_length,
            });
        }
        Ok(())
    }

    /// Adds a reader annotation over `span`; returns its id. `now` stamps it (RFC 3339).
    pub fn add(
        &mut self,
        kind: AnnotationKind,
        span: Span,
        now: &str,
    ) -> Result<String, WorkspaceError> {
        self.check_span(span)?;
        self.counter += 1;
        let mut id = format!("reader-{}-{}", now_digits(now), self.counter);
        while self.get(&id).is_some() {
            self.counter += 1;
            id = format!("reader-{}-{}", now_digits(now), self.counter);
        }
        let mut annotation = Annotation::by_reader(id.clone(), kind, span);
        annotation.modified = Some(now.to_owned());
        self.record(Change::Reader {
            before: None,
            after: Some(annotation),
            when: now.to_owned(),
        });
        Ok(id)
    }

    /// Applies a confirmed import as one undoable change: new annotations added (ids that clash
    /// get a suffix), chosen replacements made, orphans kept aside.
    pub fn apply_import(
        &mut self,
        new: Vec<Annotation>,
        replacements: Vec<Annotation>,
        orphans: Vec<Orphan>,
        now: &str,
    ) {
        let mut changes = Vec::new();
        let mut taken: std::collections::HashSet<String> =
            self.annotations().into_iter().map(|a| a.id).collect();
        for mut annotation in new {
            annotation.origin = Origin::Reader;
            let base = annotation.id.clone();
            let mut suffix = 1;
            while taken.contains(&annotation.id) {
                suffix += 1;
                annotation.id = format!("{base}-{suffix}");
            }
            taken.insert(annotation.id.clone());
            changes.push(Change::Reader {
                before: None,
                after: Some(annotation),
                when: now.to_owned(),
            });
        }
        for replacement in replacements {
            let Some(current) = self.get_unrenamed(&replacement.id) else {
                continue;
            };
            let is_engine = self.engine.iter().any(|a| a.id == replacement.id);
            changes.push(if is_engine {
                Change::Override {
                    id: replacement.id.clone(),
                    before: self.layer.overrides.get(&replacement.id).cloned(),
                    after: Some(Override::Replaced {
                        annotation: replacement,
                    }),
                }
            } else {
                Change::Reader {
                    before: Some(current),
                    after: Some(replacement),
                    when: now.to_owned(),
                }
            });
        }
        if !orphans.is_empty() {
            let before = self.layer.orphans.clone();
            let mut after = before.clone();
            after.extend(orphans);
            changes.push(Change::Orphans { before, after });
        }
        if !changes.is_empty() {
            self.record(Change::Batch(changes));
        }
    }

    /// Removes a kept orphan (the reader chose to), undoably.
    pub fn discard_orphan(&mut self, index: usize) {
        if index < self.layer.orphans.len() {
            let before = self.layer.orphans.clone();
            let mut after = before.clone();
            after.remove(index);
            self.record(Change::Orphans { before, after });
        }
    }

    /// Edits any annotation: a reader's directly, an engine's as a correction.
    pub fn edit(
        &mut self,
        id: &str,
        edit: AnnotationEdit,
        now: &str,
    ) -> Result<(), WorkspaceError> {
        let current = self
            .get_unrenamed(id)
            .ok_or_else(|| WorkspaceError::NoSuchAnnotation(id.to_owned()))?;
        let mut after = current.clone();
        if let Some(kind) = edit.kind {
            after.kind = kind;
        }
        if let Some(span) = edit.span {
            self.check_span(span)?;
            after.span = span;
        }
        if let Some(note) = edit.note {
            after.note = note;
        }
        if let Some(tags) = edit.tags {
            after.tags = normalise_tags(tags);
        }
        if let Some(color) = edit.color {
            after.color = color;
        }
        if let Some(speaker) = edit.speaker {
            after.speaker = speaker;
        }
        if let Some(entity) = edit.entity {
            after.entity = entity;
        }
        if after == current {
            return Ok(());
        }
        after.modified = Some(now.to_owned());
        self.replace(id, current, Some(after), now);
        Ok(())
    }

    /// Deletes a reader annotation, or rejects an engine one.
    pub fn delete(&mut self, id: &str, now: &str) -> Result<(), WorkspaceError> {
        let current = self
            .get_unrenamed(id)
            .ok_or_else(|| WorkspaceError::NoSuchAnnotation(id.to_owned()))?;
        self.replace(id, current, None, now);
        Ok(())
    }

    /// Renames an entity group: every mention of `kind` grouped under `from` goes under `to`
    /// (joining that group if it exists). Quotes attributed to a renamed person follow.
    pub fn rename_entity(&mut self, kind: AnnotationKind, from: &str, to: &str) {
        let to = to.trim();
        if from == to || to.is_empty() {
            return;
        }
        let before = self.layer.renames.clone();
        let mut after = before.clone();
        after.push(EntityRename {
            kind,
            from: from.to_owned(),
            to: to.to_owned(),
        });
        self.record(Change::Rename { before, after });
    }

    /// The annotation as stored, before renames (so that edits do not bake a rename in).
    fn get_unrenamed(&self, id: &str) -> Option<Annotation> {
        self.layer
            .annotations
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .or_else(|| self.engine_as_corrected(id).cloned())
    }

    /// An engine annotation with the reader's correction applied (`None`: none such, or rejected).
    /// A correction to an annotation the engines no longer make shows nothing.
    fn engine_as_corrected(&self, id: &str) -> Option<&Annotation> {
        let &position = self.engine_index.get(id)?;
        match self.layer.overrides.get(id) {
            Some(Override::Rejected) => None,
            Some(Override::Replaced { annotation }) => Some(annotation),
            None => Some(&self.engine[position]),
        }
    }

    fn replace(&mut self, id: &str, current: Annotation, after: Option<Annotation>, now: &str) {
        let is_engine = self.engine_index.contains_key(id);
        if is_engine {
            let before = self.layer.overrides.get(id).cloned();
            let after = Some(match after {
                Some(annotation) => Override::Replaced { annotation },
                None => Override::Rejected,
            });
            self.record(Change::Override {
                id: id.to_owned(),
                before,
                after,
            });
        } else {
            self.record(Change::Reader {
                before: Some(current),
                after,
                when: now.to_owned(),
            });
        }
    }

    fn record(&mut self, change: Change) {
        self.apply(&change);
        self.undo.push(change);
        self.redo.clear();
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::Reader {
                before,
                after,
                when,
            } => {
                let id = before
                    .as_ref()
                    .or(after.as_ref())
                    .map(|a| a.id.clone())
                    .unwrap_or_default();
                self.stale.mark(&id);
                let position = self.layer.annotations.iter().position(|a| a.id == id);
                match (position, after) {
                    (Some(position), Some(after)) => {
                        self.layer.annotations[position] = after.clone()
                    }
                    (Some(position), None) => {
                        self.layer.annotations.remove(position);
                        self.layer.tombstones.insert(id, when.clone());
                    }
                    (None, Some(after)) => {
                        self.layer.tombstones.remove(&id);
                        self.layer.annotations.push(after.clone());
                    }
                    (None, None) => {}
                }
            }
            Change::Override { id, after, .. } => {
                self.stale.mark(id);
                match after {
                    Some(value) => {
                        self.layer.overrides.insert(id.clone(), value.clone());
                    }
                    None => {
                        self.layer.overrides.remove(id);
                    }
                }
            }
            Change::Rename { after, .. } => {
                self.layer.renames = after.clone();
                self.stale = Stale::All;
            }
            Change::Orphans { after, .. } => self.layer.orphans = after.clone(),
            Change::Batch(changes) => {
                for change in changes {
                    self.apply(change);
                }
            }
        }
    }

    fn inverse(change: &Change) -> Change {
        match change {
            Change::Reader {
                before,
                after,
                when,
            } => Change::Reader {
                before: after.clone(),
                after: before.clone(),
                when: when.clone(),
            },
            Change::Override { id, before, after } => Change::Override {
                id: id.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::Rename { before, after } => Change::Rename {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Orphans { before, after } => Change::Orphans {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Batch(changes) => {
                Change::Batch(changes.iter().rev().map(Self::inverse).collect())
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last change; returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(change) = self.undo.pop() else {
            return false;
        };
        self.apply(&Self::inverse(&change));
        self.redo.push(change);
        true
    }

    /// Redoes the last undone change; returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(change) = self.redo.pop() else {
            return false;
        };
        self.apply(&change);
        self.undo.push(change);
        true
    }

    /// The spans the last undone or redone change touched (to repaint only those).
    pub fn spans_of_last_change(&self, undone: bool) -> Vec<Span> {
        let change = if undone {
            self.redo.last()
        } else {
            self.undo.last()
        };
        match change {
            Some(Change::Reader { before, after, .. }) => {
                before.iter().chain(after.iter()).map(|a| a.span).collect()
            }
            Some(Change::Override { id, before, after }) => {
                let engine = self.engine.iter().filter(|a| &a.id == id).map(|a| a.span);
                let replaced = [before, after]
                    .into_iter()
                    .flatten()
                    .filter_map(|o| match o {
                        Override::Replaced { annotation } => Some(annotation.span),
                        Override::Rejected => None,
                    });
                engine.chain(replaced).collect()
            }
            // A rename or a batch can touch anything: repaint everything.
            Some(Change::Rename { .. } | Change::Batch(_)) => vec![Span::new(0, self.text_length)],
            Some(Change::Orphans { .. }) => Vec::new(),
            None => Vec::new(),
        }
    }
}

/// Tags trimmed, without empties or repeats, in the order given.
pub fn normalise_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').trim().to_owned();
        if !tag.is_empty() && !out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            out.push(tag);
        }
    }
    out
}

/// Tags typed in one field, separated by commas.
pub fn parse_tags(input: &str) -> Vec<String> {
    normalise_tags(input.split(',').map(str::to_owned).collect())
}

fn now_digits(now: &str) -> String {
    now.chars().filter(char::is_ascii_digit).take(14).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annotation::engine_id;

    const NOW: &str = "2026-11-28T20:00:00Z";

    fn engine() -> Vec<Annotation> {
        let mut person =
            Annotation::by_reader(String::new(), AnnotationKind::Person, Span::new(0, 7));
        person.id = engine_id(AnnotationKind::Person, person.span);
        person.origin = Origin::Engine;
        person.entity = Some("Georgia".into());
        let mut place = person.clone();
        place.kind = AnnotationKind::Place;
        place.span = Span::new(20, 27);
        place.id = engine_id(AnnotationKind::Place, place.span);
        let mut quote = Annotation::by_reader(
            engine_id(AnnotationKind::Quote, Span::new(30, 40)),
            AnnotationKind::Quote,
            Span::new(30, 40),
        );
        quote.origin = Origin::Engine;
        quote.color = None;
        quote.speaker = Some(SpeakerRef {
            name: "Stoltenberg".into(),
            mention: Some(Span::new(41, 52)),
        });
        vec![person, place, quote]
    }

    #[test]
    fn reader_annotations_can_be_added_edited_deleted_and_undone() {
        let mut workspace = Workspace::new(100, engine());
        let id = workspace
            .add(AnnotationKind::Highlight, Span::new(50, 60), NOW)
            .unwrap();
        assert_eq!(workspace.annotations().len(), 4);
        let edit = AnnotationEdit {
            note: Some("Check this <b>claim</b>".into()),
            tags: Some(vec![" #verify".into(), "VERIFY".into(), "x".into()]),
            ..Default::default()
        };
        workspace.edit(&id, edit, NOW).unwrap();
        let annotation = workspace.get(&id).unwrap();
        assert_eq!(annotation.note, "Check this <b>claim</b>");
        assert_eq!(annotation.tags, ["verify", "x"]);
        workspace.delete(&id, NOW).unwrap();
        assert!(workspace.get(&id).is_none());
        assert!(workspace.undo());
        assert_eq!(workspace.get(&id).unwrap().note, "Check this <b>claim</b>");
        assert!(workspace.undo());
        assert_eq!(workspace.get(&id).unwrap().note, "");
        assert!(workspace.redo() && workspace.redo());
        assert!(workspace.get(&id).is_none());
        assert!(!workspace.redo());
    }

    #[test]
    fn corrections_to_engine_annotations_survive_running_the_engines_again() {
        let mut workspace = Workspace::new(100, engine());
        let quote_id = engine_id(AnnotationKind::Quote, Span::new(30, 40));
        let person_id = engine_id(AnnotationKind::Person, Span::new(0, 7));
        workspace.delete(&person_id, NOW).unwrap();
        let speaker = SpeakerRef {
            name: "Jens Stoltenberg".into(),
            mention: None,
        };
        workspace
            .edit(
                &quote_id,
                AnnotationEdit {
                    speaker: Some(Some(speaker)),
                    span: Some(Span::new(31, 40)),
                    ..Default::default()
                },
                NOW,
            )
            .unwrap();
        workspace.set_engine(engine());
        let shown = workspace.annotations();
        assert_eq!(shown.len(), 2, "the rejected mention stays rejected");
        let quote = workspace.get(&quote_id).unwrap();
        assert_eq!(quote.speaker.unwrap().name, "Jens Stoltenberg");
        assert_eq!(quote.span, Span::new(31, 40));
        assert!(workspace.undo() && workspace.undo());
        assert_eq!(workspace.annotations().len(), 3);
    }

    #[test]
    fn renaming_an_entity_applies_to_all_its_mentions_and_splitting_one_does_not() {
        let mut workspace = Workspace::new(100, engine());
        // "Georgia" the person is a different entity from Georgia the country: split one mention.
        let person_id = engine_id(AnnotationKind::Person, Span::new(0, 7));
        workspace
            .edit(
                &person_id,
                AnnotationEdit {
                    entity: Some(Some("Georgia Smith".into())),
                    ..Default::default()
                },
                NOW,
            )
            .unwrap();
        workspace.rename_entity(AnnotationKind::Place, "Georgia", "Georgia (country)");
        let names: Vec<Option<String>> = workspace
            .annotations()
            .iter()
            .map(|a| a.entity.clone())
            .collect();
        assert_eq!(
            names,
            [
                Some("Georgia Smith".into()),
                Some("Georgia (country)".into()),
                None
            ]
        );
        // Merging a speaker's name renames the quotes' speaker too.
        workspace.rename_entity(AnnotationKind::Person, "Stoltenberg", "Jens Stoltenberg");
        let quote = workspace
            .get(&engine_id(AnnotationKind::Quote, Span::new(30, 40)))
            .unwrap();
        assert_eq!(quote.speaker.unwrap().name, "Jens Stoltenberg");
        assert!(workspace.undo());
        assert_eq!(
            workspace
                .get(&engine_id(AnnotationKind::Quote, Span::new(30, 40)))
                .unwrap()
                .speaker
                .unwrap()
                .name,
            "Stoltenberg"
        );
    }

    #[test]
    fn bad_changes_are_refused_with_a_reason() {
        let mut workspace = Workspace::new(10, Vec::new());
        assert_eq!(
            workspace.add(AnnotationKind::Highlight, Span::new(3, 3), NOW),
            Err(WorkspaceError::EmptySpan)
        );
        assert!(matches!(
            workspace.add(AnnotationKind::Highlight, Span::new(3, 30), NOW),
            Err(WorkspaceError::OutsideText { .. })
        ));
        assert!(matches!(
            workspace.delete("nope", NOW),
            Err(WorkspaceError::NoSuchAnnotation(_))
        ));
        assert!(!workspace.can_undo());
    }

    #[test]
    fn shared_annotations_keep_unchanged_ones_and_agree_with_the_plain_list() {
        let mut workspace = Workspace::new(100, engine());
        let first = workspace.shared_annotations();
        let id = workspace
            .add(AnnotationKind::Highlight, Span::new(50, 60), NOW)
            .unwrap();
        workspace.rename_entity(AnnotationKind::Place, "Georgia", "Georgia (country)");
        let second = workspace.shared_annotations();
        let plain: Vec<Annotation> = workspace.annotations();
        assert_eq!(
            second.iter().map(|a| (**a).clone()).collect::<Vec<_>>(),
            plain
        );
        let same = |id: &str| {
            let a = first.iter().find(|a| a.id == id).unwrap();
            let b = second.iter().find(|b| b.id == id).unwrap();
            Arc::ptr_eq(a, b)
        };
        assert!(
            same(&engine_id(AnnotationKind::Quote, Span::new(30, 40))),
            "an untouched annotation is shared as it was"
        );
        assert!(
            !same(&engine_id(AnnotationKind::Place, Span::new(20, 27))),
            "a renamed one is new"
        );
        assert!(second.iter().any(|a| a.id == id));
    }

    /// One step a reader might take, for the property below.
    #[derive(Clone, Debug)]
    enum Step {
        Add(usize, usize),
        Note(usize),
        Resize(usize, usize),
        Delete(usize),
        Rename(bool),
        Undo,
        Redo,
        Reshare,
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            (0usize..95, 1usize..6).prop_map(|(start, length)| Step::Add(start, length)),
            (0usize..50).prop_map(Step::Note),
            (0usize..50, 0usize..95).prop_map(|(which, start)| Step::Resize(which, start)),
            (0usize..50).prop_map(Step::Delete),
            any::<bool>().prop_map(Step::Rename),
            Just(Step::Undo),
            Just(Step::Redo),
            Just(Step::Reshare),
        ]
    }

    proptest::proptest! {
        /// However the changes come, what is shared after each is exactly the plain list.
        #[test]
        fn shared_annotations_follow_every_change(
            steps in proptest::collection::vec(step(), 1..40),
            share_every in 1usize..4,
        ) {
            let mut workspace = Workspace::new(100, engine());
            for (number, step) in steps.into_iter().enumerate() {
                let ids: Vec<String> = workspace.annotations().into_iter().map(|a| a.id).collect();
                let pick = |which: usize| ids.get(which % ids.len().max(1)).cloned();
                match step {
                    Step::Add(start, length) => {
                        workspace
                            .add(AnnotationKind::Highlight, Span::new(start, start + length), NOW)
                            .unwrap();
                    }
                    Step::Note(which) => {
                        if let Some(id) = pick(which) {
                            let edit = AnnotationEdit {
                                note: Some(format!("note {number}")),
                                ..AnnotationEdit::default()
                            };
                            workspace.edit(&id, edit, NOW).unwrap();
                        }
                    }
                    Step::Resize(which, start) => {
                        if let Some(id) = pick(which) {
                            let edit = AnnotationEdit {
                                span: Some(Span::new(start, start + 3)),
                                ..AnnotationEdit::default()
                            };
                            workspace.edit(&id, edit, NOW).unwrap();
                        }
                    }
                    Step::Delete(which) => {
                        if let Some(id) = pick(which) {
                            workspace.delete(&id, NOW).unwrap();
                        }
                    }
                    Step::Rename(back) => {
                        let (from, to) = if back { ("Tbilisi", "Georgia") } else { ("Georgia", "Tbilisi") };
                        workspace.rename_entity(AnnotationKind::Place, from, to);
                    }
                    Step::Undo => {
                        workspace.undo();
                    }
                    Step::Redo => {
                        workspace.redo();
                    }
                    Step::Reshare => workspace.set_engine(engine()),
                }
                if number % share_every == 0 {
                    let shared: Vec<Annotation> =
                        workspace.shared_annotations().iter().map(|a| (**a).clone()).collect();
                    proptest::prop_assert_eq!(shared, workspace.annotations());
                }
            }
            let shared: Vec<Annotation> =
                workspace.shared_annotations().iter().map(|a| (**a).clone()).collect();
            proptest::prop_assert_eq!(shared, workspace.annotations());
        }
    }

    #[test]
    fn tags_are_parsed_from_one_field() {
        assert_eq!(
            parse_tags(" economy, #Trade,, economy ,日本"),
            ["economy", "Trade", "日本"]
        );
    }
}
