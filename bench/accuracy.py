"""Accuracy over the shared development corpus, scored by the corpus's own scorer.

    python bench/accuracy.py [--corpus ../shared/corpus] [--sources wcxb,l3s-gn1]
                             [--half tune|check] [--peers] [--out predictions.jsonl]
                             [--details pages.jsonl] [--format text|markdown]

Runs `extractor.extract` on every page, writes predictions in the JSON Lines form ``score.py``
reads ({"id", "source", "body", "title", "authors", "date"}) and prints the scorer's table. With
``--peers`` (needs the ``bench`` extra), trafilatura and readability-lxml run on the same pages
in the same run and get tables of their own. ``--half`` scores one of the corpus's two fixed
halves: tune heuristics on ``tune``, confirm on ``check`` that they hold on pages they were not
tuned on. ``--format markdown`` scores, as our body, the Markdown rendering stripped of its
syntax (``extractor.render.markdown.plain_text``): it should score as the plain body does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402
from extractor.render.markdown import plain_text  # noqa: E402
from peers import trafilatura_calls  # noqa: E402

Predictor = Callable[[bytes, "str | None"], dict]


def corpus_pages(corpus: Path, sources: set[str] | None) -> Iterator[tuple[str, str, str | None, Path]]:
    """(source, id, url, html path) for every page of the corpus."""
    for truth in sorted(corpus.glob("*/truth.jsonl")):
        source = truth.parent.name
        if sources and source not in sources:
            continue
        with truth.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield source, record["id"], record.get("url"), truth.parent / "html" / f"{record['id']}.html"


def ours(html: bytes, url: str | None, body_format: str = "text") -> dict:
    markdown = body_format == "markdown"
    try:
        article = extractor.extract(html, url, options=extractor.ExtractOptions(formats=("markdown",) if markdown else ()))
    except extractor.ExtractError:
        return {"body": "", "title": None, "authors": [], "date": None}
    return {
        "body": plain_text(article.body_markdown or "") if markdown else article.body,
        "title": article.headline,
        "authors": [a.name for a in article.authors],
        "date": article.published,
    }


def trafilatura_predictor() -> Predictor:
    calls = trafilatura_calls()
    if not calls:
        raise SystemExit("--peers needs trafilatura: pip install -e '.[bench]'")
    extract_article = calls["article"]

    def predict(html: bytes, url: str | None) -> dict:
        raw = extract_article(html, url)
        data = json.loads(raw) if raw else {}
        author = data.get("author") or ""
        return {
            "body": data.get("text") or "",
            "title": data.get("title"),
            "authors": [a.strip() for a in author.split(";") if a.strip()],
            "date": data.get("date"),
        }

    return predict


def readability_predictor() -> Predictor:
    from readability import Document
    from selectolax.lexbor import LexborHTMLParser

    def predict(html: bytes, url: str | None) -> dict:
        try:
            doc = Document(html, url=url)
            summary = doc.summary(html_partial=True)
            title = doc.short_title()
        except Exception:  # noqa: BLE001 - a peer's crash is a zero score, not ours to fix
            return {"body": "", "title": None, "authors": [], "date": None}
        text = LexborHTMLParser(summary).text(separator="\n")
        body = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
        return {"body": body, "title": title, "authors": [], "date": None}

    return predict


def run(name: str, predict: Predictor, pages: list, corpus: Path, scoring: list[str], out: Path) -> None:
    with out.open("w", encoding="utf-8") as sink:
        for source, page_id, url, path in pages:
            prediction = predict(path.read_bytes(), url)
            sink.write(json.dumps({"id": page_id, "source": source, **prediction}, ensure_ascii=False) + "\n")
    command = [sys.executable, str(corpus / "score.py"), str(out), "--corpus", str(corpus), *scoring]
    print(f"\n## {name}\n", flush=True)
    subprocess.run(command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--sources", help="comma-separated source names (default: all)")
    parser.add_argument("--half", choices=("tune", "check"), help="score one fixed half of every source")
    parser.add_argument("--peers", action="store_true", help="also score trafilatura and readability-lxml")
    parser.add_argument("--out", type=Path, help="where to write our predictions")
    parser.add_argument("--details", type=Path, help="per-page scores of our run (score.py --details)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="score our body as text or as Markdown stripped of its syntax")
    args = parser.parse_args()
    pages = list(corpus_pages(args.corpus, set(args.sources.split(",")) if args.sources else None))
    scoring = [*(["--sources", args.sources] if args.sources else []), *(["--half", args.half] if args.half else [])]
    tmp = Path(tempfile.mkdtemp(prefix="extractor-accuracy-"))
    details = ["--details", str(args.details)] if args.details else []
    run("news-extractor", partial(ours, body_format=args.format), pages, args.corpus, scoring + details, args.out or tmp / "ours.jsonl")
    if args.peers:
        run("trafilatura", trafilatura_predictor(), pages, args.corpus, scoring, tmp / "trafilatura.jsonl")
        run("readability-lxml", readability_predictor(), pages, args.corpus, scoring, tmp / "readability.jsonl")


if __name__ == "__main__":
    main()
