"""monitor.facts.lexicon: the shipped word lists load, and a word listed twice is refused."""

from __future__ import annotations

import pytest

from monitor.facts import lexicon
from monitor.facts.lexicon import LexiconError, parse_groups, parse_phrases, parse_words

DATA = lexicon.DATA_DIR
LOADERS = {
    "groups": lexicon.groups, "words": lexicon.words, "phrases": lexicon.phrases,
}


def _format(name: str) -> str:
    header = (DATA / name).read_text(encoding="utf-8")
    if '"group: word, word, ..."' in header:
        return "groups"
    if "one phrase per line" in header:
        return "phrases"
    assert "words separated by white space" in header, name
    return "words"


def test_every_shipped_data_file_loads_without_duplicates() -> None:
    names = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".txt"))
    assert len(names) >= 25
    for name in names:
        table = LOADERS[_format(name)](name)
        assert table, name


def test_the_tables_hold_what_the_core_expects() -> None:
    assert lexicon.STATUS["declined"] == "decrease"  # the duplicate kept where it won
    assert lexicon.STATUS["reopened"] == "open"
    assert lexicon.STATUS["approved"] == lexicon.STATUS["ratified"] == "approve"
    assert lexicon.MONTHS["sept"] == 9 and lexicon.WEEKDAYS["thurs"] == 3
    assert lexicon.SMALL_NUMBERS["nineteen"] == 19 and lexicon.TENS["ninety"] == 90
    assert lexicon.SCALES["bn"] == 10**9 and lexicon.FRACTIONS["two-thirds"] == 2 / 3
    assert {"$": "$", "€": "€", "£": "£", "¥": "¥"}.items() <= lexicon.CURRENCY_SYMBOLS.items()
    assert lexicon.CURRENCY_WORDS["yuan"] == "¥"
    # CLDR's units (tools/make_currencies.py): a code, a word and a sign name one unit
    assert lexicon.CURRENCY_CODES["AMD"] == lexicon.CURRENCY_WORDS["drams"] == (
        lexicon.CURRENCY_SYMBOLS["֏"]) == "dram"
    assert lexicon.CURRENCY_CODES["USD"] == "$" and "AUD" not in lexicon.CURRENCY_CODES
    assert "real" not in lexicon.CURRENCY_WORDS and "ALL" in lexicon.CURRENCY_CODES
    assert ("at", "least") in lexicon.QUALIFIERS and ("at", "most") in lexicon.QUALIFIERS
    # a longer qualifier is tried before the shorter one it ends in
    assert lexicon.QUALIFIERS.index(("slightly", "fewer", "than")) < (
        lexicon.QUALIFIERS.index(("fewer", "than")))
    assert lexicon.ALIASES["united states of america"] == "us"
    assert lexicon.DAY_PARTS["noon"] == "T12:00"
    assert ("mail", "on", "sunday") in lexicon.WEEKDAY_NAMES
    assert lexicon.CONTRACTIONS["ca"] == "can"
    assert {"agency", "administration"} <= lexicon.BODY_WORDS


def test_a_word_in_two_groups_is_an_error_naming_both() -> None:
    text = "reject: reject, decline\n# comment\ndecrease: cut,\n    decline\n"
    with pytest.raises(LexiconError) as caught:
        parse_groups(text, "status.txt")
    message = str(caught.value)
    assert "status.txt:4" in message and "'decline'" in message
    assert "'reject' (line 1)" in message and "'decrease'" in message


def test_a_word_twice_in_a_set_or_a_phrase_twice_is_an_error() -> None:
    with pytest.raises(LexiconError, match="'the' is listed twice"):
        parse_words("a an the\nthis the", "determiners.txt")
    with pytest.raises(LexiconError, match="'at least' is listed twice"):
        parse_phrases("at least\nmore than\nat  least", "qualifiers.txt")


def test_group_files_parse_comments_and_continuations() -> None:
    text = ("# header\n\nT12:00: noon, midday  # a comment\n"
            "approve: approve,\n    # a bill\n    passes\ncan not: cannot\n")
    assert parse_groups(text) == {"noon": "T12:00", "midday": "T12:00", "approve": "approve",
                                  "passes": "approve", "cannot": "can not"}
    with pytest.raises(LexiconError, match="continuation line before any group"):
        parse_groups("    orphan")
    with pytest.raises(LexiconError, match="expected 'group: word"):
        parse_groups("no colon here")


def test_phrasal_verbs_mean_states_of_the_status_table_and_read_as_one_word() -> None:
    from monitor.facts.atoms import status_value
    from monitor.facts.reading import analyse

    assert set(lexicon.PHRASAL.values()) <= set(lexicon.STATUS.values())
    atoms = analyse("Police called off the search and the mayor stepped down on Monday.")
    assert [status_value(a) for a in atoms if status_value(a)] == ["cancel", "resign"]
    assert "called off" in [a.canon for a in atoms]
    # the words of a phrase apart are read as before
    assert not any(status_value(a) for a in analyse("She called. He was off on Monday."))


def test_state_moves_go_from_one_group_of_the_status_tables_to_another() -> None:
    groups = set(lexicon.STATUS.values()) | set(lexicon.PHRASAL.values())
    assert all(len(move) == 2 and set(move) <= groups for move in lexicon.STATE_MOVES)
    assert ("cancel", "resume") in lexicon.STATE_MOVES
    assert ("resume", "cancel") not in lexicon.STATE_MOVES  # only the way stories go
