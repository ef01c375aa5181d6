"""The meaning-equivalence judge: the last word on every candidate change.

The diff proposes changes from edits it finds between aligned sentences; many edits of
real news are wording, not facts ("was damaged" -> "sustained damage", "$30 million" ->
"$30-million", "British" -> "UK", a headline rewritten around the same facts).  The judge
reads both sides of each candidate into a *fact signature* — the amounts (formats, units
and currencies normalised), dates, named entities (aliases, acronyms and demonyms made
one), negations, modality, restrictions, states of people and events, quoted words and
members of closed noun classes ("cousin", "helium") — and keeps a change only when the
signatures differ:

    same       the two sentences say the same facts: the change is wording
    typo       the sentences differ by a letter or two in a non-name word
    present    an added (removed) span whose every fact the other version still states
    no facts   a change between two spans that carry no fact at all

Everything it knows lives in data files under monitor/facts/data/judge (surface forms, aliases,
country names and demonyms, closed noun classes); the judge itself is pure functions.
A model of meaning (wordllama's embeddings) was measured and not used: it rates
"increased"/"climbed" (0.15) less alike than "hydrogen"/"helium" (0.27), see
docs/benchmarks.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, cast

from rapidfuzz.distance import OSA

from monitor.facts.compare import function_word, hardened, named_in, plain_words, same_facts
from monitor.facts.context import Context
from monitor.facts.judge_data import (
    alias_key,
    alias_table,
    confusables,
    furniture_rules,
    given_names,
    negating_prefixes,
    paraphrase_groups,
    reversing_prefixes,
    role_heads,
    role_markers,
    unit_table,
    vague_ranges,
)
from monitor.facts.lexicon import (
    QUESTION_OPENERS,
    SMALL_NUMBERS,
    TENS,
    VAGUE_AMOUNTS,
    is_common_word,
)
from monitor.facts.reading import (
    MIN_QUOTED_WORDS,
    analyse_in_context,
)
from monitor.facts.severity import whole_sentence_severity
from monitor.facts.shown import (
    is_word_char,
    occurs_between,
    shown,
    unlabelled,
    without_label,
)
from monitor.facts.signatures import (
    Signature,
    alias_given,
    conversion_dropped,
    counted_amounts,
    in_conversion,
    is_question,
    is_unit_word,
    question_signature,
    signature,
    surface_normal,
    title_cased,
)
from monitor.facts.sources import (
    DEFINED_ACRONYM,
    POSSESSOR,
    PRONOUNS,
    acronyms_known,
    body_described,
    body_renamed,
    has_saying,
    named_for_class_noun,
    named_for_pronoun,
    names_in_order,
    one_acronym,
    pronoun_for_role,
    same_person,
    same_source_besides_told_names,
    unspelled,
)
from monitor.facts.vocabulary import FactKind
from monitor.models import Change, CosmeticEdit, DiffResult, Document

if TYPE_CHECKING:
    from snowballstemmer import Stemmer  # declared by stubs/snowballstemmer


def _retold(part: Signature, whole: Signature, *, dropped: bool = False) -> bool:
    """A headline's facts, framing and roles aside, told by the other version ("NCID
    doctor finds ..." when the story names the NCID and "Dr Tay"); a headline's count may
    name what it counts another way ("Two accused" when the story charged "two Sudanese
    nationals"), so its amounts are matched by value and qualifier.  A ``dropped`` part (the old
    headline's) may name a closed-class noun no member of its class in ``whole``
    contradicts ("Men accused" -> "Two accused"): framing, unlike a new one ("Car
    malfunction sparked fire": the cause, news).  A source counts only where the headline
    says who says it ("..., officials say" dropped is an attribution gone; "NCID doctor
    finds" names a role, not a source)."""
    classes = {c for c, _ in whole.nouns}
    sources = part.sources if "say" in part.logic else frozenset()
    part = replace(hardened(part), sources=sources, nouns=frozenset(
        n for n in part.nouns if not dropped or n[0] in classes))
    vague_told = _vague_counts_told(part.counted, whole.counted)
    amounts = Counter({a: n for a, n in part.amounts.items()
                       if not _headline_amount_told(a, whole.amounts, vague_told)})
    dates = Counter({d: n for d, n in part.dates.items()
                     if not _headline_date_told(d, whole.dates)})
    by_value = replace(part, counted=amounts, dates=dates)  # "at least 1,300" is not "1,300"
    return covered_by(by_value, replace(whole, counted=whole.amounts))


def _headline_amount_told(amount: str, told: Counter[str], vague_told: set[str]) -> bool:
    """A headline's amount the story gives: the same value and qualifier, the bare value
    of an approximate one ("340,000" where the story says "about 340,000": a headline drops
    the "about"), or a vague amount in ``vague_told`` (_vague_counts_told)."""
    qualifier, _, value = amount.partition(":")
    return amount in told or (not qualifier and f"approx:{value}" in told) or (
        value in vague_told)


def _vague_counts_told(counted: Counter[str], told: Counter[str]) -> set[str]:
    """The vague amounts of ``counted`` ("~hundred elephant") that an exact count of the
    same thing in ``told`` falls in ("263 elephant"): "Hundreds of elephants" where the
    story moves 263 of them (vague_ranges.txt)."""
    exact: dict[str, list[int]] = {}
    for key in told:
        value, _, thing = key.partition(" ")
        if value.isdigit() and thing:
            exact.setdefault(thing, []).append(int(value))
    found = set()
    for key in counted:
        value, _, thing = key.partition(" ")
        span = vague_ranges().get(value)
        if span is not None and any(span[0] <= n <= span[1] for n in exact.get(thing, ())):
            found.add(value)
    return found


def _headline_date_told(date: str, told: Counter[str]) -> bool:
    """A headline's date the story gives, or gives more precisely ("from 2026" where it
    says "from July 2026"); a headline's bare date ("in January") is the story's with
    whatever preposition it takes there ("from January 1")."""
    qualifier, _, value = date.partition(":")
    for other in told:
        other_qualifier, _, other_value = other.partition(":")
        if (other_qualifier == qualifier or not qualifier) and _refines(other_value, value):
            return True
    return False


def _refines(precise: str, vague: str) -> bool:
    """``precise`` is the date ``vague`` or a day or month inside it: "2026-07" of "2026",
    "2027-03" of "--03" (March, its year untold)."""
    if precise == vague or precise.startswith(vague + "-"):
        return True
    return vague.startswith("--") and precise[:4].isdigit() and (
        precise[4:] == vague[1:] or precise[4:].startswith(vague[1:] + "-"))


def _quotes_kept(change: Change, old: str, new: str, versions: Versions) -> bool:
    """Each quotation of the judged side's sentence (both for a change) is in the other
    version: a headline that puts words in quotation marks ("an 'intentional act of
    terrorism'") quotes someone anew, whatever its value, cut from inside the marks,
    reads like.  A word or two in quotation marks is a term, not a quotation ("iPhone
    “monopoly”")."""
    sides = {"removed": [(old, versions.new)], "added": [(new, versions.old)]}.get(
        change.action, [(old, versions.new), (new, versions.old)])
    return all(any(q in w for w in other.quoted)
               for sentence, other in sides for q in versions.signature(sentence).quoted
               if len(q.split()) >= MIN_QUOTED_WORDS)


def covered_by(part: Signature, whole: Signature) -> bool:
    """Every fact of ``part`` is also stated in ``whole`` (a document's signature)."""
    return (not (part.counted - whole.counted) and not (part.dates - whole.dates)
            and all(named_in(n, whole.names) for n in part.names)
            and not part.negations and not part.conditions
            and part.modality <= whole.modality and part.states <= whole.states
            and all(any(q in w for w in whole.quoted) for q in part.quoted)
            and part.nouns <= whole.nouns and part.sources <= whole.sources)


def typo_only(old: str, new: str) -> bool:
    """The two sentences differ only by small misspellings of ordinary words ("form" ->
    "from", "one again" -> "once again", "Sheffler" -> "Scheffler"), never in a digit,
    a negation or a short name ("Iran" -> "Iraq")."""
    old_words, new_words = old.split(), new.split()
    if len(old_words) != len(new_words) or old == new:
        return False
    pairs = [(k, a, b) for k, (a, b) in enumerate(zip(old_words, new_words, strict=True))
             if a != b]
    return len(pairs) <= 2 and all(
        _misspelling(a, b, in_name=_in_longer_name(new_words, k)) for k, a, b in pairs)


# Auxiliaries carry tense and voice, not a fact ("has died" -> "dies", "is opening" ->
# "opens"); modals ("will", "may") and negations do, and are not listed.
_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have",
                          "had", "am"})


def _swap_undone(old: str, new: str, versions: Versions) -> bool:
    """One word of the value had two neighbouring letters swapped, and its new spelling
    is the one the old version uses elsewhere while the new one drops the slip: a typo
    fixed, even in a short name, where one letter changed is another name ("Iran" ->
    "Iraq")."""
    old_words, new_words = plain_words(old), plain_words(new)
    if len(old_words) != len(new_words):
        return False
    edits = [(a, b) for a, b in zip(old_words, new_words, strict=True) if a != b]
    return len(edits) == 1 and _swapped(*edits[0]) and edits[0][1] in versions.old_words and (
        edits[0][0] not in versions.new_words)


def _swapped(a: str, b: str) -> bool:
    """``b`` is ``a`` with two neighbouring letters swapped ("tsl", "tls")."""
    at = [k for k in range(len(a)) if a[k] != b[k]] if len(a) == len(b) else []
    return len(at) == 2 and at[1] == at[0] + 1 and (a[at[0]], a[at[1]]) == (b[at[1]], b[at[0]])


def inflected_only(old: str, new: str) -> bool:
    """The two values say the same words but for their endings and auxiliaries: the
    tense of one statement, which headlines change at will ("opening" -> "opens",
    "has died" -> "dies").  Word stems by the Snowball English stemmer; an irregular
    form ("left" for "leave") is not matched, so "have left" -> "are leaving" stays."""
    old_words = [w for w in plain_words(old.lower()) if w not in _AUXILIARIES]
    new_words = [w for w in plain_words(new.lower()) if w not in _AUXILIARIES]
    if not old_words or len(old_words) != len(new_words) or old_words == new_words:
        return False
    stem = _english_stemmer().stemWords
    return stem(old_words) == stem(new_words)


_PROGRESSIVE = re.compile(r"\b(?:is|are)\s+(?=\w+ing\b)", re.IGNORECASE)
_WILL = re.compile(r"\bwill\s+(?:be\s+)?", re.IGNORECASE)


def _progressive_future(old: str, new: str) -> bool:
    """One side tells a coming event in the present progressive, the other with "will"
    ("Buffalo is celebrating its birthday" -> "will celebrate", "is opening" -> "will be
    opening"): one plan, the same words but for their endings."""
    for present, future in ((old, new), (new, old)):
        if not (_PROGRESSIVE.search(present) and _WILL.search(future)):
            continue
        told_now, told_later = _PROGRESSIVE.sub("", present), _WILL.sub("", future)
        if told_now.lower() == told_later.lower() or inflected_only(told_now, told_later):
            return True
    return False


@cache
def _english_stemmer() -> Stemmer:
    # The English stemmer's module alone: `import snowballstemmer` loads every language's
    # (~30 ms of a process's first diff)
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


def _specified(old: str | None, new: str | None) -> bool:
    """The two values are the same words but one, and that one names one thing two ways:
    more or less precisely, the longer word a compound ending with the shorter whose
    first part does not reverse it ("virus" -> "coronavirus", "quake" -> "earthquake";
    not "approved" -> "disapproved", reversing_prefixes.txt), or by two aliases of one
    name ("Coronavirus Cases" -> "Covid Cases"), or both ("Virus Cases" -> "Covid
    Cases": "coronavirus" is an alias of Covid-19)."""
    a, b = _bare_words(old or ""), _bare_words(new or "")
    if len(a) != len(b):
        return _aliased_middle(a, b)
    swapped = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(swapped) == 1 and _one_thing(*swapped[0])


def _aliased_middle(a: list[str], b: list[str]) -> bool:
    """The two values' words differ only in a middle run on each side that names one
    thing by two aliases ("(R-North Carolina)" -> "(R-N.C.)": "north carolina" and "nc")."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    if not middle_a or not middle_b:
        return False
    names = alias_table()

    def named(words: list[str]) -> set[str]:  # "covid 19" is the alias "covid-19"
        keys = {alias_key(" ".join(words)), alias_key("-".join(words))}
        return {names[key] for key in keys if key in names}

    return bool(named(middle_a) & named(middle_b))


def _bare_words(text: str) -> list[str]:
    # a compound's parts are words of their own ("Cologne-Deutz" is "cologne", "deutz";
    # "R-N.C." is "r", "n.c.")
    return [word.strip(".,;:!?\"'“”‘’()") for word in text.lower().replace("-", " ").split()]


def _one_thing(a: str, b: str) -> bool:
    if _compound_of(a, b):
        return True
    given = given_names()
    if given.get(a) is not None and given.get(a) == given.get(b):
        return True  # "Bill Brough" -> "William Brough"
    names = alias_table()
    name_a, name_b = names.get(alias_key(a)), names.get(alias_key(b))
    if name_a is not None and name_a == name_b:
        return True
    return any(_compound_of(a, alias) for alias in _aliases_of(name_b)) or any(
        _compound_of(b, alias) for alias in _aliases_of(name_a))


def _compound_of(a: str, b: str) -> bool:
    if "-" in a or "-" in b:
        return False  # a hyphenated alias ("covid-19") is a name, no compound of a word
    short, head = _ending_with(a, b)
    return (len(short) >= 4 and head is not None and len(head) >= 3
            and not any(head.startswith(p) and len(head) - len(p) < 3
                        for p in reversing_prefixes()))


def _aliases_of(name: str | None) -> tuple[str, ...]:
    """The one-word aliases of a name of alias_table() (none for None)."""
    return () if name is None else _one_word_aliases().get(name, ())


@cache
def _one_word_aliases() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for alias, name in alias_table().items():
        if " " not in alias:
            table.setdefault(name, []).append(alias)
    return {name: tuple(aliases) for name, aliases in table.items()}


def _ending_with(a: str, b: str) -> tuple[str, str | None]:
    """The shorter of two words, and what the longer puts before it (a hyphen dropped)
    when the longer ends with it, else None: ("virus", "corona") of "coronavirus"."""
    short, long = sorted((a, b), key=len)
    if not long.endswith(short):
        return short, None
    return short, long[:len(long) - len(short)].rstrip("-")


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def _in_longer_name(words: list[str], k: int) -> bool:
    """The word at ``k`` has a capitalised neighbour: part of a longer name ("Google Nest
    Hub"), where one wrong letter is a typo, unlike a name alone ("Iran" -> "Iraq")."""
    return any(0 <= j < len(words) and words[j][:1].isupper() for j in (k - 1, k + 1)) and (
        k > 0)


_CRITICAL = re.compile(r"\d|n't|^(?:not|no|never|now|won|own)\W*$", re.IGNORECASE)


def _misspelling(a: str, b: str, *, in_name: bool = False) -> bool:
    if _CRITICAL.search(a) or _CRITICAL.search(b) or reversed_by_prefix(a, b):
        return False
    core_a, core_b = a.strip(".,;:!?\"'“”‘’()"), b.strip(".,;:!?\"'“”‘’()")
    if core_a.lower() == core_b.lower():
        return True  # capitals or punctuation
    if {core_a[:1], core_b[:1]} == {"l", "I"} and core_a[1:] == core_b[1:]:
        return True  # a capital I typed or read as a small l: "lowa" -> "Iowa"
    if _confused(core_a.lower(), core_b.lower()):
        return True  # "passed" -> "past": one spelling written for another
    name = core_a[:1].isupper() and core_b[:1].isupper()
    if name and distinct_known_names(core_a, core_b):
        return False  # "Austria" -> "Australia": another country, however close
    if in_name and _initial(core_a) and _initial(core_b):
        return True  # "Conrad H. Hilton" -> "Conrad N. Hilton": a middle initial fixed
    if name and min(len(core_a), len(core_b)) < (4 if in_name else 6):
        return False
    if not name and not is_common_word(core_b.lower()):
        return False
    return OSA.distance(core_a.lower(), core_b.lower()) <= (1 if len(core_b) < 8 else 2)


def _confused(a: str, b: str) -> bool:
    group = confusables().get(a)
    return group is not None and group == confusables().get(b)


def reversed_by_prefix(a: str, b: str, prefixes: frozenset[str] | None = None) -> bool:
    """One word is the other with a prefix that turns it into another thing (any of
    ``prefixes``, by default reversing_prefixes()): "vaccinated" / "unvaccinated" is no
    misspelling."""
    short, head = _ending_with(a.lower(), b.lower())
    return bool(short) and head is not None and (
        head in (reversing_prefixes() if prefixes is None else prefixes))


def _negated_word(edit: CosmeticEdit) -> bool:
    """One word for itself negated by a prefix: "aren't unvaccinated" -> "aren't vaccinated"."""
    old, new = plain_words(edit.old or ""), plain_words(edit.new or "")
    return len(old) == len(new) == 1 and reversed_by_prefix(old[0], new[0], negating_prefixes())


def distinct_known_names(a: str, b: str) -> bool:
    """Both words are names in the alias tables (countries, peoples, news names), and
    not of one thing: "Iran" and "Iraq"."""
    known = alias_table()
    canon_a, canon_b = known.get(alias_key(a)), known.get(alias_key(b))
    return canon_a is not None and canon_b is not None and canon_a != canon_b


# --------------------------------------------------------------------------- the judge


@dataclass(frozen=True, slots=True)
class Verdict:
    keep: bool
    reason: str  # why a dropped change is wording ("same facts", "typo", ...)


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
        return _union([self.signature(s) for s in [self.old_title, *self.old_sentences]]
                      + [self._label_names(self.old_title)])

    @cached_property
    def new(self) -> Signature:
        return _union([self.signature(s) for s in [self.new_title, *self.new_sentences]]
                      + [self._label_names(self.new_title)])

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
        old_text = _text_unless_furniture(self.old_doc)
        new_text = _text_unless_furniture(self.new_doc)
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
            for match in DEFINED_ACRONYM.finditer(f"{doc.title}\n{doc.text}"):
                name = alias_key(POSSESSOR.sub("", match.group(1)))
                acronym = alias_key(match.group(2))
                pairs[acronym], pairs[name] = name, acronym
        return pairs


def judge_change(change: Change, versions: Versions) -> Verdict:
    """Keep ``change`` unless it is an artefact (a feed cut, a typo, furniture) or the
    judge can see that what the change claims to differ is the same on both sides."""
    old_sentence, new_sentence = change.old_sentence or "", change.new_sentence or ""
    if _furniture(change):
        return Verdict(False, "furniture")
    if change.action != "changed" and in_conversion(change):
        return Verdict(False, "format")  # "(86,000 acres)" added after "35,000 hectares"
    if change.action != "changed" and _dropped_as_surface(change):
        return Verdict(False, "format")  # "(0200 GMT)" after "8 a.m.": the time again, in
        # another zone (a surface form, surface_forms.txt, that its sentence reads past)
    if change.action != "changed" and alias_given(change):
        return Verdict(False, "alias")  # "the Environmental Management Agency (EMA)"
    if _units_alone(change):
        return Verdict(False, "format")  # "degrees Celsius" -> "C" beside the same "45": a
        # unit's name alone states nothing, its amount does
    if change.old and change.new and (_spelling(change.old) == _spelling(change.new) or (
            change.kind in _NAMING_KINDS and _name_spelling(change.old) == _name_spelling(
                change.new))):
        return Verdict(False, "format")  # the value itself is unchanged ("one" -> "one",
        # read in "one its three" and "one of its three"): whatever moved around it
    if change.kind == "status" and change.old and change.new and _future_either_way(
            change.old, change.new):
        return Verdict(False, "tense")  # "to testify" -> "will testify": a headline's future
    if change.old and change.new and (inflected_only(change.old, change.new) or (
            _progressive_future(change.old, change.new))):
        return Verdict(False, "tense")  # "Senate opening the trial" -> "opens", "has
        # died" -> "dies": a modal or a negation is a word of its own, never an ending
    if change.kind == "number" and change.old and change.new and _price_rounded(
            versions.signature(change.old, old_sentence or None),
            versions.signature(change.new, new_sentence or None)):
        return Verdict(False, "rounded")  # "$12.99 a month" -> "$13 a month"
    if change.kind == "number" and change.old and change.new and _amount_told_another_way(
            change, versions):
        return Verdict(False, "format")  # "a week-long" -> "a seven-day operation"
    if change.old and change.new and typo_only(change.old, change.new) and _same_values(
            versions.signature(change.old), versions.signature(change.new)):
        return Verdict(False, "typo")  # "the Google Next Hub Max" -> "Nest", in a sentence
        # edited elsewhere too (the whole-sentence check below sees more than typos)
    if change.old and change.new and _swap_undone(change.old, change.new, versions):
        return Verdict(False, "typo")  # "DNS over TSL" -> "over TLS" beside "TLS certificates"
    if _specified(change.old, change.new):
        return Verdict(False, "specified")  # "virus" -> "coronavirus"
    if change.old and change.new and _paraphrased(change.old, change.new):
        return Verdict(False, "paraphrase")  # "for free" -> "free of charge" in a sentence
        # edited elsewhere too ("England schools" -> "Schools": that change is its own)
    if change.action != "changed" and _asked_without_facts(change, versions):
        return Verdict(False, "question")  # "Will demands for reform finally be heard?"
        # dropped from a headline: a question asserts nothing
    if change.kind == "status" and _asked_state(change):
        return Verdict(False, "question")  # "Will Covid-19 kill the office?" added: a
        # state asked about is not stated
    if (change.action == "removed" and old_sentence in versions.cut_old) or (
            change.action == "added" and new_sentence in versions.cut_new):
        return Verdict(False, "feed cut")
    headline = versions.old_title in (old_sentence, new_sentence) or (
        versions.new_title in (old_sentence, new_sentence))
    if headline and not old_sentence:
        old_sentence = versions.old_title  # a headline rewritten: compare the two
    if headline and not new_sentence:
        new_sentence = versions.new_title
    if headline and _explains(versions.old_title) and _explains(versions.new_title) and (
            _asked_same(versions.old_title, versions.new_title, versions.ctx)):
        return Verdict(False, "question")  # "Why X might not ..." -> "X: here's what it means"
    if old_sentence and new_sentence:
        verdict = _judge_sentences(change, versions, old_sentence, new_sentence)
        if verdict is not None:
            return verdict
    old_value = versions.signature(change.old or "", old_sentence or None)
    new_value = versions.signature(change.new or "", new_sentence or None)
    if old_value.is_empty() and new_value.is_empty() and change.kind not in _WORDED_KINDS and (
            headline or _words_covered(change.new, versions.old_words)):
        return Verdict(False, "no facts")  # a body sentence's new words may be a fact the
        # judge cannot read ("convicted of fraud" -> "of bribery"): those stay
    if change.action == "changed" and named_for_pronoun(change, versions):
        return Verdict(False, "same person")  # "he" -> "Jenrick, 44", named before
    if change.action == "changed" and named_for_class_noun(change, versions):
        return Verdict(False, "same person")  # "Halvard said" -> "The university said"
    if change.action == "changed" and pronoun_for_role(change, versions):
        return Verdict(False, "same person")  # "he said" -> "the lawyer said" where the
        # story names her lawyer
    if change.action == "changed" and change.kind != "attribution" and _named_or_described(
            change, old_value, new_value, versions):
        return Verdict(False, "same person")  # "Gabby Petito's fiancé Brian Laundrie" ->
        # "missing woman's fiancé", the story still naming both
    if same_person(change, versions):
        return Verdict(False, "same person")  # "Xi Jinping" -> "Xi", "Chinese leader X" -> "X"
    if change.action == "changed" and change.kind in _NAMING_KINDS and body_renamed(change):
        return Verdict(False, "same body")  # "Energy Information Agency" -> "Administration"
    if change.action == "changed" and change.kind in _NAMING_KINDS and body_described(change):
        return Verdict(False, "same body")  # "Peru's transport ministry" -> "the Ministry of
        # Transport and Communications (MTC)"
    if change.kind == "date" and _same_day_told_later(change, versions):
        return Verdict(False, "same day")  # "tomorrow" -> "today", a day later
    if headline and change.kind == "date" and _dateline(change, versions):
        return Verdict(False, "dateline")  # "Live updates on 22 April", published that day
    if headline and _told_both_ways(old_value, new_value, versions) and _quotes_kept(
            change, old_sentence, new_sentence, versions):
        return Verdict(False, "moved")  # a headline telling what the story already says
    if change.action == "changed" and change.kind in _NAMING_KINDS and old_value.names and (
            names_in_order(change.old or "", change.new or "") or one_acronym(
                change.old or "", change.new or "", versions.acronyms)) and _told_both_ways(
            old_value, new_value, versions):
        return Verdict(False, "named both ways")
    if change.action != "changed" and change.kind == "date" and _day_told_twice(
            change, versions):
        return Verdict(False, "same day")  # "on Sunday night" -> "on Sunday night, June 22"
    if change.action == "added" and not new_value.is_empty() and _still_said(
            new_value, change.new or "", versions.old, versions.old_words):
        return Verdict(False, "already stated")
    if change.action == "removed" and not old_value.is_empty() and _still_said(
            old_value, change.old or "", versions.new, versions.new_words):
        return Verdict(False, "still stated")
    return Verdict(True, "")


_NAMING_KINDS = frozenset({"entity", "attribution"})  # who or what, by name


# a dotted abbreviation anywhere in a word ("Ex-F.B.I.", "U.S.-led"), its letters alone
_DOTTED = re.compile(r"(?<![^\W\d_])(?:[A-Z]\.){2,}")


# what a name's spelling may drop: its article, a possessive, the acronym it defines
_NAME_FURNITURE = re.compile(r"^the\s+|['’]s\b|\((?-i:[A-Z]{2,8})\)", re.IGNORECASE)


ROUNDING = 0.01  # a price told rounded is within this share of the exact one


def _amount_told_another_way(change: Change, versions: Versions) -> bool:
    """The two values state the same amounts, in the same units, and each of their other
    words the other sentence says too ("a week-long" -> "a seven-day operation" in a
    sentence telling the operation; not "12 people" -> "12 vehicles")."""
    old = versions.signature(change.old or "", change.old_sentence or None)
    new = versions.signature(change.new or "", change.new_sentence or None)
    if not old.amounts or old.amounts != new.amounts or not _same_values(old, new):
        return False
    return _said_beside_amounts(change.old or "", change.new_sentence or "") and (
        _said_beside_amounts(change.new or "", change.old_sentence or ""))


def _said_beside_amounts(value: str, other_sentence: str) -> bool:
    """Each content word of ``value`` that is no amount or unit lies in
    ``other_sentence``."""
    other = _word_set(surface_normal(other_sentence))
    return all(_has_word(other, word) for word in plain_words(surface_normal(value))
               if not function_word(word) and not _amount_word(word)
               and not _unit_compound(word))


def _unit_compound(word: str) -> bool:
    """A unit, or an amount joined to its unit ("7-day", "week-long" read as "7-day")."""
    head, _, unit = word.rpartition("-")
    return is_unit_word(word) or (bool(head) and is_unit_word(unit))


def _price_rounded(old: Signature, new: Signature) -> bool:
    """Each side's prices are the other's, in order of size, one of each pair a charm
    price told rounded ("$12.99" -> "$13", "$129" -> "$130"), and nothing else amounted:
    a rounded figure is the same price.  Counts are never rounded so ("129 killed" ->
    "130 killed" is news), nor a price that moved past its rounding ("$1,249" ->
    "$1,279")."""
    olds = sorted(old.amounts.elements(), key=_price_order)
    news = sorted(new.amounts.elements(), key=_price_order)
    if not olds or len(olds) != len(news) or olds == news:
        return False
    return all(_rounding_of(a, b) for a, b in zip(olds, news, strict=True))


_PRICE = re.compile(r"(?P<qualifier>[^:]*):(?P<currency>[^\d.]+)(?P<value>\d+(?:\.\d+)?)$")


def _price_order(amount: str) -> tuple[str, str, float]:
    """An amount's currency and size, to pair one side's prices with the other's."""
    price = _PRICE.match(amount)
    if price is None:
        return ("", amount, 0.0)
    return (price["qualifier"], price["currency"], float(price["value"]))


def _rounding_of(a: str, b: str) -> bool:
    if a == b:
        return True
    x, y = _PRICE.match(a), _PRICE.match(b)
    if x is None or y is None or x["qualifier"] != y["qualifier"] or (
            x["currency"] != y["currency"]):
        return False
    exact, told = sorted((x["value"], y["value"]), key=_significant, reverse=True)
    # the exact price a charm price ("$12.99", "$129"): a price that moved by a little
    # ("$2,200" -> "$2,198" in a deals list) is a new price
    return exact.endswith("9") and abs(float(exact) - float(told)) <= ROUNDING * max(
        float(exact), float(told)) and float(f"{float(exact):.{_significant(told)}g}") == (
        float(told))


def _significant(value: str) -> int:
    """The significant digits of a written amount ("12.99": 4, "130": 2)."""
    return len(Decimal(value).normalize().as_tuple().digits)


def _day_told_twice(change: Change, versions: Versions) -> bool:
    """A date added beside the day its sentence already names ("on Sunday night" -> "on
    Sunday night, June 22", published the next day), or dropped from beside it: the value
    states dates only, and the other version's sentence names each of them."""
    value = change.new or change.old or ""
    sentence = change.new_sentence if change.new else change.old_sentence
    other = change.old_sentence if change.new else change.new_sentence
    if not sentence or not other:
        return False
    told = versions.signature(value, sentence)
    if not told.dates or not replace(told, dates=Counter()).is_empty():
        return False
    return not (told.dates - versions.signature(other).dates)


def _glues_no_sign(char: str) -> bool:
    return not is_word_char(char) and char != "$"


def _opens_amount(char: str) -> bool:
    return char == "$" or char.isdecimal()


def _dropped_as_surface(change: Change) -> bool:
    """The part added or removed holds an amount or a time (or is the sign glued to one:
    the "F" of "F$500"), and none of its words is left once the surface forms have read
    its sentence: it told again what the sentence says."""
    value = change.new or change.old or ""
    sentence = (change.new_sentence if change.new else change.old_sentence) or ""
    words = plain_words(value)
    if not any(c.isdigit() for c in value):  # only a sign glued to an amount: "F" of "F$500"
        sign = value.split()[-1] if value.split() else ""
        if not occurs_between(sign, sentence, _glues_no_sign, _opens_amount):
            return False
        words = [sign.lower()]  # ("to F": what the sign follows is the sentence's own word)
    if not sentence:
        return False
    left = set(plain_words(surface_normal(sentence)))
    return not any(word in left for word in words)


def _unit_only(value: str | None) -> bool:
    """``value`` is a unit's name and nothing else ("degrees Celsius", "km")."""
    return _measure_named(value) is not None


def _measure_named(value: str | None) -> str | None:
    """The measure of the unit ``value`` names and nothing else ("temperature" for
    "degrees Celsius"), None when it is not one."""
    unit = unit_table().get(" ".join(plain_words(value or "")))
    return None if unit is None else unit[0]


def _units_alone(change: Change) -> bool:
    """A unit's name added or dropped, or written another way ("degrees Celsius" ->
    "C"), with no amount in the change."""
    if change.action != "changed":
        return _unit_only(change.old or change.new)
    measure = _measure_named(conversion_dropped(change.old, change.old_sentence))
    return measure is not None and measure == _measure_named(
        conversion_dropped(change.new, change.new_sentence))  # ("kilometres" -> "km
    # (3,100 miles)" beside the same 5,000: the conversion is the amount told twice)


def _name_spelling(text: str) -> str:
    """``text`` as _spelling writes it, in lower case, without an article, a possessive or
    an acronym in brackets: "Andhra Pradesh's pollution control board said" and "The
    Andhra Pradesh Pollution Control Board (APPCB) said" name one source."""
    return " ".join(_NAME_FURNITURE.sub(" ", _spelling(text)).lower().split())


def _spelling(text: str) -> str:
    """``text`` as surface_normal writes it, with each dotted abbreviation's letters run
    together: "Ex-F.B.I." and "Ex-FBI" are one spelling (the tokeniser reads a dotted
    abbreviation as a word of its own only where it stands alone)."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), surface_normal(text))


def _told_both_ways(old_value: Signature, new_value: Signature, versions: Versions) -> bool:
    """What each side of a change states, the other version tells too (names spelt out,
    or named by the acronym a version defines for them)."""
    old_value = acronyms_known(old_value, versions.new, versions.acronyms)
    new_value = acronyms_known(new_value, versions.old, versions.acronyms)
    return _retold(_spelt_names_out(old_value, versions.new_words), versions.new,
                   dropped=True) and _retold(
        _spelt_names_out(new_value, versions.old_words), versions.old)


def _named_or_described(change: Change, old_value: Signature, new_value: Signature,
                        versions: Versions) -> bool:
    """One side names who or what the other only describes, saying nothing else the
    description does not, and each side's facts the other version tells: the same one,
    now named or described ("her 2-year-old self" -> "2-year-old Yuki" in a story about
    Yuki; not "a health centre" -> "a health centre and a gas station in Auckland")."""
    if bool(old_value.names) == bool(new_value.names) or not _same_values(
            old_value, new_value) or has_saying(old_value) or has_saying(new_value):
        return False
    named, described = (change.old, change.new) if old_value.names else (
        change.new, change.old)
    names = old_value.names or new_value.names
    name_words = {word for name in names for word in name.split()}
    rest = {w for w in plain_words(named or "") if w not in name_words and not function_word(w)}
    return rest <= set(plain_words(described or "")) and _told_both_ways(
        old_value, new_value, versions)


def _furniture(change: Change) -> bool:
    """What the change says lies inside its sentence's furniture (furniture.txt): a
    dateline, an update stamp, a caption, a note to the reader."""
    sides = [(change.old, change.old_sentence), (change.new, change.new_sentence)]
    present = [(value.strip(), sentence) for value, sentence in sides if value]
    return bool(present) and all(
        sentence is not None and _in_furniture(value, sentence) for value, sentence in present)


def _in_furniture(value: str, sentence: str) -> bool:
    return any(value in match.group(0)
               for rule in furniture_rules() for match in rule.finditer(sentence))


# A future told the headline's way ("Easyjet to resume flights") or the body's ("will
# resume", "says it will resume"): what follows is the same claim.
_FUTURE_MARKER = re.compile(
    r"\b(?:(?:says|said)\s+(?:it|he|she|they|we)\s+will|(?:is|are)\s+to|to|will)\s+",
    re.IGNORECASE)
_HEADLINE_FUTURE = re.compile(r"(?:is\s+|are\s+)?to\b", re.IGNORECASE)  # "(is) to V"


def _future_either_way(old: str, new: str) -> bool:
    """``old`` and ``new`` tell one future, one as "to V" and the other as "will V", the
    same subject before it or none ("British Airways will make up" -> "British Airways to
    make up"; a headline's label before it left out: "Coronavirus UK: British ...")."""
    old, new = without_label(old) or old, without_label(new) or new
    a, b = _FUTURE_MARKER.search(old), _FUTURE_MARKER.search(new)
    if a is None or b is None:
        return False
    return (old[:a.start()].lower() == new[:b.start()].lower()
            and old[a.end():].lower() == new[b.end():].lower()
            and (_HEADLINE_FUTURE.match(a.group(0)) is None)
            != (_HEADLINE_FUTURE.match(b.group(0)) is None))


def _same_day_told_later(change: Change, versions: Versions) -> bool:
    """The two sentences name the same days when each reads its relative dates from the
    day its own version was seen ("talks resume tomorrow" -> "talks resume today", a day
    later): the story moved with the clock, not the date."""
    seen_old, seen_new = versions.old_doc.captured, versions.new_doc.captured
    if seen_old is None or seen_new is None or seen_old.date() == seen_new.date() or not (
            change.old_sentence and change.new_sentence):
        return False
    for old_day, new_day in _local_days(seen_old, seen_new):
        old = signature(change.old_sentence, replace(versions.ctx, anchor=old_day))
        new = signature(change.new_sentence, replace(versions.ctx, anchor=new_day))
        if old.dates and same_facts(hardened(old), hardened(new)):
            return True
    return False


# Where an outlet may be, from UTC-12 to UTC+14: "today" in a US story seen at 01:50 UTC
# is the day before in UTC, in a New Zealand one seen at 20:00 UTC the day after.
_OUTLET_OFFSETS = (timedelta(0), timedelta(hours=-12), timedelta(hours=14))


def _local_days(seen_old: datetime, seen_new: datetime) -> list[tuple[date, date]]:
    """The days each version was seen on where the outlet is, for each place it may be
    (one outlet, one clock for both versions)."""
    if seen_old.tzinfo is None or seen_new.tzinfo is None:
        return [(seen_old.date(), seen_new.date())]
    old, new = seen_old.astimezone(UTC), seen_new.astimezone(UTC)
    return list(dict.fromkeys(((old + offset).date(), (new + offset).date())
                              for offset in _OUTLET_OFFSETS))


def _dateline(change: Change, versions: Versions) -> bool:
    """A headline's date that is the page's own day of publication: a live page's or a
    daily briefing's dateline, added or dropped, not an event's date changed."""
    published = versions.old_doc.published or versions.new_doc.published
    if published is None or change.action == "changed":
        return False
    value = versions.signature(change.old or change.new or "")
    day = published.date().isoformat()
    return bool(value.dates) and all(d.endswith(day) for d in value.dates)


def _spelt_names_out(sig: Signature, other_words: frozenset[str]) -> Signature:
    """``sig`` without the names whose every word the other version has, in any case (a
    Title Case Headline hides "Senate" as a name; the body's "a Senate plan" is no news)."""
    return replace(sig, names=frozenset(
        n for n in sig.names if not all(w in other_words for w in plain_words(n))))


WORDS_COVERED = 0.8  # share of a span's content words the other version must have


def _words_covered(span: str | None, words: frozenset[str],
                   besides: frozenset[str] = frozenset()) -> bool:
    """Most of the span's content words (``besides`` these) are in the other version: it
    says what it said, not something new with the same names ("The mines will be drawn
    from existing U.S. stockpiles, officials said" adds the stockpiles)."""
    content = [w for w in plain_words(surface_normal(span or ""))
               if not function_word(w) and w not in besides]
    return not content or sum(_has_word(words, w) for w in content) >= (
        WORDS_COVERED * len(content))


def _has_word(words: frozenset[str], word: str) -> bool:
    """``word`` or its plural or singular ("Canadian" for "Canadians")."""
    return word in words or f"{word}s" in words or (
        word.endswith("s") and word[:-1] in words)


# Kinds whose facts a signature cannot see (the words of a quotation, a restrictive
# clause "who led the raid"): the judge never calls such a change empty.
_UNSEEN_KINDS = frozenset({"quote", "condition"})
# ... and those whose wording alone can carry the fact ("league data" -> "the club").
_WORDED_KINDS = _UNSEEN_KINDS | {"attribution"}


def _judge_sentences(change: Change, versions: Versions, old: str,
                     new: str) -> Verdict | None:
    if typo_only(old, new) and _same_values(versions.signature(old), versions.signature(new)):
        return Verdict(False, "typo")
    if _cut_short(old, new):
        return Verdict(False, "feed cut")
    if plain_words(surface_normal(old)) == plain_words(surface_normal(new)):
        return Verdict(False, "format")
    if _paraphrased(old, new):
        return Verdict(False, "paraphrase")  # "throw them away" -> "discard them"
    if is_question(old) and is_question(new) and same_facts(
            versions.signature(old), versions.signature(new)):
        return Verdict(False, "question")  # asks, whatever its kind: it asserts nothing
    if change.kind == "attribution" and same_source_besides_told_names(
            versions.signature(old), versions.signature(new), versions):
        return Verdict(False, "same source")  # "both companies claim" -> "the companies
        # ... claim": who says it is what an attribution change is about, and signatures
        # read it
    if change.action != "changed" and (old, new) != (versions.old_title, versions.new_title):
        return None  # an added or removed part is judged by what it says, below; a
        # headline's part is judged with the whole headline, rewritten around it
    if change.kind in _UNSEEN_KINDS and (versions.signature(change.old or "", old).is_empty()
                                         or versions.signature(change.new or "", new).is_empty()):
        return None  # a restriction without a marker ("who are registered ...")
    old, new = said_alike(old, new)  # "capsized" -> "overturned": one event, one word
    a, b = hardened(versions.signature(old)), hardened(versions.signature(new))
    a, b = (replace(a, names=unspelled(a.names, b.names, new)),  # "EMA" and "European
            replace(b, names=unspelled(b.names, a.names, old)))  # Medicines Agency" spelt
    if change.kind != "attribution":  # a role reworded ("agency" -> "regulator") is no source
        a, b = replace(a, sources=frozenset()), replace(b, sources=frozenset())
    if not same_facts(a, b):
        return None
    if versions.signature(change.old or "", old).is_empty() and versions.signature(
            change.new or "", new).is_empty() and not _words_covered(
            change.new, frozenset(plain_words(surface_normal(old)))):
        return None  # new words the judge cannot read ("conspiracy" -> "handling stolen
        # goods" after "charged with"): the diff saw something, leave it
    return Verdict(False, "same facts")


def _paraphrased(old: str, new: str) -> bool:
    """The two sentences are one but for members of a paraphrase group (and the pronoun
    a phrasal one may hold): "should throw them away" -> "should discard them"."""
    said = said_alike(old, new)
    if said == (old, new):
        return False

    def words(text: str) -> list[str]:
        return [w for w in plain_words(surface_normal(text)) if w not in PRONOUNS]
    return words(said[0]) == words(said[1])


@lru_cache(maxsize=2048)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(plain_words(text))


def said_alike(old: str, new: str) -> tuple[str, str]:
    """The two sentences with the members of a paraphrase group read as the group's name
    where each sentence uses another member of it ("the ferry capsized" / "the ferry
    overturned"); a member on one side only stays as written."""
    first_words, patterns = paraphrase_groups()
    old_words, new_words = _word_set(old), _word_set(new)
    for group, firsts in first_words.items():
        old_hits, new_hits = firsts & old_words, firsts & new_words
        if not (old_hits and new_hits) or old_hits == new_hits:
            continue  # no member on a side, or the same words on both: nothing to read alike
        pattern = patterns[group]
        old_said = {m.lower() for m in pattern.findall(old)}
        new_said = {m.lower() for m in pattern.findall(new)}
        if old_said and new_said and old_said != new_said:
            old, new = pattern.sub(group, old), pattern.sub(group, new)
    return _metres_alike(old, new), _metres_alike(new, old)


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


# A headline that explains or asks rather than states: "Why X might not be ...", "How X
# ...", "X is mutating. Here's what that means", "What we know about X".
_EXPLAINER = re.compile(
    r"^(?:why|how|what|who|where|which)\b|\b(?:here'?s|here is) (?:what|why|how)\b"
    r"|\bwhat (?:we|you) (?:know|need to know)\b", re.IGNORECASE)


def _explains(headline: str) -> bool:
    normal = surface_normal(headline)
    return is_question(normal) or _EXPLAINER.search(normal.replace("’", "'")) is not None


def _asked_same(old: str, new: str, ctx: Context) -> bool:
    """Two asking headlines about the same things: the same names and dates, and the same
    amounts (a number in a question is a fact it takes for granted: "Why 12 died")."""
    a = analyse_in_context(surface_normal(old), ctx)
    b = analyse_in_context(surface_normal(new), ctx)
    title_case = title_cased(a) or title_cased(b)
    return same_facts(question_signature(a, title_case), question_signature(b, title_case)) and (
        counted_amounts(a) == counted_amounts(b))


_SENTENCE_END = re.compile(r"[.!?:]")


def _asked_without_facts(change: Change, versions: Versions) -> bool:
    """A question added or dropped that names no amount, date, name or quotation: the
    scope or figure a question names is news to the labellers ("How does contact
    tracing work in England?" -> "... work?"), its wording is not."""
    value, sentence = change.old or change.new or "", change.old_sentence or (
        change.new_sentence or "")
    if not _asked(value, sentence):
        return False
    sig = versions.signature(value, sentence)
    return not (sig.amounts or sig.dates or sig.names or sig.quoted or sig.conditions)


def _asked_state(change: Change) -> bool:
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


def _same_values(a: Signature, b: Signature) -> bool:
    return a.amounts == b.amounts and a.dates == b.dates and a.negations == b.negations


CUT_SHORTER = 0.85  # a version cut by its feed is clearly shorter than the other
_CUT_MARK = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_CUT_END = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|read (?:full article|more)\b.*|"
                      r"continue reading\b.*|remaining paragraphs\b.*|comments)\s*$",
                      re.IGNORECASE)


def _cut_short(old: str, new: str) -> bool:
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
    of a sentence cut at a length, which says nothing yet."""
    last = sentences[-1] if sentences else ""
    stub = _CUT_MARK.search(last) is not None and len(
        _CUT_MARK.sub("", last).split()) <= MAX_STUB_WORDS
    return frozenset({last}) if stub else frozenset()


def _tail(sentences: list[str], other: set[str]) -> list[str]:
    shared = [k for k, s in enumerate(sentences) if (key := surface_normal(s)) and key in other]
    return sentences[shared[-1] + 1:] if shared else sentences


def _text_unless_furniture(doc: Document) -> str:
    """The version's text, or nothing when all of it is furniture (its cut mark, "Read
    full article", is furniture too: it must reach feed_cut)."""
    from monitor.text import story_paragraphs

    return doc.text if story_paragraphs(doc.title, doc.text) else ""


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
    )


def severity(change: Change, versions: Versions) -> str:
    """``high`` for what a reader acts on: an amount, a date, a restriction, a negation,
    the state of a person or an event (died, arrested, charged, resigned, approved,
    cancelled); a status change that is only framing is ``medium``.  Whole sentences added
    or removed keep the diff's cap at ``medium``; quotes stay ``low``."""
    if change.action != "changed":
        return change.severity
    if change.kind == "date":
        return "high"
    if change.kind != "status":
        return change.severity
    old = hardened(versions.signature(change.old_sentence or ""))
    new = hardened(versions.signature(change.new_sentence or ""))
    event = old.negations != new.negations or old.states != new.states or (
        old.logic != new.logic)
    return "high" if event else "medium"


def judge(result: DiffResult, old: Document, new: Document, ctx: Context) -> DiffResult:
    """``result`` with the changes the judge finds to be wording moved to its cosmetic
    edits (with the reason)."""
    if not result.changes:
        # Wording alone: only a role marker or a swap of two names or closed-class nouns
        # the tables know ("Iran" -> "Iraq") is promoted (the other promotions, tried here,
        # took 5 more cosmetic pairs in 129)
        result.changes = _once([shown(change) for change in [
            *_promote(result, lambda edit: _sure_fact(edit, ctx)),
            *_promote(result, _plan_told_done, "function words")]])
        return result
    known = Versions(old, new, ctx)
    # a plan told as done is a state the story moved to, whatever the judge reads below
    kept: list[Change] = _promote(result, _plan_told_done, "function words")
    # a wording edit promoted to a fact is then judged like every other candidate
    promoted = _promote(result, lambda edit: _new_fact(edit, known))
    for candidate in [*result.changes, *promoted]:
        change = _compounds_whole(candidate)
        if change.kind == "status" and _plan_and_deed(change.old, change.new):
            # "is set to impose" -> "imposes": the event happened, however little else
            # the headline changed (the headline readings below would call it wording)
            kept.append(change)
            continue
        verdict = judge_change(change, known)
        if verdict.keep and candidate in result.parts:
            kept.extend(_in_parts(change, result.parts[candidate], known))
        elif verdict.keep:
            change = _one_sided(replace(change, severity=severity(change, known)), known)
            parts = _like_for_like(change, known)
            if not parts:  # two parts of a rewrite, neither stating a fact the other lacks
                result.cosmetic.append(CosmeticEdit(change.old, change.new, "same facts"))
            kept.extend(part for split in parts for part in _new_clauses(split, known))
        else:
            result.cosmetic.append(CosmeticEdit(change.old, change.new, verdict.reason))
    result.changes = _once([unlabelled(shown(change)) for change in kept])
    return result


# a hyphen joining an amount at a value's edge to its unit: "four" of "four-year ban"
# (not "two-factor": a unit is a span of time or a measure, signatures.is_unit_word)
_UNIT_AFTER = re.compile(r"-[^\W\d_]+")
_AMOUNT_BEFORE = re.compile(r"(?<![\w.,-])([\d.,]+|[^\W\d_]+)-$")


def _compounds_whole(change: Change) -> Change:
    """``change`` with each value grown to the whole of an amount's compound it cuts
    ("appeals four" of "appeals four-year doping ban" is "appeals four-year"): an amount
    read without its unit says another thing ("four-year" is a span of time, "four" a
    count)."""
    old = _compound_whole(change.old, change.old_sentence)
    new = _compound_whole(change.new, change.new_sentence)
    return change if (old, new) == (change.old, change.new) else replace(change, old=old,
                                                                         new=new)


def _compound_whole(value: str | None, sentence: str | None) -> str | None:
    if not value or not sentence or (at := sentence.find(value)) < 0:
        return value
    start, end = at, at + len(value)
    after = _UNIT_AFTER.match(sentence, end)
    if after and _amount_word(value.split()[-1]) and is_unit_word(after.group(0)[1:]):
        end = after.end()
    before = _AMOUNT_BEFORE.search(sentence, 0, start)
    if before and _amount_word(before.group(1)) and is_unit_word(value.split()[0]):
        start = before.start()
    return sentence[start:end]


def _amount_word(word: str) -> bool:
    """Digits or a number word: "1,000", "four", "twenty"."""
    return bool(re.fullmatch(r"\d[\d.,]*", word)) or word.lower() in SMALL_NUMBERS or (
        word.lower() in TENS)


def _in_parts(whole: Change, parts: list[Change], versions: Versions) -> list[Change]:
    """A kept headline told by the parts of it the judge keeps too ("Looting continued in
    New York", "military helicopters ... in DC"), or whole when it keeps none."""
    kept = [part for part in parts if judge_change(part, versions).keep]
    return kept or [whole]




def _once(changes: list[Change]) -> list[Change]:
    """One change per value: a headline's clause and the text repeating the headline
    may both report "Fed officials indicate ..." removed, read as two kinds."""
    seen: set[tuple[str, str | None, str | None]] = set()
    kept = []
    for change in changes:
        key = (change.action, change.old, change.new)
        if key not in seen:
            seen.add(key)
            kept.append(change)
    return kept


def _one_sided(change: Change, versions: Versions) -> Change:
    """A "changed" fact whose one side the other still says is that other side's fact
    added (or this side's removed): "Tasmania" -> "Tas, one new case" adds "one new case",
    it replaces nothing.  A source or a quotation named anew replaces its old self ("a
    fire officer" -> "fire officer Marla Deane" is who says it, changed)."""
    if change.action != "changed" or not (change.old and change.new) or (
            change.kind in _WORDED_KINDS):
        return change
    old = versions.signature(change.old, change.old_sentence)
    new = versions.signature(change.new, change.new_sentence)
    if not _same_claim(old, new):
        return change  # "will step down" -> "will not step down": the claim itself changed
    new_words = frozenset(plain_words(surface_normal(change.new_sentence or change.new)))
    old_words = frozenset(plain_words(surface_normal(change.old_sentence or change.old)))
    if covered_by(old, new) and _words_covered(change.old, new_words) and not covered_by(
            new, old) and _lacks_kind(change.kind, versions.signature(change.old_sentence or "")):
        return replace(change, action="added", old=None)
    if covered_by(new, old) and _words_covered(change.new, old_words) and not covered_by(
            old, new) and _lacks_kind(change.kind, versions.signature(change.new_sentence or "")):
        return replace(change, action="removed", new=None)
    return change


# What a value must state for a change of its kind to be a value replaced, one side for
# the other.  Attribution and quotation are read from their wording, not a signature.
# A status or a restriction can be replaced by a clause that states neither ("only to
# homes served by the plant" -> "to all homes"; "did not respond" -> "said it was
# cooperating"): those kinds are left as the diff paired them.  Amounts and dates are
# one slot: a fragment cut from its sentence can read "March 3" as a number; a count
# can stand for what it counts ("several villages" -> "the town of Istiaia": the place).
_CARRIES: dict[str, Callable[[Signature], object]] = {
    "number": lambda sig: sig.amounts or sig.dates,
    "date": lambda sig: sig.amounts or sig.dates,
    "entity": lambda sig: sig.names or sig.nouns or sig.amounts,
}
_KIND_OF: dict[str, Callable[[Signature], object]] = {
    "number": lambda sig: sig.amounts,
    "date": lambda sig: sig.dates,
    "status": lambda sig: sig.states or sig.negations or sig.modality,
    "condition": lambda sig: sig.conditions,
    "entity": lambda sig: sig.names or sig.nouns,
}


def _like_for_like(change: Change, versions: Versions) -> list[Change]:
    """A "changed" fact is one value replaced by another of its kind.  When one side
    states nothing of that kind ("Today is set to be" -> "Britons ignore lockdown rules"
    as a date), the alignment paired two unrelated parts of a rewritten sentence: what
    happened is the old part's facts removed and the new part's added, each reported
    only if the other version does not still say it, and by the kind of what it says."""
    carries = _CARRIES.get(change.kind)
    if change.action != "changed" or carries is None or not (change.old and change.new):
        return [change]
    old = versions.signature(change.old, change.old_sentence)
    new = versions.signature(change.new, change.new_sentence)
    if carries(old) and carries(new):
        return [change]
    # the side stating none of it; where the other states one, an amount or a date
    # stands against a part that names a place, a person or a thing ("plus northern
    # Pennsylvania" -> "Monday morning"): two facts, however short the parts
    lacking, lacking_sig = (change.new, new) if carries(old) else (change.old, old)
    named_for_amount = change.kind in ("number", "date") and (
        carries(old) or carries(new)) and bool(lacking_sig.names or lacking_sig.nouns)
    if _same_slot(change.kind, change.old, change.new, lacking) and not named_for_amount:
        return [change]
    parts = []
    if not old.is_empty() and not _still_said(old, change.old, versions.new, versions.new_words
                                               ) and not _unit_only(change.old):
        parts.append(_one_part(change, old, "removed"))
    if not new.is_empty() and not _still_said(new, change.new, versions.old, versions.old_words
                                               ) and not _unit_only(change.new):
        parts.append(_one_part(change, new, "added"))
    return parts


def _one_part(change: Change, sig: Signature, action: str) -> Change:
    """One side of a split change (``sig``: what it says), by the kind of what it says."""
    kind = _kind_of(sig)
    old, new = (change.old, None) if action == "removed" else (None, change.new)
    return replace(change, kind=kind, action=action, old=old, new=new,
                   severity=whole_sentence_severity(kind))


MIN_FRAGMENT_WORDS = 3  # a shorter part is a value in its own right ("twice", "the EV")
# Words that tell how many or how often without a figure: a short part holding one stands
# for an amount ("twice" -> "three times", "repeatedly" -> "several times").
_AMOUNT_WORDS = VAGUE_AMOUNTS | {"once", "twice", "thrice", "repeatedly", "many", "multiple",
                                 "countless", "again", "often", "rarely", "some", "most",
                                 "all", "no", "none"}


def _same_slot(kind: str, old: str, new: str, lacking: str) -> bool:
    """The two parts are about one thing: the part stating no value of the kind
    (``lacking``) is short and so stands for one (a name, "the EV"; a date,
    "mid-February"; for an amount, a word telling how many: "twice" -> "three times",
    not "on day two" -> "report & highlights"; but "begins Friday" -> "will make its
    way" is a day dropped), and parts sharing a content word name the same thing
    ("a predetermined period" -> "a period ranging from four hours to two weeks")."""
    old_words, new_words = plain_words(surface_normal(old)), plain_words(surface_normal(new))
    short = plain_words(surface_normal(lacking))
    if len(short) < MIN_FRAGMENT_WORDS and (kind != "number" or set(short) & _AMOUNT_WORDS):
        return True
    return any(_has_word(frozenset(new_words), w) for w in old_words if not function_word(w))


def _still_said(value: Signature, span: str, whole: Signature, words: frozenset[str]) -> bool:
    """What ``span`` states (``value``) the other version (``whole``, its ``words``) says
    too, its names spelt out in any case, a year read as a count on one side its date on
    the other ("since their last 1964 premiership" and "premiership win in 1964")."""
    value, whole = _years_as_dates(value), _years_as_dates(whole)
    if not covered_by(_spelt_names_out(value, words), whole):
        return False
    if value.names and value.names <= whole.names:  # "in Holland" beside "the Netherlands":
        # the names told by other names of theirs; what the span says besides them counts
        return _words_covered(span, words, besides=_capitalised_words(span))
    return _words_covered(span, words)


_YEAR_AMOUNT = re.compile(r":(?:19|20)\d\d")  # a bare amount that may be a year


def _years_as_dates(sig: Signature) -> Signature:
    """``sig`` with each bare amount a year could be ("1964") read as that year's date."""
    years = Counter({key: n for key, n in sig.amounts.items() if _YEAR_AMOUNT.fullmatch(key)})
    if not years:
        return sig
    counted = Counter({key: n for key, n in sig.counted.items()
                       if f":{key.split(' ')[0]}" not in years})  # ("1964 premiership")
    return replace(sig, amounts=sig.amounts - years, dates=sig.dates + years,
                   counted=counted)


def _capitalised_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][\w'’-]*", text))


def _kind_of(sig: Signature) -> FactKind:
    """The kind of what a part says, the hardest fact first."""
    for kind, says in _KIND_OF.items():
        if says(sig):
            return cast(FactKind, kind)
    return "quote" if sig.quoted else "attribution" if sig.sources else "entity"


# Where a headline's clauses meet: punctuation, and the words that join a second clause
# ("WA restrictions ease, ship cases spike"; "Police arrest man as search continues").
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:|]|\s[-–—]\s|\b(?:as|after|while|amid|but|and then)\b)\s*")
MIN_CLAUSE_WORDS = 2


