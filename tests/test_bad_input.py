"""Hostile and broken input through the real command line: every problem is one located finding, the run goes on.

Each test puts a known-good spec in the same run and checks that it is still validated, that the exit code is the
documented one (0: nothing at or above --fail-on, 1: something was) and that no traceback reaches the output.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, ROOT, run_cli

GOOD_TEXT = (CASES / "schema" / "command-job" / "valid-registry-env.yml").read_text(encoding="utf-8")
SCHEMA_LINE = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n"


# --------------------------------------------------------------------------------------------------------------------
# helpers


def good_file(folder: Path, name: str = "good.yml") -> str:
    path = folder / name
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return str(path)


def validate(*args: str) -> tuple[int, dict[str, Any]]:
    """Run `speclift validate --format json` in process; no traceback may reach either stream."""
    result = run_cli("validate", "--format", "json", *args)
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout)


def validate_in_subprocess(*args: str, timeout: float = 60) -> tuple[int, dict[str, Any]]:
    """Run `python -m speclift validate --format json` as a real process, so a crash or a hang cannot take the test
    run down with it."""
    proc = subprocess.run(
        [sys.executable, "-m", "speclift", "validate", "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {proc.stderr[-2000:]}"
    assert "Traceback" not in proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    return proc.returncode, json.loads(proc.stdout)


def file_result(payload: dict[str, Any], path: str) -> dict[str, Any]:
    matches = [f for f in payload["files"] if os.path.normpath(f["path"]) == os.path.normpath(path)]
    assert len(matches) == 1, f"{path} reported {len(matches)} times: {[f['path'] for f in payload['files']]}"
    return matches[0]


def findings(payload: dict[str, Any], path: str) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in file_result(payload, path)["findings"]]


def assert_good_checked(payload: dict[str, Any], path: str) -> None:
    result = file_result(payload, path)
    assert result["spec_types"] == ["azureml/v2/command-job"]
    assert result["findings"] == []


# --------------------------------------------------------------------------------------------------------------------
# not text


def test_latin1_bytes_are_refused_at_the_first_bad_byte(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yml"
    bad.write_bytes((SCHEMA_LINE + "type: command\ncommand: echo ").encode() + b"\xe9t\xe9\n")
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    assert findings(payload, str(bad)) == [("SL003", 3, 15)]
    assert "0xe9" in file_result(payload, str(bad))["findings"][0]["message"]
    assert_good_checked(payload, good)


def test_control_character_is_located_by_character_not_byte(tmp_path: Path) -> None:
    bad = tmp_path / "control.yml"
    bad.write_text(SCHEMA_LINE + "type: command\ncommand: echo né\x01\n", encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    assert findings(payload, str(bad)) == [("SL003", 3, 17)]  # "é" is two bytes but one column
    assert_good_checked(payload, good)


def test_binary_file_named_yml_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "image.yml"
    bad.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + bytes(range(256))
    )
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    assert findings(payload, str(bad)) == [("SL003", 0, 0)]  # the file as a whole: binary data has no line
    assert "binary" in file_result(payload, str(bad))["findings"][0]["message"]
    assert_good_checked(payload, good)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"# nothing but a comment\n"], ids=["zero-bytes", "blank", "comment"])
def test_empty_file_is_a_note_not_a_failure(tmp_path: Path, content: bytes) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_bytes(content)
    good = good_file(tmp_path)
    code, payload = validate(str(empty), good)
    assert code == 0  # SL004 is info, below the default --fail-on warning
    result = file_result(payload, str(empty))
    assert [(f["code"], f["severity"]) for f in result["findings"]] == [("SL004", "info")]
    assert_good_checked(payload, good)


# --------------------------------------------------------------------------------------------------------------------
# YAML syntax


def test_tab_indentation_is_located_with_a_hint(tmp_path: Path) -> None:
    bad = tmp_path / "tabs.yml"
    bad.write_text(SCHEMA_LINE + "type: command\ncommand: echo\nresources:\n\tinstance_count: 1\n", encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    assert findings(payload, str(bad)) == [("SL001", 5, 1)]
    assert "tab" in (file_result(payload, str(bad))["findings"][0]["hint"] or "")
    assert_good_checked(payload, good)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        # the scanner reads `b environment` as one flow scalar and stops at the `:` that cannot follow it
        (SCHEMA_LINE + "type: command\ncommand: echo\nargs: [a, b\nenvironment: azureml:env:1\n", 5, 12),
        # never closed before the end of the file: the end is where it is noticed
        (SCHEMA_LINE + "type: command\ncommand: echo\nargs: [a, b,\n  c\n", 6, 1),
        # no final line break: the end of the last line, not a line past the end of the file
        (SCHEMA_LINE + "type: command\ncommand: echo\nargs: [a, b", 4, 12),
    ],
    ids=["followed-by-a-key", "at-end-of-file", "at-end-of-file-without-newline"],
)
def test_unclosed_flow_sequence_is_located(tmp_path: Path, text: str, line: int, column: int) -> None:
    bad = tmp_path / "unclosed.yml"
    bad.write_text(text, encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    assert findings(payload, str(bad)) == [("SL001", line, column)]
    assert "flow sequence" in file_result(payload, str(bad))["findings"][0]["message"]
    assert_good_checked(payload, good)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (SCHEMA_LINE + "type: command\ncommand: echo\n  environment: azureml:env:1\n", 4, 14),
        (SCHEMA_LINE + "type: command\nresources:\n    instance_count: 1\n  instance_type: Standard_DS3_v2\n", 5, 3),
    ],
    ids=["over-indented-key", "under-indented-key"],
)
def test_bad_indentation_is_located(tmp_path: Path, text: str, line: int, column: int) -> None:
    bad = tmp_path / "indent.yml"
    bad.write_text(text, encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    assert findings(payload, str(bad)) == [("SL001", line, column)]
    assert_good_checked(payload, good)


def test_duplicate_keys_are_located_at_the_second_key(tmp_path: Path) -> None:
    bad = tmp_path / "dup.yml"
    bad.write_text(
        SCHEMA_LINE
        + "type: command\n"  # 2
        + "command: python train.py\n"  # 3
        + "environment: azureml:env:1\n"  # 4
        + "resources:\n"  # 5
        + "  instance_count: 1\n"  # 6
        + "  instance_count: 2\n"  # 7: nested duplicate
        + "inputs:\n"  # 8
        + "  data:\n"  # 9
        + "    type: uri_file\n"  # 10
        + "    type: uri_folder\n"  # 11: two levels down
        + "command: python other.py\n",  # 12: top-level duplicate
        encoding="utf-8",
    )
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    dups = [(f["line"], f["column"], f["pointer"]) for f in file_result(payload, str(bad))["findings"] if f["code"] == "SL002"]
    assert dups == [(7, 3, "/resources/instance_count"), (11, 5, "/inputs/data/type"), (12, 1, "/command")]
    messages = [f["message"] for f in file_result(payload, str(bad))["findings"] if f["code"] == "SL002"]
    assert "first at line 6" in messages[0] and "first at line 10" in messages[1] and "first at line 3" in messages[2]
    assert_good_checked(payload, good)


def test_impossible_date_is_a_located_finding_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "date.yml"
    bad.write_text(GOOD_TEXT + "  created: 2024-13-45\n", encoding="utf-8")  # appended under `tags:`
    line = GOOD_TEXT.count("\n") + 1
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    result = file_result(payload, str(bad))
    assert [(f["code"], f["line"], f["column"], f["pointer"]) for f in result["findings"]] == [
        ("SL001", line, 12, "/tags/created")
    ]
    assert "month must be in 1..12" in result["findings"][0]["message"]
    assert_good_checked(payload, good)


# --------------------------------------------------------------------------------------------------------------------
# unknown kinds


@pytest.mark.parametrize(
    ("text", "line", "column", "pointer"),
    [
        ("$schema: https://azuremlschemas.azureedge.net/latest/quantumJob.schema.json\nname: x\n", 1, 10, "/$schema"),
        ("version: 1.1\nkind: experiment\nrun:\n  kind: job\n  container:\n    image: python:3.11\n", 2, 7, "/kind"),
        (SCHEMA_LINE + "type: commandd\ncommand: echo\nenvironment: azureml:env:1\n", 2, 7, "/type"),
    ],
    ids=["unknown-azure-schema", "polyaxon-v1-experiment", "misspelt-job-type"],
)
def test_unknown_kind_is_an_error_at_the_naming_value(tmp_path: Path, text: str, line: int, column: int, pointer: str) -> None:
    bad = tmp_path / "unknown.yml"
    bad.write_text(text, encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate(str(bad), good)
    assert code == 1
    result = file_result(payload, str(bad))
    assert [(f["code"], f["line"], f["column"], f["pointer"]) for f in result["findings"]] == [("SL010", line, column, pointer)]
    assert result["spec_types"] == [None]
    assert_good_checked(payload, good)


# --------------------------------------------------------------------------------------------------------------------
# size and complexity limits

BIG_SIZE = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid spec padded with comment lines to 50 MB: cheap to parse once the size limit allows it."""
    path = tmp_path_factory.mktemp("big") / "big.yml"
    line = "# " + "x" * 77 + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(GOOD_TEXT)
        block = line * 10_000
        while handle.tell() < BIG_SIZE:
            handle.write(block)
    assert path.stat().st_size >= BIG_SIZE
    return path


