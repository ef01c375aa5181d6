"""benchmarks/realpairs.py's sampler: a fresh set leaves out what earlier sets labelled
(a story whole, or with --pairs-only just its labelled pairs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import realpairs


def _hints() -> list[dict[str, object]]:
    """Two versions pairs of each of 40 stories, from one source, all edited."""
    return [{"story_id": f"s{n}", "from": k, "to": k + 1, "source": "Wire",
             "title_changed": True, "text_changed": False, "token_similarity": 0.95}
            for n in range(40) for k in (0, 1)]


def test_a_story_left_out_gives_no_pair_and_a_pair_left_out_only_itself() -> None:
    whole = realpairs.sample(_hints(), 100, seed=1, exclude=frozenset({"s0", "s1"}))
    assert not {h["story_id"] for h in whole} & {"s0", "s1"}
    pairs = frozenset((f"s{n}", 0, 1) for n in range(40))
    later = realpairs.sample(_hints(), 100, seed=1, exclude_pairs=pairs)
    assert len(whole) == 38 and len(later) == 40
    assert all((h["from"], h["to"]) == (1, 2) for h in later)


def test_pairs_only_keeps_every_held_out_story_out(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(row) + "\n" for row in [
        {"story_id": "s0", "from": 0, "to": 1, "split": "heldout"},
        {"story_id": "s1", "from": 0, "to": 1, "split": "fresh9"}]), encoding="utf-8")
    stories = {f"s{n}": {"story_id": f"s{n}", "source": "Wire", "published": None,
                         "versions": [{"title": f"T{k}", "text": ""} for k in range(3)]}
               for n in range(40)}
    monkeypatch.setattr(realpairs, "load_stories", lambda: stories)
    monkeypatch.setattr(realpairs, "load_hints", _hints)
    out = tmp_path / "out"
    # (--total 100: the sampler keeps 60 for the body-level outlet, 40 for this one)
    realpairs.main(["sample", str(out), "--total", "100", "--batches", "1", "--seed", "3",
                    "--exclude", str(labels), "--pairs-only", "--prefix", "x"])
    rows = [json.loads(line) for line in (out / "batch-1.jsonl").read_text().splitlines()]
    taken = {(r["story_id"], r["from"], r["to"]) for r in rows}
    assert len(rows) == 39  # one pair of each story but the held-out one
    assert not any(story == "s0" for story, _, _ in taken)
    assert ("s1", 1, 2) in taken  # its labelled pair left out, its later one free
