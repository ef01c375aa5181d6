"""How a kept change is shown to an editor: whole phrases, not fragments.

The judge decides which changes are facts; this module only dresses each kept change's
values so they read (a value with its article, the neighbour word both sentences share,
the object of a state, its verb of saying, a quotation closed, no page label or dangling
joiner), never changing a verdict.  monitor.facts.judge calls ``shown`` and ``unlabelled``
on every change it keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import takewhile

from monitor.facts.context import Context
from monitor.facts.judge_data import furniture_rules, role_markers
from monitor.facts.lexicon import (
    ARTICLES,
    AUXILIARIES,
    CONDITION_MEANING,
    CURRENCY_SYMBOLS,
    DANGLING_WORDS,
    DATE_QUALIFIER,
    DETERMINERS,
    FUNCTION_WORDS,
    IRREGULAR_VERBS,
    MODAL_VERBS,
    MONTHS,
    ORDINALS,
    PREPOSITIONS,
    QUESTION_OPENERS,
    ROLE_NOUNS,
    SCOPE,
    SHOWN_DAY_PARTS,
    SMALL_NUMBERS,
    SPEECH,
    STATUS,
    WEEKDAYS,
    is_common_word,
)
from monitor.facts.severity import edit_severity
from monitor.facts.signatures import signature
from monitor.models import Change


def _narrowed(change: Change) -> Change:
    """A restriction word dropped from a phrase the other sentence keeps ("exclusively
    within Ukrainian territory" -> "within Ukrainian territory"), or put before one, is
    that phrase's restriction changed, shown on both sides: reported as the whole phrase
    removed it reads as if the territory went too."""
    if change.kind != "condition" or change.action == "changed":
        return change
    value = change.old if change.action == "removed" else change.new
    other = change.new_sentence if change.action == "removed" else change.old_sentence
    first, _, rest = (value or "").partition(" ")
    if CONDITION_MEANING.get(first.lower()) != "only" or len(rest.split()) < 2 or not (
            other and re.search(rf"(?<!\w){re.escape(rest)}(?!\w)", other)):
        return change
    if change.action == "removed":
        return replace(change, action="changed", new=rest, severity=edit_severity("condition"))
    return replace(change, action="changed", old=rest, severity=edit_severity("condition"))


def shown(change: Change) -> Change:
    """How a kept change is shown (after the judge read it): whole phrases an editor can
    read, no verdict changed."""
    change = _shown(change)
    if change.kind != "quote":
        change = _each_side(_each_side(change, _with_bound_amount), _without_dangling_end)
    return _each_side(change, _single_quotes_closed)


def _without_dangling_end(value: str | None, sentence: str | None) -> str | None:
    """A value never ends on a word that opens what follows it (dangling_words.txt):
    "fled the campus on foot [following]", "testifies [about]".  Taken off last, once
    the steps above have grown each value (one ending on "following" may have taken the
    words both sentences share after it)."""
    if not value:
        return value
    words = value.split()
    while len(words) > 1 and words[-1].lower() in DANGLING_WORDS:
        words.pop()
    if len(words) == len(value.split()):
        return value
    return value[:_end_of(value, words)].rstrip(" ,;:\u2014\u2013-")  # "says, [amid]"


# The bounds and superlatives that need what follows them: a value ending on one is cut
# ("killing at least", "Temperatures of at least", "the UK PM's most")
_OPEN_BOUNDS = ("at least", "at most", "up to", "as much", "as many", "more than",
                "fewer than", "less than", "nearly", "almost", "roughly", "around",
                "approximately", "most")
BOUND_REACH = 3  # words after the bound: the amount and what it counts, or the adjective


def _with_bound_amount(value: str | None, sentence: str | None) -> str | None:
    """A value ending on a bound takes what the bound bounds from its sentence ("killing
    at least" -> "killing at least 21", "the most" -> "the most endangered"): up to the
    first amount within BOUND_REACH words and the word after it, or one content word."""
    if not value or not sentence or not value.lower().endswith(_OPEN_BOUNDS) or (
            at := sentence.find(value)) < 0:
        return value
    following = sentence[at + len(value):].split()
    taken: list[str] = []
    for word in following[:BOUND_REACH]:
        taken.append(word)
        if _an_amount(word):
            break
        if word.lower() not in FUNCTION_WORDS and not taken[:-1]:
            break  # "the most [endangered]"
    else:
        return value
    if _an_amount(taken[-1]):  # and what it counts ("at least 16 [students]")
        taken += [w for w in following[len(taken):len(taken) + 1]
                  if w.lower() not in FUNCTION_WORDS and w[:1].islower()]
    return f"{value} {' '.join(taken)}".rstrip(" ,;:.")


def _an_amount(word: str) -> bool:
    return any(c.isdigit() for c in word) or word.lower() in SMALL_NUMBERS


def _end_of(value: str, words: list[str]) -> int:
    """Where the first ``len(words)`` words of ``value`` end."""
    at = 0
    for word in words:
        at = value.index(word, at) + len(word)
    return at


def _shown(change: Change) -> Change:
    change = _each_side(change, _as_written)
    change = _each_side(change, _whole_words)
    change = _each_side(change, _with_plus)
    change = _each_side(change, _marker_with_person)
    change = _with_opening_word(_each_side(_whole_names_at_end(change), _whole_name_at_start))
    change = _each_side(change, _with_possessed)
    if change.kind in ("number", "date"):
        change = _each_side(change, _with_range)
    if change.kind == "number":
        for step in (_with_sign, _with_person_aged, _with_predicate):
            change = _each_side(change, step)
    if change.action != "changed":  # (a changed value's determiner: _with_marker)
        change = _each_side(change, _with_article)
    change = _fact_shown(_with_governor(_lone_side_whole(_with_complement(_with_object(
        _with_saying(_source_whole(_quoted_phrase(_with_marker(_with_neighbours(
            _with_date_qualifier(_narrowed(change))))))))))))
    return _with_what_it_counts(_with_period(_with_shared_tail(change)))


SHARED_TAIL = 3  # words: how much of one value's end the other value may take on


def _with_shared_tail(change: Change) -> Change:
    """A value that ends on words the other sentence has right after the other value
    lends them to it: "halting trade" -> "stifling" is shown "stifling trade" (the span
    grew after a known state word, "halting", and not after "stifling"); both values
    then say what they are about alike."""
    sides = _in_sentences(change) if change.kind != "quote" else None
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    return replace(change, old=_tail_lent(old, old_sentence, new),
                   new=_tail_lent(new, new_sentence, old))


def _tail_lent(value: str, sentence: str, other: str) -> str:
    """``value`` with the last words of ``other`` that follow it in ``sentence``, when
    ``value`` does not hold them already."""
    if len(value.split()) > SHARED_TAIL + 1 or len(other.split()) > SHARED_TAIL + 2:
        return value  # a long value says what it is about already
    after = _words_after(value, sentence)
    tail = other.split()[1:][-SHARED_TAIL:]
    for size in range(len(tail), 0, -1):
        words = tail[-size:]
        if after[:size] == words and value.split()[-size:] != words and all(
                map(_plain_content_word, words)):
            return _through(value, sentence, words)
    return value


# a date's qualifier written before it, spaced or hyphenated ("late July", "mid-2026")
_DATE_QUALIFIER_BEFORE = re.compile(
    r"(?i:\b(?:" + "|".join(sorted(DATE_QUALIFIER, key=len, reverse=True)) + r")(?:-|\s+))$")


# A rate's period after an amount: "£610k [a year]", "four hours [a day]", "3% [per month]"
_PERIOD = re.compile(r"\s+((?:a|an|per|each|every)\s+(?:year|month|week|day|night|hour|"
                     r"minute|second|quarter|season|annum|person|head|capita))\b"
                     r"(?!\s+(?:after|before|later|earlier|ago|since)\b)",  # "kill 4 a day
                     re.IGNORECASE)  # after the call": when, not how often


def _with_period(change: Change) -> Change:
    """An amount changed before the same period is shown with it ("about £610k a year"
    -> "about £540k a year", "four hours a day"): the amount alone reads as a total."""
    sides = _in_sentences(change) if change.kind == "number" else None
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    old_period, new_period = _period_after(old, old_sentence), _period_after(new, new_sentence)
    if old_period is None or new_period is None or old_period.lower() != new_period.lower():
        return change
    return replace(change, old=f"{old} {old_period}", new=f"{new} {new_period}")


def _with_what_it_counts(change: Change) -> Change:
    """An amount changed before the same words that finish what it counts is shown with
    them: a noun its value cuts ("a 9% pay [rise]") or what a share is of ("at least 60
    percent [of districts]"): the one noun both sentences go on with, or for a share its
    "of", article and noun; never a verb's past or -s, a function word or a day."""
    sides = _in_sentences(change) if change.kind == "number" else None
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    rest = _counted_rest(old, _words_after(old, old_sentence), new,
                         _words_after(new, new_sentence))
    return replace(change, old=f"{old} {rest}", new=f"{new} {rest}") if rest else change


_SHARE_ENDINGS = ("%", "percent", "per cent", "half", "third", "thirds", "quarter", "quarters")


def _counted_rest(old: str, old_after: list[str], new: str, new_after: list[str]) -> str:
    """The words both sentences share right after the values that finish what they count
    (see _with_what_it_counts), else ""."""
    words = [a for a, _ in takewhile(lambda pair: pair[0] == pair[1],
                                     zip(old_after[:3], new_after[:3], strict=False))]
    if old.lower().endswith(_SHARE_ENDINGS) and new.lower().endswith(_SHARE_ENDINGS):
        k = 2 if words[1:2] and words[1].lower() in ARTICLES else 1
        whole = words[:1] == ["of"] and len(words) > k and _compound_head(words[k],
                                                                          plural=True)
        return " ".join(words[:k + 1]) if whole else ""  # "60 percent [of districts]"
    if not words or not _noun_after_amount(old) or not _noun_after_amount(new) or (
            not _compound_head(words[0])):
        return ""
    return words[0]  # "a 9% pay [rise]"


def _noun_after_amount(value: str) -> bool:
    """``value`` ends on the one word after its amount, not a plural ("a 9% pay", "a
    22-storey apartment"; not "45 people" [died], what it counts already, nor "100
    protesters converged")."""
    words = value.split()
    return len(words) >= 2 and any(c.isdigit() for c in words[-2]) and not (
        words[-1].lower().endswith("s"))


# Words after an amount that finish no noun besides _WHEN_WORDS: a quantifier ("30% of
# [both]"), "once", "twice"
_NOT_A_HEAD = frozenset({"both", "all", "each", "either", "neither", "every", "any", "some",
                         "more", "less", "once", "twice"})


def _compound_head(word: str, *, plural: bool = False) -> bool:
    """``word`` may end the noun before it ("pay [rise]", "tax [cut]": a state's noun too),
    not a function word, determiner, verb of saying or word of when, nor a past, an
    adverb, a gerund or, unless ``plural``, a word ending in "s" (a verb as often as a
    plural)."""
    low = word.lower()
    # (a word's -s is a verb's as often as a plural's: "earthquake [strikes]"; after "of"
    # it is a plural noun: "60 percent of [districts]")
    endings = r"(?:ed|ly|ing)$" if plural else r"(?:ed|ly|ing|s)$"
    return re.fullmatch(r"[a-z]+", word) is not None and not (
        low in FUNCTION_WORDS or low in PREPOSITIONS or low in DETERMINERS or low in SPEECH
        or low in MODAL_VERBS or low in _WHEN_WORDS or low in _NOT_A_HEAD) and not (
        re.search(endings, low))


def _period_after(value: str, sentence: str) -> str | None:
    at = sentence.find(value)
    period = _PERIOD.match(sentence, at + len(value)) if at >= 0 else None
    return period.group(1) if period else None


def _with_date_qualifier(change: Change) -> Change:
    """A date changed under the same qualifier is shown with it ("late July" -> "late
    August", "mid-2026" -> "mid-2027"): the month alone reads as a different span."""
    if change.kind != "date" or change.action != "changed" or not (
            change.old and change.new and change.old_sentence and change.new_sentence):
        return change
    at_old = change.old_sentence.find(change.old)
    at_new = change.new_sentence.find(change.new)
    before_old = _DATE_QUALIFIER_BEFORE.search(change.old_sentence[:max(at_old, 0)])
    before_new = _DATE_QUALIFIER_BEFORE.search(change.new_sentence[:max(at_new, 0)])
    if at_old <= 0 or at_new <= 0 or before_old is None or before_new is None or (
            before_old.group(0).lower() != before_new.group(0).lower()):
        return change
    return replace(change, old=before_old.group(0) + change.old,
                   new=before_new.group(0) + change.new)


def _fact_shown(change: Change) -> Change:
    """A fact added or removed shown as one word that does not hold the fact its kind
    names ("India" for a status added, from "In India, a lethal gas leak may have resulted
    from a rush to reopen a chemical plant") is shown as its clause (a restriction's from
    its word on), or as its sentence when the clause says nothing more ("In India") and
    the sentence is short enough to read as a value: a name alone does not say what
    happened there."""
    if change.action == "changed" or change.kind in ("entity", "attribution", "quote"):
        return change
    value, sentence = (change.new, change.new_sentence) if change.action == "added" else (
        change.old, change.old_sentence)
    if not value or len(value.split()) > 1 or not sentence or len(
            sentence.split()) > SENTENCE_AS_VALUE or value.lower() in role_markers() or (
            _holds_its_fact(change.kind, value)):
        return change  # (a phrase reads, "Amazon leaps"; "former" is the state it tells)
    whole = (_marked_clause(value, sentence) if change.kind == "condition" else None) or (
        _clause_saying_more(value, sentence) or sentence.strip().rstrip(".!?").strip())
    return replace(change, new=whole) if change.action == "added" else replace(
        change, old=whole)


def _marked_clause(marker: str, sentence: str) -> str | None:
    """A restriction's clause from its marker to the sentence's end ("because, for years,
    people have used the lot"), when that is short enough to read as a value."""
    found = re.search(rf"(?<![\w'’-]){re.escape(marker)}(?![\w'’-])", sentence)
    rest = sentence[found.start():].strip().rstrip(".!?").strip() if found else ""
    rest = _TRAILING_SOURCE.sub("", rest)  # (", police said": who says it, not the clause)
    return rest if rest and len(rest.split()) <= CLAUSE_AS_VALUE else None


# A source told after the clause, to the sentence's end: ", police said", ", according to
# the ministry", ", the company told reporters"
_TRAILING_SOURCE = re.compile(
    r",\s+(?:(?:[\w'’.-]+\s+){1,5}(?:said|says|say|told|added|reported|confirmed)\b"
    r"|according to\b).*$")


def _clause_saying_more(value: str, sentence: str) -> str | None:
    """The clause of ``value``, when it holds words of its own besides it ("In India" does
    not) and is short enough to read as a value."""
    clause = _clause_of(value, sentence, CLAUSE_AS_VALUE)
    own = [w for w in re.findall(r"[\w'’-]+", clause)
           if w.lower() not in FUNCTION_WORDS and w != value]
    return clause if len(own) >= MIN_CLAUSE_WORDS - 1 else None


SENTENCE_AS_VALUE = 30  # words: a longer sentence is no value an editor reads at a glance
MIN_CLAUSE_WORDS = 3  # a shorter clause ("In India") is shown as its sentence
CLAUSE_AS_VALUE = 20  # words: the clause is shown when it is no longer


def _holds_its_fact(kind: str, value: str) -> bool:
    """Whether ``value`` states a fact of ``kind`` (its signature has one)."""
    sig = signature(value, Context())
    held = {"number": bool(sig.amounts), "date": bool(sig.dates),
            "status": bool(sig.states or sig.negations or sig.modality),
            "condition": bool(sig.conditions or sig.scope or sig.negations)}
    return held.get(kind, True)


def _as_written(value: str | None, sentence: str | None) -> str | None:
    """``value`` spelt as its sentence spells it: a value joined from the atoms' words
    has a space wherever two atoms met ("Gendron 's plea", "a 7.4 -magnitude
    earthquake"); the sentence's own characters read "Gendron's plea"."""
    if not value or not sentence or value in sentence:
        return value
    spaced = r"\s*".join(re.escape(part) for part in value.split())
    written = re.search(spaced, sentence)
    return written.group(0) if written else value


def _with_article(value: str | None, sentence: str | None) -> str | None:
    """``value`` with the article right before it in its sentence: "A fifth man was
    arrested", not "fifth man was arrested" (the article is no fact, so the judge read
    the value without it)."""
    if not value or not sentence or (at := sentence.find(value)) <= 0:
        return value
    article = re.search(r"(?<![\w'’-])(a|an|the)\s+$", sentence[:at], re.IGNORECASE)
    return sentence[article.start(1):at] + value if article else value


SHORT_VALUE = 3  # words: a longer value reads on its own


def _with_neighbours(change: Change) -> Change:
    """A short value of one thing for another is shown with the word both sentences
    share next to it where the value alone does not say what it is about: a date with
    what happens then ("on Thursday" -> "on Friday" as "vote on Thursday" -> "vote on
    Friday"), a bare amount with its neighbours ("$96" as "past $96"), a one-word thing
    with the noun it qualifies ("Asian" -> "World" as "Asian shares" -> "World shares").
    An amount with what it counts ("12 people") reads already.  Only a plain lower-case
    content word is taken: a name's part, a function word or punctuation stops it."""
    sides = _in_sentences(change)
    if sides is None or max(len(sides[0].split()), len(sides[1].split())) > SHORT_VALUE:
        return change
    old, new, old_sentence, new_sentence = sides
    before, after = _neighbour_sides(change.kind, old, new)
    head = before and _shared_word(word_before(old, old_sentence),
                                   word_before(new, new_sentence))
    if head and head.lower() in _WHEN_WORDS:
        head = None  # "next week in Geneva": when, not what the place is about
    tail = _shared_tail(_words_after(old, old_sentence), _words_after(new, new_sentence),
                        after, NOUN_WORDS if change.kind == "entity" else 1)
    head_text, tail_text = (f"{head} " if head else ""), (f" {tail}" if tail else "")
    return replace(change, old=head_text + old + tail_text, new=head_text + new + tail_text)


# Words that tell when, shown beside no value as what it is about
_WHEN_WORDS = frozenset({"week", "weekend", "month", "year", "day", "night", "morning",
                         "afternoon", "evening", "today", "tonight", "tomorrow",
                         "yesterday", "weeks", "months", "years", "days", "nights"})


GOVERNED_VALUE = 4  # words: an amount this short is shown with the word that governs it


def _with_governor(change: Change) -> Change:
    """An amount changed after the same word is shown with it when that word says what
    the amount is of: the verb or preposition that governs it ("23 people" -> "31
    people" as "arrested 23 people" -> "arrested 31 people", "15 years" as "for 15
    years"), and before a preposition the content word it belongs to ("sprinklers on six
    floors").  The amount alone says how many but not of what happening."""
    sides = _in_sentences(change) if change.kind == "number" else None
    if sides is None or max(len(sides[0].split()), len(sides[1].split())) > GOVERNED_VALUE or (
            sides[0][:1].isupper() or sides[1][:1].isupper()):
        return change  # (a value opening on a name has its subject: "Indonesia quake
        # kills 51", not "landslides after Indonesia quake kills 51")
    old, new, old_sentence, new_sentence = sides
    words = _shared_before(old, old_sentence, new, new_sentence)
    if not words:
        return change
    head = " ".join(words)
    return replace(change, old=_from_words(head, old, old_sentence),
                   new=_from_words(head, new, new_sentence))


def _shared_before(old: str, old_sentence: str, new: str, new_sentence: str) -> list[str]:
    """The governing words before both values (see _with_governor), nearest last."""
    old_words, new_words = _words_before(old, old_sentence), _words_before(new, new_sentence)
    taken: list[str] = []
    for a, b in zip(reversed(old_words), reversed(new_words), strict=False):
        if a != b or not _governs(a, after_preposition=bool(taken)):
            break
        taken.insert(0, a)
        if a.lower() not in PREPOSITIONS:
            break  # a verb or noun is the governor itself; a preposition may have one
    return taken


# Prepositions that tie an amount to what it is of ("for 15 years", "by 11 votes");
# "of" ("a total of 12") and "than" say nothing the amount's qualifier does not.
_GOVERNING_PREPOSITIONS = PREPOSITIONS - {"of", "within", "than"}


def _governs(word: str, *, after_preposition: bool) -> bool:
    """``word`` may govern an amount: a plain lower-case word that is no function word,
    linking verb or verb of saying ("said 14 of the country's 15" says who told it, not
    what the amount is), or a governing preposition; before a preposition, no adverb
    ("rose sharply across six countries": the adverb is not what the amount is of)."""
    if not re.fullmatch(r"[a-z]+(?:['’-][a-z]+)*", word):
        return False  # a name's part, a number, punctuation
    if word in PREPOSITIONS:
        return not after_preposition and word in _GOVERNING_PREPOSITIONS
    if after_preposition and _adverb(word):
        return False
    return word not in FUNCTION_WORDS and word not in _COPULAS and word not in SPEECH


def _adverb(word: str) -> bool:
    """An adverb of manner made from a word ("sharply", "heavily"), not a word that
    merely ends so ("apply", "family")."""
    if not word.endswith("ly") or len(word) < 5:
        return False
    stem = word[:-3] + "y" if word.endswith("ily") else word[:-2]
    return is_common_word(stem)


# Punctuation that ends a run of words, but not a comma or point inside a number ("1,400")
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,.]|[,.](?!\d)|[;:!?()\"“”]")


def _words_before(value: str, sentence: str) -> list[str]:
    """The words right before ``value``'s first place in ``sentence``, back to the first
    punctuation."""
    at = sentence.find(value)
    if at <= 0:
        return []
    return _CLAUSE_BREAK.split(sentence[:at])[-1].split()


def _from_words(head: str, value: str, sentence: str) -> str:
    """``value`` with ``head`` (the words right before it) as its sentence writes them."""
    at = sentence.find(value)
    start = sentence.rfind(head, 0, at)
    return sentence[start:at + len(value)] if start >= 0 else f"{head} {value}"


NOUN_WORDS = 2  # shared words after a thing shown with it: "Norwegian [pension fund]"


def _shared_tail(old_after: list[str], new_after: list[str], after: Callable[[str], bool],
                 most: int) -> str | None:
    """The words both sentences share right after the values, each one ``after`` takes,
    up to ``most``: a thing's noun whole ("the Norwegian pension fund", not "the Norwegian
    pension")."""
    taken: list[str] = []
    for a, b in zip(old_after[:most], new_after[:most], strict=False):
        word = _shared_word(a, b)
        if not word or not after(word) or (taken and not _noun_goes_on(taken[-1], word)):
            break
        taken.append(word)
    return " ".join(taken) or None


def _noun_goes_on(word: str, following: str) -> bool:
    """``following`` may be the next word of the noun ``word`` begins ("pension fund"):
    not after a plural or an auxiliary, where a verb comes ("shares surge", "could
    visit"), and no adverb ("tank shortly")."""
    plural = word.endswith("s") and not word.endswith("ss")
    return not plural and word not in _COPULAS and not _adverb(following)


def _neighbour_sides(kind: str, old: str, new: str) -> tuple[bool, Callable[[str], bool]]:
    """Whether a value of ``kind`` is shown with the word before it, and which word
    after it it takes: a date only the part of the day ("Sunday night"), never a
    verb's past ("vessels reached")."""
    if kind == "date":  # "vote on Friday", not "country tomorrow"
        return old.split()[0].lower() in PREPOSITIONS, SHOWN_DAY_PARTS.__contains__
    if kind == "number":
        bare = not re.search(r"[A-Za-z]", old + new)  # "$96", "4%"
        return bare, _qualified if bare else _nothing
    if kind == "entity":
        return True, _qualified if max(_head_words(old), _head_words(new)) <= 2 else _nothing
    return False, _nothing


def _qualified(word: str) -> bool:
    """A word after a thing that may be a noun it qualifies, not a verb's past ("Asian
    shares", not "a man's head got")."""
    return not word.endswith("ed") and word not in IRREGULAR_VERBS


def _nothing(word: str) -> bool:
    return False


def _head_words(value: str) -> int:
    """Words of ``value`` not counting an article ("An illegal" is one)."""
    return sum(word.lower() not in ARTICLES for word in value.split())


def _shared_word(old: str | None, new: str | None) -> str | None:
    """The word both sides share there, if it is a plain lower-case content word."""
    return old if old and old == new and _plain_content_word(old) else None


def _plain_content_word(word: str) -> bool:
    """A plain lower-case content word: not a name's part ("Erie County": a place after a
    value is where, not what), a number, "post-", punctuation, a preposition or a function
    word."""
    return re.fullmatch(r"[a-z]+(?:['’-][a-z]+)*", word) is not None and (
        word not in FUNCTION_WORDS and word not in PREPOSITIONS)


def is_word_char(char: str) -> bool:
    r"""What ``\w`` matches in a str pattern (an empty string: no character, never)."""
    return char.isalnum() or char == "_"


def occurs_between(needle: str, text: str, before: Callable[[str], bool],
                   after: Callable[[str], bool]) -> bool:
    """Does ``needle`` occur in ``text`` where the character before it passes ``before``
    and the one after it ``after`` ("" at either end of the text)?  What
    ``re.search(rf"(?<!X){re.escape(needle)}(?=Y)", text)`` says, without compiling a
    pattern for each value (re's cache of 512 patterns does not hold them: ~6 % of a
    replay's CPU went to compiling them)."""
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if before(text[at - 1] if at else "") and after(text[end:end + 1]):
            return True
        at = text.find(needle, at + 1)
    return False


def _not_word(char: str) -> bool:
    return not is_word_char(char)


def _whole_words(value: str | None, sentence: str | None) -> str | None:
    """``value`` never starts or ends inside a word of its sentence: the atoms read
    "H5N1" as "H", "5", "N1" and "NZ$100,000" as "NZ", "$100,000", but a change of "N1"
    is shown as "H5N1", an amount with its "NZ" (a possessive's "'s" is not the word)."""
    if not value or not sentence or (at := sentence.find(value)) < 0 or occurs_between(
            value, sentence, _not_word, _not_word):
        return value  # (whole where it stands: "on" is not the one inside "conversation")
    start, end = at, at + len(value)
    if value[0].isalnum() or value[0] in CURRENCY_SYMBOLS:  # "NZ" before "$100,000"
        while start > 0 and sentence[start - 1].isalnum():
            start -= 1
    if value[-1].isalnum():
        while end < len(sentence) and sentence[end].isalnum():
            end += 1
    return sentence[start:end]


def _with_sign(value: str | None, sentence: str | None) -> str | None:
    """A negative amount keeps its sign: "-25 to -30", not "25 to -30"."""
    if not value or not sentence or not value[0].isdigit() or (
            at := sentence.find(value)) <= 0 or not _MINUS_BEFORE.search(sentence, 0, at):
        return value
    return sentence[at - 1:at] + value


_MINUS_BEFORE = re.compile(r"(?:^|[\s(])[-\u2212]$")  # a sign, not "COVID-19" or "2-1"
_PLUS_AFTER = re.compile(r"\++(?!\w)")


def _with_plus(value: str | None, sentence: str | None) -> str | None:
    """A name whose "+" the value left behind ("Apple TV" of "Apple TV+ released", "Disney"
    of "Disney+"): the "+" is part of it."""
    if not value or not sentence or not value[-1].isalnum() or (
            at := sentence.find(value)) < 0:
        return value
    plus = _PLUS_AFTER.match(sentence, at + len(value))
    return value + plus.group(0) if plus else value


MARKED_PERSON_WORDS = 3  # words of the person a lone role marker is shown with, at most


def _marker_with_person(value: str | None, sentence: str | None) -> str | None:
    """A role marker alone ("Former" of "Former American businessman detained in
    Myanmar") shown with the person it marks, up to the first small, state or saying word:
    "Former American businessman"."""
    if not value or not sentence or value.strip().lower() not in role_markers() or (
            at := sentence.find(value)) < 0:
        return value
    person: list[str] = []
    for word in sentence[at + len(value):].split()[:MARKED_PERSON_WORDS + NAME_GOES_ON]:
        plain = word.rstrip(",.;:!?)")
        if not plain or _small_or_state_word(plain.lower()) or not (
                plain.replace("-", "").isalpha()) or (
                len(person) >= MARKED_PERSON_WORDS and not plain[0].isupper()):
            break  # (a name goes on past the limit: "former Supreme Court Justice Louise Arbour")
        person.append(plain)
        if plain != word:
            break  # a comma or a stop closes the person's words
    return " ".join([value.strip(), *person]) if person else value


def _small_or_state_word(word: str) -> bool:
    """A function word, a preposition, a state or a saying word: no noun of a person or a
    thing (lower case)."""
    return word in FUNCTION_WORDS or word in PREPOSITIONS or word in STATUS or word in SPEECH


NAME_GOES_ON = 3  # words a name cut at the value's end is shown on with, at most
_NAME_WORD = re.compile(r"\s+([A-Z][\w'’.-]*)")


def _whole_names_at_end(change: Change) -> Change:
    """Each value never ends inside a name (_name_run_after); in a headline in title case,
    where every word is capitalised, only where both sides go on with the same words
    ("parts of Wyoming" -> "lifted in Wyoming", each before "County")."""
    old = _whole_name_at_end(change.old, change.old_sentence, title_case=True)
    new = _whole_name_at_end(change.new, change.new_sentence, title_case=True)
    if change.old and change.new and (old[len(change.old):] if old else "") == (
            new[len(change.new):] if new else ""):
        return replace(change, old=old, new=new)  # the same name's end on both sides
    whole = _each_side(change, _whole_name_at_end)
    # a name one side goes on with that the other value stands right before too ("former
    # Cuban President [Raúl Castro]" -> "former Cuban leader [Raúl Castro]"): on both
    return replace(whole, old=_going_on_as(whole.old, change.old_sentence, change.new,
                                           whole.new),
                   new=_going_on_as(whole.new, change.new_sentence, change.old, whole.old))


def _with_opening_word(change: Change) -> Change:
    """Both values shown with their sentences' first word, where each value starts right
    after it, the word is the same on both sides and capitalised: the name a sentence opens
    with, whose first word the reading could not tell from a capital owed to the
    sentence's start ("[Lake] Effect Snow Warning" -> "[Lake] Effect Snow Advisory")."""
    sides = _in_sentences(change)
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    old_first, new_first = _first_word_before(old, old_sentence), _first_word_before(
        new, new_sentence)
    if old_first is None or old_first != new_first or not old_first[:1].isupper() or not (
            old[:1].isupper() and new[:1].isupper()) or old_first.lower() in _NOT_A_NAMES_WORD:
        return change  # ("But President Trump", "All L.A. City": no name's word)
    return replace(change, old=f"{old_first} {old}", new=f"{new_first} {new}")


_NOT_A_NAMES_WORD = FUNCTION_WORDS | DETERMINERS | frozenset(SCOPE)


def _first_word_before(value: str, sentence: str) -> str | None:
    """The sentence's first word, where ``value`` starts right after it (one space)."""
    first, space, rest = sentence.lstrip().partition(" ")
    return first if space and rest.startswith(value) and first.isalpha() else None


def _going_on_as(value: str | None, sentence: str | None, other: str | None,
                 other_whole: str | None) -> str | None:
    """``value`` with the words ``other`` was extended by (to ``other_whole``) when they
    follow ``value`` in its sentence too."""
    if not (value and sentence and other and other_whole) or not other_whole.startswith(
            other) or other_whole == other:
        return value
    more = other_whole[len(other):]
    return value + more if f"{value}{more}" in sentence and not value.endswith(more) else value


def _whole_name_at_end(value: str | None, sentence: str | None, *,
                       title_case: bool = False) -> str | None:
    """``value`` never ends inside a name: "on supply routes in North" is shown as "... in
    North Darfur", "Auckland mayor Phil" as "Auckland mayor Phil Goff" (the diff took the
    name's words that changed).  Not in a headline in title case (unless ``title_case``),
    where every word is capitalised."""
    if not value or not sentence or not value[-1:].isalpha() or (
            at := sentence.find(value)) < 0 or (not title_case and _title_cased(sentence)):
        return value
    last = value.split()[-1]
    if not last[:1].isupper() or last.lower() in FUNCTION_WORDS or (
            at == 0 and len(value.split()) == 1):
        return value  # (a sentence's first word is capitalised where it stands: "Former")
    end = at + len(value)
    for _ in range(NAME_GOES_ON):
        more = _NAME_WORD.match(sentence, end)
        if more is None or more.group(1).lower() in FUNCTION_WORDS:
            break
        end = more.end()
    return sentence[at:end].rstrip(".")


def _whole_name_at_start(value: str | None, sentence: str | None) -> str | None:
    """``value`` never starts inside a name: "Korea help" -> "Korean missiles" is shown
    "North Korea help" -> "North Korean missiles" (the diff took the word that changed).
    Not for a date ("Erie County [Sunday night]"), nor in a headline in title case, where
    every word is capitalised."""
    first = value.split()[0].rstrip(".,").lower() if value else ""
    if not value or not sentence or not value[:1].isupper() or (
            at := sentence.find(value)) <= 0 or _title_cased(sentence) or (
            first in WEEKDAYS or first in MONTHS):  # "Erie County [Sunday night]": a date
        return value
    start, taken = at, 0
    for _ in range(NAME_GOES_ON):
        before = _NAME_WORD_BEFORE.search(sentence, 0, start)
        if before is None or not _names_word(before.group(1), opens=before.start() == 0,
                                             run=taken + 1):
            break
        start, taken = before.start(1), taken + 1
    return sentence[start:at] + value


def _names_word(word: str, *, opens: bool, run: int) -> bool:
    """A capitalised word before a value is a name's: not a small word, a number or a
    question's opener ("All", "Four", "Why"); the sentence's first word, capitalised
    wherever it stands, only when no common word ("Amherst Police") or opening a longer
    name ("Lake Effect Snow Warning", not "Fallen NSW climber")."""
    low = word.lower()
    if low in _NOT_A_NAMES_WORD or low in SMALL_NUMBERS or low in ORDINALS or (
            low in QUESTION_OPENERS):
        return False
    return not opens or run >= 2 or not is_common_word(low)


# a capitalised word right before, not ending a sentence ("Houston. Protests were ...")
_NAME_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w'’-]*)\s+$")


def _title_cased(sentence: str) -> bool:
    """Most of the sentence's words are capitalised: a headline in title case."""
    words = re.findall(r"[A-Za-z][\w'’-]*", sentence)
    return sum(w[0].isupper() for w in words) > 0.6 * len(words) if words else False


# The other end of a range or a tally right after an amount or a date: "58 votes [to 24]",
# "between 2021 [and 2023]", "June 20 [to 22]", "to 32 [from 36]"; the end is a bare amount
# that closes its clause (not "96 passengers [and 11] crew", "113.1 points [to 7290.6] as
# ...": another count, another fact).
_RANGE_END = re.compile(
    r"\s*(?P<joint>\bto\b|\band\b|\bfrom\b|[-–])\s*[$£€]?\d+(?:[,.]\d+)*%?"
    r"(?=[,;:)]|\.(?!\d)|\s*$)")
# What must stand before the value's amount for each joint: "between" for "and", "to" for
# "from"; "to", "-" need nothing.
_RANGE_OPENERS = {"and": re.compile(r"\bbetween\b", re.IGNORECASE),
                  "from": re.compile(r"\bto\b", re.IGNORECASE)}
# A value ending on an amount or a date, or on one and its unit ("58 votes").
_ENDS_ON_AMOUNT = re.compile(r"\d\S*(?:\s+[A-Za-z]+)?$")


# The first end of a range right before an amount or a date, with its month: "[between
# the ages of 1 and] 14", "[Feb. 15-]21", "[from 10 to] 14" ("and" needs "between" before it,
# "to" needs "from"; a dash joins a range unspaced: "level 2 - 14 things" is two)
_RANGE_START = re.compile(
    r"(?:(?P<month>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?\s+)?"
    r"(?P<first>[$£€]?\d+(?:[,.]\d+)*%?)(?:\s*(?P<joint>\band\b|\bto\b)\s*|[-–])$")
_RANGE_START_OPENERS = {"and": re.compile(r"\bbetween\b", re.IGNORECASE),
                        "to": re.compile(r"\bfrom\b", re.IGNORECASE)}
_STARTS_ON_AMOUNT = re.compile(r"^[$£€]?\d")


def _with_range(value: str | None, sentence: str | None) -> str | None:
    """An amount or date shown with the other end of its range or tally: one end alone
    ("58 votes" of "58 votes to 24", "14" of "between 1 and 14", "21" of "Feb. 15-21")
    reads as the whole count or span."""
    return _with_range_start(_with_range_end(value, sentence), sentence)


def _with_range_start(value: str | None, sentence: str | None) -> str | None:
    if not value or not sentence or not _STARTS_ON_AMOUNT.search(value) or (
            at := sentence.find(value)) <= 0:
        return value
    start = _RANGE_START.search(sentence, max(0, at - 40), at)
    if start is None:
        return value
    opener = _RANGE_START_OPENERS.get((start.group("joint") or "").lower())
    if opener is not None and not opener.search(sentence[max(0, start.start() - 25):at]):
        return value
    return sentence[start.start():at] + value


def _with_range_end(value: str | None, sentence: str | None) -> str | None:
    if not value or not sentence or not _ENDS_ON_AMOUNT.search(value) or (
            at := sentence.find(value)) < 0:
        return value
    end = _RANGE_END.match(sentence, at + len(value))
    if end is None:
        return value
    opener = _RANGE_OPENERS.get(end.group("joint").lower())
    if opener is not None and not opener.search(sentence[max(0, at - 10):at + len(value)]):
        return value
    return sentence[at:end.end()]


def _with_person_aged(value: str | None, sentence: str | None) -> str | None:
    """An age set after a name between commas is shown with the name: "34" -> "36" of
    "Grace Atim, 34, a former teacher" as "Grace Atim, 34" -> "Grace Atim, 36" (whose age
    it is)."""
    if not value or not sentence or not value.isdecimal() or not 0 < int(value) < 125:
        return value
    found = [m for m in _AGED.finditer(sentence) if m.group("age") == value]
    return f"{found[0].group('name')}, {value}" if len(found) == 1 else value


def _with_predicate(value: str | None, sentence: str | None) -> str | None:
    """A bare amount whose noun the sentence leaves out is shown with the state it is
    given: "5" -> "6" of "3 people were killed and 5 were injured" as "5 were injured" ->
    "6 were injured" (what the 5 are)."""
    if not value or not sentence or not _BARE_AMOUNT.fullmatch(value):
        return value
    found = [m for m in _PREDICATE.finditer(sentence) if m.group("amount") == value]
    return found[0].group(0) if len(found) == 1 else value


_BARE_AMOUNT = re.compile(r"\d[\d,.]*")
# An amount, then a verb that gives it a state, and the state: "5 were injured", "12 have
# been arrested", "2 remain missing"
_PREDICATE = re.compile(r"(?<![\w.,$£€-])(?P<amount>\d[\d,.]*\d|\d)\s+(?:were|was|are|is|have been|"
                        r"had been|has been|remain|remained|remains)\s+[a-z]+")


# A name (its last one to three capitalised words), a comma, an age, and a comma, a
# bracket or the end: "Grace Atim, 34,"
_AGED = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),\s(?P<age>\d{1,3})"
                   r"(?=\s*(?:[,);]|$))")


