"""Metadata: headline, authors, dates, description and the rest, with where each came from.

`read_metadata` reads the parsed page before the boilerplate pass changes it. Sources, read
once each: JSON-LD (`jsonld`), ``<meta>``/``<link>`` tags (`meta_tags`), microdata
(`microdata`), the visible byline and dates around the headline (`byline`), and the URL.
`choose` picks one value per field and records the provenance. The rules are in
``docs/metadata.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Callable, Final, Mapping
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ..article import Author, AuthorKind, Candidate, Provenance
from ..html import select
from .authors import to_authors
from .byline import read_visible
from .copyright import copyright_holder
from .choose import (
    Offer, author_offers, choose_authors, choose_date, choose_text, date_offers, only_publisher, short,
)
from .data_islands import island_dates
from .dates import COUNTRY_OFFSETS, PageDate, date_from_url, update_notice, zone_names_in
from .headline import choose_headline
from .jsonld import JsonLdAuthor, JsonLdFacts, read_jsonld
from .meta_tags import GENERIC_DATE_KEYS, MetaTags, read_meta_tags
from .microdata import read_microdata
from .portrait import portrait_name
from .text import node_text, plain, visible_text

__all__ = ["Metadata", "read_metadata"]

#: Most tags kept; a longer list is a keyword dump for search engines.
MAX_TAGS: Final = 30

#: Elements whose short text may show the site's clock ("September 10, 2024 23:18 (IST)"):
#: read only for its time zone, never for a date.
CLOCK_SELECTOR: Final = "header, [class*=date i], [class*=time i], [class*=clock i]"

#: Most clock-like elements examined for a time zone name.
MAX_CLOCK_NODES: Final = 12

# Top-level domains whose countries write numeric dates month first (08/11/2024).
_MONTH_FIRST_TLDS: Final = frozenset({"com", "org", "net", "us", "edu", "gov", "mil"})
# Second-level labels under a country code that are not the site's name ("co" in bbc.co.uk).
_SECOND_LEVEL: Final = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})
_LANG: Final = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Metadata:
    """Everything about the story except its body and quotes."""

    headline: str | None = None
    authors: tuple[Author, ...] = ()
    byline: str | None = None
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    language: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    section: str | None = None
    provenance: Mapping[str, Provenance] = field(default_factory=dict)


def _language(tree: LexborHTMLParser, meta: MetaTags, ld: JsonLdFacts) -> tuple[str | None, Provenance | None]:
    # The parser always makes <html> the document element: no need for a CSS query, which
    # would walk the whole tree (``css_first`` matches everything, then takes the first).
    html_node = tree.root
    offers = [Offer("meta", raw, raw.replace("_", "-")) for raw in (
        plain(html_node.attributes.get("lang")) if html_node is not None else "",
        plain(html_node.attributes.get("xml:lang")) if html_node is not None else "",
    ) if raw]
    offers.append(Offer("json-ld", ld.language, ld.language))
    offers += [Offer(m.source, m.value, m.value.replace("_", "-")) for m in meta.all("language")]
    return choose_text([o for o in offers if o.value and _LANG.match(o.value)])


def _country(language: str | None, meta: MetaTags, url: str | None) -> str | None:
    """The page's country: og:locale or html lang region ("en_IN"), else the domain's TLD."""
    for tag in (*(m.value for m in meta.all("locale")), language or ""):
        parts = re.split(r"[-_]", tag)
        if len(parts) > 1 and len(parts[1]) == 2:
            return parts[1].lower()
    host = urlsplit(url or "").hostname or ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    return tld or None


def _page_offset(
    tree: LexborHTMLParser, structured: list[Offer[PageDate]], country: str | None
) -> tuple[int | None, str]:
    """The page's UTC offset for times printed without one, and where it was learnt.

    In order: an offset stated by a structured date of the page, a zone named next to a time
    in the header or date elements (the clock's "(IST)" tells the site's zone even though its
    date is not the story's), then the country's single zone from the locale or the domain.
    """
    for offer in structured:
        if offer.value is not None and offer.value.offset is not None:
            return offer.value.offset, f"time zone from {offer.source} date {offer.raw!r}"
    for node in select(tree, CLOCK_SELECTOR, MAX_CLOCK_NODES):
        text = node_text(node)[:300]
        zones = zone_names_in(text)
        if zones:
            offset, shown = zones[0]
            return offset, f"time zone named on the page: {shown!r}"
    if country in COUNTRY_OFFSETS:
        return COUNTRY_OFFSETS[country], f"time zone of the page's country ({country})"
    return None, ""


def _month_first(language: str | None, url: str | None) -> bool:
    """Read 08/11/2024 as August 11 on American English pages (en-US, or "en" on a .com)."""
    tag = (language or "").lower().replace("_", "-")
    if tag == "en-us":
        return True
    host = urlsplit(url or "").hostname or ""
    return tag in ("en", "") and host.rsplit(".", 1)[-1] in _MONTH_FIRST_TLDS


def _tags(meta: MetaTags, ld: JsonLdFacts) -> tuple[tuple[str, ...], Provenance | None]:
    article_tags = [m for m in meta.all("tags") if m.key == "article:tag"]
    if article_tags:
        values = [m.value for m in article_tags]
        source, raw = "opengraph", ", ".join(values)
    elif ld.keywords:
        values, source, raw = list(ld.keywords), "json-ld", ", ".join(ld.keywords)
    else:
        first = meta.first("tags")
        if first is None:
            return (), None
        values, source, raw = first.value.split(","), first.source, first.value
    tags: list[str] = []
    for value in values:
        tag = plain(value)
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tuple(tags[:MAX_TAGS]), Provenance(source, raw[:200])


def _with_jsonld_facts(author: Author, given: JsonLdAuthor | None) -> Author:
    """An author with JSON-LD's knowledge added: its type (Organization) and profile URL."""
    if given is None:
        return author
    kind: AuthorKind = "organization" if given.is_organization else author.kind
    return Author(author.name, kind, given.url or author.url)


def _from_island(
    offer: Offer[PageDate], page_offset: Callable[[], tuple[int | None, str]]
) -> tuple[str | None, Provenance | None]:
    """A date read from a JSON data island, with a note saying so (its source is "heuristic")."""
    value, prov = choose_date([offer], page_offset)
    if prov is None:
        return value, None
    note = "from the page's JSON data (<script type=application/json>); no other source dates it"
    return value, replace(prov, note=note + (f"; {prov.note}" if prov.note else ""))


def _without_resaves(
    published: list[Offer[PageDate]], modified: list[Offer[PageDate]], shown: PageDate
) -> list[Offer[PageDate]]:
    """The structured publication dates without those that are the page's last save: a
    ``datePublished`` on the very day of ``dateModified``, later than the day the byline shows
    ("August 25, 2024" under the headline, "Jun 24, 2025" as both stamps), is a CMS writing the
    save's day into both fields."""
    saved = {o.value.day for o in modified if o.value is not None}
    kept = [o for o in published if o.value is None or not (o.value.day in saved and o.value.day > shown.day)]
    return kept if len(kept) < len(published) else published


def _modified_as_published(modified: Provenance) -> Provenance:
    """The provenance of a modification date that stands in for a missing publication date.

    A page that dates itself only by its last update ("Updated on July 9, 2025", a lone
    ``dateModified``) shows readers that day as the story's date; the note says it is the
    update, so a caller who needs the first publication can tell.
    """
    note = "no publication date on the page; the modification date stands in"
    return Provenance(modified.source, modified.raw, modified.candidates,
                      note + (f"; {modified.note}" if modified.note else ""))


def _from_update_notice(
    tree: LexborHTMLParser, now: datetime, month_first: bool,
    page_offset: Callable[[], tuple[int | None, str]],
) -> tuple[str, Provenance] | None:
    """The date of the page's own "Last updated: 3 May 2025" notice and its provenance, for a
    page that no other source dates (read only then: the search reads the whole page's text)."""
    found = update_notice(visible_text(tree.body), now, month_first=month_first)
    if found is None:
        return None
    day, prov = choose_date([Offer("page-text", found[0], found[1])], page_offset)
    return (day, prov) if day is not None and prov is not None else None


def _author_box_credit(
    tree: LexborHTMLParser, authors: tuple[Author, ...], organizations: frozenset[str],
    prov: Provenance | None,
) -> tuple[tuple[Author, ...], Provenance | None]:
    """The person of the page's author box (portrait and name) in place of a credit that names
    no one or only organizations ("Buzzsprout", "Acme Team"): the publisher in the metadata is
    a CMS default, the box is who signs the story (read only then: the search walks the page)."""
    name = portrait_name(tree)
    boxed = to_authors([name], organizations) if name else ()
    if not boxed or boxed[0].kind != "person":
        return authors, prov
    note = "author box (portrait and name)" + (
        f" preferred over {prov.source}" if authors and prov is not None else ""
    )
    replaced = (Candidate(prov.source, prov.raw),) if authors and prov is not None else ()
    return boxed, Provenance("heuristic", name, replaced, note)


def _copyright_credit(
    tree: LexborHTMLParser, organizations: frozenset[str], prov: Provenance | None
) -> tuple[tuple[Author, ...], Provenance | None]:
    """The footer's copyright holder as the author of a page that credits no one (read only
    then: the search walks the page)."""
    holder = copyright_holder(tree)
    if holder is None:
        return (), prov
    note = "no byline or author metadata: the copyright holder" + (f"; {prov.note}" if prov and prov.note else "")
    if " " not in holder:
        organizations |= {holder.casefold()}  # "Yahoo", "Telebasel": a person has two names
    return to_authors([holder], organizations), Provenance("heuristic", holder, (), note)


def _domain_name(url: str | None) -> str | None:
    """The name a site's domain spells ("indiablooms" for www.indiablooms.com, "bbc" for
    www.bbc.co.uk): the label before the public suffix, which a short second-level label
    ("co", "com", "org") under a country code is part of."""
    labels = (urlsplit(url or "").hostname or "").split(".")
    if len(labels) < 2:
        return None
    rest = labels[:-1]
    if len(rest) > 1 and len(labels[-1]) == 2 and rest[-1] in _SECOND_LEVEL:
        rest = rest[:-1]
    return rest[-1] if rest and rest[-1] not in ("www", "m") else None


def _absolute(url: str | None, href: str | None) -> str | None:
    if not href:
        return None
    try:
        return urljoin(url or "", href)
    except ValueError:  # a malformed IPv6 host and similar
        return None


def _other_titles(titles: list[tuple[str, str]], chosen: str) -> tuple[Candidate, ...]:
    """The (source, raw) titles other than the chosen one's raw value, each value once."""
    seen = {chosen}
    others = []
    for source, raw in titles:
        if raw and raw not in seen:
            seen.add(raw)
            others.append(Candidate(source, short(raw)))
    return tuple(others)


def read_metadata(
    tree: LexborHTMLParser, url: str | None, *, now: datetime | None = None, explain: bool = False
) -> Metadata:
    """Read the page's metadata from its head, its structured data and its visible header.

    ``now`` is the moment dates in the future are judged against (default: the current time).
    ``explain`` adds the titles the headline was not taken from to its provenance's candidates
    (the other fields list theirs always).
    """
    now = now or datetime.now(timezone.utc)
    meta = read_meta_tags(tree)
    ld = read_jsonld(meta.jsonld_blocks) or JsonLdFacts()
    micro = read_microdata(meta.items)
    provenance: dict[str, Provenance] = {}

    def keep(name: str, prov: Provenance | None) -> None:
        if prov is not None:
            provenance[name] = prov

    site_name, prov = choose_text(
        [Offer(m.source, m.value, m.value) for m in meta.all("site_name") if not m.value.startswith("@")]
        + [Offer("json-ld", ld.publisher, ld.publisher)]
    )
    keep("site_name", prov)

    titles = [("json-ld", ld.headline), ("microdata", micro.headline)]
    titles += [(m.source, m.value) for m in meta.all("headline")]
    titles.append(("title-element", meta.title))
    headline = choose_headline(tree, [t for t in titles if t[1]], site_name, url, meta.headings)
    if headline is not None:
        provenance["headline"] = Provenance(headline.source, headline.raw)
        if ld.notes:
            provenance["headline"] = Provenance(headline.source, headline.raw, (), "; ".join(ld.notes))
        if explain:
            provenance["headline"] = replace(provenance["headline"], candidates=_other_titles(titles, headline.raw))

    language, prov = _language(tree, meta, ld)
    keep("language", prov)
    country = _country(language, meta, url)
    month_first = _month_first(language, url)

    published_metas = meta.all("published")
    published_offers = date_offers(
        [("json-ld", ld.published), ("microdata", micro.published)]
        + [(m.source, m.value) for m in published_metas if m.key not in GENERIC_DATE_KEYS], now, month_first,
    )
    generic_offers = date_offers(
        [(m.source, m.value) for m in published_metas if m.key in GENERIC_DATE_KEYS], now, month_first,
    )
    modified_offers = date_offers(
        [("json-ld", ld.modified), ("microdata", micro.modified)]
        + [(m.source, m.value) for m in meta.all("modified")], now, month_first,
    )
    structured_dates = [*published_offers, *generic_offers, *modified_offers]
    found_zone: list[tuple[int | None, str]] = []

    def page_offset() -> tuple[int | None, str]:
        # Looked up only when a chosen time lacks a zone: the clock search walks the tree.
        if not found_zone:
            found_zone.append(_page_offset(tree, structured_dates, country))
        return found_zone[0]

    visible = read_visible(
        tree, headline.text if headline else None, now, month_first=month_first,
        start=headline.node if headline else None,
    )
    if visible.modified is not None:
        modified_offers.append(Offer("byline-text", visible.modified_raw or "", visible.modified))
    if visible.published is not None and visible.published_raw and (
        visible.published_raw in (visible.text or "") or visible.published_source == "time-element"
    ):
        # Only a date in the byline itself ("Jane Doe | August 25, 2024") or a <time> element
        # outweighs the stamps: another date near the headline is as often a date the story
        # mentions.
        published_offers = _without_resaves(published_offers, modified_offers, visible.published)
    if visible.published is not None:
        published_offers.append(Offer(visible.published_source, visible.published_raw or "", visible.published))
    published_offers += generic_offers
    url_date = date_from_url(url, now) if url else None
    if url_date is not None:
        published_offers.append(Offer("url", url or "", url_date))
    published, published_prov = choose_date(published_offers, page_offset)
    modified, modified_prov = choose_date(modified_offers, page_offset)
    if published is None or modified is None:
        island_published, island_modified = island_dates(meta.data_islands, now)
        if published is None and island_published is not None:
            published, published_prov = _from_island(island_published, page_offset)
        if modified is None and island_modified is not None:
            modified, modified_prov = _from_island(island_modified, page_offset)
    if published is None and modified is not None and modified_prov is not None:
        published, published_prov = modified, _modified_as_published(modified_prov)
    notice = _from_update_notice(tree, now, month_first, page_offset) if published is None else None
    if notice is not None:
        published, notice_prov = notice
        published_prov = _modified_as_published(notice_prov)
        if modified is None:
            modified, modified_prov = published, notice_prov
    keep("published", published_prov)
    keep("modified", modified_prov)

    organizations = frozenset(n.casefold() for n in (site_name, ld.publisher, _domain_name(url)) if n)
    structured = author_offers(
        [
            ("json-ld", [a.name for a in ld.authors]),
            ("microdata", list(micro.authors)),
            *[(m.source, [m.value]) for m in meta.all("author") if "/" not in m.value],
            ("meta", list(micro.rel_authors)),
        ],
        organizations,
    )
    for offer, facts in zip(structured[:1], [ld.authors]):
        if offer.source == "json-ld" and offer.value:
            # JSON-LD says which credits are organizations; keep that knowledge.
            given = {a.name.casefold(): a for a in facts}
            structured[0] = Offer(offer.source, offer.raw, tuple(
                _with_jsonld_facts(author, given.get(author.name.casefold())) for author in offer.value
            ))
    visible_offer = (
        Offer("byline-text", visible.text or "", to_authors(visible.names, organizations) or None)
        if visible.text else None
    )
    authors, prov = choose_authors(visible_offer, structured, site_name)
    if not authors or (only_publisher(authors, site_name) and not visible.text):
        # An organisation credited in metadata only is a CMS default; one the page shows in
        # its byline ("Acme Editorial Team" under the headline) signs the story.
        authors, prov = _author_box_credit(tree, authors, organizations, prov)
    if not authors:
        authors, prov = _copyright_credit(tree, organizations, prov)
    keep("authors", prov)
    byline = visible.text or (", ".join(a.name for a in authors) if authors else None)
    if byline:
        provenance["byline"] = Provenance("byline-text" if visible.text else provenance["authors"].source, byline)

    description, prov = choose_text(
        [Offer(m.source, m.value, m.value) for m in meta.all("description")]
        + [Offer("json-ld", ld.description, ld.description)]
    )
    keep("description", prov)

    canonical_href = meta.link("canonical")
    og_url = meta.first("url")
    canonical, prov = choose_text(
        [Offer("meta", canonical_href or "", _absolute(url, canonical_href))]
        + ([Offer(og_url.source, og_url.value, _absolute(url, og_url.value))] if og_url else [])
        + [Offer("json-ld", ld.url, _absolute(url, ld.url))]
    )
    keep("canonical_url", prov)

    image, prov = choose_text(
        [Offer(m.source, m.value, _absolute(url, m.value)) for m in meta.all("image")]
        + [Offer("json-ld", ld.image, _absolute(url, ld.image))]
    )
    keep("image", prov)

    tags, prov = _tags(meta, ld)
    keep("tags", prov)

    section, prov = choose_text(
        [Offer(m.source, m.value, m.value) for m in meta.all("section")]
        + [Offer("json-ld", ld.section, ld.section)]
    )
    keep("section", prov)

    return Metadata(
        headline=headline.text if headline else None,
        authors=authors,
        byline=byline,
        published=published,
        modified=modified,
        description=description,
        language=language,
        site_name=site_name,
        canonical_url=canonical,
        image=image,
        tags=tags,
        section=section,
        provenance=provenance,
    )
