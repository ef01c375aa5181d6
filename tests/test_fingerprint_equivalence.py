"""The SimHash's speed-ups (issue 12, session 16) must not change a bit: ``fingerprint``'s
digests, column counts, SimHash and ``ingest.similarity_of`` checked against the code they
replaced, kept here as the reference, on farm texts and thousands of random ones."""

from __future__ import annotations

import hashlib
import random

import pytest

from benchmarks.farm import Farm
from monitor import fingerprint

# ---------------------------------------------------------------- the replaced code

_LANE_CHUNK = 254
_LOW_BITS = int.from_bytes(b"\x01" * (8 * _LANE_CHUNK), "big")
_BLAKE2B_8 = hashlib.blake2b(digest_size=8)


def old_majority_bits(digests: bytes, count: int) -> int:
    """``fingerprint._majority_bits`` before: 8-bit lanes of chunks of 254 hashes."""
    sums = []
    step = 8 * _LANE_CHUNK
    for start in range(0, len(digests), step):
        chunk = digests[start:start + step]
        x = int.from_bytes(chunk, "big")
        sums.append([old_word_sum((x >> r) & _LOW_BITS, 8 * len(chunk)) for r in range(8)])
    result = 0
    for r in range(8):
        for lane in range(0, 64, 8):
            ones = sum((chunk_sums[r] >> lane) & 255 for chunk_sums in sums)
            if 2 * ones > count:
                result |= 1 << (lane + r)
    return result


def old_word_sum(value: int, bits: int) -> int:
    while bits > 64:
        half = (bits // 64 + 1) // 2 * 64
        value = (value >> half) + (value & ((1 << half) - 1))
        bits = half
    return value


def old_digests(features: list[str]) -> list[bytes]:
    digests = []
    for feature in features:
        state = _BLAKE2B_8.copy()
        state.update(feature.encode("utf-8"))
        digests.append(state.digest())
    return digests


def old_features(tokens: tuple[str, ...]) -> list[str]:
    if len(tokens) >= 3:
        return list(map(" ".join, zip(tokens, tokens[1:], tokens[2:], strict=False)))
    return list(tokens)


def old_simhash_of_words(tokens: tuple[str, ...]) -> int:
    features = old_features(tokens)
    if not features:
        return 0
    return old_majority_bits(b"".join(old_digests(features)), len(features))


def old_simhash(title: str, text: str) -> int:
    return old_simhash_of_words(fingerprint.words(title, text))


def old_hashed(title: str, text: str, boilerplate: frozenset[str]) -> str:
    """``fingerprint._hashed`` before: the joined paragraphs always normalised again."""
    from monitor.text import normalise, story_paragraphs

    body = "\n\n".join(p for p in story_paragraphs(title, normalise(text),
                                                     boilerplate=boilerplate)
                       if not fingerprint._COUNTER_LINE.match(p))
    hashed = normalise(title) + "\n\n" + normalise(body)
    return (fingerprint._SPACE_BEFORE_PUNCT.sub(r"\1", hashed)
            if fingerprint._space_before_punct(hashed) else hashed)


# ---------------------------------------------------------------- inputs

_VOCABULARY = ["the", "a", "of", "in", "on", "and", "to", "said", "police", "council",
               "storm", "flood", "ceasefire", "minister", "Port", "Elgin", "Dunmore", "50",
               "160", "777", "1,234", "3.5", "km²", "U.S.", "e.g.", "co-operate",
               "t-storms", "Iran's", "it's", "don't", "café", "naïve", "Zürich", "São",
               "Paulo", "Łódź", "Kyiv", "Київ", "東京", "北京", "ﬁnance", "ＡＢＣ", "x_y",
               "__init__", "—", "–", "…", "“quoted”", "‘single’", "(AP)", "[Reuters]", "&",
               "<", ">", "\u00a0", "\u2009", "\t"]
_PUNCT = ["", "", "", ",", ".", ";", ":", "!", "?", "'", '"', ")", " (", "-", "/", "\n",
          "\n\n", "  "]


def random_text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_VOCABULARY) + rng.choice(_PUNCT) for _ in range(words))


