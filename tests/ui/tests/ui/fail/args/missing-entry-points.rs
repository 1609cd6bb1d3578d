use psa_core::psa_driver;

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent")]
impl Trng {}

fn main() {}
