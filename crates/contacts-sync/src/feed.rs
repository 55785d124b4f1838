//! Reading a side: in full, or through its change feed (`ChangeFeed`) when it has one and the
//! state holds the token of the last completed run — then only what changed is read, and the
//! recorded pairs stand for the rest (known by their recorded hashes, their contents fetched
//! only where a decision needs them). See "Change feeds" in docs/sync.md for the safety rules.

use crate::hash::parse_hash;
use crate::index::Index;
use crate::{Mode, Pair, Plan, Result, Side, State, SyncError, SyncOptions};
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactProvider, ContactQuery, Error, GetOptions,
};
use contacts_phone::Normalizer;
use futures::{StreamExt, TryStreamExt, stream};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// The largest page asked of a side that stores cards (see [`index_all`]).
const CARD_PAGE: u32 = 100;

/// Contacts read by id at once.
const CONCURRENCY: usize = 8;

pub(crate) use crate::state::Taken;

/// A plan's counts: a plan filtered or rebuilt by hand differs in one of them, and its run
/// records no token (the next run then reads from the older one, which is always safe).
pub(crate) fn fingerprint(plan: &Plan) -> [usize; 6] {
    [
        plan.action_count(),
        plan.creates(),
        plan.updates(),
        plan.deletes(),
        plan.conflicts.len(),
        plan.skips.len(),
    ]
}

/// Both sides as read for planning.
pub(crate) struct Read {
    /// `[source, target]`.
    pub(crate) indexes: [Index; 2],
    /// The recorded pairs.
    pub(crate) pairs: Vec<Pair>,
    /// Per side, the token a completed run records.
    pub(crate) tokens: [Option<ChangeToken>; 2],
    /// Per side, whether it was read through its feed: a recorded contact missing from its
    /// index is then known gone (deleted in the change set, or confirmed by a read).
    pub(crate) incremental: [bool; 2],
    /// Both sides were read through their feeds, both change sets were empty and no contact
    /// waits to be read again: nothing changed, and neither the pairs nor any contact were
    /// read (the indexes and pairs are empty).
    pub(crate) quiet: bool,
}

/// One side, read.
struct SideRead {
    index: Index,
    token: Option<ChangeToken>,
    incremental: bool,
}

/// How a side is read this run.
enum Reading {
    /// In full; the token was taken before listing (`None`: no feed, or it gave none).
    Full(Option<ChangeToken>),
    /// Through the feed: what changed since the recorded token.
    Changes(ChangeSet),
}

/// The side's change feed, if it declares one and serves it.
fn feed_of(provider: &dyn ContactProvider) -> Option<&dyn ChangeFeed> {
    provider
        .capabilities()
        .change_feed
        .then(|| provider.change_feed())
        .flatten()
}

/// Whether a feed's refusal means "read everything again" rather than a failure of the run:
/// an expired token, a token the store does not take, or a feed it does not serve after all.
fn refused(e: &Error) -> bool {
    matches!(
        e,
        Error::ExpiredToken { .. } | Error::Unsupported { .. } | Error::InvalidInput { .. }
    )
}

/// Asks `side`'s feed what changed since its recorded token; without a feed, a token, or one
/// the feed takes (or with `rebind_stores`), takes a fresh token for a full listing.
async fn start(
    provider: &dyn ContactProvider,
    side: Side,
    state: &State,
    options: &SyncOptions,
) -> Result<Reading> {
    let Some(feed) = feed_of(provider) else {
        return Ok(Reading::Full(None));
    };
    let recorded = match options.rebind_stores {
        true => None,
        false => state.feed_token(side)?,
    };
    if let Some(token) = recorded {
        match feed.changes_since(&token).await {
            Ok(set) => return Ok(Reading::Changes(set)),
            Err(e) if refused(&e) => {}
            Err(e) => return Err(SyncError::provider(side, e)),
        }
    }
    match feed.current_token().await {
        Ok(token) => Ok(Reading::Full(Some(token))),
        Err(e) if refused(&e) => Ok(Reading::Full(None)),
        Err(e) => Err(SyncError::provider(side, e)),
    }
}