# What ``normalise`` and the paragraph rules act on, for ``_hashed``'s shortcut: markup,
# entities (one escaped twice), backticks, runs of spaces, tabs and other spaces, line
# breaks of every kind, inline furniture, counters, stamps, bylines.
_FURNITURE = ["<b>", "</p>", "<br>", "&amp;", "&amp;lt;", "&lt;i&gt;", "&#8217;", "`", "``",
              "\t", "  ", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2028",
              "\u00a0", "\u3000", "(AP)", "(Photo: Jane Doe)", "[Image credit: X]",
              "Read more", "Continue reading", "Updated 5 minutes ago", "342 comments",
              "Views: 1,234", "5 min read", "By Jane Doe", "Advertisement", "\n", "\n\n",
              "\n \n", " \n\t\n ", "Kyiv ,", "end )", "\u201cquoted\u201d", "\ufb01"]


def random_story(rng: random.Random) -> str:
    """Paragraphs of prose with furniture, markup and odd spaces strewn in (or none)."""
    strewn = rng.choice([0.0, 0.0, 0.02, 0.1, 0.3])
    paragraphs = []
    for _ in range(rng.randint(0, 12)):
        parts = []
        for _ in range(rng.choice([1, 2, 5, rng.randint(5, 60)])):
            parts.append(rng.choice(_FURNITURE) if rng.random() < strewn
                         else rng.choice(_VOCABULARY[:40]) + rng.choice(_PUNCT[:10]))
        paragraphs.append(" ".join(parts))
    return rng.choice(["\n\n", "\n", "\n\n\n", " \n \n "]).join(paragraphs)


def random_cases(seed: int, count: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        size = rng.choice([0, 1, 2, 3, 4, 5, 11, 12, 13, rng.randint(0, 60),
                           rng.randint(60, 1200), rng.randint(200, 1200)])
        title = random_text(rng, rng.randint(0, 12)) if rng.random() < 0.8 else ""
        cases.append((title, random_text(rng, size)))
    return cases


def farm_cases() -> list[tuple[str, str]]:
    """Stories of the farm (pass 1's ~800-word articles and the default farm's) and the
    (title, text) the workers' ``similarity_of`` gets for 20 of its rotating pages."""
    from monitor.extract import scan_page
    from monitor.ingest import page_entry, snapshot_texts
    from monitor.models import Entry

    cases = []
    farm = Farm(20, 10, seed=31, rotating=True, page_kb=100, fact_rate=0.0,
                cosmetic_rate=0.0)
    for f in range(20):
        for e in range(10):
            cases.append((farm.title(f, e), farm.story_text(f, e)))
    for f in range(0, 20, 4):
        for e in range(0, 10, 3):
            url = farm.article_url(f, e)
            scan = scan_page(farm.page_body(f, e), url, None)
            entry = Entry(guid=farm.guid(f, e), link=url, title=farm.title(f, e),
                          text="Teaser.")
            cases.append(snapshot_texts(page_entry(entry, scan.fast)))
    other = Farm(5, 20, seed=9, content="full")
    cases += [(other.title(f, e), other.story_text(f, e)) for f in range(5) for e in range(20)]
    return cases


# ---------------------------------------------------------------- the checks


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 9, 63, 64, 65, 253, 254, 255, 256,
                                   257, 508, 509, 511, 512, 513, 849, 850, 1023, 1024, 1025,
                                   3001, 5000])
def test_bit_sliced_column_counts_give_the_lane_counted_bits(count: int) -> None:
    rng = random.Random(count)
    cases = [rng.randbytes(8 * count) for _ in range(12)]
    cases += [b"\xff" * (8 * count), bytes(8 * count),  # every column full, and empty
              b"".join(rng.choice([b"\xff" * 8, bytes(8)]) for _ in range(count)),  # ties
              b"\xaa\x55" * (4 * count), b"\x80" + bytes(8 * count - 1)]
    # columns within one of half the count: the comparison's edge, ties when even
    for _ in range(6):
        rows = [rng.randbytes(8) for _ in range(count)]
        column = rng.randrange(64)
        ones = count // 2 + rng.choice([0, 1]) if count > 1 else 1
        chosen = set(rng.sample(range(count), ones))
        rows = [(int.from_bytes(r, "big") & ~(1 << column) | ((i in chosen) << column))
                .to_bytes(8, "big") for i, r in enumerate(rows)]
        cases.append(b"".join(rows))
    for digests in cases:
        assert fingerprint._majority_bits(digests, count) == old_majority_bits(
            digests, count)


