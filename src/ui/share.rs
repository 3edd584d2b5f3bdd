//! Sharing and keeping copies: share links, downloads (W3C JSON-LD, CSV, report, backup, the
//! annotated page as one HTML file, a print version), copying to the clipboard, and importing —
//! reviewed before anything changes, conflicts chosen by the reader, orphans kept.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::AppState;
use crate::browser::{self, dom};
use crate::engine_job::ImportRequest;
use domain::anchor::Placement;
use domain::formats::backup::{parse_backup, Backup};
use domain::formats::html::{embed_in_app, print_page, EMBEDDED_ID};
use domain::formats::import::{plan_import, resolve, ImportChoices, ImportPlan, Resolution};
use domain::formats::share::{decode_share, encode_share, ShareError, MAX_FRAGMENT_CHARS};
use domain::formats::w3c::{self, Imported};
use domain::formats::{csv, report::report, ItemProblem};

/// The open article as a backup.
fn current_backup(state: AppState) -> Backup {
    let document = state.doc.get_untracked();
    let layer = state.workspace.with_value(|w| w.layer().clone());
    Backup::new(&document.name, &state.title(), &document.article, &layer)
}

/// Offers a backup of the open article as a download (also from a notice when saving fails).
pub fn download_backup(state: AppState) {
    offer(
        state,
        format!("{}.backup.json", file_stem(state)),
        "application/json",
        current_backup(state).to_json(),
    );
}

/// The orphans kept aside, by id.
fn orphans(state: AppState) -> Vec<(String, domain::layer::Orphan)> {
    state.workspace.with_value(|w| w.orphans())
}

/// A file name from the article's title.
fn file_stem(state: AppState) -> String {
    let title = state.title();
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "article".into()
    } else {
        stem
    }
}

/// Opens an article carried by the page itself (a single-file export) or by a share link in the
/// URL fragment, as the page starts. Returns whether one was opened (else the sample opens).
pub fn open_from_location(state: AppState) -> bool {
    if let Some(json) = browser::page::element_text(EMBEDDED_ID) {
        match parse_backup(&json) {
            Ok(backup) => {
                open_backup(state, backup);
                return true;
            }
            Err(error) => state.show_error(format!(
                "The article saved in this page could not be read: {error}"
            )),
        }
    }
    match open_share_link(state) {
        Ok(opened) => opened,
        Err(error) => {
            state.show_error(format!("{error} The sample article is open instead."));
            false
        }
    }
}

/// Opens a share link put in the address of the open page (the fragment changed, the page did
/// not load again); a link that cannot be opened leaves the open article as it is, and says so.
pub fn follow_share_link(state: AppState) {
    if let Err(error) = open_share_link(state) {
        state.show_error(format!("{error} The article that was open stays open."));
    }
}

/// Opens the share link in the address, if there is one (`Ok(false)` when there is none).
fn open_share_link(state: AppState) -> Result<bool, ShareError> {
    let hash = browser::page::fragment();
    let Some(backup) = decode_share(hash.trim_start_matches('#'))? else {
        return Ok(false);
    };
    open_backup(state, backup);
    state.show_info(
        "Opened from a share link. Your copy is saved in this browser as soon as you annotate it."
            .into(),
    );
    Ok(true)
}

/// Opens a backup's article with the reader's work it carries, merged with any saved here like
/// another tab's save (the newest write of each record wins; deletions made since stay deleted).
/// Returns whether the backup brought anything this browser did not hold; the caller decides
/// whether that is saved now (a backup file the reader opened) or with the first change (a link
/// or an annotated page someone sent).
pub(super) fn open_backup(state: AppState, backup: Backup) -> bool {
    let article = backup.article();
    state.open_article(article, &backup.name);
    let brought = state
        .workspace
        .try_update_value(|w| w.merge(&backup.layer))
        .unwrap_or(false);
    state.refresh();
    brought
}

fn offer(state: AppState, name: String, mime: &str, content: String) {
    if let Err(message) = dom::download(&name, mime, &content) {
        state.show_error(message);
    }
}

