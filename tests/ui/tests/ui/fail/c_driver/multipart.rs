// A C driver whose description declares the hash family (its context size cannot be learned
// at build time) and `sign_hash` (not callable through c_driver! yet).
psa_c_driver::c_driver! {
    pub struct AcmeC = "multipart.json";
}

fn main() {}
