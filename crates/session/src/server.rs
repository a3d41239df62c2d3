//! The in-memory FTP server (to be written).
