//! test_c031: `psa_mac_abort` after sign setup, twice; then sign finish after an abort is
//! `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    usage_flags: UsageFlags,
    alg: Algorithm,
    data: &'static [u8],
    data_length: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    data: &[],
    data_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_mac_abort - HMAC - SHA224",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_HASH,
        alg: Algorithm::hmac(Algorithm::SHA_224),
        data: &KEY_DATA,
        data_length: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_abort - HMAC - SHA224 - Truncated 8 Byte",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_HASH,
        alg: Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_224), 8),
        data: &KEY_DATA,
        data_length: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_abort - HMAC - SHA256",
        needs: &[Hmac, Sha256],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_HASH,
        alg: Algorithm::hmac(Algorithm::SHA_256),
        data: &KEY_DATA,
        data_length: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_abort - HMAC - SHA512",
        needs: &[Hmac, Sha512],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_HASH,
        alg: Algorithm::hmac(Algorithm::SHA_512),
        data: &KEY_DATA,
        data_length: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_abort - CMAC - AES",
        needs: &[Aes128, Cmac],
        key_type: KeyType::AES,
        usage_flags: UsageFlags::SIGN_HASH,
        alg: Algorithm::CMAC,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        expected_status: SUCCESS,
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
            expect("mac_sign_setup", op.sign_setup(key, e.alg), SUCCESS)?;
            expect("mac_abort", op.abort(), e.expected_status)?;
            expect("mac_abort again", op.abort(), e.expected_status)?;
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            Ok(())
        });
    }
    let desc = "Test psa_mac_sign_finish after calling psa_mac_abort";
    let Some(e) = CHECK1.iter().find(|e| cx.missing(e.needs).is_none()) else {
        cx.not_applicable(desc, "every MAC of the table");
        return;
    };
    let attributes = cx
        .attributes()
        .with_type(e.key_type)
        .with_usage(e.usage_flags)
        .with_algorithm(e.alg);
    cx.case(desc, e.needs, |psa| {
        let data = &e.data[..e.data_length];
        let key =
            expect("import_key", psa.import_key(&attributes, data), SUCCESS)?.unwrap_or_default();
        let mut op = psa.mac_operation();
        expect("mac_sign_setup", op.sign_setup(key, e.alg), SUCCESS)?;
        expect("mac_update", op.update(&INPUT_BYTES_DATA), SUCCESS)?;
        expect("mac_abort", op.abort(), SUCCESS)?;
        let mut mac = vec![0u8; BUFFER_SIZE];
        expect(
            "mac_sign_finish after abort",
            op.sign_finish(&mut mac),
            Err(Error::BadState),
        )?;
        expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
        Ok(())
    });
}
