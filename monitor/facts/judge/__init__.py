"""The meaning-equivalence judge: the last word on every candidate change.

The diff proposes changes from edits it finds between aligned sentences; many edits of
real news are wording, not facts ("was damaged" -> "sustained damage", "$30 million" ->
"$30-million", "British" -> "UK", a headline rewritten around the same facts).  The judge
reads both sides of each candidate into a *fact signature* — the amounts (formats, units
and currencies normalised), dates, named entities (aliases, acronyms and demonyms made
one), negations, modality, restrictions, states of people and events, quoted words and
members of closed noun classes ("cousin", "helium") — and keeps a change only when the
signatures differ:

    same       the two sentences say the same facts: the change is wording
    typo       the sentences differ by a letter or two in a non-name word
    present    an added (removed) span whose every fact the other version still states
    no facts   a change between two spans that carry no fact at all

Everything it knows lives in data files under monitor/facts/data/judge (surface forms, aliases,
country names and demonyms, closed noun classes); the judge itself is pure functions.
A model of meaning (wordllama's embeddings) was measured and not used: it rates
"increased"/"climbed" (0.15) less alike than "hydrogen"/"helium" (0.27), see
docs/benchmarks.md.

One module per job, each importing only those above it:

    specified    one thing named two ways ("virus" -> "coronavirus", an alias)
    tense        one statement in another tense ("has died" -> "dies", "to V" / "will V")
    paraphrase   words that tell one event, read alike ("capsized" / "overturned")
    artefacts    the feed's furniture and its cuts
    versions     Versions: the two whole versions, worked out once per pair
    spelling     typos, and what is never one ("Iran" -> "Iraq")
    coverage     whether the other version still tells what a part says
    amounts      amounts and units told another way
    days         dates told another way
    questions    headlines that ask or explain
    parts        a kept change shown by its parts that are news
    promotions   wording edits promoted to facts
    checks       the checks in one ordered table: the first that holds says why a change
                 is wording
    verdict      judge_change(), and judge(): the entry point
"""

from __future__ import annotations

from monitor.facts.judge.spelling import distinct_known_names, reversed_by_prefix
from monitor.facts.judge.tense import inflected_only
from monitor.facts.judge.verdict import Verdict, judge, judge_change
from monitor.facts.judge.versions import Versions, headline_label

__all__ = [
    "Verdict",
    "Versions",
    "distinct_known_names",
    "headline_label",
    "inflected_only",
    "judge",
    "judge_change",
    "reversed_by_prefix",
]
