//! The bearer: SIM, radio (AT+CFUN), attach, PDP contexts and the AT+CNACT application
//! contexts the FTP service runs on.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use simcom_at::command::{Action, CnactAction, Setting};
use simcom_at::{CmeCode, Command, Info, Prefix};

use super::Module;
use super::out::Refusal;

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
}

impl Bearer {
    pub(super) fn new(cellular: Cellular) -> Self {
        let mut pdp = BTreeMap::new();
        // App note 4.1: `+CGACT: 1,1`, `+CGACT: 2,0`.
        pdp.insert(
            1,
            (
                "IP".to_string(),
                cellular.network_apn.clone(),
                cellular.attached,
            ),
        );
        pdp.insert(2, ("IP".to_string(), String::new(), false));
        Self {
            cfun: 1,
            saved_fun: 1,
            attached: cellular.attached,
            cops_mode: 0,
            cops_format: 0,
            pdp,
            contexts: Default::default(),
            cellular,
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
    pub(super) fn power_up(&mut self, fun: u8, saved: u8) {
        self.saved_fun = saved;
        self.set_fun(fun);
        if !self.radio_on() {
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

    fn radio_on(&self) -> bool {
        !matches!(self.cfun, 0 | 4)
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
                let (rssi, ber) = if self.bearer.radio_on() {
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
                let line = if self.bearer.attached {
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
            // <rst> 1: reset, then come up at <fun>; OK comes after the reset (decision 52).
            Command::Cfun(Setting::Write(c)) if c.rst == Some(1) => {
                self.restart(c.fun);
                self.out.ok();
            }
            Command::Cfun(Setting::Write(c)) => {
                let was_ready = self.bearer.sim_ready();
                let off = matches!(c.fun, 0 | 4);
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
                if !off && self.bearer.cellular.sim_present {
                    self.bearer.attached = true;
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
            _ => unreachable!("dispatched by family"),
        }
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
