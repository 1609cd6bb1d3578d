//! Proving a registration at compile time, and its bill of materials.
//!
//! - [`check_requirement`]: `register_drivers!`'s `require: [..]` list becomes one `const`
//!   evaluation per requirement over the registration's [`DispatchInfo`] (the drivers'
//!   `#[psa_driver]` data, with `#[cfg]`'d-out drivers absent) and the built-in families
//!   compiled in; an unmet requirement is a compile error at its tokens, whose message names
//!   every driver considered and why it cannot serve.
//! - [`check_shadowing`]: a transparent driver that an earlier driver with `fallback = false`
//!   makes unreachable for some entry point is a compile error naming both drivers.
//! - [`BillOfMaterials`]: the resolved dispatch table (`Dispatcher::BOM`), rendered as JSON
//!   (`BillOfMaterials::to_json`, feature `json`) and as Graphviz DOT
//!   ([`BillOfMaterials::dot`]).
//!
//! None of this is on the dispatch path: the generated dispatch code is unchanged.

use core::fmt;

#[cfg(feature = "json")]
mod json;

use crate::dispatch::DispatchInfo;
use crate::driver::{Capability, DriverInfo, DriverKind};
use crate::entry::{EntryPoint, EntryPointSet, Implementers, Request, Shape};
use crate::{Algorithm, BuiltinKey, EccFamily, KeyType, Location};

/// One element of `require: [..]`: an entry point with the request it must serve.
#[derive(Clone, Copy, Debug)]
pub struct Requirement {
    /// The requirement as written, for messages.
    pub text: &'static str,
    /// The request (location `LOCAL_STORAGE` unless written `in LOCATION`).
    pub request: Request,
}

/// A registered driver as written in `register_drivers!`, present in [`DispatchInfo`] only
/// when its `#[cfg]` is on.
#[derive(Clone, Copy, Debug)]
pub struct Registered {
    /// The field name.
    pub field: &'static str,
    /// Position in the registration ([`DriverInfo::index`]).
    pub index: u8,
}

/// A message built at compile time (no heap): what a failed check reports.
#[derive(Clone, Copy)]
pub struct Message {
    buf: [u8; Message::CAPACITY],
    len: usize,
    truncated: bool,
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Message {
    const CAPACITY: usize = 3000;
    const ELLIPSIS: &'static str = " …";

    const fn new() -> Message {
        Message {
            buf: [0; Message::CAPACITY],
            len: 0,
            truncated: false,
        }
    }
    /// Appends `s` whole, or marks the message truncated.
    const fn push(&mut self, s: &str) {
        let b = s.as_bytes();
        if self.truncated || self.len + b.len() + Self::ELLIPSIS.len() > Self::CAPACITY {
            if !self.truncated {
                self.truncated = true;
                let e = Self::ELLIPSIS.as_bytes();
                let mut i = 0;
                while i < e.len() {
                    self.buf[self.len] = e[i];
                    self.len += 1;
                    i += 1;
                }
            }
            return;
        }
        let mut i = 0;
        while i < b.len() {
            self.buf[self.len] = b[i];
            self.len += 1;
            i += 1;
        }
    }
    const fn push_usize(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let (_, tail) = digits.split_at(i);
        if let Ok(s) = core::str::from_utf8(tail) {
            self.push(s);
        }
    }
    const fn push_hex(&mut self, n: u32) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut digits = *b"0x00000000";
        let mut i = 0;
        while i < 8 {
            digits[9 - i] = HEX[((n >> (4 * i)) & 0xf) as usize];
            i += 1;
        }
        if let Ok(s) = core::str::from_utf8(&digits) {
            self.push(s);
        }
    }
    const fn push_code(&mut self, s: &str) {
        self.push("`");
        self.push(s);
        self.push("`");
    }
    /// The message text.
    pub const fn as_str(&self) -> &str {
        let (text, _) = self.buf.split_at(self.len);
        match core::str::from_utf8(text) {
            Ok(s) => s,
            Err(_) => "",
        }
    }
}

/// Why a driver cannot serve a request, or `None` if it may.
const fn driver_refusal(d: &DriverInfo, req: &Request) -> Option<Refusal> {
    let ep = req.entry_point;
    let keyless = matches!(ep.shape(), Shape::Keyless | Shape::KeylessSetup);
    match d.kind {
        DriverKind::Transparent => {
            if !keyless && req.location.value() != 0 {
                return Some(Refusal::TransparentAtLocation);
            }
            if ep.implementers() as u8 == Implementers::OpaqueOnly as u8 {
                return Some(Refusal::OpaqueOnly);
            }
        }
        DriverKind::Opaque => {
            if keyless {
                return Some(Refusal::OpaqueKeyless);
            }
            if req.location.value() != d.location.value() {
                return Some(Refusal::OtherLocation);
            }
        }
    }
    if !d.entry_points.contains(ep) {
        return Some(Refusal::NotDeclared);
    }
    capability_refusal(d.capabilities, req)
}

/// Why none of `caps` admits `req` (the first failing field of the first capability that
/// names its entry point), or `None` if one does or none names it.
const fn capability_refusal(caps: &[Capability], req: &Request) -> Option<Refusal> {
    let mut first = None;
    let mut i = 0;
    while i < caps.len() {
        let cap = &caps[i];
        if cap.entry_points.contains(req.entry_point) {
            if cap.matches(req) {
                return None;
            }
            if first.is_none() {
                first = Some(field_refusal(cap, req));
            }
        }
        i += 1;
    }
    first
}

const fn field_refusal(cap: &Capability, req: &Request) -> Refusal {
    let algorithms = Capability {
        key_types: &[],
        key_sizes: &[],
        ..*cap
    };
    if !algorithms.matches(req) {
        return Refusal::Algorithm;
    }
    let types = Capability {
        key_sizes: &[],
        ..*cap
    };
    if !types.matches(req) {
        return Refusal::KeyType;
    }
    Refusal::KeySize
}

#[derive(Clone, Copy)]
enum Refusal {
    TransparentAtLocation,
    OpaqueOnly,
    OpaqueKeyless,
    OtherLocation,
    NotDeclared,
    Algorithm,
    KeyType,
    KeySize,
    BuiltinNotRegistered,
    BuiltinFamilyOff,
    CompiledOut,
}

