"""Hostile shapes that used to cost quadratic time or memory, each run under a CPU budget.

Each command runs in a child process whose CPU time is capped with ``resource.setrlimit`` (never a wall-clock assert: a
slow or busy machine still passes). The budgets are several times what the fixed code needs on a slow machine and a
fraction of what the unfixed code took. The hostile inputs are generated here: they are big.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from speclift.converters.polyaxon_v0.params import rewrite_flags
from speclift.placeholders import placeholders

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")

COMMAND_JOB = (
    "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n"
    "environment: azureml:x@latest\n"
    "compute: azureml:c\n"
)


def run_limited(cpu_seconds: int, *argv: str, memory: int = -1) -> subprocess.CompletedProcess[str]:
    """``speclift <argv>`` in a child that the kernel stops (SIGXCPU) once it has used ``cpu_seconds`` of CPU, and
    whose address space is at most ``memory`` bytes when given (past it, MemoryError)."""
    budget = (
        "import resource, runpy, sys; "
        f"resource.setrlimit(resource.RLIMIT_CPU, ({cpu_seconds}, {cpu_seconds})); "
        f"resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory})); "
    )
    run = "sys.argv = ['speclift', *sys.argv[1:]]; runpy.run_module('speclift', run_name='__main__')"
    proc = subprocess.run([sys.executable, "-c", budget + run, *argv], capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode} (SIGXCPU or SIGKILL: over the CPU budget)"
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    return proc


def validate_limited(cpu_seconds: int, path: Path, memory: int = -1) -> list[dict[str, Any]]:
    proc = run_limited(cpu_seconds, "validate", "--format", "json", str(path), memory=memory)
    files = json.loads(proc.stdout)["files"]
    assert [f["path"] for f in files] == [str(path)]
    findings: list[dict[str, Any]] = files[0]["findings"]
    return findings


# --------------------------------------------------------------------------------------------------------------------
# placeholders: each unclosed opening used to rescan the rest of the text


def test_unclosed_bindings_in_an_azure_command(tmp_path: Path) -> None:
    # 40,000 `${{` after a real binding: the old lazy pattern took minutes; one scan now
    spec = tmp_path / "job.yml"
    spec.write_text(COMMAND_JOB + "command: python x.py ${{inputs.nope}} " + "${{" * 40_000 + "\n")
    found = validate_limited(5, spec)
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("SL201", 4, 22), ("SL210", 4, 39)]


def test_unclosed_bindings_in_a_v1_argument_convert(tmp_path: Path) -> None:
    # the converter splits arguments on bindings and validates what it wrote: both scanned the rest per opening
    source = tmp_path / "train.runconfig"
    (tmp_path / "train.py").write_text("print('train')\n")
    source.write_text('script: train.py\nframework: Python\ntarget: local\narguments: ["--x", "' + "${{" * 40_000 + '"]\n')
    proc = run_limited(8, "convert", str(source))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "command: python train.py --x" in proc.stdout
    assert proc.stdout.count("${{") == 40_000


def test_unclosed_templates_in_a_polyaxon_command(tmp_path: Path) -> None:
    spec = tmp_path / "component.yml"
    command = "{{ nope }} " + "{{" * 40_000
    spec.write_text(f'version: 1.1\nkind: component\nrun:\n  kind: job\n  container:\n    image: x\n    command: ["{command}"]\n')
    found = validate_limited(5, spec)
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("SL211", 7, 16)]


def test_unclosed_templates_in_a_v0_command_convert(tmp_path: Path) -> None:
    source = tmp_path / "polyaxonfile.yml"
    cmd = "python train.py --lr={{ lr }} " + "{{" * 40_000
    source.write_text(f'version: 1\nkind: experiment\nparams:\n  lr: 0.1\nrun:\n  image: python:3\n  cmd: "{cmd}"\n')
    proc = run_limited(8, "convert", str(source))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "- name: lr" in proc.stdout
    assert "- python train.py --lr={{ lr }}" in proc.stdout
    assert proc.stdout.count("{{") == 40_000 + 2  # the command's and the working directory's own


def test_the_scanner_finds_what_the_patterns_it_replaced_found() -> None:
    # the patterns, on every string of up to 5 of these pieces: same spans, same inner text
    import itertools
    import re

    binding = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
    template = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
    argument = re.compile(r"\$\{\{[^}]*\}\}")
    pieces = ["${{", "}}", "{{", "}", " ", "\n", "a"]
    for size in range(6):
        for text in map("".join, itertools.product(pieces, repeat=size)):
            expected = [(m.start(), m.end(), m.group(1)) for m in binding.finditer(text)]
            found = placeholders(text, "${{", "}}", not_inside="\n")
            assert [(p.start, p.end, p.inner.strip()) for p in found] == expected, text
            expected = [(m.start(), m.end(), m.group(1)) for m in template.finditer(text)]
            assert [(p.start, p.end, p.inner) for p in placeholders(text, "{{", "}}")] == expected, text
            expected = [(m.start(), m.end(), m.group(0)) for m in argument.finditer(text)]
            assert [(p.start, p.end, p.literal) for p in placeholders(text, "${{", "}}", not_inside="}")] == expected


def test_flags_are_rewritten_in_one_pass_as_a_pass_per_flag_did() -> None:
    import itertools
    import re

    def per_flag(text: str, flags: set[str]) -> str:
        for flag in sorted(flags):
            text = re.sub(r"\{\{\s*" + re.escape(flag) + r"\s*\}\}", "{{ params." + flag + ".as_arg }}", text)
        return text

    pieces = ["{{", "}}", "{", " ", "a", "b", "ab"]
    for size in range(6):
        for text in map("".join, itertools.product(pieces, repeat=size)):
            for flags in ({"a"}, {"a", "b"}, {"ab", "b"}):
                assert rewrite_flags(text, flags) == per_flag(text, flags), (text, flags)


# --------------------------------------------------------------------------------------------------------------------
# many inputs: per-finding work used to grow with the number of declarations


def test_100000_inputs_and_2000_undeclared_bindings(tmp_path: Path) -> None:
    # each finding sorted and listed all 100,000 names (a megabyte per message); now at most 20, sorted once
    spec = tmp_path / "job.yml"
    command = "python x.py " + " ".join(f"${{{{inputs.q{i}}}}}" for i in range(2_000))
    lines = [COMMAND_JOB + f"command: {command}", "inputs:", *(f"  p{i}: {i}" for i in range(100_000))]
    spec.write_text("\n".join(lines) + "\n")
    found = validate_limited(20, spec)
    assert len(found) == 2_000
    assert {f["code"] for f in found} == {"SL201"}
    assert all(f["line"] == 4 for f in found)
    first = next(f for f in found if f["message"].startswith("${{inputs.q0}} "))
    assert first["column"] == 22
    shown = ", ".join(sorted(f"p{i}" for i in range(100_000))[:20])
    assert first["message"].endswith(f"(declared: {shown}, ... (99980 more))")


def test_10000_invalid_inputs_in_bounded_memory(tmp_path: Path) -> None:
    # every schema error used to be kept, with the tree of every union branch it tried, until all were read: 450 MB
    # for 10,000 invalid inputs (4 GB for 100,000); now one at a time, about 65 MB
    spec = tmp_path / "job.yml"
    lines = [COMMAND_JOB + "command: python x.py", "inputs:", *(f"  p{i}: {{type: nope}}" for i in range(10_000))]
    spec.write_text("\n".join(lines) + "\n")
    found = validate_limited(60, spec, memory=200 * 1024 * 1024)
    assert sorted(f["line"] for f in found) == list(range(6, 10_006))


def test_a_long_number_string_in_a_sweep_search_space(tmp_path: Path) -> None:
    # shipped patterns such as `[0-9]+\.?[0-9]*` backtrack quadratically in Python's re on a long run of digits that
    # fails at its end (20,000 digits: ~45 s); the rich path now matches `pattern` with jsonschema-rs's engine
    spec = tmp_path / "sweep.yml"
    digits = "0" * 20_000 + "!"
    spec.write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json\n"
        "type: sweep\n"
        "trial:\n"
        "  command: python train.py --x ${{search_space.x}}\n"
        "  environment: azureml:x@latest\n"
        "compute: azureml:c\n"
        "sampling_algorithm: random\n"
        "objective: {goal: maximize, primary_metric: acc}\n"
        "limits: {max_total_trials: 2}\n"
        "search_space:\n"
        f'  x: {{type: normal, mu: "{digits}", sigma: 1}}\n'
    )
    found = validate_limited(5, spec)
    # `type: normal` picks the normal branch of the search-space union: its `mu` is not a number
    assert [(f["code"], f["line"], f["column"]) for f in found] == [("SL103", 11, 25)]
