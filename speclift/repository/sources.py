"""Where a repository keeps command lines: CI definitions and scripts, read as text and never run.

Each source yields :class:`Script` pieces: the text a shell would run, its dialect, the folder it runs in, and where
the text sits in the file (so a command found in it has a line and column, and can be rewritten in place when the
text is the file's own, character for character). Kinds:

- Azure Pipelines (``azure-pipelines*.yml`` and any YAML with top-level ``steps``/``jobs``/``stages``): steps
  ``script``, ``bash``, ``pwsh``, ``powershell`` (step ``workingDirectory``), tasks ``AzureCLI``, ``Bash``,
  ``PowerShell``, ``CmdLine`` (``inlineScript``/``script``, ``scriptPath``/``filePath``, input ``workingDirectory``);
  the default folder is the checkout, the repository root.
- GitHub Actions (``.github/workflows/*.yml``): ``run`` with ``working-directory``, else the job's, else the
  workflow's ``defaults.run.working-directory``; ``shell: pwsh``/``powershell`` reads PowerShell.
- Shell scripts (``*.sh``, ``*.bash``; ``*.ps1`` as PowerShell): run in the folder a CI step calling them runs in,
  else their own folder.
- Makefiles: each recipe line (with its continuations) runs in the Makefile's folder.
- Python scripts a step or script runs (``python submit.py``), in that step's folder: only for their
  ``mlflow.projects.run`` calls (:mod:`speclift.repository.python_calls`).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from speclift import pointer, yamlio
from speclift.discovery import inside
from speclift.repository.shell import POSIX, POWERSHELL

AZURE_PIPELINES = "azure-pipelines"
GITHUB_ACTIONS = "github-actions"
SHELL = "shell"
MAKEFILE = "makefile"
PYTHON = "python"  # a Python script a CI step runs: its mlflow.projects.run calls (speclift.repository.python_calls)

INCLUDE = ("*.yml", "*.yaml", "*.sh", "*.bash", "*.ps1", "Makefile", "makefile", "GNUmakefile", "*.mk")
MAKEFILE_NAMES = ("Makefile", "makefile", "GNUmakefile")
_MENTIONS = re.compile(r"\baz\s+ml\b|\bmlflow\b|\.(?:sh|bash|ps1)\b")
_PIPELINE_KEYS = re.compile(r"^(?:steps|jobs|stages)\s*:", re.MULTILINE)
# What a CI folder variable stands for when it starts a working directory: the checkout, the repository root.
_ROOT_VARIABLES = re.compile(
    r"^(?:\$\((?:System\.DefaultWorkingDirectory|Build\.SourcesDirectory|Build\.Repository\.LocalPath)\)"
    r"|\$\{\{\s*github\.workspace\s*\}\}|\$GITHUB_WORKSPACE|\$\{GITHUB_WORKSPACE\})[/\\]?"
)


@dataclass(frozen=True, slots=True)
class Folder:
    """Where a script runs: a real path inside the repository, or why it is not known."""

    path: str | None
    unknown: str = ""


@dataclass(frozen=True, slots=True)
class Script:
    file: str  # the file holding the text
    text: str
    dialect: str  # shell.POSIX or shell.POWERSHELL
    cwd: Folder
    kind: str
    line: int  # where the text starts in the file
    column: int
    verbatim: bool  # the text is the file's: each line after the first is `indent` + the text's line
    indent: str = ""

    def locator(self) -> Callable[[int], tuple[int, int]]:
        """A function giving the file line and column of an offset in the text (one pass over the text, then a
        binary search per offset: a script of many commands stays linear)."""
        starts = [0] + [i + 1 for i, char in enumerate(self.text) if char == "\n"]

        def position(offset: int) -> tuple[int, int]:
            lines = bisect.bisect_right(starts, offset) - 1
            column = offset - starts[lines]
            if lines == 0:
                return self.line, self.column + column
            return self.line + lines, len(self.indent) + column + 1

        return position


def folder(root: str, base: str, given: str) -> Folder:
    """The folder ``given`` (a CI working directory, relative to ``base``) names, kept inside ``root``."""
    text = _ROOT_VARIABLES.sub("", given.strip()) if _ROOT_VARIABLES.match(given.strip()) else given.strip()
    start = root if text != given.strip() else base
    if "$" in text or "%" in text:
        return Folder(None, f"working directory {given!r} depends on a variable")
    target = os.path.realpath(os.path.join(start, text.replace("\\", "/")))
    if not inside(target, root):
        return Folder(None, f"working directory {given!r} is outside the repository")
    return Folder(target)


def yaml_scripts(path: str, text: str, root: str, limits: yamlio.Limits) -> Iterator[Script]:
    """The scripts of a CI YAML file (nothing when it is not one)."""
    if not _MENTIONS.search(text):
        return
    relative = os.path.relpath(os.path.realpath(path), root).replace(os.sep, "/")
    github = relative.startswith(".github/workflows/")
    if not github and not _PIPELINE_KEYS.search(text):
        return
    loaded = yamlio.load(text, path, limits)
    for document in loaded.documents:
        if not isinstance(document.data, dict):
            continue
        source = _Source(path, text, root, document)
        yield from (source.github(document.data) if github else source.azure(document.data, ""))


class _Source:
    def __init__(self, path: str, text: str, root: str, document: yamlio.Document) -> None:
        self.path, self.root, self.document = path, root, document
        self.lines = text.splitlines()

    # GitHub Actions --------------------------------------------------------------------------------------------

    def github(self, data: Mapping[str, Any]) -> Iterator[Script]:
        top = _defaults(data)
        jobs = data.get("jobs")
        if not isinstance(jobs, dict):
            return
        for job_id, job in jobs.items():
            if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
                continue
            job_defaults = {**top, **_defaults(job)}
            for index, step in enumerate(job["steps"]):
                if not isinstance(step, dict) or not isinstance(step.get("run"), str):
                    continue
                given = step.get("working-directory", job_defaults.get("working-directory", "."))
                cwd = folder(self.root, self.root, str(given))
                shell = str(step.get("shell", job_defaults.get("shell", "bash")))
                dialect = POWERSHELL if shell in ("pwsh", "powershell") else POSIX
                where = pointer.join("", "jobs", job_id, "steps", index, "run")
                yield self._script(where, step["run"], dialect, cwd, GITHUB_ACTIONS)

    # Azure Pipelines -------------------------------------------------------------------------------------------

    def azure(self, node: Any, where: str) -> Iterator[Script]:
        """Every ``steps`` list, wherever stages, jobs, deployment strategies or templates put it."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "steps" and isinstance(value, list):
                    for index, step in enumerate(value):
                        if isinstance(step, dict):
                            yield from self._azure_step(step, pointer.join(where, key, index))
                elif isinstance(value, (dict, list)):
                    yield from self.azure(value, pointer.join(where, str(key)))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from self.azure(item, pointer.join(where, index))

    def _azure_step(self, step: Mapping[str, Any], where: str) -> Iterator[Script]:
        for key, dialect in (("script", POSIX), ("bash", POSIX), ("pwsh", POWERSHELL), ("powershell", POWERSHELL)):
            if isinstance(step.get(key), str):
                cwd = folder(self.root, self.root, str(step.get("workingDirectory", ".")))
                yield self._script(pointer.join(where, key), step[key], dialect, cwd, AZURE_PIPELINES)
        task = str(step.get("task", ""))
        inputs = step.get("inputs")
        if not task or not isinstance(inputs, dict):
            return
        name = task.split("@")[0]
        if name not in ("AzureCLI", "Bash", "PowerShell", "CmdLine", "ShellScript"):
            return
        cwd = folder(self.root, self.root, str(inputs.get("workingDirectory", inputs.get("cwd", "."))))
        kind = str(inputs.get("scriptType", "pwsh" if name == "PowerShell" else "bash")).lower()
        dialect = POWERSHELL if kind in ("ps", "pscore", "pwsh", "powershell") or name == "PowerShell" else POSIX
        for key in ("inlineScript", "script"):
            if isinstance(inputs.get(key), str):
                yield self._script(pointer.join(where, "inputs", key), inputs[key], dialect, cwd, AZURE_PIPELINES)
        for key in ("scriptPath", "filePath"):
            if isinstance(inputs.get(key), str):  # the file's own commands are found when the file is read
                called = str(inputs[key])
                arguments = str(inputs.get("arguments", ""))
                text = f"{'pwsh -File' if dialect == POWERSHELL else 'bash'} {called} {arguments}".strip()
                line, column = self.document.position(pointer.join(where, "inputs", key))
                yield Script(self.path, text, dialect, cwd, AZURE_PIPELINES, line, column, verbatim=False)

    # the text of one scalar ------------------------------------------------------------------------------------

    def _script(self, where: str, text: str, dialect: str, cwd: Folder, kind: str) -> Script:
        line, column = self.document.position(where)
        header = self.lines[line - 1][column - 1 :] if 0 < line <= len(self.lines) else ""
        if header.startswith("|"):
            indent = _block_indent(self.lines, line)
            return Script(self.path, text, dialect, cwd, kind, line + 1, len(indent) + 1, verbatim=True, indent=indent)
        plain = "\n" not in text and header.startswith(text) and not header.startswith(("'", '"'))
        quoted = header.startswith(("'", '"'))  # the value starts after the quote (escapes may still shift it)
        return Script(self.path, text, dialect, cwd, kind, line, column + quoted, verbatim=plain)


