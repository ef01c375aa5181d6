"""Every consecutive version pair of the real revision corpus goes through the diff.

The corpus (shared/corpus/real, ~9,800 pairs of headline/summary revisions) has no
labels: this checks robustness (no exception, well-formed changes) and speed.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from itertools import pairwise
from pathlib import Path

import pytest

from monitor.facts import diff_documents
from monitor.models import ACTIONS, FACT_KINDS, SEVERITIES, Document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
FILES = sorted(p for p in CORPUS.glob("*.jsonl") if p.name != "pair_hints.jsonl")
BUDGET_SECONDS = 55.0  # measured: 15 s idle, 30 s under load, on the 2-core dev machine

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120),
              pytest.mark.skipif(not FILES, reason="shared/corpus/real is not present")]


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def test_every_real_version_pair_diffs_cleanly() -> None:
    pairs = 0
    started = time.perf_counter()
    for path in FILES:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                story = json.loads(line)
                published = _published(story.get("published"))
                versions = story["versions"]
                for old, new in pairwise(versions):
                    result = diff_documents(
                        Document(old.get("title") or "", old.get("text") or "", published),
                        Document(new.get("title") or "", new.get("text") or "", published))
                    for change in result.changes:
                        assert change.kind in FACT_KINDS
                        assert change.action in ACTIONS
                        assert change.severity in SEVERITIES
                        assert (change.old is None) == (change.action == "added")
                        assert (change.new is None) == (change.action == "removed")
                    pairs += 1
    elapsed = time.perf_counter() - started
    assert pairs > 9000
    assert elapsed < BUDGET_SECONDS, f"{pairs} pairs took {elapsed:.1f} s"
