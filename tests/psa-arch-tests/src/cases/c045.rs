//! test_c045: `psa_hash_clone`: clone an active hash operation, feed both the same input,
//! and check both digests; cloning from a finished (inactive) operation must give
//! `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error, Psa};

use crate::cases::second::{Row, described, first_valid, negative, ok, rows};
use crate::common::*;
use crate::ext;
use crate::harness::{Check, Cx, Feature, Feature::*, Path, SUCCESS, Status, expect, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    alg: Algorithm,
    input: &'static [u8],
    source_hash_size: usize,
    target_hash_size: usize,
    expected_hash: &'static [u8],
    expected: Status,
}
described!(Entry);

/// The suite's `check1` table.
const TABLE: &[Row<Entry>] = &[
    Row::Run(Entry {
        desc: "Test psa_hash_clone - MD2 algorithm",
        needs: &[Md2],
        alg: ext::ALG_MD2,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &MD2_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - MD4 algorithm",
        needs: &[Md4],
        alg: ext::ALG_MD4,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &MD4_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - MD5 algorithm",
        needs: &[Md5],
        alg: Algorithm::MD5,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &MD5_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - RIPEMD160 algorithm",
        needs: &[Ripemd160],
        alg: ext::ALG_RIPEMD160,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &RIPEMD_160_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - SHA1 algorithm",
        needs: &[Sha1],
        alg: Algorithm::SHA_1,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &SHA_1_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - SHA224 algorithm",
        needs: &[Sha224],
        alg: Algorithm::SHA_224,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &SHA_224_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - SHA256 algorithm",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &SHA_256_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - SHA384 algorithm",
        needs: &[Sha384],
        alg: Algorithm::SHA_384,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &SHA_384_HASH,
        expected: SUCCESS,
    }),
    Row::Run(Entry {
        desc: "Test psa_hash_clone - SHA512 algorithm",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        input: &HASH_INPUT,
        source_hash_size: 600,
        target_hash_size: 600,
        expected_hash: &SHA_512_HASH,
        expected: SUCCESS,
    }),
];

fn clone<D: Dispatch>(_path: Path, psa: &Psa<D>, e: &Entry) -> Check {
    let mut source = ok("hash_setup", psa.hash_setup(e.alg))?;
    let Some(mut target) = expect("hash_clone", source.clone_operation(), e.expected)? else {
        return Ok(());
    };
    ok("hash_update (source)", source.update(e.input))?;
    ok("hash_update (target)", target.update(e.input))?;
    let mut source_hash = vec![0u8; e.source_hash_size];
    let mut target_hash = vec![0u8; e.target_hash_size];
    let n = ok("hash_finish (source)", source.finish(&mut source_hash))?;
    let m = ok("hash_finish (target)", target.finish(&mut target_hash))?;
    same("source digest", &source_hash[..n], e.expected_hash)?;
    same("target digest", &target_hash[..m], e.expected_hash)?;
    ok("hash_abort (source)", source.abort())?;
    ok("hash_abort (target)", target.abort())
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    rows(cx, TABLE, clone);
    let valid = first_valid(cx, TABLE, |e| e.expected == SUCCESS);
    negative(
        cx,
        "Test psa_hash_clone - from an inactive source operation",
        &valid,
        |psa, e| {
            let mut source = ok("hash_setup", psa.hash_setup(e.alg))?;
            ok("hash_update", source.update(e.input))?;
            let mut digest = vec![0u8; e.source_hash_size];
            let n = ok("hash_finish", source.finish(&mut digest))?;
            same("digest", &digest[..n], e.expected_hash)?;
            expect(
                "hash_clone (finished source)",
                source.clone_operation(),
                Err(Error::BadState),
            )?;
            ok("hash_abort", source.abort())
        },
    );
    cx.not_expressible(
        "Test psa_hash_clone - on an active target operation",
        "clone_operation returns the target as a new operation: no call can name an \
         already-active target",
    );
}
