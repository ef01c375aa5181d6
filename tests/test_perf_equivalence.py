"""Speed-ups must not change results: each fast path checked against a plain reference."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest

from benchmarks.farm import Farm
from monitor import feeds, fingerprint
from monitor.feeds_fast import parse_rss20


def reference_simhash(title: str, text: str) -> int:
    """SimHash counted bit by bit, the textbook way (what fingerprint.simhash replaced)."""
    tokens = fingerprint.words(title, text)
    if len(tokens) >= 3:
        features = [" ".join(tokens[i:i + 3]) for i in range(len(tokens) - 2)]
    else:
        features = tokens
    weights = [0] * 64
    for feature in features:
        value = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return sum(1 << bit for bit, weight in enumerate(weights) if weight > 0)


def test_bit_sliced_simhash_equals_the_reference():
    farm = Farm(3, 6, seed=2)
    cases = [(farm.title(f, e), farm.story_text(f, e)) for f in range(3) for e in range(6)]
    words = farm.story_text(0, 0).split()
    cases += [("", " ".join(words[:k])) for k in range(0, 30)]  # ties and tiny inputs
    cases += [("Only a title", ""), ("", "")]
    for title, text in cases:
        assert fingerprint.simhash(title, text) == reference_simhash(title, text)


def string_counted_bits(digests: bytes, count: int) -> int:
    """The majority bits counted on the hashes written out as one string of bits, each
    column a stride of it (what fingerprint._majority_bits replaced)."""
    bits = format(int.from_bytes(digests, "big"), f"0{64 * count}b")
    return sum(1 << bit for bit in range(64)
               if 2 * bits[63 - bit::64].count("1") > count)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 253, 254, 255, 508, 509, 850, 3001])
def test_lane_counted_majority_bits_equal_the_string_counted_ones(count):
    import random

    rng = random.Random(count)
    cases = [rng.randbytes(8 * count) for _ in range(20)]
    cases += [b"\xff" * (8 * count), bytes(8 * count),  # every lane full, and empty
              b"".join(rng.choice([b"\xff" * 8, bytes(8)]) for _ in range(count)),  # ties
              b"\xaa\x55" * (4 * count)]
    for digests in cases:
        assert fingerprint._majority_bits(digests, count) == string_counted_bits(
            digests, count)


def reference_is_unrelated(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """is_unrelated from the two measures alone (what its shared-ends shortcut skips)."""
    if not (fingerprint.similarity_applies(*a) and fingerprint.similarity_applies(*b)):
        return min(len(fingerprint.words(*a)), len(fingerprint.words(*b))) >= (
            fingerprint.REUSE_MIN_WORDS) and fingerprint.word_overlap(
                a, b) < fingerprint.REPLACED_MAX_OVERLAP
    if fingerprint.word_overlap(a, b) < fingerprint.REPLACED_MAX_OVERLAP:
        return True
    return (min(len(fingerprint.words(*a)), len(fingerprint.words(*b)))
            >= fingerprint.LONG_TEXT_WORDS
            and fingerprint.resemblance(fingerprint.shingles(*a), fingerprint.shingles(*b))
            < fingerprint.REPLACED_MAX_RESEMBLANCE)


_OTHER_WORDS = ("orchestra", "violin", "cellist", "sonata", "rehearsal", "conductor", "baton",
                "encore", "symphony", "overture", "soprano", "tenor", "libretto", "aria",
                "crescendo", "quartet", "pianist", "recital", "harpsichord", "oboe",
                "bassoon", "timpani", "cadenza", "scherzo", "nocturne", "etude", "fugue")


def unrelated_cases() -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Edits, other stories, cut and spliced texts (farm), and the real corpus's
    consecutive versions and random pairs of its stories when it is there."""
    import random

    farm = Farm(4, 25, seed=3, content="full", fact_rate=0.5, cosmetic_rate=0.3)
    before = [(farm.title(f, e), farm.story_text(f, e)) for f in range(4) for e in range(25)]
    farm.tick()
    after = [(farm.title(f, e), farm.story_text(f, e)) for f in range(4) for e in range(25)]
    cases = [*zip(before, after, strict=True), *zip(before, after[1:] + after[:1], strict=True)]
    rng = random.Random(1)
    for a, (title, text) in zip(before[:40], after[:40], strict=True):
        k = rng.randint(0, len(text))
        cases += [(a, (title, text[:k])), (a, (title, text[k:] + " " + text[:k])),
                  (a, (title, text[:k] + " Kharkiv-based co-op's 12-year-old " + text[k:]))]
    # a reused id now naming another story entirely (the farm's stories share their
    # vocabulary, so without the corpus no other case is unrelated)
    for a in before[:10]:
        other = " ".join(rng.choice(_OTHER_WORDS) for _ in range(rng.randint(60, 200)))
        cases.append((a, ("Chamber music festival opens with a sold-out recital", other)))
    if CORPUS_FEEDS.parent.is_dir():
        from benchmarks.realpairs import CORPUS, load_stories
        from benchmarks.reuse import unrelated_pairs, version_pairs

        pairs = version_pairs(load_stories(CORPUS))
        cases += [pair for *_, pair in pairs] + [pair for _, pair in unrelated_pairs(pairs)]
    return cases


