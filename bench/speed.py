"""Speed and memory of `extractor.extract` over the shared corpus, HTML already in memory.

    python bench/speed.py [--corpus ../shared/corpus] [--repeat 1] [--no-peers] [--stages]
                          [--clock wall|cpu] [--formats]

Prints median and p90 milliseconds per page and pages per second for news-extractor and, when
trafilatura is installed (the ``bench`` extra), for ``trafilatura.extract`` in the same run,
with the ratios. trafilatura is timed with three settings (bench/peers.py): "article", the same
work as ours and the call whose accuracy bench/accuracy.py scores (story, metadata, JSON);
"default", the call with no settings (the story's text with reader comments); and "text", its
cheapest useful call (the story's text alone). The extractors take turns every
25 pages, so that the host's drift in speed does not enter the ratios. Then peak RSS over the
whole corpus and RSS after the first 100 pages and after the last page of a pass of
news-extractor alone (growth between the two would mean a leak). ``--stages`` also prints
where the time goes: parsing, metadata, story (boilerplate and body) and quotes, timed apart.

``--formats`` times, instead, the structured renderings (docs/formats.md): the default call,
the same call with a ``formats`` option that is empty (what the default pays for the feature),
and the call asking for Markdown, for HTML, and for both, taking turns; it prints each one's
cost over the default call, as a share of the default call's total time.

``--clock cpu`` times with this thread's CPU clock instead of the wall clock: on a machine
shared with other work, time spent waiting for a core counts on the wall clock but not here.
Both extractors are timed with the same clock.
"""

from __future__ import annotations

import argparse
import gc
import importlib.machinery
import os
import resource
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402
import extractor.content  # noqa: E402
import extractor.render.tree  # noqa: E402
from extractor.content import find_story  # noqa: E402
from extractor.html import parse  # noqa: E402
from extractor.metadata import read_metadata  # noqa: E402
from extractor.options import ExtractOptions  # noqa: E402
from extractor.pipeline import _known_texts  # noqa: E402
from extractor.quotes import find_quotes  # noqa: E402
from peers import trafilatura_calls  # noqa: E402


def load_pages(corpus: Path) -> list[bytes]:
    return [path.read_bytes() for path in sorted(corpus.glob("*/html/*.html"))]


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def peak_rss_mb() -> float:
    """The most resident memory this process has had (Linux counts it in KiB), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def compiled(module: ModuleType = extractor.content) -> bool:
    """Whether ``module`` (by default the extraction modules') is mypyc-compiled (see setup.py)."""
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.thread_time}


#: Pages each extractor runs in its turn. Short enough that the host's drift in speed over a
#: turn is nil, long enough that the other extractors' data, which evicts ours from the CPU's
#: caches, costs only the first page of each turn.
TURN_PAGES = 25


def time_pages(
    runs: list[Callable[[bytes], object]], pages: list[bytes], repeat: int, clock: Callable[[], float]
) -> list[list[float]]:
    """Milliseconds per page for each of ``runs`` (the fastest of ``repeat`` tries), the runs
    taking turns every `TURN_PAGES` pages: the host's speed drifts over a minute, and timing
    one extractor after the other would put the drift into their ratio."""
    timings: list[list[float]] = [[] for _ in runs]
    for first in range(0, len(pages), TURN_PAGES):
        turn = pages[first : first + TURN_PAGES]
        for run, times in zip(runs, timings):
            for html in turn:
                best = float("inf")
                for _ in range(repeat):
                    start = clock()
                    try:
                        run(html)
                    except extractor.ExtractError:
                        pass
                    best = min(best, clock() - start)
                times.append(best * 1000)
    return timings


def memory_pass(pages: list[bytes]) -> tuple[float, float, float]:
    """RSS (MB) before extracting, after the first 100 pages and after the last: growth between
    the last two would mean a leak. Our extractor alone, so no peer's memory counts."""
    start = current_rss_mb()
    after_100 = None
    for index, html in enumerate(pages):
        if index == 100:
            gc.collect()
            after_100 = current_rss_mb()
        try:
            extractor.extract(html)
        except extractor.ExtractError:
            pass
    gc.collect()
    end = current_rss_mb()
    return start, end if after_100 is None else after_100, end


