"""Words that attribute speech, name people's roles, or stand in for a speaker, per language.

These are facts about language, so they live in readable tuples rather than in code. English
and German are measured on the development set; French, Spanish and Italian have the common
forms so a story in those languages gets speakers too instead of nothing. All entries are
lower case; `lookup_key` turns a word of the text into its key.
"""

from __future__ import annotations

import string
from typing import Final

#: Punctuation stripped from the edges of a word to look it up in these lists.
EDGE_PUNCTUATION: Final = string.punctuation + "“”„‟‘’‚‛«»‹›「」『』—–―…\u00a0"


def lookup_key(word: str) -> str:
    """``word`` as the lists spell it: lower case, edge punctuation stripped, inner periods
    kept ("Sen." -> "sen", "U.S." -> "u.s", "äußerte," -> "äußerte")."""
    return word.strip(EDGE_PUNCTUATION).lower()


#: Verbs (every inflected form written out) that attribute a quotation to its speaker. Base
#: forms that are also common nouns ("press", "question", "report", "state") are left out:
#: "White House press secretary Josh Earnest said" must find "said".
CUE_VERBS_EN: Final = (
    "say says said saying tell tells told telling add adds added adding write writes wrote "
    "writing written tweet tweets tweeted tweeting posted continue continues continued "
    "continuing ask asks asked asking reply replies replied replying respond responds responded "
    "responding explain explains explained explaining declare declares declared declaring "
    "stated stating noted noting conclude concludes concluded concluding recall recalls "
    "recalled recalling warn warns warned insist insists insisted insisting argue argues argued "
    "arguing claimed claiming shout shouts shouted shouting yell yells yelled yelling chant "
    "chants chanted chanting joke jokes joked joking admit admits admitted admitting assure "
    "assures assured answered answering remarked urge urges urged urging quip quips quipped "
    "boasts boasted acknowledge acknowledges acknowledged announce announces announced observe "
    "observes observed observing predict predicts predicted promised suggest suggests suggested "
    "complain complains complained exclaim exclaims exclaimed muse muses mused wonder wonders "
    "wondered countered retort retorts retorted caution cautions cautioned emphasize emphasizes "
    "emphasized emphasise emphasised stressed scoff scoffed charged allege alleges alleged "
    "testify testifies testified recount recounts recounted concede concedes conceded vowed "
    "read agree agrees agreed confirm confirms confirmed describe describes described called "
    "told reiterate reiterated reiterates lament lamented laments cried screamed whispered "
    "muttered snapped sighed blasted slammed reported thundered proclaim proclaimed proclaims "
    "pledged demanded begged plead pleaded pleads repeated opine opined interject interjected "
    "fume fumes fumed questioned sang quoted react reacted reacts pressed barked remember "
    "remembered remembers cited note notes reads mock mocks mocked riff riffs riffed assert "
    "asserts asserted claim claims echo echoes echoed elaborated calls exhorted pointed"
).split()

CUE_VERBS_DE: Final = (
    "sagte sagt sagten sagen sage gesagt erklärte erklärt erklärten erklären betonte betont "
    "betonten meinte meint meinten fügte ergänzte ergänzt teilte teilt äußerte äußert äußerten "
    "kritisierte kritisiert kritisierten warnte warnt warnten forderte fordert forderten schrieb "
    "schreibt schrieben berichtete berichtet berichteten zitiert zitierte erläuterte erläutert "
    "bestätigte bestätigt kommentierte kommentiert begründete begründet bezeichnete bezeichnet "
    "nannte nennt verkündete verkündet antwortete antwortet fragte fragt rief ruft riefen "
    "skandierten skandierte unterstrich versicherte versichert sprach spricht "
    "beklagte beklagt bekräftigte bekräftigt mahnte mahnt verteidigte lobte lobt räumte "
    "erinnerte erinnert behauptete behauptet bemerkte bemerkt ergänzten erklärt twitterte "
    "schrieben meldete meldet kündigte appellierte beteuerte meinen betonen erklären sagen "
    "heißt hieß geheißen würdigte würdigt hofft hoffte feststellt führte führt schilderte "
    "schildert verurteilte verurteilt fügt strich resümiert resümierte urteilte urteilt "
    "befürchtet befürchtete glaubt glaubte vermutet vermutete warnen fordern kritisieren "
    "bezeichneten bezeichnen nannten nennen begrüßte begrüßt begrüßten lobten sprachen teilten "
    "entgegnete entgegnet erwiderte erwidert widersprach beschrieb beschreibt charakterisierte "
    "charakterisiert verglich zitierten zitieren mahnten antworteten bekräftigten unterstrichen "
    "fügten beklagten verwies verweist wies zurückgewiesen zurückwies wertete werteten wertet "
    "bewertete rechtfertigte konstatierte verkündeten beschrieben riet rät rieten empfahl empfiehlt "
    "beurteilte beurteilt beurteilten"
).split()

