"""A count told again in a rewritten sentence: the same thing counted, another amount.

"At least 2 dead in German Christmas market attack" -> "Death toll in attack on German
Christmas market rises to 5", "Six more cases linked to Melbourne meatworks cluster" ->
"22 new cases in Victoria", a story's "Three Indian soldiers are killed" -> a new headline's
"20 Indian troops killed": the sentences share too little to be aligned, so each was told
as a sentence removed and another added, the count's change told nowhere.  Paired here
(among the rewritten headlines and the sentences removed and added whole) by what their
amounts count (the state of the people counted, "dead" for "killing at least 176" and
"death toll ... rises to 5" alike, else the noun after the amount), they are the number
change they are: a casualty count rising is what an editor watches for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.facts.atoms import Atom, is_function, is_word
from monitor.facts.lexicon import AUXILIARIES
from monitor.facts.numbers import qualifier_start
from monitor.facts.polarity import Sentence
from monitor.facts.reading import analyse
from monitor.facts.severity import edit_severity
from monitor.facts.signatures import plain_state, state_counted
from monitor.facts.whole_sentences import content_word, readable_clause
from monitor.models import Change, DiffResult

# Words between an amount and its noun that say which of them, not what they are ("six
# more cases", "22 new cases")
_NOT_COUNTED = frozenset({"more", "new", "additional", "other", "further", "fresh", "extra"})
_YEAR = re.compile(r"(1[89]|20)\d\d")
_TOLLS = frozenset({"toll", "tally", "count", "number"})  # "the death toll rises to 5"
# The states of people a story keeps a count of (status groups): a count of the dead or
# the arrested moves as a story goes on; "falls below $11" and "cut 12,000 jobs" are no
# one count
_TOLLED_STATES = frozenset({"dead", "injured", "missing", "arrest", "charge", "evacuate",
                             "found"})


@dataclass(frozen=True, slots=True)
class Recount:
    """One thing counted in a removed sentence and again in an added one: the number
    change, and the two amounts' normalised values (what other changes may carry)."""

    change: Change
    old_amount: str
    new_amount: str


def recounted(removed: list[Sentence], added: list[Sentence]) -> list[Recount]:
    """Each thing a removed sentence counts once that an added sentence counts once too,
    with another amount (the first such added sentence; each thing once: a count told
    again with the same amount has moved, not changed)."""
    added_counts = [_counts(atoms) for _, atoms in added]
    recounts: list[Recount] = []
    told: set[str] = set()
    for old_text, old_atoms in removed:
        for counted, k in _counts(old_atoms).items():
            found = next(((j, counts[counted]) for j, counts in enumerate(added_counts)
                          if counted in counts), None)
            if found is None or counted in told:
                continue
            told.add(counted)
            (new_text, new_atoms), m = added[found[0]], found[1]
            if old_atoms[k].value != new_atoms[m].value:
                recounts.append(Recount(
                    Change(kind="number", action="changed",
                           old=_shown(old_text, old_atoms, k), new=_shown(new_text, new_atoms, m),
                           old_sentence=old_text, new_sentence=new_text,
                           severity=edit_severity("number")),
                    old_atoms[k].value, new_atoms[m].value))
    return recounts


def drop_recounted(result: DiffResult, recounts: list[Recount]) -> None:
    """Drop the numbers removed or added (and a told headline's parts) that carry one of
    the recounts' amounts: each recount tells that count's change once (a number changed
    in the story stays, and stands for the recount: headline.new_in_headline)."""
    old_amounts = {r.old_amount for r in recounts}
    new_amounts = {r.new_amount for r in recounts}

    def carries(change: Change) -> bool:
        # a number changed telling one of the two amounts tells the count gone or come
        # ("69 dead and buildings collapsed" -> "Magnitude-7.4 quake hits"); one telling
        # both is the recount told in the story; one telling another amount too tells more
        if change.kind != "number":
            return False
        old, new = _amounts(change.old), _amounts(change.new)
        return bool(old & old_amounts) != bool(new & new_amounts) and (
            old <= old_amounts and new <= new_amounts)

    changes = []
    for change in result.changes:
        parts = [part for part in result.parts.pop(change, []) if not carries(part)]
        if len(parts) >= 2:  # still told in parts (decompose.told_fact_by_fact)
            result.parts[change] = parts
            changes.append(change)
        elif not carries(change) or parts:
            changes.extend(parts or [change])  # the one fact left is what it tells
    result.changes = changes


