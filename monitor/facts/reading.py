"""Reading a sentence into atoms: analyse(), and the cache the diff and extraction share.

Tokens become atoms (a word, a number, a punctuation mark, a quotation mark); then
the atoms are marked (first word of a sentence, part of a name, inside a quote) and
runs of them merged: dates first (monitor.facts.dates), then amounts
(monitor.facts.numbers), then multi-word names with a short form in use
(monitor.facts.names).  "set to" becomes the modality "set-to".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from monitor.facts.atoms import Atom, join_text
from monitor.facts.context import Context
from monitor.facts.dates import chunk_dates, may_open_date
from monitor.facts.lexicon import (
    AFTER_CHARGING,
    BEFORE_A_FEE,
    BEFORE_A_FEE_TWO,
    CAMPAIGNS,
    CONDITION_MEANING,
    CONTESTS,
    DAYS_IN_UNIT,
    DEFERRING_VERBS,
    DETERMINERS,
    DISMISSED_CLAIMS,
    FEE_WORDS,
    FUNCTION_WORDS,
    HURT_THINGS,
    LIFTED_AMOUNTS,
    MARKET_MOVES,
    MARKET_SUBJECTS,
    MODAL_VERBS,
    OPENED_PROCEEDINGS,
    PHRASAL,
    PREPOSITIONS,
    SPEECH,
    STATUS,
    TESTS_PASSED,
    WEEKDAYS,
)
from monitor.facts.names import chunk_aliases, mark_names
from monitor.facts.numbers import chunk_numbers, may_open_amount
from monitor.facts.tokens import Token, tokens, word_canon

_QUOTE_CHARS = {'"', "“", "”", "„", "«", "»"}


def _mark_quotes(atoms: list[Atom]) -> None:
    inside = _opened_before(atoms)
    for k, atom in enumerate(atoms):
        if atom.cat == "quote":
            if atom.text == "“":
                inside = True
            elif atom.text == "”" or (not inside and _closing_only(atoms, k)):
                inside = False  # a straight mark that can only close ('Grok" On the
                # surface'), met outside a quotation, opens none: its opening was cut off
            else:
                inside = not inside
            continue
        atom.in_quote = inside


def quoted_runs(atoms: list[Atom]) -> Iterator[tuple[int, int]]:
    """Each run ``[i, j)`` of atoms inside a quotation, in order (the marks themselves are
    not inside: a run ends at its closing mark)."""
    k = 0
    while k < len(atoms):
        if not atoms[k].in_quote:
            k += 1
            continue
        j = k + 1
        while j < len(atoms) and atoms[j].in_quote:
            j += 1
        yield k, j
        k = j


def _opened_before(atoms: list[Atom]) -> bool:
    """The sentence's first quotation mark closes a quotation: it opened in a sentence
    before ("“We are devastated. | No match is worth a life,” Kasonde said"), so the
    words up to the mark are quoted.  A mark after an amount is none: "32” OLED" is
    inches."""
    k = next((k for k, atom in enumerate(atoms) if atom.cat == "quote"), None)
    return k is not None and k > 0 and atoms[k - 1].cat in ("word", "punct") and (
        atoms[k].text == "”" or (atoms[k].text == '"' and _closing_only(atoms, k)))


def _closing_only(atoms: list[Atom], k: int) -> bool:
    """A straight quotation mark written against the word (or the comma) before it and
    apart from the one after (or last): it closes a quotation, it cannot open one."""
    mark = atoms[k]
    attached_before = k > 0 and atoms[k - 1].end == mark.start and atoms[k - 1].cat in (
        "word", "punct")
    attached_after = k + 1 < len(atoms) and atoms[k + 1].start == mark.end
    return attached_before and not attached_after


_PUNCT_CANON = {"–": "-", "—": "-", "‐": "-", "…": "..."}
_SINGLE_QUOTES = frozenset("'‘’")
MIN_QUOTED_WORDS = 3  # fewer is a name or a scare-quoted term ("rock 'n' roll", "'The Blob'")


def _ends_a_word(raw: list[Token] | tuple[Token, ...], k: int) -> bool:
    """Token ``k`` is a full stop, comma or exclamation or question mark right after a
    word: a quotation closes after it ("'Get my portion!'")."""
    return raw[k][1] in _CLOSING_PUNCTUATION and k > 0 and raw[k - 1][0] != "punct" and (
        raw[k - 1][3] == raw[k][2])


_CLOSING_PUNCTUATION = frozenset({"!", "?", ".", ","})


def _single_quote_marks(raw: list[Token] | tuple[Token, ...]) -> frozenset[int]:
    """Indexes of single quotation marks used as quotes, as British, Australian and New
    Zealand headlines do ("'A very sad day': bar burns", "an 'intentional act'"): a mark
    opening at a word's start, the next closing at a word's end, MIN_QUOTED_WORDS
    words or more between (the tokens already keep apostrophes inside words: "Mulligan's")."""
    marks: set[int] = set()
    opening: int | None = None
    for k, (kind, tok, start, end) in enumerate(raw):
        if kind != "punct" or tok not in _SINGLE_QUOTES:
            continue
        after = raw[k + 1] if k + 1 < len(raw) else None
        before = raw[k - 1] if k > 0 else None
        opens = after is not None and after[0] != "punct" and after[2] == end and (
            before is None or before[3] < start or before[1] in "(:[—–-")
        closes = before is not None and before[3] == start and (
            before[0] != "punct" or _ends_a_word(raw, k - 1)) and (
            after is None or after[2] > end or after[0] == "punct")
        if opening is not None and closes and sum(
                t[0] in ("word", "num") for t in raw[opening + 1:k]) >= MIN_QUOTED_WORDS:
            marks.update((opening, k))
            opening = None
        elif opens:
            opening = k
    return frozenset(marks)


def analyse(text: str, ctx: Context | None = None) -> list[Atom]:
    """The atoms of a sentence (or of a few sentences joined).

    One pass over the tokens makes the atoms, marks sentence openings and notes, from
    what each word's reading holds (_word_reading: cached per word), where a date or an
    amount may start and whether any atom opens a phrasal verb or is read in context;
    the later steps run only where those can be (they find nothing elsewhere)."""
    ctx = ctx or Context()
    raw = tokens(text)
    marks = _single_quote_marks(raw) if _may_quote_singly(text) else _NO_MARKS
    atoms: list[Atom] = []
    append = atoms.append
    dates: list[int] = []
    amounts: list[int] = []
    seen = 0  # the flags of all atoms, or-ed
    long_words = capital_long_words = 0  # _is_title_case's counts
    initial = True  # _mark_initial's state: the next word opens a sentence
    quoted = False
    for k, (kind, tok, start, end) in enumerate(raw):
        if kind == "punct" or (kind == "sym" and tok == "&"):
            if kind == "punct" and (tok in _QUOTE_CHARS or k in marks):
                append(Atom('"', tok, start, end, "quote"))
                initial = quoted = True
                continue
            canon, flags = _punct_reading(tok)
            append(Atom(canon, tok, start, end, "punct"))
            if tok in _TERMINAL:
                initial = True
        else:
            if kind == "num":
                canon, cap, flags = _num_reading(tok)
                append(Atom(canon, tok, start, end, "num", cap, initial))
            else:
                if kind == "word" and len(tok) > 3:
                    long_words += 1
                    capital_long_words += tok[0].isupper()
                canon, cap, flags = _word_reading(tok)
                append(Atom(canon, tok, start, end, "word", cap, initial))
            initial = False
        if flags:
            seen |= flags
            if flags & _DATE:
                dates.append(k)
            if flags & _AMOUNT:
                amounts.append(k)
    title_case = long_words >= 3 and capital_long_words >= 0.85 * long_words
    mark_names(atoms, ctx, title_case)
    return _chunk(atoms, ctx, dates, amounts, seen, quoted)


def _chunk(atoms: list[Atom], ctx: Context, dates: list[int], amounts: list[int],
           seen: int, quoted: bool) -> list[Atom]:
    """analyse's merging and marking steps after the first pass, each skipped where the
    first pass found nothing it could act on.  A merge makes new atoms: after the dates
    the amounts are looked for afresh, after names or phrasal verbs every step runs."""
    if dates:
        merged = chunk_dates(atoms, ctx, dates)
        if merged is not atoms:
            amounts = _moved(atoms, merged, amounts)
            atoms = merged
    if amounts:
        atoms = chunk_numbers(atoms, amounts)
    named = chunk_aliases(atoms, ctx)
    every = named is not atoms
    if every or seen & _PHRASAL:
        atoms = chunk_phrasal_verbs(named)
        every = every or atoms is not named
    if quoted:
        _mark_quotes(atoms)
    if every or seen & _IN_CONTEXT:
        for k, atom in enumerate(atoms):
            if atom.canon in _READ_IN_CONTEXT:
                _read_in_context(atoms, k)
    return atoms


def _moved(before: list[Atom], after: list[Atom], indexes: list[int]) -> list[int]:
    """Where the atoms at ``indexes`` of ``before`` stand in ``after``, a rebuild of it
    that merged runs into new atoms (the merged ones left out: a date opens no amount)."""
    at = {id(atom): n for n, atom in enumerate(after)}
    return [at[key] for k in indexes if (key := id(before[k])) in at]


# What the first pass notes of an atom (_flags)
_DATE, _AMOUNT, _PHRASAL, _IN_CONTEXT = 1, 2, 4, 8
_TERMINAL = {".", "!", "?", ":", ";", "—", "–", "-"}  # after them, a word opens a sentence
_NO_MARKS: frozenset[int] = frozenset()


def _may_quote_singly(text: str) -> bool:
    """Whether a text holds a mark _single_quote_marks could take (most sentences: no)."""
    return "'" in text or "‘" in text or "’" in text


def _flags(cat: str, canon: str, cap: bool) -> int:
    """Which later steps of analyse can act on an atom of this category, canon and case."""
    return ((_DATE if may_open_date(cat, canon, cap) else 0)
            | (_AMOUNT if may_open_amount(cat, canon) else 0)
            | (_PHRASAL if cat == "word" and canon in _FIRST_WORDS else 0)
            | (_IN_CONTEXT if canon in _READ_IN_CONTEXT else 0))


# Per token text, as word_canon is (65,536 short entries: a word-level table, not one of
# the per-job sentence caches): a story repeats its words.
@lru_cache(maxsize=65536)
def _word_reading(tok: str) -> tuple[str, bool, int]:
    """A word token's canon, capital and flags."""
    canon, cap = word_canon(tok), tok[:1].isupper() or _ELIDED_CAPITAL.match(tok) is not None
    return canon, cap, _flags("word", canon, cap)


