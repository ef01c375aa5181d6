"""The fact core's cost per first version: ``extract_facts`` over new 800-word articles.

    .venv/bin/python benchmarks/facts_speed.py [--stories 200] [--runs 5] [--code DIR]
    .venv/bin/python benchmarks/facts_speed.py --profile   # cProfile, by own time
    .venv/bin/python benchmarks/facts_speed.py --edited    # a story's second version

What a worker process does for a new story, fact core only (issue 12): the farm's
first versions (benchmarks/farm.py, ~840 words each, as in benchmarks/pipeline.py) read
one after another, the per-sentence caches emptied after each as ``monitor.cpu`` empties
them after each job, the heap frozen first as a worker's is.  Prints CPU per version
(min and median of ``--runs`` passes over all stories).  ``--code DIR``: measure another
checkout's fact core (a base commit's worktree) with this script, side by side.
``--edited``: what a worker's fact core does for a story's second version (issue 12): the
first version's deferred facts read, then the edited one's (its unchanged sentences from
the sentence cache the first filled), then the diff of the two, caches emptied after
each pair; CPU per pair (the farm ticked once, every story changing a fact).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--code", type=Path, default=REPO,
                        help="the checkout whose monitor package is measured")
    parser.add_argument("--profile", action="store_true", help="cProfile one pass")
    parser.add_argument("--edited", action="store_true",
                        help="first and edited version read, then diffed, per story")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))  # benchmarks.farm: this checkout's
    from benchmarks.farm import Farm

    sys.path.insert(0, str(args.code.resolve()))
    import monitor._worker  # noqa: F401  (the fact core's tables, loaded as in a worker)
    from monitor.cpu import _job_caches
    from monitor.facts import diff_documents, extract_facts
    from monitor.models import Document

    feeds = max(1, args.stories // 10)
    farm = Farm(feeds, 10, seed=5, content="full", fact_rate=0.2, cosmetic_rate=0.1)
    published = datetime(2026, 11, 20, tzinfo=UTC)
    docs = [Document(farm.title(f, e), farm.story_text(f, e), published=published)
            for f in range(feeds) for e in range(10)][:args.stories]
    farm.tick(fact_rate=1.0, cosmetic_rate=0.0)
    edits = [Document(farm.title(f, e), farm.story_text(f, e), published=published)
             for f in range(feeds) for e in range(10)][:args.stories]

    def one_pass() -> int:
        count = 0
        for doc, edit in zip(docs, edits, strict=True):
            count += len(extract_facts(doc))
            if args.edited:
                count += len(extract_facts(edit))
                diff_documents(doc, edit)
            for cached in _job_caches():
                cached.cache_clear()
        return count

    facts = one_pass()  # warm-up: first calls, lazily built tables
    gc.collect()
    gc.freeze()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        one_pass()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return 0
    times = []
    for _ in range(args.runs):
        started = time.process_time()
        one_pass()
        times.append((time.process_time() - started) / len(docs) * 1000)
    words = statistics.mean(len(d.text.split()) for d in docs)
    what = "first and edited versions (read, then diffed)" if args.edited else "first versions"
    print(f"{args.code.resolve()}: {len(docs)} {what} of ~{words:.0f} words, "
          f"{facts} facts; CPU per {'pair' if args.edited else 'version'} "
          f"{min(times):.2f} ms min, "
          f"{statistics.median(times):.2f} ms median of {args.runs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
