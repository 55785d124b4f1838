//! Chooses the parsing crate by measurement: each candidate's accuracy on `tests/corpus.csv`,
//! then normalisations per second on one core over the corpus's valid numbers.
//!
//! Also the cost of the first normalisation in a process (the metadata a number needs is
//! loaded then), and normalisations per second over real-shaped numbers of every region
//! (national, international, spaced, dotted, bracketed), as a ratio against `phonenumber`'s
//! own parse measured in the same run.
//!
//! `cargo bench -p contacts-phone --bench normalize` (figures in docs/performance.md).

use std::hint::black_box;
use std::time::{Duration, Instant};

use contacts_phone::{Normalizer, NumberType, Region};
use criterion::{Criterion, Throughput};
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat, ValidationError};

/// The target: normalisations per second on one core.
const TARGET: f64 = 1_000_000.0;

struct Row {
    input: &'static str,
    region: Option<&'static str>,
    expected: &'static str,
}

fn corpus() -> Vec<Row> {
    include_str!("../tests/corpus.csv")
        .lines()
        .filter(|line| !line.starts_with("# ") && !line.is_empty())
        .map(|line| {
            let mut fields = line.rsplitn(3, ',');
            let expected = fields.next().unwrap_or_default();
            let region = fields.next().filter(|r| !r.is_empty());
            let input = fields.next().unwrap_or_default();
            Row {
                input,
                region,
                expected,
            }
        })
        .collect()
}

type Outcome = Option<String>;

/// contacts-phone as shipped (over the `phonenumber` crate).
fn ours(row: &Row) -> Outcome {
    let region = row
        .region
        .map(|r| r.parse::<Region>().expect("known region"));
    contacts_phone::normalize(row.input, region)
        .ok()
        .map(|n| n.e164().to_owned())
}

