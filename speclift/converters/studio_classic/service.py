"""The experiment's web service: its outputs become pipeline outputs, its parameters pipeline inputs, and an
input/output pair (a predictive experiment) the outline of an online endpoint and deployment with a scoring script
stub: a person registers the trained model and finishes the script (SL415)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from speclift.conversion import ConversionBuilder
from speclift.conversion.result import Fate
from speclift.converters.studio_classic import nodes
from speclift.converters.studio_classic.naming import identifier, unique
from speclift.pointer import escape
from speclift.studio.assessment import ServiceRow
from speclift.studio.graph import Experiment

ENDPOINT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json"
DEPLOYMENT_SCHEMA = "https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json"


def publish_outputs(experiment: Experiment, names: nodes.Names, plan: nodes.Pipeline, builder: ConversionBuilder) -> list[str]:
    """Each web service output -> a pipeline output bound from its module port; the parameters' values remembered."""
    published: list[str] = []
    for port in experiment.service_outputs:
        name = unique(identifier(port.name, "output"), set(plan.outputs))
        plan.outputs[name] = {"type": "uri_folder"}
        plan.service_outputs[(port.port.node, port.port.name)] = name
        builder.mapped(port.pointer, f"/outputs/{escape(name)}")
        published.append(name)
    for parameter in experiment.service_parameters:
        if parameter.name not in plan.credentials:
            plan.linked_defaults[parameter.name] = parameter.value or parameter.default
    return published


def account_parameters(experiment: Experiment, plan: nodes.Pipeline, builder: ConversionBuilder) -> list[str]:
    """Web service parameters: the pipeline inputs their linked module parameters are bound to; one no module uses
    still becomes an input (a caller may set it), said in the notes."""
    notes: list[str] = []
    for parameter in experiment.service_parameters:
        name = identifier(parameter.name, "parameter")
        if parameter.name in plan.credentials and not (parameter.value or parameter.default):
            builder.record(parameter.pointer, Fate.TRANSFORMED, None, note="an empty credential: nothing to carry")
            continue
        if parameter.name in plan.credentials:
            builder.dropped(
                parameter.pointer,
                f"web service parameter {parameter.name} holds a credential: it is not copied (no pipeline input)",
                hint="give the components access through a datastore, a workspace connection or an identity instead",
            )
            continue
        located = plan.located.get(parameter.name)
        if located is not None:  # it named where the data is: the pipeline input or output holding that path
            builder.mapped(parameter.pointer, located)
            continue
        if name not in plan.inputs and not (parameter.value or parameter.default):
            plan.unset.add(parameter.name)
        if parameter.name in plan.unset:  # azure-ai-ml drops an empty pipeline input: none is written
            builder.approximated(
                parameter.pointer,
                None,
                f"web service parameter {parameter.name} has no value: azure-ai-ml leaves empty pipeline inputs out, so "
                "it is no pipeline input and the modules using it keep their own values",
                hint="give it a value in the graph, or add the pipeline input by hand with the value to run with",
            )
            continue
        if name not in plan.inputs:
            value = parameter.value or parameter.default
            plan.inputs[name] = value
            notes.append(
                f"web service parameter {parameter.name} is linked to no module: it became the unused pipeline input {name}"
            )
        builder.mapped(parameter.pointer, f"/inputs/{escape(name)}")
    return notes


def outline(
    experiment: Experiment,
    names: nodes.Names,
    folder: str,
    prefix: str,
    options: Mapping[str, Any],
    builder: ConversionBuilder,
    published: list[str],
) -> list[str]:
    """The online endpoint and deployment for a predictive experiment (web service inputs and outputs), else notes."""
    if not experiment.service_inputs:
        if published:
            return [
                f"the experiment published {len(published)} web service output(s) and no input (a retraining web "
                f"service): they are the pipeline outputs {', '.join(published)}; to call it as a service, deploy the "
                "pipeline behind a batch endpoint"
            ]
        return []
    endpoint = _endpoint_name(prefix)
    model = f"{prefix}_model"
    builder.output(
        "azureml/v2/managed-online-endpoint",
        {
            "$schema": ENDPOINT_SCHEMA,
            "name": endpoint,
            "auth_mode": "key",
            "description": f"The web service of the ML Studio (classic) experiment {experiment.name or prefix}.",
        },
        file=f"{folder}/endpoint/endpoint.yml",
    )
    builder.output(
        "azureml/v2/managed-online-deployment",
        {
            "$schema": DEPLOYMENT_SCHEMA,
            "name": "blue",
            "endpoint_name": endpoint,
            "model": f"azureml:{model}@latest",
            "code_configuration": {"code": "../code", "scoring_script": "score.py"},
            "environment": {"image": str(options.get("image") or ""), "conda_file": "../conda.yml"},
            "instance_type": str(options.get("instance-type") or "Standard_DS3_v2"),
            "instance_count": 1,
        },
        file=f"{folder}/endpoint/deployment.yml",
    )
    inputs = [port.name for port in experiment.service_inputs]
    outputs = [port.name for port in experiment.service_outputs]
    builder.text_output(f"{folder}/code/score.py", scoring_stub(experiment.name or prefix, inputs, outputs))
    for port in experiment.service_inputs:
        builder.mapped(port.pointer, "/code_configuration/scoring_script")
    message = (
        f"the web service ({', '.join(inputs)} -> {', '.join(outputs)}) became the outline of an online endpoint: "
        f"register the trained model as {model}, finish code/score.py (the steps between the service's input and "
        "output), then create the endpoint and the deployment"
    )
    builder.finding(
        "SL415", message, experiment.service_inputs[0].pointer, hint=f"files: {folder}/endpoint/ and {folder}/code/score.py"
    )
    return [message]


