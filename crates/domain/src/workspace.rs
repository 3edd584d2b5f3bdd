//! The reader's workspace for one article: the engines' annotations, the reader's layer of
//! corrections and own annotations (mergeable records, see [`crate::layer`]), and undo and
//! redo of every change.
//!
//! Corrections are kept apart from what the engines found — rejected or edited by annotation
//! id, entity groups renamed by name — and applied on top, so they survive running the engines
//! again (the entity model loads after the first render; a new version may find more).
//!
//! Every change is one reader action: a list of writes to records, each stamped by the tab's
//! clock. Undo and redo are new writes (with new stamps) of the values before or after, so they
//! reach other tabs like any edit, and a merge from another tab never clears the history. A
//! write whose record another tab changed since is left alone by undo and redo: they never
//! overwrite someone else's newer work.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::annotation::{
    merge_shown, shown_order, sort_annotations, Annotation, AnnotationId, AnnotationKind,
    HighlightColor, Origin, SourceKind, SpeakerRef,
};
use crate::calendar::Timestamp;
use crate::layer::{write, Orphan, Override, ReaderLayer};
use crate::limits::{normalise_tags, MAX_NOTE_CHARS, MAX_TAGS, MAX_TAG_CHARS};
use crate::sync::{Clock, Register, Stamp};
use crate::text::Span;

/// Beyond this many changed annotations, sharing starts afresh (one pass) instead of moving each.
const MAX_RESHARED: usize = 256;

/// A field-by-field edit of an annotation; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnotationEdit {
    pub kind: Option<AnnotationKind>,
    pub span: Option<Span>,
    pub note: Option<String>,
    pub tags: Option<Vec<String>>,
    pub color: Option<Option<HighlightColor>>,
    pub speaker: Option<Option<SpeakerRef>>,
    /// What kind of source a quotation or reported statement rests on.
    pub source_kind: Option<Option<SourceKind>>,
    pub entity: Option<Option<String>>,
}

/// Why a change could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkspaceError {
    NoSuchAnnotation(AnnotationId),
    EmptySpan,
    OutsideText { end: usize, length: usize },
    NoteTooLong { chars: usize },
    TooManyTags { count: usize },
    TagTooLong { chars: usize },
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkspaceError::NoSuchAnnotation(_) => write!(
                f,
                "That annotation is no longer here (it was deleted, perhaps in another tab)."
            ),
            WorkspaceError::EmptySpan => write!(f, "Select some text first."),
            WorkspaceError::OutsideText { end, length } => write!(
                f,
                "That range ends at {end}, past the article's {length} characters."
            ),
            WorkspaceError::NoteTooLong { chars } => write!(
                f,
                "A note holds at most {MAX_NOTE_CHARS} characters; this one has {chars}. Shorten it or split it over two annotations."
            ),
            WorkspaceError::TooManyTags { count } => {
                write!(f, "An annotation takes at most {MAX_TAGS} tags; this has {count}.")
            }
            WorkspaceError::TagTooLong { chars } => write!(
                f,
                "A tag holds at most {MAX_TAG_CHARS} characters; one has {chars}."
            ),
        }
    }
}

/// One write to one record of the layer, with the value before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Write {
    Annotation {
        id: AnnotationId,
        before: Option<Annotation>,
        after: Option<Annotation>,
    },
    Override {
        id: AnnotationId,
        before: Option<Override>,
        after: Option<Override>,
    },
    Rename {
        kind: AnnotationKind,
        from: String,
        before: Option<String>,
        after: Option<String>,
    },
    Orphan {
        id: AnnotationId,
        before: Option<Orphan>,
        after: Option<Orphan>,
    },
    Title {
        before: Option<String>,
        after: Option<String>,
    },
}

/// Which side of a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

fn pick<T>(side: Side, before: &Option<T>, after: &Option<T>) -> Option<T>
where
    T: Clone,
{
    match side {
        Side::Before => before.clone(),
        Side::After => after.clone(),
    }
}

/// One reader action: undone and redone as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Change {
    writes: Vec<Write>,
    /// Typing in one card's field: later keystrokes of the same session join this change.
    typing: Option<(u64, String)>,
}

/// One article's annotations and their history.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    text_length: usize,
    /// The engines' annotations in the order shown, each shared as it is unless corrected.
    engine: Vec<Arc<Annotation>>,
    layer: ReaderLayer,
    clock: Clock,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// Where each engine annotation is, by id.
    engine_index: HashMap<AnnotationId, usize>,
    /// The annotations last shared, by id: unchanged ones keep their allocation, so a view can
    /// tell what changed by pointer.
    shared: HashMap<AnnotationId, Arc<Annotation>>,
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
    Ids(HashSet<AnnotationId>),
}

