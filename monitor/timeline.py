"""When each fact of a story first appeared and when it changed (pure).

Every version's facts (stored by the pipeline, or read from a version's text when
they were not: ``ingest.read_story_facts``) carry a ``key`` naming their slot ("date:end
term _"), so the same fact can be followed across versions.  This folds those rows into
one history per fact for `monitor history --facts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class FactState:
    version: int  # the version from which the fact reads this way
    value: str | None  # normalised value; None: the fact is gone from the story
    span: str | None  # the words that carried it


@dataclass(slots=True)
class FactHistory:
    kind: str
    key: str
    states: list[FactState] = field(default_factory=list)

    @property
    def first_seen(self) -> int:
        return self.states[0].version

    @property
    def changed(self) -> bool:
        return len(self.states) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "first_seen": self.first_seen,
                "states": [{"version": s.version, "value": s.value, "span": s.span}
                           for s in self.states]}


def fact_timeline(rows: Iterable[Mapping[str, Any]], versions: Iterable[int]) -> list[FactHistory]:
    """Fold fact rows (``version``, ``kind``, ``key``, ``value``, ``span``) into one
    history per fact: a new state whenever its value changes, appears or goes.

    ``versions`` lists every stored version number, so a fact missing from a
    version is recorded as gone from it.  Facts without a key cannot be followed
    and are left out.  Ordered by first appearance, then kind and key.
    """
    by_version: dict[int, dict[tuple[str, str], tuple[str | None, str | None]]] = {}
    for row in rows:
        if row.get("key"):
            slot = (row["kind"], row["key"])
            by_version.setdefault(row["version"], {}).setdefault(
                slot, (row.get("value"), row.get("span")))
    histories: dict[tuple[str, str], FactHistory] = {}
    for number in sorted(versions):
        present = by_version.get(number, {})
        for slot, (value, span) in present.items():
            history = histories.setdefault(slot, FactHistory(*slot))
            if not history.states or history.states[-1].value != value:
                history.states.append(FactState(number, value, span))
        for slot, history in histories.items():
            if slot not in present and history.states[-1].value is not None:
                history.states.append(FactState(number, None, None))
    return sorted(histories.values(), key=lambda h: (h.first_seen, h.kind, h.key))


# What a version repeating an earlier one word for word may be, as alerts, `monitor
# history` and the web view say it.
REPEAT_CAUSE = "an edit undone, or a stale copy served again"


def repeated_versions(versions: Iterable[Mapping[str, Any]]) -> dict[int, int]:
    """Each version number whose content (``content_hash``) an earlier version of the story
    had, with that earlier number: an edit undone, or a stale copy a site served again.
    The versions are read in their numbers' order, whatever order they come in."""
    first_with: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for version in sorted(versions, key=lambda v: int(v["number"])):
        number = int(version["number"])
        first = first_with.setdefault(str(version["content_hash"]), number)
        if first != number:
            repeats[number] = first
    return repeats
