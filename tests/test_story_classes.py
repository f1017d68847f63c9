"""Failure classes of story extraction on pages nobody tuned for, each pinned by a small page.

Golden pages (fixtures/hand-*) reproduce each class as a whole page; these tests pin the
mechanism behind each fix, so a change that breaks it names what it broke.
"""

from __future__ import annotations

import extractor
from extractor import ExtractOptions

PARAGRAPHS = [
    "The council approved the new budget on Tuesday after a debate that ran late into the night, "
    "with the final vote falling along party lines.",
    "Under the plan, spending on roads and bridges rises by a fifth, while the library service "
    "keeps its funding for a third year running.",
    "Opposition members said the increase would be paid for by cuts elsewhere that residents had "
    "not been told about, and asked for an independent review.",
    "The mayor rejected that, saying every line of the budget had been published in draft two "
    "months ago and discussed at four public meetings.",
]


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in items)


def test_react_streamed_segments_are_moved_into_the_story():
    # React streaming: the later sections arrive hidden at the end of the body, and a script
    # swaps each into its <template id="B:n"> placeholder.
    page = (
        "<html><body><article><h1>Council passes budget</h1>"
        f"{paragraphs(PARAGRAPHS[:2])}<template id='B:0'></template><p>Loading...</p>"
        "</article><footer>Footer</footer>"
        f"<div hidden id='S:0'>{paragraphs(PARAGRAPHS[2:])}</div>"
        "<script>$RC('B:0','S:0')</script></body></html>"
    )
    body = extractor.extract(page).body
    assert body.split("\n\n")[:4] == PARAGRAPHS


def test_segments_streamed_inside_segments_reach_their_places_in_order():
    # A streamed section may hold placeholders of its own (<template id="P:n">, filled by
    # $RS("S:n", "P:n")) whose segments arrive after it: they travel with it into the story.
    page = (
        "<html><body><article><h1>Council passes budget</h1>"
        f"{paragraphs(PARAGRAPHS[:1])}<template id='B:0'></template></article><footer>Footer</footer>"
        f"<div hidden id='S:0'>{paragraphs(PARAGRAPHS[1:2])}<template id='P:1'></template>"
        f"{paragraphs(PARAGRAPHS[3:])}</div>"
        f"<div hidden id='S:1'>{paragraphs(PARAGRAPHS[2:3])}</div>"
        "<script>$RC('B:0','S:0');$RS('S:1','P:1')</script></body></html>"
    )
    assert extractor.extract(page).body.split("\n\n") == PARAGRAPHS


def test_a_hidden_block_that_no_placeholder_names_stays_hidden():
    page = (
        f"<html><body><article>{paragraphs(PARAGRAPHS[:3])}</article>"
        "<div hidden id='S:7'><p>A draft paragraph the reader never sees, long enough to be one.</p></div>"
        "</body></html>"
    )
    assert "draft paragraph" not in extractor.extract(page).body


def explained(page: str) -> extractor.Article:
    return extractor.extract(page, options=ExtractOptions(explain=True))


def test_a_utility_class_word_does_not_delete_a_paragraph():
    # WordPress typography classes once read as the font-size toolbar.
    story = "".join(f"<p class='has-medium-font-size'>{text}</p>" for text in PARAGRAPHS)
    article = extractor.extract(f"<html><body><article>{story}</article></body></html>")
    assert article.body.split("\n\n") == PARAGRAPHS


def test_an_evidence_rule_spares_a_long_paragraph_but_drops_a_short_one():
    page = (
        f"<html><body><article>{paragraphs(PARAGRAPHS[:3])}"
        f"<p class='promo-text'>{PARAGRAPHS[3]}</p><p class='promo-text'>Try our app</p>"
        "</article></body></html>"
    )
    article = explained(page)
    assert PARAGRAPHS[3] in article.body
    assert "Try our app" not in article.body
    drop = next(d for d in article.explanation if d.text == "Try our app")
    assert drop.rule == "advertising"
    assert 'class/id word "promo"' in drop.evidence and "does not read as the story" in drop.evidence


def test_a_verdict_rule_drops_prose_and_says_why():
    comments = "".join(f"<p>{text}</p>" for text in PARAGRAPHS[:2])
    page = (
        f"<html><body><article>{paragraphs(PARAGRAPHS)}</article>"
        f"<div class='comments'><p>Reader one wrote:</p>{comments.replace('council', 'committee')}</div></body></html>"
    )
    article = explained(page)
    assert "committee" not in article.body
    drop = next(d for d in article.explanation if d.rule == "comments")
    assert "verdict:" in drop.evidence


