"""Wording edits promoted to facts: a plan told as done, a person's state
word, one known name, role or closed-class noun for another, a new name, amount or date.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from monitor.facts.compare import function_word, named_in, plain_words, swapped_words
from monitor.facts.context import Context
from monitor.facts.judge.coverage import tells_an_amount, words_covered, words_told
from monitor.facts.judge.specified import specified
from monitor.facts.judge.spelling import (
    distinct_known_names,
    opposite_by_meaning,
    opposite_by_prefix,
    reversed_by_prefix,
)
from monitor.facts.judge.versions import Versions
from monitor.facts.judge_data import (
    compelling_verbs,
    negating_prefixes,
    noun_classes,
    role_heads,
    role_marker_states,
    role_markers,
    role_synonyms,
    stative_verbs,
)
from monitor.facts.lexicon import (
    CONDITION_MEANING,
    DAY_PARTS,
    IRREGULAR_VERBS,
    ROLE_NOUNS,
    SOURCES,
    STATUS,
)
from monitor.facts.shown import word_before
from monitor.facts.signatures import Signature, signature, surface_normal
from monitor.facts.sources import role_still_told
from monitor.facts.stems import stem
from monitor.models import Change, CosmeticEdit, DiffResult


def one_word_reversed(old: str | None, new: str | None) -> bool:
    """One word swapped for itself negated by a prefix ("aren't unvaccinated" -> "aren't
    vaccinated") or for its opposite by prefix ("underestimate" -> "overestimate",
    "imports" -> "exports"), and nothing else."""
    gone, came = swapped_words(old, new)
    return len(gone) == len(came) == 1 and (
        reversed_by_prefix(gone[0], came[0], negating_prefixes() | {"re"})
        or opposite_by_prefix(gone[0], came[0]) or opposite_by_meaning(gone[0], came[0]))


def _noun_swap(edit: CosmeticEdit, ctx: Context) -> bool:
    """One member of a closed noun class for another ("cousin" -> "uncle", "hydrogen" ->
    "helium"): never the same thing, whatever else the pair changed."""
    if not edit.old or not edit.new:
        return False
    old, new = signature(edit.old, ctx).nouns, signature(edit.new, ctx).nouns
    return any({m for c, m in old if c == shared} != {m for c, m in new if c == shared}
               for shared in {c for c, _ in old} & {c for c, _ in new}) or _person_recast(
        edit.old, edit.new, old, new)


# Classes of nouns that tell who a person is: one swapped for a noun of another of them
# is a different identity for the same role ("Driver who drove into a tea party" ->
# "Woman who drove ...", the labelling rules' own example).
_PERSON_CLASSES = frozenset({"kinship", "sex-age", "road-user", "office", "rank"})


def _person_recast(old: str, new: str, old_nouns: frozenset[tuple[str, str]],
                   new_nouns: frozenset[tuple[str, str]]) -> bool:
    """One word for one word, each a person noun of a different class ("Driver" ->
    "Woman")."""
    if len(old.split()) != 1 or len(new.split()) != 1:
        return False
    old_classes = {c for c, _ in old_nouns} & _PERSON_CLASSES
    new_classes = {c for c, _ in new_nouns} & _PERSON_CLASSES
    return bool(old_classes) and bool(new_classes) and not old_classes & new_classes


def _name_swap(edit: CosmeticEdit) -> bool:
    old, new = (edit.old or "").split(), (edit.new or "").split()
    changed = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    return len(old) == len(new) and len(changed) == 1 and distinct_known_names(*changed[0])


def promote_edits(result: DiffResult, promote: Callable[[CosmeticEdit], Change | None],
             reason: str = "wording") -> list[Change]:
    """The changes ``promote`` sees in the edits the diff took for wording (or for another
    ``reason``), those edits taken out of the cosmetic ones."""
    promoted: list[Change] = []
    for edit in list(result.cosmetic):
        change = promote(edit) if edit.reason == reason else None
        if change is not None:
            result.cosmetic.remove(edit)
            promoted.append(change)
    return promoted


# A plan in a headline's words: "Council to hold vote", "EU is set to impose tariffs"
# (an expectation is a plan told by others: "projected to win" -> "wins", "expected to
# plead guilty" -> "pleads guilty")
_PLAN_MARKER = (r"(?:(?:is|are)\s+)?(?:(?:set|expected|projected|poised|slated|scheduled)\s+)?"
                r"to\s+")
_PLANNED = re.compile(_PLAN_MARKER + r"([a-z]+)", re.IGNORECASE)


def plan_told_done(edit: CosmeticEdit) -> Change | None:
    """A plan told as done, or done told as a plan ("Council to hold vote" -> "Council
    holds vote", "Man to be charged" -> "Man charged"): planned -> happening is a state
    of the event, not its tense (the diff reads "to" and "to be" as function words; "will
    hold" -> "holds" it reports itself)."""
    sides = (edit.old, edit.new) if plan_and_deed(edit.old, edit.new) else (
        _passive_plan_sides(edit) or _passive_future_done(edit))
    if sides is None:
        return None
    return Change("status", "changed", sides[0], sides[1], edit.old_sentence,
                  edit.new_sentence, "high")


def headline_plan_done(old_title: str, new_title: str) -> Change | None:
    """A headline's plan told done in its rewrite, the same verb planned in the old
    headline and done in the new one ("Epidemic Response Committee to discuss poverty and
    family violence" -> "Poverty, family violence discussed at Epidemic Response Committee
    meeting"): the event happened, however the headline was rewritten around it (an
    edited headline's plan is read by plan_told_done)."""
    new_words = re.findall(r"[A-Za-z]+", new_title)
    if _PASSIVE_PLAN.search(new_title):
        return None  # "Ocean verse to be added": a plan still (any "to be" in it)
    planned_again = {match.group(1).lower() for match in _PLANNED.finditer(new_title)}
    for match in _PLANNED.finditer(old_title):
        verb = match.group(1).lower()
        if verb in stative_verbs() or verb in planned_again or verb in _NOT_DEEDS or (
                _compelled(old_title[:match.start()])):
            continue
        subject = (re.findall(r"[A-Za-z]+", old_title[:match.start()]) or [""])[-1]
        done = next((word for k, word in enumerate(new_words) if (
            _done_form(word.lower(), verb) or (
                k > 0 and new_words[k - 1] == subject and _present_form(word.lower(), verb)))
            and not _negated(new_words[max(0, k - 3):k])), None)
        if done is not None:
            return Change("status", "changed", match.group(0), done, old_title, new_title,
                          "high")
    return None


# Verbs after "to" that plan nothing a later headline tells done ("to be", "to have")
_NOT_DEEDS = frozenset({"be", "have", "do", "get", "make", "go"})


def _negated(before: list[str]) -> bool:
    """A negation among the words before a verb ("will 'NOT be told"): no deed told."""
    return any(word.lower() in ("not", "never", "no") for word in before)


def _compelled(before: str) -> bool:
    """A verb of compelling, asking or deciding stands within the three words before a
    "to V" ("forces organisers to", "votes to"): the "to V" is its object's, no plan."""
    return any(word.lower() in compelling_verbs() for word in before.split()[-3:])


def _done_form(word: str, verb: str) -> bool:
    """``word`` tells ``verb`` done: its past or participle ("discussed", "held"), not the
    verb itself, its -ing form or its plural noun ("to strike" -> "strikes")."""
    if word == verb:
        return False
    return (word.endswith("ed") and stem(word) == stem(verb)) or IRREGULAR_VERBS.get(word) == verb


def _present_form(word: str, verb: str) -> bool:
    """``word`` is ``verb`` in the present of a headline ("to rally" -> "rallies", "to
    step" -> "steps").  Read only right after the plan's own subject ("Rob Sand to rally"
    -> "Rob Sand rallies"): elsewhere the same form is as often a plural noun ("Union to
    strike" -> "... as strikes spread")."""
    return word in (f"{verb}s", f"{verb}es") or (
        verb.endswith("y") and word == f"{verb[:-1]}ies")


def _passive_plan_sides(edit: CosmeticEdit) -> tuple[str | None, str | None] | None:
    """A passive plan's marker dropped or put before its participle ("to be" of "Man to be
    charged" -> "Man charged"), as the change's two sides, else None."""
    if edit.old and not edit.new:
        deed = _passive_plan_deed(edit.old, edit.old_sentence, edit.new_sentence)
        return (f"{edit.old} {deed}", deed) if deed else None
    if edit.new and not edit.old:
        deed = _passive_plan_deed(edit.new, edit.new_sentence, edit.old_sentence)
        return (deed, f"{edit.new} {deed}") if deed else None
    return None


# A passive future and the passive done ("The rules [will be] published" -> "[have been]")
_PASSIVE_FUTURE = re.compile(r"will\s+be", re.IGNORECASE)
_PASSIVE_DONE = re.compile(r"(?:has|have|had)\s+been|was|were", re.IGNORECASE)


def _passive_future_done(edit: CosmeticEdit) -> tuple[str, str] | None:
    """A passive future told done, or the other way ("will be published" -> "have been
    published"), as the change's two sides with their participle, else None: the diff
    reads the auxiliaries as function words (the active "will publish" -> "has published"
    it reports itself)."""
    old, new = (edit.old or "").strip(), (edit.new or "").strip()
    if not ((_PASSIVE_FUTURE.fullmatch(old) and _PASSIVE_DONE.fullmatch(new)) or (
            _PASSIVE_DONE.fullmatch(old) and _PASSIVE_FUTURE.fullmatch(new))):
        return None
    deed = _participle_after(old, edit.old_sentence)
    if deed is None or deed != _participle_after(new, edit.new_sentence):
        return None
    return f"{old} {deed}", f"{new} {deed}"


def _participle_after(auxiliary: str, sentence: str | None) -> str | None:
    after = re.search(rf"\b{re.escape(auxiliary)}\s+(\w+)\b", sentence or "")
    word = after.group(1).lower() if after else ""
    return word if word.endswith("ed") or word in IRREGULAR_VERBS else None


_PASSIVE_PLAN = re.compile(_PLAN_MARKER + "be", re.IGNORECASE)  # "Man [to be] charged"


def _passive_plan_deed(plan: str | None, sentence: str | None,
                       other: str | None) -> str | None:
    """The participle after a passive plan ("to be" of "Man to be charged") when the other
    sentence tells it without the plan ("Man charged"), else None."""
    if not plan or not sentence or not other or not _PASSIVE_PLAN.fullmatch(plan.strip()):
        return None
    after = re.search(rf"{re.escape(plan.strip())}\s+(\w+ed)\b", sentence)
    if after is None or re.search(rf"\b{re.escape(after.group(1))}\b", other) is None:
        return None
    if _RANKED.search(sentence[max(0, after.start() - _RANK_REACH):after.start()]):
        return None  # "the third foreign vessel to be seized": which one, no plan
    return after.group(1)


# An ordinal or "only" just before "to be": the infinitive says which one ("the first
# woman to be elected", "the third vessel to be seized"), not what is planned
_RANKED = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                     r"last|only|latest|\d+(?:st|nd|rd|th))\b", re.IGNORECASE)
_RANK_REACH = 40  # characters before "to be" searched: "the third foreign vessel "


def plan_and_deed(old: str | None, new: str | None) -> bool:
    """One value a plan ("to hold", "is set to impose"), the other the same verb as done
    or happening ("holds", "imposed")."""
    for plan, done in ((old, new), (new, old)):
        match = _PLANNED.fullmatch((plan or "").strip())
        word = (done or "").strip().lower()
        verb = match.group(1).lower() if match else ""
        if verb in stative_verbs():
            continue  # "will look different" -> "looks different": a state, no event
        marked = match is not None and match.group(0).lower() != f"to {verb}"
        if match and word.isalpha() and (marked or not word.endswith("ing")) and (
                word != verb) and (stem(word) == stem(verb) or IRREGULAR_VERBS.get(word) == verb):
            return True  # (not "to mark" -> "marking": a purpose told another way, unless
            # a plan's marker says it was one: "set to travel" -> "traveling"; "to hold" ->
            # "held" as "to close" -> "closed")
    return False


def sure_fact(edit: CosmeticEdit, ctx: Context) -> Change | None:
    """A fact change whatever else the pair says: a person's state word added or dropped,
    one known name or closed-class noun for another, what a restriction restricts to."""
    word_fact = _word_fact(edit) or _restriction_reworded(edit)
    if word_fact is not None:
        return word_fact
    if _multiple_swap(edit, ctx):
        return Change("number", "changed", _with_noun(edit.old, edit.old_sentence),
                      _with_noun(edit.new, edit.new_sentence), edit.old_sentence,
                      edit.new_sentence, "high")
    if (_name_swap(edit) or _noun_swap(edit, ctx) or _role_swap(edit)) and not (
            _same_surface(edit)):
        return Change("entity", "changed", edit.old, edit.new, edit.old_sentence,
                      edit.new_sentence, "medium")
    if _day_part_swap(edit):
        return Change("date", "changed", _with_day(edit.old, edit.old_sentence),
                      _with_day(edit.new, edit.new_sentence), edit.old_sentence,
                      edit.new_sentence, "high")
    return None


def _same_surface(edit: CosmeticEdit) -> bool:
    """The edit's two sentences read the same once surface forms are one (surface_forms.txt:
    "(R-La.)" = "(R-Louisiana)"): the names it swapped are one name written two ways."""
    return bool(edit.old_sentence and edit.new_sentence) and surface_normal(
        edit.old_sentence or "") == surface_normal(edit.new_sentence or "")


def _day_part_swap(edit: CosmeticEdit) -> bool:
    """"Saturday evening" -> "Saturday afternoon": one part of the day for another after
    the same day (the diff reads the day as the date and the part as a word)."""
    old, new = (edit.old or "").lower(), (edit.new or "").lower()
    return old in DAY_PARTS and new in DAY_PARTS and DAY_PARTS[old] != DAY_PARTS[new]


def _with_day(value: str | None, sentence: str | None) -> str | None:
    """The part of the day with the word before it ("Saturday evening")."""
    found = re.search(rf"(\w+)\s+{re.escape(value or '')}\b", sentence or "")
    return f"{found.group(1)} {value}" if value and found else value


def _with_noun(value: str | None, sentence: str | None) -> str | None:
    """The multiple with the noun it counts ("triple" -> "triple homicide")."""
    after = _word_after(value or "", sentence)
    return f"{value} {after}" if value and after and (
        f"{value} {after}".lower() in (sentence or "").lower()) else value


def _multiple_swap(edit: CosmeticEdit, ctx: Context) -> bool:
    """"triple homicide" -> "quadruple homicide": how many, told by a multiple (the noun
    class "multiple"), is an amount changed."""
    if not edit.old or not edit.new:
        return False
    old, new = signature(edit.old, ctx).nouns, signature(edit.new, ctx).nouns
    multiples = [{m for c, m in side if c == "multiple"} for side in (old, new)]
    return all(multiples) and multiples[0] != multiples[1]


def _role_swap(edit: CosmeticEdit) -> bool:
    """One word for another before the same role's noun (role_heads.txt): "a police chief"
    -> "a fire chief" is another person, "the health ministry" -> "the finance ministry"
    another body."""
    old, new = (edit.old or "").strip(), (edit.new or "").strip()
    a, b = old.lower(), new.lower()
    if not (old.isalpha() and new.isalpha()) or a.startswith(b) or b.startswith(a) or (
            function_word(a) or function_word(b)):
        return False  # ("Meteorological" -> "Met" Office: one word shortened)
    head = _word_after(old, edit.old_sentence)
    return head is not None and head in role_heads() and head == _word_after(
        new, edit.new_sentence)


def _word_after(word: str, sentence: str | None) -> str | None:
    """The word right after ``word`` (a whole word) in ``sentence``, lower case."""
    found = re.search(rf"(?<!\w){re.escape(word)}\s+([^\W\d_]+)", sentence or "")
    return found.group(1).lower() if found else None


def new_fact(edit: CosmeticEdit, versions: Versions) -> Change | None:
    """A new fact in a wording edit of a pair with other changes: a person's state word, a
    name or a member of a closed noun class that the other version never mentions
    ("hydrogen" -> "helium", "in Leeds" -> "in York"), or a different amount or date."""
    word_fact = _word_fact(edit) or _restriction_reworded(edit)
    if word_fact is not None:
        return word_fact
    if not edit.old or not edit.new or specified(edit.old, edit.new):
        return None
    kind = _new_fact_kind(versions.signature(edit.old), versions.signature(edit.new),
                          versions)
    if kind is None:
        return None
    return Change(kind, "changed", edit.old, edit.new, edit.old_sentence, edit.new_sentence,
                  "high" if kind in ("number", "date") else "medium")


def _told_one_way(old: Counter[str], new: Counter[str], old_version: Counter[str],
                  new_version: Counter[str]) -> bool:
    """Amounts (or dates) that differ between the two sides of an edit, one of them told
    by one version only, whatever its qualifier ("was built in 1994 and had" -> "It", the
    new version telling "from 1994" in the sentence before, is no date changed)."""
    return old != new and bool(_values(old) - _values(new_version)
                               or _values(new) - _values(old_version))


def _values(keys: Counter[str]) -> set[str]:
    """The values of amount or date keys without their qualifiers ("from:1994" -> "1994")."""
    return {key.rpartition(":")[2] for key in keys}


def _unseen_noun(part: Signature, whole: Signature) -> bool:
    """``part`` names a member of a closed noun class that ``whole`` (the other version)
    names no member of: the police, a helicopter, a cousin brought in."""
    classes = {c for c, _ in whole.nouns}
    return any(c not in classes for c, _ in part.nouns)


def _restriction_reworded(edit: CosmeticEdit) -> Change | None:
    """What a restriction restricts to, changed right behind the same condition word
    ("except in emergencies" -> "except when the minister decides otherwise"): the
    condition word is all a signature reads, so the diff took the rest for wording.
    Words the other sentence tells ("in an emergency") are no change."""
    old, new, old_sentence, new_sentence = (edit.old, edit.new, edit.old_sentence,
                                            edit.new_sentence)
    if not (old and new and old_sentence and new_sentence) or tells_an_amount(f"{old} {new}"):
        return None  # ("within 14 days" -> "within two weeks": amounts the judge reads)
    marker = word_before(old, old_sentence)
    if marker is None or marker.lower() not in CONDITION_MEANING or (
            marker != word_before(new, new_sentence)):
        return None  # (a condition word further back in the clause: measured, too loose:
        # "aged" -> "ages", "wet" -> "rainy" became restrictions changed)
    if (words_covered(new, words_told(old_sentence)) and words_covered(
            old, words_told(new_sentence))) or _same_surface(edit):
        return None  # (or one thing written two ways: "petrol stations" = "filling stations")
    return Change("condition", "changed", old, new, old_sentence, new_sentence, "high")


def _word_fact(edit: CosmeticEdit) -> Change | None:
    """A status change one word makes, whatever else the pair says: a person's state word
    added or dropped ("Minister X" -> "Former minister X"), a word negated by its prefix
    ("unvaccinated" -> "vaccinated")."""
    if _role_marked(edit):
        action = "added" if edit.old is None else "removed"
    elif one_word_reversed(edit.old, edit.new):
        action = "changed"
    else:
        return None
    return Change("status", action, edit.old, edit.new, edit.old_sentence, edit.new_sentence,
                  "high")


def _role_marked(edit: CosmeticEdit) -> bool:
    """A word telling a person's state (role_markers.txt) added or dropped on its own
    ("Minister X" -> "Former minister X"; "he is also accused" is a clause, not a title;
    "killed" -> "left dead" says one thing two ways), unless the other sentence still
    tells the state it tells."""
    if edit.old and edit.new:
        return False
    words = plain_words((edit.old or edit.new or "").lower())
    markers = set(words) & role_markers()
    other = edit.new_sentence if edit.old else edit.old_sentence
    return len(words) <= 2 and bool(markers) and not _states_still_told(markers, other) and (
        role_still_told(set(words), other or "")) and _marks_a_person(
            edit.old or edit.new or "", edit.old_sentence if edit.old else edit.new_sentence)


def _marks_a_person(value: str, sentence: str | None) -> bool:
    """One of the two words after the marker names a person: a name, or a noun of a
    person's role or agent ("former [health] minister", "ex-wife", "late founder"), not a
    thing or a regime ("Chile's former dictatorship", "the former factory")."""
    at = (sentence or "").find(value)
    rest = (sentence or "")[at + len(value):] if at >= 0 else ""
    after = re.findall(r"[\w'’-]+", rest)[:2]
    return not after or any(_a_person(word) for word in after)


def _a_person(word: str) -> bool:
    low = word.lower()
    return word[:1].isupper() or low in ROLE_NOUNS or low in role_synonyms() or (
        low in SOURCES) or noun_classes().get(low, ("", ""))[0] in _PERSON_CLASSES or (
        low.endswith(_AGENT_ENDINGS))


# Endings of nouns for people by what they do ("dictator", "leader", "activist",
# "politician", "resident", "employee", "chairman")
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "woman", "men",
                  "ers", "ors", "ists", "ians", "ants", "ents", "ees")


def _states_still_told(markers: set[str], sentence: str | None) -> bool:
    """Every marker tells a state the other sentence still tells ("the late Ayatollah
    Ali Khamenei, killed in war" -> "Ayatollah Ali Khamenei, killed in war")."""
    told = {STATUS[word] for word in plain_words((sentence or "").lower()) if word in STATUS}
    states = [STATUS.get(marker) or role_marker_states().get(marker) for marker in markers]
    return all(state is not None and state in told for state in states)


def _new_fact_kind(old: Signature, new: Signature, versions: Versions) -> str | None:
    if _told_one_way(old.amounts, new.amounts, versions.old.amounts, versions.new.amounts):
        return "number"
    if _told_one_way(old.dates, new.dates, versions.old.dates, versions.new.dates):
        return "date"
    if old.nouns != new.nouns and old.nouns and new.nouns:
        return "entity"
    if _unseen_noun(new, versions.old):
        return "entity"  # "for new demonstrations" -> "are met by police", never named before
        # (a member dropped may be renamed outside the class: "passengers" -> "travellers")
    fresh = [n for n in new.names if not named_in(n, versions.old.names)]
    gone = [n for n in old.names if not named_in(n, versions.new.names)]
    return "entity" if fresh or gone else None
