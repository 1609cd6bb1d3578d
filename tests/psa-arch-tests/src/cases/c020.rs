//! test_c020: `psa_key_derivation_output_bytes`. Every case sets the operation's capacity
//! first; the secret step is the imported key (`input_key`), the other steps bytes.

use psa_core::{Algorithm, DerivationStep, Dispatch, Error, KeyType, UsageFlags};

use crate::common::*;
use crate::ext::{self, step};
use crate::harness::{Cx, Failure, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    usage_flags: UsageFlags,
    alg: Algorithm,
    capacity: usize,
    data: &'static [u8],
    data_length: usize,
    /// (step, data, length); the secret step is input as the imported key.
    derv_inputs: &'static [(u16, &'static [u8], usize)],
    output_length: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    capacity: 0,
    data: &[],
    data_length: 0,
    derv_inputs: &[],
    output_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_key_derivation_output_bytes - HKDF",
        needs: &[Hkdf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[
            (step::SALT, &INPUT_SALT, INPUT_SALT_LEN),
            (step::SECRET, &[], 0),
            (step::INFO, &INPUT_INFO, INPUT_INFO_LEN),
        ],
        output_length: 42,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - optional salt",
        needs: &[Hkdf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[
            (step::SECRET, &[], 0),
            (step::INFO, &INPUT_INFO, INPUT_INFO_LEN),
            (0, &[], 0),
        ],
        output_length: 42,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - capacity < output_length",
        needs: &[Hkdf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[
            (step::SALT, &INPUT_SALT, INPUT_SALT_LEN),
            (step::SECRET, &[], 0),
            (step::INFO, &INPUT_INFO, INPUT_INFO_LEN),
        ],
        output_length: 43,
        expected_status: Err(Error::InsufficientData),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - missing info",
        needs: &[Hkdf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[
            (step::SALT, &INPUT_SALT, INPUT_SALT_LEN),
            (step::SECRET, &[], 0),
            (0, &[], 0),
        ],
        output_length: 42,
        expected_status: Err(Error::BadState),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - missing salt/secret/info",
        needs: &[Hkdf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, Algorithm::hkdf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[(0, &[], 0), (0, &[], 0), (0, &[], 0)],
        output_length: 42,
        expected_status: Err(Error::BadState),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - HKDF",
        needs: &[HkdfExtract],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_hkdf_extract(Algorithm::SHA_256),
        capacity: 32,
        data: &IKM,
        data_length: 22,
        derv_inputs: &[
            (step::SALT, &KDF_SALT, 13),
            (step::SECRET, &IKM, 22),
            (0, &[], 0),
        ],
        output_length: 32,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - HKDF Expand",
        needs: &[HkdfExpand],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_hkdf_expand(Algorithm::SHA_256),
        capacity: 42,
        data: &PRK,
        data_length: 32,
        derv_inputs: &[
            (step::SECRET, &PRK, 32),
            (step::INFO, &KDF_INFO, 10),
            (0, &[], 0),
        ],
        output_length: 42,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - TLS12_PRF",
        needs: &[Tls12Prf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, ext::alg_tls12_prf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[
            (step::SEED, &INPUT_SEED, INPUT_SEED_LEN),
            (step::SECRET, &[], 0),
            (step::LABEL, &INPUT_LABEL, INPUT_LABEL_LEN),
        ],
        output_length: 42,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - capacity < output_length",
        needs: &[Tls12Prf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, ext::alg_tls12_prf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[
            (step::SEED, &INPUT_SEED, INPUT_SEED_LEN),
            (step::SECRET, &[], 0),
            (step::LABEL, &INPUT_LABEL, INPUT_LABEL_LEN),
        ],
        output_length: 43,
        expected_status: Err(Error::InsufficientData),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - missing seed/secret/label",
        needs: &[Tls12Prf],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::key_agreement(Algorithm::ECDH, ext::alg_tls12_prf(Algorithm::SHA_256)),
        capacity: 42,
        data: &INPUT_BYTES_DATA,
        data_length: INPUT_BYTES_DATA_LEN,
        derv_inputs: &[(0, &[], 0), (0, &[], 0), (0, &[], 0)],
        output_length: 42,
        expected_status: Err(Error::BadState),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_output_bytes - SP800_108_HMAC",
        needs: &[Sp800108],
        key_type: KeyType::DERIVE,
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_sp800_108_counter_hmac(Algorithm::SHA_256),
        capacity: 42,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        derv_inputs: &[
            (step::SECRET, &KEY_DATA, 16),
            (step::LABEL, &INPUT_LABEL, INPUT_LABEL_LEN),
            (0, &[], 0),
        ],
        output_length: 42,
        expected_status: SUCCESS,
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        let mut needs = e.needs.to_vec();
        needs.push(KdfCapacity);
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_usage(e.usage_flags)
            .with_algorithm(e.alg);
        cx.case(e.desc, &needs, |psa| {
            let id = expect(
                "import_key",
                psa.import_key(&attributes, &e.data[..e.data_length]),
                SUCCESS,
            )?
            .ok_or_else(|| Failure("import_key returned no key".into()))?;
            let mut op = psa.key_derivation_operation();
            expect("setup", op.setup(e.alg), SUCCESS)?;
            expect("set_capacity", op.set_capacity(e.capacity), SUCCESS)?;
            for &(number, data, length) in e.derv_inputs {
                // The suite ends a short list with step 0.
                if number == 0 {
                    continue;
                }
                let ext::step::View::Core(s) = ext::step::view(number) else {
                    return Err(Failure(format!("step {number:#x} has no DerivationStep")));
                };
                let r = if s == DerivationStep::Secret {
                    op.input_key(s, id)
                } else {
                    op.input_bytes(s, &data[..length])
                };
                expect("input", r, SUCCESS)?;
            }
            let mut output = vec![0u8; e.output_length];
            expect(
                "output_bytes",
                op.output_bytes(&mut output),
                e.expected_status,
            )?;
            Ok(())
        });
    }
}