def test_is_unrelated_shortcut_gives_what_the_measures_give():
    decided = set()
    for a, b in unrelated_cases():
        fingerprint.clear_caches()
        expected = reference_is_unrelated(a, b)
        fingerprint.clear_caches()  # the shortcut on cold caches, as in a worker
        assert fingerprint.is_unrelated(a, b) == expected, (a[0], b[0])
        decided.add(expected)
    assert decided == {True, False}


def test_a_version_close_in_print_is_never_one_is_unrelated_calls_unrelated():
    """fingerprint.related_in_print, which spares is_unrelated the stored version's text
    (issue 12): every pair it calls related (the edits: the farm's, the corpus's) is one
    is_unrelated calls related, and it calls none of the unrelated ones related."""
    close = 0
    for a, b in unrelated_cases():
        stored = fingerprint.simhash_hex(fingerprint.simhash(*a))
        if fingerprint.related_in_print(stored, *b):
            close += 1
            assert not fingerprint.is_unrelated(a, b), (a[0], b[0])
    assert close > 50


# ---------------------------------------------------------------- the RSS 2.0 fast path

CORPUS_FEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "feeds"
URL = "https://news.example.org/world/feed.xml?token=x"


def both(body: bytes, content_type: str | None = None):
    """(fast path result or None, feedparser's result) for one document."""
    fast = parse_rss20(body, URL, content_type, 0)
    reference = feeds._parse_with_feedparser(body, URL, URL, content_type, 0)
    return fast, reference


@pytest.mark.skipif(not CORPUS_FEEDS.is_dir(), reason="shared corpus not present")
def test_fast_rss_gives_feedparsers_entries_on_every_real_snapshot():
    taken = 0
    for path in sorted(CORPUS_FEEDS.glob("*/*.xml")):
        body = path.read_bytes()
        if not body.strip():
            continue
        fast, reference = both(body)
        if fast is not None:
            taken += 1
            assert fast == reference, path.name
    assert taken >= 15  # most plain RSS 2.0 snapshots take the fast path


def test_fast_rss_gives_feedparsers_entries_on_the_farm():
    farm = Farm(3, 20, seed=4)
    farm.tick(fact_rate=0.3, cosmetic_rate=0.3)
    for content in ("summary", "full"):
        farm.content = content
        farm._feed_cache.clear()
        for f in range(3):
            fast, reference = both(farm.feed_body(f), "application/rss+xml; charset=utf-8")
            assert fast is not None and fast == reference


