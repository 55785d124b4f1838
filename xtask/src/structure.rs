//! The shape rules of the codebase that the compiler does not check, so they hold without
//! anyone remembering them: no function in `src/` longer than [`MAX_FN_LINES`], and no import
//! circle between the modules of a crate (a parent and its own children are one unit and do
//! not count; two siblings that import each other do).
//!
//! `cargo xtask structure` runs [`check`] over the `src` of every crate the workspace's
//! `Cargo.toml` lists in `[workspace] members`.

use crate::checks::{verdict, workspace_members};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// The longest a function may be, from `fn` to its closing brace.
pub const MAX_FN_LINES: usize = 80;

/// A module's path inside its crate (`[]` is the crate root).
type ModulePath = Vec<String>;

/// Checks the `src` of every crate of the workspace at `root` (the members of its
/// `Cargo.toml`); `Err` lists every function over [`MAX_FN_LINES`] and every import circle,
/// one per line, or why the members cannot be read.
pub fn check(root: &Path) -> Result<String, String> {
    let mut problems = String::new();
    let mut crates = 0;
    for src in source_dirs(root)? {
        crates += 1;
        let files = parse_crate(&src)?;
        for (_, path, file) in &files {
            long_functions(&mut problems, root, path, file);
        }
        for circle in import_circles(&files) {
            let shown: Vec<String> = circle.iter().map(|m| show(m)).collect();
            let _ = writeln!(
                problems,
                "{}: import circle between modules {}",
                rel(root, &src),
                shown.join(" <-> ")
            );
        }
    }
    verdict(problems, || {
        format!("{crates} crate(s): no function over {MAX_FN_LINES} lines, no import circle")
    })
}

/// The `src` folders of the workspace's crates ([`workspace_members`]) that have one.
fn source_dirs(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut dirs: Vec<PathBuf> = workspace_members(root)?
        .iter()
        .map(|member| root.join(&member.dir).join("src"))
        .collect();
    dirs.retain(|d| d.is_dir());
    Ok(dirs)
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn show(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// Every `.rs` file below `src` with its module path, parsed.
fn parse_crate(src: &Path) -> Result<Vec<(ModulePath, PathBuf, syn::File)>, String> {
    let mut out = Vec::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let file = syn::parse_file(&text)
                    .map_err(|e| format!("{}: cannot parse: {e}", path.display()))?;
                out.push((module_path(src, &path), path, file));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// `lib.rs`/`main.rs` → the root, `a/mod.rs` → `a`, `a/b.rs` → `a::b`.
fn module_path(src: &Path, file: &Path) -> ModulePath {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: ModulePath = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Reports every function of `file` longer than [`MAX_FN_LINES`].
fn long_functions(out: &mut String, root: &Path, path: &Path, file: &syn::File) {
    struct Lengths<'a> {
        out: &'a mut String,
        file: String,
    }
    impl Lengths<'_> {
        fn measure(&mut self, sig: &syn::Signature, block: &syn::Block) {
            let start = sig.fn_token.span.start().line;
            let end = block.brace_token.span.close().end().line;
            let lines = end.saturating_sub(start) + 1;
            if lines > MAX_FN_LINES {
                let _ = writeln!(
                    self.out,
                    "{}:{start}: fn {} is {lines} lines (at most {MAX_FN_LINES}); split it",
                    self.file, sig.ident
                );
            }
        }
    }
    impl<'ast> Visit<'ast> for Lengths<'_> {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.measure(&f.sig, &f.block);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.measure(&f.sig, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if let Some(block) = &f.default {
                self.measure(&f.sig, block);
            }
            syn::visit::visit_trait_item_fn(self, f);
        }
    }
    Lengths {
        out,
        file: rel(root, path),
    }
    .visit_file(file);
}