CUE_VERBS_FR: Final = (
    "dit déclaré déclare affirmé affirme expliqué explique ajouté ajoute souligné souligne estimé "
    "estime indiqué indique précisé précise écrit assuré assure lancé lance confié confie "
    "disait déclarait affirmait expliquait ajoutait estimait raconte raconté racontait poursuit "
    "poursuivi insiste insisté martèle martelé reconnaît reconnu rappelle rappelé répond répondu "
    "répondait prévient prévenu avertit averti dénonce dénoncé regrette regretté résume résumé "
    "conclut conclu ironise ironisé témoigne témoigné commente commenté lâche lâché annonce "
    "annoncé admet admis assène asséné tranche tranché interroge interrogé glisse glissé"
).split()

CUE_VERBS_ES: Final = (
    "dijo dice afirmó afirma declaró declara explicó explica añadió añade señaló señala aseguró "
    "asegura indicó indica escribió agregó agrega dijeron decía comentó comenta afirmaron "
    "aseguraron explicaron manifestó manifiesta sostuvo sostiene insistió insiste advirtió "
    "advierte reconoció reconoce recordó expresó expresa subrayó subraya apuntó destacó destaca "
    "concluyó respondió responde relató relata contó denunció denuncia aseveró puntualizó precisó "
    "sentenció admitió lamentó"
).split()

CUE_VERBS_IT: Final = (
    "detto disse dice dichiarato dichiara affermato afferma spiegato spiega aggiunto aggiunge "
    "sottolineato sottolinea scritto"
).split()

#: Every cue verb, any language.
CUE_VERBS: Final = frozenset(CUE_VERBS_EN + CUE_VERBS_DE + CUE_VERBS_FR + CUE_VERBS_ES + CUE_VERBS_IT)

#: German verbs of saying whose meaning needs the particle or phrase that ends their clause
#: ("gab … bekannt", "stellte … in Frage", "lehnt … ab", "weist … von sich", "zeigte sich …
#: zufrieden"): alone "gab" or "stellte" says nothing, so each is a cue only with one of its
#: endings after it in the clause.
SEPARABLE_CUES_DE: Final = {
    verb: frozenset(endings.split())
    for verbs, endings in (
        ("gab gibt gaben geben", "bekannt an zu"),
        ("stellte stellt stellten", "fest klar frage heraus"),
        ("brachte bringt brachten", "ausdruck"),
        ("lehnt lehnte lehnten", "ab"),
        ("weist wiesen", "zurück sich hin"),
        ("zeigte zeigt zeigten", "zufrieden überzeugt besorgt enttäuscht erfreut optimistisch "
                                 "zuversichtlich erleichtert überrascht skeptisch"),
        ("ließ lässt ließen", "verlauten wissen erklären mitteilen"),
        ("fuhr fährt", "fort"),
        ("hob hebt hoben", "hervor"),
        ("machte macht machten", "deutlich klar"),
        ("gestand gesteht", "ein"),
        ("kam kommt kamen", "ergebnis schluss"),
        ("feierte feiert feierten", "als"),
        ("rechnen rechnet rechnete rechneten", "mit"),
        # "fragen sich Experten"; alone "Fragen" is as often the noun.
        ("fragen fragten", "sich"),
    )
    for verb in verbs.split()
}

#: The lower-case endings of those verbs, which close a speaker phrase after the verb ("gab
#: ein Sprecher des Unternehmens bekannt"); "sich" closes one too ("weist Hartmann von sich").
SEPARABLE_ENDINGS_DE: Final = frozenset(
    ending for endings in SEPARABLE_CUES_DE.values() for ending in endings if ending not in ("an", "zu", "frage", "ausdruck")
) | {"sich"}

