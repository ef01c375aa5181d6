"""Sentences with no counterpart in the other version: added or removed whole.

Reported only when they carry a hard fact (an amount, a date, a name, a quote, a
restriction or a denial) that the other version does not already say somewhere; the
change's kind is the first kind in WHOLE_SENTENCE_PRIORITY the sentence's new words
show, its value the shortest part that carries it (a run of names, amounts and dates
with their qualifier and noun, else the first clause), its severity at most "medium"
(a number's "high").  Each other amount the sentence adds is a number change of its own,
shown in its clause.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import takewhile
from typing import Literal

from monitor.facts.atoms import (
    STATUS_WORDS,
    Atom,
    is_condition,
    is_function,
    speech_value,
    status_value,
)
from monitor.facts.attribution import attribution_span
from monitor.facts.judge_data import listicle_nouns, noun_classes
from monitor.facts.lexicon import (
    MONTHS,
    NO_STATEMENT_OPENERS,
    NUMBERED_PLACES,
    READER_POINTERS,
    SMALL_NUMBERS,
    TENS,
    TITLES,
    WEEKDAYS,
    is_common_word,
)
from monitor.facts.numbers import qualifier_start
from monitor.facts.severity import whole_sentence_severity
from monitor.facts.spans import amount_phrase, out_of
from monitor.facts.stems import stem
from monitor.facts.vocabulary import FactKind
from monitor.models import Change, CosmeticEdit, DiffResult

# The kind of a whole sentence added or removed: its first fact kind in this order.
WHOLE_SENTENCE_PRIORITY: tuple[FactKind, ...] = (
    "number", "date", "status", "condition", "quote", "attribution", "entity")
COVERED = 0.8  # share of a sentence's words found elsewhere for it to count as moved
# ... for a headline: a rewritten headline rewords its facts, the story told around them
# (measured on the tuning sets: at 0.6, 17 fewer false-alert pairs for 9 matched changes;
# at 0.5, 26 for 32)
HEADLINE_COVERED = 0.6
BLURB_SENTENCES = 2  # a text of this many sentences or fewer is a feed's blurb
_DAY_PARTS = frozenset({"morning", "evening", "afternoon", "night", "overnight"})


def sentence_kind(atoms: list[Atom]) -> FactKind | None:
    """The kind of a sentence (or a part of one) told whole: its first fact kind in
    WHOLE_SENTENCE_PRIORITY's order."""
    present: dict[FactKind, bool] = {
        # a numbered place ("Route 20") counts nothing
        "number": any(x.cat == "num" and not (k and atoms[k - 1].canon in NUMBERED_PLACES)
                      for k, x in enumerate(atoms)),
        "date": any(x.cat == "date" for x in atoms),
        "status": any(status_value(x) for x in atoms),
        "condition": any(is_condition(x) for x in atoms),
        "quote": any(x.in_quote for x in atoms),
        "attribution": attribution_span(atoms) is not None,
        "entity": any(x.name for x in atoms),
    }
    return next((k for k in WHOLE_SENTENCE_PRIORITY if present[k]), None)


def _key_value(sentence: str, atoms: list[Atom], chunks: list[tuple[int, int]],
               kind: FactKind) -> str:
    """The shortest part of a sentence that carries what it adds: the longest of its
    ``chunks`` (_unknown_chunks) that shows the sentence's kind, else its first clause."""
    if not chunks:
        return _first_clause(sentence, atoms)
    best = max(chunks, key=lambda c: _weight(atoms, c[0], c[1], kind))  # first of equals
    i, j = readable_clause(atoms, *best)
    return sentence[atoms[i].start:atoms[j - 1].end]


