"""Matrices between polyaxon 1.x and 2.x: 2.17 replaced ``hyperopt`` by ``tpe``.

``tpe`` takes what ``hyperopt`` took except ``algorithm`` (2.18: ``Extra inputs are not permitted``); 1.20 refuses
``tpe`` and 2.18 refuses ``hyperopt``. ``algorithm: tpe`` (hyperopt's default) keeps its meaning; ``rand`` and
``anneal`` have no 2.x equivalent inside one matrix kind, so the search becomes TPE and a person checks it (a plain
random search is ``kind: random``, without the metric and tuner).
"""

from __future__ import annotations

from typing import Any

from speclift.converters.polyaxon_v1 import integers
from speclift.converters.polyaxon_v1.changes import Changes
from speclift.pointer import join


def upgrade_matrix(matrix: Any, pointer: str, changes: Changes) -> None:
    """Rewrite the matrix at ``pointer`` in place as 2.x reads it."""
    if not isinstance(matrix, dict):
        return
    kind = matrix.get("kind")
    table = integers.HYPERBAND if kind == "hyperband" else integers.TPE if kind in ("hyperopt", "tpe") else integers.MATRIX
    integers.fix(matrix, pointer, table, changes)
    integers.fix_early_stopping(matrix, pointer, changes)
    if kind == "hyperopt":
        _hyperopt(matrix, pointer, changes)


def _hyperopt(matrix: dict[str, Any], pointer: str, changes: Changes) -> None:
    matrix["kind"] = "tpe"
    problem = "polyaxon 2.x has no hyperopt matrix (replaced by tpe in 2.17; 2.18 refuses hyperopt)"
    algorithm = matrix.pop("algorithm", None)
    algorithm_at = join(pointer, "algorithm")
    if algorithm in (None, "tpe"):
        changes.fixed(join(pointer, "kind"), problem, "written as kind: tpe, the same search")
        if algorithm is not None:
            kind_at = join(pointer, "kind")
            problem = "polyaxon 2.x's tpe matrix has no algorithm"
            changes.fixed(algorithm_at, problem, "left out: the tpe matrix is that algorithm", target=kind_at)
        return
    changes.approximated(
        join(pointer, "kind"),
        f"{problem}, and 2.x has no hyperopt {algorithm!r} algorithm",
        f"written as kind: tpe, which searches differently from {algorithm!r}",
        hint="keep tpe, or use kind: random (without metric, maxIterations and tuner) for a random search",
    )
    changes.dropped(algorithm_at, "polyaxon 2.x's tpe matrix has no algorithm", "left out: the search is TPE")
