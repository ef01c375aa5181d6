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
