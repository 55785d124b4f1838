//! The operations a sequence is made of, and how they are generated from a [`Pool`]: every
//! trait method and every optional-capability method the provider declares, ids in every
//! lifecycle state, every filter kind with the others, both orders, page sizes from 1.

use super::call::Plain;
use super::pool::Pool;
use crate::case_line::{CaseLine, value};
use contacts_core::{Capabilities, ContactFilter, ContactPatch, Labels, NewContact, Order};
use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;
use proptest::sample::select;

/// Which contact an operation addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The n-th live contact (modulo); an id never issued while none is live.
    Live(usize),
    /// The n-th deleted contact (modulo); an id never issued while none was deleted.
    Deleted(usize),
    /// The n-th of a few ids no provider issued.
    Never(usize),
}

/// Which address book an operation addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BookTarget {
    /// The n-th book the sequence created and has not deleted (modulo), else one never made.
    Made(usize),
    /// One no provider made.
    Never,
}

/// How a page token is damaged before it is handed back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Damage {
    /// Its last character dropped.
    Truncated,
    /// A character appended.
    Extended,
    /// Its last character changed.
    Altered,
    /// Handed back with another query (another filter or order).
    OtherQuery,
    /// A token no provider issued.
    MadeUp,
}

/// One listing: the query and how it is read.
#[derive(Debug, Clone)]
pub(crate) struct ListSpec {
    pub(crate) filter: ContactFilter,
    pub(crate) order: Order,
    pub(crate) page_size: u32,
    pub(crate) metadata: bool,
    /// Read through `list_page_deferred`.
    pub(crate) deferred: bool,
    /// Filter instead on what the n-th live contact holds (one of its values, one of its
    /// labels), so filters hit stored data and its near misses.
    pub(crate) of: Option<usize>,
}

/// One step of a sequence.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Create(Vec<NewContact>),
    Patch(Target, ContactPatch),
    Replace(Target, NewContact),
    Delete(Target),
    Get(Target, bool),
    /// A mass delete by the filter, or (with a number) by what that live contact holds.
    DeleteMatching(ContactFilter, Option<usize>),
    /// `DeleteTarget::EveryContact`: the explicit wipe.
    DeleteEvery,
    List(ListSpec),
    /// A listing read page by page with reads in between, each token also handed back
    /// twice and through JSON: the same pages as reading it straight.
    ListInterrupted(ListSpec),
    BadToken(ListSpec, Damage),
    /// Two writes issued at once: the outcome must be one of the two sequential orders.
    Concurrent(Box<Op>, Box<Op>),
    AddLabel(String, Vec<Target>),
    RemoveLabel(String, Vec<Target>),
    RenameBook(BookTarget, String),
    DeleteBook(BookTarget),
    Move(Target, BookTarget),
    /// A call without ids: the same on both sides.
    Plain(Plain),
    /// An import; with a document, that one is created between submitting and polling.
    Import(Vec<NewContact>, Option<NewContact>),
    /// Many contacts at once (in batches the provider takes), every other one without the
    /// document's labels: past the page sizes vendors use inside an adapter.
    Bulk(usize, NewContact),
    /// The label given to every contact in view, in one call.
    LabelAll(String),
    /// Many numbers blocked, one call each.
    BlockMany(usize),
    /// Many books made, one call each.
    BooksMany(usize),
}

/// Counts just past the page and batch sizes vendors and adapters use (10, 20, 25, 50, 100).
pub(crate) const BULK: [usize; 5] = [11, 21, 26, 51, 101];

fn filter_line(f: &ContactFilter) -> String {
    let mut parts: Vec<String> = f
        .labels
        .iter()
        .map(|l| format!("label {}", value(l)))
        .collect();
    parts.extend(
        f.properties
            .iter()
            .map(|(k, v)| format!("{k}={}", value(v))),
    );
    parts.extend(
        f.metadata
            .iter()
            .map(|(k, v)| format!("meta {k}={}", value(v))),
    );
    format!("[{}]", parts.join(" & "))
}