const fn push_refusal(m: &mut Message, r: Refusal, d: Option<&DriverInfo>, req: &Request) {
    let ep = req.entry_point.name();
    match r {
        Refusal::TransparentAtLocation => {
            m.push("is transparent: it serves keys in local storage, not at location ");
            m.push_hex(req.location.value());
        }
        Refusal::OpaqueOnly => {
            m.push("is transparent, and ");
            m.push_code(ep);
            m.push(" is for opaque drivers only");
        }
        Refusal::OpaqueKeyless => {
            m.push("is opaque, and ");
            m.push_code(ep);
            m.push(" has no key, so it goes to transparent drivers only");
        }
        Refusal::OtherLocation => {
            m.push("is opaque and owns location ");
            if let Some(d) = d {
                m.push_hex(d.location.value());
            }
            m.push(", not ");
            if req.location.value() == 0 {
                m.push("local storage");
            } else {
                m.push_hex(req.location.value());
            }
        }
        Refusal::NotDeclared => {
            m.push("does not declare ");
            m.push_code(ep);
        }
        Refusal::Algorithm => {
            m.push("has capabilities for ");
            m.push_code(ep);
            m.push(" that leave out this algorithm");
        }
        Refusal::KeyType => {
            m.push("has capabilities for ");
            m.push_code(ep);
            m.push(" that leave out this key type");
        }
        Refusal::KeySize => {
            m.push("has capabilities for ");
            m.push_code(ep);
            m.push(" that leave out ");
            m.push_usize(req.bits);
            m.push("-bit keys");
        }
        Refusal::BuiltinNotRegistered => m.push("is not registered (`builtin: false`)"),
        Refusal::BuiltinFamilyOff => {
            m.push("does not serve this request with the `builtin-*` features enabled");
            let feature = builtin_feature(req);
            if !feature.is_empty() {
                m.push(" (");
                m.push_code(feature);
                m.push(" is off)");
            }
        }
        Refusal::CompiledOut => m.push("is compiled out by its `#[cfg]`"),
    }
}

/// Checks one requirement of `register_drivers!`'s `require: [..]`: `None` when a
/// registered driver or the built-in may serve it, else the error message.
pub const fn check_requirement(
    info: &DispatchInfo,
    registered: &[Registered],
    req: &Requirement,
) -> Option<Message> {
    let r = &req.request;
    let mut i = 0;
    while i < info.drivers.len() {
        if driver_refusal(&info.drivers[i], r).is_none() {
            return None;
        }
        i += 1;
    }
    let keyless = matches!(r.entry_point.shape(), Shape::Keyless | Shape::KeylessSetup);
    let local = keyless || r.location.value() == 0;
    let builtin_refusal = if !info.builtin {
        Some(Refusal::BuiltinNotRegistered)
    } else if !local {
        Some(Refusal::TransparentAtLocation)
    } else if !builtin_serves(r) {
        Some(Refusal::BuiltinFamilyOff)
    } else {
        None
    };
    if builtin_refusal.is_none() {
        return None;
    }

    let mut m = Message::new();
    m.push("requirement `");
    m.push(req.text);
    m.push("` is served by nothing in `");
    m.push(info.name);
    m.push("`:");
    let mut k = 0;
    while k < registered.len() {
        let reg = &registered[k];
        m.push("\n  - `");
        m.push(reg.field);
        m.push("`");
        let mut found = None;
        let mut j = 0;
        while j < info.drivers.len() {
            if info.drivers[j].index == reg.index {
                found = Some(&info.drivers[j]);
            }
            j += 1;
        }
        match found {
            Some(d) => {
                m.push(" (");
                m.push_code(d.type_name);
                m.push(") ");
                if let Some(why) = driver_refusal(d, r) {
                    push_refusal(&mut m, why, Some(d), r);
                }
            }
            None => {
                m.push(" ");
                push_refusal(&mut m, Refusal::CompiledOut, None, r);
            }
        }
        k += 1;
    }
    m.push("\n  - the built-in ");
    if let Some(why) = builtin_refusal {
        push_refusal(&mut m, why, None, r);
    }
    m.push(
        "\nregister a driver that serves it, enable the built-in family, or drop the requirement",
    );
    Some(m)
}

/// Checks that the transparent driver at registration index `later` can be reached for
/// every entry point it declares, past the one at `earlier`: `None`, or the error message.
/// Drivers compiled out by `#[cfg]` are absent from `info` and never shadow.
pub const fn check_shadowing(info: &DispatchInfo, earlier: u8, later: u8) -> Option<Message> {
    let (Some(a), Some(b)) = (find(info, earlier), find(info, later)) else {
        return None;
    };
    if !matches!(a.kind, DriverKind::Transparent)
        || !matches!(b.kind, DriverKind::Transparent)
        || a.has_guard
        || !has_final_capability(a)
    {
        return None;
    }
    // Counted first, so that the (large) message is only built for an error.
    let (shadowed, declared) = shadowed_entry_points(a, b);
    if shadowed == 0 {
        return None;
    }
    let mut m = Message::new();
    let mut listed = 0;
    let all = EntryPoint::ALL;
    let mut e = 0;
    while e < all.len() {
        let ep = all[e];
        e += 1;
        if b.entry_points.contains(ep)
            && a.entry_points.contains(ep)
            && covers(a.capabilities, b.capabilities, ep)
        {
            if listed == 0 {
                m.push("driver `");
                m.push(b.prefix);
                m.push("` (`");
                m.push(b.type_name);
                m.push("`) can never be reached for ");
            } else {
                m.push(", ");
            }
            m.push_code(ep.name());
            listed += 1;
        }
    }
    m.push(": the earlier driver `");
    m.push(a.prefix);
    m.push("` (`");
    m.push(a.type_name);
    m.push("`) covers all of its capability there with `fallback = false`");
    if shadowed == declared {
        m.push(", which is every entry point it declares");
    }
    m.push("; register it first, narrow the earlier capability, or list its field in `allow_shadowed: [..]`");
    Some(m)
}

