"""Speaker mentions: splitting a title from a name, and resolving short mentions to full names.

"UNODC Executive Director Ghada Waly" is a title and a name; "Ghada Waly, the UNODC's
executive director" is a name and an apposition; "Waly", "Mr. Waly" and "she" are later
mentions of the same person, resolved to the full name the story introduced.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from .lexicon import (
    ADVERBIAL_STARTS,
    CUE_VERBS,
    DESCRIPTION_OPENERS,
    DETERMINERS,
    FILLERS,
    HONORIFICS,
    LEADING_CONNECTIVES,
    ORGANISATION_HEADS,
    PHRASE_STOPS,
    PRONOUNS,
    SPEAKING_PRONOUNS,
    SENTENCE_WORDS,
    TITLE_WORDS,
    is_role_compound,
    lookup_key,
)

#: Lower-case particles inside personal names ("Ursula von der Leyen", "Osama bin Laden").
NAME_PARTICLES: Final = frozenset("von van der den de del della di da du la le bin al ibn ter zu".split())

#: Letters that start a capitalised word (Python's ``re`` has no \p{Lu}).
_UPPER: Final = "A-ZÀ-ÖØ-ÞŁŚŠŽČĆŘĽŇŤĎĚŻŹĐŐŰ"
_ABBREVIATIONS: Final = ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Sgt", "Prof", "Rev",
                  "St", "Jr", "Sr", "M")
_ABBREVIATED: Final = f"(?:{'|'.join(_ABBREVIATIONS)})\\."


def _after_capital(abbreviations: tuple[str, ...]) -> str:
    """The rest of each abbreviation after its capital, each behind a check of that capital
    (``(?<=M)(?:r|rs|s)\\.``), in the order given."""
    rests: dict[str, list[str]] = {}
    for abbreviation in abbreviations:
        rests.setdefault(abbreviation[0], []).append(abbreviation[1:])
    return "|".join(f"(?<={capital})(?:{'|'.join(ends)})\\." for capital, ends in rests.items())


# The run's first word opens with the capital itself, then checks the word boundary before it
# (``(?<!\w.)``) and which abbreviation it may start: a pattern that opens with a character
# class lets the regex engine skip to the capitals, where one opening with ``\b`` is tried at
# every position (twice the time).
_CAPITALISED_RUN: Final = re.compile(
    rf"[{_UPPER}](?<!\w.)(?:{_after_capital(_ABBREVIATIONS)}|[\w’'-]*)(?:[ \u00a0]+(?:{_ABBREVIATED}|[{_UPPER}]\.|[{_UPPER}][\w’'-]*|(?:{'|'.join(sorted(NAME_PARTICLES))})(?=[ \u00a0]+[{_UPPER}])))+"
)

#: Longest word read back by `_word_before`; longer ones are cut to their last characters.
LONGEST_WORD: Final = 40


#: Most capitalised words in a personal name ("Jorge Antonio Villasenor Llamas"); a longer run
#: is a headline or a title in title case.
MAX_NAME_WORDS: Final = 4

#: Characters before a pronoun searched for one-word speakers when no name precedes it.
LONE_REACH: Final = 2_000

#: Characters re-read before the end of the last scan for one-word speakers, so that a name
#: and its verb on both sides of that end are found ("Obama | said").
LONE_OVERLAP: Final = 40

#: Characters after a name mention searched for the pronouns that tell its gender.
GENDER_WINDOW: Final = 300
_MALE: Final = frozenset(("he", "his", "him", "himself"))
# Opens with its first letter, then checks the word boundary behind it, like `_CAPITALISED_RUN`:
# he, his, her (any case), him, himself, hers, herself, she (any case).
_GENDERED_PRONOUN: Final = re.compile(
    r"[HhSs](?<!\w.)(?:(?<=[Hh])(?:e|is|er)|(?<=h)(?:im|imself|ers|erself)|(?<=[Ss])he)\b"
)
#: ", the UNODC's executive director": a role in apposition marks the name before it as a person's.
_APPOSITION_ROLE: Final = re.compile(
    r",[ \u00a0]+(?:(?:the|a|an|der|die|das|ein|eine)[ \u00a0]+)?(?:[\w’'.-]+[ \u00a0]+){0,3}(?:"
    + "|".join(sorted((w for w in TITLE_WORDS if len(w) > 3), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
#: "the president of the association, Yann Le Goff": a role and a comma before a name mark it
#: as a person's, as an apposition after it does (matched on the text just before the name).
_ROLE_BEFORE: Final = re.compile(
    r"\b(?:" + "|".join(sorted((w for w in TITLE_WORDS if len(w) > 3), key=len, reverse=True))
    + r")\b[^,.;:!?\n]{0,40},[ \u00a0]+$",
    re.IGNORECASE,
)

#: Characters before a name searched by `_ROLE_BEFORE`.
ROLE_BEFORE_CHARS: Final = 60

#: A capitalised word before a lower-case word: `_lone_speakers` keeps those before a cue
#: verb. A set lookup of the verb is far cheaper than a regex alternation of every verb, and
#: so is leaving out a leading \b.
_NAME_THEN_WORD: Final = re.compile(rf"([{_UPPER}][\w’'-]+)[ \u00a0]+([a-zäöüßéèà]+)")

#: A pronoun or article right after the verb: German puts the subject there when something
#: else opens the clause ("Nach zweijähriger Amtszeit begründet er"), so the capitalised word
#: before the verb is no speaker.
_INVERTED_SUBJECT: Final = re.compile(
    r"[ \u00a0]+(?:er|sie|es|wir|ich|man|der|die|das|den|dem|ein|eine|einer)\b"
)

#: Apostrophes after an elided article ("L'opposition", "d’Orsay"): a noun phrase, not a name.
_ELISION_MARKS: Final = frozenset("'’")

#: Articles that join the nouns of a German noun phrase but no personal name.
ARTICLE_JOINERS: Final = frozenset(("der", "des", "die", "das", "den", "dem"))

#: Words after which a name is whom a description belongs to ("an aide to Bill Clinton").
BELONGING_JOINERS: Final = frozenset(("to", "for", "at", "of", "with", "für", "bei", "von", "vom", "beim", "de", "du", "del"))

_NOT_NAME_WORDS: Final = SENTENCE_WORDS - NAME_PARTICLES

#: Words read past before a name to see whether it stands as a subject, besides a lower-case
#: role: its article or possessive ("his spokeswoman Galia Slayen"), a clause's connective
#: ("but Waly said") and a sentence adverb ("Meanwhile", not a preposition like "On").
_NAME_LEAD: Final = DETERMINERS | DESCRIPTION_OPENERS | LEADING_CONNECTIVES
_SENTENCE_ADVERBS: Final = SENTENCE_WORDS - ADVERBIAL_STARTS - PHRASE_STOPS

#: Most such words read back.
MAX_NAME_LEAD: Final = 4

#: Characters read after a name for the cue verb it may be the subject of ("Manuel Mollinedo
#: also said").
CUE_FOLLOW_CHARS: Final = 60

_WORDS: Final = re.compile(r"\S+")

#: Capitalised words before a cue verb that open a sentence rather than name its speaker.
_NOT_LONE_NAMES: Final = SENTENCE_WORDS | LEADING_CONNECTIVES | ADVERBIAL_STARTS | FILLERS | ORGANISATION_HEADS

#: Words that continue a role into its institution ("Secretary of State", "Minister für Arbeit").
ROLE_JOINERS: Final = frozenset(("of", "for", "für", "des", "der"))
_POSSESSIVE_ENDINGS: Final = ("'s", "’s", "'", "’")


class Speaker:
    """Who said a quotation: a name ("Ghada Waly") or a description ("the senator")."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(
        self, name: str, title: str | None = None, gender: str | None = None,
        is_pronoun: bool = False, from_pronoun: bool = False,
    ) -> None:
        self.name: Final = name
        self.title: Final = title
        self.gender: Final = gender
        #: The mention is a pronoun the story leaves unresolved: ``name`` is the pronoun.
        self.is_pronoun: Final = is_pronoun
        #: The mention was a pronoun, resolved to the person ``name``.
        self.from_pronoun: Final = from_pronoun

    @property
    def is_person_name(self) -> bool:
        """A proper name rather than a description or a pronoun."""
        return not self.is_pronoun and self.name[:1].isupper() and self.name.split()[0].lower() not in DETERMINERS