def _amounts(value: str | None) -> set[str]:
    """The normalised amounts ``value`` names ("eight" and "8" alike)."""
    return {a.value for a in analyse(value) if a.cat == "num"} if value else set()


def _counts(atoms: list[Atom]) -> dict[str, int]:
    """What each amount of the sentence counts, and where it is, for the things it counts
    once ("2 dead" and "dozens injured", not the two counts of "2 dead, 3 dead")."""
    found: dict[str, list[int]] = {}
    for k, atom in enumerate(atoms):
        if atom.cat == "num" and (counted := _what_counted(atoms, k)) is not None:
            found.setdefault(counted, []).append(k)
    return {counted: at[0] for counted, at in found.items() if len(at) == 1}


def _what_counted(atoms: list[Atom], k: int) -> str | None:
    """The state an amount counts ("2 dead", "killing at least 176", "death toll rises to
    5"), else the noun after it ("22 new cases": "case")."""
    amount = atoms[k]
    if amount.value.startswith("ord") or _YEAR.fullmatch(amount.text) or (
            k > 0 and atoms[k - 1].end == amount.start and atoms[k - 1].text[-1:].isalpha()):
        return None  # a rank, a year ("2025 season"), a name with a number ("G7")
    after = k + 1
    while after < len(atoms) and atoms[after].canon in _NOT_COUNTED:
        after += 1
    more = "more " if after > k + 1 else ""  # "48 more deaths" adds to "4,000 deaths"
    state = state_counted(atoms, k) or _state_before(atoms, k) or _toll(atoms, k)
    if state in _TOLLED_STATES:
        return f"{more}state:{state}"
    if after < len(atoms) and atoms[after].cat == "word" and atoms[after].canon.isalpha() and (
            not is_function(atoms[after])):
        return more + atoms[after].canon.removesuffix("s")
    return None


def _state_before(atoms: list[Atom], k: int) -> str | None:
    """The state of the verb just before an amount and its qualifier ("killing [at least]
    176")."""
    before = qualifier_start(atoms, k) - 1
    return plain_state(atoms[before]) if before >= 0 else None


def _toll(atoms: list[Atom], k: int) -> str | None:
    """The state a toll counts, when the amount is what the toll rose or fell to ("Death
    toll in attack rises to 5"): the state word just before the toll's noun."""
    if k + 1 < len(atoms) and atoms[k + 1].cat == "word" and not is_function(atoms[k + 1]):
        return None  # the amount counts the word after it
    before = range(k - 1, -1, -1)
    toll = next((m for m in before if atoms[m].canon in _TOLLS or atoms[m].cat == "num"), None)
    if toll is None or atoms[toll].cat == "num":
        return None  # a toll's amount is the first after it
    # a toll alone is of the dead ("virus toll nears 100"); a count or tally says of what
    state = plain_state(atoms[toll - 1]) if toll > 0 else None
    return state or ("dead" if atoms[toll].canon == "toll" else None)


def _shown(text: str, atoms: list[Atom], k: int) -> str:
    """The amount with its qualifier and what it counts ("At least 2 dead", "six more
    cases", "killing at least 176", "2 people were killed"); a toll's amount with its
    clause ("Death toll in attack rises to 5")."""
    i = qualifier_start(atoms, k)
    state_before = i > 0 and plain_state(atoms[i - 1]) is not None
    i -= state_before  # the state counted before it: "killing [at least 176]"
    j = k + 1
    while j < len(atoms) and atoms[j].canon in _NOT_COUNTED:
        j += 1
    if j == len(atoms) or atoms[j].cat != "word" or is_function(atoms[j]):
        # nothing counted after it: "kills at least 5", a toll's in its clause
        i, j = (i, k + 1) if state_before else readable_clause(atoms, i, k + 1)
        return text[atoms[i].start:atoms[j - 1].end]
    j += 1
    if j < len(atoms) and atoms[j - 1].cap and content_word(atoms[j]):
        j += 1  # the noun a capitalised word describes: "Three Indian [soldiers]"
    while j < len(atoms) and atoms[j].canon in AUXILIARIES:
        j += 1
    if j < len(atoms) and plain_state(atoms[j]) is not None:
        j += 1  # "2 people [were killed]"
    while not is_word(atoms[j - 1]) or atoms[j - 1].canon in AUXILIARIES:
        j -= 1
    return text[atoms[i].start:atoms[j - 1].end]
