"""The conversion engine: text in, rendered outputs and findings out; writing is atomic and never clobbers.

file text -> fast load (values, positions) + comments -> detect -> converter -> Conversion
          -> render (comments carried through provenance; SL414 for one with no place) -> validate outputs
          -> check accounting -> write

Each representation is parsed once: the source by the fast loader (and by ruamel.yaml only when it has comments to
carry), and an output is validated from the data it was rendered from, re-read only to locate its errors.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from speclift import codes, roundtrip, spectypes, yamlio
from speclift.conversion import Conversion, ConvertContext, Provenance
from speclift.conversion.context import ReadScope, RefusedRead, Supplied, shown_path
from speclift.conversion.local_files import missing_files
from speclift.conversion.writing import output_path
from speclift.converters import converter_for, resolve_options, target_refused, upgrade_asked
from speclift.findings import Finding, Severity
from speclift.pointer import dotted, escape, exists, within
from speclift.validation.walk import strings


@dataclass(slots=True)
class RenderedOutput:
    spec_type: str
    suffix: str
    text: str
    file: str = ""  # a companion file (MLTable): its path relative to the output's folder


@dataclass(slots=True)
class ConvertedFile:
    path: str
    source_type: str | None = None
    outputs: list[RenderedOutput] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    already_current: bool = False
    related: list[str] = field(default_factory=list)  # real paths of the related specs the conversion read

    @property
    def ok(self) -> bool:
        """Outputs exist (or nothing was needed) and nothing went wrong."""
        return (bool(self.outputs) or self.already_current) and not any(f.severity == Severity.ERROR for f in self.findings)


def convert_file(
    path: str,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    output_dir: str | None = None,
    *,
    reads: ReadScope | None = None,
    supplied: Mapping[str, Supplied] | None = None,
) -> ConvertedFile:
    try:
        text = yamlio.read_file(path, (reads or ReadScope()).limits)
    except yamlio.LoadError as exc:
        return ConvertedFile(path, findings=[exc.finding])
    return convert_text(text, path, options, output_dir, reads=reads, supplied=supplied)


def convert_text(
    text: str,
    path: str,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    output_dir: str | None = None,
    *,
    loaded: yamlio.LoadResult | None = None,
    reads: ReadScope | None = None,
    supplied: Mapping[str, Supplied] | None = None,
) -> ConvertedFile:
    """Convert every document of ``text``; ``options`` maps a source spec-type id to that converter's options.
    Local paths in the outputs are rewritten for ``output_dir`` (default: the source's folder). ``loaded`` is
    ``yamlio.load(text, path)`` when the caller already has it (it must not have changed the data). Files the
    spec names are read only inside ``reads`` (default: the source's git work tree, else its folder); a refused
    read is an SL410 at the field that named the file. ``supplied``: option values the repository gives for this
    file (its CI invocation, say), below the given ``options``; each one used is told with an SL411."""
    folder = output_dir if output_dir is not None else os.path.dirname(os.path.abspath(path))
    context = ConvertContext(path, folder, reads or ReadScope())
    result = ConvertedFile(path)
    if loaded is None:
        loaded = yamlio.load(text, path, context.scope.limits)
    result.findings.extend(loaded.findings)
    if any(f.severity == Severity.ERROR for f in loaded.findings):
        result.findings.append(codes.make("SL404", "the file cannot be read as YAML, so it cannot be converted", path))
        return result
    if not loaded.documents:
        result.findings.append(codes.make("SL004", "empty file: nothing to convert", path))
        return result
    comments = roundtrip.read_comments(text) if len(loaded.documents) == 1 else {}
    current = sum(
        _convert_document(document, result, options or {}, context, comments, supplied or {}) for document in loaded.documents
    )
    if current and current == len(loaded.documents):
        result.already_current = True
        result.findings.append(codes.make("SL403", "already in the current format: nothing to convert", path))
    result.related = list(dict.fromkeys(context.related))
    result.findings.sort(key=Finding.sort_key)
    return result


def _convert_document(
    document: yamlio.Document,
    result: ConvertedFile,
    options: Mapping[str, Mapping[str, Any]],
    context: ConvertContext,
    comments: dict[str, roundtrip.Comments],
    supplied: Mapping[str, Supplied],
) -> bool:
    """Convert one document into ``result``; True when it is already in the current format."""
    path = result.path
    detection = spectypes.detect(document.data, os.path.basename(path))
    spec = detection.spec_type
    line, column = document.start
    if spec is None:
        code = "SL010" if detection.unknown else "SL011"
        message = f"not a spec speclift can convert: {detection.reason}"
        result.findings.append(codes.make(code, message, path, line, column, document=document.index))
        return False
    result.source_type = spec.id
    module = converter_for(spec.id)
    given = options.get(spec.id, {})
    if not spec.legacy and not upgrade_asked(spec.id, options):
        # A current type; a converter registered for it upgrades it to a newer platform, only when the call asks
        # for that target (`--to polyaxon-v2`): without it, the file is current as it is.
        return True
    refused = target_refused(module, options) if module is not None else None
    if refused is not None:
        hint = "convert it without --to, or exclude it from this call"
        result.findings.append(codes.make("SL404", refused, path, line, column, hint=hint, document=document.index))
        return False
    if module is None:
        message = f"no converter for {spec.title} yet"
        result.findings.append(codes.make("SL407", message, path, line, column, document=document.index))
        return False
    taken = {name: s for name, s in supplied.items() if name in module.OPTIONS and name not in given}
    try:
        chosen = resolve_options(module, {**{name: s.value for name, s in taken.items()}, **given})
    except ValueError as exc:
        result.findings.append(codes.make("SL404", str(exc), path))
        return False
    for name, value in taken.items():
        shown = shown_path(value.value) if module.OPTIONS[name].path else value.value
        message = f"{name} {shown} from {value.origin}"
        result.findings.append(codes.make("SL411", message, path, line, column, document=document.index))
    earlier = len(context.refused)
    try:
        conversion = module.convert(document, path, chosen, context)
    except Exception as exc:  # a converter bug costs this document, never the run (nor a traceback)
        message = f"the converter failed on this document: {type(exc).__name__}: {exc}"
        result.findings.append(codes.make("SL009", message, path, line, column, document=document.index))
        return False
    finally:
        result.findings.extend(_refused_reads(context.refused[earlier:], document, path))
    if conversion.already_current:  # an upgrade that finds nothing to change: the file stays as it is
        return True
    result.conversions.append(conversion)
    result.findings.extend(conversion.findings)
    result.findings.extend(_unaccounted(conversion, document, path))
    _render_outputs(conversion, result, comments, document)
    fix = "give the v1 project folder with -O project-dir=DIR, or " if "project-dir" in module.OPTIONS else ""
    result.findings.extend(_missing_files(conversion, document, path, context, f"{fix}fix the path in the source"))
    return False


def _refused_reads(refused: list[RefusedRead], document: yamlio.Document, path: str) -> list[Finding]:
    """SL410 for each related file the read scope kept the converter from reading, at the field that named it."""
    if not refused:
        return []
    named_at = _paths_named(document.data)
    found = []
    for refusal in refused:
        pointer = _naming(named_at, refusal.named)
        line, column = document.position(pointer) if pointer is not None else document.start
        shown = refusal.named if refusal.named == refusal.resolved else f"{refusal.named} ({refusal.resolved})"
        message = f"{shown} is outside {' and '.join(refusal.roots)}: not read, so nothing of it is in the output"
        hint = "move the file into the repository, or pass --allow-outside-reads if you trust this spec"
        found.append(codes.make("SL410", message, path, line, column, pointer or "", hint, document.index))
    return found


def _paths_named(data: Any) -> dict[str, str]:
    """Every string of ``data`` read as a path (normalised, POSIX) -> the first field holding it."""
    found: dict[str, str] = {}
    for pointer, text in strings(data):
        if text.strip():
            found.setdefault(posixpath.normpath(text.replace("\\", "/")), pointer)
    return found


def _naming(named_at: dict[str, str], named: str) -> str | None:
    """The field that names the file ``named``, which a converter may have joined to a folder (``base/x``) or
    given an extension (``target.compute``); None when no field does (the path came from an option)."""
    wanted = posixpath.normpath(named.replace("\\", "/"))
    parts = wanted.split("/")
    candidates = ["/".join(parts[i:]) for i in range(len(parts))] + [posixpath.splitext(wanted)[0]]
    return next((named_at[c] for c in candidates if c in named_at), None)


def _unaccounted(conversion: Conversion, document: yamlio.Document, path: str) -> list[Finding]:
    """SL405 for every source leaf no provenance entry covers: a converter bug, reported rather than lost."""
    found = []
    for pointer in conversion.unaccounted(document.data):
        line, column = document.position(pointer, prefer_key=True)
        message = f"{pointer} was neither converted nor reported"
        found.append(codes.make("SL405", message, path, line, column, pointer, document=document.index))
    return found


def _missing_files(
    conversion: Conversion, document: yamlio.Document, path: str, context: ConvertContext, hint: str
) -> list[Finding]:
    """SL412 for each local path an output names that is not in the repository (seen from the output's folder), at
    the source field it came from (once, however many outputs name it): the output would be refused, or its job
    would fail when it starts."""
    found: list[Finding] = []
    roots = () if context.scope.anywhere else context.scope.roots(path)
    written = [output.file for output in conversion.outputs if output.file]
    seen_from: dict[str, tuple[str, ...]] = {}  # folder -> the written files relative to it (outputs share folders)
    for index, output in enumerate(conversion.outputs):
        if output.spec_type not in spectypes.SPEC_TYPES:  # a companion file (MLTable, a conda file) names no paths
            continue
        folder = os.path.join(context.output_dir, os.path.dirname(output.file)) if output.file else context.output_dir
        beside = seen_from.get(folder)
        if beside is None:
            beside = seen_from[folder] = tuple(os.path.relpath(os.path.join(context.output_dir, w), folder) for w in written)
        # a named output in a subfolder may name its siblings (a component's `../code`): the outputs' folder counts
        within = (*roots, os.path.realpath(context.output_dir)) if roots else roots
        for missing in missing_files(output.data, output.spec_type, folder, within, beside):
            source = _source_of(conversion.provenance, index, missing.pointer)
            line, column = document.position(source) if source is not None else document.start
            looked = shown_path(missing.resolved)
            where = "" if looked == missing.shown else f" (looked for {looked})"
            problem = "leaves the repository" if missing.outside else f"does not exist{where}"
            message = f"the output's {missing.what} {missing.shown} {problem}"
            finding = codes.make("SL412", message, path, line, column, source or "", hint, document.index)
            if finding not in found:
                found.append(finding)
    return found


def _source_of(provenance: list[Provenance], output: int, pointer: str) -> str | None:
    """The source field an output pointer came from: the entry with the longest target holding it."""
    best: Provenance | None = None
    for entry in provenance:
        target = entry.target
        if entry.output != output or target is None or not (pointer == target or pointer.startswith(target + "/")):
            continue
        if best is None or len(target) > len(best.target or ""):
            best = entry
    return None if best is None else best.source


def _render_outputs(
    conversion: Conversion, result: ConvertedFile, comments: dict[str, roundtrip.Comments], document: yamlio.Document
) -> None:
    carried, lost = _place_comments(comments, conversion, document)
    for index, output in enumerate(conversion.outputs):
        text_out = output.text if output.text is not None else roundtrip.render(output.data, carried[index])
        result.outputs.append(RenderedOutput(output.spec_type, output.suffix, text_out, output.file))
        if output.spec_type in spectypes.SPEC_TYPES:  # a companion file (MLTable, a conda file) is not a spec
            where = output_path(result.path, output.suffix)
            if output.file:  # a named output, in the folder of the outputs
                where = os.path.join(os.path.dirname(where), output.file)
            result.findings.extend(_validate_output(output.data, text_out, where, output.spec_type))
    if conversion.outputs:
        result.findings.extend(_lost_comments(lost, result.path, document.index))


def _place_comments(
    comments: dict[str, roundtrip.Comments], conversion: Conversion, document: yamlio.Document
) -> tuple[list[dict[str, roundtrip.Comments]], list[tuple[str, roundtrip.Comments]]]:
    """Each source comment's place in each output (by the pointer it goes above or beside), and the comments that
    have none. A comment goes where its key went (the most specific provenance entry that covers it); a comment on
    a key that went nowhere itself (a section whose fields were converted one by one) goes above where those fields
    went. The file's header (the comments above its first key), when that key went nowhere itself, heads the first
    output."""
    outputs = conversion.outputs
    carried: list[dict[str, roundtrip.Comments]] = [{} for _ in outputs]
    lost: list[tuple[str, roundtrip.Comments]] = []
    entries = sorted(conversion.provenance, key=lambda p: -len(p.source))
    data = document.data
    header = "/" + escape(str(next(iter(data)))) if isinstance(data, dict) and data else None
    for pointer, note in comments.items():
        spots = [(i, t) for i, o in enumerate(outputs) if (t := _where_it_went(entries, pointer, i, o.data))]
        if not spots and pointer == header and note.before and outputs and outputs[0].data:
            top = "/" + escape(str(next(iter(outputs[0].data))))
            _put(carried[0], top, roundtrip.Comments(note.before, None, note.before_at))
            if note.eol is None:
                continue
            note = roundtrip.Comments(eol=note.eol, eol_at=note.eol_at)  # the key's own comment: where its fields went
        if not spots and pointer != roundtrip.END:
            spots = _where_its_fields_went(conversion.provenance, pointer, outputs)
        if not spots:
            lost.append((pointer, note))
        for index, target in spots:
            _put(carried[index], target, note)
    return carried, lost


def _put(carried: dict[str, roundtrip.Comments], target: str, note: roundtrip.Comments) -> None:
    slot = carried.setdefault(target, roundtrip.Comments())
    slot.before.extend(note.before)
    if note.eol:
        slot.eol = f"{slot.eol}; {note.eol}" if slot.eol else note.eol


def _where_it_went(entries: list[Provenance], pointer: str, output: int, data: Any) -> str:
    """The existing pointer of output ``output`` the key at ``pointer`` went to ("" for none: a key left out under a
    section that went somewhere goes nowhere itself, its comment with it)."""
    entry = next((p for p in entries if p.covers(pointer) and (p.output == output or p.target is None)), None)
    if entry is None or entry.target is None:
        return ""
    return _existing(data, entry.target + pointer[len(entry.source) :])


def _where_its_fields_went(provenance: list[Provenance], pointer: str, outputs: list[Any]) -> list[tuple[int, str]]:
    """For a key whose fields were converted one by one: the deepest pointer holding all of their targets in the
    output the first of them went to."""
    inside = [
        p
        for p in provenance
        if p.target is not None and p.output < len(outputs) and p.source != pointer and within(p.source, pointer)
    ]
    if not inside:
        return []
    output = inside[0].output
    common: list[str] = []
    for parts in zip(*(str(p.target).split("/") for p in inside if p.output == output), strict=False):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    target = "/".join(common) if len(common) > 1 else str(inside[0].target)  # [""] alone: only the root is common
    found = _existing(outputs[output].data, target)
    return [(output, found)] if found else []


def _existing(data: Any, target: str) -> str:
    """``target``, or its nearest ancestor that exists in ``data`` ("" when only the root does)."""
    while target and not exists(data, target):
        target = target.rsplit("/", 1)[0]
    return target


def _lost_comments(lost: list[tuple[str, roundtrip.Comments]], path: str, document: int) -> list[Finding]:
    """SL414 (info) for each source comment that has no place in any output, at the comment's own line."""
    found = []
    for pointer, note in lost:
        if pointer == roundtrip.END:
            reason = "it ends the file, below every field"
        else:
            reason = f"{dotted(pointer)} went nowhere in the output"
        for text, (line, column) in note.texts():
            found.append(
                codes.make(
                    "SL414", f"comment not carried over: # {text} ({reason})", path, line, column, pointer, document=document
                )
            )
    return found


def _validate_output(data: Any, text: str, path: str, spec_type: str) -> list[Finding]:
    """SL406 for each error in an output. The data it was rendered from is checked first (``text`` reads back as
    that data); only an output with errors is re-read, for the positions its findings need."""
    from speclift.config import Settings
    from speclift.validation.engine import has_errors, validate_text

    settings = Settings(check_paths=False, schema=spec_type)
    if not has_errors(data, path, settings):
        return []
    checked = validate_text(text, path, settings)
    return [
        codes.make("SL406", f"converted output: {f.message}", f.path, f.line, f.column, f.pointer, hint=f.hint)
        for f in checked.findings
        if f.severity == Severity.ERROR
    ]
