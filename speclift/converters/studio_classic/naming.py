"""Names in the generated pipeline: jobs, components, ports and parameters, derived from the classic names."""

from __future__ import annotations

import re

__all__ = ["file_stem", "identifier", "slug", "unique"]


def slug(name: str, separator: str = "_") -> str:
    """A classic port or parameter name as the component runtime spells it: lower case, each run of other characters
    one ``separator`` ("Results dataset1" -> ``results_dataset1``; ``-`` for command-line options)."""
    return re.sub(r"[^a-z0-9]+", separator, name.lower()).strip(separator)


def identifier(name: str, fallback: str) -> str:
    """An Azure ML input, output or job name (``^[a-z_][a-z0-9_]*$``)."""
    text = slug(name) or fallback
    return text if re.match(r"[a-z_]", text) else f"_{text}"


def unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    taken.add(candidate)
    return candidate


def file_stem(path: str) -> str:
    """A file-name part from the source's name: `train.json` -> `train`."""
    base = re.sub(r"\.[^.]*$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", base).strip("-.") or "experiment"
