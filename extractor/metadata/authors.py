"""Author strings to clean `Author` lists: people and organizations, split and de-noised.

A byline arrives as "By Jane Doe and John Roe, Senior Reporters | Updated 3 hours ago" or as a
meta value holding a URL, an e-mail or a paragraph. `parse_byline` strips the lead-in word
("By", "Von", "Par"...), roles, dates, "Updated" notes and e-mails, splits co-authors, and marks
news agencies and the publisher as organizations.
"""

from __future__ import annotations

import re
from typing import Final, Iterable

from ..article import Author, AuthorKind
from .dates import MONTH_PATTERN
from .text import plain

#: Most co-authors kept from one byline; more is a list of tags or related links, not a byline.
MAX_AUTHORS: Final = 8

#: Longest single name kept, in characters; a longer "name" is a sentence.
MAX_NAME_CHARS: Final = 60

#: A lone all-capitals word this short is an acronym (a credential, a topic), unless it is a
#: known agency ("AP", "PTI").
MAX_ACRONYM_CHARS: Final = 6

#: Shortest name kept ("i" is left over from "Mac & i", not a person).
MIN_NAME_CHARS: Final = 2

#: Most words in one name ("Maria de los Angeles Garcia Lopez" has seven).
MAX_NAME_WORDS: Final = 7

# Lead-in words of a byline, in the languages the issue names. Words that are also common name
# parts ("de", "da", "van") are left out; Italian "di" counts only in lower case ("di Mario
# Rossi", not "Di Maio"); label words ("Author", "Text") only with a colon.
_LEAD_INS: Final = (
    "written by", "words by", "reporting by", "reported by", "story by", "posted by",
    "published by", "text by", "article by", "contributed by", "compiled by", "edited by",
    "interview by", "authored by", "author", "by", "von", "par", "por", "door", "geschrieben von", "publié par",
    "escrito por", "scritto da", "geschreven door",
)
_LABELS: Final = ("authors? of this (?:article|post|story)", "责任编辑", "作者", "记者", "编辑", "author", "authors", "autor", "autorin",
           "autoren", "auteur", "autore", "text", "texte", "byline", "reporter",
           # A press release names its issuer: "Herausgeber: Acme AG".
           "herausgeber", "herausgeberin",
           # "Auteur(s):", "Autor(en):" on forms; "Text & Fotos:" credits a writer who also
           # took the pictures.
           r"(?:author|auteur|autor)\((?:s|en|in)\)",
           r"texte?\s*(?:&|\+|und|and|et|e|y)\s*(?:fotos?|photos?|bilder?|bild)")
_LEAD_IN: Final = re.compile(
    r"^(?:(?i:" + "|".join(re.escape(w) for w in sorted(_LEAD_INS, key=len, reverse=True))
    + r")\b\s*[:\-–—]?|(?i:" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")\s*[:：]|di\b)\s*"
)

# News agencies: credited as organizations, never as people.
AGENCIES: Final = frozenset(
    name.casefold()
    for name in (
        "Reuters", "AP", "Associated Press", "The Associated Press", "AFP",
        "Agence France-Presse", "Agence France Presse", "PTI", "IANS", "IBNS", "ANI", "UNI",
        "dpa", "APA", "EFE", "ANSA", "Bloomberg", "Xinhua", "Kyodo", "Yonhap", "TASS",
        "RIA Novosti", "PA", "PA Media", "Press Association", "AAP", "CNA", "KNA", "epd", "sda",
        "SDA", "Keystone-SDA", "ATS", "Europa Press", "Lusa", "Belga", "ANP", "NTB", "TT",
        "Canadian Press", "The Canadian Press", "CP", "UPI", "WENN", "Getty", "Getty Images",
        "dpa-AFX", "AFX", "Bernama", "Anadolu", "Anadolu Agency", "IRNA", "WAM", "SPA",
    )
)

# Words that make a credit an organization rather than a person ("Web Desk", "Staff", "Team").
_ORG_WORDS: Final = frozenset(
    "desk staff team bureau newsroom editors editorial redaktion rédaction redacción redazione "
    "redactie news media network agency agencies agentur inc ltd llc gmbh corp company group "
    "magazine press wire service services online digital tv radio times post journal herald "
    "tribune daily weekly university universität université universidad institute institut "
    "program programme foundation stiftung association verband school college council "
    "department ministry ministerium e.v interactive ventures systems communications "
    "publications publishing medien broadcasting entertainment holdings corporation ag kg "
    "plc bhd pty mbh limited".split()
)

