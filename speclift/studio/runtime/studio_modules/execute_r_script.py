"""Execute R Script: runs the user's R script, carried verbatim, inside an R program that gives it the classic
R runtime's port functions, with ``Rscript``.

The generated program (``r_program``) defines ``maml.mapInputPort(i)``, the data.frame of input ``i`` (1 Dataset1,
2 Dataset2; an error naming the port when it is not connected), read from CSV with each column's class from its
type (integer, numeric, character, logical; a categorical column a factor; a datetime POSIXct in UTC), and
``maml.mapOutputPort("name")``, which writes the data.frame the variable ``name`` holds as the Result Dataset.
``set.seed`` is called with "Random Seed" when it is set. A zip on "Script Bundle" is unpacked into ``./src``
(classic's place for it) in the scratch working directory the script runs in. The R Device output gets what R
printed (``output.txt``) and the plots, drawn on a PNG device (``Rplot001.png``...). A script that never calls
``maml.mapOutputPort`` gives an empty Result Dataset. The classic helper functions beyond the two port functions
(``maml.mapOutputPort``'s siblings for feature and label columns) are not provided.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from . import cli
from .errors import StudioError
from .execute_python_script import unpack_bundle
from .tabular import Column, Table, read_text_file, table_csv

MODULE = cli.Module(
    "Execute R Script",
    inputs=("Dataset1", "Dataset2", "Script Bundle"),
    outputs=("Result Dataset", "R Device"),
    parameters=(cli.Parameter("R Script", "script"), cli.Parameter("Random Seed", "integer", "")),
)
INSTALL_HINT = (
    "Rscript was not found on PATH: Execute R Script needs R in the component's environment "
    "(conda: r-base from conda-forge; Debian or Ubuntu: apt-get install r-base-core)"
)
_R_CLASSES = {
    "integer": "integer",
    "number": "numeric",
    "string": "character",
    "boolean": "logical",
    "datetime": "character",
    "timespan": "character",
}
_FROM_R = {
    "integer": "integer",
    "numeric": "number",
    "double": "number",
    "character": "string",
    "logical": "boolean",
    "factor": "string",
    "POSIXct": "datetime",
    "Date": "datetime",
}


def _r_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid R string literal for what we write


def _r_vector(values: list[str]) -> str:
    return "c(" + ", ".join(_r_string(value) for value in values) + ")"


def r_program(
    script: str, inputs: dict[int, tuple[str, list[Column]] | None], output: str, device: str | None, seed: int | None
) -> str:
    """The R program around the user's script: the port functions, the seed, the PNG device, the script."""
    lines = [
        "# The classic R runtime's port functions around the user's script (studio_modules.execute_r_script).",
        "maml.inputs <- list()",
    ]
    for index in (1, 2):
        given = inputs.get(index)
        if given is None:
            lines.append(f"maml.inputs[[{index}]] <- list(path = NA)")
            continue
        path, columns = given
        lines.append(
            f"maml.inputs[[{index}]] <- list(path = {_r_string(path)}, "
            f"classes = {_r_vector([_R_CLASSES[c.type] for c in columns])}, "
            f"factors = {_r_vector([c.name for c in columns if c.categorical])}, "
            f"datetimes = {_r_vector([c.name for c in columns if c.type == 'datetime'])})"
        )
    lines += [
        "maml.mapInputPort <- function(i) {",
        '  if (!(i %in% c(1, 2)) || is.na(maml.inputs[[i]]$path)) stop(sprintf("Execute R Script: input port %s (Dataset%s) is not connected", i, i))',
        "  port <- maml.inputs[[i]]",
        '  frame <- read.csv(port$path, colClasses = port$classes, na.strings = "", check.names = FALSE, stringsAsFactors = FALSE, encoding = "UTF-8")',
        "  for (name in port$factors) frame[[name]] <- as.factor(frame[[name]])",
        '  for (name in port$datetimes) frame[[name]] <- as.POSIXct(frame[[name]], tz = "UTC")',
        "  frame",
        "}",
        f"maml.output <- {_r_string(output)}",
        "maml.mapOutputPort <- function(name) {",
        "  frame <- get(name, envir = parent.frame())",
        '  if (!is.data.frame(frame)) stop(sprintf("Execute R Script: maml.mapOutputPort(\\"%s\\") names no data.frame", name))',
        '  classes <- vapply(frame, function(column) class(column)[1], "")',
        '  write.csv(frame, file.path(maml.output, "result.csv"), row.names = FALSE, na = "", fileEncoding = "UTF-8")',
        '  write.csv(data.frame(name = names(frame), class = classes), file.path(maml.output, "classes.csv"), row.names = FALSE)',
        "  invisible(NULL)",
        "}",
    ]
    if seed is not None:
        lines.append(f"set.seed({seed})")
    if device is not None:
        lines.append(f'png(file.path({_r_string(device)}, "Rplot%03d.png"))')
    lines += ["# ---- the R Script, verbatim ----", script.rstrip("\n"), "# ---- end of the R Script ----"]
    if device is not None:
        lines.append("graphics.off()")
    return "\n".join(lines) + "\n"


