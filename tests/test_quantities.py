"""Kubernetes quantities added up exactly (the merged 2.x gateway pod's resources)."""

from __future__ import annotations

import pytest

from speclift.converters.polyaxon_deploy import quantities


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["512Mi", "1Gi"], "1536Mi"),
        (["500m", "1"], "1500m"),
        (["0.5", "250m"], "750m"),
        ([1, 2], "3"),
        (["100M", "1G"], "1100M"),
        (["1Ki", "1k"], "2024"),  # binary and decimal: bytes
        (["1e3", "1"], "1001"),
        (["0.1", "0.2"], "0.3"),
        (["64Mi", "50Mi", "128Mi"], "242Mi"),
        (["1Gi", 1073741824], "2Gi"),
        (["1E", "1E"], "2E"),  # exa, not an exponent
    ],
)
def test_total(parts: list[object], expected: str) -> None:
    read = [quantities.parse(part) for part in parts]
    assert all(q is not None for q in read)
    assert quantities.total([q for q in read if q is not None]) == expected


@pytest.mark.parametrize("text", ["", "Mi", "1.2.3", "1Mb", "one", True, None, [1], "1 Gi"])
def test_not_a_quantity(text: object) -> None:
    assert quantities.parse(text) is None
