"""The one exception a module reports as a one-line failure (bad data or parameters), never as a traceback."""

from __future__ import annotations


class StudioError(Exception):
    """What went wrong and what to do, in one sentence: ``cli.run`` prints it after the module's name, exit status 1."""
