"""``hptuning`` (kind: group) -> the operation's ``matrix``: grid, random, hyperband, bayes; params; early stopping.

v1 requires ``numRuns`` for random search, so one is chosen when v0 had none (the size of a discrete space, else
10) and a finding says so. Matrix parameters are declared as component inputs; when a param has the same name,
v1 lets the matrix value win (polyaxon 0.6.1 let the param win), and a finding says so.
"""

from __future__ import annotations

import math
import re
from typing import Any

from speclift.conversion.fields import NUMBER
from speclift.converters.polyaxon_v0.context import Context, as_dict, as_list
from speclift.converters.polyaxon_v0.params import common_type
from speclift.pointer import join

__all__ = ["common_type", "convert_hptuning", "matrix_names"]

_PARAM_KINDS = {"values": "choice", "pvalues": "pchoice"}
_PARAM_KINDS |= {
    k: k
    for k in (
        "range",
        "linspace",
        "logspace",
        "geomspace",
        "uniform",
        "quniform",
        "loguniform",
        "qloguniform",
        "normal",
        "qnormal",
        "lognormal",
        "qlognormal",
    )
}
_ALGORITHMS = {"grid_search": "grid", "random_search": "random", "hyperband": "hyperband", "bo": "bayes"}
_RENAMES = {
    "n_experiments": "numRuns",
    "max_iter": "maxIterations",
    "n_iterations": "maxIterations",
    "n_initial_trials": "numInitialRuns",
    "eta": "eta",
    "resume": "resume",
    "resource": "resource",
    "metric": "metric",
    "utility_function": "utilityFunction",
    "acquisition_function": "acquisitionFunction",
    "kappa": "kappa",
    "eps": "eps",
    "n_warmup": "numWarmup",
    "n_iter": "numIterations",
    "gaussian_process": "gaussianProcess",
    "kernel": "kernel",
    "length_scale": "lengthScale",
    "nu": "nu",
    "n_restarts_optimizer": "numRestartsOptimizer",
    "name": "name",
    "type": "type",
    "optimization": "optimization",
}
# A search algorithm's settings: the same names, but for the keys of its `metric` (and `resource`).
_SETTINGS = {key: new for key, new in _RENAMES.items() if key not in ("name", "type", "optimization")}
_ORDER = (
    "kind",
    "params",
    "numRuns",
    "numInitialRuns",
    "maxIterations",
    "eta",
    "resource",
    "metric",
    "resume",
    "utilityFunction",
    "seed",
    "concurrency",
    "earlyStopping",
)
DEFAULT_RANDOM_RUNS = 10
_SEXAGESIMAL = re.compile(r"^[-+]?\d+(:\d+)+$")


def _default_runs(ctx: Context, sizes: list[int | None], at: str, matrix: dict[str, Any]) -> None:
    """v1 requires numRuns for a random search: the size of a discrete space, else a default."""
    known = [s for s in sizes if s is not None]
    size = math.prod(known) if sizes and len(known) == len(sizes) else None
    matrix["numRuns"] = size if size else DEFAULT_RANDOM_RUNS
    ctx.finding(
        "SL401",
        f"v1 requires numRuns for a random search and v0 gave no n_experiments: numRuns is set to {matrix['numRuns']}"
        + (" (every combination of the discrete space)" if size else ""),
        at,
        hint="set numRuns to the number of runs you want",
    )


def _search_options(ctx: Context, hptuning: dict[str, Any], src: str, dst: str, matrix: dict[str, Any]) -> None:
    """concurrency, seed and early_stopping (the matrix and the algorithm were read before)."""
    for key, value in hptuning.items():
        at = join(src, key)
        if key in ("matrix", *_ALGORITHMS):
            continue
        if key == "concurrency":
            matrix["concurrency"] = value
            ctx.mapped(at, join(dst, "concurrency"))
        elif key == "seed":
            if matrix["kind"] == "grid":
                ctx.dropped(at, "a grid search has no seed in v1")
            else:
                matrix["seed"] = value
                ctx.mapped(at, join(dst, "seed"))
        elif key == "early_stopping":
            matrix["earlyStopping"] = _early_stopping(ctx, as_list(value), at, join(dst, "earlyStopping"))
        else:
            ctx.dropped(at, f"hptuning.{key} is not a polyaxon v0 hptuning field; it was left out")


