"""monitor.facts.diff: fact changes between versions, and silence on cosmetic edits."""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.facts import diff_documents
from monitor.facts.reading import analyse
from monitor.facts.recount import recounted
from monitor.facts.shown import _single_quotes_closed
from monitor.models import Change, Document

pytestmark = pytest.mark.timeout(60)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
PUBLIC_PAIRS = SHARED / "examples" / "factpairs-public.jsonl"
OWN_PAIRS = REPO / "tests" / "data" / "factpairs-own.jsonl"
PUBLISHED = datetime(2024, 11, 20, 6, tzinfo=UTC)  # a Wednesday

BASE = (
    "WASHINGTON — The United States has authorized the provision of antipersonnel land mines "
    "to Ukraine, a U.S. official said on Nov. 19, 2024, in a policy shift aimed at helping "
    "Kyiv slow Russian advances in the east.\n\n"
    'The mines are "non-persistent," meaning they will deactivate after a predetermined '
    "period, the official said.\n\n"
    "Washington has stipulated that the mines be used exclusively within Ukrainian territory "
    "and away from populated areas.\n\n"
    "President-elect Donald Trump is set to take office in January and has pledged to end "
    "the war.\n\n"
    "The conflict, which began in February 2022, has now lasted 1,000 days and killed at "
    "least 12,000 civilians, according to the United Nations.\n\n"
    "Ukraine is a party to the 1997 Ottawa Convention banning such weapons. Five other "
    "countries will not sign it."
)
TITLE = "US authorizes antipersonnel land mines for Ukraine, official says"


def diff(new_text: str, *, old_text: str = BASE, old_title: str = TITLE,
         new_title: str = TITLE) -> list[Change]:
    return diff_documents(Document(old_title, old_text, PUBLISHED),
                          Document(new_title, new_text, PUBLISHED)).changes


def edit(old: str, new: str) -> list[Change]:
    assert old in BASE, old
    return diff(BASE.replace(old, new, 1))


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


# --------------------------------------------------------------------------- fact kinds


@pytest.mark.parametrize("old, new, kind, action, old_span, new_span", [
    ("1,000 days", "1,001 days", "number", "changed", "1,000 days", "1,001 days"),
    ("at least 12,000", "at least 15,000", "number", "changed", "12,000", "15,000"),
    ("at least 12,000", "12,000", "number", "changed", "at least 12,000", "12,000"),
    ("Five other countries", "Seven other countries", "number", "changed", "Five", "Seven"),
    ("a predetermined period", "a period of two weeks", "number", "changed",
     "predetermined period", "two weeks"),
    ("take office in January", "take office on January 20", "date", "changed", "in January",
     "on January 20"),
    ("said on Nov. 19, 2024", "said on Nov. 18, 2024", "date", "changed", "Nov. 19, 2024",
     "Nov. 18, 2024"),
    # the restriction dropped from a phrase the sentence keeps: shown on both sides
    ("exclusively within Ukrainian territory", "within Ukrainian territory", "condition",
     "changed", "exclusively within Ukrainian territory", "within Ukrainian territory"),
    ("within Ukrainian territory", "only within Ukrainian territory", "condition",
     "changed", "within Ukrainian territory", "only within Ukrainian territory"),
    (" and away from populated areas", "", "condition", "removed", "away from populated areas",
     None),
    ("used exclusively within", "used, unless Kyiv objects, exclusively within", "condition",
     "added", None, "unless Kyiv objects"),
    ("will not sign it", "will sign it", "status", "changed", "will not sign", "will sign"),
    ("has authorized", "is considering", "status", "changed", "authorized", "considering"),
    ("a U.S. official said on", "Pentagon spokesperson Dana Whitfield said on", "attribution",
     "changed", "a U.S. official", "Pentagon spokesperson Dana Whitfield"),
    ("according to the United Nations", "according to Ukrainian officials", "attribution",
     "changed", "United Nations", "Ukrainian officials"),
    ('"non-persistent,"', '"self-destructing,"', "quote", "changed", "non-persistent",
     "self-destructing"),
    ("in the east", "in the Donetsk region", "entity", "changed", "in the east",
     "in the Donetsk region"),
    ("to Ukraine, a U.S.", "to Ukraine and Moldova, a U.S.", "entity", "added", None, "Moldova"),
    ("according to the United Nations", "according to police", "attribution", "changed",
     "United Nations", "police"),
    ("has authorized", "has denied authorizing", "status", "changed", "authorized", "denied"),
    ("will not sign it", "might sign it", "status", "changed", "will not", "might"),
])
def test_each_fact_kind(old: str, new: str, kind: str, action: str, old_span: str | None,
                        new_span: str | None) -> None:
    change = only(edit(old, new))
    assert (change.kind, change.action) == (kind, action)
    if old_span is None:
        assert change.old is None
    else:
        assert old_span in (change.old or "")
    if new_span is None:
        assert change.new is None
    else:
        assert new_span in (change.new or "")
    assert change.old_sentence or change.new_sentence


def test_source_with_an_appositive_is_attribution() -> None:
    text = "The agency will act soon, John Smith, a spokesman for the agency, said on Monday."
    change = only(diff(text.replace("John Smith, a spokesman", "Jane Doe, a spokeswoman"),
                       old_text=text))
    assert change.kind == "attribution" and "Jane Doe" in change.new


def test_status_and_date_edited_together_are_two_changes() -> None:
    changes = edit("Trump is set to take office in January", "Trump took office on January 20")
    assert sorted(c.kind for c in changes) == ["date", "status"]


def test_a_value_never_starts_inside_a_name() -> None:
    """The wording edit promoted beside the count changed ("Korea help" -> "Korean
    missiles") is shown from the name's first word."""
    old = ("Russian aerial attacks kill 9 in Ukraine as Zelenskyy warns Moscow is getting "
           "more North Korea help")
    new = ("Russian attacks kill 10 in Ukraine as Zelenskyy says Moscow is getting more "
           "North Korean missiles")
    entity = next(c for c in diff(BASE, old_title=old, new_title=new) if c.kind == "entity")
    assert "North Korea help" in (entity.old or "") and "North Korean" in (entity.new or "")


def test_an_amount_told_in_a_long_clause_is_shown_with_what_it_counts() -> None:
    old = ("Construction figures are bracing for a snap industry-wide shutdown in response "
           "to violent protests in Melbourne.")
    new = ("The Victorian construction industry will be closed in locked down parts of the "
           "state for two weeks in response to violent protests in Melbourne.")
    changes = diff_documents(Document("Chaos puts Victorian construction at risk", old),
                             Document("Construction shut down after protests", new)).changes
    assert ("number", "added", "two weeks") in [(c.kind, c.action, c.new) for c in changes]


def test_a_compass_point_swapped_is_no_typo() -> None:
    """"Northwestern" -> "Northeastern" differ by two letters, as a typo may, but name
    another point of the compass: another university."""
    change = only(diff("Northeastern University scientists tested the claims.",
                       old_text="Northwestern University scientists tested the claims."))
    assert change.kind == "entity" and "Northeastern" in (change.new or "")


def test_a_question_asked_again_naming_what_the_story_names_asserts_nothing() -> None:
    old = Document("Where can I go on holiday?",
                   "Is it now possible to go on holiday, either in the UK or abroad?")
    new = Document("Coronavirus: Where can I now go on holiday in the UK?",
                   "Where can I go and what can I do on a holiday in the UK?")
    assert diff_documents(old, new).changes == []


def test_two_names_swapped_apart_are_two_changes() -> None:
    old = "A fire in Clarence early Tuesday closed Main St. between Davidson and Millgrove."
    new = ("A fire in Newstead early Tuesday temporarily closed Main Road between Davidson "
           "and Millgrove.")
    changes = diff(new, old_text=old)
    place, street = (c for c in changes if c.kind == "entity")
    assert "Clarence" in place.old and "Newstead" in place.new and "Main" not in place.new
    assert "St." in street.old and "Road" in street.new and "Newstead" not in street.new


