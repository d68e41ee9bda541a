"""How text meant for people is shown: :class:`View` carries what the command line decided (``-q``, ``--color``,
the terminal's width), so reporters stay pure functions of their input and the view they are given: they never
look at a terminal.

Only the text formats read it (``text``, ``table``, the ``--check`` list, standard error); the formats for machines
and documents (json, github, gitlab, junit, sarif, markdown) take it and render the same whatever it says.
"""

from __future__ import annotations

from dataclasses import dataclass

from speclift.findings import Severity

# ANSI SGR colours: errors and blocked files in bold red, warnings and what needs a look in yellow, notes in cyan,
# what is fine in green, what does not matter dim
BOLD_RED, RED, YELLOW, GREEN, CYAN, DIM = "1;31", "31", "33", "32", "36", "2"
SEVERITY_COLOURS = {Severity.ERROR: BOLD_RED, Severity.WARNING: YELLOW, Severity.INFO: CYAN}


@dataclass(frozen=True, slots=True)
class View:
    quiet: bool = False  # -q: only errors and the summary
    color: bool = False  # ANSI colours (--color; in auto, a terminal without NO_COLOR)
    width: int | None = None  # columns a table may take (a terminal's, or COLUMNS); None: as wide as its content
    # the least severe finding that fails the run (validate's --fail-on): shown even without -v (a note under
    # --fail-on info), so a failed run shows why; -q still shows only the errors, and the summary counts the rest
    fail_on: Severity = Severity.ERROR

    def paint(self, text: str, colour: str | None) -> str:
        """``text`` in ``colour`` when colours are on (nothing around an empty text or without a colour)."""
        return f"\x1b[{colour}m{text}\x1b[0m" if self.color and colour and text else text

    def severity(self, severity: Severity, text: str | None = None) -> str:
        """``text`` (the severity's own label by default) in the severity's colour."""
        return self.paint(severity.label if text is None else text, SEVERITY_COLOURS[severity])


PLAIN = View()
