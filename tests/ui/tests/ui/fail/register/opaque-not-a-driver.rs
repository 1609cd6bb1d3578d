use psa_core::register_drivers;

// Forgot `#[psa_driver]`.
pub struct SecureElement;

register_drivers! {
    pub struct App {
        opaque: [se: SecureElement],
        builtin: true,
    }
}

fn main() {}
