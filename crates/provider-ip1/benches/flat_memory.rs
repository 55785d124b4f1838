//! Target 3 (library half): listing 100,000 contacts through `ContactProviderExt::list()` peaks
//! at no more than 1.5x the memory of listing 10,000. A counting global allocator records the
//! peak of live heap bytes above the level before the listing starts (the emulator, in the same
//! process, serves one page at a time, so its share is bounded too).
//! Run: `cargo bench -p provider-ip1 --bench flat_memory`.

use contacts_http::ClientOptions;
use contacts_testkit::bench;
use peak_alloc::PeakAlloc;
use serde_json::json;

/// Counts live heap bytes and their peak.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

/// Seeds `n` contacts, lists them all, returns the peak bytes above the level at the start.
fn peak_for(n: usize) -> usize {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let emu = contacts_testkit::ip1::emulator("k").await;
        for chunk in (0..n).collect::<Vec<_>>().chunks(10_000) {
            emu.seed(chunk.iter().map(|i| json!({"properties": {"phoneNumber": format!("+46{i:09}"), "firstName": format!("Name {i}")}, "labels": ["L"]})).collect());
        }
        let provider = contacts_testkit::ip1::provider_at(&emu.base_url(), "k", ClientOptions::default());
        let base = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        assert_eq!(bench::count_listing(&provider).await, n);
        ALLOCATOR.peak_usage().saturating_sub(base)
    })
}

fn main() {
    if !bench::measuring("flat_memory") {
        return;
    }
    let small = peak_for(10_000);
    let large = peak_for(100_000);
    let ratio = large as f64 / small as f64;
    let verdict = bench::verdict(ratio <= 1.5);
    println!(
        "flat_memory list(): peak {:.1} MiB for 10,000 contacts, {:.1} MiB for 100,000 = {ratio:.2}x (target <= 1.5x) — {verdict} the target",
        small as f64 / 1048576.0,
        large as f64 / 1048576.0
    );
}
