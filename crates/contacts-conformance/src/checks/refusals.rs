//! Bad input is refused with typed errors and writes nothing: no contact, and no change to
//! one (a patch leaving a required key without a value).

use super::Ctx;
use super::support::{any_key, create_or_fail, ensure, err, expect_listed, invalid, plain};
use crate::Outcome;
use contacts_core::{
    ContactFilter, ContactPatch, ContactProvider, ContactQuery, DeleteTarget, GetOptions, PageToken,
};

/// Writes the contract refuses: empty and oversized batches, empty keys, over-long values,
/// missing required keys, invalid phone numbers where validation is declared.
async fn bad_writes(p: &dyn ContactProvider) -> Result<(), String> {
    let caps = p.capabilities();
    invalid("an empty batch", p.create(&[]).await)?;
    if caps.max_batch_size < 5000 {
        let too_many = vec![plain(p, 1); caps.max_batch_size + 1];
        invalid("a batch over max_batch_size", p.create(&too_many).await)?;
    }
    let empty_key = plain(p, 1).property("", "v");
    invalid("an empty property key", p.create(&[empty_key]).await)?;
    if let Some(max) = caps.max_value_chars {
        let long = plain(p, 1).property(any_key(p), "x".repeat(max + 1));
        invalid("a value over max_value_chars", p.create(&[long]).await)?;
    }
    for required in &caps.required_keys {
        let mut doc = plain(p, 1);
        doc.properties.remove(required);
        let what = format!("a contact without the required key {required}");
        invalid(&what, p.create(&[doc]).await)?;
    }
    if caps.validates_phone_numbers {
        let mut doc = plain(p, 1);
        doc.properties.set("phoneNumber", "not a phone number");
        let what = "an invalid phone number (validation is declared)";
        invalid(what, p.create(&[doc]).await)?;
    }
    Ok(())
}

/// Reads and deletes the contract refuses: page sizes out of range, a token the provider never
/// issued (only the provider can know that), a mass delete with an empty filter.
async fn bad_requests(p: &dyn ContactProvider) -> Result<(), String> {
    let caps = p.capabilities();
    let size_zero = ContactQuery::new().page_size(0);
    invalid("page size 0", p.list_page(&size_zero, None).await)?;
    if caps.max_page_size < u32::MAX {
        let too_big = ContactQuery::new().page_size(caps.max_page_size + 1);
        invalid(
            "a page size over the maximum",
            p.list_page(&too_big, None).await,
        )?;
    }
    let forged = Some(PageToken::new("forged-token"));
    let what = "a token this provider never issued";
    invalid(what, p.list_page(&ContactQuery::new(), forged).await)?;
    if caps.mass_delete {
        let everything = DeleteTarget::Matching(ContactFilter::new());
        invalid(
            "delete_matching with an empty filter",
            p.delete_matching(&everything).await,
        )?;
    }
    Ok(())
}

/// Patches the contract refuses where keys are required: one removing a required key with
/// `null`, and one setting it to `""` (an empty string is no value, so that too removes it),
/// which an adapter writing what it is given lets through. Each is `InvalidInput` and the
/// contact keeps its value; the contact is deleted after.
async fn required_keys_kept(p: &dyn ContactProvider) -> Result<(), String> {
    let caps = p.capabilities();
    if !caps.patch || caps.required_keys.is_empty() {
        return Ok(());
    }
    let stored = create_or_fail(p, plain(p, 2)).await?;
    for required in &caps.required_keys {
        // Built as JSON arrives, `"key": ""`: `ContactPatch::set` would turn it into `null`.
        let blank = ContactPatch {
            properties: [(required.clone(), Some(String::new()))].into(),
            ..ContactPatch::new()
        };
        let removal = ContactPatch::new().remove(required.clone());
        for (how, patch) in [("\"\"", blank), ("null", removal)] {
            let what = format!("a patch setting the required key {required} to {how}");
            invalid(&what, p.update(&stored.id, &patch).await)?;
            let after = p.get(&stored.id, &GetOptions::default()).await;
            let after = after.map_err(err("get after the refused patch"))?;
            let was = stored.properties.get(required);
            let is = after.properties.get(required);
            ensure(was == is, || {
                format!("after {what} was refused, {required} is {is:?}, expected {was:?}")
            })?;
        }
    }
    p.delete(&stored.id).await.map_err(err("delete"))
}

pub(crate) async fn bad_input(cx: Ctx) -> Outcome {
    let p = cx.provider();
    let run = async {
        bad_writes(p).await?;
        bad_requests(p).await?;
        expect_listed(p, 0, "after refused input").await?;
        required_keys_kept(p).await
    };
    Outcome::from_result(run.await)
}
