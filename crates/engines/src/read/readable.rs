//! Finding the article in a web page the way reader views do (the method of Mozilla's
//! Readability, Firefox's Reader View): hidden elements and containers whose class or id say
//! they are not the article (comments, sidebars, share bars, related links, footers…) are set
//! aside; every paragraph scores by its length and commas, and passes its score to its parent and,
//! less, to its ancestors; a container's score is cut by how much of its text is links; the best
//! container wins, with those of its siblings that score nearly as well or read like paragraphs;
//! then lists, tables and divisions inside it that look like boilerplate (mostly links, images
//! without text, forms) are removed. When that leaves too little text, the search runs again with
//! fewer exclusions. Decided from the page, never from a list of sites.
//!
//! Every pass is linear in the page: text lengths are counted once per pass, bottom-up.

use super::dom::{is_block, is_heading, Document, Element, NodeData, NodeId};
use super::BlockKind;

/// Class or id words of containers that are not the article.
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];
/// Words that keep a container despite an unlikely word.
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
];
/// Class or id words of article containers.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
/// Class or id words of anything else.
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];
/// Class or id words of a byline.
const BYLINE: &[&str] = &["byline", "author", "dateline", "writtenby", "p-author"];
/// Roles of elements that are not the article.
const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
];
/// Elements whose text is scored as a paragraph.
const SCORED: &[&str] = &["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];
/// Children that keep a `<div>` from reading as a paragraph.
const DIV_BLOCKS: &[&str] = &[
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
];
/// Below this much text the search runs again with fewer exclusions.
const CHAR_THRESHOLD: usize = 500;
/// How many of the best containers are kept as candidates.
const TOP_CANDIDATES: usize = 5;
/// How many nearly-as-good candidates sharing an ancestor make that ancestor the article.
const MINIMUM_TOP_CANDIDATES: usize = 3;

fn contains_any(haystack: &str, words: &[&str]) -> bool {
    words.iter().any(|word| haystack.contains(word))
}

/// Whether the `hid` word (alone) is in a class or id.
fn hid(haystack: &str) -> bool {
    haystack.split_whitespace().any(|word| word == "hid")
}

/// ±25 for each of the class and the id that says article or not.
fn class_weight(element: &Element) -> f64 {
    let mut weight = 0.0;
    for part in [&element.class, &element.id] {
        if part.is_empty() {
            continue;
        }
        let lower = part.to_lowercase();
        if contains_any(&lower, NEGATIVE) || hid(&lower) {
            weight -= 25.0;
        }
        if contains_any(&lower, POSITIVE) {
            weight += 25.0;
        }
    }
    weight
}

fn is_phrasing(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "br"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "img"
            | "input"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

/// What the search may set aside (each pass of the retry turns one off).
#[derive(Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

/// The article found in a page: its blocks in order, and a byline seen in the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    pub blocks: Vec<(BlockKind, String)>,
    pub byline: Option<String>,
    /// The share of the found text that is links (a page of mostly links is no article).
    pub link_density: f64,
}

impl Extracted {
    fn text_len(&self) -> usize {
        self.blocks.iter().map(|(_, t)| t.chars().count()).sum()
    }
}

/// Finds the article in a page whose title (as the page's metadata gives it) is `title`.
pub fn extract(document: &Document, title: &str) -> Extracted {
    let attempts = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
    let mut best: Option<Extracted> = None;
    for flags in attempts {
        let found = Reader::new(document.clone(), flags).run(title);
        if found.text_len() >= CHAR_THRESHOLD {
            return found;
        }
        if best
            .as_ref()
            .is_none_or(|b| found.text_len() > b.text_len())
        {
            best = Some(found);
        }
    }
    best.unwrap_or_default()
}

/// Aggregates of a node's text, counted bottom-up in one pass.
#[derive(Clone, Copy, Default)]
struct Counts {
    /// Characters of text (white space collapsed per text node).
    text: usize,
    /// Of which inside links (`#` links count for less).
    link: f64,
    commas: usize,
    /// Live nodes in the subtree, itself included.
    nodes: usize,
}

/// The most nodes an ad slot or loading placeholder is made of: a larger container is not one,
/// and its text is not read to find out (which kept deep nesting quadratic).
const MOST_NODES_OF_A_PLACEHOLDER: usize = 16;

struct Reader {
    document: Document,
    flags: Flags,
    removed: Vec<bool>,
    scores: Vec<Option<f64>>,
    counts: Vec<Counts>,
    byline: Option<String>,
}

impl Reader {
    fn new(document: Document, flags: Flags) -> Self {
        let n = document.nodes.len();
        Reader {
            document,
            flags,
            removed: vec![false; n],
            scores: vec![None; n],
            counts: Vec::new(),
            byline: None,
        }
    }

    fn element(&self, id: NodeId) -> Option<&Element> {
        self.document.element(id)
    }

    fn tag(&self, id: NodeId) -> &str {
        self.document.tag(id)
    }

    fn grow(&mut self) {
        let n = self.document.nodes.len();
        self.removed.resize(n, false);
        self.scores.resize(n, None);
    }

    /// The live element children of a node.
    fn children(&self, id: NodeId) -> Vec<NodeId> {
        self.document.nodes[id]
            .children
            .iter()
            .copied()
            .filter(|&c| !self.removed[c])
            .collect()
    }

    fn element_children(&self, id: NodeId) -> Vec<NodeId> {
        self.children(id)
            .into_iter()
            .filter(|&c| self.element(c).is_some())
            .collect()
    }

    /// Live nodes under `id`, in document order (iterative).
    fn live_descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.children(id).into_iter().rev().collect();
        while let Some(node) = stack.pop() {
            out.push(node);
            stack.extend(self.children(node).into_iter().rev());
        }
        out
    }

    /// Counts text, link text and commas under every live node, bottom-up.
    fn count(&mut self) {
        let n = self.document.nodes.len();
        let mut counts = vec![Counts::default(); n];
        let order = {
            let mut order = vec![0];
            order.extend(self.live_descendants(0));
            order
        };
        for &node in order.iter().rev() {
            let own = match &self.document.nodes[node].data {
                NodeData::Text(text) => Counts {
                    text: collapsed_len(text),
                    link: 0.0,
                    commas: text.chars().filter(|&c| is_comma(c)).count(),
                    nodes: 1,
                },
                NodeData::Element(_) => Counts {
                    nodes: 1,
                    ..Counts::default()
                },
            };
            let mut total = own;
            for child in self.children(node) {
                let c = counts[child];
                total.text += c.text;
                total.link += c.link;
                total.commas += c.commas;
                total.nodes += c.nodes;
            }
            if self.tag(node) == "a" {
                let weight = match self.element(node).and_then(|e| e.attribute("href")) {
                    Some(href) if href.starts_with('#') => 0.3,
                    // A script link goes nowhere: its text reads as text.
                    Some(href) if href.trim().to_lowercase().starts_with("javascript:") => 0.0,
                    _ => 1.0,
                };
                total.link = total.text as f64 * weight;
            }
            counts[node] = total;
        }
        self.counts = counts;
    }

    fn link_density(&self, id: NodeId) -> f64 {
        let counts = self.counts[id];
        if counts.text == 0 {
            0.0
        } else {
            counts.link / counts.text as f64
        }
    }

    fn has_ancestor(&self, id: NodeId, tag: &str) -> bool {
        self.document.ancestors(id).any(|a| self.tag(a) == tag)
    }

    fn run(mut self, title: &str) -> Extracted {
        let to_score = self.prepare(title);
        self.count();
        let top = self.choose(&to_score);
        let kept = self.siblings(top);
        self.count();
        self.clean(&kept);
        let mut blocks = Vec::new();
        for &node in &kept {
            self.blocks_of(node, &mut blocks);
        }
        self.count();
        let text: usize = kept.iter().map(|&k| self.counts[k].text).sum();
        let links: f64 = kept.iter().map(|&k| self.counts[k].link).sum();
        Extracted {
            blocks,
            byline: self.byline,
            link_density: if text == 0 { 0.0 } else { links / text as f64 },
        }
    }

    /// Sets aside what is not the article (hidden, unlikely, the byline, a heading repeating
    /// the title, empty containers), turns `<div>`s of text into paragraphs, and returns the
    /// elements to score, in document order.
    fn prepare(&mut self, title: &str) -> Vec<NodeId> {
        let mut to_score = Vec::new();
        let mut title_heading_removed = false;
        let normalized_title = normalize(title);
        let mut stack: Vec<NodeId> = self.children(0).into_iter().rev().collect();
        while let Some(node) = stack.pop() {
            let Some(element) = self.element(node).cloned() else {
                continue;
            };
            let match_string = element.class_and_id();
            let tag = element.tag.as_str();
            if is_hidden(&element) {
                self.removed[node] = true;
                continue;
            }
            if self.byline.is_none() && is_byline(&element, &match_string) {
                let text = self.document.text(node);
                if !text.is_empty() && text.chars().count() < 100 {
                    self.byline = Some(text);
                    self.removed[node] = true;
                    continue;
                }
            }
            if !title_heading_removed
                && (tag == "h1" || tag == "h2")
                && !normalized_title.is_empty()
                && similarity(&normalized_title, &normalize(&self.document.text(node))) > 0.75
            {
                title_heading_removed = true;
                self.removed[node] = true;
                continue;
            }
            if self.flags.strip_unlikely {
                let unlikely = contains_any(&match_string, UNLIKELY)
                    && !contains_any(&match_string, MAYBE)
                    && tag != "a"
                    && !self.has_ancestor(node, "table")
                    && !self.has_ancestor(node, "code");
                let role = element.attribute("role").unwrap_or_default();
                if unlikely || UNLIKELY_ROLES.contains(&role) {
                    self.removed[node] = true;
                    continue;
                }
            }
            if matches!(
                tag,
                "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            ) && self.without_content(node)
            {
                self.removed[node] = true;
                continue;
            }
            if SCORED.contains(&tag) {
                to_score.push(node);
            }
            if tag == "div" {
                let children = self.children(node);
                let has_block = children.iter().any(|&c| {
                    self.element(c).is_some_and(|e| {
                        DIV_BLOCKS.contains(&e.tag.as_str()) || is_block(&e.tag) && e.tag != "br"
                    })
                });
                if has_block {
                    // Runs of text and inline elements between blocks become paragraphs.
                    self.wrap_phrasing_runs(node);
                } else {
                    // A division of text reads as one paragraph (its inline elements are still
                    // looked at: a byline may be among them).
                    to_score.push(node);
                }
            }
            stack.extend(self.children(node).into_iter().rev());
        }
        to_score
    }

    /// Whether a container holds no text (only line breaks and rules, or nothing).
    fn without_content(&self, node: NodeId) -> bool {
        let text_empty = !self.document.has_text(node);
        text_empty
            && self
                .element_children(node)
                .iter()
                .all(|&c| matches!(self.tag(c), "br" | "hr"))
    }

    /// Puts each run of text and inline elements of a `<div>` (between its block children) into
    /// a paragraph of its own, as reader views do.
    fn wrap_phrasing_runs(&mut self, div: NodeId) {
        let children = self.document.nodes[div].children.clone();
        let mut rebuilt = Vec::with_capacity(children.len());
        let mut run: Vec<NodeId> = Vec::new();
        let flush = |reader: &mut Reader, run: &mut Vec<NodeId>, rebuilt: &mut Vec<NodeId>| {
            if run.is_empty() {
                return;
            }
            let has_text = run.iter().any(|&c| match &reader.document.nodes[c].data {
                NodeData::Text(t) => !t.trim().is_empty(),
                NodeData::Element(_) => reader.document.has_text(c),
            });
            if !has_text {
                rebuilt.append(run);
                return;
            }
            let paragraph = reader.document.nodes.len();
            reader.document.nodes.push(super::dom::Node {
                data: NodeData::Element(Element {
                    tag: "p".into(),
                    ..Element::default()
                }),
                parent: Some(div),
                children: run.clone(),
            });
            for &child in run.iter() {
                reader.document.nodes[child].parent = Some(paragraph);
            }
            rebuilt.push(paragraph);
            run.clear();
            reader.grow();
        };
        for child in children {
            let phrasing = match &self.document.nodes[child].data {
                NodeData::Text(_) => true,
                NodeData::Element(e) => is_phrasing(&e.tag),
            };
            if phrasing {
                run.push(child);
            } else {
                flush(self, &mut run, &mut rebuilt);
                rebuilt.push(child);
            }
        }
        flush(self, &mut run, &mut rebuilt);
        self.document.nodes[div].children = rebuilt;
    }

    /// A container's starting score: by its tag, and its class and id.
    fn initial_score(&self, node: NodeId) -> f64 {
        let tag_score = match self.tag(node) {
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let weight = if self.flags.weight_classes {
            self.element(node).map_or(0.0, class_weight)
        } else {
            0.0
        };
        tag_score + weight
    }

    fn weight(&self, node: NodeId) -> f64 {
        if self.flags.weight_classes {
            self.element(node).map_or(0.0, class_weight)
        } else {
            0.0
        }
    }

    /// Scores paragraphs into their containers and picks the article's container.
    fn choose(&mut self, to_score: &[NodeId]) -> NodeId {
        let mut candidates: Vec<NodeId> = Vec::new();
        for &node in to_score {
            if self.removed[node] || self.document.ancestors(node).any(|a| self.removed[a]) {
                continue;
            }
            let counts = self.counts[node];
            if counts.text < 25 {
                continue;
            }
            let ancestors: Vec<NodeId> = self
                .document
                .ancestors(node)
                .take(5)
                .filter(|&a| a != 0)
                .collect();
            if ancestors.is_empty() {
                continue;
            }
            let score = 1.0 + counts.commas as f64 + (counts.text / 100).min(3) as f64;
            for (level, &ancestor) in ancestors.iter().enumerate() {
                if self.scores[ancestor].is_none() {
                    self.scores[ancestor] = Some(self.initial_score(ancestor));
                    candidates.push(ancestor);
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    _ => level as f64 * 3.0,
                };
                *self.scores[ancestor].as_mut().expect("set above") += score / divider;
            }
        }
        // A container's score falls with the share of its text that is links.
        for &candidate in &candidates {
            let density = self.link_density(candidate);
            if let Some(score) = self.scores[candidate].as_mut() {
                *score *= 1.0 - density;
            }
        }
        let score = |reader: &Reader, node: NodeId| reader.scores[node].unwrap_or(0.0);
        candidates.sort_by(|&a, &b| {
            score(self, b)
                .partial_cmp(&score(self, a))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        candidates.truncate(TOP_CANDIDATES);
        let Some(&first) = candidates.first() else {
            return 0;
        };
        let mut top = first;
        // Several nearly-as-good candidates under one ancestor: that ancestor is the article.
        let top_score = score(self, top);
        let alternatives: Vec<Vec<NodeId>> = candidates[1..]
            .iter()
            .filter(|&&c| top_score > 0.0 && score(self, c) / top_score >= 0.75)
            .map(|&c| self.document.ancestors(c).collect())
            .collect();
        if alternatives.len() >= MINIMUM_TOP_CANDIDATES {
            let mut parent = self.document.nodes[top].parent;
            while let Some(p) = parent.filter(|&p| p != 0) {
                let containing = alternatives.iter().filter(|a| a.contains(&p)).count();
                if containing >= MINIMUM_TOP_CANDIDATES {
                    top = p;
                    break;
                }
                parent = self.document.nodes[p].parent;
            }
        }
        if self.scores[top].is_none() {
            self.scores[top] = Some(self.initial_score(top));
        }
        // Climb while the parent scores nearly as well (its other children are likely article).
        let mut last = score(self, top);
        let threshold = last / 3.0;
        let mut parent = self.document.nodes[top].parent;
        while let Some(p) = parent.filter(|&p| p != 0) {
            let Some(parent_score) = self.scores[p] else {
                parent = self.document.nodes[p].parent;
                continue;
            };
            if parent_score < threshold {
                break;
            }
            if parent_score > last {
                top = p;
                break;
            }
            last = parent_score;
            parent = self.document.nodes[p].parent;
        }
        // A container that is its parent's only child: the parent is the article.
        while let Some(p) = self.document.nodes[top].parent.filter(|&p| p != 0) {
            if self.element_children(p).len() != 1 {
                break;
            }
            top = p;
            if self.scores[top].is_none() {
                self.scores[top] = Some(self.initial_score(top));
            }
        }
        top
    }

    /// The container and those of its siblings that belong to the article, in order.
    fn siblings(&self, top: NodeId) -> Vec<NodeId> {
        if top == 0 {
            return vec![0];
        }
        let Some(parent) = self.document.nodes[top].parent else {
            return vec![top];
        };
        let top_score = self.scores[top].unwrap_or(0.0);
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = self
            .element(top)
            .map(|e| e.class.clone())
            .unwrap_or_default();
        let mut kept = Vec::new();
        for sibling in self.element_children(parent) {
            if sibling == top {
                kept.push(sibling);
                continue;
            }
            let bonus = if !top_class.is_empty()
                && self.element(sibling).is_some_and(|e| e.class == top_class)
            {
                top_score * 0.2
            } else {
                0.0
            };
            if let Some(score) = self.scores[sibling] {
                if score + bonus >= threshold {
                    kept.push(sibling);
                    continue;
                }
            }
            // A figure beside the article's text is the article's (its caption is kept).
            if self.tag(sibling) == "figure"
                && self
                    .live_descendants(sibling)
                    .iter()
                    .any(|&d| self.tag(d) == "figcaption")
            {
                kept.push(sibling);
                continue;
            }
            if self.tag(sibling) == "p" {
                let density = self.link_density(sibling);
                let length = self.counts[sibling].text;
                let text = self.document.text(sibling);
                if length > 80 && density < 0.25
                    || length < 80 && length > 0 && density == 0.0 && ends_sentence(&text)
                {
                    kept.push(sibling);
                }
            }
        }
        kept
    }

    /// Removes what is not article text from the kept containers: forms, share bars, headings
    /// marked as not article, and lists, tables and divisions that look like boilerplate.
    fn clean(&mut self, kept: &[NodeId]) {
        let mut all: Vec<NodeId> = Vec::new();
        for &node in kept {
            all.push(node);
            all.extend(self.live_descendants(node));
        }
        for &node in &all {
            let Some(element) = self.element(node) else {
                continue;
            };
            let tag = element.tag.as_str();
            let match_string = element.class_and_id();
            let remove = matches!(
                tag,
                "form" | "fieldset" | "footer" | "aside" | "input" | "link" | "nav"
            ) || (match_string.contains("share") && self.counts[node].text < 500)
                || (matches!(tag, "h1" | "h2") && self.weight(node) < 0.0)
                || (self.counts[node].text < 40
                    && self.counts[node].nodes <= MOST_NODES_OF_A_PLACEHOLDER
                    && is_ad_or_loading(&self.document.text(node)));
            if remove && !kept.contains(&node) {
                self.removed[node] = true;
            }
        }
        if !self.flags.clean_conditionally {
            return;
        }
        self.count();
        for tag in ["table", "ul", "ol", "div"] {
            // Whether a node lies inside one removed before this pass, in one walk down (`all`
            // lists each kept subtree parents first): no walk up from every node.
            let mut under_removed = vec![false; self.document.nodes.len()];
            for &node in &all {
                if let Some(parent) = self.document.nodes[node].parent {
                    under_removed[node] = self.removed[parent] || under_removed[parent];
                }
            }
            // Innermost first, as reader views do (a removed inner one lightens its parent).
            for &node in all.iter().rev() {
                if self.tag(node) != tag || self.removed[node] || kept.contains(&node) {
                    continue;
                }
                if under_removed[node] {
                    continue;
                }
                if self.looks_like_boilerplate(node) {
                    self.removed[node] = true;
                }
            }
            self.count();
        }
    }

    fn looks_like_boilerplate(&self, node: NodeId) -> bool {
        if self.has_ancestor(node, "code") {
            return false;
        }
        let tag = self.tag(node);
        let counts = self.counts[node];
        let descendants = self.live_descendants(node);
        let count_of = |name: &str| descendants.iter().filter(|&&d| self.tag(d) == name).count();
        let list_text: usize = descendants
            .iter()
            .filter(|&&d| self.tag(d) == "li")
            .map(|&d| self.counts[d].text)
            .sum();
        let is_list = matches!(tag, "ul" | "ol")
            || counts.text > 0 && list_text as f64 / counts.text as f64 > 0.9;
        let weight = self.weight(node);
        if weight < 0.0 {
            return true;
        }
        if counts.commas >= 10 {
            return false;
        }
        let paragraphs = count_of("p");
        let images = count_of("img");
        let items = count_of("li") as f64 - 100.0;
        let inputs = count_of("input");
        let heading_text: usize = descendants
            .iter()
            .filter(|&&d| is_heading(self.tag(d)))
            .map(|&d| self.counts[d].text)
            .sum();
        let heading_density = if counts.text == 0 {
            0.0
        } else {
            heading_text as f64 / counts.text as f64
        };
        let density = self.link_density(node);
        let in_figure = self.has_ancestor(node, "figure");
        (images > 1 && (paragraphs as f64) / (images as f64) < 0.5 && !in_figure)
            || (!is_list && items > paragraphs as f64)
            || (inputs > paragraphs / 3)
            || (!is_list
                && heading_density < 0.9
                && counts.text < 25
                && (images == 0 || images > 2)
                && !in_figure
                && density > 0.0)
            || (!is_list && weight < 25.0 && density > 0.2)
            || (weight >= 25.0 && density > 0.5)
    }

    /// The blocks of text under a kept container, in order: headings become subheadings,
    /// captions captions, everything else paragraphs (one per block element).
    fn blocks_of(&self, node: NodeId, out: &mut Vec<(BlockKind, String)>) {
        let mut current = String::new();
        let mut kinds: Vec<BlockKind> = Vec::new();
        let flush =
            |current: &mut String, kinds: &[BlockKind], out: &mut Vec<(BlockKind, String)>| {
                let text = super::collapse_whitespace(current);
                current.clear();
                if !text.is_empty() {
                    out.push((*kinds.last().unwrap_or(&BlockKind::Paragraph), text));
                }
            };
        // Two line breaks in a row end a paragraph (one is a break within it).
        let mut breaks = 0;
        let mut stack = vec![(node, true)];
        while let Some((id, entering)) = stack.pop() {
            if self.removed[id] {
                continue;
            }
            match &self.document.nodes[id].data {
                NodeData::Text(text) => {
                    if !text.trim().is_empty() {
                        breaks = 0;
                    }
                    current.push_str(text);
                }
                NodeData::Element(element) => {
                    let tag = element.tag.as_str();
                    if tag == "br" {
                        breaks += 1;
                        if breaks >= 2 {
                            flush(&mut current, &kinds, out);
                        } else {
                            current.push(' ');
                        }
                        continue;
                    }
                    breaks = 0;
                    let block = is_block(tag);
                    let kind = if is_heading(tag) {
                        Some(BlockKind::Subheading)
                    } else if matches!(tag, "figcaption" | "caption") {
                        Some(BlockKind::Caption)
                    } else {
                        None
                    };
                    if entering {
                        if block {
                            flush(&mut current, &kinds, out);
                        }
                        if let Some(kind) = kind {
                            kinds.push(kind);
                        }
                        stack.push((id, false));
                        stack.extend(self.children(id).into_iter().rev().map(|c| (c, true)));
                    } else {
                        if block {
                            flush(&mut current, &kinds, out);
                        }
                        if kind.is_some() {
                            kinds.pop();
                        }
                    }
                }
            }
        }
        flush(&mut current, &kinds, out);
    }
}

/// The whole text of an ad slot ("Advertisement", "Publicité", "Anzeige"…) or of a placeholder
/// that never loaded ("Loading…"), in the languages news sites use.
fn is_ad_or_loading(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "ad",
        "ads",
        "advert",
        "advertising",
        "advertisement",
        "sponsored",
        "publicité",
        "publicite",
        "pub",
        "werbung",
        "anzeige",
        "anuncio",
        "publicidad",
        "pubblicità",
        "reclame",
        "реклама",
        "广告",
        "広告",
        "loading",
        "loading…",
        "loading...",
        "chargement",
        "cargando",
        "caricamento",
        "wird geladen",
        "загрузка",
        "正在加载",
        "読み込み中",
    ];
    let text = text.trim().trim_end_matches(':').to_lowercase();
    WORDS.contains(&text.as_str())
}

fn is_hidden(element: &Element) -> bool {
    let style = element
        .attribute("style")
        .unwrap_or_default()
        .to_lowercase()
        .replace(' ', "");
    element.attribute("hidden").is_some()
        || element.attribute("aria-hidden") == Some("true")
            && !element.class.contains("fallback-image")
        || style.contains("display:none")
        || style.contains("visibility:hidden")
}

fn is_byline(element: &Element, match_string: &str) -> bool {
    element.attribute("rel") == Some("author")
        || element
            .attribute("itemprop")
            .is_some_and(|p| p.contains("author"))
        || contains_any(match_string, BYLINE)
}

fn is_comma(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{060C}'
            | '\u{FE50}'
            | '\u{FE10}'
            | '\u{FE11}'
            | '\u{2E41}'
            | '\u{2E34}'
            | '\u{2E32}'
            | '\u{FF0C}'
    )
}

/// Characters of a text node once its white space is collapsed.
fn collapsed_len(text: &str) -> usize {
    let mut length = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && length > 0 {
                length += 1;
            }
            space = false;
            length += 1;
        }
    }
    length
}

