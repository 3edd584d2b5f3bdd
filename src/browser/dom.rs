//! The DOM work the page cannot avoid: mapping the browser's selection to code-point offsets of
//! the article, finding, focusing and flashing marks (and stepping from mark to mark), what an
//! event happened on, focus, downloads and the clipboard, work deferred to after the next
//! paint, and the first paint taken away.
//!
//! Offsets: the DOM counts UTF-16 units inside text nodes; the model counts code points. Each
//! rendered block carries `data-start` (its first code point); a position inside it is that
//! plus the code points of the text before it in the block.

use domain::annotation::AnnotationId;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, Node};

use super::document;
use domain::text::{utf16_to_char_offset, Span};

/// `NodeFilter.SHOW_TEXT`.
const SHOW_TEXT: u32 = 4;

/// The block element holding a node: the nearest ancestor with `data-start`.
fn block_of(node: &Node) -> Option<Element> {
    let element = match node.dyn_ref::<Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    element.closest("[data-start]").ok().flatten()
}

/// The code-point offset in the article of a DOM position (node, offset in UTF-16 units or
/// child index) inside `article`.
fn article_offset(node: &Node, offset: u32) -> Option<usize> {
    let block = block_of(node)?;
    let block_start: usize = block.get_attribute("data-start")?.parse().ok()?;
    let document = document()?;
    let walker = document
        .create_tree_walker_with_what_to_show(&block, SHOW_TEXT)
        .ok()?;
    // The position as (text node, UTF-16 offset) — an element position points between children.
    let (target, target_offset) = if node.node_type() == Node::TEXT_NODE {
        (Some(node.clone()), offset as usize)
    } else {
        match node.child_nodes().item(offset) {
            Some(child) => (first_text_in(&document, &child), 0),
            None => (None, 0),
        }
    };
    let mut chars = 0usize;
    while let Ok(Some(text_node)) = walker.next_node() {
        let data = text_node.text_content().unwrap_or_default();
        if target
            .as_ref()
            .is_some_and(|t| t.is_same_node(Some(&text_node)))
        {
            let inside = utf16_to_char_offset(&data, target_offset).unwrap_or(data.chars().count());
            return Some(block_start + chars + inside);
        }
        chars += data.chars().count();
    }
    // The position is after every text node of the block (or in a block with none).
    Some(block_start + chars)
}

fn first_text_in(document: &web_sys::Document, node: &Node) -> Option<Node> {
    if node.node_type() == Node::TEXT_NODE {
        return Some(node.clone());
    }
    let walker = document
        .create_tree_walker_with_what_to_show(node, SHOW_TEXT)
        .ok()?;
    walker.next_node().ok().flatten()
}

/// Where the words `span` of the block starting at code point `block_start` are on the page:
/// one rectangle per line they cover (left, top, width, height, in page pixels), or none when
/// that block is not on the page.
pub fn span_rects(block_start: usize, span: Span) -> Vec<(f64, f64, f64, f64)> {
    let rects = || -> Option<Vec<(f64, f64, f64, f64)>> {
        let document = document()?;
        let selector = format!("#{ARTICLE_ID} [data-start=\"{block_start}\"]");
        let block = document.query_selector(&selector).ok()??;
        let walker = document
            .create_tree_walker_with_what_to_show(&block, SHOW_TEXT)
            .ok()?;
        let range = document.create_range().ok()?;
        // Code points before each text node, until the span's start and end are placed.
        let mut chars = block_start;
        let (mut started, mut ended) = (false, false);
        while let Ok(Some(node)) = walker.next_node() {
            let data = node.text_content().unwrap_or_default();
            let length = data.chars().count();
            let utf16_at = |at: usize| -> u32 {
                data.chars()
                    .take(at - chars)
                    .map(char::len_utf16)
                    .sum::<usize>() as u32
            };
            if !started && span.start < chars + length {
                range.set_start(&node, utf16_at(span.start)).ok()?;
                started = true;
            }
            if started && span.end <= chars + length {
                range.set_end(&node, utf16_at(span.end)).ok()?;
                ended = true;
                break;
            }
            chars += length;
        }
        if !(started && ended) {
            return None;
        }
        let window = web_sys::window()?;
        let (scroll_x, scroll_y) = (
            window.scroll_x().unwrap_or(0.0),
            window.scroll_y().unwrap_or(0.0),
        );
        let list = range.get_client_rects()?;
        Some(
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter(|rect| rect.width() > 0.0)
                .map(|rect| {
                    (
                        rect.left() + scroll_x,
                        rect.top() + scroll_y,
                        rect.width(),
                        rect.height(),
                    )
                })
                .collect(),
        )
    };
    rects().unwrap_or_default()
}

