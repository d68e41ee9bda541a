"""The ``speclift`` command: a click group whose commands only parse options, call the library and report."""

from __future__ import annotations

import click

from speclift import __version__
from speclift.cli.codes_command import codes_command
from speclift.cli.convert import convert
from speclift.cli.diff import diff, normalize
from speclift.cli.scan import scan
from speclift.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="speclift")
def main() -> None:
    """Validate, convert and diff ML job specs: Azure ML `az ml` v2 YAML and Polyaxon v1 polyaxonfiles.

    Everything runs offline: the JSON Schemas ship with speclift.
    """


main.add_command(validate)
main.add_command(convert)
main.add_command(scan)
main.add_command(codes_command)
main.add_command(diff)
main.add_command(normalize)
