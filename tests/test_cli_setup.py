"""`monitor init` and `monitor add` against real files and a loopback HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.config import load_config
from monitor.errors import InputError, MonitorError
from tests.support.inprocess import invoke_monitor
from tests.support.polling import ATOM, HTML, JSON_FEED, RSS, Item, json_feed, rss

REPO = Path(__file__).resolve().parents[1]
FEED = rss([Item("g1", "First", "One."), Item("g2", "Second", "Two.")], title="Desk Wire")
ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id>
<updated>2026-01-01T00:00:00Z</updated>
<entry><id>urn:1</id><title>A</title><updated>2026-01-01T00:00:00Z</updated>
<summary>Text.</summary></entry></feed>"""


def page(*links: str, body: str = "<p>News</p>") -> bytes:
    return (f"<!doctype html><html><head><title>News</title>{''.join(links)}</head>"
            f"<body>{body}</body></html>").encode()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"})


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The project's own commented feeds.yaml, as a user would have it."""
    path = tmp_path / "feeds.yaml"
    path.write_bytes((REPO / "feeds.yaml").read_bytes())
    path.chmod(0o600)
    return path


def added_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds, asserting everything else is ``before`` byte for byte."""
    old, new = before.splitlines(True), after.splitlines(True)
    for start, line in enumerate(old):
        if new[start] != line:
            break
    else:
        start = len(old)
    inserted = len(new) - len(old)
    assert new[:start] + new[start + inserted:] == old, "text outside the entry changed"
    return new[start:start + inserted]


# ---------------------------------------------------------------- init


def test_init_writes_a_starter_that_passes_check_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "desk"
    done = invoke_monitor("init", str(target))
    assert done.returncode == 0, done.stderr
    assert (target / "db").is_dir()
    text = (target / "feeds.yaml").read_text()
    assert text.count("#") > 10 and "feeds:" in text
    lines = done.stdout.splitlines()
    assert [line.split()[1] for line in lines if line.startswith("  monitor ")] == [
        "add", "check", "run"]
    check = invoke_monitor("check", "--config", str(target / "feeds.yaml"), "--db",
                           str(target / "db" / "monitor.db"))
    assert check.returncode == 0, check.stderr
    again = invoke_monitor("init", str(target))
    assert again.returncode == 2 and again.stdout == ""
    assert len(again.stderr.strip().splitlines()) == 1 and "already exists" in again.stderr
    assert (target / "feeds.yaml").read_text() == text


def test_add_into_the_starter_file_keeps_its_commented_examples(tmp_path, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    assert invoke("init", str(tmp_path)).exit_code == 0
    config = tmp_path / "feeds.yaml"
    before = config.read_text()
    result = invoke("add", http_server.url("/feed.xml"), "--config", str(config))
    assert result.exit_code == 0, result.output
    new = added_lines(before, config.read_text())
    assert new[0].startswith("  - name: desk-wire")
    assert [f.name for f in load_config(config).feeds] == ["desk-wire"]


# ---------------------------------------------------------------- add


def test_add_a_feed_url_appends_it_keeping_comments_and_layout(config, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    before = config.read_text()
    url = http_server.url("/feed.xml")
    result = invoke("add", url, "--tag", "world", "--tag", "wires", "--interval", "10m",
                    "--full-text", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "Desk Wire" in result.output and "2 items" in result.output
    new = added_lines(before, config.read_text())
    assert "".join(new) == (f"  - name: desk-wire\n    url: {url}\n    interval: 10m\n"
                            "    full_text: true\n    tags: [world, wires]\n")
    feeds = load_config(config).feeds
    assert feeds[-1].name == "desk-wire" and feeds[-1].interval == 600
    assert feeds[-1].tags == ("world", "wires") and feeds[-1].full_text
    check = invoke_monitor("check", "--config", str(config), "--db", str(config.parent / "m.db"))
    assert check.returncode == 0, check.stderr


def test_add_discovers_the_feed_a_page_announces(config, http_server):
    http_server.route("/news", body=page(
        '<link rel="stylesheet" href="/s.css">',
        '<link rel="alternate" type="application/atom+xml" title="Atom" href="/atom">',
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'), headers=HTML)
    http_server.route("/atom", body=ATOM_FEED, headers=ATOM)
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    result = invoke("add", http_server.url("/news"), "--name", "desk", "--json",
                    "--config", str(config))
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["url"] == http_server.url("/atom") and found["title"] == "Atom Desk"
    assert found["items"] == 1 and found["discovered_by"] == "link"
    assert found["discovered_from"] == http_server.url("/news")
    assert found["other_feeds"] == [http_server.url("/feed.xml")] and found["written"]
    assert load_config(config).feed("desk").url == http_server.url("/atom")


def test_add_discovers_a_json_feed_at_a_usual_path(config, http_server):
    http_server.route("/", body=page(), headers=HTML)  # announces nothing
    http_server.route("/feed.xml", body=json_feed([Item("1", "T", "x")], title="J Desk"),
                      headers=JSON_FEED)
    result = invoke("add", http_server.url("/"), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "a usual feed address on the site of" in result.output
    assert "J Desk - 1 item " in result.output
    feed = load_config(config).feeds[-1]
    assert (feed.name, feed.url) == ("j-desk", http_server.url("/feed.xml"))
    tried = [r.path for r in http_server.requests]
    assert tried == ["/", "/feed", "/rss", "/feed.xml"]


def test_a_page_without_any_feed_is_a_clear_error(config, http_server):
    http_server.route("/about", body=page(), headers=HTML)
    before = config.read_bytes()
    done = invoke_monitor("add", http_server.url("/about"), "--config", str(config))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "no feed found at" in done.stderr and "announces no feed" in done.stderr
    assert config.read_bytes() == before


def test_an_invalid_feed_is_a_clear_error(config, http_server):
    http_server.route("/broken.xml", body=b"<rss><channel><title>x</ti", headers=RSS)
    http_server.route("/junk", body=b"\x00\x01 not xml at all", headers={
        "Content-Type": "application/octet-stream"})
    http_server.route("/page", body=page(
        '<link rel="alternate" type="application/rss+xml" href="/gone.xml">'), headers=HTML)
    before = config.read_bytes()
    for path, words in (("/broken.xml", "not a valid feed"),
                        ("/junk", "neither a feed nor a web page"),
                        ("/page", "none works")):
        result = invoke("add", http_server.url(path), "--config", str(config))
        assert isinstance(result.exception, MonitorError), result.output
        assert result.exception.exit_code == 2 and words in str(result.exception), path
        assert "\n" not in str(result.exception)
    assert "404" in str(result.exception)
    assert config.read_bytes() == before


def test_duplicates_are_refused_by_url_and_by_name(config, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    http_server.route("/other.xml", body=FEED, headers=RSS)
    url = http_server.url("/feed.xml")
    assert invoke("add", url, "--config", str(config)).exit_code == 0
    after_first = config.read_bytes()
    same_url = invoke("add", url.replace("127.0.0.1", "127.0.0.1") + "/", "--name", "x",
                      "--config", str(config))
    assert isinstance(same_url.exception, InputError)
    assert "already listed as feed 'desk-wire'" in str(same_url.exception)
    same_name = invoke("add", http_server.url("/other.xml"), "--name", "bbc-world",
                       "--config", str(config))
    assert "a feed named 'bbc-world' is already listed" in str(same_name.exception)
    same_title = invoke("add", http_server.url("/other.xml"), "--config", str(config))
    assert "already listed (give another with --name)" in str(same_title.exception)
    assert config.read_bytes() == after_first
    assert len(http_server.requests_to("/other.xml")) == 1  # the name was refused first
    done = invoke_monitor("add", url, "--config", str(config))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    http_server.route("/page", body=page(
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'), headers=HTML)
    via_page = invoke("add", http_server.url("/page"), "--config", str(config))
    assert "is already listed as feed 'desk-wire'" in str(via_page.exception)
    assert config.read_bytes() == after_first


def test_add_without_a_config_says_how_to_make_one(tmp_path):
    result = invoke("add", "https://a.example/rss", "--config", str(tmp_path / "f.yaml"))
    assert "`monitor init` writes a starter one" in str(result.exception)
    assert result.exception.exit_code == 2


def test_dry_run_shows_the_entry_and_writes_nothing(config, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    before = config.read_bytes()
    result = invoke("add", http_server.url("/feed.xml"), "--dry-run", "--tag", "x",
                    "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "would add to" in result.output and "line 55" in result.output
    assert "  - name: desk-wire\n" in result.output and "tags: [x]" in result.output
    assert config.read_bytes() == before
    as_json = json.loads(invoke("add", http_server.url("/feed.xml"), "--dry-run", "--json",
                                "--config", str(config)).output)
    assert as_json["written"] is False and as_json["yaml"].startswith("  - name: desk-wire")
    assert config.read_bytes() == before


def test_a_malformed_feed_with_readable_items_is_added_with_a_warning(config, http_server):
    http_server.route("/feed.xml", body=b"<rss><channel><title>x</title><item><title>A</title>"
                      b"<guid>1</guid></item>", headers=RSS)
    result = invoke("add", http_server.url("/feed.xml"), "--json", "--config", str(config))
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["items"] == 1 and found["warning"] and found["written"]


def test_usage_errors_are_one_line_with_exit_2(config):
    for args, words in ((["add", "https://x.example/feed", "--interval", "soon"], "soon"),
                        (["add", "ftp://x.example/feed"], "not an http")):
        done = invoke_monitor(*args, "--config", str(config))
        assert done.returncode == 2, done.stderr
        assert words in done.stderr and len(done.stderr.strip().splitlines()) <= 2


def test_names_and_tags_that_yaml_would_misread_are_quoted(config, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    result = invoke("add", http_server.url("/feed.xml"), "--name", "yes", "--tag", "2026",
                    "--tag", "on", "--config", str(config))
    assert result.exit_code == 0, result.output
    feed = load_config(config).feeds[-1]
    assert feed.name == "yes" and feed.tags == ("2026", "on")
    assert "  - name: 'yes'\n" in config.read_text()


def test_comments_after_the_last_feed_stay_with_what_follows(tmp_path, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    config = tmp_path / "feeds.yaml"
    text = ("# top\nfeeds:\n-   name: a      # first\n    url: https://a.example/rss\n"
            "    tags: [x,\n      y]\n    # proxy: none\n\n# the watches\nwatches: []\n")
    config.write_text(text)
    assert invoke("add", http_server.url("/feed.xml"), "--config", str(config)).exit_code == 0
    new = added_lines(text, config.read_text())
    assert new == ["-   name: desk-wire\n", f"    url: {http_server.url('/feed.xml')}\n"]
    assert config.read_text().index("desk-wire") < config.read_text().index("# the watches")
    assert config.read_text().index("# proxy: none") < config.read_text().index("desk-wire")


def test_add_refuses_an_invalid_config_before_fetching(tmp_path, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - name: a\n    url: nope\n")
    result = invoke("add", http_server.url("/feed.xml"), "--config", str(config))
    assert "feeds[0].url" in str(result.exception) and not http_server.requests


def test_a_page_cannot_point_add_at_another_private_address(config, http_server):
    """The host typed may be this machine (as a feed's own host may); a page's link to
    another private or loopback host goes through the address guard like any fetch."""
    port = http_server.url("/").split(":")[2].split("/")[0]
    http_server.route("/page", body=page(
        f'<link rel="alternate" type="application/rss+xml" '
        f'href="http://localhost:{port}/x/feed.xml">'), headers=HTML)
    http_server.route("/x/feed.xml", body=FEED, headers=RSS)
    result = invoke("add", http_server.url("/page"), "--config", str(config))
    assert isinstance(result.exception, InputError), result.output
    assert "none works" in str(result.exception) and "loopback" in str(result.exception)
    assert not any(r.headers.get("host", "").startswith("localhost")
                   for r in http_server.requests)


def test_announced_feed_types_come_before_generic_json_links(config, http_server):
    http_server.route("/blog/", body=page(
        '<base href="/blog/">',
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/1">',
        '<link rel="alternate" type="application/rss+xml" href="feed/">',
        '<link rel="alternate" type="application/rss+xml" href="comments/feed/">'),
        headers=HTML)
    http_server.route("/blog/feed/", body=FEED, headers=RSS)
    result = invoke("add", http_server.url("/blog/"), "--json", "--dry-run",
                    "--config", str(config))
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["url"] == http_server.url("/blog/feed/")
    assert found["other_feeds"] == [http_server.url("/blog/comments/feed/")]
    assert [r.path for r in http_server.requests] == ["/blog/", "/blog/feed/"]


def test_windows_line_ends_are_kept(tmp_path, http_server):
    http_server.route("/feed.xml", body=FEED, headers=RSS)
    config = tmp_path / "feeds.yaml"
    text = "# desk\r\nfeeds:\r\n  - name: a\r\n    url: https://a.example/rss\r\n# end\r\n"
    config.write_bytes(text.encode())
    assert invoke("add", http_server.url("/feed.xml"), "--config", str(config)).exit_code == 0
    after = config.read_bytes().decode()
    assert after == text.replace("# end", "  - name: desk-wire\r\n    url: "
                                 f"{http_server.url('/feed.xml')}\r\n# end")
