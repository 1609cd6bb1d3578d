// Problems in a C driver's description are reported as for a Rust driver's.
psa_c_driver::c_driver! {
    pub struct AcmeC = "../description/bad-description.json";
}

fn main() {}
