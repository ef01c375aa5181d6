"""How much a change matters to a reader: the severity of each fact kind.

Number, status and condition changes are ``high`` (they change what a reader would act
on); date, entity and attribution changes are ``medium``; quote wording is ``low``.
Whole sentences added or removed are at most ``medium``.
"""

from __future__ import annotations

from monitor.facts.vocabulary import FactKind, Severity

SEVERITY: dict[FactKind, Severity] = {
    "number": "high", "status": "high", "condition": "high", "date": "medium",
    "entity": "medium", "attribution": "medium", "quote": "low",
}


def edit_severity(kind: FactKind) -> Severity:
    """The severity of a fact edited inside a sentence."""
    return SEVERITY[kind]


def whole_sentence_severity(kind: FactKind) -> Severity:
    """The severity of a sentence of this kind added or removed whole."""
    return "medium" if SEVERITY[kind] == "high" else SEVERITY[kind]
