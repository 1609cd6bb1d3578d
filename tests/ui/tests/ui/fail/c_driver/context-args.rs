// Context declarations c_driver! refuses: an alignment that is not a power of two, a
// context of no multi-part family, a size of zero.
psa_c_driver::c_driver! {
    pub struct AcmeC = "single.json";
    hash_context(size = 112, align = 12);
    sign_context(size = 64, align = 8);
    pake_context(size = 0, align = 8);
}

fn main() {}
