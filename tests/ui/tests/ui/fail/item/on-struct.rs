use psa_core::psa_driver;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
pub struct Trng;

fn main() {}
