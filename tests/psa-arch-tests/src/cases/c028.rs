//! test_c028: `psa_mac_sign_finish`: status, length and MAC after setup + update (or without
//! setup: `BAD_STATE`); a second finish is `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    usage_flags: UsageFlags,
    alg: Algorithm,
    data: &'static [u8],
    data_length: usize,
    input: &'static [u8],
    input_length: usize,
    mac_size: usize,
    expected_mac_length: usize,
    expected_mac: &'static [u8],
    operation_state: u32,
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
    input: &[],
    input_length: 0,
    mac_size: 0,
    expected_mac_length: 0,
    expected_mac: &[],
    operation_state: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_mac_sign_finish  - HMAC - SHA224",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        alg: Algorithm::hmac(Algorithm::SHA_224),
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: BUFFER_SIZE,
        expected_mac_length: 28,
        expected_mac: &HMAC_SHA224,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_finish  - HMAC - SHA256",
        needs: &[Hmac, Sha256],
        key_type: KeyType::HMAC,
        alg: Algorithm::hmac(Algorithm::SHA_256),
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: BUFFER_SIZE,
        expected_mac_length: 32,
        expected_mac: &HMAC_SHA256,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_finish  - HMAC - SHA512",
        needs: &[Hmac, Sha512],
        key_type: KeyType::HMAC,
        alg: Algorithm::hmac(Algorithm::SHA_512),
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: BUFFER_SIZE,
        expected_mac_length: 64,
        expected_mac: &HMAC_SHA512,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_finish  - HMAC - SHA224 - Truncated 8 Byte",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        alg: Algorithm::truncated_mac(Algorithm::hmac(Algorithm::SHA_224), 8),
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: BUFFER_SIZE,
        expected_mac_length: 8,
        expected_mac: &HMAC_SHA224,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_finish  - HMAC - SHA224 - Small output buffer",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        alg: Algorithm::hmac(Algorithm::SHA_224),
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: 27,
        expected_mac_length: 0,
        expected_mac: &[],
        operation_state: 1,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_finish  - HMAC - SHA224 - Invalid operation state",
        needs: &[Hmac, Sha224],
        key_type: KeyType::HMAC,
        alg: Algorithm::hmac(Algorithm::SHA_224),
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: BUFFER_SIZE,
        expected_mac_length: 28,
        expected_mac: &HMAC_SHA224,
        operation_state: 0,
        expected_status: Err(Error::BadState),
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_sign_finish  - CMAC - AES",
        needs: &[Aes128, Cmac],
        key_type: KeyType::AES,
        alg: Algorithm::CMAC,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        mac_size: BUFFER_SIZE,
        expected_mac_length: 16,
        expected_mac: &CMAC_AES_128,
        operation_state: 1,
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
            if e.operation_state != 0 {
                expect("mac_sign_setup", op.sign_setup(key, e.alg), SUCCESS)?;
                expect("mac_update", op.update(&e.input[..e.input_length]), SUCCESS)?;
            }
            let mut mac = vec![0u8; e.mac_size];
            let Some(len) = expect(
                "mac_sign_finish",
                op.sign_finish(&mut mac),
                e.expected_status,
            )?
            else {
                expect("mac_abort", op.abort(), SUCCESS)?;
                expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
                return Ok(());
            };
            same("MAC length", &len, &e.expected_mac_length)?;
            same("MAC", &mac[..len], &e.expected_mac[..len])?;
            let again = op.sign_finish(&mut mac);
            expect("mac_sign_finish again", again, Err(Error::BadState))?;
            expect("mac_abort", op.abort(), SUCCESS)?;
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            Ok(())
        });
    }
}
