"""Text utilities of the fact core: normalisation, paragraphs, sentences, boilerplate.

Pure functions over strings, no I/O.  Sentence splitting is a hand-written regex
splitter: pysbd is 50x slower per article and spaCy's sentencizer needs a model
pipeline, while news prose only needs the abbreviation cases handled below.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Set
from functools import lru_cache

# Typographic characters that renderers swap freely, mapped to plain ASCII.
# Keys are characters, or code points for the invisible ones deleted (mapped to None).
_PLAIN_CHARS: dict[str | int, str | None] = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    **dict.fromkeys(map(ord, "\u00ad\u034f\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063"
                             "\u2064\ufeff")),
}
_PLAIN = str.maketrans(_PLAIN_CHARS)

# Invisible characters that pages insert and drop at will: soft hyphen, combining grapheme
# joiner, Mongolian vowel separator, zero-width space / non-joiner / joiner, word joiner,
# invisible operators, byte-order mark.  They are never part of a word or a fact, so
# normalisation drops them ("$1<ZWSP>2 mil<SHY>lion" is "$12 million").
INVISIBLE = "\u00ad\u034f\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]+")
# The longest run of digits and separators the fact core reads as one number.  Longer
# runs (a 100,000-digit "number") are cut: Python refuses to convert more than 4,300
# digits to an int, a float overflows past 309, and no news fact has 40 digits.
MAX_NUMBER_CHARS = 40
_LONG_NUMBER = re.compile(rf"\d[\d.,:]{{{MAX_NUMBER_CHARS},}}")


def drop_invisible(text: str) -> str:
    """``text`` without the INVISIBLE characters."""
    # (`in` is a fast substring search; the pattern is run only when one is there)
    if text.isascii() or not any(ch in text for ch in INVISIBLE):
        return text
    return _INVISIBLE.sub("", text)


def repair_unicode(text: str) -> str:
    """``text`` with lone surrogates (a JSON "\\ud800" escape, a character reference)
    replaced by U+FFFD and a pair written as two halves joined: text that can always be
    encoded, hashed, stored and sent."""
    try:
        text.encode("utf-8")  # fails exactly when a surrogate is there (and is quick)
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def bound_numbers(text: str) -> str:
    """``text`` with every run of more than MAX_NUMBER_CHARS digits and separators cut to
    its first MAX_NUMBER_CHARS characters followed by "…"."""
    if text.isascii() and sum(map(text.count, "0123456789")) <= MAX_NUMBER_CHARS:
        return text  # too few digits for a long run (counting is much quicker than \d)
    if not _LONG_NUMBER.search(text):
        return text
    return _LONG_NUMBER.sub(lambda m: m.group(0)[:MAX_NUMBER_CHARS] + "…", text)


def fact_text(text: str) -> str:
    """A text as the fact core reads it (models.Document applies this to title and text):
    no invisible characters, no unbounded number, no lone surrogate."""
    return repair_unicode(bound_numbers(drop_invisible(text)))


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (lexicons)."""
    return frozenset(text.split())


