"""Classification: what fact an edit changes, or why it changes none.

Each edit region of two aligned sentences (monitor.facts.regions) goes down RULES, one
ordered table; the first rule whose test holds decides: a fact kind to report, or the
reason the edit is cosmetic.  The order is the decision:

1. plainly cosmetic edits first (punctuation, spelling, a headline label, a typo, an
   abbreviation, an aside with nothing checkable in it);
2. then the kinds in this order: attribution (a quote edit holding a number is a quote
   change, a source edit holding one is an attribution change), quote, then the values
   (a restriction, a date, an amount, a qualifier), then the claim (scope, status,
   restriction, names);
3. what is left is wording.

Three places where a later-looking kind wins: a changed restriction wins over an amount
that appears or vanishes with it ("only for children under 5" -> "for all residents"),
an amount on one side only is a status or entity change when those change with it ("No
casualties" -> "One firefighter was injured"), and a negation inside a condition clause
is a condition.

Every rule carries examples (old sentence, new sentence, expected outcome), and
tests/test_fact_rules.py runs each one through diff_documents and explain(): to change
a rule, change its examples with it.  To add one, put it where it must win, with
examples that reach it.

(Moved here from the if-chains of the former monitor/diff.py, in their order.  Three
branches of those chains could never be reached and have no row: a typo test, since
misspelt pairs are taken out of every edit first; a second "restriction changed" test,
since a restriction changed beside amounts on both sides is always decided by the date
or amount rows first; a second "restrictive clause" test, since the first one holds
whenever it would.  The output on every labelled set and 2,000 real pairs is unchanged:
benchmarks/identity.py.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from monitor.facts.atoms import (
    Atom,
    condition_value,
    has_value,
    is_condition,
    is_function,
    speech_value,
    status_value,
)
from monitor.facts.attribution import source_changed
from monitor.facts.conditions import (
    after_condition,
    conditions_differ,
    near_condition,
    new_clause,
    only_lists_names,
    restrictive_clause,
    scope_changed,
    within_limit,
)
from monitor.facts.cosmetic import abbreviates, is_label, squashed, without_typos
from monitor.facts.dates import is_date_qualifier
from monitor.facts.lexicon import (
    CONDITION_OPENERS,
    DAYS_IN_UNIT,
    PERIOD_MARKS,
    PERSON_CLAUSE_OPENERS,
    PLACE_RELATIONS,
    ROLE_NOUNS,
    TITLES,
)
from monitor.facts.lexicon import QUALIFIER as QUALIFIER_WORDS
from monitor.facts.names import direction_of_place, unmatched_names
from monitor.facts.numbers import (
    article_for_one,
    is_qualifier,
    qualifier_meaning,
    qualifier_start,
)
from monitor.facts.regions import Region, meaning
from monitor.facts.status import (
    COUNTED_STATES,
    HEDGES,
    MODALS,
    after_legal_state,
    hedges_state,
    status_values,
)
from monitor.facts.vocabulary import CosmeticReason, FactKind
from monitor.facts.whole_sentences import hard_fact

# --------------------------------------------------------------------------- the edit


class Edit:
    """One edit region of two aligned sentences, as the rules see it.

    ``a``/``b``: the old and new sentence's atoms; ``ka``/``kb``: indices of the changed
    atoms on each side, without words that only moved elsewhere in the sentence and
    without pairs of one word misspelt ("prosectuors" / "prosecutors": taken out here,
    so no rule needs to see a typo); ``ra``/``rb``: those atoms, punctuation and
    quotation marks left out."""

    def __init__(self, a: list[Atom], b: list[Atom], region: Region,
                 moved: Counter[str]) -> None:
        self.a, self.b, self.region = a, b, region
        # a quotation's words are the fact itself: inside one, only the same word found
        # elsewhere moved ("not" -> "never" is a misquote, not a synonym)
        words_a, words_b = {x.canon for x in a}, {x.canon for x in b}
        ka = [k for k in region.changed(0) if meaning(a[k]) not in moved or (
            a[k].in_quote and a[k].canon not in words_b)]
        kb = [k for k in region.changed(1) if meaning(b[k]) not in moved or (
            b[k].in_quote and b[k].canon not in words_a)]
        self.ka, self.kb = without_typos(a, b, ka, kb)
        self.ra = [a[k] for k in self.ka if a[k].cat not in ("punct", "quote")]
        self.rb = [b[k] for k in self.kb if b[k].cat not in ("punct", "quote")]
        self.moved = bool(moved)  # some words moved within the sentence

    @property
    def one_sided(self) -> bool:
        """Words only added, or only dropped."""
        return not self.ra or not self.rb

    @property
    def changed_side(self) -> tuple[list[Atom], list[int]]:
        """The sentence and changed indices of the side with words (the old side when
        both have some)."""
        return (self.a, self.ka) if self.ra else (self.b, self.kb)

    @property
    def changed_words(self) -> list[Atom]:
        return self.ra + self.rb

    @cached_property
    def statuses(self) -> tuple[Counter[str], Counter[str]]:
        """The status groups of each side's changed words (monitor.facts.status)."""
        return status_values(self.ra, self.a, self.b), status_values(self.rb, self.b, self.a)

    @cached_property
    def region_statuses(self) -> tuple[Counter[str], Counter[str]]:
        """The status groups of each side's words in the region, those that moved within
        the sentence too ("No arrests" -> "Two men were arrested": "arrested" is told on
        the new side, whatever the old one says)."""
        old = [self.a[k] for k in self.region.changed(0)]
        new = [self.b[k] for k in self.region.changed(1)]
        return status_values(old, self.a, self.b), status_values(new, self.b, self.a)

    @cached_property
    def substantive(self) -> list[Atom]:
        """Changed words that are neither function words nor verbs of saying."""
        return [x for x in self.changed_words if not is_function(x) and not speech_value(x)]

    @property
    def names_only(self) -> bool:
        return bool(self.substantive) and all(x.name for x in self.substantive)


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Report:
    """The edit changes a fact of this kind."""

    kind: FactKind


