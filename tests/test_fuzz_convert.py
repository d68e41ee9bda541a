"""Structure-aware fuzzing of every converter, of diff and of normalize: whatever the file, a located finding or a
usable result, never an exception.

Real files (tests/fuzz_seeds.py) are mutated as data: values replaced by ones of the wrong type (a mapping where a
string belongs, a string where a number does, huge integers, NaN, infinity, nested junk, ``${{``/``{{`` fragments,
paths like ``/etc/passwd`` and ``../../x``), keys removed, added and renamed, subtrees copied elsewhere (as copies or
as YAML aliases, recursive ones included), then dumped and converted, diffed and normalized under the seed's own path,
so the files a spec names resolve as they do for the original. Text-level edits come on top (tests/fuzzing.py).

For every input: no exception escapes; no finding is an internal error (SL009); every finding carries a catalogued
code and a line and column inside the file it names; every converted output and every canonical form reloads as YAML;
diff reports render in every format (JSON without NaN); a sample through the real command line exits only with the
documented codes and prints no traceback.

Statistics (mutants per converter and per command, what became of them) are written to
``<pytest tmp dir>/fuzz-statistics.json`` and printed at the end of the module (visible with ``-s``).
SPECLIFT_FUZZ_SCALE multiplies the number of examples.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli
from fuzz_seeds import Seed, collect_seeds
from fuzzing import FUZZ, assert_known_and_located, examples, lines_of, mutate_text, slots, strict_json
from hypothesis import given, settings
from hypothesis import strategies as st

from speclift import yamlio
from speclift.conversion.engine import ConvertedFile, convert_text
from speclift.conversion.result import TEXT
from speclift.conversion.writing import output_path
from speclift.converters import CONVERTERS
from speclift.diffing import FileDiff, diff_texts
from speclift.diffing.normalise import normalise_text
from speclift.findings import Finding, Severity
from speclift.reporters import formats, reporter

SEEDS = collect_seeds()
BY_TYPE: dict[str, list[Seed]] = {}
for _seed in SEEDS:
    BY_TYPE.setdefault(_seed.source_type, []).append(_seed)

STATS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def statistics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    yield
    report = tmp_path_factory.getbasetemp() / "fuzz-statistics.json"
    report.write_text(json.dumps(dict(sorted(STATS.items())), indent=1) + "\n")
    print(f"\nfuzz statistics ({report}):")
    for key, count in sorted(STATS.items()):
        print(f"  {count:6d}  {key}")


# --------------------------------------------------------------------------------------------------------------------
# mutations of the data

HOSTILE_SCALARS = [
    "${{", "${{inputs.x}}", "${{parent.jobs.j.outputs.o}}", "${{" * 20, "{{", "{{ x }}", "{{ globals.run_uuid }}", "}}",
    "/etc/passwd", "../../x", "..", "/", "~", "C:\\x", "", " ", "-1", "0", "1e999", "abc", "null", "true", "a\nb",
    "azureml:", "azureml:x:1", "*", "é", "\x7f",
]  # fmt: skip
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # NaN and the infinities included
    | st.sampled_from(HOSTILE_SCALARS)
    | st.text(max_size=8)
)
_JUNK_KEYS = st.sampled_from(["name", "type", "path", "value", "kind", "image", "", "<<", "1", "x"]) | st.text(max_size=6)


def _values(keys: list[str]) -> st.SearchStrategy[Any]:
    """Hostile values: leaves of every type, and lists and mappings of them keyed by the seed's own keys or junk."""
    key = st.sampled_from(keys) | _JUNK_KEYS if keys else _JUNK_KEYS
    return st.recursive(
        _LEAVES, lambda children: st.lists(children, max_size=3) | st.dictionaries(key, children, max_size=3), max_leaves=6
    )


def _keys(data: Any) -> list[str]:
    return sorted({key for container, key in slots(data) if isinstance(container, dict) and isinstance(key, str)})


def _mutate_slot(draw: st.DrawFn, data: Any, keys: list[str]) -> None:
    """One edit at a random place: remove, replace, add, rename, copy a subtree here, wrap or unwrap."""
    found = slots(data)
    if not found:
        return
    container, key = draw(st.sampled_from(found))
    op = draw(st.sampled_from(["remove", "replace", "replace", "add", "rename", "copy", "wrap", "unwrap"]))
    if op == "remove":
        del container[key]
    elif op == "add" and isinstance(container, dict):
        container[draw(st.sampled_from(keys) | _JUNK_KEYS if keys else _JUNK_KEYS)] = draw(_values(keys))
    elif op == "rename" and isinstance(container, dict):
        value = container.pop(key)
        new = draw(st.sampled_from([f"{key}s", f"{key}".upper(), f"{key}"[:-1], *keys[:40]]))
        container[new] = value
    elif op == "copy":  # a subtree where another belongs (a step where a parameter is expected, ...)
        source, source_key = draw(st.sampled_from(found))
        container[key] = copy.deepcopy(source[source_key])
    elif op == "wrap":
        value = container[key]
        container[key] = draw(st.sampled_from([[value], {draw(st.sampled_from(keys) if keys else _JUNK_KEYS): value}]))
    elif op == "unwrap" and isinstance(container[key], (dict, list)) and container[key]:
        inner = container[key]
        container[key] = next(iter(inner.values())) if isinstance(inner, dict) else inner[0]
    else:
        container[key] = draw(_values(keys))