def _other_amounts(sentence: str, atoms: list[Atom], chunks: list[tuple[int, int]],
                   value: str) -> list[str]:
    """The amounts a sentence adds beside its key ``value``, each shown in its clause: a
    new sentence "Officials announced 1,051 new cases, sending the death toll past 3,000"
    tells two counts, and an editor is told both.  An amount whose clause has no content
    word is part of a list ("10, 25, 32"), not a count of its own."""
    amounts = []
    for i, j in chunks:
        if not any(_a_count(atoms, k) for k in range(i, j)):
            continue
        start, end = readable_clause(atoms, i, j)
        shown = sentence[atoms[start].start:atoms[end - 1].end]
        if shown not in value and value not in shown and shown not in amounts and any(
                content_word(x) for x in atoms[start:end]):
            amounts.append(shown)
    return amounts


def _a_count(atoms: list[Atom], k: int) -> bool:
    """atoms[k] counts or measures something: not "one" nor a rank ("the second", "1st"),
    nor a number that labels the capitalised word before it ("iPadOS 17", "Update 2")."""
    atom = atoms[k]
    return atom.cat == "num" and atom.value != "1" and not atom.value.startswith("ord") and (
        k == 0 or not atoms[k - 1].cap)


def _unknown_chunks(atoms: list[Atom], other_pool: Counter[str]) -> list[tuple[int, int]]:
    """The runs of names, amounts and dates (with an amount's qualifier and the words
    around that say what it counts) that the other version does not name."""
    chunks = []
    k = 0
    while k < len(atoms):
        if not (atoms[k].name or atoms[k].cat in ("num", "date")):
            k += 1
            continue
        i, j = k, k + 1
        while j < len(atoms) and (atoms[j].name or atoms[j].cat in ("num", "date")):
            j += 1
        i = qualifier_start(atoms, i) if atoms[i].cat == "num" else i
        if atoms[j - 1].cat == "num":
            j = out_of(atoms, j)  # "Nearly half [of all Australians]"
        if i > 0 and content_word(atoms[i - 1]):
            i -= 1
        for _ in range(2):  # the noun it qualifies: "8,000 line workers"
            if j < len(atoms) and content_word(atoms[j]) and (
                    not atoms[j].canon.endswith("ing") or atoms[j].canon in _DAY_PARTS):
                j += 1
        if not all(x.canon in other_pool for x in atoms[k:j] if x.name or x.cat != "word"):
            chunks.append((i, j))
        k = j
    return chunks


# Where a clause ends: punctuation between clauses, and the words that open another.
_CLAUSE_PUNCT = frozenset({",", ";", ":", "-", "(", ")", '"'})
_CLAUSE_OPENERS = frozenset({"and", "but", "while", "as", "after", "before", "because",
                             "which", "who", "whose", "where", "when", "although", "though",
                             "since", "until", "amid", "despite", "so"})
CLAUSE_WORDS = 20  # a clause longer than this is shown as the fact's own words only


def clause_around(atoms: list[Atom], i: int, j: int, *, trim: bool = True) -> tuple[int, int]:
    """The clause holding atoms[i:j] ("South Asia is expected to have its worst economic
    performance in 40 years", not "40 years because"), when it is short enough to read;
    ``trim=False`` keeps the function words at its start ("He has not been charged")."""
    start = i
    while start > 0 and not clause_edge(atoms, start - 1) and not opens_clause(
            atoms, start - 1):
        start -= 1
    end = j
    while end < len(atoms) and not clause_edge(atoms, end) and not opens_clause(atoms, end):
        end += 1
    # The whole clause, never cut inside it: a clause clipped to a length reads as a
    # fragment ("Car Doesn't Mean I Have Enough Money", "Loren").  Too long a clause is
    # shown as the fact's own words instead (CLAUSE_WORDS).
    quoted = start > 0 and end < len(atoms) and atoms[start - 1].cat == atoms[end].cat == "quote"
    if quoted and _words(atoms, start, end) <= CLAUSE_WORDS:
        return start - 1, end + 1  # a quotation whole, with its marks: "“A very sad day”"
    while end > j and is_function(atoms[end - 1]):
        end -= 1  # never end on "of", "the", "to"
    while trim and start < i and is_function(atoms[start]) and not _opens_qualifier(
            atoms, start):
        start += 1  # nor start on one (an article is put back once judged: shown.shown),
        # unless it begins an amount's qualifier: "At least 100 dead", not "least 100 dead"
    return (start, end) if _words(atoms, start, end) <= CLAUSE_WORDS else (i, j)


