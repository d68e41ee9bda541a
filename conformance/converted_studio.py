"""ML Studio (classic) graphs: azure-ai-ml loads every converted pipeline, component and endpoint outline in situ, and
what it loads must mean what the graph meant.

Every corpus graph (``corpus/studio-classic``, at its repository path) and every own graph (a ``.json`` file under
``tests/cases`` or ``samples`` whose text has ``ModuleNodes`` and on which ``speclift validate`` reports no error) is
converted as ``speclift convert GRAPH -o out/GRAPH.yml`` writes it (``speclift.conversion.engine.convert_file`` and
``writing.write_outputs``, in-process), into the stage's temporary tree. Then:

1. **Verdicts**: azure-ai-ml (``studio_azureml.py``, ``.venvs/azureml``) loads each Azure ML output where it was
   written (``load_job`` for the pipeline, ``load_component`` for each component, ``load_online_endpoint`` /
   ``load_online_deployment`` for a web service's outline) and calls ``_validate()``; the pipeline's REST payload
   (``_to_rest_object()``, what ``az ml job create`` sends) must build too. ``speclift validate`` judges the same files.
2. **Effective values** (loading is not enough), from what azure-ai-ml loaded against the source graph read here as
   plain JSON (never through speclift's graph reader):
   - every node of the pipeline runs a generated component file, with that file's command, inputs and outputs;
   - every ``${{parent.jobs.X.outputs.Y}}`` names a job and an output of its component, every ``${{parent.inputs.Z}}``
     and ``${{parent.outputs.Z}}`` a pipeline input or output in the job sent (azure-ai-ml leaves an empty input
     out); every pipeline input is read by a job or is a web service parameter's, every pipeline output written by one;
   - every module node has one job (the component's ``studio_classic_node_id`` tag), every edge of the graph is the
     binding of the target port's option (``--<port slug>``) to the source port's output, a port fed by a saved
     dataset, model or transform, or by a web service input, reads a pipeline input on a data asset, and a port
     nothing feeds is an optional input left unbound (``$[[...]]``);
   - every module parameter reaches the program as the classic value (a column picker decoded; a linked web service
     parameter's value when it has one): the value the command passes for ``--<parameter slug>`` (the node's binding,
     else the component input's default; a script parameter a file under ``code/`` holding the script byte for byte;
     an empty value an optional input left out), or the conversion's provenance says what became of it (transformed
     into a data input or ``is_deterministic``, approximated, dropped), or the module catalogue says the program has
     no such option (the component input then holds the value), or the node has an SL415 (a component without a
     program; a script is still kept verbatim under ``code/scripts/``); a component input named after a parameter
     has the module's own value as its default; a credential dropped by SL402 appears in no output;
   - Import Data reads the pipeline input whose path is the classic source (the web URL, the ``wasbs://`` blob), or
     a data asset for a source no path names;
   - the web service: each output is a pipeline output bound from its module port, each parameter a pipeline input
     (where the provenance maps it: a parameter that set a data location is that data input) with the service's
     value, and inputs give one endpoint and one deployment outline (the deployment names the endpoint, its scoring
     script exists);
   - every ``python -m studio_modules.X`` names a program of the component runtime in the code folder.

A problem fails the stage unless ``studio-differences.yaml`` lists it (``file``, ``check`` as the stage prints it,
``reason``); listed entries that no longer happen are warnings (stale). See README.md, "ML Studio (classic) graphs".
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import converted_azureml as caz

HERE = Path(__file__).resolve().parent
GROUP = "studio-classic"
CORPUS = "studio-classic"
STAGE_DIR = "studio-classic"
OWN = (Path("tests") / "cases", Path("samples"))
SOURCE_TYPE = "azureml/studio-classic/experiment"
IMPORT_DATA = "4e1b0fe6aded4b3fa36f39b8862b9004"  # Import Data's family id
ASSET_KEYS = ("DataSourceId", "TrainedModelId", "TransformModuleId")
_OPTIONAL = re.compile(r"\$\[\[(.*?)\]\]")
_REFERENCE = re.compile(r"^\$\{\{\s*(inputs|outputs)\.([A-Za-z0-9_]+)\s*\}\}$")
_PARENT = re.compile(r"\$\{\{\s*parent\.(jobs\.([A-Za-z0-9_]+)\.outputs|inputs|outputs)\.([A-Za-z0-9_]+)\s*\}\}")


@dataclass
class Output:
    path: Path
    spec_type: str
    official: bool | None = None
    official_error: str = ""
    effective: dict[str, Any] | None = None
    speclift: bool | None = None
    speclift_errors: list[str] = field(default_factory=list)

    @property
    def hint(self) -> str:
        return self.spec_type.rsplit("/", 1)[-1]


@dataclass
class Graph:
    label: str  # corpus file name, or the own file's path in the repository
    source: Path  # the staged graph
    out: Path  # the pipeline job, as `-o` names it
    own: bool = False
    data: Any = None
    skipped: str = ""  # an own file that is no valid graph: why it is not converted
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # (code, pointer, message)
    provenance: list[tuple[str, str, str]] = field(default_factory=list)  # (source pointer, fate, target pointer)
    outputs: list[Output] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (check, message)
    compared: Counter[str] = field(default_factory=Counter)  # values compared, by kind


@dataclass
class Started:
    graphs: list[Graph]
    proc: subprocess.Popen[bytes] | None
    out: Path


@dataclass
class Outcome:
    lines: list[str]
    failures: list[str]
    warnings: list[str]
    report: list[str]


# --------------------------------------------------------------------------------------------------- staging


def stage(corpus: Path | None, root: Path, stage_root: Path) -> list[Graph]:
    """Each corpus graph at its repository path, each own graph at its path in the repository (the file alone)."""
    graphs: list[Graph] = []
    folder = corpus / CORPUS if corpus is not None else None
    if folder is not None and folder.is_dir():
        rows = caz._sources(folder)
        commits: dict[str, set[str]] = {}
        for row in rows:
            commits.setdefault(row["repo"], set()).add(row["commit"])
        for row in rows:
            if (folder / row["file"]).is_file():
                rel = Path("corpus") / caz._corpus_rel(row, len(commits[row["repo"]]) > 1)
                graphs.append(_staged(row["file"], folder / row["file"], stage_root / rel, own=False))
    for top in OWN:
        for path in sorted((root / top).rglob("*.json")) if (root / top).is_dir() else []:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "ModuleNodes" in text:
                rel = path.relative_to(root)
                graphs.append(_staged(str(rel), path, stage_root / "own" / rel, own=True))
    return graphs


def _staged(label: str, source: Path, dest: Path, *, own: bool) -> Graph:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    graph = Graph(label, dest, dest.parent / "out" / f"{dest.stem}.yml", own)
    try:
        graph.data = json.loads(dest.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        graph.skipped = f"not JSON: {exc}"
    return graph


# --------------------------------------------------------------------------------------------------- conversion


def convert_all(graphs: list[Graph]) -> None:
    """Convert every graph as ``speclift convert GRAPH -o out/GRAPH.yml`` does; own files speclift finds invalid
    (test cases of bad graphs) are left out with the reason."""
    from speclift import validate
    from speclift.conversion.context import ReadScope
    from speclift.conversion.engine import convert_file
    from speclift.conversion.writing import write_outputs
    from speclift.findings import Severity

    for graph in graphs:
        if graph.skipped:
            continue
        if graph.own:  # a case of a bad graph is no source to convert
            report = validate(str(graph.source))
            errors = [f for f in report.findings if f.severity == Severity.ERROR]
            types = [t for r in report.files for t in r.spec_types]
            if errors or SOURCE_TYPE not in types:
                graph.skipped = errors[0].message if errors else f"not detected as {SOURCE_TYPE}"
                continue
        try:
            result = convert_file(str(graph.source), None, str(graph.out.parent), reads=ReadScope((str(graph.source.parent),)))
        except Exception as exc:  # a crash is a finding of this check, not the end of the stage
            graph.problems.append(("conversion", f"speclift convert raised {type(exc).__name__}: {exc}"))
            continue
        graph.findings = [(f.code, f.pointer or "", f.message) for f in result.findings]
        graph.provenance = [(e.source, e.fate.value, e.target or "") for c in result.conversions for e in c.provenance]
        errors = [f"{f.code} {f.pointer or ''} {f.message}" for f in result.findings if f.severity == Severity.ERROR]
        if result.source_type != SOURCE_TYPE:
            graph.problems.append(("conversion", f"detected as {result.source_type or 'nothing'}, not {SOURCE_TYPE}"))
        if errors or not result.outputs:
            graph.problems.append(("conversion", "; ".join(errors) or "no output"))
            continue
        problems = write_outputs(result, str(graph.out))
        if problems:
            graph.problems.append(("conversion", "; ".join(p.message for p in problems)))
        for index, rendered in enumerate(result.outputs):
            path = graph.out.parent / rendered.file if rendered.file and index > 0 else graph.out
            graph.outputs.append(Output(path, rendered.spec_type))


def run_speclift(graphs: list[Graph]) -> None:
    """speclift's verdict on every Azure ML output (path checks on): invalid iff an error finding."""
    from speclift import validate
    from speclift.findings import Severity

    outputs = [o for g in graphs for o in g.outputs if o.spec_type.startswith("azureml/")]
    if not outputs:
        return
    report = validate([str(o.path) for o in outputs])
    by_path = {os.path.realpath(r.path): r for r in report.files}
    for o in outputs:
        result = by_path.get(os.path.realpath(o.path))
        if result is None:
            o.speclift_errors = ["(no result for this file)"]
            continue
        errors = [f for f in result.findings if f.severity == Severity.ERROR]
        o.speclift = not errors
        o.speclift_errors = [f"{f.code} {f.pointer or ''} {f.message}" for f in errors]


