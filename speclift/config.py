"""speclift's configuration: ``[tool.speclift]`` in pyproject.toml or a ``.speclift.yaml``, itself validated.

Example (TOML)::

    [tool.speclift]
    ignore = ["SL011", "unknown-binding"]   # codes or names
    check-paths = true
    fail-on = "warning"                     # info | warning | error
    exclude = ["legacy/**"]

    [tool.speclift.convert.polyaxon-v0]     # converter options, one table per section (README: Converter options)
    build-mode = "inline"

    [tool.speclift.diff]
    ignore = ["/tags/**"]                    # JSON-pointer patterns or paths `speclift diff` leaves out
    identity = { "/run/container/env" = "name" }  # how list items are matched

    [[tool.speclift.per-path]]
    paths = ["deploy/**"]
    schema = "managed-online-deployment"
    ignore = ["SL204"]
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Any

from speclift import codes, yamlio
from speclift.discovery import DEFAULT_INCLUDE
from speclift.findings import Finding, Severity

CONFIG_FILES = (".speclift.yaml", ".speclift.yml", "pyproject.toml")


class ConfigError(Exception):
    """The configuration is unusable; carries a located finding (exit code 2)."""

    def __init__(self, finding: Finding) -> None:
        hint = f" ({finding.hint})" if finding.hint else ""
        super().__init__(f"{finding.location}: {finding.message}{hint}")
        self.finding = finding


@dataclass(frozen=True, slots=True)
class Settings:
    """What applies to one file once the per-path sections are merged in."""

    ignore: frozenset[str] = frozenset()
    check_paths: bool = True
    schema: str | None = None
    fail_on: Severity = Severity.WARNING
    limits: yamlio.Limits = yamlio.DEFAULT_LIMITS
    inline_config: bool = True  # `# speclift: disable=...` comments apply (off: --no-inline-config)


@dataclass(frozen=True, slots=True)
class PerPath:
    patterns: tuple[str, ...]
    values: dict[str, Any]


@dataclass(slots=True)
class Config:
    settings: Settings = field(default_factory=Settings)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    per_path: tuple[PerPath, ...] = ()
    root: str = "."
    source: str | None = None
    convert_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # source spec-type id -> options
    diff_identity: dict[str, Any] = field(default_factory=dict)  # list pointer pattern -> identity field(s)
    diff_ignore: tuple[str, ...] = ()  # pointer patterns or path globs `speclift diff` leaves out

    def settings_for(self, path: str) -> Settings:
        """The settings for ``path``: the global ones, then each matching per-path section in order."""
        settings = self.settings
        if not self.per_path:
            return settings
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(os.sep, "/")
        for section in self.per_path:
            if any(fnmatch.fnmatch(relative, pattern) for pattern in section.patterns):
                settings = _apply(settings, section.values)
        return settings

    def with_overrides(self, **values: Any) -> Config:
        """Command-line options win over the file."""
        given = {k: v for k, v in values.items() if v is not None}
        return replace(self, settings=_apply(self.settings, given))


def _normalise_codes(names: list[str], source: str) -> frozenset[str]:
    known: set[str] = set()
    for name in names:
        entry = codes.lookup(name)
        if entry is None:
            raise ConfigError(
                codes.make("SL301", f"unknown finding code {name!r} in ignore", source, hint="see `speclift codes`")
            )
        known.add(entry.code)
    return frozenset(known)


def _apply(settings: Settings, values: dict[str, Any]) -> Settings:
    changes: dict[str, Any] = {}
    if "ignore" in values:
        changes["ignore"] = settings.ignore | _normalise_codes(list(values["ignore"]), "configuration")
    if "check-paths" in values:
        changes["check_paths"] = bool(values["check-paths"])
    if "schema" in values:
        changes["schema"] = values["schema"]
    if "inline-config" in values:
        changes["inline_config"] = bool(values["inline-config"])
    if "fail-on" in values:
        changes["fail_on"] = values["fail-on"] if isinstance(values["fail-on"], Severity) else Severity.parse(values["fail-on"])
    if "max-file-size" in values:
        changes["limits"] = replace(settings.limits, max_file_size=int(values["max-file-size"]))
    return replace(settings, **changes)


def find_config(start: str = ".") -> str | None:
    """The nearest configuration file from ``start`` upwards (a pyproject.toml counts only with [tool.speclift])."""
    folder = os.path.abspath(start)
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_tool_section(path: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "[tool.speclift" in handle.read()
    except OSError:
        return False


def load_config(path: str | None) -> Config:
    """Read and validate a configuration file; ``None`` gives the defaults."""
    if path is None:
        return Config()
    raw, document = _read(path)
    from speclift.schemas import fast_validator

    schema_file = "speclift/config.schema.json"
    if not fast_validator(schema_file).is_valid(raw):
        from speclift.validation.schema import validate as schema_validate

        problems = schema_validate(document, schema_file, path)
        first = problems[0]
        raise ConfigError(
            replace(
                codes.make("SL301", f"invalid configuration: {first.message}", path, first.line, first.column, first.pointer),
                hint=first.hint,
            )
        )
    for name in raw.get("ignore", []):
        _normalise_codes([name], path)
    config = Config(root=os.path.dirname(os.path.abspath(path)), source=path)
    config.settings = _apply(config.settings, raw)
    config.include = tuple(raw.get("include", DEFAULT_INCLUDE))
    config.exclude = tuple(raw.get("exclude", ()))
    config.convert_options = _convert_options(raw.get("convert", {}), config.root)
    config.diff_identity = dict(raw.get("diff", {}).get("identity", {}))
    config.diff_ignore = tuple(raw.get("diff", {}).get("ignore", ()))
    config.per_path = tuple(
        PerPath(tuple(s["paths"]), {k: v for k, v in s.items() if k != "paths"}) for s in raw.get("per-path", [])
    )
    for number, section in enumerate(config.per_path):
        _apply(config.settings, section.values)  # surfaces bad codes now, not on the first matching file
        _check_spec_type(section.values, f"/per-path/{number}", path, document)
    _check_spec_type(raw, "", path, document)
    return config


def _check_spec_type(values: dict[str, Any], at: str, path: str, document: yamlio.Document) -> None:
    """A forced `schema:` must name a spec type speclift validates, as `--schema` must."""
    name = values.get("schema")
    if name is None:
        return
    from speclift import spectypes

    try:
        spec = spectypes.get(name)
    except KeyError:
        spec = None
    if spec is None or spec.schema_file is None:
        line, column = document.position(f"{at}/schema")
        raise ConfigError(
            codes.make(
                "SL301",
                f"invalid configuration: schema {name!r} is not a spec type speclift validates",
                path,
                line,
                column,
                f"{at}/schema",
                hint="`speclift validate --schema` lists the known ones",
            )
        )


def _convert_options(sections: dict[str, dict[str, Any]], root: str) -> dict[str, dict[str, Any]]:
    """Source spec-type id -> its options, from the ``convert`` tables: a section shared by several converters gives
    each the values it declares (the schema, generated from the same registry, has checked every name). A path
    option is relative to the configuration file's folder, wherever speclift runs from."""
    if not sections:
        return {}
    from speclift import converters  # only now: loading the converters is not free

    known = converters.sections()

    def value(option: converters.Option, given: Any) -> Any:
        return os.path.join(root, given) if option.path and isinstance(given, str) and given else given

    return {
        converter.source: {k: value(converter.options[k], v) for k, v in values.items() if k in converter.options}
        for name, values in sections.items()
        for converter in known[name]
    }


def _read(path: str) -> tuple[dict[str, Any], yamlio.Document]:
    if path.endswith(".toml"):
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(codes.make("SL301", f"cannot read configuration: {exc}", path)) from None
        section = data.get("tool", {}).get("speclift", {})
        return section, yamlio.Document(data=section, index=0)
    try:
        text = yamlio.read_file(path)
    except yamlio.LoadError as exc:
        raise ConfigError(replace(exc.finding, code="SL301", rule="bad-config")) from None
    loaded = yamlio.load(text, path)
    if loaded.findings:
        raise ConfigError(replace(loaded.findings[0], code="SL301", rule="bad-config", severity=Severity.ERROR))
    if not loaded.documents or not isinstance(loaded.documents[0].data, dict):
        return {}, yamlio.Document(data={}, index=0)
    return loaded.documents[0].data, loaded.documents[0]
