"""Sentence -> typed, normalised facts.

A sentence is read once into *atoms*: one per word or punctuation mark, except that a
date ("Nov. 19, 2024", "on Tuesday" resolved against the publish date) or a number
("$425 million", "five", "1,000", "40 percent") becomes a single atom whose canonical
form is its value.  Atoms carry the tags the diff needs (name, inside a quote, status,
condition, speech verb, number qualifier), and facts are read off them.

Why hand-written: dateparser.search_dates (1.1 s per article) and quantulum3
(0.35 s) are far too slow for the hot path and give no token offsets; the grammar
of dates and amounts in news copy is small enough for the rules below.
Pure functions, no I/O (the English word list is package data, loaded lazily).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from monitor.models import Document
from monitor.text import (
    ABBREVIATIONS,
    split_sentences,
    story_paragraphs,
    word_set,
)

# --------------------------------------------------------------------------- lexicons


def _ordered(text: str) -> list[str]:
    return text.split()


def _forms(*lemmas: str) -> list[str]:
    """Regular inflections of verbs (approve -> approves, approved, approving)."""
    out: list[str] = []
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        if (len(lemma) <= 4 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou"
                and lemma[-3] not in "aeiou"):
            stem = lemma + lemma[-1]  # drop -> dropped, ban -> banned
        third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
        else:
            past = stem + "ed"
        out += [lemma, third, past, stem + "ing"]
    return out


def _group(value: str, *words: str) -> dict[str, str]:
    return dict.fromkeys(words, value)


# Status: polarity and modality of a claim.  Words in one group are synonyms; a change
# between groups (or a status word appearing or vanishing) is a status change.
STATUS: dict[str, str] = {
    **_group("not", "not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
             "without", "unable", "failed", "fails", "fail"),
    **_group("will", "will", "shall", "would", "wo"),
    **_group("may", "may", "might", "could", "possibly", "perhaps", "possible", "potential",
             "potentially"),
    **_group("can", "can", "ca"),
    **_group("must", "must", "should", "required", "obliged"),
    **_group("likely", "likely", "probably", "probable", "expected", "poised", "set-to",
             "scheduled", "slated"),
    **_group("unconfirmed", "suspected", "alleged", "allegedly", "reportedly", "unconfirmed",
             "apparent", "apparently", "presumed", "believed", "feared", "thought"),
    **_group("approve", *_forms("approve", "authorize", "authorise", "allow", "permit",
                                "greenlight", "endorse", "grant"), "approval", "authorized"),
    **_group("reject", *_forms("reject", "veto", "refuse", "block", "bar", "ban", "prohibit",
                               "oppose", "decline"), "banned", "barred", "vetoed", "rejection"),
    **_group("confirm", *_forms("confirm", "acknowledge", "admit", "verify"), "admitted",
             "admitting", "confirmation"),
    **_group("deny", *_forms("deny", "refute"), "denial"),
    **_group("consider", *_forms("consider", "weigh", "mull", "explore", "discuss", "evaluate",
                                 "contemplate", "reassess", "reconsider", "reevaluate"),
             "reviewing", "studying", "debating", "reviewed", "investigating"),
    **_group("plan", *_forms("plan", "intend", "propose", "prepare", "seek"), "planned",
             "planning", "sought", "proposal", "plans"),
    **_group("suspend", *_forms("suspend", "halt", "pause", "freeze", "postpone", "delay",
                                "defer"), "froze", "frozen"),
    **_group("cancel", *_forms("cancel", "scrap", "abandon", "withdraw", "rescind", "revoke",
                               "lift"), "cancelled", "canceling", "cancelling", "withdrew",
             "withdrawn"),
    **_group("resume", *_forms("resume", "restart", "reopen", "restore")),
    **_group("continue", *_forms("continue", "proceed"), "ongoing-as-usual"),
    **_group("divert", *_forms("divert", "redirect", "reroute", "transfer")),
    **_group("close", "closes", "closed", "closing", "shut", "shuts", "shutting", "closure"),
    **_group("open", "opens", "opened", "reopened"),
    **_group("arrest", *_forms("arrest", "detain", "apprehend"), "custody"),
    **_group("charge", *_forms("charge", "indict", "accuse", "prosecute")),
    **_group("convict", *_forms("convict"), "guilty"),
    **_group("acquit", *_forms("acquit"), "acquitted", "acquitting", "innocent"),
    **_group("sentence", *_forms("sentence", "jail", "imprison")),
    # a report "released" is one "published"
    **_group("release", *_forms("release", "parole", "publish"), "freed", "bail"),
    **_group("sue", *_forms("sue"), "lawsuit"),
    **_group("appeal", *_forms("appeal", "challenge")),
    **_group("comply", *_forms("comply", "obey", "abide", "follow")),
    **_group("dismiss", *_forms("dismiss", "overturn", "reverse", "vacate", "strike"),
             "struck"),
    **_group("uphold", *_forms("uphold"), "upheld"),
    **_group("dead", *_forms("kill", "die", "slay"), "dead", "died", "dying", "slain",
             "fatal", "fatally", "deaths", "death"),
    **_group("injured", *_forms("injure", "wound", "hurt"), "injured", "injuries"),
    **_group("minor", "minor", "slight", "superficial"),
    **_group("serious", "serious", "severe", "critical", "life-threatening", "grave"),
    **_group("stable", "stable"),
    **_group("missing", "missing", *_forms("disappear"), "unaccounted"),
    **_group("found", *_forms("locate", "rescue"), "recovered"),
    **_group("evacuate", *_forms("evacuate")),
    **_group("resign", *_forms("resign", "quit"), "resignation"),
    **_group("fired", "fired", *_forms("sack", "oust")),
    **_group("win", "win", "wins", "won", "winning", "victory", "elected", "reelected",
             "re-elected", "winner"),
    **_group("lose", "lose", "loses", "lost", "losing", "defeat", "defeated", "loser"),
    **_group("lead", "leads", "leading", "ahead"),
    **_group("trail", *_forms("trail"), "behind"),
    **_group("concede", *_forms("concede")),
    **_group("approve", "passes", "passed", "adopted", "enacted", "ratified"),  # a bill
    **_group("sign", *_forms("sign")),
    **_group("increase", *_forms("increase", "raise", "hike", "boost", "climb", "jump",
                                 "surge", "soar"), "rise", "rises", "rose", "risen", "rising",
             "grow", "grew", "grown", "growing", "doubled", "tripled", "quadrupled"),
    **_group("decrease", *_forms("decrease", "cut", "reduce", "lower", "decline", "plunge",
                                 "slash", "drop"), "cuts", "cutting", "falls", "fell", "halved",
             "fallen", "falling"),
    **_group("hold", "holds", "held", "holding", "unchanged", "steady", "kept", "keeps",
             "maintained", "maintains"),
    **_group("agree", *_forms("agree", "accept"), "agreement"),
    **_group("complete", *_forms("complete", "finish", "conclude"), "completed", "ended",
             "ends"),
    **_group("start", *_forms("start", "begin", "launch"), "began", "begun", "underway"),
    **_group("preliminary", "provisional", "preliminary", "unofficial", "projected",
             "estimated"),
    **_group("final", "final", "certified"),
    **_group("positive", "positive"),
    **_group("negative", "negative"),
    **_group("contained", "contained", "containment", "controlled"),
    **_group("active", "active", "ongoing", "spreading"),
}
# Words whose meaning is a speech act; the group value decides whether a swap matters.
SPEECH: dict[str, str] = {
    **_group("say", *_forms("say", "state", "tell", "add", "note", "explain", "comment",
                            "remark", "report", "post", "tweet", "write", "warn", "announce",
                            "testify", "describe", "indicate", "reiterate", "stress"),
             "said", "says", "told", "wrote", "written", "according", "call", "calls",
             "called", "show", "shows", "showed", "shown"),
    **_group("say", *_forms("confirm", "acknowledge", "admit")),
    **_group("deny", *_forms("deny")),
    **_group("claim", *_forms("claim", "allege", "insist", "argue", "assert")),
}
# Who a claim is attributed to, when no name is given; words in one group are synonyms
# ("officials" = "authorities"), a swap between groups changes the source.
SOURCES: dict[str, str] = {
    **_group("official", "official", "officials", "authorities", "authority", "government",
             "administration"),
    **_group("police", "police", "officers", "officer", "detectives", "deputies"),
    **_group("spokesperson", "spokesperson", "spokesman", "spokeswoman", "representative",
             "spokespeople"),
    **_group("prosecutor", "prosecutors", "prosecutor"),
    **_group("lawyer", "lawyer", "lawyers", "attorney", "attorneys", "counsel"),
    **_group("investigator", "investigators", "investigator"),
    **_group("witness", "witness", "witnesses", "bystanders", "bystander"),
    **_group("resident", "resident", "residents", "locals", "neighbors", "neighbours"),
    **_group("source", "source", "sources", "insider", "insiders"),
    **_group("expert", "expert", "experts", "analyst", "analysts", "economists", "economist",
             "scientists", "scientist", "researchers", "researcher"),
    **_group("doctor", "doctor", "doctors", "physician", "physicians"),
    **_group("company", "company", "firm", "companies"),
    **_group("governor", "governor"), **_group("mayor", "mayor"),
    **_group("minister", "minister", "ministry"), **_group("president", "president"),
    **_group("judge", "judge", "court"), **_group("sheriff", "sheriff"),
    **_group("military", "military", "army", "troops"),
    **_group("union", "union", "unions"), **_group("lawmaker", "lawmaker", "lawmakers",
                                                   "senator", "senators", "legislators"),
    **_group("family", "family", "relatives"), **_group("aide", "aide", "aides"),
    **_group("witness-victim", "victim", "victims", "survivor", "survivors"),
    **_group("agency", "agency", "department", "office", "ministry's"),
}
# Restrictions and their scope.
# Restrictions and their scope; words in one group mean the same restriction.
CONDITION_MEANING: dict[str, str] = {
    **_group("only", "only", "exclusively", "solely", "exclusive"),
    **_group("within", "within", "inside"),
    **_group("outside", "outside", "beyond"),
    **_group("away", "away"),
    **_group("except", "except", "excepting", "excluding", "apart", "besides", "exempt",
             "exempts", "exempted", "exempting", "exemption", "exemptions"),
    **_group("unless", "unless"),
    **_group("if", "if", "provided", "providing", "conditional", "condition",
             "conditionally", "permitting", "pending", "contingent", "depending"),
    **_group("limited", "limited", "restricted", "restrict", "restricts", "restricting"),
    **_group("including", "including", "include", "includes", "included"),
    **_group("applies", "apply", "applies", "applied", "applying", "cover", "covers",
             "covered", "eligible", "ineligible"),
    **_group("until", "until"),
    **_group("temporary", "temporary", "temporarily"),
    **_group("permanent", "permanent", "permanently", "indefinitely", "indefinite"),
    **_group("voluntary", "voluntary", "optional"),
    **_group("mandatory", "mandatory", "compulsory", "required"),
    **_group("partial", "partial", "partially"),
    **_group("full", "fully"),
    **_group("unconditional", "unconditional", "unconditionally", "regardless"),
}
CONDITION = frozenset(CONDITION_MEANING)
# Qualifiers of an amount ("at least 12").
QUALIFIERS = tuple(tuple(q.split()) for q in (
    "at least", "at most", "more than", "fewer than", "less than", "up to", "as many as",
    "as much as", "as few as", "close to", "upwards of", "just over", "just under", "nearly",
    "almost", "about", "around", "approximately", "roughly", "some", "over", "under",
    "an estimated", "estimated", "exactly", "only", "more", "another", "additional", "further",
))
QUALIFIER = word_set(" ".join(" ".join(q) for q in QUALIFIERS))
# Qualifiers that say the same thing ("about" = "approximately"; "more than" = "over").
QUALIFIER_MEANING = {
    **dict.fromkeys(["about", "around", "approximately", "roughly", "some", "estimated",
                     "an estimated", "close to"], "approx"),
    **dict.fromkeys(["at least", "more than", "over", "upwards of"], "min"),
    **dict.fromkeys(["at most", "up to", "fewer than", "less than", "under", "as many as",
                     "as much as", "as few as"], "max"),
    **dict.fromkeys(["nearly", "almost", "just under"], "near"),
}
DATE_QUALIFIER = word_set("""
early late mid end beginning start by before after since until through from
""")
DETERMINERS = word_set("a an the this that these those its their his her our your")
PREPOSITIONS = word_set("""
in on at from to into onto within near across along around through over under by for of
with without toward towards against between among after before since during
""")
FUNCTION_WORDS = word_set("""
a an the this that these those its their his her our your my it they them he she we you i
and or but while as so yet of to in on at by for with from into onto over under about after
before since during through across along around between among toward towards against
is are was were be been being has have had do does did having 's 're 've 'd 'll s
which who whom whose what when where there here then than also just very still even
however meanwhile now already further furthermore additionally moreover thus
""")

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
SMALL_NUMBERS = {
    w: i for i, w in enumerate(_ordered(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen"))
}
TENS = {w: 10 * (i + 2) for i, w in enumerate(_ordered(
    "twenty thirty forty fifty sixty seventy eighty ninety"))}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9,
          "trillion": 10**12, "m": 10**6, "mn": 10**6, "bn": 10**9, "k": 1_000, "tn": 10**12}
# "first" is left out: "the region's first big storm" is seldom a count.
ORDINALS = {w: i + 2 for i, w in enumerate(_ordered(
    "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"))}
FRACTIONS = {"half": 0.5, "one-half": 0.5, "third": 1 / 3, "one-third": 1 / 3,
             "two-thirds": 2 / 3, "quarter": 0.25, "one-quarter": 0.25, "three-quarters": 0.75,
             "one-fifth": 0.2, "two-fifths": 0.4, "three-fifths": 0.6, "four-fifths": 0.8}
VAGUE_AMOUNTS = word_set("""
dozen dozens hundreds thousands millions billions several numerous handful scores few
""")
CURRENCY_SYMBOLS = {"$": "$", "€": "€", "£": "£", "¥": "¥"}
CURRENCY_WORDS = {"dollars": "$", "dollar": "$", "euros": "€", "euro": "€", "pounds": "£",
                  "yen": "¥", "yuan": "¥"}
PERCENT_WORDS = {"percent": "%", "%": "%", "pct": "%"}
# Country names that are also lower-case English words (babel's territory names that the
# web2 word list has in lower case): capitalised, they are names even opening a sentence.
PLACE_WORDS = word_set("""antarctica bolivia brazil canada chad chile china finland gambia
guernsey guinea iceland japan jersey jordan mali morocco mozambique panama russia tonga
zimbabwe""")
# Names for which the short form is not derivable from initials alone.
ALIASES = {
    "united states": "us", "united states of america": "us", "america": "us", "usa": "us",
    "united kingdom": "uk", "britain": "uk", "great britain": "uk", "united nations": "un",
    "european union": "eu", "soviet union": "ussr",
}

# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""(?P<code>[A-Z]+\d+[A-Za-z]*\b)
    |(?P<num>\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?)
    |(?P<abbr>(?:[A-Za-z]\.){2,})
    |(?P<word>[^\W\d_]+(?:['’\-‐][^\W\d_]+)*(?:-\d+[^\W\d_]*)?)
    |(?P<sym>[$€£¥%&])
    |(?P<punct>[^\w\s])""",
    re.VERBOSE,
)
_QUOTE_CHARS = {'"', "“", "”", "„", "«", "»"}
_APOSTROPHES = "'’"
_TERMINAL = {".", "!", "?", ":", ";", "—", "–", "-"}