/// Checks that the transparent driver at registration index `later` can be reached past
/// every transparent driver registered before it ([`check_shadowing`] against each, the
/// first error). One check per driver rather than per pair keeps a long registration cheap
/// to compile.
pub const fn check_reachable(info: &DispatchInfo, later: u8) -> Option<Message> {
    let mut i = 0;
    while i < info.drivers.len() {
        let a = &info.drivers[i];
        i += 1;
        if a.index < later
            && has_final_capability(a)
            && let Some(m) = check_shadowing(info, a.index, later)
        {
            return Some(m);
        }
    }
    None
}

/// Checks that the driver at registration index `later` has a prefix of its own and, if
/// opaque, a location of its own, against every driver registered before it: `None`, or
/// the error message. `fields` are the registration's field names by index (for messages).
/// One check per driver rather than per pair keeps a long registration cheap to compile.
pub const fn check_distinct(info: &DispatchInfo, later: u8, fields: &[&str]) -> Option<Message> {
    let Some(b) = find(info, later) else {
        return None;
    };
    let mut i = 0;
    while i < info.drivers.len() {
        let a = &info.drivers[i];
        i += 1;
        if a.index >= later {
            continue;
        }
        let same_prefix = crate::__private::str_eq(a.prefix, b.prefix);
        let same_location = matches!(a.kind, DriverKind::Opaque)
            && matches!(b.kind, DriverKind::Opaque)
            && a.location.value() == b.location.value();
        if !same_prefix && !same_location {
            continue;
        }
        let mut m = Message::new();
        m.push(if same_prefix {
            "drivers `"
        } else {
            "opaque drivers `"
        });
        m.push(field(fields, a.index));
        m.push("` and `");
        m.push(field(fields, later));
        m.push(if same_prefix {
            "` have the same prefix; each registered driver needs its own"
        } else {
            "` own the same location; each location has one driver"
        });
        return Some(m);
    }
    None
}

const fn field<'a>(fields: &[&'a str], index: u8) -> &'a str {
    if (index as usize) < fields.len() {
        fields[index as usize]
    } else {
        "?"
    }
}

/// Whether a driver has a `fallback = false` capability, the only kind that can shadow.
const fn has_final_capability(d: &DriverInfo) -> bool {
    let mut i = 0;
    while i < d.capabilities.len() {
        if !d.capabilities[i].fallback {
            return true;
        }
        i += 1;
    }
    false
}

/// How many of `b`'s declared entry points `a` shadows, and how many `b` declares.
const fn shadowed_entry_points(a: &DriverInfo, b: &DriverInfo) -> (usize, usize) {
    let (mut shadowed, mut declared) = (0, 0);
    let all = EntryPoint::ALL;
    let mut e = 0;
    while e < all.len() {
        let ep = all[e];
        e += 1;
        if !b.entry_points.contains(ep) {
            continue;
        }
        declared += 1;
        if a.entry_points.contains(ep) && covers(a.capabilities, b.capabilities, ep) {
            shadowed += 1;
        }
    }
    (shadowed, declared)
}

const fn find(info: &DispatchInfo, index: u8) -> Option<&DriverInfo> {
    let mut i = 0;
    while i < info.drivers.len() {
        if info.drivers[i].index == index {
            return Some(&info.drivers[i]);
        }
        i += 1;
    }
    None
}

/// Whether every request to `ep` that `later` admits is admitted by one of `earlier`'s
/// `fallback = false` capabilities (so it never reaches `later`).
const fn covers(earlier: &[Capability], later: &[Capability], ep: EntryPoint) -> bool {
    const ALL: Capability = Capability {
        entry_points: EntryPointSet::EMPTY,
        algorithms: &[],
        key_types: &[],
        key_sizes: &[],
        fallback: true,
    };
    let mut named = false;
    let mut j = 0;
    while j < later.len() {
        if later[j].entry_points.contains(ep) {
            named = true;
            if !covered(earlier, &later[j], ep) {
                return false;
            }
        }
        j += 1;
    }
    named || covered(earlier, &ALL, ep)
}

