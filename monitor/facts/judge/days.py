"""Dates told another way: the same day read from the day each version was seen
("tomorrow" -> "today"), a date added beside the day its sentence names, a page's
dateline.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from monitor.facts.atoms import is_function
from monitor.facts.compare import hardened, same_facts
from monitor.facts.judge.versions import Versions
from monitor.facts.lexicon import DAY_PARTS, RELATIVE_DAYS
from monitor.facts.reading import analyse_in_context
from monitor.facts.signatures import Signature, signature
from monitor.models import Change


def day_told_twice(change: Change, versions: Versions) -> bool:
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


def years_counted_back(old: Signature, new: Signature, old_text: str, new_text: str,
                       published: date | None) -> bool:
    """"the first case since 2016" -> "the first case in nine years", "in 2016" -> "nine
    years ago", published in 2025: one year told as the whole years gone by since it,
    from the year the story was published (one side tells it so, the other gives the
    year; the rest is the same)."""
    if published is None:
        return False
    old_read = _years_as_since(old, old_text, published.year)
    new_read = _years_as_since(new, new_text, published.year)
    if (old_read is old) == (new_read is new):
        return False  # (neither side counts years back, or both do: amounts compared)
    return same_facts(old_read, new_read) and old_read.counted == new_read.counted


def weekday_told_as_next(old: Signature, new: Signature, old_text: str,
                         new_text: str) -> bool:
    """"next Sunday" -> "on Sunday": one weekday, told as the coming one on one side and
    bare on the other, where the bare one was read as the nearest (the week before): a
    week apart, the same facts besides (a bare weekday may name the coming one)."""
    nexts = [bool(_NEXT_WEEKDAY.search(text)) for text in (old_text, new_text)]
    if nexts[0] == nexts[1]:
        return False
    a, b = _iso_dates(old), _iso_dates(new)
    if len(a) != 1 or len(b) != 1 or abs((a[0] - b[0]).days) != 7:
        return False
    return same_facts(replace(old, dates=Counter()), replace(new, dates=Counter()))


_NEXT_WEEKDAY = re.compile(r"\b(?:next|this coming)\s+(?:monday|tuesday|wednesday|thursday|"
                           r"friday|saturday|sunday)\b", re.IGNORECASE)


def _iso_dates(sig: Signature) -> list[date]:
    """The signature's dates that name one day (qualifier aside)."""
    days = []
    for key in sig.dates:
        try:
            days.append(date.fromisoformat(key.partition(":")[2]))
        except ValueError:
            return []
    return days


# "in nine years", "for nine years", "over the past decade", "in the last 10 years": a
# span reaching back to now, since a year (not "for nine years in a row"); "nine years
# ago": that year itself
_YEARS_BACK = re.compile(r"\b(?:in|for|over|during)\s+(?:the\s+)?(?:past\s+|last\s+|"
                         r"previous\s+)?(?:[\w-]+\s+)?(?:years|decades?)\b"
                         r"(?!\s+(?:ago|in a row|later|from))", re.IGNORECASE)
_YEARS_AGO = re.compile(r"\b(?:years|decades?)\s+ago\b", re.IGNORECASE)
_WHOLE_YEARS = re.compile(r":(\d+)d")


def _years_as_since(sig: Signature, text: str, published_year: int) -> Signature:
    """``sig`` with its one span of whole years ("nine years": 3,240 days as signatures
    count them) read as the year it reaches back to ("since:2016" published in 2025), or
    the year it names ("nine years ago": ":2016"), where ``text`` tells the span so;
    ``sig`` itself otherwise."""
    spans = [key for key in sig.amounts if (m := _WHOLE_YEARS.fullmatch(key))
             and int(m.group(1)) % 360 == 0]
    qualifier = "since" if _YEARS_BACK.search(text) else "" if _YEARS_AGO.search(text) else None
    if len(spans) != 1 or sig.amounts[spans[0]] != 1 or qualifier is None:
        return sig
    years = int(spans[0][1:-1]) // 360
    counted = sig.counted - Counter({f"{spans[0][1:]} days": 1})  # ("3240d days")
    return replace(sig, amounts=sig.amounts - Counter(spans), counted=counted,
                   dates=sig.dates + Counter({f"{qualifier}:{published_year - years}": 1}))