# A name's elided particle before its capital: "d'Ivoire" of "Côte d'Ivoire", "l'Aquila",
# "dell'Orto" (a capital word of its name, not a lower-case word between two names)
_ELIDED_CAPITAL = re.compile(r"(?:[dl]|dell|dall|nell|all)['’][A-Z]")


# Numbers repeat far less than words: a per-job cache (monitor.cpu empties it after each
# job, with the sentence caches), not a table grown to 65,536 of them in every worker.
@lru_cache(maxsize=4096)
def _num_reading(tok: str) -> tuple[str, bool, int]:
    canon, cap = tok.lower(), tok[:1].isupper()
    return canon, cap, _flags("num", canon, cap)


@lru_cache(maxsize=1024)
def _punct_reading(tok: str) -> tuple[str, int]:
    canon = _PUNCT_CANON.get(tok, tok)
    return canon, _flags("punct", canon, False)


def _noun_follows(atom: Atom) -> bool:
    """``atom`` may be the noun an adjective before it qualifies: a lower-case word, no
    function word, preposition or adverb ("mixed [team]"; not "mixed [after]", "mixed
    [early]")."""
    return atom.cat == "word" and not atom.cap and atom.canon not in FUNCTION_WORDS and (
        atom.canon not in PREPOSITIONS and atom.canon not in _WHEN_ADVERBS) and not (
        atom.canon.endswith("ly"))


_WHEN_ADVERBS = frozenset({"early", "late", "again", "today", "tonight", "overnight"})