@dataclass(frozen=True, slots=True)
class Cosmetic:
    """The edit changes no fact, for this reason."""

    reason: CosmeticReason


Outcome = Report | Cosmetic


@dataclass(frozen=True, slots=True)
class Example:
    """Two versions of one sentence, and what the diff must make of them: the kind of
    the one change it reports, or "cosmetic" (no change).  ``title``: the sentences are
    headlines (the story text empty)."""

    old: str
    new: str
    expect: FactKind | Literal["cosmetic"]
    title: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table: when ``test`` holds (and no rule before it did), the edit
    has outcome ``then``.  The rule's name is its test's name."""

    test: Callable[[Edit], bool]
    then: Outcome
    examples: tuple[Example, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.test.__name__

    @property
    def kind(self) -> FactKind | None:
        return self.then.kind if isinstance(self.then, Report) else None

    @property
    def reason(self) -> CosmeticReason | None:
        return self.then.reason if isinstance(self.then, Cosmetic) else None


def classify(edit: Edit) -> Rule:
    """The first rule of RULES that holds for the edit."""
    for rule in RULES:
        if rule.test(edit):
            return rule
    raise AssertionError("the last rule holds for every edit")  # pragma: no cover


# --------------------------------------------------------------------------- the tests
# (one per rule, in the order of the table; each may assume the rules before it failed)


def punctuation_only(e: Edit) -> bool:
    return not e.ra and not e.rb and not e.moved


def words_only_moved(e: Edit) -> bool:
    return not e.ra and not e.rb


def same_letters(e: Edit) -> bool:
    """"land mines" / "landmines" / "land-mines"."""
    return squashed(e.ra) == squashed(e.rb)


def headline_label(e: Edit) -> bool:
    """A kicker in front of a headline added or dropped: "Coronavirus: ..."."""
    return (is_label(e.a, e.ka) and not e.kb) or (is_label(e.b, e.kb) and not e.ka)


def abbreviation_written_out(e: Edit) -> bool:
    """"Sgt." -> "Sergeant", "Cmdr." -> "Commander"."""
    return len(e.ra) == len(e.rb) and all(
        x.canon == y.canon or abbreviates(x, y) or abbreviates(y, x)
        for x, y in zip(e.ra, e.rb, strict=True))


IDENTIFYING_WORDS = 2  # content words a dropped clause needs to say who someone is


def identifying_clause_dropped(e: Edit) -> bool:
    """", who led the raid," dropped: who someone is, a fact of the story (a standards
    desk wants to know an identification went).  Only a drop: a clause added about
    someone mostly tells their role again ("..., who heads the union, ...").  A clause
    holding a value of its own (an amount, a date, a quotation, a restriction, a state or
    a negation: ", who has not been charged,") is that value's change, for the rules
    below."""
    if not e.ra or e.rb or e.ra[0].canon not in PERSON_CLAUSE_OPENERS:
        return False
    if any(x.cat in ("num", "date") or x.in_quote or is_condition(x)
           or status_value(x) is not None for x in e.ra):
        return False
    return sum(not is_function(x) for x in e.ra[1:]) >= IDENTIFYING_WORDS and (
        e.region.i1 > 0 and e.a[e.region.i1].canon == ",")


def aside_with_nothing_checkable(e: Edit) -> bool:
    """", with an inspection to follow" added or dropped: no hard fact, no modal, no
    denial (", who denies talks" disputes the claim), no source (", police say" dropped
    is an attribution)."""
    return e.one_sided and new_clause(*e.changed_side) and not hard_fact(
        e.ra or e.rb) and not any(status_value(x) in _NOT_ASIDE for x in e.changed_words) and (
            not source_of_claim_changed(e))


_NOT_ASIDE = MODALS | {"deny"}


# words opening the circumstances a claim is told in ("amid efforts to restore the economy")
_CIRCUMSTANCE = frozenset({"amid", "amidst"})


def circumstance_with_nothing_checkable(e: Edit) -> bool:
    """"amid efforts to restore the battered economy" added or dropped: the setting of
    the claim, with no hard fact in it (an amount, date, name, quotation, restriction or
    denial), changes no fact ("amid peaceful George Floyd protests" names one)."""
    words = e.ra or e.rb
    return e.one_sided and bool(words) and words[0].canon in _CIRCUMSTANCE and not hard_fact(
        words)


def source_of_claim_changed(e: Edit) -> bool:
    return source_changed(e.a, e.b, e.region, e.changed_words)


def quoted_words_changed(e: Edit) -> bool:
    """A word inside a quotation changed: a content word, or a pronoun swapped for
    another ("'This never happened'" -> "'It never happened'": who or what the speaker
    meant, a misquote corrected).  An article or pronoun only added or dropped is a slip
    mended or headline style ("built like a rugby player" -> "built like rugby player")."""
    return any(x.in_quote and not is_function(x) for x in e.changed_words) or (
        any(x.in_quote and x.canon in _QUOTED_PRONOUNS for x in e.ra)
        and any(x.in_quote and x.canon in _QUOTED_PRONOUNS for x in e.rb))


# The small words of a quotation that say who or what: swapped, the quote says another
_QUOTED_PRONOUNS = frozenset({
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
    "it", "its", "they", "them", "their", "this", "that", "these", "those"})


def condition_clause_added_or_dropped(e: Edit) -> bool:
    """"... may return [once the relocation is complete]", "[, subject to parliamentary
    approval]": a clause its opener makes a condition (condition_openers.txt)."""
    if not e.one_sided:
        return False
    atoms, changed = e.changed_side
    words = [atoms[k].canon for k in changed if atoms[k].cat not in ("punct", "quote")]
    return any(tuple(words[:len(opener)]) == opener for opener in CONDITION_OPENERS)


