"""find_quotes: attribution patterns, speakers, titles and resolution, on hand-made sentences."""

from __future__ import annotations

import pytest

from extractor import Quote, find_quotes

SEED_BODY = (
    "VIENNA — The world drug report was published on Monday.\n\n"
    "“Drug trafficking … continues to fuel violence, corruption and instability,” said UNODC "
    "Executive Director Ghada Waly. The report counts 292 million drug users.\n\n"
    "Seizures of cocaine reached a record high, the agency said in its summary.\n\n"
    "“We must act together,” Waly said."
)


def unresolved(quote: Quote) -> str | None:
    """The mention of a quote whose speaker is left open (a pronoun the story leaves ambiguous)."""
    assert quote.speaker is None and not quote.speaker_resolved, quote
    return quote.speaker_mention


def only(text: str) -> Quote:
    quotes = find_quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_seed_page_yields_two_quotes_by_ghada_waly() -> None:
    quotes = find_quotes(SEED_BODY)
    assert [q.speaker for q in quotes] == ["Ghada Waly", "Ghada Waly"]
    assert quotes[0].speaker_title == "UNODC Executive Director"
    assert quotes[0].text.startswith("Drug trafficking") and quotes[1].text == "We must act together,"
    assert [q.cue for q in quotes] == ["said", "said"]


def test_offsets_point_at_the_quoted_words() -> None:
    for quote in find_quotes(SEED_BODY):
        assert SEED_BODY[quote.start:quote.end] == quote.text


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“The deal is dead,” said Maria Lopez, a trade lawyer.", "Maria Lopez", "said"),
        ("“The deal is dead,” Maria Lopez said on Tuesday.", "Maria Lopez", "said"),
        ("“The deal is dead,” Maria Lopez told Reuters.", "Maria Lopez", "told"),
        ("Maria Lopez said: “The deal is dead.”", "Maria Lopez", "said"),
        ("Maria Lopez said that “the deal is dead and buried.”", "Maria Lopez", "said"),
        ("According to Maria Lopez, “the deal is dead.”", "Maria Lopez", "according to"),
        ("Maria Lopez: “The deal is dead.”", "Maria Lopez", ":"),
        ("“The deal is dead,” said the senator.", "the senator", "said"),
        ("„Das Abkommen ist tot“, sagte Maria Lopez am Dienstag.", "Maria Lopez", "sagte"),
        ("Maria Lopez erklärte: „Das Abkommen ist tot.“", "Maria Lopez", "erklärte"),
        ("„Das Abkommen ist tot“, so Lopez.", "Lopez", "so"),
        ("„Das Abkommen ist tot“, hatte Maria Lopez in einem Interview erklärt.", "Maria Lopez", "hatte"),
        ("«L'accord est mort», a déclaré Maria Lopez.", "Maria Lopez", "déclaré"),
        ("«El acuerdo está muerto», dijo Maria Lopez.", "Maria Lopez", "dijo"),
        ("«L'accordo è morto», ha detto Maria Lopez.", "Maria Lopez", "detto"),
    ],
)
def test_attribution_patterns(text: str, speaker: str, cue: str) -> None:
    quote = only(text)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_title_before_the_name() -> None:
    quote = only("“We are ready,” said Republican presidential candidate Donald Trump.")
    assert (quote.speaker, quote.speaker_title) == ("Donald Trump", "Republican presidential candidate")


def test_title_in_apposition_after_the_name() -> None:
    quote = only("“Drugs fuel violence,” Ghada Waly, the UNODC’s executive director, said.")
    assert (quote.speaker, quote.speaker_title) == ("Ghada Waly", "UNODC’s executive director")


def test_german_title_before_the_name() -> None:
    quote = only("Bundesinnenministerin Nancy Faeser sagte: „Wir handeln jetzt.“")
    assert (quote.speaker, quote.speaker_title) == ("Nancy Faeser", "Bundesinnenministerin")


def test_role_then_name_in_apposition() -> None:
    quote = only("„Wir handeln jetzt“, sagte der Innenminister Frankreichs, Nicolas Sarkozy.")
    assert quote.speaker == "Nicolas Sarkozy"


