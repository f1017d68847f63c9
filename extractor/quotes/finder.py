"""`find_quotes`: quotation marks, attributions and speakers put together.

A quoted stretch is reported when the story attributes it (a cue verb, "according to", a
colon after a name), when it continues an attributed quotation of the same paragraph
("“A,” he said. “B.”"), or when it is long enough to be speech on its own. Short quoted
words with no attribution are titles, nicknames and scare quotes ("the so-called “deal”"),
and are left out.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from ..article import Quote
from .attribution import (
    CONTEXT_CHARS,
    Attribution,
    Word,
    after_words,
    attribution_after,
    attribution_before,
    attribution_of_previous_sentence,
    before_words,
    subject_of_previous_sentence,
)
from .lexicon import (
    ADJECTIVE_ENDINGS_DE,
    CUE_VERBS,
    DEFINITE_ARTICLES,
    DETERMINERS,
    NAME_COORDINATORS,
    NAME_LEADS,
    NON_NOMINATIVE_ARTICLES_DE,
    PRONOUNS,
    SENTENCE_WORDS,
    TITLED_NOUNS,
    lookup_key,
)
from .marks import SINGLE, QuotedSpan, find_spans
from .speakers import NameIndex, Speaker, build_name_index, parse_mention

#: Characters before a he/she searched for its antecedent when the paragraph before it leaves
#: doubt (about three news paragraphs): further back, a story names the person again.
RESOLVE_WINDOW: Final = 1_200

#: Fewest words an unattributed quotation ending in sentence punctuation needs to count as
#: speech. Shorter quoted stretches without a cue are mostly titles and scare quotes.
MIN_UNATTRIBUTED_WORDS: Final = 6

#: Fewest words an unattributed quotation without final punctuation needs (German titles of
#: laws and exhibitions run to eight words).
LONG_UNATTRIBUTED_WORDS: Final = 9

#: Most words of a name in marks after an article or noun ("der „BILD am Sonntag“"); quoted
#: speech worked into a sentence that short starts in lower case or ends in punctuation.
MAX_NAME_WORDS: Final = 5

#: Words read before a quotation to tell a name in marks: its article and up to two
#: adjectives or a short phrase between ("der in Wien befindlichen „Krone Montezumas“").
NAME_LEAD_WORDS: Final = 4

#: Fewest words a quotation that borrows its neighbour's attribution needs when it does not
#: end in punctuation: a one-word name in marks next to a quote is a title, not its sequel.
MIN_INHERITED_WORDS: Final = 3

_FULL_STOPS: Final = (".", "?", "!", "…")

_SENTENCE_END: Final = frozenset(".!?…,;:")

#: Characters read before an opening mark to find the two words that precede it.
LEAD_CHARS: Final = 60

#: Punctuation that ends a quotation's words when the attribution follows it ("…,” he said").
_OPEN_ENDING: Final = tuple(",?!—–-…:;")

#: Punctuation right after a closing mark that sets the attribution off ("„…“, sagte er").
_SEPARATORS: Final = frozenset(",—–-:;")

#: Paragraph numbers between a quotation and the next one that may continue it: body text
#: separates paragraphs with one blank line, so the next paragraph is two newlines on.
PARAGRAPH_GAP: Final = 2

#: Longest stretch between two names in marks that may coordinate them ("„A“, kurz „B“"): a
#: coordinator with a comma, spaces or a bracket about it. A longer one is not copied to be
#: compared, so a name in marks far before a quotation costs nothing.
_COORDINATION_CHARS: Final = max(map(len, NAME_COORDINATORS)) + 6

_NEWLINE: Final = re.compile(r"\n")
_NON_SPACE: Final = re.compile(r"\S")

#: The end of one sentence and the start of the next: a full stop, then a capital or a mark.
_SENTENCE_BREAK: Final = re.compile(r"[.!?…][\"'”’)]*\s+[\"“„'‘A-ZÀ-ÖØ-Þ]|\n")


class _Found:
    """One quotation with what the words around it say about its speaker."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(
        self, span: QuotedSpan, paragraph: int, last_paragraph: int,
        attribution: Attribution | None, opens_paragraph: bool,
        previous_sentence: Attribution | None,
    ) -> None:
        self.span: Final = span
        self.paragraph: Final = paragraph
        self.last_paragraph: Final = last_paragraph
        self.attribution: Final = attribution
        self.opens_paragraph: Final = opens_paragraph
        self.previous_sentence: Final = previous_sentence


