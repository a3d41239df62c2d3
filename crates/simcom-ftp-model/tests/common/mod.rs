//! Shared test helpers: a model wired to the in-memory server, driven line by line, and the
//! byte strings the spec frames its answers in (spec/README.md §2: with ATV1 a line is
//! `\r\n<text>\r\n`; a length-counted block is its header line, the raw bytes, `\r\nOK\r\n`).
#![allow(dead_code, unreachable_pub)]

use core::fmt::Display;
use core::time::Duration;

use simcom_ftp_model::server::{Server, ServerConfig};
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{FsDir, Instant, Module, Profile};

pub const OK: &str = "\r\nOK\r\n";
pub const ERROR: &str = "\r\nERROR\r\n";

/// The settings of app note 5.1.1: context, server, account, names and paths.
pub const NOTE_SETTINGS: [&str; 8] = [
    "AT+FTPCID=0",
    "AT+FTPSERV=\"112.74.93.163\"",
    "AT+FTPUN=\"simcomtest\"",
    "AT+FTPPW=\"simcomtest\"",
    "AT+FTPGETNAME=\"simftp.txt\"",
    "AT+FTPGETPATH=\"/\"",
    "AT+FTPPUTNAME=\"simftp.txt\"",
    "AT+FTPPUTPATH=\"/\"",
];

/// `0123456789` repeated to `len` bytes (the app note's data pattern).
pub fn digits(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'0' + (i % 10) as u8).collect()
}

/// A framed information line or URC: `\r\n<text>\r\n`.
pub fn line(text: &str) -> String {
    format!("\r\n{text}\r\n")
}

/// `OK`, then the URC `text`.
pub fn ok_then(text: &str) -> String {
    format!("{OK}{}", line(text))
}

/// Information lines, then `OK`: the answer of a read or test form.
pub fn answer(lines: &[&str]) -> String {
    let mut s: String = lines.iter().map(|l| line(l)).collect();
    s.push_str(OK);
    s
}

/// The refusal `+CME ERROR: <x>`.
pub fn cme(x: impl Display) -> String {
    line(&format!("+CME ERROR: {x}"))
}

/// A module-length-counted block: header, its CR LF, the raw bytes, `\r\nOK\r\n`.
pub fn block(header: &str, data: &[u8]) -> Vec<u8> {
    let mut v = line(header).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(OK.as_bytes());
    v
}

pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Bytes shown with escapes, for readable assertion failures.
pub fn show(b: &[u8]) -> String {
    b.escape_ascii().to_string()
}

pub fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A server with `config` holding `files`.
pub fn server_with(config: ServerConfig, files: &[(&str, &[u8])]) -> Server {
    let mut server = Server::new(config);
    for (path, data) in files {
        server.add_file(path, data.to_vec()).unwrap();
    }
    server
}

/// A module wired to the in-memory server, driven at virtual time.
pub struct World {
    pub sim: Sim,
}

/// Worlds: the module and its server as a test finds them.
impl World {
    /// A module just powered up: echo on (the default), nothing sent yet.
    pub fn powered_up(profile: Profile) -> Self {
        Self {
            sim: Sim::new(Module::new(profile), Server::default()),
        }
    }

    /// Context 0 active or not, echo off (ATE0 sent and checked), nothing else set.
    fn echo_off(profile: Profile, server: Server, context_active: bool) -> Self {
        let mut module = Module::new(profile);
        if context_active {
            module.set_context_active(0, true);
        }
        let mut w = Self {
            sim: Sim::new(module, server),
        };
        w.expect("ATE0", "ATE0\r\r\nOK\r\n");
        w
    }

    /// Context 0 active, echo off, the server holding `files`; no FTP setting made.
    pub fn new(profile: Profile, files: &[(&str, &[u8])]) -> Self {
        Self::echo_off(profile, server_with(ServerConfig::default(), files), true)
    }

