//! Byte contents of transcripts (`spec/transcript-format.md`, "Bytes"): strings, hex, generated
//! data and concatenations.

/// How a transcript describes bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BytesSpec {
    /// A string's UTF-8 bytes.
    Text(String),
    /// Exact bytes written in hex.
    Hex(Vec<u8>),
    /// `size` bytes from SplitMix64 seeded with `seed`.
    Seeded {
        /// Length in bytes.
        size: usize,
        /// The generator's seed.
        seed: u64,
    },
    /// A named pattern repeated to `size` bytes.
    Pattern {
        /// Length in bytes.
        size: usize,
        /// The pattern.
        pattern: Pattern,
    },
    /// Pieces one after the other.
    Concat(Vec<BytesSpec>),
}

/// The named patterns of [`BytesSpec::Pattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// `0123456789` repeated (the application note's data).
    Digits,
    /// 0x00, 0x01, …, 0xFF repeated.
    AllBytes,
}

/// The largest generated content a transcript may ask for (1 GiB): a typo must not exhaust
/// memory.
pub const MAX_GENERATED: usize = 1 << 30;

impl BytesSpec {
    /// The bytes described.
    ///
    /// ```
    /// use simcom_conformance::transcript::bytes::{BytesSpec, Pattern};
    /// let b = BytesSpec::Concat(vec![
    ///     BytesSpec::Text("ab".into()),
    ///     BytesSpec::Pattern { size: 12, pattern: Pattern::Digits },
    /// ]);
    /// assert_eq!(b.bytes(), b"ab012345678901");
    /// ```
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.append(&mut out);
        out
    }

    /// The length of [`bytes`](Self::bytes), without building them.
    pub fn len(&self) -> usize {
        match self {
            Self::Text(s) => s.len(),
            Self::Hex(b) => b.len(),
            Self::Seeded { size, .. } | Self::Pattern { size, .. } => *size,
            Self::Concat(parts) => parts.iter().map(Self::len).sum(),
        }
    }

    /// Whether the bytes are empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn append(&self, out: &mut Vec<u8>) {
        match self {
            Self::Text(s) => out.extend_from_slice(s.as_bytes()),
            Self::Hex(b) => out.extend_from_slice(b),
            Self::Seeded { size, seed } => out.extend(splitmix64(*seed, *size)),
            Self::Pattern { size, pattern } => match pattern {
                Pattern::Digits => out.extend((0..*size).map(|i| b"0123456789"[i % 10])),
                Pattern::AllBytes => out.extend((0..*size).map(|i| (i % 256) as u8)),
            },
            Self::Concat(parts) => parts.iter().for_each(|p| p.append(out)),
        }
    }
}

/// `len` bytes of SplitMix64 output from `seed`, 8 little-endian bytes per step.
///
/// ```
/// let b = simcom_conformance::transcript::bytes::splitmix64(7, 16);
/// assert_eq!(b, [0xd7, 0x0d, 0x32, 0x59, 0xe4, 0xe1, 0xcb, 0x63, 0x1c, 0x66, 0x3c, 0xf4, 0xd7, 0x3c, 0x4c, 0x04]);
/// ```
pub fn splitmix64(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        out.extend_from_slice(&z.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Parses hex digits, allowing whitespace between them.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("hex {s:?} has an odd number of digits"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            let text = std::str::from_utf8(pair).map_err(|_| format!("hex {s:?} is not ASCII"))?;
            u8::from_str_radix(text, 16)
                .map_err(|_| format!("hex {s:?}: {text:?} is not a hex byte"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_generator_output() {
        // spec/transcript-format.md: `{ size: 16, seed: 7 }`, computed independently.
        assert_eq!(
            splitmix64(7, 16),
            [
                0xd7, 0x0d, 0x32, 0x59, 0xe4, 0xe1, 0xcb, 0x63, 0x1c, 0x66, 0x3c, 0xf4, 0xd7, 0x3c,
                0x4c, 0x04
            ]
        );
        assert_eq!(splitmix64(7, 3), [0xd7, 0x0d, 0x32]);
        assert_eq!(splitmix64(1, 0), Vec::<u8>::new());
    }

    #[test]
    fn hex_with_spaces_and_errors() {
        assert_eq!(parse_hex("00 03 10\n03ff"), Ok(vec![0, 3, 0x10, 3, 0xff]));
        assert!(parse_hex("0").is_err());
        assert!(parse_hex("zz").is_err());
    }

    #[test]
    fn all_bytes_pattern_wraps() {
        let b = BytesSpec::Pattern {
            size: 258,
            pattern: Pattern::AllBytes,
        }
        .bytes();
        assert_eq!((b[0], b[255], b[256], b[257]), (0, 255, 0, 1));
    }
}
