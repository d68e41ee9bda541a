"""--color auto|always|never on every command; NO_COLOR (https://no-color.org) turns auto off; colours only on a
terminal in auto; the text is the same with and without them."""

from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from speclift.cli.output import wants_colour
from tests.conftest import CASES, ROOT, run_cli

SAMPLES = ROOT / "samples"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DIFF = CASES / "diff" / "init-containers"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copy(SAMPLES / "polyaxon-v0" / "job.yml", tmp_path / "job.yml")
    (tmp_path / "bad.yml").write_text(
        "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: e\nauth_mod: key\n"
    )
    (tmp_path / "broken.yml").write_text("a: [1\n")
    return tmp_path


# every command, with input that gives it something to colour: (arguments, the stream that carries colour)
COMMANDS = {
    "validate": (["validate", "{tree}"], "stdout"),
    "convert": (["convert", "{tree}/job.yml"], "stderr"),
    "convert --out": (["convert", "{tree}", "--out", "{out}"], "stderr"),
    "convert --check": (["convert", "--check", "{tree}"], "stdout"),
    "scan": (["scan", "{tree}"], "stdout"),
    "diff": (["diff", f"{DIFF}/a.yml", f"{DIFF}/b.yml"], "stdout"),
    "normalize": (["normalize", "{tree}/broken.yml"], "stderr"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_colours_only_when_asked(command: str, tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    args, stream = COMMANDS[command]

    def run(*extra: str) -> tuple[int, str, str]:
        out = tmp_path_factory.mktemp("out") / "out"  # a fresh --out folder each time
        result = run_cli(*(a.format(tree=tree, out=out) for a in args), *extra)
        return result.exit_code, result.stdout, result.stderr

    auto, always, never = run(), run("--color", "always"), run("--color", "never")
    coloured = always[1] if stream == "stdout" else always[2]
    assert ANSI.search(coloured), f"--color always colours {stream}"
    for plain in (auto, never):  # CliRunner's streams are no terminal: auto stays plain
        assert not ANSI.search(plain[1] + plain[2])
    assert always[0] == never[0] == auto[0]
    assert ANSI.sub("", always[1]) == never[1] and ANSI.sub("", always[2]) == never[2]


def test_severities_have_their_colours(tree: Path) -> None:
    result = run_cli("validate", "--color", "always", str(tree))
    assert f"{tree / 'bad.yml'}:3:1: \x1b[1;31merror\x1b[0m SL101" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("\x1b[1;31m2 errors\x1b[0m, \x1b[33m1 warning\x1b[0m in 2 spec files")
    clean = run_cli("validate", "--color", "always", str(SAMPLES / "azureml-v2" / "endpoint.yml"))
    assert clean.stdout == "0 errors, 0 warnings in 1 spec file\n"  # nothing to colour
    check = run_cli("convert", "--check", "--color", "always", str(tree / "job.yml"))
    assert ": \x1b[33mwarning\x1b[0m SL401" in check.stderr
    assert check.stdout.splitlines()[-1].startswith("\x1b[33mexit 3\x1b[0m: ")


def test_always_wins_over_no_color(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI.search(run_cli("validate", "--color", "always", str(tree)).stdout)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "environment", "terminal", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": "0"}, True, False),  # any value but the empty string
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {}, True, False),
    ],
)
def test_the_choice(
    choice: str, environment: dict[str, str], terminal: bool, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert wants_colour(choice, _Terminal() if terminal else io.StringIO()) is expected


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", ["", "1"])
def test_a_real_terminal(no_color: str, tree: Path) -> None:
    """The command line, its standard output a pseudo-terminal: auto colours it unless NO_COLOR is set."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "NO_COLOR": no_color, "TERM": "xterm"}
    with subprocess.Popen(
        [sys.executable, "-m", "speclift", "validate", str(tree / "bad.yml")], stdout=follower, env=environment
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the process is done writing
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait() == 1
    os.close(leader)
    text = b"".join(chunks).decode()
    assert ("\x1b[1;31merror\x1b[0m SL101" in text) is (not no_color)
    assert "error SL101 unknown field 'auth_mod'" in ANSI.sub("", text)


def test_a_file_name_cannot_put_an_escape_sequence_in_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLES / "polyaxon-v0" / "job.yml", tmp_path / "old\x1b[31m.yml")
    (tmp_path / "t\x1b]0;title\x07.yml").write_text("a: [1\n")
    (tmp_path / "none\x1b[2J").mkdir()
    monkeypatch.chdir(tmp_path)
    for args in (["scan", "-v", "."], ["convert", "--check", "."], ["validate", "none\x1b[2J"]):
        result = run_cli(*args, "--color", "never")
        text = result.stdout + result.stderr
        assert "\x1b" not in text and "\x07" not in text, args
        assert "\\x1b" in text, args  # the name is still told, its control characters escaped