/// The article span the reader has selected, if the selection lies in the article.
pub fn selection_span(article: &Element) -> Option<Span> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let (start_node, end_node) = (range.start_container().ok()?, range.end_container().ok()?);
    if !article.contains(Some(&start_node)) || !article.contains(Some(&end_node)) {
        return None;
    }
    let start = article_offset(&start_node, range.start_offset().ok()?)?;
    let end = article_offset(&end_node, range.end_offset().ok()?)?;
    let span = Span::new(start, end);
    (!span.is_empty()).then_some(span)
}

/// Where the selection is on screen (for placing the toolbar): left, bottom, in page pixels.
pub fn selection_position() -> Option<(f64, f64)> {
    let window = web_sys::window()?;
    let selection = window.get_selection().ok()??;
    let range = selection.get_range_at(0).ok()?;
    let rect = range.get_bounding_client_rect();
    let scroll_y = window.scroll_y().unwrap_or(0.0);
    let scroll_x = window.scroll_x().unwrap_or(0.0);
    Some((rect.left() + scroll_x, rect.bottom() + scroll_y))
}

pub fn clear_selection() {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
    }
}

fn css_escape(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

/// The first rendered piece of an annotation's mark.
pub fn mark_element(id: &str) -> Option<HtmlElement> {
    let selector = format!("mark[data-id=\"{}\"]", css_escape(id));
    document()?.query_selector(&selector).ok()??.dyn_into().ok()
}

/// Focuses a mark without scrolling (making it focusable first: marks are not in the tab order).
/// Never while the reader is in a text field: a focus asked for a frame ago (after a card opens)
/// must not take the keys from a note the reader has started typing.
pub fn focus_mark(mark: &HtmlElement) {
    if text_field_has_focus() {
        return;
    }
    if !mark.has_attribute("tabindex") {
        let _ = mark.set_attribute("tabindex", "-1");
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = mark.focus_with_options(&options);
}

/// Scrolls to an annotation, focuses it and flashes it.
pub fn reveal_mark(id: &str) {
    let Some(mark) = mark_element(id) else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    mark.scroll_into_view_with_scroll_into_view_options(&options);
    focus_mark(&mark);
    let class_list = mark.class_list();
    let _ = class_list.remove_1("flash");
    // Restarting the animation needs a reflow between removing and adding the class.
    let _ = mark.offset_width();
    let _ = class_list.add_1("flash");
}

/// Offers text to the reader as a file download.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let document = document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not make the file")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link")?
        .dyn_into()
        .map_err(|_| "no link")?;
    link.set_href(&url);
    link.set_download(file_name);
    link.set_class_name("visually-hidden");
    document
        .body()
        .ok_or("no body")?
        .append_child(&link)
        .map_err(|_| "no body")?;
    link.click();
    link.remove();
    // Revoke later: the download reads the blob after this returns.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies text to the clipboard.
pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("no window")?
        .navigator()
        .clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "The browser did not allow copying; use the download instead.".to_owned())
}

/// Whether the focused element takes typing (a text area, a text input, a select, an editable).
pub fn text_field_has_focus() -> bool {
    let Some(active) = document().and_then(|d| d.active_element()) else {
        return false;
    };
    match active.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            active.get_attribute("type").as_deref(),
            Some("button" | "checkbox" | "radio" | "file" | "submit" | "reset" | "color" | "range")
        ),
        _ => active
            .dyn_ref::<HtmlElement>()
            .is_some_and(HtmlElement::is_content_editable),
    }
}

