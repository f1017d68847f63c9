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
        # A definite article and an inflected adjective before the name.
        "Das Parlament forderte die Rückgabe der in Wien befindlichen „Krone Montezumas“.",
        "So berichtete die in Linz erscheinende „Rundschau am Sonntag“ von einer Initiative.",
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
        # After an indefinite article the words are a judgement, not a name.
        ("Modder nannte die Absage einen „Vertrauensbruch“.", "Vertrauensbruch"),
        ("Der Präsident konstatierte in der Debatte eine wachsende „Kluft zwischen Arm und Reich“.", "Kluft zwischen Arm und Reich"),
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


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # An adverb or adjective alone before the verb.
        ("Ähnlich äußerte sich der Präsident Jan Berg: „Wir haben die Lage im Griff.“", "Jan Berg"),
        ("Relativierend fügt Gall hinzu: „Das ist nicht alles.“", "Gall"),
        # An object before the verb: German case shows it is no subject.
        ("Der englischsprachigen Zeitung sagte Filep Karma: „Ich bleibe im Gefängnis.“", "Filep Karma"),
        ("Den Unmut der CDU brachte die Sprecherin Anna Roth zum Ausdruck: „Es gibt keinen Grund dafür.“", "Anna Roth"),
        # A prepositional phrase with its own articles and adjectives before the verb.
        ("Passend zu den Gefahren des Eises warnte die Sprecherin Eva Lind: „Auf dem Eis kann es glatt sein.“", "Eva Lind"),
    ],
)
def test_german_fronted_adverbial_or_object_puts_the_speaker_after_the_verb(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The subject opens the sentence; a relative clause with a preposition is no object.
        ("Miroslav Klose, der wegen wiederholten Fouls Gelb-Rot sah, nannte seinen Platzverweis „überzogen“.", "Miroslav Klose"),
        ("Der neue Minister sagte der Zeitung: „Wir bleiben hier.“", "Der neue Minister"),
        ("Dazu gab das russische Außenministerium bekannt: „Die Ermittlungen dauern an.“", "das russische Außenministerium"),
    ],
)
def test_german_subject_before_the_verb_stays_the_speaker(text: str, speaker: str) -> None:
    assert [q.speaker_mention for q in find_quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Sadiq Khan, einer der Abgeordneten, verurteilte die Haltung der Regierung. "
         "„Diese Regierung hat große Erfolge in der Außenpolitik zu verzeichnen.“", "Sadiq Khan"),
        ("Europapolitik: Die SPD will am Kurs der Erweiterung festhalten. "
         "„Wir wollen ein Europa, auf das man sich verlassen kann.“", "Die SPD"),
        ("Senator Ann Kuster criticised the plan on Monday. “This bill will hurt the families who need help most.”",
         "Ann Kuster"),
    ],
)
def test_quote_without_a_cue_takes_the_subject_of_the_sentence_before(text: str, speaker: str) -> None:
    quote = find_quotes(text)
    assert [(q.speaker, q.cue) for q in quote] == [(speaker, None)]


def test_paragraph_after_such_a_quote_continues_its_speaker() -> None:
    quotes = find_quotes(
        "Sadiq Khan verurteilte die Haltung der Regierung. „Diese Regierung hat große Erfolge zu verzeichnen.“\n\n"
        "„Ob wir es mögen oder nicht, solch ein Gefühl führt zu Extremismus.“"
    )
    assert [q.speaker for q in quotes] == ["Sadiq Khan", "Sadiq Khan"]


def test_sentence_before_without_a_named_subject_gives_no_speaker() -> None:
    quote = find_quotes("The bill passed by a wide margin. “This is the best day for the workers of this state.”")
    assert [q.speaker for q in quote] == [None]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        # A day's number with a period is no sentence end.
        ("Zusammen mit Collins landete er am 20. Juli 1969 die Fähre und meldete: „Der Adler ist gelandet.“", "er"),
        # "so" and trailing joiners are no part of the speaker.
        ("Dazu erklärte die Universität so: „Beide Gutachter gingen von der Beachtung der Regeln aus.“", "die Universität"),
        ("Danach sprach der Präsident von der „schlimmsten Katastrophe des Landes“.", "der Präsident"),
        # The document after "heißt es".
        ("So heißt es in dem Schreiben wörtlich: „Behandelt wird die Sicherstellung der Kinder.“", "dem Schreiben"),
        # An article with a participle phrase before its noun.
        ("„Jetzt ist es noch schöner“, schrieb die in New York City geborene Lopez.", "die in New York City geborene Lopez"),
        ("„Wir bleiben“, heißt es in einer gestern verbreiteten Erklärung.", "einer gestern verbreiteten Erklärung"),
        # A pronoun after the verb of a clause that opens with its subject is an object.
        ("Der Hauptgeschäftsführer des Verbands nannte sie „fahrlässig“.", "Der Hauptgeschäftsführer des Verbands"),
    ],
)
def test_german_speaker_phrases(text: str, mention: str) -> None:
    assert [q.speaker_mention for q in find_quotes(text)] == [mention]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Theo Zwanziger, Präsident des Deutschen Fußball-Bunds nannte die Bewerbung „sehr respektabel“.", "Theo Zwanziger"),
        ("Houcine Abassi, der Generalsekretär des Verbandes sagte: „Wir werden nicht zurückkehren.“", "Houcine Abassi"),
        ("Olexandr Turtschynow, der Stellvertreter von Timoschenko sagte: „Jetzt ist er ein Diktator.“", "Olexandr Turtschynow"),
    ],
)
def test_name_with_an_apposition_missing_its_closing_comma(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotes(text)] == [speaker]


