"""Property-based fuzzing of load-and-validate: whatever the text, validation returns findings, never raises.

Three sources of input: arbitrary text, YAML-looking text assembled from fragments that exercise the loader's limits
and the rules' parsers, and the repository's valid schema cases mutated a little (most real mistakes are small edits of
a good file). For every input: no exception escapes ``validate_text``, no internal error (SL009) is reported, every
finding carries a known code, and every line/column lies inside the text.

Runs are reproducible: derandomized, with no example database.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from conftest import CASES
from fuzzing import FUZZ, assert_known_and_located, mutate_text, slots
from hypothesis import given, settings
from hypothesis import strategies as st

from speclift import spectypes
from speclift.config import Settings
from speclift.validation.engine import validate_text

VALID_CASES = sorted((CASES / "schema").glob("**/valid-*.yml"))
VALID_TEXTS = [(p, p.read_text(encoding="utf-8")) for p in VALID_CASES]
SPEC_IDS = sorted(s.id for s in spectypes.SPEC_TYPES.values() if not s.legacy)


def check(text: str, base_dir: str, schema: str | None = None, path: str = "fuzz.yml") -> None:
    result = validate_text(text, path, Settings(schema=schema), base_dir=base_dir)
    for finding in result.findings:
        assert finding.path == path, f"{finding.path}: {finding.code} {finding.message}"
        assert_known_and_located(finding, text)
    assert len(result.spec_types) <= max(1, text.count("---") + text.count("...") + 1)


# --------------------------------------------------------------------------------------------------------------------
# arbitrary text


@settings(FUZZ, max_examples=3000)
@given(text=st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text, base_dir=str(CASES))


@settings(FUZZ, max_examples=1500)
@given(text=st.text(alphabet=st.sampled_from(list("[]{}-?:,&*!|>'\"#% \t\n\r\\abk01")), max_size=600))
def test_punctuation_soup(text: str) -> None:
    check(text, base_dir=str(CASES))


# --------------------------------------------------------------------------------------------------------------------
# YAML-ish text from fragments

_KEYS = [
    "$schema", "type", "command", "code", "environment", "compute", "inputs", "outputs", "jobs", "trial",
    "search_space", "resources", "distribution", "limits", "settings", "component", "name", "version", "kind",
    "run", "params", "matrix", "conda_file", "path", "model", "endpoint_name", "image", "build", "tags", "<<",
    "on", "yes", "~", "1.5", "-1", "a/b", "a~b", "é", "",
]  # fmt: skip
_SCALARS = [
    "command", "pipeline", "sweep", "component", "operation", "experiment", "job",
    "https://azuremlschemas.azureedge.net/latest/commandJob.schema.json",
    "https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json",
    "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
    "https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json",
    "${{inputs.x}}", "${{outputs.y}}", "${{parent.inputs.a}}", "${{parent.jobs.j.outputs.o}}", "${{search_space.lr}}",
    "${{", "}}", "{{ x }}", "{{ globals.run_uuid }}", "{{", "azureml:env:1", "azureml:", "./src", "../..", "/abs",
    "a\\0b", "1.1", "1", "0x1F", "1e999", ".inf", "null", "~", "true", "No", "2024-01-01", "2024-13-45", "'q'", '"d\\u0000"',
    "&anc v", "*anc", "!!str s", "!!binary aGk=", "!Ref x", "!!python/object:os.system x", "|", ">-", "-", "?",
]  # fmt: skip
_INDENTS = ["", "", "", "  ", "    ", "  - ", "- ", "\t", " ", "? ", ": "]
_STRUCTURE = ["---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "# comment", "", "[", "]", "{", "}", "-", "&a [*a]"]


@st.composite
def yamlish(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(min_value=0, max_value=25))):
        kind = draw(st.integers(min_value=0, max_value=9))
        indent = draw(st.sampled_from(_INDENTS))
        if kind <= 5:
            value = draw(st.sampled_from(_SCALARS)) if draw(st.booleans()) else ""
            lines.append(f"{indent}{draw(st.sampled_from(_KEYS))}: {value}")
        elif kind == 6:
            items = draw(st.lists(st.sampled_from([*_SCALARS, "[", "]", "{", "}"]), max_size=6))
            lines.append(f"{indent}{draw(st.sampled_from(_KEYS))}: [{', '.join(items)}]")
        elif kind == 7:
            lines.append(f"{indent}- {draw(st.sampled_from(_SCALARS))}")
        elif kind == 8:
            lines.append(draw(st.sampled_from(_STRUCTURE)))
        else:
            lines.append(indent + draw(st.text(max_size=20)))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(FUZZ, max_examples=1200)
@given(text=yamlish(), schema=st.one_of(st.none(), st.sampled_from(SPEC_IDS)))
def test_yamlish_fragments(text: str, schema: str | None) -> None:
    check(text, base_dir=str(CASES), schema=schema)


# --------------------------------------------------------------------------------------------------------------------
# mutated real documents


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Path, str]:
    path, text = draw(st.sampled_from(VALID_TEXTS))
    return path, mutate_text(draw, text)


@settings(FUZZ, max_examples=2000)
@given(case=mutated())
def test_mutated_valid_cases(case: tuple[Path, str]) -> None:
    path, text = case
    check(text, base_dir=str(path.parent), path=path.name)


# --------------------------------------------------------------------------------------------------------------------
# valid YAML, wrong data: one value of a real document replaced, removed or added, so the schema and the semantic
# rules (bindings, templates, local paths) see well-formed documents with surprising content

VALID_DATA = [(p, yaml.safe_load(t)) for p, t in VALID_TEXTS]
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.sampled_from(_SCALARS)
    | st.text(max_size=12)
)
_VALUES = st.recursive(
    _LEAVES,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def mutated_data(draw: st.DrawFn) -> tuple[Path, str]:
    path, original = draw(st.sampled_from(VALID_DATA))
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        found = slots(data)
        if not found:
            break
        container, key = draw(st.sampled_from(found))
        op = draw(st.integers(min_value=0, max_value=3))
        if op == 0 and isinstance(container, dict):
            del container[key]
        elif op == 1 and isinstance(container, dict):
            container[draw(st.sampled_from(_KEYS))] = draw(_VALUES)
        else:
            container[key] = draw(_VALUES)
    return path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@settings(FUZZ, max_examples=1200)
@given(case=mutated_data())
def test_mutated_valid_data(case: tuple[Path, str]) -> None:
    path, text = case
    check(text, base_dir=str(path.parent), path=path.name)


def test_the_fuzzed_cases_exist() -> None:
    assert len(VALID_TEXTS) >= 20
