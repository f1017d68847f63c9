"""Per-host pacing: at most ``per_host`` requests in flight to a host, starts ``delay`` apart."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator


#: Idle host entries kept before a sweep drops those whose delay has passed. Bounds memory on
#: crawls over millions of hosts without forgetting the pacing of hosts still in use.
SWEEP_THRESHOLD = 4096


@dataclass
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0
    users: int = field(default=0)


class HostScheduler:
    """Hands out request slots per host. One instance per fetch session (no global state)."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        host = self._hosts.get(key)
        if host is None:
            if len(self._hosts) >= SWEEP_THRESHOLD:
                self._sweep()
            host = self._hosts[key] = _Host(slots=asyncio.Semaphore(self._per_host))
        return host

    def _sweep(self) -> None:
        now = time.monotonic()
        idle = [k for k, h in self._hosts.items() if h.users == 0 and h.next_start <= now]
        for key in idle:
            del self._hosts[key]

    @asynccontextmanager
    async def slot(self, key: str, delay: float) -> AsyncIterator[None]:
        """Wait for a free slot on host ``key`` and for its delay to pass, then hold the slot."""
        host = self._host(key)
        host.users += 1
        try:
            async with host.slots:
                wait = host.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                # Reserve the next start time now, so concurrent slot holders stay spaced too.
                host.next_start = time.monotonic() + delay
                yield
        finally:
            host.users -= 1

    def __len__(self) -> int:
        return len(self._hosts)
