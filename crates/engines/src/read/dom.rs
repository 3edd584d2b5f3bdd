//! A light document tree of a web page, built from html5gum's tokens — just enough of the HTML
//! tree-building rules for reading: void elements, the implicit ends browsers apply (a block
//! closes an open `<p>`, an `<li>` the previous one, a cell the previous cell, …), end tags that
//! close the nearest matching element, and a depth limit. Scripts, styles, frames, forms' inner
//! controls and media never enter the tree; the page's `<title>`, `<meta>` and JSON-LD blocks are
//! kept apart for the metadata. Building is one pass over the tokens: linear in the page.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// The deepest the tree goes; deeper elements add their text to the deepest one kept.
pub const MAX_DEPTH: usize = 512;

/// A node's index in [`Document::nodes`].
pub type NodeId = usize;

/// An element and the attributes the reader looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// Lower case.
    pub tag: String,
    pub class: String,
    pub id: String,
    /// The other attributes kept (`role`, `itemprop`, `rel`, `hidden`, `style`, `datetime`, …),
    /// names in lower case.
    pub attributes: Vec<(String, String)>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// `class` and `id` together, lower case (what the class/id hints are matched against).
    pub fn class_and_id(&self) -> String {
        format!("{} {}", self.class, self.id).to_lowercase()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeData {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub data: NodeData,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
}

/// A `<meta>` tag: its `property`, `name` and `itemprop` (as written) and its `content`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetaTag {
    pub property: Option<String>,
    pub name: Option<String>,
    pub itemprop: Option<String>,
    pub content: String,
}

/// A parsed page.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// `nodes[0]` is the root (the page's `<body>` content hangs from it).
    pub nodes: Vec<Node>,
    /// The text of `<title>`.
    pub title: String,
    /// `<meta>` tags with content, in order.
    pub metas: Vec<MetaTag>,
    /// The text of every `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
}

/// Elements whose content never enters the tree.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "video", "audio", "select", "textarea", "button", "frameset", "frame", "map",
    "dialog",
];

