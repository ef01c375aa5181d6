"""Which store a command opens: --db, $MONITOR_DB, then `store:` in feeds.yaml, then
db/monitor.db; a postgresql:// URL is PostgreSQL, a path is SQLite as before.  Real
`monitor` subprocesses against a loopback feed and the real PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.config import parse_config, store_setting
from monitor.errors import ConfigError
from tests.support import pg
from tests.support.httpserver import HTTPTestServer
from tests.support.inprocess import invoke_monitor
from tests.support.polling import MINES, RSS, Item, monitor_env, rss, run_monitor, write_config


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg.fresh_schema() as url:
        yield url


@pytest.fixture
def desk(tmp_path: Path, http_server: HTTPTestServer) -> Path:
    http_server.route("/feed.xml", headers=RSS, body=rss([
        Item("mines-1", "US authorises mines for Ukraine", MINES, "http://127.0.0.1/m")]))
    write_config(tmp_path / "feeds.yaml", [{"name": "world", "url": http_server.url("/feed.xml")}])
    return tmp_path


def stories(desk: Path, *args: str, **env: str) -> list[dict[str, object]]:
    done = invoke_monitor("stories", "--json", *args, cwd=desk, env=monitor_env(**env))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_db_option_and_environment_select_postgres(desk: Path, pg_url: str) -> None:
    done = run_monitor("poll", "-q", "--db", pg_url, cwd=desk)
    assert done.returncode == 0, done.stderr
    assert not (desk / "db").exists()  # no SQLite file was made anywhere
    assert [s["feed"] for s in stories(desk, "--db", pg_url)] == ["world"]
    assert [s["feed"] for s in stories(desk, MONITOR_DB=pg_url)] == ["world"]
    default = invoke_monitor("stories", cwd=desk)  # the default store is still db/monitor.db
    assert default.returncode == 2 and "db/monitor.db: no such store" in default.stderr


def test_store_in_feeds_yaml_selects_postgres(desk: Path, pg_url: str) -> None:
    config = desk / "feeds.yaml"
    config.write_text("store: ${DESK_STORE}\n" + config.read_text(), encoding="utf-8")
    done = run_monitor("poll", "-q", cwd=desk, env=monitor_env(DESK_STORE=pg_url))
    assert done.returncode == 0, done.stderr
    assert [s["feed"] for s in stories(desk, DESK_STORE=pg_url)] == ["world"]
    checked = invoke_monitor("check", cwd=desk, env=monitor_env(DESK_STORE=pg_url))
    assert checked.returncode == 0, checked.stderr
    assert "1 stories" in checked.stdout and "root" not in checked.stdout
    assert not (desk / "db").exists()
    # --db wins over store:
    other = invoke_monitor("stories", "--db", str(desk / "other.db"), cwd=desk,
                           env=monitor_env(DESK_STORE=pg_url))
    assert other.returncode == 2 and "other.db: no such store" in other.stderr
    unset = invoke_monitor("stories", cwd=desk)
    assert unset.returncode == 2 and "DESK_STORE is not set" in unset.stderr


def test_store_setting_is_read_and_checked(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "feeds.yaml"
    config.write_text("store: postgresql://desk:s3cret@db.example.org/monitor\nfeeds: []\n")
    assert store_setting(config) == "postgresql://desk:s3cret@db.example.org/monitor"
    parsed = parse_config(config.read_text(), str(config))
    assert parsed.store == "postgresql://desk:s3cret@db.example.org/monitor"
    assert "s3cret" in parsed.secrets  # masked wherever output shows it
    monkeypatch.setenv("DB_FILE", str(tmp_path / "x.db"))
    config.write_text("store: ${DB_FILE}\nfeeds: []\n")
    assert store_setting(config) == str(tmp_path / "x.db")
    config.write_text("store: ${NOT_SET_ANYWHERE}\nfeeds: []\n")
    with pytest.raises(ConfigError, match="NOT_SET_ANYWHERE"):
        store_setting(config)
    config.write_text("feeds: []\n")
    assert store_setting(config) is None
    with pytest.raises(ConfigError, match="store"):
        parse_config("store: [1, 2]\nfeeds: []\n", "feeds.yaml")


def test_a_path_is_still_sqlite(desk: Path) -> None:
    done = run_monitor("poll", "-q", "--db", str(desk / "desk.db"), cwd=desk)
    assert done.returncode == 0, done.stderr
    assert (desk / "desk.db").is_file()
    assert len(stories(desk, "--db", str(desk / "desk.db"))) == 1


def test_run_on_a_postgres_server_that_does_not_answer_is_one_line(desk: Path) -> None:
    """`monitor run` on a postgresql:// URL is a worker (tests/test_workers.py); a server
    that is not there is one line, exit 2, and no file named after the URL."""
    from tests.support import refused_port

    url = f"postgresql://root@127.0.0.1:{refused_port()}/test"
    done = run_monitor("run", "--db", url, cwd=desk)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "cannot connect" in done.stderr
    assert not (desk / "postgresql:").exists()


def test_replay_into_postgres_never_shows_the_password(tmp_path: Path, pg_url: str) -> None:
    archive = tmp_path / "stories.jsonl"
    archive.write_text(json.dumps({
        "story_id": "mines-1", "source": "world", "url": "http://127.0.0.1/m",
        "versions": [
            {"captured_at": "2026-03-03T10:00:00Z", "title": "Mines", "text": MINES},
            {"captured_at": "2026-03-03T11:00:00Z", "title": "Mines",
             "text": MINES.replace("away from populated areas", "near the front line")}]}) + "\n")
    with_password = pg_url.replace("root@", "root:hunter2@")  # trust auth ignores it
    done = run_monitor("replay", str(archive), "--db", with_password, "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "hunter2" not in done.stdout + done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["type"] == "summary" and "***" in summary["store"]
    assert [s["feed"] for s in stories(tmp_path, "--db", pg_url)] == ["world"]