def _read_in_context(atoms: list[Atom], k: int) -> None:
    """"set to"/"set for" is the planned modality ("is set to take office", "missions
    (are) set for launch"; not "set for life"); a speech word after a determiner is a noun
    ("each claim"); a state or restriction word used in another sense is none: "ahead of"
    the vote, "away" without "from" ("a few days away"), a place word no restriction word
    governs ("explodes outside a hotel", not "only outside the city"), a patient's
    "condition", "apart" without "from" or as a verb's particle ("sets X apart from"),
    "provided" as a verb ("photo provided by police"; the proviso opens its clause: ",
    provided (that) ..."), "fully", "only" or a hedge before an amount, "Exclusive"
    labelling a headline, "appeals" naming a court; "until" a date after a verb that
    defers reads "to" it, and "find" with whom was missing after it reads "locate"
    ("Police find missing teen", not "a study found that")."""
    atom = atoms[k]
    before = atoms[k - 1].canon if k else ""
    after = atoms[k + 1].canon if k + 1 < len(atoms) else ""
    if atom.canon == "set":
        then = atoms[k + 2].canon if k + 2 < len(atoms) else ""
        if after == "to" or (after == "for" and then != "life"):
            atom.canon = "set-to"
    elif atom.canon == "due" and after == "to" and before in _BEING and _verb_after_to(atoms, k):
        atom.canon = "set-to"  # "a strike that was due to start" = "had been set to begin"
    elif atom.canon in ("limited", "restricted") and after == "to":
        atom.canon = "only"  # "limited to first-time buyers" = "only available to" them
    elif atom.canon in _FORECAST_WORDS and after == "to" and before in _BEING:
        atom.canon = "expected"  # "is forecast to make landfall" = "is expected to"
    elif atom.canon in ("is", "are") and after == "to" and _plan_told(atoms, k):
        atom.canon = "will"  # "The council is to meet on Thursday" = "will meet"
    elif atom.canon in _OFFER and after == "to" and _verb_after_to(atoms, k):
        atom.canon = "proposes"  # "has offered to pay half" is a proposal, not "agreed to"
    elif atom.canon == "ending" and before == ",":
        atom.canon = "ends"  # "said Tuesday, ending its status" = "The find ends its status"
    elif atom.canon == "said" and after == "to" and _said_of(atoms, k):
        atom.canon = "reportedly"  # "a citizen said to lead the cartel" = "who reportedly leads"
    elif atom.canon in SPEECH:
        atom.noun = before in _BEFORE_NOUNS
    if atom.canon in ("suspect", "suspects"):
        # the person, not a hunch ("shot the suspect", "Shooting suspect scoped out the
        # library"), unless what is suspected follows ("police suspect foul play",
        # "suspect that", "suspect him of")
        atom.plain = after not in _SUSPECTED
    elif atom.canon == "suspected":
        # a person so called is the suspect ("shot the suspected attacker" = "shot the
        # suspect"); an event so called stays in doubt ("a suspected poisoning")
        atom.plain = _PERSON_ENDING.search(after) is not None
    elif atom.canon == "ahead":
        atom.plain = after == "of"
    elif atom.canon == "away":
        atom.plain = after != "from"  # "a few days away", "stay away"; not "away from"
    elif atom.canon in _PLACE_WORDS:
        # a preposition of place ("outside the hotel", "outside Trump's hotel") no
        # restriction governs; as an adjective ("an outside auditor") it stays a word
        # that tells who, not where; opening a headline or its part after a label, a
        # feature's frame ("Inside story of ...", "Coronavirus: Inside the race to ...")
        atom.plain = before in _OPENING_MARKS or (
            _before_a_place(atoms, k) and not _restricted_clause(atoms, k))
    elif atom.canon == "within":
        # a place, as "inside" one ("lie within the protected area" = "lie inside it"), not
        # a reach of time or distance ("within 30 days", "within the next month")
        atom.plain = _place_follows(atoms, k) and not _restricted_clause(atoms, k)
    elif atom.canon in ("bar", "bars"):
        # a verb takes its object ("bars Trump from the ballot", "to bar reporters");
        # otherwise it is the place ("Hertel Avenue bar shut down")
        atom.plain = before != "to" and not _object_follows(atoms, k)
    elif atom.canon == "condition":
        # a patient's ("critical condition") or a person's ("their condition"); the proviso
        # is "on condition that", "a condition of"
        # ("the condition PCOS": one named is an illness)
        atom.plain = before in _STATE_OF_HEALTH or before in _WHOSE or (
            k + 1 < len(atoms) and atoms[k + 1].name)
    elif atom.canon == "until" and _deferred_before(atoms, k) and any(
            a.cat == "date" for a in atoms[k + 1:k + 3]):
        # after a verb that defers, "until" names the new time ("moved the launch until
        # Thursday" = "to Thursday"); elsewhere it restricts ("closed until Thursday")
        atom.canon = "to"
    elif atom.canon == "mixed":
        # a market going neither way ("shares are mixed", "mixed after"), not a thing of
        # two kinds before its noun ("mixed team aerials", "mixed messages", "mixed reviews")
        atom.plain = k + 1 < len(atoms) and _noun_follows(atoms[k + 1])
    elif atom.canon in _SWING:
        # a market going both ways ("US stocks swing as oil climbs"), not a swing elsewhere
        # ("a swing state") nor one with its direction told ("stocks swing higher"); a
        # value read alone ("swing") is its sentence's, where the market was read
        atom.plain = (k > 0 and before not in MARKET_SUBJECTS) or after in MARKET_MOVES or (
            after in _SWING_TOWARDS)  # "swing back upward", "swing from losses to a gain"
    elif atom.canon == "exclusive":
        atom.plain = after in (":", "|", "-")  # "AP Exclusive: ...", a headline's label
    elif atom.canon == "without":
        # a word of a name between two of its words ("Reporters Without Borders", "Doctors
        # Without Borders"): no negation
        atom.plain = atom.cap and not atom.initial and k > 0 and atoms[k - 1].cap and (
            k + 1 < len(atoms) and atoms[k + 1].cap)
    elif atom.canon == "if":
        # after a verb of asking or knowing, "if" asks whether ("waits to hear if it will
        # move down a level", "unclear if"): no condition on anything
        atom.plain = before in _ASKING_BEFORE_IF
    elif atom.canon == "death":
        # "stun Chiefs at the death": the game's last moment, not a death
        atom.plain = before == "the" and k >= 2 and atoms[k - 2].canon == "at" and (
            after != "of")  # ("grieved at the death of her son" is one)
    elif atom.canon in ("appeal", "appeals"):
        atom.plain = after in _APPEALS_BODIES  # "US appeals court rules": the court's name
    elif atom.canon in _MARKET_CLOSES and (before in MARKET_MOVES or any(
            a.canon in MARKET_MOVES for a in atoms[k + 1:k + 4])):
        atom.plain = True  # "the index closed 1.3% lower", "ended down", "drifts to a
        # mixed finish": a market's close
    elif atom.canon == "fall" and (before in MARKET_SUBJECTS or (k == 0 and not atom.cap)):
        atom.canon = "falls"  # a market's move ("Asian shares fall"), where "fall" alone is
        # as often the season or a noun ("the fall of Kabul"); a value read alone ("fall
        # from their records") is its sentence's, where the market was read
    elif atom.canon in _RECORD_WORDS and (mark := _record_mark(atoms, k)) is not None:
        atom.canon = mark  # "drifts toward records" -> "rise to records": approached,
        # then reached (status.txt)
    elif atom.canon in _BASE_STATES and before in _BEFORE_A_VERB:
        # a verb after "to" or a modal ("to close", "will close"), where the word alone is
        # more often another word ("close to", "a close race")
        atom.canon = _BASE_STATES[atom.canon]
    elif atom.canon in ("challenge", "challenges"):
        # difficulties ("despite challenges", "faces many challenges"), not a challenge to
        # a law or a result ("legal challenges", "a challenge to the ruling")
        atom.plain = before in _BEFORE_DIFFICULTIES and after not in ("to", "against")
    elif atom.canon in _STRESSING_AMOUNTS:
        # before an amount it stresses or hedges the amount ("fully three of the four",
        # "only one active case", "possibly thousands"): the amount is the fact; it
        # restricts a state or a place ("fully vaccinated", "only inside Ukraine") and
        # hedges a claim ("possibly removed"); after "the" or a possessive, "only" is
        # "sole" ("the only ones hit by heat", "its only hospital"), restricting nothing
        atom.plain = (k + 1 < len(atoms) and atoms[k + 1].cat == "num") or (
            atom.canon == "only" and before in _BEFORE_SOLE)
    elif atom.canon == "apart":
        # "apart from" excepts, but "sets the game apart from", "tell them apart from" is
        # the verb's particle: it tells what differs, and restricts nothing
        atom.plain = after != "from" or any(
            a.canon in _APART_VERBS for a in atoms[max(0, k - 5):k])
    elif atom.canon == "provided":
        atom.plain = before not in ("", ",", ";", "-", "—") and after != "that"
    elif atom.canon in _LIFT_AS_RAISE and any(
            a.canon in LIFTED_AMOUNTS for a in atoms[k + 1:k + 4]):
        atom.canon = _LIFT_AS_RAISE[atom.canon]  # "lifts policy rate": raises it
    elif atom.canon in _FIND_AS_LOCATE and before not in _SEEKING and (any(
            a.canon in _FOUND_WHOM for a in atoms[k + 1:k + 4]) or (
            atom.canon == "found" and any(a.canon == "missing" for a in atoms[max(0, k - 6):k]))):
        # "Police find missing teen", "Missing Niagara County man found": located
        atom.canon = _FIND_AS_LOCATE[atom.canon]
    elif atom.canon in _OPEN_AS_LAUNCH and any(
            a.canon in CAMPAIGNS for a in atoms[k + 1:k + 5]):
        atom.canon = _OPEN_AS_LAUNCH[atom.canon]  # "opens vaccination drive": launches it
    elif atom.canon in _BARE_OPENING and _opening_as_verb(atoms, k):
        atom.canon = _BARE_OPENING[atom.canon]  # "will open on Saturday" = "opens", a verb
    elif atom.canon in _COVER:
        # a scope ("the ban covers all imports", "covered by the cap"), not a thing put
        # over another ("covered in ash", "cover their faces", "cover up")
        atom.plain = after in _COVERED_WITH or (
            k + 1 < len(atoms) and atoms[k + 1].cat == "num") or (  # "covered 15 km"
            any(a.canon in _COVERING_STUFF for a in atoms[max(0, k - 3):k])) or (
            after in _CLAUSE_ENDS and k > 0 and atoms[k - 1].cat == "word"
            and atoms[k - 1].canon not in _BEFORE_A_VERB)  # "night-time helicopter cover"
    elif atom.canon in _LOSE:
        _read_lose(atoms, k)
    elif atom.canon in ("block", "blocks"):
        # the noun ("apartment block collapses", "a block away", "voting bloc"), not the
        # verb ("court blocks the plan", "to block imports")
        atom.plain = k > 0 and (before in DETERMINERS or atoms[k - 1].cat == "num"
                                or before in _BLOCK_KINDS)
    elif atom.canon in _WIN:
        # a thing obtained ("wins a casino licence", "won court backing", "wins damages"),
        # no contest won ("wins the election", "won gold", "wins Michigan")
        atom.plain = any(a.canon in _OBTAINED for a in atoms[k + 1:k + 4]) and not any(
            a.canon in CONTESTS for a in atoms[k + 1:k + 4])
    elif atom.canon in _PASS:
        # a test passed ("passed an inspection", "passes a drug test"), not a law approved
        atom.plain = any(a.canon in TESTS_PASSED for a in atoms[k + 1:k + 4])
    elif atom.canon in _CHARGE and _a_sum_charged(atoms, k):
        atom.plain = True  # "will be charged a penalty", "fees charged to customers"
    elif atom.canon in ("charge", "charges"):
        # a fee or a command ("free of charge", "at no charge", "the officer in charge"),
        # not an accusation ("faces charges", "charges were dropped")
        atom.plain = before in BEFORE_A_FEE or (
            k >= 2 and f"{atoms[k - 2].canon} {before}" in BEFORE_A_FEE_TWO)
    elif atom.canon == "charging":
        atom.plain = after in AFTER_CHARGING  # "charging stations": a battery's
    elif atom.canon in _DISMISS and not any(
            a.canon in DISMISSED_CLAIMS for a in atoms[max(0, k - 4):k + 5]):
        atom.canon = _DISMISS[atom.canon]  # a person removed from a post: "sacked"
    elif atom.canon in ("led", "lead") and k + 1 < len(atoms) and atoms[k + 1].cat == "num" and (
            "-" in atoms[k + 1].canon):
        atom.canon = "leads"  # "led 17-10 at half-time": ahead in a score, as "trailed 17-10"
    elif atom.canon in _HURT:
        # a thing harmed ("would hurt their business", "hurting exports"), not people; and
        # a harm foretold ("the plan would hurt poor neighbourhoods"): no injury is
        atom.plain = any(a.canon in HURT_THINGS for a in atoms[k + 1:k + 4]) or (
            k > 0 and atoms[k - 1].canon in MODAL_VERBS)
    elif atom.canon in _FAIL and after != "to":
        # a negation before what was not done ("failed to stop", "fails to meet"); alone
        # an outcome, as a bill or a vote is lost ("assisted dying bill fails", "a pumping
        # station failed on Sunday": paraphrases.txt reads "the failure of" alike)
        atom.canon = _FAIL[atom.canon]
    elif atom.canon in _LAUNCH_AS_OPEN and (any(
            a.canon in OPENED_PROCEEDINGS for a in atoms[max(0, k - 6):k + 4])
            or _proceeding_subject(atoms, k)):
        atom.canon = _LAUNCH_AS_OPEN[atom.canon]  # "an investigation was launched": opened


