// A C driver whose description declares the hash and cipher families without stating their
// contexts' sizes, and the key derivation family (whose C contexts c_driver! does not hold
// yet).
psa_c_driver::c_driver! {
    pub struct AcmeC = "multipart.json";
}

fn main() {}