def test_pronoun_resolves_to_a_name_followed_by_its_cue_verb() -> None:
    quotes = find_quotes(
        "San Francisco Zoo director Manuel Mollinedo also said that the tiger leaped out of its enclosure.\n\n"
        "\"She had to have jumped,\" he said. \"How she was able to jump that high is amazing to me.\""
    )
    assert [(q.speaker, q.speaker_mention, q.speaker_resolved) for q in quotes] == [("Manuel Mollinedo", "he", True)] * 2


def test_name_before_a_comma_is_not_the_subject_of_a_later_verb() -> None:
    quote = find_quotes("The crowd booed Ted Cruz, said witnesses.\n\n“That was a cheap shot at a colleague,” he said.")
    assert [q.speaker for q in quote] != ["Ted Cruz"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Die Justizministerin wies dies am Rande einer Tagung als „unverschämt“ zurück.", "wies"),
        ("Die Bundesregierung hatte den Bericht umgehend als „falsch“ zurückgewiesen.", "zurückgewiesen"),
        ("Der oberste Gerichtshof wertete die Zahlungen als „treupflichtwidrige Verschwendung“.", "wertete"),
        ("Der Bremer Forscher riet allgemein zu „Gelassenheit und Aufmerksamkeit“.", "riet"),
    ],
)
def test_german_verbs_that_frame_a_quoted_judgement(text: str, cue: str) -> None:
    assert [q.cue for q in find_quotes(text)] == [cue]


def test_relative_clause_in_the_opener_leaves_the_subject_after_the_verb() -> None:
    quote = find_quotes(
        "In einem Bericht, der nach dem Angriff veröffentlicht wurde, rechtfertigte das "
        "Verteidigungsministerium die Aktion als „defensiver Natur“."
    )
    assert [q.speaker_mention for q in quote] == ["das Verteidigungsministerium"]


def test_name_in_marks_does_not_cut_the_context_of_the_next_quote() -> None:
    quote = find_quotes(
        "Zusammen mit Collins landete er die Fähre „Eagle“ im Meer der Ruhe und meldete sich "
        "mit den Worten: „Houston, der Adler ist gelandet.“"
    )
    assert [q.speaker_mention for q in quote] == ["er"]


def test_name_coordinated_with_a_name_in_marks_is_a_name() -> None:
    text = "Berichtet wurde, die Anlagen „Parchin“ und „Lavisan II“ stünden im Zusammenhang mit dem Programm."
    assert find_quotes(text) == []


def test_english_participle_opener_is_no_speaker() -> None:
    quote = find_quotes(
        "Appearing before cheering supporters on Monday, Aung Min said it was too early to celebrate "
        "but added, “I think you all have an idea of the results.”"
    )
    assert [q.speaker for q in quote] == ["Aung Min"]


def test_stop_after_the_previous_quotation_leaves_the_adverbial_opener() -> None:
    quotes = find_quotes(
        "Die SPD unterstütze den Entwurf „voll umfänglich“. Relativierend fügt Gall hinzu: "
        "„Allerdings darf die Vorschrift nicht missbraucht werden.“"
    )
    assert [q.speaker for q in quotes if q.text.startswith("Allerdings")] == ["Gall"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The role's attachment ("im Irak") before the comma and the holder's name after it.
        ("„Die Lage bleibt angespannt“, sagte der Oberkommandierende General der US-Streitkräfte "
         "im Irak, General George Casey heute in Bagdad.", "George Casey"),
        ("Den Unmut der CDU brachte die gesundheitspolitische Sprecherin der Unionsfraktion im "
         "Bundestag, Annette Widmann-Mauz, zum Ausdruck: „Es gibt keinen Grund zur Eile.“", "Annette Widmann-Mauz"),
        # The role's institution is capitalised: the name after the comma is still the speaker.
        ("„Das Wasser ist in Gefahr“, warnte der Hauptgeschäftsführer des Deutschen Brauer-Bundes, "
         "Peter Hahn, in einem Brief.", "Peter Hahn"),
    ],
)
def test_name_after_a_long_role_and_its_comma_is_the_speaker(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotes(text)] == [speaker]