/// Reads both sides (each in full or through its feed) and the recorded pairs; a side read
/// through its feed whose other side brings new contacts to match by number is listed in
/// full after all (see [`needs_numbers`]), and the contents a decision needs are fetched.
/// With `may_be_quiet` (no write of an earlier run pending), two empty change sets end the
/// reading there ([`Read::quiet`]).
pub(crate) async fn read(
    sides: [&dyn ContactProvider; 2],
    state: &State,
    options: &SyncOptions,
    normalizers: &[Arc<Normalizer>; 2],
    (eager, may_be_quiet): (bool, bool),
) -> Result<Read> {
    let dir = state.dir();
    let reading = |i: usize| eager.then(|| Arc::clone(&normalizers[i]));
    let scopes = [Side::Source, Side::Target].map(|side| options.key_map.labels().scope(side));
    check_scopes(sides, options)?;
    let (source, target) = futures::try_join!(
        start(sides[0], Side::Source, state, options),
        start(sides[1], Side::Target, state, options)
    )?;
    if let Some(tokens) = may_be_quiet
        .then(|| quiet(&source, &target, state))
        .transpose()?
        .flatten()
    {
        return Ok(Read {
            indexes: [Index::new(dir.clone()), Index::new(dir)],
            pairs: Vec::new(),
            tokens,
            incremental: [true, true],
            quiet: true,
        });
    }
    let incremental =
        matches!(source, Reading::Changes(_)) || matches!(target, Reading::Changes(_));
    let numbers = [reading(0), reading(1)];
    let (mut read, pairs) =
        read_sides(sides, [source, target], state, numbers, scopes, dir.clone()).await?;
    if incremental {
        list_for_numbers(
            sides,
            &mut read,
            &pairs,
            options,
            normalizers,
            reading,
            dir.clone(),
        )
        .await?;
    }
    let (mut s, mut t) = read;
    if s.incremental || t.incremental {
        fetch_needed(sides, [&mut s.index, &mut t.index], &pairs, state).await?;
    }
    Ok(Read {
        indexes: [s.index, t.index],
        pairs,
        tokens: [s.token, t.token],
        incremental: [s.incremental, t.incremental],
        quiet: false,
    })
}

/// The tokens to keep when both sides were read through their feeds, both change sets are
/// empty and the last run left no contact to read again: then nothing can have changed, and
/// the run need not read its recorded pairs at all (a sync of a book of 10,000 unchanged
/// cards costs the two feed requests).
fn quiet(
    source: &Reading,
    target: &Reading,
    state: &State,
) -> Result<Option<[Option<ChangeToken>; 2]>> {
    let (Reading::Changes(s), Reading::Changes(t)) = (source, target) else {
        return Ok(None);
    };
    let empty = |set: &ChangeSet| set.changed.is_empty() && set.deleted.is_empty();
    if !empty(s) || !empty(t) {
        return Ok(None);
    }
    for side in [Side::Source, Side::Target] {
        if !state.feed_pending(side)?.is_empty() {
            return Ok(None);
        }
    }
    Ok(Some([Some(s.token.clone()), Some(t.token.clone())]))
}

/// A [`LabelBook`](crate::LabelBook) whose labelled side has no labels is refused: that side
/// would list nothing (and so look emptied).
fn check_scopes(sides: [&dyn ContactProvider; 2], options: &SyncOptions) -> Result<()> {
    let Some(book) = options.key_map.labels().book() else {
        return Ok(());
    };
    let provider = sides[book.side as usize];
    if provider.capabilities().labels {
        return Ok(());
    }
    Err(SyncError::KeyMap {
        input: book.to_string(),
        reason: format!(
            "(--label-book) the {} ({}) has no labels, so none of its contacts carries {:?}: \
             name the side that has labels, or swap the two sides",
            book.side,
            provider.name(),
            book.label
        ),
    })
}

