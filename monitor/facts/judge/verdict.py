"""The verdict on each candidate change (``judge_change``), and ``judge``, which
applies it to a diff: a change the judge finds to be wording moves to the cosmetic edits
with its reason; a kept one is re-rated and shown by its parts that are news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from monitor.facts.compare import function_word, hardened, plain_words, same_facts, swapped_words
from monitor.facts.context import Context
from monitor.facts.judge.amounts import compounds_whole, unit_swapped
from monitor.facts.judge.checks import trend_reversed, wording_reason
from monitor.facts.judge.parts import (
    condition_apart,
    counts_apart,
    headline_quotations_paired,
    like_for_like,
    members_swapped,
    new_clauses,
    one_sided,
    quotation_alone,
    quotation_kind,
)
from monitor.facts.judge.promotions import (
    headline_plan_done,
    new_fact,
    one_word_reversed,
    plan_and_deed,
    plan_told_done,
    promote_edits,
    sure_fact,
)
from monitor.facts.judge.versions import Versions
from monitor.facts.judge_data import listicle_nouns, medium_states
from monitor.facts.lexicon import NUMBERED_NOUNS, SMALL_NUMBERS, STATUS, TENS
from monitor.facts.severity import edit_severity
from monitor.facts.shown import shown, unlabelled
from monitor.facts.signatures import Signature
from monitor.facts.tokens import tokens, word_canon
from monitor.models import Change, CosmeticEdit, DiffResult, Document


@dataclass(frozen=True, slots=True)
class Verdict:
    keep: bool
    reason: str  # why a dropped change is wording ("same facts", "typo", ...)


def judge_change(change: Change, versions: Versions) -> Verdict:
    """Keep ``change`` unless it is an artefact (a feed cut, a typo, furniture) or the
    judge can see that what the change claims to differ is the same on both sides (the
    checks, in their order: monitor.facts.judge.checks)."""
    reason = wording_reason(change, versions)
    return Verdict(reason is None, reason or "")


def severity(change: Change, versions: Versions) -> str:
    """A kept change re-rated: a date changed is ``high`` (the diff rates it ``medium``
    when the date is all that differs); every other change keeps the diff's severity
    here (status and amount changes are rated last, by ``rated``)."""
    return "high" if change.action == "changed" and change.kind == "date" else (
        change.severity)


def status_is_news(change: Change, versions: Versions) -> bool:
    """Whether a status change is one a reader acts on (issue 10's ``high``): a negation
    gained or lost, an event or a person's state changed (medium_states.txt lists the
    states that are not), the offence a person is accused of, a trend or a word reversed
    (opposed_states.txt, a prefix), or whether it is done, yet to come or required."""
    old = hardened(versions.signature(change.old_sentence or ""))
    new = hardened(versions.signature(change.new_sentence or ""))
    plain = medium_states()
    return old.negations != new.negations or (old.states - plain) != (new.states - plain) or (
        _held(old.logic) != _held(new.logic)) or _offence(old) != _offence(new) or (
        trend_reversed(change, versions)) or one_word_reversed(change.old, change.new) or (
        _planned_then_done(change))


def _planned_then_done(change: Change) -> bool:
    """The change's own words are a plan on one side and the deed on the other ("to
    follow Madonna" -> "follows Madonna", "is set to open" -> "opens"): the event
    happened, as "will meet" -> "meets" tells it."""
    gone, came = swapped_words(change.old, change.new)
    return plan_and_deed(" ".join(gone), " ".join(came))


def _offence(sig: Signature) -> frozenset[str]:
    """The offences a sentence names (noun_classes.txt): "charged with murder" ->
    "charged with manslaughter" is a person's legal state changed."""
    return frozenset(member for kind, member in sig.nouns if kind == "offence")


def _held(logic: tuple[str, ...]) -> tuple[str, ...]:
    held = [m for m in logic if m not in _LOGIC_NOT_HELD]
    return tuple(m for k, m in enumerate(held) if k == 0 or held[k - 1] != m)


