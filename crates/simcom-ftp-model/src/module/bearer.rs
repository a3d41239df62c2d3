//! The bearer: SIM, radio (AT+CFUN), attach, PDP contexts and the AT+CNACT application
//! contexts the FTP service runs on.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::time::Duration;

use simcom_at::command::{Action, CnactAction, Setting};
use simcom_at::{CmeCode, Command, Info, Prefix};

use super::Module;
use super::out::Refusal;
use crate::time::Instant;

/// The simulated cellular network the module is in. `Cellular::default()` is the network of
/// app note 4.1 (China Telecom NB-IoT, APN `ctnb`).
///
/// ```
/// use simcom_ftp_model::{Module, Cellular, Profile};
/// let cellular = Cellular { rssi: 20, ..Cellular::default() };
/// let m = Module::with_cellular(Profile::default(), cellular);
/// assert_eq!(m.cellular().operator, "CHN-CT");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cellular {
    /// Whether a SIM is inserted (and needs no PIN).
    pub sim_present: bool,
    /// `<rssi>` of AT+CSQ (0–31, 99).
    pub rssi: u8,
    /// `<ber>` of AT+CSQ (0–7, 99).
    pub ber: u8,
    /// Operator name (long and short alphanumeric form).
    pub operator: String,
    /// Operator in numeric form (MCC MNC).
    pub operator_numeric: String,
    /// Access technology `<AcT>` (9: NB-IoT, 7: Cat-M1, 0: GSM).
    pub act: u8,
    /// The APN the network delivers (AT+CGNAPN).
    pub network_apn: String,
    /// The address each AT+CNACT context 0–3 gets when activated.
    pub addresses: [String; 4],
    /// Whether the module is attached at power-up.
    pub attached: bool,
    /// `<stat>` of AT+CREG/AT+CGREG/AT+CEREG once registered: 1 home, 5 roaming (or 3
    /// denied, 0 not searching: a network that never registers the module).
    pub stat: u8,
    /// `<lac>`/`<tac>` printed with `<n>` 2 and 4 (any string; the LPM AN prints `5B57`).
    pub area: String,
    /// `<ci>` printed with `<n>` 2 and 4 (any length; the LPM AN prints `195071B`).
    pub ci: String,
    /// How long after power-up (or AT+CFUN=1) the module searches before it is registered:
    /// `None` registers at once. While it searches, `<stat>` is 2, AT+CSQ answers `99,99`
    /// and the module is not attached.
    pub registers_after: Option<Duration>,
    /// The network time sent at registration (what AT+CLTS=1 prints), if the network sends
    /// one.
    pub time: Option<NetworkTime>,
}

/// The network's time and time zone, as `*PSUTTZ` prints them (UTC; the time zone in quarters
/// of an hour, AT manual V1.02 §5.2.4 p. 91 and §3.2.20).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkTime {
    /// `<year>` (4 digits).
    pub year: u16,
    /// `<month>` 1-12.
    pub month: u8,
    /// `<day>` 1-31.
    pub day: u8,
    /// `<hour>` 0-23.
    pub hour: u8,
    /// `<min>` 0-59.
    pub min: u8,
    /// `<sec>` 0-59.
    pub sec: u8,
    /// `<time zone>` as printed (`+32`).
    pub tz: String,
    /// `<dst>` 0-2.
    pub dst: u8,
}

impl Default for Cellular {
    fn default() -> Self {
        Self {
            sim_present: true,
            rssi: 13,
            ber: 99,
            operator: "CHN-CT".to_string(),
            operator_numeric: "46011".to_string(),
            act: 9,
            network_apn: "ctnb".to_string(),
            addresses: [
                "10.94.36.44".to_string(),
                "10.94.36.45".to_string(),
                "10.94.36.46".to_string(),
                "10.94.36.47".to_string(),
            ],
            attached: true,
            stat: 1,
            area: "5B57".to_string(),
            ci: "195071B".to_string(),
            registers_after: None,
            time: None,
        }
    }
}

/// One AT+CNACT application context (AT+CNCFG settings and its state).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// Whether the context is active.
    pub active: bool,
    /// `<ip_type>` of AT+CNCFG.
    pub ip_type: u8,
    /// `<APN>` of AT+CNCFG.
    pub apn: String,
    /// `<usename>` of AT+CNCFG.
    pub user: String,
    /// `<password>` of AT+CNCFG.
    pub password: String,
    /// `<authentication>` of AT+CNCFG.
    pub auth: u8,
}

