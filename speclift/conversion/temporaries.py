"""The temporary files atomic writes go through: named so that no user file has the name in practice, known to the
process while they exist, removed when the process is told to stop, and recognised for certain when a killed run
left one behind.

A temporary is ``.speclift-<pid>-<16 hex digits>.tmp`` in the folder of the file it becomes. The pid says which
process owns it: a leftover is removed only when its name has exactly that shape, it belongs to this user and its
process is gone. So a user's own ``.speclift-notes.tmp`` is never touched, nor the in-flight temporary of another
speclift run in the same tree. SIGKILL cannot be caught, which is why a later run removes what a killed one left;
SIGTERM and SIGINT are: :func:`removed_on_signals` removes every temporary still open before the process stops.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

_PREFIX = ".speclift-"
_SHAPE = re.compile(r"\.speclift-([1-9][0-9]{0,9})-[0-9a-f]{16}\.tmp\Z")
_ATTEMPTS = 16  # name clashes need 64 random bits to repeat: a loop guard, not an expectation

# Every temporary this process has named and not yet renamed or removed. A set of strings: adding and discarding
# are single operations, so a signal handler running between two bytecodes sees a consistent set.
_IN_FLIGHT: set[str] = set()


def create(folder: str) -> tuple[int, str]:
    """Create a new, private temporary file in ``folder``: (open descriptor, path). The path is registered before
    the file exists, so a signal arriving at any moment finds it; :func:`release` ends the registration."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_ATTEMPTS):
        path = os.path.join(folder, f"{_PREFIX}{os.getpid()}-{secrets.token_hex(8)}.tmp")
        _IN_FLIGHT.add(path)
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            _IN_FLIGHT.discard(path)
        except BaseException:
            _IN_FLIGHT.discard(path)
            raise
    raise FileExistsError(f"no free temporary file name in {folder}")


def release(path: str) -> None:
    """``path`` was renamed or removed: it is no longer this process's to clean up."""
    _IN_FLIGHT.discard(path)


def remove_in_flight() -> None:
    """Remove every temporary this process still has (a stop was requested: none of them will be renamed)."""
    for path in list(_IN_FLIGHT):
        with contextlib.suppress(OSError):
            os.unlink(path)
        _IN_FLIGHT.discard(path)


def leftovers(folders: Iterable[str]) -> list[str]:
    """The temporaries in ``folders`` that a run which no longer exists left behind, sorted."""
    found: list[str] = []
    for folder in sorted(set(folders)):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found.extend(os.path.join(folder, name) for name in sorted(names) if _stale(os.path.join(folder, name)))
    return found


def _stale(path: str) -> bool:
    match = _SHAPE.match(os.path.basename(path))
    if match is None or path in _IN_FLIGHT:
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False  # another user's: not ours to judge
    return not _alive(int(match.group(1)))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a reused pid counts as alive: its leftover waits for a later run)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap, side-effect-free probe: leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


Handler = Callable[[int, FrameType | None], Any] | int | None


@contextlib.contextmanager
def removed_on_signals(signals: Iterable[signal.Signals] = (signal.SIGINT, signal.SIGTERM)) -> Iterator[None]:
    """While the block runs, SIGTERM and SIGINT first remove this process's temporaries, then do what they did
    before: SIGINT raises KeyboardInterrupt, SIGTERM ends the process by that signal (exit status 128 + 15 in a
    shell). A signal the process ignores stays ignored. Only the main thread can install handlers; elsewhere (a
    library caller's worker thread) the block runs without them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[signal.Signals, Handler] = {}
    for number in signals:
        handler = signal.getsignal(number)
        if handler is signal.SIG_IGN or handler is None:  # None: set outside Python; leave it alone
            continue
        previous[number] = handler
        signal.signal(number, _handler(handler))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _handler(previous: Handler) -> Callable[[int, FrameType | None], None]:
    def stop(number: int, frame: FrameType | None) -> None:
        remove_in_flight()
        if callable(previous):
            previous(number, frame)  # Python's SIGINT handler raises KeyboardInterrupt, as without us
            return
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)  # end by the signal itself, as the default action would have
        os._exit(128 + number)  # only if the signal could not end the process (it is blocked)

    return stop