# How a claim is held, but not what a reader acts on: "says" for "tells", a "could" or
# "possibly" added or dropped ("possibly one of the only" -> "one of the only" is
# reported at medium).  Done versus future ("would summon" -> "had summoned": the event
# happened; "may appeal" -> "will appeal") and "must" stay high.
_LOGIC_NOT_HELD = frozenset({"say", "may"})


def judge(result: DiffResult, old: Document, new: Document, ctx: Context) -> DiffResult:
    """``result`` with the changes the judge finds to be wording moved to its cosmetic
    edits (with the reason)."""
    if not result.changes:
        # Wording alone: only a role marker or a swap of two names or closed-class nouns
        # the tables know ("Iran" -> "Iraq") is promoted (the other promotions, tried here,
        # took 5 more cosmetic pairs in 129)
        changes = _once([shown(change) for change in [
            *promote_edits(result, lambda edit: sure_fact(edit, ctx)),
            *_plans_told_done(result), *_headline_plan_done(old, new, result)]])
        known = Versions(old, new, ctx)
        result.changes = [rated(change, known) for change in changes]
        return result
    known = Versions(old, new, ctx)
    # a plan told as done is a state the story moved to, whatever the judge reads below
    kept: list[Change] = _plans_told_done(result) + _headline_plan_done(old, new, result)
    # a wording edit promoted to a fact is then judged like every other candidate
    promoted = promote_edits(result, lambda edit: new_fact(edit, known))
    for candidate in [*result.changes, *promoted]:
        change = compounds_whole(candidate)
        if (swapped := unit_swapped(change)) is not None:
            kept.append(swapped)  # "41C" -> "41F": the amount changed, however it reads
            continue
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
    kept = _moved_within(kept, known, result)
    kept = _judged_beside_wording(kept, known, result)
    result.changes = _reported(kept, known)
    return result


def _reported(kept: list[Change], versions: Versions) -> list[Change]:
    """The kept changes as an editor reads them: each shown whole and once, then told by
    its parts (a list's members, a quotation alone, a headline's condition), re-rated,
    and a headline's replaced quotation paired."""
    shown_once = _shown_once(_once([unlabelled(shown(change)) for change in kept]))
    parts = [part for change in shown_once for counted in counts_apart(change)
             for member in members_swapped(counted)
             for whole in quotation_alone(member, versions)
             for part in condition_apart(whole, versions)]
    return headline_quotations_paired(
        [rated(quotation_kind(part), versions) for part in parts], versions)


def _moved_within(kept: list[Change], versions: Versions, result: DiffResult) -> list[Change]:
    """A part dropped from a sentence and a part added to its new version that state the
    same facts ("from its headquarters in Lausanne" -> "the Lausanne-based council") are
    one fact told at another place of the sentence: neither is reported."""
    gone: set[int] = set()
    for removed in (c for c in kept if c.action == "removed" and c.new_sentence):
        facts = hardened(versions.signature(removed.old or "", removed.old_sentence))
        if facts.is_empty():
            continue
        for added in (c for c in kept if c.action == "added" and id(c) not in gone):
            if (added.old_sentence, added.new_sentence) == (
                    removed.old_sentence, removed.new_sentence) and same_facts(facts, hardened(
                        versions.signature(added.new or "", added.new_sentence))):
                gone |= {id(removed), id(added)}
                result.cosmetic.append(CosmeticEdit(removed.old, added.new, "moved"))
                break
    return [c for c in kept if id(c) not in gone]


