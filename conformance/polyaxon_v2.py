"""The Polyaxon 2.x polyaxonfile check of the conformance stage (``--only polyaxon-v2``): polyaxon 2.18 judges.

Used by run.py (see conformance/README.md, "Polyaxonfiles for polyaxon 2.x"). polyaxon 2.18's verdict is
``get_specification(data=path)`` (``official_polyaxon.py`` run in the 2.18 environment): the schema ``polyaxon check``
applies, offline (``check_polyaxonfile`` also resolves ``hubRef``/``urlRef``/``pathRef``, which needs the network or
files outside the corpus). The check fails when

- an output of ``speclift convert --to polyaxon-v2`` is rejected by 2.18: the conversion of every corpus v1.1 file,
  of every corpus v0 file through the chain (v0 -> 1.1 -> 2.x in one run), and the golden outputs of the own cases
  (``tests/cases/convert/polyaxon-v2/``, and the v0 cases converted with ``to=polyaxon-v2``); a file the conversion
  leaves without output must carry an SL404 (it needs a person; the report lists the reason) or an SL403 (2.x reads
  it as it is);
- a corpus v1.1 file that 2.18 rejects gets no finding from ``speclift validate`` (SL216 saying why and what to do,
  or an error where 1.x refuses the file as well);
- speclift's verdict on a corpus v1.1 file read as 2.x reads it (``validate --schema polyaxon/v2/<kind>``: an error or
  none) differs from 2.18's;
- an own schema case of ``polyaxon/v2/component`` or ``polyaxon/v2/operation`` gets another verdict from 2.18 or from
  speclift than its name says (``valid-*`` / ``invalid-*``).

speclift runs in this process (the repository's package); polyaxon 2.18 in its own environment, in one process.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from converted_mlproject_polyaxon import Outcome  # lines, failures, warnings, report: the same shape
from oracle import ask_list

GROUP = "polyaxon 2.x polyaxonfiles"
V1_CORPUS = "polyaxon-v1"
V0_CORPUS = "polyaxon-v0"
OWN_SCHEMA = ("tests/cases/schema/polyaxon-v2-component", "tests/cases/schema/polyaxon-v2-operation")
OWN_CONVERT = ("tests/cases/convert/polyaxon-v2", "tests/cases/convert/polyaxon-v0")
TARGET = "polyaxon-v2"
# the converters' options for the 2.x target, by source spec type
OPTIONS = {
    "polyaxon/v0/polyaxonfile": {"to": TARGET},
    "polyaxon/v1/component": {"to": TARGET},
    "polyaxon/v1/operation": {"to": TARGET},
}


@dataclass
class Judged:
    label: str
    path: Path
    kind: str  # "output", "original", "schema case"
    ok: bool | None = None  # polyaxon 2.18's verdict
    error: str = ""


@dataclass
class Conversion:
    label: str  # corpus file name or case path
    source: str  # "v1.1 corpus", "v0 corpus"
    outputs: list[Judged] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # SL404 messages


def _convert(label: str, path: Path, source: str, out: Path) -> Conversion:
    from speclift.conversion.engine import convert_file

    converted = convert_file(str(path), OPTIONS)
    result = Conversion(label, source, codes=sorted({f.code for f in converted.findings}))
    result.refusals = [f"{f.line}:{f.column} {f.message}" for f in converted.findings if f.code == "SL404"]
    for index, output in enumerate(converted.outputs):
        dest = out / f"{path.stem}.{index}.v2.yml"
        dest.write_text(output.text, encoding="utf-8")
        result.outputs.append(Judged(f"{label} (output {index})", dest, "output"))
    return result


def _corpus_files(corpus: Path | None, folder: str) -> list[Path]:
    where = corpus / folder if corpus else None
    if where is None or not where.is_dir():
        return []
    return sorted(p for p in where.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def _findings(path: Path) -> list[tuple[bool, str]]:
    """speclift validate's SL216 findings and errors on one file: (is an error, `line:col CODE message`)."""
    from speclift.config import Settings
    from speclift.findings import Severity
    from speclift.validation.engine import validate_file

    result = validate_file(str(path), Settings(check_paths=False))
    return [
        (f.severity == Severity.ERROR, f"{f.line}:{f.column} {f.code} {f.message}")
        for f in result.findings
        if f.code == "SL216" or f.severity == Severity.ERROR
    ]


