"""Polyaxon 1.x deployment configs -> Polyaxon 2.x deployment configs (``polyaxon admin deploy -f``, ``helm -f``).

2.x merged pods: in Polyaxon CE the ``api`` section becomes ``gateway`` and the 1.x ``gateway`` and ``streams`` pods
are absorbed into it; in the agent ``streams`` becomes ``gateway`` (:mod:`.gateway`). ``hooks`` and ``tablesHook``
fold into ``apiHooks``, RabbitMQ leaves (2.17+: Redis is the only broker), the PostgreSQL and Redis credentials move
under ``auth`` (:mod:`.sections`); keys 2.x removed are left out with why (:mod:`.removed`); values 2.18's strict
types refuse are written as the type it wants, keys it refuses are left out (:mod:`.strict`). A version pinned to a
1.x release is kept and reported: the 2.x chart needs 2.x images, and a person picks them.

Before (1.x, CE)::

    deploymentChart: platform
    gateway:
      service: {type: LoadBalancer}
    api:
      replicas: "2"
      resources: {requests: {memory: 300Mi, cpu: 200m}}
    streams:
      resources: {requests: {memory: 100Mi, cpu: 100m}}
    hooks:
      loadFixtures: true
    postgresql:
      postgresUser: polyaxon
      postgresPassword: secret

After (2.x)::

    deploymentChart: platform
    gateway:
      service: {type: LoadBalancer}
      replicas: 2                    # SL409: 2.18 refuses "2"
      resources:                     # SL401: the sum of the api and streams pods'
        requests: {memory: 400Mi, cpu: 300m}
    apiHooks:
      loadFixtures: true
    postgresql:
      auth: {username: polyaxon, password: secret}

Codes: SL401 a person decides (summed resources, merged settings, the broker), SL402 left out, SL404 cannot convert
(RabbitMQ with Redis turned off, ``api:`` in an agent config), SL409 a type 2.18 refuses, rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext
from speclift.conversion.result import Fate
from speclift.converters import Option
from speclift.converters.polyaxon_deploy import gateway, removed, sections, strict
from speclift.converters.polyaxon_deploy.draft import Draft
from speclift.pointer import dotted, escape, find
from speclift.yamlio import Document

SOURCE = "polyaxon/v1/deployment"
TARGET = "polyaxon/v2/deployment"
TARGETS = (TARGET,)
OPTIONS: dict[str, Option] = {}

_HOOKS = ("hooks", "tablesHook")
_BROKER = "rabbitmq-ha"
# Sections whose images are not Polyaxon's own (their tags follow their own releases).
_OTHER_IMAGES = frozenset({"postgresql", "redis", _BROKER})
_ONE_X = re.compile(r"v?1\.\d+(\.\d+)?([.-].*)?")


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert one 1.x deployment config. It names no other files, so ``context`` and ``options`` go unused."""
    builder = ConversionBuilder(document, path, SOURCE)
    data = document.data
    if not isinstance(data, dict):
        return builder.refuse("a deployment config is a mapping of settings", hint="see polyaxon admin deploy -f")
    chart = data.get("deploymentChart") or "platform"
    if not isinstance(chart, str) or chart not in gateway.CHARTS:
        return builder.refuse(f"deploymentChart {chart!r} is not a 1.x chart", "/deploymentChart", hint="platform or agent")
    if chart == "agent" and data.get("api") is not None:
        message = "polyaxon 1.20 refuses api: in an agent config (the agent has no api pod), so its meaning is unknown"
        return builder.refuse(message, "/api", hint="remove api:, or set deploymentChart: platform if this is CE")
    draft = Draft(builder, data)
    _copy(draft, chart)
    refusal = sections.broker(draft)
    if refusal:
        return builder.refuse(refusal, "/broker" if "broker" in data else "/" + escape(_BROKER))
    for section in sections.CREDENTIALS:
        sections.credentials(draft, section)
    sections.connection_env(draft)
    _removed(draft)
    strict.enforce(draft)
    _pinned_versions(draft)
    builder.output(TARGET, draft.out)
    return builder.build()


def _copy(draft: Draft, chart: str) -> None:
    """Every top-level section in its place; the service sections become ``gateway`` where the first of them was,
    ``hooks`` and ``tablesHook`` fold into ``apiHooks`` once its own keys are in."""
    deferred: list[str] = []
    for key, value in draft.source.items():
        name, here = str(key), "/" + escape(str(key))
        if name in gateway.SECTIONS and value is None and chart == "agent" and name == "api":
            draft.builder.record(here, Fate.MAPPED, None)  # 1.20 reads `api:` with nothing under it as no api
        elif name in gateway.SECTIONS:
            if "gateway" not in draft.out:
                gateway.merge(draft, chart)
        elif name in _HOOKS and value is None:
            draft.builder.record(here, Fate.MAPPED, None)  # an empty section says nothing
        elif name in _HOOKS:
            draft.out.setdefault("apiHooks", {})
            deferred.append(name)
        elif name == "apiHooks" and isinstance(value, dict):
            draft.out.setdefault("apiHooks", {})
            for item, setting in value.items():
                draft.put(f"/apiHooks/{escape(str(item))}", setting, f"/apiHooks/{escape(str(item))}")
            if not value:
                draft.builder.mapped(here, here)
        elif name == "apiHooks":
            draft.out.setdefault("apiHooks", value)
            draft.builder.mapped(here, here)
        elif name == _BROKER or (name == "broker" and value == "rabbitmq"):
            continue  # sections.broker says what becomes of RabbitMQ
        else:
            draft.put(here, value, here)
    for name in deferred:
        sections.hooks(draft, name, draft.source[name])
    if draft.out.get("gateway") == {}:
        del draft.out["gateway"]  # only disabled pods: nothing to say about the 2.x gateway


def _removed(draft: Draft) -> None:
    for record in removed.REMOVED:
        for pointer in _expand(draft.out, record.pattern):
            draft.drop(pointer, f"{dotted(pointer)} is left out: {record.why}; 2.18 refuses it", hint=record.hint or None)


def _expand(data: Any, pattern: str) -> list[str]:
    """The output pointers ``pattern`` names that exist (``*``: each key of a mapping)."""
    found = [""]
    for part in pattern.split("/")[1:]:
        following = []
        for pointer in found:
            node = find(data, pointer) if pointer else data
            if not isinstance(node, dict):
                continue
            keys = [str(k) for k in node] if part == "*" else [part] if part in node else []
            following += [f"{pointer}/{escape(k)}" for k in keys]
        found = following
    return found


def _pinned_versions(draft: Draft) -> None:
    """A 1.x release named as the chart version or a Polyaxon image tag: kept, and reported (SL401)."""
    pins = [("/deploymentVersion", draft.out.get("deploymentVersion"))]
    for name, section in draft.out.items():
        if isinstance(section, dict) and str(name) not in _OTHER_IMAGES:
            pins.append((f"/{escape(str(name))}/imageTag", section.get("imageTag")))
    for pointer, value in pins:
        if isinstance(value, str) and _ONE_X.fullmatch(value.strip()):
            draft.builder.finding(
                "SL401",
                f"{dotted(pointer)} {value} pins a Polyaxon 1.x release: the 2.x chart needs 2.x images",
                draft.origin(pointer),
                hint="set the 2.x release to deploy, or remove the pin to get the chart's own",
            )
