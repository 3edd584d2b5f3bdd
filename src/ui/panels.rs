//! The side panel: the legend with a filter per kind, search, and the tabs — the sources (how
//! the article's claims are sourced, with a filter for those from unnamed sources; who is quoted
//! or reported, grouped by source, with a chart of who gets how much voice), the entities by type, the
//! reader's notes, the library, and sharing.

use leptos::prelude::*;

use super::engine_jobs::Analysing;
use super::view_state::PanelTab;
use super::AppState;
use domain::annotation::{AnnotationId, AnnotationKind, SourceKind};
use domain::ledger::{entity_groups, matches_query, notes, source_ledger, sourcing, SpeakerVoice};

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
                {tab(PanelTab::Quotes, "Sources")}
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

/// How the article's claims are sourced: how many quotations and reported statements rest on
/// named people, organisations, documents, pronouns and unnamed sources, as a bar each, with the
/// filter that shows only the claims from unnamed sources.
#[component]
fn SourcingSummary(attributions: Memo<Shared>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let summary = attributions.with(|Shared(list)| sourcing(list));
        let total = summary.total();
        if total == 0 {
            return None;
        }
        let unnamed = summary.count(SourceKind::Unnamed);
        let rows = summary
            .by_kind
            .iter()
            .map(|&(kind, count)| (kind.describe(), kind.label(), count))
            .chain((summary.unknown > 0).then_some(("source not found", "unknown", summary.unknown)))
            .map(|(label, key, count)| {
                let share = 100.0 * count as f64 / total as f64;
                view! {
                    <li class="sourcing-row" data-source-kind=key>
                        <span class="sourcing-label">{label}</span>
                        <span class="sourcing-bar" aria-hidden="true"><span class="sourcing-fill" style:width=format!("{share:.0}%")></span></span>
                        <span class="sourcing-count">{count.to_string()}</span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="sourcing" aria-label="Sourcing summary">
                <h3>{format!("Sourcing: {total} attribution{}", if total == 1 { "" } else { "s" })}</h3>
                <ul class="sourcing-list">{rows}</ul>
                <label class="only-unnamed-filter">
                    <input type="checkbox" prop:checked=move || state.view.only_unnamed.get()
                        on:change=move |event| state.view.only_unnamed.set(event_target_checked(&event)) />
                    {format!("Show only claims from unnamed sources ({unnamed})")}
                </label>
            </section>
        })
    }
}

/// Who is quoted or reported, grouped by source, with a chart of words quoted and reported.
#[component]
fn QuotesPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The sources whose every statement the reader asked to see.
    let expanded = RwSignal::new(std::collections::BTreeSet::<String>::new());
    // The quotations and reported statements alone: a change to anything else (a highlight, a
    // note on a name) does not build the panel again.
    let attributions = Memo::new(move |_| {
        state.document.for_panels.with(|view| {
            Shared(
                view.list
                    .iter()
                    .filter(|a| {
                        matches!(a.kind(), AnnotationKind::Quote | AnnotationKind::Reported)
                    })
                    .cloned()
                    .collect(),
            )
        })
    });
    let ledger_view =
        move || {
            let query = state.view.query.get();
            let only_unnamed = state.view.only_unnamed.get();
            let shown_all = expanded.get();
            let text = state.document.open.with(|doc| doc.text.clone());
            let (ledger, list) =
                attributions.with(|Shared(list)| (source_ledger(list, &text), list.clone()));
            if ledger.is_empty() {
                let waiting = matches!(state.engines.analysing.get(), Analysing::Working { .. })
                    || state.document.panels_behind();
                let message = if waiting {
                    "Finding quotes and sources…"
                } else {
                    "Nobody is quoted or reported in this article."
                };
                return view! { <p class="empty">{message}</p> }.into_any();
            }
            let chart = voice_chart(&ledger);
            let groups = ledger
            .into_iter()
            .filter(|voice| !only_unnamed || voice.source_kind == Some(SourceKind::Unnamed))
            .map(|voice| {
                let all = shown_all.contains(&voice.name);
                let filter = Filter { query: query.clone(), only_unnamed, all };
                view! { <SourceGroup voice list=list.clone() text=text.clone() filter expanded /> }
            })
            .collect_view();
            view! { {chart} {groups} }.into_any()
        };
    view! {
        <SourcingSummary attributions />
        {ledger_view}
    }
}

