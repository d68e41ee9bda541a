"""`speclift explain`: every code has an explanation, and every example is real.

Each example is put through the engine as the file it says it is: the failing spec gets its code, the fixed one
does not (and passes: no warning or error when validated, a usable output when converted). The golden files in
tests/cases/explain/ hold the exact output of `speclift explain CODE` (`SL205.txt` for the text format, `.md`
markdown, `.json` JSON); SPECLIFT_REGENERATE=1 rewrites them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from speclift import api, codes, spectypes
from speclift.config import ConfigError, load_config
from speclift.explanations import Example, ExplanationError, explain, explanations, parse
from speclift.findings import Severity
from speclift.validation.engine import Report, validate_text
from tests.conftest import CASES, run_cli

GOLDEN = CASES / "explain"
FORMATS = {".txt": "text", ".md": "markdown", ".json": "json"}
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"

WITH_EXAMPLES = [code for code, explanation in explanations().items() if explanation.example is not None]


def _run(example: Example, text: str, folder: Path) -> tuple[list[str], Any]:
    """The codes the engine reports on ``text`` written as the example's file (its related files beside it), and
    what it detected or produced: the spec types (validate), the result (convert), nothing (configuration)."""
    path = folder / example.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    for name, content in example.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    if example.run == "config":
        try:
            load_config(str(path))
        except ConfigError as exc:
            return [exc.finding.code], None
        return [], None
    if example.run == "convert":
        options = {example.spec_type: dict(example.options)} if example.options and example.spec_type else None
        converted = api.convert(str(path), options=options)
        return [finding.code for finding in converted.findings], converted
    report = api.validate(str(path))
    return [finding.code for finding in report.findings], report


@pytest.mark.parametrize("code", WITH_EXAMPLES)
def test_the_failing_example_gets_its_code_and_the_fixed_one_does_not(code: str, tmp_path: Path) -> None:
    example = explanations()[code].example
    assert example is not None
    found, result = _run(example, example.failing, tmp_path / "failing")
    assert code in found, f"{code}'s failing example got {found}"
    if example.run == "validate":  # detected as its type, unless the finding is why it was not
        assert [t for checked in result.files for t in checked.spec_types] in ([example.spec_type], [None], [])
    elif example.run == "convert":
        assert result.source_type == example.spec_type
    if example.fixed is None:
        return
    found, result = _run(example, example.fixed, tmp_path / "fixed")
    assert code not in found, f"{code}'s fixed example still gets it: {found}"
    if example.run == "validate":
        (checked,) = result.files
        assert checked.spec_types == [example.fixed_type]
        assert not [f for f in result.findings if f.severity >= Severity.WARNING], result.findings
    elif example.run == "convert":
        assert result.source_type == example.fixed_type and result.ok, result.findings


def test_every_code_has_an_explanation() -> None:
    loaded = explanations()
    assert list(loaded) == list(codes.CODES)
    for code, explanation in loaded.items():
        assert explanation.code is codes.CODES[code]
        assert explanation.why and explanation.reported_by
        assert (explanation.example is None) != (explanation.situation is None), code
        assert explanation.ways_to_suppress(), code
        if explanation.example is not None:
            for spec_type in (explanation.example.spec_type, explanation.example.fixed_type):
                assert spec_type is None or spec_type in spectypes.SPEC_TYPES, (code, spec_type)


def test_examples_are_short() -> None:
    for code in WITH_EXAMPLES:
        example = explanations()[code].example
        assert example is not None
        for text in (example.failing, example.fixed or ""):
            assert len(text.splitlines()) <= 15, code


def test_the_explanations_file_must_match_the_catalogue() -> None:
    import yaml

    from speclift.explanations import DATA_FILE

    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    missing = {code: entry for code, entry in raw.items() if code != "SL101"}
    with pytest.raises(ExplanationError, match="no entry for SL101"):
        parse(missing, codes.CODES)
    with pytest.raises(ExplanationError, match="no such code SL999"):
        parse({**raw, "SL999": raw["SL101"]}, codes.CODES)
    both = {**raw, "SL101": {**raw["SL101"], "situation": "also a situation"}}
    with pytest.raises(ExplanationError, match="SL101: give either an example or the situation"):
        parse(both, codes.CODES)
    unknown_command = {**raw, "SL101": {**raw["SL101"], "reported-by": ["lint"]}}
    with pytest.raises(ExplanationError, match="reported-by"):
        parse(unknown_command, codes.CODES)


def test_sarif_rules_carry_the_explanation(tmp_path: Path) -> None:
    spec = tmp_path / "job.yml"
    example = explanations()["SL101"].example
    assert example is not None
    spec.write_text(example.failing, encoding="utf-8")
    result = run_cli("validate", "--format", "sarif", str(spec))
    rules = json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(codes.CODES)
    for rule in rules:
        explanation = explanations()[rule["id"]]
        assert rule["fullDescription"]["text"] == explanation.why
        assert explanation.why.split(". ")[0] in " ".join(rule["help"]["text"].split())
        assert rule["help"]["markdown"].startswith(f"## {rule['id']} `{rule['name']}`")
        if explanation.example is not None:
            assert explanation.example.failing in rule["help"]["markdown"]
        else:
            assert " ".join(explanation.situation.split()) in " ".join(rule["help"]["text"].split())


def test_sarif_help_examples_are_what_the_engine_reports(tmp_path: Path) -> None:
    """A rule's help shows a failing spec; the result for that spec points at that rule."""
    example = explanations()["SL201"].example
    assert example is not None
    report = Report()
    report.files.append(validate_text(example.failing, str(tmp_path / example.file), base_dir=str(tmp_path)))
    from speclift.reporters.sarif import render

    log = json.loads(render(report))
    (run,) = log["runs"]
    (result,) = run["results"]
    assert example.failing in run["tool"]["driver"]["rules"][result["ruleIndex"]]["help"]["markdown"]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("SL*.*")), ids=lambda p: p.name)