#[derive(Debug)]
pub(super) struct Bearer {
    cellular: Cellular,
    cfun: u8,
    /// The AT+CFUN level in flash: "The <fun> power level will be written to flash except
    /// minimum functionality" (AT manual V1.02 §3.2.19 p. 56); a restart comes back at it.
    saved_fun: u8,
    attached: bool,
    cops_mode: u8,
    cops_format: u8,
    /// AT+CGDCONT contexts: cid → (PDP type, APN, active).
    pdp: BTreeMap<u8, (String, String, bool)>,
    contexts: [Context; 4],
    /// `<n>` of AT+CREG, AT+CGREG, AT+CEREG (0 at power-up: a decision, the manual prints no
    /// default).
    reg_n: [u8; 3],
    /// AT+CLTS `<mode>` (0 at power-up, a decision).
    clts: bool,
    /// Registered (else searching while the radio is on).
    registered: bool,
    /// When the search ends (`Cellular::registers_after`).
    register_at: Option<Instant>,
}

/// The three registration commands, in the order of `Bearer::reg_n`.
const REG_PREFIXES: [Prefix; 3] = [Prefix::Creg, Prefix::Cgreg, Prefix::Cereg];

/// The PSM timers printed after `<AcT>` with `<n>` 4: the LPM AN's read answer (V1.02 §7.1.1
/// p. 19). A decision.
const PSM_TIMERS: &str = ",,\"00000000\",\"01100000\"";

impl Bearer {
    pub(super) fn new(cellular: Cellular) -> Self {
        let mut pdp = BTreeMap::new();
        // App note 4.1: `+CGACT: 1,1`, `+CGACT: 2,0`.
        pdp.insert(
            1,
            (
                "IP".to_string(),
                cellular.network_apn.clone(),
                cellular.attached && cellular.registers_after.is_none(),
            ),
        );
        pdp.insert(2, ("IP".to_string(), String::new(), false));
        Self {
            cfun: 1,
            saved_fun: 1,
            cops_mode: 0,
            cops_format: 0,
            pdp,
            contexts: Default::default(),
            reg_n: [0; 3],
            clts: false,
            registered: cellular.registers_after.is_none(),
            register_at: cellular.registers_after.map(|d| Instant::ZERO + d),
            attached: cellular.attached && cellular.registers_after.is_none(),
            cellular,
        }
    }

    /// When the search ends, if the module searches.
    pub(super) fn register_at(&self) -> Option<Instant> {
        self.register_at
    }

    /// `<stat>` as AT+CEREG prints it: 0 with the radio off or no SIM, 2 while searching.
    fn stat(&self) -> u8 {
        if !self.radio_on() || !self.cellular.sim_present {
            0
        } else if self.registered {
            self.cellular.stat
        } else {
            2
        }
    }

    /// Registered on the network (home or roaming).
    fn in_service(&self) -> bool {
        matches!(self.stat(), 1 | 5)
    }