def test_honorific_is_dropped_and_last_name_resolves() -> None:
    text = "Senator Elizabeth Warren spoke first.\n\n“It is a scandal,” Ms. Warren said."
    assert only(text).speaker == "Elizabeth Warren"


def test_pronoun_resolves_to_the_person_named_before() -> None:
    text = (
        "Angela Merkel visited the flooded towns on Sunday.\n\n"
        "“We will rebuild every house,” she said."
    )
    assert only(text).speaker == "Angela Merkel"


def test_pronoun_skips_a_person_of_the_other_gender() -> None:
    text = (
        "Ms. Jane Porter met Mr. Tom Baker in Leeds. Mr. Baker left early.\n\n"
        "“It went well,” she said."
    )
    assert only(text).speaker == "Jane Porter"


def test_unresolvable_pronoun_is_kept_as_the_mention_with_no_speaker() -> None:
    assert unresolved(only("“It went well,” she said.")) == "she"


def test_quote_split_by_its_attribution_gives_two_parts_with_one_speaker() -> None:
    quotes = find_quotes("“We will,” Maria Lopez said, “and soon.”")
    assert [q.text for q in quotes] == ["We will,", "and soon."]
    assert {q.speaker for q in quotes} == {"Maria Lopez"}
    assert {q.cue for q in quotes} == {"said"}


def test_quote_continued_after_the_attribution_sentence() -> None:
    quotes = find_quotes("“We will win,” Maria Lopez said. “Nobody can stop us now.”")
    assert [q.speaker for q in quotes] == ["Maria Lopez", "Maria Lopez"]


def test_quote_paragraph_continues_the_previous_speaker() -> None:
    text = "“We will win,” Maria Lopez said.\n\n“Nobody can stop us now, not this year.”"
    assert [q.speaker for q in find_quotes(text)] == ["Maria Lopez", "Maria Lopez"]


def test_paragraph_ending_in_a_colon_attributes_the_next_one() -> None:
    text = "Maria Lopez told the crowd:\n\n“Nobody can stop us now.”"
    assert only(text).speaker == "Maria Lopez"


def test_multi_paragraph_quote_is_one_quote_with_its_breaks_and_reopening_marks() -> None:
    text = (
        "Maria Lopez said:\n\n“The first part of the argument is long and has no closing mark.\n\n"
        "“The second part ends it.”"
    )
    quote = only(text)
    assert quote.text == (
        "The first part of the argument is long and has no closing mark.\n\n“The second part ends it."
    )
    assert text[quote.start:quote.end] == quote.text and text[quote.end] == "”"
    assert quote.speaker == "Maria Lopez"


def test_quote_spanning_sentences() -> None:
    quote = only("“We tried. We failed. We will try again,” said Maria Lopez.")
    assert quote.text == "We tried. We failed. We will try again,"


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “deal” collapsed on Friday.",
        "She starred in “Gone With the Wind” in 1939.",
        "Die Zeitschrift „Billboard“ berichtete über die Tour.",
        "Das „Gesetz zur Änderung des Passgesetzes“ tritt im Mai in Kraft.",
        "The “dangerous” idea was dropped after a week.",
        "The film “Jaws” opened in 1975 to long lines.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == []


def test_unattributed_sentence_in_marks_is_kept() -> None:
    quote = only("The crowd waited.\n\n“This is the moment we have waited for since the war.”")
    assert quote.speaker is None and quote.cue is None


def test_british_single_marks_with_nested_double_marks() -> None:
    quote = only("‘He told me “never again”, and he meant it,’ said Maria Lopez.")
    assert quote.text == "He told me “never again”, and he meant it,"
    assert quote.speaker == "Maria Lopez"


def test_single_marks_in_a_story_quoted_with_double_marks_are_not_quotes() -> None:
    text = "Clinton Calls Remarks ‘Troubling’ In Speech.\n\n“We must do better,” said Hillary Clinton."
    assert [q.speaker for q in find_quotes(text)] == ["Hillary Clinton"]


