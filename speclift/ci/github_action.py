"""The speclift GitHub Action: ``action.yml`` installs speclift and runs ``python -m speclift.ci.github_action``.

In a pull request it runs the ``command`` input (``validate``, ``convert-check`` or ``diff``) on the files the pull
request changed (since the merge base of its base commit and the checked-out commit), in a merge queue on the files
the group changed since its base commit, elsewhere on the ``paths`` input or the whole work tree; it prints GitHub annotations, appends the Markdown report to the job summary, sets
the step's outputs (:data:`~speclift.ci.github_context.OUTPUTS`) and, with ``comment: true``, keeps one
pull-request comment up to date. Its exit status is the command's, except that a diff finding differences is a
report for review, not a failure (as ``speclift diff --exit-zero``); the ``exit-code`` output keeps the command's own.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Mapping
from typing import TextIO

from speclift.ci import checks
from speclift.ci.github_comments import MAX_BODY, CommentError, upsert_comment
from speclift.ci.github_context import ActionContext, InputError, from_environ
from speclift.reporters.github import _data
from speclift.reporters.markdown import text

SUMMARY_LIMIT = 1_000_000  # bytes: GitHub refuses a job summary over 1 MiB per step (and outputs over 1 MiB per job)
FORBIDDEN = 403  # what a pull request from a fork gets: its token can only read


def marker(command: str) -> str:
    """The hidden first line of the Action's comment for ``command``: one comment per command and pull request."""
    return f"<!-- speclift-action: {command} -->"


def run(environ: Mapping[str, str], out: TextIO) -> int:
    """The whole step; what it prints goes to ``out`` (the runner reads annotations from standard output)."""
    try:
        context = from_environ(environ)
    except InputError as exc:
        out.write(f"::error title=speclift::{_data(str(exc))}\n")
        return 2
    try:
        os.chdir(context.workspace)
        request, scope = _request(context)
        checked = checks.run(request)
    except (InputError, checks.CheckError, OSError) as exc:
        message = str(exc)
        out.write(f"::error title=speclift::{_data(message)}\n")
        report = f"## speclift: the check could not run\n\n{text(message)}\n"
        _append(context.step_summary, report)
        _set_outputs(context.output, {"exit-code": "2", "summary": message, "report": report, "comment-url": ""})
        return 2
    out.write(f"{checks.COMMANDS[request.command].replace('BASE', (request.base or '')[:12])}: {_one_line(scope)}\n")
    out.write(checked.render("github"))
    report = _markdown(request.command, checked) + f"\n<sub>{text(scope)}</sub>\n"
    report = _truncated(report, SUMMARY_LIMIT, "cut short: the job log lists every finding")
    _append(context.step_summary, report)
    comment_url = _comment(context, request.command, report, checked.exit_code, out)
    outputs = {"exit-code": str(checked.exit_code), "summary": checked.summary, "report": report, "comment-url": comment_url}
    _set_outputs(context.output, outputs)
    return 0 if request.command == "diff" and checked.exit_code == 1 else checked.exit_code


def _markdown(command: str, checked: checks.Checked) -> str:
    """The report under a heading naming the command (the diff's report has its own)."""
    from speclift.migration.run import CHECK_EXIT_CODES

    body = checked.render("markdown")
    if command == "convert-check":
        return f"## speclift convert --check\n\n**exit {checked.exit_code}**: {CHECK_EXIT_CODES[checked.exit_code]}\n\n{body}"
    if command == "validate":
        return f"## speclift validate\n\n{body}"
    return body