def _traced(*args: str) -> tuple[int, dict[str, Any], int]:
    tracemalloc.start()
    try:
        code, payload = validate(*args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return code, payload, peak


def test_file_over_the_size_limit_is_refused_without_reading_it_whole(big_file: Path, tmp_path: Path) -> None:
    good = good_file(tmp_path)
    code, payload, peak = _traced(str(big_file), good)
    assert code == 1
    assert findings(payload, str(big_file)) == [("SL005", 0, 0)]
    assert peak < BIG_SIZE // 3, f"peak {peak:,} bytes: the refused file was read whole"
    assert_good_checked(payload, good)


def test_file_under_a_raised_size_limit_is_validated_in_bounded_memory(big_file: Path, tmp_path: Path) -> None:
    config = tmp_path / ".speclift.yaml"
    config.write_text(f"max-file-size: {64 * 1024 * 1024}\n", encoding="utf-8")
    good = good_file(tmp_path)
    code, payload, peak = _traced("--config", str(config), str(big_file), good)
    assert code == 0
    result = file_result(payload, str(big_file))
    assert result["spec_types"] == ["azureml/v2/command-job"]
    assert result["findings"] == []
    assert payload["summary"]["files"] == 2
    # the bytes, the text and libyaml's own copy, nothing that grows per line
    assert peak < 4 * BIG_SIZE, f"peak {peak:,} bytes for a {BIG_SIZE:,}-byte file"
    assert_good_checked(payload, good)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, cur in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")  # 9**10 strings once expanded
    good = good_file(tmp_path)
    code, payload = validate(str(bomb), good)
    assert code == 1
    assert findings(payload, str(bomb)) == [("SL006", 1, 1)]
    assert "alias" in file_result(payload, str(bomb))["findings"][0]["message"]
    assert_good_checked(payload, good)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("[" * 200_000 + "\n", 201),  # flow nesting: used to crash libyaml's recursive composer
        ("- " * 200_000 + "x\n", 401),  # block nesting on one line (`- - - x`): the same crash without a bracket
        ("[\n" * 1_500, 1),  # too few brackets for the pre-check, past libyaml's own limit (PyYAML >= 6.0.4)
    ],
    ids=["flow", "block", "flow-lines"],
)
def test_extreme_nesting_is_refused_without_crashing(tmp_path: Path, text: str, column: int) -> None:
    deep = tmp_path / "deep.yml"
    deep.write_text(text, encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate_in_subprocess(str(deep), good)
    assert code == 1
    line = 201 if column == 1 else 1
    assert findings(payload, str(deep)) == [("SL006", line, column)]
    assert_good_checked(payload, good)


def test_deep_indentation_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "indented.yml"
    deep.write_text("".join(" " * i + f"k{i}:\n" for i in range(1_500)) + " " * 1_500 + "v\n", encoding="utf-8")
    good = good_file(tmp_path)
    code, payload = validate_in_subprocess(str(deep), good)
    assert code == 1
    assert findings(payload, str(deep)) == [("SL006", 201, 201)]
    assert_good_checked(payload, good)


# --------------------------------------------------------------------------------------------------------------------
# the file tree


def test_symlink_loop_is_a_note_and_the_real_files_are_checked(tmp_path: Path) -> None:
    root = tmp_path / "specs"
    (root / "sub").mkdir(parents=True)
    a = good_file(root, "a.yml")
    b = good_file(root / "sub", "b.yml")
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    code, payload = validate(str(root))
    assert code == 0
    assert sorted(os.path.normpath(f["path"]) for f in payload["files"]) == sorted([a, b])
    assert_good_checked(payload, a)
    assert_good_checked(payload, b)
    loops = {os.path.basename(p["path"]): (p["code"], p["severity"]) for p in payload["problems"]}
    assert loops == {"self": ("SL007", "info"), "up": ("SL007", "info")}


def test_ten_thousand_small_files_are_all_checked(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for i in range(100):
        folder = root / f"d{i:02d}"
        folder.mkdir(parents=True)
        for j in range(100):
            (folder / f"s{j:02d}.yml").write_text(GOOD_TEXT, encoding="utf-8")
    bad = root / "d42" / "s17.yml"
    bad.write_text(GOOD_TEXT + "command: again\n", encoding="utf-8")
    code, payload = validate(str(root))
    assert code == 1
    assert payload["summary"]["files"] == 10_000
    assert len({f["path"] for f in payload["files"]}) == 10_000
    failing = [(f["path"], [x["code"] for x in f["findings"]]) for f in payload["files"] if f["findings"]]
    assert failing == [(str(bad), ["SL002"])]
    assert all(f["spec_types"] == ["azureml/v2/command-job"] for f in payload["files"])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked.yml"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    locked.chmod(0)
    good = good_file(tmp_path)
    try:
        code, payload = validate(str(locked), good)
        code_walk, payload_walk = validate(str(tmp_path))
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 1
    assert findings(payload, str(locked)) == [("SL007", 0, 0)]
    assert_good_checked(payload, good)
    assert code_walk == 1
    assert findings(payload_walk, str(locked)) == [("SL007", 0, 0)]


def test_folder_named_like_a_spec_is_walked_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like-a-spec.yml"
    folder.mkdir()
    inner = good_file(folder, "inner.yml")
    good = good_file(tmp_path)
    code, payload = validate(str(folder), good)
    assert code == 0
    assert sorted(os.path.normpath(f["path"]) for f in payload["files"]) == sorted([inner, good])
    code, payload = validate(str(tmp_path))
    assert code == 0
    assert sorted(os.path.normpath(f["path"]) for f in payload["files"]) == sorted([inner, good])
    assert payload["problems"] == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_in_a_folder_is_skipped_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yml")  # opening it for reading would wait for a writer forever
    good = good_file(tmp_path)
    code, payload = validate_in_subprocess(str(tmp_path), timeout=60)
    assert code == 0
    assert [os.path.normpath(f["path"]) for f in payload["files"]] == [good]
    assert [(os.path.basename(p["path"]), p["code"], p["severity"]) for p in payload["problems"]] == [
        ("pipe.yml", "SL007", "info")
    ]


def test_broken_symlink_on_the_command_line_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.symlink_to(tmp_path / "missing.yml")
    good = good_file(tmp_path)
    code, payload = validate(str(broken), good)
    assert code == 1
    assert findings(payload, str(broken)) == [("SL007", 0, 0)]
    assert "No such file" in file_result(payload, str(broken))["findings"][0]["message"]
    assert_good_checked(payload, good)
    # found while walking, the same link is reported the same way
    code, payload = validate(str(tmp_path))
    assert code == 1
    assert findings(payload, str(broken)) == [("SL007", 0, 0)]
    assert_good_checked(payload, good)


# --------------------------------------------------------------------------------------------------------------------
# file names


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_reported_and_skipped(tmp_path: Path) -> None:
    # Used to abort the whole run with UnicodeEncodeError (handing the names to git, then printing them).
    good = good_file(tmp_path)
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.yml"), "wb") as handle:
        handle.write(GOOD_TEXT.encode())
    code, payload = validate_in_subprocess(str(tmp_path))
    assert code == 1
    assert_good_checked(payload, good)
    problems = [p for p in payload["problems"] if p["code"] == "SL007"]
    assert [p["path"] for p in problems] == [os.path.join(str(tmp_path), "bad\\xff.yml")]
    check = subprocess.run(
        [sys.executable, "-m", "speclift", "convert", "--check", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 1, check.stdout + check.stderr  # the check is incomplete, and says so
    assert "Traceback" not in check.stderr
    assert "bad\\xff.yml: error SL007" in check.stderr


# --------------------------------------------------------------------------------------------------------------------
# recursive aliases


@pytest.mark.parametrize("command", [["validate"], ["convert"], ["normalize"], ["diff", "SELF"], ["scan"]])
def test_a_recursive_alias_is_a_located_sl006_in_every_command(tmp_path: Path, command: list[str]) -> None:
    # An anchor used inside itself: PyYAML builds a cyclic structure, which used to end convert, normalize and diff
    # in a RecursionError.
    spec = tmp_path / "experiment.yml"
    spec.write_text("version: 1\nkind: experiment\nbuild: &b {image: x, steps: [*b]}\nrun: {cmd: echo}\n")
    args = [str(spec) if word == "SELF" else word for word in command] + [str(spec)]
    proc = subprocess.run([sys.executable, "-m", "speclift", *args], capture_output=True, text=True, timeout=60, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    if command == ["scan"]:  # an inventory: the file is listed as unreadable, the listing itself succeeds
        assert proc.returncode == 0
        assert "unreadable" in proc.stdout
        return
    assert proc.returncode in (1, 2), proc.stdout + proc.stderr
    assert f"{spec}:3:8: error SL006 an alias refers to a node that contains it" in proc.stdout + proc.stderr


def test_a_wrong_typed_field_is_a_located_refusal_in_convert_and_diff(tmp_path: Path) -> None:
    # A wrong-typed field a converter does not expect (`max_duration_minutes: {a: 1}`) used to raise out of
    # single-file convert and of a cross-version diff; it is read through a typed accessor now.
    source = tmp_path / "hyperdrive.yml"
    source.write_text(
        "primary_metric_name: acc\nprimary_metric_goal: maximize\nmax_total_runs: 4\nmax_duration_minutes: {a: 1}\n"
        "sampling:\n  type: random\n  parameter_space:\n  - {name: --lr, expression: uniform, values: [0.1, 1]}\n"
    )
    migrated = tmp_path / "sweep.yml"
    migrated.write_text(GOOD_TEXT)
    for args in (["convert", str(source)], ["diff", str(source), str(migrated)]):
        proc = subprocess.run([sys.executable, "-m", "speclift", *args], capture_output=True, text=True, timeout=60, check=False)
        assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
        assert proc.returncode in (1, 2), args
        expected = f"{source}:4:1: error SL404 max_duration_minutes must be a number, not a mapping"
        assert expected in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert not (tmp_path / "hyperdrive.v2.yml").exists()


def test_a_converter_bug_is_a_finding_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The last line of defence: whatever a converter raises costs its document, located at the document's start.
    from speclift.converters.azureml_v1 import hyperdrive

    def broken(*args: Any) -> Any:
        raise TypeError("unsupported operand")

    monkeypatch.setattr(hyperdrive, "convert", broken)
    source = tmp_path / "hyperdrive.yml"
    source.write_text("primary_metric_name: acc\nprimary_metric_goal: maximize\nsampling: {type: random}\n")
    good = tmp_path / "good.yml"
    good.write_text(GOOD_TEXT)
    result = run_cli("convert", "--check", str(tmp_path))
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{source}:1:1: error SL009 the converter failed on this document: TypeError" in result.stdout + result.stderr
    assert result.exit_code == 4  # --check: an old spec that needs a person


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
@pytest.mark.parametrize("command", [["validate"], ["convert"], ["normalize"], ["diff", "GOOD"]])
def test_a_fifo_named_on_the_command_line_is_refused_not_waited_for(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "job.yml"
    os.mkfifo(fifo)  # nobody ever writes to it: a blocking open or read would wait forever
    good = good_file(tmp_path)
    args = [good if word == "GOOD" else word for word in command]
    proc = subprocess.run(
        [sys.executable, "-m", "speclift", *args[:1], str(fifo), *args[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (1, 2)
    assert f"{fifo}: error SL007 not a regular file" in proc.stdout + proc.stderr


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_named_as_such(tmp_path: Path, encoding: str) -> None:
    # It used to be called "binary (contains NUL bytes)", which sends the user looking for the wrong problem.
    spec = tmp_path / "job.yml"
    spec.write_bytes(GOOD_TEXT.encode(encoding))
    good = good_file(tmp_path)
    code, payload = validate(str(spec), good)
    assert code == 1
    message = file_result(payload, str(spec))["findings"][0]["message"]
    assert message.startswith("UTF-16 text without a byte-order mark")
    assert_good_checked(payload, good)


def test_a_newline_in_a_file_name_cannot_forge_an_output_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.yml\nfake.yml:1:1: error SL999 forged.yml"
    bad.write_text("not: [closed\n")
    result = run_cli("validate", str(tmp_path))
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "SL001" in line]
    assert len(lines) == 1
    assert "x.yml\\nfake.yml:1:1: error SL999 forged.yml:2:1: error SL001" in lines[0]
    assert not any(line.startswith("fake.yml") for line in result.stdout.splitlines())


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_accounting_is_linear_in_the_number_of_params(tmp_path: Path) -> None:
    # 10,000 params used to take ~38 s of CPU (every leaf checked against every provenance entry, every param looked
    # up by a scan): now a few seconds. A CPU budget in the child, not a wall-clock assert: a slow machine still passes.
    lines = ["version: 1", "kind: experiment", "declarations:", *(f"  p{i}: {i}" for i in range(10_000))]
    source = tmp_path / "many.yml"
    source.write_text("\n".join([*lines, "run:", "  image: python:3", "  cmd: python train.py"]) + "\n")
    budget = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_CPU, (25, 25)); "
    run = "sys.argv = ['speclift', 'convert', sys.argv[1]]; runpy.run_module('speclift', run_name='__main__')"
    proc = subprocess.run(
        [sys.executable, "-c", budget + run, str(source)], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, f"exit {proc.returncode} (a negative one is the CPU limit): {proc.stderr[-500:]}"
    assert proc.stdout.count("- name: p") == 10_000


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
@pytest.mark.parametrize("command", [["validate"], ["convert"], ["normalize"], ["diff", "SELF"], ["scan"]])
def test_an_alias_that_expands_to_gigabytes_is_refused_in_every_command(tmp_path: Path, command: list[str]) -> None:
    # 1 MB of text aliased 10,000 times is few nodes but 10 GB once written out: normalize used to pass 4.7 GB,
    # convert and scan ran for minutes, diff ended in MemoryError. Bounded here by CPU and address-space limits.
    spec = tmp_path / "experiment.yml"
    spec.write_text(
        "version: 1\nkind: experiment\ndeclarations:\n  big: &big " + "x" * 1_000_000 + "\n  copies:\n"
        + "".join("    - *big\n" for _ in range(10_000)) + "run: {cmd: echo}\n"
    )  # fmt: skip
    args = [str(spec) if word == "SELF" else word for word in command] + [str(spec)]
    limits = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_CPU, (20, 20)); "
    limits += "resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31)); "
    run = "sys.argv = ['speclift', *sys.argv[1:]]; runpy.run_module('speclift', run_name='__main__')"
    proc = subprocess.run([sys.executable, "-c", limits + run, *args], capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    if command == ["scan"]:  # an inventory: the file is listed as unreadable, the listing itself succeeds
        assert proc.returncode == 0, proc.stderr[-500:]
        assert "unreadable" in proc.stdout
        return
    assert proc.returncode in (1, 2), f"exit {proc.returncode} (negative: a resource limit): {proc.stderr[-500:]}"
    assert f"{spec}:1:1: error SL006 aliases expand to over 10,485,760 characters" in proc.stdout + proc.stderr


def test_convert_reads_within_the_configured_size_and_standard_input_like_a_file(tmp_path: Path) -> None:
    # convert used the default limit whatever the configuration said, and read standard input as unchecked text.
    spec = "version: 1\nkind: experiment\nrun:\n  image: python:3\n  cmd: python train.py --epochs " + "1" * 60 + "\n"
    (tmp_path / "experiment.yml").write_text(spec)
    config = tmp_path / ".speclift.yaml"
    config.write_text("max-file-size: 64\n")
    for args in (
        ["convert", "--config", str(config), str(tmp_path / "experiment.yml")],
        ["convert", "--config", str(config), "--check", str(tmp_path)],
    ):
        result = run_cli(*args)
        assert "Traceback" not in result.stdout + result.stderr
        assert result.exit_code == 1, args
        assert "error SL005 file is larger than 64 bytes" in result.stdout + result.stderr
    config.write_text("max-file-size: 100000\n")
    assert run_cli("convert", "--config", str(config), str(tmp_path / "experiment.yml")).exit_code == 0
    broken = run_cli("convert", "-", input=b"version: 1\nkind: experiment\nrun: {cmd: \xff}\n")
    assert broken.exit_code == 1
    assert broken.stderr.startswith("<stdin>:3:12: error SL003 not valid UTF-8 text")