def _new_clauses(change: Change, versions: Versions) -> list[Change]:
    """A headline added or removed whole, shown by its clauses the other version does
    not tell ("WA restrictions ease, ship cases spike" adds "ship cases spike" when the
    story already said restrictions ease); each clause keeps the change's kind unless
    it states a fact of its own kind.  A headline whose every clause is new, or none, is
    shown whole."""
    value = change.new if change.action == "added" else change.old
    title = versions.new_title if change.action == "added" else versions.old_title
    if change.action == "changed" or not value or value.strip() != title.strip():
        return [change]
    clauses = [c for c in _CLAUSE_BREAK.split(value) if len(plain_words(c)) >= MIN_CLAUSE_WORDS]
    if len(clauses) < 2:
        return [change]
    whole, words = (versions.old, versions.old_words) if change.action == "added" else (
        versions.new, versions.new_words)
    fresh = [c for c in clauses
             if not _still_said(versions.signature(c, title), c, whole, words)]
    if not fresh or len(fresh) == len(clauses):
        return [change]
    return [_clause_change(change, clause, versions.signature(clause, title))
            for clause in fresh]


def _clause_change(change: Change, clause: str, sig: Signature) -> Change:
    kind = _kind_of(sig) if not sig.is_empty() else cast(FactKind, change.kind)
    if change.action == "added":
        return replace(change, kind=kind, new=clause)
    return replace(change, kind=kind, old=clause)


