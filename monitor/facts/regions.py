"""Edit regions: where two aligned sentences differ, atom by atom.

difflib's opcodes over the two sentences' canonical atoms, with nearby edits merged
into one region (MERGE_GAP atoms or less apart, or a name and its description) unless
they are two facts: two amounts or dates, two claims joined by "and", a value and a
changed source across a comma, a status and a date, two one-word edits of a name with
a content word kept between them.  A time of day and its day stay one date.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from monitor.facts.atoms import (
    Atom,
    condition_value,
    has_value,
    is_condition,
    is_function,
    speech_value,
    status_value,
)
from monitor.facts.attribution import is_source, names_source
from monitor.facts.dates import time_and_day
from monitor.facts.lexicon import PREPOSITIONS
from monitor.facts.vocabulary import FactKind

MERGE_GAP = 3  # edits this close (in atoms) within a sentence are one edit
SWAP_WIDTH = 1  # edits this short (in atoms) are kept apart by a content word between them
SPOKEN_TO_WIDTH = 6  # atoms of both sides: whom a thing was told to ("lawmakers" ->
# "members of parliament"), not what was said (a sentence rewritten after "said")
STATE_SWAP_WIDTH = 2  # ... a name's and a state's: "[Asian] shares [slip]" -> "[World] shares
# [are mixed]"


@dataclass(slots=True)
class Region:
    """Atom ranges that differ between the two sides, with the edits inside them."""

    i1: int
    i2: int
    j1: int
    j2: int
    ops: list[tuple[int, int, int, int]]

    def changed(self, side: int) -> list[int]:
        """Indices of the atoms that differ on one side (0 = old, 1 = new)."""
        return [k for o in self.ops for k in range(o[2 * side], o[2 * side + 1])]


def regions(a: list[Atom], b: list[Atom]) -> list[Region]:
    """The edits between two sentences' atoms, nearby ones merged into one region."""
    matcher = difflib.SequenceMatcher(None, [x.canon for x in a], [x.canon for x in b],
                                      autojunk=False)
    found: list[Region] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if found and _mergeable(a, b, found[-1], i1, i2, j1, j2):
            last = found[-1]
            last.i2, last.j2 = i2, j2
            last.ops.append((i1, i2, j1, j2))
        else:
            found.append(Region(i1, i2, j1, j2, [(i1, i2, j1, j2)]))
    return found


def meaning(atom: Atom) -> str:
    """What an atom says, for spotting moved words: "including" moved as "include".  A
    negation never just moves: "has not said ... will" -> "said ... will not" changes."""
    if status_value(atom) == "not":
        return f"not@{atom.start}"
    return condition_value(atom) or status_value(atom) or atom.canon


def _mergeable(a: list[Atom], b: list[Atom], last: Region, i1: int, i2: int, j1: int,
               j2: int) -> bool:
    gap = a[last.i2:i1]
    if any(x.canon in (".", ";", ":", "?", "!") for x in gap):
        return False
    if len(gap) > MERGE_GAP and not _appositive(a, b, last, gap, i1, i2, j1, j2):
        return False
    if _separate_swaps(last.ops[-1], (i1, i2, j1, j2), gap) and (
            _name_swapped(a, b, last.ops[-1]) or _name_swapped(a, b, (i1, i2, j1, j2))):
        return False
    if _name_and_state(a, b, last.ops[-1], (i1, i2, j1, j2), gap):
        return False
    previous = [a[k] for o in last.ops for k in range(o[0], o[1])] + [
        b[k] for o in last.ops for k in range(o[2], o[3])]
    following = a[i1:i2] + b[j1:j2]
    if (any(status_value(x) for x in previous) and any(status_value(x) for x in following)
            and any(x.canon in ("and", "but", "or", ",") for x in gap)):
        return False  # "denied ... and plans to" -> "admitted ... does not plan to": two claims
    if has_value(previous) and has_value(following) and not (
            len(gap) <= 3 and any(x.canon == "(" for x in gap)) and not time_and_day(
                previous, following, gap):
        return False  # two amounts or dates: two facts (unless "45C (113F)": one, twice)
    if any(x.canon == "," for x in gap) and has_value(previous) != has_value(following) \
            and (names_source(following, a, i2, b, j2) if has_value(previous)
                 else names_source(previous, a, last.i2, b, last.j2)):
        return False  # "until Friday, the union said" -> "until Sunday, a spokeswoman said"
    if any(speech_value(x) for x in gap) and any(is_source(x) for x in previous) and (
            has_value(following) or (_object_of_speech(gap, following) and _mostly_alike(a, b))):
        return False  # "Police said on Tuesday" -> "Prosecutors said on Wednesday", "the
        # minister told lawmakers" -> "Nduwimana told members of parliament": who speaks,
        # then when or to whom (how it was said stays with who: "said, [speaking on
        # condition of anonymity]")
    kinds = _strong_kinds(previous) | _strong_kinds(following)
    # "is expected to visit ... on Friday" -> "visited ... on Thursday": a status and a date
    # (a condition and its amount stay together: "only for children under 5", and so do
    # a count and the state it counts: "with minor" -> ", one with serious injuries")
    return not ({"status", "date"} <= kinds and (
        _strong_kinds(previous) != kinds or _strong_kinds(following) != kinds))


