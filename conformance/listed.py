"""The checked-in lists of accepted differences (disagreements, conversion differences, refusals), read one way."""

from __future__ import annotations

from pathlib import Path

import yaml


def load_listed(path: Path) -> list[dict[str, str]]:
    """Entries of a YAML list of mappings that name a `file`, every value as stripped text; [] if the file is absent."""
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise SystemExit(f"error: {path.name} must be a YAML list")
    return [
        {k: str(v).strip() if v is not None else "" for k, v in entry.items()}
        for entry in data
        if isinstance(entry, dict) and entry.get("file")
    ]
