//! The JSON rendering of a bill of materials (feature `json`), through serde.
//!
//! The shape (`"schema": "psa-bom/1"`) is stable: fields are only ever added, and a change
//! of meaning bumps the schema name. See the README's "Bill of materials" section.

extern crate std;

use std::string::{String, ToString};
use std::vec::Vec;

use serde::Serialize;

use super::{BillOfMaterials, Fallback};
use crate::driver::{Capability, DriverInfo, DriverKind};
use crate::entry::{EntryPoint, EntryPointSet};

#[derive(Serialize)]
struct Document {
    schema: &'static str,
    dispatcher: &'static str,
    builtin: Builtin,
    drivers: Vec<Driver>,
    dispatch: Vec<Entry>,
    builtin_keys: Vec<Key>,
}

#[derive(Serialize)]
struct Key {
    id: String,
    location: String,
    persistence: u8,
    slot: u64,
    driver: Option<&'static str>,
}

#[derive(Serialize)]
struct Builtin {
    registered: bool,
    features: Vec<Feature>,
    entry_points: Vec<&'static str>,
}

#[derive(Serialize)]
struct Feature {
    name: &'static str,
    enabled: bool,
}

#[derive(Serialize)]
struct Driver {
    index: u8,
    prefix: &'static str,
    #[serde(rename = "type")]
    type_name: &'static str,
    kind: &'static str,
    location: String,
    entry_points: Vec<&'static str>,
    capabilities: Vec<Cap>,
    guard: bool,
}

#[derive(Serialize)]
struct Cap {
    entry_points: Vec<&'static str>,
    algorithms: Vec<String>,
    key_types: Vec<String>,
    key_sizes: Vec<usize>,
    fallback: bool,
}

#[derive(Serialize)]
struct Entry {
    entry_point: &'static str,
    routing: &'static str,
    local: Vec<Candidate>,
    last_resort: &'static str,
    opaque: Vec<Opaque>,
}

#[derive(Serialize)]
struct Candidate {
    driver: &'static str,
    guard: String,
    fallback: &'static str,
}

#[derive(Serialize)]
struct Opaque {
    location: String,
    driver: &'static str,
    declared: bool,
    guard: String,
}

fn names(set: EntryPointSet) -> Vec<&'static str> {
    set.iter().map(EntryPoint::name).collect()
}

fn cap(c: &Capability) -> Cap {
    Cap {
        entry_points: names(c.entry_points),
        algorithms: c.algorithms.iter().map(ToString::to_string).collect(),
        key_types: c.key_types.iter().map(ToString::to_string).collect(),
        key_sizes: c.key_sizes.to_vec(),
        fallback: c.fallback,
    }
}

fn driver(d: &DriverInfo) -> Driver {
    Driver {
        index: d.index,
        prefix: d.prefix,
        type_name: d.type_name,
        kind: match d.kind {
            DriverKind::Transparent => "transparent",
            DriverKind::Opaque => "opaque",
        },
        location: d.location.to_string(),
        entry_points: names(d.entry_points),
        capabilities: d.capabilities.iter().map(cap).collect(),
        guard: d.has_guard,
    }
}

fn guard(d: &DriverInfo, ep: EntryPoint) -> String {
    let s = crate::dispatch::Guard(d, ep).to_string();
    s.strip_prefix(' ').unwrap_or(&s).to_string()
}

impl BillOfMaterials {
    /// The JSON rendering (pretty-printed, schema `psa-bom/1`), documented in the README.
    pub fn to_json(&self) -> String {
        let doc = Document {
            schema: "psa-bom/1",
            dispatcher: self.info.name,
            builtin: Builtin {
                registered: self.info.builtin,
                features: self
                    .builtin_features()
                    .map(|(name, enabled)| Feature { name, enabled })
                    .collect(),
                entry_points: EntryPoint::ALL
                    .iter()
                    .copied()
                    .filter(|&ep| self.builtin_serves(ep))
                    .map(EntryPoint::name)
                    .collect(),
            },
            drivers: self.info.drivers.iter().map(driver).collect(),
            dispatch: self
                .entry_points()
                .map(|ep| Entry {
                    entry_point: ep.name(),
                    routing: self.routing(ep),
                    local: self
                        .local_candidates(ep)
                        .map(|d| Candidate {
                            driver: d.prefix,
                            guard: guard(d, ep),
                            fallback: Fallback::of(d, ep).name(),
                        })
                        .collect(),
                    last_resort: self.last_resort(ep),
                    opaque: self
                        .opaque_candidates(ep)
                        .map(|d| Opaque {
                            location: d.location.to_string(),
                            driver: d.prefix,
                            declared: d.entry_points.contains(ep),
                            guard: guard(d, ep),
                        })
                        .collect(),
                })
                .collect(),
            builtin_keys: self
                .builtin_key_drivers()
                .map(|(k, d)| Key {
                    id: std::format!("{:#010x}", k.id.0),
                    location: k.lifetime.location().to_string(),
                    persistence: k.lifetime.persistence().0,
                    slot: k.slot,
                    driver: d.map(|d| d.prefix),
                })
                .collect(),
        };
        // Serialising these plain structs into a string cannot fail.
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }
}
