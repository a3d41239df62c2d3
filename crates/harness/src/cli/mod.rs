//! The subcommands, and the options more than one of them takes.

use std::collections::BTreeMap;

use simcom_conformance::realnet::{ServerSpec, ServerUrl};

pub(crate) mod decode;
pub(crate) mod record;
pub(crate) mod run;
pub(crate) mod serve;

/// `--var NAME=VALUE`: adds the pair to `vars`.
pub(crate) fn var(kv: &str, vars: &mut BTreeMap<String, String>) -> Result<(), String> {
    let (k, v) = kv
        .split_once('=')
        .ok_or_else(|| format!("--var {kv}: NAME=VALUE"))?;
    vars.insert(k.to_string(), v.to_string());
    Ok(())
}

/// `--server URL` and its options (`--server-implicit-port`, `--server-ca`), in any order.
#[derive(Debug, Default)]
pub(crate) struct ServerArgs {
    url: Option<String>,
    opts: Vec<String>,
}

impl ServerArgs {
    /// Takes `arg` (and its value from `rest`) if it is one of the server options.
    pub(crate) fn take(&mut self, arg: &str, rest: &mut impl Iterator<Item = String>) -> bool {
        match arg {
            "--server" => {
                self.url = Some(rest.next().unwrap_or_default());
                true
            }
            "--server-implicit-port" | "--server-ca" => {
                self.opts.push(arg.to_string());
                self.opts.extend(rest.next());
                true
            }
            _ => false,
        }
    }

    /// The server given, with its options applied; an option without `--server` is an error.
    pub(crate) fn finish(self) -> Result<Option<ServerSpec>, String> {
        let Some(url) = self.url else {
            return match self.opts.first() {
                Some(o) => Err(format!("{o} needs --server")),
                None => Ok(None),
            };
        };
        if url.is_empty() {
            return Err("--server needs ftp://user:password@host:port".into());
        }
        let mut spec = ServerSpec::new(ServerUrl::parse(&url)?);
        let mut opts = self.opts.into_iter();
        while let Some(a) = opts.next() {
            spec.take_option(&a, &mut opts)?;
        }
        Ok(Some(spec))
    }
}