impl Stale {
    fn mark(&mut self, id: &str) {
        if let Stale::Ids(ids) = self {
            ids.insert(id.into());
        }
    }
}

impl Workspace {
    /// A workspace for a text of `text_length` code points, with the engines' annotations; its
    /// writes are stamped by `clock` (the tab's).
    pub fn new(text_length: usize, engine: Vec<Annotation>, clock: Clock) -> Self {
        let mut workspace = Workspace {
            text_length,
            clock,
            ..Workspace::default()
        };
        workspace.set_engine(engine);
        workspace
    }

    /// Replaces the engines' annotations (the corrections stay and apply to the new ones).
    pub fn set_engine(&mut self, mut engine: Vec<Annotation>) {
        // The engines give them in this order; sorted here only if not, so a share can merge.
        if !engine.is_sorted_by(|a, b| shown_order(a, b).is_le()) {
            sort_annotations(&mut engine);
        }
        self.engine_index = engine
            .iter()
            .enumerate()
            .map(|(position, a)| (a.id.clone(), position))
            .collect();
        self.engine = engine.into_iter().map(Arc::new).collect();
        self.stale = Stale::All;
    }

    /// Loads the saved layer of the article just opened (its history starts afresh).
    pub fn load(&mut self, layer: ReaderLayer) {
        self.clock.observe(layer.newest());
        self.layer = layer;
        self.undo.clear();
        self.redo.clear();
        self.stale = Stale::All;
    }

    /// Merges another copy of the layer (another tab's save, a backup): the newest write of every
    /// record wins. The history stays. Returns whether anything shown here may have changed.
    pub fn merge(&mut self, other: &ReaderLayer) -> bool {
        self.clock.observe(other.newest());
        let changed = self.layer.merge(other);
        if changed {
            self.stale = Stale::All;
        }
        changed
    }

    pub fn layer(&self) -> &ReaderLayer {
        &self.layer
    }

    /// The tab's clock (handed on to the next article's workspace).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// A stamp for a write outside the layer (a library entry).
    pub fn tick(&mut self, now_millis: u64) -> Stamp {
        self.clock.tick(now_millis)
    }

    /// Moves the tab's clock past a stamp read outside the layer (the library's records, an
    /// article about to be deleted), so that the next write outranks it.
    pub fn observe(&mut self, seen: Stamp) {
        self.clock.observe(seen);
    }

    /// The engines' annotations as corrected, then the reader's; before renames, in no order.
    fn shown_unrenamed(&self) -> impl Iterator<Item = &Annotation> {
        self.engine
            .iter()
            .filter_map(|annotation| self.engine_as_corrected(&annotation.id))
            .chain(self.layer.live_annotations())
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

    /// The orphans kept aside, by id, in id order.
    pub fn orphans(&self) -> Vec<(AnnotationId, Orphan)> {
        self.layer
            .live_orphans()
            .map(|(id, orphan)| (id.clone(), orphan.clone()))
            .collect()
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
            // Each re-share moves one entry of the sorted list: for many (an import), one pass.
            Stale::Ids(ids) if ids.len() > MAX_RESHARED => self.share_all(),
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
                self.shared.insert(id.into(), previous.clone());
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
            self.shared.insert(id.into(), current);
        }
    }

    /// Shares every annotation afresh (keeping the allocation of those that did not change).
    ///
    /// An engine annotation neither corrected nor renamed is shared as the engines' own value,
    /// and those stay in the engines' order (the order shown): only the others (the reader's,
    /// corrections, usually few) are sorted, and merged in.
    fn share_all(&mut self) {
        let mut next: HashMap<AnnotationId, Arc<Annotation>> =
            HashMap::with_capacity(self.shared.len().max(self.engine.len()) + 1);
        let mut in_order = Vec::with_capacity(self.engine.len());
        let mut others = Vec::new();
        let keep = |value: &Annotation, fresh: &dyn Fn() -> Arc<Annotation>| match self
            .shared
            .get(&value.id)
        {
            Some(previous) if **previous == *value => previous.clone(),
            _ => fresh(),
        };
        for engine in &self.engine {
            let shared = match self.layer.override_of(&engine.id) {
                Some(Override::Rejected) => continue,
                Some(Override::Replaced { annotation }) => {
                    let value = self.renamed(annotation);
                    let value = value.as_ref().unwrap_or(annotation);
                    others.push(keep(value, &|| Arc::new(value.clone())));
                    continue;
                }
                None => match self.renamed(engine) {
                    Some(renamed) => keep(&renamed, &|| Arc::new(renamed.clone())),
                    None => match self.shared.get(&engine.id) {
                        Some(previous) if Arc::ptr_eq(previous, engine) => previous.clone(),
                        _ => keep(engine, &|| engine.clone()),
                    },
                },
            };
            in_order.push(shared);
        }
        for annotation in self.layer.live_annotations() {
            let value = self.renamed(annotation);
            let value = value.as_ref().unwrap_or(annotation);
            others.push(keep(value, &|| Arc::new(value.clone())));
        }
        others.sort_unstable_by(|a, b| shown_order(a, b));
        let list = merge_shown(in_order, others);
        for shared in &list {
            next.insert(shared.id.clone(), shared.clone());
        }
        self.shared = next;
        self.shared_list = list;
    }

