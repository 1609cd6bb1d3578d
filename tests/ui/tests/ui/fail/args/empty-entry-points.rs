use psa_core::psa_driver;

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [])]
impl Trng {}

fn main() {}
