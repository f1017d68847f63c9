"""Running extraction over a WARC file: in this process, or in a child process with a time limit.

`file_steps` is the one loop that reads a file (or a `WarcRange` of one) and extracts its
pages; it yields one `Step` per record. `LimitedFile` runs the same loop in a child process
under a watchdog, and is the per-page time limit:

* the child reads the file itself and streams its steps back (it never waits for the parent,
  so the time limit costs almost nothing per page), announcing each page before extracting it;
* the parent waits at most ``page_timeout`` seconds for each message. When a page takes
  longer, the child is killed (SIGKILL: no cooperation from the stuck code is needed), the
  page is recorded as a ``PageTimeoutError`` failure, and a new child resumes the file (or
  range) at the record after it. A child that dies on its own (out of memory, a crash in the C parser) costs
  one ``ExtractorCrashedError`` record the same way, never the batch.

The child is started with `subprocess`, not `multiprocessing`, on purpose: Dask worker
processes are daemonic and may not start multiprocessing children, and forking a
multi-threaded worker is unsafe. It speaks length-prefixed pickles over its stdin and stdout
(`multiprocessing.connection.Connection` framing). POSIX only.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from typing import IO, Any, Generator, Iterator, Union

from ..article import Article
from ..errors import ExtractError
from ..options import ExtractOptions
from ..pipeline import extract
from .errors import ExtractorCrashedError, PageTimeoutError, WarcFormatError
from .ranges import WarcRange, WarcSource, as_range
from .readers import ReaderName, open_warc, read_warc
from .records import ExtractFailure, Result, SkippedRecord, WarcPage

#: Seconds one page may take under `LimitedFile` (and by default in the ``warc`` command
#: and the Dask functions) before its extraction process is killed. Real pages take
#: milliseconds; the limit is there for the pathological page that would hold a worker for hours.
DEFAULT_PAGE_TIMEOUT = 30.0

#: Seconds a new child may take to start and import the package before it counts as crashed.
#: Generous, because on a loaded machine a cold Python start can take several seconds.
CHILD_START_TIMEOUT = 60.0

#: Seconds a child gets to exit once it has finished or its pipe broke, before it is killed.
CHILD_EXIT_TIMEOUT = 5.0

#: Bytes of pipe buffer asked for (Linux ``F_SETPIPE_SZ``), so the child can run a few pages
#: ahead of a parent that is busy writing output. 1 MiB is the default unprivileged maximum.
PIPE_BUFFER = 1 << 20

#: The module the child runs (``python -m``); a module of its own, so the package imports no
#: child code and ``-m`` does not re-run a module that is already imported.
CHILD_MODULE = "extractor.warc.child"

_READY = b"ready"
_END = b"end"

#: What one record comes to.
Event = Union[Article, ExtractFailure, SkippedRecord]


@dataclass(frozen=True)
class Step:
    """One record's outcome, or (``event`` None) the notice that a page's extraction starts.

    ``ordinal`` counts the records of the file (or range) from 0, so a new child can resume
    after a given one.
    ``record`` is False for a failure of the whole file (unreadable, cut off), which is not a
    record of its own. ``bytes_read`` is how far into the file the reader was.
    """

    ordinal: int
    event: Event | None
    url: str | None
    bytes_read: int
    record: bool = True


def extract_page(page: WarcPage, options: ExtractOptions) -> Result:
    """Extract one page; an input the extractor refuses becomes an `ExtractFailure`."""
    try:
        return extract(page.body, page.url, headers=page.headers, options=options)
    except ExtractError as error:
        return ExtractFailure.from_exception(page.url, error)


def file_steps(
    source: WarcSource, options: ExtractOptions, reader: ReaderName, *, skip: int = 0,
    announce: bool = False,
) -> Iterator[Step]:
    """Read a file or a `WarcRange` and extract its pages in this process, one `Step` per
    record.

    ``skip`` passes over the first records without extracting them (a resumed file);
    ``announce`` yields a notice before each page's extraction (for the watchdog).
    """
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
                if announce:
                    yield Step(ordinal, None, outcome.url, position)
                yield Step(ordinal, extract_page(outcome, options), outcome.url, position)
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


class LimitedFile:
    """`file_steps` in a child process, each page within ``page_timeout`` seconds.

    ``source`` is a path (the whole file) or a `WarcRange`. Iterate it for steps (page notices
    are consumed here, not yielded). ``pid`` is the current child's process id. Closing it (or
    leaving a ``with`` block) stops the child.
    """

    def __init__(
        self, source: WarcSource, options: ExtractOptions, reader: ReaderName,
        page_timeout: float,
    ) -> None:
        if page_timeout <= 0:
            raise ValueError(f"page_timeout must be positive, got {page_timeout}")
        self.range: WarcRange = as_range(source)
        self.path = self.range.path
        self.options = options
        self.reader = reader
        self.page_timeout = page_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None

    def __enter__(self) -> LimitedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def __iter__(self) -> Iterator[Step]:
        skip = 0
        while True:
            stopped = yield from self._run_child(skip)
            if stopped is None:
                return
            skip = stopped + 1

    def _run_child(self, skip: int) -> Generator[Step, None, int | None]:
        """Steps from one child, from record ``skip`` on. Returns None when the file is done,
        or the ordinal of the page that was stopped (the next child resumes after it)."""
        try:
            recv = self._start(skip)
        except OSError as error:
            yield Step(skip, ExtractFailure(None, ExtractorCrashedError.__name__,
                                            f"{self.path}: {error}"), None, 0, record=False)
            return None
        pending: Step | None = None
        last = Step(skip - 1, None, None, 0)
        while True:
            failure: ExtractError | None = None
            try:
                if recv.poll(self.page_timeout):
                    message = recv.recv_bytes()
                    if message == _END:
                        self._kill()  # done: whether it is still exiting does not matter
                        return None
                    step: Step = pickle.loads(message)
                else:
                    failure = PageTimeoutError(
                        f"extraction took longer than {self.page_timeout:g} s and was stopped "
                        "(page_timeout)"
                    )
            except (EOFError, OSError) as error:
                failure = ExtractorCrashedError(
                    f"the extraction process died (exit code {self._process_code()}, "
                    f"{type(error).__name__})"
                )
            if failure is not None:
                self._kill()
                if pending is None:
                    # Stuck or dead while reading, not on a page: the rest of the file is lost.
                    yield Step(last.ordinal + 1, ExtractFailure(
                        None, type(failure).__name__, f"{self.path}: {failure}"
                    ), None, last.bytes_read, record=False)
                    return None
                yield Step(pending.ordinal, ExtractFailure.from_exception(pending.url, failure),
                           pending.url, pending.bytes_read)
                return pending.ordinal
            if step.event is None:
                pending = step
                continue
            pending, last = None, step
            yield step

    def close(self) -> None:
        """Stop the child. Killing is safe: it only reads, and its answers are no longer wanted."""
        self._kill()

    def _start(self, skip: int) -> Connection:
        # The child must import this very package: hand it our sys.path, which also covers
        # code shipped to a Spark executor or Dask worker as a zip.
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        process = subprocess.Popen(
            [sys.executable, "-m", CHILD_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        assert process.stdin is not None and process.stdout is not None
        self._process = process
        _widen_pipe(process.stdout.fileno())
        self._send = Connection(os.dup(process.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(process.stdout.fileno()), writable=False)
        process.stdin.close()
        process.stdout.close()
        if not self._recv.poll(CHILD_START_TIMEOUT) or self._recv.recv_bytes() != _READY:
            code = self._kill()
            raise OSError(f"the extraction process did not start (exit code {code})")
        job = (self.range, self.options, self.reader, skip)
        self._send.send_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        return self._recv

    def _process_code(self) -> int | None:
        process = self._process
        if process is None:
            return None
        try:
            return process.wait(timeout=CHILD_EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None

    def _kill(self) -> int | None:
        process = self._process
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        code = process.wait()
        self._forget()
        return code

    def _forget(self) -> None:
        for connection in (self._send, self._recv):
            if connection is not None and not connection.closed:
                connection.close()
        self._process = self._send = self._recv = None


def _widen_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BUFFER)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the system's limit: the default buffer works, just slower


def serve(receive: Connection, send: Connection) -> None:
    """The child's loop: take one job (a file or range from a given record on), stream its
    steps."""
    send.send_bytes(_READY)
    try:
        job: Any = pickle.loads(receive.recv_bytes())
    except EOFError:
        return
    source, options, reader, skip = job
    for step in file_steps(source, options, reader, skip=skip, announce=True):
        send.send_bytes(pickle.dumps(step, protocol=pickle.HIGHEST_PROTOCOL))
    send.send_bytes(_END)


def main() -> None:
    """Entry point of the child process (``python -m extractor.warc.child``)."""
    # Ctrl-C in a terminal reaches the whole process group; the parent decides, and kills us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    receive = Connection(os.dup(0), writable=False)
    send = Connection(os.dup(1), readable=False)
    # Anything the extraction code prints must not corrupt the answers on stdout.
    os.dup2(2, 1)
    try:
        serve(receive, send)
    except BrokenPipeError:
        pass  # the parent stopped listening (it closed early or was killed): nothing to do
