"""Finding the v1 CLI (and ``mlflow run``) invocations a repository keeps in its CI definitions and scripts.

:func:`find_invocations` walks the repository (the walk of :mod:`speclift.discovery`: never outside the root, tool
folders skipped), reads only files of known CI kinds (:mod:`speclift.repository.sources`) within the configured size
limit, splits their scripts into simple commands (:mod:`speclift.repository.shell`) and parses each ``az ml`` v1
command with the v1 CLI's parameter table (:mod:`speclift.repository.commands`), each ``mlflow run`` with MLflow's
(:mod:`speclift.repository.mlflow`, which also reads the project folder it runs). Nothing is executed. A ``cd DIR``
in a straight-line script moves the folder of the commands after it; inside an ``if``/loop/function, or to a folder
given by a variable, it makes the folder unknown, and the commands after it are skipped with that reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from speclift import codes, yamlio
from speclift.discovery import expand, inside
from speclift.findings import Finding, Severity
from speclift.repository import commands as cli
from speclift.repository import mlflow, python_calls
from speclift.repository.shell import Command, Unread
from speclift.repository.shell import commands as split_commands
from speclift.repository.sources import (
    INCLUDE,
    MAKEFILE_NAMES,
    PYTHON,
    Folder,
    Script,
    folder,
    makefile_scripts,
    shell_script,
    yaml_scripts,
)


@dataclass(frozen=True, slots=True)
class Invocation:
    """One v1 CLI command line found in a repository file."""

    command: str  # "az ml run submit-script"
    options: tuple[tuple[str, str], ...]  # (canonical long name, value), in command-line order; flags have ""
    positionals: tuple[str, ...]  # the script and its arguments
    cwd: str  # the real path of the folder it runs in
    file: str
    line: int
    column: int
    text: str  # the command as written (continuations included)
    kind: str = ""  # the file's kind: azure-pipelines, github-actions, shell, makefile, python
    dialect: str = "sh"
    end: tuple[int, int] = (0, 0)  # line and column just after the command
    verbatim: bool = False  # ``text`` is the file's text from (line, column) to ``end``, ``indent`` after each break
    indent: str = ""
    mlflow_project: mlflow.MLflowProject | None = None  # an ``mlflow run``'s project folder, read when found

    def option(self, name: str) -> str | None:
        """The value of option ``name`` (canonical long name); the last one given wins, as in argparse."""
        values = self.values(name)
        return values[-1] if values else None

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.options if key == name]

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.options)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def program(self) -> str:
        """What the command line runs, as messages name it: ``v1 CLI``, ``MLflow CLI``, or ``MLflow Python API`` for
        an ``mlflow.projects.run(...)`` call in a script."""
        if self.kind == "python" and self.command == mlflow.MLFLOW_RUN:
            return "MLflow Python API"
        return _program(self.command)

    @property
    def called(self) -> str:
        """The command as messages quote it: ``mlflow.projects.run()`` for a call in a script, else the command."""
        return "mlflow.projects.run()" if self.kind == "python" and self.command == mlflow.MLFLOW_RUN else self.command


@dataclass(frozen=True, slots=True)
class Skipped:
    """A v1 command line that was found but not used, and why (shown with ``-v``)."""

    file: str
    line: int
    column: int
    text: str
    reason: str
    command: str = ""  # "mlflow run" for one; v1 commands otherwise

    def finding(self) -> Finding:
        """A note (shown with ``-v``), as discovery tells the folders it does not walk."""
        return codes.make(
            "SL011", f"{_program(self.command)} command line not read: {self.reason}", self.file, self.line, self.column
        ).with_severity(Severity.INFO)


def _program(command: str) -> str:
    return "MLflow CLI" if command == mlflow.MLFLOW_RUN else "v1 CLI"


@dataclass(slots=True)
class Found:
    invocations: list[Invocation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


_AZ_ML = re.compile(r"\baz\s+ml\b")
_MLFLOW_RUN = re.compile(r"\bmlflow(?:\s+\S+){0,2}?\s+run\b")  # mlflow [--env-file F] run: a bounded look
_SCRIPT_RUNNERS = ("bash", "sh", "zsh", "source", ".", "pwsh", "powershell", "-File", "-file")
_REDIRECTION = re.compile(r"^(?:\d*>>?|\d*>&\d*|&>>?|<{1,3})(.*)$")
_BLOCK_OPEN = frozenset({"if", "for", "while", "until", "case", "select", "function", "foreach", "switch"})
_BLOCK_CLOSE = frozenset({"fi", "done", "esac", "}"})
_BLOCK_WORDS = frozenset({"then", "do", "else", "elif", "{", "!", "time", "exec", "command", "sudo", "env"})
MAX_PER_SCRIPT = 10_000  # commands read into words per script: a few seconds at most, far above any real CI file
# The commands worth reading into words: v1 invocations, folder changes, script calls, and what opens or closes a block.
_WANTED = re.compile(
    r"\baz\s+ml\b|\bmlflow\b|\b(?:cd|pushd|Set-Location|sl|chdir)\b|\.(?:sh|bash|ps1|py)\b|\w\s*\(\)"
    r"|^(?:(?:if|for|while|until|case|select|function|foreach|switch|fi|done|esac|then|do|else|elif)\b|[{}])"
)
_SCRIPT_FOLDER = re.compile(
    r"^\$\(dirname \"?\$(?:0|\{0\}|\{BASH_SOURCE\[0\]\}|BASH_SOURCE)\"?\)$|^\$\{0%/\*\}$|^\$PSScriptRoot$"
)


def find_invocations(root: str, limits: yamlio.Limits = yamlio.DEFAULT_LIMITS) -> Found:
    """Every v1 CLI invocation in the CI definitions and scripts under ``root``, in file order (files named as the
    walk of ``root`` gives them; working folders as real paths)."""
    found = Found()
    files = [c.path for c in expand([root], INCLUDE) if os.path.isfile(c.path)]  # named as walked, as findings show them
    given, root = root, os.path.realpath(root)
    reader = mlflow.ProjectReader(root, limits)
    called: dict[str, Folder] = {}  # script file -> the folder the first CI step calling it runs in
    scripts = [f for f in files if f.endswith((".sh", ".bash", ".ps1"))]  # read last: CI steps say where they run
    for path in files:
        if path.endswith((".sh", ".bash", ".ps1")):
            continue
        text = _read(path, limits)
        if text is None:
            continue
        name = os.path.basename(path)
        if name in MAKEFILE_NAMES or name.endswith(".mk"):
            pieces: Iterator[Script] = makefile_scripts(path, text, root)
        else:
            pieces = yaml_scripts(path, text, root, limits)
        for piece in pieces:
            _scan(piece, root, found, called, reader)
    for path in scripts:
        text = _read(path, limits)
        if text is not None:
            _scan(shell_script(path, text, called.get(os.path.realpath(path))), root, found, called, reader)
    for real, cwd in list(called.items()):  # the Python scripts they run, in the folder they run them in
        text = _read(real, limits) if real.endswith(".py") and cwd.path is not None and os.path.isfile(real) else None
        if text is not None and "mlflow" in text:
            _python_calls(os.path.join(given, os.path.relpath(real, root)), text, cwd.path or root, reader, found)
    return found


def _read(path: str, limits: yamlio.Limits) -> str | None:
    try:
        return yamlio.read_file(path, limits)
    except yamlio.LoadError:
        return None


def _scan(script: Script, root: str, found: Found, called: dict[str, Folder], reader: mlflow.ProjectReader) -> None:
    """Find the v1 (and mlflow run) commands of one script, following ``cd`` through straight-line code."""
    cwd = script.cwd
    depth = 0
    position = script.locator()
    budget = MAX_PER_SCRIPT
    for command in split_commands(script.text, script.dialect, _WANTED):
        budget -= 1
        if budget < 0:
            line, column = position(command.start)
            reason = f"more than {MAX_PER_SCRIPT:,} commands to read in one script: the rest was not read"
            found.skipped.append(Skipped(script.file, line, column, "", reason))
            return
        if isinstance(command, Unread):
            if _AZ_ML.search(command.text) or _MLFLOW_RUN.search(command.text):
                line, column = position(command.start)
                which = mlflow.MLFLOW_RUN if not _AZ_ML.search(command.text) else ""
                found.skipped.append(Skipped(script.file, line, column, command.text, command.reason, which))
            continue
        words = list(command.words)
        while words and (words[0] in _BLOCK_WORDS or re.match(r"^[A-Za-z_]\w*=", words[0])):
            words.pop(0)
        if not words:
            continue
        head = words[0]
        if head in _BLOCK_OPEN or (head.endswith("()") and script.kind != "makefile"):
            depth += 1
        elif head in _BLOCK_CLOSE:
            depth = max(depth - 1, 0)
        elif head in ("cd", "pushd", "Set-Location", "sl", "chdir"):
            cwd = _moved(cwd, words, depth, script, root)
        elif _AZ_ML.search(" ".join(words[:2])) or mlflow.run_arguments(words) is not None:
            _record(command, words, script, cwd, found, position, reader)
        else:
            _note_called(words, cwd, root, called)


def _moved(cwd: Folder, words: list[str], depth: int, script: Script, root: str) -> Folder:
    if cwd.path is None:
        return cwd
    target = next((w for w in words[1:] if not w.startswith("-")), "")
    if depth:
        return Folder(None, f"cd {target} inside a block (if, loop, function) of {os.path.basename(script.file)}")
    if not target or target in ("~", "-"):
        return Folder(None, f"cd {target or '(home)'} leaves the repository")
    match = re.match(r"^(\$\(dirname [^)]*\)|\$\{0%/\*\}|\$PSScriptRoot)(.*)$", target)
    if match and _SCRIPT_FOLDER.match(match.group(1)):
        return folder(root, os.path.dirname(os.path.realpath(script.file)), "." + match.group(2))
    return folder(root, cwd.path, target)


def _note_called(words: list[str], cwd: Folder, root: str, called: dict[str, Folder]) -> None:
    """A command running a script file: that file's commands run in this folder (the first caller wins)."""
    while words and words[0] in _SCRIPT_RUNNERS:
        words = words[1:]
    if words and mlflow.PYTHON.match(os.path.basename(words[0])):  # python [-u] x.py: read for mlflow.projects.run
        words = [word for word in words[1:] if not word.startswith("-")][:1]
    if not words or not words[0].endswith((".sh", ".bash", ".ps1", ".py")) or cwd.path is None or "$" in words[0]:
        return
    target = os.path.realpath(os.path.join(cwd.path, words[0]))
    if inside(target, root):
        called.setdefault(target, cwd)


