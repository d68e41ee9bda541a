"""Polyaxon's own migrated deployment fixtures: the conversion of each 1.20 fixture against Polyaxon's 2.x version.

They may differ only where the conversion's report says a person decides (SL401) or a field was left out (SL402),
or where ``polyaxon_deploy_fixture_differences.yaml`` lists the difference with its reason (the 2.x fixture
exercising a key 1.x never had, or an edit unrelated to the migration). Every listed entry must still be needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from speclift import api
from speclift.conversion.engine import convert_text
from speclift.diffing.engine import Change
from speclift.pointer import within

FOLDER = "polyaxon-deploy-v1"
V1 = "polyaxon_polyaxon__core_tests_fixtures_deployment_{}.yml"
V2 = "polyaxon_cli__cli_tests_fixtures_deployment_{}.yml"
PAIRS = ("all_agent_values", "all_platform_values", "values2", "values3", "values4", "values5", "values6")
LISTED = Path(__file__).with_name("polyaxon_deploy_fixture_differences.yaml")
DECIDED = ("SL401", "SL402")


def _listed() -> dict[str, dict[str, str]]:
    data = YAML(typ="safe").load(LISTED.read_text())
    return {pair: {entry["path"]: entry["reason"] for entry in entries} for pair, entries in data.items()}


def _regions(result: object) -> list[str]:
    """Output pointers a reported decision covers: where each SL401/SL402 field went, or its own pointer."""
    conversion = result.conversions[0]  # type: ignore[attr-defined]
    regions: list[str] = []
    for finding in result.findings:  # type: ignore[attr-defined]
        if finding.code not in DECIDED:
            continue
        regions.append(finding.pointer)
        regions += [p.target for p in conversion.provenance if p.target and within(p.source, finding.pointer)]
    return regions


def _pointer(change: Change) -> str:
    return change.pointer_a if change.pointer_a is not None else change.pointer_b or ""


@pytest.mark.parametrize("pair", PAIRS)
def test_conversion_differs_from_polyaxons_own_only_where_reported(pair: str, corpus: Path) -> None:
    v1, v2 = corpus / FOLDER / V1.format(pair), corpus / FOLDER / V2.format(pair)
    if not (v1.exists() and v2.exists()):
        pytest.skip(f"{pair} is not in the corpus")
    result = convert_text(v1.read_text(), "values.yml")
    assert len(result.outputs) == 1, [f"{f.code} {f.message}" for f in result.findings]
    regions = _regions(result)
    listed = _listed().get(pair, {})
    compared = api.diff("converted.yml", str(v2), text_a=result.outputs[0].text)
    unexplained = [
        f"{change.kind} {change.path}"
        for change in compared.changes
        if change.path not in listed and not any(within(_pointer(change), region) for region in regions if region)
    ]
    assert unexplained == []
    stale = sorted(set(listed) - {change.path for change in compared.changes})
    assert stale == [], f"listed in {LISTED.name} but no longer different"