def readable_clause(atoms: list[Atom], i: int, j: int) -> tuple[int, int]:
    """clause_around, and when that is a bare amount, the words it belongs to: "32" alone
    tells an editor nothing (a date or a name alone does: "Sept. 13", "California").  An
    amount after a comma describes what precedes it, shown with it: "Alexis Navaroli,
    [32]", "Female surfer, [35]"; one joined by "and"/"or" is shown in the clause those
    words sit in ("the [1980s] and 1990s")."""
    start, end = clause_around(atoms, i, j)
    if _words(atoms, start, end) > 1 or not any(a.cat == "num" for a in atoms[start:end]):
        return start, end
    if start > 1 and atoms[start - 1].canon == ",":
        return _described(atoms, start - 1), end
    left = start - 1 if start > 0 and atoms[start - 1].canon in _JOINS else start
    right = end + 1 if end < len(atoms) and atoms[end].canon in _JOINS else end
    wider = clause_around(atoms, left, right)
    if (left, right) != (start, end) and _words(atoms, *wider) > 1:
        return wider
    # a clause too long to show: the amount with what it counts ("three [civil rights
    # groups]", "for [two weeks]"), as an amount edited inside a sentence is shown
    return amount_phrase(atoms, start, end)


def _described(atoms: list[Atom], comma: int) -> int:
    """Where what the words after ``comma`` describe starts: the name before it, else
    the clause before it."""
    k = comma
    while k > 0 and atoms[k - 1].name:
        k -= 1
    if k == 1 and k < comma and atoms[0].cap:
        k = 0  # a first name opening the sentence, its capital unproven: "Alan Tham, 34"
    return k if k < comma else clause_around(atoms, comma - 1, comma)[0]


_JOINS = frozenset({",", "and", "or"})  # what sets a one-word part off within its clause


def opens_clause(atoms: list[Atom], k: int) -> bool:
    """atoms[k] opens a clause ("and", "as", "after"), unless it joins the words of one
    name: "Health and Human Services Secretary", "Fire and Emergency" (capitalised common
    words after it; "Tom Briggs and Maria Lopez" are two names, each its own)."""
    if atoms[k].canon not in _CLAUSE_OPENERS:
        return False
    if atoms[k].canon != "and" or not 0 < k < len(atoms) - 1 or not atoms[k - 1].cap:
        return True
    following = list(takewhile(lambda a: a.cap and a.cat == "word", atoms[k + 1:k + 4]))
    return not following or not all(is_common_word(a.canon) for a in following)


def _opens_qualifier(atoms: list[Atom], k: int) -> bool:
    """atoms[k] is the first word of the qualifier of an amount after it ("at" of "at
    least 100")."""
    amount = next((m for m in range(k + 1, min(k + 5, len(atoms))) if atoms[m].cat == "num"),
                  None)
    return amount is not None and qualifier_start(atoms, amount) <= k


def _words(atoms: list[Atom], i: int, j: int) -> int:
    return sum(a.cat in ("word", "num", "date") for a in atoms[i:j])


def clause_edge(atoms: list[Atom], k: int) -> bool:
    atom = atoms[k]
    if atom.canon == "-" and 0 < k < len(atoms) - 1 and (
            atoms[k - 1].end == atom.start and atom.end == atoms[k + 1].start):
        return False  # a hyphen inside a word: "135-square-kilometer", "three-year"
    return atom.cat in ("punct", "quote") and (atom.canon in _CLAUSE_PUNCT
                                               or atom.canon in (".", "!", "?", "—", "–"))


def _weight(atoms: list[Atom], i: int, j: int, kind: FactKind) -> tuple[bool, bool, int]:
    """A chunk of the sentence's kind first, then amounts, then the longest."""
    chunk = atoms[i:j]
    shows_kind = {"number": any(x.cat == "num" for x in chunk),
                  "date": any(x.cat == "date" for x in chunk)}.get(kind, any(
                      x.name for x in chunk))
    return shows_kind, any(x.cat == "num" for x in chunk), atoms[j - 1].end - atoms[i].start


