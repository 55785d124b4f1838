//! Minimal failing cases a person can read: each generated input written as a short line of
//! the data that matters, values clipped, instead of the `Debug` dump of every field.

use crate::near::Family;
use contacts_core::{ContactPatch, NewContact};

/// The longest value shown in full; longer ones are clipped with `…` and their length.
const VALUE_CHARS: usize = 24;

/// A short, readable rendering of a generated input.
pub trait Brief {
    /// One line (or a few) with the data that matters.
    fn brief(&self) -> String;
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

impl Brief for NewContact {
    fn brief(&self) -> String {
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

impl Brief for ContactPatch {
    fn brief(&self) -> String {
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

impl Brief for Family {
    fn brief(&self) -> String {
        let near: Vec<String> = self.near.iter().map(|v| value(v)).collect();
        format!(
            "{} held by {} contact(s), near misses [{}]",
            value(&self.base),
            self.copies,
            near.join(", ")
        )
    }
}

impl Brief for usize {
    fn brief(&self) -> String {
        self.to_string()
    }
}

impl<T: Brief> Brief for Vec<T> {
    fn brief(&self) -> String {
        let items: Vec<String> = self.iter().map(Brief::brief).collect();
        format!("[{}]", items.join("; "))
    }
}

impl<A: Brief, B: Brief> Brief for (A, B) {
    fn brief(&self) -> String {
        format!("{} with {}", self.0.brief(), self.1.brief())
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
        let shown = doc.brief();
        assert!(shown.len() < 80, "{shown}");
        assert!(
            shown.contains("(300 chars)") && shown.contains("\"VIP\""),
            "{shown}"
        );
    }

    #[test]
    fn a_patch_reads_as_what_it_does() {
        let patch = ContactPatch::new().set("a", "1").remove("b").add_label("L");
        assert_eq!(patch.brief(), "[set a=\"1\", remove b, +label \"L\"]");
    }
}