# --------------------------------------------------------------------------------------------------- azure-ai-ml


def start(graphs: list[Graph], python: Path, stage_root: Path) -> Started:
    """Convert, run speclift's verdicts, and start azure-ai-ml on the outputs (collected by :func:`finish`)."""
    convert_all(graphs)
    run_speclift(graphs)
    outputs = [o for g in graphs for o in g.outputs if o.spec_type.startswith("azureml/")]
    out = stage_root / "azureml.jsonl"
    if not outputs:
        return Started(graphs, None, out)
    listing = stage_root / "azureml.list"
    listing.write_text("".join(f"{o.path}\t{o.hint}\n" for o in outputs), encoding="utf-8")
    env = dict(os.environ, PYTHONWARNINGS="ignore", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)  # the official tools never see speclift
    command = [str(python), str(HERE / "studio_azureml.py"), "--list", str(listing)]
    proc = subprocess.Popen(command, stdout=out.open("wb"), stderr=subprocess.PIPE, cwd=str(stage_root), env=env)
    return Started(graphs, proc, out)


def finish(started: Started, differences: Path, stage: Path) -> Outcome:
    from listed import load_listed

    if started.proc is not None:
        _, err = started.proc.communicate()
        records = {}
        for line in started.out.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["file"]] = record
        outputs = [o for g in started.graphs for o in g.outputs if o.spec_type.startswith("azureml/")]
        if started.proc.returncode != 0 or any(str(o.path) not in records for o in outputs):
            tail = "\n".join(err.decode("utf-8", "replace").strip().splitlines()[-15:])
            raise SystemExit(f"error: studio_azureml.py failed (exit {started.proc.returncode})\n{tail}")
        for o in outputs:
            record = records[str(o.path)]
            o.official, o.official_error, o.effective = record["ok"], record.get("error") or "", record.get("effective")
    for graph in started.graphs:
        if not graph.skipped and graph.outputs:
            check(graph)
    return evaluate(started.graphs, load_listed(differences), stage)


