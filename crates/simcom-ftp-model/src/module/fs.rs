//! The module's file system (AT+CFSINIT, +CFSWFILE, +CFSDFILE, +CFSGFIS, +CFSTERM;
//! AT+FTPEXTGET=2 writes into it) and the certificate conversion of AT+CSSLCFG="CONVERT".

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

pub use simcom_at::command::FsDir;
use simcom_at::command::{Action, Request};
use simcom_at::{Command, Info, Prefix};

use super::out::Refusal;
use super::{Module, Sink};

/// The module's flash file system: four directories of named files, with a capacity.
///
/// ```
/// use simcom_ftp_model::{FileSystem, FsDir};
/// let mut fs = FileSystem::new(1000);
/// assert!(fs.write(FsDir::Customer, "ca.cer", b"-----BEGIN CERTIFICATE-----", false));
/// assert_eq!(fs.read(FsDir::Customer, "ca.cer"), Some(&b"-----BEGIN CERTIFICATE-----"[..]));
/// assert!(!fs.write(FsDir::Customer, "big", &[0; 1000], false)); // beyond the capacity
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSystem {
    files: BTreeMap<(u8, String), Vec<u8>>,
    capacity: usize,
    used: usize,
    /// AT+CFSINIT has allocated the buffer (no AT+CFSTERM since).
    open: bool,
    /// Files of /customer/ converted by AT+CSSLCFG="CONVERT": the module's own copy of the
    /// bytes, which outlives the source file (spec decision 51).
    converted: BTreeMap<String, Vec<u8>>,
}

impl FileSystem {
    /// An empty file system holding at most `capacity` bytes of file data.
    pub fn new(capacity: usize) -> Self {
        Self {
            files: BTreeMap::new(),
            capacity,
            used: 0,
            open: false,
            converted: BTreeMap::new(),
        }
    }

    /// The bytes of a file.
    pub fn read(&self, dir: FsDir, name: &str) -> Option<&[u8]> {
        self.files
            .get(&(dir.number(), name.to_string()))
            .map(Vec::as_slice)
    }

    /// Whether a file exists.
    pub fn exists(&self, dir: FsDir, name: &str) -> bool {
        self.files.contains_key(&(dir.number(), name.to_string()))
    }

    /// Writes (or appends to) a file. Returns false, changing nothing, when the file system
    /// would overflow or when appending to a missing file.
    pub fn write(&mut self, dir: FsDir, name: &str, data: &[u8], append: bool) -> bool {
        let key = (dir.number(), name.to_string());
        let old = self.files.get(&key).map_or(0, Vec::len);
        if append && !self.files.contains_key(&key) {
            return false;
        }
        let new_len = if append { old + data.len() } else { data.len() };
        if self.used - old + new_len > self.capacity {
            return false;
        }
        self.used = self.used - old + new_len;
        let file = self.files.entry(key).or_default();
        if !append {
            file.clear();
        }
        file.extend_from_slice(data);
        if !append && dir == FsDir::Customer {
            self.converted.remove(name);
        }
        true
    }

    /// Removes a file; returns whether it existed. A certificate converted from it stays
    /// converted: the SSL application note deletes the sources once converted (spec decision
    /// 51).
    ///
    /// ```
    /// use simcom_ftp_model::{FileSystem, FsDir};
    /// let mut fs = FileSystem::new(1000);
    /// assert!(fs.write(FsDir::Customer, "ca.pem", b"-----BEGIN CERTIFICATE-----", false));
    /// assert!(fs.convert("ca.pem"));
    /// assert!(fs.remove(FsDir::Customer, "ca.pem"));
    /// assert!(!fs.exists(FsDir::Customer, "ca.pem"));
    /// assert!(fs.is_converted("ca.pem"));
    /// assert!(!fs.remove(FsDir::Customer, "ca.pem"), "already gone");
    /// ```
    pub fn remove(&mut self, dir: FsDir, name: &str) -> bool {
        match self.files.remove(&(dir.number(), name.to_string())) {
            Some(f) => {
                self.used -= f.len();
                true
            }
            None => false,
        }
    }

    /// Every file: its directory path, name and size, sorted.
    pub fn list(&self) -> impl Iterator<Item = (&'static str, &str, usize)> {
        // Keys are written from `FsDir::number`, so every one maps back.
        self.files
            .iter()
            .filter_map(|((d, n), f)| Some((FsDir::from_number(*d)?.path(), n.as_str(), f.len())))
    }

