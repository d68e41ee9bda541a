"""The GitHub Action (action.yml, speclift.ci.github_action), run locally as the runner runs it.

Golden cases (tests/cases/action/<case>/, picked up automatically): ``base/`` and ``head/`` are the trees of two
commits of a temporary git repository (``head/`` whole: a file it lacks was deleted), ``case.yml`` the event and
the Action's inputs. ``python -m speclift.ci.github_action`` runs with the environment GitHub sets, its REST API a
stand-in on 127.0.0.1 (tests/github_fake.py); what it printed (annotations, log) must equal ``expected.log``, the
job summary ``expected-summary.md``, the comment it posted ``expected-comment.md`` (absent: it posted none) and the
step's status and outputs ``expected-outputs.json``. The base commit's id reads ``BASE``. SPECLIFT_REGENERATE=1
rewrites the expected files.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from speclift.ci import checks, github_action
from speclift.ci.github_comments import CommentError, upsert_comment
from speclift.ci.github_context import INPUTS, OUTPUTS, env_name
from tests.conftest import CASES, ROOT
from tests.github_fake import FakeGitHub, fake_github

ACTION_CASES = sorted(p for p in (CASES / "action").iterdir() if p.is_dir())
REGENERATE = os.environ.get("SPECLIFT_REGENERATE") == "1"
NUMBER = 7  # the pull request's number in every case
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "speclift tests",
    "GIT_AUTHOR_EMAIL": "tests@speclift.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "speclift tests",
    "GIT_COMMITTER_EMAIL": "tests@speclift.invalid",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **_GIT_ENV}, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _commit(repo: Path, tree: Path, message: str) -> str:
    for entry in repo.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    if tree.is_dir():
        shutil.copytree(tree, repo, dirs_exist_ok=True)
    # An emptied index makes git read every file again: a file of the same size whose copied modification time
    # equals the one before would otherwise look unchanged to it.
    git(repo, "rm", "-r", "--quiet", "--cached", "--ignore-unmatch", ".")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def repository(case: Path, where: Path) -> tuple[Path, str, str]:
    """A git repository whose main branch holds ``base/`` and whose checked-out branch adds ``head/`` on top."""
    repo = where / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    base = _commit(repo, case / "base", "base")
    git(repo, "checkout", "--quiet", "-b", "pull-request")
    head = _commit(repo, case / "head", "head")
    return repo, base, head


def action_environment(
    repo: Path, work: Path, event: str, base: str, head: str, api: str, inputs: dict[str, str]
) -> dict[str, str]:
    """What the runner gives the Action's step (action.yml passes each input as INPUT_<NAME>)."""
    payload: dict[str, Any] = {"ref": "refs/heads/main", "before": base, "after": head}
    if event in ("pull_request", "pull_request_target"):
        payload = {
            "action": "synchronize",
            "number": NUMBER,
            "pull_request": {"number": NUMBER, "base": {"sha": base}, "head": {"sha": head}},
        }
    elif event == "merge_group":
        queue = f"refs/heads/gh-readonly-queue/main/pr-{NUMBER}-{head}"
        group = {"head_sha": head, "head_ref": queue, "base_sha": base, "base_ref": "refs/heads/main"}
        payload = {"action": "checks_requested", "merge_group": group}
    (work / "event.json").write_text(json.dumps(payload))
    for name in ("summary.md", "outputs.txt"):
        (work / name).write_text("")
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(work),
        **{k: v for k, v in _GIT_ENV.items() if k.startswith("GIT_CONFIG")},
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(work / "event.json"),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_STEP_SUMMARY": str(work / "summary.md"),
        "GITHUB_OUTPUT": str(work / "outputs.txt"),
        "GITHUB_API_URL": api,
        "GITHUB_REPOSITORY": "acme/models",
        "INPUT_TOKEN": "test-token",
    }
    environment.update({env_name(name): value for name, value in inputs.items()})
    return environment


def read_outputs(path: Path) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: ``name<<DELIMITER``, the value's lines, the delimiter."""
    outputs: dict[str, str] = {}
    lines = path.read_text().split("\n")
    i = 0
    while i < len(lines) and lines[i]:
        name, _, delimiter = lines[i].partition("<<")
        end = lines.index(delimiter, i + 1)
        assert name not in outputs, f"output {name} set twice"
        outputs[name] = "\n".join(lines[i + 1 : end])
        i = end + 1
    return outputs


