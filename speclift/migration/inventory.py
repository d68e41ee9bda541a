"""The inventory: what every file under the named paths is, and what converting it would give.

Each file is loaded with the fast loader and its documents detected; only files holding an old-format document are
converted (in memory: nothing is written here). The result is one :class:`FileRecord` per file, a plain value that
crosses process boundaries, so ``--jobs N`` can survey in parallel.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from speclift import codes, commented_json, spectypes, yamlio
from speclift.conversion.context import ReadScope, Supplied
from speclift.conversion.engine import RenderedOutput, convert_text
from speclift.conversion.result import TEXT
from speclift.converters import upgrade_asked
from speclift.discovery import DEFAULT_INCLUDE, expand
from speclift.findings import Finding, Severity
from speclift.graphs import MarkedGraph, graphs, unmarked
from speclift.migration.layout import Layout
from speclift.spectypes.studio_classic import EXPERIMENT as STUDIO_EXPERIMENT
from speclift.studio.assessment import Assessment

# Old formats also come as JSON (v1 deployment and inference configurations) and as Workbench-era `.compute` files.
MIGRATION_INCLUDE = (*DEFAULT_INCLUDE, "*.json", "*.compute")

# Codes that mean a person has to act before the file can be migrated (or before its output can be trusted).
BLOCKING = frozenset({"SL404", "SL405", "SL406", "SL407", "SL410", "SL412", "SL009"})
# Converted, but a person checks the output: the meaning is only approximated (SL401), or a part is a placeholder
# that fails until a person rebuilds it (SL415: the rest of the output is sound and worth writing)
REVIEW = frozenset({"SL401", "SL415"})


class FileStatus(str, enum.Enum):
    CURRENT = "current"  # every spec document is in the current format
    CONVERTIBLE = "convertible"  # old format; converts automatically (dropped fields are reported, not blocking)
    REVIEW = "review"  # old format; converts, but approximations need a person's check
    BLOCKED = "blocked"  # old format; cannot be converted automatically (SL404, SL407, invalid output, ...)
    COMPANION = "companion"  # old format, converted as part of the file that uses it (an inference configuration)
    NOT_SPEC = "not-a-spec"  # YAML, but no spec (a CI workflow, a conda file) or empty
    UNREADABLE = "unreadable"  # not readable as YAML at all (syntax, encoding, size, permissions)

    @property
    def legacy(self) -> bool:
        return self in (FileStatus.CONVERTIBLE, FileStatus.REVIEW, FileStatus.BLOCKED)


@dataclass(slots=True)
class FileRecord:
    path: str
    status: FileStatus
    spec_types: list[str] = field(default_factory=list)  # detected, one per spec document
    becomes: list[str] = field(default_factory=list)  # what the old-format documents become
    documents: int = 0
    legacy_documents: int = 0
    outputs: list[RenderedOutput] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    provenance: dict[str, int] = field(default_factory=dict)  # provenance fate -> number of source parts
    source: str = ""  # the text that was converted (old-format files only)
    related: list[str] = field(default_factory=list)  # real paths of the related specs its conversion read
    used_by: list[str] = field(default_factory=list)  # COMPANION: the files whose conversions consumed this one
    graphs: list[MarkedGraph] = field(default_factory=list)  # the pipelines and DAGs of its outputs, as converted
    assessments: list[Assessment] = field(default_factory=list)  # a Studio (classic) experiment's modules, assessed
    # The source holds what no report may quote (a Studio (classic) graph's run state and credentials): a dry run
    # shows its outputs as new files, never a diff against the source
    concealed: bool = False

    def count(self, *codes_: str) -> int:
        return sum(1 for f in self.findings if f.code in codes_)

    @property
    def problems(self) -> list[Finding]:
        """Findings worth a person's attention (warnings and errors)."""
        return [f for f in self.findings if f.severity >= Severity.WARNING]


# real path of a spec file -> option name -> the value the repository supplies for it (a CI invocation's)
SuppliedByFile = Mapping[str, Mapping[str, Supplied]]


def survey_file(
    path: str,
    options: Mapping[str, Mapping[str, Any]],
    layout: Layout,
    reads: ReadScope | None = None,
    supplied: SuppliedByFile | None = None,
) -> FileRecord:
    """Inventory one file; old-format files are converted in memory for ``layout``'s output folder, reading the
    files they name only inside ``reads`` (default: the source's git work tree and the named folders), with the
    option values ``supplied`` gives for it."""
    reads = reads or ReadScope(layout.trees)
    try:
        text = yamlio.read_file(path, reads.limits)
    except yamlio.LoadError as exc:
        return FileRecord(path, FileStatus.UNREADABLE, findings=[exc.finding])
    try:
        given = (supplied or {}).get(os.path.realpath(path), {})
        return _survey_text(text, path, options, layout, reads, given)
    except Exception as exc:  # one file's crash is that file's finding; the run goes on
        return FileRecord(path, FileStatus.BLOCKED, findings=[codes.make("SL009", f"internal error: {exc!r}", path)], source=text)


