"""Speed-ups of the text and fingerprint helpers, the store's reads and the alerts' payloads
must not change results: each fast path checked against the code it replaced (issue 12,
session 16)."""

from __future__ import annotations

from benchmarks.farm import Farm
from monitor import fingerprint


def test_one_line_paragraphs_split_as_before():
    """The one-line shortcut gives what the block-and-line path gives the same line (a
    trailing line break sends it there, and adds only an empty line, which it drops)."""
    import random

    from monitor.text import split_paragraphs

    rng = random.Random(7)
    pieces = ["Word", "word", ".", " ", "  ", "\t", "\r", "\f", "\v", "\u00a0", "\u2009",
              "\n", "\n\n", " \n ", "'", ")", "a", "Z"]
    texts = ["", " ", "\t\r", "One line.", "  padded  ", "a\u00a0 b", "x\ry"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
              for _ in range(20_000)]
    for text in texts:
        assert split_paragraphs(text) == split_paragraphs(text + "\n"), repr(text)


def test_line_keys_of_ascii_text_by_the_byte_table_are_the_patterns_keys():
    import random

    from monitor.text import _DIGITS, _KEY_DROP, line_key

    rng = random.Random(11)
    alphabet = "aB9 ,.'\"<>&;!?-_\t\n0x#%()[]{}~`^|/\\*+=@$:"
    texts = ["", "Updated 5 minutes ago", "Read more: 12 things", "&amp; 3 < 4 <b>bold</b>"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
              for _ in range(20_000)]
    for text in texts:
        lowered = text.lower()  # what the patterns read (ASCII: plain() changes only `)
        assert line_key(text) == line_key(text.replace("`", "'"))
        if "<" not in text and "&" not in text:
            expected = " ".join(_DIGITS.sub("0", _KEY_DROP.sub(" ", lowered.replace(
                "`", "'"))).split())
            assert line_key(text) == expected, repr(text)


def test_change_to_dict_is_what_asdict_gives():
    from dataclasses import asdict

    from monitor.facts import diff_documents
    from monitor.models import Change, Document

    farm = Farm(2, 10, seed=4, content="full", fact_rate=1.0)
    before = [Document(farm.title(f, e), farm.story_text(f, e)) for f in range(2)
              for e in range(10)]
    farm.tick()
    after = [Document(farm.title(f, e), farm.story_text(f, e)) for f in range(2)
             for e in range(10)]
    changes = [c for a, b in zip(before, after, strict=True)
               for c in diff_documents(a, b).changes]
    changes.append(Change("amount", "added", None, "12", None, "12 died.", "high"))
    assert len(changes) > 5
    for change in changes:
        assert change.to_dict() == asdict(change)
        assert list(change.to_dict()) == list(asdict(change))


def test_word_list_is_what_the_word_pattern_finds():
    import random

    rng = random.Random(5)
    alphabet = "ab_9Z .,'\t\n\r\x0b\x0c\x1c\x1f\x00\x7f-\u00e9\u00a0\u2009"
    texts = ["", " ", "one", "a_b c-d", "x\x1cy", "caf\u00e9 bar"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
              for _ in range(30_000)]
    for text in texts:
        assert fingerprint._word_list(text) == fingerprint._WORD.findall(text), repr(text)


def test_content_words_of_ascii_text_are_the_patterns():
    import random

    from monitor.text import _WORDS, STOPWORDS, content_words

    def reference(text: str) -> frozenset[str]:
        return frozenset(w for m in _WORDS.findall(text)
                         if len(w := m.lower().strip("'-")) >= 3 and w not in STOPWORDS)

    rng = random.Random(9)
    alphabet = "abAB-' .,9\t\nTHEthe_\x00\x7f"
    texts = ["", "--ab'c-d", "a-'-", "The Mayor's -- re-elected 'chief'", "x_y"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
              for _ in range(30_000)]
    for text in texts:
        assert content_words.__wrapped__(text) == reference(text), repr(text)


def test_a_keys_digits_are_found_as_str_isdigit_finds_them():
    from monitor.ingest import _has_digit

    keys = ["", "a", "0", "updated 0 minutes ago", "x9", "caf\u00e9", "\u00b2", "\u0663 km",
            "".join(chr(c) for c in range(128))]
    keys += [chr(c) for c in range(0x3000)]
    for key in keys:
        assert _has_digit(key) == any(map(str.isdigit, key)), repr(key)


def test_scrub_gives_what_the_round_trip_through_utf16_gives():
    import random

    from monitor.notify.render import scrub

    rng = random.Random(13)
    alphabet = ["a", " ", "\u00e9", "\u2019", "\U0001f600", "\ud83d", "\ude00", "\udc80",
                "\ud800", "\x00"]
    texts = ["", "plain", "\ud83d\ude00", "\ude00\ud83d", "\udc80 tail"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
              for _ in range(20_000)]
    for text in texts:
        assert scrub(text) == text.encode("utf-16", "surrogatepass").decode(
            "utf-16", "replace"), repr(text)
    assert scrub({"a": ["\udc80", 1, None]}) == {"a": ["\ufffd", 1, None]}


def test_inline_credits_removed_where_they_can_start_as_the_substitution_removes_them():
    """text._without_credits tries the credit pattern only where a match can start: on
    made texts of its pieces it gives what the plain substitution gives (session 22)."""
    import random

    from monitor.text import _INLINE_CREDIT, _without_credits

    rng = random.Random(22)
    pieces = ["(", ")", "[", "]", " ", "  ", "\u00a0", "\n", "Image credit: ", "credit:",
              "Photo by ", "photos by ", "(AP)", "(Reuters)", "AP photo/", "Read 12 remaining ",
              "paragraphs", "paragraph", " | Comments", "Continue reading", "Keep reading",
              "keep reading this", "Last updated 14:20 EAT", "updated: 9.30 pm GMT",
              "Updated", "Jane Doe", "the", ".", ",", "Read", "read", "thread", "reading",
              "1", "x", "Getty Images/", "file photo:", "video by ", "(", "[Continue "]
    texts = ["", "A plain paragraph.", "Shown here (Image credit: Jane Doe) today.",
             "He said so. Read 3 remaining paragraphs | Comments"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
              for _ in range(30_000)]
    for text in texts:
        assert _without_credits(text) == _INLINE_CREDIT.sub("", text), repr(text)