def restrictive_clause_added_or_dropped(e: Edit) -> bool:
    """"farmers [who lost more than half of their herd]"."""
    return e.one_sided and restrictive_clause(*e.changed_side)


def _restriction_beside_amount(e: Edit) -> bool:
    return conditions_differ(e.ra, e.rb) and not (has_value(e.ra) and has_value(e.rb))


def restriction_now_lists_names(e: Edit) -> bool:
    """"Spotify" -> "services including Spotify and Deezer": the names changed."""
    return _restriction_beside_amount(e) and only_lists_names(e.a, e.b, e.ka, e.kb, e.ra, e.rb)


def restriction_changed(e: Edit) -> bool:
    """"only for children under 5" -> "for all residents" (an amount appearing or
    vanishing with the restriction is part of it)."""
    return _restriction_beside_amount(e)


def date_changed(e: Edit) -> bool:
    return any(x.cat == "date" for x in e.changed_words)


def _only_qualifiers(e: Edit, test: Callable[[list[Atom], int], bool]) -> bool:
    """Whether every changed word is a qualifier (or a function word), and one is."""
    return (any(test(e.a, k) for k in e.ka) or any(test(e.b, k) for k in e.kb)) and all(
        test(e.a, k) or is_function(e.a[k]) for k in e.ka) and all(
        test(e.b, k) or is_function(e.b[k]) for k in e.kb)


def date_qualifier_changed(e: Edit) -> bool:
    """"until" -> "since" a date, "in September" -> "in early September"."""
    return _only_qualifiers(e, is_date_qualifier)


def article_read_as_one(e: Edit) -> bool:
    """"an unlucky defender" = "one unlucky defender"."""
    return article_for_one(e.ra, e.rb) or article_for_one(e.rb, e.ra)


def _amounts_on_both_sides(e: Edit) -> bool:
    return any(x.cat == "num" for x in e.ra) and any(x.cat == "num" for x in e.rb)


def limit_of_restriction_moved(e: Edit) -> bool:
    """"within 2 kilometres" -> "within 5 kilometres"."""
    return _amounts_on_both_sides(e) and within_limit(e.a, e.region.i1) and within_limit(
        e.b, e.region.j1)


def deadline_moved(e: Edit) -> bool:
    """"within 48 hours" -> "within 72 hours", "within ten days" -> "within three weeks":
    a restriction's reach in time is when something must happen, a date (the labelling
    rules: "the day, date, time or period of an event")."""
    return limit_of_restriction_moved(e) and _time_after_amount(
        e.a, e.region.i1) and _time_after_amount(e.b, e.region.j1)


