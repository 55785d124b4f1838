//! Editing a stored vCard line by line: the lines of the mapped properties that change are
//! rewritten, inserted or removed; every other line is written back as it was.

use super::{Mapped, categories, display_name, escape, fold, org_line, preferred, tel_value};
use calcard::vcard::{VCard, VCardProperty};
use contacts_core::{Labels, Properties};

/// One logical (unfolded) content line and the physical lines it came from.
struct Line<'a> {
    physical: Vec<&'a str>,
    content: String,
    /// The property name, upper case, without its group.
    name: String,
}

/// What is written for a line: the original physical lines, or a new content line.
enum Out<'a> {
    Keep(Vec<&'a str>),
    New(String),
}

/// The card's logical lines. A blank line is one too (with no name, so never edited): written
/// back as it was, it keeps a folded line after it from joining the line before it, which
/// would change what the card says.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    // What follows the last line break is a line only if it holds something.
    let text = text.strip_suffix('\n').unwrap_or(text);
    for physical in text.split('\n') {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        if let (Some(rest), Some(last)) = (physical.strip_prefix([' ', '\t']), out.last_mut()) {
            last.physical.push(physical);
            last.content.push_str(rest);
            continue;
        }
        out.push(Line {
            physical: vec![physical],
            content: physical.to_owned(),
            name: String::new(),
        });
    }
    for line in &mut out {
        // Readers skip white space before a name (`\rEND:VCARD` ends the card for calcard).
        let content = line
            .content
            .trim_start_matches(|c: char| c.is_ascii_whitespace());
        let head = split_head(content).0;
        let name = head.split(';').next().unwrap_or("");
        let name = name.rsplit('.').next().unwrap_or(name);
        line.name = name.to_ascii_uppercase();
    }
    out
}

/// Every `CATEGORIES` line's values, in the card's order, split on unescaped commas and
/// unescaped, exactly as written: calcard 0.1.3 trims list values, which would change a label
/// such as `"VIP "` (labels are kept exactly, like every value).
pub(crate) fn categories_exact(text: &str) -> Vec<Vec<String>> {
    lines(text)
        .into_iter()
        .filter(|l| l.name == "CATEGORIES")
        .map(|l| {
            let value = split_head(&l.content).1;
            split_outside(value, ',', false)
                .into_iter()
                .map(unescape)
                .collect()
        })
        .collect()
}

/// A text value without its escapes (RFC 6350 §3.4): `\\`, `\,`, `\;`, `\n`/`\N`.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a content line at the first `:` outside double quotes: (name and params, value).
fn split_head(content: &str) -> (&str, &str) {
    let mut quoted = false;
    for (i, c) in content.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return (&content[..i], &content[i + 1..]),
            _ => {}
        }
    }
    (content, "")
}

/// Splits on `sep` outside double quotes (parameters) or not escaped by `\` (components).
fn split_outside(text: &str, sep: char, quotes: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quotes => escaped = true,
            '"' if quotes => quoted = !quoted,
            c if c == sep && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The group-and-name and the parameters of a line, without those `drop` names.
fn head_parts<'a>(content: &'a str, drop: &[&str]) -> (&'a str, Vec<&'a str>) {
    let (head, _) = split_head(content);
    let mut parts = split_outside(head, ';', true).into_iter();
    let name = parts.next().unwrap_or("");
    let params = parts
        .filter(|p| {
            let pname = p.split('=').next().unwrap_or("");
            !drop.iter().any(|d| pname.eq_ignore_ascii_case(d))
        })
        .collect();
    (name, params)
}

fn with_params(name: &str, params: &[&str], value: &str) -> String {
    let params: String = params.iter().map(|p| format!(";{p}")).collect();
    format!("{name}{params}:{value}")
}

/// The edit under way: the output lines and where new lines go.
struct Editor<'a> {
    out: Vec<Out<'a>>,
    names: Vec<String>,
    insert_at: usize,
    v4: bool,
}

impl<'a> Editor<'a> {
    fn nth(&self, name: &str, n: usize) -> Option<usize> {
        self.names
            .iter()
            .enumerate()
            .filter(|(_, l)| *l == name)
            .nth(n)
            .map(|(i, _)| i)
    }

    fn insert(&mut self, line: String) {
        self.out.insert(self.insert_at, Out::New(line));
        self.names.insert(self.insert_at, String::new());
        self.insert_at += 1;
    }

    fn content(&self, index: usize) -> String {
        match &self.out[index] {
            Out::Keep(physical) => {
                let mut s = physical[0].to_owned();
                for p in &physical[1..] {
                    s.push_str(&p[1..]);
                }
                s
            }
            Out::New(s) => s.clone(),
        }
    }

