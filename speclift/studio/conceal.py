"""What of an experiment graph is never shown: the last run's state (``NodeStatuses``: output links with their
storage access tokens), the values of credential parameters (an Import Data module's account key) and the
credentials inside any other value (a SAS URL's signature, a connection string's key, a URL's password). Reports that
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
    feeding: set[str] = set()  # web service parameters that set a credential parameter
    for node in nodes if isinstance(nodes, list) else ():
        parameters = node.get("ModuleParameters") if isinstance(node, dict) else None
        if not isinstance(parameters, list):
            continue
        record = _record(node)
        for parameter in parameters:
            if not isinstance(parameter, dict):
                continue
            value = parameter.get("Value")
            secret = credential(record, str(parameter.get("Name", ""))) or (isinstance(value, str) and holds_credential(value))
            if secret and isinstance(parameter.get("LinkedGlobalParameter"), str):
                feeding.add(parameter["LinkedGlobalParameter"])
            if value and credential(record, str(parameter.get("Name", ""))):
                parameter["Value"] = CREDENTIAL_SHOWN
            elif isinstance(value, str):
                parameter["Value"] = redacted(value)
    service = shown.get("WebService")
    for parameter in service.get("Parameters") or [] if isinstance(service, dict) else ():
        if isinstance(parameter, dict):
            _conceal_service_parameter(parameter, feeding)
    return shown


def _conceal_service_parameter(parameter: dict[str, Any], feeding: set[str]) -> None:
    definition = parameter.get("ParameterDefinition")
    holders = [(parameter, "Value")] + ([(definition, "DefaultValue")] if isinstance(definition, dict) else [])
    texts = [str(owner.get(key) or "") for owner, key in holders]
    name = str(parameter.get("Name", ""))
    secret = service_credential(name, texts, feeds_credential=name in feeding)
    for (owner, key), text in zip(holders, texts, strict=True):
        if text:
            owner[key] = CREDENTIAL_SHOWN if secret else redacted(text)


def service_credential(name: str, values: list[str], *, feeds_credential: bool) -> bool:
    """Whether a web service parameter holds a credential: it sets a module's credential parameter, its name says
    so, or one of its values (its value, its default) holds one. Such a parameter is never copied or shown."""
    return feeds_credential or looks_secret(name) or any(holds_credential(value) for value in values)


# Credentials inside a value, whatever its parameter is called: a SAS URL's signature, a connection string's key or
# password, the password of a URL's user, a bearer token (the part kept, then the part hidden).
_IN_VALUES = (
    re.compile(r"([?&](?:sig|signature)=)[^&#\s]+", re.IGNORECASE),
    re.compile(r"((?<![a-z0-9])(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)\s*=\s*)[^;]+", re.IGNORECASE),
    re.compile(r"(://[^/@\s:]+:)[^/@\s]+(?=@)"),
    re.compile(r"((?<![a-z0-9])Bearer\s+)\S+", re.IGNORECASE),
)
VALUE_SHOWN = "(not shown)"


def redacted(value: str) -> str:
    """``value`` with the credentials inside it replaced by a placeholder (the rest as it was)."""
    for pattern in _IN_VALUES:
        value = pattern.sub(lambda match: match.group(1) + VALUE_SHOWN, value)
    return value


def holds_credential(value: str) -> bool:
    return redacted(value) != value


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
_SECRET_WORDS = frozenset(
    {"key", "password", "passwd", "pass", "pwd", "secret", "token", "credential", "credentials", "sas", "auth"}
)


def looks_secret(name: str) -> bool:
    """``Account Key``, ``storage_key``, ``sasToken``, ``connection string``: yes; ``keywords`` and ``Stratification
    key column`` (a key that names a column): no."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower()
    words = set(re.split(r"[^a-z0-9]+", spaced))
    if "column" in words or "columns" in words:
        words.discard("key")
    return bool(words & _SECRET_WORDS) or "connection string" in spaced or "connectionstring" in spaced
