//! A `207 Multi-Status` body as a server might send it: read without a panic, and the secret
//! never appears in the error made from it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_carddav::fuzzing::multistatus;

fuzz_target!(|body: &[u8]| {
    if let Err(e) = multistatus(body) {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("fuzz-secret"), "{shown}");
    }
});
