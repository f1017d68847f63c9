"""Who a quotation is attributed to, read from the words around it.

For each quotation the sentence around it is cut into the stretch after the closing mark and
the stretch before the opening mark (never reaching into the neighbouring quotation), and
each is searched for a cue: a verb of saying ("said", "sagte"), "according to X", "X zufolge",
or a colon after a name. The speaker is the noun phrase the cue attaches to: before it
("…,” Waly said", "Trump said: “…”") or after it ("…,” said Ghada Waly", "erklärte er: „…“").
"""

from __future__ import annotations

import re
from typing import Final

from .lexicon import (
    ABBREVIATIONS,
    ABSTRACT_ENDINGS_DE,
    ADDRESSEE_CUES,
    ADJECTIVE_ENDINGS_DE,
    ADVERB_ENDINGS_DE,
    ADVERBIAL_STARTS,
    AUXILIARIES_DE,
    COORDINATORS,
    CUE_AFTER_ONLY,
    CUE_TAILS,
    CUE_VERBS,
    DASHES,
    DESCRIPTION_JOINERS,
    DESCRIPTION_OPENERS,
    DETERMINERS,
    DOCUMENT_CUES,
    DOCUMENT_PREPOSITIONS,
    FILLERS,
    GENITIVE_ARTICLES_DE,
    LEADING_CONNECTIVES,
    NAME_JOINERS,
    NOMINATIVE_WEAK_ARTICLES_DE,
    NOMINATIVE_PRONOUNS_DE,
    NON_NOMINATIVE_ARTICLES_DE,
    OBJECT_PRONOUNS,
    PHRASE_STOPS,
    PREPOSITIONS_DE,
    PRONOUNS,
    REFLEXIVES,
    RELATIVE_ARTICLES_DE,
    RELATIVE_PRONOUNS,
    ROMANCE_AUXILIARIES,
    SEPARABLE_CUES_DE,
    SEPARABLE_ENDINGS_DE,
    SPEAKING_PRONOUNS,
    SENTENCE_WORDS,
    SOURCE_POSTPOSITIONS,
    SOURCE_PREPOSITIONS,
    SUBORDINATORS,
    SUBORDINATORS_DE,
    TITLE_WORDS,
    WORDS_DETERMINERS_DE,
    WORDS_NOUNS_DE,
    is_role_compound,
    lookup_key,
)

#: Characters of context read on each side of a quotation. Attributions are short
#: ("…,” said the UNODC's executive director, Ghada Waly, on Monday.") and reading further only
#: finds other sentences' verbs.
CONTEXT_CHARS: Final = 220

#: Longest speaker phrase, in words ("Republican presidential candidate Donald J. Trump of New
#: York"); a longer stretch between quote and verb is a clause, not a speaker.
MAX_SPEAKER_WORDS: Final = 9

#: Longest speaker phrase with its apposition ("Fred Kagan, director of the Critical Threats
#: Project at the hawkish American Enterprise Institute,").
MAX_APPOSITION_WORDS: Final = 22

#: How far before the opening mark a cue may sit, in words ("Trump said on Monday in an
#: interview with CNN: “…”").
MAX_CUE_DISTANCE: Final = 14

#: Longest adverbial opener skipped before a sentence's subject ("Earlier this week,").
MAX_OPENER_WORDS: Final = 3

_WORD: Final = re.compile(r"\S+")
_SENTENCE_PUNCTUATION: Final = re.compile(r"[.!?][\"'”“’)»«]*(?=\s)")
_SOURCE_FIRST: Final = frozenset(phrase[0] for phrase in SOURCE_PREPOSITIONS)
_PAREN: Final = re.compile(r"\([^()]{0,60}\)")
_SPACES: Final = re.compile(r"\s+")
#: A full stop right after a closing mark, then a space: the quotation ended its sentence.
_STOP_AFTER_MARK: Final = re.compile(r"[.!?](?=\s|$)")
_RELATIVE_OPENERS: Final = RELATIVE_PRONOUNS | RELATIVE_ARTICLES_DE
_OPENING_MARKS: Final = "„“\"«»‚"
_CLOSING_MARKS: Final = "“”\"»«‘"
#: Words that attach what follows to the noun before them ("die Anwendung der Regel", "die
#: Mitverantwortung für den Skandal").
_ATTACHMENT_WORDS: Final = GENITIVE_ARTICLES_DE | PREPOSITIONS_DE

#: A full stop between a lower-case letter and a capital, with no space: two sentences glued.
_GLUED_SENTENCE: Final = re.compile(r"(?<=[a-zäöüß])\.(?=[A-ZÄÖÜ][a-zäöüß])")


def ends_sentence(raw: str, core: str) -> bool:
    """``raw`` (a word, ``core`` its lookup key) ends a sentence: "!", "?" or a period that is
    not an abbreviation's ("Sen.", "U.S.") or an initial's ("J.")."""
    last = raw[-1:]
    if last in "!?":
        return True
    if last != ".":
        return False
    # "am 20. Juli": a day's number with a period is a German ordinal, not a sentence's end.
    return bool(core) and not (core in ABBREVIATIONS or (len(core) == 1 and core.isalpha()) or "." in core
                               or (len(core) <= 2 and core.isdigit()))


class Word:
    """One whitespace-separated word of a context, with its offsets in the article.

    ``core`` is the word in lower case without surrounding punctuation ("Sen." -> "sen");
    an abbreviation keeps its inner periods ("u.s").
    """

    # A plain class, not a named tuple: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, raw: str, start: int, end: int, core: str) -> None:
        self.raw: Final = raw
        self.start: Final = start
        self.end: Final = end
        self.core: Final = core

    @property
    def ends_sentence(self) -> bool:
        """Ends with sentence punctuation that is not an abbreviation's or an initial's period."""
        return ends_sentence(self.raw, self.core)

    @property
    def ends_clause(self) -> bool:
        """Ends with a comma, semicolon or colon (or sentence punctuation)."""
        return self.raw[-1:] in ",;:" or self.ends_sentence


