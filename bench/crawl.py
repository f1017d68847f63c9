"""Crawl cost, first and incremental: a local site of 5,000 stories, then 50 new ones.

    python bench/crawl.py [--stories 5000] [--new 50] [--per-host 16]

The fixture site (tests/test_crawl_sites.py: home, sections, RSS feed of the latest 50, Google
News sitemap index of gzip sitemaps of 500 stories) is generated at bench time and served from
127.0.0.1 in this process, politeness delays 0. Requests are counted by the server, not by the
crawler. Target: the re-crawl sends at most 60 story-page requests plus the feed/sitemap ones.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from extractor.crawler import CrawlOptions, crawl  # noqa: E402
from extractor.fetcher import FetchOptions  # noqa: E402
from test_crawl_sites import SiteServer, news_site, publish  # noqa: E402

#: Story target for the re-crawl, beyond the feed and sitemap requests.
RECRAWL_PAGE_TARGET = 60


@dataclass(frozen=True)
class Figures:
    name: str
    wall: float
    cpu: float
    requests: int
    pages: int
    discovery: int
    conditional: int
    not_modified: int
    articles: int

    def row(self) -> str:
        return (f"| {self.name} | {self.wall:.2f} | {self.cpu:.2f} | {self.requests} | {self.pages} | "
                f"{self.discovery} | {self.conditional} | {self.not_modified} | {self.articles} |")


def measure(name: str, server: SiteServer, out: Path, state: Path, options: CrawlOptions) -> Figures:
    server.clear()
    wall, cpu = time.perf_counter(), time.process_time()
    (report,) = crawl([server.url], out, state=state, options=options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    log = server.requests()
    pages = sum(1 for r in log if r.path.endswith(".html"))
    return Figures(name, wall, cpu, len(log), pages, len(log) - pages,
                   sum(1 for r in log if r.conditional), sum(1 for r in log if r.status == 304),
                   report.articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--new", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=16)
    args = parser.parse_args()

    started = time.perf_counter()
    site = news_site(args.stories, per_sitemap=500)
    print(f"site: {args.stories:,} stories, {len(site.pages):,} resources, built in {time.perf_counter() - started:.1f} s")
    fetch = FetchOptions(allow_private=True, delay=0, per_host=args.per_host, concurrency=32, retries=0)
    options = CrawlOptions(fetch=fetch)
    with tempfile.TemporaryDirectory() as folder, SiteServer(site) as server:
        out, state = Path(folder) / "out.jsonl", Path(folder) / "crawl.db"
        rows = [measure("first crawl", server, out, state, options)]
        rows.append(measure("unchanged re-crawl", server, out, state, options))
        publish(site, args.new, per_sitemap=500)
        rows.append(measure(f"re-crawl after {args.new} new", server, out, state, options))
        lines = len(out.read_text(encoding="utf-8").splitlines())
        state_kib = state.stat().st_size // 1024
    print("| run | wall s | CPU s | requests | story pages | feed/sitemap/robots/home | conditional | 304 | articles written |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row.row())
    print(f"\noutput lines: {lines:,} (stories: {args.stories + args.new:,}); state file: {state_kib:,} KiB")
    verdict = "met" if rows[-1].pages <= RECRAWL_PAGE_TARGET else "MISSED"
    print(f"target (re-crawl <= {RECRAWL_PAGE_TARGET} story-page requests): {verdict} ({rows[-1].pages})")


if __name__ == "__main__":
    main()
