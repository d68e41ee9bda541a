"""The editor check of the conformance stage (``--only editor``): yaml-language-server judges the exported schemas.

Used by run.py (see conformance/README.md, "Editors: yaml-language-server judges the exported schemas").
yaml-language-server (pinned in package.json / package-lock.json next to this file, installed with ``npm ci`` into
``.venvs/yaml-language-server``) is the engine of VS Code's YAML extension and of every other editor's YAML support.
It is driven over the Language Server Protocol on its standard streams (lsp_client.py) as an editor drives it:

1. speclift exports its schemas (``speclift.schema_export.export_schemas``) into ``.speclift/schemas`` of a
   temporary workspace that holds copies of the files to judge: the corpus's current-format files (``azureml-v2``,
   ``polyaxon-v1``), every own schema case (``tests/cases/schema/**/valid-*.yml``, ``invalid-*.yml``) and
   ``samples/``;
2. ``speclift.editor.detect_specs`` gives the ``yaml.schemas`` mapping ``speclift schemas editor-settings`` prints,
   sent with ``workspace/didChangeConfiguration`` (and answered to the server's ``workspace/configuration``);
3. every file it maps is opened (``textDocument/didOpen``); a file with a ``$schema:`` key is opened with the modeline
   ``editor-settings --add-modelines`` writes on its first line, which outranks that key (without it the server
   follows the key to Microsoft's published schema); the diagnostics the server publishes are collected.

The editor's verdict on a file is "flagged" when it published a schema diagnostic (source ``yaml-schema: ...``);
speclift's is "flagged" when ``speclift validate`` reports an SL1xx error (the schema findings). The two must agree,
or the disagreement must be listed in editor-disagreements.yaml (file, editor, speclift, reason).

Nothing is fetched. The server sends every schema request it would make over HTTP to the client (the
``yaml/registerContentRequest`` notification VS Code sends too), which refuses and records it, and its proxy (setting
and environment) is a listener on 127.0.0.1 that records and drops every connection. The schema store and the
Kubernetes CRD store are off. A control document, a ``$schema:`` file opened without its modeline, must produce
exactly one recorded request for its URL: the proof that a fetch would be seen. Any other request fails the check.

It also fails when a file gets no diagnostics in time, when the server reports a problem with a schema itself (one it
cannot load, a ``$ref`` it cannot resolve, a pattern it cannot compile: tested for every pattern of every exported
schema with the server's own regular-expression function, exercised or not), or when the export has a problem.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from converted_mlproject_polyaxon import Outcome  # lines, failures, warnings, report: the same shape
from listed import load_listed
from lsp_client import LspClient, ServerGone

GROUP = "editor schemas"
PACKAGE = "yaml-language-server"
INSTALL = Path(".venvs") / PACKAGE  # relative to the repository root, git-ignored like the Python tools' venvs
DISAGREEMENTS = "editor-disagreements.yaml"
SCHEMAS_DIR = ".speclift/schemas"
CORPORA = ("azureml-v2", "polyaxon-v1")
OWN_CASES = Path("tests") / "cases" / "schema"
SCHEMA_SOURCE = "yaml-schema"  # the source of the diagnostics schema validation gives (``yaml-schema: <title>``)
SCHEMA_RESOLVE_ERROR = 768  # the code of the diagnostics about a schema the server could not load or resolve
# how the messages about a schema itself begin (one it cannot load, parse or resolve; a pattern it cannot compile)
SCHEMA_PROBLEMS = (
    "Unable to load schema",
    "Unable to parse content",
    "Problems loading reference",
    "$ref '",
    "Schema '",
    "Invalid pattern",
)
START_TIMEOUT = 60.0  # seconds for the server to start and answer `initialize`
PROBE_TIMEOUT = 60.0  # for the settings to apply (the probe document's diagnostics)
FILE_TIMEOUT = 0.1  # more seconds per opened file for all their diagnostics, on top of the probe's
PROBE = "probe/probe.yml"
PROBE_TEXT = "speclift conformance probe: a string where every exported schema wants a mapping\n"
CONTROL = "control"
# two letters in a row spelt with both cases (`[cC][oO]`): a message quoting a portable pattern, unreadable to users
FOLDED = re.compile(r"\[([a-zA-Z])([a-zA-Z])\]\[([a-zA-Z])([a-zA-Z])\]")
# the server's own regular-expression function, and each pattern compiled with it (and with the `u` flag alone)
PATTERN_SCRIPT = """
const strings = require(process.argv[1]);
const patterns = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = patterns.map((p) => {
  let unicode = true;
  try { new RegExp(p, 'u'); } catch (e) { unicode = false; }
  return [p, strings.safeCreateUnicodeRegExp(p) !== undefined, unicode];
});
process.stdout.write(JSON.stringify(out));
"""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------- installing


def installed_version(here: Path) -> str:
    """The pinned version (package.json's only dependency)."""
    return str(json.loads((here / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE])


def install(root: Path, here: Path) -> Path:
    """The server's entry script, installed with ``npm ci`` from the pinned lock file when missing or changed."""
    folder = root / INSTALL
    server = folder / "node_modules" / PACKAGE / "bin" / PACKAGE
    marker = folder / ".installed"
    lock = here / "package-lock.json"
    copied = folder / "package-lock.json"
    if server.is_file() and marker.is_file() and copied.is_file() and copied.read_bytes() == lock.read_bytes():
        return server
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise SystemExit(
            "error: the editor check needs Node.js 18 or later with npm on PATH (it runs yaml-language-server); "
            "install it, or run the other checks with --only"
        )
    log(f"installing {PACKAGE} {installed_version(here)} into {INSTALL} with npm ci (one time)")
    folder.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(here / name, folder / name)
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=str(folder), check=True)
    marker.touch()
    return server


# --------------------------------------------------------------------------------------------------- staging


@dataclass
class Judged:
    label: str  # corpus file name, or the path in the repository
    group: str  # "corpus azureml-v2", "corpus polyaxon-v1", "own cases", "samples"
    relative: str  # in the workspace, forward slashes
    spec_type: str
    modeline: bool  # opened with the modeline (the file has a `$schema:` key)
    shift: int = 0  # lines the modeline added above the file's text (diagnostics are reported at the file's lines)
    published: bool = False
    editor: list[str] = field(default_factory=list)  # schema diagnostics, `line:col message`
    problems: list[str] = field(default_factory=list)  # diagnostics about a schema itself
    other: list[str] = field(default_factory=list)  # other diagnostics (YAML syntax, anchors)
    speclift: list[str] = field(default_factory=list)  # SL1xx errors, `line:col CODE message`

    @property
    def family(self) -> str:
        return self.spec_type.split("/", 1)[0]


def _stage(corpus: Path | None, root: Path, workspace: Path) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Copy the files into the workspace: (the paths to detect specs in, workspace path -> (label, group))."""
    paths: list[str] = []
    labels: dict[str, tuple[str, str]] = {}
    for name in CORPORA:
        folder = corpus / name if corpus else None
        if folder is None or not folder.is_dir():
            continue
        for src in sorted(folder.iterdir()):
            if src.suffix in (".yml", ".yaml") and src.is_file():
                dest = workspace / "corpus" / name / src.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
                paths.append(str(dest))
                labels[f"corpus/{name}/{src.name}"] = (src.name, f"corpus {name}")
    own = workspace / "own"
    if (root / OWN_CASES).is_dir():
        shutil.copytree(root / OWN_CASES, own / OWN_CASES)
        for src in sorted((own / OWN_CASES).rglob("*.yml")):
            if src.name.startswith(("valid-", "invalid-")):
                paths.append(str(src))
                labels[f"own/{src.relative_to(own).as_posix()}"] = (src.relative_to(own).as_posix(), "own cases")
    if (root / "samples").is_dir():
        shutil.copytree(root / "samples", own / "samples")
        paths.append(str(own / "samples"))
        for src in (own / "samples").rglob("*"):
            labels[f"own/{src.relative_to(own).as_posix()}"] = (src.relative_to(own).as_posix(), "samples")
    return paths, labels


# --------------------------------------------------------------------------------------------------- no network


class Trap:
    """A proxy on 127.0.0.1 that records the first line of every connection made to it and closes it."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(16)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        threading.Thread(target=self._serve, name="proxy-trap", daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return  # closed
            with connection:
                connection.settimeout(2.0)
                try:
                    first = connection.recv(4096).split(b"\r\n", 1)[0]
                except OSError:
                    first = b""
                self.hits.append(first.decode("latin-1") or "(a connection that sent nothing)")

    def close(self) -> None:
        self._socket.close()


# --------------------------------------------------------------------------------------------------- the server


@dataclass
class Session:
    settings: dict[str, Any]
    requested: list[str] = field(default_factory=list)  # schema URLs the server asked the client to fetch
    troubles: list[str] = field(default_factory=list)  # errors it reported outside diagnostics (a validation that raised)

    def answer(self, method: str, params: Any) -> Any:
        if method == "workspace/configuration":
            return [self.settings.get(str(item.get("section"))) for item in (params or {}).get("items", [])]
        if method == "vscode/content":  # a schema over HTTP(S): refused, recorded
            self.requested.append(str(params[0] if isinstance(params, list) and params else params))
            raise LookupError("offline: the conformance stage fetches nothing")
        raise LookupError(f"{method} is not answered by the conformance client")


def _diagnostics(
    server: Path, workspace: Path, session: Session, documents: dict[str, str], probe_uri: str, stderr: Path, env: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Start the server, configure it, open every document (uri -> text) once the probe shows the settings apply,
    and return each document's diagnostics. The server is shut down (killed if need be) whatever happens."""
    node = shutil.which("node") or "node"
    client = LspClient([node, str(server), "--stdio"], session.answer, cwd=workspace, stderr_path=stderr, env=env)
    published: dict[str, list[dict[str, Any]]] = {}
    try:
        root = workspace.as_uri()
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "workspace"}],
                "capabilities": {},
            },
            START_TIMEOUT,
        )
        client.notify("initialized", {})
        client.notify("yaml/registerContentRequest", None)  # schema requests over HTTP(S) come to the client
        client.notify("workspace/didChangeConfiguration", {"settings": session.settings})
        _open(client, probe_uri, PROBE_TEXT)
        deadline = time.monotonic() + PROBE_TIMEOUT
        while not any(d.get("source", "").startswith(SCHEMA_SOURCE) for d in published.get(probe_uri, [])):
            _receive(session, client, published, deadline, "the probe document's schema diagnostic (the settings applied)")
        published.clear()
        for uri, text in documents.items():
            _open(client, uri, text)
        deadline = time.monotonic() + PROBE_TIMEOUT + FILE_TIMEOUT * len(documents)
        pending = set(documents)
        while pending:
            pending.discard(_receive(session, client, published, deadline, f"the diagnostics of {len(pending)} documents"))
    finally:
        client.close()
    return published


