"""A v0/v1 spec against its own conversion: no difference; against a copy with one field changed: exactly that
field, told in the old file's terms (its field, its value, its line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from speclift.conversion import leaves
from speclift.converting import convert_file
from speclift.diffing import DiffOptions, diff_texts
from speclift.diffing.crossversion import pointer_display, value_at
from speclift.diffing.normalise import dump
from speclift.spectypes import detect
from speclift.yamlio import load
from tests.conftest import ROOT

V0 = sorted((ROOT / "samples" / "polyaxon-v0").glob("*.yml"))
V1 = sorted(p for p in (ROOT / "samples" / "azureml-v1").rglob("*") if p.is_file() and "expected" not in p.parts)


def _legacy(path: Path) -> bool:
    try:
        loaded = load(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError):
        return False
    return any((s := detect(d.data, path.name).spec_type) is not None and s.legacy for d in loaded.documents)


SOURCES = V0 + [p for p in V1 if _legacy(p)]


@pytest.mark.parametrize("name", [p.stem for p in V0])
def test_v0_sample_against_its_expected_output(name: str) -> None:
    source = ROOT / "samples" / "polyaxon-v0" / f"{name}.yml"
    expected = ROOT / "samples" / "polyaxon-v0" / "expected" / f"{name}.yml"
    result = diff_texts(source.read_text(), expected.read_text(), str(source), str(expected))
    assert not result.findings
    assert result.cross_version and result.cross_version.startswith("polyaxon/v0/polyaxonfile")
    assert result.changes == [] and not result.different


def _converted(source: Path, folder: Path) -> tuple[str, Any]:
    converted = convert_file(str(source), output_dir=str(folder))
    if not converted.outputs and any(f.code == "SL404" for f in converted.findings):
        pytest.skip("not convertible on its own (a part of a larger spec)")
    assert converted.outputs, converted.findings
    return converted.outputs[0].text, converted.conversions[0]


def _bump(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return f"{value}-changed" if isinstance(value, str) else "changed"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT / "samples")))
def test_old_file_against_its_conversion_and_one_change(source: Path, tmp_path: Path) -> None:
    text, conversion = _converted(source, tmp_path)
    target = tmp_path / "migrated.yml"
    target.write_text(text)
    old_text = source.read_text(encoding="utf-8")
    same = diff_texts(old_text, text, str(source), str(target))
    assert not same.findings and same.cross_version
    assert same.changes == [], [c.path for c in same.changes]

    # Change one scalar that came from a field of the old file, then expect exactly that difference.
    data = load(text, str(target)).documents[0].data
    sources: dict[str, list[str]] = {}
    for entry in conversion.provenance:
        if entry.target is not None and entry.output == 0:
            sources.setdefault(entry.target, []).append(entry.source)
    for entry in conversion.provenance:  # a whole subtree mapped as it is: its leaves come from the same leaves
        if entry.target is not None and entry.output == 0 and entry.status.value == "mapped":
            for pointer in leaves(value_at(data, entry.target), entry.target):
                sources.setdefault(pointer, [entry.source + pointer[len(entry.target) :]])
    chosen = next(
        (pointer for pointer in leaves(data) if pointer in sources and not isinstance(value_at(data, pointer), (dict, list))),
        None,
    )
    if chosen is None:
        pytest.skip("no scalar of the output maps to a field of the source")
    *parents, last = chosen.lstrip("/").split("/")
    node = data
    for token in parents:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    key: Any = int(last) if isinstance(node, list) else last.replace("~1", "/").replace("~0", "~")
    node[key] = _bump(node[key])
    target.write_text(dump(data))
    changed = diff_texts(old_text, target.read_text(), str(source), str(target), DiffOptions())
    assert [c.kind for c in changed.changes] == ["changed"]
    change = changed.changes[0]
    assert change.pointer_b == chosen
    old_document = load(old_text, str(source)).documents[0]
    assert change.source == ", ".join(pointer_display(old_document.data, p) for p in dict.fromkeys(sources[chosen]))
    assert change.line_a == old_document.position(sources[chosen][0], prefer_key=True)[0] > 0
