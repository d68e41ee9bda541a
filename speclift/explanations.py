"""The long explanation of each finding code: why it matters, a failing and a fixed example, how to suppress it.

The catalogue's rows (:mod:`speclift.codes`: id, name, default severity, summary) are read on every run; the
explanations are read only by ``speclift explain`` and the SARIF reporter, from ``explanations.yaml`` beside this
module, which has one entry per code of the catalogue. The file is checked when it is loaded: an entry for a code
the catalogue lacks, a code without an entry, or an entry of the wrong shape fails with
:class:`ExplanationError` (a packaging mistake, caught by the tests).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from speclift import codes
from speclift.codes import Code
from speclift.findings import Severity

try:  # libyaml reads the file in a tenth of the pure-Python loader's time
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DATA_FILE = Path(__file__).with_name("explanations.yaml")

# The commands that can report a code, in the order they are listed.
COMMANDS = ("validate", "convert", "scan", "diff")
# What an example is given to: `speclift validate`, `speclift convert`, or the configuration loader (its file is
# the configuration).
RUNS = ("validate", "convert", "config")


class ExplanationError(Exception):
    """explanations.yaml does not match the catalogue, or an entry has the wrong shape."""


class UnknownCode(LookupError):
    """No code has this id or name; ``suggestions`` holds the close ones."""

    def __init__(self, given: str, suggestions: list[str]) -> None:
        super().__init__(given)
        self.given = given
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class Example:
    """A spec that gets the code, and the same spec fixed (or, where no spec is the fix, the fix in words).

    ``file`` is the name it is checked under (detection reads it: ``MLproject``, ``polyaxonfile.yml``),
    ``spec_type`` the id of its spec type, ``run`` what reports the code (validate, convert, or config: the
    configuration loader),
    ``options`` the converter options it is converted with, ``files`` the files beside it that it names (a
    script, a conda file), with their text. A failing spec may be too broken to be detected as its type.
    """

    file: str
    spec_type: str | None  # None for a configuration file
    run: str
    failing: str
    fixed: str | None = None
    fix: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    fixed_spec_type: str | None = None  # where the fix is another format (an old spec migrated)

    @property
    def fixed_type(self) -> str | None:
        """The spec type of the fixed spec."""
        return self.fixed_spec_type or self.spec_type


@dataclass(frozen=True, slots=True)
class Explanation:
    """One code's explanation: the catalogue's row plus why it matters, and either an example or the situation
    that triggers it (codes about the file or the run rather than its content have no example)."""

    code: Code
    why: str
    reported_by: tuple[str, ...]
    example: Example | None = None
    situation: str | None = None
    suppress: str | None = None  # what differs from the usual ways of suppressing a finding
    inline: bool = True  # whether a `# speclift: disable=...` comment can suppress it

    @property
    def suppressible(self) -> bool:
        """Whether ``--ignore``, the configuration's ``ignore`` and inline comments apply: they are options of
        ``speclift validate``, and the configuration cannot ignore its own errors."""
        return "validate" in self.reported_by and self.code.code != "SL301"

    def ways_to_suppress(self) -> list[str]:
        """How to keep the finding out of a report, one way a line (markdown: code in backticks)."""
        code, name = self.code.code, self.code.name
        note = [self.suppress] if self.suppress else []
        if not self.suppressible:
            commands = " and ".join(f"`speclift {command}`" for command in self.reported_by)
            if self.code.code == "SL301":
                return note
            verb = "report" if len(self.reported_by) > 1 else "reports"
            return [
                f"{commands} always {verb} it: `--ignore`, the configuration's `ignore` and inline comments apply to "
                "`speclift validate` only.",
                *note,
            ]
        in_the_spec = [
            f"In the spec: `# speclift: disable={code}` after a value applies to its line, alone on a line to the line "
            f"below; `# speclift: disable-file={code}` to the whole file (the name `{name}` works too)."
        ]
        return [
            *(in_the_spec if self.inline else []),
            f"On the command line: `speclift validate --ignore {code}`.",
            f'In the configuration: `ignore = ["{code}"]` under `[tool.speclift]` in pyproject.toml, or '
            f"`ignore: [{code}]` in `.speclift.yaml`; in a `per-path` section for some files only.",
            *note,
        ]

    def severity_note(self) -> str:
        """The default severity, what it promises, and what it does to a run."""
        severity = self.code.severity
        meaning = f"{severity.label}: {codes.SEVERITY_MEANING[severity]}."
        if "validate" in self.reported_by:
            fails = "fails `speclift validate` at the default `--fail-on warning`"
            if severity == Severity.INFO:
                fails = "fails `speclift validate` only with `--fail-on info`"
            return f"{meaning} It {fails}."
        if severity == Severity.ERROR:
            return f"{meaning} `speclift convert` writes no output for the file and exits with status 1."
        return f"{meaning} It does not stop the conversion."


def explain(code_or_name: str) -> Explanation:
    """The explanation of a code given by its id (``SL101``, any case) or its name (``unknown-field``).

    Raises :class:`UnknownCode` (with the close ids and names) for anything else.
    """
    entry = codes.lookup(code_or_name.strip())
    if entry is None:
        raise UnknownCode(code_or_name, suggest(code_or_name))
    return explanations()[entry.code]


def suggest(given: str) -> list[str]:
    """Codes whose id or name is close to ``given``, as ``SL101 unknown-field``: the ids it begins (``SL10``), else
    the ids and names spelt alike (``SL1O1``, ``unkown-field``)."""
    text = given.strip()
    found = [code for code in codes.CODES if text and code.startswith(text.upper())][:5]
    if not found:
        found = difflib.get_close_matches(text.upper(), list(codes.CODES), n=3, cutoff=0.75)
        found += [
            codes.BY_NAME[name].code for name in difflib.get_close_matches(text.lower(), list(codes.BY_NAME), n=3, cutoff=0.6)
        ]
    return [f"{code} {codes.CODES[code].name}" for code in dict.fromkeys(found)]


@functools.cache
def explanations() -> dict[str, Explanation]:
    """Every code's explanation, in the catalogue's order (read and checked once)."""
    with DATA_FILE.open(encoding="utf-8") as stream:
        raw = yaml.load(stream, Loader=_Loader)  # a safe loader: plain data only
    return parse(raw, codes.CODES)


def parse(raw: Any, catalogue: dict[str, Code]) -> dict[str, Explanation]:
    """The explanations in ``raw`` (explanations.yaml, loaded), checked against ``catalogue``."""
    if not isinstance(raw, dict):
        raise ExplanationError(f"{DATA_FILE.name}: expected a mapping of codes, got {type(raw).__name__}")
    missing = [code for code in catalogue if code not in raw]
    unknown = [str(code) for code in raw if code not in catalogue]
    if missing or unknown:
        raise ExplanationError(
            f"{DATA_FILE.name} does not match the catalogue: "
            + "; ".join(part for part in (_listed("no entry for", missing), _listed("no such code", unknown)) if part)
        )
    return {code: _entry(entry, raw[code]) for code, entry in catalogue.items()}


def _listed(what: str, items: list[str]) -> str:
    return f"{what} {', '.join(items)}" if items else ""


_KEYS = {"why", "reported-by", "example", "situation", "suppress", "inline"}
_EXAMPLE_KEYS = {"file", "spec-type", "fixed-spec-type", "run", "options", "files", "failing", "fixed", "fix"}


def _entry(code: Code, raw: Any) -> Explanation:
    where = f"{DATA_FILE.name}: {code.code}"
    fields = _mapping(raw, where, required={"why", "reported-by"}, allowed=_KEYS)
    if ("example" in fields) == ("situation" in fields):
        raise ExplanationError(f"{where}: give either an example or the situation that triggers it")
    reported_by = fields["reported-by"]
    if not isinstance(reported_by, list) or not reported_by or not set(reported_by) <= set(COMMANDS):
        raise ExplanationError(f"{where}: reported-by lists commands among {', '.join(COMMANDS)}")
    example = _example(fields["example"], f"{where}.example") if "example" in fields else None
    inline = fields.get("inline", True)
    if not isinstance(inline, bool):
        raise ExplanationError(f"{where}.inline: true or false")
    return Explanation(
        code,
        _text(fields["why"], f"{where}.why"),
        tuple(command for command in COMMANDS if command in reported_by),
        example,
        _text(fields["situation"], f"{where}.situation") if "situation" in fields else None,
        _text(fields["suppress"], f"{where}.suppress") if "suppress" in fields else None,
        inline,
    )


def _example(raw: Any, where: str) -> Example:
    fields = _mapping(raw, where, required={"file", "run", "failing"}, allowed=_EXAMPLE_KEYS)
    if fields["run"] not in RUNS:
        raise ExplanationError(f"{where}.run: one of {', '.join(RUNS)}")
    if ("spec-type" in fields) == (fields["run"] == "config"):
        raise ExplanationError(f"{where}: a spec (run: validate or convert) names its spec-type, a configuration none")
    if ("fixed" in fields) == ("fix" in fields):
        raise ExplanationError(f"{where}: give either the fixed spec or, where no spec is the fix, the fix in words")
    options = fields.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, str) for v in options.values()):
        raise ExplanationError(f"{where}.options: a mapping of option names to text values")
    files = fields.get("files", {})
    if not isinstance(files, dict) or not all(_relative(name) and isinstance(text, str) for name, text in files.items()):
        raise ExplanationError(f"{where}.files: a mapping of relative file names to their text")
    return Example(
        file=_text(fields["file"], f"{where}.file"),
        spec_type=_text(fields["spec-type"], f"{where}.spec-type") if "spec-type" in fields else None,
        run=fields["run"],
        failing=_spec(fields["failing"], f"{where}.failing"),
        fixed=_spec(fields["fixed"], f"{where}.fixed") if "fixed" in fields else None,
        fix=_text(fields["fix"], f"{where}.fix") if "fix" in fields else None,
        fixed_spec_type=_text(fields["fixed-spec-type"], f"{where}.fixed-spec-type") if "fixed-spec-type" in fields else None,
        options=dict(options),
        files=dict(files),
    )


def _relative(name: Any) -> bool:
    return isinstance(name, str) and bool(name) and not name.startswith("/") and ".." not in name.split("/")


def _mapping(raw: Any, where: str, *, required: set[str], allowed: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ExplanationError(f"{where}: expected a mapping")
    absent, extra = sorted(required - set(raw)), sorted(set(raw) - allowed)
    if absent or extra:
        raise ExplanationError(f"{where}: " + "; ".join(p for p in (_listed("missing", absent), _listed("unknown", extra)) if p))
    return raw


def _text(value: Any, where: str) -> str:
    """Prose or a name: YAML's folded text, without the line break it ends with."""
    if not isinstance(value, str) or not value.strip():
        raise ExplanationError(f"{where}: expected non-empty text")
    return value.strip()


def _spec(value: Any, where: str) -> str:
    """An example's text, exactly as written (a literal block), ending with one line break."""
    if not isinstance(value, str) or not value.strip():
        raise ExplanationError(f"{where}: expected the text of a spec")
    return value.rstrip("\n") + "\n"