@pytest.mark.parametrize(
    "text",
    [
        "„Wir schaffen das“, sagte Angela Merkel.",
        "»Wir schaffen das«, sagte Angela Merkel.",
        "‚Wir schaffen das‘, sagte Angela Merkel.",
        "«Wir schaffen das», sagte Angela Merkel.",
        "‹Wir schaffen das›, sagte Angela Merkel.",
        "「Wir schaffen das」, sagte Angela Merkel.",
        "『Wir schaffen das』, sagte Angela Merkel.",
        '"Wir schaffen das", sagte Angela Merkel.',
        "'Wir schaffen das', sagte Angela Merkel.",
    ],
)
def test_every_mark_style(text: str) -> None:
    quote = only(text)
    assert (quote.text, quote.speaker) == ("Wir schaffen das", "Angela Merkel")


def test_to_dict_keys_are_the_documented_eight() -> None:
    assert list(only("“Yes, we can,” said Barack Obama.").to_dict()) == [
        "text", "speaker", "speaker_title", "speaker_mention", "speaker_resolved", "cue", "start", "end",
    ]


def test_affiliation_after_of_is_not_part_of_the_name() -> None:
    quote = only("“The law is clear,” said Stephen Vladeck of the University of Texas.")
    assert quote.speaker == "Stephen Vladeck"
    role = only("“We will act,” said Secretary of State John Kerry.")
    assert (role.speaker, role.speaker_title) == ("John Kerry", "Secretary of State")


def test_weekday_after_the_name_is_not_the_speaker() -> None:
    assert only("“We will act,” Weaver said Tuesday.").speaker == "Weaver"
    assert only("Weaver, on Tuesday, telling reporters: “We will act.”").speaker == "Weaver"


def test_pronoun_resolves_to_the_subject_rather_than_the_object() -> None:
    text = "Mr. Tom Baker met Mr. John Smith in Leeds.\n\n“It went well,” he said."
    quote = only(text)
    assert (quote.speaker, quote.speaker_mention, quote.speaker_resolved) == ("Tom Baker", "he", True)


def test_pronoun_of_the_other_gender_or_out_of_reach_stays_unresolved() -> None:
    assert unresolved(only("Mr. Tom Baker spoke in Leeds.\n\n“It went well,” she said.")) == "she"
    far = "Mr. Tom Baker spoke in Leeds.\n\n" + "The rain went on all day long in the town.\n\n" * 40
    assert unresolved(only(far + "“It went well,” he said.")) == "he"


