"""Test repositories (tests/cases/repositories/<name>/): the v1 CLI invocations their CI files and scripts keep.

Each repository holds ``expected-invocations.txt``: one line per invocation found (``file:line command -> role
path (options supplied)``, paths relative to the repository) and one per command line skipped (``skipped
file:line: reason``). A new repository with its expected file is picked up automatically.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from speclift.repository import Found, Invocation, find_invocations, resolve, supplied

REPOSITORIES = Path(__file__).parent / "cases" / "repositories"
NAMES = sorted(p.name for p in REPOSITORIES.iterdir() if (p / "expected-invocations.txt").is_file())


def render(root: str, found: Found) -> list[str]:
    """The lines of ``expected-invocations.txt`` for what was found under ``root``."""
    root = os.path.realpath(root)
    per_invocation = {id(i): supplied(root, [i]).options for i in found.invocations}

    def shown(path: str) -> str:
        return os.path.relpath(path, root) if os.path.isabs(path) and path.startswith(root) else path

    lines = []
    for invocation in found.invocations:
        named = []
        for resolved in resolve(invocation, root):
            options = per_invocation[id(invocation)].get(resolved.path, {})
            given = ", ".join(f"{k}={shown(v.value)}" for k, v in sorted(options.items()))
            named.append(f"{resolved.role} {shown(resolved.path)}" + (f" ({given})" if given else ""))
        lines.append(f"{_where(root, invocation)} {invocation.command} -> {'; '.join(named) or 'nothing'}")
    lines += [f"skipped {os.path.relpath(s.file, root)}:{s.line}: {s.reason}" for s in found.skipped]
    return lines


def _where(root: str, invocation: Invocation) -> str:
    return f"{os.path.relpath(invocation.file, root)}:{invocation.line}"


def expected(name: str) -> list[str]:
    text = (REPOSITORIES / name / "expected-invocations.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", NAMES)
def test_invocations_found_resolved_and_supplied(name: str) -> None:
    root = str(REPOSITORIES / name)
    assert render(root, find_invocations(root)) == expected(name)


def test_every_repository_has_expectations() -> None:
    assert NAMES, "no test repository found"
    assert sorted(p.name for p in REPOSITORIES.iterdir() if p.is_dir()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_positions_point_at_the_command(name: str) -> None:
    """Every invocation's line and column is where its text starts in the file."""
    root = str(REPOSITORIES / name)
    for invocation in find_invocations(root).invocations:
        lines = Path(invocation.file).read_text(encoding="utf-8").splitlines()
        first = invocation.text.splitlines()[0]
        assert lines[invocation.line - 1][invocation.column - 1 :].startswith(first), invocation.where
