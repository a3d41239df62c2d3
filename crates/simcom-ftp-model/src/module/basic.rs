//! AT, ATE, ATV, ATI, AT+CMEE, AT+CGMR.

use simcom_at::command::{Action, Setting};
use simcom_at::{Command, Info, Prefix};

use super::Module;

/// What AT+CGMR prints: the manual's `Revision: <revision>` (V1.02 §3.2.3) with the SIM7080
/// revision string of the sources (TinyGSM issue #592, as `ati_lines` has it).
const REVISION_LINE: &str = "Revision: 1951B10SIM7080";

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
                    self.out.text(&line);
                }
                self.out.ok();
            }
            Command::Cmee(Setting::Test) => self.out.ranges(Prefix::Cmee, "(0-2)"),
            Command::Cmee(Setting::Read) => {
                self.out.info(&Info::Value {
                    prefix: Prefix::Cmee,
                    value: u32::from(self.out.cmee),
                });
                self.out.ok();
            }
            Command::Cmee(Setting::Write(mode)) => {
                self.out.cmee = mode.number();
                self.out.ok();
            }
            Command::Cgmr(Action::Test) => self.out.ok(),
            Command::Cgmr(Action::Execute) => {
                self.out.text(REVISION_LINE);
                self.out.ok();
            }
            _ => unreachable!("dispatched by family"),
        }
    }
}
