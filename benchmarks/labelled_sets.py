"""Every labelled set at once: per-set figures, a per-pair dump, and two dumps compared.

    .venv/bin/python benchmarks/labelled_sets.py score [--sets tuning|untouched|all|A,B]
        [--min-severity high] [--dump FILE] [--code DIR] [--workers 2]
    .venv/bin/python benchmarks/labelled_sets.py compare BEFORE.jsonl AFTER.jsonl
    .venv/bin/python benchmarks/labelled_sets.py table BEFORE.jsonl AFTER.jsonl
    .venv/bin/python benchmarks/labelled_sets.py show DUMP.jsonl [--which fa|unmatched|
        notright|all] [--sets A,B] [--ids X,Y]

The sets are every file of benchmarks/data (``realpairs-*-labels.jsonl`` by their name,
``realpairs-labels.jsonl`` as its ``dev`` and ``heldout`` halves, ``factpairs-*.jsonl``) and
the public examples.  ``untouched-sets.txt`` names the sets no reading may be tuned on
(issue 10's measuring rules: the held-out half, and the newest blind sets until their
looks are done); ``--sets tuning`` is every other set.  Scoring is factpairs.py's.

``score`` prints, per set, the false alerts on cosmetic-only pairs (and those at ``high``),
precision, recall and "right" (kind and value strictly right, of the reported changes);
``--dump`` writes each pair's reported changes with whether each matched, for ``compare``
(the pairs whose reported changes differ, set by set) and ``table`` (a markdown table of
two dumps, start -> end).  ``--code DIR`` scores another checkout's fact core (a base
commit's worktree) with this checkout's sets and scorer.  ``show`` prints a dump's pairs
for reading (each field's word diff, the labels, the reported changes marked matched and
right): the false alerts, the pairs with a label unmatched, or those with a change not
right; it refuses the untouched sets, whose pairs no reading may see.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "data"
PUBLIC = REPO.parent / "shared" / "examples" / "factpairs-public.jsonl"
UNTOUCHED = DATA / "untouched-sets.txt"


def _untouched_lines() -> list[tuple[str, str]]:
    """Each set named in untouched-sets.txt, with its line's comment."""
    lines = UNTOUCHED.read_text(encoding="utf-8").splitlines()
    return [(name.strip(), comment) for line in lines
            for name, _, comment in [line.partition("#")] if name.strip()]


def untouched() -> set[str]:
    """The set names of untouched-sets.txt."""
    return {name for name, _ in _untouched_lines()}


def labels_pending() -> set[str]:
    """The untouched sets listed as sampled, their labels not written yet (a line's
    comment "labels pending"): listed before they are labelled, so that no reading
    of them can come first."""
    return {name for name, comment in _untouched_lines() if "labels pending" in comment}


def set_files() -> dict[str, tuple[Path, str | None]]:
    """Each set's name, file and split (the real set's halves share one file)."""
    sets: dict[str, tuple[Path, str | None]] = {
        "dev": (DATA / "realpairs-labels.jsonl", "dev"),
        "heldout": (DATA / "realpairs-labels.jsonl", "heldout"),
    }
    for path in sorted(DATA.glob("realpairs-*-labels.jsonl")):
        name = path.name[len("realpairs-"):-len("-labels.jsonl")]
        if name not in ("agreement", "fresh6-second"):  # second labellings, not sets
            sets[name] = (path, None)
    for path in sorted(DATA.glob("factpairs-*.jsonl")):
        sets[path.stem[len("factpairs-"):]] = (path, None)
    if PUBLIC.exists():
        sets["public"] = (PUBLIC, None)
    return sets


def chosen(which: str, sets: Iterable[str]) -> list[str]:
    names = list(sets)
    kept_out = untouched()
    if which == "tuning":
        return [n for n in names if n not in kept_out]
    if which == "untouched":
        return [n for n in names if n in kept_out]
    if which == "all":
        return names
    wanted = which.split(",")
    unknown = [n for n in wanted if n not in names]
    if unknown:
        raise SystemExit(f"no such set: {', '.join(unknown)} (sets: {', '.join(names)})")
    return wanted


