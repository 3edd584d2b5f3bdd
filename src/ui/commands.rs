//! What the reader does to their work, as commands over the application's state: each changes
//! the workspace (one undoable step), refreshes what is shown and asks for a save — add, edit,
//! delete or reject an annotation, rename an entity, title the article, undo and redo — and the
//! card that is open on an annotation.

use leptos::prelude::*;

use super::{saving, AppState};
use crate::browser;
use crate::browser::dom::after_paint;
use domain::annotation::{AnnotationId, AnnotationKind};
use domain::text::Span;
use domain::workspace::AnnotationEdit;

impl AppState {
    /// Records that the reader's work changed: refreshes the view and asks for a save (said at
    /// once: "Saved" is never stale).
    pub fn changed(&self) {
        self.refresh();
        self.changed_elsewhere();
    }

    /// Records that this tab holds work the store does not (merged from another tab, or a
    /// damaged entry to replace), and asks for a save.
    pub(super) fn changed_elsewhere(&self) {
        self.saving.changes.update_value(|c| *c += 1);
        saving::request_save(*self);
    }

    /// Adds a reader annotation over a span and opens its card; returns its id.
    pub fn add_annotation(
        &self,
        kind: AnnotationKind,
        span: Span,
        color: Option<domain::annotation::HighlightColor>,
    ) -> Option<AnnotationId> {
        browser::mark("annotation-add-start");
        let now = browser::now_millis();
        let id = browser::random_annotation_id();
        let result = self
            .document
            .workspace
            .try_update_value(|w| w.add(kind, span, color, id, now));
        match result {
            Some(Ok(id)) => {
                self.view.selection.set(None);
                browser::dom::clear_selection();
                self.changed();
                Some(id)
            }
            Some(Err(error)) => {
                self.view.show_error(error.to_string());
                None
            }
            None => None,
        }
    }

    pub fn edit_annotation(&self, id: &str, edit: AnnotationEdit) {
        let now = browser::now_millis();
        let result = self
            .document
            .workspace
            .try_update_value(|w| w.edit(id, edit, now));
        match result {
            Some(Ok(())) => self.changed(),
            Some(Err(error)) => self.view.show_error(error.to_string()),
            None => {}
        }
    }

    /// Saves what is typed in the open card (one undo step per card opening).
    pub fn flush_draft(&self) {
        super::card::flush_draft(*self);
    }

    pub fn delete_annotation(&self, id: &str) {
        let now = browser::now_millis();
        if let Some(Err(error)) = self
            .document
            .workspace
            .try_update_value(|w| w.delete(id, now))
        {
            self.view.show_error(error.to_string());
            return;
        }
        if self.view.open_card.get_untracked().as_deref() == Some(id) {
            self.view.open_card.set(None);
        }
        self.changed();
    }

    pub fn rename_entity(&self, kind: AnnotationKind, from: &str, to: &str) {
        let now = browser::now_millis();
        self.document
            .workspace
            .update_value(|w| w.rename_entity(kind, from, to, now));
        self.changed();
    }

    /// Gives the open article the reader's own title (`None`: its headline again).
    pub fn set_title(&self, title: Option<String>) {
        let now = browser::now_millis();
        self.document
            .workspace
            .update_value(|w| w.set_title(title, now));
        self.changed();
    }

    pub fn undo(&self) {
        self.flush_draft();
        let now = browser::now_millis();
        if self.document.workspace.try_update_value(|w| w.undo(now)) == Some(true) {
            self.changed();
        }
    }

    pub fn redo(&self) {
        self.flush_draft();
        let now = browser::now_millis();
        if self.document.workspace.try_update_value(|w| w.redo(now)) == Some(true) {
            self.changed();
        }
    }

    /// Opens an annotation's card and scrolls its mark into view.
    pub fn show_card(&self, id: &str) {
        self.flush_draft();
        self.view.open_card.set(Some(id.into()));
        let id = id.to_owned();
        after_paint(move || browser::dom::reveal_mark(&id));
    }

    /// Opens the card of an annotation already in front of the reader (just made, clicked or
    /// focused): no scrolling, no flash.
    pub fn show_card_in_place(&self, id: &str) {
        self.flush_draft();
        self.view.open_card.set(Some(id.into()));
        let id = id.to_owned();
        after_paint(move || {
            if let Some(mark) = browser::dom::mark_element(&id) {
                browser::dom::focus_mark(&mark);
            }
        });
    }
}
