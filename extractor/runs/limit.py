"""The per-page time limit inside one process, for runs that extract without child processes.

One watchdog thread raises `PageOverran` in a thread whose page has run past its deadline
(``PyThreadState_SetAsyncExc``). That works in any thread, the main one or a worker thread
beside an event loop, but it is cooperative: the exception lands at the extracting thread's
next interpreted step, so a page stuck inside C code (the parser) or compiled code is stopped
only when control comes back. The process pool (`pool`) is the hard limit: it kills.

Arming costs a dictionary entry under a lock: the watchdog sleeps until the earliest deadline
and is woken only when a new one comes sooner (pages of one run share a limit, so their
deadlines arrive in order and it hardly ever is).
"""

from __future__ import annotations

import ctypes
import threading
import time
from typing import Callable, TypeVar

from ..warc.errors import PageTimeoutError

Value = TypeVar("Value")


class PageOverran(BaseException):
    """Raised into the extracting thread; a BaseException so that no ``except Exception`` in
    the extraction code can swallow it."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    # None clears an exception set but not yet delivered.
    target = ctypes.c_ulong(thread_id)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(exception) if exception else None)


class Watchdog:
    """Deadlines of the threads extracting a page, and the thread that enforces them."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._deadlines: dict[int, float] = {}  # thread id -> deadline (monotonic seconds)
        self._fired: set[int] = set()
        self._sleeping_until: float | None = None
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> None:
        """Stop the calling thread's page ``seconds`` from now (until `disarm`)."""
        deadline = time.monotonic() + seconds
        ident = threading.get_ident()
        with self._wake:
            # A stop delivered inside the last disarm may have left the thread marked.
            self._fired.discard(ident)
            self._deadlines[ident] = deadline
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="page-watchdog", daemon=True)
                self._thread.start()
            elif self._sleeping_until is None or deadline < self._sleeping_until:
                self._wake.notify()

    def disarm(self) -> bool:
        """End the calling thread's limit; True when it had already fired."""
        ident = threading.get_ident()
        with self._wake:
            self._deadlines.pop(ident, None)
            fired = ident in self._fired
            if fired:
                self._fired.discard(ident)
                _raise_in(ident, None)
            return fired

    def _watch(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                for ident, deadline in list(self._deadlines.items()):
                    if deadline <= now and ident not in self._fired:
                        self._fired.add(ident)
                        _raise_in(ident, PageOverran)
                waiting = [deadline for ident, deadline in self._deadlines.items() if ident not in self._fired]
                self._sleeping_until = min(waiting) if waiting else None
                self._wake.wait(None if self._sleeping_until is None else self._sleeping_until - now)


_WATCHDOG = Watchdog()


def call_with_limit(work: Callable[[], Value], seconds: float | None) -> Value:
    """``work()``, or `PageTimeoutError` once it has run ``seconds`` (None: no limit)."""
    if seconds is None:
        return work()
    try:
        try:
            _WATCHDOG.arm(seconds)
            return work()
        finally:
            _WATCHDOG.disarm()
    except PageOverran:
        raise PageTimeoutError(
            f"extraction took longer than {seconds:g} s and was stopped (page_timeout)"
        ) from None
