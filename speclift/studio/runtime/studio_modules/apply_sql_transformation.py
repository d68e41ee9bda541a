"""Apply SQL Transformation: run the SQL query script on the connected datasets with SQLite (the engine classic
Studio used), the inputs being the tables t1, t2 and t3. The result of the last statement that returns rows is the
output; its column types are inferred from the values (a column that keeps an input column's name and values keeps
that column's metadata)."""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

import pandas as pd

from . import cli
from .errors import StudioError
from .tabular import Table

MODULE = cli.Module(
    "Apply SQL Transformation",
    inputs=("Table1", "Table2", "Table3"),
    outputs=("Results dataset",),
    parameters=(cli.Parameter("SQL Query Script", "script", "select * from t1;"),),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    tables = {f"t{n}": arguments.optional_table(f"Table{n}") for n in (1, 2, 3)}
    if tables["t1"] is None:
        raise StudioError("the input port 'Table1' is not connected (--table1): the query needs t1")
    script = arguments.script("SQL Query Script") if arguments.given("SQL Query Script") else "select * from t1;"
    connection = sqlite3.connect(":memory:")
    try:
        for name, table in tables.items():
            if table is not None:
                _load(connection, name, table)
        names, rows = _execute(connection, script)
    finally:
        connection.close()
    frame = pd.DataFrame(rows, columns=names, dtype=object) if names else pd.DataFrame()
    like = tables["t1"]
    assert like is not None
    arguments.write("Results dataset", _typed(frame, like))


def _load(connection: sqlite3.Connection, name: str, table: Table) -> None:
    columns = ", ".join(f'"{c.name.replace(chr(34), chr(34) * 2)}"' for c in table.columns)
    connection.execute(f"CREATE TABLE {name} ({columns})")
    marks = ", ".join("?" for _ in table.columns)
    rows = [
        [_sql_value(value, column.type) for value, column in zip(row, table.columns, strict=True)]
        for row in table.frame.astype(object).itertuples(index=False, name=None)
    ]
    connection.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)


def _sql_value(value: Any, kind: str) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if kind == "boolean":
        return int(bool(value))
    if kind in ("datetime", "timespan"):
        return str(value)
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return str(value)


def _execute(connection: sqlite3.Connection, script: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    names: list[str] = []
    rows: list[tuple[Any, ...]] = []
    try:
        for statement in _statements(script):
            cursor = connection.execute(statement)
            if cursor.description is not None:
                names = [str(item[0]) for item in cursor.description]
                rows = cursor.fetchall()
    except sqlite3.Error as error:
        raise StudioError(f"the SQL query failed: {error}") from None
    if not names:
        raise StudioError("the SQL query script returns no rows (it needs a SELECT)")
    return names, rows


def _statements(script: str) -> list[str]:
    """The script's statements, split where SQLite says a statement is complete."""
    statements, current = [], ""
    for line in script.replace("\r\n", "\n").split("\n"):
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current)
            current = ""
    if current.strip():
        statements.append(current)
    return statements


def _typed(frame: pd.DataFrame, like: Table) -> Table:
    if len(set(frame.columns)) != len(frame.columns):
        raise StudioError(
            f"the query returns the column name {_first_repeat(list(frame.columns))!r} twice: name the columns apart"
        )
    return Table.from_frame(frame, like)


def _first_repeat(names: list[str]) -> str:
    return next(name for name in names if names.count(name) > 1)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
