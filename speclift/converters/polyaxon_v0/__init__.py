"""Polyaxon v0 polyaxonfiles (polyaxon-schemas 0.0.x-0.6) -> Polyaxon v1.1 components and operations.

Older dialects (``settings:``, ``project:``, ``run: {image, build_steps}``, ``declarations``, ``kind: plugin``,
``environment.tensorflow``, typos such as ``gpu.request``) are normalised first; every finding still names the
user's own line. ``experiment`` and ``job`` become components, ``group`` an operation with a ``matrix`` and the
component inline, ``build`` an operation of the kaniko hub component, ``notebook`` and ``tensorboard`` service
components, ``pipeline`` a dag. The container command is byte-identical to what v0 ran.

Before (v0)::

    version: 1
    kind: experiment
    params: {lr: 0.01}
    environment:
      resources: {memory: {requests: 512}, gpu: {limits: 1}}
    build:
      image: tensorflow/tensorflow:1.4.1-py3
      build_steps: [pip install polyaxon-client]
    run:
      cmd: python3 train.py --lr={{ lr }}

After (v1.1, default options)::

    version: 1.1
    kind: component
    build:
      hubRef: kaniko
      connection: docker-connection
      runPatch:
        init:
          - dockerfile:
              image: tensorflow/tensorflow:1.4.1-py3
              run:
                - pip install polyaxon-client
    inputs:
      - name: lr
        type: float
        value: 0.01
        isOptional: true
    run:
      kind: job
      container:
        command: [/bin/bash, -c]
        args: [python3 train.py --lr={{ lr }}]
        workingDir: '{{ globals.run_artifacts_path }}/uploads'
        resources:
          requests: {memory: 512Mi}
          limits: {nvidia.com/gpu: 1}

With ``to=polyaxon-v2`` (``speclift convert --to polyaxon-v2``) the v1.1 output goes on through the 1.x -> 2.x
upgrade in the same run (:mod:`speclift.converters.polyaxon_v1`): a distributed MXNet experiment, an ``mxjob`` in
1.1, has no 2.x run kind and needs a person (SL404 at the v0 line that made it).

Options: ``to`` (polyaxon-v1 | polyaxon-v2), ``build-mode`` (build-section | inline | image-only),
``registry-connection``, ``git-url``, ``gpu-resource-key``. Codes: SL401 approximated, SL402 no equivalent, SL404 cannot convert, SL409 fixed typo.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from speclift.conversion import Conversion, ConversionBuilder, ConvertContext, outermost
from speclift.converters import Option
from speclift.converters.polyaxon_v0 import dialects, kinds
from speclift.converters.polyaxon_v0.context import Context
from speclift.converters.polyaxon_v1.chain import upgrade_output
from speclift.pointer import dotted, tokens
from speclift.yamlio import Document

SOURCE = "polyaxon/v0/polyaxonfile"
TARGETS = ("polyaxon/v1/component", "polyaxon/v1/operation", "polyaxon/v2/component", "polyaxon/v2/operation")
OPTIONS: dict[str, Option] = {
    "to": Option(
        "polyaxon-v1",
        "the target: polyaxon-v1 (a version 1.1 file, read by polyaxon 1.x and 2.x) or polyaxon-v2 (that file upgraded "
        "for polyaxon 2.x in the same run); --to polyaxon-v2 is short for -O to=polyaxon-v2",
        choices=("polyaxon-v1", "polyaxon-v2"),
        doc="`polyaxon-v1`: a `version: 1.1` component or operation; `polyaxon-v2`: the same, upgraded for polyaxon 2.x "
        "in the same run (what 2.x rejects is rewritten or reported, as `--to polyaxon-v2` does for 1.1 files)",
    ),
    "build-mode": Option(
        "build-section",
        "what becomes of v0's image build: a kaniko build section, steps run before the command, or the base image only",
        choices=("build-section", "inline", "image-only"),
        doc="v0 always built an image (`FROM image`, `ENV`, `RUN` steps, the code at `/code`). `build-section`: a "
        "component `build:` section with the kaniko hub component (`runPatch.init[].dockerfile`); `inline`: the steps "
        "run before the command (`steps && cmd`), env vars set on the container; `image-only`: the base image only, "
        "steps left out with a finding. A build with nothing to bake uses `container.image` in every mode.",
    ),
    "registry-connection": Option("docker-connection", "the registry connection kaniko builds push to"),
    "git-url": Option(
        "",
        "the repository to clone with an init git step (v0 baked the code into the image)",
        doc="clone the code with an init `git` step (plus `build.commit`/`branch` as its revision) and run in the "
        "clone; without it the container runs in `{{ globals.run_artifacts_path }}/uploads` (`polyaxon run -u`)",
    ),
    "gpu-resource-key": Option(
        "nvidia.com/gpu",
        "the Kubernetes resource name of a GPU (v0's K8S_GPU_RESOURCE_KEY)",
        doc="the resource name v0 GPUs map to (v0's `K8S_GPU_RESOURCE_KEY`)",
    ),
}
_KINDS = ("experiment", "job", "group", "build", "notebook", "tensorboard", "pipeline")


def convert(document: Document, path: str, options: Mapping[str, Any], context: ConvertContext) -> Conversion:
    """Convert one v0 document. Polyaxon v0 files name no other files, so ``context`` goes unused."""
    builder = ConversionBuilder(document, path, SOURCE)
    ctx = Context(builder, options)
    data = document.data
    doc = dialects.normalise(data, ctx)
    kind = doc.get("kind")
    problem = _refusal(doc)
    if problem:
        return builder.refuse(problem[0], problem[1], hint=problem[2])
    if kind == "group":
        out, target = kinds.group(ctx, doc), "polyaxon/v1/operation"
    elif kind == "build":
        out, target = kinds.build(ctx, doc), "polyaxon/v1/operation"
    elif kind in ("notebook", "tensorboard"):
        out, target = kinds.service(ctx, doc, str(kind)), "polyaxon/v1/component"
    elif kind == "pipeline":
        out = kinds.pipeline(ctx, doc)
        target = f"polyaxon/v1/{out['kind']}"
    else:
        out, target = kinds.experiment(ctx, doc), "polyaxon/v1/component"
    builder.output(target, out)
    _unknown(builder, data)
    if options.get("to") == "polyaxon-v2" and not builder.has_refusal:
        upgrade_output(builder, 0)  # v0 -> 1.1 -> 2.x in one run; findings at the v0 lines through the provenance
    return builder.build()


def _refusal(doc: dict[str, Any]) -> tuple[str, str, str] | None:
    kind = doc.get("kind")
    if kind not in _KINDS:
        return f"kind {kind!r} is not a polyaxon v0 kind", "/kind", "use one of " + ", ".join(_KINDS)
    if kind == "group" and not (isinstance(doc.get("hptuning"), dict) and doc["hptuning"].get("matrix")):
        return "a group needs hptuning.matrix: there is nothing to search over", "/kind", "add hptuning.matrix"
    return None


def _unknown(builder: ConversionBuilder, data: Any) -> None:
    """Parts of the source that no step recognised: fields v0 itself did not know (polyaxon <= 0.3 ignored unknown
    keys silently). Reported once per outermost unknown key."""
    for top in outermost(builder.unaccounted(), data, root=False):
        name = dotted(top) if all(tokens(top)) else repr(dotted(top))  # an empty key must still show
        builder.dropped(
            top,
            f"{name} is not a polyaxon v0 field that speclift knows; it was left out",
            hint="polyaxon <= 0.3 ignored unknown keys; check whether it was a typo",
        )
