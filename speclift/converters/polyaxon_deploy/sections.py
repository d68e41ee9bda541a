"""The 1.x sections 2.x renamed or folded into others: hooks, the broker, the database and cache credentials.

- ``hooks`` (the api's hook jobs: fixtures and such) is 2.x's ``apiHooks``; the separate ``tablesHook`` job became the
  ``apiHooks.tables`` switch, run with the api hooks' image settings.
- RabbitMQ is gone (2.17+: Redis is the only broker). A config that did not use it loses nothing; one that did needs a
  person: the output moves the broker to Redis, or is refused when the config turns Redis off.
- The v2 chart's PostgreSQL and Redis subcharts take their credentials under ``auth``; polyaxon 2.18 still accepts the
  old keys, but the chart no longer reads them (the database would get generated credentials).
"""

from __future__ import annotations

from typing import Any

from speclift.conversion.result import Fate
from speclift.converters.polyaxon_deploy.draft import Draft
from speclift.converters.polyaxon_deploy.values import shown, truth
from speclift.pointer import escape

# 1.x key -> the key under `auth` the v2 chart reads.
CREDENTIALS = {
    # polyaxon's own names, then the 1.x subchart's (stable/postgresql), which 1.x configs passed through
    "postgresql": {
        **{"postgresUser": "username", "postgresPassword": "password", "postgresDatabase": "database"},
        **{"postgresqlUsername": "username", "postgresqlPassword": "password", "postgresqlDatabase": "database"},
        "postgresqlPostgresPassword": "postgresPassword",
    },
    "redis": {"password": "password"},
}


def hooks(draft: Draft, name: str, value: Any) -> None:
    """``hooks`` -> ``apiHooks`` (its own keys where both say something); ``tablesHook`` -> ``apiHooks.tables``."""
    hooks_out = draft.out.setdefault("apiHooks", {})
    if not isinstance(hooks_out, dict):
        draft.builder.dropped(f"/{name}", f"{name} is left out: apiHooks is not a mapping")
        return
    if not isinstance(value, dict):
        draft.builder.mapped(f"/{name}", "/apiHooks")
        return
    if name == "tablesHook":
        _tables_hook(draft, value)
        return
    draft.builder.approximated(
        "/hooks",
        "/apiHooks",
        "2.x runs each api hook job only when its switch is on (apiHooks.loadFixtures, tables, syncdb, adminUser, "
        "defaultOrg; all off by default), where 1.x always ran sync-db and admin-user",
        hint="the 2.x api migrates its database when it starts; turn on the jobs your installation still needs",
    )
    for key, item in value.items():
        here, target = f"/hooks/{escape(str(key))}", f"/apiHooks/{escape(str(key))}"
        if key in ("image", "imageTag") and key not in hooks_out:
            message = f"hooks.{key} is left out: 2.x runs the api hooks with the gateway's (api) image"
            draft.builder.dropped(here, message, hint="set apiHooks.image only for a mirror of polyaxon/polyaxon-api")
        elif key not in hooks_out:
            draft.put(target, item, here, Fate.MAPPED)
        elif hooks_out[key] == item:
            draft.builder.mapped(here, target)
        else:
            message = f"hooks.{key} ({shown(item)}) is left out: apiHooks.{key} says {shown(hooks_out[key])}"
            draft.builder.approximated(here, None, message, hint="2.x has one api hooks section")


def _tables_hook(draft: Draft, value: dict[str, Any]) -> None:
    """1.x ran the tables job only with ``tablesHook.enabled: true`` (the chart's default had no ``enabled``); 2.x
    runs it with ``apiHooks.tables``. Its image (polyaxon-tables) is gone: 2.x runs the hooks with the api image."""
    for key, item in value.items():
        here = f"/tablesHook/{escape(str(key))}"
        if key == "enabled":
            tables = truth(item) is True
            draft.put("/apiHooks/tables", tables, here, Fate.TRANSFORMED, note="2.x's switch for the tables job")
            continue
        message = f"tablesHook.{key} is left out: 2.x runs the tables job (apiHooks.tables) with the api hooks' image"
        draft.builder.dropped(here, message)
    if not value:
        draft.builder.mapped("/tablesHook", "/apiHooks")


def credentials(draft: Draft, section: str) -> None:
    """The credentials of ``postgresql`` / ``redis`` moved under ``auth``, where the v2 chart reads them."""
    body = draft.out.get(section)
    if not isinstance(body, dict):
        return
    renamed = CREDENTIALS[section]
    if not any(key in body for key in renamed):
        return
    auth = body.setdefault("auth", {})
    if not isinstance(auth, dict):
        return
    for old, new in renamed.items():
        if old not in body:
            continue
        value, here, target = body.pop(old), f"/{section}/{old}", f"/{section}/auth/{new}"
        if new in auth and auth[new] != value:
            message = f"{section}.{old} is left out: {section}.auth.{new} says otherwise, and the v2 chart reads that"
            draft.builder.approximated(here, None, message)
            continue
        auth[new] = value
        draft.origins[target] = here
        draft.builder.record(here, Fate.TRANSFORMED, target, note=f"the v2 chart reads {section}.auth.{new}")
    if section == "postgresql" and "password" in auth and "postgresPassword" not in auth:
        # The v2 chart gives the platform the subchart secret's `postgres-password` key, which holds
        # auth.postgresPassword (Polyaxon's own migrated fixtures set both to the same value).
        auth.setdefault("enablePostgresUser", True)
        auth["postgresPassword"] = auth["password"]
        origin = draft.origin("/postgresql/auth/password")
        draft.builder.approximated(
            origin,
            "/postgresql/auth/postgresPassword",
            "postgresql.auth.postgresPassword is set to the password too (with enablePostgresUser: true): the v2 chart "
            "hands the platform the secret's postgres-password key",
            hint="or point auth.existingSecret at a secret you manage",
        )
    if section == "redis" and body.get("usePassword") is True and "enabled" not in auth:
        auth["enabled"] = True
        draft.builder.record(
            "/redis/usePassword", Fate.TRANSFORMED, "/redis/auth/enabled", note="bitnami redis reads auth.enabled"
        )


