//! test_c018: `psa_key_derivation_input_key`: on an inactive operation (`BAD_STATE`), per
//! step and key type/policy, with a destroyed key (`INVALID_HANDLE`), then an import with
//! reset attributes (`NOT_SUPPORTED`); and with key ids that name no key.

use psa_core::{
    Algorithm, DerivationStep, Dispatch, Error, KeyAttributes, KeyId, KeyType, UsageFlags,
};

use crate::common::*;
use crate::ext::{self, step};
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    data: &'static [u8],
    data_length: usize,
    bits: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    step: u16,
    setup_alg: Algorithm,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    data: &[],
    data_length: 0,
    bits: 0,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    step: 0,
    setup_alg: Algorithm::NONE,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_key_derivation_input_key 16 Byte Key",
        needs: &[Sha256, Hkdf, Aes128],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with invalid usage",
        needs: &[Sha256, Hkdf, Aes128],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::EXPORT,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with step as label",
        needs: &[Sha256, Hkdf, Aes128],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::LABEL,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with step as info",
        needs: &[Sha256, Hkdf, Aes128],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::INFO,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with step as seed",
        needs: &[Sha256, Hkdf, Aes128],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SEED,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with step as salt",
        needs: &[Sha256, Hkdf, Aes128],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SALT,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with key type as AES(not derive)",
        needs: &[Sha256, Hkdf, Aes192],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_24B_KEY_SIZE,
        bits: bytes_to_bits(AES_24B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key incorrect key algorithm",
        needs: &[Sha256, Hkdf, Aes256],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_32B_KEY_SIZE,
        bits: bytes_to_bits(AES_32B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::CBC_NO_PADDING,
        step: step::SECRET,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::NotPermitted),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with key type as 2048 RSA public key",
        needs: &[Sha256, Hkdf, RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_PUBLIC_KEY,
        data: &RSA_256_KEY_DATA,
        data_length: 270,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with key type as RSA 2048 keypair",
        needs: &[Sha256, Hkdf, RsaPkcs1v15Sign, Rsa2048],
        key_type: KeyType::RSA_KEY_PAIR,
        data: &RSA_256_KEY_PAIR,
        data_length: 1193,
        bits: bytes_to_bits(256),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with zero as step",
        needs: &[Sha256, Hkdf],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: Algorithm::hkdf(Algorithm::SHA_256),
        step: 0,
        setup_alg: Algorithm::hkdf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key HKDF_EXTRACT with out of order step",
        needs: &[Sha256, HkdfExtract],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_hkdf_extract(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: ext::alg_hkdf_extract(Algorithm::SHA_256),
        expected_status: Err(Error::BadState),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with cost input as step",
        needs: &[Pbkdf2, Hmac, Sha256],
        key_type: ext::KEY_TYPE_PASSWORD_HASH,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_pbkdf2_hmac(Algorithm::SHA_256),
        step: step::COST,
        setup_alg: ext::alg_pbkdf2_hmac(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with password as step",
        needs: &[Pbkdf2, Hmac, Sha256],
        key_type: ext::KEY_TYPE_PASSWORD,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_pbkdf2_hmac(Algorithm::SHA_256),
        step: step::PASSWORD,
        setup_alg: ext::alg_pbkdf2_hmac(Algorithm::SHA_256),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with other secret as step",
        needs: &[Sha256, Tls12PskToMs],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: 48,
        bits: 384,
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        step: step::OTHER_SECRET,
        setup_alg: ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with out of order step input",
        needs: &[Sha256, Tls12PskToMs],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: 48,
        bits: 384,
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: ext::alg_tls12_psk_to_ms(Algorithm::SHA_256),
        expected_status: Err(Error::BadState),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with 16B key secret as step",
        needs: &[Sha256, Tls12Prf],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_tls12_prf(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: ext::alg_tls12_prf(Algorithm::SHA_256),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key with invalid input step",
        needs: &[Sha256, Tls12Prf],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_tls12_prf(Algorithm::SHA_256),
        step: step::OTHER_SECRET,
        setup_alg: ext::alg_tls12_prf(Algorithm::SHA_256),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key - SP800_108_HMAC",
        needs: &[Sp800108],
        key_type: KeyType::DERIVE,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::alg_sp800_108_counter_hmac(Algorithm::SHA_256),
        step: step::SECRET,
        setup_alg: ext::alg_sp800_108_counter_hmac(Algorithm::SHA_256),
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_key_derivation_input_key - SP800_108_CMAC",
        needs: &[Sp800108],
        key_type: KeyType::AES,
        data: &KEY_DATA,
        data_length: AES_16B_KEY_SIZE,
        bits: bytes_to_bits(AES_16B_KEY_SIZE),
        usage_flags: UsageFlags::DERIVE,
        alg: ext::ALG_SP800_108_COUNTER_CMAC,
        step: step::SECRET,
        setup_alg: ext::ALG_SP800_108_COUNTER_CMAC,
        expected_status: SUCCESS,
        ..BASE
    },
];

/// Record `e` with its step resolved: `Some((step, needs))` when it can run at all.
fn resolve<D: Dispatch>(cx: &mut Cx<'_, D>, e: &Entry) -> Option<(DerivationStep, Vec<Feature>)> {
    let mut needs = e.needs.to_vec();
    match step::view(e.step) {
        step::View::Core(s) => Some((s, needs)),
        step::View::Missing(f) => {
            needs.push(f);
            cx.case(e.desc, &needs, |_| unreachable!("a missing feature"));
            None
        }
        step::View::Undefined => {
            cx.not_expressible(e.desc, step::UNDEFINED);
            None
        }
    }
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    let mut first_valid = None;
    for e in CHECK1 {
        let Some((step, needs)) = resolve(cx, e) else {
            continue;
        };
        if first_valid.is_none() && cx.missing(&needs).is_none() && e.expected_status == SUCCESS {
            first_valid = Some((e, step));
        }
        let attributes = cx
            .attributes()
            .with_type(e.key_type)
            .with_bits(e.bits)
            .with_usage(e.usage_flags)
            .with_algorithm(e.alg);
        cx.case(e.desc, &needs, |psa| {
            let data = &e.data[..e.data_length];
            let key = expect("import_key", psa.import_key(&attributes, data), SUCCESS)?
                .unwrap_or_default();
            let mut op = psa.key_derivation_operation();
            if e.expected_status == SUCCESS {
                let got = op.input_key(step, key);
                expect(
                    "input_key on an inactive operation",
                    got,
                    Err(Error::BadState),
                )?;
            }
            expect("key_derivation_setup", op.setup(e.setup_alg), SUCCESS)?;
            let got = op.input_key(step, key);
            if expect("input_key", got, e.expected_status)?.is_none() {
                expect("key_derivation_abort", op.abort(), SUCCESS)?;
                expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
                return Ok(());
            }
            expect("destroy_key", psa.destroy_key(key), SUCCESS)?;
            let got = op.input_key(step, key);
            expect(
                "input_key with a destroyed key",
                got,
                Err(Error::InvalidHandle),
            )?;
            expect("key_derivation_abort", op.abort(), SUCCESS)?;
            let got = psa.import_key(&KeyAttributes::new(), data);
            expect(
                "import_key with reset attributes",
                got,
                Err(Error::NotSupported),
            )?;
            Ok(())
        });
    }
    let desc = "Test psa_key_derivation_input_key with invalid key id";
    let Some((e, step)) = first_valid else {
        cx.not_applicable(desc, "every entry of the table");
        return;
    };
    cx.case(desc, e.needs, |psa| {
        for (what, key) in [("key id 11", KeyId(11)), ("key id 0", KeyId::NULL)] {
            let mut op = psa.key_derivation_operation();
            expect("key_derivation_setup", op.setup(e.setup_alg), SUCCESS)?;
            expect(
                &format!("input_key, {what}"),
                op.input_key(step, key),
                Err(Error::InvalidHandle),
            )?;
            expect("key_derivation_abort", op.abort(), SUCCESS)?;
        }
        Ok(())
    });
}