def summary(name: str, timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    median = statistics.median(ordered)
    p90 = ordered[int(len(ordered) * 0.9)]
    rate = len(ordered) / (sum(ordered) / 1000)
    print(f"{name:<19} median {median:7.2f} ms/page   p90 {p90:7.2f} ms/page   {rate:8.1f} pages/s")
    return median, rate


STAGES = ("parse", "metadata", "story", "quotes")


def stage_times(html: bytes, options: ExtractOptions, clock: Callable[[], float]) -> list[float] | None:
    """Milliseconds spent in each of `STAGES` for one page, as `extractor.extract` runs them."""
    try:
        start = clock()
        document = parse(html, None, options)
        parsed = clock()
        meta = read_metadata(document.tree, None)
        read = clock()
        story = find_story(document.tree, options, known=_known_texts(meta))
        found = clock()
        find_quotes(story.body)
        done = clock()
    except extractor.ExtractError:
        return None
    return [(b - a) * 1000 for a, b in zip((start, parsed, read, found), (parsed, read, found, done))]


def print_stages(pages: list[bytes], clock: Callable[[], float]) -> None:
    options = ExtractOptions()
    rows = [times for times in (stage_times(html, options, clock) for html in pages) if times]
    print("\nstage        median ms   mean ms")
    for index, name in enumerate(STAGES):
        column = [row[index] for row in rows]
        print(f"{name:<12} {statistics.median(column):9.2f} {statistics.mean(column):9.2f}")


FORMAT_RUNS: dict[str, ExtractOptions] = {
    "default": ExtractOptions(),
    "formats=()": ExtractOptions(formats=()),
    "markdown": ExtractOptions(formats=("markdown",)),
    "html": ExtractOptions(formats=("html",)),
    "markdown+html": ExtractOptions(formats=("markdown", "html")),
}


def extract_with(html: bytes, options: ExtractOptions) -> object:
    return extractor.extract(html, options=options)


def print_formats(pages: list[bytes], repeat: int, clock: Callable[[], float]) -> None:
    """What each structured rendering costs over the default call (see the module docstring)."""
    # The renderers are compiled only by a build that lists them: say which ran.
    print(f"render modules {'compiled (mypyc)' if compiled(extractor.render.tree) else 'pure Python (not compiled)'}\n")
    runs: list[Callable[[bytes], object]] = [partial(extract_with, options=options) for options in FORMAT_RUNS.values()]
    timings = time_pages(runs, pages, repeat, clock)
    base = sum(timings[0])
    for name, times in zip(FORMAT_RUNS, timings):
        summary(name, times)
    print()
    for name, times in list(zip(FORMAT_RUNS, timings))[1:]:
        print(f"{name:<19} costs {100 * (sum(times) - base) / base:+6.1f}% of the default call's time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; the fastest counts")
    parser.add_argument("--no-peers", action="store_true", help="skip trafilatura")
    parser.add_argument("--stages", action="store_true", help="also time each stage apart")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall",
                        help="wall clock (default) or this thread's CPU time")
    parser.add_argument("--formats", action="store_true", help="time the Markdown and HTML renderings instead")
    args = parser.parse_args()
    clock = CLOCKS[args.clock]
    pages = load_pages(args.corpus)
    print(f"{len(pages)} pages, {sum(map(len, pages)) / 1e6:.1f} MB of HTML in memory, "
          f"{args.clock} clock, load average {os.getloadavg()[0]:.2f}, extraction modules "
          f"{'compiled (mypyc)' if compiled() else 'pure Python (not compiled)'}\n")
    if args.formats:
        print_formats(pages, args.repeat, clock)
        return

    extractor.extract(pages[0])  # warm up imports and caches outside the measurement
    rss_start, rss_100, rss_end = memory_pass(pages)
    our_peak = peak_rss_mb()  # before any peer is imported
    peers = {} if args.no_peers else trafilatura_calls()
    if not peers and not args.no_peers:
        print("trafilatura not installed (pip install -e '.[bench]'): no comparison\n")
    runs: list[Callable[[bytes], object]] = [extractor.extract, *peers.values()]
    for run in runs[1:]:
        run(pages[0])
    timings = time_pages(runs, pages, args.repeat, clock)
    our_median, our_rate = summary("news-extractor", timings[0])
    theirs = [(name, *summary(f"trafilatura {name}", times)) for name, times in zip(peers, timings[1:])]
    if theirs:
        print(f"\n(the extractors timed in turns of {TURN_PAGES} pages)")
    for name, their_median, their_rate in theirs:
        print(f"news-extractor is {their_median / our_median:.1f}x faster than trafilatura {name} "
              f"by median, {our_rate / their_rate:.1f}x by throughput")
    if args.stages:
        print_stages(pages, clock)

    print(f"\nmemory: RSS {rss_start:.0f} MB at start (pages loaded), {rss_100:.0f} MB after 100 pages, "
          f"{rss_end:.0f} MB after {len(pages)} pages, news-extractor alone; peak RSS "
          f"{our_peak:.0f} MB then, {peak_rss_mb():.0f} MB by the end (with trafilatura, if it ran)")


if __name__ == "__main__":
    main()
