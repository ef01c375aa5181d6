"""`monitor opml import` / `export` with OPML files as real feed readers write them
(tests/data/opml: Feedly, Inoreader, NetNewsWire with a BOM, an ISO-8859-1 export)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.config import load_config
from monitor.opml import OpmlError, parse_opml, write_opml
from tests.support.inprocess import invoke_monitor

DATA = Path(__file__).parent / "data" / "opml"
REPO = Path(__file__).resolve().parents[1]


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"}, input=stdin)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_bytes((REPO / "feeds.yaml").read_bytes())
    path.chmod(0o600)
    return path


# ---------------------------------------------------------------- reading


def test_nested_folders_become_tags_and_repeats_merge():
    document = parse_opml((DATA / "feedly.opml").read_bytes())
    assert document.title == "Desk subscriptions in feedly Cloud"
    assert [(f.url, f.tags) for f in document.feeds] == [
        ("https://feeds.bbci.co.uk/news/world/rss.xml", ["World", "Ukraine"]),
        ("https://www.aljazeera.com/xml/rss/all.xml", ["World"]),
        ("https://www.theguardian.com/world/ukraine/rss", ["Ukraine"]),
    ]
    assert document.duplicates == 1


def test_missing_titles_deep_folders_duplicates_and_other_schemes():
    document = parse_opml((DATA / "inoreader.xml").read_bytes())
    feeds = {f.url: f for f in document.feeds}
    assert feeds["https://feeds.npr.org/1014/rss.xml"].tags == ["Politics", "US politics"]
    assert feeds["https://feeds.npr.org/1014/rss.xml"].title == "NPR Politics"
    assert feeds["https://www.theguardian.com/us-news/us-politics/rss"].title == ""
    assert feeds["https://kyivindependent.com/news-archive/rss/"].tags == []
    assert document.duplicates == 1 and document.invalid == ["ftp://files.example.org/pod.xml"]


def test_declared_latin1_and_a_utf8_bom_are_read():
    latin = parse_opml((DATA / "latin1.opml").read_bytes())
    assert latin.title == "Abonnements exportés"
    assert [(f.title, f.tags) for f in latin.feeds] == [
        ("France 24 - Édition française", ["Actualités"]), ("Süddeutsche", ["Actualités"])]
    bom = parse_opml((DATA / "netnewswire-bom.opml").read_bytes())
    assert bom.feeds[0].title == "Le Monde · International"


def test_undeclared_windows_1252_and_utf16_are_read():
    undeclared = ('<opml version="2.0"><body><outline text="Caf\u00e9 \u2019s" '
                  'xmlUrl="https://a.example/rss"/></body></opml>').encode("cp1252")
    assert parse_opml(undeclared).feeds[0].title == "Café ’s"
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?><opml version="2.0"><body>'
             '<outline text="\u041a\u0438\u0457\u0432" xmlUrl="https://k.example/rss"/>'
             "</body></opml>").encode("utf-16")
    assert parse_opml(utf16).feeds[0].title == "Київ"


def test_entities_and_non_opml_are_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<opml><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>')
    with pytest.raises(OpmlError, match="declares entities"):
        parse_opml(bomb)
    external = (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><opml><body><outline text="&x;"/></body></opml>')
    with pytest.raises(OpmlError):
        parse_opml(external)
    with pytest.raises(OpmlError, match="root element is <rss>"):
        parse_opml(b"<rss><channel/></rss>")
    with pytest.raises(OpmlError, match="not well-formed"):
        parse_opml(b"<opml><body>")


# ---------------------------------------------------------------- the commands


COMMENTED = """\
# The desk's feeds.
defaults:
  interval: 15m    # default poll
feeds:
  - name: bbc-world          # the main wire
    url: https://feeds.bbci.co.uk/news/world/rss.xml
    tags: [world]
  # - name: paused
  #   url: https://paused.example/rss

# Watches follow.
watches:
  - name: all
    keywords: [a, b,
               c]
    notify: [log]
channels:
  log: {type: console}
