use psa_core::register_drivers;

pub struct Plain;

register_drivers! {
    pub struct AppDispatch {
        transparent: [plain: Plain],
        builtin: true,
    }
}

fn main() {}
