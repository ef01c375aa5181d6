"""The CLI's conventions (issue 15): --config/--db/--json anywhere on the line, bare
`monitor`, one-line usage errors, no silent truncation, `stories --changed/--feed`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.cli import hoist_global_options
from tests.support import webhook
from tests.support.inprocess import invoke_monitor
from tests.support.outbox import make_config
from tests.support.polling import monitor_env, run_monitor
from tests.support.web import ENV, WebStore, build
from tests.support.webhook import SECRET

webhook_receiver = webhook.webhook_receiver


@pytest.fixture
def web(tmp_path: Path) -> WebStore:
    return build(tmp_path / "m.db")


def mon(folder: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = invoke_monitor(*args, cwd=folder, env=monitor_env(**ENV))
    assert done.returncode == code, (done.stdout, done.stderr)
    return done


# ---------------------------------------------------------------- options anywhere


def test_hoisting_moves_options_to_the_command_that_takes_them():
    env: dict[str, str] = {}
    assert hoist_global_options(["alerts", "test", "hook", "--config", "F"], env) == [
        "alerts", "--config", "F", "test", "hook"]
    assert hoist_global_options(["--db=x.db", "feeds", "--json"], env) == [
        "feeds", "--json", "--db", "x.db"]
    # stories has no use for a config: accepted, handed over as $MONITOR_CONFIG
    assert hoist_global_options(["--config", "F", "stories"], env) == ["stories"]
    assert env == {"MONITOR_CONFIG": "F"}
    # --json goes to the deepest command taking it; `--` ends the options
    assert hoist_global_options(["--json", "alerts", "show", "3"], {}) == [
        "alerts", "show", "--json", "3"]
    assert hoist_global_options(["mute", "--", "--json"], {}) == ["mute", "--", "--json"]
    assert hoist_global_options(["--json"], {}) == ["--json"]  # no command: click decides


def test_db_config_and_json_before_or_after_the_command(web: WebStore):
    folder = web.path.parent
    db, config = str(web.path), str(web.config_path)
    lines = [
        ["--db", db, "--json", "stories"],
        ["stories", "--db", db, "--json"],
        ["--config", config, "stories", "--json", "--db", db],
        ["stories", "--config", config, "--db", db, "--json"],
    ]
    outputs = [json.loads(mon(folder, *line).stdout) for line in lines]
    assert all(out == outputs[0] for out in outputs) and len(outputs[0]) == 3
    feeds = json.loads(mon(folder, "--json", "feeds", "--db", db, "--config", config).stdout)
    assert {f["name"] for f in feeds} == {"world", "wire"}
    assert json.loads(mon(folder, "--json", "--db", db, "alerts", "show", str(web.dead)
                          ).stdout)["id"] == web.dead


def test_alerts_test_hook_with_config_at_the_end(tmp_path: Path, webhook_receiver):
    os.environ["HOOK_TOKEN"] = "t0k3n-for-conventions"
    make_config(tmp_path, f"""
channels:
  hook: {{type: webhook, url: "http://127.0.0.1:{webhook_receiver.port}/hook",
         secret: {SECRET}, allow_private: true}}
watches:
  - {{name: everything, notify: [hook]}}