def rss(items: str, channel_extra: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>T &amp; U</title>{channel_extra}{items}</channel></rss>").encode()


EDGE_CASES = {
    "guid permalink after link": "<item><link>https://a.example/1</link><guid>https://a.example/g1</guid><title>x</title></item>",
    "guid permalink before link": "<item><guid>https://a.example/g2</guid><link>https://a.example/2</link><title>x</title></item>",
    "guid permalink, no link": "<item><guid>https://a.example/g3</guid><title>x</title></item>",
    "guid not a URL": "<item><guid>1234</guid><title>x</title></item>",
    "guid not permalink": '<item><guid isPermaLink="false">urn:x:1</guid><title>x</title></item>',
    "lower-case ispermalink": '<item><guid ispermalink="false">https://a.example/g</guid></item>',
    "relative link": "<item><link>/world/3.html</link><title>x</title></item>",
    "link with entity": "<item><link>https://a.example/?a=1&amp;amp;b=2&amp;c;</link></item>",
    "cdata html": ("<item><title><![CDATA[A <b>bold</b> title]]></title><description>"
                   "<![CDATA[<p>One.</p><p>Two &amp; three.</p>]]></description></item>"),
    "escaped html": ("<item><description>&lt;p&gt;Para &amp;amp; more&lt;/p&gt;"
                     "</description></item>"),
    "mojibake": "<item><title>CafÃ© news</title></item>",
    "cp1252 controls": "<item><title>It\u0092s here</title></item>",
    "content encoded longer": ("<item><description>short</description><content:encoded>"
                               "&lt;p&gt;A much longer body of text here.&lt;/p&gt;"
                               "</content:encoded></item>"),
    "dates": ("<item><pubDate>Tue, 21 Apr 2020 08:43:43 GMT</pubDate>"
              "<dc:date>2020-04-22T10:00:00Z</dc:date></item>"),
    "dc date only": "<item><dc:date>2020-04-22T10:00:00+02:00</dc:date></item>",
    "odd date": "<item><pubDate>21 April 2020 8am EST</pubDate></item>",
    "creator": "<item><dc:creator>  Jane   Doe </dc:creator></item>",
    "empty elements": "<item><title/><link/><guid/><description></description></item>",
    "whitespace": "<item><title>\n  Spaced   title \n</title></item>",
    "duplicate guids in feed": "<item><guid>https://a.example/d</guid><title>1</title></item><item><guid>https://a.example/d</guid><title>2</title></item>",
    "no guid, same link": "<item><link>https://a.example/s</link><title>1</title></item><item><link>https://a.example/s</link><title>1</title></item>",
}
FALLBACK_CASES = {
    "repeated title": "<item><title>a</title><title>b</title></item>",
    "author with e-mail": "<item><dc:creator>jane@example.org (Jane)</dc:creator></item>",
    "unknown element": '<item><title>x</title><source url="https://s.example/">S</source></item>',
    "markup inside description": "<item><description><p>raw</p></description></item>",
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_fast_rss_matches_feedparser_on_edge_cases(name):
    fast, reference = both(rss(EDGE_CASES[name]))
    assert fast is not None
    assert fast == reference


@pytest.mark.parametrize("name", sorted(FALLBACK_CASES))
def test_fast_rss_leaves_what_it_does_not_know_to_feedparser(name):
    assert parse_rss20(rss(FALLBACK_CASES[name]), URL, None, 0) is None
    assert feeds.parse_feed(rss(FALLBACK_CASES[name]), url=URL).format == "rss20"


def test_fast_rss_only_reads_plain_utf8_rss20():
    latin = rss("<item><title>x</title></item>").replace(b"UTF-8", b"ISO-8859-1")
    assert parse_rss20(latin, URL, None, 0) is None
    plain = rss("<item><title>x</title></item>")
    assert parse_rss20(plain, URL, "application/xml; charset=iso-8859-1", 0) is None
    assert parse_rss20(plain.replace(b'version="2.0"', b'version="0.92"'), URL, None, 0) is None
    assert parse_rss20(plain[:-20], URL, None, 0) is None  # malformed: feedparser's job
    assert parse_rss20(plain, URL, "application/rss+xml; charset=UTF-8", 0) is not None


@pytest.mark.parametrize("value", [
    "", "plain ASCII text", "caf\u00e9 \u201cquoted\u201d \u2014 \u00a0",
    "\x80\x85\x99 C1 controls", "mixed \u2019 and \x93 and \x9f",
    "\x81\x8d\x8f\x90\x9d unmapped C1", "\u00c3\u00a9 mojibake",
])
def test_fast_rss_clean_skips_the_cp1252_table_only_when_it_maps_nothing(value):
    from feedparser.html import _cp1252

    from monitor.feeds_fast import _clean

    assert all(0x80 <= code <= 0x9F for code in _cp1252)  # what the skip relies on
    for text in (value, f"  {value}  "):
        output = text.strip()
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            output = output.encode("iso-8859-1").decode("utf-8")
        assert _clean(text) == output.translate(_cp1252)


def test_fact_to_dict_is_what_asdict_gives():
    from dataclasses import asdict

    from monitor.facts import extract_facts
    from monitor.models import Document

    farm = Farm(1, 3, seed=8)
    for e in range(3):
        facts = extract_facts(Document(farm.title(0, e), farm.story_text(0, e)))
        assert facts
        for fact in facts:
            as_dict = fact.to_dict()
            assert as_dict == asdict(fact) and list(as_dict) == list(asdict(fact))
            if fact.details:
                assert as_dict["details"] is not fact.details  # a copy, as asdict makes


def test_cached_sentence_facts_equal_fresh_reading_and_stay_unshared():
    from monitor.facts import build_context, extract_facts
    from monitor.facts.extract import _dedupe_keys, _read_sentence_facts
    from monitor.models import Document
    from monitor.text import split_sentences, story_paragraphs

    farm = Farm(1, 2, seed=12)
    before = Document(farm.title(0, 0), farm.story_text(0, 0))
    first = extract_facts(before)
    farm.tick(fact_rate=1.0, cosmetic_rate=0.0)  # both stories change one fact
    after = Document(farm.title(0, 0), farm.story_text(0, 0))
    for doc in (before, after):
        ctx = build_context(doc)
        sentences = [doc.title] + [s for p in story_paragraphs(doc.title, doc.text)
                                   for s in split_sentences(p)]
        fresh = _dedupe_keys(  # (the version's keys made unique as extract_facts does)
            [f for i, s in enumerate(sentences) for f in _read_sentence_facts(s, i, ctx)])
        cached = extract_facts(doc)  # the second reading of `before` comes from the cache
        assert [f.to_dict() | {"key": f.key.split("#")[0]} for f in cached] == \
               [f.to_dict() | {"key": f.key.split("#")[0]} for f in fresh]
    again = extract_facts(before)
    assert [f.to_dict() for f in again] == [f.to_dict() for f in first]
    first[0].key = "mutated"
    first[0].details["x"] = 1
    assert extract_facts(before)[0].key != "mutated"
    assert "x" not in extract_facts(before)[0].details


def test_the_space_before_a_mark_is_looked_for_only_where_it_can_be():
    """fingerprint._hashed runs its "Ukraine ," pattern only on texts holding a space or a
    tab right before a mark: on every other text the pattern changes nothing."""
    import random

    rng = random.Random(7)
    farm = Farm(2, 4, seed=3)
    texts = [farm.story_text(f, e) for f in range(2) for e in range(4)]
    alphabet = " \t\n,.;:!?)(ab1\u00a0"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
              for _ in range(20_000)]
    texts += ["Kyiv ,", "a\t.", "end )", "no match here.", "", " ", "\t"]
    pattern = fingerprint._SPACE_BEFORE_PUNCT
    for text in texts:
        if not fingerprint._space_before_punct(text):
            assert pattern.sub(r"\1", text) == text, repr(text)
        # as the seven substring searches it replaced said
        assert fingerprint._space_before_punct(text) == (
            "\t" in text or any(" " + mark in text for mark in ",.;:!?)")), repr(text)
    assert all(fingerprint._space_before_punct(t) for t in ("Kyiv ,", "a\t.", "end )"))


def test_finditer_near_finds_what_finditer_finds():
    """sources.finditer_near tries only the positions near each occurrence of the surname
    (_given_role's pattern reads at most six words before it): on 20,000 random texts of
    names, partial names, commas, tabs, no-break spaces and brackets, the same matches."""
    import random
    import re

    from monitor.facts.sources import finditer_near

    rng = random.Random(7)
    pieces = ["Smith", "smith", "Smithson", "Mc", "the", "mayor", ",", ", ", " ", "  ", "\n",
              "-", ".", "A", "Bo", "x", "(", "’s", "'", "Dr.", "of", "Jo\u00a0", "\t"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) + (" " if rng.random() < 0.6 else "")
                       for _ in range(rng.randint(0, 40)))
        surname = rng.choice(["Smith", "Bo", "Jo", "Smith-Jones"])
        pattern = re.compile(rf"((?:[\w'’.-]+,?\s+){{0,4}}?)((?:[A-Z][\w'’.-]*\s+){{0,2}})"
                             rf"{re.escape(surname)}\b((?:,|\s+of\b)[^.;!?]*)?")
        assert [(m.span(), m.groups()) for m in finditer_near(pattern, surname, text, 6)] == [
            (m.span(), m.groups()) for m in pattern.finditer(text)], (text, surname)


