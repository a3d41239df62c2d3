//! AT, ATE, ATV, ATI, AT+CMEE.

use alloc::format;

use simcom_at::Command;
use simcom_at::command::{CmeeMode, Setting};

use super::Module;

impl Module {
    pub(super) fn basic(&mut self, cmd: Command<'_>) {
        match cmd {
            Command::At => self.out.ok(),
            Command::Echo(on) => {
                self.echo = on;
                self.out.ok();
            }
            Command::Verbose(on) => {
                self.out.verbose = on;
                self.out.ok();
            }
            Command::Ati => {
                for line in self.profile.ati_lines.clone() {
                    self.out.info(&line);
                }
                self.out.ok();
            }
            Command::Cmee(Setting::Test) => {
                self.out.info("+CMEE: (0-2)");
                self.out.ok();
            }
            Command::Cmee(Setting::Read) => {
                self.out.info(&format!("+CMEE: {}", self.out.cmee));
                self.out.ok();
            }
            Command::Cmee(Setting::Write(mode)) => {
                self.out.cmee = match mode {
                    CmeeMode::Disabled => 0,
                    CmeeMode::Numeric => 1,
                    CmeeMode::Verbose => 2,
                };
                self.out.ok();
            }
            _ => unreachable!("dispatched by family"),
        }
    }
}
