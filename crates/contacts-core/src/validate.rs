//! The contract's refusals, written once: what a provider must refuse given its declared
//! [`Capabilities`], with one message per rule.
//!
//! [`CheckedLayer`](crate::layer::CheckedLayer) runs these before every call, so providers
//! built through the registry, the conformance `Factory` or a provider builder never see such
//! input. They are public for adapters that validate something of their own the same way (e.g.
//! a vendor-only bulk import).

use crate::card::{Card, CardPart};
use crate::{
    Capabilities, ContactFilter, ContactPatch, ContactQuery, DeleteTarget, Error, GetOptions,
    KeySupport, Labels, NewContact, Properties, Result,
};

/// Checks one document against the provider's capabilities: keys it can store, labels if it
/// has them, value lengths. `provider` names the provider in `Unsupported` errors.
///
/// ```
/// use contacts_core::{validate, Capabilities, NewContact};
/// let caps = Capabilities::default(); // no labels
/// let err = validate::new_contact("example", &caps, &NewContact::new().label("VIP")).unwrap_err();
/// assert!(err.is_unsupported());
/// ```
pub fn new_contact(provider: &str, caps: &Capabilities, contact: &NewContact) -> Result<()> {
    for (key, value) in contact.properties.iter() {
        property(caps, key, Some(value))?;
    }
    if let Some(key) = caps
        .required_keys
        .iter()
        .find(|key| !contact.properties.contains_key(key))
    {
        return Err(required(key, None));
    }
    labels(provider, caps, &contact.labels)?;
    if contact.address_book.is_some() && !caps.address_books {
        return Err(Error::unsupported(provider, "address books"));
    }
    if let Some(card) = &contact.card {
        card_parts(provider, caps, card)?;
        card_agrees(card, &contact.properties, &contact.labels)?;
    }
    Ok(())
}

/// A card holding only parts the provider stores ([`Capabilities::unstored_parts`]); a
/// provider without cards refuses any.
fn card_parts(provider: &str, caps: &Capabilities, card: &Card) -> Result<()> {
    if !caps.stores_cards() {
        return Err(Error::unsupported(
            provider,
            "whole cards (it stores flat properties only; send the properties without the card)",
        ));
    }
    let missing: Vec<&str> = caps
        .unstored_parts(card)
        .into_iter()
        .map(CardPart::as_str)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::unsupported(
        provider,
        format!("the card parts {}", missing.join(", ")),
    ))
}

/// The document's properties and labels are the card's flat view, so what is stored is not
/// two different contacts at once.
fn card_agrees(card: &Card, props: &Properties, labels: &Labels) -> Result<()> {
    let view = card.flat_properties();
    let keys = view.keys().chain(props.keys());
    if let Some(key) = keys.into_iter().find(|k| view.get(k) != props.get(k)) {
        return Err(Error::invalid(
            format!("properties.{key}"),
            format!(
                "the property says {:?} but the card says {:?}; build the document with \
                 NewContact::from_card or change the card with Card::set_property",
                props.get(key).unwrap_or(""),
                view.get(key).unwrap_or("")
            ),
        ));
    }
    if card.flat_labels() != *labels {
        return Err(Error::invalid(
            "labels",
            "the labels differ from the card's keywords; set both (Card::set_labels)",
        ));
    }
    Ok(())
}

/// Checks a batch: not empty, not over the batch size, every item valid. Errors name the item.
pub fn batch(provider: &str, caps: &Capabilities, contacts: &[NewContact]) -> Result<()> {
    if contacts.is_empty() {
        return Err(Error::invalid("contacts", "the batch is empty"));
    }
    if contacts.len() > caps.max_batch_size {
        return Err(Error::invalid(
            "contacts",
            format!(
                "{} contacts in one batch, at most {} allowed; split the batch",
                contacts.len(),
                caps.max_batch_size
            ),
        ));
    }
    for (index, contact) in contacts.iter().enumerate() {
        new_contact(provider, caps, contact).map_err(|e| match e {
            Error::InvalidInput { field, reason } => {
                Error::invalid(format!("contacts[{index}].{field}"), reason)
            }
            other => other,
        })?;
    }
    Ok(())
}