#: Cue verbs whose source is a document, named with a preposition ("„…“, heißt es in dem
#: Schreiben", "Auf der Homepage heißt es: „…“").
DOCUMENT_CUES: Final = frozenset("heißt hieß geheißen".split())

#: Prepositions that introduce such a document.
DOCUMENT_PREPOSITIONS: Final = frozenset("in im auf von vom aus bei beim".split())

#: "mit den Worten: „…“": the words that follow are someone's speech whatever the verb of the
#: clause ("versuchte mit den Worten zu beruhigen:", "begründete seinen Schritt mit den Worten:").
WORDS_NOUNS_DE: Final = frozenset(("worten",))

#: Determiners between "mit" and "Worten".
WORDS_DETERMINERS_DE: Final = frozenset("den diesen folgenden".split())

#: Cue verbs that attribute only right after a quotation ("“…”, so Müller."): elsewhere they
#: are ordinary words.
CUE_AFTER_ONLY: Final = frozenset(("so",))

#: Words that introduce the source before it: "according to X", "laut X", "selon X".
SOURCE_PREPOSITIONS: Final = (
    ("according", "to"), ("laut",), ("nach", "angaben", "von"), ("selon",), ("según",),
    ("secondo",),
)

#: Words that follow the source they attribute to: "X zufolge".
SOURCE_POSTPOSITIONS: Final = frozenset(("zufolge",))

#: Personal pronouns that stand for a speaker already named, with the gender they imply
#: (None when it does not tell).
PRONOUNS: Final[dict[str, str | None]] = {
    "he": "m", "she": "f", "er": "m", "il": "m", "elle": "f", "él": "m", "ella": "f", "lui": "m",
    "lei": "f", "letztere": None, "letzterer": None, "they": None, "sie": None, "we": None,
    "wir": None, "i": None, "ich": None, "ils": None, "elles": None, "nous": None, "je": None,
    "on": None, "ellos": None, "ellas": None, "nosotros": None, "yo": None,
}

#: "It" speaks for an organisation, a document or a sign ("It added, “…”", "At the bottom it
#: reads"): a speaker mention as written, never resolved to a person nor counted as one.
IMPERSONAL_PRONOUNS: Final = frozenset(("it",))

#: Every pronoun that can be the subject of a verb of saying.
SPEAKING_PRONOUNS: Final = frozenset(PRONOUNS) | IMPERSONAL_PRONOUNS

#: Honorifics: dropped from the name (the scorer's "Mr. Trump" is Trump), but they tell gender.
HONORIFICS: Final[dict[str, str | None]] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "herr": "m", "frau": "f", "m": "m", "mme": "f",
    "sr": "m", "sra": "f", "sig": "m", "sig.ra": "f", "dr": None, "prof": None,
}

#: Words naming a role or office (English); with the German endings below they split
#: "UNODC Executive Director Ghada Waly" into a title and a name.
TITLE_WORDS: Final = frozenset((
    "president presidential vice director executive secretary senator sen rep reps gov governor "
    "minister chairman chairwoman chair spokesman spokeswoman spokesperson candidate nominee "
    "leader chief officer mayor judge justice attorney general ambassador commissioner adviser "
    "advisor manager host anchor professor prof dr rev lt col gen sgt cpt capt adm speaker "
    "majority minority whip founder ceo cfo coo analyst strategist pollster chancellor premier "
    "king queen prince princess pope cardinal bishop sheriff detective inspector lawyer "
    "economist editor correspondent reporter columnist commentator congressman congresswoman "
    "representative delegate deputy assistant aide consultant coach president-elect "
    "superintendent commander officer director-general secretary-general head member "
    "staff activist author writer researcher scientist expert councilman councilwoman councillor "
    "treasurer auditor comptroller surgeon doctor nurse pastor rabbi imam father sister "
    "republican democrat democratic gop former acting interim senior "
    "präsident präsidentin kanzler kanzlerin minister ministerin sprecher sprecherin "
    "bürgermeister bürgermeisterin vorsitzende vorsitzender chef chefin direktor direktorin "
    "leiter leiterin professor professorin trainer trainerin anwalt anwältin richter richterin "
    "generalsekretär kommissar kommissarin abgeordnete abgeordneter "
    "président présidente ministre porte-parole directeur directrice secrétaire maire député conseiller conseillère "
    "députée presidente ministro ministra portavoz director directora secretario secretaria "
    "alcalde alcaldesa diputado diputada"
).split())