def _lacks_kind(kind: str, sentence: Signature) -> bool:
    """The sentence states no amount (no date) at all, for a number (date) change: its
    counterpart's is new, not a value changed ("tomorrow morning" -> "this morning" is a
    date changed; "The 32 most bizarre lines" -> "Most bizarre lines" drops a count)."""
    return not {"number": sentence.amounts, "date": sentence.dates}.get(kind)


def _same_claim(a: Signature, b: Signature) -> bool:
    """The same negations, modality, states and restrictions: what differs, if anything,
    is an amount, a date, a name or a noun one side adds."""
    a, b = hardened(a), hardened(b)
    return (a.negations == b.negations and a.modality == b.modality and a.states == b.states
            and a.conditions == b.conditions and a.scope == b.scope)


def _noun_swap(edit: CosmeticEdit, ctx: Context) -> bool:
    """One member of a closed noun class for another ("cousin" -> "uncle", "hydrogen" ->
    "helium"): never the same thing, whatever else the pair changed."""
    if not edit.old or not edit.new:
        return False
    old, new = signature(edit.old, ctx).nouns, signature(edit.new, ctx).nouns
    return any({m for c, m in old if c == shared} != {m for c, m in new if c == shared}
               for shared in {c for c, _ in old} & {c for c, _ in new}) or _person_recast(
        edit.old, edit.new, old, new)


