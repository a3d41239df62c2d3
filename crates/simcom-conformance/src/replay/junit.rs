//! JUnit XML reports for CI systems, written with `quick-junit` (the writer cargo-nextest
//! uses): XML escaping and the schema's shape are its job, not ours.
//!
//! The report is rewritten whole after every transcript (to a temporary file renamed over the
//! report), so that a run killed by a CI timeout or Ctrl-C still leaves a valid report of
//! what had finished.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

/// How one transcript ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every step passed.
    Passed,
    /// A step failed: `message` names it in one line, `detail` is the whole report.
    Failed {
        /// One line: the failing step and why.
        message: String,
        /// The whole failure report.
        detail: String,
    },
    /// Not run: the transcript's `skip:` or why it cannot run on the target.
    Skipped(String),
}

/// One transcript's result for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Test name (the transcript's path under its root, without `.yaml`).
    pub name: String,
    /// Wall time taken.
    pub time: Duration,
    /// How it ended.
    pub verdict: Verdict,
    /// The wire log (passwords redacted), for `<system-out>`.
    pub wire: String,
}

/// The JUnit XML document of a suite.
///
/// ```
/// use simcom_conformance::replay::junit::{Case, Verdict, render};
/// let case = Case {
///     name: "a<b".into(),
///     time: Default::default(),
///     verdict: Verdict::Failed { message: "step 2: x & y".into(), detail: "step 2: x & y\n  expected: OK".into() },
///     wire: "> AT\\r".into(),
/// };
/// let xml = render("conformance", &[case]);
/// assert!(xml.contains(r#"name="a&lt;b""#), "{xml}");
/// assert!(xml.contains(r#"message="step 2: x &amp; y""#), "{xml}");
/// assert!(xml.contains(r#"tests="1""#) && xml.contains(r#"failures="1""#), "{xml}");
/// ```
pub fn render(suite: &str, cases: &[Case]) -> String {
    render_with(suite, cases, &[])
}

/// [`render`], the suite carrying `properties` (a run's coverage totals).
///
/// ```
/// use simcom_conformance::replay::junit::render_with;
/// let xml = render_with("conformance", &[], &[("coverage.forms.covered".into(), "12".into())]);
/// assert!(xml.contains(r#"<property name="coverage.forms.covered" value="12"/>"#), "{xml}");
/// ```
pub fn render_with(suite: &str, cases: &[Case], properties: &[(String, String)]) -> String {
    let mut s = TestSuite::new(suite);
    for (name, value) in properties {
        s.add_property(Property::new(name.as_str(), value.as_str()));
    }
    let mut total = Duration::ZERO;
    for c in cases {
        let status = match &c.verdict {
            Verdict::Passed => TestCaseStatus::success(),
            Verdict::Failed { message, detail } => {
                let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                st.set_message(message.as_str())
                    .set_description(detail.as_str());
                st
            }
            Verdict::Skipped(why) => {
                let mut st = TestCaseStatus::skipped();
                st.set_message(why.as_str());
                st
            }
        };
        let mut tc = TestCase::new(c.name.as_str(), status);
        tc.set_classname(suite).set_time(c.time);
        if !c.wire.is_empty() {
            tc.set_system_out(c.wire.as_str());
        }
        total += c.time;
        s.add_test_case(tc);
    }
    s.set_time(total);
    let mut report = Report::new(suite);
    report.set_time(total).add_test_suite(s);
    // Serialising into memory fails only on a writer error; there is none.
    report.to_string().unwrap_or_default()
}

/// A report file that grows as transcripts finish.
#[derive(Debug)]
pub struct JunitFile {
    path: PathBuf,
    suite: String,
    cases: Vec<Case>,
    properties: Vec<(String, String)>,
}

impl JunitFile {
    /// Creates the report (empty, valid) at `path`: an unwritable path is an error before
    /// anything runs.
    pub fn create(path: &Path, suite: &str) -> std::io::Result<Self> {
        let f = Self {
            path: path.to_path_buf(),
            suite: suite.to_string(),
            cases: Vec::new(),
            properties: Vec::new(),
        };
        f.write()?;
        Ok(f)
    }

    /// Adds a finished transcript and rewrites the report.
    pub fn add(&mut self, case: Case) -> std::io::Result<()> {
        self.cases.push(case);
        self.cases.sort_by(|a, b| a.name.cmp(&b.name));
        self.write()
    }

    /// Sets the suite's properties (a run's coverage totals) and rewrites the report.
    pub fn set_properties(&mut self, properties: Vec<(String, String)>) -> std::io::Result<()> {
        self.properties = properties;
        self.write()
    }

    /// The report's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self) -> std::io::Result<()> {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "junit.xml".into());
        let tmp = self.path.with_file_name(format!(".{name}.partial"));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(render_with(&self.suite, &self.cases, &self.properties).as_bytes())?;
        f.sync_data()?;
        std::fs::rename(&tmp, &self.path)
    }
}
