"""Fingerprints of a story: content hash, similarity hash, canonical URL, identity keys.

Pure functions, no I/O.

* ``content_hash`` decides whether a version is new: it hashes the *normalised*
  title and text (``monitor.text.normalise``), so whitespace, markup, quote
  styles and the like never make a version.
* ``simhash`` (64-bit, Charikar) finds the same story under a new guid or URL:
  a reissued story's text differs in a few words at most, so its fingerprint
  lies within a few bits of the original's.
* ``canonical_url`` removes tracking parameters and fragments so one article
  has one key however it was shared.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import repeat, starmap
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from monitor.models import Entry
from monitor.text import content_words, normalise, story_paragraphs

SIMHASH_BITS = 64
# Near-duplicates are found in two steps.  SimHash distance picks candidates
# cheaply: measured on generated news from one template pool (benchmarks/farm.py),
# unrelated stories were never closer than 10 bits, while real edits of the seed
# story (/work/shared/examples) moved it by 2-13 bits, so a distance filter alone
# cannot separate them.  The word 3-shingle resemblance (Jaccard) of the texts
# then decides: 0.86-0.96 for those edits, at most 0.29 for unrelated stories.
CANDIDATE_DISTANCE = 16
SAME_STORY_RESEMBLANCE = 0.6
# Below this many words a similarity says little: two short, different
# headlines can look alike by chance, so short texts never match.
MIN_WORDS_FOR_SIMILARITY = 12
# A reused guid or URL (a live page re-pointed to a new event, a collections page, a
# recurring notice) carries a text with nothing in common with the story it named.
# Measured on the real corpus (benchmarks/reuse.py, docs/benchmarks.md "Reused ids"):
# consecutive versions of short items (headlines, summaries) that share no content word
# are re-pointed pages; one shared word ("Skyway closed" -> "Skyway reopens") is already
# a developing story.  Long texts always share common words; there the shingle
# resemblance separates: unrelated excerpts 0.009 at the 99th percentile, real
# consecutive versions 0.25 at the 1st and 0.031 at the lowest.
REPLACED_MAX_OVERLAP = 0.02  # content-word Jaccard below which texts share (almost) nothing
# Headline-only items (CNN's `collections/` slots, fewer than MIN_WORDS_FOR_SIMILARITY
# words) are judged by the same "no content word in common" rule once each has this many
# words: of the corpus's 300 such pairs (benchmarks/reuse.py), the 48 sharing no content
# word are 41 slots re-pointed to another story and 7 headlines rewritten whole (which
# then start a linked story, as long ones do: their comparison is lost).  Shorter ones
# ("Code Blue Monday" -> "Budget vote") say too little either way.
REUSE_MIN_WORDS = 4
REPLACED_MAX_RESEMBLANCE = 0.02  # shingle resemblance below which long texts are unrelated
LONG_TEXT_WORDS = 100  # both texts at least this long: the resemblance rule applies
_SHINGLE = 3  # words per feature
# Per-entry caches: an entry's text is hashed for its identity search, its version row
# and the near-duplicate check; a decision made again after the entries before it in its
# feed document were written (monitor.pipeline) compares it with those entries' texts,
# so the caches hold a feed document's worth.  An 800-word text costs ~140 KB across
# them (hashed text, words, shingles); worker processes clear them after each job.
_CACHED = 64

_WORD = re.compile(r"\w+", re.UNICODE)
# What ``_WORD`` reads as a word character among ASCII bytes (letters, digits, "_") kept,
# every other byte a space: an ASCII text's words are then its bytes translated and split
# at white space (``_word_list``), ~4x quicker than the pattern's matches.
_ASCII_WORD_BYTES = bytes(code if code < 128 and _WORD.fullmatch(chr(code)) else 32
                          for code in range(256))
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([,.;:!?)])")  # "Ukraine ," re-rendered
# A paragraph that is only an engagement counter or a reading time ("342 comments",
# "Views: 1,234", "5 min read") changes on every visit and says nothing about the story.
_COUNT = r"[\d][\d,.\s]*[km]?"
_COUNTER_LINE = re.compile(
    rf"""^\W*(?:{_COUNT}\s*(?:comments?|views?|shares?|likes?|reactions?|replies|reads?)
    |(?:comments?|views?|shares?|likes?|reactions?|replies|reads?)\s*[:(]?\s*{_COUNT}\)?
    |{_COUNT}\s*(?:min(?:ute)?s?|hours?)\s+(?:read|listen|watch))\W*$""",
    re.IGNORECASE | re.VERBOSE)


# ---------------------------------------------------------------- content hash


@lru_cache(maxsize=_CACHED)  # content_hash, simhash, similarity_applies share an entry's
def hashed_text(title: str, text: str) -> str:
    """What a fingerprint covers: the normalised title and the story's paragraphs
    without the furniture a page re-renders on every visit ("Updated 5 minutes
    ago", promo and newsletter lines, bylines, image credits), so a page whose
    furniture changes on every poll does not make a version on every poll."""
    return _hashed(title, text, frozenset())


def _hashed(title: str, text: str, boilerplate: frozenset[str]) -> str:
    kept = [p for p in story_paragraphs(title, normalise(text), boilerplate=boilerplate)
            if not _COUNTER_LINE.match(p)]
    body = "\n\n".join(kept)
    hashed = normalise(title) + "\n\n" + (body if _normal_already(kept, body)
                                           else normalise(body))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", hashed) if _space_before_punct(hashed) else hashed


# What ``normalise`` would change in a text of paragraphs joined by blank lines: markup,
# an entity, a backtick, a run of spaces or a space other than " " and the line break.
_NOT_NORMAL = ("<", "&", "`", "  ", "\t", "\r", "\f", "\v")


def _normal_already(paragraphs: list[str], body: str) -> bool:
    """Is ``normalise(body)`` ``body`` itself, ``body`` being ``paragraphs`` joined by blank
    lines?  It is when each paragraph is one line, non-empty and stripped, and the text is
    ASCII with nothing of ``_NOT_NORMAL``: no markup or entity to remove, nothing for
    ``plain`` to change, and ``split_paragraphs`` reads back the same paragraphs with no
    space to squeeze.  Story paragraphs usually are (``text.story_paragraphs`` of a
    normalised text): the second ``normalise`` of a hashed text (~21 us for 800 words)
    then costs these checks (~10 us, most of it looking for two spaces; issue 12, session
    16; tests/test_fingerprint_equivalence.py)."""
    return (body.isascii() and body.count("\n") == 2 * (len(paragraphs) - 1)
            and all(p and p.strip() == p for p in paragraphs)
            and not any(mark in body for mark in _NOT_NORMAL))


def _space_before_punct(text: str) -> bool:
    """Can ``_SPACE_BEFORE_PUNCT`` match?  Its run of spaces and tabs ends with one of
    them right before the mark; most texts have no such pair.  Looked for as a tab, else a
    space followed by a mark (a pattern led by a literal: the engine skips from space to
    space): ~12 us for an 800-word text, where the pattern tried at every space costs ~80
    and seven substring searches, one per mark, ~33 (issue 12)."""
    return "\t" in text or _SPACE_THEN_MARK.search(text) is not None


_SPACE_THEN_MARK = re.compile(r" [,.;:!?)]")


def same_content_beside(boilerplate: frozenset[str], a: tuple[str, str],
                        b: tuple[str, str]) -> bool:
    """Do two (title, text) versions differ only in lines known to recur across the
    feed's stories (``boilerplate``: line keys)?  Not part of the stored hash, which
    must not change as the feed's boilerplate is learnt."""
    return _hashed(*a, boilerplate) == _hashed(*b, boilerplate)


def content_hash(title: str, text: str) -> str:
    """sha256 (hex) of the normalised title and text: equal iff no real change."""
    return hashlib.sha256(hashed_text(title, text).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- similarity
# Hand-written: SimHash is twenty lines, and the PyPI packages for it are
# unmaintained (last releases 2017-2022) and tokenise text their own way; we
# want features from our own normalised words.


@lru_cache(maxsize=_CACHED)
def words(title: str, text: str) -> tuple[str, ...]:
    return tuple(_word_list(hashed_text(title, text).casefold()))


def _word_list(text: str) -> list[str]:
    """``_WORD.findall(text)``."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(text)


@lru_cache(maxsize=_CACHED)  # one entry: identity search, then its version row
def simhash(title: str, text: str) -> int:
    """64-bit SimHash over word 3-shingles of the normalised title and text."""
    tokens = words(title, text)
    if not tokens:
        return 0
    count = len(tokens) - _SHINGLE + 1 if len(tokens) >= _SHINGLE else len(tokens)
    return _majority_bits(_digests(_shingles(tokens), count), count)


# A feature's hash is BLAKE2b's 8-byte digest.  Each is made from a copy of this empty
# state: the same digest as ``blake2b(data, digest_size=8)`` without parsing the
# constructor's arguments again for every feature (0.43 -> 0.29 ms for the ~800 features
# of an 800-word text, issue 12).  The states are made, fed and read by ``map`` over the
# methods, the shingles joined and encoded on the way: no Python step per feature (~300
# -> ~270 us for an 800-word text's features and digests, issue 12, session 16;
# tests/test_fingerprint_equivalence.py).
_BLAKE2B_8 = hashlib.blake2b(digest_size=8)
_UPDATE = hashlib.blake2b.update
_DIGEST = hashlib.blake2b.digest


def _digests(features: Iterator[str], count: int) -> bytes:
    """The 8-byte BLAKE2b digests of the ``count`` ``features``, one after another, in
    order."""
    states = list(starmap(_BLAKE2B_8.copy, repeat((), count)))
    deque(map(_UPDATE, states, map(str.encode, features)), maxlen=0)
    return b"".join(map(_DIGEST, states))


# Bit i of a SimHash is set when more than half of its features' 64-bit hashes have bit i
# set.  The hashes are counted all 64 columns at once, as binary counters held in bit
# planes (a bit-sliced adder): the hashes, one integer (``planes[0]``: each 64-bit word a
# hash, a counter of 0 or 1 in each column), are folded in half again and again, the upper
# half's words added to the lower half's, column by column, by a ripple-carry adder of
# bitwise operations over the planes (plane i: bit i of every column's count), until one
# word is left: its planes hold the 64 columns' counts.  These are compared with half the
# count by a bitwise comparator.  Seven big-integer operations a plane and level; ~120
# -> ~25 us for an 800-word text's ~850 hashes against counting 8-bit lanes of chunks of
# them (issue 12, session 16), which replaced counting each column of the hashes written
# out as a string of bits; the same bits (tests/test_fingerprint_equivalence.py and
# tests/test_perf_equivalence.py).
_COLUMNS = (1 << SIMHASH_BITS) - 1


def _majority_bits(digests: bytes, count: int) -> int:
    """The SimHash of ``count`` 8-byte hashes (``digests``, big-endian, one after another)."""
    planes = [int.from_bytes(digests, "big")]  # plane i: bit i of each word's counters
    words_left = count
    while words_left > 1:
        half = (words_left + 1) // 2  # the lower half's words: at least the upper half's
        shift = SIMHASH_BITS * half
        mask = (1 << shift) - 1  # (not kept: a text of each length would add its own)
        carry = 0
        summed = []
        for plane in planes:  # the upper half's counters plus the lower half's
            upper, lower = plane >> shift, plane & mask
            either = upper ^ lower
            summed.append(either ^ carry)
            carry = (upper & lower) | (either & carry)
        summed.append(carry)
        planes, words_left = summed, half
    # The columns whose count (planes[i]: its bit i) exceeds half of ``count``: 2 * ones >
    # count, i.e. ones > count // 2, compared from the top bit down.
    bound = count // 2
    above, equal = 0, _COLUMNS
    for i in range(max(len(planes), bound.bit_length()) - 1, -1, -1):
        plane = planes[i] if i < len(planes) else 0
        if bound >> i & 1:
            equal &= plane
        else:
            above |= equal & plane
            equal &= ~plane
    return above


def _shingles(tokens: tuple[str, ...]) -> Iterator[str]:
    """Word 3-shingles, or the words themselves when there are fewer than three (made
    one at a time: ``simhash`` hashes them as they come)."""
    if len(tokens) >= _SHINGLE:
        return map(" ".join, zip(tokens, tokens[1:], tokens[2:], strict=False))
    return iter(tokens)


def simhash_hex(value: int) -> str:
    return f"{value:016x}"


def from_hex(value: str) -> int:
    return int(value, 16)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def is_candidate(a: int | str, b: int | str, max_distance: int = CANDIDATE_DISTANCE) -> bool:
    """Are two SimHashes close enough to be worth comparing texts?"""
    a = from_hex(a) if isinstance(a, str) else a
    b = from_hex(b) if isinstance(b, str) else b
    return hamming(a, b) <= max_distance


@lru_cache(maxsize=_CACHED)  # a new story is compared with several candidates
def shingles(title: str, text: str) -> frozenset[str]:
    tokens = words(title, text)
    if len(tokens) < _SHINGLE:
        return frozenset({" ".join(tokens)} if tokens else ())
    return frozenset(_shingles(tokens))


def resemblance(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Jaccard similarity of two shingle sets (1.0: the same words in the same order)."""
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)  # = len(a | b), without building it


def is_near_duplicate(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Are two (title, text) pairs the same story, give or take an edit?"""
    if not (similarity_applies(*a) and similarity_applies(*b)):
        return False
    return resemblance(shingles(*a), shingles(*b)) >= SAME_STORY_RESEMBLANCE


def similarity_applies(title: str, text: str) -> bool:
    """Is there enough text for a similarity match to mean something?"""
    return len(words(title, text)) >= MIN_WORDS_FOR_SIMILARITY


@lru_cache(maxsize=_CACHED)
def content_word_set(title: str, text: str) -> frozenset[str]:
    """The content words (``text.content_words``: no stopwords, 3+ letters) of the
    normalised title and text, possessives and plurals folded ("Iran's" is "iran",
    "wildfires" is "wildfire")."""
    folded: set[str] = set()
    for word in content_words(hashed_text(title, text).casefold()):
        folded.update(_folded(word))
    return frozenset(folded)


# A text's words are mostly the words of the texts before it: each word's folded forms are
# kept (~0.5 us a word folded, ~0.05 us found; an 800-word pair of versions folds ~250
# words in ``_surely_related`` alone, issue 12).  Small strings: ~2 MB when full.
@lru_cache(maxsize=16384)
def _folded(word: str) -> tuple[str, ...]:
    # "Spokane-area" shares "spokane" with "Spokane"; "t-storms" "storm" with "storms"
    parts = [word, *word.split("-")] if "-" in word else [word]
    return tuple(_fold(part) for part in parts if len(part) >= 3)


def _fold(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def word_overlap(a: tuple[str, str], b: tuple[str, str]) -> float:
    """Jaccard similarity of the content words of two (title, text) pairs."""
    return resemblance(content_word_set(*a), content_word_set(*b))


def is_unrelated(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Has ``b`` almost nothing in common with ``a``: a reused guid or URL now naming
    another story, rather than an edit of the same one?  Texts too short for a similarity
    (``similarity_applies``: headline-only items) are unrelated only when they share no
    content word and each has ``REUSE_MIN_WORDS`` words or more."""
    if not (similarity_applies(*a) and similarity_applies(*b)):
        return _short_unrelated(a, b)
    if _surely_related(a, b):
        return False
    if word_overlap(a, b) < REPLACED_MAX_OVERLAP:
        return True
    return (min(len(words(*a)), len(words(*b))) >= LONG_TEXT_WORDS
            and resemblance(shingles(*a), shingles(*b)) < REPLACED_MAX_RESEMBLANCE)


# A text whose SimHash is this close to a stored version's is an edit of it, not the
# other story ``is_unrelated`` looks for.  Texts it calls unrelated share under 2 % of
# their content words or shingles, so their SimHashes agree on about half their 64 bits:
# none of the 9,822 consecutive pairs of the real corpus it calls unrelated came within 19
# bits (docs/benchmarks.md, session 23), and two texts with no shingle in common come
# within 6 with a chance of ~1e-11 (their bits are independent coin flips).
SURELY_RELATED_BITS = 6


def related_in_print(stored: str | None, title: str, text: str) -> bool:
    """Is the SimHash of (``title``, ``text``) within ``SURELY_RELATED_BITS`` of ``stored``
    (a stored version's, hex)?  Then ``is_unrelated`` need not read that version's text:
    an edited 800-word version's SimHash is worked out for its row anyway, and its
    predecessor's normalised text, words and shared ends cost ~0.9 ms more (issue 12;
    tests/test_perf_equivalence.py checks the two agree)."""
    if not stored:
        return False
    try:
        value = from_hex(stored)
    except ValueError:  # a value an older or foreign writer left: read the texts
        return False
    return hamming(value, simhash(title, text)) <= SURELY_RELATED_BITS


def _short_unrelated(a: tuple[str, str], b: tuple[str, str]) -> bool:
    if min(len(words(*a)), len(words(*b))) < REUSE_MIN_WORDS:
        return False
    return word_overlap(a, b) < REPLACED_MAX_OVERLAP


# How much of the opening and the ending two texts share that _surely_related reads.
_ENDS_READ = 1500


def _surely_related(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Do the opening and ending two texts share (up to _ENDS_READ characters each) prove
    both of is_unrelated's measures at or above their thresholds?  Most versions compared
    are edits of one story, and this reads ~3 KB instead of both texts' content words and
    shingles (~1 ms for 800 words, issue 12).  False only means "not proved".

    Words read in a stretch both normalised texts share, cut at a space or a line break
    (no word crosses one), are words of both, so their content words are in both
    ``content_word_set``s and their shingles in both ``shingles``.  Against that, the
    unions are bounded from above: a text of n characters has at most 2n/5 folded content
    words (each is a run of 3+ letters; a hyphenated run of k parts adds k+1 from 4k
    characters or more) and at most as many shingles as words.  So common/(bound) above
    the threshold means the Jaccard similarity is too.  tests/test_perf_equivalence.py
    compares is_unrelated with the plain measures."""
    fa, fb = hashed_text(*a).casefold(), hashed_text(*b).casefold()
    head = _cut_after_space(fa[:min(_common_prefix(fa, fb), _ENDS_READ)])
    tail = _cut_before_space(fa[len(fa) - min(_common_suffix(fa, fb), _ENDS_READ):])
    shared: set[str] = set()
    for word in content_words(head) | content_words(tail):
        shared.update(_folded(word))
    # (a quarter above each bound: float rounding never decides)
    if len(shared) <= REPLACED_MAX_OVERLAP / 2 * (len(fa) + len(fb)):
        return False
    na, nb = len(words(*a)), len(words(*b))
    if min(na, nb) < LONG_TEXT_WORDS:
        return True
    # Counted as tuples of words, not ``_shingles``' joined strings: the same count (words
    # hold no space, so joining is one-to-one), without a join per shingle.
    common: set[tuple[str, ...]] = set()
    for part in (head, tail):
        tokens = _word_list(part)
        if len(tokens) >= _SHINGLE:
            common.update(zip(tokens, tokens[1:], tokens[2:], strict=False))
    return len(common) > 1.25 * REPLACED_MAX_RESEMBLANCE * (na + nb)


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix."""
    return _longest(min(len(a), len(b)), lambda n: a.startswith(b[:n]))


def _common_suffix(a: str, b: str) -> int:
    """The length of the longest common suffix."""
    return _longest(min(len(a), len(b)), lambda n: a.endswith(b[len(b) - n:]))


def _longest(limit: int, holds: Callable[[int], bool]) -> int:
    """The largest n <= ``limit`` for which ``holds(n)``, ``holds`` true up to some n and
    false after it (binary search: each test compares slices in C)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if holds(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _cut_after_space(text: str) -> str:
    """``text`` up to its last space or line break (included); "" when it has none."""
    return text[:max(text.rfind(" "), text.rfind("\n")) + 1]


def _cut_before_space(text: str) -> str:
    """``text`` from its first space or line break; "" when it has none."""
    cuts = [i for i in (text.find(" "), text.find("\n")) if i >= 0]
    return text[min(cuts):] if cuts else ""


def clear_caches() -> None:
    """Forget the per-entry caches (a worker process between two jobs)."""
    for cached in (hashed_text, words, simhash, shingles, content_word_set):
        cached.cache_clear()


# ---------------------------------------------------------------- canonical URL

# Query parameters that only say how a reader arrived, never which article.
_TRACKING_PREFIXES = ("utm_", "at_", "ns_", "mc_", "pk_", "mtm_", "ga_", "itm_", "oly_", "vero_")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mkt_tok",
    "ref", "ref_src", "ref_url", "referrer", "src", "cmpid", "cmp", "ocid", "smid", "smtyp",
    "_ga", "_gl", "share", "s_cid", "xtor", "wt.mc_id",
})


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


@lru_cache(maxsize=1024)  # an entry's link is keyed ~3 times per poll (~20 us each)
def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment, default port or case noise.

    Written out rather than taken from courlan/w3lib: their tracker lists also
    drop parameters such as ``source`` or ``id`` variants that some news sites
    use to name the article, and a wrong merge of two stories is worse than a
    missed one (the similarity check catches those).
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets (RFC 3986)
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not is_tracking_param(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


# ---------------------------------------------------------------- identity


def identity_keys(entry: Entry) -> list[str]:
    """The keys a feed entry is known by, strongest first: guid, then canonical link.

    An entry with neither is keyed by its normalised title (a last resort; the
    similarity check still joins it to its story when the title is edited).
    """
    keys: list[str] = []
    if entry.guid and entry.guid.strip():
        keys.append(entry.guid.strip())
    if entry.link:
        link = canonical_url(entry.link)
        if link not in keys:
            keys.append(link)
    if not keys:
        digest = hashlib.sha256(normalise(entry.title).casefold().encode("utf-8")).hexdigest()
        keys.append(f"title:{digest[:32]}")
    return keys