def _time_after_amount(atoms: list[Atom], start: int) -> bool:
    """The first amount from ``start`` counts a span of time ("[72] hours")."""
    amount = next((k for k in range(start, len(atoms)) if atoms[k].cat == "num"), None)
    return amount is not None and amount + 1 < len(atoms) and (
        atoms[amount + 1].canon in DAYS_IN_UNIT)


def amount_changed(e: Edit) -> bool:
    return _amounts_on_both_sides(e)


def _amount_on_one_side(e: Edit) -> bool:
    return any(x.cat == "num" for x in e.changed_words)


def count_of_the_hurt(e: Edit) -> bool:
    """"No injuries were reported" -> "Three firefighters were slightly injured": a count
    of people hurt takes the place of none, told by no state but their hurt."""
    old_count, new_count = (any(x.cat == "num" and x.value != "0" for x in side)
                            for side in (e.ra, e.rb))  # ("zero cases" -> "no cases": none)
    if old_count == new_count:
        return False
    none_side, count_side = (0, 1) if new_count else (1, 0)
    negated = any(state.split()[0] == "not" for state in e.statuses[none_side])
    return negated and set(e.region_statuses[count_side]) <= COUNTED_STATES


def count_with_its_state(e: Edit) -> bool:
    """"No casualties" -> "One firefighter was injured": the state changed."""
    status_a, status_b = e.statuses
    return _amount_on_one_side(e) and status_a != status_b


def count_for_other_names(e: Edit) -> bool:
    """"several villages" -> "the town of Istiaia": the place changed."""
    return _amount_on_one_side(e) and unmatched_names(e.a, e.b, e.ka, e.kb)


def amount_added_or_dropped(e: Edit) -> bool:
    return _amount_on_one_side(e)


def _same_qualifier(e: Edit) -> bool:
    """Whether a qualifier edit keeps its meaning, for the amount right after it."""
    a, b, region = e.a, e.b, e.region
    if not (region.i2 < len(a) and region.j2 < len(b) and a[region.i2].cat == "num"
            and b[region.j2].cat == "num"):
        return False
    return qualifier_meaning(a, region.i2) == qualifier_meaning(b, region.j2)


def qualifier_of_same_meaning(e: Edit) -> bool:
    """"about 400" -> "approximately 400"."""
    return _only_qualifiers(e, is_qualifier) and _same_qualifier(e)


def qualifier_changed(e: Edit) -> bool:
    """"100" -> "over 100", "at least 12" -> "12"."""
    return _only_qualifiers(e, is_qualifier)


def qualifier_reworded(e: Edit) -> bool:
    """"tops $100" -> "trades near $100": the same amount right after the edit (or after
    one of the edits merged into it: "have destroyed nearly 50 homes and are forcing" ->
    "destroy more than 50 homes and force"), qualified on both sides, its qualifier's
    meaning changed, whatever words came with it."""
    return any(_qualifier_reworded_at(e, i, j) for _, i, _, j in e.region.ops)


def _qualifier_reworded_at(e: Edit, i: int, j: int) -> bool:
    if not (i < len(e.a) and j < len(e.b) and e.a[i].cat == "num" == e.b[j].cat) or (
            e.a[i].value != e.b[j].value):
        return False
    # (both qualified: a phrase the table does not know, "handed over 24 masks" ->
    # "returned 24 masks", "younger than 21" -> "under 21", reads as no qualifier)
    old, new = qualifier_meaning(e.a, i), qualifier_meaning(e.b, j)
    return qualifier_start(e.a, i) < i and qualifier_start(e.b, j) < j and "" != old != new != ""


def state_hedged(e: Edit) -> bool:
    """"The deal is nearly finalized" -> "is finalized": a hedge added or dropped before a
    state tells whether it is reached (status.hedges_state)."""
    if not e.one_sided or not e.changed_words or any(
            x.canon not in HEDGES for x in e.changed_words):
        return False
    atoms, changed = e.changed_side
    return hedges_state(atoms, changed[-1])


def scope_of_claim_changed(e: Edit) -> bool:
    """"all elective surgeries" -> "some elective surgeries"."""
    return scope_changed(e.ra, e.rb)


def negation_in_condition(e: Edit) -> bool:
    """"if no deal is reached" -> "even if a deal is reached": the condition changed."""
    status_a, status_b = e.statuses
    if status_a == status_b:
        return False
    differing = set((status_a - status_b) + (status_b - status_a))
    region = e.region
    in_region = e.a[region.i1:region.i2] + e.b[region.j1:region.j2]
    return all(value.startswith("not") for value in differing) and (
        any(is_condition(x) for x in in_region) or near_condition(e.a, region.i1, region.i2))


def status_changed(e: Edit) -> bool:
    """Negation, modality or state: "will" -> "will not", "killed" -> "injured"."""
    status_a, status_b = e.statuses
    return status_a != status_b


