"""``run.cmd`` and ``build`` -> the v1 container (command, image, env, working directory) and the build section.

The command is exactly what v0 ran (``polyaxon_schemas.ops.run.cmd.get_container_command_args``): ``/bin/bash -c``
and one string, each command whitespace-normalised with line-continuation backslashes removed, a list joined with
``" && "``. v0 always built an image (``FROM image``, ``ENV`` lines, ``RUN`` steps, the project code at ``/code``);
the ``build-mode`` option chooses how that build survives: a component ``build:`` section (kaniko), steps inlined
into the command, or the base image only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from speclift.converters.polyaxon_v0.context import Context, as_list
from speclift.converters.polyaxon_v0.params import rewrite_flags
from speclift.pointer import join

UPLOADS = "{{ globals.run_artifacts_path }}/uploads"
_CONTAINER_ORDER = ("image", "command", "args", "workingDir", "env", "envFrom", "resources")


@dataclass(slots=True)
class Places:
    """Output pointers of one component's parts."""

    component: str  # "" or "/component" or "/run/components/0"
    container: str  # <component>/run/container or <component>/run/chief/container
    init: str  # <component>/run/init or a replica's init
    section: str | None = None  # where the build section goes: <component>/build, or "" for a kaniko operation


@dataclass(slots=True)
class Build:
    image: Any = None
    section: dict[str, Any] | None = None
    init: list[dict[str, Any]] = field(default_factory=list)
    env: list[dict[str, Any]] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # build-mode=inline: run before the command
    working_dir: str | None = None


def sanitize(cmd: str) -> str:
    """v0's ``sanitize_cmd``: split on whitespace, strip stray backslashes, join with single spaces."""
    parts = [part.strip().strip("\\") for part in cmd.strip().split() if part and part != "\\"]
    return " ".join(part for part in parts if part and part != "\\")


def command(ctx: Context, run: dict[str, Any], src: str, container: str, flags: set[str], steps: list[str]) -> str | None:
    """The one argument of ``/bin/bash -c``; ``src`` is the pointer of ``run``."""
    cmd = run.get("cmd")
    if cmd is None:
        return None
    target = join(container, "args", 0)
    note = "whitespace normalised and line-continuation backslashes removed, as v0 did"
    if isinstance(cmd, list):
        text = " && ".join(sanitize(str(item)) for item in cmd)
        for index in range(len(cmd)):
            ctx.transformed(join(src, "cmd", index), target, note + "; the list joined with ' && '")
        if not cmd:
            ctx.transformed(join(src, "cmd"), target, note)
    else:
        text = sanitize(str(cmd))
        ctx.transformed(join(src, "cmd"), target, note)
    text = rewrite_flags(text, flags)
    if steps:
        text = " && ".join([*steps, text]) if text else " && ".join(steps)
    return text


