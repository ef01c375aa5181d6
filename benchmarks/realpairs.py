"""The blind labelled set of real version pairs (issue 10): sample, check, resolve.

    .venv/bin/python benchmarks/realpairs.py sample OUTDIR [--total 460] [--batches 3]
    .venv/bin/python benchmarks/realpairs.py check LABELS.jsonl
    .venv/bin/python benchmarks/realpairs.py resolve LABELS.jsonl > pairs.jsonl

The labels (benchmarks/data/realpairs-*.jsonl) hold no news text: each row names a pair by
``story_id`` and version indices into ``../shared/corpus/real`` (copyrighted third-party
text we may evaluate on but not republish), and ``resolve`` joins the texts back in, giving
rows in the format of ``shared/examples/factpairs-public.jsonl`` that ``factpairs.py`` scores.

Sampling is stratified by outlet (square-root allocation, so the 21 outlets all count
without AP's 3,657 pairs drowning the rest; Ars Technica, the one body-level outlet, gets
more) and by how much changed (token similarity >= 0.9, 0.6-0.9, < 0.6), one pair per story,
with a fixed seed.  The dev / held-out split is by story, fixed at sampling time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
STORY_FILES = (
    "rss_gesab001_headlines_2020-2021.jsonl",
    "rss_jeffthomasweb_npr_ars_wgrz_2024-2026.jsonl",
    "ap_headlines_evilgodfahim_wl_2025-2026.jsonl",
)
BODY_LEVEL = {"Ars Technica": 60}  # the body-level outlet is sampled past its sqrt share
BIN_SHARES = (("same", 0.5), ("some", 0.3), ("much", 0.2))
SEED = 20261204
KINDS = {"number", "date", "condition", "status", "attribution", "quote", "entity",
         "added", "removed"}


def similarity_bin(similarity: float) -> str:
    if similarity >= 0.9:
        return "same"
    return "some" if similarity >= 0.6 else "much"


def split_of(story_id: str) -> str:
    digest = hashlib.sha256(story_id.encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "heldout"


def load_stories(corpus: Path = CORPUS) -> dict[str, dict[str, Any]]:
    stories = {}
    for name in STORY_FILES:
        with open(corpus / name, encoding="utf-8") as handle:
            for line in handle:
                story = json.loads(line)
                stories[story["story_id"]] = story
    return stories


def load_hints(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    with open(corpus / "pair_hints.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def quotas(hints: list[dict[str, Any]], total: int) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for hint in hints:
        counts[hint["source"]] += 1
    weight = {source: math.sqrt(n) for source, n in counts.items()}
    scale = (total - sum(BODY_LEVEL.values())) / sum(
        w for s, w in weight.items() if s not in BODY_LEVEL)
    return {source: min(counts[source], BODY_LEVEL.get(source) or max(3, round(w * scale)))
            for source, w in weight.items()}


def sample(hints: list[dict[str, Any]], total: int, *, seed: int = SEED,
           exclude: frozenset[str] = frozenset(),
           exclude_pairs: frozenset[tuple[str, int, int]] = frozenset()
           ) -> list[dict[str, Any]]:
    """``total`` pairs stratified by source and similarity, one per story, none of a story
    in ``exclude`` nor a pair in ``exclude_pairs`` (story, from, to)."""
    rng = random.Random(seed)
    hints = [h for h in hints if h["story_id"] not in exclude
             and (h["story_id"], h["from"], h["to"]) not in exclude_pairs]
    by_source: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for hint in hints:
        if hint["title_changed"] or hint["text_changed"]:
            by_source[hint["source"]][similarity_bin(hint["token_similarity"])].append(hint)
    chosen: list[dict[str, Any]] = []
    for source, quota in sorted(quotas(hints, total).items()):
        bins = by_source[source]
        for pool in bins.values():
            rng.shuffle(pool)
        seen_stories: set[str] = set()
        picked: list[dict[str, Any]] = []
        wanted = {name: round(share * quota) for name, share in BIN_SHARES}
        for name, _ in BIN_SHARES:  # each bin its share, then fill from any bin
            picked += _take(bins[name], wanted[name], seen_stories)
        for name, _ in BIN_SHARES:
            picked += _take(bins[name], quota - len(picked), seen_stories)
        chosen += picked[:quota]
    rng.shuffle(chosen)
    return chosen


def _take(pool: list[dict[str, Any]], n: int, seen: set[str]) -> list[dict[str, Any]]:
    taken = []
    for hint in pool:
        if len(taken) >= n:
            break
        if hint["story_id"] not in seen:
            seen.add(hint["story_id"])
            taken.append(hint)
    return taken


def pair_row(story: dict[str, Any], old: int, new: int) -> dict[str, Any]:
    versions = story["versions"]
    return {"story_id": story["story_id"], "from": old, "to": new,
            "source": story["source"], "published": story.get("published"),
            "old": {"title": versions[old]["title"], "text": versions[old]["text"]},
            "new": {"title": versions[new]["title"], "text": versions[new]["text"]}}


def cmd_sample(args: argparse.Namespace) -> int:
    stories = load_stories()
    labels = [label for path in args.exclude for label in read_jsonl(path)]
    if args.pairs_only:
        # the corpus's unlabelled stories run out after some fifteen fresh sets: leave out
        # only the labelled pairs, but every story of the held-out half whole (a new set's
        # pairs are read once it is tuned on: none may come from a held-out story)
        exclude = frozenset(label["story_id"] for label in labels
                            if label.get("split") == "heldout")
        pairs = frozenset((label["story_id"], label["from"], label["to"]) for label in labels)
    else:
        exclude, pairs = frozenset(label["story_id"] for label in labels), frozenset()
    chosen = sample(load_hints(), args.total, seed=args.seed, exclude=exclude,
                    exclude_pairs=pairs)
    args.outdir.mkdir(parents=True, exist_ok=True)
    batches: list[list[dict[str, Any]]] = [[] for _ in range(args.batches)]
    for k, hint in enumerate(chosen):
        row = pair_row(stories[hint["story_id"]], hint["from"], hint["to"])
        row = {"id": f"{args.prefix}{k + 1:03d}",
               "split": args.split or split_of(hint["story_id"]),
               "similarity_bin": similarity_bin(hint["token_similarity"]), **row}
        batches[k % args.batches].append(row)
    for n, batch in enumerate(batches, start=1):
        path = args.outdir / f"batch-{n}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch),
                        encoding="utf-8")
        print(f"{path}: {len(batch)} pairs")
    return 0


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                row = json.loads(line)
                row.setdefault("_line", number)
                yield row


def resolve(labels: Path, stories: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Label rows joined with their texts: rows factpairs.py can score (unrelated pairs out)."""
    for label in read_jsonl(labels):
        if label.get("unrelated"):
            continue
        story = stories[label["story_id"]]
        row = pair_row(story, label["from"], label["to"])
        # When each version was seen, as the pipeline (and `monitor replay`) gives the fact
        # diff: "tonight" -> "last night" a day later names the same night.
        captured = {side: story["versions"][label[end]].get("captured_at")
                    for side, end in (("old", "from"), ("new", "to"))}
        yield {"id": label["id"], "split": label.get("split"), "story": label["story_id"],
               "domain": row["source"], "published": _iso(row["published"]),
               "old": {**row["old"], "captured": captured["old"]},
               "new": {**row["new"], "captured": captured["new"]},
               "expected": label["expected"], "cosmetic_edits": label.get("cosmetic_edits", []),
               "uncertain": bool(label.get("uncertain"))}


