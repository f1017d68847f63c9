"""Extraction in child processes, each page under a hard time limit.

A `PagePool` keeps ``workers`` children (``python -m extractor.runs.child``, started by
`extractor.warc.processes.ExtractionProcess`, as the WARC runs are). A batch of pages goes to
one idle child, which answers one message per page; the parent waits at most
``page_timeout`` seconds for each answer. A page that overruns gets its child killed
(SIGKILL) and becomes a ``PageTimeoutError`` failure; a child that dies on a page (out of
memory, a crash in C code) costs that page an ``ExtractorCrashedError`` failure. Either way a
fresh child takes the rest of the batch. A child found dead when a batch is handed out
(it died idle) is replaced without blaming any page. `extract_batch` is blocking and thread-safe: the
runner calls it from its threads, never from an event loop.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
from multiprocessing.connection import Connection
from typing import Sequence

from ..errors import ExtractError
from ..options import ExtractOptions
from ..record import ExtractFailure
from ..warc.errors import ExtractorCrashedError, PageTimeoutError
from ..warc.processes import END, READY, ExtractionProcess
from .outcome import Outcome, extract_outcome
from .pages import Input

#: The module a page child runs.
PAGE_CHILD_MODULE = "extractor.runs.child"


def _answer(child: ExtractionProcess, page_timeout: float) -> Outcome | ExtractError:
    """The child's answer for the page it is on, or why there is none."""
    try:
        if not child.recv.poll(page_timeout):
            return PageTimeoutError(
                f"extraction took longer than {page_timeout:g} s and was stopped (page_timeout)"
            )
        outcome: Outcome = pickle.loads(child.recv.recv_bytes())
        return outcome
    except (EOFError, OSError) as error:
        return ExtractorCrashedError(
            f"the extraction process died (exit code {child.exit_code()}, {type(error).__name__})"
        )


class PagePool:
    """``workers`` extraction processes shared by the threads of one run."""

    def __init__(self, workers: int, options: ExtractOptions, page_timeout: float) -> None:
        if workers < 1 or page_timeout <= 0:
            raise ValueError("a page pool needs at least one worker and a positive time limit")
        self.options = options
        self.page_timeout = page_timeout
        self._idle: queue.SimpleQueue[ExtractionProcess | None] = queue.SimpleQueue()
        for _ in range(workers):
            self._idle.put(None)  # started when first needed
        self._workers = workers

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extract_batch(self, pages: Sequence[Input]) -> list[Outcome]:
        """One outcome per page, in order; blocks until an idle child is free."""
        child = self._idle.get()
        if child is not None and not child.alive():
            # It died while idle (killed, out of memory): no page of this batch is to blame.
            child.kill()
            child = None
        outcomes: list[Outcome] = []
        try:
            while len(outcomes) < len(pages):
                child = child or ExtractionProcess.start(PAGE_CHILD_MODULE)
                child = self._run(child, pages[len(outcomes):], outcomes)
        except OSError as error:  # no child could be started: the rest fail, the run goes on
            for page in pages[len(outcomes):]:
                outcomes.append(_failure(page, ExtractorCrashedError(f"no extraction process: {error}")))
        finally:
            self._idle.put(child)
        return outcomes

    def _run(
        self, child: ExtractionProcess, pages: Sequence[Input], outcomes: list[Outcome]
    ) -> ExtractionProcess | None:
        """Send ``pages`` to ``child`` and collect answers into ``outcomes``; returns the child
        when it is still usable, None when it was killed or died."""
        try:
            child.send.send_bytes(pickle.dumps((self.options, tuple(pages)), pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            child.kill()
            outcomes.append(_failure(pages[0], ExtractorCrashedError(f"the extraction process died ({error})")))
            return None
        for page in pages:
            answer = _answer(child, self.page_timeout)
            if isinstance(answer, ExtractError):
                child.kill()
                outcomes.append(_failure(page, answer))
                return None
            outcomes.append(answer)
        if child.recv.poll(self.page_timeout) and child.recv.recv_bytes() == END:
            return child
        child.kill()
        return None

    def close(self) -> None:
        """Stop every child (idle ones; a batch still running keeps its own until it ends)."""
        for _ in range(self._workers):
            try:
                child = self._idle.get_nowait()
            except queue.Empty:
                return
            if child is not None:
                child.kill()


def _failure(page: Input, error: ExtractError) -> ExtractFailure:
    if isinstance(page, ExtractFailure):
        return page
    return ExtractFailure.from_exception(page.url, error, page.origin)


def serve(receive: Connection, send: Connection) -> None:
    """The child's loop: take a batch, answer one outcome per page, then `END`; repeat until
    the parent closes the pipe."""
    send.send_bytes(READY)
    while True:
        try:
            message = receive.recv_bytes()
        except EOFError:
            return
        options, pages = pickle.loads(message)
        for page in pages:
            outcome = extract_outcome(page, options, None)
            send.send_bytes(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))
        send.send_bytes(END)


def main() -> None:
    """Entry point of ``python -m extractor.runs.child``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    receive = Connection(os.dup(0), writable=False)
    send = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything extraction prints must not corrupt the answers
    try:
        serve(receive, send)
    except BrokenPipeError:
        pass  # the parent is gone
