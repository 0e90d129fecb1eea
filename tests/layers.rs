//! The layers, checked by reading the sources: files → index → query →
//! view. A lower module (anything but the reader's `app`, `ui`, `tui`, the
//! subcommands' `command`, `cli` and the binary) never names a higher one,
//! and no two top-level modules name each other, directly or round a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules allowed to name the reader and the subcommands.
const HIGH: &[&str] = &["app", "ui", "tui", "command", "cli"];

/// What no lower module may name.
const FORBIDDEN: &[&str] = &["app", "ui", "tui", "command"];

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level modules a file's text names through `crate::`.
fn named(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            // `crate::{a::b, c}`: the first segment of each path.
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group.split(',').map(|p| p.trim().split("::").next().unwrap_or("")).collect()
            }
            None => vec![rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap()],
        };
        found.extend(names.into_iter().filter(|n| modules.contains(*n)).map(str::to_string));
    }
    found
}

/// Each top-level module of `src/`, with the modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().trim_end_matches(".rs").to_string())
        .filter(|m| m != "lib" && m != "main")
        .collect();
    modules
        .iter()
        .map(|module| {
            let dir = src.join(module);
            let path = if dir.is_dir() { dir } else { src.join(format!("{module}.rs")) };
            let mut names = BTreeSet::new();
            for file in rust_files(&path) {
                names.extend(named(&std::fs::read_to_string(file).unwrap(), &modules));
            }
            names.remove(module);
            (module.clone(), names)
        })
        .collect()
}

#[test]
fn lower_modules_never_name_the_reader_or_the_subcommands() {
    let graph = graph();
    assert!(graph.contains_key("post") && graph.contains_key("app"), "{graph:?}");
    let mut wrong = Vec::new();
    for (module, names) in &graph {
        if HIGH.contains(&module.as_str()) {
            continue;
        }
        for name in names.iter().filter(|n| FORBIDDEN.contains(&n.as_str())) {
            wrong.push(format!("{module} names {name}"));
        }
    }
    assert!(wrong.is_empty(), "a lower layer reaches up: {wrong:?}");
}

#[test]
fn no_modules_name_each_other_in_a_cycle() {
    let graph = graph();
    // Depth-first, with the path so far: a module met again on it closes a
    // cycle.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|m| m == module) {
            cycles.push(format!("{} -> {module}", path[at..].join(" -> ")));
            return;
        }
        if !done.insert(module.to_string()) {
            return;
        }
        path.push(module.to_string());
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "modules that import each other: {cycles:?}");
}

#[test]
fn the_checks_see_a_reach_up_and_a_cycle() {
    let modules: BTreeSet<String> = ["app", "post", "ui"].iter().map(|m| m.to_string()).collect();
    let found = named("use crate::{app::App, post};\nlet x = crate::ui::draw;", &modules);
    assert_eq!(found, modules, "grouped and plain paths are both read");
}
