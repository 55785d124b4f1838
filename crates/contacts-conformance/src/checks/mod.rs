//! The named checks. Each gets a [`Ctx`] (a fresh provider, the configuration, the factory) and
//! says whether the provider kept the contract, or why the check does not apply.
//!
//! The checks are written down once, in [`__for_each_check!`](crate::__for_each_check): both
//! [`CHECKS`] and [`conformance_tests!`](crate::conformance_tests) expand that list, so a check
//! cannot be in one and missing from the other.

mod card_compare;
mod card_data;
mod cards;
mod change_copy;
mod change_scope;
mod change_set;
mod change_volume;
mod changes;
mod collisions;
mod crud;
mod declared;
mod hostile_ids;
mod id_uniqueness;
mod listing;
mod model;
mod optional;
mod refusals;
pub(crate) mod support;
mod writes;

use crate::tally::{Runs, Tally};
use crate::{Config, Factory, Outcome};
use contacts_core::{Capabilities, ContactProvider};
use futures::future::BoxFuture;
use std::sync::Arc;

/// A provider shared between the cases of one check.
pub type Shared = Arc<dyn ContactProvider>;

/// What a check runs against: a fresh provider from the factory, the suite's configuration, and
/// the factory itself, for checks that need more fresh providers (the state machine starts one
/// per sequence).
#[derive(Clone)]
pub(crate) struct Ctx {
    provider: Shared,
    config: Config,
    factory: Factory,
    tally: Tally,
}

impl Ctx {
    pub(crate) fn new(provider: Shared, config: Config, factory: Factory, tally: Tally) -> Self {
        Self {
            provider,
            config,
            factory,
            tally,
        }
    }

    /// What a property check runs with: the configured cases and seed, counted in this
    /// check's tally.
    pub(crate) fn runs(&self) -> Runs {
        Runs {
            cases: self.config.cases,
            seed: self.config.seed,
            tally: self.tally.clone(),
        }
    }

    /// The provider under test.
    pub(crate) fn provider(&self) -> &dyn ContactProvider {
        &*self.provider
    }

    /// The provider under test, to move into generated cases.
    pub(crate) fn shared(&self) -> Shared {
        Arc::clone(&self.provider)
    }

    /// What the provider declares.
    pub(crate) fn caps(&self) -> &Capabilities {
        self.provider.capabilities()
    }

    /// The suite's settings.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Where fresh providers come from.
    pub(crate) fn factory(&self) -> &Factory {
        &self.factory
    }
}

/// A check: its name, what it verifies, and how.
#[derive(Clone, Copy)]
pub struct Check {
    /// Stable name, used in reports, filters and test names.
    pub name: &'static str,
    /// What it verifies, in one line.
    pub description: &'static str,
    pub(crate) run: fn(Ctx) -> BoxFuture<'static, Outcome>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check").field("name", &self.name).finish()
    }
}

