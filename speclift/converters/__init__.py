"""The converters, one module per source format, in an explicit table.

Each module exposes ``SOURCE`` (the spec-type id it reads), ``TARGETS``, ``OPTIONS`` (name -> :class:`Option`) and
``convert(document, path, options, context=None) -> Conversion`` (``context``, a
:class:`~speclift.conversion.ConvertContext`, reads related files and relocates paths for the output's folder), and documents itself in its module docstring with a
before/after example. Chains of adjacent versions only (v0 -> v1, v1 -> v2), never a converter per pair.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

from speclift.conversion import Conversion, ConvertContext
from speclift.yamlio import Document

CONVERTERS: dict[str, str] = {
    "polyaxon/v0/polyaxonfile": "speclift.converters.polyaxon_v0",
    "azureml/v1/runconfig": "speclift.converters.azureml_v1.runconfig",
    "azureml/v1/hyperdrive": "speclift.converters.azureml_v1.hyperdrive",
    "azureml/v1/pipeline": "speclift.converters.azureml_v1.pipeline",
    "azureml/v1/schedule": "speclift.converters.azureml_v1.schedule",
    "azureml/v1/deployment-config": "speclift.converters.azureml_v1.deployment",
    "azureml/v1/inference-config": "speclift.converters.azureml_v1.inference",
    "azureml/v1/environment": "speclift.converters.azureml_v1.environment_definition",
    "azureml/v1/dataset": "speclift.converters.azureml_v1.dataset",
}


@dataclass(frozen=True, slots=True)
class Option:
    """A choice the source format leaves unsaid (build mode, registry connection, ...)."""

    default: Any
    help: str
    choices: tuple[str, ...] = ()
    parse: Callable[[str], Any] = str


class ConverterModule(Protocol):
    SOURCE: str
    TARGETS: tuple[str, ...]
    OPTIONS: Mapping[str, Option]

    def convert(
        self, document: Document, path: str, options: Mapping[str, Any], context: ConvertContext | None = None
    ) -> Conversion: ...


def converter_for(spec_id: str) -> ConverterModule | None:
    name = CONVERTERS.get(spec_id)
    if name is None:
        return None
    module: ModuleType = importlib.import_module(name)
    return module  # a module satisfies the protocol structurally; the tests exercise every converter


def resolve_options(module: ConverterModule, given: Mapping[str, Any]) -> dict[str, Any]:
    """The converter's options: defaults, overridden by configuration and command line; unknown names refused."""
    unknown = sorted(set(given) - set(module.OPTIONS))
    if unknown:
        raise ValueError(
            f"unknown option(s) for {module.SOURCE}: {', '.join(unknown)} (known: {', '.join(sorted(module.OPTIONS))})"
        )
    options = {name: option.default for name, option in module.OPTIONS.items()}
    for name, value in given.items():
        option = module.OPTIONS[name]
        value = option.parse(value) if isinstance(value, str) else value
        if option.choices and value not in option.choices:
            raise ValueError(f"option {name} must be one of {', '.join(option.choices)}, not {value!r}")
        options[name] = value
    return options
