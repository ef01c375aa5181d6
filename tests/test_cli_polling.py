"""`monitor poll` and `monitor check` as a user runs them (subprocesses)."""

from __future__ import annotations

import json

import pytest

from tests.support.inprocess import invoke_monitor
from tests.support.polling import (
    MINES,
    RSS,
    Item,
    db_rows,
    monitor_env,
    rss,
    run_monitor,
    start_monitor,
    write_config,
)

FEED = rss([Item("g1", "Mines for Ukraine", MINES)])


@pytest.fixture
def setup(http_server, tmp_path):
    http_server.route("/good.xml", body=FEED, headers=RSS, etag=True)
    http_server.route("/broken.xml", status=500, body=b"down")
    http_server.route("/busy.xml", status=429, headers={"Retry-After": "3600"})
    return http_server, tmp_path


def test_poll_exit_0_when_every_feed_was_polled(setup):
    server, tmp = setup
    config = write_config(tmp / "feeds.yaml", [{"name": "good", "url": server.url("/good.xml")}])
    done = invoke_monitor("poll", "--config", str(config), "--db", str(tmp / "m.db"))
    assert done.returncode == 0, done.stderr
    assert "good" in done.stdout and "1 feeds: 1 ok, 0 failed" in done.stdout
    again = invoke_monitor("poll", "--config", str(config), "--db", str(tmp / "m.db"), "--json")
    assert again.returncode == 0
    outcome = json.loads(again.stdout)[0]
    assert outcome["feed"] == "good" and outcome["status"] == 304


def test_poll_exit_1_when_a_feed_failed_but_the_others_are_stored(setup):
    server, tmp = setup
    config = write_config(tmp / "feeds.yaml", [
        {"name": "good", "url": server.url("/good.xml")},
        {"name": "broken", "url": server.url("/broken.xml")},
    ])
    done = invoke_monitor("poll", "--config", str(config), "--db", str(tmp / "m.db"), "--json")
    assert done.returncode == 1
    outcomes = {o["feed"]: o for o in json.loads(done.stdout)}
    assert outcomes["good"]["new_stories"] == 1 and outcomes["good"]["error"] is None
    assert outcomes["broken"]["status"] == 500 and "500" in outcomes["broken"]["error"]
    assert db_rows(tmp / "m.db", "SELECT count(*) FROM stories") == [(1,)]
    assert "Traceback" not in done.stderr


def test_poll_reports_feeds_told_to_wait_as_skipped(setup):
    server, tmp = setup
    config = write_config(tmp / "feeds.yaml", [
        {"name": "good", "url": server.url("/good.xml")},
        {"name": "busy", "url": server.url("/busy.xml")},
    ])
    db = str(tmp / "m.db")
    first = invoke_monitor("poll", "--config", str(config), "--db", db)
    assert first.returncode == 1 and "429" in first.stdout
    second = invoke_monitor("poll", "--config", str(config), "--db", db)
    assert second.returncode == 0, second.stdout
    assert "skipped (Retry-After)" in second.stdout
    assert len(server.requests_to("/busy.xml")) == 1


def test_poll_due_only_polls_feeds_whose_time_has_come(setup):
    server, tmp = setup
    config = write_config(tmp / "feeds.yaml", [{"name": "good", "url": server.url("/good.xml")}])
    db = str(tmp / "m.db")
    assert invoke_monitor("poll", "--config", str(config), "--db", db).returncode == 0
    due = invoke_monitor("poll", "--due", "--config", str(config), "--db", db, "--json")
    assert due.returncode == 0 and json.loads(due.stdout) == []
    assert len(server.requests_to("/good.xml")) == 1


def test_poll_one_named_feed_and_an_unknown_name(setup):
    server, tmp = setup
    config = write_config(tmp / "feeds.yaml", [
        {"name": "good", "url": server.url("/good.xml")},
        {"name": "broken", "url": server.url("/broken.xml")},
    ])
    done = invoke_monitor("poll", "--feed", "good", "--config", str(config),
                          "--db", str(tmp / "m.db"), "--json")
    assert done.returncode == 0 and [o["feed"] for o in json.loads(done.stdout)] == ["good"]
    unknown = invoke_monitor("poll", "--feed", "nope", "--config", str(config),
                             "--db", str(tmp / "m.db"))
    assert unknown.returncode == 2 and "no feed named 'nope'" in unknown.stderr


