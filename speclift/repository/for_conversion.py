"""The invocations' supplies in the form the conversion engine takes (:class:`speclift.conversion.context.Supplied`:
a value and the place it came from), with a finding for each conflict; and the supplies for one file converted alone,
from the CI files of the git work tree holding it."""

from __future__ import annotations

import os
from collections.abc import Sequence

from speclift import codes, yamlio
from speclift.conversion.context import Supplied, shown_path, work_tree
from speclift.findings import Finding
from speclift.repository.context import supplied
from speclift.repository.invocations import Invocation, find_invocations

ConverterSupplies = dict[str, dict[str, Supplied]]  # real path of a v1 spec file -> option name -> value and origin


def converter_supplies(root: str, invocations: Sequence[Invocation], problems: list[Finding]) -> ConverterSupplies:
    """What ``invocations`` supply for the v1 files under ``root``; a file two command lines give different values
    keeps the first, and ``problems`` gets an SL411 saying which was not used."""
    supplies = supplied(root, invocations)
    for conflict in supplies.conflicts:
        kept, ignored = conflict.kept, conflict.ignored
        message = (
            f"{conflict.option} {kept.value} from {_where(kept.invocation)}; {_where(ignored.invocation)} gives "
            f"{ignored.value}, not used (one file, two command lines: convert the other with -O {conflict.option}=...)"
        )
        problems.append(codes.make("SL411", message, conflict.path))
    return {
        path: {name: Supplied(s.value, f"{_where(s.invocation)} ({s.invocation.called})") for name, s in options.items()}
        for path, options in supplies.options.items()
    }


def _where(invocation: Invocation) -> str:
    return f"{shown_path(invocation.file)}:{invocation.line}"


def supplies_for_file(path: str, limits: yamlio.Limits = yamlio.DEFAULT_LIMITS) -> tuple[dict[str, Supplied], list[Finding]]:
    """What the CI files of the git work tree holding ``path`` supply for it (nothing outside a work tree)."""
    root = work_tree(os.path.realpath(os.path.dirname(os.path.abspath(path))))
    if root is None:
        return {}, []
    problems: list[Finding] = []
    found = find_invocations(root, limits)
    every = converter_supplies(root, found.invocations, problems) if found.invocations else {}
    real = os.path.realpath(path)
    return every.get(real, {}), [p for p in problems if os.path.realpath(p.path) == real]
