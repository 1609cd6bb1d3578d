//! The macros' entry point table agrees with `psa_core::EntryPoint`: names, order,
//! families, implementers and shapes. (Generated code also names every entry point through
//! psa-core, so a renamed one fails to compile; this catches the rest.)

use psa_core::EntryPoint;

#[test]
fn macro_table_matches_psa_core() {
    let table: &[(&str, &str, &str, &str)] = psa_core::__private::__entry_point_table!();
    let core: Vec<(String, String, String, String)> = EntryPoint::ALL
        .iter()
        .map(|ep| {
            (
                ep.name().to_owned(),
                format!("{:?}", ep.family()),
                format!("{:?}", ep.implementers()),
                format!("{:?}", ep.shape()),
            )
        })
        .collect();
    let macros: Vec<(String, String, String, String)> = table
        .iter()
        .map(|(n, f, i, s)| (n.to_string(), f.to_string(), i.to_string(), s.to_string()))
        .collect();
    assert_eq!(macros, core);
}