def _open(client: LspClient, uri: str, text: str) -> None:
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})


def _receive(session: Session, client: LspClient, published: dict[str, Any], deadline: float, waiting_for: str) -> str:
    """Take the server's next message: the uri whose diagnostics it published, or ""."""
    message = client.next_message(deadline, waiting_for)
    method, params = message.get("method"), message.get("params") or {}
    if method == "textDocument/publishDiagnostics":
        uri = str(params.get("uri"))
        published[uri] = list(params.get("diagnostics") or [])
        return uri
    elif method == "telemetry/event" and isinstance(params, dict) and (params.get("properties") or {}).get("error"):
        # the server swallows an exception in validation (the file then gets no schema diagnostic) and says so here
        session.troubles.append(f"{params.get('name')}: {' '.join(str(params['properties']['error']).split())[:600]}")
    elif method in ("window/logMessage", "window/showMessage") and isinstance(params, dict) and params.get("type") in (1, 2):
        session.troubles.append(f"{method}: {' '.join(str(params.get('message')).split())[:600]}")
    return ""


def _text_of(diagnostic: dict[str, Any], shift: int) -> str:
    start = (diagnostic.get("range") or {}).get("start") or {}
    message = " ".join(str(diagnostic.get("message", "")).split())
    return f"{int(start.get('line', 0)) + 1 - shift}:{int(start.get('character', 0)) + 1} {message}"


