"""The "converted azureml-v1" check of the conformance stage: do the outputs of `speclift convert` load in azure-ai-ml?

Used by run.py (see conformance/README.md, "Converted Azure ML v1 files"). For every file of the corpus folders
azureml-v1-runconfig, -hyperdrive, -pipeline and -deploy and every Azure ML v1 source under samples/azureml-v1/
(the expected/ folders left out):

1. the source's folder is staged in the stage's temporary tree, once per option set (``default``, where
   pipeline schedules run the pipeline converted next to them, ``pipeline-job=pipeline.v2.yml``; ``separate``:
   ``environment=separate`` for run configurations, HyperDrive files and pipelines; ``kubernetes``:
   ``kubernetes=true`` for deployment and inference configurations), so related files (conda files, run
   configurations, inference configurations, scoring scripts) resolve as they do next to the sources;
2. before converting, the repository's own files that the conversion will name and the corpus does not hold (code
   folders, conda files, scripts) get stand-ins, found by speclift itself (placeholders.stage_named_files): speclift
   refuses an output naming a missing file (SL412);
3. speclift converts it in-process (``speclift.conversion.engine.convert_file``, reading inside the staged
   repository) and the outputs are written next to the source, named as ``speclift convert SRC -o SRC_STEM.v2.yml``
   names them (``x.v2.yml``, ``x.v2.endpoint.yml``, ``x.v2.deployment.yml``, ``x.v2.environment.yml``, the companion
   ``x.mltable/MLTable``); after that, empty stand-ins for the paths the SDK checks beyond speclift's SL412 (a spark
   job's entry file), only those the source names;
4. run.py puts every output that is a spec through official_azureml.py (the same azure-ai-ml process as the
   azureml-v2 corpus; hint: the output's spec type) and ``speclift validate --format json`` (path checks on).

It fails on an output either tool rejects, on a conversion that raises or gives an error finding other than SL404,
on a corpus file that is not recognised as an Azure ML v1 spec, and on a refusal (SL404, or SL412 for a named path
that leaves the repository, which no stand-in can satisfy) that conversion-refusals.yaml does not list; listed files
that now convert are reported as warnings (stale).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import placeholders
import yaml

GROUP = "converted azureml-v1"
STAGE_DIR = "converted-azureml-v1"
CORPORA = ("azureml-v1-runconfig", "azureml-v1-hyperdrive", "azureml-v1-pipeline", "azureml-v1-deploy")
SAMPLES = Path("samples") / "azureml-v1"
SOURCE_SUFFIXES = (".yml", ".yaml", ".json", ".runconfig", ".compute")
JOB_SOURCES = ("azureml/v1/runconfig", "azureml/v1/hyperdrive", "azureml/v1/pipeline")
DEPLOY_SOURCES = ("azureml/v1/deployment-config", "azureml/v1/inference-config")
# option set -> {source spec type: options}; a source is converted in a set other than "default" only when the set
# has options for its type
# (a v1 schedule runs a published pipeline named on the command line; here it runs the converted pipeline written
# next to it as `speclift convert pipeline.yml -o pipeline.v2.yml` names it)
MODES: dict[str, dict[str, dict[str, str]]] = {
    "default": {"azureml/v1/schedule": {"pipeline-job": "pipeline.v2.yml"}},
    "separate": {t: {"environment": "separate"} for t in JOB_SOURCES},
    "kubernetes": {t: {"kubernetes": "true"} for t in DEPLOY_SOURCES},
}
# the inference configuration a deployment configuration reads from its folder (README, Azure ML v1 deployments)
INFERENCE_SIBLINGS = [
    f"{stem}{ext}"
    for stem in ("inferenceconfig", "inferenceConfig", "inference_config", "inference-config")
    for ext in (".yml", ".yaml", ".json")
]


@dataclass
class Output:
    mode: str
    spec_type: str
    path: Path
    label: str
    companion: bool = False  # a file that is not a spec (MLTable): written, not judged
    official: bool | None = None
    official_error: str = ""
    official_loader: str = ""
    speclift: bool | None = None
    speclift_errors: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    @property
    def hint(self) -> str:
        return self.spec_type.rsplit("/", 1)[-1]


@dataclass
class V1File:
    label: str  # corpus file name, or samples/azureml-v1/... path
    rel: Path  # path inside each mode's staged tree
    source_type: str | None = None
    staged: dict[str, Path] = field(default_factory=dict)  # mode -> staged source
    refusals: dict[str, str] = field(default_factory=dict)  # mode -> SL404 (SL412) message(s)
    errors: dict[str, list[str]] = field(default_factory=dict)  # mode -> other error findings
    crashes: dict[str, str] = field(default_factory=dict)  # mode -> exception raised by the converter
    outputs: list[Output] = field(default_factory=list)
    stand_ins: dict[str, list[str]] = field(default_factory=dict)  # mode -> stand-ins made before converting it
    unsatisfied: dict[str, list[str]] = field(default_factory=dict)  # mode -> named paths no stand-in can satisfy


@dataclass
class ConversionOutcome:
    lines: list[str]
    failures: list[str]
    warnings: list[str]
    stats: dict[str, Any]
    rejected: list[tuple[Output, str]]
    refused: list[tuple[V1File, str, str]]  # file, refusal message(s), reason from conversion-refusals.yaml ("" if none)


# --------------------------------------------------------------------------------------------------- staging


def _sources(folder: Path) -> list[dict[str, str]]:
    path = folder / "SOURCES.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        {"file": name, "repo": row.get("repo") or "", "path": row.get("path") or "", "commit": row.get("commit") or ""}
        for row in rows
        if (name := row.get("local_file") or row.get("file"))
    ]


def _corpus_rel(row: dict[str, str], several_commits: bool) -> Path:
    """Where a corpus file sits in its repository: its original path; a block cut out of a document
    (``doc.md__block-x.yml``) becomes ``doc/x.yml``; synthetic files go to ``_synthetic/``."""
    name = row["file"]
    repo, path = row["repo"], row["path"]
    if not repo or repo.startswith("(") or not path or path == "-":
        return Path("_synthetic") / re.sub(r"^SYNTHETIC__", "", name)
    top = Path(repo if not several_commits else f"{repo}@{row['commit'][:12]}")
    if "__block-" in name:
        block = name.rsplit("__block-", 1)[1]
        return top / Path(path).with_suffix("") / block
    return top / path


def stage(corpus: Path | None, root: Path, stage_root: Path) -> list[V1File]:
    """Copy the corpus files and the samples' source folders into one tree per option set.

    Corpus: ``<stage_root>/<mode>/corpus/<owner>/<repo>[@commit]/<original path>`` (a repository with files of
    several commits gets one tree per commit, as in the other corpora). Samples: the samples/azureml-v1 tree without
    its expected/ folders, at ``<stage_root>/<mode>/own/samples/azureml-v1/``. Every file of the corpus folders is a
    source; under samples/ only the files speclift recognises as Azure ML v1 specs (the conda files and scripts next
    to them are staged, not converted).
    """
    from speclift import spectypes, yamlio

    files: list[V1File] = []
    for group in CORPORA:
        folder = corpus / group if corpus is not None else None
        if folder is None or not folder.is_dir():
            continue
        rows = _sources(folder)
        commits: dict[str, set[str]] = {}
        for row in rows:
            commits.setdefault(row["repo"], set()).add(row["commit"])
        listed = set()
        for row in rows:
            if (folder / row["file"]).is_file():
                listed.add(row["file"])
                rel = Path("corpus") / _corpus_rel(row, len(commits[row["repo"]]) > 1)
                files.append(V1File(row["file"], rel, staged={"source": folder / row["file"]}))
        for src in sorted(folder.iterdir()):
            if src.is_file() and src.name != "SOURCES.tsv" and src.name not in listed:
                files.append(V1File(src.name, Path("corpus") / "_unlisted" / src.name, staged={"source": src}))
    samples = root / SAMPLES
    if samples.is_dir():
        for src in sorted(samples.rglob("*")):
            rel = src.relative_to(samples)
            if not src.is_file() or "expected" in rel.parts or src.suffix not in SOURCE_SUFFIXES:
                continue
            try:
                loaded = yamlio.load(yamlio.read_file(str(src)), str(src))
            except yamlio.LoadError:
                continue
            kinds = [spectypes.detect(d.data, src.name).spec_type for d in loaded.documents]
            if any(k is not None and k.id.startswith("azureml/v1/") for k in kinds):
                files.append(V1File(str(SAMPLES / rel), Path("own") / SAMPLES / rel, staged={"source": src}))
    seen: set[Path] = set()
    for f in files:  # the same path twice in one tree: keep both, the second next to the first
        if f.rel in seen:
            f.rel = f.rel.with_name(f"{f.rel.stem}.{f.label}")
        seen.add(f.rel)
    for mode in MODES:
        base = stage_root / mode
        if samples.is_dir():
            shutil.copytree(samples, base / "own" / SAMPLES, ignore=shutil.ignore_patterns("expected"), dirs_exist_ok=True)
        for f in files:
            dest = base / f.rel
            if f.rel.parts[0] == "corpus":
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f.staged["source"], dest)
            f.staged[mode] = dest
    for f in files:
        del f.staged["source"]  # the original; the staged copies remain
    return files


# --------------------------------------------------------------------------------------------------- conversion


def _out(source: Path, taken: set[Path]) -> Path:
    """The -o OUT of a source: ``<stem>.v2.yml`` next to it, or ``<stem>-<ext>.v2.yml`` when another source of the
    folder already took that name."""
    from speclift.conversion.writing import output_path

    out = Path(output_path(str(source)))
    if out in taken:
        out = source.with_name(f"{source.stem}-{source.suffix.lstrip('.')}.v2.yml")
    taken.add(out)
    return out


def repository(f: V1File, mode_root: Path) -> Path:
    """The staged repository a file belongs to: ``corpus/<owner>/<repo>[@commit]``, ``corpus/_synthetic`` (or
    ``_unlisted``), or ``own`` for the samples. It is the conversion's read scope, as for ``speclift convert`` on a
    clone: a run configuration in ``aml_config/`` names the project folder above it (``code: ..``)."""
    parts = f.rel.parts
    if parts[0] == "own":
        return mode_root / "own"
    return mode_root.joinpath(*parts[:2]) if parts[1].startswith("_") else mode_root.joinpath(*parts[:3])


def stage_named(files: list[V1File], mode: str, stage_root: Path) -> None:
    """Before converting in ``mode``: stand-ins for what the conversions will name that the staged tree lacks
    (placeholders.stage_named_files), repository by repository."""
    from speclift.conversion.context import ReadScope

    options = MODES[mode]
    chosen = [f for f in files if mode == "default" or f.source_type in options]
    for top in sorted({repository(f, stage_root / mode) for f in chosen}):
        mine = [f for f in chosen if repository(f, stage_root / mode) == top]
        done = placeholders.stage_named_files([f.staged[mode] for f in mine], options, os.path.dirname, ReadScope((str(top),)))
        for f in mine:
            f.stand_ins[mode] = done.made.get(str(f.staged[mode]), [])
            if str(f.staged[mode]) in done.unsatisfied:
                f.unsatisfied[mode] = done.unsatisfied[str(f.staged[mode])]


def convert_all(files: list[V1File], stage_root: Path) -> None:
    """Convert every source in every option set that applies to it, after the stand-ins for the files the
    conversions name; write the outputs next to the sources."""
    from speclift.conversion.context import ReadScope
    from speclift.conversion.engine import convert_file
    from speclift.conversion.writing import output_path
    from speclift.findings import Severity

    for mode, options in MODES.items():
        written: list[tuple[Path, str]] = []
        taken: set[Path] = set()
        stage_named(files, mode, stage_root)  # the other sets after the default one found each source's type
        for f in files:
            if mode != "default" and f.source_type not in options:
                continue
            source = f.staged[mode]
            scope = ReadScope((str(repository(f, stage_root / mode)),))
            try:
                result = convert_file(str(source), options or None, str(source.parent), reads=scope)
            except Exception as exc:  # a crash is a finding of this check, not the end of the stage
                f.crashes[mode] = f"{type(exc).__name__}: {exc}"
                continue
            if mode == "default":
                f.source_type = result.source_type
            # SL404, and SL412 for a path no stand-in can satisfy (it leaves the repository): refusals, listed or not
            refusing = ("SL404", "SL412") if mode in f.unsatisfied else ("SL404",)
            refusals = [f"{x.code} {x.message}" for x in result.findings if x.code in refusing]
            if refusals:
                f.refusals[mode] = "; ".join(refusals)
            errors = [
                f"{x.code} {x.line or ''}:{x.column or ''} {x.pointer or ''} {x.message}".replace(" : ", " ")
                for x in result.findings
                if x.severity == Severity.ERROR and x.code not in refusing
            ]
            if errors:
                f.errors[mode] = errors
            if not result.ok:
                continue
            out = _out(source, taken)
            for rendered in result.outputs:
                # as `speclift convert SRC -o OUT` writes them
                dest = out.parent / rendered.file if rendered.file else Path(output_path(str(source), rendered.suffix, str(out)))
                suffix = f" [{rendered.file or rendered.suffix}]" if rendered.file or rendered.suffix else ""
                f.outputs.append(
                    Output(mode, rendered.spec_type, dest, f"{f.label}{suffix} ({mode})", companion=bool(rendered.file))
                )
                written.append((dest, rendered.text))
        for dest, text in written:  # after the whole set: an output never becomes another source's related file
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------------- stand-ins

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _named_paths(node: Any) -> Iterator[str]:
    """Every string of a v1 document that can be a local path, normalised (``./a/b/`` -> ``a/b``)."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _named_paths(value)
    elif isinstance(node, list):
        for value in node:
            yield from _named_paths(value)
    elif isinstance(node, str):
        text = node.strip().replace("\\", "/")
        if not text or _REMOTE.match(text) or "\n" in text or " " in text or "$" in text or "{" in text:
            return
        text = os.path.normpath(text).replace(os.sep, "/")
        while text.startswith("../"):  # matched by its tail: what it names below the folder it climbs to
            text = text[3:]
        if text not in (".", "..", "/"):
            yield text


