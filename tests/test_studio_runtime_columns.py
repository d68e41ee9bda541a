"""The classic column picker (studio_modules.columns): rules, order, exclusion, types and kinds, and the errors."""

from __future__ import annotations

import json
import re
import urllib.parse

import pandas as pd
import pytest
from studio_modules import columns
from studio_modules.errors import StudioError
from studio_modules.tabular import Column, Table

TABLE = Table(
    pd.DataFrame(
        {
            "id": [1],
            "price": [0.5],
            "city": ["x"],
            "ok": [True],
            "when": pd.to_datetime(["2016-01-01"]),
            "took": pd.to_timedelta(["1 days"]),
            "grade": ["a"],
            "label": [1],
            "w": [0.2],
            "score": [0.9],
        }
    ),
    [
        Column("id", "integer"),
        Column("price", "number"),
        Column("city", "string"),
        Column("ok", "boolean"),
        Column("when", "datetime"),
        Column("took", "timespan"),
        Column("grade", "string", categorical=True),
        Column("label", "integer", role="label"),
        Column("w", "number", role="weight"),
        Column("score", "number", role="score"),
    ],
    {"Scored Probabilities": "score"},
)


def picker(*rules: dict[str, object], is_filter: bool = True) -> str:
    return json.dumps({"isFilter": is_filter, "rules": list(rules)})


def names(*columns_: str, exclude: bool = False) -> dict[str, object]:
    return {"ruleType": "ColumnNames", "columns": list(columns_), "exclude": exclude}


def types(column_types: list[str], kinds: list[str] | None = None, exclude: bool = False) -> dict[str, object]:
    return {"ruleType": "ColumnTypes", "columnTypes": column_types, "columnKinds": kinds or ["All"], "exclude": exclude}


ALL = {"ruleType": "AllColumns", "exclude": False}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (picker(ALL), TABLE.names),
        (picker(names("city", "id")), ["id", "city"]),  # a filter keeps the dataset's order
        (picker(names("city", "id"), is_filter=False), ["city", "id"]),  # one rule, not a filter: its own order
        (picker(ALL, names("city", "label", exclude=True)), ["id", "price", "ok", "when", "took", "grade", "w", "score"]),
        (picker({"ruleType": "ColumnIndexes", "columns": ["1", "3-4"], "exclude": False}), ["id", "city", "ok"]),
        (
            picker({"ruleType": "ColumnIndexes", "columns": ["10", " 2 - 3 "], "exclude": False}, is_filter=False),
            ["score", "price", "city"],
        ),
        (picker(types(["Numeric"])), ["id", "price", "label", "w", "score"]),
        (picker(types(["Integer"])), ["id", "label"]),
        (picker(types(["Double"])), ["price", "w", "score"]),
        (picker(types(["String"])), ["city", "grade"]),
        (picker(types(["Boolean", "DateTime", "TimeSpan"])), ["ok", "when", "took"]),
        (picker(types(["Categorical"])), ["grade"]),
        (picker(types(["AllTypes"], ["Label"])), ["label"]),
        (picker(types(["All"], ["Score"])), ["score"]),
        (picker(types(["All"], ["Weight"])), ["w"]),
        (picker(types(["Numeric"], ["Feature"])), ["id", "price"]),
        (picker(types(["Numeric"]), types(["All"], ["Label", "Score"], exclude=True)), ["id", "price", "w"]),
        (picker(names("id"), names("city"), names("id", exclude=True)), ["city"]),
    ],
)
def test_rules_select_the_documented_columns(text: str, expected: list[str]) -> None:
    assert columns.parse(text).select(TABLE) == expected


def test_the_graphs_url_encoded_form_is_read() -> None:
    encoded = (
        "%7B%22isFilter%22%3Atrue%2C%22rules%22%3A%5B%7B%22ruleType%22%3A%22ColumnNames%22%2C%22columns%22%3A%5B%22"
        "label%22%5D%2C%22exclude%22%3Afalse%7D%5D%7D"
    )
    assert columns.parse(encoded).select(TABLE) == ["label"]
    assert columns.parse(urllib.parse.quote(picker(ALL))).select(TABLE) == TABLE.names


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (json.dumps({"isFilter": True, "rules": []}), "no columns selected"),
        (json.dumps({"isFilter": True}), "no columns selected"),
        (picker(names("nope")), "the column picker names a column the dataset lacks: 'nope'"),
        (picker({"ruleType": "ColumnIndexes", "columns": ["11"], "exclude": False}), "column index 11, the dataset has 10"),
        (picker({"ruleType": "ColumnIndexes", "columns": ["4-2"], "exclude": False}), "column range '4-2'"),
        (picker({"ruleType": "ColumnIndexes", "columns": ["a"], "exclude": False}), "'a', which is no column index"),
        (picker(names("id", exclude=True)), "first rule must include"),
        (picker(names("id"), names("city"), is_filter=False), "exactly one rule"),
        (picker({"ruleType": "Everything", "exclude": False}), "unknown ruleType 'Everything'"),
        (picker(types(["Float"])), "unknown column type 'Float'"),
        (picker(types(["All"], ["Target"])), "unknown column kind 'Target'"),
        (picker(names("id"), names("id", exclude=True)), "no columns selected: the column picker matches no column"),
        ("id,city", "must be JSON"),
    ],
)
def test_bad_pickers_are_clear_errors(text: str, message: str) -> None:
    with pytest.raises(StudioError, match=re.escape(message)):
        columns.parse(text).select(TABLE)


def test_an_empty_selection_may_be_allowed() -> None:
    assert columns.parse(picker(types(["Numeric"], ["Label"]))).select(TABLE) == ["label"]
    empty = columns.parse(picker(types(["String"], ["Label"])))
    assert empty.select(TABLE, allow_empty=True) == []
