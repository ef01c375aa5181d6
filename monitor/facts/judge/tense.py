"""One statement in another tense: the same words but for their endings and
auxiliaries ("has died" -> "dies"), a coming event told "is V-ing" or "will V", a future
told "to V" or "will V".
"""

from __future__ import annotations

import re

from monitor.facts.compare import plain_words
from monitor.facts.judge_data import stative_verbs
from monitor.facts.lexicon import AUXILIARIES
from monitor.facts.shown import without_label
from monitor.facts.stems import stem


def inflected_only(old: str, new: str) -> bool:
    """The two values say the same words but for their endings and auxiliaries: the
    tense of one statement, which headlines change at will ("opening" -> "opens",
    "has died" -> "dies").  Word stems by the Snowball English stemmer; an irregular
    form ("left" for "leave") is not matched, so "have left" -> "are leaving" stays."""
    old_words = [w for w in plain_words(old.lower()) if w not in AUXILIARIES]
    new_words = [w for w in plain_words(new.lower()) if w not in AUXILIARIES]
    if not old_words or len(old_words) != len(new_words) or old_words == new_words:
        return False
    return list(map(stem, old_words)) == list(map(stem, new_words))


# A present that can tell a coming event: "is opening", and the emphatic "does call"
# (not a negation: "does not call" denies it; "doesn't" is no match, its "n't" being
# part of the word)
_PRESENT_FOR_FUTURE = re.compile(r"\b(?:(?:is|are)\s+(?=\w+ing\b)|(?:does|do)\s+(?!\s|not\b))",
                                 re.IGNORECASE)
_WILL = re.compile(r"\bwill\s+(?:be\s+)?", re.IGNORECASE)
# A future told with "will" or the headline's "is to" ("masks are to become compulsory")
_FUTURE = re.compile(r"\b(?:will\s+(?:be\s+)?|(?:is|are)\s+to\s+)", re.IGNORECASE)


def progressive_future(old: str, new: str) -> bool:
    """One side tells a coming event in the present progressive or the emphatic present,
    the other with "will" or "is to" ("Buffalo is celebrating its birthday" -> "will
    celebrate", "is opening" -> "will be opening", "will call" -> "does call", "masks are
    to become compulsory" -> "are becoming compulsory"): one plan, the same words but for
    their endings."""
    for present, future in ((old, new), (new, old)):
        if not (_PRESENT_FOR_FUTURE.search(present) and _FUTURE.search(future)):
            continue
        told_now, told_later = _PRESENT_FOR_FUTURE.sub("", present), _FUTURE.sub("", future)
        if told_now.lower() == told_later.lower() or inflected_only(told_now, told_later):
            return True
    return False


def stative_future(old: str, new: str) -> bool:
    """One side tells a state with "will", the other the same state now ("will look very
    different" -> "looks very different"): a verb of state (stative_verbs.txt) names no
    event to happen, so its future and present are one statement."""
    for future, present in ((old, new), (new, old)):
        if not _WILL.search(future):
            continue
        told = _WILL.sub("", future).strip()
        verb = (plain_words(told.lower()) or [""])[0]
        if verb in stative_verbs() and inflected_only(told, present):
            return True
    return False


# A future told the headline's way ("Easyjet to resume flights") or the body's ("will
# resume", "says it will resume"): what follows is the same claim.
_FUTURE_MARKER = re.compile(
    r"\b(?:(?:says|said)\s+(?:it|he|she|they|we)\s+will|(?:is|are)\s+to|to|will)\s+",
    re.IGNORECASE)
_HEADLINE_FUTURE = re.compile(r"(?:is\s+|are\s+)?to\b", re.IGNORECASE)  # "(is) to V"


def future_either_way(old: str, new: str) -> bool:
    """``old`` and ``new`` tell one future, each its way ("to V", "is to V", "will V"),
    the same subject before it or none ("British Airways will make up" -> "British
    Airways to make up", "Poland to sign" -> "Poland are to sign"; a headline's label
    before it left out: "Coronavirus UK: British ...")."""
    old, new = without_label(old) or old, without_label(new) or new
    a, b = _FUTURE_MARKER.search(old), _FUTURE_MARKER.search(new)
    if a is None or b is None:
        return False
    return (old[:a.start()].lower() == new[:b.start()].lower()
            and old[a.end():].lower() == new[b.end():].lower()
            and a.group(0).lower() != b.group(0).lower())