def broker(draft: Draft) -> str | None:
    """Drop RabbitMQ (``rabbitmq-ha``, ``broker: rabbitmq``, ``externalServices.rabbitmq``) and make Redis the broker
    where RabbitMQ was one; return a refusal when the config used RabbitMQ and turned Redis off (2.x would have no
    broker). 1.x took RabbitMQ as the broker unless ``broker: redis``, and then needed ``redis.nonBroker: true`` to
    use Redis beside it; 2.x refuses a Redis that is neither the broker nor marked ``nonBroker``."""
    source = draft.source
    ha = source.get("rabbitmq-ha")
    external = source.get("externalServices")
    redis = source.get("redis")
    used = []
    if source.get("broker") == "rabbitmq":
        used.append("broker: rabbitmq")
    if isinstance(ha, dict) and ha.get("enabled") is True:
        used.append("rabbitmq-ha.enabled: true")
    if isinstance(external, dict) and isinstance(external.get("rabbitmq"), dict) and external["rabbitmq"]:
        used.append("externalServices.rabbitmq")
    if isinstance(redis, dict) and redis.get("nonBroker") is True and source.get("broker") != "redis":
        used.append("redis.nonBroker: true")
    redis_off = isinstance(redis, dict) and truth(redis.get("enabled")) is False
    external_redis = isinstance(external, dict) and bool(external.get("redis"))
    if used and redis_off and not external_redis:
        return (
            f"this config uses RabbitMQ ({', '.join(used)}) and turns Redis off: polyaxon 2.17+ has no broker but "
            "Redis, so a person must choose the Redis to use (redis.enabled or externalServices.redis)"
        )
    why = "polyaxon 2.17+ has no RabbitMQ: Redis is the only broker"
    if used:
        why += f"; this config used RabbitMQ ({', '.join(used)}), the output makes Redis the broker"
    # The copy left out `rabbitmq-ha` and `broker: rabbitmq`; externalServices and redis were copied whole.
    if "rabbitmq-ha" in source:
        draft.builder.dropped("/rabbitmq-ha", f"rabbitmq-ha is left out: {why}")
    services = draft.out.get("externalServices")
    if isinstance(services, dict) and "rabbitmq" in services:
        draft.drop("/externalServices/rabbitmq", f"externalServices.rabbitmq is left out: {why}")
    if not used:
        return None
    redis_out = draft.out.get("redis")
    if isinstance(redis_out, dict) and redis_out.get("nonBroker") is True:
        draft.drop("/redis/nonBroker", f"redis.nonBroker: true is left out: {why}")
    if not external_redis and not (isinstance(redis, dict) and truth(redis.get("enabled")) is True):
        # 2.18 takes Redis as the broker only when the config turns it on (or names an external one)
        turned_on = draft.out["redis"] if isinstance(draft.out.get("redis"), dict) else {}
        draft.out["redis"] = turned_on
        turned_on["enabled"] = True
        draft.origins["/redis/enabled"] = "/redis" if "redis" in source else "/broker"
        why += " (redis.enabled: true, Redis in the cluster)"
    at = "/broker" if "broker" in source else "/rabbitmq-ha" if "rabbitmq-ha" in source else "/redis"
    draft.out["broker"] = "redis"
    draft.origins["/broker"] = at
    draft.builder.approximated(
        at,
        "/broker",
        f"broker: redis: {why}; a person checks that Redis (redis or externalServices.redis) is sized to be the broker",
        hint="tasks queued in RabbitMQ at the switch are not moved",
    )
    return None


def connection_env(draft: Draft) -> None:
    """A connection's ``env`` written as Kubernetes writes it (``[{name: A, value: b}]``, which 1.20 kept as it was)
    becomes the mapping 2.18 takes (``{A: b}``); a list using ``valueFrom`` stays, for the output's check to refuse."""
    connections = draft.out.get("connections")
    for index, connection in enumerate(connections if isinstance(connections, list) else []):
        env = connection.get("env") if isinstance(connection, dict) else None
        if not isinstance(env, list) or not env:
            continue
        if not all(isinstance(item, dict) and set(item) == {"name", "value"} for item in env):
            continue
        names = [item["name"] for item in env]
        if not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
            continue
        connection["env"] = {item["name"]: item["value"] for item in env}
        target = f"/connections/{index}/env"
        draft.builder.record(draft.origin(target), Fate.TRANSFORMED, target, note="2.18 takes env as a mapping")