impl CaseLine for ListSpec {
    fn case_line(&self) -> String {
        let mut out = match self.of {
            Some(n) => format!("[what live #{n} holds] by {}", self.page_size),
            None => format!("{} by {}", filter_line(&self.filter), self.page_size),
        };
        if self.order == Order::Descending {
            out.push_str(" desc");
        }
        if self.metadata {
            out.push_str(" +metadata");
        }
        if self.deferred {
            out.push_str(" deferred");
        }
        out
    }
}

fn docs_line(docs: &[NewContact]) -> String {
    docs.iter()
        .map(CaseLine::case_line)
        .collect::<Vec<_>>()
        .join(", ")
}

impl CaseLine for Op {
    fn case_line(&self) -> String {
        match self {
            Op::Create(docs) => format!("create {}", docs_line(docs)),
            Op::Patch(t, p) => format!("patch {t:?} {}", p.case_line()),
            Op::Replace(t, d) => format!("replace {t:?} with {}", d.case_line()),
            Op::Delete(t) => format!("delete {t:?}"),
            Op::Get(t, m) => format!("get {t:?}{}", if *m { " +metadata" } else { "" }),
            Op::DeleteMatching(_, Some(n)) => format!("delete_matching what live #{n} holds"),
            Op::DeleteMatching(f, None) => format!("delete_matching {}", filter_line(f)),
            Op::DeleteEvery => "delete_matching every contact".to_owned(),
            Op::List(s) => format!("list {}", s.case_line()),
            Op::ListInterrupted(s) => format!("list with reads between pages {}", s.case_line()),
            Op::BadToken(s, d) => format!("list {} with a {d:?} token", s.case_line()),
            Op::Concurrent(a, b) => format!("at once ({}) and ({})", a.case_line(), b.case_line()),
            Op::AddLabel(l, t) => format!("add_label {} to {t:?}", value(l)),
            Op::RemoveLabel(l, t) => format!("remove_label {} from {t:?}", value(l)),
            Op::Import(docs, None) => format!("import {}", docs_line(docs)),
            Op::Import(docs, Some(d)) => {
                format!(
                    "import {} while creating {}",
                    docs_line(docs),
                    d.case_line()
                )
            }
            Op::Bulk(n, doc) => format!("create {n} × {}", doc.case_line()),
            Op::LabelAll(l) => format!("add_label {} to every contact", value(l)),
            Op::BlockMany(n) => format!("block {n} numbers"),
            Op::BooksMany(n) => format!("create {n} books"),
            Op::RenameBook(b, n) => format!("rename_book {b:?} to {}", value(n)),
            Op::DeleteBook(b) => format!("delete_book {b:?}"),
            Op::Move(t, b) => format!("move {t:?} to {b:?}"),
            Op::Plain(call) => call.case_line(),
        }
    }
}

impl CaseLine for Plain {
    fn case_line(&self) -> String {
        match self {
            Plain::DeleteLabel(l) => format!("delete_label {}", value(l)),
            Plain::Block(n) => format!("block {n}"),
            Plain::Unblock(n) => format!("unblock {n}"),
            Plain::CheckBlocked(n) => format!("check {n}"),
            Plain::CreateBook(n) => format!("create_book {}", value(n)),
            Plain::LabelCounts => "label_counts".to_owned(),
            Plain::Summary => "summarize".to_owned(),
            Plain::ListBlocked => "list_blocked".to_owned(),
            Plain::ListBooks => "list_books".to_owned(),
        }
    }
}

/// A whole sequence, written as numbered steps.
#[derive(Debug, Clone)]
pub(crate) struct Sequence(pub(crate) Vec<Op>);

impl CaseLine for Sequence {
    fn case_line(&self) -> String {
        let steps: Vec<String> = self.0.iter().map(CaseLine::case_line).collect();
        steps.join(" ; ")
    }
}

/// What the generators of one sequence need.
#[derive(Clone)]
pub(crate) struct Gen {
    pub(crate) caps: Capabilities,
    pub(crate) pool: Pool,
}

