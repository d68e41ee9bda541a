"""JUnit XML: one test case per file, for CI test-report views.

A file with warnings or errors fails, with one ``<failure>`` per finding; a file that holds no spec (a CI workflow, a
conda file, an empty file) is ``<skipped>``, never counted as passed; a spec with nothing to say passes. A problem
with the tree itself (a folder that cannot be read, a file name that is not UTF-8) is a test case with an
``<error>``: something could not be checked at all. A control character in a file name is written escaped
(``\\x01``), as in the text output: XML 1.0 has no way to write it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from speclift.findings import Finding, Severity, printable
from speclift.reporters.view import PLAIN, View
from speclift.validation.engine import Report


def render(report: Report, *, verbose: bool = False, view: View = PLAIN) -> str:
    suite = ET.Element("testsuite", name="speclift validate")
    failures = skipped = errors = 0
    for result in report.files:
        case = ET.SubElement(suite, "testcase", classname="speclift.validate", name=printable(result.path))
        problems = [f for f in result.findings if f.severity > Severity.INFO]
        for finding in problems:
            _describe(ET.SubElement(case, "failure"), finding)
        if problems:
            failures += 1
        elif not any(result.spec_types):
            skipped += 1
            reason = next((f.message for f in result.findings if f.code in ("SL004", "SL011")), "not a spec")
            ET.SubElement(case, "skipped", message=reason)
    for problem in report.problems:
        if problem.severity == Severity.ERROR:
            errors += 1
            case = ET.SubElement(suite, "testcase", classname="speclift.validate", name=printable(problem.path))
            _describe(ET.SubElement(case, "error"), problem)
    suite.set("tests", str(len(report.files) + errors))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def _describe(element: ET.Element, finding: Finding) -> None:
    element.set("type", finding.code)
    element.set("message", f"{finding.location}: {finding.message}")
    hint = f"\nhint: {finding.hint}" if finding.hint else ""
    element.text = f"{finding.severity.label} {finding.code} {finding.rule}: {finding.message}{hint}"
