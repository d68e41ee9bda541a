"""Fails as a component should: what went wrong on one line of stderr, exit status 3."""

import sys

print("looking for rows", file=sys.stderr)
print("Boom: the table holds no rows", file=sys.stderr)
raise SystemExit(3)