# Titles and roles that follow a name ("Jane Doe, Senior Reporter") and are not names.
_ROLE_WORDS: Final = frozenset(
    "reporter reporters correspondent correspondents editor editors writer writers columnist "
    "contributor contributors journalist analyst producer photographer staff senior chief "
    "special political business sports science health technology tech deputy associate "
    "managing executive assistant contributing guest freelance intern fellow host anchor "
    "redakteur redakteurin korrespondent korrespondentin journaliste rédacteur rédactrice "
    "corresponsal periodista giornalista inviato redacteur verslaggever phd ph.d md "
    "author founder ceo president director expert professor dr coordinator manager specialist "
    "strategist consultant engineer designer developer scientist officer attorney lawyer coach architect "
    "content marketing seo social digital security product lead head community communications "
    "qa pr public relations research researcher data".split()
)

# Words that open a writer's title after the name: the roles, and what qualifies one ("Former
# McKinsey Consultant", "Licensed Q Arabica Grader", "Co-founder and Chief Architect").
_TITLE_WORDS: Final = _ROLE_WORDS | frozenset(
    "former co-founder cofounder licensed certified registered retired coo cto cfo cmo vp svp evp".split()
)

# Reporters' titles written after the name in Korean, Japanese and Chinese bylines.
_CJK_ROLE_WORDS: Final = frozenset("기자 특파원 논설위원 선임기자 記者 记者 特派員 特派员 編集委員 编辑".split())

# Words that, anywhere in a candidate, mean it is page furniture and not a name.
_NOT_NAME_WORDS: Final = frozenset(
    "minuten stunden tagen heures horas ore uur "
    "edition autor autorin autoren author authors text texte foto fotos twitter facebook linkedin instagram youtube "
    "tiktok pinterest whatsapp telegram rss accueil startseite inicio "
    "this article story read reading minute minutes min mins ago hour hours updated update published bio about "
    "posted share shares comment comments follow subscribe sign login log click view views "
    "email e-mail print save more menu home advertisement sponsored copyright rights reserved "
    "cookie cookies privacy newsletter photo photos image images video videos getty "
    "shutterstock aktualisiert veröffentlicht lesezeit mis à jour publié actualizado "
    "publicado aggiornato gepubliceerd bijgewerkt".split()
)

