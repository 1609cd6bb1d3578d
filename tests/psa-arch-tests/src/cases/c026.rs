//! test_c026: `psa_mac_sign_setup`: status, abort, a second setup after a failed one gives the
//! same error; then setup with key ids that name no key (`INVALID_HANDLE`).

use psa_core::{Algorithm, Dispatch, Error, KeyId, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    data: &[],
    data_length: 0,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_mac_sign_setup - HMAC - SHA256",
        needs: &[Hmac, Sha256],
        key_type: KeyType::HMAC,
        data: &KEY_DATA,
        data_length: 64,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::hmac(Algorithm::SHA_256),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - CMAC - AES",
        needs: &[Aes128, Cmac],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::CMAC,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Incompatible HMAC for CMAC",
        needs: &[Hmac, Cmac],
        key_type: KeyType::HMAC,
        data: &KEY_DATA,
        data_length: 64,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::CMAC,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Invalid usage flag",
        needs: &[Hmac, Sha256],
        key_type: KeyType::HMAC,
        data: &KEY_DATA,
        data_length: 64,
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::hmac(Algorithm::SHA_256),
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Invalid key type",
        needs: &[Hmac, Sha256],
        key_type: KeyType::RAW_DATA,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::hmac(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Truncated MAC too large",
        needs: &[Hmac, Sha256, TruncatedMac],
        key_type: KeyType::HMAC,
        data: &KEY_DATA,
        data_length: 64,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_256), 33),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Truncated MAC too small",
        needs: &[Hmac, Sha256, TruncatedMac],
        key_type: KeyType::HMAC,
        data: &KEY_DATA,
        data_length: 64,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_256), 1),
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Unknown MAC algorithm",
        needs: &[Hmac],
        key_type: KeyType::HMAC,
        data: &KEY_DATA,
        data_length: 64,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::hmac(Algorithm::NONE),
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_setup - Bad algorithm (not a MAC algorithm)",
        needs: &[Aes128, CbcNoPadding],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::CBC_NO_PADDING,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_usage(e.usage_flags)
            .with_algorithm(e.alg);
        cx.case(e.desc, e.needs, |psa| {
            let data = &e.data[..e.data_length];
            let key = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                .unwrap_or_default();
            let mut op = psa.mac_operation();
            expect(
                "mac_sign_setup",
                op.sign_setup(key, e.alg),
                e.expected_status,
            )?;
            expect("mac_abort", op.abort(), SUCCESS)?;
            if e.expected_status != SUCCESS {
                expect(
                    "mac_sign_setup again",
                    op.sign_setup(key, e.alg),
                    e.expected_status,
                )?;
            }
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            Ok(())
        });
    }
    let desc = "Test psa_mac_sign_setup with invalid key id";
    let Some(e) = CHECK1.iter().find(|e| cx.missing(e.needs).is_none()) else {
        cx.not_applicable(desc, "every MAC of the table");
        return;
    };
    cx.case(desc, e.needs, |psa| {
        for (what, key) in [("key id 11", KeyId(11)), ("key id 0", KeyId::NULL)] {
            let mut op = psa.mac_operation();
            expect(
                &format!("mac_sign_setup, {what}"),
                op.sign_setup(key, e.alg),
                Err(Error::InvalidHandle),
            )?;
        }
        Ok(())
    });
}
