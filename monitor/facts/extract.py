"""Sentence -> typed, normalised facts: extract_facts().

A version's sentences (its title, then its story sentences, boilerplate out) are read
into atoms (monitor.facts.reading) and facts read off them: each amount with its
qualifier and unit, each date, each run of names, each quotation, the source a claim
is attributed to, the status words of the claim, each restriction with the words it
governs.  A fact's key names its slot (kind plus the stable content words around it),
so the same slot can be followed across versions.

Why hand-written: dateparser.search_dates (1.1 s per article) and quantulum3
(0.35 s) are far too slow for the hot path and give no token offsets; the grammar
of dates and amounts in news copy is small enough for the rules in dates.py and
numbers.py.  Pure functions, no I/O (the word lists are package data).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from monitor.facts.atoms import STATUS_WORDS, Atom, is_function
from monitor.facts.attribution import attribution_span
from monitor.facts.context import Context, build_context
from monitor.facts.lexicon import CONDITION, FUNCTION_WORDS, QUALIFIER, SOURCES, SPEECH
from monitor.facts.names import name_runs
from monitor.facts.numbers import qualifier_start
from monitor.facts.reading import analyse_in_context, cached_atoms, relevant_context
from monitor.facts.vocabulary import FactKind
from monitor.facts.whole_sentences import CLAUSE_WORDS, clause_edge, opens_clause
from monitor.models import Document
from monitor.text import split_sentences, story_paragraphs


@dataclass(slots=True)
class Fact:
    """One typed fact of one version; JSON-serialisable via to_dict()/from_dict().

    ``key`` names the fact's slot (kind plus the words around it), so the same slot can
    be followed across versions: same key and another value is a change."""

    kind: FactKind
    value: str  # normalised value ("2024-11-19", "at least 12 killed", "not|will")
    span: str  # verbatim text carrying it
    sentence: str  # the sentence it was read from
    key: str  # stable slot identifier across versions
    sentence_index: int = 0  # position in the version (0 = title)
    details: dict[str, Any] = field(default_factory=dict)  # unit, qualifier, polarity...

    def to_dict(self) -> dict[str, Any]:
        # The dict asdict() makes, built directly: asdict's field-by-field recursion was a
        # fifth of storing a version (profiled, benchmarks/pipeline.py).
        return {"kind": self.kind, "value": self.value, "span": self.span,
                "sentence": self.sentence, "key": self.key,
                "sentence_index": self.sentence_index,
                "details": copy.deepcopy(self.details) if self.details else {}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields})


# Words that never name a fact's slot.
_NOT_SLOT = frozenset(FUNCTION_WORDS) | QUALIFIER | frozenset(SPEECH) | frozenset(SOURCES)


def _slot_words(atoms: list[Atom]) -> list[str | None]:
    """Each atom's stem if it may name a fact's slot, else None.  Names, sources, speech
    verbs and qualifiers are left out: they are facts that change themselves, and a slot
    must survive them changing ("a U.S. official confirmed on Nov. 19" -> "Pentagon
    spokesperson X confirmed on Nov. 19" keeps the date's slot)."""
    return [a.canon[:5] if a.cat == "word" and not a.name and a.canon not in _NOT_SLOT
            else None for a in atoms]  # (a stem: the first five letters)


def _slot(words: list[str | None], i: int, j: int, width: int = 2) -> str:
    """Stable content words around atoms[i:j] (``words`` from _slot_words): the fact's
    slot in its sentence."""
    before = [w for w in words[max(0, i - 8):i] if w is not None][-width:]
    after = [w for w in words[j:j + 8] if w is not None][:width]
    before.append("_")
    before.extend(after)
    return " ".join(before)


_FLAT = (str, int, float, bool, type(None))


def _copy_details(details: dict[str, Any]) -> dict[str, Any]:
    for value in details.values():
        if not isinstance(value, _FLAT):
            return copy.deepcopy(details)
    return dict(details)  # the usual case: a shallow copy is a deep one


def _sentence_facts(sentence: str, index: int, ctx: Context) -> list[Fact]:
    """The facts of one sentence.  Versions of a story share most sentences, so each
    sentence is read once per relevant context (profiled: re-reading every sentence was
    most of storing an edited 800-word version); the cache holds rows, each caller gets
    Facts of its own (and copies of their details)."""
    names, acronyms = relevant_context(sentence, ctx)
    rows = _cached_sentence_facts(sentence, ctx.anchor, names, acronyms)
    return [Fact(kind, value, span, sentence, key, index,
                 _copy_details(details) if details else {})
            for kind, value, span, key, details in rows]


# Sentences whose analysis is kept (per cache below).  Measured (benchmarks/memory.py):
# at 20,000 the four sentence caches held ~135 MB and took `monitor run` over 1,000 feeds to
# 306 MiB peak; 4,096 (~28 MB) still covers the recent versions of the stories that change.
SENTENCE_CACHE = 4096

# What a word outside quotes is to _fact_rows, for the words that are something: its
# status value, a restriction ("non-" words are too, tested apart), a speech word.
_ROLES: dict[str, tuple[str | None, bool, bool]] = {
    word: (STATUS_WORDS.get(word), word in CONDITION or word.startswith("non-"), word in SPEECH)
    for word in {*STATUS_WORDS, *CONDITION, *SPEECH}}

# A fact of one sentence as the cache holds it: kind, value, span, key (made unique in
# its sentence) and details; its sentence and position are the caller's.
_Row = tuple[FactKind, str, str, str, dict[str, Any]]


@lru_cache(maxsize=SENTENCE_CACHE)
def _cached_sentence_facts(sentence: str, anchor: date | None, names: frozenset[str],
                           acronyms: frozenset[str]) -> tuple[_Row, ...]:
    # (names and acronyms are already the sentence's own: read its atoms directly)
    return tuple(_fact_rows(sentence, cached_atoms(sentence, anchor, names, acronyms)))


def _read_sentence_facts(sentence: str, index: int, ctx: Context) -> list[Fact]:
    return _facts_of_atoms(sentence, analyse_in_context(sentence, ctx), index)


def _facts_of_atoms(sentence: str, atoms: list[Atom], index: int) -> list[Fact]:
    return [Fact(kind, value, span, sentence, key, index, details)
            for kind, value, span, key, details in _fact_rows(sentence, atoms)]


def _fact_rows(sentence: str, atoms: list[Atom]) -> list[_Row]:
    """The facts of a sentence's atoms, in order, their keys unique in the sentence (as
    _dedupe_keys makes them, while they are made)."""
    slot_words = _slot_words(atoms)
    rows: list[_Row] = []
    seen: dict[str, int] = {}

    def add(kind: FactKind, value: str, i: int, j: int, details: dict[str, Any] | None = None
            ) -> None:
        span = sentence[atoms[i].start:atoms[j - 1].end]
        # An entity is its own slot (it is there or not); other facts sit in their words,
        # a restriction in those before it only: what follows it is often the next
        # restriction, which changes on its own ("... territory | and away from ...").
        after = len(atoms) if kind == "condition" else j
        key = f"{kind}:{value if kind == 'entity' else _slot(slot_words, i, after)}"
        n = seen.get(key, 0)
        if n and kind == "entity":
            return  # named again: one fact (see _dedupe_keys)
        seen[key] = n + 1
        rows.append((kind, value, span, f"{key}#{n + 1}" if n else key,
                     {} if details is None else details))

    # One pass over the atoms: amounts and dates become facts in order; the quotation
    # marks, status words, restrictions and speech words are noted for the facts that
    # come after the names (the order of a sentence's facts is part of their keys).
    quote_marks: list[int] = []
    statuses: list[tuple[int, str]] = []
    conditions: list[int] = []
    speech: list[int] = []
    for k, atom in enumerate(atoms):
        cat = atom.cat
        if cat == "word":
            if not atom.in_quote:
                # status_value, is_condition and attribution_span's test, asked of
                # every word: inlined
                canon = atom.canon
                if roles := _ROLES.get(canon):
                    status, condition, said = roles
                    if status:
                        statuses.append((k, status))
                    if condition:
                        conditions.append(k)
                    if said:
                        speech.append(k)
                elif canon.startswith("non-"):
                    conditions.append(k)
        elif cat == "num":
            i, j = qualifier_start(atoms, k), k + 1
            if j < len(atoms) and atoms[j].cat == "word" and not is_function(atoms[j]):
                j += 1
            qualifier = " ".join(a.canon for a in atoms[i:k])
            unit = " ".join(a.canon for a in atoms[k + 1:j])
            add("number", " ".join(filter(None, [qualifier, atom.value, unit])), i, j,
                {"amount": atom.value, "qualifier": qualifier, "unit": unit})
        elif cat == "date":
            add("date", atom.value, k, k + 1)
        elif cat == "quote":
            quote_marks.append(k)
    for i, j in name_runs(atoms):
        add("entity", " ".join(a.canon for a in atoms[i:j]), i, j)
    quote_start = None
    for k in quote_marks:
        if quote_start is None or (atoms[k].text == "“"):
            quote_start = k
        else:
            words = [a.canon for a in atoms[quote_start + 1:k] if a.cat != "punct"]
            if len(words) >= 1:
                add("quote", " ".join(words), quote_start, k + 1)
            quote_start = None
    source = attribution_span(atoms, speech) if speech else None
    if source:
        i, j = source
        add("attribution", " ".join(a.canon for a in atoms[i:j]), i, j)
    if statuses:
        first, last = statuses[0][0], statuses[-1][0] + 1
        add("status", "|".join(sorted({v for _, v in statuses if v})), first, last)
    covered = 0
    for k in conditions:
        if k < covered:
            continue  # a marker inside the restriction before it ("only within ...")
        j = covered = _restriction_end(atoms, k)
        add("condition", " ".join(a.canon for a in atoms[k:j]), k, j)
    return rows


def _restriction_end(atoms: list[Atom], k: int) -> int:
    """Where the restriction whose marker is atoms[k] ends: at its clause's end (a
    comma, a full stop, a word opening another clause), or where "and"/"or" brings the
    next restriction ("only within Ukrainian territory | and away from populated areas"),
    never on a function word, and within CLAUSE_WORDS words.  A list stays whole: "only in
    Ukraine and Poland", "within Ukrainian territory and in contested border regions"."""
    j = k + 1
    while j < len(atoms) and j - k <= CLAUSE_WORDS and not clause_edge(atoms, j) and not (
            _joins_restriction(atoms, j) if atoms[j].canon in _JOINERS
            else opens_clause(atoms, j)):
        j += 1
    while j > k + 1 and is_function(atoms[j - 1]):
        j -= 1
    return j


_JOINERS = frozenset({"and", "or"})


def _joins_restriction(atoms: list[Atom], j: int) -> bool:
    """atoms[j] ("and", "or") brings a restriction of its own, or a clause: "and away
    from", "and only if", "and the ban expires"."""
    following = atoms[j + 1] if j + 1 < len(atoms) else None
    return following is None or _ROLES.get(following.canon, (None, False, False))[1] or (
        following.canon in _CLAUSE_SUBJECTS)


# Words after "and" that open a clause of their own rather than continue a list.
_CLAUSE_SUBJECTS = frozenset({"it", "they", "he", "she", "we", "i", "you", "there"})


def _dedupe_keys(facts: list[Fact]) -> list[Fact]:
    """Each fact's key made unique in the version ("#2" for the second of a slot); an
    entity is its own slot, there or not, so only its first mention is kept (the headline
    and the body naming the Pentagon are one fact, not two rows of `history --facts`)."""
    seen: dict[str, int] = {}
    kept: list[Fact] = []
    for fact in facts:
        n = seen.get(fact.key, 0)
        seen[fact.key] = n + 1
        if n and fact.kind == "entity":
            continue
        if n:
            fact.key = f"{fact.key}#{n + 1}"
        kept.append(fact)
    return kept


def extract_facts(doc: Document) -> list[Fact]:
    """The facts of one version: its title, then its story sentences (boilerplate out)."""
    ctx = build_context(doc)
    facts: list[Fact] = []
    sentences = [doc.title] if doc.title.strip() else []
    for paragraph in story_paragraphs(doc.title, doc.text):
        sentences.extend(split_sentences(paragraph))
    for index, sentence in enumerate(sentences):
        position = index if doc.title.strip() else index + 1
        facts.extend(_sentence_facts(sentence, position, ctx))
    return _dedupe_keys(facts)
