"""The judge's tables (monitor/facts/data/judge): surface forms, furniture, word lists,
aliases, closed noun classes, units and paraphrases, each loaded once and checked (a
malformed line, or an alias or word listed twice, is a JudgeDataError at load, so at test
time)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from monitor.facts.lexicon import (
    LexiconError,
    parse_groups,
    parse_phrases,
    parse_words,
)
from monitor.facts.rule_gates import Replacement, fold

DATA = Path(__file__).parent / "data" / "judge"


class JudgeDataError(ValueError):
    """A judge data file is malformed (raised when it is loaded, checked by the tests)."""


_PLAIN_WORD = re.compile(r"\\b([a-z]+)\\b")  # a rule that swaps one word for a text


@cache
def surface_rules() -> tuple[tuple[re.Pattern[str], Replacement], ...]:
    """The rules of surface_forms.txt, in order; a run of rules that each swap one plain
    word ("\\bfirst\\b => 1") runs as one pattern (the same result: the words are
    distinct, so no rule of the run can match another's output; a twentieth of the subs)."""
    rules: list[tuple[re.Pattern[str], Replacement]] = []
    words: dict[str, str] = {}
    for number, line in _data_lines("surface_forms.txt"):
        pattern, sep, replacement = line.rpartition("=>")
        if not sep:
            raise JudgeDataError(f"surface_forms.txt:{number}: expected 'pattern => text'")
        text = replacement.strip().strip('"')
        word = _PLAIN_WORD.fullmatch(pattern.strip())
        if word and "\\" not in text:
            words[word.group(1)] = text
            continue
        _flush_words(words, rules)
        try:
            rules.append((re.compile(pattern.strip(), re.IGNORECASE), text))
        except re.error as exc:
            raise JudgeDataError(f"surface_forms.txt:{number}: {exc}") from None
    _flush_words(words, rules)
    return tuple(rules)


def _flush_words(words: dict[str, str], rules: list[tuple[re.Pattern[str], Replacement]]
                 ) -> None:
    if not words:
        return
    table = dict(words)
    alternation = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    # fold, not lower: IGNORECASE matches "fİfth" and "ſecond" too, whose lower() is no key
    rules.append((re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE),
                  lambda match: table[fold(match.group(0))]))
    words.clear()


@cache
def furniture_rules() -> tuple[re.Pattern[str], ...]:
    rules = []
    for number, line in _data_lines("furniture.txt"):
        try:
            rules.append(re.compile(line.strip(), re.IGNORECASE))
        except re.error as exc:
            raise JudgeDataError(f"furniture.txt:{number}: {exc}") from None
    return tuple(rules)


def _word_file(name: str) -> frozenset[str]:
    """A word table of data/judge, read like the lexicon's (a repeat is an error)."""
    return parse_words((DATA / name).read_text(encoding="utf-8"), name)


def _group_file(name: str) -> dict[str, str]:
    """A table of word groups of data/judge, each word -> its group (a word in two groups
    is an error)."""
    return parse_groups((DATA / name).read_text(encoding="utf-8"), name)


@cache
def soft_states() -> frozenset[str]:
    """The framing states."""
    return _word_file("soft_states.txt")


def _pair_file(name: str) -> frozenset[frozenset[str]]:
    """A table of data/judge with two words a line, each line a pair (a repeat is an
    error)."""
    pairs = [frozenset(pair.split()) for pair in
             parse_phrases((DATA / name).read_text(encoding="utf-8"), name)]
    odd = [" ".join(sorted(pair)) for pair in pairs if len(pair) != 2]
    if odd:
        raise LexiconError(f"{name}: a line names two different words, not {odd[0]!r}")
    return frozenset(pairs)


@cache
def opposed_states() -> frozenset[frozenset[str]]:
    """Pairs of framing states that contradict each other (opposed_states.txt)."""
    return _pair_file("opposed_states.txt")


