"""The classic column picker: a parameter value such as ``{"isFilter":true,"rules":[{"ruleType":"ColumnNames",
"columns":["age"],"exclude":false}]}`` (as the graph holds it: plain or URL-encoded JSON) and the columns it selects.

Rules (``ruleType``):

- ``AllColumns``: every column.
- ``ColumnNames``: the named columns (``columns``); a name the dataset lacks is an error naming it.
- ``ColumnIndexes``: 1-based positions and ranges (``"1"``, ``"3-5"``); one out of range is an error naming it.
- ``ColumnTypes``: the columns of one of the ``columnTypes`` (Numeric = Integer or Double, Integer, Double, String,
  Boolean, DateTime, TimeSpan, Categorical, All or AllTypes = any; a categorical column also matches its values'
  type) whose kind is one of the ``columnKinds`` (All, Feature, Label, Score, Weight).

With ``"isFilter": true`` (the default) the rules apply in order, each including (``"exclude": false``) or removing
(``"exclude": true``) its columns, the first one including; the selection keeps the dataset's column order. With
``"isFilter": false`` there is exactly one including rule and its own order is kept (names in the order listed).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from .errors import StudioError
from .tabular import Column, Table

RULE_TYPES = ("AllColumns", "ColumnNames", "ColumnIndexes", "ColumnTypes")
COLUMN_TYPES = {
    "numeric": ("integer", "number"),
    "integer": ("integer",),
    "double": ("number",),
    "string": ("string",),
    "boolean": ("boolean",),
    "datetime": ("datetime",),
    "timespan": ("timespan",),
}
ANY_TYPE = ("all", "alltypes")
COLUMN_KINDS = {"feature": "feature", "label": "label", "score": "score", "weight": "weight"}

_INDEX = re.compile(r"\s*(\d+)\s*")
_RANGE = re.compile(r"\s*(\d+)\s*-\s*(\d+)\s*")


@dataclass(frozen=True)
class Rule:
    """One rule of a column picker."""

    rule_type: str
    exclude: bool = False
    columns: tuple[str, ...] = ()
    column_types: tuple[str, ...] = ()
    column_kinds: tuple[str, ...] = ()

    def matches(self, table: Table) -> list[str]:
        """The columns this rule names, as an including rule would take them, in the rule's own order."""
        if self.rule_type == "AllColumns":
            return table.names
        if self.rule_type == "ColumnNames":
            for name in self.columns:
                if name not in table.names:
                    raise StudioError(f"the column picker names a column the dataset lacks: {name!r}")
            return _unique(self.columns)
        if self.rule_type == "ColumnIndexes":
            return _unique(name for text in self.columns for name in _by_index(text, table.names))
        return [column.name for column in table.columns if self._type_matches(column) and self._kind_matches(column, table)]

    def _type_matches(self, column: Column) -> bool:
        for wanted in self.column_types:
            key = wanted.lower()
            if key in ANY_TYPE or (key == "categorical" and column.categorical):
                return True
            if column.type in COLUMN_TYPES.get(key, ()):
                return True
        return False

    def _kind_matches(self, column: Column, table: Table) -> bool:
        for wanted in self.column_kinds:
            key = wanted.lower()
            if key == "all":
                return True
            if key == "score" and column.name in table.scores.values():
                return True
            if COLUMN_KINDS.get(key) == column.role:
                return True
        return False


@dataclass(frozen=True)
class Selection:
    """A parsed column picker: ``select(table)`` gives the names of the columns it selects."""

    rules: tuple[Rule, ...]
    is_filter: bool = True
    text: str = ""

    def select(self, table: Table, *, allow_empty: bool = False) -> list[str]:
        if not self.is_filter:
            chosen = self.rules[0].matches(table)
        else:
            included: set[str] = set()
            for rule in self.rules:
                names = set(rule.matches(table))
                included = included - names if rule.exclude else included | names
            chosen = [name for name in table.names if name in included]
        if not chosen and not allow_empty:
            raise StudioError("no columns selected: the column picker matches no column of the dataset")
        return chosen


