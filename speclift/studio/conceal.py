"""What of an experiment graph is never shown: the last run's state (``NodeStatuses``: output links with their
storage access tokens) and the values of credential parameters (an Import Data module's account key). Reports that
would quote the source (a diff of two graphs, a dry run's preview) see the graph through :func:`concealed`."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speclift.studio.modules import ModuleRecord

RUN_STATE_SHOWN = "(the last run's state: not shown)"
CREDENTIAL_SHOWN = "(a credential: not shown)"


def concealed(data: Any) -> Any:
    """A copy of ``data`` with the run state and every credential parameter's value replaced by a placeholder."""
    if not isinstance(data, dict):
        return data
    shown = copy.deepcopy(data)
    if "NodeStatuses" in shown:
        shown["NodeStatuses"] = RUN_STATE_SHOWN
    graph = shown.get("Graph") if "ModuleNodes" not in shown else shown
    nodes = graph.get("ModuleNodes") if isinstance(graph, dict) else None
    for node in nodes if isinstance(nodes, list) else ():
        parameters = node.get("ModuleParameters") if isinstance(node, dict) else None
        if not isinstance(parameters, list):
            continue
        record = _record(node)
        for parameter in parameters:
            if not isinstance(parameter, dict) or not parameter.get("Value"):
                continue
            if credential(record, str(parameter.get("Name", ""))):
                parameter["Value"] = CREDENTIAL_SHOWN
    return shown


def credential(record: ModuleRecord | None, name: str) -> bool:
    """Whether the parameter ``name`` of a module holds a credential: the catalogue's kind ``secret`` for a parameter
    its record names; any other parameter (of a module the catalogue does not know, or one its record lacks, such as
    Import Data's password for a database source) by its name. The converter and the concealment both ask here."""
    spec = record.parameters.get(name) if record is not None else None
    return spec.kind == "secret" if spec is not None else looks_secret(name)


def _record(node: dict[str, Any]) -> ModuleRecord | None:
    """The catalogue's record of a module node (by its family id or its parameter names), None when it has none."""
    from speclift.studio.graph import Node, Parameter  # read only when a graph is shown
    from speclift.studio.modules import identify

    names = [str(p.get("Name", "")) for p in node.get("ModuleParameters") or [] if isinstance(p, dict)]
    probe = Node(str(node.get("Id", "")), str(node.get("ModuleId", "")), "", parameters=[Parameter(n, "", "") for n in names])
    return identify(probe).record


# Words of parameter names that hold credentials in modules speclift does not know (custom modules): never copied.
_SECRET_WORDS = frozenset({"key", "password", "passwd", "pwd", "secret", "token", "credential", "credentials", "sas"})


def looks_secret(name: str) -> bool:
    """``Account Key``, ``storage_key``, ``sasToken``, ``connection string``: yes; ``keywords`` and ``Stratification
    key column`` (a key that names a column): no."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower()
    words = set(re.split(r"[^a-z0-9]+", spaced))
    if "column" in words or "columns" in words:
        words.discard("key")
    return bool(words & _SECRET_WORDS) or "connection string" in spaced or "connectionstring" in spaced
