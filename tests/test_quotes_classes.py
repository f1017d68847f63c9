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
