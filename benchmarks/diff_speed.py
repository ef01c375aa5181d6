"""How fast is the fact diff?  Prints a table of medians.

    .venv/bin/python benchmarks/diff_speed.py [--runs N]

The article: the old and new texts of the labelled pairs in tests/data/factpairs-own.jsonl,
one pair per story, concatenated until the old version has at least 800 words (so the
new version carries several real fact changes and cosmetic edits).  Measured in-process
(after one warm-up call, which loads the word list once per process): sentence
splitting, fact extraction, the whole diff; and as a whole process:
`monitor diff OLD.json NEW.json` (startup, lazy imports, word list load included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monitor import text as text_module  # noqa: E402
from monitor.facts import context as context_module  # noqa: E402
from monitor.facts import diff_documents, extract_facts  # noqa: E402
from monitor.facts import extract as extract_module  # noqa: E402
from monitor.facts import reading as reading_module  # noqa: E402
from monitor.facts import tokens as tokens_module  # noqa: E402
from monitor.models import Document  # noqa: E402
from monitor.text import split_sentences  # noqa: E402

PAIRS = REPO / "tests" / "data" / "factpairs-own.jsonl"
TARGET_WORDS = 800


def article_pair() -> tuple[Document, Document]:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    old_parts: list[str] = []
    new_parts: list[str] = []
    seen: set[str] = set()
    for row in rows:
        if row["story"] in seen or not row["expected"]:
            continue
        seen.add(row["story"])
        old_parts.append(row["old"]["text"])
        new_parts.append(row["new"]["text"])
        if len(" ".join(old_parts).split()) >= TARGET_WORDS:
            break
    while len(" ".join(old_parts).split()) < TARGET_WORDS:  # repeat if the file is small
        old_parts += old_parts
        new_parts += new_parts
    published = datetime.fromisoformat(rows[0]["published"].replace("Z", "+00:00"))
    title = rows[0]["old"]["title"]
    return (Document(title, "\n\n".join(old_parts), published),
            Document(rows[0]["new"]["title"], "\n\n".join(new_parts), published))


_CACHES = ((extract_module, "_cached_sentence_facts"), (reading_module, "cached_atoms"),
           (reading_module, "_relevant_parts"), (reading_module, "_word_canons"),
           (context_module, "_context_words"), (tokens_module, "tokens"),
           (text_module, "_story_paragraphs"),
           (text_module, "_split_sentences"), (text_module, "content_words"))


def _clear_caches() -> None:
    """Empty the per-sentence and per-paragraph caches (the word list stays loaded)."""
    for module, name in _CACHES:
        cached = getattr(module, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def _cold(doc: Document) -> object:
    """extract_facts with the caches emptied first (a story's first version)."""
    _clear_caches()
    return extract_facts(doc)


def median_ms_setup(setup: Callable[[], object], fn: Callable[[], object],
                    runs: int) -> tuple[float, float]:
    """Like median_ms, with an untimed setup before each timed call."""
    wall, cpu = [], []
    for _ in range(runs):
        setup()
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def _old_seen(old: Document) -> Callable[[], object]:
    """The pipeline's case: the stored version was read before, the new one was not."""
    def setup() -> object:
        _clear_caches()
        return extract_facts(old)
    return setup


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds (CPU time is what a loaded machine can't inflate)."""
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def process_ms(old: Document, new: Document, runs: int) -> tuple[float, float]:
    monitor = Path(sys.executable).with_name("monitor")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, doc in (("old.json", old), ("new.json", new)):
            path = Path(tmp) / name
            path.write_text(json.dumps({"title": doc.title, "text": doc.text,
                                        "published": doc.published.isoformat()
                                        if doc.published else None}), encoding="utf-8")
            paths.append(str(path))
        command = [str(monitor), "diff", *paths]
        wall, cpu = [], []
        for _ in range(max(3, runs // 10)):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            wall.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    old, new = article_pair()
    words = len(old.text.split())
    rows = [
        ("split_sentences (one version)", median_ms(lambda: split_sentences(old.text),
                                                    args.runs)),
        ("extract_facts (one version, first read)", median_ms(lambda: _cold(old),
                                                              args.runs)),
        ("extract_facts (one version, sentences seen)", median_ms(lambda: extract_facts(old),
                                                                  args.runs)),
        ("diff_documents (two versions, caches empty)", median_ms_setup(
            _clear_caches, lambda: diff_documents(old, new), args.runs)),
        ("extract_facts + diff_documents (new version unseen)", median_ms_setup(
            _old_seen(old), lambda: (extract_facts(new), diff_documents(old, new)),
            args.runs)),
        ("diff_documents (two versions, both seen)",
         median_ms(lambda: diff_documents(old, new), args.runs)),
        ("diff_documents, identical versions", median_ms(lambda: diff_documents(old, old),
                                                         args.runs)),
        ("`monitor diff OLD.json NEW.json` process", process_ms(old, new, args.runs)),
    ]
    changes = len(diff_documents(old, new).changes)
    print(f"article: {words} words, {len(split_sentences(old.text))} sentences; "
          f"{changes} fact changes between the versions")
    print(f"machine: {platform.machine()}, {platform.processor() or platform.system()}, "
          f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d')}")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    width = max(len(name) for name, _ in rows)
    print(f"{'step'.ljust(width)}  wall ms (median)  CPU ms (median)")
    for name, (wall, cpu) in rows:
        print(f"{name.ljust(width)}  {wall:16.1f}  {cpu:15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
