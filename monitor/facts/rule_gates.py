"""What a rewrite rule needs in a text before it can match: a gate read once from its pattern.

The judge's surface and furniture rules (data/judge/surface_forms.txt, furniture.txt) run
on every sentence it compares, and most of them cannot match most sentences: a rule for
basis points needs "basis" or "bp", a rule for ordinals needs one of the ordinal words.
A regex scan costs microseconds; ``word in text`` on the folded (lower-cased) text costs
tens of nanoseconds.  So each rule's pattern is read once, at load time, into what any
text it matches must hold (:func:`gate_of`), and a sentence skips the rules whose gate it
fails (issue 10: the judge's cost per changed version).

A gate is only ever a *necessary* condition, derived from the parsed pattern, so skipping
a rule on a failed gate changes no output: where the pattern cannot be read safely (a
negated class, a back-reference, a character whose case folding the ``in`` test would not
see), that part gives no need and the gate is weaker or empty.  tests/test_rule_gates.py
checks it on every rule over the labelled sets' sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the parser's stubs live under its old public name
    import sre_constants as _c
    import sre_parse as _parser
else:  # re's own modules: sre_parse and sre_constants warn they are deprecated
    from re import _constants as _c
    from re import _parser

# Characters that IGNORECASE matches to an ASCII letter and whose ``str.lower()`` is no
# ASCII letter (found over every code point: tests/test_rule_gates.py), folded first so a
# word of the gate is still found in "fİfth" or "ſecond".
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})


def fold(text: str) -> str:
    """``text`` as gates test it: lower-cased, the letters above made ASCII."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


@dataclass(frozen=True, slots=True)
class Need:
    """A text holds one of ``words`` (in its folded form), or a digit when ``digit``."""

    words: frozenset[str] = frozenset()
    digit: bool = False

    def odds(self) -> float:
        """A rough chance that a news sentence meets it (only the order matters: the
        rarest needs are tested, so a gate skips the most sentences for its cost)."""
        if self.digit:
            return DIGIT_ODDS
        return min(1.0, sum(_word_odds(w) for w in self.words))


DIGIT_ODDS = 0.5
# A need met more often than this is not worth its ``in`` tests (" ", "a", "th"): each
# costs ~40 ns, a rule's scan ~1-8 us, so even a need that half the sentences meet pays.
USEFUL_ODDS = 0.8
# Needs kept for one rule: the second is tested only when the first passes.
MAX_NEEDS = 2


def _word_odds(word: str) -> float:
    """A single letter is in nearly every sentence, each further one makes a word rarer;
    punctuation other than a space is rare."""
    odds = 1.0
    for k, char in enumerate(word):
        if char.isascii() and char.isalpha():
            odds *= 0.25 if k else 0.9
        else:
            odds *= 0.9 if char == " " else 0.4 if char.isdigit() else 0.1
    return odds


@dataclass(frozen=True, slots=True)
class Gate:
    """What a text must hold for a rule to match: a digit (``digit``) and, for each of
    ``words``, one of its strings."""

    digit: bool
    words: tuple[tuple[str, ...], ...]


def gate_of(pattern: re.Pattern[str]) -> Gate:
    """The needs of ``pattern`` worth testing, rarest first."""
    needs = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    useful = sorted({n for n in needs if n.words and n.odds() <= USEFUL_ODDS},
                    key=lambda n: (n.odds(), sorted(n.words)))[:MAX_NEEDS]
    return Gate(digit=any(n.digit for n in needs),
                words=tuple(tuple(sorted(n.words, key=len)) for n in useful))


def _sequence(items: Any) -> list[Need]:
    """The needs of a sequence of pattern items: every one of them must match, so each
    need of each item holds, and each run of literal characters is a word of its own."""
    needs: list[Need] = []
    run: list[str] = []
    for op, arg in items:
        char = chr(arg) if op is _c.LITERAL else None
        if char is not None and _safe(char):
            run.append(char.lower())
            continue
        if op is _c.BRANCH and run:
            # the parser moves the alternatives' common start before them ("bps|bp" is
            # "b(?:ps|p)"): put it back, so each alternative reads as a whole word
            arg = (None, [[(_c.LITERAL, ord(c)) for c in run] + list(alternative)
                          for alternative in arg[1]])
        if run:
            needs.append(Need(frozenset({"".join(run)})))
            run = []
        needs.extend(_item(op, arg))
    if run:
        needs.append(Need(frozenset({"".join(run)})))
    return needs


def _item(op: Any, arg: Any) -> list[Need]:
    """The needs of one item that is not a safe literal character."""
    if op is _c.SUBPATTERN or op is _c.ATOMIC_GROUP:
        return _sequence(arg[-1] if op is _c.SUBPATTERN else arg)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _high, body = arg
        return _sequence(body) if low >= 1 else []
    if op is _c.ASSERT:  # a lookahead or lookbehind must hold in the text as well
        return _sequence(arg[1])
    if op is _c.IN:
        need = _char_class(arg)
        return [need] if need else []
    if op is _c.BRANCH:
        need = _branch(arg[1])
        return [need] if need else []
    return []  # ANY, AT, NOT_LITERAL, ASSERT_NOT, GROUPREF...: no need read


def _char_class(members: Any) -> Need | None:
    """A class of digits needs a digit; a class of safe characters needs one of them."""
    if all(_digit_member(op, arg) for op, arg in members):
        return Need(digit=True)
    if all(op is _c.LITERAL and _safe(chr(arg)) for op, arg in members):
        return Need(frozenset(chr(arg).lower() for _op, arg in members))
    return None


def _digit_member(op: Any, arg: Any) -> bool:
    if op is _c.CATEGORY:
        return bool(arg is _c.CATEGORY_DIGIT)
    if op is _c.LITERAL:
        return chr(arg).isdigit() and chr(arg).isascii()
    if op is _c.RANGE:
        return all(chr(end).isdigit() and chr(end).isascii() for end in arg)
    return False


def _branch(alternatives: Any) -> Need | None:
    """One of the alternatives matches: the union of the rarest need of each (all of
    words, or all a digit; an alternative with neither leaves the branch no need)."""
    best: list[Need] = []
    for alternative in alternatives:
        needs = _sequence(alternative)
        words = [n for n in needs if n.words]
        if words:
            best.append(min(words, key=Need.odds))
        elif any(n.digit for n in needs):
            best.append(Need(digit=True))
        else:
            return None
    if all(n.digit for n in best):
        return Need(digit=True)
    if any(n.digit for n in best):
        return None
    return Need(_shortest(frozenset().union(*(n.words for n in best))))


def _shortest(words: frozenset[str]) -> frozenset[str]:
    """Without the words that hold another of them ("bps" holds "bp"): a text with the
    longer one holds the shorter, so testing the shorter alone is the same need."""
    return frozenset(w for w in words if not any(o != w and o in w for o in words))


def _safe(char: str) -> bool:
    """A character whose every IGNORECASE match folds to it: ASCII (with _FOLD), or one
    that has no case at all ("°", "–", "’")."""
    return char.isascii() or char.lower() == char == char.upper()


def passes(gate: Gate, folded: str, has_digit: bool) -> bool:
    """Whether a text (``folded``: its :func:`fold`) meets ``gate``."""
    if gate.digit and not has_digit:
        return False
    return all(any(w in folded for w in words) for words in gate.words)