def _share(draw: st.DrawFn, data: Any) -> None:
    """Make one place refer to another node (a YAML alias once dumped), sometimes to a node that contains it (a
    recursive alias, which every loader must refuse)."""
    found = [(c, k) for c, k in slots(data) if isinstance(c[k], (dict, list))]
    if not found:
        return
    container, key = draw(st.sampled_from(slots(data)))
    target, target_key = draw(st.sampled_from(found))
    container[key] = target[target_key] if draw(st.booleans()) else container


@st.composite
def mutated_data(draw: st.DrawFn, seeds: list[Seed]) -> tuple[Seed, str]:
    seed = draw(st.sampled_from(seeds))
    data = copy.deepcopy(seed.documents)  # a list of documents: whole documents can be edited too
    keys = _keys(data)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        _mutate_slot(draw, data, keys)
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        _share(draw, data)
    text = yaml.safe_dump_all(data, sort_keys=False, allow_unicode=True) if isinstance(data, list) else ""
    if draw(st.integers(min_value=0, max_value=7)) == 0:  # now and then a small edit of the text on top
        text = mutate_text(draw, text)
    return seed, text


@st.composite
def mutated_text(draw: st.DrawFn, seeds: list[Seed]) -> tuple[Seed, str]:
    seed = draw(st.sampled_from(seeds))
    return seed, mutate_text(draw, seed.text)


def mutants(seeds: list[Seed]) -> st.SearchStrategy[tuple[Seed, str]]:
    return mutated_data(seeds) | mutated_text(seeds)


# --------------------------------------------------------------------------------------------------------------------
# the properties


def assert_reloads(text: str, what: str) -> None:
    """``text`` is YAML that speclift's loader reads without an error (and PyYAML too)."""
    loaded = yamlio.load(text, what)
    errors = [f"{f.code} {f.line}:{f.column} {f.message}" for f in loaded.findings if f.severity == Severity.ERROR]
    assert not errors, f"{what} does not reload: {errors}\n{text[:2000]}"
    list(yaml.safe_load_all(text))


def assert_findings_located(findings: list[Finding], texts: dict[str, str]) -> None:
    """Each finding located in the text of the file it names: one of ``texts``, else a file on disk (a run
    configuration the spec refers to)."""
    for finding in findings:
        text = texts.get(finding.path)
        if text is None and os.path.isfile(finding.path):
            text = yamlio.read_file(finding.path)
        assert text is not None or finding.line == 0, f"{finding.path}: {finding.code} names a file that is not there"
        assert_known_and_located(finding, text or "")


def check_conversion(result: ConvertedFile, text: str, path: str) -> None:
    texts = {path: text}
    for output in result.outputs:
        if output.spec_type != TEXT:  # a program or a script is no YAML
            assert_reloads(output.text, f"output of {path}")
        where = os.path.join(os.path.dirname(path), output.file) if output.file else output_path(path, output.suffix)
        texts[where] = output.text
    assert_findings_located(result.findings, texts)


def converted(seed: Seed, text: str) -> ConvertedFile:
    result = convert_text(text, str(seed.path), seed.options)
    check_conversion(result, text, str(seed.path))
    outcome = "converted" if result.outputs else "refused" if result.conversions else "not converted"
    STATS[f"convert {seed.source_type}: {outcome}"] += 1
    return result


def check_diff(result: FileDiff, text_a: str, text_b: str) -> None:
    assert_findings_located(result.findings, {result.path_a: text_a, result.path_b: text_b})
    lines_a, lines_b = len(lines_of(text_a)), len(lines_of(text_b))
    for change in result.changes:
        assert 0 <= change.line_a <= lines_a and 0 <= change.line_b <= lines_b, change
    for document in result.documents:
        for note in document.notes:
            assert 0 <= note.line <= max(lines_a, lines_b), note
    for name in formats("diff"):
        rendered = reporter("diff", name)([result])
        if name == "json":
            strict_json(rendered)


def diffed(text_a: str, path_a: str, text_b: str, path_b: str, pair: str) -> FileDiff:
    result = diff_texts(text_a, text_b, path_a, path_b)
    check_diff(result, text_a, text_b)
    outcome = "error" if result.findings else "different" if result.different else "same"
    STATS[f"diff {pair}: {outcome}"] += 1
    return result


def _beside(seed: Seed) -> str:
    """B's path: the seed's name in a folder beside it, so findings tell A from B and a file name keeps its meaning."""
    return str(seed.path.parent / "b" / seed.path.name)


# --------------------------------------------------------------------------------------------------------------------
# convert


