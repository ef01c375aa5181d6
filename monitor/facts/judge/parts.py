"""A kept change shown by the parts that are news: a "changed" fact one side of
which the other still says (an addition or a removal), two unrelated parts of a rewrite
(like for like), a headline by its new clauses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import cast

from monitor.facts.atoms import condition_value, status_value
from monitor.facts.compare import function_word, hardened, plain_words
from monitor.facts.judge.amounts import unit_only
from monitor.facts.judge.coverage import (
    covered_by,
    has_word,
    still_said,
    words_covered,
    words_told,
)
from monitor.facts.judge.versions import Versions
from monitor.facts.lexicon import MONTHS, VAGUE_AMOUNTS
from monitor.facts.reading import analyse, analyse_in_context, quoted_runs
from monitor.facts.severity import whole_sentence_severity
from monitor.facts.signatures import Signature, surface_normal
from monitor.facts.vocabulary import FactKind
from monitor.facts.whole_sentences import sentence_kind
from monitor.models import Change

# Kinds whose facts a signature cannot see (the words of a quotation, a restrictive
# clause "who led the raid"): the judge never calls such a change empty.
UNSEEN_KINDS = frozenset({"quote", "condition"})
# ... and those whose wording alone can carry the fact ("league data" -> "the club").
WORDED_KINDS = UNSEEN_KINDS | {"attribution"}


def one_sided(change: Change, versions: Versions) -> Change:
    """A "changed" fact whose one side the other still says is that other side's fact
    added (or this side's removed): "Tasmania" -> "Tas, one new case" adds "one new case",
    it replaces nothing.  A source or a quotation named anew replaces its old self ("a
    fire officer" -> "fire officer Marla Deane" is who says it, changed)."""
    if change.action != "changed" or not (change.old and change.new) or (
            change.kind in WORDED_KINDS):
        return change
    old = _value_read(change.kind, change.old, change.old_sentence, versions)
    new = _value_read(change.kind, change.new, change.new_sentence, versions)
    if not _same_claim(old, new):
        return change  # "will step down" -> "will not step down": the claim itself changed
    new_words = words_told(change.new_sentence or change.new)
    old_words = words_told(change.old_sentence or change.old)
    if covered_by(old, new) and words_covered(change.old, new_words) and not covered_by(
            new, old) and _lacks_kind(change.kind, versions.signature(change.old_sentence or "")):
        return replace(change, action="added", old=None)
    if covered_by(new, old) and words_covered(change.new, old_words) and not covered_by(
            old, new) and _lacks_kind(change.kind, versions.signature(change.new_sentence or "")):
        return replace(change, action="removed", new=None)
    return change


def _value_read(kind: str, value: str, sentence: str | None, versions: Versions) -> Signature:
    """A value's signature; a date's month alone read as the date the diff found it to be
    ("March" and "May" alone are words: "mid-March" -> "mid-April" shows "March" ->
    "April", one date replaced, not "April" added)."""
    read = versions.signature(value, sentence)
    if kind == "date" and not read.dates and value.strip().lower() in MONTHS:
        return versions.signature(f"in {value.strip()}", sentence)
    return read


# What a value must state for a change of its kind to be a value replaced, one side for
# the other.  Attribution and quotation are read from their wording, not a signature.
# A status or a restriction can be replaced by a clause that states neither ("only to
# homes served by the plant" -> "to all homes"; "did not respond" -> "said it was
# cooperating"): those kinds are left as the diff paired them.  Amounts and dates are
# one slot: a fragment cut from its sentence can read "March 3" as a number; a count
# can stand for what it counts ("several villages" -> "the town of Istiaia": the place).
_CARRIES: dict[str, Callable[[Signature], object]] = {
    "number": lambda sig: sig.amounts or sig.dates,
    "date": lambda sig: sig.amounts or sig.dates,
    "entity": lambda sig: sig.names or sig.nouns or sig.amounts,
}
_KIND_OF: dict[str, Callable[[Signature], object]] = {
    "number": lambda sig: sig.amounts,
    "date": lambda sig: sig.dates,
    "status": lambda sig: sig.states or sig.negations or sig.modality,
    "condition": lambda sig: sig.conditions,
    "entity": lambda sig: sig.names or sig.nouns,
}


def like_for_like(change: Change, versions: Versions) -> list[Change]:
    """A "changed" fact is one value replaced by another of its kind.  When one side
    states nothing of that kind ("Today is set to be" -> "Britons ignore lockdown rules"
    as a date), the alignment paired two unrelated parts of a rewritten sentence: what
    happened is the old part's facts removed and the new part's added, each reported
    only if the other version does not still say it, and by the kind of what it says."""
    carries = _CARRIES.get(change.kind)
    if change.action != "changed" or carries is None or not (change.old and change.new):
        return [change]
    old = _value_read(change.kind, change.old, change.old_sentence, versions)
    new = _value_read(change.kind, change.new, change.new_sentence, versions)
    if carries(old) and carries(new):
        return [change]
    # the side stating none of it; where the other states one, an amount or a date
    # stands against a part that names a place, a person or a thing ("plus northern
    # Pennsylvania" -> "Monday morning"): two facts, however short the parts
    lacking, lacking_sig = (change.new, new) if carries(old) else (change.old, old)
    named_for_amount = change.kind in ("number", "date") and (
        carries(old) or carries(new)) and bool(lacking_sig.names or lacking_sig.nouns)
    if _same_slot(change.kind, change.old, change.new, lacking) and not named_for_amount:
        return [change]
    parts = []
    if not old.is_empty() and not still_said(old, change.old, versions.new, versions.new_words
                                               ) and not unit_only(change.old):
        parts.append(_one_part(change, old, "removed"))
    if not new.is_empty() and not still_said(new, change.new, versions.old, versions.old_words
                                               ) and not unit_only(change.new):
        parts.append(_one_part(change, new, "added"))
    return parts


def _one_part(change: Change, sig: Signature, action: str) -> Change:
    """One side of a split change (``sig``: what it says), by the kind of what it says."""
    kind = _kind_of(sig)
    old, new = (change.old, None) if action == "removed" else (None, change.new)
    return replace(change, kind=kind, action=action, old=old, new=new,
                   severity=whole_sentence_severity(kind))


MIN_FRAGMENT_WORDS = 3  # a shorter part is a value in its own right ("twice", "the EV")
# Words that tell how many or how often without a figure: a short part holding one stands
# for an amount ("twice" -> "three times", "repeatedly" -> "several times").
_AMOUNT_WORDS = VAGUE_AMOUNTS | {"once", "twice", "thrice", "repeatedly", "many", "multiple",
                                 "countless", "again", "often", "rarely", "some", "most",
                                 "all", "no", "none"}


# Words that tell when without a date: a short part holding one stands for a date
# ("Friday" -> "late", "next week" -> "soon"; not "run Friday" -> "returns": a day dropped)
_TIME_WORDS = frozenset({
    "soon", "later", "late", "early", "earlier", "recently", "now", "then", "previously",
    "shortly", "eventually", "overnight", "tonight", "today", "tomorrow", "yesterday",
    "morning", "afternoon", "evening", "night", "week", "weekend", "month", "year",
    "season", "time", "day", "days", "hour", "hours", "future", "past", "next", "last",
    "upcoming", "ahead", "ago", "mid", "once", "again", "immediately", "annually", "daily",
    "weekly", "monthly", "yearly", "currently", "lately", "meanwhile", "indefinitely",
    "further", "permanently", "temporarily"})  # "until further notice", "indefinitely"


def _may_stand_for(kind: str, short: set[str]) -> bool:
    """A short part may stand for a value of ``kind``: a name or any other value as it is,
    an amount or a date only by a word telling how many or when."""
    if kind == "number":
        return bool(short & _AMOUNT_WORDS)
    if kind == "date":
        return bool(short & _TIME_WORDS) or any(w.startswith("mid") for w in short)
    return True


# Words that open a part counting none of something: it is an amount, zero, however long.
_NONE_WORDS = frozenset({"no", "none", "nobody", "zero"})


def _same_slot(kind: str, old: str, new: str, lacking: str) -> bool:
    """The two parts are about one thing: the part stating no value of the kind
    (``lacking``) is short and so stands for one (a name, "the EV"; a date,
    "mid-February"; for an amount, a word telling how many: "twice" -> "three times",
    not "on day two" -> "report & highlights"; but "begins Friday" -> "will make its
    way" is a day dropped), and parts sharing a content word name the same thing
    ("a predetermined period" -> "a period ranging from four hours to two weeks")."""
    old_words, new_words = plain_words(surface_normal(old)), plain_words(surface_normal(new))
    short = plain_words(surface_normal(lacking))
    stands = _may_stand_for(kind, set(short))
    if len(short) < MIN_FRAGMENT_WORDS and stands:
        return True
    if kind == "number" and short and short[0] in _NONE_WORDS:
        return True  # "No injuries were reported" -> "Two workers were injured": none, a count
    if kind == "date" and not stands:
        return False  # "on touchline arguments" -> "on Wednesday ... touchline code": a day
        # brought beside words the two parts share is no date changed
    return any(has_word(frozenset(new_words), w) for w in old_words if not function_word(w))


def _kind_of(sig: Signature) -> FactKind:
    """The kind of what a part says, the hardest fact first."""
    for kind, says in _KIND_OF.items():
        if says(sig):
            return cast(FactKind, kind)
    return "quote" if sig.quoted else "attribution" if sig.sources else "entity"


# Where a headline's clauses meet: punctuation, and the words that join a second clause
# ("WA restrictions ease, ship cases spike"; "Police arrest man as search continues").
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:|]|\s[-–—]\s|\b(?:as|after|while|amid|but|and then)\b)\s*")
MIN_CLAUSE_WORDS = 2


