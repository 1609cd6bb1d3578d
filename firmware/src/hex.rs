//! `hex!("..")`: a byte array from a hex string, decoded at compile time.

/// Decode `s` (even length, `0-9a-fA-F`) into `N` bytes; a malformed literal is a compile
/// error where `hex!` is used in a constant.
pub const fn decode<const N: usize>(s: &str) -> [u8; N] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not a hex digit"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 2 * N, "odd number of hex digits");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// A `[u8; N]` constant from a hex string literal.
macro_rules! hex {
    ($s:literal) => {{
        const BYTES: [u8; $s.len() / 2] = $crate::hex::decode($s);
        BYTES
    }};
}