# Classes of nouns that tell who a person is: one swapped for a noun of another of them
# is a different identity for the same role ("Driver who drove into a tea party" ->
# "Woman who drove ...", the labelling rules' own example).
_PERSON_CLASSES = frozenset({"kinship", "sex-age", "road-user", "office", "rank"})


def _person_recast(old: str, new: str, old_nouns: frozenset[tuple[str, str]],
                   new_nouns: frozenset[tuple[str, str]]) -> bool:
    """One word for one word, each a person noun of a different class ("Driver" ->
    "Woman")."""
    if len(old.split()) != 1 or len(new.split()) != 1:
        return False
    old_classes = {c for c, _ in old_nouns} & _PERSON_CLASSES
    new_classes = {c for c, _ in new_nouns} & _PERSON_CLASSES
    return bool(old_classes) and bool(new_classes) and not old_classes & new_classes


def _name_swap(edit: CosmeticEdit) -> bool:
    old, new = (edit.old or "").split(), (edit.new or "").split()
    changed = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    return len(old) == len(new) and len(changed) == 1 and distinct_known_names(*changed[0])


def _promote(result: DiffResult, promote: Callable[[CosmeticEdit], Change | None],
             reason: str = "wording") -> list[Change]:
    """The changes ``promote`` sees in the edits the diff took for wording (or for another
    ``reason``), those edits taken out of the cosmetic ones."""
    promoted: list[Change] = []
    for edit in list(result.cosmetic):
        change = promote(edit) if edit.reason == reason else None
        if change is not None:
            result.cosmetic.remove(edit)
            promoted.append(change)
    return promoted