    /// Echo off, no AT+CNACT context active: the module at the start of app note 4.1.
    pub fn quiet_with(profile: Profile) -> Self {
        Self::echo_off(profile, Server::default(), false)
    }

    /// [`World::quiet_with`] the default profile.
    pub fn quiet() -> Self {
        Self::quiet_with(Profile::default())
    }

    /// Any profile and server, context 0 active or not, echo off, the note's settings (5.1.1).
    pub fn build(profile: Profile, server: Server, context_active: bool) -> Self {
        let mut w = Self::echo_off(profile, server, context_active);
        for l in NOTE_SETTINGS {
            w.expect(l, OK);
        }
        w
    }

    /// The note's world (5.1.1) with another profile.
    pub fn note_with(profile: Profile, files: &[(&str, &[u8])]) -> Self {
        Self::build(profile, server_with(ServerConfig::default(), files), true)
    }

    /// The note's settings (5.1.1): server, account, names and paths.
    pub fn note(files: &[(&str, &[u8])]) -> Self {
        Self::note_with(Profile::default(), files)
    }

    /// The note's world with every server reply `latency` late.
    pub fn note_latency(files: &[(&str, &[u8])], latency: Duration) -> Self {
        let mut w = Self::note(files);
        w.sim.server.pacing_mut().latency = latency;
        w
    }
}

/// Sending, and what is printed at that instant (spec §2).
impl World {
    /// Sends `line` + CR; returns everything the module printed at this instant.
    pub fn send(&mut self, line: &str) -> Vec<u8> {
        self.sim.send(format!("{line}\r").as_bytes()).unwrap();
        self.sim.take_output()
    }

    /// Sends `line` + CR; returns what the module printed at this instant, as text.
    pub fn send_text(&mut self, line: &str) -> String {
        String::from_utf8(self.send(line)).unwrap()
    }

    /// Sends raw bytes; returns what the module printed.
    pub fn raw(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.sim.send(bytes).unwrap();
        self.sim.take_output()
    }

    /// Sends `line` and asserts the exact bytes printed at that instant.
    #[track_caller]
    pub fn expect(&mut self, line: &str, printed: impl AsRef<[u8]>) {
        let got = self.send(line);
        assert_eq!(show(&got), show(printed.as_ref()), "after {line:?}");
    }

    /// Sends raw `bytes` and asserts the exact bytes printed at that instant.
    #[track_caller]
    pub fn raw_expect(&mut self, bytes: &[u8], printed: impl AsRef<[u8]>) {
        let got = self.raw(bytes);
        assert_eq!(
            show(&got),
            show(printed.as_ref()),
            "after raw {:?}",
            show(bytes)
        );
    }

    /// With echo on: sends `line` and asserts its echo (the line as sent and its CR, spec §2),
    /// then exactly `printed`.
    #[track_caller]
    pub fn expect_echoed(&mut self, line: &str, printed: impl AsRef<[u8]>) {
        let mut all = format!("{line}\r").into_bytes();
        all.extend_from_slice(printed.as_ref());
        self.expect(line, all);
    }

    /// Each `(line, printed)` in turn: the line sent, exactly `printed` at that instant.
    #[track_caller]
    pub fn exchanges(&mut self, steps: &[(&str, &str)]) {
        for (line, printed) in steps {
            self.expect(line, printed);
        }
    }

    /// Each of `lines` in turn is answered exactly `printed` (plain `ERROR`, say).
    #[track_caller]
    pub fn each(&mut self, lines: &[&str], printed: &str) {
        for line in lines {
            self.expect(line, printed);
        }
    }

    /// Sends `line` and asserts the answer: these information lines, then `OK`.
    #[track_caller]
    pub fn expect_answer(&mut self, line: &str, info: &[&str]) {
        self.expect(line, answer(info));
    }