@dataclass(slots=True)
class Atom:
    """One unit of a sentence as the diff sees it."""

    canon: str  # canonical form compared between versions
    text: str  # verbatim
    start: int  # character offsets in the analysed text
    end: int
    cat: str  # "word" | "num" | "date" | "punct" | "quote"
    cap: bool = False  # written with a capital
    initial: bool = False  # first word of a sentence (capital tells nothing)
    name: bool = False  # part of a proper name
    in_quote: bool = False
    value: str = ""  # for num/date: the normalised value


@lru_cache(maxsize=2048)
def _tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """_raw_tokens, cached for the two readings of a new sentence (its names, then its
    atoms)."""
    return tuple(_raw_tokens(text))


def _raw_tokens(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, text, start, end) with abbreviations' dots and possessives handled."""
    out: list[tuple[str, str, int, int]] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        tok, start, end = m.group(0), m.start(), m.end()
        if out and start < out[-1][3]:
            continue  # the full stop of an abbreviation, already taken
        if kind == "num" and ":" in tok and not re.fullmatch(r"\d{1,2}:\d{2}", tok):
            tok, end = tok.split(":")[0], start + len(tok.split(":")[0])
            out.append(("num", tok, start, end))
            continue
        if kind == "word" and "-" in tok:
            split = _number_compound(tok)
            if split:  # "three-year" reads like "3-year": an amount and its unit
                cut = start + split
                out += [("word", tok[:split], start, cut), ("punct", "-", cut, cut + 1),
                        ("word", tok[split + 1:], cut + 1, end)]
                continue
        if kind == "word":
            if end < len(text) and text[end] == "." and (
                    tok.lower() in ABBREVIATIONS or (len(tok) == 1 and tok.isupper())):
                out.append(("abbr", tok + ".", start, end + 1))
                continue
            if "'" not in tok and "’" not in tok:
                out.append(("word", tok, start, end))
                continue
            low = tok.lower()
            if len(tok) > 2 and low[-2] in _APOSTROPHES and low[-1] == "s":
                out.append(("word", tok[:-2], start, end - 2))
                out.append(("word", tok[-2:], end - 2, end))
                continue
            if low.endswith(("n't", "n’t")) and len(tok) > 3:
                out.append(("word", tok[:-3], start, end - 3))
                out.append(("word", tok[-3:], end - 3, end))
                continue
            for suffix in ("'ll", "’ll", "'re", "’re", "'ve", "’ve", "'d", "’d"):
                if low.endswith(suffix) and len(tok) > len(suffix):
                    cut = end - len(suffix)
                    out.append(("word", tok[:-len(suffix)], start, cut))
                    out.append(("word", tok[-len(suffix):], cut, end))
                    break
            else:
                out.append(("word", tok, start, end))
            continue
        out.append((kind, tok, start, end))
    # An abbreviation swallowed a sentence's final stop ("... the U.S."): fine for diffing.
    return out