POSSESSED_WORDS = 4  # words of what an owner owns shown with it
_POSSESSIVE_AFTER = re.compile(r"['’]s(?!\w)")


def _with_possessed(value: str | None, sentence: str | None) -> str | None:
    """A value never ends on an owner cut from what it owns: "Mexico" -> "Argentina" of
    "Mexico's National University" is shown as "Mexico's National University" ->
    "Argentina's National University", "14 of the country" as "14 of the country's 21
    provinces", "12 Victorian McDonald" as "12 Victorian McDonald’s" (the name whole)."""
    if not value or not sentence or (at := sentence.find(value)) < 0:
        return value
    end = at + len(value)
    possessive = _POSSESSIVE_AFTER.match(sentence, end)
    if possessive is None:
        return value
    rest = sentence[possessive.end():]
    owned = _owned_words(rest)
    if not owned and (not re.fullmatch(r"[\s.!?\"”’')]*", rest) or "..." in rest):
        return value  # only a name ending its sentence takes its "'s" alone ("McDonald’s";
        # not "the White House's ...", a feed's cut)
    return _through(sentence[at:possessive.end()], sentence, owned, at)


def _owned_words(rest: str) -> list[str]:
    """The words of what a possessive owns, from the text right after its "'s": names and
    amounts ("National University", "21"), then a plain noun or two ("provinces",
    "head"), to the first punctuation."""
    words = _CLAUSE_BREAK.split(rest, maxsplit=1)[0].split()
    owned: list[str] = []
    for word in words[:POSSESSED_WORDS]:
        if word[0].isupper() or word[0].isdigit():
            if any(not w[0].isupper() and not w[0].isdigit() for w in owned):
                break
            owned.append(word)
        elif _plain_noun(word) and sum(w[0].islower() for w in owned) < (
                2 if any(w[0].isdigit() for w in owned) else 1):
            owned.append(word)  # "21 provinces", "15 coffee-growing departments"
        else:
            break
    return owned