# A plan in a headline's words: "Council to hold vote", "EU is set to impose tariffs"
_PLAN_MARKER = r"(?:(?:is|are)\s+)?(?:set\s+)?to\s+"
_PLANNED = re.compile(_PLAN_MARKER + r"([a-z]+)", re.IGNORECASE)


def _plan_told_done(edit: CosmeticEdit) -> Change | None:
    """A plan told as done, or done told as a plan ("Council to hold vote" -> "Council
    holds vote", "Man to be charged" -> "Man charged"): planned -> happening is a state
    of the event, not its tense (the diff reads "to" and "to be" as function words; "will
    hold" -> "holds" it reports itself)."""
    sides = (edit.old, edit.new) if _plan_and_deed(edit.old, edit.new) else (
        _passive_plan_sides(edit))
    if sides is None:
        return None
    return Change("status", "changed", sides[0], sides[1], edit.old_sentence,
                  edit.new_sentence, "medium")


def _passive_plan_sides(edit: CosmeticEdit) -> tuple[str | None, str | None] | None:
    """A passive plan's marker dropped or put before its participle ("to be" of "Man to be
    charged" -> "Man charged"), as the change's two sides, else None."""
    if edit.old and not edit.new:
        deed = _passive_plan_deed(edit.old, edit.old_sentence, edit.new_sentence)
        return (f"{edit.old} {deed}", deed) if deed else None
    if edit.new and not edit.old:
        deed = _passive_plan_deed(edit.new, edit.new_sentence, edit.old_sentence)
        return (deed, f"{edit.new} {deed}") if deed else None
    return None