def test_a_source_swapped_for_another_is_judged_without_reading_the_whole_versions(
        monkeypatch):
    """The judge's "same source" verdict needs the same sources on both sides; only then
    does it read every sentence of both versions for the names they give (~28 ms an
    800-word story).  A toll the weather service gave, now the aviation authority's, is
    reported without that."""
    from monitor.facts import diff_documents, judge
    from monitor.models import Document

    def unread(self: object) -> None:
        raise AssertionError("every sentence of a version read")

    monkeypatch.setattr(judge.Versions, "old", property(unread))
    monkeypatch.setattr(judge.Versions, "new", property(unread))
    claim = "The death toll from the power outage in Kharkiv rose to 26 on Wednesday, {} said."
    old = Document("Outage toll", claim.format("the National Weather Service"))
    new = Document("Outage toll", claim.format("the aviation authority"))
    assert [(c.kind, c.old, c.new) for c in diff_documents(old, new).changes] == [
        ("attribution", "the National Weather Service said", "the aviation authority said")]


def test_occurs_between_says_what_the_lookaround_patterns_said():
    """shown.occurs_between replaced two patterns compiled anew for every value
    (``(?<!\\w)V(?!\\w)`` in shown._whole_words, ``(?<![\\w$])S(?=\\$|\\d)`` in
    judge.amounts.dropped_as_surface): on 50,000 random texts and needles of letters, digits of
    other scripts, underscores, signs and spaces, the same answers."""
    import random
    import re

    from monitor.facts.judge.amounts import _glues_no_sign, _opens_amount
    from monitor.facts.shown import is_word_char, occurs_between

    def not_word(char: str) -> bool:
        return not is_word_char(char)

    rng = random.Random(3)
    pieces = ["a", "B", "1", "٣", "_", "$", " ", ".", "-", "é", "'", "F", "NZ", "\u00a0",
              "²", "Ⅻ"]
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        needle = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
        assert occurs_between(needle, text, not_word, not_word) == bool(
            re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text)), (needle, text)
        assert occurs_between(needle, text, _glues_no_sign, _opens_amount) == bool(
            re.search(rf"(?<![\w$]){re.escape(needle)}(?=\$|\d)", text)), (needle, text)


