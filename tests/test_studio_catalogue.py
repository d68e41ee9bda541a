"""The module catalogue and the component runtime agree: each record's program takes exactly the record's ports and
carried parameters as options (kinds and defaults too), so what the converter writes on a command line is what the
program reads. The converter reads only the catalogue; the programs declare their command line in ``MODULE``."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from studio_modules import cli

from speclift.converters.studio_classic.pipeline import IMPORT_DATA, SOURCE_PORT
from speclift.studio.modules import ModuleRecord, records
from tests.conftest import STUDIO_RUNTIME

PROGRAMS = [record for record in records() if record.module is not None and record.module != "unsupported"]
EXTRA_INPUTS = {IMPORT_DATA: (SOURCE_PORT,)}  # inputs the converter adds to what the classic module had


@pytest.mark.parametrize("record", PROGRAMS, ids=lambda record: record.name)
def test_program_takes_the_records_ports_and_parameters(record: ModuleRecord) -> None:
    program = importlib.import_module(f"studio_modules.{record.module}")
    declared: cli.Module = program.MODULE
    assert declared.name == record.name
    assert declared.inputs == EXTRA_INPUTS.get(record.name, ()) + record.inputs
    assert declared.outputs == record.outputs
    carried = {name: (p.kind, p.default) for name, p in record.parameters.items() if p.carried and p.kind != "secret"}
    assert {p.name: (p.kind, p.default) for p in declared.parameters} == carried
    options = {action.option_strings[0] for action in program.build_parser()._actions if action.dest != "help"}
    names = [*declared.inputs, *declared.outputs, *carried]
    assert options == {f"--{cli.slug(name)}" for name in names}


@pytest.mark.parametrize("record", PROGRAMS, ids=lambda record: record.name)
def test_a_record_that_differs_says_how(record: ModuleRecord) -> None:
    assert (record.status.value == "converted") == (not record.note), record.note
    for parameter in record.parameters.values():
        if not parameter.carried:
            assert parameter.note, f"{record.name}: {parameter.name} is not carried and needs a note"


def test_every_program_has_a_record() -> None:
    helpers = {
        "__init__",
        "cli",
        "columns",
        "combine",
        "errors",
        "learning",
        "metrics",
        "models",
        "sampling",
        "tabular",
        "textformats",
        "training",
        "transforms",
        "unsupported",
    }
    named = {record.module for record in records()}
    data = {record.module for record in records() if record.source == "data.yaml"}
    programs = {path.stem for path in (STUDIO_RUNTIME / "studio_modules").glob("*.py")} - helpers
    assert data <= programs
    assert not programs - named, "a program no catalogue record names"


def test_the_unsupported_program_fails_with_what_the_converter_passes() -> None:
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "studio_modules.unsupported",
            "--module-name",
            "Summarize Data",
            "--family-id",
            "abc",
            "--advice",
            "use pandas",
        ],
        cwd=STUDIO_RUNTIME,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (ran.returncode, ran.stderr) == (1, "Summarize Data (family abc) has no generated program: use pandas\n")
