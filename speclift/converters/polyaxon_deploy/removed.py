"""The keys of a 1.x deployment config that 2.x no longer has, one record each: where, since when and why.

polyaxon 2.18 refuses each of them (``Extra inputs are not permitted``) and the 2.x chart never reads them, so the
conversion leaves them out and says so (SL402), with what 2.x offers instead where it offers something.
Sections the conversion moves rather than drops (``api``, ``streams``, ``hooks``, ``tablesHook``, the RabbitMQ
settings, the PostgreSQL and Redis credentials) are handled where they move to.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Removed:
    pattern: str  # a JSON pointer of the output; `*` matches one key
    why: str
    hint: str = ""


REMOVED = (
    Removed("/agent/isReplica", "polyaxon 2.16 removed agent.isReplica", "an agent is no longer marked as a replica"),
    Removed("/agent/compressedLogs", "polyaxon 2.0 removed agent.compressedLogs (a breaking change of 2.0)"),
    Removed("/intervals/runsScheduler", "polyaxon 2.x removed intervals.runsScheduler", "2.x keeps only compatibilityCheck"),
    Removed(
        "/intervals/operationsDefaultRetryDelay",
        "polyaxon 2.x removed intervals.operationsDefaultRetryDelay",
        "set retries per operation (termination.maxRetries)",
    ),
    Removed(
        "/intervals/operationsMaxRetryDelay",
        "polyaxon 2.x removed intervals.operationsMaxRetryDelay",
        "set retries per operation (termination.maxRetries)",
    ),
    Removed("/operators/mxjob", "polyaxon 2.x has no MXNet operator (the mxjob run kind was removed in 2.12)"),
    Removed("/operators/sparkjob", "polyaxon 2.x has no Spark operator (the spark run kind was removed in 2.0)"),
    Removed("/operators/xgbjob", "polyaxon 2.x has no XGBoost operator (the xgbjob run kind was removed in 2.12)"),
    Removed(
        "/*/celery/confirmPublish",
        "polyaxon 2.17 removed celery.confirmPublish with RabbitMQ (Redis is the only broker)",
    ),
    Removed(
        "/externalServices/auth/saml",
        "polyaxon 2.x has no SAML sign-in",
        "2.x signs in with azuread, okta, onelogin, github, gitlab, bitbucket or google",
    ),
)


def matches(pattern: str, pointer: str) -> bool:
    """Whether ``pointer`` is the key ``pattern`` names (``*``: any one key)."""
    wanted, parts = pattern.split("/"), pointer.split("/")
    return len(wanted) == len(parts) and all(w in ("*", p) for w, p in zip(wanted, parts, strict=True))