@cache
def party_tag_states() -> dict[str, str]:
    """An AP state abbreviation, without its dots, lower case -> the state it names in a
    party tag (party_tag_states.txt: "la" -> "Louisiana", "nc" -> "North Carolina")."""
    table: dict[str, str] = {}
    for number, line in _data_lines("party_tag_states.txt"):
        abbreviation, sep, state = line.partition(":")
        key = abbreviation.strip().replace(".", "").lower()
        if not sep or not state.strip() or key in table:
            raise JudgeDataError(f"party_tag_states.txt:{number}: expected a new 'Abbr.: State'")
        table[key] = state.strip()
    return table


@cache
def negated_states() -> dict[str, str]:
    """A state -> the state its denial tells (negated_states.txt: "approve" -> "reject",
    "not allowed" is "prohibited")."""
    table: dict[str, str] = {}
    for number, line in _data_lines("negated_states.txt"):
        state, sep, denied = (part.strip() for part in line.partition(":"))
        if not sep or not state or not denied or " " in denied or state in table:
            raise JudgeDataError(f"negated_states.txt:{number}: expected a new 'state: state'")
        table[state] = denied
    return table


@cache
def opposites() -> frozenset[frozenset[str]]:
    """Pairs of words that mean the opposite of each other (opposites.txt, WordNet's)."""
    return _pair_file("opposites.txt")


@cache
def opposed_prefixes() -> frozenset[frozenset[str]]:
    """Pairs of prefixes that make a word's opposite (opposed_prefixes.txt)."""
    return _pair_file("opposed_prefixes.txt")


@cache
def stative_verbs() -> frozenset[str]:
    """Verbs that tell a state, not an event (stative_verbs.txt)."""
    return _word_file("stative_verbs.txt")


@cache
def single_offices() -> frozenset[str]:
    """Offices one person holds at a time, by which news calls that person
    (single_offices.txt: "prime minister", "pm", "leader")."""
    return frozenset(parse_phrases((DATA / "single_offices.txt").read_text(encoding="utf-8"),
                                   "single_offices.txt"))


@cache
def compelling_verbs() -> frozenset[str]:
    """Verbs whose object's "to V" is no plan of the subject (compelling_verbs.txt)."""
    return _word_file("compelling_verbs.txt")


@cache
def listicle_nouns() -> frozenset[str]:
    """The nouns a list article counts (listicle_nouns.txt)."""
    return _word_file("listicle_nouns.txt")


@cache
def medium_states() -> frozenset[str]:
    """The states whose change alone is reported at ``medium``, not ``high``."""
    return _word_file("medium_states.txt")


@cache
def origin_participles() -> frozenset[str]:
    """The participles that end a name compound of origin ("Italian-built")."""
    return _word_file("origin_participles.txt")


@cache
def body_kinds() -> frozenset[str]:
    """The nouns that call an organisation by its kind ("the housing group")."""
    return _word_file("body_kinds.txt")


@cache
def body_families() -> tuple[frozenset[str], ...]:
    """The families of words that call a body by its kind (body_families.txt), and the
    businesses' (firm_nouns.txt): two words of one family may call one body."""
    families: list[frozenset[str]] = []
    for number, line in _data_lines("body_families.txt"):
        _family, sep, words = line.partition(":")
        if not sep or not words.split() or len(set(words.split())) != len(words.split()):
            raise JudgeDataError(f"body_families.txt:{number}: expected 'family: words', "
                                 "each once")
        families.append(frozenset(words.split()))
    return (*families, firm_nouns())


@cache
def firm_nouns() -> frozenset[str]:
    """The nouns that call a business by its kind ("the company", "the cooperative")."""
    return _word_file("firm_nouns.txt")


@cache
def company_suffixes() -> frozenset[str]:
    """The words that end a company's registered name ("Ltd", "Inc")."""
    return _word_file("company_suffixes.txt")


@cache
def role_markers() -> frozenset[str]:
    return _word_file("role_markers.txt")


