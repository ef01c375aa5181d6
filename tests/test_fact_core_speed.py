"""The fact core's fast paths (issue 12, session 11) give what the plain code they
replaced gives: each checked against that code, kept here as the reference."""

from __future__ import annotations

import html
import random
import re
from dataclasses import astuple
from datetime import date

from benchmarks.farm import Farm
from monitor import text
from monitor.facts import dates, lexicon, numbers, reading, signatures, tokens
from monitor.facts.atoms import Atom
from monitor.facts.attribution import attribution_span
from monitor.facts.context import Context, build_context
from monitor.facts.lexicon import SPEECH
from monitor.facts.names import chunk_aliases, mark_names
from monitor.models import Document

# ---- references: the code as it was


def reference_analyse(sentence: str, ctx: Context) -> list[Atom]:
    """analyse() as it was: every pass over every atom, nothing skipped."""
    raw = tokens.tokens(sentence)
    words = [t for k, t, _, _ in raw if k == "word" and len(t) > 3]
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)
    marks = reading._single_quote_marks(raw)
    atoms: list[Atom] = []
    for k, (kind, tok, start, end) in enumerate(raw):
        if kind == "punct" and (tok in reading._QUOTE_CHARS or k in marks):
            atoms.append(Atom('"', tok, start, end, "quote"))
        elif kind == "punct" or (kind == "sym" and tok == "&"):
            atoms.append(Atom(reading._PUNCT_CANON.get(tok, tok), tok, start, end, "punct"))
        else:
            is_num = kind == "num"
            atoms.append(Atom(tok.lower() if is_num else tokens.word_canon(tok), tok, start, end,
                              "num" if is_num else "word", cap=tok[:1].isupper()))
    initial = True
    for atom in atoms:
        if atom.cat in ("word", "num", "date"):
            atom.initial, initial = initial, False
        elif atom.text in reading._TERMINAL or atom.cat == "quote":
            initial = True
    mark_names(atoms, ctx, title_case)
    atoms = dates.chunk_dates(atoms, ctx)
    atoms = numbers.chunk_numbers(atoms)
    atoms = chunk_aliases(atoms, ctx)
    atoms = reading.chunk_phrasal_verbs(atoms)
    reading._mark_quotes(atoms)
    for k, atom in enumerate(atoms):
        if atom.canon in reading._READ_IN_CONTEXT:
            reading._read_in_context(atoms, k)
    return atoms


# the tokeniser's pattern without the skipping prefix (its first line)
_OLD_TOKEN = re.compile(tokens._TOKEN.pattern.split("\n", 1)[1], re.VERBOSE)


def same_matches(sentence: str) -> bool:
    """The tokeniser's matches (kind, text, span) are those of the pattern without its
    skipping prefix: the rest of _raw_tokens is unchanged."""
    old = [(m.lastgroup, m.group(), m.span()) for m in _OLD_TOKEN.finditer(sentence)]
    new = [(tokens._KINDS[(g := m.lastindex or 0) - 1], m.group(g), m.span(g))
           for m in tokens._TOKEN.finditer(sentence)]
    return old == new


def reference_is_abbreviation(before: str) -> bool:
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", before)
    if not match:
        return False
    word = match.group(1)
    return (len(word) == 1 and word.isupper()) or "." in word or (
        word.lower() in text.ABBREVIATIONS)