    /// The registration line of command `which` (0 CREG, 1 CGREG, 2 CEREG): the read answer
    /// (`read`) or the URC, with the location when `<n>` is 2 or 4 and the module registered.
    fn reg_line(&self, which: usize, read: bool) -> Info<'_> {
        let n = self.reg_n[which];
        let located = n >= 2 && self.in_service();
        Info::Reg {
            prefix: REG_PREFIXES[which],
            n: read.then_some(n),
            stat: self.stat(),
            area: located.then_some(self.cellular.area.as_str()),
            ci: located.then_some(self.cellular.ci.as_str()),
            act: located.then_some(self.cellular.act),
            rest: if located && n == 4 && which == 2 {
                PSM_TIMERS
            } else {
                ""
            },
        }
    }

    pub(super) fn cellular(&self) -> &Cellular {
        &self.cellular
    }

    pub(super) fn set_active(&mut self, idx: u8, active: bool) -> bool {
        match self.contexts.get_mut(usize::from(idx)) {
            Some(c) => {
                c.active = active;
                true
            }
            None => false,
        }
    }

    /// Whether AT+CNACT context `idx` is active.
    pub(super) fn is_active(&self, idx: u8) -> bool {
        self.contexts
            .get(usize::from(idx))
            .is_some_and(|c| c.active)
    }

    /// The AT+CFUN level a power cut comes back at.
    pub(super) fn saved_fun(&self) -> u8 {
        self.saved_fun
    }

    /// Sets `<fun>`, keeping it in flash unless it is 0 (minimum functionality).
    fn set_fun(&mut self, fun: u8) {
        self.cfun = fun;
        if fun != 0 {
            self.saved_fun = fun;
        }
    }

    /// A fresh bearer comes up at `fun` (with `saved` in flash): with the radio off (0, 4)
    /// it is detached, every PDP context inactive.
    pub(super) fn power_up(&mut self, fun: u8, saved: u8, now: Instant) {
        self.register_at = self.cellular.registers_after.map(|d| now + d);
        self.saved_fun = saved;
        self.set_fun(fun);
        if !self.radio_on() {
            self.registered = false;
            self.attached = false;
            for ctx in self.pdp.values_mut() {
                ctx.2 = false;
            }
        }
    }

    /// The `+CPIN: <code>` URC of power-up: `READY` (the model's SIM needs no PIN),
    /// `NOT INSERTED` without a SIM, none at minimum functionality (the SIM is off).
    pub(super) fn sim_state_at_power_up(&self) -> Option<&'static str> {
        match (self.cfun, self.cellular.sim_present) {
            (0, _) => None,
            (_, true) => Some("READY"),
            (_, false) => Some("NOT INSERTED"),
        }
    }

    /// Whether the radio is on: not at minimum functionality (0), RF off (4) or offline (7,
    /// decision: as 4).
    fn radio_on(&self) -> bool {
        !matches!(self.cfun, 0 | 4 | 7)
    }

    fn sim_ready(&self) -> bool {
        self.cellular.sim_present && self.cfun != 0
    }
}

