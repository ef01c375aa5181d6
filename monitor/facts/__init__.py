"""The fact core: typed facts of a story version, and the fact changes between two.

    from monitor.facts import extract_facts, diff_documents

One module per job (see docs/facts.md):

    lexicon          the word lists (data/*.txt), loaded once and checked
    vocabulary       the Literal types: fact kinds, actions, severities, ...
    tokens, atoms    text -> tokens -> atoms, and what one atom means
    dates, numbers   runs of atoms that say when and how many
    context, names   what the whole story tells about names; names compared
    reading          analyse(): a sentence -> atoms (cached for the diff and extraction)
    extract          Fact, extract_facts()
    attribution, status, conditions, cosmetic
                     what each kind of edit looks like (used by the rules)
    align            sentence alignment between two versions
    regions          the edits between two aligned sentences
    rules            the ordered classification table (each rule with examples)
    spans            the text shown for a change
    whole_sentences  sentences added or removed whole
    headline         a headline repeating a body change
    decompose        a rewritten passage told fact by fact
    polarity, quotations
                     a state flipped, a quotation replaced, across a rewritten sentence
    compare, sources what two spans state compared; who says it, one person called two ways
    shown            how a kept change is shown (whole phrases, not fragments)
    severity         how much each kind of change matters
    judge_data, rule_gates, signatures, judge
                     the meaning-equivalence judge: its tables (and which rewrite
                     rules a text can trigger), what a span states, the verdicts
    diff             diff_documents(), explain()
"""

from __future__ import annotations

from monitor.facts.atoms import Atom
from monitor.facts.attribution import attribution_span
from monitor.facts.context import Context, build_context
from monitor.facts.diff import Decision, diff_documents, explain
from monitor.facts.extract import SENTENCE_CACHE, Fact, extract_facts
from monitor.facts.lexicon import LexiconError, is_common_word
from monitor.facts.reading import analyse, analyse_in_context
from monitor.facts.rules import RULES, Rule
from monitor.facts.severity import SEVERITY
from monitor.facts.vocabulary import Action, AtomCategory, CosmeticReason, FactKind, Severity

__all__ = [
    "RULES",
    "SENTENCE_CACHE",
    "SEVERITY",
    "Action",
    "Atom",
    "AtomCategory",
    "Context",
    "CosmeticReason",
    "Decision",
    "Fact",
    "FactKind",
    "LexiconError",
    "Rule",
    "Severity",
    "analyse",
    "analyse_in_context",
    "attribution_span",
    "build_context",
    "diff_documents",
    "explain",
    "extract_facts",
    "is_common_word",
]
