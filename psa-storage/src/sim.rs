//! An in-memory NOR flash that enforces what a real part does, written against
//! `embedded-storage`'s rules: reads anywhere in range; writes of whole, aligned words, each
//! word written at most once between erases and only turning 1 bits into 0; erases of whole,
//! aligned pages back to `0xff`. It counts operations and bytes, and can cut the power: after
//! a given number of writes and erases, the next one is torn (a write stores only its first
//! half, an erase leaves its page half erased) and every later one fails.

use embedded_storage::nor_flash::{
    ErrorType, NorFlash, NorFlashError, NorFlashErrorKind, ReadNorFlash,
};

/// Word size of the simulated part.
pub const WORD: usize = 4;

/// What the simulated flash refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimError {
    /// Out of range or misaligned.
    Kind(NorFlashErrorKind),
    /// A word written twice without an erase.
    Rewrite(u32),
    /// The power was cut.
    PowerOff,
}

impl NorFlashError for SimError {
    fn kind(&self) -> NorFlashErrorKind {
        match self {
            SimError::Kind(k) => *k,
            SimError::Rewrite(_) | SimError::PowerOff => NorFlashErrorKind::Other,
        }
    }
}

/// Counters of what the flash has done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Write operations.
    pub writes: u64,
    /// Bytes written.
    pub bytes_written: u64,
    /// Page erases.
    pub erases: u64,
    /// Read operations.
    pub reads: u64,
}

/// `PAGES` pages of `PAGE` bytes of simulated NOR flash (4-byte words).
#[derive(Clone, Debug)]
pub struct NorFlashSim<const PAGES: usize, const PAGE: usize> {
    bytes: Vec<u8>,
    written: Vec<bool>,
    /// Writes and erases that complete before the power is cut (`None`: never).
    budget: Option<u64>,
    dead: bool,
    /// Writes and erases done (the cut points a test can choose from).
    pub operations: u64,
    /// What was done.
    pub stats: Stats,
}

impl<const PAGES: usize, const PAGE: usize> Default for NorFlashSim<PAGES, PAGE> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const PAGES: usize, const PAGE: usize> NorFlashSim<PAGES, PAGE> {
    /// An erased flash.
    pub fn new() -> Self {
        NorFlashSim {
            bytes: vec![0xff; PAGES * PAGE],
            written: vec![false; PAGES * PAGE / WORD],
            budget: None,
            dead: false,
            operations: 0,
            stats: Stats::default(),
        }
    }

    /// Cut the power after `operations` more writes or erases (`None`: restore it, as a
    /// reboot does).
    pub fn cut_power_after(&mut self, operations: Option<u64>) {
        self.budget = operations;
        self.dead = false;
    }

    /// The raw contents.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn check(&self, offset: u32, len: usize, align: usize) -> Result<usize, SimError> {
        let start = offset as usize;
        if !start.is_multiple_of(align) || !len.is_multiple_of(align) {
            return Err(SimError::Kind(NorFlashErrorKind::NotAligned));
        }
        if start + len > self.bytes.len() {
            return Err(SimError::Kind(NorFlashErrorKind::OutOfBounds));
        }
        Ok(start)
    }

    /// Spend one operation; `false` if this one is torn by the cut.
    fn power(&mut self) -> Result<bool, SimError> {
        if self.dead {
            return Err(SimError::PowerOff);
        }
        self.operations += 1;
        match &mut self.budget {
            Some(0) => {
                self.dead = true;
                Ok(false)
            }
            Some(n) => {
                *n -= 1;
                Ok(true)
            }
            None => Ok(true),
        }
    }

    /// Whether the power has been cut.
    pub fn is_off(&self) -> bool {
        self.dead
    }
}

impl<const PAGES: usize, const PAGE: usize> ErrorType for NorFlashSim<PAGES, PAGE> {
    type Error = SimError;
}

impl<const PAGES: usize, const PAGE: usize> ReadNorFlash for NorFlashSim<PAGES, PAGE> {
    const READ_SIZE: usize = 1;

    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), SimError> {
        let start = self.check(offset, bytes.len(), 1)?;
        if self.dead {
            return Err(SimError::PowerOff);
        }
        self.stats.reads += 1;
        bytes.copy_from_slice(&self.bytes[start..start + bytes.len()]);
        Ok(())
    }

    fn capacity(&self) -> usize {
        PAGES * PAGE
    }
}

impl<const PAGES: usize, const PAGE: usize> NorFlash for NorFlashSim<PAGES, PAGE> {
    const WRITE_SIZE: usize = WORD;
    const ERASE_SIZE: usize = PAGE;

    fn erase(&mut self, from: u32, to: u32) -> Result<(), SimError> {
        if to < from {
            return Err(SimError::Kind(NorFlashErrorKind::OutOfBounds));
        }
        let start = self.check(from, (to - from) as usize, PAGE)?;
        let end = to as usize;
        let whole = self.power()?;
        // Torn: the first half of the range is erased, the rest keeps its contents.
        let stop = if whole {
            end
        } else {
            start + (end - start) / 2
        };
        self.bytes[start..stop].fill(0xff);
        self.written[start / WORD..stop / WORD].fill(false);
        self.stats.erases += ((end - start) / PAGE) as u64;
        if whole {
            Ok(())
        } else {
            Err(SimError::PowerOff)
        }
    }

    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), SimError> {
        let start = self.check(offset, bytes.len(), WORD)?;
        for w in start / WORD..(start + bytes.len()) / WORD {
            if self.written[w] {
                return Err(SimError::Rewrite((w * WORD) as u32));
            }
        }
        let whole = self.power()?;
        let len = if whole {
            bytes.len()
        } else {
            (bytes.len() / WORD / 2) * WORD
        };
        for (i, b) in bytes[..len].iter().enumerate() {
            // NOR: programming only clears bits.
            self.bytes[start + i] &= *b;
        }
        self.written[start / WORD..(start + len) / WORD].fill(true);
        self.stats.writes += 1;
        self.stats.bytes_written += len as u64;
        if whole {
            Ok(())
        } else {
            Err(SimError::PowerOff)
        }
    }
}