def test_a_comment_word_on_the_wrapper_of_the_only_story_does_not_delete_it():
    # "commentOnSelection", a tool for commenting on a highlighted passage, wraps the post:
    # a comments verdict there would leave the page without a paragraph.
    page = (
        "<html><body><header><h1>Council passes budget</h1></header>"
        f"<div class='commentOnSelection'><div id='postBody'>{paragraphs(PARAGRAPHS)}</div></div>"
        "<div class='comments-section'><p>Great post!</p></div></body></html>"
    )
    article = explained(page)
    assert article.body.split("\n\n") == PARAGRAPHS
    assert [d.text for d in article.explanation if d.rule == "comments"] == ["Great post!"]


def test_a_comment_thread_where_the_first_guess_lands_is_still_dropped():
    # A short post in <br> text, and one reader's comment holding more text than it: the first
    # guess lands in the comment, whose sparing would hand it the vote.
    post = "<br><br>".join(PARAGRAPHS[:2])
    comment = "<br><br>".join(PARAGRAPHS).replace("council", "committee")
    page = (
        f"<html><body><div class='post-body'>{post}</div>"
        f"<div id='comments-block'><div class='comment-body'>{comment}</div></div></body></html>"
    )
    article = explained(page)
    assert article.body.split("\n\n") == PARAGRAPHS[:2]
    assert any(d.rule == "comments" for d in article.explanation)


def test_a_lead_written_straight_into_a_box_before_the_story_joins_it():
    lead = "Councillors approved the city's budget for next year in a late-night vote that split the chamber."
    page = (
        f"<html><body><div id='article'><h1>Council passes budget</h1><div class='first-para'>{lead}</div>"
        f"<div class='body-text'>{paragraphs(PARAGRAPHS)}</div></div></body></html>"
    )
    assert extractor.extract(page).body.split("\n\n") == [lead, *PARAGRAPHS]


def test_a_heading_wrapped_in_its_own_permalink_stays():
    # Markdown renderers wrap each heading's text in a link to its own anchor.
    page = (
        f"<html><body><article>{paragraphs(PARAGRAPHS[:2])}"
        "<h3 id='the-vote'><a href='#the-vote'>The vote</a></h3>"
        f"{paragraphs(PARAGRAPHS[2:])}<h3><a href='/news/other-story'>Another story</a></h3></article></body></html>"
    )
    blocks = extractor.extract(page).body.split("\n\n")
    assert blocks == [*PARAGRAPHS[:2], "The vote", *PARAGRAPHS[2:]]


def test_teaser_cards_built_from_the_story_s_template_stay_out():
    # The story and the teaser cards beside it share one class; each card opens with a
    # headline linking to its own story.
    card = (
        "<div class='module-content'><h3><a href='/news/{0}'>Ferry timetable changes</a></h3>"
        "<p>Passengers on the island route will see two fewer sailings a day from March, the operator said, after a winter in which a third of the crossings were cancelled.</p></div>"
    )
    page = (
        f"<html><body><div class='main'><div class='module-content'><h1>Council passes budget</h1>"
        f"{paragraphs(PARAGRAPHS)}</div></div>"
        f"<div class='group'>{card.format(1)}<hr>{card.format(2)}</div></body></html>"
    )
    assert extractor.extract(page).body.split("\n\n") == PARAGRAPHS


def test_a_closing_notice_that_opens_with_the_mark_goes_however_long():
    notice = (
        "© Copyright 2008 Example News Agency. Its content is the intellectual property of the agency "
        "or its providers. Any copying, republication or redistribution is prohibited without prior written consent."
    )
    in_story = (
        "The museum said the photographs, marked © on every print, would stay in the archive until the "
        "estate and the city agree on who holds the rights to reproduce them in the catalogue."
    )
    page = f"<html><body><article>{paragraphs([*PARAGRAPHS, in_story, notice])}</article></body></html>"
    assert extractor.extract(page).body.split("\n\n") == [*PARAGRAPHS, in_story]


