"""The fact diff over every consecutive version pair of the corpus's dev-split stories, and
two such runs compared pair by pair (issue 10: finding the diff's blind spots).

    .venv/bin/python benchmarks/corpus_replay.py run OUT.jsonl [--code DIR] [--workers 2]
    .venv/bin/python benchmarks/corpus_replay.py compare BEFORE.jsonl AFTER.jsonl

``run`` diffs each consecutive pair of versions (``diff_documents``, with the story's
publication date and each version's capture time, as ``monitor replay`` reads them) of
every story of ``../shared/corpus/real`` in the dev half of realpairs.py's story split,
leaving out the stories of the untouched real sets (untouched-sets.txt): the held-out
half's stories are never read, so a change made for what this shows is tuned on dev
only.  It writes one line per pair, ``{"story", "k", "changes"}``, and prints how many
pairs alert.  ``--code DIR`` runs another checkout's fact core (a base commit's worktree).
``compare`` prints the pairs whose reported changes (kind, action, values, severity)
differ, with the changes each run alone reports, and how many pairs differ.

The labelled sets say whether a change is right; this says what a change to the fact core
moves on 4,000-odd real pairs no label covers, which finds more defects per hour (session
21): every fact-core commit since session 22 quotes its "dev-split replay" count.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "data"
sys.path.insert(0, str(REPO / "benchmarks"))

import labelled_sets  # noqa: E402
import realpairs  # noqa: E402

Story = tuple[str, str | None, list[dict[str, Any]]]


def untouched_stories() -> frozenset[str]:
    """The story ids of the untouched real sets (their labels name no held-out story: those
    are left out by the split)."""
    ids: set[str] = set()
    for name in labelled_sets.untouched() - {"heldout"}:
        path = DATA / f"realpairs-{name}-labels.jsonl"
        if path.exists():
            ids |= {label["story_id"] for label in realpairs.read_jsonl(path)}
    return frozenset(ids)


def sampled_stories(paths: list[Path]) -> frozenset[str]:
    """The story ids of sampled batches not yet labelled (``realpairs.py sample`` output):
    a blind set's stories stay out of the replay from its sampling on, not only once its
    labels file exists."""
    return frozenset(pair["story_id"] for path in paths for pair in realpairs.read_jsonl(path))


def dev_stories(stories: dict[str, dict[str, Any]],
                also_out: frozenset[str] = frozenset()) -> list[Story]:
    """The dev half's stories with two versions or more, untouched sets' stories (and
    ``also_out``) left out."""
    kept_out = untouched_stories() | also_out
    return [(story_id, story.get("published"), story["versions"])
            for story_id, story in stories.items()
            if realpairs.split_of(story_id) == "dev" and story_id not in kept_out
            and len(story["versions"]) > 1]


_CODE: list[str] = []  # the fact core a worker imports, set once by _start


def _start(code: str | None) -> None:
    sys.path.insert(0, code or str(REPO))
    _CODE.append(code or str(REPO))


def _diff_story(story: Story) -> list[dict[str, Any]]:
    """Each consecutive pair's changes (run in a worker: the fact core is imported there,
    from ``--code`` when given)."""
    import monitor.facts  # the checkout _start put first, before factpairs adds this one
    from monitor.models import Document

    assert Path(monitor.facts.__file__).is_relative_to(_CODE[0])
    import factpairs

    story_id, published, versions = story
    when = factpairs._published(published)
    out = []
    for k in range(1, len(versions)):
        old, new = (Document(v.get("title") or "", v.get("text") or "", when,
                             captured=factpairs._published(v.get("captured_at")))
                    for v in (versions[k - 1], versions[k]))
        out.append({"story": story_id, "k": k,
                    "changes": [c.to_dict()
                                for c in monitor.facts.diff_documents(old, new).changes]})
    return out


def cmd_run(args: argparse.Namespace) -> int:
    stories = dev_stories(realpairs.load_stories(), sampled_stories(args.exclude))
    pairs = alerting = 0
    with ProcessPoolExecutor(max(1, args.workers), initializer=_start,
                             initargs=(args.code,)) as pool, open(
            args.out, "w", encoding="utf-8") as handle:
        for rows in pool.map(_diff_story, stories, chunksize=20):
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                pairs += 1
                alerting += bool(row["changes"])
    print(f"{pairs} pairs of {len(stories)} dev-split stories; {alerting} with a change")
    return 0


def _key(change: dict[str, Any]) -> tuple[Any, ...]:
    return (change["kind"], change["action"], change["old"], change["new"],
            change["severity"])


def _read(path: Path) -> dict[tuple[str, int], list[tuple[Any, ...]]]:
    return {(row["story"], row["k"]): [_key(c) for c in row["changes"]]
            for row in realpairs.read_jsonl(path)}


def differences(before: Path, after: Path) -> Iterator[tuple[tuple[str, int],
                                                             list[Any], list[Any]]]:
    """The pairs whose reported changes differ: (pair, only before, only after)."""
    old, new = _read(before), _read(after)
    for pair, changes in new.items():
        was = old.get(pair, [])
        if was != changes:
            yield pair, [c for c in was if c not in changes], [c for c in changes if c not in was]


def cmd_compare(args: argparse.Namespace) -> int:
    count = 0
    for (story, k), gone, came in differences(args.before, args.after):
        count += 1
        print(f"=== {story} {k}")
        print("".join(f"  - {c}\n" for c in gone) + "".join(f"  + {c}\n" for c in came), end="")
    print(f"{count} pairs differ")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="diff every dev-split pair, write one line per pair")
    run.add_argument("out", type=Path)
    run.add_argument("--code", help="another checkout whose fact core to run")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    run.add_argument("--exclude", type=Path, action="append", default=[],
                     help="a sampled batch (JSON lines with story_id) whose stories to leave"
                          " out: a blind set sampled but not yet labelled")
    run.set_defaults(run=cmd_run)
    compare = sub.add_parser("compare", help="the pairs whose reported changes differ")
    compare.add_argument("before", type=Path)
    compare.add_argument("after", type=Path)
    compare.set_defaults(run=cmd_compare)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