def _core(token: str) -> str:
    return lookup_key(token)


def _is_role(token: str, core: str | None = None) -> bool:
    """A word that names a role rather than a person ("Director", "Innenministerin", "senator")."""
    core = _core(token) if core is None else core
    if core in TITLE_WORDS or token.rstrip(",").endswith(_POSSESSIVE_ENDINGS):
        return True
    return is_role_compound(token, core)


def _role_gender(tokens: list[str]) -> str | None:
    """Gender a role word tells ("spokeswoman", "Ministerin")."""
    for token in tokens:
        core = _core(token)
        if core.endswith(("woman", "women")) or (token[:1].isupper() and core.endswith("in") and _is_role(token)):
            return "f"
        if core.endswith(("man", "men")) and core in TITLE_WORDS:
            return "m"
    return None


def _clean(words: list[str]) -> str:
    return " ".join(words).strip(" ,;:")


def split_title(tokens: list[str]) -> tuple[list[str], list[str], str | None]:
    """(title words, name words, gender) of one comma-free mention.

    The name is the trailing run of capitalised words after the last role word; honorifics
    ("Mr.", "Frau") are dropped from it but tell the gender.
    """
    gender = None
    kept: list[tuple[str, str]] = []
    for token in tokens:
        core = _core(token)
        if core in HONORIFICS and token[:1].isupper():
            gender = gender or HONORIFICS[core]
            continue
        kept.append((token, core))
    split = -1
    last = len(kept) - 1
    for i, (token, core) in enumerate(kept):
        if _is_role(token, core):
            split = i
        elif not token[:1].isupper():
            # "Charles de Gaulle": a particle between two capitalised words ("la concejala de
            # Salud" is a role and what it belongs to).
            particle = (core in NAME_PARTICLES and 0 < i < last and kept[i + 1][0][:1].isupper()
                        and kept[i - 1][0][:1].isupper() and not _is_role(*kept[i - 1]))
            if not particle:
                split = i
    if 0 < split < last and kept[split][1] in ROLE_JOINERS and _is_role(*kept[split - 1]):
        # "Secretary of State John Kerry": the institution after "of" belongs to the role; the
        # name is the last two words (one when only two follow: "Secretary of State Kerry").
        rest = last - split
        split += rest - 2 if rest >= 3 else 1
    if 0 <= split < last and kept[split][1] in BELONGING_JOINERS:
        # "one longtime adviser to Bill Clinton": the name after "to" is whom the speaker
        # belongs to, not the speaker; the whole description names the speaker.
        return [t for t, _ in kept], [], gender or _role_gender([t for t, _ in kept])
    name = [t for t, _ in kept[split + 1:]]
    title = [t for t, _ in kept[:split + 1]]
    if name and name[0].lower() in SENTENCE_WORDS:
        name = []
    honorific = next((i for i, token in enumerate(tokens) if _core(token) in HONORIFICS and token[:1].isupper()), 0)
    if honorific and len(name) > len(tokens) - honorific - 1:
        # "Baudezernent Herr Karl Moosbach": the name starts after the honorific, so the
        # words before it are the title even when no list knows them.
        cut = len(name) - (len(tokens) - honorific - 1)
        title, name = title + name[:cut], name[cut:]
    return title, name, gender or _role_gender(title)


