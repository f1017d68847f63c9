"""Choosing one value per field from the candidates every source offered, and saying why.

Each chooser takes candidates in order of trust and returns the value and its `Provenance`:
the source and raw value used, the other candidates when they disagree, and a note when a
candidate was rejected (an invalid date, an author field holding a paragraph) or a conflict
was resolved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Final, Generic, Sequence, TypeVar

from ..article import Author, Candidate, Provenance
from .authors import AGENCIES, parse_byline
from .dates import PageDate, parse_date

T = TypeVar("T")

#: Sources that give the day as the publisher shows it, in its own zone.
LOCAL_DAY_SOURCES = frozenset({"url", "byline-text", "time-element"})

#: Of those, the ones the publisher's server wrote (not a script in the reader's browser).
SERVER_DAY_SOURCES = frozenset({"url"})

#: Most words a visible byline may add to a metadata name for it to be the same writer's full
#: name ("Nils" and "Nils Pickert", "Jane Doe" and "Jane Mary Doe").
MAX_ADDED_NAME_WORDS = 2

#: Longest raw value copied into a provenance record (a rejected paragraph is shortened).
MAX_RAW_CHARS = 200


class Offer(Generic[T]):
    """A value one source offered: where from, the raw string, and the parsed value (None when
    the raw string was unusable)."""

    # A plain class: mypyc compiles a generic class, not a generic dataclass.
    def __init__(self, source: str, raw: str, value: T | None) -> None:
        self.source: Final = source
        self.raw: Final = raw
        self.value: Final = value


def short(raw: str) -> str:
    return raw if len(raw) <= MAX_RAW_CHARS else raw[:MAX_RAW_CHARS] + "…"


def _rejected_note(offers: Sequence[Offer[T]], what: str) -> str | None:
    bad = [o for o in offers if o.value is None]
    if not bad:
        return None
    listed = "; ".join(f"{o.source} {short(o.raw)!r}" for o in bad[:3])
    return f"ignored {what}: {listed}"


def choose_text(offers: Sequence[Offer[str]]) -> tuple[str | None, Provenance | None]:
    """The first non-empty text; the others are listed when they differ from it."""
    usable = [o for o in offers if o.value]
    if not usable:
        return None, None
    chosen = usable[0]
    differs = [o for o in usable[1:] if o.value != chosen.value]
    return chosen.value, Provenance(
        chosen.source, short(chosen.raw), tuple(Candidate(o.source, short(o.raw)) for o in differs)
    )


def date_offers(sources: Sequence[tuple[str, str]], now: datetime, month_first: bool) -> list[Offer[PageDate]]:
    """Parse (source, raw) date strings into offers (invalid dates kept with value None)."""
    return [Offer(source, raw, parse_date(raw, now, month_first=month_first)) for source, raw in sources if raw]


def choose_date(
    offers: Sequence[Offer[PageDate]], page_offset: Callable[[], tuple[int | None, str]]
) -> tuple[str | None, Provenance | None]:
    """The first valid date, given the page's time zone (``page_offset()``: offset and where it
    was learnt) when it has a time but no zone.

    A later candidate on the same day that knows the time or the zone refines the chosen one
    ("2024-08-11" in a meta tag and "11 Aug 2024, 03:38 pm" in the byline).
    """
    valid = [o for o in offers if o.value is not None]
    note = _rejected_note(offers, "invalid dates")
    if not valid:
        return None, (Provenance("heuristic", None, (), note) if note else None)
    # Each source family votes once for its day; the best-supported day wins, ties going to
    # the most trusted source. A lone wrong stamp (a CMS default, a re-publication date) loses
    # to a day that the meta tags, the byline and the URL agree on.
    support: dict[object, set[str]] = {}
    for offer in valid:
        assert offer.value is not None
        support.setdefault(offer.value.day, set()).add(offer.source)
    most = max(len(sources) for sources in support.values())
    chosen = next(o for o in valid if o.value is not None and len(support[o.value.day]) == most)
    value = chosen.value
    assert value is not None
    if chosen is not valid[0]:
        note = f"{most} sources agree on this day" + (f"; {note}" if note else "")
    # The URL's day is fixed by the publisher's server; a day printed on the page may be
    # rendered by script in the reader's zone, so it corrects only a stamp without a zone.
    correcting = LOCAL_DAY_SOURCES if value.offset is None else SERVER_DAY_SOURCES
    shown = next((o for o in valid[1:] if o.source in correcting), None)
    if (
        shown is not None and shown.value is not None and chosen.source not in LOCAL_DAY_SOURCES
        and _crosses_midnight(value, shown.value)
    ):
        # A structured stamp a day off the day the page shows (or its URL holds) was converted
        # to another zone (often UTC) around midnight; the publisher's own day is the shown one.
        note = f"day from {shown.source}; {chosen.source} is a day off" + (f"; {note}" if note else "")
        chosen, value = shown, shown.value
    for other in valid[1:]:
        assert other.value is not None
        if other.value.day == value.day and value.hour is None and other.value.hour is not None:
            value = other.value
            note = f"time from {other.source}" + (f"; {note}" if note else "")
            break
    if value.offset is None and value.hour is not None:
        offset, reason = page_offset()
        if offset is not None:
            value = value.with_offset(offset)
            note = reason + (f"; {note}" if note else "")
    disagreeing = tuple(
        Candidate(o.source, short(o.raw)) for o in valid if o.value is not None and o.value.day != value.day
    )
    return value.iso(), Provenance(chosen.source, short(chosen.raw), disagreeing, note)


def _crosses_midnight(stamp: PageDate, shown: PageDate) -> bool:
    """True when a UTC (or unzoned) stamp can be the shown day in the publisher's zone: the shown
    day is the day before and the UTC time is before noon (a zone west of UTC), or the day after
    and the time is after noon (east). A stamp with its own non-zero offset is already local."""
    if stamp.hour is None or stamp.offset not in (None, 0):
        return False
    gap = (shown.day - stamp.day).days
    return (gap == -1 and stamp.hour < 12) or (gap == 1 and stamp.hour >= 12)


def _key(name: str) -> str:
    return " ".join(name.casefold().replace(".", " ").split())


def author_offers(
    sources: Sequence[tuple[str, Sequence[str]]], organizations: frozenset[str]
) -> list[Offer[tuple[Author, ...]]]:
    """Each source's raw author strings cleaned into authors (None when nothing usable)."""
    offers: list[Offer[tuple[Author, ...]]] = []
    for source, raws in sources:
        raws = [r for r in raws if r]
        if not raws:
            continue
        authors: list[Author] = []
        for raw in raws:
            for author in parse_byline(raw, organizations, visible=False):
                if all(_key(a.name) != _key(author.name) for a in authors):
                    authors.append(author)
        offers.append(Offer(source, " ; ".join(raws), tuple(authors) or None))
    return offers


