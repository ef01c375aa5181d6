"""What the feed did to a text, not its writer: furniture around a sentence (a
dateline, an update stamp, a caption), and a text cut short at a length.
"""

from __future__ import annotations

import re

from monitor.facts.compare import function_word
from monitor.facts.lexicon import SCALES, SMALL_NUMBERS, TENS, VAGUE_AMOUNTS
from monitor.facts.signatures import gated_furniture_rules, surface_normal
from monitor.facts.whole_sentences import photo_caption
from monitor.models import Change, Document


def furniture_change(change: Change) -> bool:
    """What the change says lies inside its sentence's furniture (furniture.txt): a
    dateline, an update stamp, a caption, a note to the reader."""
    sides = [(change.old, change.old_sentence), (change.new, change.new_sentence)]
    present = [(value.strip(), sentence) for value, sentence in sides if value]
    return bool(present) and all(
        sentence is not None and _in_furniture(value, sentence) for value, sentence in present)


def _in_furniture(value: str, sentence: str) -> bool:
    """``value`` lies inside a match of a furniture rule in ``sentence``; only the rules
    whose gate the sentence meets are run (monitor.facts.rule_gates: each rule's scan ~4
    us, 29 rules, for each side of a change the judge reads: issue 10's judge budget)."""
    return any(value in match.group(0)
               for rule in gated_furniture_rules().may_match(sentence)
               for match in rule.finditer(sentence))


CUT_SHORTER = 0.85  # a version cut by its feed is clearly shorter than the other
_CUT_MARK = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_CUT_END = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|read (?:full article|more)\b.*|"
                      r"continue reading\b.*|remaining paragraphs\b.*|comments)\s*$",
                      re.IGNORECASE)


def cut_short(old: str, new: str) -> bool:
    """One sentence is the other cut at another point by the feed ("... revealed only
    five ..." -> "... revealed only ...")."""
    for short, full in ((old, new), (new, old)):
        if _CUT_MARK.search(short):
            head = _CUT_MARK.sub("", short).split()
            if head and full.split()[:len(head)] == head:
                return True
            if head and full.split()[:len(head) - 1] == head[:-1]:
                return True
    return False


def feed_cut(old_sentences: list[str], new_sentences: list[str], old_text: str,
             new_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Sentences past the point where a feed cut one version's text short: the longer
    version's tail after the last sentence both share, when the shorter one ends with a
    cut mark ("...", "Read full article") or is empty.  Excerpts are cut at a length,
    not edited, so what falls past the cut is no change."""
    old_stub, new_stub = _stub(old_sentences), _stub(new_sentences)
    old_cut = not new_text.strip() or (_CUT_END.search(new_text) is not None
                                       and len(new_text) < CUT_SHORTER * len(old_text))
    new_cut = not old_text.strip() or (_CUT_END.search(old_text) is not None
                                       and len(old_text) < CUT_SHORTER * len(new_text))
    if not (old_cut or new_cut):
        return old_stub, new_stub
    old_keys = {surface_normal(s) for s in old_sentences}
    new_keys = {surface_normal(s) for s in new_sentences}
    old_tail = _tail(old_sentences, new_keys)
    new_tail = _tail(new_sentences, old_keys)
    if sum(map(len, old_tail)) >= sum(map(len, new_tail)) and old_cut:
        return frozenset(old_tail), frozenset(new_tail[-1:]) | new_stub
    if sum(map(len, new_tail)) > sum(map(len, old_tail)) and new_cut:
        return frozenset(old_tail[-1:]) | old_stub, frozenset(new_tail)
    return old_stub, new_stub


MAX_STUB_WORDS = 4  # "Mayor Phil Goff ...": the first words of a sentence the feed cut


def _stub(sentences: list[str]) -> frozenset[str]:
    """A text's last sentence when it is a few words and the feed's cut mark: what is left
    of a sentence cut at a length, which says nothing yet ("Mayor Phil Goff ...", "But its
    chief executive Grant ...": the words that only join, "But its", are not counted)."""
    last = sentences[-1] if sentences else ""
    if _CUT_MARK.search(last) is None:
        return frozenset()
    words = _CUT_MARK.sub("", last).split()
    content = [w for w in words if not function_word(w.lower())]
    stub = len(words) <= MAX_STUB_WORDS or (
        len(content) < MAX_STUB_WORDS and not any(_amount_word(w) for w in words))
    return frozenset({last}) if stub else frozenset()


def _amount_word(word: str) -> bool:
    """A digit or a number word: "More than a dozen Aucklanders ..." has told a count."""
    low = word.lower().strip(",.;:'’")
    return any(c.isdigit() for c in low) or low in SMALL_NUMBERS or low in TENS or (
        low in SCALES) or low in VAGUE_AMOUNTS


def _tail(sentences: list[str], other: set[str]) -> list[str]:
    shared = [k for k, s in enumerate(sentences) if (key := surface_normal(s)) and key in other]
    return sentences[shared[-1] + 1:] if shared else sentences


def text_unless_furniture(doc: Document, *, captions: bool = False) -> str:
    """The version's text, or nothing when all of it is furniture (its cut mark, "Read
    full article", is furniture too: it must reach feed_cut); with ``captions``, a text of
    photo captions alone is furniture too (a summary swapped for a caption is gone)."""
    from monitor.text import story_paragraphs

    story = story_paragraphs(doc.title, doc.text)
    return doc.text if story and not (captions and all(map(photo_caption, story))) else ""