def test_list_after_a_role_is_no_name() -> None:
    quotes = find_quotes(
        "„Wir fordern Sie auf, die Lieder zu verbieten“, heißt es in dem Schreiben an "
        "Staatsanwaltschaft, Polizei und Veranstalter."
    )
    assert [q.speaker for q in quotes] != ["Polizei"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Der 23-jährige Sportler gab bekannt: „Ich war an keiner Schlägerei beteiligt.“", "Sportler"),
        ("„Die Produktion wird nicht ausgebaut“, gab ein Sprecher des Unternehmens bekannt.", "ein Sprecher des Unternehmens"),
        ("Das Angebot der Regierung, Verletzte zu behandeln, lehnt er jedoch ab: „Das lasse ich nicht zu.“", "er"),
        ("„Wir haben jetzt vier Punkte“, zeigte sich Milovan Rajevac nach dem Spiel zufrieden.", "Milovan Rajevac"),
    ],
)
def test_german_verb_of_saying_completed_by_its_particle(text: str, speaker: str) -> None:
    assert [q.speaker or q.speaker_mention for q in find_quotes(text)] == [speaker]


def test_verb_with_particle_before_a_title_weighs_as_a_colon() -> None:
    # "gab … bekannt:" announces a name as often as speech: a title after it is no quotation.
    assert find_quotes("Den Namen der Sendung gab das ZDF bereits bekannt: „Karol Wojtyla – Geheimnisse eines Papstes“.") == []


def test_verb_without_its_particle_is_no_cue() -> None:
    assert [q.cue for q in find_quotes("„Es regnet seit Tagen.“ Dann gab es Streit in der Runde.")] != ["gab"]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("The company wrote a statement. It added, “We want no part in the listing.”", "It"),
        ("At the bottom of the page it reads, “You can further support the cause.”", "it"),
        ("Her most striking appeal came when she said, “Make no mistake about it.”", "she"),
        ("The group seeks to prevent deaths through the enactment of what it calls “sensible gun "
         "laws, policy and regulations.” Several other parents joined.", "it"),
    ],
)
def test_pronoun_right_before_the_verb_is_its_speaker(text: str, mention: str) -> None:
    quotes = find_quotes(text)
    assert [q.speaker_mention for q in quotes] == [mention]


def test_impersonal_it_is_never_resolved_to_a_person() -> None:
    quotes = find_quotes("Senator Ted Cruz said the bill was dead.\n\nIt added, “We want no part in the listing.”")
    assert [(q.speaker, q.speaker_mention, q.speaker_resolved) for q in quotes] == [(None, "It", False)]


def test_name_in_the_clause_still_wins_over_a_later_pronoun() -> None:
    quotes = find_quotes(
        "Axelrod noted that force is not new to Chicago - he wrote his first column on that subject, "
        "\"You fit it with other tragedies we've seen nationally.\""
    )
    assert [q.speaker for q in quotes] == ["Axelrod"]


def test_role_between_commas_is_no_relative_clause() -> None:
    quotes = find_quotes(
        "Die Ministerin wies die Behauptung zurück, die bildungspolitische Sprecherin der "
        "Regierungsfraktion, Sandra Boser (GRÜNE), erklärte: „Neiddebatten schaden allen.“"
    )
    assert [q.speaker for q in quotes] == ["Sandra Boser"]


def test_german_relative_clause_ending_in_its_verb_is_still_skipped() -> None:
    quotes = find_quotes("„Wir können das nicht ignorieren“, sagte Arturo Arauz, der das Gesetz entworfen hatte.")
    assert [q.speaker for q in quotes] == ["Arturo Arauz"]


