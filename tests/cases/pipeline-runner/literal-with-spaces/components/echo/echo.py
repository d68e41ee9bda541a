"""Writes each argument it was given between brackets, so that spaces show."""

import pathlib
import sys

out = pathlib.Path(sys.argv[sys.argv.index("--out") + 1])
(out / "message.txt").write_text("".join(f"[{arg}]\n" for arg in sys.argv[1:-2]))