def repo_name(url: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return name[:-4] if name.endswith(".git") else name or "code"


def build(
    ctx: Context, spec: dict[str, Any], at: str, places: Places, *, code: bool, src: str = "", force: bool = False
) -> Build:
    """The build of one component: ``spec`` is its ``build`` section found at ``at``; ``src`` is the document's
    pointer, where the code-location finding goes when there is no build section."""
    mode = str(ctx.options.get("build-mode") or "build-section")
    result = Build()
    steps = [str(step) for step in as_list(spec.get("build_steps"))]
    env_vars = [pair for pair in as_list(spec.get("env_vars")) if isinstance(pair, list) and len(pair) == 2]
    bake = bool(steps or env_vars or spec.get("lang_env"))
    section = force or (mode == "build-section" and (bake or "dockerfile" in spec))
    git_url = str(ctx.options.get("git-url") or "") or _git(spec.get("git"))
    dockerfile: dict[str, Any] = {}
    section_ptr = join(places.component, "build") if places.section is None else places.section
    dockerfile_ptr = join(section_ptr, "runPatch", "init", 0, "dockerfile")
    for key, value in spec.items():
        here = join(at, key)
        if key == "image":
            if section:
                dockerfile["image"] = value
                ctx.mapped(here, join(dockerfile_ptr, "image"))
            else:
                result.image = value
                ctx.mapped(here, join(places.container, "image"))
        elif key == "build_steps":
            _steps(ctx, here, steps, mode, dockerfile, dockerfile_ptr, result, places)
        elif key == "env_vars":
            _env_vars(ctx, here, value, section, dockerfile, dockerfile_ptr, result, places)
        elif key == "lang_env":
            if section:
                dockerfile["langEnv"] = value
                ctx.mapped(here, join(dockerfile_ptr, "langEnv"))
            else:
                for name in ("LC_ALL", "LANG", "LANGUAGE"):
                    result.env.append({"name": name, "value": str(value)})
                ctx.transformed(here, join(places.container, "env"), "lang_env -> LC_ALL, LANG, LANGUAGE")
        elif key == "nocache":
            if section:
                ctx.transformed(here, join(section_ptr, "cache", "disable"), "nocache -> cache.disable")
            else:
                ctx.dropped(here, "nocache: nothing is built in this build mode", hint="use -O build-mode=build-section")
        elif key in ("dockerfile", "context"):
            if section:
                ctx.approximated(
                    here,
                    join(section_ptr, "params", "context"),
                    f"build.{key}: the kaniko build uses the uploaded code as its context and builds its Dockerfile",
                    hint="check the kaniko hub component's inputs (context, dockerfile) against your layout",
                )
            else:
                ctx.dropped(
                    here,
                    f"build.{key}: v0 built your Dockerfile; this build mode builds nothing",
                    hint="build the image yourself and set run.container.image, or use -O build-mode=build-section",
                )
        elif key == "ref":
            ctx.dropped(
                here,
                f"build.ref reused the image of the v0 build {value!r}; v1 cannot refer to a v0 build",
                hint="set run.container.image to the image that build produced",
            )
        elif key in ("commit", "branch"):
            if git_url:
                ctx.approximated(
                    here,
                    join(places.init, 0, "git", "revision"),
                    f"build.{key} becomes the revision of an init git step",
                )
            else:
                ctx.dropped(here, f"build.{key} needs the repository url in v1", hint="pass -O git-url=<repository url>")
        elif key == "git":
            ctx.approximated(here, join(places.init, 0, "git", "url"), "run.git (0.0.x) becomes an init git step")
        elif key == "backend":
            ctx.dropped(here, f"build.backend {value!r}: v1 builds with a hub component (kaniko)")
        else:
            ctx.dropped(here, f"build.{key} is not a polyaxon v0 build field; it was left out")
    if section:
        result.section = {"hubRef": "kaniko", "connection": str(ctx.options.get("registry-connection"))}
        if spec.get("nocache"):
            result.section["cache"] = {"disable": True}
        if "dockerfile" in spec or "context" in spec:
            context = str(spec.get("context") or "")
            result.section["params"] = {"context": {"value": f"{UPLOADS}/{context}".rstrip("/")}}
        if dockerfile:
            result.section["runPatch"] = {"init": [{"dockerfile": dockerfile}]}
    if code:
        revision = spec.get("commit") or spec.get("branch")
        if git_url:
            git: dict[str, Any] = {"url": git_url}
            if revision:
                git["revision"] = revision
            result.init.append({"git": git})
            result.working_dir = "{{ globals.artifacts_path }}/" + repo_name(git_url)
        else:
            result.working_dir = UPLOADS
            ctx.finding(
                "SL401",
                "v0 copied the project's code into the image at /code and ran there; the v1 container runs in the "
                "uploaded code's folder",
                join(at, next(iter(spec))) if spec else join(src, "run"),
                hint="upload the code with `polyaxon run -u`, or pass -O git-url=<repository url> to clone it",
            )
    return result


def _git(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        return str(value["url"])
    return ""


def _steps(
    ctx: Context,
    here: str,
    steps: list[str],
    mode: str,
    dockerfile: dict[str, Any],
    dockerfile_ptr: str,
    result: Build,
    places: Places,
) -> None:
    if mode == "build-section":
        dockerfile["run"] = steps
        ctx.approximated(
            here,
            join(dockerfile_ptr, "run"),
            "build_steps run in a kaniko build instead of the v0 builder",
            hint="set the registry connection with -O registry-connection=<name>; the build needs polyaxon >= 1.9.2",
        )
    elif mode == "inline":
        result.steps = steps
        ctx.approximated(
            here,
            join(places.container, "args", 0),
            "build_steps now run before the command in every run (build-mode inline)",
            hint="bake them into an image for faster starts, or use -O build-mode=build-section",
        )
    else:
        ctx.dropped(
            here,
            "build_steps are left out (build-mode image-only): the image must already contain what they installed",
            hint="bake them into the image, or use -O build-mode=build-section or inline",
        )


def _env_vars(
    ctx: Context,
    here: str,
    value: Any,
    section: bool,
    dockerfile: dict[str, Any],
    dockerfile_ptr: str,
    result: Build,
    places: Places,
) -> None:
    pairs = as_list(value)
    for index, pair in enumerate(pairs):
        where = join(here, index)
        if not (isinstance(pair, list) and len(pair) == 2):
            ctx.dropped(where, "an env_vars entry must be a [name, value] pair")
            continue
        if section:
            dockerfile.setdefault("env", {})[str(pair[0])] = pair[1]
            ctx.transformed(where, join(dockerfile_ptr, "env", str(pair[0])), "[name, value] -> name: value")
        else:
            result.env.append({"name": str(pair[0]), "value": str(pair[1])})
            ctx.approximated(
                where,
                join(places.container, "env", len(result.env) - 1),
                f"env var {pair[0]} is set on the container at run time (v0 baked it into the image)",
            )
    if not pairs:
        ctx.mapped(here, join(places.container, "env"))


def container(result: Build, args: str | None, pod_resources: dict[str, Any], env_from: list[dict[str, Any]]) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    if result.image is not None:
        parts["image"] = result.image
    if args is not None:
        parts["command"] = ["/bin/bash", "-c"]
        parts["args"] = [args]
    if result.working_dir:
        parts["workingDir"] = result.working_dir
    if result.env:
        parts["env"] = list(result.env)
    if env_from:
        parts["envFrom"] = env_from
    if pod_resources:
        parts["resources"] = pod_resources
    return {key: parts[key] for key in _CONTAINER_ORDER if key in parts}
