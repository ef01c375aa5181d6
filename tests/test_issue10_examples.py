"""Every example issue 10 names, as the issue expects it: paraphrases, formats, aliases
and a typo fix silent; the known misses (a noun swapped, an identifying clause dropped, a
relationship changed, a count replacing "No injuries were reported") reported."""

from __future__ import annotations

import pytest

from monitor.facts import diff_documents
from monitor.models import Change, Document

BEFORE = "Officials gave an update on Monday."

SILENT = [
    # paraphrase read as a status change
    ("The school was damaged in the storm on Monday.",
     "The school sustained damage in the storm on Monday."),
    ("Prices increased sharply in March.", "Prices climbed sharply in March."),
    ("The operation has been launched, officials said.",
     "The operation has begun, officials said."),
    ("Hospitals must be ready for a surge by March.",
     "Hospitals must be prepared for a surge by March."),
    ("The president will call for calm on Friday.",
     "The president does call for calm on Friday."),
    # formatting read as a number or entity change
    ("The fund holds $30 million.", "The fund holds $30-million."),
    ("A magnitude 6.1 quake struck on Monday.", "A magnitude-6.1 quake struck on Monday."),
    ("Temperatures reached 45 degrees Celsius on Tuesday.",
     "Temperatures reached 45C on Tuesday."),
    ("The grant is worth 20 million Australian dollars.", "The grant is worth A$20 million."),
    ("Prices rose 2% in March.", "Prices rose 2 percent in March."),
    ("The fund holds $30 million.", "The fund holds $30\u200b million."),  # zero-width space
    # aliases, abbreviations, a typo fix
    ("Aid reached internally displaced people in the north.", "Aid reached IDPs in the north."),
    ("New Zealanders were urged to stay home.", "Kiwis were urged to stay home."),
    ("Fighting resumed in the Democratic Republic of Congo.", "Fighting resumed in the DRC."),
    ("The British government announced the plan.", "The UK government announced the plan."),
    ("His injuries are not serious, police said.", "His injuries are non-serious, police said."),
    ("The money came form the state budget.", "The money came from the state budget."),
]

REPORTED = [
    ("The balloon was filled with hydrogen, police said.",
     "The balloon was filled with helium, police said.",
     ("entity", "changed", "hydrogen", "helium")),
    ("Smith, who led the raid, was arrested on Monday.", "Smith was arrested on Monday.",
     ("entity", "removed", "who led the raid", None)),
    ("The driver was the victim's cousin, police said.",
     "The driver was the victim's uncle, police said.",
     ("entity", "changed", "the victim's cousin", "the victim's uncle")),
    # a count of the hurt gone from none to three: a number, as the labellers read it
    ("No injuries were reported in the fire.", "Three people were injured in the fire.",
     ("number", "changed", "No injuries were reported", "Three people were injured")),
]


def changes(old: str, new: str) -> list[Change]:
    return diff_documents(Document("Update", f"{BEFORE} {old}"),
                          Document("Update", f"{BEFORE} {new}")).changes


@pytest.mark.parametrize(("old", "new"), SILENT)
def test_the_issues_cosmetic_examples_are_silent(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new", "expected"), REPORTED)
def test_the_issues_known_misses_are_reported(old: str, new: str,
                                              expected: tuple[str, ...]) -> None:
    assert [(c.kind, c.action, c.old, c.new) for c in changes(old, new)] == [expected]


@pytest.mark.parametrize(("old", "new"), [
    # a clause added about someone mostly tells their role again
    ("Smith was arrested on Monday.", "Smith, who led the raid, was arrested on Monday."),
    # one word says too little to be an identification
    ("Smith, who smiled, was arrested on Monday.", "Smith was arrested on Monday."),
    # still told in the new version
    ("Smith, who led the raid, was arrested on Monday. Officers found the drugs.",
     "Smith was arrested on Monday. Officers found the drugs. He led the raid."),
])
def test_an_identification_is_only_a_clause_dropped_and_told_nowhere_else(
        old: str, new: str) -> None:
    assert changes(old, new) == []