def _paragraph_bounds(text: str) -> list[int]:
    """Positions of the newlines of ``text``: paragraph ``k`` ends at ``bounds[k]``."""
    return [m.start() for m in _NEWLINE.finditer(text)]


def _attribute(text: str, span: QuotedSpan, left: int, right: int) -> Attribution | None:
    """The attribution of one quotation, reading no further than ``left``/``right``.

    The cue must be set off from the quotation by punctuation ("…,” she said", "sagte:
    „…“"), or the quotation must read like a sentence: a name in marks followed by a verb
    ("„The Guardian“ berichtete") is the subject of the sentence, not a quotation.
    """
    # The quotation's own words without a trailing nested mark ("… 'Well done,' ").
    words = text[span.start:span.end].rstrip(" '\"’‘”“»«›‹")
    # The two words before the mark decide whether that side may attribute; the whole context
    # of a side is read only when that side is tried (most quotes settle on the first).
    lead = _lead_words(text, span.open_at, left)
    sentence_like = words[:1].isupper() and (
        words.endswith(_FULL_STOPS) or any(w.lower() in PRONOUNS for w in words.split())
    )
    after_ok = words.endswith(_OPEN_ENDING) or text[span.close_at + 1:span.close_at + 2] in _SEPARATORS
    before_ok = bool(lead) and lead[-1].raw.endswith((":", ","))
    # Quoted words that start in lower case are a fragment of speech worked into the sentence
    # ("nannte die Zahlen „aus der Luft gegriffen“"); names and titles start with a capital.
    fragment = words[:1].islower()
    after_allowed = after_ok or sentence_like or fragment
    before_allowed = not _after_titled_noun(lead) and (before_ok or sentence_like or fragment or not _named(lead))
    sides = [("after", after_allowed), ("before", before_allowed)]
    # A colon right before the opening mark announces the quotation explicitly; otherwise the
    # side depends on whether the quotation's sentence is left open for an attribution.
    if not words.endswith(_OPEN_ENDING) or (lead and lead[-1].raw.endswith(":")):
        sides.reverse()
    weaker = None
    for side, allowed in sides:
        if not allowed:
            continue
        found = (
            attribution_after(text, after_words(text, span.close_at, right)) if side == "after"
            else attribution_before(text, before_words(text, span.open_at, left))
        )
        # A colon alone introduces titles as often as speech ("sein erstes Werk: „Le Grand
        # Macabre“"): it attributes only a quotation that reads like a sentence.
        if found is not None and (found.cue != ":" or sentence_like):
            if found.mention and (found.cue != ":" or _new_sentence_after(text, span)):
                return found
            # "she stated, “…,” adding, “…”": a cue without a speaker on one side gives way
            # to the other side's speaker, and a bare colon to the other side's verb
            # ("Besorgt zeigte sich X: „…“, sagte er").
            weaker = weaker or found
    return weaker


def _new_sentence_after(text: str, span: QuotedSpan) -> bool:
    """The quotation ends its sentence and the next one starts after it („… Seiten.“ Sie
    äußerte sich …): what follows is no attribution to prefer over a colon before it."""
    return text[span.end - 1:span.end] == "." and text[span.close_at + 1:span.close_at + 3].strip()[:1].isupper()


#: A closing mark and the comma after it (or before it, as some papers write it).
_CLOSED_THEN_COMMA: Final = tuple(mark + "," for mark in "“”\"»«") + tuple("," + mark for mark in "“”\"»«")


def _lead_words(text: str, open_at: int, left: int, count: int = 2) -> list[Word]:
    """The last ``count`` words before an opening mark, within its sentence."""
    # Positions are not needed here, only the words themselves.
    raws = text[max(left, open_at - LEAD_CHARS):open_at].split()[-count:]
    words = [Word(raw, 0, 0, lookup_key(raw)) for raw in raws]
    for i in range(len(words) - 1, -1, -1):
        if words[i].ends_sentence:
            return words[i + 1:]
    return words