_PASSIVE_PLAN = re.compile(_PLAN_MARKER + "be", re.IGNORECASE)  # "Man [to be] charged"


def _passive_plan_deed(plan: str | None, sentence: str | None,
                       other: str | None) -> str | None:
    """The participle after a passive plan ("to be" of "Man to be charged") when the other
    sentence tells it without the plan ("Man charged"), else None."""
    if not plan or not sentence or not other or not _PASSIVE_PLAN.fullmatch(plan.strip()):
        return None
    after = re.search(rf"{re.escape(plan.strip())}\s+(\w+ed)\b", sentence)
    if after is None or re.search(rf"\b{re.escape(after.group(1))}\b", other) is None:
        return None
    return after.group(1)


def _plan_and_deed(old: str | None, new: str | None) -> bool:
    """One value a plan ("to hold", "is set to impose"), the other the same verb as done
    or happening ("holds", "imposed")."""
    stem = _english_stemmer().stemWord
    for plan, done in ((old, new), (new, old)):
        match = _PLANNED.fullmatch((plan or "").strip())
        word = (done or "").strip().lower()
        if match and word.isalpha() and not word.endswith("ing") and (
                word != match.group(1).lower()) and stem(word) == stem(match.group(1).lower()):
            return True  # (not "to mark" -> "marking": a purpose told another way)
    return False