def test_config_and_store_found_through_the_environment(setup):
    server, tmp = setup
    config = write_config(tmp / "elsewhere.yaml", [{"name": "good",
                                                    "url": server.url("/good.xml")}])
    env = monitor_env(MONITOR_CONFIG=str(config), MONITOR_DB=str(tmp / "env.db"))
    done = run_monitor("poll", cwd=tmp, env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp / "env.db").exists()


def test_default_store_is_db_monitor_db_created_with_its_folder(setup):
    server, tmp = setup
    write_config(tmp / "feeds.yaml", [{"name": "good", "url": server.url("/good.xml")}])
    done = run_monitor("poll", cwd=tmp)
    assert done.returncode == 0, done.stderr
    assert (tmp / "db" / "monitor.db").exists()


# ---------------------------------------------------------------- check


@pytest.mark.parametrize("broken, expected", [
    ("    colour: red\n", "feeds.yaml:4: feeds[0].colour: unknown key"),
    ("    interval: often\n", "feeds.yaml:4: feeds[0].interval:"),
    ("  - name: good\n    url: http://127.0.0.1/x\n",
     "feeds.yaml:4: feeds[1].name: duplicate feed name 'good'"),
    ("    tags: [a\n", "feeds.yaml:"),
])
def test_check_reports_one_line_with_file_line_key_and_exits_2(tmp_path, broken, expected):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - name: good\n    url: http://127.0.0.1/feed\n" + broken)
    path.chmod(0o600)
    done = invoke_monitor("check", "--config", str(path), "--db", str(tmp_path / "m.db"),
                          cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "m.db").exists()


