"""Reading YAML fast, with positions, and refusing what would hurt.

The validate and diff paths load with libyaml's C composer (PyYAML ``CSafeLoader``) and walk the node tree once,
building the plain data *and* a map from JSON pointer to source position. The same YAML 1.1 rules apply as in the
official tools, which also load with PyYAML. Unlike a plain ``yaml.safe_load`` the walk rejects duplicate keys,
unknown tags, alias bombs and runaway nesting, and every problem becomes a located finding instead of an exception.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from speclift import codes
from speclift.findings import Finding
from speclift.pointer import escape

try:  # libyaml is in every PyYAML wheel; the pure-Python loader is a slow but correct fallback.
    from yaml import CSafeLoader as _Loader

    _C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _C_LOADER = False

NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE  # characters YAML text cannot hold as they are
_BREAK_CHARS = "\r\n\x85\u2028\u2029"  # what YAML counts as a line break ("\r\n" is one)
_BREAK = re.compile(f"\r\n|[{_BREAK_CHARS}]")

Position = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep one hostile file from stalling a CI run."""

    max_file_size: int = 10 * 1024 * 1024
    max_nodes: int = 1_000_000  # nodes after alias expansion, per document
    max_depth: int = 200


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class Document:
    """One YAML document: its data and where each node came from."""

    data: Any
    index: int
    values: dict[str, Position] = field(default_factory=dict)  # pointer -> position of the value node
    keys: dict[str, Position] = field(default_factory=dict)  # pointer -> position of the mapping key naming it
    start: Position = (1, 1)
    source: str = ""  # the whole file's text, shared by its documents; lets rules locate text inside a scalar
    _line_starts: list[int] = field(default_factory=list)

    def locate_text(self, pointer: str, needle: str) -> Position:
        """The position of ``needle`` inside the scalar at ``pointer`` (a multi-line command, say), else the
        scalar's own position. Searches the source text from where the scalar starts."""
        line, column = self.position(pointer)
        if not self.source or pointer not in self.values:
            return line, column
        if not self._line_starts:
            self._line_starts.append(0)
            self._line_starts.extend(i + 1 for i, char in enumerate(self.source) if char == "\n")
        if line > len(self._line_starts):
            return line, column
        start = self._line_starts[line - 1] + column - 1
        found = self.source.find(needle, start)
        if found < 0:
            return line, column
        import bisect

        found_line = bisect.bisect_right(self._line_starts, found)
        return found_line, found - self._line_starts[found_line - 1] + 1

    def position(self, pointer: str, *, prefer_key: bool = False) -> Position:
        """The best position for ``pointer``: its own node, else its nearest ancestor's."""
        probe = pointer
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return self.start
            probe = probe.rsplit("/", 1)[0]


@dataclass(slots=True)
class LoadResult:
    documents: list[Document]
    findings: list[Finding]


class LoadError(Exception):
    """Raised with a finding when nothing of the file can be used."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes, path: str) -> str:
    """Bytes to text the way YAML allows (UTF-8, or UTF-16/32 with a BOM); refuse binary data with a location."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in raw[:8192]:
        return _refuse_binary(raw, path)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            codes.make(
                "SL003",
                f"not valid {encoding.upper().replace('-SIG', '')} text: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                path,
                line,
                column,
                hint="save the file as UTF-8",
            )
        ) from None
    if "\x00" in text:
        return _refuse_binary(raw, path)
    return text


def _refuse_binary(raw: bytes, path: str) -> str:
    raise LoadError(codes.make("SL003", "binary file (contains NUL bytes), not YAML text", path))


