"""How far two blind labellers agree, scored with the fact diff's own measure.

    .venv/bin/python benchmarks/agreement.py FIRST.jsonl SECOND.jsonl [--pairs-key labels_pair]

Both files label the same version pairs (benchmarks/realpairs.py's format).  A pair of the
second file names its pair of the first by ``labels_pair`` when it has one, else by its
own ``id``.  The second labeller's changes are scored as if a tool had reported them,
against the first labeller's as the expected changes, exactly as benchmarks/factpairs.py
scores monitor (precision, recall, right in kind and value, false alerts on the first
labeller's cosmetic-only pairs); then the other way round.  The figures are the ceiling the
issue-10 targets should be read against: a tool cannot agree with one labeller more than a
second careful labeller does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factpairs import kind_agrees, match_pair


def as_reported(expected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A labeller's changes in the shape monitor reports them (no sentences: the strict
    and loose views then ask the same of the value)."""
    reported = []
    for change in expected:
        old, new = change.get("old"), change.get("new")
        if change["kind"] in ("added", "removed"):
            reported.append({"kind": "entity", "action": change["kind"], "old": old, "new": new})
        else:
            action = "changed" if old and new else ("added" if new else "removed")
            reported.append({"kind": change["kind"], "action": action, "old": old, "new": new})
    return reported


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def joined(first: list[dict[str, Any]], second: list[dict[str, Any]],
           key: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The pairs both labelled, neither calling the versions unrelated."""
    by_id = {row["id"]: row for row in first}
    both = [(by_id[row.get(key, row["id"])], row) for row in second
            if row.get(key, row["id"]) in by_id]
    return [(a, b) for a, b in both if not (a.get("unrelated") or b.get("unrelated"))]


def score(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, int]:
    totals = dict.fromkeys(("pairs", "expected", "reported", "matched", "right",
                            "kind_ok", "cosmetic", "false_alerts", "changed",
                            "alerted"), 0)
    for reference, other in pairs:
        expected, reported = reference["expected"], as_reported(other["expected"])
        loose = match_pair(expected, reported, strict=False)
        strict = match_pair(expected, reported, strict=True)
        totals["pairs"] += 1
        totals["expected"] += len(expected)
        totals["reported"] += len(reported)
        totals["matched"] += len(loose)
        totals["kind_ok"] += sum(kind_agrees(e, c) for e, c in loose)
        totals["right"] += sum(kind_agrees(e, c) for e, c in strict)
        if not expected:
            totals["cosmetic"] += 1
            totals["false_alerts"] += bool(reported)
        else:
            totals["changed"] += 1
            totals["alerted"] += bool(reported)
    return totals


def line(name: str, t: dict[str, int]) -> str:
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return (f"{name}: {t['pairs']} pairs, precision {ratio(t['matched'], t['reported']):.3f}, "
            f"recall {ratio(t['matched'], t['expected']):.3f}, right in kind and value "
            f"{ratio(t['right'], t['reported']):.3f}, "
            f"kind {ratio(t['kind_ok'], t['matched']):.3f}, "
            f"false alerts {t['false_alerts']}/{t['cosmetic']} "
            f"({ratio(t['false_alerts'], t['cosmetic']):.3f}), "
            f"changed pairs alerting {t['alerted']}/{t['changed']} "
            f"({ratio(t['alerted'], t['changed']):.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--pairs-key", default="labels_pair",
                        help="field of SECOND naming its pair in FIRST (default: labels_pair, "
                             "else the pair's own id)")
    args = parser.parse_args(argv)
    pairs = joined(load(args.first), load(args.second), args.pairs_key)
    if not pairs:
        raise SystemExit("no pair is labelled in both files")
    print(line("second scored against first", score(pairs)))
    print(line("first scored against second", score([(b, a) for a, b in pairs])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
