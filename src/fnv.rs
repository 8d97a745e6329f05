//! FNV-1a, the hash of keikaku's small string sets and maps (rule names, a plan's key terms): the
//! keys are short words the program itself reads, so SipHash's guard against crafted keys
//! buys nothing and costs most of each look-up.

use std::hash::{BuildHasherDefault, Hasher};

/// The FNV-1a hasher (64-bit).
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`Fnv`] hashers, for `HashMap::with_hasher` and `HashSet::with_hasher`.
pub(crate) type BuildFnv = BuildHasherDefault<Fnv>;