def test_a_figure_round_a_table_is_data_not_a_caption():
    table = "<figure class='wp-block-table'><table><tr><th>Year</th><th>Visits</th></tr><tr><td>2023</td><td>310,000</td></tr></table></figure>"
    page = f"<html><body><article>{paragraphs(PARAGRAPHS[:2])}{table}{paragraphs(PARAGRAPHS[2:])}</article></body></html>"
    assert "310,000" in extractor.extract(page).body


def test_a_heading_inside_a_hidden_pop_up_does_not_protect_it():
    modal = (
        "<div class='modal' style='display:none'><h1>Republish this story</h1>"
        "<p>You may republish our stories for free under a Creative Commons licence, online or in print, as long as you credit us.</p></div>"
    )
    page = f"<html><body><article><h1>Council passes budget</h1>{paragraphs(PARAGRAPHS)}</article>{modal}</body></html>"
    assert "Creative Commons" not in extractor.extract(page).body


def test_a_story_spread_over_sections_is_gathered_and_says_so():
    sections = "".join(
        f"<section class='block'><div class='col'><h2>Part {n}</h2><div class='text'><p>{text}</p></div></div></section>"
        for n, text in enumerate(PARAGRAPHS)
    )
    article = extractor.extract(f"<html><body><div class='page'>{sections}</div></body></html>")
    assert [line for line in article.body.split("\n\n") if not line.startswith("Part")] == PARAGRAPHS
    assert "Part 3" in article.body
    assert article.provenance["body"].note != "the best-voted container"


def test_a_linked_teaser_list_beside_the_story_is_not_gathered():
    teasers = "".join(
        f"<div class='card'><h3><a href='/story-{n}'>Another story headline number {n} here</a></h3>"
        f"<p><a href='/story-{n}'>A teaser line that links away to story {n} of the site.</a></p></div>"
        for n in range(6)
    )
    page = f"<html><body><div class='page'><div class='story'>{paragraphs(PARAGRAPHS)}</div><div class='more'>{teasers}</div></div></body></html>"
    body = extractor.extract(page).body
    assert body.split("\n\n") == PARAGRAPHS


def test_a_call_to_action_in_generic_markup_is_dropped_by_its_link():
    plea = (
        "<div class='support-box'><h3>Support Our Journalism</h3><p>We cannot do without you. Our newsroom "
        "is independent and free to read, and it stays that way only because readers like you chip in. Every "
        "contribution, however small, pays for the reporters who cover the stories nobody else covers, in "
        "the places nobody else goes, and keeps our work open to everyone who needs it. Please give today.</p>"
        "<a class='btn' href='/donate'>Support us</a></div>"
    )
    # At the story's end, inside its container (the sibling case is the golden page
    # hand-plea-generic-markup).
    page = f"<html><body><div class='news-text'>{paragraphs(PARAGRAPHS)}{plea}</div></body></html>"
    article = explained(page)
    assert "We cannot do without you" not in article.body
    assert article.body.split("\n\n") == PARAGRAPHS
    drop = next(d for d in article.explanation if d.rule == "call-to-action")
    assert "/donate" in drop.evidence


def test_a_link_in_a_story_paragraph_is_not_a_call_to_action():
    mention = "<p>The charity, which <a href='https://charity.example/donate'>takes donations online</a>, said the money would go to the shelter.</p>"
    page = f"<html><body><article>{paragraphs(PARAGRAPHS)}{mention}</article></body></html>"
    assert "which takes donations online" in extractor.extract(page).body


def test_a_story_slug_with_a_target_word_is_not_a_call_to_action():
    from extractor.calls_to_action import asks_reader

    assert asks_reader("/donate") and asks_reader("https://example.org/support/join-us/?ref=top")
    assert asks_reader("https://apps.apple.com/app/id123") and asks_reader("/m/signin?operation=register")
    assert not asks_reader("/sport/borthwick-to-join-saracens.html")
    assert not asks_reader("/newsletters/playbook/2019/12/19/a-story")


def test_a_teaser_that_links_nowhere_is_the_story_s_standfirst():
    # German sites call the standfirst the "Teaser"; a teaser of another story links to it.
    lead = "Die Stadt hat den Haushalt beschlossen. Die Debatte dauerte bis in die Nacht hinein."
    page = (
        f"<html><body><header><h1>Haushalt beschlossen</h1><div class='teaser-text'><p>{lead}</p></div></header>"
        f"<article>{paragraphs(PARAGRAPHS)}</article>"
        "<div class='teaser-text'><p><a href='/other'>The library service reopens its doors. "
        "Readers queued from early morning for the new building.</a></p></div></body></html>"
    )
    article = explained(page)
    blocks = article.body.split("\n\n")
    assert lead in blocks and blocks.index(lead) < blocks.index(PARAGRAPHS[0])
    assert "library service reopens" not in article.body
    assert any(d.rule == "related-links" and "reopens" in d.text for d in article.explanation)


