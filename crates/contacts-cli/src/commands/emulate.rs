//! `contacts emulate ip1|addressbook`: a vendor emulator in the foreground.

use crate::args::{Deviation, EmulateArgs, Vendor};
use crate::error::{CliError, CliResult};
use contacts_emulator::DEFAULT_API_KEY;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::{Ip1Deviation, Ip1Emulator};
use std::io::Write;

/// Starts the emulator, prints its base URL as the first line of stdout, serves until Ctrl-C.
pub async fn run(args: &EmulateArgs, api_key: Option<&str>) -> CliResult {
    let key = api_key.unwrap_or(DEFAULT_API_KEY);
    let failed = |e: std::io::Error| CliError::Failed(format!("cannot start the emulator: {e}"));
    let (url, stop): (
        String,
        Box<dyn FnOnce() -> futures::future::BoxFuture<'static, ()>>,
    ) = match args.vendor {
        Vendor::Ip1 => {
            let builder = Ip1Emulator::builder().api_key(key);
            let builder = args.port.into_iter().fold(builder, |b, port| b.port(port));
            let builder = args.deviations.iter().fold(builder, |b, d| {
                b.deviation(match d {
                    Deviation::IgnoresDescendingOrder => Ip1Deviation::IgnoresDescendingOrder,
                })
            });
            let emu = builder.start().await.map_err(failed)?;
            (emu.base_url(), Box::new(move || Box::pin(emu.shutdown())))
        }
        Vendor::Addressbook if !args.deviations.is_empty() => {
            return Err(CliError::Usage(
                "--deviation applies to the ip1 emulator only".into(),
            ));
        }
        Vendor::Addressbook => {
            let builder = AddressBookEmulator::builder().api_key(key);
            let builder = args.port.into_iter().fold(builder, |b, port| b.port(port));
            let emu = builder.start().await.map_err(failed)?;
            (emu.base_url(), Box::new(move || Box::pin(emu.shutdown())))
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{url}")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::io("stdout", e))?;
    drop(out);
    eprintln!(
        "serving until Ctrl-C (key: {})",
        if api_key.is_some() {
            "as given"
        } else {
            DEFAULT_API_KEY
        }
    );
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError::Failed(format!("cannot wait for Ctrl-C: {e}")))?;
    stop().await;
    Ok(())
}
