//! One file per key, written atomically, as Mbed TLS's `psa_its_file` does: the new data goes
//! to a temporary file, which is flushed to the disk (`fsync`), renamed over the key's file,
//! and the directory is flushed so the rename itself is durable. A power cut leaves the old
//! file or the new one, and at worst a stray temporary file, removed when the store opens.
//!
//! A file is `PSAITS` ‖ version (1 byte) ‖ flags (4 bytes, little-endian) ‖ data.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use psa_core::{CreateFlags, Error, KeyStorage, Result, StorageInfo};
use zeroize::Zeroize;

const MAGIC: &[u8; 6] = b"PSAITS";
const VERSION: u8 = 1;
const HEADER: usize = MAGIC.len() + 1 + 4;
const SUFFIX: &str = ".psa";
const TEMP_SUFFIX: &str = ".tmp";

/// The file operations a power cut can fall between (for [`PowerCut`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOp {
    /// Create (truncate) the temporary file.
    Create,
    /// Write the data into it.
    Write,
    /// `fsync` the temporary file.
    SyncFile,
    /// Rename it over the key's file.
    Rename,
    /// Remove a key's file.
    Remove,
    /// `fsync` the directory.
    SyncDir,
}

/// A power switch for fault-injection tests: after `budget` file operations every further
/// one fails with `STORAGE_FAILURE` (the power is off); a write cut mid-way writes half its
/// bytes first.
#[derive(Debug, Default)]
pub struct PowerCut {
    budget: AtomicUsize,
    done: AtomicUsize,
}

impl PowerCut {
    /// A switch that cuts the power after `budget` operations.
    pub fn after(budget: usize) -> Arc<PowerCut> {
        Arc::new(PowerCut {
            budget: AtomicUsize::new(budget),
            done: AtomicUsize::new(0),
        })
    }

    /// How many operations have run.
    pub fn operations(&self) -> usize {
        self.done.load(Ordering::SeqCst)
    }

    /// Whether the next operation may run (and count it).
    fn allow(&self) -> bool {
        let left = self.budget.load(Ordering::SeqCst);
        if left == 0 {
            return false;
        }
        self.budget.store(left - 1, Ordering::SeqCst);
        self.done.fetch_add(1, Ordering::SeqCst);
        true
    }
}

/// Persistent key storage in a directory, one file per uid.
#[derive(Debug)]
pub struct FileStorage {
    dir: PathBuf,
    lock: std::sync::Mutex<()>,
    power: Option<Arc<PowerCut>>,
}

fn io_error(e: std::io::Error) -> Error {
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Error::InsufficientStorage,
        _ => Error::StorageFailure,
    }
}

