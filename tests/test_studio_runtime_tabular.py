"""The component runtime's dataset format (studio_modules.tabular): exact text round trips, typed reading, inference
of raw files and located errors."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from studio_modules import tabular
from studio_modules.errors import StudioError
from studio_modules.tabular import Column, Table

ALL_TYPES_CSV = (
    "id,price,name,ok,when,took\n"
    '1,0.5,"Smith, J",True,2016-01-31 08:30:00,1 days 02:30:00\n'
    '-7,,"say ""hi""",False,,0 days 00:00:01\n'
    ",3.0,,,2020-02-29 00:00:00,\n"
    '12,1e-05,"two\nlines",True,2020-03-01 00:00:00.500000,0 days 00:00:00\n'
)
ALL_TYPES_SCHEMA = {
    "format": "studio-table/1",
    "columns": [
        {"name": "id", "type": "integer", "categorical": False, "role": "feature"},
        {"name": "price", "type": "number", "categorical": False, "role": "label"},
        {"name": "name", "type": "string", "categorical": True, "role": "feature"},
        {"name": "ok", "type": "boolean", "categorical": False, "role": "weight"},
        {"name": "when", "type": "datetime", "categorical": False, "role": "feature"},
        {"name": "took", "type": "timespan", "categorical": False, "role": "score"},
    ],
    "scores": {"Scored Labels": "took"},
}


def _dataset(folder: Path, data: str, schema: dict[str, object] | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.csv").write_text(data, encoding="utf-8", newline="")
    if schema is not None:
        (folder / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return folder


def test_every_type_round_trips_to_the_same_text(tmp_path: Path) -> None:
    table = tabular.read_table(_dataset(tmp_path / "in", ALL_TYPES_CSV, ALL_TYPES_SCHEMA))
    tabular.write_table(tmp_path / "out", table)
    assert (tmp_path / "out" / "data.csv").read_text(encoding="utf-8") == ALL_TYPES_CSV
    assert json.loads((tmp_path / "out" / "schema.json").read_text(encoding="utf-8")) == ALL_TYPES_SCHEMA


def test_values_are_read_in_their_documented_dtypes(tmp_path: Path) -> None:
    table = tabular.read_table(_dataset(tmp_path / "in", ALL_TYPES_CSV, ALL_TYPES_SCHEMA))
    frame = table.frame
    assert frame["id"].dtype == "float64"  # an integer column with a missing value
    assert math.isnan(frame["id"][2]) and frame["id"][1] == -7
    assert frame["price"].tolist()[0] == 0.5
    assert frame["name"].tolist() == ["Smith, J", 'say "hi"', None, "two\nlines"]
    assert frame["ok"].tolist() == [True, False, None, True]
    assert str(frame["when"].dtype) == "datetime64[ns]" and frame["when"].isna().tolist() == [False, True, False, False]
    assert frame["took"][0] == pd.Timedelta(hours=26, minutes=30)
    assert table.label == "price"
    assert table.column("name").categorical
    assert table.scores == {"Scored Labels": "took"}


def test_complete_integer_and_boolean_columns_keep_their_own_dtypes(tmp_path: Path) -> None:
    schema = {"format": "studio-table/1", "columns": [{"name": "n", "type": "integer"}, {"name": "b", "type": "boolean"}]}
    table = tabular.read_table(_dataset(tmp_path, "n,b\n1,true\n2,FALSE\n", schema))
    assert table.frame["n"].dtype == "int64"
    assert table.frame["b"].dtype == bool
    assert tabular.table_csv(table) == "n,b\n1,True\n2,False\n"


def test_a_missing_value_in_a_one_column_table_survives(tmp_path: Path) -> None:
    table = Table(pd.DataFrame({"a": ["x", None, "y"]}, dtype=object), [Column("a", "string")])
    tabular.write_table(tmp_path, table)
    assert (tmp_path / "data.csv").read_text(encoding="utf-8") == 'a\nx\n""\ny\n'
    assert tabular.read_table(tmp_path).frame["a"].tolist() == ["x", None, "y"]


def test_an_empty_table_keeps_its_header(tmp_path: Path) -> None:
    schema = {"format": "studio-table/1", "columns": [{"name": "a", "type": "integer"}]}
    table = tabular.read_table(_dataset(tmp_path / "in", "a\n", schema))
    assert len(table.frame) == 0
    tabular.write_table(tmp_path / "out", table)
    assert (tmp_path / "out" / "data.csv").read_text(encoding="utf-8") == "a\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("raw.csv", "a,b,c,d,e,f\n1,1.5,x,true,2016-01-01,\n2,2,y,False,2016-01-02 10:00:00,\n"),
        ("raw.tsv", "a\tb\tc\td\te\tf\n1\t1.5\tx\ttrue\t2016-01-01\t\n2\t2\ty\tFalse\t2016-01-02 10:00:00\t\n"),
        ("raw.txt", "a\tb\tc\td\te\tf\n1\t1.5\tx\ttrue\t2016-01-01\t\n2\t2\ty\tFalse\t2016-01-02 10:00:00\t\n"),
    ],
)
def test_a_raw_file_is_read_with_inferred_types(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    table = tabular.read_table(tmp_path)
    assert [(column.name, column.type) for column in table.columns] == [
        ("a", "integer"),
        ("b", "number"),
        ("c", "string"),
        ("d", "boolean"),
        ("e", "datetime"),
        ("f", "string"),
    ]
    assert tabular.table_csv(table) == ("a,b,c,d,e,f\n1,1.5,x,True,2016-01-01 00:00:00,\n2,2.0,y,False,2016-01-02 10:00:00,\n")


def test_a_raw_file_without_header_gets_classic_column_names(tmp_path: Path) -> None:
    (tmp_path / "raw.csv").write_text("1,a\n2,b\n", encoding="utf-8")
    table = tabular.read_text_file(tmp_path / "raw.csv", ",", header=False)
    assert table.names == ["Col1", "Col2"]
    assert table.frame["Col1"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("data", "schema_columns", "message"),
    [
        ("a\n1\nx\n", [{"name": "a", "type": "integer"}], "column 'a', row 2: 'x' is not an integer"),
        ("a\n1.5\n", [{"name": "a", "type": "integer"}], "'1.5' is not an integer"),
        ("a\nyes\n", [{"name": "a", "type": "boolean"}], "'yes' is not a boolean"),
        ("a\nabc\n", [{"name": "a", "type": "number"}], "'abc' is not a number"),
        ("a\n31/01/2016\n", [{"name": "a", "type": "datetime"}], "is not a datetime"),
        ("a,b\n1\n", [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}], "data row 1 has 1 fields"),
        ("b\n1\n", [{"name": "a", "type": "integer"}], "does not match schema.json's columns"),
        ("a\n1\n", [{"name": "a", "type": "float"}], "unknown type 'float'"),
        ("a\n1\n", [{"name": "a", "type": "integer", "role": "target"}], "unknown role 'target'"),
    ],
)
def test_bad_data_is_a_located_error(tmp_path: Path, data: str, schema_columns: list[object], message: str) -> None:
    _dataset(tmp_path, data, {"format": "studio-table/1", "columns": schema_columns})
    with pytest.raises(StudioError, match=re.escape(message)):
        tabular.read_table(tmp_path)


