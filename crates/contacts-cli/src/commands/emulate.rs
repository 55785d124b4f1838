//! `contacts emulate ip1|addressbook`: a vendor emulator in the foreground.

use crate::args::{Deviation, EmulateArgs, Vendor};
use crate::error::{CliError, CliResult};
use crate::output::write_stdout;
use clap::ValueEnum;
use contacts_emulator::addressbook::{AddressBookDeviation, AddressBookEmulator};
use contacts_emulator::ip1::{Ip1Deviation, Ip1Emulator};
use contacts_emulator::{DEFAULT_API_KEY, FaultConfig, FaultPhase, RateLimit};
use futures::future::BoxFuture;
use std::time::Duration;

/// A running emulator: what to tell the user, and how to stop it.
struct Running {
    url: String,
    /// The address book it starts with (addressbook only).
    book: Option<String>,
    stop: Box<dyn FnOnce() -> BoxFuture<'static, ()>>,
}

/// Starts the emulator and prints its base URL as the first line of stdout (and, for
/// addressbook, the id of the book it starts with as the second), then ready-to-paste
/// `export CONTACTS_…=…` lines on stderr; serves until Ctrl-C.
pub async fn run(args: &EmulateArgs, api_key: Option<&str>) -> CliResult {
    let key = api_key.unwrap_or(DEFAULT_API_KEY);
    let running = match args.vendor {
        Vendor::Ip1 => start_ip1(args, key).await?,
        Vendor::Addressbook => start_addressbook(args, key).await?,
    };
    let mut lines = format!("{}\n", running.url);
    if let Some(book) = &running.book {
        lines.push_str(&format!("{book}\n"));
    }
    write_stdout(&lines)?;
    eprint!("{}", exports(args.vendor, &running, api_key.is_some()));
    eprintln!("serving until Ctrl-C");
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError::Failed(format!("cannot wait for Ctrl-C: {e}")))?;
    (running.stop)().await;
    Ok(())
}

/// The `export` lines that point `contacts` at the emulator. A key given with --api-key is
/// never printed; the emulator's default key is public and is.
fn exports(vendor: Vendor, running: &Running, key_given: bool) -> String {
    let provider = match vendor {
        Vendor::Ip1 => "ip1",
        Vendor::Addressbook => "addressbook",
    };
    let mut out = format!(
        "export CONTACTS_PROVIDER={provider}\nexport CONTACTS_BASE_URL={}\n",
        running.url
    );
    if key_given {
        out.push_str("# and CONTACTS_API_KEY: the key given with --api-key\n");
    } else {
        out.push_str(&format!("export CONTACTS_API_KEY={DEFAULT_API_KEY}\n"));
    }
    if let Some(book) = &running.book {
        out.push_str(&format!("export CONTACTS_ADDRESS_BOOK={book}\n"));
    }
    out
}

fn start_failed(e: std::io::Error) -> CliError {
    CliError::Failed(format!("cannot start the emulator: {e}"))
}

/// The faults asked for on the command line, checked: each fraction between 0 and 1 and the
/// three together at most 1 (one draw per request decides which, if any, applies), so a typo
/// is refused instead of silently meaning "always".
fn fault_config(args: &EmulateArgs) -> CliResult<FaultConfig> {
    let rates = [
        ("--error-rate", args.error_rate),
        ("--throttle-rate", args.throttle_rate),
        ("--drop-rate", args.drop_rate),
    ];
    if let Some((flag, rate)) = rates.iter().find(|(_, rate)| !(0.0..=1.0).contains(rate)) {
        return Err(CliError::Usage(format!(
            "{flag} {rate} is not a fraction of requests: give a number from 0 to 1"
        )));
    }
    let total: f64 = rates.iter().map(|(_, rate)| rate).sum();
    if total > 1.0 + 1e-9 {
        return Err(CliError::Usage(format!(
            "--error-rate, --throttle-rate and --drop-rate add up to {total}; each request \
             gets at most one of these faults, so together they can be at most 1"
        )));
    }
    let error_phase = match args.error_phase.as_str() {
        "after" => FaultPhase::After,
        "either" => FaultPhase::Either,
        _ => FaultPhase::Before,
    };
    Ok(FaultConfig {
        error_rate: args.error_rate,
        error_phase,
        error_status: args.error_status,
        latency: Duration::from_millis(args.latency_ms),
        rate_limit_rate: args.throttle_rate,
        retry_after_secs: args.retry_after,
        drop_rate: args.drop_rate,
        ..FaultConfig::seeded(args.seed)
    })
}

