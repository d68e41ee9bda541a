"""ML Studio (classic) experiment graphs -> an ``az ml`` v2 pipeline job with one command component per module.

The Studio's prebuilt modules cannot be referenced from v2 YAML (they are in no registry), so every module becomes a
custom command component running a small pandas / scikit-learn program that speclift ships (the component
runtime, ``speclift/studio/runtime/studio_modules``), wired as the graph was: each edge a
``${{parent.jobs.<job>.outputs.<port>}}`` binding. What a module is comes from its family id (the catalogue,
:mod:`speclift.studio.catalogue`); a module speclift has no program for, or a custom module whose code the export
does not hold, becomes a component that fails loudly with what to do (SL415), so nothing is dropped silently.

Before (``train.json``, abridged)::

    {"Description": "Income model",
     "Graph": {"ModuleNodes": [{"Id": "a-1", "ModuleId": "5061....4e1b0fe6aded4b3fa36f39b8862b9004.v1-default-1729",
                                "ModuleParameters": [{"Name": "Please Specify Data Source", "Value": "HTTP"}, ...]},
                               {"Id": "a-2", "ModuleId": "5061....70530644c97a4ab685f788bf30a8be5f.v1-default-1730", ...}],
               "EdgesInternal": [{"SourceOutputPortId": "a-1:Results dataset", "DestinationInputPortId": "a-2:Dataset"}]}}

After (``train.v2.yml`` plus ``train-pipeline/``: ``components/*.yml``, ``code/`` (the runtime and the user's
scripts), ``conda.yml``, and ``endpoint/`` when the experiment had a web service)::

    type: pipeline
    display_name: Income model
    inputs:
      import_data_source: {type: uri_file, path: https://example.org/adult.csv}
    jobs:
      import_data:
        type: command
        component: ./train-pipeline/components/import_data.yml
        inputs: {source: ${{parent.inputs.import_data_source}}}
      split_data:
        type: command
        component: ./train-pipeline/components/split_data.yml
        inputs: {dataset: ${{parent.jobs.import_data.outputs.results_dataset}}}

The run-state section (``NodeStatuses``, which can hold storage access tokens) is never read or copied; credentials
in module parameters are never copied either (SL402). Codes: SL401 approximated, SL402 no equivalent, SL404 cannot
convert, SL415 a module needs a person.
"""

from __future__ import annotations

from speclift.converters.studio_classic.options import OPTIONS
from speclift.converters.studio_classic.pipeline import SOURCE, TARGETS, convert

__all__ = ["OPTIONS", "SOURCE", "TARGETS", "convert"]
