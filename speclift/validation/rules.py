"""The table of semantic rules: checks a JSON Schema cannot express, run after the schema on every document.

Each rule is a function ``(RuleContext) -> Iterable[Finding]`` registered here with the spec-type families it
applies to; adding a rule means adding a module and one row below.
"""

from __future__ import annotations

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


def _table() -> list[tuple[str, str, Rule]]:
    from speclift.validation import azure_bindings, local_paths, polyaxon_templates

    return [
        # (rule name, spec-type id prefix, function)
        ("azure-bindings", "azureml/v2/", azure_bindings.check),
        ("local-paths", "azureml/v2/", local_paths.check),
        ("polyaxon-templates", "polyaxon/v1/", polyaxon_templates.check),
    ]


def run(document: Document, spec: SpecType, path: str, base_dir: str, settings: Settings) -> list[Finding]:
    context = RuleContext(document, spec, path, base_dir, settings)
    findings: list[Finding] = []
    for name, prefix, rule in _table():
        if not spec.id.startswith(prefix):
            continue
        if name == "local-paths" and not settings.check_paths:
            continue
        findings.extend(rule(context))
    return findings
