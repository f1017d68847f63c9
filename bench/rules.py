"""What each boilerplate rule removes from the corpus: story text, and everything else.

    python bench/rules.py [--corpus ../shared/corpus] [--half tune|check] [--sources a,b]

For every page with body truth, the boilerplate rules are matched as `extract` matches them
(same first guess, same protection), and each outermost block a rule drops is weighed: its
words, and how many of them are story text (words in 5-word runs that also occur in the true
body). Blocks an evidence rule matched but spared because they read as the story's prose are
weighed too, to show what sparing keeps. Prints one Markdown table (the one in
docs/extraction.md): a rule that removes more story than boilerplate needs rewriting.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import ExtractError  # noqa: E402
from extractor.boilerplate import RULES, class_ids, match_boilerplate, strip_non_content  # noqa: E402
from extractor.content import _likely_story  # noqa: E402
from extractor.html import parse  # noqa: E402
from extractor.options import ExtractOptions  # noqa: E402

SHINGLE = 5


@dataclass
class Tally:
    blocks: int = 0
    words: int = 0
    story: int = 0
    pages_hurt: int = 0  # pages where the rule removed at least 20 words of story

    @property
    def boilerplate(self) -> int:
        return self.words - self.story


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 0))}


def story_words(tokens: list[str], truth: set[tuple[str, ...]]) -> int:
    """How many of ``tokens`` sit in a 5-word run that the true body also has."""
    covered = [False] * len(tokens)
    for i in range(len(tokens) - SHINGLE + 1):
        if tuple(tokens[i : i + SHINGLE]) in truth:
            for j in range(i, i + SHINGLE):
                covered[j] = True
    return sum(covered)


def outermost(nodes: list) -> list:
    chosen = {node.mem_id for node in nodes}
    out = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in chosen:
            parent = parent.parent
        if parent is None:
            out.append(node)
    return out


def weigh(html: bytes, url: str | None, truth: set[tuple[str, ...]], tokenize, dropped: dict, spared: dict) -> None:
    try:
        tree = parse(html, None, ExtractOptions()).tree
    except ExtractError:
        return
    tagged = strip_non_content(tree).tagged
    root = tree.body
    if root is None:
        return
    guess = _likely_story(root)
    matches = match_boilerplate(root, guess, tagged=tagged, classed=class_ids(root))
    for pairs, tallies in ((matches.drops, dropped), (matches.spared, spared)):
        rule_of = {node.mem_id: index for node, index in pairs}
        hurt: dict[int, int] = {}
        for node in outermost([node for node, _ in pairs]):
            index = rule_of[node.mem_id]
            tokens = tokenize(node.text(separator=" "))
            tally = tallies.setdefault(index, Tally())
            tally.blocks += 1
            tally.words += len(tokens)
            found = story_words(tokens, truth)
            tally.story += found
            hurt[index] = hurt.get(index, 0) + found
        for index, found in hurt.items():
            tallies[index].pages_hurt += found >= 20


def body_pages(
    corpus: Path, sources: str | None, half: str | None, half_of: Callable[[str, str], str]
) -> Iterator[tuple[dict, bytes]]:
    """Each page with body truth (its truth record, "source" set, and its bytes), of the
    comma-separated ``sources`` (all when None) and of one ``half`` (both when None)."""
    wanted = set(sources.split(",")) if sources else None
    for truth_file in sorted(corpus.glob("*/truth.jsonl")):
        source = truth_file.parent.name
        if wanted and source not in wanted:
            continue
        for line in truth_file.open(encoding="utf-8"):
            record = json.loads(line)
            if not record.get("body") or (half and half_of(source, str(record["id"])) != half):
                continue
            record["source"] = source
            yield record, (truth_file.parent / "html" / f"{record['id']}.html").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--half", choices=("tune", "check"))
    parser.add_argument("--sources", help="comma-separated source names (default: all with body truth)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.corpus))
    import score  # type: ignore[import-not-found]  # the corpus's own tokenizer and halves

    dropped: dict[int, Tally] = {}
    spared: dict[int, Tally] = {}
    pages = 0
    for record, html in body_pages(args.corpus, args.sources, args.half, score.half_of):
        weigh(html, record.get("url"), shingles(score.tokenize(record["body"])), score.tokenize, dropped, spared)
        pages += 1
    print(f"{pages} pages with body truth{f' ({args.half} half)' if args.half else ''}\n")
    print("| rule | kind | blocks dropped | words dropped | of them story | pages losing 20+ story words | spared as prose: blocks | story kept | other kept |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for index, rule in enumerate(RULES):
        drop, keep = dropped.get(index, Tally()), spared.get(index, Tally())
        share = f"{drop.story / drop.words:.1%}" if drop.words else "-"
        kind = "verdict" if rule.verdict else "evidence"
        print(f"| `{rule.name}` | {kind} | {drop.blocks} | {drop.words} | {drop.story} ({share}) | {drop.pages_hurt} "
              f"| {keep.blocks} | {keep.story} | {keep.boilerplate} |")


if __name__ == "__main__":
    main()
