"""One-vs-One Multiclass: wraps the connected two-class model, one binary model per pair of classes (see ``learning.wrapper_spec``)."""

from __future__ import annotations

import argparse

from . import cli
from .learning import wrapper_command_line, wrapper_main

MODULE = wrapper_command_line("One-vs-One Multiclass")


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def main(argv: list[str] | None = None) -> int:
    return wrapper_main(MODULE, argv)


if __name__ == "__main__":
    raise SystemExit(main())
