//! `contacts books …` and `contacts move`: address-book administration.

use super::preflight::{self, Plan};
use crate::args::{GlobalArgs, OutputFormat};
use crate::error::{CliError, CliResult};
use crate::output::{print_record, say};
use crate::provider;
use crate::vendor_args::{BooksCommand, MoveArgs};
use contacts_core::optional::AddressBookInfo;
use contacts_core::{
    AddressBookId, ContactId, ContactProvider, ContactProviderExt, ContactQuery, Error, GetOptions,
};
use futures::TryStreamExt;

fn print_book(book: &AddressBookInfo, format: OutputFormat) -> CliResult {
    print_record(book, format, |book| {
        crate::outln!("{}\t{}", book.id, book.name)
    })
}

/// Runs a `books` subcommand.
pub async fn run(global: &GlobalArgs, command: &BooksCommand, format: OutputFormat) -> CliResult {
    let provider = preflight::open(global, command.dry_run())?;
    let books = preflight::require(
        &*provider,
        provider.address_books(),
        "address-book administration (books, move)",
    )?;
    match command {
        BooksCommand::List => {
            let listed = books.list_books().await?;
            listed
                .iter()
                .try_for_each(|book| print_book(book, format))?;
        }
        BooksCommand::Create { name, preflight } => {
            if !preflight::dry_run(
                format!("would create address book {name:?}"),
                preflight.dry_run,
            ) {
                print_book(&books.create_book(name).await?, format)?;
            }
        }
        BooksCommand::Rename {
            id,
            name,
            preflight,
        } => {
            let plan = format!("would rename address book {id} to {name:?}");
            if !preflight::dry_run(&plan, preflight.dry_run) {
                let id = AddressBookId::new(id);
                print_book(&books.rename_book(&id, name).await?, format)?;
            }
        }
        BooksCommand::Delete { id, preflight } => {
            let count = match count_book(global, id).await {
                Ok(n) => n.to_string(),
                Err(e) => format!("an unknown number of (could not count: {e})"),
            };
            let plan = format!("would delete address book {id} and the {count} contacts in it");
            if preflight::dry_run(&plan, preflight.dry_run) {
                return Ok(());
            }
            preflight::confirm(&plan, preflight.yes)?;
            books.delete_book(&AddressBookId::new(id)).await?;
            say(
                &format!("deleted address book {id}"),
                serde_json::json!({ "deleted": id }),
            )?;
        }
    }
    Ok(())
}

/// How many contacts the book `id` holds: its own provider, configured like this one.
async fn count_book(global: &GlobalArgs, id: &str) -> CliResult<usize> {
    let mut config = provider::config(global);
    config.set("address_book", id.to_owned());
    let name = global.provider.as_deref().unwrap_or_default();
    let book = provider::registry().build(name, &config)?;
    let contacts: Vec<_> = book.list(ContactQuery::new()).try_collect().await?;
    Ok(contacts.len())
}

/// Runs `move`.
pub async fn move_contact(global: &GlobalArgs, args: &MoveArgs) -> CliResult {
    let provider = preflight::open(global, args.preflight.dry_run)?;
    let books = preflight::require(
        &*provider,
        provider.address_books(),
        "address-book administration (books, move)",
    )?;
    // Both ends are looked up first, in a dry run too, so an error names what is missing.
    let listed = books.list_books().await?;
    if !listed.iter().any(|b| b.id.as_str() == args.to_book) {
        let known: Vec<String> = listed
            .iter()
            .map(|b| format!("{} ({})", b.id, b.name))
            .collect();
        return Err(CliError::Failed(format!(
            "there is no address book {}; the books are: {}",
            args.to_book,
            known.join(", ")
        )));
    }
    let id = ContactId::new(&args.id);
    let contact = match provider.get(&id, &GetOptions::default()).await {
        Err(Error::NotFound { .. }) => {
            return Err(CliError::Failed(format!(
                "there is no contact {} in this address book",
                args.id
            )));
        }
        other => other?,
    };
    let plan = Plan::new(format!(
        "would move contact {} to address book {}",
        args.id, args.to_book
    ))
    .with_items(vec![preflight::describe(&contact)]);
    if preflight::dry_run(plan, args.preflight.dry_run) {
        return Ok(());
    }
    let to = AddressBookId::new(&args.to_book);
    books.move_contact(&id, &to).await?;
    say(
        &format!("moved {} to address book {}", args.id, args.to_book),
        serde_json::json!({ "moved": args.id, "book": args.to_book }),
    )
}
