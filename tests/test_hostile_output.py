"""C1 controls and bidirectional overrides from feeds never reach a terminal (issue 11,
item 9): a real feed server, `monitor poll` with a console alert, then every reading
command as a subprocess; human output strips them, --json escapes them."""

from __future__ import annotations

import json
import re

from tests.support.inprocess import invoke_monitor
from tests.support.polling import JSON_FEED, Item, json_feed, run_monitor, write_config

# C1 CSI (U+009B "2J" clears the screen on terminals that read C1), NEL, OSC, the
# right-to-left override and pop, an isolate, DEL, and a plain ESC sequence.
NASTY = "\x9b2J\x85\x9d0;pwned\x9c\u202eevil\u202c\u2066iso\u2069\x7f\x1b[2J"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
TITLE = f"Mines {NASTY} row"
V1 = (f"The United States has authorised mines for Ukraine, to be used only within "
      f"Ukrainian territory{NASTY} and away from populated areas, officials said on Tuesday.")
V2 = V1.replace("only within Ukrainian territory", "within Ukrainian and Russian territory")


def _forbidden(text: str) -> list[str]:
    """Forbidden characters in ``text``, ESC opening a colour code excepted (NO_COLOR is
    set for these runs, so there is none)."""
    return FORBIDDEN.findall(text)


def test_c1_controls_and_bidi_overrides_never_reach_the_terminal_and_json_escapes_them(
        http_server, tmp_path) -> None:
    db = str(tmp_path / "m.db")
    config = write_config(tmp_path / "feeds.yaml",
                          [{"name": "world", "url": http_server.url("/feed.xml")}],
                          extra="watches:\n  - {name: all, notify: [screen]}\n"
                                "channels:\n  screen: {type: console}\n")
    http_server.route("/feed.xml", headers=JSON_FEED,
                      body=json_feed([Item("mines", TITLE, V1, "http://127.0.0.1/a")]))
    first = run_monitor("poll", "-vv", "--config", str(config), "--db", db)
    http_server.route("/feed.xml", headers=JSON_FEED,
                      body=json_feed([Item("mines", TITLE, V2, "http://127.0.0.1/a")]))
    second = run_monitor("poll", "-vv", "--config", str(config), "--db", db)
    assert second.returncode == 0, second.stderr
    assert "Condition changed" in second.stdout  # the console alert went out
    (tmp_path / "old.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "new.txt").write_text(V2, encoding="utf-8")

    human = [first, second]
    for args in (["stories"], ["history", "1"], ["history", "1", "--text"],
                 ["history", "1", "--facts"], ["feeds", "--config", str(config)],
                 ["alerts"], ["alerts", "show", "1"], ["diff", "1"]):
        shown = invoke_monitor(args[0], "--db", db, *args[1:])
        assert shown.returncode == 0, (args, shown.stderr)
        human.append(shown)
    files = invoke_monitor("diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"))
    assert files.returncode == 0 and "condition changed" in files.stdout, files.stderr
    human.append(files)
    for result in human:
        assert not _forbidden(result.stdout), (result.args, _forbidden(result.stdout))
        assert not _forbidden(result.stderr), (result.args, _forbidden(result.stderr))
    assert "Mines 2J 0;pwnedeviliso [2J row" in human[2].stdout  # what is left is shown

    for args in (["stories", "--json"], ["history", "1", "--json"], ["alerts", "--json"],
                 ["diff", "1", "--json"], ["feeds", "--json", "--config", str(config)]):
        shown = invoke_monitor(args[0], "--db", db, *args[1:])
        assert shown.returncode == 0, (args, shown.stderr)
        assert not _forbidden(shown.stdout), (args, _forbidden(shown.stdout))
        json.loads(shown.stdout)
    stories = json.loads(invoke_monitor("stories", "--json", "--db", db).stdout)
    assert "\u202e" in stories[0]["title"] and "\x9b" in stories[0]["title"]
    assert "\\u009b" in invoke_monitor("stories", "--json", "--db", db).stdout
