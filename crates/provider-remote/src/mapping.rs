//! The model on the protocol's wire. Contacts, patches, queries and pages travel as the
//! model's own JSON, and ids and names go into the protocol's paths as its `paths` functions
//! write them (each exactly one segment), so what is left to map is: an id those refuse as no
//! path's (empty, `.`, `..`) as the unknown id it is, and the per-item outcomes of a created
//! batch read back into the model's answer.

use contacts_core::{AddressBookId, Contact, ContactId, Error, PartialFailure, Result};
use contacts_protocol::bodies::{CreateResults, ItemOutcome};
use contacts_protocol::paths;

/// `/v1/contacts/{id}`. An id no path can carry (empty, `.`, `..`) cannot exist on the
/// server: `NotFound`, without a request.
pub(crate) fn contact_path(id: &ContactId) -> Result<String> {
    paths::contact(id).map_err(|_| Error::contact_not_found(id))
}

/// `/v1/contacts/{id}/move`, as [`contact_path`].
pub(crate) fn move_path(id: &ContactId) -> Result<String> {
    paths::contact_move(id).map_err(|_| Error::contact_not_found(id))
}

/// `/v1/books/{book}`, as [`contact_path`].
pub(crate) fn book_path(id: &AddressBookId) -> Result<String> {
    paths::book(id).map_err(|_| Error::not_found(format!("address book {id}")))
}

/// A batch's outcomes as the model answers it: every contact in input order when the server
/// said 201, `PartialFailure` when it said 207. Anything else is the server breaking the
/// protocol, and `Protocol` says how: an index missing, repeated or out of range, an item
/// both created and failed or neither, a status that contradicts the items.
pub(crate) fn created(status: u16, results: CreateResults, sent: usize) -> Result<Vec<Contact>> {
    let mut seen = vec![false; sent];
    let mut partial = PartialFailure {
        created: Vec::with_capacity(sent),
        failed: Vec::new(),
    };
    for item in results.results {
        let index = item.index;
        match seen.get_mut(index) {
            Some(seen) if !*seen => *seen = true,
            Some(_) => return Err(broken(status, format!("item {index} is answered twice"))),
            None => {
                return Err(broken(
                    status,
                    format!("item {index} is answered, but only {sent} were sent"),
                ));
            }
        }
        match item {
            ItemOutcome {
                contact: Some(contact),
                problem: None,
                ..
            } => partial.created.push((index, contact)),
            ItemOutcome {
                contact: None,
                problem: Some(problem),
                ..
            } => partial.failed.push((index, problem.into_error())),
            _ => {
                return Err(broken(
                    status,
                    format!("item {index} must have exactly one of `contact` and `problem`"),
                ));
            }
        }
    }
    if let Some(missing) = seen.iter().position(|seen| !seen) {
        return Err(broken(status, format!("item {missing} is not answered")));
    }
    match (status, partial.failed.is_empty()) {
        (201, true) => {
            partial.created.sort_by_key(|(index, _)| *index);
            Ok(partial.created.into_iter().map(|(_, c)| c).collect())
        }
        (207, false) => Err(Error::PartialFailure(Box::new(partial))),
        (201, false) => Err(broken(status, "201 (all created) with failed items".into())),
        (207, true) => Err(broken(
            status,
            "207 (partly failed) with no failed item".into(),
        )),
        _ => Err(broken(status, "a batch is answered 201 or 207".into())),
    }
}

fn broken(status: u16, why: String) -> Error {
    Error::Protocol {
        status: Some(status),
        message: format!("the answer to creating contacts breaks the protocol: {why}"),
        body_excerpt: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contacts_core::NewContact;
    use contacts_protocol::Problem;

    fn contact(id: &str) -> Contact {
        Contact::from_new(
            ContactId::new(id),
            NewContact::new().property("firstName", id),
        )
    }

    fn ok(index: usize, id: &str) -> ItemOutcome {
        ItemOutcome {
            index,
            contact: Some(contact(id)),
            problem: None,
        }
    }

    fn failed(index: usize) -> ItemOutcome {
        let problem = Problem::from_error(&Error::invalid("properties.x", "no"));
        ItemOutcome {
            index,
            contact: None,
            problem: Some(problem),
        }
    }

    #[test]
    fn created_contacts_come_back_in_input_order() {
        let results = CreateResults {
            results: vec![ok(1, "b"), ok(0, "a")],
        };
        let ids: Vec<String> = created(201, results, 2)
            .unwrap()
            .into_iter()
            .map(|c| c.id.to_string())
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn a_partial_failure_accounts_for_every_item() {
        let results = CreateResults {
            results: vec![ok(0, "a"), failed(1)],
        };
        let Err(Error::PartialFailure(partial)) = created(207, results, 2) else {
            panic!("a partial failure")
        };
        assert_eq!(partial.created, vec![(0, contact("a"))]);
        assert_eq!(
            partial.failed,
            vec![(1, Error::invalid("properties.x", "no"))]
        );
    }

    #[test]
    fn answers_that_lose_or_invent_items_are_refused() {
        let cases = [
            (201, vec![ok(0, "a")], 2, "item 1 is not answered"),
            (201, vec![ok(0, "a"), ok(0, "b")], 2, "twice"),
            (201, vec![ok(0, "a"), ok(2, "b")], 2, "only 2 were sent"),
            (201, vec![ok(0, "a"), failed(1)], 2, "with failed items"),
            (207, vec![ok(0, "a")], 1, "no failed item"),
        ];
        for (status, results, sent, says) in cases {
            let err = created(status, CreateResults { results }, sent).unwrap_err();
            assert!(
                matches!(&err, Error::Protocol { message, .. } if message.contains(says)),
                "{says}: {err:?}"
            );
        }
    }

    #[test]
    fn ids_that_no_path_can_carry_are_unknown() {
        for id in ["", ".", ".."] {
            let contact = ContactId::new(id);
            assert!(contact_path(&contact).unwrap_err().is_not_found());
            assert!(move_path(&contact).unwrap_err().is_not_found());
            let book = AddressBookId::new(id);
            assert!(book_path(&book).unwrap_err().is_not_found());
        }
        assert_eq!(
            contact_path(&ContactId::new("a/b")).unwrap(),
            "/v1/contacts/a%2Fb"
        );
    }
}
