"""The library API's one-call entry points for validating, converting and diffing (``migrate`` lives with the
migration machinery, :mod:`speclift.migration.run`; ``detect`` with the spec types).

Import them from ``speclift`` itself (``from speclift import validate``): each is loaded on first use. The command
line only parses options, calls one of them and hands the result to a reporter (:data:`speclift.reporters.REPORTERS`).
Nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from speclift.config import Config
    from speclift.conversion.context import ReadScope
    from speclift.conversion.engine import ConvertedFile
    from speclift.diffing import DiffOptions, FileDiff
    from speclift.validation.engine import Report

__all__ = ["convert", "diff", "validate"]


def validate(paths: str | Sequence[str], config: Config | None = None, *, stdin_name: str = "<stdin>") -> Report:
    """Validate every spec under ``paths`` (a file, a folder, ``-`` for standard input, or a list of them).

    ``config`` (default: the defaults, no file is looked for; see :func:`speclift.config.load_config`) gives the
    include/exclude patterns, ignored codes and per-path settings. ``report.findings`` lists every finding.
    """
    from speclift.validation.engine import validate_paths

    return validate_paths([paths] if isinstance(paths, str) else paths, config, stdin_name=stdin_name)


def convert(
    path: str,
    *,
    text: str | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    output_dir: str | None = None,
    reads: ReadScope | None = None,
    repository: bool = True,
) -> ConvertedFile:
    """Convert one old-format file (every document of it) to the current format, in memory.

    ``text`` is converted as if it were the file ``path`` (else the file is read). ``options`` maps a source spec
    type (``polyaxon/v0/polyaxonfile``) to that converter's options. Local paths in the outputs are rewritten for
    ``output_dir`` (default: the source's folder). Files the spec names are read only inside ``reads`` (default:
    the source's git work tree, else its folder; ``ReadScope(anywhere=True)`` reads any). ``result.outputs`` holds
    the rendered YAML, already validated; ``result.ok`` tells whether it can be used. With ``repository`` (the
    default), the v1 CLI command lines the CI files of the git work tree holding ``path`` keep supply what v1 took
    from the command line (script, experiment, model, endpoint name, ...; ``options`` win over them).
    """
    from speclift import yamlio
    from speclift.conversion.engine import convert_file, convert_text
    from speclift.repository.for_conversion import supplies_for_file

    limits = reads.limits if reads is not None else yamlio.DEFAULT_LIMITS
    supplied, conflicts = supplies_for_file(path, limits) if repository else ({}, [])
    if text is None:
        result = convert_file(path, options, output_dir, reads=reads, supplied=supplied)
    else:
        result = convert_text(text, path, options, output_dir, reads=reads, supplied=supplied)
    result.findings.extend(conflicts)
    return result


def diff(
    path_a: str, path_b: str, options: DiffOptions | None = None, *, text_a: str | None = None, text_b: str | None = None
) -> FileDiff:
    """Semantic diff of two spec files (or of ``text_a``/``text_b`` given as those files' contents).

    An unreadable file gives a finding in ``result.findings``, never an exception; ``result.different`` tells
    whether anything differs for the platform.
    """
    from speclift import yamlio
    from speclift.diffing import FileDiff, diff_files, diff_texts

    if text_a is None and text_b is None:
        return diff_files(path_a, path_b, options)
    try:
        limits = options.limits if options is not None else yamlio.DEFAULT_LIMITS
        texts = [yamlio.read_file(path, limits) if text is None else text for path, text in ((path_a, text_a), (path_b, text_b))]
    except yamlio.LoadError as exc:
        return FileDiff(path_a, path_b, findings=[exc.finding])
    return diff_texts(texts[0], texts[1], path_a, path_b, options)
