"""The test repositories (tests/cases/repositories/<name>/: v1 files with the CI files that ran them) migrated as a
user migrates a repository, `speclift convert ROOT --out OUT`, so that azure-ai-ml judges every output the way the
repository meets it: CI invocations supplying scripts, models and names, companions consumed, paths from the project
folder. No stand-ins: a test repository holds every file its specs name, and an output that names a missing one is
refused by speclift (SL412) and counted as a failure here."""

from __future__ import annotations

import shutil
from pathlib import Path

import converted_azureml as caz

REPOSITORIES = Path("tests") / "cases" / "repositories"


def convert(root: Path, stage_root: Path) -> tuple[list[caz.V1File], list[str]]:
    """Migrate every test repository into ``stage_root``; the v1 files with their outputs, and problems."""
    from speclift import spectypes, yamlio
    from speclift.migration import MigrationOptions, migrate

    files: list[caz.V1File] = []
    problems: list[str] = []
    for repository in sorted(p for p in (root / REPOSITORIES).iterdir() if p.is_dir()):
        tree = stage_root / "repositories" / repository.name
        shutil.copytree(repository, tree, ignore=shutil.ignore_patterns("expected-*.txt"))
        (tree / ".git").mkdir()
        result = migrate([str(tree)], MigrationOptions(out_dir=str(stage_root / "repositories-out" / repository.name)))
        for record in result.records:
            # this stage judges Azure ML v1 files; an MLproject a test repository's mlflow run names is not one
            if not record.status.legacy or not (record.spec_types or [""])[0].startswith("azureml/v1/"):
                continue
            label = str(REPOSITORIES / repository.name / Path(record.path).relative_to(tree))
            v1 = caz.V1File(label, Path(label), source_type=(record.spec_types or [None])[0])
            if record.status.value == "blocked":
                problems.append(f"{label}: not converted: {'; '.join(f.message for f in record.problems if f.code != 'SL401')}")
            files.append(v1)
            for action in result.actions:
                if action.record is not record:
                    continue
                for write in action.writes:
                    loaded = yamlio.load(yamlio.read_file(write.path), write.path)
                    data = loaded.documents[0].data if loaded.documents else None
                    spec = spectypes.detect(data, Path(write.path).name).spec_type
                    kind = spec.id if spec is not None else "?"
                    v1.outputs.append(caz.Output("default", kind, Path(write.path), f"{label} -> {Path(write.path).name}"))
    return files, problems