def choose_authors(
    visible: Offer[tuple[Author, ...]] | None,
    structured: Sequence[Offer[tuple[Author, ...]]],
    publisher: str | None,
) -> tuple[tuple[Author, ...], Provenance | None]:
    """The visible byline's authors when there is one, else the most trusted structured source.

    A structured source that credits only the publisher yields to one naming people: the
    publisher as "author" is a CMS default, not a byline.
    """
    note = _rejected_note(structured, "author values")
    usable = [o for o in structured if o.value]
    people_first = sorted(usable, key=lambda o: (only_publisher(o.value or (), publisher),
                                                 all(a.name.startswith("@") for a in o.value or ())))
    best = people_first[0] if people_first else None
    if visible is not None and visible.value:
        handles_only = all(a.name.startswith("@") for a in visible.value)
        more_coauthors = best is not None and _adds_people(visible.value, best.value or (), publisher)
        fuller = best is not None and _fuller_names(visible.value, best.value or ())
        if best is not None and best.value and not more_coauthors and not fuller and (
            _shown_in(best.value, visible.raw) or handles_only
        ):
            # The visible byline names the same people with more around them (roles, bios), or
            # shows only their handle: the structured names are the clean form of the credit.
            return best.value, Provenance(
                best.source, short(best.raw), (), "confirmed by the visible byline" + (f"; {note}" if note else "")
            )
        if best is not None and best.value and {_key(a.name) for a in best.value} != {
            _key(a.name) for a in visible.value
        }:
            conflict = f"visible byline preferred over {best.source}"
            return visible.value, Provenance(
                visible.source, short(visible.raw), (Candidate(best.source, short(best.raw)),),
                conflict + (f"; {note}" if note else ""),
            )
        return visible.value, Provenance(visible.source, short(visible.raw), (), note)
    if best is None or not best.value:
        return (), (Provenance("heuristic", None, (), note) if note else None)
    others = tuple(
        Candidate(o.source, short(o.raw)) for o in usable
        if o is not best and {_key(a.name) for a in o.value or ()} != {_key(a.name) for a in best.value}
    )
    return best.value, Provenance(best.source, short(best.raw), others, note)


