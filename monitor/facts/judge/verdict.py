"""The verdict on each candidate change (``judge_change``), and ``judge``, which
applies it to a diff: a change the judge finds to be wording moves to the cosmetic edits
with its reason; a kept one is re-rated and shown by its parts that are news.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from monitor.facts.compare import hardened, plain_words, same_facts
from monitor.facts.context import Context
from monitor.facts.judge.amounts import (
    amount_told_another_way,
    compounds_whole,
    dropped_as_surface,
    price_rounded,
    units_alone,
)
from monitor.facts.judge.artefacts import cut_short, furniture_change
from monitor.facts.judge.coverage import (
    dropped_identification,
    named_or_described,
    quotes_kept,
    same_values,
    still_said,
    told_both_ways,
    words_covered,
)
from monitor.facts.judge.days import dateline_edit, day_told_twice, same_day_told_later
from monitor.facts.judge.paraphrase import paraphrased, said_alike
from monitor.facts.judge.parts import (
    UNSEEN_KINDS,
    WORDED_KINDS,
    like_for_like,
    new_clauses,
    one_sided,
)
from monitor.facts.judge.promotions import (
    new_fact,
    plan_and_deed,
    plan_told_done,
    promote_edits,
    sure_fact,
)
from monitor.facts.judge.questions import asked_same, asked_state, asked_without_facts, explains
from monitor.facts.judge.specified import specified
from monitor.facts.judge.spelling import name_spelling_key, spelling_key, swap_undone, typo_only
from monitor.facts.judge.tense import future_either_way, inflected_only, progressive_future
from monitor.facts.judge.versions import Versions
from monitor.facts.shown import shown, unlabelled
from monitor.facts.signatures import alias_given, in_conversion, is_question, surface_normal
from monitor.facts.sources import (
    body_described,
    body_renamed,
    named_for_class_noun,
    named_for_pronoun,
    names_in_order,
    one_acronym,
    pronoun_for_role,
    same_person,
    same_source_besides_told_names,
    unspelled,
)
from monitor.models import Change, CosmeticEdit, DiffResult, Document


@dataclass(frozen=True, slots=True)
class Verdict:
    keep: bool
    reason: str  # why a dropped change is wording ("same facts", "typo", ...)


def judge_change(change: Change, versions: Versions) -> Verdict:
    """Keep ``change`` unless it is an artefact (a feed cut, a typo, furniture) or the
    judge can see that what the change claims to differ is the same on both sides."""
    old_sentence, new_sentence = change.old_sentence or "", change.new_sentence or ""
    if furniture_change(change):
        return Verdict(False, "furniture")
    if change.action != "changed" and in_conversion(change):
        return Verdict(False, "format")  # "(86,000 acres)" added after "35,000 hectares"
    if change.action != "changed" and dropped_as_surface(change):
        return Verdict(False, "format")  # "(0200 GMT)" after "8 a.m.": the time again, in
        # another zone (a surface form, surface_forms.txt, that its sentence reads past)
    if change.action != "changed" and alias_given(change):
        return Verdict(False, "alias")  # "the Environmental Management Agency (EMA)"
    if units_alone(change):
        return Verdict(False, "format")  # "degrees Celsius" -> "C" beside the same "45": a
        # unit's name alone states nothing, its amount does
    if change.old and change.new and (spelling_key(change.old) == spelling_key(change.new) or (
            change.kind in _NAMING_KINDS and name_spelling_key(change.old) == name_spelling_key(
                change.new))):
        return Verdict(False, "format")  # the value itself is unchanged ("one" -> "one",
        # read in "one its three" and "one of its three"): whatever moved around it
    if change.kind == "status" and change.old and change.new and future_either_way(
            change.old, change.new):
        return Verdict(False, "tense")  # "to testify" -> "will testify": a headline's future
    if change.old and change.new and (inflected_only(change.old, change.new) or (
            progressive_future(change.old, change.new))):
        return Verdict(False, "tense")  # "Senate opening the trial" -> "opens", "has
        # died" -> "dies": a modal or a negation is a word of its own, never an ending
    if change.kind == "number" and change.old and change.new and price_rounded(
            versions.signature(change.old, old_sentence or None),
            versions.signature(change.new, new_sentence or None)):
        return Verdict(False, "rounded")  # "$12.99 a month" -> "$13 a month"
    if change.kind == "number" and change.old and change.new and amount_told_another_way(
            change, versions):
        return Verdict(False, "format")  # "a week-long" -> "a seven-day operation"
    if change.old and change.new and typo_only(change.old, change.new) and same_values(
            versions.signature(change.old), versions.signature(change.new)):
        return Verdict(False, "typo")  # "the Google Next Hub Max" -> "Nest", in a sentence
        # edited elsewhere too (the whole-sentence check below sees more than typos)
    if change.old and change.new and swap_undone(change.old, change.new, versions):
        return Verdict(False, "typo")  # "DNS over TSL" -> "over TLS" beside "TLS certificates"
    if specified(change.old, change.new):
        return Verdict(False, "specified")  # "virus" -> "coronavirus"
    if change.old and change.new and paraphrased(change.old, change.new):
        return Verdict(False, "paraphrase")  # "for free" -> "free of charge" in a sentence
        # edited elsewhere too ("England schools" -> "Schools": that change is its own)
    if change.action != "changed" and asked_without_facts(change, versions):
        return Verdict(False, "question")  # "Will demands for reform finally be heard?"
        # dropped from a headline: a question asserts nothing
    if change.kind == "status" and asked_state(change):
        return Verdict(False, "question")  # "Will Covid-19 kill the office?" added: a
        # state asked about is not stated
    if (change.action == "removed" and old_sentence in versions.cut_old) or (
            change.action == "added" and new_sentence in versions.cut_new):
        return Verdict(False, "feed cut")
    headline = versions.old_title in (old_sentence, new_sentence) or (
        versions.new_title in (old_sentence, new_sentence))
    if headline and not old_sentence:
        old_sentence = versions.old_title  # a headline rewritten: compare the two
    if headline and not new_sentence:
        new_sentence = versions.new_title
    if headline and explains(versions.old_title) and explains(versions.new_title) and (
            asked_same(versions.old_title, versions.new_title, versions.ctx)):
        return Verdict(False, "question")  # "Why X might not ..." -> "X: here's what it means"
    if old_sentence and new_sentence:
        verdict = _judge_sentences(change, versions, old_sentence, new_sentence)
        if verdict is not None:
            return verdict
    old_value = versions.signature(change.old or "", old_sentence or None)
    new_value = versions.signature(change.new or "", new_sentence or None)
    if old_value.is_empty() and new_value.is_empty() and change.kind not in WORDED_KINDS and (
            headline or words_covered(change.new, versions.old_words)) and not (
            dropped_identification(change, versions)):
        return Verdict(False, "no facts")  # a body sentence's new words may be a fact the
        # judge cannot read ("convicted of fraud" -> "of bribery"): those stay
    if change.action == "changed" and named_for_pronoun(change, versions):
        return Verdict(False, "same person")  # "he" -> "Jenrick, 44", named before
    if change.action == "changed" and named_for_class_noun(change, versions):
        return Verdict(False, "same person")  # "Halvard said" -> "The university said"
    if change.action == "changed" and pronoun_for_role(change, versions):
        return Verdict(False, "same person")  # "he said" -> "the lawyer said" where the
        # story names her lawyer
    if change.action == "changed" and change.kind != "attribution" and named_or_described(
            change, old_value, new_value, versions):
        return Verdict(False, "same person")  # "Gabby Petito's fiancé Brian Laundrie" ->
        # "missing woman's fiancé", the story still naming both
    if same_person(change, versions):
        return Verdict(False, "same person")  # "Xi Jinping" -> "Xi", "Chinese leader X" -> "X"
    if change.action == "changed" and change.kind in _NAMING_KINDS and body_renamed(change):
        return Verdict(False, "same body")  # "Energy Information Agency" -> "Administration"
    if change.action == "changed" and change.kind in _NAMING_KINDS and body_described(change):
        return Verdict(False, "same body")  # "Peru's transport ministry" -> "the Ministry of
        # Transport and Communications (MTC)"
    if change.kind == "date" and same_day_told_later(change, versions):
        return Verdict(False, "same day")  # "tomorrow" -> "today", a day later
    if headline and change.kind == "date" and dateline_edit(change, versions):
        return Verdict(False, "dateline")  # "Live updates on 22 April", published that day
    if headline and told_both_ways(old_value, new_value, versions) and quotes_kept(
            change, old_sentence, new_sentence, versions):
        return Verdict(False, "moved")  # a headline telling what the story already says
    if change.action == "changed" and change.kind in _NAMING_KINDS and old_value.names and (
            names_in_order(change.old or "", change.new or "") or one_acronym(
                change.old or "", change.new or "", versions.acronyms)) and told_both_ways(
            old_value, new_value, versions):
        return Verdict(False, "named both ways")
    if change.action != "changed" and change.kind == "date" and day_told_twice(
            change, versions):
        return Verdict(False, "same day")  # "on Sunday night" -> "on Sunday night, June 22"
    if change.action == "added" and not new_value.is_empty() and still_said(
            new_value, change.new or "", versions.old, versions.old_words):
        return Verdict(False, "already stated")
    if change.action == "removed" and not old_value.is_empty() and still_said(
            old_value, change.old or "", versions.new, versions.new_words):
        return Verdict(False, "still stated")
    return Verdict(True, "")


_NAMING_KINDS = frozenset({"entity", "attribution"})  # who or what, by name


def _judge_sentences(change: Change, versions: Versions, old: str,
                     new: str) -> Verdict | None:
    if typo_only(old, new) and same_values(versions.signature(old), versions.signature(new)):
        return Verdict(False, "typo")
    if cut_short(old, new):
        return Verdict(False, "feed cut")
    if plain_words(surface_normal(old)) == plain_words(surface_normal(new)):
        return Verdict(False, "format")
    if paraphrased(old, new):
        return Verdict(False, "paraphrase")  # "throw them away" -> "discard them"
    if is_question(old) and is_question(new) and same_facts(
            versions.signature(old), versions.signature(new)):
        return Verdict(False, "question")  # asks, whatever its kind: it asserts nothing
    if change.kind == "attribution" and same_source_besides_told_names(
            versions.signature(old), versions.signature(new), versions):
        return Verdict(False, "same source")  # "both companies claim" -> "the companies
        # ... claim": who says it is what an attribution change is about, and signatures
        # read it
    if change.action != "changed" and (old, new) != (versions.old_title, versions.new_title):
        return None  # an added or removed part is judged by what it says, below; a
        # headline's part is judged with the whole headline, rewritten around it
    if change.kind in UNSEEN_KINDS and (versions.signature(change.old or "", old).is_empty()
                                         or versions.signature(change.new or "", new).is_empty()):
        return None  # a restriction without a marker ("who are registered ...")
    old, new = said_alike(old, new)  # "capsized" -> "overturned": one event, one word
    a, b = hardened(versions.signature(old)), hardened(versions.signature(new))
    a, b = (replace(a, names=unspelled(a.names, b.names, new)),  # "EMA" and "European
            replace(b, names=unspelled(b.names, a.names, old)))  # Medicines Agency" spelt
    if change.kind != "attribution":  # a role reworded ("agency" -> "regulator") is no source
        a, b = replace(a, sources=frozenset()), replace(b, sources=frozenset())
    if not same_facts(a, b):
        return None
    if versions.signature(change.old or "", old).is_empty() and versions.signature(
            change.new or "", new).is_empty() and not words_covered(
            change.new, frozenset(plain_words(surface_normal(old)))):
        return None  # new words the judge cannot read ("conspiracy" -> "handling stolen
        # goods" after "charged with"): the diff saw something, leave it
    return Verdict(False, "same facts")


def severity(change: Change, versions: Versions) -> str:
    """``high`` for what a reader acts on: an amount, a date, a restriction, a negation,
    the state of a person or an event (died, arrested, charged, resigned, approved,
    cancelled); a status change that is only framing is ``medium``.  Whole sentences added
    or removed keep the diff's cap at ``medium``; quotes stay ``low``."""
    if change.action != "changed":
        return change.severity
    if change.kind == "date":
        return "high"
    if change.kind != "status":
        return change.severity
    old = hardened(versions.signature(change.old_sentence or ""))
    new = hardened(versions.signature(change.new_sentence or ""))
    event = old.negations != new.negations or old.states != new.states or (
        old.logic != new.logic)
    return "high" if event else "medium"


