"""One shipped schema as a single self-contained file: what an editor loads when it cannot follow speclift's
``$ref``s between files (they resolve against the ``https://speclift.invalid/`` ids, which only speclift serves).

Every definition the schema reaches in a shared ``defs*`` file is copied under the bundle's own ``$defs``, in an
entry named after that file (``#/$defs/defs-job.schema.json/$defs/inputs``), and each reference is rewritten to point
there. Only what is reached is copied. Each reference still means what it meant: a bundle validates exactly as the
shipped schema does (tests/test_schema_export.py compares the verdicts). The ``$id`` is left out, so the file is
known by wherever it is saved, and nothing resolves against an address an editor might try to fetch.
"""

from __future__ import annotations

from typing import Any

from speclift.pointer import escape, tokens
from speclift.schemas import SchemaUnavailable, load_schema

_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})  # their values are data, never schemas
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs"})  # name -> schema maps
_DEFS = "$defs"


def bundle(relative: str) -> dict[str, Any]:
    """The schema file ``relative`` (``azureml/v2/command-job.schema.json``) with everything it references inside."""
    return _Bundler(relative).run()


class _Bundler:
    def __init__(self, root: str) -> None:
        self.root = root
        self.folder = root.rsplit("/", 1)[0] + "/" if "/" in root else ""
        self.embedded: dict[str, dict[str, Any]] = {}  # file -> its part in the bundle (rewritten)
        self.whole: set[str] = set()  # files referenced as a whole (or somewhere outside their `$defs`)
        self.pending: list[tuple[str, str]] = []  # (file, definition name) still to copy

    def run(self) -> dict[str, Any]:
        schema = load_schema(self.root)
        bundled = {key: self.rewrite_keyword(key, value, self.root) for key, value in schema.items() if key != "$id"}
        while self.pending:
            file, name = self.pending.pop()
            definitions = self.embedded[file].setdefault(_DEFS, {})
            if name not in definitions:  # a definition reached twice (or reaching itself) is copied once
                definitions[name] = self.rewrite(load_schema(file)[_DEFS][name], file)
        if self.embedded:
            own = bundled.setdefault(_DEFS, {})
            for file in sorted(self.embedded):
                key = self.key(file)
                if key in own:
                    raise SchemaUnavailable(f"{self.root}: a definition is named {key!r}, as the bundled file")
                own[key] = {name: self.embedded[file][name] for name in sorted(self.embedded[file])}
                if _DEFS in own[key]:
                    own[key][_DEFS] = dict(sorted(own[key][_DEFS].items()))
        return bundled

    def key(self, file: str) -> str:
        """The ``$defs`` entry holding ``file``: its name (shared files live in the root's folder)."""
        return file[len(self.folder) :] if file.startswith(self.folder) else file

    def rewrite(self, node: Any, file: str) -> Any:
        if isinstance(node, list):
            return [self.rewrite(item, file) for item in node]
        if not isinstance(node, dict):
            return node
        return {key: self.rewrite_keyword(key, value, file) for key, value in node.items()}

    def rewrite_keyword(self, key: str, value: Any, file: str) -> Any:
        if key == "$ref" and isinstance(value, str):
            return self.reference(value, file)
        if key in _DATA_KEYWORDS:
            return value
        if key in _NAMED_SCHEMAS and isinstance(value, dict):  # a property may be called `$ref` or `enum`
            return {name: self.rewrite(schema, file) for name, schema in value.items()}
        return self.rewrite(value, file)

    def reference(self, reference: str, file: str) -> str:
        target_file, _, fragment = reference.partition("#")
        if "://" in target_file or target_file.startswith("/"):
            raise SchemaUnavailable(f"{file}: refusing to bundle the reference {reference!r} (not a shipped file)")
        target = self.folder_of(file) + target_file if target_file else file
        if target == self.root:
            return "#" + fragment
        self.reach(target, fragment)
        return f"#/{_DEFS}/{escape(self.key(target))}{fragment}"

    def reach(self, file: str, fragment: str) -> None:
        if file not in self.embedded:
            self.embedded[file] = {}
        parts = tokens(fragment)
        if len(parts) >= 2 and parts[0] == _DEFS:
            if parts[1] not in load_schema(file).get(_DEFS, {}):
                raise SchemaUnavailable(f"{file} has no definition {parts[1]!r}")
            self.pending.append((file, parts[1]))
        elif file not in self.whole:
            self.whole.add(file)
            content = load_schema(file)
            rest = {key: value for key, value in content.items() if key not in (_DEFS, "$id", "$schema")}
            self.embedded[file].update(self.rewrite(rest, file))
            for name in content.get(_DEFS, {}):
                self.pending.append((file, name))

    @staticmethod
    def folder_of(file: str) -> str:
        return file.rsplit("/", 1)[0] + "/" if "/" in file else ""
