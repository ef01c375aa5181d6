"""docs/reliability.md (and the guarantee table in docs/alerts.md) name the tests that show
each guarantee: every name must be a test that exists, so the pages cannot rot."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NODE_ID = re.compile(r"`(?:tests/)?(test_\w+\.py)::(test_\w+)`")
SECTIONS = ["Hostile feed content", "Hostile HTTP", "Crashes", "Alerts", "Config and files"]


@cache
def defined_tests(file_name: str) -> frozenset[str]:
    """Names of the test functions defined in tests/<file_name> (module level or in classes)."""
    path = REPO / "tests" / file_name
    if not path.exists():
        return frozenset()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and \
                node.name.startswith("test_"):
            names.add(node.name)
    return frozenset(names)


def cited(doc: str) -> list[tuple[str, str]]:
    return NODE_ID.findall((REPO / "docs" / doc).read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc", ["reliability.md", "alerts.md"])
def test_every_cited_test_exists(doc):
    references = cited(doc)
    assert references, f"docs/{doc} cites no tests"
    missing = [f"{file}::{name}" for file, name in references if name not in defined_tests(file)]
    assert missing == [], f"docs/{doc} cites tests that do not exist: {missing}"


def test_every_section_of_the_issue_has_a_table_and_every_row_a_test():
    text = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \d\. (.+)$", text, re.MULTILINE)
    assert headings == SECTIONS
    for section in re.split(r"^## \d\. ", text, flags=re.MULTILINE)[1:]:
        rows = [line for line in section.splitlines()
                if line.startswith("| ") and not line.startswith(("| Guarantee", "| ---"))]
        assert rows, section.splitlines()[0]
        for row in rows:
            assert NODE_ID.search(row), f"a guarantee without a test: {row[:80]}"


def test_the_checker_catches_a_missing_test():
    assert "test_every_cited_test_exists" in defined_tests("test_reliability_doc.py")
    assert "test_no_such_thing" not in defined_tests("test_reliability_doc.py")
    assert defined_tests("test_no_such_file.py") == frozenset()
