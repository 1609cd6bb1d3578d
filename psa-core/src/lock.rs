//! The lock the core uses for its own bookkeeping, chosen by the application.
//!
//! The core holds a lock only for short bookkeeping — finding a key's slot and pinning it,
//! reserving a slot, assigning an id, drawing from the DRBG — and never while a driver runs.
//! Which lock that is depends on where the core is called from, so the application names it in
//! its registration (`lock: ...` in `register_drivers!`, default [`DefaultMutex`]):
//!
//! | lock | for | `Psa` is |
//! |---|---|---|
//! | `CriticalSectionMutex` (feature `critical-section`) | firmware that calls the core from interrupt handlers, or from RTOS tasks of different priorities | `Sync`: can be a `static` |
//! | [`SpinMutex`] | several threads or cores that never preempt each other while holding it (no interrupt handler calls the core) | `Sync` |
//! | [`StdMutex`] (feature `std`) | hosts: a blocking mutex | `Sync` |
//! | [`NoopMutex`] | one thread, no interrupt handler calls the core | not `Sync`: the compiler refuses to share it |
//!
//! A spin lock is unsafe to share with an interrupt handler on one core: if the handler
//! interrupts a task holding it, the handler spins forever. A critical section cannot be
//! interrupted, so the handler never finds the lock taken.
//!
//! Any type implementing [`RawMutex`] can be used, e.g. a wrapper of an RTOS mutex; its shape
//! follows `embassy-sync`'s `RawMutex`, so an adapter is a few lines.

// A lock chosen by the application cannot hand out a guard the core knows, so the data it
// protects sits in an `UnsafeCell` that only the lock's closure reaches: the one place
// psa-core needs `unsafe` besides the key store's shared bytes (store.rs). Each block says
// why it is sound.
#![allow(unsafe_code)]

use core::cell::UnsafeCell;

/// A lock that runs a closure with exclusive access (the shape of `embassy-sync`'s
/// `RawMutex`).
///
/// # Safety
/// If the type is `Sync`, `lock` must not run two closures at once for the same value, on any
/// threads, cores or interrupt levels that can reach it. A type that is not `Sync` may run the
/// closure directly (one thread only). Re-entrant calls (a closure locking the same value
/// again) are allowed to run; the core never depends on them and refuses them itself.
pub unsafe trait RawMutex {
    /// The unlocked value (so locks can be built in `const` contexts and statics).
    const INIT: Self;
    /// Run `f` while holding the lock.
    fn lock<R>(&self, f: impl FnOnce() -> R) -> R;
}

/// A spin lock over an atomic flag (`portable-atomic` on targets without compare-and-swap).
/// Not for state shared with interrupt handlers on one core; see the [module docs](self).
pub struct SpinMutex(spin::Mutex<()>);

// SAFETY: `spin::Mutex` gives mutual exclusion between every thread that shares it; `f` runs
// only while its guard is held.
unsafe impl RawMutex for SpinMutex {
    const INIT: Self = SpinMutex(spin::Mutex::new(()));
    fn lock<R>(&self, f: impl FnOnce() -> R) -> R {
        let _guard = self.0.lock();
        f()
    }
}

/// A critical section (`critical_section::with`): interrupts (or, on multi-core targets, the
/// other cores) are held off while the closure runs. The lock for state shared with interrupt
/// handlers. The application links a `critical-section` implementation (e.g. `cortex-m`'s
/// `critical-section-single-core`).
#[cfg(feature = "critical-section")]
pub struct CriticalSectionMutex(());

// SAFETY: inside `critical_section::with` nothing else that takes a critical section runs:
// that is the contract of every `critical-section` implementation.
#[cfg(feature = "critical-section")]
unsafe impl RawMutex for CriticalSectionMutex {
    const INIT: Self = CriticalSectionMutex(());
    fn lock<R>(&self, f: impl FnOnce() -> R) -> R {
        critical_section::with(|_| f())
    }
}

/// A blocking mutex from the standard library (a waiting thread sleeps).
#[cfg(feature = "std")]
pub struct StdMutex(std::sync::Mutex<()>);

// SAFETY: `std::sync::Mutex` gives mutual exclusion between threads; `f` runs only while its
// guard is held. A poisoned mutex still excludes: the guard is taken either way.
#[cfg(feature = "std")]
unsafe impl RawMutex for StdMutex {
    const INIT: Self = StdMutex(std::sync::Mutex::new(()));
    fn lock<R>(&self, f: impl FnOnce() -> R) -> R {
        let _guard = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f()
    }
}

/// No lock at all, for an instance used from one thread only: it is not `Sync`, so the
/// compiler refuses to share it between threads (or to put it in a `static`).
pub struct NoopMutex(core::marker::PhantomData<*mut ()>);

