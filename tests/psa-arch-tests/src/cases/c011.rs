//! test_c011: `psa_hash_setup`: status; a second setup on an active operation is `BAD_STATE`.

use psa_core::{Algorithm, Dispatch, Error};

use crate::common::*;
use crate::ext;
use crate::harness::{Cx, Feature, Feature::*, SUCCESS, Status, expect};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    alg: Algorithm,
    expected_status: Status,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    alg: Algorithm::NONE,
    expected_status: SUCCESS,
};

const CHECK1: &[Entry] = &[
    Entry {
        desc: "Test psa_hash_setup with MD2 algorithm",
        needs: &[Md2],
        alg: ext::ALG_MD2,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with MD4 algorithm",
        needs: &[Md4],
        alg: ext::ALG_MD4,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with MD5 algorithm",
        needs: &[Md5],
        alg: Algorithm::MD5,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with RIPEMD160 algorithm",
        needs: &[Ripemd160],
        alg: ext::ALG_RIPEMD160,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA1 algorithm",
        needs: &[Sha1],
        alg: Algorithm::SHA_1,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA224 algorithm",
        needs: &[Sha224],
        alg: Algorithm::SHA_224,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA256 algorithm",
        needs: &[Sha256],
        alg: Algorithm::SHA_256,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA384 algorithm",
        needs: &[Sha384],
        alg: Algorithm::SHA_384,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA512 algorithm",
        needs: &[Sha512],
        alg: Algorithm::SHA_512,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA512_224 algorithm",
        needs: &[Sha512Truncated],
        alg: ext::ALG_SHA_512_224,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA512_256 algorithm",
        needs: &[Sha512Truncated],
        alg: ext::ALG_SHA_512_256,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA3_224 algorithm",
        needs: &[Sha3],
        alg: ext::ALG_SHA3_224,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA3_256 algorithm",
        needs: &[Sha3],
        alg: Algorithm::SHA3_256,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA3_384 algorithm",
        needs: &[Sha3],
        alg: ext::ALG_SHA3_384,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with SHA3_512 algorithm",
        needs: &[Sha3],
        alg: ext::ALG_SHA3_512,
        expected_status: SUCCESS,
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with Invalid hash algorithm",
        needs: &[],
        alg: Algorithm(HASH_ALG_INVALID),
        expected_status: Err(Error::NotSupported),
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with Invalid algorithm",
        needs: &[],
        alg: Algorithm(ALG_INVALID),
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
    Entry {
        desc: "Test psa_hash_setup with CTR algorithm",
        needs: &[],
        alg: Algorithm::CTR,
        expected_status: Err(Error::InvalidArgument),
        ..BASE
    },
];

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |psa| {
            let mut op = psa.hash_operation();
            expect("hash_setup", op.setup(e.alg), e.expected_status)?;
            if e.expected_status == SUCCESS {
                expect("hash_setup again", op.setup(e.alg), Err(Error::BadState))?;
                expect("hash_abort", op.abort(), SUCCESS)?;
            }
            Ok(())
        });
    }
}
