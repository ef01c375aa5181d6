"""A rewritten passage is told fact by fact (monitor/facts/decompose.py): the facts it
drops and brings, each as its own change, never the two whole sentences."""

from __future__ import annotations

from monitor.facts import diff_documents
from monitor.facts.context import build_context
from monitor.facts.decompose import decompose, said_in
from monitor.facts.diff import _pool
from monitor.facts.reading import analyse_in_context
from monitor.models import Change, Document

OLD = ("Several Labour councillors have quit the party, with Maria Lopez the most senior yet "
       "to say she is leaving.")
NEW = ("Several Labour councillors have quit the party, with former deputy mayor Tom Briggs "
       "and Maria Lopez both leaving this week.")


def test_a_rewritten_clause_reports_the_person_it_brings_not_the_sentence() -> None:
    changes = diff_documents(Document("Defections", OLD), Document("Defections", NEW)).changes
    assert ("added", "former deputy mayor Tom Briggs") in [(c.action, c.new) for c in changes]
    assert all(c.new != NEW.rstrip(".") and len(c.new or "") < len(NEW) / 2
               for c in changes), changes


def test_facts_said_on_both_sides_are_not_told() -> None:
    ctx = build_context(Document("", OLD), Document("", NEW))
    a, b = analyse_in_context(OLD, ctx), analyse_in_context(NEW, ctx)
    said_old = said_in(_pool([OLD], lambda s: analyse_in_context(s, ctx)))
    told = decompose(OLD, a, (0, len(a)), NEW, b, (0, len(b)), said_old, said_old | said_in(
        _pool([NEW], lambda s: analyse_in_context(s, ctx))))
    assert [c.new for c in told if c.action == "added"][:1] == ["former deputy mayor Tom Briggs"]
    assert not [c for c in told if c.action == "removed"], told  # Maria Lopez is in both


def _rewritten(o: str, n: str) -> list[Change]:
    """decompose() over two whole passages, each version saying only its own."""
    doc = Document("Update", "Officials reported the figures on Tuesday.")
    ctx = build_context(doc, doc)
    a, b = analyse_in_context(o, ctx), analyse_in_context(n, ctx)
    said_o = said_in(_pool([o], lambda s: analyse_in_context(s, ctx)))
    said_n = said_in(_pool([n], lambda s: analyse_in_context(s, ctx)))
    return decompose(o, a, (0, len(a)), n, b, (0, len(b)), said_o, said_n)


def test_an_amount_replaced_in_a_rewrite_is_one_number_change() -> None:
    told = _rewritten(
        "Officials fear 38 people died when the quake flattened homes across the mountain "
        "villages",
        "Provincial officials now fear 47 people died after landslides buried farms in the hills")
    numbers = [c for c in told if c.kind == "number"]
    assert [(c.action, c.old, c.new) for c in numbers] == [
        ("changed", "38 people", "47 people")], told


def test_a_share_in_place_of_a_count_in_a_rewrite_is_two_facts() -> None:
    """"900,000 tests" dropped and "6.2 per cent" brought are not one amount changed."""
    told = _rewritten(
        "More than 900,000 COVID-19 tests have been carried out across the whole country so far",
        "The national unemployment rate has climbed to 6.2 per cent as the lockdown bites hard")
    numbers = [(c.action, c.kind) for c in told if "900,000" in (c.old or "") or "6.2" in (
        c.new or "")]
    assert ("changed", "number") not in numbers and ("removed", "number") in numbers, told


def test_a_clause_is_never_cut_at_a_hyphen_inside_a_word_and_keeps_its_quote_marks() -> None:
    from monitor.facts.whole_sentences import clause_around

    ctx = build_context(Document("", ""), Document("", ""))
    text = "Google signed a three-year cloud agreement with the military, officials said."
    atoms = analyse_in_context(text, ctx)
    k = next(n for n, x in enumerate(atoms) if x.text == "cloud")
    i, j = clause_around(atoms, k, k + 1)
    assert text[atoms[i].start:atoms[j - 1].end] == (
        "Google signed a three-year cloud agreement with the military")
    text = "Fans sang “A very sad day” outside the ground."
    atoms = analyse_in_context(text, ctx)
    k = next(n for n, x in enumerate(atoms) if x.text == "sad")
    i, j = clause_around(atoms, k, k + 1)
    assert text[atoms[i].start:atoms[j - 1].end] == "“A very sad day”"


def test_an_age_added_is_shown_with_the_person_it_belongs_to() -> None:
    """"32" alone tells an editor nothing: an amount after a comma is shown with the name
    it describes."""
    before = "Walden Avenue is closed."
    added = "Police are investigating an incident that left Alexis Navaroli, 32, dead."
    changes = diff_documents(Document("Incident", before),
                             Document("Incident", f"{before} {added}")).changes
    assert [(c.kind, c.action, c.new) for c in changes] == [
        ("number", "added", "Alexis Navaroli, 32")]
