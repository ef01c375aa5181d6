"""The typed vocabulary of the fact core: every closed set of strings it passes around.

The fact kinds, actions and severities of a ``Change`` are the project's shared
vocabulary (monitor.models); the rest belong to the fact core.
"""

from __future__ import annotations

from typing import Literal

from monitor.models import Action, FactKind, Severity

__all__ = ["Action", "AtomCategory", "CosmeticReason", "FactKind", "Severity"]

# What one atom of a sentence is ("name" only while multi-word names are merged).
AtomCategory = Literal["word", "num", "date", "punct", "quote", "name"]

# Why an edit changes no fact (monitor.models.CosmeticEdit.reason).
CosmeticReason = Literal[
    # decided by the classification rules (monitor.facts.rules)
    "punctuation", "reordering", "spelling", "label", "typo", "abbreviation", "aside",
    "wording", "synonym", "function words",
    # decided by the diff around them (monitor.facts.diff, monitor.facts.whole_sentences)
    "format", "boilerplate", "moved", "no hard fact", "moved or repeated",
]
