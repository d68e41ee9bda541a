"""Deterministic generator of realistic Azure ML v2 specs for the benchmark.

Command jobs, sweep jobs, pipeline jobs (2-4 nodes), environments and managed online deployments, 20-60 lines
each, about one in seven with one deliberate mistake of a kind every validator under test reports (unknown field,
wrong type, missing required field, value outside an enum). The same seed always gives the same files.

    python benchmarks/gen_specs.py OUT_DIR [--files N] [--seed S]

Specs go to ``OUT_DIR/specs``; the local files they name (code folders, conda files, a Dockerfile, a model) go to
``OUT_DIR/assets``, so that a tool that opens them finds them. ``OUT_DIR/manifest.tsv`` lists
``file<TAB>spec type<TAB>mistake`` (empty when the file is meant to be valid).
"""

from __future__ import annotations

import argparse
import os
import random
from collections.abc import Callable
from dataclasses import dataclass

SCHEMA_URL = "https://azuremlschemas.azureedge.net/latest/{}.schema.json"
MISTAKE_RATE = 0.15

ENVIRONMENTS = [
    "azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest",
    "azureml:AzureML-pytorch-1.10-ubuntu18.04-py38-cuda11-gpu@latest",
    "azureml:AzureML-tensorflow-2.7-ubuntu20.04-py38-cuda11-gpu:12",
    "azureml:AzureML-lightgbm-3.2-ubuntu18.04-py37-cpu:40",
]
COMPUTES = ["azureml:cpu-cluster", "azureml:gpu-cluster", "azureml:cpu-cluster-lg", "azureml:spot-cluster"]
IMAGES = [
    "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest",
    "mcr.microsoft.com/azureml/curated/sklearn-1.5:12",
    "mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04:20240101.v1",
]
INSTANCE_TYPES = ["Standard_DS3_v2", "Standard_DS4_v2", "Standard_F4s_v2", "Standard_NC6s_v3"]
WORDS = ["churn", "fraud", "taxi", "iris", "mnist", "credit", "sales", "energy", "retail", "sensor", "clicks", "loans"]
METRICS = ["accuracy", "auc", "f1_score", "rmse", "val_loss"]


@dataclass
class Spec:
    kind: str  # speclift spec-type name
    lines: list[str]
    mistake: str = ""


def _tags(rng: random.Random, indent: str = "") -> list[str]:
    out = [f"{indent}tags:"]
    for key in rng.sample(["team", "owner", "stage", "cost_center", "project"], rng.randint(1, 3)):
        out.append(f"{indent}  {key}: {rng.choice(WORDS)}-{rng.randint(1, 99)}")
    return out


def _data_path(rng: random.Random) -> str:
    word = rng.choice(WORDS)
    return rng.choice(
        [
            f"azureml://datastores/workspaceblobstore/paths/{word}/raw/",
            f"azureml:{word}-data:{rng.randint(1, 9)}",
            f"https://azuremlexamples.blob.core.windows.net/datasets/{word}/",
        ]
    )


def command_job(rng: random.Random, index: int) -> Spec:
    word = rng.choice(WORDS)
    lines = [
        f"$schema: {SCHEMA_URL.format('commandJob')}",
        "type: command",
        f"display_name: train-{word}-{index}",
        f"experiment_name: {word}-training",
        f"description: Train a {word} model with gradient boosting.",
        "code: ../assets/src",
        "command: >-",
        "  python train.py",
        "  --data ${{inputs.training_data}}",
        "  --learning-rate ${{inputs.learning_rate}}",
        "  --epochs ${{inputs.epochs}}",
        "  --model-dir ${{outputs.model_dir}}",
        "inputs:",
        "  training_data:",
        "    type: uri_folder",
        f"    path: {_data_path(rng)}",
        "    mode: ro_mount",
        f"  learning_rate: {rng.choice(['0.01', '0.05', '0.1'])}",
        f"  epochs: {rng.randint(5, 50)}",
        "outputs:",
        "  model_dir:",
        "    type: uri_folder",
        f"environment: {rng.choice(ENVIRONMENTS)}",
        f"compute: {rng.choice(COMPUTES)}",
    ]
    if rng.random() < 0.5:
        lines += ["resources:", f"  instance_count: {rng.randint(1, 4)}"]
        if rng.random() < 0.5:
            lines += ["distribution:", "  type: pytorch", f"  process_count_per_instance: {rng.choice([1, 2, 4])}"]
    if rng.random() < 0.6:
        lines += ["environment_variables:", f"  DATASET_NAME: {word}", f"  LOG_LEVEL: {rng.choice(['INFO', 'DEBUG'])}"]
    if rng.random() < 0.4:
        lines += ["limits:", f"  timeout: {rng.choice([3600, 7200, 10800])}"]
    lines += _tags(rng)
    return Spec("command-job", lines)