def test_bit_sliced_column_counts_on_every_count_up_to_600() -> None:
    rng = random.Random(600)
    for count in range(1, 601):
        for _ in range(3):
            digests = rng.randbytes(8 * count)
            assert fingerprint._majority_bits(digests, count) == old_majority_bits(
                digests, count), count


def test_mapped_digests_are_the_looped_ones() -> None:
    rng = random.Random(3)
    for title, text in random_cases(4, 600):
        tokens = tuple(text.split()) if rng.random() < 0.5 else fingerprint.words(title, text)
        features = old_features(tokens)
        assert fingerprint._digests(fingerprint._shingles(tokens), len(features)) == \
            b"".join(old_digests(features))


def test_simhash_is_the_one_before_on_thousands_of_random_texts() -> None:
    fingerprint.clear_caches()
    cases = random_cases(11, 4000)
    assert sum(len(fingerprint.words(*c)) >= 200 for c in cases) > 500  # long ones too
    assert sum(not fingerprint.hashed_text(*c).isascii() for c in cases) > 1000
    for title, text in cases:
        assert fingerprint.simhash(title, text) == old_simhash(title, text), (title, text)


def test_simhash_and_similarity_of_are_the_ones_before_on_farm_texts() -> None:
    from monitor.ingest import similarity_of

    fingerprint.clear_caches()
    cases = farm_cases()
    assert len(cases) >= 320
    for title, text in cases:
        expected = old_simhash(title, text)
        assert fingerprint.simhash(title, text) == expected
        applies = len(fingerprint.words(title, text)) >= fingerprint.MIN_WORDS_FOR_SIMILARITY
        assert similarity_of(title, text) == (title, text, expected if applies else None)
    assert {fingerprint.simhash_hex(fingerprint.simhash(*c)) for c in cases[:3]} == {
        fingerprint.simhash_hex(old_simhash(*c)) for c in cases[:3]}


def test_short_texts_keep_their_simhash_and_verdict() -> None:
    from monitor.ingest import similarity_of

    fingerprint.clear_caches()
    words = Farm(1, 1, seed=2).story_text(0, 0).split()
    cases = [("", " ".join(words[:k])) for k in range(0, 40)]
    cases += [("Only a title", ""), ("", ""), ("a", ""), ("a b", ""), ("a b c", "")]
    for title, text in cases:
        assert fingerprint.simhash(title, text) == old_simhash(title, text)
        assert similarity_of(title, text)[2] == (
            old_simhash(title, text) if len(fingerprint.words(title, text)) >= 12 else None)


def test_hashed_text_is_the_one_before() -> None:
    """The second ``normalise`` of the joined paragraphs is skipped only where it gives
    them back: the same hashed text (so the same content hash, words and SimHash)."""
    from monitor.text import normalise, story_paragraphs

    rng = random.Random(21)
    cases = [(random_text(rng, rng.randint(0, 12)), random_story(rng)) for _ in range(6000)]
    cases += random_cases(22, 1000) + farm_cases()
    taken = 0
    for title, text in cases:
        for boilerplate in (frozenset(), frozenset({"advertisement", "read more"})):
            assert fingerprint._hashed(title, text, boilerplate) == old_hashed(
                title, text, boilerplate), (title, text)
        kept = [p for p in story_paragraphs(title, normalise(text))
                if not fingerprint._COUNTER_LINE.match(p)]
        taken += fingerprint._normal_already(kept, "\n\n".join(kept))
    assert 1000 < taken < len(cases) - 1000  # both ways taken, often
    # the farm's texts and pages all take it
    assert all(fingerprint._normal_already(kept, "\n\n".join(kept)) for kept in (
        [p for p in story_paragraphs(t, normalise(x)) if not fingerprint._COUNTER_LINE.match(p)]
        for t, x in farm_cases()))
