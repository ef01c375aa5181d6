"""Edits that change no fact, recognised from the edited words alone.

Spelling and compounds ("land mines" / "landmines"), a kicker in front of a headline
("Coronavirus: ..."), one word misspelt ("prosectuors"), an abbreviation written out
("Sgt." / "Sergeant").
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from monitor.facts.atoms import Atom, is_condition, status_value
from monitor.facts.judge import distinct_known_names, reversed_by_prefix


def squashed(atoms: list[Atom]) -> str:
    """Text without spaces, hyphens or case: "land mines" = "landmines" = "land-mines"."""
    return "".join(x.text for x in atoms).replace("-", "").replace(".", "").lower()


def is_label(atoms: list[Atom], changed: list[int]) -> bool:
    """A kicker or tag in front of a headline: "Coronavirus: ...", "[UPDATED] ..."."""
    if not changed or changed[0] != 0 or len(changed) > 5:
        return False
    last = atoms[changed[-1]]
    return last.canon in (":", "|", "]", "-") and changed == list(range(changed[-1] + 1))


def without_typos(a: list[Atom], b: list[Atom], ka: list[int],
                   kb: list[int]) -> tuple[list[int], list[int]]:
    """Drop pairs of words that are one word misspelt ("prosectuors" / "prosecutors"),
    so that what else changed with them is judged alone."""
    left_b = list(kb)
    kept_a = []
    for k in ka:
        match = next((m for m in left_b if is_typo([a[k]], [b[m]])), None)
        if match is None:
            kept_a.append(k)
        else:
            left_b.remove(match)
    kept_a, left_b = _phrasal_typos(a, b, kept_a, left_b)
    left_b, kept_a = _phrasal_typos(b, a, left_b, kept_a)
    return kept_a, left_b


def _phrasal_typos(a: list[Atom], b: list[Atom], ka: list[int],
                   kb: list[int]) -> tuple[list[int], list[int]]:
    """A verb of two words or more read as one ("looking for", "make landfall") against
    one of its words misspelt, which no longer reads as that verb ("lokoing" "for", "make"
    "lnadfall"): one word misspelt too."""
    for k in [k for k in ka if " " in a[k].canon]:
        words = a[k].canon.split()
        for m in kb:
            parts = list(range(m, m + len(words)))
            if not all(p in kb for p in parts):
                continue
            slips = [(w, b[p].canon) for w, p in zip(words, parts, strict=True)
                     if w != b[p].canon]
            if len(slips) == 1 and _misspelt_word(*slips[0]):
                ka = [x for x in ka if x != k]
                kb = [x for x in kb if x not in parts]
                break
    return ka, kb


def _misspelt_word(a: str, b: str) -> bool:
    """One word of five letters or more misspelt: a state word's typo, which reads as no
    state, is held to this closer likeness than other words."""
    return min(len(a), len(b)) >= 5 and OSA.normalized_similarity(a, b) >= 0.85


def is_typo(ra: list[Atom], rb: list[Atom]) -> bool:
    if len(ra) != 1 or len(rb) != 1 or ra[0].cat != "word" or rb[0].cat != "word":
        return False
    x, y = ra[0], rb[0]
    if distinct_known_names(x.text, y.text):
        return False  # "Iran" -> "Iraq", "Austria" -> "Australia": another place
    if reversed_by_prefix(x.canon, y.canon):
        return False  # "vaccinated" -> "unvaccinated": the opposite, not a misspelling
    if _compass_points(x.canon) != _compass_points(y.canon):
        return False  # "Northwestern" -> "Northeastern": another point, another name
    if status_value(x) != status_value(y) or is_condition(x) != is_condition(y):
        # a misspelt state word ("anounced") has no status; a real swap has two
        one_known = status_value(x) is None or status_value(y) is None
        return one_known and _misspelt_word(x.canon, y.canon)
    return min(len(x.canon), len(y.canon)) >= 4 and OSA.normalized_similarity(
        x.canon, y.canon) >= 0.8


_COMPASS = re.compile(r"north|south|east|west")


def _compass_points(word: str) -> list[str]:
    return _COMPASS.findall(word)


def abbreviates(short: Atom, full: Atom) -> bool:
    """Whether ``short`` is written as an abbreviation of ``full``: its letters, in
    order, from the full word's first letter on ("Sgt." / "Sergeant")."""
    if short.cat != "word" or full.cat != "word" or not (
            short.text.endswith(".") or not set(short.canon) & set("aeiou")):
        return False  # written with a dot, or all consonants ("Cllr", "Sgt")
    letters, word = short.canon, full.canon
    if len(letters) < 2 or len(word) <= len(letters) or letters[0] != word[0]:
        return False
    rest = iter(word)
    return all(ch in rest for ch in letters)