def _plain_noun(word: str) -> bool:
    """A lower-case word that may be a noun: no function word, verb of saying, state
    word or preposition, nor a past, adverb or gerund ("head got": "head" only)."""
    low = word.lower()
    return re.fullmatch(r"[a-z]+(?:-[a-z]+)*", word) is not None and not _small_or_state_word(
        low) and ("-" in word or not re.search(r"(?:ed|ly|ing)$", low))


OBJECT_WORDS = 4  # how much of a state's shared object is shown with it


def _with_object(change: Change) -> Change:
    """A state changed before the same object is shown with it, up to OBJECT_WORDS and
    short of a preposition of place or time:
    "could not reach" -> "reached" as "could not reach the site" -> "reached the site"
    (what the state is about, unchanged, was outside the edit); a preposition that ties a
    state to its object ("charged with", "on suspicion of") is shown with that object,
    each side with its own ("was questioned on suspicion of fraud" -> "was charged with
    fraud")."""
    sides = _in_sentences(change) if change.kind == "status" else None
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    after_old = _words_after(old, old_sentence)
    after_new = _words_after(new, new_sentence)
    tied_old, tied_new = _tying_words(after_old), _tying_words(after_new)
    if tied_old or tied_new:
        after_old, after_new = after_old[len(tied_old):], after_new[len(tied_new):]
    shared = _shared_object(after_old, after_new)
    if (tied_old or tied_new) and not _whole_object(shared, after_old, after_new):
        return change  # "have taken to one [of Brisbane's busiest roads]": cut, not shown
    if not shared:
        return change
    return replace(change, old=_through(old, old_sentence, [*tied_old, *shared]),
                   new=_through(new, new_sentence, [*tied_new, *shared]))