def rows(experiment: Experiment, plan: nodes.Pipeline, names: nodes.Names) -> tuple[ServiceRow, ...]:
    found: list[ServiceRow] = []
    for port in experiment.service_inputs:
        job = names.job.get(port.port.node, port.port.node)
        found.append(
            ServiceRow(
                "input", port.name, f"{job}.{port.port.name}", "the scoring script's input; a pipeline input when unconnected"
            )
        )
    for port in experiment.service_outputs:
        job = names.job.get(port.port.node, port.port.node)
        output = plan.service_outputs.get((port.port.node, port.port.name), "")
        found.append(ServiceRow("output", port.name, f"{job}.{port.port.name}", f"pipeline output {output}"))
    for parameter in experiment.service_parameters:
        kind = f"{parameter.type} " if parameter.type else ""
        value = parameter.value or parameter.default or "(no value)"
        if parameter.name in plan.credentials:
            found.append(ServiceRow("parameter", parameter.name, f"{kind}(credential, not copied)", "nothing: not copied"))
            continue
        located = plan.located.get(parameter.name)
        becomes = (
            f"the path of {located.strip('/').replace('/', ' ')}"
            if located
            else f"pipeline input {identifier(parameter.name, 'parameter')}"
        )
        found.append(ServiceRow("parameter", parameter.name, f"{kind}{value}".strip(), becomes))
    return tuple(found)


def _endpoint_name(prefix: str) -> str:
    """An online endpoint name: 3-32 letters, digits and dashes, starting with a letter, not ending with a dash."""
    name = re.sub(r"[^a-z0-9-]+", "-", prefix.lower().replace("_", "-")).strip("-")
    if not name or not name[0].isalpha():
        name = f"studio-{name}"
    return name[:32].rstrip("-").ljust(3, "x")


def scoring_stub(experiment: str, inputs: list[str], outputs: list[str]) -> str:
    """A scoring script that speaks the classic request-response format and says what a person must add."""
    return _STUB.replace("{experiment}", experiment).replace("{inputs}", repr(inputs)).replace("{outputs}", repr(outputs))


_STUB = '''"""Scoring script outline for the web service of the ML Studio (classic) experiment {experiment}.

It speaks the classic request-response format: a request {"Inputs": {"<input>": [{column: value, ...}, ...]},
"GlobalParameters": {...}} (the older {"ColumnNames": [...], "Values": [[...]]} form too), and a response
{"Results": {"<output>": [{column: value, ...}, ...]}}.

TO DO before deploying: register the trained model (the model the training pipeline wrote) under the name the
deployment names, then write predict() below: the steps of the predictive experiment between its web service input
and output (the same components' code is in studio_modules).
"""

from __future__ import annotations

import json
import os
from typing import Any

import pandas as pd

INPUTS = {inputs}
OUTPUTS = {outputs}
MODEL_DIR = ""


def init() -> None:
    global MODEL_DIR
    MODEL_DIR = os.environ.get("AZUREML_MODEL_DIR", "")


def predict(frames: dict[str, pd.DataFrame], parameters: dict[str, Any]) -> dict[str, pd.DataFrame]:
    raise NotImplementedError(
        "this scoring script is an outline: rebuild the predictive experiment's steps here (see the module docstring)"
    )


def run(raw: str) -> dict[str, Any]:
    request = json.loads(raw)
    frames = {name: _frame(request.get("Inputs", {}).get(name)) for name in INPUTS}
    results = predict(frames, request.get("GlobalParameters") or {})
    return {"Results": {name: json.loads(results[name].to_json(orient="records")) for name in OUTPUTS if name in results}}


def _frame(value: Any) -> pd.DataFrame:
    if isinstance(value, dict) and "ColumnNames" in value:
        return pd.DataFrame(value.get("Values") or [], columns=value["ColumnNames"])
    return pd.DataFrame(value or [])
'''