def r_error(stderr: str) -> str:
    """R's last error message ("Error in f(x) : what"), without the "Execution halted" that follows it."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and line.strip() != "Execution halted"]
    starts = [index for index, line in enumerate(lines) if line.startswith("Error")]
    return " ".join(lines[starts[-1] :] if starts else lines[-1:])


def _result(folder: Path) -> Table:
    data, classes = folder / "result.csv", folder / "classes.csv"
    if not data.is_file():
        print("Execute R Script: the script did not call maml.mapOutputPort: the Result Dataset is empty")
        return Table(pd.DataFrame(), [])
    table = read_text_file(data, ",")
    kinds = dict(zip(*(read_text_file(classes, ",").frame[name].tolist() for name in ("name", "class")), strict=True))
    columns = []
    for column in table.columns:
        r_class = kinds.get(column.name, "")
        wanted = _FROM_R.get(r_class, column.type)
        columns.append(Column(column.name, wanted if wanted in ("string", "datetime") else column.type, r_class == "factor"))
    return Table.from_frame(table.frame, like=Table(table.frame, columns))


def body(arguments: cli.Arguments) -> None:
    script = arguments.script("R Script")
    seed_text = arguments.text("Random Seed").strip()
    seed = arguments.integer("Random Seed") if seed_text else None
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise StudioError(INSTALL_HINT)
    device = arguments.output("R Device") if arguments.given("R Device") else None
    with tempfile.TemporaryDirectory(prefix="execute-r-script-") as scratch:
        work = Path(scratch)
        inputs: dict[int, tuple[str, list[Column]] | None] = {}
        for index, port in ((1, "Dataset1"), (2, "Dataset2")):
            table = arguments.optional_table(port)
            if table is None:
                inputs[index] = None
                continue
            path = work / f"input{index}.csv"
            path.write_text(table_csv(table), encoding="utf-8")
            inputs[index] = (str(path), list(table.columns))
        bundle = arguments.input("Script Bundle")
        if bundle is not None:
            unpack_bundle(bundle, work / "src")
        plots = work / "device"
        plots.mkdir()
        program = work / "program.R"
        program.write_text(r_program(script, inputs, str(work), str(plots) if device else None, seed), encoding="utf-8")
        finished = subprocess.run([rscript, "--vanilla", str(program)], cwd=work, capture_output=True, text=True, check=False)
        printed = finished.stdout + finished.stderr
        print(printed, end="")
        if device is not None:
            device.mkdir(parents=True, exist_ok=True)
            (device / "output.txt").write_text(printed, encoding="utf-8")
            for image in sorted(plots.glob("*.png")):
                shutil.copy2(image, device / image.name)
        if finished.returncode != 0:
            raise StudioError(f"the R Script failed: {r_error(finished.stderr) or f'Rscript exited with {finished.returncode}'}")
        result = _result(work)
    arguments.write("Result Dataset", result)


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, body, argv)


if __name__ == "__main__":
    raise SystemExit(main())