/// A sentence ends in the text (a full stop before a space or at the end).
fn ends_sentence(text: &str) -> bool {
    text.ends_with('.') || text.contains(". ")
}

/// Lower case, words of letters and digits only.
pub fn normalize(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How much of `b`'s words are in `a` (1 = all), as reader views compare a heading to the
/// title.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a_words: std::collections::HashSet<&str> = a.split(' ').collect();
    let b_words: Vec<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    if a_words.is_empty() || b_words.is_empty() {
        return 0.0;
    }
    let unique: Vec<&str> = b_words
        .iter()
        .copied()
        .filter(|w| !a_words.contains(w))
        .collect();
    let distance =
        unique.join(" ").chars().count() as f64 / b_words.join(" ").chars().count() as f64;
    1.0 - distance
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract_from(html: &str) -> Extracted {
        let document = Document::parse(html);
        let title = document.title.clone();
        extract(&document, &title)
    }

    fn paragraphs(found: &Extracted) -> Vec<&str> {
        found.blocks.iter().map(|(_, t)| t.as_str()).collect()
    }

    const BODY: &str =
        "The council met on Tuesday to discuss the budget, which had been delayed for months, \
        and agreed to raise spending on schools, roads and parks by a tenth.";

    #[test]
    fn the_article_container_wins_over_navigation_comments_and_related_links() {
        let html = format!(
            "<html><head><title>Council agrees budget | The Daily</title></head><body>\
             <div class=\"menu\"><a href=/>Home</a> <a href=/world>World</a> <a href=/sport>Sport</a></div>\
             <div id=\"main-content\"><h1>Council agrees budget</h1>\
               <p class=\"byline\">By Jane Doe</p>\
               <p>{BODY}</p><p>{BODY} Then the mayor spoke, briefly, and left.</p>\
               <div class=\"share-tools\"><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>\
               <h2>What happens next</h2><p>{BODY}</p></div>\
             <div class=\"related-stories\"><h3>Related</h3><ul><li><a href=/a>Another story, with a long title here</a></li>\
               <li><a href=/b>And yet another story, with a long title too</a></li></ul></div>\
             <div id=\"comments\"><p>Great article, thanks, I agree with everything, really, truly.</p></div>\
             </body></html>"
        );
        let found = extract_from(&html);
        assert_eq!(found.byline.as_deref(), Some("By Jane Doe"));
        let texts = paragraphs(&found);
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(
            found.blocks[2],
            (BlockKind::Subheading, "What happens next".to_owned())
        );
        assert!(texts.iter().all(|t| !t.contains("Share")
            && !t.contains("Great article")
            && !t.contains("Another story")));
    }

    #[test]
    fn a_division_of_text_reads_as_paragraphs() {
        let html = format!(
            "<html><body><div class=\"story-body\">{BODY}<br><br>{BODY} More, and more.<div class=\"caption\">x</div>Closing words of the story, at last.</div></body></html>"
        );
        let found = extract_from(&html);
        let texts = paragraphs(&found);
        assert!(
            texts.iter().any(|t| t.starts_with("The council met")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.contains("Closing words")),
            "{texts:?}"
        );
    }

    #[test]
    fn similarity_compares_words() {
        assert!(
            similarity(
                &normalize("Council agrees budget"),
                &normalize("Council agrees budget!")
            ) > 0.99
        );
        assert!(similarity(&normalize("Council agrees budget"), &normalize("Weather")) < 0.1);
    }
}