# --------------------------------------------------------------------------------------------------- effective values


def slug(name: str, separator: str = "-") -> str:
    """A classic port or parameter name as the component runtime spells its option (studio_modules/cli.py)."""
    return re.sub(r"[^a-z0-9]+", separator, name.lower()).strip(separator)


def decoded(value: str) -> str:
    """A column picker's URL-encoded JSON decoded; any other value as it is."""
    if value[:3].upper() == "%7B":
        text = urllib.parse.unquote(value)
        try:
            json.loads(text)
        except ValueError:
            return value
        return text
    return value


@dataclass(frozen=True)
class Argument:
    value: str  # the word after the flag, unquoted
    optional: bool  # inside $[[ ]]
    reference: tuple[str, str] | None  # ("inputs" | "outputs", name) when the word is ${{inputs.x}} / ${{outputs.x}}


def parse_command(command: str) -> tuple[str | None, dict[str, Argument]]:
    """The program (``studio_modules.X``) and each ``--flag value`` of a generated component's command."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _OPTIONAL.finditer(command):
        pieces += [(command[position : match.start()], False), (match.group(1), True)]
        position = match.end()
    pieces.append((command[position:], False))
    program = None
    arguments: dict[str, Argument] = {}
    for text, optional in pieces:
        try:
            words = shlex.split(text)
        except ValueError:
            words = text.split()
        for i, word in enumerate(words):
            if word == "-m" and i + 1 < len(words) and program is None:
                program = words[i + 1]
            elif word.startswith("--") and i + 1 < len(words) and not words[i + 1].startswith("--"):
                match = _REFERENCE.match(words[i + 1])
                arguments[word[2:]] = Argument(words[i + 1], optional, (match.group(1), match.group(2)) if match else None)
    return program, arguments


class _Checker:
    """One graph's effective-value checks against what azure-ai-ml loaded."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        data = graph.data if isinstance(graph.data, dict) else {}
        self.base = "/Graph" if isinstance(data.get("Graph"), dict) else ""
        self.body = data.get("Graph") if self.base else data
        self.service = data.get("WebService") if self.base and isinstance(data.get("WebService"), dict) else {}
        by_type: dict[str, list[Output]] = {}
        for o in graph.outputs:
            by_type.setdefault(o.spec_type, []).append(o)
        self.by_type = by_type
        pipelines = by_type.get("azureml/v2/pipeline-job", [])
        self.pipeline = pipelines[0].effective if pipelines and pipelines[0].effective else None
        self.components = {str(o.path): o.effective for o in by_type.get("azureml/v2/command-component", []) if o.effective}
        self.written = {str(o.path) for o in graph.outputs}
        self.job_of: dict[str, str] = {}  # node id -> job name
        self.arguments: dict[str, tuple[str | None, dict[str, Argument]]] = {}  # job -> parsed command
        self.findings = graph.findings

    def problem(self, check: str, message: str) -> None:
        self.graph.problems.append((check, message))

    def found(self, pointer: str, codes: tuple[str, ...]) -> bool:
        return any(code in codes and where == pointer for code, where, _ in self.findings)

    def accounted(self, pointer: str) -> list[tuple[str, str]]:
        """(fate, target) of the provenance entries for ``pointer`` itself or a part of it (not for the node or graph
        around it, whose entries cover everything below)."""
        return [
            (fate, target)
            for source, fate, target in self.graph.provenance
            if source == pointer or source.startswith(pointer + "/")
        ]

    def service_input(self, index: int, name: str) -> str | None:
        """The pipeline input a web service parameter became: the provenance target of its entry (a parameter that
        set a data location maps to that data input), else the input named after it."""
        targets = [t for _, t in self.accounted(f"/WebService/Parameters/{index}") if t.startswith("/inputs/")]
        return targets[0].split("/")[2].replace("~1", "/").replace("~0", "~") if targets else None

    # ------------------------------------------------------------------ the pipeline's own structure

    def run(self) -> None:
        if self.pipeline is None:
            return  # not loaded: the verdict already says why
        jobs = self.pipeline["jobs"]
        inputs = self.pipeline["inputs"]
        outputs = self.pipeline["outputs"]
        used_inputs: set[str] = set()
        for name, job in jobs.items():
            path = job.get("component")
            component = self.components.get(str(path))
            if path not in self.written or component is None:
                self.problem(f"job {name}", f"its component {path} is not a generated component that loads")
                continue
            for key in ("command", "inputs", "outputs"):
                here = job["command"] if key == "command" else job[f"component_{key}"]
                if here != component[key]:
                    self.problem(f"job {name}", f"the component's {key} in the pipeline differs from its file's")
            self.graph.compared["components"] += 1
            self.arguments[name] = parse_command(component["command"] or "")
            node = str((component.get("tags") or {}).get("studio_classic_node_id", ""))
            if node:
                if node in self.job_of:
                    self.problem(f"node {node}", f"two jobs run it: {self.job_of[node]} and {name}")
                self.job_of[node] = name
            for port, bound in job["inputs"].items():
                if port not in component["inputs"]:
                    self.problem(f"job {name}", f"input {port} is not an input of its component")
                for kind, source, item in self._references(bound):
                    self.graph.compared["bindings"] += 1
                    if kind == "inputs":
                        used_inputs.add(item)
                        if item not in inputs:  # told under the input's name: an empty one is left out of the job
                            self.problem(
                                f"pipeline input {item}", f"{name}.{port} is bound to it, and the job sent has no such input"
                            )
                    elif kind == "outputs":
                        self.problem(f"job {name}", f"input {port} reads the pipeline output {item}")
                    elif source not in jobs or item not in jobs[source]["component_outputs"]:
                        self.problem(f"job {name}", f"input {port} reads {source}.{item}, which is no job's output")
            for port, bound in job["outputs"].items():
                for kind, _, item in self._references(bound):
                    self.graph.compared["bindings"] += 1
                    if kind != "outputs" or item not in outputs:
                        self.problem(f"job {name}", f"output {port} is bound to {bound}, no pipeline output")
        for name, given in (self.pipeline.get("declared_inputs") or {}).items():
            if name not in inputs:  # pipeline_job.py: "MFE not support pass None or empty input value"
                self.problem(
                    f"pipeline input {name}",
                    f"its value {given!r} is empty: azure-ai-ml leaves it out of what `az ml job create` sends",
                )
        parameters = {
            self.service_input(i, str(p.get("Name", ""))) or slug(str(p.get("Name", "")), "_")
            for i, p in self._service_entries("Parameters")
        }
        for name in inputs:
            if name not in used_inputs and name not in parameters:
                self.problem(f"pipeline input {name}", "no job reads it and it is no web service parameter")
        unused = [o for o in self.graph.outputs if o.spec_type == "azureml/v2/command-component"]
        bound_components = {str(j.get("component")) for j in jobs.values()}
        for o in unused:
            if str(o.path) not in bound_components:
                self.problem(f"component {o.path.name}", "no job of the pipeline runs it")
        if not (self.pipeline.get("compute") or self.pipeline.get("default_compute")):
            self.problem("compute", "the pipeline names no compute (azure-ai-ml: Compute not set)")
        self.graph_checks()

    @staticmethod
    def _references(bound: Any) -> list[tuple[str, str, str]]:
        """(inputs | outputs | jobs, job, name) for each ${{parent...}} in a binding."""
        if not isinstance(bound, str):
            return []
        found = []
        for match in _PARENT.finditer(bound):
            head = match.group(1)
            kind = "jobs" if head.startswith("jobs.") else head
            found.append((kind, match.group(2) or "", match.group(3)))
        return found

    # ------------------------------------------------------------------ the graph's meaning

    def graph_checks(self) -> None:
        # (index in the file, entry): pointers count every entry
        nodes = [(i, n) for i, n in enumerate((self.body or {}).get("ModuleNodes") or []) if isinstance(n, dict)]
        edges = [(i, e) for i, e in enumerate((self.body or {}).get("EdgesInternal") or []) if isinstance(e, dict)]
        for _, node in nodes:
            if str(node.get("Id")) not in self.job_of:
                self.problem(f"node {node.get('Id')}", "no job runs this module (no component tagged with its id)")
        feeding: dict[tuple[str, str], list[int]] = {}
        for index, edge in edges:
            source = _split(edge.get("SourceOutputPortId"))
            target = _split(edge.get("DestinationInputPortId"))
            if source is None or target is None:
                continue
            feeding.setdefault(target, []).append(index)
            self.graph.compared["edges"] += 1
            why = self._edge(source, target)
            if why and not self.found(f"{self.base}/EdgesInternal/{index}", ("SL401",)):
                self.problem(f"edge {index}", f"{source[0]}:{source[1]} -> {target[0]}:{target[1]}: {why}")
        secrets: list[tuple[str, str]] = []
        for index, node in nodes:
            node_id = str(node.get("Id"))
            job = self.job_of.get(node_id)
            if job is None:
                continue
            pointer = f"{self.base}/ModuleNodes/{index}"
            for i, port in enumerate(node.get("InputPortsInternal") or []):
                if isinstance(port, dict) and (node_id, str(port.get("Name"))) not in feeding:
                    self._unfed(job, node_id, port, f"{pointer}/InputPortsInternal/{i}")
            for i, parameter in enumerate(node.get("ModuleParameters") or []):
                if isinstance(parameter, dict) and isinstance(parameter.get("Name"), str):
                    where = f"{pointer}/ModuleParameters/{i}"
                    self._parameter(job, node, parameter, where, pointer)
                    value = str(parameter.get("Value") or "")
                    if len(value) >= 6 and self.found(where, ("SL402",)):
                        secrets.append((str(parameter["Name"]), value))
            if str(node.get("ModuleId", "")).split(".")[1:2] == [IMPORT_DATA]:
                self._import_source(job, node)
        self._service()
        self._no_secrets(secrets)
        self._runtime()

    def _edge(self, source: tuple[str, str], target: tuple[str, str]) -> str:
        job_s, job_t = self.job_of.get(source[0]), self.job_of.get(target[0])
        if job_s is None or job_t is None:
            return "a node of the edge has no job"
        out = self.arguments[job_s][1].get(slug(source[1]))
        into = self.arguments[job_t][1].get(slug(target[1]))
        if out is None or out.reference is None or out.reference[0] != "outputs":
            return f"{job_s}'s command has no --{slug(source[1])} ${{{{outputs...}}}}"
        if into is None or into.reference is None or into.reference[0] != "inputs":
            return f"{job_t}'s command has no --{slug(target[1])} ${{{{inputs...}}}}"
        bound = self.pipeline["jobs"][job_t]["inputs"].get(into.reference[1]) if self.pipeline else None
        wanted = f"${{{{parent.jobs.{job_s}.outputs.{out.reference[1]}}}}}"
        if not isinstance(bound, str) or bound.replace(" ", "") != wanted:
            return f"{job_t}.{into.reference[1]} is bound to {bound!r}, not {wanted}"
        return ""

    def _unfed(self, job: str, node_id: str, port: dict[str, Any], pointer: str) -> None:
        """An input port no edge feeds: a saved asset's pipeline input, or an optional input left out."""
        name = str(port.get("Name"))
        argument = self.arguments[job][1].get(slug(name))
        if argument is None or argument.reference is None:
            self.problem(f"port {node_id}:{name}", f"{job}'s command has no --{slug(name)} ${{{{inputs...}}}}")
            return
        self.graph.compared["ports"] += 1
        bound = self.pipeline["jobs"][job]["inputs"].get(argument.reference[1]) if self.pipeline else None
        asset = next((port[k] for k in ASSET_KEYS if isinstance(port.get(k), str) and port[k]), None)
        served = [str(e.get("Name")) for e in self._service_list("Inputs") if _split(e.get("PortId")) == (node_id, name)]
        if asset is not None or served:  # a saved asset, or the data a web service caller sends: a data asset input
            what = f"the saved asset {asset}" if asset is not None else f"the web service input {served[0]}"
            refs = self._references(bound)
            source = (self.pipeline or {})["inputs"].get(refs[0][2]) if refs and refs[0][0] == "inputs" else None
            if not _asset((source or {}).get("uri")):
                self.problem(f"port {node_id}:{name}", f"reads {what}, but is bound to {bound!r}, no data asset input")
            return
        component = self.components.get(str(self.pipeline["jobs"][job]["component"])) if self.pipeline else None
        declared = ((component or {}).get("inputs") or {}).get(argument.reference[1]) or {}
        if bound is not None or not argument.optional or not declared.get("optional"):
            self.problem(
                f"port {node_id}:{name}", "nothing feeds it, yet it is bound or not optional ($[[...]] and optional: true)"
            )

    def _parameter(self, job: str, node: dict[str, Any], parameter: dict[str, Any], where: str, node_pointer: str) -> None:
        name = str(parameter["Name"])
        expected = self._classic_value(parameter)
        program, arguments = self.arguments[job]
        argument = arguments.get(slug(name))
        self.graph.compared["parameters"] += 1
        check = f"parameter {node.get('Id')}/{name}"
        component = self.components.get(str(self.pipeline["jobs"][job]["component"])) if self.pipeline else {}
        declared = (component or {}).get("inputs") or {}
        named = declared.get(slug(name, "_"))
        if named is not None and named.get("type") == "string" and (argument is None or argument.reference is not None):
            own = decoded(str(parameter.get("Value") or ""))  # the component's default: the module's own value
            default = named.get("default")
            if (None if default is None else str(default)) != (own or None) or (not own and not named.get("optional")):
                self.problem(check, f"input {slug(name, '_')} has the default {default!r}, the module {own!r}")
            effective = self._value(job, slug(name, "_"), named)
            if effective != (expected or None):
                self.problem(check, f"input {slug(name, '_')} gives {effective!r}, the graph {expected!r}")
        code = (component or {}).get("code")
        if argument is None:
            # not passed as its own option: the conversion must say what became of it (transformed into a data
            # input, is_deterministic or another option, approximated, dropped), or the catalogue says the program
            # has no such option (mapped to a component input holding the value, checked above), or the component
            # has no program (the node's SL415); a script is kept under code/scripts/ all the same
            person = program == "studio_modules.unsupported" and self.found(node_pointer, ("SL415",))
            fates = {fate for fate, _ in self.accounted(where)}
            lacking = "mapped" in fates and named is not None and _carried(node, name) is False
            if not person and not fates - {"mapped"} and not lacking:
                self.problem(check, f"not passed to {program} (no --{slug(name)}) and the conversion does not say why")
            kept = sorted(Path(code).glob(f"scripts/{job}-{slug(name)}.*")) if code else []
            if kept and kept[0].read_bytes() != str(parameter.get("Value") or "").encode("utf-8"):
                self.problem(check, f"{kept[0].name} does not hold the script verbatim")
            return
        if argument.reference is not None:
            if argument.reference[0] != "inputs":
                self.problem(check, f"--{slug(name)} is given an output")
                return
            input_name = argument.reference[1]
            spec = declared.get(input_name) or {}
            effective = self._value(job, input_name, spec)
            if expected == "":
                if effective is not None or not argument.optional or not spec.get("optional"):
                    self.problem(check, "an empty classic value must leave the option out ($[[...]], optional, no default)")
            elif effective != expected:
                self.problem(check, f"--{slug(name)} gets {effective!r}, the graph {expected!r}")
            return
        script = Path(code) / argument.value if code else None
        if script is not None and script.is_file():
            if script.read_bytes() != str(parameter.get("Value") or "").encode("utf-8"):
                self.problem(check, f"{script.name} does not hold the script verbatim")
        elif argument.value != expected:
            self.problem(check, f"--{slug(name)} is the fixed word {argument.value!r}, the graph {expected!r}")

    def _classic_value(self, parameter: dict[str, Any]) -> str:
        """The value a parameter has when the experiment runs: its web service parameter's, when it is linked to one
        that has a value or default, else its own (a column picker decoded)."""
        linked = parameter.get("LinkedGlobalParameter")
        if isinstance(linked, str) and linked:
            for entry in self._service_list("Parameters"):
                if entry.get("Name") == linked:
                    value = str(entry.get("Value") or "") or _default(entry)
                    if value:
                        return decoded(value)
        return decoded(str(parameter.get("Value") or ""))

    def _value(self, job: str, input_name: str, spec: dict[str, Any]) -> str | None:
        """What a job's input holds at run time: its binding (a pipeline input's literal), else the default."""
        bound = self.pipeline["jobs"][job]["inputs"].get(input_name) if self.pipeline else None
        if bound is None:
            default = spec.get("default")
            return None if default is None else str(default)
        refs = self._references(bound)
        if refs and refs[0][0] == "inputs" and self.pipeline is not None:
            value = (self.pipeline["inputs"].get(refs[0][2]) or {}).get("value")
            return None if value is None else str(value)
        return str(bound)

    def _import_source(self, job: str, node: dict[str, Any]) -> None:
        """Import Data: the pipeline input its --source reads is the classic module's source."""
        argument = self.arguments[job][1].get("source")
        if argument is None or argument.reference is None:
            return  # a component without a program for Import Data: no source input
        values = {
            str(p.get("Name")): str(p.get("Value") or "") for p in node.get("ModuleParameters") or [] if isinstance(p, dict)
        }
        kind = values.get("Please Specify Data Source", "").lower().replace(" ", "")
        expected = None
        if ("http" in kind or "web" in kind) and values.get("Data source URL"):
            expected = values["Data source URL"]
        elif "blob" in kind and values.get("Account Name") and values.get("Path to container or directory or blob"):
            container, _, inside = values["Path to container or directory or blob"].lstrip("/").partition("/")
            expected = f"wasbs://{container}@{values['Account Name']}.blob.core.windows.net/{inside}"
        bound = self.pipeline["jobs"][job]["inputs"].get(argument.reference[1]) if self.pipeline else None
        refs = self._references(bound)
        source = (self.pipeline or {})["inputs"].get(refs[0][2]) if refs and refs[0][0] == "inputs" else None
        uri = str((source or {}).get("uri") or "")
        self.graph.compared["data sources"] += 1
        if expected is None and not _asset(uri):
            self.problem(f"source {node.get('Id')}", f"Import Data reads {uri!r}; a source v2 cannot name must be a data asset")
        elif expected is not None and uri != expected:
            self.problem(f"source {node.get('Id')}", f"Import Data reads {uri!r}, the graph {expected!r}")

    def _service_list(self, key: str) -> list[dict[str, Any]]:
        return [e for _, e in self._service_entries(key)]

    def _service_entries(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.service.get(key) if isinstance(self.service, dict) else None
        return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)] if isinstance(value, list) else []

    def _service(self) -> None:
        pipeline = self.pipeline or {"inputs": {}, "outputs": {}, "jobs": {}}
        published: set[str] = set()
        for entry in self._service_list("Outputs"):
            port = _split(entry.get("PortId"))
            name = str(entry.get("Name") or "")
            self.graph.compared["web service"] += 1
            job = self.job_of.get(port[0]) if port else None
            argument = self.arguments[job][1].get(slug(port[1])) if job and port else None
            if job is None or argument is None or argument.reference is None or argument.reference[0] != "outputs":
                self.problem(f"web service output {name}", "its module port is no output of a job")
                continue
            bound = pipeline["jobs"][job]["outputs"].get(argument.reference[1])
            refs = self._references(bound)
            target = refs[0][2] if refs and refs[0][0] == "outputs" else None
            if target is None or target not in pipeline["outputs"]:
                self.problem(
                    f"web service output {name}", f"{job}.{argument.reference[1]} is bound to {bound!r}, no pipeline output"
                )
                continue
            if name and not re.fullmatch(re.escape(slug(name, "_") or "output") + r"(_\d+)?", target):
                self.problem(f"web service output {name}", f"became the pipeline output {target}")
            published.add(target)
        written = {
            ref[2] for job in pipeline["jobs"].values() for bound in job["outputs"].values() for ref in self._references(bound)
        }
        for extra in sorted(set(pipeline["outputs"]) - written):
            self.problem(f"pipeline output {extra}", "no job writes it")
        linked = {
            str(p.get("LinkedGlobalParameter"))
            for n in (self.body or {}).get("ModuleNodes") or []
            if isinstance(n, dict)
            for p in n.get("ModuleParameters") or []
            if isinstance(p, dict) and p.get("LinkedGlobalParameter")
        }
        for index, entry in self._service_entries("Parameters"):
            name = str(entry.get("Name") or "")
            self.graph.compared["web service"] += 1
            target = self.service_input(index, name) or slug(name, "_")
            given = pipeline["inputs"].get(target)
            if given is None:
                # A parameter with no value anywhere gets no pipeline input (azure-ai-ml would drop an empty one from
                # the job it sends): accepted when the conversion reports it (SL401, provenance "approximated").
                reported = any(fate == "approximated" for fate, _ in self.accounted(f"/WebService/Parameters/{index}"))
                if not reported and target not in (pipeline.get("declared_inputs") or {}):  # else told as empty
                    self.problem(f"web service parameter {name}", f"no pipeline input {target}")
            elif name not in linked:  # a linked one is checked through its module parameters
                value = str(entry.get("Value") or "") or _default(entry)
                if str(given.get("value")) != value:
                    self.problem(
                        f"web service parameter {name}", f"the pipeline input gives {given.get('value')!r}, the service {value!r}"
                    )
        endpoints = self.by_type.get("azureml/v2/managed-online-endpoint", [])
        deployments = self.by_type.get("azureml/v2/managed-online-deployment", [])
        if not self._service_list("Inputs"):
            if endpoints or deployments:
                self.problem("endpoint", "an endpoint outline for a web service without inputs")
            return
        self.graph.compared["web service"] += 1
        if len(endpoints) != 1 or len(deployments) != 1:
            self.problem(
                "endpoint",
                f"the web service has inputs: one endpoint and one deployment expected, got {len(endpoints)} and {len(deployments)}",
            )
            return
        endpoint, deployment = endpoints[0].effective, deployments[0].effective
        if endpoint is None or deployment is None:
            return  # not loaded: the verdict says why
        if deployment["endpoint_name"] != endpoint["name"]:
            self.problem(
                "endpoint",
                f"the deployment names the endpoint {deployment['endpoint_name']!r}, the endpoint is {endpoint['name']!r}",
            )
        script = Path(deployment["code"] or "") / str(deployment["scoring_script"] or "")
        if not deployment["code"] or not script.is_file():
            self.problem("endpoint", f"the deployment's scoring script {script} does not exist")

    def _no_secrets(self, secrets: list[tuple[str, str]]) -> None:
        """A credential the conversion dropped (SL402) appears in no output."""
        self.graph.compared["credentials"] += len(secrets)
        for o in self.graph.outputs:
            text = o.path.read_text(encoding="utf-8", errors="replace") if o.path.is_file() else ""
            for name, value in secrets:
                if value in text:
                    self.problem(f"credential {name}", f"its value is in {o.path.name}")

    def _runtime(self) -> None:
        """Every program a command runs is a module of the component runtime in the component's code folder."""
        missing: dict[str, list[str]] = {}
        for job, (program, _) in self.arguments.items():
            component = self.components.get(str(self.pipeline["jobs"][job]["component"])) if self.pipeline else None
            if not program or not program.startswith("studio_modules."):
                self.problem(f"job {job}", f"runs {program!r}, no program of the component runtime")
                continue
            self.graph.compared["programs"] += 1
            module = program.split(".", 1)[1]
            if not (Path((component or {}).get("code") or "") / "studio_modules" / f"{module}.py").is_file():
                missing.setdefault(module, []).append(job)
        if missing:
            shown = ", ".join(f"{m} ({', '.join(jobs)})" for m, jobs in sorted(missing.items()))
            self.problem("programs", f"code/studio_modules/ does not hold the programs {shown}")