def restriction_extended_or_cut(e: Edit) -> bool:
    """Words added to or dropped from a clause opened by a restriction (not a new
    clause of their own): "only in [the capital]".  An adverb alone ("if things
    [ultimately] work out") tells how or when, not what the restriction covers."""
    return e.one_sided and bool(e.substantive) and not e.names_only and not all(
        _plain_adverb(x) for x in e.substantive) and after_condition(
        *e.changed_side) and not new_clause(*e.changed_side)


def _plain_adverb(atom: Atom) -> bool:
    """An "-ly" adverb that is no restriction, state or qualifier of its own ("ultimately",
    "eventually"; not "only", "solely", "reportedly", "nearly"), or an adverb of time that
    restricts nothing ("fully unveiled [back] in April")."""
    return atom.cat == "word" and (atom.canon in _TIME_ADVERBS or (
        atom.canon.endswith("ly") and len(atom.canon) > 5 and not is_condition(atom)
        and not status_value(atom) and atom.canon not in QUALIFIER_WORDS))


_TIME_ADVERBS = frozenset({"back", "ago", "then", "now", "again", "also"})


def offence_changed(e: Edit) -> bool:
    """"charged with [conspiracy]" -> "charged with [handling stolen goods]"."""
    return bool(e.ra and e.rb and e.substantive) and not e.names_only and after_legal_state(
        e.a, e.region.i1) and after_legal_state(e.b, e.region.j1)


# The words of a person's role before their name ("Chief executive", "Chairman")
_ROLE_WORDS = ROLE_NOUNS | TITLES


def role_before_a_name_changed(e: Edit) -> bool:
    """"Chief executive Paul Drever" -> "Chairman Paul Drever": one role told in place of
    another before the same name (a role dropped or added is a descriptor, not a fact;
    the judge reads role synonyms, "chairman" -> "chair")."""
    if not (e.ra and e.rb) or not all(x.canon in _ROLE_WORDS for x in e.ra + e.rb):
        return False
    i2, j2 = e.region.i2, e.region.j2
    return (i2 < len(e.a) and j2 < len(e.b) and e.a[i2].name and e.b[j2].name
            and e.a[i2].canon == e.b[j2].canon)


def names_changed(e: Edit) -> bool:
    """A person, place or organisation swapped, added or dropped (beyond spelling, short
    forms and titles)."""
    return unmatched_names(e.a, e.b, e.ka, e.kb)


def direction_of_place_changed(e: Edit) -> bool:
    """"in southern Idaho" -> "in eastern Idaho"."""
    return direction_of_place(e.a, e.ka) or direction_of_place(e.b, e.kb)


def function_words_only(e: Edit) -> bool:
    return all(is_function(x) for x in e.changed_words)


def place_relation_changed(e: Edit) -> bool:
    """"mining [in] Boundary Waters" -> "[near] Boundary Waters", "drifts [near] its high"
    -> "[below] its high": the same place, another relation to it (place_relations.txt)."""
    if len(e.ra) != 1 or len(e.rb) != 1 or len(e.ka) != 1 or len(e.kb) != 1:
        return False
    old, new = PLACE_RELATIONS.get(e.ra[0].canon), PLACE_RELATIONS.get(e.rb[0].canon)
    after_old, after_new = e.ka[0] + 1, e.kb[0] + 1
    return old is not None and new is not None and old != new and (
        after_old < len(e.a) and after_new < len(e.b)) and (
        e.a[after_old].canon == e.b[after_new].canon) and e.a[after_old].cat == "word"


def period_changed(e: Edit) -> bool:
    """"once a [month]" -> "once a [week]", "every [day]" -> "every [year]", "a [day]
    after" -> "a [week] after": a span of time swapped for another after the word that
    makes it a rate or a length (lexicon.PERIOD_MARKS) changes how often or how long."""
    if len(e.ra) != 1 or len(e.rb) != 1:
        return False
    old, new = e.ra[0], e.rb[0]
    return old.canon in DAYS_IN_UNIT and new.canon in DAYS_IN_UNIT and (
        DAYS_IN_UNIT[old.canon] != DAYS_IN_UNIT[new.canon]) and e.ka[0] > 0 and (
        e.a[e.ka[0] - 1].canon in PERIOD_MARKS)


def item_of_a_rule_changed(e: Edit) -> bool:
    """"[buses] would not be allowed" -> "[buses and trucks]", "a ban on [fishing and
    swimming]" -> "[fishing]": an item joined to or cut from a list that a rule (a
    restriction, a permission or a ban) applies to changes whom it applies to."""
    if not e.one_sided:
        return False
    atoms, changed = e.changed_side
    words = [atoms[k] for k in changed if atoms[k].cat != "punct"]
    joiners = [x for x in words if x.canon in ("and", "or")] or [
        atoms[k] for k in changed[:1] if atoms[k].canon == ","]  # "Food[, clothing] and fuel"
    items = [x for x in words if not is_function(x)]
    return len(joiners) == 1 and 1 <= len(items) <= 3 and not any(
        x.name or status_value(x) or has_value([x]) for x in items) and _rule_in_clause(
            atoms, changed[0])