def test_a_name_and_a_state_swapped_side_by_side_are_two_changes() -> None:
    """"[Asian] shares [slip]" -> "[World] shares [are mixed]": who moved and how."""
    old = Document("Asian shares slip and oil prices retreat", "")
    new = Document("World shares are mixed and oil prices retreat", "")
    changes = diff_documents(old, new).changes
    assert [(c.kind, c.old, c.new) for c in changes if c.kind == "entity"] == [
        ("entity", "Asian shares", "World shares")], changes
    assert any(c.kind == "status" and "slip" in (c.old or "") and "mixed" in (c.new or "")
               and "Asian" not in (c.old or "") for c in changes), changes


def test_sentence_added_and_removed() -> None:
    added = only(edit("the official said.", "the official said. The mines will be drawn from "
                      "existing U.S. stockpiles, officials said."))
    assert added.action == "added" and added.old is None and "stockpiles" in added.new
    removed = only(edit(" Five other countries will not sign it.", ""))
    assert removed.action == "removed" and removed.new is None
    assert "Five other countries" in removed.old_sentence


def test_a_numbered_place_in_an_added_sentence_is_no_count() -> None:
    # "Route 20" names a road (data/numbered_places.txt); "level 4" stays a number
    road = only(edit("the official said.", "the official said. Volunteers search Route 20 "
                     "near the river."))
    assert (road.kind, road.action) == ("entity", "added")
    level = only(edit("the official said.", "the official said. The city moves to alert "
                      "level 4."))
    assert level.kind == "number"


def test_one_edit_is_one_change_and_severity_is_set() -> None:
    changes = edit("1,000 days", "1,001 days") + edit("in the east", "in the Donetsk region")
    assert [c.severity for c in changes] == ["high", "medium"]


def test_headline_repeating_a_body_change_is_one_change() -> None:
    changes = diff(BASE.replace("1,000 days", "1,001 days"),
                   new_title="War reaches 1,001 days as US authorizes land mines",
                   old_title="War reaches 1,000 days as US authorizes land mines")
    assert len(changes) == 1 and changes[0].kind == "number"


def test_a_headline_state_change_the_body_tells_is_one_change() -> None:
    """The headline and the body both tell a missing teen found, each naming other
    things ("in the City of Buffalo", the teen's name): one change, the body's; a
    "will" dropped in both is two events, not one."""
    changes = diff_documents(
        Document("Missing teen in the City of Buffalo",
                 "Buffalo Police are looking for the community's help in locating "
                 "16-year-old Min Kaing.", PUBLISHED),
        Document("Missing teen located in the City of Buffalo",
                 "Buffalo Police located a missing 16-year-old.", PUBLISHED)).changes
    assert [c.kind for c in changes if c.kind == "status"] == ["status"], changes
    assert all(c.old_sentence != "Missing teen in the City of Buffalo" for c in changes)
    changes = diff_documents(
        Document("Jason Arno will be honored at the memorial service",
                 "The fire commissioner will be at the event.", PUBLISHED),
        Document("Jason Arno honored at the memorial service",
                 "The fire commissioner is at the event.", PUBLISHED)).changes
    assert len(changes) == 2, changes


_BURGERS = ("Police in New Zealand have been required to enforce crowd control measures at a "
            "popular fast food outlet after large numbers of people rushed to buy burgers "
            "following a relaxing of the country's lockdown measures on Tuesday.")


@pytest.mark.parametrize(("new_title", "reported"), [
    # three in five of its words, and every fact, told by the story: the same news
    ("New Zealanders crowd fast-food restaurants after lockdown eases", []),
    # an outcome the story does not tell is news, however many words it shares
    ("Police arrest New Zealanders crowding fast-food restaurants after lockdown eases",
     ["Police arrest New Zealanders crowding fast-food restaurants after lockdown eases"]),
])
def test_a_rewritten_headline_the_story_tells_is_moved(new_title: str,
                                                        reported: list[str]) -> None:
    old_title = ("New Zealanders are so eager to eat burgers after the coronavirus lockdown "
                 "that police are having to enforce crowd control")
    changes = diff_documents(Document(old_title, _BURGERS, PUBLISHED),
                             Document(new_title, _BURGERS, PUBLISHED)).changes
    assert [c.new for c in changes] == reported, changes


def test_a_summary_swapped_for_a_photo_caption_is_a_summary_gone() -> None:
    """The new summary is a photo's caption (a place, its region, a bare date after
    commas): the old summary went with nothing in its place, as when a summary becomes
    empty; a dek that replaces a caption is read as told."""
    title = "Coronavirus Jumps the Border, Overwhelming Hospitals in California"
    dek = ("Hospitals are airlifting patients to facilities hundreds of miles away to "
           "handle an influx of Americans sickened in Mexico.")
    caption = ("A health care worker treated a patient at the El Centro Regional Medical "
               "Center in El Centro, Calif., last month.")
    assert diff_documents(Document(title, dek, PUBLISHED),
                          Document(title, caption, PUBLISHED)).changes == []
    assert diff_documents(Document(title, caption, PUBLISHED),
                          Document(title, dek, PUBLISHED)).changes


def test_a_summary_that_counts_is_no_caption() -> None:
    """A place, its region and a day end the new summary, but it tells a toll: news."""
    title = "Small Plane Crashes Into Backyard in Utah City, Killing 3"
    old = ("Three people died in the crash, an official said, and at least three others "
           "were injured.")
    new = ("The plane crashed into the backyards of two homes and damaged three houses in "
           "West Jordan, Utah, on Saturday.")
    changes = diff_documents(Document(title, old, PUBLISHED),
                             Document(title, new, PUBLISHED)).changes
    assert any(c.action == "added" and "two homes" in (c.new or "") for c in changes)


def test_headline_only_change_is_reported() -> None:
    change = only(diff(BASE, new_title="US will not authorize antipersonnel land mines for "
                                        "Ukraine, official says"))
    assert change.kind == "status"


@pytest.mark.parametrize(("old_title", "new_title", "old_text", "new_text", "shown"), [
    # the body only dropped "is shut"; the headline now says the bridge reopened
    ("Harbour Bridge shut after collision", "Harbour Bridge reopens after collision",
     "The Harbour Bridge is shut after a collision. Two people were hurt.",
     "Two people were hurt in a collision on the Harbour Bridge.", None),
    # the body's change is of another count ("four injured" -> "seven dead")
    ("Storm hits coast, at least 3 dead", "Storm hits coast, at least 7 dead",
     "A storm hit the coast on Monday, leaving at least four people injured.",
     "A storm hit the coast on Monday, leaving at least seven dead.",
     ("at least 3 dead", "at least 7 dead")),
])
def test_a_headline_change_sharing_one_side_with_a_body_change_is_its_own(
        old_title: str, new_title: str, old_text: str, new_text: str,
        shown: tuple[str, str] | None) -> None:
    changes = diff_documents(Document(old_title, old_text, PUBLISHED),
                             Document(new_title, new_text, PUBLISHED)).changes
    from_headline = [(c.old, c.new) for c in changes if c.old_sentence == old_title]
    assert from_headline and (shown is None or shown in from_headline), changes


def test_an_adverb_in_a_condition_is_no_condition_change() -> None:
    old = "Aid will reach the town if the bridge ultimately reopens, officials said."
    assert diff_documents(Document("Aid", old), Document(
        "Aid", old.replace(" ultimately", ""))).changes == []
    narrowed = only(diff_documents(Document("Aid", old), Document(
        "Aid", old.replace("if the bridge", "only if the old bridge"))).changes)
    assert narrowed.kind == "condition"


def test_revert_is_a_change_back() -> None:
    forward = only(edit("1,000 days", "1,001 days"))
    back = only(diff(BASE, old_text=BASE.replace("1,000 days", "1,001 days")))
    assert (forward.old, forward.new) == (back.new, back.old)


# --------------------------------------------------------------------------- cosmetic edits


