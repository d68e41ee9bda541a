"""Scores each value with the model: value times weight, one a line."""

import argparse
import json
import pathlib

parser = argparse.ArgumentParser()
parser.add_argument("--model", type=pathlib.Path, required=True)
parser.add_argument("--values", required=True)
parser.add_argument("--scores", type=pathlib.Path, required=True)
args = parser.parse_args()
weight = json.loads((args.model / "model.json").read_text())["weight"]
lines = [f"{value} -> {int(value) * weight}" for value in args.values.split()]
(args.scores / "scores.txt").write_text("\n".join(lines) + "\n")
