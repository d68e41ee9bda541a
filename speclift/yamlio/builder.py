"""The one walk over a composed node tree: plain data plus the position of every key and value, with duplicate keys,
unknown tags, alias bombs and runaway nesting refused as located findings."""

from __future__ import annotations

import datetime
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor

from speclift import codes
from speclift.findings import Finding, excerpt
from speclift.pointer import escape
from speclift.yamlio.document import Document, Limits, LoadError, Position

_constructor = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": _constructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": _constructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": _constructor.construct_yaml_int,
    "tag:yaml.org,2002:float": _constructor.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _constructor.construct_yaml_timestamp,
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_KNOWN_COLLECTION_TAGS = {_MAP, _SEQ, "tag:yaml.org,2002:omap", "tag:yaml.org,2002:set"}


class Builder:
    """Turns one composed node tree into plain data plus position maps, enforcing the limits."""

    def __init__(self, path: str, index: int, limits: Limits, findings: list[Finding]) -> None:
        self.path = path
        self.index = index
        self.limits = limits
        self.findings = findings
        self.doc = Document(data=None, index=index)
        self.built: dict[int, Any] = {}  # alias targets already built, by node identity
        self.sizes: dict[int, tuple[int, int]] = {}
        self.open: set[int] = set()  # nodes being measured: meeting one again means an alias inside its own anchor

    def document(self, root: yaml.Node, may_alias: bool = True) -> Document:
        self.doc.start = _pos(root)
        # Without an alias (`*name`) nothing can expand: the measuring walk is skipped, depth is still bounded in _build.
        if may_alias:
            nodes, characters = self._expanded_size(root, 0)
            if nodes > self.limits.max_nodes:
                self._refuse(root, f"aliases expand to over {self.limits.max_nodes:,} nodes (an alias bomb?)")
            if characters > self.limits.max_file_size:
                # Data shares aliased values, but every reader that writes it out (normalize, diff, a converter's
                # output) expands them: a document is refused where its expansion outgrows the largest file read.
                self._refuse(
                    root,
                    f"aliases expand to over {self.limits.max_file_size:,} characters of text (an alias bomb?)",
                    hint="raise `max-file-size` in the configuration if this document really is a spec",
                )
        self.doc.data = self._build(root, "", 0)
        return self.doc

    def _refuse(self, node: yaml.Node, message: str, hint: str | None = None) -> NoReturn:
        raise LoadError(codes.make("SL006", message, self.path, *_pos(node), hint=hint, document=self.index))

    def _expanded_size(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        """Nodes and characters of scalar text the document has once aliases are expanded, memoised so a bomb is
        measured, not expanded."""
        if id(node) in self.open:
            self._refuse(node, "an alias refers to a node that contains it: the data would be infinite (a recursive alias)")
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if depth > self.limits.max_depth:
            self._refuse(node, f"nesting deeper than {self.limits.max_depth} levels")
        if isinstance(node, yaml.ScalarNode):
            size = (1, len(node.value))
            self.sizes[id(node)] = size
            return size
        self.open.add(id(node))
        nodes, characters = 1, 0
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        for child in children:
            child_nodes, child_characters = self._expanded_size(child, depth + 1)
            nodes, characters = nodes + child_nodes, characters + child_characters
            if nodes > self.limits.max_nodes or characters > self.limits.max_file_size:
                break
        self.open.discard(id(node))
        self.sizes[id(node)] = (nodes, characters)
        return nodes, characters

    def _build(self, node: yaml.Node, pointer: str, depth: int) -> Any:
        if depth > self.limits.max_depth:
            raise LoadError(
                codes.make(
                    "SL006", f"nesting deeper than {self.limits.max_depth} levels", self.path, *_pos(node), document=self.index
                )
            )
        shared = self.built.get(id(node))
        if shared is not None:
            return shared
        values = self.doc.values
        if pointer not in values:
            values[pointer] = _pos(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, pointer)
            items: list[Any] = []
            self.built[id(node)] = items
            for i, item in enumerate(node.value):
                items.append(self._build(item, f"{pointer}/{i}", depth + 1))
            return items
        if isinstance(node, yaml.MappingNode):
            self._check_tag(node, pointer)
            mapping: dict[str, Any] = {}
            self.built[id(node)] = mapping
            self._fill_mapping(node, mapping, pointer, depth)
            return mapping
        raise AssertionError(f"unexpected node {node!r}")  # pragma: no cover

    def _fill_mapping(self, node: yaml.MappingNode, mapping: dict[str, Any], pointer: str, depth: int) -> None:
        seen: dict[str, Position] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.append(value_node)
                continue
            key = self._key(key_node)
            child = f"{pointer}/{escape(key)}"
            where = _pos(key_node)
            if key in seen:
                line = seen[key][0]
                self.findings.append(
                    codes.make(
                        "SL002",
                        f"duplicate key {excerpt(key)} (first at line {line}): only this last value is used, as the platforms' "
                        "YAML loaders silently drop the first",
                        self.path,
                        *where,
                        pointer=child,
                        document=self.index,
                    )
                )
                self.doc.values.pop(child, None)  # the value kept is this one: findings about it point here
            seen[key] = where
            self.doc.keys[child] = where
            mapping[key] = self._build(value_node, child, depth + 1)
        for source in merged:  # `<<: *base` or `<<: [*a, *b]`: explicit keys win, earlier merges win over later
            sources = source.value if isinstance(source, yaml.SequenceNode) else [source]
            for item in sources:
                built = self._build(item, pointer + "/<<", depth + 1)
                if isinstance(built, dict):
                    for key, value in built.items():
                        mapping.setdefault(key, value)

    def _key(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            # Keys as written: `on:` stays "on" rather than becoming True, which is what users mean.
            return str(node.value)
        raise LoadError(
            codes.make("SL001", "YAML syntax error: a mapping key must be a scalar", self.path, *_pos(node), document=self.index)
        )

    def _scalar(self, node: yaml.ScalarNode, pointer: str) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        construct = _SCALAR_TAGS.get(tag)
        if construct is None:
            if tag.startswith("tag:yaml.org,2002:"):  # !!binary and friends: keep the text
                return node.value
            self._unknown_tag(node, pointer)
            return node.value
        try:
            value = construct(node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:  # `2024-13-45`, `!!int x`
            detail = f" ({exc})" if tag == _TIMESTAMP and isinstance(exc, ValueError) else ""  # "month must be in 1..12"
            self.findings.append(
                codes.make(
                    "SL001",
                    f"YAML syntax error: {excerpt(node.value)} is not a valid {tag.rsplit(':', 1)[-1]}{detail}",
                    self.path,
                    *_pos(node),
                    pointer=pointer,
                    hint="quote the value to keep it as text" if tag == _TIMESTAMP else None,
                    document=self.index,
                )
            )
            return node.value
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()  # JSON has no dates; the official schemas read them as strings
        return value

    def _check_tag(self, node: yaml.Node, pointer: str) -> None:
        if node.tag not in _KNOWN_COLLECTION_TAGS:
            self._unknown_tag(node, pointer)

    def _unknown_tag(self, node: yaml.Node, pointer: str) -> None:
        self.findings.append(
            codes.make(
                "SL008",
                f"unknown YAML tag {excerpt(node.tag)}: the platform's loaders cannot read this value",
                self.path,
                *_pos(node),
                pointer=pointer,
                document=self.index,
            )
        )


def _pos(node: yaml.Node) -> Position:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
