"""Precise location rate: one realistic mistake at a time, anywhere in a real file, must be reported exactly there.

Every corpus file of both current platforms (``../shared/corpus/azureml-v2`` and ``polyaxon-v1``, skipped when absent)
and every ``valid-*`` schema case that validates cleanly is mutated once per mutant, at every depth:

- ``rename-key``: a key becomes a near miss (one letter dropped or two swapped): an error at that key's own line and
  column whose message names the misspelt key;
- ``enum-near-miss``: a string value becomes a near miss: an error at the value whose message names the new value;
- ``wrong-type``: a scalar value becomes a value of another type (a number or boolean becomes a word, a string becomes
  a list): an error at the value whose message names the key;
- ``delete-required``: a key is deleted: an error at the mapping that lost it (its key, or its first line for an item
  of a list or the document itself) whose message names the deleted key.

What is not counted (and why): a mutant the shipped schema accepts, checked with the fast validator. That is how "the
platform accepts it too" is told apart from a miss: a key in an open mapping (``environment_variables``, ``tags``,
Polyaxon ``params``), a near miss of a free string, a deleted optional key. Such mutants are not mistakes the
schema can place; whether the schema's verdicts match the platform's is the conformance stage's measure. Mutants that
change what the file is (a renamed ``kind:`` or ``$schema``) are not counted either: detection, not location.

The sample is seeded and bounded (``_PER_KIND`` mutants of each kind); ``pytest -s`` prints the rates per kind and
depth. Targets: at least 95% overall and no kind below 85%.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from speclift import schemas, spectypes, yamlio
from speclift.config import Settings
from speclift.findings import Finding, Severity
from speclift.validation.engine import validate_text
from tests.conftest import CASES

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_PLATFORMS = ("azureml-v2", "polyaxon-v1")
_PER_KIND = 150
_SEED = 11
_OVERALL_TARGET = 0.95
_KIND_TARGET = 0.85
_SETTINGS = Settings(check_paths=False)


@dataclass(frozen=True, slots=True)
class Mutant:
    kind: str
    depth: int
    source: str
    text: str
    line: int  # 1-based, where the error must be
    column: int
    names: tuple[str, ...]  # the message must name one of these
    up_to_line: bool = False  # the document itself lost a key: any line up to `line` will do


def _sources() -> list[Path]:
    found = [p for platform in _PLATFORMS for p in sorted((CORPUS / platform).glob("**/*.y*ml"))]
    found += sorted((CASES / "schema").glob("*/valid-*.yml"))
    return found


def _near_miss(word: str, rng: random.Random) -> str | None:
    if len(word) < 3 or not word.replace("_", "").isalnum():
        return None
    for _ in range(4):
        at = rng.randrange(1, len(word) - 1) if len(word) > 3 else 1
        dropped = word[:at] + word[at + 1 :]
        swapped = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        candidate = dropped if rng.random() < 0.5 else swapped
        if candidate.lower() != word.lower():
            return candidate
    return None


def _mutants(source: str, text: str, rng: random.Random) -> Iterator[Mutant]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return
    yield from _walk(source, text, root, 1, (root.start_mark.line + 1, 1), rng)


def _walk(source: str, text: str, node: yaml.Node, depth: int, anchor: tuple[int, int], rng: random.Random) -> Iterator[Mutant]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(source, text, item, depth + 1, (item.start_mark.line + 1, item.start_mark.column + 1), rng)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.style or not isinstance(key.value, str):
            continue
        where = (key.start_mark.line + 1, key.start_mark.column + 1)
        typo = _near_miss(key.value, rng)
        if typo and typo not in keys:
            yield Mutant("rename-key", depth, source, _replace(text, key, typo), *where, (typo,))
        if not node.flow_style and len(node.value) > 1:
            deleted = _delete(text, key, value)
            if deleted is not None:
                yield Mutant("delete-required", depth, source, deleted, *anchor, (key.value,), up_to_line=depth == 1)
        if isinstance(value, yaml.ScalarNode):
            yield from _value_mutants(source, text, key.value, value, depth, rng)
        yield from _walk(source, text, value, depth + 1, where, rng)


def _value_mutants(source: str, text: str, key: str, value: yaml.ScalarNode, depth: int, rng: random.Random) -> Iterator[Mutant]:
    if value.style in ("|", ">") or "{{" in value.value or value.start_mark.line != value.end_mark.line:
        return
    where = (value.start_mark.line + 1, value.start_mark.column + 1)
    resolved = value.tag.rsplit(":", 1)[-1]
    if resolved == "str":
        typo = _near_miss(value.value, rng) if len(value.value) <= 40 else None
        if typo:
            yield Mutant("enum-near-miss", depth, source, _replace(text, value, typo), *where, (typo,))
        yield Mutant("wrong-type", depth, source, _replace(text, value, "[1, 2]"), *where, (key,))
    elif resolved in ("int", "float", "bool"):
        yield Mutant("wrong-type", depth, source, _replace(text, value, "not_a_number"), *where, (key,))


def _replace(text: str, node: yaml.Node, new: str) -> str:
    return text[: node.start_mark.index] + new + text[node.end_mark.index :]


def _delete(text: str, key: yaml.Node, value: yaml.Node) -> str | None:
    """The text without the key's lines: the key's own line through the last line of its value."""
    lines = text.splitlines(keepends=True)
    first, last = key.start_mark.line, _last_line(value)
    if lines[first][: key.start_mark.column].strip():  # something before the key on its line (a list dash)
        return None
    return "".join(lines[:first] + lines[last + 1 :])


def _last_line(node: yaml.Node) -> int:
    if isinstance(node, yaml.MappingNode) and node.value:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value:
        return _last_line(node.value[-1])
    end = node.end_mark
    # a block scalar ends at the start of the line after it
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _schema_file(text: str, source: str) -> str | None:
    result = validate_text(text, source, _SETTINGS)
    if len(result.spec_types) != 1 or any(f.severity == Severity.ERROR for f in result.findings):
        return None
    spec = spectypes.get(result.spec_types[0])
    return spec.schema_file


def _refused(text: str, source: str, schema_file: str) -> bool:
    try:
        loaded = yamlio.load(text, source, _SETTINGS.limits)
    except yamlio.LoadError:
        return False
    if len(loaded.documents) != 1 or loaded.findings:
        return False
    return not schemas.fast_validator(schema_file).is_valid(loaded.documents[0].data)


def _placed(mutant: Mutant, findings: list[Finding]) -> bool:
    for finding in findings:
        if finding.severity != Severity.ERROR or not any(name in finding.message for name in mutant.names):
            continue
        if mutant.up_to_line and finding.line <= mutant.line:
            return True
        if (finding.line, finding.column) == (mutant.line, mutant.column):
            return True
    return False


def _sample() -> list[tuple[Mutant, str]]:
    rng = random.Random(_SEED)
    by_kind: dict[str, list[tuple[Mutant, str]]] = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        source = path.name
        schema_file = _schema_file(text, source)
        if schema_file is None:
            continue
        try:
            for mutant in _mutants(source, text, rng):
                by_kind.setdefault(mutant.kind, []).append((mutant, schema_file))
        except yaml.YAMLError:
            continue
    picked: list[tuple[Mutant, str]] = []
    for kind in sorted(by_kind):
        candidates = by_kind[kind]
        rng.shuffle(candidates)
        counted = 0
        for mutant, schema_file in candidates:
            if counted == _PER_KIND:
                break
            if _refused(mutant.text, mutant.source, schema_file):
                picked.append((mutant, schema_file))
                counted += 1
    return picked


def _rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {100 * hits / total:.1f}%" if total else "-"


def test_precise_location_rate() -> None:
    if not all((CORPUS / platform).is_dir() for platform in _PLATFORMS):
        pytest.skip("the shared corpus is not beside this checkout")
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses: list[str] = []
    for mutant, schema_file in _sample():
        result = validate_text(mutant.text, mutant.source, _SETTINGS)
        if set(result.spec_types) != {s.id for s in spectypes.SPEC_TYPES.values() if s.schema_file == schema_file}:
            continue  # the mutant is another kind of file now: detection, not location
        depth = f"depth {min(mutant.depth, 5)}{'+' if mutant.depth >= 5 else ''}"
        placed = _placed(mutant, result.findings)
        for bucket in ("all", mutant.kind, f"{mutant.kind} {depth}"):
            totals[bucket] += 1
            hits[bucket] += placed
        if not placed:
            shown = [f"{f.line}:{f.column} {f.code} {f.message[:90]}" for f in result.findings if f.severity == Severity.ERROR]
            misses.append(f"{mutant.kind} {mutant.source} at {mutant.line}:{mutant.column} {mutant.names}: {shown[:2]}")
    print("\nPrecise location rate")
    for bucket in sorted(totals):
        print(f"  {bucket:32} {_rate(hits[bucket], totals[bucket])}")
    for miss in misses[:40]:
        print("  miss:", miss)
    kinds = {bucket for bucket in totals if bucket != "all" and " " not in bucket}
    assert totals["all"] > 0
    overall = hits["all"] / totals["all"]
    worst = min(hits[k] / totals[k] for k in kinds)
    assert overall >= _OVERALL_TARGET and worst >= _KIND_TARGET, (overall, worst, misses[:10])


_PIPELINE = """\
$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json
type: pipeline
inputs:
  corpus:
    type: uri_folder
    path: ./data
    mode: downlaod
