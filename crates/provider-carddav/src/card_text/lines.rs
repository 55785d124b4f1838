//! Editing a stored vCard line by line: the lines the flat view reads are rewritten, inserted
//! or removed where the target card's flat view differs from the stored card's; every other
//! line is written back as it was (see the parent module for why).

use crate::text::{escape, fold_into, param};
use contacts_core::card::{CUSTOM_PROPERTY_PREFIX, IdMap};
use contacts_core::{Card, Labels, keys};
use contacts_formats::vcard::{head_name, split_content_line};

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
        line.name = head_name(split_head(content).0).1.to_ascii_uppercase();
    }
    out
}

/// The labels of the first card of `text` exactly as its `CATEGORIES` lines write them
/// (split on unescaped commas, unescaped), where the reader's keywords are those values
/// trimmed: calcard 0.3 trims list values, which would turn the label `"VIP "` into `"VIP"`
/// (labels are kept exactly, like every value). `None` when there is nothing to repair.
/// A repair of the reader's, in this one place, until `contacts-formats` reads them exactly.
pub(crate) fn exact_labels(text: &str, read: &Labels) -> Option<Labels> {
    let exact: Labels = lines(text)
        .into_iter()
        .take_while(|l| l.name != "END")
        .filter(|l| l.name == "CATEGORIES")
        .flat_map(|l| {
            let value = split_head(&l.content).1.to_owned();
            split_outside(&value, ',', false)
                .into_iter()
                .map(unescape)
                .collect::<Vec<_>>()
        })
        .filter(|v| !v.is_empty())
        .collect();
    let trimmed: Labels = exact
        .iter()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    (exact != *read && trimmed == *read).then_some(exact)
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

/// A content line split as the reader splits it ([`split_content_line`]): (name and params,
/// value); a line without a colon is all head.
fn split_head(content: &str) -> (&str, &str) {
    split_content_line(content).unwrap_or((content, ""))
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

/// One part of a list value (`N`'s components hold lists): its items split on unescaped
/// commas, the first replaced by `value` (escaped) or removed.
fn with_first_item(component: &str, value: Option<&str>) -> String {
    let mut items: Vec<String> = if component.is_empty() {
        Vec::new()
    } else {
        split_outside(component, ',', false)
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    match (value, items.is_empty()) {
        (Some(v), true) => items.push(escape(v)),
        (Some(v), false) => items[0] = escape(v),
        (None, false) => {
            items.remove(0);
        }
        (None, true) => {}
    }
    items.join(",")
}

/// Where an entry of an id map changed between the stored card and the target: its position
/// among the entries (the n-th `TEL` line is the n-th phone: the reader keeps document order)
/// and what it is now; `(None, Some(_))` for an entry the target adds.
fn changed<'a, T: PartialEq>(old: &IdMap<T>, new: &'a IdMap<T>) -> (Option<usize>, Option<&'a T>) {
    let at = old
        .iter()
        .position(|(id, entry)| new.get(id) != Some(entry));
    match at {
        Some(n) => {
            let id = old.keys().nth(n).unwrap_or_default();
            (Some(n), new.get(id))
        }
        None => (
            None,
            new.iter()
                .find(|(id, _)| old.get(id).is_none())
                .map(|(_, e)| e),
        ),
    }
}

/// The JSON pointer of the card member holding the custom key `key` (RFC 6901: `~` → `~0`,
/// `/` → `~1`), as `JSPROP`'s `JSPTR` names it (RFC 9555 §3.2.2).
fn pointer(key: &str) -> String {
    let key = key.replace('~', "~0").replace('/', "~1");
    format!("{CUSTOM_PROPERTY_PREFIX}{key}")
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

    fn drop_line(&mut self, index: usize) {
        self.out[index] = Out::New(String::new());
        self.names[index] = String::new();
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

    /// The value of a `TEL` line for `number`, and its `VALUE` parameter: a `tel:` URI is
    /// `VALUE=uri` in 4.0; anything else is text (3.0's `TEL` is text, a URI included).
    fn tel(&self, number: &str) -> (Option<&'static str>, String) {
        let uri = number
            .get(..4)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("tel:"));
        ((self.v4 && uri).then_some("VALUE=uri"), escape(number))
    }

    /// Sets, replaces or removes the value of the `n`-th line named `name` (`TEL`, `EMAIL`).
    fn single(&mut self, name: &str, n: Option<usize>, value: Option<&str>) {
        let at = n.and_then(|n| self.nth(name, n));
        let tel = name == "TEL";
        let render = |ed: &Self, value: &str| {
            if tel {
                ed.tel(value)
            } else {
                (None, escape(value))
            }
        };
        match (at, value) {
            (Some(i), Some(value)) => {
                let content = self.content(i);
                let (head, mut params) = head_parts(&content, if tel { &["VALUE"] } else { &[] });
                let (param, value) = render(self, value);
                params.extend(param);
                self.out[i] = Out::New(with_params(head, &params, &value));
            }
            (Some(i), None) => self.drop_line(i),
            (None, Some(value)) => {
                let (param, value) = render(self, value);
                let params: Vec<&str> = param.into_iter().collect();
                self.insert(with_params(name, &params, &value));
            }
            (None, None) => {}
        }
    }

    /// `N`'s family and given names (the first item of each; `JSCOMPS`, which orders the
    /// components, is dropped: it would not count a component added here).
    fn names(&mut self, last: Option<&str>, first: Option<&str>) {
        let Some(i) = self.nth("N", 0) else {
            let n = format!(
                "{};{}",
                escape(last.unwrap_or("")),
                escape(first.unwrap_or(""))
            );
            self.insert(format!("N:{n};;;"));
            return;
        };
        let content = self.content(i);
        let (head, params) = head_parts(&content, &["JSCOMPS"]);
        let (_, value) = split_head(&content);
        let mut parts: Vec<String> = split_outside(value, ';', false)
            .into_iter()
            .map(str::to_owned)
            .collect();
        parts.resize(parts.len().max(5), String::new());
        parts[0] = with_first_item(&parts[0], last);
        parts[1] = with_first_item(&parts[1], first);
        self.out[i] = Out::New(with_params(head, &params, &parts.join(";")));
    }

    /// `FN`, the full name, where the target's differs (a full name the core keeps, because
    /// the person wrote it differently from the components, is not touched).
    fn full_name(&mut self, full: &str) {
        let value = escape(full);
        match self.nth("FN", 0) {
            Some(i) => {
                let content = self.content(i);
                let (head, params) = head_parts(&content, &[]);
                self.out[i] = Out::New(with_params(head, &params, &value));
            }
            None => self.insert(format!("FN:{value}")),
        }
    }

    /// The first `ORG`: company and department, further units kept.
    fn org(&mut self, company: Option<&str>, department: Option<&str>) {
        let Some(i) = self.nth("ORG", 0) else {
            if company.is_some() || department.is_some() {
                self.insert(org_line("ORG", &[], company, department, &[]));
            }
            return;
        };
        let content = self.content(i);
        let (head, params) = head_parts(&content, &[]);
        let (_, value) = split_head(&content);
        let rest: Vec<&str> = split_outside(value, ';', false)
            .into_iter()
            .skip(2)
            .collect();
        if company.is_none() && department.is_none() && rest.iter().all(|r| r.is_empty()) {
            self.drop_line(i);
        } else {
            self.out[i] = Out::New(org_line(head, &params, company, department, &rest));
        }
    }

    /// Every `CATEGORIES` line becomes one, holding `labels` (none when there are none).
    fn labels(&mut self, labels: &Labels) {
        let mut first = None;
        for i in 0..self.out.len() {
            if self.names[i] == "CATEGORIES" {
                first.get_or_insert(i);
                self.drop_line(i);
            }
        }
        if labels.is_empty() {
            return;
        }
        let values: Vec<String> = labels.iter().map(escape).collect();
        let line = format!("CATEGORIES:{}", values.join(","));
        match first {
            Some(i) => self.out[i] = Out::New(line),
            None => self.insert(line),
        }
    }

    /// The `JSPROP` of the custom key `key` (RFC 9555 §3.2.2): removed, and written anew
    /// with `value` as a JSON string.
    fn custom(&mut self, key: &str, value: Option<&str>) {
        let pointer = pointer(key);
        for i in 0..self.out.len() {
            if self.names[i] != "JSPROP" {
                continue;
            }
            let content = self.content(i);
            let (_, params) = head_parts(&content, &[]);
            let names_it = params.iter().any(|p| {
                p.split_once('=').is_some_and(|(name, v)| {
                    name.eq_ignore_ascii_case("JSPTR") && v.trim_matches('"') == pointer
                })
            });
            if names_it {
                self.drop_line(i);
            }
        }
        if let Some(value) = value {
            let json = serde_json::Value::String(value.to_owned()).to_string();
            self.insert(format!(
                "JSPROP;JSPTR=\"{}\":{}",
                param(&pointer),
                escape(&json)
            ));
        }
    }
}

fn org_line(
    name: &str,
    params: &[&str],
    company: Option<&str>,
    department: Option<&str>,
    rest: &[&str],
) -> String {
    let mut value = escape(company.unwrap_or(""));
    if department.is_some() || !rest.is_empty() {
        value.push(';');
        value.push_str(&escape(department.unwrap_or("")));
    }
    for raw in rest {
        value.push(';');
        value.push_str(raw);
    }
    with_params(name, params, &value)
}

/// The stored card `text` (read as `old`) with the lines the flat view reads changed to show
/// what `new` shows; every other line is written back as it was.
pub(crate) fn edit(text: &str, old: &Card, new: &Card) -> String {
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
    apply(&mut ed, old, new);
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
            Out::New(content) => fold_into(&content, &mut out),
        }
    }
    out
}

