"""The judge's table of checks (monitor/facts/judge/checks.py): each example below holds
a candidate change that the check named beside it, and no check before it, lets pass as
wording (a pair may hold another change, let pass by another check).  A check moved
above another, or one that stops holding, fails here; the checks not listed are
exercised by the scenario tests of tests/test_judge.py (a headline, a publish date, a
feed cut need whole versions)."""

from __future__ import annotations

import pytest

from monitor.facts import diff_documents
from monitor.facts.judge import checks
from monitor.models import Document

INTRO = "Officials gave an update on Monday."

# (the check, the old sentence, the new sentence)
EXAMPLES = [
    ("_furniture", "Rescuers reached the village on Monday.",
     "LAKE TAHOE, Calif.—Rescuers reached the village on Monday."),
    ("_surface_dropped", "Officials said 1,148 people were admitted by 8 a.m. on Tuesday.",
     "Officials said 1,148 people were admitted by 8 a.m. (0200 GMT) on Tuesday."),
    ("_alias", "Temperatures can exceed 45 degrees Celsius in June, the ministry (MoL) said.",
     "Temperatures can exceed 45C in June, the ministry said."),
    ("_units", "Temperatures reached 41 degrees Celsius.", "Temperatures reached 41C."),
    ("_same_spelling", "The deal is worth $30 million a year.",
     "The deal is worth $30-million a year."),
    ("_headline_future", "The former aide is to testify before the committee on Monday.",
     "The former aide will testify before the committee on Monday."),
    ("_tense", "Buffalo is celebrating its 193rd birthday on Thursday.",
     "Buffalo will celebrate its 193rd birthday on Thursday."),
    ("_amount_format", "The update supports the seventh-gen iPad.",
     "The update supports the 7th-gen iPad."),
    ("_typo", "So for this piece, we'll test gadgets like the Acme Nest Hub Mini on Monday.",
     "So, we will test gadgets like the Acme Next Hub Mini on Monday."),
    ("_specified", "British troops arrived on Friday.", "UK troops arrived on Friday."),
    ("_paraphrase", "After July 8, users have to download the app to sync their data.",
     "After July 8, users must download the app to sync their data."),
    ("sentences", "Despite the videos, seemingly the company had no problem with the account.",
     "Despite the videos, the company apparently had no problem with the account."),
    ("_same_person", "Brazilian president Lula da Silva toured the port on Monday.",
     "Lula da Silva toured the port on Monday."),
    ("_body_renamed", "The US Energy Information Agency said output rose in May.",
     "The US Energy Information Administration said output rose in May."),
    ("_still_stated", "Voters queued on Monday to cast ballots in Canadian elections.",
     "Canadians queued on Monday to cast ballots in elections."),
]


def deciding_checks(old: str, new: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the checks that let this pair's candidate changes pass."""
    decided: list[str] = []
    first_that_holds = checks.deciding_check

    def recorded(change, versions):  # type: ignore[no-untyped-def]
        found = first_that_holds(change, versions)
        if found is not None:
            decided.append(found[1])
        return found

    monkeypatch.setattr(checks, "deciding_check", recorded)
    result = diff_documents(Document("Update", f"{INTRO} {old}"),
                            Document("Update", f"{INTRO} {new}"))
    assert result.changes == []
    return decided


@pytest.mark.parametrize(("check", "old", "new"), EXAMPLES)
def test_a_check_lets_its_example_pass(check: str, old: str, new: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert check in deciding_checks(old, new, monkeypatch)


def test_every_named_check_is_in_the_table() -> None:
    names = {holds.__name__ for _, holds in checks.VALUE_CHECKS + checks.STORY_CHECKS}
    assert {check for check, _, _ in EXAMPLES} - {"sentences"} <= names
    assert len(names) == len(checks.VALUE_CHECKS) + len(checks.STORY_CHECKS)  # one row each