DEFERRED_REACH = 16  # atoms back from "until" to the verb that defers, within its clause


def _deferred_before(atoms: list[Atom], k: int) -> bool:
    """A verb that defers stands before "until" at ``k`` in its clause ("has pushed back
    a planned cut in its daily fee for foreign tourists until Sept. 1"): no mark or word
    that opens another clause between them ("delayed the vote and kept schools closed
    until Friday" restricts)."""
    for a in reversed(atoms[max(0, k - DEFERRED_REACH):k]):
        if a.canon in _CLAUSE_BREAKS:
            return False
        if a.canon in DEFERRING_VERBS:
            return True
    return False


_CLAUSE_BREAKS = frozenset({",", ";", ".", ":", "and", "but", "while", "which", "who"})


def _read_lose(atoms: list[Atom], k: int) -> None:
    """"lose" is a contest lost ("lost the election", "lost to Chelsea", "lost 2-1", "they
    lost."), a death ("lost their lives" reads "died") or a job lost ("fired"); anything
    else lost is no state ("lost power", "has lost 0.9 metres of ice")."""
    after = [a.canon for a in atoms[k + 1:k + 4]]
    if len(after) >= 2 and after[0] in _WHOSE_LIFE and after[1] in ("life", "lives"):
        atoms[k].canon = "died"
        return
    if after and after[0] in _WHOSE_LIFE and any(
            a.canon in ("job", "jobs") for a in atoms[k + 2:k + 5]):
        atoms[k].canon = "fired"  # "staff have lost their jobs", "her Customs job": let go
        return
    atoms[k].plain = not (not after or after[0] in _AFTER_A_CONTEST_LOST or (
        atoms[k + 1].cat == "num" and "-" in atoms[k + 1].canon) or any(
        word in CONTESTS for word in after))