COSMETIC = {
    "typo fix": ("antipersonnel land mines to Ukraine", "antipersonel land mines to Ukraine"),
    "punctuation": ("populated areas.", "populated areas!"),
    "comma": ("Washington has stipulated that", "Washington has stipulated, that"),
    "quote style": ('"non-persistent,"', "“non-persistent,”"),
    "whitespace": ("has now lasted", "has  now\tlasted"),
    "synonym said/stated": ("the official said.", "the official stated."),
    "tense said/says": ("a U.S. official said", "a U.S. official says"),
    "US for U.S.": ("a U.S. official", "a US official"),
    "U.S. for the United States": ("The United States has", "The U.S. has"),
    "number format": ("1,000 days", "1000 days"),
    "spelled number": ("Five other countries", "5 other countries"),
    "date format": ("on Nov. 19, 2024", "on 19 November 2024"),
    "relative date": ("on Nov. 19, 2024", "on Tuesday"),
    "month format": ("in February 2022", "in Feb. 2022"),
    "percent": ("at least 12,000 civilians", "at least 12 thousand civilians"),
    "demonym": ("Russian advances", "Russia's advances"),
    "compound": ("land mines to Ukraine", "landmines to Ukraine"),
    "sentence split": ("2024, in a policy shift aimed", "2024. The policy shift is aimed"),
    "sentences merged": ("banning such weapons. Five other", "banning such weapons, and five "
                         "other"),
    "ad line": ("\n\nWashington has", "\n\nAdvertisements\n\nWashington has"),
    "promo line": ("\n\nWashington has", "\n\nHAVE YOU READ?: Storm knocks out power to "
                   "thousands in Pacific Northwest\n\nWashington has"),
    "related line": ("not sign it.", "not sign it.\n\nRelated: What are land mines?"),
    "read more line": ("\n\nWashington has", "\n\nRead more: Dutch court returns seized "
                       "art\n\nWashington has"),
    "update stamp": ("WASHINGTON", "Updated 12 minutes ago\n\nWASHINGTON"),
    "byline": ("WASHINGTON", "By Daniel Hart, Associated Press\n\nWASHINGTON"),
    "photo credit": ("\n\nWashington has", "\n\nPhoto: Efrem Lukatsky/AP\n\nWashington has"),
    "inline credit": ("the official said.", "the official said. (Image credit: Jane Doe)"),
    "numeric date": ("on Nov. 19, 2024", "on 11/19/2024"),
    "qualifier synonym": ("at least 12,000", "more than 12,000"),
    "status synonym": ("and killed at least", "and left dead at least"),
    "source synonym": ("a U.S. official said on", "a U.S. government official said on"),
    "typo in a state word": ("has authorized", "has authroized"),
    "condition synonym": ("used exclusively within", "used solely within"),
    "name with title": ("President-elect Donald Trump is set", "Trump is set"),
    "agency tag": ("WASHINGTON —", "WASHINGTON (AP) —"),
    "moved attribution": ("has now lasted 1,000 days and killed at least 12,000 civilians, "
                          "according to the United Nations.",
                          "has now lasted 1,000 days and, according to the United Nations, "
                          "killed at least 12,000 civilians."),
}


@pytest.mark.parametrize("name", sorted(COSMETIC))
def test_cosmetic_edit_is_silent(name: str) -> None:
    old, new = COSMETIC[name]
    assert edit(old, new) == []


def test_reordered_paragraphs_are_silent() -> None:
    paragraphs = BASE.split("\n\n")
    assert diff("\n\n".join(reversed(paragraphs))) == []


def test_headline_capitalisation_is_silent() -> None:
    assert diff(BASE, new_title="US Authorizes Antipersonnel Land Mines for Ukraine, "
                                "Official Says") == []


def test_kicker_label_in_headline_is_silent() -> None:
    assert diff(BASE, new_title="Ukraine war: " + TITLE) == []


def test_promo_rotation_is_silent() -> None:
    with_promo = BASE + "\n\nHAVE YOU READ?: Storm knocks out power in Pacific Northwest"
    rotated = BASE + "\n\nHAVE YOU READ?: Tokyo venue to host esports championship"
    assert diff(rotated, old_text=with_promo) == []


def test_known_feed_boilerplate_is_ignored() -> None:
    from monitor.text import line_key

    footer = "Our journalism relies on readers like you"
    result = diff_documents(Document(TITLE, BASE, PUBLISHED),
                            Document(TITLE, BASE + "\n\n" + footer, PUBLISHED),
                            boilerplate={line_key(footer)})
    assert result.changes == []


def test_cosmetic_edits_are_counted() -> None:
    result = diff_documents(Document(TITLE, BASE, PUBLISHED),
                            Document(TITLE, "Updated 1 minute ago\n\n"
                                     + BASE.replace("1,000", "1000"), PUBLISHED))
    assert result.changes == [] and len(result.cosmetic) >= 2
    assert result.to_json() == {"changes": [], "cosmetic": len(result.cosmetic)}


# --------------------------------------------------------------------------- properties

CORPUS_TEXTS = [BASE] + sorted({
    json.loads(line)["old"]["text"]
    for path in sorted((REPO / "tests" / "data").glob("factpairs-*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


def _swap_quotes(text: str, rng: random.Random) -> str:
    return re.sub(r'"([^"]*)"', lambda m: f"“{m.group(1)}”", text)


def _reformat_numbers(text: str, rng: random.Random) -> str:
    return re.sub(r"\b(\d{1,3}),(\d{3})\b", r"\1\2", text)


def _respace(text: str, rng: random.Random) -> str:
    return re.sub(r" (?=\w)", lambda m: "  " if rng.random() < 0.1 else " ", text)


def _reorder(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)
    return "\n\n".join(paragraphs)


def _furniture(text: str, rng: random.Random) -> str:
    lines = ["Advertisements", "Updated 7 minutes ago", "By Jane Roe", "Photo: John Doe/AP",
             "HAVE YOU READ?: Storm knocks out power to thousands in Pacific Northwest",
             "Related: How the market closed today", "Read more: Ten recipes for winter"]
    paragraphs = text.split("\n\n")
    paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(lines))
    return "\n\n".join(paragraphs)


def _synonyms(text: str, rng: random.Random) -> str:
    return re.sub(r"\bsaid\b", "stated", text)


def _abbreviations(text: str, rng: random.Random) -> str:
    return text.replace("U.S.", "US")


def _split(text: str, rng: random.Random) -> str:
    return re.sub(r", and ([a-z])", lambda m: ". " + m.group(1).upper(), text, count=1)


def _merge(text: str, rng: random.Random) -> str:
    return re.sub(r"(?<=[a-z]{3})\. (The|A|An|No|Two|It|He|She|They) ",
                  lambda m: ", and " + m.group(1).lower() + " ", text, count=1)


def _abbreviate_months(text: str, rng: random.Random) -> str:
    for month, short in (("January", "Jan."), ("February", "Feb."), ("August", "Aug."),
                         ("September", "Sept."), ("November", "Nov."), ("December", "Dec.")):
        text = re.sub(rf"\b{month}\b(?= \d)", short, text)
    return text


def _spell_numbers(text: str, rng: random.Random) -> str:
    words = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return re.sub(r"(?<![.$\d])\b([2-9])\b(?![.,]\d)(?= [a-z]{3,})",
                  lambda m: words[int(m.group(1)) - 2], text)


def _typo(text: str, rng: random.Random) -> str:
    words = list(re.finditer(r"\b[a-z]{7,}\b", text))
    if not words:
        return text
    match = rng.choice(words)
    word, i = match.group(0), rng.randrange(1, len(match.group(0)) - 2)
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return text[:match.start()] + swapped + text[match.end():]


VARIANTS = [_swap_quotes, _reformat_numbers, _respace, _reorder, _furniture, _synonyms,
            _abbreviations, _split, _merge, _abbreviate_months, _spell_numbers, _typo]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CORPUS_TEXTS), st.lists(st.sampled_from(VARIANTS), unique=True,
                                               max_size=5),
       st.randoms(use_true_random=False))
def test_cosmetic_variants_yield_no_change(text: str, variants: list, rng: random.Random) -> None:
    variant = text
    for make in variants:
        variant = make(variant, rng)
    assert diff(variant, old_text=text) == []


VOCABULARY = ("the a mayor police said fire Smith Texas 12 1,000 five not will only within on "
              'Tuesday January 2024 $5 million percent and of in " , . ; -')
WORDS = st.sampled_from(VOCABULARY.split(" "))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=30), min_size=1, max_size=6),
       st.text(max_size=40))