def phrase_of_a_rule_changed(e: Edit) -> bool:
    """"sell creams [on prescription]", "boats may not approach groups [with calves]": a
    phrase that says to what or how far a rule (a restriction, a permission, a ban or an
    obligation) applies, cut or put in, changes whom it applies to."""
    if not e.one_sided:
        return False
    atoms, changed = e.changed_side
    words = [atoms[k] for k in changed if atoms[k].cat != "punct"]
    return 2 <= len(words) <= 4 and words[0].canon in _SCOPING_PREPOSITIONS and not any(
        x.name or status_value(x) or has_value([x]) for x in words) and any(
            not is_function(x) for x in words[1:]) and _ruled_before(atoms, changed[0])


def _ruled_before(atoms: list[Atom], k: int) -> bool:
    """A permission, ban or obligation before ``k`` in its part of the sentence (to the
    comma before it): what the phrase at ``k`` narrows.  ("agree [with the managers],
    although they said ... if there's any emergency": a condition elsewhere rules
    nothing the phrase says.)"""
    start = k
    while start > 0 and atoms[start - 1].canon not in (",", ".", ";", ":", "?", "!"):
        start -= 1
    return any(status_value(x) in _RULING_STATES for x in atoms[start:k])


# Prepositions that open a phrase narrowing what a rule applies to
_SCOPING_PREPOSITIONS = frozenset({"with", "on", "without", "under", "over", "for"})


# (a negation alone rules nothing; a closure rules what it is closed to)
_RULING_STATES = frozenset({"approve", "reject", "must", "can", "close"})


def _rule_in_clause(atoms: list[Atom], k: int) -> bool:
    """A restriction, or a permission, ban or obligation, in the clause around ``k``."""
    start, end = k, k
    while start > 0 and atoms[start - 1].canon not in (".", ";", ":", "?", "!"):
        start -= 1
    while end < len(atoms) and atoms[end].canon not in (".", ";", ":", "?", "!"):
        end += 1
    clause = atoms[start:end]
    return any((is_condition(x) and condition_value(x) != "including")
               or status_value(x) in _RULING_STATES for x in clause)  # ("including" lists)


def any_other_wording(e: Edit) -> bool:
    return True


# --------------------------------------------------------------------------- the table


C: Literal["cosmetic"] = "cosmetic"  # an example whose edit changes no fact

