//! Built-in import and generation of unstructured keys (AES, ChaCha20, HMAC, raw data,
//! derivation): served whatever the features, since they need no cryptography. The sizes are
//! the PSA Crypto API's; there are no published vectors for a copy, so this file counts cases.

use std::sync::atomic::{AtomicU8, Ordering};

use psa_core::{Error, KeyAttributes, KeyType, RandomSource, Rng, builtin, entry};

fn import(
    key_type: KeyType,
    bits: usize,
    data: &[u8],
    buffer_len: usize,
) -> Result<(Vec<u8>, usize), Error> {
    let mut key_buffer = vec![0u8; buffer_len];
    let imported = builtin::import_key(&mut entry::import_key::Args {
        attributes: &KeyAttributes::new().with_type(key_type).with_bits(bits),
        data,
        key_buffer: &mut key_buffer,
    })?;
    Ok((key_buffer[..imported.length].to_vec(), imported.bits))
}

struct Counter(AtomicU8);

impl RandomSource for Counter {
    fn fill(&self, out: &mut [u8]) -> psa_core::Result<()> {
        for b in out {
            *b = self.0.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

struct Broken;

impl RandomSource for Broken {
    fn fill(&self, _out: &mut [u8]) -> psa_core::Result<()> {
        Err(Error::HardwareFailure)
    }
}

fn generate(
    key_type: KeyType,
    bits: usize,
    buffer_len: usize,
    source: &dyn RandomSource,
) -> Result<Vec<u8>, Error> {
    let mut key_buffer = vec![0u8; buffer_len];
    let n = builtin::generate_key(&mut entry::generate_key::Args {
        attributes: &KeyAttributes::new().with_type(key_type).with_bits(bits),
        key_buffer: &mut key_buffer,
        rng: Rng::new(source),
    })?;
    Ok(key_buffer[..n].to_vec())
}

#[test]
fn unstructured_key_import() {
    let mut cases = 0;
    let data: Vec<u8> = (0..=255).collect();
    let mut check = |key_type: KeyType, len: usize, expected: Result<(), Error>| {
        let result = import(key_type, 0, &data[..len], 256);
        match expected {
            Ok(()) => assert_eq!(
                result,
                Ok((data[..len].to_vec(), 8 * len)),
                "{key_type} {len}"
            ),
            Err(e) => assert_eq!(result, Err(e), "{key_type} {len}"),
        }
        cases += 1;
    };
    for len in [0, 1, 8, 15, 16, 17, 24, 31, 32, 33, 64] {
        let aes = if matches!(len, 16 | 24 | 32) {
            Ok(())
        } else {
            Err(Error::InvalidArgument)
        };
        check(KeyType::AES, len, aes);
        let chacha = if len == 32 {
            Ok(())
        } else {
            Err(Error::InvalidArgument)
        };
        check(KeyType::CHACHA20, len, chacha);
        let raw = if len > 0 {
            Ok(())
        } else {
            Err(Error::InvalidArgument)
        };
        for key_type in [KeyType::HMAC, KeyType::RAW_DATA, KeyType::DERIVE] {
            check(key_type, len, raw);
        }
    }
    for key_type in [
        KeyType::DES,
        KeyType::ARIA,
        KeyType::CAMELLIA,
        KeyType(0x8001),
    ] {
        check(key_type, 16, Err(Error::NotSupported));
    }
    // RSA (`builtin-rsa`): 16 bytes that are not DER are malformed.
    let rsa = if cfg!(feature = "builtin-rsa") {
        Error::InvalidArgument
    } else {
        Error::NotSupported
    };
    for key_type in [KeyType::RSA_KEY_PAIR, KeyType::RSA_PUBLIC_KEY] {
        check(key_type, 16, Err(rsa));
    }
    // The declared size must match; the key buffer must hold the key.
    assert_eq!(import(KeyType::AES, 128, &data[..16], 16).unwrap().1, 128);
    assert_eq!(
        import(KeyType::AES, 256, &data[..16], 16),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        import(KeyType::HMAC, 8, &data[..2], 16),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        import(KeyType::AES, 0, &data[..32], 31),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        import(KeyType::HMAC, 0, &data[..200], 199),
        Err(Error::BufferTooSmall)
    );
    println!("unstructured key import: {cases} cases");
    assert!(cases > 0);
}

#[test]
fn unstructured_key_generation() {
    let source = Counter(AtomicU8::new(7));
    let mut cases = 0;
    for (key_type, bits, expected) in [
        (KeyType::AES, 128, Ok(16)),
        (KeyType::AES, 192, Ok(24)),
        (KeyType::AES, 256, Ok(32)),
        (KeyType::AES, 0, Err(Error::InvalidArgument)),
        (KeyType::AES, 512, Err(Error::InvalidArgument)),
        (KeyType::CHACHA20, 256, Ok(32)),
        (KeyType::CHACHA20, 128, Err(Error::InvalidArgument)),
        (KeyType::HMAC, 8, Ok(1)),
        (KeyType::HMAC, 1024, Ok(128)),
        (KeyType::HMAC, 0, Err(Error::InvalidArgument)),
        (KeyType::HMAC, 12, Err(Error::InvalidArgument)),
        (KeyType::RAW_DATA, 40, Ok(5)),
        (KeyType::DERIVE, 256, Ok(32)),
        (KeyType::DES, 64, Err(Error::NotSupported)),
        (KeyType::RSA_KEY_PAIR, 2048, Err(Error::NotSupported)),
        (KeyType::RSA_PUBLIC_KEY, 2048, Err(Error::InvalidArgument)),
    ] {
        let result = generate(key_type, bits, 256, &source).map(|k| k.len());
        assert_eq!(result, expected, "{key_type} {bits}");
        cases += 1;
    }
    let key = generate(KeyType::AES, 128, 16, &source).unwrap();
    assert!(
        key.windows(2).all(|w| w[1] == w[0].wrapping_add(1)),
        "the key comes from the source"
    );
    assert_eq!(
        generate(KeyType::AES, 256, 31, &source),
        Err(Error::BufferTooSmall)
    );
    assert_eq!(
        generate(KeyType::AES, 256, 32, &Broken),
        Err(Error::HardwareFailure)
    );
    println!("unstructured key generation: {cases} cases");
    assert!(cases > 0);
}
