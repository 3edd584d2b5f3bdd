//! Building a block's marked-up text as DOM nodes in one fragment: the hot path of showing an
//! article with thousands of annotations (the layout itself is `domain::layout`). Text goes in
//! as text nodes only. Marks are made focusable (`tabindex`) only when the keyboard reaches
//! them, which keeps thousands of attributes off the page.

use std::sync::Arc;

use wasm_bindgen::{intern, JsCast};
use web_sys::{Document, Element, Node};

use domain::annotation::{Annotation, HighlightColor};
use domain::layout::{layout, LayoutItem, Node as LayoutNode};
use domain::text::{IndexedText, Span};

/// Replaces `element`'s children with the block's text and marks.
pub fn fill_block(element: &Element, block: Span, marks: &[Arc<Annotation>], text: &IndexedText) {
    let Some(document) = element.owner_document() else {
        return;
    };
    let items: Vec<LayoutItem> = marks
        .iter()
        .enumerate()
        .map(|(index, a)| LayoutItem {
            span: a.span,
            index,
        })
        .collect();
    let fragment = document.create_document_fragment();
    append_nodes(
        &document,
        fragment.unchecked_ref(),
        &layout(block, &items),
        marks,
        text,
    );
    element.set_text_content(None);
    let _ = element.append_child(&fragment);
}

/// The classes that style a mark: its kind, its colour, the kind of source a quotation or
/// reported statement rests on (`src-unnamed`, …), whether it starts its annotation and
/// whether it has a note.
pub fn mark_class(annotation: &Annotation, first_piece: bool) -> String {
    let mut class = format!("k-{}", annotation.kind().label());
    if let Some(color) = annotation.color() {
        class.push_str(" c-");
        class.push_str(color.label());
    }
    if let Some(kind) = annotation.source_kind() {
        class.push_str(" src-");
        class.push_str(kind.label());
    }
    if first_piece {
        class.push_str(" first");
    }
    if !annotation.note.is_empty() {
        class.push_str(" has-note");
    }
    class
}

fn append_nodes(
    document: &Document,
    parent: &Node,
    nodes: &[LayoutNode],
    marks: &[Arc<Annotation>],
    text: &IndexedText,
) {
    for node in nodes {
        match node {
            LayoutNode::Text(span) => {
                let _ = parent.append_child(&document.create_text_node(text.slice(*span)));
            }
            LayoutNode::Mark {
                index,
                first_piece,
                children,
                ..
            } => {
                let annotation = &marks[*index];
                // Repeated strings (names, kinds, classes) cross to JavaScript once and are reused.
                let Ok(mark) = document.create_element(intern("mark")) else {
                    continue;
                };
                mark.set_class_name(intern(&mark_class(annotation, *first_piece)));
                let _ = mark.set_attribute(intern("data-kind"), intern(annotation.kind().label()));
                let _ = mark.set_attribute(intern("data-id"), &annotation.id);
                if let Some(color) = annotation.color() {
                    let _ = mark
                        .set_attribute(intern("data-color"), intern(HighlightColor::label(color)));
                }
                if let Some(kind) = annotation.source_kind() {
                    let _ = mark.set_attribute(intern("data-source-kind"), intern(kind.label()));
                }
                if *first_piece {
                    let _ = mark.set_attribute(intern("data-first"), intern("true"));
                }
                let _ = mark.set_attribute(
                    intern("aria-label"),
                    &annotation.describe(text.slice(annotation.span)),
                );
                append_nodes(document, mark.unchecked_ref(), children, marks, text);
                let _ = parent.append_child(&mark);
            }
        }
    }
}
