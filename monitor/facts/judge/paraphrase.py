"""Words that tell one event, read alike: the members of a paraphrase group
("capsized"/"overturned"), and "50m" read as metres where the other sentence says metres.
"""

from __future__ import annotations

import re
from functools import lru_cache

from monitor.facts.compare import plain_words
from monitor.facts.judge_data import context_paraphrases, paraphrase_groups
from monitor.facts.lexicon import FUNCTION_WORDS, STATUS
from monitor.facts.signatures import surface_normal
from monitor.facts.sources import PRONOUNS


def paraphrased(old: str, new: str) -> bool:
    """The two sentences are one but for members of a paraphrase group (and the pronoun
    a phrasal one may hold): "should throw them away" -> "should discard them"."""
    said = said_alike(old, new)
    if said == (old, new):
        return False

    def words(text: str) -> list[str]:
        return [w for w in plain_words(surface_normal(text)) if w not in PRONOUNS]
    return words(said[0]) == words(said[1])


@lru_cache(maxsize=2048)
def word_set(text: str) -> frozenset[str]:
    return frozenset(plain_words(text))


@lru_cache(maxsize=1024)  # half the judge's calls repeat a pair of sentences (paraphrased
def said_alike(old: str, new: str) -> tuple[str, str]:  # and then the facts told alike)
    """The two sentences with the members of a paraphrase group read as the group's name
    where each sentence uses another member of it ("the ferry capsized" / "the ferry
    overturned"); a member on one side only stays as written."""
    first_words, patterns = paraphrase_groups()
    old_words, new_words = word_set(old), word_set(new)
    order = _group_order()  # file order, as the table reads: one group's reading can
    # change what a later one sees
    for group in sorted(_groups_opened(old_words) & _groups_opened(new_words),
                        key=order.__getitem__):
        firsts = first_words[group]
        old_hits, new_hits = firsts & old_words, firsts & new_words
        if not (old_hits and new_hits) or old_hits == new_hits:
            continue  # no member on a side, or the same words on both: nothing to read alike
        pattern = patterns[group]
        old_said = {m.lower() for m in pattern.findall(old)}
        new_said = {m.lower() for m in pattern.findall(new)}
        if old_said and new_said and old_said != new_said:
            old, new = pattern.sub(group, old), pattern.sub(group, new)
    old, new = _read_alike_in_context(old, new)
    old, new = _negated_alike(old, new), _negated_alike(new, old)
    return (_future_alike(_metres_alike(old, new), new),
            _future_alike(_metres_alike(new, old), old))


def _groups_opened(words: frozenset[str]) -> set[str]:
    """The paraphrase groups one of ``words`` opens a member of (looked up by word: the
    table holds some three hundred groups, and a sentence's words open a few)."""
    by_word = _groups_by_opening_word()
    return {group for word in words for group in by_word.get(word, ())}


@lru_cache(maxsize=1)
def _group_order() -> dict[str, int]:
    return {group: k for k, group in enumerate(paraphrase_groups()[0])}


@lru_cache(maxsize=1)
def _groups_by_opening_word() -> dict[str, tuple[str, ...]]:
    by_word: dict[str, list[str]] = {}
    for group, firsts in paraphrase_groups()[0].items():
        for word in firsts:
            by_word.setdefault(word, []).append(group)
    return {word: tuple(groups) for word, groups in by_word.items()}


def _read_alike_in_context(old: str, new: str) -> tuple[str, str]:
    """The two sentences with the members of a paraphrase group of one sense
    (paraphrases_in_context.txt) read as the group's name, where each sentence uses
    another member and both name one of its context words ("overturned his conviction" /
    "quashed his conviction"; a boat that "overturned" is not quashed)."""
    old_words, new_words = word_set(old), word_set(new)
    for group in context_paraphrases():
        if not (group.openings & old_words and group.openings & new_words
                and group.context & old_words and group.context & new_words):
            continue
        old_said = {m.lower() for m in group.pattern.findall(old)}
        new_said = {m.lower() for m in group.pattern.findall(new)}
        if old_said and new_said and old_said != new_said:
            old, new = group.pattern.sub(group.group, old), group.pattern.sub(group.group, new)
    return old, new


# A word behind "not", and the words that may stand between ("has not been named")
_NEGATED = re.compile(r"\b(?:not|n't|never)\s+(?:(?:yet|been|be|being|so far|formally|"
                      r"officially)\s+)*([a-z][a-z-]{2,})", re.IGNORECASE)


def _negated_alike(text: str, other: str) -> str:
    """``text`` with a word negated by its prefix written "not" and the word, where the
    other sentence says that word behind "not": "an unnamed collector" / "a collector who
    has not been named", "is unconfirmed" / "has not been confirmed", "non-serious" / "not
    serious" (the word the other side negates is what tells the prefix a negation: "un"
    of "under" has no "der" to match)."""
    if "not" not in other and "n't" not in other and "never" not in other:
        return text
    for word in _NEGATED.findall(other):
        low = word.lower()
        if low in FUNCTION_WORDS or low not in text.lower():
            continue
        prefixed = re.compile(rf"\b(?:un|non-?|in|im|ir|il){re.escape(low)}\b", re.IGNORECASE)
        text = prefixed.sub(f"not {word}", text)
    return text


# A future told the headline's way: a subject of a few words opening the sentence, then
# "to" (or "is to") and a verb ("Microsoft to cut", "UK government to raise", "The council
# is to meet"; not "According to the ministry", "screenings on Saturday to mark")
_HEADLINE_FUTURE = re.compile(r"^((?:[\w.'’-]+ ){1,4}?)(?:(?:is|are) )?to ([a-z]+)\b")
_NOT_IN_A_SUBJECT = FUNCTION_WORDS - {"the", "a", "an"}


def _future_alike(text: str, other: str) -> str:
    """``text`` with a future told the headline's way ("Microsoft to cut") read as the
    other sentence tells its future ("will"), so that a second edit beside it is judged
    on its own ("to cut 10,000 jobs" -> "will lay off 10,000 workers")."""
    found = _HEADLINE_FUTURE.match(text) if " to " in text else None
    if found is None or re.search(r"\bwill\b", other) is None:
        return text
    subject, verb = found.group(1).split(), found.group(2)
    if verb in FUNCTION_WORDS or any(_maybe_a_verb(word) for word in subject):
        return text  # "Thousands expected to gather", "Microsoft wants to": a verb's "to"
    return f"{found.group(1)}will {verb}{text[found.end():]}"


def _maybe_a_verb(word: str) -> bool:
    """A word of a headline's subject that may be its verb instead: a function or state
    word, or a lower-case word ending as a verb does ("wants", "expected")."""
    low = word.lower()
    return low in _NOT_IN_A_SUBJECT or low in STATUS or (word.islower() and (
        (low.endswith("s") and not low.endswith("ss")) or low.endswith("ed")))


# "50m": millions or metres ("$50m", "a 50m drop"); the other sentence may say which
_BARE_M = re.compile(r"(?<![^\s(])(\d[\d.,]*)\s?m\b")  # (not "$50m": money)


def _metres_alike(text: str, other: str) -> str:
    """``text`` with an amount written "50m" read as metres where ``other`` tells the
    same amount in metres ("below 50m" beside "less than 50 metres")."""
    def metres(match: re.Match[str]) -> str:
        told = re.search(rf"(?<![\w.,]){re.escape(match.group(1))}[\s-]?(?:metre|meter)s?\b",
                         other, re.IGNORECASE)  # "50 metres", "a 190-metre ship"
        return f"{match.group(1)} metres" if told else match.group(0)
    return _BARE_M.sub(metres, text)
