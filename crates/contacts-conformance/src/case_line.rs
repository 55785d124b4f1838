//! Minimal failing cases a person can read: each generated input written as a short line of
//! the data that matters, values clipped, instead of the `Debug` dump of every field.

use crate::near_misses::Family;
use contacts_core::{ContactPatch, NewContact};

/// The longest value shown in full; longer ones are clipped with `…` and their length.
const VALUE_CHARS: usize = 24;

/// A short, readable rendering of a generated input.
pub trait CaseLine {
    /// One line (or a few) with the data that matters.
    fn case_line(&self) -> String;
}

/// A value quoted and escaped, clipped after [`VALUE_CHARS`] characters.
pub(crate) fn value(v: &str) -> String {
    let n = v.chars().count();
    if n <= VALUE_CHARS {
        format!("{v:?}")
    } else {
        let head: String = v.chars().take(VALUE_CHARS).collect();
        format!("{:?}… ({n} chars)", head)
    }
}

impl CaseLine for NewContact {
    fn case_line(&self) -> String {
        let props: Vec<String> = self
            .properties
            .iter()
            .map(|(k, v)| format!("{k}={}", value(v)))
            .collect();
        let mut out = format!("{{{}}}", props.join(", "));
        if !self.labels.is_empty() {
            let labels: Vec<String> = self.labels.iter().map(value).collect();
            out.push_str(&format!(" labels [{}]", labels.join(", ")));
        }
        out
    }
}

impl CaseLine for ContactPatch {
    fn case_line(&self) -> String {
        let mut parts: Vec<String> = self
            .properties
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!("set {k}={}", value(v)),
                None => format!("remove {k}"),
            })
            .collect();
        parts.extend(
            self.add_labels
                .iter()
                .map(|l| format!("+label {}", value(l))),
        );
        parts.extend(
            self.remove_labels
                .iter()
                .map(|l| format!("-label {}", value(l))),
        );
        format!("[{}]", parts.join(", "))
    }
}

impl CaseLine for Family {
    fn case_line(&self) -> String {
        let near: Vec<String> = self.near.iter().map(|v| value(v)).collect();
        format!(
            "{} held by {} contact(s), near misses [{}]",
            value(&self.base),
            self.copies,
            near.join(", ")
        )
    }
}

impl CaseLine for usize {
    fn case_line(&self) -> String {
        self.to_string()
    }
}

impl<T: CaseLine> CaseLine for Vec<T> {
    fn case_line(&self) -> String {
        let items: Vec<String> = self.iter().map(CaseLine::case_line).collect();
        format!("[{}]", items.join("; "))
    }
}

impl<A: CaseLine, B: CaseLine> CaseLine for (A, B) {
    fn case_line(&self) -> String {
        format!("{} with {}", self.0.case_line(), self.1.case_line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_clipped_and_keep_their_length() {
        let doc = NewContact::new()
            .property("note", "x".repeat(300))
            .label("VIP");
        let shown = doc.case_line();
        assert!(shown.len() < 80, "{shown}");
        assert!(
            shown.contains("(300 chars)") && shown.contains("\"VIP\""),
            "{shown}"
        );
    }

    #[test]
    fn a_patch_reads_as_what_it_does() {
        let patch = ContactPatch::new().set("a", "1").remove("b").add_label("L");
        assert_eq!(patch.case_line(), "[set a=\"1\", remove b, +label \"L\"]");
    }
}