@cache
def role_marker_states() -> dict[str, str]:
    """A role marker the status lexicon does not list -> the state it tells ("late" ->
    "dead"; role_marker_states.txt)."""
    return _group_file("role_marker_states.txt")


@cache
def state_nouns() -> dict[str, str]:
    """A noun telling the state of the people it names -> that state ("bodies" ->
    "dead"; state_nouns.txt)."""
    return _group_file("state_nouns.txt")


@cache
def role_heads() -> frozenset[str]:
    """The nouns naming a role by what it serves ("chief", "ministry")."""
    return _word_file("role_heads.txt")


@cache
def role_synonyms() -> dict[str, str]:
    """A role noun -> its group of role_synonyms.txt (words that call one person's role:
    "chairman", "chief")."""
    return _group_file("role_synonyms.txt")


@cache
def negating_prefixes() -> frozenset[str]:
    return _word_file("negating_prefixes.txt")


@cache
def reversing_prefixes() -> frozenset[str]:
    """Every prefix that makes a word another thing: the negating ones and the rest."""
    return negating_prefixes() | _word_file("reversing_prefixes.txt")


@cache
def confusables() -> dict[str, str]:
    """Word -> its group of confusables.txt (words written for one another)."""
    return _group_file("confusables.txt")


@cache
def number_slips() -> dict[str, str]:
    """Word -> its group of number_slips.txt (a number written for a word: "2" for "to")."""
    return _group_file("number_slips.txt")


@cache
def given_names() -> dict[str, str]:
    """A given name or its familiar form -> the name (given_names.txt: "bill" -> "william")."""
    return _group_file("given_names.txt")


@cache
def alias_table() -> dict[str, str]:
    """Lower-cased alias -> canonical name, from country_aliases.txt, state_aliases.txt
    (both generated, see tools/), then news_aliases.txt."""
    table: dict[str, str] = {}
    for name in ("country_aliases.txt", "state_aliases.txt", "news_aliases.txt"):
        for number, line in _data_lines(name):
            canonical, sep, aliases = line.partition(":")
            if not sep:
                raise JudgeDataError(f"{name}:{number}: expected 'canonical: alias | ...'")
            key = alias_key(canonical)
            for alias in [canonical, *aliases.split("|")]:
                if alias.strip():
                    _claim(table, alias_key(alias), key, f"{name}:{number}")
    return table


@cache
def countries() -> frozenset[str]:
    """The countries' canonical names, as alias_key writes them (country_aliases.txt)."""
    return frozenset(alias_key(line.partition(":")[0])
                     for _, line in _data_lines("country_aliases.txt"))


@cache
def country_regions() -> dict[str, frozenset[str]]:
    """A country's region (alias_key) -> the countries (canonical, alias_key) it is a
    region of, from country_regions.txt (generated, see tools/): "ontario" -> {"canada"};
    a name two countries give a region ("Georgia", "Victoria") belongs to both."""
    regions: dict[str, set[str]] = {}
    for number, line in _data_lines("country_regions.txt"):
        country, sep, names = line.partition(":")
        if not sep:
            raise JudgeDataError(
                f"country_regions.txt:{number}: expected 'country: region | ...'")
        for name in names.split("|"):
            regions.setdefault(alias_key(name), set()).add(alias_key(country))
    return {region: frozenset(owners) for region, owners in regions.items()}


@cache
def polity_nouns() -> frozenset[str]:
    """The nouns a story calls a country by ("the kingdom", "the island nation")."""
    return frozenset(line.strip() for _, line in _data_lines("polity_nouns.txt"))


@cache
def country_descriptors() -> frozenset[str]:
    """Lower-case words describing a country before its polity noun ("the Pacific atoll
    nation", "the landlocked country")."""
    return frozenset(line.strip() for _, line in _data_lines("country_descriptors.txt"))