    /// The annotation with the renames applied, if any applies (else `None`: it shows as is).
    fn renamed(&self, annotation: &Annotation) -> Option<Annotation> {
        let entity_renamed = annotation
            .entity()
            .is_some_and(|name| self.layer.renamed(annotation.kind(), name).is_some());
        let speaker_renamed = annotation.speaker().is_some_and(|speaker| {
            self.layer
                .renamed(AnnotationKind::Person, &speaker.name)
                .is_some()
        });
        (entity_renamed || speaker_renamed).then(|| {
            let mut renamed = annotation.clone();
            self.apply_renames(&mut renamed);
            renamed
        })
    }

    fn apply_renames(&self, annotation: &mut Annotation) {
        let renamed = annotation
            .entity()
            .and_then(|entity| self.layer.renamed(annotation.kind(), entity))
            .map(str::to_owned);
        if renamed.is_some() {
            annotation.set_entity(renamed);
        }
        if let Some(speaker) = annotation.speaker_mut() {
            if let Some(to) = self.layer.renamed(AnnotationKind::Person, &speaker.name) {
                speaker.name = to.to_owned();
            }
        }
    }

    /// The annotation with this id, as shown.
    pub fn get(&self, id: &str) -> Option<Annotation> {
        let mut found = self.get_unrenamed(id)?;
        self.apply_renames(&mut found);
        Some(found)
    }

