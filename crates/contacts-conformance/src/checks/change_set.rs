//! What the change-feed checks share: asking the feed, reading a change set, and the writes
//! whose changes they look for (each with what it did, for the failure messages).

use super::support::{ensure, err, plain};
use contacts_core::optional::{ChangeFeed, ChangeSet, ChangeToken};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactPatch, ContactProvider, DeleteTarget, FilterSupport,
    GetOptions, NewContact,
};

/// A label no generated document carries.
pub(super) const LABEL: &str = "conformance-feed";

/// A second label, given after the feed has listed a contact with [`LABEL`].
pub(super) const LABEL_AGAIN: &str = "conformance-feed-again";

/// The feed's token for now.
pub(super) async fn current(feed: &dyn ChangeFeed) -> Result<ChangeToken, String> {
    feed.current_token().await.map_err(err("current_token"))
}

/// What changed since `token`; `when` says after what, for the message.
pub(super) async fn since(
    feed: &dyn ChangeFeed,
    token: &ChangeToken,
    when: &str,
) -> Result<ChangeSet, String> {
    feed.changes_since(token)
        .await
        .map_err(|e| format!("changes_since {when} failed: {e}"))
}

/// The ids a change set lists, for messages: `changed [..], deleted [..]`.
pub(super) fn shown(set: &ChangeSet) -> String {
    let changed: Vec<&str> = set.changed.iter().map(|c| c.id.as_str()).collect();
    let deleted: Vec<&str> = set.deleted.iter().map(ContactId::as_str).collect();
    format!("changed {changed:?}, deleted {deleted:?}")
}

/// How often `id` is in `changed`.
pub(super) fn times_changed(set: &ChangeSet, id: &ContactId) -> usize {
    set.changed.iter().filter(|c| &c.id == id).count()
}

/// How often `id` is in `deleted`.
pub(super) fn times_deleted(set: &ChangeSet, id: &ContactId) -> usize {
    set.deleted.iter().filter(|d| *d == id).count()
}

/// One of a change set's two lists, for the checks that a contact is in one and not the other.
#[derive(Debug, Clone, Copy)]
pub(super) enum List {
    /// `changed`: written since the token.
    Changed,
    /// `deleted`: gone since the token.
    Deleted,
}

impl List {
    fn name(self) -> &'static str {
        match self {
            List::Changed => "changed",
            List::Deleted => "deleted",
        }
    }

    fn other(self) -> Self {
        match self {
            List::Changed => List::Deleted,
            List::Deleted => List::Changed,
        }
    }

    fn times(self, set: &ChangeSet, id: &ContactId) -> usize {
        match self {
            List::Changed => times_changed(set, id),
            List::Deleted => times_deleted(set, id),
        }
    }
}

/// `id`, `what` since the token, is in `list` once and not in the other list.
pub(super) fn listed_once_in(
    set: &ChangeSet,
    id: &ContactId,
    what: &str,
    list: List,
) -> Result<(), String> {
    let times = list.times(set, id);
    ensure(times == 1, || {
        format!(
            "{id}, {what} since the token, is in `{}` {times} times, expected once ({})",
            list.name(),
            shown(set)
        )
    })?;
    let other = list.other();
    ensure(other.times(set, id) == 0, || {
        format!(
            "{id}, {what} since the token, is in `{}` ({})",
            other.name(),
            shown(set)
        )
    })
}

/// What differs between a contact as listed and as it is, by field (metadata left aside:
/// it is only read when asked for); empty when nothing does.
pub(super) fn differences(listed: &Contact, now: &Contact) -> String {
    let mut out = Vec::new();
    if listed.properties != now.properties {
        out.push(format!(
            "properties {:?}, now {:?}",
            listed.properties, now.properties
        ));
    }
    if listed.labels != now.labels {
        out.push(format!("labels {:?}, now {:?}", listed.labels, now.labels));
    }
    if listed.card != now.card {
        out.push("its card differs from get's".to_owned());
    }
    if listed.address_book != now.address_book || listed.owner_id != now.owner_id {
        out.push(format!(
            "book {:?} and owner {:?}, now {:?} and {:?}",
            listed.address_book, listed.owner_id, now.address_book, now.owner_id
        ));
    }
    out.join("; ")
}