/// The Atom server's rate limit: `--rate-limit` requests per second (0 = none) with bursts of
/// `--burst`, each defaulting to the emulator's own default.
fn rate_limit(args: &EmulateArgs) -> CliResult<RateLimit> {
    let default = RateLimit::default();
    let per_second = args.rate_limit.unwrap_or(default.per_second);
    if !per_second.is_finite() || per_second < 0.0 {
        return Err(CliError::Usage(format!(
            "--rate-limit {per_second} is not a number of requests per second: give 0 (no \
             limit) or more"
        )));
    }
    if per_second == 0.0 {
        return Ok(RateLimit::unlimited());
    }
    Ok(RateLimit {
        per_second,
        burst: args.burst.unwrap_or(default.burst),
    })
}

/// Refuses an option that the other vendor's emulator has, rather than ignoring it.
fn refuse_foreign(given: bool, flag: &str, vendor: &str) -> CliResult {
    if given {
        return Err(CliError::Usage(format!(
            "{flag} applies to the {vendor} emulator only"
        )));
    }
    Ok(())
}

/// Refuses a deviation of the other vendor's emulator, naming it as it was given.
fn foreign_deviation(deviation: Deviation, vendor: &str) -> CliError {
    let name = deviation
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    CliError::Usage(format!(
        "--deviation {name} applies to the {vendor} emulator only"
    ))
}

async fn start_ip1(args: &EmulateArgs, key: &str) -> CliResult<Running> {
    refuse_foreign(args.rate_limit.is_some(), "--rate-limit", "addressbook")?;
    refuse_foreign(args.burst.is_some(), "--burst", "addressbook")?;
    let builder = Ip1Emulator::builder()
        .api_key(key)
        .faults(fault_config(args)?);
    let builder = args.port.into_iter().fold(builder, |b, port| b.port(port));
    let builder = args
        .import_delay_ms
        .into_iter()
        .fold(builder, |b, ms| b.import_delay(Duration::from_millis(ms)));
    let mut builder = builder;
    for d in &args.deviations {
        builder = builder.deviation(match d {
            Deviation::IgnoresDescendingOrder => Ip1Deviation::IgnoresDescendingOrder,
            Deviation::LinksDropFilters => Ip1Deviation::LinksDropFilters,
            Deviation::UnmatchedMethodNotFound => Ip1Deviation::UnmatchedMethodNotFound,
            Deviation::UnknownIdAnswered500 => return Err(foreign_deviation(*d, "addressbook")),
        });
    }
    let emu = builder.start().await.map_err(start_failed)?;
    Ok(Running {
        url: emu.base_url(),
        book: None,
        stop: Box::new(move || Box::pin(emu.shutdown())),
    })
}

