"""Dates: from the many ways pages write them to ISO 8601, with their time zone when known.

A parsed date is a `PageDate`: the day always, the time and the UTC offset only when the page
states them. ``iso()`` gives ``2024-08-11`` for a day, ``2024-08-11T15:38:00+05:30`` for a time
with a known zone, and ``2024-08-11T15:38:00`` for a time whose zone nothing on the page reveals.

Parsing is by our own regular expressions (ISO forms, numeric forms, month names in eight
languages, Chinese/Japanese/Korean year-month-day, named zones); `date_role` reads the label
before a date ("Updated on", "Joined:") to tell the publication from the update and from dates
that are none of the story's. python-dateutil is only a last resort for short structured values
(``content="Tue, 11 Aug 2024 10:08:00 GMT"``) because it does not know named zones such as IST and
is slow on long text.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser  # type: ignore[import-untyped]

from ..lowercase import lower_aligned

#: Earliest year accepted: web news before this is rare enough that an older "date" is almost
#: always something else (a founding year, a historical date in the text).
MIN_YEAR: Final = 1995

#: Longest string handed to python-dateutil; longer text is searched with our patterns only.
MAX_DATEUTIL_CHARS: Final = 64

#: Tolerance for dates "in the future": a page stamped in a zone ahead of ours, or published
#: minutes ago, may carry tomorrow's date.
FUTURE_TOLERANCE: Final = timedelta(days=1)

# Named zones with a fixed offset, in minutes east of UTC. IST is India's (the commonest use on
# news pages), not Irish or Israeli; AST/CST-style names that mean several zones keep the North
# American reading news sites use.
_FIXED_ZONES: Final[dict[str, int]] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEZ": 0,
    "BST": 60, "IST": 330, "CET": 60, "MEZ": 60, "CEST": 120, "MESZ": 120, "WEST": 60,
    "EET": 120, "EEST": 180, "OEZ": 120, "OESZ": 180, "MSK": 180, "SAST": 120, "WAT": 60,
    "EAT": 180, "CAT": 120, "GST": 240, "PKT": 300, "NPT": 345, "BDT": 360, "ICT": 420,
    "WIB": 420, "SGT": 480, "HKT": 480, "PHT": 480, "MYT": 480, "AWST": 480, "JST": 540,
    "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600, "AST": -240,
    "ADT": -180, "NST": -210, "NDT": -150, "BRT": -180, "ART": -180,
}

# Generic names whose offset depends on daylight saving: resolved with the tz database.
_SEASONAL_ZONES: Final[dict[str, str]] = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles", "UK": "Europe/London",
}

#: UTC offsets of countries with one zone and no daylight saving, in minutes. A page whose
#: locale or domain names one of these gives its unzoned times this offset.
COUNTRY_OFFSETS: Final[dict[str, int]] = {
    "in": 330, "lk": 330, "np": 345, "pk": 300, "bd": 360, "jp": 540, "kr": 540, "cn": 480,
    "hk": 480, "sg": 480, "my": 480, "ph": 480, "tw": 480, "id": 420, "th": 420, "vn": 420,
    "ae": 240, "sa": 180, "qa": 180, "kw": 180, "ke": 180, "ng": 60, "za": 120, "gh": 0,
}

_MONTHS: Final[dict[str, int]] = {}
# English, German, French, Spanish, Italian, Portuguese, Dutch, and Arabic as written in Egypt
# and the Gulf ("07 أكتوبر 2020").
for _number, _names in enumerate(
    (
        "january jan januar jänner janvier janv enero ene gennaio gen janeiro januari يناير",
        "february feb februar février fevrier févr fevr febrero febbraio fevereiro fev februari فبراير",
        "march mar märz maerz mrz mars marzo março marco maart mrt مارس",
        "april apr avril avr abril abr aprile أبريل ابريل إبريل",
        "may mai mayo maggio mag maio mei مايو",
        "june jun juni juin junio giugno giu junho يونيو",
        "july jul juli juillet juil julio luglio lug julho يوليو",
        "august aug août aout agosto ago augustus أغسطس اغسطس",
        "september sep sept septembre septiembre setiembre settembre set setembro سبتمبر",
        "october oct oktober okt octobre octubre ottobre ott outubro out أكتوبر اكتوبر",
        "november nov novembre noviembre novembro نوفمبر",
        "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro ديسمبر",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
del _number, _names, _name

#: Every month name and abbreviation the parser knows, as a regex alternation (longest first).
MONTH_PATTERN: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ZONE_ALT: Final = "|".join(sorted([*_FIXED_ZONES, *_SEASONAL_ZONES], key=len, reverse=True))

# The forms that start with a number open with the digits and check what stands before them
# behind the digits (``(?<!\d\d{4})``): a pattern that opens with a lookbehind is tried at every
# position of the text, one that opens with a digit skips to the digits.
_ISO: Final = re.compile(
    r"(\d{4})(?<!\d\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)"
)
# "11 Aug 2024", "11. August 2024", "11 de agosto de 2024", "1er mars 2024", "11th August 2024".
# This and the next run over lowercased text (see lowercase.py), hence no IGNORECASE.
_DAY_MONTH_YEAR: Final = re.compile(
    rf"(?<![\w.])(\d{{1,2}})(?:st|nd|rd|th|er|e|º|°)?\.?\s*(?:de\s+)?-?({MONTH_PATTERN})\.?,?-?\s*"
    rf"(?:de\s+|del\s+)?'?(\d{{4}})(?!\d)"
)
# "August 11, 2024", "Aug. 11 2024", "August 11th, 2024"
_MONTH_DAY_YEAR: Final = re.compile(
    rf"(?<![\w])({MONTH_PATTERN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)"
)
# "11/08/2024", "11.08.2024", "2024/08/11", "11-08-2024"
_NUMERIC: Final = re.compile(r"(\d(?<![\d/.]\d)\d{0,3})([./-])(\d{1,2})\2(\d{2,4})(?![\d/])")
# "26 | 01 | 2022", "26 / 01 / 2022": spaced separators, as some date lines set them; only with
# a four-digit year and never with "-" ("3 - 2 - 20" is a score or a range, not a date).
_NUMERIC_SPACED: Final = re.compile(r"(?<![\d/.|])(\d{1,2})\s([./|])\s(\d{1,2})\s\2\s(\d{4})(?!\d)")
# "2024年11月20日" (Chinese, Japanese) and "2025년 3월 4일" (Korean): year, month, day.
_CJK_DATE: Final = re.compile(r"(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
# What may stand between a time and the day after it: separators and a zone ("15:38 IST, ").
_ZONE_GAP: Final = re.compile(r"[\s,|·\-–(]*(?:[A-Z]{2,5}[\s,|·\-–)]*)?")
_YEAR_DIGITS: Final = re.compile(r"\d{4}")
_CJK_YEAR_MARKS: Final = ("年", "년")
_TIME: Final = re.compile(
    r"(?<![\d:])(\d{1,2})(?:[:h]|\.(?=\d\d\s*[ap]\.?m)|\s*[時时시]\s*)(\d{2})(?::(\d{2}))?(?:\.\d+)?"
    r"\s*(?:uhr\s*|hrs?\.?\s*|h\s*|[分분]\s*)?([ap])?\.?\s*(m\b\.?)?",
    re.IGNORECASE,
)
_ZONE: Final = re.compile(
    rf"^[\s(\[]*(?:(?:GMT|UTC)\s*([+-])\s*(\d{{1,2}})(?::?(\d{{2}}))?|([+-])(\d{{2}}):?(\d{{2}})|({_ZONE_ALT}))(?![\w])",
)
_URL_DATE: Final = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_URL_MONTH: Final = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")

_DIGIT: Final = re.compile(r"\d")
_FOUR_DIGITS: Final = re.compile(r"\d{4}")

# What may stand between a day and its time: separators, "at" and its translations, and a
# weekday in brackets after a CJK date ("2024年11月20日(水) 18時05分").
_TIME_GAP_WORDS: Final = re.compile(
    r"(?i)\b(?:at|um|à|a las|alle|om|às|kl|o)\b|[(（][月火水木金土日월화수목금토일][)）]"
)
_NOT_TIME_GAP: Final = re.compile(r"[^\s,|·•\-–—/(]")

#: How far after a day (in characters) its time may start: "11 Aug 2024, 03:38 pm".
TIME_WINDOW: Final = 24


class PageDate:
    """A calendar day, with a time and a UTC offset (minutes east) when the page gives them."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(
        self, day: date, hour: int | None = None, minute: int = 0, second: int = 0,
        offset: int | None = None,
    ) -> None:
        self.day: Final = day
        self.hour: Final = hour
        self.minute: Final = minute
        self.second: Final = second
        self.offset: Final = offset

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    def iso(self) -> str:
        """ISO 8601: the day alone, or the time with its offset when the offset is known."""
        if self.hour is None:
            return self.day.isoformat()
        stamp = datetime(
            self.day.year, self.day.month, self.day.day, self.hour, self.minute, self.second
        )
        if self.offset is not None:
            stamp = stamp.replace(tzinfo=timezone(timedelta(minutes=self.offset)))
        return stamp.isoformat()

    def with_offset(self, offset: int | None) -> PageDate:
        """This date with ``offset`` filled in, when it has a time and no zone yet."""
        if offset is None or self.hour is None or self.offset is not None:
            return self
        return PageDate(self.day, self.hour, self.minute, self.second, offset)

    def utc_day(self) -> date:
        """The day in UTC when the zone is known (for comparing with "now")."""
        if self.hour is None or self.offset is None:
            return self.day
        stamp = datetime(self.day.year, self.day.month, self.day.day, self.hour, self.minute)
        return (stamp - timedelta(minutes=self.offset)).date()