    /// Whether an id is in use here (by the engines, or by a record of the reader's, even a
    /// deleted one): an imported or new annotation takes another.
    pub fn id_taken(&self, id: &str) -> bool {
        self.engine_index.contains_key(id) || self.layer.annotations.contains_key(id)
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

    /// Adds a reader annotation over `span` with the id `id` (random, made by the caller), in
    /// one undoable step with its colour. `now_millis` is the wall clock.
    pub fn add(
        &mut self,
        kind: AnnotationKind,
        span: Span,
        color: Option<HighlightColor>,
        id: AnnotationId,
        now_millis: u64,
    ) -> Result<AnnotationId, WorkspaceError> {
        self.check_span(span)?;
        let mut annotation = Annotation::by_reader(id.clone(), kind, span);
        if color.is_some() {
            annotation.set_color(color);
        }
        annotation.modified = Some(Timestamp::from_millis(now_millis));
        let before = self.layer.annotation(&id).cloned();
        self.record(
            vec![Write::Annotation {
                id: id.clone(),
                before,
                after: Some(annotation),
            }],
            None,
            now_millis,
        );
        Ok(id)
    }

    /// Adds a copy of an annotation as the reader's, under a new id, in one undoable step (a note
    /// typed on an annotation another tab deleted, kept as a new annotation).
    pub fn add_copy(
        &mut self,
        annotation: &Annotation,
        id: AnnotationId,
        now_millis: u64,
    ) -> Result<AnnotationId, WorkspaceError> {
        self.check_span(annotation.span)?;
        let mut copy = annotation.clone();
        copy.id = id.clone();
        copy.origin = Origin::Reader;
        copy.note = {
            let chars = copy.note.chars().count();
            if chars > MAX_NOTE_CHARS {
                return Err(WorkspaceError::NoteTooLong { chars });
            }
            copy.note
        };
        copy.tags = checked_tags(copy.tags)?;
        copy.modified = Some(Timestamp::from_millis(now_millis));
        self.record(
            vec![Write::Annotation {
                id: id.clone(),
                before: self.layer.annotation(&id).cloned(),
                after: Some(copy),
            }],
            None,
            now_millis,
        );
        Ok(id)
    }

    /// Applies a confirmed import as one undoable change: new annotations added (an id already
    /// in use here gets a fresh one from `fresh_id`), chosen replacements made, orphans kept aside.
    pub fn apply_import(
        &mut self,
        new: Vec<Annotation>,
        replacements: Vec<Annotation>,
        orphans: Vec<Orphan>,
        now_millis: u64,
        fresh_id: &mut dyn FnMut() -> AnnotationId,
    ) {
        let mut writes = Vec::new();
        let mut taken: HashSet<AnnotationId> = HashSet::new();
        for mut annotation in new {
            annotation.origin = Origin::Reader;
            while annotation.id.is_empty()
                || self.id_taken(&annotation.id)
                || taken.contains(&annotation.id)
            {
                annotation.id = fresh_id();
            }
            taken.insert(annotation.id.clone());
            writes.push(Write::Annotation {
                id: annotation.id.clone(),
                before: None,
                after: Some(annotation),
            });
        }
        let modified = Timestamp::from_millis(now_millis);
        for mut replacement in replacements {
            replacement.modified = Some(modified.clone());
            // An engine mark the reader rejected is replaced too: the import brings it back.
            if self.engine_index.contains_key(&replacement.id) {
                writes.push(Write::Override {
                    id: replacement.id.clone(),
                    before: self.layer.override_of(&replacement.id).cloned(),
                    after: Some(Override::Replaced {
                        annotation: replacement,
                    }),
                });
            } else if let Some(current) = self.get_unrenamed(&replacement.id) {
                writes.push(Write::Annotation {
                    id: replacement.id.clone(),
                    before: Some(current),
                    after: Some(replacement),
                });
            }
        }
        for orphan in orphans {
            let mut id = orphan.annotation.id.clone();
            while id.is_empty() || self.layer.orphans.contains_key(&id) || taken.contains(&id) {
                id = fresh_id();
            }
            taken.insert(id.clone());
            writes.push(Write::Orphan {
                id,
                before: None,
                after: Some(orphan),
            });
        }
        if !writes.is_empty() {
            self.record(writes, None, now_millis);
        }
    }

    /// The engines' marks the reader rejected, as the engines made them (an import that carries
    /// one does not bring it back unless the reader asks).
    pub fn rejected(&self) -> Vec<Annotation> {
        self.layer
            .live_overrides()
            .filter(|(_, correction)| matches!(correction, Override::Rejected))
            .filter_map(|(id, _)| {
                let &position = self.engine_index.get(id)?;
                Some((*self.engine[position]).clone())
            })
            .collect()
    }

    /// Removes a kept orphan (the reader chose to), undoably.
    pub fn discard_orphan(&mut self, id: &str, now_millis: u64) {
        let before = self.layer.orphans.get(id).and_then(Register::live).cloned();
        if before.is_some() {
            self.record(
                vec![Write::Orphan {
                    id: id.into(),
                    before,
                    after: None,
                }],
                None,
                now_millis,
            );
        }
    }

    /// Gives the article the reader's own title (`None`: back to its headline), undoably.
    pub fn set_title(&mut self, title: Option<String>, now_millis: u64) {
        let title = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
        let before = self.layer.title().map(str::to_owned);
        if before != title {
            self.record(
                vec![Write::Title {
                    before,
                    after: title,
                }],
                None,
                now_millis,
            );
        }
    }

    /// Edits any annotation: a reader's directly, an engine's as a correction.
    pub fn edit(
        &mut self,
        id: &str,
        edit: AnnotationEdit,
        now_millis: u64,
    ) -> Result<(), WorkspaceError> {
        self.edit_as(id, edit, now_millis, None)
    }

    /// An edit typed in a card's field: the keystrokes of one typing session (`session`, one per
    /// opened card) are one undo step, however often they are saved.
    pub fn edit_typing(
        &mut self,
        id: &str,
        edit: AnnotationEdit,
        now_millis: u64,
        session: u64,
    ) -> Result<(), WorkspaceError> {
        self.edit_as(id, edit, now_millis, Some(session))
    }

    fn edit_as(
        &mut self,
        id: &str,
        edit: AnnotationEdit,
        now_millis: u64,
        session: Option<u64>,
    ) -> Result<(), WorkspaceError> {
        let current = self
            .get_unrenamed(id)
            .ok_or_else(|| WorkspaceError::NoSuchAnnotation(id.into()))?;
        let mut after = current.clone();
        if let Some(kind) = edit.kind {
            after.set_kind(kind);
        }
        if let Some(span) = edit.span {
            self.check_span(span)?;
            after.span = span;
        }
        if let Some(note) = edit.note {
            let chars = note.chars().count();
            if chars > MAX_NOTE_CHARS {
                return Err(WorkspaceError::NoteTooLong { chars });
            }
            after.note = note;
        }
        if let Some(tags) = edit.tags {
            after.tags = checked_tags(tags)?;
        }
        if let Some(color) = edit.color {
            after.set_color(color);
        }
        if let Some(speaker) = edit.speaker {
            after.set_speaker(speaker);
        }
        if let (Some(kind), Some(said)) = (edit.source_kind, after.attribution_mut()) {
            said.source_kind = kind;
        }
        if let Some(entity) = edit.entity {
            after.set_entity(entity);
        }
        if after == current {
            return Ok(());
        }
        after.modified = Some(Timestamp::from_millis(now_millis));
        let write = self.replacing(id, current, Some(after));
        let typing = session.map(|s| (s, id.to_owned()));
        if typing.is_some() && self.redo.is_empty() {
            if let Some(last) = self.undo.last_mut() {
                if last.typing == typing && last.writes.len() == 1 {
                    if let Some(joined) = joined_write(&last.writes[0], &write) {
                        // The same typing session: this keystroke joins its undo step.
                        let at = self.clock.tick(now_millis);
                        Self::set_side(&mut self.layer, &mut self.stale, &write, Side::After, at);
                        last.writes[0] = joined;
                        return Ok(());
                    }
                }
            }
        }
        self.record(vec![write], typing, now_millis);
        Ok(())
    }

    /// Deletes a reader annotation, or rejects an engine one.
    pub fn delete(&mut self, id: &str, now_millis: u64) -> Result<(), WorkspaceError> {
        let current = self
            .get_unrenamed(id)
            .ok_or_else(|| WorkspaceError::NoSuchAnnotation(id.into()))?;
        let write = self.replacing(id, current, None);
        self.record(vec![write], None, now_millis);
        Ok(())
    }

    /// Renames an entity group: every mention of `kind` shown under `shown` is shown under `to`
    /// (joining that group if it exists). Quotes attributed to a renamed person follow.
    pub fn rename_entity(&mut self, kind: AnnotationKind, shown: &str, to: &str, now_millis: u64) {
        let to = to.trim();
        if shown == to || to.is_empty() {
            return;
        }
        let writes: Vec<Write> = self
            .layer
            .rename_writes(kind, shown, to)
            .into_iter()
            .map(|(from, after)| Write::Rename {
                kind,
                before: self.layer.renamed(kind, &from).map(str::to_owned),
                from,
                after,
            })
            .collect();
        if !writes.is_empty() {
            self.record(writes, None, now_millis);
        }
    }

    /// The annotation as stored, before renames (so that edits do not bake a rename in).
    fn get_unrenamed(&self, id: &str) -> Option<Annotation> {
        self.layer
            .annotation(id)
            .cloned()
            .or_else(|| self.engine_as_corrected(id).cloned())
    }

    /// An engine annotation with the reader's correction applied (`None`: none such, or rejected).
    /// A correction to an annotation the engines no longer make shows nothing.
    fn engine_as_corrected(&self, id: &str) -> Option<&Annotation> {
        let &position = self.engine_index.get(id)?;
        match self.layer.override_of(id) {
            Some(Override::Rejected) => None,
            Some(Override::Replaced { annotation }) => Some(annotation),
            None => Some(&self.engine[position]),
        }
    }

    /// The write that shows `after` (or nothing) in place of annotation `id`.
    fn replacing(&self, id: &str, current: Annotation, after: Option<Annotation>) -> Write {
        if self.engine_index.contains_key(id) && self.layer.annotation(id).is_none() {
            Write::Override {
                id: id.into(),
                before: self.layer.override_of(id).cloned(),
                after: Some(match after {
                    Some(annotation) => Override::Replaced { annotation },
                    None => Override::Rejected,
                }),
            }
        } else {
            Write::Annotation {
                id: id.into(),
                before: Some(current),
                after,
            }
        }
    }

    fn record(&mut self, writes: Vec<Write>, typing: Option<(u64, String)>, now_millis: u64) {
        let at = self.clock.tick(now_millis);
        for write in &writes {
            Self::set_side(&mut self.layer, &mut self.stale, write, Side::After, at);
        }
        self.undo.push(Change { writes, typing });
        self.redo.clear();
    }

    /// Whether the record a write touches holds that side's value now.
    fn holds(layer: &ReaderLayer, write: &Write, side: Side) -> bool {
        match write {
            Write::Annotation { id, before, after } => {
                layer.annotation(id).cloned() == pick(side, before, after)
            }
            Write::Override { id, before, after } => {
                layer.override_of(id).cloned() == pick(side, before, after)
            }
            Write::Rename {
                kind,
                from,
                before,
                after,
            } => layer.renamed(*kind, from).map(str::to_owned) == pick(side, before, after),
            Write::Orphan { id, before, after } => {
                layer.orphans.get(id).and_then(Register::live).cloned() == pick(side, before, after)
            }
            Write::Title { before, after } => {
                layer.title().map(str::to_owned) == pick(side, before, after)
            }
        }
    }

    /// Writes one side of a write to its record, stamped `at`.
    fn set_side(layer: &mut ReaderLayer, stale: &mut Stale, write: &Write, side: Side, at: Stamp) {
        match write {
            Write::Annotation { id, before, after } => {
                stale.mark(id);
                self::write(
                    &mut layer.annotations,
                    id.clone(),
                    pick(side, before, after),
                    at,
                );
            }
            Write::Override { id, before, after } => {
                stale.mark(id);
                self::write(
                    &mut layer.overrides,
                    id.clone(),
                    pick(side, before, after),
                    at,
                );
            }
            Write::Rename {
                kind,
                from,
                before,
                after,
            } => {
                *stale = Stale::All;
                let records = layer.renames.entry(*kind).or_default();
                self::write(records, from.clone(), pick(side, before, after), at);
            }
            Write::Orphan { id, before, after } => {
                self::write(
                    &mut layer.orphans,
                    id.clone(),
                    pick(side, before, after),
                    at,
                );
            }
            Write::Title { before, after } => {
                layer.title = Some(Register::new(at, pick(side, before, after)));
            }
        }
    }

    /// Takes one change back or forth: each write whose record still holds the value it left
    /// (`from`) gets the other side, with a new stamp; a record changed since (in another tab) is
    /// left as it is.
    fn replay(&mut self, change: &Change, from: Side, to: Side, now_millis: u64) {
        let at = self.clock.tick(now_millis);
        let writes: Box<dyn Iterator<Item = &Write>> = match to {
            Side::Before => Box::new(change.writes.iter().rev()),
            Side::After => Box::new(change.writes.iter()),
        };
        for write in writes {
            if Self::holds(&self.layer, write, from) {
                Self::set_side(&mut self.layer, &mut self.stale, write, to, at);
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
    pub fn undo(&mut self, now_millis: u64) -> bool {
        let Some(change) = self.undo.pop() else {
            return false;
        };
        self.replay(&change, Side::After, Side::Before, now_millis);
        self.redo.push(Change {
            typing: None,
            ..change
        });
        true
    }

    /// Redoes the last undone change; returns whether there was one.
    pub fn redo(&mut self, now_millis: u64) -> bool {
        let Some(change) = self.redo.pop() else {
            return false;
        };
        self.replay(&change, Side::Before, Side::After, now_millis);
        self.undo.push(change);
        true
    }
}

/// `first` followed by `then` as one write (its before, then's after), when both write the same
/// record.
fn joined_write(first: &Write, then: &Write) -> Option<Write> {
    match (first, then) {
        (
            Write::Annotation { id, before, .. },
            Write::Annotation {
                id: then_id, after, ..
            },
        ) if id == then_id => Some(Write::Annotation {
            id: id.clone(),
            before: before.clone(),
            after: after.clone(),
        }),
        (
            Write::Override { id, before, .. },
            Write::Override {
                id: then_id, after, ..
            },
        ) if id == then_id => Some(Write::Override {
            id: id.clone(),
            before: before.clone(),
            after: after.clone(),
        }),
        _ => None,
    }
}

/// Tags normalised and within the limits.
fn checked_tags(tags: Vec<String>) -> Result<Vec<String>, WorkspaceError> {
    let tags = normalise_tags(tags);
    if tags.len() > MAX_TAGS {
        return Err(WorkspaceError::TooManyTags { count: tags.len() });
    }
    if let Some(chars) = tags
        .iter()
        .map(|t| t.chars().count())
        .find(|&c| c > MAX_TAG_CHARS)
    {
        return Err(WorkspaceError::TagTooLong { chars });
    }
    Ok(tags)
}

#[cfg(test)]
mod tests;