def source_named(f: V1File, mode: str) -> set[str]:
    """The local paths the source names, and for a deployment configuration those of the inference configuration
    it reads from its folder."""
    source = f.staged[mode]
    docs = [source]
    if f.source_type == "azureml/v1/deployment-config":
        docs += [source.parent / name for name in INFERENCE_SIBLINGS if (source.parent / name).is_file()]
    named: set[str] = set()
    for path in docs:
        try:
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
                named.update(_named_paths(doc))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            continue
    return named


def make_placeholders(files: list[V1File], stage_root: Path) -> None:
    """Empty stand-ins for the local paths an output names that are missing from the staged tree, but only those
    the source itself names."""
    for f in files:
        for output in f.outputs:
            if output.companion:
                continue
            named = source_named(f, output.mode)
            try:
                doc = yaml.safe_load(output.path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError):
                continue

            def named_by_source(target: Path, named: set[str] = named) -> bool:
                posix = target.as_posix()
                return any(posix == n or posix.endswith("/" + n) for n in named)

            output.placeholders += placeholders.create(doc, output.path.parent, stage_root / output.mode, named_by_source)


# --------------------------------------------------------------------------------------------------- evaluation


def evaluate(files: list[V1File], entries: list[dict[str, str]]) -> ConversionOutcome:
    failures: list[str] = []
    warnings: list[str] = []
    outputs = [o for f in files for o in f.outputs if not o.companion]
    rejected: list[tuple[Output, str]] = []
    for o in outputs:
        why = []
        if o.official is not True:
            why.append(f"azure-ai-ml ({o.official_loader or 'no loader'}): {o.official_error or 'no verdict'}")
        if o.speclift is not True:
            why.append(f"speclift: {'; '.join(o.speclift_errors) or 'no verdict'}")
        if why:
            rejected.append((o, " / ".join(why)))
    for o, why in rejected:
        agree = "both reject it" if not o.official and not o.speclift else "the tools disagree"
        failures.append(f"converted output rejected ({agree}): {o.label}: {why}")
    by_file = {e["file"]: e for e in entries}
    refused: list[tuple[V1File, str, str]] = []
    for f in files:
        for mode, crash in f.crashes.items():
            failures.append(f"speclift convert ({mode}) raised on {f.label}: {crash}")
        if f.source_type is None or not f.source_type.startswith("azureml/v1/"):
            if not f.crashes:
                failures.append(f"{f.label} is not recognised as an Azure ML v1 spec ({f.source_type or 'no spec type'})")
            continue
        for mode, errors in f.errors.items():
            for error in errors:
                failures.append(f"conversion of {f.label} ({mode}) fails: {error}")
        if f.refusals:
            message = " | ".join(dict.fromkeys(f.refusals.values()))
            entry = by_file.get(f.label)
            reason = (entry or {}).get("reason", "")
            refused.append((f, message, reason))
            if entry is None:
                failures.append(f"unexpected refusal (not in conversion-refusals.yaml): {f.label}: {message}")
            elif not reason:
                failures.append(f"conversion-refusals.yaml: {f.label} needs a reason")
    present = {f.label for f in files}
    refusing = {f.label for f, _, _ in refused}
    for e in entries:
        if e["file"] in present and e["file"] not in refusing:
            warnings.append(f"stale entry in conversion-refusals.yaml, the file now converts: {e['file']}")
    converted = [f for f in files if f.source_type and not f.refusals and not f.crashes and not f.errors]
    stats: dict[str, Any] = {
        "files": len(files),
        "corpus": sum(1 for f in files if f.rel.parts[0] == "corpus"),
        "samples": sum(1 for f in files if f.rel.parts[0] == "own"),
        "repositories": sum(1 for f in files if f.rel.parts[0] == "tests"),
        "converted": len(converted),
        "refused": len(refused),
        "outputs": len(outputs),
        "companions": sum(1 for f in files for o in f.outputs if o.companion),
        "by_mode": dict(Counter(o.mode for o in outputs)),
        "by_type": dict(sorted(Counter(o.hint for o in outputs).items())),
        "official_ok": sum(1 for o in outputs if o.official),
        "speclift_ok": sum(1 for o in outputs if o.speclift),
        "agree": sum(1 for o in outputs if o.official is not None and o.official == o.speclift),
        "placeholders": sum(len(o.placeholders) for o in outputs),
        "stand_ins": sum(len(made) for f in files for made in f.stand_ins.values()),
    }
    modes = ", ".join(f"{m} {n}" for m, n in stats["by_mode"].items())
    lines = [
        f"{GROUP}: {stats['files']} v1 files ({stats['corpus']} corpus, {stats['samples']} samples, "
        f"{stats['repositories']} in test repositories), "
        f"converted {stats['converted']}, refused by design (SL404, SL412) {stats['refused']}",
        f"{GROUP}: {stats['outputs']} outputs ({modes}; + {stats['companions']} MLTable files): "
        f"azure-ai-ml ok {stats['official_ok']}, speclift ok {stats['speclift_ok']}, "
        f"agree {stats['agree']}/{stats['outputs']}",
    ]
    return ConversionOutcome(lines, failures, warnings, stats, rejected, refused)


