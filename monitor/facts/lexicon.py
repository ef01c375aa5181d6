"""The word lists of the fact core, loaded once from data/ and checked.

Each file in data/ is one table, in one of three formats (its header says which):

* groups (``group: word, word, ...``; an indented line continues the group above):
  many words to one value, e.g. status.txt maps "approved" and "authorized" to "approve";
* words (white space separated): a set, e.g. function_words.txt;
* phrases (one per line): an ordered list, e.g. qualifiers.txt.

``#`` starts a comment.  A word listed twice in one table (in two groups, or twice in
a set) is an error, raised when the table is loaded: a silent "the later one wins" is
what this check exists to prevent.  The English word list behind is_common_word()
(package english-words) is loaded on first use only.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar, cast

from monitor.text import word_set

# Package data (pyproject: tool.setuptools.package-data); read with pathlib, which
# importlib.resources would slow down by importing zipfile.
DATA_DIR = Path(__file__).with_name("data")

V = TypeVar("V")


class LexiconError(ValueError):
    """A data file of the fact core is malformed or lists a word twice."""


def data_text(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text without its comment) of the lines that hold something."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append((number, line))
    return out


def parse_groups(text: str, name: str = "<text>") -> dict[str, str]:
    """word -> group of a groups table, in file order; a word in two places is an error."""
    table: dict[str, str] = {}
    where: dict[str, int] = {}
    group: str | None = None
    for number, line in _lines(text):
        if line[0].isspace():
            if group is None:
                raise LexiconError(f"{name}:{number}: continuation line before any group")
            items = line
        else:
            group, sep, items = line.partition(": ")
            if not sep:
                group, sep, items = line.partition(":")
            if not sep or not group.strip():
                raise LexiconError(f"{name}:{number}: expected 'group: word, word, ...'")
            group = group.strip()
        for item in items.split(","):
            word = " ".join(item.split())
            if not word:
                continue
            if word in table:
                raise LexiconError(
                    f"{name}:{number}: {word!r} is listed twice: in group {table[word]!r} "
                    f"(line {where[word]}) and in group {group!r}; keep it in one group")
            table[word] = group
            where[word] = number
    return table


def parse_words(text: str, name: str = "<text>") -> frozenset[str]:
    """The words of a words table; a word listed twice is an error."""
    seen: dict[str, int] = {}
    for number, line in _lines(text):
        for word in line.split():
            if word in seen:
                raise LexiconError(f"{name}:{number}: {word!r} is listed twice "
                                   f"(first on line {seen[word]})")
            seen[word] = number
    return word_set(" ".join(seen))


def parse_phrases(text: str, name: str = "<text>") -> tuple[str, ...]:
    """The phrases of a phrases table, in order; a phrase listed twice is an error."""
    seen: dict[str, int] = {}
    for number, line in _lines(text):
        phrase = " ".join(line.split())
        if phrase in seen:
            raise LexiconError(f"{name}:{number}: {phrase!r} is listed twice "
                               f"(first on line {seen[phrase]})")
        seen[phrase] = number
    return tuple(seen)


def groups(name: str) -> dict[str, str]:
    return parse_groups(data_text(name), name)


def words(name: str) -> frozenset[str]:
    return parse_words(data_text(name), name)


def phrases(name: str) -> tuple[str, ...]:
    return parse_phrases(data_text(name), name)


def _int_values(table: dict[str, str], name: str) -> dict[str, int]:
    try:
        return {word: int(value) for word, value in table.items()}
    except ValueError as exc:
        raise LexiconError(f"{name}: group names must be whole numbers ({exc})") from None


def numbered(name: str) -> dict[str, int]:
    """A groups table whose groups are whole numbers ("3: march, mar")."""
    return _int_values(groups(name), name)


def _fractions(name: str) -> dict[str, float]:
    return {word: float(Fraction(value)) for word, value in groups(name).items()}


def _merged(first: dict[str, str], second: dict[str, str], name: str) -> dict[str, str]:
    """Two groups tables as one; a word in both is an error (it would name two units)."""
    twice = sorted(first.keys() & second.keys())
    if twice:
        raise LexiconError(f"{name}: {', '.join(twice)} already listed in another table")
    return {**first, **second}


def _where(table: dict[str, V], test: bool) -> dict[str, V]:
    return {word: value for word, value in table.items() if word.isalpha() == test}


# --------------------------------------------------------------------------- claims

# Polarity and modality of a claim, and the state of what it is about (data/status.txt).
STATUS = groups("status.txt")
# The status groups that say how a claim is held (negation, modality), not what state it
# names.
MODAL_GROUPS = frozenset({"not", "will", "may", "can", "must", "likely", "unconfirmed"})
# What opens a clause about who someone is ("Smith, who led the raid, was arrested").
PERSON_CLAUSE_OPENERS = frozenset({"who", "whose"})
# Verbs of two or three words read as one ("called off" -> cancel; data/phrasal_verbs.txt).
PHRASAL = groups("phrasal_verbs.txt")
# How a story moves from one state to the next: (from, to) status groups
# (data/state_moves.txt).
STATE_MOVES = frozenset(cast(tuple[str, str], tuple(pair.split()))
                        for pair in phrases("state_moves.txt"))
# Verbs of saying; the group decides whether a swap matters (data/speech.txt).
SPEECH = groups("speech.txt")
# Who a claim is attributed to when no name is given (data/sources.txt).
SOURCES = groups("sources.txt")
# Restrictions and their scope, by what they restrict (data/conditions.txt).
CONDITION_MEANING = groups("conditions.txt")
CONDITION = frozenset(CONDITION_MEANING)
# Quantifiers of a claim ("all" / "some" elective surgeries).
SCOPE = groups("scope.txt")


@cache
def later_states(state: str) -> frozenset[str]:
    """The states a story may reach after ``state`` by STATE_MOVES, one move or more
    ("arrest" -> "charge", "convict", "sentence", ...): each presupposes it."""
    reached: set[str] = set()
    frontier = {state}
    while frontier:
        frontier = {after for before, after in STATE_MOVES if before in frontier} - reached
        reached |= frontier
    return frozenset(reached)

# --------------------------------------------------------------------------- amounts

# Qualifiers of an amount ("at least 12"), as word tuples, in the order they are tried.
QUALIFIERS = tuple(tuple(phrase.split()) for phrase in phrases("qualifiers.txt"))
# Phrases that open a condition clause (condition_openers.txt), as word tuples
CONDITION_OPENERS = tuple(tuple(phrase.split()) for phrase in phrases("condition_openers.txt"))
QUALIFIER = word_set(" ".join(" ".join(q) for q in QUALIFIERS))
QUALIFIER_MEANING = groups("qualifier_meanings.txt")
_NUMBER_WORDS = numbered("number_words.txt")
SMALL_NUMBERS = {word: value for word, value in _NUMBER_WORDS.items() if value < 20}
TENS = {word: value for word, value in _NUMBER_WORDS.items() if value >= 20}
SCALES = numbered("scales.txt")
ORDINALS = numbered("ordinals.txt")
FRACTIONS = _fractions("fractions.txt")
DENOMINATORS = numbered("denominators.txt")  # "three [quarters] of"
VAGUE_AMOUNTS = words("vague_amounts.txt")
COUNTED_NOUNS = numbered("counted_nouns.txt")
_CURRENCIES = _merged(groups("currencies.txt"), groups("currency_units.txt"),
                      "currency_units.txt")  # (the second generated from CLDR, see tools/)
CURRENCY_SYMBOLS = _where(_CURRENCIES, False)  # "$", "₦" written before the amount
CURRENCY_WORDS = _where(_CURRENCIES, True)  # "dollars", "drams" written after it
# "AMD", "NZD", "Rp": an ISO code or a sign of letters, before or after the amount, read
# only as written ("ALL 300" is lek, "all 300" is not; generated, see tools/)
CURRENCY_CODES = groups("currency_codes.txt")
# The generic currency sign: a currency read but not named (a lone "P" glued to an amount
# may be pula or pesos), the same sum as an amount in any currency (compare.py)
ANY_CURRENCY = "¤"
# every unit an amount of money is written in ("$", "dram", "lek")
CURRENCY_UNITS = frozenset(_CURRENCIES.values()) | frozenset(CURRENCY_CODES.values())
CURRENCY_PREFIXES = groups("currency_prefixes.txt")  # "US$" -> "$", "R$" -> "R$"
PERCENT_WORDS = groups("percent_words.txt")
NUMBERED_NOUNS = words("numbered_nouns.txt")  # "grade [two]", "Category [3]"
NUMBERED_PLACES = words("numbered_places.txt")  # "Route [20]", "Gate [12]"
# Names written with a number apart ("Covid 19"): (word, number) pairs.
NUMBERED_NAMES = frozenset(cast(tuple[str, str], tuple(name.split()))
                           for name in phrases("numbered_names.txt"))
ROMAN_NUMERALS = numbered("roman_numerals.txt")  # "Phase [III]"

# --------------------------------------------------------------------------- dates

MONTHS = numbered("months.txt")
WEEKDAYS = numbered("weekdays.txt")
WEEKDAY_NAMES = tuple(tuple(p.split()) for p in phrases("weekday_names.txt"))  # "Mail on Sunday"
RELATIVE_DAYS = numbered("relative_days.txt")
DAY_PARTS = groups("day_parts.txt")  # "noon" -> "T12:00"
# The parts of a day a date is shown with: "night" too, which no date reads as a time ("a
# night raid", "overnight" is the part) but which, after a day, is that day's ("Saturday night")
SHOWN_DAY_PARTS = frozenset({*DAY_PARTS, "night"})
DATE_QUALIFIER = words("date_qualifiers.txt")
# Verbs of saying as often nouns after a word ("a swing state", "a police report"): no
# verb a speaker stands before
SPEECH_AS_NOUNS = frozenset({"state", "states", "report", "reports"})
# A span of time's word, as the days it lasts (a month as 30 days, a year as 12 of them:
# only the equality of two sides matters): "14 days" = "two weeks", "48 hours" = "two
# days", "12 months" = "a year" (signatures), "once a month" -> "once a week" (rules)
DAYS_IN_UNIT = {"second": 1 / 86400, "seconds": 1 / 86400, "minute": 1 / 1440,
                "minutes": 1 / 1440, "hour": 1 / 24, "hours": 1 / 24, "day": 1, "days": 1,
                "week": 7, "weeks": 7, "fortnight": 14, "fortnights": 14, "month": 30,
                "months": 30, "year": 360, "years": 360, "decade": 3600, "decades": 3600,
                "century": 36000, "centuries": 36000}
# The words before a span of time's word that make it a rate or a length ("every month",
# "once a week", "a day after"); not "per": "km per hour" is a speed's unit
PERIOD_MARKS = frozenset({"a", "an", "every", "each"})

# --------------------------------------------------------------------------- names

PLACE_WORDS = words("place_words.txt")
PLACE_RELATIONS = groups("place_relations.txt")  # "in" -> "at", "near" -> "near"
ALIASES = groups("aliases.txt")  # "united states" -> "us"
ROLE_NOUNS = words("role_nouns.txt")  # a spokesperson [for the office]
TITLES = words("titles.txt")  # "President" Joe Biden
DIRECTIONS = words("directions.txt")  # "southern" Idaho
LIFTED_AMOUNTS = words("lifted_amounts.txt")  # "lifts [policy rate]": an increase
OPENED_PROCEEDINGS = words("opened_proceedings.txt")  # "[a probe] was launched": opened
CONTESTS = words("contests.txt")  # "lost [the election]": the contest state
CAMPAIGNS = words("campaigns.txt")  # "opens [vaccination drive]": a start
TESTS_PASSED = words("tests_passed.txt")  # "passed [an inspection]": no approval
HURT_THINGS = words("hurt_things.txt")  # "hurt [their business]": no injury
LIFECYCLE_NOUNS = words("lifecycle_nouns.txt")  # "Wind Advisory [expires]"
MARKET_MOVES = words("market_moves.txt")  # "closed [1.3% lower]": a market's close
MARKET_SUBJECTS = words("market_subjects.txt")  # "[stocks] swing": a market's state
DISMISSED_CLAIMS = words("dismissed_claims.txt")  # "dismissed [the lawsuit]": a court's
# "[free of] charge", "[in] charge", "charging [stations]": no accusation
_CHARGES = groups("charges_not_legal.txt")
BEFORE_A_FEE = frozenset(w for w, group in _CHARGES.items() if group == "before")
BEFORE_A_FEE_TWO = frozenset(w for w, group in _CHARGES.items() if group == "two words before")
AFTER_CHARGING = frozenset(w for w, group in _CHARGES.items() if group == "after")
FEE_WORDS = frozenset(w for w, group in _CHARGES.items() if group == "fee words")
DEFERRING_VERBS = words("deferring_verbs.txt")  # "moved [the launch] until Thursday"
METRE_WORDS = words("metre_words.txt")  # "2m [wide]": metres, not millions

# --------------------------------------------------------------------------- grammar

DETERMINERS = words("determiners.txt")
# The generic last words of organisations' names ("Agency", "Administration").
BODY_WORDS = words("body_words.txt")
ARTICLES = frozenset({"a", "an", "the"})
# Forms of "be" and "have" as auxiliaries: they carry tense and voice, not a fact ("has
# died" -> "dies", "14 people were arrested"); modals ("will", "may") are no such word
AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have",
                         "had", "am"})
# The small words inside a name that are not among its initials ("Centers for Disease
# Control" is "CDC"; "Centre for Economics and Business Research" is "Cebr")
INITIAL_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "to"})
MODAL_VERBS = frozenset({"will", "would", "shall", "can", "could", "may", "might", "must",
                         "should"})
PREPOSITIONS = words("prepositions.txt")
DANGLING_WORDS = words("dangling_words.txt")  # a value never ends on one
FUNCTION_WORDS = words("function_words.txt")
QUESTION_OPENERS = words("question_openers.txt")  # "[Will] Covid-19 kill the office?"
NO_STATEMENT_OPENERS = tuple(tuple(p.split()) for p in phrases("no_statement_openers.txt"))
READER_POINTERS = words("reader_pointers.txt")  # "Follow all today's action live"
ACRONYM_WORDS = words("acronym_words.txt")  # "WHO": an acronym spelt like a small word
CONTRACTIONS = groups("contractions.txt")  # "n't" -> "not"
WORD_SPELLINGS = groups("word_spellings.txt")  # "not-for-profit" -> "nonprofit"
# An irregular past tense or participle -> its verb ("held" -> "hold")
IRREGULAR_VERBS = groups("irregular_verbs.txt")


def forgiving_lookup(word: str, table: dict[str, V]) -> str | None:
    """The key of ``table`` a word is, forgiving one slip in a long one ("mlilion",
    "precent"); keys are tried in table order."""
    if word in table:
        return word
    if len(word) >= 6:
        from rapidfuzz.distance import OSA

        size = len(word)
        for key in table:
            # (an edit distance is at least the difference in length: tested first)
            if len(key) >= 6 and -1 <= len(key) - size <= 1 and OSA.distance(word, key) <= 1:
                return key
    return None


@lru_cache(maxsize=1)
def _webster() -> AbstractSet[str]:
    """Webster's 2nd (via english-words), each word in its own case: a lower-case query
    only finds common words.  Kept as the package builds it: a frozen copy, or its union
    with the news words, cost every process ~50 ms of CPU for nothing."""
    from english_words import get_english_words_set

    return get_english_words_set(["web2"])


def is_english_word(word: str) -> bool:
    """``word`` as written in the word list, no inflection stripped ("top", "all")."""
    return _in_lexicon(word.lower())


def _in_lexicon(low: str) -> bool:
    """A lower-case English word (Webster's 2nd, and the news words it predates:
    data/news_words.txt): tells a sentence-initial common word ("Human rights groups",
    "Website helps users") from a name ("Texas")."""
    return low in _webster() or low in news_words()


@cache
def news_words() -> frozenset[str]:
    """Common words of today's news (tools/make_news_words.py writes the file)."""
    return words("news_words.txt")


def is_dictionary_word(word: str) -> bool:
    """The word, in lower case, is in the dictionary as written (no inflection read off)."""
    return _in_lexicon(word.lower())


def is_common_word(word: str) -> bool:
    low = word.lower()
    if "-" in low:
        return all(is_common_word(part) for part in low.split("-") if part)
    if low in FUNCTION_WORDS or low in STATUS or low in SPEECH or low in CONDITION:
        return True
    candidates = {low}
    if low.endswith("s"):
        candidates |= {low[:-1], low[:-2], low[:-3] + "y"}
    if low.endswith("ed"):
        candidates |= {low[:-1], low[:-2], low[:-3]}
    if low.endswith("ing"):
        candidates |= {low[:-3], low[:-3] + "e", low[:-4]}
    if low.endswith("ly"):
        candidates |= {low[:-2]}
    if low.endswith(("ier", "iest")):  # "earlier", "heaviest": the word list has "early"
        candidates |= {low[:low.rindex("i")] + "y"}
    return any(_in_lexicon(c) for c in candidates)