def _judged_beside_wording(kept: list[Change], versions: Versions,
                           result: DiffResult) -> list[Change]:
    """A change judged again with the wording edits of its sentence applied to the old
    sentence first: each check compares the two sentences whole, so an edit another
    check (or the diff) read as wording beside it ("to cut" -> "will cut") kept it."""
    out: list[Change] = []
    by_sentences: dict[tuple[str | None, str | None], list[CosmeticEdit]] = {}
    for edit in result.cosmetic:  # (a long story's edits, looked up per change)
        if edit.old_sentence and edit.new_sentence:
            by_sentences.setdefault((edit.old_sentence, edit.new_sentence), []).append(edit)
    for change in kept:
        edits = by_sentences.get((change.old_sentence, change.new_sentence))
        patched = _wording_applied(change, edits) if edits and not _values_differ(
            change, versions) else None
        if patched is None or judge_change(replace(change, old_sentence=patched),
                                           versions).keep:
            out.append(change)
        else:
            result.cosmetic.append(CosmeticEdit(change.old, change.new, "same facts"))
    return out


def _values_differ(change: Change, versions: Versions) -> bool:
    """The change's own two values state different amounts, dates, names or negations:
    no wording edit beside it can make its sentences tell the same (and judging them
    again, in new sentences, is the costly part)."""
    old, new = versions.signature(change.old or ""), versions.signature(change.new or "")
    return (old.amounts != new.amounts or old.dates != new.dates or old.names != new.names
            or old.negations != new.negations)


def _wording_applied(change: Change, edits: list[CosmeticEdit]) -> str | None:
    """The change's old sentence with the wording edits read in the same two sentences
    made (each whose old words stand once in it, apart from the change's own); None when
    there are none."""
    sentence, own = change.old_sentence, change.old
    if change.action != "changed" or not (sentence and change.new_sentence and own):
        return None
    patched = sentence
    for edit in edits:
        if (edit.old_sentence, edit.new_sentence) != (sentence, change.new_sentence) or (
                not edit.old or edit.new is None or patched.count(edit.old) != 1
                or edit.old in own or own in edit.old):
            continue
        patched = patched.replace(edit.old, edit.new)
    return patched if patched != sentence else None


def _plans_told_done(result: DiffResult) -> list[Change]:
    """The plans told done among the edits the diff read as function words ("to hold" ->
    "holds") or as wording (a verb no table knows as a state: "is to lead" -> "led"), and
    the units swapped beside the same amount among the wording ("10 years" -> "10
    months": the diff saw the amount unchanged)."""
    return [*promote_edits(result, plan_told_done, "function words"),
            *promote_edits(result, plan_told_done, "wording"),
            *promote_edits(result, _unit_swap_edit, "wording")]


def _headline_plan_done(old: Document, new: Document, result: DiffResult) -> list[Change]:
    """A rewritten headline's plan told done (promotions.headline_plan_done), unless a
    change of the headline, or a status change of the same plan, already tells it."""
    if old.title == new.title or any(
            c.kind == "status" and c.old_sentence == old.title and c.new_sentence == new.title
            for c in result.changes):
        return []
    change = headline_plan_done(old.title, new.title)
    if change is None or any(c.kind == "status" and (change.old or "").lower() in (
            c.old or "").lower() for c in result.changes):
        return []  # the body tells the same plan done ("is set to return" -> "has returned")
    return [change]


def _unit_swap_edit(edit: CosmeticEdit) -> Change | None:
    return unit_swapped(Change("number", "changed", edit.old, edit.new, edit.old_sentence,
                               edit.new_sentence, "high"))


def rated(change: Change, versions: Versions) -> Change:
    """``change`` with its kind and severity decided last, whichever path kept it: a
    source told alone is an attribution; a status change is rated by what it states."""
    if change.action != "changed" and change.kind != "attribution" and _source_alone(
            change.old or change.new or "", versions):
        return replace(change, kind="attribution", severity=edit_severity("attribution"))
    if change.kind == "condition" and _anonymity_alone(change, versions):
        return replace(change, kind="attribution", severity=edit_severity("attribution"))
    if change.kind == "quote" and change.action == "changed" and _negation_flipped(
            change, versions):
        return replace(change, severity="high")  # "We are not leaving" -> "We are leaving"
    if change.kind == "number" and change.severity == "high" and _counts_items(change):
        return replace(change, severity="medium")
    if change.kind != "status" or change.action != "changed" or change.severity != "high":
        return change
    return change if status_is_news(change, versions) else replace(change, severity="medium")


