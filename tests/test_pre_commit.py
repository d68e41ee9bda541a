"""The pre-commit hooks (.pre-commit-hooks.yaml) under pre-commit itself, offline.

A ``language: python`` hook makes pre-commit pip-install this repository from an index, which a test must not do.
So pre-commit runs the manifest's hooks as a ``repo: local`` configuration made from the manifest, every key kept
but ``language: system`` and the entry pointing at the speclift installed here. That shows, with pre-commit's own
file selection and batching, that each hook's filters pass it the files it is for (JSON-with-comments settings
among them, which the command tells from specs), that its command works on them, and that one run prints one summary
however many files;
``pre-commit validate-manifest`` and ``validate-config`` check the manifest and the README's snippet. The one thing
left out, pip installing the hook's repository, is the wheel build that tests/test_packaging.py makes.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from speclift.discovery import DEFAULT_INCLUDE
from speclift.migration.inventory import MIGRATION_INCLUDE
from tests.conftest import ROOT
from tests.test_github_action import git

BIN = Path(sys.executable).parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
HOOKS: dict[str, dict[str, Any]] = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text())}
V2_JOB = """\
$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
type: command
command: python -c "print({n})"
environment: azureml:sklearn:1
"""
V0_EXPERIMENT = "version: 1\nkind: experiment\nbuild:\n  image: python:3.8\nrun:\n  cmd: python train.py\n"
JSON_WITH_COMMENTS = '{\n  // the editor\'s settings\n  "editor.tabSize": 2\n}\n'


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "PRE_COMMIT_HOME": str(home / "cache")}
    environment |= {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([str(BIN / "pre-commit"), *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def local_config(**overrides: Any) -> str:
    """The manifest's hooks as a ``repo: local`` configuration running the speclift installed here."""
    hooks = []
    for hook in HOOKS.values():
        command = hook["entry"].split()
        assert command[0] == "speclift"
        hooks.append({**hook, "language": "system", "entry": " ".join([str(BIN / "speclift"), *command[1:]]), **overrides})
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def test_the_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    done = pre_commit("validate-manifest", str(MANIFEST), cwd=ROOT, home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("hook", "include"), [("speclift-validate", DEFAULT_INCLUDE), ("speclift-convert-check", MIGRATION_INCLUDE)]
)
def test_each_hook_sees_the_files_its_command_walks(hook: str, include: tuple[str, ...]) -> None:
    """The ``files`` pattern (pre-commit's, a regular expression on the path) and the walk's name patterns (fnmatch
    on the file name) say the same thing."""
    names = ["train.yml", "a/b/c.yaml", "x.runconfig", "MLproject", "p/mlProject", "aml/model.json", "ws.compute"]
    names += ["README.md", "train.py", "a.yml.bak", "MLproject.txt", "yml", "notes.json5", "MLprojects"]
    pattern = re.compile(HOOKS[hook]["files"])
    for name in names:
        walked = any(fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], p) for p in include)
        assert bool(pattern.search(name)) == walked, (hook, name)