def _survey_text(
    text: str,
    path: str,
    options: Mapping[str, Mapping[str, Any]],
    layout: Layout,
    reads: ReadScope,
    supplied: Mapping[str, Supplied],
) -> FileRecord:
    loaded = yamlio.load(text, path, reads.limits)
    name = os.path.basename(path)
    detected = [spectypes.detect(d.data, name).spec_type for d in loaded.documents]
    specs = [s for s in detected if s is not None]
    # old formats, and current ones the call asks to upgrade (`--to polyaxon-v2` for version 1.1 polyaxonfiles)
    legacy = [s for s in specs if s.legacy or upgrade_asked(s.id, options)]
    broken = any(f.severity == Severity.ERROR for f in loaded.findings)
    record = FileRecord(path, FileStatus.NOT_SPEC, [s.id for s in specs], documents=len(loaded.documents))
    record.legacy_documents = len(legacy)
    if not legacy:
        if broken and commented_json.not_a_spec(text, path, loaded):  # validation's rule: another tool's settings
            record.status = FileStatus.NOT_SPEC
            record.findings = [codes.make("SL011", f"not a spec: {commented_json.REASON}", path)]
        elif broken:
            record.status = FileStatus.UNREADABLE
            record.findings = list(loaded.findings)
        elif specs:
            record.status = FileStatus.CURRENT
        else:
            reason = "empty file" if not loaded.documents else "no document is a spec speclift knows"
            record.findings = [codes.make("SL011", f"not a spec: {reason}", path)]
        return record
    converted = convert_text(text, path, options, layout.output_dir(path), loaded=loaded, reads=reads, supplied=supplied)
    if converted.already_current:  # an upgrade that finds nothing to change
        record.status = FileStatus.CURRENT
        return record
    record.source = text
    record.concealed = any(s.id == STUDIO_EXPERIMENT.id for s in legacy)
    record.findings = converted.findings
    record.outputs = converted.outputs
    record.related = converted.related
    # programs and scripts are companions, no spec type: what the file becomes is told by its specs
    record.becomes = [o.spec_type for o in converted.outputs if o.spec_type != TEXT] or [s.migrates_to or "?" for s in legacy]
    for conversion in converted.conversions:
        record.graphs += [unmarked(g) for output in conversion.outputs for g in graphs(output.data, output.spec_type)]
        if conversion.assessment is not None:
            record.assessments.append(conversion.assessment)
        for entry in conversion.provenance:
            record.provenance[entry.fate.value] = record.provenance.get(entry.fate.value, 0) + 1
    if not converted.ok or record.count(*BLOCKING):
        record.status = FileStatus.BLOCKED
    elif len(legacy) != len(loaded.documents):
        record.status = FileStatus.BLOCKED
        record.findings.append(
            codes.make(
                "SL404",
                f"{len(legacy)} of the file's {len(loaded.documents)} documents are old-format: converting would lose the others",
                path,
                hint="split the file, or convert it with --out and merge the documents by hand",
            )
        )
    elif record.count(*REVIEW):
        record.status = FileStatus.REVIEW
    else:
        record.status = FileStatus.CONVERTIBLE
    return record


def files(
    paths: Iterable[str], include: Sequence[str] = MIGRATION_INCLUDE, exclude: Sequence[str] = ()
) -> tuple[list[str], list[Finding]]:
    """The files under ``paths`` (discovery's rules: hidden folders and git-ignored files skipped), each once and
    grouped by folder (a folder's outputs are planned together), and problems with the tree itself."""
    problems: list[Finding] = []
    groups: dict[str, list[str]] = {}
    seen: set[str] = set()
    for candidate in expand(paths, include, exclude, problems):
        absolute = os.path.abspath(candidate.path)
        if absolute not in seen:
            seen.add(absolute)
            groups.setdefault(os.path.dirname(absolute), []).append(candidate.path)
    return [path for group in groups.values() for path in group], problems


def survey(
    paths: Sequence[str],
    layout: Layout,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    reads: ReadScope | None = None,
) -> list[FileRecord]:
    """Survey ``paths`` (files, not folders: see :func:`files`), in order; ``progress`` is told of each file done."""
    results: list[FileRecord] = []
    for record in iter_survey(paths, layout, options, jobs=jobs, reads=reads):
        results.append(record)
        if progress is not None:
            progress(1)
    return results


def iter_survey(
    paths: Sequence[str],
    layout: Layout,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    jobs: int = 1,
    reads: ReadScope | None = None,
    supplied: SuppliedByFile | None = None,
) -> Iterator[FileRecord]:
    """Like :func:`survey`, one record at a time as they are ready (in order), so writing can start early."""
    chosen: Mapping[str, Mapping[str, Any]] = options or {}
    if jobs <= 1 or len(paths) < 2 * jobs:
        yield from (survey_file(p, chosen, layout, reads, supplied) for p in paths)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    work = partial(survey_file, options=dict(chosen), layout=layout, reads=reads, supplied=supplied)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(work, paths, chunksize=max(1, min(16, len(paths) // (jobs * 8))))
