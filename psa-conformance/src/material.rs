//! Published vectors and key material the kit runs.

/// Decode hex (the kit's own constants).
pub(crate) fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("the kit's hex constants are valid"))
        .collect()
}

/// RFC 6979 A.2.5: the P-256 private key `x`.
pub(crate) const P256_PRIVATE: &str =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
/// RFC 6979 A.2.5: the public key, uncompressed (`04‖Ux‖Uy`).
pub(crate) const P256_PUBLIC: &str = concat!(
    "04",
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6",
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
);
/// RFC 6979 A.2.5: `SHA-256("sample")`.
pub(crate) const SAMPLE_SHA256: &str =
    "af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf";
/// RFC 6979 A.2.5: deterministic ECDSA with SHA-256, message "sample": `r‖s`.
pub(crate) const SAMPLE_RFC6979_SIG: &str = concat!(
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716",
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
);
/// A second P-256 scalar (the ECDH peer).
pub(crate) const P256_PEER_PRIVATE: &str =
    "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534";
/// A P-384 private key (RFC 6979 A.2.6), for requests just outside a P-256 capability.
pub(crate) const P384_PRIVATE: &str = concat!(
    "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d8",
    "96d5724e4c70a825f872c9ea60d2edf5"
);

/// FIPS 180-2 digests of "abc".
pub(crate) const SHA256_ABC: &str =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
pub(crate) const SHA384_ABC: &str = concat!(
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed",
    "8086072ba1e7cc2358baeca134c825a7"
);
pub(crate) const SHA512_ABC: &str = concat!(
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a",
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
);

/// RFC 4231 test case 2: key "Jefe".
pub(crate) const HMAC_KEY: &[u8] = b"Jefe";
/// RFC 4231 test case 2: data.
pub(crate) const HMAC_DATA: &[u8] = b"what do ya want for nothing?";
/// RFC 4231 test case 2: HMAC-SHA-256.
pub(crate) const HMAC_SHA256: &str =
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
