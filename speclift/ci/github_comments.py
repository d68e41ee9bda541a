"""The Action's one pull-request comment, kept up to date: the comment whose body starts with a hidden marker is
edited, else one is created, so a pull request pushed to ten times still has one comment, not ten.

GitHub's REST API through urllib (a pull request's conversation comments are its issue's): list the issue's
comments (``GET /repos/{repo}/issues/{number}/comments``, every page), then ``PATCH
/repos/{repo}/issues/comments/{id}`` or ``POST /repos/{repo}/issues/{number}/comments``. Redirects are not followed:
the token goes to the API's own address only.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from speclift import __version__

MAX_BODY = 65536  # characters: GitHub refuses a longer comment
MAX_PAGES = 50  # of 100 comments each: a pull request with more is not searched further (a new comment is made)
TIMEOUT = 30.0  # seconds per request
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')


class CommentError(Exception):
    """The API refused or could not be reached, or answered what is no comment; ``status`` is the HTTP status when
    there was one, ``rate_limited`` whether the refusal was the API's rate limit (403 or 429), not a permission."""

    def __init__(self, message: str, status: int | None = None, *, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.rate_limited = rate_limited


@dataclass(frozen=True, slots=True)
class Posted:
    action: str  # "created" or "updated"
    comment_id: int
    url: str  # the comment's address on the pull request's page


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib would send the Authorization header on to wherever the redirect leads


_OPENER = urllib.request.build_opener(_NoRedirect)


def upsert_comment(
    api_url: str, repository: str, number: int, token: str, marker: str, body: str, *, create: bool = True
) -> Posted | None:
    """Make ``body`` (which starts with ``marker``) the pull request's one comment with that marker: edit the one
    there is, else (with ``create``; otherwise None) create it."""
    if urllib.parse.urlsplit(api_url).scheme not in ("http", "https"):
        raise CommentError(f"the API address {api_url!r} is not an http(s) URL")
    if not body.startswith(marker):
        raise ValueError("the body must start with its marker: that is how the next run finds it")
    issue = f"{api_url}/repos/{repository}/issues"
    existing = _find(f"{issue}/{number}/comments?per_page=100", token, marker, api_url)
    if existing is not None:
        answer, _ = _call("PATCH", f"{issue}/comments/{existing}", token, {"body": body})
        return Posted("updated", *_posted(answer, "PATCH"))
    if not create:
        return None
    answer, _ = _call("POST", f"{issue}/{number}/comments", token, {"body": body})
    return Posted("created", *_posted(answer, "POST"))


def _posted(answer: Any, method: str) -> tuple[int, str]:
    """The id and address of the comment an edit or a creation answered with."""
    comment_id = _id(answer)
    if comment_id is None:
        raise CommentError(f"{method}: the API's answer is no comment (no numeric id)")
    return comment_id, str(answer.get("html_url") or "")


def _id(comment: Any) -> int | None:
    value = comment.get("id") if isinstance(comment, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _find(url: str | None, token: str, marker: str, api_url: str) -> int | None:
    """The id of the last comment whose body starts with ``marker``, searching every page. A next page elsewhere
    than the API's own address is not asked for: the request carries the token."""
    found = None
    origin = urllib.parse.urlsplit(api_url)[:2]
    for _ in range(MAX_PAGES):
        if url is None:
            break
        comments, headers = _call("GET", url, token)
        if not isinstance(comments, list):
            raise CommentError(f"GET {urllib.parse.urlsplit(url).path}: the API's answer is no list of comments")
        for comment in comments:
            if _id(comment) is not None and str(comment.get("body") or "").startswith(marker):
                found = _id(comment)
        link = _NEXT.search(_header(headers, "Link"))
        url = link.group(1) if link else None
        if url is not None and urllib.parse.urlsplit(url)[:2] != origin:
            raise CommentError(f"the next page of comments is at another address than the API's ({url}): not followed")
    return found


def _header(headers: dict[str, str], name: str) -> str:
    return next((value for key, value in headers.items() if key.lower() == name.lower()), "")


def _call(method: str, url: str, token: str, payload: dict[str, Any] | None = None) -> tuple[Any, dict[str, str]]:
    data = json.dumps(payload).encode("utf-8") if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    request.add_header("User-Agent", f"speclift/{__version__}")
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    path = urllib.parse.urlsplit(url).path
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            text = response.read().decode("utf-8")
            return (json.loads(text) if text else None), dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        message = _message(exc)
        limited = exc.code == 429 or (
            exc.code == 403 and (exc.headers.get("x-ratelimit-remaining") == "0" or "rate limit" in message.lower())
        )
        raise CommentError(f"{method} {path}: HTTP {exc.code} {message}", exc.code, rate_limited=limited) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CommentError(f"{method} {path}: {reason}") from None


def _message(error: urllib.error.HTTPError) -> str:
    """GitHub's own words from an error response (``{"message": ...}``), else the status's reason."""
    try:
        answer = json.loads(error.read().decode("utf-8"))
        return str(answer.get("message") or error.reason)
    except (ValueError, AttributeError, OSError):
        return str(error.reason)
