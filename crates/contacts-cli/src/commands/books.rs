//! `contacts books …` and `contacts move`: address-book administration.

use super::guard;
use crate::args::{GlobalArgs, OutputFormat};
use crate::error::CliResult;
use crate::output::print_record;
use crate::provider;
use crate::vendor_args::{BooksCommand, MoveArgs};
use contacts_core::optional::AddressBookInfo;
use contacts_core::{AddressBookId, ContactId, ContactProvider, ContactProviderExt, ContactQuery};
use futures::TryStreamExt;

fn dry_run_of(command: &BooksCommand) -> bool {
    match command {
        BooksCommand::List => false,
        BooksCommand::Create { guard, .. } | BooksCommand::Rename { guard, .. } => guard.dry_run,
        BooksCommand::Delete { guard, .. } => guard.dry_run,
    }
}

fn print_book(book: &AddressBookInfo, format: OutputFormat) -> CliResult {
    print_record(book, format, |book| {
        crate::outln!("{}\t{}", book.id, book.name)
    })
}

/// Runs a `books` subcommand.
pub async fn run(global: &GlobalArgs, command: &BooksCommand, format: OutputFormat) -> CliResult {
    let provider = guard::open(global, dry_run_of(command))?;
    let books = guard::require(&*provider, provider.address_books(), "address books")?;
    match command {
        BooksCommand::List => {
            let listed = books.list_books().await?;
            listed
                .iter()
                .try_for_each(|book| print_book(book, format))?;
        }
        BooksCommand::Create { name, guard } => {
            if !guard::dry_run(
                &format!("would create address book {name:?}"),
                guard.dry_run,
            ) {
                print_book(&books.create_book(name).await?, format)?;
            }
        }
        BooksCommand::Rename { id, name, guard } => {
            let plan = format!("would rename address book {id} to {name:?}");
            if !guard::dry_run(&plan, guard.dry_run) {
                let id = AddressBookId::new(id);
                print_book(&books.rename_book(&id, name).await?, format)?;
            }
        }
        BooksCommand::Delete { id, guard } => {
            let count = match count_book(global, id).await {
                Ok(n) => n.to_string(),
                Err(e) => format!("an unknown number of (could not count: {e})"),
            };
            let plan = format!("would delete address book {id} and the {count} contacts in it");
            if guard::dry_run(&plan, guard.dry_run) {
                return Ok(());
            }
            guard::confirm(&plan, guard.yes)?;
            books.delete_book(&AddressBookId::new(id)).await?;
            crate::outln!("deleted address book {id}")?;
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
    let provider = guard::open(global, args.guard.dry_run)?;
    let books = guard::require(&*provider, provider.address_books(), "address books")?;
    let plan = format!(
        "would move contact {} to address book {}",
        args.id, args.to_book
    );
    if guard::dry_run(&plan, args.guard.dry_run) {
        return Ok(());
    }
    let to = AddressBookId::new(&args.to_book);
    books.move_contact(&ContactId::new(&args.id), &to).await?;
    crate::outln!("moved {} to address book {}", args.id, args.to_book)?;
    Ok(())
}
