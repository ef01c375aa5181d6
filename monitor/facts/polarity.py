"""A state whose polarity flipped across a rewritten sentence.

"He has not been charged." -> "He was charged on Monday with conspiracy.", "No arrests
have been made." -> "Two men were arrested near Maastricht.": such sentences share too
little to be aligned, so each was told as a sentence removed and another added, and the
denial's end read as a mere "medium" sentence gone.  Paired here by the state they both
name (the same status group, one side negated and the other not), they are the state
change they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from monitor.facts.atoms import Atom, status_value
from monitor.facts.lexicon import LIFECYCLE_NOUNS, MODAL_GROUPS, STATE_MOVES
from monitor.facts.severity import edit_severity
from monitor.facts.status import COUNTED_STATES
from monitor.facts.whole_sentences import clause_around
from monitor.models import Change

# (MODAL_GROUPS: how a claim is held, not what state it names: a flip between them is read
# inside aligned sentences already, monitor.facts.rules.)
NEGATION_REACH = 4  # atoms before a state word a negation still governs ("has not been charged")
CLAUSE_SHOWN = 8  # words of the state's clause shown whole; past it, up to the state word

Sentence = tuple[str, list[Atom]]


@dataclass(frozen=True, slots=True)
class Flip:
    """A removed sentence and an added one that state one thing with opposite polarity."""

    removed: int  # index into the removed sentences
    added: int  # index into the added sentences
    change: Change


def flipped_states(removed: list[Sentence], added: list[Sentence]) -> list[Flip]:
    """Pairs of a removed and an added sentence naming the same state, negated on one
    side only; each sentence in one pair at most, removed sentences in order."""
    flips: list[Flip] = []
    taken: set[int] = set()
    added_states = [_states(atoms) for _, atoms in added]
    for i, (old_text, old_atoms) in enumerate(removed):
        old_states = _states(old_atoms)
        for j, new_states in enumerate(added_states):
            if j in taken:
                continue
            group = next((g for g, (negated, _) in old_states.items()
                          if g in new_states and new_states[g][0] != negated), None)
            if group is None:
                continue
            new_text, new_atoms = added[j]
            old = _shown(old_text, old_atoms, old_states[group][1])
            new = _shown(new_text, new_atoms, new_states[group][1])
            affirmed = old_atoms if new_states[group][0] else new_atoms
            kind = _kind(group, affirmed, old if new_states[group][0] else new)
            flips.append(Flip(i, j, Change(
                kind=kind, action="changed", old=old, new=new,
                old_sentence=old_text, new_sentence=new_text,
                severity=edit_severity(kind))))
            taken.add(j)
            break
    return flips


def _kind(group: str, affirmed: list[Atom], shown: str) -> Literal["number", "status"]:
    """A flip of a counted state whose affirming side counts its cases ("No injuries were
    reported" -> "Fourteen people were treated for minor injuries") is a count gone from
    none to some: a number; any other flip, the state's."""
    counted = any(x.cat == "num" and x.value != "0" and x.text in shown for x in affirmed)
    return "number" if group in COUNTED_STATES and counted else "status"


def _states(atoms: list[Atom]) -> dict[str, tuple[bool, int]]:
    """Each state a sentence names (its first word of each status group): whether a
    negation governs it, and where it stands."""
    states: dict[str, tuple[bool, int]] = {}
    for k, atom in enumerate(atoms):
        group = status_value(atom)
        if group is None or group in MODAL_GROUPS or group in states:
            continue
        states[group] = (_negated(atoms, k), k)
    return states


def _negated(atoms: list[Atom], k: int) -> bool:
    """Whether a negation governs the state word atoms[k]: one stands shortly before it
    with no other state word between ("has not been charged"; not "pleads not guilty to
    the charge", where "not" is guilty's)."""
    for atom in reversed(atoms[max(0, k - NEGATION_REACH):k]):
        value = status_value(atom)
        if value == "not":
            return True
        if value is not None:
            return False
    return False


def _shown(text: str, atoms: list[Atom], k: int) -> str:
    """The state's clause ("No arrests have been made"), or, when long, the clause up to
    the state word ("Two men were arrested")."""
    i, j = clause_around(atoms, k, k + 1, trim=False)
    if sum(a.cat in ("word", "num", "date") for a in atoms[i:j]) > CLAUSE_SHOWN:
        j = k + 1
    return text[atoms[i].start:atoms[j - 1].end]


def rewritten_state(old: Sentence, new: Sentence) -> Change | None:
    """A headline rewritten beyond recognition that names the state its story moved to
    (data/state_moves.txt): "Most flights cancelled Monday at Buffalo airport" -> "Most
    flights resume at Buffalo airport".  A headline is about its story, so the state it
    names is the story's."""
    old_states, new_states = _states(old[1]), _states(new[1])
    moved = next(((gone, came) for gone in old_states if gone not in new_states
                  for came in new_states if came not in old_states
                  and (gone, came) in STATE_MOVES), None)
    if moved is None:
        return None
    gone, came = moved
    return Change(kind="status", action="changed",
                  old=_shown(old[0], old[1], old_states[gone][1]),
                  new=_shown(new[0], new[1], new_states[came][1]),
                  old_sentence=old[0], new_sentence=new[0], severity=edit_severity("status"))


_ENDINGS = frozenset({"expire", "cancel"})  # status groups: "expires", "lifted", "canceled"
_BEFORE_A_STATE = frozenset({"has", "have", "had", "been", "is", "are", "was", "were", "now"})


def ended_in_force(old: Sentence, new: Sentence) -> Change | None:
    """A rewritten headline that ends what the old one named in force, the old naming no
    state of it: "High Wind Warning for Lake Erie Shore, and a Wind Advisory for Rest of
    WNY" -> "Wind Advisory expires across Western New York", "Weather Impact Alert: Heavy
    showers and storms overnight" -> "Weather Impact Alert has expired".  The alert was
    in force and is over: its state changed."""
    if any(status_value(x) in _ENDINGS for x in old[1]):
        return None  # (the old headline ends something too: rewritten_state reads it)
    for k, atom in enumerate(new[1]):
        if status_value(atom) not in _ENDINGS:
            continue
        thing = _thing_before(new[1], k)
        at = _found(old[1], [x.canon for x in new[1][thing[0]:thing[1]]]) if thing else None
        if thing is None or at is None:
            continue
        return Change(kind="status", action="changed",
                      old=_shown(old[0], old[1], at),
                      new=new[0][new[1][thing[0]].start:atom.end],
                      old_sentence=old[0], new_sentence=new[0],
                      severity=edit_severity("status"))
    return None


def _thing_before(atoms: list[Atom], k: int) -> tuple[int, int] | None:
    """The atoms of the thing with a lifecycle named right before the state word at ``k``
    ("[Wind Advisory] expires", "[Weather Impact Alert] has expired"): its noun and the
    capitalised words before it."""
    end = k
    while end > 0 and atoms[end - 1].canon in _BEFORE_A_STATE:
        end -= 1
    if end == 0 or atoms[end - 1].canon not in LIFECYCLE_NOUNS:
        return None
    start = end - 1
    while start > 0 and atoms[start - 1].cat == "word" and atoms[start - 1].cap:
        start -= 1
    return start, end


def _found(atoms: list[Atom], canons: list[str]) -> int | None:
    """Where the run ``canons`` ends in ``atoms`` (its last atom), else None."""
    n = len(canons)
    return next((i + n - 1 for i in range(len(atoms) - n + 1)
                 if [x.canon for x in atoms[i:i + n]] == canons), None)
