//! The command line, as clap sees it.

use crate::vendor_args::{BlocklistCommand, BooksCommand, Confirm, LabelsCommand, MoveArgs};
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The exit codes, as `contacts --help` and the man page list them.
pub const EXIT_CODES: &str = "Exit codes:\n  \
    0    done\n  \
    1    failed (the provider, a file, a row or a write; the message says which)\n  \
    2    wrong command line or configuration, or not confirmed; nothing was changed\n  \
    3    sync done except conflicts left for a person (listed on stdout)\n  \
    130  stopped by Ctrl-C; the message says what was written and how to go on";

/// Manage contacts on any provider: iP1, Atom address books, memory, or your own.
#[derive(Debug, Parser)]
#[command(
    name = "contacts",
    version,
    about,
    propagate_version = true,
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// Options that apply to every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted anywhere on the line. They are listed under their own heading, after a
/// subcommand's own options, so `contacts list --help` shows what is particular to `list` first.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Provider to use (sqlite, memory, ip1, addressbook, or any registered name); without
    /// one, the local store (see --db).
    #[arg(long, global = true, env = "CONTACTS_PROVIDER")]
    pub provider: Option<String>,
    /// Base URL of the provider's API (http is accepted for loopback hosts).
    #[arg(long, global = true, env = "CONTACTS_BASE_URL")]
    pub base_url: Option<String>,
    /// API key; never echoed or logged.
    #[arg(long, global = true, env = "CONTACTS_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// The address book to use: its id (addressbook, sqlite) or, for carddav, its path, URL or
    /// display name. Sets the provider's `address_book` setting.
    #[arg(long, global = true, env = "CONTACTS_ADDRESS_BOOK")]
    pub address_book: Option<String>,
    /// The local store (a SQLite file) used when no provider is configured, or with
    /// `--provider sqlite` (default: contacts/contacts.db in the platform's data directory,
    /// e.g. ~/.local/share/contacts/contacts.db).
    #[arg(long, global = true, env = "CONTACTS_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Seconds before a request to the provider is given up (bounded time on a silent host)
    /// [default: 30, or the profile's timeout_secs].
    #[arg(long, global = true)]
    pub timeout: Option<u64>,
    /// A provider setting passed as it is (repeatable), e.g. `rate_limit=0`, `retries=2`,
    /// `custom_keys=email,department,c3,c4`; see each provider's `register` docs.
    #[arg(long = "setting", global = true, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub settings: Vec<(String, String)>,
    /// Where each setting of `settings` was written (`config file F:LINE: profile "p"`, or
    /// `--setting`), filled in when the profile is resolved, for errors that point at it.
    #[arg(skip)]
    pub setting_origins: std::collections::BTreeMap<String, String>,
    /// More logging (-v, -vv, -vvv) on stderr.
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The config file of profiles (default: contacts/config.toml in the platform's config
    /// directory, e.g. ~/.config/contacts/config.toml).
    #[arg(long, global = true, env = "CONTACTS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use the settings of profile NAME of the config file (`[profiles.NAME]`); flags and
    /// environment variables override them.
    #[arg(long, global = true, env = "CONTACTS_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// One canonical JSON contact per line (schema in docs/schemas/Contact.json).
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List contacts, following every page.
    List(ListArgs),
    /// Show one contact.
    Get {
        /// Contact id.
        id: String,
        /// Include provider-computed metadata.
        #[arg(long)]
        meta: bool,
    },
    /// Create a contact and print it.
    Create(WriteArgs),
    /// Change some properties or labels of a contact.
    Update(UpdateArgs),
    /// Replace a contact with exactly the given document.
    Replace {
        /// Contact id.
        id: String,
        /// The new document.
        #[command(flatten)]
        doc: WriteArgs,
    },
    /// Delete contacts by id, or every contact matching --label/--where, or --all.
    Delete(DeleteArgs),
    /// Import contacts from a CSV, JSON Lines, vCard or JSContact file (`-` for stdin).
    Import(ImportArgs),
    /// Export every contact.
    Export(ExportArgs),
    /// Show what the provider supports.
    Capabilities,
    /// Administer address books (providers with books, e.g. addressbook).
    #[command(subcommand)]
    Books(BooksCommand),
    /// Move a contact to another address book.
    Move(MoveArgs),
    /// Administer labels across contacts.
    #[command(subcommand)]
    Labels(LabelsCommand),
    /// The provider's blocklist of phone numbers.
    #[command(subcommand)]
    Blocklist(BlocklistCommand),
    /// The account summary: total count, label and property usage.
    Summary,
    /// Run the conformance suite against the configured provider; with no provider configured,
    /// start both emulators in-process and run it against memory, sqlite, ip1 and addressbook.
    Conformance(ConformanceArgs),
    /// Sync contacts from SOURCE to TARGET (profile names, or `local` for the local store),
    /// pairing them by phone number; state is kept per pair so later runs carry changes only.
    Sync(SyncArgs),
    /// Find contacts of one provider that are the same person (the same number in E.164, or
    /// the same e-mail address) and merge each group into one contact, keeping every field and
    /// label; shows the plan, and merges only with --yes.
    Dedupe(DedupeArgs),
    /// Run a vendor emulator in the foreground; the first line of stdout is its base URL (the
    /// second, for addressbook, the id of the book it starts with); `export` lines for the
    /// shell go to stderr.
    Emulate(EmulateArgs),
    /// Serve the provider (the local store by default) over the provider protocol
    /// (docs/protocol.md) until Ctrl-C; the first line of stdout is its base URL. `contacts
    /// serve token add --scope read-write` makes a token (shown once).
    Serve(ServeArgs),
    /// Print a shell completion script, e.g. `contacts completions bash > ~/.local/share/bash-completion/completions/contacts`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Show the profiles of the config file (API keys shown as ***).
    Profiles {
        /// What to show.
        #[command(subcommand)]
        command: ProfilesCommand,
    },
}

