"""The surface and furniture rules' gates (monitor/facts/rule_gates.py) skip only what
could not have matched: each rule's gate never fails on a text the rule changes, and
surface_normal with its gates gives what it gave without them, on every sentence of the
labelled sets and of a few thousand real version pairs."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.facts import signatures
from monitor.facts.judge_data import furniture_rules, surface_rules_gated
from monitor.facts.rule_gates import Gate, _union, fold, gate_of, passes
from monitor.text import split_sentences

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
CORPUS_FILES = sorted(p for p in CORPUS.glob("*.jsonl") if p.name != "pair_hints.jsonl")
REAL_PAIRS = 3_000  # consecutive version pairs read from the corpus for the equivalence

_DIGIT = re.compile(r"\d")


def _ungated(text: str) -> str:
    """surface_normal without the gates: every rule tried on every text, but for the
    rules marked as needing a digit, which skip a text with none at their turn (neither
    before the rules ran nor written by an earlier rule: "first-round" -> "1-round" ->
    "1 round")."""
    text = signatures._numbered_names().sub(signatures._joined, text)  # (a digit gates it)
    text = signatures._PARTY_TAG.sub(signatures._party_state, text)  # ("(R-" gates it)
    for furniture in furniture_rules():
        text = furniture.sub(" ", text)
    had_digit = _DIGIT.search(text) is not None
    if had_digit and "(" in text:
        text = signatures.without_conversions(text)
    for pattern, replacement, needs_digit in surface_rules_gated():
        if had_digit or not needs_digit or _DIGIT.search(text):
            text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _texts_of(side: dict[str, str]) -> list[str]:
    text = side.get("text") or ""
    return [side.get("title") or "", text, *split_sentences(text)]


@cache
def _stories() -> dict[str, dict[str, object]]:
    stories: dict[str, dict[str, object]] = {}
    for path in CORPUS_FILES:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                story = json.loads(line)
                stories[story["story_id"]] = story
    return stories


@cache
def labelled_texts() -> tuple[str, ...]:
    """Every headline, text and sentence of the labelled sets: the invented pairs
    (benchmarks/data, tests/data, shared/examples) and, where the corpus is here, the
    real pairs their labels name."""
    found: dict[str, None] = {}
    inline = [*(REPO / "benchmarks" / "data").glob("factpairs-*.jsonl"),
              *(REPO / "tests" / "data").glob("factpairs-*.jsonl"),
              SHARED / "examples" / "factpairs-public.jsonl"]
    for path in [p for p in inline if p.exists()]:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for side in (row["old"], row["new"]):
                found.update(dict.fromkeys(_texts_of(side)))
    stories = _stories()
    for path in (REPO / "benchmarks" / "data").glob("realpairs-*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            label = json.loads(line)
            story = stories.get(label["story_id"])
            if story is not None:
                versions = story["versions"]
                assert isinstance(versions, list)
                for k in (label["from"], label["to"]):
                    found.update(dict.fromkeys(_texts_of(versions[k])))
    found.pop("", None)
    return tuple(found)


def _real_pair_texts() -> list[str]:
    """Every headline, text and sentence of the first REAL_PAIRS consecutive version pairs
    of the corpus, taken from each file in turn (every outlet is in)."""
    found: dict[str, None] = {}
    per_file = REAL_PAIRS // max(1, len(CORPUS_FILES))
    for path in CORPUS_FILES:
        pairs = 0
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                versions = json.loads(line)["versions"]
                for version in versions:
                    found.update(dict.fromkeys(_texts_of(version)))
                pairs += len(versions) - 1
                if pairs >= per_file:
                    break
    found.pop("", None)
    return list(found)


def _gated_rules() -> list[tuple[str, re.Pattern[str], Gate]]:
    return [*((f"furniture: {p.pattern}", p, gate_of(p)) for p in furniture_rules()),
            *((f"surface: {p.pattern}", p, gate_of(p)) for p, _r, _d in surface_rules_gated())]


def test_the_labelled_sets_are_read() -> None:
    assert len(labelled_texts()) > (8_000 if CORPUS_FILES else 1_000)


@pytest.mark.slow(seconds=100)  # (35 s alone on a 2-core host in session 23; 95-105 s on a
# slower 2-core AMD host in session 31, with more rules and labelled sets: the timeout only
# guards against a hang, four xdist workers on two cores stretch it up to four times)
@pytest.mark.timeout(900)
def test_no_gate_fails_on_a_text_its_rule_matches() -> None:
    """For each rule: every labelled text it matches meets its gate (so the gate never
    skips a text the rule would change)."""
    texts = [(t, fold(t), _DIGIT.search(t) is not None) for t in labelled_texts()]
    wrong = [(name, text) for name, pattern, gate in _gated_rules()
             for text, folded, has_digit in texts
             if not passes(gate, folded, has_digit) and pattern.search(text)]
    assert not wrong, wrong[:5]


def test_may_match_names_every_furniture_rule_that_matches() -> None:
    """GatedRules.may_match (what judge.artefacts runs) leaves out no furniture rule that
    matches a labelled text, and names only rules whose gates the text meets."""
    gated = signatures.gated_furniture_rules()
    texts = labelled_texts()
    missed = [(p.pattern, t) for t in texts
              for p in set(furniture_rules()) - set(gated.may_match(t)) if p.search(t)]
    assert not missed, missed[:5]
    assert sum(len(gated.may_match(t)) for t in texts) < len(texts) * len(furniture_rules()) / 2


def test_most_rules_have_a_gate() -> None:
    """The point of the gates: a rule without one runs on every sentence (a rule anchored
    at the text's start is tried with the others anchored so, in one match)."""
    ungated = [name for name, _p, gate in _gated_rules()
               if not (gate.digit or gate.words or gate.anchored)]
    assert len(ungated) <= 3, ungated


def test_the_anchored_rules_are_tried_at_once_where_one_of_them_matches() -> None:
    anchored = [p for _n, p, gate in _gated_rules() if gate.anchored]
    union = _union(anchored)
    assert union is not None and len(anchored) >= 10
    missed = [t for t in labelled_texts()
              if any(p.match(t) for p in anchored) and not union.match(t)]
    assert not missed, missed[:5]


@pytest.mark.parametrize("text", [
    "the first basis point",  # "first" makes the digit the basis-point rules need
    "a first-round win",  # ... and the hyphen rule, which reads the digit flag of before
    "the fİfth day", "the ſecond time", "XXAn undertaker said", "Live: storm hits",
    "WASHINGTON (AP) — a 40 000-strong crowd", "Enlarge / The launch, from left, A and B",
    "2 days until Election Day: polls open at 0712", "Gov’t says 200 bps cut in 2019-20",
])
def test_surface_normal_is_what_it_was_without_gates_on_hard_cases(text: str) -> None:
    assert signatures.surface_normal.__wrapped__(text) == _ungated(text)


# ~55 s alone on a 2-core host (every labelled set's and the corpus's sentences, each
# read twice, once without the gates); under `-n 2` beside a heavy neighbour it ran past
# the suite's 120 s default (session 23), so it has its own bound (raised to 900 s in
# session 31: ~70 s alone and 138 s beside a neighbour on a slower 2-core AMD host; to
# 1,800 s in session 43: 343 s alone on this session's host, the ungated pass of 550
# surface rows over every text, a fifth of it the rows added that session, and over 900 s
# beside three workers in the fresh-clone CI).
@pytest.mark.slow(seconds=340)
@pytest.mark.timeout(1800)
@pytest.mark.skipif(not CORPUS_FILES, reason="shared/corpus/real is not present")
def test_surface_normal_is_what_it_was_without_gates_on_real_sentences() -> None:
    texts = [*labelled_texts(), *_real_pair_texts()]
    assert len(texts) > 15_000
    differ = [t for t in texts if signatures.surface_normal.__wrapped__(t) != _ungated(t)]
    assert not differ, differ[:5]


# Words the rules read, and what sits around them: texts made to trip a gate that is
# wrong (a word the gate misses, a fold the ``in`` test does not see).
_PIECES = ["1", "20", "2019-20", "07", "12", " ", "-", ":", ".", "(", ")", "$", "A$", "US$",
           "NZ$", "°", "C", "km", "basis points", "bps", "2:03:41", "first", "Second",
           "fİfth", "ſecond", "percent", "per cent", "Norwegian crowns", "CEO",
           "chief executive officer", "a year", "per week", "annually", "inside", "The",
           "Govt", "gov’t", "No.", "non-", "a.m.", "Tuesday (March 24)", "magnitude-",
           "million-", "over-", "hours", "days to go", "until", "GMT", "Live: ", "Enlarge /",
           "Reporting by Ann Lee", "writes Jo Bloggs", "Comments (3)", "[Updated]",
           "WASHINGTON (AP) — ", "XXAn", "Â ", "\u200b", "kilometres", "mph", "fortnight"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_surface_normal_is_what_it_was_without_gates_on_made_texts(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert signatures.surface_normal.__wrapped__(text) == _ungated(text)


def test_fold_sees_every_letter_ignorecase_matches() -> None:
    """A gate word's letter in a text may be any character IGNORECASE matches to it
    ("K" for "k", "ı" for "i"): its fold must hold the letter, or the gate would fail where
    the rule matches.  Checked over every code point for each ASCII letter and for each
    other character a gate word holds."""
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    letters = {c for _n, _p, gate in _gated_rules() for words in gate.words
               for word in words for c in word}
    letters |= set("abcdefghijklmnopqrstuvwxyz")
    letters |= {chr(c) for c in range(0xC0, 0xFF) if chr(c).isalpha()}  # all _safe takes
    wrong = [(c, u) for c in sorted(letters)
             for u in set(re.findall(re.escape(c), every, re.IGNORECASE))
             if fold(c) not in fold(u)]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize(("pattern", "digit", "words"), [
    # the parser's common start put back: "b(?:asis|ps|p)" reads as "basis" or "bp"
    (r"\b(\d)[\s-]?(?:basis[- ]points?|bps|bp)\b", True, [{"basis", "bp"}]),
    # a lookahead and a lookbehind must hold in the text too
    (r"(?<=\d)\s*(?:km|kilometres?)\b", True, [{"km", "kilometre"}]),
    (r"\bjust (?=\d)", True, [{"just "}]),
    # an optional part, a negative lookahead and a back-reference need nothing
    (r"\b(?:a )?(?!foo)bar\b", False, [{"bar"}]),
    (r"(x)\1", False, []),
    # an alternative with no word (an empty one, a class) leaves the branch no need
    (r"(?:C|Celsius|)", False, []),
    (r"(?:[a-z]|word)", False, []),
    # a repeated character: its run, and what follows the last ones when more may come
    (r"(?-i:(?:^|(?<=[.!?]\s))[Xx]{2,}(?=[A-Z]))", False, [{"xx"}]),
    (r"ax{5}b", False, [{"axxxx"}, {"xxxxb"}]),
    (r"x{2}(?:ab|ac)", False, [{"xxa"}]),
    # anchored at the start: tried with the other anchored rules, no words
    (r"^\s*live:", False, []),
    # a case-sensitive part needs its lower-cased word (the test is on the folded text)
    (r"(?-i:\bHK\$)", False, [{"hk$"}]),
])
def test_gate_of_reads_what_a_pattern_needs(pattern: str, digit: bool,
                                            words: list[set[str]]) -> None:
    gate = gate_of(re.compile(pattern, re.IGNORECASE))
    assert gate.digit == digit
    assert [set(w) for w in gate.words] == words


def test_a_digit_a_rule_wrote_counts_for_the_rules_after_it() -> None:
    """"first-round" reads the same in a sentence with another amount and one without:
    the ordinal rule writes "1-round", and the hyphen rule after it, which waits for a
    digit, then applies."""
    alone = signatures.surface_normal("She lost a first-round match")
    beside = signatures.surface_normal("She lost a first-round match on May 3")
    assert beside.startswith(alone)