def _carried(node: dict[str, Any], name: str) -> bool | None:
    """Whether the program of the node's module takes the parameter, as the module catalogue declares it (its record
    by family id, else by the parameter names only its family has); None when the catalogue does not know."""
    from speclift.studio.modules import records

    family = [*str(node.get("ModuleId", "")).split("."), "", ""][1].lower()
    names = {str(p.get("Name")) for p in node.get("ModuleParameters") or [] if isinstance(p, dict)}
    record = next((r for r in records() if r.family_id == family), None) or next(
        (r for r in records() if r.fingerprint and set(r.fingerprint) <= names), None
    )
    spec = record.parameters.get(name) if record is not None else None
    return None if spec is None else spec.carried


def _split(port: Any) -> tuple[str, str] | None:
    if not isinstance(port, str) or ":" not in port:
        return None
    node, _, name = port.partition(":")
    return node, name


def _asset(uri: Any) -> bool:
    """A data asset reference as the REST payload carries it (``name@latest``, ``name:1``; ``azureml:`` dropped),
    not a location (``https://``, ``wasbs://``, ``azureml://datastores/...``)."""
    return isinstance(uri, str) and bool(uri) and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", uri)


def _default(entry: dict[str, Any]) -> str:
    definition = entry.get("ParameterDefinition")
    if isinstance(definition, dict) and definition.get("HasDefaultValue") is True:
        return str(definition.get("DefaultValue") or "")
    return ""


