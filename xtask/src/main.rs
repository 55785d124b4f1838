//! `cargo xtask`: generated files and CI helpers.
//!
//! - `cargo xtask schema` writes `docs/schemas/<Type>.json` for every public model type.
//! - `cargo xtask schema --check` fails, with a diff, when those files are stale or missing.
//! - `cargo xtask providers [--check]` does the same for `docs/providers.md`, the capability
//!   matrix of the built-in providers.
//! - `cargo xtask man [--check]` does the same for `docs/man/`, the man pages of the
//!   `contacts` tool and of each of its subcommands, generated from its clap definitions; a
//!   page of a command that no longer exists is deleted (or, with `--check`, named).
//! - `cargo xtask openapi [--check]` does the same for `docs/openapi.json`, the OpenAPI 3.1
//!   description of the provider protocol (`contacts serve`, provider-remote).
//! - `cargo xtask structure` fails when a function in `src/` is over 80 lines or two modules
//!   of a crate import each other.

use std::process::ExitCode;
use xtask::{Mode, generated, workspace_root};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => {
            eprintln!("{}", USAGE);
            return ExitCode::from(2);
        }
    };
    let mode = match rest {
        [] => Mode::Write,
        [flag] if flag == "--check" => Mode::Check,
        _ => {
            eprintln!("{}", USAGE);
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    if command == "structure" && rest.is_empty() {
        let mut failed = false;
        for result in [
            xtask::structure::check(&root),
            xtask::doc_paths::check(&root),
            xtask::provider_shape::check(&root),
        ] {
            match result {
                Ok(summary) => println!("{summary}"),
                Err(problems) => {
                    eprintln!("{problems}");
                    failed = true;
                }
            }
        }
        return if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let files = match command {
        "schema" => generated::schema_files(),
        "providers" => vec![generated::providers_file()],
        "openapi" => vec![generated::openapi_file()],
        "man" => return man(&root, mode),
        _ => {
            eprintln!("unknown command {command:?}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match xtask::sync(&root, &files, mode) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(stale) => {
            eprintln!("{stale}\nrun `cargo xtask {command}` to regenerate them");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask man [--check]`: every page current, and no page of a command that is gone.
fn man(root: &std::path::Path, mode: Mode) -> ExitCode {
    let pages = generated::man_pages();
    let gone = generated::stale_man_pages(root, &pages);
    let mut problems = String::new();
    for rel in &gone {
        match mode {
            Mode::Write => {
                if let Err(e) = std::fs::remove_file(root.join(rel)) {
                    problems.push_str(&format!("cannot remove {rel}: {e}\n"));
                }
            }
            Mode::Check => problems.push_str(&format!("no such command any more: {rel}\n")),
        }
    }
    match xtask::sync(root, &pages, mode) {
        Ok(report) if problems.is_empty() => {
            match mode {
                Mode::Write => {
                    println!("{report}; {} page(s) of gone commands deleted", gone.len())
                }
                Mode::Check => println!("{report}"),
            }
            return ExitCode::SUCCESS;
        }
        Ok(_) => {}
        Err(stale) => problems.push_str(&stale),
    }
    eprintln!("{problems}\nrun `cargo xtask man` to regenerate them");
    ExitCode::FAILURE
}

const USAGE: &str = "usage: cargo xtask schema [--check] | cargo xtask providers [--check] | cargo xtask openapi [--check] | cargo xtask man [--check] | cargo xtask structure";
