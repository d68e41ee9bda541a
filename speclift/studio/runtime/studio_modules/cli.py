"""A module's command line, built from its classic port and parameter names.

Every classic name becomes an option by its slug (``slug("Results dataset1") == "results-dataset1"``): input ports
and output ports take a folder path, parameters the classic ``Value`` text as the graph holds it ("True", "0.7", a
column picker's JSON), script parameters a path to the file holding the script. An option not given is the classic
default; an input port not given is not connected. ``run`` parses, calls the module's body and turns a
``StudioError`` into one line on standard error, ``<Module Name>: <message>``, with exit status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from . import columns as pickers
from . import tabular
from .errors import StudioError

KINDS = ("string", "integer", "number", "boolean", "columns", "script", "secret")
_BOOLEANS = {"true": True, "false": False}


def slug(name: str) -> str:
    """The option name of a classic port or parameter: lower case, each run of other characters than [a-z0-9] one
    ``-``, none at either end."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class Parameter:
    """A classic parameter the module reads: its name, kind (one of KINDS) and the classic default as a Value text
    (None: no default; a mode that needs it says so). ``choices``: the values a string parameter takes."""

    name: str
    kind: str = "string"
    default: str | None = None
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"parameter {self.name!r}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class Module:
    """What a module's command line holds: its classic name, port names and the parameters it reads."""

    name: str
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = field(default=())

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise StudioError(f"bad command line: {message}")


def build_parser(module: Module) -> argparse.ArgumentParser:
    """The argument parser of a module: one option per port and per parameter, named by slug."""
    parser = _Parser(prog=f"python -m studio_modules.<module>  ({module.name})", allow_abbrev=False)
    seen: dict[str, str] = {}
    for role, names in (("input port", module.inputs), ("output port", module.outputs)):
        for name in names:
            _add(parser, seen, name, f"{role} {name!r}: a folder", "PATH")
    for parameter in module.parameters:
        shown = f", default {parameter.default!r}" if parameter.default is not None else ""
        what = "a path to the file holding it" if parameter.kind == "script" else parameter.kind
        _add(parser, seen, parameter.name, f"parameter {parameter.name!r} ({what}{shown})", "VALUE")
    return parser


def _add(parser: argparse.ArgumentParser, seen: dict[str, str], name: str, help_text: str, metavar: str) -> None:
    option = slug(name)
    if option in seen:
        raise ValueError(f"{name!r} and {seen[option]!r} have the same option --{option}")
    seen[option] = name
    parser.add_argument(f"--{option}", dest=option, metavar=metavar, help=help_text.replace("%", "%%"))


def fail(module_name: str, message: str) -> int:
    """Tell a failure the classic way (one line on standard error) and give the exit status 1."""
    print(f"{module_name}: {' '.join(message.split())}", file=sys.stderr)
    return 1


def run(module: Module, body: Callable[[Arguments], None], argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` for ``module`` and run ``body``; a StudioError is the one-line failure."""
    try:
        arguments = Arguments(module, vars(build_parser(module).parse_args(argv)))
        body(arguments)
    except StudioError as error:
        return fail(module.name, str(error))
    return 0


class Arguments:
    """A parsed command line, read by classic name: ports as folders or tables, parameters by kind."""

    def __init__(self, module: Module, values: dict[str, str | None]) -> None:
        self.module = module
        self._values = values

    def given(self, name: str) -> bool:
        return self._values.get(slug(name)) is not None

    # ports

    def input(self, name: str) -> Path | None:
        value = self._values.get(slug(name))
        return Path(value) if value is not None else None

    def table(self, name: str) -> tabular.Table:
        """The dataset on a connected input port (an error when it is not connected)."""
        path = self.input(name)
        if path is None:
            raise StudioError(f"the input port {name!r} is not connected (--{slug(name)})")
        table = self.optional_table(name)
        assert table is not None
        return table

    def optional_table(self, name: str) -> tabular.Table | None:
        path = self.input(name)
        if path is None:
            return None
        try:
            return tabular.read_table(path)
        except StudioError as error:
            raise StudioError(f"input {name!r}: {error}") from None

    def output(self, name: str) -> Path:
        value = self._values.get(slug(name))
        if value is None:
            raise StudioError(f"the output port {name!r} has no folder (--{slug(name)})")
        return Path(value)

    def write(self, name: str, table: tabular.Table) -> None:
        tabular.write_table(self.output(name), table)

    # parameters

    def text(self, name: str) -> str:
        """A parameter's value text, its default when not given (an error when it has none)."""
        parameter = self.module.parameter(name)
        value = self._values.get(slug(name))
        if value is None:
            value = parameter.default
        if value is None:
            raise StudioError(f'the parameter "{name}" needs a value here (--{slug(name)})')
        if parameter.choices:
            for choice in parameter.choices:
                if choice.lower() == value.strip().lower():
                    return choice
            raise StudioError(f'the parameter "{name}" is {value!r}, which is none of: {", ".join(parameter.choices)}')
        return value

    def optional_text(self, name: str) -> str | None:
        if self._values.get(slug(name)) is None and self.module.parameter(name).default is None:
            return None
        return self.text(name)

    def boolean(self, name: str) -> bool:
        value = self.text(name)
        if value.strip().lower() not in _BOOLEANS:
            raise StudioError(f'the parameter "{name}" is {value!r}, not True or False')
        return _BOOLEANS[value.strip().lower()]

    def integer(self, name: str) -> int:
        value = self.text(name)
        try:
            return int(value.strip())
        except ValueError:
            raise StudioError(f'the parameter "{name}" is {value!r}, not a whole number') from None

    def number(self, name: str) -> float:
        value = self.text(name)
        try:
            return float(value.strip())
        except ValueError:
            raise StudioError(f'the parameter "{name}" is {value!r}, not a number') from None

    def columns(self, name: str) -> pickers.Selection:
        try:
            return pickers.parse(self.text(name))
        except StudioError as error:
            raise StudioError(f'the parameter "{name}": {error}') from None

    def selected(self, name: str, table: tabular.Table, *, allow_empty: bool = False) -> list[str]:
        """The names of ``table``'s columns the column-picker parameter selects (errors name the parameter)."""
        try:
            return pickers.parse(self.text(name)).select(table, allow_empty=allow_empty)
        except StudioError as error:
            raise StudioError(f'the parameter "{name}": {error}') from None

    def script(self, name: str) -> str:
        """The text of a script parameter, read from the file its value names."""
        path = Path(self.text(name))
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise StudioError(f'the parameter "{name}": cannot read {path} ({error})') from None