def _adds_people(shown: tuple[Author, ...], given: tuple[Author, ...], publisher: str | None) -> bool:
    """True when the visible byline names every given author and more people besides (the
    co-authors metadata dropped), not just organisations (the publisher, an affiliation)."""
    given_keys = {_key(a.name) for a in given}
    # A shown name holding a given one is that writer again with a neighbour's text run in
    # ("Jane Doe Senior Life" beside "Jane Doe"), not a co-author.
    extra = [a for a in shown if _key(a.name) not in given_keys and not _holds_any(a.name, given_keys)]
    return (
        bool(given_keys) and given_keys <= {_key(a.name) for a in shown} and bool(extra)
        and not only_publisher(tuple(extra), publisher)
    )


def _holds_any(name: str, keys: set[str]) -> bool:
    """True when ``name`` contains one of the name ``keys`` as whole words."""
    padded = f" {_key(name)} "
    return any(f" {key} " in padded for key in keys)


def _fuller_names(shown: tuple[Author, ...], given: tuple[Author, ...]) -> bool:
    """True when the visible byline names the same writers, each given name standing inside a
    longer visible one ("Nils" in metadata, "Nils Pickert" in the byline): a CMS account's
    display name is often a first name or nickname, the byline prints the whole name."""
    if not given or len(shown) != len(given):
        return False
    longer = False
    for author, name in zip(given, shown):
        given_words, shown_words = _key(author.name).split(), name.name.split()
        extra = len(shown_words) - len(given_words)
        if extra > MAX_ADDED_NAME_WORDS or not all(w[:1].isupper() for w in shown_words):
            return False  # more than a surname, or words that are no name's
        if not _completes(given_words, _key(name.name).split()):
            return False
        longer = longer or extra > 0
    return longer


def _completes(given: list[str], shown: list[str]) -> bool:
    """True when ``shown`` is ``given`` completed: a lone given name with a surname or first
    name beside it ("Nils" -> "Nils Pickert"), or a full name with a middle name inside it
    ("Jane Doe" -> "Jane Mary Doe"). Words after a full name are the next element's text run
    into the byline ("Jane Doe Senior Editor", "Jane Doe Verified"), and words before it an
    avatar's initials ("JD Jane Doe"): no part of the name."""
    if len(given) == 1:
        return given == shown[:1] or given == shown[-1:]
    return shown[:1] == given[:1] and shown[-1:] == given[-1:] and all(w in shown for w in given)


def _shown_in(authors: tuple[Author, ...], byline: str) -> bool:
    """True when every author's name appears in the visible byline text."""
    # Spaces are ignored: layouts that wrap letters in spans give "Will Knigh t" as text.
    shown = "".join(_key(byline).split())
    return all("".join(_key(a.name).split()) in shown for a in authors)


def only_publisher(authors: tuple[Author, ...], publisher: str | None) -> bool:
    """True when the authors are only organizations (the publisher, an agency, a desk)."""
    return bool(authors) and all(
        a.kind == "organization" or (publisher and _key(a.name) == _key(publisher)) or _key(a.name) in AGENCIES
        for a in authors
    )
