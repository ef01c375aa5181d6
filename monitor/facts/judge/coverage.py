"""Whether the other version still tells what a part says: a headline's facts
retold by the story, a span's facts and most of its words said elsewhere, a name spelt
out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date as calendar_day
from functools import lru_cache

from monitor.facts.compare import function_word, hardened, named_in, plain_words
from monitor.facts.judge.versions import Versions
from monitor.facts.judge_data import role_synonyms, vague_ranges
from monitor.facts.lexicon import (
    CURRENCY_WORDS,
    MONTHS,
    ORDINALS,
    PERSON_CLAUSE_OPENERS,
    SMALL_NUMBERS,
    TENS,
    WEEKDAYS,
)
from monitor.facts.reading import MIN_QUOTED_WORDS
from monitor.facts.signatures import Signature, is_unit_word, surface_normal
from monitor.facts.sources import acronyms_known, has_saying
from monitor.models import Change


def _retold(part: Signature, whole: Signature, *, dropped: bool = False) -> bool:
    """A headline's facts, framing and roles aside, told by the other version ("NCID
    doctor finds ..." when the story names the NCID and "Dr Tay"); a headline's count may
    name what it counts another way ("Two accused" when the story charged "two Sudanese
    nationals"), so its amounts are matched by value and qualifier.  A ``dropped`` part (the old
    headline's) may name a closed-class noun no member of its class in ``whole``
    contradicts ("Men accused" -> "Two accused"), or a compass part of a place where
    ``whole`` names none ("in South Texas"): framing, unlike a new one ("Car malfunction
    sparked fire": the cause, news).  A source counts only where the headline
    says who says it ("..., officials say" dropped is an attribution gone; "NCID doctor
    finds" names a role, not a source)."""
    classes = {c for c, _ in whole.nouns}
    sources = part.sources if "say" in part.logic else frozenset()
    part = replace(hardened(part), sources=sources, nouns=frozenset(
        n for n in part.nouns if not dropped or n[0] in classes), names=frozenset(
        n for n in part.names if not (dropped and _uncontradicted_compass(n, whole))))
    vague_told = _vague_counts_told(part.counted, whole.counted)
    amounts = Counter({a: n for a, n in part.amounts.items()
                       if not _headline_amount_told(a, whole.amounts, vague_told)
                       and not _year_told(a, whole.dates)})
    dates = Counter({d: n for d, n in part.dates.items()
                     if not _headline_date_told(d, whole.dates)})
    by_value = replace(part, counted=amounts, dates=dates)  # "at least 1,300" is not "1,300"
    return covered_by(by_value, replace(whole, counted=whole.amounts))


def _uncontradicted_compass(name: str, whole: Signature) -> bool:
    """A compass word read as part of a place ("~south" of "South Texas") where the other
    version names no part of any place by the compass: a dropped headline's "in South
    Texas" framing a story set "in Del Rio, Texas", as a closed-class noun no member of its
    class contradicts ("North Korea" -> "South Korea" keeps both)."""
    return name.startswith("~") and not any(n.startswith("~") for n in whole.names)


def _headline_amount_told(amount: str, told: Counter[str], vague_told: set[str]) -> bool:
    """A headline's amount the story gives: the same value and qualifier, the bare value
    of an approximate one or of a floor ("340,000" where the story says "about 340,000",
    "kills 23" where it says "at least 23": a headline drops the "about" and the "at
    least"), or a vague amount in ``vague_told`` (_vague_counts_told)."""
    qualifier, _, value = amount.partition(":")
    return amount in told or (not qualifier and (
        f"approx:{value}" in told or f"min:{value}" in told)) or (
        value in vague_told) or (qualifier in _ROUNDING_QUALIFIERS and any(
            other.partition(":")[0] in _ROUNDING_QUALIFIERS
            and rounds_to(other.partition(":")[2], value) for other in told)) or (
        qualifier in _BOUNDS and any(other.partition(":")[0] in _ROUNDING_QUALIFIERS
                                     and bounded_by(other.partition(":")[2], qualifier, value)
                                     for other in told))


# A headline bounds a figure the story gives by the round number next to it: "more than
# 1,200 workers" where the story says 1,214, "nearly 2,000" for 1,986, "under 500" for 480
# (the figure rounded down past a lower bound, up to an upper one).
_BOUNDS = {"min": -1, "near": 1, "max": 1}


def bounded_by(precise: str, qualifier: str, bound: str) -> bool:
    """``precise`` ("1214") lies on the side of the round ``bound`` ("1200") that its
    qualifier says ("min": above it), within one step of its last non-zero digit: what a
    headline writes for it ("more than 1,200").  "more than 1,000" for 2,400 is not."""
    a, b = _AMOUNT_PARTS.match(precise), _AMOUNT_PARTS.match(bound)
    if a is None or b is None or (a[1], a[3]) != (b[1], b[3]) or "." in b[2]:
        return False
    zeros = len(b[2]) - len(b[2].rstrip("0"))
    if zeros == 0 or zeros == len(b[2]):
        return False
    step, value, limit = float(10 ** zeros), float(a[2]), int(b[2])
    beyond = (value - limit) * -_BOUNDS[qualifier]  # how far past the bound, on its side
    return 0 < beyond < step


# A headline rounds a figure the story gives (the labelling rules: "a rounded figure the
# text already gave" is no change): only a plain or an approximate amount, not one
# qualified "at least" or "nearly", whose bound is a fact of its own.
_ROUNDING_QUALIFIERS = frozenset({"", "approx"})
# A whole number is visibly rounded from two zeros on: "1,800" for "1,846", "£400m" for
# "£403m"; not "10" for "12" or "50" for "48" (a count a headline would give as it is).
_ROUND_ZEROS = 2
_AMOUNT_PARTS = re.compile(r"^(\D*?)(\d+(?:\.\d+)?)(\D*)$")


def rounds_to(precise: str, rounded: str) -> bool:
    """``precise`` (an amount's value, "£403000000") rounded to the last significant digit
    of ``rounded`` ("£400000000": to the hundred million) is ``rounded``, in the same unit;
    ``rounded`` must be visibly round (a whole number ending in zeros, or fewer decimals),
    so "1,846" -> "1,800" and "2.46%" -> "2.5%", not "403" -> "404" or "48" -> "50"."""
    a, b = _AMOUNT_PARTS.match(precise), _AMOUNT_PARTS.match(rounded)
    if a is None or b is None or (a[1], a[3]) != (b[1], b[3]) or a[2] == b[2]:
        return False
    digits, _, decimals = b[2].partition(".")
    if decimals:
        step = 10.0 ** -len(decimals)
        if len(a[2].partition(".")[2]) <= len(decimals):
            return False
    else:
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros < _ROUND_ZEROS or zeros == len(digits):
            return False
        step = 10.0 ** zeros
    return abs(float(a[2]) - float(b[2])) < step / 2


def _vague_counts_told(counted: Counter[str], told: Counter[str]) -> set[str]:
    """The vague amounts of ``counted`` ("~hundred elephant") that an exact count of the
    same thing in ``told`` falls in ("263 elephant"): "Hundreds of elephants" where the
    story moves 263 of them (vague_ranges.txt)."""
    exact: dict[str, list[int]] = {}
    for key in told:
        value, _, thing = key.partition(" ")
        if value.isdecimal() and thing:
            exact.setdefault(thing, []).append(int(value))
    found = set()
    for key in counted:
        value, _, thing = key.partition(" ")
        span = vague_ranges().get(value)
        if span is not None and any(span[0] <= n <= span[1] for n in exact.get(thing, ())):
            found.add(value)
    return found


def _year_told(amount: str, dates: Counter[str]) -> bool:
    """A headline's bare amount that may be a year is a year the story dates something in
    ("rules out 2041 impact" where the story says "on Oct. 9, 2041")."""
    return _YEAR_AMOUNT.fullmatch(amount) is not None and _headline_date_told(amount, dates)


def _headline_date_told(date: str, told: Counter[str]) -> bool:
    """A headline's date the story gives, or gives more precisely ("from 2026" where it
    says "from July 2026"); a headline's bare date ("in January") is the story's with
    whatever preposition it takes there ("from January 1")."""
    qualifier, _, value = date.partition(":")
    for other in told:
        other_qualifier, _, other_value = other.partition(":")
        if (other_qualifier == qualifier or not qualifier or (
                qualifier in _STARTS and not other_qualifier)) and _refines(other_value, value):
            return True
    return False


# A headline's start told by the story's day ("from September" where the ban starts "on
# September 15"): the day the story gives is when it starts
_STARTS = frozenset({"from", "since"})


def _refines(precise: str, vague: str) -> bool:
    """``precise`` is the date ``vague`` or a day or month inside it: "2026-07" of "2026",
    "2027-03" of "--03" (March, its year untold)."""
    if precise == vague or precise.startswith(vague + "-"):
        return True
    if _ISO_WEEK.fullmatch(vague) and _ISO_DATE.fullmatch(precise):
        year, week, _day = calendar_day.fromisoformat(precise).isocalendar()
        return vague == f"{year}-W{week:02d}"  # "next week" where it says "next Tuesday"
    return vague.startswith("--") and precise[:4].isdigit() and (
        precise[4:] == vague[1:] or precise[4:].startswith(vague[1:] + "-"))


_ISO_WEEK = re.compile(r"\d{4}-W\d{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def quotes_kept(change: Change, old: str, new: str, versions: Versions) -> bool:
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


def covered_by(part: Signature, whole: Signature, *, refined: bool = False) -> bool:
    """Every fact of ``part`` is also stated in ``whole`` (a document's signature); with
    ``refined``, a date as given or more precisely ("next year" where it says "May
    2025")."""
    dates = part.dates - whole.dates  # (the dates ``whole`` does not hold as written)
    return (not (part.counted - whole.counted)
            and (not dates or (refined and all(_headline_date_told(d, whole.dates)
                                               for d in dates)))
            and all(named_in(n, whole.names) for n in part.names)
            and not part.negations and not part.conditions
            and part.modality <= whole.modality and part.states <= whole.states
            and all(any(q in w for w in whole.quoted) for q in part.quoted)
            and part.nouns <= whole.nouns and part.sources <= whole.sources)


def told_both_ways(old_value: Signature, new_value: Signature, versions: Versions) -> bool:
    """What each side of a change states, the other version tells too (names spelt out,
    or named by the acronym a version defines for them)."""
    old_value = acronyms_known(old_value, versions.new, versions.acronyms)
    new_value = acronyms_known(new_value, versions.old, versions.acronyms)
    return _negation_told(_spelt_names_out(old_value, versions.new_words), versions,
                          new_side=True) and _negation_told(
        _spelt_names_out(new_value, versions.old_words), versions, new_side=False)


def _negation_told(part: Signature, versions: Versions, *, new_side: bool) -> bool:
    """_retold by the new version (a dropped part) or the old one, where a part's negation
    counts as told by a sentence of that version that negates too and names one of its
    names or states ("does not go far enough" beside "the UK advice may not be enough")."""
    whole = versions.new if new_side else versions.old
    if not (part.negations or part.denials):
        return _retold(part, whole, dropped=new_side)
    title, sentences = (versions.new_title, versions.new_sentences) if new_side else (
        versions.old_title, versions.old_sentences)
    about = part.names | part.states
    return any((sig.negations or sig.denials) and (sig.names | sig.states) & about
               for sig in map(versions.signature, [title, *sentences])) and _retold(
        replace(part, negations=0), whole, dropped=new_side)


def named_or_described(change: Change, old_value: Signature, new_value: Signature,
                        versions: Versions) -> bool:
    """One side names who or what the other only describes, saying nothing else the
    description does not, and each side's facts the other version tells: the same one,
    now named or described ("her 2-year-old self" -> "2-year-old Yuki" in a story about
    Yuki; not "a health centre" -> "a health centre and a gas station in Auckland")."""
    if bool(old_value.names) == bool(new_value.names) or not same_values(
            old_value, new_value) or has_saying(old_value) or has_saying(new_value):
        return False
    named, described = (change.old, change.new) if old_value.names else (
        change.new, change.old)
    names = old_value.names or new_value.names
    name_words = {word for name in names for word in name.split()}
    rest = {w for w in plain_words(named or "") if w not in name_words and not function_word(w)}
    return rest <= set(plain_words(described or "")) and told_both_ways(
        old_value, new_value, versions)


def _spelt_names_out(sig: Signature, other_words: frozenset[str]) -> Signature:
    """``sig`` without the names whose every word the other version has, in any case (a
    Title Case Headline hides "Senate" as a name; the body's "a Senate plan" is no news)."""
    return replace(sig, names=frozenset(
        n for n in sig.names if not all(w in other_words for w in plain_words(n))))


WORDS_COVERED = 0.8  # share of a span's content words the other version must have


@lru_cache(maxsize=2048)  # a sentence is the other side of several parts and edits
def words_told(text: str) -> frozenset[str]:
    """The words ``text`` tells, as the coverage checks compare them: surface forms made
    one ("per cent" = "%"), plain words ("parts told by the other sentence's words":
    words_covered, the restriction clauses, one-sided facts)."""
    return frozenset(plain_words(surface_normal(text)))


def words_covered(span: str | None, words: frozenset[str],
                   besides: frozenset[str] = frozenset()) -> bool:
    """Most of the span's content words (``besides`` these) are in the other version: it
    says what it said, not something new with the same names ("The mines will be drawn
    from existing U.S. stockpiles, officials said" adds the stockpiles)."""
    content = [w for w in plain_words(surface_normal(span or ""))
               if not function_word(w) and w not in besides]
    return not content or sum(has_word(words, w) or _read_with_amount(w)
                              for w in content) >= WORDS_COVERED * len(content)


_AMOUNT_OR_SPAN = re.compile(r"\d|\b(?:half|quarter|third|dozen|hundred|thousand|million|"
                             r"one|two|three|four|five|six|seven|eight|nine|ten|day|days|"
                             r"week|weeks|month|months|year|years)\b", re.IGNORECASE)


def tells_an_amount(text: str) -> bool:
    """``text`` tells an amount or a span of time ("14 days", "two weeks", "half"), which
    the signatures read and compare by value, not by its words."""
    return _AMOUNT_OR_SPAN.search(text) is not None


def _read_with_amount(word: str) -> bool:
    """A currency's or a unit's word, which the signatures read with its amount and
    compare before the words ("a 95-million-euro plant" where the story says "€95
    million"; "60,000 m3" where it says "cubic metres")."""
    return word in CURRENCY_WORDS or is_unit_word(word) or word in _SPELT_NUMBERS


# Numbers spelt out, which the signatures read as their amounts ("day two" where the story
# says "the second day", its surface form "day 2")
_SPELT_NUMBERS = frozenset({*SMALL_NUMBERS, *TENS, *ORDINALS})


def dropped_identification(change: Change, versions: Versions) -> bool:
    """", who led the raid," dropped and its words told nowhere else in the new version:
    who someone is went from the story, a fact a signature cannot read."""
    opener, _, rest = (change.old or "").partition(" ")
    return change.action == "removed" and opener.lower() in PERSON_CLAUSE_OPENERS and not (
        words_covered(rest, versions.new_words))


def has_word(words: frozenset[str], word: str) -> bool:
    """``word`` or its plural or singular ("Canadian" for "Canadians"), or for a role's
    word another of its role (role_synonyms.txt: "who chairs" told as "chairman")."""
    if word in words or f"{word}s" in words or (word.endswith("s") and word[:-1] in words):
        return True
    roles = role_synonyms()
    role = roles.get(word)
    return role is not None and any(roles.get(w) == role for w in words)


def same_values(a: Signature, b: Signature) -> bool:
    return a.amounts == b.amounts and a.dates == b.dates and a.negations == b.negations


def still_said(value: Signature, span: str, whole: Signature, words: frozenset[str], *,
               dropped: bool = False) -> bool:
    """What ``span`` states (``value``) the other version (``whole``, its ``words``) says
    too, its names spelt out in any case, a year read as a count on one side its date on
    the other ("since their last 1964 premiership" and "premiership win in 1964")."""
    value, whole = years_as_dates(value), years_as_dates(whole)
    if not covered_by(_spelt_names_out(value, words), whole, refined=dropped):
        return False
    # a ``dropped`` date is told by the date the whole still gives, as given or more
    # precisely, and so are its own words ("next year" where it says "May 2025"); an added
    # one is not (a sentence "This year, Phil saw his shadow" shown as its date is news,
    # however precisely the story dates other things in the year)
    dated = _DATE_WORDS if value.dates and dropped else frozenset()
    if value.names and value.names <= whole.names:  # "in Holland" beside "the Netherlands":
        # the names told by other names of theirs; what the span says besides them counts
        return words_covered(span, words, besides=_capitalised_words(span) | dated)
    return words_covered(span, words, besides=dated)


# The words a date is told with ("next year", "this month", "Tuesday")
_DATE_WORDS = frozenset({"next", "last", "this", "year", "years", "month", "months", "week",
                         "weeks", "day", "days", "today", "tomorrow", "yesterday",
                         "tonight", *MONTHS, *WEEKDAYS})


_YEAR_AMOUNT = re.compile(r":(?:19|20)\d\d")  # a bare amount that may be a year


def years_as_dates(sig: Signature) -> Signature:
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
