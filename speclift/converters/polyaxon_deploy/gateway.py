"""The 2.x ``gateway``: one pod where 1.x ran two or three (the charts' own mapping, checked on v1.20 and v2.15).

- Polyaxon CE (``deploymentChart: platform``): 2.x's gateway runs the api image, so the 1.x ``api`` section becomes
  ``gateway``; the 1.x ``gateway`` (an nginx pod in front) and ``streams`` pods are absorbed (2.x routes to the api
  and streams inside the one pod).
- The agent (``deploymentChart: agent``): 2.x's gateway runs the streams image, so ``streams`` becomes ``gateway``;
  the 1.x ``gateway`` is absorbed.

The section that becomes the gateway (the *primary*) is kept whole. An absorbed section gives what the merged pod
still needs from it: its resources are added to the primary's (a merged pod needs what its parts needed together), its
scheduling constraints are joined, its settings fill what the primary leaves unset, its image settings go (the pod
runs the primary's image). The 1.x gateway's service was the one users reached, so its settings win over the
primary's. A disabled absorbed pod gave nothing, so nothing of it carries over. Every choice is reported.
"""

from __future__ import annotations

from typing import Any

from speclift.conversion.result import Fate
from speclift.converters.polyaxon_deploy import quantities
from speclift.converters.polyaxon_deploy.draft import Draft
from speclift.converters.polyaxon_deploy.values import shown as _shown
from speclift.pointer import escape

# Per chart: the section that becomes the gateway, the sections it absorbs, the image the 2.x gateway runs.
CHARTS = {
    "platform": ("api", ("gateway", "streams"), "polyaxon/polyaxon-api"),
    "agent": ("streams", ("gateway",), "polyaxon/polyaxon-streams"),
}
SECTIONS = frozenset({"api", "gateway", "streams"})
_IMAGE = ("image", "imageTag")
# The settings of a 1.20 service section, and those 2.18's gateway adds.
SERVICE_KEYS = frozenset(
    {"enabled", "image", "imageTag", "imagePullPolicy", "replicas", "concurrency", "resources", "nodeSelector"}
    | {"affinity", "tolerations", "imagePullSecrets", "service", "hpa", "perCore", "scheme"}
)
# The 1.x chart's default nodePort of each service: a NodePort service that names none was reached there.
NODE_PORTS = {"gateway": 31833, "api": 31811, "streams": 31822}
_LISTS = ("tolerations", "imagePullSecrets")  # joined: the pod tolerates, and pulls with, what each part did
# The 1.x charts' service port names -> the ones the v2 templates read (2.18 accepts the old ones and ignores them).
_PORTS = {"externalPort": "port", "internalPort": "targetPort"}


def merge(draft: Draft, chart: str) -> None:
    """Write ``/gateway`` from the 1.x service sections of ``chart`` (every part of them accounted for)."""
    primary, absorbed, image = CHARTS[chart]
    source = draft.source
    draft.out["gateway"] = {}
    parts: list[str] = []
    body = source.get(primary)
    if isinstance(body, dict):
        parts.append(primary)
        for key, value in body.items():
            if key not in ("service", "resources"):  # merged below, with every part's
                draft.put(f"/gateway/{escape(str(key))}", value, f"/{primary}/{escape(str(key))}")
    elif primary in source:
        draft.put("/gateway", {}, f"/{primary}")  # `api:` with nothing under it
    for name in absorbed:
        section = source.get(name)
        if name not in source:
            continue
        if not isinstance(section, dict) or not section:
            draft.builder.mapped(f"/{name}", "/gateway")
            continue
        if section.get("enabled") is False:
            message = (
                f"the 1.x {name} pod was disabled (enabled: false), so none of its settings carry over: in 2.x its work "
                f"is done by the gateway pod ({image})"
            )
            draft.builder.dropped(f"/{name}", message)
            continue
        parts.append(name)
        _absorb(draft, name, section, primary, image)
    _service(draft, [name for name in dict.fromkeys(("gateway", primary, "streams")) if name in parts], chart)
    _resources(draft, parts)
    if parts:
        pods = list(dict.fromkeys((primary, *absorbed)))
        served = " and ".join((", ".join(pods[:-1]), pods[-1]))
        draft.builder.approximated(
            f"/{parts[0]}",
            "/gateway",
            f"in 2.x one gateway pod ({image}) does what the 1.x {served} pods did: its replicas, concurrency (workers; "
            f"with perCore: true, per CPU core) and resources are a person's call",
            hint="size gateway.replicas, gateway.concurrency / perCore and gateway.resources for the merged pod",
        )


