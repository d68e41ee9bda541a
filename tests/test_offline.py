"""Validation never touches the network: not to resolve a schema, not to check a reference, not for anything else.

Three proofs: the schema cases and a sample of the real-file corpus give the same findings with every socket entry
point made to fail (in process); a real ``python -m speclift validate`` run under a ``sitecustomize`` that records
and refuses every connection records none; and every ``$ref`` in every shipped schema stays inside the shipped files.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from conftest import CASES, ROOT

from speclift import schemas
from speclift.config import Config
from speclift.validation.engine import Report, validate_paths

SCHEMA_CASES = sorted(str(p) for p in (CASES / "schema").glob("**/*.yml"))
CORPUS_SAMPLE = 150  # files; every n-th of the sorted corpus so the sample is stable
SOCKET_ENTRY_POINTS = [
    (socket.socket, "connect"),
    (socket.socket, "connect_ex"),
    (socket, "create_connection"),
    (socket, "getaddrinfo"),
    (socket, "gethostbyname"),
    (socket, "gethostbyname_ex"),
]


def outcome(report: Report) -> list[tuple[Any, ...]]:
    """Everything a run reports, as plain comparable values."""
    rows: list[tuple[Any, ...]] = [("problem", f.code, f.path, f.line, f.column, f.message) for f in report.problems]
    for result in report.files:
        rows.append(("file", result.path, tuple(result.spec_types)))
        rows.extend(
            ("finding", f.code, f.severity.label, f.path, f.line, f.column, f.pointer, f.message) for f in result.findings
        )
    return rows


def clear_schema_caches() -> None:
    """Compiled validators are cached per process; clear them so the offline run really loads and resolves."""
    for name in ("load_schema", "fast_validator", "rich_validator", "schemas_dir"):
        getattr(schemas, name).cache_clear()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every way of reaching the network fail, and record each attempt (a caller could swallow the error)."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}")
            raise OSError(f"network access during validation: {name}")

        return refused

    for owner, name in SOCKET_ENTRY_POINTS:
        monkeypatch.setattr(owner, name, refuse(name))
    clear_schema_caches()
    yield attempts
    clear_schema_caches()


def _compare_offline_and_online(paths: list[str], no_network: list[str], monkeypatch: pytest.MonkeyPatch) -> Report:
    offline = validate_paths(paths, Config())
    assert no_network == []
    monkeypatch.undo()  # back online, caches compiled offline dropped
    clear_schema_caches()
    online = validate_paths(paths, Config())
    assert outcome(offline) == outcome(online)
    return offline


def test_schema_cases_validate_the_same_offline(no_network: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(SCHEMA_CASES) > 50
    report = _compare_offline_and_online(SCHEMA_CASES, no_network, monkeypatch)
    assert len(report.files) == len(SCHEMA_CASES)
    assert any(r.findings for r in report.files)  # the invalid cases did get findings offline
    assert not any(f.code in ("SL009", "SL010") for f in report.findings)  # no schema was "unavailable" offline


def test_corpus_sample_validates_the_same_offline(corpus: Path, no_network: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(str(p) for p in corpus.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".runconfig"))
    if not files:
        pytest.skip("the corpus holds no YAML files")
    sample = files[:: max(1, len(files) // CORPUS_SAMPLE)]
    report = _compare_offline_and_online(sample, no_network, monkeypatch)
    assert len(report.files) == len(sample)
    assert not any(f.code == "SL009" for f in report.findings)


# --------------------------------------------------------------------------------------------------------------------
# a real process

SITECUSTOMIZE = textwrap.dedent(
    """
    import os
    import socket

    _LOG = os.environ["SPECLIFT_TEST_NETWORK_LOG"]

    with open(_LOG + ".loaded", "w") as _handle:
        _handle.write("loaded\\n")


    def _refuse(name):
        def refused(*args, **kwargs):
            with open(_LOG, "a") as handle:
                handle.write(name + repr(args) + "\\n")
            raise OSError("network access refused by the offline test: " + name)

        return refused


    for _owner, _name in [
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
        (socket, "gethostbyname"),
        (socket, "gethostbyname_ex"),
    ]:
        setattr(_owner, _name, _refuse(_name))
    """
)


@pytest.fixture
def offline_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("http_", "https_", "HTTP_", "HTTPS_", "PYTHON"))}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
    env["SPECLIFT_TEST_NETWORK_LOG"] = str(log)
    env["NO_COLOR"] = "1"
    return env, log


def test_the_offline_harness_does_catch_a_connection(offline_env: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    env, log = offline_env
    probe = "import socket\ntry:\n    socket.create_connection(('speclift.invalid', 443), timeout=1)\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, check=True, timeout=60)
    assert Path(str(log) + ".loaded").exists()
    assert "create_connection" in log.read_text(encoding="utf-8")


def test_a_real_validate_run_makes_no_connection(offline_env: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    env, log = offline_env
    proc = subprocess.run(
        [sys.executable, "-m", "speclift", "validate", "--format", "json", *SCHEMA_CASES],
        env=env,
        cwd=tmp_path,  # no configuration file above a temporary folder
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert Path(str(log) + ".loaded").exists(), "the sitecustomize was not loaded: the run proved nothing"
    assert not log.exists(), f"connection attempts: {log.read_text(encoding='utf-8')}"
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1  # the invalid cases fail the run
    payload = json.loads(proc.stdout)
    clear_schema_caches()
    expected = validate_paths(SCHEMA_CASES, Config())
    got = [
        (f["path"], f["spec_types"], [(x["code"], x["line"], x["column"], x["message"]) for x in f["findings"]])
        for f in payload["files"]
    ]
    want = [(r.path, r.spec_types, [(x.code, x.line, x.column, x.message) for x in r.findings]) for r in expected.files]
    assert got == want


# --------------------------------------------------------------------------------------------------------------------
# the shipped schemas refer only to each other

SCHEMAS_DIR = schemas.schemas_dir()
SCHEMA_FILES = sorted(p.relative_to(SCHEMAS_DIR).as_posix() for p in SCHEMAS_DIR.rglob("*.schema.json"))


@functools.cache
def _load(relative: str) -> Any:
    with open(SCHEMAS_DIR / relative, encoding="utf-8") as handle:
        return json.load(handle)


def _refs(node: Any, base: str, where: str) -> Iterator[tuple[str, str, str]]:
    """(reference, base URI it resolves against, JSON pointer of the referring schema) for every ``$ref``."""
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        for key in ("$ref", "$dynamicRef"):
            if isinstance(node.get(key), str):
                yield node[key], base, where
        for key, value in node.items():
            yield from _refs(value, base, f"{where}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _refs(value, base, f"{where}/{i}")


def _resolve_pointer(document: Any, fragment: str) -> Any:
    target = document
    for token in unquote(fragment).split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        target = target[int(token)] if isinstance(target, list) else target[token]  # KeyError: no such definition
    return target


def _anchors(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$anchor"), str):
            yield node["$anchor"]
        for value in node.values():
            yield from _anchors(value)
    elif isinstance(node, list):
        for value in node:
            yield from _anchors(value)


def test_schemas_are_shipped_and_refer_to_each_other() -> None:
    assert any(f.startswith("azureml/v2/") for f in SCHEMA_FILES)
    assert any(f.startswith("polyaxon/v1/") for f in SCHEMA_FILES)
    refs = [ref for f in SCHEMA_FILES for ref, _, _ in _refs(_load(f), schemas.BASE_URI + f, "")]
    assert len(refs) > 100
    assert any(not ref.startswith("#") for ref in refs)  # cross-file references are checked too


@pytest.mark.parametrize("relative", SCHEMA_FILES)
def test_every_ref_stays_inside_the_shipped_schemas(relative: str) -> None:
    schema = _load(relative)
    assert schema.get("$id") == schemas.BASE_URI + relative, "relative $refs resolve against $id"
    problems: list[str] = []
    for ref, base, where in _refs(schema, schemas.BASE_URI + relative, ""):
        if urlsplit(ref).scheme and not ref.startswith(schemas.BASE_URI):
            problems.append(f"{where}: {ref!r} points outside {schemas.BASE_URI}")
            continue
        target_uri, fragment = urldefrag(urljoin(base, ref))
        if not target_uri.startswith(schemas.BASE_URI):
            problems.append(f"{where}: {ref!r} resolves to {target_uri}, outside the shipped schemas")
            continue
        target_file = target_uri[len(schemas.BASE_URI) :]
        if not (SCHEMAS_DIR / target_file).is_file():
            problems.append(f"{where}: {ref!r} names {target_file}, which is not shipped")
            continue
        document = _load(target_file)
        if fragment.startswith("/"):
            try:
                _resolve_pointer(document, fragment)
            except (KeyError, IndexError, ValueError, TypeError):
                problems.append(f"{where}: {ref!r}: no {fragment} in {target_file}")
        elif fragment and fragment not in set(_anchors(document)):
            problems.append(f"{where}: {ref!r}: no anchor {fragment!r} in {target_file}")
    assert problems == []
