"""What GitHub hands a step of the speclift Action, read from the environment the runner sets: the Action's inputs,
the event that started the workflow (a pull request's number and its base and head commits, a merge queue group's
base and head commits), the work tree, the files a step writes its job summary and outputs to, and the REST API to
post with.

``action.yml`` passes each input as ``INPUT_<NAME>`` (upper case, ``-`` as ``_``), as the runner does for
JavaScript actions; a composite action's inputs reach its steps only through ``env:``. :data:`INPUTS` is the list
of inputs the script reads, with the default it takes when one is absent (a test holds ``action.yml`` to it).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# input name -> its default (action.yml declares the same; the token's is the workflow's own, `github.token`)
INPUTS: dict[str, str] = {
    "command": "validate",
    "paths": "",
    "base": "",
    "config": "",
    "strict": "false",
    "comment": "false",
    "token": "",
}
# What the script writes to $GITHUB_OUTPUT (action.yml maps each to an output of the Action).
OUTPUTS = ("exit-code", "summary", "report", "comment-url")
PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")
MERGE_GROUP_EVENT = "merge_group"  # a merge queue's group: the base branch plus the pull requests queued on it


class InputError(ValueError):
    """An input or the event file cannot be used: the step fails with this message (exit status 2)."""


def env_name(name: str) -> str:
    return "INPUT_" + name.upper().replace("-", "_").replace(" ", "_")


@dataclass(frozen=True, slots=True)
class PullRequest:
    number: int
    base_sha: str
    head_sha: str


@dataclass(frozen=True, slots=True)
class MergeGroup:
    """A merge queue's group: ``head_sha`` is ``base_sha`` with the queued pull requests merged on top."""

    base_sha: str
    head_sha: str


@dataclass(frozen=True, slots=True)
class ActionContext:
    inputs: Mapping[str, str]
    event_name: str
    pull_request: PullRequest | None  # None unless the event is a pull request's
    merge_group: MergeGroup | None  # None unless the event is a merge queue's
    workspace: str
    step_summary: str | None  # the job summary file ($GITHUB_STEP_SUMMARY)
    output: str | None  # the step outputs file ($GITHUB_OUTPUT)
    api_url: str
    repository: str  # owner/name
    token: str

    def flag(self, name: str) -> bool:
        value = self.inputs[name].strip().lower()
        if value not in ("true", "false"):
            raise InputError(f"input {name!r} is {self.inputs[name]!r}: use true or false")
        return value == "true"

    @property
    def paths(self) -> tuple[str, ...]:
        """The ``paths`` input: separated by spaces or new lines, a path with spaces in quotes."""
        try:
            return tuple(shlex.split(self.inputs["paths"]))
        except ValueError as exc:
            raise InputError(f"input 'paths': {exc}") from None


def from_environ(environ: Mapping[str, str]) -> ActionContext:
    """The context of the running step. Raises :class:`InputError` when the event file cannot be read."""
    inputs = {name: environ.get(env_name(name), default) for name, default in INPUTS.items()}
    event_name = environ.get("GITHUB_EVENT_NAME", "")
    pull_request = merge_group = None
    event_path = environ.get("GITHUB_EVENT_PATH")
    if event_name in PULL_REQUEST_EVENTS and event_path:
        pull_request = _pull_request(event_path)
    elif event_name == MERGE_GROUP_EVENT and event_path:
        merge_group = _merge_group(event_path)
    return ActionContext(
        inputs=inputs,
        event_name=event_name,
        pull_request=pull_request,
        merge_group=merge_group,
        workspace=environ.get("GITHUB_WORKSPACE") or ".",
        step_summary=environ.get("GITHUB_STEP_SUMMARY") or None,
        output=environ.get("GITHUB_OUTPUT") or None,
        api_url=(environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
        repository=environ.get("GITHUB_REPOSITORY", ""),
        token=inputs["token"] or environ.get("GITHUB_TOKEN", ""),
    )


def _pull_request(event_path: str) -> PullRequest:
    """The pull request of a ``pull_request`` event's payload (the webhook's, which the runner saves as a file)."""
    try:
        pull = _payload(event_path)["pull_request"]
        return PullRequest(int(pull["number"]), str(pull["base"]["sha"]), str(pull["head"]["sha"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the pull request from the event file {event_path}: {exc!r}") from None


def _merge_group(event_path: str) -> MergeGroup:
    """The group of a ``merge_group`` event's payload."""
    try:
        group = _payload(event_path)["merge_group"]
        return MergeGroup(str(group["base_sha"]), str(group["head_sha"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read the merge group from the event file {event_path}: {exc!r}") from None


def _payload(event_path: str) -> Any:
    with open(event_path, encoding="utf-8") as handle:
        return json.load(handle)
