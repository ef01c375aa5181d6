"""Score the fact diff against labelled version pairs.

    .venv/bin/python benchmarks/factpairs.py [FILE.jsonl ...] [--split dev|heldout] [--verbose]

Default file: ../shared/examples/factpairs-public.jsonl (relative to the repo).  A file of
labels that name their pairs by ``story_id`` and version indices (benchmarks/realpairs.py)
is joined with the texts of ../shared/corpus/real first; ``--split`` keeps one half of it.
Implements the scoring of shared/examples/README.md: a reported change matches an
expected one when the expected old span (normalised) lies inside the change's old value
or old sentence, and the expected new span inside its new value or new sentence (a null
side is not checked); expected kind ``added`` needs a change whose new side holds the
span, reported as ``added`` or as ``changed`` with the span absent from its old side
(``removed`` likewise).  Matching is one-to-one, in order.  The strict view asks the
span to lie in the short value itself, and the value to be no longer than three times
the span or the span plus 40 characters.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "examples" / "factpairs-public.jsonl"
sys.path.insert(0, str(REPO))

from monitor.facts import diff_documents  # noqa: E402
from monitor.models import Document  # noqa: E402

_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def norm(text: str | None) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    return re.sub(r"\s+", " ", text).strip().lower()


def _inside(span: str, *places: str | None) -> bool:
    return any(span in norm(p) for p in places if p)


def _short_enough(span: str, value: str | None) -> bool:
    return value is not None and len(norm(value)) <= max(3 * len(span), len(span) + 40)


def matches(expected: dict[str, Any], change: dict[str, Any], *, strict: bool) -> bool:
    kind = expected["kind"]
    old, new = norm(expected.get("old")), norm(expected.get("new"))
    if strict:
        ok_old = not old or (_inside(old, change.get("old"))
                             and _short_enough(old, change.get("old")))
        ok_new = not new or (_inside(new, change.get("new"))
                             and _short_enough(new, change.get("new")))
    else:
        ok_old = not old or _inside(old, change.get("old"), change.get("old_sentence"))
        ok_new = not new or _inside(new, change.get("new"), change.get("new_sentence"))
    if not (ok_old and ok_new):
        return False
    if kind == "added":
        return change["action"] == "added" or (
            change["action"] == "changed" and not _inside(new, change.get("old")))
    if kind == "removed":
        return change["action"] == "removed" or (
            change["action"] == "changed" and not _inside(old, change.get("new")))
    return True


def match_pair(expected: list[dict[str, Any]], reported: list[dict[str, Any]], *,
               strict: bool) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One-to-one, in order: each expected change takes the first unused match."""
    used: set[int] = set()
    pairs = []
    for exp in expected:
        for k, change in enumerate(reported):
            if k not in used and matches(exp, change, strict=strict):
                used.add(k)
                pairs.append((exp, change))
                break
    return pairs


def kind_agrees(expected: dict[str, Any], change: dict[str, Any]) -> bool:
    if expected["kind"] in ("added", "removed"):
        return change["action"] == expected["kind"]
    return change["kind"] == expected["kind"]


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}


def run_pair(row: dict[str, Any], min_severity: str = "low") -> list[dict[str, Any]]:
    """The changes monitor reports for a pair, at ``min_severity`` or above (what a watch
    with that ``min_severity`` would send)."""
    published = _published(row.get("published"))
    old = Document(row["old"].get("title", ""), row["old"].get("text", ""), published,
                   captured=_published(row["old"].get("captured")))
    new = Document(row["new"].get("title", ""), row["new"].get("text", ""), published,
                   captured=_published(row["new"].get("captured")))
    floor = SEVERITY_RANK[min_severity]
    return [c.to_dict() for c in diff_documents(old, new).changes
            if SEVERITY_RANK[c.severity] >= floor]


