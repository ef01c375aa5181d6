"""Amounts: runs of atoms that say how many, read into one number atom.

"$425 million" -> "$425000000", "five" -> "5", "1,000" -> "1000", "40 percent" ->
"40%", "2-1" (a score or range), "a dozen" -> "12", "dozens" -> "~dozen", "third"
(an ordinal) -> "ord3", "two-thirds of" -> "0.667".  The qualifier in front of an
amount ("at least 12") stays separate words, read by the functions at the end.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from monitor.facts.atoms import Atom, Span, rebuild
from monitor.facts.lexicon import (
    COUNTED_NOUNS,
    CURRENCY_CODES,
    CURRENCY_PREFIXES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DENOMINATORS,
    FRACTIONS,
    METRE_WORDS,
    NUMBERED_NOUNS,
    ORDINALS,
    PERCENT_WORDS,
    PREPOSITIONS,
    QUALIFIER,
    QUALIFIER_MEANING,
    QUALIFIERS,
    ROMAN_NUMERALS,
    SCALES,
    SMALL_NUMBERS,
    TENS,
    VAGUE_AMOUNTS,
    forgiving_lookup,
)

# One character for a common fraction ("3½", Unicode's vulgar fractions: tokens.py makes
# each a token): read as part of the amount it follows, by the value Unicode gives it.
VULGAR_FRACTIONS = {chr(c): unicodedata.numeric(chr(c))
                    for c in (*range(0xBC, 0xBF), *range(0x2150, 0x215F))}
_SMALL_DENOMINATORS = frozenset(range(2, 9))
# Words that can open an amount besides digits; and the first part of a hyphenated one
# ("twenty-one", "quarter-million").
_NUMBER_WORDS = frozenset({*SMALL_NUMBERS, *TENS, *ORDINALS, *VAGUE_AMOUNTS, *CURRENCY_SYMBOLS,
                           *FRACTIONS, *VULGAR_FRACTIONS, "a", *CURRENCY_PREFIXES,
                           *ROMAN_NUMERALS, *(code.lower() for code in CURRENCY_CODES)})
_HYPHEN_HEADS = frozenset({*TENS, *FRACTIONS})


# Compiled once: these run for every amount of every sentence.
_SUFFIX = re.compile(r"(st|nd|rd|th|s)$")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _parse_digits(text: str) -> float | None:
    text = _SUFFIX.sub("", text)
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


_SPELLED_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion"})


def _below_hundred(word: str) -> int | None:
    """A number word under a hundred: "five", "twenty", "eighty-nine"."""
    if word in SMALL_NUMBERS:
        return SMALL_NUMBERS[word]
    if word in TENS:
        return TENS[word]
    tens, dash, unit = word.partition("-")
    return TENS[tens] + SMALL_NUMBERS[unit] if dash and tens in TENS and (
        unit in SMALL_NUMBERS) else None


def _spelled(atoms: list[Atom], i: int) -> tuple[int, float] | None:
    """Spelled-out number at atoms[i]: "five", "twenty-one", "two hundred thousand"."""
    total, current, k, seen = 0.0, 0.0, i, False
    while k < len(atoms) and atoms[k].cat == "word":
        w = atoms[k].canon
        if (below_hundred := _below_hundred(w)) is not None:
            current += below_hundred
        elif w in _SPELLED_SCALES and seen:
            scale = SCALES[w]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif w == "and" and k > i and atoms[k - 1].canon in _SPELLED_SCALES and (
                k + 1 < len(atoms) and _below_hundred(atoms[k + 1].canon) is not None):
            pass  # "two hundred and eighty-nine"; never "five and six": two amounts
        else:
            break
        seen = True
        k += 1
    if not seen:
        return None
    return k, total + current


def _fmt(value: float) -> str:
    if not math.isfinite(value):  # "one hundred hundred ..." (x200) multiplies past floats
        return "inf"
    return f"{value:.6g}" if value != int(value) or abs(value) >= 1e15 else str(int(value))


_BIG_SCALES = ("thousand", "million", "billion", "trillion")


def _fraction_of_scale(atoms: list[Atom], k: int) -> tuple[int, float] | None:
    """A fraction of a large round number: "half a million" is 500,000 (not "a million"),
    "a quarter-million" 250,000, "two-thirds of a billion".  Where it ends, and its value."""
    head, _, tail = atoms[k].canon.partition("-")
    if head in FRACTIONS and tail in _BIG_SCALES:  # one token: "quarter-million"
        return k + 1, FRACTIONS[head] * SCALES[tail]
    if atoms[k].canon not in FRACTIONS:
        return None
    j = k + 1
    if j < len(atoms) and atoms[j].canon == "of":
        j += 1
    if j < len(atoms) and atoms[j].canon in ("a", "an"):
        j += 1
    if j < len(atoms) and atoms[j].canon in _BIG_SCALES:
        return j + 1, FRACTIONS[atoms[k].canon] * SCALES[atoms[j].canon]
    return None


def _fraction_after(atoms: list[Atom], k: int) -> tuple[int, float] | None:
    """The fraction completing the whole number that ends at atoms[k]: "3[½]" (or "3
    [½]"), "3 [1/2]" (a proper fraction of eighths or coarser, set apart by a space: not
    "24/7" nor a date "11/2"), with where it ends."""
    if k < len(atoms) and atoms[k].canon in VULGAR_FRACTIONS:
        return k + 1, VULGAR_FRACTIONS[atoms[k].canon]
    if k + 2 >= len(atoms) or atoms[k].start == atoms[k - 1].end:
        return None
    top, slash, bottom = atoms[k], atoms[k + 1], atoms[k + 2]
    if top.cat != "num" or slash.canon != "/" or bottom.cat != "num" or not (
            top.end == slash.start and slash.end == bottom.start):
        return None
    numerator, denominator = _parse_digits(top.canon), _parse_digits(bottom.canon)
    if numerator is None or denominator not in _SMALL_DENOMINATORS or not (
            0 < numerator < denominator):
        return None
    return k + 3, numerator / denominator


def _match_number(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    n = len(atoms)
    k = i
    unit = ""
    if atoms[k].canon in CURRENCY_SYMBOLS and k + 1 < n:
        unit = CURRENCY_SYMBOLS[atoms[k].canon]
        k += 1
    elif (atoms[k].canon in CURRENCY_PREFIXES and k + 2 < n
          and atoms[k + 1].canon == "$"):
        unit = CURRENCY_PREFIXES[atoms[k].canon]
        k += 2
    elif atoms[k].text in CURRENCY_CODES and k + 1 < n and atoms[k + 1].cat == "num":
        unit = CURRENCY_CODES[atoms[k].text]  # "AMD 780,000"
        k += 1
    a = atoms[k]
    value: float | None = None
    if a.cat == "num":
        if _ORDINAL.fullmatch(a.canon):
            return (k + 1, f"ord{a.canon[:-2]}") if not unit else None
        if _CLOCK.fullmatch(a.canon):
            return k + 1, f"time{a.canon}"
        value = _parse_digits(a.canon)
        k += 1
        if value is not None and (part := _fraction_after(atoms, k)) is not None:
            k, value = part[0], value + part[1]  # "3½", "3 1/2"
    elif a.cat == "word":
        if a.canon in ORDINALS and not unit and not _part_of(atoms, i, k):
            return k + 1, f"ord{ORDINALS[a.canon]}"
        if a.canon == "a" and k + 1 < n and atoms[k + 1].canon in COUNTED_NOUNS:
            value = float(COUNTED_NOUNS[atoms[k + 1].canon])
            k += 2
            if atoms[k - 1].canon in _SPELLED_SCALES and k + 1 < n and atoms[k].canon == (
                    "and") and (rest := _below_hundred(atoms[k + 1].canon)) is not None:
                value, k = value + rest, k + 2  # "a hundred and fifty"
        elif a.canon in VULGAR_FRACTIONS:
            value = VULGAR_FRACTIONS[a.canon]  # "½ mile"
            k += 1
        elif a.canon in ROMAN_NUMERALS:
            if not _numbered_in_roman(atoms, k):
                return None
            value = float(ROMAN_NUMERALS[a.canon])
            k += 1
        elif a.canon == "dozen":
            value = 12.0
            k += 1
        elif (of_scale := _fraction_of_scale(atoms, k)) is not None:
            k, value = of_scale  # "half a million", "a quarter-million", "two-thirds of a billion"
        elif a.canon in FRACTIONS and not unit and not (
                i > 0 and atoms[i - 1].canon in _PERIOD_ORDINALS) and (
                "-" in a.canon or (k + 1 < n and atoms[k + 1].canon == "of")
                or (i > 0 and atoms[i - 1].canon in ("a", "one")) or (
                    k + 1 == n and (i == 0 or qualifier_start(atoms, i) < i))):
            # "two-thirds of", "half of"; alone, a value cut before its "of" ("half",
            # "involved in about half")
            return k + 1, f"{FRACTIONS[a.canon]:.3g}"
        elif a.canon in VAGUE_AMOUNTS and not unit:
            if a.canon in ("few", "scores") and not (i > 0 and atoms[i - 1].canon == "a"):
                return None
            return k + 1, f"~{a.canon.rstrip('s')}"
        else:
            spelled = _spelled(atoms, k)
            if spelled is None:
                return None
            k, value = spelled
    if value is None:
        return None
    if not unit and (share := _share_of(atoms, k, value)) is not None:
        return k + 1, f"{share:.3g}"  # "three quarters of", "two thirds of"
    while k < n and (scale := _scale_key(atoms[k].canon)) and _scale_applies(
            scale, atoms, k, unit):
        value *= SCALES[scale]
        k += 1
    if k < n and _percent_key(atoms[k].canon):
        unit, k = "%", k + 1
    elif k + 1 < n and atoms[k].canon == "per" and atoms[k + 1].canon == "cent":
        unit, k = "%", k + 2
    elif k + 1 < n and atoms[k].canon == "percentage" and atoms[k + 1].canon == "points":
        unit, k = "pp", k + 2
    elif k < n and atoms[k].canon in CURRENCY_WORDS and not unit:
        unit, k = CURRENCY_WORDS[atoms[k].canon], k + 1
    elif not unit and (word := _named_currency(atoms, k)) is not None:
        unit, k = CURRENCY_WORDS[atoms[word].canon], word + 1  # "31 million Guyana dollars"
    elif k < n and atoms[k].text in CURRENCY_CODES and not unit:
        unit, k = CURRENCY_CODES[atoms[k].text], k + 1  # "780,000 AMD"
    return k, f"{unit}{_fmt(value)}" if unit in CURRENCY_SYMBOLS.values() else (
        f"{_fmt(value)}{unit}")


# The most words a currency's country takes between an amount and the currency ("12
# million Cape Verdean escudos", "5 million Hong Kong dollars")
_COUNTRY_WORDS = 3


def _named_currency(atoms: list[Atom], k: int) -> int | None:
    """Where the currency word is when a country's name or adjective stands between the
    amount and it ("31 million Guyana dollars" = "G$31 million"), else None."""
    for j in range(k, min(k + _COUNTRY_WORDS, len(atoms) - 1)):
        if not (atoms[j].name and atoms[j].cat == "word"):
            return None
        if atoms[j + 1].canon in CURRENCY_WORDS:
            return j + 1
    return None


# Before "quarter" or "half" these make it a period, not a share: "the first quarter of
# 2025", "the second half of the match"
_PERIOD_ORDINALS = frozenset({*ORDINALS, "first", "last", "final", "next", "opening",
                              "closing"})  # ("first" is no ordinal amount: ordinals.txt)


def _part_of(atoms: list[Atom], i: int, k: int) -> bool:
    """Whether the ordinal word at ``k`` names a part of a whole: "a third of the staff",
    "cut by about a fifth" (a fraction, "of" or no noun after it), not "a third term" or
    "the third of five children"."""
    if atoms[k].canon not in FRACTIONS or i == 0 or atoms[i - 1].canon not in ("a", "one"):
        return False
    after = atoms[k + 1] if k + 1 < len(atoms) else None
    return after is None or after.canon == "of" or after.cat != "word" or (
        after.canon in PREPOSITIONS)


def _share_of(atoms: list[Atom], k: int, count: float) -> float | None:
    """``count`` parts of a whole when a plural denominator and "of" follow ("three
    quarters of its network": 0.75), or end the text (a value cut before its "of");
    None otherwise ("in three quarters, they scored")."""
    if k >= len(atoms) or (k + 1 < len(atoms) and atoms[k + 1].canon != "of"):
        return None
    denominator = DENOMINATORS.get(atoms[k].canon)
    return count / denominator if denominator and 0 < count < denominator else None


def _scale_applies(scale: str, atoms: list[Atom], k: int, unit: str) -> bool:
    """A one-letter scale counts only written onto its amount ("20m", "5k": "20 m" is
    metres), and "b" only after a currency: "$14B" is $14 billion, "Flight 14B" a name."""
    if scale not in ("m", "k", "b"):
        return True
    if scale == "m" and not unit and (_metres(atoms, k + 1) or (
            k > 1 and atoms[k - 2].canon in _COVERED_A_LENGTH)):
        return False  # "2m wide", "the 100m hurdles", "ran 10,000m": a length
    return atoms[k].start == atoms[k - 1].end and (scale != "b" or bool(unit))


# Verbs whose bare "m" amount after them is a length covered ("ran 10,000m", "swam
# 1,500m", "climbed 8,000m"), never a sum
_COVERED_A_LENGTH = frozenset({"ran", "run", "runs", "swam", "swim", "swims", "sprinted",
                               "climbed", "climb", "climbs", "dived", "dove", "jumped",
                               "descended", "walked", "rowed", "cycled"})


def _metres(atoms: list[Atom], k: int) -> bool:
    """The words from atoms[k] tell a length ("wide", "-long", "in length")."""
    if k + 1 < len(atoms) and atoms[k].canon == "-" and atoms[k].start == atoms[k - 1].end:
        k += 1  # "5m-long"
    return k < len(atoms) and (atoms[k].canon in METRE_WORDS or (
        atoms[k].canon in ("in", "of") and k + 1 < len(atoms)
        and atoms[k + 1].canon in METRE_WORDS))  # "in length", "of water"


# The word after an amount, matched forgivingly against every scale and percent word
# ("mlilion", "precent"): cached per word, as a story's amounts are followed by the same
# few words (profiled: a tenth of reading amounts).
@lru_cache(maxsize=4096)
def _scale_key(word: str) -> str | None:
    return forgiving_lookup(word, SCALES)


@lru_cache(maxsize=4096)
def _percent_key(word: str) -> str | None:
    return forgiving_lookup(word, PERCENT_WORDS)


def _score(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    """A score, vote or range written as one token group: "2-1", "10-15", "5–4"."""
    if i + 2 >= len(atoms) or atoms[i + 1].canon not in ("-", "–", "—"):
        return None
    a, b = atoms[i], atoms[i + 2]
    if b.cat != "num" or a.end != atoms[i + 1].start or atoms[i + 1].end != b.start:
        return None
    return i + 3, f"{a.canon}-{b.canon}"


def _contrasted(atoms: list[Atom], i: int) -> bool:
    """"one" set against "the other" or "another" later in the sentence ("one scenario is
    worse than the other"): a pronoun of the pair, not a count."""
    return any(x.canon == "another" or (x.canon == "other" and atoms[k - 1].canon == "the")
               for k, x in enumerate(atoms[i + 2:], start=i + 2))


# "one" before these words, or after "no", is a pronoun or a figure of speech, not a
# count: "one of the victims", "one another", "one more time", "no one was hurt".
_ONE_PRONOUN_BEFORE = frozenset({"of", "another", "more", "else"})


def _pronoun_one(atoms: list[Atom], i: int) -> bool:
    after = atoms[i + 1].canon if i + 1 < len(atoms) else ""
    if _numbered_label(atoms, i):
        return False  # "day one of the tournament": a label, as "day one" reads alone
    return after in _ONE_PRONOUN_BEFORE or (i > 0 and atoms[i - 1].canon == "no") or (
        after != "" and _contrasted(atoms, i)) or _determined_one(atoms, i)


def _numbered_label(atoms: list[Atom], i: int) -> bool:
    """atoms[i] numbers the noun before it ("day one", "Phase one"), not after "to", where
    the noun is a verb ("agree to stage one of the protocols")."""
    return _after_numbered_noun(atoms, i) and (i < 2 or atoms[i - 2].canon != "to")


def _after_numbered_noun(atoms: list[Atom], k: int) -> bool:
    """A numbered noun stands right before atoms[k] ("day", "Phase"; not "no", read as
    a negation before a number)."""
    return k > 0 and atoms[k - 1].canon in NUMBERED_NOUNS and atoms[k - 1].canon != "no"


# Words before "one" that make it a noun's stand-in ("this one", "the best one"); not "that"
# ("police confirmed that one person was detained")
_ONE_DETERMINERS = frozenset({"the", "this", "each", "every", "which", "any"})


def _determined_one(atoms: list[Atom], i: int) -> bool:
    """"one" after a determiner, or after a superlative or a rank after "the" or "a" ("this
    one", "the best one is slipping away", "the first one"): it stands for a noun, it
    counts nothing."""
    if i + 1 < len(atoms) and atoms[i + 1].canon == "-":
        return False  # "the one-tonne weight", "the one-month mark": an amount of a unit
    before = atoms[i - 1].canon if i > 0 else ""
    if before in _ONE_DETERMINERS:
        return True
    adjective = atoms[i - 1] if i > 1 and atoms[i - 2].canon in ("the", "a", "an") else None
    return adjective is not None and (adjective.value.startswith("ord") or (
        adjective.cat == "word" and adjective.canon.endswith("est")))  # "the best one"


def _numbered_in_roman(atoms: list[Atom], k: int) -> bool:
    """atoms[k] is a Roman numeral in capitals after a numbered noun ("Phase III")."""
    return atoms[k].canon in ROMAN_NUMERALS and atoms[k].text.isupper() and (
        _after_numbered_noun(atoms, k))


def may_open_amount(cat: str, canon: str) -> bool:
    """Whether an amount can start at an atom of this category and canon (most words:
    none starts there; monitor.facts.reading asks once per word): the test chunk_numbers
    makes before matching, its name test aside."""
    return cat == "num" or canon in _NUMBER_WORDS or (
        cat == "word" and "-" in canon and canon.split("-")[0] in _HYPHEN_HEADS)


def chunk_numbers(atoms: list[Atom], starts: Sequence[int] | None = None) -> list[Atom]:
    """Amounts merged into num atoms.  ``starts``: the indexes where may_open_amount
    holds, in order, when the caller already knows them."""
    if starts is None:
        starts = [i for i, a in enumerate(atoms) if may_open_amount(a.cat, a.canon)]
    spans: list[Span] = []
    end = 0  # where the last amount ended
    for i in starts:
        if i < end:
            continue
        a = atoms[i]
        cat, canon = a.cat, a.canon
        found = _score(atoms, i) if cat == "num" else None
        if found:
            spans.append((i, found[0], "num", found[1]))
            end = found[0]
            continue
        if (cat == "num" or canon in _NUMBER_WORDS or (
                cat == "word" and "-" in canon and canon.split("-")[0] in _HYPHEN_HEADS)) and (
                not a.name or canon in CURRENCY_PREFIXES  # "US$15bn": "US" read as a name
                or a.text in CURRENCY_CODES  # "AMD 780,000": a code in capitals
                or _numbered_in_roman(atoms, i)):  # "Phase III": capitals read as a name
            found = _match_number(atoms, i)
            if found and a.canon == "one" and found[0] == i + 1 and _pronoun_one(atoms, i):
                found = None  # "one of the", "no one", "one more time": no amount
        if found:
            spans.append((i, found[0], "num", found[1]))
            end = found[0]
    return rebuild(atoms, spans)


# ---- qualifiers of an amount ("at least 12")


def _by_last_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The qualifier phrases by their last word, each list in the table's order."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in QUALIFIERS:
        table.setdefault(phrase[-1], []).append(phrase)
    return {word: tuple(found) for word, found in table.items()}


# Only a phrase ending with the word before the amount can qualify it: looked up by that
# word instead of trying every phrase (profiled: a tenth of the judge's time).
_ENDING_WITH = _by_last_word()


def qualifier_start(atoms: list[Atom], k: int) -> int:
    """Where the qualifier of the amount atoms[k] begins ("at least 12" -> index of "at";
    "about a quarter" -> "about": the article before a fraction is the amount's; "over a
    two-week trial" is no qualifier)."""
    if k >= 2 and atoms[k - 1].canon in ("a", "an") and atoms[k].text.lower() in FRACTIONS:
        start = qualifier_start(atoms, k - 1)
        if start < k - 1:
            return start
    if k == 0:
        return k
    for phrase in _ENDING_WITH.get(atoms[k - 1].canon, ()):
        n = len(phrase)
        if k >= n and tuple(a.canon for a in atoms[k - n:k]) == phrase:
            return k - n
    return k


def qualifier_meaning(atoms: list[Atom], k: int) -> str:
    """What the qualifier of the amount atoms[k] says ("" when it has none, or when it
    only stresses the amount: "only 12" is 12)."""
    start = qualifier_start(atoms, k)
    words = [a.canon for a in atoms[start:k]]
    if len(words) > 1 and words[-1] in ("a", "an"):
        words.pop()  # "about a quarter": "about"
    phrase = " ".join(words)
    meaning = QUALIFIER_MEANING.get(phrase, phrase)
    return "" if meaning == "stress" else meaning


def is_qualifier(atoms: list[Atom], k: int) -> bool:
    """A word of a qualifier phrase right before an amount ("at least 12", "12 more")."""
    if atoms[k].canon not in QUALIFIER:
        return False
    for m in range(k + 1, min(len(atoms), k + 4)):
        if atoms[m].cat == "num":
            return qualifier_start(atoms, m) <= k
        if atoms[m].canon not in QUALIFIER:
            break
    return k > 0 and atoms[k - 1].cat == "num" and atoms[k].canon in ("more", "additional")


def article_for_one(x: list[Atom], y: list[Atom]) -> bool:
    """"an unlucky defender" / "one unlucky defender": the article is the number one."""
    return (len(x) == 1 and len(y) == 1 and x[0].canon in ("a", "an")
            and y[0].cat == "num" and y[0].value == "1")