def sweep_job(rng: random.Random, index: int) -> Spec:
    word = rng.choice(WORDS)
    lines = [
        f"$schema: {SCHEMA_URL.format('sweepJob')}",
        "type: sweep",
        f"display_name: sweep-{word}-{index}",
        f"experiment_name: {word}-sweep",
        "trial:",
        "  code: ../assets/src",
        "  command: >-",
        "    python train.py --data ${{inputs.training_data}}",
        "    --learning-rate ${{search_space.learning_rate}}",
        "    --batch-size ${{search_space.batch_size}}",
        f"  environment: {rng.choice(ENVIRONMENTS)}",
        "inputs:",
        "  training_data:",
        "    type: uri_folder",
        f"    path: {_data_path(rng)}",
        f"compute: {rng.choice(COMPUTES)}",
        f"sampling_algorithm: {rng.choice(['random', 'bayesian', 'grid'])}",
        "search_space:",
        "  learning_rate:",
        "    type: choice",
        "    values: [0.001, 0.01, 0.1]",
        "  batch_size:",
        "    type: choice",
        f"    values: [{', '.join(str(v) for v in rng.sample([16, 32, 64, 128, 256], 3))}]",
        "objective:",
        f"  goal: {rng.choice(['maximize', 'minimize'])}",
        f"  primary_metric: {rng.choice(METRICS)}",
        "limits:",
        f"  max_total_trials: {rng.choice([8, 16, 20, 40])}",
        f"  max_concurrent_trials: {rng.choice([2, 4])}",
        f"  timeout: {rng.choice([3600, 7200])}",
    ]
    if rng.random() < 0.5:
        lines += [
            "early_termination:",
            "  type: bandit",
            "  slack_factor: 0.1",
            "  evaluation_interval: 1",
            "  delay_evaluation: 5",
        ]
    lines += _tags(rng)
    return Spec("sweep-job", lines)


def pipeline_job(rng: random.Random, index: int) -> Spec:
    word = rng.choice(WORDS)
    lines = [
        f"$schema: {SCHEMA_URL.format('pipelineJob')}",
        "type: pipeline",
        f"display_name: {word}-pipeline-{index}",
        f"experiment_name: {word}-pipelines",
        f"description: Prepare, train and score the {word} data.",
        "settings:",
        f"  default_compute: {rng.choice(COMPUTES)}",
        "  default_datastore: azureml:workspaceblobstore",
        f"  continue_on_step_failure: {rng.choice(['true', 'false'])}",
        "inputs:",
        "  raw_data:",
        "    type: uri_folder",
        f"    path: {_data_path(rng)}",
        "outputs:",
        "  trained_model:",
        "    type: uri_folder",
        "jobs:",
    ]
    steps = ["prep", "train", "score", "evaluate"][: rng.randint(2, 4)]
    previous = "${{parent.inputs.raw_data}}"
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        output = "trained_model" if last else f"{step}_output"
        lines += [
            f"  {step}_step:",
            "    type: command",
            "    code: ../assets/src",
            f"    command: python {step}.py --input ${{{{inputs.data}}}} --output ${{{{outputs.{output}}}}}",
            f"    environment: {rng.choice(ENVIRONMENTS)}",
            "    inputs:",
            f"      data: {previous}",
            "    outputs:",
        ]
        lines += (
            [f"      {output}: ${{{{parent.outputs.trained_model}}}}"]
            if last
            else [f"      {output}:", "        type: uri_folder"]
        )
        previous = f"${{{{parent.jobs.{step}_step.outputs.{output}}}}}"
    return Spec("pipeline-job", lines)


