//! `sync --conflict ask`: a person at a terminal chooses, field by field, between the source's
//! and the target's value of each field a pair changed differently on both sides (or skips
//! it, leaving it in conflict). Only on a terminal: a script gets the conflicts in a file
//! (`--conflicts-to`) instead, so it never hangs on a question nobody reads.

use super::sync_conflicts::ConflictFile;
use crate::error::{CliError, CliResult};
use contacts_sync::{Resolution, Side, Skip};
use std::io::{BufRead, Write};

/// Refuses `ask` where nobody can answer (stdin or stderr is not a terminal).
pub fn check_terminal() -> CliResult {
    if super::preflight::interactive() {
        return Ok(());
    }
    Err(CliError::Usage(
        "--conflict ask needs a terminal to ask on; nothing was changed. In a script, write \
         the conflicts with --conflicts-to FILE, choose with `contacts sync resolve FILE \
         --take source|target` (or edit each \"take\"), then run with --resolutions FILE"
            .into(),
    ))
}

/// Asks on the terminal about every field in conflict in `conflicts`; the choices made.
pub fn ask_terminal(conflicts: &[Skip]) -> CliResult<Vec<Resolution>> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stderr().lock();
    ask(conflicts, &mut input, &mut out).map_err(|e| CliError::io("the terminal", e))
}

/// Asks about every field in conflict in `conflicts`, reading answers from `input` and writing
/// questions to `out`: `s` takes the source's value, `t` the target's, `k` (or an empty
/// line) skips the field, `q` skips every field left. The end of the input skips the rest.
pub fn ask(
    conflicts: &[Skip],
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> std::io::Result<Vec<Resolution>> {
    let file = ConflictFile::from_conflicts("", "", conflicts);
    let mut chosen = Vec::new();
    if file.conflicts.is_empty() {
        return Ok(chosen);
    }
    let total = file.conflicts.len();
    writeln!(
        out,
        "{total} field{} changed differently on both sides since the last sync:",
        if total == 1 { "" } else { "s" }
    )?;
    for (i, c) in file.conflicts.iter().enumerate() {
        let shown = |v: &Option<String>| v.as_deref().map_or("(none)".into(), |v| format!("{v:?}"));
        writeln!(
            out,
            "[{}/{total}] contact {} (source), {}:\n  s) source: {}\n  t) target: {}\n  k) skip",
            i + 1,
            c.source_id.as_str(),
            c.field,
            shown(&c.source),
            shown(&c.target)
        )?;
        let Some(answer) = answer(input, out)? else {
            break;
        };
        if let Some(take) = answer {
            chosen.push(Resolution {
                source_id: c.source_id.clone(),
                field: c.field.clone(),
                take,
            });
        }
    }
    Ok(chosen)
}

/// One answer: `Some(Some(side))` chosen, `Some(None)` skipped, `None` stop asking.
fn answer(input: &mut impl BufRead, out: &mut impl Write) -> std::io::Result<Option<Option<Side>>> {
    loop {
        write!(out, "take s, t, k (skip) or q (skip the rest)? ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            return Ok(None);
        }
        match line.trim().to_ascii_lowercase().as_str() {
            "s" | "source" => return Ok(Some(Some(Side::Source))),
            "t" | "target" => return Ok(Some(Some(Side::Target))),
            "" | "k" | "skip" => return Ok(Some(None)),
            "q" | "quit" => return Ok(None),
            other => writeln!(out, "{other:?} is not one of s, t, k, q")?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::ContactId;
    use contacts_sync::FieldMerge;

    fn conflict(id: &str, fields: &[(&str, &str, &str)]) -> Skip {
        Skip {
            side: Side::Source,
            id: ContactId::new(id),
            reason: "changed on both sides".into(),
            fields: fields
                .iter()
                .map(|(field, s, t)| FieldMerge {
                    field: (*field).into(),
                    changed_on: "both".into(),
                    source: Some((*s).into()),
                    target: Some((*t).into()),
                    result: None,
                    rule: "changed on both differently; left alone".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn each_field_is_asked_and_answered_skips_and_retries_included() {
        let conflicts = [
            conflict(
                "1",
                &[("firstName", "Ada", "Adah"), ("email", "a@x", "b@x")],
            ),
            conflict("2", &[("company", "X", "Y")]),
        ];
        let mut input = "t\nwhat\nk\ns\n".as_bytes();
        let mut out = Vec::new();
        let chosen = ask(&conflicts, &mut input, &mut out).unwrap();
        let got: Vec<(&str, &str, Side)> = chosen
            .iter()
            .map(|r| (r.source_id.as_str(), r.field.as_str(), r.take))
            .collect();
        // In the plan's order: firstName (t), email (an unknown answer, then k), company (s).
        assert_eq!(
            got,
            [
                ("1", "firstName", Side::Target),
                ("2", "company", Side::Source)
            ]
        );
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("s) source: \"Ada\"") && shown.contains("t) target: \"Adah\""));
        assert!(
            shown.contains("\"what\" is not one of s, t, k, q"),
            "{shown}"
        );
    }

    #[test]
    fn the_end_of_input_or_q_leaves_the_rest_in_conflict() {
        let conflicts = [conflict("1", &[("a", "1", "2"), ("b", "1", "2")])];
        let chosen = ask(&conflicts, &mut "s\n".as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!(chosen.len(), 1);
        let chosen = ask(&conflicts, &mut "q\ns\n".as_bytes(), &mut Vec::new()).unwrap();
        assert!(chosen.is_empty());
    }
}