def reference_split_sentences(value: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in text.split_paragraphs(value):
        start = 0
        for match in text._BOUNDARY.finditer(paragraph):
            if match.group(1) == "." and reference_is_abbreviation(
                    paragraph[start:match.start()]):
                continue
            sentences.append(paragraph[start:match.end()].strip())
            start = match.end()
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    return [part for sentence in sentences for part in text._BULLET.split(sentence) if part]


def reference_line_key(line: str) -> str:
    key = text.plain(html.unescape(text._TAG.sub(" ", line))).lower()
    return " ".join(text._DIGITS.sub("0", text._KEY_DROP.sub(" ", key)).split())


def reference_normalise(value: str) -> str:
    value = html.unescape(text._TAG.sub(" ", value))
    paragraphs = [text._SPACES.sub(" ", p).strip()
                  for p in text.split_paragraphs(text.plain(value))]
    return "\n\n".join(p for p in paragraphs if p)


# ---- inputs


def farm_sentences() -> list[tuple[str, Context]]:
    farm = Farm(4, 10, seed=11, content="full", fact_rate=0.3, cosmetic_rate=0.2)
    found = []
    for f in range(4):
        for e in range(10):
            doc = Document(farm.title(f, e), farm.story_text(f, e),
                           published=None if e % 2 else date(2026, 11, 20))
            ctx = build_context(doc)
            sentences = [doc.title] + [s for p in text.story_paragraphs(doc.title, doc.text)
                                       for s in text.split_sentences(p)]
            found += [(s, ctx) for s in sentences]
    return found


HARD = [
    "'A very sad day': bar burns down, say 'local residents and owners'",
    "Officials Say The Storm Will Hit Florida On Tuesday Morning",
    "He called off the talks on Nov. 19, 2024, and set for life the three-year plan.",
    "The U.S. Geological Survey said 3½ million people, or 12% (about 1/2), were outside.",
    "On 2024-11-19 at 3 p.m. and 15:30, between Oct. 17 and 19, 1,842 votes went to NATO.",
    "“We will not,” she said, according to the Centers for Disease Control and Prevention.",
    "Twenty-five-member teams won 2-1 in the mornnig — the $14B deal; Flight 14B landed.",
    "United States officials, the UK and the EU met; one of the victims was no one.",
    "A first-round win: the 100m hurdles and a 5m-long boat, half a million, a dozen.",
    "set to take office ahead of the vote, each claim provided that bars Trump from it",
    "",
    "  ",
    "«Non-binding» text_with_underscores and F35s, COVID-19, rock 'n' roll, Mulligan's.",
]


def test_analyse_gives_what_every_pass_over_every_atom_gives():
    cases = farm_sentences()
    cases += [(s, Context(date(2026, 11, 20), frozenset({"storm", "florida"}),
                          frozenset({"us", "usgs", "cdc", "nato", "uk"}))) for s in HARD]
    cases += [(s, Context()) for s in HARD]
    for sentence, ctx in cases:
        assert ([astuple(a) for a in reading.analyse(sentence, ctx)]
                == [astuple(a) for a in reference_analyse(sentence, ctx)]), sentence


def test_the_first_pass_flags_nothing_a_later_step_could_miss():
    assert reading._flags("quote", '"', False) == 0
    # merged dates and amounts ("<date:...>") are never a phrase's first word nor read
    # in context, so skipping those steps after a merge of them alone loses nothing
    assert not any(w.startswith("<") for w in reading._FIRST_WORDS | reading._READ_IN_CONTEXT)


def test_moved_follows_the_atoms_a_merge_left():
    atoms = [Atom(w, w, k, k + 1, "word") for k, w in enumerate(["a", "b", "c", "d", "e"])]
    merged = [atoms[0], Atom("<date:x>", "b c", 1, 3, "date"), atoms[3], atoms[4]]
    assert reading._moved(atoms, merged, [0, 1, 2, 3, 4]) == [0, 2, 3]


def test_phrasal_verbs_give_the_same_list_back_when_there_is_none():
    atoms = reading.analyse("The ministry said nothing.", Context())
    assert reading.chunk_phrasal_verbs(atoms) is atoms
    called = reading.analyse("They called off the strike.", Context())
    assert [a.canon for a in called][:3] == ["they", "called off", "the"]


def test_chunks_told_their_starts_give_what_they_find_themselves():
    for sentence, ctx in farm_sentences()[:300]:
        atoms = reference_analyse(sentence, ctx)  # (merged already: run on the merged)
        starts = [i for i, a in enumerate(atoms) if dates.may_open_date(a.cat, a.canon, a.cap)]
        assert dates.chunk_dates(atoms, ctx, starts) == dates.chunk_dates(atoms, ctx)
        starts = [i for i, a in enumerate(atoms) if numbers.may_open_amount(a.cat, a.canon)]
        assert numbers.chunk_numbers(atoms, starts) == numbers.chunk_numbers(atoms)
        speech = [k for k, a in enumerate(atoms)
                  if a.cat == "word" and not a.in_quote and a.canon in SPEECH]
        assert attribution_span(atoms, speech) == attribution_span(atoms)


def test_tokens_with_the_skipping_prefix_are_the_tokens_without_it():
    rnd = random.Random(7)
    alphabet = list("aZq.'’-‐_ \t\n3,:½⅓$€%&()\"“”é²ßİ—–\x1c\x85\u2028") + [
        "U.S.", "Calif.", "n't", "'s", "three-year", "F35", "12:30", "1st", "  ", "__"]
    cases = [s for s, _ in farm_sentences()] + HARD
    cases += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 15)))
              for _ in range(5000)]
    cases += [c + chr(cp) + d for cp in range(0x20, 0x3000) for c, d in (("a", "b"), (" ", " "))]
    for case in cases:
        assert same_matches(case), case


def test_day_and_year_without_patterns():
    for canon in ["1", "01", "31", "32", "0", "1st", "22nd", "3rd", "4th", "th", "st", "",
                  "2024", "1799", "2101", "٢٠٢٤", "²²²²", "12s", "1,000", "31st"]:
        atom = Atom(canon, canon, 0, 1, "num")
        digits = re.sub(r"(st|nd|rd|th)$", "", canon)
        # ("²²²²": str.isdigit takes it, int() does not; a day is read from decimal
        # digits only, so it is no day rather than a crash)
        expected = int(digits) if digits.isdecimal() and 1 <= int(digits) <= 31 else None
        assert dates._day(atom) == expected
        year = int(canon) if re.fullmatch(r"\d{4}", canon) else None
        assert dates._year(atom) == (year if year and 1800 <= year <= 2100 else None)