    /// Sets, replaces or removes the value of the `n`-th line named `name` (TEL, EMAIL).
    fn single(&mut self, name: &str, n: Option<usize>, value: Option<&str>) {
        let at = n.and_then(|n| self.nth(name, n));
        let tel = name == "TEL";
        let render = |value: &str, v4: bool| -> (Option<&'static str>, String) {
            if tel {
                tel_value(value, v4)
            } else {
                (None, escape(value))
            }
        };
        match (at, value) {
            (Some(i), Some(value)) => {
                let content = self.content(i);
                let (head, mut params) = head_parts(&content, if tel { &["VALUE"] } else { &[] });
                let (param, value) = render(value, self.v4);
                params.extend(param);
                self.out[i] = Out::New(with_params(head, &params, &value));
            }
            (Some(i), None) => {
                self.out[i] = Out::New(String::new());
                self.names[i] = String::new();
            }
            (None, Some(value)) => {
                let (param, value) = render(value, self.v4);
                let params: Vec<&str> = param.into_iter().collect();
                self.insert(with_params(name, &params, &value));
            }
            (None, None) => {}
        }
    }

    fn names(&mut self, props: &Properties) {
        let n = format!(
            "{};{}",
            escape(props.last_name().unwrap_or("")),
            escape(props.first_name().unwrap_or(""))
        );
        match self.nth("N", 0) {
            Some(i) => {
                let content = self.content(i);
                let (head, params) = head_parts(&content, &[]);
                let (_, value) = split_head(&content);
                let rest = split_outside(value, ';', false);
                let mut value = n;
                for raw in rest.iter().skip(2) {
                    value.push(';');
                    value.push_str(raw);
                }
                for _ in rest.len().max(2)..5 {
                    value.push(';');
                }
                self.out[i] = Out::New(with_params(head, &params, &value));
            }
            None => self.insert(format!("N:{n};;;")),
        }
        let full = escape(&display_name(props));
        match self.nth("FN", 0) {
            Some(i) => {
                let content = self.content(i);
                let (head, params) = head_parts(&content, &[]);
                self.out[i] = Out::New(with_params(head, &params, &full));
            }
            None => self.insert(format!("FN:{full}")),
        }
    }

    fn org(&mut self, props: &Properties) {
        match self.nth("ORG", 0) {
            Some(i) => {
                let content = self.content(i);
                let (head, params) = head_parts(&content, &[]);
                let (_, value) = split_head(&content);
                let rest: Vec<&str> = split_outside(value, ';', false)
                    .into_iter()
                    .skip(2)
                    .collect();
                if props.company().is_none()
                    && props.department().is_none()
                    && rest.iter().all(|r| r.is_empty())
                {
                    self.out[i] = Out::New(String::new());
                    self.names[i] = String::new();
                } else {
                    self.out[i] = Out::New(org_line(head, &params, props, &rest));
                }
            }
            None if props.company().is_some() || props.department().is_some() => {
                self.insert(org_line("ORG", &[], props, &[]));
            }
            None => {}
        }
    }

    fn labels(&mut self, labels: &Labels) {
        let mut first = None;
        for i in 0..self.out.len() {
            if self.names[i] == "CATEGORIES" {
                first.get_or_insert(i);
                self.out[i] = Out::New(String::new());
                self.names[i] = String::new();
            }
        }
        if labels.is_empty() {
            return;
        }
        match first {
            Some(i) => self.out[i] = Out::New(categories(labels)),
            None => self.insert(categories(labels)),
        }
    }
}

/// The stored card `text` (parsed as `card`, mapped as `old`) with the mapped properties set
/// to `props` and the labels to `labels`; every line of a property that does not change is
/// written back as it was.
pub(crate) fn edit(
    text: &str,
    card: &VCard,
    old: &Mapped,
    props: &Properties,
    labels: &Labels,
) -> String {
    let parsed = lines(text);
    let v4 = parsed
        .iter()
        .find(|l| l.name == "VERSION")
        .is_none_or(|l| split_head(&l.content).1.trim().starts_with('4'));
    let insert_at = parsed
        .iter()
        .rposition(|l| l.name == "END")
        .unwrap_or(parsed.len());
    let mut ed = Editor {
        names: parsed.iter().map(|l| l.name.clone()).collect(),
        out: parsed.into_iter().map(|l| Out::Keep(l.physical)).collect(),
        insert_at,
        v4,
    };
    let was = &old.properties;
    if was.phone_number() != props.phone_number() {
        ed.single(
            "TEL",
            preferred(card, &VCardProperty::Tel),
            props.phone_number(),
        );
    }
    if was.email() != props.email() {
        ed.single(
            "EMAIL",
            preferred(card, &VCardProperty::Email),
            props.email(),
        );
    }
    if was.first_name() != props.first_name() || was.last_name() != props.last_name() {
        ed.names(props);
    }
    if was.company() != props.company() || was.department() != props.department() {
        ed.org(props);
    }
    if old.labels != *labels {
        ed.labels(labels);
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in ed.out {
        match line {
            Out::Keep(physical) => {
                for p in physical {
                    out.push_str(p);
                    out.push_str("\r\n");
                }
            }
            Out::New(content) if content.is_empty() => {}
            Out::New(content) => fold(&mut out, &content),
        }
    }
    out
}
