"""An entry point's command as MLflow fills it in: ``command.format(**params)`` with every value shell-quoted.

:func:`parse` splits a command into literal text and ``{name}`` fields exactly as ``str.format`` does (``{{`` and
``}}`` are literal braces), and tells for each field the shell quoting it stands in (unquoted, inside ``'...'`` or
inside ``"..."``), which decides how another platform's raw substitution must be written to give the same argv.
:func:`mlflow_command` is ``EntryPoint.compute_command`` (on POSIX), for tests and the conformance stage.
"""

from __future__ import annotations

import shlex
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

UNQUOTED = ""
SINGLE = "'"
DOUBLE = '"'


class TemplateError(Exception):
    """The command is no template ``str.format`` can fill (MLflow fails when the entry point runs)."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the parameter it names
    quoting: str  # UNQUOTED, SINGLE or DOUBLE: the shell context the value lands in
    spec: str = ""  # a format spec or conversion (`{a!r}`, `{a:>5}`): rare, and not something a v2 command can do


Piece = str | Field


def parse(command: str) -> list[Piece]:
    """The command's literal texts (braces unescaped) and fields, in order; TemplateError where ``str.format``
    raises (a lone brace, an empty or positional field)."""
    pieces: list[Piece] = []
    state = _ShellState()
    try:
        parsed = list(string.Formatter().parse(command))
    except ValueError as exc:
        raise TemplateError(f"the command is no valid template: {exc} (write {{{{ and }}}} for literal braces)") from None
    for literal, name, spec, conversion in parsed:
        if literal:
            if pieces and isinstance(pieces[-1], str):  # `{{` splits the text: one literal piece between fields
                pieces[-1] += literal
            else:
                pieces.append(literal)
            state.feed(literal)
        if name is None:
            continue
        if name == "" or name.isdigit():
            raise TemplateError(f"the command has a positional field {{{name}}}: MLflow fills fields by parameter name only")
        extra = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        pieces.append(Field(name, state.quote, extra))
    return pieces


def base_name(name: str) -> str:
    """The parameter a field names: ``a.b`` and ``a[0]`` look up ``a`` first (str.format's attribute and index access)."""
    for separator in (".", "["):
        name = name.split(separator, 1)[0]
    return name


class _ShellState:
    """Where POSIX shell quoting stands after some text: unquoted, in single or in double quotes."""

    def __init__(self) -> None:
        self.quote = UNQUOTED
        self._escaped = False

    def feed(self, text: str) -> None:
        for character in text:
            if self._escaped:
                self._escaped = False
            elif self.quote == SINGLE:
                if character == "'":
                    self.quote = UNQUOTED
            elif character == "\\":
                self._escaped = True
            elif self.quote == DOUBLE:
                if character == '"':
                    self.quote = UNQUOTED
            elif character in "'\"":
                self.quote = character


def mlflow_command(command: str, declared: Mapping[str, Any], given: Mapping[str, Any]) -> str:
    """``EntryPoint.compute_command(given, None)`` for an entry point with ``declared`` parameters (name -> default;
    None means required): values from ``given`` else the default, ``str()``-ed and shell-quoted, undeclared ``given``
    names appended as ``--name value``. KeyError for a required parameter without a value or an undeclared field."""
    missing = [name for name, default in declared.items() if default is None and name not in given]
    if missing:
        raise KeyError(", ".join(missing))
    values = {name: shlex.quote(str(given.get(name, default))) for name, default in declared.items()}
    extra = [f"--{shlex.quote(str(k))} {shlex.quote(str(v))}" for k, v in given.items() if k not in declared]
    return " ".join([command.format(**values), *extra])