def test_text_against_itself_has_no_change(paragraphs: list[list[str]], title: str) -> None:
    text = "\n\n".join(" ".join(words) for words in paragraphs)
    result = diff_documents(Document(title, text, PUBLISHED), Document(title, text, PUBLISHED))
    assert result.changes == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_any_text_diffs_without_error(old: str, new: str) -> None:
    result = diff_documents(Document("", old), Document("", new))
    for change in result.changes:
        assert change.action in ("changed", "added", "removed")


# --------------------------------------------------------------------------- labelled pairs


def _score(path: Path) -> dict:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import factpairs
    finally:
        sys.path.pop(0)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    # Pairs marked "known_issue" document a limitation; they are scored by the benchmark
    # but not held against this regression test.
    return factpairs.score([row for row in rows if "known_issue" not in row])


@pytest.mark.skipif(not PUBLIC_PAIRS.exists(), reason="shared/examples is not present")
def test_all_public_pairs_come_out_right() -> None:
    totals = _score(PUBLIC_PAIRS)
    assert totals["matched"] == totals["expected"] == totals["reported"]
    assert totals["kind_ok"] == totals["matched"]
    assert totals["false_alert_pairs"] == 0


@pytest.mark.parametrize("path", sorted((REPO / "tests" / "data").glob("factpairs-*.jsonl")),
                         ids=lambda p: p.name)
def test_own_labelled_pairs(path: Path) -> None:
    totals = _score(path)
    assert totals["pairs"] >= 15
    # Regression guards, not targets: factpairs-fifth has two known misses (see its notes).
    assert totals["matched"] >= 0.85 * totals["expected"]
    assert totals["matched"] >= 0.9 * totals["reported"]
    assert totals["false_alert_pairs"] == 0


# A fact edited anywhere in a story is reported once, with its kind (property-based).

def _bump_number(text: str, rng: random.Random) -> str | None:
    found = list(re.finditer(r"(?<![\d.,$/-])\b(\d{2,3})\b(?![.,/:-]?\d)(?! [ap]\.m)", text))
    if not found:
        return None
    match = rng.choice(found)
    return text[:match.start()] + str(int(match.group(1)) + rng.randint(1, 9)) + text[
        match.end():]


def _other_weekday(text: str, rng: random.Random) -> str | None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    found = list(re.finditer(r"\b(" + "|".join(days) + r")\b", text))
    if not found:
        return None
    match = rng.choice(found)
    other = rng.choice([d for d in days if d != match.group(1)])
    return text[:match.start()] + other + text[match.end():]


def _negate(text: str, rng: random.Random) -> str | None:
    found = [m for m in re.finditer(r"\b(will|would|could|should|can) (?!not)", text)
             if text.count('"', 0, m.start()) % 2 == 0]  # outside quotes
    if not found:
        return None
    match = rng.choice(found)
    return text[:match.end()] + "not " + text[match.end():]


# A number bumped after "within" moves a limit: a condition ("within 90 days").
FACT_EDITS = {_bump_number: {"number", "date", "condition"}, _other_weekday: {"date"},
              _negate: {"status", "condition"}}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CORPUS_TEXTS), st.sampled_from(sorted(FACT_EDITS, key=repr)),
       st.randoms(use_true_random=False))
def test_one_fact_edit_is_one_change_of_its_kind(text: str, make, rng: random.Random) -> None:
    edited = make(text, rng)
    if edited is None:
        return
    changes = diff(edited, old_text=text)
    assert len(changes) == 1, changes
    assert changes[0].kind in FACT_EDITS[make]


# Round 2: the error categories of the held-out feedback, each on sentences of its own.

def _pair(old_text: str, new_text: str, old_title: str = "Storm closes coastal road",
          new_title: str | None = None) -> list[Change]:
    return diff_documents(Document(old_title, old_text, PUBLISHED),
                          Document(new_title or old_title, new_text, PUBLISHED)).changes


def test_a_date_and_its_source_in_one_sentence_are_two_changes() -> None:
    changes = _pair(
        "The coast road will stay shut until Monday evening, the county sheriff's office said.",
        "The coast road will stay shut until Wednesday, a spokesman for the highway agency, "
        "Leo Park, said.")
    assert sorted(c.kind for c in changes) == ["attribution", "date"], changes
    date = next(c for c in changes if c.kind == "date")
    assert "sheriff" not in (date.old or "") and "agency" not in (date.new or "")


def test_a_number_inside_a_quote_is_a_quote_edit_and_a_spelled_title_is_cosmetic() -> None:
    change = only(_pair('"We lost three boats in a single night," said Sgt. Nora Field.',
                        '"We lost four boats in a single night," said Sergeant Nora Field.'))
    assert change.kind == "quote"
    assert "Sergeant" not in (change.new or "")


def test_a_headline_rounding_a_body_change_is_reported_once() -> None:
    body = "Linton airport cancelled 312 flights on Sunday as snow closed both runways."
    changes = _pair(body, body.replace("312", "417"), old_title="About 300 flights cancelled",
                    new_title="About 400 flights cancelled")
    assert [(c.kind, c.new) for c in changes] == [("number", "cancelled 417 flights")], changes


def test_statements_without_a_hard_fact_are_removed_at_the_lowest_severity() -> None:
    """A statement of the story with nothing checkable in it (no amount, date, name,
    quote, restriction or denial) dropped whole is told, at "low": labellers call most such
    sentences facts ("The suspects are being held for questioning.")."""
    kept = "The volcano's ash cloud reached 9,000 metres on Friday."
    dropped = ("Flights resumed at 6 a.m. on Saturday. Pilots described the conditions as "
               "unusual. Passengers were asked to be patient.")
    changes = _pair(f"{kept}\n\n{dropped}", kept)
    assert [(c.action, c.kind, c.severity) for c in changes] == [
        ("removed", "date", "medium"), ("removed", "attribution", "low"),  # who described
        ("removed", "status", "low")], changes


def test_a_statement_telling_what_befell_a_person_is_rated_as_checkable_ones_are() -> None:
    kept = "The volcano's ash cloud reached 9,000 metres on Friday."
    added = "The driver was found dead in his car, officers said."
    changes = _pair(kept, f"{kept}\n\n{added}")
    assert [(c.action, c.kind, c.severity) for c in changes] == [
        ("added", "status", "medium")], changes


@pytest.mark.parametrize("dropped", [
    "Can university students get a fee refund from the college?",  # a question
    "Follow our live blog for the latest on the storm.",  # a pointer to more
    "Follow all today's round four action live as the Saints take the field.",  # and a number
    # a photo's caption: where, a place and its region, then when
    "Boeing employees leave the plant during a shift change in Renton, Washington, in April.",
    "Here's what to know about the new school rules.",
    "The latest on stock market and business news during the outbreak.",  # a live blurb
    "We're looking forward to working with all of you!",  # the outlet's own voice
    "• Opinion: Trump's depraved plan to try and win",  # a list of links
    "Analysis: This is the widest battleground in a long time",  # a labelled item
    "Testing remains a weak point.",  # too short to state a fact of its own
    "It comes as the selection period for the new team ...",  # cut by the feed
])
def test_what_states_no_fact_of_the_story_is_not_reported_when_dropped(dropped: str) -> None:
    kept = "The volcano's ash cloud reached 9,000 metres on Friday."
    assert _pair(f"{kept}\n\n{dropped}", kept) == []


def test_a_headline_without_a_hard_fact_is_no_statement_told() -> None:
    """A rewritten headline is read by its facts (decompose), not told whole."""
    body = "The volcano's ash cloud reached 9,000 metres on Friday."
    assert _pair(body, body, old_title="Pilots describe the conditions as very unusual",
                 new_title="Passengers are asked to be patient at the airport") == []


def test_a_hyphenated_spelled_number_is_an_amount() -> None:
    change = only(_pair("The jury heard evidence over a two-week trial.",
                        "The jury heard evidence over a three-week trial."))
    assert change.kind == "number"
    assert (change.old, change.new) == ("evidence over a two-week trial",
                                        "evidence over a three-week trial")
    assert _pair("The jury heard evidence over a two-week trial.",
                 "The jury heard evidence over a 2-week trial.") == []


