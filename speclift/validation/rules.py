"""The table of semantic rules: checks a JSON Schema cannot express, run after the schema on every document.

Each rule is a function ``(RuleContext) -> Iterable[Finding]`` registered here with the spec-type families it
applies to; adding a rule means adding a module and one row below.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from speclift import codes
from speclift.findings import Finding
from speclift.spectypes import SpecType
from speclift.yamlio import Document

if TYPE_CHECKING:
    from speclift.config import Settings


@dataclass(frozen=True, slots=True)
class RuleContext:
    document: Document
    spec: SpecType
    path: str
    base_dir: str
    settings: Settings

    def finding(
        self, code: str, message: str, pointer: str, *, hint: str | None = None, key: bool = False, text: str | None = None
    ) -> Finding:
        """A finding at ``pointer`` (its key with ``key``), or at ``text`` inside that scalar when given."""
        if text is not None:
            line, column = self.document.locate_text(pointer, text)
        else:
            line, column = self.document.position(pointer, prefer_key=key)
        return codes.make(code, message, self.path, line, column, pointer, hint=hint, document=self.document.index)


Rule = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RuleEntry:
    name: str
    applies_to: str  # spec-type id prefix
    check: Rule
    enabled: Callable[[Settings], bool] = lambda settings: True


@functools.cache
def _table() -> tuple[RuleEntry, ...]:
    from speclift.validation import (
        azure_bindings,
        graphs,
        local_paths,
        mlproject,
        polyaxon_templates,
        polyaxon_upgrade,
        polyaxon_v2_counts,
    )

    return (
        RuleEntry("azure-bindings", "azureml/v2/", azure_bindings.check),
        RuleEntry("local-paths", "azureml/v2/", local_paths.check, enabled=lambda settings: settings.check_paths),
        RuleEntry("polyaxon-templates", "polyaxon/v1/", polyaxon_templates.check),
        RuleEntry("polyaxon-templates", "polyaxon/v2/component", polyaxon_templates.check),
        RuleEntry("polyaxon-templates", "polyaxon/v2/operation", polyaxon_templates.check),
        RuleEntry("azure-pipeline-graph", "azureml/v2/", graphs.check),
        RuleEntry("polyaxon-dag-graph", "polyaxon/v1/", graphs.check),
        RuleEntry("polyaxon-dag-graph", "polyaxon/v2/component", graphs.check),
        RuleEntry("polyaxon-dag-graph", "polyaxon/v2/operation", graphs.check),
        RuleEntry("mlproject", "mlflow/", mlproject.check),
        # 1.x files only: a 2.x file is checked by its own schema
        RuleEntry("polyaxon-v2-upgrade", "polyaxon/v1/component", polyaxon_upgrade.check),
        RuleEntry("polyaxon-v2-upgrade", "polyaxon/v1/operation", polyaxon_upgrade.check),
        # 2.x files: the floats a JSON Schema integer lets through
        RuleEntry("polyaxon-v2-counts", "polyaxon/v2/component", polyaxon_v2_counts.check),
        RuleEntry("polyaxon-v2-counts", "polyaxon/v2/operation", polyaxon_v2_counts.check),
    )


def run(document: Document, spec: SpecType, path: str, base_dir: str, settings: Settings) -> list[Finding]:
    context = RuleContext(document, spec, path, base_dir, settings)
    findings: list[Finding] = []
    for entry in _table():
        if spec.id.startswith(entry.applies_to) and entry.enabled(settings):
            findings.extend(entry.check(context))
    return findings
