"""The program of a module speclift generates nothing for: it fails loudly, saying what the module was and what a
person must do (the converter passes both), so a converted pipeline never runs past a missing step in silence."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m studio_modules.unsupported")
    parser.add_argument("--module-name", default="An unknown module")
    parser.add_argument("--family-id", default="unknown")
    parser.add_argument("--advice", default="rebuild this step by hand")
    return parser


def main(argv: list[str] | None = None) -> int:
    # Whatever else the step was given (its ports, its parameters) is left unread: there is no program to take it.
    known, _ = build_parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    print(f"{known.module_name} (family {known.family_id}) has no generated program: {known.advice}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
