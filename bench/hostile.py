"""Time and memory of `extractor.extract` on hostile page shapes (issue 22), at 1x, 2x, 4x, 8x.

    python bench/hostile.py [--shapes span,tables,...] [--scales 1,2,4,8] [--repeat 5] [--timeout 60]

Each shape is a page built from one repeated unit; 1x is sized so that 8x is one to two
megabytes. Every (shape, scale) runs in a child process of its own, so each peak memory
figure is that page's alone: the child's peak RSS after extracting, less its RSS before
building the page, divided by the page's size. Lexbor allocates outside Python's allocator,
so tracemalloc would miss most of it.

Times are CPU seconds of the child (``time.process_time``), the median of ``--repeat`` runs:
on a machine shared with other work, wall time counts the waits for a core, which made the
growth of the same code read anywhere from 5x to 14x between runs; CPU time does not (it
still varies with the other work's pressure on the shared cache, hence the median).

Prints, per shape: the page size and seconds at each scale (or "refused" when `extract`
raised an `ExtractError`, timed all the same), the growth from 1x to 8x, the peak memory at the
largest scale as a multiple of its input, and the most memory any scale took, in MB (a small
page of dense markup may take more than 20 times its size within the element budget's free
allowance, see "Limits" in docs/extraction.md). Targets (issue 22): growth at most 10x, under
2 s for every input up to 2 MB, peak memory under 20x the input.

Then, per shape that was extracted, the CPU milliseconds per megabyte at each scale of
Lexbor's parse alone (building and freeing the tree) and of the whole `extract`: a step whose
cost per byte rises with the page's size is where super-linear growth would come from. A
linear pipeline still costs somewhat more per byte at 8x than at 1x (bench/RESULTS.md,
"Hostile shapes": the 1x tree fits in the processor's cache and stays under the garbage
collector's threshold for a full collection, the 8x tree does neither), so a growth a little
over 8x is not by itself a sign of a quadratic step; one doubling with each doubling of the
page is. The growth is not corrected for a fixed per-call cost: an empty page takes about a
millisecond, against tens at 1x for every shape that is extracted, and subtracting it would
only raise the ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = "<p>" + "w " * 200 + "</p>"


def _nested(opening: str, closing: str = "") -> Callable[[int], str]:
    return lambda n: opening * n + PARAGRAPH + closing * n


def _repeated(head: str, unit: Callable[[int], str], tail: str = "") -> Callable[[int], str]:
    return lambda n: head + "".join(unit(i) for i in range(n)) + tail


def _name(i: int) -> str:
    """A capitalised word of four consonants that spells ``i``: a distinct name per unit."""
    letters = "".join("bcdfghklmnprstvz"[(i >> shift) % 16] for shift in (0, 4, 8, 12))
    return letters.capitalize()


#: Each shape: how a page of ``n`` units is built, and ``n`` at 1x.
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "nested-span": (_nested("<span>", "</span>"), 12_500),
    "unclosed-font": (_nested("<font>"), 25_000),
    "unclosed-b": (_nested("<b>"), 50_000),
    "misnested-b-i": (_repeated("<body>", lambda i: "<b><i>w</b>", PARAGRAPH), 15_000),
    "nested-tables": (_nested("<table><tr><td>"), 10_000),
    "nested-tables-in-limit": (_nested("<table><tr><td>" + "word, " * 40), 120),
    "nested-unknown": (_nested("<x-a>", "</x-a>"), 15_000),
    "formatting-attributes": (_repeated("<body>", lambda i: f"<i a{i}=1>", PARAGRAPH), 12_500),
    "attributes-one-tag": (_repeated("<body><div", lambda i: f" a{i}=1", ">" + PARAGRAPH), 20_000),
    "body-attributes": (_repeated("", lambda i: f"<body a{i}=1>", PARAGRAPH), 12_500),
    "select-options": (_repeated("<body><select>", lambda i: "<option>", PARAGRAPH), 20_000),
    "quote-marks": (_repeated("<body><p>", lambda i: "“x” ", "</p>"), 25_000),
    "said-quotes": (_repeated("<body><p>", lambda i: f"“Words number {i},” said X. ", "</p>"), 6_000),
    # As many speakers as quotations, each named once (four letters spelling the number).
    "said-distinct": (_repeated("<body><p>", lambda i: f"“Words number {i},” said Anna {_name(i)}. ", "</p>"), 5_000),
    "stray-marks": (_repeated("<body><p>", lambda i: "“ ” ‘ ’ \" ' „ « » ", "</p>"), 8_000),
    "word-br": (_repeated("<body><div>", lambda i: "word<br>", "</div>"), 25_000),
    "small-divs": (_repeated("<body>", lambda i: "<div>x</div>", PARAGRAPH), 15_000),
    # The densest markup the element budget lets through at 8x (50,000 elements, one per 70
    # characters), of plain boxes, of lines and of links.
    "divs-at-limit": (_repeated("<body>", lambda i: "<div>" + "x" * 59 + "</div>", PARAGRAPH), 6_240),
    "word-br-at-limit": (_repeated("<body><div>", lambda i: "words " * 10 + " words<br>", "</div>"), 6_240),
    "links-at-limit": (
        _repeated("<body><div>", lambda i: '<a href="/a/b/c">' + "link text, " * 4 + "</a>" + " " * 4, "</div>"),
        6_240,
    ),
}

DEFAULT_SCALES = (1, 2, 4, 8)


def page_bytes(shape: str, scale: int) -> bytes:
    build, units = SHAPES[shape]
    return build(units * scale).encode()


def current_rss() -> int:
    """Resident memory now (Linux /proc), in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def cpu_seconds(run: Callable[[], object], repeat: int) -> float:
    """The median CPU time of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return median(times)


def measure(path: Path, repeat: int) -> dict[str, float | str]:
    """Extract the page saved at ``path`` in this process ``repeat`` times; what the child
    reports: the median CPU time, the outcome, the peak memory, and for a page that was
    extracted, the median CPU time of Lexbor's parse alone (a refused page is not parsed:
    that is what refusing it spares, up to tens of seconds)."""
    import extractor
    from selectolax.lexbor import LexborHTMLParser

    extractor.extract(PARAGRAPH)  # loads what extraction loads lazily
    page = path.read_bytes()
    before = current_rss()
    outcome = "ok"

    def run() -> None:
        nonlocal outcome
        try:
            extractor.extract(page)
        except extractor.ExtractError as error:
            outcome = type(error).__name__

    seconds = cpu_seconds(run, repeat)
    # Linux counts ru_maxrss in KiB.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    parse = cpu_seconds(lambda: LexborHTMLParser(page), repeat) if outcome == "ok" else 0.0
    return {
        "seconds": seconds,
        "parse": parse,
        "outcome": outcome,
        "memory": max(peak - before, 0) / len(page),
        "bytes": len(page),
    }


def run_child(page: bytes, timeout: float, repeat: int) -> dict[str, float | str]:
    """`measure` in a child of its own: its peak memory is this page's alone. The page goes
    through a file, so building it does not count."""
    with tempfile.NamedTemporaryFile(suffix=".html") as file:
        file.write(page)
        file.flush()
        command = [sys.executable, __file__, "--child", file.name, "--repeat", str(repeat)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return {"seconds": timeout, "parse": 0.0, "outcome": "timeout", "memory": 0.0, "bytes": len(page)}
    return dict(json.loads(done.stdout))


def cell(result: dict[str, float | str]) -> str:
    seconds = float(result["seconds"])
    mark = {"ok": "", "timeout": ">"}.get(str(result["outcome"]), "R")
    return f"{mark}{seconds:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--scales", default=",".join(map(str, DEFAULT_SCALES)))
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a child is given up")
    parser.add_argument("--repeat", type=int, default=5, help="runs per page; the median is printed")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat)))
        return
    scales = [int(scale) for scale in args.scales.split(",")]
    print("CPU seconds per page at each scale (R: refused with an ExtractError, >: timed out)")
    header = f"{'shape':<20} {'8x size':>9} " + " ".join(f"{str(s) + 'x':>8}" for s in scales)
    print(header + f" {'growth':>7} {'peak mem':>9} {'most MB':>8}")
    per_megabyte = []
    for shape in args.shapes.split(","):
        pages = [page_bytes(shape, scale) for scale in scales]
        results = [run_child(page, args.timeout, args.repeat) for page in pages]
        # Below a hundredth of a second the clock's noise would make the growth.
        growth = float(results[-1]["seconds"]) / max(float(results[0]["seconds"]), 0.01)
        memory = float(results[-1]["memory"])
        most = max(float(result["memory"]) * float(result["bytes"]) for result in results) / 1e6
        size = f"{len(pages[-1]) / 1e6:.2f} MB"
        row = " ".join(f"{cell(result):>8}" for result in results)
        print(f"{shape:<20} {size:>9} {row} {growth:>6.1f}x {memory:>8.1f}x {most:>8.1f}", flush=True)
        if all(result["outcome"] == "ok" for result in results):
            per_megabyte.append(f"{shape:<20} " + " ".join(f"{cost_per_megabyte(result):>15}" for result in results))
    print("\nCPU ms per MB at each scale, Lexbor's parse alone / the whole extract (pages extracted at every scale)")
    print(f"{'shape':<20} " + " ".join(f"{str(s) + 'x':>15}" for s in scales))
    print("\n".join(per_megabyte))


def cost_per_megabyte(result: dict[str, float | str]) -> str:
    megabytes = float(result["bytes"]) / 1e6
    return f"{float(result['parse']) * 1e3 / megabytes:.1f} / {float(result['seconds']) * 1e3 / megabytes:.0f}"

if __name__ == "__main__":
    main()