def test_german_pronoun_after_the_verb_following_a_quotation() -> None:
    quotes = find_quotes("„Guten Tag, ich schon wieder da“, mit diesen Worten meldete er sich auf der Pressekonferenz zurück.")
    assert [q.speaker_mention for q in quotes] == ["er"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("In einer Erklärung der EU-Außenminister vom Dienstagabend hatte es geheißen: "
         "„Es gibt keine militärische Lösung.“", "einer Erklärung der EU-Außenminister vom Dienstagabend"),
        ("Im letzten Satz der Anordnung (Subpoena), die Twitter am 14. Dezember zugestellt wurde, "
         "heißt es: „Twitter darf die Entscheidung nicht offenlegen.“", "Satz der Anordnung"),
    ],
)
def test_document_before_heisst_es_is_named_by_the_sentence_first_preposition(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotes(text)] == [speaker]


def test_quote_paragraph_after_a_sentence_whose_subject_speaks() -> None:
    quotes = find_quotes(
        "Defense Secretary Ash Carter spoke in Singapore.\n\n"
        "Carter said that for decades critics had predicted a withdrawal, but this would not happen.\n\n"
        "“That is because this region remains the most consequential for our own security and prosperity.”"
    )
    assert [q.speaker for q in quotes] == ["Ash Carter"]


def test_quote_paragraph_after_a_sentence_without_a_cue_takes_no_speaker() -> None:
    quotes = find_quotes(
        "Defense Secretary Ash Carter visited the base on Monday.\n\n"
        "“That is because this region remains the most consequential for our own security and prosperity.”"
    )
    assert [q.speaker for q in quotes] == [None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Pfizer chief executive Ian Read defended the deal. “We believe this deal is a great deal,” Read said.", "Ian Read"),
        ("Columnist George Will was blunt. “This should hasten the eclipse of the outsiders,” Will wrote.", "George Will"),
    ],
)
def test_capitalised_word_right_before_the_verb_after_a_quote_is_a_name(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotes(text)] == [speaker]


def test_determiner_before_the_verb_after_a_quote_is_no_name() -> None:
    quotes = find_quotes("“We will not stop,” The senator said.")
    assert [q.speaker for q in quotes] != ["The"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Das Gericht kam damit zu dem Ergebnis, „dass keine tragfähige Grundlage für eine Verurteilung besteht.“", "Das Gericht"),
        ("„Wozu sollte die Organisation existieren, wenn sie keine Beschlüsse fassen kann?“ fragen sich Experten.", "Experten"),
    ],
)
def test_more_german_verbs_of_saying(text: str, speaker: str) -> None:
    assert [q.speaker for q in find_quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Eine nationalistische Organisation feierte die Absage dagegen als „großen Erfolg für das Land“.",
         "Eine nationalistische Organisation"),
        ("Meteorologen rechnen jedoch mit „sehr ergiebigen Niederschlägen“.", "Meteorologen"),
    ],
)
def test_german_verbs_framing_a_quoted_judgement_with_their_particle(text: str, speaker: str) -> None:
    assert [q.speaker_mention for q in find_quotes(text)] == [speaker]


def test_album_title_after_veroeffentlichte_is_no_quote() -> None:
    assert find_quotes("Im Jahr 2005 veröffentlichte die Band ihr Album „Brandnew Oldies Vol.1“.") == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Der Sprecher der Stadt, Jonas Weber, versuchte mit den Worten zu beschwichtigen: „Die Brücke ist sicher“.",
         "Jonas Weber"),
        ("Die Trainerin Mia Lenz wollte mit diesen Worten Mut machen: „Wir sind noch nicht am Ende“.", "Mia Lenz"),
    ],
)
def test_mit_den_worten_announces_speech_whatever_the_verb(text: str, speaker: str) -> None:
    assert [(q.speaker, q.cue) for q in find_quotes(text)] == [(speaker, "mit den Worten")]


def test_colon_without_mit_den_worten_still_needs_a_sentence() -> None:
    # A bare colon introduces titles as often as speech: an unfinished quotation after one
    # attributes nothing.
    assert find_quotes("Der Sprecher der Stadt, Jonas Weber, versuchte zu beschwichtigen: „Die Brücke ist sicher“.") == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Nachdem die Moderatorin Eva Roth nach den Kosten gefragt hatte, antwortete Lukas Brandt gereizt: "
         "„Das haben wir längst offengelegt.“", "Lukas Brandt"),
        ("Weil der Bürgermeister Karl Maier nicht kam, erklärte die Stadträtin Jana Vogt: „Wir warten nicht länger.“",
         "Jana Vogt"),
    ],
)
def test_subject_follows_the_verb_after_a_leading_subordinate_clause(text: str, speaker: str) -> None:
    assert [(q.speaker or "").endswith(speaker) for q in find_quotes(text)] == [True]