def _golden(path: Path, actual: str | None) -> None:
    if REGENERATE:
        if actual is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(actual)
        return
    if actual is None:
        assert not path.exists(), f"{path.name}: expected, but nothing was produced"
    else:
        assert path.exists(), f"{path.name} is missing (SPECLIFT_REGENERATE=1 writes it)"
        assert actual == path.read_text(), path.name


@pytest.mark.parametrize("case", ACTION_CASES, ids=lambda p: p.name)
def test_action_case(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load((case / "case.yml").read_text())
    repo, base, head = repository(case, tmp_path)
    with fake_github() as fake:
        environment = action_environment(repo, tmp_path, spec["event"], base, head, fake.url, spec["inputs"])
        done = subprocess.run(
            [sys.executable, "-m", "speclift.ci.github_action"], cwd=tmp_path, env=environment, capture_output=True, text=True
        )
    assert done.stderr == ""

    def masked(text: str) -> str:
        return text.replace(base, "BASE").replace(base[:12], "BASE")

    outputs = read_outputs(tmp_path / "outputs.txt")
    summary = (tmp_path / "summary.md").read_text()
    assert set(outputs) == set(OUTPUTS)
    assert outputs["report"] == summary, "the report output is the job summary"
    posted = [body for method, _, body in fake.writes() if body]
    assert len(posted) <= 1, "one comment per run"
    assert all(a == "Bearer test-token" for a in fake.authorizations)
    if spec["inputs"].get("comment") != "true":
        assert fake.requests == [], "no comment asked: no connection"
    comment = posted[0]["body"] if posted else None
    if comment is not None:
        assert comment.startswith(github_action.marker(spec["inputs"]["command"]) + "\n")
        assert outputs["comment-url"].startswith("https://github.invalid/acme/models/pull/7#issuecomment-")
    shown = {"status": done.returncode, **{k: v for k, v in outputs.items() if k != "report"}}
    _golden(case / "expected.log", masked(done.stdout))
    _golden(case / "expected-summary.md", masked(summary))
    _golden(case / "expected-comment.md", masked(comment) if comment is not None else None)
    _golden(case / "expected-outputs.json", masked(json.dumps(shown, indent=2)) + "\n")


def test_the_step_fails_as_the_command_does_but_a_diff_is_a_report() -> None:
    """The golden cases' statuses, read together: validate and convert-check fail on findings; diff passes when
    specs differ and keeps the command's 1 in its exit-code output; an error is 2."""
    statuses = {c.name: json.loads((c / "expected-outputs.json").read_text()) for c in ACTION_CASES}
    assert (statuses["validate-pull-request"]["status"], statuses["validate-pull-request"]["exit-code"]) == (1, "1")
    assert statuses["convert-check-pull-request"]["status"] == 4
    assert (statuses["diff-pull-request"]["status"], statuses["diff-pull-request"]["exit-code"]) == (0, "1")
    assert statuses["diff-push-without-base"]["status"] == 2
    assert statuses["validate-clean-pull-request"]["status"] == 0


# --------------------------------------------------------------------------------------------------------------------
# The comment: one per pull request and command, found again by its marker


def _post(fake: FakeGitHub, body: str, command: str = "validate") -> Any:
    head = github_action.marker(command)
    return upsert_comment(fake.url, "acme/models", NUMBER, "test-token", head, f"{head}\n{body}")


def test_the_comment_is_created_then_updated_in_place() -> None:
    with fake_github() as fake:
        fake.add(NUMBER, "LGTM")
        first = _post(fake, "2 errors")
        second = _post(fake, "0 errors")
        other = _post(fake, "3 differences", command="diff")  # another command keeps its own comment
    assert (first.action, second.action, other.action) == ("created", "updated", "created")
    assert first.comment_id == second.comment_id != other.comment_id
    bodies = [c["body"] for c in fake.comments[NUMBER]]
    assert bodies == ["LGTM", "<!-- speclift-action: validate -->\n0 errors", "<!-- speclift-action: diff -->\n3 differences"]
    assert [m for m, _, _ in fake.requests] == ["GET", "POST", "GET", "PATCH", "GET", "POST"]


def test_the_marker_is_found_on_a_later_page() -> None:
    with fake_github() as fake:
        for index in range(150):
            fake.add(NUMBER, f"comment {index}")
        mine = fake.add(NUMBER, github_action.marker("validate") + "\nold report")
        fake.add(NUMBER, "a reply after it")
        posted = _post(fake, "new report")
    assert posted.action == "updated" and posted.comment_id == mine
    assert [m for m, _, _ in fake.requests] == ["GET", "GET", "PATCH"]
    assert "page=2" in fake.requests[1][1]


def test_a_read_only_token_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    """A pull request from a fork gets a token that can only read: GitHub answers 403; the check's status stays the
    command's."""
    case = CASES / "action" / "validate-pull-request"
    repo, base, head = repository(case, tmp_path)
    with fake_github() as fake:
        fake.refuse = True
        with pytest.raises(CommentError) as refused:
            _post(fake, "report")
        assert refused.value.status == 403
        environment = action_environment(
            repo, tmp_path, "pull_request", base, head, fake.url, {"command": "validate", "comment": "true"}
        )
        out = io.StringIO()
        cwd = os.getcwd()
        try:
            status = github_action.run(environment, out)
        finally:
            os.chdir(cwd)
    log = out.getvalue()
    assert status == 1  # the findings' verdict, as without a comment
    warning = [line for line in log.splitlines() if line.startswith("::warning title=speclift: no pull-request comment::")]
    assert len(warning) == 1 and "HTTP 403" in warning[0] and "read-only token" in warning[0]
    assert read_outputs(tmp_path / "outputs.txt")["comment-url"] == ""


def test_no_token_no_comment(tmp_path: Path) -> None:
    case = CASES / "action" / "validate-pull-request"
    repo, base, head = repository(case, tmp_path)
    with fake_github() as fake:
        environment = action_environment(repo, tmp_path, "pull_request", base, head, fake.url, {"comment": "true", "token": ""})
        del environment["INPUT_TOKEN"]
        out = io.StringIO()
        cwd = os.getcwd()
        try:
            github_action.run(environment, out)
        finally:
            os.chdir(cwd)
    assert fake.requests == []
    assert "speclift: no pull-request comment: no token" in out.getvalue()


def test_a_missing_base_commit_asks_for_the_whole_history(tmp_path: Path) -> None:
    case = CASES / "action" / "validate-pull-request"
    repo, _, head = repository(case, tmp_path)
    environment = action_environment(repo, tmp_path, "pull_request", "0" * 40, head, "http://127.0.0.1:9", {})
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        status = github_action.run(environment, out)
    finally:
        os.chdir(cwd)
    assert status == 2
    assert out.getvalue().startswith(
        "::error title=speclift::the pull request's base commit 0000000000000000000000000000000000000000 is not"
    )
    assert "fetch-depth: 0" in out.getvalue()


@pytest.mark.parametrize(("name", "value"), [("command", "lint"), ("comment", "yes"), ("strict", "1"), ("paths", "'unclosed")])
def test_a_bad_input_stops_the_step_with_its_name(name: str, value: str, tmp_path: Path) -> None:
    repo, base, head = repository(CASES / "action" / "validate-clean-pull-request", tmp_path)
    environment = action_environment(repo, tmp_path, "pull_request", base, head, "http://127.0.0.1:9", {name: value})
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        status = github_action.run(environment, out)
    finally:
        os.chdir(cwd)
    assert status == 2
    assert out.getvalue().startswith("::error title=speclift::input '") and f"'{name}'" in out.getvalue()
    assert read_outputs(tmp_path / "outputs.txt")["exit-code"] == "2"


def test_a_long_report_is_cut_at_a_line_to_fit() -> None:
    report = "".join(f"| row {i} | ü |\n" for i in range(10_000))
    cut = github_action._truncated(report, 5_000, "see the log")
    assert len(cut.encode()) <= 5_000 and cut.endswith("… see the log\n")
    kept = cut.split("\n\n… ")[0]
    assert report.startswith(kept) and kept.endswith("|")


def test_a_report_cut_inside_a_code_fence_closes_it() -> None:
    """The diff's report draws pipelines in ```mermaid fences: cut inside one, the rest of the page (the note
    saying it was cut) would be read as the picture's source, and the picture fail to draw."""
    edges = "".join(f"    n{i} --> n{i + 1}\n" for i in range(2_000))
    report = f"## speclift diff\n\n```mermaid\nflowchart TD\n{edges}```\n\nafter the picture\n"
    for limit in (200, 5_000, 30_000):
        cut = github_action._truncated(report, limit, "see the log")
        assert len(cut.encode()) <= limit and cut.endswith("… see the log\n")
        fences = [line for line in cut.splitlines() if line.startswith("```")]
        assert len(fences) % 2 == 0, (limit, fences)


# --------------------------------------------------------------------------------------------------------------------
# action.yml


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text())
    return loaded


