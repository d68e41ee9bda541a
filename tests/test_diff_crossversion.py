"""A v0/v1 spec against its own conversion: no difference; against a copy with one field changed: exactly that
field, told in the old file's terms (its field, its value, its line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from speclift.conversion import leaves
from speclift.conversion.engine import convert_file
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


def _converted(source: Path, folder: Path) -> tuple[list[tuple[int, str]], Any]:
    """The spec outputs (index in the conversion, text), companion files such as an MLTable left out."""
    converted = convert_file(str(source), output_dir=str(folder))
    if not converted.outputs and any(f.code == "SL404" for f in converted.findings):
        pytest.skip("not convertible on its own (a part of a larger spec)")
    assert converted.outputs, converted.findings
    conversion = converted.conversions[0]
    specs = [(i, o.text) for i, (o, c) in enumerate(zip(converted.outputs, conversion.outputs, strict=True)) if not c.file]
    return specs, conversion


def _bump(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return f"{value}-changed" if isinstance(value, str) else "changed"


def _origins(conversion: Any, index: int, data: Any) -> dict[str, list[str]]:
    """Output pointer -> the source pointers it came from, for output ``index``."""
    sources: dict[str, list[str]] = {}
    for entry in conversion.provenance:
        if entry.target is not None and entry.output == index:
            sources.setdefault(entry.target, []).append(entry.source)
    for entry in conversion.provenance:  # a whole subtree mapped as it is: its leaves come from the same leaves
        if entry.target is not None and entry.output == index and entry.fate.value == "mapped":
            for pointer in leaves(value_at(data, entry.target), entry.target):
                sources.setdefault(pointer, [entry.source + pointer[len(entry.target) :]])
    return sources


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT / "samples")))
def test_old_file_against_its_conversion_and_one_change(source: Path, tmp_path: Path) -> None:
    outputs, conversion = _converted(source, tmp_path)
    text = "---\n".join(body for _, body in outputs)  # several outputs (endpoint + deployment): one multi-document file
    target = tmp_path / "migrated.yml"
    target.write_text(text)
    old_text = source.read_text(encoding="utf-8")
    same = diff_texts(old_text, text, str(source), str(target))
    assert not same.findings and same.cross_version
    assert same.changes == [], [c.path for c in same.changes]

    # Change one scalar that came from a field of the old file, in any output, then expect exactly that difference.
    documents = [d.data for d in load(text, str(target)).documents]
    assert len(documents) == len(outputs)
    chosen: tuple[int, str, list[str]] | None = None
    for position, ((index, _), data) in enumerate(zip(outputs, documents, strict=True)):
        sources = _origins(conversion, index, data)
        pointer = next(
            (p for p in leaves(data) if p in sources and not isinstance(value_at(data, p), (dict, list))),
            None,
        )
        if pointer is not None:
            chosen = (position, pointer, sources[pointer])
            break
    assert chosen is not None, "no scalar of any output maps to a field of the source"
    position, pointer, origin = chosen
    *parents, last = pointer.lstrip("/").split("/")
    node = documents[position]
    for token in parents:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    key: Any = int(last) if isinstance(node, list) else last.replace("~1", "/").replace("~0", "~")
    node[key] = _bump(node[key])
    target.write_text("---\n".join(dump(d) for d in documents))
    changed = diff_texts(old_text, target.read_text(), str(source), str(target), DiffOptions())
    assert [c.kind for c in changed.changes] == ["changed"]
    change = changed.changes[0]
    assert change.pointer_b == pointer
    old_document = load(old_text, str(source)).documents[0]
    assert change.source == ", ".join(pointer_display(old_document.data, p) for p in dict.fromkeys(origin))
    assert change.line_a == old_document.position(origin[0], prefer_key=True)[0] > 0