def _counts_items(change: Change) -> bool:
    """Every amount of the change counts a list article's items ("4 ways to get creative
    with your leftovers", listicle_nouns.txt): no count of anything in the world."""
    counts = [_counted_item(words, k) for value in (change.old, change.new) if value
              for words in [plain_words(value)] for k, word in enumerate(words)
              if (word.isdigit() or word in SMALL_NUMBERS or word in TENS)
              and not (k > 0 and words[k - 1] in NUMBERED_NOUNS)]  # "level 3": a label
    return bool(counts) and all(counts)


def _counted_item(words: list[str], k: int) -> bool:
    return any(word in listicle_nouns() for word in words[k + 1:k + 3])


def _negation_flipped(change: Change, versions: Versions) -> bool:
    """The change's two values differ only by a negation ("We are not leaving" -> "We are
    leaving"): a quotation that now says the opposite is a negation changed, however low
    a quotation's rewording is rated (a quotation rewritten whole stays low)."""
    old, new = versions.signature(change.old or ""), versions.signature(change.new or "")
    return old.negations != new.negations and same_facts(
        replace(old, negations=0, logic=(), quoted=()),
        replace(new, negations=0, logic=(), quoted=())) and (
        _words_alike(change.old or "", change.new or ""))


def _words_alike(old: str, new: str) -> bool:
    """The two values share most of their content words besides negations (one quotation,
    not another), read as the tokenizer reads them ("won't" is "will" + "not")."""
    a, b = _content_words(old), _content_words(new)
    return len(a & b) >= _WORDS_ALIKE * max(len(a), len(b), 1)


_WORDS_ALIKE = 0.6


def _content_words(text: str) -> set[str]:
    canons = (word_canon(token) for kind, token, *_ in tokens(text) if kind == "word")
    return {w for w in canons if not function_word(w) and STATUS.get(w) != "not"}


def _anonymity_alone(change: Change, versions: Versions) -> bool:
    """The only restriction the change's values tell is a source's anonymity ("a senior
    official, speaking on condition of anonymity" -> "Information Minister Grace Tembo"):
    who says it changed, not a condition on the claim."""
    values = [value for value in (change.old, change.new) if value]
    return any(_ANONYMITY.search(value) for value in values) and not any(
        versions.signature(_ANONYMITY.sub(" ", value)).conditions for value in values)


_ANONYMITY = re.compile(r"\bcondition of anonymity\b", re.IGNORECASE)


def _source_alone(value: str, versions: Versions) -> bool:
    """A value that only says who says something ("Corrections says", "she said", "says
    associate editor Vikram Khanna", "officials said Saturday"): a verb of saying with its
    speaker, perhaps a day, and no amount, state, restriction, quotation or negation."""
    if len(value.split()) > _SOURCE_WORDS:
        return False  # "Pope Leo XIV called for a ceasefire in Gaza ...": a claim told
    sig = versions.signature(value)
    return "say" in sig.logic and not (sig.amounts or sig.states or sig.conditions
                                       or sig.quoted or sig.negations or sig.modality)


_SOURCE_WORDS = 6  # "says associate editor Vikram Khanna", "a USDA spokesperson told Ars"


def _in_parts(whole: Change, parts: list[Change], versions: Versions) -> list[Change]:
    """A kept headline told by the parts of it the judge keeps too ("Looting continued in
    New York", "military helicopters ... in DC"), or whole when it keeps none."""
    kept = [part for part in parts if judge_change(part, versions).keep]
    return kept or [whole]


