//! Checks through a `Psa` whose registration holds the driver: receipts prove who served.

use psa_core::receipt::Candidate;
use psa_core::{
    Dispatch, Driver, DriverKind, EntryPoint, Error, KeyAttributes, KeyId, Lifetime, Psa,
    UsageFlags,
};

use crate::Report;
use crate::direct::{
    P256_PAIR, admitted, ecdsa_sha256, hash_vectors, hmac_sha256, keyed, keyless, label, probes,
};
use crate::material::*;

mod vectors;

struct Path<'p, P: Dispatch> {
    psa: &'p Psa<P>,
    index: u8,
}

impl<P: Dispatch> Path<'_, P> {
    fn hits(&self, ep: EntryPoint) -> u32 {
        self.psa
            .dispatcher()
            .recorder()
            .hits(Candidate::Driver(self.index), ep)
    }
    /// Who served the last `ep` call (and clear the log).
    fn served(&self, ep: EntryPoint) -> Option<Candidate> {
        self.psa
            .dispatcher()
            .recorder()
            .take()
            .filter(|r| r.entry_point == ep)
            .last()
            .and_then(|r| r.served_by())
    }
    fn check_served(&self, r: &mut Report, cap: &str, input: &str, ep: EntryPoint) {
        let who = self.served(ep);
        r.check(
            cap,
            who == Some(Candidate::Driver(self.index)),
            &format!("{input}, through dispatch"),
            format!(
                "the receipt says {who:?} served {}, not the driver (Driver({}))",
                ep.name(),
                self.index
            ),
        );
    }
}

fn lifetime<D: Driver>() -> Lifetime {
    match D::KIND {
        DriverKind::Transparent => Lifetime::VOLATILE,
        DriverKind::Opaque => Lifetime::volatile_at(D::LOCATION),
    }
}

pub(crate) fn run<D: Driver, P: Dispatch>(make: &dyn Fn() -> Psa<P>, index: u8, r: &mut Report) {
    let psa = make();
    let path = Path { psa: &psa, index };
    let info = psa.dispatcher().info();
    let registered = info
        .drivers
        .iter()
        .any(|d| d.index == index && d.prefix == D::PREFIX);
    r.check(
        "registration",
        registered,
        &format!("driver index {index}"),
        format!(
            "the registration has no driver with prefix `{}` at index {index}",
            D::PREFIX
        ),
    );
    if !registered {
        return;
    }
    signatures::<D, P>(&path, r);
    hashes::<D, P>(&path, r);
    macs::<D, P>(&path, r);
    vectors::run::<D, P>(&path, r);
    outside::<D, P>(&path, r);
    export_policy::<D, P>(&path, r);
}

fn import<D: Driver, P: Dispatch>(
    path: &Path<'_, P>,
    r: &mut Report,
    cap: &str,
    a: KeyAttributes,
    material: &[u8],
) -> Option<KeyId> {
    match path
        .psa
        .import_key(&a.with_lifetime(lifetime::<D>()), material)
    {
        Ok(k) => Some(k),
        Err(e) => {
            r.skip(format!("{cap} through dispatch: import_key returned {e:?}"));
            None
        }
    }
}