def _valid_as_v2(path: Path) -> tuple[bool, str]:
    """speclift's verdict on a 1.1 file read as polyaxon 2.x reads it: (no error, the first error)."""
    from speclift import yamlio
    from speclift.config import Settings
    from speclift.findings import Severity
    from speclift.validation.engine import validate_file

    documents = yamlio.load(path.read_text(encoding="utf-8"), str(path)).documents
    data = documents[0].data if documents else None
    kind = "operation" if isinstance(data, dict) and data.get("kind") == "operation" else "component"
    result = validate_file(str(path), Settings(check_paths=False, schema=f"polyaxon/v2/{kind}"))
    errors = [f"{f.line}:{f.column} {f.code} {f.message}" for f in result.findings if f.severity == Severity.ERROR]
    return not errors, errors[0] if errors else ""


def judge(python: Path, script: Path, items: list[Judged], work: Path) -> None:
    """polyaxon 2.18's verdict on every item, in one process."""
    records = ask_list(python, script, [i.path for i in items], work, "polyaxon 2.18 on the polyaxon-v2 list")
    for item in items:
        record = records[str(item.path)]
        item.ok, item.error = bool(record["ok"]), record.get("error") or ""


def check(corpus: Path | None, root: Path, python: Path, here: Path) -> Outcome:
    """The whole check: converted, judged by polyaxon 2.18, compared."""
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="speclift-polyaxon-v2-") as tmp:
        work = Path(tmp).resolve()
        (work / "converted").mkdir()
        conversions = [_convert(p.name, p, "v1.1 corpus", work / "converted") for p in _corpus_files(corpus, V1_CORPUS)]
        conversions += [_convert(p.name, p, "v0 corpus", work / "converted") for p in _corpus_files(corpus, V0_CORPUS)]
        originals = []
        for src in _corpus_files(corpus, V1_CORPUS):
            dest = work / "originals" / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            originals.append(Judged(src.name, dest, "original"))
        own: list[Judged] = []
        for folder in OWN_SCHEMA:
            own += [Judged(str(p.relative_to(root)), p, "schema case") for p in sorted((root / folder).glob("*.yml"))]
        golden: list[Judged] = []
        for folder in OWN_CONVERT:
            for case in sorted((root / folder).iterdir()):
                options = case / "options.txt"
                if case.is_dir() and options.exists() and f"to={TARGET}" in options.read_text().split():
                    golden += [Judged(str(p.relative_to(root)), p, "output") for p in sorted(case.glob("expected*.yml"))]
        outputs = [o for c in conversions for o in c.outputs]
        judge(python, here / "official_polyaxon.py", outputs + originals + own + golden, work)

        for item in outputs + golden:
            if not item.ok:
                outcome.failures.append(f"{GROUP}: polyaxon 2.18 rejects the converted {item.label}: {item.error}")
        for conversion in conversions:
            if not conversion.outputs and not conversion.refusals and "SL403" not in conversion.codes:
                outcome.failures.append(f"{GROUP}: {conversion.label} gave no output and no reason ({conversion.codes})")
        rejected = [o for o in originals if not o.ok]
        found = {o.label: _findings(o.path) for o in rejected}
        for item in rejected:
            if not found[item.label]:
                outcome.failures.append(f"{GROUP}: polyaxon 2.18 rejects {item.label} and speclift says nothing: {item.error}")
        agree = 0
        for item in originals:
            mine_ok, mine_error = _valid_as_v2(item.path)
            if mine_ok == item.ok:
                agree += 1
            else:
                outcome.failures.append(
                    f"{GROUP}: {item.label} read as 2.x: polyaxon 2.18 {'ok' if item.ok else 'fail'}, speclift "
                    f"{'ok' if mine_ok else 'fail'} ({item.error or mine_error})"
                )
        for item in own:
            expected = Path(item.label).name.startswith("valid-")
            mine = not any(error for error, _ in _findings(item.path))
            if item.ok != expected or mine != expected:
                outcome.failures.append(
                    f"{GROUP}: {item.label}: polyaxon 2.18 {'ok' if item.ok else 'fail'}, speclift "
                    f"{'ok' if mine else 'fail'}, expected {'ok' if expected else 'fail'} ({item.error})"
                )
        _summary(outcome, conversions, outputs, golden, originals, rejected, found, own)
        outcome.lines.append(f"{GROUP}: corpus v1.1 files read as 2.x, same verdict as polyaxon 2.18: {agree}/{len(originals)}")
        outcome.report[4:4] = [
            "",
            f"Read as polyaxon 2.x reads them (`speclift validate --schema polyaxon/v2/<kind>`), the {len(originals)} "
            f"corpus v1.1 files get the same verdict from speclift as from polyaxon 2.18 in {agree} cases.",
        ]
    return outcome


