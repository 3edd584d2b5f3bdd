//! Compression for what is stored and shared: raw deflate (with a limit on what inflating may
//! produce, against a hostile "zip bomb"), and bytes packed 15 bits to a character — the
//! browser's store counts UTF-16 units, so a packed character carries almost two bytes.

use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

/// Compresses bytes (raw deflate).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, LEVEL)
}

/// The compression level of everything stored and shared (of 10).
const LEVEL: u8 = 8;

/// Raw deflate a piece at a time, for a job split over tasks: fed the input in pieces (in
/// order), it ends with the same bytes as [`deflate`] of the whole.
pub struct Deflater {
    compressor: Box<CompressorOxide>,
    output: Vec<u8>,
}

impl Default for Deflater {
    fn default() -> Self {
        let flags = create_comp_flags_from_zip_params(LEVEL.into(), 0, 0);
        Deflater {
            compressor: Box::new(CompressorOxide::new(flags)),
            output: Vec::new(),
        }
    }
}

impl Deflater {
    /// Compresses the next piece of the input.
    pub fn feed(&mut self, piece: &[u8]) {
        self.run(piece, TDEFLFlush::None);
    }

    /// Ends the stream: the compressed bytes of everything fed.
    pub fn finish(mut self) -> Vec<u8> {
        self.run(&[], TDEFLFlush::Finish);
        self.output
    }

    fn run(&mut self, mut input: &[u8], flush: TDEFLFlush) {
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let (status, read, written) = compress(&mut self.compressor, input, &mut buffer, flush);
            self.output.extend_from_slice(&buffer[..written]);
            input = &input[read.min(input.len())..];
            match status {
                TDEFLStatus::Done => return,
                // All read and nothing more to write: the rest waits for the next piece.
                TDEFLStatus::Okay
                    if flush == TDEFLFlush::None && input.is_empty() && written < buffer.len() =>
                {
                    return
                }
                TDEFLStatus::Okay => {}
                // The compressor refuses only misuse (input after the end): a bug here.
                _ => unreachable!("deflate refused its input"),
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pieces(bytes: &[u8], size: usize) -> Vec<u8> {
        let mut deflater = Deflater::default();
        for piece in bytes.chunks(size.max(1)) {
            deflater.feed(piece);
        }
        deflater.finish()
    }

    #[test]
    fn a_text_deflated_in_pieces_is_the_text_deflated_whole() {
        // Repetitive (long matches across pieces) and not (more output than a buffer holds).
        let repeated = "Stoltenberg said the alliance «ça va» would hold. ".repeat(30_000);
        let varied: String = (0..200_000u32)
            .map(|i| {
                char::from_u32(0x20 + (i.wrapping_mul(2_654_435_761) >> 7) % 0x2000).unwrap_or('x')
            })
            .collect();
        for text in [repeated.as_str(), varied.as_str(), "", "a"] {
            let whole = deflate(text.as_bytes());
            for size in [1_000, 65_536, 1 << 20] {
                assert_eq!(pieces(text.as_bytes(), size), whole, "pieces of {size}");
            }
            assert_eq!(inflate(&whole).unwrap(), text.as_bytes());
        }
    }

    proptest! {
        #[test]
        fn any_bytes_in_any_pieces_deflate_as_the_whole(bytes in proptest::collection::vec(0u8..8, 0..5_000), size in 1usize..700) {
            prop_assert_eq!(pieces(&bytes, size), deflate(&bytes));
        }
    }
}