const fn covered(earlier: &[Capability], y: &Capability, ep: EntryPoint) -> bool {
    let mut i = 0;
    while i < earlier.len() {
        let x = &earlier[i];
        if x.entry_points.contains(ep) && !x.fallback && cap_covers(x, y) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether capability `x` admits everything `y` admits (for an entry point both name).
const fn cap_covers(x: &Capability, y: &Capability) -> bool {
    if !x.algorithms.is_empty() {
        if y.algorithms.is_empty() {
            return false;
        }
        let mut j = 0;
        while j < y.algorithms.len() {
            let mut ok = false;
            let mut i = 0;
            while i < x.algorithms.len() {
                let (p, q) = (x.algorithms[i], y.algorithms[j]);
                ok |= p.value() == q.value() || p.permits(q);
                i += 1;
            }
            if !ok {
                return false;
            }
            j += 1;
        }
    }
    if !x.key_types.is_empty() {
        if y.key_types.is_empty() {
            return false;
        }
        let mut j = 0;
        while j < y.key_types.len() {
            let mut ok = false;
            let mut i = 0;
            while i < x.key_types.len() {
                ok |= y.key_types[j].matches(x.key_types[i]);
                i += 1;
            }
            if !ok {
                return false;
            }
            j += 1;
        }
    }
    if !x.key_sizes.is_empty() {
        if y.key_sizes.is_empty() {
            return false;
        }
        let mut j = 0;
        while j < y.key_sizes.len() {
            let mut ok = false;
            let mut i = 0;
            while i < x.key_sizes.len() {
                ok |= x.key_sizes[i] == y.key_sizes[j];
                i += 1;
            }
            if !ok {
                return false;
            }
            j += 1;
        }
    }
    true
}

/// What the built-in serves, family by family, as capabilities (with the family's feature).
pub const BUILTIN_FAMILIES: &[(&str, bool, Capability)] = {
    use EntryPoint as E;
    const SECP_R1_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    const SECP_R1_PUB: KeyType = KeyType::ecc_public_key(EccFamily::SECP_R1);
    const X25519_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::MONTGOMERY);
    const X25519_PUB: KeyType = KeyType::ecc_public_key(EccFamily::MONTGOMERY);
    const ED25519_PAIR: KeyType = KeyType::ecc_key_pair(EccFamily::TWISTED_EDWARDS);
    const ED25519_PUB: KeyType = KeyType::ecc_public_key(EccFamily::TWISTED_EDWARDS);
    const HASHES: &[Algorithm] = &[
        Algorithm::SHA_224,
        Algorithm::SHA_256,
        Algorithm::SHA_384,
        Algorithm::SHA_512,
    ];
    /// The AEAD entry points, single- and multi-part.
    const AEAD: &[EntryPoint] = &[
        E::AeadEncrypt,
        E::AeadDecrypt,
        E::AeadEncryptSetup,
        E::AeadDecryptSetup,
        E::AeadSetNonce,
        E::AeadSetLengths,
        E::AeadUpdateAd,
        E::AeadUpdate,
        E::AeadFinish,
        E::AeadVerify,
        E::AeadAbort,
    ];
    const fn cap(
        eps: &[EntryPoint],
        algorithms: &'static [Algorithm],
        key_types: &'static [KeyType],
        key_sizes: &'static [usize],
    ) -> Capability {
        Capability {
            entry_points: EntryPointSet::of(eps),
            algorithms,
            key_types,
            key_sizes,
            fallback: true,
        }
    }
    &[
        (
            "",
            true,
            cap(
                &[E::ImportKey, E::GenerateKey],
                &[],
                &[
                    KeyType::AES,
                    KeyType::CHACHA20,
                    KeyType::HMAC,
                    KeyType::RAW_DATA,
                    KeyType::DERIVE,
                    KeyType::PASSWORD,
                    KeyType::PASSWORD_HASH,
                ],
                &[],
            ),
        ),
        (
            "builtin-ecc",
            cfg!(feature = "builtin-ecc"),
            cap(
                &[E::ImportKey, E::GenerateKey, E::ExportPublicKey],
                &[],
                &[SECP_R1_PAIR, SECP_R1_PUB],
                &[256, 384, 521],
            ),
        ),
        (
            "builtin-ecc",
            cfg!(feature = "builtin-ecc"),
            cap(
                &[E::SignHash, E::VerifyHash],
                &[
                    Algorithm::ecdsa(Algorithm::ANY_HASH),
                    Algorithm::deterministic_ecdsa(Algorithm::ANY_HASH),
                ],
                &[SECP_R1_PAIR, SECP_R1_PUB],
                &[256, 384, 521],
            ),
        ),
        (
            "builtin-ecc",
            cfg!(feature = "builtin-ecc"),
            cap(
                &[E::KeyAgreement],
                &[Algorithm::ECDH],
                &[SECP_R1_PAIR],
                &[256, 384, 521],
            ),
        ),
        (
            "builtin-curve25519",
            cfg!(feature = "builtin-curve25519"),
            cap(
                &[E::ImportKey, E::GenerateKey, E::ExportPublicKey],
                &[],
                &[X25519_PAIR, X25519_PUB, ED25519_PAIR, ED25519_PUB],
                &[255],
            ),
        ),
        (
            "builtin-curve25519",
            cfg!(feature = "builtin-curve25519"),
            cap(
                &[E::SignMessage, E::VerifyMessage],
                &[Algorithm::PURE_EDDSA],
                &[ED25519_PAIR, ED25519_PUB],
                &[255],
            ),
        ),
        (
            "builtin-curve25519",
            cfg!(feature = "builtin-curve25519"),
            cap(
                &[E::KeyAgreement],
                &[Algorithm::ECDH],
                &[X25519_PAIR],
                &[255],
            ),
        ),
        (
            "builtin-hash",
            cfg!(feature = "builtin-hash"),
            cap(
                &[
                    E::HashCompute,
                    E::HashSetup,
                    E::HashUpdate,
                    E::HashFinish,
                    E::HashClone,
                    E::HashAbort,
                ],
                HASHES,
                &[],
                &[],
            ),
        ),
        (
            "builtin-mac",
            cfg!(feature = "builtin-mac"),
            cap(
                &[
                    E::MacCompute,
                    E::MacSignSetup,
                    E::MacVerifySetup,
                    E::MacUpdate,
                    E::MacSignFinish,
                    E::MacVerifyFinish,
                    E::MacAbort,
                ],
                &[
                    Algorithm::hmac(Algorithm::SHA_224),
                    Algorithm::hmac(Algorithm::SHA_256),
                    Algorithm::hmac(Algorithm::SHA_384),
                    Algorithm::hmac(Algorithm::SHA_512),
                ],
                &[KeyType::HMAC],
                &[],
            ),
        ),
        (
            "builtin-cmac",
            cfg!(feature = "builtin-cmac"),
            cap(
                &[
                    E::MacCompute,
                    E::MacSignSetup,
                    E::MacVerifySetup,
                    E::MacUpdate,
                    E::MacSignFinish,
                    E::MacVerifyFinish,
                    E::MacAbort,
                ],
                &[Algorithm::CMAC],
                &[KeyType::AES],
                &[128, 192, 256],
            ),
        ),
        (
            "builtin-cipher",
            cfg!(feature = "builtin-cipher"),
            cap(
                &[
                    E::CipherEncrypt,
                    E::CipherDecrypt,
                    E::CipherEncryptSetup,
                    E::CipherDecryptSetup,
                    E::CipherSetIv,
                    E::CipherUpdate,
                    E::CipherFinish,
                    E::CipherAbort,
                ],
                &[
                    Algorithm::CTR,
                    Algorithm::CBC_NO_PADDING,
                    Algorithm::CBC_PKCS7,
                    Algorithm::ECB_NO_PADDING,
                ],
                &[KeyType::AES],
                &[128, 192, 256],
            ),
        ),
        (
            "builtin-aead",
            cfg!(feature = "builtin-aead"),
            cap(AEAD, &[Algorithm::GCM], &[KeyType::AES], &[128, 192, 256]),
        ),
        (
            "builtin-aead",
            cfg!(feature = "builtin-aead"),
            cap(
                AEAD,
                &[Algorithm::CHACHA20_POLY1305],
                &[KeyType::CHACHA20],
                &[256],
            ),
        ),
        (
            "builtin-ccm",
            cfg!(feature = "builtin-ccm"),
            cap(AEAD, &[Algorithm::CCM], &[KeyType::AES], &[128, 192, 256]),
        ),
        (
            "builtin-kdf",
            cfg!(feature = "builtin-kdf"),
            cap(
                &[
                    E::KeyDerivationSetup,
                    E::KeyDerivationInputBytes,
                    E::KeyDerivationOutputBytes,
                    E::KeyDerivationAbort,
                ],
                &[
                    Algorithm::hkdf(Algorithm::SHA_224),
                    Algorithm::hkdf(Algorithm::SHA_256),
                    Algorithm::hkdf(Algorithm::SHA_384),
                    Algorithm::hkdf(Algorithm::SHA_512),
                ],
                &[],
                &[],
            ),
        ),
        (
            "builtin-pbkdf2",
            cfg!(feature = "builtin-pbkdf2"),
            cap(
                &[
                    E::KeyDerivationSetup,
                    E::KeyDerivationInputBytes,
                    E::KeyDerivationInputInteger,
                    E::KeyDerivationOutputBytes,
                    E::KeyDerivationAbort,
                ],
                &[
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_224),
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_256),
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_384),
                    Algorithm::pbkdf2_hmac(Algorithm::SHA_512),
                    Algorithm::PBKDF2_AES_CMAC_PRF_128,
                ],
                &[],
                &[],
            ),
        ),
        (
            "builtin-rsa",
            cfg!(all(feature = "builtin-rsa", target_has_atomic = "ptr")),
            cap(
                &[E::ImportKey, E::ExportPublicKey],
                &[],
                &[KeyType::RSA_KEY_PAIR, KeyType::RSA_PUBLIC_KEY],
                &[],
            ),
        ),
        (
            "builtin-rsa",
            cfg!(all(feature = "builtin-rsa", target_has_atomic = "ptr")),
            cap(
                &[E::VerifyHash],
                &[
                    Algorithm::rsa_pkcs1v15_sign(Algorithm::ANY_HASH),
                    Algorithm::RSA_PKCS1V15_SIGN_RAW,
                    Algorithm::rsa_pss(Algorithm::ANY_HASH),
                    Algorithm::rsa_pss_any_salt(Algorithm::ANY_HASH),
                ],
                &[KeyType::RSA_KEY_PAIR, KeyType::RSA_PUBLIC_KEY],
                &[],
            ),
        ),
    ]
};

