//! `contacts emulate ip1|addressbook`: a vendor emulator in the foreground.

use crate::args::{Deviation, EmulateArgs, Vendor};
use crate::error::{CliError, CliResult};
use crate::output::write_stdout;
use contacts_emulator::DEFAULT_API_KEY;
use contacts_emulator::addressbook::AddressBookEmulator;
use contacts_emulator::ip1::{Ip1Deviation, Ip1Emulator};
use futures::future::BoxFuture;

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

async fn start_ip1(args: &EmulateArgs, key: &str) -> CliResult<Running> {
    let builder = Ip1Emulator::builder().api_key(key);
    let builder = args.port.into_iter().fold(builder, |b, port| b.port(port));
    let builder = args.deviations.iter().fold(builder, |b, d| {
        b.deviation(match d {
            Deviation::IgnoresDescendingOrder => Ip1Deviation::IgnoresDescendingOrder,
        })
    });
    let emu = builder.start().await.map_err(start_failed)?;
    Ok(Running {
        url: emu.base_url(),
        book: None,
        stop: Box::new(move || Box::pin(emu.shutdown())),
    })
}

async fn start_addressbook(args: &EmulateArgs, key: &str) -> CliResult<Running> {
    if !args.deviations.is_empty() {
        return Err(CliError::Usage(
            "--deviation applies to the ip1 emulator only".into(),
        ));
    }
    let builder = AddressBookEmulator::builder().api_key(key);
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
