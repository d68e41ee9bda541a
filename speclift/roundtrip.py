"""Comments in, comments out: reading a source's comments by JSON pointer and writing YAML that keeps them.

Values always come from the fast loader (PyYAML, YAML 1.1, as the platforms read them); ruamel.yaml is used only
for what it alone keeps: comments. Output is written with ruamel.yaml and every string that a YAML 1.1 loader would
read as something else (``1:8:4`` is a sexagesimal number there, ``on`` a boolean, ``1e-3`` ...) is quoted.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from speclift.pointer import escape


@dataclass(slots=True)
class Comments:
    before: list[str] = field(default_factory=list)  # whole-line comments above the key, without "#"
    eol: str | None = None  # the comment at the end of the key's line, without "#"
    before_at: list[tuple[int, int]] = field(default_factory=list)  # (line, column) of each ``before`` comment
    eol_at: tuple[int, int] = (0, 0)  # (line, column) of ``eol``

    def texts(self) -> list[tuple[str, tuple[int, int]]]:
        """Every comment with its (line, column), in source order."""
        found = list(zip(self.before, self.before_at, strict=False))
        return [*found, (self.eol, self.eol_at)] if self.eol is not None else found


END = ""  # the pointer under which comments after the document's last field are kept (they follow no key)


def read_comments(text: str) -> dict[str, Comments]:
    """Comments of the first document of ``text``, by the JSON pointer of the key (or item) they belong to: a
    whole-line comment to the key below it, an end-of-line comment to its line's key, comments after the last field
    to :data:`END`."""
    if "#" not in text:  # no comment can hide anywhere: spare the (slow, pure-Python) round-trip parse
        return {}
    try:
        root = _yaml("loader").load(text)
    except Exception:  # comments are a courtesy: a text ruamel cannot read simply has none for us
        vars(_INSTANCES).pop("loader", None)  # a fresh one for the next text, whatever state the failure left behind
        return {}
    found: dict[str, Comments] = {}
    _walk(root, "", END, found)
    return found


def _walk(node: Any, pointer: str, after: str, found: dict[str, Comments]) -> None:
    """``after``: where comments go that follow the node's last child (the key after the node, or :data:`END`)."""
    if isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and node.ca.comment and len(node.ca.comment) > 1:
        first = f"{pointer}/{escape(str(next(iter(node))) if isinstance(node, CommentedMap) else '0')}"
        for token in node.ca.comment[1] or []:  # comments above the first key or item (the file's header)
            _split(token, first, first, found, eol=False)
    if isinstance(node, CommentedMap):
        keys = list(node)
        for index, key in enumerate(keys):
            child = f"{pointer}/{escape(str(key))}"
            token = _token(node.ca.items.get(key), 2)
            following = f"{pointer}/{escape(str(keys[index + 1]))}" if index + 1 < len(keys) else after
            _split(token, child, following, found)
            _walk(node[key], child, following, found)
    elif isinstance(node, CommentedSeq):
        for index, item in enumerate(node):
            child = f"{pointer}/{index}"
            token = _token(node.ca.items.get(index), 0)
            following = f"{pointer}/{index + 1}" if index + 1 < len(node) else after
            _split(token, child, following, found)
            _walk(item, child, following, found)


def _token(entry: Any, position: int) -> Any:
    if not entry or len(entry) <= position:
        return None
    token = entry[position]
    if isinstance(token, list):  # ruamel keeps lists of tokens in some positions
        token = token[0] if token else None
    return token


def _split(token: Any, pointer: str, following: str, found: dict[str, Comments], *, eol: bool = True) -> None:
    """ruamel stores a key's end-of-line comment and the whole-line comments after it in one token."""
    if token is None or not getattr(token, "value", None):
        return
    mark = getattr(token, "start_mark", None)
    start, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    lines = list(enumerate(token.value.split("\n"), start))
    if eol and not token.value.startswith("\n") and lines[0][1].strip().startswith("#"):
        slot = found.setdefault(pointer, Comments())
        slot.eol, slot.eol_at = lines[0][1].strip()[1:].strip(), (start, column)
        lines = lines[1:]
    rest = [(number, line) for number, line in lines if line.strip().startswith("#")]
    if rest:
        slot = found.setdefault(following, Comments())
        for number, line in rest:
            slot.before.append(line.strip()[1:].strip())
            at = column if number == start else len(line) - len(line.lstrip()) + 1
            slot.before_at.append((number if start else 0, at if start else 0))