impl Gen {
    fn value(&self) -> SBoxedStrategy<String> {
        select(self.pool.values.clone()).sboxed()
    }

    fn labels(&self) -> SBoxedStrategy<Labels> {
        if self.pool.labels.is_empty() {
            return Just(Labels::new()).sboxed();
        }
        btree_set(select(self.pool.labels.clone()), 0..3)
            .prop_map(|s| s.into_iter().collect())
            .sboxed()
    }

    /// A document within the declared keys, with every required key set.
    pub(crate) fn doc(&self) -> SBoxedStrategy<NewContact> {
        let required = self.caps.required_keys.clone();
        let req = vec(self.value(), required.len()..=required.len());
        // Unscoped stores with books take any book; a store scoped to one may refuse others.
        let books = if self.caps.address_books && !self.caps.address_book_admin {
            select(vec![None, Some("Work"), Some("Home")]).sboxed()
        } else {
            Just(None).sboxed()
        };
        let props = btree_map(select(self.pool.keys.clone()), self.value(), 0..4);
        (props, req, self.labels(), books)
            .prop_map(move |(props, req, labels, book)| {
                let mut doc = NewContact::new();
                for (k, v) in props {
                    doc = doc.property(k, v);
                }
                for (k, v) in required.iter().zip(req) {
                    doc = doc.property(k.clone(), v);
                }
                doc.labels = labels;
                doc.address_book = book.map(contacts_core::AddressBookId::new);
                doc
            })
            .sboxed()
    }

    /// A batch of 1 to one more than the declared batch size (at most 4 over small sizes).
    fn batch(&self) -> SBoxedStrategy<Vec<NewContact>> {
        let max = self.caps.max_batch_size.clamp(1, 3);
        let over = self.caps.max_batch_size + 1;
        let sizes = if over <= 4 { 1..=over } else { 1..=max };
        vec(self.doc(), sizes).sboxed()
    }

    /// A patch within the declared keys that never removes a required key.
    fn patch(&self) -> SBoxedStrategy<ContactPatch> {
        let required = self.caps.required_keys.clone();
        let change = proptest::option::weighted(0.7, self.value());
        let keys = select(self.pool.keys.clone());
        (btree_map(keys, change, 0..3), self.labels(), self.labels())
            .prop_map(move |(changes, add, remove)| {
                crate::generate::patch_of(changes, add, remove, &required)
            })
            .sboxed()
    }

    /// A filter of the declared kinds, drawn from the pool.
    pub(crate) fn filter(&self) -> SBoxedStrategy<ContactFilter> {
        let labels = if self.caps.label_filter.is_supported() && !self.pool.labels.is_empty() {
            btree_set(select(self.pool.labels.clone()), 0..=2).sboxed()
        } else {
            Just(Default::default()).sboxed()
        };
        let props = if self.caps.property_filter.is_supported() {
            btree_map(select(self.pool.keys.clone()), self.value(), 0..=2).sboxed()
        } else {
            Just(Default::default()).sboxed()
        };
        (labels, props)
            .prop_map(|(labels, props)| {
                let mut f = ContactFilter::new();
                for l in labels {
                    f = f.label(l);
                }
                for (k, v) in props {
                    f = f.property(k, v);
                }
                f
            })
            .sboxed()
    }

    fn list_spec(&self) -> SBoxedStrategy<ListSpec> {
        let orders = if self.caps.descending_order {
            vec![Order::Ascending, Order::Descending]
        } else {
            vec![Order::Ascending]
        };
        let max = self.caps.max_page_size.max(1);
        let size = prop_oneof![3 => 1..=3u32.min(max), 1 => Just(max), 1 => 1..=max];
        let metadata = if self.caps.metadata {
            any::<bool>().sboxed()
        } else {
            Just(false).sboxed()
        };
        let of = proptest::option::weighted(0.6, any::<usize>());
        (
            self.filter(),
            select(orders),
            size,
            metadata,
            any::<bool>(),
            of,
        )
            .prop_map(
                |(filter, order, page_size, metadata, deferred, of)| ListSpec {
                    filter,
                    order,
                    page_size,
                    metadata,
                    deferred,
                    of,
                },
            )
            .sboxed()
    }
}