_TAG = re.compile(r"<[^>]{0,500}>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


_NOT_PLAIN = re.compile("[" + "".join(re.escape(chr(c)) for c in _PLAIN) + "]")


def _plain_char(match: re.Match[str]) -> str:
    return _PLAIN.get(ord(match.group(0))) or ""


def plain(text: str) -> str:
    """NFKC, plain quotes and dashes, no invisible characters (keeps line breaks)."""
    if text.isascii():
        return text.replace("`", "'")
    return _NOT_PLAIN.sub(_plain_char, unicodedata.normalize("NFKC", text))


def normalise(text: str) -> str:
    """The canonical form of a text for hashing: markup-free, NFKC, plain quotes and
    dashes, whitespace collapsed (paragraph breaks kept as one blank line)."""
    text = html.unescape(_TAG.sub(" ", text))
    # (split_paragraphs has squeezed every run of _SPACES already: no sub here)
    paragraphs = [p.strip() for p in split_paragraphs(plain(text))]
    return "\n\n".join(p for p in paragraphs if p)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs: blocks separated by blank lines; single line breaks also separate
    paragraphs unless the line is hard-wrapped (no end punctuation, next starts lower)."""
    if "\n" not in text:
        # One line (a paragraph split before: each sentence split of a story asks for
        # this again): no block or line to join, the same answer without the patterns.
        line = text.strip()
        return [_SPACES.sub(" ", line) if _needs_squeeze(line) else line] if line else []
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        current = ""
        for line in lines:
            if current and current[-1] not in ".!?:\"')" and line[:1].islower():
                current += " " + line
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    # (most paragraphs have no run of spaces to squeeze: skip the pattern for them)
    return [_SPACES.sub(" ", p) if _needs_squeeze(p) else p for p in paragraphs]


def _needs_squeeze(text: str) -> bool:
    return "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = word_set("""
mr mrs ms dr prof gen col lt sgt capt cpl maj adm cmdr gov sen rep rev fr st jr sr
coun cllr ald supt insp det atty
afl rs
inc corp co ltd llc plc dept univ no nos vs etc est approx fig vol ave blvd rd mt ft prop
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
""")
# a sentence ends after [.!?] and any closing marks, before one that opens ("...too. “I had")
_BOUNDARY = re.compile(r"""([.!?]+)(["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9])""")
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."


def _is_abbreviation(before: str) -> bool:
    # The word before the full stop: what r"([A-Za-z][A-Za-z.]*)$" finds (the longest run
    # of letters and dots at the end, from its first letter), without the pattern tried
    # at every character of the paragraph so far (``before`` holds no line break).
    word = before[len(before.rstrip(_WORD_CHARS)):].lstrip(".")
    if not word:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return True
    if "." in word:  # "U.S", "a.m", "e.g"
        return True
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, paragraph by paragraph (a paragraph never joins another)."""
    return list(_split_sentences(text))


@lru_cache(maxsize=4096)
def _split_sentences(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    for paragraph in split_paragraphs(text):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            if match.group(1) == "." and _is_abbreviation(paragraph[start:match.start()]):
                continue
            sentences.append(paragraph[start:match.end()].strip())
            start = match.end()
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return tuple(part for sentence in sentences
                 for part in (_BULLET.split(sentence) if _may_list(sentence) else (sentence,))
                 if part)


def _may_list(sentence: str) -> bool:
    """Whether _BULLET can match: each of its alternatives needs a bullet or a "*"."""
    # (_BULLETS spelt out: four `in` tests cost ~45 ns a sentence, any() over them ~300)
    return "*" in sentence or "\u2022" in sentence or "\u25aa" in sentence or (
        "\u25ba" in sentence or "\u25b6" in sentence)


_BULLETS = ("\u2022", "\u25aa", "\u25ba", "\u25b6")  # a list's bullets and arrows


# A list run into one line by a feed: "VIRUS LATEST * 3.25 million cases worldwide * ...",
# "KEY POINTS • Missing ship ... • One person has been rescued": each item is a sentence.
_BULLET = re.compile(rf"\s+[{''.join(_BULLETS)}]\s+"  # bullets, arrows
                     r"|(?<=[^\s\d])\s+\*\s+(?=[A-Z0-9\u2018\u201c\"'])")  # " * ", not "5 * 3"


_KEY_DROP = re.compile(r"[^\w\s]+")
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """A key for a line that is the same for its re-renders and for the same line with
    other numbers in it ("Updated 5 minutes ago" ~ "Updated 1 hour ago" is not, but
    "Updated 5 minutes ago" ~ "Updated 12 minutes ago" is): lets the pipeline count
    lines recurring across stories of one feed."""
    text = plain(html.unescape(_TAG.sub(" ", line))).lower()
    if text.isascii():
        # The same key by a table: each mark a space (the spaces collapse below, as a
        # run of marks made one) and each digit "0", then each run of "0" (a run of
        # digits, which a mark never joins) one "0"; ~3x quicker than the two patterns.
        # (The table applied to the text's bytes: str.translate looks each character up
        # in a dict, ~1.5 us of a 400-character paragraph's ~7, issue 12.)
        keyed = text.encode("ascii").translate(_ASCII_KEY_BYTES).decode("ascii")
        return " ".join(_ZEROS.sub("0", keyed).split())
    text = _DIGITS.sub("0", _KEY_DROP.sub(" ", text))
    return " ".join(text.split())


# What _KEY_DROP and _DIGITS make of each ASCII character, read off the patterns.
_ASCII_KEY = {code: " " if _KEY_DROP.fullmatch(chr(code)) else "0"
              for code in range(128)
              if _KEY_DROP.fullmatch(chr(code)) or _DIGITS.fullmatch(chr(code))}
_ASCII_KEY_BYTES = bytes(ord(_ASCII_KEY.get(code, chr(code))) for code in range(128)) + bytes(
    range(128, 256))
_ZEROS = re.compile(r"00+")


# Intrinsic boilerplate: what the line says about itself, whatever the story.
_PROMO = re.compile(
    r"""^(?:advertisements?|advertisement\s*-\s*scroll\s+to\s+continue|sponsored(?:\s+content)?
    |(?:have\s+you\s+read|read\s+(?:more|also|next)|also\s+read|related(?:\s+(?:stories|articles|coverage|content))?
    |see\s+also|more\s+(?:on\s+this\s+story|from\s+\w+|stories)|recommended(?:\s+(?:stories|reading))?
    |trending(?:\s+now)?|most\s+(?:read|popular|viewed)|editor'?s\s+picks?|don'?t\s+miss
    |watch(?:\s+now)?|listen(?:\s+now)?|top\s+stories|what\s+to\s+read\s+next
    |you\s+may\s+(?:also\s+)?like|must\s+read)\s*[?!]?\s*(?::|\||-|>>|$)
    |(?:sign\s+up|subscribe)\b.{0,80}(?:newsletter|inbox|updates|free)
    |(?:click|tap)\s+here\b|share\s+(?:this|on)\b|follow\s+us\b|download\s+(?:the|our)\s+app
    |(?:copyright|\(c\)|©)\s|all\s+rights\s+reserved
    |this\s+(?:story|article|report|page)\s+(?:has\s+been|was|will\s+be|is\s+being)\s+updated
    |(?:follow|like)\s+(?:us|our)\b|(?:get|receive)\s+(?:our|the)\s+\w+\s+newsletter)""",
    re.IGNORECASE | re.VERBOSE,
)
# An embedded player's placeholder, a paragraph of its own ("To display this content from
# YouTube, you must enable advertisement tracking and audience measurement."): read on
# short lines only, so a story's paragraph opening "To see this content..." stays.
_PLACEHOLDER = re.compile(
    r"""^(?:to\s+(?:display|view|watch)\s+this\s+content\b
    |one\s+of\s+your\s+browser\s+extensions\s+(?:seems|appears)\s+to\s+be\s+blocking\b
    |(?:please\s+)?enable\s+javascript\s+to\b
    |this\s+(?:content|video|embed)\s+(?:is\s+(?:not\s+available|unavailable)
      |can(?:not|'t|\u2019t)\s+be\s+(?:displayed|shown|played))\.?$)""",
    re.IGNORECASE | re.VERBOSE,
)
_STAMP = re.compile(
    r"""^(?:\[?(?:updated?|last\s+updated|published|posted|first\s+published|modified)\]?
    (?:\s*(?:on|at|:))?\s*(?:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven
    |twelve|few|several)\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago
    |just\s+now|yesterday|today
    |[\w,:./ -]{0,40}?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?
    |[\w,./ -]{4,30}\d{4})\s*$
    |\d+\s*(?:minutes?|mins?|hours?|hrs?)\s+ago\s*$)""",
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE = re.compile(
    r"""^(?:[Bb][Yy]\s+(?:[A-Z][\w.'-]*\s*){1,4}(?:(?:,|and|&)\s*(?:[A-Z][\w.'-]*\s*){1,4}){0,3}
    (?:in\s+(?:[A-Z][\w.'-]*\s*){1,3})?(?:[,|-]\s*[\w .'-]{0,40})?$
    |[Bb][Yy]\s+(?:(?:an?|our|the)\s+)?(?:[A-Z][\w.'-]*\s+){0,2}
    (?:correspondents?|reporters?|staff(?:\s+(?:writer|reporter)s?)?|writers?)\s*$
    |(?:(?:reporting|writing|editing|additional\s+reporting)\s+by\b.{0,150})$)""",
    re.VERBOSE,
)
_AGENCIES = (r"(?:AP|AFP|Reuters|Getty\s+Images|EPA|Bloomberg|Shutterstock|Alamy|PA"
             r"|Handout|Supplied)")  # ("Mkondo Prize/Handout": the picture's source)
_CREDIT = re.compile(
    r"""^[(\[]?(?:(?:(?:image|photo|picture|video)\s*(?:credit|courtesy)?s?|credit|photograph|
    (?:ap|afp|reuters|getty)\s+(?:photo|images)|file\s+photo|illustration)\s*[:/]
    |(?:photo|image|picture|video)s?\s+(?:by|courtesy\s+of)\s).{0,120}[)\]]?$
    |^[(\[]?[\w .'-]{2,50}\s*/\s*""" + _AGENCIES + r"""(?:\s+via\s+[\w .'-]{2,30})?[)\]]?$""",
    re.IGNORECASE | re.VERBOSE,
)
# A photo caption: a short line ending with its credit in brackets, a source and an agency
# ("Grace Atim holds her award in Nairobi. (Mkondo Prize/Handout)")
_CAPTION = re.compile(r"^.{0,200}[(\[][\w .'-]{2,50}\s*/\s*" + _AGENCIES + r"[)\]]\.?$"
                      # or after a label ("A farmer checks seaweed lines in Paje. Photo:
                      # EANS/Amina Said")
                      r"|^.{0,200}[.!?]\s+(?i:photo(?:graph)?|picture|image)s?\s*:\s*"
                      r"[\w .'’/-]{2,60}$")
# A line of furniture items set apart by "|" ("By Farhana Rahman | Updated 6:30 p.m.")
_ITEM_BAR = re.compile(r"\s+\|\s+")
# A site's navigation run into one line: three or more short links set apart by "|"
# ("Tracking US cases | Podcast | Catch up | Q&A | Life after lockdown").
_NAVIGATION = re.compile(r"^(?:[^|.!?]{1,40}\s\|\s){2,}[^|.!?]{1,40}$")
_LABELLED = re.compile(
    r"^([A-Z][A-Z' ]{2,30}[?!]?|[A-Z][a-z]+(?: [a-z]+){0,3}[?!]?)\s*[:|]\s+(.+)$")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]+")
STOPWORDS = word_set("""
a an the and or but of to in on at by for with from as into onto over under about after before
is are was were be been being has have had do does did this that these those it its their his her
they them he she we you i our your my who whom which what when where why how than then there here
so such not no also just more most very can could will would may might should must shall
up down out off new says said say
""")


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """Lower-case words of a text that carry content (no stopwords, 3+ letters).
    Cached: every version of a story repeats most paragraphs (profiled: this was a third
    of extracting an 800-word version's facts)."""
    if text.isascii():
        # Each run of letters, "'" and "-" holds one of _WORDS' matches at most (from its
        # first letter to its end, when that is two characters or more), and whatever
        # the run holds before that letter is stripped below as the match's would be:
        # the runs, split out of the text's bytes by a table, give the same words without
        # the pattern (~1.3x quicker, issue 12).
        runs = text.encode("ascii").translate(_WORD_RUN_BYTES).decode("ascii").split()
    else:
        # (findall: the words' strings without a match object each)
        runs = _WORDS.findall(text)
    return frozenset([w for m in runs
                      if len(w := m.lower().strip("'-")) >= 3 and w not in STOPWORDS])


# ASCII letters, "'" and "-" kept, every other byte a space (``content_words``).
_WORD_RUN_BYTES = bytes(
    code if chr(code).isascii() and (chr(code).isalpha() or chr(code) in "'-") else 32
    for code in range(256))


def _headline_like(text: str) -> bool:
    """Short, and not ending like prose: what a promo or related-story line looks like."""
    text = text.rstrip()
    return len(text) <= 160 and (not text.endswith((".", '"', "'", "”", "’"))
                                 or bool(_LABELLED.match(text)))


def _unrelated(text: str, title: str, context_words: Set[str] | None) -> bool:
    """A headline-like line sharing no content word with the story (a rotated promo)."""
    if context_words is None and not title:
        return False
    if text.rstrip().endswith((".", '"', "'")):  # prose, not a headline
        return False
    words = content_words(text)
    if len(words) < 3:
        return False
    context = set(context_words or ()) | content_words(title)
    stems = {w[:5] for w in context}
    return not any(w in context or w[:5] in stems for w in words)


def is_boilerplate(line: str, *, title: str = "",
                   context_words: Set[str] | None = None) -> bool:
    """Whether a paragraph/line is page furniture rather than story: ads, promos, related
    and read-more links, update stamps, bylines, photo credits, and short headline-like
    lines unrelated to the story (context_words: content words of the rest of it)."""
    if len(line) > 300:  # prose: only a furniture prefix can make it boilerplate
        return bool(_PROMO.match(plain(line[:200]).strip()))
    text = _SPACES.sub(" ", plain(line)).strip()
    if not text:
        return True
    if _intrinsic(text):
        return True
    if "|" in text and all(map(_intrinsic, _ITEM_BAR.split(text))):
        return True  # "By Farhana Rahman | Updated 6:30 p.m.": each item furniture
    labelled = _LABELLED.match(text)
    if labelled and _unrelated(labelled.group(2), title, context_words):
        # "HAVE YOU READ?: <another story's headline>" and its kin.
        return True
    return len(text) <= 160 and _unrelated(text, title, context_words)


def _intrinsic(text: str) -> bool:
    """Furniture whatever the story: a promo, a stamp, a credit, a caption with its
    credit, a navigation line, a list of links, a byline."""
    return bool(_PROMO.match(text) or _STAMP.match(text) or _CREDIT.match(text)
                or _CAPTION.match(text) or _NAVIGATION.match(text) or _PLACEHOLDER.match(text)
                or text.startswith(_BULLETS)
                or (len(text) <= 120 and _BYLINE.match(text)))


# (A line that opens with a bullet, no heading before it, lists links to other stories:
# "• Watch: Obama's full speech to convention • Opinion: Biden can use speech to fire
# Trump", CNN's related links in its items' summaries; a list of the story's own facts
# has its heading, "KEY POINTS • ...", "VIRUS LATEST • ...": _BULLET splits its items.)


_INLINE_CREDIT = re.compile(
    r"\s*[(\[](?:(?:(?:image|photo|picture|video)\s*(?:credit|courtesy)?s?|credit|"
    r"(?:ap|afp|reuters|getty)\s+(?:photo|images)|file\s+photo)\s*[:/]"
    r"|(?:photo|image|picture|video)s?\s+by\s)[^)\]]{0,120}[)\]]"
    r"|\s*\bRead \d+ remaining paragraphs?\s*(?:\|\s*Comments)?\s*$"
    r"|\s*\((?:AP|AFP|Reuters|UPI|CNN|Bloomberg|dpa|PA|Xinhua|TASS|ANI|IANS|PTI|CNS)\)"
    r"|\s*\[?\b(?:Continue|Keep) reading\b[^.]{0,40}$"
    # an update stamp left at a paragraph's end ("... at risk. Last updated 14:20 EAT")
    r"|\s*\b(?:last\s+)?updated:?\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*$",
    re.IGNORECASE,
)


# A publication stamp opening a paragraph: a date with its year and a clock time, before
# the paragraph's first sentence ("April 23, 2020 5:00 AM New daily cases of ...": The
# Straits Times' feed summaries).  Kept, it was read as the sentence's date and its words
# joined every value drawn from that sentence ("2020 5:00 AM Why is this virus").  A
# sentence that opens on a date says "On April 23" or puts no clock time after the year.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_OPENING_STAMP = re.compile(
    rf"(?:{_MONTH}\s+\d{{1,2}},?|\d{{1,2}}\s+{_MONTH},?)\s+\d{{4}},?\s+(?:at\s+)?"
    r"\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?+"  # (possessive: "5:00 AM, police said" is no stamp)
    r"(?:\s+(?:SGT|GMT|UTC|BST|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|AEST|AEDT|NZST|NZDT|HKT|IST"
    r"|CET|CEST)\b)?+(?:\s*[|\u2013\u2014-])?(?:\s+(?=[\w\"'\u2018\u201c])|\s*$)")


def strip_inline_furniture(text: str) -> str:
    """Remove furniture embedded in a paragraph, e.g. "(Image credit: Jane Doe)", and a
    publication stamp opening it."""
    stamp = _OPENING_STAMP.match(text) if ":" in text[:40] and text[:1].isalnum() else None
    if stamp is not None:  # (the gate: a stamp's clock is in its first 40 characters)
        text = text[stamp.end():]
    if "(" not in text and "[" not in text and (
            "ead" not in text or "read" not in text.lower()) and "pdated" not in text:
        # The common case, without running the pattern: without a bracket only "Read N
        # remaining paragraphs", "Continue/Keep reading" and a closing "(Last) updated
        # 14:20" stamp can match, each holding "read" or "pdated" in some case (no other
        # character folds to r, e, a or d; a stamp's capital is its first letter).
        return text
    return _without_credits(text)


# Where a match of _INLINE_CREDIT can start, past the white space before it: a bracket or
# one of its words at a word's start (every alternative is "\s*" and then one of these)
_CREDIT_START = re.compile(r"[(\[]|\b(?:read|continue|keep|last|updated)", re.IGNORECASE)


def _without_credits(text: str) -> str:
    """``_INLINE_CREDIT.sub("", text)``, trying the pattern only where a match can start
    (profiled: the plain substitution tried it at every character of every paragraph, a
    twentieth of the diff's time).  A match starting in the white space before such a
    place starts at that space's beginning, as the substitution, scanning left to right,
    would find it; tests/test_text_furniture.py checks the two agree."""
    out: list[str] = []
    pos = 0
    for found in _CREDIT_START.finditer(text):
        start = found.start()
        if start < pos:
            continue  # inside the credit just removed
        while start > pos and text[start - 1].isspace():
            start -= 1
        match = _INLINE_CREDIT.match(text, start)
        if match is not None:
            out.append(text[pos:match.start()])
            pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def story_paragraphs(title: str, text: str, *, boilerplate: Iterable[str] = (),
                     context_words: set[str] | None = None) -> list[str]:
    """The paragraphs of a story with boilerplate and inline furniture removed.

    ``boilerplate`` holds line_keys known to recur across the feed's stories;
    ``context_words`` defaults to the content words of the title and the text."""
    known = frozenset(boilerplate)
    context = frozenset(context_words) if context_words is not None else None
    return list(_story_paragraphs(title, text, known, context))


@lru_cache(maxsize=256)
def _story_paragraphs(title: str, text: str, known: frozenset[str],
                      context_words: frozenset[str] | None) -> tuple[str, ...]:
    """story_paragraphs, cached: a version is read by the fingerprint, the extraction and
    two diffs (as the new and then the old side)."""
    paragraphs = [strip_inline_furniture(p).strip() for p in split_paragraphs(text)]
    usage: Counter[str] | None = None
    used: frozenset[str] = frozenset()
    kept = []
    for paragraph in paragraphs:
        if not paragraph or (known and line_key(paragraph) in known):
            continue
        context = context_words
        if len(paragraphs) == 1:
            # A text of one line is the item's summary, not a promo beside the story:
            # "As Bills confirm new stadium won't host high school games" under
            # "Section VI Football playoffs face uncertainty" shares no word with it.
            context = frozenset(content_words(paragraph))
        elif context is None and _headline_like(paragraph):
            if usage is None:
                # How many paragraphs (title included) use each word: a line's context
                # is the rest of the story.
                usage = Counter(w for p in [title, *paragraphs] for w in content_words(p))
                used = frozenset(usage)
            own = content_words(paragraph)
            context = used - {w for w in own if usage[w] == 1}
        if is_boilerplate(paragraph, title=title, context_words=context):
            continue
        kept.append(paragraph)
    return tuple(kept)
