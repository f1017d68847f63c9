"""Every source of a run yields `Page` objects: saved files, fetched URLs, crawled stories.

A `Page` is what extraction needs (URL, HTTP headers, body bytes) and where it came from (its
`Origin`, which becomes the ``run`` object of its line). An input that cannot even become a
page (an unreadable file, a failed download) becomes an `ExtractFailure` right away, so a
source yields ``Page | ExtractFailure`` and the runner passes failures through.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Mapping, Union

from ..errors import DocumentTooLargeError
from ..record import ExtractFailure, Origin

#: Files a directory source contributes (others, such as images, are skipped).
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

#: The source name of standard input.
STDIN = "-"


@dataclass(frozen=True)
class Page:
    """One page to extract: its URL (None when unknown), headers, body bytes, and origin."""

    url: str | None
    body: bytes
    origin: Origin
    headers: Mapping[str, str] = field(default_factory=dict)


#: What a source yields for each input.
Input = Union[Page, ExtractFailure]


def expand_sources(sources: Iterable[str]) -> list[str]:
    """File arguments with every directory replaced by its HTML files, recursively, sorted."""
    paths: list[str] = []
    for source in sources:
        path = Path(source)
        if source != STDIN and path.is_dir():
            paths += [str(child) for child in sorted(path.rglob("*"))
                      if child.is_file() and child.suffix.lower() in HTML_SUFFIXES]
        else:
            paths.append(source)
    return paths


def _read_limited(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    """The stream's bytes, refusing past ``max_bytes`` without reading the rest."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DocumentTooLargeError(f"{name}: larger than --max-bytes ({max_bytes:,} bytes)")
    return data


def file_page(source: str, url: str | None, max_bytes: int) -> Input:
    """The page saved in ``source`` (``-``: standard input), or why it cannot be read."""
    origin = Origin(source)
    try:
        if source == STDIN:
            body = _read_limited(sys.stdin.buffer, max_bytes, "standard input")
        else:
            with open(source, "rb") as stream:
                body = _read_limited(stream, max_bytes, source)
    except (OSError, DocumentTooLargeError) as error:
        return ExtractFailure.from_exception(url, error, origin)
    return Page(url, body, origin)


def file_pages(sources: Iterable[str], url: str | None, max_bytes: int) -> Iterator[Input]:
    """`file_page` of each source, read one at a time as the run reaches it."""
    for source in sources:
        yield file_page(source, url, max_bytes)