RULES: tuple[Rule, ...] = (
    # 1. plainly cosmetic
    Rule(punctuation_only, Cosmetic("punctuation"), (
        # (a misspelt word and its fix are taken out of an edit before any rule, so a typo
        # fix alone lands here)
        Example("Prosectuors dropped the case against the driver.",
                "Prosecutors dropped the case against the driver.", C),
    )),
    Rule(words_only_moved, Cosmetic("reordering"), (
        # ("fell" and "dropped" mean one status: the word moved, nothing changed)
        Example("Shares fell 6% in early trading.",
                "Shares dropped 6% in early trading.", C),
    )),
    Rule(same_letters, Cosmetic("spelling"), (
        Example("Crews cleared the land mines near the village.",
                "Crews cleared the landmines near the village.", C),
    )),
    Rule(headline_label, Cosmetic("label"), (
        Example("Storm forces evacuations in coastal towns",
                "Hurricane Lee: Storm forces evacuations in coastal towns", C, title=True),
    )),
    Rule(abbreviation_written_out, Cosmetic("abbreviation"), (
        Example("Sgt. Maria Lopez led the search for the missing hikers.",
                "Sergeant Maria Lopez led the search for the missing hikers.", C),
    )),
    Rule(identifying_clause_dropped, Report("entity"), (
        Example("Tom Reyes, who led the raid, was arrested on Monday.",
                "Tom Reyes was arrested on Monday.", "entity"),
    )),
    Rule(aside_with_nothing_checkable, Cosmetic("aside"), (
        Example("The library will stay closed until Tuesday.",
                "The library will stay closed until Tuesday, with a review to follow.", C),
    )),
    Rule(circumstance_with_nothing_checkable, Cosmetic("aside"), (
        Example("Cases rose steadily as counties lifted restrictions amid efforts to restore "
                "the economy.", "Cases rose steadily as counties lifted restrictions.", C),
    )),
    # 2. who says it, and quoted words
    Rule(source_of_claim_changed, Report("attribution"), (
        Example("The bridge will stay closed until Friday, police said.",
                "The bridge will stay closed until Friday, prosecutors said.", "attribution"),
        Example("The fire started in the kitchen, the fire chief said.",
                "The fire started in the kitchen, according to a city inspector.", "attribution"),
        # a source dropped whole is no aside ("WHO" in capitals: the organisation)
        Example("A hantavirus outbreak on a cruise ship kills 3 people, WHO says",
                "A hantavirus outbreak on a cruise ship kills 3 people", "attribution",
                title=True),
    )),
    Rule(quoted_words_changed, Report("quote"), (
        Example("\"We will rebuild the school,\" the mayor said.",
                "\"We will rebuild the whole school,\" the mayor said.", "quote"),
        # a synonym inside a quotation is a misquote corrected, not wording
        Example("\"We will not retreat,\" the mayor said.",
                "\"We will never retreat,\" the mayor said.", "quote"),
        # a pronoun swapped: the speaker meant another ("This" -> "It" of a denial)
        Example("\"This never happened,\" the senator said.",
                "\"It never happened,\" the senator said.", "quote"),
    )),
    # 3. values: restrictions, dates, amounts and their qualifiers
    Rule(condition_clause_added_or_dropped, Report("condition"), (
        Example("Residents may return to the village.",
                "Residents may return to the village once the relocation is complete.",
                "condition"),
        Example("Teenagers can get the vaccine at any clinic.",
                "Teenagers can get the vaccine at any clinic without parental consent.",
                "condition"),
    )),
    Rule(restrictive_clause_added_or_dropped, Report("condition"), (
        Example("Free water is available to residents.",
                "Free water is available to residents who are registered with the county.",
                "condition"),
    )),
    Rule(restriction_now_lists_names, Report("entity"), (
        Example("The complaint came from a music streaming service.",
                "The complaint came from music streaming services including Spotify and Deezer.",
                "entity"),
    )),
    Rule(restriction_changed, Report("condition"), (
        Example("The vaccine is offered only to children under 5.",
                "The vaccine is offered to all residents.", "condition"),
        Example("The ban applies to all drivers.",
                "The ban applies to all drivers except taxi drivers.", "condition"),
    )),
    Rule(date_changed, Report("date"), (
        Example("He must report to prison by Aug. 15.",
                "He must report to prison by July 1.", "date"),
        # a clause about someone holding a date is the date's change, not an identification
        Example("Ana Ruiz, who joined the council in 2019, said the bridge would reopen.",
                "Ana Ruiz said the bridge would reopen.", "date"),
    )),
    Rule(date_qualifier_changed, Report("date"), (
        Example("The road will reopen before March 3.",
                "The road will reopen after March 3.", "date"),
        Example("The trial is expected to begin in September.",
                "The trial is expected to begin in early September.", "date"),
    )),
    Rule(article_read_as_one, Cosmetic("wording"), (
        Example("A stray shell hit an unlucky defender.",
                "A stray shell hit one unlucky defender.", C),
    )),
    Rule(deadline_moved, Report("date"), (
        Example("Samples will be taken within 72 hours.",
                "Samples will be taken within 48 hours.", "date"),
        Example("The agency must reply within ten days.",
                "The agency must reply within three weeks.", "date"),
    )),
    Rule(limit_of_restriction_moved, Report("condition"), (
        Example("Residents within 2 kilometres of the plant were told to stay indoors.",
                "Residents within 5 kilometres of the plant were told to stay indoors.",
                "condition"),
    )),
    Rule(amount_changed, Report("number"), (
        Example("Fourteen bodies were recovered from the river.",
                "Seven bodies were recovered from the river.", "number"),
        Example("The fire has burned 12,400 acres.",
                "The fire has burned 15,000 acres.", "number"),
    )),
    Rule(count_of_the_hurt, Report("number"), (
        Example("No injuries were reported at the plant.",
                "Two workers were injured at the plant.", "number"),
        Example("Nobody was hurt in the blast, police said.",
                "Three people were seriously hurt in the blast, police said.", "number"),
    )),
    Rule(count_with_its_state, Report("status"), (
        Example("No arrests have been made after the riot.",
                "Two men were arrested after the riot.", "status"),
    )),
    Rule(count_for_other_names, Report("entity"), (
        Example("Crews battled a fire at a 4-story church.",
                "Crews battled a fire at St. Ann's School.", "entity"),
    )),
    Rule(amount_added_or_dropped, Report("number"), (
        Example("The company cut jobs at its plant.",
                "The company cut 200 jobs at its plant.", "number"),
        # "only" before an amount stresses it; it restricts nothing
        Example("The offer was matched by only one taxi firm.",
                "The offer was matched by most taxi firms.", "number"),
    )),
    Rule(qualifier_of_same_meaning, Cosmetic("synonym"), (
        Example("The fee is about 18 million euros.",
                "The fee is approximately 18 million euros.", C),
        Example("The region still has one active case.",
                "The region still has only one active case.", C),
    )),
    Rule(qualifier_changed, Report("number"), (
        Example("Eight people died in the crash.",
                "At least eight people died in the crash.", "number"),
    )),
    Rule(state_hedged, Report("status"), (
        Example("The deal is nearly finalized, officials said.",
                "The deal is finalized, officials said.", "status"),
        Example("The bridge is complete.", "The bridge is almost complete.", "status"),
    )),
    Rule(qualifier_reworded, Report("number"), (
        Example("Brent oil tops $100 a barrel.", "Brent oil trades near $100 a barrel.",
                "number"),
        Example("Wildfires have destroyed nearly 50 homes and are forcing evacuations.",
                "Wildfires destroy more than 50 homes and force evacuations.", "number"),
    )),
    # 4. the claim: its scope, its status, its restriction, what it is about
    Rule(scope_of_claim_changed, Report("condition"), (
        Example("The hospital suspended all elective surgeries.",
                "The hospital suspended some elective surgeries.", "condition"),
    )),
    Rule(negation_in_condition, Report("condition"), (
        Example("The workers could strike even if a deal is reached.",
                "The workers could strike if no deal is reached.", "condition"),
    )),
    Rule(status_changed, Report("status"), (
        # a clause about someone holding a negation: a status change, not an identification
        Example("Smith, who has not been charged, was questioned on Monday.",
                "Smith was questioned on Monday.", "status"),
        Example("The senator has conceded the race.",
                "The senator has not conceded the race.", "status"),
        Example("The teenager was reported missing on Monday.",
                "The teenager was found on Monday.", "status"),
    )),
    Rule(restriction_extended_or_cut, Report("condition"), (
        Example("The ban applies only inside the city limits.",
                "The ban applies only inside the old city limits.", "condition"),
    )),
    Rule(offence_changed, Report("status"), (
        Example("A man has been charged with conspiracy in connection with the theft.",
                "A man has been charged with handling stolen goods in connection with the theft.",
                "status"),
    )),
    Rule(role_before_a_name_changed, Report("entity"), (
        Example("Chief executive Paul Drever blamed weaker global prices.",
                "Chairman Paul Drever blamed weaker global prices.", "entity"),
    )),
    Rule(names_changed, Report("entity"), (
        Example("The contract was awarded to Boeing last year.",
                "The contract was awarded to Lockheed Martin last year.", "entity"),
        Example("She studied at the University of Arizona for two years.",
                "She studied at Arizona State University for two years.", "entity"),
    )),
    Rule(direction_of_place_changed, Report("entity"), (
        Example("The quake struck a village in southern Peru.",
                "The quake struck a village in eastern Peru.", "entity"),
    )),
    # 5. nothing else changed
    Rule(place_relation_changed, Report("entity"), (
        Example("The ban covers any mining efforts in Boundary Waters wilderness.",
                "The ban covers any mining efforts near Boundary Waters wilderness.", "entity"),
        Example("A man was shot at an apartment complex on Sweet Home Road.",
                "A man was shot at an apartment complex near Sweet Home Road.", "entity"),
    )),
    Rule(period_changed, Report("number"), (
        Example("Inspectors will visit the plant once a month.",
                "Inspectors will visit the plant once a week.", "number"),
        Example("The fee is paid every month.", "The fee is paid every year.", "number"),
    )),
    Rule(function_words_only, Cosmetic("function words"), (
        Example("But some of that confusion persists.",
                "But some confusion persists.", C),
    )),
    Rule(item_of_a_rule_changed, Report("condition"), (
        Example("During the works, buses would not be allowed on the bridge.",
                "During the works, buses and trucks would not be allowed on the bridge.",
                "condition"),
        Example("Food, children's clothing and domestic fuel will be exempt from the tax.",
                "Food and domestic fuel will be exempt from the tax.", "condition"),
    )),
    Rule(phrase_of_a_rule_changed, Report("condition"), (
        Example("Pharmacies will be allowed to sell the creams on prescription.",
                "Pharmacies will be allowed to sell the creams.", "condition"),
        Example("Boats will be banned from approaching sperm whale groups with calves.",
                "Boats will be banned from approaching sperm whale groups.", "condition"),
    )),
    Rule(any_other_wording, Cosmetic("wording"), (
        # a phrase beside no permission, ban or obligation narrows no rule (a condition
        # elsewhere in the sentence rules nothing it says)
        Example("The astronauts agree, although they would fly home if there is an emergency.",
                "The astronauts agree with the managers, although they would fly home if "
                "there is an emergency.", C),
        # an adverb of time in a restriction's clause restricts nothing
        Example("The console was fully unveiled back in April.",
                "The console was fully unveiled in April.", C),
        Example("The beautiful weather continues across the region.",
                "The lovely weather continues across the region.", C),
    )),
)
