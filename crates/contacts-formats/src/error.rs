//! Errors of reading and writing formats, naming where the input went wrong.

/// A card or file that cannot be read or written, with the place and reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// A card in a vCard file is malformed. `card` counts from 1 in the file; `line` is the
    /// line (from 1) where the problem is.
    #[error("card {card} (line {line}): {reason}")]
    Card {
        /// Which card of the file, from 1.
        card: usize,
        /// The line of the problem, from 1.
        line: usize,
        /// What is wrong, for a person to fix.
        reason: String,
    },
    /// A JSContact document that is not an RFC 9553 card or array of cards.
    #[error("JSContact{}: {reason}", at.map(|i| format!(" card {i}")).unwrap_or_default())]
    JsContact {
        /// Which card of an array, from 1, where the problem is in one card.
        at: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// A card the model holds that cannot be written as a vCard.
    #[error("the card cannot be written as a vCard: {0}")]
    Write(String),
}