def _first_clause(sentence: str, atoms: list[Atom]) -> str:
    words = 0
    for k, atom in enumerate(atoms):
        if atom.cat in ("word", "num", "date"):
            words += 1
        if words >= 4 and k + 1 < len(atoms) and (
                atoms[k + 1].canon in (",", ";", ":") or atoms[k + 1].canon in ("and", "but")):
            return sentence[atoms[0].start:atom.end]
    # the whole sentence, as a value: without the full stop that ends it (a question
    # keeps its mark, questions.py reads it; a quotation its closing marks)
    whole = sentence.strip()
    return whole[:-1].rstrip() if whole.endswith(".") and not whole.endswith("..") else whole


def content_word(atom: Atom) -> bool:
    """A word that says something of its own: not a function word, a state or a verb of
    saying."""
    return atom.cat == "word" and not is_function(atom) and not status_value(atom) and (
        not speech_value(atom))


def _covered(atoms: list[Atom], pool: Counter[str], share: float = COVERED) -> bool:
    """Whether the other version already says what this sentence says (a title before a
    name, "President-Elect Trump", is the name's, not a fact of its own)."""
    facts = [x.canon for k, x in enumerate(atoms)
             if (x.name and not _title_of_name(atoms, k)) or x.cat in ("num", "date")]
    words = [x.canon for x in atoms if x.cat == "word" and not is_function(x)]
    if not words and not facts:
        return True
    if any(f not in pool for f in facts):
        return False
    if share < COVERED and not _outcomes_told(atoms, pool):
        return False  # fewer words suffice only where no outcome is new
    # a word told in another form counts ("halt" for "halts"; measured on the tuning
    # sets: 4 fewer false-alert pairs, 16 fewer reports, 5 fewer matched)
    return sum(w in pool or _stem_told(w, pool) for w in words) >= share * max(1, len(words))


def _stem_told(word: str, pool: Counter[str]) -> bool:
    """``word`` is told in ``pool`` in another form: each of its parts ("drought-hit")
    by its stem ("halts" of "halt"; Snowball, monitor.facts.stems)."""
    stems = _pool_stems(pool)
    return all(stem(part) in stems for part in word.split("-") if part)


# The last pool's stems: a version's pool is asked about each of its sentences told whole
_last_pool: list[tuple[Counter[str], frozenset[str]]] = []


def _pool_stems(pool: Counter[str]) -> frozenset[str]:
    last = _last_pool[0] if _last_pool else None
    if last is None or last[0] is not pool:  # (read once: another thread may replace it)
        last = (pool, frozenset(stem(part) for word in pool for part in word.split("-")
                                if part))
        _last_pool[:] = [last]
    return last[1]


def _title_of_name(atoms: list[Atom], k: int) -> bool:
    """atoms[k] is a title (titles.txt, or one joined to another word: "President-Elect",
    "ex-Governor") right before a name."""
    return k + 1 < len(atoms) and atoms[k + 1].name and (
        atoms[k].canon.split("-")[0] in TITLES or atoms[k].canon.split("-")[-1] in TITLES)


def _outcomes_told(atoms: list[Atom], pool: Counter[str]) -> bool:
    """Every outcome the sentence tells (_OUTCOMES) the other version tells too, in any
    of its words: "Vic missing man believed to be dead" says more than a story of a
    missing man.  (Every state word asked for, the headline share silenced one false
    alert instead of 17: headlines reword their verbs.)"""
    told = {STATUS_WORDS[w] for w in pool if w in STATUS_WORDS}
    return all(state in told for x in atoms if (state := status_value(x)) in _TOLD_AGAIN)


