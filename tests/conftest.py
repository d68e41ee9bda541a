"""Shared fixtures: where the repository, its cases and the real-file corpus are, and a CLI runner."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from speclift.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CORPUS = ROOT.parent / "shared" / "corpus"
STUDIO_RUNTIME = ROOT / "speclift" / "studio" / "runtime"
# The Studio (classic) component runtime is a top-level package where it runs (a pipeline's code folder): tests import
# it the same way, as `studio_modules`.
sys.path.insert(0, str(STUDIO_RUNTIME))


@pytest.fixture
def corpus() -> Path:
    """The real-file corpus beside the repository; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables fit COLUMNS when it is set (an exported shell variable would change what tests read): the tests of
    widths set it themselves."""
    monkeypatch.delenv("COLUMNS", raising=False)


def run_cli(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def run_json(*args: str, input: str | bytes | None = None) -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", "--format", "json", *args, input=input)
    return result.exit_code, json.loads(result.stdout)


@dataclass(frozen=True, slots=True)
class BoundedResult:
    exit_code: int
    stdout: str
    stderr: str
    traceback: str = ""  # an exception that escaped the command
    signal: int = 0  # the child was killed (SIGXCPU: over its CPU budget; SIGKILL/SIGSEGV: memory)


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    """How a call run in a forked child ended: its JSON-able result, or the signal that stopped it (0: none)."""

    finished: bool
    result: Any = None
    signal: int = 0


def call_bounded(function: Callable[[], Any], *, cpu_seconds: int = 20, memory_bytes: int | None = None) -> ChildOutcome:
    """``function()`` in a forked child under a CPU-time limit (and, when given, a limit on the memory it may add),
    its result sent back as JSON: a hang or a blow-up fails the test instead of stalling or swamping the run
    (resource limits, not wall-clock time). An exception in the child counts as not finished."""
    import resource
    import signal

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
            if memory_bytes is not None:
                resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_bytes,) * 2)
            result = function()
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                json.dump({"result": result}, out)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as received:
        text = received.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) or not text:
        return ChildOutcome(False, signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else signal.SIGKILL)
    return ChildOutcome(True, json.loads(text)["result"])


def run_cli_bounded(*args: str, cpu_seconds: int = 20, memory_bytes: int = 1 << 30) -> BoundedResult:
    """``run_cli`` in a forked child under a CPU-time limit and a limit on the memory it may add (``call_bounded``)."""
    import traceback

    def invoke() -> dict[str, Any]:
        result = CliRunner().invoke(main, list(args))
        escaped = result.exc_info if result.exception and not isinstance(result.exception, SystemExit) else None
        return {
            "exit_code": result.exit_code,
            "stdout": result.stdout,
            "stderr": result.stderr,
            "traceback": "".join(traceback.format_exception(*escaped)) if escaped else "",
        }

    outcome = call_bounded(invoke, cpu_seconds=cpu_seconds, memory_bytes=memory_bytes)
    if not outcome.finished:
        return BoundedResult(-1, "", "", signal=outcome.signal)
    return BoundedResult(**outcome.result)


def _address_space() -> int:
    """This process's virtual memory size in bytes (the base the child's RLIMIT_AS adds to)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