def _named(before: list[Word]) -> bool:
    """The quotation follows a noun or a definite article directly, as a name does ("die
    Zeitschrift „Billboard“", "schreibt die „Computerwoche“", "the film “Jaws”"), rather than
    following its cue ("nannte die Absage einen „Vertrauensbruch“")."""
    if not before:
        return False
    last = before[-1]
    if last.raw[:1].isupper() or last.core in TITLED_NOUNS or last.core in DEFINITE_ARTICLES:
        return True
    # "die in Oberösterreich erscheinende „Rundschau“": a definite article, then its adjective.
    return len(before) > 1 and last.raw.islower() and before[-2].core in DEFINITE_ARTICLES


def _short_title(text: str, span: QuotedSpan) -> bool:
    """A few capitalised words without final punctuation: how a name in marks reads."""
    words = text[span.start:span.end].split()
    return bool(words) and words[0][:1].isupper() and len(words) <= MAX_NAME_WORDS and words[-1][-1:] not in _SENTENCE_END


def _quoted_name(text: str, span: QuotedSpan, lead: list[Word]) -> bool:
    """The quotation is a name in marks: a few capitalised words without final punctuation
    right after an article or a noun that they name ("Chefredakteur der „New York Times“",
    "die Internet-Nachrichtensite „Golem“", "vom „Queer Beograd Kollektiv“").

    A cue elsewhere in the sentence does not make it speech: names of papers, groups and
    works sit in sentences about what someone said.
    """
    if not _short_title(text, span):
        return False
    if not lead or lead[-1].raw[-1:] in _SENTENCE_END or lead[-1].raw[-1:] in "()[]–—-":
        return False
    last = lead[-1]
    if last.core in NAME_LEADS or (last.raw[:1].isupper() and last.core not in SENTENCE_WORDS and last.core not in CUE_VERBS):
        return True
    if last.core in CUE_VERBS and _closed_quotation_before(text, span.open_at, last.raw):
        # "„…“, schrieb „Die Zeit“ in einem Nachruf": the speech came before the verb, so the
        # name after it is who spoke.
        return True
    # "der in Wien befindlichen „Krone Montezumas“", "die verbale „Kriegführung in den Medien“":
    # a definite article, then an inflected adjective before the name ("eine wachsende „Kluft
    # zwischen Arm und Reich“" is a judgement, "nannte den Bericht eine „Zeitungsente“" too).
    if not last.raw.islower() or not last.core.endswith(ADJECTIVE_ENDINGS_DE) or last.core in CUE_VERBS or _is_article(last):
        return False
    article = next((w for w in reversed(lead[:-1]) if _is_article(w)), None)
    return article is not None and article.core in DEFINITE_ARTICLES


def _closed_quotation_before(text: str, open_at: int, verb: str) -> bool:
    """The verb right before ``open_at`` follows a quotation's closing mark and its comma."""
    before = text[max(0, open_at - LEAD_CHARS):open_at].rstrip()
    if not before.endswith(verb):
        return False
    return before[:-len(verb)].rstrip().endswith(_CLOSED_THEN_COMMA)


def _without_names(text: str, spans: list[QuotedSpan]) -> list[QuotedSpan]:
    """The quotations that are not names in marks. A name is part of its sentence, so it
    neither is a quote nor cuts the context of the quotations around it ("lenkte er die Fähre
    „Eagle“ … und meldete sich mit den Worten: „…“", "schreibt die „Computerwoche“")."""
    kept: list[QuotedSpan] = []
    previous_name: QuotedSpan | None = None
    for span in spans:
        # The paragraph's start, looked for only as far back as the lead is read: linear time.
        left = text.rfind("\n", max(0, span.open_at - LEAD_CHARS), span.open_at) + 1
        lead = _lead_words(text, span.open_at, left, NAME_LEAD_WORDS)
        # A name coordinated with the name before ("die Anlagen „Parchin“ und „Lavisan II“",
        # "„Grand Theft Auto“, kurz „GTA“") is one too.
        joined = (previous_name is not None and span.open_at - previous_name.close_at <= _COORDINATION_CHARS
                  and _short_title(text, span)
                  and text[previous_name.close_at + 1:span.open_at].strip(" ,(").lower() in NAME_COORDINATORS)
        if joined or _quoted_name(text, span, lead):
            previous_name = span
        else:
            previous_name = None
            kept.append(span)
    return kept


