"""Attribution: who a sentence says a claim comes from, and when that changed.

Reading: the source next to a verb of saying ("..., a U.S. official said", "said the
spokesperson", "according to X"; verbs in data/speech.txt).  Comparing (the diff): a
source changed is a name or a source noun of another group (data/sources.txt) edited
next to its verb ("police said" -> "prosecutors said", not -> "officers said"), a new
"according to" source, or "X said" rewritten as "according to Y".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from monitor.facts.atoms import Atom, is_function, source_value, speech_value, status_value
from monitor.facts.judge_data import body_families
from monitor.facts.lexicon import (
    DETERMINERS,
    MODAL_GROUPS,
    PREPOSITIONS,
    SPEECH,
    SPEECH_AS_NOUNS,
    TITLES,
)
from monitor.facts.names import unmatched_names

if TYPE_CHECKING:
    from monitor.facts.regions import Region

# Determiners and quantifiers: added or dropped alone beside a verb of saying, they name
# no source ("did not admit [any] wrongdoing", "denied [all] the charges")
_QUANTIFIERS = DETERMINERS | {"any", "all", "some", "no", "every", "each", "both"}
# Words that may stand between a source and its verb ("Smith [also] said").
_ADVERBS = frozenset({"also", "later", "previously", "earlier", "separately", "has", "had",
                      "have", "reportedly", "again", "then", "now"})


def attribution_span(atoms: list[Atom], speech: Sequence[int] | None = None
                     ) -> tuple[int, int] | None:
    """Atom range of the source a sentence attributes its claim to, if any:
    "..., a U.S. official said." / "X said ..." / "according to X".  ``speech``: the
    indexes of the words outside quotes that are in data/speech.txt, in order, when the
    caller has them already."""
    if speech is None:
        speech = [k for k, atom in enumerate(atoms)
                  if atom.cat == "word" and not atom.in_quote and atom.canon in SPEECH]
    for k in speech:
        atom = atoms[k]
        if atom.noun:
            continue  # a speech word used as a noun tells no source: "each claim", "the report"
        if atom.canon == "according":
            end = k + 2
            while end < len(atoms) and atoms[end].cat not in ("punct", "quote"):
                end += 1
            return (k + 2, end) if end > k + 2 else None
        # Source before the verb, back to a clause boundary.
        start = k
        while start > 0 and atoms[start - 1].cat not in ("punct", "quote") and (
                k - start < 8):
            start -= 1
        if start < k:
            return start, k
        # "said the spokesperson": source after the verb.
        end = k + 1
        while end < len(atoms) and atoms[end].cat not in ("punct", "quote") and end - k < 8:
            end += 1
        if end > k + 1:
            return k + 1, end
    return None


def is_source(atom: Atom) -> bool:
    return atom.name or bool(source_value(atom))


def _after_appositive(atoms: list[Atom], k: int) -> int:
    """Skip the rest of ", a spokesman for the agency," after a name: where the verb is."""
    for m in range(k, min(len(atoms), k + 8)):
        if atoms[m].canon in (".", ";", ":", '"') or speech_value(atoms[m]):
            break
        if atoms[m].canon == ",":
            return m + 1
    return k


def near_speech_verb(atoms: list[Atom], start: int, end: int) -> bool:
    words = [x for x in atoms[start:end] if x.cat not in ("punct", "quote")]
    if len(words) > 1 and ((speech_value(words[-1]) and is_source(words[-2])) or (
            speech_value(words[0]) and (is_source(words[1]) or words[1].canon in DETERMINERS))):
        return True  # the source and its verb edited together: "X reported" -> "Y said"
    if any(x.canon == "according" for x in words):
        return True
    k = _after_appositive(atoms, end)
    while k < len(atoms) and atoms[k].cat == "word" and atoms[k].canon in _ADVERBS:
        k += 1
    if k < len(atoms) and speech_value(atoms[k]) and atoms[k].canon != "according":
        return True
    before = start - 1
    while before >= 0 and atoms[before].canon in TITLES:  # "said [Sen.] Raphael Warnock"
        before -= 1
    if before >= 0 and speech_value(atoms[before]) and atoms[before].canon != "according":
        return True
    if after_according(atoms, start):
        return True
    return start >= 1 and atoms[start - 1].canon == "told"


def names_source(edited: list[Atom], a: list[Atom], i2: int, b: list[Atom], j2: int) -> bool:
    """Whether edited words name who says something: a source (a name, a source noun)
    with its verb of saying in the edit or right after it."""
    for k, atom in enumerate(edited):
        if atom.canon == "according" or (speech_value(atom) and k > 0 and edited[k - 1].cat
                                         == "word" and not is_function(edited[k - 1])):
            return True  # "the district said", "according to the mayor"
    if not any(is_source(x) for x in edited):
        return False
    if any(speech_value(x) for x in edited):
        return True
    return any(_speech_follows(atoms, end) for atoms, end in ((a, i2), (b, j2)))


def _speech_follows(atoms: list[Atom], k: int) -> bool:
    """A verb of saying closes the clause within a few words ("..., Mara Lindqvist,
    said")."""
    for atom in atoms[k:k + 12]:
        if atom.canon in (".", ";", ":", "?", "!") or atom.cat in ("num", "date", "quote"):
            return False
        if speech_value(atom):
            return True
    return False


def after_according(atoms: list[Atom], start: int) -> bool:
    """An edit right after "according to", or after its article ("according to the [X]")."""
    k = start - 1
    while k >= 0 and atoms[k].canon in DETERMINERS:
        k -= 1
    return k >= 1 and atoms[k - 1].canon == "according" and atoms[k].canon == "to"


def _content_count(atoms: list[Atom], changed: list[int]) -> int:
    return sum(atoms[k].cat == "word" and not is_function(atoms[k]) for k in changed)


# Why a source is not named ("declining to be named", "speaking on condition of anonymity
# because he was not authorised to brief the media"): words of the attribution, no state.
_ANONYMITY_WORDS = frozenset({"declining", "declined", "speaking", "authorised", "authorized",
                              "permitted", "allowed", "named", "identified"})


def _state_changed(a: list[Atom], b: list[Atom], region: Region) -> bool:
    """The edit changes the state its claim tells and leaves the verb of saying alone (a
    state word on one side that the other side lacks, none of the edited words a verb of
    saying): that is a status change, whoever says it.  A state word in a name or a noun
    ("Commissioner for Physical Planning", "an arrest affidavit") tells no state, nor does
    a negation or a modal, which may be the source's own ("he was not authorised")."""
    sides = [(a, region.changed(0)), (b, region.changed(1))]
    if any(speech_value(atoms[k]) for atoms, changed in sides for k in changed):
        return False  # the verb of saying is edited too
    return _told_states(*sides[0]) != _told_states(*sides[1])


def _told_states(atoms: list[Atom], changed: list[int]) -> set[str]:
    states = (status_value(atoms[k]) for k in changed if not (
        atoms[k].name or atoms[k].noun or atoms[k].cap or atoms[k].canon in _ANONYMITY_WORDS))
    return {state for state in states if state is not None and state not in MODAL_GROUPS}


def _source_rewritten(a: list[Atom], b: list[Atom], region: Region) -> bool:
    """"X said" rewritten as "according to Y" (or back), with the source changed."""
    sides = [[a[k] for k in region.changed(0)],
             [b[k] for k in region.changed(1)]]
    according = [any(x.canon == "according" for x in side) for side in sides]
    said = [any(speech_value(x) and x.canon != "according" for x in side) for side in sides]
    if not ((according[0] and said[1]) or (according[1] and said[0])):
        return False
    return all(any(x.cat == "word" and not is_function(x) and not speech_value(x)
                   and not status_value(x) for x in side) for side in sides)


def source_changed(a: list[Atom], b: list[Atom], region: Region, changed: list[Atom]) -> bool:
    """Whether an edit changes who a claim is attributed to (``changed``: the edited
    words of both sides, moved words and typos left out)."""
    changed = [x for x in changed if x.canon not in TITLES]  # "Sen." -> "Senator"
    if any(x.cat == "date" for x in changed):
        return False
    if after_according(a, region.i1) and after_according(b, region.j1) and max(
            _content_count(a, region.changed(0)),
            _content_count(b, region.changed(1))) >= 2:
        return True  # a new source: "according to [the head teacher of one school]"
    if any(x.cat == "num" for x in changed) and not any(x.name for x in changed):
        return False  # an amount, unless part of a name ("Union Local 113")
    if _source_rewritten(a, b, region):
        return True  # "the weather service said" -> "according to a hurricane center advisory"
    if not any(not is_function(x) and not speech_value(x) and not status_value(x)
               for x in changed):
        return False  # "denied" -> "has not denied" is about the claim, not its source
    if _state_changed(a, b, region):
        return False  # "Police to follow up" -> "Arrests made", police say: the claim moved
    near = near_speech_verb(a, region.i1, region.i2) or near_speech_verb(b, region.j1,
                                                                          region.j2)
    if not near:
        return False
    one_sided = region.i1 == region.i2 or region.j1 == region.j2
    if one_sided and all(x.name or is_function(x) for x in changed) and not unmatched_names(
            a, b, region.changed(0), region.changed(1)):
        return False  # "the State Water Board said" -> "the board said": same source
    if one_sided and all(is_function(x) or x.canon in _QUANTIFIERS for x in changed):
        return False  # "did not admit [any] wrongdoing": a word that names no one
    if one_sided or any(x.name for x in changed) or after_according(a, region.i1):
        return True  # whatever follows "according to" is the source ("league data")
    sources_a = {source_value(a[k]) for k in region.changed(0)} - {None}
    sources_b = {source_value(b[k]) for k in region.changed(1)} - {None}
    if not sources_a and not sources_b:
        return _speaker_swapped(a, b, region)
    return sources_a != sources_b  # "police said" -> "prosecutors said", not -> "officers"


def _speaker_swapped(a: list[Atom], b: list[Atom], region: Region) -> bool:
    """One noun swapped for another right before the same verb of saying, no source
    table knowing either ("the college said" -> "the commission said"): who speaks."""
    old, new = region.changed(0), region.changed(1)
    if len(old) != 1 or len(new) != 1:
        return False
    x, y = a[old[0]], b[new[0]]
    after_x = a[region.i2] if region.i2 < len(a) else None
    after_y = b[region.j2] if region.j2 < len(b) else None
    return (after_x is not None and after_y is not None and after_x.canon == after_y.canon
            and bool(speech_value(after_x)) and after_x.canon not in SPEECH_AS_NOUNS
            and x.cat == y.cat == "word" and not (
                is_function(x) or is_function(y) or x.name or y.name or x.initial or y.initial
                or x.canon in _NO_SPEAKER or y.canon in _NO_SPEAKER)
            and not any({x.canon, y.canon} <= family for family in body_families())
            and _heads_its_clause(a, old[0]) and _heads_its_clause(b, new[0]))


# Words before a verb of saying that say which report, not who ("Earliest estimates put
# the bill at" -> "First estimates"; "the latest report says")
_NO_SPEAKER = frozenset({"first", "earliest", "early", "initial", "latest", "last", "final",
                         "new", "recent", "preliminary", "official", "provisional"})


def _heads_its_clause(atoms: list[Atom], k: int) -> bool:
    """No preposition between the clause's start and ``k``: the word is who speaks, not
    a word of a phrase about them ("Businesses in the city's industrial [south] said")."""
    while k > 0 and atoms[k - 1].canon not in (",", ".", ";", ":", "—", "–", '"', "“", "”"):
        k -= 1
        if atoms[k].canon in PREPOSITIONS:
            return False
    return True
