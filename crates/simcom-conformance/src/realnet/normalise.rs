//! What a replay against a real server normalises: listings and modification times.
//!
//! The corpus was written against the in-memory server, whose listing format and times are
//! fixed (`simcom_ftp_model::server`, "Listing format"). A real server prints its own `ls -l`
//! flavour (libunftp pads with wide columns and prints numeric owners; vsftpd prints the year
//! of old files) and stamps files with the time they were uploaded, which a transcript cannot
//! know. In replay mode the driver therefore shows the model:
//!
//! - **listings** re-printed in the in-memory server's format: each entry parsed (POSIX or DOS
//!   `LIST` lines), printed as `drwxr-xr-x    2 ftp      ftp             0 Mon dd HH:MM name`
//!   or `-rw-r--r--    1 ftp      ftp   <size> Mon dd HH:MM name`, sorted by name, without
//!   `total` lines or `.`/`..`; the entry of a file argument carries its base name;
//! - **modification times** of the world's files and directories (those provisioned before the
//!   transcript and not since replaced, deleted or removed by the model) as the world's
//!   `server.mtime`, in listings and MDTM replies alike. Other entries keep the server's time
//!   (a listing shows it as the server printed it, to the minute, or 00:00 when the server
//!   printed a year).
//!
//! Lines that do not parse are passed on as they are.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, UNIX_EPOCH};

use simcom_ftp_model::server::{Timestamp, is_under, list_line};

/// The normalisation state of one replay: the world's entries and their modification time.
///
/// ```
/// use simcom_conformance::realnet::normalise::Normaliser;
/// use simcom_ftp_model::server::Timestamp;
/// let n = Normaliser::new([("/simftp.txt".to_string(), Timestamp::new(2019, 3, 19, 13, 31, 0))]);
/// let raw = b"-rw-r--r--            1         1000         1000           1074 Nov 24 15:03 simftp.txt\r\n";
/// assert_eq!(
///     n.listing("/", raw),
///     b"-rw-r--r--    1 ftp      ftp          1074 Mar 19 13:31 simftp.txt\r\n"
/// );
/// assert_eq!(n.mdtm("/simftp.txt", "20261124150300".into()), "20190319133100");
/// ```
#[derive(Debug, Default)]
pub struct Normaliser {
    world: Mutex<BTreeMap<String, Timestamp>>,
}

impl Normaliser {
    /// The world's entries (normalised absolute paths) with the modification time they have in
    /// the world.
    pub fn new(entries: impl IntoIterator<Item = (String, Timestamp)>) -> Self {
        Self {
            world: Mutex::new(entries.into_iter().collect()),
        }
    }

    fn world_time(&self, path: &str) -> Option<Timestamp> {
        self.world.lock().ok()?.get(path).copied()
    }

    /// The MDTM answer for `path`: the world's time for a world entry, else the server's.
    pub fn mdtm(&self, path: &str, server: String) -> String {
        self.world_time(path).map_or(server, |t| t.to_string())
    }

    /// `path` (and anything under it) is no longer the world's: the model replaced, deleted or
    /// removed it.
    pub fn forget(&self, path: &str) {
        if let Ok(mut w) = self.world.lock() {
            w.retain(|p, _| !is_under(p, path));
        }
    }

    /// `from` (and anything under it) moved to `to`, keeping its times (as the in-memory
    /// server does); whatever `to` was is replaced.
    pub fn rename(&self, from: &str, to: &str) {
        if let Ok(mut w) = self.world.lock() {
            w.retain(|p, _| !is_under(p, to));
            let moved: Vec<(String, Timestamp)> = w
                .iter()
                .filter(|(p, _)| is_under(p, from))
                .map(|(p, t)| (format!("{to}{}", &p[from.len()..]), *t))
                .collect();
            w.retain(|p, _| !is_under(p, from));
            w.extend(moved);
        }
    }

