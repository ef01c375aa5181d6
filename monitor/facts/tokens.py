"""Tokenising: a sentence's text into (kind, text, start, end) tokens.

Kinds: "word", "num" (digits, with "st"/"th" or "s"), "abbr" ("U.S.", "Calif."),
"code" ("F35", "COVID19"), "sym" ("$", "%", "&") and "punct".  Abbreviations keep
their dots, possessives and contractions are split off ("Russia" + "'s", "do" + "n't"),
and a spelled number compound is split like a written one ("three-year" as "three" "-"
"year").  monitor.facts.reading turns the tokens into atoms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from monitor.facts.lexicon import (
    ANY_CURRENCY,
    CONTRACTIONS,
    CURRENCY_CODES,
    CURRENCY_PREFIXES,
    NUMBERED_NAMES,
    ORDINALS,
    SCALES,
    SMALL_NUMBERS,
    TENS,
    WORD_SPELLINGS,
    is_english_word,
)
from monitor.text import ABBREVIATIONS

# (kind, text, start, end)
Token = tuple[str, str, int, int]

# A currency's local sign glued to its amount, read as the generic sign (see _raw_tokens):
# one capital letter before an amount with thousands or a scale (CLDR's one-letter signs:
# "D340 million" dalasis, "E6.5 billion" emalangeni, "Q1,200" quetzales, "W4.7 trillion"
# won; not "E6" or "G20"),
# or capitals before "$" ("T$180" paʻanga, "G$31 million" Guyana dollars, "WS$10"), except
# the prefixes currency_prefixes.txt names ("US$", "A$"), which numbers.py reads itself.
_LETTER_SIGN = "DEGKLPQRW"
_DOLLAR_SIGNS = "|".join(sorted((p.upper() for p in CURRENCY_PREFIXES), key=len, reverse=True))
# A currency's code or letter sign glued to its amount ("MNT1.2m", "USD5bn", "GHS500"): a
# word of its own, as it is before a space ("AMD 780,000"), which numbers.py reads.  Not
# the codes that are English words ("TOP10", "ALL4": no paʻanga, no lek).
_MONEY_CODES = "|".join(sorted((c for c in CURRENCY_CODES if len(c) >= 2 and c[0].isupper()
                                and not is_english_word(c)), key=len, reverse=True))

_TOKEN = re.compile(
    r"""[\s_]*+  # what no token takes, skipped inside the match (see below)
    (?:(?P<fraction>[\u00bc-\u00be\u2150-\u215e])
    |(?P<plain>[^\W\d_]++(?![.'’\-‐\d$]))
    |(?P<sign>[""" + _LETTER_SIGN + r"""]
            (?=\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?\s?(?:million|billion|trillion|bn|tn|m)\b)
        |(?!(?:""" + _DOLLAR_SIGNS + r""")\$)[A-Z]{1,3}\$(?=\d))
    |(?P<money>(?:""" + _MONEY_CODES + r""")(?=\d))
    |(?P<code>[A-Z]+\d+[A-Za-z]*\b)
    |(?P<num>\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?)
    |(?P<abbr>(?:[A-Za-z]\.){2,})
    |(?P<word>[^\W\d_]+(?:['’\-‐][^\W\d_]+)*(?:-\d+[^\W\d_]*)?)
    |(?P<sym>[$€£¥%&])
    |(?P<punct>[^\w\s]))""",
    re.VERBOSE,
)
_KINDS = tuple(sorted(_TOKEN.groupindex, key=_TOKEN.groupindex.__getitem__))
# "fraction": one character for a common fraction ("3½"), a token of its own, which
# "plain" would otherwise take as a letter (numbers.py reads it with the amount before).
# "plain" (tried next): letters with no digit, full stop, apostrophe or hyphen after them,
# which is most words.  Where it matches, no alternative before it could ("code" needs a
# digit after its capitals, "num" a digit, "abbr" a full stop after one letter) and "word"
# would take exactly the same letters (it only grows past them through one of those
# marks), and none of _raw_tokens's word rules applies to it, so it is taken as it is.
# Measured: the tokeniser 17.7 -> ~13 us a sentence, same tokens on 28,000 sentences.
# The skipped characters (white space and "_": every other character starts some token)
# are taken by a possessive prefix, so each token is one match attempt instead of one
# more failed attempt of all eight alternatives per space; a token is its group, never
# the prefix (~3.5 us of ~22 a sentence).
_APOSTROPHES = "'’"
# what "mid-" opens when it is a date's qualifier: a month's name or a year
_MID_OF = re.compile(r"(?i:january|february|march|april|may|june|july|august|september|"
                     r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|"
                     r"dec)|(?:1[89]|20)\d\d")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


@lru_cache(maxsize=2048)
def tokens(text: str) -> tuple[Token, ...]:
    """_raw_tokens, cached for the two readings of a new sentence (its names, then its
    atoms)."""
    return tuple(_raw_tokens(text))


def _raw_tokens(text: str) -> list[Token]:
    """(kind, text, start, end) with abbreviations' dots and possessives handled."""
    out: list[Token] = []
    append = out.append
    kinds = _KINDS
    for m in _TOKEN.finditer(text):
        group = m.lastindex or 0  # (every match is one alternative's group)
        kind = kinds[group - 1]
        tok = m.group(group)
        start, end = m.span(group)
        if kind == "sign":
            # a lone letter glued to an amount is a currency's sign ("P10,000" pula or
            # pesos, "R2 million" rand, "K500,000" kina or kwacha): the generic sign, the
            # currency the story names beside it (compare.currencies_aligned)
            append(("sym", ANY_CURRENCY, start, end))
            continue
        if kind == "money":
            append(("word", tok, start, end))  # "MNT" of "MNT1.2m", read as "MNT 1.2m"
            continue
        if kind == "plain" and tok.lower() == "cannot":
            # "cannot" is "can" + "not", as "can't" is "ca" + "n't" and "can not" two
            # words: its negation and its modal are read like theirs
            append(("word", tok[:3], start, start + 3))
            append(("word", tok[3:], start + 3, end))
            continue
        if kind == "plain" or kind == "fraction":
            # plain: it cannot start inside the token before (only an abbreviation's full
            # stop, taken below, ends a token past its match); a fraction ("3½") is a part
            # of the amount before it, read in numbers
            append(("word", tok, start, end))
            continue
        if out and start < out[-1][3]:
            continue  # the full stop of an abbreviation, already taken
        if kind == "num" and out and _names_with(out[-1], tok, text, start):
            word = out.pop()  # "Covid 19" reads as the one name "Covid-19" it is
            out.append(("word", f"{word[1]}-{tok}", word[2], end))
            continue
        if kind == "num" and ":" in tok and not _CLOCK.fullmatch(tok):
            tok, end = tok.split(":")[0], start + len(tok.split(":")[0])
            out.append(("num", tok, start, end))
            continue
        if kind == "word" and tok[:4].lower() == "mid-" and _MID_OF.fullmatch(tok[4:]):
            # "mid-July", "mid-2026": the middle of a month or a year, read as "mid" and the
            # date ("in mid-July" = "in the middle of July"; "mid-July" -> "mid-August" is
            # a date moved, not a word edited)
            out += [("word", tok[:3], start, start + 3),
                    ("num" if tok[4:].isdecimal() else "word", tok[4:], start + 4, end)]
            continue
        if kind == "word" and tok[:3].lower() == "ex-" and tok[3:4].isalpha():
            # "ex-president", "Ex-wife": the role marker "ex" and the role, as "former
            # president" reads (one word, it hid both the marker and the role)
            out += [("word", tok[:2], start, start + 2), ("word", tok[3:], start + 3, end)]
            continue
        if kind == "word" and "-" in tok:
            if tok[1:2] == "-" and tok[0] in "RDI" and out and out[-1][1] == "(":
                # a party's letter and a state ("(R-North Carolina)", "(D-Calif.)"): the
                # state is a name of its own
                out += [("word", tok[0], start, start + 1), ("punct", "-", start + 1, start + 2)]
                tok, start = tok[2:], start + 2
                if end < len(text) and text[end] == "." and tok.lower() in ABBREVIATIONS:
                    out.append(("abbr", tok + ".", start, end + 1))
                else:
                    out.append(("word", tok, start, end))
                continue
            head, _, number = tok.partition("-")
            if head.lower() in _SCALE_SUFFIXES and out and out[-1][0] == "num" and (
                    out[-1][3] == start):
                # a scale written against its amount before a compound ("£200k-a-year",
                # "$1.5bn-a-year"): the scale belongs to the amount, as in "£200k a year"
                cut = start + len(head)
                out += [("word", head, start, cut), ("punct", "-", cut, cut + 1),
                        ("word", tok[len(head) + 1:], cut + 1, end)]
                continue
            if number.replace(",", "").isdigit() and head.lower() in _LINKING:
                # odds and ranges joined by hyphens ("1-in-630", "5-to-1"): the number is
                # an amount of its own, not part of a name as in "Covid-19"
                cut = start + len(head)
                out += [("word", head, start, cut), ("punct", "-", cut, cut + 1),
                        ("num", number, cut + 1, end)]
                continue
            split = number_compound(tok)
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
            for suffix in ("'ll", "’ll", "'re", "’re", "'ve", "’ve", "'d", "’d", "'m", "’m"):
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


def _names_with(before: Token, number: str, text: str, start: int) -> bool:
    """The word before a number (at ``start``), one space before it, names a thing with
    that number (data/numbered_names.txt)."""
    return before[0] == "word" and before[3] == start - 1 and text[start - 1] == " " and (
        before[1].lower(), number) in NUMBERED_NAMES


# scales written against an amount ("£200k", "$1.5bn"): the abbreviations of scales.txt,
# which numbers.py reads (its spelled scales, "thousand", "lakh", are longer words)
_SCALE_SUFFIXES = frozenset(word for word in SCALES if len(word) <= 3)

# words that join two amounts with hyphens ("1-in-630", "5-to-1", "3-of-4")
_LINKING = frozenset({"in", "to", "of", "out", "per"})

_NOT_UNITS = frozenset({"off", "time", "times", "sided", "way", "stop", "on", "liner", "half",
                        "halves", "quarter", "quarters", "third", "thirds", "fifth", "fifths"})


def number_compound(tok: str) -> int | None:
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


@lru_cache(maxsize=65536)
def word_canon(tok: str) -> str:
    low = tok.lower().replace("’", "'").replace("‐", "-")
    if not low.isascii():
        low = _without_accents(low)  # "Sóc Trăng" and "Soc Trang" are one name
    return CONTRACTIONS.get(low) or WORD_SPELLINGS.get(low) or low.replace(".", "")


def _without_accents(text: str) -> str:
    # canonical decomposition only (NFD): "ó" parts into "o" and its accent, while "½" or
    # a ligature stays as written (NFKD would rewrite them)
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))