#: German compounds end in their role ("Innenminister", "Regierungssprecherin").
TITLE_SUFFIXES_DE: Final = (
    "minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin", "chef",
    "chefin", "leiter", "leiterin", "vorsitzende", "vorsitzender", "kanzler", "kanzlerin",
    "direktor", "direktorin", "meister", "meisterin", "anwalt", "anwältin", "sekretär",
    "sekretärin", "berater", "beraterin", "experte", "expertin", "kommissar", "kommissarin",
    "trainer", "trainerin", "abgeordnete", "abgeordneter", "politiker", "politikerin",
    "funktionär", "beauftragte", "beauftragter", "botschafter", "botschafterin", "richter",
    "richterin", "forscher", "forscherin", "autor", "autorin", "manager", "managerin",
    "vorsteher", "vorsteherin",
)


def is_role_compound(token: str, core: str) -> bool:
    """A capitalised German compound that ends in a role ("Generalsekretär", "Innenministerin");
    ``core`` is its `lookup_key`."""
    return len(core) > 6 and token[:1].isupper() and core.endswith(TITLE_SUFFIXES_DE)


#: Words that end a speaker phrase after the cue ("said Trump in an interview"): prepositions,
#: relative pronouns and connectives, never part of a name.
PHRASE_STOPS: Final = frozenset((
    "in on at during after before when while as about to that who which whose whom adding and "
    "but because since than if with from into through this last earlier later yesterday today "
    "tonight monday tuesday wednesday thursday friday saturday sunday recently "
    "am im in beim bei vor nach gegenüber während als dass weil und aber der die das dem den "
    "zu zur zum auf mit einem einer heute gestern dazu außerdem weiter weiterhin auch "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag hinzu fest an aus ein daraufhin "
    "zufolge wörtlich bereits schon noch kurz weiter zudem ebenfalls erneut jedoch allerdings "
    "also again too später einerseits lediglich damals über so "
    # French and Spanish ("a déclaré Ayrault en conférence de presse", "dijo primero el
    # ministro en declaraciones"); "de" is left out, it joins names ("Charles de Gaulle").
    "en dans sur pour avec lors pendant depuis chez par à au aux hier aujourd'hui qui que dont "
    "et mais car lundi mardi mercredi jeudi vendredi samedi dimanche "
    "a con por para durante tras ante desde sobre y pero quien cuando lunes martes miércoles jueves viernes sábado domingo"
).split())

#: Words that may follow the cue before the speaker ("said on Monday Mr. Smith") or sit
#: between speaker and cue ("Trump also said"); skipped, never the speaker.
FILLERS: Final = frozenset((
    "also later then has had have would will again once previously simply quickly finally "
    "just even still further then afterwards later once recently repeatedly reportedly now "
    "wörtlich "
    "hat habe hatte auch dann noch zudem bereits "
    "aussi ensuite alors encore déjà hier aujourd'hui también primero luego después además ya hoy ayer"
).split())

#: Words that start a clause but not a speaker phrase ("And Trump said …").
LEADING_CONNECTIVES: Final = frozenset((
    "and but so then yet or as while when though although because since now still also "
    "und aber doch denn dann auch so als während weil "
).split())

#: Determiners dropped from the front of a title ("the UNODC's executive director").
DETERMINERS: Final = frozenset(
    "the a an this that these those der die das den dem des ein eine einer eines dieser diese "
    "dieses le la les l' el los las il lo gli".split()
)

#: Abbreviations whose period does not end a sentence or a speaker phrase.
ABBREVIATIONS: Final = frozenset((
    "mr mrs ms dr sen rep gov lt col gen sgt capt cpt adm rev prof st jr sr inc corp co ltd "
    "del u.s u.n u.k d.c n.y calif fla tex va mass ariz ill pa ohio mich wis minn colo nev ore wash "
    "r-texas d-vt i-vt vs no vol dept univ mt ft gov. nr bzw ca dt evtl ggf inkl u.a z.b"
).split())