def hard_fact(atoms: list[Atom]) -> bool:
    """Whether a sentence states something checkable: an amount (not a list article's
    count of its items), a date, a name, a quote, a restriction, a denial ("No deaths were
    reported.") or an offence; "Testing remains a weak point." and "They left without
    comment." do not.  (Counting every state word too brought back question headlines and
    asides on the real corpus: 11 more alerting pairs in 1,084.)"""
    return any((x.cat == "num" and not _counts_items(atoms, k)) or x.cat == "date" or x.name
               or x.in_quote or is_condition(x)
               or (status_value(x) == "not" and x.canon != "without") or _offence(x)
               for k, x in enumerate(atoms))


STATEMENT_WORDS = 6  # a sentence of the story told whole with fewer words is no statement


def told_statement(sentence: str, atoms: list[Atom]) -> bool:
    """A sentence of the story's text (not its headline) that states something of its
    own with no hard fact to check ("The suspects are being held for questioning.", "The
    company has denied any wrongdoing."): STATEMENT_WORDS words or more, and not a
    question, an item of a list (a bullet, a label: "• Opinion: Trump's plan"), a text
    cut short, an aside in brackets, a pointer to more or the outlet's own voice
    (no_statement_openers.txt: "Follow our live blog for the latest.", "We're looking
    forward to working with you!")."""
    words = [x for x in atoms if x.cat == "word"]
    text = sentence.strip()
    return len(words) >= STATEMENT_WORDS and not any(mark in text for mark in _LIST_MARKS) and (
        not text.startswith(_NOT_STATEMENTS_OPEN)) and not text.endswith(_CUT_ENDS) and (
        not text.split()[0].endswith(":")) and not _opens_no_statement(words)


def _opens_no_statement(words: list[Atom]) -> bool:
    """The sentence opens with a pointer to more or the outlet's own voice
    (no_statement_openers.txt: "Follow", "We", "The latest on")."""
    first = tuple(x.canon for x in words[:3])
    return any(first[:len(opener)] == opener for opener in NO_STATEMENT_OPENERS)


_LIST_MARKS = ("?", "•", "|")  # a question, or a list of links the feed strings together
_NOT_STATEMENTS_OPEN = ("-", "*", "(", "[")
_CUT_ENDS = ("...", "…")


# status.txt's groups for what befell a person, which issue 10 rates above wording: a
# statement telling one is no mere statement.  (Counted as hard facts, these brought
# 6 matched changes for 20 reports on the tuning sets: a sentence naming them unchecked
# stays a told statement, rated as the checkable ones are.)
_OUTCOMES = frozenset({"dead", "injured", "missing", "arrest", "charge", "convict", "acquit",
                       "sentence", "resign", "hospitalised"})


# What a headline moved must not tell anew: an outcome, or a negation ("won't end")
_TOLD_AGAIN = _OUTCOMES | {"not"}


def _tells_an_outcome(atoms: list[Atom]) -> bool:
    return any(status_value(x) in _OUTCOMES for x in atoms)