def _strip_determiner(words: list[str]) -> list[str]:
    return words[1:] if words and words[0].lower() in DETERMINERS else words


def parse_mention(mention: str) -> Speaker:
    """The speaker a mention names: name, title and gender where the words tell them."""
    parts = [p.split() for p in mention.split(",") if p.split()]
    if not parts:
        return Speaker(mention)
    head = parts[0]
    # "Stephen Vladeck of the University of Texas": the name ends before "of" its institution
    # (but "Secretary of State John Kerry" is a role, kept whole).
    for i in range(1, len(head) - 1):
        if head[i] in ("of", "from") and head[i - 1][:1].isupper() and not _is_role(head[i - 1]):
            head = head[:i]
            break
    if len(head) == 1 and _core(head[0]) in SPEAKING_PRONOUNS:
        return Speaker(head[0], gender=PRONOUNS.get(_core(head[0])), is_pronoun=True)
    title, name, gender = split_title(head)
    described = head[0].lower() in DETERMINERS and len(parts) > 1 and parts[1][0][:1].isupper()
    if (len(name) <= 1 or described) and len(parts) > 1:
        # "Der Innenminister Frankreichs, Nicolas Sarkozy": the role first, the name after it.
        # After a role with an article, the capitalised words before the comma are the role's
        # institution ("der Hauptgeschäftsführer des Deutschen Brauer-Bundes, Peter Hahn").
        t2, n2, g2 = split_title(parts[1])
        if n2 and (described or not t2 and len(n2) > len(name)):
            return Speaker(_clean(n2), _clean(_strip_determiner(head)) or None, gender or g2)
    if not name:
        return Speaker(_clean(head), None, gender)
    if not title and len(parts) > 1 and (parts[1][0].lower() in DETERMINERS or any(_is_role(t) for t in parts[1])):
        title = _strip_determiner(parts[1])
        gender = gender or _role_gender(title)
    return Speaker(_clean(name), _clean(_strip_determiner(title)) or None, gender)


