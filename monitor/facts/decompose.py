"""A rewritten passage told fact by fact: one change per fact that differs.

When most of a sentence (or a headline) is rewritten, the atom diff sees one long edit
region, and reporting it as one change shows the editor two whole sentences.  Instead,
each side is read into its fact runs (a name, an amount, a date, a state word, a
restriction) and a run counts as new when the other version says it nowhere.  New runs
close together are one fact; a fact dropped and one brought of the same kind are one
change of that kind ("at least 38" -> "at least 47"), the others are added or removed,
shown as the clause that holds them.  Passages whose facts are all said in the other
version give no change here (the judge reads them as wording).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Literal

from monitor.facts.atoms import Atom, condition_value, is_condition, is_function, status_value
from monitor.facts.lexicon import CONDITION_MEANING, STATUS
from monitor.facts.numbers import qualifier_start
from monitor.facts.reading import MIN_QUOTED_WORDS, quoted_runs
from monitor.facts.severity import edit_severity, whole_sentence_severity
from monitor.facts.signatures import state_counted
from monitor.facts.spans import span_text
from monitor.facts.vocabulary import FactKind
from monitor.facts.whole_sentences import hard_fact, readable_clause, whole_sentence
from monitor.models import Change, DiffResult

REWRITE_ATOMS = 6  # an edit region this many content atoms wide on both sides is a rewrite
_NEAR = 2  # new fact runs this close (in atoms) are one fact
# Kinds whose dropped and brought values are one change when both sides hold one: an
# amount or a date replaced.  (A state or a name brought beside one dropped is mostly a
# different claim, not the same one changed: paired, they read "surges" -> "rescues".)
_PAIRED = frozenset({"number", "date"})


@dataclass(frozen=True, slots=True)
class FactRun:
    """Atoms [i, j) of one side that state one fact of ``kind``; ``keys`` is how the
    other version would say it (canonical words, or the state or restriction meant)."""

    i: int
    j: int
    kind: FactKind
    keys: tuple[str, ...]


def is_rewrite(a: list[Atom], b: list[Atom], i1: int, i2: int, j1: int, j2: int) -> bool:
    """Whether an edit region replaced a passage rather than a few words."""
    return _content(a[i1:i2]) >= REWRITE_ATOMS and _content(b[j1:j2]) >= REWRITE_ATOMS


def _content(atoms: list[Atom]) -> int:
    return sum(not is_function(x) for x in atoms)


def fact_runs(atoms: list[Atom], start: int = 0, stop: int | None = None) -> list[FactRun]:
    """The runs of ``atoms[start:stop]`` that state facts, in order."""
    stop = len(atoms) if stop is None else stop
    runs: list[FactRun] = []
    k = start
    while k < stop:
        atom = atoms[k]
        if atom.name and atom.cat == "word":
            j = k + 1
            while j < stop and atoms[j].name and atoms[j].cat == "word":
                j += 1
            runs.append(FactRun(k, j, "entity", tuple(x.canon for x in atoms[k:j])))
            k = j
            continue
        run = _one_atom_run(atom, k)
        if run is not None:
            runs.append(run)
        k += 1
    return runs


def _one_atom_run(atom: Atom, k: int) -> FactRun | None:
    if atom.cat == "num":
        return FactRun(k, k + 1, "number", (atom.canon,))
    if atom.cat == "date":
        return FactRun(k, k + 1, "date", (atom.canon,))
    state = status_value(atom)
    if state is not None:
        return FactRun(k, k + 1, "status", (f"state:{state}",))
    if is_condition(atom):
        return FactRun(k, k + 1, "condition", (f"condition:{condition_value(atom)}",))
    return None


def said_in(pool: Counter[str]) -> set[str]:
    """Everything a version says, as FactRun keys: its canonical atoms, and the state
    and restriction each of its words means."""
    keys = set(pool)
    keys |= {f"state:{STATUS[w]}" for w in pool if w in STATUS}
    keys |= {f"condition:{CONDITION_MEANING[w]}" for w in pool if w in CONDITION_MEANING}
    return keys


def _is_new(run: FactRun, other: set[str]) -> bool:
    if run.kind == "entity":  # "Biden" is said by "Joe Biden"
        return not any(key in other for key in run.keys)
    return not all(key in other for key in run.keys)


def _facts(runs: list[FactRun], other: set[str]) -> list[list[FactRun]]:
    """The new runs, those close together joined into one fact."""
    facts: list[list[FactRun]] = []
    for run in runs:
        if not _is_new(run, other):
            continue
        if facts and run.i - facts[-1][-1].j <= _NEAR:
            facts[-1].append(run)
        else:
            facts.append([run])
    return facts


_KIND_ORDER: tuple[FactKind, ...] = ("number", "date", "status", "condition", "entity")


def _kind(fact: list[FactRun]) -> FactKind:
    """A fact's kind: its hardest run's ("12 arrested": a number)."""
    kinds = {run.kind for run in fact}
    return next((kind for kind in _KIND_ORDER if kind in kinds), fact[0].kind)


def decompose(old_text: str, a: list[Atom], old_range: tuple[int, int], new_text: str,
              b: list[Atom], new_range: tuple[int, int], old_said: set[str],
              new_said: set[str]) -> list[Change]:
    """The fact changes between the rewritten passages a[old_range] and b[new_range]
    (``old_said``/``new_said``: what each whole version says, from said_in)."""
    old_quotes = _new_quotations(a, old_range, new_said)
    new_quotes = _new_quotations(b, new_range, old_said)
    if not (old_quotes and new_quotes):  # a quotation only brought or only dropped is
        old_quotes = new_quotes = []     # told by the facts around it (measured: 5 of 14
        # such quote changes were labelled facts, one in a cosmetic pair)
    gone = _facts(_outside(fact_runs(a, *old_range), old_quotes), new_said)
    fresh = _facts(_outside(fact_runs(b, *new_range), new_quotes), old_said)
    changes: list[Change | None] = _quote_changes(
        old_text, a, old_quotes, new_text, b, new_quotes)
    for old_fact in list(gone):
        twin = next((f for f in fresh if _kind(f) == _kind(old_fact) in _PAIRED
                     and _measure(b, f) == _measure(a, old_fact)
                     and _same_states_counted(a, old_fact, b, f)), None)
        if twin is None:
            continue
        gone.remove(old_fact)
        fresh.remove(twin)
        kind = _kind(old_fact)
        changes.append(Change(
            kind=kind, action="changed",
            old=_value(old_text, a, old_fact, kind), new=_value(new_text, b, twin, kind),
            old_sentence=old_text, new_sentence=new_text, severity=edit_severity(kind)))
    changes += [_one_sided(old_text, a, fact, "removed", old_text, new_text) for fact in gone]
    changes += [_one_sided(new_text, b, fact, "added", old_text, new_text) for fact in fresh]
    return _once([c for c in changes if c is not None and (c.old or c.new)])


def _new_quotations(atoms: list[Atom], span: tuple[int, int],
                    other_said: set[str]) -> list[tuple[int, int]]:
    """The quotations inside atoms[span] (runs of quoted words, MIN_QUOTED_WORDS or more)
    with a content word the other version says nowhere: a quote the speaker is now told
    to have said, or no longer ("was just 'another day at the office'" -> "involves
    getting them 'through the night'")."""
    runs: list[tuple[int, int]] = []
    for i, j in quoted_runs(atoms):
        i, j = max(i, span[0]), min(j, span[1])
        while i < j and atoms[i].cat not in ("word", "num"):
            i += 1  # (from its first word)
        words = [x for x in atoms[i:j] if x.cat in ("word", "num")]
        if len(words) >= MIN_QUOTED_WORDS and not _a_title(words, atoms) and any(
                not is_function(x) and x.canon not in other_said for x in words):
            runs.append((i, j))
    return runs


def _a_title(words: list[Atom], atoms: list[Atom]) -> bool:
    """Quoted words that are a work's title ("Hemingway's 'The Sun Also Rises'"): every
    content word capitalised, in a sentence that writes its own in lower case."""
    def capitalised(group: list[Atom]) -> bool:
        return all(x.text[:1].isupper() for x in group if not is_function(x))
    outside = [x for x in atoms if x.cat == "word" and not x.in_quote and not is_function(x)]
    return capitalised(words) and not capitalised(outside)


def _outside(runs: list[FactRun], quotations: list[tuple[int, int]]) -> list[FactRun]:
    """The fact runs that no reported quotation holds (its words are the quote's)."""
    return [run for run in runs if not any(i <= run.i < j for i, j in quotations)]


def _quote_changes(old_text: str, a: list[Atom], old_quotes: list[tuple[int, int]],
                   new_text: str, b: list[Atom], new_quotes: list[tuple[int, int]],
                   ) -> list[Change | None]:
    """One quote change per pair of a quotation dropped and one brought (in order), and
    one per quotation left over on the longer side."""
    shown_old = [_quotation_text(old_text, a, i, j) for i, j in old_quotes]
    shown_new = [_quotation_text(new_text, b, i, j) for i, j in new_quotes]
    changes: list[Change | None] = []
    for k in range(max(len(shown_old), len(shown_new))):
        old = shown_old[k] if k < len(shown_old) else None
        new = shown_new[k] if k < len(shown_new) else None
        action: Literal["changed", "added", "removed"] = (
            "changed" if old and new else "added" if new else "removed")
        changes.append(Change(kind="quote", action=action, old=old, new=new,
                              old_sentence=old_text, new_sentence=new_text,
                              severity=edit_severity("quote")))
    return changes


def _quotation_text(text: str, atoms: list[Atom], i: int, j: int) -> str | None:
    """A quotation as written, with its marks (as a quotation added whole is shown)."""
    value = span_text(text, atoms, i, j, "quote")
    if value is None or (at := text.find(value)) < 0:
        return value
    start, end = at, at + len(value)
    if start > 0 and text[start - 1] in _OPENING_MARKS:
        start -= 1
    if end < len(text) and text[end] in _CLOSING_MARKS:
        end += 1
    return text[start:end]


_OPENING_MARKS = frozenset("\"'\u201c\u2018")
_CLOSING_MARKS = frozenset("\"'\u201d\u2019")


def _measure(atoms: list[Atom], fact: list[FactRun]) -> frozenset[bool]:
    """Whether a fact's amounts are shares ("6.2 per cent") or counts and sums ("900,000
    tests"): a share replacing a count is two facts, not one amount changed.  (Currencies
    are not told apart here: "20 million Australian dollars" carries none in its value.)"""
    return frozenset(atoms[run.i].value.endswith("%") for run in fact
                     if atoms[run.i].cat == "num")


def _same_states_counted(a: list[Atom], old_fact: list[FactRun], b: list[Atom],
                         new_fact: list[FactRun]) -> bool:
    """Two amounts that count two different states are two facts ("forced hundreds to
    evacuate" -> "as 2 die": the evacuated and the dead), not one count changed; an
    amount counting no state may stand for either."""
    old = {state_counted(a, run.i) for run in old_fact if a[run.i].cat == "num"} - {None}
    new = {state_counted(b, run.i) for run in new_fact if b[run.i].cat == "num"} - {None}
    return not (old and new) or bool(old & new)


def _once(changes: list[Change]) -> list[Change]:
    """One change per value: two facts in one clause are that clause, once."""
    seen: set[tuple[str | None, str | None]] = set()
    out: list[Change] = []
    for change in changes:
        if (change.old, change.new) not in seen:
            seen.add((change.old, change.new))
            out.append(change)
    return out


def _value(text: str, atoms: list[Atom], fact: list[FactRun], kind: FactKind) -> str | None:
    return span_text(text, atoms, fact[0].i, fact[-1].j, kind)


def _one_sided(text: str, atoms: list[Atom], fact: list[FactRun],
               action: Literal["added", "removed"], old_text: str,
               new_text: str) -> Change | None:
    """A fact told on one side only, as its clause; None when the clause states nothing
    checkable (a state word alone: "confirms")."""
    kind = _kind(fact)
    first = fact[0].i
    if fact[0].kind == "number":
        first = qualifier_start(atoms, first)  # "[at least] 1 person"
    i, j = readable_clause(atoms, first, fact[-1].j)
    if not hard_fact(atoms[i:j]):
        return None
    value = text[atoms[i].start:atoms[j - 1].end]
    return Change(kind=kind, action=action,
                  old=value if action == "removed" else None,
                  new=value if action == "added" else None,
                  old_sentence=old_text, new_sentence=new_text,
                  severity=whole_sentence_severity(kind))


def told_fact_by_fact(sentence: str, atoms: list[Atom], other_pool: Counter[str],
                      action: Literal["added", "removed"], result: DiffResult) -> None:
    """A rewritten headline added or removed whole (whole_sentence), to be told fact by
    fact when it carries two or more facts the other version (``other_pool``: its
    canonical atoms) says nowhere: "Looting continued in New York" and "military
    helicopters attempted to dispel protesters in DC", not the headline as one value.
    The parts go to ``result.parts``: they stand for the headline only if the judge keeps
    it (a headline the story tells another way is silent, whatever its parts read)."""
    before = len(result.changes)
    whole_sentence(sentence, atoms, other_pool, action, result, amounts_apart=False)
    if len(result.changes) == before:
        return  # no fact the other version lacks: nothing to tell
    facts = _sentence_facts(sentence, atoms, said_in(other_pool), action)
    if len(facts) >= 2:  # told so if the judge keeps the headline (judge.verdict._in_parts)
        result.parts[result.changes[-1]] = facts


def _sentence_facts(sentence: str, atoms: list[Atom], other_said: set[str],
                    action: Literal["added", "removed"]) -> list[Change]:
    """One change per fact of ``sentence`` the other version does not say, each shown as
    its clause; a clause that holds another's is left out (the shorter is the fact)."""
    changes = []
    for fact in _facts(fact_runs(atoms), other_said):
        change = _one_sided(sentence, atoms, fact, action,
                            sentence if action == "removed" else "",
                            sentence if action == "added" else "")
        if change is not None:
            changes.append(replace(change, old_sentence=change.old_sentence or None,
                                   new_sentence=change.new_sentence or None))
    values = [c.old or c.new or "" for c in changes]
    return _once([c for c, v in zip(changes, values, strict=True)
                  if not any(other != v and other in v for other in values)])
