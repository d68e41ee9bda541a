"""Convert to TSV: the dataset as one tab-separated file with a header row (``data.tsv`` in the output folder, no
schema: a module reading it infers the types, as a classic module reading a TSV file did)."""

from __future__ import annotations

import argparse

from . import cli, tabular

MODULE = cli.Module("Convert to TSV", inputs=("Dataset",), outputs=("Results dataset",))


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser(MODULE)


def run(arguments: cli.Arguments) -> None:
    tabular.write_text_file(arguments.output("Results dataset") / "data.tsv", arguments.table("Dataset"), "\t")


def main(argv: list[str] | None = None) -> int:
    return cli.run(MODULE, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