class DateMatch:
    """A date found in text, and where: (start, end) of the whole match including the time."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, value: PageDate, start: int, end: int) -> None:
        self.value: Final = value
        self.start: Final = start
        self.end: Final = end


def _make_day(year: int, month: int, day: int, now: datetime) -> date | None:
    """A valid day between `MIN_YEAR` and tomorrow, else None (0000-00-00, year 99999...)."""
    if not MIN_YEAR <= year <= now.year + 1:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if value > (now + FUTURE_TOLERANCE).date():
        return None
    return value


def _zone_offset(match: re.Match[str], day: date, hour: int, minute: int) -> int | None:
    """The offset in minutes a `_ZONE` match names."""
    sign, hours, minutes, sign2, hours2, minutes2, name = match.groups()
    if sign:
        value = int(hours) * 60 + int(minutes or 0)
        return value if sign == "+" else -value
    if sign2:
        value = int(hours2) * 60 + int(minutes2)
        return value if sign2 == "+" else -value
    upper = name.upper()
    if upper in _FIXED_ZONES:
        return _FIXED_ZONES[upper]
    try:
        zone = ZoneInfo(_SEASONAL_ZONES[upper])
    except (KeyError, ZoneInfoNotFoundError):
        return None
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    delta = local.utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else None


def _offset_text(text: str) -> int | None:
    """Offset of an ISO suffix: "Z", "+05:30", "-0400", "+02"."""
    if text in ("Z", "z"):
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    hours, minutes = int(digits[:2]), int(digits[2:4])
    if hours > 14 or minutes > 59:
        return None
    return sign * (hours * 60 + minutes)


def _time_after(text: str, pos: int, day: date) -> tuple[int, int, int, int | None, int] | None:
    """A time (hour, minute, second, offset, end) starting within `TIME_WINDOW` chars of pos."""
    window = text[pos : pos + TIME_WINDOW + 30]
    match = _TIME.search(window)
    if match is None or match.start() > TIME_WINDOW:
        return None
    gap = window[: match.start()]
    # Only separators may stand between the day and its time: "," "|" "at" "um" "à" "-"...
    if _NOT_TIME_GAP.search(_TIME_GAP_WORDS.sub("", gap)):
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem and not match.group(5):
        meridiem = ""  # a lone "a"/"p" after a time is a word, not a.m./p.m.
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    end = pos + match.end()
    offset = None
    zone = _ZONE.match(text, end, min(len(text), end + 16))
    if zone is None:
        zone = _ZONE.match(text[end : end + 16])
        zone_end = end + zone.end() if zone else end
    else:
        zone_end = zone.end()
    if zone is not None:
        offset = _zone_offset(zone, day, hour, minute)
        end = zone_end
    return hour, minute, second, offset, end


def parse_iso(text: str, now: datetime) -> PageDate | None:
    """An ISO 8601 date or date-time at the start of ``text`` (structured values)."""
    match = _ISO.match(text.strip())
    if match is None:
        return None
    year, month, day_number = (int(match.group(i)) for i in (1, 2, 3))
    day = _make_day(year, month, day_number, now)
    if day is None:
        return None
    if match.group(4) is None:
        return PageDate(day)
    hour, minute, second = int(match.group(4)), int(match.group(5)), int(match.group(6) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return PageDate(day)
    offset = _offset_text(match.group(7)) if match.group(7) else None
    return PageDate(day, hour, minute, second, offset)


def _numeric_day(match: re.Match[str], month_first: bool, now: datetime) -> date | None:
    first, _, second, third = match.groups()
    if len(first) == 4:  # 2024/08/11
        return _make_day(int(first), int(second), int(third), now) if len(third) <= 2 else None
    if len(third) == 2:
        year = 2000 + int(third)
    elif len(third) == 4:
        year = int(third)
    else:
        return None
    a, b = int(first), int(second)
    if a > 12 or (not month_first and b <= 12):
        return _make_day(year, b, a, now)
    return _make_day(year, a, b, now)


def find_dates(text: str, now: datetime, *, month_first: bool = False) -> list[DateMatch]:
    """Every date in free text, in order, each with its time and zone when stated next to it.

    ``month_first`` reads ambiguous numeric dates (``08/11/2024``) the American way.
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    if not _DIGIT.search(text):
        return found  # every date form has digits; most header text has none
    # Only the plain numeric form takes a two-digit year ("11/08/24"); the other forms are
    # looked for only where a four-digit number stands ("5 min read", "12 comments" have none).
    four_digits = _FOUR_DIGITS.search(text) is not None

    def add(day: date | None, start: int, end: int) -> None:
        if day is None or any(s < end and start < e for s, e in taken):
            return
        value = PageDate(day)
        timed = _time_after(text, end, day)
        if timed is None:
            # "15:38 IST, 11 Aug 2024": a time just before the day.
            before = _TIME.search(text[max(0, start - 24) : start])
            if before is not None and _ZONE_GAP.fullmatch(text[max(0, start - 24) + before.end() : start]):
                timed = _time_after(text, max(0, start - 24) + before.start(), day)
                if timed is not None:
                    timed = (*timed[:4], end)
        if timed is not None:
            hour, minute, second, offset, time_end = timed
            value = PageDate(day, hour, minute, second, offset)
            end = max(end, time_end)
        taken.append((start, end))
        found.append(DateMatch(value, start, end))

    if four_digits:
        for match in _ISO.finditer(text):
            iso = parse_iso(match.group(0), now)
            if iso is not None:
                taken.append((match.start(), match.end()))
                found.append(DateMatch(iso, match.start(), match.end()))
        lowered = lower_aligned(text)
        for match in _DAY_MONTH_YEAR.finditer(lowered):
            month = _MONTHS.get(_fold(match.group(2)))
            if month:
                add(_make_day(int(match.group(3)), month, int(match.group(1)), now),
                    match.start(), match.end())
        for match in _MONTH_DAY_YEAR.finditer(lowered):
            month = _MONTHS.get(_fold(match.group(1)))
            if month:
                add(_make_day(int(match.group(3)), month, int(match.group(2)), now),
                    match.start(), match.end())
    for match in _NUMERIC.finditer(text):
        add(_numeric_day(match, month_first, now), match.start(), match.end())
    if four_digits and (" | " in text or " / " in text or " . " in text):
        for match in _NUMERIC_SPACED.finditer(text):
            add(_numeric_day(match, month_first, now), match.start(), match.end())
    if four_digits and any(mark in text for mark in _CJK_YEAR_MARKS):
        for match in _CJK_DATE.finditer(text):
            year, month, day_number = (int(match.group(i)) for i in (1, 2, 3))
            add(_make_day(year, month, day_number, now), match.start(), match.end())
    found.sort(key=lambda m: m.start)
    return found