/// `profiles` subcommands.
#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    /// Every profile with its provider and base URL.
    List,
    /// Every setting of one profile.
    Show {
        /// Profile name.
        name: String,
    },
}

/// `list` options.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only contacts carrying this label (repeat: all of them).
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// Only contacts whose property KEY equals VALUE exactly (repeatable).
    #[arg(long = "where", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub filters: Vec<(String, String)>,
    /// Stop after N contacts.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Include provider-computed metadata.
    #[arg(long)]
    pub meta: bool,
    /// Only contacts whose metadata PROPERTY.FIELD equals VALUE (repeatable), e.g.
    /// `phoneNumber.isBlocked=true`.
    #[arg(long = "meta-where", value_name = "PROPERTY.FIELD=VALUE", value_parser = parse_key_value)]
    pub meta_filters: Vec<(String, String)>,
    /// Listing order.
    #[arg(long, value_enum, default_value_t = ListOrder::Asc)]
    pub order: ListOrder,
}

/// Listing order of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListOrder {
    /// Oldest first.
    Asc,
    /// Newest first.
    Desc,
}

/// `delete` options: ids, or a filter (confirmed first), or `--all` (confirmed first).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).multiple(true)
    .args(["ids", "labels", "filters", "all"])))]
pub struct DeleteArgs {
    /// Contact ids.
    #[arg(conflicts_with_all = ["labels", "filters", "all"])]
    pub ids: Vec<String>,
    /// Delete every contact carrying this label (repeat: all of them).
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// Delete every contact whose property KEY equals VALUE (repeatable).
    #[arg(long = "where", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub filters: Vec<(String, String)>,
    /// Delete every contact of the account.
    #[arg(long, conflicts_with_all = ["labels", "filters"])]
    pub all: bool,
    /// `--dry-run` and `--yes`, checked before anything is deleted.
    #[command(flatten)]
    pub preflight: Confirm,
}

/// A document given on the command line.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Property to set (repeatable; with --card, set in the card: `phoneNumber` is its
    /// preferred phone, `firstName` its given name, any other key a custom member).
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_key_value, required_unless_present = "card")]
    pub set: Vec<(String, String)>,
    /// A whole card: a vCard (2.1, 3.0 or 4.0) or a JSContact Card (RFC 9553) file holding
    /// exactly one card, told by its content. Where the provider stores cards the contact
    /// keeps every part of it (several numbers, addresses, photos, …); a provider with flat
    /// properties only refuses it (export its flat view with --set instead).
    #[arg(long, value_name = "FILE")]
    pub card: Option<PathBuf>,
    /// Label to set (repeatable).
    #[arg(long = "label", value_name = "L")]
    pub labels: Vec<String>,
    /// Print the document that would be written and send no write.
    #[arg(long)]
    pub dry_run: bool,
}

