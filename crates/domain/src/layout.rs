//! Laying out overlapping annotations as properly nested marks for rendering.
//!
//! HTML elements nest; annotations may cross. Within one block of the article, the annotations
//! that touch it become a tree: text runs, and marks holding runs and marks. An annotation that
//! crosses another is split into pieces, each a mark of its own (the first piece says so), so
//! every annotation is reachable and the text itself stays intact and in order.

use crate::text::Span;

/// The deepest marks nest: where more annotations than this cover the same words (only a hostile
/// import makes such a page), the innermost ones are not drawn there — they stay in the panels and
/// in the card's "Also here". Keeps layout linear and the page's element tree shallow.
pub const MAX_MARK_DEPTH: usize = 32;

/// One annotation to lay out: its span, and an index the caller uses to find it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayoutItem {
    pub span: Span,
    pub index: usize,
}

/// A node of the laid-out block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Text(Span),
    Mark {
        /// The caller's index of the annotation.
        index: usize,
        /// Whether this piece starts the annotation (its first piece).
        first_piece: bool,
        /// The span this piece covers.
        span: Span,
        children: Vec<Node>,
    },
}

/// Lays out the annotations over `block` (spans are clipped to it; empty ones are skipped), at
/// most [`MAX_MARK_DEPTH`] deep. Linear in the pieces times that depth; the recursion of `group`
/// is at most that deep.
///
/// The block is cut at every annotation boundary; each piece of text knows the annotations
/// covering it, outer to inner (earlier start first, then longer first). Neighbouring pieces that
/// share an annotation at the same depth become one mark; where two annotations cross, the inner
/// one is closed at the outer one's end and reopened after it.
pub fn layout(block: Span, items: &[LayoutItem]) -> Vec<Node> {
    let mut clipped: Vec<LayoutItem> = items
        .iter()
        .filter_map(|item| {
            item.span.intersection(&block).map(|span| LayoutItem {
                span,
                index: item.index,
            })
        })
        .collect();
    if clipped.is_empty() {
        return vec![Node::Text(block)];
    }
    clipped.sort_unstable_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then(a.index.cmp(&b.index))
    });
    let mut cuts: Vec<usize> = clipped
        .iter()
        .flat_map(|item| [item.span.start, item.span.end])
        .collect();
    cuts.extend([block.start, block.end]);
    cuts.sort_unstable();
    cuts.dedup();
    // Each elementary piece with the positions (in `clipped`) of the items covering it, in order.
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut pieces: Vec<(Span, Vec<usize>)> = Vec::with_capacity(cuts.len());
    for window in cuts.windows(2) {
        let piece = Span::new(window[0], window[1]);
        open.retain(|&k| clipped[k].span.end > piece.start);
        while next < clipped.len() && clipped[next].span.start <= piece.start {
            open.push(next);
            next += 1;
        }
        let drawn = &open[..open.len().min(MAX_MARK_DEPTH)];
        pieces.push((piece, drawn.to_vec()));
    }
    let mut started = vec![false; clipped.len()];
    group(&pieces, 0, &clipped, &mut started)
}

/// Turns consecutive pieces into nodes at one depth of nesting.
fn group(
    pieces: &[(Span, Vec<usize>)],
    depth: usize,
    items: &[LayoutItem],
    started: &mut [bool],
) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let (span, stack) = &pieces[i];
        match stack.get(depth) {
            None => {
                // Merge neighbouring plain text.
                match nodes.last_mut() {
                    Some(Node::Text(previous)) if previous.end == span.start => {
                        previous.end = span.end
                    }
                    _ => nodes.push(Node::Text(*span)),
                }
                i += 1;
            }
            Some(&item) => {
                let run_end = (i..pieces.len())
                    .take_while(|&j| pieces[j].1.get(depth) == Some(&item))
                    .last()
                    .unwrap_or(i)
                    + 1;
                let covered = Span::new(span.start, pieces[run_end - 1].0.end);
                let first_piece = !started[item];
                started[item] = true;
                let children = group(&pieces[i..run_end], depth + 1, items, started);
                nodes.push(Node::Mark {
                    index: items[item].index,
                    first_piece,
                    span: covered,
                    children,
                });
                i = run_end;
            }
        }
    }
    nodes
}

/// Every annotation piece in a layout, outer before inner (for tests and checks).
pub fn pieces(nodes: &[Node]) -> Vec<(usize, Span)> {
    let mut out = Vec::new();
    for node in nodes {
        if let Node::Mark {
            index,
            span,
            children,
            ..
        } = node
        {
            out.push((*index, *span));
            out.extend(pieces(children));
        }
    }
    out
}

