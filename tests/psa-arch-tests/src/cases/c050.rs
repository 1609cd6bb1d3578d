//! test_c050: `psa_cipher_encrypt`: import a key and encrypt (the implementation chooses the
//! IV, so only the output length — IV plus ciphertext — is the suite's); after destroying the
//! key, the same call must give `INVALID_HANDLE`.

use psa_core::{Algorithm, Dispatch, Error, KeyAttributes, KeyType, Psa, UsageFlags};

use crate::cases::second::{Row, described, ok, rows};
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    key_data: &'static [u8],
    usage: UsageFlags,
    alg: Algorithm,
    input: &'static [u8],
    output_size: usize,
    expected_output_length: usize,
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES CBC_NO_PADDING",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17, 0x2a,
        ],
        output_size: 48,
        expected_output_length: 32,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES CBC_NO_PADDING (Short input)",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[0x6b, 0xc1, 0xbe, 0xe2, 0x23],
        output_size: 32,
        expected_output_length: 21,
        expected: Err(Error::InvalidArgument),
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES CBC_PKCS7",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        input: &[
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17, 0x2a,
        ],
        output_size: 48,
        expected_output_length: 48,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES CBC_PKCS7 (Short input)",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        input: &[
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17,
        ],
        output_size: 32,
        expected_output_length: 32,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES CTR",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        input: &[
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17, 0x2a,
        ],
        output_size: 48,
        expected_output_length: 32,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES CTR (short input)",
        needs: &[Aes128, Ctr],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CTR,
        input: &[
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17,
        ],
        output_size: 32,
        expected_output_length: 31,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - DES CBC (nopad)",
        needs: &[CbcNoPadding, Des1Key],
        key_type: KeyType::DES,
        key_data: &[0x01, 0x02, 0x04, 0x07, 0x08, 0x0b, 0x0d, 0x0e],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[0xed, 0xa4, 0x01, 0x12, 0x39, 0xbc, 0x3a, 0xc9],
        output_size: 32,
        expected_output_length: 16,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - 2-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des2Key],
        key_type: KeyType::DES,
        key_data: &[
            0x01, 0x02, 0x04, 0x07, 0x08, 0x0b, 0x0d, 0x0e, 0xc1, 0xc2, 0xc4, 0xc7, 0xc8, 0xcb,
            0xcd, 0xce,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[0xed, 0xa4, 0x01, 0x12, 0x39, 0xbc, 0x3a, 0xc9],
        output_size: 32,
        expected_output_length: 16,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - 3-key 3DE -CBC (nopad)",
        needs: &[CbcNoPadding, Des3Key],
        key_type: KeyType::DES,
        key_data: &[
            0x01, 0x02, 0x04, 0x07, 0x08, 0x0b, 0x0d, 0x0e, 0xc1, 0xc2, 0xc4, 0xc7, 0xc8, 0xcb,
            0xcd, 0xce, 0x31, 0x32, 0x34, 0x37, 0x38, 0x3b, 0x3d, 0x3e,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[0xed, 0xa4, 0x01, 0x12, 0x39, 0xbc, 0x3a, 0xc9],
        output_size: 48,
        expected_output_length: 16,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - small output buffer size",
        needs: &[Aes128, CbcPkcs7],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_PKCS7,
        input: &[
            0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93,
            0x17, 0x2a,
        ],
        output_size: 15,
        expected_output_length: 16,
        expected: Err(Error::BufferTooSmall),
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Decrypt - AES CBC_NO_PADDING",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        key_data: &[
            0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf,
            0x4f, 0x3c,
        ],
        usage: UsageFlags::DECRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[
            0xa0, 0x76, 0xec, 0x9d, 0xfb, 0xe4, 0x7d, 0x52, 0xaf, 0xc3, 0x57, 0x33, 0x6f, 0x20,
            0x74, 0x3b,
        ],
        output_size: 48,
        expected_output_length: 0,
        expected: Err(Error::NotPermitted),
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - AES ARIA",
        needs: &[Aes128, Aria],
        key_type: KeyType::ARIA,
        key_data: &[
            0x00, 0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
            0x0d, 0x0e,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::CBC_NO_PADDING,
        input: &[
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
            0xee, 0xff,
        ],
        output_size: 48,
        expected_output_length: 32,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - CCM_STAR_NO_TAG",
        needs: &[Aes128, CcmStarNoTag],
        key_type: KeyType::AES,
        key_data: &[
            0x90, 0x92, 0x9a, 0x4b, 0x0a, 0xc6, 0x5b, 0x35, 0x0a, 0xd1, 0x59, 0x16, 0x11, 0xfe,
            0x48, 0x29,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: ext::ALG_CCM_STAR_NO_TAG,
        input: &[
            0x4b, 0xfe, 0x4e, 0x35, 0x78, 0x4f, 0x0a, 0x65, 0xb5, 0x45, 0x47, 0x7e, 0x5e, 0x2f,
            0x4b, 0xae, 0x0e, 0x1e, 0x6f, 0xa7, 0x17, 0xea, 0xf2, 0xcb,
        ],
        output_size: 48,
        expected_output_length: 37,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - CHACHA20 stream cipher",
        needs: &[Chacha20],
        key_type: KeyType::CHACHA20,
        key_data: &[
            0x1c, 0x92, 0x40, 0xa5, 0xeb, 0x55, 0xd3, 0x8a, 0xf3, 0x33, 0x88, 0x86, 0x04, 0xf6,
            0xb5, 0xf0, 0x47, 0x39, 0x17, 0xc1, 0x40, 0x2b, 0x80, 0x09, 0x9d, 0xca, 0x5c, 0xbc,
            0x20, 0x70, 0x75, 0xc0,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::STREAM_CIPHER,
        input: &[
            0x49, 0x74, 0x20, 0x69, 0x73, 0x20, 0x61, 0x20, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74,
            0x2e,
        ],
        output_size: 32,
        expected_output_length: 27,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_cipher_encrypt - Encrypt - XCHACHA20 stream cipher",
        needs: &[Xchacha20],
        key_type: ext::KEY_TYPE_XCHACHA20,
        key_data: &[
            0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d,
            0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
            0x9c, 0x9d, 0x9e, 0x9f,
        ],
        usage: UsageFlags::ENCRYPT,
        alg: Algorithm::STREAM_CIPHER,
        input: &[
            0x49, 0x74, 0x20, 0x69, 0x73, 0x20, 0x61, 0x20, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74,
            0x2e,
        ],
        output_size: 32,
        expected_output_length: 39,
        expected: SUCCESS,
    }),
];

fn encrypt<D: Dispatch>(path: Path, psa: &Psa<D>, e: &Entry) -> Check {
    let attributes = KeyAttributes::new()
        .with_lifetime(path.lifetime())
        .with_type(e.key_type)
        .with_algorithm(e.alg)
        .with_usage(e.usage);
    let key = ok("import_key", psa.import_key(&attributes, e.key_data))?;
    let mut output = vec![0u8; e.output_size];
    let encrypted = expect(
        "cipher_encrypt",
        psa.cipher_encrypt(key, e.alg, e.input, &mut output),
        e.expected,
    )?;
    ok("destroy_key", psa.destroy_key(key))?;
    let Some(length) = encrypted else {
        return Ok(());
    };
    same("output length", &length, &e.expected_output_length)?;
    expect(
        "cipher_encrypt (destroyed key)",
        psa.cipher_encrypt(key, e.alg, e.input, &mut output),
        Err(Error::InvalidHandle),
    )
    .map(drop)
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, encrypt);
}