class Attribution:
    """A cue and the speaker mention it attaches to, as written in the article."""

    # A plain class, not a dataclass: mypyc compiles this __init__ (see docs/extraction.md).
    def __init__(self, mention: str | None, cue: str) -> None:
        self.mention: Final = mention
        self.cue: Final = cue


def words_in(text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]`` with their offsets."""
    return [Word(m.group(), m.start(), m.end(), lookup_key(m.group())) for m in _WORD.finditer(text, start, end)]


def after_words(text: str, close_at: int, limit: int) -> list[Word]:
    """Words from the closing mark to the end of its sentence (at most ``limit``)."""
    words: list[Word] = []
    if _STOP_AFTER_MARK.match(text, close_at + 1):
        return words  # "als „erstaunlich zurückhaltend“. Eine …": the sentence ends at the mark
    end = min(limit, close_at + 1 + CONTEXT_CHARS)
    glued = _GLUED_SENTENCE.search(text, close_at + 1, end)
    if glued:
        end = glued.end()  # "betonte Struck.Gleichzeitig legten …": the space after the stop is missing
    for match in _WORD.finditer(text, close_at + 1, end):
        raw = match.group()
        word = Word(raw, match.start(), match.end(), lookup_key(raw))
        words.append(word)
        if raw[-1] in ".!?" and word.ends_sentence:
            break
    return words


def before_words(text: str, open_at: int, limit: int) -> list[Word]:
    """Words from the start of the opening mark's sentence (not before ``limit``) to the mark."""
    start = max(limit, open_at - CONTEXT_CHARS)
    # Only a period, "!" or "?" followed by a space can end a sentence: start after the last.
    for end in _SENTENCE_PUNCTUATION.finditer(text, start, open_at):
        token = text[max(text.rfind(" ", start, end.start()), text.rfind("\n", start, end.start())) + 1:end.end()]
        if ends_sentence(token, lookup_key(token)):
            start = end.end()
    for glued in _GLUED_SENTENCE.finditer(text, start, open_at):
        start = glued.end()  # "a man named Sohel Rana.The New York Times describes him": no space after the stop
    words = words_in(text, start, open_at)
    # "… „voll umfänglich“. Relativierend fügt Gall hinzu:": the limit is the previous
    # quotation's closing mark, so its sentence's stop can lead the words; it is no word.
    while words and not words[0].core:
        words = words[1:]
    return words


def _is_cue(word: Word) -> bool:
    return word.core in CUE_VERBS


def _separable_cue(words: list[Word], i: int) -> bool:
    """``words[i]`` is a German verb of saying that needs its ending, and the ending follows it
    in its sentence: "gab ein Sprecher bekannt", "stellte X ebenfalls in Frage:"."""
    endings = SEPARABLE_CUES_DE.get(words[i].core)
    if endings is None:
        return False
    for word in words[i + 1:]:
        if word.core in endings:
            return True
        if word.ends_sentence or word.raw.endswith((":", ";")):
            return False
    return False


def _phrase(text: str, words: list[Word]) -> str | None:
    """The article's own text of a run of words, parentheticals and edge punctuation dropped."""
    if not words:
        return None
    raw = _PAREN.sub(" ", text[words[0].start:words[-1].end])
    raw = _SPACES.sub(" ", raw).strip(" ,;:—–-\"'“”„‘’«»")
    last = raw.rsplit(" ", 1)[-1]
    if raw.endswith(".") and ends_sentence(last, lookup_key(last)):
        raw = raw[:-1]  # "said Ms. Ana Ruiz.": the sentence's stop, not an abbreviation's
    return raw or None


def _head(words: list[Word]) -> list[Word]:
    """The words of a speaker phrase before its apposition ("Ghada Waly" of "Ghada Waly, the …,")."""
    for i, word in enumerate(words):
        if word.raw.endswith(","):
            return words[:i + 1]
    return words


def _looks_like_speaker(words: list[Word]) -> bool:
    """A noun phrase that can name a speaker: short, and a name, a pronoun or a determiner phrase."""
    head = _head(words)
    if not head or len(head) > MAX_SPEAKER_WORDS or len(words) > MAX_APPOSITION_WORDS:
        return False
    first = head[0].core
    if first in ADVERBIAL_STARTS or first in LEADING_CONNECTIVES or any(w.ends_sentence for w in words[:-1]):
        return False
    if first in SPEAKING_PRONOUNS or first in DETERMINERS or first in DESCRIPTION_OPENERS:
        return True
    return any(w.raw[:1].isupper() for w in head)


def _bare_noun_phrase(words: list[Word]) -> bool:
    """A short lower-case noun phrase right before the cue ("federal prosecutors wrote")."""
    return 0 < len(words) <= 3 and all(
        w.raw.isalpha() and w.core not in PHRASE_STOPS and w.core not in FILLERS and w.core not in LEADING_CONNECTIVES
        for w in words
    )


def _is_name_word(word: Word) -> bool:
    """Part of a name-with-title phrase: capitalised, a role word, or a possessive."""
    raw = word.raw.rstrip(",")
    return (raw[:1].isupper() and word.core not in SENTENCE_WORDS) or word.core in TITLE_WORDS or raw.endswith(("'s", "’s", "s'", "s’"))


def _trailing_name(words: list[Word]) -> list[Word]:
    """The name-with-title phrase that ends a clause ("… Iowa State University's Dianne Bystrom")."""
    k = len(words)
    while k > 0:
        word = words[k - 1]
        if word.raw.endswith((",", ";", ":", "―", "—")) and k < len(words):
            break
        if _is_name_word(word):
            k -= 1
        elif word.core in NAME_JOINERS and k < len(words) and k > 1 and _is_name_word(words[k - 2]):
            k -= 1
        else:
            break
    phrase = words[k:]
    while phrase and phrase[0].core in NAME_JOINERS:
        phrase = phrase[1:]
    if k > 0 and words[k - 1].core in DETERMINERS and phrase:
        phrase = words[k - 1:k] + phrase
    has_name = any(w.raw[:1].isupper() and w.core not in SENTENCE_WORDS and w.core not in TITLE_WORDS for w in phrase)
    return phrase if has_name else []


