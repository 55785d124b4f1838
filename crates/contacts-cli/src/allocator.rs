//! How the tool asks the C allocator to keep memory it frees.
//!
//! Listing, exporting and syncing decode a page of contacts on one thread and drop it on
//! another, a page at a time. glibc's allocator raises its thresholds each time a large block
//! is freed, then gives the top of its heap back to the system (`madvise`) whenever more than
//! that is free, which after every page is the case: the next page faults the same memory
//! back in. Exporting 50,000 contacts spent ~30% of its CPU on those page faults and trims
//! (docs/performance.md, row 8). Fixed thresholds keep up to [`TRIM_THRESHOLD`] of freed
//! memory for reuse: the peak resident memory is unchanged within a few hundred KiB.

/// Free memory at the top of the heap kept before it is given back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: i32 = 16 << 20;

/// Blocks from this size up get their own mapping (returned to the system when freed).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: i32 = 8 << 20;

/// Fixes glibc's trim and mmap thresholds (see the module docs); elsewhere, nothing to do.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn keep_freed_memory() {
    // SAFETY: `mallopt` only sets allocator parameters; it is called first thing in `main`,
    // before any other thread exists, with parameters and values glibc documents. A refusal
    // (return value 0) leaves the defaults, which are correct, only slower.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Fixes glibc's trim and mmap thresholds (see the module docs); elsewhere, nothing to do.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn keep_freed_memory() {}
