"""The meaning-equivalence judge's cost (issue 10: 2 ms per changed version at most).

    .venv/bin/python benchmarks/judge_cost.py [--runs 5] [--code DIR]

Two measures, both CPU time, in process:

  * ``surface_normal``: microseconds per sentence, over every distinct sentence of the
    real tuning sets' pairs (headline and body split as the diff splits them), its cache
    emptied before each pass;
  * the judge's share of ``diff_documents`` over the pairs of the eight real tuning sets
    (benchmarks/data/realpairs-labels.jsonl and realpairs-fresh{,3,4,5,6,7,8}-labels.jsonl):
    one pass with the judge, one with it switched off (``judge`` returning the diff as it
    is), alternately, the per-sentence caches emptied after each pair as a worker empties
    them after each job.  The share is the difference per pair.

Each figure is the median of ``--runs`` passes.  ``--code DIR``: measure another
checkout's fact core (a base commit's worktree) with this script, side by side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TUNING_SETS = ("realpairs-labels.jsonl", *(f"realpairs-{name}-labels.jsonl" for name in (
    "fresh", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, default=REPO,
                        help="the checkout whose monitor package is measured")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    import benchmarks  # noqa: F401  (this checkout's, before the measured one goes first)

    sys.path.insert(0, str(args.code.resolve()))
    import monitor  # the measured checkout's (benchmarks.factpairs imports it)
    from benchmarks.factpairs import load_rows

    rows = [row for name in TUNING_SETS
            for row in load_rows(REPO / "benchmarks" / "data" / name)]

    print(f"{Path(monitor.__file__).parent.parent}: {len(rows)} pairs")
    sentences = _sentences(rows)
    normal = _surface_normal_pass(sentences)
    normal()  # warm-up: tables loaded, patterns compiled
    micro = [normal() for _ in range(args.runs)]
    print(f"surface_normal: {len(sentences)} sentences, "
          f"{statistics.median(micro):.1f} us a sentence (median of {args.runs}; "
          f"min {min(micro):.1f})")
    with_judge, without_judge = _diff_passes(rows)
    with_judge(), without_judge()  # warm-up
    shares = []
    for _ in range(args.runs):
        shares.append(with_judge() - without_judge())
    print(f"judge's share: {statistics.median(shares):.3f} ms a pair (median of {args.runs}; "
          f"runs {', '.join(f'{s:.3f}' for s in shares)})")
    return 0


def _sentences(rows: list[dict[str, Any]]) -> list[str]:
    """Every distinct headline and sentence of the pairs, in first-seen order."""
    from monitor.text import split_sentences

    seen: dict[str, None] = {}
    for row in rows:
        for side in (row["old"], row["new"]):
            seen[side.get("title", "")] = None
            seen.update(dict.fromkeys(split_sentences(side.get("text", ""))))
    seen.pop("", None)
    return list(seen)


def _surface_normal_pass(sentences: list[str]) -> Callable[[], float]:
    from monitor.facts.signatures import surface_normal

    def one_pass() -> float:
        surface_normal.cache_clear()
        started = time.process_time()
        for sentence in sentences:
            surface_normal(sentence)
        return (time.process_time() - started) / len(sentences) * 1e6

    return one_pass


def _diff_passes(rows: list[dict[str, Any]]) -> tuple[Callable[[], float], Callable[[], float]]:
    """Two passes over the pairs, ms a pair: with the judge, and with it switched off."""
    import monitor.facts.diff as diff_module
    from benchmarks.factpairs import run_pair
    from monitor.cpu import _job_caches

    judge = diff_module.judge

    def one_pass(on: bool) -> float:
        diff_module.judge = judge if on else (lambda result, *_: result)  # type: ignore
        total = 0.0
        for row in rows:
            started = time.process_time()
            run_pair(row)
            total += time.process_time() - started
            for cached in _job_caches():
                cached.cache_clear()
        diff_module.judge = judge
        return total / len(rows) * 1000

    return (lambda: one_pass(True)), (lambda: one_pass(False))


if __name__ == "__main__":
    raise SystemExit(main())