def _is_article(word: Word) -> bool:
    return word.core in DETERMINERS or word.core in NON_NOMINATIVE_ARTICLES_DE


def _after_titled_noun(before: list[Word]) -> bool:
    """The quotation follows a noun that announces a title or a word ("the word “quixotic”",
    "the film “Jaws”"): a mention, not speech, whatever its case."""
    return bool(before) and before[-1].core in TITLED_NOUNS


def _lead_in(text: str, bounds: list[int], paragraph: int) -> Attribution | None:
    """The attribution of a paragraph-opening quote from the paragraph before, when it ends
    with a colon ("He told his audience:" followed by the quotation on a paragraph of its own).
    """
    k = paragraph - 1
    while k > 0 and _blank(text, bounds[k - 1] + 1, bounds[k]):
        k -= 1
    start = bounds[k - 1] + 1 if k > 0 else 0
    if _last_non_space(text, start, bounds[k]) != ":":
        return None
    return attribution_before(text, before_words(text, bounds[k], start))


def _primary_style(spans: list[QuotedSpan]) -> list[QuotedSpan]:
    """The quotations in the story's own quoting style.

    A story quotes people with double marks (American, German) or single marks (British), and
    uses the other kind only inside quotations. Top-level single marks in a story that also
    has double-marked quotations are headline quotes and scare quotes, not its speech.
    """
    if any(s.family != SINGLE for s in spans):
        return [s for s in spans if s.family != SINGLE]
    return spans


def _is_speech(span: QuotedSpan, text: str, inherited: bool) -> bool:
    """Whether a quotation without a cue of its own reads like speech rather than a title.

    Next to an attributed quotation a few words are enough ("“A,” he said. “Never.”"); on its
    own it needs a sentence (``MIN_UNATTRIBUTED_WORDS`` words ending in sentence punctuation)
    or ``LONG_UNATTRIBUTED_WORDS`` words. Titles, names and scare quotes are shorter, and
    German ones never end in punctuation (tuned on the development set).
    """
    words = text[span.start:span.end].split()
    punctuated = bool(words) and words[-1][-1:] in _SENTENCE_END
    if inherited:
        return len(words) >= MIN_INHERITED_WORDS or punctuated
    if len(words) >= LONG_UNATTRIBUTED_WORDS:
        return True
    return punctuated and len(words) >= MIN_UNATTRIBUTED_WORDS


def _locate(text: str, spans: list[QuotedSpan]) -> list[_Found]:
    """Every quotation with its paragraph number and its own attribution, if any."""
    bounds = _paragraph_bounds(text)
    found: list[_Found] = []
    for i, span in enumerate(spans):
        paragraph = bisect.bisect_left(bounds, span.open_at)
        para_start = bounds[paragraph - 1] + 1 if paragraph > 0 else 0
        last_paragraph = bisect.bisect_left(bounds, span.close_at)
        para_end = bounds[last_paragraph] if last_paragraph < len(bounds) else len(text)
        left = max(para_start, spans[i - 1].close_at + 1) if i > 0 else para_start
        right = min(para_end, spans[i + 1].open_at) if i + 1 < len(spans) else para_end
        # Only the first quotation of a paragraph can open it, so the text before a mark is
        # read once per paragraph: reading it for every quotation is quadratic in a paragraph
        # of thousands of quotes.
        opens = left == para_start and _blank(text, para_start, span.open_at)
        attribution = _attribute(text, span, left, right)
        if attribution is None and opens and paragraph > 0:
            attribution = _lead_in(text, bounds, paragraph)
        # "…, Schiff said. “…”": kept aside, used when no neighbouring quote lends its own.
        previous = attribution_of_previous_sentence(text, span.open_at, left) if attribution is None else None
        found.append(_Found(span, paragraph, last_paragraph, attribution, opens, previous))
    return found


