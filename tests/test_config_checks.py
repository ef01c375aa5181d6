"""feeds.yaml and command-line checks that used to fail silently (issue 11, items 10 and
11 and the section "Config and CLI checks"): `monitor` run as a subprocess, with a real
webhook receiver and Apprise json:// target on 127.0.0.1 where alerts are involved."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from monitor.config import parse_config
from monitor.errors import ConfigError, ConfigErrors
from tests.support.httpserver import HTTPTestServer
from tests.support.inprocess import invoke_monitor
from tests.support.polling import REPO, monitor_env, run_monitor
from tests.support.webhook import SECRET, WebhookReceiver

GOOD_FEED = "feeds:\n  - {name: world, url: 'http://127.0.0.1:9/feed.xml'}\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("monitor: error:")]


def warning_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("monitor: warning:")]


# ---------------------------------------------------------------- item 10: alias bombs

# Ten lines: each level refers to the one before nine times (9**9 = 387 million leaves).
ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]"
       for i in range(8)]
    + ["feeds: *i", ""])
_CHILD = """
import resource, sys
limit = 256 * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from monitor.cli import main
sys.argv = ["monitor", "check", "--config", sys.argv[1], "--db", sys.argv[2]]
main()
"""


def test_a_yaml_alias_bomb_is_refused_with_a_clear_error_in_bounded_time_and_memory(
        tmp_path) -> None:
    config = write(tmp_path / "feeds.yaml", ALIAS_BOMB)
    tracemalloc.start()
    started = time.process_time()  # CPU seconds: what the bound is about, whatever the load
    with pytest.raises(ConfigError) as caught:
        parse_config(ALIAS_BOMB, "feeds.yaml")
    elapsed = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "aliases" in str(caught.value) and "feeds.yaml:" in str(caught.value)
    assert elapsed < 5 and peak < 128 * 2**20, (elapsed, peak)
    # `monitor check` in a child whose address space is capped at 256 MiB
    done = subprocess.run([sys.executable, "-c", _CHILD, str(config), str(tmp_path / "m.db")],
                          capture_output=True, text=True, timeout=60, cwd=REPO,
                          env=monitor_env())
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"monitor: error: {config}:") and "aliases" in line


@pytest.mark.parametrize("text", [
    "feeds: &a [*a]\n",  # an alias to the list it is in
    "feeds: " + "[" * 5000 + "]" * 5000 + "\n",  # nesting the YAML reader recurses into
    "feeds:\n" + "".join("  " * i + "- \n" for i in range(100)),
])
def test_recursive_or_deeply_nested_yaml_is_one_line_of_error(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "feeds.yaml")
    assert str(caught.value).startswith("feeds.yaml:") and "\n" not in str(caught.value)


def test_aliases_of_a_normal_size_still_work() -> None:
    config = parse_config(GOOD_FEED + "watches:\n  - {name: a, notify: &chans [screen]}\n"
                          "  - {name: b, notify: *chans}\nchannels:\n  screen: {type: console}\n")
    assert [w.notify for w in config.watches] == [("screen",), ("screen",)]


# ---------------------------------------------------------------- item 11: not YAML

SHADOW = ("root:$6$Hj8sK2pQ$Z9yX4vB7nM1qW3eR5tY8uI0oP2aS4dF6gH8jK0lZ:19700:0:99999:7:::\n"
          "daemon:*:19700:0:99999:7:::\n")
PASSWD_SECRETS = ["Hj8sK2pQ", "Z9yX4vB7", "root", "daemon", "19700", "99999"]
NOT_YAML = [
    SHADOW,
    "admin:$apr1$Hj8sK2pQ$Z9yX4vB7nM1qW3eR5tY8u\n",
    "root: $6$Hj8sK2pQ$Z9yX4vB7nM1qW3eR5tY8uI0oP2aS4dF6gH8jK0lZ\ndaemon: [unclosed\n",
    "token = *Hj8sK2pQZ9yX4vB7\n",
    "!!python/object:os.system Hj8sK2pQ\n",
    "\tZ9yX4vB7\tHj8sK2pQ\n",
    '{"Hj8sK2pQ": "Z9yX4vB7", \n',
]


@pytest.mark.parametrize("content", NOT_YAML)
def test_a_config_that_is_not_yaml_never_echoes_its_content(tmp_path, content: str) -> None:
    """feeds.yaml a symlink to a password-like file: every command says where the problem
    is (file, line and column) and never what the file holds."""
    secret_file = write(tmp_path / "shadow", content)
    config = tmp_path / "feeds.yaml"
    config.symlink_to(secret_file)
    for args in (["check"], ["poll"], ["run"], ["alerts", "test", "x"]):
        done = invoke_monitor(*args, "--config", str(config), "--db", str(tmp_path / "m.db"),
                              timeout=30) if args[0] != "alerts" else invoke_monitor(
            "alerts", "--config", str(config), "--db", str(tmp_path / "m.db"), *args[1:])
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        output = (done.stdout + done.stderr).replace(str(config), "FILE")
        for secret in PASSWD_SECRETS:
            assert secret not in output, (args, output)
        assert "Traceback" not in output
        assert re.match(r"monitor: error: FILE:\d+(:\d+)?: ", output), output
    check = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"))
    for line in error_lines(check):
        if "YAML error" in line or "(key)" in line:  # located to the column
            assert re.match(rf"monitor: error: {re.escape(str(config))}:\d+:\d+: ", line)


def test_yaml_syntax_errors_name_file_line_and_column() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("feeds:\n  - name: w\n    url: http://x/\n    tags: [a, b\n", "f.yaml")
    error = caught.value
    assert str(error).startswith(f"f.yaml:{error.line}:{error.column}: YAML error")
    assert error.line == 5 and error.column


# ---------------------------------------------------------------- every error, file:line: key

MANY_ERRORS = """\
defaults: {interval: soon, jitter: 7}
feeds:
  - name: world
    url: ftp://example.org/feed
    colour: red
  - {name: second, url: 'http://127.0.0.1:9/x', interval: 0s}
  - {url: 'http://127.0.0.1:9/y'}
