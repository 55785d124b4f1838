//! Listings against the model: the same contacts (up to the order the provider chose, which
//! every listing must keep), pages no larger than asked, tokens that resume exactly, and
//! damaged tokens that are refused or answer only what the query asks.

use super::compare::same_contact;
use super::lockstep::{Lockstep, everything};
use super::ops::{Damage, ListSpec};
use crate::checks::support::{err, read_page};
use contacts_core::{
    Contact, ContactFilter, ContactId, ContactProvider, ContactQuery, Error, GetOptions, Order,
    Page, PageToken,
};

fn query(spec: &ListSpec) -> ContactQuery {
    let mut q = ContactQuery::new()
        .filter(spec.filter.clone())
        .page_size(spec.page_size)
        .order(spec.order);
    if spec.metadata {
        q = q.with_metadata();
    }
    q
}

/// One page, through `list_page_deferred` when the spec says so (its `next` must be known
/// before decoding and unchanged by it).
async fn page(
    p: &dyn ContactProvider,
    spec: &ListSpec,
    token: Option<PageToken>,
) -> Result<Page, String> {
    read_page(p, &query(spec), token, spec.deferred).await
}

/// Every page of `spec`, checking each is no larger than asked and that the listing ends.
async fn walk(
    p: &dyn ContactProvider,
    spec: &ListSpec,
    bound: usize,
) -> Result<Vec<Contact>, String> {
    let mut out = Vec::new();
    let mut token = None;
    for _ in 0..=bound {
        let page = page(p, spec, token).await?;
        if page.items.len() > spec.page_size as usize {
            return Err(format!(
                "a page of {} contacts where {} were asked for",
                page.items.len(),
                spec.page_size
            ));
        }
        out.extend(page.items);
        match page.next {
            Some(next) => token = Some(next),
            None => return Ok(out),
        }
    }
    Err(format!("the listing did not end after {bound} pages"))
}