def _paragraph_start(text: str, position: int) -> int:
    """Where the paragraph holding ``position`` starts, looked for only as far back as a
    sentence before it is read (``CONTEXT_CHARS``): a paragraph of thousands of quotations
    is not read back once per quotation."""
    return text.rfind("\n", max(0, position - CONTEXT_CHARS), position) + 1


def _last_non_space(text: str, start: int, end: int) -> str:
    """The last character of ``text[start:end]`` that is not a space ("" if none), read from
    the end: the paragraph before each quotation is not copied to look at its last mark."""
    at = end - 1
    while at >= start and text[at].isspace():
        at -= 1
    return text[at] if at >= start else ""


def _blank(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is only spaces, read no further than its first other character."""
    return _NON_SPACE.search(text, start, end) is None


class _Resolver:
    """Turns mentions into speakers, remembering who spoke so later mentions resolve."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]) -> None:
        self._text = text
        self._quoted = quoted
        self._index: NameIndex | None = None
        #: (position, speaker) of every quotation attributed to a named person so far.
        self.history: list[tuple[int, Speaker]] = []
        # The latest of ``history`` by full name and by lower-case last name: looked up, not
        # searched for, so that a story of thousands of speakers is not read back per quote.
        self._by_name: dict[str, Speaker] = {}
        self._by_last_name: dict[str, Speaker] = {}

    @property
    def index(self) -> NameIndex:
        if self._index is None:  # built only for stories that need it: most quotes name in full
            self._index = build_name_index(self._text, self._quoted)
        return self._index

    def resolve(self, mention: str, position: int) -> Speaker:
        """The speaker a mention stands for, full name and title where the story gives them."""
        speaker = self._resolve(parse_mention(mention), position)
        if speaker.is_person_name:
            self.history.append((position, speaker))
            self._by_name[speaker.name] = speaker
            self._by_last_name[speaker.name.split()[-1].lower()] = speaker
        return speaker

    def _latest(self, position: int, gender: str) -> str | None:
        """The person a he/she most likely means when the paragraph before leaves doubt: the
        latest person of that gender (or of none known) named as a subject or quoted, within
        ``RESOLVE_WINDOW``: news refers back to whom it just named or quoted."""
        since = position - RESOLVE_WINDOW
        spoke: tuple[int, Speaker] | None = None
        for at, speaker in reversed(self.history):
            if at < since:
                break  # older speakers are out of reach: the look-back stays within the window
            if (speaker.gender or self.index.genders.get(speaker.name)) in (None, gender):
                spoke = (at, speaker)
                break
        named = self.index.latest_subject(position, gender, spoke[0] if spoke else since)
        if named is not None:
            return named
        return spoke[1].name if spoke else None

    def _resolve(self, speaker: Speaker, position: int) -> Speaker:
        if speaker.is_pronoun:
            # News names a speaker, then refers back by pronoun: the person the story named
            # just before. Only "he"/"she" and their kin stand for one person; "they", German
            # "sie" (she, they or you) and "we" stay as written.
            if speaker.gender is None:
                return speaker
            name = self.index.antecedent(position, speaker.gender, RESOLVE_WINDOW) or self._latest(position, speaker.gender)
            if name is None:
                return speaker
            known = self._by_name.get(name)
            if known is None:
                return Speaker(name, gender=speaker.gender, from_pronoun=True)
            return Speaker(known.name, known.title, known.gender, from_pronoun=True)
        if not speaker.is_person_name:
            return speaker
        tokens = speaker.name.split()
        # The latest speaker of the same name: a lone last name matches a full one before it.
        prev = self._by_last_name.get(tokens[-1].lower()) if len(tokens) == 1 else self._by_name.get(speaker.name)
        if prev is not None:
            return Speaker(prev.name, speaker.title or prev.title, speaker.gender or prev.gender)
        if len(tokens) == 1:
            full = self.index.full_name(tokens[0])
            if full:
                return Speaker(full, speaker.title, speaker.gender, speaker.is_pronoun)
        return speaker



def _same_paragraph(found: list[_Found], k: int, i: int) -> bool:
    """Quotations ``k`` and ``i`` meet in one paragraph (a multi-paragraph quotation shares
    its last paragraph with what follows it)."""
    if k < i:
        return found[k].last_paragraph == found[i].paragraph
    return found[k].paragraph == found[i].last_paragraph


def _inherited(found: list[_Found], i: int, attributed: list[bool]) -> int | None:
    """Index of the quotation whose attribution a quotation without one of its own takes.

    The nearest attributed quotation of the same paragraph ("“A,” he said. “B.”"), or, for a
    quotation that opens its paragraph, the one just before it in the previous paragraph
    (news continues a speaker's words on a new paragraph without repeating the attribution).
    """
    for k in (i - 1, i + 1, i - 2, i + 2):
        if 0 <= k < len(found) and found[k].attribution and _same_paragraph(found, k, i):
            return k
    if (found[i].opens_paragraph and i > 0 and attributed[i - 1]
            and found[i].paragraph - found[i - 1].last_paragraph <= PARAGRAPH_GAP):
        return i - 1
    return None


def _same_sentence_speaker(text: str, found: list[_Found], i: int, speakers: list[Speaker | None]) -> Speaker | None:
    """The speaker of the nearest quotation of the same sentence that names one."""
    for k in (i - 1, i + 1):
        if not (0 <= k < len(found) and speakers[k] is not None):
            continue
        first, second = sorted((found[k].span, found[i].span), key=lambda span: span.open_at)
        if not _SENTENCE_BREAK.search(text, first.close_at + 1, second.open_at):
            return speakers[k]
    return None


def quotes_in(text: str) -> list[Quote]:
    """`extractor.find_quotes` for a non-empty string (the public function checks the argument)."""
    found = _locate(text, _without_names(text, _primary_style(find_spans(text))))
    resolver = _Resolver(text, [(item.span.open_at, item.span.close_at) for item in found])
    mentions = [item.attribution.mention if item.attribution is not None else None for item in found]
    speakers = [
        resolver.resolve(mention, item.span.open_at) if mention else None
        for item, mention in zip(found, mentions)
    ]
    attributed = [item.attribution is not None for item in found]
    cues = [item.attribution.cue if item.attribution is not None else None for item in found]
    quotes: list[Quote] = []
    for i, item in enumerate(found):
        source = i if item.attribution is not None else _inherited(found, i, attributed)
        if source == i and speakers[i] is None:
            # "“A,” Graham said, adding, “B.”": a cue with no speaker of its own continues
            # the neighbouring quotation's speaker.
            neighbour = _same_sentence_speaker(text, found, i, speakers)
            if neighbour is not None:
                speakers[i] = neighbour
        borrowed = source is not None or item.previous_sentence is not None
        if source != i and not _is_speech(item.span, text, inherited=borrowed):
            continue
        if source is not None:
            attributed[i] = True
            speakers[i] = speakers[source]
            mentions[i] = mentions[source]
            cues[i] = cues[source]
        elif item.previous_sentence is not None:
            attributed[i] = True
            mentions[i] = item.previous_sentence.mention
            speakers[i] = resolver.resolve(mentions[i] or "", item.span.open_at) if mentions[i] else None
            cues[i] = item.previous_sentence.cue
        else:
            # No cue anywhere: the subject of the sentence before, if it names someone.
            subject = subject_of_previous_sentence(text, item.span.open_at, _paragraph_start(text, item.span.open_at))
            if subject is not None:
                attributed[i] = True
                mentions[i] = subject
                speakers[i] = resolver.resolve(subject, item.span.open_at)
        quotes.append(_quote(text, item.span, speakers[i], mentions[i], cues[i]))
    return quotes


def _quote(text: str, span: QuotedSpan, speaker: Speaker | None, mention: str | None, cue: str | None) -> Quote:
    """The public record of one quotation; a pronoun left unresolved names no speaker."""
    named = speaker is not None and not speaker.is_pronoun
    return Quote(
        text=text[span.start:span.end],
        start=span.start,
        end=span.end,
        speaker=speaker.name if named and speaker is not None else None,
        speaker_title=speaker.title if speaker is not None else None,
        cue=cue,
        speaker_mention=mention,
        speaker_resolved=speaker is not None and speaker.from_pronoun,
    )