def new_clauses(change: Change, versions: Versions) -> list[Change]:
    """A headline added or removed whole, shown by its clauses the other version does
    not tell ("WA restrictions ease, ship cases spike" adds "ship cases spike" when the
    story already said restrictions ease); each clause keeps the change's kind unless
    it states a fact of its own kind.  A headline whose every clause is new, or none, is
    shown whole."""
    value = change.new if change.action == "added" else change.old
    title = versions.new_title if change.action == "added" else versions.old_title
    if change.action == "changed" or not value or value.strip() != title.strip():
        return [change]
    clauses = [c for c in _CLAUSE_BREAK.split(value) if len(plain_words(c)) >= MIN_CLAUSE_WORDS]
    if len(clauses) < 2:
        return [change]
    whole, words = (versions.old, versions.old_words) if change.action == "added" else (
        versions.new, versions.new_words)
    fresh = [c for c in clauses
             if not still_said(versions.signature(c, title), c, whole, words)]
    if not fresh or len(fresh) == len(clauses):
        return [change]
    return [_clause_change(change, clause, versions.signature(clause, title))
            for clause in fresh]


def _clause_change(change: Change, clause: str, sig: Signature) -> Change:
    kind = _kind_of(sig) if not sig.is_empty() else cast(FactKind, change.kind)
    if change.action == "added":
        return replace(change, kind=kind, new=clause)
    return replace(change, kind=kind, old=clause)


