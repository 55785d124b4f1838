//! The builder setters every HTTP adapter has, written once.

/// Writes the transport setters of an HTTP adapter's builder, over its fields
/// `options: ClientOptions` and (with `concurrency`) `concurrency: usize`:
///
/// - `client_options(ClientOptions)`, documented by the doc comments given first (what the
///   adapter's defaults are and why);
/// - `concurrency(usize)`: requests in flight at once for bulk work, at least 1.
///
/// ```
/// use contacts_http::ClientOptions;
///
/// /// A builder of some adapter.
/// #[derive(Default)]
/// pub struct Builder {
///     options: ClientOptions,
///     concurrency: usize,
/// }
///
/// impl Builder {
///     contacts_http::transport_setters! {
///         /// The transport options (no rate limit by default).
///         concurrency
///     }
/// }
///
/// let built = Builder::default().concurrency(0);
/// assert_eq!(built.concurrency, 1);
/// ```
#[macro_export]
macro_rules! transport_setters {
    ($(#[doc = $doc:literal])* concurrency) => {
        $crate::transport_setters!($(#[doc = $doc])*);

        /// Requests in flight at once for bulk work (at least 1).
        #[must_use]
        pub fn concurrency(mut self, concurrency: usize) -> Self {
            self.concurrency = concurrency.max(1);
            self
        }
    };
    ($(#[doc = $doc:literal])*) => {
        $(#[doc = $doc])*
        #[must_use]
        pub fn client_options(mut self, options: $crate::ClientOptions) -> Self {
            self.options = options;
            self
        }
    };
}
