"""Sentence alignment between two versions of a story.

Pairs each old sentence with the new sentence(s) it became, robust to reordered
paragraphs, small edits, and sentences split in two or merged into one.  Input is
one comparison key per sentence (a canonical form in which cosmetic variation is
already gone); similarity is rapidfuzz's normalised Indel ratio.  Pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

MATCH_THRESHOLD = 55.0  # ratio above which two sentences are the same sentence edited
JOIN_GAIN = 4.0  # how much a neighbour must improve a match to be joined to it
GAP_THRESHOLD = 35.0  # a rewritten sentence in the same place as the one it replaced


@dataclass(slots=True)
class Group:
    """Old sentences (indices) that became these new sentences (usually one and one)."""

    old: list[int] = field(default_factory=list)
    new: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Alignment:
    groups: list[Group]
    removed: list[int]  # old sentences with no counterpart
    added: list[int]  # new sentences with no counterpart


def _joined(keys: list[str], indices: list[int]) -> str:
    return " ".join(keys[i] for i in sorted(indices))


def _score(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


def _shares_words(a: str, b: str) -> bool:
    """At least two content words (four letters or more, or values) in common."""
    words = {w for w in a.split() if len(w) > 3}
    return len(words & set(b.split())) >= 2


def _carries_lost_words(sentence: str, mine: str, theirs: str) -> bool:
    """Whether a sentence holds most of what its neighbour's counterpart lost: the
    second half of a split ("..., in a shift" -> "... . The shift ...")."""
    words = {w for w in sentence.split() if len(w) > 3}
    lost = set(theirs.split()) - set(mine.split())
    return len(words) >= 2 and len(words & lost) >= 0.5 * len(words)


def align(old: list[str], new: list[str], *, threshold: float = MATCH_THRESHOLD) -> Alignment:
    """Align sentences given their comparison keys (same order as in the documents)."""
    owner_old: dict[int, Group] = {}
    owner_new: dict[int, Group] = {}
    groups: list[Group] = []

    def pair(i: int, j: int) -> None:
        group = Group([i], [j])
        groups.append(group)
        owner_old[i] = owner_new[j] = group

    # 1. identical sentences, first come first served (keeps order for repeats)
    by_key: dict[str, list[int]] = {}
    for j, key in enumerate(new):
        by_key.setdefault(key, []).append(j)
    for i, key in enumerate(old):
        if by_key.get(key):
            pair(i, by_key[key].pop(0))

    # 2. best remaining pairs by similarity
    rest_old = [i for i in range(len(old)) if i not in owner_old]
    rest_new = [j for j in range(len(new)) if j not in owner_new]
    if rest_old and rest_new:
        scored = ((fuzz.ratio(old[i], new[j], score_cutoff=threshold), i, j)
                  for i in rest_old for j in rest_new)
        candidates = sorted((t for t in scored if t[0]), key=lambda t: (-t[0], abs(t[1] - t[2])))
        for _, i, j in candidates:
            if i not in owner_old and j not in owner_new:
                pair(i, j)

    # 3. splits and merges: join an unmatched neighbour to a group when that helps
    changed = True
    while changed:
        changed = False
        for side, keys, other_keys, owner in (
                ("new", new, old, owner_new), ("old", old, new, owner_old)):
            for k in range(len(keys)):
                if k in owner:
                    continue
                for neighbour in (k - 1, k + 1):
                    group = owner.get(neighbour)
                    if group is None:
                        continue
                    mine = group.new if side == "new" else group.old
                    theirs = group.old if side == "new" else group.new
                    if max(mine) + 1 != k and min(mine) - 1 != k:
                        continue
                    target = _joined(other_keys, theirs)
                    before = _score(_joined(keys, mine), target)
                    after = _score(_joined(keys, [*mine, k]), target)
                    if after >= before + JOIN_GAIN or _carries_lost_words(
                            keys[k], _joined(keys, mine), target):
                        mine.append(k)
                        mine.sort()
                        owner[k] = group
                        changed = True
                        break

    # 4. an unmatched sentence that only matches two unmatched neighbours joined
    for side in ("old", "new"):
        keys, other_keys = (old, new) if side == "old" else (new, old)
        owner, other_owner = (owner_old, owner_new) if side == "old" else (owner_new, owner_old)
        for k in range(len(keys)):
            if k in owner:
                continue
            for m in range(len(other_keys) - 1):
                if m in other_owner or m + 1 in other_owner:
                    continue
                if _score(keys[k], other_keys[m] + " " + other_keys[m + 1]) >= threshold:
                    group = Group([k], [m, m + 1]) if side == "old" else Group([m, m + 1], [k])
                    groups.append(group)
                    owner[k] = group
                    other_owner[m] = other_owner[m + 1] = group
                    break

    # 5. gap filling: an unmatched old sentence and an unmatched new one sitting between the
    # same aligned neighbours are one sentence rewritten, if they still share some words
    for i in range(len(old)):
        if i in owner_old:
            continue
        low = max((max(owner_old[k].new) for k in range(i) if k in owner_old), default=-1)
        high = min((min(owner_old[k].new) for k in range(i + 1, len(old)) if k in owner_old),
                   default=len(new))
        options = [(fuzz.ratio(old[i], new[j]), j) for j in range(low + 1, high)
                   if j not in owner_new and _shares_words(old[i], new[j])]
        best = max(options, default=None)
        if best and best[0] >= GAP_THRESHOLD:
            pair(i, best[1])

    groups.sort(key=lambda g: (min(g.new), min(g.old)))
    return Alignment(
        groups=groups,
        removed=[i for i in range(len(old)) if i not in owner_old],
        added=[j for j in range(len(new)) if j not in owner_new],
    )
