"""Hardening (issue 7, section 5): the config file.  Unknown keys and wrong types in every
section are one line naming file:line and the key, from `parse_config` and from
`monitor check` / `monitor run` (exit 2); a file others can write is refused while it holds
secrets of any kind (${VAR} values, channel passwords, credentials written into URLs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.config import load_config, parse_config
from monitor.errors import ConfigError
from tests.support.inprocess import invoke_monitor
from tests.support.polling import monitor_env

BASE = """\
defaults:
  interval: 10m
feeds:
  - name: world
    url: https://news.example.org/world.xml
watches:
  - name: mines
    keywords: [mines]
    notify: [hook]
channels:
  hook:
    type: webhook
    url: https://hooks.example.org/in
    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
delivery:
  max_attempts: 5
"""

# (replace this, with that) -> the start of the one-line error
CASES = [
    (("  interval: 10m", "  interval: 10m\n  colour: red"), "cfg.yaml:3: defaults.colour"),
    (("  interval: 10m", "  interval: [10m]"), "cfg.yaml:2: defaults.interval"),
    (("    url: https://news.example.org/world.xml",
      "    url: https://news.example.org/world.xml\n    priority: 1"),
     "cfg.yaml:6: feeds[0].priority"),
    (("    url: https://news.example.org/world.xml", "    url: 42"), "cfg.yaml:5: feeds[0].url"),
    (("  - name: world", "  - name: world\n    full_text: maybe"),
     "cfg.yaml:5: feeds[0].full_text"),
    (("    keywords: [mines]", "    keywords: [mines]\n    when: always"),
     "cfg.yaml:9: watches[0].when"),
    (("    keywords: [mines]", "    keywords: 7"), "cfg.yaml:8: watches[0].keywords"),
    (("    notify: [hook]", "    notify: [pager]"), "cfg.yaml:9: watches[0].notify[0]"),
    (("    type: webhook", "    type: webhook\n    retries: 3"),
     "cfg.yaml:13: channels.hook.retries"),
    (("    type: webhook", "    type: carrier-pigeon"), "cfg.yaml:12: channels.hook.type"),
    (("  max_attempts: 5", "  max_attempts: five"), "cfg.yaml:16: delivery.max_attempts"),
    (("  max_attempts: 5", "  max_attempts: 5\n  speed: 9"), "cfg.yaml:17: delivery.speed"),
    (("delivery:", "deliveries:"), "cfg.yaml:15: deliveries"),
    (("watches:\n  - name: mines\n    keywords: [mines]\n    notify: [hook]\n",
      "watches: mines\n"), "cfg.yaml:6: watches"),
]


@pytest.mark.parametrize(("edit", "expected"), CASES, ids=[c[1].split(": ")[1] for c in CASES])
def test_unknown_keys_and_wrong_types_are_one_line_with_file_line_and_key(edit, expected):
    text = BASE.replace(*edit, 1)
    assert text != BASE
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "cfg.yaml")
    message = str(caught.value)
    assert message.startswith(expected + ":"), message
    assert "\n" not in message
    assert "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" not in message


@pytest.mark.parametrize("command", [["check"], ["run"], ["poll"]])
def test_monitor_commands_report_a_bad_key_as_one_line_and_exit_2(tmp_path, command):
    path = tmp_path / "feeds.yaml"
    path.write_text(BASE.replace("  max_attempts: 5", "  max_attempts: 5\n  speed: 9"))
    path.chmod(0o600)
    done = invoke_monitor(*command, "--config", str(path), "--db", str(tmp_path / "m.db"),
                          timeout=30)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{path}:17: delivery.speed" in lines[0], done.stderr
    assert "Traceback" not in done.stderr


WRITABLE_WITH_SECRETS = {
    "env-substitution": ("    url: https://news.example.org/world.xml",
                         "    url: https://news.example.org/${FEED_PATH}/world.xml"),
    "channel-secret": ("", ""),
    "smtp-password": ("""  hook:
    type: webhook
    url: https://hooks.example.org/in
    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
""", """  hook:
    type: email
    host: smtp.example.org
    from: m@example.org
    to: [d@example.org]
    username: desk
    password: hunter2-hunter2
"""),
    "feed-url-token": ("    url: https://news.example.org/world.xml",
                       "    url: https://news.example.org/world.xml?token=abcdef123456"),
    "feed-url-password": ("    url: https://news.example.org/world.xml",
                          "    url: https://reader:pa55word@news.example.org/world.xml"),
}
NO_CHANNELS = BASE.split("watches:")[0]


@pytest.mark.parametrize("name", list(WRITABLE_WITH_SECRETS))
@pytest.mark.parametrize("mode", [0o666, 0o620])
def test_a_config_others_can_write_is_refused_while_it_holds_any_secret(
        tmp_path, monkeypatch, name, mode):
    monkeypatch.setenv("FEED_PATH", "private-path-123456")
    old, new = WRITABLE_WITH_SECRETS[name]
    base = NO_CHANNELS if name.startswith(("feed-url", "env")) else BASE
    text = base.replace(old, new, 1) if old else base
    path = tmp_path / "feeds.yaml"
    path.write_text(text)
    os.chmod(path, mode)
    with pytest.raises(ConfigError, match="other users can write") as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))
    done = invoke_monitor("check", "--config", str(path), "--db", str(tmp_path / "m.db"),
                          env=monitor_env(FEED_PATH="private-path-123456"))
    assert done.returncode == 2 and "other users can write" in done.stderr
    os.chmod(path, 0o600)
    assert load_config(path).feeds[0].name == "world"


def test_a_config_others_can_write_without_secrets_is_read(tmp_path: Path):
    path = tmp_path / "feeds.yaml"
    path.write_text(NO_CHANNELS)
    os.chmod(path, 0o666)
    assert load_config(path).feeds[0].name == "world"
