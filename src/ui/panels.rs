//! The side panel: the legend with a filter per kind, search, and the tabs — who is quoted
//! (grouped by speaker, with a chart of who gets how much voice), the entities by type, the
//! reader's notes, the library, and sharing.

use leptos::prelude::*;

use super::engine_jobs::Analysing;
use super::view_state::PanelTab;
use super::AppState;
use domain::annotation::{AnnotationId, AnnotationKind};
use domain::ledger::{entity_groups, matches_query, notes, source_ledger};

/// The side panel.
#[component]
pub fn SidePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tab = move |tab: PanelTab, label: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (state.view.panel.get() == tab).to_string()
                on:click=move |_| state.view.panel.set(tab)>{label}</button>
        }
    };
    view! {
        <aside class="side-panel" aria-label="Annotations">
            <Legend />
            <div class="search">
                <label for="search" class="visually-hidden">"Search annotations"</label>
                <input id="search" type="search" placeholder="Search text, notes, tags, speakers, entities"
                    prop:value=move || state.view.query.get()
                    on:input=move |event| state.view.query.set(event_target_value(&event)) />
            </div>
            <div class="tabs" role="tablist" aria-label="Panels">
                {tab(PanelTab::Quotes, "Quotes")}
                {tab(PanelTab::Entities, "Entities")}
                {tab(PanelTab::Notes, "Notes")}
                {tab(PanelTab::Library, "Library")}
                {tab(PanelTab::Share, "Share")}
            </div>
            <div class="tab-panel" role="tabpanel">
                {move || match state.view.panel.get() {
                    PanelTab::Quotes => view! { <QuotesPanel /> }.into_any(),
                    PanelTab::Entities => view! { <EntitiesPanel /> }.into_any(),
                    PanelTab::Notes => view! { <NotesPanel /> }.into_any(),
                    PanelTab::Library => view! { <super::library::LibraryPanel /> }.into_any(),
                    PanelTab::Share => view! { <super::share::SharePanel /> }.into_any(),
                }}
            </div>
        </aside>
    }
}

/// A legend sample's classes: the kind's look (highlights in yellow).
fn legend_class(kind: AnnotationKind) -> String {
    let color = if kind == AnnotationKind::Highlight {
        " c-yellow"
    } else {
        ""
    };
    format!("legend-sample k-{} first{color}", kind.label())
}

/// Each kind's look, with a switch to show or hide it on the article.
#[component]
fn Legend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let items = AnnotationKind::ALL
        .iter()
        .copied()
        .map(|kind| {
            let checked = move || {
                !state
                    .view
                    .hidden_kinds
                    .with(|hidden| hidden.contains(&kind))
            };
            let id = format!("show-{}", kind.label());
            view! {
                <li>
                    <input type="checkbox" id=id.clone() prop:checked=checked
                        on:change=move |_| state.view.hidden_kinds.update(|hidden| {
                            if !hidden.remove(&kind) {
                                hidden.insert(kind);
                            }
                        }) />
                    <label for=id><mark class=legend_class(kind)>{kind.title()}</mark></label>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="legend" open=true>
            <summary>"Legend and filters"</summary>
            <ul class="legend-list">{items}</ul>
        </details>
    }
}

fn excerpt(text: &str, words: usize) -> String {
    let mut parts: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    let long = parts.len() > words;
    parts.truncate(words);
    let mut out = parts.join(" ");
    if long {
        out.push('…');
    }
    out
}

/// Quotes listed per speaker before a "Show more" (a long article quotes some people hundreds
/// of times: the panel stays quick to build and to read).
const QUOTES_SHOWN: usize = 20;

/// Annotations compared by allocation: an annotation that did not change keeps its allocation
/// across changes (see `AnnotationView`), so an equal list is the same annotations.
#[derive(Clone, Debug)]
struct Shared(Vec<std::sync::Arc<domain::annotation::Annotation>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
    }
}

