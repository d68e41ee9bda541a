"""The catalogue of finding codes: stable ids, default severities and the text the README's table is built from.

Codes never change meaning once released; a retired code is kept here, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from speclift.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


_CODES = [
    # Reading and parsing: the file could not be turned into documents.
    Code("SL001", "yaml-syntax", Severity.ERROR, "The file is not valid YAML."),
    Code("SL002", "duplicate-key", Severity.ERROR, "A mapping has the same key twice; YAML loaders keep the last one silently."),
    Code("SL003", "not-text", Severity.ERROR, "The file is binary or not valid UTF-8/UTF-16/UTF-32 text."),
    Code("SL004", "empty", Severity.INFO, "The file or document is empty; there is nothing to validate."),
    Code("SL005", "too-large", Severity.ERROR, "The file is larger than the configured limit (`max-file-size`)."),
    Code(
        "SL006",
        "too-complex",
        Severity.ERROR,
        "Aliases or nesting expand beyond the configured limits (for example a 'billion laughs' file).",
    ),
    Code(
        "SL007",
        "unreadable",
        Severity.ERROR,
        "The file cannot be read (permissions, a broken link, a link loop, a special file).",
    ),
    Code("SL008", "unknown-tag", Severity.ERROR, "A YAML tag such as `!Ref` that the platform's loaders cannot construct."),
    Code(
        "SL009",
        "internal-error",
        Severity.ERROR,
        "speclift itself failed on this file; the other files are still checked. Please report it.",
    ),
    # Detection: what kind of spec is this?
    Code(
        "SL010",
        "unknown-kind",
        Severity.ERROR,
        "The document looks like a spec of a known platform but its kind or type is not one that platform accepts.",
    ),
    Code(
        "SL011",
        "not-a-spec",
        Severity.INFO,
        "The YAML file is not a job spec (a CI workflow, a conda file, ...) and was skipped.",
    ),
    Code(
        "SL012",
        "legacy-spec",
        Severity.WARNING,
        "The file is an old-format spec (Polyaxon v0, Azure ML v1) that current platforms no longer accept.",
    ),
    # Schema: the document breaks its spec type's JSON Schema.
    Code("SL101", "unknown-field", Severity.ERROR, "A key the spec type does not have; the platform rejects it."),
    Code("SL102", "missing-field", Severity.ERROR, "A required key is missing."),
    Code("SL103", "wrong-type", Severity.ERROR, "A value has the wrong type (a string where a number is expected, ...)."),
    Code("SL104", "bad-value", Severity.ERROR, "A value is not one of the allowed values."),
    Code("SL105", "bad-format", Severity.ERROR, "A value does not match the required pattern (names, references, ...)."),
    Code("SL106", "bad-range", Severity.ERROR, "A number, string or list is out of its allowed range or size."),
    Code("SL109", "schema-other", Severity.ERROR, "Any other JSON Schema violation."),
    # Semantic rules: what a schema cannot express.
    Code(
        "SL201",
        "unknown-binding",
        Severity.ERROR,
        "`${{inputs.x}}`, `${{outputs.y}}` or `${{search_space.k}}` names something that is not declared.",
    ),
    Code(
        "SL202",
        "unresolved-parent-binding",
        Severity.ERROR,
        "`${{parent.inputs.x}}` or `${{parent.jobs.j.outputs.o}}` does not resolve in the pipeline.",
    ),
    Code("SL203", "bad-binding", Severity.ERROR, "A `${{...}}` expression that is not a binding the platform understands."),
    Code(
        "SL204",
        "path-not-found",
        Severity.ERROR,
        "A local path (code, conda file, component file, model path, build context) does not exist relative to the file.",
    ),
    Code(
        "SL205",
        "unknown-template",
        Severity.ERROR,
        "A Polyaxon `{{ name }}` template names neither a declared input/output nor a known global.",
    ),
    Code(
        "SL206",
        "undeclared-matrix-param",
        Severity.ERROR,
        "A Polyaxon matrix parameter is not a declared input of the component it runs.",
    ),
    Code("SL207", "duplicate-name", Severity.ERROR, "Two inputs, outputs or operations share a name."),
    # Conversion.
    Code(
        "SL401",
        "approximated",
        Severity.WARNING,
        "Converted, but the new format can only approximate the old meaning; check the output.",
    ),
    Code("SL402", "no-equivalent", Severity.WARNING, "The new format cannot express this field; it was left out of the output."),
    Code("SL403", "already-current", Severity.INFO, "The file is already in the current format; converting it changes nothing."),
    Code(
        "SL404",
        "cannot-convert",
        Severity.ERROR,
        "The file cannot be converted (it is broken in its own format, or needs a decision only a person can make).",
    ),
    Code(
        "SL405",
        "unaccounted",
        Severity.ERROR,
        "A field of the source was neither mapped nor reported by the converter (a speclift bug: please report it).",
    ),
    Code(
        "SL406",
        "invalid-output",
        Severity.ERROR,
        "The converted output does not validate (a speclift bug, or a problem the source already had).",
    ),
    Code("SL407", "no-converter", Severity.ERROR, "speclift recognises this old format but has no converter for it yet."),
    Code("SL408", "output-exists", Severity.ERROR, "The output file exists; it is only overwritten with --force."),
    Code(
        "SL409",
        "fixed",
        Severity.INFO,
        "A mistake the old tool silently tolerated was fixed on the way (a typo such as `gpu.request`).",
    ),
    Code(
        "SL420",
        "unsafe-output",
        Severity.ERROR,
        "The output path would leave the output folder or write through a symbolic link; nothing was written.",
    ),
    Code(
        "SL421",
        "write-failed",
        Severity.ERROR,
        "The output could not be written (permissions, disk full, the source changed meanwhile); the source is untouched.",
    ),
    # Configuration.
    Code("SL301", "bad-config", Severity.ERROR, "The speclift configuration (`[tool.speclift]` or `.speclift.yaml`) is invalid."),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}
BY_NAME: dict[str, Code] = {c.name: c for c in _CODES}


def lookup(code_or_name: str) -> Code | None:
    """Find a code by its id (``SL101``) or its name (``unknown-field``)."""
    return CODES.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())


def make(
    code: str,
    message: str,
    path: str,
    line: int = 0,
    column: int = 0,
    pointer: str = "",
    hint: str | None = None,
    document: int = 0,
) -> Finding:
    """Create a finding, stamping the code's name and default severity from the catalogue."""
    entry = CODES[code]
    return Finding(
        code=code,
        severity=entry.severity,
        message=message,
        path=path,
        line=line,
        column=column,
        pointer=pointer,
        hint=hint,
        document=document,
        rule=entry.name,
    )