fn target() -> SBoxedStrategy<Target> {
    prop_oneof![
        8 => any::<usize>().prop_map(Target::Live),
        1 => any::<usize>().prop_map(Target::Deleted),
        1 => (0..super::NEVER_IDS.len()).prop_map(Target::Never),
    ]
    .sboxed()
}

/// Targets of a label operation: live contacts, or one contact that is not.
fn targets() -> SBoxedStrategy<Vec<Target>> {
    prop_oneof![
        6 => vec(any::<usize>().prop_map(Target::Live), 1..=3),
        1 => any::<usize>().prop_map(|n| vec![Target::Deleted(n)]),
        1 => (0..super::NEVER_IDS.len()).prop_map(|n| vec![Target::Never(n)]),
    ]
    .sboxed()
}

fn book_target() -> SBoxedStrategy<BookTarget> {
    prop_oneof![5 => any::<usize>().prop_map(BookTarget::Made), 1 => Just(BookTarget::Never)]
        .sboxed()
}

type Choices = Vec<(u32, SBoxedStrategy<Op>)>;

/// A weighted choice of the plain call `call` made with each of `args`.
fn plain<S: Strategy + Send + Sync + 'static>(
    weight: u32,
    args: S,
    call: fn(S::Value) -> Plain,
) -> (u32, SBoxedStrategy<Op>) {
    (weight, args.prop_map(move |a| Op::Plain(call(a))).sboxed())
}

/// The writes that make sense issued at once.
fn writes(g: &Gen) -> Choices {
    let mut choices: Choices = vec![
        (4, g.batch().prop_map(Op::Create).sboxed()),
        (2, target().prop_map(Op::Delete).sboxed()),
    ];
    if g.caps.patch {
        let patch = (target(), g.patch()).prop_map(|(t, p)| Op::Patch(t, p));
        choices.push((4, patch.sboxed()));
    }
    if g.caps.replace {
        let replace = (target(), g.doc()).prop_map(|(t, d)| Op::Replace(t, d));
        choices.push((2, replace.sboxed()));
    }
    if g.caps.mass_delete {
        let of = proptest::option::weighted(0.6, any::<usize>());
        let matching = (g.filter(), of).prop_map(|(f, of)| Op::DeleteMatching(f, of));
        choices.push((2, matching.sboxed()));
        choices.push((1, Just(Op::DeleteEvery).sboxed()));
    }
    choices
}

fn reads(g: &Gen) -> Choices {
    let metadata = g.caps.metadata;
    let get = (target(), any::<bool>()).prop_map(move |(t, m)| Op::Get(t, m && metadata));
    let damage = select(vec![
        Damage::Truncated,
        Damage::Extended,
        Damage::Altered,
        Damage::OtherQuery,
        Damage::MadeUp,
    ]);
    vec![
        (2, get.sboxed()),
        (3, g.list_spec().prop_map(Op::List).sboxed()),
        (1, g.list_spec().prop_map(Op::ListInterrupted).sboxed()),
        (
            1,
            (g.list_spec(), damage)
                .prop_map(|(s, d)| Op::BadToken(s, d))
                .sboxed(),
        ),
    ]
}