def _sort(item: Judged, diagnostics: list[dict[str, Any]]) -> None:
    for diagnostic in diagnostics:
        message = str(diagnostic.get("message", ""))
        text = _text_of(diagnostic, item.shift)
        if diagnostic.get("code") == SCHEMA_RESOLVE_ERROR or message.startswith(SCHEMA_PROBLEMS):
            item.problems.append(text)
        elif str(diagnostic.get("source", "")).startswith(SCHEMA_SOURCE):
            item.editor.append(text)
        else:
            item.other.append(text)


# --------------------------------------------------------------------------------------------------- patterns


def _patterns(node: Any, key: str = "") -> Iterator[str]:
    """Every ``pattern`` and ``patternProperties`` name of an exported schema (data keywords skipped)."""
    if key in ("const", "enum", "default", "examples"):
        return
    if isinstance(node, list):
        for item in node:
            yield from _patterns(item)
    elif isinstance(node, dict):
        if key in ("properties", "$defs", "dependentSchemas", "patternProperties"):
            if key == "patternProperties":
                yield from node
            for schema in node.values():
                yield from _patterns(schema)
            return
        for name, value in node.items():
            if name == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value, name)


def _compile_patterns(server: Path, schemas: Path) -> list[tuple[str, bool, bool]]:
    """(pattern, the server compiles it, it compiles with the `u` flag) for every distinct pattern of the export."""
    found = sorted({p for f in sorted(schemas.rglob("*.schema.json")) for p in _patterns(json.loads(f.read_text("utf-8")))})
    strings = server.parent.parent / "out" / "server" / "src" / "languageservice" / "utils" / "strings.js"
    proc = subprocess.run(
        [shutil.which("node") or "node", "-e", PATTERN_SCRIPT, str(strings)],
        input=json.dumps(found).encode("utf-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(
            f"error: node could not compile the exported patterns:\n{proc.stderr.decode('utf-8', 'replace')[-2000:]}"
        )
    return [(str(p), bool(ok), bool(unicode)) for p, ok, unicode in json.loads(proc.stdout.decode("utf-8"))]


# --------------------------------------------------------------------------------------------------- the check


@dataclass
class Run:
    """What one run of the check learnt, beyond the files' verdicts."""

    version: str
    items: list[Judged] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (label, why editor-settings maps it to no schema)
    patterns: list[tuple[str, bool, bool]] = field(default_factory=list)
    control_url: str = ""  # the `$schema:` URL of the control document
    requested: list[str] = field(default_factory=list)
    trapped: list[str] = field(default_factory=list)
    troubles: list[str] = field(default_factory=list)  # the server's errors outside diagnostics: each fails the check
    notices: list[str] = field(default_factory=list)  # other lines on its standard error
    export_problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def check(corpus: Path | None, root: Path, server: Path, here: Path) -> Outcome:
    """Export, stage, judge with the server and with speclift, compare."""
    started = time.monotonic()
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="speclift-editor-") as tmp:
        try:
            run = _judge(corpus, root, server, here, Path(tmp).resolve())
        except ServerGone as exc:
            tail = (Path(tmp) / "server.log").read_text(encoding="utf-8", errors="replace")[-2000:]
            outcome.failures.append(f"{GROUP}: yaml-language-server: {exc}" + (f"\n{tail}" if tail else ""))
            return outcome
    _evaluate(outcome, run, load_listed(here / DISAGREEMENTS))
    outcome.lines.append(
        f"{GROUP}: yaml-language-server {run.version} judged {len(run.items)} files in {run.seconds['server']:.1f}s, "
        f"speclift in {run.seconds['speclift']:.1f}s; {time.monotonic() - started:.1f}s in all"
    )
    return outcome