def judge(result: DiffResult, old: Document, new: Document, ctx: Context) -> DiffResult:
    """``result`` with the changes the judge finds to be wording moved to its cosmetic
    edits (with the reason)."""
    if not result.changes:
        # Wording alone: only a role marker or a swap of two names or closed-class nouns
        # the tables know ("Iran" -> "Iraq") is promoted (the other promotions, tried here,
        # took 5 more cosmetic pairs in 129)
        result.changes = _once([shown(change) for change in [
            *promote_edits(result, lambda edit: sure_fact(edit, ctx)),
            *promote_edits(result, plan_told_done, "function words")]])
        return result
    known = Versions(old, new, ctx)
    # a plan told as done is a state the story moved to, whatever the judge reads below
    kept: list[Change] = promote_edits(result, plan_told_done, "function words")
    # a wording edit promoted to a fact is then judged like every other candidate
    promoted = promote_edits(result, lambda edit: new_fact(edit, known))
    for candidate in [*result.changes, *promoted]:
        change = compounds_whole(candidate)
        if change.kind == "status" and plan_and_deed(change.old, change.new):
            # "is set to impose" -> "imposes": the event happened, however little else
            # the headline changed (the headline readings below would call it wording)
            kept.append(change)
            continue
        verdict = judge_change(change, known)
        if verdict.keep and candidate in result.parts:
            kept.extend(_in_parts(change, result.parts[candidate], known))
        elif verdict.keep:
            change = one_sided(replace(change, severity=severity(change, known)), known)
            parts = like_for_like(change, known)
            if not parts:  # two parts of a rewrite, neither stating a fact the other lacks
                result.cosmetic.append(CosmeticEdit(change.old, change.new, "same facts"))
            kept.extend(part for split in parts for part in new_clauses(split, known))
        else:
            result.cosmetic.append(CosmeticEdit(change.old, change.new, verdict.reason))
    result.changes = _once([unlabelled(shown(change)) for change in kept])
    return result


def _in_parts(whole: Change, parts: list[Change], versions: Versions) -> list[Change]:
    """A kept headline told by the parts of it the judge keeps too ("Looting continued in
    New York", "military helicopters ... in DC"), or whole when it keeps none."""
    kept = [part for part in parts if judge_change(part, versions).keep]
    return kept or [whole]


def _once(changes: list[Change]) -> list[Change]:
    """One change per value: a headline's clause and the text repeating the headline
    may both report "Fed officials indicate ..." removed, read as two kinds."""
    seen: set[tuple[str, str | None, str | None]] = set()
    kept = []
    for change in changes:
        key = (change.action, change.old, change.new)
        if key not in seen:
            seen.add(key)
            kept.append(change)
    return kept
