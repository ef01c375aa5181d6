"""Dump the fact core's whole output for a fixed input set, and compare two dumps.

    .venv/bin/python benchmarks/identity.py dump OUT.jsonl
    .venv/bin/python benchmarks/identity.py compare BASELINE.jsonl OTHER.jsonl

Used to prove that a restructuring of the fact core changes no output.  One JSON line
per item, canonical (sorted keys, no ASCII escaping, fixed separators), in a fixed
order.  For each version pair of the input set there are four items:

    <pair>/facts:old     extract_facts(old), each Fact.to_dict()
    <pair>/facts:new     extract_facts(new)
    <pair>/diff          diff_documents(old, new): Change.to_dict() of every change and
                         (old, new, reason) of every cosmetic edit, in order
    <pair>/diff:reverse  diff_documents(new, old), likewise (more of the rules exercised)

The input set:
  * every pair of tests/data/factpairs-*.jsonl, benchmarks/data/factpairs-blind.jsonl and
    ../shared/examples/factpairs-public.jsonl (published: the row's ISO date);
  * 2,000 consecutive version pairs of ../shared/corpus/real/*.jsonl, the ones with the
    smallest SHA-256 of "story_id#k" (deterministic, spread over every outlet), and
    every Ars Technica pair besides (headline + article body, the longest texts);
    Document(title, text, published) with the story's RFC 2822 publish date.

``compare`` prints each differing item (both values) and exits 1 when any differ.
The dump files are large: keep them out of git (default directory: /tmp).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

REAL_SAMPLE = 2_000
ARS = "Ars Technica"

Pair = tuple[str, dict[str, Any], dict[str, Any], datetime | None]


def labelled_files() -> list[Path]:
    return [*sorted((REPO / "tests" / "data").glob("factpairs-*.jsonl")),
            REPO / "benchmarks" / "data" / "factpairs-blind.jsonl",
            SHARED / "examples" / "factpairs-public.jsonl"]


def real_files() -> list[Path]:
    return sorted(p for p in (SHARED / "corpus" / "real").glob("*.jsonl")
                  if p.name != "pair_hints.jsonl")


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _rfc2822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def labelled_pairs() -> Iterator[Pair]:
    for path in labelled_files():
        for n, row in enumerate(_rows(path)):
            yield (f"{path.name}:{n}:{row.get('id')}", row["old"], row["new"],
                   _iso(row.get("published")))


def real_pairs() -> Iterator[Pair]:
    chosen: list[tuple[str, str, Pair]] = []
    for path in real_files():
        for story in _rows(path):
            published = _rfc2822(story.get("published"))
            for k, (old, new) in enumerate(pairwise(story["versions"])):
                name = f"{story['story_id']}#{k}"
                digest = hashlib.sha256(name.encode()).hexdigest()
                chosen.append((digest, story["source"], (f"real:{name}", old, new, published)))
    chosen.sort(key=lambda t: t[0])
    sample = chosen[:REAL_SAMPLE]
    ars = [t for t in chosen[REAL_SAMPLE:] if t[1] == ARS]
    for _, _, pair in sample + ars:
        yield pair


def _document(version: dict[str, Any], published: datetime | None) -> Any:
    from monitor.models import Document

    return Document(version.get("title") or "", version.get("text") or "", published)


def _diff_documents() -> Any:
    """diff_documents from the fact package, or from the module it lived in before."""
    import monitor.facts

    found = getattr(monitor.facts, "diff_documents", None)
    if found is None:
        from monitor.diff import diff_documents as found  # before the restructuring
    return found


def _diff_item(old: Any, new: Any) -> dict[str, Any]:
    result = _diff_documents()(old, new)
    return {"changes": [c.to_dict() for c in result.changes],
            "cosmetic": [[e.old, e.new, e.reason] for e in result.cosmetic]}


def items() -> Iterator[tuple[str, Any]]:
    from monitor.facts import extract_facts

    for name, old_v, new_v, published in [*labelled_pairs(), *real_pairs()]:
        old, new = _document(old_v, published), _document(new_v, published)
        yield f"{name}/facts:old", [f.to_dict() for f in extract_facts(old)]
        yield f"{name}/facts:new", [f.to_dict() for f in extract_facts(new)]
        yield f"{name}/diff", _diff_item(old, new)
        yield f"{name}/diff:reverse", _diff_item(new, old)


def canonical(name: str, value: Any) -> str:
    return json.dumps({"item": name, "value": value}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def dump(out: Path) -> int:
    started = time.perf_counter()
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for name, value in items():
            handle.write(canonical(name, value) + "\n")
            count += 1
    print(f"{count} items written to {out} in {time.perf_counter() - started:.1f} s")
    return 0


def _load(path: Path) -> dict[str, str]:
    lines: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            lines[json.loads(line)["item"]] = line.rstrip("\n")
    return lines


def compare(baseline: Path, other: Path, *, limit: int = 20) -> int:
    left, right = _load(baseline), _load(other)
    differing = [name for name in left if name in right and left[name] != right[name]]
    missing = [name for name in left if name not in right]
    extra = [name for name in right if name not in left]
    for name in differing[:limit]:
        print(f"--- {name}\n  baseline: {left[name]}\n  other:    {right[name]}")
    for name in missing[:limit]:
        print(f"--- {name}: missing from {other}")
    for name in extra[:limit]:
        print(f"--- {name}: not in {baseline}")
    print(f"{len(left)} items in baseline, {len(right)} in other; "
          f"{len(differing)} differ, {len(missing)} missing, {len(extra)} extra")
    return 1 if differing or missing or extra else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_dump = sub.add_parser("dump", help="write the dump of the current code")
    p_dump.add_argument("out", type=Path, nargs="?",
                        default=Path("/tmp/factcore-identity.jsonl"))
    p_cmp = sub.add_parser("compare", help="print the items that differ between two dumps")
    p_cmp.add_argument("baseline", type=Path)
    p_cmp.add_argument("other", type=Path)
    p_cmp.add_argument("--limit", type=int, default=20, help="differing items to print")
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.out)
    return compare(args.baseline, args.other, limit=args.limit)


if __name__ == "__main__":
    sys.exit(main())
