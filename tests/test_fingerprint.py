"""Fingerprints: content hash, SimHash + resemblance, canonical URLs, identity keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
