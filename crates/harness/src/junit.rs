//! JUnit XML reports for CI systems.

use std::fmt::Write as _;
use std::time::Duration;

/// One test's result for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Test name.
    pub name: String,
    /// Time taken (wall time).
    pub time: Duration,
    /// `Some(message)` when the test failed.
    pub failure: Option<String>,
    /// Whether it was skipped.
    pub skipped: bool,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML document of a suite.
///
/// ```
/// use simcom_conformance::junit::{Case, render};
/// let xml = render("conformance", &[Case { name: "a<b".into(), time: Default::default(), failure: Some("x & y".into()), skipped: false }]);
/// assert!(xml.contains(r#"<testcase name="a&lt;b""#));
/// assert!(xml.contains(r#"<failure message="x &amp; y">"#));
/// assert!(xml.contains(r#"tests="1" failures="1""#));
/// ```
pub fn render(suite: &str, cases: &[Case]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let skipped = cases.iter().filter(|c| c.skipped).count();
    let total: f64 = cases.iter().map(|c| c.time.as_secs_f64()).sum();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites><testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{total:.3}\">",
        escape(suite),
        cases.len()
    );
    for c in cases {
        let _ = write!(
            x,
            "  <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\"",
            escape(&c.name),
            escape(suite),
            c.time.as_secs_f64()
        );
        match (&c.failure, c.skipped) {
            (Some(msg), _) => {
                let first = msg.lines().next().unwrap_or("");
                let _ = writeln!(
                    x,
                    ">\n    <failure message=\"{}\">{}</failure>\n  </testcase>",
                    escape(first),
                    escape(msg)
                );
            }
            (None, true) => x.push_str(">\n    <skipped/>\n  </testcase>\n"),
            (None, false) => x.push_str("/>\n"),
        }
    }
    x.push_str("</testsuite></testsuites>\n");
    x
}