/// Who is quoted, grouped by speaker, with a chart of words quoted.
#[component]
fn QuotesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The speakers whose every quote the reader asked to see.
    let expanded = RwSignal::new(std::collections::BTreeSet::<String>::new());
    // The quotes alone: a change to anything else (a highlight, a note on a name) does not
    // build the panel again.
    let quotes = Memo::new(move |_| {
        state.document.for_panels.with(|view| {
            Shared(
                view.list
                    .iter()
                    .filter(|a| a.kind() == AnnotationKind::Quote)
                    .cloned()
                    .collect(),
            )
        })
    });
    move || {
        let query = state.view.query.get();
        let text = state.document.open.with(|doc| doc.text.clone());
        let (ledger, list) = quotes.with(|Shared(list)| (source_ledger(list, &text), list.clone()));
        if ledger.is_empty() {
            let waiting = matches!(state.engines.analysing.get(), Analysing::Working { .. })
                || state.document.panels_behind();
            let message = if waiting {
                "Finding quotes…"
            } else {
                "No quotes in this article."
            };
            return view! { <p class="empty">{message}</p> }.into_any();
        }
        let max_words = ledger.iter().map(|v| v.words).max().unwrap_or(1).max(1);
        let bars = ledger
            .iter()
            .take(8)
            .enumerate()
            .map(|(row, voice)| {
                let width = 6.0 + 194.0 * voice.words as f64 / max_words as f64;
                let y = row as f64 * 26.0;
                let label = format!("{} — {} words", voice.name, voice.words);
                view! {
                    <g>
                        <title>{label}</title>
                        <rect x="0" y=y.to_string() width=format!("{width:.1}") height="18" rx="3" class="bar"></rect>
                        <text x=format!("{:.1}", width + 6.0) y=(y + 13.0).to_string() class="bar-label">{format!("{} ({})", voice.name, voice.words)}</text>
                    </g>
                }
            })
            .collect_view();
        let chart_height = ledger.len().min(8) * 26;
        let groups = ledger
            .into_iter()
            .map(|voice| {
                let all = expanded.with(|expanded| expanded.contains(&voice.name));
                let matching: Vec<_> = voice
                    .quotes
                    .iter()
                    .filter_map(|&i| {
                        let quote = list[i].clone();
                        let marked = text.slice(quote.span);
                        matches_query(&quote, marked, &query).then_some(quote)
                    })
                    .collect();
                let hidden = if all { 0 } else { matching.len().saturating_sub(QUOTES_SHOWN) };
                let quotes = matching
                    .into_iter()
                    .take(if all { usize::MAX } else { QUOTES_SHOWN })
                    .map(|quote| {
                        let marked = text.slice(quote.span).to_owned();
                        let id = quote.id.clone();
                        view! {
                            <li><button type="button" class="link" title="Show it in the article"
                                on:click=move |_| {
                                    crate::browser::dom::reveal_mark(&id);
                                    state.view.hovered.set(Some(id.clone()));
                                }>{format!("“{}”", excerpt(&marked, 14))}</button></li>
                        }
                    })
                    .collect::<Vec<_>>();
                let shown = quotes.len();
                let name = voice.name.clone();
                let more = (hidden > 0).then(|| view! {
                    <button type="button" class="link show-all" on:click=move |_| expanded.update(|e| { e.insert(name.clone()); })>
                        {format!("Show {hidden} more")}
                    </button>
                });
                (shown > 0).then(|| view! {
                    <section class="speaker">
                        <h3>{voice.name.clone()}<span class="count">{format!(" · {} quote{} · {} words", voice.quotes.len(), if voice.quotes.len() == 1 { "" } else { "s" }, voice.words)}</span></h3>
                        <ul>{quotes}</ul>
                        {more}
                    </section>
                })
            })
            .collect_view();
        view! {
            <figure class="voice-chart">
                <figcaption>"Words quoted, by speaker"</figcaption>
                <svg role="img" aria-label="Words quoted by speaker" width="100%" viewBox=format!("0 0 360 {chart_height}") height=chart_height.to_string()>
                    {bars}
                </svg>
            </figure>
            {groups}
        }
        .into_any()
    }
}

/// The entities by type; clicking one steps through its mentions.
#[component]
fn EntitiesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let step = RwSignal::new(std::collections::HashMap::<String, usize>::new());
    move || {
        let query = state.view.query.get();
        let list = state.document.for_panels.with(|view| view.list.clone());
        let groups = entity_groups(&list);
        if groups.is_empty() {
            let waiting = matches!(state.engines.analysing.get(), Analysing::Working { .. })
                || state.document.panels_behind();
            let message = if waiting {
                "Finding names…"
            } else {
                "No entities in this article."
            };
            return view! { <p class="empty">{message}</p> }.into_any();
        }
        groups
            .into_iter()
            .map(|(kind, entities)| {
                let items = entities
                    .into_iter()
                    .filter(|group| query.trim().is_empty() || matches_query(&list[group.mentions[0]], &group.name, &query))
                    .map(|group| {
                        let ids: Vec<AnnotationId> = group.mentions.iter().map(|&i| list[i].id.clone()).collect();
                        let key = format!("{}:{}", kind.label(), group.name);
                        let count = ids.len();
                        let label = format!("{} ({} mention{})", group.name, count, if count == 1 { "" } else { "s" });
                        view! {
                            <li>
                                <button type="button" class="link" title="Show the next mention"
                                    on:click=move |_| {
                                        let next = step.with_untracked(|s| s.get(&key).copied().unwrap_or(0)) % ids.len();
                                        step.update(|s| { s.insert(key.clone(), next + 1); });
                                        crate::browser::dom::reveal_mark(&ids[next]);
                                        state.view.hovered.set(Some(ids[next].clone()));
                                    }>{label}</button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="entity-kind">
                        <h3><mark class=legend_class(kind)>{kind.title()}</mark></h3>
                        <ul>{items}</ul>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    }
}

/// The reader's own annotations and notes, newest first.
#[component]
fn NotesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let query = state.view.query.get();
        let text = state.document.open.with(|doc| doc.text.clone());
        let list = state.document.for_panels.with(|view| view.list.clone());
        let positions = notes(&list);
        let items: Vec<_> = positions
            .into_iter()
            .map(|i| list[i].clone())
            .filter(|a| matches_query(a, text.slice(a.span), &query))
            .map(|annotation| {
                let id = annotation.id.clone();
                let delete_id = id.clone();
                let marked = excerpt(text.slice(annotation.span), 16);
                let tags = annotation.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ");
                view! {
                    <li class="note-item" data-kind=annotation.kind().label()>
                        <p class="note-kind">{annotation.kind().title()}</p>
                        <p class="note-text">{format!("“{marked}”")}</p>
                        {(!annotation.note.is_empty()).then(|| view! { <p class="note-body">{annotation.note.clone()}</p> })}
                        {(!tags.is_empty()).then(|| view! { <p class="note-tags">{tags}</p> })}
                        <div class="card-row">
                            <button type="button" on:click=move |_| state.show_card(&id)>"Edit"</button>
                            <button type="button" class="danger" on:click=move |_| state.delete_annotation(&delete_id)>"Delete"</button>
                        </div>
                    </li>
                }
            })
            .collect();
        if items.is_empty() {
            view! { <p class="empty">"Select text in the article to highlight it or add a note."</p> }.into_any()
        } else {
            view! { <ul class="notes">{items}</ul> }.into_any()
        }
    }
}