/// Elements that have no content.
pub fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Elements that start a block: those that end an open `<p>` (but the obsolete `listing` and
/// `xmp`), table parts, line breaks and the body.
pub fn is_block(tag: &str) -> bool {
    (closes_paragraph(tag) && !matches!(tag, "listing" | "xmp"))
        || matches!(
            tag,
            "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" | "br" | "body"
        )
}

/// Start tags that end an open `<p>` (as the HTML standard lists them).
fn closes_paragraph(tag: &str) -> bool {
    is_heading(tag)
        || matches!(
            tag,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "center"
                | "details"
                | "dialog"
                | "dir"
                | "div"
                | "dl"
                | "dd"
                | "dt"
                | "fieldset"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "header"
                | "hgroup"
                | "hr"
                | "li"
                | "main"
                | "menu"
                | "nav"
                | "ol"
                | "p"
                | "pre"
                | "section"
                | "summary"
                | "table"
                | "ul"
                | "listing"
                | "xmp"
        )
}

pub fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Attributes kept besides `class` and `id`.
const KEPT_ATTRIBUTES: &[&str] = &[
    "role",
    "itemprop",
    "itemtype",
    "rel",
    "hidden",
    "aria-hidden",
    "style",
    "datetime",
    "name",
    "property",
    "content",
    "type",
    "href",
    "lang",
    "data-testid",
];

impl Document {
    /// Builds the tree of a page; never fails.
    pub fn parse(html: &str) -> Document {
        let mut document = Document {
            nodes: vec![Node {
                data: NodeData::Element(Element {
                    tag: "#root".into(),
                    ..Element::default()
                }),
                parent: None,
                children: Vec::new(),
            }],
            ..Document::default()
        };
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        let mut stack: Vec<NodeId> = vec![0];
        // Open dropped elements; their text goes nowhere (but JSON-LD's is kept).
        let mut dropped: Vec<String> = Vec::new();
        let mut json_ld: Option<String> = None;
        let mut in_title = false;
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let attribute = |key: &str| {
                        tag.attributes
                            .get(key.as_bytes())
                            .map(|value| String::from_utf8_lossy(value).into_owned())
                    };
                    if !dropped.is_empty() {
                        if !is_void(&name) && dropped.len() < MAX_DEPTH {
                            dropped.push(name);
                        }
                        continue;
                    }
                    match name.as_str() {
                        "title" => {
                            in_title = true;
                            continue;
                        }
                        "meta" => {
                            if let Some(content) = attribute("content") {
                                document.metas.push(MetaTag {
                                    property: attribute("property"),
                                    name: attribute("name"),
                                    itemprop: attribute("itemprop"),
                                    content,
                                });
                            }
                            continue;
                        }
                        "html" => {
                            document.lang = attribute("lang");
                            continue;
                        }
                        "body" | "head" => continue,
                        _ => {}
                    }
                    if DROPPED.contains(&name.as_str()) {
                        if name == "script"
                            && attribute("type").is_some_and(|t| t.contains("ld+json"))
                        {
                            json_ld = Some(String::new());
                        }
                        if !is_void(&name) {
                            dropped.push(name);
                        }
                        continue;
                    }
                    let mut element = Element {
                        tag: name.clone(),
                        class: attribute("class").unwrap_or_default(),
                        id: attribute("id").unwrap_or_default(),
                        attributes: Vec::new(),
                    };
                    for key in KEPT_ATTRIBUTES {
                        if let Some(value) = attribute(key) {
                            element.attributes.push(((*key).to_owned(), value));
                        }
                    }
                    document.close_implied(&mut stack, &name);
                    let parent = *stack.last().expect("the root stays");
                    let id = document.push(parent, NodeData::Element(element));
                    if !is_void(&name) && stack.len() < MAX_DEPTH {
                        stack.push(id);
                    }
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    if !dropped.is_empty() {
                        if let Some(position) = dropped.iter().rposition(|open| *open == name) {
                            dropped.truncate(position);
                        }
                        if dropped.is_empty() {
                            if let Some(script) = json_ld.take() {
                                document.json_ld.push(script);
                            }
                        }
                        continue;
                    }
                    match name.as_str() {
                        "title" => in_title = false,
                        "br" => {
                            let parent = *stack.last().expect("the root stays");
                            document.push(
                                parent,
                                NodeData::Element(Element {
                                    tag: "br".into(),
                                    ..Element::default()
                                }),
                            );
                        }
                        _ => {
                            let found = stack
                                .iter()
                                .rev()
                                .take(MAX_DEPTH)
                                .position(|&open| document.tag(open) == name);
                            if let Some(from_top) = found {
                                stack.truncate(stack.len() - 1 - from_top);
                                if stack.is_empty() {
                                    stack.push(0);
                                }
                            }
                        }
                    }
                }
                Token::String(text) => {
                    let text = String::from_utf8_lossy(&text);
                    if let Some(script) = json_ld.as_mut() {
                        script.push_str(&text);
                    } else if in_title {
                        document.title.push_str(&text);
                    } else if dropped.is_empty() {
                        let parent = *stack.last().expect("the root stays");
                        document.push_text(parent, &text);
                    }
                }
                _ => {}
            }
        }
        document
    }

    /// Applies the implicit end tags a start tag `name` causes.
    fn close_implied(&self, stack: &mut Vec<NodeId>, name: &str) {
        // The nearest open element named in `targets`, not looking past `boundaries`.
        let nearest = |stack: &[NodeId], targets: &[&str], boundaries: &[&str]| {
            for (depth, &open) in stack.iter().enumerate().rev().take(MAX_DEPTH) {
                let tag = self.tag(open);
                if targets.contains(&tag) {
                    return Some(depth);
                }
                if boundaries.contains(&tag) || tag == "#root" {
                    return None;
                }
            }
            None
        };
        let scope = ["table", "td", "th", "caption", "button", "html"];
        let close = |stack: &mut Vec<NodeId>, depth: Option<usize>| {
            if let Some(depth) = depth {
                stack.truncate(depth.max(1));
            }
        };
        if closes_paragraph(name) {
            let depth = nearest(stack, &["p"], &scope);
            close(stack, depth);
        }
        let depth = match name {
            "li" => nearest(stack, &["li"], &["ul", "ol", "menu", "table"]),
            "dt" | "dd" => nearest(stack, &["dt", "dd"], &["dl", "table"]),
            "tr" => nearest(stack, &["tr"], &["table"]),
            "td" | "th" => nearest(stack, &["td", "th"], &["tr", "table"]),
            "tbody" | "thead" | "tfoot" => nearest(stack, &["tbody", "thead", "tfoot"], &["table"]),
            "option" => nearest(stack, &["option"], &["select"]),
            "a" => nearest(stack, &["a"], &scope),
            _ if is_heading(name) => stack
                .last()
                .filter(|&&top| is_heading(self.tag(top)))
                .map(|_| stack.len() - 1),
            _ => None,
        };
        close(stack, depth);
    }

    fn push(&mut self, parent: NodeId, data: NodeData) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            data,
            parent: Some(parent),
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn push_text(&mut self, parent: NodeId, text: &str) {
        if let Some(&last) = self.nodes[parent].children.last() {
            if let NodeData::Text(previous) = &mut self.nodes[last].data {
                previous.push_str(text);
                return;
            }
        }
        self.push(parent, NodeData::Text(text.to_owned()));
    }

    /// The tag of an element (`""` for text).
    pub fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id].data {
            NodeData::Element(element) => &element.tag,
            NodeData::Text(_) => "",
        }
    }

    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes[id].data {
            NodeData::Element(element) => Some(element),
            NodeData::Text(_) => None,
        }
    }

    /// The element children of a node.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .filter(|&child| self.element(child).is_some())
    }

    /// The text under a node, a space at every block boundary and line break, white space
    /// collapsed (what a reader sees).
    pub fn text(&self, id: NodeId) -> String {
        let mut raw = String::new();
        self.collect_text(id, &mut raw);
        super::collapse_whitespace(&raw)
    }

    /// Whether a node holds any text other than white space; stops at the first that it finds.
    pub fn has_text(&self, id: NodeId) -> bool {
        let mut stack = vec![id];
        while let Some(node) = stack.pop() {
            match &self.nodes[node].data {
                NodeData::Text(text) => {
                    if !text.trim().is_empty() {
                        return true;
                    }
                }
                NodeData::Element(_) => stack.extend(self.nodes[node].children.iter().copied()),
            }
        }
        false
    }

    fn collect_text(&self, id: NodeId, out: &mut String) {
        // (node, entering) pairs: a block adds a space on both sides.
        let mut stack = vec![(id, true)];
        while let Some((node, entering)) = stack.pop() {
            match &self.nodes[node].data {
                NodeData::Text(text) => out.push_str(text),
                NodeData::Element(element) => {
                    let block = is_block(&element.tag) || element.tag == "img";
                    if block {
                        out.push(' ');
                    }
                    if entering {
                        if block {
                            stack.push((node, false));
                        }
                        stack.extend(self.nodes[node].children.iter().rev().map(|&c| (c, true)));
                    }
                }
            }
        }
    }

    /// The ancestors of a node, nearest first (the root last).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].parent, move |&node| self.nodes[node].parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(document: &Document, id: NodeId) -> Vec<String> {
        document
            .child_elements(id)
            .map(|c| document.tag(c).to_owned())
            .collect()
    }

    #[test]
    fn browsers_implicit_ends_are_applied() {
        let document = Document::parse(
            "<html lang=en><head><title>T | Site</title><meta property='og:title' content='OG'>\
             <script type='application/ld+json'>{\"@type\":\"NewsArticle\"}</script></head>\
             <body><p>one<p>two<div>three</div><ul><li>a<li>b</ul><table><tr><td>x<td>y<tr><td>z</table>\
             <script>var x = '<p>not text</p>';</script><h2>Head<p>after</body>",
        );
        assert_eq!(document.title, "T | Site");
        assert_eq!(document.metas[0].property.as_deref(), Some("og:title"));
        assert_eq!(document.metas[0].content, "OG");
        assert_eq!(document.json_ld, ["{\"@type\":\"NewsArticle\"}"]);
        assert_eq!(document.lang.as_deref(), Some("en"));
        // (A <p> inside a heading stays inside it, as in browsers.)
        assert_eq!(tags(&document, 0), ["p", "p", "div", "ul", "table", "h2"]);
        let list = document.child_elements(0).nth(3).unwrap();
        assert_eq!(tags(&document, list), ["li", "li"]);
        let table = document.child_elements(0).nth(4).unwrap();
        let rows: Vec<NodeId> = document.child_elements(table).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(tags(&document, rows[0]), ["td", "td"]);
        assert_eq!(document.text(0), "one two three a b x y z Head after");
    }

    #[test]
    fn depth_is_bounded_and_dropped_content_is_gone() {
        let deep = format!(
            "{}<p>deep</p>{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let document = Document::parse(&deep);
        let depth = document
            .nodes
            .iter()
            .enumerate()
            .map(|(id, _)| document.ancestors(id).count())
            .max()
            .unwrap();
        assert!(depth <= MAX_DEPTH + 1, "{depth}");
        assert_eq!(document.text(0), "deep");
        let dropped = Document::parse(
            "<p>a<iframe>b</iframe><svg><text>c</text></svg>d<button>e</button></p>",
        );
        assert_eq!(dropped.text(0), "ad");
    }
}