# A photo's caption, as a feed's summary swapped for it ends: where the picture was taken,
# a place and its region, then when ("... at the plant in Renton, Washington, in April.",
# "A bakery in Sceaux, France, last week.").  News prose ends a sentence on its source or
# its own date, seldom on a place and its region and a bare date after a comma.
_PHOTO_CAPTION = re.compile(
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*,\s+(?:[A-Z][\w.'’-]*\s*){1,3},\s+"
    r"(?:(?:on|in|early|late)\s+(?:" + "|".join(name.capitalize() for name in (*WEEKDAYS, *MONTHS))
    + r"|(?:19|20)\d\d)|(?:last|this|earlier this)\s+(?:week|month|year))\.?\s*$")


def photo_caption(text: str) -> bool:
    """``text`` ends as a photo's caption does (_PHOTO_CAPTION), attributes nothing
    ("Police confirmed that remains were found in Salem, Idaho, on Tuesday." is news) and
    counts nothing ("The plane ... damaged three houses in West Jordan, Utah, on
    Saturday." tells the toll: a caption shows who and where)."""
    ending = _PHOTO_CAPTION.search(text)
    return ending is not None and _ATTRIBUTED.search(text) is None and not any(
        word[:1].isdigit() or word in SMALL_NUMBERS or word in TENS
        for word in re.findall(r"[\w-]+", text[:ending.start()].lower()))


_ATTRIBUTED = re.compile(r"\b(?:said|says|told|tells|confirmed|confirms|reported|reports|"
                         r"announced|announces|according)\b")


def _points_the_reader(atoms: list[Atom]) -> bool:
    """The sentence opens with a verb addressing the reader (reader_pointers.txt:
    "Follow all today's round four action live")."""
    first = next((x for x in atoms if x.cat == "word"), None)
    return first is not None and first is atoms[0] and first.canon in READER_POINTERS


def _counts_items(atoms: list[Atom], k: int) -> bool:
    """The amount at ``k`` counts a list article's items, perhaps after one adjective
    ("4 ways to get creative with your leftovers", "39 essential things to know":
    listicle_nouns.txt): nothing counted in the world."""
    return any(a.canon in listicle_nouns() for a in atoms[k + 1:k + 3])


def _offence(atom: Atom) -> bool:
    """An offence named (noun_classes.txt): "He admitted murder." says what a person did
    or is accused of, checkable without a name or a date."""
    return atom.cat == "word" and noun_classes().get(atom.canon, ("", ""))[0] == "offence"


def _untold(sentence: str, action: Literal["added", "removed"], reason: str) -> CosmeticEdit:
    """A sentence added or removed whole that changes no fact, with why."""
    return CosmeticEdit(sentence if action == "removed" else None,
                        sentence if action == "added" else None, reason)


def whole_sentence(sentence: str, atoms: list[Atom], other_pool: Counter[str],
                   action: Literal["added", "removed"], result: DiffResult, *,
                   amounts_apart: bool = True, in_text: bool = False,
                   blurb: bool = False) -> None:
    """Report a sentence with no counterpart (``other_pool``: every canonical atom of
    the other version), or note why it changes no fact; ``amounts_apart`` reports each
    other amount it adds on its own too (a headline's facts are told apart elsewhere:
    decompose.told_fact_by_fact); ``in_text``: the sentence is the story's, not its
    headline's (told_statement); ``blurb``: the text is a feed's summary of a sentence or
    two, rewritten as a headline is (moved at HEADLINE_COVERED)."""
    if _points_the_reader(atoms):
        result.cosmetic.append(_untold(sentence, action, "pointer"))
        return
    if in_text and photo_caption(sentence):
        result.cosmetic.append(_untold(sentence, action, "caption"))
        return
    checkable = hard_fact(atoms)
    if not checkable and not (in_text and told_statement(sentence, atoms)):
        result.cosmetic.append(_untold(sentence, action, "no hard fact"))
        return
    if _covered(atoms, other_pool, COVERED if in_text and not blurb else HEADLINE_COVERED):
        result.cosmetic.append(_untold(sentence, action, "moved or repeated"))
        return
    fresh = [x for x in atoms if x.canon not in other_pool]  # what the other version lacks
    kind = sentence_kind(fresh) or sentence_kind(atoms) or "status"
    chunks = _unknown_chunks(atoms, other_pool)
    value = _key_value(sentence, atoms, chunks, kind)
    # a statement with nothing checkable in it is told, at the lowest severity, unless it
    # tells what befell a person ("The driver was found dead.")
    severity = whole_sentence_severity(kind) if checkable or _tells_an_outcome(atoms) else "low"
    result.changes.append(Change(
        kind=kind, action=action,
        old=value if action == "removed" else None, new=value if action == "added" else None,
        old_sentence=sentence if action == "removed" else None,
        new_sentence=sentence if action == "added" else None, severity=severity))
    for extra in _other_amounts(sentence, atoms, chunks, value) if amounts_apart else ():
        result.changes.append(Change(
            kind="number", action=action,
            old=extra if action == "removed" else None, new=extra if action == "added" else None,
            old_sentence=sentence if action == "removed" else None,
            new_sentence=sentence if action == "added" else None,
            severity=whole_sentence_severity("number")))
