"""The per-page time limit inside one process, for runs that extract without child processes.

A timer thread raises `PageOverran` in the extracting thread (``PyThreadState_SetAsyncExc``)
when a page runs past its limit. That works in any thread, the main one or a worker thread
beside an event loop, but it is cooperative: the exception lands at the extracting thread's
next interpreted step, so a page stuck inside C code (the parser) or compiled code is stopped
only when control comes back. The process pool (`pool`) is the hard limit: it kills.
"""

from __future__ import annotations

import ctypes
import threading
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


def call_with_limit(work: Callable[[], Value], seconds: float | None) -> Value:
    """``work()``, or `PageTimeoutError` once it has run ``seconds`` (None: no limit)."""
    if seconds is None:
        return work()
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def overrun() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                _raise_in(thread_id, PageOverran)

    timer = threading.Timer(seconds, overrun)
    timer.daemon = True
    try:
        try:
            timer.start()
            return work()
        finally:
            with lock:
                state["running"] = False
                if state["fired"]:
                    _raise_in(thread_id, None)
            timer.cancel()
    except PageOverran:
        raise PageTimeoutError(
            f"extraction took longer than {seconds:g} s and was stopped (page_timeout)"
        ) from None
