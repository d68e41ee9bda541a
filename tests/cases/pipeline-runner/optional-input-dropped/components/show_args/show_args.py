"""Writes the arguments it was given, one a line, a path as <folder> or <file> (temporary paths vary)."""

import os
import pathlib
import sys

out = pathlib.Path(sys.argv[sys.argv.index("--out") + 1])
shown = ["<folder>" if os.path.isdir(arg) else "<file>" if os.path.isfile(arg) else arg for arg in sys.argv[1:]]
(out / "arguments.txt").write_text("\n".join(shown) + "\n")
