//! One module per command.

pub mod blocklist;
pub mod books;
pub mod capabilities;
pub mod card_file;
pub mod completions;
pub mod conformance;
pub mod crud;
pub mod dedupe;
pub mod emulate;
pub mod export;
pub mod export_cards;
pub mod import;
pub mod import_background;
pub mod import_cards;
pub mod import_match;
pub mod import_reconcile;
pub mod labels;
pub mod list;
pub mod mass_delete;
pub mod preflight;
pub mod profiles;
pub mod summary;
pub mod sync;
pub mod sync_ask;
pub mod sync_conflicts;
pub mod sync_report;
