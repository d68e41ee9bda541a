"""The environment the generated components run in: the versions the component runtime is tested with.

``tests/test_studio_environment.py`` holds these to the pins in ``constraints.txt``, so what a converted pipeline
installs is what ``make test`` ran the runtime with.
"""

from __future__ import annotations

from typing import Any

PYTHON = "3.11"
PACKAGES = ("pandas==3.1.1", "scikit-learn==1.9.1")
R_VERSION = "4.4"


def conda(*, with_r: bool = False) -> dict[str, Any]:
    """The conda file of the components (``with_r``: the Execute R Script components', with R beside Python)."""
    dependencies: list[Any] = [f"python={PYTHON}", "pip"]
    if with_r:
        dependencies.insert(1, f"r-base={R_VERSION}")
    dependencies.append({"pip": list(PACKAGES)})
    name = "studio-classic-runtime-r" if with_r else "studio-classic-runtime"
    return {"name": name, "channels": ["conda-forge"], "dependencies": dependencies}