_OPEN_AS_LAUNCH = {"open": "launch", "opens": "launches", "opened": "launched",
                   "opening": "launching"}
# "open" and "close" bare are adjectives as often as verbs ("is open", "stays open")
_BARE_OPENING = {"open": "opens", "close": "closes"}
# ... and verbs after a modal, or before when they happen, unless a verb of being keeps
# them adjectives (_KEPT_AS: "Applications open on April 15", "will open on Saturday")
_WHEN_OPENED = frozenset({"next", "today", "tomorrow", "tonight", "until"})


def _opening_as_verb(atoms: list[Atom], k: int) -> bool:
    before = atoms[k - 1].canon if k else ""
    if before in MODAL_VERBS or (before == "not" and k > 1
                                 and atoms[k - 2].canon in MODAL_VERBS):
        return True
    after = [a.canon for a in atoms[k + 1:k + 3]]
    return k > 0 and before not in _KEPT_AS and bool(after) and (
        after[0] in _WHEN_OPENED or after[0] in WEEKDAYS or (
            after[0] == "on" and len(after) > 1 and (after[1] in WEEKDAYS
                                                     or atoms[k + 2].cat == "date")))
_COVER = frozenset({"cover", "covers", "covered", "covering"})
_OFFER = frozenset({"offer", "offers", "offered", "offering"})
_WIN = frozenset({"win", "wins", "won", "winning"})
# Words before "block" that make it a thing ("an apartment block", "a tower block")
_BLOCK_KINDS = frozenset({"apartment", "tower", "residential", "office", "city", "cell",
                          "housing", "flats", "building", "concrete", "ice", "engine",
                          "voting", "trading", "power", "administrative", "school"})
# What is won as it is granted, not in a contest ("wins a casino licence")
_OBTAINED = frozenset({"licence", "license", "licences", "licenses", "approval", "backing",
                       "support", "damages", "contract", "contracts", "funding", "grant",
                       "grants", "permission", "permit", "permits", "concession",
                       "concessions", "compensation", "reprieve", "extension", "bailout",
                       "loan", "praise", "plaudits", "access", "assurances", "relief"})
# What covers a thing by lying on it ("freezing rain covered power lines", "ash covers the
# town"): no scope
_COVERING_STUFF = frozenset({"rain", "snow", "ice", "ash", "smoke", "water", "floodwater",
                             "floodwaters", "mud", "dust", "frost", "fog", "sleet", "hail",
                             "debris", "oil", "lava", "sand", "graffiti", "blood", "soot"})
# What ends a clause after a noun ("lose helicopter cover.")
_CLAUSE_ENDS = frozenset({"", ".", ",", ";", ":", "!", "?"})
# Words after which "cover" is a verb ("will cover", "to cover", "does not cover")
_BEFORE_A_VERB = MODAL_VERBS | {"to", "not", "does", "do", "did", "also", "only"}
# possessive determiners: "cover their windows", "lost their lives"
_POSSESSIVES = frozenset({"my", "your", "his", "her", "its", "our", "their"})
_COVERED_WITH = frozenset({"in", "with", "up", *_POSSESSIVES})
_LOSE = frozenset({"lose", "loses", "lost", "losing"})
_PASS = frozenset({"pass", "passes", "passed", "passing"})
_HURT = frozenset({"hurt", "hurts", "hurting"})
_CHARGE = frozenset({"charge", "charges", "charged", "charging"})


def _a_sum_charged(atoms: list[Atom], k: int) -> bool:
    """The charge at ``k`` asks for a sum: a fee's word near it (charges_not_legal.txt's
    "fee words": "charged a penalty of 10%", "late fees charged"; not an amount alone:
    "charged five people")."""
    near = atoms[max(0, k - 2):k] + atoms[k + 1:k + 4]
    return any(a.canon in FEE_WORDS for a in near)
_DISMISS = {"dismiss": "sack", "dismisses": "sacks", "dismissed": "sacked",
            "dismissing": "sacking"}
_SWING = frozenset({"swing", "swings", "swung", "swinging"})
_SWING_TOWARDS = frozenset({"back", "from", "to", "into", "between"})  # where it swung
_MARKET_CLOSES = frozenset({"close", "closed", "closes", "closing", "end", "ended", "ends",
                            "finish", "finished", "finishes"})