// SAFETY: `NoopMutex` is not `Sync` (the raw-pointer marker), so every call comes from the one
// thread that owns it; running `f` directly cannot overlap another closure.
unsafe impl RawMutex for NoopMutex {
    const INIT: Self = NoopMutex(core::marker::PhantomData);
    fn lock<R>(&self, f: impl FnOnce() -> R) -> R {
        f()
    }
}

// SAFETY: the marker only removes `Sync`; moving the (empty) lock to another thread is fine.
unsafe impl Send for NoopMutex {}

/// The lock a registration uses when it names none: [`StdMutex`] with the `std` feature, else
/// [`SpinMutex`].
#[cfg(feature = "std")]
pub type DefaultMutex = StdMutex;
/// The lock a registration uses when it names none: [`StdMutex`] with the `std` feature, else
/// [`SpinMutex`].
#[cfg(not(feature = "std"))]
pub type DefaultMutex = SpinMutex;

/// Data behind a [`RawMutex`]: `lock` lends `&mut T` to a closure, and refuses (returns
/// `None`) a re-entrant call instead of lending a second `&mut T`.
pub(crate) struct Mutex<L, T> {
    raw: L,
    /// Whether a closure holds `data`; read and written only while `raw` is held.
    busy: UnsafeCell<bool>,
    data: UnsafeCell<T>,
}

// SAFETY: with `L: Sync`, `RawMutex`'s contract makes `raw.lock` exclusive across threads, and
// `data` and `busy` are touched only inside it; `T: Send` because the data is effectively
// handed from thread to thread.
unsafe impl<L: RawMutex + Sync, T: Send> Sync for Mutex<L, T> {}

impl<L: RawMutex, T> Mutex<L, T> {
    /// A mutex holding `data`.
    pub(crate) const fn new(data: T) -> Self {
        Mutex {
            raw: L::INIT,
            busy: UnsafeCell::new(false),
            data: UnsafeCell::new(data),
        }
    }

    /// Run `f` with exclusive access to the data; `None` if called from inside another `f`
    /// on the same mutex (the core never does; this keeps a mistake from aliasing).
    pub(crate) fn lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.raw.lock(|| {
            // SAFETY: `raw` is held, so no other thread is inside this closure (RawMutex's
            // contract; a non-`Sync` lock means one thread). `busy` tells whether this thread
            // is already inside (re-entrance); only then is a `&mut` to `data` alive, and we
            // return without making another.
            let busy = unsafe { &mut *self.busy.get() };
            if *busy {
                return None;
            }
            *busy = true;
            /// Clears `busy` even if `f` panics.
            struct Release<'a>(&'a UnsafeCell<bool>);
            impl Drop for Release<'_> {
                fn drop(&mut self) {
                    // SAFETY: still inside `raw.lock`, as above.
                    unsafe { *self.0.get() = false };
                }
            }
            let _release = Release(&self.busy);
            // SAFETY: `busy` was false, so no other `&mut T` exists; it lives only for `f`.
            let data = unsafe { &mut *self.data.get() };
            Some(f(data))
        })
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    fn exclusive<L: RawMutex + Sync + Send + 'static>() {
        static_assertions(&Mutex::<L, u32>::new(0));
        let m: &'static Mutex<L, u64> = std::boxed::Box::leak(std::boxed::Box::new(Mutex::new(0)));
        let threads: std::vec::Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    for _ in 0..250 {
                        m.lock(|n| {
                            let v = *n;
                            std::thread::yield_now();
                            *n = v + 1;
                        })
                        .expect("not re-entrant");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("no panic");
        }
        assert_eq!(m.lock(|n| *n), Some(1000), "no update was lost");
    }

    fn static_assertions<T: Sync>(_: &T) {}

    #[test]
    fn sync_locks_exclude_each_other() {
        exclusive::<SpinMutex>();
        exclusive::<StdMutex>();
    }

    #[test]
    fn re_entrance_is_refused_not_aliased() {
        let m: Mutex<NoopMutex, u8> = Mutex::new(1);
        let inner = m.lock(|outer| {
            *outer = 2;
            m.lock(|_| ())
        });
        assert_eq!(inner, Some(None));
        assert_eq!(m.lock(|v| *v), Some(2));
        let s: Mutex<SpinMutex, u8> = Mutex::new(1);
        // A spin lock would deadlock on re-entrance: the core never re-enters, and `busy`
        // is cleared after a panicking closure.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            s.lock(|_| panic!("inside the lock"))
        }));
        assert!(r.is_err());
        assert_eq!(s.lock(|v| *v), Some(1), "usable after a panic inside");
    }
}
