//! Importing annotations: a backup of this project or W3C annotations (also from Hypothesis and
//! Recogito) are read and placed in the open article by the engine worker, then planned against
//! what is shown — new, already here, in conflict (what differs is shown), rejected here, or
//! orphans — and reviewed: nothing changes until the reader confirms. Orphans are listed, never
//! dropped silently.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::engine_job::ImportRequest;
use crate::ui::AppState;
use domain::anchor::Placement;
use domain::formats::import::{plan_import, resolve, ImportChoices, ImportPlan, Resolution};
use domain::formats::w3c::Imported;
use domain::formats::ItemProblem;

/// An import under review: nothing has changed yet.
#[derive(Clone)]
struct PendingImport {
    source: String,
    plan: ImportPlan,
    problems: Vec<ItemProblem>,
    choices: ImportChoices,
}

/// Reads an import file (our backup or W3C annotations) and plans merging it into the open
/// article. The reading and the placement of each annotation (fuzzy over a long article) run
/// in the engine worker; the plan is made against the annotations as they are when it answers.
/// `None`: another article was opened meanwhile.
async fn plan_file(
    state: AppState,
    name: &str,
    content: String,
) -> Option<Result<PendingImport, String>> {
    let article_key = state.document.open.with_untracked(|d| d.key.clone());
    let text = state
        .document
        .open
        .with_untracked(|d| d.article.text.clone());
    let request = ImportRequest {
        job: browser::random_u64(),
        text,
        name: name.to_owned(),
        content,
    };
    let reading = browser::engine::read_import(request).await;
    // Reading the worker's answer was one task; the plan is the next, the review the one after
    // (a large import would otherwise hold the page in one long task).
    browser::task_boundary().await;
    // The plan compares the file with the annotations shown: the engine's marks must be there
    // (an exported engine mark would otherwise look new and be added twice).
    state.marks_settled().await;
    let still_open = || state.document.open.with_untracked(|d| d.key == article_key);
    if !still_open() {
        return None;
    }
    let planned = reading.map(|(imported, problems)| plan_reading(state, name, imported, problems));
    browser::task_boundary().await;
    still_open().then_some(planned)
}

fn plan_reading(
    state: AppState,
    name: &str,
    imported: Vec<Imported>,
    problems: Vec<ItemProblem>,
) -> PendingImport {
    let current = state.document.annotations.get_untracked().values();
    let rejected = state.document.workspace.with_value(|w| w.rejected());
    let plan = plan_import(&current, &rejected, imported);
    let choices = ImportChoices::for_plan(&plan);
    PendingImport {
        source: name.to_owned(),
        plan,
        problems,
        choices,
    }
}

/// Imports a file of annotations into the open article: read and placed in the engine worker,
/// reviewed here (nothing changes until the reader confirms), then applied as one undoable step.
#[component]
pub fn ImportSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<PendingImport>);
    // An import under review is planned against the open article: another article drops it.
    Effect::new(move |previous: Option<String>| {
        let key = state.document.open.with(|d| d.key.clone());
        if previous.is_some_and(|previous| previous != key) {
            pending.set(None);
        }
        key
    });
    let import_input = NodeRef::<leptos::html::Input>::new();
    let choose_import = move |_| {
        if let Some(input) = import_input.get() {
            input.click();
        }
    };
    let on_import_file = move |event: leptos::ev::Event| {
        if let Some(file) = browser::files::take_chosen_file(&event) {
            spawn_local(review_file(state, file, pending));
        }
    };
    let confirm = move |_| {
        if let Some(import) = pending.get_untracked() {
            pending.set(None);
            apply(state, &import);
        }
    };
    view! {
        <h3>"Import"</h3>
        <p class="hint">"A backup of this project, or W3C annotations (also from Hypothesis or Recogito). You review before anything changes."</p>
        <button type="button" on:click=choose_import>"Import annotations…"</button>
        <input node_ref=import_input id="import-input" class="visually-hidden" type="file" tabindex="-1"
            accept=".json,.jsonld,application/json,application/ld+json" aria-label="Annotations file" on:change=on_import_file />
        {move || pending.get().map(|import| view! { <ImportReview import=import pending=pending confirm=confirm /> })}
    }
}

