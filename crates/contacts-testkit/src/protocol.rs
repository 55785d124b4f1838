//! Taking apart a [`Error::Protocol`] (an answer a provider could not read) in a test: the
//! status, message and excerpt that the error must carry, instead of a destructuring and a
//! panic written again in each test.

use contacts_core::Error;

/// The status, message and body excerpt of `err`, which the test expects to be an
/// [`Error::Protocol`]. Any other error fails the test, shown in full.
pub fn parts(err: &Error) -> (Option<u16>, &str, &str) {
    let Error::Protocol {
        status,
        message,
        body_excerpt,
    } = err
    else {
        panic!("not a protocol error: {err:?}")
    };
    (*status, message, body_excerpt)
}