def _first_name_run(words: list[Word]) -> list[Word]:
    """The first run of capitalised words that is not a sentence word (a clause's subject)."""
    run: list[Word] = []
    for word in words:
        if word.raw[:1].isupper() and word.core not in SENTENCE_WORDS:
            run.append(word)
            if word.raw.endswith((",", ";", ":")):
                break
        elif run:
            break
    return run


def _opens_relative_clause(words: list[Word], i: int) -> bool:
    """Word ``i`` opens a relative clause: after a comma, "who …" or German "der" + lower case."""
    if i == 0 or not words[i - 1].raw.endswith(","):
        return False
    if words[i].core in RELATIVE_PRONOUNS:
        return True
    if words[i].core not in RELATIVE_ARTICLES_DE or i + 1 >= len(words) or not words[i + 1].raw[:1].islower():
        return False
    # A German relative clause ends in its verb ("…, der das Gesetz entworfen hatte,"); a
    # role set off by commas ends in a noun ("…, die bildungspolitische Sprecherin der
    # Regierungsfraktion, Sandra Boser,").
    end = next((j for j in range(i, len(words)) if words[j].raw.endswith(",")), None)
    return end is None or not words[end].raw[:1].isupper()


def _without_relative_clauses(words: list[Word]) -> list[Word]:
    """The words without their relative clauses: "Katie Packer, who is chairman of Our
    Principles PAC said" -> "Katie Packer," (the clause's own nouns are not the speaker)."""
    if _RELATIVE_OPENERS.isdisjoint([w.core for w in words]):
        return words
    out: list[Word] = []
    i = 0
    while i < len(words):
        if _opens_relative_clause(words, i):
            while i < len(words) and not words[i].raw.endswith(","):
                i += 1
            i += 1
            continue
        out.append(words[i])
        i += 1
    return out


def subject_before(text: str, words: list[Word]) -> list[Word]:
    """The speaker phrase that ends right before a cue verb, from ``words`` (its clause).

    In order: a name with its apposition ("Ghada Waly, the UNODC's executive director,"); the
    whole clause after its last comma when it is a short noun phrase ("a spokesman for the
    campaign", "Der Staatsanwalt"); the name-with-title phrase that ends the clause
    ("… Iowa State University's Dianne Bystrom"); the clause's first name ("Trump went on").
    """
    words = _without_relative_clauses(words)
    while words and words[-1].core in FILLERS:
        words = words[:-1]
    if not words:
        return []
    commas = [i for i, w in enumerate(words) if w.raw.endswith(",")]
    if commas and commas[-1] == len(words) - 1 and len(commas) >= 2:
        # "Ghada Waly, the UNODC's executive director," — the name before the apposition.
        start = commas[-3] + 1 if len(commas) >= 3 else 0
        candidate = words[start:]
        while candidate and candidate[0].core in LEADING_CONNECTIVES:
            candidate = candidate[1:]
        name = _trailing_name(_head(candidate))
        if name and _head(candidate)[-1] is name[-1]:
            return name + candidate[len(_head(candidate)):]
        # "…, die bildungspolitische Sprecherin der Regierungsfraktion, Sandra Boser (GRÜNE),":
        # a role with its article, then its holder's name, each set off by commas.
        role = words[commas[-3] + 1 if len(commas) >= 3 else 0:commas[-2] + 1]
        holder = words[commas[-2] + 1:]
        if role and role[0].core in DETERMINERS and _name_after_comma(holder) == holder:
            return role + holder
    if len(commas) == 1 and commas[0] < len(words) - 1:
        named = _name_with_apposition(words, commas[0])
        if named:
            return named
    clause = words[commas[-1] + 1:] if commas and commas[-1] != len(words) - 1 else words
    while clause and clause[0].core in LEADING_CONNECTIVES:
        clause = clause[1:]
    if clause and clause[0].core in PRONOUNS:
        # "When he returned he began by saying": the pronoun is the subject, the rest its verb.
        return clause[:1]
    if clause and all(_is_name_word(w) or w.core in NAME_JOINERS for w in clause):
        return clause
    if clause and (clause[0].core in DETERMINERS or clause[0].core in DESCRIPTION_OPENERS) and len(clause) <= MAX_SPEAKER_WORDS - 3:
        return clause
    named = _trailing_name(clause) or _first_name_run(clause)
    if not named and clause and clause[-1].core in SPEAKING_PRONOUNS and not clause[-1].raw.endswith(","):
        # "Her most striking appeal came when she said", "what it calls": with no name in the
        # clause, a pronoun right before the verb is its subject.
        return clause[-1:]
    return named


def _name_with_apposition(words: list[Word], comma: int) -> list[Word]:
    """A name that opens the clause and a role after it whose closing comma is missing
    ("Theo Zwanziger, Präsident des Deutschen Fußball-Bunds nannte", "Olexandr Turtschynow, der
    Exstellvertreter von Timoschenko sagte"): the name with its apposition; [] otherwise."""
    name = words[:comma + 1]
    while name and name[0].core in LEADING_CONNECTIVES:
        name = name[1:]
    role = words[comma + 1:]
    if not name or len(name) > 4 or not all(_is_name_word(w) and w.core not in TITLE_WORDS for w in name):
        return []
    first = role[0]
    if first.core in DETERMINERS or first.core in TITLE_WORDS or is_role_compound(first.raw, first.core):
        return name + role
    return []


