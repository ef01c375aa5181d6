"""monitor.facts.rules: every classification rule's own examples, run through the diff.

Each example must be decided by its own rule (monitor.facts.explain) and come out of
diff_documents as the rule says: one change of the rule's kind, or no change and a
cosmetic edit with the rule's reason.
"""

from __future__ import annotations

import pytest

from monitor.facts import RULES, Rule, diff_documents, explain
from monitor.facts.rules import Cosmetic, Example, Report
from monitor.models import FACT_KINDS, Document

CASES = [pytest.param(rule, example, id=f"{rule.name}-{n}")
         for rule in RULES for n, example in enumerate(rule.examples, 1)]


def _documents(example: Example) -> tuple[Document, Document]:
    if example.title:
        return Document(example.old, ""), Document(example.new, "")
    return Document("", example.old), Document("", example.new)


@pytest.mark.parametrize("rule, example", CASES)
def test_rule_decides_its_examples(rule: Rule, example: Example) -> None:
    decided = [d.rule.name for d in explain(example.old, example.new)]
    assert decided == [rule.name], f"{example.old!r} -> {example.new!r} decided by {decided}"


@pytest.mark.parametrize("rule, example", CASES)
def test_diff_documents_gives_each_example_its_outcome(rule: Rule, example: Example) -> None:
    result = diff_documents(*_documents(example))
    kinds = [c.kind for c in result.changes]
    if example.expect == "cosmetic":
        assert kinds == []
        assert rule.reason in [edit.reason for edit in result.cosmetic]
    else:
        assert kinds == [example.expect]


def test_every_rule_has_examples_that_agree_with_its_outcome() -> None:
    for rule in RULES:
        assert rule.examples, f"{rule.name} has no example"
        for example in rule.examples:
            if isinstance(rule.then, Report):
                assert example.expect == rule.then.kind, rule.name
            else:
                assert example.expect == "cosmetic", rule.name


def test_rules_have_distinct_names_and_the_last_one_always_holds() -> None:
    names = [rule.name for rule in RULES]
    assert len(set(names)) == len(names)
    assert RULES[-1].name == "any_other_wording" and isinstance(RULES[-1].then, Cosmetic)
    reported = {rule.kind for rule in RULES if rule.kind}
    assert reported == set(FACT_KINDS)  # every kind can be reported by some rule
