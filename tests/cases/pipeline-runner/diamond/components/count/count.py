"""Counts the distinct values of one column of table.csv in a uri_folder input."""

import argparse
import csv
import pathlib

parser = argparse.ArgumentParser()
parser.add_argument("--table", type=pathlib.Path, required=True)
parser.add_argument("--column", required=True)
parser.add_argument("--result", type=pathlib.Path, required=True)
args = parser.parse_args()
with (args.table / "table.csv").open(newline="") as handle:
    values = sorted({row[args.column] for row in csv.DictReader(handle)})
(args.result / "count.txt").write_text(f"{args.column}: {len(values)} distinct ({', '.join(values)})\n")
