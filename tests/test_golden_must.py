"""Golden pages, hand-written truth: every ``fixtures/*/must.json`` checked against the extractor.

``expected.json`` (written by ``fixtures/regenerate.py``) pins *whatever* the extractor does
today, so a change shows up as a diff. ``must.json`` is the other half: what a person reading
the page says the answer must be, written by hand and never regenerated. A page passes only
when each key in its ``must.json`` holds.

Keys (each optional):
  headline          exact headline
  body_contains     snippets that must appear in the body (whitespace-normalised)
  body_excludes     snippets that must not appear in the body (boilerplate)
  body_starts_with  the body's first words (whitespace-normalised)
  is_article        whether the page holds a story at all
  encoding          the charset used to decode the bytes (compared as Python codec names)
  published         exact ISO 8601 publication date
  authors           author names, in order
  quotes            ``{"text", "speaker"}`` pairs that must be among the found quotes
  language          the page language code
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any, Callable

import pytest

import extractor
from extractor import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(p.parent for p in FIXTURES.glob("*/must.json"))


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space, so snippets ignore line breaks."""
    return " ".join(text.split())


def run_page(page: Path) -> Article:
    """Extract one golden page the way a fetcher would have called the library."""
    request_file = page / "request.json"
    request = json.loads(request_file.read_text(encoding="utf-8")) if request_file.exists() else {}
    return extractor.extract(
        (page / "source.html").read_bytes(), request.get("url"), headers=request.get("headers")
    )


def check_headline(article: Article, want: str) -> list[str]:
    got = squash(article.headline or "")
    return [] if got == squash(want) else [f"headline: got {got!r}, want {want!r}"]


def check_body_contains(article: Article, want: list[str]) -> list[str]:
    body = squash(article.body)
    return [f"body lacks {s!r}" for s in want if squash(s) not in body]


def check_body_excludes(article: Article, want: list[str]) -> list[str]:
    body = squash(article.body)
    return [f"body holds boilerplate {s!r}" for s in want if squash(s) in body]


def check_body_starts_with(article: Article, want: str) -> list[str]:
    body = squash(article.body)
    if body.startswith(squash(want)):
        return []
    return [f"body starts with {body[:80]!r}, want {want!r}"]


def check_is_article(article: Article, want: bool) -> list[str]:
    if article.is_article == want:
        return []
    return [f"is_article: got {article.is_article}, body {squash(article.body)[:120]!r}"]


def check_encoding(article: Article, want: str) -> list[str]:
    got = article.encoding or ""
    try:
        same = codecs.lookup(got).name == codecs.lookup(want).name
    except LookupError:
        same = False
    return [] if same else [f"encoding: got {got!r}, want {want!r}"]


def check_published(article: Article, want: str) -> list[str]:
    return [] if article.published == want else [f"published: got {article.published!r}, want {want!r}"]


def check_authors(article: Article, want: list[str]) -> list[str]:
    got = [a.name for a in article.authors]
    return [] if got == want else [f"authors: got {got!r}, want {want!r}"]


def check_quotes(article: Article, want: list[dict[str, str]]) -> list[str]:
    found = [(squash(q.text), q.speaker) for q in article.quotes]
    errors = []
    for quote in want:
        pair = (squash(quote["text"]), quote["speaker"])
        if pair not in found:
            near = [f for f in found if f[0] == pair[0]]
            why = f"speaker {near[0][1]!r}" if near else "not found"
            errors.append(f"quote {quote['text'][:50]!r} ({quote['speaker']}): {why}")
    return errors


def check_language(article: Article, want: str) -> list[str]:
    return [] if article.language == want else [f"language: got {article.language!r}, want {want!r}"]


CHECKS: dict[str, Callable[[Article, Any], list[str]]] = {
    "headline": check_headline,
    "body_contains": check_body_contains,
    "body_excludes": check_body_excludes,
    "body_starts_with": check_body_starts_with,
    "is_article": check_is_article,
    "encoding": check_encoding,
    "published": check_published,
    "authors": check_authors,
    "quotes": check_quotes,
    "language": check_language,
}


def test_there_are_golden_pages_with_truth() -> None:
    assert len(PAGES) >= 24


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_must_json_holds(page: Path) -> None:
    must = json.loads((page / "must.json").read_text(encoding="utf-8"))
    unknown = set(must) - set(CHECKS)
    assert not unknown, f"unknown must.json keys: {sorted(unknown)}"
    article = run_page(page)
    errors = [e for key, want in must.items() for e in CHECKS[key](article, want)]
    assert not errors, "\n".join(errors)