#: Words that may sit between a role and the comma before its holder's name ("der
#: Oberkommandierende General der US-Streitkräfte im Irak, General George Casey").
_ROLE_ATTACHMENT_WORDS: Final = PREPOSITIONS_DE | NAME_JOINERS | frozenset(("und", "and", "in", "at"))

#: Words that continue a list after its second item.
_LIST_JOINERS: Final = frozenset(("oder", "or", "sowie"))

#: Longest run of words between a role and that comma; longer, it is a clause of its own.
MAX_ROLE_ATTACHMENT: Final = 5

#: Longest name after a role's comma ("General George Casey").
MAX_NAME_WORDS: Final = 4


def _name_after_comma(words: list[Word]) -> list[Word]:
    """The capitalised name that opens ``words`` and ends at a comma, a parenthesis or a
    lower-case word ("Peter Hahn, die Politik", "Sebastian Edathy (SPD), den"); [] otherwise."""
    name: list[Word] = []
    for word in words[:MAX_NAME_WORDS + 1]:
        if not word.raw[:1].isupper() or word.core in SENTENCE_WORDS or word.core in DETERMINERS:
            break
        name.append(word)
        if word.raw.endswith((",", ":", ")")) or len(name) == MAX_NAME_WORDS:
            break
    if not name or all(w.core in TITLE_WORDS for w in name):
        return []
    rest = words[len(name):]
    if rest and (rest[0].core in COORDINATORS or rest[0].core in _LIST_JOINERS):
        return []  # "an Staatsanwaltschaft, Polizei und Veranstalter": a list, not a name
    ends = name[-1].raw.endswith((",", ":")) or not rest or rest[0].raw.startswith("(") or rest[0].raw.islower()
    return name if ends else []


def role_apposition(words: list[Word], role: list[Word]) -> list[Word]:
    """A role phrase cut before its attachment and the name after its comma, joined: "der
    Hauptgeschäftsführer des Deutschen Brauer-Bundes, Peter Hahn", "die Sprecherin der
    Unionsfraktion im Bundestag, Annette Widmann-Mauz"; ``role`` unchanged when no name follows.

    News German names the holder of a long role after it, set off by a comma; the role alone
    names nobody the reader can look up."""
    if not role or role[0].core not in DETERMINERS or role[-1].raw.endswith((":", ";")):
        return role
    if role[-1].raw.endswith(","):
        return role + _name_after_comma(words[len(role):])
    for j in range(len(role), min(len(words), len(role) + MAX_ROLE_ATTACHMENT + 1)):
        word = words[j]
        if word.ends_sentence or word.raw.endswith((":", ";")):
            return role
        if not (word.raw[:1].isupper() or word.core in _ROLE_ATTACHMENT_WORDS):
            return role
        if word.raw.endswith(","):
            name = _name_after_comma(words[j + 1:])
            return words[:j + 1 + len(name)] if name else role
    return role


def phrase_after(words: list[Word]) -> list[Word]:
    """The speaker phrase that follows a cue ("said Sen. Ted Cruz, R-Texas" -> "Sen. Ted Cruz").

    Stops at a preposition, a relative pronoun or a clause comma; keeps an apposition that
    follows a comma when it reads like a role ("said Ghada Waly, the UNODC's executive director").
    """
    while words and (words[0].core in REFLEXIVES or words[0].core in OBJECT_PRONOUNS or words[0].core in FILLERS):
        # "äußerte sich Schavan", "charakterisierte ihn der Funktionär", "dijo ayer el ministro"
        words = words[1:]
    starts_with_determiner = bool(words) and words[0].core in DETERMINERS | DESCRIPTION_OPENERS
    out = _extended_attribute(words) if starts_with_determiner else []
    for word in words[len(out):]:
        core = word.core
        if out and core in DESCRIPTION_OPENERS:
            break  # "said Trump his …": a possessive after the name starts something else
        if out and core in PHRASE_STOPS and not (starts_with_determiner and core in DESCRIPTION_JOINERS):
            break
        if not out and core in PHRASE_STOPS and core not in DETERMINERS:
            break
        if out and core in CUE_VERBS:
            break  # "„…“, wird Panetta zitiert"
        if out and core in SEPARABLE_ENDINGS_DE and word.raw.islower():
            break  # "gab ein Sprecher des Unternehmens bekannt": the verb's own ending
        out.append(word)
        if word.ends_clause or len(out) >= MAX_SPEAKER_WORDS or (len(out) == 1 and core in SPEAKING_PRONOUNS):
            break  # "äußerte er sich mit den Worten": a pronoun is the whole speaker
    while len(out) > 1 and (out[-1].core in NAME_JOINERS or out[-1].core in DETERMINERS) and not out[-1].ends_clause:
        out = out[:-1]  # "sprach der Präsident von der „…“": the joiners lead into the quotation
    out = role_apposition(words, out)
    if out and out[-1].raw.endswith(",") and len(out) < len(words):
        rest = words[len(out):]
        role_first = out[0].core in DETERMINERS
        if rest and (rest[0].core in DETERMINERS or role_first and rest[0].raw[:1].isupper()):
            apposition = []
            for word in rest:
                apposition.append(word)
                if word.ends_clause or len(apposition) >= MAX_SPEAKER_WORDS:
                    break
            if not any(w.core in PHRASE_STOPS - DETERMINERS for w in apposition):
                out.extend(apposition)
    return out


def _extended_attribute(words: list[Word]) -> list[Word]:
    """A German article with a participle phrase before its noun, up to the noun ("die in New
    York City geborene Lopez", "einer gestern verbreiteten Erklärung"); [] for any other
    phrase. Such a phrase has a stop word right after the article and an inflected adjective
    right before the noun."""
    if len(words) < 3 or not words[1].raw.islower() or words[1].core not in PHRASE_STOPS:
        return []
    for j in range(2, min(len(words), MAX_SPEAKER_WORDS)):
        previous = words[j - 1]
        if previous.ends_clause or previous.core in CUE_VERBS:
            return []
        if (words[j].raw[:1].isupper() and previous.raw.islower() and previous.core not in PHRASE_STOPS
                and previous.core.endswith(ADJECTIVE_ENDINGS_DE)):
            return words[:j + 1]
    return []