def test_pronoun_resolves_to_the_latest_speaker_of_its_gender() -> None:
    text = (
        "“We start now,” said Ms. Ana Ruiz. “We will not wait,” Mr. Paul Kern said.\n\n"
        "The plan has critics in the city council and beyond.\n\n“It is a good plan,” she said."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Ana Ruiz", "Paul Kern", "Ana Ruiz"]


def test_cue_of_another_clause_does_not_attribute() -> None:
    text = "A student read both parts of Don Quixote because I used the word “quixotic.”"
    assert find_quotes(text) == []


def test_subject_after_an_introductory_phrase_with_comma() -> None:
    text = "In a notice viewed by reporters, HCA said use of the drugs surged, “significantly” raising costs."
    assert [q.speaker for q in find_quotes(text)] in ([], ["HCA"])


def test_clause_opening_word_is_not_a_name() -> None:
    text = "Whenever I travel, people ask me things.\n\n“So you teach Plato to plumbers?” he asked."
    assert unresolved(only(text)) == "he"


def test_description_speakers_keep_what_they_belong_to() -> None:
    assert only("“It is over,” said one longtime adviser to Bill Clinton.").speaker == (
        "one longtime adviser to Bill Clinton"
    )
    assert only("“It is over,” added his campaign manager Jeff Weaver.").speaker == "Jeff Weaver"


def test_second_verb_shares_the_sentence_subject() -> None:
    text = "“It will resonate,” Maria Lopez said at a news conference, and then predicted: “We will win.”"
    assert [q.speaker for q in find_quotes(text)] == ["Maria Lopez", "Maria Lopez"]


def test_german_verb_second_order_puts_the_speaker_after_the_verb() -> None:
    quote = only("Gegenüber dem Tagesspiegel sagte der Linkspolitiker: „Das ist falsch.“")
    assert quote.speaker == "der Linkspolitiker"


def test_german_embedded_fragment_after_its_cue() -> None:
    quote = only("RTL-Chefin Anke Schäferkordt nannte diese Zahlen „aus der Luft gegriffen“.")
    assert (quote.speaker, quote.cue) == ("Anke Schäferkordt", "nannte")


def test_organisation_is_not_a_pronoun_antecedent() -> None:
    text = (
        "Tutoring helps, said Elizabeth Huffaker, an assistant professor at the University of "
        "Florida.\n\n“There is a lot of potential upside,” she said.\n\n"
        "Matthew Kraft of Brown University agreed."
    )
    assert find_quotes(text)[0].speaker == "Elizabeth Huffaker"


def test_sentence_ending_in_its_cue_attributes_the_next_quote() -> None:
    text = "The talks would continue while Kerry negotiates, Adam Schiff said. “We cannot wait forever.”"
    assert only(text).speaker == "Adam Schiff"


def test_description_opened_by_a_quantifier_before_the_cue() -> None:
    quote = only("Another source familiar with the talks said, “It is over now.”")
    assert quote.speaker == "Another source familiar with the talks"


def test_name_inside_a_quotation_is_no_antecedent() -> None:
    text = "Maria Lopez, a trade lawyer, disagreed.\n\n“Sen. Tom Hale has no idea what to do,” she said."
    assert only(text).speaker == "Maria Lopez"


def test_pronoun_inside_a_quotation_does_not_tell_the_gender_of_the_name_before() -> None:
    text = "Maria Lopez spoke on Monday.\n\n“Donald Trump is wrong, and he knows it,” she said."
    assert only(text).speaker == "Maria Lopez"


def test_title_alone_makes_a_one_word_name_an_antecedent() -> None:
    text = "Peter Hall spoke first.\n\nThe vote failed. Mr. Obama spoke afterwards.\n\n“It is a shame,” he said."
    assert only(text).speaker == "Obama"


def test_lower_case_role_before_a_name_makes_it_a_person() -> None:
    text = (
        "Maria Lopez, a trade lawyer, thanked the mayor.\n\nThe spokeswoman Galia Slayen said the "
        "mayor is proud.\n\n“We are happy,” she said."
    )
    assert only(text).speaker == "Galia Slayen"


def test_one_word_speaker_is_an_antecedent() -> None:
    text = (
        "Peter Hall spoke first.\n\nBob said he returned to the base weeks later.\n\n"
        "“I remember every second of it,” he said."
    )
    assert only(text).speaker == "Bob"


def test_place_that_he_follows_is_no_answer() -> None:
    text = (
        "He has seen the melting ice of Greenland and the drought-ravaged Aral Sea.\n\n"
        "“I am not a scientist,” he said."
    )
    assert unresolved(only(text)) == "he"


def test_pronoun_subject_of_a_longer_clause_is_the_speaker() -> None:
    text = "When he returned he began by saying, “I do not think that jail is necessary.”"
    assert unresolved(only(text)) == "he"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We can win this,” Katie Packer, who is chairman of Our Principles PAC said in a statement.",
         "Katie Packer"),
        (
            (
                "Günther Platter, der Verteidigungsminister Österreichs, der zur Zeit die "
                "Präsidentschaft inne hat, sagte zum Abschluss: „Wir hatten intensive Gespräche.“"
            ),
            "Günther Platter",
        ),
    ],
)
def test_relative_clause_nouns_are_not_the_speaker(text: str, speaker: str) -> None:
    assert only(text).speaker == speaker


def test_who_is_told_is_not_the_speaker() -> None:
    text = "Dick Dever, who was listed on the slate, told POLITICO, “Of the three, I like John Kasich best.”"
    assert only(text).speaker == "Dick Dever"


def test_name_and_verb_after_the_cue_start_the_reported_clause() -> None:
    text = (
        "House Republican Thomas Massie used to support Rand Paul, but now said Trump had “the "
        "opportunity and the obligation to bring us together.”"
    )
    assert only(text).speaker == "Thomas Massie"


def test_cue_without_a_speaker_continues_its_neighbour() -> None:
    text = "“Kasich would be the best nominee,” Graham said on Monday, adding, “He is an insider in an outsider year.”"
    assert [q.speaker for q in find_quotes(text)] == ["Graham", "Graham"]


