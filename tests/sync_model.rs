//! A model-based test of the sync model: two or three simulated tabs on one article make random
//! changes (add, note, delete, reject, rename, undo, redo), save (read, merge, write — the page's
//! own `plan_save`), receive storage events late and in any order, reload, and delete the article
//! from the library; after every step the tabs and the store are checked against a reference that
//! records every write ever made, and at the end, after every tab has saved and heard the others,
//! all agree on the newest write of every record — or, if the library deletion is newer than any
//! work, the article stays deleted.

use std::collections::{BTreeMap, VecDeque};

use proptest::prelude::*;

use article_annotator::domain::annotation::{engine_id, Annotation, AnnotationKind, Origin};
use article_annotator::domain::article::parse_plain_text;
use article_annotator::domain::layer::ReaderLayer;
use article_annotator::domain::store::{
    article_key, decode_article, decode_library, encode_library, pack_text, plan_save, Library,
    LibraryEntry, SavePlan, SavedArticle, LIBRARY_KEY,
};
use article_annotator::domain::sync::{Clock, Stamp};
use article_annotator::domain::text::Span;
use article_annotator::domain::workspace::{AnnotationEdit, Workspace};

const TEXT: &str = "Storm hits the coast\n\nWinds of 120 km/h tore roofs off in Valencia, said Ana López on Tuesday.";

fn engine() -> Vec<Annotation> {
    let mut place = Annotation::by_reader(String::new(), AnnotationKind::Place, Span::new(58, 66));
    place.id = engine_id(AnnotationKind::Place, place.span);
    place.origin = Origin::Engine;
    place.color = None;
    place.entity = Some("Valencia".into());
    let mut person = place.clone();
    person.kind = AnnotationKind::Person;
    person.span = Span::new(73, 82);
    person.id = engine_id(AnnotationKind::Person, person.span);
    person.entity = Some("Ana López".into());
    vec![place, person]
}

