//! test_c010: key attributes set/get/reset. `PSA_KEY_ATTRIBUTES_INIT` is `KeyAttributes::new()`
//! and resetting is assigning it again.

use psa_core::{Algorithm, Dispatch, KeyAttributes, KeyId, KeyType, Lifetime, UsageFlags};

use crate::common::*;
use crate::harness::{Check, Cx, Feature, same};

struct Entry {
    desc: &'static str,
    needs: &'static [Feature],
    key_type: KeyType,
    bits: usize,
    usage_flags: UsageFlags,
    alg: Algorithm,
    id: u32,
    lifetime: Lifetime,
}

const BASE: Entry = Entry {
    desc: "",
    needs: &[],
    key_type: KeyType::NONE,
    bits: 0,
    usage_flags: UsageFlags::NONE,
    alg: Algorithm::NONE,
    id: 0,
    lifetime: Lifetime::VOLATILE,
};

const CHECK1: &[Entry] = &[Entry {
    desc: "Test psa_key_attributes_set_get key attributes",
    needs: &[],
    key_type: KeyType::AES,
    bits: bytes_to_bits(AES_16B_KEY_SIZE),
    usage_flags: UsageFlags::ENCRYPT.union(UsageFlags::DECRYPT),
    alg: Algorithm::CCM,
    id: 0x1234,
    lifetime: Lifetime::PERSISTENT,
    ..BASE
}];

fn all_zero(what: &str, a: &KeyAttributes) -> Check {
    same(&format!("{what}: type"), &a.key_type(), &KeyType::NONE)?;
    same(&format!("{what}: id"), &a.id(), &KeyId::NULL)?;
    same(&format!("{what}: lifetime"), &a.lifetime(), &Lifetime(0))?;
    same(&format!("{what}: usage"), &a.usage(), &UsageFlags::NONE)?;
    same(
        &format!("{what}: algorithm"),
        &a.algorithm(),
        &Algorithm::NONE,
    )?;
    same(&format!("{what}: bits"), &a.bits(), &0)
}

pub(crate) fn run<D: Dispatch>(cx: &mut Cx<'_, D>) {
    for e in CHECK1 {
        cx.case(e.desc, e.needs, |_| {
            let mut a = KeyAttributes::new();
            all_zero("initial", &a)?;
            a.set_type(e.key_type);
            a.set_bits(e.bits);
            a.set_usage(e.usage_flags);
            a.set_id(KeyId(e.id));
            a.set_lifetime(e.lifetime);
            a.set_algorithm(e.alg);
            same("type", &a.key_type(), &e.key_type)?;
            same("id", &a.id(), &KeyId(e.id))?;
            same("lifetime", &a.lifetime(), &e.lifetime)?;
            same("usage", &a.usage(), &e.usage_flags)?;
            same("algorithm", &a.algorithm(), &e.alg)?;
            same("bits", &a.bits(), &e.bits)?;
            a = KeyAttributes::new();
            all_zero("after reset", &a)
        });
    }
}