def test_german_glued_sentence_ends_the_speaker() -> None:
    quote = only("„Diese Ziele bleiben verpflichtend“, betonte Struck.Gleichzeitig legten Rekruten ihr Gelöbnis ab.")
    assert quote.speaker == "Struck"


def test_german_weiter_is_an_adverbial_not_a_speaker() -> None:
    quote = only("Weiter sagte Larson: „Unsere Untersuchungen werden ein offenes Buch sein.“")
    assert quote.speaker == "Larson"


def test_pronoun_does_not_resolve_to_a_name_in_object_position() -> None:
    text = (
        "Maria Lopez cheered.\n\nThe crowd booed when the mayor thanked Ms. Anna Marks.\n\n"
        "“It just came out of my mouth,” she said."
    )
    assert unresolved(only(text)) == "she"


def test_pronoun_resolves_to_a_subject_with_its_role_before_it() -> None:
    text = "Peter Hall spoke first.\n\nHis spokeswoman Galia Slayen then took questions.\n\n“We are happy,” she said."
    assert only(text).speaker == "Galia Slayen"


def test_name_after_a_dash_stands_as_a_subject() -> None:
    text = (
        "Peter Hall, a trader, sells fish.\n\nWhile he buys little halibut — Wade Bassi, a fisherman, "
        "keeps an eye on the markets.\n\n“It is pure white,” he said."
    )
    assert only(text).speaker == "Wade Bassi"


def test_speakerless_cue_after_a_quote_gives_way_to_the_cue_before_it() -> None:
    text = (
        "In the email, Ash Carter described the move as a “major breach of trust,” adding: "
        "“I am now informing all of our committee members.”"
    )
    assert [(q.speaker, q.cue) for q in find_quotes(text)] == [("Ash Carter", "described"), ("Ash Carter", "adding")]


def test_name_after_a_sentence_opening_preposition_is_no_answer() -> None:
    text = (
        "Maria Lopez, a senator, spoke first.\n\nOn CBS Face the Nation the day before, she stated, "
        "“An absence of action would have turned Libya into Syria.”"
    )
    assert only(text).speaker == "Maria Lopez"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“Look at the statement he put out after the shootings,” Conway notes.", "Conway", "notes"),
    ],
)
def test_more_cues_and_speakers(text: str, speaker: str, cue: str) -> None:
    quote = only(text)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_verb_after_the_quote_outranks_a_bare_colon_before_it() -> None:
    text = "Besorgt zeigte sich Wolfgang Grader: „Wir befürchten das Schlimmste“, sagte er gegenüber dem Radio."
    assert (only(text).speaker_mention, only(text).cue) == ("er", "sagte")


def test_next_sentence_after_a_quote_does_not_outrank_the_colon() -> None:
    text = (
        "Die Firma empfindet die Kritik als ungerechtfertigt: „Nun müssen wir die Ware ja irgendwo "
        "zwischenlagern.“ Der Geschäftsführer fragte nach."
    )
    assert only(text).speaker == "Die Firma"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Gegenüber dem Sender äußerte er sich mit den Worten: „Das ist der Anfang vom Ende.“", "er"),
        ("„Einige Kollegen hielten uns für verrückt“, erinnerte sich Trotnow später.", "Trotnow"),
    ],
)
def test_german_speaker_after_the_verb_ends_before_adverbs(text: str, speaker: str) -> None:
    assert only(text).speaker_mention == speaker


def test_short_opener_before_the_subject_is_skipped() -> None:
    text = "Hours later, Donald Trump returned the compliment, telling Reuters, “Sheldon and I have been friends for a long time.”"
    assert only(text).speaker == "Donald Trump"


def test_german_preposition_opens_an_adverbial() -> None:
    text = "Angesichts solcher Alternativen nannte Reinhard Jung, Geschäftsführer des Bauernbundes, die Kartoffel „überflüssig wie einen Kropf“."
    assert only(text).speaker == "Reinhard Jung"