/// Whether the built-in, with the enabled `builtin-*` features, serves `req` (local keys).
pub const fn builtin_serves(req: &Request) -> bool {
    let mut i = 0;
    while i < BUILTIN_FAMILIES.len() {
        let (_, on, cap) = &BUILTIN_FAMILIES[i];
        if *on && cap.matches(req) {
            return true;
        }
        i += 1;
    }
    false
}

/// The `builtin-*` feature that would serve `req`, if one is off and would.
const fn builtin_feature(req: &Request) -> &'static str {
    let mut i = 0;
    while i < BUILTIN_FAMILIES.len() {
        let (feature, on, cap) = &BUILTIN_FAMILIES[i];
        if !*on && cap.matches(req) {
            return feature;
        }
        i += 1;
    }
    ""
}

/// A key-less requirement's location.
pub const LOCAL: Location = Location::LOCAL_STORAGE;

/// The resolved dispatch table of a registration (`Dispatcher::BOM`): for each entry point
/// the registration serves, the ordered transparent candidates with their guards and
/// fallback edges, the built-in (when registered and its family compiled in), the opaque
/// drivers by location, and the built-in keys the registration names (`builtin_keys:`) with
/// the opaque driver that serves each.
#[derive(Clone, Copy, Debug)]
pub struct BillOfMaterials {
    /// The registration.
    pub info: &'static DispatchInfo,
    /// The registration's built-in keys (`builtin_keys:` in `register_drivers!`).
    pub builtin_keys: &'static [BuiltinKey],
}

