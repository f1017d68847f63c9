"""Snippet recall with and without the page's typographic quote marks.

    python bench/snippets.py PRED.jsonl [PRED.jsonl ...] [--corpus ../shared/corpus] [--half tune|check]

PRED files are predictions as `bench/accuracy.py --out` writes them (one JSON line per page:
``id``, ``source``, ``body``). For every source with ``with``/``without`` snippets it prints
the share of ``with`` snippets found in the body (whitespace-normalised substrings, as
`score.py` tests them) and the share of ``without`` snippets leaked, twice: exactly, and with
curly quotes and apostrophes read as straight ones. Some truth snippets were typed with a
straight apostrophe where the page prints a curly one; the body keeps the page's characters
(quotes are found by their marks), so only the second figure tells such a miss from lost text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})


def _scorer(corpus: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", corpus / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {corpus}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _found(snippets: list[str], body: str, blind: bool) -> int:
    if blind:
        body = body.translate(STRAIGHT)
    return sum(1 for snippet in snippets if (_spaced(snippet).translate(STRAIGHT) if blind else _spaced(snippet)) in body)


def report(pred: Path, corpus: Path, half: str | None) -> None:
    score = _scorer(corpus)
    bodies = {}
    with pred.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            bodies[(record["source"], str(record["id"]))] = _spaced(record.get("body") or "")
    print(f"\n## {pred.name}{f' ({half} half)' if half else ''}\n")
    print("| source | with | found | found, quotes read straight | without | leaked | leaked, quotes read straight |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals: dict[str, list[int]] = {}
    for (source, page_id), truth in sorted(score.load_truth(corpus, None, half).items()):
        withs, withouts = truth.get("with") or [], truth.get("without") or []
        if not withs and not withouts:
            continue
        body = bodies.get((source, page_id), "")
        row = totals.setdefault(source, [0] * 6)
        counts = (len(withs), _found(withs, body, False), _found(withs, body, True),
                  len(withouts), _found(withouts, body, False), _found(withouts, body, True))
        for index, count in enumerate(counts):
            row[index] += count
    for source, (n_with, found, found_blind, n_without, leaked, leaked_blind) in totals.items():
        print(f"| {source} | {n_with} | {found / max(n_with, 1):.3f} | {found_blind / max(n_with, 1):.3f} "
              f"| {n_without} | {leaked / max(n_without, 1):.3f} | {leaked_blind / max(n_without, 1):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pred", type=Path, nargs="+")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--half", choices=("tune", "check"))
    args = parser.parse_args()
    for pred in args.pred:
        report(pred, args.corpus, args.half)


if __name__ == "__main__":
    main()
