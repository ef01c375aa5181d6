"""monitor.text: normalisation, paragraphs, sentences, boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.facts import diff_documents
from monitor.models import Document
from monitor.text import (
    is_boilerplate,
    line_key,
    normalise,
    split_paragraphs,
    split_sentences,
    story_paragraphs,
    strip_inline_furniture,
)

pytestmark = pytest.mark.timeout(30)


def test_normalise_is_insensitive_to_rendering() -> None:
    a = "<p>The mines are “non-persistent,” officials said —\u00a0for now…</p>\n\n\n<p>Next</p>"
    b = 'The mines are "non-persistent," officials  said - for now...\n\nNext'
    assert normalise(a) == normalise(b) == (
        'The mines are "non-persistent," officials said - for now...\n\nNext')


def test_normalise_drops_invisible_characters_and_entities() -> None:
    assert normalise("co\u00adoperate &amp; zero\u200bwidth") == "cooperate & zerowidth"


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_split_paragraphs_blank_lines_and_hard_wraps() -> None:
    text = "First paragraph\nwrapped here.\n\nSecond one.\nThird on its own line."
    assert split_paragraphs(text) == [
        "First paragraph wrapped here.", "Second one.", "Third on its own line."]


@pytest.mark.parametrize("text, expected", [
    ("A U.S. official said on Nov. 19 that Lt. Col. Dana Whitfield left. He did.",
     ["A U.S. official said on Nov. 19 that Lt. Col. Dana Whitfield left.", "He did."]),
    ('"We will win," he said. She disagreed!', ['"We will win," he said.', "She disagreed!"]),
    ("It was 3.5 percent at 5 p.m. Friday. Then 4.", ["It was 3.5 percent at 5 p.m. Friday.",
                                                      "Then 4."]),
    ("John F. Kennedy spoke. Mr. Smith agreed.", ["John F. Kennedy spoke.", "Mr. Smith agreed."]),
    # a feed's list run into one line: each item is a sentence ("5 * 3" is no list)
    ("VIRUS LATEST * 3.25 million cases * NZ has 151 active cases. It costs 5 * 3 dollars.",
     ["VIRUS LATEST", "3.25 million cases", "NZ has 151 active cases.",
      "It costs 5 * 3 dollars."]),
    ("KEY POINTS \u2022 Ship missing \u2022 One rescued", ["KEY POINTS", "Ship missing",
                                                        "One rescued"]),
    # curly quotation marks open and close sentences as straight ones do
    ("It was luck, too. \u201cI had seen them,\u201d he said. \u201cThis one was dead.\u201d "
     "Read more",
     ["It was luck, too.", "\u201cI had seen them,\u201d he said.",
      "\u201cThis one was dead.\u201d", "Read more"]),
    ("Voters back repealing Prop. 209 in the poll.",
     ["Voters back repealing Prop. 209 in the poll."]),
    # a councillor's or a superintendent's title told short
    ("Coun. Brent Havel voted against. Supt. Ann Lee agreed.",
     ["Coun. Brent Havel voted against.", "Supt. Ann Lee agreed."]),
])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_sentences_keeps_paragraphs_apart() -> None:
    assert split_sentences("No stop here\n\nNext paragraph") == ["No stop here",
                                                                 "Next paragraph"]


def test_line_key_ignores_numbers_case_and_punctuation() -> None:
    assert line_key("Updated 5 minutes ago") == line_key("UPDATED 12 minutes ago!")
    assert line_key("“Sign up” for our newsletter") == line_key('"Sign up" for our  newsletter')
    assert line_key("Updated 5 minutes ago") != line_key("Storm knocks out power")


@pytest.mark.parametrize("line", [
    "Advertisements", "Advertisement", "ADVERTISEMENT - SCROLL TO CONTINUE",
    "HAVE YOU READ?: Storm knocks out power to thousands in Pacific Northwest",
    "Related: What are non-persistent land mines?", "Read more: Fire kills 3 in Ohio",
    "Updated 5 minutes ago", "Updated 1 hour ago", "Last updated: Nov. 19, 2024 5:30 p.m. EST",
    "By Daniel Hart", "By DANIEL HART and Jo Smith, Associated Press",
    "Photo: Getty Images", "(Image credit: Matt Slocum)", "Sign up for our free newsletter",
    "Copyright 2024 NPR", "Click here to subscribe",
    "This story has been updated with additional details.", "Follow us on Instagram",
    "Photo by John Doe/Getty Images", "Noah Berger / AP", "Jane Roe/Reuters via Alamy",
    "Tracking US cases | Podcast | Catch up | Q&A | Life after lockdown",
    "By Farhana Rahman | Updated 6:30 p.m.", "By our correspondent", "By Wire staff",
    "By Newswire correspondent", "(Mkondo Prize/Handout)",
    "Grace Atim holds her award at the ceremony in Nairobi. (Mkondo Prize/Handout)",
    "A farmer checks seaweed lines at low tide in Paje. Photo: EANS/Amina Said",
    # an embedded player's placeholder (AP pages as scraped into a feed)
    "To display this content from YouTube, you must enable advertisement tracking and "
    "audience measurement.",
    "One of your browser extensions seems to be blocking the video player from loading. To "
    "watch this content, you may need to disable it on this site.",
    "Please enable JavaScript to view the comments.", "This video can't be played.",
    # a line opening with a bullet lists links to other stories (CNN's feed summaries)
    "\u2022 Watch: Obama's full speech to convention \u2022 Opinion: Biden can use speech",
])
def test_intrinsic_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Police said 3 people died.", "By the numbers", "Washington has stipulated the terms.",
    "The decision comes as President Joe Biden approaches the end of his term.",
    "BREAKING: Mines approved for Ukraine", "By the numbers | What we know",
    "By staff accounts, the mines were moved at night.",
    "To see this through, the council will need more money.",
    "This video cannot be shown in full because the court has restricted it.",
    # a list of the story's own facts has its heading
    "KEY POINTS \u2022 Mines approved for Ukraine \u2022 Police decision due",
])
def test_story_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line, title="Mines for Ukraine",
                              context_words={"mines", "ukraine", "police", "decision"})


def test_a_long_paragraph_opening_like_a_player_placeholder_is_story() -> None:
    paragraph = ("To see this content of the report, the committee said, members of the "
                 "public must apply in writing to the clerk, who will then decide within "
                 "three weeks whether the mines inquiry papers can be released, a process "
                 "critics say was designed to delay scrutiny of the decision until after "
                 "the vote on Thursday, when the police budget is due.")
    assert len(paragraph) > 300
    assert not is_boilerplate(paragraph, title="Mines for Ukraine")


def test_headline_unrelated_to_the_story_is_boilerplate() -> None:
    context = {"mines", "ukraine", "antipersonnel", "pentagon"}
    assert is_boilerplate("Storm knocks out power to thousands in Pacific Northwest",
                          title="US authorizes land mines for Ukraine", context_words=context)
    assert not is_boilerplate("Ukraine to receive antipersonnel mines within weeks",
                              title="US authorizes land mines for Ukraine",
                              context_words=context)


def test_a_one_line_summary_is_the_story_whatever_its_words() -> None:
    # a feed item's summary may share no word with its headline; alone, it is no promo
    summary = "As Bills confirm new stadium won't host high school games"
    assert story_paragraphs("Section VI playoffs face uncertainty", summary) == [summary]
    assert story_paragraphs("Section VI playoffs face uncertainty",
                            "Tracking US cases | Podcast | Catch up | Q&A") == []


def test_story_paragraphs_drops_furniture_and_known_lines() -> None:
    text = ("By Daniel Hart\n\nUpdated 5 minutes ago\n\nThe mines will ship soon. "
            "(Image credit: Jane Doe)\n\nFOOTER LINE OF THE FEED\n\n"
            "HAVE YOU READ?: Dutch court orders return of seized artworks\n\n"
            "Mines are banned by the Ottawa Convention.")
    kept = story_paragraphs("Mines for Ukraine", text,
                            boilerplate={line_key("FOOTER LINE OF THE FEED")})
    assert kept == ["The mines will ship soon.", "Mines are banned by the Ottawa Convention."]


@pytest.mark.parametrize(("text", "stripped"), [
    ("Drilling puts wildlife at risk. Last updated 14:20 EAT",
     "Drilling puts wildlife at risk."),
    ("He updated the software. Updated: 9:05 am", "He updated the software."),
    ("The page was updated 14:20 times", "The page was updated 14:20 times"),  # not a stamp
])
def test_an_update_stamp_closing_a_paragraph_is_inline_furniture(text: str,
                                                                  stripped: str) -> None:
    assert strip_inline_furniture(text) == stripped


@pytest.mark.parametrize(("text", "stripped"), [
    ("April 23, 2020 5:00 AM New daily cases rose.", "New daily cases rose."),
    ("12 May 2021 10:48 AM SGT - The four patients are unlinked.",
     "The four patients are unlinked."),
    ("May 4, 2021 9:50 pm EDT \u201cWe are here,\u201d he said.",
     "\u201cWe are here,\u201d he said."),
    ("April 23, 2020 5:00 AM", ""),
    # a sentence that tells a date and a time is no stamp
    ("April 23, 2020 at 5:00 AM, police said, the gates opened.",
     "April 23, 2020 at 5:00 AM, police said, the gates opened."),
    ("On April 23, 2020 5:00 AM was the deadline.", "On April 23, 2020 5:00 AM was the deadline."),
    ("April 23 at 5:00 AM the gates opened.", "April 23 at 5:00 AM the gates opened."),
])
def test_a_publication_stamp_opening_a_paragraph_is_inline_furniture(text: str,
                                                                     stripped: str) -> None:
    assert strip_inline_furniture(text) == stripped


def test_a_stamped_summary_changes_no_value() -> None:
    # The Straits Times' summaries open with their publication stamp: a new lead must not
    # report the stamp's words with it ("2020 5:00 AM Like all good stories")
    old = Document("Baby born", "May 03, 2020 5:00 AM Like all good stories, this one has "
                   "something to do with time.", None)
    new = Document("Baby born", "May 03, 2020 5:00 AM The couple who flew here from London "
                   "were cleared of the virus.", None)
    values = [v for c in diff_documents(old, new).changes for v in (c.old, c.new) if v]
    assert values and not any("5:00" in v or "2020" in v for v in values)