""")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "monitor", "alerts", "test", "hook", "--config",
         str(tmp_path / "feeds.yaml"), "--db", str(tmp_path / "monitor.db")],
        capture_output=True, text=True, timeout=60, cwd=elsewhere, env=monitor_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sent via hook: webhook http://127.0.0.1:")


# ---------------------------------------------------------------- help and usage errors


def test_bare_monitor_prints_help_and_exits_0(tmp_path: Path):
    done = mon(tmp_path)
    assert done.stdout.startswith("Usage: monitor") and "Commands:" in done.stdout
    assert "mute" in done.stdout and "prune" in done.stdout and "changes" in done.stdout


@pytest.mark.parametrize("args", [
    ["stories", "--bogus"], ["nosuch"], ["mute"], ["prune", "--older-than", "soon"],
    ["stories", "--limit", "-3"], ["changes", "--format", "rss"],
])
def test_a_usage_error_is_one_line_and_a_hint_exit_2(tmp_path: Path, args: list[str]):
    done = mon(tmp_path, *args, code=2)
    lines = done.stderr.splitlines()
    assert len(lines) <= 2 and lines[0].startswith("monitor") and "error: " in lines[0]
    assert "Traceback" not in done.stderr and done.stdout == ""


# ---------------------------------------------------------------- no silent truncation


def test_json_is_complete_and_the_table_says_how_many_are_shown(tmp_path: Path):
    from monitor.models import Entry
    from monitor.pipeline import Pipeline
    from monitor.store import Store, utcnow

    web = build(tmp_path / "m.db")
    with Store.open(web.path) as store:
        pipeline = Pipeline(web.config, store)
        for i in range(60):
            pipeline.ingest("wire", Entry(guid=f"n{i}", link=None, title=f"Story {i}",
                                          text=f"Officials said {i} people met."), now=utcnow())
    db = str(web.path)
    rows = json.loads(mon(tmp_path, "stories", "--json", "--db", db).stdout)
    assert len(rows) == 63
    assert len(json.loads(mon(tmp_path, "stories", "--json", "--limit", "5", "--db", db
                              ).stdout)) == 5
    table = mon(tmp_path, "stories", "--db", db).stdout
    assert "50 of 63 shown; --limit 0 for all" in table
    full = mon(tmp_path, "stories", "--limit", "0", "--db", db).stdout
    assert "shown" not in full and len(full.splitlines()) == 64


# ---------------------------------------------------------------- stories filters


def test_stories_changed_means_at_least_one_fact_change(web: WebStore):
    import sqlite3

    with sqlite3.connect(web.path) as conn:  # a reworded version, no fact changed
        conn.execute("UPDATE stories SET version_count = 2 WHERE id = ?", [web.talks])
    rows = json.loads(mon(web.path.parent, "stories", "--changed", "--json", "--db",
                          str(web.path)).stdout)
    assert sorted(r["id"] for r in rows) == sorted([web.mines, web.hostile])
    assert all(r["changes"] >= 1 for r in rows)


def test_stories_feed_nosuch_is_an_error_naming_the_feed(web: WebStore):
    done = mon(web.path.parent, "stories", "--feed", "NOSUCH", "--db", str(web.path), code=2)
    assert "NOSUCH" in done.stderr and "no stories yet" not in done.stdout
    rows = json.loads(mon(web.path.parent, "stories", "--feed", "wire", "--json", "--db",
                          str(web.path)).stdout)
    assert {r["feed"] for r in rows} == {"wire"}




def test_shell_completion_as_the_readme_documents_it(tmp_path: Path):
    env = monitor_env(_MONITOR_COMPLETE="bash_complete", COMP_WORDS="monitor mu",
                      COMP_CWORD="1")
    done = run_monitor(cwd=tmp_path, env=env)
    assert done.returncode == 0 and "plain,mute" in done.stdout.splitlines()
    env.update(COMP_WORDS="monitor prune --ol", COMP_CWORD="2")
    assert "plain,--older-than" in run_monitor(cwd=tmp_path, env=env).stdout.splitlines()
    source = run_monitor(cwd=tmp_path, env=monitor_env(_MONITOR_COMPLETE="bash_source"))
    assert "_monitor_completion" in source.stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "_MONITOR_COMPLETE=bash_source monitor" in readme


def test_stories_of_a_configured_feed_not_polled_yet(web: WebStore, tmp_path: Path):
    config = tmp_path / "more.yaml"
    config.write_text("feeds:\n  - name: fresh\n    url: http://127.0.0.1:9/f.xml\n")
    config.chmod(0o600)
    done = mon(web.path.parent, "stories", "--feed", "fresh", "--config", str(config),
               "--db", str(web.path))
    assert "feed fresh has not been polled" in done.stdout
    err = mon(web.path.parent, "changes", "--feed", "NOSUCH", "--config", str(config),
              "--db", str(web.path), code=2).stderr
    assert "NOSUCH" in err and "fresh" in err and "world" in err
