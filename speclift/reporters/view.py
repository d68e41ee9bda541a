"""How text meant for people is shown: :class:`View` carries what the command line decided (``-q``), so reporters
stay pure functions of their input and the view they are given.

Only the text formats read it (``text``, ``table``, the ``--check`` list, standard error); the formats for machines
and documents (json, github, gitlab, junit, sarif, markdown) take it and render the same whatever it says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class View:
    quiet: bool = False  # -q: only errors and the summary


PLAIN = View()