def matrix_names(hptuning: dict[str, Any]) -> set[str]:
    return {str(name) for name in as_dict(hptuning.get("matrix"))}


def convert_hptuning(ctx: Context, hptuning: dict[str, Any], src: str, dst: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The matrix, and the inputs it needs declared (matrix params and the hyperband resource)."""
    algorithms = [key for key in _ALGORITHMS if key in hptuning]
    algorithm = algorithms[0] if algorithms else "grid_search"
    matrix: dict[str, Any] = {"kind": _ALGORITHMS[algorithm]}
    ctx_inputs: list[dict[str, Any]] = []
    for extra in algorithms[1:]:
        ctx.dropped(join(src, extra), f"only one search algorithm is allowed; {algorithm} is used, {extra} is left out")
    params, sizes = _params(ctx, as_dict(hptuning.get("matrix")), join(src, "matrix"), join(dst, "params"), ctx_inputs)
    matrix["params"] = params
    if algorithms:
        settings = hptuning[algorithm]
        _settings(ctx, as_dict(settings), join(src, algorithm), dst, matrix)
        if not isinstance(settings, dict) or not settings:
            ctx.transformed(join(src, algorithm), join(dst, "kind"), f"{algorithm} -> kind: {matrix['kind']}")
    if matrix["kind"] == "random" and "numRuns" not in matrix:
        _default_runs(ctx, sizes, join(src, algorithm), matrix)
    if matrix["kind"] == "hyperband":
        resource = as_dict(matrix.get("resource"))
        if isinstance(resource.get("name"), str):
            entry: dict[str, Any] = {"name": resource["name"]}
            if resource.get("type") in ("int", "float"):
                entry["type"] = resource["type"]
            entry["isOptional"] = True
            ctx_inputs.append(entry)
    _search_options(ctx, hptuning, src, dst, matrix)
    matrix.setdefault("concurrency", 1)  # v0's default; v1's differs by version
    return {key: matrix[key] for key in _ORDER if key in matrix}, ctx_inputs


def _params(
    ctx: Context, raw: dict[str, Any], src: str, dst: str, inputs: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[int | None]]:
    params: dict[str, Any] = {}
    sizes: list[int | None] = []
    for name, spec in raw.items():
        at = join(src, name)
        kinds = [key for key in as_dict(spec) if key in _PARAM_KINDS]
        if not kinds:
            ctx.dropped(at, f"matrix param {name!r} has no known kind (values, range, linspace, uniform, ...)")
            continue
        kind = kinds[0]
        value = spec[kind]
        for other in as_dict(spec):
            if other != kind:
                ctx.dropped(join(at, other), f"matrix param {name!r} may have one kind; {kind} is used")
        target = join(dst, name)
        v1_kind = _PARAM_KINDS[kind]
        written = ctx.raw_text(join(at, kind)) if isinstance(value, int) and kind not in ("values", "pvalues") else None
        if written is not None and _SEXAGESIMAL.match(written):
            ctx.finding(
                "SL409",
                f"{kind}: {written} is a sexagesimal number ({value}) for YAML 1.1 loaders; it is read as the string {written!r}",
                join(at, kind),
                hint=f"quote it in the source: {kind}: '{written}'",
            )
            value = written
        if kind == "range" and isinstance(value, list) and len(value) != 3:
            v1_kind = "choice"
            ctx.approximated(
                join(at, kind),
                join(target, "value"),
                f"range {value} needs [start, stop, step]; its {len(value)} values are used as a choice",
                hint="write range: [start, stop, step] if a range was meant",
            )
        else:
            ctx.transformed(join(at, kind), join(target, "value"), f"{kind} -> kind: {v1_kind}")
        params[name] = {"kind": v1_kind, "value": value}
        entry: dict[str, Any] = {"name": name}
        if v1_kind == "choice" and isinstance(value, list):
            kind_of = common_type(value)
            if kind_of in ("int", "float", "bool", "str"):
                entry["type"] = kind_of
        inputs.append(entry)
        sizes.append(_size(v1_kind, value))
    return params, sizes


def _size(kind: str, value: Any) -> int | None:
    if kind in ("choice", "pchoice") and isinstance(value, list):
        return len(value)
    if kind in ("linspace", "logspace", "geomspace"):
        parts = value.split(":") if isinstance(value, str) else value
        num = parts.get("num") if isinstance(parts, dict) else (parts[2] if isinstance(parts, list) and len(parts) > 2 else None)
        count = NUMBER.read(num)
        return None if count is None else int(count)
    if kind == "range":
        parts = value.split(":") if isinstance(value, str) else value
        if isinstance(parts, dict):
            parts = [parts.get("start"), parts.get("stop"), parts.get("step")]
        numbers = [NUMBER.read(p) for p in parts] if isinstance(parts, list) else []
        if len(numbers) != 3 or None in numbers or not numbers[2]:
            return None
        start, stop, step = (float(n) for n in numbers if n is not None)
        steps = (stop - start) / step
        return max(0, math.ceil(steps)) if math.isfinite(steps) else None
    return None


def _settings(ctx: Context, settings: dict[str, Any], src: str, dst: str, out: dict[str, Any]) -> None:
    for key, new, value in ctx.renamed_keys(settings, src, _SETTINGS, "{key} is not a setting of this search algorithm in v0"):
        out[new] = _renamed(ctx, value, join(src, key), join(dst, new))


def _renamed(ctx: Context, value: Any, src: str, dst: str) -> Any:
    """Rename nested keys (snake_case -> camelCase) and lower-case enum values, recording each leaf."""
    if not isinstance(value, dict):
        enum = src.rsplit("/", 1)[-1] in ("optimization", "acquisition_function", "kernel")
        if enum and isinstance(value, str) and value != value.lower():
            ctx.transformed(src, dst, "v1 enum values are lower case")
            return value.lower()
        ctx.mapped(src, dst)
        return value
    out: dict[str, Any] = {}
    for key, new, item in ctx.renamed_keys(value, src, _RENAMES, "{key} has no v1 equivalent"):
        out[new] = _renamed(ctx, item, join(src, key), join(dst, new))
    return out


def _early_stopping(ctx: Context, items: list[Any], src: str, dst: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        at = join(src, index)
        if not isinstance(item, dict):
            ctx.dropped(at, "an early_stopping entry must be a mapping")
            continue
        target = join(dst, len(result))
        entry: dict[str, Any] = {"kind": "metric_early_stopping"}
        for key, value in item.items():
            here = join(at, key)
            if key in ("metric", "value"):
                entry[key] = value
                ctx.mapped(here, join(target, key))
            elif key == "optimization":
                entry[key] = str(value).lower()
                ctx.transformed(here, join(target, key), "lower case")
            elif key == "higher" and "optimization" not in item:  # 0.0.x spelling
                entry["optimization"] = "maximize" if value else "minimize"
                ctx.transformed(here, join(target, "optimization"), "higher (0.0.x) -> optimization")
            elif key == "policy":
                policy = _policy(ctx, as_dict(value), here, join(target, "policy"))
                if policy:
                    entry["policy"] = policy
            else:
                ctx.dropped(here, f"early_stopping.{key} has no v1 equivalent")
        if "optimization" not in entry:
            entry["optimization"] = "maximize"  # v0's default; v1 requires it
        result.append({k: entry[k] for k in ("kind", "metric", "value", "optimization", "policy") if k in entry})
    return result


def _policy(ctx: Context, policy: dict[str, Any], src: str, dst: str) -> dict[str, Any] | None:
    kind = str(policy.get("kind", "")).lower()
    if kind not in ("median", "truncation"):
        ctx.dropped(
            src,
            f"the early-stopping policy {kind or '(none)'!r} has no v1 equivalent (median, truncation or diff)",
            hint="the metric threshold still applies; choose a median or truncation policy if one is wanted",
        )
        return None
    out: dict[str, Any] = {"kind": kind}
    for key, value in policy.items():
        here = join(src, key)
        if key == "kind":
            ctx.mapped(here, join(dst, "kind"))
        elif key in ("evaluation_interval", "percent"):
            new = "evaluationInterval" if key == "evaluation_interval" else "percent"
            out[new] = value
            ctx.mapped(here, join(dst, new))
        else:
            ctx.dropped(here, f"policy.{key} has no v1 equivalent")
    return out