#: What a date is to the story, as the label before it says.
DateRole = Literal["published", "modified", "other"]

#: Characters before a date searched for its label ("Updated on", "Registriert:").
LABEL_CHARS: Final = 30

# A weekday between a label and its date ("Joined: Thu Sep 18, 2008"), in the languages whose
# month names the parser knows.
_WEEKDAY: Final = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|"
    r"mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
)
_LABEL_TAIL: Final = rf"\W*(?:on|am|le|el|il|em|op|seit|since|depuis|desde|dal|sinds)?\W*(?:{_WEEKDAY}\W*)?$"
# Labels that make a date the update, not the publication.
_UPDATE_LABEL: Final = re.compile(
    r"(?:updated|modified|last edited|aktualisiert|geändert|mis à jour|actualizado|aggiornato|"
    r"atualizado|bijgewerkt)" + _LABEL_TAIL,
    re.IGNORECASE,
)
# Labels that make a date none of the story's: the day a member joined the site (forum posts
# and author boxes show it beside the writer's name) or a person's birthday.
_OTHER_LABEL: Final = re.compile(
    r"(?<!\w)(?:joined|registered|member since|registriert|mitglied seit|dabei seit|inscrit|"
    r"inscrite|membre depuis|miembro desde|registrado|iscritto|lid sinds|geregistreerd|born|"
    r"geboren|né|née|nacido|nacida)" + _LABEL_TAIL,
    re.IGNORECASE,
)


