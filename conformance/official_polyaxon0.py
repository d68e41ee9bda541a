"""Verdicts and rendered container commands of polyaxon-schemas 0.6.1 on Polyaxon v0 polyaxonfiles.

Runs inside the polyaxon-schemas==0.6.1 virtual environment (see requirements-polyaxon0.txt); it never imports
speclift.

    python official_polyaxon0.py FILE...
    python official_polyaxon0.py --list LIST             # one file a line (anything after a tab is ignored)

Output: one JSON object per line on standard output, in input order:

    {"file": "...", "ok": true|false, "loader": "PolyaxonFile", "kind": "experiment", "error": "short text",
     "params": {...} | null, "command": [...] | null, "args": [...] | null, "render_error": "...",
     "matrix_wins": {"command": [...], "args": [...]} | null}

The verdict is ``PolyaxonFile(path).specification``, exactly what ``polyaxon check -f`` of polyaxon-cli 0.6.1 does.
For an accepted experiment or job, ``command``/``args`` are what the 0.6 platform put in the main container:
``spec.apply_context()`` (the templates rendered with the file's own params and input defaults), then
``spec.run.get_container_cmd()``. For an accepted group, the same for one experiment of the group, built with
``spec.get_experiment_spec(matrix_declaration=...)`` as the platform did for every suggestion. The suggestion is
fixed and deterministic: the first value of every matrix parameter (the first point of a grid search; ``low`` or
``loc``, as a float, for a continuous distribution; hyperband's resource set to ``max_iter``). ``params`` holds the suggestion (``{}`` for experiments and jobs), so the
converted file can be rendered with the same values. For a group, ``matrix_wins`` is the same experiment rendered
with the suggestion overriding same-name params (v1's precedence; see ``experiment_matrix_wins``).
"""

from __future__ import annotations

import argparse
import collections
import collections.abc
import json
import logging
import os
import sys
import warnings
from typing import Any

from oracle import json_lines_output, read_list, short_error

# polyaxon-schemas 0.6.1 still imports these names from `collections` (removed in Python 3.10).
for _name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Callable", "Set", "MutableSet", "Hashable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))
logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")

from polyaxon_schemas.polyaxonfile import PolyaxonFile  # noqa: E402
from polyaxon_schemas.specs.experiment import ExperimentSpecification  # noqa: E402
from polyaxon_schemas.specs.libs.parser import Parser  # noqa: E402

LOADER = "PolyaxonFile"
RENDERED_KINDS = ("experiment", "job", "group")


def plain(value: Any) -> Any:
    """numpy scalars and arrays as plain Python values (what a JSON round-trip of a suggestion gives)."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    return value


def first_value(matrix: Any) -> Any:
    """The first value of one matrix parameter: the first grid point (``values``, ``range``, ``linspace``,
    ``logspace``, ``geomspace``), the first of ``pvalues``, ``low`` or ``loc`` of a continuous distribution."""
    key, value = next(iter(matrix.to_dict().items()))
    if key == "pvalues":
        return plain(value[0][0])
    if key in matrix.CONTINUOUS:  # a sample of a distribution is always a float
        return float(plain(value.get("low", value.get("loc")) if isinstance(value, dict) else value[0]))
    return plain(matrix.to_numpy()[0])


def suggestion(spec: Any) -> dict[str, Any]:
    """One experiment's matrix declaration. Hyperband also gives every experiment its resource (the platform's
    hyperband manager adds ``resource.name``); the fixed value is ``max_iter``, cast as the platform cast it."""
    params = {name: first_value(matrix) for name, matrix in spec.matrix.items()}
    hyperband = getattr(spec.hptuning, "hyperband", None)
    if hyperband is not None and hyperband.resource is not None:
        params[hyperband.resource.name] = hyperband.resource.cast_value(hyperband.max_iter)
    return params


def experiment_matrix_wins(group: Any, declaration: dict[str, Any]) -> Any:
    """``group.get_experiment_spec(declaration)`` with the precedence reversed: 0.6.1 merges
    ``deep_update(matrix_params, params)``, so params and input defaults of the same name override the suggestion;
    here the suggestion wins, as in Polyaxon v1. Only used to verify that this quirk explains a difference."""
    params = dict(group._config_data.get_params(context=declaration) or {})
    params.update(declaration)
    parsed = Parser.parse(group, group._config_data, params, declaration)
    del parsed[group.HP_TUNING]
    return ExperimentSpecification(values=[parsed, {"kind": "experiment"}])


def rendered(spec: Any) -> dict[str, Any]:
    spec.apply_context()
    command, args = spec.run.get_container_cmd()
    return {"command": list(command), "args": list(args)}


def check(path: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "file": path,
        "ok": False,
        "loader": LOADER,
        "kind": None,
        "error": "",
        "params": None,
        "command": None,
        "args": None,
        "render_error": "",
        "matrix_wins": None,
    }
    if not os.path.isfile(path):
        result["error"] = f"FileNotFoundError: {path}"
        return result
    try:
        spec = PolyaxonFile(path).specification
    except (Exception, SystemExit) as exc:
        result["error"] = short_error(exc)
        return result
    result["ok"] = True
    result["kind"] = spec.kind
    if spec.kind not in RENDERED_KINDS:
        return result
    try:
        group = spec if spec.kind == "group" else None
        result["params"] = suggestion(spec) if group is not None else {}
        experiment = group.get_experiment_spec(matrix_declaration=result["params"]) if group is not None else spec
        result.update(rendered(experiment))
    except (Exception, SystemExit) as exc:
        result["render_error"] = short_error(exc)
        return result
    if group is not None:
        try:
            result["matrix_wins"] = rendered(experiment_matrix_wins(group, result["params"]))
        except (Exception, SystemExit) as exc:
            result["matrix_wins"] = {"error": short_error(exc)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="v0 polyaxonfiles")
    parser.add_argument("--list", help="file with one path a line; '-' for stdin")
    args = parser.parse_args(argv)
    paths: list[str] = list(args.files)
    if args.list:
        paths += [path for path, _ in read_list(args.list)]
    out = json_lines_output()
    for path in paths:
        out.write(json.dumps(check(path), default=str) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