/// The text runs of a layout in order (they must tile the block exactly).
pub fn text_runs(nodes: &[Node]) -> Vec<Span> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Text(span) => out.push(*span),
            Node::Mark { children, .. } => out.extend(text_runs(children)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(start: usize, end: usize, index: usize) -> LayoutItem {
        LayoutItem {
            span: Span::new(start, end),
            index,
        }
    }

    /// The covered span of every annotation, rebuilt from its pieces.
    fn coverage(nodes: &[Node], count: usize) -> Vec<Vec<usize>> {
        let mut covered = vec![Vec::new(); count];
        for (index, span) in pieces(nodes) {
            covered[index].extend(span.start..span.end);
        }
        for positions in &mut covered {
            positions.sort_unstable();
        }
        covered
    }

    #[test]
    fn nested_marks_nest() {
        // A quote (0..20) holding a person (5..10).
        let nodes = layout(Span::new(0, 30), &[item(0, 20, 0), item(5, 10, 1)]);
        assert_eq!(
            nodes,
            vec![
                Node::Mark {
                    index: 0,
                    first_piece: true,
                    span: Span::new(0, 20),
                    children: vec![
                        Node::Text(Span::new(0, 5)),
                        Node::Mark {
                            index: 1,
                            first_piece: true,
                            span: Span::new(5, 10),
                            children: vec![Node::Text(Span::new(5, 10))]
                        },
                        Node::Text(Span::new(10, 20)),
                    ],
                },
                Node::Text(Span::new(20, 30)),
            ]
        );
    }

    #[test]
    fn crossing_marks_split_the_inner_one() {
        // Two readers' highlights crossing: 0..10 and 5..15.
        let nodes = layout(Span::new(0, 20), &[item(0, 10, 0), item(5, 15, 1)]);
        assert_eq!(
            pieces(&nodes),
            [
                (0, Span::new(0, 10)),
                (1, Span::new(5, 10)),
                (1, Span::new(10, 15))
            ]
        );
        let firsts: Vec<bool> = match &nodes[..] {
            [Node::Mark { children, .. }, Node::Mark { first_piece, .. }, ..] => {
                let inner = children.iter().find_map(|c| match c {
                    Node::Mark { first_piece, .. } => Some(*first_piece),
                    _ => None,
                });
                vec![inner.unwrap(), *first_piece]
            }
            other => panic!("unexpected layout {other:?}"),
        };
        assert_eq!(
            firsts,
            [true, false],
            "only the first piece is the annotation's start"
        );
        assert_eq!(
            text_runs(&nodes),
            [
                Span::new(0, 5),
                Span::new(5, 10),
                Span::new(10, 15),
                Span::new(15, 20)
            ]
        );
    }

    #[test]
    fn spans_are_clipped_to_the_block() {
        // An annotation crossing a paragraph boundary shows in both paragraphs.
        let nodes = layout(Span::new(10, 20), &[item(5, 15, 0), item(18, 40, 1)]);
        assert_eq!(
            pieces(&nodes),
            [(0, Span::new(10, 15)), (1, Span::new(18, 20))]
        );
        assert!(layout(Span::new(10, 20), &[item(0, 5, 0)]) == vec![Node::Text(Span::new(10, 20))]);
    }

    proptest! {
        /// Whatever the annotations, the text runs tile the block in order and every annotation
        /// covers exactly its (clipped) span, in pieces that never overlap themselves.
        #[test]
        fn layout_preserves_text_and_coverage(
            spans in proptest::collection::vec((0usize..60, 0usize..25), 0..12),
            block_start in 0usize..20,
            block_len in 1usize..60,
        ) {
            let block = Span::new(block_start, block_start + block_len);
            let items: Vec<LayoutItem> = spans.iter().enumerate()
                .map(|(index, &(start, len))| item(start, start + len, index))
                .collect();
            let nodes = layout(block, &items);
            let runs = text_runs(&nodes);
            let mut position = block.start;
            for run in &runs {
                prop_assert_eq!(run.start, position);
                prop_assert!(run.end > run.start);
                position = run.end;
            }
            prop_assert_eq!(position, block.end);
            let covered = coverage(&nodes, items.len());
            for (index, it) in items.iter().enumerate() {
                let expected: Vec<usize> = it.span.intersection(&block).map(|s| (s.start..s.end).collect()).unwrap_or_default();
                prop_assert_eq!(&covered[index], &expected, "annotation {} {:?}", index, it.span);
            }
        }
    }
}
