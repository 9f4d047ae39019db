//! Ids and digests derived from text, stable on every device and build (64-bit FNV-1a; a std
//! hasher is not stable across builds). Not for security: a collision only costs a
//! duplicate id, checked where it matters.

use uuid::Uuid;

/// A UUID derived from a name (64-bit FNV-1a twice, the same construction as
/// `sync::bundle`'s derived bundle ids): the same name gives the same UUID on every device and build.
pub(crate) fn name_uuid(name: &str) -> Uuid {
    let hi = fnv1a(0xcbf2_9ce4_8422_2325, name);
    let lo = fnv1a(hi, name);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&hi.to_be_bytes());
    bytes[8..].copy_from_slice(&lo.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

pub(crate) fn fnv1a(seed: u64, text: &str) -> u64 {
    let mut h = seed;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