/// `update` options.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Contact id.
    pub id: String,
    /// Property to set (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub set: Vec<(String, String)>,
    /// Property to remove (repeatable).
    #[arg(long = "unset", value_name = "KEY")]
    pub unset: Vec<String>,
    /// Label to add (repeatable).
    #[arg(long = "add-label", value_name = "L")]
    pub add_labels: Vec<String>,
    /// Label to remove (repeatable).
    #[arg(long = "remove-label", value_name = "L")]
    pub remove_labels: Vec<String>,
    /// Print the patch that would be sent and send no write.
    #[arg(long)]
    pub dry_run: bool,
}

/// Input formats of `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Header row of property keys plus an optional `labels` column (`;`-separated).
    Csv,
    /// One JSON document per line (`{"properties":{…},"labels":[…]}`; `id` is ignored).
    Jsonl,
    /// vCard 2.1, 3.0 or 4.0 (`.vcf`), several cards per file.
    Vcard,
    /// JSContact (RFC 9553): a Card object or a JSON array of them.
    Jscontact,
}

/// `import` options.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// File to read, or `-` for stdin.
    pub file: PathBuf,
    /// Input format (default: from the content: `BEGIN:VCARD` is a vCard; JSON whose first
    /// object has `"@type": "Card"` is JSContact; `[` a JSON array of contact documents; `{`
    /// JSON Lines; else from the file extension, else csv). A --format the content
    /// contradicts is an error.
    ///
    /// vCard and JSContact: each card becomes one contact. Where the provider stores cards it
    /// keeps the whole card; a provider with flat properties only gets the card's flat view
    /// (preferred phone and e-mail, given and surname, first organisation and unit, custom
    /// properties, keywords as labels), and what it cannot carry (a second number, a photo,
    /// an address) is listed per card on stderr. A malformed card is reported by its number
    /// and line and the others are imported.
    ///
    /// CSV: the first line names the columns (property keys; `labels` holds `;`-separated
    /// labels, `\;` a `;` inside one; `property:NAME` is the property NAME, as csv exports
    /// write `id`, `labels` and `property:…` keys). A row of empty cells is skipped and
    /// counted. JSON Lines: one document per line, at most 1 MiB a line; a JSON array: at
    /// most 64 MiB.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// CSV field separator (default: `;`, tab or `|` when the header line has more of it than
    /// of `,`; said on stderr).
    #[arg(long, value_parser = [",", ";", "tab", "\t", "|"])]
    pub delimiter: Option<String>,
    /// Text encoding of the file (default: UTF-8, or UTF-16 LE/BE when the file starts with
    /// its byte-order mark; a UTF-8 one is dropped). Bytes that are not UTF-8 are an error
    /// that names the line: a CSV saved by Excel on Windows is usually windows-1252. utf-16
    /// without a byte-order mark is read as little-endian.
    #[arg(long, value_parser = ["utf-8", "utf-16", "windows-1252"])]
    pub encoding: Option<String>,
    /// Keep a CSV file's `id` column (as a csv export writes it) as the property `id`;
    /// without this it is ignored, so an export imported again gains no property.
    #[arg(long)]
    pub keep_ids: bool,
    /// Parse and validate every row, send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Store phone numbers in E.164 (`+61412345678`); rows whose number cannot be understood
    /// are reported by line and skipped.
    #[arg(long)]
    pub normalize_phones: bool,
    /// The region national numbers are read in (ISO 3166 code, e.g. AU) with
    /// --normalize-phones; without it only international numbers are understood.
    #[arg(long, requires = "normalize_phones", value_parser = parse_region)]
    pub region: Option<contacts_phone::Region>,
    /// Submit every row as one background import (providers that have it, e.g. ip1), then
    /// show progress until the contacts are stored. Rows are read and checked as without it
    /// (a row the provider would refuse is reported by line and not sent); a background import
    /// only creates, so --match cannot be given with it.
    #[arg(long)]
    pub background: bool,
    /// Update instead of create when a contact with the same phone number or e-mail address is
    /// already stored, so running an import again (after an interruption, say) does not
    /// duplicate; `none` always creates. Numbers are compared in E.164 (national ones read in
    /// --region, else the profile's region; a number that does not read as one matches the
    /// same text only), e-mail addresses with the domain in any case and the part before the `@`
    /// exactly (`ada@X.SE` is `ada@x.se`, `Ada@x.se` is not), as `contacts dedupe` compares
    /// them.
    #[arg(
        long = "match",
        value_enum,
        default_value_t = MatchBy::None,
        value_name = "KEY",
        conflicts_with = "background"
    )]
    pub matching: MatchBy,
}