def _score_set(job: tuple[str, str, str | None, str, str | None]) -> list[dict[str, Any]]:
    """One set's pairs, each with its reported changes marked matched and right (run in a
    worker process: the fact core is imported there, from ``code`` when given)."""
    name, path, split, min_severity, code = job
    sys.path.insert(0, code or str(REPO))
    import monitor.facts  # the fact core to score, before factpairs puts this checkout first

    assert Path(monitor.facts.__file__).is_relative_to(code or REPO)
    sys.path.insert(0, str(REPO / "benchmarks"))
    import factpairs

    rows = factpairs.load_rows(Path(path), split)
    out = []
    for row in rows:
        reported = factpairs.run_pair(row, min_severity)
        expected = row.get("expected", [])
        loose = {id(c) for _, c in factpairs.match_pair(expected, reported, strict=False)}
        right = {id(c) for e, c in factpairs.match_pair(expected, reported, strict=True)
                 if factpairs.kind_agrees(e, c)}
        out.append({"set": name, "id": row.get("id"), "expected": expected,
                    "reported": [dict(c, matched=id(c) in loose, right=id(c) in right)
                                 for c in reported]})
    return out


@dataclass
class Tally:
    """A set's counts, summed over its pairs."""

    cosmetic: int = 0
    false_alerts: int = 0
    high_false_alerts: int = 0
    expected: int = 0
    reported: int = 0
    matched: int = 0
    right: int = 0
    pairs: list[str] = field(default_factory=list)

    def add(self, pair: dict[str, Any]) -> None:
        reported = pair["reported"]
        self.expected += len(pair["expected"])
        self.reported += len(reported)
        self.matched += sum(c["matched"] for c in reported)
        self.right += sum(c["right"] for c in reported)
        if not pair["expected"]:
            self.cosmetic += 1
            self.false_alerts += bool(reported)
            self.high_false_alerts += any(c["severity"] == "high" for c in reported)

    def add_tally(self, other: Tally) -> None:
        for name in ("cosmetic", "false_alerts", "high_false_alerts", "expected",
                     "reported", "matched", "right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def ratios(self) -> tuple[float, float, float]:
        """Precision, recall, right."""
        return (self.matched / max(1, self.reported), self.matched / max(1, self.expected),
                self.right / max(1, self.reported))


def tallies(pairs: Iterable[dict[str, Any]]) -> dict[str, Tally]:
    out: dict[str, Tally] = {}
    for pair in pairs:
        out.setdefault(pair["set"], Tally()).add(pair)
    return out


def read_dump(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cmd_score(args: argparse.Namespace) -> int:
    files = set_files()
    names = chosen(args.sets, files)
    code = str(Path(args.code).resolve()) if args.code else None
    jobs = [(n, str(files[n][0]), files[n][1], args.min_severity, code) for n in names]
    with ProcessPoolExecutor(args.workers) as pool:
        results = dict(zip(names, pool.map(_score_set, jobs), strict=True))
    pairs = [pair for name in names for pair in results[name]]
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(pair) + "\n" for pair in pairs)
    total = Tally()
    for name, tally in tallies(pairs).items():
        total.add_tally(tally)
        print(_line(name, tally))
    print(_line("all", total))
    return 0


def _line(name: str, tally: Tally) -> str:
    precision, recall, right = tally.ratios()
    return (f"{name:12} FA {tally.false_alerts:4}/{tally.cosmetic:<5} high "
            f"{tally.high_false_alerts:3}  P {precision:.3f}  R {recall:.3f}  right "
            f"{right:.3f}  matched {tally.matched}/{tally.expected}  reported {tally.reported}")


def _changes(pair: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c["kind"], c["action"], c["old"], c["new"], c["matched"])
            for c in pair["reported"]]


def cmd_compare(args: argparse.Namespace) -> int:
    before = {(p["set"], p["id"]): p for p in read_dump(args.before)}
    for pair in read_dump(args.after):
        old = before.get((pair["set"], pair["id"]))
        if old is None or _changes(old) == _changes(pair):
            continue
        print(f"=== {pair['set']} {pair['id']} "
              f"{'cosmetic' if not pair['expected'] else 'changes'}")
        for change in _changes(old):
            if change not in _changes(pair):
                print("   -", change)
        for change in _changes(pair):
            if change not in _changes(old):
                print("   +", change)
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    before, after = tallies(read_dump(args.before)), tallies(read_dump(args.after))
    print("| set | cosmetic | false alerts | at `high` | P | R | right |")
    print("| --- | ---: | --- | --- | --- | --- | --- |")
    totals = Tally(), Tally()
    for name, end in after.items():
        start = before.get(name)
        if start is None:
            continue
        totals[0].add_tally(start)
        totals[1].add_tally(end)
        print(_row(name, start, end))
    print(_row("**all**", *totals))
    return 0