def _iso(value: str | None) -> str | None:
    from email.utils import parsedate_to_datetime
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return None


def problems(label: dict[str, Any], stories: dict[str, dict[str, Any]]) -> Iterator[str]:
    story = stories.get(label.get("story_id", ""))
    if story is None:
        yield "unknown story_id"
        return
    row = pair_row(story, label["from"], label["to"])
    texts = {side: row[side]["title"] + "\n" + row[side]["text"] for side in ("old", "new")}
    if not isinstance(label.get("expected"), list):
        yield "expected must be a list"
        return
    for k, change in enumerate(label["expected"]):
        if change.get("kind") not in KINDS:
            yield f"expected[{k}]: kind {change.get('kind')!r} is not one of {sorted(KINDS)}"
        for side in ("old", "new"):
            span = change.get(side)
            if span is not None and span not in texts[side]:
                yield f"expected[{k}].{side}: {span!r} is not verbatim in the {side} version"
        if change.get("old") is None and change.get("new") is None:
            yield f"expected[{k}]: old and new cannot both be null"


def cmd_check(args: argparse.Namespace) -> int:
    stories = load_stories()
    bad = 0
    for label in read_jsonl(args.labels):
        for problem in problems(label, stories):
            bad += 1
            print(f"{args.labels}:{label['_line']}: {label.get('id')}: {problem}")
    print(f"{bad} problem(s)")
    return 1 if bad else 0


def cmd_resolve(args: argparse.Namespace) -> int:
    stories = load_stories()
    for row in resolve(args.labels, stories):
        if args.split in (None, row["split"]):
            print(json.dumps(row, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sample", help="write unlabelled batches for the labellers")
    p.add_argument("outdir", type=Path)
    p.add_argument("--total", type=int, default=460)
    p.add_argument("--batches", type=int, default=3)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--exclude", type=Path, action="append", default=[],
                   help="a labels file whose stories are left out (a fresh set)")
    p.add_argument("--pairs-only", action="store_true",
                   help="--exclude leaves out the labelled pairs, not their stories (but "
                        "every story of a held-out label)")
    p.add_argument("--prefix", default="r", help="pair ids: PREFIX001, ...")
    p.add_argument("--split", help="one split name for every pair (e.g. fresh)")
    p.set_defaults(func=cmd_sample)
    p = sub.add_parser("check", help="every span verbatim, every kind known")
    p.add_argument("labels", type=Path)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("resolve", help="labels joined with their texts, for factpairs.py")
    p.add_argument("labels", type=Path)
    p.add_argument("--split", choices=("dev", "heldout"))
    p.set_defaults(func=cmd_resolve)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
