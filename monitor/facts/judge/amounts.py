"""Amounts and units told another way: the same amounts in other words ("a
week-long" -> "a seven-day"), a charm price rounded, a unit's name alone, an amount or time
told again in another surface form, an amount's compound kept whole.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from monitor.facts.compare import currencies_aligned, function_word, plain_words
from monitor.facts.judge.coverage import has_word, same_values
from monitor.facts.judge.paraphrase import word_set
from monitor.facts.judge.versions import Versions
from monitor.facts.judge_data import unit_table
from monitor.facts.lexicon import CURRENCY_WORDS, SCALES, SMALL_NUMBERS, TENS
from monitor.facts.shown import is_word_char, occurs_between
from monitor.facts.signatures import (
    Signature,
    conversion_dropped,
    is_unit_word,
    surface_normal,
    unit_reading,
)
from monitor.models import Change

ROUNDING = 0.01  # a price told rounded is within this share of the exact one


def amount_told_another_way(change: Change, versions: Versions) -> bool:
    """The two values state the same amounts, in the same units, and each of their other
    words the other sentence says too ("a week-long" -> "a seven-day operation" in a
    sentence telling the operation; not "12 people" -> "12 vehicles")."""
    old, new = currencies_aligned(versions.signature(change.old or "", change.old_sentence or None),
                                  versions.signature(change.new or "", change.new_sentence or None))
    if not old.amounts or old.amounts != new.amounts or not same_values(old, new):
        return False
    return _said_beside_amounts(change.old or "", change.new_sentence or "") and (
        _said_beside_amounts(change.new or "", change.old_sentence or ""))


def _said_beside_amounts(value: str, other_sentence: str) -> bool:
    """Each content word of ``value`` that is no amount or unit lies in
    ``other_sentence``."""
    other = word_set(surface_normal(other_sentence))
    return all(has_word(other, word) for word in plain_words(surface_normal(value))
               if not function_word(word) and not _amount_word(word)
               and not _unit_compound(word) and word not in _UNIT_PREFIXES)


# The first word of a unit of two ("square metres", "cubic feet"), read with the second
_UNIT_PREFIXES = frozenset({"square", "sq", "cubic", "cu"})


def _unit_compound(word: str) -> bool:
    """A unit, or an amount joined to its unit ("7-day", "week-long" read as "7-day")."""
    head, _, unit = word.rpartition("-")
    return is_unit_word(word) or (bool(head) and is_unit_word(unit))


def price_rounded(old: Signature, new: Signature) -> bool:
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


def _glues_no_sign(char: str) -> bool:
    return not is_word_char(char) and char != "$"


def _opens_amount(char: str) -> bool:
    return char == "$" or char.isdecimal()


def dropped_as_surface(change: Change) -> bool:
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


def unit_only(value: str | None) -> bool:
    """``value`` is a unit's name and nothing else ("degrees Celsius", "km")."""
    return _unit_named(value) is not None


def _unit_named(value: str | None) -> tuple[str, str] | None:
    """The measure and factor of the unit ``value`` names and nothing else (("temperature",
    "C") for "degrees Celsius"), None when it is not one."""
    return unit_table().get(" ".join(plain_words(value or "")))


def units_alone(change: Change) -> bool:
    """A unit's name added or dropped, or written another way ("degrees Celsius" ->
    "C"), with no amount in the change."""
    if change.action != "changed":
        return unit_only(change.old or change.new)
    unit = _unit_named(conversion_dropped(change.old, change.old_sentence))
    return unit is not None and unit == _unit_named(
        conversion_dropped(change.new, change.new_sentence))  # ("kilometres" -> "km
    # (3,100 miles)" beside the same 5,000: the conversion is the amount told twice);
    # one unit for another of the same measure ("41C" -> "41F", "feet" -> "metres") is
    # the amount changed


def unit_swapped(change: Change) -> Change | None:
    """One unit for another after the same amount ("sentenced to 10 years" -> "10
    months", "41C" -> "41F", "30,000 feet" -> "30,000 metres", "$5 a litre" -> "a
    gallon"): the amount changed, shown with the amount; None for anything else (a unit
    written another way, "degrees Celsius" -> "C", reads the same)."""
    old, new = (change.old or "").strip(" ."), (change.new or "").strip(" .")
    units = unit_reading(old), unit_reading(new)
    if not old or not new or None in units or units[0] == units[1]:
        return None
    before_old = _amount_before(old, change.old_sentence)
    before_new = _amount_before(new, change.new_sentence)
    if before_old is None or before_old != before_new:
        return None
    return replace(change, kind="number", action="changed", old=before_old + old,
                   new=before_new + new, severity="high")


# the amount right before a unit, glued or spaced ("41C", "10 years", "$5 a litre")
_AMOUNT_THEN = re.compile(r"((?:[$€£¥]|\b[A-Z]{1,3}\$)?\d[\d,.]*(?:\s+(?:a|an|per))?\s*)$")


def _amount_before(unit: str, sentence: str | None) -> str | None:
    at = (sentence or "").find(unit)
    found = _AMOUNT_THEN.search((sentence or "")[:max(at, 0)]) if at > 0 else None
    return found.group(1) if found else None


# a hyphen joining an amount at a value's edge to its unit: "four" of "four-year ban"
# (not "two-factor": a unit is a span of time or a measure, signatures.is_unit_word)
_UNIT_AFTER = re.compile(r"-[^\W\d_]+")
_AMOUNT_BEFORE = re.compile(r"(?<![\w.,-])([\d.,]+|[^\W\d_]+)-$")


def compounds_whole(change: Change) -> Change:
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
    """Digits or a number word ("1,000", "four", "twenty"), a scale ("million"), a
    currency's word ("emalangeni") or the letters of its sign, alone or glued to the
    digits ("T" of "T$180", "D340"): the amount itself, however its currency is told."""
    low = word.lower()
    return bool(_AMOUNT_WORD.fullmatch(low)) or low in SMALL_NUMBERS or low in TENS or (
        low in SCALES or low in CURRENCY_WORDS)


# digits, perhaps after the one to three letters of a currency's sign ("d340")
_AMOUNT_WORD = re.compile(r"[a-z]{0,3}\d[\d.,]*|[a-z]")


# Vague counts that add nothing to a bare plural ("hours" -> "several hours", "homes" ->
# "a few homes"): a count of unknown size told or not.  Not the magnitudes ("people" ->
# "thousands of people" is news), nor "dozens"/"scores" (at least 24, 40).
_SOME = frozenset({"several", "some", "many", "few", "numerous", "various"})


def vague_count_added(change: Change) -> bool:
    """The change only puts a vague count before a plural the other sentence gives
    bare ("live hours from the nearest doctor" -> "live several hours from ...")."""
    value = change.new if change.action == "added" else None
    if value is None or not change.old_sentence:
        return False
    words = plain_words(value)
    if len(words) != 2 and not (len(words) == 3 and words[0] == "a"):
        return False
    some, noun = words[-2], words[-1]
    if some not in _SOME or not noun.endswith("s"):
        return False
    bare = re.search(rf"(?:^|\s)(\S+)\s+{re.escape(noun)}\b", change.old_sentence.lower())
    return bare is not None and not _amount_word(bare.group(1)) and (
        bare.group(1) not in _SOME)