def _check_jsonschema(builtin: str, path: Path) -> None:
    """``path`` against one of the schemas check-jsonschema vendors (SchemaStore's: offline)."""
    checker = str(Path(sys.executable).parent / "check-jsonschema")
    done = subprocess.run([checker, "--builtin-schema", builtin, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_yml_is_a_valid_action() -> None:
    """GitHub's action metadata schema (SchemaStore's, vendored by check-jsonschema) accepts it."""
    _check_jsonschema("vendor.github-actions", ROOT / "action.yml")


def test_action_inputs_are_what_the_script_reads() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all("shell" in step for step in steps if "run" in step), "a composite step that runs a command names its shell"
    run_step = next(step for step in steps if "speclift.ci.github_action" in step.get("run", ""))
    inputs = action["inputs"]
    assert set(inputs) == set(INPUTS)
    # every input reaches the script under the name it reads, and nothing else does
    assert run_step["env"] == {env_name(name): f"${{{{ inputs.{name} }}}}" for name in INPUTS}
    for name, declared in inputs.items():
        assert declared["description"].strip(), f"input {name} is undocumented"
        expected = "${{ github.token }}" if name == "token" else INPUTS[name]
        assert declared["default"] == expected, f"input {name}: action.yml and the script default differently"
    # no input is pasted into a shell line (a value would be run as code)
    assert not any("inputs." in step.get("run", "") for step in steps)


def test_action_outputs_are_what_the_script_writes() -> None:
    action = _action()
    step_id = next(step["id"] for step in action["runs"]["steps"] if "speclift.ci.github_action" in step.get("run", ""))
    assert set(action["outputs"]) == set(OUTPUTS)
    for name, declared in action["outputs"].items():
        assert declared["value"] == f"${{{{ steps.{step_id}.outputs.{name} }}}}"
        assert declared["description"].strip()


def test_action_installs_speclift_from_its_own_checkout_with_the_pinned_set() -> None:
    install = next(step["run"] for step in _action()["runs"]["steps"] if "pip install" in step.get("run", ""))
    arguments = re.sub(r"\\\n\s*", "", install).split("pip install", 1)[1].split()
    assert '"$GITHUB_ACTION_PATH/constraints.txt"' in arguments and '"$GITHUB_ACTION_PATH"' in arguments
    assert not any(a.startswith(("speclift", "git+", "http")) for a in arguments), "no other source"


def readme_section(title: str) -> str:
    return (ROOT / "README.md").read_text().split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_workflow_is_a_valid_workflow_using_real_inputs(tmp_path: Path) -> None:
    """GitHub's workflow schema (SchemaStore's, vendored by check-jsonschema) accepts the README's example, and every
    input it gives the Action is one action.yml declares."""
    section = readme_section("GitHub Actions")
    workflow = next(block for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "jobs:" in block)
    (tmp_path / "workflow.yml").write_text(workflow)
    _check_jsonschema("vendor.github-workflows", tmp_path / "workflow.yml")
    steps = [step for job in yaml.safe_load(workflow)["jobs"].values() for step in job["steps"]]
    ours = [step for step in steps if "/speclift@" in step.get("uses", "")]
    assert ours and all(set(step.get("with", {})) <= set(INPUTS) for step in ours)
    assert {str(step["with"]["command"]) for step in ours} <= set(checks.COMMANDS)


# --------------------------------------------------------------------------------------------------------------------
# What a run looks at: paths that do not exist, a checkout that is not the pull request's


def _run_step(environment: dict[str, str]) -> tuple[int, str]:
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        status = github_action.run(environment, out)
    finally:
        os.chdir(cwd)
    return status, out.getvalue()


@pytest.mark.parametrize("event", ["pull_request", "push"])
def test_a_paths_input_that_does_not_exist_is_an_error_not_a_pass(event: str, tmp_path: Path) -> None:
    """A misspelt folder would otherwise check nothing and pass on every pull request."""
    repo, base, head = repository(CASES / "action" / "validate-pull-request", tmp_path)
    environment = action_environment(repo, tmp_path, event, base, head, "http://127.0.0.1:9", {"paths": "jobs specs"})
    status, log = _run_step(environment)
    assert status == 2, log
    assert log.startswith("::error title=speclift::no such file or folder: specs\n"), log
    assert read_outputs(tmp_path / "outputs.txt")["exit-code"] == "2"


def test_a_paths_input_the_pull_request_deleted_is_no_error(tmp_path: Path) -> None:
    repo, base, head = repository(CASES / "action" / "validate-pull-request", tmp_path)
    deleted = "jobs/removed.yml"  # in the base commit only
    environment = action_environment(repo, tmp_path, "pull_request", base, head, "http://127.0.0.1:9", {"paths": deleted})
    status, log = _run_step(environment)
    assert status == 0, log
    assert "0 errors, 0 warnings in 0 spec files" in log


def test_a_checkout_without_the_pull_requests_commit_is_an_error(tmp_path: Path) -> None:
    """pull_request_target checks out the base branch unless told otherwise: nothing the pull request changed would
    be checked, and the step would pass."""
    repo, base, head = repository(CASES / "action" / "validate-pull-request", tmp_path)
    git(repo, "checkout", "--quiet", "main")
    environment = action_environment(repo, tmp_path, "pull_request_target", base, head, "http://127.0.0.1:9", {})
    status, log = _run_step(environment)
    assert status == 2, log
    assert f"does not hold the pull request's head commit {head}" in log and "github.event.pull_request.head.sha" in log


def test_a_new_line_in_the_paths_input_cannot_write_a_workflow_command(tmp_path: Path) -> None:
    repo, base, head = repository(CASES / "action" / "validate-clean-pull-request", tmp_path)
    folder = repo / "odd\n::warning::forged"
    folder.mkdir()
    inputs = {"paths": f"'{folder.name}'"}
    environment = action_environment(repo, tmp_path, "push", base, head, "http://127.0.0.1:9", inputs)
    status, log = _run_step(environment)
    assert status == 0, log
    assert not [line for line in log.splitlines() if line.startswith("::warning")], log


# --------------------------------------------------------------------------------------------------------------------
# The API failing or answering what is no comment: a warning, never a traceback; the token stays with the API


RATE_LIMITED = (403, {"x-ratelimit-remaining": "0"}, b'{"message": "API rate limit exceeded for installation ID 1."}')


@pytest.mark.parametrize(
    ("method", "answer"),
    [
        ("GET", (500, {}, b'{"message": "Server Error"}')),
        ("GET", (404, {}, b'{"message": "Not Found"}')),
        ("GET", (200, {}, b"<html>maintenance</html>")),
        ("GET", (200, {}, b'{"message": "not a list"}')),
        ("POST", (201, {}, b"")),
        ("POST", (201, {}, b'{"html_url": "https://github.invalid/x"}')),
        ("POST", (201, {}, b'{"id": "12"}')),
        ("GET", RATE_LIMITED),
        ("POST", (429, {"retry-after": "60"}, b'{"message": "You have exceeded a secondary rate limit."}')),
    ],
    ids=["500", "404", "html", "object", "empty", "no-id", "text-id", "rate-limit", "secondary-rate-limit"],
)
def test_an_api_failure_is_a_warning_and_the_status_stays_the_commands(
    method: str, answer: tuple[int, dict[str, str], bytes], tmp_path: Path
) -> None:
    repo, base, head = repository(CASES / "action" / "validate-pull-request", tmp_path)
    with fake_github() as fake:
        fake.raw[method] = answer
        inputs = {"command": "validate", "comment": "true"}
        status, log = _run_step(action_environment(repo, tmp_path, "pull_request", base, head, fake.url, inputs))
    assert status == 1, log  # the findings' verdict
    warnings = [line for line in log.splitlines() if line.startswith("::warning title=speclift: no pull-request comment::")]
    assert len(warnings) == 1, log
    limited = answer[0] == 429 or answer is RATE_LIMITED
    assert ("rate limit: a later run updates the comment" in warnings[0]) == limited
    assert "read-only token" not in warnings[0]
    assert read_outputs(tmp_path / "outputs.txt")["comment-url"] == ""


def test_a_next_page_at_another_address_is_not_asked_for_with_the_token() -> None:
    with fake_github() as fake, fake_github() as elsewhere:
        fake.raw["GET"] = (200, {"Link": f'<{elsewhere.url}/repos/acme/models/issues/7/comments?page=2>; rel="next"'}, b"[]")
        with pytest.raises(CommentError, match="another address"):
            _post(fake, "report")
    assert elsewhere.requests == [] and elsewhere.authorizations == []
