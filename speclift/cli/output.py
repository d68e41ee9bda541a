"""How the commands talk to a terminal: whether to colour (``--color``, NO_COLOR, is the stream a terminal), the
:class:`~speclift.reporters.view.View` the text reporters get, and the line saying a named path holds no spec.

Reporters never look at a terminal: everything they need to know about it is decided here, once per stream.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from typing import TextIO

import click

from speclift.findings import Severity, printable
from speclift.reporters.view import View

COLOR_CHOICES = ("auto", "always", "never")


def wants_colour(choice: str, stream: TextIO) -> bool:
    """``always`` and ``never`` as said; ``auto`` colours a terminal (not a pipe, a file or ``TERM=dumb``) unless
    NO_COLOR is set to anything but the empty string (https://no-color.org). ``always`` wins over NO_COLOR, as a
    command-line flag wins over the environment."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    return _terminal(stream) and os.environ.get("TERM") != "dumb"


def _terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def terminal_width(stream: TextIO) -> int | None:
    """The width tables fit: COLUMNS when set (as shutil reads it), else the terminal's; None for a pipe or a file,
    where a table keeps every cell whole (a script or a file gets the same text on every machine). A COLUMNS of 0 or
    less, or no number, is no width, as shutil takes it (it would otherwise give a pipe its fallback, 80)."""
    if not (_columns_set() or _terminal(stream)):
        return None
    columns = shutil.get_terminal_size().columns
    return columns if columns > 0 else None


def _columns_set() -> bool:
    try:
        return int(os.environ.get("COLUMNS", "")) > 0
    except ValueError:
        return False


def view(*, quiet: bool = False, color: str = "auto", err: bool = False, fail_on: Severity = Severity.ERROR) -> View:
    """The view of standard output (or, with ``err``, standard error) for these options; ``fail_on``: the least
    severe finding that fails the run, which the text output shows without ``-v`` too."""
    stream = sys.stderr if err else sys.stdout
    return View(quiet=quiet, color=wants_colour(color, stream), width=terminal_width(stream), fail_on=fail_on)


def echo(text: str, shown: View, *, err: bool = False) -> None:
    """``text`` as it is, coloured or not as ``shown`` says (click would otherwise strip colours from a pipe even
    under ``--color always``, and let them through to a terminal under ``--color never``)."""
    click.echo(text, nl=False, err=err, color=shown.color)


def tell_without_specs(paths: Sequence[str]) -> None:
    """One line on standard error naming the paths that hold no spec (nothing when there are none): a mistyped folder
    or glob must not pass in silence. ``--require-specs`` makes it fail the run."""
    if paths:
        click.echo(f"speclift: no specs found in {', '.join(printable(path) for path in paths)}", err=True)
