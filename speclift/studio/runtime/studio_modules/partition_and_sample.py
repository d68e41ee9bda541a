"""Partition and Sample: sample rows, keep the first rows, assign rows to folds, or pick a fold.

Sampling: the rate of the rows (rounded down), drawn with the seed, in the dataset's order; stratified: the rate
of each group of the strata column. Head: the first N rows. Assign to Folds: the whole dataset, its rows dealt into
folds (recorded in schema.json's "folds"): evenly into N folds (the first folds take the extra rows), or by the
comma-separated proportions (rounded down, the rest to the last fold); shuffled with the seed when randomized;
stratified per group; with replacement each fold draws its rows from all of them. Pick Fold: the rows of fold N
(1-based) of a dataset that has folds, or all the others with "Pick complement of the selected fold".
"""

from __future__ import annotations

import argparse

import numpy as np

from . import cli, sampling
from .errors import StudioError
from .tabular import Table

MODES = ("Assign to Folds", "Pick Fold", "Sampling", "Head")
PARTITIONERS = ("Partition evenly", "Partition with customized proportions")
TRUE_FALSE = ("True", "False")

MODULE = cli.Module(
    "Partition and Sample",
    inputs=("Dataset",),
    outputs=("oDataset",),
    parameters=(
        cli.Parameter("Partition or sample mode", "string", "Sampling", choices=MODES),
        cli.Parameter("Use replacement in the partitioning", "boolean", "False"),
        cli.Parameter("Randomized Split", "boolean", "True"),
        cli.Parameter("Random seed", "integer", "0"),
        cli.Parameter("Specify the partitioner method", "string", "Partition evenly", choices=PARTITIONERS),
        cli.Parameter("Specify how many folds do you want to split evenly into", "integer", "5"),
        cli.Parameter("Stratified split", "string", "False", choices=TRUE_FALSE),
        cli.Parameter("Stratification key column", "columns"),
        cli.Parameter("Proportion list of customized folds separated by comma", "string"),
        cli.Parameter("Stratified split for customized fold assignment", "string", "False", choices=TRUE_FALSE),
        cli.Parameter("Stratification key column for customized fold assignment", "columns"),
        cli.Parameter("Specify which fold to be sampled from", "integer", "1"),
        cli.Parameter("Pick complement of the selected fold", "boolean", "False"),
        cli.Parameter("Rate of sampling", "number", "0.01"),
        cli.Parameter("Random seed for sampling", "integer", "0"),
        cli.Parameter("Stratified split for sampling", "string", "False", choices=TRUE_FALSE),
        cli.Parameter("Stratification key column for sampling", "columns"),
        cli.Parameter("Number of rows to select", "integer", "10"),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    table = arguments.table("Dataset")
    mode = arguments.text("Partition or sample mode")
    if mode == "Head":
        count = arguments.integer("Number of rows to select")
        if count < 0:
            raise StudioError(f'"Number of rows to select" is {count}: it must be 0 or more')
        result = sampling.rows(table, np.arange(min(count, len(table.frame))))
    elif mode == "Sampling":
        result = _sample(table, arguments)
    elif mode == "Assign to Folds":
        result = Table(table.frame, table.columns, dict(table.scores), _folds(table, arguments))
    else:
        result = _pick(table, arguments)
    arguments.write("oDataset", result)


def _groups(table: Table, arguments: cli.Arguments, flag: str, column: str) -> list[np.ndarray]:
    if arguments.text(flag) != "True":
        return [np.arange(len(table.frame))]
    return sampling.strata(table, sampling.single_column(table, arguments.selected(column, table), column))


def _sample(table: Table, arguments: cli.Arguments) -> Table:
    rate = arguments.number("Rate of sampling")
    if not 0.0 <= rate <= 1.0:
        raise StudioError(f'"Rate of sampling" is {rate}, outside [0, 1]')
    random = sampling.generator(arguments.integer("Random seed for sampling"))
    groups = _groups(table, arguments, "Stratified split for sampling", "Stratification key column for sampling")
    chosen = np.sort(np.concatenate([sampling.choose(g, sampling.count_for(len(g), rate), random) for g in groups]))
    return sampling.rows(table, chosen)


def _folds(table: Table, arguments: cli.Arguments) -> list[list[int]]:
    even = arguments.text("Specify the partitioner method") == "Partition evenly"
    if even:
        count = arguments.integer("Specify how many folds do you want to split evenly into")
        if count < 1:
            raise StudioError(f"the number of folds is {count}: it must be 1 or more")
        proportions = [1.0 / count] * count
        groups = _groups(table, arguments, "Stratified split", "Stratification key column")
    else:
        text = arguments.optional_text("Proportion list of customized folds separated by comma") or ""
        try:
            proportions = [float(part) for part in text.split(",") if part.strip()]
        except ValueError:
            raise StudioError(f"the proportion list {text!r} must be numbers separated by commas") from None
        if not proportions or any(p < 0 for p in proportions) or sum(proportions) > 1.0 + 1e-9:
            raise StudioError(f"the proportion list {text!r} must hold numbers from 0 to 1 that add up to 1 at most")
        groups = _groups(
            table,
            arguments,
            "Stratified split for customized fold assignment",
            "Stratification key column for customized fold assignment",
        )
    random = sampling.generator(arguments.integer("Random seed")) if arguments.boolean("Randomized Split") else None
    replace = arguments.boolean("Use replacement in the partitioning")
    folds: list[list[int]] = [[] for _ in proportions]
    for group in groups:
        sizes = _sizes(len(group), proportions, even)
        if replace:
            draw = random or sampling.generator(0)
            for fold, size in zip(folds, sizes, strict=True):
                fold.extend(int(i) for i in np.sort(draw.choice(group, size=size, replace=True)))
            continue
        order = random.permutation(group) if random is not None else group
        start = 0
        for fold, size in zip(folds, sizes, strict=True):
            fold.extend(int(i) for i in order[start : start + size])
            start += size
    return [sorted(fold) for fold in folds]


def _sizes(rows: int, proportions: list[float], even: bool) -> list[int]:
    if even:
        base, extra = divmod(rows, len(proportions))
        return [base + (1 if index < extra else 0) for index in range(len(proportions))]
    sizes = [sampling.count_for(rows, p) for p in proportions]
    sizes[-1] += rows - sum(sizes)
    return sizes


def _pick(table: Table, arguments: cli.Arguments) -> Table:
    if table.folds is None:
        raise StudioError("Pick Fold needs a dataset whose rows were assigned to folds (Partition and Sample, Assign to Folds)")
    number = arguments.integer("Specify which fold to be sampled from")
    if not 1 <= number <= len(table.folds):
        raise StudioError(f"the dataset has {len(table.folds)} folds, not a fold {number}")
    rows = table.folds[number - 1]
    if arguments.boolean("Pick complement of the selected fold"):
        inside = set(rows)
        rows = [i for i in range(len(table.frame)) if i not in inside]
    return sampling.rows(table, np.asarray(rows, dtype=int))


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
