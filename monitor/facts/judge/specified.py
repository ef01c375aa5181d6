"""One thing named two ways: more or less precisely ("virus" -> "coronavirus"),
or by two aliases of one name ("Coronavirus Cases" -> "Covid Cases", "R-North Carolina" ->
"R-N.C.").
"""

from __future__ import annotations

import re
from functools import cache

from monitor.facts.compare import function_word, plain_words
from monitor.facts.judge_data import (
    alias_key,
    alias_table,
    countries,
    country_descriptors,
    given_names,
    noun_classes,
    polity_nouns,
    reversing_prefixes,
)


def specified(old: str | None, new: str | None) -> bool:
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
    if _two_of_a_class(a, b):
        return False  # "mother" -> "grandmother": two members of one closed class
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


def _two_of_a_class(a: str, b: str) -> bool:
    classes = noun_classes()
    one, other = classes.get(a.lower()), classes.get(b.lower())
    return one is not None and other is not None and one[0] == other[0] and one != other


def _compound_of(a: str, b: str) -> bool:
    if "-" in a or "-" in b:
        return False  # a hyphenated alias ("covid-19") is a name, no compound of a word
    short, head = ending_with(a, b)
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


def ending_with(a: str, b: str) -> tuple[str, str | None]:
    """The shorter of two words, and what the longer puts before it (a hyphen dropped)
    when the longer ends with it, else None: ("virus", "corona") of "coronavirus"."""
    short, long = sorted((a, b), key=len)
    if not long.endswith(short):
        return short, None
    return short, long[:len(long) - len(short)].rstrip("-")


def countries_described(names: frozenset[str], others: frozenset[str], other: str,
                        told: frozenset[str]
                        ) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``names`` less the countries ``other`` (the other side's sentence) calls by the
    kind of state they are, and ``others`` less the words of that description ("Bhutan
    has eight stations" -> "The Himalayan kingdom has eight stations"; "Eswatini's
    biggest export" -> "the kingdom's", "Liberia's" -> "the West African country's"): a
    polity noun after "the" and at most two capitalised words that name no other country,
    for a country the other version names somewhere (``told``, its names).  Third, the
    description's words (lower-cased): a compass word among them is no place's part."""
    gone = {n for n in names - others if n in countries() and n in told}
    if not gone:
        return names, others, frozenset()
    for match in _described().finditer(other):
        # (only a country names another: "the West African country" is Liberia's)
        named = _named_country(match["words"].split())
        country = named or gone
        if named <= gone and len(country) == 1:
            said = _description_keys(match)
            return names - country, others - said, said
    return names, others, frozenset()


def described_regions(text: str) -> frozenset[str]:
    """The words (as names read them) of ``text``'s descriptions of a country that name
    no country ("the Pacific archipelago", "the Indian Ocean nation's"): where both sides
    describe the story's country, a region told in one description and not the other is
    wording ("the island nation" -> "the Pacific archipelago")."""
    return frozenset(key for match in _described().finditer(text)
                     if not _named_country(match["words"].split())
                     for key in _description_keys(match))


def _description_keys(match: re.Match[str]) -> frozenset[str]:
    """A description's words as names read them: each word, the capitalised ones as one
    name, and each as a compass part ("~west"); the polity noun too ("The Republic's" is
    read as a name)."""
    words = match["words"].split()
    keys = {alias_key(w) for w in [*words, match["noun"]]} | {alias_key(" ".join(words))}
    return frozenset(keys | {f"~{k}" for k in keys})


def _named_country(words: list[str]) -> set[str]:
    """The country a description's capitalised words name: as one name when there are
    several ("Indian Ocean" is no India), else the one word's ("Nepalese")."""
    country = alias_table().get(alias_key(" ".join(words))) if words else None
    return {country} if country in countries() else set()


def describes_a_country(text: str) -> bool:
    return _described().search(text) is not None


def in_a_country_description(value: str, sentence: str) -> bool:
    """``value`` lies inside one of ``sentence``'s descriptions of a country that names no
    country ("to the Himalayan" of "came to the Himalayan kingdom", its function words
    aside): a word describing the story's country, no place of its own."""
    words = {w for w in plain_words(value) if not function_word(w)}
    return bool(words) and any(
        words <= set(plain_words(match.group(0))) and not _named_country(
            match["words"].split()) for match in _described().finditer(sentence))


@cache
def _described() -> re.Pattern[str]:
    nouns = "|".join(sorted(map(re.escape, polity_nouns()), key=len, reverse=True))
    described = "|".join(sorted(map(re.escape, country_descriptors()), key=len, reverse=True))
    # a description's word: capitalised ("Himalayan", "Horn of Africa") or a describing
    # word in lower case ("the Pacific atoll nation")
    word = rf"(?:[A-Z][\w-]*(?:\s+of\s+[A-Z][\w-]*)?|(?:{described}))"
    return re.compile(r"\b(?i:the)\s+(?P<words>(?:" + word + r"\s+){0,3})(?P<noun>(?i:" + nouns
                      + r"))\b(?!\s+of\b)")


def countries_split(names: frozenset[str], others: frozenset[str]) -> frozenset[str]:
    """``names`` with a name that opens with a country's adjective read as the country and
    the rest, where the other side names that country apart ("Danish Civil Aviation" ->
    "Denmark's Civil Aviation": "denmark" and "civil aviation")."""
    out = set(names)
    for name in names - others:
        first, _, rest = name.partition(" ")
        country = alias_table().get(first)
        if rest and country in countries() and country in others:
            # the rest as the alias table reads it alone ("Kenyan High Court")
            out = (out - {name}) | {country, alias_table().get(rest, rest)}
    return frozenset(out)


# What kind of place a place is, before "of" and its name ("the port city of Odesa")
_PLACE_KINDS = ("city", "town", "village", "port", "capital", "state", "province", "region",
                "county", "island", "district", "suburb", "enclave", "territory")
_DESCRIBED_PLACE = re.compile(
    r"^(?:(?:in|at|near|from|to|on|into)\s+)?the\s+(?:[\w'’-]+\s+){0,2}?(?:"
    + "|".join(_PLACE_KINDS) + r")\s+of\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})$")


def place_described(value: str | None, other_sentence: str) -> bool:
    """``value`` is a place called by its kind and country before its name ("in the English
    city of Derby", "the port city of Odesa"), and the other version's sentence names the
    place: who it is was said, only what it is is added."""
    match = _DESCRIBED_PLACE.match((value or "").strip())
    return match is not None and re.search(
        rf"\b{re.escape(match['place'])}\b", other_sentence) is not None
