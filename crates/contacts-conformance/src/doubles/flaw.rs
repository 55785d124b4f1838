//! The rules the doubles break, each with the one check meant to catch it.

use contacts_core::{Capabilities, FilterSupport, KeySupport};

/// Declares a flaw enum from one list of `Variant => "check"` entries, so the variants,
/// `ALL` and `caught_by` cannot disagree.
macro_rules! flaws {
    ($(#[doc = $what:literal])* $name:ident; $($(#[doc = $doc:literal])* $flaw:ident => $check:literal,)*) => {
        $(#[doc = $what])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[doc = $doc])* $flaw,)*
        }

        impl $name {
            /// Every flaw.
            pub const ALL: &[$name] = &[$($name::$flaw,)*];

            /// The check meant to catch this flaw.
            pub fn caught_by(self) -> &'static str {
                match self {
                    $($name::$flaw => $check,)*
                }
            }
        }
    };
}
pub(super) use flaws;

flaws! {
    /// The rule a [`Broken`](super::Broken) provider breaks, everywhere and always. Every check
    /// in [`CHECKS`](crate::CHECKS) is named by at most one flaw's `caught_by`.
    Flaw;
    /// Values are NFC-normalised on write (a generated `e` + combining accent becomes `é`).
    UnicodeNormalised => "create_get_round_trip",
    /// Values are trimmed on write.
    ValuesTrimmed => "values_kept_exactly",
    /// `create` returns the batch in reverse order.
    CreateOrderReversed => "batch_order_and_ids",
    /// `update` ignores `null` (removals).
    PatchIgnoresNull => "patch_three_states",
    /// Removing one label removes every label.
    RemovingOneLabelRemovesAll => "label_add_remove",
    /// `update` gives the contact a new id.
    IdsChangeOnUpdate => "ids_stable_on_update",
    /// `replace` merges instead of replacing.
    ReplaceMerges => "replace_exact",
    /// `delete` answers Ok and deletes nothing.
    DeleteIsNoop => "delete_then_not_found",
    /// An unknown id answers an empty contact instead of NotFound.
    UnknownIdFound => "unknown_ids",
    /// Listing loses the last page when there is more than one.
    ListingDropsLastPage => "paging",
    /// Descending order is declared, but listings come back ascending.
    DescendingIsAscending => "descending_order",
    /// A filter of several labels matches contacts with any of them.
    LabelFilterAnyOf => "filters",
    /// Labels are declared but silently dropped on write.
    LabelsSilentlyDropped => "labels_declared",
    /// Metadata is declared, but a get asking for it returns none.
    MetadataMissing => "metadata_declared",
    /// No filter is declared, yet a filtered listing silently ignores the filter.
    UndeclaredFiltersIgnored => "filters_declared",
    /// Descending order is not declared, yet asking for it silently answers ascending.
    UndeclaredDescendingAnswered => "order_declared",
    /// `update` is not declared, yet it answers Ok and changes nothing.
    UndeclaredPatchIsNoop => "patch_declared",
    /// `replace` is not declared, yet it answers Ok and changes nothing.
    UndeclaredReplaceIsNoop => "replace_declared",
    /// Address books are declared, but contacts are stored in none.
    AddressBookDropped => "address_books_declared",
    /// Keys are fixed, yet an unknown key is silently dropped and the contact stored.
    UnknownKeysDropped => "fixed_keys_enforced",
    /// Mass delete is declared but does nothing.
    MassDeleteIsNoop => "mass_delete_declared",
    /// Deleting a label answers Ok and leaves it on every contact.
    LabelDeleteIsNoop => "label_admin",
    /// The account summary counts one contact too many.
    SummaryTotalOffByOne => "account_summary",
    /// Blocking a number answers Ok and blocks nothing.
    BlockIsNoop => "blocklist",
    /// Moving a contact to another address book answers Ok and leaves it where it was.
    MoveIsNoop => "address_book_admin",
    /// A background import is reported done and stores nothing.
    ImportNeverStores => "background_import",
    /// A page token the provider never issued is taken as "start from the beginning" — a
    /// refusal only the provider can make, so no layer catches it.
    ForgedTokenRestarts => "bad_input",
    /// A label both added and removed by one patch stays (removals must come after
    /// additions). Random patches hit this too, so the single-update checks and the state
    /// machine catch it as well; it proves `patch_set_and_remove` can fail.
    LabelAddedAndRemovedStays => "patch_set_and_remove",
    /// Every second update of the same contact is silently ignored: single updates are right,
    /// only sequences show it.
    EverySecondUpdateIgnored => "state_machine",
    /// Ids are read as numbers (spaces, a `+` and leading zeros dropped), so `01`, `+1` and
    /// ` 1` all address contact 1, as a vendor adapter that parses ids would.
    IdsReadAsNumbers => "hostile_ids",
    /// A provider without card parts takes a document with a card, stores its flat view and
    /// drops the rest of the card in silence.
    CardDroppedByFlatProvider => "card_refused_by_flat_provider",
}

impl Flaw {
    /// What a double with this flaw declares: everything, except what the flaw is about
    /// failing to refuse.
    pub fn capabilities(self) -> Capabilities {
        let mut caps = Capabilities::full();
        match self {
            Flaw::UndeclaredFiltersIgnored => {
                caps.label_filter = FilterSupport::Unsupported;
                caps.property_filter = FilterSupport::Unsupported;
                caps.metadata_filter = FilterSupport::Unsupported;
            }
            Flaw::UndeclaredDescendingAnswered => caps.descending_order = false,
            Flaw::UndeclaredPatchIsNoop => caps.patch = false,
            Flaw::UndeclaredReplaceIsNoop => caps.replace = false,
            Flaw::UnknownKeysDropped => {
                let keys = ["phoneNumber", "firstName", "lastName"];
                caps.keys = KeySupport::Fixed {
                    keys: keys.map(String::from).to_vec(),
                };
            }
            Flaw::AddressBookDropped => caps.address_books = true,
            Flaw::LabelDeleteIsNoop => caps.label_admin = true,
            Flaw::SummaryTotalOffByOne => caps.account_summary = true,
            Flaw::BlockIsNoop => caps.blocklist = true,
            Flaw::MoveIsNoop => caps.address_book_admin = true,
            Flaw::ImportNeverStores => caps.background_import = true,
            Flaw::CardDroppedByFlatProvider => caps.card_parts = Vec::new(),
            _ => {}
        }
        caps
    }
}
