"""``speclift schemas``: the shipped schemas for editors (``export``) and the settings that use them
(``editor-settings``)."""

from __future__ import annotations

import sys

import click

from speclift.cli.options import config_option, paths_argument
from speclift.reporters import formats

DEFAULT_SCHEMAS_DIR = ".speclift/schemas"


@click.group("schemas")
def schemas() -> None:
    """Give editors speclift's schemas: hovers, completion and the same schema verdicts as `speclift validate`.

    Azure ML files name Microsoft's published schemas in their `$schema:` key; speclift's are closer to what the
    SDK accepts. Export them once, then point the editor at them:

    \b
        speclift schemas export .speclift/schemas
        speclift schemas editor-settings . --write
    """


@schemas.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files in the way that an earlier export did not write.")
def export(folder: str, force: bool) -> None:
    """Write every spec type's schema into FOLDER as a self-contained file an editor loads offline
    (FOLDER/<family>/<version>/<name>.schema.json), and FOLDER/index.json listing them.

    Files an earlier export wrote are replaced; unchanged files are left as they are; anything else is kept
    unless --force. Nothing is written outside FOLDER.

    Exit status: 0 when every file is in place, 1 when one could not be written.
    """
    from speclift.reporters import reporter
    from speclift.schema_export import export_schemas

    result = export_schemas(folder, force=force)
    click.echo(reporter("schemas-export", "text")(result), nl=False)
    sys.exit(1 if result.problems else 0)


@schemas.command("editor-settings")
@paths_argument(allow_dash=False)
@click.option(
    "--schemas-dir",
    default=DEFAULT_SCHEMAS_DIR,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where `speclift schemas export` put the schemas: inside the workspace, relative to --root.",
)
@click.option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, exists=True),
    help="The workspace root (the folder the editor opens); paths in the settings are relative to it.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(formats("editor-settings")),
    default="vscode",
    show_default=True,
    help="vscode: the yaml.schemas settings as JSON; modeline: each file and its '# yaml-language-server: $schema=...' line.",
)
@click.option(
    "--write",
    is_flag=True,
    help="Merge the settings into ROOT/.vscode/settings.json (other keys kept; refused if it has comments or is a link).",
)
@click.option(
    "--add-modelines",
    "modelines",
    is_flag=True,
    help="Put the modeline at the top of each spec file (it outranks the file's own $schema: key).",
)
@config_option("Configuration file (default: nearest .speclift.yaml or pyproject.toml with [tool.speclift]).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files that got no schema, and why.")
def editor_settings(
    paths: tuple[str, ...],
    schemas_dir: str,
    root: str,
    output_format: str,
    write: bool,
    modelines: bool,
    config_path: str | None,
    verbose: bool,
) -> None:
    """Detect the specs in PATHS and print the editor settings that associate each with its exported schema.

    The settings are VS Code's `yaml.schemas` (the same key for every client of yaml-language-server: neovim,
    Helix, Zed, coc.nvim). yaml-language-server prefers a file's modeline, then its own `$schema:` key, over
    `yaml.schemas`: for Azure ML files that name Microsoft's schema, add the modelines.

    Exit status: 0 when done, 1 when a file could not be written, 2 on a usage error or settings that cannot be
    merged safely.
    """
    from speclift.config import ConfigError, find_config, load_config
    from speclift.editor import EditorError, add_modelines, detect_specs, write_vscode_settings
    from speclift.reporters import reporter
    from speclift.reporters.editor import modeline_summary, notes
    from speclift.reporters.text import render_findings

    try:
        config = load_config(config_path or find_config())
        settings = detect_specs(paths, root=root, schemas_dir=schemas_dir, config=config)
    except (ConfigError, EditorError) as exc:
        click.echo(f"speclift: {exc}", err=True)
        sys.exit(2)
    failed = False
    if write:
        try:
            path, problem, changed = write_vscode_settings(settings)
        except EditorError as exc:
            click.echo(f"speclift: {exc}", err=True)
            sys.exit(2)
        if problem is not None:
            click.echo(render_findings([problem]), nl=False, err=True)
            failed = True
        else:
            click.echo(f"{'merged into' if changed else 'already in'} {path}", err=True)
    if modelines:
        changed_files, left, problems = add_modelines(settings)
        click.echo(render_findings(problems), nl=False, err=True)
        failed = failed or bool(problems)
        click.echo(modeline_summary(changed_files, left), nl=False, err=True)
    if not write and not modelines:
        click.echo(reporter("editor-settings", output_format)(settings), nl=False)
    click.echo(notes(settings, verbose=verbose), nl=False, err=True)
    sys.exit(1 if failed else 0)