/// What `import --match` recognises an already stored contact by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchBy {
    /// The phone number.
    Phone,
    /// The e-mail address.
    Email,
    /// Nothing: every row creates a contact.
    None,
}

/// `sync` options.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SyncArgs {
    /// Work on a conflicts file instead of syncing (`sync resolve FILE …`).
    #[command(subcommand)]
    pub command: Option<SyncCommand>,
    /// The source: a profile name, or `local`.
    #[arg(required = true)]
    pub source: Option<String>,
    /// The target: a profile name, or `local`.
    #[arg(required = true)]
    pub target: Option<String>,
    /// Also delete on the target what was synced before and is gone from the source (contacts
    /// only on the target are never touched); with --two-way, deletes flow both ways.
    #[arg(long)]
    pub delete: bool,
    /// Carry changes both ways; a contact changed on both sides is a conflict.
    #[arg(long)]
    pub two_way: bool,
    /// How a two-way conflict (a field changed differently on both sides) is resolved. `ask`
    /// asks on a terminal, field by field; elsewhere it is refused: use --conflicts-to FILE,
    /// `contacts sync resolve FILE`, then --resolutions FILE.
    #[arg(long, value_enum, default_value_t = ConflictArg::Skip)]
    pub conflict: ConflictArg,
    /// Write the conflicts left unresolved (pair, field, both sides' values) to FILE as JSON,
    /// for `contacts sync resolve FILE` or an editor to fill in each `take`. An existing FILE
    /// is replaced; a run with no conflict left writes an empty list.
    #[arg(long, value_name = "FILE")]
    pub conflicts_to: Option<PathBuf>,
    /// Apply the choices (`take`) of a conflicts file written by --conflicts-to for the same
    /// two sides; a field whose values changed since the file was written is left in conflict.
    #[arg(long, value_name = "FILE")]
    pub resolutions: Option<PathBuf>,
    /// Store a source key under another key on the target, e.g. `email=custom1` (repeatable).
    #[arg(long = "map", value_name = "SOURCE_KEY=TARGET_KEY", value_parser = parse_key_value)]
    pub maps: Vec<(String, String)>,
    /// Name a source label differently on the target, e.g. `VIP=Important` (repeatable; both
    /// ways). Labels of a side that stores cards are its categories (vCard CATEGORIES).
    #[arg(long = "label-map", value_name = "SOURCE_LABEL=TARGET_LABEL", value_parser = parse_key_value)]
    pub label_maps: Vec<(String, String)>,
    /// The contacts of one side with LABEL are the other side's address book (its profile names
    /// the book): `source:VIP` syncs the source's VIP contacts with the target's book, and a
    /// contact created in the book gets VIP on the source; `target:VIP` the other way round.
    /// LABEL itself is not carried to the book. A contact whose LABEL is removed leaves the
    /// sync: its copy in the book is left alone (never deleted, even with --delete).
    #[arg(long = "label-book", value_name = "SIDE:LABEL", value_parser = parse_label_book)]
    pub label_book: Option<contacts_sync::LabelBook>,
    /// The region national numbers are read in on both sides (default: each profile's region).
    #[arg(long, value_parser = parse_region)]
    pub region: Option<contacts_phone::Region>,
    /// Show the plan; write nothing (providers behind a read-only view, state untouched).
    #[arg(long)]
    pub dry_run: bool,
    /// Go on when a side lists no contacts although earlier runs synced some.
    #[arg(long)]
    pub allow_empty: bool,
    /// Go on when a side that still lists contacts lost most of those synced with it since
    /// the last run (more than half, and at least 5): a wiped and refilled store, or a profile
    /// now pointing at another store.
    #[arg(long)]
    pub allow_mass_loss: bool,
    /// Consent to up to N deletes in this run, past --delete-threshold; a plan deleting more
    /// is refused all the same. Nothing else (not even a confirmation) lifts the threshold.
    #[arg(long, value_name = "N")]
    pub allow_deletes: Option<usize>,
    /// A side now reaches another store than the state was made with, on purpose (a new API
    /// key, a moved address book): record the stores as they are and go on.
    #[arg(long)]
    pub rebind_stores: bool,
    /// Deletes above this many are refused unless --allow-deletes consents to them.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub delete_threshold: usize,
    /// The largest card written to a side that stores cards, in bytes of its vCard text (after
    /// --photos): a larger one fails for that contact alone, named in the report, and the rest
    /// is synced. Servers commonly refuse cards over about 1 MB.
    #[arg(long, value_name = "BYTES")]
    pub max_card_bytes: Option<usize>,
    /// Photos in the cards written: keep them, drop them (inline and linked), or link (leave
    /// out inline photos, keep photos given by URI). What is left out is listed per contact.
    #[arg(long, value_enum, default_value_t = PhotosArg::Keep)]
    pub photos: PhotosArg,
    /// The state file (default: one per pair in the data directory, `contacts/sync/`).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
}

