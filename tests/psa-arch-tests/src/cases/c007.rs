//! test_c007: `psa_hash_compare`: the status for a matching, wrong, short or unknown digest.

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
        desc: "Test psa_hash_compare with MD2 algorithm",
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
        desc: "Test psa_hash_compare with MD4 algorithm",
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
        desc: "Test psa_hash_compare with MD5 algorithm",
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
        desc: "Test psa_hash_compare with RIPEMD160 algorithm",
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
        desc: "Test psa_hash_compare with SHA1 algorithm",
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
        desc: "Test psa_hash_compare with SHA224 algorithm",
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
        desc: "Test psa_hash_compare with SHA256 algorithm",
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
        desc: "Test psa_hash_compare with SHA384 algorithm",
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
        desc: "Test psa_hash_compare with SHA512 algorithm",
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
        desc: "Test psa_hash_compare with incorrect hash",
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
        desc: "Test psa_hash_compare with incorrect hash length",
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
        desc: "Test psa_hash_compare with invalid algorithm",
        needs: &[Sha256],
        alg: Algorithm(HASH_ALG_INVALID),
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash: &SHA_256_HASH,
        hash_length: 32,
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let got = psa.hash_compare(e.alg, &e.input[..e.input_length], &e.hash[..e.hash_length]);
            expect("hash_compare", got, e.expected_status)?;
            Ok(())
        });
    }
}