_FAIL = {"fail": "lose", "fails": "loses", "failed": "lost"}
_WHOSE_LIFE = frozenset({"a", "one's", *_POSSESSIVES})
# after "lost", the clause's end or the winner: "lost to Chelsea", "lost, 2-1", "lost by 12
# votes", "lost narrowly", "lost again"
_AFTER_A_CONTEST_LOST = frozenset({"to", "by", ".", ",", ";", ":", "-", "—", "in", "on",
                                   "narrowly", "again", "badly", "heavily", "out", "against",
                                   "and", "but", "after", "despite"})


# A record and how near it a thing stands: heading for or close to it ("toward more
# records", "near its all-time high") or at it ("to more records", "hits a record"); the
# words between the two that qualify the record only.
_RECORD_WORDS = frozenset({"record", "records", "high", "highs", "low", "lows"})
_RECORD_APPROACHED = frozenset({"toward", "towards", "near"})
_RECORD_REACHED = frozenset({"to", "at", "hits", "hit", "sets", "set", "reach", "reaches",
                             "reached"})
_RECORD_QUALIFIERS = frozenset({"more", "new", "fresh", "their", "its", "a", "an", "the",
                                "all", "-", "time", "all-time", "another"})
_FLIRTING = frozenset({"flirt", "flirts", "flirted", "flirting"})  # "flirts with a record"
# what "record" qualifies after "to" ("to record highs", "to record levels"), where the verb
# takes an object ("to record an album")
_RECORD_HEADS = frozenset({"high", "highs", "low", "lows", "highest", "lowest", "level",
                           "levels", "numbers", "pace", "territory", "time"})
_CLOSE = frozenset({"close", "closer", "closest"})


def _record_mark(atoms: list[Atom], k: int) -> str | None:
    """"record-near" or "record-set" for the record at atoms[k], by the word before its
    qualifiers; None elsewhere ("a high of 30", "to high school": "high" and "low" only
    after "all-time")."""
    if atoms[k].canon in ("high", "highs", "low", "lows") and not (
            k >= 1 and atoms[k - 1].canon in ("time", "all-time")):
        return None
    if atoms[k].canon == "record" and k >= 1 and atoms[k - 1].canon in _BEFORE_A_VERB and (
            k + 1 < len(atoms) and atoms[k + 1].cat == "word"
            and atoms[k + 1].canon not in _RECORD_HEADS):
        return None  # the verb: "plans to record an album", "want to record every interview"
    j = k - 1
    while j >= 0 and atoms[j].canon in _RECORD_QUALIFIERS and k - j <= 4:
        j -= 1
    if j < 0:
        return None
    before = atoms[j - 1].canon if j > 0 else ""
    if atoms[j].canon in _RECORD_APPROACHED or (
            atoms[j].canon == "with" and before in _FLIRTING) or (
            atoms[j].canon == "to" and before in _CLOSE):
        return "record-near"  # ("close to a record" is near it)
    return "record-set" if atoms[j].canon in _RECORD_REACHED else None


# state verbs whose base form the status lexicon leaves out, read as the form it lists
_BASE_STATES = {"close": "closes"}
_BEFORE_A_VERB = frozenset({"to", "will", "would", "may", "might", "could", "must", "should",
                            "can", "shall", "'ll", "not"})
# words before "challenges" meaning difficulties, not legal challenges
_BEFORE_DIFFICULTIES = frozenset({"despite", "amid", "faces", "face", "facing", "faced", "many",
                                  "new", "major", "big", "economic", "financial", "key",
                                  "significant", "serious", "unique", "ongoing", "daily"})
# what an "appeals" names rather than does: the court that hears appeals
_APPEALS_BODIES = frozenset({"court", "courts", "judge", "judges", "panel", "tribunal"})

# "lift" raises a quantity ("lifts its key rate") where it ends a ban ("lifts the ban");
# proceedings are "opened", "launched" or "begun" alike ("has opened an investigation" =
# "an investigation has been launched"), where "launch" elsewhere starts ("launched a
# rocket")
_LIFT_AS_RAISE = {"lift": "raise", "lifts": "raises", "lifted": "raised",
                  "lifting": "raising"}
# "find" is the state "found" only with whom or what was missing after it ("find missing
# teen", "found alive", "found the bodies"); "a study found that" tells a finding, "found
# dead" a death
_FIND_AS_LOCATE = {"find": "locate", "finds": "locates", "found": "located",
                   "finding": "locating"}
# "to find" and "help find" say what is sought, not found ("asking for information to find a
# missing 15-year-old")
_SEEKING = frozenset({"to", "help", "helps", "helped", "helping"})
_FOUND_WHOM = frozenset({"missing", "alive", "safe", "safely", "unharmed", "body",
                         "bodies", "remains", "wreckage", "survivors"})
_LAUNCH_AS_OPEN = {word: "opened" for table in (STATUS, PHRASAL)  # "got under way"
                   for word, state in table.items() if state == "start"}


def _proceeding_subject(atoms: list[Atom], k: int) -> bool:
    """A proceeding opens the sentence, the verb at ``k`` after the clause that describes
    it: "An independent inquiry into the collapse, which killed three people, got under
    way on Monday" (its verb too far from it for the window around the verb)."""
    start = next((m + 1 for m in range(k - 1, -1, -1)
                  if atoms[m].canon in (".", ";", "?", "!")), 0)
    head = next((m for m in range(start, min(k, start + 4))
                 if atoms[m].canon in OPENED_PROCEEDINGS), None)
    return head is not None and any(a.canon == "," for a in atoms[head:k])


def _object_follows(atoms: list[Atom], k: int) -> bool:
    """A determiner, a pronoun, a name or "from" right after the word at ``k``."""
    following = atoms[k + 1] if k + 1 < len(atoms) else None
    return following is not None and following.cat == "word" and (
        _opens_phrase(following) or following.canon in _OBJECT_PRONOUNS
        or following.canon == "from")


_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "it", "us", "anyone", "people"})


def _before_a_place(atoms: list[Atom], k: int) -> bool:
    """The word at ``k`` opens a place: a determiner, a name or nothing follows it."""
    following = atoms[k + 1] if k + 1 < len(atoms) else None
    return following is None or following.cat != "word" or _opens_phrase(following)