#: Words that are capitalised only because a sentence starts with them: never a name.
SENTENCE_WORDS: Final = frozenset((
    "the a an this that these those it its he she they we i you his her their our my your "
    "but and or so if in on at as for of to by with from after before when while there here "
    "what who why how yes no not der die das ein eine er sie es wir ich und aber doch in im "
    "am auf mit für von zu nach bei "
    # Days and months are capitalised but never a speaker.
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember here "
    "hier "
    # German subordinators and adverbs that open a clause (the verb and its subject follow).
    "nachdem wenn weil obwohl dazu daraufhin deshalb zudem außerdem damit dabei dort nun jetzt "
    "gegenüber zum zur beim vom ab bis seit trotz wegen um wie auch noch denn sondern ob dass "
    "da dann schon bereits heute gestern morgen inzwischen zuvor danach später zunächst "
    "zuletzt insbesondere allerdings jedoch diese dieser dieses diesen einem einen eines sein "
    "seine ihr ihre laut whenever however although because though whether meanwhile instead "
    "indeed finally afterwards afterward earlier later today yesterday tonight recently"
).split())

#: French, Italian and Spanish auxiliaries before a participle cue ("a déclaré", "ha detto").
ROMANCE_AUXILIARIES: Final = frozenset("a ont avait ha hanno aveva han había".split())

#: Reflexive pronouns between a cue and its speaker ("äußerte sich Schavan").
REFLEXIVES: Final = frozenset(("sich",))

#: German auxiliaries that open an attribution in the perfect tense ("„…“, hatte der Minister
#: erklärt"): the speaker follows them as it follows a cue verb.
AUXILIARIES_DE: Final = frozenset("hatte hat habe hätte wurde wird ließ".split())

#: Subject phrases that start with these words are adverbials, not speakers ("On Monday,
#: Trump said" is split at the comma; "Am Montag sagte er" has its speaker after the verb).
ADVERBIAL_STARTS: Final = frozenset(
    "in on at during after before when while since for with am im beim bei vor nach seit auf mit "
    "laut zuvor dazu damals später heute gestern über unter gegen durch ohne neben zwischen aus weiter "
    "angesichts trotz wegen gemäß "
    "von vom zum zur als hier dort dafür dagegen daneben darüber darum daher "
    "deswegen trotzdem stattdessen ebenso genauso zusammen gemeinsam".split()
)

#: German pronouns that are only ever a subject: after the verb they still name the speaker.
NOMINATIVE_PRONOUNS_DE: Final = frozenset("er ich wir du".split())

#: German articles that never open a subject ("Den Unmut der CDU brachte X zum Ausdruck:").
NON_NOMINATIVE_ARTICLES_DE: Final = frozenset("den dem des einem einen eines".split())

#: German articles that open a subject only before an adjective in "-e" ("der neue Minister"),
#: not in "-en" ("der englischsprachigen Zeitung").
NOMINATIVE_WEAK_ARTICLES_DE: Final = frozenset("der das".split())

#: Endings of German adverbs and adjectives that stand alone before the verb ("Ähnlich",
#: "Höhnisch", "Relativierend", "Derzeit", "Ausnahmsweise"); names rarely end so.
ADVERB_ENDINGS_DE: Final = ("lich", "isch", "end", "weise", "mals", "falls", "dings", "seits", "zeit")

#: Endings of German abstract nouns ("Anwendung", "Mitverantwortung", "Freiheit").
ABSTRACT_ENDINGS_DE: Final = ("ung", "heit", "keit", "nis")

#: German articles that attach a genitive to the noun before them ("die Anwendung der Regel").
GENITIVE_ARTICLES_DE: Final = frozenset("der des".split())

#: German prepositions: before an adjective ("nach zweijähriger Amtszeit"), never the verb.
PREPOSITIONS_DE: Final = frozenset((
    "in im am an ans auf aus bei beim bis durch für gegen gegenüber hinter mit nach neben ohne "
    "seit über um unter von vom vor während wegen zu zum zur zwischen trotz gemäß angesichts "
    "laut ins ab"
).split())

#: Words that may sit between a cue and the opening mark without changing who speaks
#: ("said that “…”", "sagte dazu: „…“").
CUE_TAILS: Final = frozenset("that dass dazu daraufhin of about reporters".split())

