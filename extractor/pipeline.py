"""The extraction pipeline: parse, read metadata, strip boilerplate, find the story and its quotes.

`extract` is pure: one page's HTML in, one `Article` out, no network, no shared state.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from .article import Article
from .content import find_story
from .html import parse
from .metadata import Metadata, read_metadata
from .options import ExtractOptions
from .quotes import find_quotes
from .render import NOT_RENDERED, StoryWalk, page_base, prepare, render

_DEFAULT_OPTIONS = ExtractOptions()


def _known_texts(meta: Metadata) -> list[str]:
    """Texts read as metadata that the story's first lines may repeat."""
    known = [meta.headline, meta.byline, *(author.name for author in meta.authors)]
    known += [meta.provenance[key].raw for key in ("published", "modified") if key in meta.provenance]
    return [" ".join(text.split()) for text in known if text]


def _without_stand_in_author(meta: Metadata) -> Metadata:
    """``meta`` without the author the heuristics stood in when the page credits no one (the
    footer's copyright holder): on a page with no story, a home page or an error page, that
    is the site's owner, not anybody's byline."""
    credit = meta.provenance.get("authors")
    if credit is None or credit.source != "heuristic" or not meta.authors:
        return meta
    provenance = {key: value for key, value in meta.provenance.items() if key not in ("authors", "byline")}
    return dataclasses.replace(meta, authors=(), byline=None, provenance=provenance)


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract the story, its metadata and its quotes from one page.

    Args:
        html: the page, as bytes (decoded from ``headers``, a BOM or ``<meta charset>``) or text.
        url: where the page came from; used to resolve relative links and as a date source.
        headers: the HTTP response headers, if any (``Content-Type`` gives the charset).
        options: see `ExtractOptions`.

    Returns:
        An `Article`. A page with no story (a home page, an index) gives an article whose
        ``body`` is empty and ``is_article`` is False.

    Raises:
        ExtractError: a subclass naming what is wrong with the input (empty, not HTML, too
            large, too deeply nested). No other exception escapes for a page.
        TypeError: ``html`` is neither ``str`` nor ``bytes`` (a programming error, not a page).
    """
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"html must be str or bytes, not {type(html).__name__}")
    options = options or _DEFAULT_OPTIONS
    document = parse(html, headers, options)
    # Metadata first: the boilerplate pass removes bylines, headers and scripts it reads.
    meta = read_metadata(document.tree, url, explain=options.explain)
    # Renderings need what finding the story removes: read first, and only when asked for.
    # The story's walk then keeps their structure too: the story is walked once for both.
    walked = StoryWalk(prepare(document.tree)) if options.formats else None
    story = find_story(document.tree, options, known=_known_texts(meta), walk=walked)
    rendered = NOT_RENDERED
    if walked is not None:
        base = page_base(document.tree, url, meta.canonical_url)
        rendered = render(walked, story.body, base, options.formats)
    quotes = tuple(find_quotes(story.body)) if options.quotes and story.body else ()
    if not story.body:
        meta = _without_stand_in_author(meta)
    # Every metadata field but provenance is an article field of the same name.
    fields = {f.name: getattr(meta, f.name) for f in dataclasses.fields(meta) if f.name != "provenance"}
    return Article(
        url=url,
        body=story.body,
        quotes=quotes,
        encoding=document.encoding,
        provenance={**meta.provenance, **story.provenance},
        explanation=story.dropped if options.explain else None,
        body_markdown=rendered.markdown,
        body_html=rendered.html,
        images=rendered.images,
        links=rendered.links,
        **fields,
    )