def test_the_readme_snippet_is_a_valid_configuration(tmp_path: Path) -> None:
    section = (ROOT / "README.md").read_text().split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    snippet = next(block for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "repos:" in block)
    (tmp_path / "config.yaml").write_text(snippet)
    done = pre_commit("validate-config", str(tmp_path / "config.yaml"), cwd=tmp_path, home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    used = set(re.findall(r"id: (\S+)", snippet))
    assert used and used <= set(HOOKS)


@pytest.mark.slow
def test_the_hooks_under_pre_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "jobs").mkdir(parents=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    for n in range(40):  # enough files for pre-commit to split them across processes, were the hooks not serial
        (repo / "jobs" / f"job{n:02}.yml").write_text(V2_JOB.format(n=n))
    (repo / "legacy").mkdir()
    (repo / "legacy" / "experiment.yml").write_text(V0_EXPERIMENT)
    (repo / ".vscode").mkdir()
    (repo / ".vscode" / "settings.json").write_text(JSON_WITH_COMMENTS)
    (repo / "tsconfig.json").write_text(JSON_WITH_COMMENTS)
    (repo / ".pre-commit-config.yaml").write_text(local_config())
    git(repo, "add", "--all")

    done = pre_commit("run", "--all-files", cwd=repo, home=tmp_path)
    out = done.stdout
    assert done.returncode == 1, out
    assert re.search(r"^speclift validate\.+Failed$", out, re.MULTILINE), out
    assert re.search(r"^speclift convert --check\.+Failed$", out, re.MULTILINE), out
    assert "- exit code: 3" in out  # convertible: `speclift convert --in-place` finishes the job
    assert "legacy/experiment.yml: polyaxon/v0/polyaxonfile -> polyaxon/v1/component" in out
    assert "json: unreadable" not in out and "SL001" not in out  # JSON with comments (settings.json, tsconfig.json): no spec
    # one summary each for 42 files: one process per hook
    assert len(re.findall(r"^\d+ errors?, \d+ warnings? in \d+ spec files?", out, re.MULTILINE)) == 1, out
    assert len(re.findall(r"^exit \d: ", out, re.MULTILINE)) == 1, out
    assert "0 errors, 1 warning in 41 spec files" in out  # the v0 file's SL012

    if (os.cpu_count() or 1) > 1:  # the same hooks, not serial: pre-commit splits the files, each batch has a summary
        (repo / ".pre-commit-config.yaml").write_text(local_config(require_serial=False))
        parallel = pre_commit("run", "--all-files", cwd=repo, home=tmp_path).stdout
        assert len(re.findall(r"^exit \d: ", parallel, re.MULTILINE)) > 1, parallel

    (repo / ".pre-commit-config.yaml").write_text(local_config())
    shutil.rmtree(repo / "legacy")  # migrated
    git(repo, "add", "--all")
    done = pre_commit("run", "--all-files", cwd=repo, home=tmp_path)
    assert done.returncode == 0, done.stdout
    assert re.search(r"^speclift convert --check\.+Passed$", done.stdout, re.MULTILINE)

    (repo / "jobs" / "job00.yml").write_text(V2_JOB.format(n=0) + "enviroment: x\n")
    done = pre_commit("run", "--files", "jobs/job00.yml", cwd=repo, home=tmp_path)
    assert done.returncode == 1
    assert "jobs/job00.yml:5:1: error SL101 unknown field 'enviroment'" in done.stdout
    assert "1 error, 0 warnings in 1 spec file" in done.stdout


def test_the_readme_pins_a_commit_of_this_repository_that_has_the_hooks_and_the_action() -> None:
    """No release is tagged yet: the README's `rev:`, the Action's `@` and the GitLab job's `pip install ...@` name
    one commit, which must be in this repository's history and hold the hooks, the inputs and the formats the
    snippets use."""
    readme = (ROOT / "README.md").read_text()
    pre_commit_section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    action_section = readme.split("\n## GitHub Actions\n", 1)[1].split("\n## ", 1)[0]
    gitlab_section = readme.split("\n## GitLab CI\n", 1)[1].split("\n## ", 1)[0]
    installs = re.findall(r"git\+https://\S+/speclift@([^\s\"']+)", gitlab_section)
    assert installs, "the GitLab job installs speclift at a pinned version"
    pinned = set(re.findall(r"rev: (\S+)", pre_commit_section)) | set(re.findall(r"/speclift@(\S+)", action_section))
    pinned |= set(installs)
    assert len(pinned) == 1, pinned
    (sha,) = pinned
    assert re.fullmatch(r"[0-9a-f]{40}", sha), "pin a full commit id (or, once there are releases, a vX.Y.Z tag)"
    try:
        shallow = git(ROOT, "rev-parse", "--is-shallow-repository")
    except (subprocess.CalledProcessError, OSError):
        pytest.skip("not a git checkout")
    if shallow == "true":
        pytest.skip("a shallow clone does not hold the pinned commit")
    git(ROOT, "merge-base", "--is-ancestor", sha, "HEAD")  # fails unless the commit is in this history
    hooks = {hook["id"] for hook in yaml.safe_load(git(ROOT, "show", f"{sha}:.pre-commit-hooks.yaml"))}
    assert set(re.findall(r"id: (\S+)", pre_commit_section)) <= hooks
    inputs = set(yaml.safe_load(git(ROOT, "show", f"{sha}:action.yml"))["inputs"])
    workflow = next(block for block in re.findall(r"```yaml\n(.*?)```", action_section, re.DOTALL) if "jobs:" in block)
    steps = [step for job in yaml.safe_load(workflow)["jobs"].values() for step in job["steps"]]
    used = {name for step in steps if "/speclift@" in step.get("uses", "") for name in step.get("with", {})}
    assert used and used <= inputs
    reporters = git(ROOT, "show", f"{sha}:speclift/reporters/__init__.py")
    gitlab_job = next(block for block in re.findall(r"```yaml\n(.*?)```", gitlab_section, re.DOTALL) if "script:" in block)
    formats = set(re.findall(r"--format (\S+)", gitlab_job))
    assert formats and all(f'"{name}":' in reporters for name in formats), formats
