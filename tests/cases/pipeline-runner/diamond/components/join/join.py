"""Joins the two counts under a title taken from the environment (the job's environment_variables)."""

import os
import pathlib
import sys

left, right, joined = (pathlib.Path(arg) for arg in sys.argv[1:4])
lines = [os.environ["REPORT_TITLE"], (left / "count.txt").read_text().strip(), (right / "count.txt").read_text().strip()]
(joined / "report.txt").write_text("\n".join(lines) + "\n")