def _separate_swaps(before: tuple[int, int, int, int], after: tuple[int, int, int, int],
                    gap: list[Atom]) -> bool:
    """Two one-word edits with content words kept between them are two facts: "A fire
    in Clarence early Tuesday closed Main St." -> "... in Newstead early Tuesday
    temporarily closed Main Road" swaps a place and a street, and adds a word."""
    short = all(max(o[1] - o[0], o[3] - o[2]) <= SWAP_WIDTH for o in (before, after))
    return short and len(gap) >= 2 and not all(map(is_function, gap))


def _object_of_speech(gap: list[Atom], following: list[Atom]) -> bool:
    """The words right after a verb of saying are its object, whom it was told to ("told
    [lawmakers]"), not how it was said ("said [in a statement]", "said[, speaking on
    condition of anonymity]")."""
    return 0 < len(following) <= SPOKEN_TO_WIDTH and speech_value(gap[-1]) is not None and (
        following[0].cat == "word") and following[0].canon not in PREPOSITIONS


ALIKE = 0.6  # share of the shorter sentence's words the other has: the same sentence edited


def _mostly_alike(a: list[Atom], b: list[Atom]) -> bool:
    """The two sentences are one sentence edited, not one rewritten around "said" (two
    statements of two sources are no source swapped)."""
    words_a, words_b = {x.canon for x in a}, {x.canon for x in b}
    return len(words_a & words_b) >= ALIKE * min(len(words_a), len(words_b))


def _name_and_state(a: list[Atom], b: list[Atom], before: tuple[int, int, int, int],
                    after: tuple[int, int, int, int], gap: list[Atom]) -> bool:
    """A one-word name swapped and a state swapped next to it, a content word between:
    "[Asian] shares [slip]" -> "[World] shares [are mixed]" tells who moved and how, two
    facts."""
    if not gap or all(map(is_function, gap)):
        return False

    def stated(op: tuple[int, int, int, int]) -> bool:
        return max(op[1] - op[0], op[3] - op[2]) <= STATE_SWAP_WIDTH and any(
            status_value(x) for x in a[op[0]:op[1]] + b[op[2]:op[3]])

    def named(op: tuple[int, int, int, int]) -> bool:  # one side a name ("Asian" -> "World")
        return op[1] - op[0] == op[3] - op[2] == SWAP_WIDTH and any(
            x.name for x in a[op[0]:op[1]] + b[op[2]:op[3]])
    return (named(before) and stated(after)) or (named(after) and stated(before))


def _name_swapped(a: list[Atom], b: list[Atom], op: tuple[int, int, int, int]) -> bool:
    return any(x.name for x in a[op[0]:op[1]]) and any(x.name for x in b[op[2]:op[3]])


def _strong_kinds(atoms: list[Atom]) -> set[FactKind]:
    kinds: set[FactKind] = set()
    if any(x.cat == "date" for x in atoms):
        kinds.add("date")
    if any(status_value(x) for x in atoms):
        kinds.add("status")
    if any(is_condition(x) for x in atoms):
        kinds.add("condition")
    return kinds


def _appositive(a: list[Atom], b: list[Atom], last: Region, gap: list[Atom], i1: int, i2: int,
                j1: int, j2: int) -> bool:
    """A name and its description edited together: "Vania Alleva, president of the Unia
    union" -> "Pierre-Yves Maillard, president of the Swiss Trade Union Federation"."""
    if len(gap) > 5 or gap[0].canon != ",":
        return False
    before = a[last.i1:last.i2] + b[last.j1:last.j2]
    after = a[i1:i2] + b[j1:j2]
    return any(x.name for x in before) and any(x.name for x in after)
