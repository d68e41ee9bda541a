"""Polyaxon deployment configs: the file a team gives to ``polyaxon admin deploy -f`` (and, unchanged, to ``helm -f``).

They name neither a version nor a kind, so their keys tell them apart from other specs and 1.x from 2.x. A 1.x config
is what 1.x teams deploy, and polyaxon 1.20 still reads it: the type is validated (as 1.20 reads it) and, being an
old format for the 2.x platform, migrates to the 2.x config (``convert --check`` lists it until a converter lifts it).

A config with no 1.x-only and no 2.x-only key (``gateway``, ``postgresql``, ``artifactsStore`` ... alone) reads the
same to both: it is taken as the current 2.x config, which it already is, rather than as a file to migrate.
"""

from __future__ import annotations

from speclift.spectypes.record import Rule, SpecType, merge, weights

V1 = "polyaxon/v1/deployment"
V2 = "polyaxon/v2/deployment"

# Keys only a deployment config has at its top level (both versions); one of them must be there. Words other
# configs use as well (`api`, `streams`, `gateway`, `postgresql`, `redis`) only weigh once one of these is there: an
# application's `config.yml` with an `api:` section is no Polyaxon deployment.
_DEPLOYMENT_KEYS = (
    *("deploymentChart", "deploymentType", "deploymentVersion", "artifactsStore", "externalServices"),
    *("polyaxonSecret", "encryptionSecret", "platformSecret", "agentSecret"),
    *("globalReplicas", "globalConcurrency", "celeryNodeSelector", "defaultScheduling", "rabbitmq-ha"),
)
_COMMON = weights(
    {
        4: ("deploymentChart", "deploymentVersion", "polyaxonSecret", "externalServices", "globalReplicas"),
        3: ("artifactsStore", "encryptionSecret", "platformSecret", "agentSecret", "defaultScheduling", "celeryNodeSelector"),
        2: ("gateway", "postgresql", "redis", "operators", "globalConcurrency", "deploymentType", "connections"),
        1: ("agent", "operator", "scheduler", "worker", "beat", "compiler", "ui", "ingress", "rbac", "cleaner", "sidecar"),
    }
)
# What 2.18 refuses and 1.20 reads (a 1.x config), and what only 2.x has; each counts against the other version.
# (Keys two levels down, `worker.celery.confirmPublish` or `externalServices.auth.saml`, are not features: a config
# holding only those is judged as 2.x, and validating it as 2.x names them.)
_ONLY_V1 = (
    *("api", "streams", "hooks", "tablesHook", "rabbitmq-ha", "broker=rabbitmq", "agent.isReplica"),
    *("agent.compressedLogs", "intervals.runsScheduler", "externalServices.rabbitmq"),
    *("intervals.operationsDefaultRetryDelay", "intervals.operationsMaxRetryDelay"),
    *("operators.mxjob", "operators.sparkjob", "operators.xgbjob"),
    # credentials 2.18 still accepts but the v2 chart no longer reads (it reads them under `auth`)
    *("postgresql.postgresUser", "postgresql.postgresPassword", "postgresql.postgresDatabase", "redis.password"),
    *("postgresql.postgresqlUsername", "postgresql.postgresqlPassword", "postgresql.postgresqlDatabase"),
)
_ONLY_V2 = (
    *("passwordAuth", "mountConnections", "cleaningIntervals", "priorityClassName", "labels", "annotations"),
    *("gateway.hpa", "gateway.perCore", "gateway.scheme", "agent.watchCluster", "agent.additionalNamespaces"),
)


def _rule(own: tuple[str, ...], other: tuple[str, ...], what: str) -> Rule:
    """The shared deployment keys, plus this version's own keys for it and the other version's against it."""
    signs = merge(_COMMON, dict.fromkeys(own, 6), dict.fromkeys(other, -6))
    return Rule(signs, any_of=_DEPLOYMENT_KEYS, words=("deploy", "values"), what=what)


RECORDS = (
    SpecType(
        V1,
        "Polyaxon 1.x deployment config",
        legacy=True,
        validated=True,
        migrates_to=V2,
        rules=(_rule(_ONLY_V1, _ONLY_V2, "Polyaxon 1.x deployment config (a section 2.x no longer has)"),),
    ),
    SpecType(
        V2,
        "Polyaxon 2.x deployment config",
        rules=(
            _rule(_ONLY_V2, _ONLY_V1, "Polyaxon 2.x deployment config (read as 2.x unless a 1.x-only section says otherwise)"),
        ),
    ),
)
