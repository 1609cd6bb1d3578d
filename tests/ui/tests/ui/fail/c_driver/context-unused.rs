// A hash context for a driver whose description declares no hash multi-part entry point.
psa_c_driver::c_driver! {
    pub struct AcmeC = "single.json";
    hash_context(size = 112, align = 8);
}

fn main() {}
