"""The two whole versions as the judge reads them: their sentences, the union
of their signatures, the acronyms they define and the sentences a feed cut, each worked out
once per pair when a change first needs it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property

from monitor.facts.compare import abbreviates, plain_words
from monitor.facts.context import Context
from monitor.facts.judge.artefacts import feed_cut, text_unless_furniture
from monitor.facts.judge_data import alias_key, alias_table, capitals
from monitor.facts.reading import analyse_in_context
from monitor.facts.signatures import Signature, signature, surface_normal, title_cased
from monitor.facts.sources import (
    DEFINED_ACRONYM,
    NAME_JOINERS,
    NAME_JOINING,
    POSSESSIVE_END,
    POSSESSOR,
)
from monitor.models import Document

# An acronym in brackets ("(DGAC)", "(N.W.T.)") and the words before it
_BRACKETED_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z]{1,7}|(?:[A-Z]\.){2,8})\s*\)")
NAME_BEFORE_ACRONYM = 12  # words: how far back a bracketed acronym's name may start
# Elisions a word of a name may open with ("l'aviation", "d'Ivoire"): its letter follows
_ELISIONS = re.compile(r"^(?:[ldLD]['’])")


def initials_defined(text: str) -> list[tuple[str, str]]:
    """Names given an acronym in brackets whatever their capitals, matched by their
    initials: "the Direction générale de l'aviation civile (DGAC)", "the national health
    service (NHS)" (DEFINED_ACRONYM asks for capitalised words, and a name in another
    language or in lower case has none); each (name, acronym) as alias keys."""
    found = []
    for match in _BRACKETED_ACRONYM.finditer(text):
        letters = match.group(1).replace(".", "").lower()
        before = text[max(0, match.start() - 30 * NAME_BEFORE_ACRONYM):match.start()]
        words = before.split()[-NAME_BEFORE_ACRONYM:]
        for start in range(len(words) - 1, -1, -1):
            name = words[start:]
            if _initials(name) == letters:
                found.append((alias_key(" ".join(name)), alias_key(match.group(1))))
                break
    return found


def _initials(words: list[str]) -> str:
    """The first letters of a name's words, its small words left out ("of", "de")."""
    letters = (_ELISIONS.sub("", w)[:1] for w in words if w.lower() not in NAME_JOINERS)
    return "".join(letter.lower() for letter in letters if letter.isalpha())