def date_role(before: str) -> DateRole:
    """What the date right after ``before`` is, by its label: "Updated on" makes it the
    modified date, "Joined:" or "Born" no date of the story, anything else the published date."""
    before = before[-LABEL_CHARS:]
    if _UPDATE_LABEL.search(before):
        return "modified"
    if _OTHER_LABEL.search(before):
        return "other"
    return "published"


#: Most "last updated" notices read on a page before giving up.
MAX_UPDATE_NOTICES: Final = 5

#: Characters after a notice's label searched for its date.
NOTICE_DATE_CHARS: Final = 60

# A page's own notice of its last update ("Last updated: November 13, 2025", "Page last
# modified Jan. 17, 2025", "Zuletzt aktualisiert am ..."): the word for "last" is required, so a
# story's "the plan was updated on 3 May" never matches.
_UPDATE_NOTICE: Final = re.compile(
    r"(?<!\w)(?:last\s+(?:updated|modified|reviewed|edited|revised)|"
    r"zuletzt\s+(?:aktualisiert|geändert|bearbeitet)|letzte\s+(?:aktualisierung|änderung)|"
    r"derni[èe]re\s+(?:mise\s+à\s+jour|modification)|"
    r"[úu]ltima\s+(?:actualizaci[óo]n|modificaci[óo]n|atualiza[çc][ãa]o|modifica)|"
    r"ultimo\s+aggiornamento|laatst\s+(?:bijgewerkt|gewijzigd))(?!\w)",
    re.IGNORECASE,
)
_NOTICE_GAP: Final = re.compile(_LABEL_TAIL, re.IGNORECASE)
#: A word that each of `_UPDATE_NOTICE`'s labels holds, lower case.
_NOTICE_WORDS: Final = ("last", "zuletzt", "letzte", "derni", "ltim", "laatst")