def _defaults(node: Mapping[str, Any]) -> dict[str, Any]:
    defaults = node.get("defaults")
    run = defaults.get("run") if isinstance(defaults, dict) else None
    return {str(k): v for k, v in run.items()} if isinstance(run, dict) else {}


def _block_indent(lines: list[str], header: int) -> str:
    """The indentation of a block scalar's content: its first line that is not blank."""
    for text in lines[header:]:
        if text.strip():
            return text[: len(text) - len(text.lstrip(" "))]
    return ""


def makefile_scripts(path: str, text: str, root: str) -> Iterator[Script]:
    """Each recipe line of a Makefile, continuations included; it runs in the Makefile's folder."""
    cwd = Folder(os.path.dirname(os.path.realpath(path)))
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        first = lines[index]
        if not first.startswith("\t"):
            index += 1
            continue
        start = index
        body = [first[1:]]
        while body[-1].endswith("\\") and index + 1 < len(lines):
            index += 1
            body.append(lines[index][1:] if lines[index].startswith("\t") else lines[index])
        index += 1
        recipe = "\n".join(body)
        prefix = len(recipe) - len(recipe.lstrip("@-+ "))  # make's own prefixes: silent, ignore errors, always run
        yield Script(path, recipe[prefix:], POSIX, cwd, MAKEFILE, start + 1, 2 + prefix, verbatim=True, indent="\t")


def shell_script(path: str, text: str, cwd: Folder | None) -> Script:
    """A whole script file, run in ``cwd`` (where a CI step calling it ran), else in its own folder."""
    dialect = POWERSHELL if path.endswith(".ps1") else POSIX
    start = cwd if cwd is not None else Folder(os.path.dirname(os.path.realpath(path)))
    return Script(path, text, dialect, start, SHELL, 1, 1, verbatim=True)
