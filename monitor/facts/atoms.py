"""Atoms: the units a sentence is read into, and what one atom means.

An atom is one word or punctuation mark, except that a date ("Nov. 19, 2024") or an
amount ("$425 million") is one atom whose canonical form is its value, and a
multi-word name with a short form in use ("United States" when "U.S." appears) is one
atom whose canonical form is that short form.  The lookups below say what one atom
means to the diff: its status, speech, source and condition groups (data/).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.facts.lexicon import (
    CONDITION,
    CONDITION_MEANING,
    DAYS_IN_UNIT,
    FUNCTION_WORDS,
    PERIOD_MARKS,
    PHRASAL,
    SOURCES,
    SPEECH,
    STATUS,
)
from monitor.facts.vocabulary import AtomCategory

# An atom range [i, j) to merge into one atom of a category, with its value.
Span = tuple[int, int, AtomCategory, str]


@dataclass(slots=True)
class Atom:
    """One unit of a sentence as the diff sees it."""

    canon: str  # canonical form compared between versions
    text: str  # verbatim
    start: int  # character offsets in the analysed text
    end: int
    cat: AtomCategory
    cap: bool = False  # written with a capital
    initial: bool = False  # first word of a sentence (capital tells nothing)
    name: bool = False  # part of a proper name
    in_quote: bool = False
    value: str = ""  # for num/date: the normalised value
    noun: bool = False  # a speech word used as a noun ("each claim", "the report")
    plain: bool = False  # a state or restriction word in another sense ("ahead of" the
    # vote: no lead; an explosion "outside" a hotel, a patient "in critical condition")


def rebuild(atoms: list[Atom], spans: list[Span]) -> list[Atom]:
    """Replace atom ranges [i, j) by one atom of category cat with value."""
    if not spans:
        return atoms
    out: list[Atom] = []
    k = 0
    for i, j, cat, value in sorted(spans):
        if i < k:
            continue
        out.extend(atoms[k:i])
        first, last = atoms[i], atoms[j - 1]
        text = join_text(atoms[i:j])
        merged = Atom(f"<{cat}:{value}>", text, first.start, last.end, cat,
                      initial=first.initial, value=value, cap=first.cap,
                      name=cat == "name")
        out.append(merged)
        k = j
    out.extend(atoms[k:])
    return out


def join_text(atoms: list[Atom]) -> str:
    parts = []
    for prev, atom in zip([None, *atoms], atoms, strict=False):
        if prev is not None and atom.start > prev.end:
            parts.append(" ")
        parts.append(atom.text)
    return "".join(parts)


def is_word(atom: Atom) -> bool:
    """A word, an amount or a date (not punctuation or a quotation mark)."""
    return atom.cat in ("word", "num", "date")


def is_function(atom: Atom) -> bool:
    return atom.cat == "punct" or atom.cat == "quote" or (
        atom.cat == "word" and atom.canon in FUNCTION_WORDS)


# A word's status value: data/status.txt, then the phrasal verbs (the two tables share no
# word and hold no empty value, so one merged lookup gives what asking each in turn did).
STATUS_WORDS: dict[str, str] = {**PHRASAL, **STATUS}


def status_value(atom: Atom) -> str | None:
    return STATUS_WORDS.get(atom.canon) if atom.cat == "word" and not atom.plain else None


def speech_value(atom: Atom) -> str | None:
    return SPEECH.get(atom.canon) if atom.cat == "word" and not atom.noun else None


def source_value(atom: Atom) -> str | None:
    return SOURCES.get(atom.canon) if atom.cat == "word" else None


def is_condition(atom: Atom) -> bool:
    return atom.cat == "word" and not atom.plain and (
        atom.canon in CONDITION or atom.canon.startswith("non-"))


def condition_value(atom: Atom) -> str | None:
    """The restriction a word makes ("solely" and "only" make the same one)."""
    if atom.cat != "word" or atom.plain:
        return None
    return CONDITION_MEANING.get(atom.canon) or (
        atom.canon if atom.canon.startswith("non-") else None)


def has_value(atoms: list[Atom]) -> bool:
    """Whether any of the atoms is an amount or a date."""
    return any(x.cat in ("num", "date") for x in atoms)


def after_period_mark(atoms: list[Atom], k: int) -> bool:
    """atoms[k] is a span of time's word after the word that makes it a rate or a length
    ("every [month]", "once a [week]", "a [day] after")."""
    return 0 < k < len(atoms) and atoms[k].cat == "word" and (
        atoms[k].canon in DAYS_IN_UNIT) and atoms[k - 1].canon in PERIOD_MARKS
