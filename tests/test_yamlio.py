"""Loading with positions: pointers, keys, merges, aliases, encodings."""

from __future__ import annotations

import codecs

import pytest

from speclift import yamlio

TEXT = """\
a: 1
b:
  - x: 2
  - name: y
c: &base {q: 1, r: 2}
d:
  <<: *base
  r: 3
"""


def test_data_and_positions() -> None:
    (doc,) = yamlio.load(TEXT, "f.yml").documents
    assert doc.data == {"a": 1, "b": [{"x": 2}, {"name": "y"}], "c": {"q": 1, "r": 2}, "d": {"r": 3, "q": 1}}
    assert doc.values["/b/1/name"] == (4, 11)
    assert doc.keys["/b/1/name"] == (4, 5)
    assert doc.position("/b/1/missing") == (4, 5)  # nearest ancestor
    assert doc.position("/d/r", prefer_key=True) == (8, 3)


def test_keys_stay_as_written() -> None:
    (doc,) = yamlio.load("on: push\n1: one\ntrue: x\n", "f.yml").documents
    assert doc.data == {"on": "push", "1": "one", "true": "x"}


def test_timestamps_become_strings() -> None:
    (doc,) = yamlio.load("start: 2024-05-01T10:00:00\nday: 2024-05-01\n", "f.yml").documents
    assert doc.data == {"start": "2024-05-01T10:00:00", "day": "2024-05-01"}


def test_locate_text_inside_block_scalar() -> None:
    (doc,) = yamlio.load("command: >-\n  python x.py\n  --lr ${{inputs.lr}}\n", "f.yml").documents
    assert doc.locate_text("/command", "${{inputs.lr}}") == (3, 8)


def test_multi_document_and_syntax_error_after_good_document() -> None:
    result = yamlio.load("a: 1\n---\nb: [1, 2\n", "f.yml")
    assert [d.data for d in result.documents] == [{"a": 1}]
    (finding,) = result.findings
    assert (finding.code, finding.line, finding.document) == ("SL001", 4, 1)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_unicode_encodings_with_bom(bom: bytes, encoding: str) -> None:
    assert yamlio.decode(bom + "name: café\n".encode(encoding), "f.yml") == "name: café\n"


def test_latin1_is_refused_with_location() -> None:
    with pytest.raises(yamlio.LoadError) as caught:
        yamlio.decode("a: 1\nname: caf\xe9\n".encode("latin-1"), "f.yml")
    assert (caught.value.finding.code, caught.value.finding.line, caught.value.finding.column) == ("SL003", 2, 10)
