"""Who a quotation is attributed to, read from the words around it.

For each quotation the sentence around it is cut into the stretch after the closing mark and
the stretch before the opening mark (never reaching into the neighbouring quotation), and
each is searched for a cue: a verb of saying ("said", "sagte"), "according to X", "X zufolge",
or a colon after a name. The speaker is the noun phrase the cue attaches to: before it
("…,” Waly said", "Trump said: “…”") or after it ("…,” said Ghada Waly", "erklärte er: „…“").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    ABBREVIATIONS,
    CUE_AFTER_ONLY,
    CUE_VERBS,
    DETERMINERS,
    FILLERS,
    LEADING_CONNECTIVES,
    PHRASE_STOPS,
    PRONOUNS,
    SOURCE_POSTPOSITIONS,
    SOURCE_PREPOSITIONS,
)

#: Characters of context read on each side of a quotation. Attributions are short
#: ("…,” said the UNODC's executive director, Ghada Waly, on Monday.") and reading further only
#: finds other sentences' verbs.
CONTEXT_CHARS = 220

#: Longest speaker phrase, in words ("Republican presidential candidate Donald J. Trump of New
#: York"); a longer stretch between quote and verb is a clause, not a speaker.
MAX_SPEAKER_WORDS = 9

#: How far before the opening mark a cue may sit, in words ("Trump said on Monday in an
#: interview with CNN: “…”").
MAX_CUE_DISTANCE = 9

#: Subject phrases that start with these words are adverbials, not speakers ("On Monday,
#: Trump said" is split at the comma; "Am Montag sagte er" has its speaker after the verb).
ADVERBIAL_STARTS = frozenset(
    "in on at during after before when while since for with am im beim bei vor nach seit auf mit "
    "laut zuvor dazu damals später heute gestern".split()
)

#: Words that may sit between a cue and the opening mark without changing who speaks
#: ("said that “…”", "sagte dazu: „…“").
CUE_TAILS = frozenset("that dass dazu daraufhin of about reporters".split())

_WORD = re.compile(r"\S+")
_EDGE = re.compile(r"^[^\w]+|[^\w.]+$|(?<=\w)\.$")
_PAREN = re.compile(r"\([^()]{0,60}\)")


@dataclass(frozen=True)
class Word:
    """One whitespace-separated word of a context, with its offsets in the article."""

    raw: str
    start: int
    end: int

    @property
    def core(self) -> str:
        """The word casefolded, without surrounding punctuation ("Sen." -> "sen")."""
        return _EDGE.sub("", self.raw).casefold()

    @property
    def ends_sentence(self) -> bool:
        """Ends with sentence punctuation that is not an abbreviation's or an initial's period."""
        if self.raw[-1:] in "!?":
            return True
        if not self.raw.endswith("."):
            return False
        core = self.core
        return not (core in ABBREVIATIONS or (len(core) == 1 and core.isalpha()) or "." in core)

    @property
    def ends_clause(self) -> bool:
        """Ends with a comma, semicolon or colon (or sentence punctuation)."""
        return self.raw[-1:] in ",;:" or self.ends_sentence


@dataclass(frozen=True)
class Attribution:
    """A cue and the speaker mention it attaches to, as written in the article."""

    mention: str | None
    cue: str


def words_in(text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]`` with their offsets."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def after_words(text: str, close_at: int, limit: int) -> list[Word]:
    """Words from the closing mark to the end of its sentence (at most ``limit``)."""
    words: list[Word] = []
    for word in words_in(text, close_at + 1, min(limit, close_at + 1 + CONTEXT_CHARS)):
        words.append(word)
        if word.ends_sentence:
            break
    return words


def before_words(text: str, open_at: int, limit: int) -> list[Word]:
    """Words from the start of the opening mark's sentence (not before ``limit``) to the mark."""
    words = words_in(text, max(limit, open_at - CONTEXT_CHARS), open_at)
    for i in range(len(words) - 1, -1, -1):
        if words[i].ends_sentence:
            return words[i + 1:]
    return words


def _is_cue(word: Word) -> bool:
    return word.core in CUE_VERBS


def _phrase(text: str, words: list[Word]) -> str | None:
    """The article's own text of a run of words, parentheticals and edge punctuation dropped."""
    if not words:
        return None
    raw = _PAREN.sub(" ", text[words[0].start:words[-1].end])
    raw = re.sub(r"\s+", " ", raw).strip(" ,;:—–-\"'“”„‘’«»")
    if raw.endswith(".") and Word(raw, 0, len(raw)).ends_sentence:
        raw = raw[:-1]
    return raw or None


def _looks_like_speaker(words: list[Word]) -> bool:
    """A noun phrase that can name a speaker: short, and a name, a pronoun or a determiner phrase."""
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return False
    first = words[0].core
    if first in ADVERBIAL_STARTS or any(w.ends_sentence for w in words[:-1]):
        return False
    if first in PRONOUNS or first in DETERMINERS:
        return True
    return any(w.raw[:1].isupper() for w in words)


