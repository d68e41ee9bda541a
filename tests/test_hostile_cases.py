"""Data-driven hostile cases (tests/cases/hostile/<command>/<case>): each runs through the real command line.

A case is one file, or a folder holding ``input.*`` (``a.*`` and ``b.*`` for diff) beside the files it names, and a
``.speclift.yaml`` given with ``--config`` when there is one. Each file starts with a comment saying the shape it
stands for. Adding a case needs no Python. For every case: no traceback, no internal error (SL009), an exit code the
command documents, and either a clean run or a finding with a line and column (or about the file as a whole);
``diff`` runs in every format and its JSON must parse. Each run is bounded by CPU and memory limits in a forked
child, so a hang or a blow-up fails the case instead of the test run.
"""

from __future__ import annotations

import re
import sys

import pytest
from conftest import run_cli_bounded
from fuzz_seeds import HOSTILE, HostileCase, hostile_cases
from fuzzing import strict_json

from speclift import exit_codes
from speclift.reporters import formats

CASES = hostile_cases(HOSTILE)

# The documented exit codes of each command (speclift.exit_codes, the README's table and `--help`): usage mistakes
# are not tested here; 2 for convert and validate is a configuration error (a case's .speclift.yaml).
EXIT_CODES = {
    command: {status.code for status in exit_codes.of(command)} for command in ("convert", "diff", "normalize", "validate")
}
# Exit codes of a run with nothing to report (diff: 1 is "different").
CLEAN_EXIT_CODES = {"convert": {0}, "diff": {0, 1}, "normalize": {0}, "validate": {0}}

# `file:line:column: severity CODE` (located) or `file: severity CODE` (the file as a whole)
_FINDING = re.compile(r"^(?P<where>.+?)(?::(?P<line>\d+):(?P<column>\d+))?: (?:error|warning|info) (?P<code>SL\d{3}) ", re.M)
# A refused configuration: `speclift: file:line:column: message`
_REFUSAL = re.compile(r"^speclift: .+?:\d+:\d+: ", re.M)
# Problems of the file as a whole, which have no line: binary or undecodable, empty, unreadable, too large.
_WHOLE_FILE = {"SL003", "SL004", "SL005", "SL007"}


def _runs(case: HostileCase) -> list[list[str]]:
    config = [p for p in (case.files[0].parent / ".speclift.yaml",) if len(case.files) > 1 or case.files[0].stem == "input"]
    options = ["--config", str(config[0])] if config and config[0].exists() else []
    files = [str(p) for p in case.files]
    if case.command == "diff":
        return [["diff", "--format", name, *options, *files] for name in formats("diff")]
    if case.command == "normalize":
        return [["normalize", *files]]
    return [[case.command, *options, *files]]


def test_cases_exist_for_every_command() -> None:
    assert {case.command for case in CASES} == set(EXIT_CODES)


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits and fork are POSIX")
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_hostile_case(case: HostileCase) -> None:
    for arguments in _runs(case):
        result = run_cli_bounded(*arguments)
        shown = f"$ speclift {' '.join(arguments)}\n{result.stdout}{result.stderr}"
        assert result.signal == 0, f"killed by signal {result.signal} (over the CPU or memory budget)\n{shown}"
        assert not result.traceback, f"{result.traceback}\n{shown}"
        assert "Traceback" not in shown and "SL009" not in shown, shown
        assert result.exit_code in EXIT_CODES[case.command], f"exit {result.exit_code}\n{shown}"
        output_format = arguments[arguments.index("--format") + 1] if "--format" in arguments else "text"
        if output_format == "json":
            strict_json(result.stdout)
        if output_format != "text":
            continue
        findings = list(_FINDING.finditer(result.stdout + result.stderr))
        if _REFUSAL.search(result.stderr):
            continue  # a located refusal of the configuration
        if not findings:
            assert result.exit_code in CLEAN_EXIT_CODES[case.command], f"exit {result.exit_code} without a finding\n{shown}"
            continue
        located = [f for f in findings if f["line"] is not None and int(f["line"]) >= 1]
        assert located or all(f["code"] in _WHOLE_FILE for f in findings), f"no finding has a line\n{shown}"
