//! AT, ATE, ATV, ATI, AT+CMEE and the identity commands (AT+CGMR/GMR, AT+CGMI/GMI,
//! AT+CGMM/GMM, AT+CGSN/GSN, AT+GSV).

use simcom_at::command::{Action, Setting};
use simcom_at::{Command, Info, Prefix, Revision};

use super::Module;
use crate::Profile;

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
            Command::Cgmr(Action::Test)
            | Command::Gmr(Action::Test)
            | Command::Cgmi(Action::Test)
            | Command::Gmi(Action::Test)
            | Command::Cgmm(Action::Test)
            | Command::Gmm(Action::Test)
            | Command::Cgsn(Action::Test)
            | Command::Gsn(Action::Test)
            // The manual prints no test form for AT+GSV; as its neighbours' (decision).
            | Command::Gsv(Action::Test) => self.out.ok(),
            // The identity lines: `Revision: <revision>` as the manual prints it (V1.02 §3.2.3),
            // or without the space as real modules were seen to (profile `revision_space`).
            Command::Cgmr(Action::Execute) | Command::Gmr(Action::Execute) => {
                self.out.text_line(&revision(&self.profile));
                self.out.ok();
            }
            // Manufacturer, model and revision, as the manual's example (V1.02 §5.2.9 p. 95).
            Command::Gsv(Action::Execute) => {
                self.out.text(&self.profile.manufacturer);
                self.out.text(&self.profile.model);
                self.out.text_line(&revision(&self.profile));
                self.out.ok();
            }
            Command::Cgmi(Action::Execute) | Command::Gmi(Action::Execute) => {
                self.out.answer_text(&self.profile.manufacturer);
            }
            Command::Cgmm(Action::Execute) | Command::Gmm(Action::Execute) => {
                self.out.answer_text(&self.profile.model);
            }
            Command::Cgsn(Action::Execute) | Command::Gsn(Action::Execute) => {
                self.out.answer_text(&self.profile.imei);
            }
            _ => unreachable!("dispatched by family"),
        }
    }
}

/// The profile's `Revision:` line.
fn revision(profile: &Profile) -> Revision<'_> {
    Revision {
        revision: &profile.revision,
        space: profile.revision_space,
    }
}
