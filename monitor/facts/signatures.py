"""Fact signatures: what a span states, independent of its wording.

A span is read (monitor.facts.reading) after its surface forms are made one (formats,
units, currencies, furniture: data/judge/surface_forms.txt and furniture.txt) into the
amounts, dates, names, negations, modality, states, restrictions, scope, sources,
quotations and closed-class nouns it states: two spans with the same signature state the
same facts, whatever their words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from monitor.facts.atoms import (
    Atom,
    after_period_mark,
    condition_value,
    source_value,
    speech_value,
    status_value,
)
from monitor.facts.context import Context
from monitor.facts.judge_data import (
    alias_key,
    alias_table,
    furniture_rules,
    negated_states,
    noun_classes,
    origin_participles,
    party_tag_states,
    surface_rules_gated,
    unit_table,
)
from monitor.facts.lexicon import (
    AUXILIARIES,
    BODY_WORDS,
    CONDITION_MEANING,
    DATE_QUALIFIER,
    DAYS_IN_UNIT,
    DETERMINERS,
    DIRECTIONS,
    FUNCTION_WORDS,
    MODAL_VERBS,
    NUMBERED_NAMES,
    PLACE_RELATIONS,
    PREPOSITIONS,
    SCALES,
    SMALL_NUMBERS,
    STATUS,
    TENS,
    TITLES,
    is_common_word,
)
from monitor.facts.lexicon import SCOPE as LEXICON_SCOPE
from monitor.facts.names import (
    NAME_PARTICLES,
    small_words_in_name,
    spells_acronym,
)
from monitor.facts.numbers import qualifier_meaning
from monitor.facts.reading import (
    cached_atoms,
    quoted_runs,
    relevant_context,
)
from monitor.facts.rule_gates import GatedRules
from monitor.facts.status import hedges_state
from monitor.models import Change

# Status groups that are the state of a claim rather than of a person or an event:
# they alone never make a change ``high``.
NEGATION = "not"


MODALITY = frozenset({"will", "may", "can", "must", "likely", "unconfirmed"})


@lru_cache(maxsize=8192)
def surface_normal(text: str) -> str:
    """``text`` without furniture (furniture.txt), without the unit conversions it gives
    in brackets (units.txt), and with one spelling for each surface form of
    surface_forms.txt.  A rule runs only where the text meets its gate (what its pattern
    needs to match: monitor.facts.rule_gates), which changes nothing but the cost."""
    if _DIGIT.search(text) is not None:
        text = _numbered_names().sub(_joined, text)  # "Covid 19:" is the kicker "Covid-19:"
    if "(R-" in text or "(D-" in text or "(I-" in text:
        text = _PARTY_TAG.sub(_party_state, text)  # "(R-La.)" is "(R-Louisiana)"
    text = gated_furniture_rules().apply(text, had_digit=True)
    had_digit = _DIGIT.search(text) is not None
    if had_digit and "(" in text:
        text = without_conversions(text)
    return " ".join(_surface_rules().apply(text, had_digit=had_digit).split())


# A lawmaker's party and state ("(R-La.)", "(D-N.Y.)"): party_tag_states.txt
_PARTY_TAG = re.compile(r"\(([RDI])-((?:[A-Z][a-z]{0,4}\.?){1,2})\)")


def _party_state(match: re.Match[str]) -> str:
    party, state = match.groups()
    return f"({party}-{party_tag_states().get(state.replace('.', '').lower(), state)})"


@cache
def _numbered_names() -> re.Pattern[str]:
    """The names written with a number apart (data/numbered_names.txt), as the tokens
    read them: one word ("Covid 19" = "Covid-19")."""
    names = "|".join(rf"{re.escape(word)} {re.escape(number)}"
                     for word, number in sorted(NUMBERED_NAMES))
    return re.compile(rf"(?<![\w-])(?:{names})(?!\w)", re.IGNORECASE)


def _joined(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "-")


@cache
def gated_furniture_rules() -> GatedRules:
    """The furniture rules (furniture.txt), each run only where a text meets its gate
    (shared with monitor.facts.judge.artefacts, which asks which can match a sentence)."""
    return GatedRules((rule, " ", False) for rule in furniture_rules())


@cache
def _surface_rules() -> GatedRules:
    """The surface rules; one that needs a digit (surface_rules_gated) runs only where
    the text has one at its turn, had before the rules ran or written by an earlier
    rule ("first-round" -> "1-round" -> "1 round")."""
    return GatedRules(surface_rules_gated())


_DIGIT = re.compile(r"\d")


# "<amount> <unit> (<qualifier> <amount> <unit>)": "40 kilometers (25 miles)", "44 degrees
# Celsius (111 degrees Fahrenheit)", "2 meters (about 6.5 feet)", "5.6 million km (3.5
# million miles)", "twenty-five metres (about 82 feet)"; and a size, "2 metres by 1 metre
# (about 6.5 by 3.3 feet)".  An amount is digits with perhaps a scale, or words.
_SPELLED_NUMBER = "(?:{tens})(?:-(?:{small}))?|(?:{small})".format(
    tens="|".join(TENS), small="|".join(sorted(SMALL_NUMBERS, key=len, reverse=True)))
# (scales written out only: "m" after a number is more often metres than millions)
_WORD_SCALES = ("hundred", "thousand", "million", "billion", "trillion")
# (the lookahead first: most places start no amount, and fail there before the alternatives
# are tried: a digit, or a word starting as a number's name does)
_AMOUNT = (rf"(?=\d|\b[efnostz])(\d[\d,]*(?:\.\d+)?(?:\s+(?:{'|'.join(_WORD_SCALES)})\b)?"
           rf"(?![\w.,]\d)|\b(?:{_SPELLED_NUMBER})\b)")
_UNIT = r"(°?[a-z]+(?:[ /][a-z]+){0,2}?)\.?"
_AMOUNT_UNIT = _AMOUNT + r"[\s-]?" + _UNIT
_HEDGE = (r"\s*\(\s*(?:about |around |some |roughly |approximately |nearly |almost "
          r"|more than |over |under )?")

_CONVERSION = re.compile(_AMOUNT_UNIT + _HEDGE + _AMOUNT_UNIT + r"\s*\)", re.IGNORECASE)
_SIZE_CONVERSION = re.compile(
    _AMOUNT + r"(?:[\s-]?" + _UNIT + r")?\s+(?:by|x|\u00d7)\s+" + _AMOUNT_UNIT + _HEDGE
    + _AMOUNT + r"(?:[\s-]?" + _UNIT + r")?\s+(?:by|x|\u00d7)\s+" + _AMOUNT_UNIT
    + r"\s*\)", re.IGNORECASE)


CONVERSION_TOLERANCE = 0.02  # of the converted amount, beside the bracket's own rounding


def _amount_value(text: str) -> float:
    """An amount as _AMOUNT reads it: "5,600,000", "3.5 million", "twenty-five"."""
    number, _, scale = text.lower().partition(" ")
    if number[:1].isdigit():
        return float(number.replace(",", "")) * SCALES.get(scale.strip(), 1)
    tens, _, ones = number.partition("-")
    return float(TENS.get(tens, 0) + SMALL_NUMBERS.get(tens, 0) + SMALL_NUMBERS.get(ones, 0))


def _converts(amount: str, unit: str, other: str, other_unit: str) -> bool:
    """``other`` ``other_unit`` is ``amount`` ``unit`` converted, to the bracket's own
    rounding or within CONVERSION_TOLERANCE."""
    converted = _converted(_amount_value(amount), unit, other_unit)
    if converted is None:
        return False
    digits = other.split()[0]
    rounding = 10.0 ** -len(digits.partition(".")[2]) * (
        SCALES.get(other.lower().partition(" ")[2].strip(), 1))  # "6.5" told to a tenth
    return abs(converted - _amount_value(other)) <= max(
        rounding, CONVERSION_TOLERANCE * abs(converted))


def _without_conversion(match: re.Match[str]) -> str:
    """The amount and its unit alone when the bracket converts it right; the whole text
    when it does not (a wrong or changed conversion is a fact of its own)."""
    amount, unit, other, other_unit = match.groups()
    return f"{amount} {unit}" if _converts(amount, unit, other, other_unit) else match.group(0)


def _without_size_conversion(match: re.Match[str]) -> str:
    """A size without the bracket that converts it right, both its sides ("2 metres by 1
    metre (about 6.5 by 3.3 feet)"); a side without its unit takes the other's."""
    a, a_unit, b, b_unit, c, c_unit, d, d_unit = match.groups()
    if _converts(a, a_unit or b_unit, c, c_unit or d_unit) and _converts(b, b_unit, d, d_unit):
        return match.group(0)[:match.group(0).index("(")].rstrip()
    return match.group(0)


def without_conversions(text: str) -> str:
    """``text`` without the bracketed conversions that convert the amount before them
    right: sizes first ("2 metres by 1 metre (about 6.5 by 3.3 feet)"), then amounts."""
    if _BRACKETED_AMOUNT.search(text) is None:
        return text
    if _SIZE_MARK.search(text):
        text = _SIZE_CONVERSION.sub(_without_size_conversion, text)
    return _CONVERSION.sub(_without_conversion, text)


_SIZE_MARK = re.compile(r"\s(?:by|x)\s|\u00d7", re.IGNORECASE)  # what a size needs
# What both conversion patterns need: a bracket opening on an amount, perhaps hedged
# (_HEDGE, then _AMOUNT: "(about 6.5", "(eighty").  The patterns are tried at every place
# of a text, ~0.1 ms on a sentence with a digit and a bracket; this search, led by the
# bracket, takes a few microseconds (issue 10's judge budget).
_BRACKETED_AMOUNT = re.compile(_HEDGE.removeprefix(r"\s*") + _AMOUNT, re.IGNORECASE)


@lru_cache(maxsize=256)
def _conversions(text: str) -> tuple[tuple[re.Match[str], str], ...]:
    """Each bracketed conversion of ``text`` and what it reads as without it (cached: a
    shop's list of deals, one "sentence" of thousands of characters and brackets, took
    2 ms a pass and was read again for each of its changes)."""
    if _BRACKETED_AMOUNT.search(text) is None:
        return ()
    sizes = [(match, _without_size_conversion(match))
             for match in _SIZE_CONVERSION.finditer(text)] if _SIZE_MARK.search(text) else []
    return (*sizes, *((match, _without_conversion(match))
                      for match in _CONVERSION.finditer(text)))


def in_conversion(change: Change) -> bool:
    """The added or removed value lies inside a unit conversion its sentence gives right
    ("about 35,000 hectares (86,000 acres)"): the amount told twice, not a fact."""
    value = (change.new or change.old or "").strip()
    sentence = change.new_sentence if change.new else change.old_sentence
    if not value or not sentence or "(" not in sentence:
        return False
    sentence = _ONE_UNIT.sub(r"1 \1", sentence)  # "a one-mile (1.6-km) radius"
    return any(value in match.group(0) and without != match.group(0)
               for match, without in _conversions(sentence))


def conversion_dropped(value: str | None, sentence: str | None) -> str | None:
    """``value`` without the bracket of a right unit conversion its sentence gives after
    the amount ("km (3,100 miles)" in "about 5,000 km (3,100 miles)" is "km")."""
    if not value or not sentence or "(" not in value:
        return value
    for match, without in _conversions(_ONE_UNIT.sub(r"1 \1", sentence)):
        bracket = match.group(0)[match.group(0).index("("):]
        if bracket in value and without != match.group(0):
            return " ".join(value.replace(bracket, " ").split())
    return value


MAX_ALIAS_WORDS = 3


def alias_given(change: Change) -> bool:
    """The added or removed value is a name or acronym set in brackets or between commas
    right after a name ("Sweden's Financial Supervisory Authority (Finansinspektionen)",
    "the UN refugee agency, UNHCR, said"): another name for what the sentence already
    names, not a new one."""
    value = _bare_alias(change.new or change.old or "")
    sentence = change.new_sentence if change.new else change.old_sentence
    words = value.split()
    if sentence and "(" in sentence and _spelled_out_before_acronym(value, sentence):
        return True  # "(Direktoratet for medisinske produkter, DMP)"
    if not sentence or not words or len(words) > MAX_ALIAS_WORDS or any(
            not w[:1].isupper() or any(c.isdigit() for c in w) for w in words):
        return False
    return any(value in (_bare_alias(match.group(1) or ""), _bare_alias(match.group(2) or ""))
               for match in _SET_APART.finditer(sentence))


# A name spelt out in brackets before the acronym it gives: "(Direktoratet for medisinske
# produkter, DMP)", a body's own-language name beside its English one
_SPELLED_OUT = re.compile(r"\(\s*([^(),]{3,80}?),\s*([A-Z]{2,8})\s*\)")


def _spelled_out_before_acronym(value: str, sentence: str) -> bool:
    """``value`` is the name the bracket spells out, the acronym's initials ("DMP": its
    words less the connectors, "for", "of")."""
    return any(match.group(1) == value and spells_acronym(match.group(2), value)
               for match in _SPELLED_OUT.finditer(sentence))


# What may come before a name given for another: "ITAD (for "IT Asset Disposition")",
# "the agency (or Finansinspektionen)"
_ALIAS_LEAD = re.compile(r"^(?:short\s+for|for|or|aka|also\s+known\s+as)\s+", re.IGNORECASE)


def _bare_alias(text: str) -> str:
    """A name given in brackets without its lead word and quotation marks."""
    text = _ALIAS_LEAD.sub("", text.strip(" ,()"))
    return text.strip(" \"'“”‘’")


# What a body is called before its name is given in brackets or between commas
_BODIES = r"(?:agency|authority|office|ministry|bureau|commission|council|department|regulator)"
# A name, or what a body is called, and what follows it in brackets; what a body is called
# and what follows it between commas (not after a name: "Chris, Loren, and Joey")
_SET_APART = re.compile(rf"(?:[A-Z][\w'’.-]*|{_BODIES})\s*\(\s*([^()]{{1,80}}?)\s*\)"
                        rf"|\b{_BODIES},\s*([^,]{{1,80}}?)\s*,")


# one of a unit written in words before its conversion: "a one-mile (1.6-km) radius"
_ONE_UNIT = re.compile(r"\b(?:a|one)[- ](mile|kilomet(?:re|er)|km|met(?:re|er)|foot|inch|pound|"
                       r"kilogram|acre|hectare)\b(?=\s*\()", re.IGNORECASE)


def _converted(amount: float, unit: str, to_unit: str) -> float | None:
    table = unit_table()
    source, target = table.get(unit.lower()), table.get(to_unit.lower())
    if source is None or target is None or source[0] != target[0] or source == target:
        return None
    if source[0] == "temperature":
        celsius = amount if source[1] == "C" else (amount - 32) * 5 / 9
        return celsius if target[1] == "C" else celsius * 9 / 5 + 32
    return amount * float(source[1]) / float(target[1])


@dataclass(frozen=True, slots=True)
class Signature:
    """What a span states, independent of its wording."""

    amounts: Counter[str]  # "min:12000", "$30000000": qualifier and normalised value
    dates: Counter[str]
    names: frozenset[str]
    negations: int
    modality: frozenset[str]
    states: frozenset[str]
    conditions: frozenset[str]
    scope: frozenset[str]  # "all", "some", "most", "few"
    sources: frozenset[str]
    quoted: tuple[str, ...]  # each quotation, its words joined
    nouns: frozenset[tuple[str, str]]  # (class, member) of closed-class nouns
    counted: Counter[str]  # each amount with the word after it ("12 states"): coverage
    logic: tuple[str, ...]  # negations, modals and verbs of saying in sentence order
    # negations spent on a state they deny ("not allowed" read as "prohibited"): compared
    # by no one, but a denial told elsewhere must be told by a sentence that denies too
    # (judge.coverage), or "banning" anywhere would tell a headline's "will not authorize"
    denials: int = 0

    def is_empty(self) -> bool:
        return not (self.amounts or self.dates or self.names or self.negations
                    or self.modality or self.states or self.conditions or self.quoted
                    or self.nouns or self.sources)


# The lexicon's scope words (data/scope.txt), and "entire" (the whole of one thing), which
# the judge reads as "all" while the diff's own condition rules do not.
SCOPE = {**LEXICON_SCOPE, "entire": "all"}


def signature(text: str, ctx: Context, *, title_case: bool | None = None) -> Signature:
    """What ``text`` states.  ``title_case`` says whether the sentence it comes from is a
    Headline In Title Case (a fragment of one is too short to tell by itself).  Shared by
    a bounded cache keyed like the atoms' (the part of the context the text can use): a
    new version repeats most sentences of the one before (callers never change it)."""
    normal = surface_normal(text)
    names, acronyms = relevant_context(normal, ctx)
    return _signature(normal, ctx.anchor, names, acronyms, title_case)


@lru_cache(maxsize=2048)  # ~2.7 KB each: ~5.5 MB, some thirty articles' sentences
def _signature(normal: str, anchor: date | None, names: frozenset[str],
               acronyms: frozenset[str], title_case: bool | None) -> Signature:
    """The signature of a text read as ``normal`` (its surface_normal: the text itself
    is not part of the key, so two spellings of one sentence are read once)."""
    atoms = cached_atoms(normal, anchor, names, acronyms)
    if title_case is None:
        # the sentence tells by itself: read once with what a caller giving it says
        # (the judge reads most sentences both ways: alone, and as a fragment's own)
        return _signature(normal, anchor, names, acronyms, title_cased(atoms))
    if _is_question_normal(normal):
        return question_signature(atoms, title_case)
    plain_states = [status_value(a) for a in atoms]
    states, conditions = _denials_read(atoms, plain_states,
                                       [condition_value(a) for a in atoms])
    classes = noun_classes()
    named = _names(atoms, title_case)
    in_names = _known_name_words(named)  # "East" of "East Timor": no part of a place
    logic = _said_last(_dedupe_runs(
        m for k, (a, st) in enumerate(zip(atoms, states, strict=True))
        for m in _markers_at(atoms, k, st)))
    return Signature(
        amounts=Counter([f"{qualifier_meaning(atoms, k)}:{_in_base_unit(atoms, k)}"
                         for k, a in enumerate(atoms) if a.cat == "num"] + _periods(atoms)),
        dates=_dates(atoms),
        names=frozenset(named | _directions(atoms, in_names)),
        negations=states.count(NEGATION),
        # a hedged state ("nearly set") is one not reached: a modality, read with the logic
        modality=frozenset(_POSSIBILITY.get(s, s) for s in states if s in MODALITY) | (
            {"almost"} if "almost" in logic else set()),
        states=frozenset(s for s in states if s and s != NEGATION and s not in MODALITY),
        conditions=frozenset(c for c in conditions if c) | _relations(atoms),
        scope=frozenset(SCOPE[a.canon] for k, a in enumerate(atoms) if a.cat == "word"
                        and a.canon in SCOPE and not _qualifies_amount(atoms, k)
                        and not _whole_of_a_place(atoms, k)),
        sources=frozenset(s for a in atoms if (s := source_value(a))),
        quoted=_quotations(atoms),
        nouns=frozenset(classes[a.canon] for k, (a, state) in enumerate(
                            zip(atoms, states, strict=True))
                        if a.cat == "word" and a.canon in classes and state is None
                        and a.canon not in in_names and not _part_of_a_day(atoms, k)
                        and (not a.name or classes[a.canon][0] in _READ_IN_NAMES)),
        # ("leads" a state, not the metal)
        counted=counted_amounts(atoms),
        logic=logic,
        denials=plain_states.count(NEGATION) - states.count(NEGATION),
    )


# The words a negation reaches across to the state it denies ("is not allowed", "did not
# open", "has not yet been found", "not to open", "no longer compulsory")
_TO_THE_DENIED = AUXILIARIES | {"to", "do", "does", "did", "yet", "get", "gets", "got",
                                "longer"}


def _denials_read(atoms: list[Atom], states: list[str | None], conditions: list[str | None],
                  ) -> tuple[list[str | None], list[str | None]]:
    """``states`` and ``conditions`` with what the sentence denies read as what its denial
    tells (negated_states.txt: "is not allowed" is "is prohibited", "did not open" "stayed
    closed", "no longer compulsory" "optional", "did not change" "held"), the negation
    spent on it; a duty denied is a ban ("must not board" = "are forbidden to board")."""
    if NEGATION not in states:
        return states, conditions  # the common case, without a copy
    table, read, conds = negated_states(), list(states), list(conditions)
    for k, state in enumerate(states):
        if state != NEGATION:
            continue
        j = _past_the_subject(atoms, k) if atoms[k].canon == "no" else k + 1
        while j < len(atoms) and (atoms[j].canon in _TO_THE_DENIED
                                  or atoms[j].canon in MODAL_VERBS):
            j += 1
        if j < len(atoms) and (denied := _denial(table, read[j], conds[j], atoms[j])):
            read[k], read[j], conds[j] = None, None, None
            if denied in _CONDITION_GROUPS:
                conds[j] = denied
            else:
                read[j] = denied
        elif k and read[k - 1] == "must":
            read[k - 1], read[k] = None, "reject"  # "must not board": forbidden to board
    return read, conds


_CONDITION_GROUPS = frozenset(CONDITION_MEANING.values())
_GROUP_NAMES = _CONDITION_GROUPS | frozenset(STATUS.values())


def _denial(table: dict[str, str], state: str | None, condition: str | None,
            atom: Atom) -> str | None:
    """What denying the atom tells: by its state, its condition, or (a word of neither)
    the word itself ("did not change": "hold"); never a word read as no state that spells
    a group's name ("have not been found" where "found" is read as no state)."""
    if state is not None or condition is not None:
        return table.get(state or "") or table.get(condition or "")
    return None if atom.canon in _GROUP_NAMES else table.get(atom.canon)


SUBJECT_WORDS = 4  # "No [departures at all] will be allowed": what "no" denies, then its verb


def _past_the_subject(atoms: list[Atom], k: int) -> int:
    """Where the verb of a subject "no" opens begins ("No departures at all [will] be
    allowed" = "departures will be banned"); k + 1 when no verb comes within
    SUBJECT_WORDS words."""
    for j in range(k + 1, min(len(atoms), k + 2 + SUBJECT_WORDS)):
        if atoms[j].canon in AUXILIARIES or atoms[j].canon in MODAL_VERBS:
            return j
        if atoms[j].cat != "word":
            break
    return k + 1


# Classes whose members keep their sense in a name: "South of Buffalo" and "south of
# Buffalo", "Western New York" and "western New York" name one compass point.
_READ_IN_NAMES = frozenset({"compass"})


def _relations(atoms: list[Atom]) -> frozenset[str]:
    """Where a thing stands to a place, when it is not in it ("near Boundary Waters",
    "below its high": place_relations.txt's groups other than "at", which "in", "on" and
    "at" read alike): "in X" -> "near X" is another place (rules.place_relation_changed)."""
    return frozenset(f"place:{group}" for k, a in enumerate(atoms[:-1])
                     if (group := PLACE_RELATIONS.get(a.canon)) not in (None, "at")
                     and _opens_a_place(atoms[k + 1]))


def _opens_a_place(atom: Atom) -> bool:
    """A name or a determiner: what follows the word before it is a place or a point
    ("near Boundary Waters", "below its high"), not an idiom ("near death")."""
    return atom.cat == "word" and (atom.name or atom.canon in DETERMINERS)


def _periods(atoms: list[Atom]) -> list[str]:
    """The spans of time a rate or a length names by its unit alone: "every month" and
    "once a month" (a rate: "per:30d"), "a day after" (one day: ":1d", as "one day after"
    reads).  An amount's own unit ("40 hours") is read with the amount."""
    found = []
    for k, atom in enumerate(atoms[1:], start=1):
        before = atoms[k - 1].canon
        if after_period_mark(atoms, k):
            days = f"{DAYS_IN_UNIT[atom.canon]:g}d"
            found.append(f":{days}" if before in ("a", "an") and not _rate(atoms, k - 1)
                         else f"per:{days}")
    return found


def _rate(atoms: list[Atom], k: int) -> bool:
    """The "a" at ``k`` makes a rate: an amount or "once"/"twice" before it ("40 hours a
    week", "twice a day")."""
    return k > 0 and (atoms[k - 1].cat == "num" or atoms[k - 1].canon in ("once", "twice")
                      or (k > 1 and atoms[k - 2].cat == "num"))


def _in_base_unit(atoms: list[Atom], k: int) -> str:
    """The amount at ``k``, in days when a duration unit follows it (a month counted as
    30 days and a year as 12 of them: only the equality of the two sides matters), and in
    its measure's base unit when a metric unit does ("1,000 metres" = "1 km")."""
    value = atoms[k].value
    unit = _unit_after(atoms, k)
    if (share := _spelled_share(atoms[k])) is not None:
        return share  # "three quarters of" is "75% of", "half of" "50% of"
    if unit in DAYS_IN_UNIT:
        measure, factor = "d", DAYS_IN_UNIT[unit]
    elif unit in _IMPERIAL_LENGTHS:
        measure, factor = "inches", _IMPERIAL_LENGTHS[unit]
    elif unit in _metric_units():
        measure, factor = _metric_units()[unit]
    else:
        return value
    try:
        return f"{float(value) * factor:g}{measure[:1]}"
    except ValueError:
        return value


def unit_reading(words: str) -> tuple[str, str] | None:
    """What a unit written alone measures and its size: a span of time in days ("years":
    ("d", "360")) or a unit of units.txt ("feet": ("length", "0.3048"), "C":
    ("temperature", "C")); None for any other words."""
    canon = " ".join(words.lower().replace(".", " ").split())
    if canon in DAYS_IN_UNIT:
        return "d", f"{DAYS_IN_UNIT[canon]:g}"
    return unit_table().get(canon)


def is_unit_word(word: str) -> bool:
    """A unit an amount can be told in: a span of time or a measure ("year", "tonne")."""
    canon = word.lower()
    return canon in DAYS_IN_UNIT or canon in unit_table()


def _unit_after(atoms: list[Atom], k: int) -> str:
    """The word after the amount at ``k``, through a hyphen joining them ("one-tonne",
    "a two-week operation": the compound's unit is the amount's)."""
    after = k + 1
    if after + 1 < len(atoms) and atoms[after].canon == "-" and (
            atoms[k].end == atoms[after].start and atoms[after].end == atoms[after + 1].start):
        after += 1
    if after + 1 < len(atoms) and (
            two := f"{atoms[after].canon} {atoms[after + 1].canon}") in _TWO_WORD_UNITS:
        return two  # "50 square kilometres"
    return atoms[after].canon if after < len(atoms) else ""


_TWO_WORD_UNITS = frozenset({"sq km", "square kilometer", "square kilometers", "sq m",
                             "square metre", "square metres", "square meter", "square meters",
                             "square kilometre", "square kilometres", "cubic metre",
                             "cubic metres", "cubic meter", "cubic meters",
                             # (session 42) "1.2 million metric tons" = "1.2 million tonnes"
                             "metric ton", "metric tons", "metric tonne", "metric tonnes"})


def _spelled_share(atom: Atom) -> str | None:
    """A part of a whole spelled in words, as the whole percentage it rounds to ("0.75"
    read from "three quarters" is "75%", "a third" "33%"); None for any other amount
    (digits stay as written: "0.5 points" is no share)."""
    if any(c.isdigit() for c in atom.text):
        return None
    try:
        share = float(atom.value)
    except ValueError:
        return None
    return f"{round(share * 100)}%" if 0 < share < 1 else None  # "a third" is "33%"


# Metric units are exact multiples of their measure's base unit (units.txt): the same
# amount told in another of them is the same fact.  Imperial units are conversions,
# rounded, read where a bracket gives them (_CONVERSION), not here.
_METRIC_SPELLINGS = frozenset({
    "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "m", "meter",
    "meters", "metre", "metres", "cm", "centimeter", "centimeters", "centimetre",
    "centimetres", "mm", "millimeter", "millimeters", "millimetre", "millimetres", "kg",
    "kgs", "kilogram", "kilograms", "t", "tonne", "tonnes", "ton", "tons", "l", "liter",
    "liters", "litre", "litres", "ha", "hectare", "hectares", "km2", "km²", "m3", "m³",
    # (session 43) power and energy: "1,200 megawatts" = "1.2 GW"
    "kw", "kilowatt", "kilowatts", "mw", "megawatt", "megawatts", "gw", "gigawatt",
    "gigawatts", "tw", "terawatt", "terawatts", "kwh", "mwh", "gwh", "twh",
    # (session 40) "100 millilitres" = "0.1 litres", "2,000 grams" = "2 kg"
    "ml", "milliliter", "milliliters", "millilitre", "millilitres", "gram", "grams",
    "gramme", "grammes", "square-metre", "square-metres", "square-meter", "square-meters",
    "m2", "m²", *_TWO_WORD_UNITS})


# ... and imperial lengths are exact multiples of the inch: "a foot of snow" = "12
# inches" ("in" left out: "5 in the morning")
_IMPERIAL_LENGTHS = {"inch": 1, "inches": 1, "foot": 12, "feet": 12, "ft": 12,
                     "yard": 36, "yards": 36, "yd": 36, "mile": 63360, "miles": 63360}


@cache
def _metric_units() -> dict[str, tuple[str, float]]:
    return {spelling: (measure, float(factor))
            for spelling, (measure, factor) in unit_table().items()
            if spelling in _METRIC_SPELLINGS}


def _dates(atoms: list[Atom]) -> Counter[str]:
    """Each date with the qualifier before it ("before March 3", "early September")."""
    dates: Counter[str] = Counter()
    for k, atom in enumerate(atoms):
        if atom.cat == "date":
            dates[f"{_date_qualifier(atoms, k)}:{atom.value}"] += 1
    return dates


def _date_qualifier(atoms: list[Atom], k: int) -> str:
    """The qualifier right before the date at ``k``, or before its "on" for a part of
    the day ("late on Wednesday" = "late Wednesday"); "" for none."""
    before = atoms[k - 1].canon if k else ""
    if before == "on" and k > 1 and atoms[k - 2].canon in _PART_OF_DAY:
        return atoms[k - 2].canon
    return before if before in DATE_QUALIFIER else ""


_PART_OF_DAY = frozenset({"early", "late"})  # qualifiers that may stand before "on" a day


def _whole_of_a_place(atoms: list[Atom], k: int) -> bool:
    """"all of Western New York" is Western New York: "all of" before a name restricts
    nothing (before "the schools" it is the scope of the claim)."""
    return atoms[k].canon == "all" and k + 2 < len(atoms) and atoms[k + 1].canon == "of" and (
        atoms[k + 2].name)


def _part_of_a_day(atoms: list[Atom], k: int) -> bool:
    """atoms[k] is the part of the day a date before it names ("Saturday [afternoon]"):
    the date's detail, as "this afternoon" reads whole as a date, not a noun of its own."""
    return k > 0 and atoms[k - 1].cat == "date" and noun_classes().get(
        atoms[k].canon, ("", ""))[0] == "weekday-part"


def _qualifies_amount(atoms: list[Atom], k: int) -> bool:
    """A scope word right before an amount is its qualifier ("some 200 metres" is about 200),
    not the scope of the claim ("some schools")."""
    return k + 1 < len(atoms) and atoms[k + 1].cat == "num"


def _directions(atoms: list[Atom], in_names: frozenset[str]) -> set[str]:
    """Compass words, which name part of a place ("southern Peru" is not "eastern Peru"),
    but for those inside a name the alias tables know ("East Timor", "South Africa": the
    country, told as "Timor-Leste" too); "southern" is "south" ("in the south of Peru")."""
    return {f"~{_COMPASS_BASE.get(a.canon, a.canon)}" for a in atoms if a.cat == "word"
            and a.canon in DIRECTIONS and a.canon not in in_names}


# A compass adjective and the point it names ("Southern California" = "South California")
_COMPASS_BASE = {f"{point}ern": point for point in (
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")}


def _compass_based(phrase: str, aliases: dict[str, str]) -> str:
    """A name no alias table knows, with its opening compass adjective read as the point
    ("southern california" -> "south california", "western australia" -> "west
    australia"), unless that makes another known name ("Southern Africa" is not "South
    Africa")."""
    first, _, rest = phrase.partition(" ")
    if first not in _COMPASS_BASE or not rest:
        return phrase
    based = f"{_COMPASS_BASE[first]} {rest}"
    return phrase if based in aliases else based


def _known_name_words(names: set[str]) -> frozenset[str]:
    """The words of those ``names`` that are the alias tables' canonical names."""
    known = _canonical_names()
    return frozenset(word for name in names if name in known for word in name.split())


@cache
def _canonical_names() -> frozenset[str]:
    return frozenset(alias_table().values())


def _markers_at(atoms: list[Atom], k: int, state: str | None) -> tuple[str, ...]:
    """The logic markers atoms[k] writes (most write none)."""
    if marker := (_logic_marker(atoms[k], state) or _hedge_marker(atoms, k)
                  or _is_to_marker(atoms, k)):
        return (marker,)
    return _expecting_markers(atoms, k) if atoms[k].canon in _EXPECTING else ()


_EXPECTING = frozenset({"expect", "expects"})
EXPECTED_OBJECT_WORDS = 6  # how far "expects [the mid-crop] to" may reach for its "to"


def _expecting_markers(atoms: list[Atom], k: int) -> tuple[str, ...]:
    """"say" then "future" for an active "expect(s) X to V": "The CCC expects the crop to
    total 600,000 tons" is "The crop is expected to total 600,000 tons, the CCC said" (the
    passive reads "future", its source "say"), one claim in either voice."""
    reach = atoms[k + 1:k + 1 + EXPECTED_OBJECT_WORDS]
    return ("say", "future") if any(a.canon == "to" for a in reach) else ()


def _logic_marker(atom: Atom, state: str | None) -> str | None:
    if state in _FUTURE:
        return "future"  # "will ask", "is expected to ask", "plans to ask": not yet done
    if state in ("may", "can"):
        return "may"  # "couldn't bring himself" = "can't bear": one possibility
    if state == NEGATION or state == "must":
        return state
    return "say" if speech_value(atom) == "say" else None


_FUTURE = frozenset({"will", "likely"})  # not "plan": "approve the plan" is no future


def _is_to_marker(atoms: list[Atom], k: int) -> str | None:
    """"future" for "is to" or "are to" before a verb ("the PM is to lead the briefing" =
    "will lead"): the British future of an arrangement."""
    if atoms[k].canon != "to" or not 0 < k < len(atoms) - 1 or atoms[k - 1].canon not in (
            "is", "are"):
        return None
    after = atoms[k + 1]
    return "future" if after.cat == "word" and not after.cap and (
        after.canon not in FUNCTION_WORDS) else None


def _hedge_marker(atoms: list[Atom], k: int) -> str | None:
    """"almost" for a hedge before a state ("nearly finalized": not finalized yet)."""
    return "almost" if hedges_state(atoms, k) else None


_POSSIBILITY = {"can": "may"}  # "could" (may) and "can" say one thing in news prose


def _dedupe_runs(markers: Iterable[str]) -> tuple[str, ...]:
    """Markers in order, a repeat of the one before dropped ("is set to be expected to")."""
    out: list[str] = []
    for marker in markers:
        if not out or out[-1] != marker:
            out.append(marker)
    return tuple(out)


def _said_last(logic: tuple[str, ...]) -> tuple[str, ...]:
    """``logic`` with a verb of saying that opens it moved to its end: who said it told
    first or last ("Orazov said no more than 150 may be exported" = "No more than 150 may
    be exported, Orazov said") is one claim; a saying negated ("did not say it will") is
    not moved."""
    return _dedupe_runs((*logic[1:], "say")) if logic[:1] == ("say",) else logic


def _quotations(atoms: list[Atom]) -> tuple[str, ...]:
    """Each quotation's words, canonical (one with no word is none)."""
    runs = ([a.canon for a in atoms[i:j] if a.cat == "word"] for i, j in quoted_runs(atoms))
    return tuple(" ".join(words) for words in runs if words)


def question_signature(atoms: list[Atom], title_case: bool) -> Signature:
    """A question asserts nothing: only what it names counts ("Are Greece and Turkey on
    the list?" names two countries, it does not say whether they are)."""
    return Signature(
        amounts=Counter(), dates=Counter(a.value for a in atoms if a.cat == "date"),
        names=frozenset(_names(atoms, title_case)), negations=0, modality=frozenset(),
        states=frozenset(), conditions=frozenset(), scope=frozenset(), sources=frozenset(),
        quoted=(), nouns=frozenset(), counted=Counter(), logic=())


def counted_amounts(atoms: list[Atom]) -> Counter[str]:
    """Each amount with what it counts ("12 state"): the word after it, or the state
    counted when that word is one ("14 arrests") or names people a state is told of ("14
    people [were] arrested", "arrested 14 people"): "state:arrest" for all three."""
    counted: Counter[str] = Counter()
    for k, atom in enumerate(atoms):
        if atom.cat == "num":
            at = _counted_word(atoms, k)
            noun = "" if at is None else atoms[at].canon
            state = None if at is None else _counted_state(atoms, k, at)
            if noun in DAYS_IN_UNIT:  # a span of time counts days: "60 days" = "two months"
                counted[f"{_in_base_unit(atoms, k)} days"] += 1
                continue
            counted[f"{atom.value} {f'state:{state}' if state else noun.rstrip('s')}"] += 1
    return counted


# Words after an amount that say nothing of what it counts ("Soares, 64, who grows maize")
_NO_COUNTED_NOUN = frozenset({"who", "whom", "whose", "which", "that", "and", "or", "but"})


def state_counted(atoms: list[Atom], k: int) -> str | None:
    """The state the amount at ``k`` counts ("14 arrests", "14 people were arrested",
    "hundreds to evacuate"), if any."""
    at = _counted_word(atoms, k)
    return None if at is None else _counted_state(atoms, k, at)


def _counted_word(atoms: list[Atom], k: int) -> int | None:
    """The word after the amount at ``k`` that says what it counts ("20,000 in tickets")."""
    return next((j for j in range(k + 1, min(k + 3, len(atoms)))
                 if atoms[j].cat == "word" and atoms[j].canon not in PREPOSITIONS
                 and atoms[j].canon not in _NO_COUNTED_NOUN), None)


# Nouns for people a count may name before the state it counts ("14 people arrested")
_PEOPLE_COUNTED = frozenset({"people", "person", "persons", "others", "individuals"})


def _counted_state(atoms: list[Atom], k: int, at: int) -> str | None:
    """The state the amount at ``k`` counts, its word at ``at`` being that state or
    people told of one just after it or just before the amount."""
    state = plain_state(atoms[at])
    if state is not None or atoms[at].canon not in _PEOPLE_COUNTED:
        return state
    after = at + 1
    while after < len(atoms) and atoms[after].canon in AUXILIARIES:  # "were arrested"
        after += 1
    nearby = [atoms[j] for j in (after, k - 1) if 0 <= j < len(atoms)]
    return next((s for a in nearby if (s := plain_state(a)) is not None), None)


def plain_state(atom: Atom) -> str | None:
    """A word's state, when it is one a count can count (no negation or modality)."""
    state = status_value(atom) if atom.cat == "word" else None
    return None if state is None or state == NEGATION or state in MODALITY else state


def _names(atoms: list[Atom], title_case: bool) -> set[str]:
    """Canonical names: each run of name words, through the alias tables; a run also
    counts by its last word ("Biden" for "Joe Biden") so a shortened name is the same."""
    aliases = alias_table()
    names: set[str] = set()
    run: list[str] = []
    opener = ""  # a capitalised first word, which may begin the name ("New Zealanders")
    for k, atom in enumerate([*atoms, None]):
        if atom is not None and atom.cat == "word" and (atom.name or _is_alias(atom, aliases)):
            run.append(_singular_acronym(atom))
            continue
        if run and atom is not None and small_words_in_name(atoms, k, _PARTICLES):
            run.append(atom.canon)  # "Santa Cruz de la Sierra", "Rio de Janeiro": one place
            continue
        for part in (_title_case_parts(run) if title_case else [run]) if run else []:
            if alias_key(" ".join(part)) not in aliases:  # ("Prince Edward Island")
                part = _after_role(part)
            phrase = alias_key(" ".join(part))
            longer = alias_key(f"{opener} {phrase}")
            name = aliases.get(longer) or aliases.get(phrase)
            if name is None and len(part) > 1 and all(alias_key(w) in aliases for w in part):
                # two known names run together ("Coronavirus UK: ..."): each of them
                names.update(aliases[alias_key(w)] for w in part)
                continue
            names.add(name or _compass_based(phrase, aliases))
        run = []
        opener = atom.canon if atom is not None and atom.initial and atom.cap else ""
    return names


def _after_role(run: list[str]) -> list[str]:
    """A name run without the role written before the person's name inside it ("Health
    Minister Ana Costa" is Ana Costa, as "Costa, the health minister" is; "Prime Minister
    Narendra Modi"): the words up to its last title, where a name follows it (two words
    after a title opening the run: "General Motors" is a name).  A title before a body's
    word names the body ("Justice Department"), and one before a suffix is part of the
    name ("Martin Luther King Jr")."""
    last = max((k for k, word in enumerate(run[:-1]) if word in TITLES and (
        k > 0 or len(run) > 2)), default=None)  # (a title and one word: "General Motors")
    if last is None or run[last + 1] in BODY_WORDS or run[last + 1] in _NAME_SUFFIXES or (
            run[last + 1] in _INSTITUTIONS):
        return run
    return run[last + 1:]


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Places and institutions a title word can stand before in their own name ("Regina General
# Hospital", "Provincial Court", "Royal Hospital"): the title is the name's, not a person's
_INSTITUTIONS = frozenset({"hospital", "hospitals", "clinic", "school", "college",
                          "university", "court", "assembly", "prison", "cemetery", "cathedral",
                          "church", "museum", "library", "hotel", "station", "airport",
                          "stadium", "hall"})


# The lower-case particles a signature's name keeps ("Rio de Janeiro": one place); its
# connectors ("of", "and") end the name here
_PARTICLES = frozenset(NAME_PARTICLES)


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def _singular_acronym(atom: Atom) -> str:
    """An acronym's plural names what its singular does ("EVs", "an EV"; "MPs", "MP");
    a compound of origin names its first part ("Italian-built" -> "italian")."""
    if _PLURAL_ACRONYM.fullmatch(atom.text):
        return atom.canon[:-1]
    head, dash, tail = atom.canon.rpartition("-")
    return head if dash and head and (tail in origin_participles() or _named_compound(
        atom.text)) else atom.canon


def _named_compound(text: str) -> bool:
    """A compound of a name the alias tables know and a word in lower case ("coronavirus-
    infected", "Covid-hit"): it names the name ("US-Iran" names two, read apart)."""
    head, dash, tail = text.rpartition("-")
    return bool(dash) and tail.islower() and alias_key(head) in alias_table() and (
        alias_key(tail) not in alias_table())


def _title_case_parts(run: list[str]) -> list[list[str]]:
    """In a title-case headline a capital marks nothing: the name words of a run are its
    uncommon ones ("Fatal Portland Shooting Is Killed" -> "Portland")."""
    parts: list[list[str]] = [[]]
    for word in run:
        if is_common_word(word) and word not in alias_table():
            if parts[-1]:
                parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if p]


def title_cased(atoms: list[Atom]) -> bool:
    """A Headline Written In Title Case, where capitals do not mark names: there a run of
    common words ("Kills People") is not a name."""
    words = [a for a in atoms if a.cat == "word" and len(a.text) > 3]
    return len(words) >= 3 and sum(a.cap for a in words) >= 0.85 * len(words)


def _is_alias(atom: Atom, aliases: dict[str, str]) -> bool:
    """A word the alias tables know: capitalised ("British"), or a lower-case word of five
    letters or more that names one thing ("coronavirus" = "Covid-19")."""
    key = alias_key(atom.canon)
    if key not in aliases and _named_compound(atom.text):  # "coronavirus-infected"
        key = alias_key(atom.text.rpartition("-")[0])
    return key in aliases and (atom.cap or (len(key) >= 5 and key not in FUNCTION_WORDS))


def is_question(sentence: str) -> bool:
    return _is_question_normal(surface_normal(sentence))


def _is_question_normal(normal: str) -> bool:
    """A sentence whose surface_normal is ``normal`` asks a question."""
    return normal.rstrip("\"'”’) ").endswith("?")