impl Module {
    pub(super) fn bearer_command(&mut self, cmd: Command<'_>) {
        match cmd {
            Command::Cpin(Setting::Test) => self.out.ok(),
            Command::Cpin(Setting::Read) => {
                if self.bearer.cellular.sim_present {
                    let state = if self.bearer.sim_ready() {
                        "READY"
                    } else {
                        "NOT READY"
                    };
                    self.out.answer([Info::Text {
                        prefix: Prefix::Cpin,
                        value: state,
                    }]);
                } else {
                    self.out.refuse(Refusal::Cme(CmeCode::SimNotInserted));
                }
            }
            // The model's SIM asks for no PIN (spec decision 24).
            Command::Cpin(Setting::Write(_)) => self.out.refuse(Refusal::STATE),
            Command::Csq(Action::Test) => self.out.ranges(Prefix::Csq, "(0-31,99),(0-7,99)"),
            Command::Csq(Action::Execute) => {
                let (rssi, ber) = if self.bearer.radio_on() && self.bearer.registered {
                    (self.bearer.cellular.rssi, self.bearer.cellular.ber)
                } else {
                    (99, 99)
                };
                self.out.answer([Info::Csq { rssi, ber }]);
            }
            Command::Cgatt(Setting::Test) => self.out.ranges(Prefix::Cgatt, "(0,1)"),
            Command::Cgatt(Setting::Read) => self.out.answer([Info::Value {
                prefix: Prefix::Cgatt,
                value: u32::from(self.bearer.attached),
            }]),
            Command::Cgatt(Setting::Write(attach)) => {
                if attach && !self.bearer.radio_on() {
                    self.out.refuse(Refusal::Cme(CmeCode::CfunState));
                } else {
                    if !attach {
                        self.detach(false);
                    }
                    self.bearer.attached = attach;
                    self.out.ok();
                }
            }
            Command::Cgact(Setting::Test) => self.out.ranges(Prefix::Cgact, "(0,1)"),
            Command::Cgact(Setting::Read) => {
                let lines = self.bearer.pdp.iter().map(|(&cid, (_, _, a))| Info::Cgact {
                    cid,
                    state: u8::from(*a),
                });
                self.out.answer(lines);
            }
            Command::Cgact(Setting::Write(c)) => {
                if c.state && !self.bearer.attached {
                    self.out.refuse(Refusal::STATE);
                    return;
                }
                match c.cid {
                    Some(cid) => match self.bearer.pdp.get_mut(&cid) {
                        Some(ctx) => {
                            ctx.2 = c.state;
                            self.out.ok();
                        }
                        None => self.out.refuse(Refusal::STATE),
                    },
                    None => {
                        for ctx in self.bearer.pdp.values_mut() {
                            ctx.2 = c.state;
                        }
                        self.out.ok();
                    }
                }
            }
            // A scan needs the radio (decision, L).
            Command::Cops(Setting::Test) if !self.bearer.radio_on() => {
                self.out.refuse(Refusal::STATE);
            }
            Command::Cops(Setting::Test) => {
                let n = &self.bearer.cellular;
                let text = format!(
                    "(2,\"{}\",\"{}\",\"{}\",{}),,(0-4),(0-2)",
                    n.operator, n.operator, n.operator_numeric, n.act
                );
                self.out.ranges(Prefix::Cops, &text);
            }
            Command::Cops(Setting::Read) => {
                let b = &self.bearer;
                let line = if b.attached {
                    let oper = if b.cops_format == 2 {
                        &b.cellular.operator_numeric
                    } else {
                        &b.cellular.operator
                    };
                    Info::Cops {
                        mode: b.cops_mode,
                        format: Some(b.cops_format),
                        oper: Some(oper),
                        act: Some(b.cellular.act),
                    }
                } else {
                    Info::Cops {
                        mode: b.cops_mode,
                        format: None,
                        oper: None,
                        act: None,
                    }
                };
                self.out.answer([line]);
            }
            Command::Cops(Setting::Write(c)) => {
                if c.mode != 3 {
                    self.bearer.cops_mode = c.mode;
                }
                if let Some(f) = c.format {
                    self.bearer.cops_format = f;
                }
                if c.mode == 2 {
                    self.detach(false);
                    self.bearer.attached = false;
                } else if c.mode != 3 && self.bearer.radio_on() {
                    self.bearer.attached = true;
                }
                self.out.ok();
            }
            Command::Cgnapn(Action::Test) => self.out.ranges(Prefix::Cgnapn, "(0,1),150"),
            Command::Cgnapn(Action::Execute) => {
                // A network that delivers no APN: `0,""` (a decision; CGNAPN's <valid> 0).
                let line = if self.bearer.attached && !self.bearer.cellular.network_apn.is_empty() {
                    Info::Cgnapn {
                        valid: 1,
                        apn: &self.bearer.cellular.network_apn,
                    }
                } else {
                    Info::Cgnapn { valid: 0, apn: "" }
                };
                self.out.answer([line]);
            }
            Command::Cncfg(Setting::Test) => {
                self.out
                    .ranges(Prefix::Cncfg, "(0-3),(0-4),150,127,127,(0-3)");
            }
            Command::Cncfg(Setting::Read) => {
                let rests: Vec<String> = self
                    .bearer
                    .contexts
                    .iter()
                    .map(|c| format!("\"{}\",\"{}\",\"{}\",{}", c.apn, c.user, c.password, c.auth))
                    .collect();
                let lines = (0u8..).zip(self.bearer.contexts.iter().zip(&rests)).map(
                    |(pdpidx, (c, rest))| Info::Cncfg {
                        pdpidx,
                        ip_type: c.ip_type,
                        rest,
                    },
                );
                self.out.answer(lines);
            }
            Command::Cncfg(Setting::Write(c)) => {
                let ctx = &mut self.bearer.contexts[usize::from(c.pdpidx)];
                ctx.ip_type = c.ip_type;
                ctx.apn = c.apn.unwrap_or("").to_string();
                let (u, p) = c.credentials.unwrap_or(("", ""));
                ctx.user = u.to_string();
                ctx.password = p.to_string();
                ctx.auth = c.auth.unwrap_or(0);
                self.out.ok();
            }
            Command::Cnact(Setting::Test) => self.out.ranges(Prefix::Cnact, "(0-3),(0-2)"),
            Command::Cnact(Setting::Read) => {
                let lines = (0u8..)
                    .zip(
                        self.bearer
                            .contexts
                            .iter()
                            .zip(&self.bearer.cellular.addresses),
                    )
                    .map(|(pdpidx, (c, address))| Info::Cnact {
                        pdpidx,
                        status: u8::from(c.active),
                        address: if c.active { address } else { "0.0.0.0" },
                        ipv6: None,
                    });
                self.out.answer(lines);
            }
            Command::Cnact(Setting::Write(c)) => {
                let idx = c.pdpidx;
                match c.action {
                    CnactAction::Activate | CnactAction::AutoActivate => {
                        if !self.bearer.radio_on() {
                            self.out.refuse(Refusal::Cme(CmeCode::CfunState));
                        } else if !self.bearer.attached || self.bearer.is_active(idx) {
                            self.out.refuse(Refusal::STATE);
                        } else {
                            self.bearer.set_active(idx, true);
                            self.out.ok();
                            self.out.urc(&Info::AppPdp {
                                pdpidx: idx,
                                active: true,
                            });
                        }
                    }
                    CnactAction::Deactivate => {
                        self.out.ok();
                        if self.bearer.is_active(idx) {
                            self.bearer.set_active(idx, false);
                            self.out.urc(&Info::AppPdp {
                                pdpidx: idx,
                                active: false,
                            });
                            self.bearer_lost(idx);
                        }
                    }
                }
            }
            Command::Cfun(Setting::Test) => self.out.ranges(Prefix::Cfun, "(0,1,4-7),(0,1)"),
            Command::Cfun(Setting::Read) => self.out.answer([Info::Value {
                prefix: Prefix::Cfun,
                value: u32::from(self.bearer.cfun),
            }]),
            // <fun> 6, "Reset" (V1.02 §3.2.19), with or without <rst>: a reset that comes back
            // at the level in flash, as after a power cut (decision: a reset is not a level).
            Command::Cfun(Setting::Write(c)) if c.fun == 6 => {
                self.restart(self.bearer.saved_fun());
                self.out.ok();
            }
            // <rst> 1: reset, then come up at <fun>; OK comes after the reset (decision 52).
            Command::Cfun(Setting::Write(c)) if c.rst == Some(1) => {
                self.restart(c.fun);
                self.out.ok();
            }
            Command::Cfun(Setting::Write(c)) => {
                let before = self.bearer.stat();
                let was_ready = self.bearer.sim_ready();
                let off = matches!(c.fun, 0 | 4 | 7);
                if off {
                    self.detach(true);
                    self.bearer.attached = false;
                }
                self.bearer.set_fun(c.fun);
                if was_ready && !self.bearer.sim_ready() {
                    // App note 4.2: the URC comes before the OK of AT+CFUN=0.
                    self.out.urc(&Info::Text {
                        prefix: Prefix::Cpin,
                        value: "NOT READY",
                    });
                    self.out.ok();
                } else {
                    self.out.ok();
                    if !was_ready && self.bearer.sim_ready() {
                        self.out.urc(&Info::Text {
                            prefix: Prefix::Cpin,
                            value: "READY",
                        });
                    }
                }
                if off {
                    self.bearer.registered = false;
                    self.bearer.register_at = None;
                    self.registration_changed(before);
                } else if !self.bearer.registered && self.bearer.register_at.is_none() {
                    match self.bearer.cellular.registers_after {
                        Some(d) => {
                            self.bearer.register_at = Some(self.now + d);
                            self.registration_changed(before);
                        }
                        None => self.network_registered(),
                    }
                } else {
                    self.registration_changed(before);
                }
                if !off && self.bearer.cellular.sim_present && self.bearer.registered {
                    self.bearer.attached = self.bearer.cellular.attached;
                    for ctx in self.bearer.pdp.values_mut() {
                        ctx.2 = !ctx.1.is_empty();
                    }
                }
            }
            Command::Cgdcont(Setting::Test) => {
                let texts = ["IP", "IPV6", "IPV4V6", "Non-IP"]
                    .map(|t| format!("(1-15),\"{t}\",,,(0-2),(0-4)"));
                let lines = texts.iter().map(|text| Info::Ranges {
                    prefix: Prefix::Cgdcont,
                    text,
                });
                self.out.answer(lines);
            }
            Command::Cgdcont(Setting::Read) => {
                let lines =
                    self.bearer
                        .pdp
                        .iter()
                        .map(|(&cid, (pdp_type, apn, _))| Info::Cgdcont {
                            cid,
                            pdp_type,
                            apn,
                            rest: "",
                        });
                self.out.answer(lines);
            }
            Command::Cgdcont(Setting::Write(c)) => {
                match c.pdp_type {
                    Some(t) => {
                        let apn = c.apn.unwrap_or("").to_string();
                        self.bearer.pdp.insert(c.cid, (t.to_string(), apn, false));
                    }
                    None => {
                        self.bearer.pdp.remove(&c.cid);
                    }
                }
                self.out.ok();
            }
            Command::Creg(Setting::Test) => self.out.ranges(Prefix::Creg, "(0-2)"),
            Command::Cgreg(Setting::Test) => self.out.ranges(Prefix::Cgreg, "(0-2,4)"),
            Command::Cereg(Setting::Test) => self.out.ranges(Prefix::Cereg, "(0-2,4)"),
            Command::Creg(Setting::Read) => self.out.answer([self.bearer.reg_line(0, true)]),
            Command::Cgreg(Setting::Read) => self.out.answer([self.bearer.reg_line(1, true)]),
            Command::Cereg(Setting::Read) => self.out.answer([self.bearer.reg_line(2, true)]),
            Command::Creg(Setting::Write(n)) => {
                self.bearer.reg_n[0] = n;
                self.out.ok();
            }
            Command::Cgreg(Setting::Write(n)) => {
                self.bearer.reg_n[1] = n;
                self.out.ok();
            }
            Command::Cereg(Setting::Write(n)) => {
                self.bearer.reg_n[2] = n;
                self.out.ok();
            }
            Command::Clts(Setting::Test) => {
                // The manual's test answer is a time format, not a range (V1.02 §5.2.4 p. 90).
                self.out.answer([Info::Text {
                    prefix: Prefix::Clts,
                    value: "yy/MM/dd,hh:mm:ss+/-zz",
                }]);
            }
            Command::Clts(Setting::Read) => self.out.answer([Info::Value {
                prefix: Prefix::Clts,
                value: u32::from(self.bearer.clts),
            }]),
            Command::Clts(Setting::Write(on)) => {
                self.bearer.clts = on;
                self.out.ok();
            }
            _ => unreachable!("dispatched by family"),
        }
    }