/// Reads a chosen file and puts its plan up for review (or says why it cannot be imported).
async fn review_file(
    state: AppState,
    file: browser::files::File,
    pending: RwSignal<Option<PendingImport>>,
) {
    let name = file.name();
    let bytes = match browser::files::read_import(&file).await {
        Ok(bytes) => bytes,
        Err(error) => {
            state
                .view
                .show_error(format!("Could not import {name}: {error}"));
            return;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        state.view.show_error(format!(
            "Could not import {name}: it is not a UTF-8 text file."
        ));
        return;
    };
    state.view.show_info(format!("Reading {name}…"));
    match plan_file(state, &name, text).await {
        Some(Ok(plan)) => {
            state.view.notice.set(None);
            pending.set(Some(plan));
        }
        Some(Err(message)) => state.view.show_error(format!(
            "Could not import {name}: {message} Nothing was changed."
        )),
        None => state.view.show_info(format!(
            "{name} was not imported: another article was opened meanwhile."
        )),
    }
}

/// Applies a reviewed import with the reader's choices, as one undoable step.
fn apply(state: AppState, import: &PendingImport) {
    let (new, replacements, orphans) = resolve(&import.plan, &import.choices);
    let counts = (new.len(), replacements.len(), orphans.len());
    let now = browser::now_millis();
    state.document.workspace.update_value(|w| {
        w.apply_import(
            new,
            replacements,
            orphans,
            now,
            &mut browser::random_annotation_id,
        )
    });
    state.changed();
    let plural = |count: usize| if count == 1 { "" } else { "s" };
    state.view.show_info(format!(
        "Imported {} annotation{}, replaced {}, kept {} orphan{}. Undo (Ctrl+Z) takes the import back.",
        counts.0,
        plural(counts.0),
        counts.1,
        counts.2,
        plural(counts.2)
    ));
}

/// The review of a pending import: counts, problems, a choice per conflict, and the orphans.
#[component]
fn ImportReview(
    import: PendingImport,
    pending: RwSignal<Option<PendingImport>>,
    confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let plan = &import.plan;
    let fuzzy = plan
        .new
        .iter()
        .filter(|i| matches!(i.placement, Placement::Fuzzy { .. }))
        .count();
    let summary = format!(
        "{}: {} new ({} placed by approximate match), {} already here, {} in conflict, {} rejected here, {} that cannot be placed (kept as orphans).",
        import.source,
        plan.new.len(),
        fuzzy,
        plan.duplicates,
        plan.conflicts.len(),
        plan.rejected_here.len(),
        plan.orphans.len()
    );
    let shown_problems = 20;
    let more = import.problems.len().saturating_sub(shown_problems);
    let problems = import
        .problems
        .iter()
        .take(shown_problems)
        .map(|p| view! { <li>{p.to_string()}</li> })
        .collect_view();
    let more = (more > 0).then(|| view! { <li>{format!("and {more} more")}</li> });
    let listed = 200;
    let unlisted = plan.new.len().saturating_sub(listed);
    let placements = plan
        .new
        .iter()
        .take(listed)
        .map(|item| {
            let how = match item.placement {
                Placement::Exact => "exact".to_owned(),
                Placement::Fuzzy { score } => format!("approximate, {:.0}%", score * 100.0),
                Placement::Orphan => "not placed".to_owned(),
            };
            view! { <li>{format!("“{}” — {how}", item.quote.chars().take(60).collect::<String>())}</li> }
        })
        .collect_view();
    let set_all = move |resolution: Resolution| {
        move |_| {
            pending.update(|p| {
                if let Some(p) = p {
                    p.choices.conflicts.fill(resolution);
                }
            })
        }
    };
    let bulk = (plan.conflicts.len() > 1).then(|| {
        view! {
            <div class="card-row">
                <button type="button" on:click=set_all(Resolution::KeepMine)>"Keep all mine"</button>
                <button type="button" on:click=set_all(Resolution::TakeTheirs)>"Take all theirs"</button>
            </div>
        }
    });
    let conflicts = plan
        .conflicts
        .iter()
        .enumerate()
        .map(|(index, conflict)| view! { <ConflictChoice index conflict=conflict.clone() pending /> })
        .collect_view();
    let rejected = (!plan.rejected_here.is_empty()).then(|| {
        let count = plan.rejected_here.len();
        let words = plan
            .rejected_here
            .iter()
            .take(5)
            .map(|c| format!("{} “{}”", c.mine.kind().title(), c.theirs.quote.chars().take(40).collect::<String>()))
            .collect::<Vec<_>>()
            .join("; ");
        let more = if count > 5 { format!(" and {} more", count - 5) } else { String::new() };
        view! {
            <fieldset class="conflict rejected-here">
                <legend>{format!("{count} mark{} you rejected here", if count == 1 { "" } else { "s" })}</legend>
                <p>{format!("The file carries {words}{more}. They stay rejected unless you bring them back.")}</p>
                <label>
                    <input type="checkbox"
                        prop:checked=move || pending.with(|p| p.as_ref().is_some_and(|p| p.choices.bring_back_rejected))
                        on:change=move |event| {
                            let checked = event_target_checked(&event);
                            pending.update(|p| if let Some(p) = p { p.choices.bring_back_rejected = checked });
                        } />
                    "Bring them back"
                </label>
            </fieldset>
        }
    });
    view! {
        <div class="import-review" role="dialog" aria-label="Review the import">
            <p>{summary}</p>
            <ul class="problems">{problems}{more}</ul>
            <details><summary>"Placements"</summary><ul>{placements}
                {(unlisted > 0).then(|| view! { <li>{format!("and {unlisted} more")}</li> })}
            </ul></details>
            {bulk}
            {conflicts}
            {rejected}
            <div class="card-row">
                <button type="button" class="primary" on:click=confirm>"Import"</button>
                <button type="button" on:click=move |_| pending.set(None)>"Cancel"</button>
            </div>
        </div>
    }
}

/// One conflict of an import under review: what differs between the annotation here and the
/// one in the file, and the reader's choice (nothing changes until they choose otherwise).
#[component]
fn ConflictChoice(
    index: usize,
    conflict: domain::formats::import::Conflict,
    pending: RwSignal<Option<PendingImport>>,
) -> impl IntoView {
    let name = format!("conflict-{index}");
    let chosen = move || {
        pending.with(|p| {
            p.as_ref()
                .and_then(|p| p.choices.conflicts.get(index).copied())
                .unwrap_or(Resolution::DEFAULT)
        })
    };
    let option = move |resolution: Resolution, label: &'static str| {
        view! {
            <label><input type="radio" name=name.clone()
                prop:checked=move || chosen() == resolution
                on:change=move |_| pending.update(|p| if let Some(p) = p { p.choices.conflicts[index] = resolution }) />{label}</label>
        }
    };
    let differences = conflict
        .differences()
        .into_iter()
        .map(|d| {
            view! {
                <tr><th scope="row">{d.what}</th><td>{d.here}</td><td>{d.in_file}</td></tr>
            }
        })
        .collect_view();
    view! {
        <fieldset class="conflict">
            <legend>{format!("{} “{}”", conflict.mine.kind().title(), conflict.theirs.quote.chars().take(50).collect::<String>())}</legend>
            <table class="differences">
                <thead><tr><td></td><th scope="col">"Here"</th><th scope="col">"In the file"</th></tr></thead>
                <tbody>{differences}</tbody>
            </table>
            {option(Resolution::KeepMine, "Keep mine")}
            {option(Resolution::TakeTheirs, "Take theirs")}
            {option(Resolution::KeepBoth, "Keep both (a second mark on these words)")}
        </fieldset>
    }
}

/// Imported annotations that could not be placed: listed, never dropped silently.
#[component]
pub fn Orphans() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.document.for_panels.track();
        let orphans = super::orphans(state);
        (!orphans.is_empty()).then(|| {
            let items = orphans
                .into_iter()
                .map(|(id, orphan)| {
                    view! {
                        <li>
                            {format!("{}: “{}” {}", orphan.annotation.kind().title(), orphan.quote.chars().take(80).collect::<String>(), orphan.annotation.note)}
                            <button type="button" class="danger" on:click=move |_| {
                                let now = browser::now_millis();
                                state.document.workspace.update_value(|w| w.discard_orphan(&id, now));
                                state.changed();
                            }>"Discard"</button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>"Not placed (orphans)"</h3>
                <ul class="orphans">{items}</ul>
            }
        })
    }
}
