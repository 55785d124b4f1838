//! The command line of the vendor features (address books, labels, blocklist) and the
//! preflight options every write command shares (`--dry-run`, `--yes`), as clap sees them.

use clap::{Args, Subcommand};

/// `--dry-run`, for a write command that removes nothing.
#[derive(Debug, Clone, Copy, Args)]
pub struct DryRun {
    /// Print what would be done and send no write.
    #[arg(long)]
    pub dry_run: bool,
}

/// `--yes` and `--dry-run`, for a command that removes something.
#[derive(Debug, Clone, Copy, Args)]
pub struct Confirm {
    /// Act without asking (needed when not on an interactive terminal).
    #[arg(long)]
    pub yes: bool,
    /// Print what would be removed and send no write.
    #[arg(long)]
    pub dry_run: bool,
}

/// Gives a subcommand enum `dry_run()`: whether the variant chosen has `--dry-run` set, so
/// that the provider is opened for a run that writes nothing. `$plain` variants take no
/// preflight flags; each `$flagged` variant has a `preflight` field ([`DryRun`] or
/// [`Confirm`]). One place says how a subcommand's dry run is found, for every command family.
macro_rules! dry_run_of {
    ($enum:ident { plain: $($plain:ident)|+; flagged: $($flagged:ident)|+ }) => {
        impl $enum {
            /// Whether this subcommand only prints what it would do (`--dry-run`).
            pub fn dry_run(&self) -> bool {
                match self {
                    $(Self::$plain { .. } => false,)+
                    $(Self::$flagged { preflight, .. } => preflight.dry_run,)+
                }
            }
        }
    };
}

dry_run_of!(BooksCommand { plain: List; flagged: Create | Rename | Delete });
dry_run_of!(LabelsCommand { plain: List; flagged: Add | Remove | Delete });
dry_run_of!(BlocklistCommand { plain: List | Check; flagged: Add | Remove });

/// `books` subcommands.
#[derive(Debug, Subcommand)]
pub enum BooksCommand {
    /// List the account's address books.
    List,
    /// Create an address book.
    Create {
        /// Its name.
        name: String,
        /// `--dry-run`.
        #[command(flatten)]
        preflight: DryRun,
    },
    /// Rename an address book.
    Rename {
        /// Its id.
        id: String,
        /// The new name.
        name: String,
        /// `--dry-run`.
        #[command(flatten)]
        preflight: DryRun,
    },
    /// Delete an address book and every contact in it.
    Delete {
        /// Its id.
        id: String,
        /// `--dry-run` and `--yes`.
        #[command(flatten)]
        preflight: Confirm,
    },
}

/// `move` options.
#[derive(Debug, Args)]
pub struct MoveArgs {
    /// Contact id.
    pub id: String,
    /// The address book to move it to.
    #[arg(long = "to-book", value_name = "BOOK")]
    pub to_book: String,
    /// `--dry-run`.
    #[command(flatten)]
    pub preflight: DryRun,
}

/// `labels` subcommands.
#[derive(Debug, Subcommand)]
pub enum LabelsCommand {
    /// Every label in use, with how many contacts carry it.
    List,
    /// Add a label to contacts.
    Add {
        /// The label.
        label: String,
        /// Contact ids.
        #[arg(required = true)]
        ids: Vec<String>,
        /// `--dry-run`.
        #[command(flatten)]
        preflight: DryRun,
    },
    /// Remove a label from contacts (the contacts stay).
    Remove {
        /// The label.
        label: String,
        /// Contact ids.
        #[arg(required = true)]
        ids: Vec<String>,
        /// `--dry-run`.
        #[command(flatten)]
        preflight: DryRun,
    },
    /// Remove a label from every contact of the account (the contacts stay).
    Delete {
        /// The label.
        label: String,
        /// `--dry-run` and `--yes`.
        #[command(flatten)]
        preflight: Confirm,
    },
}

/// `blocklist` subcommands.
#[derive(Debug, Subcommand)]
pub enum BlocklistCommand {
    /// Every blocked number.
    List,
    /// Whether a number is blocked.
    Check {
        /// International number, e.g. +46701234567.
        number: String,
    },
    /// Block numbers.
    Add {
        /// International numbers.
        #[arg(required = true)]
        numbers: Vec<String>,
        /// `--dry-run`.
        #[command(flatten)]
        preflight: DryRun,
    },
    /// Unblock numbers.
    Remove {
        /// International numbers.
        #[arg(required = true)]
        numbers: Vec<String>,
        /// `--dry-run`.
        #[command(flatten)]
        preflight: DryRun,
    },
}