def test_forgiving_lookup_is_the_edit_distance_over_every_key():
    from rapidfuzz.distance import OSA

    table = {"morning": 1, "afternoon": 2, "evening": 3, "million": 4, "percent": 5}
    for word in ["mornnig", "mornings", "morn", "evenings", "evning", "afternon", "milion",
                 "millions", "precent", "percentage", "xxxxxxx", "evening"]:
        expected = word if word in table else next(
            (k for k in table if len(word) >= 6 and len(k) >= 6 and OSA.distance(word, k) <= 1),
            None)
        assert lexicon.forgiving_lookup(word, table) == expected


def test_sentence_splitting_text_helpers_as_before():
    rnd = random.Random(3)
    alphabet = list("ab A.\t\r\n\f\v\u00a0\u2009\u2028\x85\x1c<>&é*•12") + [
        "  ", "\n\n", "<p>", "&nbsp;", "Mr.", "U.S.", "e.g.", " J. "]
    cases = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 20)))
             for _ in range(20000)]
    for case in cases:
        before = case.replace("\n", " ")  # (a paragraph holds no line break)
        for cut in range(len(before) + 1):
            assert text._is_abbreviation(before[:cut]) == reference_is_abbreviation(before[:cut])
        assert text.split_sentences(case) == reference_split_sentences(case)
        assert text.normalise(case) == reference_normalise(case)
        assert text.line_key(case) == reference_line_key(case)


def test_line_key_by_table_for_every_pair_of_ascii_characters():
    for a in range(128):
        for b in range(128):
            line = f"x{chr(a)}{chr(b)}1{chr(a)}0"
            assert text.line_key(line) == reference_line_key(line)


def test_inline_furniture_gate_skips_only_what_the_pattern_leaves():
    rnd = random.Random(9)
    alphabet = list("ReadREAD eadrING0123 .(|[])Kk") + [
        "Read 3 remaining paragraphs", "Continue reading", "keep READING", "ſ", "İ", "(AP)",
        "(Photo by X)", "[Image credit: Y]", "ead", "rEaD"]
    for _ in range(20000):
        case = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))
        if "(" not in case and "[" not in case and "ead" not in case:
            expected = case  # (the gate as it was: kept)
        else:
            expected = text._INLINE_CREDIT.sub("", case)
        assert text.strip_inline_furniture(case) == expected, case


def test_conversions_gate_skips_only_texts_the_patterns_leave():
    """signatures' bracketed-amount gate (issue 10's judge budget) against both conversion
    patterns run on every text, on made texts: right and wrong conversions, sizes,
    hedges, brackets of other kinds, each part perhaps swapped for noise."""
    rnd = random.Random(11)
    pairs = [("40", "kilometers", "25", "miles"), ("2", "metres", "6.5", "feet"),
             ("twenty-five", "metres", "82", "feet"), ("44", "degrees Celsius", "111",
                                                      "degrees Fahrenheit"),
             ("5.6 million", "km", "3.5 million", "miles"), ("eighty", "km", "50", "miles"),
             ("2 metres by 1", "metre", "6.5 by 3.3", "feet"), ("40", "km", "99", "miles")]
    noise = ["", "AP", "Reuters", "Story", "one", "x", "by", "\u00d7", "(", ")", "7", "ft"]
    hedges = ["", "about ", "more than ", "ABOUT ", "roughly  ", "over"]

    def part(value: str) -> str:
        return rnd.choice(noise) if rnd.random() < 0.15 else value

    def unfiltered(case: str) -> tuple[str, list[tuple[str, str]]]:
        sized = signatures._SIZE_MARK.search(case) is not None
        found = [(m.group(0), signatures._without_size_conversion(m))
                 for m in signatures._SIZE_CONVERSION.finditer(case) if sized]
        found += [(m.group(0), signatures._without_conversion(m))
                  for m in signatures._CONVERSION.finditer(case)]
        text_ = signatures._SIZE_CONVERSION.sub(
            signatures._without_size_conversion, case) if sized else case
        return signatures._CONVERSION.sub(signatures._without_conversion, text_), found

    converted = 0
    for _ in range(20000):
        a, unit, b, other = rnd.choice(pairs)
        case = (part("It is ") + part(a) + part(" ") + part(unit) + part(rnd.choice(
            [" (", "(", " ( ", " [", " "])) + part(rnd.choice(hedges)) + part(b) + " "
            + part(other) + part(rnd.choice([")", " )", "", "]"])) + part(" away (AP)."))
        expected, found = unfiltered(case)
        converted += expected != case
        assert signatures.without_conversions(case) == expected, case
        assert [(m.group(0), w) for m, w in signatures._conversions(case)] == found, case
    assert converted > 1000  # the cases reach the patterns


def test_content_words_as_the_match_by_match_reading():
    cases = [t for s, _ in farm_sentences()[:400] for t in (s,)] + HARD + [
        "Kelvin's \u212a-rated İstanbul 'quoted-' -dash- it's DON'T stop"]
    for case in cases:
        expected = frozenset(w for w in (m.group(0).lower().strip("'-")
                                         for m in text._WORDS.finditer(case))
                             if len(w) >= 3 and w not in text.STOPWORDS)
        assert text.content_words(case) == expected