# Words that open the clause after a state's own: its object ends before them ("as",
# "while"; not "and", which as often joins two objects: "follows Madonna and Lady Gaga")
_NEXT_CLAUSE = frozenset({"as", "while", "but", "when", "because", "although", "though",
                          "so", "which", "who", "whose", "where", "if", "unless"})


def _shared_object(after_old: list[str], after_new: list[str]) -> list[str]:
    """The words both sides share right after a state, up to OBJECT_WORDS and short of a
    preposition, never ending on a function word."""
    shared: list[str] = []
    for a, b in zip(after_old, after_new, strict=False):
        if a != b or len(shared) == OBJECT_WORDS or a.lower() in PREPOSITIONS or (
                a.lower() in _NEXT_CLAUSE):
            break  # the object, not where or when ("the village", not "on Monday"), nor
            # the next clause ("steps down [as Zelenskyy announces]")
        shared.append(a)
    while shared and shared[-1].lower() in FUNCTION_WORDS:
        shared.pop()  # never end on "to", "the"
    return shared


def _whole_object(shared: list[str], after_old: list[str], after_new: list[str]) -> bool:
    """``shared`` is a whole object: both clauses end with it or go on with a preposition
    (not cut by the word limit or a word the sides do not share)."""
    def ends(after: list[str]) -> bool:
        rest = after[len(shared):]  # ("of" goes on with the same noun: "one [of ...]")
        return not rest or (rest[0].lower() in PREPOSITIONS and rest[0].lower() != "of")
    return bool(shared) and ends(after_old) and ends(after_new)


