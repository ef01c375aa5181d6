"""Reused ids (issue 11, item 2): how similar are consecutive versions of one real story,
and how many would the "replaced story" rule split?

    .venv/bin/python benchmarks/reuse.py [--corpus DIR] [--list N] [--no-record]

Over every consecutive version pair of the real corpus (``../shared/corpus/real``) it
measures the two similarities the pipeline computes (``monitor.fingerprint``): the
Jaccard overlap of the content words (``word_overlap``) and the word 3-shingle
resemblance (``resemblance``), and the same for pairs of *unrelated* stories of one
outlet (random, seeded), the background two texts share by chance.  It reports both
distributions, how many consecutive pairs each threshold would split, and how many the
rule in ``fingerprint.is_unrelated`` splits, by outlet.  ``--list N`` prints N of the
split pairs (titles only, to read by hand; not recorded: the corpus is third-party text).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import common_args, percentile, record, table
from benchmarks.realpairs import CORPUS, load_stories
from monitor import fingerprint

SEED = 20261211
UNRELATED_PER_OUTLET = 400
THRESHOLDS = (0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15)
Pair = tuple[tuple[str, str], tuple[str, str]]


def measure(a: tuple[str, str], b: tuple[str, str]) -> dict[str, Any]:
    shortest = min(len(fingerprint.words(*a)), len(fingerprint.words(*b)))
    return {
        "applies": fingerprint.similarity_applies(*a) and fingerprint.similarity_applies(*b),
        "long": shortest >= fingerprint.LONG_TEXT_WORDS,
        "headline": shortest >= fingerprint.REUSE_MIN_WORDS,  # judged when short, too
        "overlap": fingerprint.word_overlap(a, b),
        "resemblance": fingerprint.resemblance(fingerprint.shingles(*a),
                                               fingerprint.shingles(*b)),
        "unrelated": fingerprint.is_unrelated(a, b),
    }


def version_pairs(stories: dict[str, dict[str, Any]]) -> list[tuple[str, str, int, Pair]]:
    """(outlet, story id, index of the older version, the two (title, text)) per pair."""
    pairs = []
    for story_id, story in stories.items():
        versions = [(v.get("title") or "", v.get("text") or "") for v in story["versions"]]
        for i in range(len(versions) - 1):
            pairs.append((story["source"], story_id, i, (versions[i], versions[i + 1])))
    return pairs


def unrelated_pairs(pairs: list[tuple[str, str, int, Pair]]) -> list[tuple[str, Pair]]:
    """Random pairs of versions of two different stories of the same outlet."""
    rng = random.Random(SEED)
    by_outlet: dict[str, list[tuple[str, str, int, Pair]]] = defaultdict(list)
    for pair in pairs:
        by_outlet[pair[0]].append(pair)
    chosen = []
    for outlet in sorted(by_outlet):
        items = by_outlet[outlet]
        for _ in range(min(UNRELATED_PER_OUTLET, 2 * len(items))):
            x, y = rng.sample(items, 2)
            if x[1] != y[1]:
                chosen.append((outlet, (x[3][0], y[3][1])))
    return chosen


def quantiles(values: list[float]) -> list[str]:
    return [f"{percentile(values, q):.3f}" for q in (1, 5, 10, 25, 50, 90, 95, 99)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--list", type=int, default=0, metavar="N",
                        help="print N split pairs (titles) to read by hand")
    common_args(parser)
    args = parser.parse_args(argv)

    stories = load_stories(args.corpus)
    pairs = version_pairs(stories)
    if args.quick:
        pairs = pairs[::10]
    consecutive = [(outlet, sid, i, p, measure(*p)) for outlet, sid, i, p in pairs]
    judged = [row for row in consecutive if row[4]["applies"]]
    background = [(outlet, measure(*p)) for outlet, p in unrelated_pairs(pairs)]
    background = [(outlet, m) for outlet, m in background if m["applies"]]

    short_c = [r[4] for r in judged if not r[4]["long"]]
    long_c = [r[4] for r in judged if r[4]["long"]]
    short_u = [m for _, m in background if not m["long"]]
    long_u = [m for _, m in background if m["long"]]
    rows = [
        ["consecutive versions, short", "overlap", len(short_c),
         *quantiles([m["overlap"] for m in short_c])],
        ["unrelated stories, short", "overlap", len(short_u),
         *quantiles([m["overlap"] for m in short_u])],
        ["consecutive versions, long", "overlap", len(long_c),
         *quantiles([m["overlap"] for m in long_c])],
        ["unrelated stories, long", "overlap", len(long_u),
         *quantiles([m["overlap"] for m in long_u])],
        ["consecutive versions, long", "resemblance", len(long_c),
         *quantiles([m["resemblance"] for m in long_c])],
        ["unrelated stories, long", "resemblance", len(long_u),
         *quantiles([m["resemblance"] for m in long_u])],
    ]
    distribution = table(["pairs", "measure", "n", "p1", "p5", "p10", "p25", "p50", "p90",
                          "p95", "p99"], rows)

    sweep = []
    for threshold in THRESHOLDS:
        split = sum(m["overlap"] < threshold for m in short_c + long_c)
        caught = sum(m["overlap"] < threshold for _, m in background)
        sweep.append([f"overlap < {threshold:g}", split, f"{100 * split / len(judged):.1f}%",
                      f"{100 * caught / max(1, len(background)):.1f}%"])
    for threshold in (0.01, 0.02, 0.03, 0.05):
        split = sum(m["resemblance"] < threshold for m in long_c)
        caught = sum(m["resemblance"] < threshold for m in long_u)
        sweep.append([f"long texts: resemblance < {threshold:g}", split,
                      f"{100 * split / max(1, len(long_c)):.1f}% of long",
                      f"{100 * caught / max(1, len(long_u)):.1f}% of long"])
    sweep_table = table(["threshold", "consecutive pairs split", "share",
                         "unrelated pairs caught"], sweep)

    split_rows = [r for r in judged if r[4]["unrelated"]]
    by_outlet = Counter(r[0] for r in split_rows)
    per_outlet = Counter(r[0] for r in judged)
    outlet_table = table(["outlet", "pairs judged", "split"], [
        [outlet, per_outlet[outlet], by_outlet[outlet]]
        for outlet in sorted(per_outlet, key=lambda o: (-by_outlet[o], o))])
    caught = sum(m["unrelated"] for _, m in background)

    headlines = [r for r in consecutive if not r[4]["applies"] and r[4]["headline"]]
    headline_split = [r for r in headlines if r[4]["unrelated"]]
    headline_line = (
        f"Headline-only pairs (under {fingerprint.MIN_WORDS_FOR_SIMILARITY} words on a side, "
        f">= {fingerprint.REUSE_MIN_WORDS} on both): {len(headlines):,}; the same rule "
        f"(no content word in common) splits {len(headline_split)}: "
        + ", ".join(f"{outlet} {n}" for outlet, n in Counter(
            r[0] for r in headline_split).most_common()) + ".")

    recurring = [r for r in judged if r[0].startswith("WGRZ") and "code blue" in
                 (r[3][0][0] + " " + r[3][1][0]).lower()]
    recurring_line = (
        f"WGRZ recurring \"Code Blue\" notices (one guid reused day after day): "
        f"{len(recurring)} consecutive pairs, content-word overlap "
        f"{min((r[4]['overlap'] for r in recurring), default=0):.2f}–"
        f"{max((r[4]['overlap'] for r in recurring), default=0):.2f}, "
        f"{sum(r[4]['unrelated'] for r in recurring)} split.")

    body = "\n\n".join([
        f"Corpus: {len(stories):,} stories, {len(pairs):,} consecutive version pairs, "
        f"{len(judged):,} long enough to judge (>= {fingerprint.MIN_WORDS_FOR_SIMILARITY} "
        f"words each); {len(background):,} pairs of unrelated stories of one outlet "
        f"(seed {SEED}). Long: both texts >= {fingerprint.LONG_TEXT_WORDS} words.",
        "Distributions (overlap: Jaccard of content words; resemblance: word 3-shingle "
        "Jaccard):\n\n" + distribution,
        "What a threshold would split:\n\n" + sweep_table,
        f"The rule (`fingerprint.is_unrelated`: overlap < {fingerprint.REPLACED_MAX_OVERLAP:g}, "
        f"or both long and resemblance < {fingerprint.REPLACED_MAX_RESEMBLANCE:g}) splits "
        f"**{len(split_rows)} of {len(judged):,} consecutive pairs "
        f"({100 * len(split_rows) / max(1, len(judged)):.1f}%)** and catches "
        f"{100 * caught / max(1, len(background)):.0f}% of unrelated pairs:\n\n" + outlet_table,
        headline_line,
        recurring_line,
    ])
    record("Reused ids (benchmarks/reuse.py)", "Similarity of consecutive versions", body,
           write=not args.no_record)
    if args.list:
        rng = random.Random(SEED)
        shown = split_rows + headline_split
        for outlet, sid, i, (a, b), m in rng.sample(shown, min(args.list, len(shown))):
            print(f"{outlet} | {sid} v{i}->v{i + 1} | overlap {m['overlap']:.3f} "
                  f"resemblance {m['resemblance']:.3f}\n    {a[0][:110]}\n    {b[0][:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