def test_a_time_of_day_and_its_day_are_one_date() -> None:
    change = only(_pair("Voting closes at 9 p.m. on Saturday in all districts.",
                        "Voting closes at midnight on Sunday in all districts."))
    assert change.kind == "date"
    assert "9 p.m. on Saturday" in (change.old or "") and "midnight on Sunday" in (
        change.new or "")


def test_synonyms_comparatives_and_a_comma_clause_without_facts_are_cosmetic() -> None:
    assert _pair("Earliest estimates put the repair bill at 2 million.",
                 "First estimates put the repair bill at 2 million.") == []
    assert _pair("The audit was released on the council website.",
                 "The audit was published on the council website.") == []
    assert _pair("The museum will reopen after the repairs.",
                 "The museum will reopen after the repairs, with an inspection to follow.") == []


def test_a_moved_deadline_is_a_date_and_a_dropped_relative_clause_a_condition() -> None:
    change = only(_pair("Claims must be filed within 30 days of the flood.",
                        "Claims must be filed within 60 days of the flood."))
    assert (change.kind, change.old, change.new) == ("date", "filed within 30 days",
                                                     "filed within 60 days")
    change = only(_pair("Residents within 2 kilometres of the plant must stay indoors.",
                        "Residents within 5 kilometres of the plant must stay indoors."))
    assert (change.kind, change.old, change.new) == ("condition", "within 2 kilometres",
                                                     "within 5 kilometres")
    change = only(_pair("Grants go to farmers who lost more than half of their herd.",
                        "Grants go to farmers."))
    assert (change.kind, change.action) == ("condition", "removed")
    assert (change.old or "").startswith("who lost")


def test_value_spans_end_on_the_value_and_restrictions_on_their_place() -> None:
    change = only(_pair("The treasurer was convicted of fraud in a ruling on Friday.",
                        "The treasurer was convicted of bribery in a ruling on Friday."))
    assert (change.kind, change.old, change.new) == ("status", "fraud", "bribery")
    change = only(_pair("The curfew covers only villages near the border in South Kordofan.",
                        "The curfew covers all villages in South Kordofan."))
    assert change.kind == "condition"
    assert (change.new or "").endswith("South Kordofan"), change


def test_a_headline_adding_the_new_body_amount_is_not_a_second_change() -> None:
    body = "The 38 hikers and four guides were brought down safely on Sunday."
    changes = _pair(body, body.replace("38", "42"), old_title="Hikers rescued from glacier",
                    new_title="Hikers rescued from glacier; 42 brought down")
    assert [(c.kind, c.action) for c in changes] == [("number", "changed")], changes


def test_a_consonant_only_short_title_spelled_out_is_cosmetic() -> None:
    assert _pair('"The bridge is unsafe," said Cllr Tom Reyes on Friday.',
                 '"The bridge is unsafe," said Councillor Tom Reyes on Friday.') == []


def test_a_source_and_a_date_around_the_verb_of_saying_are_two_changes() -> None:
    changes = _pair("Police said on Tuesday that the suspect had fled.",
                    "Prosecutors said on Wednesday that the suspect had fled.")
    assert sorted(c.kind for c in changes) == ["attribution", "date"], changes
    changes = _pair("The school will reopen on Monday, the district said.",
                    "The school will reopen on Thursday, according to the mayor.")
    assert sorted(c.kind for c in changes) == ["attribution", "date"], changes


def test_a_source_rewritten_from_said_to_according_to_is_an_attribution_change() -> None:
    changes = _pair("Rain should ease by late Thursday, the weather office said.",
                    "Rain should ease by early Friday, according to a regional flood bulletin.")
    assert sorted(c.kind for c in changes) == ["attribution", "date"], changes


def test_a_named_source_after_according_to_the_is_an_attribution_change() -> None:
    # The article between "according to" and the edit ("according to the [company]") hid
    # the source: the change was read as an entity, split in two and silenced whole in a
    # long story that names both organisations elsewhere.
    for source in ("the Red Cross", "the United Nations"):
        changes = _pair("According to the company, 581 people had been displaced by the fire.",
                        f"According to {source}, 581 people had been displaced by the fire.")
        assert [(c.kind, c.action, c.old, c.new) for c in changes] == [
            ("attribution", "changed", "According to the company", f"According to {source}")
        ], changes


def test_a_value_closes_what_it_opens() -> None:
    # A bracket, a quotation and a possessive's owner shown whole: "$75 ($74 off",
    # "“reasoning" and "'s Playbook" read as fragments.
    changes = _pair("The tablet sells for $75 ($74 off) at the store.",
                    "The tablet sells for $80 ($69 off) at the store.")
    assert [(c.old, c.new) for c in changes] == [("sells for $75 ($74 off)",
                                                     "sells for $80 ($69 off)")]
    changes = _pair("The board said it would do “everything it can” to help.",
                    "The board said it would do “whatever it takes” to help.")
    assert all(c.new is None or c.new.count("“") == c.new.count("”") for c in changes), changes


def test_a_name_made_of_the_same_words_may_be_another_name() -> None:
    assert [(c.kind, c.action) for c in _pair(
        "She studied at the University of Arizona for two years.",
        "She studied at Arizona State University for two years.")] == [("entity", "changed")]
    for old, new in [("The Department of Justice said it would appeal.",
                      "The Justice Department said it would appeal."),
                     ("The Pakistan Meteorological Department issued a warning.",
                      "The Pakistan Met Department issued a warning."),
                     ("It struck the Mid North Coast on Saturday.",
                      "It struck the NSW Mid North Coast on Saturday.")]:
        assert _pair(old, new) == [], (old, new)


@pytest.mark.parametrize(("old", "new", "shown"), [
    # a share shows the whole it is part of
    ("With the deadline looming, 4 of 9 universities reject the plan.",
     "With the deadline looming, 6 of 9 universities reject the plan.",
     ("4 of 9 universities", "6 of 9 universities")),
    ("The plan is backed by 3 out of 10 adults, a poll found.",
     "The plan is backed by 4 out of 10 adults, a poll found.",
     ("3 out of 10 adults", "4 out of 10 adults")),
    # a bare count shows what it counts
    ("The nation's death toll stands at 84.", "The nation's death toll stands at 85.",
     ("death toll stands at 84", "death toll stands at 85")),
    # a plural noun after a count is its unit, even when it names a state
    ("Beaches were shut after two deaths.", "Beaches were shut after three sea deaths.",
     ("shut after two deaths", "shut after three sea deaths")),
    # money and shares say what they are; the clause before stops at a verb of saying
    ("Inflation was 2.7%, the bank said.", "Inflation was 2.9%, the bank said.",
     ("2.7%", "2.9%")),
])
def test_an_amount_shows_what_it_counts(old: str, new: str, shown: tuple[str, str]) -> None:
    assert [(c.old, c.new) for c in _pair(old, new)] == [shown]


def test_an_amount_joined_to_its_unit_ends_on_the_noun_it_qualifies() -> None:
    changes = _pair("President Trump is expected to announce a pause in issuing green cards.",
                    "President Trump announced a 60-day pause in issuing green cards.")
    assert [c.new for c in changes] == ["announced a 60-day pause"], changes
    changes = _pair("The probe used a 64-byte space for its key.",
                    "The probe used a 700-byte space for its key.")
    assert [(c.old, c.new) for c in changes] == [("used a 64-byte space", "used a 700-byte space")]


