"""The extraction processes behind the per-page time limit, and a pool that keeps them warm.

An `ExtractionProcess` is ``python -m extractor.warc.child`` with a pipe each way (see
`worker` for the protocol) and a `progress.PageMark`. Starting one costs a Python start and the
package import, about 0.2 CPU seconds: nothing for a whole file, but a real share of a task
that reads a range of a thousand records. `SpareProcesses` keeps the processes whose job ended normally, so the next
file or range starts at once. A process that was killed (a page overran) or whose job was
abandoned half-way is never kept. Keeping one changes no result: every job carries its own
file, options and reader, and extraction keeps no state between pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Mapping, Sequence

from .progress import PageInProgress, PageMark

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

#: Environment variables the child does not inherit. Dask's nanny sets
#: ``MALLOC_TRIM_THRESHOLD_=65536`` for its workers so they hand freed memory back to the
#: system; parsing a page makes many short-lived allocations, and with that threshold glibc
#: returns and asks again for memory all the time: extraction takes 8-10% more CPU. The child
#: runs with the allocator's own default; its memory is freed page by page all the same.
NOT_INHERITED = ("MALLOC_TRIM_THRESHOLD_",)

#: The child's first message: imported and waiting for a job.
READY = b"ready"
#: The child's last message for a job: every step was sent; it now waits for the next job.
END = b"end"
#: Asked of an idle child before it gets a job; it answers `READY`. A child that died while
#: idle answers end-of-file instead, even if it died a moment ago and has not been reaped.
PING = b"ping"


def child_environment(environ: Mapping[str, str], path: Sequence[str]) -> dict[str, str]:
    """The child's environment: ours, without `NOT_INHERITED`, with ``path`` as its
    ``PYTHONPATH``: the child must import this very package, and our ``sys.path`` also covers
    code shipped to a Spark executor or Dask worker as a zip."""
    env = {name: value for name, value in environ.items() if name not in NOT_INHERITED}
    env["PYTHONPATH"] = os.pathsep.join(entry for entry in path if entry)
    return env


class ExtractionProcess:
    """One child process, its two pipes and its page mark. ``send`` takes jobs, ``recv`` gives
    answers, ``mark`` says which page it is extracting (see `progress`)."""

    def __init__(
        self, process: subprocess.Popen[bytes], send: Connection, recv: Connection, mark: PageMark
    ):
        self.process = process
        self.send = send
        self.recv = recv
        self.mark = mark

    @classmethod
    def start(cls, module: str = CHILD_MODULE) -> ExtractionProcess:
        """Start a child (``python -m module``: this package's WARC child unless told) and
        wait until it is ready.

        Raises:
            OSError: it could not be started, or died or hung before it was ready.
        """
        mark = PageMark.create()
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", module, str(mark.fd)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=child_environment(os.environ, sys.path),
                close_fds=True,
                pass_fds=(mark.fd,),
            )
        except OSError:
            mark.close()
            raise
        assert process.stdin is not None and process.stdout is not None
        _widen_pipe(process.stdout.fileno())
        child = cls(
            process,
            Connection(os.dup(process.stdin.fileno()), readable=False),
            Connection(os.dup(process.stdout.fileno()), writable=False),
            mark,
        )
        process.stdin.close()
        process.stdout.close()
        if not child.recv.poll(CHILD_START_TIMEOUT) or child.recv.recv_bytes() != READY:
            code = child.kill()
            raise OSError(f"the extraction process did not start (exit code {code})")
        return child

    @property
    def pid(self) -> int:
        return self.process.pid

    def responds(self) -> bool:
        """True when the (idle) child answers a `PING` within the start timeout."""
        try:
            self.send.send_bytes(PING)
            return self.recv.poll(CHILD_START_TIMEOUT) and self.recv.recv_bytes() == READY
        except (EOFError, OSError):
            return False

    def alive(self) -> bool:
        """False once the process has ended (checked without waiting)."""
        return self.process.poll() is None

    def exit_code(self) -> int | None:
        """The exit code once the process has ended, waiting a little; None if it has not."""
        try:
            return self.process.wait(timeout=CHILD_EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> int:
        """Kill it (SIGKILL: no cooperation needed) unless it has ended; its exit code."""
        code = self._end()
        self._close()
        return code

    def stop(self) -> PageInProgress | None:
        """Kill it and say which page it was extracting (None: it was reading the file). The
        mark is read once the process is dead, so no write of it is caught half-way."""
        self._end()
        page = self.mark.read()
        self._close()
        return page

    def _end(self) -> int:
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait()

    def _close(self) -> None:
        for connection in (self.send, self.recv):
            if not connection.closed:
                connection.close()
        self.mark.close()


class SpareProcesses:
    """Idle extraction processes, handed from one file or range to the next.

    Pass one to several `iter_warc` calls (or `LimitedFile` objects), in turn or from several
    threads; close it (or leave its ``with`` block) to stop the idle ones. A process left idle
    when its parent dies reads end-of-file on its job pipe and exits by itself.
    """

    def __init__(self) -> None:
        self._idle: list[ExtractionProcess] = []
        self._lock = threading.Lock()

    def __enter__(self) -> SpareProcesses:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take(self) -> ExtractionProcess:
        """An idle process that still answers, or a new one (see `ExtractionProcess.start`)."""
        while True:
            with self._lock:
                child = self._idle.pop() if self._idle else None
            if child is None:
                return ExtractionProcess.start()
            if child.responds():
                return child
            child.kill()  # died while idle (out of memory, killed from outside): reap it

    def give(self, child: ExtractionProcess) -> None:
        """Keep ``child``, whose job ended normally, for the next one."""
        with self._lock:
            self._idle.append(child)

    def close(self) -> None:
        """Stop every idle process."""
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.kill()

    def idle_pids(self) -> list[int]:
        """The process ids of the idle processes, oldest first."""
        with self._lock:
            return [child.pid for child in self._idle]


def _widen_pipe(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BUFFER)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the system's limit: the default buffer works, just slower