/// Whether every key of `keys` has an id in the built-in range, no other key's id, and a
/// location whose registered opaque driver declares `get_builtin_key` (`register_drivers!`
/// checks its `builtin_keys:` with this at compile time).
pub const fn builtin_keys_served(info: &DispatchInfo, keys: &[BuiltinKey]) -> bool {
    let mut i = 0;
    while i < keys.len() {
        let k = &keys[i];
        if !k.id.is_builtin() || builtin_key_driver(info, k).is_none() {
            return false;
        }
        let mut j = 0;
        while j < i {
            if keys[j].id.0 == k.id.0 {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// The registered opaque driver at `key`'s location that declares `get_builtin_key`.
pub const fn builtin_key_driver(
    info: &DispatchInfo,
    key: &BuiltinKey,
) -> Option<&'static DriverInfo> {
    let drivers = info.drivers;
    let mut i = 0;
    while i < drivers.len() {
        let d = &drivers[i];
        if matches!(d.kind, DriverKind::Opaque)
            && d.location.value() == key.lifetime.location().value()
            && d.entry_points.contains(EntryPoint::GetBuiltinKey)
        {
            return Some(d);
        }
        i += 1;
    }
    None
}

/// Whether a candidate's `NOT_SUPPORTED` goes on to the next candidate, for one entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fallback {
    /// Every capability naming the entry point falls through (or none names it).
    Always,
    /// No capability naming the entry point falls through: its status is final.
    Never,
    /// Some capabilities fall through and some do not.
    ByCapability,
}

impl Fallback {
    /// `"always"`, `"never"` or `"by-capability"` (the JSON spelling).
    pub const fn name(self) -> &'static str {
        match self {
            Fallback::Always => "always",
            Fallback::Never => "never",
            Fallback::ByCapability => "by-capability",
        }
    }
    /// The fallback of driver `d` for `ep`.
    pub fn of(d: &DriverInfo, ep: EntryPoint) -> Fallback {
        let mut caps = d
            .capabilities
            .iter()
            .filter(|c| c.entry_points.contains(ep));
        let (mut yes, mut no) = (false, false);
        for c in &mut caps {
            yes |= c.fallback;
            no |= !c.fallback;
        }
        match (yes, no) {
            (_, false) => Fallback::Always,
            (false, true) => Fallback::Never,
            (true, true) => Fallback::ByCapability,
        }
    }
}

impl BillOfMaterials {
    /// The bill of materials of a registration.
    pub const fn new(info: &'static DispatchInfo) -> BillOfMaterials {
        BillOfMaterials {
            info,
            builtin_keys: &[],
        }
    }
    /// The same, listing the registration's built-in keys.
    pub const fn with_builtin_keys(mut self, keys: &'static [BuiltinKey]) -> BillOfMaterials {
        self.builtin_keys = keys;
        self
    }
    /// Each built-in key with the opaque driver that serves it (`None` only for a table
    /// `register_drivers!` did not check).
    pub fn builtin_key_drivers(
        &self,
    ) -> impl Iterator<Item = (&'static BuiltinKey, Option<&'static DriverInfo>)> + '_ {
        self.builtin_keys
            .iter()
            .map(|k| (k, builtin_key_driver(self.info, k)))
    }
    /// Whether the built-in is registered and its family for `ep` compiled in.
    pub fn builtin_serves(&self, ep: EntryPoint) -> bool {
        self.info.builtin && crate::builtin::SERVES.contains(ep)
    }
    /// The entry points the registration serves: those a driver declares or the built-in
    /// serves, in catalogue order.
    pub fn entry_points(&self) -> impl Iterator<Item = EntryPoint> + '_ {
        EntryPoint::ALL
            .iter()
            .copied()
            .filter(|&ep| self.info.declares(ep) || self.builtin_serves(ep))
    }
    /// The transparent drivers called, in order, for `ep` on local keys (or key-less).
    pub fn local_candidates(&self, ep: EntryPoint) -> impl Iterator<Item = &'static DriverInfo> {
        let serves_local = ep.implementers() != Implementers::OpaqueOnly;
        self.info.drivers.iter().filter(move |d| {
            serves_local && d.kind == DriverKind::Transparent && d.entry_points.contains(ep)
        })
    }
    /// The opaque drivers for `ep` (keyed entry points only), declaring it or not.
    pub fn opaque_candidates(&self, ep: EntryPoint) -> impl Iterator<Item = &'static DriverInfo> {
        let keyed = !matches!(ep.shape(), Shape::Keyless | Shape::KeylessSetup);
        self.info
            .drivers
            .iter()
            .filter(move |d| keyed && d.kind == DriverKind::Opaque)
    }
    /// Where a local (or key-less) call ends when no driver's status is final.
    pub fn last_resort(&self, ep: EntryPoint) -> &'static str {
        if ep.implementers() == Implementers::OpaqueOnly {
            "NOT_SUPPORTED"
        } else if self.builtin_serves(ep) {
            "built-in"
        } else {
            "NOT_SUPPORTED"
        }
    }
    /// How calls of `ep` are routed: `"location"` (keyed: by the key's location, then the
    /// local chain), `"chain"` (key-less: the transparent drivers in order, then the
    /// built-in) or `"owner"` (a multi-part step, clone or abort: to the driver that
    /// accepted the setup; the candidates are the possible owners).
    pub fn routing(&self, ep: EntryPoint) -> &'static str {
        match ep.shape() {
            Shape::Keyed | Shape::KeyedSetup => "location",
            Shape::Keyless | Shape::KeylessSetup => "chain",
            Shape::Step | Shape::Clone | Shape::Abort => "owner",
        }
    }
    /// The `builtin-*` features and whether each is compiled in.
    pub fn builtin_features(&self) -> impl Iterator<Item = (&'static str, bool)> {
        BUILTIN_FAMILIES
            .iter()
            .enumerate()
            .filter(|(i, (name, _, _))| {
                !name.is_empty() && !BUILTIN_FAMILIES[..*i].iter().any(|(n, _, _)| n == name)
            })
            .map(|(_, (name, on, _))| (*name, *on))
    }
    /// The Graphviz DOT rendering of the dispatch tree (`dot -Tsvg`).
    pub fn dot(&self) -> Dot {
        Dot { bom: *self }
    }
}

/// The Graphviz DOT rendering of a [`BillOfMaterials`]; see [`BillOfMaterials::dot`].
#[derive(Clone, Copy, Debug)]
pub struct Dot {
    bom: BillOfMaterials,
}

/// Writes `args` into a DOT double-quoted string, escaping quotes and backslashes.
struct Escaped<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for Escaped<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for c in s.chars() {
            match c {
                '"' => self.0.write_str("\\\"")?,
                '\\' => self.0.write_str("\\\\")?,
                c => fmt::Write::write_char(self.0, c)?,
            }
        }
        Ok(())
    }
}

fn quoted(f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>) -> fmt::Result {
    f.write_str("\"")?;
    fmt::Write::write_fmt(&mut Escaped(f), args)?;
    f.write_str("\"")
}