/// Lists in full a side read through its feed when the other side brings contacts to match
/// by number there (see [`needs_numbers`]) or may recreate a contact gone from it (see
/// [`recreates_there`]).
async fn list_for_numbers(
    sides: [&dyn ContactProvider; 2],
    read: &mut (SideRead, SideRead),
    pairs: &[Pair],
    options: &SyncOptions,
    normalizers: &[Arc<Normalizer>; 2],
    reading: impl Fn(usize) -> Option<Arc<Normalizer>>,
    dir: Option<PathBuf>,
) -> Result<()> {
    for side in [Side::Source, Side::Target] {
        let (this, other) = match side {
            Side::Source => (&mut read.0, &mut read.1),
            Side::Target => (&mut read.1, &mut read.0),
        };
        let carries = side == Side::Source || options.mode == Mode::TwoWay;
        if !other.incremental || !carries {
            continue;
        }
        let recreates = recreates_there(&this.index, &other.index, pairs, side);
        if !recreates && !has_unpaired(&this.index, pairs, side) {
            continue;
        }
        if !recreates {
            resolve_in_place(&mut this.index, &normalizers[side as usize]).await?;
        }
        if recreates || needs_numbers(&this.index, pairs, side) {
            let reading = reading(side.other() as usize);
            other.index = index_all(
                sides[side.other() as usize],
                side.other(),
                reading,
                options.key_map.labels().scope(side.other()),
                dir.clone(),
            )
            .await?;
            other.incremental = false;
        }
    }
    Ok(())
}

/// Both sides and the pairs. Through a feed (either side's reading is a change set): the
/// pairs first, as the feed's side needs them; else both listed in full, the pairs read
/// meanwhile.
async fn read_sides(
    sides: [&dyn ContactProvider; 2],
    readings: [Reading; 2],
    state: &State,
    numbers: [Option<Arc<Normalizer>>; 2],
    scopes: [Option<&str>; 2],
    dir: Option<PathBuf>,
) -> Result<((SideRead, SideRead), Vec<Pair>)> {
    let incremental = readings.iter().any(|r| matches!(r, Reading::Changes(_)));
    if !incremental {
        let none = (&[][..], &[][..]);
        let both = read_both(sides, readings, [none, none], numbers, scopes, dir);
        return futures::try_join!(both, state.pairs_blocking());
    }
    let pairs = state.pairs_blocking().await?;
    let pending = [
        state.feed_pending(Side::Source)?,
        state.feed_pending(Side::Target)?,
    ];
    let known = [(&pairs[..], &pending[0][..]), (&pairs[..], &pending[1][..])];
    let read = read_both(sides, readings, known, numbers, scopes, dir).await?;
    Ok((read, pairs))
}

/// What a side's reading knows beforehand: the pairs, and the ids its feed left pending
/// (both empty for a full listing).
type Known<'a> = (&'a [Pair], &'a [(ContactId, bool)]);