def _lacks_kind(kind: str, sentence: Signature) -> bool:
    """The sentence states no amount (no date) at all, for a number (date) change: its
    counterpart's is new, not a value changed ("tomorrow morning" -> "this morning" is a
    date changed; "The 32 most bizarre lines" -> "Most bizarre lines" drops a count)."""
    return not {"number": sentence.amounts, "date": sentence.dates}.get(kind)


def _same_claim(a: Signature, b: Signature) -> bool:
    """The same negations, modality, states and restrictions: what differs, if anything,
    is an amount, a date, a name or a noun one side adds."""
    a, b = hardened(a), hardened(b)
    return (a.negations == b.negations and a.modality == b.modality and a.states == b.states
            and a.conditions == b.conditions and a.scope == b.scope)


# A list's separators: commas, "and", "&" ("Solano, Yolo and Lake")
_LIST_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def members_swapped(change: Change) -> list[Change]:
    """A list of names edited ("Sonoma and Solano" -> "Solano, Yolo and Lake"): the
    members it lost removed and those it gained added, not the two lists as one name
    changed, or the one member swapped for another ("Plovdiv and Burgas" -> "Plovdiv and
    Varna": "Burgas" -> "Varna"); a change whose sides share no member, or are not lists
    of names, as it is."""
    if change.kind != "entity" or change.action != "changed" or not (change.old and change.new):
        return [change]
    old, new = _members(change.old), _members(change.new)
    if old is None or new is None or len(old) + len(new) < 3:
        return [change]
    old_keys, new_keys = {m.lower() for m in old}, {m.lower() for m in new}
    if not old_keys & new_keys:
        return [change]
    gone = [m for m in old if m.lower() not in new_keys]
    came = [m for m in new if m.lower() not in old_keys]
    if len(gone) == len(came) == 1:  # one member for another: "Burgas" -> "Varna"
        return [replace(change, old=gone[0], new=came[0])]
    parts = []
    if gone:
        parts.append(replace(change, action="removed", old=_listed(change.old, gone), new=None))
    if came:
        parts.append(replace(change, action="added", old=None, new=_listed(change.new, came)))
    return parts


# What befell the people a count counts (status.txt's groups): a count of the wounded and
# one of the dead are two facts, not one amount changed
_COUNTED_OUTCOMES = frozenset({"dead", "injured", "missing", "arrest", "hospitalised"})


