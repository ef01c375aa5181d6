"""feeds.yaml: the contract, with file:line:key errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_config, parse_config, parse_duration, parse_size
from monitor.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
defaults: {interval: 15m, full_text: false, timeout: 20s}
feeds:
  - name: example-world
    url: https://example.org/world/rss
    interval: 10m
    full_text: true
    tags: [world]
  - name: other
    url: https://example.org/other/rss
"""


def test_the_documented_example_parses():
    config = parse_config(GOOD, "feeds.yaml")
    world, other = config.feeds
    assert (world.name, world.interval, world.full_text, world.tags) == (
        "example-world", 600, True, ("world",))
    assert (other.interval, other.full_text, other.timeout) == (900, False, 20)


def test_the_shipped_feeds_yaml_is_valid():
    config = load_config(REPO / "feeds.yaml")
    assert len(config.feeds) >= 5
    assert {w.name for w in config.watches} >= {"mine-use conditions", "end of term"}
    tags = {t for f in config.feeds for t in f.tags}
    assert {"world", "ukraine", "us-politics"} <= tags


@pytest.mark.parametrize("text, expected", [
    (GOOD.replace("    tags: [world]", "    tags: [world]\n    colour: red"),
     "cfg.yaml:8: feeds[0].colour: unknown key"),
    (GOOD.replace("interval: 10m", "interval: soon"),
     "cfg.yaml:5: feeds[0].interval: 'soon' is not a duration"),
    (GOOD.replace("name: other", "name: example-world"),
     "cfg.yaml:8: feeds[1].name: duplicate feed name 'example-world'"),
    (GOOD.replace("tags: [world]", "tags: [world"), "cfg.yaml:8:9: YAML error"),
    (GOOD.replace("url: https://example.org/other/rss", "url: ftp://example.org/x"),
     "cfg.yaml:9: feeds[1].url: expected an http:// or https:// URL"),
    (GOOD.replace("defaults: {", "defaults: {jitter: 2, "),
     "cfg.yaml:1: defaults.jitter: expected a number between 0 and 1"),
    ("feedz: []\n", "cfg.yaml:1: feedz: unknown key"),
])
def test_invalid_config_names_file_line_and_key(text, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "cfg.yaml")
    message = str(caught.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_env_substitution_remembers_secrets(monkeypatch):
    monkeypatch.setenv("FEED_TOKEN", "s3cr3t-token")
    config = parse_config(GOOD.replace("/other/rss", "/other/rss?token=${FEED_TOKEN}"), "c.yaml")
    assert config.feeds[1].url.endswith("token=s3cr3t-token")
    assert "s3cr3t-token" in config.secrets


def test_missing_env_variable_is_an_error(monkeypatch):
    monkeypatch.delenv("NOPE_NOT_SET", raising=False)
    with pytest.raises(ConfigError, match=r"c.yaml:9: feeds\[1\].url: environment variable"):
        parse_config(GOOD.replace("/other/rss", "/${NOPE_NOT_SET}"), "c.yaml")


def test_config_writable_by_others_holding_secrets_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", "whsec_abcdefgh")
    path = tmp_path / "feeds.yaml"
    path.write_text(GOOD + "channels:\n  hook: {type: console}\n"
                    "watches:\n  - {name: w, notify: [hook], keywords: ['${HOOK_SECRET}']}\n")
    path.chmod(0o666)
    with pytest.raises(ConfigError, match="other users can write"):
        load_config(path)
    path.chmod(0o600)
    assert load_config(path).watches[0].name == "w"


def test_missing_config_file():
    with pytest.raises(ConfigError, match="config file not found"):
        load_config("/nonexistent/feeds.yaml")


def test_durations_and_sizes():
    assert parse_duration("1h30m") == 5400 and parse_duration(90) == 90
    assert parse_size("10MB") == 10_000_000 and parse_size("512KiB") == 512 * 1024
    for bad in ("0s", "-1m", "fast", True):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_duplicate_watch_names_are_refused_with_their_line() -> None:
    from monitor.config import parse_config
    from monitor.errors import ConfigError

    text = ("feeds: []\nchannels: {log: {type: console}}\nwatches:\n"
            "  - {name: a, notify: [log]}\n  - {name: a, notify: [log]}\n")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "f.yaml")
    assert str(caught.value) == "f.yaml:5: watches[1].name: duplicate watch name 'a'"


# ---------------------------------------------------------------- read with libyaml


YAML_DOCUMENTS = [
    (REPO / "feeds.yaml").read_text(encoding="utf-8"),
    GOOD,
    "a: &x {b: [1, 2.5, yes, null, ~, '3', 0x1f, 2026-01-05]}\nc: *x\nd: |\n  two\n  lines\n",
    "k: 'caf\u00e9 \u2028 line'\nm: \"tab\\there\"\n# a comment\nn: [ ]\n",
]


@pytest.mark.parametrize("text", YAML_DOCUMENTS)
def test_libyaml_reads_the_values_and_lines_pyyaml_reads(text):
    import yaml

    from monitor.config import _read_yaml

    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML without libyaml")
    fast, fast_where = _read_yaml(yaml.CSafeLoader, text, "cfg.yaml")
    slow, slow_where = _read_yaml(yaml.SafeLoader, text, "cfg.yaml")
    assert fast == slow
    assert (fast_where.lines, fast_where.columns) == (slow_where.lines, slow_where.columns)


def test_a_config_is_read_with_libyaml_and_an_error_worded_by_pyyaml(monkeypatch):
    """libyaml reads feeds.yaml (~9x faster: 1,000 feeds in 17 ms instead of 150); a
    document it refuses is read again by PyYAML's parser, whose words every error keeps."""
    import yaml

    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML without libyaml")
    made: list[str] = []

    class Counted(yaml.CSafeLoader):
        def __init__(self, stream: str) -> None:
            made.append("libyaml")
            super().__init__(stream)

    monkeypatch.setattr(yaml, "CSafeLoader", Counted)
    assert parse_config(GOOD, "cfg.yaml").feeds and made == ["libyaml"]
    with pytest.raises(ConfigError) as caught:
        parse_config("feeds:\n\t- name: x\n", "cfg.yaml")
    assert str(caught.value) == ("cfg.yaml:2:1: YAML error: found character '\\t' that "
                                 "cannot start any token")
    assert made == ["libyaml", "libyaml"]
