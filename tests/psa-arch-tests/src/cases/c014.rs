//! test_c014: `psa_hash_finish`: status, length and digest; a second finish is `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    alg: Algorithm,
    input: &'static [u8],
    input_length: usize,
    hash_size: usize,
    verify_hash: &'static [u8],
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    input: &[],
    input_length: 0,
    hash_size: 0,
    verify_hash: &[],
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_hash_finish with MD2 algorithm",
        needs: &[Md2],
        alg: ext::ALG_MD2,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 16,
        verify_hash: &MD2_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with MD4 algorithm",
        needs: &[Md4],
        alg: ext::ALG_MD4,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 16,
        verify_hash: &MD4_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with MD5 algorithm",
        needs: &[Md5],
        alg: Algorithm::MD5,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 16,
        verify_hash: &MD5_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with RIPEMD160 algorithm",
        needs: &[Ripemd160],
        alg: ext::ALG_RIPEMD160,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 20,
        verify_hash: &RIPEMD_160_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with SHA1 algorithm",
        needs: &[Sha1],
        alg: Algorithm::SHA_1,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 20,
        verify_hash: &SHA_1_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with SHA224 algorithm",
        needs: &[Sha224],
        alg: Algorithm::SHA_224,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 28,
        verify_hash: &SHA_224_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with SHA256 algorithm",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 32,
        verify_hash: &SHA_256_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with SHA384 algorithm",
        needs: &[Sha384],
        alg: Algorithm::SHA_384,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 48,
        verify_hash: &SHA_384_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with SHA512 algorithm",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 64,
        verify_hash: &SHA_512_HASH,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_finish with invalid hash buffer size",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 10,
        verify_hash: &SHA_256_HASH,
        expected_status: Err(Error::BufferTooSmall),
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
            let mut hash = vec![0u8; e.hash_size];
            match expect("hash_finish", op.finish(&mut hash), e.expected_status)? {
                Some(len) => {
                    same("hash length", &len, &e.hash_size)?;
                    same("hash", &hash[..len], &e.verify_hash[..len])?;
                }
                None => {
                    expect("hash_abort", op.abort(), SUCCESS)?;
                }
            }
            Ok(())
        });
    }
    let desc = "Test psa_hash_finish with inactive operation handle";
    let Some(e) = CHECK1.iter().find(|e| cx.missing(e.needs).is_none()) else {
        cx.not_applicable(desc, "every hash of the table");
        return;
    };
    cx.case(desc, e.needs, |psa| {
        let mut op = psa.hash_operation();
        let mut hash = vec![0u8; e.hash_size];
        expect("hash_setup", op.setup(e.alg), SUCCESS)?;
        expect(
            "hash_update",
            op.update(&e.input[..e.input_length]),
            SUCCESS,
        )?;
        expect("hash_finish", op.finish(&mut hash), SUCCESS)?;
        expect(
            "hash_finish again",
            op.finish(&mut hash),
            Err(Error::BadState),
        )?;
        expect("hash_abort", op.abort(), SUCCESS)?;
        Ok(())
    });
}
