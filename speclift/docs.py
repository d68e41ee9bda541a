"""Generated documentation: the README's tables of finding codes and spec types come from the code.

``python -m speclift.docs README.md`` rewrites the blocks between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
a test fails when the README drifts from the code.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

from speclift import codes, spectypes


def codes_table() -> str:
    rows = ["| code | name | default severity | meaning |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | `{c.name}` | {c.severity.label} | {c.summary} |" for c in codes.CODES.values()]
    return "\n".join(rows)


def spectypes_table() -> str:
    rows = ["| spec type | what | checked by |", "|---|---|---|"]
    for spec in spectypes.SPEC_TYPES.values():
        if spec.legacy:
            checked = f"recognised as an old format (`SL012`); becomes `{spec.migrates_to}`"
        elif spec.node_only:
            checked = f"`schemas/{spec.schema_file}`, as a pipeline node only (`SL010` when standalone)"
        else:
            checked = f"`schemas/{spec.schema_file}` + semantic rules"
        rows.append(f"| `{spec.id}` | {spec.title} | {checked} |")
    return "\n".join(rows)


BLOCKS: dict[str, Callable[[], str]] = {"codes": codes_table, "spectypes": spectypes_table}


def render(text: str) -> str:
    """``text`` with every generated block replaced by its current content."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)  # type: ignore[misc]
    return text


def main(argv: list[str]) -> int:
    for path in argv or ["README.md"]:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(render(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
