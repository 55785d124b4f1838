//! The conflicts file: what `sync --conflicts-to FILE` writes, `sync resolve FILE` (or a person
//! with an editor, or a script with `jq`) fills in, and `sync --resolutions FILE` applies.
//!
//! One JSON object: the two sides it belongs to, and one entry per field changed differently
//! on both sides of a pair, with both sides' values and `take` (`null` until chosen, then
//! `"source"` or `"target"`). A field is chosen for its values as written: when a side's value
//! changed since the file was written, the choice is not applied (see [`stale`]), so a choice
//! is never taken for a value nobody saw.

use crate::atomic_file::AtomicFile;
use crate::error::{CliError, CliResult};
use contacts_core::ContactId;
use contacts_sync::{Action, FieldMerge, Plan, Resolution, Side, Skip};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// What the file says it is, so another JSON file is refused with a clear message.
pub const FORMAT: &str = "contacts-sync-conflicts/1";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The source's name as `sync` was given it (a profile, or `local`).
    pub source: String,
    /// The target's name.
    pub target: String,
    /// One entry per field in conflict.
    pub conflicts: Vec<FieldConflict>,
    /// Pairs in conflict as a whole (no base recorded: synced by an older build, or
    /// re-linked): they cannot be resolved field by field; `--conflict source-wins` or
    /// `target-wins` decides them, or an edit making both sides agree.
    #[serde(default)]
    pub whole_contacts: Vec<WholeConflict>,
}

/// One field of one pair, changed differently on both sides since the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldConflict {
    /// The pair, by its source contact's id.
    pub source_id: ContactId,
    /// The field: a property key as the target names it.
    pub field: String,
    /// The source's value (`null`: removed there).
    pub source: Option<String>,
    /// The target's value (`null`: removed there).
    pub target: Option<String>,
    /// The choice: `"source"`, `"target"`, or `null` (not chosen: left in conflict).
    pub take: Option<Side>,
}

/// A pair in conflict as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WholeConflict {
    /// The pair, by its source contact's id.
    pub source_id: ContactId,
    /// Why it is in conflict.
    pub reason: String,
}

impl ConflictFile {
    /// The conflicts `conflicts` (a plan's) lists, for the sides named `source` and `target`.
    pub fn from_conflicts(source: &str, target: &str, conflicts: &[Skip]) -> Self {
        let mut file = ConflictFile {
            format: FORMAT.to_owned(),
            source: source.to_owned(),
            target: target.to_owned(),
            conflicts: Vec::new(),
            whole_contacts: Vec::new(),
        };
        for skip in conflicts.iter().filter(|s| s.side == Side::Source) {
            let fields: Vec<&FieldMerge> = skip
                .fields
                .iter()
                .filter(|f| f.left_in_conflict())
                .collect();
            if fields.is_empty() {
                file.whole_contacts.push(WholeConflict {
                    source_id: skip.id.clone(),
                    reason: skip.reason.clone(),
                });
            }
            file.conflicts
                .extend(fields.into_iter().map(|f| FieldConflict {
                    source_id: skip.id.clone(),
                    field: f.field.clone(),
                    source: f.source.clone(),
                    target: f.target.clone(),
                    take: None,
                }));
        }
        file
    }

    /// Reads the file at `path`, refusing anything but a conflicts file.
    pub fn read(path: &Path) -> CliResult<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::io(path.display().to_string(), e))?;
        let file: ConflictFile = serde_json::from_str(&text).map_err(|e| {
            CliError::Usage(format!(
                "{} is not a conflicts file written by `contacts sync --conflicts-to`: {e}",
                path.display()
            ))
        })?;
        if file.format != FORMAT {
            return Err(CliError::Usage(format!(
                "{} is a conflicts file of format {:?}; this build reads {FORMAT:?}",
                path.display(),
                file.format
            )));
        }
        Ok(file)
    }

    /// Writes the file at `path`, whole or not at all.
    pub fn write(&self, path: &Path) -> CliResult {
        let name = || path.display().to_string();
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", name())))?;
        text.push('\n');
        let mut out = AtomicFile::create(path).map_err(|e| CliError::io(name(), e))?;
        out.write_all(text.as_bytes())
            .map_err(|e| CliError::io(name(), e))?;
        out.commit().map_err(|e| CliError::io(name(), e))
    }

    /// Refuses a file written for another pair of sides: its source ids mean nothing here.
    pub fn check_sides(&self, path: &Path, source: &str, target: &str) -> CliResult {
        if self.source == source && self.target == target {
            return Ok(());
        }
        Err(CliError::Usage(format!(
            "{} holds conflicts of `sync {} {}`, not of `sync {source} {target}`; write one for \
             these sides with --conflicts-to",
            path.display(),
            self.source,
            self.target
        )))
    }

    /// The choices made, as the library takes them.
    pub fn resolutions(&self) -> Vec<Resolution> {
        self.conflicts
            .iter()
            .filter_map(|c| {
                Some(Resolution {
                    source_id: c.source_id.clone(),
                    field: c.field.clone(),
                    take: c.take?,
                })
            })
            .collect()
    }

    /// Sets `take` of the conflicts matching `field` and `pair` (each, when given); how many
    /// matched.
    pub fn choose(&mut self, take: Side, field: Option<&str>, pair: Option<&str>) -> usize {
        let mut matched = 0;
        for c in &mut self.conflicts {
            let fits = field.is_none_or(|f| f == c.field)
                && pair.is_none_or(|p| p == c.source_id.as_str());
            if fits {
                c.take = Some(take);
                matched += 1;
            }
        }
        matched
    }
}

/// The choices of `file` that a plan made with them applied to values other than those the
/// file shows (a side changed since it was written): `(source id, field)` of each.
pub fn stale(plan: &Plan, file: &ConflictFile) -> CliResult<Vec<(ContactId, String)>> {
    let mut out = Vec::new();
    for action in plan.actions() {
        let action = action.map_err(|e| CliError::Failed(format!("cannot read the plan: {e}")))?;
        let Action::Merge {
            source_id, fields, ..
        } = &action
        else {
            continue;
        };
        for field in fields.iter().filter(|f| f.rule.contains("resolved")) {
            let seen = file
                .conflicts
                .iter()
                .find(|c| c.source_id == *source_id && c.field == field.field && c.take.is_some());
            if seen.is_some_and(|c| c.source != field.source || c.target != field.target) {
                out.push((source_id.clone(), field.field.clone()));
            }
        }
    }
    Ok(out)
}
