"""The library API, called directly: speclift.validate, convert, migrate, diff and detect on real files and cases."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import speclift
from speclift.config import Config, Settings
from speclift.findings import Severity
from speclift.migration import FileStatus, MigrationError, MigrationOptions
from speclift.reporters import REPORTERS, formats, reporter
from tests.conftest import CASES, ROOT

SAMPLES = ROOT / "samples"


def test_public_names() -> None:
    assert speclift.__version__
    for name in speclift.__all__:
        assert getattr(speclift, name) is not None, name
    with pytest.raises(AttributeError):
        _ = speclift.no_such_thing  # type: ignore[attr-defined]


def test_validate_a_case_gives_its_findings() -> None:
    case = CASES / "validate" / "unknown-field-hint"
    report = speclift.validate(str(case / "deployment.yml"))
    assert [(f.line, f.column, f.code) for f in report.findings] == [(1, 1, "SL102"), (5, 1, "SL101"), (6, 17, "SL103")]
    assert report.findings[1].hint == "did you mean instance_type?"
    assert report.files[0].spec_types == ["azureml/v2/managed-online-deployment"]
    # the validate reporters render the same value the command line prints
    text = reporter("validate", "text")(report)
    assert text.replace(str(case) + "/", "") == (case / "expected.txt").read_text()


def test_validate_folders_and_config() -> None:
    report = speclift.validate([str(SAMPLES / "azureml-v2"), str(SAMPLES / "polyaxon-v1")])
    checked = {Path(r.path).name: r.spec_types for r in report.files}
    assert checked["train-job.yml"] == ["azureml/v2/command-job"]
    assert checked["train-component.yml"] == ["polyaxon/v1/component"]
    wrong = {Path(f.path).name for f in report.findings if f.severity == Severity.ERROR}  # the samples' deliberate mistakes
    assert wrong == {"deployment.yml", "pipeline-job.yml", "sweep-job.yml"}
    # polyaxon accepts tune-operation.yml's mistakes (a template rendered empty, a matrix parameter no run receives)
    likely = {Path(f.path).name for f in report.findings if f.severity == Severity.WARNING}
    assert likely == {"tune-operation.yml"}
    # a configuration's ignore list applies, as it does on the command line
    case = CASES / "validate" / "unknown-field-hint" / "deployment.yml"
    quiet = Config(settings=Settings(ignore=frozenset({"SL101", "SL102", "SL103"})))
    assert speclift.validate([str(case)], quiet).findings == []
    # the old names keep working
    assert speclift.validate_paths([str(case)]).findings == speclift.validate(str(case)).findings
    assert speclift.validate_text(case.read_text(), str(case)).findings == speclift.validate(str(case)).findings


def test_convert_a_file_matches_the_sample() -> None:
    source = SAMPLES / "polyaxon-v0" / "experiment.yml"
    result = speclift.convert(str(source))
    assert result.ok and not result.already_current
    assert result.source_type == "polyaxon/v0/polyaxonfile"
    assert [o.spec_type for o in result.outputs] == ["polyaxon/v1/component"]
    assert {f.code for f in result.findings} == {"SL401"}  # approximations, located in the source
    assert result.outputs[0].text == (SAMPLES / "polyaxon-v0" / "expected" / "experiment.yml").read_text()


def test_convert_text_and_failures(tmp_path: Path) -> None:
    source = SAMPLES / "azureml-v1" / "train.runconfig"
    expected = SAMPLES / "azureml-v1" / "expected"
    from_text = speclift.convert(str(source), text=source.read_text(), output_dir=str(expected))
    assert [o.text for o in from_text.outputs] == [
        o.text for o in speclift.convert(str(source), output_dir=str(expected)).outputs
    ]
    assert from_text.outputs[0].text == (expected / "train.yml").read_text()  # local paths relocated for output_dir
    assert speclift.convert(str(source)).outputs[0].text != from_text.outputs[0].text
    current = speclift.convert(str(SAMPLES / "azureml-v2" / "train-job.yml"))
    assert current.already_current and current.ok and not current.outputs
    assert [f.code for f in current.findings] == ["SL403"]
    broken = speclift.convert(str(tmp_path / "broken.yml"), text="version: 1\nkind: [experiment\n")
    assert not broken.ok and {"SL001", "SL404"} <= {f.code for f in broken.findings}


def test_convert_options() -> None:
    source = SAMPLES / "polyaxon-v0" / "experiment.yml"
    assert "\nbuild:\n" in speclift.convert(str(source)).outputs[0].text
    chosen = {"polyaxon/v0/polyaxonfile": {"build-mode": "image-only"}}
    image_only = speclift.convert(str(source), options=chosen)
    assert image_only.ok and "\nbuild:" not in image_only.outputs[0].text
    wrong = speclift.convert(str(source), options={"polyaxon/v0/polyaxonfile": {"build-mode": "nope"}})
    assert not wrong.ok and "SL404" in {f.code for f in wrong.findings}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SAMPLES / "polyaxon-v0", root / "jobs", ignore=shutil.ignore_patterns("expected"))
    shutil.copy(SAMPLES / "azureml-v2" / "train-job.yml", root / "current.yml")
    (root / "notes.yml").write_text("just: data\n")
    return root


def test_migrate_survey_only_writes_nothing(repo: Path) -> None:
    before = sorted(p for p in repo.rglob("*"))
    result = speclift.migrate([str(repo)])
    assert sorted(p for p in repo.rglob("*")) == before
    assert result.survey_only and not result.actions and not result.applied
    status = {Path(r.path).name: r.status for r in result.records}
    assert status["current.yml"] == FileStatus.CURRENT and status["notes.yml"] == FileStatus.NOT_SPEC
    assert status["experiment.yml"] == FileStatus.REVIEW  # converts, with approximations to check
    assert result.check_exit_code() == 3 and result.check_exit_code(strict=True) == 4
    scan = json.loads(reporter("scan", "json")(result))
    assert {Path(f["path"]).name for f in scan["files"]} == {Path(r.path).name for r in result.records} - {"notes.yml"}


def test_migrate_mirrors_into_out_dir(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = speclift.migrate([str(repo)], MigrationOptions(out_dir=str(out)))
    written = {Path(p).relative_to(out).as_posix() for a in result.applied for p in a.written}
    assert "jobs/experiment.yml" in written and "current.yml" not in written
    expected = (SAMPLES / "polyaxon-v0" / "expected" / "experiment.yml").read_text()
    assert (out / "jobs" / "experiment.yml").read_text() == expected
    assert result.failed == any(r.status == FileStatus.BLOCKED for r in result.records)
    report = json.loads(reporter("migration", "json")(result))
    assert report["dry_run"] is False and report["totals"]["outputs written"] == len(written)
    again = speclift.migrate([str(repo)], MigrationOptions(out_dir=str(out)))  # a second run finds its outputs
    assert not again.applied or all(not a.written for a in again.applied)


def test_migrate_dry_run_in_place(repo: Path) -> None:
    source = repo / "jobs" / "experiment.yml"
    original = source.read_text()
    result = speclift.migrate([str(repo)], MigrationOptions(in_place=True, dry_run=True))
    assert source.read_text() == original and not result.applied
    planned = next(a for a in result.actions if a.record.path.endswith("experiment.yml"))
    assert planned.pending and "+kind: component" in planned.diff()
    assert "(dry run)" in reporter("migration", "markdown")(result)


def test_migrate_refuses_what_it_cannot_do(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(MigrationError, match="no such file or folder"):
        speclift.migrate([str(tmp_path / "missing")])
    with pytest.raises(MigrationError):
        speclift.migrate([str(repo)], MigrationOptions(out_dir=str(tmp_path / "o"), in_place=True))
    with pytest.raises(MigrationError):
        speclift.migrate([str(repo)], MigrationOptions(dry_run=True))


def test_diff_two_files_and_texts() -> None:
    same = CASES / "diff" / "formatting-only"
    result = speclift.diff(str(same / "a.yml"), str(same / "b.yml"))
    assert not result.different and not result.findings
    case = CASES / "diff" / "init-containers"
    changed = speclift.diff(str(case / "a.yml"), str(case / "b.yml"))
    assert changed.different
    kinds = {c.kind for d in changed.documents for c in d.changes}
    assert {"changed", "added", "removed"} <= kinds
    from_text = speclift.diff("a.yml", "b.yml", text_a=(case / "a.yml").read_text(), text_b=(case / "b.yml").read_text())
    assert [c.path for d in from_text.documents for c in d.changes] == [c.path for d in changed.documents for c in d.changes]


def test_diff_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    result = speclift.diff(str(tmp_path / "nope.yml"), str(CASES / "diff" / "init-containers" / "a.yml"))
    assert [f.code for f in result.findings] == ["SL007"]
    bad = speclift.diff("a.yml", "b.yml", text_a="type: command\n", text_b="inputs: [a, b\n")
    assert [f.code for f in bad.findings] == ["SL001"]


def test_detect() -> None:
    detection = speclift.detect({"$schema": "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json"}, "job.yml")
    assert detection.spec_type is not None and detection.spec_type.id == "azureml/v2/command-job"
    assert speclift.detect({"just": "data"}, "notes.yml").spec_type is None


def test_one_registry_for_every_report() -> None:
    assert set(REPORTERS) == {"validate", "diff", "scan", "migration", "explain", "schemas-export", "editor-settings"}
    assert formats("diff") == ["text", "markdown", "json", "github"]
    for kind, table in REPORTERS.items():
        for name in table:
            assert callable(reporter(kind, name)), (kind, name)  # type: ignore[call-overload]


def test_importing_is_cheap() -> None:
    """`import speclift` loads nothing, the command group no command, and a valid file's validation neither the
    python-jsonschema engine (invalid documents only) nor ruamel.yaml (conversion only) nor the codes'
    explanations (`speclift explain` and SARIF only)."""
    probe = (
        "import sys, speclift, speclift.cli\n"
        "heavy = ('yaml', 'jsonschema', 'jsonschema_rs', 'ruamel', 'speclift.validation', 'speclift.cli.convert')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy[-2:])))\n"
        "from speclift.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(SAMPLES / 'azureml-v2' / 'train-job.yml')!r}])\n"
        "except SystemExit as exc:\n"
        "    loaded = ('jsonschema', 'ruamel', 'speclift.cli.convert', 'speclift.explanations')\n"
        "    print(exc.code, sorted(m for m in loaded if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    lines = done.stdout.splitlines()
    assert lines[0] == "[]"
    assert lines[-1] == "0 []"


def test_outputs_are_validated_from_the_data_they_were_rendered_from() -> None:
    """Converted outputs are checked without re-reading them: the data gets the verdict its rendered text gets."""
    from speclift.roundtrip import render
    from speclift.validation.engine import has_errors, validate_text

    sources = sorted((SAMPLES / "polyaxon-v0").glob("*.yml")) + sorted((SAMPLES / "azureml-v1").glob("*.runconfig"))
    checked = 0
    for source in sources:
        for conversion in speclift.convert(str(source)).conversions:
            for output in conversion.outputs:
                settings = Settings(check_paths=False, schema=output.spec_type)
                findings = validate_text(render(output.data), "out.yml", settings).findings
                assert has_errors(output.data, "out.yml", settings) == any(f.severity == Severity.ERROR for f in findings)
                checked += 1
    assert checked >= len(sources)
    command_job = Settings(check_paths=False, schema="azureml/v2/command-job")
    assert has_errors({"type": "command", "command": "python x.py", "bogus": 1}, "out.yml", command_job)
    assert has_errors({1: "a key YAML text would read back as a string"}, "out.yml", command_job)


def test_convert_from_several_threads() -> None:
    """The library may be called from threads: each gets the same bytes as a call alone."""
    from concurrent.futures import ThreadPoolExecutor

    sources = [str(p) for p in sorted((SAMPLES / "polyaxon-v0").glob("*.yml"))] * 3
    alone = [speclift.convert(s).outputs[0].text for s in sources]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(lambda s: speclift.convert(s).outputs[0].text, sources))
    assert together == alone


def test_rendering_plain_data_keeps_every_byte() -> None:
    """Outputs without comments are dumped from the plain data; a container that appears twice is still copied, so
    that it is written out twice rather than as an anchor and an alias."""
    import copy

    from speclift.roundtrip import render

    shared = {"name": "x", "values": ["on", "1:8:4", 1e-05]}
    assert render({"a": shared, "b": shared}) == render({"a": copy.deepcopy(shared), "b": copy.deepcopy(shared)})
    assert "&" not in render({"a": shared, "b": [shared]})
