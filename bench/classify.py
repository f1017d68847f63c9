"""How well does the article classifier tell stories from other pages? Prints precision / recall.

    python bench/classify.py [--corpus ../shared/corpus] [--show-errors 10]

Positives: every development-corpus page with a body is a story (URL level: those with a URL).
Negatives:
  * URL level: same-site links inside the ``<nav>`` and ``<header>`` menus of the corpus pages
    (real section, topic and service pages of hundreds of sites in many languages; a menu can
    hold an odd story link, so precision here is a lower bound);
  * page level: the home, section, tag, author, video and gallery pages of the fixture sites
    (tests/test_crawl_sites.py), several seeds; there are no real home pages in the corpus.

"Kept" is what the crawler does with a link: it drops only ``not-article`` verdicts and lets the
page decide the ``unknown`` ones; "strict" counts only ``article`` verdicts as stories.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

import extractor  # noqa: E402
from extractor.discovery.classify import Verdict, classify_page, classify_url, classify_urls  # noqa: E402
from test_crawl_sites import news_site  # noqa: E402

NEGATIVE_PAGE_PATHS = ("/", "/nolta/", "/varesk/", "/omburi/", "/telka/", "/tag/dunlo-rensul/",
                       "/author/mika-zelren/", "/video/2024/03/01/kalo-mirensul-clip/",
                       "/gallery/2024/03/01/vozel-pridun-photos/")
FIXTURE_SEEDS = (1, 2, 3, 4, 5)


@dataclass
class Tally:
    """Confusion counts for one classifier at one level."""

    name: str
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    unknown_pos: int = 0
    unknown_neg: int = 0
    errors: list[tuple[str, str, Verdict]] = field(default_factory=list)

    def add(self, positive: bool, verdict: Verdict, label: str, strict: bool) -> None:
        predicted = verdict.is_article if strict else not verdict.is_not_article
        if verdict.label == "unknown":
            if positive:
                self.unknown_pos += 1
            else:
                self.unknown_neg += 1
        if positive and predicted:
            self.tp += 1
        elif positive:
            self.fn += 1
            self.errors.append(("missed", label, verdict))
        elif predicted:
            self.fp += 1
            self.errors.append(("wrongly kept", label, verdict))
        else:
            self.tn += 1

    def row(self) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (f"| {self.name} | {self.tp + self.fn} | {self.fp + self.tn} | {self.tp} | {self.fn} | "
                f"{self.fp} | {self.tn} | {self.unknown_pos}/{self.unknown_neg} | {precision:.3f} | "
                f"{recall:.3f} | {f1:.3f} |")


def corpus_pages(corpus: Path) -> Iterator[tuple[dict[str, object], Path]]:
    for truth in sorted(corpus.glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            yield record, truth.parent / "html" / f"{record['id']}.html"


def menu_links(html: bytes, url: str) -> set[str]:
    """Same-site links in the page's navigation menus (section / service pages, mostly)."""
    tree = LexborHTMLParser(html.decode("utf-8", "replace"))
    host = urlsplit(url).netloc.lower()
    found: set[str] = set()
    for node in tree.css("nav a[href], header a[href]"):
        link = urljoin(url, (node.attributes.get("href") or "").strip()).split("#", 1)[0]
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") and parts.netloc.lower() == host:
            found.add(link)
    return found


def body_of(html: bytes, url: str | None) -> str:
    try:
        return extractor.extract(html, url).body
    except extractor.ExtractError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show-errors", type=int, default=8, help="examples of errors to print per table")
    args = parser.parse_args()

    url_kept, url_strict = Tally("URL, kept"), Tally("URL, strict")
    site_kept = Tally("URL + site context, kept")
    page_kept, page_strict = Tally("page, kept"), Tally("page, strict")
    story_urls: set[str] = set()
    menus: set[str] = set()
    for record, path in corpus_pages(args.corpus):
        given = record.get("url")
        url = given.strip() if isinstance(given, str) else None
        if not record.get("body") or not path.exists():
            continue
        html = path.read_bytes()
        if url:
            story_urls.add(url)
            menus |= menu_links(html, url)
        verdict = classify_page(html, url, body=body_of(html, url))
        label = f"{record['source']}/{record['id']}"
        page_kept.add(True, verdict, label, strict=False)
        page_strict.add(True, verdict, label, strict=True)
    # Site context: each host's listed URLs together (its story and its menu links).
    in_context = classify_urls(sorted(story_urls | menus))
    for link in sorted(story_urls | menus):
        positive = link in story_urls
        verdict = classify_url(link)
        url_kept.add(positive, verdict, link, strict=False)
        url_strict.add(positive, verdict, link, strict=True)
        site_kept.add(positive, in_context[link], link, strict=False)
    for seed in FIXTURE_SEEDS:
        site = news_site(20, seed=seed)
        base = "https://fixture.example"
        for page_path in NEGATIVE_PAGE_PATHS:
            html = site.pages[page_path].body
            verdict = classify_page(html, base + page_path, body=body_of(html, base + page_path))
            page_kept.add(False, verdict, f"seed{seed}{page_path}", strict=False)
            page_strict.add(False, verdict, f"seed{seed}{page_path}", strict=True)

    print("| classifier | stories | other | TP | FN | FP | TN | unknown (story/other) | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tally in (url_kept, url_strict, site_kept, page_kept, page_strict):
        print(tally.row())
    rng = random.Random(7)
    for tally in (url_kept, site_kept, page_kept):
        reasons = Counter(r for kind, _, v in tally.errors if kind == "missed" for r in v.reasons)
        print(f"\n{tally.name}: most common features of missed stories: {reasons.most_common(6)}")
        for kind, label, verdict in rng.sample(tally.errors, min(args.show_errors, len(tally.errors))):
            print(f"  {kind}: {label}  score {verdict.score}  {', '.join(verdict.reasons)}")


if __name__ == "__main__":
    main()