def _summary(
    outcome: Outcome,
    conversions: list[Conversion],
    outputs: list[Judged],
    golden: list[Judged],
    originals: list[Judged],
    rejected: list[Judged],
    found: dict[str, list[tuple[bool, str]]],
    own: list[Judged],
) -> None:
    accepted = sum(1 for o in outputs + golden if o.ok)
    refused = [c for c in conversions if c.refusals]
    unchanged = [c for c in conversions if "SL403" in c.codes]
    by_source = {s: [c for c in conversions if c.source == s] for s in ("v1.1 corpus", "v0 corpus")}
    with_finding = sum(1 for o in rejected if found[o.label])
    outcome.lines.append(
        f"{GROUP}: {accepted}/{len(outputs) + len(golden)} converted files accepted by polyaxon 2.18 "
        f"({len(by_source['v1.1 corpus'])} v1.1 and {len(by_source['v0 corpus'])} v0 corpus files converted, "
        f"{len(unchanged)} already read the same by 2.x, {len(refused)} need a person (SL404); {len(golden)} golden "
        f"outputs); corpus v1.1 files 2.18 rejects: {len(rejected)}/{len(originals)}, {with_finding} with a speclift "
        f"finding; {len(own)} own schema cases"
    )
    outcome.report = [
        "",
        "## Polyaxonfiles for polyaxon 2.x",
        "",
        f"polyaxon 2.18 (`get_specification`) accepts {accepted} of {len(outputs) + len(golden)} files written by "
        f"`speclift convert --to polyaxon-v2`: the conversions of {len(by_source['v1.1 corpus'])} corpus v1.1 files "
        f"({len(unchanged)} of them need no change and are left alone, SL403), of {len(by_source['v0 corpus'])} corpus "
        f"v0 files through the chain, and {len(golden)} golden outputs. Of the {len(originals)} corpus v1.1 files, "
        f"2.18 rejects {len(rejected)}; speclift reports a finding on {with_finding} of them.",
        "",
        "| corpus v1.1 file 2.18 rejects | polyaxon 2.18 | speclift |",
        "|---|---|---|",
        *(
            f"| `{o.label}` | {o.error[:200]} | {'; '.join(t for _, t in found[o.label])[:300] or '**nothing**'} |"
            for o in rejected
        ),
    ]
    if refused:
        outcome.report += [
            "",
            "Files that need a person (SL404: no output is written):",
            "",
            "| file | from | reason |",
            "|---|---|---|",
            *(f"| `{c.label}` | {c.source} | {'; '.join(c.refusals)[:300]} |" for c in refused),
        ]