def _absorb(draft: Draft, name: str, section: dict[str, Any], primary: str, image: str) -> None:
    gateway = draft.out["gateway"]
    for key, value in section.items():
        here, target = f"/{name}/{escape(str(key))}", f"/gateway/{escape(str(key))}"
        if key in ("service", "resources"):
            continue  # merged below, with every part's
        if key == "enabled":
            if gateway.get("enabled", True) == value:
                draft.builder.mapped(here, target)
            else:
                draft.builder.dropped(here, f"{name}.enabled: the 2.x gateway pod is enabled as the section it comes from")
        elif key in _IMAGE:
            if gateway.get(key) == value:
                draft.builder.mapped(here, target)
            else:
                message = f"{name}.{key} is left out: the 2.x gateway pod runs the {image} image"
                draft.builder.dropped(here, message, hint=f"set gateway.{key} if you mirror that image")
        elif str(key) not in SERVICE_KEYS:
            message = f"{name}.{key} is left out: no pod setting of 1.x (1.20 did not read it) nor of 2.x (2.18 refuses it)"
            draft.builder.dropped(here, message)
        elif key in _LISTS and isinstance(value, list) and isinstance(gateway.get(key) or [], list):
            joined = list(gateway.get(key) or [])
            joined += [item for item in value if item not in joined]
            if key in gateway:
                gateway[key] = joined
                draft.builder.record(here, Fate.TRANSFORMED, target, note=f"joined with the other pods' {key}")
            else:
                draft.put(target, joined, here)
        elif key == "nodeSelector" and isinstance(value, dict):
            _node_selector(draft, name, value)
        elif key not in gateway:
            fate = Fate.MAPPED if key == "imagePullPolicy" else Fate.APPROXIMATED
            draft.put(target, value, here, fate, note=f"the merged pod takes the 1.x {name}'s {key}")
            if fate is Fate.APPROXIMATED:
                draft.builder.finding("SL401", f"gateway.{key} is the 1.x {name}'s ({_shown(value)})", here)
        elif gateway[key] == value:
            draft.builder.mapped(here, target)
        else:
            kept = _shown(gateway[key])
            message = f"{name}.{key} ({_shown(value)}) is left out: the gateway keeps {kept}"
            if isinstance(value, (dict, list)):
                message = f"{name}.{key} is left out: the gateway keeps the {primary}'s"
            draft.builder.approximated(here, None, message, hint=f"pick the merged pod's {key}")


def _node_selector(draft: Draft, name: str, value: dict[str, Any]) -> None:
    """The pod must land where each of its parts could: the selectors joined; a label two parts want differently
    cannot be joined (the gateway's value stays, reported)."""
    gateway = draft.out["gateway"]
    if "nodeSelector" not in gateway or not isinstance(gateway["nodeSelector"], dict):
        draft.put("/gateway/nodeSelector", dict(value), f"/{name}/nodeSelector")
        return
    selector = gateway["nodeSelector"]
    for label, wanted in value.items():
        here = f"/{name}/nodeSelector/{escape(str(label))}"
        target = f"/gateway/nodeSelector/{escape(str(label))}"
        if label not in selector:
            selector[label] = wanted
            draft.builder.record(here, Fate.TRANSFORMED, target, note="joined with the other pods' nodeSelector")
        elif selector[label] == wanted:
            draft.builder.mapped(here, target)
        else:
            message = f"{name}.nodeSelector.{label} ({_shown(wanted)}) is left out: the gateway keeps {_shown(selector[label])}"
            draft.builder.approximated(here, None, message, hint="pick the node label of the merged pod")


def _service(draft: Draft, names: list[str], chart: str) -> None:
    """``gateway.service``: the 1.x gateway's (the service users reached) first, then the primary's where it says
    nothing; in CE the streams service is internal (2.x routes to streams inside the gateway pod)."""
    primary = CHARTS[chart][0]
    service: dict[str, Any] = {}
    for name in names:
        if "service" not in draft.source[name]:
            continue
        body = draft.source[name]["service"]
        if name == "streams" and name != primary:
            message = "streams.service is left out: 2.x serves streams through the gateway's service"
            draft.builder.dropped(f"/{name}/service", message)
            continue
        if not isinstance(body, dict):
            draft.builder.mapped(f"/{name}/service", "/gateway/service")
            continue
        for written, value in body.items():
            key = _PORTS.get(str(written), str(written))
            here, target = f"/{name}/service/{escape(str(written))}", f"/gateway/service/{escape(str(key))}"
            if key != written and key not in service:
                service[key] = value
                draft.origins[target] = here
                draft.builder.record(here, Fate.TRANSFORMED, target, note=f"the v2 chart reads service.{key}")
            elif key not in service:
                service[key] = value
                draft.origins[target] = here
                draft.builder.mapped(here, target)
            elif service[key] == value:
                draft.builder.mapped(here, target)
            else:
                message = (
                    f"{name}.service.{key} ({_shown(value)}) is left out: the gateway's service keeps {_shown(service[key])}"
                )
                draft.builder.approximated(here, None, message, hint="the 1.x gateway's service was the one users reached")
    if service:
        draft.out["gateway"]["service"] = service
        _node_port(draft, service, chart)