class _Quoted:
    """The stretches of a story inside quotation marks, for "is this position quoted"."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        # Quotations do not overlap: a position is inside one when an odd number of edges
        # precede it.
        self._edges = [edge for span in sorted(spans) for edge in span]

    def __contains__(self, position: int) -> bool:
        return bisect.bisect_right(self._edges, position) % 2 == 1


class _LoneSpeakers:
    """`_lone_speakers` of a story, each stretch read once: the stretches pronouns look back
    over overlap, so reading each anew would cost the story's length per pronoun."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._low = self._high = 0
        self._found: list[tuple[int, str]] = []
        #: Characters scanned so far: what the reuse saves is testable without timing.
        self.scanned = 0

    def _scan(self, start: int, end: int) -> list[tuple[int, str]]:
        self.scanned += end - start
        return _lone_speakers(self._text, start, end)

    def between(self, start: int, end: int) -> list[tuple[int, str]]:
        if self._low == self._high:
            self._found = self._scan(start, end)
            self._low, self._high = start, end
        if start < self._low:
            # Re-read a little past each edge so a name and its verb across it are found.
            before = self._scan(start, min(self._high, self._low + LONE_OVERLAP))
            self._found = sorted(set(before) | set(self._found))
            self._low = start
        if end > self._high:
            after = self._scan(max(self._low, self._high - LONE_OVERLAP), end)
            self._found = sorted(set(self._found) | set(after))
            self._high = end
        low = bisect.bisect_left(self._found, (start, ""))
        high = bisect.bisect_left(self._found, (end, ""))
        return self._found[low:high]


