"""Staging for the v1-SDK check (v1_sdk_check.py): the v1 corpus at its repository paths, the stand-ins for the
repository's files the conversion names (before converting) and for the paths azure-ai-ml checks beyond them (after
the v1 SDK has read the sources), and the in-situ conversion ``speclift convert ROOT --out OUT --report R.json``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import converted_azureml as caz
import placeholders
import yaml


@dataclass
class Source:
    label: str  # corpus file name, or samples/azureml-v1/... path
    path: Path  # staged source
    root: Path  # the repository it was converted with
    expected: bool = True  # a v1 spec the in-situ conversion must find (every corpus file; samples speclift detects)
    kind: str | None = None  # v1 kind from the conversion report (runconfig, ...), a companion's from the staging
    outputs: list[Path] = field(default_factory=list)  # the default conversion's
    k8s_outputs: list[Path] = field(default_factory=list)  # deployments converted with -O kubernetes=true
    v1: dict[str, Any] | None = None  # official_azureml_v1.py record
    v2: dict[Path, dict[str, Any]] = field(default_factory=dict)  # effective_azureml.py records
    placeholders: list[str] = field(default_factory=list)
    used_by: list[Path] = field(default_factory=list)  # a companion (inference configuration): the files using it


# --------------------------------------------------------------------------------------------------- staging


def stage(corpus: Path | None, root: Path, stage_root: Path) -> list[Source]:
    """Corpus files at their repository paths (one tree per repository and commit), samples as one more tree."""
    sources: list[Source] = []
    base = stage_root / "repos"
    folders = [corpus / group for group in caz.CORPORA if corpus is not None and (corpus / group).is_dir()]
    rows = [(folder, row) for folder in folders for row in caz._sources(folder)]
    commits: dict[str, set[str]] = {}
    for _, row in rows:  # across the four folders: one tree per repository and commit
        commits.setdefault(row["repo"], set()).add(row["commit"])
    for folder, row in rows:
        src = folder / row["file"]
        if not src.is_file():
            continue
        rel = caz._corpus_rel(row, len(commits[row["repo"]]) > 1)
        dest = base / rel
        if dest.exists():
            dest = dest.with_name(f"{dest.stem}.{row['file']}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        top = rel.parts[0] if rel.parts[0] == "_synthetic" else Path(*rel.parts[:2])
        sources.append(Source(row["file"], dest, base / top))
    samples = root / caz.SAMPLES
    if samples.is_dir():
        tree = base / "own"
        shutil.copytree(samples, tree / caz.SAMPLES, ignore=shutil.ignore_patterns("expected"), dirs_exist_ok=True)
        v1_samples = {tree / f.rel.relative_to("own") for f in caz.stage(None, root, stage_root / "detect")}
        for src in sorted((tree / caz.SAMPLES).rglob("*")):
            if src.is_file():
                sources.append(Source(str(src.relative_to(tree)), src, tree, expected=src in v1_samples))
    return sources


# option sets the repositories are converted with: (name, options, source kinds whose outputs are compared)
OPTION_SETS = [
    ("default", [], None),
    ("kubernetes", ["-O", "kubernetes=true"], ("deployment-config", "inference-config")),
]


def convert(sources: list[Source], speclift: list[str], stage_root: Path) -> list[str]:
    """``speclift convert ROOT --out OUT --report R.json`` for every repository, all at once, then with
    ``-O kubernetes=true`` for the repositories with deployments; returns problems."""
    problems: list[str] = []
    for name, options, kinds in OPTION_SETS:
        roots = sorted({s.root for s in sources if kinds is None or s.kind in kinds})
        stage_named(sources, roots, name, options, stage_root)
        running = []
        for i, root in enumerate(roots):
            out = stage_root / f"out-{name}" / root.relative_to(stage_root / "repos")
            report = stage_root / "reports" / f"{name}-{i}.json"
            report.parent.mkdir(parents=True, exist_ok=True)
            cmd = [*speclift, "convert", str(root), "--out", str(out), "--report", str(report), *options]
            running.append((root, report, subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
        by_path = {s.path: s for s in sources}
        for root, report, proc in running:
            _, err = proc.communicate()
            if not report.is_file():
                problems.append(
                    f"speclift convert {' '.join(options)} {root.relative_to(stage_root)} wrote no report "
                    f"(exit {proc.returncode}): {err.decode()[-400:]}"
                )
                continue
            for entry in json.loads(report.read_text(encoding="utf-8"))["files"]:
                source = by_path.get(Path(entry["path"]))
                v1_types = [t for t in entry.get("spec_types") or [] if str(t).startswith("azureml/v1/")]
                if source is None or not v1_types:
                    continue
                outputs = [Path(o["path"]) for o in entry.get("outputs") or [] if o.get("state") in ("written", "unchanged")]
                if kinds is None:
                    source.kind = v1_types[0].rsplit("/", 1)[-1]
                    source.outputs = outputs
                elif source.kind in kinds:
                    source.k8s_outputs = outputs
        for s in sources:  # a companion is compared through the outputs of the (first) file using it
            user = by_path.get(s.used_by[0]) if s.used_by else None
            if user is not None and kinds is None:
                s.outputs = user.outputs
            elif user is not None and s.kind in kinds:
                s.k8s_outputs = user.k8s_outputs
    return problems


def stage_named(sources: list[Source], roots: list[Path], name: str, options: list[str], stage_root: Path) -> None:
    """Before ``speclift convert ROOT --out OUT OPTIONS`` of each root: stand-ins for the repository's files its
    outputs will name that the corpus does not hold (placeholders.stage_tree_files); companions take their kind
    from it (the conversion report lists only the files converted on their own)."""
    by_path = {str(s.path): s for s in sources}
    for root in roots:
        out = stage_root / f"out-{name}" / root.relative_to(stage_root / "repos")
        done = placeholders.stage_tree_files(root, out, options[1::2])
        for path, made in done.made.items():
            if path in by_path:
                by_path[path].placeholders += [f"{m} (before converting, {name})" for m in made]
        for path, users in done.used_by.items():
            s = by_path.get(path)
            v1_types = [t for t in done.spec_types[path] if t.startswith("azureml/v1/")]
            if s is not None and v1_types:
                s.kind = s.kind or v1_types[0].rsplit("/", 1)[-1]
                s.used_by = [Path(u) for u in users]


def make_placeholders(sources: list[Source], stage_root: Path) -> None:
    """Empty stand-ins for the local paths an output names that are missing, only those the v1 source names."""
    for s in sources:
        named: set[str] = set()
        try:
            for doc in yaml.safe_load_all(s.path.read_text(encoding="utf-8")):
                named.update(caz._named_paths(doc))
        except (yaml.YAMLError, UnicodeDecodeError, OSError):
            pass

        def wanted(target: Path, named: set[str] = named) -> bool:
            posix = target.as_posix()
            return any(posix == n or posix.endswith("/" + n) for n in named)

        for out in [*s.outputs, *s.k8s_outputs]:
            try:
                doc = yaml.safe_load(out.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError, OSError):
                continue
            s.placeholders += [f"{p} (after converting)" for p in placeholders.create(doc, out.parent, stage_root, wanted)]
