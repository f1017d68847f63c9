"""Quote accuracy and speed on the shared quote ground truth, with the naive baseline beside it.

    python bench/quotes.py [--data ../shared/quotes] [--sources polnear,de-wikinews]
                           [--out predictions.jsonl] [--details articles.jsonl] [--strict]

Runs `extractor.find_quotes` on the text of every article in ``dev.jsonl``, writes predictions
in the form ``score_quotes.py`` reads ({"id", "quotes": [{"text", "speaker", "start", "end",
"cue"}]}), and prints the scorer's table. The regex baseline (``baseline_quotes.py``) runs and
is scored in the same run, so the two tables are comparable. Then speed: milliseconds per
article and per 5 KB of text, and the time on hostile inputs (one opening mark in a 1 MB
paragraph, thousands of marks).

    python bench/quotes.py --corpus ../shared/corpus [--half tune|check]

reads the body truth of every page of the development corpus instead and prints two checks of
the records themselves: how many quotes break ``body[start:end] == text`` (must be none), and
how many attributed quotes are left with a bare pronoun while the story names a person of a
compatible gender before it (by pronoun). An "I"/"we" in a story whose own words use the first
person is its writer, whom no name in the story stands for: those are counted apart.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402
from extractor.quotes.lexicon import PRONOUNS, lookup_key  # noqa: E402
from extractor.quotes.speakers import build_name_index  # noqa: E402

#: First-person pronouns: in a story told by its writer they are the writer.
FIRST_PERSON = frozenset(("i", "we"))

#: Size of a "typical article" for the per-5 KB speed figure.
TYPICAL_ARTICLE_CHARS = 5_000


def articles(truth: Path, sources: set[str] | None) -> Iterator[dict[str, Any]]:
    """Every article record of the truth file, optionally only some sources."""
    with truth.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                if not sources or record.get("source") in sources:
                    yield record


def predict(records: list[dict[str, Any]], out: Path) -> list[float]:
    """Write our predictions for ``records`` to ``out``; return CPU seconds per article.

    CPU time, not wall time: on a shared machine wall time mostly measures waiting for a core.
    """
    timings = []
    with out.open("w", encoding="utf-8") as sink:
        for record in records:
            started = time.process_time()
            quotes = extractor.find_quotes(record["text"])
            timings.append(time.process_time() - started)
            # The truth's speaker is the mention as written ("he"), its resolution an automatic
            # guess the scorer accepts besides it: a pronoun is scored by its mention, and the
            # resolution on its own (`print_resolution`).
            rows = [
                {"text": q.text, "speaker": q.speaker_mention if q.speaker_resolved else q.speaker or q.speaker_mention,
                 "start": q.start, "end": q.end, "cue": q.cue}
                for q in quotes
            ]
            sink.write(json.dumps({"id": record["id"], "quotes": rows}, ensure_ascii=False) + "\n")
    return timings


def score(data: Path, truth: Path, predictions: Path, args: argparse.Namespace, details: Path | None) -> None:
    """Run the corpus's scorer on one prediction file and let it print its table."""
    command = [sys.executable, str(data / "score_quotes.py"), str(predictions), "--truth", str(truth)]
    if args.sources:
        command += ["--sources", args.sources]
    if args.strict:
        command.append("--strict")
    if details:
        command += ["--details", str(details)]
    subprocess.run(command, check=True)


def baseline(data: Path, truth: Path, out: Path) -> None:
    """The corpus's regex baseline, run on the same truth file."""
    with out.open("w", encoding="utf-8") as sink:
        subprocess.run([sys.executable, str(data / "baseline_quotes.py"), "--truth", str(truth)],
                       stdout=sink, check=True)


def hostile_inputs() -> dict[str, str]:
    """Inputs that break naive quote matchers: unbalanced, huge, dense with marks, mixed."""
    return {
        "1 MB paragraph, one opening mark": "He said “" + "and so on " * 100_000,
        "30,000 mixed marks": "“ ” ‘ ’ \" ' „ “ « » " * 3_000,
        "5,000 short quotes": "“Yes,” he said. " * 5_000,
        "100 KB of nested openers": "“‘«„" * 25_000,
    }


def print_resolution(records: list[dict[str, Any]]) -> None:
    """How often a resolved pronoun names the person the truth's coreference chain does.

    That chain is CoreNLP's automatic one (PolNeAR's ``speaker_resolved``), itself wrong now
    and then, so this is agreement with it, not accuracy.
    """
    agree = differ = unresolved = 0
    for record in records:
        ours = {q.start: q for q in extractor.find_quotes(record["text"])}
        for truth in record["quotes"]:
            quote = ours.get(truth["start"])
            if quote is None or lookup_key(truth.get("speaker") or "") not in PRONOUNS or not truth.get("speaker_resolved"):
                continue
            if not quote.speaker_resolved or quote.speaker is None:
                unresolved += 1
            elif quote.speaker.split()[-1].lower() in truth["speaker_resolved"].lower().split():
                agree += 1
            else:
                differ += 1
    print(f"\n## pronoun resolution against the truth's automatic coreference\n\n"
          f"resolved {agree + differ} of {agree + differ + unresolved} pronoun quotes with a resolution in the truth; "
          f"agrees {agree}, differs {differ} ({agree / max(agree + differ, 1):.1%} agreement)")