def counts_apart(change: Change) -> list[Change]:
    """A count of people in one state replaced by a count of people in another ("at least
    four people wounded" -> "at least eight dead"): the one removed and the other added,
    each its own fact, not one amount changed."""
    if change.kind != "number" or change.action != "changed" or not (change.old and change.new):
        return [change]
    old, new = _outcomes(change.old), _outcomes(change.new)
    if not old or not new or old & new:
        return [change]
    return [replace(change, action="removed", new=None),
            replace(change, action="added", old=None)]


def _outcomes(value: str) -> set[str]:
    return {state for atom in analyse(value)
            if (state := status_value(atom)) in _COUNTED_OUTCOMES}


def _members(value: str) -> list[str] | None:
    """The names a value lists, each without the words before its capital ("in
    Ethiopia and Somalia", "the returning Jamie Laing"); None unless every member is one."""
    members = []
    for part in _LIST_SEPARATOR.split(value.strip()):
        words = part.split()
        lead = next((k for k, w in enumerate(words) if w[:1].isupper()), len(words))
        words = words[lead:] if lead <= _LEADING_WORDS else []
        if not words or not all(w[:1].isupper() for w in words):
            return None
        members.append(" ".join(words))
    return members


_LEADING_WORDS = 2  # "in", "the returning": more is a clause, not a name's article


def _listed(value: str, members: list[str]) -> str:
    """``members`` as ``value`` writes them: its own words from the first to the last
    when nothing else stands between them, else joined by commas."""
    start, end = value.find(members[0]), value.rfind(members[-1])
    between = value[start:end + len(members[-1])] if 0 <= start <= end else ""
    others = _members(between) if between else None
    return between if others == members else ", ".join(members)


def quotation_alone(change: Change, versions: Versions) -> list[Change]:
    """A quote change whose quotation stands on one side only ("Meet the artist who
    paints with her eyes" -> "'Technology has made my life worth living': Artist paints
    with her eyes"): that quotation added or removed, shown whole with its marks, not the
    two sentences as one quote changed; one quotation each side, each shown alone."""
    if change.kind != "quote" or change.action != "changed" or not (change.old and change.new):
        return [change]
    old, new = _quotations(change.old, versions), _quotations(change.new, versions)
    if len(old) > 1 or len(new) > 1 or not (old or new):
        return [change]
    if not old:
        return [replace(change, action="added", old=None, new=new[0])]
    if not new:
        return [replace(change, action="removed", old=old[0], new=None)]
    return [replace(change, old=old[0], new=new[0])]


def _quotations(value: str, versions: Versions) -> list[str]:
    """The quotations of ``value``, each from its opening mark to its closing one."""
    atoms = analyse_in_context(value, versions.ctx)
    found: list[str] = []
    for i, j in quoted_runs(atoms):
        start = atoms[i - 1].start if i > 0 and atoms[i - 1].cat == "quote" else atoms[i].start
        end = atoms[j].end if j < len(atoms) and atoms[j].cat == "quote" else atoms[j - 1].end
        found.append(value[start:end])
    return found


# The restrictions whose word opens a clause that conditions the sentence ("if",
# "unless", "provided", "on condition that"; not "only" or "until", which restrict a
# span or a date the diff reads as such)
_CONDITIONING = frozenset({"if", "unless"})
CONDITION_CLAUSE_WORDS = 3  # words a condition and what it conditions hold, at least
# The end of a clause: a stop (not a decimal point), a comma, a colon, a bracket, a
# quotation mark, a dash set off by spaces
_CLAUSE_END = re.compile(r"[,;:!?()\"“”]|\.(?!\d)|\s[-–—]\s")


def clause_from(text: str, at: int) -> str:
    """``text`` from ``at`` to the end of its clause (a condition word's clause: "if a
    final deal is not reached in 60 days")."""
    end = _CLAUSE_END.search(text, at)
    return text[at:end.start() if end else len(text)]