# Credits for other work than writing: the byline ends where they start.
_OTHER_CREDIT: Final = re.compile(
    r"\b(?:reviewed|fact[- ]checked|edited|photos?|photographs?|illustrations?|graphics|video|"
    r"medically reviewed|translated|additional reporting)\s+by\b.*$|\b(?:fotos?|photos?):.*$",
    re.IGNORECASE,
)
# Rarer ends of a byline, tried only when the text holds one of `_RARE_END_HINTS` (each
# alternative costs a scan of the text): a translator's credit ("Übersetzt von", "traduit
# par"), and the category list a blog theme prints after the name ("Jane under News",
# "Posted in Travel").
_RARE_END: Final = re.compile(
    r"\b(?:übersetzt|bearbeitet|traduit|traduction|traducido|traducción|tradotto|traduzione|"
    r"vertaald)\b.*$|\s(?:filed\s+)?under\s.*$|\s(?:posted|filed|abgelegt|veröffentlicht)\s+(?:in|unter)\s.*$",
    re.IGNORECASE,
)
_RARE_END_HINTS: Final = ("bersetzt", "bearbeitet", "tradu", "vertaald", "under", "unter", " in ")
# A second label after the names ("Auteur(s): Jane Doe Destinataire(s): ...") starts another
# field: names never hold a word followed by a colon and a space.
_NEXT_LABEL: Final = re.compile(r"\s[^\W\d_][\w.-]*(?:\(\w{1,3}\))?\s?[:：]\s.*$")
_WEEKDAYS: Final = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat "
    "sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi "
    "vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo lunedì "
    "martedì mercoledì giovedì venerdì sabato domenica maandag dinsdag woensdag donderdag "
    "vrijdag zaterdag zondag".split()
)
# "Martin Untersinger (avec Damien Leloup)": a co-author in brackets.
_WITH_CREDIT: Final = re.compile(r"\((?:avec|with|mit|con|com|met)\s+([^)]*)\)", re.IGNORECASE)
_EMAIL: Final = re.compile(r"\S+@\S+\.\w+")
_URLISH: Final = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# Everything from a date, time, "Updated" or reading-time note onwards is not the byline.
_TAIL: Final = re.compile(
    r"(?:\b(?:updated|published|posted|last updated|aktualisiert|veröffentlicht|stand|"
    r"mis à jour|publié le|actualizado|publicado|aggiornato|pubblicato|gepubliceerd|"
    r"bijgewerkt|on)\b\s*:?\s*)?"
    # The weekday before the date ("on Friday December 19, 2025") goes with it.
    r"(?:\b(?:" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b,?\s*)?"
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}|\d+\s*(?:min|minutes?|hours?|hrs?|"
    r"days?|mins?)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?:{MONTH_PATTERN})\b|"
    r"\b(?:vor|il y a|hace|há|fa)\s+\d+|\d+\s*(?:stunden|minuten|tagen|heures|horas|ore|uur|dagen|"
    r"jours|días|giorni)\b"
    r"|\b(?:updated|published|aktualisiert|veröffentlicht)\b).*$",
    re.IGNORECASE,
)
_SPLIT: Final = re.compile(
    r"\s*(?:,|;|&|\||\+|/|·|•|、|\s[-–—]\s|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bwith\b|\bmit\b)\s*",
    re.IGNORECASE,
)
# An interview credit names both speakers ("A im Gespräch mit B", "A in conversation with
# B"); tried only when the text holds one of `_CONVERSATION_HINTS`.
_CONVERSATION: Final = re.compile(
    r"\s(?:im gespräch|in conversation|en conversation|in conversazione|en conversación|in gesprek)"
    r"\s+(?:mit|with|avec|con|met)\s",
    re.IGNORECASE,
)
_CONVERSATION_HINTS: Final = ("gespräch", "conversa", "gesprek")
# An interview credit names its writer, and then whom the writer talked to: "Ein Interview von
# A mit B", "An interview by A with B" credit A (B is the story's subject, not its author).
_INTERVIEW_WITH: Final = re.compile(
    r"(\binterview\w*\s+(?:von|by|de|par|di|door)\s+.+?)\s+(?:mit|with|avec|con|met)\s+\S.*$",
    re.IGNORECASE,
)
_MONTH_WORD: Final = re.compile(rf"(?i:{MONTH_PATTERN})")
_URL_IN_TEXT: Final = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Words before an inner lead-in that show the lead-in starts the byline ("Artikel von X",
# "all posts by X", "Guides by X"); a capitalised name before "von" ("Alexa von Heyden") does not.
_PRE_LEAD_IN: Final = frozenset(
    "article articles artikel beitrag bericht post posts all story stories guide guides text "
    "interview kommentar gastbeitrag ein eine un une una a an written geschrieben "
    "pressemitteilung mitteilung meldung kolumne column essay review rezension reportage".split()
)
_INNER_LEAD_IN: Final = re.compile(r"^(.{0,60}?)\b(?:by|von|par|por|door)\s+(?=\S)", re.IGNORECASE)
# Nouns that end a desk title rather than a name ("Agriculture Reporter", "Sports Editor").
_CORE_ROLES: Final = frozenset(
    "reporter correspondent editor writer columnist journalist producer photographer redakteur "
    "korrespondent journaliste rédacteur corresponsal periodista giornalista verslaggever".split()
)
# Short words a split can leave behind that are never a credit on their own.
_FUNCTION_WORDS: Final = frozenset(
    "le la les l el il lo los las am an on at the der die das den dem und and et y e en op le".split()
)

# Lower-case words that belong inside names.
_PARTICLES: Final = frozenset(
    "von van der den de del della di da dos das du le la al el bin ibn ter ten zu y e of".split()
)
_MARKUP_CHARS: Final = re.compile(r"[*#=<>{}\[\]\\]")
_HANDLE: Final = re.compile(r"^@[\w.]{2,30}$")
_NOT_LETTER_OR_DIGIT: Final = re.compile(r"[\W_]+")

#: Fewest characters of a handle that name the publisher when they only start its name
#: ("@indiablooms" for "IndiaBlooms News Service"); a shorter one ("@ind") could be anyone's.
MIN_HANDLE_PREFIX: Final = 6
_BRACKETS: Final = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_LETTER: Final = re.compile(r"[^\W\d_]")
#: Runs of letters (no digits or underscores): the words of a name or a phrase.
LETTER_RUN: Final = re.compile(r"[^\W\d_]+")
# A web address written as a name ("hessenschau.de").
_DOMAIN_END: Final = re.compile(r"\.(?:com|de|at|ch|org|net|co|in|fr|uk)\b")


def other_credit_cut(text: str) -> str:
    """The text before credits for other work ("Edited by", "Reviewed by", "Photos by",
    "Übersetzt von") and before a category list ("under News, Travel")."""
    text = _OTHER_CREDIT.sub("", text)
    folded = text.casefold()
    if any(hint in folded for hint in _RARE_END_HINTS):
        text = _RARE_END.sub("", text)
    return text


def strip_lead_in(text: str) -> str:
    """The byline without "By", "Words by", "Von", "Par"... at its start (repeatedly)."""
    previous = None
    while previous != text:
        previous = text
        text = _LEAD_IN.sub("", text, count=1).strip(" \t:|-–—,")
    return text


def _publisher_handle(handle: str, organizations: frozenset[str]) -> bool:
    """True when a handle ("indiablooms", without its "@") is the account of one of the
    ``organizations``: its name written without spaces and punctuation ("India Blooms",
    "IndiaBlooms News Service", the domain's "indiablooms"), whole or as its start."""
    for organization in organizations:
        squashed = _NOT_LETTER_OR_DIGIT.sub("", organization)
        if squashed == handle or (len(handle) >= MIN_HANDLE_PREFIX and squashed.startswith(handle)):
            return True
    return False


def _kind(name: str, organizations: frozenset[str]) -> AuthorKind:
    # A handle is the account's name: "@indiablooms" on Indiablooms is the publisher.
    folded = name.casefold().removeprefix("@")
    if name.startswith("@") and _publisher_handle(folded, organizations):
        return "organization"
    if folded in AGENCIES or folded in organizations or " & " in name or folded.startswith("the "):
        # A name joined by "&" survives splitting only as a firm's; no person's name starts
        # with "The" ("The Modesto Bee", "The Editors").
        return "organization"
    words = LETTER_RUN.findall(folded)
    if any(word in _ORG_WORDS or word.rstrip("s") in _ORG_WORDS for word in words):
        return "organization"
    if "." in name and " " not in name and _DOMAIN_END.search(folded):
        return "organization"  # "hessenschau.de"
    return "person"


def _is_role(part: str) -> bool:
    """True for "Senior Reporter", "PhD", "Guest Columnists", "Director of Education Equity":
    a title, not a name."""
    words = [w.strip(".").casefold() for w in part.split()]
    if len(words) > 2 and words[0] in _ROLE_WORDS and words[1] in ("of", "for", "at"):
        return True  # a title naming its field ("Head of Research"); no name reads "X of Y"
    return bool(words) and all(
        w in _TITLE_WORDS or w.rstrip("s") in _TITLE_WORDS or w in ("of", "the", "for", "and", "at") for w in words
    )


def _is_noise(token: str) -> bool:
    word = token.casefold().strip(".,:|()")
    return word in _NOT_NAME_WORDS or word in _WEEKDAYS or word in ("last", "full", "-", "")


def _capitalised(part: str) -> bool:
    """True when a several-word name reads as one: each word capitalised (or in a script without
    case), except name particles ("Jan de Vries", "Alexa von Heyden"). A lone lower-case word is
    kept, since user names ("gizzmo") are real credits; a lower-case phrase is running text."""
    tokens = part.split()
    if len(tokens) < 2:
        return True
    return all(
        not t[0].isalpha() or not t[0].islower() or t.casefold() in _PARTICLES for t in tokens
    )


def _capitals_name(tokens: list[str]) -> int:
    """How many leading tokens are a name in capitals followed by words in ordinary case (the
    writer's title, "LAURE BRETTON Envoyés spéciaux à Toulouse"), or 0. The name needs two
    words and must end in a word, not an initial ("A. J. Neal" is written in ordinary case)."""
    count = next((i for i, t in enumerate(tokens) if not t.isupper()), len(tokens))
    if count < 2 or count == len(tokens) or not tokens[count][:1].isupper():
        return 0
    last = LETTER_RUN.findall(tokens[count - 1])
    return count if last and len(last[0]) > 1 else 0


def clean_name(part: str, *, visible: bool = True, acronyms: bool = False) -> str | None:
    """One name as credited, or None when the part is a role, a date or page furniture.

    ``acronyms`` keeps a lone short all-capitals credit ("LD"): a profile link's text is the
    writer's name however short, while after a separator it is a topic or a degree ("Jane
    Doe, MD, FACOG")."""
    part = _BRACKETS.sub("", part) if not part.startswith("(") else part
    part = strip_lead_in(part.strip(" \t\"'“”‘’«»:|-–—.,"))
    part = part.strip(" \t\"'“”‘’«»:|-–—,")
    if not part or _EMAIL.fullmatch(part) or _URLISH.match(part):
        return None
    if _HANDLE.match(part):
        return part
    if len(part) > MAX_NAME_CHARS or len(part.split()) > MAX_NAME_WORDS:
        return None
    # "Hours Ago Devin Coldewey", "J.R. Stone Thursday", "Jane Doe @janedoe", "Jane Doe 1":
    # timestamps, handles and footnote marks glued to the name by the layout.
    tokens = part.split()
    count = len(tokens)
    while tokens and _is_noise(tokens[0]):
        tokens.pop(0)
    while tokens and (_is_noise(tokens[-1]) or tokens[-1].startswith("@") or tokens[-1].isdigit()):
        tokens.pop()
    if len(tokens) == 1 and count > 2:
        return None  # one word left of a longer phrase ("Revised Edition Notes"): not a name
    capitals = _capitals_name(tokens)
    if capitals:
        tokens = tokens[:capitals]  # "LAURE BRETTON Envoyés spéciaux": the title after the name
    if len(tokens) > 1 and tokens[-1] in _CJK_ROLE_WORDS:
        tokens.pop()  # "김철수 기자", "山田太郎 記者": the title follows the name
    # "Evan Halper Staff Writer", "Liz Kenny Former McKinsey Consultant": the title that an
    # author box prints beside the name, with no separator, starts at its first title word. A
    # structured value is a name by declaration, whole ("Help Net Security", "Luxury Travel
    # Expert": a publication's or a desk's own name).
    cut = next((i for i in range(2, len(tokens)) if tokens[i].casefold().strip(".,") in _TITLE_WORDS), 0)
    cut = cut if visible else 0
    had_role = bool(cut)
    if cut:
        tokens = tokens[:cut]
    if had_role and any(t.casefold() in _ORG_WORDS for t in tokens):
        return None  # "Herald Staff Writer": the paper's title for the writer, not a name
    half = len(tokens) // 2
    if half and len(tokens) % 2 == 0 and tokens[:half] == tokens[half:]:
        tokens = tokens[:half]  # a name printed twice (caption and link)
    part = " ".join(tokens)
    if not _LETTER.search(part) or _is_role(part) or len(part) < MIN_NAME_CHARS or _MARKUP_CHARS.search(part):
        return None  # "*****Notes*****", "{{author}}": decoration or template code, no name
    if part.split()[-1].casefold().rstrip("s") in _CORE_ROLES:
        return None  # "Agriculture Reporter", "Sports Editor": a desk title, not a name
    if part.casefold() in _FUNCTION_WORDS:
        return None  # "le" left of "Par Jane Doe, le 18 mai"
    if len(tokens) > 1 and tokens[-1] in _PARTICLES:
        return None  # "Autorenseite von" (its e-mail removed): a name never ends in a particle
    if (
        not acronyms and part.isupper() and " " not in part and len(part) <= MAX_ACRONYM_CHARS
        and part.casefold() not in AGENCIES
    ):
        return None  # "SEO", "CSCS": a credential or topic after a separator, not a credit
    if visible and not _capitalised(part):
        return None
    words = {w.casefold() for w in LETTER_RUN.findall(part)}
    if not words or words & _NOT_NAME_WORDS:
        return None
    if sum(c.isdigit() for c in part) > 2:
        return None
    return part


def split_names(text: str, *, visible: bool = True, acronyms: bool = False) -> list[str]:
    """Co-authors in a byline string, cleaned, in order, without duplicates."""
    # ``visible`` text must read as names (capitalised words); structured values (JSON-LD,
    # meta) are names by declaration and may be "Contributors to Wikimedia projects".
    # ``acronyms``: see `clean_name`.
    text = plain(text)
    text = _EMAIL.sub(" ", text)
    text = _URL_IN_TEXT.sub(" ", text)
    if "interview" in text.casefold():
        text = _INTERVIEW_WITH.sub(r"\1", text)
    unlabelled = strip_lead_in(text.lstrip("©® "))
    # A byline opened by a label ("Auteur(s): ...") may hold the next field's label too; in
    # an unlabelled one a colon follows the name itself ("Jane Doe: Analysis").
    labelled = any(mark in text[: len(text) - len(unlabelled)] for mark in (":", "："))
    text = unlabelled
    inner = _inner_lead_in(text)
    if inner:
        text = text[inner:]
    text = _WITH_CREDIT.sub(r", \1", text)
    if any(hint in text.casefold() for hint in _CONVERSATION_HINTS):
        text = _CONVERSATION.sub(", ", text)
    text = other_credit_cut(text)
    if labelled:
        text = _NEXT_LABEL.sub("", text)
    text = _TAIL.sub("", text).strip()
    names: list[str] = []
    seen: set[str] = set()
    parts = _SPLIT.split(text)
    if len(parts) == 2 and " " not in parts[0].strip() and parts[0].strip() == parts[1].strip():
        parts = [text]  # "Morgan & Morgan", "Johnson & Johnson": one firm, not two people
    for part in parts:
        # An acronym is a credit only alone: after a comma it is a degree ("Jane Doe, MA").
        name = clean_name(part, visible=visible, acronyms=acronyms and len(parts) == 1)
        if (
            name is not None and len(parts) > 1 and name.islower() and " " not in name
            and name not in AGENCIES
        ):
            continue  # a lower-case word among other parts is a sentence's, not a user name
        if name is None or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        names.append(name)
    return names[:MAX_AUTHORS]


def to_authors(names: Iterable[str], organizations: frozenset[str] = frozenset()) -> tuple[Author, ...]:
    """Names to `Author` records; agencies, "Desk"/"Team" credits and the publisher become
    organizations. A lone handle ("@indiablooms") stays a person-like credit only when no real
    name is present, since a handle next to a name is usually the same writer's account."""
    names = list(names)
    if len(names) > 1:
        names = [n for n in names if not _HANDLE.match(n)] or names[:1]
    return tuple(Author(name=n, kind=_kind(n, organizations)) for n in names)


def parse_byline(
    text: str, organizations: frozenset[str] = frozenset(), *, visible: bool = True
) -> tuple[Author, ...]:
    """A byline string to cleaned, split authors (see the module docstring)."""
    return to_authors(split_names(text, visible=visible), organizations)


def _inner_lead_in(text: str) -> int:
    """Where the names start after an inner lead-in ("Posted on 3 May 2021 by ", "Artikel von
    "), or 0: the words before it must be lower case, digits, dates or page furniture."""
    inner = _INNER_LEAD_IN.match(text)
    if inner and all(
        w.casefold() in _PRE_LEAD_IN or w.islower() or _is_noise(w) or not _LETTER.search(w)
        or _MONTH_WORD.fullmatch(w.strip(".,")) or w.casefold() in ("on", "am", "le", "el", "il")
        for w in inner.group(1).split()
    ):
        return inner.end()
    return 0


def looks_like_byline(text: str) -> bool:
    """True when a short text reads as a byline: a lead-in word at its start or after a date
    ("Posted on 3 May 2021 by Jane Doe"), and names after it."""
    return bool(_LEAD_IN.match(text) or _inner_lead_in(text)) and bool(split_names(text))
