"""ML Studio (classic) experiment graphs: the JSON that ``Export-AmlExperimentGraph`` (AzureMLPS) and the Studio REST
API (``GET .../experiments/{id}``) produced.

The service ended on 31 August 2024, so nothing reads these files any more; they are validated (against the shape
Studio's own importer read: ``Graph`` and ``WebService``) and converted to an ``az ml`` v2 pipeline job with one
command component per module. A file may also hold the bare ``Graph`` object (what AzureMLPS and solution-template
scripts pass around). ``NodeStatuses`` is the last run's state and can hold storage access tokens: it is never read,
and never copied into any output or report (:data:`RUN_STATE`).
"""

from __future__ import annotations

from speclift.spectypes.record import Rule, SpecType, weights

# Sections of a graph file that hold the last run's state, never shown anywhere (SAS tokens live there).
RUN_STATE = ("/NodeStatuses",)

EXPERIMENT = SpecType(
    "azureml/studio-classic/experiment",
    "ML Studio (classic) experiment graph",
    legacy=True,
    validated=True,
    migrates_to="azureml/v2/pipeline-job",
    rules=(
        Rule(
            weights(
                {
                    6: ("graph.modulenodes", "graph.edgesinternal"),
                    2: ("webservice", "nodestatuses", "experimentid"),
                    1: ("description", "summary", "runid", "etag", "isleaf"),
                }
            ),
            requires=("graph.modulenodes",),
            what="ML Studio (classic) experiment (Graph.ModuleNodes)",
        ),
        Rule(
            weights({6: ("modulenodes", "edgesinternal"), 1: ("serializedclientdata", "publishinfo")}),
            requires=("modulenodes", "edgesinternal"),
            what="ML Studio (classic) experiment graph (ModuleNodes, EdgesInternal)",
        ),
    ),
)

RECORDS = (EXPERIMENT,)
