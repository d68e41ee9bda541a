"""A minimal Language Server Protocol client over a child process's standard streams (standard library only).

Used by editor_schemas.py to drive yaml-language-server. One reader thread parses the server's messages: it answers
the server's requests at once through the ``answer`` function given (so the server never waits on the caller), and
queues notifications and responses for the caller, who waits for them with a deadline. Every wait is bounded; the
server is killed when the client closes, whatever happened before.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# what the server asked (method, params) -> the result to send back; raise LookupError to answer "method not found"
Answer = Callable[[str, Any], Any]


class ServerGone(RuntimeError):
    """The server exited, wrote something that is not the protocol, or did not answer in time."""


class LspClient:
    def __init__(
        self, command: Sequence[str], answer: Answer, *, cwd: Path, stderr_path: Path, env: dict[str, str] | None = None
    ) -> None:
        self._stderr = stderr_path.open("wb")
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, cwd=str(cwd), env=env
        )
        self._answer = answer
        self._write_lock = threading.Lock()
        self._next_id = 0
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()  # None: the server's output ended
        self.problem = ""  # why the reader stopped, when it was not the server closing its output
        self._reader = threading.Thread(target=self._read, name="lsp-reader", daemon=True)
        self._reader.start()

    # --- sending

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        with self._write_lock:
            try:
                stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                raise ServerGone(f"cannot write to the server: {exc}") from None

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float) -> Any:
        """Send a request and wait for its response (the notifications that arrive meanwhile are kept)."""
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        kept: list[dict[str, Any]] = []
        try:
            while True:
                message = self.next_message(time.monotonic() + timeout, f"the answer to {method}")
                if message.get("id") == ident and "method" not in message:
                    if "error" in message:
                        raise ServerGone(f"{method} failed: {message['error']}")
                    return message.get("result")
                kept.append(message)
        finally:
            for message in kept:
                self.inbox.put(message)

    # --- receiving

    def next_message(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        left = deadline - time.monotonic()
        try:
            message = self.inbox.get(timeout=max(left, 0.001))
        except queue.Empty:
            raise ServerGone(f"no message from the server in time while waiting for {waiting_for}") from None
        if message is None:
            self.inbox.put(None)  # every later wait ends at once too
            raise ServerGone(f"the server stopped while we waited for {waiting_for}{self._why()}")
        return message

    def _why(self) -> str:
        code = self.process.poll()
        return f" ({self.problem or ('exit status ' + str(code) if code is not None else 'output closed')})"

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            while True:
                length = None
                while True:  # headers, up to the blank line
                    line = stdout.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii", "replace").partition(":")
                    if name.lower() == "content-length":
                        length = int(value.strip())
                if length is None:
                    self.problem = "a message without Content-Length"
                    return
                body = stdout.read(length)
                if len(body) < length:
                    return
                message = json.loads(body.decode("utf-8"))
                if "method" in message and "id" in message:
                    self._respond(message)
                else:
                    self.inbox.put(message)
        except (ValueError, OSError) as exc:
            self.problem = f"unreadable output: {exc}"
        finally:
            self.inbox.put(None)

    def _respond(self, message: dict[str, Any]) -> None:
        try:
            reply: dict[str, Any] = {"result": self._answer(message["method"], message.get("params"))}
        except LookupError as exc:
            reply = {"error": {"code": -32601, "message": str(exc) or f"{message['method']} is not answered here"}}
        with contextlib.suppress(ServerGone):  # the reader sees the end of the output next
            self._send({"id": message["id"], **reply})

    # --- ending

    def close(self, timeout: float = 5.0) -> None:
        """Ask the server to shut down and exit; kill it if it has not within ``timeout`` seconds."""
        try:
            if self.process.poll() is None:
                self.request("shutdown", None, timeout)
                self.notify("exit", None)
                self.process.wait(timeout)
        except (ServerGone, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()
            self._stderr.close()
            self._reader.join(1.0)
