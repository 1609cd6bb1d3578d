// A C driver whose description declares the hash, cipher and key derivation families without
// stating their contexts' sizes.
psa_c_driver::c_driver! {
    pub struct AcmeC = "multipart.json";
}

fn main() {}