/// `InvalidInput` naming the required `key`, which a write would leave without a value;
/// `why`, if given, says how.
fn required(key: &str, why: Option<&str>) -> Error {
    let reason = "this provider requires a value for this key";
    let reason = match why {
        None => reason.to_owned(),
        Some(why) => format!("{reason}; {why}"),
    };
    Error::invalid(format!("properties.{key}"), reason)
}

/// Checks a patch: keys storable, labels supported, patch supported at all, and every required
/// key left with a value. A patch removes a key with `null` or with `""`, an empty string
/// being no value (see [`ContactPatch::changes`]); a patch carrying a card keeps only the
/// card's values for the keys it does not set.
///
/// ```
/// use contacts_core::{validate, Capabilities, ContactPatch, Error};
/// let mut caps = Capabilities::full();
/// caps.required_keys = vec!["phoneNumber".into()];
/// let json = r#"{"properties":{"phoneNumber":""}}"#;
/// let blank: ContactPatch = serde_json::from_str(json).unwrap();
/// let err = validate::patch("example", &caps, &blank).unwrap_err();
/// assert!(matches!(err, Error::InvalidInput { field, .. } if field == "properties.phoneNumber"));
/// ```
pub fn patch(provider: &str, caps: &Capabilities, patch: &ContactPatch) -> Result<()> {
    if !caps.patch {
        return Err(Error::unsupported(provider, "update"));
    }
    for (key, value) in patch.changes() {
        property(caps, key, value)?;
        if value.is_none() && caps.required_keys.iter().any(|k| k == key) {
            return Err(required(
                key,
                Some("it cannot be removed (with null, or with \"\", which is no value)"),
            ));
        }
    }
    labels(provider, caps, &patch.add_labels)?;
    labels(provider, caps, &patch.remove_labels)?;
    let Some(card) = &patch.card else {
        return Ok(());
    };
    card_parts(provider, caps, card)?;
    let view = card.flat_properties();
    let unset = |key: &&String| !patch.properties.contains_key(*key) && !view.contains_key(key);
    match caps.required_keys.iter().find(unset) {
        Some(key) => Err(required(
            key,
            Some(
                "the patch's card has none and the patch sets none (set it in the card with \
                 Card::set_property, or in the patch)",
            ),
        )),
        None => Ok(()),
    }
}

/// Checks the options of a single read: metadata only where declared.
pub fn get_options(provider: &str, caps: &Capabilities, options: &GetOptions) -> Result<()> {
    if options.include_metadata && !caps.metadata {
        return Err(Error::unsupported(provider, "metadata"));
    }
    Ok(())
}

/// Checks a whole-document replacement: replace declared, the document valid.
pub fn replace(provider: &str, caps: &Capabilities, contact: &NewContact) -> Result<()> {
    if !caps.replace {
        return Err(Error::unsupported(provider, "replace"));
    }
    new_contact(provider, caps, contact)
}

/// Checks a mass delete: declared at all, never an empty filter (wiping everything takes
/// [`DeleteTarget::EveryContact`]), and the filter itself supported.
///
/// ```
/// use contacts_core::{validate, Capabilities, ContactFilter, DeleteTarget};
/// let caps = Capabilities::full();
/// let err = validate::delete_target("example", &caps, &DeleteTarget::Matching(ContactFilter::new()))
///     .unwrap_err();
/// assert!(err.to_string().contains("DeleteTarget::EveryContact"));
/// assert!(validate::delete_target("example", &caps, &DeleteTarget::EveryContact).is_ok());
/// ```
pub fn delete_target(provider: &str, caps: &Capabilities, target: &DeleteTarget) -> Result<()> {
    if !caps.mass_delete {
        return Err(Error::unsupported(provider, "delete_matching"));
    }
    match target {
        DeleteTarget::EveryContact => Ok(()),
        DeleteTarget::Matching(f) if f.is_empty() => Err(Error::invalid(
            "filter",
            "an empty filter would delete every contact; pass DeleteTarget::EveryContact to mean that",
        )),
        DeleteTarget::Matching(f) => filter(provider, caps, f),
    }
}

