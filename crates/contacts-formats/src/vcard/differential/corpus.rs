//! A seeded generator of vCards covering every property class the reader meets, with the
//! parameters, groups, versions and odd values real files carry, for the differential test.

/// splitmix64: small, seeded, the same corpus on every run.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TEXTS: [&str; 8] = [
    "Ada",
    "Lovelace",
    "Sjöberg",
    "O'Connor",
    "a\\, b",
    "x\\;y",
    "",
    "line\\nbreak",
];
const TEL_TYPES: [&str; 12] = [
    "CELL", "WORK", "HOME", "VOICE", "FAX", "pref", "TEXT", "PAGER", "VIDEO", "iPhone", "MAIN",
    "x-custom",
];
const PARAMS: [&str; 16] = [
    "",
    "",
    "",
    ";PROP-ID=k1",
    ";PROP-ID=k2",
    ";PROP-ID=p1;PROP-ID=p2",
    ";X-PARAM=1",
    ";X-SERVICE-TYPE=Skype",
    ";LABEL=\"a\\nb: c\"",
    ";PREF=2",
    ";PREF=1",
    ";VALUE=text",
    ";VALUE=uri",
    ";X-ODD=\"a;b:c\"",
    ";X-EMPTY=",
    ";X-A=1,2",
];
/// Parameters the direct mapping leaves to the old path, rarer.
const RARE_PARAMS: [&str; 4] = [
    ";LANGUAGE=en",
    ";ALTID=1",
    ";PREF=x",
    ";CREATED=20200101T000000Z",
];

/// One random parameter suffix, with 3.0's `TYPE=` or 2.1's bare types.
fn params(rng: &mut Rng, version: &str, types: &[&str]) -> String {
    let mut out = String::new();
    for _ in 0..if types.is_empty() { 0 } else { rng.below(3) } {
        let t = rng.pick(types);
        match version {
            "2.1" => out.push_str(&format!(";{}", t.to_ascii_uppercase())),
            "4.0" if rng.chance(30) => out.push_str(&format!(";TYPE=\"{t},voice\"")),
            _ => out.push_str(&format!(";TYPE={t}")),
        }
    }
    if rng.chance(40) {
        out.push_str(rng.pick(&PARAMS));
    }
    if rng.chance(2) {
        out.push_str(rng.pick(&RARE_PARAMS));
    }
    out
}

fn group(rng: &mut Rng, n: &mut usize) -> String {
    if rng.chance(25) {
        *n += 1;
        format!("item{}.", *n)
    } else {
        String::new()
    }
}

fn text(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&TEXTS), rng.below(100))
}

/// A date in one of the forms files use: full, year-less (both spellings), year only,
/// with a time, as text, Apple's omitted year.
fn date(rng: &mut Rng) -> String {
    let forms = [
        ":1985-04-12",
        ":19850412",
        ":--0415",
        ":--04-15",
        ":1985",
        ":1985-04-12T10:30:00Z",
        ";VALUE=text:circa 1900",
        ";X-APPLE-OMIT-YEAR=1604:1604-07-01",
        ";VALUE=date:20100612",
    ];
    rng.pick(&forms).to_owned()
}

/// Adds one property of a random class to `out`, and sometimes an `X-ABLabel` for its group.
fn property(rng: &mut Rng, version: &str, out: &mut String, groups: &mut usize) {
    let g = group(rng, groups);
    let class = rng.below(30);
    let line = if class < 15 {
        contact_line(rng, version, &g, class)
    } else {
        other_line(rng, version, &g, class)
    };
    out.push_str(&line);
    out.push_str("\r\n");
    if !g.is_empty() && rng.chance(70) {
        let label = rng.pick(&["_$!<Mobile>!$_", "Boat", ""]);
        out.push_str(&format!("{g}X-ABLabel:{label}\r\n"));
        if rng.chance(10) {
            out.push_str(&format!("{g}X-ABLabel:second\r\n"));
        }
    }
}

/// Names, phones, e-mails, addresses, organisations, titles, notes, dates.
fn contact_line(rng: &mut Rng, version: &str, g: &str, class: usize) -> String {
    match class {
        0 => format!("FN{}:{}", params(rng, version, &[]), text(rng)),
        1 => {
            let parts: Vec<String> = (0..rng.below(8))
                .map(|i| {
                    if i == 2 && rng.chance(30) {
                        "A,B".into()
                    } else {
                        text(rng)
                    }
                })
                .collect();
            let sort = if rng.chance(20) {
                ";SORT-AS=\"Lovelace,Ada\""
            } else {
                ""
            };
            let order = jscomps(rng, parts.len().max(1), 7);
            format!("N{sort}{order}:{}", parts.join(";"))
        }
        2 => format!(
            "NICKNAME{}:{},{}",
            params(rng, version, &["work"]),
            text(rng),
            text(rng)
        ),
        3 | 4 => format!(
            "{g}TEL{}:+46 70 {}",
            params(rng, version, &TEL_TYPES),
            rng.below(999)
        ),
        5 => {
            let p = params(rng, version, &["INTERNET", "HOME", "WORK", "pref"]);
            format!("{g}EMAIL{p}:p{}@example.com", rng.below(99))
        }
        6 => {
            let fields: Vec<String> = (0..[7, 7, 8, 18][rng.below(4)])
                .map(|_| text(rng))
                .collect();
            let p = params(rng, version, &["HOME", "WORK", "pref"]);
            let order = jscomps(rng, fields.len(), 18);
            format!("{g}ADR{p}{order}:{}", fields.join(";"))
        }
        7 => {
            let p = params(rng, version, &["HOME", "pref"]);
            format!("{g}IMPP{p}:xmpp:a{}@example.com", rng.below(9))
        }
        8 => {
            let p = params(rng, version, &["WORK", "HOME"]);
            format!("{g}URL{p}:https://example.com/{}", rng.below(9))
        }
        9 => {
            let p = params(rng, version, &["WORK"]);
            let unit = if rng.chance(50) { "" } else { "Team" };
            format!("{g}ORG{p}:{};{};{unit}", text(rng), text(rng))
        }
        10 => format!("{g}TITLE:{}", text(rng)),
        11 => format!("{g}ROLE:{}", text(rng)),
        12 => format!("NOTE{}:{}", params(rng, version, &[]), text(rng)),
        13 => format!("{g}BDAY{}", date(rng)),
        _ => format!("{g}ANNIVERSARY{}", date(rng)),
    }
}

