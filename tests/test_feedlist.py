"""monitor.feedlist: where new entries go in feeds.yaml files laid out in different ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import parse_config
from monitor.errors import ConfigError
from monitor.feedlist import NewFeed, add_feeds, name_from, plan_insertion, slug, url_key

NEW = NewFeed(name="n", url="https://n.example/rss", tags=("x",))
PATH = Path("feeds.yaml")


@pytest.mark.parametrize(("before", "after"), [
    # no feeds: section at all: one at the end
    ("delivery: {max_attempts: 3}  # keep\n",
     "delivery: {max_attempts: 3}  # keep\n\nfeeds:\n  - name: n\n"
     "    url: https://n.example/rss\n    tags: [x]\n"),
    # an empty file, and one without a final line break
    ("", "feeds:\n  - name: n\n    url: https://n.example/rss\n    tags: [x]\n"),
    ("# only a comment", "# only a comment\n\nfeeds:\n  - name: n\n"
     "    url: https://n.example/rss\n    tags: [x]\n"),
    # `feeds: []` with a comment: the comment stays on the key's line
    ("feeds: []  # none yet\nchannels: {}\n",
     "feeds:  # none yet\n  - name: n\n    url: https://n.example/rss\n    tags: [x]\n"
     "channels: {}\n"),
    # `feeds:` and commented examples under it: the examples stay above
    ("feeds:\n  # - name: e\n  #   url: https://e.example/\n\n# Watches\nwatches: []\n",
     "feeds:\n  # - name: e\n  #   url: https://e.example/\n  - name: n\n"
     "    url: https://n.example/rss\n    tags: [x]\n\n# Watches\nwatches: []\n"),
    # items at column 0, a nested mapping and a trailing comment inside the last item
    ("feeds:\n- name: a\n  url: https://a.example/\n  headers:\n    X-Key: abc\n"
     "  # interval: 5m\nwatches: []\n",
     "feeds:\n- name: a\n  url: https://a.example/\n  headers:\n    X-Key: abc\n"
     "  # interval: 5m\n- name: n\n  url: https://n.example/rss\n  tags: [x]\nwatches: []\n"),
])
def test_entries_go_at_the_end_of_the_list_and_nothing_else_moves(before, after):
    insertion = plan_insertion(PATH, before, [NEW])
    assert insertion.new_text == after
    assert [f.name for f in parse_config(after).feeds][-1] == "n"


def test_a_flow_style_feed_list_is_refused_with_its_line():
    with pytest.raises(ConfigError, match=r"feeds.yaml:2: feeds: cannot add .*flow style"):
        plan_insertion(PATH, "# x\nfeeds: [{name: a, url: 'https://a.example/'}]\n", [NEW])


def test_add_feeds_writes_atomically_and_keeps_the_mode(tmp_path):
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - name: a\n    url: https://a.example/\n")
    config.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(config)
    add_feeds(link, [NEW])
    assert link.is_symlink() and config.stat().st_mode & 0o777 == 0o640
    assert config.read_text().endswith("  - name: n\n    url: https://n.example/rss\n"
                                       "    tags: [x]\n")
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_names_and_duplicate_keys():
    assert slug("BBC News - World") == "bbc-news-world"
    assert slug("Київ") == "feed" and name_from("Київ", "https://www.kyiv.example/rss") == (
        "kyiv-example")
    assert url_key("HTTPS://Example.org/feed/#top") == url_key("https://example.org/feed")
    assert url_key("https://example.org/feed?a=1") != url_key("https://example.org/feed?a=2")