_YAML11 = yaml.resolver.Resolver()


def _needs_quotes(value: str) -> bool:
    """True when a YAML 1.1 loader (PyYAML, the platforms') would not read this plain string back as a string."""
    tag: str = _YAML11.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag != "tag:yaml.org,2002:str"


class _Representer(RoundTripRepresenter):
    def represent_str(self, data: str) -> Any:
        if _needs_quotes(data):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        if "\n" in data.rstrip("\n"):  # a multi-line command reads as its lines (ruamel quotes what a block cannot hold)
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return super().represent_str(data)

    def represent_float(self, data: float) -> Any:
        text = repr(data)
        if type(data) is float and "e" in text and "." not in text and text not in ("inf", "-inf", "nan"):
            # YAML 1.1 floats need a dot: PyYAML reads 3e-05 as a string, 3.0e-05 as a float
            mantissa, exponent = text.split("e")
            return self.represent_scalar("tag:yaml.org,2002:float", f"{mantissa}.0e{exponent}")
        return super().represent_float(data)


_Representer.add_representer(str, _Representer.represent_str)
_Representer.add_representer(float, _Representer.represent_float)


def render(data: Any, comments: dict[str, Comments] | None = None) -> str:
    """Dump ``data`` (plain dicts and lists, in the order to emit) as block YAML, with ``comments`` by pointer."""
    # Without comments the plain data dumps to the same text, unless a dict or list appears twice (it would become
    # an anchor and an alias): only then, or to attach comments, is it copied into ruamel's commented containers.
    tree = _commented(data, "", comments or {}) if comments or _shares_containers(data, set()) else data
    stream = io.StringIO()
    _yaml("dumper").dump(tree, stream)
    return stream.getvalue()


def _shares_containers(value: Any, seen: set[int]) -> bool:
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            return True
        seen.add(id(value))
        return any(_shares_containers(item, seen) for item in (value.values() if isinstance(value, dict) else value))
    return False


_INSTANCES = threading.local()  # an instance holds the state of the load or dump under way: one set per thread


def _yaml(role: str) -> YAML:
    """One configured ruamel.yaml instance per role (and thread): making one searches for plug-ins on disk and
    builds its resolver tables, which cost about as much as dumping a small file."""
    instance: YAML | None = getattr(_INSTANCES, role, None)
    if instance is None:
        instance = YAML(typ="rt")
        if role == "dumper":
            instance.Representer = _Representer
            instance.indent(mapping=2, sequence=4, offset=2)
            instance.width = 4096  # never fold long commands: a folded line is a different string for some loaders
        setattr(_INSTANCES, role, instance)
    return instance


def _add_eol(container: CommentedMap | CommentedSeq, key: Any, text: str) -> None:
    """An end-of-line comment two spaces after the value, always: ruamel's ``yaml_add_eol_comment`` guesses the column
    from the neighbours' comments and leaves one space after a key that has only a comment above it."""
    token = CommentToken(" # " + text, CommentMark(0))
    container._yaml_add_eol_comment([token, None], key=key)


def _commented(value: Any, pointer: str, comments: dict[str, Comments], depth: int = 0) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            child = f"{pointer}/{escape(str(key))}"
            mapping[key] = _commented(item, child, comments, depth + 1)
            note = comments.get(child)
            if note is None:
                continue
            if note.before:
                mapping.yaml_set_comment_before_after_key(key, before="\n".join(note.before), indent=2 * depth)
            if note.eol:
                _add_eol(mapping, key, note.eol)
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq()
        for index, item in enumerate(value):
            sequence.append(_commented(item, f"{pointer}/{index}", comments, depth + 1))
            note = comments.get(f"{pointer}/{index}")
            if note is not None and note.eol and not isinstance(item, (dict, list)):
                _add_eol(sequence, index, note.eol)
        return sequence
    if isinstance(value, str) and "\n" not in value and _needs_quotes(value):
        return DoubleQuotedScalarString(value)
    return value
