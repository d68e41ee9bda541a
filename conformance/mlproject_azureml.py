"""azure-ai-ml on the outputs of converting MLproject files: the verdict, and what a job's inputs become.

Runs inside .venvs/azureml (requirements-azureml.txt) next to official_azureml.py and effective_azureml.py, whose
loader choice, verdict and REST conversion it shares; it never imports speclift.

    python mlproject_azureml.py --list LIST     # one `path[<TAB>hint]` a line; "-" reads standard input

Output: one JSON object per line, in input order: official_azureml.py's verdict (``load_*`` + ``_validate()``)

    {"file": "...", "ok": true|false, "loader": "load_job", "error": "", "inputs": {...}|null, "command": "..."|null}

plus, for a job, the literal inputs as the job's REST payload carries them (``_to_rest_object()``, what ``az ml job
create`` sends: ``{"name": {"job_input_type": "literal", "value": "0.1"}, ...}``; the value is the text the service
substitutes for ``${{inputs.name}}``) and the command it sends.
"""

from __future__ import annotations

import sys
from typing import Any

import effective_azureml
import official_azureml
from oracle import answer_list


def judge(path: str, hint: str | None) -> dict[str, Any]:
    result = official_azureml.check(path, hint)
    result["inputs"] = result["command"] = None
    if result["ok"] and result["loader"] == "load_job":
        rest = effective_azureml.effective(path, hint).get("rest") or {}
        body = rest.get("properties", rest)  # a job's REST object, or the node-shaped dict of a command job
        result["inputs"] = body.get("inputs")
        result["command"] = body.get("command") or _component_command(body.get("componentId"))
    return result


def _component_command(component: Any) -> str | None:
    """A command job with local code is sent as a node of an anonymous component, given as YAML text."""
    if isinstance(component, str):
        data = official_azureml.yaml.safe_load(component)
        if isinstance(data, dict):
            return data.get("command")
    return None


def main(argv: list[str] | None = None) -> int:
    return answer_list(argv, __doc__.split("\n\n")[0], judge, "path[<TAB>hint]")


if __name__ == "__main__":
    sys.exit(main())
