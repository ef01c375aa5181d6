"""What an analysis needs to know about the whole story, not just one sentence.

The publish date resolves "on Tuesday" and "in January"; the words seen capitalised
mid-sentence tell a name opening a sentence ("Kyiv said") from a common word; the
acronyms in use let "United States" and "U.S." be one name.  Built from both versions
of a story, so that a sentence reads the same on either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from monitor.facts.lexicon import INITIAL_SKIP, is_common_word
from monitor.models import Document


@dataclass(slots=True)
class Context:
    """What an analysis needs to know about the whole story (both versions)."""

    anchor: date | None = None  # publish date: resolves "on Tuesday", "in January"
    names: frozenset[str] = frozenset()  # words seen capitalised mid-sentence
    acronyms: frozenset[str] = frozenset()  # "us", "nato", "who": short forms in use


# Both begin with the capital they need, so that the regex engine skips ahead to the
# next capital instead of trying the pattern at every character (same matches, measured
# on 29,000 farm and real texts: 1.6x and 1.8x faster).
_MIDCAP = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[\w'’-]+")  # a capital after "x " / ", "
# (never a time's "AM" or "PM" after its hour: "Affairs Minister" is not "10 AM")
_ACRONYM = re.compile(r"(?=[A-Z])(?!(?<=\d)[AP]\.?M\b|(?<=\d )[AP]\.?M\b)"
                      r"(?:\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b)")


def build_context(*documents: Document) -> Context:
    anchor = next((d.published for d in documents if d.published), None)
    names: set[str] = set()
    acronyms: set[str] = set()
    title_cased: set[str] = set()
    initials: set[str] = set()
    for doc in documents:
        for text in (doc.title, doc.text):
            text_names, text_acronyms = _context_words(text)
            names.update(text_names)
            acronyms.update(text_acronyms)
            text_title_cased, text_initials = _title_cased_acronyms(text)
            title_cased.update(text_title_cased)
            initials.update(text_initials)
    return Context(anchor=anchor.date() if isinstance(anchor, datetime) else anchor,
                   names=frozenset(names), acronyms=frozenset(acronyms | (title_cased & initials)))


# An acronym written as a word, British style ("Nato", "Unicef", "Cebr"), is taken for one
# only where the story spells out a name of those initials ("[Legal & General and the]
# Centre for Economics and Business Research"), and never when it is a word ("Task").
# Three letters are written in capitals ("BBC"), which _ACRONYM reads.
_TITLE_CASED = re.compile(r"\b[A-Z][a-z]{3,5}\b")
_SKIPPED = "|".join(sorted(INITIAL_SKIP))  # the small words a name keeps inside it
_NAME_RUN = re.compile(rf"[A-Z][\w'’-]*(?:\s+(?:(?:{_SKIPPED})\s+)*[A-Z][\w'’-]*){{2,}}")


@lru_cache(maxsize=256)
def _title_cased_acronyms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The title-cased short words of one text that are no English word, and the initials
    (four to six letters) of every part of its runs of three or more capitalised words,
    lower-cased; cached like _context_words."""
    initials: set[str] = set()
    for run in _NAME_RUN.findall(text):
        letters = "".join(w[0] for w in run.split() if w.lower() not in INITIAL_SKIP).lower()
        initials.update(letters[i:j] for i in range(len(letters))
                        for j in range(i + 4, min(len(letters), i + 6) + 1))
    words = frozenset(w.lower() for w in _TITLE_CASED.findall(text) if not is_common_word(w))
    return words, frozenset(initials)


@lru_cache(maxsize=256)
def _context_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Names and acronyms of one text (cached: a version is read by extraction and by
    two diffs)."""
    # findall: the strings without a match object each
    return (frozenset(map(str.lower, _MIDCAP.findall(text))),
            frozenset(found.replace(".", "").lower() for found in _ACRONYM.findall(text)))