def _source_preposition(words: list[Word]) -> int | None:
    """Index of the first word after "according to" / "laut" / "selon", if present."""
    for i, word in enumerate(words):
        if word.core in _SOURCE_FIRST:
            for phrase in SOURCE_PREPOSITIONS:
                if tuple(w.core for w in words[i:i + len(phrase)]) == phrase:
                    return i + len(phrase)
    return None


def _inverted_pronoun(words: list[Word]) -> Attribution | None:
    """French inversion after a quotation: "explique-t-il", "a-t-elle ajouté", "dit-elle"."""
    verb, _, pronoun = words[0].core.rpartition("-")
    verb = verb.removesuffix("-t")
    if not verb or pronoun not in PRONOUNS:
        return None
    if verb in CUE_VERBS:
        return Attribution(pronoun, verb)
    if verb in ROMANCE_AUXILIARIES and len(words) > 1 and _is_cue(words[1]):
        return Attribution(pronoun, words[1].core)
    return None


def _after_document_cue(words: list[Word]) -> list[Word]:
    """The document after "heißt es": "in dem Schreiben an …" -> "dem Schreiben an …"."""
    while words and (words[0].core in OBJECT_PRONOUNS or words[0].core in FILLERS or words[0].core in CUE_TAILS):
        words = words[1:]  # "heißt es dazu in einer Pressemitteilung"
    return words[1:] if words and words[0].core in DOCUMENT_PREPOSITIONS else []


def attribution_after(text: str, words: list[Word]) -> Attribution | None:
    """An attribution in the words that follow a quotation: "…,” said X" or "…,” X said"."""
    if words and words[0].raw in DASHES:
        # "“…” ― Julie A. Diaz Martinez": a dash and a name sign the quotation.
        name = _first_name_run(words[1:MAX_SPEAKER_WORDS])
        if name and name[0] is words[1]:
            return Attribution(_phrase(text, name), words[0].raw)
    while words and not words[0].core:
        words = words[1:]
    if words:
        inverted = _inverted_pronoun(words)
        if inverted is not None:
            return inverted
    if (len(words) > 1 and words[0].raw[:1].isupper() and words[0].raw.isalpha() and _is_cue(words[1])
            and words[0].core not in SPEAKING_PRONOUNS and words[0].core not in DETERMINERS
            and words[0].core not in DESCRIPTION_OPENERS):
        # "“…,” Read said.", "“…,” From said.", "“…,” Will wrote.": a capital in mid-sentence
        # right before the verb is a name, even one spelt like a word.
        return Attribution(words[0].raw, words[1].core)
    if len(words) > 1 and words[0].core in ROMANCE_AUXILIARIES | CUE_AFTER_ONLY and _is_cue(words[1]):
        # "«…», a déclaré Maria Lopez", "„…“, so charakterisierte ihn X": the verb is the cue.
        words = words[1:]
    if not words:
        return None
    source = _source_preposition(words[:3])
    if source is not None:
        mention = _phrase(text, phrase_after(words[source:]))
        return Attribution(mention, " ".join(w.core for w in words[:source])) if mention else None
    for i, word in enumerate(words[:MAX_APPOSITION_WORDS + 2]):
        if _is_cue(word) or _separable_cue(words, i) or (i == 0 and word.core in CUE_AFTER_ONLY | AUXILIARIES_DE):
            if i == 0:
                speaker = phrase_after(_after_document_cue(words[1:]) if word.core in DOCUMENT_CUES else words[1:])
                if not _looks_like_speaker(speaker):
                    # "„…“, so lautet der Titel": "so" attributes only with a speaker after it.
                    return None if word.core in CUE_AFTER_ONLY | AUXILIARIES_DE else Attribution(None, word.core)
                return Attribution(_phrase(text, speaker), word.core)
            after = words[i + 1:i + 2]
            if after and after[0].core in NOMINATIVE_PRONOUNS_DE and not word.raw.endswith(","):
                # "„…“, mit diesen Worten meldete er sich zurück": "er" is the subject, what
                # opens the clause is not.
                return Attribution(_phrase(text, after), word.core)
            subject = subject_before(text, words[:i])
            if not (_looks_like_speaker(subject) or _bare_noun_phrase(words[:i])):
                return None
            return Attribution(_phrase(text, subject or words[:i]), word.core)
        if word.raw.endswith((":", ";")) or word.ends_sentence:
            break
        if word.core in SOURCE_POSTPOSITIONS and i > 0:
            return Attribution(_phrase(text, words[:i]), word.core)
    return None


def attribution_before(text: str, words: list[Word]) -> Attribution | None:
    """An attribution in the words that lead into a quotation: "X said: “…”", "according to X, “…”"."""
    found = _attribution_before(text, words)
    if found is not None and found.cue in SEPARABLE_CUES_DE and found.cue not in CUE_VERBS and words[-1].raw.endswith(":"):
        # "Den Namen der Sendung gab das ZDF bekannt: „Karol Wojtyla“": such a verb announces a
        # name or a title as often as speech, as a colon alone does, and is weighed as one.
        return Attribution(found.mention, ":")
    return found


