//! What the benches share.

/// The runtime a bench drives its syncs on: two workers (the machines that run the benches
/// have two cores), timers and I/O on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}
