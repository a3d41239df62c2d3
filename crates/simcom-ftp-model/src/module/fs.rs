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

    /// Converts `/customer/<name>` as a certificate or CA list (AT+CSSLCFG="CONVERT",2, or
    /// a provisioned certificate). Returns false, changing nothing, if the file does not exist,
    /// holds a private key, or is none of the encodings [`CertFormat`] knows.
    ///
    /// ```
    /// use simcom_ftp_model::{FileSystem, FsDir};
    /// let mut fs = FileSystem::new(1000);
    /// fs.write(FsDir::Customer, "ca.der", &[0x30, 0x03, 0x02, 0x01, 0x01], false);
    /// fs.write(FsDir::Customer, "key.pem", b"-----BEGIN PRIVATE KEY-----\n", false);
    /// assert!(fs.convert("ca.der"));
    /// assert!(!fs.convert("key.pem"));
    /// ```
    pub fn convert(&mut self, name: &str) -> bool {
        let cert = self
            .read(FsDir::Customer, name)
            .filter(|d| CertFormat::of(d).is_some() && !is_private_key(d))
            .map(<[u8]>::to_vec);
        match cert {
            Some(bytes) => {
                self.converted.insert(name.to_string(), bytes);
                true
            }
            None => false,
        }
    }

    /// Converts a client certificate with its key (AT+CSSLCFG="CONVERT",1): both files must
    /// be there, `cert` a certificate and `key` a private key (PEM) or DER. A certificate
    /// without its key, or a key alone, is refused (spec/commands.yaml AT+CSSLCFG).
    ///
    /// ```
    /// use simcom_ftp_model::{FileSystem, FsDir};
    /// let mut fs = FileSystem::new(1000);
    /// fs.write(FsDir::Customer, "c.pem", b"-----BEGIN CERTIFICATE-----\n", false);
    /// fs.write(FsDir::Customer, "k.pem", b"-----BEGIN PRIVATE KEY-----\n", false);
    /// assert!(!fs.convert_client("k.pem", None), "a key alone");
    /// assert!(!fs.convert_client("c.pem", None), "a certificate alone");
    /// assert!(fs.convert_client("c.pem", Some("k.pem")));
    /// ```
    pub fn convert_client(&mut self, cert: &str, key: Option<&str>) -> bool {
        let key_ok = key
            .and_then(|k| self.read(FsDir::Customer, k))
            .is_some_and(|d| is_private_key(d) || CertFormat::of(d) == Some(CertFormat::Der));
        key_ok && self.convert(cert)
    }

    /// The AT+CFSINIT buffer is RAM: a restart frees it (spec decision 49).
    pub(super) fn free_buffer(&mut self) {
        self.open = false;
    }
}

/// The encodings AT+CSSLCFG="CONVERT" takes: "The certificate format that the module can
/// support is .PEM, .DER and .P7B" (TCP/UDP(S) application note V1.03 §5.2.3 p. 18; the AT
/// manual names none). Told apart by content, not by the file's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertFormat {
    /// PEM armour: a `-----BEGIN <label>-----` line (certificates, keys).
    Pem,
    /// DER: one ASN.1 SEQUENCE (first byte 0x30) whose length is the whole file.
    Der,
    /// PKCS#7 (P7B): PEM `-----BEGIN PKCS7-----`, or DER holding the signedData OID
    /// 1.2.840.113549.1.7.2.
    P7b,
}

impl CertFormat {
    /// The contents of the DER encoding of the OID 1.2.840.113549.1.7.2 (PKCS#7 signedData,
    /// RFC 2315), without its tag (0x06) and length (0x09).
    ///
    /// ```
    /// use simcom_ftp_model::CertFormat;
    /// assert_eq!(CertFormat::PKCS7_SIGNED_DATA.len(), 9);
    /// ```
    pub const PKCS7_SIGNED_DATA: &'static [u8] =
        &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

    /// The encoding of a file's bytes; `None` for anything else.
    ///
    /// ```
    /// use simcom_ftp_model::CertFormat;
    /// assert_eq!(CertFormat::of(b"-----BEGIN CERTIFICATE-----\r\n"), Some(CertFormat::Pem));
    /// assert_eq!(CertFormat::of(b"-----BEGIN PKCS7-----\r\n"), Some(CertFormat::P7b));
    /// assert_eq!(CertFormat::of(&[0x30, 0x03, 0x02, 0x01, 0x05]), Some(CertFormat::Der));
    /// assert_eq!(CertFormat::of(b"0123456789"), None);
    /// ```
    #[must_use]
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if contains(bytes, b"-----BEGIN PKCS7-----") {
            Some(Self::P7b)
        } else if contains(bytes, b"-----BEGIN") {
            Some(Self::Pem)
        } else if der_sequence(bytes) {
            let oid = Self::PKCS7_SIGNED_DATA;
            let signed_data = bytes
                .windows(oid.len() + 2)
                .any(|w| w[..2] == [0x06, 0x09] && &w[2..] == oid);
            Some(if signed_data { Self::P7b } else { Self::Der })
        } else {
            None
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the bytes are exactly one DER SEQUENCE: tag 0x30, a definite length (short form,
/// or long form of 1–3 bytes), and that many bytes after the header.
fn der_sequence(bytes: &[u8]) -> bool {
    let [0x30, first, rest @ ..] = bytes else {
        return false;
    };
    let (len, body) = if *first < 0x80 {
        (usize::from(*first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if !(1..=3).contains(&n) || rest.len() < n {
            return false;
        }
        let (len_bytes, body) = rest.split_at(n);
        let len = len_bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, body)
    };
    body.len() == len
}

/// A PEM private key (`-----BEGIN PRIVATE KEY-----`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`,
/// `ENCRYPTED PRIVATE KEY`).
fn is_private_key(bytes: &[u8]) -> bool {
    contains(bytes, b"PRIVATE KEY-----")
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
            _ => unreachable!("dispatched by family"),
        }
    }
}