def _place_follows(atoms: list[Atom], k: int) -> bool:
    """A place opens after ``k`` (a determiner or a name) and no amount, date or span of
    time or distance follows within its phrase ("the next two weeks", "a mile")."""
    following = atoms[k + 1] if k + 1 < len(atoms) else None
    return following is not None and following.cat == "word" and _opens_phrase(
        following) and not any(x.cat in ("num", "date") or x.canon in _SPANS
                                for x in atoms[k + 1:k + 1 + _PLACE_PHRASE])


_PLACE_PHRASE = 4  # atoms after "within" read for a span: "the next two weeks"
# spans of time (lexicon's DAYS_IN_UNIT), of distance, and the words that name one
_SPANS = frozenset(DAYS_IN_UNIT) | frozenset({
    "mile", "miles", "kilometre", "kilometres", "kilometer", "kilometers", "km", "metre",
    "metres", "meter", "meters", "foot", "feet", "yard", "yards", "reach", "range", "radius",
    "distance", "deadline", "period", "timeframe", "window"})


def _opens_phrase(word: Atom) -> bool:
    """A determiner or a name (a capital not owed to the sentence's start)."""
    return word.canon in DETERMINERS or (word.cap and not word.initial)


def _restricted_clause(atoms: list[Atom], k: int) -> bool:
    """A restriction word before ``k`` in its clause ("used only inside Ukraine", "banned
    outside the zone" is not one: "banned" is a state, the ban's place no restriction)."""
    for atom in reversed(atoms[max(0, k - 8):k]):
        if atom.canon in (".", ";", ":", "?", "!"):
            return False
        if atom.canon in _RESTRICTING:
            return True
    return False


# Place words: a restriction only after a restriction word in their clause ("used only
# inside Ukraine"); "within" stays one, mostly a limit ("within 48 hours"), and so does
# "beyond" (read as plain it silenced "is spreading in Texas" -> "spreads beyond Texas")
_PLACE_WORDS = frozenset({"inside", "outside"})
# A likelihood told as a forecast: "is forecast (predicted, projected) to" V is "is
# expected to" V (as a noun, "the forecast", or after "as", it is no modality)
_FORECAST_WORDS = frozenset({"forecast", "predicted", "projected"})
_BEING = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# what keeps "open"/"closed" an adjective after it ("is open", "stays open"; _opening_as_verb)
_KEPT_AS = _BEING | {"remain", "remains", "remained", "stay", "stays", "stayed", "keep", "keeps",
                     "kept", "left", "leave", "leaves"}
_OPENING_MARKS = frozenset({"", ":", "|", "-", "—"})  # a sentence's start, a label's end
# Nouns whose "is to" V names an aim, not a plan for the subject ("the aim is to cut")
_AIM_NOUNS = frozenset({"aim", "goal", "plan", "idea", "purpose", "intention", "task",
                        "priority", "objective", "hope", "point", "challenge", "job",
                        "mission", "target", "answer", "solution", "way", "question"})


def _plan_told(atoms: list[Atom], k: int) -> bool:
    """The "is"/"are" at ``k`` and the "to" after it tell a plan: a verb follows ("is to
    meet", "are to be released"), and the subject is no aim ("the aim is to cut", "the
    goal of Stargate is to") nor a blame ("is to blame")."""
    verb = atoms[k + 2] if k + 2 < len(atoms) else None
    subject = {atom.canon for atom in atoms[max(0, k - _SUBJECT_REACH):k]}
    return verb is not None and verb.cat == "word" and verb.canon not in FUNCTION_WORDS and (
        verb.canon != "blame") and not subject & _AIM_NOUNS


_PERSON_ENDING = re.compile(r"(?:er|or|man|men|ist|ant)s?$")  # attacker, gunman, militants
# What follows "suspect" the verb: a clause, an object, what is feared
_SUSPECTED = DETERMINERS | {"that", "foul", "him", "her", "them", "it", "he", "she", "they",
                            "we", "i", "you", "some", "any", "arson", "sabotage", "murder",
                            "poisoning", "wrongdoing"}


def _verb_after_to(atoms: list[Atom], k: int) -> bool:
    """A verb, or "be", follows the "to" after atoms[k] ("due to start", "due to be
    released"; not "due to the storm")."""
    verb = atoms[k + 2] if k + 2 < len(atoms) else None
    return verb is not None and verb.cat == "word" and not verb.cap and (
        verb.canon == "be" or verb.canon not in FUNCTION_WORDS) and not _NOT_A_BASE_FORM.search(
        verb.canon)  # ("due to simmering tensions", "due to increased demand": a cause)


def _said_of(atoms: list[Atom], k: int) -> bool:
    """"said to" + a verb after what it is said of ("is said to be", "a man said to lead"),
    not after who speaks ("he said to wait", "Smith said to leave")."""
    before = atoms[k - 1] if k else None
    return before is not None and _verb_after_to(atoms, k) and (
        before.canon in _BEING or (before.cat == "word" and not before.cap
                                   and before.canon not in _SPEAKING_PRONOUNS))


_SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "who", "it"})


_NOT_A_BASE_FORM = re.compile(r"ing$|(?<!e)ed$")  # a gerund or a past ("proceed" is one)


_SUBJECT_REACH = 4  # atoms before "is": "the goal of Stargate is to kickstart"
_RESTRICTING = frozenset(word for word, meaning in CONDITION_MEANING.items()
                         if meaning not in ("within", "outside", "away"))
# verbs whose particle "apart" is ("sets X apart from", "stands apart from")
_APART_VERBS = frozenset({"set", "sets", "setting", "stand", "stands", "stood", "standing",
                          "tell", "tells", "told", "telling", "keep", "keeps", "kept",
                          "keeping"})
_WHOSE = frozenset({"his", "her", "their"})
# Words after which "only" means "sole": "the only ones", "its only hospital"
_BEFORE_SOLE = _WHOSE | frozenset({"the", "its", "our", "my", "your"})
_STATE_OF_HEALTH = frozenset({"critical", "stable", "serious", "good", "fair", "poor",
                              "grave", "satisfactory", "life-threatening", "medical",
                              "underlying", "heart", "health"})
# restriction words that, before an amount, only stress it ("only one active case"), and
# hedges that, before one, make it an estimate ("possibly thousands of accounts"), not the
# claim uncertain
_STRESSING_AMOUNTS = frozenset({"fully", "only", "solely", "possibly", "potentially",
                                "perhaps"})