def _sure_fact(edit: CosmeticEdit, ctx: Context) -> Change | None:
    """A fact change whatever else the pair says: a person's state word added or dropped,
    one known name or closed-class noun for another."""
    word_fact = _word_fact(edit)
    if word_fact is not None:
        return word_fact
    if _name_swap(edit) or _noun_swap(edit, ctx) or _role_swap(edit):
        return Change("entity", "changed", edit.old, edit.new, edit.old_sentence,
                      edit.new_sentence, "medium")
    return None


def _role_swap(edit: CosmeticEdit) -> bool:
    """One word for another before the same role's noun (role_heads.txt): "a police chief"
    -> "a fire chief" is another person, "the health ministry" -> "the finance ministry"
    another body."""
    old, new = (edit.old or "").strip(), (edit.new or "").strip()
    a, b = old.lower(), new.lower()
    if not (old.isalpha() and new.isalpha()) or a.startswith(b) or b.startswith(a) or (
            function_word(a) or function_word(b)):
        return False  # ("Meteorological" -> "Met" Office: one word shortened)
    head = _word_after(old, edit.old_sentence)
    return head is not None and head in role_heads() and head == _word_after(
        new, edit.new_sentence)


def _word_after(word: str, sentence: str | None) -> str | None:
    """The word right after ``word`` (a whole word) in ``sentence``, lower case."""
    found = re.search(rf"(?<!\w){re.escape(word)}\s+([^\W\d_]+)", sentence or "")
    return found.group(1).lower() if found else None