/// The line changes that make the flat view of `old` that of `new`.
fn apply(ed: &mut Editor<'_>, old: &Card, new: &Card) {
    let (was, now) = (old.flat_properties(), new.flat_properties());
    if was.phone_number() != now.phone_number() {
        let (at, phone) = changed(&old.phones, &new.phones);
        ed.single("TEL", at, phone.map(|p| p.number.as_str()));
    }
    if was.email() != now.email() {
        let (at, email) = changed(&old.emails, &new.emails);
        ed.single("EMAIL", at, email.map(|e| e.address.as_str()));
    }
    if was.first_name() != now.first_name() || was.last_name() != now.last_name() {
        ed.names(now.last_name(), now.first_name());
    }
    let full = |card: &Card| card.name.as_ref().and_then(|n| n.full.clone());
    if let Some(full) = full(new).filter(|f| Some(f) != full(old).as_ref()) {
        ed.full_name(&full);
    }
    if was.company() != now.company() || was.department() != now.department() {
        ed.org(now.company(), now.department());
    }
    let labels = new.flat_labels();
    if old.flat_labels() != labels {
        ed.labels(&labels);
    }
    let custom = was.keys().chain(now.keys()).filter(|k| !is_well_known(k));
    let mut done: Vec<&str> = Vec::new();
    for key in custom {
        if !done.contains(&key) && was.get(key) != now.get(key) {
            ed.custom(key, now.get(key));
            done.push(key);
        }
    }
}

fn is_well_known(key: &str) -> bool {
    keys::ALL.contains(&key)
}
