"""tests/support/schedule.py: under pytest-xdist the slow tests head the workers' shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from tests.support.schedule import long_tests_first


@dataclass
class FakeItem:
    name: str
    seconds: float | None = None  # None: not marked slow
    kwargs: dict[str, Any] = field(default_factory=dict)

    def get_closest_marker(self, name: str) -> FakeItem | None:
        if name != "slow" or self.seconds is None:
            return None
        self.kwargs = {"seconds": self.seconds} if self.seconds else {}
        return self


def ordered(items: list[FakeItem]) -> list[str]:
    as_items = cast(list[pytest.Item], items)
    long_tests_first(as_items)
    return [cast(FakeItem, item).name for item in as_items]


def test_slow_tests_head_each_workers_share_longest_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    items = [FakeItem(f"t{i}") for i in range(8)]
    items[5].seconds, items[7].seconds, items[2].seconds = 0, 60, 15  # 0: default (10)
    # shares of 4 and 4: the 60 s test heads the first, the 15 s one the second
    assert ordered(items) == ["t7", "t5", "t0", "t1", "t2", "t3", "t4", "t6"]


def test_without_workers_the_order_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    items = [FakeItem("a"), FakeItem("b", seconds=60)]
    assert ordered(items) == ["a", "b"]


def test_more_slow_tests_than_a_share_holds_loses_none(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "4")
    items = [FakeItem(f"s{i}", seconds=float(i + 1)) for i in range(5)] + [FakeItem("f")]
    assert sorted(ordered(items)) == sorted(i.name for i in items)