/// Both sides read at once, each knowing the pairs and its feed's pending ids (`known`).
async fn read_both(
    sides: [&dyn ContactProvider; 2],
    [source, target]: [Reading; 2],
    [known0, known1]: [Known<'_>; 2],
    [numbers0, numbers1]: [Option<Arc<Normalizer>>; 2],
    scopes: [Option<&str>; 2],
    dir: Option<PathBuf>,
) -> Result<(SideRead, SideRead)> {
    let source = read_side(
        sides[0],
        Side::Source,
        source,
        known0,
        numbers0,
        scopes[0],
        dir.clone(),
    );
    let target = read_side(
        sides[1],
        Side::Target,
        target,
        known1,
        numbers1,
        scopes[1],
        dir,
    );
    futures::try_join!(source, target)
}

/// Reads one side as `reading` says; only its contacts with the `scope` label, if given (the
/// side of a [`LabelBook`](crate::LabelBook)). A change set in which a paired contact lost
/// that label is read as a full listing instead (from the set's token, taken before it), so
/// the contact is "not listed, yet there" as a full listing finds it, and left alone.
async fn read_side(
    provider: &dyn ContactProvider,
    side: Side,
    reading: Reading,
    (pairs, pending): Known<'_>,
    numbers: Option<Arc<Normalizer>>,
    scope: Option<&str>,
    dir: Option<PathBuf>,
) -> Result<SideRead> {
    let token = match reading {
        Reading::Full(token) => token,
        Reading::Changes(set) => {
            let token = Some(set.token.clone());
            let (read, dir) = (set, dir.clone());
            let changes = (read, pairs, pending);
            if let Some(index) =
                index_changes(provider, side, changes, numbers.clone(), scope, dir).await?
            {
                return Ok(SideRead {
                    index,
                    token,
                    incremental: true,
                });
            }
            token
        }
    };
    Ok(SideRead {
        index: index_all(provider, side, numbers, scope, dir).await?,
        token,
        incremental: false,
    })
}

/// Whether `contact` takes part in a sync scoped to the `scope` label (none: every contact).
fn in_scope(contact: &Contact, scope: Option<&str>) -> bool {
    scope.is_none_or(|label| contact.labels.contains(label))
}

/// Whether a recorded pair's contact is present on `side` and gone from the other side: the
/// rules may recreate it there, matched by number first (a contact of the other side with its
/// number is paired with it rather than doubled), which needs every number of that side, also
/// of its contacts the change set did not name.
fn recreates_there(this: &Index, other: &Index, pairs: &[Pair], side: Side) -> bool {
    pairs
        .iter()
        .any(|p| this.contains(p.id(side)) && !other.contains(p.id(side.other())))
}

/// Whether `index` holds a contact no pair holds.
fn has_unpaired(index: &Index, pairs: &[Pair], side: Side) -> bool {
    let paired: HashSet<&ContactId> = pairs.iter().map(|p| p.id(side)).collect();
    index
        .unclaimed()
        .into_iter()
        .any(|slot| !paired.contains(&index.id_at(slot)))
}

/// Whether `index` (numbers read) holds a contact no pair holds with a usable number:
/// carried across, it is matched by number on the other side, which needs every number there.
fn needs_numbers(index: &Index, pairs: &[Pair], side: Side) -> bool {
    let paired: HashSet<&ContactId> = pairs.iter().map(|p| p.id(side)).collect();
    index.unclaimed().into_iter().any(|slot| {
        let id = index.id_at(slot);
        !paired.contains(&id) && matches!(index.key_or_why(&id), Some(Ok(_)))
    })
}

/// The index of a side read through its feed: the change set's contacts as they are now, the
/// contacts the last run left undecided read again, and every other recorded contact known by
/// its recorded hash. A contact the change set deletes (or a read finds gone) is left out:
/// that is a real deletion. A contact merely missing from a change set is never taken for
/// deleted: it is known by its pair. Contacts out of `scope` are left out; `None` when one of
/// them is paired (it left the scope: the side is listed in full instead, see [`read_side`]).
async fn index_changes(
    provider: &dyn ContactProvider,
    side: Side,
    (set, pairs, pending): (ChangeSet, &[Pair], &[(ContactId, bool)]),
    numbers: Option<Arc<Normalizer>>,
    scope: Option<&str>,
    dir: Option<PathBuf>,
) -> Result<Option<Index>> {
    let ChangeSet {
        mut changed,
        deleted,
        ..
    } = set;
    let mut gone: HashSet<ContactId> = deleted.into_iter().collect();
    gone.extend(pending.iter().filter(|(_, g)| *g).map(|(id, _)| id.clone()));
    let listed: HashSet<ContactId> = changed.iter().map(|c| c.id.clone()).collect();
    // Named both changed and deleted (created and deleted in between, or deleted and
    // recreated), or left undecided last run: read as it is now.
    let mut again: Vec<ContactId> = listed.intersection(&gone).cloned().collect();
    changed.retain(|c| !gone.contains(&c.id));
    again.extend(
        pending
            .iter()
            .filter(|(id, g)| !g && !listed.contains(id))
            .map(|(id, _)| id.clone()),
    );
    for id in &again {
        gone.remove(id);
    }
    for (id, found) in get_all(provider, side, again).await? {
        match found {
            Some(contact) => changed.push(contact),
            None => {
                gone.insert(id);
            }
        }
    }
    if scope.is_some() {
        let paired: HashSet<&ContactId> = pairs.iter().map(|p| p.id(side)).collect();
        if (changed.iter()).any(|c| !in_scope(c, scope) && paired.contains(&c.id)) {
            return Ok(None);
        }
        changed.retain(|c| in_scope(c, scope));
    }
    let mut index = Index::new(dir);
    index.add(changed, numbers.as_deref())?;
    let mut unreadable = Vec::new();
    for p in pairs {
        let id = p.id(side);
        if gone.contains(id) || index.contains(id) {
            continue;
        }
        match parse_hash(p.hash(side)) {
            Some(hash) => index.add_known(id, hash)?,
            None => unreadable.push(id.clone()),
        }
    }
    // A hash recorded in another form: read the contact itself.
    add_read(&mut index, get_all(provider, side, unreadable).await?)?;
    Ok(Some(index))
}

/// Adds the contacts read by id (those gone are left out).
fn add_read(index: &mut Index, read: Vec<(ContactId, Option<Contact>)>) -> Result<()> {
    let contacts: Vec<Contact> = read.into_iter().filter_map(|(_, c)| c).collect();
    if contacts.is_empty() {
        return Ok(());
    }
    index.add(contacts, None)
}

/// Reads `ids` on `side` (a few at once); `None` for those it does not have.
async fn get_all(
    provider: &dyn ContactProvider,
    side: Side,
    ids: Vec<ContactId>,
) -> Result<Vec<(ContactId, Option<Contact>)>> {
    stream::iter(ids)
        .map(|id| async move {
            match provider.get(&id, &GetOptions::default()).await {
                Ok(contact) => Ok((id, Some(contact))),
                Err(Error::NotFound { .. }) => Ok((id, None)),
                Err(e) => Err(SyncError::provider(side, e)),
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await
}

/// Fetches the contents of contacts known only by their recorded hash whose pair needs them:
/// the partner changed or is gone (a patch, a merge or a recreation reads them), or a write of
/// the pair was interrupted. Repeated until nothing more is needed (a contact fetched may turn
/// out changed itself, if it changed after its side's token was taken).
async fn fetch_needed(
    sides: [&dyn ContactProvider; 2],
    mut indexes: [&mut Index; 2],
    pairs: &[Pair],
    state: &State,
) -> Result<()> {
    let intents: HashSet<(Side, ContactId)> = state
        .intents()?
        .into_iter()
        .map(|i| (i.origin, i.origin_id))
        .collect();
    loop {
        let mut wanted: [Vec<ContactId>; 2] = [Vec::new(), Vec::new()];
        for p in pairs {
            for side in [Side::Source, Side::Target] {
                let (here, there) = (&indexes[side as usize], &indexes[side.other() as usize]);
                let (id, other) = (p.id(side), p.id(side.other()));
                if !here.is_known_only(id) {
                    continue;
                }
                let partner_moved = match there.hash(other) {
                    None => true,
                    Some(h) => !crate::hash::same_hash(h, p.hash(side.other())),
                };
                let interrupted = intents.contains(&(side, id.clone()))
                    || intents.contains(&(side.other(), other.clone()));
                if partner_moved || interrupted {
                    wanted[side as usize].push(id.clone());
                }
            }
        }
        if wanted.iter().all(Vec::is_empty) {
            return Ok(());
        }
        let [source_wanted, target_wanted] = wanted;
        let (source_read, target_read) = futures::try_join!(
            get_all(sides[0], Side::Source, source_wanted),
            get_all(sides[1], Side::Target, target_wanted)
        )?;
        for (side, read) in [(Side::Source, source_read), (Side::Target, target_read)] {
            let index = &mut indexes[side as usize];
            let gone: Vec<ContactId> = read
                .iter()
                .filter(|(_, c)| c.is_none())
                .map(|(id, _)| id.clone())
                .collect();
            if !gone.is_empty() {
                // Said unchanged by the feed yet gone: deleted after the token was taken.
                // Nothing is guessed: the plan fails and the next run reads the deletion.
                return Err(SyncError::provider(
                    side,
                    Error::Conflict {
                        message: format!(
                            "contact {} was deleted while this sync read the change feed; run the sync again",
                            gone[0].as_str()
                        ),
                    },
                ));
            }
            add_read(index, read)?;
        }
    }
}

/// Work started on tokio's blocking pool, or done already when there is no runtime.
pub(crate) enum Job<T> {
    Spawned(tokio::task::JoinHandle<T>),
    Done(T),
}

impl<T> Job<T> {
    /// Starts `work` now.
    pub(crate) fn start(work: impl FnOnce() -> T + Send + 'static) -> Self
    where
        T: Send + 'static,
    {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => Job::Spawned(runtime.spawn_blocking(work)),
            Err(_) => Job::Done(work()),
        }
    }

    /// Its result.
    pub(crate) async fn finish(self) -> Result<T> {
        match self {
            Job::Spawned(handle) => handle
                .await
                .map_err(|e| SyncError::State(format!("indexing contacts failed: {e}"))),
            Job::Done(out) => Ok(out),
        }
    }
}

/// Reads the numbers `index` deferred.
pub(crate) async fn resolve(mut index: Index, normalizer: Arc<Normalizer>) -> Result<Index> {
    Job::start(move || index.resolve(&normalizer).map(|()| index))
        .finish()
        .await?
}

/// [`resolve`] on an index held in place.
async fn resolve_in_place(index: &mut Index, normalizer: &Arc<Normalizer>) -> Result<()> {
    let taken = std::mem::take(index);
    *index = resolve(taken, Arc::clone(normalizer)).await?;
    Ok(())
}

/// Every contact of one side, in the largest pages it serves, indexed page by page: each page
/// is indexed (numbers read, contents hashed) on a blocking thread while the next page is
/// fetched. The contacts' contents go to a scratch file in `dir` (see [`Index`]). With a
/// `scope` label only the contacts carrying it: asked of the provider where it filters labels,
/// and checked here all the same (a provider without label filters is listed in full).
pub(crate) async fn index_all(
    provider: &dyn ContactProvider,
    side: Side,
    reading: Option<Arc<Normalizer>>,
    scope: Option<&str>,
    dir: Option<PathBuf>,
) -> Result<Index> {
    // The largest pages the side serves: fewest round trips. A side that stores cards is read
    // in pages of at most CARD_PAGE: its cards can carry photos of 100 KB and more, and two
    // pages are in memory at once (one indexed while the next is fetched).
    let caps = provider.capabilities();
    let size = match (caps.max_page_size, caps.stores_cards()) {
        (0, true) => CARD_PAGE,
        (size, true) => size.min(CARD_PAGE),
        (size, false) => size,
    };
    let mut query = match size {
        0 => ContactQuery::new(),
        size => ContactQuery::new().page_size(size),
    };
    if let Some(label) = scope.filter(|_| caps.label_filter.is_supported()) {
        query = query.filter(ContactFilter::new().label(label));
    }
    let scope: Option<Arc<str>> = scope.map(Arc::from);
    let mut index = Index::new(dir);
    let mut job: Option<Job<Result<Index>>> = None;
    let mut token = None;
    loop {
        // The page's contacts are decoded with its indexing, while the next page is fetched.
        let page = provider
            .list_page_deferred(&query, token)
            .await
            .map_err(|e| SyncError::provider(side, e))?;
        if let Some(job) = job.take() {
            index = job.finish().await??;
        }
        let (next, reading) = (page.next().cloned(), reading.clone());
        let mut current = std::mem::take(&mut index);
        let scope = scope.clone();
        job = Some(Job::start(move || {
            let mut items = page
                .into_page()
                .map_err(|e| SyncError::provider(side, e))?
                .items;
            items.retain(|c| in_scope(c, scope.as_deref()));
            current.add(items, reading.as_deref())?;
            Ok(current)
        }));
        match next {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    match job {
        Some(job) => job.finish().await?,
        None => Ok(index),
    }
}