/// `phonenumber` alone: parse as written, E.164 out.
fn phonenumber_alone(row: &Row) -> Outcome {
    let region = row.region.map(|r| r.parse().expect("known region"));
    let number = phonenumber::parse(region, row.input).ok()?;
    Some(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// `rlibphonenumber` alone: parse as written, E.164 out.
fn rlib_alone(row: &Row) -> Outcome {
    let number = PHONE_NUMBER_UTIL
        .parse(row.input, row.region.unwrap_or("ZZ"))
        .ok()?;
    Some(
        PHONE_NUMBER_UTIL
            .format(&number, PhoneNumberFormat::E164)
            .into_owned(),
    )
}

/// `rlibphonenumber` under contacts-phone's rules: the same character check, `+`/`00`/MSISDN
/// readings, shortest-length and 15-digit checks, with the library's own possible-length test.
fn rlib_with_rules(row: &Row) -> Outcome {
    let text = scan(row.input)?;
    let e164 = match (text.strip_prefix('+'), row.region) {
        (Some(digits), _) => rlib_international(digits)?,
        (None, None) if text.starts_with("00") => rlib_international(&text[2..])?,
        (None, None) if text.starts_with('0') => return None,
        (None, None) => rlib_international(&text)?,
        (None, Some(region)) => rlib_unprefixed(&text, region)?,
    };
    (e164.len() <= 16).then_some(e164)
}

fn rlib_unprefixed(digits: &str, region: &str) -> Outcome {
    let national = PHONE_NUMBER_UTIL.parse(digits, region).ok();
    if let Some(n) = national
        .as_ref()
        .filter(|n| PHONE_NUMBER_UTIL.is_valid_number(n))
    {
        return Some(
            PHONE_NUMBER_UTIL
                .format(n, PhoneNumberFormat::E164)
                .into_owned(),
        );
    }
    let international = digits
        .strip_prefix("00")
        .or((!digits.starts_with('0')).then_some(digits));
    if let Some(e164) = international.and_then(rlib_international) {
        return Some(e164);
    }
    let national = national.filter(|n| !rlib_too_short(n))?;
    Some(
        PHONE_NUMBER_UTIL
            .format(&national, PhoneNumberFormat::E164)
            .into_owned(),
    )
}

fn rlib_international(digits: &str) -> Outcome {
    let number = PHONE_NUMBER_UTIL.parse(format!("+{digits}"), "ZZ").ok()?;
    (!rlib_too_short(&number)).then(|| {
        PHONE_NUMBER_UTIL
            .format(&number, PhoneNumberFormat::E164)
            .into_owned()
    })
}

fn rlib_too_short(number: &rlibphonenumber::PhoneNumber) -> bool {
    matches!(
        PHONE_NUMBER_UTIL.is_possible_number_with_reason(number),
        Err(ValidationError::TooShort)
    )
}

/// contacts-phone's character check: digits (ASCII or full-width), one leading `+`,
/// separators; anything else is no number.
fn scan(raw: &str) -> Option<String> {
    let mut text = String::new();
    for c in raw.chars() {
        match c {
            '0'..='9' => text.push(c),
            '\u{FF10}'..='\u{FF19}' => text.push(char::from_u32(u32::from(c) - 0xFF10 + 48)?),
            '+' | '\u{FF0B}' if text.is_empty() => text.push('+'),
            '-' | '.' | '/' | '(' | ')' | '[' | ']' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
    }
    let digits = text.trim_start_matches('+').len();
    (1..=20).contains(&digits).then_some(text)
}

type Candidate = (&'static str, fn(&Row) -> Outcome);

const CANDIDATES: [Candidate; 4] = [
    ("contacts-phone (phonenumber 0.3 + rules)", ours),
    ("rlibphonenumber 0.2 + the same rules", rlib_with_rules),
    ("phonenumber 0.3 alone", phonenumber_alone),
    ("rlibphonenumber 0.2 alone", rlib_alone),
];

fn print_accuracy(rows: &[Row]) {
    println!("accuracy on tests/corpus.csv ({} rows):", rows.len());
    for (name, candidate) in CANDIDATES {
        let wrong: Vec<String> = rows
            .iter()
            .filter(|row| {
                let expected = (!row.expected.starts_with("error:")).then_some(row.expected);
                candidate(row).as_deref() != expected
            })
            .map(|row| format!("{:?}/{}", row.input, row.region.unwrap_or("-")))
            .collect();
        let right = rows.len() - wrong.len();
        println!("  {name:45} {right}/{} right", rows.len());
        for w in &wrong {
            println!("      wrong: {w}");
        }
    }
}

/// Readings per second of `f` over `items`: the median of five rounds, each at least `round`
/// long (every item read as often as fits), so that one preemption on a shared machine does
/// not skew it.
fn rate<T, R>(items: &[T], round: Duration, f: impl Fn(&T) -> R) -> f64 {
    let mut rates: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut count = 0u64;
            while start.elapsed() < round {
                for item in items {
                    black_box(f(black_box(item)));
                }
                count += items.len() as u64;
            }
            count as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[rates.len() / 2]
}

/// The round of the table of normalisers (over the valid rows).
const TABLE_ROUND: Duration = Duration::from_millis(300);

fn print_rates(valid: &[Row]) {
    let cached: Vec<(Option<&str>, Normalizer)> = ["AU", "SE", "US", "FR"]
        .iter()
        .map(|r| (Some(*r), Normalizer::new(r.parse().ok()).with_cache(4096)))
        .chain([(None, Normalizer::new(None).with_cache(4096))])
        .collect();
    let through_cache = |row: &Row| -> Outcome {
        let (_, normalizer) = cached.iter().find(|(r, _)| *r == row.region)?;
        normalizer
            .normalize(row.input)
            .ok()
            .map(|n| n.e164().to_owned())
    };
    println!(
        "normalisations/s on one core over the {} valid numbers:",
        valid.len()
    );
    let mut rows: Vec<(&str, f64)> = CANDIDATES[..2]
        .iter()
        .map(|(name, f)| (*name, rate(valid, TABLE_ROUND, f)))
        .collect();
    rows.push((
        "contacts-phone Normalizer with cache",
        rate(valid, TABLE_ROUND, through_cache),
    ));
    for (name, per_second) in rows {
        let verdict = if per_second >= TARGET {
            "meets the target"
        } else {
            "MISSES the target"
        };
        println!("  {name:45} {per_second:>12.0}/s  (target {TARGET:.0}/s) {verdict}");
    }
}

fn criterion_benches(c: &mut Criterion, valid: &[Row]) {
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Elements(valid.len() as u64));
    group.measurement_time(Duration::from_secs(3));
    group.warm_up_time(Duration::from_secs(1));
    for (name, candidate) in CANDIDATES[..2].iter() {
        group.bench_function(*name, |b| {
            b.iter(|| {
                valid
                    .iter()
                    .filter_map(|row| candidate(black_box(row)))
                    .count()
            })
        });
    }
    let normalizer = Normalizer::new(Some("AU".parse().expect("AU"))).with_cache(4096);
    let plus: Vec<&Row> = valid.iter().filter(|r| r.input.starts_with('+')).collect();
    group.throughput(Throughput::Elements(plus.len() as u64));
    group.bench_function("contacts-phone cached, + numbers", |b| {
        b.iter(|| {
            plus.iter()
                .filter_map(|row| normalizer.normalize(black_box(row.input)).ok())
                .count()
        })
    });
    group.finish();
}

/// Times the first normalisation of the process (run before anything else touches metadata),
/// then a first number of another country, then rlibphonenumber 0.2's first parse.
fn print_first_normalisation() {
    let start = Instant::now();
    let first = contacts_phone::normalize("+46701234567", None).map(|n| n.is_valid());
    let ours = start.elapsed();
    let start = Instant::now();
    let au = "AU".parse().ok();
    let second = contacts_phone::normalize("0412 345 678", au).map(|n| n.is_valid());
    let another = start.elapsed();
    let start = Instant::now();
    let rlib = PHONE_NUMBER_UTIL.parse("+46701234567", "ZZ").is_ok();
    let rlib_first = start.elapsed();
    println!("first normalisation in the process (valid: {first:?}): {ours:?}");
    println!("first number of a second country (valid: {second:?}): {another:?}");
    println!("rlibphonenumber 0.2 first parse (ok: {rlib}): {rlib_first:?}");
}

/// Real-shaped numbers of every region with example numbers: each fixed-line and mobile
/// example written nationally (trunk prefix), internationally, spaced, dotted and bracketed,
/// with the region to read it in.
fn regional() -> Vec<(String, Region)> {
    let mut numbers = Vec::new();
    for meta in phonenumber::metadata::DATABASE.iter() {
        let Ok(region) = meta.id().parse::<Region>() else {
            continue;
        };
        let d = meta.descriptors();
        let examples = [d.fixed_line(), d.mobile()].into_iter().flatten();
        for example in examples.filter_map(|r| r.example()) {
            let trunk = meta.national_prefix().unwrap_or("");
            let (head, tail) = example.split_at(example.len().min(3));
            let code = meta.country_code();
            numbers.push((format!("{trunk}{example}"), region));
            numbers.push((format!("+{code}{example}"), region));
            numbers.push((format!("+{code} {head} {tail}"), region));
            numbers.push((format!("{trunk}{head}.{tail}"), region));
            numbers.push((format!("({trunk}{head}) {tail}"), region));
        }
    }
    numbers
}

/// Normalisations per second over the regional numbers, against `phonenumber::parse` of the
/// same texts in the same run (five rounds, median; the ratio is what to compare across runs);
/// then `normalize` alone, and with `is_valid`, `number_type` and `region` read too.
fn print_regional_rates() {
    let numbers = regional();
    let regions: std::collections::HashSet<Region> = numbers.iter().map(|(_, r)| *r).collect();
    let normalizers: std::collections::HashMap<Region, Normalizer> = regions
        .iter()
        .map(|r| (*r, Normalizer::new(Some(*r))))
        .collect();
    let valid = numbers
        .iter()
        .filter(|(text, r)| normalizers[r].normalize(text).is_ok_and(|n| n.is_valid()))
        .count();
    let ours = rate(&numbers, REGIONAL_ROUND, |(text, r)| {
        normalizers[r].normalize(text).is_ok_and(|n| n.is_valid())
    });
    let baseline = rate(&numbers, REGIONAL_ROUND, |(text, r)| {
        phonenumber::parse(Some(r.as_str().parse().expect("a region")), text).is_ok()
    });
    println!(
        "{} real-shaped numbers of {} regions ({valid} valid), normalised and checked valid:",
        numbers.len(),
        regions.len()
    );
    println!(
        "  contacts-phone {ours:>12.0}/s, phonenumber::parse alone {baseline:>12.0}/s: ratio {:.2} (target {TARGET:.0}/s)",
        ours / baseline
    );
    let alone = rate(&numbers, REGIONAL_ROUND, |(text, r)| {
        normalizers[r].normalize(text).is_ok()
    });
    let read = rate(&numbers, REGIONAL_ROUND, |(text, r)| {
        normalizers[r].normalize(text).is_ok_and(|n| {
            n.is_valid() && n.number_type() != NumberType::Unknown && n.region().is_some()
        })
    });
    println!(
        "  normalize alone {alone:>12.0}/s; with is_valid, number_type and region {read:>12.0}/s"
    );
}

/// `CONTACTS_PHONE_BENCH_REGIONAL_ROUNDS=N`: only reads the regional numbers N times (a warm-up
/// round first), for a profiler: `valgrind --tool=callgrind` with N=1 and N=11 counts the
/// instructions of ten rounds by difference.
fn regional_rounds_only() -> bool {
    let Some(rounds) = std::env::var("CONTACTS_PHONE_BENCH_REGIONAL_ROUNDS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return false;
    };
    let numbers = regional();
    let normalizers: std::collections::HashMap<Region, Normalizer> = numbers
        .iter()
        .map(|(_, r)| (*r, Normalizer::new(Some(*r))))
        .collect();
    let mut valid = 0;
    for _ in 0..=rounds {
        for (text, region) in &numbers {
            let read = normalizers[region].normalize(black_box(text));
            valid += usize::from(read.is_ok_and(|n| n.is_valid()));
        }
    }
    println!(
        "{} numbers x {} rounds, {valid} valid",
        numbers.len(),
        rounds + 1
    );
    true
}

/// The round of the real-shaped numbers: one pass over them takes about a millisecond, which
/// one preemption on a shared machine would skew.
const REGIONAL_ROUND: Duration = Duration::from_millis(200);

fn main() {
    if regional_rounds_only() {
        return;
    }
    print_first_normalisation();
    print_regional_rates();
    let rows = corpus();
    print_accuracy(&rows);
    let valid: Vec<Row> = corpus()
        .into_iter()
        .filter(|row| !row.expected.starts_with("error:"))
        .collect();
    print_rates(&valid);
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &valid);
    criterion.final_summary();
}
