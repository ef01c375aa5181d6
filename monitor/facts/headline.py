"""A headline repeating a body change is that change, once.

Headline changes are kept only when the body reports no change of the same kind about
the same values (amounts, dates, names, status groups; a count's or a date's change by
its amounts or dates) on each side the headline change has (what it drops, what it
brings; a value changed in the headline by a body change of both values), and none whose
amounts the headline repeats, perhaps rounded ("1,800" -> "2,000" over "1,846" ->
"2,012").
"""

from __future__ import annotations

import re

from monitor.facts.atoms import status_value
from monitor.facts.context import Context
from monitor.facts.lexicon import MODAL_GROUPS
from monitor.facts.reading import analyse_in_context
from monitor.models import Change

# What a change of these kinds is about: its amounts, its dates ("4 dead" and "death toll"
# share a state, not a count)
_VALUE_CATS = {"number": "num", "date": "date"}


def _values(text: str | None, ctx: Context, kind: str = "") -> set[str]:
    """The values a side of a change is about: amounts, dates, names, status groups; for
    an amount's or a date's change, its amounts or dates."""
    values: set[str] = set()
    only = _VALUE_CATS.get(kind)
    for atom in analyse_in_context(text or "", ctx):
        if only is not None:
            if atom.cat == only:
                values.add(atom.canon)
        elif atom.cat in ("num", "date") or atom.name:
            values.add(atom.canon)
        elif status_value(atom):
            values.add(f"status:{status_value(atom)}")
    return values


def new_in_headline(headline: list[Change], body: list[Change], ctx: Context) -> list[Change]:
    """Headline changes that the body does not already report (the same entry covers a
    headline repeating a body change).  A headline change repeats the body's when each
    side it has shares a value with the same side of the body's changes of its kind:
    "closed" -> "reopen" in a headline is news beside a body that only dropped "is
    closed", and "5 dead" -> "8 dead" beside "4 wounded" -> "8 dead"."""
    told = _told(body, ctx)
    # a value changed in the headline ("4 dead" -> "5 dead") is repeated only by a body
    # change of both values, not by one dropping "four" and another bringing "five": the
    # headline's is then the change, told with both its sides
    told_both = _told([c for c in body if c.action == "changed"], ctx)
    states_told = _states_told(body, ctx)
    return [c for c in headline
            if not _repeats(c, *(told_both if c.action == "changed" else told).get(
                c.kind, (set(), set())), ctx)
            and not _state_repeated(c, states_told, ctx)
            and not any(_rounded_repeat(c, b, ctx) for b in body)]


def _states(text: str | None, ctx: Context) -> set[str]:
    """The states (status.txt's groups) a side of a change tells, how its claim is held
    aside (lexicon.MODAL_GROUPS: "will" dropped in a headline and in a body sentence may
    be two events come to pass)."""
    return {value for atom in analyse_in_context(text or "", ctx)
            if (value := status_value(atom)) is not None and value not in MODAL_GROUPS}


def _states_told(body: list[Change], ctx: Context) -> tuple[set[str], set[str]]:
    """The states the body's status changes drop and bring."""
    olds: set[str] = set()
    news: set[str] = set()
    for change in body:
        if change.kind == "status":
            olds.update(_states(change.old, ctx))
            news.update(_states(change.new, ctx))
    return olds, news


def _state_repeated(head: Change, told: tuple[set[str], set[str]], ctx: Context) -> bool:
    """A headline's status change whose states the body's status changes drop and bring
    too, whatever else each names: "Missing teen in Buffalo" -> "Missing teen located in
    Buffalo" over "are looking for ... Min Kaing" -> "located a missing 16-year-old"."""
    if head.kind != "status":
        return False
    sides = [(_states(head.old, ctx) - _states(head.new, ctx), told[0]),
             (_states(head.new, ctx) - _states(head.old, ctx), told[1])]
    present = [(states, body) for states, body in sides if states]
    return bool(present) and all(states <= body for states, body in present)


def _told(body: list[Change], ctx: Context) -> dict[str, tuple[set[str], set[str]]]:
    """By kind, the values the body's changes drop and bring."""
    told: dict[str, tuple[set[str], set[str]]] = {}
    for change in body:
        olds, news = told.setdefault(change.kind, (set(), set()))
        olds.update(_values(change.old, ctx, change.kind))
        news.update(_values(change.new, ctx, change.kind))
    return told


def _repeats(head: Change, body_olds: set[str], body_news: set[str], ctx: Context) -> bool:
    """Each side of ``head`` that carries a value shares one with that side of the
    body's changes ("3 makes" -> "M" over "3" -> "M": the model letter is no value)."""
    sides = [(_values(head.old, ctx, head.kind), body_olds),
             (_values(head.new, ctx, head.kind), body_news)]
    present = [(values, body) for values, body in sides if values]
    return bool(present) and all(values & body for values, body in present)


def _amounts(text: str | None, ctx: Context) -> list[tuple[str, float]]:
    """(unit, amount) of each number in a text: ("$", 2500000.0), ("%", 40.0)."""
    values: list[tuple[str, float]] = []
    for atom in analyse_in_context(text or "", ctx):
        digits = re.sub(r"[^\d.]", "", atom.value) if atom.cat == "num" else ""
        if digits and digits.count(".") <= 1 and digits != ".":
            values.append((re.sub(r"[\d.]", "", atom.value), float(digits)))
    return values


def _rounded_repeat(head: Change, body: Change, ctx: Context) -> bool:
    """A headline repeating a body amount change, perhaps rounded: "1,800" -> "2,000"
    over "1,846" -> "2,012", or "42 evacuated" added over "38" -> "42 passengers"."""
    if body.kind != "number" or (head.kind != "number" and head.action == "changed"):
        return False
    checked = False
    for head_text, body_text in ((head.old, body.old), (head.new, body.new)):
        if head_text is None:
            continue
        head_values, body_values = _amounts(head_text, ctx), _amounts(body_text, ctx)
        if not head_values or not body_values:
            return False
        if not all(any(hu == vu and abs(h - v) <= 0.1 * max(h, v) for vu, v in body_values)
                   for hu, h in head_values):
            return False
        checked = True
    return checked
