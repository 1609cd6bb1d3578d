//! Stack high-water marks by painting: fill the unused stack with a pattern, run a check,
//! then find the lowest word the pattern no longer holds.

/// The paint; a run of stack that happens to hold it reads as unused (an underestimate by
/// at most that run).
const PAINT: u32 = 0xa5c3_5a3c;
/// Left unpainted below `paint`'s own frame (its locals and the call's spill).
const MARGIN: usize = 64;

use crate::platform::sp;

// The runtimes' linker scripts: the stack grows down from `_stack_start` to `_stack_end`
// (cortex-m-rt: the end of `.bss`/`.uninit`) or `__estack` (riscv-rt: the end of the heap,
// empty here).
// SAFETY: the symbols are defined by the runtime's `link.x`; only their address is taken.
#[allow(unsafe_code)]
unsafe extern "C" {
    #[cfg(target_arch = "arm")]
    #[link_name = "_stack_end"]
    static STACK_END: u32;
    #[cfg(target_arch = "riscv32")]
    #[link_name = "__estack"]
    static STACK_END: u32;
}

fn stack_end() -> usize {
    // Taking the address of an extern static reads nothing.
    (&raw const STACK_END) as usize
}

#[inline(never)]
fn paint() {
    let sp = sp();
    let mut p = stack_end();
    while p + MARGIN < sp {
        // SAFETY: `[_stack_end, sp - MARGIN)` is stack below the live frames: nothing
        // lives there (no heap, no other thread; an interrupt handler would push its frame
        // below `sp` and be painted over or measured, never corrupted, since its frame is
        // only written after it starts). `p` is word-aligned (both runtimes align
        // the stack's end to 4) and inside RAM.
        #[allow(unsafe_code)]
        unsafe {
            core::ptr::write_volatile(p as *mut u32, PAINT)
        };
        p += 4;
    }
}

fn lowest_used() -> usize {
    let mut p = stack_end();
    let sp = sp();
    // SAFETY: as in `paint`: word-aligned addresses of RAM between the stack's end and the
    // current stack pointer; reading them has no side effect.
    #[allow(unsafe_code)]
    while p < sp && unsafe { core::ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    p
}

/// Run `f` on freshly painted stack; its result and the bytes of stack it used below the
/// caller's frame.
#[inline(never)]
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, usize) {
    paint();
    let sp = sp();
    let result = f();
    let used = sp.saturating_sub(lowest_used());
    (result, used)
}
