"""Reporters turn a result into text for people or machines. They only format: no checks, no exit codes.

:data:`REPORTERS` is the single place a report kind and format name map to the function that renders it, for every
command: ``validate`` (a :class:`~speclift.validation.engine.Report`), ``diff`` (a list of
:class:`~speclift.diffing.engine.FileDiff`), ``scan`` and ``migration`` (a
:class:`~speclift.migration.run.MigrationResult`), ``explain`` (an :class:`~speclift.explanations.Explanation`),
``schemas-export`` (an :class:`~speclift.schema_export.ExportResult`) and ``editor-settings`` (an
:class:`~speclift.editor.EditorSettings`). Nothing is imported until a reporter is asked for, so the command line
can build its ``--format`` choices from this table for free.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol, overload

if TYPE_CHECKING:
    from speclift.diffing.engine import FileDiff
    from speclift.editor import EditorSettings
    from speclift.explanations import Explanation
    from speclift.migration.run import MigrationResult
    from speclift.reporters.view import View
    from speclift.schema_export import ExportResult
    from speclift.validation.engine import Report

# kind -> format -> "module:function"
REPORTERS: dict[str, dict[str, str]] = {
    "validate": {
        "text": "speclift.reporters.text:render",
        "json": "speclift.reporters.json_report:render",
        "github": "speclift.reporters.github:render",
        "junit": "speclift.reporters.junit:render",
        "sarif": "speclift.reporters.sarif:render",
        "gitlab": "speclift.reporters.gitlab:render",
        "markdown": "speclift.reporters.markdown:render",
    },
    "diff": {
        "text": "speclift.reporters.diff_text:render",
        "markdown": "speclift.reporters.diff_markdown:render",
        "json": "speclift.reporters.diff_json:render",
        "github": "speclift.reporters.diff_github:render",
    },
    "scan": {
        "table": "speclift.reporters.migration:scan_table",
        "json": "speclift.reporters.migration:scan_json",
        "markdown": "speclift.reporters.migration:scan_markdown",
    },
    "migration": {  # --report FILE: JSON for a .json file, else markdown
        "markdown": "speclift.reporters.migration:migration_markdown",
        "json": "speclift.reporters.migration:migration_json",
    },
    "explain": {
        "text": "speclift.reporters.explanation:text",
        "markdown": "speclift.reporters.explanation:markdown",
        "json": "speclift.reporters.explanation:as_json",
    },
    "schemas-export": {"text": "speclift.reporters.editor:export_text"},
    "editor-settings": {  # the settings, then the notes on standard error
        "vscode": "speclift.reporters.editor:vscode",
        "modeline": "speclift.reporters.editor:modelines",
    },
}


class Renderer(Protocol):
    def __call__(self, report: Report, *, verbose: bool = False, view: View = ...) -> str: ...


class MigrationRenderer(Protocol):
    def __call__(self, result: MigrationResult, *, verbose: bool = False, view: View = ...) -> str: ...


class DiffRenderer(Protocol):
    def __call__(self, diffs: Sequence[FileDiff], *, view: View = ...) -> str: ...


ReportRenderer = Callable[["MigrationResult"], str]
ExplanationRenderer = Callable[["Explanation"], str]
ExportRenderer = Callable[["ExportResult"], str]
EditorRenderer = Callable[["EditorSettings"], str]


def formats(kind: str) -> list[str]:
    """The format names of one kind of report, in the table's order (the first is the default)."""
    return list(REPORTERS[kind])


@overload
def reporter(kind: Literal["validate"], name: str) -> Renderer: ...
@overload
def reporter(kind: Literal["diff"], name: str) -> DiffRenderer: ...
@overload
def reporter(kind: Literal["scan"], name: str) -> MigrationRenderer: ...
@overload
def reporter(kind: Literal["migration"], name: str) -> ReportRenderer: ...
@overload
def reporter(kind: Literal["explain"], name: str) -> ExplanationRenderer: ...
@overload
def reporter(kind: Literal["schemas-export"], name: str) -> ExportRenderer: ...
@overload
def reporter(kind: Literal["editor-settings"], name: str) -> EditorRenderer: ...
def reporter(kind: str, name: str) -> object:
    """The function rendering a ``kind`` report in format ``name`` (a KeyError names an unknown one)."""
    module, _, function = REPORTERS[kind][name].partition(":")
    return getattr(importlib.import_module(module), function)