# -- a page's scan prunes only the regions it reads (monitor.extract._Parsed) -----------------

_TAGS = ("div", "section", "article", "main", "p", "span", "aside", "nav", "footer", "form",
         "ul", "li", "h2", "blockquote", "figure", "header", "br", "svg", "template",
         "button", "iframe", "noscript")
_CLASSES = ("", "story", "ad", "related", "comments", "Share", "content", "entry-content",
            "promo x", "x AD", "read-more", "body", "main")
_ATTRS = ("", ' itemprop="articleBody"', ' itemprop="ARTICLEBODY"', ' role="main"',
          ' role="Main"', ' id="comments"', ' id="Related"', ' id="x"')
_TEXTS = ("Officials said 12 people were hurt.", "Read more: x", "Subscribe now", "&amp; more",
          "The ministry confirmed on Tuesday.",
          "A long sentence about the port of Odesa and its shipments this month.")


def _random_markup(r, depth: int = 0) -> str:
    out = []
    for _ in range(r.randint(1, 4 if depth < 4 else 1)):
        if r.random() < 0.35 or depth > 5:
            out.append(r.choice(_TEXTS))
            continue
        tag, names, attr = r.choice(_TAGS), r.choice(_CLASSES), r.choice(_ATTRS)
        if tag == "br":
            out.append("<br>")
            continue
        classes = f' class="{names}"' if names else ""
        out.append(f"<{tag}{classes}{attr}>{_random_markup(r, depth + 1)}</{tag}>")
    return "".join(out)


def _random_page(r) -> bytes:
    """Boilerplate blocks, article regions nested in them and in each other, regions on
    <html>, <head> and <body>, a region marked in the head."""
    head = r.choice(("", '<meta itemprop="articleBody" content="x">',
                     '<title>T</title><meta property="og:title" content="OG"><style>p{}</style>'))
    on_html = r.choice(("", ' role="main"', ' itemprop="articleBody"'))
    on_head = r.choice(("", ' role="main"'))
    on_body = r.choice(("", ' class="ad"', ' itemprop="articleBody"', ' role="main"',
                        ' class="article share"'))
    h1 = r.choice(("", "<h1>Headline</h1>", "<h1>A</h1><h1>B</h1>"))
    return (f"<html{on_html}><head{on_head}>{head}</head><body{on_body}>{h1}"
            f"{_random_markup(r)}</body></html>").encode()


