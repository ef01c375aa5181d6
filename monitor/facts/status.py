"""Status: what a claim asserts about its state (polarity, modality, events), compared.

A status word's group (data/status.txt) is its meaning: "killed" and "died" are one
state, "will" and "will not" are two.  A negation always counts with the word it
negates ("has not said" is not "will not bring"); a state word the other version also
uses is not a new claim.
"""

from __future__ import annotations

from collections import Counter

from monitor.facts.atoms import Atom, is_function, speech_value, status_value
from monitor.facts.lexicon import IRREGULAR_VERBS, PREPOSITIONS

# Modal groups: a status edit that only adds one of these is no checkable fact.
MODALS = frozenset({"will", "may", "can", "must", "not"})


# States whose cases are counted: "No injuries were reported" -> "Two workers were
# injured" is the count of the injured gone from none to two (a number: the labellers'
# reading), while "No arrests" -> "Two men were arrested" is what became of the two (a
# status).
COUNTED_STATES = frozenset({"injured", "minor", "serious"})


_LEGAL_STATES = frozenset({"charge", "convict", "arrest", "acquit", "sentence"})


# Words that say a state is not yet reached ("nearly finalized", "almost complete"); before
# an amount they are its qualifier ("nearly 100": monitor.facts.numbers)
HEDGES = frozenset({"nearly", "almost", "virtually"})
# states told by an adjective, reached or not ("nearly complete", "almost over")
_REACHED = frozenset({"complete", "over", "done", "finished", "ready", "full", "set",
                      "certain", "gone", "empty", "dead", "extinct", "sold", "closed", "open"})


def hedges_state(atoms: list[Atom], k: int) -> bool:
    """atoms[k] is a hedge before a state, which it says is not reached yet: a state word,
    a participle or an adjective of completion ("nearly finalized", "almost over"); not
    an amount ("nearly 100") nor any other word ("in almost wondrously opaque fashion")."""
    if atoms[k].canon not in HEDGES or k + 1 >= len(atoms):
        return False
    after = atoms[k + 1]
    word = after.canon
    return after.cat == "word" and (
        status_value(after) is not None or word in _REACHED or word in IRREGULAR_VERBS
        or (word.endswith(("ed", "en")) and len(word) > 4))


def after_legal_state(atoms: list[Atom], start: int) -> bool:
    """An edit that is the offence of a legal state: "charged with [X]", "convicted of [X]"."""
    k = start - 1
    if k >= 0 and atoms[k].canon in PREPOSITIONS:
        k -= 1
    return k >= 0 and status_value(atoms[k]) in _LEGAL_STATES


def status_values(atoms: list[Atom], own: list[Atom], other: list[Atom]) -> Counter[str]:
    """Status groups of changed atoms (``own``: the sentence they are in).  A state word or
    modal the other version also uses (a repeated predicate after a split: "He is also
    accused of"; "will affect" -> "will be affected") is not a new claim; a negation always
    counts, with the word it negates ("has not said" is not "will not bring")."""
    elsewhere = {x.canon for x in other}
    values: Counter[str] = Counter()
    for atom in atoms:
        if atom.in_quote:
            continue
        value = status_value(atom) or {"deny": "deny", "claim": "claim"}.get(
            speech_value(atom) or "")
        if value == "not":
            values[f"not {_negated(atom, own)}"] += 1
        elif value and atom.canon not in elsewhere:
            values[value] += 1
    return values


def _negated(negation: Atom, sentence: list[Atom]) -> str:
    """The word a negation applies to: the next content word after it."""
    index = next((k for k, x in enumerate(sentence) if x is negation), len(sentence))
    for atom in sentence[index + 1:index + 4]:
        if atom.cat in ("word", "num", "date") and not is_function(atom) and (
                status_value(atom) not in MODALS):
            return status_value(atom) or atom.canon
    return ""