def condition_apart(change: Change, versions: Versions) -> list[Change]:
    """A headline added or removed that holds a condition's clause, reported as the two
    facts it tells: what it says and the condition it puts on it ("Trump threatens to
    charge tolls in the Strait of Hormuz if a final deal is not reached in 60 days").  A
    condition is the product's own kind: inside a headline added whole, an editor would
    read past it.  The word is read as the reading reads it ("will show if the opposition
    can win" asks whether; "has provided a roadmap" provides)."""
    if change.action == "changed" or change.kind == "condition":
        return [change]
    side = "new" if change.action == "added" else "old"
    value = change.new if side == "new" else change.old
    sentence = change.new_sentence if side == "new" else change.old_sentence
    if sentence not in (versions.old_title, versions.new_title):
        return [change]  # (a body's sentence added whole is one fact with its condition:
        # "Roads will stay closed unless the water recedes"; the labels split headlines)
    if not value or not any(word in value.lower() for word in (
            "if", "unless", "provid", "condition", "depend", "contingent", "permitting")):
        return [change]  # (the common case: no reading)
    at = next((atom.start for atom in analyse_in_context(value, versions.ctx)
               if condition_value(atom) in _CONDITIONING), None)
    if at is None:
        return [change]
    head = value[:at].rstrip(" ,")
    clause = clause_from(value, at).strip()
    if len(head.split()) < CONDITION_CLAUSE_WORDS or len(
            clause.split()) < CONDITION_CLAUSE_WORDS:
        return [change]
    kind = change.kind
    if kind in ("number", "date"):  # (the amount or the date may be the condition's)
        kind = sentence_kind(analyse_in_context(head, versions.ctx)) or kind
    severity = change.severity if kind == change.kind else whole_sentence_severity(
        cast(FactKind, kind))
    return [replace(change, kind=kind, severity=severity, **{side: head}),
            replace(change, kind="condition", severity="high", **{side: clause})]


# A headline opened by a quotation, a colon or a dash after it ("'Lost his mind': Kiwis
# star sent off", "'On a knife edge' - Auckland moves to level 3"), a label before it
_HEADLINE_QUOTATION = re.compile(
    r"^(?:[\w ]{1,20}:\s*)?(?P<quote>['‘\"“].{2,80}?['’\"”])\s*(?::|\s[-–—])\s*(?P<rest>.+)$")
HEADLINE_REST_WORDS = 4  # words a headline's rest holds to be told beside its quotation


def headline_quotations_paired(changes: list[Change], versions: Versions) -> list[Change]:
    """A headline whose opening quotation was replaced by another ("'Lost his mind': Kiwis
    star sent off" -> "'Lets just leave it': Bizarre twist in bite furore") reported as
    that quotation changed, not as one headline removed and another added: the rest of
    each headline kept as its own fact where the two reported it and it says something
    (four words or more)."""
    old = _HEADLINE_QUOTATION.match(versions.old_title or "")
    new = _HEADLINE_QUOTATION.match(versions.new_title or "")
    if old is None or new is None:
        return changes
    removed = [c for c in changes
               if c.action == "removed" and c.old_sentence == versions.old_title]
    added = [c for c in changes if c.action == "added" and c.new_sentence == versions.new_title]
    if len(removed) != 1 or len(added) != 1 or old.group("quote") not in (
            removed[0].old or "") or new.group("quote") not in (added[0].new or ""):
        return changes
    swapped = Change("quote", "changed", old.group("quote"), new.group("quote"),
                     versions.old_title, versions.new_title, "medium")
    rest = [_without_quotation(removed[0], old.group("quote"), versions),
            _without_quotation(added[0], new.group("quote"), versions)]
    out: list[Change] = []
    for change in changes:
        if change is removed[0]:
            out.append(swapped)
            out.extend(r for r in rest[:1] if r is not None)
        elif change is added[0]:
            out.extend(r for r in rest[1:] if r is not None)
        else:
            out.append(change)
    return out


def _without_quotation(change: Change, quote: str, versions: Versions) -> Change | None:
    """The change with its value's quotation (and the mark after it) taken out, or None
    when what is left is too short to say anything."""
    side = "new" if change.action == "added" else "old"
    value = (change.new if side == "new" else change.old) or ""
    rest = re.sub(r"^\s*(?::|[-–—])\s*", "", value.replace(quote, "", 1)).strip()
    if len(rest.split()) < HEADLINE_REST_WORDS:
        return None
    kind = sentence_kind(analyse_in_context(rest, versions.ctx)) or change.kind
    return replace(change, kind=kind, **{side: rest})


_WHOLE_QUOTATION = re.compile(r"^['‘\"“].*['’\"”]$", re.DOTALL)


def quotation_kind(change: Change) -> Change:
    """A value added or removed that is one quotation and nothing else ("'I don't know what
    it takes at this point'") is a quote, whatever state words or names it holds (an
    amount or a date in it stays the fact it is)."""
    value = change.new if change.action == "added" else change.old
    if change.action == "changed" or change.kind in ("quote", "number", "date") or (
            not value or not _WHOLE_QUOTATION.match(value.strip())
            or len(_QUOTE_MARKS.findall(value)) != 2):
        return change
    return replace(change, kind="quote")


_QUOTE_MARKS = re.compile(r"(?:^|(?<=\s))['‘\"“]|['’\"”](?=\s|$)")