fn optional(g: &Gen) -> Choices {
    let caps = &g.caps;
    let mut choices: Choices = Vec::new();
    let label = || {
        select(if g.pool.labels.is_empty() {
            vec!["VIP".to_owned()]
        } else {
            g.pool.labels.clone()
        })
    };
    if caps.label_admin {
        choices.push((
            2,
            (label(), targets())
                .prop_map(|(l, t)| Op::AddLabel(l, t))
                .sboxed(),
        ));
        choices.push((
            1,
            (label(), targets())
                .prop_map(|(l, t)| Op::RemoveLabel(l, t))
                .sboxed(),
        ));
        choices.push(plain(1, label(), Plain::DeleteLabel));
        choices.push((1, Just(Op::Plain(Plain::LabelCounts)).sboxed()));
    }
    if caps.account_summary {
        choices.push((1, Just(Op::Plain(Plain::Summary)).sboxed()));
    }
    if caps.blocklist {
        let number = || select(g.pool.numbers.clone());
        choices.push(plain(2, number(), Plain::Block));
        choices.push(plain(1, number(), Plain::Unblock));
        choices.push(plain(1, number(), Plain::CheckBlocked));
        choices.push((1, Just(Op::Plain(Plain::ListBlocked)).sboxed()));
    }
    if caps.address_book_admin {
        let name =
            || select(vec!["Friends", "friends", "Work ✓", "Friends "]).prop_map(str::to_owned);
        choices.push(plain(1, name(), Plain::CreateBook));
        choices.push((
            1,
            (book_target(), name())
                .prop_map(|(b, n)| Op::RenameBook(b, n))
                .sboxed(),
        ));
        choices.push((1, book_target().prop_map(Op::DeleteBook).sboxed()));
        choices.push((1, Just(Op::Plain(Plain::ListBooks)).sboxed()));
        choices.push((
            2,
            (target(), book_target())
                .prop_map(|(t, b)| Op::Move(t, b))
                .sboxed(),
        ));
    }
    if caps.background_import {
        let meanwhile = proptest::option::of(g.doc());
        let import = (vec(g.doc(), 1..=3), meanwhile).prop_map(|(d, m)| Op::Import(d, m));
        choices.push((2, import.sboxed()));
    }
    choices
}

/// Many at once, past the boundaries an adapter pages or batches at.
fn bulk(g: &Gen) -> Choices {
    let n = || select(BULK.to_vec());
    let mut choices: Choices = vec![(1, (n(), g.doc()).prop_map(|(n, d)| Op::Bulk(n, d)).sboxed())];
    if g.caps.label_admin {
        let label = select(if g.pool.labels.is_empty() {
            vec!["VIP".to_owned()]
        } else {
            g.pool.labels.clone()
        });
        choices.push((1, label.prop_map(Op::LabelAll).sboxed()));
    }
    if g.caps.blocklist {
        choices.push((1, n().prop_map(Op::BlockMany).sboxed()));
    }
    if g.caps.address_book_admin {
        choices.push((
            1,
            select(vec![11usize, 21, 26])
                .prop_map(Op::BooksMany)
                .sboxed(),
        ));
    }
    choices
}

/// One step: a write, a read, an optional capability's method, or two writes at once.
fn op(g: &Gen) -> SBoxedStrategy<Op> {
    let mut choices = writes(g);
    choices.extend(bulk(g));
    // Writes to single contacts: a vendor's filtered delete is one request that no adapter
    // can order against its own multi-request writes, so mass deletes are not paired.
    let single = || {
        let mut g = g.clone();
        g.caps.mass_delete = false;
        proptest::strategy::Union::new_weighted(writes(&g))
    };
    let pair = (single(), single()).prop_map(|(a, b)| Op::Concurrent(Box::new(a), Box::new(b)));
    choices.push((2, pair.sboxed()));
    choices.extend(reads(g));
    choices.extend(optional(g));
    proptest::strategy::Union::new_weighted(choices).sboxed()
}

/// Sequences for a provider declaring `caps`: a pool, then up to `steps` operations drawn
/// from it.
pub(crate) fn sequences(caps: &Capabilities, steps: usize) -> SBoxedStrategy<Sequence> {
    let caps = caps.clone();
    super::pool::pool(&caps)
        .prop_flat_map(move |pool| {
            let g = Gen {
                caps: caps.clone(),
                pool,
            };
            vec(op(&g), 1..=steps.max(1))
        })
        .prop_map(Sequence)
        .sboxed()
}