def check(graph: Graph) -> None:
    _Checker(graph).run()


# --------------------------------------------------------------------------------------------------- outcome


def evaluate(graphs: list[Graph], entries: list[dict[str, str]], stage: Path) -> Outcome:
    """Verdicts and effective-value problems against studio-differences.yaml: unlisted ones fail, stale entries warn."""
    failures: list[str] = []
    warnings: list[str] = []
    for graph in graphs:
        for o in graph.outputs:
            if not o.spec_type.startswith("azureml/"):
                continue
            rel = os.path.relpath(o.path, graph.out.parent)
            if o.official is not True:
                graph.problems.append((f"azure-ai-ml {rel}", o.official_error or "no verdict"))
            if o.speclift is not True:
                graph.problems.append((f"speclift {rel}", "; ".join(o.speclift_errors) or "no verdict"))
    listed = {(e["file"], e.get("check", "")): e for e in entries}
    happened: set[tuple[str, str]] = set()
    explained = 0
    for graph in graphs:
        for name, message in graph.problems:
            key = (graph.label, name)
            happened.add(key)
            entry = listed.get(key)
            if entry is None:
                failures.append(f"{GROUP}: {graph.label}: {name}: {caz._md(message, stage, 600)}")
            elif not entry.get("reason"):
                failures.append(f"studio-differences.yaml: {graph.label} / {name} needs a reason")
            else:
                explained += 1
    labels = {g.label for g in graphs if not g.skipped}
    for key in listed:
        if key[0] in labels and key not in happened:
            warnings.append(f"stale entry in studio-differences.yaml, it no longer happens: {key[0]}: {key[1]}")
    converted = [g for g in graphs if not g.skipped and g.outputs]
    outputs = [o for g in converted for o in g.outputs if o.spec_type.startswith("azureml/")]
    compared: Counter[str] = Counter()
    for g in converted:
        compared.update(g.compared)
    skipped = [g for g in graphs if g.skipped]
    problems = sum(len(g.problems) for g in graphs)
    lines = [
        f"{GROUP}: {len(graphs) - len(skipped)} graphs ({sum(1 for g in graphs if not g.own)} corpus), {len(converted)} "
        f"converted into {len(outputs)} Azure ML files: azure-ai-ml accepts {sum(1 for o in outputs if o.official)}, "
        f"speclift {sum(1 for o in outputs if o.speclift)}; {sum(compared.values())} values compared "
        f"({', '.join(f'{k} {v}' for k, v in sorted(compared.items())) or 'none'}); {problems} problems ({explained} listed)"
    ]
    lines += [f"  {GROUP}: {g.label}: not converted ({g.skipped})" for g in skipped]
    return Outcome(lines, failures, warnings, report_section(graphs, listed, compared, stage))