    /// AT+CMEE=`n`, answered OK.
    #[track_caller]
    pub fn set_cmee(&mut self, n: u8) {
        self.expect(&format!("AT+CMEE={n}"), OK);
    }

    /// Each `(line, code)` in turn is refused with `+CME ERROR: <code>` (AT+CMEE=1).
    #[track_caller]
    pub fn refusals(&mut self, refusals: &[(&str, u16)]) {
        for (line, code) in refusals {
            self.expect(line, cme(code));
        }
    }

    /// Writes each setting (a command line answered `OK` alone), in order.
    #[track_caller]
    pub fn set(&mut self, settings: &[&str]) {
        for setting in settings {
            self.expect(setting, OK);
        }
    }

    /// Writes `setting` (`AT+<name>=<value>`, answered OK), then its read form `AT+<name>?`
    /// answers the one line `read`.
    #[track_caller]
    pub fn set_then_read(&mut self, setting: &str, read: &str) {
        self.expect(setting, OK);
        let (name, _) = setting.split_once('=').unwrap();
        self.expect_answer(&format!("{name}?"), &[read]);
    }
}

/// Sessions (spec §5–§8).
impl World {
    /// AT+FTPSTATE reads `state` (0 idle, 1 while a session command runs).
    #[track_caller]
    pub fn expect_state(&mut self, state: u8) {
        self.expect_answer("AT+FTPSTATE", &[&format!("+FTPSTATE: {state}")]);
    }

    /// Writes `setting`; the session command `command` is then answered OK and ends at once
    /// with the URC `result` (no server latency).
    #[track_caller]
    pub fn set_then(&mut self, setting: &str, command: &str, result: &str) {
        self.expect(setting, OK);
        self.expect(command, ok_then(result));
    }

    /// Writes `setting`; AT+FTPGET=1 is then answered OK and `+FTPGET: 1,<status>` at once
    /// (1: data announced; 0: the session ended with nothing to read; else the error that ends
    /// the session).
    #[track_caller]
    pub fn set_then_get(&mut self, setting: &str, status: u8) {
        self.set_then(setting, "AT+FTPGET=1", &format!("+FTPGET: 1,{status}"));
    }

    /// A read of the download `cmd` (`FTPGET`, `FTPLIST`): `AT+<cmd>=2,<reqlength>`
    /// answered with the block `+<cmd>: 2,<cnflength>` holding exactly `data` (§5, §6).
    #[track_caller]
    pub fn read(&mut self, cmd: &str, reqlength: usize, data: &[u8]) {
        self.expect(
            &format!("AT+{cmd}=2,{reqlength}"),
            block(&format!("+{cmd}: 2,{}", data.len()), data),
        );
    }

    /// The read that takes the last byte: the block, then the session ends with
    /// `+<cmd>: 1,0` right after its OK (§5).
    #[track_caller]
    pub fn read_to_end(&mut self, cmd: &str, reqlength: usize, data: &[u8]) {
        let end = line(&format!("+{cmd}: 1,0"));
        self.expect(
            &format!("AT+{cmd}=2,{reqlength}"),
            cat(&[
                &block(&format!("+{cmd}: 2,{}", data.len()), data),
                end.as_bytes(),
            ]),
        );
    }

    /// AT+FTPPUT=1 with no server latency: OK and the invitation `+FTPPUT: 1,1,1360` (5.1.2).
    #[track_caller]
    pub fn open_put(&mut self) {
        self.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,1,1360"));
    }

    /// One chunk of at most 1360 bytes (no latency): `+FTPPUT: 2,<cnflength>`, the data,
    /// OK and the next invitation (5.1.2).
    #[track_caller]
    pub fn put_chunk(&mut self, data: &[u8]) {
        let n = data.len();
        self.expect(
            &format!("AT+FTPPUT=2,{n}"),
            line(&format!("+FTPPUT: 2,{n}")),
        );
        self.raw_expect(data, ok_then("+FTPPUT: 1,1,1360"));
    }

