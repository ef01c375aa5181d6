"""Dates and times: runs of atoms that say when, read into one date atom.

"Nov. 19, 2024", "on Tuesday" (resolved against the publish date to the nearest such
day), "last week", "2024-11-19", "3 p.m.", "noon" become one atom whose value is an ISO
date, week, month or year ("2024-11-19", "2024-W47", "2024-11", "2024") or a time of
day ("T15:00", "Tmorning").  Without a publish date, relative values stay relative
("wd1", "rel:day-1").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from monitor.facts.atoms import Atom, Span, is_function, rebuild
from monitor.facts.context import Context
from monitor.facts.lexicon import (
    DATE_QUALIFIER,
    DAY_PARTS,
    DETERMINERS,
    FUNCTION_WORDS,
    MONTHS,
    ORDINALS,
    PREPOSITIONS,
    RELATIVE_DAYS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    forgiving_lookup,
    is_dictionary_word,
)

# Compiled once: these run for every amount of every sentence.
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?")
_DOTTED_CLOCK = re.compile(r"(\d{1,2})\.(\d{2})")


# Words opening a relative period ("next week", "this coming weekend", "the upcoming
# month"), with its offset from the period the story was published in.
_RELATIVE_OPENERS = {"this": 0, "coming": 0, "upcoming": 0, "last": -1, "past": -1,
                     "next": 1}


def _day(atom: Atom) -> int | None:
    if atom.cat != "num":
        return None
    canon = atom.canon
    # what re.sub(r"(st|nd|rd|th)$", "", canon) gives (a canon holds no line break)
    digits = canon[:-2] if canon.endswith(_ORDINAL_ENDINGS) else canon
    return int(digits) if digits.isdecimal() and 1 <= int(digits) <= 31 else None


_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")


def _year(atom: Atom) -> int | None:
    # what re.fullmatch(r"\d{4}", canon) tells (str.isdecimal is \d: category Nd)
    if atom.cat == "num" and len(atom.canon) == 4 and atom.canon.isdecimal():
        year = int(atom.canon)
        return year if 1800 <= year <= 2100 else None
    return None


def _month(atom: Atom) -> int | None:
    if atom.cat != "word" or not atom.cap:
        return None
    month = MONTHS.get(atom.canon)
    if month is None or (atom.canon in ("may", "march") and atom.initial):
        return None  # "May" and "March" open sentences as a modal and a verb too
    return month


# Months that are also words ("may", "march"): alone (no day or year beside them) and
# before a capitalised word (a headline in title case, where the modal and the verb are
# capitalised too), one is the month only after a word that introduces a time ("In May
# Election", "the May Jobs Report", "Early March", "April and May").
_VERB_MONTHS = frozenset({"may", "march"})
_MONTH_INTRODUCERS = (PREPOSITIONS | DETERMINERS | DATE_QUALIFIER
                      | frozenset(_RELATIVE_OPENERS) | frozenset({"and", "or", "-", "–"}))


def _introduces_month(atoms: list[Atom], i: int) -> bool:
    """Does the atom before ``atoms[i]`` make a bare "May" or "March" the month?"""
    if i == 0:
        return False
    before = atoms[i - 1]
    return before.cat == "date" or before.canon in _MONTH_INTRODUCERS or (
        _month(before) is not None)


def _in_person_name(atoms: list[Atom], i: int) -> bool:
    """A bare month at ``i`` (no day or year beside it) that no word before it introduces
    as a time ("in", "early", "since": "In June Smith said" keeps the month) is part of a
    person's name: a month written short ("Jan Berg", "Diplomat Jan Berg": alone, news
    writes a month in full), or one beside a capitalised word no dictionary knows
    ("Theresa May", "April Ryan")."""
    if _introduces_month(atoms, i):
        return False
    if atoms[i].text.rstrip(".").lower() not in _FULL_MONTHS:
        return True
    after = atoms[i + 1] if i + 1 < len(atoms) else None
    before = atoms[i - 1] if i else None
    return any(x is not None and x.cat == "word" and x.cap and _month(x) is None
               and x.canon not in WEEKDAYS and not is_dictionary_word(x.canon)
               for x in (after, before))


# each month's name written in full: the longest spelling months.txt gives it
_FULL_MONTHS = frozenset(max((word for word, n in MONTHS.items() if n == number), key=len)
                         for number in set(MONTHS.values()))


def _nearest_year(month: int, day: int, anchor: date) -> int:
    best = anchor.year
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            if abs((date(year, month, min(day, 28)) - anchor).days) < abs(
                    (date(best, month, min(day, 28)) - anchor).days):
                best = year
        except ValueError:
            pass
    return best


def _date_value(month: int | None, day: int | None, year: int | None,
                anchor: date | None) -> str:
    if month is None:
        return f"{year:04d}" if year else "?"
    if year is None:
        if anchor is None:
            return f"--{month:02d}" + (f"-{day:02d}" if day else "")
        year = _nearest_year(month, day or 15, anchor)
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _weekday_value(weekday: int, anchor: date | None, ahead: bool = False) -> str:
    """The date a weekday names: the nearest such day (-3..+3), or the coming one (-1..+5)
    when its clause speaks of what is to come ("Join us Tuesday", "will vote on
    Tuesday", seen on a Friday: the coming Tuesday, not the one before)."""
    if anchor is None:
        return f"wd{weekday}"
    # the window starts three days back, or for what is to come yesterday: a version seen
    # after midnight UTC may be the evening before where the outlet is
    offset = 1 if ahead else 3
    delta = (weekday - anchor.weekday() + offset) % 7 - offset
    return (anchor + timedelta(days=delta)).isoformat()


# Words that put a clause in the future: a weekday after them is the coming one ("set to"
# too: dates are read before reading.py joins it into one word, so _ahead sees two)
_FUTURE_MARKERS = frozenset({"will", "shall", "scheduled", "slated", "due", "join",
                             "upcoming", "planned", "plans",
                             # (session 42) a schedule told in the present: "the trial
                             # starts on Monday" is the coming Monday, as "will start"
                             "starts", "begins", "opens", "reopens", "ends", "resumes",
                             "closes", "expires"})
_FUTURE_REACH = 8  # atoms back from the weekday, within its sentence


def _ahead(atoms: list[Atom], i: int) -> bool:
    """Whether the weekday at ``i`` follows a word of the future in its clause, or opens a
    clause whose verb is ("On Sunday, she will be cooking": not "On Sunday, police said
    they will")."""
    for k in range(i - 1, max(-1, i - 1 - _FUTURE_REACH), -1):
        canon = atoms[k].canon
        if canon in (".", ";", "?", "!"):
            return False
        if canon in _FUTURE_MARKERS or (canon == "to" and k > 0 and atoms[k - 1].canon == "set"):
            return True
    return _future_verb_after(atoms, i)


_VERB_REACH = 4  # atoms after a weekday that opens its clause, to its verb ("Sunday, she will")


def _future_verb_after(atoms: list[Atom], i: int) -> bool:
    """The weekday at ``i`` opens its clause ("On Sunday, ...") and the first verb-like word
    after it is "will" or "shall"; any other verb-like word (a past tense, a verb of saying)
    ends the search."""
    start = i - 1 if i > 0 and atoms[i - 1].canon in ("on", "this") else i
    if start > 0 and atoms[start - 1].canon not in (",", ";", ":", "-", "—"):
        return False  # "A judge ruled on Friday that he will ...": not the clause's start
    for atom in atoms[i + 1:i + 1 + _VERB_REACH]:
        if atom.canon in (".", ";", "?", "!", "that"):
            return False
        if atom.canon in ("will", "shall"):
            return True
        if atom.canon.endswith("ed") or atom.canon in _OTHER_VERBS:
            return False
    return False


# verbs that, first after the weekday, say the clause is not about what will happen
# ("On Sunday police said ...", "Sunday was ...", "Sunday's vote has ...")
_OTHER_VERBS = frozenset({"said", "says", "told", "was", "were", "is", "are", "has", "had",
                          "have"})


def _relative_value(unit: str, offset: int, anchor: date | None) -> str:
    if anchor is None:
        return f"rel:{unit}{offset:+d}"
    if unit == "day":
        return (anchor + timedelta(days=offset)).isoformat()
    if unit == "week":
        year, week, _ = (anchor + timedelta(weeks=offset)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        month = anchor.month - 1 + offset
        return f"{anchor.year + month // 12:04d}-{month % 12 + 1:02d}"
    return f"{anchor.year + offset:04d}"


def _match_date(atoms: list[Atom], i: int, ctx: Context) -> tuple[int, str] | None:
    """The end index and value of a date starting at atoms[i], if any."""
    n = len(atoms)

    def at(k: int) -> Atom | None:
        return atoms[k] if k < n else None

    def skip_comma(k: int) -> int:
        a = at(k)
        return k + 1 if a is not None and a.canon == "," else k

    a = atoms[i]
    if (a.cat == "num" or a.cat == "word") and (
            numeric := _numeric_date(atoms, i, ctx) or _clock_time(atoms, i)
            or _zoned_clock(atoms, i)):
        return numeric
    weekday = WEEKDAYS.get(a.canon) if a.cat == "word" and a.cap else None
    if weekday is not None and _in_weekday_name(atoms, i):
        weekday = None  # "The Mail on Sunday": a name, not a day
    if weekday is not None and ((len(a.canon) > 3 and a.canon in WEEKDAYS)
                                or a.text.endswith(".")):
        k = skip_comma(i + 1)
        b = at(k)
        if b is not None and (_month(b) or _day(b)):
            found = _match_date(atoms, k, ctx)
            if found:
                return found
        return i + 1, _weekday_value(weekday, ctx.anchor, _ahead(atoms, i))
    month = _month(a)
    if month:
        k = i + 1
        b = at(k)
        day = _day(b) if b else None
        if day:
            k += 1
            k2 = skip_comma(k)
            c = at(k2)
            year = _year(c) if c else None
            return (k2 + 1 if year else k), _date_value(month, day, year, ctx.anchor)
        k2 = skip_comma(k)
        c = at(k2)
        year = _year(c) if c else None
        if year:
            return k2 + 1, _date_value(month, None, year, ctx.anchor)
        relative = _relative_year(atoms, k, ctx.anchor)
        if relative is not None:  # "March last year" is a month of that year
            return k + 2, _date_value(month, None, relative, ctx.anchor)
        if a.canon in _VERB_MONTHS and b is not None and b.cap and not _introduces_month(
                atoms, i):
            return None  # "U.S. May Share Less Intelligence", "Thousands March On Paris"
        if _in_person_name(atoms, i):
            return None  # "Jan Berg", "June Carter", "Theresa May"
        return k, _date_value(month, None, None, ctx.anchor)
    day = _day(a)
    if day:
        k = i + 1
        b = at(k)
        if b is not None and b.canon == "of":
            k += 1
            b = at(k)
        month = _month(b) if b else None
        if month:
            k2 = skip_comma(k + 1)
            c = at(k2)
            year = _year(c) if c else None
            return (k2 + 1 if year else k + 1), _date_value(month, day, year, ctx.anchor)
    year = _year(a)
    if year and "," not in a.text and not _counts_something(atoms, i):
        return i + 1, f"{year:04d}"
    if a.canon in RELATIVE_DAYS:
        return i + 1, _relative_value("day", RELATIVE_DAYS[a.canon], ctx.anchor)
    if a.canon in _RELATIVE_OPENERS and (b := at(i + 1)):
        offset = _RELATIVE_OPENERS[a.canon]
        if a.canon == "last" and b.canon == "night":  # the night before: "yesterday"
            return i + 2, _relative_value("day", -1, ctx.anchor)
        if a.canon == "this" and b.cat == "word" and _day_part_key(b.canon):
            # "this afternoon" is today, as "Saturday afternoon" is Saturday: the day is
            # the fact, the part of it a detail
            return i + 2, _relative_value("day", 0, ctx.anchor)
        unit = b.canon.rstrip("s")
        if unit in ("week", "month", "year", "weekend"):
            return i + 2, _relative_value("week" if unit == "weekend" else unit, offset,
                                          ctx.anchor)
        if b.canon in WEEKDAYS and len(b.canon) > 3:
            # "this Sunday" in a clause of what is to come is the coming one ("will face
            # each other in a runoff this Sunday" = "on March 8"), as a bare weekday is
            ahead = a.canon in ("coming", "upcoming") or _ahead(atoms, i + 1)
            value = _weekday_value(WEEKDAYS[b.canon], ctx.anchor, ahead)
            if ctx.anchor and offset:  # "next Tuesday" is after today, "last Tuesday" before
                when = date.fromisoformat(value)
                if offset > 0 and when <= ctx.anchor:
                    when += timedelta(weeks=1)
                elif offset < 0 and when >= ctx.anchor:
                    when -= timedelta(weeks=1)
                value = when.isoformat()
            return i + 2, value
    return None


def _names_by_day() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each weekday's names (data/weekday_names.txt), with where it stands in each."""
    by_day: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for name in WEEKDAY_NAMES:
        for k, word in enumerate(name):
            if word in WEEKDAYS:
                by_day.setdefault(word, []).append((k, name))
    return by_day


_NAMES_BY_DAY = _names_by_day()


def _in_weekday_name(atoms: list[Atom], i: int) -> bool:
    """Is the weekday ``atoms[i]`` part of a name that holds one ("The Mail on Sunday",
    "Saturday Night Live")?"""
    for k, name in _NAMES_BY_DAY.get(atoms[i].canon, ()):
        start = i - k
        if start >= 0 and start + len(name) <= len(atoms) and all(
                atoms[start + j].canon == word and (atoms[start + j].cap or word == "on")
                for j, word in enumerate(name)):
            return True
    return False


def _clock_time(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    """3 p.m., 3pm, 15:30, 3:30 p.m., noon -> "T15:00", "T15:30", "T12:00" (a time of day
    is a date fact); "morning", "afternoon" are parts of a day."""
    part = _day_part_key(atoms[i].canon) if atoms[i].cat == "word" else None
    if part:
        if i > 0 and (atoms[i - 1].cat == "date" or atoms[i - 1].canon in WEEKDAYS):
            return None  # "Friday evening": the day is the fact, "evening" a detail
        if i > 0 and atoms[i - 1].canon in _COUNTING:
            return None  # "on the first morning" since the beach closed: mornings counted
        return i + 1, DAY_PARTS[part]
    after = atoms[i + 1].canon if i + 1 < len(atoms) else ""
    match = _CLOCK.fullmatch(atoms[i].canon)
    if not match and after in ("am", "pm"):
        match = _DOTTED_CLOCK.fullmatch(atoms[i].canon)  # "7.40am", as British papers write
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if after in ("am", "pm") and 1 <= hour <= 12:
        hour = hour % 12 + (12 if after == "pm" else 0)
        return i + 2, f"T{hour:02d}:{minute:02d}"
    if match.group(2) and hour <= 23 and minute <= 59:
        return i + 1, f"T{hour:02d}:{minute:02d}"
    return None


# A time in four digits before its zone ("0915 GMT"), as wires write it
_ZONED_CLOCK = re.compile(r"([01]\d|2[0-3])([0-5]\d)")
# (not "hours": "1200 hours of footage" is a duration)
_TIME_ZONES = frozenset({"gmt", "utc", "bst", "cet", "cest", "est", "edt", "et", "pst", "pdt",
                         "cst", "cdt", "jst", "ist", "aest", "aedt", "sgt", "hkt"})


def _zoned_clock(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    """"0915 GMT" -> "T09:15": four digits, a time of day, before a zone (read with it, as
    "3 p.m." is)."""
    after = atoms[i + 1].canon if i + 1 < len(atoms) else ""
    match = _ZONED_CLOCK.fullmatch(atoms[i].canon)
    return (i + 2, f"T{match.group(1)}:{match.group(2)}") if match and (
        after in _TIME_ZONES) else None


_YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}
# Words that count the day parts after them ("the first morning", "a second night");
# "first" is no ordinal of ordinals.txt (it ranks as often as it counts)
_COUNTING = frozenset({"first", *ORDINALS})


def _relative_year(atoms: list[Atom], k: int, anchor: date | None) -> int | None:
    """The year "last year", "this year" or "next year" at atoms[k] names (None without a
    publication date to count from)."""
    if anchor is None or k + 1 >= len(atoms) or atoms[k + 1].canon != "year":
        return None
    offset = _YEAR_OFFSETS.get(atoms[k].canon)
    return None if offset is None else anchor.year + offset


def _numeric_date(atoms: list[Atom], i: int, ctx: Context) -> tuple[int, str] | None:
    """2024-11-19 and 11/19/2024 (US order), written as number-punct-number tokens."""
    if i + 5 > len(atoms) or atoms[i].cat != "num":
        return None  # (most amounts: before building the list)
    parts = atoms[i:i + 5]
    if parts[2].cat != "num" or parts[4].cat != "num":
        return None
    if (parts[1].start != parts[0].end or parts[2].start != parts[1].end
            or parts[3].start != parts[2].end or parts[4].start != parts[3].end):
        return None  # "2024 - 11" with spaces is not a date
    sep = parts[1].canon
    if sep != parts[3].canon or sep not in ("-", "/"):
        return None
    numbers = [int(parts[k].canon) if parts[k].canon.isdecimal() else -1 for k in (0, 2, 4)]
    if sep == "-" and len(parts[0].canon) == 4:
        year, month, day = numbers
    elif sep == "/" and len(parts[4].canon) == 4:
        month, day, year = numbers
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2100):
        return None
    return i + 5, _date_value(month, day, year, ctx.anchor)


def _counts_something(atoms: list[Atom], i: int) -> bool:
    """Whether a four-digit number is an amount ("by 1842 votes"), not a year."""
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    prev = atoms[i - 1].canon if i > 0 else ""
    if nxt is None or nxt.cat != "word" or nxt.cap or nxt.canon in FUNCTION_WORDS:
        return False
    return prev not in ("the", "in", "since", "'s", "'", "’", "of", "until", "before", "after")


# Words that can open a date besides numbers, months and weekdays.
_DATE_WORDS = frozenset({*RELATIVE_DAYS, *_RELATIVE_OPENERS, *DAY_PARTS})


def _is_day_part(word: str) -> bool:
    return _day_part_key(word) is not None


@lru_cache(maxsize=4096)
def _day_part_key(word: str) -> str | None:
    """forgiving_lookup(word, DAY_PARTS), cached: the forgiving match tries every day part,
    and a story repeats its words (profiled: a fifth of reading dates).  A word of its own
    is no slip: "Mourning the Hollywood Bowl" names no morning."""
    if word in DAY_PARTS or not is_dictionary_word(word):
        return forgiving_lookup(word, DAY_PARTS)
    return None


def may_open_date(cat: str, canon: str, cap: bool) -> bool:
    """Whether a date can start at an atom of this category, canon and case (the test
    chunk_dates asks before matching; monitor.facts.reading asks it once per word)."""
    # (a cheap test before the forgiving day-part match, "mornnig" may be "morning")
    return cat == "num" or (cat == "word" and (canon in _DATE_WORDS or (
        len(canon) >= 6 and canon[0] in "mneao" and _is_day_part(canon)) or (
        cap and (canon in MONTHS or canon in WEEKDAYS))))


def chunk_dates(atoms: list[Atom], ctx: Context, starts: Sequence[int] | None = None
                ) -> list[Atom]:
    """Runs of atoms that say when, merged into date atoms.  ``starts``: the indexes
    where may_open_date holds, in order, when the caller already knows them (only there
    is a date looked for)."""
    if starts is None:
        starts = [i for i, a in enumerate(atoms) if may_open_date(a.cat, a.canon, a.cap)]
    spans: list[Span] = []
    end = 0  # where the last date ended
    for i in starts:
        if i < end:
            continue
        found = _match_date(atoms, i, ctx)
        if found:
            spans.append((i, found[0], "date", found[1]))
            end = found[0]
    if not spans:
        return atoms  # (what rebuild gives for no span: _range_days needs a date)
    return rebuild(atoms, spans + _range_days(atoms, spans))


_RANGE_JOINERS = frozenset({"and", "to", "through", "or", "-", "–"})
_DAY_IN_VALUE = re.compile(r"-(\d\d)$")


def _range_days(atoms: list[Atom], spans: list[Span]) -> list[Span]:
    """The bare day of a range that gives its month once ("between Oct. 17 and 19",
    "between 17 and 19 October"): a date of that month, not a count."""
    taken: set[int] | None = None  # (most dates hold no day: worked out when one does)
    found: list[Span] = []
    for i, j, _, value in spans:
        if not _DAY_IN_VALUE.search(value):
            continue
        if taken is None:
            taken = {k for first, end, _, _ in spans for k in range(first, end)}
        for day_at, joiner_at in ((j + 1, j), (i - 2, i - 1)):  # "17 and [19]", "[17] and 19"
            if not (0 <= day_at < len(atoms) and 0 <= joiner_at < len(atoms)) or (
                    day_at in taken or atoms[joiner_at].canon not in _RANGE_JOINERS):
                continue
            day = _day(atoms[day_at])
            if day is not None and not _month_follows(atoms, day_at) and (
                    day_at < i or _ends_phrase(atoms, day_at + 1)):
                found.append((day_at, day_at + 1, "date",
                              _DAY_IN_VALUE.sub(f"-{day:02d}", value)))
    return found


def _ends_phrase(atoms: list[Atom], k: int) -> bool:
    """Nothing that the number before ``k`` could count comes at ``k`` ("Oct. 17 and 19."
    or "and 19, when"; not "and 19 people")."""
    return k >= len(atoms) or atoms[k].cat == "punct" or is_function(atoms[k])


def _month_follows(atoms: list[Atom], k: int) -> bool:
    """A month right after the day at ``k``: the day has a date of its own."""
    return k + 1 < len(atoms) and _month(atoms[k + 1]) is not None


def is_date_qualifier(atoms: list[Atom], k: int) -> bool:
    if atoms[k].canon not in DATE_QUALIFIER:
        return False
    window = atoms[max(0, k - 1):k + 3]
    return any(a.cat == "date" for a in window)


def time_and_day(previous: list[Atom], following: list[Atom], gap: list[Atom]) -> bool:
    """A time of day and its day edited together are one date: "6 p.m. on Wednesday"
    -> "noon on Thursday"."""
    values = [x for x in previous + following if x.cat in ("num", "date")]
    if not values or any(x.cat != "date" for x in values):
        return False
    times = [x.value.startswith("T") for x in values]
    return any(times) and not all(times) and len(gap) <= 2 and all(
        x.canon in ("on", "at", ",", "of", "the") for x in gap)
