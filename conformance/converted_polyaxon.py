"""The "converted polyaxon-v0" check of the conformance stage: does `speclift convert` keep a v0 file's meaning?

Used by run.py (see conformance/README.md, "Converted Polyaxon v0 files"). For every v0 polyaxonfile of the corpus
and of samples/polyaxon-v0/:

1. polyaxon-schemas 0.6.1 (official_polyaxon0.py) gives its verdict and, for an accepted experiment, job or group,
   the container command it renders (groups: one fixed matrix suggestion);
2. speclift converts the file in-process (``speclift.conversion.engine.convert_file``), once per build mode; the outputs
   are written into the staged tree;
3. polyaxon 1.20 (official_polyaxon.py, through run.py) and polyaxon 2.18 (render_polyaxon.py) judge every output,
   and 2.18 renders the container command of the image-only output with the same params.

It fails on an output an official tool rejects (2.18 is excused for the kinds 2.x removed), on a file 0.6.1 accepts
whose conversion gives an error finding (SL404 and the rest), and on a rendered command that is not byte-identical
to 0.6.1's unless conversion-differences.yaml lists the file with its cause and reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

GROUP = "converted polyaxon-v0"
V0_CORPUS = "polyaxon-v0"
SAMPLES = Path("samples") / "polyaxon-v0"
SOURCE_TYPE = "polyaxon/v0/polyaxonfile"
# kinds polyaxon 2.x no longer has: its verdict on an output that uses one is not required (README, pitfall 9)
REMOVED_IN_2 = {"mxjob", "xgbjob", "spark", "flink", "dask", "ray", "hyperopt"}
RENDERED_MODE = "image-only"  # the build mode whose container runs exactly v0's command


@dataclass
class Output:
    mode: str
    index: int
    spec_type: str
    path: Path
    label: str
    removed_in_2: list[str] = field(default_factory=list)
    v1_ok: bool | None = None
    v1_error: str = ""
    v2_ok: bool | None = None
    v2_error: str = ""
    rendered: dict[str, dict[str, Any]] | None = None
    render_error: str = ""


@dataclass
class V0File:
    label: str
    staged: Path
    rel: Path  # path inside the converted tree
    official: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)  # mode -> error findings of the conversion
    crashes: dict[str, str] = field(default_factory=dict)  # mode -> exception raised by the converter
    outputs: list[Output] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return bool(self.official.get("ok"))

    @property
    def v0_command(self) -> dict[str, Any] | None:
        if self.official.get("args") is None:
            return None
        return {"command": self.official.get("command"), "args": self.official.get("args")}


@dataclass
class Difference:
    file: V0File
    kind: str  # "command", "render", "missing"
    detail: str
    entry: dict[str, str] | None = None


@dataclass
class ConversionOutcome:
    lines: list[str]
    failures: list[str]
    warnings: list[str]
    stats: dict[str, Any]
    differences: list[Difference]
    rejected: list[tuple[Output, str]]
    conversion_errors: list[tuple[V0File, str, str]]


# --------------------------------------------------------------------------------------------------- staging


def stage_samples(root: Path, stage: Path) -> list[tuple[str, Path, Path]]:
    """(label, staged path, path relative to the staged folder) for every samples/polyaxon-v0/*.yml|yaml."""
    folder = root / SAMPLES
    out = []
    if folder.is_dir():
        for src in sorted(folder.iterdir()):
            if src.suffix in (".yml", ".yaml") and src.is_file():
                rel = SAMPLES / src.name
                dest = stage / "polyaxon-v0-samples" / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
                out.append((str(rel), dest, Path("samples") / rel))
    return out


# --------------------------------------------------------------------------------------------------- conversion


def conversion_modes() -> list[dict[str, str]]:
    """One options set per build mode the converter offers (the default alone if it has none)."""
    from speclift.converters import converter_for

    module = converter_for(SOURCE_TYPE)
    if module is None:
        raise SystemExit(f"error: speclift has no converter for {SOURCE_TYPE}")
    option = module.OPTIONS.get("build-mode")
    if option is None or not option.choices:
        return [{}]
    return [{"build-mode": choice} for choice in option.choices]


def mode_name(options: dict[str, str]) -> str:
    return options.get("build-mode", "default")


def convert_all(files: list[V0File], out_root: Path) -> None:
    """Convert every file in every build mode and write the outputs under out_root/<mode>/."""
    from speclift.conversion.engine import convert_file
    from speclift.conversion.writing import output_path
    from speclift.findings import Severity

    modes = conversion_modes()
    for options in modes:
        mode = mode_name(options)
        for v0 in files:
            try:
                result = convert_file(str(v0.staged), {SOURCE_TYPE: options} if options else None)
            except Exception as exc:  # a crash is a finding of this check, not the end of the stage
                v0.crashes[mode] = f"{type(exc).__name__}: {exc}"
                v0.errors[mode] = [f"speclift convert raised {type(exc).__name__}: {exc}"]
                continue
            v0.errors[mode] = [
                f"{f.code} {f.line or ''}:{f.column or ''} {f.pointer or ''} {f.message}".replace(" : ", " ")
                for f in result.findings
                if f.severity == Severity.ERROR
            ]
            base = out_root / mode / v0.rel
            for index, rendered in enumerate(result.outputs):
                dest = Path(output_path(str(base), rendered.suffix, out=str(base)))
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(rendered.text, encoding="utf-8")
                suffix = f" [{rendered.suffix}]" if rendered.suffix else ""
                output = Output(mode, index, rendered.spec_type, dest, f"{v0.label}{suffix} ({mode})")
                with contextlib.suppress(yaml.YAMLError):
                    output.removed_in_2 = sorted(_removed_kinds(yaml.safe_load(rendered.text)))
                v0.outputs.append(output)


def _removed_kinds(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        kind = node.get("kind")
        if isinstance(kind, str) and kind.lower() in REMOVED_IN_2:
            found.add(kind.lower())
        for value in node.values():
            found |= _removed_kinds(value)
    elif isinstance(node, list):
        for value in node:
            found |= _removed_kinds(value)
    return found


def render_target(v0: V0File) -> Output | None:
    """The output whose rendered command is compared with 0.6.1's: the operation (it carries the matrix and
    params) if there is one, else the component, of the image-only conversion."""
    candidates = [o for o in v0.outputs if o.mode == RENDERED_MODE] or [o for o in v0.outputs if o.mode == "default"]
    for output in candidates:
        if output.spec_type.endswith("/operation"):
            return output
    return candidates[0] if candidates else None


# --------------------------------------------------------------------------------------------------- official tools


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)  # the official tools must never see speclift
    return env


def start_polyaxon0(python: Path, script: Path, files: list[V0File], stage: Path) -> tuple[subprocess.Popen, Path]:
    listing = stage / "official-polyaxon0.list"
    listing.write_text("".join(f"{f.staged}\n" for f in files), encoding="utf-8")
    out = stage / "official-polyaxon0.jsonl"
    proc = subprocess.Popen(
        [str(python), str(script), "--list", str(listing)],
        stdout=out.open("wb"),
        stderr=subprocess.PIPE,
        cwd=str(stage),
        env=_env(),
    )
    return proc, out


def collect_polyaxon0(proc: subprocess.Popen, out: Path, files: list[V0File]) -> None:
    _, err = proc.communicate()
    by_path = {str(f.staged): f for f in files}
    for line in out.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec["file"] in by_path:
                by_path[rec["file"]].official = rec
    missing = [f for f in files if not f.official]
    if proc.returncode != 0 or missing:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-15:]
        raise SystemExit(
            f"error: official_polyaxon0.py failed (exit {proc.returncode}, {len(missing)} files without a verdict)\n"
            + "\n".join(tail)
        )


def start_polyaxon2(python: Path, script: Path, stage: Path) -> subprocess.Popen:
    """Started early (its import takes a second); the requests follow once 0.6.1's params are known."""
    return subprocess.Popen(
        [str(python), str(script), "--requests", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(stage),
        env=_env(),
    )


def run_polyaxon2(proc: subprocess.Popen, files: list[V0File]) -> None:
    by_path: dict[str, Output] = {}
    requests = []
    for v0 in files:
        target = render_target(v0) if v0.accepted and v0.v0_command is not None else None
        for output in v0.outputs:
            params = v0.official.get("params") if output is target else None
            by_path[str(output.path)] = output
            requests.append(json.dumps({"file": str(output.path), "params": params}) + "\n")
    out, err = proc.communicate("".join(requests).encode("utf-8"))
    for line in out.decode("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            output = by_path.get(rec["file"])
            if output is None:
                continue
            output.v2_ok = rec["ok"]
            output.v2_error = rec.get("error") or ""
            output.rendered = rec.get("rendered")
            output.render_error = rec.get("render_error") or ""
    missing = [o for o in by_path.values() if o.v2_ok is None]
    if proc.returncode != 0 or missing:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-15:]
        raise SystemExit(
            f"error: render_polyaxon.py failed (exit {proc.returncode}, {len(missing)} files without a verdict)\n"
            + "\n".join(tail)
        )


# --------------------------------------------------------------------------------------------------- evaluation


def first_difference(a: str, b: str) -> str:
    """A short view of where two strings part: `...common|0.6.1 rest` vs `...common|converted rest`."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    start = max(0, i - 30)
    return f"0.6.1 {a[start : i + 50]!r} vs converted {b[start : i + 50]!r} (at character {i})"


def compare_command(v0: V0File, target: Output | None) -> tuple[str, str] | None:
    """None when every rendered container equals 0.6.1's; else (kind, detail)."""
    expected = v0.v0_command
    if expected is None:
        return None
    if target is None:
        return "missing", "the conversion gave no output to render"
    if target.v2_ok is False:
        return "render", f"polyaxon 2.18 rejects the output {target.label}, so it cannot render it"
    if target.render_error:
        return "render", f"polyaxon 2.18 could not render {target.label}: {target.render_error}"
    if not target.rendered:
        return "render", "the rendered output has no container"
    problems = []
    for replica, got in target.rendered.items():
        if got == expected:
            continue
        if got.get("command") != expected["command"]:
            problems.append(f"{replica}: command {got.get('command')!r} instead of {expected['command']!r}")
        else:
            a = "\n".join(expected["args"] or [])
            b = "\n".join(got.get("args") or [])
            problems.append(f"{replica}: args differ: {first_difference(a, b)}")
    return ("command", "; ".join(problems)) if problems else None


def _squeezed(command: dict[str, Any]) -> dict[str, Any]:
    return {"command": command.get("command"), "args": [" ".join(a.split()) for a in command.get("args") or []]}


def explains(cause: str, v0: V0File, target: Output) -> bool | None:
    """Whether a documented quirk accounts for the whole difference (None: a cause this check cannot verify).

    params-over-matrix: 0.6.1's rendering with the suggestion winning over same-name params equals the converted
    file's. empty-flag-space: the commands are equal once runs of whitespace are collapsed and the ends trimmed.
    """
    rendered = list((target.rendered or {}).values())
    if not rendered:
        return False
    if cause == "params-over-matrix":
        return all(r == v0.official.get("matrix_wins") for r in rendered)
    if cause == "empty-flag-space":
        expected = v0.v0_command or {}
        return all(_squeezed(r) == _squeezed(expected) for r in rendered)
    return None


def evaluate(files: list[V0File], entries: list[dict[str, str]]) -> ConversionOutcome:
    failures: list[str] = []
    warnings: list[str] = []
    outputs = [o for f in files for o in f.outputs]
    rejected: list[tuple[Output, str]] = []
    for o in outputs:
        if o.v1_ok is False:
            rejected.append((o, f"polyaxon 1.20: {o.v1_error}"))
        if o.v2_ok is False and not o.removed_in_2:
            rejected.append((o, f"polyaxon 2.18: {o.v2_error}"))
    for o, why in rejected:
        failures.append(f"converted output rejected: {o.label}: {why}")
    conversion_errors: list[tuple[V0File, str, str]] = []
    for f in files:
        for mode, crash in f.crashes.items():
            failures.append(f"speclift convert ({mode}) raised on {f.label}: {crash}")
        if not f.accepted:
            continue
        for mode, errors in f.errors.items():
            for error in errors:
                conversion_errors.append((f, mode, error))
                failures.append(f"0.6.1 accepts {f.label} but its conversion ({mode}) fails: {error}")
    by_file = {e["file"]: e for e in entries}
    differences: list[Difference] = []
    compared = identical = 0
    for f in files:
        if not f.accepted or f.v0_command is None:
            continue
        compared += 1
        found = compare_command(f, render_target(f))
        if found is None:
            identical += 1
            continue
        entry = by_file.get(f.label)
        differences.append(Difference(f, found[0], found[1], entry))
        if entry is None:
            failures.append(f"unlisted difference in the rendered command of {f.label}: {found[1]}")
        elif not entry.get("reason") or not entry.get("cause"):
            failures.append(f"conversion-differences.yaml: {f.label} needs a cause and a reason")
        elif found[0] != "command":
            failures.append(f"{f.label}: {found[1]} (conversion-differences.yaml only excuses differing commands)")
        elif explains(entry["cause"], f, render_target(f)) is False:  # type: ignore[arg-type]
            failures.append(
                f"{f.label} is listed as {entry['cause']}, but that does not explain the whole difference: {found[1]}"
            )
    differing = {d.file.label for d in differences}
    present = {f.label for f in files}
    for e in entries:
        if e["file"] in present and e["file"] not in differing:
            warnings.append(f"stale entry in conversion-differences.yaml, the commands are now identical: {e['file']}")
    causes = Counter((d.entry or {}).get("cause") or "not listed" for d in differences)
    stats = {
        "files": len(files),
        "accepted_0_6_1": sum(1 for f in files if f.accepted),
        "outputs": len(outputs),
        "modes": sorted({o.mode for o in outputs}),
        "v1_ok": sum(1 for o in outputs if o.v1_ok),
        "v2_ok": sum(1 for o in outputs if o.v2_ok),
        "v2_excused": sum(1 for o in outputs if not o.v2_ok and o.removed_in_2),
        "converted_ok": sum(1 for f in files if not any(f.errors.values())),
        "converted_ok_accepted": sum(1 for f in files if f.accepted and not any(f.errors.values())),
        "compared": compared,
        "identical": identical,
        "causes": dict(causes),
        "v0_render_errors": sum(1 for f in files if f.accepted and f.official.get("render_error")),
    }
    lines = [
        f"{GROUP}: {stats['files']} v0 files, 0.6.1 accepts {stats['accepted_0_6_1']}; "
        f"converted without error {stats['converted_ok']} (of those 0.6.1 accepts: {stats['converted_ok_accepted']})",
        f"{GROUP}: {stats['outputs']} outputs ({', '.join(stats['modes']) or 'no build mode'}): "
        f"polyaxon 1.20 ok {stats['v1_ok']}, polyaxon 2.18 ok {stats['v2_ok']}"
        + (f" (+{stats['v2_excused']} with kinds 2.x removed)" if stats["v2_excused"] else ""),
        f"{GROUP}: rendered commands byte-identical {identical}/{compared}"
        + (" ; differences: " + ", ".join(f"{c} {n}" for c, n in sorted(causes.items())) if causes else ""),
    ]
    return ConversionOutcome(lines, failures, warnings, stats, differences, rejected, conversion_errors)


def _md(text: str, stage: Path, limit: int = 400) -> str:
    text = text.replace(str(stage) + os.sep, "").replace(str(stage), "")
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text.replace("|", "\\|")


def report_section(outcome: ConversionOutcome, stage: Path) -> list[str]:
    s = outcome.stats
    out = [
        "",
        "## Converted Polyaxon v0 files",
        "",
        "Every v0 polyaxonfile of the corpus and of `samples/polyaxon-v0/` converted by `speclift convert` "
        "(every build mode), each output judged by polyaxon 1.20 and 2.18, and the container command rendered by "
        "polyaxon-schemas 0.6.1 (v0 file) and polyaxon 2.18 (image-only output) for the same params.",
        "",
        "| what | count |",
        "|---|---:|",
        f"| v0 files | {s['files']} |",
        f"| accepted by polyaxon-schemas 0.6.1 | {s['accepted_0_6_1']} |",
        f"| converted without an error finding | {s['converted_ok']} (accepted by 0.6.1: {s['converted_ok_accepted']}) |",
        f"| outputs ({', '.join(s['modes'])}) | {s['outputs']} |",
        f"| outputs accepted by polyaxon 1.20 | {s['v1_ok']} |",
        f"| outputs accepted by polyaxon 2.18 | {s['v2_ok']}"
        + (f" (+{s['v2_excused']} using kinds 2.x removed)" if s["v2_excused"] else "")
        + " |",
        f"| rendered commands compared | {s['compared']} |",
        f"| byte-identical | {s['identical']} |",
    ]
    out += [f"| differing: {cause} | {n} |" for cause, n in sorted(s["causes"].items())]
    out += ["", f"### Command differences ({len(outcome.differences)})", ""]
    if outcome.differences:
        out += ["| file | cause | difference | reason |", "|---|---|---|---|"]
        for d in sorted(outcome.differences, key=lambda x: x.file.label):
            entry = d.entry or {}
            out.append(
                f"| `{d.file.label}` | {entry.get('cause', '**not listed**')} | {_md(d.detail, stage)} | "
                f"{_md(entry.get('reason', '**not explained**'), stage, 600)} |"
            )
    else:
        out.append("None.")
    if outcome.rejected:
        out += ["", f"### Outputs an official tool rejects ({len(outcome.rejected)})", ""]
        out += [f"- `{o.label}`: {_md(why, stage)}" for o, why in outcome.rejected]
    if outcome.conversion_errors:
        out += ["", f"### Files 0.6.1 accepts whose conversion fails ({len(outcome.conversion_errors)})", ""]
        out += [f"- `{f.label}` ({mode}): {_md(error, stage)}" for f, mode, error in outcome.conversion_errors]
    return out


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
