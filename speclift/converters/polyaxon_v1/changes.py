"""What the 1.x -> 2.x upgrade does to one place of a ``version: 1.1`` file, as values.

A :class:`Change` says why polyaxon 2.x rejects or reads the place differently (``problem``) and what becomes of it
(``action``). The converter turns each into provenance and a finding; the lint rule (SL216) reports the same
``problem`` on the 1.x file, so both always agree on what needs a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The command that does the upgrade, as the lint rule's hints name it.
COMMAND = "speclift convert --to polyaxon-v2"


@dataclass(frozen=True, slots=True)
class Change:
    """One place (``pointer`` into the 1.x data) that 2.x rejects or reads differently.

    ``code`` is the converter's finding: SL409 (fixed, meaning kept), SL401 (approximated, a person checks), SL402
    (left out) or SL404 (a person must decide: no output); none for a part that only moved along with a change.
    ``target`` is where it went in the upgraded data (None when left out or refused)."""

    pointer: str
    code: str
    problem: str
    action: str
    target: str | None = None
    hint: str | None = None


@dataclass(slots=True)
class Changes:
    """The changes of one upgrade, in the order the walk met them."""

    items: list[Change] = field(default_factory=list)

    def moved(self, pointer: str, target: str) -> None:
        """A part that keeps its meaning in another place (no finding): provenance only."""
        self.items.append(Change(pointer, "", "", "", target))

    def fixed(self, pointer: str, problem: str, action: str, target: str | None = None) -> None:
        self.items.append(Change(pointer, "SL409", problem, action, pointer if target is None else target))

    def approximated(self, pointer: str, problem: str, action: str, target: str | None = None, hint: str | None = None) -> None:
        self.items.append(Change(pointer, "SL401", problem, action, pointer if target is None else target, hint))

    def dropped(self, pointer: str, problem: str, action: str, hint: str | None = None) -> None:
        self.items.append(Change(pointer, "SL402", problem, action, None, hint))

    def refused(self, pointer: str, problem: str, action: str, hint: str | None = None) -> None:
        self.items.append(Change(pointer, "SL404", problem, action, None, hint))
