//! The bill of materials of the main example's registration: its JSON (schema `psa-bom/1`)
//! and DOT renderings say which implementation serves each entry point.

use serde_json::Value;

#[path = "../device_dispatch.rs"]
mod device_dispatch;
use device_dispatch::DeviceDispatch;

use psa_core::EntryPoint;

fn json() -> Value {
    serde_json::from_str(&DeviceDispatch::BOM.to_json()).expect("the BOM is valid JSON")
}

fn dispatch_entry<'a>(doc: &'a Value, ep: &str) -> &'a Value {
    doc["dispatch"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entry_point"] == ep)
        .unwrap_or_else(|| panic!("`{ep}` is in the BOM"))
}

#[test]
fn json_lists_every_driver_and_entry_point() {
    let doc = json();
    assert_eq!(doc["schema"], "psa-bom/1");
    assert_eq!(doc["dispatcher"], "DeviceDispatch");
    assert_eq!(doc["builtin"]["registered"], true);

    let drivers = doc["drivers"].as_array().unwrap();
    let prefixes: Vec<&str> = drivers
        .iter()
        .map(|d| d["prefix"].as_str().unwrap())
        .collect();
    assert_eq!(prefixes, ["p256", "se"]);
    assert_eq!(drivers[0]["type"], "SelfTested<P256Driver>");
    assert_eq!(drivers[0]["kind"], "transparent");
    assert_eq!(drivers[1]["type"], "SecureElement");
    assert_eq!(drivers[1]["kind"], "opaque");
    assert_eq!(drivers[1]["location"], "0x800001");

    // Every entry point a driver declares or the built-in serves has an entry, and no other.
    let listed: Vec<&str> = doc["dispatch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entry_point"].as_str().unwrap())
        .collect();
    let info = &DeviceDispatch::INFO;
    for &ep in EntryPoint::ALL {
        let served = info.declares(ep) || psa_core::builtin::SERVES.contains(ep);
        assert_eq!(listed.contains(&ep.name()), served, "{}", ep.name());
    }
    for d in drivers {
        for ep in d["entry_points"].as_array().unwrap() {
            assert!(listed.contains(&ep.as_str().unwrap()));
        }
    }
}

#[test]
fn json_resolves_sign_hash_export_key_and_hash() {
    let doc = json();

    let sign = dispatch_entry(&doc, "sign_hash");
    assert_eq!(sign["routing"], "location");
    let local = sign["local"].as_array().unwrap();
    assert_eq!(local.len(), 1);
    assert_eq!(local[0]["driver"], "p256");
    assert_eq!(local[0]["fallback"], "always");
    assert_eq!(
        local[0]["guard"],
        "if alg ∈ {ECDSA(ANY_HASH)} && type ∈ {ECC_KEY_PAIR(SECP_R1)} && bits ∈ {256}"
    );
    assert_eq!(sign["last_resort"], "built-in");
    let opaque = sign["opaque"].as_array().unwrap();
    assert_eq!(opaque.len(), 1);
    assert_eq!(opaque[0]["driver"], "se");
    assert_eq!(opaque[0]["location"], "0x800001");
    assert_eq!(opaque[0]["declared"], true);

    // Opaque-only: no local chain, NOT_SUPPORTED for local keys.
    let export = dispatch_entry(&doc, "export_key");
    assert_eq!(export["local"].as_array().unwrap().len(), 0);
    assert_eq!(export["last_resort"], "NOT_SUPPORTED");

    // Served by the built-in alone; key-less, so no opaque driver.
    let hash = dispatch_entry(&doc, "hash_compute");
    assert_eq!(hash["routing"], "chain");
    assert_eq!(hash["local"].as_array().unwrap().len(), 0);
    assert_eq!(hash["opaque"].as_array().unwrap().len(), 0);
    assert_eq!(hash["last_resort"], "built-in");
    assert_eq!(dispatch_entry(&doc, "hash_update")["routing"], "owner");
}

#[test]
fn dot_draws_the_dispatch_tree() {
    let dot = DeviceDispatch::BOM.dot().to_string();
    assert!(dot.starts_with("digraph \"DeviceDispatch\" {\n"), "{dot}");
    assert!(dot.ends_with("}\n"));
    for line in [
        "  \"sign_hash\" [shape=ellipse];",
        "  \"sign_hash\" -> \"sign_hash/p256\" [label=\"LOCAL_STORAGE\"];",
        "  \"sign_hash/p256\" -> \"sign_hash/built-in\" [label=\"skipped or NOT_SUPPORTED\", style=dashed];",
        "  \"sign_hash\" -> \"sign_hash/se\" [label=\"location 0x800001\"];",
        "  \"hash_compute\" -> \"hash_compute/built-in\" [label=\"LOCAL_STORAGE\"];",
        "  \"export_key\" -> \"export_key/se\" [label=\"location 0x800001\"];",
    ] {
        assert!(dot.lines().any(|l| l == line), "missing {line:?} in\n{dot}");
    }
    // Quotes are balanced on every line (labels are escaped).
    for l in dot.lines() {
        assert_eq!(l.replace("\\\"", "").matches('"').count() % 2, 0, "{l}");
    }
    // With Graphviz installed, it renders.
    if let Ok(mut child) = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "dot -Tsvg failed");
        assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
    }
}

#[test]
fn the_builtin_keys_are_listed_with_the_driver_that_serves_them() {
    let doc = json();
    let keys = doc["builtin_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(keys[0]["id"], "0x7fff0001");
    assert_eq!(keys[0]["location"], "0x800001");
    assert_eq!(keys[0]["persistence"], 0xff, "read-only");
    assert_eq!(keys[0]["slot"], 1);
    assert_eq!(keys[0]["driver"], "se");
    // The runtime serves the same table.
    assert_eq!(
        DeviceDispatch::BUILTIN_KEYS,
        &device_dispatch::BUILTIN_KEYS[..]
    );

    let dot = DeviceDispatch::BOM.dot().to_string();
    assert!(
        dot.contains(
            "\"key 0x7fff0001\" [label=\"built-in key 0x7fff0001\\nslot 1\", shape=note];"
        ),
        "{dot}"
    );
    assert!(
        dot.contains(
            "\"key 0x7fff0001\" -> \"get_builtin_key/se\" [label=\"location 0x800001\", style=dotted];"
        ),
        "{dot}"
    );
    // The driver node the key points at exists.
    assert!(dot.contains("\"get_builtin_key/se\" [label="), "{dot}");
}
