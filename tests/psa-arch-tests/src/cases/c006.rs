//! test_c006: `psa_hash_compute`: status, digest length and digest.

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
    expected_hash: &'static [u8],
    expected_hash_length: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    input: &[],
    input_length: 0,
    hash_size: 0,
    expected_hash: &[],
    expected_hash_length: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_hash_compute with MD2 algorithm",
        needs: &[Md2],
        alg: ext::ALG_MD2,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &MD2_HASH,
        expected_hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with MD4 algorithm",
        needs: &[Md4],
        alg: ext::ALG_MD4,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &MD4_HASH,
        expected_hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with MD5 algorithm",
        needs: &[Md5],
        alg: Algorithm::MD5,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &MD5_HASH,
        expected_hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with RIPEMD160 algorithm",
        needs: &[Ripemd160],
        alg: ext::ALG_RIPEMD160,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &RIPEMD_160_HASH,
        expected_hash_length: 20,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with SHA1 algorithm",
        needs: &[Sha1],
        alg: Algorithm::SHA_1,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &SHA_1_HASH,
        expected_hash_length: 20,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with SHA224 algorithm",
        needs: &[Sha224],
        alg: Algorithm::SHA_224,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &SHA_224_HASH,
        expected_hash_length: 28,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with SHA256 algorithm",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &SHA_256_HASH,
        expected_hash_length: 32,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with SHA384 algorithm",
        needs: &[Sha384],
        alg: Algorithm::SHA_384,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &SHA_384_HASH,
        expected_hash_length: 48,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with SHA512 algorithm",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &SHA_512_HASH,
        expected_hash_length: 64,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with small buffer size",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 60,
        expected_hash_length: 64,
        expected_status: Err(Error::BufferTooSmall),
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with invalid algorithm",
        needs: &[],
        alg: Algorithm(HASH_ALG_INVALID),
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &SHA_512_HASH,
        expected_hash_length: 64,
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_compute with AES MMO ZIGBEE algorithm",
        needs: &[AesMmo],
        alg: ext::ALG_AES_MMO_ZIGBEE,
        input: &AES_MMO_HASH_INPUT,
        input_length: AES_MMO_HASH_INPUT.len(),
        hash_size: BUFFER_SIZE,
        expected_hash: &AES_MMO_HASH,
        expected_hash_length: 16,
        expected_status: SUCCESS,
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let mut hash = vec![0u8; e.hash_size];
            let input = &e.input[..e.input_length];
            let got = psa.hash_compute(e.alg, input, &mut hash);
            if let Some(len) = expect("hash_compute", got, e.expected_status)? {
                same("hash length", &len, &e.expected_hash_length)?;
                same("hash", &hash[..len], e.expected_hash)?;
            }
            Ok(())
        });
    }
}
