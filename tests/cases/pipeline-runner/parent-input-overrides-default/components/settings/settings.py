"""Writes the settings it was given, one `name=value` a line."""

import argparse
import pathlib

parser = argparse.ArgumentParser()
for name in ("--threshold", "--greeting", "--strict", "--retries", "--out"):
    parser.add_argument(name, required=True)
args = vars(parser.parse_args())
out = pathlib.Path(args.pop("out"))
(out / "settings.txt").write_text("".join(f"{name}={value}\n" for name, value in args.items()))