def _md(text: str, stage: Path, limit: int = 400) -> str:
    text = text.replace(str(stage) + os.sep, "").replace(str(stage), "")
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text.replace("|", "\\|")


def report_section(outcome: ConversionOutcome, files: list[V1File], stage: Path) -> list[str]:
    s = outcome.stats
    out = [
        "",
        "## Converted Azure ML v1 files",
        "",
        "Every Azure ML v1 file of the corpus (run configurations, HyperDrive files, pipelines, deployment and "
        "inference configurations) and of `samples/azureml-v1/` converted by `speclift convert` with the default "
        "options and with `environment=separate` (jobs) or `kubernetes=true` (deployments); every output that is a "
        "spec loaded with azure-ai-ml 1.35.2 (`load_*` + `_validate()`) and validated by `speclift validate`.",
        "",
        "| what | count |",
        "|---|---:|",
        f"| v1 files (corpus / samples / test repositories) | {s['files']} ({s['corpus']} / {s['samples']} / {s['repositories']}) |",
        f"| converted | {s['converted']} |",
        f"| refused by design (SL404, SL412 for a path leaving the repository) | {s['refused']} |",
        f"| outputs ({', '.join(f'{m}: {n}' for m, n in s['by_mode'].items())}) | {s['outputs']} |",
        f"| companion MLTable files (not judged) | {s['companions']} |",
        f"| accepted by azure-ai-ml | {s['official_ok']} |",
        f"| accepted by speclift | {s['speclift_ok']} |",
        f"| same verdict | {s['agree']} |",
    ]
    out += [f"| outputs: {kind} | {n} |" for kind, n in s["by_type"].items()]
    out += ["", f"### Refused by design ({len(outcome.refused)})", ""]
    if outcome.refused:
        out += ["| file | message | reason |", "|---|---|---|"]
        for f, message, reason in sorted(outcome.refused, key=lambda x: x[0].label):
            out.append(f"| `{f.label}` | {_md(message, stage)} | {_md(reason or '**not listed**', stage, 600)} |")
    else:
        out.append("None.")
    out += ["", f"### Outputs a tool rejects ({len(outcome.rejected)})", ""]
    out += [f"- `{o.label}`: {_md(why, stage, 600)}" for o, why in outcome.rejected] or ["None."]
    staged = sorted(((f.label, mode, made) for f in files for mode, made in f.stand_ins.items() if made), key=lambda x: x[:2])
    held = sorted((o for f in files for o in f.outputs if o.placeholders), key=lambda o: o.label)
    out += [
        "",
        f"### Placeholders ({s['stand_ins'] + s['placeholders']}: {s['stand_ins']} before converting, {s['placeholders']} after)",
        "",
        "Before converting: stand-ins for the repository's files that speclift's conversion names and the corpus does "
        "not hold (code folders, conda files holding only `python=3.10`, empty scripts), relative to the source. After: "
        "empty stand-ins for local paths the SDK checks beyond those (a spark job's entry file), that the v1 source "
        "names, relative to the output.",
        "",
        "<details><summary>list</summary>",
        "",
    ]
    out += [f"- `{label}` ({mode}, before): {', '.join(f'`{p}`' for p in sorted(made))}" for label, mode, made in staged]
    out += [f"- `{o.label}` (after): {', '.join(f'`{p}`' for p in sorted(o.placeholders))}" for o in held]
    out += ["", "</details>"]
    return out
