"""A migration assessment of one ML Studio (classic) experiment: every module with what it was, what Microsoft's
migration guide replaces it with, what speclift generated for it and whether a person must act; the web service's
inputs, outputs and parameters; the order the graph runs in. Plain values: the converter builds one, the inventory
carries it across processes, the reporters show it (migration report, ``speclift scan -v``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Verdict(str, enum.Enum):
    CONVERTED = "converted"  # a generated component does what the module did
    APPROXIMATED = "approximated"  # a generated component runs, but differs (the notes say how)
    PERSON = "needs a person"  # a placeholder component that fails loudly until a person rebuilds it


@dataclass(frozen=True, slots=True)
class ModuleRow:
    job: str  # the pipeline job the node became
    node: str  # the classic node id
    name: str  # the module's name, or what is known of it
    family: str  # the family id
    category: str
    identified_by: str  # "family id", "parameter names", or why it is unknown
    parameters: tuple[tuple[str, str], ...]  # name, value as shown (credentials and scripts never verbatim)
    inputs: tuple[str, ...]  # "Dataset <- split_data.Results dataset1", "Dataset (not connected)", ...
    outputs: tuple[str, ...]  # "Trained model -> score_model.Trained model", ...
    replacement: str  # the designer component the guide maps it to, or "none"
    generated: str  # what speclift wrote for it
    verdict: Verdict
    notes: tuple[str, ...] = ()
    level: int = 0  # its depth in the graph: 0 reads nothing from another module


@dataclass(frozen=True, slots=True)
class ServiceRow:
    kind: str  # input | output | parameter
    name: str
    detail: str  # the module port it is tied to, or the parameter's type and value
    becomes: str  # what it became in the v2 outputs


@dataclass(frozen=True, slots=True)
class Assessment:
    experiment: str  # the experiment's name (its Description), or the file's stem
    modules: tuple[ModuleRow, ...]  # in the order the graph runs (topological)
    service: tuple[ServiceRow, ...] = ()
    notes: tuple[str, ...] = field(default=())  # about the whole graph (a web service outline, a retraining service)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for row in self.modules if row.verdict is verdict)

    @property
    def summary(self) -> str:
        total = len(self.modules)
        parts = [f"{self.count(v)} {v.value}" for v in Verdict if self.count(v)]
        return f"{total} module{'s' if total != 1 else ''}: " + (", ".join(parts) if parts else "none")

    @property
    def needs_person(self) -> bool:
        return self.count(Verdict.PERSON) > 0