@pytest.mark.parametrize("source", CONVERTERS)
@settings(FUZZ, max_examples=examples(260))
@given(data=st.data())
def test_convert_mutants(source: str, data: st.DataObject) -> None:
    # Mostly structure-aware edits of the data (wrong types, removed and renamed keys), some edits of the text.
    mutate = data.draw(st.sampled_from([mutated_data, mutated_data, mutated_data, mutated_text]))
    seed, text = data.draw(mutate(BY_TYPE[source]))
    converted(seed, text)


# --------------------------------------------------------------------------------------------------------------------
# diff


@settings(FUZZ, max_examples=examples(300))
@given(case=mutants(SEEDS), swap=st.booleans())
def test_diff_seed_against_mutant(case: tuple[Seed, str], swap: bool) -> None:
    seed, text = case
    if swap:
        diffed(text, str(seed.path), seed.text, _beside(seed), "mutant/seed")
    else:
        diffed(seed.text, str(seed.path), text, _beside(seed), "seed/mutant")


@settings(FUZZ, max_examples=examples(250))
@given(data=st.data())
def test_diff_mutant_against_mutant(data: st.DataObject) -> None:
    seed, text_a = data.draw(mutants(SEEDS))
    _, text_b = data.draw(mutants([seed]))
    diffed(text_a, str(seed.path), text_b, _beside(seed), "mutant/mutant")


@cache
def _conversion_of(seed: Seed) -> tuple[str, str] | None:
    """The seed's converted main output and its path beside the seed, when it converts."""
    result = convert_text(seed.text, str(seed.path), seed.options)
    main = [o for o in result.outputs if not o.file and not o.suffix]
    return (main[0].text, output_path(_beside(seed))) if main else None


@settings(FUZZ, max_examples=examples(250))
@given(case=mutants([s for s in SEEDS if s.legacy and _conversion_of(s) is not None]), mutate_b=st.booleans())
def test_diff_old_format_against_its_conversion(case: tuple[Seed, str], mutate_b: bool) -> None:
    seed, text_a = case
    conversion = _conversion_of(seed)
    assert conversion is not None
    text_b, path_b = conversion
    if mutate_b:  # the migrated file edited by hand, the old one as it was
        text_a, text_b = seed.text, yaml.safe_dump(_corrupt(yaml.safe_load(text_b)), sort_keys=False)
    diffed(text_a, str(seed.path), text_b, path_b, "old/converted")


def _corrupt(data: Any) -> Any:
    """A fixed, deterministic edit of a converted file: every other scalar turned into a mapping."""
    for index, (container, key) in enumerate(slots(data)):
        if index % 2 and not isinstance(container[key], (dict, list)):
            container[key] = {"was": container[key]}
    return data


# --------------------------------------------------------------------------------------------------------------------
# normalize


@settings(FUZZ, max_examples=examples(400))
@given(case=mutants(SEEDS))
def test_normalize(case: tuple[Seed, str]) -> None:
    seed, text = case
    path = str(seed.path)
    try:
        canonical, _ = normalise_text(text, path)
    except yamlio.LoadError as exc:
        assert_findings_located([exc.finding], {path: text})
        STATS["normalize: refused"] += 1
        return
    assert_reloads(canonical, "canonical form")
    assert normalise_text(canonical, path)[0] == canonical, "the canonical form is not a fixed point"
    STATS["normalize: canonical"] += 1


# --------------------------------------------------------------------------------------------------------------------
# the command line: a sample, for the exit codes and the absence of tracebacks

# The documented exit codes (README, `speclift <command> --help`).
EXIT_CODES = {
    "convert": {0, 1},  # converted; not converted or invalid output
    "convert --check": {0, 1, 3, 4},  # graded
    "diff": {0, 1, 2},  # same, different, error
    "diff --format json": {0, 1, 2},
    "normalize": {0, 2},  # printed; not YAML
}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the seeds' folders, where the command line reads mutants beside the files they name."""
    return tmp_path_factory.mktemp("fuzz-cli")


def _copy_of(workspace: Path, seed: Seed) -> Path:
    folder = workspace / str(SEEDS.index(seed))
    if not folder.exists():
        shutil.copytree(seed.path.parent, folder)
    return folder / seed.path.name


@settings(FUZZ, max_examples=examples(150))
@given(case=mutants(SEEDS), command=st.sampled_from(sorted(EXIT_CODES)))
def test_command_line_sample(workspace: Path, case: tuple[Seed, str], command: str) -> None:
    seed, text = case
    mutant = _copy_of(workspace, seed)
    mutant.write_text(text, encoding="utf-8")
    name, *flags = command.split()
    arguments = [str(seed.path), str(mutant)] if name == "diff" else [str(mutant)]
    result = run_cli(name, *flags, *arguments)
    shown = result.stdout + result.stderr
    assert result.exit_code in EXIT_CODES[command], f"{command}: exit {result.exit_code}\n{shown[-2000:]}"
    assert "Traceback" not in shown and "SL009" not in shown, shown[-2000:]
    STATS[f"cli {command}: exit {result.exit_code}"] += 1


# --------------------------------------------------------------------------------------------------------------------


def test_every_converter_has_seeds() -> None:
    for source in CONVERTERS:
        assert len(BY_TYPE.get(source, [])) >= 2, f"{source}: too few seeds"
