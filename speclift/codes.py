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


# The severity contract: what a default severity promises. `--fail-on` (default: warning) is the CI knob on top of it.
SEVERITY_MEANING = {
    Severity.ERROR: "the platform refuses the file (at load, at submission, at compile or when the run starts), or "
    "speclift could not check it at all",
    Severity.WARNING: "the platform accepts the file but it is very likely a mistake",
    Severity.INFO: "a note (skipped files, nothing to do)",
}
SEVERITY_CONTRACT = "; ".join(f"{severity.label}: {meaning}" for severity, meaning in SEVERITY_MEANING.items()) + "."

# One code a row: id, name, default severity, then the summary (the rest of the row; the README's table shows it).
# Lines starting with `#` group the rows for the reader, or say what the official tools do where a severity could be
# argued (azure-ai-ml 1.35 and polyaxon 1.20 both read files with yaml.safe_load).
_CATALOGUE = """
# Reading and parsing: the file could not be turned into documents.
SL001  yaml-syntax                error    The file is not valid YAML.
# safe_load keeps the last of two equal keys and both platforms accept the file: a warning.
SL002  duplicate-key              warning  A mapping has the same key twice; the platforms' YAML loaders keep the last one silently.
SL003  not-text                   error    The file is binary or not valid UTF-8/UTF-16/UTF-32 text.
SL004  empty                      info     The file or document is empty; there is nothing to validate.
SL005  too-large                  error    The file is larger than the configured limit (`max-file-size`).
SL006  too-complex                error    Aliases or nesting expand beyond the configured limits (for example a 'billion laughs' file).
SL007  unreadable                 error    The file cannot be read (permissions, a broken link, a link loop, a special file).
# safe_load raises a ConstructorError on a tag it cannot construct.
SL008  unknown-tag                error    A YAML tag such as `!Ref` that the platform's loaders cannot construct.
SL009  internal-error             error    speclift itself failed on this file; the other files are still checked. Please report it.
# Detection: what kind of spec is this?
SL010  unknown-kind               error    The document looks like a spec of a known platform but its kind or type is not one that platform accepts.
SL011  not-a-spec                 info     The YAML file is not a job spec (a CI workflow, a conda file, ...) and was skipped.
# SL012 is a migration notice, not a broken file: it targets the older platform (azureml-core, polyaxon 0.x).
SL012  legacy-spec                warning  The file is an old-format spec (Polyaxon v0, Azure ML v1) that current platforms no longer accept.
# Inline configuration: `# speclift: disable=...` comments.
SL013  bad-suppression            warning  A `# speclift: disable=...` comment names a code or rule that does not exist, or suppresses nothing.
# Schema: the document breaks its spec type's JSON Schema.
SL101  unknown-field              error    A key the spec type does not have; the platform rejects it.
SL102  missing-field              error    A required key is missing.
SL103  wrong-type                 error    A value has the wrong type (a string where a number is expected, ...).
SL104  bad-value                  error    A value is not one of the allowed values.
SL105  bad-format                 error    A value does not match the required pattern (names, references, ...).
SL106  bad-range                  error    A number, string or list is out of its allowed range or size.
# azure-ai-ml keeps unknown keys on a node that references a component (its node schemas pass them through).
SL107  passed-through-field       warning  A key the platform accepts but never reads (an unknown key on a pipeline node that references a component, or in a Polyaxon 1.x deployment config's service section): very likely a typo.
SL109  schema-other               error    Any other JSON Schema violation.
# Semantic rules: what a schema cannot express.
SL201  unknown-binding            error    `${{inputs.x}}`, `${{outputs.y}}` or `${{search_space.k}}` names something that is not declared.
SL202  unresolved-parent-binding  error    `${{parent.inputs.x}}` or `${{parent.jobs.j.outputs.o}}` does not resolve in the pipeline.
SL203  bad-binding                error    A `${{...}}` expression that is not a binding the platform understands.
# load_job refuses a missing `code` or `conda_file` ("No such file or directory").
SL204  path-not-found             error    A local path (code, conda file, component file, model path, build context) does not exist relative to the file.
# polyaxon 1.20 refuses to render an attribute or item of an undeclared name (`{{ x.path }}`, `{{ params.x.as_arg }}`:
# "'x' is undefined") but renders a bare undeclared `{{ name }}` as an empty string and runs (SL211).
SL205  unknown-template           error    A Polyaxon template uses an attribute or item of an undeclared name (`{{ x.path }}`, `{{ params.x.as_arg }}`); Polyaxon refuses to render it.
# An undeclared matrix parameter: the operation compiles and runs with the input's default. Inputs declared twice: the
# last one wins (checked with apply_runtime_contexts); duplicate DAG operation names pass process_dag.
SL206  undeclared-matrix-param    warning  A Polyaxon matrix parameter is not a declared input of the component it runs.
SL207  duplicate-name             warning  Two inputs, outputs or operations share a name; the last one wins.
SL208  pipeline-cycle             error    Pipeline jobs or DAG operations depend on each other in a circle, so none of them can start.
SL209  unknown-operation          error    A Polyaxon DAG operation depends on, or takes a param from, an operation the DAG does not have.
SL210  unclosed-binding           warning  A `${{` that nothing closes: the platform passes it on as plain text.
SL211  empty-template             warning  A Polyaxon `{{ name }}` template names nothing declared; Polyaxon accepts the file and renders it as an empty string.
# MLflow projects (MLproject files): what mlflow 3.18 refuses when it loads or runs the project, or runs wrongly.
SL212  bad-command-template       error    An MLproject command names a parameter its entry point does not declare, or is no valid template (a lone `{`); MLflow fails when it runs.
SL213  conflicting-fields         error    An MLproject combines fields MLflow refuses together: two environment fields, or a Databricks Spark job with an environment or a `path` parameter.
SL214  bad-uri-default            error    The default of an MLproject `uri` parameter has no scheme; MLflow refuses to run the entry point with it.
SL215  suspicious-parameter       warning  An MLproject parameter that is very likely not what was meant: a type MLflow does not know (it passes the value through as text), a default that is not what its type says (a `float` that is no number, a local `path` that does not exist).
# polyaxon 2.x reads `version: 1.1` files too, stricter: what 2.18 refuses (or reads otherwise) and 1.20 accepted.
SL216  polyaxon-v2-incompatible   warning  A Polyaxon `version: 1.1` file that polyaxon 1.x accepts and 2.x rejects or reads differently (a hyperopt matrix, a dask or ray run, a run kind 2.x removed, a count written as a string or float, an input type whose values 2.18 cannot parse); `speclift convert --to polyaxon-v2` upgrades it or says what a person decides.
# Conversion.
SL401  approximated               warning  Converted, but the new format can only approximate the old meaning; check the output.
SL402  no-equivalent              warning  The new format cannot express this field; it was left out of the output.
SL403  already-current            info     The file is already in the current format; converting it changes nothing.
SL404  cannot-convert             error    The file cannot be converted (it is broken in its own format, or needs a decision only a person can make).
SL405  unaccounted                error    A field of the source was neither mapped nor reported by the converter (a speclift bug: please report it).
SL406  invalid-output             error    The converted output does not validate (a speclift bug, or a problem the source already had).
SL407  no-converter               error    speclift recognises this old format but has no converter for it yet.
SL408  output-exists              error    The output file exists; it is only overwritten with --force.
SL409  fixed                      info     A mistake the old tool silently tolerated was fixed on the way (a typo such as `gpu.request`).
SL410  read-outside               error    A file the spec names (run configuration, conda file, inference configuration) is outside the repository being converted; it was not read (`--allow-outside-reads` reads it).
# Where v1 said things outside the file: the command line (kept in the repository's CI files) and the project folder.
SL411  from-repository            info     A value the conversion took from the repository rather than from the file: a CI invocation of the v1 CLI or of mlflow run (file:line), or the project folder v1 resolved paths against.
# `az ml job create` refuses a `code` or `conda_file` that does not exist (FileNotFoundError at load).
SL412  missing-local-path         error    An output names a local path (code, conda file, scoring script, model) that does not exist in the repository, or leaves it; the source field that named it is shown.
SL413  suspicious-value           warning  A value the platform accepts that very likely does not work: a Windows path where the job runs on Linux, a template placeholder such as `<subscription-id>` left in.
SL414  comment-dropped            info     A comment of the source has no place in the output (the field it was on went nowhere); the finding quotes it at its line.
SL415  needs-person               warning  Converted, but a part has no automatic equivalent: the output holds a placeholder that fails loudly until a person rebuilds it (a Studio (classic) module speclift has no program for, a custom module, a web service's scoring script).
SL420  unsafe-output              error    The output path would leave the output folder or write through a symbolic link; nothing was written.
SL421  write-failed               error    The output could not be written (permissions, disk full, the source changed meanwhile); the source is untouched.
# Configuration.
SL301  bad-config                 error    The speclift configuration (`[tool.speclift]` or `.speclift.yaml`) is invalid.
"""


def _parse(catalogue: str) -> list[Code]:
    """The catalogue's rows as codes, in order; a row without its four parts, or an unknown severity, fails the import."""
    rows = [line for line in catalogue.splitlines() if line and not line.startswith("#")]
    return [
        Code(code, name, Severity[severity.upper()], summary)
        for code, name, severity, summary in (row.split(maxsplit=3) for row in rows)
    ]


_CODES = _parse(_CATALOGUE)

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
    # The finding's fields in their declared order, the catalogue's two among them.
    return Finding(code, entry.severity, message, path, line, column, pointer, hint, document, rule=entry.name)
