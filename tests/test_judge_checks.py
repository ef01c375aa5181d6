"""The judge's table of checks (monitor/facts/judge/checks.py): every row carries
examples, two versions in which the check of that row, and no check before it, lets a
candidate change pass as wording (a pair may hold another change, let pass by another
check); the diff of each example reports no change.  A check moved above another, or one
that stops holding, fails here.  The sentences read whole ("sentences") carry an
example of each reason they give."""

from __future__ import annotations

import inspect
import re

import pytest

from monitor.facts import diff_documents
from monitor.facts.judge import checks
from monitor.facts.judge.checks import CheckExample, CheckRow
from monitor.facts.judge.versions import Versions
from monitor.models import Change

ROWS = checks.VALUE_CHECKS + checks.STORY_CHECKS

ROW_CASES = [pytest.param(row, example, id=f"{row.name}-{n}")
             for row in ROWS for n, example in enumerate(row.examples, 1)]

SENTENCE_CASES = [pytest.param(reason, example, id=f"sentences-{reason}-{n}")
                  for n, (reason, example) in enumerate(checks.SENTENCE_EXAMPLES, 1)]


def deciding_checks(example: CheckExample,
                    monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The (reason, check) of each candidate change the example's diff lets pass."""
    decided: list[tuple[str, str]] = []
    first_that_holds = checks.deciding_check

    def recorded(change: Change, versions: Versions) -> tuple[str, str] | None:
        found = first_that_holds(change, versions)
        if found is not None:
            decided.append(found)
        return found

    monkeypatch.setattr(checks, "deciding_check", recorded)
    result = diff_documents(*example.documents())
    assert result.changes == [], f"{example} keeps {result.changes}"
    return decided


@pytest.mark.parametrize(("row", "example"), ROW_CASES)
def test_a_check_lets_its_example_pass(row: CheckRow, example: CheckExample,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert (row.reason, row.name) in deciding_checks(example, monkeypatch)


@pytest.mark.parametrize(("reason", "example"), SENTENCE_CASES)
def test_the_sentences_read_whole_let_their_example_pass(
        reason: str, example: CheckExample, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (reason, "sentences") in deciding_checks(example, monkeypatch)


def test_every_check_is_one_row() -> None:
    names = [row.name for row in ROWS]
    assert len(set(names)) == len(names)
    assert "sentences" not in names


def test_every_check_has_an_example() -> None:
    assert [row.name for row in ROWS if not row.examples] == []
    # and every reason the sentences read whole give (each ``return "..."``) has one
    given = set(re.findall(r'return "([^"]+)"', inspect.getsource(checks.sentence_reason)))
    assert given == {reason for reason, _ in checks.SENTENCE_EXAMPLES}