/// Groups of sibling modules that import each other, directly or around a loop.
fn import_circles(files: &[(ModulePath, PathBuf, syn::File)]) -> Vec<Vec<ModulePath>> {
    let modules: BTreeSet<ModulePath> = files.iter().map(|(m, _, _)| m.clone()).collect();
    let reexports = root_reexports(files, &modules);
    let mut edges: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
    for (module, _, file) in files {
        let mut collect = Imports {
            modules: &modules,
            reexports: &reexports,
            stack: module.clone(),
            found: BTreeSet::new(),
        };
        collect.visit_file(file);
        for (from, to) in collect.found {
            if !related(&from, &to) {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    strongly_connected(&edges)
}

/// Whether one module is the other or an ancestor of it: a parent and its children are one
/// unit, so imports between them are no circle.
fn related(a: &[String], b: &[String]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Names the crate root re-exports (`pub use module::Name`), with the module defining them, so
/// `crate::Name` counts as an import of that module.
fn root_reexports(
    files: &[(ModulePath, PathBuf, syn::File)],
    modules: &BTreeSet<ModulePath>,
) -> BTreeMap<String, ModulePath> {
    let mut names = BTreeMap::new();
    for (_, _, file) in files.iter().filter(|(m, _, _)| m.is_empty()) {
        for item in &file.items {
            if let syn::Item::Use(u) = item
                && matches!(u.vis, syn::Visibility::Public(_))
            {
                for (path, name) in flatten(&u.tree, Vec::new()) {
                    names.insert(name, longest_module(&[], &path, modules));
                }
            }
        }
    }
    names
}

/// Every leaf of a use tree: its path (without the leaf) and the name it is known by.
fn flatten(tree: &syn::UseTree, prefix: Vec<String>) -> Vec<(Vec<String>, String)> {
    match tree {
        syn::UseTree::Path(p) => {
            let mut next = prefix;
            next.push(p.ident.to_string());
            flatten(&p.tree, next)
        }
        syn::UseTree::Name(n) => vec![(prefix, n.ident.to_string())],
        syn::UseTree::Rename(r) => vec![(prefix, r.rename.to_string())],
        syn::UseTree::Glob(_) => vec![(prefix, "*".to_owned())],
        syn::UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|t| flatten(t, prefix.clone()))
            .collect(),
    }
}

/// The deepest known module that `path` (relative to `base`) passes through.
fn longest_module(base: &[String], path: &[String], modules: &BTreeSet<ModulePath>) -> ModulePath {
    let mut current: ModulePath = base.to_vec();
    for segment in path {
        let mut next = current.clone();
        next.push(segment.clone());
        if !modules.contains(&next) {
            break;
        }
        current = next;
    }
    current
}

/// Collects `(from, to)` module pairs for every `use` and every path starting with `crate`,
/// `super` or `self`, tracking inline modules.
struct Imports<'a> {
    modules: &'a BTreeSet<ModulePath>,
    reexports: &'a BTreeMap<String, ModulePath>,
    stack: ModulePath,
    found: BTreeSet<(ModulePath, ModulePath)>,
}

impl Imports<'_> {
    fn record(&mut self, segments: &[String]) {
        let Some((first, rest)) = segments.split_first() else {
            return;
        };
        let base: ModulePath = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.stack.clone(),
            "super" => {
                let mut base = self.stack.clone();
                base.pop();
                let mut rest = rest;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                return self.record_from(base, rest);
            }
            // A path through a module declared in this one (`listing::page`).
            name => {
                let mut child = self.stack.clone();
                child.push(name.to_owned());
                if !self.modules.contains(&child) {
                    return;
                }
                return self.record_from(self.stack.clone(), segments);
            }
        };
        self.record_from(base, rest);
    }

    fn record_from(&mut self, base: ModulePath, rest: &[String]) {
        let mut target = longest_module(&base, rest, self.modules);
        if target.is_empty()
            && let Some(module) = rest.first().and_then(|n| self.reexports.get(n))
        {
            target = module.clone();
        }
        self.found.insert((self.stack.clone(), target));
    }
}

impl<'ast> Visit<'ast> for Imports<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_some() {
            self.stack.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.stack.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        for (mut path, name) in flatten(&u.tree, Vec::new()) {
            path.push(name);
            self.record(&path);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.record(&segments);
        }
        syn::visit::visit_path(self, p);
    }
}

/// The groups of more than one module that all reach each other.
fn strongly_connected(edges: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<ModulePath>> {
    let reach = |start: &ModulePath| {
        let mut seen = BTreeSet::new();
        let mut pending = vec![start.clone()];
        while let Some(m) = pending.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    pending.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&ModulePath, BTreeSet<ModulePath>> =
        edges.keys().map(|m| (m, reach(m))).collect();
    let mut groups: Vec<Vec<ModulePath>> = Vec::new();
    for (module, reached) in &reachable {
        if !reached.contains(*module) || groups.iter().any(|g| g.contains(module)) {
            continue;
        }
        let group: Vec<ModulePath> = reached
            .iter()
            .filter(|other| reachable.get(other).is_some_and(|r| r.contains(*module)))
            .cloned()
            .collect();
        groups.push(group);
    }
    groups
}
