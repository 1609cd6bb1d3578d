use psa_core::{
    psa_driver, register_drivers, BuiltinKey, KeyAttributes, KeyId, Lifetime, Location,
    Persistence, Result,
};

pub struct Se;

// An opaque driver without `get_builtin_key`.
#[psa_driver(prefix = "se", kind = "opaque", location = Location::vendor(1), entry_points = [destroy_key])]
impl Se {
    fn destroy_key(&self, _attributes: &KeyAttributes, _key_buffer: &[u8]) -> Result<()> {
        Ok(())
    }
}

static KEYS: [BuiltinKey; 1] = [BuiltinKey {
    id: KeyId(0x7fff_0001),
    lifetime: Lifetime::new(Persistence::READ_ONLY, Location::vendor(1)),
    slot: 0,
}];

register_drivers! {
    pub struct App {
        opaque: [se: Se],
        builtin: false,
        builtin_keys: &KEYS,
    }
}

fn main() {}