impl fmt::Display for Dot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bom = &self.bom;
        f.write_str("digraph ")?;
        quoted(f, format_args!("{}", bom.info.name))?;
        f.write_str(" {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n")?;
        for ep in bom.entry_points() {
            let name = ep.name();
            writeln!(f, "  \"{name}\" [shape=ellipse];")?;
            let mut prev = NodeId(name, "");
            let mut first = true;
            let mut prev_final = false;
            for d in bom.local_candidates(ep) {
                let node = NodeId(name, d.prefix);
                f.write_str("  ")?;
                node.fmt(f)?;
                f.write_str(" [label=")?;
                quoted(
                    f,
                    format_args!("{}{}", d.prefix, crate::dispatch::Guard(d, ep)),
                )?;
                f.write_str("];\n  ")?;
                prev.fmt(f)?;
                f.write_str(" -> ")?;
                node.fmt(f)?;
                edge(f, first, prev_final)?;
                first = false;
                prev = node;
                prev_final = Fallback::of(d, ep) == Fallback::Never;
            }
            if ep.implementers() != Implementers::OpaqueOnly {
                let end = NodeId(name, bom.last_resort(ep));
                f.write_str("  ")?;
                end.fmt(f)?;
                writeln!(f, " [label=\"{}\", shape=oval];", bom.last_resort(ep))?;
                f.write_str("  ")?;
                prev.fmt(f)?;
                f.write_str(" -> ")?;
                end.fmt(f)?;
                edge(f, first, prev_final)?;
            }
            for d in bom.opaque_candidates(ep) {
                let node = NodeId(name, d.prefix);
                f.write_str("  ")?;
                node.fmt(f)?;
                f.write_str(" [label=")?;
                if d.entry_points.contains(ep) {
                    quoted(
                        f,
                        format_args!(
                            "{}{}, status final",
                            d.prefix,
                            crate::dispatch::Guard(d, ep)
                        ),
                    )?;
                } else {
                    quoted(
                        f,
                        format_args!("{}: NOT_SUPPORTED (not declared)", d.prefix),
                    )?;
                }
                writeln!(f, ", style=filled, fillcolor=lightgrey];")?;
                writeln!(
                    f,
                    "  \"{name}\" -> {node} [label=\"location {}\"];",
                    d.location
                )?;
            }
        }
        // The built-in keys, each pointing at the opaque driver that loads it.
        for (k, d) in bom.builtin_key_drivers() {
            writeln!(
                f,
                "  \"key {:#010x}\" [label=\"built-in key {:#010x}\\nslot {}\", shape=note];",
                k.id.0, k.id.0, k.slot
            )?;
            if let Some(d) = d {
                writeln!(
                    f,
                    "  \"key {:#010x}\" -> {} [label=\"location {}\", style=dotted];",
                    k.id.0,
                    NodeId(EntryPoint::GetBuiltinKey.name(), d.prefix),
                    d.location
                )?;
            }
        }
        f.write_str("}\n")
    }
}

/// The label of an edge of the local chain: into the first candidate, or on from one that
/// skipped the request (or, with fallback, declined it).
fn edge(f: &mut fmt::Formatter<'_>, first: bool, prev_final: bool) -> fmt::Result {
    f.write_str(if first {
        " [label=\"LOCAL_STORAGE\"];\n"
    } else if prev_final {
        // `fallback = false`: only requests outside its capabilities go on.
        " [label=\"outside its capabilities\", style=dashed];\n"
    } else {
        " [label=\"skipped or NOT_SUPPORTED\", style=dashed];\n"
    })
}