def update_notice(text: str, now: datetime, *, month_first: bool = False) -> tuple[str, PageDate] | None:
    """The date of the first "last updated" notice in ``text`` whose date follows its label,
    with the notice as written, whitespace folded; None without one.

    ``text`` may be unfolded (a whole page's text): only the label and the characters read
    after it are folded, as if the whole text had been.
    """
    # The label's regex costs about 50 ms per MB of text; a page's lower-cased text, searched
    # for the words every label starts with, tells in a tenth of that that there is none.
    lowered = text.lower()
    if not any(word in lowered for word in _NOTICE_WORDS):
        return None
    for count, label in enumerate(_UPDATE_NOTICE.finditer(text)):
        if count == MAX_UPDATE_NOTICES:
            break
        after = _folded_from(text, label.end(), NOTICE_DATE_CHARS)
        found = find_dates(after, now, month_first=month_first)
        if found and _NOTICE_GAP.match(after[: found[0].start]):
            return " ".join(label.group().split()) + after[: found[0].end], found[0].value
    return None


def _folded_from(text: str, start: int, length: int) -> str:
    """The first ``length`` characters from ``start`` of ``text`` with its whitespace folded
    (a run of it one space, kept at the start), reading only as much of ``text`` as that takes."""
    window = length
    while True:
        raw = text[start : start + window]
        words = raw.split()
        folded = " ".join(words)
        if words and raw[0].isspace():
            folded = " " + folded
        if start + window >= len(text):
            return folded[:length]
        if words and raw[-1].isspace():
            folded += " "  # a space, if a word follows; cut off below if none does
        if len(folded) > length:
            return folded[:length]
        window *= 4


