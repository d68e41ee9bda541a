"""Train Model: fits an untrained model on a labelled dataset and writes the trained model (``models``).

The label is the column the "Label column" picker selects (exactly one), or, when the picker is not set, the
dataset's label-kind column, as classic inferred it from the metadata. The features are the other feature-kind
columns (``training``). A Parameter Range model trains with each range's first value, as classic did. Rows without
a label are ignored; so are rows with a missing numeric feature, for learners that cannot take one (said on the
standard output).
"""

from __future__ import annotations

import argparse

from . import cli
from .errors import StudioError
from .models import read_model, write_model
from .tabular import Table
from .training import fit

MODULE = cli.Module(
    "Train Model",
    inputs=("Untrained model", "Dataset"),
    outputs=("Trained model",),
    parameters=(cli.Parameter("Label column", "columns", ""),),
)


def label_column(arguments: cli.Arguments, parameter: str, table: Table) -> str:
    """The one column a label picker selects, or the dataset's label column when the picker is empty."""
    if arguments.text(parameter).strip() == "":
        if table.label is None:
            raise StudioError(f'set "{parameter}": the dataset has no column marked as the label')
        return table.label
    chosen = arguments.selected(parameter, table)
    if len(chosen) != 1:
        raise StudioError(f'"{parameter}" must select exactly one column; it selects {len(chosen)}: {", ".join(chosen)}')
    return chosen[0]


def body(arguments: cli.Arguments) -> None:
    folder = arguments.input("Untrained model")
    if folder is None:
        raise StudioError("the input port 'Untrained model' is not connected: connect a learner module")
    spec = read_model(folder, port="Untrained model")
    if spec.kind != "untrained-model":
        raise StudioError(f"the Untrained model input holds an already trained {spec.module} model")
    table = arguments.table("Dataset")
    label = label_column(arguments, "Label column", table)
    fitted = fit(spec, table, label)
    write_model(arguments.output("Trained model"), fitted.spec, fitted.pipeline)
    used = len(table.frame) - fitted.left_out
    print(f"Train Model: {spec.module} trained on {used} rows with the label {label!r} and {len(fitted.spec.features)} features")
    if fitted.left_out:
        print(f"Train Model: {fitted.left_out} rows left out (no label, or a missing numeric feature this learner cannot take)")


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, body, argv)


if __name__ == "__main__":
    raise SystemExit(main())
