//! Declared capabilities are true; bad input is refused with typed errors.

use super::{Shared, create_all, ensure, err, list_all, plain};
use crate::{Config, Outcome};
use contacts_core::{
    ContactFilter, ContactPatch, ContactQuery, DeleteTarget, Error, GetOptions, KeySupport, Order,
    PageToken,
};

fn unsupported<T: std::fmt::Debug>(
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

fn invalid<T: std::fmt::Debug>(
    what: &str,
    outcome: contacts_core::Result<T>,
) -> Result<(), String> {
    match outcome {
        Err(Error::InvalidInput { .. }) => Ok(()),
        other => Err(format!("{what} gave {other:?}, expected InvalidInput")),
    }
}

pub async fn capabilities_truthful(
    p: Shared,
    _config: Config,
    _factory: crate::Factory,
) -> Outcome {
    let caps = p.capabilities().clone();
    let run = async {
        let created = create_all(&*p, &[plain(&*p, 1)]).await?;
        let id = created[0].id.clone();
        if caps.labels {
            let labelled = create_all(&*p, &[plain(&*p, 2).label("declared")]).await?;
            let got = p
                .get(&labelled[0].id, &GetOptions::default())
                .await
                .map_err(err("get"))?;
            ensure(got.labels.contains("declared"), || {
                "labels are declared but a label written is not read back".into()
            })?;
        } else {
            unsupported("labels", p.create(&[plain(&*p, 2).label("x")]).await)?;
        }
        if caps.metadata {
            let got = p
                .get(&id, &GetOptions::with_metadata())
                .await
                .map_err(err("get with metadata"))?;
            ensure(got.metadata.is_some(), || {
                "metadata is declared but none came back when asked".into()
            })?;
        } else {
            unsupported("metadata", p.get(&id, &GetOptions::with_metadata()).await)?;
        }
        if !caps.label_filter.is_supported() {
            unsupported(
                "label filters",
                p.list_page(
                    &ContactQuery::new().filter(ContactFilter::new().label("x")),
                    None,
                )
                .await,
            )?;
        }
        if !caps.property_filter.is_supported() {
            unsupported(
                "property filters",
                p.list_page(
                    &ContactQuery::new().filter(ContactFilter::new().property("k", "v")),
                    None,
                )
                .await,
            )?;
        }
        if !caps.descending_order {
            unsupported(
                "descending order",
                p.list_page(&ContactQuery::new().order(Order::Descending), None)
                    .await,
            )?;
        }
        let any_key = caps
            .required_keys
            .first()
            .cloned()
            .unwrap_or_else(|| "note".into());
        if !caps.patch {
            unsupported(
                "patch",
                p.update(&id, &ContactPatch::new().set(any_key, "v")).await,
            )?;
        }
        if !caps.replace {
            unsupported("replace", p.replace(&id, &plain(&*p, 3)).await)?;
        }
        if let KeySupport::Fixed { keys } = &caps.keys {
            let stray = "not-a-declared-key";
            if !keys.iter().any(|k| k == stray) {
                let before = list_all(&*p).await?.len();
                invalid(
                    "writing an undeclared key",
                    p.create(&[plain(&*p, 4).property(stray, "v")]).await,
                )?;
                let after = list_all(&*p).await?.len();
                ensure(before == after, || {
                    "a refused write stored something".into()
                })?;
            }
        }
        if caps.mass_delete {
            let marker = plain(&*p, 5);
            let made = create_all(&*p, std::slice::from_ref(&marker)).await?;
            let (key, value) = marker
                .properties
                .iter()
                .next()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or("no property to filter on")?;
            if caps.property_filter.is_supported() {
                let gone = p
                    .delete_matching(&DeleteTarget::Matching(
                        ContactFilter::new().property(key, value),
                    ))
                    .await
                    .map_err(err("delete_matching"))?;
                ensure(gone.iter().any(|c| c.id == made[0].id), || {
                    "delete_matching is declared but did not report the matching contact".into()
                })?;
                match p.get(&made[0].id, &GetOptions::default()).await {
                    Err(e) if e.is_not_found() => {}
                    other => {
                        return Err(format!(
                            "delete_matching is declared but the contact is still there: {other:?}"
                        ));
                    }
                }
            }
        } else {
            unsupported(
                "delete_matching",
                p.delete_matching(&DeleteTarget::EveryContact).await,
            )?;
        }
        Ok(())
    };
    Outcome::from_result(run.await)
}

pub async fn bad_input(p: Shared, _config: Config, _factory: crate::Factory) -> Outcome {
    let caps = p.capabilities().clone();
    let run = async {
        invalid("an empty batch", p.create(&[]).await)?;
        if caps.max_batch_size < 5000 {
            let too_many = vec![plain(&*p, 1); caps.max_batch_size + 1];
            invalid("a batch over max_batch_size", p.create(&too_many).await)?;
        }
        invalid(
            "an empty property key",
            p.create(&[plain(&*p, 1).property("", "v")]).await,
        )?;
        if let Some(max) = caps.max_value_chars {
            let key = super::optional_keys(&*p)
                .into_iter()
                .next()
                .or_else(|| caps.required_keys.first().cloned())
                .unwrap_or_default();
            invalid(
                "a value over max_value_chars",
                p.create(&[plain(&*p, 1).property(key, "x".repeat(max + 1))])
                    .await,
            )?;
        }
        for required in &caps.required_keys {
            let mut doc = plain(&*p, 1);
            doc.properties.remove(required);
            invalid(
                &format!("a contact without the required key {required}"),
                p.create(&[doc]).await,
            )?;
        }
        if caps.validates_phone_numbers {
            let mut doc = plain(&*p, 1);
            doc.properties.set("phoneNumber", "not a phone number");
            invalid(
                "an invalid phone number (validation is declared)",
                p.create(&[doc]).await,
            )?;
        }
        invalid(
            "page size 0",
            p.list_page(&ContactQuery::new().page_size(0), None).await,
        )?;
        if caps.max_page_size < u32::MAX {
            invalid(
                "a page size over the maximum",
                p.list_page(&ContactQuery::new().page_size(caps.max_page_size + 1), None)
                    .await,
            )?;
        }
        invalid(
            "a token this provider never issued",
            p.list_page(&ContactQuery::new(), Some(PageToken::new("forged-token")))
                .await,
        )?;
        if caps.mass_delete {
            invalid(
                "delete_matching with an empty filter",
                p.delete_matching(&DeleteTarget::Matching(ContactFilter::new()))
                    .await,
            )?;
        }
        let all = list_all(&*p).await?;
        ensure(all.is_empty(), || {
            format!("refused input stored {} contacts", all.len())
        })?;
        Ok(())
    };
    Outcome::from_result(run.await)
}