def test_explain_output_is_the_golden_file(golden: Path) -> None:
    result = run_cli("explain", golden.stem, "--format", FORMATS[golden.suffix])
    assert result.exit_code == 0
    if REGENERATE:
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")


def test_golden_files_exist() -> None:
    assert {p.suffix for p in GOLDEN.glob("SL*.*")} == set(FORMATS)


def test_explain_by_name_and_in_any_case() -> None:
    assert run_cli("explain", "unknown-field").output == run_cli("explain", "sl101").output
    assert explain(" SL101 ").code.name == "unknown-field"


def test_explain_without_a_code_or_with_an_unknown_one_exits_2() -> None:
    missing = run_cli("explain")
    assert missing.exit_code == 2 and "give a finding code" in missing.stderr
    unknown = run_cli("explain", "unkown-field")
    assert unknown.exit_code == 2
    assert "no finding code or name 'unkown-field'" in unknown.stderr
    assert "did you mean SL101 unknown-field" in unknown.stderr
    prefix = run_cli("explain", "SL21")
    assert prefix.exit_code == 2 and "SL210 unclosed-binding" in prefix.stderr
    assert not prefix.stdout


def test_suppression_advice_matches_what_validate_does(tmp_path: Path) -> None:
    """The ways an explanation offers to suppress a code do suppress it."""
    explanation = explain("SL101")
    example = explanation.example
    assert example is not None and explanation.suppressible
    spec = tmp_path / example.file
    spec.write_text(example.failing, encoding="utf-8")
    assert any(f.code == "SL101" for f in api.validate(str(spec)).findings)
    assert run_cli("validate", "--ignore", "SL101", str(spec)).exit_code == 0
    lines = example.failing.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("enviroment:"))
    lines[at] += "  # speclift: disable=SL101"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli("validate", str(spec)).exit_code == 0
    advice = " ".join(explanation.ways_to_suppress())
    assert "# speclift: disable=SL101" in advice and "--ignore SL101" in advice
    conversion = explain("SL401")
    assert not conversion.suppressible
    assert "apply to `speclift validate` only" in " ".join(conversion.ways_to_suppress())


VALIDATE_EXAMPLES = [
    code for code in WITH_EXAMPLES if (example := explanations()[code].example) is not None and example.run == "validate"
]


@pytest.mark.parametrize("code", VALIDATE_EXAMPLES)
def test_an_explanation_offers_an_inline_comment_only_where_one_works(code: str, tmp_path: Path) -> None:
    """`# speclift: disable-file=CODE` on the failing example's first line suppresses the code exactly when the
    explanation says a comment in the spec does; `--ignore CODE` always does."""
    explanation = explanations()[code]
    example = explanation.example
    assert example is not None and explanation.suppressible
    offered = any(way.startswith("In the spec:") for way in explanation.ways_to_suppress())
    assert offered == explanation.inline
    found, _ = _run(example, f"# speclift: disable-file={code}\n{example.failing}", tmp_path / "commented")
    assert (code not in found) == offered, f"{code}: the comment {'fails' if offered else 'works'}, found {found}"
    failing = tmp_path / "failing"
    _run(example, example.failing, failing)
    ignored = run_cli("validate", "--ignore", code, "--format", "json", str(failing / example.file))
    assert code not in {f["code"] for r in json.loads(ignored.stdout)["files"] for f in r["findings"]}


def test_a_file_of_comments_alone_takes_its_own_suppressions(tmp_path: Path) -> None:
    """An empty file's SL004 yields to `disable-file=SL004`; a directive naming a code no rule could find in it is no
    stale suppression, a misspelt one still is."""
    placeholder = tmp_path / "job.yml"
    placeholder.write_text("# speclift: disable-file=SL004,SL101\n# the training job, to be written\n", encoding="utf-8")
    assert [f.code for f in api.validate(str(placeholder)).findings] == []
    placeholder.write_text("# speclift: disable-file=SL04\n", encoding="utf-8")
    assert sorted(f.code for f in api.validate(str(placeholder)).findings) == ["SL004", "SL013"]
