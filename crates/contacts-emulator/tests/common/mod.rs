//! What the HTTP tests of both emulators share: a started emulator with the plain HTTP client
//! the test speaks to it with (each test file adds the calls of its vendor's API).

/// A started emulator and a plain HTTP client for it.
pub struct Api<E> {
    /// The emulator, for its base URL and for seeding or reading its state directly.
    pub emu: E,
    /// The client the test's requests go out with.
    pub http: reqwest::Client,
}

impl<E> From<E> for Api<E> {
    fn from(emu: E) -> Self {
        Self {
            emu,
            http: reqwest::Client::new(),
        }
    }
}