jobs:
  train:
    type: command
    command: python train.py
    enviroment: azureml:env:1
  sweep_step:
    type: sweep
    display_name: sweeper
    trial: ./train.yml
    sampling_algorithm: random
    search_space:
      lr: {type: unifrom, min_value: 0.1, max_value: 1}
    objective: {goal: minimise, primary_metric: acc}
    limits: {max_total_trials: five}
"""
_POLYAXON_COMPONENT = """\
version: 1.1
kind: component
inputs:
- {name: epochs, type: int, isOptinal: true}
- {name: lr, type: float, value: 'one', isOptional: true}
run: {kind: job, container: {image: foo}}
"""
_POLYAXON_OPERATION = """\
version: 1.1
kind: operation
hubRef: foo
matrix:
  kind: random
  numRuns: 3
  params:
    lr: {kind: pchoise, value: [[1, 0.5], [2, 0.5]]}
params:
  x: {value: {a: 1}, strayy: 2}
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _PIPELINE,
            [
                "7:11 SL104 'downlaod' is not allowed in inputs.corpus.mode; expected one of: 'download', 'ro_mount', "
                "'direct' (did you mean download?)",
                "12:5 SL101 unknown field 'enviroment' in jobs.train (did you mean environment?)",
                "19:18 SL104 'unifrom' is not allowed in jobs.sweep_step.search_space.lr.type; expected one of: 'choice', "
                "'uniform', 'loguniform', 'quniform', 'qloguniform', 'normal', 'lognormal', 'qnormal', 'qlognormal', "
                "'randint' (did you mean uniform?)",
                "20:23 SL104 'minimise' is not allowed in jobs.sweep_step.objective.goal; expected one of: 'minimize', "
                "'maximize' (did you mean minimize?)",
                "21:32 SL103 jobs.sweep_step.limits.max_total_trials: expected number, got 'five'",
            ],
        ),
        (
            _POLYAXON_COMPONENT,
            [
                "4:29 SL101 unknown field 'isOptinal' in inputs.0 (did you mean isOptional?)",
                "5:34 SL103 inputs.1.value: expected boolean or number, got 'one'",
            ],
        ),
        (
            _POLYAXON_OPERATION,
            [
                "8:16 SL104 'pchoise' is not allowed in matrix.params.lr.kind; expected one of: 'choice', 'pchoice', "
                "'range', 'daterange', 'datetimerange', 'linspace', 'logspace', 'geomspace', 'uniform', 'loguniform', "
                "'quniform', 'qloguniform' (did you mean pchoice?)",
                "10:22 SL101 unknown field 'strayy' in params.x",
            ],
        ),
    ],
    ids=["azure-pipeline", "polyaxon-component", "polyaxon-operation"],
)
def test_union_mistakes_reported_at_the_key(text: str, expected: list[str]) -> None:
    """The issue's examples: the branch the platform picks (by `type`, `kind`, the value's own type), its error at the
    offending key; never "expected null", never "missing required field 'component'" for a node that says its type."""
    found = validate_text(text, "spec.yml", _SETTINGS).findings
    shown = [f"{f.line}:{f.column} {f.code} {f.message}{f' ({f.hint})' if f.hint else ''}" for f in found]
    assert shown == expected