def _judge(corpus: Path | None, root: Path, server: Path, here: Path, tmp: Path) -> Run:
    import yaml

    from speclift.config import Settings
    from speclift.editor import detect_specs, with_modeline
    from speclift.findings import Severity
    from speclift.schema_export import export_schemas
    from speclift.validation.engine import validate_file

    run = Run(installed_version(here))
    workspace = tmp / "workspace"
    workspace.mkdir()
    exported = export_schemas(str(workspace / SCHEMAS_DIR))
    run.export_problems = [f"{p.path}: {p.message}" for p in exported.problems]
    paths, labels = _stage(corpus, root, workspace)
    settings = detect_specs(paths, root=str(workspace), schemas_dir=SCHEMAS_DIR)
    run.skipped = [(labels.get(s.path, (s.path, ""))[0], s.reason) for s in settings.skipped]
    documents: dict[str, str] = {}
    by_uri: dict[str, Judged] = {}
    for spec in settings.files:
        label, group = labels.get(spec.path, (spec.path, "other"))
        item = Judged(label, group, spec.path, spec.spec_type, spec.dollar_schema and spec.documents == 1)
        run.items.append(item)
        path = workspace / spec.path
        text = path.read_text(encoding="utf-8")
        # as `editor-settings --add-modelines` leaves it (a modeline covers one document: several get none)
        opened = with_modeline(text, spec.modeline) if spec.dollar_schema and spec.documents == 1 else text
        item.shift = opened.count("\n") - text.count("\n")
        documents[path.as_uri()] = opened
        by_uri[path.as_uri()] = item
    # the control: a `$schema:` file's text, elsewhere, without the modeline: the server must ask for that URL
    control = next((f for f in settings.files if f.dollar_schema and f.documents == 1), None)
    control_uri = ""
    if control is not None:
        text = (workspace / control.path).read_text(encoding="utf-8")
        run.control_url = str(yaml.safe_load(text)["$schema"])
        control_path = workspace / CONTROL / Path(control.path).name
        control_path.parent.mkdir(parents=True)
        control_path.write_text(text, encoding="utf-8")
        control_uri = control_path.as_uri()
        documents[control_uri] = text
    # the probe: mapped to one schema, which it fails, so its first schema diagnostic says the settings apply
    mapping = settings.schemas
    probe = workspace / PROBE
    probe.parent.mkdir(parents=True)
    probe.write_text(PROBE_TEXT, encoding="utf-8")
    mapping.setdefault(f"{SCHEMAS_DIR}/{_first_schema(workspace / SCHEMAS_DIR)}", []).append(PROBE)

    trap = Trap()
    session = Session(
        {
            "yaml": {
                "schemas": mapping,
                "validate": True,
                "hover": False,
                "completion": False,
                "format": {"enable": False},
                "schemaStore": {"enable": False},
                "kubernetesCRDStore": {"enable": False},
            },
            "http": {"proxy": trap.url, "proxyStrictSSL": True},
        }
    )
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "http_proxy", "https_proxy", "all_proxy")}
    env.update(HTTP_PROXY=trap.url, HTTPS_PROXY=trap.url, http_proxy=trap.url, https_proxy=trap.url)
    tick = time.monotonic()
    try:
        published = _diagnostics(server, workspace, session, documents, probe.as_uri(), tmp / "server.log", env)
    finally:
        trap.close()
    run.seconds["server"] = time.monotonic() - tick
    run.requested, run.trapped, run.troubles = session.requested, trap.hits, session.troubles
    # console.warn goes to the server's standard error: a schema the server could not check ("Wrong schema", "could
    # not be fully validated") is a problem, anything else (a runtime's deprecation notice) is shown as a warning
    for line in (tmp / "server.log").read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip():
            (run.troubles if "schema" in line.lower() else run.notices).append(" ".join(line.split())[:600])
    for uri, item in by_uri.items():
        item.published = uri in published
        _sort(item, published.get(uri, []))
    run.patterns = _compile_patterns(server, workspace / SCHEMAS_DIR)

    tick = time.monotonic()
    for item in run.items:
        result = validate_file(str(workspace / item.relative), Settings(check_paths=False, inline_config=False))
        item.speclift = [
            f"{f.line}:{f.column} {f.code} {f.message}"
            for f in result.findings
            if f.code.startswith("SL1") and f.severity == Severity.ERROR
        ]
    run.seconds["speclift"] = time.monotonic() - tick
    return run


