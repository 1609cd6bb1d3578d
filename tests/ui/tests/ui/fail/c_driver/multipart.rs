// A C driver whose description declares the hash family without stating its context's
// size, the cipher family (whose C contexts c_driver! does not hold yet) and
// `asymmetric_encrypt` (not callable through c_driver! yet).
psa_c_driver::c_driver! {
    pub struct AcmeC = "multipart.json";
}

fn main() {}