_NOT_UNITS = frozenset({"off", "time", "times", "sided", "way", "stop", "on", "liner", "half",
                        "halves", "quarter", "quarters", "third", "thirds", "fifth", "fifths"})


def _number_compound(tok: str) -> int | None:
    """Where the spelled number ends in a compound like "three-year" or
    "twenty-five-member" (None when the word is not one: "one-off", "two-thirds")."""
    parts = tok.lower().split("-")
    if len(parts) < 2:
        return None
    size = 0
    if parts[0] in TENS and parts[1] in SMALL_NUMBERS:
        size = 2
    elif parts[0] in SMALL_NUMBERS or parts[0] in TENS:
        size = 1
    rest = parts[size:]
    if not size or not rest or rest[0] in _NOT_UNITS or rest[0] in SMALL_NUMBERS or (
            rest[0] in ORDINALS or not rest[0].isalpha()):
        return None
    return len("-".join(tok.split("-")[:size]))


_CONTRACTED = {"n't": "not", "'ll": "will", "'d": "would", "'re": "are", "'ve": "have",
               "wo": "will", "ca": "can", "sha": "shall", "cannot": "can not"}


@lru_cache(maxsize=65536)
def _word_canon(tok: str) -> str:
    low = tok.lower().replace("’", "'").replace("‐", "-")
    return _CONTRACTED.get(low) or low.replace(".", "")


@lru_cache(maxsize=1)
def _lowercase_lexicon() -> frozenset[str]:
    """English words written in lower case (Webster's 2nd, via english-words): tells a
    sentence-initial common word ("Human rights groups") from a name ("Texas")."""
    from english_words import get_english_words_set

    # The list keeps each word's case, so a lower-case query only finds common words.
    return frozenset(get_english_words_set(["web2"]))


def is_common_word(word: str) -> bool:
    low = word.lower()
    if "-" in low:
        return all(is_common_word(part) for part in low.split("-") if part)
    if low in FUNCTION_WORDS or low in STATUS or low in SPEECH or low in CONDITION:
        return True
    lexicon = _lowercase_lexicon()
    candidates = {low}
    if low.endswith("s"):
        candidates |= {low[:-1], low[:-2], low[:-3] + "y"}
    if low.endswith("ed"):
        candidates |= {low[:-1], low[:-2], low[:-3]}
    if low.endswith("ing"):
        candidates |= {low[:-3], low[:-3] + "e", low[:-4]}
    if low.endswith("ly"):
        candidates |= {low[:-2]}
    if low.endswith(("ier", "iest")):  # "earlier", "heaviest": the word list has "early"
        candidates |= {low[:low.rindex("i")] + "y"}
    return any(c in lexicon for c in candidates)


