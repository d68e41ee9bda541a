"""A transformation output (Clean Missing Data's, Normalize Data's): a folder holding ``model.json`` (kind
"transform", the classic module's name, and what the transform does to which columns, as plain JSON) and
``model.pkl`` (the same description, pickled, for a program that applies it)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

from . import tabular


def write_transform(folder: Path, module: str, details: dict[str, Any]) -> None:
    description = {"kind": "transform", "module": module, **_plain(details)}
    folder.mkdir(parents=True, exist_ok=True)
    tabular.write_text(folder / "model.json", json.dumps(description, indent=2, ensure_ascii=False, default=str) + "\n")
    (folder / "model.pkl").write_bytes(pickle.dumps(description))


def _plain(value: Any) -> Any:
    """JSON's own types for numpy's scalars (an int64 is an int, a float64 a float)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value.item() if hasattr(value, "item") else value
