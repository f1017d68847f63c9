"""Running extraction over a WARC file: in this process, or in a child process with a time limit.

`file_steps` is the one loop that reads a file (or a `WarcRange` of one) and extracts its
pages; it yields one `Step` per record. `LimitedFile` runs the same loop in a child process
under a watchdog, and is the per-page time limit:

* the child reads the file itself and streams its steps back, one message per record (it
  never waits for the parent, so the time limit costs almost nothing per page); before each
  page it notes the page in its `progress.PageMark`, which the parent reads only when it must
  name a stuck page;
* the parent waits at most ``page_timeout`` seconds for each message. When a page takes
  longer, the child is killed (SIGKILL: no cooperation from the stuck code is needed), the
  page is recorded as a ``PageTimeoutError`` failure, and a new child resumes the file (or
  range) at the record after it. A child that dies on its own (out of memory, a crash in the C
  parser) costs one ``ExtractorCrashedError`` record the same way, never the batch. A child
  stuck or dead between pages (reading the file) costs the rest of the file (or range), as one
  failure record for it.

The child is started with `subprocess`, not `multiprocessing`, on purpose: Dask worker
processes are daemonic and may not start multiprocessing children, and forking a
multi-threaded worker is unsafe. It speaks length-prefixed pickles over its stdin and stdout
(`multiprocessing.connection.Connection` framing): one job in, steps out, then `END`, and it
waits for the next job, so a pool (`processes.SpareProcesses`) can reuse it. POSIX only.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing.connection import Connection
from typing import IO, Any, Generator, Iterator, Union

from ..article import Article
from ..errors import ExtractError
from ..options import ExtractOptions
from ..pipeline import extract
from ..record import Origin
from .errors import ExtractorCrashedError, PageTimeoutError, WarcFormatError
from .processes import END, PING, READY, ExtractionProcess, SpareProcesses
from .progress import PageInProgress, PageMark
from .ranges import WarcRange, WarcSource, as_range
from .readers import ReaderName, open_warc, read_warc
from .records import ExtractFailure, JsonLine, Result, SkippedRecord, WarcPage

#: Seconds one page may take under `LimitedFile` (and by default in the ``warc`` command
#: and the Dask functions) before its extraction process is killed. Real pages take
#: milliseconds; the limit is there for the pathological page that would hold a worker for hours.
DEFAULT_PAGE_TIMEOUT = 30.0

#: What one record comes to.
Event = Union[Article, ExtractFailure, SkippedRecord, JsonLine]


@dataclass(frozen=True)
class Step:
    """One record's outcome.

    ``ordinal`` counts the records of the file (or range) from 0, so a new child can resume
    after a given one.
    ``record`` is False for a failure of the whole file (unreadable, cut off), which is not a
    record of its own. ``bytes_read`` is how far into the file the reader was.
    """

    ordinal: int
    event: Event
    url: str | None
    bytes_read: int
    record: bool = True
    #: The ``run`` of the record's line: the file, and the record's offset when known.
    origin: Origin | None = None


def extract_page(page: WarcPage, options: ExtractOptions) -> Result:
    """Extract one page; whatever it raises becomes an `ExtractFailure` (the page boundary:
    one page never ends the file)."""
    try:
        return extract(page.body, page.url, headers=page.headers, options=options)
    except Exception as error:  # noqa: BLE001 - any exception is this page's failure record
        return ExtractFailure.from_exception(page.url, error)


def encoded(step: Step, as_json: bool, path: str) -> Step:
    """``step`` with its failure placed in ``path``, and its article or failure as a
    `JsonLine` when ``as_json``."""
    origin = step.origin or Origin(path)
    event = step.event
    if isinstance(event, ExtractFailure):
        event = event.at(origin)
    if as_json and isinstance(event, (Article, ExtractFailure)):
        return replace(step, event=JsonLine.of(event, origin), origin=origin)
    return replace(step, event=event, origin=origin)


def file_steps(
    source: WarcSource, options: ExtractOptions, reader: ReaderName, *, skip: int = 0,
    mark: PageMark | None = None, as_json: bool = False,
) -> Iterator[Step]:
    """Read a file or a `WarcRange` and extract its pages in this process, one `Step` per
    record.

    ``skip`` passes over the first records without extracting them (a resumed file); ``mark``
    is told which page is being extracted until its step has been taken (for the watchdog);
    ``as_json`` gives articles and failures as `JsonLine` events.
    """
    path = as_range(source).path
    for step in _file_steps(source, options, reader, skip, mark):
        yield encoded(step, as_json, path)


def _file_steps(
    source: WarcSource, options: ExtractOptions, reader: ReaderName, skip: int,
    mark: PageMark | None,
) -> Iterator[Step]:
    """`file_steps` with articles and failures as they come from extraction."""
    part = as_range(source)
    try:
        stream = open_warc(part.path)
    except (OSError, ImportError, ValueError) as error:
        yield _unreadable(part.path, error)
        return
    with stream:
        try:
            _enter(stream, part.offset)
        except OSError as error:
            yield _unreadable(part.path, error)
            return
        outcomes = read_warc(stream, reader, max_bytes=options.max_bytes, source=part.path)
        # A range stops after its records; the one after it starts where they end.
        for ordinal, outcome in enumerate(islice(outcomes, part.count)):
            if ordinal < skip:
                continue
            position = stream.tell()
            if isinstance(outcome, WarcPage):
                if mark is not None:
                    mark.page(ordinal, outcome.url, position, outcome.offset)
                yield Step(ordinal, extract_page(outcome, options), outcome.url, position,
                           origin=Origin(part.path, outcome.offset))
                if mark is not None:
                    mark.reading()  # the step is sent: a kill from now on is not this page's
            else:
                whole_file = outcome_is_file_failure(outcome)
                yield Step(ordinal, outcome, outcome.url, position, record=not whole_file)


def _enter(stream: IO[bytes], offset: int) -> None:
    """Seek to where a range starts; a whole file needs no seek (nor a seekable stream)."""
    if offset:
        stream.seek(offset)


def _unreadable(path: str, error: Exception) -> Step:
    # One unreadable path among thousands is a record in the output, not a crash.
    reason = getattr(error, "strerror", None) or str(error)
    failure = ExtractFailure(None, type(error).__name__, f"{path}: {reason}")
    return Step(0, failure, None, 0, record=False)


def outcome_is_file_failure(outcome: ExtractFailure | SkippedRecord) -> bool:
    """True for the failure that ends an unreadable file (not a record of its own)."""
    return isinstance(outcome, ExtractFailure) and outcome.error_type == WarcFormatError.__name__


def stopped_step(
    page: PageInProgress | None, failure: ExtractError, path: str, last_ordinal: int,
    last_bytes_read: int,
) -> Step:
    """The failure record for a child stopped (or found dead) with ``page`` in its mark, when
    its last step was record ``last_ordinal``: that page's failure, or, when it was reading
    the file (no page, or the page whose step already came), the failure of the rest of the
    file."""
    if page is None or page.ordinal <= last_ordinal:
        failed = ExtractFailure(None, type(failure).__name__, f"{path}: {failure}")
        return Step(last_ordinal + 1, failed, None, last_bytes_read, record=False)
    return Step(page.ordinal, ExtractFailure.from_exception(page.url, failure), page.url,
                page.bytes_read, origin=Origin(path, page.offset))


class LimitedFile:
    """`file_steps` in a child process, each page within ``page_timeout`` seconds.

    ``source`` is a path (the whole file) or a `WarcRange`. Iterate it for steps, the
    failures of stopped pages included. ``pid`` is the current child's process id. Closing it
    (or leaving a ``with`` block) stops the child. With ``spare``, the child comes from that
    pool and goes back to it when the file is done, instead of being started and stopped here.
    ``as_json`` gives articles and failures as `JsonLine` events (see `file_steps`).
    """

    def __init__(
        self, source: WarcSource, options: ExtractOptions, reader: ReaderName,
        page_timeout: float, *, spare: SpareProcesses | None = None, as_json: bool = False,
    ) -> None:
        if page_timeout <= 0:
            raise ValueError(f"page_timeout must be positive, got {page_timeout}")
        self.range: WarcRange = as_range(source)
        self.path = self.range.path
        self.options = options
        self.reader = reader
        self.page_timeout = page_timeout
        self.as_json = as_json
        self._spare = spare
        self._child: ExtractionProcess | None = None

    def __enter__(self) -> LimitedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None

    def __iter__(self) -> Iterator[Step]:
        skip = 0
        while True:
            stopped = yield from self._run_child(skip)
            if stopped is None:
                return
            skip = stopped + 1

    def _failed(self, step: Step) -> Step:
        # The failures the watchdog writes itself take the form the child's would.
        return encoded(step, self.as_json, self.path)

    def _run_child(self, skip: int) -> Generator[Step, None, int | None]:
        """Steps from one child, from record ``skip`` on. Returns None when the file is done,
        or the ordinal of the page that was stopped (the next child resumes after it)."""
        try:
            recv = self._start(skip)
        except OSError as error:
            yield self._failed(Step(skip, ExtractFailure(
                None, ExtractorCrashedError.__name__, f"{self.path}: {error}"
            ), None, 0, record=False))
            return None
        last_ordinal, last_bytes_read = skip - 1, 0
        while True:
            failure: ExtractError | None = None
            try:
                if recv.poll(self.page_timeout):
                    message = recv.recv_bytes()
                    if message == END:
                        self._release()
                        return None
                    step: Step = pickle.loads(message)
                else:
                    failure = PageTimeoutError(
                        f"extraction took longer than {self.page_timeout:g} s and was stopped "
                        "(page_timeout)"
                    )
            except (EOFError, OSError) as error:
                failure = ExtractorCrashedError(
                    f"the extraction process died (exit code {self._exit_code()}, "
                    f"{type(error).__name__})"
                )
            if failure is None:
                last_ordinal, last_bytes_read = step.ordinal, step.bytes_read
                yield step
                continue
            stopped = stopped_step(self._stop(), failure, self.path, last_ordinal, last_bytes_read)
            yield self._failed(stopped)
            return stopped.ordinal if stopped.record else None

    def close(self) -> None:
        """Stop the child. Killing is safe: it only reads, and its answers are no longer wanted.
        (A child still working cannot go back to a pool: its pipe holds this file's answers.)"""
        self._kill()

    def _start(self, skip: int) -> Connection:
        job = pickle.dumps((self.range, self.options, self.reader, skip, self.as_json),
                           protocol=pickle.HIGHEST_PROTOCOL)
        child = self._spare.take() if self._spare is not None else ExtractionProcess.start()
        self._child = child
        # A kept process ended its last job marked as reading; clearing anyway means a page
        # of another job can never be blamed for a failure of this one.
        child.mark.clear()
        child.send.send_bytes(job)
        return child.recv

    def _release(self) -> None:
        """The job ended normally: hand the child back to the pool, or stop it."""
        child, self._child = self._child, None
        if child is None:
            return
        if self._spare is not None:
            self._spare.give(child)
        else:
            child.kill()  # done: whether it is still exiting does not matter

    def _exit_code(self) -> int | None:
        return self._child.exit_code() if self._child is not None else None

    def _kill(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.kill()

    def _stop(self) -> PageInProgress | None:
        """Kill the child; the page it was extracting, if any."""
        child, self._child = self._child, None
        return child.stop() if child is not None else None


def serve(receive: Connection, send: Connection, mark: PageMark) -> None:
    """The child's loop: take a job (a file or range from a given record on), stream its
    steps (noting each page in ``mark``), end with `END`, and wait for the next job until the
    parent closes the pipe."""
    send.send_bytes(READY)
    while True:
        try:
            message = receive.recv_bytes()
        except EOFError:
            return
        if message == PING:
            send.send_bytes(READY)
            continue
        job: Any = pickle.loads(message)
        source, options, reader, skip, as_json = job
        for step in file_steps(source, options, reader, skip=skip, mark=mark, as_json=as_json):
            send.send_bytes(pickle.dumps(step, protocol=pickle.HIGHEST_PROTOCOL))
        send.send_bytes(END)


def main() -> None:
    """Entry point of the child process (``python -m extractor.warc.child MARK_FD``)."""
    # Ctrl-C in a terminal reaches the whole process group; the parent decides, and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    receive = Connection(os.dup(0), writable=False)
    send = Connection(os.dup(1), readable=False)
    mark = PageMark(int(sys.argv[1]))  # the descriptor the parent passed down
    # Anything the extraction code prints must not corrupt the answers on stdout.
    os.dup2(2, 1)
    try:
        serve(receive, send, mark)
    except BrokenPipeError:
        pass  # the parent stopped listening (it closed early or was killed): nothing to do
