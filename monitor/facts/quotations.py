"""A quotation dropped and another added in its place is the quote changed.

A version that swaps one quotation for another ("'Hackers burned my hand with computer
virus'" -> "'Scorching-hot hacked computer burned my hand'") was reported as two changes,
the old quotation removed and the new one added, each read for what its words say (a
quotation holding "dying" became a status change).  The labelling rules call it one fact:
the words inside quotation marks differ.  Paired only when the diff drops exactly one
quotation and adds exactly one: with more, which replaced which is a guess.
"""

from __future__ import annotations

import re

from monitor.facts.severity import edit_severity
from monitor.models import Change

# A value that is one quotation whole: an opening mark, at least two words, no other
# opening mark inside (an apostrophe may be: "'It's a bugger all right'"), the closing mark
# last (a full stop or comma may follow it).
_QUOTATION = re.compile(
    "^(?:\"[^\"\u201c\u201d]*\\s[^\"\u201c\u201d]*\"|\u201c[^\"\u201c\u201d]*\\s[^\"\u201c\u201d]*\u201d"
    "|'[^\"\u201c\u201d\u2018\u2019]*\\s[^\"\u201c\u201d\u2018\u2019]*'"
    "|\u2018[^\"\u201c\u201d\u2018]*\\s[^\"\u201c\u201d\u2018]*\u2019)[.,]?$")


def is_quotation(value: str | None) -> bool:
    """Is ``value`` one quotation, marks and all?"""
    return value is not None and _QUOTATION.match(value.strip()) is not None


def replaced_quotation(changes: list[Change]) -> list[Change]:
    """``changes`` with one quotation removed and one added made one quote change."""
    removed = [c for c in changes if c.action == "removed" and is_quotation(c.old)]
    added = [c for c in changes if c.action == "added" and is_quotation(c.new)]
    if len(removed) != 1 or len(added) != 1:
        return changes
    old, new = removed[0], added[0]
    quote = Change(kind="quote", action="changed", old=old.old, new=new.new,
                   old_sentence=old.old_sentence, new_sentence=new.new_sentence,
                   severity=edit_severity("quote"))
    return [quote if c is old else c for c in changes if c is not new]