# Prepositions that tie a state to what it is about ("charged with", "an inquiry into",
# "take the case to"), not where or when it happens ("on Monday", "in Paris").
_TYING_PREPOSITIONS = frozenset({"with", "of", "into", "over", "to", "for", "against"})


def _tying_words(after: list[str]) -> list[str]:
    """The tying preposition right after a state (see _TYING_PREPOSITIONS), with "on
    suspicion" before its "of"; [] when the state is followed by its object or nothing."""
    if after[:1] and after[0].lower() in _TYING_PREPOSITIONS:
        return after[:1]
    if [w.lower() for w in after[:3]] == ["on", "suspicion", "of"]:
        return after[:3]
    return []


# Verbs that link a subject to its state, and the auxiliaries and modals before them:
# alone they say nothing ("was" -> "died", "will be" -> "is at the event")
_COPULAS = AUXILIARIES | MODAL_VERBS | {"remain", "remains", "remained"}


def _with_complement(change: Change) -> Change:
    """A state changed from or to a bare linking verb is shown with the state that verb
    links, to the first clause mark: "was" -> "died" as "was in a serious condition" ->
    "died" (the edit took the verb alone when the state's words also stand elsewhere in
    the other sentence)."""
    sides = _in_sentences(change) if change.kind == "status" else None
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    return replace(change, old=_linked_state(old, old_sentence),
                   new=_linked_state(new, new_sentence))