/// Runs `f` after the browser has painted the current changes (the next frame, then a task).
/// (By hand: `gloo-render`'s frame handle cancels the frame when dropped, and this one must
/// outlive its caller.)
///
/// How many such calls are still waiting is on the root element, `data-after-paint="N"`: a test
/// that asserts nothing happened (the focus stayed, nothing moved) waits for it to be 0 instead
/// of guessing how long the page's deferred work takes.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    count_after_paint(1);
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, move || {
            f();
            count_after_paint(-1);
        })
        .forget()
    });
    if window
        .request_animation_frame(frame.unchecked_ref())
        .is_err()
    {
        count_after_paint(-1);
    }
}

thread_local! {
    static AFTER_PAINT_PENDING: std::cell::Cell<i32> = const { std::cell::Cell::new(0) };
}

/// Adds `change` to the calls of `after_paint` still waiting, and shows the count on the root.
fn count_after_paint(change: i32) {
    let pending = AFTER_PAINT_PENDING.with(|pending| {
        pending.set((pending.get() + change).max(0));
        pending.get()
    });
    let root = document().and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("data-after-paint", &pending.to_string());
    }
}

/// Removes the page's first paint (the static article the browser showed before this module
/// loaded), if it is still there.
pub fn remove_first_paint() {
    let first_paint =
        document().and_then(|d| d.get_element_by_id(domain::formats::first_paint::ELEMENT_ID));
    if let Some(element) = first_paint {
        element.remove();
    }
}

/// The element that holds the live article (`ui::article_view`).
const ARTICLE_ID: &str = "article";

/// The reader's selection in the article, read from the page now.
pub fn article_selection() -> Option<Span> {
    let article = document()?.get_element_by_id(ARTICLE_ID)?;
    selection_span(&article)
}

/// Calls `f` whenever the page's selection changes (from mouse, touch or keyboard:
/// `selectionchange` fires on the document and does not reach the window), until the returned
/// listener is dropped.
pub fn on_selection_change(f: impl FnMut() + 'static) -> Option<gloo_events::EventListener> {
    let document = document()?;
    let mut f = f;
    Some(gloo_events::EventListener::new(
        &document,
        "selectionchange",
        move |_| f(),
    ))
}

/// The id of the mark an event happened on (the innermost).
pub fn mark_id_of(target: Option<web_sys::EventTarget>) -> Option<AnnotationId> {
    let element: Element = target?.dyn_into().ok()?;
    element
        .closest("mark[data-id]")
        .ok()??
        .get_attribute("data-id")
        .map(AnnotationId::from)
}

/// Whether an event happened in a form field (where typed keys and pasted text are the
/// field's), or inside an element matching `within` when given.
pub fn in_form_field(target: Option<web_sys::EventTarget>, within: Option<&str>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || within.is_some_and(|selector| element.closest(selector).ok().flatten().is_some())
}

/// Moves keyboard focus to the next (or previous) mark of the article, among the first pieces
/// of the marks whose kind and kind of source (`data-kind`, `data-source-kind`) `shown`
/// accepts, and scrolls it into view.
pub fn focus_next_mark(forward: bool, shown: impl Fn(&str, Option<&str>) -> bool) {
    let Some(document) = document() else {
        return;
    };
    let Ok(list) = document.query_selector_all(&format!("#{ARTICLE_ID} mark[data-first]")) else {
        return;
    };
    let marks: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|mark| {
            let source = mark.get_attribute("data-source-kind");
            mark.get_attribute("data-kind")
                .is_none_or(|kind| shown(&kind, source.as_deref()))
        })
        .collect();
    if marks.is_empty() {
        return;
    }
    let current = document
        .active_element()
        .and_then(|a| a.closest("mark[data-id]").ok().flatten())
        .and_then(|m| m.get_attribute("data-id"));
    let position = current.and_then(|id| {
        marks
            .iter()
            .position(|m| m.get_attribute("data-id").as_deref() == Some(id.as_str()))
    });
    let next = match (position, forward) {
        (Some(p), true) => (p + 1) % marks.len(),
        (Some(p), false) => (p + marks.len() - 1) % marks.len(),
        (None, true) => 0,
        (None, false) => marks.len() - 1,
    };
    let mark = &marks[next];
    focus_mark(mark);
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    mark.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Puts the keyboard in the element with this id, if it is on the page.
pub fn focus_by_id(id: &str) {
    let element = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