watches:
  - {name: w, notify: [pager], kinds: [gossip]}
channels:
  hook: {type: webhook, url: 'not a url', secret: nope}
delivery: {max_attempts: many}
"""
EXPECTED = [  # (line, key) of each problem, in file order
    (1, "defaults.interval"), (1, "defaults.jitter"), (4, "feeds[0].url"),
    (5, "feeds[0].colour"), (6, "feeds[1].interval"), (7, "feeds[2]"),
    (9, "watches[0].kinds[0]"), (9, "watches[0].notify[0]"), (11, "channels.hook.url"),
    (12, "delivery.max_attempts"),
]


def test_check_reports_every_error_each_with_file_line_and_key(tmp_path) -> None:
    config = write(tmp_path / "feeds.yaml", MANY_ERRORS)
    with pytest.raises(ConfigErrors) as caught:
        parse_config(MANY_ERRORS, str(config))
    assert [(e.line, e.key) for e in caught.value.errors] == EXPECTED
    done = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"))
    assert done.returncode == 2
    lines = error_lines(done)
    assert len(lines) == len(EXPECTED) == len(done.stderr.strip().splitlines()), done.stderr
    for line, (number, key) in zip(lines, EXPECTED, strict=True):
        assert line.startswith(f"monitor: error: {config}:{number}: {key}: "), line
    # run and poll stop at the first, in one line that says there are more
    for command in ("poll", "run"):
        other = invoke_monitor(command, "--config", str(config), "--db", str(tmp_path / "m.db"),
                               timeout=30)
        assert other.returncode == 2
        [line] = other.stderr.strip().splitlines()
        assert line.startswith(f"monitor: error: {config}:1: defaults.interval: ")
        assert line.endswith("(and 9 more errors: `monitor check` lists them all)")
    assert not (tmp_path / "m.db").exists()


# ---------------------------------------------------------------- warnings


@pytest.mark.parametrize(("text", "expected"), [
    ("", ["feeds: no feeds"]),
    ("# nothing yet\n", ["feeds: no feeds"]),
    ("feeds: []\nchannels:\n  screen: {type: console}\n",
     ["feeds: no feeds", "channels.screen: no watch notifies this channel"]),
    (GOOD_FEED.replace("}", ", tags: [world]}") + "watches:\n"
     "  - {name: sport, tags: [sport], notify: [screen]}\n"
     "  - {name: both, feeds: [world], tags: [ukraine], notify: [screen]}\n"
     "  - {name: fine, tags: [world], notify: [screen]}\n"
     "channels:\n  screen: {type: console}\n  spare: {type: console}\n",
     ["watches[0]: matches no feed (no feed has any of its tags)",
      "watches[1]: matches no feed (its feeds and tags together)",
      "channels.spare: no watch notifies this channel"]),
])
def test_check_warns_about_an_empty_config_a_watch_matching_no_feed_and_an_unused_channel(
        tmp_path, text: str, expected: list[str]) -> None:
    config = write(tmp_path / "feeds.yaml", text)
    done = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"))
    assert done.returncode == 0, done.stderr
    warnings = warning_lines(done)
    assert len(warnings) == len(expected), done.stderr
    for line, words in zip(warnings, expected, strict=True):
        assert line.startswith(f"monitor: warning: {config}") and words in line, line
    assert f"{len(expected)} warning" in done.stdout
    shown = json.loads(invoke_monitor("check", "--json", "--config", str(config), "--db",
                                      str(tmp_path / "m.db")).stdout)
    assert len(shown["warnings"]) == len(expected)


def test_a_clean_config_has_no_warning(tmp_path) -> None:
    config = write(tmp_path / "feeds.yaml", GOOD_FEED + "watches:\n  - {name: w, notify: "
                   "[screen]}\nchannels:\n  screen: {type: console}\n")
    done = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"))
    assert done.returncode == 0 and done.stderr == "", done.stderr


# ---------------------------------------------------------------- alert destinations


def _alert_config(tmp_path: Path, channel: str) -> Path:
    return write(tmp_path / "feeds.yaml", GOOD_FEED + "watches:\n  - {name: w, notify: [out]}\n"
                 f"channels:\n  out: {channel}\n")


def test_check_flags_a_webhook_to_loopback_without_allow_private_and_names_the_fix(
        tmp_path) -> None:
    """What check says is what happens: refused without allow_private (the real receiver
    never hears of it), delivered with it."""
    db = str(tmp_path / "m.db")
    with WebhookReceiver() as receiver:
        config = _alert_config(tmp_path, f"{{type: webhook, url: '{receiver.url}', "
                                         f"secret: {SECRET}}}")
        done = invoke_monitor("check", "--config", str(config), "--db", db)
        assert done.returncode == 2
        [line] = error_lines(done)
        assert line.startswith(f"monitor: error: {config}:6: channels.out.url: goes to a ")
        assert "loopback address" in line and "allow_private: true" in line
        tried = invoke_monitor("alerts", "--config", str(config), "--db", db, "test", "out")
        assert tried.returncode == 1 and "loopback" in tried.stderr
        assert not receiver.requests
        config = _alert_config(tmp_path, f"{{type: webhook, url: '{receiver.url}', "
                                         f"secret: {SECRET}, allow_private: true}}")
        assert invoke_monitor("check", "--config", str(config), "--db", db).returncode == 0
        tried = invoke_monitor("alerts", "--config", str(config), "--db", db, "test", "out")
        assert tried.returncode == 0, tried.stderr
        assert receiver.wait(1)


def test_check_flags_apprise_and_never_allowed_destinations(tmp_path) -> None:
    with HTTPTestServer() as server:
        server.route("/notify", body=b"{}")
        apprise = f"json://127.0.0.1:{server.port}/notify"
        cases = [
            (f"{{type: apprise, urls: ['{apprise}']}}", "urls[0] goes to a loopback address",
             "allow_private: true"),
            (f"{{type: webhook, url: 'http://0.0.0.0:{server.port}/', secret: {SECRET}, "
             "allow_private: true}", "unspecified address", "never allowed"),
            (f"{{type: webhook, url: 'http://169.254.169.254/latest', secret: {SECRET}}}",
             "link-local address", "never allowed"),
        ]
        for channel, what, fix in cases:
            config = _alert_config(tmp_path, channel)
            done = invoke_monitor("check", "--config", str(config), "--db", str(tmp_path / "m.db"))
            assert done.returncode == 2, (channel, done.stderr)
            [line] = error_lines(done)
            assert what in line and fix in line, line
        config = _alert_config(tmp_path, f"{{type: apprise, urls: ['{apprise}'], "
                                         "allow_private: true}")
        assert invoke_monitor("check", "--config", str(config), "--db",
                              str(tmp_path / "m.db")).returncode == 0


def test_check_masks_apprise_urls_like_environment_values(tmp_path) -> None:
    tokens = ["T0SECRET1", "B0SECRET2", "XXSECRET3", "SECRETPASS", "SECRETTOPIC"]
    config = _alert_config(tmp_path, "{type: apprise, urls: ['slack://T0SECRET1/B0SECRET2/"
                                     "XXSECRET3', 'json://user:SECRETPASS@1.1.1.1/x', "
                                     "'ntfy://ntfy.sh/SECRETTOPIC']}")
    for args in (["check"], ["check", "--json"]):
        done = invoke_monitor(*args, "--config", str(config), "--db", str(tmp_path / "m.db"))
        assert done.returncode == 0, done.stderr
        for token in tokens:
            assert token not in done.stdout + done.stderr, (args, done.stdout)
    assert "slack://***" in done.stdout and "ntfy://***" in done.stdout


# ---------------------------------------------------------------- --db folders


def test_a_mistyped_db_folder_is_an_error_not_a_new_store(tmp_path) -> None:
    config = write(tmp_path / "feeds.yaml", GOOD_FEED)
    missing = tmp_path / "mistyped" / "path" / "x.db"
    for args in (["poll"], ["run"], ["check"]):
        done = invoke_monitor(*args, "--config", str(config), "--db", str(missing), timeout=30)
        assert done.returncode == 2, (args, done.stderr)
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"monitor: error: {missing}: no such folder") and "--create" in line
    env = {**monitor_env(), "MONITOR_DB": str(missing)}
    done = invoke_monitor("poll", "--config", str(config), env=env)
    assert done.returncode == 2 and "no such folder" in done.stderr
    archive = write(tmp_path / "a.jsonl", json.dumps({"story_id": "s", "versions": [
        {"captured_at": "2026-01-01T00:00:00Z", "title": "T", "text": "Some text."}]}) + "\n")
    done = invoke_monitor("replay", str(archive), "--db", str(missing))
    assert done.returncode == 2 and "no such folder" in done.stderr
    assert not (tmp_path / "mistyped").exists()
    # --create makes it; a new file in an existing folder needs nothing
    done = run_monitor("poll", "--create", "--config", str(config), "--db", str(missing))
    assert missing.exists(), done.stderr
    done = run_monitor("poll", "--config", str(config), "--db", str(tmp_path / "new.db"))
    assert (tmp_path / "new.db").exists(), done.stderr


def test_the_default_db_folder_is_still_created(tmp_path) -> None:
    config = write(tmp_path / "feeds.yaml", GOOD_FEED)
    env = {k: v for k, v in monitor_env().items() if k != "MONITOR_DB"}
    done = subprocess.run([sys.executable, "-m", "monitor", "poll", "--config", str(config)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env,
                          stdin=subprocess.DEVNULL)
    assert (tmp_path / "db" / "monitor.db").exists(), done.stderr


# ---------------------------------------------------------------- replay with nothing valid


@pytest.mark.parametrize(("content", "first"), [
    ("not json\n{also not\n", "bad.jsonl:1: invalid JSON"),
    ('{"story_id": "s"}\n', "a story needs story_id and a list of versions"),
    ('{"story_id": "s", "versions": [{"captured_at": "whenever"}]}\n', "captured_at"),
    ("", "(empty)"),
])
def test_replay_of_a_file_with_no_valid_line_exits_non_zero_with_the_first_error(
        tmp_path, content: str, first: str) -> None:
    archive = tmp_path / "bad.jsonl"
    archive.write_text(content, encoding="utf-8")
    done = invoke_monitor("replay", str(archive), "--db", str(tmp_path / "r.db"))
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("monitor: error: nothing replayed: ") and first in last, last


def test_replay_with_some_valid_lines_still_succeeds(tmp_path) -> None:
    archive = tmp_path / "mixed.jsonl"
    archive.write_text("not json\n" + json.dumps({"story_id": "s", "versions": [
        {"captured_at": "2026-01-01T00:00:00Z", "title": "T", "text": "Some text."}]}) + "\n",
        encoding="utf-8")
    done = invoke_monitor("replay", str(archive), "--db", str(tmp_path / "r.db"))
    assert done.returncode == 0, done.stderr
    assert "monitor: skipped mixed.jsonl:1: invalid JSON" in done.stderr