@cache
def capitals() -> dict[str, str]:
    """A country's canonical name (alias_table's) -> its capital city, both as alias_key
    writes them ("lebanon" -> "beirut"; capitals.txt, generated, see tools/)."""
    table: dict[str, str] = {}
    for number, line in _data_lines("capitals.txt"):
        country, sep, city = line.partition(":")
        if not sep or not city.strip():
            raise JudgeDataError(f"capitals.txt:{number}: expected 'Country: Capital'")
        table[alias_key(country)] = alias_key(city)
    return table


@cache
def country_of_capital() -> dict[str, str]:
    """capitals() the other way: a capital city -> its country ("beirut" -> "lebanon"),
    a capital written with its district's initials known by its name alone too
    ("Washington D.C." and "Washington": "Beijing warns Washington")."""
    table = {city: country for country, city in capitals().items()}
    for _, line in _data_lines("capitals.txt"):
        country, _, city = line.partition(":")
        short = _DISTRICT_INITIALS.sub("", city.strip())
        if short != city.strip():
            table.setdefault(alias_key(short), alias_key(country))
    return table


_DISTRICT_INITIALS = re.compile(r",?\s+(?:[A-Z]\.){2,}$")  # "Washington D.C."


def _claim(table: dict[str, str], alias: str, name: str, where: str) -> None:
    """``alias`` names ``name``; an alias naming two things would make the later silently
    win ("Chinese" read as Macau), so it is an error in the tables."""
    if table.setdefault(alias, name) != name:
        raise JudgeDataError(f"{where}: {alias!r} already names {table[alias]!r}")


@cache
def noun_classes() -> dict[str, tuple[str, str]]:
    return parse_noun_classes(_data_lines("noun_classes.txt"))


def parse_noun_classes(lines: Iterable[tuple[int, str]]) -> dict[str, tuple[str, str]]:
    """Word -> (class, member) for the closed noun classes; a word in two classes or twice
    in one class is an error."""
    members: dict[str, tuple[str, str]] = {}
    for number, line in lines:
        cls, sep, words = line.partition(":")
        if not sep:
            raise JudgeDataError(f"noun_classes.txt:{number}: expected 'class: words'")
        for member in words.split():
            for spelling in member.split("/"):
                for form in (spelling, _plural(spelling)):
                    if form in members and members[form] != (cls.strip(), member):
                        raise JudgeDataError(
                            f"noun_classes.txt:{number}: {form!r} is already in "
                            f"{members[form][0]}")
                    members[form] = (cls.strip(), member)
    return members


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("fe"):
        return word[:-2] + "ves"
    return word + "s"


