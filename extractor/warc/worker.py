"""Running extraction on WARC pages: in this process, or in a child process with a time limit.

`extract_page` is the one place a `WarcPage` becomes an `Article` or an `ExtractFailure`.

`PageSandbox` runs it in a child process and is the per-page time limit: the parent waits for
each answer at most ``page_timeout`` seconds, and when a page takes longer the child is killed
(SIGKILL: no cooperation from the stuck code is needed), the page is recorded as a
``PageTimeoutError`` failure and a fresh child takes the next page. A child that dies on its
own (out of memory, a crash in the C parser) costs one ``ExtractorCrashedError`` record, never
the batch.

The child is started with `subprocess`, not `multiprocessing`, on purpose: Dask worker
processes are daemonic and may not start multiprocessing children, and forking a
multi-threaded worker is unsafe. The child speaks length-prefixed pickles over its stdin and
stdout (`multiprocessing.connection.Connection` framing). It runs on POSIX systems.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from multiprocessing.connection import Connection
from typing import Any

from ..errors import ExtractError
from ..options import ExtractOptions
from ..pipeline import extract
from .errors import ExtractorCrashedError, PageTimeoutError
from .records import ExtractFailure, Result, WarcPage

#: Seconds one page may take in `PageSandbox` (and in the ``warc`` command and the Dask
#: functions) before its extraction process is killed. Real pages take milliseconds; the limit
#: is there for the pathological page that would otherwise hold a worker for hours.
DEFAULT_PAGE_TIMEOUT = 30.0

#: Seconds a new child may take to start and import the package before it counts as crashed.
#: Generous, because on a loaded machine a cold Python start can take several seconds.
CHILD_START_TIMEOUT = 60.0

#: Seconds a child gets to exit on its own after its input is closed, before it is killed.
CHILD_EXIT_TIMEOUT = 5.0

_READY = b"ready"

#: The module the child runs (``python -m``); a module of its own, so the package imports no
#: child code and ``-m`` does not re-run a module that is already imported.
CHILD_MODULE = "extractor.warc.child"


def extract_page(page: WarcPage, options: ExtractOptions) -> Result:
    """Extract one page; an input the extractor refuses becomes an `ExtractFailure`."""
    try:
        return extract(page.body, page.url, headers=page.headers, options=options)
    except ExtractError as error:
        return ExtractFailure.from_exception(page.url, error)


class PageSandbox:
    """Extraction in a child process, killed when one page runs past ``page_timeout``.

    Use as a context manager; the child starts on the first page and is replaced after a
    timeout or crash::

        with PageSandbox(options, page_timeout=10) as sandbox:
            results = [sandbox.extract(page) for page in pages]
    """

    def __init__(self, options: ExtractOptions, page_timeout: float = DEFAULT_PAGE_TIMEOUT):
        if page_timeout <= 0:
            raise ValueError(f"page_timeout must be positive, got {page_timeout}")
        self.options = options
        self.page_timeout = page_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None

    def __enter__(self) -> PageSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The current child's process id (None before the first page)."""
        return self._process.pid if self._process is not None else None

    def extract(self, page: WarcPage) -> Result:
        """Extract one page in the child, within the time limit."""
        message = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            send, recv = self._connections()
            send.send_bytes(message)
            ready = recv.poll(self.page_timeout)
            if not ready:
                self._kill()
                return ExtractFailure.from_exception(
                    page.url,
                    PageTimeoutError(
                        f"extraction took longer than {self.page_timeout:g} s and was stopped "
                        "(page_timeout)"
                    ),
                )
            answer: Result = pickle.loads(recv.recv_bytes())
            return answer
        except (EOFError, OSError) as error:
            code = self._kill()
            return ExtractFailure.from_exception(
                page.url,
                ExtractorCrashedError(
                    f"the extraction process died (exit code {code}, {type(error).__name__})"
                ),
            )

    def close(self) -> None:
        """Stop the child: close its input so it exits, and kill it if it does not."""
        process = self._process
        if process is None:
            return
        if self._send is not None:
            self._send.close()
        try:
            process.wait(timeout=CHILD_EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._forget()

    def _connections(self) -> tuple[Connection, Connection]:
        if self._process is not None and self._process.poll() is not None:
            # Died between pages (killed from outside): the next page is not to blame.
            self._kill()
        if self._send is None or self._recv is None:
            self._start()
        assert self._send is not None and self._recv is not None
        return self._send, self._recv

    def _start(self) -> None:
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
        self._send = Connection(os.dup(process.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(process.stdout.fileno()), writable=False)
        process.stdin.close()
        process.stdout.close()
        self._send.send_bytes(pickle.dumps(self.options, protocol=pickle.HIGHEST_PROTOCOL))
        if not self._recv.poll(CHILD_START_TIMEOUT) or self._recv.recv_bytes() != _READY:
            code = self._kill()
            raise OSError(f"the extraction process did not start (exit code {code})")

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


def serve(receive: Connection, send: Connection) -> None:
    """The child's loop: options first, then one page in, one result out, until EOF."""
    options: ExtractOptions = pickle.loads(receive.recv_bytes())
    send.send_bytes(_READY)
    while True:
        try:
            data = receive.recv_bytes()
        except EOFError:
            return
        page: WarcPage = pickle.loads(data)
        result: Any = extract_page(page, options)
        send.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


def main() -> None:
    """Entry point of the child process (``python -m extractor.warc.child``)."""
    receive = Connection(os.dup(0), writable=False)
    send = Connection(os.dup(1), readable=False)
    # Anything the extraction code prints must not corrupt the answers on stdout.
    os.dup2(2, 1)
    serve(receive, send)
