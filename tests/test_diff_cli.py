"""`monitor diff`: files, stored versions, batch pairs, output formats, exit codes."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.cli.diff import _differing
from monitor.errors import InputError, NotFoundError

pytestmark = pytest.mark.timeout(60)

TITLE = "US authorizes antipersonnel land mines for Ukraine, official says"
OLD_TEXT = ("Updated 5 minutes ago\n\nThe conflict has now lasted 1,000 days, a U.S. official "
            "said.\n\nThe mines are to be used exclusively within Ukrainian territory.")
NEW_TEXT = ("Updated 1 hour ago\n\nThe conflict has now lasted 1,001 days, a US official said."
            "\n\nAdvertisements\n\nThe mines are to be used within Ukrainian territory.")
PUBLISHED = "2024-11-20T06:00:00Z"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["diff", *args], env={"NO_COLOR": "1", **(env or {})})


@pytest.fixture
def json_files(tmp_path: Path) -> tuple[str, str]:
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    old.write_text(json.dumps({"title": TITLE, "text": OLD_TEXT, "published": PUBLISHED}))
    new.write_text(json.dumps({"title": TITLE, "text": NEW_TEXT, "published": PUBLISHED}))
    return str(old), str(new)


def test_json_output_contract(json_files: tuple[str, str]) -> None:
    result = run(*json_files, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"changes", "cosmetic"}
    assert data["cosmetic"] >= 2  # update stamps, the ad line, "US"
    kinds = sorted((c["kind"], c["action"]) for c in data["changes"])
    assert kinds == [("condition", "changed"), ("number", "changed")]
    for change in data["changes"]:
        assert set(change) == {"kind", "action", "old", "new", "old_sentence", "new_sentence",
                               "severity"}
    number = next(c for c in data["changes"] if c["kind"] == "number")
    assert (number["old"], number["new"], number["severity"]) == (
        "lasted 1,000 days", "lasted 1,001 days", "high")


def test_human_output_groups_by_severity_and_marks_words(json_files: tuple[str, str]) -> None:
    result = run(*json_files)
    assert result.exit_code == 0
    out = result.output
    assert "2 fact changes (2 high)" in out
    assert "HIGH" in out and "number changed: lasted 1,000 days -> lasted 1,001 days" in out
    # only the words that differ are marked, not the words the value carries to be read
    assert "lasted [-1,000-] days" in out and "lasted {+1,001+} days" in out
    assert "\x1b[" not in out  # NO_COLOR


@pytest.mark.parametrize(("value", "other", "marked"), [
    ("lasted 1,000 days", "lasted 1,001 days", "1,000"),
    ("arrested 23 people", "arrested 31 people", "23"),
    ("Mr. Trump", "the president", "Mr. Trump"),  # nothing shared: all of it
    ("only inside Ukraine", "inside Ukraine", "only"),
    ("inside Ukraine", "only inside Ukraine", "inside Ukraine"),  # (its words all shared)
    ("the same words", "the same words", "the same words"),
])
def test_a_changed_value_marks_the_words_it_does_not_share(value: str, other: str,
                                                           marked: str) -> None:
    start, end = _differing(value, other)
    assert value[start:end] == marked


def test_all_lists_cosmetic_edits(json_files: tuple[str, str]) -> None:
    out = run(*json_files, "--all").output
    assert "COSMETIC" in out and "boilerplate" in out and "Advertisements" in out
    data = json.loads(run(*json_files, "--all", "--json").output)
    assert len(data["cosmetic_edits"]) == data["cosmetic"]


def test_exit_code_flag(json_files: tuple[str, str]) -> None:
    old, new = json_files
    assert run(old, new, "--exit-code").exit_code == 1
    assert run(old, old, "--exit-code").exit_code == 0
    assert run(old, new).exit_code == 0


def test_plain_text_files(tmp_path: Path) -> None:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("Police said 12 people died on Tuesday.")
    new.write_text("Police said 15 people died on Tuesday.")
    data = json.loads(run(str(old), str(new), "--json").output)
    assert [(c["old"], c["new"]) for c in data["changes"]] == [("12 people", "15 people")]


def test_published_option_anchors_relative_dates(tmp_path: Path) -> None:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("The vote was held on Tuesday.")
    new.write_text("The vote was held on Nov. 19.")
    anchored = json.loads(run(str(old), str(new), "--json",
                              "--published", "2024-11-20").output)
    assert anchored["changes"] == []
    assert json.loads(run(str(old), str(new), "--json").output)["changes"]


def test_html_files_go_through_the_extractor(tmp_path: Path) -> None:
    pytest.importorskip("monitor.extract")
    body = ("<p>The wildfire has burned {n} acres in Lassen County and forced 3,000 residents "
            "to leave their homes, fire officials said on Tuesday.</p>"
            "<p>Crews expect to contain the fire by the end of the week, officials said, "
            "as winds ease and humidity rises across the region.</p>") * 2
    page = ("<html><head><title>Wildfire grows</title></head><body><article><h1>Wildfire "
            "grows</h1>{body}</article></body></html>")
    old, new = tmp_path / "a.html", tmp_path / "b.html"
    old.write_text(page.format(body=body.format(n="12,400")))
    new.write_text(page.format(body=body.format(n="18,900")))
    result = run(str(old), str(new), "--json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    assert [(c["kind"], c["old"], c["new"]) for c in changes] == [
        ("number", "burned 12,400 acres", "burned 18,900 acres")]


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"title": "x"}', "expected an object"),
    ('{"title": "x", "text": 5}', "must be strings"),
])
def test_bad_json_file(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run(str(bad), str(bad))
    assert isinstance(result.exception, InputError)
    assert message in str(result.exception) and "bad.json" in str(result.exception)


def test_missing_file() -> None:
    result = run("/nonexistent/a.json", "/nonexistent/b.json")
    assert isinstance(result.exception, InputError)
    assert "no such file" in str(result.exception)


def test_usage_errors(json_files: tuple[str, str]) -> None:
    assert run().exit_code == 2
    assert run(*json_files, "--from", "1").exit_code == 2
    assert run("a", "b", "c").exit_code == 2


# --------------------------------------------------------------------------- batch


def test_pairs_batch_in_input_order_with_bad_lines(tmp_path: Path) -> None:
    good = {"id": "g1", "published": PUBLISHED, "old": {"title": TITLE, "text": OLD_TEXT},
            "new": {"title": TITLE, "text": NEW_TEXT}, "expected": "ignored"}
    same = {"id": "g2", "old": {"title": TITLE, "text": OLD_TEXT},
            "new": {"title": TITLE, "text": OLD_TEXT}}
    lines = [json.dumps(good), "{broken", "", json.dumps({"id": "x", "old": {}}),
             json.dumps(same)]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(cli, ["diff", "--pairs", str(pairs)])
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["g1", "g2"]
    assert len(rows[0]["changes"]) == 2 and rows[1]["changes"] == []
    assert f"{pairs}:2: not valid JSON" in result.stderr
    assert f"{pairs}:4: \"old\" must be an object" in result.stderr


def test_pairs_on_the_public_examples_exit_zero() -> None:
    public = Path(__file__).resolve().parents[2] / "shared" / "examples"
    path = public / "factpairs-public.jsonl"
    if not path.exists():
        pytest.skip("shared/examples is not present")
    result = CliRunner().invoke(cli, ["diff", "--pairs", str(path)])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 12
    assert CliRunner().invoke(cli, ["diff", "--pairs", str(path), "--exit-code"]).exit_code == 1


def test_pairs_missing_file() -> None:
    result = run("--pairs", "/nonexistent/pairs.jsonl")
    assert isinstance(result.exception, InputError)


# --------------------------------------------------------------------------- stored versions


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    store_module = pytest.importorskip("monitor.store")
    path = tmp_path / "monitor.db"
    store = store_module.Store.open(path)
    try:
        store.ensure_feed("wire", "https://example.org/feed.xml")
        story = store.create_story(feed="wire", guid="g-1", url="https://example.org/a",
                                   title=TITLE, published_at=PUBLISHED,
                                   first_seen_at=PUBLISHED, last_seen_at=PUBLISHED)
        store.add_story_keys("wire", story, ["g-1", "https://example.org/a"])
        texts = [OLD_TEXT, NEW_TEXT, NEW_TEXT.replace("1,001 days", "1,002 days")]
        for number, text in enumerate(texts, 1):
            store.add_version(story_id=story, number=number, title=TITLE, text=text,
                              content_hash=f"h{number}", simhash="0", published_at=PUBLISHED,
                              seen_at=f"2024-11-2{number}T00:00:00Z")
    finally:
        store.close()
    return path


def test_story_defaults_to_the_last_two_versions(store_path: Path) -> None:
    result = run("1", "--db", str(store_path), "--json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    assert [(c["old"], c["new"]) for c in changes] == [("lasted 1,001 days", "lasted 1,002 days")]


def test_story_from_to(store_path: Path) -> None:
    result = run("https://example.org/a", "--db", str(store_path), "--from", "1", "--to", "3",
                 "--json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["changes"]
    assert ("lasted 1,000 days", "lasted 1,002 days") in [(c["old"], c["new"]) for c in changes]
    human = run("1", "--db", str(store_path), "--from", "1", "--to", "2").output
    assert "version 1 -> 2" in human


def test_story_errors(store_path: Path, tmp_path: Path) -> None:
    assert isinstance(run("99", "--db", str(store_path)).exception, NotFoundError)
    missing = run("1", "--db", str(store_path), "--to", "7")
    assert isinstance(missing.exception, NotFoundError) and "no version 7" in str(
        missing.exception)
    no_store = run("1", "--db", str(tmp_path / "none.db"))
    assert isinstance(no_store.exception, NotFoundError)


# --------------------------------------------------------------------------- as a process


def test_process_prints_one_line_errors_and_is_fast(json_files: tuple[str, str]) -> None:
    monitor = [sys.executable, "-m", "monitor"]
    env = {**os.environ, "NO_COLOR": "1"}
    bad = subprocess.run([*monitor, "diff", "/nonexistent.json", json_files[1]],
                         capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "monitor: error: /nonexistent.json: no such file"
    started = _children_cpu()  # CPU seconds of the (reaped) child, whatever the load
    ok = subprocess.run([*monitor, "diff", *json_files, "--exit-code"], capture_output=True,
                        text=True, env=env, check=False)
    elapsed = _children_cpu() - started
    assert ok.returncode == 1 and "fact changes" in ok.stdout
    assert elapsed < 5.0  # well under 1 s; generous


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_help_describes_the_modes() -> None:
    out = run("--help").output
    for words in ("STORY", "OLD NEW", "--pairs", "--json", "--exit-code", "--all", ".json",
                  ".html", "plain text"):
        assert words in out
