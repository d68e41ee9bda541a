"""The v1 CLI commands a repository's CI runs, and how their command lines parse.

The parameter table follows the azure-cli-ml extension (the ``az ml`` v1 reference pages and the argument table of
azureml-core's CLI wrapper, ``_base_sdk_common``): each option by its canonical long name with its aliases. Two
facts the examples in the wild get wrong: ``-d`` of ``run submit-script``/``submit-hyperdrive`` is
``--conda-dependencies`` (``--source-directory`` has no short form), and ``-p`` is ``--path`` (the project folder)
for the run commands but ``--parameters`` for ``run submit-pipeline``. Like argparse (which the CLI used), a long
option may be abbreviated to any unambiguous prefix and given as ``--name=value``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SUBMIT_SCRIPT = "az ml run submit-script"
SUBMIT_HYPERDRIVE = "az ml run submit-hyperdrive"
SUBMIT_PIPELINE = "az ml run submit-pipeline"
PIPELINE_CREATE = "az ml pipeline create"
MODEL_DEPLOY = "az ml model deploy"
ENVIRONMENT_REGISTER = "az ml environment register"
FOLDER_ATTACH = "az ml folder attach"


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str  # the canonical long name, "--experiment-name"
    aliases: tuple[str, ...] = ()  # other spellings: "-e", "--ct"
    flag: bool = False  # takes no value
    repeatable: bool = False  # may be given several times (-m a:1 -m b:2)


def _p(name: str, *aliases: str, flag: bool = False, repeatable: bool = False) -> Parameter:
    return Parameter(name, aliases, flag, repeatable)


# Options every command takes (the workspace it talks to, output formatting, logging).
_GLOBAL = (
    _p("--resource-group", "-g"),
    _p("--workspace-name", "-w"),
    _p("--subscription-id"),
    _p("--output", "-o"),
    _p("--query"),
    _p("--verbose", flag=True),
    _p("--debug", flag=True),
    _p("--only-show-errors", flag=True),
    _p("--help", "-h", flag=True),
)

_RUN = (
    _p("--run-configuration-name", "-c"),
    _p("--experiment-name", "-e"),
    _p("--source-directory"),
    _p("--conda-dependencies", "-d"),
    _p("--compute-target", "--ct", "--target"),
    _p("--output-metadata-file", "-t"),
    _p("--path", "-p"),
    _p("--async", flag=True),
)

PARAMETERS: dict[str, tuple[Parameter, ...]] = {
    SUBMIT_SCRIPT: _RUN,
    SUBMIT_HYPERDRIVE: (*_RUN, _p("--hyperdrive-configuration-name")),
    SUBMIT_PIPELINE: (
        _p("--experiment-name", "-e"),
        _p("--pipeline-yaml", "-y"),
        _p("--pipeline-id", "-i"),
        _p("--parameters", "-p"),
        _p("--datapaths", "-d"),
        _p("--output-metadata-file", "-t", "--output_file"),
        _p("--path"),
        _p("--run", "-r"),
    ),
    PIPELINE_CREATE: (
        _p("--name", "-n"),
        _p("--pipeline-yaml", "-y"),
        _p("--description", "-d"),
        _p("--version", "-v"),
        _p("--continue", "-c"),
        _p("--output-file", "-t"),
    ),
    MODEL_DEPLOY: (
        _p("--name", "-n"),
        _p("--model", "-m", repeatable=True),
        _p("--model-metadata-file", "-f"),
        _p("--inference-config-file", "--ic"),
        _p("--deploy-config-file", "--dc"),
        _p("--environment-name", "-e"),
        _p("--environment-version", "--ev"),
        _p("--compute-target", "--ct"),
        _p("--compute-type", "--cp"),
        _p("--entry-script", "--es"),
        _p("--source-directory", "--sd"),
        _p("--conda-file", "--cf"),
        _p("--runtime", "--rt"),
        _p("--overwrite", flag=True),
        _p("--no-wait", flag=True),
        _p("--token-auth-enabled", flag=True),
        _p("--path"),
        _p("--description"),
        _p("--tag", repeatable=True),
        _p("--property", repeatable=True),
        _p("-v", flag=True),
    ),
    ENVIRONMENT_REGISTER: (
        _p("--directory", "-d"),
        _p("--path"),
        _p("--output-metadata-file", "-t"),
    ),
    FOLDER_ATTACH: (
        _p("--path"),
        _p("--experiment-name", "-e"),
        _p("--output-metadata-file", "-t"),
    ),
}

COMMANDS = tuple(PARAMETERS)
TAKES_SCRIPT = frozenset({SUBMIT_SCRIPT, SUBMIT_HYPERDRIVE})  # positional: the script, then its arguments


class ParseError(ValueError):
    """A command line the table cannot read (an unknown or ambiguous option, a value missing)."""


@dataclass(frozen=True, slots=True)
class Parsed:
    options: tuple[tuple[str, str], ...]  # (canonical long name, value) in command-line order; flags have ""
    positionals: tuple[str, ...]  # the script and its arguments (submit-script, submit-hyperdrive)


def command_of(words: Sequence[str]) -> str | None:
    """The v1 command ``words`` start with (``az ml run submit-script``), or None."""
    for command in COMMANDS:
        size = len(command.split())
        if tuple(words[:size]) == tuple(command.split()):
            return command
    return None


def parse(command: str, arguments: Sequence[str]) -> Parsed:
    """Read ``arguments`` (the words after the command) as the v1 CLI's argparse did."""
    table = (*PARAMETERS[command], *_GLOBAL)
    options: list[tuple[str, str]] = []
    positionals: list[str] = []
    index = 0
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if positionals or not word.startswith("-") or word == "-":
            if command not in TAKES_SCRIPT:
                raise ParseError(f"unexpected argument {word!r}")
            positionals.append(word)  # the script: it and everything after it are the script's (argparse REMAINDER)
            continue
        spelled, has_value, value = word.partition("=")
        option, index = read_option(_lookup(table, spelled), spelled, value if has_value else None, arguments, index)
        options.append(option)
    return Parsed(tuple(options), tuple(positionals))


def read_option(
    parameter: Parameter, spelled: str, attached: str | None, arguments: Sequence[str], index: int
) -> tuple[tuple[str, str], int]:
    """One option as (canonical name, value) and the index of the word after it: a flag takes no value, another
    option its ``attached`` one (``--name=value``) or else the next word (``arguments[index]``)."""
    if parameter.flag:
        if attached is not None:
            raise ParseError(f"{spelled} takes no value")
        return (parameter.name, ""), index
    if attached is not None:
        return (parameter.name, attached), index
    if index >= len(arguments):
        raise ParseError(f"{spelled} needs a value")
    return (parameter.name, arguments[index]), index + 1


def _lookup(table: Iterable[Parameter], spelled: str) -> Parameter:
    exact = [p for p in table if spelled == p.name or spelled in p.aliases]
    if exact:
        return exact[0]
    if spelled.startswith("--"):  # argparse's abbreviations: an unambiguous prefix of a long option
        matches = {p.name: p for p in table for n in (p.name, *p.aliases) if n.startswith("--") and n.startswith(spelled)}
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches:
            raise ParseError(f"ambiguous option {spelled} ({', '.join(sorted(matches))})")
    raise ParseError(f"unknown option {spelled}")