# A value shown whole: a word never cut, a restriction to its clause's end with its
# marker, a date with its preposition and part of the day and what happens then, a count
# with what it counts, a thing with the noun it qualifies, a quotation's edit in its
# quoted phrase.
VALUES_SHOWN_WHOLE = [
    ("Tests found the H5N1 strain on Monday.", "Tests found the H5N8 strain on Monday.",
     "H5N1 strain", "H5N8 strain"),
    ("Asian shares fell on Monday.", "World shares fell on Monday.",
     "Asian shares", "World shares"),
    ("The Norwegian pension fund sold its stake.", "The Dutch pension fund sold its stake.",
     "The Norwegian pension fund", "The Dutch pension fund"),  # the thing's noun whole
    ("Asian shares surge on rate hopes.", "World shares surge on rate hopes.",
     "Asian shares", "World shares"),  # a plural's next word is its verb
    ("The oxygen tank failed shortly after launch.",
     "The hydrogen tank failed shortly after launch.", "The oxygen tank", "The hydrogen tank"),
    ("The navy sent two Malaysian nationals home.", "The navy sent two Vietnamese nationals home.",
     "two Malaysian nationals", "two Vietnamese nationals"),
    ("Members will vote on Thursday.", "Members will vote on Friday.",
     "vote on Thursday", "vote on Friday"),
    ("The talks will resume next week in Geneva.", "The talks will resume next week in Vienna.",
     "in Geneva", "in Vienna"),  # not "week in Geneva": when, not what the place is for
    ("The rebels agreed to talks provided that the army stops airstrikes on supply routes in "
     "North Darfur.", "The rebels agreed to talks on condition that the army halts all "
     "airstrikes across Darfur.",
     "provided that the army stops airstrikes on supply routes in North Darfur",
     "on condition that the army halts all airstrikes across Darfur"),  # a name not cut
    ("The plane was diverted to Boston.", "The plane returned to Boston.",
     "was diverted to Boston", "returned to Boston"),  # the shared subject on neither side
    ("Travel Advisory in effect for parts of Wyoming County",
     "Travel Advisory lifted in Wyoming County",
     "in effect for parts of Wyoming County", "lifted in Wyoming County"),  # title case
    ("US is expected to announce criminal case against former Cuban President Raúl Castro",
     "US announces charges against former Cuban leader Raúl Castro",
     "is expected to announce criminal case against former Cuban President Raúl Castro",
     "announces charges against former Cuban leader Raúl Castro"),  # the name on both
    ("Brent crude rose past $96 a barrel.", "Brent crude rose past $97 a barrel.",
     "rose past $96", "rose past $97"),  # with the verb that governs it
    ("The company fixed the oxygen tank on Monday.",
     "The company fixed the hydrogen tank on Monday.",
     "the oxygen tank", "the hydrogen tank"),
    ("Rescuers said 12 people died.", "Rescuers said 15 people died.",
     "12 people", "15 people"),  # an amount with what it counts reads already
    ("The prize of NZ$100,000 was paid on Monday.", "The prize of NZ$150,000 was paid on Monday.",
     "NZ$100,000", "NZ$150,000"),
    ("Staff may return only if they have been free of symptoms for 48 hours.",
     "Staff may return if they have been free of symptoms for 48 hours.",
     "only if they have been free of symptoms for 48 hours",
     "if they have been free of symptoms for 48 hours"),
    ("Schools stay shut until power is fully restored.", "Schools stay shut until Wednesday.",
     "until power is fully restored", "until Wednesday"),
    ("The market stays closed until Friday.", "The market stays closed until Sunday.",
     "closed until Friday", "closed until Sunday"),
    ("The storm hit on Tuesday afternoon.", "The storm hit on Sunday afternoon.",
     "hit on Tuesday afternoon", "hit on Sunday afternoon"),
    ("The storm reached the coast Sunday morning.", "The storm reached the coast Monday morning.",
     "Sunday morning", "Monday morning"),
    ("Rescuers found three of the cats on Monday.", "Rescuers found four of the cats on Monday.",
     "found three of the cats", "found four of the cats"),
    ("Rescuers could not reach the village on Monday.",
     "Rescuers reached the village on Monday.", "could not reach the village",
     "reached the village"),
    ("The suspect, his brother, was charged on Monday.",
     "The suspect, his son, was charged on Monday.", "his brother", "his son"),
    ("The dam is safe, the ministry said on Monday.",
     "The dam is safe, Mayor Denise Lacroix said on Monday.", "the ministry said",
     "Mayor Denise Lacroix said"),
    ('"The bloom is unusually large for this time of year," she said on Monday.',
     '"The bloom is unusually early for this time of year," she said on Monday.',
     "The bloom is unusually large for this time of year",
     "The bloom is unusually early for this time of year"),
    # a range's second end shown with its first
    ("Eight children between the ages of 1 and 14 were hurt.",
     "Eight children between the ages of 1 and 12 were hurt.", "1 and 14", "1 and 12"),
    ("The line is closed Feb. 15-21 for repairs.", "The line is closed Feb. 15-23 for repairs.",
     "Feb. 15-21", "Feb. 15-23"),
    # a name's "+" is part of it
    ("Prime Video released the trailer on Monday.", "Apple TV+ released the trailer on Monday.",
     "Prime Video", "Apple TV+"),
    # (session 32) a range or tally whose two ends changed is one change, shown whole
    ("The waves reached between 40 and 90 metres high.",
     "The waves reached between 55 and 120 metres high.",
     "40 and 90 metres high", "55 and 120 metres high"),
    ("Lawmakers passed the amendment by 58 votes to 24.",
     "Lawmakers passed the amendment by 61 votes to 21.",
     "amendment by 58 votes to 24", "amendment by 61 votes to 21"),
    # an age after a name, shown with the name
    ("The victim, Grace Atim, 34, died in hospital.",
     "The victim, Grace Atim, 36, died in hospital.",
     "Grace Atim, 34", "Grace Atim, 36"),
    # an amount whose noun is left out, shown with its state
    ("Three people were killed and 12 were injured.",
     "Three people were killed and 15 were injured.", "12 were injured", "15 were injured"),
    # a negative amount keeps its sign
    ("Temperatures fell to -5 overnight.", "Temperatures fell to -8 overnight.",
     "fell to -5 overnight", "fell to -8 overnight"),
    # (session 36) a value lends the words it ends on to the other side, which has them
    # right after it ("halting" is a known state, grown by its object; "stifling" is not)
    ("The war is isolating families and halting trade.",
     "The war is isolating families and stifling trade.", "halting trade", "stifling trade"),
]


def test_two_amounts_changed_alike_in_one_sentence_are_two_changes() -> None:
    """The same "3" -> "4" twice in one sentence is two facts, not a headline repeating
    a body change."""
    changes = diff_documents(
        Document("Update", "Police said 3 people were killed and 3 were injured."),
        Document("Update", "Police said 4 people were killed and 4 were injured.")).changes
    assert [(c.kind, c.old, c.new) for c in changes] == [
        ("number", "3 people", "4 people"), ("number", "3 were injured", "4 were injured")]


@pytest.mark.parametrize(("old", "new", "old_value", "new_value"), VALUES_SHOWN_WHOLE)
def test_a_value_is_shown_whole(old: str, new: str, old_value: str, new_value: str) -> None:
    intro = "Officials gave an update on Monday. "
    change = only(_pair(intro + old, intro + new, old_title="Update"))
    assert (change.old, change.new) == (old_value, new_value)


def test_an_added_sentence_is_shown_as_its_whole_clause_with_its_article() -> None:
    before = "Police searched the house on Monday."
    added = "A fifth man was arrested in Melbourne on Tuesday."
    changes = diff_documents(Document("Probe", before), Document("Probe", f"{before} {added}"))
    assert [(c.action, c.new) for c in changes.changes] == [
        ("added", "A fifth man was arrested in Melbourne on Tuesday")]


def test_a_state_added_to_a_headline_ends_before_the_next_clause() -> None:
    """"Pilot dies", not "Pilot dies after light": the word that opens the clause after a
    state is no place to look for its verb."""
    text = "A light aircraft has crashed near Carterton this morning."
    changes = diff_documents(
        Document("Light aircraft crashes near Carterton", text),
        Document("Pilot dies after light aircraft crashes near Carterton", text)).changes
    assert [(c.kind, c.action, c.new) for c in changes] == [("status", "added", "Pilot dies")]


def test_a_state_changed_from_a_bare_linking_verb_is_shown_with_its_state() -> None:
    """"was in a serious condition" -> "died", not "was" -> "died" beside the same state
    reported removed on its own."""
    body = "Two people were hurt. One of them {} according to the health directorate."
    changes = diff_documents(
        Document("Crash", body.format("was in a serious condition,")),
        Document("Crash", body.format("died in hospital on Tuesday night,"))).changes
    assert [(c.kind, c.action, c.old, c.new) for c in changes] == [
        ("status", "changed", "was in a serious condition", "died"),
        ("date", "added", None, "in hospital on Tuesday night")]