def _attribution_before(text: str, words: list[Word]) -> Attribution | None:
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
        if not (_is_cue(word) or _separable_cue(words, c)):
            continue
        lead = [w for w in words[:c] if w.core not in FILLERS]
        if lead and lead[-1].core in COORDINATORS:
            # "he said at a news conference, and then predicted: “…”": the verb shares the
            # subject that opens the sentence.
            opener = first_noun_phrase(words[:c])
            if _looks_like_speaker(opener):
                return Attribution(_phrase(text, opener), word.core)
        if c > 0 and word.core.endswith("ing") and words[c - 1].raw.endswith(","):
            # "Trump defended the incident, saying: “…”": a participle's speaker is the
            # subject that opens the sentence.
            opener = first_noun_phrase(words[:c])
            if _looks_like_speaker(opener):
                return Attribution(_phrase(text, opener), word.core)
        auxiliary = next((a for a in range(c - 1, -1, -1) if words[a].core in AUXILIARIES_DE), None)
        if auxiliary is not None:
            # "hatte Bundeskanzlerin Angela Merkel in einer Rede verkündet:": in the German
            # perfect the subject follows the auxiliary.
            after_auxiliary = phrase_after(words[auxiliary + 1:c])
            if _looks_like_speaker(after_auxiliary) and after_auxiliary[0].core not in SENTENCE_WORDS:
                return Attribution(_phrase(text, after_auxiliary), word.core)
            # "Stoiber hatte besonders die Rolle der Parteivorsitzenden betont:": the subject
            # stands before the auxiliary, the verb's object between it and the participle.
            opener = first_noun_phrase(words[:auxiliary]) if auxiliary > 0 else []
            if _looks_like_speaker(opener) and opener[-1] is words[auxiliary - 1]:
                return Attribution(_phrase(text, opener), word.core)
        if word.core in DOCUMENT_CUES:
            # "Auf der documenta-Homepage heißt es:": the document before the verb is the source.
            # The sentence's first preposition: "In einer Erklärung der EU-Außenminister vom
            # Dienstagabend hatte es geheißen" names the declaration, not the evening.
            start = next((i for i in range(c) if words[i].core in DOCUMENT_PREPOSITIONS), None)
            document = _head(words[start + 1:c]) if start is not None else []
            while document and (document[-1].core in AUXILIARIES_DE or document[-1].core in OBJECT_PRONOUNS):
                document = document[:-1]  # "In einer Erklärung … hatte es geheißen:": the verb's own words
            if document:
                return Attribution(_phrase(text, document), word.core)
            # "So heißt es in dem Schreiben wörtlich:": the document follows the verb.
            document = phrase_after(_after_document_cue(words[c + 1:]))
            if _looks_like_speaker(document):
                return Attribution(_phrase(text, document), word.core)
        lead_in = words[:c]
        while lead_in and lead_in[-1].core in ROMANCE_AUXILIARIES:
            lead_in = lead_in[:-1]  # "Pouria Amirshahi … a annoncé": the auxiliary is no speaker
        subject = subject_before(text, lead_in)
        tail = words[c + 1:]
        if any(w.core in SUBORDINATORS for w in tail):
            # "who read both parts of Don Quixote because I used the word “quixotic”": the
            # cue belongs to another clause than the quotation.
            return None
        inverted = phrase_after(tail) if tail and tail[0].core not in CUE_TAILS and word.core not in ADDRESSEE_CUES else []
        if (len(inverted) > 1 and inverted[-1] is words[-1] and inverted[-1].raw.endswith(":") and inverted[-1].raw.islower()
                and inverted[-2].raw[:1].isupper()):
            # "entgegnete Suttner empört:": a word of manner closes the clause before the colon.
            inverted = inverted[:-1]
        if inverted and inverted[0].raw[:1].isupper() and inverted[-1].raw.islower() and inverted[-1].core not in TITLE_WORDS:
            # "but now said Trump had “…”": a name and a verb after the cue start the reported
            # clause; an inverted speaker ends in its name or role ("sagte der Linkspolitiker:").
            inverted = []
        # A clause that opens with an adverbial puts its subject after the verb (German word
        # order, English "Said Trump:"): "Gegenüber dem Tagesspiegel sagte der Linkspolitiker:".
        # A relative clause inside the opener is not where the main clause starts ("In einem
        # Bericht, der … veröffentlicht wurde, rechtfertigte das Ministerium").
        clause = _without_relative_clauses(words[:c])
        commas = [i for i, w in enumerate(clause[:-1]) if w.raw.endswith(",")]
        adverbial = (_opens_with_adverbial(clause[commas[-1] + 1:] if commas else clause) or _after_subordinate_clause(words, c)
                     or _abstract_object_first(clause) and _is_person_name(inverted))
        if adverbial and _looks_like_speaker(inverted):
            return Attribution(_phrase(text, inverted), word.core)
        # A pronoun after the verb is its subject unless the clause opens with one: then it is
        # an object ("Der Hauptgeschäftsführer nannte sie „fahrlässig“") or opens a reported
        # clause ("Der Minister sagte, er werde …").
        opens = next((w for w in clause if w.core not in LEADING_CONNECTIVES), None)
        if inverted and inverted[0].core in NOMINATIVE_PRONOUNS_DE and not word.raw.endswith(","):
            # "Das Angebot, Verletzte zu behandeln, lehnt er ab:": "er" is only ever a subject,
            # so what opens the clause is its object.
            return Attribution(_phrase(text, inverted[:1]), word.core)
        if _looks_like_speaker(subject) and not (inverted and inverted[0].core in PRONOUNS and subject[0] is not opens):
            return Attribution(_phrase(text, subject), word.core)
        if _looks_like_speaker(inverted):
            return Attribution(_phrase(text, inverted), word.core)
        return Attribution(None, word.core)
    if words[-1].raw.endswith(":"):
        so = _so_before_colon(text, words)
        if so is not None:
            return so
        # "Pollsters agree - Carl Bialik:": after a dash, the name alone introduces the quote.
        dashes = [i for i, w in enumerate(words[:-1]) if w.raw in DASHES]
        subject = first_noun_phrase(words[dashes[-1] + 1:] if dashes else words)
        if _looks_like_speaker(subject):
            return Attribution(_phrase(text, subject), "mit den Worten" if _with_the_words(words) else ":")
    return None