"""


def test_import_merges_skips_duplicates_and_keeps_the_file(tmp_path):
    config = tmp_path / "feeds.yaml"
    config.write_text(COMMENTED)
    result = invoke("opml", "import", str(DATA / "feedly.opml"), "--json",
                    "--config", str(config))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["found"] == 3 and report["duplicates_in_file"] == 1
    assert report["already_listed"] == [{"url": "https://feeds.bbci.co.uk/news/world/rss.xml",
                                         "listed_as": "bbc-world"}]
    assert report["added"] == [
        {"name": "al-jazeera-breaking-news-world-news-and-video-fr",
         "url": "https://www.aljazeera.com/xml/rss/all.xml", "tags": ["World"]},
        {"name": "ukraine-the-guardian", "url": "https://www.theguardian.com/world/ukraine/rss",
         "tags": ["Ukraine"]}]
    text = config.read_text()
    head, tail = COMMENTED.split("  # - name: paused\n")
    assert text.startswith(head) and text.endswith("  # - name: paused\n" + tail)
    assert text[len(head):].startswith("  - name: al-jazeera")
    again = invoke("opml", "import", str(DATA / "feedly.opml"), "--config", str(config))
    assert "added 0 feeds" in again.output and "skipped 3 already listed" in again.output
    assert config.read_text() == text  # nothing new: nothing written
    result = invoke("opml", "import", str(DATA / "inoreader.xml"), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "added 3 feeds" in result.output and "skipped 0 already listed" in result.output
    assert "1 repeated in the file, 1 not http(s)" in result.output
    feeds = {f.url: f for f in load_config(config).feeds}
    guardian = feeds["https://www.theguardian.com/us-news/us-politics/rss"]
    assert guardian.name == "theguardian-com" and guardian.tags == ("Politics", "US politics")
    assert feeds["https://kyivindependent.com/news-archive/rss/"].name == "kyivindependent-com"
    assert feeds["https://feeds.npr.org/1014/rss.xml"].name == "npr-politics"


def test_import_into_the_starter_and_dry_run(tmp_path):
    assert invoke("init", str(tmp_path)).exit_code == 0
    config = tmp_path / "feeds.yaml"
    before = config.read_bytes()
    dry = invoke("opml", "import", str(DATA / "latin1.opml"), "--dry-run", "--config",
                 str(config))
    assert dry.exit_code == 0 and "would add 2 feeds" in dry.output
    assert config.read_bytes() == before
    done = invoke_monitor("opml", "import", str(DATA / "latin1.opml"), "--tag", "fr",
                          "--config", str(config))
    assert done.returncode == 0, done.stderr
    feeds = load_config(config).feeds
    assert [(f.name, f.tags) for f in feeds] == [
        ("france-24-edition-francaise", ("Actualités", "fr")),
        ("suddeutsche", ("Actualités", "fr"))]
    check = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "db" / "m.db"))
    assert check.returncode == 0, check.stderr


def test_export_then_import_round_trips_the_feed_list(config, tmp_path):
    out = tmp_path / "desk.opml"
    done = invoke("opml", "export", "-o", str(out), "--config", str(config))
    assert done.exit_code == 0, done.output
    original = load_config(config).feeds
    exported = parse_opml(out.read_bytes())
    assert {f.url for f in exported.feeds} == {f.url for f in original}
    fresh = tmp_path / "fresh"
    assert invoke("init", str(fresh)).exit_code == 0
    result = invoke("opml", "import", str(out), "--config", str(fresh / "feeds.yaml"))
    assert result.exit_code == 0, result.output
    again = load_config(fresh / "feeds.yaml").feeds
    assert sorted((f.name, f.url, tuple(sorted(f.tags))) for f in again) == sorted(
        (f.name, f.url, tuple(sorted(f.tags))) for f in original)
    # and to standard output, importable from standard input
    stdout = invoke("opml", "export", "--config", str(fresh / "feeds.yaml"))
    assert stdout.output.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert parse_opml(stdout.output.encode()).feeds


def test_export_keeps_environment_references_unexpanded(tmp_path, monkeypatch):
    config = tmp_path / "feeds.yaml"
    config.write_text("feeds:\n  - name: wire\n    url: https://w.example/rss?key=${WIRE_KEY}\n")
    config.chmod(0o600)
    monkeypatch.setenv("WIRE_KEY", "s3cret")
    result = invoke("opml", "export", "--config", str(config))
    assert "${WIRE_KEY}" in result.output and "s3cret" not in result.output


def test_import_errors_are_one_line(config, tmp_path):
    missing = invoke_monitor("opml", "import", str(tmp_path / "nope.opml"), "--config",
                             str(config))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    junk = tmp_path / "junk.opml"
    junk.write_bytes(b"<html><body>not opml</body></html>")
    done = invoke_monitor("opml", "import", str(junk), "--config", str(config))
    assert done.returncode == 2 and "not OPML" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_write_opml_puts_a_feed_in_each_of_its_folders():
    data = write_opml([("a", "https://a.example/rss", ["x", "y"]),
                       ("b", "https://b.example/rss", [])])
    document = parse_opml(data)
    assert [(f.url, f.title, f.tags) for f in document.feeds] == [
        ("https://a.example/rss", "a", ["x", "y"]), ("https://b.example/rss", "b", [])]
    assert document.duplicates == 1


def test_import_reads_standard_input(tmp_path):
    assert invoke("init", str(tmp_path)).exit_code == 0
    result = invoke("opml", "import", "-", "--json", "--config", str(tmp_path / "feeds.yaml"),
                    stdin=(DATA / "netnewswire-bom.opml").read_bytes())
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["file"] == "-" and report["written"]
    assert report["added"] == [{"name": "le-monde-international",
                                "url": "https://www.lemonde.fr/international/rss_full.xml",
                                "tags": []}]
