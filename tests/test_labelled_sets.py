"""benchmarks/labelled_sets.py: every labelled set scored at once, dumps compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import labelled_sets


def test_the_untouched_sets_are_sets_and_kept_out_of_tuning() -> None:
    names = labelled_sets.set_files()
    kept_out, pending = labelled_sets.untouched(), labelled_sets.labels_pending()
    # (a set sampled and listed before its labels exist is marked so: no other name may
    # lack its file, a typo would keep a set in tuning)
    assert kept_out and kept_out - pending <= set(names)
    assert not pending & set(names), "labels landed: unmark them"
    tuning = labelled_sets.chosen("tuning", names)
    assert "dev" in tuning and not kept_out & set(tuning)
    assert set(labelled_sets.chosen("untouched", names)) == kept_out - pending
    with pytest.raises(SystemExit, match="no such set"):
        labelled_sets.chosen("dev,no-such-set", names)


def test_score_dumps_each_pair_and_compare_and_table_read_two_dumps(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "after.jsonl"
    assert labelled_sets.main(["score", "--sets", "blind", "--workers", "1",
                               "--dump", str(dump)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("blind ") and printed[-1].startswith("all ")
    pairs = [json.loads(line) for line in dump.read_text().splitlines()]
    assert len(pairs) == 48 and all(p["set"] == "blind" for p in pairs)
    # the same pairs with one reported change taken away: compare names that pair
    before = tmp_path / "before.jsonl"
    changed = next(p for p in pairs if p["reported"])
    edited = [dict(p, reported=p["reported"][1:]) if p is changed else p for p in pairs]
    before.write_text("".join(json.dumps(p) + "\n" for p in edited))
    assert labelled_sets.main(["compare", str(before), str(dump)]) == 0
    compared = capsys.readouterr().out.splitlines()
    assert compared[0].startswith(f"=== blind {changed['id']} ")
    assert compared[1].startswith("   +") and len(compared) == 2
    assert labelled_sets.main(["table", str(before), str(dump)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[2].startswith("| blind | 17 | ") and table[-1].startswith("| **all** |")


def test_show_prints_pairs_for_reading_and_refuses_untouched_sets(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "dump.jsonl"
    assert labelled_sets.main(["score", "--sets", "blind", "--workers", "1",
                               "--dump", str(dump)]) == 0
    capsys.readouterr()
    pairs = [json.loads(line) for line in dump.read_text().splitlines()]
    shown = next(p for p in pairs if p["reported"])
    assert labelled_sets.main(["show", str(dump), "--which", "all", "--ids", shown["id"]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"=== blind {shown['id']}"
    assert sum(line.startswith("  report ") for line in lines) == len(shown["reported"])
    assert sum(line.startswith("  label ") for line in lines) == len(shown["expected"])
    # a pair of an untouched set is never shown
    untouched = sorted(labelled_sets.untouched() - labelled_sets.labels_pending())[0]
    blind = tmp_path / "untouched.jsonl"
    blind.write_text(json.dumps(dict(pairs[0], set=untouched)) + "\n")
    with pytest.raises(SystemExit, match="is untouched"):
        labelled_sets.main(["show", str(blind)])


def test_word_diff_marks_what_went_and_came_and_elides_long_runs() -> None:
    kept = " ".join(f"w{k}" for k in range(20))
    shown = labelled_sets.word_diff(f"Police said {kept} on Monday", f"Police say {kept} on Monday")
    assert shown == "Police [-said-]{+say+} w0 w1 w2 w3 w4 … w17 w18 w19 on Monday"