fn signatures<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    let alg = ecdsa_sha256();
    let sign = keyed::<D>(EntryPoint::SignHash, P256_PAIR, 256, alg);
    let verify = keyed::<D>(EntryPoint::VerifyHash, P256_PAIR, 256, alg);
    let serves_sign = D::SIGN_HASH.is_some() && admitted::<D>(&sign);
    let serves_verify = D::VERIFY_HASH.is_some() && admitted::<D>(&verify);
    if !serves_sign && !serves_verify {
        return;
    }
    let a = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_bits(256)
        .with_algorithm(alg)
        .with_usage(UsageFlags::SIGN_HASH | UsageFlags::VERIFY_HASH);
    let Some(key) = import::<D, P>(path, r, &label(&sign), a, &hex(P256_PRIVATE)) else {
        return;
    };
    path.psa.dispatcher().recorder().reset();
    let digest = hex(SAMPLE_SHA256);
    let input = "RFC 6979 A.2.5 P-256 key, SHA-256(\"sample\")";
    let mut sig = [0u8; 64];
    let res = path.psa.sign_hash(key, alg, &digest, &mut sig);
    if serves_sign {
        let cap = label(&sign);
        r.check(
            &cap,
            res == Ok(64),
            &format!("{input}, through dispatch"),
            format!("sign_hash returned {res:?}"),
        );
        path.check_served(r, &cap, input, EntryPoint::SignHash);
    }
    if serves_verify && res == Ok(64) {
        let cap = label(&verify);
        let v = path.psa.verify_hash(key, alg, &digest, &sig);
        r.check(
            &cap,
            v.is_ok(),
            &format!("{input}, through dispatch"),
            format!("verify_hash returned {v:?}"),
        );
        path.check_served(r, &cap, input, EntryPoint::VerifyHash);
    }
    let _ = path.psa.destroy_key(key);
}

fn hashes<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    if D::HASH_COMPUTE.is_some() {
        for (alg, vector) in hash_vectors() {
            let req = keyless(EntryPoint::HashCompute, alg);
            if !admitted::<D>(&req) {
                continue;
            }
            let cap = label(&req);
            let mut out = [0u8; 64];
            let res = path.psa.hash_compute(alg, b"abc", &mut out);
            let want = hex(vector);
            let input = "FIPS 180-2 \"abc\"";
            r.vector(&cap);
            r.check(
                &cap,
                res == Ok(want.len()) && out[..want.len()] == want[..],
                &format!("{input}, through dispatch"),
                format!("hash_compute returned {res:?}"),
            );
            path.check_served(r, &cap, input, EntryPoint::HashCompute);
        }
    }
}

fn macs<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    let alg = hmac_sha256();
    let bits = HMAC_KEY.len() * 8;
    let a = KeyAttributes::new()
        .with_type(psa_core::KeyType::HMAC)
        .with_bits(bits)
        .with_algorithm(alg)
        .with_usage(UsageFlags::SIGN_MESSAGE | UsageFlags::VERIFY_MESSAGE);
    let compute = keyed::<D>(EntryPoint::MacCompute, psa_core::KeyType::HMAC, bits, alg);
    let verify = keyed::<D>(
        EntryPoint::MacVerifySetup,
        psa_core::KeyType::HMAC,
        bits,
        alg,
    );
    let serves_compute = D::MAC_COMPUTE.is_some() && admitted::<D>(&compute);
    let serves_verify = D::MAC_VERIFY_SETUP.is_some() && admitted::<D>(&verify);
    if !serves_compute && !serves_verify {
        return;
    }
    let Some(key) = import::<D, P>(path, r, &label(&compute), a, HMAC_KEY) else {
        return;
    };
    path.psa.dispatcher().recorder().reset();
    let want = hex(HMAC_SHA256);
    if serves_compute {
        let cap = label(&compute);
        let mut out = [0u8; 32];
        let res = path.psa.mac_compute(key, alg, HMAC_DATA, &mut out);
        r.vector(&cap);
        r.check(
            &cap,
            res == Ok(32) && out[..] == want[..],
            "RFC 4231 test case 2, through dispatch",
            format!("mac_compute returned {res:?}"),
        );
        path.check_served(r, &cap, "RFC 4231 test case 2", EntryPoint::MacCompute);
    }
    if serves_verify {
        // After a step fails the core refuses later steps itself (the recorder does not
        // count steps: that no step reaches the driver is observed by the project's
        // instrumented suites; here the state the author's users see).
        let cap = label(&verify);
        let mut wrong = want.clone();
        wrong[0] ^= 1;
        let mut op = path.psa.mac_operation();
        let verdict = op
            .verify_setup(key, alg)
            .and_then(|()| op.update(HMAC_DATA))
            .and_then(|()| op.verify_finish(&wrong));
        let after = op.update(b"more");
        drop(op);
        let input = "RFC 4231 key, a wrong MAC, then one more update, through dispatch";
        r.vector(&cap);
        r.check(
            &cap,
            verdict == Err(Error::InvalidSignature),
            input,
            format!("mac_verify_finish returned {verdict:?}, expected INVALID_SIGNATURE"),
        );
        r.check(
            &cap,
            after == Err(Error::BadState),
            input,
            format!("the update after the failed verify returned {after:?}, expected BAD_STATE"),
        );
        path.check_served(r, &cap, input, EntryPoint::MacVerifySetup);
    }
    let _ = path.psa.destroy_key(key);
}

