"""The text shown for a change: the span of a sentence that carries the value.

An edit region is trimmed of punctuation and leading "and", then grown to the words
that carry its value: the qualifier and unit of an amount ("at least [12,000]
[civilians]"), the determiner and preposition in front of a place or date, the whole
name, the verb a negation or modal applies to ("will not [rule out]"), the rest of a
restricting clause cut short, the words a quote edit ends on.
"""

from __future__ import annotations

from typing import Literal

from monitor.facts.atoms import (
    Atom,
    after_period_mark,
    condition_value,
    has_value,
    is_condition,
    is_function,
    is_word,
    speech_value,
    status_value,
)
from monitor.facts.lexicon import (
    AUXILIARIES,
    DETERMINERS,
    DIRECTIONS,
    MODAL_VERBS,
    NUMBERED_NOUNS,
    PLACE_RELATIONS,
    PREPOSITIONS,
    SHOWN_DAY_PARTS,
)
from monitor.facts.numbers import qualifier_start
from monitor.facts.regions import Region
from monitor.facts.vocabulary import FactKind

# A span never starts on these (", and [the rest]") ...
_LEADING_JUNK = frozenset({"and", "but", "or", "while", "as", "also"})
# ... nor ends on these ("charged with conspiracy [in]").
_STRAY_ENDS = PREPOSITIONS | DETERMINERS | frozenset({"and", "or", "but", ","})
_PARTICLES = frozenset({"out", "up", "down", "off", "back"})  # "rule [out]"
_QUANTIFIERS = frozenset({"all", "every", "any", "each", "most", "some", "both", "either"})
_CLAUSE_OPENERS = frozenset({"who", "which", "that", "where", "when", "while", "whose"})
# Where a restriction's clause ends, punctuation aside; and how far it runs at most.
_CONDITION_ENDS = frozenset({"while", "when", "where", "but", "as", "although", "though"})
CONDITION_REACH = 10
# A state's verb is never looked for past a word that opens another clause: "Pilot dies
# after [light] aircraft crashes" would show "Pilot dies after light".
_VERB_BREAKS = frozenset({"and", "but", "or", "as", "because", "while", "if", "when",
                          "after", "before", "until", "although", "though"})
_AUXILIARIES = AUXILIARIES | MODAL_VERBS | {"not", "also", "set-to"}