    /// The search ends (`Cellular::registers_after` has passed): the module is registered
    /// and attached, and prints the registration URCs the host asked for, then, with AT+CLTS=1,
    /// the network's name and time (V1.02 §5.2.4: *PSNWID, *PSUTTZ, +CTZV, DST).
    pub(super) fn network_registered(&mut self) {
        let before = self.bearer.stat();
        self.bearer.register_at = None;
        if !self.bearer.radio_on() || !self.bearer.cellular.sim_present {
            return;
        }
        self.bearer.registered = true;
        if self.bearer.in_service() {
            self.bearer.attached = self.bearer.cellular.attached;
            if self.bearer.attached {
                for ctx in self.bearer.pdp.values_mut() {
                    ctx.2 = !ctx.1.is_empty();
                }
            }
        }
        self.registration_changed(before);
        if self.bearer.clts && self.bearer.in_service() {
            self.network_time();
        }
    }

    /// The registration URCs of every command whose `<n>` is not 0, when `<stat>` changed.
    fn registration_changed(&mut self, before: u8) {
        if self.bearer.stat() == before {
            return;
        }
        for which in 0..REG_PREFIXES.len() {
            if self.bearer.reg_n[which] != 0 {
                let line = self.bearer.reg_line(which, false);
                self.out.urc(&line);
            }
        }
    }