def test_subject_before_the_verb_stays_without_a_subordinate_clause() -> None:
    quotes = find_quotes("Die Stadträtin Jana Vogt, die lange schwieg, kritisierte den Bürgermeister Karl Maier: „Wir warten nicht länger.“")
    assert [q.speaker_mention for q in quotes] == ["Die Stadträtin Jana Vogt"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Die geplante Schließung der Klinik im Kreis Nord lehnte die Landrätin Petra Sommer erneut ab: "
         "„Das tragen wir nicht mit.“", "Petra Sommer"),
        ("Jede Beteiligung an der Absprache im Verband der Bauern weist Lorenz von sich: „Ich war nicht dabei.“",
         "Lorenz"),
    ],
)
def test_abstract_object_before_the_verb_leaves_the_speaker_after_it(text: str, speaker: str) -> None:
    assert [(q.speaker or "").endswith(speaker) for q in find_quotes(text)] == [True]


def test_single_noun_after_the_verb_is_no_speaker_for_an_abstract_first_clause() -> None:
    # "der Presse" is whom it was told, not who told it.
    quotes = find_quotes("Die Leitung der Klinik Nord teilte der Presse mit: „Wir schließen nicht.“")
    assert [q.speaker_mention for q in quotes] != ["der Presse"]


def test_paper_in_marks_after_the_verb_following_a_quotation_is_its_source() -> None:
    quotes = find_quotes("„Der Abschied fällt uns schwer. Die Stadt wird ihn vermissen“, schrieb „Der Kurier“ am Montag.")
    assert [(q.text[:11], q.speaker) for q in quotes] == [("Der Abschie", "Der Kurier")]


def test_words_in_marks_after_a_verb_without_a_quotation_before_stay_a_quote() -> None:
    quotes = find_quotes("Die Gäste der Kundgebung skandierten „Wir sind das Volk“.")
    assert [q.text for q in quotes] == ["Wir sind das Volk"]


def test_document_after_heisst_es_dazu_is_the_source() -> None:
    quotes = find_quotes("„Wir lehnen den Plan ab“, heißt es dazu in einer Mitteilung des Vereins Nord.")
    assert [q.speaker_mention for q in quotes] == ["einer Mitteilung des Vereins Nord"]


def test_so_and_a_speaker_before_a_colon_attribute_like_after_a_quotation() -> None:
    text = "Der Plan habe wohl Methode, so Brandt weiter: „Wer nichts weiß, muss nichts erklären.“"
    assert [(q.speaker, q.cue) for q in find_quotes(text)] == [("Brandt", "so")]


def test_so_in_mid_clause_before_a_colon_is_no_cue() -> None:
    text = "Der Plan habe, so scheint es, Methode: „Wer nichts weiß, muss nichts erklären.“"
    assert [q.cue for q in find_quotes(text)] != ["so"]


def test_title_in_marks_inside_the_opener_is_not_the_subject() -> None:
    text = ("Unter dem Motto „Mehr Grün statt Beton“ zogen die Anwohner durch die Altstadt und riefen dabei "
            "„Rettet den Park“ oder „Bäume statt Parkplätze“.")
    assert [(q.text, q.speaker_mention) for q in find_quotes(text)][:1] == [("Rettet den Park", "die Anwohner")]


def test_german_quantifier_after_the_speaker_opens_the_verb_object() -> None:
    text = "Im Interview mit dem Sender wies der Bürgermeister alle Vorwürfe als „völlig haltlos“ zurück."
    assert [q.speaker_mention for q in find_quotes(text)] == ["der Bürgermeister"]


def test_beurteilte_frames_a_quoted_judgement_and_lends_its_speaker() -> None:
    text = ("„Wir machen weiter“, sagte die Ministerin.Als „vertane Gelegenheit“ beurteilte der Sprecher der "
            "Opposition, Tim Lange das Programm. „Es fehlt an allem, vor allem am Geld.“")
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes][1:] == ["Tim Lange", "Tim Lange"]


def test_english_words_before_a_colon_are_not_cut_as_a_manner_word() -> None:
    # Only a name followed by a word of manner loses that word ("entgegnete Suttner empört:").
    quotes = find_quotes("At the dealer in Ohio, clients react the same way: “I could buy a car for that money.”")
    assert all(q.speaker_mention != "the same" for q in quotes)


def test_role_and_its_holder_after_the_verb_speak_for_an_abstract_first_clause() -> None:
    text = ("Die geplante Schließung des Bades lehnte der Fraktionschef der Bürgerliste, Anton Keller, erneut ab: "
            "„Das machen wir nicht mit.“")
    assert [q.speaker for q in find_quotes(text)] == ["Anton Keller"]
