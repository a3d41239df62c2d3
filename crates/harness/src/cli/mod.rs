//! The subcommands.

pub(crate) mod decode;
pub(crate) mod record;
pub(crate) mod run;
pub(crate) mod serve;
