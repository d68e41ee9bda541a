"""Paths as CI systems want them in reports: relative to the repository, with forward slashes."""

from __future__ import annotations

import os

from speclift.conversion.context import work_tree


def repository_path(path: str) -> str:
    """``path`` relative to the top folder of the git work tree holding it (GitLab and GitHub place a finding by
    its path in the repository, whatever folder the command ran in); outside any work tree, relative to the current
    folder when it is inside it, else as given. A name that is no file (``<stdin>``) is kept as it is."""
    if path.startswith("<"):
        return path
    folder, name = os.path.split(os.path.abspath(path))
    folder = os.path.realpath(folder)  # the work tree is found, and the path made relative, from real folders
    tree = work_tree(folder)
    root = tree or os.path.realpath(os.getcwd())
    try:
        relative = os.path.relpath(os.path.join(folder, name), root)
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")
    if tree is None and relative.split(os.sep, 1)[0] == os.pardir:  # no ../../ climbing out of an unrelated folder
        return path.replace(os.sep, "/")
    return relative.replace(os.sep, "/")