def test_a_linking_verb_its_sentence_holds_twice_is_not_completed() -> None:
    body = "A woman, who {} in intensive care, is among those in hospital."
    changes = diff_documents(Document("Crash", body.format("is")),
                             Document("Crash", body.format("was"))).changes
    assert all(c.old in (None, "is") for c in changes)


def test_a_quotation_the_value_starts_inside_is_shown_from_its_opening_mark() -> None:
    body = "Simon Bridges faces questions over a Facebook post."
    changes = diff_documents(
        Document("Bridges in Facebook backlash", body),
        Document("Bridges in Facebook backlash: \u2018We back Simon\u2019, says Bennett",
                 body)).changes
    assert [c.new for c in changes] == ["\u2018We back Simon\u2019, says Bennett"]


def test_a_lone_word_against_a_phrase_is_shown_as_its_clause() -> None:
    """"thousands" -> "more than 1,000 homes" does not say what was counted on the old
    side: a lone common word against a phrase is shown as the clause it stands in."""
    body = "Crews were out on Tuesday."
    changes = diff_documents(Document("Storms damage thousands of homes in Texas", body),
                             Document("Storms damage more than 1,000 homes in Texas",
                                      body)).changes
    assert [(c.old, c.new) for c in changes] == [
        ("thousands of homes in Texas", "more than 1,000 homes")]  # ("Storms damage": both)


def test_a_claim_whose_state_moves_after_its_source_is_a_status_change() -> None:
    """"The NTSB said [it was sending a team]" -> "... [a team had arrived]": who says it is
    the same, what it says moved from a plan to an arrival."""
    tail = " Residents were asked to stay indoors."
    changes = diff_documents(
        Document("Train derails", "The NTSB said it was sending a team to investigate." + tail),
        Document("Train derails",
                 "The NTSB said a team of its investigators had arrived at the site." + tail)
    ).changes
    assert [c.kind for c in changes] == ["status"]


def test_a_named_source_replacing_an_anonymous_one_stays_an_attribution_change() -> None:
    changes = diff_documents(
        Document("Deal", "The deal is close, a person familiar with the matter said, declining "
                         "to be named because the talks are private."),
        Document("Deal", "The deal is close, Zenrai spokesperson Aileen Tan said.")).changes
    assert [c.kind for c in changes] == ["attribution"]


def test_a_condition_clause_added_is_a_condition_shown_to_its_end() -> None:
    """"once the relocation was complete" added: a condition (its opener says so,
    whatever state it names), shown to the "and that" that opens the next thing said."""
    said = ('The firm said it would pay all bonuses in full{} and that the move to a larger '
            'factory would not lead to job losses.')
    changes = diff_documents(Document("Bonuses", said.format("")),
                             Document("Bonuses", said.format(
                                 " once the relocation was complete"))).changes
    assert [(c.kind, c.action, c.new) for c in changes] == [
        ("condition", "added", "once the relocation was complete")]


def test_a_clause_moved_into_the_sentence_before_with_a_typo_is_a_move() -> None:
    """Sentences merged and split at once, a word of the moved clause misspelt ("two people
    remain msising"): the clause moved, nothing was added or removed (a case the
    cosmetic-variant property test above drew)."""
    old = ("Rescuers pulled six people from the river. Two people remain missing, and divers "
           "will resume the search at dawn.")
    new = ("Rescuers pulled six people from the river, and two people remain msising. Divers "
           "will resume the search at dawn.")
    assert diff_documents(Document("Bridge collapse", old),
                          Document("Bridge collapse", new)).changes == []


def test_a_quotation_rewritten_inside_its_marks_is_a_quote_changed() -> None:
    """Its words are the fact: "we can be confident that our aircraft can land safely" ->
    "the authorities can guarantee a reliable alternative to GPS", though no name, amount
    or state in it is new to the story."""
    said = ('"Safety is not negotiable: we will resume the route only when {}," said the '
            "airline's chief executive, Anna Virtanen. The authorities have not commented on "
            'GPS jamming and whether our aircraft can land safely in all weather.')
    changes = diff_documents(
        Document("Airline", said.format("we can be confident that our aircraft can land "
                                        "safely in all weather")),
        Document("Airline", said.format("the authorities can guarantee a reliable "
                                        "alternative to GPS"))).changes
    assert [(c.kind, c.action) for c in changes] == [("quote", "changed")]


def test_a_quotation_replaced_in_a_rewritten_sentence_is_a_quote_changed() -> None:
    """A sentence rewritten around its quotation: the quotation is the fact, though the
    rest names nothing new ("was just 'another day at the office'" -> "involves getting
    them 'through the night'"); a work's title in quotation marks is no quote."""
    changes = diff_documents(
        Document("Nurse", 'Jenny McGee said treating the prime minister in intensive care '
                          'was just "another day at the office".'),
        Document("Nurse", 'Jenny McGee said treating intensive care patients involves '
                          'getting them "through the night".')).changes
    assert [(c.kind, c.action, c.old, c.new) for c in changes] == [
        ("quote", "changed", '"another day at the office"', '"through the night"')]


def test_a_single_quoted_headline_quotation_may_close_after_its_exclamation_mark() -> None:
    """"'Get my portion!'" is a quotation (its closing mark after "!"), dropped whole."""
    text = "Some looters are pure opportunists."
    changes = diff_documents(
        Document("Looters explain what they did: 'Get my portion!'", text),
        Document("Looters explain what they did", text)).changes
    assert [(c.kind, c.action) for c in changes] == [("quote", "removed")]


@pytest.mark.parametrize("close", ["”", '"'])
def test_a_quotation_opened_in_the_sentence_before_is_a_quotation(close: str) -> None:
    """A quotation of two sentences is split at its full stop: the second half, up to its
    closing mark, is still quoted words ("We are devastated. | No match ...," he said)."""
    opening = "“" if close == "”" else '"'
    said = (f"{opening}We are devastated. {{}},{close} FAZ president Daniel Kasonde said in a "
            "statement. The match ended 1-1.")
    changes = diff_documents(
        Document("Stadium crush", said.format("No football match is worth a human life")),
        Document("Stadium crush", said.format(
            "Those responsible for security failures will be held to account"))).changes
    assert [(c.kind, c.action) for c in changes] == [("quote", "changed")]


def test_an_inch_mark_closes_no_quotation() -> None:
    """"32” OLED": a closing mark after an amount is inches; the words before it were
    never quoted."""
    sentence = "The Samsung Odyssey G8 for {} is a 32” OLED monitor."
    changes = diff_documents(Document("Deals", sentence.format("$1,000")),
                             Document("Deals", sentence.format("$900"))).changes
    assert [(c.kind, c.old, c.new) for c in changes] == [("number", "for $1,000", "for $900")]


def test_a_state_changed_from_a_modal_and_its_verb_is_shown_with_its_state() -> None:
    """"will be at the event" -> "is at the event", not "will" -> "is at the event"."""
    said = "The fire commissioner {} at the memorial event on Monday."
    changes = diff_documents(Document("Memorial", said.format("will be")),
                             Document("Memorial", said.format("is"))).changes
    assert [(c.old, c.new) for c in changes] == [
        ("will be at the memorial event", "is at the memorial event")]


@pytest.mark.parametrize(("added", "shown"), [
    ("Nearly half of all Australians with jobs are working from home in a massive change to "
     "workplace structure forced by the coronavirus crisis.", "Nearly half of all Australians"),
    ("Officials expect that 11 of the 44 vendors taking part in this year's festival in the "
     "park beside the river will be serving food from countries never seen here before.",
     "11 of the 44 vendors"),
])
def test_an_added_amount_is_shown_with_the_whole_it_is_part_of(added: str, shown: str) -> None:
    """"Nearly half" alone says how much of nothing: a part is shown with the whole it is
    a part of ("of all Australians", "of the 44 vendors")."""
    base = "The airline said flights would resume soon."
    changes = _pair(base, f"{base} {added}")
    assert [c.new for c in changes] == [shown], changes