    /// AT+FTPPUT=2,0 (no latency): OK, then the upload ends with `+FTPPUT: 1,0` (5.1.2).
    #[track_caller]
    pub fn put_end(&mut self) {
        self.expect("AT+FTPPUT=2,0", ok_then("+FTPPUT: 1,0"));
    }

    /// A whole upload in one chunk (no latency): invitation, the chunk, the end.
    #[track_caller]
    pub fn put_all(&mut self, data: &[u8]) {
        self.open_put();
        self.put_chunk(data);
        self.put_end();
    }

    /// Writes `settings`; AT+FTPRENAME is then answered OK and `+FTPRENAME: 1,<result>` at
    /// once.
    #[track_caller]
    pub fn rename_with(&mut self, settings: &[&str], result: u8) {
        self.set(settings);
        self.expect("AT+FTPRENAME", ok_then(&format!("+FTPRENAME: 1,{result}")));
    }

    /// A download the module runs on its own (FTPEXTGET into RAM or a file): `command` is
    /// answered OK alone, and within a second the download ends with the URC `result`.
    #[track_caller]
    pub fn ends_within_1s(&mut self, command: &str, result: &str) {
        self.expect(command, OK);
        self.wait_expect(secs(1), line(result));
    }
}

/// The module's file system (AT+CFSWFILE, AT+FTPEXTGET=2).
impl World {
    /// AT+CFSWFILE (`line`, after AT+CFSINIT): the prompt `DOWNLOAD`, then `data` (exactly its
    /// `<filesize>` bytes), answered `OK` (app note 5.2.1).
    #[track_caller]
    pub fn cfswfile(&mut self, line: &str, data: &[u8]) {
        self.expect(line, self::line("DOWNLOAD"));
        self.raw_expect(data, OK);
    }

    /// A file in the module's own file system (AT+CFSWFILE, AT+FTPEXTGET=2).
    pub fn module_file(&self, dir: FsDir, name: &str) -> Option<&[u8]> {
        self.sim.module.file_system().read(dir, name)
    }

    /// Whether the module's file system holds that file.
    pub fn module_has(&self, dir: FsDir, name: &str) -> bool {
        self.sim.module.file_system().exists(dir, name)
    }
}

/// Virtual time.
impl World {
    /// Lets `d` of virtual time pass; returns what was printed meanwhile.
    pub fn wait(&mut self, d: Duration) -> Vec<u8> {
        let t = self.sim.now() + d;
        self.sim.advance_to(t).unwrap();
        self.sim.take_output()
    }

    /// Lets `d` pass and asserts what was printed meanwhile.
    #[track_caller]
    pub fn wait_expect(&mut self, d: Duration, printed: impl AsRef<[u8]>) {
        let out = self.wait(d);
        assert_eq!(show(&out), show(printed.as_ref()), "after waiting {d:?}");
    }

    /// Sends `line`, lets `d` pass, returns everything printed meanwhile, shown (for URCs the
    /// spec places after the OK without saying how soon).
    pub fn send_wait(&mut self, line: &str, d: Duration) -> String {
        let mut out = self.send(line);
        out.extend(self.wait(d));
        show(&out)
    }

    /// Jumps to the next deadline (at most `limit` ahead); returns (time, output).
    pub fn next(&mut self, limit: Duration) -> (Instant, Vec<u8>) {
        let lim = self.sim.now() + limit;
        self.sim.step(lim).unwrap();
        (self.sim.now(), self.sim.take_output())
    }

    /// The next thing that happens: at `at_ms` (virtual time), printing exactly `printed`.
    #[track_caller]
    pub fn next_at(&mut self, at_ms: u64, printed: &str) {
        let (t, out) = self.next(secs(1000));
        assert_eq!(show(&out), show(printed.as_bytes()), "at {t}");
        assert_eq!(t.as_millis(), at_ms, "time of {printed:?}");
    }
}
