"""`Response`: one HTTP answer as the fetcher keeps it; shared by the client, the cache and
the WARC writer (a module of its own, so none of them imports another for it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Response:
    """One HTTP answer as the fetcher keeps it (body already decoded and bounded)."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    from_cache: bool = False
