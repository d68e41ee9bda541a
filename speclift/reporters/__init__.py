"""Reporters turn a validation report into text for people or machines. They only format: no checks, no exit codes.

The table below is the single place a format name maps to its module.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from speclift.validation.engine import Report

FORMATS = {
    "text": "speclift.reporters.text",
    "json": "speclift.reporters.json_report",
    "github": "speclift.reporters.github",
    "junit": "speclift.reporters.junit",
    "sarif": "speclift.reporters.sarif",
}


class Renderer(Protocol):
    def __call__(self, report: Report, *, verbose: bool = False) -> str: ...


def renderer(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    render: Renderer = module.render
    return render