impl Lockstep<'_> {
    /// The spec with its filter drawn from a live contact where it says so.
    fn concrete(&self, spec: &ListSpec) -> ListSpec {
        let mut out = spec.clone();
        out.filter = self.filter_of(&spec.filter, spec.of);
        out.of = None;
        out
    }

    fn page_bound(&self) -> usize {
        2 * (self.ids.live.len() + 3)
    }

    /// The ids of `listed` in the provider's own ascending order of everything, restricted,
    /// reversed for descending: the order every listing must keep.
    async fn expected_order(
        &self,
        listed: &[Contact],
        order: Order,
    ) -> Result<Vec<ContactId>, String> {
        let all = everything(self.provider).await?;
        let mut ids: Vec<ContactId> = all
            .into_iter()
            .map(|c| c.id)
            .filter(|id| listed.iter().any(|c| &c.id == id))
            .collect();
        if order == Order::Descending {
            ids.reverse();
        }
        Ok(ids)
    }

    /// A listing agrees with the model's: the same contacts, each once, as the model holds
    /// them, in the provider's order, metadata exactly when asked and equal to `get`'s.
    pub(crate) async fn list(&self, spec: &ListSpec) -> Result<(), String> {
        let spec = &self.concrete(spec);
        let bound = self.page_bound();
        let mine = walk(self.provider, spec, bound).await?;
        let theirs = walk(&self.model, spec, bound)
            .await
            .map_err(|e| format!("the model: {e}"))?;
        for contact in &mine {
            let Some(mid) = self.ids.model_of(&contact.id) else {
                return Err(format!("lists {}, which is not in view", contact.id));
            };
            let Some(model) = theirs.iter().find(|c| &c.id == mid) else {
                return Err(format!(
                    "lists {} ({:?} labels {:?}), which does not match",
                    contact.id, contact.properties, contact.labels
                ));
            };
            same_contact(&self.ids, contact, model, spec.metadata)?;
        }
        let ids: Vec<ContactId> = mine.iter().map(|c| c.id.clone()).collect();
        let order = self.expected_order(&mine, spec.order).await?;
        if ids != order {
            return Err(format!(
                "lists {} in an order its full listing does not have (or twice): {ids:?}, expected {order:?}",
                ids.len()
            ));
        }
        if mine.len() != theirs.len() {
            return Err(format!(
                "lists {} contacts, the model {}",
                mine.len(),
                theirs.len()
            ));
        }
        if spec.metadata {
            self.metadata_is_gets(&mine).await?;
        }
        Ok(())
    }

    async fn metadata_is_gets(&self, listed: &[Contact]) -> Result<(), String> {
        for contact in listed {
            let got = self
                .provider
                .get(&contact.id, &GetOptions::with_metadata())
                .await
                .map_err(err("get with metadata"))?;
            if got.metadata != contact.metadata {
                return Err(format!(
                    "{} is listed with metadata {:?}, get answers {:?}",
                    contact.id, contact.metadata, got.metadata
                ));
            }
        }
        Ok(())
    }

    /// A listing read with reads between its pages, each token handed back twice and once
    /// through JSON, answers what reading it straight answers.
    pub(crate) async fn list_interrupted(&self, spec: &ListSpec) -> Result<(), String> {
        let spec = &self.concrete(spec);
        let straight = walk(self.provider, spec, self.page_bound()).await?;
        let mut read = Vec::new();
        let mut token: Option<PageToken> = None;
        for n in 0..=self.page_bound() {
            let first = page(self.provider, spec, token.clone()).await?;
            // Reads between the first pages; past them a long listing would cost a listing
            // per page.
            if n < 3
                && let Some((pid, _)) = self.ids.live.first()
            {
                self.provider
                    .get(pid, &GetOptions::default())
                    .await
                    .map_err(err("get between pages"))?;
            }
            everything(self.provider).await?;
            let again = match &token {
                Some(t) => {
                    let json = serde_json::to_string(t).map_err(|e| e.to_string())?;
                    let back: PageToken = serde_json::from_str(&json)
                        .map_err(|e| format!("a page token does not read back from JSON: {e}"))?;
                    Some(page(self.provider, spec, Some(back)).await?)
                }
                None => None,
            };
            if let Some(again) = again {
                let ids = |p: &Page| p.items.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
                if ids(&again) != ids(&first) {
                    return Err(format!(
                        "a token handed back again answered {:?}, the first time {:?}",
                        ids(&again),
                        ids(&first)
                    ));
                }
            }
            read.extend(first.items);
            token = first.next;
            if token.is_none() {
                let ids = |v: &[Contact]| v.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
                if ids(&read) != ids(&straight) {
                    return Err(format!(
                        "with reads between pages the listing answered {:?}, read straight {:?}",
                        ids(&read),
                        ids(&straight)
                    ));
                }
                return Ok(());
            }
        }
        Err("the interrupted listing did not end".into())
    }

    /// A damaged token is refused as `InvalidInput`, or (unless it was made up) answers a
    /// page holding only live contacts that match the query it was handed back with.
    pub(crate) async fn bad_token(&self, spec: &ListSpec, damage: Damage) -> Result<(), String> {
        let spec = &self.concrete(spec);
        let mut first_spec = spec.clone();
        first_spec.page_size = 1;
        let first = page(self.provider, &first_spec, None).await?;
        let Some(token) = first.next else {
            return Ok(());
        };
        let (used, raw) = self.damaged(&first_spec, token.as_str(), damage);
        let answer = self
            .provider
            .list_page(&query(&used), Some(PageToken::new(raw.clone())))
            .await;
        match answer {
            Err(Error::InvalidInput { .. }) => Ok(()),
            Ok(_) if damage == Damage::MadeUp => Err(format!(
                "a made-up page token {raw:?} answered a page, expected InvalidInput"
            )),
            Ok(page) => self.only_matches(&page, &used.filter, &raw),
            Err(e) => Err(format!(
                "a {damage:?} page token {raw:?} gave {e}, expected InvalidInput or a page"
            )),
        }
    }

    fn damaged(&self, spec: &ListSpec, token: &str, damage: Damage) -> (ListSpec, String) {
        let mut used = spec.clone();
        let mut chars: Vec<char> = token.chars().collect();
        let raw = match damage {
            Damage::Truncated if chars.len() > 1 => chars[..chars.len() - 1].iter().collect(),
            Damage::Extended => format!("{token}x"),
            Damage::Altered if !chars.is_empty() => {
                let last = chars.len() - 1;
                chars[last] = if chars[last] == '1' { '2' } else { '1' };
                chars.into_iter().collect()
            }
            Damage::OtherQuery => {
                let caps = self.provider.capabilities();
                if caps.descending_order {
                    used.order = match spec.order {
                        Order::Ascending => Order::Descending,
                        Order::Descending => Order::Ascending,
                    };
                } else if caps.label_filter.is_supported() {
                    used.filter = ContactFilter::new().label("conformance-other-query");
                }
                token.to_owned()
            }
            _ => "conformance-made-up-token".to_owned(),
        };
        (used, raw)
    }

    fn only_matches(&self, page: &Page, filter: &ContactFilter, raw: &str) -> Result<(), String> {
        for contact in &page.items {
            if self.ids.model_of(&contact.id).is_none() || !filter.matches(contact) {
                return Err(format!(
                    "the damaged page token {raw:?} answered {} ({:?}), which the query does not ask for",
                    contact.id, contact.properties
                ));
            }
        }
        Ok(())
    }
}
