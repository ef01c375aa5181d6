"""Questions and explainers: a headline that asks or explains rather than
states, a question naming no fact, a state asked about rather than stated.
"""

from __future__ import annotations

import re

from monitor.facts.compare import same_facts
from monitor.facts.context import Context
from monitor.facts.judge.versions import Versions, headline_label
from monitor.facts.lexicon import QUESTION_OPENERS
from monitor.facts.reading import analyse_in_context
from monitor.facts.signatures import (
    counted_amounts,
    is_question,
    question_signature,
    surface_normal,
    title_cased,
)
from monitor.models import Change

# A headline that explains or asks rather than states: "Why X might not be ...", "How X
# ...", "X is mutating. Here's what that means", "What we know about X".
_EXPLAINER = re.compile(
    r"^(?:why|how|what|who|where|which)\b|\b(?:here'?s|here is) (?:what|why|how)\b"
    r"|\bwhat (?:we|you) (?:know|need to know)\b", re.IGNORECASE)


def explains(headline: str) -> bool:
    normal = surface_normal(headline)
    return is_question(normal) or _EXPLAINER.search(normal.replace("’", "'")) is not None


def asked_same(old: str, new: str, ctx: Context) -> bool:
    """Two asking headlines about the same things: the same names and dates, and the same
    amounts (a number in a question is a fact it takes for granted: "Why 12 died")."""
    a = analyse_in_context(surface_normal(old), ctx)
    b = analyse_in_context(surface_normal(new), ctx)
    title_case = title_cased(a) or title_cased(b)
    return same_facts(question_signature(a, title_case), question_signature(b, title_case)) and (
        counted_amounts(a) == counted_amounts(b))


_SENTENCE_END = re.compile(r"[.!?:]")


def asked_without_facts(change: Change, versions: Versions) -> bool:
    """A question added or dropped that names no amount, date, name or quotation: the
    scope or figure a question names is news to the labellers ("How does contact
    tracing work in England?" -> "... work?"), its wording is not."""
    value, sentence = change.old or change.new or "", change.old_sentence or (
        change.new_sentence or "")
    if not _asked(value, sentence):
        return False
    sig = versions.signature(value, sentence)
    return not (sig.amounts or sig.dates or sig.names or sig.quoted or sig.conditions)


def asked_state(change: Change) -> bool:
    """Each side of a status change that is there lies in a clause that asks ("Can you
    really keep children 2m apart?", "What are the symptoms?" -> "What are they and how
    long should I self-isolate?"), not in one stated before the question ("Theatre bosses
    say X - so can they stay afloat?" states X)."""
    sides = [(value, sentence) for value, sentence in (
        (change.old, change.old_sentence), (change.new, change.new_sentence)) if value]
    return bool(sides) and all(
        sentence is not None and _asking_clause(value, sentence) for value, sentence in sides)


# what ends the clause before a question: a sentence's end, a colon, a dash between spaces
_CLAUSE_END = re.compile(r"[.!?:;]\s|\s[-–—]\s")


def _asking_clause(value: str, sentence: str) -> bool:
    at = sentence.find(value)
    if at < 0 or not _asked(value, sentence):
        return False
    start = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, at + 1)), default=0)
    if label := headline_label(sentence[start:]):  # "House price drops: Who's at risk?"
        start = sentence.index(":", start + len(label)) + 1
    first = sentence[start:at + len(value)].split(maxsplit=1)
    # ("Who's at risk?": an opener contracted with its verb)
    opener = _CONTRACTED.sub("", first[0].strip("\"'‘“(").lower()) if first else ""
    return opener in QUESTION_OPENERS


_CONTRACTED = re.compile(r"['’](?:s|re|ll|d|ve)$")


def _asked(value: str, sentence: str) -> bool:
    """``value`` lies in a question: the first sentence end (or colon) after it is a
    question mark ("A nation's history is called into question. Will demands be
    heard?"; not "Victoria locks down: what are the rules now?")."""
    at = sentence.find(value) if value else -1
    if at < 0:
        return False
    end = _SENTENCE_END.search(sentence, at + len(value))
    return end is not None and end.group(0) == "?"
