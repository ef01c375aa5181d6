"""The fact timeline fold behind `monitor history --facts`."""

from __future__ import annotations

from monitor.timeline import fact_timeline, repeated_versions


def row(version: int, key: str | None, value: str, kind: str = "number") -> dict:
    return {"version": version, "kind": kind, "key": key, "value": value, "span": value}


def test_a_fact_is_followed_through_changes_a_gap_and_a_revert() -> None:
    rows = [row(1, "toll", "12"), row(2, "toll", "15"), row(4, "toll", "12"),
            row(1, "date", "2025-01", "date"), row(2, "date", "2025-01", "date"),
            row(3, "date", "2025-01", "date"), row(4, "date", "2025-01", "date")]
    timeline = {h.key: h for h in fact_timeline(rows, [1, 2, 3, 4])}
    assert [(s.version, s.value) for s in timeline["toll"].states] == [
        (1, "12"), (2, "15"), (3, None), (4, "12")]
    assert not timeline["date"].changed and timeline["date"].first_seen == 1


def test_late_facts_come_after_early_ones_and_keyless_facts_are_left_out() -> None:
    rows = [row(2, "new", "3"), row(1, "old", "1"), row(1, None, "x")]
    timeline = fact_timeline(rows, [1, 2])
    assert [(h.key, h.first_seen) for h in timeline] == [("old", 1), ("new", 2)]
    assert timeline[1].to_dict() == {"kind": "number", "key": "new", "first_seen": 2,
                                     "states": [{"version": 2, "value": "3", "span": "3"}]}


def test_no_versions_no_history() -> None:
    assert fact_timeline([], []) == []


def test_a_version_repeating_an_earlier_ones_content_is_named_with_it() -> None:
    versions = [{"number": n, "content_hash": h} for n, h in
                [(1, "a"), (2, "b"), (3, "a"), (4, "c"), (5, "b"), (6, "a")]]
    assert repeated_versions(versions) == {3: 1, 5: 2, 6: 1}
    assert repeated_versions(reversed(versions)) == {3: 1, 5: 2, 6: 1}  # newest first too
    assert repeated_versions([]) == {}
