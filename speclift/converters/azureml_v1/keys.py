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

from speclift.conversion import ConversionBuilder, Fate, Origins, Scope, leaves, outermost
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
    origins: Origins = field(default_factory=Origins)  # every normalised pointer -> the original one
    shadowed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)

    def origin(self, pointer: str) -> str:
        """The original source pointer of ``pointer`` (its nearest known ancestor's, plus the rest)."""
        return self.origins.origin(pointer)


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


class Recorder(Scope):
    """The pen (a :class:`~speclift.conversion.builder.Scope`) on the SDK-normalised view of one source file.

    ``primary`` documents (the file being converted) get provenance through ``builder`` and findings located in
    them; a related file (``primary=False``) gets findings only, located in that file (``path``, ``document``).
    ``output`` is the index of the output the targets point into, ``prefix`` is prepended to every target pointer
    (a job nested in a pipeline: ``/jobs/train``). What is Azure-specific here: the view (:func:`normalise`) and
    :meth:`report_spelling`.
    """

    view: Normalised

    def __init__(
        self,
        builder: ConversionBuilder,
        view: Normalised,
        document: Document,
        path: str,
        *,
        primary: bool = True,
        output: int = 0,
        prefix: str = "",
        seen: set[str] | None = None,
    ) -> None:
        super().__init__(builder, output=output, prefix=prefix, origins=view.origins, document=document, path=path)
        self.primary = primary
        self.view = view
        if seen is not None:
            self.seen = seen

    def aimed(self, *, output: int, prefix: str) -> Recorder:
        """The same pen writing into another output under another prefix; what it covered stays shared."""
        return Recorder(
            self.builder, self.view, self.document, self.path, primary=self.primary, output=output, prefix=prefix, seen=self.seen
        )

    def report_spelling(self, label: str) -> None:
        """SL409 for keys read under another spelling; SL402 for keys a later spelling overrode."""
        for original, written, meant in self.view.renamed:
            message = f"{written} is read as {meant} (the {label} SDK ignores this spelling)"
            self.builder.finding("SL409", message, original, document=self.document, path=self.path)
        for original in self.view.shadowed:
            if self.primary:
                self.builder.record(original, Fate.DROPPED, note="overridden")
            message = f"{original.lstrip('/')} is given twice under different spellings; the SDK keeps the last one"
            self.builder.finding("SL402", message, original, document=self.document, path=self.path)


def unreported(recorder: Recorder, pointer: str = "") -> Iterator[str]:
    """Outermost normalised pointers under ``pointer`` that nothing was recorded for yet."""
    data = recorder.view.data
    missing = [leaf for leaf in leaves(value_at(data, pointer), pointer) if not recorder.covered(leaf)]
    return outermost(missing, data, pointer)


def related_path(path: str, relative: str) -> str:
    """How a file named by the source is shown in findings: next to the source, as the user would type it."""
    return os.path.normpath(os.path.join(os.path.dirname(path), relative))
