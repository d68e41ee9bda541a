"""Options several commands share, declared once so that their names, defaults and help read the same everywhere."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from speclift import exit_codes
from speclift.reporters import formats

if TYPE_CHECKING:
    from speclift.config import Config

F = TypeVar("F", bound=Callable[..., Any])


def paths_argument(*, required: bool = True, allow_dash: bool = True, must_exist: bool = True) -> Callable[[F], F]:
    """``PATHS...``; a path that does not exist is a usage error (exit 2) in every command, as click makes it."""
    return click.argument(
        "paths",
        nargs=-1,
        required=required,
        type=click.Path(allow_dash=allow_dash),
        callback=(lambda _ctx, param, paths: existing(paths, param)) if must_exist else None,
    )


def existing(paths: Sequence[str], param: click.Parameter | None = None) -> Sequence[str]:
    """``paths``, after checking that each exists (``-`` is standard input). A broken symbolic link exists: reading
    it is what fails, and that is told about the file (SL007)."""
    missing = [path for path in paths if path != "-" and not os.path.lexists(path)]
    if missing:
        raise click.BadParameter(f"no such file or folder: {', '.join(missing)}", param=param)
    return paths


def format_option(kind: str, default: str = "text", help: str = "Output format.") -> Callable[[F], F]:
    """``--format``, its choices the formats the reporter table has for ``kind`` (validate, diff, scan)."""
    choices = click.Choice(sorted(formats(kind)) if kind == "validate" else formats(kind))
    return click.option("--format", "output_format", type=choices, default=default, show_default=True, help=help)


def quiet_option(what: str) -> Callable[[F], F]:
    """``-q/--quiet``: ``what`` the command still prints (the text formats only; json, github, gitlab, junit, sarif
    and markdown are for machines and documents and never change)."""
    return click.option("-q", "--quiet", is_flag=True, help=what)


def color_option() -> Callable[[F], F]:
    from speclift.cli.output import COLOR_CHOICES

    return click.option(
        "--color",
        "color",
        type=click.Choice(COLOR_CHOICES),
        default="auto",
        show_default=True,
        help="Colour severities and verdicts in text output: auto (on a terminal, unless NO_COLOR is set), always, never.",
    )


def require_specs_option() -> Callable[[F], F]:
    return click.option(
        "--require-specs",
        is_flag=True,
        help="Fail (exit 1) when a named path holds no spec: for CI, where a mistyped folder or glob would pass silently.",
    )


def config_option(help: str = "Configuration file (default: the nearest one).") -> Callable[[F], F]:
    return click.option("--config", "config_path", type=click.Path(dir_okay=False), help=help)


def jobs_option(what: str) -> Callable[[F], F]:
    return click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help=f"{what} in N processes.")


def allow_outside_reads_option() -> Callable[[F], F]:
    """Only a flag, no configuration key: the configuration lives in the repository whose specs it would trust."""
    return click.option(
        "--allow-outside-reads",
        is_flag=True,
        help="Read files a spec names (run configurations, conda files, ...) even outside the repository "
        "(its git work tree, else the folders named); without it such a file is refused (SL410).",
    )


# The values converters' `to` options take (the registry's; tests/test_cli.py checks the list against it).
TARGETS = ("azureml", "polyaxon", "polyaxon-v1", "polyaxon-v2")


def target_option() -> Callable[[F], F]:
    return click.option(
        "--to",
        "target",
        type=click.Choice(TARGETS),
        help="The target of sources that have several (MLproject: azureml, the default, polyaxon or polyaxon-v2; "
        "Polyaxon v0 files: polyaxon-v1, the default, or polyaxon-v2; version 1.1 files: polyaxon-v2 upgrades them "
        "for polyaxon 2.x); short for -O to=...",
    )


def with_target(options: tuple[str, ...], target: str | None) -> tuple[str, ...]:
    """The ``-O`` assignments with ``--to`` added as the ``to`` option it is short for."""
    return (*options, *([f"to={target}"] if target else []))


def load_options(config_path: str | None, options: tuple[str, ...]) -> tuple[Config, dict[str, dict[str, str]]]:
    """The configuration and the converter options it and -O give (exit 2 on a bad configuration)."""
    from speclift.config import ConfigError, find_config, load_config

    try:
        config = load_config(config_path or find_config())
    except ConfigError as exc:
        click.echo(f"speclift: {exc}", err=True)
        sys.exit(exit_codes.USAGE.code)
    from speclift.converters import options_with_assignments

    try:
        chosen = options_with_assignments(config.convert_options, options)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--option") from None
    return config, chosen
