"""Comparing what two spans state: the same facts, one name within another.

The judge (monitor.facts.judge) and its source readings (monitor.facts.sources) compare
fact signatures (monitor.facts.signatures) with these: the same facts whatever the
wording, a name that is a part, an acronym or a clipping of another, the words of a span.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from monitor.facts.judge_data import opposed_states, soft_states
from monitor.facts.lexicon import ANY_CURRENCY, CURRENCY_UNITS, FUNCTION_WORDS
from monitor.facts.names import NAME_CONNECTORS
from monitor.facts.signatures import Signature


def same_facts(a: Signature, b: Signature) -> bool:
    return (a.amounts == b.amounts and a.dates == b.dates and same_names(a.names, b.names)
            and a.negations == b.negations and a.modality == b.modality
            and a.states == b.states and a.conditions == b.conditions and a.scope == b.scope
            and a.quoted == b.quoted and a.nouns == b.nouns and a.sources == b.sources
            and a.logic == b.logic)


def same_names(a: frozenset[str], b: frozenset[str]) -> bool:
    return all(named_in(name, b) for name in a) and all(named_in(name, a) for name in b)


def named_in(name: str, others: Iterable[str]) -> bool:
    """``name`` is one of ``others``, or a part or an acronym of one ("Biden" in "Joe
    Biden", "CDC" of "Centers for Disease Control")."""
    if isinstance(others, frozenset) and name.strip():
        return _named_in_set(name, others)
    words = tuple(name.split())
    return any(_names_one(name, words, other, tuple(other.split())) for other in others)


@lru_cache(maxsize=8192)
def _named_in_set(name: str, others: frozenset[str]) -> bool:
    """``named_in`` of a set of names, once per name and set: the judge asks about the
    same names against a version's or a sentence's names for every change it judges
    (nine in ten of its questions over judge_cost's pairs are repeats)."""
    return _named_in_index(name, tuple(name.split()), _NameIndex.of(others))


def _names_one(name: str, words: tuple[str, ...], other: str,
               other_words: tuple[str, ...]) -> bool:
    """``name`` (of ``words``) is ``other``, a part or an acronym of it, or the other way."""
    if name == other or set(words) <= set(other_words) or set(other_words) <= set(words):
        return True
    if len(words) == 1 and abbreviates(name, other_words):
        return True
    return len(other_words) == 1 and abbreviates(other, words)


@dataclass(frozen=True, slots=True)
class _NameIndex:
    """A set of names looked up by word and by initial.  A version's names (hundreds in a
    long article) are asked about again and again, and a name can only match one that
    shares a word with it (the part of a name, or a name holding the other's words) or,
    for an acronym or a clipping, one with a word starting with the short name's first
    letter (profiled: testing every name was a tenth of the judge's time)."""

    by_word: dict[str, tuple[_Entry, ...]]
    by_initial: dict[str, tuple[_Entry, ...]]  # every name, by each of its words' initials
    single_by_initial: dict[str, tuple[_Entry, ...]]  # the one-word names
    has_empty: bool

    @staticmethod
    @lru_cache(maxsize=1024)  # the same versions' names, asked about for every change
    def of(names: frozenset[str]) -> _NameIndex:
        by_word: dict[str, list[_Entry]] = {}
        by_initial: dict[str, list[_Entry]] = {}
        single: dict[str, list[_Entry]] = {}
        for name in names:
            words = tuple(name.split())
            for word in dict.fromkeys(words):
                by_word.setdefault(word, []).append((name, words))
            for initial in dict.fromkeys(word[0] for word in words):
                by_initial.setdefault(initial, []).append((name, words))
            if len(words) == 1:
                single.setdefault(name[0], []).append((name, words))
        return _NameIndex(_frozen(by_word), _frozen(by_initial), _frozen(single),
                          any(not name.split() for name in names))


_Entry = tuple[str, tuple[str, ...]]  # a name and its words


def _frozen(table: dict[str, list[_Entry]]) -> dict[str, tuple[_Entry, ...]]:
    return {key: tuple(entries) for key, entries in table.items()}


def _named_in_index(name: str, words: tuple[str, ...], index: _NameIndex) -> bool:
    """``named_in`` over an index: only the names that can match are tested, each test
    the same as ``_names_one``."""
    if index.has_empty:
        return True  # an empty name is a part of every name
    candidates = [entry for word in dict.fromkeys(words) for entry in index.by_word.get(word, ())]
    if len(words) == 1:  # an acronym or clipping of a longer name, or the other way
        candidates += index.by_initial.get(name[0], ())
    else:  # a one-word name may abbreviate this one
        candidates += [entry for initial in dict.fromkeys(w[0] for w in words)
                       for entry in index.single_by_initial.get(initial, ())]
    return any(_names_one(name, words, other, other_words)
               for other, other_words in candidates)


@lru_cache(maxsize=16384)  # a story's names meet each other again in every judged change
def abbreviates(short: str, words: tuple[str, ...]) -> bool:
    """``short`` is the acronym of ``words`` ("cdc"), the clipped first letters of one of
    them ("vic" of "victoria", "nat" of "national") or a run of their first syllables
    ("caricom" of "caribbean community", "europol" of "european police office")."""
    content = [w for w in words if w not in NAME_CONNECTORS]
    initials = "".join(w[0] for w in content)
    if len(short) >= 2 and initials.startswith(short):
        return True
    if len(short) >= 3 and any(w.startswith(short) and len(w) > len(short) for w in words):
        return True
    return len(short) >= 5 and _syllabic(short, content)


def _syllabic(short: str, words: list[str]) -> bool:
    """``short`` is the beginnings of two or more consecutive ``words``, each at least
    two letters of it, in order ("caricom" = "cari" + "com")."""
    if not any(w.startswith(short[:2]) for w in words):
        return False  # the common case, without the search
    def rest_from(k: int, text: str, parts: int) -> bool:
        if not text:
            return parts >= 2
        if k == len(words):
            return False
        word = words[k]
        return any(word.startswith(text[:n]) and rest_from(k + 1, text[n:], parts + 1)
                   for n in range(min(len(word), len(text)), 1, -1))
    return any(rest_from(k, short, 0) for k in range(len(words)))


def function_word(word: str) -> bool:
    return word in FUNCTION_WORDS or len(word) < 3


def plain_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def swapped_words(old: str | None, new: str | None) -> tuple[list[str], list[str]]:
    """The words of ``old`` that ``new`` lacks, and those of ``new`` that ``old`` lacks,
    each in order: what an edit swapped ("is raising prices" -> "is lowering prices":
    ["raising"], ["lowering"])."""
    old_words, new_words = plain_words(old or ""), plain_words(new or "")
    return ([w for w in old_words if w not in new_words],
            [w for w in new_words if w not in old_words])


def hardened(sig: Signature) -> Signature:
    """``sig`` without its soft states and soft modality (soft_states.txt), but for a
    deliberation beside an event state: "is reviewing an application to authorize" is
    not yet "has authorized"."""
    soft = soft_states()
    if soft.isdisjoint(sig.states) and soft.isdisjoint(sig.modality):
        return sig  # the common case, without a copy (the judge's hot path)
    events = sig.states - soft
    kept = sig.states & _DELIBERATION if events else frozenset()
    return replace(sig, states=events | kept, modality=sig.modality - soft)


_DELIBERATION = frozenset({"consider"})  # a state still weighed, not decided

# An amount's value as signatures write it: a unit before or after the number ("$5",
# "dram780000", "300lek", "640000000")
_AMOUNT = re.compile(r"^(?P<qualifier>[^:]*):(?P<before>\D*?)(?P<number>\d+(?:\.\d+)?)"
                     r"(?P<after>\D*)$")


def currencies_aligned(a: Signature, b: Signature) -> tuple[Signature, Signature]:
    """``a`` and ``b`` with the currency dropped from an amount the other side gives with
    no unit at all ("CZK 640 million" beside "640 million crowns", a currency word no table
    reads alone), and from every amount in the generic sign ("¤": "P10,000" beside "10,000
    pula"): the same sum, its currency named one way on one side only."""
    if not a.amounts and not b.amounts:
        return a, b  # the common case, without a copy
    a, b = replace(a, amounts=_without_currency(a.amounts, set())), replace(
        b, amounts=_without_currency(b.amounts, set()))  # "¤" tells no currency
    bare_a, bare_b = _bare_amounts(a), _bare_amounts(b)
    return (replace(a, amounts=_without_currency(a.amounts, bare_b)),
            replace(b, amounts=_without_currency(b.amounts, bare_a)))


def _bare_amounts(sig: Signature) -> set[str]:
    return {key for key in sig.amounts
            if (m := _AMOUNT.match(key)) and not m["before"] and not m["after"]}


def _without_currency(amounts: Counter[str], bare: set[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for key, n in amounts.items():
        m = _AMOUNT.match(key)
        plain = f"{m['qualifier']}:{m['number']}" if m else key
        unit = (m["before"] or m["after"]) if m else ""
        currency = unit in CURRENCY_UNITS
        out[plain if currency and (plain in bare or unit == ANY_CURRENCY) else key] += n
    return out



def states_opposed(old: frozenset[str], new: frozenset[str]) -> bool:
    """One version states what the other contradicts, among the framing states that
    ``hardened`` sets aside ("is raising prices" -> "is lowering prices"; "held rates" ->
    "raised rates"): each side names one state of an opposed pair that the other lacks."""
    return any(pair & (old - new) and pair & (new - old) for pair in opposed_states())