/// The one list of checks, in the order the suite runs them: `name => module::function,
/// "description";`. Invoked as `__for_each_check!((args) callback)`, it expands to
/// `callback! { (args) name => module::function, "description"; … }`; `args` are passed
/// through untouched (the macro's factory and configuration, or nothing).
///
/// The callback is taken as tokens, so `$crate::…` paths work from other crates. It builds
/// [`CHECKS`] here and the tests of [`conformance_tests!`](crate::conformance_tests) elsewhere.
#[doc(hidden)]
#[macro_export]
macro_rules! __for_each_check {
    (($($args:tt)*) $($callback:tt)+) => {
        $($callback)+ ! {
            ($($args)*)
            create_get_round_trip => crud::create_get_round_trip,
                "generated contacts read back exactly as created";
            values_kept_exactly => crud::values_kept_exactly,
                "whitespace, combining marks, RTL, emoji and long values are neither trimmed nor normalised";
            batch_order_and_ids => crud::batch_order_and_ids,
                "a batch comes back in input order with distinct ids that each read back their own input";
            patch_three_states => crud::patch_three_states,
                "a patch leaves absent keys, removes null keys, sets the others";
            label_add_remove => crud::label_add_remove,
                "adding and removing labels leaves the other labels alone";
            ids_stable_on_update => crud::ids_stable_on_update,
                "update and replace keep the contact's id";
            replace_exact => crud::replace_exact,
                "after a replace the contact is exactly the new document";
            delete_then_not_found => crud::delete_then_not_found,
                "a deleted contact is NotFound for get and a second delete";
            unknown_ids => crud::unknown_ids,
                "ids that never existed are NotFound for get, update, replace and delete";
            hostile_ids => hostile_ids::hostile_ids,
                "ids that a URL, path or number parser would misread are NotFound and change nothing held";
            paging => listing::paging,
                "pages of 1, 2, 7 and the maximum list every contact exactly once and end correctly";
            descending_order => listing::descending_order,
                "descending order is exactly ascending reversed";
            filters => listing::filters,
                "label filters are all-of, property filters exact; empty results are empty pages";
            ids_never_reused => id_uniqueness::ids_never_reused,
                "deleted ids stay NotFound after later creates, which never get them";
            identical_documents_distinct => id_uniqueness::identical_documents_distinct,
                "identical documents, in one batch or two calls, are distinct contacts";
            property_filter_whole_value => collisions::property_filter_whole_value,
                "a property filter matches whole values only: not case variants, prefixes, extensions, other Unicode forms or padding";
            delete_matching_exact => collisions::delete_matching_exact,
                "a mass delete among near misses deletes and returns exactly every match";
            labels_case_sensitive => collisions::labels_case_sensitive,
                "labels differing only by case, form or padding are distinct for storage, filters and removal";
            atomic_batch_all_or_nothing => writes::atomic_batch_all_or_nothing,
                "an atomic batch with an invalid item anywhere stores nothing";
            empty_value_removes => writes::empty_value_removes,
                "a patch value of \"\" removes the key, as null does";
            patch_set_and_remove => writes::patch_set_and_remove,
                "one patch sets, removes, adds and takes away labels at once, removals after additions";
            metadata_list_matches_get => listing::metadata_list_matches_get,
                "metadata listed is what get answers, also after the number changes";
            deferred_pages_agree => listing::deferred_pages_agree,
                "list_page_deferred answers the same pages as list_page";
            labels_declared => declared::labels_declared,
                "declared labels are read back; undeclared, a label is Unsupported";
            metadata_declared => declared::metadata_declared,
                "declared metadata comes back when asked; undeclared, asking is Unsupported";
            filters_declared => declared::filters_declared,
                "every undeclared filter kind (labels, properties, metadata) is Unsupported";
            order_declared => declared::order_declared,
                "undeclared descending order is Unsupported";
            patch_declared => declared::patch_declared,
                "undeclared update is Unsupported, never a silent no-op";
            replace_declared => declared::replace_declared,
                "undeclared replace is Unsupported, never a silent no-op";
            address_books_declared => declared::address_books_declared,
                "declared address books: a contact created in a book reads back in it; undeclared, a book is Unsupported";
            fixed_keys_enforced => declared::fixed_keys_enforced,
                "with fixed keys, an undeclared key is InvalidInput and nothing is stored";
            mass_delete_declared => declared::mass_delete_declared,
                "declared mass delete reports and removes the matches; undeclared, it is Unsupported";
            label_admin => optional::label_admin,
                "declared label administration counts, adds, removes and deletes labels, never contacts";
            account_summary => optional::account_summary,
                "a declared account summary counts what is listed";
            blocklist => optional::blocklist,
                "a declared blocklist blocks, checks, lists and unblocks a number";
            address_book_admin => optional::address_book_admin,
                "declared address books are created, renamed, listed, deleted, and a moved contact leaves its book";
            background_import => optional::background_import,
                "a declared background import is done when its contacts are listed";
            change_feed_lists_writes => changes::change_feed_lists_writes,
                "after a change token, each create, update, delete and label change (also a label-only change to a contact the feed listed before) is listed once, as it is now; a contact moved to another book is deleted; an untouched contact is not";
            change_feed_token_continues => changes::change_feed_token_continues,
                "a change set's token continues: asked again without writes it lists nothing, a later write is listed, and 120 creates are all listed (an old token of the store is never InvalidInput)";
            change_feed_during_listing => changes::change_feed_during_listing,
                "a change token taken before a full listing, with writes during it, misses nothing";
            change_feed_garbage_token => changes::change_feed_garbage_token,
                "a change token that is not one (\"not-a-token\", \"\") or is another store's is InvalidInput, never a listing";
            change_feed_created_and_deleted => changes::change_feed_created_and_deleted,
                "a contact created and deleted between two change tokens is not listed as changed";
            bad_input => refusals::bad_input,
                "bad input gets typed errors and writes nothing";
            card_round_trip => cards::card_round_trip,
                "a rich card (every declared part) reads back equal, part by part, through create, get and listings";
            card_uid_kept => cards::card_uid_kept,
                "a card's uid is kept; a card without one gets one, the same on every read and after a patch";
            card_flat_view => cards::card_flat_view,
                "the properties and labels of a contact with a card are the card's flat view";
            card_flat_patch => cards::card_flat_patch,
                "a flat patch changes only the card's matching entry, as ContactPatch::apply_to does";
            card_replace_whole => cards::card_replace_whole,
                "a patch with a whole card replaces the card; a replace with a flat document drops the rich parts";
            card_refused_by_flat_provider => cards::card_refused_by_flat_provider,
                "a provider without card parts refuses a card as Unsupported and stores nothing of it";
            state_machine => model::state_machine,
                "random create/patch/replace/delete/list sequences agree with InMemoryProvider";
        }
    };
}

/// Builds [`CHECKS`] from the list.
macro_rules! checks_table {
    (() $($name:ident => $module:ident :: $function:ident, $description:literal;)*) => {
        /// Every check, in the order the suite runs them.
        pub const CHECKS: &[Check] = &[$(
            Check {
                name: stringify!($name),
                description: $description,
                run: |cx| Box::pin($module::$function(cx)),
            },
        )*];
    };
}

crate::__for_each_check!(() checks_table);

/// The check called `name`.
pub fn find(name: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.name == name)
}