def _record(
    command: Command,
    words: list[str],
    script: Script,
    cwd: Folder,
    found: Found,
    position: Callable[[int], tuple[int, int]],
    reader: mlflow.ProjectReader,
) -> None:
    line, column = position(command.start)
    words = _without_redirections(words)
    arguments = mlflow.run_arguments(words)
    name = mlflow.MLFLOW_RUN if arguments is not None else cli.command_of(words)
    if name is None:
        return  # another az ml command (v2, or v1 commands that name no spec file)
    if cwd.path is None:
        found.skipped.append(Skipped(script.file, line, column, command.text, cwd.unknown, name))
        return
    project = None
    try:
        if arguments is None:
            parsed = cli.parse(name, words[len(name.split()) :])
        else:
            parsed = mlflow.parse(arguments)
            project = reader.read(parsed, cwd.path)
    except (cli.ParseError, mlflow.NotConverted) as exc:
        found.skipped.append(Skipped(script.file, line, column, command.text, str(exc), name))
        return
    end = position(command.end)
    found.invocations.append(
        Invocation(
            name,
            parsed.options,
            parsed.positionals,
            cwd.path,
            script.file,
            line,
            column,
            command.text,
            script.kind,
            script.dialect,
            end,
            script.verbatim,
            script.indent,
            project,
        )
    )


