"""Drops blank lines: reads a uri_file input (the path of the file itself), writes table.csv into its output folder."""

import argparse
import pathlib

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=pathlib.Path, required=True)
parser.add_argument("--table", type=pathlib.Path, required=True)
args = parser.parse_args()
lines = [line for line in args.rows.read_text().splitlines() if line.strip()]
(args.table / "table.csv").write_text("\n".join(lines) + "\n")
# A scratch file in the working directory: the runner gives the node a copy of its code folder to write in.
pathlib.Path("scratch.txt").write_text("kept out of the sources\n")
print(f"prepare: {len(lines) - 1} rows")
