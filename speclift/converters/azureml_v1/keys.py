"""Azure ML v1 key normalisation, the way the SDK does it, with a way back to the user's own lines.

azureml-core passes every key of a run configuration (and of the environment it holds) through ``to_camel_case``
(``max_run_duration_seconds``, ``MaxRunDurationSeconds`` and ``maxRunDurationSeconds`` all mean the same field) but
keeps the inner keys of user-keyed maps (``environmentVariables``, spark ``configuration``). It also camel-cases the
user-chosen names under ``dataReferences``, ``data``, ``outputData`` and ``applicationEndpoints`` (``input_data``
becomes ``inputData``); a converter keeps those names verbatim instead, so the v2 bindings use the names the user
wrote.

API:

* :func:`to_camel_case` is the SDK's function.
* :func:`normalise` returns a :class:`Normalised`: ``data`` (a copy with normalised keys), ``origin(pointer)``
  (the ORIGINAL source pointer of a pointer into ``data``, for provenance and findings), ``shadowed`` (original
  pointers of keys a later spelling of the same field overrode: the SDK keeps the last) and ``renamed`` (original
  pointer, spelling, field: REST or old spellings read as the field the SDK knows, e.g. ``pyTorch`` -> ``pytorch``).
* :class:`Recorder` records provenance and findings by normalised pointer: for the converted document through the
  :class:`~speclift.conversion.ConversionBuilder`; for a related file (a run configuration a HyperDrive config
  names) as findings located in that file.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from speclift import codes
from speclift.conversion import ConversionBuilder, Fate, Provenance, leaves
from speclift.pointer import join, value_at
from speclift.yamlio import Document

# Parents whose children are user-chosen names (kept verbatim; the values below them are normalised).
USER_NAMES = frozenset({"dataReferences", "data", "outputData", "applicationEndpoints", "services"})
# Parents whose whole subtree is user data (kept verbatim).
VERBATIM = frozenset(
    {
        "environmentVariables",
        "condaDependencies",
        "configuration",
        "sparkConf",
        "sparkEnvVariables",
        "properties",
        "tags",
        "options",
        "sourceGlobs",
    }
)
# Spellings the SDK ignores but REST payloads and older SDKs wrote; read as the field they mean.
ALIASES: Mapping[str, str] = {
    "pyTorch": "pytorch",
    "parallelTask": "paralleltask",
    "kubernetesCompute": "kubernetescompute",
    "datapath": "dataPath",
    "amlCompute": "amlcompute",
}


def to_camel_case(key: str) -> str:
    """The SDK's ``to_camel_case``: split on ``_``, lower-case the first character, title-case the other parts."""
    parts = key.split("_")
    if not parts[0]:
        return key
    return parts[0][0].lower() + parts[0][1:] + "".join(part.title() for part in parts[1:])


@dataclass(slots=True)
class Normalised:
    """A document with SDK-normalised keys and the map back to the original pointers."""

    data: Any
    origins: dict[str, str] = field(default_factory=dict)
    shadowed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)

    def origin(self, pointer: str) -> str:
        """The original source pointer of ``pointer`` (its nearest known ancestor's, plus the rest)."""
        probe = pointer
        while True:
            if probe in self.origins:
                return self.origins[probe] + pointer[len(probe) :]
            if not probe:
                return pointer
            probe = probe.rsplit("/", 1)[0]


def normalise(
    data: Any,
    *,
    user_names: Collection[str] = USER_NAMES,
    verbatim: Collection[str] = VERBATIM,
    aliases: Mapping[str, str] = ALIASES,
    camel: bool = True,
) -> Normalised:
    """Normalise ``data`` like the SDK (``camel=False`` keeps keys as written: formats read case-sensitively)."""
    result = Normalised(None)
    result.data = _walk(data, "", "", result, user_names, verbatim, aliases, camel, keep=False, names=False)
    return result


def _walk(
    node: Any,
    new: str,
    old: str,
    result: Normalised,
    user_names: Collection[str],
    verbatim: Collection[str],
    aliases: Mapping[str, str],
    camel: bool,
    *,
    keep: bool,
    names: bool,
) -> Any:
    result.origins[new] = old
    if isinstance(node, list):
        return [
            _walk(v, f"{new}/{i}", f"{old}/{i}", result, user_names, verbatim, aliases, camel, keep=keep, names=False)
            for i, v in enumerate(node)
        ]
    if not isinstance(node, dict):
        return node
    out: dict[Any, Any] = {}
    firsts: dict[Any, str] = {}
    for key, value in node.items():
        original = join(old, key)
        name: Any = key
        if not keep and not names and isinstance(key, str):
            name = to_camel_case(key) if camel else key
            if name in aliases:
                result.renamed.append((original, key, aliases[name]))
                name = aliases[name]
        if name in firsts:
            result.shadowed.append(firsts[name])
        firsts[name] = original
        child_keep = keep or (not names and name in verbatim)
        child_names = not keep and not names and name in user_names
        out[name] = _walk(
            value, join(new, name), original, result, user_names, verbatim, aliases, camel, keep=child_keep, names=child_names
        )
    return out