def _first_schema(folder: Path) -> str:
    return min(p.relative_to(folder).as_posix() for p in folder.rglob("*.schema.json"))


def _folded(match: re.Match[str]) -> bool:
    first, second, third, fourth = match.groups()
    return first.swapcase() == second and third.swapcase() == fourth


def _verdict(flagged: list[str]) -> str:
    return "fail" if flagged else "ok"


def _evaluate(outcome: Outcome, run: Run, listed: list[dict[str, str]]) -> None:
    known = {(e["file"], e.get("editor", ""), e.get("speclift", "")): e for e in listed}
    disagreeing: list[tuple[Judged, str]] = []
    outcome.failures += [f"{GROUP}: the export has a problem: {p}" for p in run.export_problems]
    for item in run.items:
        if not item.published:
            outcome.failures.append(f"{GROUP}: {item.label}: no diagnostics from the server")
            continue
        for problem in item.problems:
            outcome.failures.append(f"{GROUP}: {item.label}: the server has a problem with the schema: {problem}")
        if bool(item.editor) == bool(item.speclift):
            continue
        entry = known.get((item.label, _verdict(item.editor), _verdict(item.speclift)))
        reason = (entry or {}).get("reason", "")
        disagreeing.append((item, reason))
        if not reason:
            outcome.failures.append(
                f"{GROUP}: unexplained disagreement: {item.label}: editor {_verdict(item.editor)}, "
                f"speclift {_verdict(item.speclift)} (list it in {DISAGREEMENTS} with a reason, or fix the schema)"
            )
    differing = {item.label for item, _ in disagreeing}
    judged = {item.label for item in run.items}
    for entry in listed:
        if entry["file"] in judged and entry["file"] not in differing:
            outcome.warnings.append(f"stale entry in {DISAGREEMENTS}, the editor and speclift now agree: {entry['file']}")
    outcome.failures += [
        f"{GROUP}: yaml-language-server cannot compile the exported pattern {p!r}" for p, ok, _ in run.patterns if not ok
    ]
    outcome.failures += [
        f"{GROUP}: {item.label}: the editor's message quotes a pattern spelt with both cases (give it a "
        f"patternErrorMessage in the export): {message}"
        for item in run.items
        for message in item.editor
        if any(_folded(m) for m in FOLDED.finditer(message))
    ]
    others = sorted({url for url in run.requested if url != run.control_url})
    if others:
        outcome.failures.append(f"{GROUP}: the server asked for schemas over the network: {', '.join(others)}")
    outcome.failures += [f"{GROUP}: yaml-language-server reported: {t}" for t in run.troubles]
    outcome.warnings += [f"{GROUP}: yaml-language-server wrote: {n}" for n in run.notices]
    if run.trapped:
        outcome.failures.append(f"{GROUP}: the server tried to reach the network: {'; '.join(sorted(set(run.trapped)))}")
    if run.control_url and run.control_url not in run.requested:
        outcome.failures.append(
            f"{GROUP}: the control document (a `$schema:` file opened without the modeline) did not ask for "
            f"{run.control_url}: the check cannot show that a request would be seen"
        )
    _report(outcome, run, disagreeing)