def _so_before_colon(text: str, words: list[Word]) -> Attribution | None:
    """"…, so Elshorst weiter: „…“": "so" and a speaker after a comma close the clause as they
    do after a quotation ("„…“, so Müller"); the clause before is what the speaker said."""
    for k in range(len(words) - 2, 0, -1):
        if words[k].core in CUE_AFTER_ONLY and words[k - 1].raw.endswith(","):
            speaker = phrase_after(words[k + 1:])
            rest = words[k + 1 + len(speaker):]
            if _looks_like_speaker(speaker) and all(w.core in PHRASE_STOPS or w.core in FILLERS for w in rest):
                return Attribution(_phrase(text, speaker), words[k].core)
            return None
    return None


def _after_subordinate_clause(words: list[Word], c: int) -> bool:
    """The verb ``words[c]`` follows a German subordinate clause that opens the sentence
    ("Nachdem …, entgegnete Suttner:", "Da …, warnte der Geschäftsführer"): that clause fills
    the place before the verb, so the subject follows it."""
    return c > 1 and words[0].core in SUBORDINATORS_DE and words[0].raw[:1].isupper() and words[c - 1].raw.endswith(",")


def _abstract_object_first(clause: list[Word]) -> bool:
    """The German clause before the verb opens with an abstract noun and its attachment ("Die
    praktische Anwendung der Richtlinienkompetenz …", "Jegliche Mitverantwortung für …"): a
    thing said or denied, put first as the verb's object."""
    for i, word in enumerate(clause[:MAX_OPENER_WORDS]):
        if word.raw[:1].isupper() and word.core.endswith(ABSTRACT_ENDINGS_DE):
            following = clause[i + 1:i + 2]
            return bool(following) and following[0].core in _ATTACHMENT_WORDS
        if not (word.raw.islower() or word.core in DETERMINERS or i == 0):
            return False
    return False


def _is_person_name(words: list[Word]) -> bool:
    """A name after the verb: capitalised words, after a role with its article when there is
    one ("Hartmann", "der SPD-Vorsitzende Franz Münteferin", "der Fraktionschef der
    Bürgerliste, Anton Keller"), never a single noun after an article ("der Presse")."""
    names, least = words, 1
    if words and words[0].core in DETERMINERS:
        commas = [i for i, w in enumerate(words[:-1]) if w.raw.endswith(",")]
        names, least = (words[commas[-1] + 1:], 1) if commas else (words[1:], 2)
    return len(names) >= least and all(w.raw[:1].isupper() and w.core not in SENTENCE_WORDS for w in names)


def _with_the_words(words: list[Word]) -> bool:
    """The clause announces speech with "mit den Worten" ("versuchte mit den Worten zu
    beruhigen:"): a cue whatever its verb, unlike a bare colon, which announces titles too."""
    return any(
        word.core in WORDS_NOUNS_DE and words[i - 1].core in WORDS_DETERMINERS_DE and words[i - 2].core == "mit"
        for i, word in enumerate(words) if i >= 2
    )


def _opens_with_adverbial(words: list[Word]) -> bool:
    """The clause opens with an adverbial ("Über Steve Fossett", "Hier", "Als Begründung",
    "Ähnlich", "Relativierend") or an object ("Den Unmut der CDU", "Der englischsprachigen
    Zeitung"), so in German word order its subject follows the verb."""
    for i, word in enumerate(words):
        if word.core in ADVERBIAL_STARTS:
            return True
        if word.core not in LEADING_CONNECTIVES:
            if _not_nominative(words[i:]) or _adverb_first(words[i:]):
                return True
            return word.core in SENTENCE_WORDS and word.core not in PRONOUNS and word.core not in DETERMINERS
    return True


def _not_nominative(words: list[Word]) -> bool:
    """German case: "den"/"dem"/"des" never open a subject, nor "der"/"das" before an
    adjective in "-en" ("Der englischsprachigen Zeitung sagte Filep Karma:"); a subject reads
    "der englischsprachige …"."""
    first = words[0].core
    if first in NON_NOMINATIVE_ARTICLES_DE:
        return True
    if first not in NOMINATIVE_WEAK_ARTICLES_DE or len(words) < 2:
        return False
    adjective = words[1]
    return (adjective.raw.islower() and adjective.core.endswith("en") and adjective.core not in PREPOSITIONS_DE
            and adjective.core not in PHRASE_STOPS)


def _adverb_first(words: list[Word]) -> bool:
    """A German adverb or adjective alone before the verb ("Ähnlich äußerte sich …",
    "Relativierend fügt Gall hinzu"): its ending tells it from a name."""
    first = words[0]
    # Alone: the clause before a cue verb ends with the word.
    return (first.raw[:1].isupper() and first.core.endswith(ADVERB_ENDINGS_DE)
            and (len(words) == 1 or words[1].raw.islower() or first.raw.endswith(",")))


def _after_first_verb(words: list[Word]) -> list[Word]:
    """The words after the clause's finite verb: the first lower-case word that is not an
    article, a joiner, a preposition or an adjective after one of those. In a clause that
    opens with an adverbial, what follows the verb ("Hier sparte | der Bundespräsident …",
    "Passend zu den Gefahren des Eises warnte | die Moderatorin …")."""
    quoted = False
    for i, word in enumerate(words[1:], start=1):
        # "Unter dem Motto „Freiheit statt Angst“ zogen …": a title in marks is part of the
        # opener, its words are never the verb.
        opens, closes = word.raw[:1] in _OPENING_MARKS, word.raw.rstrip(",.;:")[-1:] in _CLOSING_MARKS
        if quoted or (opens and not closes):
            quoted = not closes
            continue
        if not word.raw.islower() or word.core in DETERMINERS or word.core in NAME_JOINERS or word.core in PREPOSITIONS_DE:
            continue
        previous = words[i - 1].core
        if previous in DETERMINERS or previous in PREPOSITIONS_DE:
            continue  # an adjective: "über die praktische Anwendung", "nach zweijähriger Amtszeit"
        return words[i + 1:]
    return []


