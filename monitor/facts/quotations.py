"""A quotation dropped and another added in its place is the quote changed.

A version that swaps one quotation for another ("'Hackers burned my hand with computer
virus'" -> "'Scorching-hot hacked computer burned my hand'") was reported as two changes,
the old quotation removed and the new one added, each read for what its words say (a
quotation holding "dying" became a status change).  The labelling rules call it one fact:
the words inside quotation marks differ.  Paired only when the diff drops exactly one
quotation and adds exactly one: with more, which replaced which is a guess.
"""

from __future__ import annotations

from monitor.facts.reading import analyse
from monitor.facts.severity import edit_severity
from monitor.models import Change

_ENDING = frozenset({".", ","})  # may follow the closing mark: '"Costs will rise.",'


def is_quotation(value: str | None) -> bool:
    """Is ``value`` one quotation, marks and all, as the fact core reads quotations
    (reading.py: a single-quoted run of fewer than three words is a term, not a
    quotation), of two words or more?"""
    atoms = analyse(value.strip()) if value else []
    while atoms and atoms[-1].cat == "punct" and atoms[-1].canon in _ENDING:
        atoms.pop()
    inner = atoms[1:-1]
    return (len(atoms) > 2 and atoms[0].cat == atoms[-1].cat == "quote"
            and all(x.in_quote and x.cat != "quote" for x in inner)
            and sum(x.cat in ("word", "num") for x in inner) >= 2)


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
