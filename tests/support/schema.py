"""A SQLite store made as an older monitor made it: only the first migrations applied."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import monitor.store as store_module


@contextlib.contextmanager
def store_of_schema(path: Path, version: int) -> Iterator[store_module.SqliteStore]:
    """The store at ``path`` opened by a monitor that knew ``version`` migrations."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:version])
        patch.setattr(store_module, "SCHEMA_VERSION", version)
        with store_module.Store.open(path) as store:
            yield store
