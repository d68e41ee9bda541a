"""Execute Python Script: runs the user's script, carried verbatim, with the classic entry convention.

The script (the "Python Script" parameter: a path to the file holding it) must define ``azureml_main``. It is
called positionally with the connected dataset inputs as pandas DataFrames, in port order, as classic did: the
first connected input is the first argument, the second the second, and an input not connected is not passed (the
classic template's ``azureml_main(dataframe1 = None, dataframe2 = None)`` sees None there). Each DataFrame has the
default index 0..n-1. A zip on "Script Bundle" (the folder holding it; a folder of files is taken as it is) is
unpacked into ``./Script Bundle``, which goes on ``sys.path``; the script runs in a scratch working directory that
holds it, so files it writes stay there, except the PNG images, which go to the "Python Device" output with
whatever the script printed.

``azureml_main`` returns a DataFrame or a sequence (tuple, list) whose first item is one; that becomes the Result
Dataset, converted as classic converted it: column names that are not text are made text, duplicate names get a
numeric suffix (``x``, ``x (1)``, ``x (2)``), the index is dropped. Columns the first input had keep its metadata
(kind, categorical) while their values still fit. The script's own imports are its business: it runs in this
component's environment.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
import traceback
import types
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from . import cli
from .errors import StudioError
from .tabular import Table

BUNDLE_DIR = "Script Bundle"
MODULE = cli.Module(
    "Execute Python Script",
    inputs=("Dataset1", "Dataset2", "Script Bundle"),
    outputs=("Result Dataset", "Python Device"),
    parameters=(cli.Parameter("Python Script", "script"),),
)


def unpack_bundle(source: Path, target: Path) -> None:
    """The Script Bundle input (a folder holding a zip, or plain files) laid out in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    archives = sorted(path for path in source.iterdir() if path.is_file() and path.suffix.lower() == ".zip")
    if len(archives) == 1 and all(path == archives[0] or path.name.startswith(".") for path in source.iterdir()):
        try:
            with zipfile.ZipFile(archives[0]) as archive:
                for member in archive.infolist():
                    destination = (target / member.filename).resolve()
                    if not destination.is_relative_to(target.resolve()):
                        raise StudioError(f"the Script Bundle zip holds {member.filename!r}, a path outside the bundle")
                archive.extractall(target)
        except zipfile.BadZipFile as error:
            raise StudioError(f"the Script Bundle input {archives[0].name} is not a zip file ({error})") from None
        return
    shutil.copytree(source, target, dirs_exist_ok=True)


def unique_names(names: list[Any]) -> list[str]:
    """Column names as classic made them: text, a duplicate suffixed ``(1)``, ``(2)``... in order."""
    result: list[str] = []
    for name in (str(name) for name in names):
        candidate, count = name, 0
        while candidate in result:
            count += 1
            candidate = f"{name} ({count})"
        result.append(candidate)
    return result


def load_entry(text: str) -> Any:
    """The script's ``azureml_main`` (the script runs as a module named ``azureml_script``)."""
    module = types.ModuleType("azureml_script")
    module.__file__ = "Python Script"
    try:
        code = compile(text, "Python Script", "exec")
    except SyntaxError as error:
        raise StudioError(f"the Python Script does not compile: {error.msg} (line {error.lineno})") from None
    try:
        exec(code, module.__dict__)
    except Exception as error:  # the user's code: its failure is reported, not ours
        raise StudioError(f"the Python Script failed while loading: {_described(error)}") from None
    entry = module.__dict__.get("azureml_main")
    if not callable(entry):
        raise StudioError("the Python Script defines no function azureml_main(dataframe1=None, dataframe2=None)")
    return entry


def _described(error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "Python Script"]
    where = f" (line {frames[-1].lineno} of the script)" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def result_frame(returned: Any) -> pd.DataFrame:
    """The Result Dataset from what azureml_main returned."""
    frame = returned
    if isinstance(returned, (tuple, list)):
        if not returned:
            raise StudioError("azureml_main returned an empty sequence: return a pandas DataFrame")
        frame = returned[0]
    if not isinstance(frame, pd.DataFrame):
        what = (
            f"a sequence whose first item is of type {type(frame).__name__}"
            if frame is not returned
            else f"an object of type {type(returned).__name__}"
        )
        raise StudioError(f"azureml_main returned {what}: return a pandas DataFrame, or a tuple whose first item is one")
    frame = frame.reset_index(drop=True)
    frame.columns = unique_names(list(frame.columns))
    return frame


def body(arguments: cli.Arguments) -> None:
    text = arguments.script("Python Script")
    inputs = [arguments.optional_table(port) for port in ("Dataset1", "Dataset2")]
    frames = [table.frame.copy() for table in inputs if table is not None]
    bundle = arguments.input("Script Bundle")
    device = arguments.output("Python Device") if arguments.given("Python Device") else None
    printed = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="execute-python-script-") as scratch:
        work = Path(scratch)
        if bundle is not None:
            unpack_bundle(bundle, work / BUNDLE_DIR)
        here = os.getcwd()
        sys.path.insert(0, str(work / BUNDLE_DIR))
        os.chdir(work)
        try:
            with contextlib.redirect_stdout(_Tee(sys.stdout, printed)):
                entry = load_entry(text)
                try:
                    returned = entry(*frames)
                except Exception as error:  # the user's code: its traceback, from its own frame on, goes to the log
                    trace = traceback.TracebackException.from_exception(
                        error.with_traceback(error.__traceback__.tb_next if error.__traceback__ else None)
                    )
                    print("".join(trace.format(chain=False)), end="")
                    raise StudioError(f"azureml_main failed: {_described(error)}") from None
        finally:
            os.chdir(here)
            sys.path.remove(str(work / BUNDLE_DIR))
        if device is not None:
            device.mkdir(parents=True, exist_ok=True)
            (device / "output.txt").write_text(printed.getvalue(), encoding="utf-8")
            for image in sorted(work.rglob("*.png")):
                if BUNDLE_DIR not in image.relative_to(work).parts:
                    shutil.copy2(image, device / image.name)
    frame = result_frame(returned)
    like = next((table for table in inputs if table is not None), None)
    try:
        result = Table.from_frame(frame, like=like)
    except (ValueError, TypeError) as error:
        raise StudioError(f"the DataFrame azureml_main returned cannot be a dataset: {error}") from None
    arguments.write("Result Dataset", result)


class _Tee(io.TextIOBase):
    """Standard output that is also kept for the Python Device."""

    def __init__(self, *streams: Any) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, body, argv)


if __name__ == "__main__":
    raise SystemExit(main())