def test_check_summarises_with_secrets_masked(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("""\
feeds:
  - name: good
    url: http://127.0.0.1/feed?token=${FEED_TOKEN}
channels:
  hook:
    type: webhook
    url: https://hooks.example.org/x?key=${HOOK_KEY}
    secret: ${HOOK_SECRET}
watches:
  - name: mines
    keywords: [mines]
    notify: [hook]
""")
    path.chmod(0o600)
    secrets = {"FEED_TOKEN": "feedtok-123456", "HOOK_KEY": "hookkey-987654",
               "HOOK_SECRET": "whsec_c2VjcmV0c2VjcmV0c2VjcmV0"}
    done = invoke_monitor("check", "--config", str(path), "--db", str(tmp_path / "m.db"),
                          env=monitor_env(**secrets))
    assert done.returncode == 0, done.stderr
    assert "1 feeds, 1 watches, 1 channels" in done.stdout
    as_json = invoke_monitor("check", "--json", "--config", str(path), "--db",
                             str(tmp_path / "m.db"), env=monitor_env(**secrets))
    assert json.loads(as_json.stdout)["channels"][0]["type"] == "webhook"
    for value in secrets.values():
        assert value not in done.stdout + done.stderr + as_json.stdout


def test_check_refuses_a_world_writable_config_holding_secrets(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - name: good\n    url: http://127.0.0.1/feed?token=${TOK}\n")
    path.chmod(0o666)
    done = invoke_monitor("check", "--config", str(path), env=monitor_env(TOK="abcdefgh"))
    assert done.returncode == 2 and "other users can write" in done.stderr


def test_check_refuses_a_store_that_is_not_ours(tmp_path):
    import sqlite3

    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    config = write_config(tmp_path / "feeds.yaml", [{"name": "a", "url": "http://127.0.0.1/"}])
    done = invoke_monitor("check", "--config", str(config), "--db", str(db))
    assert done.returncode == 2 and "not a monitor database" in done.stderr


def test_run_with_invalid_config_exits_2_at_once(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - name: a\n    url: nope\n")
    done = run_monitor("run", "--config", str(path), "--db", str(tmp_path / "m.db"), timeout=20)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"monitor: error: {path}:3: feeds[0].url: expected an http:// or https:// URL")


def test_secrets_never_appear_in_logs_errors_or_status(http_server, tmp_path):
    http_server.route("/private.xml", status=401, body=b"who are you")
    http_server.route("/feeds/pathkey-7777777/rss", body=FEED, headers=RSS)
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - name: private\n"
                    f"    url: http://user:{'${FEED_PASS}'}@127.0.0.1:{http_server.port}"
                    f"/private.xml?token=${{FEED_TOKEN}}\n"
                    f"  - name: path-secret\n"
                    f"    url: http://127.0.0.1:{http_server.port}/feeds/${{PATH_KEY}}/rss\n")
    path.chmod(0o600)
    env = monitor_env(FEED_PASS="hunter2-password", FEED_TOKEN="tok-abcdef123456",
                      PATH_KEY="pathkey-7777777")
    db = str(tmp_path / "m.db")
    outputs = []
    for args in (["poll", "-vv"], ["poll", "--json"], ["feeds"], ["feeds", "--json"],
                 ["check"], ["check", "--json"]):
        done = run_monitor(*args, "--config", str(path), "--db", db, env=env)
        outputs.append(done.stdout + done.stderr)
    joined = "\n".join(outputs)
    assert "401" in joined
    for secret in ("hunter2-password", "tok-abcdef123456", "pathkey-7777777"):
        assert secret not in joined


@pytest.mark.slow
def test_two_overlapping_polls_store_each_story_once(http_server, tmp_path):
    items = [Item(f"g{i}", f"Story {i}", f"Officials in town {i} said the bridge {i * 3} "
                  f"would reopen in {i % 5 + 1} weeks after repairs.") for i in range(150)]
    feeds = []
    for f in range(6):
        http_server.route(f"/f{f}.xml", body=rss(items), headers=RSS)
        feeds.append({"name": f"feed{f}", "url": http_server.url(f"/f{f}.xml")})
    config = write_config(tmp_path / "feeds.yaml", feeds)
    db = tmp_path / "m.db"
    procs = [start_monitor("poll", "--config", str(config), "--db", str(db), "--json")
             for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert db_rows(db, "SELECT count(*) FROM stories") == [(900,)]
    assert db_rows(db, "SELECT count(*) FROM versions") == [(900,)]
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_the_store_never_holds_a_feed_secret(http_server, tmp_path):
    http_server.route("/feeds/pathkey-7777777/rss", body=FEED, headers=RSS)
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - name: p\n    url: http://127.0.0.1:{http_server.port}"
                    f"/feeds/${{PATH_KEY}}/rss?api_key=${{API_KEY}}\n")
    path.chmod(0o600)
    env = monitor_env(PATH_KEY="pathkey-7777777", API_KEY="apikey-55555555")
    done = run_monitor("poll", "--config", str(path), "--db", str(tmp_path / "m.db"), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    raw = b"".join(f.read_bytes() for f in tmp_path.glob("m.db*"))
    assert b"pathkey-7777777" not in raw and b"apikey-55555555" not in raw
    assert db_rows(tmp_path / "m.db", "SELECT count(*) FROM stories") == [(1,)]


def test_poll_json_stays_parseable_when_console_alerts_fire(http_server, tmp_path):
    """Console alerts go to stderr under --json, so stdout is pure JSON for scripts."""
    http_server.route("/f.xml", body=rss([Item("g1", "Mines for Ukraine", MINES)]), headers=RSS)
    config = write_config(tmp_path / "feeds.yaml",
                          [{"name": "f", "url": http_server.url("/f.xml")}])
    db = str(tmp_path / "m.db")
    assert run_monitor("poll", "--config", str(config), "--db", db).returncode == 0
    edited = MINES.replace("only within Ukrainian territory and away from populated areas",
                           "anywhere in Ukraine")
    http_server.route("/f.xml", body=rss([Item("g1", "Mines for Ukraine", edited)]), headers=RSS)
    done = run_monitor("poll", "--config", str(config), "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["changes"] >= 1
    assert "[console]" in done.stderr or "Mines for Ukraine" in done.stderr