def _request(context: ActionContext) -> tuple[checks.Request, str]:
    """The command to run and, in words, what it looks at."""
    from speclift.diffing.gitchanges import contains

    command = context.inputs["command"].strip()
    if command not in checks.COMMANDS:
        raise InputError(f"input 'command' is {command!r}: use one of {', '.join(checks.COMMANDS)}")
    paths = context.paths
    base = context.inputs["base"].strip() or None
    within = f" under {' '.join(paths)}" if paths else ""
    pull, group = context.pull_request, context.merge_group
    if base is not None:
        scope = f"the files changed since {base} (the base input){within}"
    elif pull is not None:
        base = _since(pull.base_sha, "the pull request's base commit")
        if not contains("HEAD", pull.head_sha):
            raise InputError(
                f"the checked-out commit does not hold the pull request's head commit {pull.head_sha}, so none of its "
                "changes would be checked (pull_request_target checks out the base branch): check it out with "
                "actions/checkout, ref: ${{ github.event.pull_request.head.sha }} and fetch-depth: 0"
            )
        scope = f"the files pull request #{pull.number} changed (since {base[:12]}){within}"
    elif group is not None:  # a merge queue checks what the queued pull requests change, as their own runs did
        base = _since(group.base_sha, "the merge group's base commit")
        scope = f"the files the merge group changed (since {base[:12]}){within}"
    else:
        scope = f"{' '.join(paths)}" if paths else "the whole work tree"
    strict = context.flag("strict")
    context.flag("comment")  # a bad value stops the step before the check, not after
    return checks.Request(command, paths, base, context.inputs["config"].strip() or None, strict), scope


def _since(commit: str, what: str) -> str:
    """Where the files changed since ``commit`` start: its merge base with the checked-out commit."""
    from speclift.diffing.gitchanges import GitError, merge_base

    try:
        return merge_base(commit, "HEAD")
    except GitError as exc:
        raise InputError(
            f"{what} {commit} is not in this clone ({exc}): check out with actions/checkout and fetch-depth: 0"
        ) from None


def _comment(context: ActionContext, command: str, report: str, exit_code: int, out: TextIO) -> str:
    """Keep the pull request's comment (created only when the command found something; updated whenever there is
    one, so a fixed pull request says so); its address, or "" when there is none. A refusal is a warning: the
    check's verdict is the command's, not the API's."""
    if not context.flag("comment"):
        return ""
    pull = context.pull_request
    if pull is None:
        out.write(f"speclift: no pull-request comment: the event is {context.event_name or 'unknown'}, not a pull request\n")
        return ""
    if not context.token:
        out.write("speclift: no pull-request comment: no token (the token input is empty)\n")
        return ""
    head = marker(command)
    note = "cut short: the job summary has the whole report"
    body = head + "\n" + _truncated(report, MAX_BODY - len(head) - 1, note, measure=len)
    try:
        posted = upsert_comment(
            context.api_url, context.repository, pull.number, context.token, head, body, create=exit_code != 0
        )
    except CommentError as exc:
        if exc.rate_limited:
            why = " (the API's rate limit: a later run updates the comment)"
        else:
            why = " (a pull request from a fork gets a read-only token)" if exc.status == FORBIDDEN else ""
        title = "speclift: no pull-request comment"
        out.write(f"::warning title={title}::{_data(f'{exc}{why}; the report is in the job summary')}\n")
        return ""
    if posted is None:
        out.write("speclift: no pull-request comment: nothing found, and no earlier comment to update\n")
        return ""
    out.write(f"speclift: pull-request comment {posted.action}: {posted.url}\n")
    return posted.url


def _one_line(value: str) -> str:
    """``value`` on one line of the log: a new line in a path must not start a line the runner reads as a command."""
    return value.replace("\r", "\\r").replace("\n", "\\n")


def _utf8_size(value: str) -> int:
    return len(value.encode("utf-8"))


def _truncated(report: str, limit: int, note: str, measure: Callable[[str], int] = _utf8_size) -> str:
    """``report`` cut after a whole line to fit ``limit`` (as ``measure`` counts: UTF-8 bytes by default), saying so.
    A code fence left open (a Mermaid picture) is closed, so that the note is not read as its source."""
    if measure(report) <= limit:
        return report
    tail, fence = f"\n… {text(note)}\n", "```\n"
    budget, used, kept, open_fence = limit - measure(tail) - measure(fence), 0, [], False
    for line in report.splitlines(keepends=True):
        used += measure(line)
        if used > budget:
            break
        kept.append(line)
        open_fence ^= line.startswith("```")
    return "".join(kept) + (fence if open_fence else "") + tail


def _append(path: str | None, content: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(content)


def _set_outputs(path: str | None, outputs: Mapping[str, str]) -> None:
    """Step outputs in the file format GitHub reads: ``name<<DELIMITER``, the value, the delimiter (any value,
    new lines included; the delimiter is random so that no value can end it early)."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for name, value in outputs.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def main() -> None:
    sys.exit(run(os.environ, sys.stdout))


if __name__ == "__main__":
    main()