/// Checks a listing query against the declared filters, order and page sizes.
pub fn query(provider: &str, caps: &Capabilities, query: &ContactQuery) -> Result<()> {
    filter(provider, caps, &query.filter)?;
    if query.include_metadata && !caps.metadata {
        return Err(Error::unsupported(provider, "metadata"));
    }
    if query.order == crate::Order::Descending && !caps.descending_order {
        return Err(Error::unsupported(provider, "descending order"));
    }
    if let Some(size) = query.page_size
        && (size == 0 || size > caps.max_page_size)
    {
        return Err(Error::invalid(
            "page_size",
            format!("{size} is out of range; use 1 to {}", caps.max_page_size),
        ));
    }
    Ok(())
}

/// An empty filter value matches no contact (an empty string is no value), and a vendor that
/// reads `?labels=` as "no filter" would answer with every contact (or, in a mass delete,
/// delete them): refused, naming the field.
fn empty_value(field: &str) -> Error {
    Error::invalid(
        field,
        "an empty filter value matches no contact and a vendor may read it as no filter at \
         all; give a value, or leave the filter out",
    )
}

/// Checks a filter against the declared filter support. An empty label or value is refused.
///
/// ```
/// use contacts_core::{validate, Capabilities, ContactFilter, DeleteTarget};
/// let caps = Capabilities::full();
/// for filter in [
///     ContactFilter::new().label(""),
///     ContactFilter::new().property("phoneNumber", ""),
///     ContactFilter::new().metadata("phoneNumber.isBlocked", ""),
/// ] {
///     let err = validate::delete_target("x", &caps, &DeleteTarget::Matching(filter)).unwrap_err();
///     assert!(err.to_string().contains("empty filter value"), "{err}");
/// }
/// ```
pub fn filter(provider: &str, caps: &Capabilities, filter: &ContactFilter) -> Result<()> {
    if !filter.labels.is_empty() && !caps.label_filter.is_supported() {
        return Err(Error::unsupported(provider, "label filters"));
    }
    if !filter.properties.is_empty() && !caps.property_filter.is_supported() {
        return Err(Error::unsupported(provider, "property filters"));
    }
    if !filter.metadata.is_empty() && !caps.metadata_filter.is_supported() {
        return Err(Error::unsupported(provider, "metadata filters"));
    }
    for (key, value) in &filter.properties {
        if key.is_empty() {
            return Err(Error::invalid("filter.properties", "empty property key"));
        }
        if value.is_empty() {
            return Err(empty_value(&format!("filter.properties.{key}")));
        }
    }
    if filter.labels.iter().any(str::is_empty) {
        return Err(empty_value("filter.labels"));
    }
    if let Some((path, _)) = filter.metadata.iter().find(|(_, v)| v.is_empty()) {
        return Err(empty_value(&format!("filter.metadata.{path}")));
    }
    for path in filter.metadata.keys() {
        if path
            .split_once('.')
            .is_none_or(|(p, f)| p.is_empty() || f.is_empty())
        {
            return Err(Error::invalid(
                format!("filter.metadata.{path}"),
                "metadata filters are addressed as property.field, e.g. phoneNumber.isBlocked",
            ));
        }
    }
    Ok(())
}

fn property(caps: &Capabilities, key: &str, value: Option<&str>) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid(
            "properties",
            "property keys must not be empty",
        ));
    }
    if !caps.keys.allows(key) {
        let allowed = match &caps.keys {
            KeySupport::Fixed { keys } => keys.join(", "),
            KeySupport::FreeForm => String::new(),
        };
        return Err(Error::invalid(
            format!("properties.{key}"),
            format!("this provider cannot store the key {key:?}; it stores only: {allowed}"),
        ));
    }
    if let (Some(max), Some(value)) = (caps.max_value_chars, value) {
        let chars = value.chars().count();
        if chars > max {
            return Err(Error::invalid(
                format!("properties.{key}"),
                format!("{chars} characters, at most {max} allowed"),
            ));
        }
    }
    Ok(())
}

