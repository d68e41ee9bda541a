"""A stand-in for GitHub's REST API on 127.0.0.1, serving the issue-comment calls the Action makes: list a pull
request's comments (paginated with a ``Link`` header, as GitHub does), create one, edit one. Every request is
recorded; ``refuse`` answers writes with GitHub's 403 for a read-only token; ``raw`` answers a method with the status,
headers and bytes it holds instead (a server error, a rate limit, a malformed answer)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_LIST = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
_ONE = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")


@dataclass
class FakeGitHub:
    url: str = ""
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # pull request number -> its comments
    requests: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)  # method, path, JSON body
    authorizations: list[str] = field(default_factory=list)
    refuse: bool = False
    raw: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)  # method -> status, headers, body
    next_id: int = 1

    def add(self, number: int, body: str, user: str = "someone") -> int:
        comment = {"id": self.next_id, "body": body, "user": {"login": user}, "html_url": self._html(number, self.next_id)}
        self.comments.setdefault(number, []).append(comment)
        self.next_id += 1
        return int(comment["id"])

    @staticmethod
    def _html(number: int, comment_id: int) -> str:
        return f"https://github.invalid/acme/models/pull/{number}#issuecomment-{comment_id}"

    def writes(self) -> list[tuple[str, str, dict[str, Any] | None]]:
        return [r for r in self.requests if r[0] != "GET"]


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

        def _answer(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict[str, Any] | None:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length)) if length else None

        def _record(self) -> tuple[str, dict[str, Any] | None]:
            body = self._body()
            fake.requests.append((self.command, self.path, body))
            fake.authorizations.append(self.headers.get("Authorization", ""))
            return urlsplit(self.path).path, body

        def _scripted(self) -> bool:
            if self.command not in fake.raw:
                return False
            status, headers, data = fake.raw[self.command]
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(data))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            return True

        def do_GET(self) -> None:
            path, _ = self._record()
            if self._scripted():
                return
            match = _LIST.match(path)
            if not match:
                self._answer(404, {"message": "Not Found"})
                return
            query = parse_qs(urlsplit(self.path).query)
            per_page = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
            number = int(match.group(2))
            every = fake.comments.get(number, [])
            headers = {}
            if page * per_page < len(every):
                headers["Link"] = f'<{fake.url}{path}?per_page={per_page}&page={page + 1}>; rel="next"'
            self._answer(200, every[(page - 1) * per_page : page * per_page], headers)

        def do_POST(self) -> None:
            path, body = self._record()
            if self._scripted():
                return
            match = _LIST.match(path)
            if fake.refuse:
                self._answer(403, {"message": "Resource not accessible by integration"})
            elif not match or not body:
                self._answer(404, {"message": "Not Found"})
            else:
                number = int(match.group(2))
                comment_id = fake.add(number, body["body"], "github-actions[bot]")
                self._answer(201, fake.comments[number][-1] | {"id": comment_id})

        def do_PATCH(self) -> None:
            path, body = self._record()
            if self._scripted():
                return
            match = _ONE.match(path)
            if fake.refuse:
                self._answer(403, {"message": "Resource not accessible by integration"})
                return
            for comments in fake.comments.values():
                for comment in comments:
                    if match and body and comment["id"] == int(match.group(2)):
                        comment["body"] = body["body"]
                        self._answer(200, comment)
                        return
            self._answer(404, {"message": "Not Found"})

    return Handler


@contextmanager
def fake_github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
