"""The same words spelt another way: a typo or two in ordinary words, a slip
undone that the other version spells right, a dotted abbreviation run together; and what
is never a typo (a word reversed by its prefix, another known name: "Iran" -> "Iraq").
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz.distance import OSA

from monitor.facts.compare import plain_words
from monitor.facts.judge.specified import ending_with
from monitor.facts.judge.versions import Versions
from monitor.facts.judge_data import (
    alias_key,
    alias_table,
    confusables,
    noun_classes,
    number_slips,
    opposed_prefixes,
    opposites,
    reversing_prefixes,
)
from monitor.facts.lexicon import IRREGULAR_VERBS, STATUS, is_common_word
from monitor.facts.signatures import surface_normal
from monitor.facts.stems import stem


def typo_only(old: str, new: str) -> bool:
    """The two sentences differ only by small misspellings of ordinary words ("form" ->
    "from", "one again" -> "once again", "Sheffler" -> "Scheffler"), never in a digit,
    a negation or a short name ("Iran" -> "Iraq")."""
    pairs = _words_swapped(old, new)
    new_words = new.split()
    return pairs is not None and len(pairs) <= 2 and all(
        _misspelling(a, b, in_name=_in_longer_name(new_words, k)) for k, a, b in pairs)


def number_slips_only(old: str, new: str) -> bool:
    """The two sentences differ only by numbers written for words or the other way,
    each a slip number_slips.txt lists ("How 2 watch" -> "How to watch"): the amounts
    the sentences seem to differ by were never amounts."""
    pairs = _words_swapped(old, new)
    return pairs is not None and all(
        _same_group(number_slips(), _bare(a).lower(), _bare(b).lower()) for _k, a, b in pairs)


def year_slip_only(old: str, new: str) -> bool:
    """The two sentences differ only by a year written with a digit too many ("purchased
    in 20221" -> "in 2021"): no year has five digits, and one digit less is the year the
    writer meant (each way round)."""
    pairs = _words_swapped(old, new)
    return pairs is not None and bool(pairs) and all(
        _year_slip(_bare(a), _bare(b)) or _year_slip(_bare(b), _bare(a)) for _k, a, b in pairs)


YEARS = range(1900, 2101)  # the years a news story's slip of one digit is read as


def _year_slip(slip: str, year: str) -> bool:
    """``slip`` is five digits, and ``year`` a year it gives with one of them dropped."""
    return slip.isdigit() and len(slip) == 5 and year.isdigit() and int(year) in YEARS and any(
        slip[:k] + slip[k + 1:] == year for k in range(len(slip)))


def _words_swapped(old: str, new: str) -> list[tuple[int, str, str]] | None:
    """The words of two sentences of as many words that differ, with their place (None
    when the sentences are the same or differ in length)."""
    old_words, new_words = old.split(), new.split()
    if len(old_words) != len(new_words) or old == new:
        return None
    return [(k, a, b) for k, (a, b) in enumerate(zip(old_words, new_words, strict=True))
            if a != b]


def _bare(word: str) -> str:
    """A word without the punctuation and quotation marks around it."""
    return word.strip(".,;:!?\"'“”‘’()")


def swap_undone(old: str, new: str, versions: Versions) -> bool:
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
    core_a, core_b = _bare(a), _bare(b)
    if core_a.lower() == core_b.lower():
        return True  # capitals or punctuation
    if _two_states(core_a.lower(), core_b.lower()):
        return False  # "could" -> "would": two words of two states, each spelt right
    if _two_members(core_a.lower(), core_b.lower()):
        return False  # "northern" -> "southern": two members of one closed noun class
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
    # a name's word among its other words ("Argyris Krizise" -> "Argyris Kriezis") is
    # spelt out by them: two letters may differ from six on, as in a long word (a word
    # alone: "(R-North" -> "(R-South" is another state)
    long_enough = 6 if name and in_name and core_a.isalpha() and core_b.isalpha() else 8
    return OSA.distance(core_a.lower(), core_b.lower()) <= (
        1 if len(core_b) < long_enough else 2)


def _two_states(a: str, b: str) -> bool:
    """Both words state something (status.txt), each something else."""
    return a in STATUS and b in STATUS and STATUS[a] != STATUS[b]


def _two_members(a: str, b: str) -> bool:
    """Both words are members of the closed noun classes (noun_classes.txt), each another
    member: never one misspelt, however few letters differ ("aunt" -> "aunts" is one)."""
    classes = noun_classes()
    return a in classes and b in classes and classes[a] != classes[b]


def _confused(a: str, b: str) -> bool:
    return _same_group(confusables(), a, b)


def _same_group(groups: dict[str, str], a: str, b: str) -> bool:
    """Both words stand in one group of a table of word groups."""
    group = groups.get(a)
    return group is not None and group == groups.get(b)


def reversed_by_prefix(a: str, b: str, prefixes: frozenset[str] | None = None) -> bool:
    """One word is the other with a prefix that turns it into another thing (any of
    ``prefixes``, by default reversing_prefixes()): "vaccinated" / "unvaccinated" is no
    misspelling."""
    short, head = ending_with(a.lower(), b.lower())
    return bool(short) and head is not None and (
        head in (reversing_prefixes() if prefixes is None else prefixes))


_OPPOSED_STEM = 4  # letters the two words share after their prefixes, at least


def opposite_by_prefix(a: str, b: str) -> bool:
    """The two words are one stem behind two opposed prefixes (opposed_prefixes.txt):
    "underestimate" / "overestimate", "imports" / "exports", "upgraded" / "downgraded"."""
    a, b = a.lower(), b.lower()
    return any(_behind(a, b, *sorted(pair)) for pair in opposed_prefixes())


def _behind(a: str, b: str, one: str, other: str) -> bool:
    for x, y in ((a, b), (b, a)):
        if x.startswith(one) and y.startswith(other):
            stem_x, stem_y = x[len(one):].lstrip("-"), y[len(other):].lstrip("-")
            if stem_x == stem_y and len(stem_x) >= _OPPOSED_STEM:
                return True
    return False


def opposite_by_meaning(a: str, b: str) -> bool:
    """The two words are antonyms in any of their forms (opposites.txt): "highest" /
    "lowest", "deliberately" / "accidentally", "arrived" / "left"."""
    table = _opposite_stems()
    return any(y in table.get(x, ()) for x in _bases(a.lower()) for y in _bases(b.lower()))


@cache
def _opposite_stems() -> dict[str, frozenset[str]]:
    """Each antonym's stem -> the stems of its antonyms."""
    table: dict[str, set[str]] = {}
    for pair in opposites():
        a, b = sorted(pair)
        if stem(a) != stem(b):
            table.setdefault(stem(a), set()).add(stem(b))
            table.setdefault(stem(b), set()).add(stem(a))
    return {word: frozenset(others) for word, others in table.items()}


# An adjective's comparison endings, which the Snowball stemmer keeps ("highest" ->
# "highest"): the bare adjective is read too, its doubled consonant undone ("biggest")
_COMPARED = re.compile(r"(?:(?P<double>[bdgmnpt])(?P=double)|\w)(?:est|er)$")


def _bases(word: str) -> set[str]:
    """The stems ``word`` may stand for: its own, its verb's for an irregular form ("left"
    -> "leave"), and its adjective's for a comparative or superlative ("lowest" ->
    "low")."""
    bases = {stem(word), stem(IRREGULAR_VERBS.get(word, word))}
    compared = _COMPARED.search(word)
    if compared and len(word) > 4:
        bare = word[:compared.start()] + (compared.group("double") or compared.group(0)[0])
        bases.add(stem(bare))
    return bases


def distinct_known_names(a: str, b: str) -> bool:
    """Both words are names in the alias tables (countries, peoples, news names), and
    not of one thing: "Iran" and "Iraq"."""
    known = alias_table()
    canon_a, canon_b = known.get(alias_key(a)), known.get(alias_key(b))
    return canon_a is not None and canon_b is not None and canon_a != canon_b


# a dotted abbreviation anywhere in a word ("Ex-F.B.I.", "U.S.-led"), its letters alone
_DOTTED = re.compile(r"(?<![^\W\d_])(?:[A-Z]\.){2,}")


# what a name's spelling may drop: its article, a possessive, the acronym it defines
_NAME_FURNITURE = re.compile(r"^the\s+|['’]s\b|\((?-i:[A-Z]{2,8})\)", re.IGNORECASE)


def name_spelling_key(text: str) -> str:
    """``text`` as spelling_key writes it, in lower case, without an article, a possessive or
    an acronym in brackets: "Andhra Pradesh's pollution control board said" and "The
    Andhra Pradesh Pollution Control Board (APPCB) said" name one source."""
    return " ".join(_NAME_FURNITURE.sub(" ", spelling_key(text)).lower().split())


def spelling_key(text: str) -> str:
    """``text`` as surface_normal writes it, with each dotted abbreviation's letters run
    together: "Ex-F.B.I." and "Ex-FBI" are one spelling (the tokeniser reads a dotted
    abbreviation as a word of its own only where it stands alone)."""
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), surface_normal(text))