def environment(rng: random.Random, index: int) -> Spec:
    word = rng.choice(WORDS)
    lines = [
        f"$schema: {SCHEMA_URL.format('environment')}",
        f"name: {word}-env-{index}",
        f"version: {rng.randint(1, 30)}",
        "description: |-",
        f"  Runtime for the {word} models: {rng.choice(['scikit-learn', 'LightGBM', 'PyTorch'])} on Ubuntu,",
        "  with the conda dependencies of the training code.",
        "os_type: linux",
    ]
    if rng.random() < 0.7:
        lines += [f"image: {rng.choice(IMAGES)}", "conda_file: ../assets/conda.yaml"]
    else:
        lines += ["build:", "  path: ../assets/docker-context", "  dockerfile_path: Dockerfile"]
    if rng.random() < 0.7:
        lines += ["inference_config:", "  liveness_route:", "    port: 5001", "    path: /health"]
        lines += [
            "  readiness_route:",
            "    port: 5001",
            "    path: /ready",
            "  scoring_route:",
            "    port: 5001",
            "    path: /score",
        ]
    lines += _tags(rng)
    return Spec("environment", lines)


def online_deployment(rng: random.Random, index: int) -> Spec:
    word = rng.choice(WORDS)
    lines = [
        f"$schema: {SCHEMA_URL.format('managedOnlineDeployment')}",
        f"name: {rng.choice(['blue', 'green'])}",
        f"endpoint_name: {word}-endpoint-{index}",
        f"description: Serve the {word} model.",
        f"model: azureml:{word}-model:{rng.randint(1, 9)}",
        "code_configuration:",
        "  code: ../assets/src",
        "  scoring_script: score.py",
        f"environment: {rng.choice(ENVIRONMENTS).replace('@latest', ':1')}",
        f"instance_type: {rng.choice(INSTANCE_TYPES)}",
        f"instance_count: {rng.randint(1, 3)}",
        "request_settings:",
        f"  request_timeout_ms: {rng.choice([3000, 5000, 90000])}",
        f"  max_concurrent_requests_per_instance: {rng.randint(1, 4)}",
        "liveness_probe:",
        "  initial_delay: 10",
        "  period: 10",
        "  timeout: 2",
        "  success_threshold: 1",
        "  failure_threshold: 30",
        f"app_insights_enabled: {rng.choice(['true', 'false'])}",
        "environment_variables:",
        f"  MODEL_NAME: {word}",
    ]
    lines += _tags(rng)
    return Spec("managed-online-deployment", lines)


# (generator, share of the set)
KINDS: list[tuple[Callable[[random.Random, int], Spec], float]] = [
    (command_job, 0.35),
    (sweep_job, 0.15),
    (pipeline_job, 0.15),
    (environment, 0.20),
    (online_deployment, 0.15),
]


def _replace(lines: list[str], prefix: str, new: str) -> None:
    """Replace the first line starting with ``prefix`` (the generators always write it)."""
    index = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    lines[index : index + 1] = new.split("\n")


def _drop_block(lines: list[str], head: str) -> None:
    """Remove the line starting with ``head`` and the indented lines that follow it."""
    index = next(i for i, line in enumerate(lines) if line.startswith(head))
    end = index + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    del lines[index:end]