/// Requests just outside a capability never reach the driver through dispatch.
fn outside<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    for p in probes::<D>() {
        let req = p.req;
        if admitted::<D>(&req) || !D::ENTRY_POINTS.contains(req.entry_point) {
            continue;
        }
        let cap = format!("{} (outside the capabilities)", label(&req));
        let mut key = None;
        if req.key_type != psa_core::KeyType::NONE {
            let usage = UsageFlags::SIGN_HASH
                | UsageFlags::VERIFY_HASH
                | UsageFlags::SIGN_MESSAGE
                | UsageFlags::DERIVE;
            let a = KeyAttributes::new()
                .with_type(req.key_type)
                .with_bits(req.bits)
                .with_algorithm(req.alg)
                .with_usage(usage)
                .with_lifetime(lifetime::<D>());
            // The import itself may be served by the driver: only the probed call counts.
            match path.psa.import_key(&a, &p.material) {
                Ok(k) => key = Some(k),
                Err(_) => continue,
            }
        }
        let before = path.hits(req.entry_point);
        let mut out = [0u8; 128];
        let _ = match (req.entry_point, key) {
            (EntryPoint::SignHash, Some(k)) => path
                .psa
                .sign_hash(k, req.alg, &[0x11; 48][..req.bits / 8], &mut out)
                .map(drop),
            (EntryPoint::VerifyHash, Some(k)) => path.psa.verify_hash(
                k,
                req.alg,
                &[0x11; 48][..req.bits / 8],
                &[0x22; 96][..req.bits / 4],
            ),
            (EntryPoint::ExportPublicKey, Some(k)) => {
                path.psa.export_public_key(k, &mut out).map(drop)
            }
            (EntryPoint::MacCompute, Some(k)) => path
                .psa
                .mac_compute(k, req.alg, HMAC_DATA, &mut out)
                .map(drop),
            (EntryPoint::HashCompute, None) => {
                path.psa.hash_compute(req.alg, b"abc", &mut out).map(drop)
            }
            _ => Ok(()),
        };
        let reached = path.hits(req.entry_point) - before;
        r.check(
            &cap,
            reached == 0,
            "through dispatch",
            format!("a request outside the driver's capabilities reached it {reached} times"),
        );
        if let Some(k) = key {
            let _ = path.psa.destroy_key(k);
        }
    }
}

/// The core never asks an opaque driver to export a key whose policy lacks `EXPORT`.
fn export_policy<D: Driver, P: Dispatch>(path: &Path<'_, P>, r: &mut Report) {
    if D::KIND != DriverKind::Opaque || D::EXPORT_KEY.is_none() {
        return;
    }
    let cap = format!("export_key {:?} 256 (opaque)", P256_PAIR);
    let a = KeyAttributes::new()
        .with_type(P256_PAIR)
        .with_bits(256)
        .with_algorithm(ecdsa_sha256())
        .with_usage(UsageFlags::SIGN_HASH);
    let Some(key) = import::<D, P>(path, r, &cap, a, &hex(P256_PRIVATE)) else {
        return;
    };
    let before = path.hits(EntryPoint::ExportKey);
    let mut out = [0u8; 64];
    let res = path.psa.export_key(key, &mut out);
    let reached = path.hits(EntryPoint::ExportKey) - before;
    r.check(
        &cap,
        res == Err(Error::NotPermitted) && reached == 0,
        "a key without EXPORT usage, through dispatch",
        format!("export_key returned {res:?} and reached the driver {reached} times (expected NOT_PERMITTED, 0)"),
    );
    let _ = path.psa.destroy_key(key);
}