@pytest.mark.parametrize(("added", "shown"), [
    ("L.A. County officials announced 1,051 new cases, sending the county's death toll past "
     "3,000.", ["L.A. County officials announced 1,051 new cases",
                "sending the county's death toll past 3,000"]),
    ("Globally there are 4.3 million cases and almost 300,000 deaths, while NZ has just 74 "
     "active cases.", ["Globally there are 4.3 million cases", "almost 300,000 deaths",
                       "NZ has just 74 active cases"]),
])
def test_each_amount_an_added_sentence_brings_is_its_own_change(
        added: str, shown: list[str]) -> None:
    """A new sentence telling two counts tells an editor both, each in its clause."""
    base = "The airline said flights would resume soon."
    changes = _pair(base, f"{base} {added}")
    assert [c.new for c in changes] == shown, changes
    assert {c.kind for c in changes} == {"number"}


@pytest.mark.parametrize("added", [
    "The winning numbers were 10, 25, 32, 29 and 34.",
    "Fans cheered the second goal at the stadium, as Update 2 of the live page said.",
    "Workers sealed the 400-metre tunnel, and one has something to do with time.",
])
def test_a_list_a_rank_one_and_a_label_are_no_counts_of_their_own(added: str) -> None:
    """Numbers in a list ("10, 25, 32"), a rank ("the second"), "one" and a number that
    labels a capitalised word ("Update 2") add no change beside the sentence's own."""
    base = "The airline said flights would resume soon."
    assert len(_pair(base, f"{base} {added}")) == 1


@pytest.mark.parametrize(("value", "sentence", "shown"), [
    ("Trump acknowledges calling Netanyahu ‘crazy",
     "Trump acknowledges calling Netanyahu ‘crazy’",
     "Trump acknowledges calling Netanyahu ‘crazy’"),
    ("Ted Lasso’ scores wins", "‘Ted Lasso’ scores wins at Emmys", "‘Ted Lasso’ scores wins"),
    ("New rolling blackouts 'imminent", "New rolling blackouts 'imminent'",
     "New rolling blackouts 'imminent'"),
    ("The parents’ group", "The parents’ group said it would sue.", "The parents’ group"),
    ("I can’t breathe", "He said I can’t breathe.", "I can’t breathe"),
])
def test_half_a_single_quotation_is_shown_whole(value: str, sentence: str, shown: str) -> None:
    assert _single_quotes_closed(value, sentence) == shown


def test_a_lone_role_marker_is_shown_with_the_person_it_marks() -> None:
    change = only(_pair("Former American businessman detained in Myanmar on Monday.",
                        "American businessman detained in Myanmar on Monday.",
                        old_title="Update"))
    assert (change.kind, change.action, change.old) == (
        "status", "removed", "Former American businessman")


@pytest.mark.parametrize(("old_title", "new_title", "shown"), [
    ("At least 2 dead, dozens injured after car plows into Christmas market in Magdeburg",
     "Death toll in attack on German Christmas market rises to 5, more than 200 hurt",
     [("At least 2 dead", "Death toll in attack on German Christmas market rises to 5"),
      ("dozens injured", "more than 200 hurt")]),
    ("Russian drones hit Kharkiv and kills 5 in overnight attack",
     "Russia hammers Ukraine for a third night, killing 11",
     [("kills 5", "killing 11")]),
    ("Six more cases linked to Melbourne meatworks cluster", "22 new cases in Victoria",
     [("Six more cases", "22 new cases")]),
])
def test_a_count_told_again_in_a_rewritten_headline_is_a_number_changed(
        old_title: str, new_title: str, shown: list[tuple[str, str]]) -> None:
    """A rewritten headline counting the same people (the dead, the hurt) or things again
    tells the count's change, not one headline removed and another added."""
    body = "Officials gave no further details."
    changes = diff_documents(Document(old_title, body), Document(new_title, body)).changes
    assert [(c.old, c.new) for c in changes if c.action == "changed"] == shown, changes


@pytest.mark.parametrize(("old_title", "new_title"), [
    ("California nears 4,000 coronavirus deaths", "L.A. County reports 48 more coronavirus "
     "deaths"),  # a total, then what was added to it
    ("US oil falls below $11 a barrel", "British Airways may cut 12,000 jobs"),
    ("Security tightens ahead of anti-G7 protests", "Thousands protest G7 in Geneva"),
    ("Maid of the Mist opens 2025 season", "Maid of the Mist begins 140th season in May"),
    ("Death toll stands at 74 as global cases exceed 2.5 million",
     "Nation's death toll stands at 74"),  # a toll's amount is the first after it
])
def test_counts_of_different_things_are_not_one_count_told_again(
        old_title: str, new_title: str) -> None:
    assert recounted([(old_title, analyse(old_title))], [(new_title, analyse(new_title))]) == []


def test_a_count_told_again_from_the_story_in_the_headline_is_a_number_changed() -> None:
    """The count moves from the story's sentence to the rewritten headline ("Three Indian
    soldiers are killed" -> headline "20 Indian troops killed"); a toll alone is of the
    dead ("virus toll nears 100")."""
    old = Document("India soldiers killed in clash with Chinese forces",
                   "Three Indian soldiers are killed in a rare clash in Ladakh.")
    new = Document("India-China clash: 20 Indian troops killed in Ladakh fighting",
                   "It is the first deadly skirmish in decades between the two powers.")
    assert ("Three Indian soldiers are killed", "20 Indian troops killed") in [
        (c.old, c.new) for c in diff_documents(old, new).changes]
    assert recounted([(t, analyse(t)) for t in ["Australia's virus death toll rises to 99"]],
                     [(t, analyse(t)) for t in ["Border dispute as virus toll nears 100"]])


def test_a_list_articles_count_of_its_items_is_no_hard_fact() -> None:
    """A headline "4 ways to get creative with your leftovers" rewritten away counts the
    article's items, nothing in the world: no change (listicle_nouns.txt)."""
    text = "Cookbook authors share clever storage techniques for leftovers."
    old = Document("4 ways to get creative with your leftovers (and save money on food)", text)
    new = Document("This mindset shift can help you get better at using up your leftovers", text)
    assert diff_documents(old, new).changes == []


@pytest.mark.parametrize(("added", "counted"), [
    ("Scientists say the best one is slipping away.", False),
    ("Each one was checked by inspectors.", False),
    ("Police confirmed that one person was detained.", True),
    ("Workers moved the one-tonne bell.", True),
])
def test_one_standing_for_a_noun_counts_nothing(added: str, counted: bool) -> None:
    """"the best one", "each one": a noun's stand-in, no amount; "that one person", "the
    one-tonne bell" count."""
    base = "The airline said flights would resume soon."
    assert any(c.kind == "number" for c in _pair(base, f"{base} {added}")) is counted


def test_a_value_never_cuts_a_token_joined_by_a_slash() -> None:
    found = _pair("Queen Ana visiting 9/11 Memorial and other NYC sites as part of trip",
                  "Queen Ana opens New York trip by honoring victims at the 9/11 Memorial")
    values = [v for c in found for v in (c.old, c.new) if v]
    assert any("9/11" in v for v in values), found
    assert not any(v.endswith(("9", "/")) for v in values), found


def test_a_shown_value_never_ends_on_a_word_that_opens_what_follows() -> None:
    found = _pair("Stocks hold near their record following weak jobs report",
                  "Stocks slip from their record following weak jobs report")
    assert [(c.old, c.new) for c in found] == [("hold near their record",
                                                "slip from their record")]


def test_a_headline_retold_with_its_words_in_other_forms_is_moved() -> None:
    # "killed" / "kills", "slide" / "sliding": the words are told, in another form
    old = "At least 4 climbers killed by avalanche slide on Swiss peak"
    new = "Avalanche sliding on a remote Swiss peak kills 4 climbers"
    assert diff_documents(Document(old, old, PUBLISHED),
                          Document(new, new, PUBLISHED)).changes == []


def test_a_body_spelt_out_before_its_acronym_in_any_capitals_is_the_same_body() -> None:
    # the name's initials give the acronym: "Direction générale de l'aviation civile"
    assert _pair("Flights resumed, the DGAC said.",
                 "Flights resumed, the Direction générale de l'aviation civile (DGAC) "
                 "said.") == []