/// `id`, which was `what` since the token, is in `changed` once and as `get` answers it now,
/// and not in `deleted`.
pub(super) async fn listed_as_now(
    p: &dyn ContactProvider,
    set: &ChangeSet,
    id: &ContactId,
    what: &str,
) -> Result<(), String> {
    listed_once_in(set, id, what, List::Changed)?;
    let now = p
        .get(id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    let Some(listed) = set.changed.iter().find(|c| &c.id == id) else {
        return Ok(());
    };
    let diff = differences(listed, &now);
    ensure(diff.is_empty(), || {
        format!("{id}, {what} since the token, is listed as it is not now: {diff}")
    })
}

/// `id`, not written since the token, is listed nowhere in `set`.
pub(super) fn not_listed(set: &ChangeSet, id: &ContactId, what: &str) -> Result<(), String> {
    ensure(times_changed(set, id) + times_deleted(set, id) == 0, || {
        format!("{id}, {what}, is listed ({})", shown(set))
    })
}

/// Writes a change to `id` by `patch` where the provider declares patching, else by replacing
/// it with the document `replacement` makes (which may read the contact first); `false` when
/// the provider can do neither.
async fn patch_else_replace(
    p: &dyn ContactProvider,
    id: &ContactId,
    patch: ContactPatch,
    replacement: impl AsyncFnOnce() -> Result<NewContact, String>,
) -> Result<bool, String> {
    let caps = p.capabilities();
    if caps.patch {
        p.update(id, &patch).await.map_err(err("update"))?;
    } else if caps.replace {
        let doc = replacement().await?;
        p.replace(id, &doc).await.map_err(err("replace"))?;
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// Changes a property of `id` (by patch, else by replace), with values of document `n`;
/// `false` when the provider can do neither.
pub(super) async fn rewrite(
    p: &dyn ContactProvider,
    id: &ContactId,
    n: usize,
) -> Result<bool, String> {
    let doc = plain(p, n);
    let patch = doc
        .properties
        .iter()
        .fold(ContactPatch::new(), |patch, (k, v)| patch.set(k, v));
    patch_else_replace(p, id, patch, async || Ok(doc)).await
}

/// Gives `id` the label `label` with a patch (else a replace keeping its properties); `false`
/// when the provider has no labels or cannot write them on an existing contact.
pub(super) async fn relabel(
    p: &dyn ContactProvider,
    id: &ContactId,
    label: &str,
) -> Result<bool, String> {
    if !p.capabilities().labels {
        return Ok(false);
    }
    let patch = ContactPatch::new().add_label(label);
    patch_else_replace(p, id, patch, async || {
        let now = p
            .get(id, &GetOptions::default())
            .await
            .map_err(err("get"))?;
        let mut doc = now.to_new();
        doc.labels.insert(label);
        Ok(doc)
    })
    .await
}

/// Gives `id` the label `label` through label administration; `false` when it is not declared.
pub(super) async fn relabel_by_admin(
    p: &dyn ContactProvider,
    id: &ContactId,
    label: &str,
) -> Result<bool, String> {
    let admin = p.label_admin().filter(|_| p.capabilities().label_admin);
    let Some(admin) = admin else {
        return Ok(false);
    };
    admin
        .add_label(label, std::slice::from_ref(id))
        .await
        .map_err(err("add_label"))?;
    Ok(true)
}

/// Replaces `id` with document `n`; `false` when replace is not declared.
pub(super) async fn replace_with(
    p: &dyn ContactProvider,
    id: &ContactId,
    n: usize,
) -> Result<bool, String> {
    if !p.capabilities().replace {
        return Ok(false);
    }
    p.replace(id, &plain(p, n)).await.map_err(err("replace"))?;
    Ok(true)
}

/// Deletes `contact` with a mass delete matching one of its values (each generated contact's
/// are its own); `false` when mass delete or property filters are not declared.
pub(super) async fn sweep(p: &dyn ContactProvider, contact: &Contact) -> Result<bool, String> {
    let caps = p.capabilities();
    if !caps.mass_delete || caps.property_filter == FilterSupport::Unsupported {
        return Ok(false);
    }
    let Some((key, value)) = contact.properties.iter().next() else {
        return Ok(false);
    };
    let filter = ContactFilter::new().property(key, value);
    let gone = p
        .delete_matching(&DeleteTarget::Matching(filter))
        .await
        .map_err(err("delete_matching"))?;
    ensure(gone.len() == 1 && gone[0].id == contact.id, || {
        let ids: Vec<&str> = gone.iter().map(|c| c.id.as_str()).collect();
        format!(
            "a mass delete of {key} = {value:?} removed {ids:?}, expected only {}",
            contact.id
        )
    })?;
    Ok(true)
}