@dataclass(frozen=True)
class NameIndex:
    """Full personal names the story mentions, by last name, and where each mention appears.

    ``mentions`` holds (position, full name) for every mention of a person in text order,
    including a bare last name or "Mr. Waly" once the story has given the full name. A name
    counts as a person's when the story also uses its last name alone, or gives an honorific
    or a gendered role with it (places and organisations are not called by their last word).
    ``confirmed`` holds those, and the names a he/she follows that also stand where a subject
    does; a name that only a he/she follows counts as a candidate but is never the answer.
    """

    by_last: dict[str, str]
    mentions: tuple[tuple[int, str], ...]
    genders: dict[str, str]
    confirmed: frozenset[str]
    paragraphs: tuple[int, ...]
    text: str
    quoted: _Quoted
    lone: _LoneSpeakers

    def full_name(self, last: str) -> str | None:
        """The first full name the story gives for a last name ("Waly" -> "Ghada Waly")."""
        return self.by_last.get(last.lower())

    def antecedent(self, position: int, gender: str | None, reach: int) -> str | None:
        """The person a pronoun at ``position`` stands for, when the story leaves no doubt.

        News refers back to someone named in the latest paragraph that names anyone before the
        pronoun (its own paragraph counts; quotations do not). The pronoun resolves when exactly
        one person of a compatible gender is named there, the story shows it is a person
        (``confirmed``) and names it there as a subject ("Sabato said", not "when Trump
        mentioned Cruz"); otherwise it stays unresolved (None), because a guessed name is
        worse than the story's own "he". Nor does it resolve to a name further back than ``reach``
        characters.
        """
        k = bisect.bisect_left(self.mentions, (position, ""))
        # People named by one word only ("Obama said") are looked for between the last indexed
        # mention's paragraph and the pronoun: only there can they change the answer.
        since = self._paragraph_start(self.mentions[k - 1][0]) if k else max(0, position - LONE_REACH)
        lone = [
            (at, word) for at, word in self.lone.between(since, position)
            if at not in self.quoted and _core(word) not in self.by_last
        ]
        first = bisect.bisect_left(self.mentions, (since, ""))
        candidates = sorted(list(self.mentions[first:k]) + lone)
        if not candidates or candidates[-1][0] < position - reach:
            return None
        start = self._paragraph_start(candidates[-1][0])
        names = {
            name for at, name in candidates
            if at >= start and (gender is None or self.genders.get(name) in (None, gender))
        }
        if len(names) != 1:
            return None
        name = names.pop()
        if any(word == name for _, word in lone):
            return name  # "Obama said": a person, and a subject
        subject = any(_subject_like(self.text, at) for at, other in candidates if other == name and at >= start)
        return name if name in self.confirmed and subject else None

    def latest_subject(self, position: int, gender: str, since: int) -> str | None:
        """The latest person named as a subject between ``since`` and ``position`` whose gender
        is ``gender`` or unknown (names inside quotations do not count)."""
        k = bisect.bisect_left(self.mentions, (position, ""))
        first = bisect.bisect_left(self.mentions, (since, ""))
        for at, name in reversed(self.mentions[first:k]):
            if (name in self.confirmed and self.genders.get(name) in (None, gender)
                    and _subject_like(self.text, at)):
                return name
        return None

    def _paragraph_start(self, position: int) -> int:
        paragraph = bisect.bisect_left(self.paragraphs, position)
        return self.paragraphs[paragraph - 1] + 1 if paragraph > 0 else 0


