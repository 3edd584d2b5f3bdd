//! The project's hashes, each written once: SHA-256 of an article's text (how the store keys an
//! article and exports name the text they belong to) and FNV-1a (the engines' feature keys and
//! word lists: fast on a few bytes, and the same on every platform, as a trained model needs).

use sha2::{Digest, Sha256};

/// The SHA-256 of the article text, hex-encoded: how exports name the text they belong to.
pub fn text_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// FNV-1a's starting state, 64 bits.
pub const FNV64_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's prime, 64 bits.
pub const FNV64_PRIME: u64 = 0x0000_0100_0000_01b3;
/// FNV-1a's starting state, 32 bits.
pub const FNV32_OFFSET: u32 = 0x811c_9dc5;
/// FNV-1a's prime, 32 bits.
pub const FNV32_PRIME: u32 = 0x0100_0193;

/// FNV-1a (64 bits) over more bytes, from a state (start from [`FNV64_OFFSET`]).
pub fn fnv64(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV64_PRIME)
    })
}

/// FNV-1a (32 bits) over more bytes, from a state (start from [`FNV32_OFFSET`]).
pub fn fnv32(state: u32, bytes: &[u8]) -> u32 {
    bytes.iter().fold(state, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(FNV32_PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hashes_give_their_published_values() {
        // FNV-1a's reference values for "a" and "foobar".
        assert_eq!(fnv64(FNV64_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv64(FNV64_OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv32(FNV32_OFFSET, b"a"), 0xe40c_292c);
        assert_eq!(fnv32(FNV32_OFFSET, b"foobar"), 0xbf9c_f968);
        assert_eq!(
            text_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