def _new_fact(edit: CosmeticEdit, versions: Versions) -> Change | None:
    """A new fact in a wording edit of a pair with other changes: a person's state word, a
    name or a member of a closed noun class that the other version never mentions
    ("hydrogen" -> "helium", "in Leeds" -> "in York"), or a different amount or date."""
    word_fact = _word_fact(edit)
    if word_fact is not None:
        return word_fact
    if not edit.old or not edit.new or _specified(edit.old, edit.new):
        return None
    kind = _new_fact_kind(versions.signature(edit.old), versions.signature(edit.new),
                          versions)
    if kind is None:
        return None
    return Change(kind, "changed", edit.old, edit.new, edit.old_sentence, edit.new_sentence,
                  "high" if kind in ("number", "date") else "medium")


def _unseen_noun(part: Signature, whole: Signature) -> bool:
    """``part`` names a member of a closed noun class that ``whole`` (the other version)
    names no member of: the police, a helicopter, a cousin brought in."""
    classes = {c for c, _ in whole.nouns}
    return any(c not in classes for c, _ in part.nouns)


def _word_fact(edit: CosmeticEdit) -> Change | None:
    """A status change one word makes, whatever else the pair says: a person's state word
    added or dropped ("Minister X" -> "Former minister X"), a word negated by its prefix
    ("unvaccinated" -> "vaccinated")."""
    if _role_marked(edit):
        action = "added" if edit.old is None else "removed"
    elif _negated_word(edit):
        action = "changed"
    else:
        return None
    return Change("status", action, edit.old, edit.new, edit.old_sentence, edit.new_sentence,
                  "high")


def _role_marked(edit: CosmeticEdit) -> bool:
    """A word telling a person's state (role_markers.txt) added or dropped on its own
    ("Minister X" -> "Former minister X"; "he is also accused" is a clause, not a title;
    "killed" -> "left dead" says one thing two ways)."""
    if edit.old and edit.new:
        return False
    words = plain_words((edit.old or edit.new or "").lower())
    return len(words) <= 2 and bool(set(words) & role_markers())


def _new_fact_kind(old: Signature, new: Signature, versions: Versions) -> str | None:
    if old.amounts != new.amounts and (old.amounts or new.amounts):
        return "number"
    if old.dates != new.dates and (old.dates or new.dates):
        return "date"
    if old.nouns != new.nouns and old.nouns and new.nouns:
        return "entity"
    if _unseen_noun(new, versions.old):
        return "entity"  # "for new demonstrations" -> "are met by police", never named before
        # (a member dropped may be renamed outside the class: "passengers" -> "travellers")
    fresh = [n for n in new.names if not named_in(n, versions.old.names)]
    gone = [n for n in old.names if not named_in(n, versions.new.names)]
    return "entity" if fresh or gone else None