def _fold(name: str) -> str:
    """Month name key: lower case; accents kept, since the table lists both spellings."""
    return unicodedata.normalize("NFC", name).lower()


def parse_date(text: str, now: datetime, *, month_first: bool = False) -> PageDate | None:
    """One date from a structured value (meta content, ``datetime=``, JSON-LD) or short text.

    ISO forms first, then our text patterns, then python-dateutil for short RFC 2822-like
    strings. None when no valid date (not 0000-00-00, not year 99999, not in the future).
    """
    text = text.strip()
    if not text:
        return None
    iso = parse_iso(text, now)
    if iso is not None:
        return iso
    if text.isdigit() and len(text) in (10, 13):  # Unix time in seconds or milliseconds
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        stamp = datetime.fromtimestamp(seconds, tz=timezone.utc)
        day = _make_day(stamp.year, stamp.month, stamp.day, now)
        return PageDate(day, stamp.hour, stamp.minute, stamp.second, 0) if day else None
    found = find_dates(text[:200], now, month_first=month_first)
    if found:
        return found[0].value
    if len(text) <= MAX_DATEUTIL_CHARS and _YEAR_DIGITS.search(text):
        return _dateutil(text, now)
    return None


def _dateutil(text: str, now: datetime) -> PageDate | None:
    try:
        stamp = dateutil_parser.parse(text, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    day = _make_day(stamp.year, stamp.month, stamp.day, now)
    if day is None or stamp.year == 1:
        return None
    delta = stamp.utcoffset()
    offset = int(delta.total_seconds() // 60) if delta is not None else None
    if stamp.hour == stamp.minute == stamp.second == 0 and offset is None:
        return PageDate(day)
    return PageDate(day, stamp.hour, stamp.minute, stamp.second, offset)


def date_from_url(url: str, now: datetime) -> PageDate | None:
    """The day in a URL path such as ``/2024/08/11/`` or ``/20240811-``; None without one."""
    match = _URL_DATE.search(url)
    if match is None:
        return None
    day = _make_day(int(match.group(1)), int(match.group(2)), int(match.group(3)), now)
    return PageDate(day) if day else None


def zone_names_in(text: str) -> list[tuple[int, str]]:
    """Zones written after a time anywhere in ``text`` ("23:18 (IST)"): (offset, time and zone).

    Only zones with one fixed offset count, since the date they would apply to is unknown.
    """
    found = []
    for match in _TIME.finditer(text):
        zone = _ZONE.match(text[match.end() : match.end() + 16])
        if zone is None:
            continue
        name = (zone.group(7) or "").upper()
        if zone.group(1) or name in _FIXED_ZONES:
            value = _zone_offset(zone, date(2000, 1, 1), 12, 0)
            if value is not None:
                found.append((value, squash_zone(text[match.start() : match.end() + zone.end()])))
    return found


def squash_zone(text: str) -> str:
    return " ".join(text.split())
