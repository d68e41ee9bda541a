"""What ``speclift schemas export`` and ``speclift schemas editor-settings`` print."""

from __future__ import annotations

import json

from speclift.editor import EditorSettings, Skipped
from speclift.reporters.text import render_findings
from speclift.schema_export import ExportResult, Outcome


def export_text(result: ExportResult) -> str:
    """One line per file that changed or was kept, then a count of each outcome."""
    lines = [f"{file.outcome.value}: {result.folder}/{file.path}" for file in result.files if file.outcome != Outcome.UNCHANGED]
    lines.extend(render_findings(result.problems).splitlines())
    counts = {outcome: sum(1 for f in result.files if f.outcome == outcome) for outcome in Outcome}
    summary = ", ".join(f"{count} {outcome.value}" for outcome, count in counts.items() if count)
    lines.append(f"{len(result.files)} files in {result.folder}: {summary or 'nothing to do'}")
    return "\n".join(lines) + "\n"


def vscode(settings: EditorSettings) -> str:
    """The settings as JSON, to paste into ``.vscode/settings.json`` (or a client's ``yaml`` settings)."""
    return json.dumps(settings.settings(), indent=4, ensure_ascii=False) + "\n"


def modelines(settings: EditorSettings) -> str:
    """Each file and the modeline that associates it with its schema, tab-separated."""
    return "".join(f"{spec.path}\t{spec.modeline}\n" for spec in settings.files)


def modeline_summary(changed: list[str], left: list[Skipped]) -> str:
    lines = [f"left alone: {skipped.path}: {skipped.reason}" for skipped in left]
    lines.append(f"modelines added or updated in {len(changed)} files")
    return "\n".join(lines) + "\n"


def notes(settings: EditorSettings, *, verbose: bool = False) -> str:
    """What the user should know beside the settings (for standard error): schemas not exported yet, files whose
    own ``$schema:`` key outranks the settings, and (verbose) the files that got no schema and why."""
    lines: list[str] = []
    if settings.missing:
        lines.append(
            f"note: {len(settings.missing)} of the schemas named are not in {settings.schemas_folder} yet: "
            f"run `speclift schemas export {settings.schemas_folder}`"
        )
    dollar = [spec.path for spec in settings.files if spec.dollar_schema]
    if dollar:
        lines.append(
            f"note: {len(dollar)} files have a `$schema:` key, which recent yaml-language-server releases prefer over "
            "yaml.schemas: give them the modeline (--add-modelines) for speclift's schema to win"
        )
    if verbose:
        lines.extend(f"skipped: {skipped.path}: {skipped.reason}" for skipped in settings.skipped)
    lines.append(f"{len(settings.files)} specs mapped to {len(settings.schemas)} schemas, {len(settings.skipped)} files skipped")
    return "\n".join(lines) + "\n"