def subject_before(text: str, words: list[Word]) -> list[Word]:
    """The speaker phrase that ends right before a cue verb, from ``words`` (its clause).

    "Ghada Waly, the UNODC's executive director," keeps its apposition; "In a statement, Trump"
    keeps only what follows the last clause comma; fillers ("also", "has") are dropped.
    """
    while words and words[-1].core in FILLERS:
        words = words[:-1]
    if not words:
        return []
    # An apposition is a comma-delimited stretch right before the verb: keep the name before it.
    commas = [i for i, w in enumerate(words) if w.raw.endswith(",")]
    if commas and commas[-1] == len(words) - 1:
        inner = commas[:-1]
        words = words[inner[-2] + 1:] if len(inner) >= 2 else words
    elif commas:
        words = words[commas[-1] + 1:]
    while words and words[0].core in LEADING_CONNECTIVES and len(words) > 1:
        words = words[1:]
    return words


def phrase_after(words: list[Word]) -> list[Word]:
    """The speaker phrase that follows a cue ("said Sen. Ted Cruz, R-Texas" -> "Sen. Ted Cruz").

    Stops at a preposition, a relative pronoun or a clause comma; keeps an apposition that
    follows a comma when it reads like a role ("said Ghada Waly, the UNODC's executive director").
    """
    out: list[Word] = []
    starts_with_determiner = bool(words) and words[0].core in DETERMINERS
    for word in words:
        core = word.core
        if out and core in PHRASE_STOPS and not (starts_with_determiner and core in ("der", "des")):
            break
        if not out and core in PHRASE_STOPS and core not in DETERMINERS:
            break
        out.append(word)
        if word.ends_clause or len(out) >= MAX_SPEAKER_WORDS:
            break
    if out and out[-1].raw.endswith(",") and len(out) < len(words):
        rest = words[len(out):]
        if rest and rest[0].core in DETERMINERS:
            apposition = []
            for word in rest:
                apposition.append(word)
                if word.ends_clause or len(apposition) >= MAX_SPEAKER_WORDS:
                    break
            if not any(w.core in PHRASE_STOPS - DETERMINERS for w in apposition):
                out.extend(apposition)
    return out


def _source_preposition(words: list[Word]) -> int | None:
    """Index of the first word after "according to" / "laut" / "selon", if present."""
    cores = [w.core for w in words]
    for i in range(len(cores)):
        for phrase in SOURCE_PREPOSITIONS:
            if tuple(cores[i:i + len(phrase)]) == phrase:
                return i + len(phrase)
    return None


def attribution_after(text: str, words: list[Word]) -> Attribution | None:
    """An attribution in the words that follow a quotation: "…,” said X" or "…,” X said"."""
    while words and not words[0].core:
        words = words[1:]
    if not words:
        return None
    source = _source_preposition(words[:3])
    if source is not None:
        mention = _phrase(text, phrase_after(words[source:]))
        return Attribution(mention, " ".join(w.core for w in words[:source])) if mention else None
    for i, word in enumerate(words[:MAX_SPEAKER_WORDS + 2]):
        if _is_cue(word) or (i == 0 and word.core in CUE_AFTER_ONLY):
            if i == 0:
                speaker = phrase_after(words[1:])
                if not _looks_like_speaker(speaker):
                    return Attribution(None, word.core)
                return Attribution(_phrase(text, speaker), word.core)
            subject = subject_before(text, words[:i])
            if not _looks_like_speaker(subject):
                return None
            return Attribution(_phrase(text, subject), word.core)
        if word.raw.endswith((":", ";")) or word.ends_sentence:
            break
        if word.core in SOURCE_POSTPOSITIONS and i > 0:
            return Attribution(_phrase(text, words[:i]), word.core)
    return None


def attribution_before(text: str, words: list[Word]) -> Attribution | None:
    """An attribution in the words that lead into a quotation: "X said: “…”", "according to X, “…”"."""
    if not words:
        return None
    source = _source_preposition(words)
    if source is not None:
        speaker = phrase_after(words[source:])
        if _looks_like_speaker(speaker):
            return Attribution(_phrase(text, speaker), "according to" if source == 2 else words[source - 1].core)
    low = max(0, len(words) - MAX_CUE_DISTANCE)
    for c in range(len(words) - 1, low - 1, -1):
        word = words[c]
        if word.core in SOURCE_POSTPOSITIONS and c > 0:
            return Attribution(_phrase(text, subject_before(text, words[:c])), word.core)
        if not _is_cue(word):
            continue
        subject = subject_before(text, words[:c])
        tail = words[c + 1:]
        inverted = phrase_after(tail) if tail and tail[0].core not in CUE_TAILS else []
        if _looks_like_speaker(subject) and not (inverted and inverted[0].core in PRONOUNS):
            return Attribution(_phrase(text, subject), word.core)
        if _looks_like_speaker(inverted):
            return Attribution(_phrase(text, inverted), word.core)
        return Attribution(None, word.core)
    if words[-1].raw.endswith(":"):
        subject = subject_before(text, words)
        if _looks_like_speaker(subject) and len(subject) <= MAX_SPEAKER_WORDS - 3:
            return Attribution(_phrase(text, subject), ":")
    return None
