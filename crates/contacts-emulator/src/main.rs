//! `contacts-emulator ip1|addressbook`: run a vendor emulator in the foreground.
//!
//! The first line of stdout is the base URL; the server runs until Ctrl-C.

use clap::{Parser, ValueEnum};
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::Ip1Emulator;
use contacts_emulator::{DEFAULT_API_KEY, FaultConfig, FaultPhase, RateLimit};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

/// Runs a local emulator of a vendor's contact API.
#[derive(Debug, Parser)]
#[command(name = "contacts-emulator", version, about)]
struct Args {
    /// Which vendor to emulate.
    #[arg(value_enum)]
    vendor: Vendor,
    /// Port on 127.0.0.1 (default: any free port).
    #[arg(long)]
    port: Option<u16>,
    /// The key the server accepts.
    #[arg(long, default_value = DEFAULT_API_KEY)]
    api_key: String,
    /// Seed of the fault injector.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Fraction of requests answered 500/502/503 (before the work) or 500/502/504 (after it).
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Whether injected errors come before or after the work is done.
    #[arg(long, value_enum, default_value_t = Phase::Before)]
    error_phase: Phase,
    /// One status for every injected error (e.g. 503) instead of the mix.
    #[arg(long)]
    error_status: Option<u16>,
    /// Latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fraction of requests answered 429 with Retry-After.
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,
    /// Fraction of connections dropped before a complete response.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Atom only: requests per second (0 = unlimited).
    #[arg(long, default_value_t = 10.0)]
    rate_limit: f64,
    /// Atom only: burst size.
    #[arg(long, default_value_t = 20)]
    burst: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Vendor {
    Ip1,
    Addressbook,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Phase {
    Before,
    After,
    Either,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let faults = FaultConfig {
        error_rate: args.error_rate,
        error_phase: match args.error_phase {
            Phase::Before => FaultPhase::Before,
            Phase::After => FaultPhase::After,
            Phase::Either => FaultPhase::Either,
        },
        error_status: args.error_status,
        latency: Duration::from_millis(args.latency_ms),
        rate_limit_rate: args.throttle_rate,
        drop_rate: args.drop_rate,
        ..FaultConfig::seeded(args.seed)
    };
    let rate = if args.rate_limit > 0.0 {
        RateLimit {
            per_second: args.rate_limit,
            burst: args.burst,
        }
    } else {
        RateLimit::unlimited()
    };
    let started = match args.vendor {
        Vendor::Ip1 => {
            let mut b = Ip1Emulator::builder().api_key(&args.api_key).faults(faults);
            if let Some(port) = args.port {
                b = b.port(port);
            }
            b.start().await.map(Running::Ip1)
        }
        Vendor::Addressbook => {
            let mut b = AddressBookEmulator::builder()
                .api_key(&args.api_key)
                .faults(faults)
                .rate_limit(rate);
            if let Some(port) = args.port {
                b = b.port(port);
            }
            b.start().await.map(Running::Atom)
        }
    };
    let running = match started {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the emulator: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", running.base_url());
    let _ = out.flush();
    drop(out);
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {e}");
    }
    running.shutdown().await;
    ExitCode::SUCCESS
}

enum Running {
    Ip1(Ip1Emulator),
    Atom(AddressBookEmulator),
}

impl Running {
    fn base_url(&self) -> String {
        match self {
            Running::Ip1(e) => e.base_url(),
            Running::Atom(e) => e.base_url(),
        }
    }

    async fn shutdown(self) {
        match self {
            Running::Ip1(e) => e.shutdown().await,
            Running::Atom(e) => e.shutdown().await,
        }
    }
}