/// `sync` subcommands.
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Record choices in a conflicts file written by `sync --conflicts-to FILE`: set `take` of
    /// its conflicts (all, or those of --field and --pair) to the source's or the target's
    /// value; then `sync SOURCE TARGET --two-way --resolutions FILE` applies them.
    Resolve(SyncResolveArgs),
}

/// `sync resolve` options.
#[derive(Debug, Args)]
pub struct SyncResolveArgs {
    /// The conflicts file (rewritten in place, whole or not at all).
    pub file: PathBuf,
    /// Whose value to take.
    #[arg(long, value_enum)]
    pub take: TakeArg,
    /// Only conflicts of this field (e.g. `firstName`).
    #[arg(long, value_name = "FIELD")]
    pub field: Option<String>,
    /// Only conflicts of this pair, by its source contact's id.
    #[arg(long, value_name = "ID")]
    pub pair: Option<String>,
}

/// Sides of `sync resolve --take`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TakeArg {
    /// The source's value.
    Source,
    /// The target's value.
    Target,
}

/// `dedupe` options.
#[derive(Debug, Args)]
pub struct DedupeArgs {
    /// The provider: a profile name, or `local` for the local store (default: the provider
    /// the global options name, else the local store).
    pub provider: Option<String>,
    /// The region national numbers are read in (default: the profile's region); without one
    /// only international numbers match.
    #[arg(long, value_parser = parse_region)]
    pub region: Option<contacts_phone::Region>,
    /// Show the plan; write nothing (the default on a terminal without --yes).
    #[arg(long, conflicts_with = "yes")]
    pub dry_run: bool,
    /// Merge as planned (needed to write anything).
    #[arg(long)]
    pub yes: bool,
    /// Merge groups whose plan lists values the kept contact cannot hold (`not kept: …`):
    /// those values are lost. Without it such groups are left as they are.
    #[arg(long)]
    pub allow_loss: bool,
    /// A sync state file to record the merges in (repeatable), besides those in the default
    /// sync directory: a sync with it then does not bring a merged-away contact back.
    #[arg(long = "state", value_name = "FILE")]
    pub state: Vec<std::path::PathBuf>,
}

/// Photo policies of `sync --photos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhotosArg {
    /// Write photos as they are.
    Keep,
    /// Write no photos.
    Drop,
    /// Write photos given by URI; leave out photos whose bytes are inside the card.
    Link,
}

/// Conflict policies of `sync --two-way`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConflictArg {
    /// The source's version wins.
    SourceWins,
    /// The target's version wins.
    TargetWins,
    /// Leave both, list the conflict.
    Skip,
    /// Ask on a terminal, field by field (refused elsewhere: use --conflicts-to FILE).
    Ask,
}

/// Parses an ISO 3166 region code.
fn parse_region(raw: &str) -> Result<contacts_phone::Region, String> {
    raw.parse()
        .map_err(|e: contacts_phone::RegionError| e.to_string())
}

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// `id`, one column per property key seen (sorted), `labels`. The account is read once;
    /// rows wait in a temporary file (the system's temporary directory, beyond 1 MiB) until
    /// every key is known, and the file is written at the end.
    Csv,
    /// One canonical JSON contact per line (with its whole card where the provider stores
    /// cards).
    Jsonl,
    /// vCard: each contact's card in its own version (3.0 stays 3.0, 2.1 is written as 3.0,
    /// 4.0 stays 4.0); a contact without a card as 4.0 from its flat properties. A card's
    /// own UID is kept; a contact without one gets a UID derived from the store's identity
    /// and its id: the same at every export, different for every other store.
    Vcard,
    /// JSContact (RFC 9553): one JSON array of Card objects, UIDs as for vcard.
    Jscontact,
}

