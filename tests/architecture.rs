//! The walls of the house, checked: within each crate of the workspace no two top-level modules
//! depend on each other in a circle (the crates' own arrows — web app → engines → domain, and
//! the command-line tools beside the web app — are kept by Cargo, which refuses a cycle); the
//! web app's browser adapters never reach up into its components; and the two pure crates name
//! no web crate and do no I/O.
//!
//! Dependencies are read from the sources: every path through `crate::` or `super::` (resolved
//! from the module it is written in, inline `mod` blocks included) names the top-level module
//! it reaches. A test module's imports count like any other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The workspace's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, with its module path from the crate root (`lib.rs` and
/// `main.rs` are the root, `mod.rs` its folder); binaries under `bin/` are left out (each is a
/// crate of its own).
fn modules(dir: &Path) -> Vec<(Vec<String>, String)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    folders.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(dir).unwrap();
            let mut module: Vec<String> = relative
                .parent()
                .into_iter()
                .flat_map(|p| p.components())
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !matches!(stem.as_str(), "mod" | "lib" | "main") {
                module.push(stem);
            }
            found.push((module, std::fs::read_to_string(&path).unwrap()));
        }
    }
    found
}

/// The top-level modules each line of `source` (the module at `path`) reaches through
/// `crate::` and `super::`: (line, module reached).
fn references(path: &[String], source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    // Inline modules (`mod tests {` at the start of a line, closed by `}` at the same place).
    let mut inline: Vec<(usize, String)> = Vec::new();
    for line in source.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed == "}" && inline.last().is_some_and(|(at, _)| *at == indent) {
            inline.pop();
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let here: Vec<String> = path
            .iter()
            .cloned()
            .chain(inline.iter().map(|(_, name)| name.clone()))
            .collect();
        for (at, _) in line.match_indices("crate::") {
            if line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            if let Some(name) = first_segment(&line[at + "crate::".len()..]) {
                found.push((trimmed.to_owned(), name));
            }
        }
        for (at, _) in line.match_indices("super::") {
            if line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut rest = &line[at..];
            let mut resolved = here.clone();
            while let Some(after) = rest.strip_prefix("super::") {
                resolved.pop();
                rest = after;
            }
            let reached = match resolved.first() {
                Some(top) => Some(top.clone()),
                None => first_segment(rest),
            };
            if let Some(name) = reached {
                found.push((trimmed.to_owned(), name));
            }
        }
        if let Some(name) = trimmed
            .strip_prefix("mod ")
            .or_else(|| trimmed.strip_prefix("pub mod "))
            .and_then(|rest| rest.strip_suffix(" {"))
        {
            inline.push((indent, name.to_owned()));
        }
    }
    found
}

/// The module a path starts with (`None` for a glob or an item of the root, which is no module).
fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let is_module = path[name.len()..].starts_with("::");
    (is_module && !name.is_empty()).then_some(name)
}

/// Which top-level module depends on which, in the crate whose sources are in `dir`; each edge
/// with one line that makes it.
fn module_graph(dir: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (path, source) in modules(dir) {
        let Some(from) = path.first() else {
            continue;
        };
        for (line, to) in references(&path, &source) {
            if &to != from {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert(line);
            }
        }
    }
    graph
}

/// A cycle of the graph, if there is one (depth-first search).
fn cycle(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

const CRATES: [&str; 4] = [
    "src",
    "crates/domain/src",
    "crates/engines/src",
    "crates/cli/src",
];

#[test]
fn no_two_modules_of_a_crate_depend_on_each_other_in_a_circle() {
    for dir in CRATES {
        let graph = module_graph(&root().join(dir));
        assert!(
            modules(&root().join(dir)).len() > 1,
            "{dir}: its sources were read"
        );
        if let Some(cycle) = cycle(&graph) {
            let edges: Vec<String> = cycle
                .windows(2)
                .map(|pair| format!("{} → {}: {}", pair[0], pair[1], graph[&pair[0]][&pair[1]]))
                .collect();
            panic!("{dir}: a circle of modules:\n{}", edges.join("\n"));
        }
    }
}

#[test]
fn the_graph_holds_the_arrows_the_code_has() {
    let domain = module_graph(&root().join("crates/domain/src"));
    assert!(domain["store"].contains_key("layer"), "{domain:?}");
    let app = module_graph(&root().join("src"));
    assert!(app["ui"].contains_key("browser"), "{app:?}");
}

#[test]
fn the_browser_adapters_never_reach_up_into_the_components() {
    let graph = module_graph(&root().join("src"));
    for lower in ["browser", "engine_job"] {
        if let Some(line) = graph.get(lower).and_then(|to| to.get("ui")) {
            panic!("{lower} reaches into ui: {line}");
        }
    }
    for (from, to) in [("engine_job", "browser"), ("engine_job", "worker")] {
        if let Some(line) = graph.get(from).and_then(|reached| reached.get(to)) {
            panic!("{from} reaches {to}: {line}");
        }
    }
}

/// The dependencies a crate's manifest names under `[dependencies]`.
fn dependencies(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(manifest)).unwrap();
    let mut names = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.', ' ']).next().unwrap().trim();
            names.push(name.to_owned());
        }
    }
    names
}

#[test]
fn the_pure_crates_name_no_web_crate_and_do_no_io() {
    let allowed: [(&str, &[&str]); 2] = [
        (
            "crates/domain/Cargo.toml",
            &["serde", "serde_json", "sha2", "miniz_oxide", "strum"],
        ),
        (
            "crates/engines/Cargo.toml",
            &[
                "domain",
                "serde",
                "serde_json",
                "html5gum",
                "encoding_rs",
                "pulldown-cmark",
                "strum",
            ],
        ),
    ];
    for (manifest, allowed) in allowed {
        let named = dependencies(manifest);
        assert!(!named.is_empty(), "{manifest}: read its dependencies");
        for name in &named {
            assert!(
                allowed.contains(&name.as_str()),
                "{manifest} depends on {name}: the pure crates take only std, serde and crates made for a job"
            );
        }
    }
    let io = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "std::io::std",
        "println!",
        "eprintln!",
        "print!(",
        "File::",
        "web_sys",
        "js_sys",
        "wasm_bindgen",
        "leptos",
    ];
    for dir in ["crates/domain/src", "crates/engines/src"] {
        for (path, source) in modules(&root().join(dir)) {
            for line in source.lines() {
                let code = line.split("//").next().unwrap();
                if let Some(found) = io.iter().find(|needle| code.contains(*needle)) {
                    panic!(
                        "{dir}/{}: `{found}` in a pure crate: {line}",
                        path.join("/")
                    );
                }
            }
        }
    }
}

#[test]
fn the_checks_see_a_circle_and_a_wrong_arrow() {
    // The reading of sources itself: a circle through `super::` and `crate::` is found.
    let mut graph = BTreeMap::new();
    for (path, source) in [
        (
            vec!["a".to_owned()],
            "use crate::b::Thing;\nmod tests {\n    use super::super::c::X;\n}\n",
        ),
        (
            vec!["b".to_owned(), "inner".to_owned()],
            "use super::super::a::Other;\n",
        ),
    ] {
        for (line, to) in references(&path, source) {
            graph
                .entry(path[0].clone())
                .or_insert_with(BTreeMap::new)
                .insert(to, line);
        }
    }
    assert!(graph["a"].contains_key("b") && graph["a"].contains_key("c"));
    assert_eq!(
        cycle(&graph),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
}