/// A DOT node: an entry point's candidate.
#[derive(Clone, Copy)]
struct NodeId(&'static str, &'static str);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        if self.1.is_empty() {
            fmt::Write::write_str(&mut Escaped(f), self.0)?;
        } else {
            fmt::Write::write_fmt(&mut Escaped(f), format_args!("{}/{}", self.0, self.1))?;
        }
        f.write_str("\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The coverage table the requirement checks use declares exactly the entry points the
    /// built-in serves with the enabled `builtin-*` features (`builtin::SERVES`, which the
    /// dispatcher uses), so a requirement is never proved by a family that is not there.
    #[test]
    fn builtin_families_declare_what_the_builtin_serves() {
        for &ep in EntryPoint::ALL {
            let declared = BUILTIN_FAMILIES
                .iter()
                .any(|(_, on, cap)| *on && cap.entry_points.contains(ep));
            assert_eq!(
                declared,
                crate::builtin::SERVES.contains(ep),
                "{}: BUILTIN_FAMILIES and builtin::SERVES disagree",
                ep.name()
            );
        }
    }

    const P256: KeyType = KeyType::ecc_key_pair(EccFamily::SECP_R1);
    const ECDSA: &[Algorithm] = &[Algorithm::ecdsa(Algorithm::ANY_HASH)];

    const fn cap(eps: &[EntryPoint], sizes: &'static [usize], fallback: bool) -> Capability {
        Capability {
            entry_points: EntryPointSet::of(eps),
            algorithms: ECDSA,
            key_types: &[P256],
            key_sizes: sizes,
            fallback,
        }
    }

    const fn driver(
        prefix: &'static str,
        index: u8,
        caps: &'static [Capability],
        has_guard: bool,
    ) -> DriverInfo {
        DriverInfo {
            prefix,
            type_name: prefix,
            kind: DriverKind::Transparent,
            location: Location::LOCAL_STORAGE,
            entry_points: EntryPointSet::of(&[EntryPoint::SignHash, EntryPoint::VerifyHash]),
            capabilities: caps,
            has_guard,
            index,
        }
    }

    static FINAL_SIGN: [Capability; 1] = [cap(&[EntryPoint::SignHash], &[256], false)];
    static ANY: [Capability; 0] = [];
    static SIGN_256: [Capability; 1] = [cap(&[EntryPoint::SignHash], &[256], true)];

    fn info(drivers: &'static [DriverInfo], builtin: bool) -> DispatchInfo {
        DispatchInfo {
            name: "App",
            drivers,
            builtin,
        }
    }

    fn sign(bits: usize) -> Requirement {
        Requirement {
            text: "sign_hash(..)",
            request: Request {
                entry_point: EntryPoint::SignHash,
                location: Location::LOCAL_STORAGE,
                key_type: P256,
                bits,
                alg: Algorithm::ecdsa(Algorithm::SHA_256),
            },
        }
    }

    #[test]
    fn shadowing_names_only_the_covered_entry_points() {
        // `b` admits everything for both entry points; `a` covers only P-256 signing.
        static D: [DriverInfo; 2] = [
            driver("a", 0, &FINAL_SIGN, false),
            driver("b", 1, &SIGN_256, false),
        ];
        let i = info(&D, false);
        let m = check_shadowing(&i, 0, 1).expect("b is shadowed for sign_hash");
        assert!(
            m.as_str()
                .contains("`b` (`b`) can never be reached for `sign_hash`: the earlier driver `a`"),
            "{m:?}"
        );
        // verify_hash still reaches it: not "every entry point it declares".
        assert!(!m.as_str().contains("every entry point"), "{m:?}");
        // Nor the other way round, nor when `b` admits more than `a` covers.
        assert!(check_shadowing(&i, 1, 0).is_none());
        static E: [DriverInfo; 2] = [
            driver("a", 0, &FINAL_SIGN, false),
            driver("b", 1, &ANY, false),
        ];
        assert!(check_shadowing(&info(&E, false), 0, 1).is_none());
        // A guard on the earlier driver may say no: never shadowing.
        static G: [DriverInfo; 2] = [
            driver("a", 0, &FINAL_SIGN, true),
            driver("b", 1, &SIGN_256, false),
        ];
        assert!(check_shadowing(&info(&G, false), 0, 1).is_none());
        // A driver compiled out (absent from INFO) shadows nothing.
        static C: [DriverInfo; 1] = [driver("b", 1, &SIGN_256, false)];
        assert!(check_shadowing(&info(&C, false), 0, 1).is_none());
    }

    #[test]
    fn reachability_is_checked_against_every_earlier_driver() {
        // `c` is shadowed by `b` (the second earlier driver), not by `a` (no final
        // capability): the per-driver check finds it and names `b`.
        static D: [DriverInfo; 3] = [
            driver("a", 0, &SIGN_256, false),
            driver("b", 1, &FINAL_SIGN, false),
            driver("c", 2, &SIGN_256, false),
        ];
        let i = info(&D, false);
        let m = check_reachable(&i, 2).expect("c is shadowed by b");
        assert!(m.as_str().contains("the earlier driver `b`"), "{m:?}");
        // The drivers before the shadowing one are reachable; a later one shadows nothing.
        assert!(check_reachable(&i, 0).is_none());
        assert!(check_reachable(&i, 1).is_none());
        static E: [DriverInfo; 2] = [
            driver("c", 0, &SIGN_256, false),
            driver("b", 1, &FINAL_SIGN, false),
        ];
        assert!(check_reachable(&info(&E, false), 1).is_none());
    }

    #[test]
    fn prefixes_and_locations_are_checked_against_every_earlier_driver() {
        const fn opaque(prefix: &'static str, index: u8, location: u32) -> DriverInfo {
            let mut d = driver(prefix, index, &ANY, false);
            d.kind = DriverKind::Opaque;
            d.location = Location(location);
            d
        }
        static D: [DriverInfo; 4] = [
            driver("a", 0, &ANY, false),
            driver("b", 1, &ANY, false),
            driver("a", 2, &ANY, false),
            opaque("se", 3, 0x80_0001),
        ];
        let fields = ["fa", "fb", "fa2", "fse"];
        let i = info(&D, false);
        let m = check_distinct(&i, 2, &fields).expect("a repeated prefix");
        assert_eq!(
            m.as_str(),
            "drivers `fa` and `fa2` have the same prefix; each registered driver needs its own"
        );
        for later in [0, 1, 3] {
            assert!(check_distinct(&i, later, &fields).is_none(), "{later}");
        }
        static L: [DriverInfo; 3] = [
            opaque("se", 0, 0x80_0001),
            opaque("hsm", 1, 0x80_0002),
            opaque("se2", 2, 0x80_0001),
        ];
        let m = check_distinct(&info(&L, false), 2, &["se", "hsm", "se2"]).expect("a location");
        assert_eq!(
            m.as_str(),
            "opaque drivers `se` and `se2` own the same location; each location has one driver"
        );
        // A driver compiled out (absent from INFO) clashes with nothing.
        assert!(check_distinct(&info(&L[..2], false), 2, &["se", "hsm", "se2"]).is_none());
    }

    #[test]
    fn requirements_name_each_candidate() {
        static D: [DriverInfo; 1] = [driver("a", 0, &FINAL_SIGN, false)];
        let registered = [
            Registered {
                field: "a",
                index: 0,
            },
            Registered {
                field: "gone",
                index: 1,
            },
        ];
        assert!(check_requirement(&info(&D, false), &registered, &sign(256)).is_none());
        let m = check_requirement(&info(&D, false), &registered, &sign(384)).expect("unmet");
        let m = m.as_str();
        assert!(
            m.starts_with("requirement `sign_hash(..)` is served by nothing in `App`:"),
            "{m}"
        );
        assert!(
            m.contains("- `a` (`a`) has capabilities for `sign_hash` that leave out 384-bit keys"),
            "{m}"
        );
        assert!(
            m.contains("- `gone` is compiled out by its `#[cfg]`"),
            "{m}"
        );
        assert!(
            m.contains("- the built-in is not registered (`builtin: false`)"),
            "{m}"
        );
        // The built-in serves P-384 exactly when `builtin-ecc` is compiled in.
        let with_builtin = check_requirement(&info(&D, true), &registered, &sign(384));
        assert_eq!(with_builtin.is_none(), cfg!(feature = "builtin-ecc"));
        // At a location no driver owns, nothing serves, the built-in included.
        let mut at = sign(256);
        at.request.location = Location::vendor(7);
        let m = check_requirement(&info(&D, true), &registered, &at).expect("unmet");
        assert!(m.as_str().contains("not at location 0x00800007"), "{m:?}");
    }

    #[test]
    fn fallback_per_entry_point() {
        static MIXED: [Capability; 2] = [
            cap(&[EntryPoint::SignHash], &[256], false),
            cap(&[EntryPoint::SignHash], &[384], true),
        ];
        let d = driver("a", 0, &MIXED, false);
        assert_eq!(
            Fallback::of(&d, EntryPoint::SignHash),
            Fallback::ByCapability
        );
        assert_eq!(Fallback::of(&d, EntryPoint::VerifyHash), Fallback::Always);
        let d = driver("a", 0, &FINAL_SIGN, false);
        assert_eq!(Fallback::of(&d, EntryPoint::SignHash), Fallback::Never);
    }

    #[test]
    fn long_messages_are_truncated_on_a_boundary() {
        let mut m = Message::new();
        for _ in 0..1000 {
            m.push("é…");
        }
        assert!(m.as_str().ends_with(" …"));
        assert!(m.as_str().len() <= Message::CAPACITY);
    }
}
