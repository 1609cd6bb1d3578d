//! test_c015: `psa_hash_abort`: after setup, twice; finish after abort is `BAD_STATE`.

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
    hash_size: usize,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    input: &[],
    input_length: 0,
    hash_size: 0,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_hash_abort with MD2 algorithm",
        needs: &[Md2],
        alg: ext::ALG_MD2,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with MD4 algorithm",
        needs: &[Md4],
        alg: ext::ALG_MD4,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with MD5 algorithm",
        needs: &[Md5],
        alg: Algorithm::MD5,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 16,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with RIPEMD160 algorithm",
        needs: &[Ripemd160],
        alg: ext::ALG_RIPEMD160,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 20,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with SHA1 algorithm",
        needs: &[Sha1],
        alg: Algorithm::SHA_1,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 20,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with SHA224 algorithm",
        needs: &[Sha224],
        alg: Algorithm::SHA_224,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 28,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with SHA256 algorithm",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 32,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with SHA384 algorithm",
        needs: &[Sha384],
        alg: Algorithm::SHA_384,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 48,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_abort with SHA512 algorithm",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        input: &HASH_INPUT,
        input_length: HASH_INPUT.len(),
        hash_size: 64,
        expected_status: SUCCESS,
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let mut op = psa.hash_operation();
            expect("hash_setup", op.setup(e.alg), SUCCESS)?;
            expect("hash_abort", op.abort(), e.expected_status)?;
            expect("hash_abort again", op.abort(), e.expected_status)?;
            Ok(())
        });
    }
    let desc = "Test psa_hash_finish after calling psa_hash_abort";
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
        expect("hash_abort", op.abort(), SUCCESS)?;
        expect(
            "hash_finish after abort",
            op.finish(&mut hash),
            Err(Error::BadState),
        )?;
        Ok(())
    });
}