def test_an_empty_ad_slot_between_the_lead_and_the_story_does_not_part_them():
    lead = (
        "Councillors sat until midnight to pass the budget, the longest meeting of the year, "
        "and the result was never in doubt."
    )
    page = (
        f"<html><body><main><div class='intro'>{lead}</div><div class='slot-rectangle'> </div>"
        f"<div class='story'>{paragraphs(PARAGRAPHS)}</div></main><footer>Footer</footer></body></html>"
    )
    assert extractor.extract(page).body.split("\n\n") == [lead, *PARAGRAPHS]


def test_a_guide_s_questions_and_answers_after_the_story_join_it():
    # The FAQ sits in a section of its own after the story's, with less prose than the story:
    # the vote that gathers sibling sections leaves it out.
    answer = (
        "Residents can read every line of the draft budget at the town hall or on the council's "
        "pages, and comments are open until the end of the month."
    )
    page = (
        "<html><body><main><h1>Council passes budget</h1>"
        f"<div class='body-field'>{paragraphs(PARAGRAPHS)}</div>"
        "<div class='extra-sections'><div class='faq-list'><h3>When does the new budget take effect?</h3>"
        f"<div class='faq-answer'><p>{answer}</p></div></div></div></main>"
        "<footer>Footer</footer></body></html>"
    )
    blocks = extractor.extract(page).body.split("\n\n")
    assert blocks[: len(PARAGRAPHS)] == PARAGRAPHS
    assert blocks[len(PARAGRAPHS) :] == ["When does the new budget take effect?", answer]


def test_a_link_list_named_faq_after_the_story_stays_out():
    links = "".join(f"<li><a href='/faq/{n}'>Frequently asked question number {n} about us</a></li>" for n in range(8))
    page = (
        f"<html><body><main><div class='body-field'>{paragraphs(PARAGRAPHS)}</div>"
        f"<div class='faq-links'><ul>{links}</ul></div></main></body></html>"
    )
    assert extractor.extract(page).body.split("\n\n") == PARAGRAPHS


def test_a_paragraph_of_zero_width_characters_is_no_block():
    # Page builders space paragraphs with <p>&zwj;</p>; str.split does not see it as space.
    spacers = "<p>&zwj;</p><p>\u200b</p><p>&shy;</p>"
    page = f"<html><body><article>{paragraphs(PARAGRAPHS[:2])}{spacers}{paragraphs(PARAGRAPHS[2:])}</article></body></html>"
    article = extractor.extract(page, options=ExtractOptions(formats=("markdown", "html")))
    assert article.body.split("\n\n") == PARAGRAPHS
    assert article.body_html is not None and article.body_html.count("<p>") == len(PARAGRAPHS)


def test_a_menu_named_navigation_in_its_class_is_dropped_as_navigation():
    # Mega-menus list every section with a blurb, so the menu can outweigh a short story.
    entries = "".join(
        f"<li><a href='/s{n}'>Section {n}</a> {PARAGRAPHS[n % 4].replace('council', 'club')}</li>"
        for n in range(12)
    )
    page = (
        f"<html><body><ul class='main-navigation-list'>{entries}</ul>"
        f"<div class='news-text'>{paragraphs(PARAGRAPHS[:2])}</div></body></html>"
    )
    article = explained(page)
    assert "club" not in article.body
    assert article.body.startswith(PARAGRAPHS[0])
    assert any(d.rule == "navigation" and "navigation" in d.selector for d in article.explanation)


def test_text_with_no_spaces_written_into_a_box_casts_no_vote():
    # Boxes that hold a list of domains, a URL or a JSON blob as text (often hidden by a
    # stylesheet) have commas enough to out-vote a short story's paragraphs.
    domains = ",".join(f"partner{n}.example.org" for n in range(40))
    page = (
        f"<html><body><div class='partners'>{domains}</div>"
        f"<div class='text-body'>{paragraphs(PARAGRAPHS[:2])}</div></body></html>"
    )
    article = extractor.extract(page)
    assert article.body.startswith(PARAGRAPHS[0])
    assert "partner1" not in article.body
