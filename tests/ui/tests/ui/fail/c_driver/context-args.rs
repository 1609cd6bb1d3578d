// Context declarations c_driver! refuses: an alignment that is not a power of two, a
// family whose C contexts it does not hold.
psa_c_driver::c_driver! {
    pub struct AcmeC = "single.json";
    hash_context(size = 112, align = 12);
    pake_context(size = 64, align = 8);
}

fn main() {}