async fn start_addressbook(args: &EmulateArgs, key: &str) -> CliResult<Running> {
    refuse_foreign(args.import_delay_ms.is_some(), "--import-delay-ms", "ip1")?;
    let mut builder = AddressBookEmulator::builder()
        .api_key(key)
        .faults(fault_config(args)?)
        .rate_limit(rate_limit(args)?);
    for d in &args.deviations {
        builder = builder.deviation(match d {
            Deviation::UnknownIdAnswered500 => AddressBookDeviation::UnknownIdAnswered500,
            _ => return Err(foreign_deviation(*d, "ip1")),
        });
    }
    let builder = args.port.into_iter().fold(builder, |b, port| b.port(port));
    let emu = builder.start().await.map_err(start_failed)?;
    let book = emu.create_book("Contacts").to_string();
    Ok(Running {
        url: emu.base_url(),
        book: Some(book),
        stop: Box::new(move || Box::pin(emu.shutdown())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{Cli, Command};
    use clap::Parser;

    fn emulate_args(line: &[&str]) -> EmulateArgs {
        let cli = Cli::try_parse_from(["contacts", "emulate"].iter().chain(line))
            .unwrap_or_else(|e| panic!("{line:?}: {e}"));
        match cli.command {
            Command::Emulate(args) => args,
            other => panic!("{other:?}"),
        }
    }

    fn usage_message<T>(result: CliResult<T>) -> String {
        match result {
            Err(CliError::Usage(message)) => message,
            Err(other) => panic!("expected a usage error, got {other}"),
            Ok(_) => panic!("expected a usage error, got success"),
        }
    }

    #[test]
    fn fault_flags_reach_the_emulator_config() {
        let args = emulate_args(&[
            "ip1",
            "--seed",
            "7",
            "--error-rate",
            "0.25",
            "--error-phase",
            "after",
            "--error-status",
            "504",
            "--latency-ms",
            "30",
            "--throttle-rate",
            "0.5",
            "--retry-after",
            "3",
            "--drop-rate",
            "0.125",
        ]);
        let faults = fault_config(&args).unwrap();
        assert_eq!(
            faults,
            FaultConfig {
                error_rate: 0.25,
                error_phase: FaultPhase::After,
                error_status: Some(504),
                latency: Duration::from_millis(30),
                rate_limit_rate: 0.5,
                retry_after_secs: 3,
                drop_rate: 0.125,
                ..FaultConfig::seeded(7)
            }
        );
        assert_eq!(
            fault_config(&emulate_args(&["ip1"])).unwrap(),
            FaultConfig::none()
        );
    }

    #[test]
    fn a_rate_outside_zero_to_one_or_a_total_over_one_is_refused() {
        let message = usage_message(fault_config(&emulate_args(&["ip1", "--error-rate", "5"])));
        assert!(message.contains("--error-rate 5"), "{message}");
        let message = usage_message(fault_config(&emulate_args(&["ip1", "--drop-rate=-0.1"])));
        assert!(message.contains("--drop-rate -0.1"), "{message}");
        let message = usage_message(fault_config(&emulate_args(&[
            "ip1",
            "--error-rate",
            "0.7",
            "--throttle-rate",
            "0.7",
        ])));
        assert!(message.contains("add up to 1.4"), "{message}");
    }

    #[test]
    fn the_atom_rate_limit_defaults_to_the_emulators_and_zero_is_none() {
        let atom = |line: &[&str]| rate_limit(&emulate_args(line));
        assert_eq!(atom(&["addressbook"]).unwrap(), RateLimit::default());
        assert_eq!(
            atom(&["addressbook", "--rate-limit", "2.5", "--burst", "4"]).unwrap(),
            RateLimit {
                per_second: 2.5,
                burst: 4
            }
        );
        assert_eq!(
            atom(&["addressbook", "--rate-limit", "0"]).unwrap(),
            RateLimit::unlimited()
        );
        let message = usage_message(atom(&["addressbook", "--rate-limit=-1"]));
        assert!(message.contains("--rate-limit -1"), "{message}");
    }

    #[tokio::test]
    async fn an_option_of_the_other_vendor_is_refused_not_ignored() {
        let cases: [(&[&str], &str); 4] = [
            (
                &["ip1", "--rate-limit", "5"],
                "--rate-limit applies to the addressbook emulator only",
            ),
            (
                &["addressbook", "--import-delay-ms", "5"],
                "--import-delay-ms applies to the ip1 emulator only",
            ),
            (
                &["addressbook", "--deviation", "ignores-descending-order"],
                "--deviation ignores-descending-order applies to the ip1 emulator only",
            ),
            (
                &["ip1", "--deviation", "unknown-id-answered-500"],
                "--deviation unknown-id-answered-500 applies to the addressbook emulator only",
            ),
        ];
        for (line, wanted) in cases {
            let args = emulate_args(line);
            let started = match line[0] {
                "ip1" => start_ip1(&args, "k").await,
                _ => start_addressbook(&args, "k").await,
            };
            assert_eq!(usage_message(started), wanted, "{line:?}");
        }
    }

    #[test]
    fn a_given_key_is_never_in_the_export_lines() {
        let running = Running {
            url: "http://127.0.0.1:1".into(),
            book: Some("1".into()),
            stop: Box::new(|| Box::pin(async {})),
        };
        let given = exports(Vendor::Addressbook, &running, true);
        assert!(!given.contains("export CONTACTS_API_KEY"), "{given}");
        assert!(
            given.contains("export CONTACTS_ADDRESS_BOOK=1\n"),
            "{given}"
        );
        let default = exports(Vendor::Addressbook, &running, false);
        assert!(default.contains(&format!("export CONTACTS_API_KEY={DEFAULT_API_KEY}\n")));
    }
}
