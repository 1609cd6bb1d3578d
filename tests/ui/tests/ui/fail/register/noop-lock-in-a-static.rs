use psa_core::{psa_driver, register_drivers, Psa, Result};

pub struct Trng;

#[psa_driver(prefix = "trng", kind = "transparent", entry_points = [get_random])]
impl Trng {
    fn get_random(&self, _output: &mut [u8]) -> Result<()> {
        Ok(())
    }
}

register_drivers! {
    pub struct App {
        transparent: [trng: Trng],
        builtin: true,
        lock: psa_core::lock::NoopMutex,
    }
}

// The no-op lock serves one thread: an instance over it is not `Sync`, so it cannot be a
// `static` shared with interrupt handlers or other threads.
static PSA: Psa<App> = Psa::new(App::new(Trng));

fn main() {
    let _ = &PSA;
}
