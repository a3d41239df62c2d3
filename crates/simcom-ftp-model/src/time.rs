//! Logical time: the model has no clock; every input carries the time it happens at. The
//! [`Instant`] is the codec's, shared with the host driver.

pub use simcom_at::Instant;
