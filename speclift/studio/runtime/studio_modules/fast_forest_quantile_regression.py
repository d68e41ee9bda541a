"""Fast Forest Quantile Regression: writes its untrained model (the parameters and their scikit-learn mapping are in ``learning``)."""

from __future__ import annotations

import argparse

from . import cli
from .learning import LEARNERS, command_line, learner_main

MODULE = command_line(LEARNERS["Fast Forest Quantile Regression"])


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return learner_main(MODULE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