    /// The listing `raw` (the server's answer to `LIST arg`) in the in-memory server's format.
    pub fn listing(&self, arg: &str, raw: &[u8]) -> Vec<u8> {
        let dir = resolve("/", arg);
        let text = String::from_utf8_lossy(raw);
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut parsed = Vec::new();
        for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
            if line.is_empty() || line.starts_with("total ") {
                continue;
            }
            match parse_line(line) {
                Some(f) => parsed.push(f),
                None => entries.push((line.to_string(), format!("{line}\r\n"))),
            }
        }
        // The entry of a file argument: one file whose name is the argument's.
        let file_arg = parsed.len() == 1
            && parsed[0].is_file()
            && base_name(parsed[0].name()) == base_name(&dir)
            && dir != "/";
        for f in parsed {
            // A file argument's entry names it as given (spec decision 47), whatever the
            // server printed (vsftpd prints the base name).
            let name = if file_arg {
                arg.to_string()
            } else {
                base_name(f.name()).to_string()
            };
            if name == "." || name == ".." {
                continue;
            }
            let path = if file_arg {
                dir.clone()
            } else {
                resolve(&dir, &name)
            };
            let mtime = self.world_time(&path).unwrap_or_else(|| {
                let secs = f
                    .modified()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                Timestamp::new(1970, 1, 1, 0, 0, 0) + Duration::from_secs(secs)
            });
            let size = if f.is_directory() { 0 } else { f.size() as u64 };
            let mut line = String::new();
            list_line(&mut line, f.is_directory(), size, mtime, &name);
            entries.push((name, line));
        }
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        entries
            .into_iter()
            .flat_map(|(_, l)| l.into_bytes())
            .collect()
    }
}

/// One `LIST` line, in the POSIX (`ls -l`) or the DOS form.
pub(crate) fn parse_line(line: &str) -> Option<suppaftp::list::File> {
    suppaftp::list::ListParser::parse_posix(line)
        .or_else(|_| suppaftp::list::ListParser::parse_dos(line))
        .ok()
}

/// Paths are resolved as the in-memory server resolves them.
pub use simcom_ftp_model::server::resolve;

/// The last segment of a path.
fn base_name(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORLD: Timestamp = Timestamp::new(2019, 3, 19, 13, 31, 0);

    #[test]
    fn vsftpd_listing_with_years_dirs_and_dot_entries() {
        let n = Normaliser::new([
            ("/pub".to_string(), WORLD),
            ("/pub/a.txt".to_string(), WORLD),
        ]);
        let raw = b"total 8\r\n\
drwxr-xr-x    2 0        0            4096 Jan 02  2020 .\r\n\
drwxr-xr-x    3 0        0            4096 Jan 02  2020 ..\r\n\
-rw-r--r--    1 1000     1000           12 Feb 03  2021 z.txt\r\n\
-rw-------    1 1000     1000            5 Nov 24 15:03 a.txt\r\n";
        let got = String::from_utf8(n.listing("/pub/", raw)).unwrap();
        assert_eq!(
            got,
            "-rw-r--r--    1 ftp      ftp             5 Mar 19 13:31 a.txt\r\n\
-rw-r--r--    1 ftp      ftp            12 Feb 03 00:00 z.txt\r\n"
        );
    }

    #[test]
    fn directories_and_unparsable_lines() {
        let n = Normaliser::new([("/d".to_string(), WORLD)]);
        let raw = b"drwxrwxrwx 1 u g 0 Jan 01 00:00 d\nsomething else\n";
        let got = String::from_utf8(n.listing("", raw)).unwrap();
        assert_eq!(
            got,
            "drwxr-xr-x    2 ftp      ftp             0 Mar 19 13:31 d\r\nsomething else\r\n"
        );
    }

    #[test]
    fn the_entry_of_a_file_argument() {
        let n = Normaliser::new([("/pub/a.txt".to_string(), WORLD)]);
        let raw = b"-rw-r--r-- 1 u g 5 Nov 24 15:03 /pub/a.txt\r\n";
        assert_eq!(
            n.listing("/pub/a.txt", raw),
            b"-rw-r--r--    1 ftp      ftp             5 Mar 19 13:31 /pub/a.txt\r\n"
        );
    }

    #[test]
    fn forget_and_rename_follow_the_model() {
        let n = Normaliser::new([
            ("/a".to_string(), WORLD),
            ("/d".to_string(), WORLD),
            ("/d/x".to_string(), WORLD),
        ]);
        n.forget("/a");
        assert_eq!(n.mdtm("/a", "20260101000000".into()), "20260101000000");
        n.rename("/d", "/e");
        assert_eq!(n.mdtm("/e/x", "server".into()), "20190319133100");
        assert_eq!(n.mdtm("/d/x", "server".into()), "server");
    }
}