/// `export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// File to write (default: stdout). It is written whole or not at all: the export goes to
    /// a temporary file in the same directory, renamed over FILE only when it succeeded, so a
    /// failed export leaves an earlier FILE as it was. The directory must exist. (A FIFO or a
    /// device such as /dev/stdout is written directly.)
    ///
    /// csv: a property whose key is `id` or `labels` (the export's own columns) or starts with
    /// `property:` is written as the column `property:KEY`; a `;` inside a label as `\;`, a
    /// backslash as `\\`. Import reads both back as they were. vcard: a card that cannot be
    /// written as a vCard stops the export with an error naming the contact.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `conformance` options.
#[derive(Debug, Args)]
pub struct ConformanceArgs {
    /// Generated cases per property check.
    #[arg(long)]
    pub cases: Option<u32>,
    /// Certification mode: more cases, longer sequences, and the state machine compares the
    /// provider with the reference model until the budget is spent; the report says how many
    /// cases and steps ran.
    #[arg(long)]
    pub thorough: bool,
    /// The time a --thorough run may take, e.g. `10m` or `90s`.
    #[arg(long, value_name = "DURATION", requires = "thorough", value_parser = humantime::parse_duration, default_value = "10m")]
    pub budget: std::time::Duration,
    /// Write the JSON report here (schema: docs/schemas/ConformanceReport.json).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Write a JUnit XML report here, for CI systems.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Checks the provider is known to fail, as TOML lines `check = "reason"`: such a failure
    /// is `expected-fail` and does not fail the run; such a check that passes is `fixed` and
    /// does, until its line is removed.
    #[arg(long, value_name = "FILE")]
    pub expect: Option<PathBuf>,
    /// Delete every contact of the account before each check and after the last (needed when
    /// the account is not empty: checks count what they list). Irreversible: use a sandbox.
    #[arg(long)]
    pub wipe_account: bool,
    /// Keep the address book each check creates (addressbook provider), for debugging; by
    /// default each is deleted after its check.
    #[arg(long)]
    pub keep_books: bool,
}

/// The vendors that can be emulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Vendor {
    /// iP1 REST v2.
    Ip1,
    /// Atom Telecom's address-book API.
    Addressbook,
}

/// `serve` options.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ServeArgs {
    /// Manage the tokens the server accepts instead of serving.
    #[command(subcommand)]
    pub command: Option<TokenCommands>,
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:7373", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Allow an address other than loopback. The protocol is plain HTTP: tokens and contacts
    /// cross the network in the clear, so put TLS in front.
    #[arg(long)]
    pub allow_plain_http_remote: bool,
    /// With no token in the token file, serve every caller with read-write access (loopback
    /// only).
    #[arg(long)]
    pub anonymous: bool,
    /// The token file (default: tokens.json in the tool's configuration directory).
    #[arg(long, env = "CONTACTS_SERVE_TOKENS", value_name = "FILE")]
    pub tokens: Option<PathBuf>,
    /// The largest request body, in bytes; larger is answered 413.
    #[arg(long, default_value_t = 4 * 1024 * 1024, value_name = "BYTES")]
    pub max_body_bytes: usize,
    /// Requests per second per token (a token bucket); more are answered 429 with Retry-After.
    #[arg(long, default_value_t = 200.0, value_name = "N")]
    pub rate_limit: f64,
    /// The most requests one token may send at once before the rate applies.
    #[arg(long, default_value_t = 400, value_name = "N")]
    pub rate_burst: u32,
    /// Requests served at once; more wait their turn.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_concurrent_requests: usize,
}

/// `serve token` subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommands {
    /// The tokens the server accepts.
    Token(TokenArgs),
}

/// `serve token` options.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// The token file (default: tokens.json in the tool's configuration directory).
    #[arg(
        long,
        env = "CONTACTS_SERVE_TOKENS",
        value_name = "FILE",
        global = true
    )]
    pub tokens: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: TokenCommand,
}

/// `serve token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token and print it once on stdout (only its hash is kept).
    Add {
        /// What the token may do.
        #[arg(long, value_parser = ["read-only", "read-write"])]
        scope: String,
        /// A name to tell tokens apart in `list`.
        #[arg(long)]
        name: Option<String>,
    },
    /// The tokens: id, scope, creation time and name (never the secret).
    List,
    /// Remove a token by its id (as `list` shows it).
    Remove {
        /// The token's id.
        id: String,
    },
}

