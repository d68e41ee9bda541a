"""Text tables that fit a width: when the table is wider than the view allows, its flexible columns give way (a list
puts one item on a line, a path loses its middle, text wraps) one character at a time, each time where the fewest
cells (for the column's weight) get cut, never below their minimum; fixed columns (numbers, statuses) stay whole. So
one long path costs its own cell, not the whole column.

Without a width (output piped or redirected: the command line gives none) every cell is whole and the table as wide
as its content, so what a script or a file gets never depends on a terminal.
"""

from __future__ import annotations

import bisect
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from speclift.reporters.view import View

FIXED, PATH, LIST, WRAP = "fixed", "path", "list", "wrap"
GAP = "  "
ELLIPSIS = "..."


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    fit: str = FIXED  # how a cell gives way: PATH shortens its middle, LIST one item a line, WRAP wraps its words
    minimum: int = 1  # never narrower than this (nor than its title)
    weight: int = 1  # how much a cut in this column costs: a column of weight 2 gives way half as readily
    colour: Callable[[str], str | None] | None = None  # a cell's text -> its colour


def render(columns: Sequence[Column], rows: Sequence[Sequence[str]], view: View, *, header: bool = True) -> list[str]:
    """The table's lines: the titles and a rule (with ``header``), then the rows; trailing spaces removed."""
    titles = [c.title if header else "" for c in columns]
    widths = [max([columns_of(t), *(columns_of(row[i]) for row in rows)]) for i, t in enumerate(titles)]
    if view.width is not None and _total(widths) > view.width:
        widths = _fitted(columns, rows, titles, widths, view.width)
    lines = []
    if header:
        lines.append(_line(titles, widths, [None] * len(columns), view))
        lines.append(GAP.join("-" * w for w in widths))
    for row in rows:
        cells = [_cell(text, column, width) for text, column, width in zip(row, columns, widths, strict=True)]
        colours = [column.colour(text) if column.colour else None for text, column in zip(row, columns, strict=True)]
        for k in range(max(len(cell) for cell in cells)):
            lines.append(_line([cell[k] if k < len(cell) else "" for cell in cells], widths, colours, view))
    return lines


def _total(widths: Sequence[int]) -> int:
    return sum(widths) + len(GAP) * (len(widths) - 1)


def _fitted(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], titles: list[str], widths: list[int], width: int
) -> list[int]:
    widths = list(widths)
    for i, column in enumerate(columns):  # a list costs nothing to put one item a line
        if column.fit == LIST:
            widths[i] = max([columns_of(titles[i]), *(columns_of(item) for row in rows for item in _items(row[i]))])
    floors = [max(column.minimum, columns_of(title)) for column, title in zip(columns, titles, strict=True)]
    lengths = [sorted(columns_of(p) for row in rows for p in _parts(row[i], column)) for i, column in enumerate(columns)]

    def cost(i: int) -> tuple[float, float]:  # the cells narrowing column i cuts (the widest column on a tie)
        cut = len(lengths[i]) - bisect.bisect_left(lengths[i], widths[i])
        return cut / columns[i].weight, -widths[i] / columns[i].weight

    while _total(widths) > width:
        shrinkable = [i for i, column in enumerate(columns) if column.fit != FIXED and widths[i] > floors[i]]
        if not shrinkable:  # narrower than the minimums: the lines run over
            break
        widths[min(shrinkable, key=cost)] -= 1
    return widths


def _parts(text: str, column: Column) -> list[str]:
    """What has to fit the column's width: the items of a list, else the whole cell."""
    return _items(text) if column.fit == LIST else [text]


def _items(text: str) -> list[str]:
    return text.split(", ")


def _cell(text: str, column: Column, width: int) -> list[str]:
    if columns_of(text) <= width or column.fit == FIXED:
        return [text]
    if column.fit == LIST:
        return [shorten(item, width) for item in _items(text)]
    if column.fit == WRAP:
        return textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    return [shorten(text, width)]


def _line(cells: Sequence[str], widths: Sequence[int], colours: Sequence[str | None], view: View) -> str:
    """The padding stays outside the colour, so a coloured cell lines up as a plain one."""
    parts = [
        view.paint(cell, colour) + " " * (width - columns_of(cell))
        for cell, width, colour in zip(cells, widths, colours, strict=True)
    ]
    return GAP.join(parts).rstrip()


def shorten(path: str, width: int) -> str:
    """``path`` in at most ``width`` characters: its file name whole, the first folder (where in the repository)
    and the nearest ones (what the file is) as many as fit, ``...`` for the middle; a name too long for the width
    keeps its end. Widths are terminal columns (:func:`columns_of`)."""
    if columns_of(path) <= width:
        return path
    if width <= len(ELLIPSIS):
        return _tail(path, width)
    head, slash, name = path.rpartition("/")
    if not slash or columns_of(name) + len(ELLIPSIS) + 1 > width:
        return ELLIPSIS + _tail(path, width - len(ELLIPSIS))
    folders = head.split("/")
    room = width - columns_of(name) - len(ELLIPSIS) - 1
    first: list[str] = []
    if columns_of(folders[0]) + 1 <= room:
        first.append(folders[0])
        room -= columns_of(folders[0]) + 1
        folders = folders[1:]
    nearest: list[str] = []
    while folders and columns_of(folders[-1]) + 1 <= room:
        nearest.insert(0, folders.pop())
        room -= columns_of(nearest[0]) + 1
    return "/".join([*first, ELLIPSIS, *nearest, name])


def columns_of(text: str) -> int:
    """The terminal columns ``text`` takes: two for an East Asian wide or fullwidth character (a CJK file name), none
    for a combining mark, one for the rest; ``len`` would misalign every row holding such a name."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _tail(text: str, width: int) -> str:
    """The longest end of ``text`` that takes at most ``width`` columns."""
    taken = 0
    for k in range(len(text) - 1, -1, -1):
        taken += columns_of(text[k])
        if taken > width:
            return text[k + 1 :]
    return text