def _linked_state(value: str, sentence: str) -> str:
    """A bare linking verb (with its auxiliaries: "will be") with the words after it, to
    the first clause mark (at most OBJECT_WORDS); anything else, or a verb its sentence
    holds twice (which one the edit took is not known from the value), as it is."""
    if not value or not all(word in _COPULAS for word in value.lower().split()):
        return value
    found = list(re.finditer(rf"(?<![\w'’-]){re.escape(value)}(?![\w'’-])", sentence))
    if len(found) != 1:
        return value
    at = found[0].start()
    words = _words_after(value, sentence, at)[:OBJECT_WORDS]
    return _through(value, sentence, words, at) if words else value


def _through(value: str, sentence: str, words: list[str], at: int | None = None) -> str:
    """``value`` and ``words`` after it, as its sentence writes them: "a 15-year-old boy",
    not "a 15 -year-old boy" ("-year-old" is a word _words_after split off).  ``at``:
    where the value stands (by default, where it first does)."""
    at = sentence.find(value) if at is None else at
    end = at + len(value)
    for word in words:
        end = sentence.find(word, end) + len(word)
    return sentence[at:end]


LONE_AGAINST = 4  # words on the other side for a one-word side to be shown as its clause
LONE_CLAUSE_WORDS = 10  # ... when that clause is short enough to read as a value
_CLAUSE_MARKS = re.compile(r"[,;:()\"“”—–]|\s-\s")