    /// AT+CLTS=1's URCs, in the manual's order (V1.02 §5.2.4 pp. 90-91).
    fn network_time(&mut self) {
        let c = &self.bearer.cellular;
        let Some(t) = c.time.clone() else { return };
        let (mcc, mnc) = c
            .operator_numeric
            .split_at_checked(3)
            .unwrap_or((c.operator_numeric.as_str(), ""));
        let (mcc, mnc, name) = (mcc.to_string(), mnc.to_string(), c.operator.clone());
        self.out.urc(&Info::Psnwid {
            mcc: &mcc,
            mnc: &mnc,
            full_name: &name,
            full_ci: 0,
            short_name: &name,
            short_ci: 0,
        });
        self.out.urc(&Info::Psuttz {
            year: t.year,
            month: t.month,
            day: t.day,
            hour: t.hour,
            min: t.min,
            sec: t.sec,
            tz: &t.tz,
            dst: t.dst,
            compact: false,
        });
        self.out.urc(&Info::Text {
            prefix: Prefix::Ctzv,
            value: &t.tz,
        });
        self.out.urc(&Info::Value {
            prefix: Prefix::Dst,
            value: u32::from(t.dst),
        });
    }

    /// Drops every PDP and AT+CNACT context (detach, radio off). `+APP PDP` URCs are not
    /// printed for a radio switched off (app note 4.2 shows none).
    fn detach(&mut self, radio_off: bool) {
        for ctx in self.bearer.pdp.values_mut() {
            ctx.2 = false;
        }
        for idx in 0..4u8 {
            if self.bearer.is_active(idx) {
                self.bearer.set_active(idx, false);
                if !radio_off {
                    self.out.urc(&Info::AppPdp {
                        pdpidx: idx,
                        active: false,
                    });
                }
                self.bearer_lost(idx);
            }
        }
    }
}
