"""The repository as conversion context: the v1 CLI (and ``mlflow run``) invocations its CI definitions and scripts
keep.

:func:`find_invocations` finds them (never running anything), :func:`supplied_options` turns them into converter
options per v1 spec file or MLproject (with the invocation each came from), :func:`v2_commands` gives the v2 commands replacing
each, and :func:`rewrite_ci` rewrites the CI files' command lines (opt-in: ``speclift convert --rewrite-ci``).
"""

from __future__ import annotations

from speclift.repository.context import Conflict, Resolved, Supplied, Supplies, project, resolve, supplied, supplied_options
from speclift.repository.invocations import Found, Invocation, Skipped, find_invocations
from speclift.repository.v2 import Rewrite, not_carried, rewrite_ci, v2_commands, why_none

__all__ = [
    "Conflict",
    "Found",
    "Invocation",
    "Resolved",
    "Rewrite",
    "Skipped",
    "Supplied",
    "Supplies",
    "find_invocations",
    "not_carried",
    "project",
    "resolve",
    "rewrite_ci",
    "supplied",
    "supplied_options",
    "v2_commands",
    "why_none",
]
