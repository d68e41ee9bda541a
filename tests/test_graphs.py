"""Pipeline graphs at scale: cycles through thousands of jobs or operations, found without recursion and reported
with messages that do not grow with the graph, under a CPU budget (see test_hostile_shapes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_hostile_shapes import validate_limited

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")

_COMPONENT = "    component: {run: {kind: job, container: {image: busybox}}}\n"


def _dag(operations: list[tuple[str, list[str]]]) -> str:
    lines = ["version: 1.1\nkind: component\nrun:\n  kind: dag\n  operations:\n"]
    for name, upstream in operations:
        lines.append(f"  - name: {name}\n    dependencies: [{', '.join(upstream)}]\n{_COMPONENT}")
    return "".join(lines)


def test_a_cycle_through_ten_thousand_operations(tmp_path: Path) -> None:
    # a recursive search overflowed Python's stack long before this depth
    count = 10_000
    spec = tmp_path / "dag.yml"
    spec.write_text(_dag([(f"op{i}", [f"op{(i - 1) % count}"]) for i in range(count)]))
    found = validate_limited(30, spec)
    assert [(f["code"], f["line"]) for f in found] == [("SL208", 10)]  # op0 -> op1, written in op1's dependencies
    message = found[0]["message"]
    assert message.startswith("the operations form a cycle: op0 -> op1 -> ") and "(9988 more) -> op9999 -> op0" in message
    assert len(message) < 300


def test_every_operation_closing_a_cycle_is_one_finding(tmp_path: Path) -> None:
    # op0 runs after every other operation and each runs after the one before it: one cycle closes at each of them
    count = 3_000
    operations = [("op0", [f"op{i}" for i in range(1, count)])]
    operations += [(f"op{i}", [f"op{i - 1}"]) for i in range(1, count)]
    spec = tmp_path / "dag.yml"
    spec.write_text(_dag(operations))
    found = validate_limited(30, spec)
    assert [f["code"] for f in found] == ["SL208"] * (count - 1)
    assert max(len(f["message"]) for f in found) < 300


def test_an_azure_pipeline_whose_jobs_feed_each_other_in_a_circle(tmp_path: Path) -> None:
    count = 2_000
    jobs = "".join(
        f"  j{i}:\n    type: command\n    command: echo ${{{{inputs.x}}}}\n    environment: azureml:e@latest\n"
        f"    inputs:\n      x: ${{{{parent.jobs.j{(i - 1) % count}.outputs.y}}}}\n"
        f"    outputs:\n      y: {{type: uri_folder}}\n"
        for i in range(count)
    )
    spec = tmp_path / "pipeline.yml"
    spec.write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n"
        "settings:\n  default_compute: azureml:c\njobs:\n" + jobs
    )
    found = validate_limited(30, spec)
    assert [f["code"] for f in found] == ["SL208"]
    assert found[0]["message"].startswith("the jobs form a cycle: j0 -> j1 -> ")
