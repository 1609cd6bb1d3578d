//! test_c027: `psa_mac_update` in two halves after `sign_setup` (or without setup:
//! `BAD_STATE`).

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
    input: &'static [u8],
    input_length: usize,
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
    operation_state: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_mac_update - HMAC - SHA256 - 64 Byte",
        needs: &[Hmac, Sha256],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::hmac(Algorithm::SHA_256),
        data: &KEY_DATA,
        data_length: 64,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_update - CMAC - AES - 16 Byte",
        needs: &[Aes128, Cmac],
        key_type: KeyType::AES,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::CMAC,
        data: &KEY_DATA,
        data_length: 16,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_update - HMAC - SHA512 - 32 Byte",
        needs: &[Hmac, Sha512],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::hmac(Algorithm::SHA_512),
        data: &KEY_DATA,
        data_length: 32,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        operation_state: 1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_mac_update - HMAC - SHA512 - Invalid operation state",
        needs: &[Hmac, Sha512],
        key_type: KeyType::HMAC,
        usage_flags: UsageFlags::SIGN_MESSAGE,
        alg: Algorithm::hmac(Algorithm::SHA_512),
        data: &KEY_DATA,
        data_length: 32,
        input: &INPUT_BYTES_DATA,
        input_length: 16,
        operation_state: 0,
        expected_status: Err(Error::BadState),
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
            }
            let half = e.input_length >> 1;
            let got = op.update(&e.input[..half]);
            if expect("mac_update", got, e.expected_status)?.is_none() {
                expect("mac_abort", op.abort(), SUCCESS)?;
                expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
                return Ok(());
            }
            expect(
                "mac_update (second half)",
                op.update(&e.input[half..2 * half]),
                SUCCESS,
            )?;
            expect("mac_abort", op.abort(), SUCCESS)?;
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            Ok(())
        });
    }
}
