"""Quote-mark pairing: styles, nesting, apostrophes, multi-paragraph quotes and broken input."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import find_quotes
from extractor.quotes.marks import MAX_MARKS, MAX_QUOTE_CHARS, MAX_QUOTES, QUOTE_CHARS, find_spans


def spans_text(text: str) -> list[str]:
    return [text[span.start:span.end] for span in find_spans(text)]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Don't park in Jones' car, it's from the '90s and rock 'n' roll, y'all."
    assert spans_text(text) == []


def test_possessive_inside_a_single_quoted_quote_does_not_close_it_early() -> None:
    text = "‘It’s the ’90s again,’ she said."
    assert spans_text(text) == ["It’s the ’90s again,"]


def test_nested_quotes_give_the_outer_quote_only() -> None:
    assert spans_text("“He said ‘no’ and left,” she said.") == ["He said ‘no’ and left,"]
    assert spans_text("„Er sagte ‚nein‘ und ging“, sagte sie.") == ["Er sagte ‚nein‘ und ging"]


def test_german_closing_mark_is_the_english_opening_glyph() -> None:
    assert spans_text("„Erstens“ und „zweitens“.") == ["Erstens", "zweitens"]


def test_guillemets_either_way_round() -> None:
    assert spans_text("«Bonjour», dit-il.") == ["Bonjour"]
    assert spans_text("»Guten Tag«, sagte er.") == ["Guten Tag"]


def test_mixed_straight_and_curly_marks_pair() -> None:
    assert spans_text("“We will win\" he said, \"no doubt”.") == ["We will win", "no doubt"]


def test_two_apostrophes_are_not_marks() -> None:
    assert spans_text("''We will win,'' he said.") == []


def test_unclosed_mark_yields_nothing() -> None:
    assert find_quotes("“We will win, he said, and then left the room.") == []
    assert find_quotes("We will win,” he said.") == []


def test_unclosed_inner_mark_does_not_swallow_the_outer_quote() -> None:
    assert spans_text("“He said ‘no and left,” she said.") == ["He said ‘no and left,"]


def test_multi_paragraph_quote_needs_the_next_paragraph_to_reopen() -> None:
    joined = "“First paragraph of the quote.\n\n“Second paragraph.”"
    assert spans_text(joined) == ["First paragraph of the quote.\n\n“Second paragraph."]
    broken = "“First paragraph, never closed.\n\nA new paragraph of plain prose.”"
    assert spans_text(broken) == []
    # A paragraph with no mark at all ends the open quote: the next one's mark opens anew.
    between = "“We will win,\n\nA plain paragraph here.\n\n“and soon,” she said."
    assert spans_text(between) == ["and soon,"]


def test_quote_longer_than_the_bound_is_refused() -> None:
    text = "“" + "word " * (MAX_QUOTE_CHARS // 5 + 10) + "end.”"
    assert find_spans(text) == []


def test_one_megabyte_paragraph_with_one_opening_mark() -> None:
    text = "He said “" + "and so on " * 100_000
    assert find_quotes(text) == []


STRAY_MARKS = "“ ” ‘ ’ \" ' „ “ « » "
REAL_QUOTE = "“A real quote here,” said Maria Lopez."


def test_thousands_of_marks() -> None:
    text = STRAY_MARKS * (MAX_MARKS // 12) + REAL_QUOTE
    quotes = find_quotes(text)
    assert quotes[-1].speaker == "Maria Lopez"


def test_marks_past_the_most_read_are_not_read() -> None:
    assert find_quotes(STRAY_MARKS * (MAX_MARKS // 10 + 1) + REAL_QUOTE) == []


def test_thousands_of_short_quotes() -> None:
    text = "“Yes,” he said. " * (MAX_QUOTES - 1)
    quotes = find_quotes(text)
    assert len(quotes) == MAX_QUOTES - 1
    assert all(q.text == "Yes," for q in quotes)


def test_a_flood_of_quotes_gives_the_first_so_many() -> None:
    text = "".join(f"“Yes {i},” he said. " for i in range(MAX_QUOTES + 500))
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == [f"Yes {i}," for i in range(MAX_QUOTES)]


def test_non_text_input_gives_no_quotes() -> None:
    assert find_quotes("") == []
    assert find_quotes(None) == []  # type: ignore[arg-type]


_ALPHABET = string.ascii_letters + " .,:;!?\n'\"-—" + "".join(QUOTE_CHARS) + "äßé"


def _without_marks(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTE_CHARS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_ALPHABET)), max_size=400))
def test_arbitrary_text_never_raises_and_offsets_are_valid(text: str) -> None:
    previous_end = -1
    for quote in find_quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.start > previous_end
        previous_end = quote.end
        words = text[quote.start:quote.end]
        # Documented: the words at the offsets, less the marks that re-open a multi-paragraph quote.
        assert quote.text == words or (
            "\n" in words and _without_marks(quote.text) == _without_marks(words)
            and len(quote.text) < len(words)
        )


_VOCABULARY = (
    "said says told according to sagte erklärte so laut zufolge hatte a déclaré he she er sie "
    "the der die als nannte Mr. Ms. Sen. Waly Ghada UNODC Executive Director Angela Merkel "
    "of von who , . : ; ! ? — ( ) \n \n\n “ ” „ ‚ ‘ ’ \" ' « » 「 」 yes we will act"
).split(" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VOCABULARY), max_size=80))
def test_arbitrary_attribution_words_never_raise(tokens: list[str]) -> None:
    text = " ".join(tokens).replace("\\n", "\n")
    for quote in find_quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_never_raises(text: str) -> None:
    for quote in find_quotes(text):
        assert 0 <= quote.start < quote.end <= len(text)


def test_pronoun_speakers_read_the_story_once() -> None:
    # Each "he said" looks back for one-word speakers; the story must be read once in all, or
    # thousands of pronoun quotes would cost thousands of look-backs.
    from extractor.quotes import speakers

    text = "Obama said so. " + "“Yes,” he said. " * 5_000
    assert find_quotes(text)[0].speaker == "Obama"
    index = speakers.build_name_index(text)
    pronouns = [at for at in range(len(text)) if text.startswith("he said", at)]
    for at in pronouns:  # as the finder asks, once per pronoun quote
        index.antecedent(at, "male", len(text))
    assert index.lone.scanned > len(text) // 2  # the look-backs did read the story...
    assert index.lone.scanned <= len(text) + speakers.LONE_OVERLAP * len(pronouns)  # ...once