def _row(name: str, start: Tally, end: Tally) -> str:
    ratios = zip(start.ratios(), end.ratios(), strict=True)
    cells = " | ".join(f"{a:.3f} -> {b:.3f}" for a, b in ratios)
    return (f"| {name} | {end.cosmetic} | {start.false_alerts} -> {end.false_alerts} | "
            f"{start.high_false_alerts} -> {end.high_false_alerts} | {cells} |")


# A run of unchanged words longer than this is shown by its ends ("a b c … x y z")
_KEPT_WORDS = 12
_ENDS = 5


def word_diff(old: str | None, new: str | None) -> str:
    """``old`` -> ``new`` word by word: "[-gone-]{+came+}", long unchanged runs elided."""
    a, b = (old or "").split(), (new or "").split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            kept = a[i1:i2]
            out.append(" ".join(kept) if len(kept) <= _KEPT_WORDS else
                       " ".join(kept[:_ENDS]) + " … " + " ".join(kept[-_ENDS:]))
        else:
            out.append(f"[-{' '.join(a[i1:i2])}-]{{+{' '.join(b[j1:j2])}+}}")
    return " ".join(out)


_WHICH = {
    "fa": lambda pair: not pair["expected"] and bool(pair["reported"]),
    "unmatched": lambda pair: sum(c["matched"] for c in pair["reported"]) < len(
        pair["expected"]),
    "notright": lambda pair: any(not c["right"] for c in pair["reported"]),
    "all": lambda pair: True,
}


def cmd_show(args: argparse.Namespace) -> int:
    kept_out = untouched()
    wanted = set(args.sets.split(",")) if args.sets else None
    ids = set(args.ids.split(",")) if args.ids else None
    files = set_files()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    sys.path.insert(0, str(REPO / "benchmarks"))
    import factpairs
    for pair in read_dump(args.dump):
        name = pair["set"]
        if name in kept_out:
            raise SystemExit(f"{name} is untouched: its pairs are not shown "
                             "(benchmarks/data/untouched-sets.txt)")
        if (wanted and name not in wanted) or (ids and pair["id"] not in ids) or (
                not _WHICH[args.which](pair)):
            continue
        if not any(key[0] == name for key in rows):
            path, split = files[name]
            rows.update(((name, row.get("id")), row) for row in factpairs.load_rows(path, split))
        _print_pair(pair, rows[(name, pair["id"])])
    return 0


def _print_pair(pair: dict[str, Any], row: dict[str, Any]) -> None:
    print(f"=== {pair['set']} {pair['id']}")
    for field_name in ("title", "text"):
        old, new = row["old"].get(field_name), row["new"].get(field_name)
        if old != new:
            print(f"  {field_name}: {word_diff(old, new)}")
    for label in pair["expected"]:
        print(f"  label  {label['kind']} {label.get('old')!r} -> {label.get('new')!r}"
              f"  ({label.get('note', '')})")
    for change in pair["reported"]:
        marks = ("matched" if change["matched"] else "") + (" right" if change["right"] else "")
        print(f"  report {change['severity']} {change['kind']} {change['action']} "
              f"{change['old']!r} -> {change['new']!r}  {marks}".rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score sets, print per-set figures")
    score.add_argument("--sets", default="tuning",
                       help="tuning (default), untouched, all, or set names with commas")
    score.add_argument("--min-severity", choices=("low", "medium", "high"), default="low")
    score.add_argument("--dump", type=Path, help="write each pair's reported changes here")
    score.add_argument("--code", help="another checkout whose fact core to score")
    score.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    score.set_defaults(run=cmd_score)
    for command, run, text in (("compare", cmd_compare, "pairs whose reported changes differ"),
                               ("table", cmd_table, "a markdown table, start -> end")):
        each = sub.add_parser(command, help=text)
        each.add_argument("before", type=Path)
        each.add_argument("after", type=Path)
        each.set_defaults(run=run)
    show = sub.add_parser("show", help="a dump's pairs for reading (never untouched sets)")
    show.add_argument("dump", type=Path)
    show.add_argument("--ids", help="only these pairs, with commas")
    show.add_argument("--which", choices=tuple(_WHICH), default="fa",
                      help="false alerts (default), a label unmatched, a change not right, all")
    show.add_argument("--sets", help="only these sets, with commas")
    show.set_defaults(run=cmd_show)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
