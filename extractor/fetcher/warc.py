"""`WarcSink`: every HTTP response a fetch receives, written as a WARC record (warcio).

A crawl saved this way can be re-extracted later without fetching again. Records are
``response`` records whose HTTP block holds the status line, the headers and the body as the
fetcher kept it: DECODED. ``Content-Encoding`` is therefore dropped (kept as
``X-Original-Content-Encoding``), ``Transfer-Encoding`` removed and ``Content-Length`` set to
the stored length, so any WARC reader gets a consistent record and no decompression bomb can
hide in the archive. Redirects and error answers are recorded too (with empty bodies).
"""

from __future__ import annotations

import io
from http import HTTPStatus
from pathlib import Path
from typing import IO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .response import Response

_DROPPED = ("transfer-encoding", "content-length", "content-encoding")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def http_block_headers(response: Response) -> list[tuple[str, str]]:
    """The headers written to the record, fixed up for the decoded body."""
    headers = [(k, v) for k, v in response.headers.items() if k not in _DROPPED]
    original = response.headers.get("content-encoding")
    if original:
        headers.append(("x-original-content-encoding", original))
    headers.append(("content-length", str(len(response.content))))
    return headers


class WarcSink:
    """Appends gzip-compressed WARC records to ``target`` (a path or a binary file).

    A path is opened for appending, so a resumed crawl adds to the same archive.
    """

    def __init__(self, target: str | Path | IO[bytes], *, software: str = "news-extractor") -> None:
        if isinstance(target, (str, Path)):
            self._file: IO[bytes] = open(target, "ab")
            self._owned = True
        else:
            self._file = target
            self._owned = False
        self._writer = WARCWriter(self._file, gzip=True)
        if self._file.tell() == 0:
            info = self._writer.create_warcinfo_record(
                Path(getattr(self._file, "name", "fetch.warc.gz")).name,
                {"software": software, "format": "WARC File Format 1.1"},
            )
            self._writer.write_record(info)

    def write_response(self, response: Response) -> None:
        """Write one HTTP answer as a ``response`` record."""
        status_line = f"{response.status} {_reason(response.status)}"
        http_headers = StatusAndHeaders(
            status_line, http_block_headers(response), protocol="HTTP/1.1"
        )
        record = self._writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.content),
            length=len(response.content),
            http_headers=http_headers,
        )
        self._writer.write_record(record)
        self._file.flush()

    def close(self) -> None:
        if self._owned:
            self._file.close()

    def __enter__(self) -> WarcSink:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