/// The single-file app's HTML: this page itself when it is that file, else its copy beside us.
async fn single_file_app() -> Result<String, String> {
    if let Some(head) = browser::page::single_file_head() {
        // An empty first paint, which `embed_in_app` fills with the article.
        let body = domain::formats::first_paint::app_body();
        return Ok(format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n{head}\n{body}\n</html>\n"
        ));
    }
    browser::files::fetch_own_file("./article-annotator.html")
        .await
        .map_err(|missing| {
            if missing {
                "The single-file page is missing from this site.".to_owned()
            } else {
                "The single-file page could not be read.".to_owned()
            }
        })
}

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
    let article_key = state.doc.with_untracked(|d| d.key.clone());
    let text = state.doc.with_untracked(|d| d.article.text.clone());
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
    let still_open = || state.doc.with_untracked(|d| d.key == article_key);
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
    let current = state.annotations.get_untracked().values();
    let rejected = state.workspace.with_value(|w| w.rejected());
    let plan = plan_import(&current, &rejected, imported);
    let choices = ImportChoices::for_plan(&plan);
    PendingImport {
        source: name.to_owned(),
        plan,
        problems,
        choices,
    }
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<PendingImport>);
    // An import under review is planned against the open article: another article drops it.
    Effect::new(move |previous: Option<String>| {
        let key = state.doc.with(|d| d.key.clone());
        if previous.is_some_and(|previous| previous != key) {
            pending.set(None);
        }
        key
    });
    let link_status = RwSignal::new(None::<String>);
    let import_input = NodeRef::<leptos::html::Input>::new();

    let copy_link = move |_| {
        // The link carries the text and the reader's layer only: the page that opens it runs the
        // same engines.
        let backup = current_backup(state);
        let fragment = encode_share(&backup);
        if fragment.len() > MAX_FRAGMENT_CHARS {
            link_status.set(Some(format!(
                "This article is too long for a share link ({} MB; links hold up to {} MB). Send the annotated page or a backup instead.",
                fragment.len() / 1_048_576 + 1,
                MAX_FRAGMENT_CHARS / 1_048_576
            )));
            return;
        }
        let Some(base) = browser::page::address_without_fragment() else {
            return;
        };
        let link = format!("{base}#{fragment}");
        let length = link.len();
        spawn_local(async move {
            match dom::copy_to_clipboard(&link).await {
                Ok(()) => link_status.set(Some(format!("Share link copied ({} KB). Anyone who opens it sees this article and its annotations; nothing is sent to a server.", length / 1024 + 1))),
                Err(message) => link_status.set(Some(message)),
            }
        });
    };
    let download_w3c = move |_| {
        let document = state.doc.get_untracked();
        let list = state.annotations.get_untracked().values();
        let json = w3c::collection(
            &list,
            &orphans(state),
            &document.article.text,
            &state.title(),
        );
        offer(
            state,
            format!("{}.annotations.jsonld", file_stem(state)),
            "application/ld+json",
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        );
    };
    let copy_w3c = move |_| {
        let document = state.doc.get_untracked();
        let list = state.annotations.get_untracked().values();
        let json = serde_json::to_string_pretty(&w3c::collection(
            &list,
            &orphans(state),
            &document.article.text,
            &state.title(),
        ))
        .unwrap_or_default();
        spawn_local(async move {
            match dom::copy_to_clipboard(&json).await {
                Ok(()) => link_status.set(Some("W3C annotations copied to the clipboard.".into())),
                Err(message) => link_status.set(Some(message)),
            }
        });
    };
    let download_csv = move |_| {
        let document = state.doc.get_untracked();
        let list = state.annotations.get_untracked().values();
        offer(
            state,
            format!("{}.annotations.csv", file_stem(state)),
            "text/csv",
            csv::document(
                &list,
                &orphans(state),
                &document.article.text,
                &document.name,
            ),
        );
    };
    let download_report = move |_| {
        let document = state.doc.get_untracked();
        let list = state.annotations.get_untracked().values();
        offer(
            state,
            format!("{}.report.md", file_stem(state)),
            "text/markdown",
            report(
                &state.title(),
                &document.name,
                &document.text,
                &list,
                &orphans(state),
            ),
        );
    };
    let download_backup = move |_| download_backup(state);
    let download_print = move |_| {
        let document = state.doc.get_untracked();
        let list = state.annotations.get_untracked().values();
        offer(
            state,
            format!("{}.print.html", file_stem(state)),
            "text/html",
            print_page(
                &state.title(),
                &document.article,
                &document.text,
                &list,
                &current_backup(state),
            ),
        );
    };
    let download_page = move |_| {
        let backup = current_backup(state);
        let stem = file_stem(state);
        spawn_local(async move {
            match single_file_app().await.and_then(|app| {
                embed_in_app(&app, &backup)
                    .ok_or_else(|| "The single-file page has no body.".to_owned())
            }) {
                Ok(html) => offer(state, format!("{stem}.annotated.html"), "text/html", html),
                Err(message) => state.show_error(message),
            }
        });
    };
    let choose_import = move |_| {
        if let Some(input) = import_input.get() {
            input.click();
        }
    };
    let on_import_file = move |event: leptos::ev::Event| {
        let Some(file) = browser::files::take_chosen_file(&event) else {
            return;
        };
        spawn_local(async move {
            let name = file.name();
            let bytes = match browser::files::read_import(&file).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    state.show_error(format!("Could not import {name}: {error}"));
                    return;
                }
            };
            let Ok(text) = String::from_utf8(bytes) else {
                state.show_error(format!(
                    "Could not import {name}: it is not a UTF-8 text file."
                ));
                return;
            };
            state.show_info(format!("Reading {name}…"));
            match plan_file(state, &name, text).await {
                Some(Ok(plan)) => {
                    state.notice.set(None);
                    pending.set(Some(plan));
                }
                Some(Err(message)) => state.show_error(format!(
                    "Could not import {name}: {message} Nothing was changed."
                )),
                None => state.show_info(format!(
                    "{name} was not imported: another article was opened meanwhile."
                )),
            }
        });
    };
    let confirm = move |_| {
        let Some(import) = pending.get_untracked() else {
            return;
        };
        let (new, replacements, orphans) = resolve(&import.plan, &import.choices);
        let counts = (new.len(), replacements.len(), orphans.len());
        let now = browser::now_millis();
        state.workspace.update_value(|w| {
            w.apply_import(
                new,
                replacements,
                orphans,
                now,
                &mut browser::random_annotation_id,
            )
        });
        state.changed();
        pending.set(None);
        state.show_info(format!(
            "Imported {} annotation{}, replaced {}, kept {} orphan{}. Undo (Ctrl+Z) takes the import back.",
            counts.0,
            if counts.0 == 1 { "" } else { "s" },
            counts.1,
            counts.2,
            if counts.2 == 1 { "" } else { "s" }
        ));
    };

    view! {
        <section class="share">
            <h3>"Share"</h3>
            <button type="button" on:click=copy_link>"Copy share link"</button>
            <button type="button" on:click=copy_w3c>"Copy W3C annotations"</button>
            {move || link_status.get().map(|message| view! { <p class="status" role="status">{message}</p> })}
            <h3>"Download"</h3>
            <div class="download-list">
                <button type="button" on:click=download_page title="This article and its annotations in the whole app, as one file that opens from disk">"Annotated page (.html)"</button>
                <button type="button" on:click=download_print title="A static page to read or print; no script">"Print version (.html)"</button>
                <button type="button" on:click=download_w3c title=w3c::NOT_CARRIED>"W3C JSON-LD"</button>
                <button type="button" on:click=download_csv>"CSV"</button>
                <button type="button" on:click=download_report>"Report (.md)"</button>
                <button type="button" on:click=download_backup>"Backup (.json)"</button>
            </div>
            <p class="hint">"W3C JSON-LD, CSV and the report carry the marks as shown: not the automatic marks you rejected, nor renames as such. The backup, the annotated page and a share link carry everything."</p>
            <h3>"Import"</h3>
            <p class="hint">"A backup of this project, or W3C annotations (also from Hypothesis or Recogito). You review before anything changes."</p>
            <button type="button" on:click=choose_import>"Import annotations…"</button>
            <input node_ref=import_input id="import-input" class="visually-hidden" type="file" tabindex="-1"
                accept=".json,.jsonld,application/json,application/ld+json" aria-label="Annotations file" on:change=on_import_file />
            {move || pending.get().map(|import| view! { <ImportReview import=import pending=pending confirm=confirm /> })}
            <Orphans />
        </section>
    }
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
            .map(|c| format!("{} “{}”", c.mine.kind.title(), c.theirs.quote.chars().take(40).collect::<String>()))
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
            <legend>{format!("{} “{}”", conflict.mine.kind.title(), conflict.theirs.quote.chars().take(50).collect::<String>())}</legend>
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
fn Orphans() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.annotations.track();
        let orphans = orphans(state);
        (!orphans.is_empty()).then(|| {
            let items = orphans
                .into_iter()
                .map(|(id, orphan)| {
                    view! {
                        <li>
                            {format!("{}: “{}” {}", orphan.annotation.kind.title(), orphan.quote.chars().take(80).collect::<String>(), orphan.annotation.note)}
                            <button type="button" class="danger" on:click=move |_| {
                                let now = browser::now_millis();
                                state.workspace.update_value(|w| w.discard_orphan(&id, now));
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
