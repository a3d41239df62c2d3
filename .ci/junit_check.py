"""A second, real JUnit consumer for CI: junitparser (PyPI) reads the report that
`simcom-conformance run --junit` wrote for a corpus with one failing and one skipped
transcript, and checks what a CI system would show: counts, the failing step in the
failure's message (quotes intact), the wire log, the skip reason, and the coverage totals
`run --coverage` adds as the suite's properties."""
import sys

from junitparser import Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
suites = list(xml) if hasattr(xml, "__iter__") else [xml]
cases = {c.name: c for s in suites for c in s}
assert set(cases) == {"5.1.1-get", "failing", "skipped"}, cases.keys()
failing = [r for r in cases["failing"].result if isinstance(r, Failure)]
assert failing and failing[0].message.startswith('step 2 (line 6): expect: +FTPUN: "nope"'), failing
assert "hunter2" not in open(sys.argv[1]).read()
skipped = [r for r in cases["skipped"].result if isinstance(r, Skipped)]
assert skipped and skipped[0].message == "needs a real SIM card", skipped
out = cases["5.1.1-get"].system_out or ""
assert "s host   AT+FTPGET=1\\r" in out and "s module +FTPGET: 1,1" in out, out[:400]
# `run --coverage`: the totals as properties of the suite.
props = {p.name: p.value for s in suites for p in s.properties()}
for dim in ["forms", "finals", "boundaries", "ftp_codes", "cme_codes", "urcs"]:
    covered, total = int(props[f"coverage.{dim}.covered"]), int(props[f"coverage.{dim}.total"])
    assert 0 <= covered <= total and total > 0, (dim, covered, total)
assert int(props["coverage.forms.covered"]) >= 4, props  # ATE, FTPCID, FTPGET, ... of 5.1.1
print("junitparser", "read", len(cases), "cases: counts, failure message, skip reason, wire log and coverage properties as written")
