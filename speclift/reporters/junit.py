"""JUnit XML: one test case per file, failing with one ``<failure>`` per finding; for CI test-report views."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from speclift.findings import Severity
from speclift.validation.engine import Report


def render(report: Report, *, verbose: bool = False) -> str:
    suite = ET.Element("testsuite", name="speclift validate")
    failures = skipped = 0
    for result in report.files:
        case = ET.SubElement(suite, "testcase", classname="speclift.validate", name=result.path)
        problems = [f for f in result.findings if f.severity > Severity.INFO]
        for finding in problems:
            failure = ET.SubElement(case, "failure", type=finding.code, message=f"{finding.location}: {finding.message}")
            failure.text = f"{finding.severity.label} {finding.code} {finding.rule}: {finding.message}" + (
                f"\nhint: {finding.hint}" if finding.hint else ""
            )
        if problems:
            failures += 1
        elif not any(result.spec_types):
            skipped += 1
            reason = next((f.message for f in result.findings), "not a spec")
            ET.SubElement(case, "skipped", message=reason)
    suite.set("tests", str(len(report.files)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