def read_file(path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read and decode a file, refusing oversized, unreadable and binary files with a finding."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limits.max_file_size + 1)
    except OSError as exc:
        raise LoadError(codes.make("SL007", f"cannot read file: {exc.strerror or exc}", path)) from None
    if len(raw) > limits.max_file_size:
        raise LoadError(
            codes.make(
                "SL005",
                f"file is larger than {limits.max_file_size:,} bytes; not read",
                path,
                hint="raise `max-file-size` in the configuration if this file really is a spec",
            )
        )
    return decode(raw, path)


def load(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Load every document of ``text``. Syntax errors end the file with a located finding; what came before stays."""
    findings: list[Finding] = []
    documents: list[Document] = []
    try:
        _check_flow_depth(text, path, limits)
        loader = _Loader(text)
        try:
            index = 0
            while loader.check_node():
                node = loader.get_node()
                if node is not None:
                    builder = _Builder(path, index, limits, findings)
                    document = builder.document(node, may_alias="*" in text)
                    document.source = text
                    documents.append(document)
                index += 1
        finally:
            loader.dispose()
        _clamp_to_text(text, documents, findings)
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):  # libyaml's own limit, for nesting the cheap pre-check let through
            findings.append(_where_too_deep(text, path, limits, exc))
        else:
            findings.append(_syntax_finding(exc, path, len(documents), text))
    except yaml.YAMLError as exc:  # errors without a mark (reader errors carry positions of their own)
        findings.append(_reader_finding(exc, path, text))
    except LoadError as exc:
        findings.append(exc.finding)
    return LoadResult(documents, findings)


def _clamp_to_text(text: str, documents: list[Document], findings: list[Finding]) -> None:
    """libyaml ends the stream on a line of its own; without a final line break that line is past the text, and an
    empty node there (`---` or `? key` at the very end) would point nowhere: move it to the end of the last line."""
    if not text or text[-1] in _BREAK_CHARS:
        return
    breaks = sum(text.count(c) for c in _BREAK_CHARS) - text.count("\r\n")
    past, end = (breaks + 2, 1), (breaks + 1, len(text[max(text.rfind(c) for c in _BREAK_CHARS) + 1 :].lstrip("\ufeff")) + 1)
    for document in documents:
        if document.start == past:
            document.start = end
        for positions in (document.values, document.keys):
            for pointer, position in positions.items():
                if position == past:
                    positions[pointer] = end
    for i, finding in enumerate(findings):
        if (finding.line, finding.column) == past:
            findings[i] = dataclasses.replace(finding, line=end[0], column=end[1])


def _syntax_finding(exc: yaml.MarkedYAMLError, path: str, document: int, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if mark and mark.column == 0 and mark.index >= len(text.lstrip("\ufeff")) and text and text[-1] not in _BREAK_CHARS:
        # libyaml ends the stream on a line of its own, past the last one when the file has no final line break:
        # report the end of the last line instead, a place editors can show
        tail = text[max(text.rfind(c) for c in _BREAK_CHARS) + 1 :]
        line, column = mark.line, len(tail.lstrip("\ufeff")) + 1
    problem = exc.problem or "invalid YAML"
    if exc.context:
        problem = f"{problem} ({exc.context})"
    hint = None
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        hint = "YAML does not allow tabs for indentation; use spaces"
    return codes.make("SL001", f"YAML syntax error: {problem}", path, line, column, hint=hint, document=document)


def _reader_finding(exc: yaml.YAMLError, path: str, text: str) -> Finding:
    position = getattr(exc, "position", None)
    line = column = 0
    if isinstance(position, int):
        if _C_LOADER:  # libyaml reads the text as UTF-8 and reports a byte offset
            position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
        if text.startswith("\ufeff"):  # a byte-order mark is skipped, not counted in columns
            text, position = text[1:], max(position - 1, 0)
        line, line_start = 1, 0
        for match in _BREAK.finditer(text, 0, position):
            line, line_start = line + 1, match.end()
        column = position - line_start + 1
    reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]
    return codes.make("SL003", f"unacceptable character for YAML: {reason}", path, line, column)


_LONG_LINE = re.compile(r"^[^\n]{1000}", re.MULTILINE)


def _check_flow_depth(text: str, path: str, limits: Limits) -> None:
    """libyaml's composer recurses in C and crashes on extreme nesting, so measure nesting first when the text
    could nest deep enough to matter (cheap checks; event scan only for suspicious files). Flow nesting needs
    brackets; block nesting needs columns (`- - - x` or indentation), so a file with few brackets and no long line
    cannot nest more than a few thousand levels."""
    if text.count("[") + text.count("{") < 2_000 and not _LONG_LINE.search(text):
        return
    try:
        _measure_depth(text, path, limits, _Loader)
    except yaml.MarkedYAMLError as exc:
        if not _is_nesting_limit(exc):
            return  # a syntax error: the real load reports it where it is
        raise LoadError(_where_too_deep(text, path, limits, exc)) from None


def _measure_depth(text: str, path: str, limits: Limits, loader: Any) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.max_depth:
                raise LoadError(_too_deep(limits, path, event.start_mark))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _where_too_deep(text: str, path: str, limits: Limits, exc: yaml.MarkedYAMLError) -> Finding:
    """Newer libyaml (PyYAML >= 6.0.4) stops at a nesting limit of its own (1,000 levels) while it scans ahead,
    before its events reach ours: the pure-Python parser (no recursion, no such limit) finds where ours was crossed."""
    try:
        _measure_depth(text, path, limits, yaml.SafeLoader)
    except LoadError as located:
        return located.finding
    except yaml.YAMLError:
        pass
    return _too_deep(limits, path, exc.problem_mark)


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "nesting depth" in (exc.problem or "")


def _too_deep(limits: Limits, path: str, mark: Any) -> Finding:
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return codes.make("SL006", f"nesting deeper than {limits.max_depth} levels", path, line, column)


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


class _Builder:
    """Turns one composed node tree into plain data plus position maps, enforcing the limits."""

    def __init__(self, path: str, index: int, limits: Limits, findings: list[Finding]) -> None:
        self.path = path
        self.index = index
        self.limits = limits
        self.findings = findings
        self.doc = Document(data=None, index=index)
        self.built: dict[int, Any] = {}  # alias targets already built, by node identity
        self.sizes: dict[int, int] = {}

    def document(self, root: yaml.Node, may_alias: bool = True) -> Document:
        self.doc.start = _pos(root)
        # Without an alias (`*name`) nothing can expand: the measuring walk is skipped, depth is still bounded in _build.
        size = self._expanded_size(root, 0) if may_alias else 0
        if size > self.limits.max_nodes:
            raise LoadError(
                codes.make(
                    "SL006",
                    f"aliases expand to over {self.limits.max_nodes:,} nodes (an alias bomb?)",
                    self.path,
                    *_pos(root),
                    document=self.index,
                )
            )
        self.doc.data = self._build(root, "", 0)
        return self.doc

    def _expanded_size(self, node: yaml.Node, depth: int) -> int:
        """Nodes the document has once aliases are expanded, memoised so a bomb is measured, not expanded."""
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if depth > self.limits.max_depth:
            raise LoadError(
                codes.make(
                    "SL006", f"nesting deeper than {self.limits.max_depth} levels", self.path, *_pos(node), document=self.index
                )
            )
        self.sizes[id(node)] = 1  # guards against recursive aliases while measuring
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                total += self._expanded_size(key, depth + 1) + self._expanded_size(value, depth + 1)
                if total > self.limits.max_nodes:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += self._expanded_size(item, depth + 1)
                if total > self.limits.max_nodes:
                    break
        self.sizes[id(node)] = total
        return total

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
                        f"duplicate key {key!r} (first at line {line}); loaders silently keep only the last value",
                        self.path,
                        *where,
                        pointer=child,
                        document=self.index,
                    )
                )
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
                    f"YAML syntax error: {node.value!r} is not a valid {tag.rsplit(':', 1)[-1]}{detail}",
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
                f"unknown YAML tag {node.tag!r}: the platform's loaders cannot read this value",
                self.path,
                *_pos(node),
                pointer=pointer,
                document=self.index,
            )
        )


def _pos(node: yaml.Node) -> Position:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