def _data_lines(name: str) -> Iterable[tuple[int, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _without_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def alias_key(text: str) -> str:
    # one key for a name written with or without its accents ("Türkiye", "Turkiye";
    # "São Paulo", "Sao Paulo")
    text = _without_accents(text.lower()).replace("’", "'").replace(".", "")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text)


@cache
def vague_ranges() -> dict[str, tuple[int, int]]:
    """Each vague amount of vague_ranges.txt ("~hundred") and the exact counts it covers."""
    table: dict[str, tuple[int, int]] = {}
    for number, line in _data_lines("vague_ranges.txt"):
        vague, sep, bounds = line.partition(":")
        low, _, high = bounds.strip().partition(" ")
        if not sep or not low.isdecimal() or not high.strip().isdecimal():
            raise JudgeDataError(f"vague_ranges.txt:{number}: expected '~word: lowest highest'")
        if vague.strip() in table:
            raise JudgeDataError(f"vague_ranges.txt:{number}: {vague.strip()!r} is listed twice")
        table[vague.strip()] = (int(low), int(high))
    return table


@cache
def unit_table() -> dict[str, tuple[str, str]]:
    """Each unit spelling of units.txt: its measure and its factor to the measure's base
    unit (or "C" / "F" for a temperature)."""
    table: dict[str, tuple[str, str]] = {}
    for number, line in _data_lines("units.txt"):
        head, sep, spellings = line.partition(":")
        measure, _, factor = head.strip().partition(" ")
        if not sep or not factor:
            raise JudgeDataError(f"units.txt:{number}: expected 'measure factor: unit | unit'")
        for spelling in spellings.split("|"):
            key = spelling.strip().lower()
            if key in table:
                raise JudgeDataError(f"units.txt:{number}: {key!r} is listed twice")
            table[key] = (measure, factor.strip())
    return table


@cache
def surface_rules_gated() -> tuple[tuple[re.Pattern[str], Replacement, bool], ...]:
    """The rules with whether they can only match next to a digit (most can: amounts,
    units, currencies), so a sentence without digits skips them."""
    return tuple((p, r, "\\d" in p.pattern and not p.pattern.startswith("\\b("))
                 for p, r in surface_rules())


@cache
def paraphrase_groups() -> tuple[dict[str, frozenset[str]], dict[str, re.Pattern[str]]]:
    """The paraphrase groups (paraphrases.txt): the words that open its members, by group
    (a cheap test before the patterns run: the first word of each member, and its second
    too where two members open alike, "tax breaks" and "tax exemptions"), and each
    group's pattern."""
    members: dict[str, list[str]] = {}
    for phrase, group in parse_groups((DATA / "paraphrases.txt").read_text(
            encoding="utf-8"), "paraphrases.txt").items():
        members.setdefault(group, []).append(phrase)
    first_words = {group: frozenset(_opening_words(words)) for group, words in members.items()}
    patterns = {group: re.compile(r"\b(?:" + "|".join(
        re.escape(p).replace(r"\ ", _PHRASE_GAP) for p in sorted(words, key=len, reverse=True))
        + r")\b", re.IGNORECASE) for group, words in members.items()}
    return first_words, patterns


@dataclass(frozen=True, slots=True)
class ContextParaphrase:
    """One group of paraphrases_in_context.txt: its members read alike where both
    sentences name one of its context words."""

    group: str
    context: frozenset[str]
    openings: frozenset[str]
    pattern: re.Pattern[str]


@cache
def context_paraphrases() -> tuple[ContextParaphrase, ...]:
    """The groups of paraphrases_in_context.txt, in file order."""
    name = "paraphrases_in_context.txt"
    groups: list[tuple[str, list[str], list[str]]] = []
    for number, line in _data_lines(name):
        if line[0].isspace() and groups:
            groups[-1][2].extend(_items(line))
            continue
        header, sep, items = line.partition("]:")
        group, bracket, context = header.partition("[")
        if not (sep and bracket and group.strip()):
            raise JudgeDataError(f"{name}:{number}: expected 'group [context, ...]: words'")
        groups.append((group.strip(), _items(context), _items(items)))
    return tuple(_context_group(name, *group) for group in groups)


def _items(text: str) -> list[str]:
    return [" ".join(item.split()).lower() for item in text.split(",") if item.strip()]


def _context_group(name: str, group: str, context: list[str],
                   members: list[str]) -> ContextParaphrase:
    if not context or len(set(members)) != len(members):
        raise JudgeDataError(f"{name}: group {group!r} needs context words and each member "
                             "once")
    pattern = re.compile(r"\b(?:" + "|".join(
        re.escape(m).replace(r"\ ", _PHRASE_GAP) for m in sorted(members, key=len, reverse=True))
        + r")\b", re.IGNORECASE)
    return ContextParaphrase(group, frozenset(context), frozenset(_opening_words(members)),
                             pattern)


def _opening_words(members: list[str]) -> set[str]:
    """Each member's first word, and its second where another member opens with the same
    first word (so that the test for a member on each side can tell them apart).  Words
    are split at hyphens too, as the sentences' word sets are ("English-speaking")."""
    split = [member.replace("-", " ").split() for member in members]
    firsts = [words[0] for words in split]
    opening = set(firsts)
    for words, first in zip(split, firsts, strict=True):
        if firsts.count(first) > 1 and len(words) > 1:
            opening.add(words[1])
    return opening


# between the words of a phrasal member, a pronoun object may stand ("throw them away")
_PHRASE_GAP = r"\s+(?:(?:them|it|him|her|us|me|you)\s+)?"


