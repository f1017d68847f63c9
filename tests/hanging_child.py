"""A page child whose extraction misbehaves on demand, for the runner's fault tests.

``python -m hanging_child``: the real child loop (`extractor.runs.pool.main`), with extraction
replaced so that a body of ``HANG`` never returns and ``CRASH`` kills the process, as a page
stuck in the C parser or a segfault would. Any other body is extracted normally.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import extractor.runs.outcome as outcome
from extractor.runs.pool import main

_real_extract = outcome.extract


def misbehaving_extract(html: Any, *args: Any, **kwargs: Any) -> Any:
    if html == b"HANG":
        while True:
            time.sleep(1)
    if html == b"CRASH":
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_extract(html, *args, **kwargs)


if __name__ == "__main__":
    outcome.extract = misbehaving_extract  # type: ignore[assignment]
    main()