def parse(text: str) -> Selection:
    """The column picker a parameter value holds (JSON, or URL-encoded JSON as the classic graph stores it)."""
    document = _load(text)
    if not isinstance(document, dict):
        raise StudioError(f"a column picker must be a JSON object, not {text[:60]!r}")
    is_filter = document.get("isFilter", True)
    rules_data = document.get("rules")
    if not isinstance(is_filter, bool):
        raise StudioError('a column picker\'s "isFilter" must be true or false')
    if not isinstance(rules_data, list) or not rules_data:
        raise StudioError("no columns selected: the column picker has no rule")
    rules = tuple(_rule(item, number) for number, item in enumerate(rules_data, start=1))
    if rules[0].exclude:
        raise StudioError("a column picker's first rule must include columns, not exclude them")
    if not is_filter and len(rules) > 1:
        raise StudioError('a column picker with "isFilter": false has exactly one rule')
    return Selection(rules, is_filter, text)


def of_names(chosen: list[str]) -> Selection:
    """The picker of the given names, in that order (what a module uses for a column list of its own)."""
    return Selection((Rule("ColumnNames", columns=tuple(chosen)),), is_filter=False)


def _load(text: str) -> Any:
    stripped = text.strip()
    for candidate in (stripped, urllib.parse.unquote(stripped)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    raise StudioError(f"a column picker must be JSON (plain or URL-encoded), not {text[:60]!r}")


def _rule(item: Any, number: int) -> Rule:
    if not isinstance(item, dict):
        raise StudioError(f"column picker rule {number} is not a JSON object")
    rule_type = item.get("ruleType")
    if rule_type not in RULE_TYPES:
        raise StudioError(f"column picker rule {number}: unknown ruleType {rule_type!r} (one of {', '.join(RULE_TYPES)})")
    exclude = item.get("exclude", False)
    if not isinstance(exclude, bool):
        raise StudioError(f'column picker rule {number}: "exclude" must be true or false')
    columns = _strings(item, "columns", number, required=rule_type in ("ColumnNames", "ColumnIndexes"))
    types = _strings(item, "columnTypes", number, required=rule_type == "ColumnTypes")
    kinds = _strings(item, "columnKinds", number, required=False) or (("All",) if rule_type == "ColumnTypes" else ())
    for wanted in types:
        if wanted.lower() not in COLUMN_TYPES and wanted.lower() not in (*ANY_TYPE, "categorical"):
            raise StudioError(f"column picker rule {number}: unknown column type {wanted!r}")
    for wanted in kinds:
        if wanted.lower() not in COLUMN_KINDS and wanted.lower() != "all":
            raise StudioError(f"column picker rule {number}: unknown column kind {wanted!r}")
    return Rule(rule_type, exclude, columns, types, kinds)


def _strings(item: dict[str, Any], key: str, number: int, *, required: bool) -> tuple[str, ...]:
    value = item.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(entry, str) for entry in value):
        raise StudioError(f'column picker rule {number}: "{key}" must be a non-empty list of strings')
    return tuple(value)


def _by_index(text: str, all_names: list[str]) -> list[str]:
    single = _INDEX.fullmatch(text)
    if single:
        index = int(single.group(1))
        if not 1 <= index <= len(all_names):
            raise StudioError(f"the column picker names column index {index}, the dataset has {len(all_names)} columns")
        return [all_names[index - 1]]
    span = _RANGE.fullmatch(text)
    if span:
        start, end = int(span.group(1)), int(span.group(2))
        if not 1 <= start <= end <= len(all_names):
            raise StudioError(f"the column picker names column range {text.strip()!r}, the dataset has {len(all_names)} columns")
        return all_names[start - 1 : end]
    raise StudioError(f"the column picker holds {text!r}, which is no column index or range (such as 1 or 2-4)")


def _unique(names: Any) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
    return list(seen)
