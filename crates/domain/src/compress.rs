//! Compression for what is stored and shared: raw deflate (with a limit on what inflating may
//! produce, against a hostile "zip bomb"), and bytes packed 15 bits to a character — the
//! browser's store counts UTF-16 units, so a packed character carries almost two bytes.

/// Compresses bytes (raw deflate).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 8)
}

/// Decompresses raw deflate, refusing output over 64 MB (a hostile "zip bomb").
pub fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, 64 << 20).ok()
}

/// The first code unit of the packed alphabet: 0x4E00 + 32768 stays below the surrogates.
const B15_BASE: u32 = 0x4E00;
/// Marks the padding: how many bits of the last code unit are used.
const B15_TAIL_BASE: u32 = 0x3000;

/// Packs bytes 15 bits to a char (all in U+4E00..U+CDFF), then one char saying how many bits of
/// the last are used.
pub fn pack_b15(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 15 + 2);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 15 {
            bits -= 15;
            out.push(char::from_u32(B15_BASE + ((buffer >> bits) & 0x7FFF)).expect("in range"));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from_u32(B15_BASE + ((buffer << (15 - bits)) & 0x7FFF)).expect("in range"));
    }
    out.push(char::from_u32(B15_TAIL_BASE + bits).expect("in range"));
    out
}

/// Reverses [`pack_b15`]; `None` for anything it did not write.
pub fn unpack_b15(packed: &str) -> Option<Vec<u8>> {
    let mut chars: Vec<char> = packed.chars().collect();
    let tail = chars.pop()? as u32;
    let last_bits = tail.checked_sub(B15_TAIL_BASE).filter(|&b| b < 15)?;
    let mut out = Vec::with_capacity(chars.len() * 15 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    let count = chars.len();
    for (i, c) in chars.into_iter().enumerate() {
        let value = (c as u32).checked_sub(B15_BASE).filter(|&v| v < 0x8000)?;
        let width = if i + 1 == count && last_bits > 0 {
            last_bits
        } else {
            15
        };
        buffer = (buffer << width) | (value >> (15 - width));
        bits += width;
        while bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    (bits == 0).then_some(out)
}
