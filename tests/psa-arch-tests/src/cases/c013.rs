//! test_c013: `psa_hash_verify`: status after setup + update; a second verify, and verify on
//! an inactive operation, are `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    alg: Algorithm,
    input: &'static [u8],
    input_length: usize,
    hash: &'static [u8],
    hash_length: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    input: &[],
    input_length: 0,
    hash: &[],
    hash_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_hash_verify with MD2 algorithm",
        needs: &[Md2],
        alg: ext::ALG_MD2,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &MD2_HASH,
        hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with MD4 algorithm",
        needs: &[Md4],
        alg: ext::ALG_MD4,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &MD4_HASH,
        hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with MD5 algorithm",
        needs: &[Md5],
        alg: Algorithm::MD5,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &MD5_HASH,
        hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with RIPEMD160 algorithm",
        needs: &[Ripemd160],
        alg: ext::ALG_RIPEMD160,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &RIPEMD_160_HASH,
        hash_length: 20,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with SHA1 algorithm",
        needs: &[Sha1],
        alg: Algorithm::SHA_1,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_1_HASH,
        hash_length: 20,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with SHA224 algorithm",
        needs: &[Sha224],
        alg: Algorithm::SHA_224,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_224_HASH,
        hash_length: 28,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with SHA256 algorithm",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_256_HASH,
        hash_length: 32,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with SHA384 algorithm",
        needs: &[Sha384],
        alg: Algorithm::SHA_384,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_384_HASH,
        hash_length: 48,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with SHA512 algorithm",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_512_HASH,
        hash_length: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with incorrect expected hash",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_256_INCORRECT_HASH,
        hash_length: 32,
        expected_status: Err(Error::InvalidSignature),
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with incorrect hash length",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_256_HASH,
        hash_length: 31,
        expected_status: Err(Error::InvalidSignature),
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_verify with AES MMO ZIGBEE algorithm",
        needs: &[AesMmo],
        alg: Algorithm::SHA_512,
        input: &AES_MMO_HASH_INPUT,
        input_length: AES_MMO_HASH_INPUT.len(),
        hash: &AES_MMO_HASH,
        hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let mut op = psa.hash_operation();
            expect("hash_setup", op.setup(e.alg), SUCCESS)?;
            expect(
                "hash_update",
                op.update(&e.input[..e.input_length]),
                SUCCESS,
            )?;
            let got = op.verify(&e.hash[..e.hash_length]);
            expect("hash_verify", got, e.expected_status)?;
            expect("hash_abort", op.abort(), SUCCESS)?;
            Ok(())
        });
    }
    let desc = "Test psa_hash_verify with inactive & invalid operation handle";
    let Some(e) = CHECK1.iter().find(|e| cx.missing(e.needs).is_none()) else {
        cx.not_applicable(desc, "every hash of the table");
        return;
    };
    cx.case(desc, e.needs, |psa| {
        let hash = &e.hash[..e.hash_length];
        let mut op = psa.hash_operation();
        expect("hash_setup", op.setup(e.alg), SUCCESS)?;
        expect(
            "hash_update",
            op.update(&e.input[..e.input_length]),
            SUCCESS,
        )?;
        expect("hash_verify", op.verify(hash), SUCCESS)?;
        expect("hash_verify again", op.verify(hash), Err(Error::BadState))?;
        let mut inactive = psa.hash_operation();
        expect(
            "hash_verify on an inactive operation",
            inactive.verify(hash),
            Err(Error::BadState),
        )?;
        expect("hash_abort", op.abort(), SUCCESS)?;
        Ok(())
    });
}
