"""find_quotes on failure classes found in the German development set (each class seen at
least five times there), with hand-made sentences in the same shapes."""

from __future__ import annotations

import pytest

from extractor import find_quotes


@pytest.mark.parametrize(
    "text",
    [
        "Bill Keller, der Chefredakteur der „New York Times“, bekräftigte den Bericht.",
        "Ein Sprecher der „Polizei von Hamm“, Kommissar Jan Berg, sagte, die Lage sei ruhig.",
        "Wie die Internet-Nachrichtensite „Golem“ berichtete, ist der Dienst gesperrt.",
        "Rob Mueller sagte zum „Algemeen Dagblad“, alle Spieler hätten sich die Hand gegeben.",
        "Anna Roth vom „Queer Beograd Kollektiv“ erklärte, der Termin stehe fest.",
        "Bill Keller, editor of the “New York Times”, said the report stood.",
    ],
)
def test_short_name_in_marks_after_an_article_or_noun_is_no_quote(text: str) -> None:
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # Lower case or final punctuation: words worked into the sentence, or speech.
        ("Er sprach von der „schlimmsten Katastrophe des Landes“.", "schlimmsten Katastrophe des Landes"),
        ("Die Ministerin sagte der Zeitung: „Wir bleiben.“", "Wir bleiben."),
        # After a cue verb the capitalised words are what was said, not a name.
        ("Die Demonstranten skandierten „Frieden schaffen ohne Waffen“.", "Frieden schaffen ohne Waffen"),
    ],
)
def test_quoted_words_that_are_no_name_stay(text: str, quoted: str) -> None:
    assert [q.text for q in find_quotes(text)] == [quoted]


def test_full_stop_after_the_closing_mark_keeps_the_next_sentence_out() -> None:
    quote = find_quotes(
        "Beobachter nannten den Einsatz der Polizei „erstaunlich zurückhaltend“. "
        "Ein Eingreifen des Militärs hätte den Beobachtern zufolge die Lage verschärft."
    )
    assert [(q.speaker, q.cue) for q in quote] == [("Beobachter", "nannten")]


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("Vertreter der Grünen bezeichneten den Plan als „wesentlichen Schritt“.", "Vertreter der Grünen", "bezeichneten"),
        ("Der Präsident der Universität begrüßte den Beschluss als „wichtiges Signal“.", "Der Präsident der Universität", "begrüßte"),
        ("„Es war wie ein Güterzug“, beschreibt ein Reporter das Beben.", "ein Reporter", "beschreibt"),
    ],
)
def test_german_cue_verbs_in_plural_and_past(text: str, speaker: str, cue: str) -> None:
    quote = find_quotes(text)
    assert [(q.speaker, q.cue) for q in quote] == [(speaker, cue)]