def _without_short_opener(words: list[Word]) -> list[Word]:
    """The clause without a short adverbial opener set off by a comma before a name ("Hours
    later, Trump returned …", "Last week, Cruz said"); a name alone ("Ted Cruz, …") stays."""
    comma = next((i for i, w in enumerate(words[:MAX_OPENER_WORDS]) if w.raw.endswith(",")), None)
    if comma is None or comma + 1 >= len(words) or not words[comma + 1].raw[:1].isupper():
        return words
    if any(w.raw.islower() for w in words[:comma + 1]):
        return words[comma + 1:]
    return words


def _opens_with_participle(words: list[Word]) -> bool:
    """The clause opens with an English participle phrase ("Speaking in Beijing, …")."""
    first = words[0]
    return (len(words) > 1 and first.raw[:1].isupper() and first.core.endswith("ing") and len(first.core) > 5
            and words[1].raw.islower())


def first_noun_phrase(words: list[Word]) -> list[Word]:
    """The noun phrase a clause opens with: its subject in English and German.

    "Die Bewohner des Dorfes sehen alles gelassen:" -> "Die Bewohner des Dorfes"; "Republican
    nominee Donald Trump issued a statement:" -> "Republican nominee Donald Trump". Lower-case
    words are taken only between a determiner and the noun ("der österreichische Bundeskanzler").
    A clause that opens with an adverbial ("In a statement") has no subject phrase here.
    """
    if words and _opens_with_participle(words):
        # "Appearing before cheering supporters Monday morning, Suu Kyi said": the subject
        # follows the participle's phrase and its comma.
        comma = next((i for i, w in enumerate(words) if w.raw.endswith(",")), len(words))
        words = words[comma + 1:]
    elif words and _opens_with_adverbial(words):
        words = _after_first_verb(words)
    words = _without_short_opener(words)
    while words and (words[0].core in LEADING_CONNECTIVES or words[0].core in REFLEXIVES
                     or words[0].core in AUXILIARIES_DE):
        words = words[1:]  # "So hatte der Minister zugesichert:": past the auxiliary
    if not words or words[0].core in ADVERBIAL_STARTS:
        return []
    if words[0].core in PRONOUNS:
        return words[:1]
    out: list[Word] = []
    seen_noun = False
    for word in words:
        capital = word.raw[:1].isupper()
        if not out and word.core in DETERMINERS:
            out.append(word)
        elif capital or word.core in TITLE_WORDS:
            if capital and word.core in SENTENCE_WORDS and out:
                break
            out.append(word)
            seen_noun = True
        elif word.core in NAME_JOINERS and seen_noun:
            out.append(word)
        elif out and not seen_noun and word.raw.isalpha() and word.raw.islower():
            out.append(word)  # an adjective between determiner and noun
        else:
            break
        if word.ends_clause or len(out) > MAX_SPEAKER_WORDS:
            break
    while out and out[-1].core in NAME_JOINERS | DETERMINERS:
        out = out[:-1]
    return role_apposition(words, out) if seen_noun else []


def attribution_of_previous_sentence(text: str, open_at: int, limit: int) -> Attribution | None:
    """The attribution of a quotation that follows a sentence ending in its cue ("…, Schiff
    said. “…”"): the news way of attributing the quotation that comes next."""
    end = open_at
    while end > limit and text[end - 1].isspace():
        end -= 1
    if end <= limit or text[end - 1] != ".":
        return None
    words = before_words(text, end - 1, limit)
    if not words or not _is_cue(words[-1]) or len(words) < 2:
        return None
    subject = subject_before(text, words[:-1])
    if not _looks_like_speaker(subject):
        return None
    return Attribution(_phrase(text, subject), words[-1].core)


def subject_of_previous_sentence(text: str, open_at: int, limit: int) -> str | None:
    """The subject of the sentence right before a quotation that has no cue of its own, when
    it names a person or a body ("Sadiq Khan … verurteilte die Haltung der Regierung. „…“",
    "Die SPD will am Kurs festhalten. „Wir wollen …“"): news quotes whom it just described.
    For a quotation that opens its paragraph (nothing after ``limit``) the sentence is the
    last of the paragraph before, and its subject must be followed by a verb of saying."""
    end = open_at
    while end > limit and text[end - 1].isspace():
        end -= 1
    previous_paragraph = end <= limit
    if previous_paragraph:
        # A quotation opening its paragraph: the last sentence of the paragraph before, but
        # only when its subject is followed by a verb of saying ("Carter said that … would
        # not happen.", "Howard continued his scathing remarks.").
        while end > 0 and text[end - 1].isspace():
            end -= 1
        limit = text.rfind("\n", 0, end) + 1
    if end <= limit or text[end - 1] not in ".:":
        return None
    words = before_words(text, end - 1, limit)
    if words and words[0].raw.endswith(":"):
        words = words[1:]  # "Europapolitik: Die SPD will …": a topic label before the sentence
    subject = first_noun_phrase(words)
    if not subject or subject[0] is not words[0] and subject[0].core not in DETERMINERS:
        return None  # a subject after the verb belongs to a clause this reading does not parse
    if not _looks_like_speaker(subject) or not any(_is_name_word(w) and w.core not in DETERMINERS for w in subject):
        return None
    if previous_paragraph and not _cue_follows_subject(words, len(subject)):
        return None
    return _phrase(text, subject)


def _cue_follows_subject(words: list[Word], k: int) -> bool:
    """The words after a sentence's subject (``words[:k]``) start with its verb of saying,
    past fillers and an apposition set off by commas ("Clinton, clearly frustrated,
    responded")."""
    if words[k - 1].raw.endswith(","):
        k = next((i + 1 for i in range(k, len(words)) if words[i].raw.endswith(",")), len(words))
    while k < len(words) and words[k].core in FILLERS:
        k += 1
    return k < len(words) and (_is_cue(words[k]) or _separable_cue(words, k))