def _node_port(draft: Draft, service: dict[str, Any], chart: str) -> None:
    """A NodePort service without a ``nodePort`` was reached on its 1.x chart's default port; the 2.x gateway's
    default is the old api's (CE) or streams' (agent) port, so a 1.x gateway's users would lose their address."""
    if service.get("type") != "NodePort" or "nodePort" in service:
        return
    owner = draft.origin("/gateway/service/type").split("/")[1]
    port = NODE_PORTS.get(owner)
    if port is None or port == NODE_PORTS[CHARTS[chart][0]]:
        return
    service["nodePort"] = port
    draft.origins["/gateway/service/nodePort"] = f"/{owner}/service/type"
    draft.builder.approximated(
        f"/{owner}/service/type",
        "/gateway/service/nodePort",
        f"gateway.service.nodePort: {port}, the 1.x {owner}'s default, where its users reached it (the 2.x gateway's "
        f"default is {NODE_PORTS[CHARTS[chart][0]]})",
        hint="drop it to take the 2.x default, and move the clients",
    )


def _resources(draft: Draft, parts: list[str]) -> None:
    """``gateway.resources``: what the parts needed together. Requests add up (a part that names only a limit is
    requested at its limit, as Kubernetes does); a limit adds up only when every part had one (a part without one
    was unbounded, so the merged pod is too)."""
    given = [(name, draft.source[name]["resources"]) for name in parts if "resources" in draft.source[name]]
    if not given:
        return
    if len(given) == 1:
        name, value = given[0]
        draft.put("/gateway/resources", value, f"/{name}/resources")
        return
    requests: dict[str, list[quantities.Quantity]] = {}
    limits: dict[str, list[quantities.Quantity]] = {}
    unread: list[str] = []
    for name, value in given:
        mine = {group: _amounts(name, value, group, unread) for group in ("requests", "limits")}
        for resource, amount in {**mine["limits"], **mine["requests"]}.items():
            requests.setdefault(resource, []).append(amount)
        for resource, amount in mine["limits"].items():
            limits.setdefault(resource, []).append(amount)
    unbounded = sorted(resource for resource, amounts in limits.items() if len(amounts) < len(given))
    result: dict[str, dict[str, str]] = {}
    if requests:
        result["requests"] = {resource: quantities.total(amounts) for resource, amounts in requests.items()}
    if len(limits) > len(unbounded):
        result["limits"] = {r: quantities.total(amounts) for r, amounts in limits.items() if r not in unbounded}
    draft.out["gateway"]["resources"] = result
    names = " + ".join(name for name, _ in given)
    summed = "; ".join(f"{group} " + ", ".join(f"{r} {v}" for r, v in amounts.items()) for group, amounts in result.items())
    message = f"gateway.resources is the sum of the 1.x {names} pods' ({summed or 'none'}): a person confirms it"
    if unbounded:
        message += f"; no limit on {', '.join(unbounded)}: a pod it merges had none"
    if unread:
        message += f"; not quantities, left out: {', '.join(unread)}"
    for index, (name, _) in enumerate(given):
        if index == 0:
            draft.builder.approximated(
                f"/{name}/resources", "/gateway/resources", message, hint="the merged pod runs all of their work"
            )
        else:
            draft.builder.record(f"/{name}/resources", Fate.APPROXIMATED, "/gateway/resources", note=message)
    draft.origins["/gateway/resources"] = f"/{given[0][0]}/resources"


def _amounts(name: str, value: Any, group: str, unread: list[str]) -> dict[str, quantities.Quantity]:
    """One part's ``requests`` or ``limits`` read as quantities; what is not one goes to ``unread``."""
    table = value.get(group) if isinstance(value, dict) else None
    read: dict[str, quantities.Quantity] = {}
    for resource, amount in table.items() if isinstance(table, dict) else ():
        quantity = quantities.parse(amount)
        if quantity is None:
            unread.append(f"{name}.resources.{group}.{resource} ({_shown(amount)})")
        else:
            read[str(resource)] = quantity
    return read