def report_section(
    graphs: list[Graph], listed: dict[tuple[str, str], dict[str, str]], compared: Counter[str], stage: Path
) -> list[str]:
    out = [
        "",
        "## ML Studio (classic) graphs (azure-ai-ml judges the conversion)",
        "",
        "Each graph converted as `speclift convert GRAPH -o out/GRAPH.yml` writes it; azure-ai-ml loads and validates "
        "every pipeline, component and endpoint outline where it was written, and the values it loads are compared with "
        "the graph's (jobs, edges, parameters, data sources, web service).",
        "",
        "| graph | modules | Azure ML files | azure-ai-ml accepts | speclift accepts | values compared | problems |",
        "|---|---|---|---|---|---|---|",
    ]
    for g in graphs:
        if g.skipped:
            out.append(f"| `{g.label}` | not converted: {caz._md(g.skipped, stage, 200)} | | | | | |")
            continue
        body = g.data.get("Graph") if isinstance(g.data, dict) and isinstance(g.data.get("Graph"), dict) else g.data
        nodes = len((body or {}).get("ModuleNodes") or []) if isinstance(body, dict) else 0
        outputs = [o for o in g.outputs if o.spec_type.startswith("azureml/")]
        out.append(
            f"| `{g.label}` | {nodes} | {len(outputs)} | {sum(1 for o in outputs if o.official)} | "
            f"{sum(1 for o in outputs if o.speclift)} | {sum(g.compared.values())} | {len(g.problems)} |"
        )
    out += ["", "Values compared: " + (", ".join(f"{k} {v}" for k, v in sorted(compared.items())) or "none") + "."]
    problems = [(g, c, m) for g in graphs for c, m in g.problems]
    out += ["", f"### Problems ({len(problems)})", ""]
    if problems:
        out += ["| graph | check | what | reason |", "|---|---|---|---|"]
        for g, c, m in problems:
            reason = (listed.get((g.label, c)) or {}).get("reason") or "**not explained**"
            out.append(f"| `{g.label}` | {caz._md(c, stage, 120)} | {caz._md(m, stage, 400)} | {caz._md(reason, stage, 400)} |")
    else:
        out.append("None.")
    return out