def same_day_told_later(change: Change, versions: Versions) -> bool:
    """The two sentences name the same days when each reads its relative dates from the
    day its own version was seen ("talks resume tomorrow" -> "talks resume today", a day
    later; "on Sunday" -> "today", seen on that Sunday): the story moved with the clock,
    not the date."""
    seen_old, seen_new = versions.old_doc.captured, versions.new_doc.captured
    if seen_old is None or seen_new is None or not (change.old_sentence and change.new_sentence):
        return False
    # seen the same day: that day for both ("Sunday" -> "today", both seen on a Sunday),
    # which only a day named by its relation to the day seen can change; where the
    # outlet's clock is matters only when the versions straddle a midnight
    if seen_old.date() == seen_new.date():
        if not _names_a_relative_day(change):
            return False
        days = [(seen_old.date(), seen_new.date())]
    else:
        days = _local_days(seen_old, seen_new)
    published = versions.old_doc.published
    if published is not None and timedelta(0) <= seen_old - published < _WRITTEN_AT_PUBLICATION:
        # a first version seen soon after it was published was written on the day it was
        # published ("Primary Day is tomorrow", published the evening before, seen just
        # past midnight): its relative days may be read from that day too
        # (one clock for both: a day's offset would straddle a midnight that neither saw)
        pair = (_utc_day(published), _utc_day(seen_new))
        days += [pair] if pair not in days else []
    for old_day, new_day in days:
        old = signature(change.old_sentence, replace(versions.ctx, anchor=old_day))
        new = signature(change.new_sentence, replace(versions.ctx, anchor=new_day))
        if old.dates and same_facts(hardened(old), hardened(new)):
            return True
    return False


# How long after publication a version may have been seen and still be the text written at
# publication time
_WRITTEN_AT_PUBLICATION = timedelta(hours=12)


def _names_a_relative_day(change: Change) -> bool:
    """A side of the change says "today", "tomorrow", "yesterday" or "tonight", or a part
    of the day seen ("this afternoon")."""
    words = [word.strip(".,;:'\"’") for word in
             f"{change.old or ''} {change.new or ''}".lower().split()]
    return any(word in RELATIVE_DAYS or (word == "this" and following in DAY_PARTS)
               for word, following in zip(words, [*words[1:], ""], strict=True))


# Where an outlet may be, from UTC-12 to UTC+14: "today" in a US story seen at 01:50 UTC
# is the day before in UTC, in a New Zealand one seen at 20:00 UTC the day after.
_OUTLET_OFFSETS = (timedelta(0), timedelta(hours=-12), timedelta(hours=14))


def _utc_day(moment: datetime) -> date:
    """The day of ``moment`` in UTC; a time without a zone, its own day."""
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def _local_days(seen_old: datetime, seen_new: datetime) -> list[tuple[date, date]]:
    """The days each version was seen on where the outlet is, for each place it may be
    (one outlet, one clock for both versions)."""
    if seen_old.tzinfo is None or seen_new.tzinfo is None:
        return [(seen_old.date(), seen_new.date())]
    old, new = seen_old.astimezone(UTC), seen_new.astimezone(UTC)
    return list(dict.fromkeys(((old + offset).date(), (new + offset).date())
                              for offset in _OUTLET_OFFSETS))


def dateline_edit(change: Change, versions: Versions) -> bool:
    """A headline's date that is the page's own day of publication: a live page's or a
    daily briefing's dateline, added or dropped, not an event's date changed.  A day told
    by its relation to the day read ("today", "tonight", "this month"), the value saying
    nothing else, is one too: the headline says when it is read, whenever it is."""
    if change.action == "changed":
        return False
    value = versions.signature(change.old or change.new or "")
    if not value.dates:
        return False
    if all(_PRESENT.search(d) for d in value.dates) and replace(
            value, dates=Counter()).is_empty():
        return True
    published = versions.old_doc.published or versions.new_doc.published
    if published is None:
        return False
    day = published.date().isoformat()
    return all(d.endswith(day) for d in value.dates)


def present_day_dropped(change: Change, versions: Versions) -> bool:
    """A day told from the day the story is read ("today", "this week") dropped, the rest
    of the value, or of its sentence, the same ("The Mail on Sunday today calls on" -> "The
    Mail is calling on"): when the event is goes untold, it does not move."""
    if not change.old or (change.new is None and not _date_alone(change.old, versions)):
        return False  # a sentence dropped with its "today" states more than its day
    unanchored = replace(versions.ctx, anchor=None)  # "today" read as today, not a date
    value = (signature(change.old, unanchored), signature(change.new or "", unanchored))
    sentences = (signature(change.old_sentence or "", unanchored),
                 signature(change.new_sentence or "", unanchored))
    return _only_present_day_dropped(*value) or (
        bool(change.new_sentence) and _only_present_day_dropped(*sentences))


def _date_alone(value: str, versions: Versions) -> bool:
    """``value`` says a date and nothing else ("later today", "this weekend")."""
    atoms = analyse_in_context(value, versions.ctx)
    return any(a.cat == "date" for a in atoms) and all(
        a.cat == "date" or is_function(a) for a in atoms)


def _only_present_day_dropped(old: Signature, new: Signature) -> bool:
    gone = old.dates - new.dates
    return bool(gone) and not (new.dates - old.dates) and all(
        _PRESENT.search(d) for d in gone) and same_facts(_undated(old), _undated(new))


def _undated(sig: Signature) -> Signature:
    """``sig`` without its dates or whether it is said ("today calls on" -> "is calling
    on")."""
    return replace(sig, dates=Counter(), logic=tuple(
        m for m in sig.logic if m != "say"))


_PRESENT = re.compile(r"rel:(?:day|week|month|year)\+0$")  # today, this week, ...
