"""Shared fixtures: where the repository, its cases and the real-file corpus are, and a CLI runner."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from speclift.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """The real-file corpus beside the repository; tests that need it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


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


def run_cli_bounded(*args: str, cpu_seconds: int = 20, memory_bytes: int = 1 << 30) -> BoundedResult:
    """``run_cli`` in a forked child under a CPU-time limit and a limit on the memory it may add, so a hang or a
    blow-up fails the test instead of stalling or swamping the run (resource limits, not wall-clock time)."""
    import resource
    import signal
    import traceback

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_end)
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
            resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_bytes,) * 2)
            result = CliRunner().invoke(main, list(args))
            escaped = result.exc_info if result.exception and not isinstance(result.exception, SystemExit) else None
            payload = {
                "exit_code": result.exit_code,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "traceback": "".join(traceback.format_exception(*escaped)) if escaped else "",
            }
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                json.dump(payload, out)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as received:
        text = received.read()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) or not text:
        killed = os.WTERMSIG(status) if os.WIFSIGNALED(status) else signal.SIGKILL
        return BoundedResult(-1, "", "", signal=killed)
    return BoundedResult(**json.loads(text))


def _address_space() -> int:
    """This process's virtual memory size in bytes (the base the child's RLIMIT_AS adds to)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