impl FileStorage {
    /// Open (creating it if needed) the store in `dir`; stray temporary files of an
    /// interrupted write are removed.
    ///
    /// # Errors
    /// The I/O error if the directory cannot be created or read.
    pub fn open(dir: impl AsRef<Path>) -> std::io::Result<FileStorage> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir)?;
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.to_str().is_some_and(|p| p.ends_with(TEMP_SUFFIX)) {
                fs::remove_file(&path)?;
            }
        }
        Ok(FileStorage {
            dir,
            lock: std::sync::Mutex::new(()),
            power: None,
        })
    }

    /// The same store with a power switch for fault-injection tests.
    pub fn with_power_cut(mut self, power: Arc<PowerCut>) -> FileStorage {
        self.power = Some(power);
        self
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a uid.
    pub fn path_of(&self, uid: u64) -> PathBuf {
        self.dir.join(format!("{uid:016x}{SUFFIX}"))
    }

    fn step(&self, _op: FileOp) -> Result<()> {
        match &self.power {
            Some(p) if !p.allow() => Err(Error::StorageFailure),
            _ => Ok(()),
        }
    }

    fn sync_dir(&self) -> Result<()> {
        self.step(FileOp::SyncDir)?;
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error)
    }

    /// Read a uid's whole file (header checked); `None` if there is none.
    fn read(&self, uid: u64) -> Result<Option<(CreateFlags, Vec<u8>)>> {
        let mut bytes = Vec::new();
        match File::open(self.path_of(uid)) {
            Ok(mut f) => {
                // Sized up front, so the buffer holding the record is never reallocated
                // (which would leave a copy of its bytes in freed memory).
                let len = f.metadata().map_err(io_error)?.len();
                bytes.reserve_exact(usize::try_from(len).map_err(|_| Error::DataInvalid)? + 1);
                f.read_to_end(&mut bytes).map_err(io_error)?
            }
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(e)),
        };
        if bytes.len() < HEADER || &bytes[..MAGIC.len()] != MAGIC {
            bytes.zeroize();
            return Err(Error::DataCorrupt);
        }
        if bytes[MAGIC.len()] != VERSION {
            bytes.zeroize();
            return Err(Error::DataInvalid);
        }
        let f = &bytes[MAGIC.len() + 1..HEADER];
        let flags = CreateFlags(u32::from_le_bytes([f[0], f[1], f[2], f[3]]));
        bytes.drain(..HEADER);
        Ok(Some((flags, bytes)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl KeyStorage for FileStorage {
    /// A file holds data of any size: a persistent key is bounded only by the record format
    /// (64 KiB of key buffer).
    const MAX_DATA_SIZE: usize = usize::MAX;

    fn set_parts(&self, uid: u64, parts: &[&[u8]], flags: CreateFlags) -> Result<()> {
        let mut data = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
        for part in parts {
            data.extend_from_slice(part);
        }
        let r = self.set(uid, &data, flags);
        data.zeroize();
        r
    }

    fn set(&self, uid: u64, data: &[u8], flags: CreateFlags) -> Result<()> {
        if flags.0 & !CreateFlags::WRITE_ONCE.0 != 0 {
            return Err(Error::NotSupported);
        }
        let _guard = self.lock();
        if let Some((old, mut bytes)) = self.read(uid).or_else(|e| match e {
            // A damaged file may be replaced.
            Error::DataCorrupt | Error::DataInvalid => Ok(None),
            e => Err(e),
        })? {
            bytes.zeroize();
            if old.contains(CreateFlags::WRITE_ONCE) {
                return Err(Error::NotPermitted);
            }
        }
        let temp = self.dir.join(format!("{uid:016x}{TEMP_SUFFIX}"));
        let mut contents = Vec::with_capacity(HEADER + data.len());
        contents.extend_from_slice(MAGIC);
        contents.push(VERSION);
        contents.extend_from_slice(&flags.0.to_le_bytes());
        contents.extend_from_slice(data);
        let r = (|| {
            self.step(FileOp::Create)?;
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&temp)
                .map_err(io_error)?;
            if self.step(FileOp::Write).is_err() {
                // Cut mid-write: half the bytes reach the file.
                let _ = file.write_all(&contents[..contents.len() / 2]);
                return Err(Error::StorageFailure);
            }
            file.write_all(&contents).map_err(io_error)?;
            self.step(FileOp::SyncFile)?;
            file.sync_all().map_err(io_error)?;
            drop(file);
            self.step(FileOp::Rename)?;
            fs::rename(&temp, self.path_of(uid)).map_err(io_error)?;
            self.sync_dir()
        })();
        contents.zeroize();
        r
    }

    fn get(&self, uid: u64, offset: usize, out: &mut [u8]) -> Result<usize> {
        let _guard = self.lock();
        let (_, mut bytes) = self.read(uid)?.ok_or(Error::DoesNotExist)?;
        let r = match bytes.get(offset..) {
            None => Err(Error::InvalidArgument),
            Some(rest) => match out.get_mut(..rest.len()) {
                Some(out) => {
                    out.copy_from_slice(rest);
                    Ok(rest.len())
                }
                None => Err(Error::BufferTooSmall),
            },
        };
        bytes.zeroize();
        r
    }

    fn get_info(&self, uid: u64) -> Result<StorageInfo> {
        let _guard = self.lock();
        let (flags, mut bytes) = self.read(uid)?.ok_or(Error::DoesNotExist)?;
        let size = bytes.len();
        bytes.zeroize();
        Ok(StorageInfo { size, flags })
    }

    fn remove(&self, uid: u64) -> Result<()> {
        let _guard = self.lock();
        match self.read(uid) {
            Ok(None) => return Err(Error::DoesNotExist),
            Ok(Some((flags, mut bytes))) => {
                bytes.zeroize();
                if flags.contains(CreateFlags::WRITE_ONCE) {
                    return Err(Error::NotPermitted);
                }
            }
            // A damaged file can be removed.
            Err(Error::DataCorrupt | Error::DataInvalid) => {}
            Err(e) => return Err(e),
        }
        self.step(FileOp::Remove)?;
        fs::remove_file(self.path_of(uid)).map_err(io_error)?;
        self.sync_dir()
    }
}