def test_title_case_headline_is_no_name() -> None:
    text = (
        "Chris Christie Calls Hillary Clinton A Liar.\n\nHillary Clinton, a candidate, spoke in Ohio.\n\n"
        "“We will win,” she said."
    )
    assert only(text).speaker == "Hillary Clinton"


def test_sentence_adverb_is_not_part_of_a_name() -> None:
    text = "Meanwhile Robyn Fenty, who won an award, spoke about self-love.\n\n“Love yourself,” she said."
    assert only(text).speaker == "Robyn Fenty"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("Mr. Smith said", ["Mr. Smith"]),
        ("Prof. Dr. Hans Müller", ["Prof. Dr. Hans Müller"]),
        ("Mrs. Jane Doe wrote", ["Mrs. Jane Doe"]),
        ("Ms Jane Roe", ["Ms Jane Roe"]),
        ("the iPhone Pro Max sold", ["Pro Max"]),  # a capital inside a word starts no run
        ("xMr. Smith", []),
        ("Mrx. Jones", []),  # no abbreviation, and "Mrx." ends the word before the space
    ],
)
def test_capitalised_runs_start_at_a_word_and_read_abbreviations(text: str, runs: list[str]) -> None:
    from extractor.quotes.speakers import _CAPITALISED_RUN

    assert [match.group() for match in _CAPITALISED_RUN.finditer(text)] == runs


def test_gendered_pronouns_are_whole_words() -> None:
    from extractor.quotes.speakers import _GENDERED_PRONOUN

    text = "He said his aunt saw him; She herself met her. Shed the hex, Sheila, the hers-and-his."
    assert [m.group() for m in _GENDERED_PRONOUN.finditer(text)] == [
        "He", "his", "him", "She", "herself", "her", "hers", "his"
    ]
    # A window that starts inside a word does not make its tail a word.
    assert [m.group() for m in _GENDERED_PRONOUN.finditer("Thesis: she", 1)] == ["she"]


@pytest.mark.parametrize(
    ("text", "speaker", "mention", "cue"),
    [
        ("The owner was a man named Sohel Rana.The New York Times describes him “as untouchable as a mafia don.”",
         "The New York Times", "The New York Times", "describes"),
        ("«Nous allons gagner», a déclaré Jean-Marc Ayrault en conférence de presse.",
         "Jean-Marc Ayrault", "Jean-Marc Ayrault", "déclaré"),
        ("«El acuerdo está muerto», dijo primero el secretario general de La Cámpora en declaraciones.",
         "el secretario general de La Cámpora", "el secretario general de La Cámpora", "dijo"),
        ("Mme Marie Dubois est arrivée.\n\n«Nous allons gagner», explique-t-elle.", "Marie Dubois", "elle", "explique"),
        ("Mme Marie Dubois est arrivée.\n\n«Nous allons gagner», a-t-elle ajouté.", "Marie Dubois", "elle", "ajouté"),
    ],
)
def test_speaker_names_are_cut_at_glued_sentences_and_trailing_clauses(
    text: str, speaker: str, mention: str, cue: str,
) -> None:
    quote = only(text)
    assert (quote.speaker, quote.speaker_mention, quote.cue) == (speaker, mention, cue)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("Stoiber hatte besonders die Rolle der Parteivorsitzenden betont: „Die Entscheidungen fallen dort.“",
         "Stoiber", "betont"),
        ("„Wir fordern die Einreisesperre“, heißt es in dem LSVD-Schreiben an die Polizei.", "LSVD-Schreiben", "heißt"),
        ("In dem Antrag heißt es wörtlich: „Die Aufhebung der Einstufung wird gefordert.“", "Antrag", "heißt"),
        ("„Das ist ein wichtiger Schritt für uns alle“, führte Anna Weber aus.", "Anna Weber", "führte"),
    ],
)
def test_german_verb_final_subject_documents_and_separable_verbs(text: str, speaker: str, cue: str) -> None:
    quote = only(text)
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_german_noun_before_an_inverted_subject_is_no_antecedent() -> None:
    text = (
        "Frau Anna Weber trat zurück.\n\nNach zweijähriger Amtszeit begründet er den Schritt nicht.\n\n"
        "„Es ist ausschließlich ein privater Grund“, teilte er mit."
    )
    assert unresolved(only(text)) == "er"