def print_speed(timings: list[float], records: list[dict[str, Any]]) -> None:
    chars = sum(len(r["text"]) for r in records)
    total = sum(timings)
    ms = sorted(t * 1000 for t in timings)
    print("\n## speed (CPU time)\n")
    print(f"articles: {len(ms)}, mean {len(ms) and total * 1000 / len(ms):.3f} ms/article, "
          f"median {statistics.median(ms):.3f} ms, p95 {ms[int(len(ms) * 0.95)]:.3f} ms, "
          f"max {ms[-1]:.3f} ms")
    print(f"per {TYPICAL_ARTICLE_CHARS // 1000} KB of text: {total * 1000 * TYPICAL_ARTICLE_CHARS / chars:.3f} ms "
          f"({chars / total / 1e6:.2f} M chars/s; mean article {chars // len(ms):,} chars)")
    for name, text in hostile_inputs().items():
        started = time.process_time()
        found = extractor.find_quotes(text)
        print(f"{name}: {(time.process_time() - started) * 1000:.1f} ms, {len(found)} quotes")


def corpus_bodies(corpus: Path, half: str | None) -> Iterator[str]:
    """The body truth of every page of the corpus (one fixed half of it when asked)."""
    sys.path.insert(0, str(corpus))
    from score import half_of  # type: ignore[import-not-found]  # the corpus's scorer: untyped

    for truth in sorted(corpus.glob("*/truth.jsonl")):
        for line in truth.open(encoding="utf-8"):
            page = json.loads(line)
            if page.get("body") and (half is None or half_of(page["source"], page["id"]) == half):
                yield page["body"]


#: First-person words outside quotations that make a story the writer's own account.
FIRST_PERSON_MIN = 3

_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|We|us|our|Our|My)\b")


def told_in_first_person(body: str, quotes: list[extractor.Quote]) -> bool:
    """The story's own words (quotations blanked) use the first person: its "I"/"we" is the
    writer, whom no name in the story stands for."""
    pieces, last = [], 0
    for quote in quotes:
        pieces.append(body[last:quote.start])
        last = max(last, quote.end)
    pieces.append(body[last:])
    return len(_FIRST_PERSON.findall(" ".join(pieces))) >= FIRST_PERSON_MIN


def bare_pronoun(body: str, quote: extractor.Quote, first_person_story: bool = False) -> bool:
    """An attributed quote left with a pronoun although a person of its gender is named before
    it (not counting the first person of a writer telling the story)."""
    mention = lookup_key(quote.speaker_mention or "")
    if quote.speaker is not None or mention not in PRONOUNS:
        return False
    if first_person_story and mention in FIRST_PERSON:
        return False
    index = build_name_index(body[:quote.start])
    gender = PRONOUNS[mention]
    return any(index.genders.get(name) in (None, gender) for _, name in index.mentions)


def print_corpus(corpus: Path, half: str | None) -> None:
    """Offsets and bare pronouns over the corpus's bodies."""
    pages = quotes = broken = attributed = resolved = writer = 0
    bare: dict[str, int] = {}
    started = time.process_time()
    for body in corpus_bodies(corpus, half):
        pages += 1
        found = extractor.find_quotes(body)
        first_person = told_in_first_person(body, found)
        for quote in found:
            quotes += 1
            broken += body[quote.start:quote.end] != quote.text
            attributed += quote.speaker_mention is not None
            resolved += quote.speaker_resolved
            if bare_pronoun(body, quote, first_person):
                key = lookup_key(quote.speaker_mention or "")
                bare[key] = bare.get(key, 0) + 1
            elif bare_pronoun(body, quote):
                writer += 1
    print(f"## corpus bodies{f' ({half} half)' if half else ''}: {pages} pages, {quotes} quotes, "
          f"{time.process_time() - started:.1f} s CPU\n")
    print(f"offsets: {quotes - broken} of {quotes} hold body[start:end] == text ({broken} broken)")
    total = sum(bare.values())
    print(f"attributed: {attributed}; pronoun resolved to a name: {resolved}; bare pronoun with a person "
          f"named before: {total} ({total / max(attributed, 1):.1%}) "
          + ", ".join(f"{k} {v}" for k, v in sorted(bare.items(), key=lambda kv: -kv[1])))
    print(f"first person of a writer telling the story (left unresolved, not counted above): {writer} "
          f"({(total + writer) / max(attributed, 1):.1%} with them)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "quotes",
                        help="folder with dev.jsonl, score_quotes.py and baseline_quotes.py")
    parser.add_argument("--truth", type=Path, help="truth file (default: DATA/dev.jsonl)")
    parser.add_argument("--sources", help="comma-separated sources (default: all)")
    parser.add_argument("--strict", action="store_true", help="count partial-quote matches as false positives")
    parser.add_argument("--out", type=Path, help="where to write our predictions")
    parser.add_argument("--details", type=Path, help="per-article matches of our run")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline run")
    parser.add_argument("--corpus", type=Path, help="check offsets and pronouns over this corpus's bodies instead")
    parser.add_argument("--half", choices=("tune", "check"), help="with --corpus: one fixed half of it")
    args = parser.parse_args()
    if args.corpus:
        print_corpus(args.corpus, args.half)
        return
    truth = args.truth or args.data / "dev.jsonl"
    records = list(articles(truth, set(args.sources.split(",")) if args.sources else None))
    tmp = Path(tempfile.mkdtemp(prefix="extractor-quotes-"))
    ours = args.out or tmp / "ours.jsonl"
    timings = predict(records, ours)
    print("## news-extractor find_quotes\n", flush=True)
    score(args.data, truth, ours, args, args.details)
    if not args.no_baseline:
        base = tmp / "baseline.jsonl"
        baseline(args.data, truth, base)
        print("\n## baseline_quotes.py (same run)\n", flush=True)
        score(args.data, truth, base, args, None)
    print_resolution(records)
    print_speed(timings, records)


if __name__ == "__main__":
    main()
