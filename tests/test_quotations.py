"""A quotation dropped and another added in its place is one quote change."""

from __future__ import annotations

import pytest

from monitor.facts import diff_documents
from monitor.facts.quotations import is_quotation, replaced_quotation
from monitor.models import Change, Document


def _diff(old: str, new: str, title: str = "Road deaths rise") -> list[Change]:
    return diff_documents(Document(title, old, None), Document(title, new, None)).changes


@pytest.mark.parametrize(("value", "whole"), [
    ('"We are not compromising on safety."', True),
    ("\u201cNo doctor should have to make that choice.\u201d", True),
    ("'It's a bugger all right'", True),  # an apostrophe inside
    ("\u2018It\u2019s the Ghost Convention Now\u2019", True),
    ("'Lost his mind': Kiwis star sent off", False),  # a quotation and more
    ('"word"', False),  # one word: a term, not a quotation
    ('"a" and "b c"', False),
    (None, False),
])
def test_a_value_that_is_one_quotation(value: str | None, whole: bool) -> None:
    assert is_quotation(value) is whole


def test_a_quotation_swapped_for_another_is_the_quote_changed() -> None:
    old = ("Road deaths rose to 42 this year, the Automobile Association said. "
           "\"We are not compromising on safety.\"")
    new = ("Road deaths rose to 42 this year, the Automobile Association said. "
           "\"Safety remains our top priority.\"")
    changes = _diff(old, new)
    assert [(c.kind, c.action, c.old, c.new) for c in changes] == [
        ("quote", "changed", '"We are not compromising on safety."',
         '"Safety remains our top priority."')]
    assert changes[0].severity == "low"


def test_two_quotations_added_pair_with_none() -> None:
    # which of two new quotations replaced the old one is a guess: both stay as they are
    dropped = Change("quote", "removed", '"We will rebuild the bridge."', None, None, None,
                     "low")
    added = [Change("quote", "added", None, text, None, None, "low")
             for text in ('"It will take two years."', '"Costs will rise."')]
    assert replaced_quotation([dropped, *added]) == [dropped, *added]
