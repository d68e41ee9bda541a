"""Where an Import Data module read its data from -> a pipeline input the import component reads.

The classic module fetched the data itself (a web URL, a blob with the account's key, a SQL query); in v2 the data
comes in as a pipeline input (a URL or a ``wasbs://`` path Azure ML mounts) and the component only parses it. A
source v2 cannot name as a path (a database, a table, a feed) becomes an input on a data asset a person creates.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from speclift.studio.conceal import holds_credential
from speclift.studio.graph import Node

_SOURCE = "Please Specify Data Source"


@dataclass(frozen=True, slots=True)
class Source:
    kind: str  # uri_file | uri_folder
    path: str
    read: tuple[str, ...]  # the parameters the path was built from
    person: str = ""  # set when a person must create the data: what to do
    approximated: str = ""  # set when the input reads the same data in a different way
    derived: tuple[tuple[str, str], ...] = ()  # parameters of the import program, from the source's own spelling


# A web source names its file format and header row otherwise than a blob source, whose names the program takes.
_WEB_FORMAT = {"Data format": "Blob File format", "CSV or TSV has header row": "File has Header Row"}


def import_source(node: Node, asset: str) -> Source:
    """The pipeline input for an Import Data node; ``asset`` names the data asset a person would create."""
    kind = (_value(node, _SOURCE) or "").lower().replace(" ", "")
    if "http" in kind or "web" in kind:
        url = _value(node, "Data source URL") or ""
        if url:
            derived = tuple((_WEB_FORMAT[name], value) for name in _WEB_FORMAT if (value := _value(node, name)) is not None)
            path, note = (_without_credentials(url), _TOKEN_NOT_COPIED) if holds_credential(url) else (url, "")
            return Source(
                "uri_file",
                path,
                (_SOURCE, "Data source URL", *(n for n in _WEB_FORMAT if _value(node, n) is not None)),
                derived=derived,
                approximated=note,
            )
    if "blob" in kind:
        account = _value(node, "Account Name") or ""
        location = (_value(node, "Path to container or directory or blob") or "").lstrip("/")
        container, _, inside = location.partition("/")
        if account and container:
            folder = not inside or inside.endswith("/")
            path = f"wasbs://{container}@{account}.blob.core.windows.net/{inside}"
            note = ""
            if (_value(node, "Please Specify Authentication Type") or "").lower().startswith("account"):
                note = (
                    "the blob was read with the storage account's key, which is not copied: give the workspace access "
                    f"to account {account} (a datastore on container {container}, or the compute's identity)"
                )
            read = (_SOURCE, "Account Name", "Path to container or directory or blob", "Please Specify Authentication Type")
            return Source("uri_folder" if folder else "uri_file", path, read, approximated=note)
    shown = _value(node, _SOURCE) or "an unnamed source"
    return Source(
        "uri_folder",
        f"azureml:{asset}@latest",
        (_SOURCE,),
        person=f"Import Data read from {shown}, which a v2 input cannot name: create the data asset {asset} from it "
        "(az ml data import for a database) and check the input",
    )


_TOKEN_NOT_COPIED = (
    "the data source URL carried a credential (a SAS signature or a password), which is not copied: the pipeline input "
    "names the data without it; give the workspace access to it (a datastore, or the compute's identity)"
)


def _without_credentials(url: str) -> str:
    """A URL without its query (a SAS token) and user: a blob's as the ``wasbs://`` path Azure ML reads it by."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    container, _, inside = parts.path.lstrip("/").partition("/")
    if host.endswith(".blob.core.windows.net") and container:
        return f"wasbs://{container}@{host}/{inside}"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def _value(node: Node, name: str) -> str | None:
    parameter = node.parameter(name)
    return parameter.value if parameter is not None else None


def export_destination(node: Node) -> Source:
    """Where an Export Data node wrote: the folder of the pipeline output its Destination is bound to."""
    kind = (_value(node, "Please Specify Data Destination") or "").lower().replace(" ", "")
    account = _value(node, "Azure account name") or ""
    location = (_value(node, "Path to blob beginning with container") or "").lstrip("/")
    read = ("Please Specify Data Destination", "Azure account name", "Path to blob beginning with container")
    if "blob" in kind and account and "/" in location:
        container, _, inside = location.partition("/")
        folder = inside.rsplit("/", 1)[0] + "/" if "/" in inside else ""
        note = (
            f"the blob was written with the storage account's key, which is not copied: give the workspace write "
            f"access to account {account} (a datastore on container {container}, or the compute's identity)"
        )
        return Source("uri_folder", f"wasbs://{container}@{account}.blob.core.windows.net/{folder}", read, approximated=note)
    sas = urllib.parse.urlsplit(_value(node, "SAS URI for blob") or "")
    if sas.scheme == "https" and sas.hostname and sas.hostname.endswith(".blob.core.windows.net") and sas.path.count("/") >= 2:
        account = sas.hostname.split(".", 1)[0]
        container, _, inside = sas.path.lstrip("/").partition("/")
        folder = inside.rsplit("/", 1)[0] + "/" if "/" in inside else ""
        note = (
            f"the blob was written through a SAS URL, whose token is not copied: give the workspace write access to "
            f"account {account} (a datastore on container {container}, or the compute's identity)"
        )
        return Source("uri_folder", f"wasbs://{container}@{account}.blob.core.windows.net/{folder}", read[:1], approximated=note)
    shown = _value(node, "Please Specify Data Destination") or "an unnamed destination"
    return Source(
        "uri_folder",
        "",
        read[:1],
        person=f"Export Data wrote to {shown}, which a v2 output cannot name: bind the output to a datastore path, or "
        "write the data with a data export job",
    )