/// Sometimes (a third of the time) a `JSCOMPS` parameter over a property of `fields` fields
/// of which `known` have a kind: as this crate's writer puts it (a leading separator, then
/// fields in order), shuffled, with separators between parts, with a list field's second
/// value, or naming a field the property does not have (which makes it invalid).
fn jscomps(rng: &mut Rng, fields: usize, known: usize) -> String {
    if !rng.chance(33) {
        return String::new();
    }
    let mut items = vec![rng.pick(&["", "", "s,\\,", "s, ", "s,-"]).to_owned()];
    for _ in 0..rng.below(6) + 1 {
        let item = match rng.below(10) {
            0 => rng.pick(&["s, ", "s,\\;", "s,/"]).to_owned(),
            1 => format!("{},1", rng.below(fields)),
            2 => format!("{}", rng.below(known + 2)),
            _ => format!("{}", rng.below(fields)),
        };
        items.push(item);
    }
    if rng.chance(10) {
        items.truncate(1);
    }
    format!(";JSCOMPS=\"{}\"", items.join(";"))
}

/// Media, keywords, identity, time zones, places, languages, extensions.
fn other_line(rng: &mut Rng, version: &str, g: &str, class: usize) -> String {
    match class {
        15 => photo(rng, version, g),
        16 => format!("CATEGORIES:{},{}", text(rng), text(rng)),
        17 => format!("UID:urn:uuid:{:08x}", rng.next() as u32),
        18 => {
            let rev = rng.pick(&["2024-03-01T12:00:00Z", "20240301T120000Z", "2024-03-01"]);
            format!("REV:{rev}")
        }
        19 => format!(
            "KIND:{}",
            rng.pick(&["individual", "org", "group", "x-thing"])
        ),
        20 => format!("GENDER:{}", rng.pick(&["M", "F;boy", "O", ""])),
        21 => format!(
            "{g}TZ:{}",
            rng.pick(&["Europe/Stockholm", "Etc/GMT+1", "x-zone"])
        ),
        22 if rng.chance(10) => format!("TZ;VALUE=utc-offset:{}", rng.pick(&["-0500", "+0100"])),
        22 => format!("{g}GEO:geo:59.3,18.{}", rng.below(99)),
        23 => format!(
            "LANG{}:{}",
            params(rng, version, &["work"]),
            rng.pick(&["sv", "en"])
        ),
        24 => format!("{g}X-CUSTOM{}:{}", params(rng, version, &[]), text(rng)),
        25 => format!("X-ABShowAs:COMPANY\r\n{g}X-ABDATE:2010-06-12"),
        26 => {
            let relation = rng.pick(&["spouse", "friend"]);
            format!("RELATED;TYPE={relation}:urn:uuid:{}", rng.below(99))
        }
        27 if rng.chance(20) => rng
            .pick(&[
                "JSPROP;JSPTR=\"example.com:x\":\"1\"",
                "ADR;JSCOMPS=\";2;3\":;;Street;Town;;;",
                "TEL;JSCOMPS=\";0\":+46 70 1",
                "N;JSCOMPS=\";1;0\":Second;Name;;;",
            ])
            .to_owned(),
        27 => "X-ABLabel:orphan".to_owned(),
        28 => format!("PRODID:-//Example//{}//EN", rng.below(9)),
        _ => {
            let p = params(rng, version, &["twitter"]);
            format!("{g}X-SOCIAL{p}:https://example.com/{}", rng.below(9))
        }
    }
}

fn photo(rng: &mut Rng, version: &str, g: &str) -> String {
    let data = "iVBORw0KGgoAAAANSUhEUgAAAAYAAAAGCAIAAABvrngfAAAAHklEQVR42mP4";
    match (rng.below(3), version) {
        (0, _) => format!("{g}PHOTO:https://example.com/p{}.jpg", rng.below(9)),
        (1, "4.0") => format!("{g}LOGO;MEDIATYPE=image/png:data:image/png;base64,{data}"),
        (1, "2.1") => format!("{g}PHOTO;ENCODING=BASE64;JPEG:{data}\r\n"),
        _ => format!("{g}PHOTO;ENCODING=b;TYPE=JPEG:{data}"),
    }
}

/// A card of a random version with up to 24 random properties.
pub(super) fn card(rng: &mut Rng) -> String {
    let version = rng.pick(&["2.1", "3.0", "3.0", "4.0", "4.0"]);
    let mut out = format!("BEGIN:VCARD\r\nVERSION:{version}\r\n");
    let mut groups = 0;
    for _ in 0..rng.below(24) + 1 {
        property(rng, version, &mut out, &mut groups);
    }
    out.push_str("END:VCARD\r\n");
    out
}