/// The chart of the eight sources given the most words: a bar of words quoted, and after it one
/// of words reported.
fn voice_chart(ledger: &[SpeakerVoice]) -> impl IntoView {
    let max_words = ledger
        .iter()
        .map(|v| v.words + v.reported_words)
        .max()
        .unwrap_or(1)
        .max(1);
    let scale = 194.0 / max_words as f64;
    let bars = ledger
        .iter()
        .take(8)
        .enumerate()
        .map(|(row, voice)| {
            let quoted = voice.words as f64 * scale;
            let reported = voice.reported_words as f64 * scale;
            // A source given any words gets a visible bar, however short.
            let visible = |width: f64, words: usize| if words > 0 { width.max(2.0) } else { 0.0 };
            let y = row as f64 * 26.0;
            let label = format!(
                "{} — {} words quoted, {} reported",
                voice.name, voice.words, voice.reported_words
            );
            view! {
                <g>
                    <title>{label}</title>
                    <rect x="0" y=y.to_string() width=format!("{:.1}", visible(quoted, voice.words)) height="18" rx="3" class="bar"></rect>
                    <rect x=format!("{quoted:.1}") y=y.to_string() width=format!("{:.1}", visible(reported, voice.reported_words)) height="18" rx="3" class="bar reported-bar"></rect>
                    <text x=format!("{:.1}", quoted + reported + 6.0) y=(y + 13.0).to_string() class="bar-label">{format!("{} ({})", voice.name, voice.words + voice.reported_words)}</text>
                </g>
            }
        })
        .collect_view();
    let chart_height = ledger.len().min(8) * 26;
    view! {
        <figure class="voice-chart">
            <figcaption>"Words quoted and reported, by source"</figcaption>
            <svg role="img" aria-label="Words quoted and reported by source" width="100%" viewBox=format!("0 0 360 {chart_height}") height=chart_height.to_string()>
                {bars}
            </svg>
        </figure>
    }
}

/// What a source's list shows: what matches the search, only claims from unnamed sources or all,
/// and every statement or the first [`QUOTES_SHOWN`].
struct Filter {
    query: String,
    only_unnamed: bool,
    all: bool,
}

/// One source: its counts and kind, and its quotations and reported statements that pass the
/// filter.
#[component]
fn SourceGroup(
    voice: SpeakerVoice,
    list: Vec<std::sync::Arc<domain::annotation::Annotation>>,
    text: std::sync::Arc<domain::text::IndexedText>,
    filter: Filter,
    expanded: RwSignal<std::collections::BTreeSet<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Filter {
        query,
        only_unnamed,
        all,
    } = filter;
    let matching: Vec<_> = voice
        .quotes
        .iter()
        .chain(&voice.reported)
        .map(|&i| list[i].clone())
        .filter(|said| {
            let unnamed = said.source_kind() == Some(SourceKind::Unnamed);
            matches_query(said, text.slice(said.span), &query) && (!only_unnamed || unnamed)
        })
        .collect();
    let hidden = if all {
        0
    } else {
        matching.len().saturating_sub(QUOTES_SHOWN)
    };
    let statements = matching
        .into_iter()
        .take(if all { usize::MAX } else { QUOTES_SHOWN })
        .map(|said| {
            let marked = text.slice(said.span);
            let id = said.id.clone();
            let (class, words) = if said.kind() == AnnotationKind::Quote {
                ("said-quote", format!("“{}”", excerpt(marked, 14)))
            } else {
                ("said-reported", format!("› {}", excerpt(marked, 14)))
            };
            view! {
                <li class=class><button type="button" class="link" title="Show it in the article"
                    on:click=move |_| {
                        crate::browser::dom::reveal_mark(&id);
                        state.view.hovered.set(Some(id.clone()));
                    }>{words}</button></li>
            }
        })
        .collect::<Vec<_>>();
    let name = voice.name.clone();
    let more = (hidden > 0).then(|| view! {
        <button type="button" class="link show-all" on:click=move |_| expanded.update(|e| { e.insert(name.clone()); })>
            {format!("Show {hidden} more")}
        </button>
    });
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut counts = Vec::new();
    if !voice.quotes.is_empty() {
        counts.push(format!(
            "{} · {} words",
            plural(voice.quotes.len(), "quote", "quotes"),
            voice.words
        ));
    }
    if !voice.reported.is_empty() {
        counts.push(format!(
            "{} reported · {} words",
            voice.reported.len(),
            voice.reported_words
        ));
    }
    let kind = voice.source_kind.map(|kind| view! { <span class="source-kind" data-source-kind=kind.label()>{kind.describe()}</span> });
    (!statements.is_empty()).then(|| view! {
        <section class="speaker">
            <h3>{voice.name.clone()}<span class="count">{format!(" · {}", counts.join(" · "))}</span>{kind}</h3>
            <ul>{statements}</ul>
            {more}
        </section>
    })
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