def _lone_side_whole(change: Change) -> Change:
    """One side a lone common word against a phrase on the other ("150-year-overdue book
    resurfaces in an Australian library" -> "book", "Los Angeles home, according to a
    law enforcement official" -> "residence") is shown as the clause it stands in: a word
    alone does not say what replaced what."""
    sides = _in_sentences(change)
    if sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    if _lone(old) and len(new.split()) >= LONE_AGAINST:
        return replace(change, old=_without_shared_opening(
            _clause_of(old, old_sentence), new, new_sentence))
    if _lone(new) and len(old.split()) >= LONE_AGAINST:
        return replace(change, new=_without_shared_opening(
            _clause_of(new, new_sentence), old, old_sentence))
    return change


def _without_shared_opening(clause: str, other: str, other_sentence: str) -> str:
    """``clause`` without the words it opens with that stand right before the other value
    in its sentence ("The plane returned to Boston" beside "was diverted to Boston" in
    "The plane was diverted to Boston" is "returned to Boston"): context both sides share,
    shown on neither."""
    at = other_sentence.find(other)
    shared = other_sentence[:at].strip() if at > 0 else ""
    if shared and clause.startswith(shared + " ") and len(clause) > len(shared) + 1:
        return clause[len(shared) + 1:]
    return clause


def _lone(value: str) -> bool:
    """A lone common word, not a state (a state reads alone: "resigned", "expired")."""
    return re.fullmatch(r"[a-z]+(?:['’-][a-z]+)*", value) is not None and (
        value not in STATUS)


def _clause_of(word: str, sentence: str, limit: int = LONE_CLAUSE_WORDS) -> str:
    """The part of ``sentence`` between the clause marks around ``word`` (the word itself
    when it is not found whole, or when the clause is longer than ``limit`` words)."""
    at = next((m.start() for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])",
                                               sentence)), None)
    if at is None:
        return word
    start = max((m.end() for m in _CLAUSE_MARKS.finditer(sentence, 0, at)), default=0)
    after = _CLAUSE_MARKS.search(sentence, at + len(word))
    end = after.start() if after else len(sentence)
    clause = re.sub(r"^(?:and|but|or)\s+", "", sentence[start:end].strip().rstrip(".!?").strip())
    return clause if clause and len(clause.split()) <= limit else word


def _in_sentences(change: Change) -> tuple[str, str, str, str] | None:
    """A change of one value for another, each with the sentence it stands in: (old, new,
    old sentence, new sentence); None for any other."""
    old, new, old_sentence, new_sentence = (change.old, change.new, change.old_sentence,
                                            change.new_sentence)
    if change.action != "changed" or not (old and new and old_sentence and new_sentence):
        return None
    return old, new, old_sentence, new_sentence


def _words_after(value: str, sentence: str, at: int | None = None) -> list[str]:
    """The words right after ``value`` in ``sentence``, to the first punctuation (``at``:
    where the value stands; by default, where it first does)."""
    at = sentence.find(value) if at is None else at
    if at < 0:
        return []
    rest = _CLAUSE_BREAK.split(sentence[at + len(value):], maxsplit=1)[0]
    return rest.split()


def _with_saying(change: Change) -> Change:
    """A source shown with its verb of saying where the verb follows it: "the ministry
    said" -> "Sarnia Mayor Denise Lacroix said"."""
    return _each_side(change, _saying_after) if change.kind == "attribution" else change


def _source_whole(change: Change) -> Change:
    """A source shown as the whole phrase that names it, where the edit took part of it:
    with "according to" before it ("the trust" -> "according to the trust"), the words of
    its noun phrase before it ("director Nour Khalil" -> "Festival director Nour Khalil",
    "Chamber of Commerce" -> "The Fiji Chamber of Commerce") and, after a role, the body
    the role speaks for ("A spokesman" -> "A spokesman for the Sambava growers'
    cooperative", "Markus Brenner, head" -> "... head of the city's public order
    office").  Who says it is the whole of who they are."""
    return _each_side(change, _whole_source) if change.kind == "attribution" else change


def _whole_source(value: str | None, sentence: str | None) -> str | None:
    if not value or not sentence or (at := sentence.find(value)) < 0:
        return value
    start, end = _source_start(sentence, at, value), _source_end(sentence, at + len(value))
    return sentence[start:end]


SOURCE_WORDS_BEFORE = 3  # words of a source's noun phrase taken back before its value
ROLE_BODY_WORDS = 8  # words of the body a role speaks for ("for the city's ... office")
_ACCORDING = re.compile(r"(?<![\w'’-])according\s+to\s+$", re.IGNORECASE)


def _source_start(sentence: str, at: int, value: str) -> int:
    """Where the phrase naming the source that starts at ``at`` starts."""
    according = _ACCORDING.search(sentence, 0, at)
    if according:
        return according.start()
    first = value.split()[0]
    if first.lower() in DETERMINERS or not (first[0].isupper() or first.lower() in ROLE_NOUNS) or (
            first.lower() in FUNCTION_WORDS or first.lower() in SPEECH):
        return at  # the noun phrase opens on its determiner; or the value is no name or
        # role ("warns Forest and Bird", "In Singapore"): nothing before it is the source's
    start = at
    for _ in range(SOURCE_WORDS_BEFORE):
        word = re.search(r"(\S+)\s+$", sentence[:start])
        if word is None or not _in_source_phrase(word.group(1)):
            break
        start = word.start(1)
        if word.group(1).lower() in DETERMINERS:
            break  # "The Fiji Chamber of Commerce"
    return start


def _in_source_phrase(word: str) -> bool:
    """``word``, right before a source, belongs to its noun phrase: a determiner, a
    capitalised word that is no day or month ("ACCC chair", "Festival director"), a
    possessive, or a plain noun ("union chairman"); no verb, adverb or preposition."""
    low = word.lower()
    if not re.fullmatch(r"[A-Za-z][\w&.'’-]*", word) or low in SPEECH or low in STATUS:
        return False
    if low in DETERMINERS:
        return True
    if low in FUNCTION_WORDS or low in PREPOSITIONS or low in MONTHS or low in WEEKDAYS:
        return False
    return word[0].isupper() or re.search(r"['’]s$", low) is not None or not re.search(
        r"(?:ly|ed|ing)$", low)


_ROLE_BODY = re.compile(r"\s+(?:of|for|at)\s")
_CLAUSE_END = re.compile(r"[,;:()\"“”]|\s[-–—]\s")
_WORD = re.compile(r"\S+")


def _source_end(sentence: str, end: int) -> int:
    """Where the source phrase ending at ``end`` ends: after a role, the body it speaks
    for, to the clause's end or its verb of saying, when that is short."""
    last = re.search(r"(\w+)\W*$", sentence[:end])
    if last is None or last.group(1).lower() not in ROLE_NOUNS or not _ROLE_BODY.match(
            sentence, end):
        return end
    stop = _CLAUSE_END.search(sentence, end)
    body_end = stop.start() if stop else len(sentence)
    reached = end
    for count, word in enumerate(_WORD.finditer(sentence, end, body_end), start=1):
        if word.group().lower() in _SAYING_VERBS:
            break  # "... of the office said": the verb is _with_saying's
        if count > ROLE_BODY_WORDS:
            return end  # too long to be one body's name
        reached = word.end()
    return end + len(sentence[end:reached].rstrip(".!?"))


def _each_side(change: Change, shown: Callable[[str | None, str | None], str | None]
               ) -> Change:
    """``change`` with each side's value as ``shown`` (value, its sentence) gives it."""
    old, new = shown(change.old, change.old_sentence), shown(change.new, change.new_sentence)
    if old == change.old and new == change.new:
        return change  # the common case, without a copy
    return replace(change, old=old, new=new)


def _saying_after(value: str | None, sentence: str | None) -> str | None:
    if not value or not sentence or (at := sentence.find(value)) < 0:
        return value
    rest = sentence[at + len(value):]
    verb = re.match(r"\s+(\w+)", rest)
    if verb is None or verb.group(1).lower() not in _SAYING_VERBS:
        return value
    return value + rest[:verb.end()]


