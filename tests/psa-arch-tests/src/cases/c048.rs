//! test_c048: multi-part `psa_mac_sign_setup` / `update` / `sign_finish`: the MAC must be the
//! suite's; abort after finish succeeds.

use psa_core::{Algorithm, Dispatch, KeyAttributes, KeyType, Psa, UsageFlags};

use crate::cases::second::{Row, described, ok, rows};
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    usage: UsageFlags,
    key_alg: Algorithm,
    key_data: &'static [u8],
    mac_alg: Algorithm,
    data: &'static [u8],
    mac_size: usize,
    expected_mac: &'static [u8],
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_mac_sign_multipart HMAC SHA 224",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        usage: UsageFlags::SIGN_HASH,
        key_alg: Algorithm::hmac(Algorithm::SHA_224),
        key_data: &[
            0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
            0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
        ],
        mac_alg: Algorithm::hmac(Algorithm::SHA_224),
        data: &[0x48, 0x69, 0x20, 0x54, 0x68, 0x65, 0x72, 0x65],
        mac_size: 64,
        expected_mac: &[
            0x89, 0x6f, 0xb1, 0x12, 0x8a, 0xbb, 0xdf, 0x19, 0x68, 0x32, 0x10, 0x7c, 0xd4, 0x9d,
            0xf3, 0x3f, 0x47, 0xb4, 0xb1, 0x16, 0x99, 0x12, 0xba, 0x4f, 0x53, 0x68, 0x4b, 0x22,
        ],
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_mac_sign_multipart HMAC SHA 256",
        needs: &[Hmac, Sha256],
        key_type: KeyType::HMAC,
        usage: UsageFlags::SIGN_HASH,
        key_alg: Algorithm::hmac(Algorithm::SHA_256),
        key_data: &[
            0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
            0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
        ],
        mac_alg: Algorithm::hmac(Algorithm::SHA_256),
        data: &[0x48, 0x69, 0x20, 0x54, 0x68, 0x65, 0x72, 0x65],
        mac_size: 64,
        expected_mac: &[
            0xb0, 0x34, 0x4c, 0x61, 0xd8, 0xdb, 0x38, 0x53, 0x5c, 0xa8, 0xaf, 0xce, 0xaf, 0x0b,
            0xf1, 0x2b, 0x88, 0x1d, 0xc2, 0x00, 0xc9, 0x83, 0x3d, 0xa7, 0x26, 0xe9, 0x37, 0x6c,
            0x2e, 0x32, 0xcf, 0xf7,
        ],
        expected: SUCCESS,
    }),
];

fn sign<D: Dispatch>(path: Path, psa: &Psa<D>, e: &Entry) -> Check {
    let attributes = KeyAttributes::new()
        .with_lifetime(path.lifetime())
        .with_type(e.key_type)
        .with_usage(e.usage)
        .with_algorithm(e.key_alg);
    let key = ok("import_key", psa.import_key(&attributes, e.key_data))?;
    let mut operation = psa.mac_operation();
    ok("mac_sign_setup", operation.sign_setup(key, e.mac_alg))?;
    ok("mac_update", operation.update(e.data))?;
    let mut mac = vec![0u8; e.mac_size];
    if let Some(length) = expect(
        "mac_sign_finish",
        operation.sign_finish(&mut mac),
        e.expected,
    )? {
        same("MAC", &mac[..length], e.expected_mac)?;
    }
    ok("mac_abort", operation.abort())?;
    ok("destroy_key", psa.destroy_key(key))
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, sign);
}