def _scan_pruning_the_body_first(page: bytes, url: str):
    """extract.scan_page as it was: the whole body pruned right after the parse."""
    from dataclasses import replace

    from monitor import extract
    from monitor.extract_fast import fast_extract

    parsed = extract._parse(page, whole=True)
    if parsed is None:
        return None
    fast = fast_extract(parsed.tree.body, parsed.title, parsed.published)
    if fast is None:
        return extract.PageScan(None, None)
    found = extract._from_fast(fast)
    if found is not None:
        found = replace(found, fingerprint=extract._fingerprint_of(parsed, found.text))
    return extract.PageScan(found, (extract._host(url), fast.shape))


def test_a_scan_pruning_only_what_it_reads_gives_what_pruning_the_body_gives():
    import random

    from benchmarks.extractors import generated_pages
    from monitor import extract

    farm = Farm(2, 5, seed=3, rotating=True, page_kb=100)
    pages = [(f"http://127.0.0.1:8000/article/{f}/{e}.html", farm.page_body(f, e))
             for f in range(2) for e in range(5)]
    pages += [("https://news.example.com/a", page.html) for page in generated_pages(30)]
    r = random.Random(12)
    pages += [("https://example.org/", _random_page(r)) for _ in range(4000)]
    read = printed = 0
    for url, page in pages:
        scan = extract.scan_page(page, url, None)
        assert scan == _scan_pruning_the_body_first(page, url), page
        if scan is not None and scan.fast is not None:
            read += 1
            if scan.fast.fingerprint is not None:
                printed += 1
                like = extract._fingerprint_like(extract._parse(page, whole=True),
                                                 scan.fast.fingerprint)
                assert extract.page_fingerprint(page, scan.fast.fingerprint) == like
                assert extract.fingerprint_for(page, scan.fast.text) == scan.fast.fingerprint
    assert read > 1000 and printed > 900  # the random pages reach every path


def test_a_block_without_br_is_read_as_its_lines_were():
    """extract_fast reads a block holding no <br> with lexbor's text() at once (issue 12):
    the lines _block_lines gives, on farm pages, generated layouts and random markup with
    <br> at every depth, lists, nested blocks and odd whitespace."""
    import random

    from selectolax.lexbor import LexborHTMLParser

    from benchmarks.extractors import generated_pages
    from monitor import extract_fast

    farm = Farm(2, 3, seed=7, rotating=True, page_kb=100)
    pages = [farm.page_body(f, e) for f in range(2) for e in range(3)]
    pages += [page.html for page in generated_pages(24)]
    r = random.Random(4)
    bits = ("<br>", "<br/>", " \u00a0 ", "\t\n", "\u2009", "<b>x</b>", "<li>item<br>two</li>",
            "<p>inner<br>p</p>", "<span> a </span>", "&nbsp;", "<!-- c -->", "word")
    for _ in range(400):
        body = "".join(f"<{tag}>{''.join(r.choice(bits) for _ in range(r.randint(0, 6)))}</{tag}>"
                       for tag in r.choices(("p", "li", "h2", "blockquote", "div", "pre"), k=8))
        pages.append(f"<html><body><article>{body}</article></body></html>".encode())
    blocks = 0
    for page in pages:
        tree = LexborHTMLParser(page)
        for region in tree.css("article, body"):
            broken = extract_fast._holding_br(region)
            for node in region.traverse():
                if node.tag in extract_fast._BLOCKS:
                    blocks += 1
                    old = extract_fast._block_lines(node)
                    if node.mem_id not in broken:
                        assert extract_fast._block_line(node) == old, node.html
                    else:
                        assert node.css_first("br") is not None
    assert blocks > 5000


def test_a_number_change_is_judged_without_reading_the_whole_versions_words(monkeypatch):
    """The versions' words (every sentence surface-normalised, ~2 ms an 800-word story) are
    read by the checks that need them, not for every change: an amount changed in one
    sentence is judged without them."""
    from monitor.facts import diff_documents, judge
    from monitor.models import Document

    def unread(self: object) -> None:
        raise AssertionError("the versions' words read")

    monkeypatch.setattr(judge.Versions, "old_words", property(unread))
    monkeypatch.setattr(judge.Versions, "new_words", property(unread))
    claim = "The death toll from the floods in Valencia rose to {} on Wednesday, officials said."
    old, new = Document("Floods", claim.format(26)), Document("Floods", claim.format(31))
    assert [(c.kind, c.old, c.new) for c in diff_documents(old, new).changes] == [
        ("number", "Valencia rose to 26", "Valencia rose to 31")]