def _rows(items: list[Judged]) -> Iterator[tuple[str, str, list[Judged]]]:
    order = {"corpus azureml-v2": 0, "corpus polyaxon-v1": 1, "own cases": 2, "samples": 3}
    keys = sorted({(i.group, i.family) for i in items}, key=lambda k: (order.get(k[0], 9), k))
    for group, family in keys:
        yield group, family, [i for i in items if i.group == group and i.family == family]


def _agreeing(items: list[Judged]) -> int:
    return sum(1 for i in items if bool(i.editor) == bool(i.speclift))


def _report(outcome: Outcome, run: Run, disagreeing: list[tuple[Judged, str]]) -> None:
    compared = [i for i in run.items if i.published]
    agree = _agreeing(compared)
    rate = agree / len(compared) if compared else 1.0
    outcome.lines.append(f"{GROUP}: yaml-language-server and speclift flag the same files: {agree}/{len(compared)} = {rate:.1%}")
    rows = list(_rows(compared))
    outcome.lines += [f"  {group:20} {family:9} {_agreeing(members)}/{len(members)}" for group, family, members in rows]
    compiled = sum(1 for _, ok, _ in run.patterns if ok)
    unicode = sum(1 for _, ok, flag in run.patterns if ok and flag)
    out = [
        "",
        "## Editors: yaml-language-server judges the exported schemas",
        "",
        f"yaml-language-server {run.version}, driven over LSP with the settings `speclift schemas editor-settings` "
        f"gives ({sum(1 for i in compared if i.modeline)} files opened with the modeline their `$schema:` key needs), "
        f"flags the same files as speclift in {agree} of {len(compared)} ({rate:.1%}). A file is flagged by the editor "
        "when the server publishes a schema diagnostic for it, by speclift when `speclift validate` reports an SL1xx "
        "error.",
        "",
        "| files | family | compared | editor flags | speclift flags | agree | agreement |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| {group} | {family} | {len(members)} | {sum(1 for i in members if i.editor)} | "
        f"{sum(1 for i in members if i.speclift)} | {_agreeing(members)} | {_agreeing(members) / len(members):.1%} |"
        for group, family, members in rows
    ]
    out += [
        "",
        f"The server compiles {compiled} of the {len(run.patterns)} distinct patterns and `patternProperties` names of "
        f"the export ({unicode} with the `u` flag it tries first, {compiled - unicode} without it). Schema requests over "
        "the network: "
        + (f"only the control document's (`{run.control_url}`, refused)." if run.requested else "none.")
        + " Connections to the proxy: "
        + (f"{len(run.trapped)}." if run.trapped else "none."),
        "",
        f"### Editor disagreements ({len(disagreeing)})",
        "",
    ]
    if disagreeing:
        out += [
            "| file | spec type | editor | editor diagnostics | speclift | speclift findings | reason |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| `{item.label}` | {item.spec_type} | {_verdict(item.editor)} | {_cell('; '.join(item.editor))} | "
            f"{_verdict(item.speclift)} | {_cell('; '.join(item.speclift))} | {_cell(reason or '**not explained**', 600)} |"
            for item, reason in sorted(disagreeing, key=lambda x: x[0].label)
        ]
    else:
        out.append("None.")
    others = sorted((i for i in run.items if i.other), key=lambda i: i.label)
    if others:
        out += ["", "Other diagnostics (not schema verdicts):", ""]
        out += [f"- `{i.label}`: {_cell('; '.join(i.other))}" for i in others]
    out += ["", f"<details><summary>Files editor-settings maps to no schema ({len(run.skipped)}): not compared</summary>", ""]
    out += [f"- `{label}`: {_cell(reason, 200)}" for label, reason in sorted(run.skipped)]
    out += ["", "</details>"]
    outcome.report += out


def _cell(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text.replace("|", "\\|")
