//! The module's file system: the buffer, writing, deleting and sizing files (app note 5.2).

use super::params::params;
use super::rules::{Num, Str};

/// A directory of the module's file system, as `<index>` / `<dir>` number it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum FsDir {
    /// 0: `/custapp/`.
    Custapp,
    /// 1: `/fota/`.
    Fota,
    /// 2: `/datatx/`.
    Datatx,
    /// 3: `/customer/`.
    Customer,
}

params! {
    /// `AT+CFSWFILE=<index>,"<filename>",<mode>,<filesize>,<inputtime>`.
    pub struct Cfswfile<'a> {
        /// `<index>`: the directory.
        pub dir: FsDir = CFSWFILE_INDEX,
        /// `<filename>`, 1–230 bytes.
        pub name: &'a str = CFSWFILE_NAME,
        /// `<mode>`: `false` writes from the start, `true` appends.
        pub append: bool = CFSWFILE_MODE,
        /// `<filesize>` 1–10240: the bytes the host sends after `DOWNLOAD`.
        pub size: u16 = CFSWFILE_SIZE,
        /// `<inputtime>` 100–10000 ms: the window for the whole payload.
        pub input_time: u16 = CFSWFILE_INPUT_TIME,
    }
}

params! {
    /// `AT+CFSDFILE=<index>,"<filename>"` and `AT+CFSGFIS=<index>,"<filename>"`: one file of the
    /// module's file system.
    ///
    /// ```
    /// use simcom_at::{Command, command::{FsDir, FsFile, Request}};
    /// let file = FsFile { dir: FsDir::Customer, name: "ca.pem" };
    /// let mut buf = [0u8; 32];
    /// let n = Command::Cfsgfis(Request::Write(file)).encode(&mut buf).unwrap();
    /// assert_eq!(&buf[..n], b"AT+CFSGFIS=3,\"ca.pem\"\r");
    /// ```
    pub struct FsFile<'a> {
        /// `<index>`: the directory.
        pub dir: FsDir = CFS_FILE_INDEX,
        /// `<filename>`, 1–230 bytes (the limit of AT+CFSWFILE).
        pub name: &'a str = CFS_FILE_NAME,
    }
}

super::values::numbered!(
    FsDir,
    [Custapp = 0, Fota = 1, Datatx = 2, Customer = 3],
    "assert_eq!(FsDir::Customer.number(), 3);"
);

impl FsDir {
    /// The directory's path as the manual names it (`/custapp/` … `/customer/`), with both
    /// slashes.
    ///
    /// ```
    /// use simcom_at::command::FsDir;
    /// assert_eq!(FsDir::Customer.path(), "/customer/");
    /// ```
    #[must_use]
    pub const fn path(self) -> &'static str {
        match self {
            Self::Custapp => "/custapp/",
            Self::Fota => "/fota/",
            Self::Datatx => "/datatx/",
            Self::Customer => "/customer/",
        }
    }

    /// The directory whose [`path`](Self::path) is exactly `path`; `None` for any other
    /// string (`/customer` without its slash, `/CUSTOMER/`, `/tmp/`).
    ///
    /// ```
    /// use simcom_at::command::FsDir;
    /// assert_eq!(FsDir::from_path("/datatx/"), Some(FsDir::Datatx));
    /// assert_eq!(FsDir::from_path("/datatx"), None);
    /// ```
    #[must_use]
    pub fn from_path(path: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|d| d.path() == path)
    }

    /// Splits a file path in a directory (`/customer/ca.pem`) into the directory and the file
    /// name. `None` when the path is in no directory, or the name is empty or has a `/`.
    ///
    /// ```
    /// use simcom_at::command::FsDir;
    /// assert_eq!(FsDir::split_path("/customer/ca.pem"), Some((FsDir::Customer, "ca.pem")));
    /// assert_eq!(FsDir::split_path("/customer/"), None);
    /// assert_eq!(FsDir::split_path("/customer/a/b"), None);
    /// assert_eq!(FsDir::split_path("/tmp/ca.pem"), None);
    /// ```
    #[must_use]
    pub fn split_path(path: &str) -> Option<(Self, &str)> {
        Self::ALL.iter().find_map(|&d| {
            let name = path.strip_prefix(d.path())?;
            (!name.is_empty() && !name.contains('/')).then_some((d, name))
        })
    }
}

/// `AT+CFSWFILE` `<index>` (also the `<dir>` of AT+FTPEXTGET=2, `FTPEXTGET_DIR`).
pub(crate) const CFSWFILE_INDEX: Num = Num::range("index", 0, 3);
/// `AT+CFSWFILE` `<filename>`.
pub(crate) const CFSWFILE_NAME: Str = Str::non_empty("filename", 230);
/// `AT+CFSWFILE` `<mode>`: 0 write, 1 append.
pub(crate) const CFSWFILE_MODE: Num = Num::range("mode", 0, 1);
/// `AT+CFSWFILE` `<filesize>`.
pub(crate) const CFSWFILE_SIZE: Num = Num::range("filesize", 1, 10240);
/// `AT+CFSWFILE` `<inputtime>` in ms.
pub(crate) const CFSWFILE_INPUT_TIME: Num = Num::range("inputtime", 100, 10000);
/// `AT+CFSDFILE` / `AT+CFSGFIS` `<index>`: the directories of AT+CFSWFILE.
pub(crate) const CFS_FILE_INDEX: Num = CFSWFILE_INDEX;
/// `AT+CFSDFILE` / `AT+CFSGFIS` `<filename>`: AT+CFSWFILE's limit (spec decision 51).
pub(crate) const CFS_FILE_NAME: Str = CFSWFILE_NAME;

macro_rules! file_system {
    ($families:tt $basic:tt [$($extended:tt)*]) => {
        $crate::command::chain! { $families $basic [$($extended)*
            /// `AT+CFSINIT`: allocate the file-system buffer.
            Cfsinit(Action) = "AT+CFSINIT" {},
            /// `AT+CFSWFILE`: write a file; the host sends the payload after `DOWNLOAD`.
            Cfswfile(Request<Cfswfile<'a>>) = "AT+CFSWFILE" {
                prefix: Cfswfile,
                host_data: Request::Write(c) => HostData::Counted(c.size as u32),
            },
            /// `AT+CFSDFILE`: delete a file.
            Cfsdfile(Request<FsFile<'a>>) = "AT+CFSDFILE" { prefix: Cfsdfile, },
            /// `AT+CFSGFIS`: the size of a file (`+CFSGFIS: <size>`).
            Cfsgfis(Request<FsFile<'a>>) = "AT+CFSGFIS" {
                prefix: Cfsgfis,
                // The write form answers `+CFSGFIS: <size>`.
                answer: every_form,
            },
            /// `AT+CFSTERM`: free the file-system buffer.
            Cfsterm(Action) = "AT+CFSTERM" {},
        ] }
    };
}
pub(crate) use file_system;