def score(rows: list[dict[str, Any]], *, verbose: bool = False,
          min_severity: str = "low") -> dict[str, Any]:
    totals: dict[str, Any] = {"pairs": len(rows), "expected": 0, "reported": 0,
                              "matched": 0, "strict_matched": 0, "kind_ok": 0, "right": 0,
                              "cosmetic_pairs": 0, "false_alert_pairs": 0,
                              "sure_cosmetic_pairs": 0, "sure_false_alert_pairs": 0,
                              "change_pairs": 0, "alerted_change_pairs": 0,
                              "by_kind": defaultdict(lambda: [0, 0]), "seconds": 0.0}
    for row in rows:
        started = time.perf_counter()
        reported = run_pair(row, min_severity)
        totals["seconds"] += time.perf_counter() - started
        expected = row.get("expected", [])
        pairs = match_pair(expected, reported, strict=False)
        strict_pairs = match_pair(expected, reported, strict=True)
        totals["expected"] += len(expected)
        totals["reported"] += len(reported)
        totals["matched"] += len(pairs)
        totals["strict_matched"] += len(strict_pairs)
        totals["kind_ok"] += sum(kind_agrees(e, c) for e, c in pairs)
        totals["right"] += sum(kind_agrees(e, c) for e, c in strict_pairs)
        for exp in expected:
            totals["by_kind"][exp["kind"]][1] += 1
        for exp, _ in pairs:
            totals["by_kind"][exp["kind"]][0] += 1
        if not expected:
            totals["cosmetic_pairs"] += 1
            totals["false_alert_pairs"] += bool(reported)
            if not row.get("uncertain"):  # the labeller did not hesitate over it
                totals["sure_cosmetic_pairs"] += 1
                totals["sure_false_alert_pairs"] += bool(reported)
        else:  # what an editor sees first: did the story alert at all?
            totals["change_pairs"] += 1
            totals["alerted_change_pairs"] += bool(reported)
        wrong = len(pairs) != len(expected) or len(reported) != len(expected) or any(
            not kind_agrees(e, c) for e, c in pairs)
        if verbose and wrong:
            print(f"--- {row.get('id')}: expected {len(expected)}, reported {len(reported)}, "
                  f"matched {len(pairs)}")
            for exp in expected:
                print(f"  want {exp['kind']}: {exp.get('old')!r} -> {exp.get('new')!r}")
            for ch in reported:
                print(f"  got  {ch['kind']}/{ch['action']}: {ch['old']!r} -> {ch['new']!r}")
    return totals


def _ratio(a: float, b: float) -> float:
    return a / b if b else 1.0


def report(name: str, totals: dict[str, Any]) -> None:
    p = _ratio(totals["matched"], totals["reported"])
    r = _ratio(totals["matched"], totals["expected"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    sp = _ratio(totals["strict_matched"], totals["reported"])
    sr = _ratio(totals["strict_matched"], totals["expected"])
    sf1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
    print(f"{name}: {totals['pairs']} pairs, {totals['expected']} expected, "
          f"{totals['reported']} reported, {totals['matched']} matched "
          f"({1000 * totals['seconds'] / max(1, totals['pairs']):.1f} ms/pair)")
    print(f"  precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    print(f"  strict:   precision {sp:.3f}  recall {sr:.3f}  F1 {sf1:.3f}")
    print(f"  kind accuracy {_ratio(totals['kind_ok'], totals['matched']):.3f}; "
          f"reported changes right in kind and value (strict) "
          f"{_ratio(totals['right'], totals['reported']):.3f}")
    print(f"  false alerts on cosmetic pairs: {totals['false_alert_pairs']}/"
          f"{totals['cosmetic_pairs']} "
          f"({_ratio(totals['false_alert_pairs'], totals['cosmetic_pairs']):.3f})"
          if totals["cosmetic_pairs"] else "  no cosmetic-only pairs")
    if totals["sure_cosmetic_pairs"] != totals["cosmetic_pairs"]:
        print(f"    of them not marked uncertain by the labeller: "
              f"{totals['sure_false_alert_pairs']}/{totals['sure_cosmetic_pairs']} "
              f"({_ratio(totals['sure_false_alert_pairs'], totals['sure_cosmetic_pairs']):.3f})")
    if totals["change_pairs"]:
        print(f"  pairs with a fact change that alerted: {totals['alerted_change_pairs']}/"
              f"{totals['change_pairs']} "
              f"({_ratio(totals['alerted_change_pairs'], totals['change_pairs']):.3f})")
    print("  recall by kind: " + ", ".join(
        f"{kind} {hit}/{total}" for kind, (hit, total) in sorted(totals["by_kind"].items())))


def load_rows(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if rows and "story_id" in rows[0] and "old" not in rows[0]:
        from benchmarks import realpairs
        rows = list(realpairs.resolve(path, realpairs.load_stories()))
    return [r for r in rows if split is None or r.get("split") == split]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--split", choices=("dev", "heldout"),
                        help="only this half of a labelled real set")
    parser.add_argument("--verbose", "-v", action="store_true", help="show wrong pairs")
    parser.add_argument("--min-severity", choices=tuple(SEVERITY_RANK), default="low",
                        help="score only the changes at this severity or above (what a "
                             "watch with this min_severity sends)")
    args = parser.parse_args(argv)
    for path in args.files:
        name = path.name + (f" [{args.split}]" if args.split else "") + (
            f" [min_severity {args.min_severity}]" if args.min_severity != "low" else "")
        report(name, score(load_rows(path, args.split), verbose=args.verbose,
                           min_severity=args.min_severity))
    return 0


if __name__ == "__main__":
    sys.exit(main())