#: Lower-case words inside a name-with-title ("Speaker of the House Paul Ryan", "Ursula von der
#: Leyen", "Der Sprecher der Polizei").
NAME_JOINERS: Final = frozenset("of the for von van der den de del des da di du la le bin al".split())

#: Dashes that sign a quotation with the name after them.
DASHES: Final = frozenset("―—–-")

#: Lower-case nouns that a title in marks follows ("the film “Jaws”"); German nouns are
#: capitalised and need no list.
TITLED_NOUNS: Final = frozenset(
    "film movie book album song show series novel play program programme magazine newspaper "
    "column article documentary ad slogan hashtag campaign initiative motto title term phrase "
    "word headline label nickname".split()
)

#: Words a name in marks follows ("der „New York Times“", "vom „Queer Beograd Kollektiv“",
#: "the “Celebrity Apprentice”"): definite articles and the prepositions merged with them.
NAME_LEADS: Final = frozenset("the der die das des dem den vom zum zur im beim am ins von laut".split())

#: What joins two names in marks ("„Parchin“ und „Lavisan II“", "„Grand Theft Auto“, kurz
#: „GTA“"); "" is a comma or bracket alone.
NAME_COORDINATORS: Final = frozenset(("", "und", "oder", "sowie", "kurz", "bzw.", "and", "or"))

#: Endings of inflected German adjectives and participles ("die verbale", "der so genannten").
ADJECTIVE_ENDINGS_DE: Final = ("e", "en", "er", "es")

#: Definite articles: a quotation right after one is a name ("the “Celebrity Apprentice”").
DEFINITE_ARTICLES: Final = frozenset("the der die das des dem den le la les il lo el".split())

#: Words that open a subordinate clause: a cue before one of them attributes that clause, not
#: a quotation after it.
SUBORDINATORS: Final = frozenset("because since although whereas weil obwohl da nachdem parce puisque porque perché".split())

#: German conjunctions that open a subordinate clause put before the main clause's verb.
SUBORDINATORS_DE: Final = frozenset("weil obwohl da nachdem als wenn bevor sobald".split())

#: Possessives and quantifiers that open a speaker description ("his campaign manager Jeff
#: Weaver", "one longtime adviser", "seine Sprecherin"); inside a phrase they end it.
DESCRIPTION_OPENERS: Final = frozenset(
    "his her their its our my one two another some several many each seine seinen seiner ihre "
    "ihren ihrer alle jede jeden jeder mehrere viele einige".split()
)

#: Words that continue a speaker description into what it belongs to ("a spokesman for the
#: campaign", "one longtime adviser to Bill Clinton", "der Sprecher der Polizei").
DESCRIPTION_JOINERS: Final = frozenset("for to of at der des".split())

#: Conjunctions that join a second verb to the subject of the first ("… and then predicted:").
COORDINATORS: Final = frozenset("and but und aber et mais y e".split())

#: Last words of organisation and place names ("Brown University", "Labor Department", "Lake
#: Erie"): a run ending in one is not a personal name, and its last word alone is no person.
ORGANISATION_HEADS: Final = frozenset(
    "university college school institute institution department ministry agency office "
    "committee commission council association foundation center centre union party group "
    "company corporation corp inc bank court house senate congress parliament army police "
    "church airport street avenue road river lake mountain island state states city county "
    "news times post journal magazine network channel project initiative campaign fund "
    "service services administration authority board bureau organization organisation "
    "universität ministerium partei gruppe verband verein stiftung institut zeitung "
    "gericht bank kommission rat amt".split()
)

#: Object pronouns between a cue and its speaker ("so charakterisierte ihn der Funktionär").
OBJECT_PRONOUNS: Final = frozenset("ihn ihm ihr ihnen es".split())

#: Words that open a relative clause after a comma ("Katie Packer, who is chairman of …,").
RELATIVE_PRONOUNS: Final = frozenset("who which whose whom welcher welche welches dessen deren".split())

#: German articles that open a relative clause when a lower-case word follows ("Günther
#: Platter, der zur Zeit … inne hat,"); before a noun they open an apposition instead.
RELATIVE_ARTICLES_DE: Final = frozenset("der die das".split())

#: Cue verbs whose next noun phrase is the one spoken to, never the speaker ("Dick Dever …
#: told POLITICO, “…”").
ADDRESSEE_CUES: Final = frozenset("tell tells told telling".split())
