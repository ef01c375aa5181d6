"""Conditions: restrictions and their scope ("only", "within", "unless", "except"),
compared.

A restriction word's group (data/conditions.txt) is its meaning; a word beginning
"non-" is a restriction of its own.  A relative clause added or dropped without a
comma restricts the noun before it ("residents [who are registered]"); one opened
after a comma is an aside.
"""

from __future__ import annotations

from collections import Counter

from monitor.facts.atoms import (
    Atom,
    condition_value,
    is_condition,
    is_function,
    speech_value,
    status_value,
)
from monitor.facts.lexicon import SCOPE
from monitor.facts.names import unmatched_names


def conditions_differ(ra: list[Atom], rb: list[Atom]) -> bool:
    """Whether two sets of edited words make different restrictions."""
    return Counter(condition_value(x) for x in ra if is_condition(x)) != Counter(
        condition_value(x) for x in rb if is_condition(x))


def only_lists_names(a: list[Atom], b: list[Atom], ka: list[int], kb: list[int],
                      ra: list[Atom], rb: list[Atom]) -> bool:
    """An "including" that only lists names: the names are what changed."""
    markers = {condition_value(x) for x in ra + rb if is_condition(x)}
    return markers == {"including"} and unmatched_names(a, b, ka, kb)


def within_limit(atoms: list[Atom], start: int) -> bool:
    """An amount that is the reach of a restriction: "within [48 hours]"."""
    return start >= 1 and condition_value(atoms[start - 1]) == "within"


_RELATIVES = frozenset({"who", "whose", "which", "that", "where"})


def new_clause(atoms: list[Atom], changed: list[int]) -> bool:
    """An edit opening a clause of its own after a comma (", with a review to follow"),
    not one more item of a list (", pregnant women", ", and pregnant women")."""
    if len(changed) < 2 or atoms[changed[0]].canon != ",":
        return False
    follower = atoms[changed[1]]
    return is_function(follower) and follower.canon not in ("and", "or", "nor")


def restrictive_clause(atoms: list[Atom], changed: list[int]) -> bool:
    """A relative clause with no comma before it, added or dropped whole: it restricts
    the noun it follows ("residents who are registered on the list")."""
    if not changed or atoms[changed[0]].canon not in _RELATIVES or changed[0] == 0:
        return False
    noun = atoms[changed[0] - 1]
    words = [atoms[k] for k in changed if atoms[k].cat == "word" and not is_function(atoms[k])]
    return (noun.cat == "word" and not is_function(noun) and not speech_value(noun)
            and not status_value(noun) and len(words) >= 2)


# Place words that restrict only after a restriction word ("used only inside Ukraine",
# "limited to within 50 metres"); alone they tell where ("coexisting inside the same
# routers", "informants inside").
_PLACE_MARKERS = frozenset({"within", "outside", "away"})


def after_condition(atoms: list[Atom], changed: list[int]) -> bool:
    """Whether an edit sits in a clause opened by a condition marker shortly before."""
    if not changed:
        return False
    for k in range(changed[0] - 1, max(-1, changed[0] - 9), -1):
        if atoms[k].canon in (".", ";", ":", "?", "!"):
            return False
        if is_condition(atoms[k]):
            return condition_value(atoms[k]) not in _PLACE_MARKERS or _restricted(atoms, k)
    return False


def _restricted(atoms: list[Atom], k: int) -> bool:
    """A restriction word shortly before the place word at ``k`` ("only inside")."""
    return any(is_condition(x) and condition_value(x) not in _PLACE_MARKERS
               for x in atoms[max(0, k - 3):k])


def near_condition(atoms: list[Atom], start: int, end: int | None = None) -> bool:
    """A condition marker just before an edit ("if [no] deal") or right after it
    ("would [not] apply to")."""
    after = atoms[end:end + 2] if end is not None else []
    return any(is_condition(x) for x in [*atoms[max(0, start - 2):start], *after])


def scope_changed(ra: list[Atom], rb: list[Atom]) -> bool:
    """A quantifier swapped for one of another scope (data/scope.txt): "all elective
    surgeries" -> "some elective surgeries"."""
    scope_a = {SCOPE[x.canon] for x in ra if x.canon in SCOPE}
    scope_b = {SCOPE[x.canon] for x in rb if x.canon in SCOPE}
    return bool(scope_a and scope_b and scope_a != scope_b)