# Words after which "if" means "whether" (an indirect question, no condition); not "know"
# ("what you need to know if you're voting" sets a condition)
_ASKING_BEFORE_IF = frozenset({
    "hear", "hears", "heard", "ask", "asks", "asked", "asking",
    # (session 31) "elections will show if the opposition can challenge him"
    "show", "shows", "showed", "reveal", "reveals", "revealed", "test", "tests", "tested",
    "see", "sees", "decide", "decides", "decided", "deciding", "determine", "determines",
    "determined", "check", "checks", "checked", "checking", "wonder", "wonders",
    "wondered", "wondering", "unclear", "unsure", "uncertain", "clear", "sure", "tell",
    "question", "questions", "questioned", "investigate", "investigating", "assess",
    "assessing", "learn", "find", "out"})
_READ_IN_CONTEXT = frozenset(SPEECH) | _PLACE_WORDS | _STRESSING_AMOUNTS | {
    "set", "ending", "within", "ahead", "away", "condition", "apart", "exclusive", "until", "mixed",
    "provided", "bar", "bars", "appeal", "appeals", "challenge", "challenges", "close", "death",
    "if", "fall", "without", "block", "blocks", *_RECORD_WORDS, *_OFFER, *_WIN,
    *_LIFT_AS_RAISE, *_LAUNCH_AS_OPEN, *_FIND_AS_LOCATE, *_LOSE, *_FAIL,
    *_BARE_OPENING, *_OPEN_AS_LAUNCH, *_COVER, *_PASS, *_HURT, *_MARKET_CLOSES, *_DISMISS,
    *_CHARGE, "led", "lead", "is", "are", *_FORECAST_WORDS, "limited",
    "restricted", "due", "suspect", "suspects", "suspected", *_SWING}


# Words after which a speech word is a noun, not a verb of saying ("each claim", "the
# report", "a warning", "the state"); not "that" ("a source that said").
_BEFORE_NOUNS = (DETERMINERS - {"that"}) | frozenset({"each", "every", "any", "no",
                                                      "another"})


_FIRST_WORDS = frozenset(phrase.split()[0] for phrase in PHRASAL)
_LONGEST_PHRASE = max((len(p.split()) for p in PHRASAL), default=1)


def chunk_phrasal_verbs(atoms: list[Atom]) -> list[Atom]:
    """Adjacent words that spell a verb of data/phrasal_verbs.txt become one word atom
    whose canon is the phrase ("called off"), so the status lexicon reads it as one
    (the same list back when there is none)."""
    out: list[Atom] | None = None
    k = 0
    n = len(atoms)
    while k < n:
        atom = atoms[k]
        # (_phrase_at's first test, asked here: most words open no phrase)
        size = _phrase_at(atoms, k) if atom.canon in _FIRST_WORDS else 0
        if size:
            if out is None:
                out = atoms[:k]
            first, last = atom, atoms[k + size - 1]
            out.append(Atom(" ".join(a.canon for a in atoms[k:k + size]),
                            join_text(atoms[k:k + size]), first.start, last.end, "word",
                            initial=first.initial, cap=first.cap))
            k += size
        else:
            if out is not None:
                out.append(atom)
            k += 1
    return atoms if out is None else out


def _phrase_at(atoms: list[Atom], k: int) -> int:
    """The number of words of the longest phrase starting at ``k`` (0: none)."""
    if atoms[k].cat != "word" or atoms[k].canon not in _FIRST_WORDS:
        return 0
    for size in range(_LONGEST_PHRASE, 1, -1):
        run = atoms[k:k + size]
        if len(run) == size and all(a.cat == "word" for a in run) and (
                (phrase := " ".join(a.canon for a in run)) in PHRASAL):
            return 0 if _a_noun_after_determiner(atoms, k, phrase) else size
    return 0


def _a_noun_after_determiner(atoms: list[Atom], k: int, phrase: str) -> bool:
    """The phrase's first word, after a determiner, is a noun that tells no state: "to
    postpone the vote for a year" votes for nothing.  Not a gerund ("a winding down") nor
    a search, which its noun names too ("the hunt for", "your help finding")."""
    return (k > 0 and atoms[k - 1].canon in DETERMINERS and PHRASAL[phrase] != "search"
            and not atoms[k].canon.endswith("ing"))


# ---- the shared cache


_DOTTED = re.compile(r"[^\W\d_]+\.")
_CAPITALS = re.compile(r"[A-Z]")


def relevant_context(sentence: str, ctx: Context) -> tuple[frozenset[str], frozenset[str]]:
    return _relevant_parts(sentence, ctx.names, ctx.acronyms)


@lru_cache(maxsize=4096)
def _relevant_parts(sentence: str, ctx_names: frozenset[str],
                    ctx_acronyms: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The part of the story-wide context that can matter to one sentence: the names
    among its words and the acronyms its capitals could spell.  Keying caches on this (not
    on the whole context) keeps a sentence's reading valid when an edit elsewhere adds
    or drops a name.  Both are supersets of what analyse() looks up, so the reading is
    the same: a name is looked up as one of the sentence's words, an acronym as the
    initials of a run of capitalised words (or the letters of an abbreviation with its
    dot)."""
    names = _word_canons(sentence) & ctx_names
    if not ctx_acronyms:
        return names, ctx_acronyms
    capitals = _CAPITALS.findall(sentence) if sentence.isascii() else [
        c for c in sentence if c.isupper()]
    letters = set("".join(capitals).lower())
    for m in _DOTTED.finditer(sentence):
        letters.update(m.group(0).lower())
    return names, frozenset(a for a in ctx_acronyms if letters.issuperset(a))


@lru_cache(maxsize=4096)
def _word_canons(sentence: str) -> frozenset[str]:
    """The canonical forms of a sentence's words: what a name lookup can ask about."""
    return frozenset(map(word_canon, [tok for kind, tok, _, _ in tokens(sentence)
                                      if kind == "word" or kind == "abbr"]))


def analyse_in_context(sentence: str, ctx: Context) -> list[Atom]:
    """analyse() through a bounded cache shared by extraction and the diff (versions
    of a story repeat most sentences).  The atoms are shared: callers must not change
    them.  4,096 sentences (~100 articles, ~8 KB each with tokens and keys: ~35 MB at
    most) cover extracting a new version and diffing it against the stored one."""
    names, acronyms = relevant_context(sentence, ctx)
    return cached_atoms(sentence, ctx.anchor, names, acronyms)


@lru_cache(maxsize=4096)
def cached_atoms(sentence: str, anchor: date | None, names: frozenset[str],
                  acronyms: frozenset[str]) -> list[Atom]:
    return analyse(sentence, Context(anchor, names, acronyms))