def _once(changes: list[Change]) -> list[Change]:
    """One change per value: a headline's clause and the text repeating the headline
    may both report "Fed officials indicate ..." removed, read as two kinds; and one per
    swap: "the EIA" -> "the IEA" in two sentences is one body renamed, told where first
    seen."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for change in changes:
        keys = {(change.action, change.old, change.new), *_swap_key(change)}
        if not keys & seen:
            kept.append(change)
        seen |= keys
    return kept


def _swap_key(change: Change) -> list[tuple[object, ...]]:
    """The words a changed value swapped, as a key: a name's alone ("EIA" -> "IEA", where
    it stands), an amount's or a state's with the words both sides share ("eight" ->
    "nine" of "launches", not of "satellites"); none for a change that only adds or
    drops words."""
    gone, came = swapped_words(change.old, change.new)
    if change.action != "changed" or not gone or not came:
        return []
    shared = () if change.kind in _NAMING else tuple(sorted(
        w for w in set(plain_words(change.old or "")) & set(plain_words(change.new or ""))
        if not function_word(w)))
    kind = "name" if change.kind in _NAMING else change.kind
    return [("swap", kind, tuple(gone), tuple(came), shared)]


_NAMING = frozenset({"entity", "attribution"})  # a name swapped is the same rename anywhere


def _shown_once(changes: list[Change]) -> list[Change]:
    """No state added or removed that a state change of its sentence already shows: "in
    a serious condition" removed beside "was in a serious condition" -> "died"; no change
    whose two values a change of its kind in its sentences shows whole ("by 58 votes" ->
    "by 61 votes" beside "by 58 votes to 24" -> "by 61 votes to 21")."""
    return [change for change in changes if not any(
        other is not change and _shows(other, change) for other in changes)]


def _shows(whole: Change, part: Change) -> bool:
    if part.action == "removed":
        value, sentence, other_value, other_sentence = (
            part.old, part.old_sentence, whole.old, whole.old_sentence)
    elif part.action == "added":
        value, sentence, other_value, other_sentence = (
            part.new, part.new_sentence, whole.new, whole.new_sentence)
    else:
        return _changed_within(whole, part)
    return bool(value and other_value and sentence and sentence == other_sentence
                and whole.action == "changed" and whole.kind == part.kind == "status"
                and value in other_value)


def _changed_within(whole: Change, part: Change) -> bool:
    """``part``, a change of ``whole``'s kind in the same sentences, overlaps it on both
    sides and swaps no word ``whole`` does not, ``whole`` telling more (more words swapped,
    or as many in longer values): one fact shown twice ("by 58 votes" of "by 58 votes to
    24"; "reached between 40" beside "40 and 90 metres high"), not two amounts of one
    sentence ("3 killed" beside "3 injured")."""
    if not (part.action == whole.action == "changed" and part.kind == whole.kind
            and (part.old_sentence, part.new_sentence) == (whole.old_sentence,
                                                           whole.new_sentence)
            and _overlap(part.old, whole.old, part.old_sentence)
            and _overlap(part.new, whole.new, part.new_sentence)):
        return False
    part_swaps, whole_swaps = _swaps(part), _swaps(whole)
    if not part_swaps <= whole_swaps:
        return False
    return part_swaps != whole_swaps or (
        len(whole.old or "") + len(whole.new or "") > len(part.old or "") + len(part.new or ""))


def _swaps(change: Change) -> frozenset[tuple[str, str]]:
    """The words a change swaps, each with the side it stands on."""
    gone, came = swapped_words(change.old, change.new)
    return frozenset([*(("old", w) for w in gone), *(("new", w) for w in came)])


def _overlap(a: str | None, b: str | None, sentence: str | None) -> bool:
    """Two values overlap where ``sentence`` holds them (each where first found)."""
    if not (a and b and sentence):
        return False
    i, j = sentence.find(a), sentence.find(b)
    return i >= 0 and j >= 0 and i < j + len(b) and j < i + len(a)
