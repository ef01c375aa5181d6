"""Fingerprints: content hash, SimHash + resemblance, canonical URLs, identity keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.fingerprint import (
    canonical_url,
    content_hash,
    hamming,
    identity_keys,
    is_candidate,
    is_near_duplicate,
    simhash,
    simhash_hex,
)
from monitor.models import Entry
from tests.support.polling import MINES, TERM

TITLE = "US authorises mines for Ukraine"
TEXT = f"{MINES}\n\n{TERM}"
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples" / "factpairs-public.jsonl"


@pytest.mark.parametrize("title, text", [
    ("US  authorises mines for Ukraine ", f"  {MINES}\n\n\n{TERM}  "),
    (TITLE, f"<p>{MINES}</p>\n<p>{TERM}</p>"),
    (TITLE, f"{MINES.replace(chr(39), chr(0x2019))}\n\n{TERM}"),
    (TITLE, f"{MINES}\n\nUpdated 5 minutes ago\n\n{TERM}"),
    (TITLE, f"{MINES}\n\n{TERM}\n\nSign up for our free daily newsletter"),
    (TITLE, f"{MINES.replace(', to be', ' , to be')}\n\n{TERM}"),
    (TITLE, f"{MINES}&nbsp;\n\n{TERM}"),
    (TITLE, f"{MINES}\n\n342 comments\n\n{TERM}\n\nViews: 1,234"),
    (TITLE, f"4 min read\n\n{MINES}\n\n{TERM}\n\n1.2k shares"),
])
def test_cosmetic_differences_keep_the_content_hash(title, text):
    assert content_hash(title, text) == content_hash(TITLE, TEXT)


@pytest.mark.parametrize("title, text", [
    (TITLE, TEXT.replace("away from populated areas", "near the front line")),
    (TITLE, TEXT.replace("January", "February")),
    ("US rules out mines for Ukraine", TEXT),
    (TITLE, TEXT + "\n\nThe Pentagon declined to comment."),
])
def test_real_changes_change_the_content_hash(title, text):
    assert content_hash(title, text) != content_hash(TITLE, TEXT)


def test_simhash_is_64_bit_and_stable():
    value = simhash(TITLE, TEXT)
    assert 0 <= value < 2**64 and value == simhash(TITLE, TEXT)
    assert len(simhash_hex(value)) == 16


def test_near_duplicates_of_a_story_and_unrelated_stories():
    edited = TEXT.replace("on Tuesday", "on Wednesday")
    other = ("Negotiators from both sides met in Geneva on Monday for a third round of talks "
             "on prisoner exchanges, according to a statement from the foreign ministry.")
    assert hamming(simhash(TITLE, TEXT), simhash(TITLE, TEXT)) == 0
    assert is_candidate(simhash(TITLE, TEXT), simhash(TITLE, edited))
    assert is_near_duplicate((TITLE, TEXT), (TITLE, edited))
    assert not is_near_duplicate((TITLE, TEXT), ("Talks in Geneva", other))
    assert not is_near_duplicate(("A", "Short text."), ("A", "Short text."))  # too short


@pytest.mark.skipif(not EXAMPLES.exists(), reason="shared examples absent")
def test_edits_of_the_seed_story_stay_near_duplicates():
    for line in EXAMPLES.read_text().splitlines():
        pair = json.loads(line)
        old, new = pair["old"], pair["new"]
        assert is_near_duplicate((old["title"], old["text"]), (new["title"], new["text"]))


@pytest.mark.parametrize("url, expected", [
    ("https://Example.org/a/b?utm_source=rss&id=3#top", "https://example.org/a/b?id=3"),
    ("https://example.org:443/a?fbclid=1&gclid=2&ref=tw", "https://example.org/a"),
    ("http://example.org:80/a?at_medium=x&ns_mchannel=y&ns_source=z&p=1",
     "http://example.org/a?p=1"),
    ("http://127.0.0.1:8080/story?utm_campaign=x", "http://127.0.0.1:8080/story"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/a?story=12&page=2", "https://example.org/a?story=12&page=2"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_identity_keys_prefer_guid_then_link_then_title():
    assert identity_keys(Entry("g1", "https://e.org/a?utm_x=1", "T", "x")) == [
        "g1", "https://e.org/a"]
    assert identity_keys(Entry(None, "https://e.org/a#c", "T", "x")) == ["https://e.org/a"]
    key = identity_keys(Entry(None, None, "A  headline", "x"))
    assert key == identity_keys(Entry(None, None, "A headline", "y"))
    assert key[0].startswith("title:")


# ---------------------------------------------------------------- properties


_words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8),
                  min_size=1, max_size=40)


@settings(max_examples=80, deadline=None)
@given(_words, st.lists(st.sampled_from([" ", "  ", "\t", " \n "]), min_size=40, max_size=40))
def test_whitespace_never_changes_the_content_hash(words, gaps):
    plain = " ".join(words) + "."
    spaced = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip() + "."
    assert content_hash("T", plain) == content_hash(" T ", spaced)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["http", "https"]), st.from_regex(r"[a-z]{1,10}\.(org|com)", fullmatch=True),
       st.from_regex(r"(/[a-z0-9]{1,6}){0,3}", fullmatch=True),
       st.dictionaries(st.sampled_from(["id", "p", "utm_source", "fbclid", "ref", "page"]),
                       st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True), max_size=4),
       st.from_regex(r"[a-z]{0,5}", fullmatch=True))
def test_canonical_url_is_idempotent_and_drops_trackers(scheme, host, path, query, fragment):
    from urllib.parse import urlencode

    url = f"{scheme}://{host}{path}" + (f"?{urlencode(query)}" if query else "") + (
        f"#{fragment}" if fragment else "")
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once
    for tracker in ("utm_source", "fbclid", "ref="):
        assert tracker not in once.split("?", 1)[-1] or "?" not in once
