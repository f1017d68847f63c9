"""Fetch + extract throughput over loopback: pages/s, CPU seconds per page, peak RSS.

    python bench/fetch.py [--urls 10000] [--hosts 50] [--per-host 1] [--scale 100000] [--workers 2]
                          [--page-kb 30 | --pages ../shared/corpus]

A server process answers on 50 loopback addresses (127.0.0.10 ...), one per host name
(``site0.bench`` ... resolved through a static table, never DNS), serving synthetic news
articles and a small robots.txt. A separate client process runs the real ``extractor fetch``
engine (`fetch_to_jsonl`: robots.txt, per-host slots, bounded decoding, extraction, JSON lines
to /dev/null) with politeness delays at 0. The client reports its own CPU time and peak RSS,
so the server's cost is not counted. It runs fetch alone, then fetch + extract (``--workers N``:
extraction in N processes). ``--scale N`` adds a run of N URLs to show that peak memory does
not grow with the input (URLs are generated lazily, as a file is read).

Targets on the 2-core machine: >= 400 pages/s, peak RSS < 300 MB, independent of URL count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_ADDRESS = 10  # 127.0.0.10 onwards: clear of the test suite's 127.0.0.2-9
SENTENCES = (
    "The harbour authority said on Tuesday that the new breakwater would be finished by the "
    "end of the year, two months later than planned.",
    "Storms in February damaged the western section and washed away part of the foundations.",
    "Fishing crews have complained for months that the works block the entrance at low tide.",
    "The council will vote next week on whether to release the remaining funds.",
    "Engineers expect the final layer of rock armour to arrive from Norway in September.",
    "Local businesses said the delay had already cost them most of the summer season.",
)
QUOTE = '"We are confident the work will hold this time," said Maria Jensen, the project director.'
MAX_REAL_PAGES = 500
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def host_names(count: int) -> dict[str, str]:
    """``site{i}.bench`` -> ``127.0.0.{10 + i}``."""
    return {f"site{i}.bench": f"127.0.0.{FIRST_ADDRESS + i}" for i in range(count)}


def article_page(number: int, size_kb: int) -> bytes:
    """A plausible news article page of about ``size_kb`` KiB: navigation, scripts, a story
    of ~15 paragraphs with a few quotes, related links and a footer."""
    paragraphs = []
    for i in range(15):
        text = " ".join(SENTENCES[(number + i + k) % len(SENTENCES)] for k in range(3))
        paragraphs.append(f"<p>{QUOTE if i % 5 == 2 else text}</p>")
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(30))
    related = "".join(
        f'<li><a href="/news/{number + i}/story">Related story number {number + i}</a></li>'
        for i in range(1, 13)
    )
    body = (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>Breakwater delayed again, story {number} | The Harbour Times</title>"
        '<meta property="og:type" content="article">'
        f'<meta name="author" content="Reporter {number % 17}">'
        '<meta property="article:published_time" content="2024-05-07T09:30:00Z">'
        f"</head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>Breakwater delayed again, story {number}</h1>"
        f'<p class="byline">By Reporter {number % 17}</p>{"".join(paragraphs)}</article>'
        f'<aside class="related"><h2>Related</h2><ul>{related}</ul></aside></main>'
        "<footer><p>Copyright The Harbour Times. All rights reserved.</p></footer>"
    )
    # Scripts and styles pad the page to a realistic size, as on real news sites.
    padding = max(0, size_kb * 1024 - len(body) - 40)
    script = "<script>var analytics = {" + "x" * padding + "};</script>"
    return (body + script + "</body></html>").encode()


# -- the server (its own process) -------------------------------------------------------------


class _Protocol(asyncio.Protocol):
    """Minimal keep-alive HTTP/1.1: enough for GET without a body, as fast as asyncio allows."""

    pages: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1]
            if path == b"/robots.txt":
                body, kind = ROBOTS, b"text/plain"
            else:
                body, kind = self.pages[hash(path) % len(self.pages)], b"text/html; charset=utf-8"
            self.transport.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: "
                + kind
                + b"\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\n\r\n"
                + body
            )


def load_pages(directory: str | None, page_kb: int) -> list[bytes]:
    """Synthetic pages, or up to `MAX_REAL_PAGES` real ones from ``directory`` (recursive)."""
    if not directory:
        return [article_page(n, page_kb) for n in range(64)]
    files = sorted(Path(directory).rglob("*.htm*"))[:MAX_REAL_PAGES]
    if not files:
        raise SystemExit(f"no .html files under {directory}")
    return [path.read_bytes() for path in files]


def serve(hosts: int, page_kb: int, pages_dir: str | None) -> None:
    """Run the server until stdin closes; prints the port on the first line."""
    _Protocol.pages = load_pages(pages_dir, page_kb)

    async def run() -> None:
        loop = asyncio.get_running_loop()
        addresses = list(host_names(hosts).values())
        first = await loop.create_server(_Protocol, addresses[0], 0, backlog=1024)
        port = first.sockets[0].getsockname()[1]
        for address in addresses[1:]:
            await loop.create_server(_Protocol, address, port, backlog=1024)
        print(port, flush=True)
        await loop.run_in_executor(None, sys.stdin.read)  # the parent closes stdin to stop us

    asyncio.run(run())


# -- the client (its own process, so its RSS and CPU are its own) ----------------------------


def urls(count: int, hosts: int, port: int) -> Iterator[str]:
    """Generated lazily, like lines read from a file."""
    for i in range(count):
        yield f"http://site{i % hosts}.bench:{port}/news/{i}/breakwater-delayed"


def client(count: int, hosts: int, port: int, mode: str, workers: int, per_host: int) -> None:
    """Fetch (and extract, unless ``mode`` is "fetch") ``count`` URLs; prints figures as JSON."""
    from extractor.fetcher import Fetcher, FetchOptions, static_resolver
    from extractor.runs.fetching import BatchStats, fetch_to_jsonl

    options = FetchOptions(delay=0.0, per_host=per_host, allowed_networks=("127.0.0.0/8",))
    resolver = static_resolver(host_names(hosts))

    async def fetch_only() -> BatchStats:
        stats = BatchStats()
        async with Fetcher(options, resolver=resolver) as fetcher:
            async for result in fetcher.fetch_many(urls(count, hosts, port)):
                stats.count(result.error)
        return stats

    started = time.perf_counter()
    cpu = time.process_time()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        stats = asyncio.run(
            fetch_only()
            if mode == "fetch"
            else fetch_to_jsonl(
                urls(count, hosts, port), sink, options=options, resolver=resolver, workers=workers
            )
        )
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "mode": mode if mode == "fetch" else f"fetch+extract/{workers or 'inline'}",
        "urls": count,
        "ok": stats.done - stats.failed,
        "failed": stats.failed,
        "seconds": wall,
        "pages_per_s": stats.done / wall,
        # Worker processes' CPU is counted too (they are this client's children).
        "cpu_ms_per_page": (time.process_time() - cpu + children.ru_utime + children.ru_stime)
        / max(stats.done, 1)
        * 1000,
        # ru_maxrss of children is the largest child's: times the number of workers, an upper bound.
        "peak_rss_mb": (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + children.ru_maxrss * workers
        )
        / 1024,
    }
    print(json.dumps(figures))


def run_client(count: int, hosts: int, port: int, mode: str, workers: int, per_host: int) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--client",
        str(count),
        "--hosts",
        str(hosts),
        "--port",
        str(port),
        "--mode",
        mode,
        "--workers",
        str(workers),
        "--per-host",
        str(per_host),
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--scale", type=int, default=0, help="also run N URLs (memory check)")
    parser.add_argument("--page-kb", type=int, default=30, help="synthetic page size")
    parser.add_argument("--pages", help="serve these HTML files instead (e.g. ../shared/corpus)")
    parser.add_argument("--workers", type=int, default=0, help="extraction processes (0: inline)")
    parser.add_argument("--per-host", type=int, default=1, help="requests in flight per host")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="extract", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.hosts, args.page_kb, args.pages)
        return
    if args.client:
        client(args.client, args.hosts, args.port, args.mode, args.workers, args.per_host)
        return
    command = [
        sys.executable,
        __file__,
        "--serve",
        "--hosts",
        str(args.hosts),
        "--page-kb",
        str(args.page_kb),
    ] + (["--pages", args.pages] if args.pages else [])
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        pages = load_pages(args.pages, args.page_kb)
        mean = sum(map(len, pages)) // len(pages)
        print(
            f"server: {args.hosts} hosts on 127.0.0.{FIRST_ADDRESS}+, port {port}, "
            f"{len(pages)} distinct pages, mean {mean:,} bytes"
        )
        runs = [(args.urls, "fetch", 0), (args.urls, "extract", args.workers)]
        if args.scale:
            runs.append((args.scale, "extract", args.workers))
        rows = [run_client(n, args.hosts, port, mode, workers, args.per_host) for n, mode, workers in runs]
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)
    header = ("mode", "URLs", "ok", "failed", "seconds", "pages/s", "CPU ms/page", "peak RSS MB")
    print("{:<22} {:>8} {:>8} {:>7} {:>8} {:>8} {:>12} {:>12}".format(*header))
    for row in rows:
        print(
            "{mode:<22} {urls:>8} {ok:>8} {failed:>7} {seconds:>8.1f} {pages_per_s:>8.0f} "
            "{cpu_ms_per_page:>12.2f} {peak_rss_mb:>12.0f}".format(**row)
        )


if __name__ == "__main__":
    main()
