"""The component runtime's command line (studio_modules.cli): slugs, options from classic names, one-line failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from studio_modules import cli
from studio_modules.errors import StudioError

MODULE = cli.Module(
    "Split Data",
    inputs=("Dataset",),
    outputs=("Results dataset1",),
    parameters=(
        cli.Parameter("Splitting mode", "string", "Split Rows", choices=("Split Rows", "Regular Expression")),
        cli.Parameter("Randomized split", "boolean", "True"),
        cli.Parameter("Random seed", "integer", "0"),
        cli.Parameter("Fraction of rows in the first output dataset", "number", "0.5"),
        cli.Parameter("Query", "script"),
    ),
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Results dataset1", "results-dataset1"),
        ("Label column", "label-column"),
        ("Fraction of rows in the first output dataset", "fraction-of-rows-in-the-first-output-dataset"),
        ("  Use 0 for constant columns when checked ", "use-0-for-constant-columns-when-checked"),
        ("Number of (k) folds: 10%", "number-of-k-folds-10"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert cli.slug(name) == expected


def test_the_parser_has_one_option_per_port_and_parameter() -> None:
    options = {action.dest for action in cli.build_parser(MODULE)._actions if action.dest != "help"}
    assert options == {
        "dataset",
        "results-dataset1",
        "splitting-mode",
        "randomized-split",
        "random-seed",
        "fraction-of-rows-in-the-first-output-dataset",
        "query",
    }


def _run(argv: list[str]) -> dict[str, object]:
    seen: dict[str, object] = {}

    def body(arguments: cli.Arguments) -> None:
        seen["mode"] = arguments.text("Splitting mode")
        seen["randomized"] = arguments.boolean("Randomized split")
        seen["seed"] = arguments.integer("Random seed")
        seen["fraction"] = arguments.number("Fraction of rows in the first output dataset")
        seen["dataset"] = arguments.input("Dataset")

    seen["status"] = cli.run(MODULE, body, argv)
    return seen


def test_defaults_apply_and_values_are_read_by_kind() -> None:
    assert _run([]) == {"mode": "Split Rows", "randomized": True, "seed": 0, "fraction": 0.5, "dataset": None, "status": 0}
    given = _run(
        ["--splitting-mode", "regular expression", "--randomized-split", "false", "--random-seed", "7", "--dataset", "in"]
    )
    assert given == {
        "mode": "Regular Expression",
        "randomized": False,
        "seed": 7,
        "fraction": 0.5,
        "dataset": Path("in"),
        "status": 0,
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--random-seed", "x"], "Split Data: the parameter \"Random seed\" is 'x', not a whole number"),
        (["--randomized-split", "yes"], "Split Data: the parameter \"Randomized split\" is 'yes', not True or False"),
        (["--splitting-mode", "Split Columns"], "is 'Split Columns', which is none of: Split Rows, Regular Expression"),
        (["--no-such-option", "1"], "Split Data: bad command line: unrecognized arguments: --no-such-option 1"),
    ],
)
def test_a_bad_value_is_one_line_and_status_1(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(argv)["status"] == 1
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1


def test_a_missing_script_file_and_an_unconnected_port_are_errors(tmp_path: Path) -> None:
    arguments = cli.Arguments(MODULE, {"query": str(tmp_path / "missing.sql"), "dataset": None})
    with pytest.raises(StudioError, match='the parameter "Query": cannot read'):
        arguments.script("Query")
    with pytest.raises(StudioError, match="the input port 'Dataset' is not connected"):
        arguments.table("Dataset")
    with pytest.raises(StudioError, match="the output port 'Results dataset1' has no folder"):
        arguments.output("Results dataset1")


def test_two_names_with_one_slug_are_refused() -> None:
    with pytest.raises(ValueError, match="have the same option --a-b"):
        cli.build_parser(cli.Module("X", inputs=("a b",), parameters=(cli.Parameter("A-B"),)))