@dataclass
class Recorder:
    """Records what became of each normalised pointer of one source file.

    ``primary`` documents (the file being converted) get provenance through ``builder`` and findings located by
    it; a related file (``primary=False``) gets findings only, located in that file (``path``, ``document``).
    ``output`` is the index of the output the targets point into.
    """

    builder: ConversionBuilder
    view: Normalised
    document: Document
    path: str
    primary: bool = True
    output: int = 0
    prefix: str = ""  # prepended to every target pointer (a job nested in a pipeline: "/jobs/train")
    seen: set[str] = field(default_factory=set)  # normalised pointers with an entry

    def _target(self, target: str | None) -> str | None:
        return None if target is None else self.prefix + target

    def _entry(self, pointer: str, status: Fate, target: str | None, note: str = "") -> None:
        self.seen.add(pointer)
        if self.primary:
            source = self.view.origin(pointer)
            self.builder.conversion.provenance.append(Provenance(source, status, self._target(target), self.output, note))

    def mapped(self, pointer: str, target: str | None) -> None:
        """Same meaning in the output (``target`` None: the v1 value is v2's behaviour too, nothing to write)."""
        self._entry(pointer, Fate.MAPPED, target)

    def transformed(self, pointer: str, target: str, note: str = "") -> None:
        self._entry(pointer, Fate.TRANSFORMED, target, note)

    def approximated(self, pointer: str, target: str | None, message: str, *, hint: str | None = None) -> None:
        self._entry(pointer, Fate.APPROXIMATED, target, message)
        self.finding("SL401", message, pointer, hint=hint)

    def dropped(self, pointer: str, message: str, *, code: str = "SL402", hint: str | None = None) -> None:
        self._entry(pointer, Fate.DROPPED, None, message)
        self.finding(code, message, pointer, hint=hint)

    def refused(self, pointer: str, message: str, *, hint: str | None = None) -> None:
        """SL404: the file cannot be converted because of this part."""
        self._entry(pointer, Fate.DROPPED, None, message)
        self.finding("SL404", message, pointer, hint=hint)

    def finding(self, code: str, message: str, pointer: str, *, hint: str | None = None) -> None:
        source = self.view.origin(pointer)
        line, column = self.document.position(source, prefer_key=True)
        self.builder.conversion.findings.append(
            codes.make(code, message, self.path, line, column, source, hint=hint, document=self.document.index)
        )

    def covered(self, pointer: str) -> bool:
        """Whether ``pointer`` (normalised) or one of its ancestors already has an entry."""
        return any(pointer == done or pointer.startswith(done + "/") or not done for done in self.seen)

    def touched(self, pointer: str) -> bool:
        """Whether anything at, above or below ``pointer`` was recorded."""
        return any(p == pointer or p.startswith(pointer + "/") or pointer.startswith(p + "/") or not p for p in self.seen)

    def report_spelling(self, label: str) -> None:
        """SL409 for keys read under another spelling; SL402 for keys a later spelling overrode."""
        for original, written, meant in self.view.renamed:
            line, column = self.document.position(original, prefer_key=True)
            self.builder.conversion.findings.append(
                codes.make(
                    "SL409",
                    f"{written} is read as {meant} (the {label} SDK ignores this spelling)",
                    self.path,
                    line,
                    column,
                    original,
                    document=self.document.index,
                )
            )
        for original in self.view.shadowed:
            if self.primary:
                self.builder.conversion.provenance.append(Provenance(original, Fate.DROPPED, None, 0, "overridden"))
            line, column = self.document.position(original, prefer_key=True)
            self.builder.conversion.findings.append(
                codes.make(
                    "SL402",
                    f"{original.lstrip('/')} is given twice under different spellings; the SDK keeps the last one",
                    self.path,
                    line,
                    column,
                    original,
                    document=self.document.index,
                )
            )


def unreported(recorder: Recorder, pointer: str = "") -> Iterator[str]:
    """Outermost normalised pointers under ``pointer`` that nothing was recorded for yet."""
    data = value_at(recorder.view.data, pointer)
    reported: list[str] = []
    missing = [p for p in (pointer + leaf for leaf in _rel_leaves(data)) if not recorder.covered(p)]
    for leaf in missing:
        if any(leaf == done or leaf.startswith(done + "/") for done in reported):
            continue
        top = leaf
        while top != pointer:
            parent = top.rsplit("/", 1)[0]
            if len(parent) < len(pointer) or not all(
                (parent + rel) in missing for rel in _rel_leaves(value_at(recorder.view.data, parent))
            ):
                break
            top = parent
        reported.append(top)
        yield top


def _rel_leaves(data: Any) -> list[str]:
    return list(leaves(data))


def related_path(path: str, relative: str) -> str:
    """How a file named by the source is shown in findings: next to the source, as the user would type it."""
    return os.path.normpath(os.path.join(os.path.dirname(path), relative))
