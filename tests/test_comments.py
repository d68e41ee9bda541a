"""Comments read from a source (roundtrip.read_comments) and written into an output (roundtrip.render)."""

from __future__ import annotations

from speclift.roundtrip import END, Comments, read_comments, render

SOURCE = """\
# header
a: 1  # on a
b:
  # above c
  c: 2
  d:
    # above the first item
    - x  # on x
# after everything
"""


def test_every_comment_is_read_with_its_line_and_column() -> None:
    found = read_comments(SOURCE)
    assert found["/a"] == Comments(["header"], "on a", [(1, 1)], (2, 7))
    assert found["/b/c"].before == ["above c"] and found["/b/c"].before_at == [(4, 3)]
    assert found["/b/d/0"].before == ["above the first item"] and found["/b/d/0"].eol == "on x"
    assert found[END].before == ["after everything"] and found[END].before_at == [(9, 1)]


def test_an_end_of_line_comment_is_two_spaces_after_its_value_whatever_other_keys_carry() -> None:
    text = render({"a": 1, "b": 2, "c": 3}, {"/a": Comments(["above a"]), "/c": Comments(eol="on c")})
    assert text == "# above a\na: 1\nb: 2\nc: 3  # on c\n"
