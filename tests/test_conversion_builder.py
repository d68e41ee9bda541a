"""The converter-writing API: a scope records by the pointers of a rewritten view and names the user's own lines."""

from __future__ import annotations

from typing import Any

import pytest

from speclift import yamlio
from speclift.conversion import ConversionBuilder, Fate, Origins, Provenance, Scope, outermost
from speclift.conversion.fields import INTEGER, MAPPING, NUMBER, SEQUENCE, TEXT, Kind
from speclift.pointer import join, tokens, unescape, value_at

SOURCE = "kind: job\nsettings:\n  logging: {level: INFO}\nextra: {a: 1, b: 2}\n"


def _builder() -> ConversionBuilder:
    document = yamlio.load(SOURCE, "job.yml").documents[0]
    return ConversionBuilder(document, "job.yml", "test/v0")


def test_origins_map_through_the_nearest_moved_ancestor() -> None:
    origins = Origins()
    origins.moved("/logging", "/settings/logging")
    origins.moved("/log", "/logging")  # a move of a moved subtree names the original
    assert origins.origin("/logging/level") == "/settings/logging/level"
    assert origins.origin("/log") == "/settings/logging"
    assert origins.origin("/loggingx") == "/loggingx"
    assert origins.origin("/kind") == "/kind"


def test_a_scope_records_in_the_users_pointers_and_one_outputs_prefix() -> None:
    builder = _builder()
    origins = Origins({"/logging": "/settings/logging"})
    scope = Scope(builder, output=1, prefix="/jobs/train", origins=origins)
    scope.mapped("/logging/level", "/log/level")
    scope.approximated("/kind", "/type", "kind is guessed")
    assert builder.conversion.provenance == [
        Provenance("/settings/logging/level", Fate.MAPPED, "/jobs/train/log/level", 1),
        Provenance("/kind", Fate.APPROXIMATED, "/jobs/train/type", 1, "kind is guessed"),
    ]
    (finding,) = builder.conversion.findings
    assert (finding.code, finding.line, finding.pointer) == ("SL401", 1, "/kind")
    assert scope.covered("/logging/level/x") and not scope.covered("/logging")
    assert scope.touched("/logging") and not scope.touched("/extra")


def test_a_scope_on_a_related_file_locates_findings_there_and_records_no_provenance() -> None:
    builder = _builder()
    related = yamlio.load("a: 1\nb: 2\n", "other.yml").documents[0]
    scope = Scope(builder, document=related, path="other.yml")
    scope.dropped("/b", "b has no equivalent")
    assert builder.conversion.provenance == []
    (finding,) = builder.conversion.findings
    assert (finding.path, finding.line, finding.code) == ("other.yml", 2, "SL402")


def test_unknown_subtrees_are_reported_once_at_their_outermost_key() -> None:
    data = {"kind": "job", "extra": {"a": 1, "b": 2}, "run": {"x": 1, "y": 2}}
    missing = ["/extra/a", "/extra/b", "/run/y"]
    assert list(outermost(missing, data)) == ["/extra", "/run/y"]
    assert list(outermost(["/kind", "/extra/a", "/extra/b", "/run/x", "/run/y"], data)) == [""]
    assert list(outermost(["/kind", "/extra/a", "/extra/b", "/run/x", "/run/y"], data, root=False)) == [
        "/kind",
        "/extra",
        "/run",
    ]


def test_refusal_accounts_for_everything_and_leaves_no_output() -> None:
    builder = _builder()
    builder.output("test/v1", {"kind": "job"})
    conversion = builder.refuse("cannot", "/kind")
    assert conversion.outputs == [] and conversion.unaccounted({"kind": "job", "extra": {"a": 1}}) == []
    assert [f.code for f in conversion.findings] == ["SL404"]


# --------------------------------------------------------------------------------------------------------------------
# typed fields


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (INTEGER, 3, 3),
        (INTEGER, "3", 3),  # what the SDKs' int() read
        (INTEGER, 3.0, 3),
        (INTEGER, 3.5, None),
        (INTEGER, True, None),  # YAML's `yes` is no count
        (INTEGER, 2**70, None),  # beyond what the platforms store
        (INTEGER, "abc", None),
        (NUMBER, "0.5", 0.5),
        (NUMBER, float("nan"), None),
        (NUMBER, "inf", None),
        (NUMBER, {"a": 1}, None),
        (TEXT, 2024, "2024"),
        (TEXT, [1], None),
        (SEQUENCE, "oops", None),
        (MAPPING, {"a": 1}, {"a": 1}),
    ],
)
def test_a_kind_reads_what_the_old_loaders_read(kind: Kind[Any], value: Any, expected: Any) -> None:
    assert kind.read(value) == expected


def test_a_wrong_type_is_refused_once_at_the_fields_line() -> None:
    builder = _builder()
    scope = Scope(builder, origins=Origins({"/log": "/settings/logging"}))
    assert scope.field({"level": {"x": 1}}, "/log/level", INTEGER) is None
    assert scope.read_as({"x": 1}, "/log/level", INTEGER) is None  # read again: still one finding
    assert scope.field({"level": None}, "/log/level", INTEGER) is None  # null is absent, not wrong
    (finding,) = builder.conversion.findings
    assert (finding.code, finding.line, finding.column) == ("SL404", 3, 13)
    assert finding.message == "settings.logging.level must be an integer, not a mapping"
    builder.output("test/v1", {"kind": "job"})
    assert builder.build().outputs == []  # a refused document writes nothing


def test_pointers_round_trip_empty_keys_and_escapes() -> None:
    data = {"": [[1]], "a/b": {"~": 2}}
    for pointer, value in (("//0/0", 1), ("/a~1b/~0", 2), ("/", [[1]])):
        assert tokens(pointer) == [unescape(t) for t in pointer.split("/")[1:]]
        assert value_at(data, pointer) == value
    assert join("", "", 0) == "//0"
    assert list(outermost(["//0/0"], data)) == ["/"]  # an empty key's subtree is reported as itself
