"""What stands just outside the story `extract` finds, and how much of it is story text.

    python bench/edges.py [--corpus ../shared/corpus] [--half tune|check] [--sources a,b] [--examples 5]

Cut-off bodies are the most common complaint in peers' trackers: a lead before the story's
container, a last section after it. For every page with body truth, the story is found as
`extract` finds it, and the elements just before its first node and just after its last (the
neighbours `extract` itself reads for a lead: the sibling, then the parent's sibling, up three
levels) are weighed: their words, and how many of those are story text the body lacks (words
in 5-word runs of the true body that the extracted body does not have). Neighbours of fewer
than 12 words are left out. Prose means a link density under 0.2, the bar the lead uses.

A rule that would take in one kind of neighbour gains its story words and costs its other
words: the table says which positions could pay, and the examples which pages they are.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rules import body_pages, shingles, story_words  # noqa: E402

from extractor import ExtractError  # noqa: E402
from extractor.content import MAX_LEAD_LINK_DENSITY, _link_density, _neighbours, find_story  # noqa: E402
from extractor.html import parse  # noqa: E402
from extractor.metadata import read_metadata  # noqa: E402
from extractor.options import ExtractOptions  # noqa: E402
from extractor.pipeline import _known_texts  # noqa: E402

MIN_WORDS = 12


@dataclass
class Position:
    elements: int = 0
    words: int = 0
    story: int = 0
    mostly_story: list[str] = field(default_factory=list)  # "source/id" of neighbours mostly story
    sources: set[str] = field(default_factory=set)


def weigh(html: bytes, record: dict, tokenize, positions: dict[str, Position]) -> None:
    options = ExtractOptions()
    try:
        tree = parse(html, None, options).tree
    except ExtractError:
        return
    meta = read_metadata(tree, record.get("url"), explain=False)
    story = find_story(tree, options, known=_known_texts(meta))
    if not story.nodes:
        return
    missing = shingles(tokenize(record["body"])) - shingles(tokenize(story.body))
    for side, anchor in (("before", story.nodes[0]), ("after", story.nodes[-1])):
        for level, neighbour in enumerate(_neighbours(anchor, forward=side == "after")):
            text = neighbour.text(separator=" ")
            tokens = tokenize(text)
            if len(tokens) < MIN_WORDS:
                continue
            prose = _link_density(neighbour, len(text)) < MAX_LEAD_LINK_DENSITY
            position = positions.setdefault(f"{side} {level} {'prose' if prose else 'links'}", Position())
            found = story_words(tokens, missing)
            position.elements += 1
            position.words += len(tokens)
            position.story += found
            if 2 * found > len(tokens):
                position.mostly_story.append(f"{record['source']}/{record['id']}")
                position.sources.add(record["source"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--half", choices=("tune", "check"))
    parser.add_argument("--sources", help="comma-separated source names (default: all with body truth)")
    parser.add_argument("--examples", type=int, default=5, help="pages listed per position")
    args = parser.parse_args()
    sys.path.insert(0, str(args.corpus))
    import score  # type: ignore[import-not-found]  # the corpus's own tokenizer and halves

    positions: dict[str, Position] = {}
    for record, html in body_pages(args.corpus, args.sources, args.half, score.half_of):
        weigh(html, record, score.tokenize, positions)
    print("| neighbour (side, level, kind) | elements | words | story words | other words | mostly story | sources |")
    print("|---|---|---|---|---|---|---|")
    for name in sorted(positions):
        p = positions[name]
        print(
            f"| {name} | {p.elements} | {p.words} | {p.story} | {p.words - p.story} |"
            f" {len(p.mostly_story)} | {', '.join(sorted(p.sources))} |"
        )
    for name in sorted(positions):
        if positions[name].mostly_story:
            print(f"\n{name}: {' '.join(positions[name].mostly_story[: args.examples])}")


if __name__ == "__main__":
    main()