# spec type -> mistakes every validator under test rejects: (name, edit)
MISTAKES: dict[str, list[tuple[str, Callable[[list[str]], None]]]] = {
    "command-job": [
        ("missing required field", lambda ls: _drop_block(ls, "command:")),
        ("wrong type", lambda ls: _replace(ls, "experiment_name:", "experiment_name: [a, b]")),
        ("unknown top-level field", lambda ls: ls.append("computee: azureml:cpu-cluster")),
    ],
    "sweep-job": [
        ("bad enum", lambda ls: _replace(ls, "  goal:", "  goal: maximise")),
        ("wrong type", lambda ls: _replace(ls, "  max_total_trials:", "  max_total_trials: twenty")),
        ("unknown top-level field", lambda ls: ls.append("experment_name: typo")),
    ],
    "pipeline-job": [
        ("nested unknown field", lambda ls: _replace(ls, "    type: command", "    type: command\n    computee: azureml:cpu")),
        ("wrong type", lambda ls: _replace(ls, "  continue_on_step_failure:", "  continue_on_step_failure: [yes]")),
        ("unknown top-level field", lambda ls: ls.append("descripton: typo")),
    ],
    "environment": [
        ("wrong type", lambda ls: _replace(ls, "version:", "version: [1, 2]")),
        ("unknown top-level field", lambda ls: _replace(ls, "os_type:", "os_type: linux\nimage_name: ubuntu")),
    ],
    "managed-online-deployment": [
        ("wrong type", lambda ls: _replace(ls, "instance_count:", "instance_count: three")),
        (
            "nested unknown field",
            lambda ls: _replace(ls, "  scoring_script:", "  scoring_script: score.py\n  scoring_scrpt: x.py"),
        ),
        ("unknown top-level field", lambda ls: ls.append("instance_typ: Standard_DS3_v2")),
    ],
}


def add_mistake(spec: Spec, rng: random.Random) -> None:
    """Introduce one mistake, chosen among those for the spec's type."""
    name, edit = rng.choice(MISTAKES[spec.kind])
    edit(spec.lines)
    spec.mistake = name


def generate(out_dir: str, count: int = 2000, seed: int = 20240611) -> list[tuple[str, str, str]]:
    """Write ``count`` specs under ``out_dir/specs`` and their assets; return (path, spec type, mistake) rows."""
    rng = random.Random(seed)
    specs_dir = os.path.join(out_dir, "specs")
    os.makedirs(specs_dir, exist_ok=True)
    _write_assets(os.path.join(out_dir, "assets"))
    makers = [maker for maker, _ in KINDS]
    weights = [share for _, share in KINDS]
    rows = []
    for index in range(count):
        maker = rng.choices(makers, weights)[0]
        spec = maker(rng, index)
        if rng.random() < MISTAKE_RATE:
            add_mistake(spec, rng)
        path = os.path.join(specs_dir, f"{index:05d}-{spec.kind}.yml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(spec.lines) + "\n")
        rows.append((path, spec.kind, spec.mistake))
    with open(os.path.join(out_dir, "manifest.tsv"), "w", encoding="utf-8") as handle:
        handle.writelines(f"{path}\t{kind}\t{mistake}\n" for path, kind, mistake in rows)
    return rows


def _write_assets(assets: str) -> None:
    files = {
        "src/train.py": "print('train')\n",
        "src/prep.py": "print('prep')\n",
        "src/score.py": "def init():\n    pass\n\n\ndef run(raw):\n    return raw\n",
        "src/evaluate.py": "print('evaluate')\n",
        "conda.yaml": "name: env\nchannels: [conda-forge]\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n    - scikit-learn\n",
        "docker-context/Dockerfile": "FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest\nRUN pip install scikit-learn\n",
    }
    for relative, text in files.items():
        path = os.path.join(assets, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    rows = generate(args.out_dir, args.files, args.seed)
    print(f"{len(rows)} specs in {os.path.join(args.out_dir, 'specs')}, {sum(1 for r in rows if r[2])} with a mistake")


if __name__ == "__main__":
    main()