# The verbs of saying (speech.txt) in forms that are no noun: "police said", not "the
# claim" or "reports" ("Mare of Easttown claim", "Police to follow up reports").
_SAYING_VERBS = frozenset(SPEECH) - {
    "according", "call", "calls", "claim", "claims", "comment", "comments", "note", "notes",
    "post", "posts", "remark", "remarks", "report", "reports", "say", "show", "shows",
    "shown", "state", "states", "tweet", "tweets", "warning", "writing", "written"}


def _with_marker(change: Change) -> Change:
    """A value changed behind the same marker is shown with it (the marker, unchanged,
    was outside the edit): a restriction's ("until power is fully restored" -> "until
    Wednesday", not "power is fully restored" -> "Wednesday"), a thing's determiner ("His
    brother" -> "His son")."""
    shared = _SHARED_MARKERS.get(change.kind)
    sides = _in_sentences(change) if shared is not None else None
    if shared is None or sides is None:
        return change
    old, new, old_sentence, new_sentence = sides
    before = word_before(old, old_sentence)
    if before is None or before != word_before(new, new_sentence) or (
            not shared(before.lower())) or (
            change.kind == "entity" and old[:1].isupper() and new[:1].isupper()):
        return change  # (a name needs no article: "H5N1" -> "H5N8")
    return replace(change, old=f"{before} {old}", new=f"{before} {new}")


_SHARED_MARKERS: dict[str, Callable[[str], bool]] = {
    "condition": lambda word: word in CONDITION_MEANING,
    "entity": lambda word: word in DETERMINERS,
}


QUOTED_PHRASE_WORDS = 12  # a quoted phrase up to this long is shown whole
# What ends a quoted phrase: its quotation marks (a single one not inside a word:
# "Britain’s" goes on), and punctuation inside it (not the point of "4.3" or "U.S." nor the
# comma of "1,000").
_PHRASE_EDGE = re.compile(
    r"[\"“”()!?;]|:(?!\d)|,(?!\d)|\.(?!\w)|(?<!\w)[‘’']|[‘’'](?!\w)|\s[-–—]\s")


def _quoted_phrase(change: Change) -> Change:
    """A quotation's edit shown in the quoted phrase that holds it, when that is short
    enough to read whole: "large" -> "early" as "The bloom is unusually large for this
    time of year" -> "... unusually early ...".  (Shown only: the judge read the edit.)"""
    return _each_side(change, _phrase_around) if change.kind == "quote" else change


def _phrase_around(value: str | None, sentence: str | None) -> str | None:
    if not value or not sentence or (at := sentence.find(value)) < 0:
        return value
    before = [m.end() for m in _PHRASE_EDGE.finditer(sentence, 0, at)]
    after = _PHRASE_EDGE.search(sentence, at + len(value))
    start = before[-1] if before else 0
    phrase = sentence[start:after.start() if after else len(sentence)].strip()
    return phrase if len(phrase.split()) <= QUOTED_PHRASE_WORDS else value


# A single quotation mark that opens (after a space, a bracket or the start, before a
# letter) or closes (after a letter or a stop, before a space, a stop or the end); an
# apostrophe inside a word ("Can’t") or after its "s" ("parents’ rights") is neither.
_SINGLE_OPENING = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))[‘'](?=\w)")
_SINGLE_CLOSING = re.compile(r"(?<=[\w.!?,])[’'](?=[\s.,;:!?)]|$)")


def _single_quotes_closed(value: str | None, sentence: str | None) -> str | None:
    """A value that opens a single-quoted phrase shows its closing mark, and one that
    closes it its opening mark, where its sentence has the mark right there: "Trump
    acknowledges calling Netanyahu ‘crazy" -> "... ‘crazy’", "Ted Lasso’ scores wins" ->
    "‘Ted Lasso’ scores wins" (half a quotation reads as a typo)."""
    if not value or not sentence or (at := sentence.find(value)) < 0:
        return value
    opened = len(_SINGLE_OPENING.findall(value))
    closed = len([m for m in _SINGLE_CLOSING.finditer(value)
                  if not re.match(r"s[’']$", value[m.start() - 1:m.end()])])
    end = at + len(value)
    if opened > closed and _SINGLE_CLOSING.match(sentence, end):
        return value + sentence[end]
    if closed > opened and at > 0 and _SINGLE_OPENING.match(sentence, at - 1):
        return sentence[at - 1] + value
    return value


def word_before(value: str, sentence: str) -> str | None:
    """The word right before ``value``'s first place in ``sentence``."""
    at = sentence.find(value)
    words = sentence[:at].split() if at > 0 else []
    return words[-1] if words else None


def unlabelled(change: Change) -> Change:
    """The change with no page label leading its values ("Update : A fifth school ..."
    shows "A fifth school ..."), no word joining a clause the value stops before or
    starts after ("Global COVID-19 cases top 5.9 million as" shows "... 5.9 million",
    "of a Gabriella Delaney" shows "a Gabriella Delaney") and no half quotation."""
    return replace(change, old=_tidy(change.old, change.kind),
                   new=_tidy(change.new, change.kind))


def _tidy(value: str | None, kind: str) -> str | None:
    # the quotation is closed before a leading joiner goes: one inside it stays
    # ('to be his best self," as one friend put it' -> '"to be his best self," ...')
    value = _quotation_closed(_without_joiner(without_label(_trimmed(_BULLET, value))))
    # "to announce" is a status of its own (a plan, not the act)
    return value if kind == "status" else _trimmed(_LEADING_JOINERS, value)


# Words that only join what follows: a value ending on one stops mid-clause.  An
# auxiliary or modal left at the end ("Some Southtown communities are", "Eleven of the 44
# vendors will") waits for its verb.
_TRAILING_JOINERS = re.compile(
    r"(?:[\s,;:\-\u2013\u2014]+(?:as\s+well\s+as|such\s+as|as|and|or|but|while|who|which"
    r"|though|although"
    r"|that|the|a|an|of|in|on|at|to"
    r"|for|with|by|from|(?-i:is|are|was|were|be|been|has|have|had"
    r"|will|would|could|can|may|might|should|must)))+"
    r"[\s,;:\-\u2013\u2014]*$", re.IGNORECASE)
# ... and a value starting on one in lower case begins mid-clause ("of the American
# population"; "Of note here, ..." opens its sentence; "that"/"which" open a clause).
_LEADING_JOINERS = re.compile(r"^(?:(?:and|or|but|of|to)\s+)+")


_BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25cf*]\s+")  # "• Outrage grows over ..."


def _trimmed(pattern: re.Pattern[str], value: str | None) -> str | None:
    """``value`` without what ``pattern`` matches, unless nothing would be left."""
    if not value:
        return value
    trimmed = pattern.sub("", value)
    return trimmed if trimmed.strip() else value


def _without_joiner(value: str | None) -> str | None:
    return _trimmed(_TRAILING_JOINERS, value)


_QUOTATION_MARKS = frozenset({'"', "\u201c", "\u201d"})
_CLOSING_FOR = {"\u201c": "\u201d"}  # the mark that closes an opening one
_OPENING_FOR = {"\u201d": "\u201c"}


def _quotation_closed(value: str | None) -> str | None:
    """A value holding one quotation mark shows the quotation whole as far as the value
    goes: 'The teen "has been located.' -> 'The teen "has been located."', 'totally
    obliterated" targets' -> '"totally obliterated" targets'."""
    if not value:
        return value
    marks = [k for k, char in enumerate(value) if char in _QUOTATION_MARKS]
    if len(marks) != 1:
        return value
    k = marks[0]
    char = value[k]
    opens = k + 1 < len(value) and not value[k + 1].isspace() and (
        k == 0 or value[k - 1].isspace() or value[k - 1] in "([")
    if opens:
        return value + _CLOSING_FOR.get(char, char)
    return _OPENING_FOR.get(char, char) + value


def without_label(value: str | None) -> str | None:
    if not value:
        return value
    for rule in furniture_rules():
        match = rule.match(value)
        if match and match.group(0).strip() and value[match.end():].strip():
            return value[match.end():].strip()
    return value