class _Mention:
    """One capitalised run read as a name: where it is, the full name, and what it tells."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, at: int, end: int, full: str, is_person: bool, gender: str | None) -> None:
        self.at: Final = at
        self.end: Final = end
        self.full: Final = full
        self.is_person: Final = is_person
        self.gender: Final = gender


def _occurrences(text: str, word: str) -> list[int]:
    """Where ``word`` stands as a whole word in ``text`` (str.find: C speed, no regex to compile)."""
    found = []
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not (before.isalnum() or after.isalnum()):
            found.append(at)
        at = text.find(word, at + len(word))
    return found


def _read_run(words: str) -> tuple[int, tuple[str, ...], tuple[str, ...], str | None] | None:
    """(words skipped at the start, title, name, gender) of a run of capitalised words, or
    None when it is no name."""
    tokens = words.split()
    skipped = 0
    while len(tokens) - skipped > 1 and tokens[skipped].lower() in SENTENCE_WORDS:
        skipped += 1  # "But Waly said": the sentence's first word is not a name
    title, name, gender = split_title(tokens[skipped:])
    name = [w for w in name if not w.endswith(".") or len(w) == 2]
    if not name or _core(name[-1]) in ORGANISATION_HEADS or any(
        w in ARTICLE_JOINERS or _core(w) in _NOT_NAME_WORDS for w in name
    ):
        # "Gewerkschaft der Polizei": German capitalises nouns; an article inside the run makes
        # it a noun phrase, not a personal name.
        return None
    if len(name) > 2 and (sum(w[:1].isupper() for w in name) > MAX_NAME_WORDS or any(_core(w) in CUE_VERBS for w in name[2:])):
        return None  # a headline in title case: "Francois Hollande Says Donald Trump …"
    return skipped, tuple(title), tuple(name), gender


def _mentions(text: str) -> tuple[list[_Mention], dict[str, str]]:
    """Name mentions in text order, and the full name for each last name the story gives."""
    found: list[tuple[int, int, tuple[str, ...], tuple[str, ...], str | None]] = []
    by_last: dict[str, str] = {}
    # A story repeats its names: each distinct run is read once per story. (No cache across
    # stories: extraction keeps no state between calls.)
    readings: dict[str, tuple[int, tuple[str, ...], tuple[str, ...], str | None] | None] = {}
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group()
        if words not in readings:
            readings[words] = _read_run(words)
        reading = readings[words]
        if reading is None:
            continue
        skipped, title, name, gender = reading
        # The mention starts after the sentence words it skipped ("On CBS Face …" -> "CBS").
        at = run.start() + [m.start() for m in _WORDS.finditer(words)][skipped] if skipped else run.start()
        found.append((at, run.end(), name, title, gender))
        if len(name) >= 2:
            by_last.setdefault(_core(name[-1]), " ".join(name).strip(",.;:"))
    mentions: list[_Mention] = []
    for at, end, name, title, gender in found:
        if not (title or gender) and at > 1 and text[at - 2].islower():
            # "his spokeswoman Galia Slayen": a role in lower case before the name is its title
            # (on the name's line, so only a space can start it).
            before = text[text.rfind(" ", max(0, at - 1 - LONGEST_WORD), at - 1) + 1:at - 1]
            if before in TITLE_WORDS:
                title, gender = (before,), _role_gender([before])
        full = " ".join(name).strip(",.;:") if len(name) >= 2 else by_last.get(_core(name[0]))
        if full is None and (title or gender):
            # "President Obama", "Mr. Obama": a story may never give the full name, and the
            # title alone makes the word a person's.
            full = name[0].strip(",.;:")
        if full is not None:
            role = (bool(gender or title) or (text.startswith(",", end) and bool(_APPOSITION_ROLE.match(text, end)))
                    or (text.startswith(", ", at - 2) and bool(_ROLE_BEFORE.search(text, max(0, at - ROLE_BEFORE_CHARS), at))))
            mentions.append(_Mention(at, end, full, role or len(name) == 1, gender))
    # A last name on its own, outside the runs above: stories call people, not places, by
    # their last name alone ("Waly said"), so it also marks the name as a person's.
    spelled = {name[-1].strip(",.;:"): by_last[_core(name[-1])] for _, _, name, _, _ in found if len(name) >= 2}
    inside = [(at, end) for at, end, _, _, _ in found]
    for last, full in spelled.items():
        for at in _occurrences(text, last):
            k = bisect.bisect_right(inside, (at, len(text))) - 1
            if k < 0 or inside[k][1] <= at:
                mentions.append(_Mention(at, at + len(last), full, True, None))
    mentions.sort(key=lambda m: m.at)
    return mentions, by_last


def _subject_like(text: str, at: int) -> bool:
    """Whether a name at ``at`` opens its clause, follows a cue verb or is followed by one,
    counting the role, possessive and article before it as its own ("Murphy’s spokeswoman
    Galia Slayen said", "San Francisco Zoo director Manuel Mollinedo also said")."""
    if _cue_follows(text, at):
        return True
    for _ in range(MAX_NAME_LEAD):
        before = _word_before(text, at)
        if not (before.endswith(_POSSESSIVE_ENDINGS) or _core(before) in _NAME_LEAD
                or (before.islower() and _core(before) in TITLE_WORDS)
                or (before[:1].isupper() and _core(before) in _SENTENCE_ADVERBS)):
            break
        at -= len(before) + 1
    k = at
    while k > 0 and text[k - 1] in " \u00a0":
        k -= 1
    if k == 0 or text[k - 1] in "\n.!?,;:\"“”„«»—–(":
        return True
    return _word_before(text, at) in CUE_VERBS


def _cue_follows(text: str, at: int) -> bool:
    """The name at ``at`` is followed by a cue verb, past its own words and a filler ("Manuel
    Mollinedo also said"): the subject of that verb, whatever precedes it."""
    words = _WORDS.finditer(text, at, min(len(text), at + CUE_FOLLOW_CHARS))
    name_words = 0
    for match in words:
        word = match.group()
        core = _core(word)
        if name_words < MAX_NAME_WORDS and word[:1].isupper() and not word.endswith((",", ".", ";", ":")):
            name_words += 1
            continue
        if name_words < MAX_NAME_WORDS and word[:1].isupper():
            return False  # punctuation after the name ends its clause
        if core in FILLERS:
            continue
        return name_words > 0 and core in CUE_VERBS
    return False


def _word_before(text: str, at: int) -> str:
    """The word that ends one space before ``at`` ("" when something else precedes)."""
    if at < 2 or text[at - 1] != " ":
        return ""
    low = max(0, at - 1 - LONGEST_WORD)  # bounds the search back: rfind would read the paragraph
    return text[max(text.rfind(" ", low, at - 1), text.rfind("\n", low, at - 1), low - 1) + 1:at - 1]


def _lone_speakers(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Single capitalised words of ``text[start:end]`` that speak ("Obama said"): people the
    story names by one word only."""
    found = [
        (m.start(1), m.group(1)) for m in _NAME_THEN_WORD.finditer(text, start, end)
        if m.group(2) in CUE_VERBS and not _INVERTED_SUBJECT.match(text, m.end(2))
    ]
    people = []
    for at, word in found:
        preceding = _word_before(text, at)
        if ((at > 0 and text[at - 1].isalnum()) or _core(word) in _NOT_LONE_NAMES or word[1:2] in _ELISION_MARKS
                or _core(preceding) in DETERMINERS or preceding[:1].isupper()):
            continue  # "The Times said", "die Zeitung berichtete", inside a longer name
        people.append((at, word))
    return people


def _pronoun_genders(text: str, outside: list[_Mention], quoted: Sequence[tuple[int, int]]) -> dict[str, str]:
    """Gender of each name from the "he"/"she" that follow its mentions (outside quotations)
    before the next one.

    Quotations are left out both ways: a name inside one does not cut the window of the name
    before it, and a "he" inside one is about someone the speaker talks of.
    """
    # The text with its quotations blanked keeps every offset and finds no pronoun in them.
    pieces, last = [], 0
    for start, end in sorted(quoted):
        if start >= last:
            pieces += [text[last:start], " " * (end - start)]
            last = end
    unquoted = "".join(pieces) + text[last:]
    votes: dict[str, list[int]] = {}
    for k, mention in enumerate(outside):
        until = outside[k + 1].at if k + 1 < len(outside) else len(text)
        tally = votes.setdefault(mention.full, [0, 0])
        for pronoun in _GENDERED_PRONOUN.finditer(unquoted, mention.at, min(until, mention.at + GENDER_WINDOW)):
            tally[0 if pronoun.group().lower() in _MALE else 1] += 1
    return {full: "m" if male > female else "f" for full, (male, female) in votes.items() if male != female}


def build_name_index(text: str, quoted: Sequence[tuple[int, int]] = ()) -> NameIndex:
    """Every run of capitalised words that reads like a personal name, and what it tells.

    Names inside ``quoted`` (the story's quotations) still tell who is a person, but are no
    antecedents: the "he" of "“…Trump is wrong,” he said" is the speaker, not the man he names.
    """
    inside = _Quoted(quoted)
    mentions, by_last = _mentions(text)
    outside = [m for m in mentions if m.at not in inside]
    genders = _pronoun_genders(text, outside, quoted)
    # "he"/"she" after a name makes it a person's for the count of candidates, but places get
    # them too ("the drought-ravaged Aral Sea … he said"): such a name is an answer only when
    # the story also puts it where a subject stands.
    persons = {m.full for m in mentions if m.is_person}
    voted = set(genders) - persons
    confirmed = frozenset(persons | {m.full for m in mentions if m.full in voted and _subject_like(text, m.at)})
    people = confirmed | voted
    for mention in mentions:
        if mention.gender:
            genders[mention.full] = mention.gender  # an honorific or role outranks pronoun votes
    paragraphs = tuple(m.start() for m in re.finditer("\n", text))
    ordered = tuple((m.at, m.full) for m in outside if m.full in people)
    return NameIndex(by_last, ordered, genders, confirmed, paragraphs, text, inside, _LoneSpeakers(text))
