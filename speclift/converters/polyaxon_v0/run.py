"""``run.cmd`` and ``build`` -> the v1 container (command, image, env, working directory) and the build section.

The command is exactly what v0 ran (``polyaxon_schemas.ops.run.cmd.get_container_command_args``): ``/bin/bash -c``
and one string, each command whitespace-normalised with line-continuation backslashes removed, a list joined with
``" && "``. v0 always built an image (``FROM image``, ``ENV`` lines, ``RUN`` steps, the project code at ``/code``);
the ``build-mode`` option chooses how that build survives: a component ``build:`` section (kaniko), steps inlined
into the command, or the base image only.
"""

from __future__ import annotations

from collections.abc import Callable
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


@dataclass(slots=True)
class _BuildPass:
    """One ``build`` section being converted: with ``section`` a kaniko build section is written (``dockerfile``
    collects its init step's dockerfile); without, the image and env go to the container."""

    ctx: Context
    places: Places
    result: Build
    mode: str  # the build-mode option
    section: bool
    git_url: str
    steps: list[str]
    section_ptr: str
    dockerfile_ptr: str
    dockerfile: dict[str, Any] = field(default_factory=dict)


def build(
    ctx: Context, spec: dict[str, Any], at: str, places: Places, *, code: bool, src: str = "", force: bool = False
) -> Build:
    """The build of one component: ``spec`` is its ``build`` section found at ``at``; ``src`` is the document's
    pointer, where the code-location finding goes when there is no build section."""
    mode = str(ctx.options.get("build-mode") or "build-section")
    steps = [str(step) for step in as_list(spec.get("build_steps"))]
    env_vars = [pair for pair in as_list(spec.get("env_vars")) if isinstance(pair, list) and len(pair) == 2]
    bake = bool(steps or env_vars or spec.get("lang_env"))
    section_ptr = join(places.component, "build") if places.section is None else places.section
    state = _BuildPass(
        ctx,
        places,
        Build(),
        mode,
        force or (mode == "build-section" and (bake or "dockerfile" in spec)),
        str(ctx.options.get("git-url") or "") or _git(spec.get("git")),
        steps,
        section_ptr,
        join(section_ptr, "runPatch", "init", 0, "dockerfile"),
    )
    for key, value in spec.items():
        _BUILD_KEYS.get(key, _unknown)(state, join(at, key), key, value)
    if state.section:
        state.result.section = _kaniko_section(state, spec)
    if code:
        _code_location(state, spec, at, src)
    return state.result


def _kaniko_section(state: _BuildPass, spec: dict[str, Any]) -> dict[str, Any]:
    section: dict[str, Any] = {"hubRef": "kaniko", "connection": str(state.ctx.options.get("registry-connection"))}
    if spec.get("nocache"):
        section["cache"] = {"disable": True}
    if "dockerfile" in spec or "context" in spec:
        context = str(spec.get("context") or "")
        section["params"] = {"context": {"value": f"{UPLOADS}/{context}".rstrip("/")}}
    if state.dockerfile:
        section["runPatch"] = {"init": [{"dockerfile": state.dockerfile}]}
    return section


def _code_location(state: _BuildPass, spec: dict[str, Any], at: str, src: str) -> None:
    """Where the code is: cloned by an init git step, else the uploaded code (v0 copied it into the image)."""
    result = state.result
    if state.git_url:
        git: dict[str, Any] = {"url": state.git_url}
        revision = spec.get("commit") or spec.get("branch")
        if revision:
            git["revision"] = revision
        result.init.append({"git": git})
        result.working_dir = "{{ globals.artifacts_path }}/" + repo_name(state.git_url)
        return
    result.working_dir = UPLOADS
    state.ctx.finding(
        "SL401",
        "v0 copied the project's code into the image at /code and ran there; the v1 container runs in the uploaded code's folder",
        join(at, next(iter(spec))) if spec else join(src, "run"),
        hint="upload the code with `polyaxon run -u`, or pass -O git-url=<repository url> to clone it",
    )