# --------------------------------------------------------------------------- context


@dataclass(slots=True)
class Context:
    """What an analysis needs to know about the whole story (both versions)."""

    anchor: date | None = None  # publish date: resolves "on Tuesday", "in January"
    names: frozenset[str] = frozenset()  # words seen capitalised mid-sentence
    acronyms: frozenset[str] = frozenset()  # "us", "nato", "who": short forms in use


_MIDCAP = re.compile(r"(?<=[a-z,;] )([A-Z][\w'’-]+)")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b")


def build_context(*documents: Document) -> Context:
    anchor = next((d.published for d in documents if d.published), None)
    names: set[str] = set()
    acronyms: set[str] = set()
    for doc in documents:
        for text in (doc.title, doc.text):
            text_names, text_acronyms = _context_words(text)
            names.update(text_names)
            acronyms.update(text_acronyms)
    return Context(anchor=anchor.date() if isinstance(anchor, datetime) else anchor,
                   names=frozenset(names), acronyms=frozenset(acronyms))


@lru_cache(maxsize=256)
def _context_words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Names and acronyms of one text (cached: a version is read by extraction and by
    two diffs)."""
    return (frozenset(m.group(1).lower() for m in _MIDCAP.finditer(text)),
            frozenset(m.group(0).replace(".", "").lower() for m in _ACRONYM.finditer(text)))


# --------------------------------------------------------------------------- analysis


def _is_title_case(tokens: list[tuple[str, str, int, int]]) -> bool:
    words = [t for k, t, _, _ in tokens if k == "word" and len(t) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


def _mark_initial(atoms: list[Atom]) -> None:
    initial = True
    for atom in atoms:
        if atom.cat in ("word", "num", "date"):
            atom.initial = initial
            initial = False
        elif atom.text in _TERMINAL or atom.cat == "quote":
            initial = initial or atom.text in _TERMINAL or atom.cat == "quote"


def _mark_names(atoms: list[Atom], ctx: Context, title_case: bool) -> None:
    for atom in atoms:
        if atom.cat != "word" or not atom.cap:
            continue
        low = atom.canon
        if low in ("i", "'s") or low in MONTHS or low in WEEKDAYS:
            continue
        if atom.text.isupper() and len(atom.text.replace(".", "")) >= 2:
            atom.name = not (title_case or (atom.text.isupper() and low in FUNCTION_WORDS))
            if title_case and not is_common_word(low):
                atom.name = True
            continue
        if atom.initial or title_case:
            atom.name = low in ctx.names or low in PLACE_WORDS or not is_common_word(low)
        else:
            atom.name = low not in FUNCTION_WORDS


def _mark_quotes(atoms: list[Atom]) -> None:
    inside = False
    for atom in atoms:
        if atom.cat == "quote":
            if atom.text == "“":
                inside = True
            elif atom.text == "”":
                inside = False
            else:
                inside = not inside
            continue
        atom.in_quote = inside


_PUNCT_CANON = {"–": "-", "—": "-", "‐": "-", "…": "..."}


def analyse(text: str, ctx: Context | None = None) -> list[Atom]:
    """The atoms of a sentence (or of a few sentences joined)."""
    ctx = ctx or Context()
    raw = _tokens(text)
    title_case = _is_title_case(raw)
    atoms: list[Atom] = []
    for kind, tok, start, end in raw:
        if kind == "punct" and tok in _QUOTE_CHARS:
            atoms.append(Atom('"', tok, start, end, "quote"))
        elif kind == "punct" or (kind == "sym" and tok == "&"):
            canon = _PUNCT_CANON.get(tok, tok)
            atoms.append(Atom(canon, tok, start, end, "punct"))
        else:
            is_num = kind == "num"
            atoms.append(Atom(tok.lower() if is_num else _word_canon(tok), tok, start, end,
                              "num" if is_num else "word", cap=tok[:1].isupper()))
    _mark_initial(atoms)
    _mark_names(atoms, ctx, title_case)
    atoms = _chunk_dates(atoms, ctx)
    atoms = _chunk_numbers(atoms)
    atoms = _chunk_aliases(atoms, ctx)
    _mark_quotes(atoms)
    for atom, following in pairwise(atoms):
        if atom.canon == "set" and following.canon == "to":
            atom.canon = "set-to"  # "is set to take office": a modality, unlike "a set of"
    return atoms


def _rebuild(atoms: list[Atom], spans: list[tuple[int, int, str, str]]) -> list[Atom]:
    """Replace atom ranges [i, j) by one atom of category cat with value."""
    if not spans:
        return atoms
    out: list[Atom] = []
    k = 0
    for i, j, cat, value in sorted(spans):
        if i < k:
            continue
        out.extend(atoms[k:i])
        first, last = atoms[i], atoms[j - 1]
        text = _join_text(atoms[i:j])
        merged = Atom(f"<{cat}:{value}>", text, first.start, last.end, cat,
                      initial=first.initial, value=value, cap=first.cap,
                      name=cat == "name")
        out.append(merged)
        k = j
    out.extend(atoms[k:])
    return out


def _join_text(atoms: list[Atom]) -> str:
    parts = []
    for prev, atom in zip([None, *atoms], atoms, strict=False):
        if prev is not None and atom.start > prev.end:
            parts.append(" ")
        parts.append(atom.text)
    return "".join(parts)


# ---- dates


def _day(atom: Atom) -> int | None:
    if atom.cat != "num":
        return None
    digits = re.sub(r"(st|nd|rd|th)$", "", atom.canon)
    return int(digits) if digits.isdigit() and 1 <= int(digits) <= 31 else None


def _year(atom: Atom) -> int | None:
    if atom.cat == "num" and re.fullmatch(r"\d{4}", atom.canon):
        year = int(atom.canon)
        return year if 1800 <= year <= 2100 else None
    return None


def _month(atom: Atom) -> int | None:
    if atom.cat != "word" or not atom.cap:
        return None
    month = MONTHS.get(atom.canon)
    if month is None or (atom.canon in ("may", "march") and atom.initial):
        return None  # "May" and "March" open sentences as a modal and a verb too
    return month


def _nearest_year(month: int, day: int, anchor: date) -> int:
    best = anchor.year
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            if abs((date(year, month, min(day, 28)) - anchor).days) < abs(
                    (date(best, month, min(day, 28)) - anchor).days):
                best = year
        except ValueError:
            pass
    return best


def _date_value(month: int | None, day: int | None, year: int | None,
                anchor: date | None) -> str:
    if month is None:
        return f"{year:04d}" if year else "?"
    if year is None:
        if anchor is None:
            return f"--{month:02d}" + (f"-{day:02d}" if day else "")
        year = _nearest_year(month, day or 15, anchor)
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def _weekday_value(weekday: int, anchor: date | None) -> str:
    if anchor is None:
        return f"wd{weekday}"
    delta = (weekday - anchor.weekday() + 3) % 7 - 3  # nearest such day, -3..+3
    return (anchor + timedelta(days=delta)).isoformat()


def _relative_value(unit: str, offset: int, anchor: date | None) -> str:
    if anchor is None:
        return f"rel:{unit}{offset:+d}"
    if unit == "day":
        return (anchor + timedelta(days=offset)).isoformat()
    if unit == "week":
        year, week, _ = (anchor + timedelta(weeks=offset)).isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        month = anchor.month - 1 + offset
        return f"{anchor.year + month // 12:04d}-{month % 12 + 1:02d}"
    return f"{anchor.year + offset:04d}"


def _match_date(atoms: list[Atom], i: int, ctx: Context) -> tuple[int, str] | None:
    """The end index and value of a date starting at atoms[i], if any."""
    n = len(atoms)

    def at(k: int) -> Atom | None:
        return atoms[k] if k < n else None

    def skip_comma(k: int) -> int:
        a = at(k)
        return k + 1 if a is not None and a.canon == "," else k

    a = atoms[i]
    if (a.cat == "num" or a.cat == "word") and (
            numeric := _numeric_date(atoms, i, ctx) or _clock_time(atoms, i)):
        return numeric
    weekday = WEEKDAYS.get(a.canon) if a.cat == "word" and a.cap else None
    if weekday is not None and ((len(a.canon) > 3 and a.canon in WEEKDAYS)
                                or a.text.endswith(".")):
        k = skip_comma(i + 1)
        b = at(k)
        if b is not None and (_month(b) or _day(b)):
            found = _match_date(atoms, k, ctx)
            if found:
                return found
        return i + 1, _weekday_value(weekday, ctx.anchor)
    month = _month(a)
    if month:
        k = i + 1
        b = at(k)
        day = _day(b) if b else None
        if day:
            k += 1
            k2 = skip_comma(k)
            c = at(k2)
            year = _year(c) if c else None
            return (k2 + 1 if year else k), _date_value(month, day, year, ctx.anchor)
        k2 = skip_comma(k)
        c = at(k2)
        year = _year(c) if c else None
        if year:
            return k2 + 1, _date_value(month, None, year, ctx.anchor)
        return k, _date_value(month, None, None, ctx.anchor)
    day = _day(a)
    if day:
        k = i + 1
        b = at(k)
        if b is not None and b.canon == "of":
            k += 1
            b = at(k)
        month = _month(b) if b else None
        if month:
            k2 = skip_comma(k + 1)
            c = at(k2)
            year = _year(c) if c else None
            return (k2 + 1 if year else k + 1), _date_value(month, day, year, ctx.anchor)
    year = _year(a)
    if year and "," not in a.text and not _counts_something(atoms, i):
        return i + 1, f"{year:04d}"
    if a.canon in RELATIVE_DAYS:
        return i + 1, _relative_value("day", RELATIVE_DAYS[a.canon], ctx.anchor)
    if a.canon in ("this", "last", "next", "coming", "past") and (b := at(i + 1)):
        offset = {"last": -1, "next": 1, "past": -1}.get(a.canon, 0)
        unit = b.canon.rstrip("s")
        if unit in ("week", "month", "year", "weekend"):
            return i + 2, _relative_value("week" if unit == "weekend" else unit, offset,
                                          ctx.anchor)
        if b.canon in WEEKDAYS and len(b.canon) > 3:
            value = _weekday_value(WEEKDAYS[b.canon], ctx.anchor)
            if ctx.anchor and offset:  # "next Tuesday" is after today, "last Tuesday" before
                day = date.fromisoformat(value)
                if offset > 0 and day <= ctx.anchor:
                    day += timedelta(weeks=1)
                elif offset < 0 and day >= ctx.anchor:
                    day -= timedelta(weeks=1)
                value = day.isoformat()
            return i + 2, value
    return None


_DAY_PARTS = {"noon": "T12:00", "midday": "T12:00", "midnight": "T00:00",
              "morning": "Tmorning", "afternoon": "Tafternoon", "evening": "Tevening",
              "overnight": "Tnight"}


def _clock_time(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    """3 p.m., 3pm, 15:30, 3:30 p.m., noon -> "T15:00", "T15:30", "T12:00" (a time of day
    is a date fact); "morning", "afternoon" are parts of a day."""
    part = _unit_word(atoms[i].canon, _DAY_PARTS) if atoms[i].cat == "word" else None
    if part:
        if i > 0 and (atoms[i - 1].cat == "date" or atoms[i - 1].canon in WEEKDAYS):
            return None  # "Friday evening": the day is the fact, "evening" a detail
        return i + 1, _DAY_PARTS[part]
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", atoms[i].canon)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    after = atoms[i + 1].canon if i + 1 < len(atoms) else ""
    if after in ("am", "pm") and 1 <= hour <= 12:
        hour = hour % 12 + (12 if after == "pm" else 0)
        return i + 2, f"T{hour:02d}:{minute:02d}"
    if match.group(2) and hour <= 23 and minute <= 59:
        return i + 1, f"T{hour:02d}:{minute:02d}"
    return None


def _numeric_date(atoms: list[Atom], i: int, ctx: Context) -> tuple[int, str] | None:
    """2024-11-19 and 11/19/2024 (US order), written as number-punct-number tokens."""
    parts = [atoms[k] for k in range(i, min(len(atoms), i + 5))]
    if len(parts) < 5 or any(parts[k].cat != "num" for k in (0, 2, 4)):
        return None
    if any(parts[k].start != parts[k - 1].end for k in range(1, 5)):
        return None  # "2024 - 11" with spaces is not a date
    sep = parts[1].canon
    if sep != parts[3].canon or sep not in ("-", "/"):
        return None
    numbers = [int(parts[k].canon) if parts[k].canon.isdigit() else -1 for k in (0, 2, 4)]
    if sep == "-" and len(parts[0].canon) == 4:
        year, month, day = numbers
    elif sep == "/" and len(parts[4].canon) == 4:
        month, day, year = numbers
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2100):
        return None
    return i + 5, _date_value(month, day, year, ctx.anchor)


def _counts_something(atoms: list[Atom], i: int) -> bool:
    """Whether a four-digit number is an amount ("by 1842 votes"), not a year."""
    nxt = atoms[i + 1] if i + 1 < len(atoms) else None
    prev = atoms[i - 1].canon if i > 0 else ""
    if nxt is None or nxt.cat != "word" or nxt.cap or nxt.canon in FUNCTION_WORDS:
        return False
    return prev not in ("the", "in", "since", "'s", "of", "until", "before", "after")


_DATE_WORDS = frozenset({*RELATIVE_DAYS, "this", "last", "next", "coming", "past", "noon",
                         "midday", "midnight", "morning", "afternoon", "evening", "overnight"})
_NUMBER_WORDS = frozenset({*SMALL_NUMBERS, *TENS, *ORDINALS, *VAGUE_AMOUNTS, *CURRENCY_SYMBOLS,
                           *FRACTIONS, "a", "us", "c", "nz", "hk", "s"})


def _maybe_day_part(word: str) -> bool:
    """Cheap test before the forgiving match: "mornnig" may be "morning"."""
    return len(word) >= 6 and word[0] in "mneao" and _unit_word(word, _DAY_PARTS) is not None


def _chunk_dates(atoms: list[Atom], ctx: Context) -> list[Atom]:
    spans: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        found = _match_date(atoms, i, ctx) if a.cat == "num" or (
            a.cat == "word" and (a.canon in _DATE_WORDS or _maybe_day_part(a.canon) or (
                a.cap and (a.canon in MONTHS or a.canon in WEEKDAYS)))) else None
        if found:
            spans.append((i, found[0], "date", found[1]))
            i = found[0]
        else:
            i += 1
    return _rebuild(atoms, spans)


# ---- numbers


def _parse_digits(text: str) -> float | None:
    text = re.sub(r"(st|nd|rd|th|s)$", "", text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _spelled(atoms: list[Atom], i: int) -> tuple[int, float] | None:
    """Spelled-out number at atoms[i]: "five", "twenty-one", "two hundred thousand"."""
    total, current, k, seen = 0.0, 0.0, i, False
    while k < len(atoms) and atoms[k].cat == "word":
        w = atoms[k].canon
        parts = w.split("-")
        if w in SMALL_NUMBERS:
            current += SMALL_NUMBERS[w]
        elif w in TENS:
            current += TENS[w]
        elif len(parts) == 2 and parts[0] in TENS and parts[1] in SMALL_NUMBERS:
            current += TENS[parts[0]] + SMALL_NUMBERS[parts[1]]
        elif w in ("hundred", "thousand", "million", "billion", "trillion") and seen:
            scale = SCALES[w]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif w == "and" and seen and k + 1 < len(atoms) and (
                atoms[k + 1].canon in SMALL_NUMBERS or atoms[k + 1].canon in TENS):
            pass
        else:
            break
        seen = True
        k += 1
    if not seen:
        return None
    return k, total + current


def _fmt(value: float) -> str:
    return f"{value:.6g}" if value != int(value) or abs(value) >= 1e15 else str(int(value))


# Nouns that are amounts after "a": "a dozen", "a decade" (ten years), "a hundred".
_COUNTED_NOUNS = {"dozen": 12, "decade": 10, "century": 100, "hundred": 100, "thousand": 1_000,
                  "million": 10**6, "billion": 10**9}


def _unit_word(word: str, units: dict[str, Any]) -> str | None:
    """The unit a word names, forgiving one slip in a long one ("mlilion", "precent")."""
    if word in units:
        return word
    if len(word) >= 6:
        from rapidfuzz.distance import OSA

        for unit in units:
            if len(unit) >= 6 and OSA.distance(word, unit) <= 1:
                return unit
    return None


def _match_number(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    n = len(atoms)
    k = i
    unit = ""
    if atoms[k].canon in CURRENCY_SYMBOLS and k + 1 < n:
        unit = CURRENCY_SYMBOLS[atoms[k].canon]
        k += 1
    elif (atoms[k].canon in ("us", "a", "c", "nz", "hk", "s") and k + 2 < n
          and atoms[k + 1].canon == "$"):
        unit = "$"
        k += 2
    a = atoms[k]
    value: float | None = None
    if a.cat == "num":
        if re.fullmatch(r"\d+(st|nd|rd|th)", a.canon):
            return (k + 1, f"ord{a.canon[:-2]}") if not unit else None
        if re.fullmatch(r"\d{1,2}:\d{2}", a.canon):
            return k + 1, f"time{a.canon}"
        value = _parse_digits(a.canon)
        k += 1
    elif a.cat == "word":
        if a.canon in ORDINALS and not unit:
            return k + 1, f"ord{ORDINALS[a.canon]}"
        if a.canon == "a" and k + 1 < n and atoms[k + 1].canon in _COUNTED_NOUNS:
            value = float(_COUNTED_NOUNS[atoms[k + 1].canon])
            k += 2
        elif a.canon == "dozen":
            value = 12.0
            k += 1
        elif a.canon in FRACTIONS and not unit and (
                "-" in a.canon or (k + 1 < n and atoms[k + 1].canon == "of")
                or (i > 0 and atoms[i - 1].canon in ("a", "one"))):
            return k + 1, f"{FRACTIONS[a.canon]:.3g}"  # "two-thirds of", "half of"
        elif a.canon in VAGUE_AMOUNTS and not unit:
            if a.canon in ("few", "scores") and not (i > 0 and atoms[i - 1].canon == "a"):
                return None
            return k + 1, f"~{a.canon.rstrip('s')}"
        else:
            spelled = _spelled(atoms, k)
            if spelled is None:
                return None
            k, value = spelled
    if value is None:
        return None
    while k < n and (scale := _unit_word(atoms[k].canon, SCALES)) and not (
            scale in ("m", "k") and atoms[k].start > atoms[k - 1].end):
        value *= SCALES[scale]
        k += 1
    if k < n and _unit_word(atoms[k].canon, PERCENT_WORDS):
        unit, k = "%", k + 1
    elif k + 1 < n and atoms[k].canon == "per" and atoms[k + 1].canon == "cent":
        unit, k = "%", k + 2
    elif k + 1 < n and atoms[k].canon == "percentage" and atoms[k + 1].canon == "points":
        unit, k = "pp", k + 2
    elif k < n and atoms[k].canon in CURRENCY_WORDS and not unit:
        unit, k = CURRENCY_WORDS[atoms[k].canon], k + 1
    return k, f"{unit}{_fmt(value)}" if unit in CURRENCY_SYMBOLS.values() else (
        f"{_fmt(value)}{unit}")


def _score(atoms: list[Atom], i: int) -> tuple[int, str] | None:
    """A score, vote or range written as one token group: "2-1", "10-15", "5–4"."""
    if i + 2 >= len(atoms) or atoms[i + 1].canon not in ("-", "–", "—"):
        return None
    a, b = atoms[i], atoms[i + 2]
    if b.cat != "num" or a.end != atoms[i + 1].start or atoms[i + 1].end != b.start:
        return None
    return i + 3, f"{a.canon}-{b.canon}"


def _chunk_numbers(atoms: list[Atom]) -> list[Atom]:
    spans: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        found = _score(atoms, i) if a.cat == "num" else None
        if found:
            spans.append((i, found[0], "num", found[1]))
            i = found[0]
            continue
        if (a.cat == "num" or a.canon in _NUMBER_WORDS or (
                a.cat == "word" and "-" in a.canon and a.canon.split("-")[0] in TENS)) and (
                not a.name):
            found = _match_number(atoms, i)
            if found and a.canon == "one" and found[0] == i + 1 and i + 1 < len(atoms) and (
                    atoms[i + 1].canon in ("of", "another")):
                found = None  # "one of the", "one another": not an amount
        if found:
            spans.append((i, found[0], "num", found[1]))
            i = found[0]
        else:
            i += 1
    return _rebuild(atoms, spans)


# ---- names and their short forms


def _name_runs(atoms: list[Atom]) -> list[tuple[int, int]]:
    runs, i = [], 0
    while i < len(atoms):
        if atoms[i].name:
            j = i + 1
            while j < len(atoms) and (atoms[j].name or (
                    atoms[j].canon in _CONNECTORS and j + 1 < len(atoms)
                    and atoms[j + 1].name)):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


_CONNECTORS = ("of", "the", "and", "for")
_INITIAL_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "to"})


def _chunk_aliases(atoms: list[Atom], ctx: Context) -> list[Atom]:
    """Multi-word names that have a short form in use ("United States" when "U.S."
    appears in either version) become one atom with the short form as canon."""
    spans: list[tuple[int, int, str, str]] = []
    for i, j in _name_runs(atoms):
        for start in range(i, j):
            for end in range(j, start, -1):
                phrase = " ".join(a.canon for a in atoms[start:end])
                short = ALIASES.get(phrase)
                # "U.S. Geological Survey" -> "usgs": a dotted abbreviation gives all letters.
                initials = "".join(a.canon if "." in a.text else a.canon[:1]
                                   for a in atoms[start:end]
                                   if a.canon not in _INITIAL_SKIP)
                words = [a.canon for a in atoms[start:end]]
                if words[0] in _CONNECTORS or words[-1] in _CONNECTORS:
                    continue
                if short is None and end - start >= 2 and initials in ctx.acronyms:
                    short = initials
                    end = _acronym_tail(atoms, end, j)
                if short:
                    spans.append((start, end, "name", short))
                    break
            else:
                continue
            break
    return _rebuild_names(atoms, spans)


def _acronym_tail(atoms: list[Atom], end: int, run_end: int) -> int:
    """An acronym of the first words of a name can leave out a last common word: "CDC"
    is the "Centers for Disease Control [and Prevention]" (not "... and Interpol")."""
    if run_end - end == 2 and atoms[end].canon in ("and", "of") and is_common_word(
            atoms[end + 1].canon):
        return run_end
    return end


def _rebuild_names(atoms: list[Atom], spans: list[tuple[int, int, str, str]]) -> list[Atom]:
    rebuilt = _rebuild(atoms, spans)
    for atom in rebuilt:
        if atom.cat == "name":
            atom.cat, atom.canon, atom.name = "word", atom.value, True
    return rebuilt


# --------------------------------------------------------------------------- helpers


def status_value(atom: Atom) -> str | None:
    if atom.cat != "word":
        return None
    return STATUS.get(atom.canon)


def speech_value(atom: Atom) -> str | None:
    return SPEECH.get(atom.canon) if atom.cat == "word" else None


def source_value(atom: Atom) -> str | None:
    return SOURCES.get(atom.canon) if atom.cat == "word" else None


def is_condition(atom: Atom) -> bool:
    return atom.cat == "word" and (atom.canon in CONDITION or atom.canon.startswith("non-"))


def condition_value(atom: Atom) -> str | None:
    """The restriction a word makes ("solely" and "only" make the same one)."""
    if atom.cat != "word":
        return None
    return CONDITION_MEANING.get(atom.canon) or (
        atom.canon if atom.canon.startswith("non-") else None)


def is_function(atom: Atom) -> bool:
    return atom.cat == "punct" or atom.cat == "quote" or (
        atom.cat == "word" and atom.canon in FUNCTION_WORDS)


def qualifier_start(atoms: list[Atom], k: int) -> int:
    """Where the qualifier of the amount atoms[k] begins ("at least 12" -> index of "at")."""
    for phrase in QUALIFIERS:
        n = len(phrase)
        if k >= n and tuple(a.canon for a in atoms[k - n:k]) == phrase:
            return k - n
    return k


def qualifier_meaning(atoms: list[Atom], k: int) -> str:
    """What the qualifier of the amount atoms[k] says ("" when it has none)."""
    start = qualifier_start(atoms, k)
    phrase = " ".join(a.canon for a in atoms[start:k])
    return QUALIFIER_MEANING.get(phrase, phrase)


def is_qualifier(atoms: list[Atom], k: int) -> bool:
    """A word of a qualifier phrase right before an amount ("at least 12", "12 more")."""
    if atoms[k].canon not in QUALIFIER:
        return False
    for m in range(k + 1, min(len(atoms), k + 4)):
        if atoms[m].cat == "num":
            return qualifier_start(atoms, m) <= k
        if atoms[m].canon not in QUALIFIER:
            break
    return k > 0 and atoms[k - 1].cat == "num" and atoms[k].canon in ("more", "additional")


def is_date_qualifier(atoms: list[Atom], k: int) -> bool:
    if atoms[k].canon not in DATE_QUALIFIER:
        return False
    window = atoms[max(0, k - 1):k + 3]
    return any(a.cat == "date" for a in window)


def attribution_span(atoms: list[Atom]) -> tuple[int, int] | None:
    """Atom range of the source a sentence attributes its claim to, if any:
    "..., a U.S. official said." / "X said ..." / "according to X"."""
    for k, atom in enumerate(atoms):
        value = speech_value(atom)
        if value is None or atom.in_quote:
            continue
        if atom.canon == "according":
            end = k + 2
            while end < len(atoms) and atoms[end].cat not in ("punct", "quote"):
                end += 1
            return (k + 2, end) if end > k + 2 else None
        # Source before the verb, back to a clause boundary.
        start = k
        while start > 0 and atoms[start - 1].cat not in ("punct", "quote") and (
                k - start < 8):
            start -= 1
        if start < k:
            return start, k
        # "said the spokesperson": source after the verb.
        end = k + 1
        while end < len(atoms) and atoms[end].cat not in ("punct", "quote") and end - k < 8:
            end += 1
        if end > k + 1:
            return k + 1, end
    return None


# --------------------------------------------------------------------------- facts


@dataclass(slots=True)
class Fact:
    """One typed fact of one version; JSON-serialisable via to_dict()/from_dict().

    ``key`` names the fact's slot (kind plus the words around it), so the same slot can
    be followed across versions: same key and another value is a change."""

    kind: str  # one of monitor.models.FACT_KINDS
    value: str  # normalised value ("2024-11-19", "at least 12 killed", "not|will")
    span: str  # verbatim text carrying it
    sentence: str  # the sentence it was read from
    key: str  # stable slot identifier across versions
    sentence_index: int = 0  # position in the version (0 = title)
    details: dict[str, Any] = field(default_factory=dict)  # unit, qualifier, polarity...

    def to_dict(self) -> dict[str, Any]:
        # The dict asdict() makes, built directly: asdict's field-by-field recursion was a
        # fifth of storing a version (profiled, benchmarks/pipeline.py).
        return {"kind": self.kind, "value": self.value, "span": self.span,
                "sentence": self.sentence, "key": self.key,
                "sentence_index": self.sentence_index,
                "details": copy.deepcopy(self.details) if self.details else {}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in fields})


_NOT_SLOT = frozenset(FUNCTION_WORDS) | QUALIFIER | frozenset(SPEECH) | frozenset(SOURCES)


def _stem(word: str) -> str:
    return word[:5]


def _slot_words(atoms: list[Atom]) -> list[str | None]:
    """Each atom's stem if it may name a fact's slot, else None.  Names, sources, speech
    verbs and qualifiers are left out: they are facts that change themselves, and a slot
    must survive them changing ("a U.S. official confirmed on Nov. 19" -> "Pentagon
    spokesperson X confirmed on Nov. 19" keeps the date's slot)."""
    return [_stem(a.canon) if a.cat == "word" and not a.name and a.canon not in _NOT_SLOT
            else None for a in atoms]


def _slot(words: list[str | None], i: int, j: int, width: int = 2) -> str:
    """Stable content words around atoms[i:j] (``words`` from _slot_words): the fact's
    slot in its sentence."""
    before = [w for w in words[max(0, i - 8):i] if w is not None][-width:]
    after = [w for w in words[j:j + 8] if w is not None][:width]
    return " ".join([*before, "_", *after])


_DOTTED = re.compile(r"[^\W\d_]+\.")
_CAPITALS = re.compile(r"[A-Z]")


def _relevant_context(sentence: str, ctx: Context) -> tuple[frozenset[str], frozenset[str]]:
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
    return frozenset(_word_canon(tok) for kind, tok, _, _ in _tokens(sentence)
                     if kind in ("word", "abbr"))


def analyse_in_context(sentence: str, ctx: Context) -> list[Atom]:
    """analyse() through a bounded cache shared by extraction and the diff (versions
    of a story repeat most sentences).  The atoms are shared: callers must not change
    them.  4,096 sentences (~100 articles, ~8 KB each with tokens and keys: ~35 MB at
    most) cover extracting a new version and diffing it against the stored one."""
    names, acronyms = _relevant_context(sentence, ctx)
    return _cached_atoms(sentence, ctx.anchor, names, acronyms)


@lru_cache(maxsize=4096)
def _cached_atoms(sentence: str, anchor: date | None, names: frozenset[str],
                  acronyms: frozenset[str]) -> list[Atom]:
    return analyse(sentence, Context(anchor, names, acronyms))


def _copy_details(details: dict[str, Any]) -> dict[str, Any]:
    if all(isinstance(v, (str, int, float, bool, type(None))) for v in details.values()):
        return dict(details)  # the usual case: a shallow copy is a deep one
    return copy.deepcopy(details)


def _sentence_facts(sentence: str, index: int, ctx: Context) -> list[Fact]:
    """The facts of one sentence.  Versions of a story share most sentences, so each
    sentence is read once per relevant context (profiled: re-reading every sentence was
    most of storing an edited 800-word version); the copies keep the cache safe from
    callers."""
    names, acronyms = _relevant_context(sentence, ctx)
    cached = _cached_sentence_facts(sentence, ctx.anchor, names, acronyms)
    return [Fact(f.kind, f.value, f.span, f.sentence, f.key, index,
                 _copy_details(f.details) if f.details else {}) for f in cached]


# Sentences whose analysis is kept (per cache below).  Measured (benchmarks/memory.py):
# at 20,000 the four sentence caches held ~135 MB and took `monitor run` over 1,000 feeds to
# 306 MiB peak; 4,096 (~28 MB) still covers the recent versions of the stories that change.
SENTENCE_CACHE = 4096


@lru_cache(maxsize=SENTENCE_CACHE)
def _cached_sentence_facts(sentence: str, anchor: date | None, names: frozenset[str],
                           acronyms: frozenset[str]) -> tuple[Fact, ...]:
    # (names and acronyms are already the sentence's own: read its atoms directly)
    return tuple(_facts_of_atoms(sentence, _cached_atoms(sentence, anchor, names, acronyms), 0))


def _read_sentence_facts(sentence: str, index: int, ctx: Context) -> list[Fact]:
    return _facts_of_atoms(sentence, analyse_in_context(sentence, ctx), index)


def _facts_of_atoms(sentence: str, atoms: list[Atom], index: int) -> list[Fact]:
    slot_words = _slot_words(atoms)
    facts: list[Fact] = []

    def add(kind: str, value: str, i: int, j: int, **details: Any) -> None:
        span = sentence[atoms[i].start:atoms[j - 1].end]
        # An entity is its own slot (it is there or not); other facts sit in their words.
        slot = value if kind == "entity" else _slot(slot_words, i, j)
        facts.append(Fact(kind, value, span, sentence, f"{kind}:{slot}", index, details))

    for k, atom in enumerate(atoms):
        if atom.cat == "num":
            i, j = qualifier_start(atoms, k), k + 1
            if j < len(atoms) and atoms[j].cat == "word" and not is_function(atoms[j]):
                j += 1
            qualifier = " ".join(a.canon for a in atoms[i:k])
            unit = " ".join(a.canon for a in atoms[k + 1:j])
            add("number", " ".join(filter(None, [qualifier, atom.value, unit])), i, j,
                amount=atom.value, qualifier=qualifier, unit=unit)
        elif atom.cat == "date":
            add("date", atom.value, k, k + 1)
    for i, j in _name_runs(atoms):
        add("entity", " ".join(a.canon for a in atoms[i:j]), i, j)
    quote_start = None
    for k, atom in enumerate(atoms):
        if atom.cat == "quote":
            if quote_start is None or (atom.text == "“"):
                quote_start = k
            else:
                words = [a.canon for a in atoms[quote_start + 1:k] if a.cat != "punct"]
                if len(words) >= 1:
                    add("quote", " ".join(words), quote_start, k + 1)
                quote_start = None
    source = attribution_span(atoms)
    if source:
        i, j = source
        add("attribution", " ".join(a.canon for a in atoms[i:j]), i, j)
    statuses = [(k, value) for k, a in enumerate(atoms)
                if not a.in_quote and (value := status_value(a))]
    if statuses:
        first, last = statuses[0][0], statuses[-1][0] + 1
        add("status", "|".join(sorted({v for _, v in statuses if v})), first, last)
    for k, atom in enumerate(atoms):
        if is_condition(atom) and not atom.in_quote:
            j = k + 1
            while j < len(atoms) and atoms[j].cat != "punct" and j - k < 6:
                j += 1
            add("condition", " ".join(a.canon for a in atoms[k:j]), k, j)
    return _dedupe_keys(facts)


def _dedupe_keys(facts: list[Fact]) -> list[Fact]:
    seen: dict[str, int] = {}
    for fact in facts:
        n = seen.get(fact.key, 0)
        seen[fact.key] = n + 1
        if n:
            fact.key = f"{fact.key}#{n + 1}"
    return facts


def extract_facts(doc: Document) -> list[Fact]:
    """The facts of one version: its title, then its story sentences (boilerplate out)."""
    ctx = build_context(doc)
    facts: list[Fact] = []
    sentences = [doc.title] if doc.title.strip() else []
    for paragraph in story_paragraphs(doc.title, doc.text):
        sentences.extend(split_sentences(paragraph))
    for index, sentence in enumerate(sentences):
        facts.extend(_sentence_facts(sentence, index if doc.title.strip() else index + 1, ctx))
    return _dedupe_keys(facts)