def test_a_folder_with_several_raw_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("x\n1\n", encoding="utf-8")
    with pytest.raises(StudioError, match=r"exactly one \.csv, \.tsv or \.txt file \(found a\.csv, b\.csv\)"):
        tabular.read_table(tmp_path)


def test_from_frame_keeps_metadata_where_the_values_still_fit() -> None:
    like = Table(
        pd.DataFrame({"n": [1, 2], "s": ["a", "b"]}),
        [Column("n", "integer", role="label"), Column("s", "string", categorical=True)],
    )
    frame = pd.DataFrame({"n": [1.0, math.nan], "s": [0.5, 1.5], "new": [True, False]})
    table = Table.from_frame(frame, like)
    assert table.columns == [
        Column("n", "integer", role="label"),  # 1.0 and a missing value still fit an integer column
        Column("s", "string", categorical=True),  # numbers can be written as strings
        Column("new", "boolean"),
    ]
    assert tabular.table_csv(table) == "n,s,new\n1,0.5,True\n,1.5,False\n"


def test_writing_a_value_its_column_type_cannot_hold_is_a_bug_not_data() -> None:
    table = Table(pd.DataFrame({"n": [1.5]}), [Column("n", "integer")])
    with pytest.raises(ValueError, match=re.escape("column 'n' is typed integer but holds 1.5")):
        tabular.table_csv(table)


def test_duplicate_column_names_are_refused(tmp_path: Path) -> None:
    (tmp_path / "raw.csv").write_text("a,a\n1,2\n", encoding="utf-8")
    with pytest.raises(StudioError, match="'a' is used more than once"):
        tabular.read_table(tmp_path)