def _trim(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    while i < j and ((atoms[i].cat in ("punct", "quote") and atoms[i].canon != "$")
                     or atoms[i].canon in _LEADING_JUNK):
        i += 1
    while j > i and atoms[j - 1].cat in ("punct", "quote") and atoms[j - 1].canon != "%":
        j -= 1
    return i, j


def out_of(atoms: list[Atom], j: int) -> int:
    """Past "of 9" or "out of 9" after an amount ending at ``j``: the whole it is a part
    of belongs to the value; so does "of them", "of the cats", "of the 12 people", "of
    all Australians" (what the amount counts)."""
    k = j + 1 if j + 1 < len(atoms) and atoms[j].canon == "out" else j
    if k + 1 < len(atoms) and atoms[k].canon == "of" and atoms[k + 1].cat == "num":
        return k + 2
    if k == j and k + 1 < len(atoms) and atoms[k].canon == "of" and (
            atoms[k + 1].canon in _PARTITIVES):
        end = k + 2
        if atoms[k + 1].canon in ("them", "us"):
            return end
        if end + 1 < len(atoms) and atoms[end].cat == "num":
            end += 1  # "of the [12] people"
        if end < len(atoms) and is_word(atoms[end]) and not is_function(atoms[end]):
            end += 1  # "of the [cats]"
        return end
    return j


# What a count picks its part from: "three of the cats", "11 of them".
_PARTITIVES = frozenset({"the", "all", "them", "us", "their", "its", "those", "these", "his", "her",
                         "our"})


# A count of none is an amount too: "No [deaths]" -> "Two deaths" shows what it counts.
_NONE = frozenset({"no", "zero"})


def _unit_so_far(atoms: list[Atom], amount: int, j: int) -> bool:
    """The span ends on its amount or inside the noun after it ("three [sea] deaths")."""
    return all(atoms[k].cat == "word" and not is_function(atoms[k]) for k in range(amount + 1, j))


def _verb_after_count(atoms: list[Atom], amount: int, k: int) -> bool:
    """A state word after a counted noun is its verb ("12 people [died]"), unless it ends
    in "s" after an amount above one: a plural noun then ("three sea [deaths]"), since
    "three people dies" is no English."""
    if not status_value(atoms[k]):
        return False
    many = atoms[amount].value.isdecimal() and int(atoms[amount].value) > 1  # not "a 7.1 quake"
    return not (atoms[k].canon.endswith("s") and many)


COUNTED_REACH = 4  # words before an amount with no unit that say what it counts


def _bare_count(atom: Atom) -> bool:
    """A count written in digits with no unit of its own: not "$210,000", "2.7%" or "42
    million euros" (money and shares say what they are), nor "one" (often a pronoun)."""
    return atom.value.replace(".", "").isdigit() and any(c.isdigit() for c in atom.text)


# Words that open a clause of their own: the words before an amount stop there.
_COUNT_STOPS = frozenset({*_CLAUSE_OPENERS, "and", "but", "or", "as", "after", "before", "if"})


def _clause_start(atom: Atom) -> bool:
    return atom.canon in _COUNT_STOPS or speech_value(atom) is not None


def _counted_before(atoms: list[Atom], i: int) -> int:
    """An amount with no unit after it shows the words before it in its clause, up to
    COUNTED_REACH: "nation's death toll stands at 84" reads "death toll stands at 84", not
    "84"."""
    start, words = i, 0
    while start > 0 and words < COUNTED_REACH and atoms[start - 1].cat in ("word", "num") \
            and not atoms[start - 1].in_quote and not _clause_start(atoms[start - 1]):
        start -= 1
        words += 1
    while start < i and is_function(atoms[start]):
        start += 1
    return start


_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across"})


def _expand(atoms: list[Atom], i: int, j: int, kind: FactKind | None) -> tuple[int, int]:
    """Grow a span to the words that carry its value: the qualifier and unit of an
    amount, the determiner and preposition in front of a place or date, the whole
    name, the verb a negation or modal applies to, the rest of a restricting clause
    cut short, the words a quote edit ends on."""
    n = len(atoms)
    if kind == "number":
        first = next((k for k in range(i, j) if atoms[k].cat == "num"), None)
        if first is not None:
            i = min(i, qualifier_start(atoms, first))
        if i > 0 and atoms[i - 1].canon in NUMBERED_NOUNS and atoms[i].cat == "num":
            i -= 1  # "[grade] two", "[Category] 3"
    if kind in ("number", "condition", "date"):  # (a date's: "within [ten days]")
        last_num = max((k for k in range(i, j) if atoms[k].cat == "num" or (
            kind == "number" and atoms[k].canon in _NONE)), default=None)
        if last_num is not None and last_num == j - 1 and j + 1 < n and atoms[j].canon == "-" \
                and atoms[j].start == atoms[j - 1].end and atoms[j + 1].cat == "word":
            j += 2  # "three-[year]", "5-[member]"
        elif last_num is not None and _unit_so_far(atoms, last_num, j):
            if last_num == j - 1:
                j = out_of(atoms, j)  # "4 [of 9] universities", "3 [out of 10] adults"
                last_num = j - 1
            # its unit: "1,000 [days]", "nine [elementary schools]", "two [minor burn injuries]"
            while j < min(n, last_num + 4) and atoms[j].cat == "word" and not is_function(
                    atoms[j]) and not (j > last_num + 1 and _verb_after_count(atoms, last_num, j)):
                j += 1  # (a state word after the noun is the verb: "12 people [died]")
            if j == last_num + 1 and kind == "number" and _bare_count(atoms[last_num]):
                i = _counted_before(atoms, i)  # "death toll stands at [84]"
    if kind == "entity":  # the whole name, never the name before a place's preposition
        # ("[Heritage Corridor] in Buffalo" dropped is the place alone)
        while i > 0 and atoms[i].canon not in _PLACE_PREPOSITIONS and (atoms[i - 1].name or (
                atoms[i - 1].canon in ("and", "or") and i > 1 and atoms[i - 2].name)):
            i -= 1
        while j < n and atoms[j].name:
            j += 1
    if kind == "entity" and j == i + 1 and atoms[i].canon in PLACE_RELATIONS:
        j = _place_after(atoms, j)  # "[near] its all-time high": the relation to what
    if kind in ("number", "date", "entity", "condition", "attribution"):
        if i > 0 and atoms[i - 1].canon in DETERMINERS and atoms[i].cat != "punct":
            i -= 1
        if kind in ("date", "entity") and i > 0 and atoms[i - 1].canon in PREPOSITIONS:
            i -= 1
    if kind == "date" and j < n and atoms[j - 1].cat == "date" and (
            atoms[j].canon in SHOWN_DAY_PARTS):
        j += 1  # "on Monday [afternoon]": the day is the fact, shown with its part
    if kind == "status":
        while i > 0 and atoms[i - 1].canon in _AUXILIARIES:  # "would [continue]"
            i -= 1
        if j < n and is_word(atoms[j]) and atoms[j - 1].canon not in _VERB_BREAKS and (
                status_value(atoms[j - 1]) or is_function(atoms[j - 1])
                or atoms[j - 1].canon in _AUXILIARIES):
            k = j
            while k < n - 1 and atoms[k].canon in ("to", "be", "have", "been"):
                k += 1
            if not is_function(atoms[k]):
                j = k + 1  # "will not [rule]", "plans [to appeal]", "is expected [to make]"
        if j < n and atoms[j].canon in _PARTICLES:
            j += 1  # "rule [out]"
    if kind in ("condition", "date") and i > 0 and condition_value(atoms[i - 1]) == "within":
        i -= 1  # the limit with its marker: "[within] 48 hours"
    if kind == "condition":
        i, j = _to_end_of_place(atoms, i, j)
    last = atoms[j - 1]
    if kind == "condition" and (is_function(last) or is_condition(last) or status_value(last)
                                or last.canon in _QUANTIFIERS):
        # the restriction to the end of its clause: "only [tablets]", "if no [deal is
        # reached]", "to all [students]", "only if they [have been free of symptoms]",
        # "only for patients [who carry one copy of the gene]" (who is restricted is the
        # restriction: a relative clause runs on)
        stop = min(n, j + CONDITION_REACH)
        while j < stop and is_word(atoms[j]) and atoms[j].canon not in _CONDITION_ENDS and not (
                atoms[j].canon == "and" and j + 1 < n and atoms[j + 1].canon == "that"):
            j += 1  # (", and that ..." opens the next thing said)
    if kind == "quote":
        k = j
        while k < n and k < j + 3 and atoms[k].in_quote and atoms[k].cat != "punct":
            k += 1
        if k == n or not atoms[k].in_quote or atoms[k].cat == "punct":
            j = k  # run on to the end of the quoted phrase
        elif is_word(atoms[j]) and atoms[j].in_quote:
            j += 1
    elif _ends_on_compound_modifier(atoms, j) and j < n and is_word(atoms[j]) and not (
            is_function(atoms[j]) or atoms[j].name or atoms[j].canon in _CLAUSE_OPENERS):
        j += 1  # "announced a 60-day [pause]", "a three-year [ban]": not the modifier alone
    return i, j


def amount_phrase(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """The amount at atoms[i:j] with its qualifier and what it counts ("[at least] 3
    [people]"), as a number change's value is shown."""
    return _expand(atoms, i, j, "number")


def _ends_on_compound_modifier(atoms: list[Atom], j: int) -> bool:
    """atoms[:j] end on an amount joined to its unit by a hyphen ("60-day", "three-year")."""
    return j >= 3 and atoms[j - 2].canon == "-" and atoms[j - 3].cat == "num" and is_word(
        atoms[j - 1]) and atoms[j - 3].end == atoms[j - 2].start == atoms[j - 1].start - 1


def _to_end_of_place(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """A restriction ends with the place it names, not inside it: "routes in North
    [Darfur]", "all homes [in West Harlow]", "within Ukrainian [territory]"."""
    n = len(atoms)
    if atoms[j - 1].name or atoms[j - 1].canon in DIRECTIONS:
        while j < n and atoms[j].name:
            j += 1
    elif j + 1 < n and atoms[j].canon in PREPOSITIONS and atoms[j + 1].name and (
            not atoms[j + 1].initial):
        j += 1
        while j < n and atoms[j].name:
            j += 1
    else:
        return i, j
    return i, _to_head_noun(atoms, j)


PLACE_NOUN_WORDS = 2  # "Ukrainian [territory]", "British [territorial waters]"


PLACE_WORDS_AFTER = 4  # "below [its all-time high]", "near [their record heights]"


def _place_after(atoms: list[Atom], j: int) -> int:
    """The end of the place or point after a relation word at atoms[j - 1] ("near [its
    all-time high]", "in [Boundary Waters]"): a determiner, then names or content words
    (a hyphen joins two), up to PLACE_WORDS_AFTER of them; a value of the relation word
    alone reads as nothing (rules.place_relation_changed)."""
    n = len(atoms)
    if j < n and atoms[j].canon in DETERMINERS:
        j += 1
    words = 0
    while j < n and words < PLACE_WORDS_AFTER and (
            (is_word(atoms[j]) and not is_function(atoms[j])
             and atoms[j].canon not in _CLAUSE_OPENERS)
            or (atoms[j].canon == "-" and 0 < j < n - 1
                and _joined(atoms, j - 1, j) and _joined(atoms, j, j + 1))):
        words += atoms[j].canon != "-"
        j += 1
    return j


def _to_head_noun(atoms: list[Atom], j: int) -> int:
    """A name used as an adjective ends on the noun it qualifies: a value cut after
    "within Ukrainian" reads as a fragment."""
    stop = min(len(atoms), j + PLACE_NOUN_WORDS)
    while j < stop and is_word(atoms[j]) and not atoms[j].name and not is_function(
            atoms[j]) and not status_value(atoms[j]) and not is_condition(atoms[j]) and (
            atoms[j].canon not in _CLAUSE_OPENERS):
        j += 1
    return j


SHORT_SENTENCE = 10  # atoms: a headline this short is shown whole around a state word


def widen_one_sided(a: list[Atom], b: list[Atom], region: Region) -> Region:
    """A negation or modal inserted or dropped ("pleaded not guilty" -> "pleaded
    guilty") is shown with its neighbours on both sides, as a change; in a short
    sentence, the whole sentence ("Frost Advisory issued for WNY" -> "... for WNY has
    expired", not "WNY" -> "WNY has expired")."""
    i1, i2, j1, j2 = region.i1, region.i2, region.j1, region.j2
    if max(len(a), len(b)) <= SHORT_SENTENCE:
        return Region(0, len(a), 0, len(b), region.ops)
    if i1 > 0 and j1 > 0 and is_word(a[i1 - 1]):
        i1, j1 = i1 - 1, j1 - 1
        while i1 > 0 and j1 > 0 and a[i1].name and a[i1 - 1].name and (
                a[i1 - 1].canon == b[j1 - 1].canon):
            i1, j1 = i1 - 1, j1 - 1  # a name whole: "South Africa", never "Africa"
    if i2 < len(a) and j2 < len(b) and is_word(a[i2]):
        i2, j2 = i2 + 1, j2 + 1
        while i2 < len(a) and j2 < len(b) and a[i2 - 1].name and a[i2].name and (
                a[i2].canon == b[j2].canon):
            i2, j2 = i2 + 1, j2 + 1
    return Region(i1, i2, j1, j2, region.ops)


def span_text(text: str, atoms: list[Atom], i: int, j: int,
              kind: FactKind | None) -> str | None:
    """The text of atoms[i:j] as shown for a change of this kind (None when nothing is
    left once punctuation is trimmed)."""
    i, j = _trim(atoms, i, j)
    if i >= j:
        return None
    i, j = _expand(atoms, i, j, kind)
    while kind != "quote" and j - 1 > i and atoms[j - 1].canon in _STRAY_ENDS:
        j -= 1  # "charged with conspiracy [in]": a value never ends on a function word
    i, j = _balanced(atoms, i, j)
    i, j = _slash_joined(atoms, i, j)
    return text[atoms[i].start:atoms[j - 1].end] if i < j else None


def _slash_joined(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """A value never cuts a token joined by a slash: "the [9/11] Memorial", "24/7",
    "and/or" (the tokenizer reads "9", "/", "11")."""
    n = len(atoms)
    while i < j and j + 1 < n and atoms[j].canon == "/" and _joined(atoms, j - 1, j) and (
            _joined(atoms, j, j + 1)):
        j += 2
    while i < j and i >= 2 and atoms[i - 1].canon == "/" and _joined(atoms, i - 1, i) and (
            _joined(atoms, i - 2, i - 1)):
        i -= 2
    return i, j


def _joined(atoms: list[Atom], k: int, m: int) -> bool:
    """atoms[k] and atoms[m] are written with no space between them."""
    return atoms[k].end == atoms[m].start


# How far a value grows to close what it opened: a bracket ("$435 [($215 off)]"), a
# quotation, the owner of a possessive ("[Trump Organization]'s rollout").
BRACKET_REACH = 6
QUOTE_REACH = 12
OWNER_REACH = 4
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})
_END_MARKS = frozenset({",", ";", ":", "."})


def _balanced(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """A value never shows half a bracket, half a quotation or a possessive without its
    owner: it grows to close them when that is near, else drops the stray mark."""
    if atoms[i].canon in _POSSESSIVE:
        stop = max(0, i - OWNER_REACH)
        while i > stop and is_word(atoms[i - 1]) and (atoms[i - 1].cap or atoms[i - 1].name):
            i -= 1
    i, j = _close_brackets(atoms, i, j)
    marks = [k for k in range(i, j) if atoms[k].canon in _QUOTE_MARKS]
    if len(marks) % 2:
        i, j = _close_quote(atoms, i, j, marks[-1])
    while j > i and (atoms[j - 1].cat == "quote" or atoms[j - 1].canon in _END_MARKS) and (
            not _closes(atoms, i, j - 1)):
        j -= 1
    while i < j and atoms[i].canon in _POSSESSIVE:
        i += 1  # no owner found: "'s lockdown restrictions" -> "lockdown restrictions"
    return i, j


def _closes(atoms: list[Atom], i: int, k: int) -> bool:
    """atoms[k] is a quotation mark closing one opened inside the value."""
    return atoms[k].canon in _QUOTE_MARKS and sum(
        atoms[m].canon in _QUOTE_MARKS for m in range(i, k)) % 2 == 1


def _close_brackets(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """A bracket closed inside the value but opened before it ("$74 off) Amazon") takes in
    its opening bracket when near; one opened inside and closed after it ("$435 ($215 off")
    takes in its closing bracket when near, else the value ends before it."""
    depth, unopened, unclosed = 0, None, None
    for k in range(i, j):
        if atoms[k].canon == "(":
            if depth == 0:
                unclosed = k
            depth += 1
        elif atoms[k].canon == ")" and depth:
            depth -= 1
            if depth == 0:
                unclosed = None
        elif atoms[k].canon == ")" and unopened is None:
            unopened = k
    if unopened is not None:
        i = next((k for k in range(i - 1, max(-1, i - BRACKET_REACH - 1), -1)
                  if atoms[k].canon == "("), i)
    if unclosed is not None:
        closer = next((k for k in range(j, min(len(atoms), j + BRACKET_REACH))
                       if atoms[k].canon == ")"), None)
        j = closer + 1 if closer is not None else unclosed
    return i, j


def _close_quote(atoms: list[Atom], i: int, j: int, odd: int) -> tuple[int, int]:
    """One quotation mark too many: run on to its partner when near, else drop it."""
    if odd == j - 1:
        return i, j - 1  # a dangling mark at the end: 'provided "'
    if atoms[i].in_quote:  # the value starts inside the quotation its mark closes
        opener = next((k for k in range(i - 1, max(-1, i - QUOTE_REACH - 1), -1)
                       if atoms[k].canon in _QUOTE_MARKS), None)
        if opener is not None:
            return opener, j  # "'We back Simon', says Bennett", not "We back Simon', ..."
    closer = next((k for k in range(j, min(len(atoms), j + QUOTE_REACH))
                   if atoms[k].canon in _QUOTE_MARKS), None)
    if closer is not None:
        return i, closer + 1
    return (odd + 1, j) if odd == i else (i, j)


def with_amount(a: list[Atom], b: list[Atom], region: Region,
                cat: Literal["num", "date"]) -> Region:
    """A qualifier edit ("90" -> "more than 90", "in September" -> "in early September")
    spans the amount or date it qualifies."""
    if has_value(a[region.i1:region.i2]) or has_value(b[region.j1:region.j2]):
        return region
    if after_period_mark(a, region.i1) and after_period_mark(b, region.j1):
        # "every [month]" -> "every [year]": the rate's mark ("once a", "every") with it
        back = 2 if region.i1 > 1 and a[region.i1 - 2].canon in ("once", "twice") and (
            region.j1 > 1 and b[region.j1 - 2].canon == a[region.i1 - 2].canon) else 1
        return Region(region.i1 - back, region.i2, region.j1 - back, region.j2, region.ops)
    if (region.i2 < len(a) and region.j2 < len(b) and a[region.i2].cat == cat
            and b[region.j2].cat == cat):
        return Region(region.i1, region.i2 + 1, region.j1, region.j2 + 1, region.ops)
    return region


def meaningful(atoms: list[Atom], i: int, j: int) -> bool:
    return any(x.cat not in ("punct", "quote") and x.canon not in _LEADING_JUNK
               for x in atoms[i:j])
