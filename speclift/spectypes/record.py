"""What speclift knows about one spec type, in one record: :class:`SpecType`, with its detection :class:`Rule` values.

The family modules (:mod:`~speclift.spectypes.azureml_v2_jobs`, :mod:`~speclift.spectypes.polyaxon`, ...) hold the
records; the registry and the detectors derive every lookup table from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """How detection by keys weighs a document for one spec type (files without a `$schema` line).

    A document is reduced to features: its top-level keys, the keys one level down under the parents the rules
    mention (``resources.requests``), a few ``key=value`` pairs (``auth_mode=aad_token``) and what its ``inputs`` look
    like (``inputs:declared``, ``inputs:bound``). Keys are folded (lower case, no underscores), so
    ``primaryMetricName`` and ``primary_metric_name`` are one feature.
    """

    signs: Mapping[str, int]  # feature -> weight; negative weights count against the rule
    types: tuple[str, ...] = ()  # `type:` values that name this spec (matched folded: `AzureDataLakeGen1`)
    untyped: bool = True  # the spec may leave `type:` out
    any_type: bool = False  # a `type:` value nobody knows does not rule it out (connections have many)
    requires: tuple[str, ...] = ()  # features that must all be present
    any_of: tuple[str, ...] = ()  # at least one must be present
    words: tuple[str, ...] = ()  # file-name words that break a tie in its favour
    what: str = ""  # how the reason names it, when not by the spec's title


@dataclass(frozen=True, slots=True)
class SpecType:
    """One spec type. Its id is ``<family>/<version>/<name>``; a current type has a JSON Schema
    (``schemas/<id>.schema.json``), an old one names the current type it migrates to (the converter that lifts it is
    registered in :mod:`speclift.converters` under this id)."""

    id: str
    title: str
    legacy: bool = False
    migrates_to: str | None = None  # for legacy types: the current type it becomes
    # A legacy type a tool of its own still reads (MLflow reads MLproject files): validated against its schema as
    # that tool reads it, and converted as any old format
    validated: bool = False
    node_only: str | None = None  # set when the platform accepts this kind only inside another spec: says where
    # `$schema` file names that name this type (Azure ML: lower case, without `.schema.json`)
    schema_names: tuple[str, ...] = ()
    # The `$schema` group whose members `type:` tells apart ("job", "component", "batch deployment"); the values
    # are those of the rules' `types`
    category: str | None = None
    kinds: tuple[str, ...] = ()  # `kind:` values that name this type (Polyaxon)
    rules: tuple[Rule, ...] = ()  # detection by keys; the registry's DETECTION_ORDER says where they rank
    # Lists whose order means nothing to the platform, as JSON-pointer patterns (`*` one segment, `**` any number):
    # `speclift diff` reports a reorder of their items as a note, not a difference (unless --strict-order)
    unordered: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def schema_file(self) -> str | None:
        """Path of the schema relative to the schemas folder, or None for legacy types not validated."""
        return None if self.legacy and not self.validated else f"{self.id}.schema.json"

    @property
    def types(self) -> tuple[str, ...]:
        """Every `type:` value the rules name, in order."""
        return tuple(kind for rule in self.rules for kind in rule.types)


def merge(*tables: Mapping[str, int], **signs: int) -> dict[str, int]:
    """Weights added up: a rule built from shared tables (what every job has) and its own keys."""
    merged: dict[str, int] = {}
    for table in (*tables, signs):
        for feature, weight in table.items():
            merged[feature] = merged.get(feature, 0) + weight
    return merged


def weights(groups: Mapping[int, tuple[str, ...]]) -> dict[str, int]:
    """A rule's signs written by weight (``{3: ("trial", "search_space"), 1: ("code",)}``), so that the strong and
    the weak signs read apart; a feature listed under two weights fails the import."""
    signs: dict[str, int] = {}
    for weight, features in groups.items():
        for feature in features:
            if feature in signs:
                raise ValueError(f"{feature!r} is weighed twice")
            signs[feature] = weight
    return signs


AZUREML_V2 = "azureml/v2/"


def azureml_v2(
    name: str, title: str, *rules: Rule, schema: tuple[str, ...] = (), category: str | None = None, node_only: str | None = None
) -> SpecType:
    """An Azure ML v2 type, id ``azureml/v2/<name>``. Its `$schema` file names (``schema``) default to the name
    without dashes, as Azure ML spells most of them (``command-job``: ``commandjob.schema.json``)."""
    names = schema or (name.replace("-", ""),)
    return SpecType(AZUREML_V2 + name, title, node_only=node_only, schema_names=names, category=category, rules=rules)


# Derived features and how reasons spell them.
DECLARED = "inputs:declared"
BOUND = "inputs:bound"
