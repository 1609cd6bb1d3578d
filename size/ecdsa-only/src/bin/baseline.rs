//! The size program with nothing in it: what the platform alone puts in `.text` (std's
//! runtime on the host; next to nothing on the microcontroller).

#![cfg_attr(target_os = "none", no_std, no_main)]

use core::hint::black_box;

#[cfg(not(target_os = "none"))]
fn main() -> std::process::ExitCode {
    if black_box(true) {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// The reset entry point on the microcontroller.
#[cfg(target_os = "none")]
#[allow(unsafe_code)] // `no_mangle` is an unsafe attribute: the linker must find `_start`.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    black_box(true);
    loop {
        core::hint::spin_loop();
    }
}

#[cfg(target_os = "none")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
