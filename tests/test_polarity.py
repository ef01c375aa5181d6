"""A state negated in a removed sentence and stated in an added one (or the other way)
is one status change (monitor/facts/polarity.py), not a sentence removed and another
added."""

from __future__ import annotations

import pytest

from monitor.facts import diff_documents
from monitor.facts.context import build_context
from monitor.facts.polarity import flipped_states
from monitor.facts.reading import analyse_in_context
from monitor.models import Document

INTRO = "The dean was suspended last week over the admissions scandal."


def _changes(old: str, new: str) -> list[tuple[str, str, str | None, str | None, str]]:
    result = diff_documents(Document("Scandal", f"{INTRO} {old}"),
                            Document("Scandal", f"{INTRO} {new}"))
    return [(c.kind, c.action, c.old, c.new, c.severity) for c in result.changes]


@pytest.mark.parametrize(("old", "new", "shown_old", "shown_new"), [
    ("He has not been charged.", "He was charged on Monday with conspiracy to commit bribery.",
     "He has not been charged", "He was charged"),
    ("No arrests have been made.", "Two men were arrested on Monday near Maastricht, "
     "prosecutors said.", "No arrests have been made",
     "Two men were arrested on Monday near Maastricht"),  # a short clause whole
    ("Two men were arrested on Monday near Maastricht, prosecutors said.",
     "No arrests have been made.", "Two men were arrested on Monday near Maastricht",
     "No arrests have been made"),
])
def test_a_state_negated_on_one_side_only_is_a_status_change(
        old: str, new: str, shown_old: str, shown_new: str) -> None:
    assert _changes(old, new) == [("status", "changed", shown_old, shown_new, "high")]


def test_a_state_stated_on_both_sides_is_not_a_flip() -> None:
    ctx = build_context(Document("", ""), Document("", ""))
    old = "He was charged on Monday."
    new = "Prosecutors said he was charged with conspiracy to commit bribery in March."
    assert flipped_states([(old, analyse_in_context(old, ctx))],
                          [(new, analyse_in_context(new, ctx))]) == []


def test_different_states_are_not_paired() -> None:
    changes = _changes("No one was injured.", "Two people were killed in the crash, police said.")
    assert all(c[1] != "changed" for c in changes), changes


def test_a_negation_governs_the_nearest_state_only() -> None:
    changes = _changes("A man was charged with threatening behavior.",
                       "The man pleads not guilty to the charge, his lawyer said on Friday.")
    assert all(c[:2] != ("status", "changed") for c in changes), changes


@pytest.mark.parametrize(("old_title", "new_title", "shown_old", "shown_new"), [
    ("Most flights cancelled Monday at Buffalo Niagara International Airport",
     "Most flights resume at Buffalo airport, but there are still some delays",
     "Most flights cancelled", "Most flights resume at Buffalo airport"),
    ("Police: Person arrested following incident at City Hall",
     "Buffalo man charged for smashing windows at City Hall; making threats",
     "Person arrested following incident at City Hall", "Buffalo man charged"),
])
def test_a_rewritten_headline_naming_the_next_state_of_its_story_is_a_status_change(
        old_title: str, new_title: str, shown_old: str, shown_new: str) -> None:
    text = "Officials gave no further details on Monday."
    changes = diff_documents(Document(old_title, text), Document(new_title, text)).changes
    assert [(c.kind, c.action, c.old, c.new) for c in changes] == [
        ("status", "changed", shown_old, shown_new)]


def test_a_rewritten_headline_naming_a_state_of_another_line_is_not_one() -> None:
    text = "Officials gave no further details on Monday."
    changes = diff_documents(Document("Stocks rise as oil prices rebound", text),
                             Document("Automakers consider how to reopen factories", text))
    assert all(c.action != "changed" for c in changes.changes), changes.changes


@pytest.mark.parametrize(("old", "new", "kind"), [
    ("No injuries were reported.", "Fourteen people were treated for minor injuries, "
     "mostly cuts from broken glass.", "number"),  # the count of the hurt: none -> 14
    ("No arrests have been made.", "Two men were arrested on Monday near Maastricht, "
     "prosecutors said.", "status"),  # what became of the two
])
def test_a_count_of_the_hurt_in_place_of_none_is_a_number(old: str, new: str,
                                                          kind: str) -> None:
    """The labellers read "No injuries" -> "Fourteen people were treated for minor
    injuries" as a count that took another value (none -> fourteen); an arrest, a charge
    or a death stays the state of those it names."""
    assert [(c[0], c[1]) for c in _changes(old, new)] == [(kind, "changed")]


def test_a_count_of_none_is_shown_with_what_it_counts() -> None:
    """"No deaths" -> "Two deaths", not "No" -> "Two deaths": none is an amount too, and
    a value shows what its amount counts."""
    found = diff_documents(Document("Fire", "No deaths were recorded at the scene."),
                           Document("Fire", "Two deaths were recorded at the scene.")).changes
    assert [(c.kind, c.old, c.new) for c in found] == [("number", "No deaths", "Two deaths")]
