//! Renders the open article for reading: page date, headline, byline and date, caption,
//! subheadings and paragraphs. Text is always inserted as text, never as HTML.
//!
//! Every element that holds article text carries `data-start`: the code-point offset of its
//! first character in the article text, so a browser selection maps back to offsets.

use leptos::prelude::*;

use super::AppState;
use crate::domain::article::{Block, BlockKind};

/// The article, re-rendered when another article is opened.
#[component]
pub fn ArticleView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.article.with(|article| {
            let blocks = article
                .block_texts()
                .into_iter()
                .map(|(block, text)| render_block(block, text.to_owned()))
                .collect_view();
            view! {
                <article id="article" class="article" tabindex="-1" aria-label="Article">
                    {blocks}
                </article>
            }
        })
    }
}

fn render_block(block: &Block, text: String) -> AnyView {
    let start = block.span.start;
    match block.kind {
        BlockKind::PageDate => {
            view! { <p class="page-date" data-start=start>{text}</p> }.into_any()
        }
        BlockKind::Headline => {
            view! { <h1 class="headline" data-start=start>{text}</h1> }.into_any()
        }
        BlockKind::Published => view! {
            <p class="published">
                <span class="meta-label">"Published "</span>
                <time data-start=start>{text}</time>
            </p>
        }
        .into_any(),
        BlockKind::Byline => view! { <p class="byline" data-start=start>{text}</p> }.into_any(),
        BlockKind::Caption => view! {
            <figure class="caption">
                <figcaption data-start=start>{text}</figcaption>
            </figure>
        }
        .into_any(),
        BlockKind::Subheading => {
            view! { <h2 class="subheading" data-start=start>{text}</h2> }.into_any()
        }
        BlockKind::Paragraph => {
            view! { <p class="paragraph" data-start=start>{text}</p> }.into_any()
        }
    }
}