/// `emulate` options.
#[derive(Debug, Args)]
pub struct EmulateArgs {
    /// Which vendor.
    #[arg(value_enum)]
    pub vendor: Vendor,
    /// Port on 127.0.0.1 (default: any free port).
    #[arg(long)]
    pub port: Option<u16>,
    /// Answer differently on purpose (repeatable): `ignores-descending-order` breaks the ip1
    /// emulator, to see a conformance run catch it; the others give another plausible answer
    /// where the vendor's documents are silent, which its provider must cope with.
    #[arg(long = "deviation", value_enum, value_name = "DEVIATION")]
    pub deviations: Vec<Deviation>,
    /// Seed of the fault injector: the same seed and requests give the same faults.
    #[arg(long, default_value_t = 0, value_name = "N", help_heading = "Faults")]
    pub seed: u64,
    /// Fraction of requests (0 to 1) answered with a server error: 500/502/503 before the
    /// work, 500/502/504 after it.
    #[arg(long, default_value_t = 0.0, value_name = "F", help_heading = "Faults")]
    pub error_rate: f64,
    /// Whether injected errors come before the work (nothing changes), after it (the contact
    /// is stored, then the error), or either at random.
    #[arg(long, default_value = "before", value_name = "PHASE", help_heading = "Faults",
        value_parser = ["before", "after", "either"])]
    pub error_phase: String,
    /// One status (500 to 599) for every injected error instead of the mix, e.g. 503.
    #[arg(long, value_name = "STATUS", help_heading = "Faults",
        value_parser = clap::value_parser!(u16).range(500..=599))]
    pub error_status: Option<u16>,
    /// Milliseconds added to every request.
    #[arg(long, default_value_t = 0, value_name = "MS", help_heading = "Faults")]
    pub latency_ms: u64,
    /// Fraction of requests (0 to 1) answered 429 with Retry-After.
    #[arg(long, default_value_t = 0.0, value_name = "F", help_heading = "Faults")]
    pub throttle_rate: f64,
    /// The Retry-After of injected 429s, in whole seconds.
    #[arg(
        long,
        default_value_t = 1,
        value_name = "SECS",
        help_heading = "Faults"
    )]
    pub retry_after: u64,
    /// Fraction of requests (0 to 1) whose connection is dropped before a complete answer.
    #[arg(long, default_value_t = 0.0, value_name = "F", help_heading = "Faults")]
    pub drop_rate: f64,
    /// addressbook only: the server's rate limit in requests per second, 0 for none
    /// [default: 10].
    #[arg(long, value_name = "N", help_heading = "Faults")]
    pub rate_limit: Option<f64>,
    /// addressbook only: requests allowed at once by the rate limit [default: 20].
    #[arg(long, value_name = "B", help_heading = "Faults",
        value_parser = clap::value_parser!(u32).range(1..))]
    pub burst: Option<u32>,
    /// ip1 only: milliseconds before a background (202) import becomes visible [default: 50].
    #[arg(long, value_name = "MS", help_heading = "Faults")]
    pub import_delay_ms: Option<u64>,
}

/// Deliberate departures from a vendor's documented behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deviation {
    /// `order=DESC` answered in ascending order (caught by `descending_order`).
    IgnoresDescendingOrder,
    /// `Link` URLs without the request's filters, as in the vendor's only link example (the
    /// iP1 provider copes: it puts them back and checks every page).
    LinksDropFilters,
    /// A method a path has no operation for answered 404, `DELETE /v2/contacts/{id}` among
    /// them (the iP1 provider copes: it deletes by `POST`).
    UnmatchedMethodNotFound,
    /// addressbook: an unknown contact or book id answered 500 `server_error`, the only error
    /// status Atom documents, instead of 404 (the addressbook provider copes).
    #[value(name = "unknown-id-answered-500")]
    UnknownIdAnswered500,
}

/// Parses `KEY=VALUE`; the value may be empty or contain `=`.
pub fn parse_key_value(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some(("", _)) => Err(format!("{raw:?} has an empty key; use KEY=VALUE")),
        Some((key, value)) => Ok((key.to_owned(), value.to_owned())),
        None => Err(format!("{raw:?} is not KEY=VALUE")),
    }
}

/// `--label-book`'s value: `source:LABEL` or `target:LABEL`.
fn parse_label_book(s: &str) -> Result<contacts_sync::LabelBook, String> {
    s.parse()
        .map_err(|e: contacts_sync::SyncError| e.to_string())
}