class Versions:
    """What the judge knows of the two whole versions, each part worked out when a
    change first needs it (most changes never need the whole versions' facts)."""

    def __init__(self, old: Document, new: Document, ctx: Context) -> None:
        self.old_doc, self.new_doc, self.ctx = old, new, ctx
        self.old_title, self.new_title = old.title, new.title
        self._signatures: dict[tuple[str, str | None], Signature] = {}

    def signature(self, text: str, within: str | None = None) -> Signature:
        """signature(text), read once per judgement of a pair of versions; ``within`` is
        the sentence a fragment comes from (it tells whether capitals mark names)."""
        key = (text, within)
        if key not in self._signatures:
            title_case = None if within is None else title_cased(
                analyse_in_context(surface_normal(within), self.ctx))
            self._signatures[key] = signature(text, self.ctx, title_case=title_case)
        return self._signatures[key]

    @cached_property
    def old_sentences(self) -> list[str]:
        return _sentences(self.old_doc.text)

    @cached_property
    def new_sentences(self) -> list[str]:
        return _sentences(self.new_doc.text)

    @cached_property
    def old(self) -> Signature:
        told = _union([self.signature(s) for s in [self.old_title, *self.old_sentences]]
                      + [self._label_names(self.old_title)])
        return replace(told, names=told.names | capitals_called(
            f"{self.old_doc.title}\n{self.old_doc.text}", told.names))

    @cached_property
    def new(self) -> Signature:
        told = _union([self.signature(s) for s in [self.new_title, *self.new_sentences]]
                      + [self._label_names(self.new_title)])
        return replace(told, names=told.names | capitals_called(
            f"{self.new_doc.title}\n{self.new_doc.text}", told.names))

    def _label_names(self, title: str) -> Signature:
        """The names of a headline's kicker ("Covid-19: What's happening to NZ house
        prices?"): furniture to the headline's facts, but the version still names its
        topic, so a new headline naming it again tells nothing new."""
        label = headline_label(title)
        names = self.signature(label).names if label else frozenset()
        return replace(signature("", self.ctx), names=names)

    @cached_property
    def _cut(self) -> tuple[frozenset[str], frozenset[str]]:
        # a text left with nothing but furniture ("Tracking US cases | Podcast | ...") is
        # a summary that became empty, as the diff reads it
        old_text = text_unless_furniture(self.old_doc)
        # (a new summary that is a photo's caption: the old one went, nothing took its
        # place; an old caption's new summary is read as told, its facts new to the feed)
        new_text = text_unless_furniture(self.new_doc, captions=True)
        return feed_cut(self.old_sentences if old_text else [],
                        self.new_sentences if new_text else [], old_text, new_text)

    @property
    def cut_old(self) -> frozenset[str]:
        """Old sentences past where a feed cut the new version short."""
        return self._cut[0]

    @property
    def cut_new(self) -> frozenset[str]:
        return self._cut[1]

    @cached_property
    def old_words(self) -> frozenset[str]:
        return frozenset(plain_words(surface_normal(f"{self.old_title} {self.old_doc.text}")))

    @cached_property
    def new_words(self) -> frozenset[str]:
        return frozenset(plain_words(surface_normal(f"{self.new_title} {self.new_doc.text}")))

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """Both versions' headlines and texts, as written (searched for how the story
        names someone)."""
        return (self.old_doc.title, self.old_doc.text, self.new_doc.title, self.new_doc.text)

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Each acronym either version defines in brackets after a name ("Federal Office
        for Information Security (BSI)"), with that name, both ways: one body."""
        pairs: dict[str, str] = {}
        for doc in (self.old_doc, self.new_doc):
            text = f"{doc.title}\n{doc.text}"
            for match in DEFINED_ACRONYM.finditer(text):
                name = alias_key(POSSESSIVE_END.sub("", POSSESSOR.sub("", match.group(1).strip())))
                acronym = alias_key(match.group(2))
                pairs[acronym], pairs[name] = name, acronym
            for name, acronym in initials_defined(text):
                if acronym not in pairs:
                    pairs[acronym], pairs[name] = name, acronym
        return pairs

    def spelled_out(self, short: str) -> str:
        """The name of either version that the one word ``short`` abbreviates without the
        story defining it ("Comelec" of "Commission on Elections"), else "": a body's
        short name in use beside its long one."""
        key = alias_key(short)
        if not key or " " in key:
            return ""
        longer = sorted((name for name in self._long_names if name != key and abbreviates(
            key, tuple(w for w in name.split() if w not in _SMALL_WORDS))), key=len)
        return longer[0] if longer else ""

    @cached_property
    def _long_names(self) -> frozenset[str]:
        """Every run of two or more capitalised words (with the small words names keep:
        "Commission on Elections") in either version, lower-cased.  Read from the texts, not
        the signatures: those cut a name at "on" or "de"."""
        return frozenset(alias_key(POSSESSOR.sub("", m.group(0)))
                         for text in self.texts for m in _LONG_NAME.finditer(text))


_SMALL_WORDS = frozenset(NAME_JOINERS)
# Two or more capitalised words, small words between them ("Bank of the South")
_LONG_NAME = re.compile(rf"[A-Z][\w'’-]*(?:\s+{NAME_JOINING}[A-Z][\w'’-]*)+")


# "the Lebanese capital", "the capital of Turkey", "Turkey's capital", "the capital"
_CAPITAL = re.compile(r"\bthe\s+(?:([A-Z][\w-]+)\s+)?capital(?:\s+of\s+([A-Z][\w-]+(?:\s+[A-Z]"
                      r"[\w-]+)?))?|\b([A-Z][\w-]+)['’]s?\s+capital\b")


def capitals_called(text: str, names: frozenset[str]) -> frozenset[str]:
    """The capital cities ``text`` calls by their country ("the Lebanese capital" is
    Beirut; "the capital" alone, the capital of a country ``names`` holds, the names of
    its version): the city told, named or not."""
    found: set[str] = set()
    for match in _CAPITAL.finditer(text):
        qualifier = next((g for g in match.groups() if g), None)
        countries = {alias_table().get(alias_key(qualifier), alias_key(qualifier))} if (
            qualifier) else names
        found.update(capitals()[c] for c in countries if c in capitals())
    return frozenset(found)


def headline_label(title: str) -> str:
    """The label the furniture rules take off the front of a headline, before its colon
    ("Covid-19" of "Covid-19: What's really happening?"), else ""."""
    label, colon, rest = title.partition(":")
    if not colon or not rest.strip() or surface_normal(title) != surface_normal(rest):
        return ""
    return label.strip()


def _sentences(text: str) -> list[str]:
    from monitor.text import split_paragraphs, split_sentences

    return [s for p in split_paragraphs(text) for s in split_sentences(p)]


def _union(parts: list[Signature]) -> Signature:
    def counter(get: Callable[[Signature], Counter[str]]) -> Counter[str]:
        total: Counter[str] = Counter()
        for part in parts:
            total |= get(part)
        return total

    return Signature(
        amounts=counter(lambda s: s.amounts), dates=counter(lambda s: s.dates),
        names=frozenset().union(*(p.names for p in parts)),
        negations=max((p.negations for p in parts), default=0),
        modality=frozenset().union(*(p.modality for p in parts)),
        states=frozenset().union(*(p.states for p in parts)),
        conditions=frozenset().union(*(p.conditions for p in parts)),
        scope=frozenset().union(*(p.scope for p in parts)),
        sources=frozenset().union(*(p.sources for p in parts)),
        quoted=tuple(q for p in parts for q in p.quoted),
        nouns=frozenset().union(*(p.nouns for p in parts)),
        counted=counter(lambda s: s.counted), logic=(),
        denials=max((p.denials for p in parts), default=0),
    )