def _git(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        return str(value["url"])
    return ""


def _unknown(state: _BuildPass, here: str, key: str, value: Any) -> None:
    state.ctx.dropped(here, f"build.{key} is not a polyaxon v0 build field; it was left out")


def _image(state: _BuildPass, here: str, key: str, value: Any) -> None:
    if state.section:
        state.dockerfile["image"] = value
        state.ctx.mapped(here, join(state.dockerfile_ptr, "image"))
    else:
        state.result.image = value
        state.ctx.mapped(here, join(state.places.container, "image"))


def _build_steps(state: _BuildPass, here: str, key: str, value: Any) -> None:
    ctx = state.ctx
    if state.mode == "build-section":
        state.dockerfile["run"] = state.steps
        ctx.approximated(
            here,
            join(state.dockerfile_ptr, "run"),
            "build_steps run in a kaniko build instead of the v0 builder",
            hint="set the registry connection with -O registry-connection=<name>; the build needs polyaxon >= 1.9.2",
        )
    elif state.mode == "inline":
        state.result.steps = state.steps
        ctx.approximated(
            here,
            join(state.places.container, "args", 0),
            "build_steps now run before the command in every run (build-mode inline)",
            hint="bake them into an image for faster starts, or use -O build-mode=build-section",
        )
    else:
        ctx.dropped(
            here,
            "build_steps are left out (build-mode image-only): the image must already contain what they installed",
            hint="bake them into the image, or use -O build-mode=build-section or inline",
        )


def _env_vars(state: _BuildPass, here: str, key: str, value: Any) -> None:
    ctx, result = state.ctx, state.result
    pairs = as_list(value)
    for index, pair in enumerate(pairs):
        where = join(here, index)
        if not (isinstance(pair, list) and len(pair) == 2):
            ctx.dropped(where, "an env_vars entry must be a [name, value] pair")
            continue
        if state.section:
            state.dockerfile.setdefault("env", {})[str(pair[0])] = pair[1]
            ctx.transformed(where, join(state.dockerfile_ptr, "env", str(pair[0])), "[name, value] -> name: value")
        else:
            result.env.append({"name": str(pair[0]), "value": str(pair[1])})
            ctx.approximated(
                where,
                join(state.places.container, "env", len(result.env) - 1),
                f"env var {pair[0]} is set on the container at run time (v0 baked it into the image)",
            )
    if not pairs:
        ctx.mapped(here, join(state.places.container, "env"))


def _lang_env(state: _BuildPass, here: str, key: str, value: Any) -> None:
    if state.section:
        state.dockerfile["langEnv"] = value
        state.ctx.mapped(here, join(state.dockerfile_ptr, "langEnv"))
        return
    for name in ("LC_ALL", "LANG", "LANGUAGE"):
        state.result.env.append({"name": name, "value": str(value)})
    state.ctx.transformed(here, join(state.places.container, "env"), "lang_env -> LC_ALL, LANG, LANGUAGE")


def _nocache(state: _BuildPass, here: str, key: str, value: Any) -> None:
    if state.section:
        state.ctx.transformed(here, join(state.section_ptr, "cache", "disable"), "nocache -> cache.disable")
    else:
        state.ctx.dropped(here, "nocache: nothing is built in this build mode", hint="use -O build-mode=build-section")


def _dockerfile(state: _BuildPass, here: str, key: str, value: Any) -> None:
    if state.section:
        state.ctx.approximated(
            here,
            join(state.section_ptr, "params", "context"),
            f"build.{key}: the kaniko build uses the uploaded code as its context and builds its Dockerfile",
            hint="check the kaniko hub component's inputs (context, dockerfile) against your layout",
        )
    else:
        state.ctx.dropped(
            here,
            f"build.{key}: v0 built your Dockerfile; this build mode builds nothing",
            hint="build the image yourself and set run.container.image, or use -O build-mode=build-section",
        )


def _ref(state: _BuildPass, here: str, key: str, value: Any) -> None:
    state.ctx.dropped(
        here,
        f"build.ref reused the image of the v0 build {value!r}; v1 cannot refer to a v0 build",
        hint="set run.container.image to the image that build produced",
    )


def _revision(state: _BuildPass, here: str, key: str, value: Any) -> None:
    if state.git_url:
        state.ctx.approximated(
            here, join(state.places.init, 0, "git", "revision"), f"build.{key} becomes the revision of an init git step"
        )
    else:
        state.ctx.dropped(here, f"build.{key} needs the repository url in v1", hint="pass -O git-url=<repository url>")


def _git_key(state: _BuildPass, here: str, key: str, value: Any) -> None:
    state.ctx.approximated(here, join(state.places.init, 0, "git", "url"), "run.git (0.0.x) becomes an init git step")


def _backend(state: _BuildPass, here: str, key: str, value: Any) -> None:
    state.ctx.dropped(here, f"build.backend {value!r}: v1 builds with a hub component (kaniko)")


_BUILD_KEYS: dict[str, Callable[[_BuildPass, str, str, Any], None]] = {
    "image": _image,
    "build_steps": _build_steps,
    "env_vars": _env_vars,
    "lang_env": _lang_env,
    "nocache": _nocache,
    "dockerfile": _dockerfile,
    "context": _dockerfile,
    "ref": _ref,
    "commit": _revision,
    "branch": _revision,
    "git": _git_key,
    "backend": _backend,
}


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