def _python_calls(path: str, text: str, cwd: str, reader: mlflow.ProjectReader, found: Found) -> None:
    """The ``mlflow.projects.run`` calls of a Python script run in ``cwd``, as ``mlflow run`` invocations."""
    if len(text) > python_calls.MAX_SCRIPT:
        reason = f"a Python script over {python_calls.MAX_SCRIPT:,} characters is not read for mlflow.projects.run calls"
        found.skipped.append(Skipped(path, 1, 1, "", reason, mlflow.MLFLOW_RUN))
        return
    for call in python_calls.mlflow_runs(text):
        try:
            if call.unread:
                raise mlflow.NotConverted(call.unread)
            parsed = mlflow.parse(call.words)
            project = reader.read(parsed, cwd)
        except (cli.ParseError, mlflow.NotConverted) as exc:
            found.skipped.append(Skipped(path, call.line, call.column, call.text, str(exc), mlflow.MLFLOW_RUN))
            continue
        options = (*parsed.options, (mlflow.SYNCHRONOUS, str(call.synchronous)))
        found.invocations.append(
            Invocation(
                mlflow.MLFLOW_RUN,
                options,
                parsed.positionals,
                cwd,
                path,
                call.line,
                call.column,
                call.text,
                PYTHON,
                end=call.end,
                mlflow_project=project,
            )
        )


def _without_redirections(words: Sequence[str]) -> list[str]:
    kept: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        match = _REDIRECTION.match(word)
        if match:
            skip = not match.group(1) and not word.endswith(tuple("0123456789"))
            continue
        kept.append(word)
    return kept
