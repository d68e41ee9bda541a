"""``speclift convert``."""

from __future__ import annotations

import os
import sys

import click


@click.command()
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of standard output (extra outputs get a suffix)."
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option(
    "-O",
    "--option",
    "options",
    multiple=True,
    metavar="NAME=VALUE",
    help="A converter option (repeatable); `speclift convert --list-options` shows them.",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file (default: the nearest one).")
@click.option(
    "--list-options",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda ctx, _p, v: _list_options(ctx, v),
    help="List every converter's options and exit.",
)
def convert(source: str, output: str | None, force: bool, options: tuple[str, ...], config_path: str | None) -> None:
    """Convert an old-format spec (Polyaxon v0 polyaxonfile, ...) to the current format.

    The converted YAML goes to standard output (or --output); findings (approximations, fields the new format cannot
    express) go to standard error with the source's line and column. Exit status: 0 converted (or nothing to do),
    1 not converted or the output failed validation, 2 usage or configuration error.
    """
    from speclift.config import ConfigError, find_config, load_config
    from speclift.converting import convert_file, convert_text, output_path, write_atomically
    from speclift.reporters.text import render_findings

    try:
        config = load_config(config_path or find_config())
    except ConfigError as exc:
        click.echo(f"speclift: {exc}", err=True)
        sys.exit(2)
    chosen = {source_type: dict(values) for source_type, values in config.convert_options.items()}
    for item in options:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--option")
        for values in _all_sources(chosen):
            values[name.strip()] = value.strip()
    output_dir = os.path.dirname(os.path.abspath(output)) if output else None  # local paths follow the output
    if source == "-":
        result = convert_text(sys.stdin.read(), os.path.join(os.getcwd(), "<stdin>"), chosen, output_dir)
    else:
        result = convert_file(source, chosen, output_dir)
    problems = list(result.findings)
    if result.ok and not result.already_current:
        for rendered in result.outputs:
            text = rendered.text
            if output is None:
                click.echo(("---\n" if rendered is not result.outputs[0] else "") + text, nl=False)
                continue
            target = output_path(source, rendered.suffix, output)
            refused = write_atomically(target, text, force=force)
            if refused is not None:
                problems.append(refused)
    click.echo(render_findings(problems), nl=False, err=True)
    failed = not result.ok or any(p.code == "SL408" for p in problems)
    sys.exit(1 if failed else 0)


def _all_sources(chosen: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """-O applies to whichever converter runs; options unknown to it are refused there."""
    from speclift.converters import CONVERTERS

    return [chosen.setdefault(source_type, {}) for source_type in CONVERTERS]


def _list_options(ctx: click.Context, value: bool) -> None:
    if not value:
        return
    from speclift.converters import CONVERTERS, converter_for

    for source_type in CONVERTERS:
        module = converter_for(source_type)
        assert module is not None
        click.echo(f"{source_type} -> {', '.join(module.TARGETS)}")
        for name, option in module.OPTIONS.items():
            choices = f" ({'|'.join(option.choices)})" if option.choices else ""
            click.echo(f"  {name}{choices}, default {option.default!r}: {option.help}")
    ctx.exit(0)