/// A record's key in the reference: which map, which key.
type RecordKey = (&'static str, String);

/// Every record of a layer with its stamp and serialized value.
fn records(layer: &ReaderLayer) -> BTreeMap<RecordKey, (Stamp, String)> {
    let mut out = BTreeMap::new();
    let json = |value: &dyn erased::Json| value.json();
    for (id, r) in &layer.annotations {
        out.insert(("annotation", id.clone()), (r.at, json(&r.value)));
    }
    for (id, r) in &layer.overrides {
        out.insert(("override", id.clone()), (r.at, json(&r.value)));
    }
    for (kind, renames) in &layer.renames {
        for (from, r) in renames {
            out.insert(
                ("rename", format!("{kind:?}/{from}")),
                (r.at, json(&r.value)),
            );
        }
    }
    for (id, r) in &layer.orphans {
        out.insert(("orphan", id.clone()), (r.at, json(&r.value)));
    }
    if let Some(r) = &layer.title {
        out.insert(("title", String::new()), (r.at, json(&r.value)));
    }
    out
}

mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

/// One simulated tab.
struct Tab {
    workspace: Workspace,
    /// The wall clock's skew against the others (clocks disagree; stamps must still converge).
    skew: i64,
    /// Storage events not yet handled: the values written, in order.
    events: VecDeque<Option<String>>,
    next_id: u64,
    /// What the tab showed before and after each of its changes, and whether the change is still
    /// alone on its records (no merge changed the layer since): then undo and redo must show
    /// exactly the state before and after it.
    done: Vec<Snapshot>,
    undone: Vec<Snapshot>,
}

#[derive(Clone)]
struct Snapshot {
    before: Vec<Annotation>,
    after: Vec<Annotation>,
    alone: bool,
}

/// The store (localStorage) and the reference of every write made anywhere.
struct World {
    store: BTreeMap<String, String>,
    tabs: Vec<Tab>,
    /// Every write any tab made: record → every (stamp, value) written.
    writes: BTreeMap<RecordKey, Vec<(Stamp, String)>>,
    /// The newest stamp each record had in the store after each save (it may only grow,
    /// unless the article is deleted from the library).
    floor: BTreeMap<RecordKey, Stamp>,
    time: u64,
    key: String,
    /// Whether the article was ever deleted from the library (what it held is then gone).
    deleted_ever: bool,
}

impl World {
    fn new(tabs: usize) -> Self {
        let key = article_key(TEXT);
        let tabs = (0..tabs)
            .map(|i| Tab {
                workspace: Workspace::new(
                    TEXT.chars().count(),
                    engine(),
                    Clock::new(0x1000 + i as u64),
                ),
                skew: [0, 37, -29][i],
                events: VecDeque::new(),
                next_id: 0,
                done: Vec::new(),
                undone: Vec::new(),
            })
            .collect();
        World {
            store: BTreeMap::new(),
            tabs,
            writes: BTreeMap::new(),
            floor: BTreeMap::new(),
            time: 1_000_000,
            key,
            deleted_ever: false,
        }
    }

    fn now(&mut self, tab: usize) -> u64 {
        self.time += 3;
        (self.time as i64 + self.tabs[tab].skew) as u64
    }

    /// Records in the reference whatever the tab's layer holds that is new (its own writes).
    fn note_writes(&mut self, tab: usize) {
        for (key, (at, value)) in records(self.tabs[tab].workspace.layer()) {
            let seen = self.writes.entry(key).or_default();
            if !seen.iter().any(|(s, v)| *s == at && *v == value) {
                seen.push((at, value));
            }
        }
    }

    fn library(&self) -> Library {
        self.store
            .get(LIBRARY_KEY)
            .map(|raw| decode_library(raw).expect("the library stays readable"))
            .unwrap_or_default()
    }

    /// A storage write: every other tab hears of it later.
    fn set(&mut self, from: usize, key: &str, value: Option<String>) {
        match &value {
            Some(value) => self.store.insert(key.to_owned(), value.clone()),
            None => self.store.remove(key),
        };
        if key == self.key {
            for (index, tab) in self.tabs.iter_mut().enumerate() {
                if index != from {
                    tab.events.push_back(value.clone());
                }
            }
        }
    }

    /// Save = read, merge, write (as the page does under its lock).
    fn save(&mut self, tab: usize) {
        let now = self.now(tab);
        let local = SavedArticle {
            name: "storm.txt".into(),
            article: parse_plain_text(TEXT),
            layer: self.tabs[tab].workspace.layer().clone(),
            last_opened: String::new(),
        };
        let stamp = self.tabs[tab].workspace.tick(now);
        let entry = LibraryEntry {
            key: String::new(),
            title: "Storm".into(),
            headline: "Storm".into(),
            published: String::new(),
            annotations: 0,
            quotes: 0,
            notes: 0,
            last_opened: String::new(),
            stored_chars: 0,
        };
        let stored = self.store.get(&self.key).cloned();
        let plan = plan_save(
            &self.key,
            &local,
            &pack_text(TEXT),
            stored.as_deref(),
            &self.library(),
            entry,
            stamp,
        );
        match plan {
            SavePlan::Nothing | SavePlan::Deleted => {}
            SavePlan::Newer(version) => panic!("no newer schema here ({version})"),
            SavePlan::Write(writes) => {
                assert!(writes.quarantine.is_none(), "nothing is damaged here");
                let key = self.key.clone();
                self.set(tab, &key, Some(writes.article_value));
                self.set(tab, LIBRARY_KEY, Some(encode_library(&writes.library)));
                self.merged(tab, &writes.merged);
                // Everything the tab had is now stored at least as new.
                let stored = self.stored_records().expect("just written");
                for (key, (at, _)) in records(&local.layer) {
                    let kept = stored.get(&key).map(|(s, _)| *s);
                    assert!(kept >= Some(at), "{key:?} written at {at} was not saved");
                }
                for (key, (at, _)) in stored {
                    let floor = self.floor.entry(key).or_default();
                    *floor = (*floor).max(at);
                }
            }
        }
    }

    fn stored_records(&self) -> Option<BTreeMap<RecordKey, (Stamp, String)>> {
        let raw = self.store.get(&self.key)?;
        Some(records(
            &decode_article(raw)
                .expect("stored entries stay readable")
                .layer,
        ))
    }

    /// The tab handles the oldest storage event it has not handled.
    fn deliver(&mut self, tab: usize) {
        let Some(value) = self.tabs[tab].events.pop_front() else {
            return;
        };
        if let Some(value) = value {
            let theirs = decode_article(&value).expect("other tabs write readable entries");
            self.merged(tab, &theirs.layer);
        }
    }

    /// Merges another copy into a tab; a change of its layer ends the "alone" of its history.
    fn merged(&mut self, tab: usize, other: &ReaderLayer) {
        let tab = &mut self.tabs[tab];
        if tab.workspace.merge(other) {
            for snapshot in tab.done.iter_mut().chain(tab.undone.iter_mut()) {
                snapshot.alone = false;
            }
        }
    }

    /// A reload: the pagehide save, then the article opened again from the store.
    fn reload(&mut self, tab: usize) {
        let before = records(self.tabs[tab].workspace.layer());
        self.save(tab);
        let clock = self.tabs[tab].workspace.clock().clone();
        let mut workspace = Workspace::new(TEXT.chars().count(), engine(), clock);
        if let Some(raw) = self.store.get(&self.key) {
            workspace.load(decode_article(raw).unwrap().layer);
            let after = records(workspace.layer());
            for (key, (at, _)) in before {
                let kept = after.get(&key).map(|(s, _)| *s);
                assert!(kept >= Some(at), "{key:?} at {at} lost in a reload");
            }
        }
        self.tabs[tab].workspace = workspace;
        self.tabs[tab].events.clear();
        self.tabs[tab].done.clear();
        self.tabs[tab].undone.clear();
    }

    /// The library's Delete: a stamped tombstone, and the entry removed.
    fn delete_from_library(&mut self, tab: usize) {
        let now = self.now(tab);
        let at = self.tabs[tab].workspace.tick(now);
        let mut library = self.library();
        library.delete(&self.key, at);
        let key = self.key.clone();
        self.set(tab, &key, None);
        self.set(tab, LIBRARY_KEY, Some(encode_library(&library)));
        self.floor.clear();
        self.deleted_ever = true;
    }

    /// Every record anywhere is a write that was made, and the store never goes back.
    fn check(&self) {
        let real = |key: &RecordKey, at: &Stamp, value: &String| {
            self.writes
                .get(key)
                .is_some_and(|all| all.iter().any(|(s, v)| s == at && v == value))
        };
        for tab in &self.tabs {
            for (key, (at, value)) in records(tab.workspace.layer()) {
                assert!(
                    real(&key, &at, &value),
                    "a tab holds a write nobody made: {key:?}"
                );
            }
            // What the tab shows is its layer over the engines: an annotation shows exactly when
            // its newest record says so.
            let shown: Vec<String> = tab
                .workspace
                .annotations()
                .into_iter()
                .map(|a| a.id)
                .collect();
            for annotation in tab.workspace.layer().live_annotations() {
                assert!(shown.contains(&annotation.id));
            }
            for (id, register) in &tab.workspace.layer().annotations {
                if register.value.is_none() {
                    assert!(!shown.contains(id), "{id} is deleted but shown");
                }
            }
        }
        if let Some(stored) = self.stored_records() {
            for (key, (at, value)) in &stored {
                assert!(
                    real(key, at, value),
                    "the store holds a write nobody made: {key:?}"
                );
                assert!(
                    Some(at) >= self.floor.get(key),
                    "{key:?} went back in the store"
                );
            }
        }
    }

    /// Every tab saves and hears every event, twice over (a tab that learns something saves it).
    fn settle(&mut self) {
        for _ in 0..2 {
            for tab in 0..self.tabs.len() {
                self.save(tab);
            }
            for tab in 0..self.tabs.len() {
                while !self.tabs[tab].events.is_empty() {
                    self.deliver(tab);
                }
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Add(usize, usize, usize),
    Note(usize, usize),
    Delete(usize, usize),
    Reject(usize, usize),
    Rename(usize, bool),
    Undo(usize),
    Redo(usize),
    Save(usize),
    Deliver(usize),
    Reload(usize),
    DeleteFromLibrary(usize),
}

fn step(tabs: usize) -> impl Strategy<Value = Step> {
    let tab = 0..tabs;
    prop_oneof![
        3 => (tab.clone(), 0usize..80, 1usize..8).prop_map(|(t, s, l)| Step::Add(t, s, l)),
        3 => (tab.clone(), 0usize..20).prop_map(|(t, w)| Step::Note(t, w)),
        2 => (tab.clone(), 0usize..20).prop_map(|(t, w)| Step::Delete(t, w)),
        1 => (tab.clone(), 0usize..2).prop_map(|(t, w)| Step::Reject(t, w)),
        1 => (tab.clone(), any::<bool>()).prop_map(|(t, b)| Step::Rename(t, b)),
        2 => tab.clone().prop_map(Step::Undo),
        1 => tab.clone().prop_map(Step::Redo),
        3 => tab.clone().prop_map(Step::Save),
        3 => tab.clone().prop_map(Step::Deliver),
        1 => tab.clone().prop_map(Step::Reload),
        1 => tab.prop_map(Step::DeleteFromLibrary),
    ]
}

fn run(tabs: usize, steps: Vec<Step>) {
    let mut world = World::new(tabs);
    for step in steps {
        let local = matches!(
            step,
            Step::Add(..) | Step::Note(..) | Step::Delete(..) | Step::Reject(..) | Step::Rename(..)
        );
        let actor = match step {
            Step::Add(t, ..)
            | Step::Note(t, _)
            | Step::Delete(t, _)
            | Step::Reject(t, _)
            | Step::Rename(t, _)
            | Step::Undo(t)
            | Step::Redo(t)
            | Step::Save(t)
            | Step::Deliver(t)
            | Step::Reload(t)
            | Step::DeleteFromLibrary(t) => t,
        };
        let shown_before = world.tabs[actor].workspace.annotations();
        let layer_before = world.tabs[actor].workspace.layer().clone();
        match step.clone() {
            Step::Add(tab, start, length) => {
                let now = world.now(tab);
                let t = &mut world.tabs[tab];
                t.next_id += 1;
                let id = format!("reader-{}-{}", tab, t.next_id);
                let span = Span::new(start, start + length);
                t.workspace
                    .add(AnnotationKind::Highlight, span, None, id, now)
                    .unwrap();
            }
            Step::Note(tab, which) => {
                let now = world.now(tab);
                let workspace = &mut world.tabs[tab].workspace;
                let ids: Vec<String> = workspace
                    .layer()
                    .live_annotations()
                    .map(|a| a.id.clone())
                    .collect();
                if let Some(id) = ids.get(which % ids.len().max(1)) {
                    let edit = AnnotationEdit {
                        note: Some(format!("note {now} from tab {tab}")),
                        ..Default::default()
                    };
                    workspace.edit(id, edit, now).unwrap();
                }
            }
            Step::Delete(tab, which) => {
                let now = world.now(tab);
                let workspace = &mut world.tabs[tab].workspace;
                let ids: Vec<String> = workspace
                    .layer()
                    .live_annotations()
                    .map(|a| a.id.clone())
                    .collect();
                if let Some(id) = ids.get(which % ids.len().max(1)) {
                    workspace.delete(id, now).unwrap();
                }
            }
            Step::Reject(tab, which) => {
                let now = world.now(tab);
                let id = engine()[which].id.clone();
                let workspace = &mut world.tabs[tab].workspace;
                if workspace.get(&id).is_some() {
                    workspace.delete(&id, now).unwrap();
                }
            }
            Step::Rename(tab, back) => {
                let now = world.now(tab);
                let (from, to) = if back {
                    ("City of Valencia", "Valencia")
                } else {
                    ("Valencia", "City of Valencia")
                };
                world.tabs[tab]
                    .workspace
                    .rename_entity(AnnotationKind::Place, from, to, now);
            }
            Step::Undo(tab) => {
                let now = world.now(tab);
                let t = &mut world.tabs[tab];
                let undid = t.workspace.undo(now);
                assert_eq!(
                    undid,
                    t.done.last().is_some(),
                    "undo has exactly the tab's own changes"
                );
                if let Some(snapshot) = t.done.pop() {
                    if snapshot.alone {
                        assert_eq!(
                            t.workspace.annotations(),
                            snapshot.before,
                            "undo shows the state before"
                        );
                    }
                    t.undone.push(snapshot);
                }
            }
            Step::Redo(tab) => {
                let now = world.now(tab);
                let t = &mut world.tabs[tab];
                let redid = t.workspace.redo(now);
                assert_eq!(redid, t.undone.last().is_some());
                if let Some(snapshot) = t.undone.pop() {
                    if snapshot.alone {
                        assert_eq!(
                            t.workspace.annotations(),
                            snapshot.after,
                            "redo shows the state after"
                        );
                    }
                    t.done.push(snapshot);
                }
            }
            Step::Save(tab) => world.save(tab),
            Step::Deliver(tab) => world.deliver(tab),
            Step::Reload(tab) => world.reload(tab),
            Step::DeleteFromLibrary(tab) => world.delete_from_library(tab),
        }
        if local && *world.tabs[actor].workspace.layer() != layer_before {
            let t = &mut world.tabs[actor];
            t.done.push(Snapshot {
                before: shown_before,
                after: t.workspace.annotations(),
                alone: true,
            });
            t.undone.clear();
        }
        for tab in 0..world.tabs.len() {
            world.note_writes(tab);
        }
        world.check();
    }
    world.settle();
    world.check();
    // Convergence: every tab and the store hold the newest write of every record — unless the
    // article was deleted after the last of them, when it stays deleted.
    let newest_layer = world
        .tabs
        .iter()
        .fold(ReaderLayer::default(), |mut all, tab| {
            all.merge(tab.workspace.layer());
            all
        });
    let library = world.library();
    match world.stored_records() {
        Some(stored) => {
            assert_eq!(
                stored,
                records(&newest_layer),
                "the store has the newest of everything"
            );
            for tab in &world.tabs {
                assert_eq!(records(tab.workspace.layer()), stored, "every tab agrees");
            }
            assert!(
                library.entry(&world.key).is_some(),
                "a stored article is in the library"
            );
        }
        None => {
            let newest = newest_layer.newest();
            assert!(
                newest_layer.is_empty() || library.deleted_after(&world.key, newest),
                "work newer than any deletion is never dropped"
            );
        }
    }
    // Reference: with no deletion from the library, the newest write of each record, wherever
    // and whenever it was made, is what every tab holds.
    if !world.deleted_ever {
        for (key, all) in &world.writes {
            let newest = all.iter().map(|(s, _)| *s).max().unwrap();
            for tab in &world.tabs {
                let held = records(tab.workspace.layer()).get(key).map(|(s, _)| *s);
                assert_eq!(held, Some(newest), "{key:?} lost its newest write");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn two_tabs_converge_and_lose_nothing(steps in proptest::collection::vec(step(2), 1..60)) {
        run(2, steps);
    }

    #[test]
    fn three_tabs_converge_and_lose_nothing(steps in proptest::collection::vec(step(3), 1..60)) {
        run(3, steps);
    }
}

/// The scenario of the bug report, spelled out: B still holds A's rejection when A undoes it.
#[test]
fn an_undo_in_one_tab_is_not_undone_by_the_other() {
    run(
        2,
        vec![
            Step::Reject(0, 0),
            Step::Save(0),
            Step::Deliver(1),
            Step::Undo(0),
            Step::Save(1),
            Step::Save(0),
            Step::Deliver(1),
            Step::Deliver(1),
        ],
    );
}