    /// Bytes of file data stored.
    pub fn used(&self) -> usize {
        self.used
    }

    /// Whether `/customer/<name>` has been converted by AT+CSSLCFG="CONVERT".
    pub fn is_converted(&self, name: &str) -> bool {
        self.converted.contains_key(name)
    }

    /// The bytes `/customer/<name>` held when it was converted.
    pub(crate) fn converted(&self, name: &str) -> Option<&[u8]> {
        self.converted.get(name).map(Vec::as_slice)
    }

    /// Marks `/customer/<name>` as converted (a provisioned certificate). Returns false if the
    /// file does not exist or does not hold a PEM block.
    pub fn convert(&mut self, name: &str) -> bool {
        let pem = self
            .read(FsDir::Customer, name)
            .filter(|d| d.windows(10).any(|w| w == b"-----BEGIN"))
            .map(<[u8]>::to_vec);
        match pem {
            Some(bytes) => {
                self.converted.insert(name.to_string(), bytes);
                true
            }
            None => false,
        }
    }

    /// The AT+CFSINIT buffer is RAM: a restart frees it (spec decision 49).
    pub(super) fn free_buffer(&mut self) {
        self.open = false;
    }
}

impl Module {
    pub(super) fn fs_command(&mut self, cmd: Command<'_>) {
        // The file commands need AT+CFSINIT first; a missing file is a failed action (spec
        // decision 51).
        let file_write = matches!(
            cmd,
            Command::Cfswfile(Request::Write(_))
                | Command::Cfsdfile(Request::Write(_))
                | Command::Cfsgfis(Request::Write(_))
        );
        if file_write && !self.fs.open {
            return self.out.refuse(Refusal::STATE);
        }
        match cmd {
            Command::Cfsinit(Action::Test) | Command::Cfsterm(Action::Test) => self.out.ok(),
            // AT+CFSINIT opens the file system, AT+CFSTERM closes it: each only from the other
            // state.
            Command::Cfsinit(Action::Execute) | Command::Cfsterm(Action::Execute) => {
                let open = matches!(cmd, Command::Cfsinit(_));
                let changes = self.fs.open != open;
                self.fs.open = open;
                self.out.ok_or(changes, Refusal::STATE);
            }
            Command::Cfswfile(Request::Test) => self
                .out
                .ranges(Prefix::Cfswfile, "(0-3),230,(0-1),(1-10240),(100-10000)"),
            Command::Cfswfile(Request::Write(w)) => {
                if w.append && !self.fs.exists(w.dir, w.name) {
                    self.out.refuse(Refusal::FAILED);
                } else {
                    self.out.prompt("DOWNLOAD");
                    let window = core::time::Duration::from_millis(u64::from(w.input_time));
                    let sink = Sink::Cfswfile {
                        dir: w.dir,
                        name: w.name.to_string(),
                        append: w.append,
                    };
                    self.expect_counted(usize::from(w.size), window, sink);
                }
            }
            Command::Cfsdfile(Request::Test) => self.out.ranges(Prefix::Cfsdfile, "(0-3),230"),
            Command::Cfsgfis(Request::Test) => self.out.ranges(Prefix::Cfsgfis, "(0-3),230"),
            Command::Cfsdfile(Request::Write(f)) => {
                let removed = self.fs.remove(f.dir, f.name);
                self.out.ok_or(removed, Refusal::FAILED);
            }
            Command::Cfsgfis(Request::Write(f)) => match self.fs.read(f.dir, f.name) {
                // The file system's capacity is far below 4 GiB.
                Some(data) => self.out.answer([Info::FileSize {
                    size: u32::try_from(data.len()).unwrap_or(u32::MAX),
                }]),
                None => self.out.refuse(Refusal::FAILED),
            },
            Command::Csslcfg(Request::Test) => self
                .out
                .ranges(Prefix::Csslcfg, "\"CONVERT\",(1-3),50,50,50"),
            Command::Csslcfg(Request::Write(c)) => {
                let ok = match c.ssltype {
                    // A key alone cannot be converted as a certificate [S17c].
                    1 => {
                        self.fs.convert(c.cname)
                            && c.keyname.is_none_or(|k| self.fs.exists(FsDir::Customer, k))
                    }
                    2 => self.fs.convert(c.cname),
                    _ => self.fs.exists(FsDir::Customer, c.cname),
                };
                self.out.ok_or(ok, Refusal::FAILED);
            }
            _ => unreachable!("dispatched by family"),
        }
    }
}
