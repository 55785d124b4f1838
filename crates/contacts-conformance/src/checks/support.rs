//! What the checks share: comparing, listing, creating and the documents they write.

use crate::Outcome;
use contacts_core::{
    Contact, ContactId, ContactProvider, ContactProviderExt, ContactQuery, Error, GetOptions,
    Labels, NewContact, Page, PageToken, Properties,
};
use futures::TryStreamExt;

/// The optional capability a check needs: the check is skipped when it is not declared, and
/// fails when it is declared but the provider's accessor gives none.
pub(crate) fn declared<'a, T: ?Sized>(
    declared: bool,
    found: Option<&'a T>,
    what: &str,
) -> Result<&'a T, Outcome> {
    if !declared {
        return Err(Outcome::Skipped(format!("{what} is not declared")));
    }
    found.ok_or_else(|| Outcome::Failed {
        reason: format!("{what} is declared, but the provider offers none (its accessor is None)"),
        case: None,
    })
}

pub(crate) fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(message()) }
}

pub(crate) fn err(what: &str) -> impl FnOnce(Error) -> String + '_ {
    move |e| format!("{what} failed: {e}")
}

/// Passes if `outcome` is `Unsupported`: `what` is not declared.
pub(crate) fn unsupported<T: std::fmt::Debug>(
    what: &str,
    outcome: contacts_core::Result<T>,
) -> Result<(), String> {
    match outcome {
        Err(e) if e.is_unsupported() => Ok(()),
        other => Err(format!(
            "{what} is not declared, yet it gave {other:?} instead of Unsupported"
        )),
    }
}

/// Passes if `outcome` is `InvalidInput`.
pub(crate) fn invalid<T: std::fmt::Debug>(
    what: &str,
    outcome: contacts_core::Result<T>,
) -> Result<(), String> {
    match outcome {
        Err(Error::InvalidInput { .. }) => Ok(()),
        other => Err(format!("{what} gave {other:?}, expected InvalidInput")),
    }
}

/// Every contact, listing with the largest page.
pub(crate) async fn list_all(p: &dyn ContactProvider) -> Result<Vec<Contact>, String> {
    let size = p.capabilities().max_page_size;
    p.list(ContactQuery::new().page_size(size))
        .try_collect()
        .await
        .map_err(err("listing"))
}

/// One page of `query` from `token`, through `list_page`, or through `list_page_deferred`
/// when `deferred`: there the page's `next` token is known before decoding, and decoding must
/// not change it (a caller resumes from the token it saw first).
pub(crate) async fn read_page(
    p: &dyn ContactProvider,
    query: &ContactQuery,
    token: Option<PageToken>,
    deferred: bool,
) -> Result<Page, String> {
    if !deferred {
        return p.list_page(query, token).await.map_err(err("list_page"));
    }
    let pending = p
        .list_page_deferred(query, token)
        .await
        .map_err(err("list_page_deferred"))?;
    let next = pending.next().cloned();
    let page = pending
        .into_page()
        .map_err(err("decoding a deferred page"))?;
    ensure(page.next == next, || {
        format!(
            "a deferred page's token changed from {next:?} to {:?} when decoded",
            page.next
        )
    })?;
    Ok(page)
}

/// Creates `docs`, in batches the provider accepts.
pub(crate) async fn create_all(
    p: &dyn ContactProvider,
    docs: &[NewContact],
) -> Result<Vec<Contact>, String> {
    let mut out = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(p.capabilities().max_batch_size.max(1)) {
        out.extend(p.create(chunk).await.map_err(err("create"))?);
    }
    Ok(out)
}

/// Creates one `doc` and returns it as stored, or the check's failure: the provider's error
/// (or an empty answer) as a reason a person can read, where `ContactProviderExt::create_one`
/// gives the provider's `Error`.
pub(crate) async fn create_or_fail(
    p: &dyn ContactProvider,
    doc: NewContact,
) -> Result<Contact, String> {
    let mut created = create_all(p, &[doc]).await?;
    created
        .pop()
        .ok_or_else(|| "create returned nothing".into())
}

/// A plain document with the provider's required keys set (`n` makes it distinct).
pub(crate) fn plain(p: &dyn ContactProvider, n: usize) -> NewContact {
    let caps = p.capabilities();
    let mut doc = NewContact::new();
    for key in &caps.required_keys {
        doc = doc.property(key.clone(), format!("+4670000{n:04}"));
    }
    if let Some(key) = optional_keys(p).into_iter().next() {
        doc = doc.property(key, format!("value {n}"));
    }
    doc
}

/// The storable keys that are not required.
pub(crate) fn optional_keys(p: &dyn ContactProvider) -> Vec<String> {
    let caps = p.capabilities();
    crate::generate::keys_for(caps)
        .into_iter()
        .filter(|k| !caps.required_keys.contains(k))
        .collect()
}

/// A key the provider can store, for writes that must name one: an optional key, else a
/// required one.
pub(crate) fn any_key(p: &dyn ContactProvider) -> String {
    let caps = p.capabilities();
    optional_keys(p)
        .into_iter()
        .next()
        .or_else(|| caps.required_keys.first().cloned())
        .unwrap_or_else(|| "note".into())
}

/// `got` holds exactly `properties` and `labels`; otherwise the message, opened by `what`
/// (where and how it was read), names what it holds instead.
pub(crate) fn holds_exactly(
    what: &str,
    got: &Contact,
    properties: &Properties,
    labels: &Labels,
) -> Result<(), String> {
    ensure(got.properties == *properties, || {
        format!(
            "{what} the properties {:?}, expected exactly {properties:?}",
            got.properties
        )
    })?;
    ensure(got.labels == *labels, || {
        format!(
            "{what} the labels {:?}, expected exactly {labels:?}",
            got.labels
        )
    })
}

/// Reads the contact `id` back and checks that it holds exactly `expected`'s properties and
/// labels.
pub(crate) async fn reads_back(
    p: &dyn ContactProvider,
    id: &ContactId,
    expected: &NewContact,
) -> Result<Contact, String> {
    let got = p
        .get(id, &GetOptions::default())
        .await
        .map_err(err("get"))?;
    holds_exactly("read back", &got, &expected.properties, &expected.labels)?;
    Ok(got)
}

/// Lists every contact and checks that exactly `expected` are there; `after` says what came
/// before, for the message.
pub(crate) async fn expect_listed(
    p: &dyn ContactProvider,
    expected: usize,
    after: &str,
) -> Result<(), String> {
    let all = list_all(p).await?;
    ensure(all.len() == expected, || {
        format!("{} contacts listed {after}, expected {expected}", all.len())
    })
}

/// Every contact a listing with metadata shows carries what `get` with metadata answers for
/// it; `when` says at which point, for the message.
pub(crate) async fn metadata_agrees(p: &dyn ContactProvider, when: &str) -> Result<(), String> {
    let size = p.capabilities().max_page_size;
    let listed: Vec<Contact> = p
        .list(ContactQuery::new().page_size(size).with_metadata())
        .try_collect()
        .await
        .map_err(err("listing with metadata"))?;
    for contact in listed {
        let got = p
            .get(&contact.id, &GetOptions::with_metadata())
            .await
            .map_err(err("get with metadata"))?;
        ensure(contact.metadata == got.metadata, || {
            format!(
                "{when}, {} lists metadata {:?} but get answers {:?}",
                contact.id, contact.metadata, got.metadata
            )
        })?;
    }
    Ok(())
}