fn labels(provider: &str, caps: &Capabilities, labels: &Labels) -> Result<()> {
    if labels.is_empty() {
        return Ok(());
    }
    if !caps.labels {
        return Err(Error::unsupported(provider, "labels"));
    }
    if labels.iter().any(str::is_empty) {
        return Err(Error::invalid("labels", "labels must not be empty strings"));
    }
    Ok(())
}

/// Checks a name given to something (an address book): not empty.
///
/// ```
/// use contacts_core::validate;
/// assert!(validate::name("name", "").is_err());
/// assert!(validate::name("name", "Customers").is_ok());
/// ```
pub fn name(field: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "a name is needed; it must not be empty",
        ));
    }
    Ok(())
}

/// Checks one label given to a label-administration call: not empty.
pub fn label(label: &str) -> Result<()> {
    if label.is_empty() {
        return Err(Error::invalid("label", "labels must not be empty strings"));
    }
    Ok(())
}

/// Checks a list of ids or numbers a call acts on: not empty, no empty item.
pub fn targets<T: AsRef<str>>(field: &str, items: &[T]) -> Result<()> {
    if items.is_empty() {
        return Err(Error::invalid(field, "nothing given to act on"));
    }
    if items.iter().any(|item| item.as_ref().trim().is_empty()) {
        return Err(Error::invalid(field, "an empty item was given"));
    }
    Ok(())
}

/// The address book each document of a batch is written to by a provider scoped to the book
/// `scope` (`None`: not scoped): the scope when scoped, else the document's own. A document
/// naming another book is refused, the error naming the item (`contacts[i].addressBook`) and
/// ending with `elsewhere`, which says how this provider's user reaches the other book.
///
/// ```
/// use contacts_core::{validate, AddressBookId, Error, NewContact};
/// let work = AddressBookId::new("work");
/// let batch = [NewContact::new(), NewContact::new().address_book("home")];
/// let err = validate::scoped_books(Some(&work), &batch, "open a provider for it").unwrap_err();
/// assert!(matches!(err, Error::InvalidInput { field, .. } if field == "contacts[1].addressBook"));
/// let books = validate::scoped_books(None, &batch, "open a provider for it").unwrap();
/// assert_eq!(books, [None, Some(AddressBookId::new("home"))]);
/// ```
pub fn scoped_books(
    scope: Option<&crate::AddressBookId>,
    contacts: &[NewContact],
    elsewhere: &str,
) -> Result<Vec<Option<crate::AddressBookId>>> {
    contacts
        .iter()
        .enumerate()
        .map(|(index, contact)| {
            book_in_scope(scope, contact, elsewhere, || {
                format!("contacts[{index}].addressBook")
            })
        })
        .collect()
}

/// [`scoped_books`] for a single document (a replacement): a refusal names `addressBook`.
///
/// ```
/// use contacts_core::{validate, AddressBookId, NewContact};
/// let work = AddressBookId::new("work");
/// let book = validate::scoped_book(Some(&work), &NewContact::new(), "open a provider for it");
/// assert_eq!(book.unwrap(), Some(work));
/// ```
pub fn scoped_book(
    scope: Option<&crate::AddressBookId>,
    contact: &NewContact,
    elsewhere: &str,
) -> Result<Option<crate::AddressBookId>> {
    book_in_scope(scope, contact, elsewhere, || "addressBook".to_owned())
}

/// The book `contact` is written to under `scope`; `field` names it in a refusal.
fn book_in_scope(
    scope: Option<&crate::AddressBookId>,
    contact: &NewContact,
    elsewhere: &str,
    field: impl FnOnce() -> String,
) -> Result<Option<crate::AddressBookId>> {
    match (scope, &contact.address_book) {
        (Some(scope), Some(book)) if book != scope => Err(Error::invalid(
            field(),
            format!("this provider writes to address book {scope} only, not {book}; {elsewhere}"),
        )),
        (Some(scope), _) => Ok(Some(scope.clone())),
        (None, book) => Ok(book.clone()),
    }
}
