"""Compare two versions of a story fact by fact: diff_documents().

How: drop boilerplate paragraphs, split sentences, read each sentence into atoms
(monitor.facts.reading: dates and amounts become one atom holding their normalised
value, "U.S." and "United States" share one canonical form...), align sentences between
the versions (monitor.facts.align), take the atom-level difference inside each aligned
group and merge nearby edits into one region (monitor.facts.regions), and classify each
region by what differs in it (monitor.facts.rules):

    attribution  the source next to a speech verb ("a U.S. official said" -> "X said")
    quote        words inside quotation marks
    date         a resolved date ("in January" -> "on January 20")
    number       an amount or its qualifier ("1,000 days" -> "1,001", "at least")
    status       negation, modality, state of the claim ("will" -> "will not")
    condition    restrictions and their scope ("exclusively", "within", "unless")
    entity       a person, place or organisation swapped, added or dropped

Anything else is a cosmetic edit (punctuation, synonyms, function words, typos in
names, compounds such as "land mines"/"landmines", "Russian"/"Russia's", qualifiers and
state words of one meaning: "about"/"approximately", "killed"/"died").  The value shown
for a change is the span that carries it (monitor.facts.spans).  Sentences with no
counterpart are reported as ``added``/``removed`` unless the other version already says
the same thing (monitor.facts.whole_sentences); a headline rewritten beyond recognition
is its old claim removed and its new one added, and a headline repeating (or rounding)
a body change is that change, once (monitor.facts.headline).  Words removed in one
sentence and added in another are a move, not two changes.

Known weak spots: a sentence rewritten wholesale becomes one long "changed" span;
synonyms of state words outside the lexicons (monitor/facts/data) are taken for changes
("stepped down" vs "resigned"); the lexicons are English only.

Severity: monitor.facts.severity.  Pure functions, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from monitor.facts.align import MATCH_THRESHOLD, align
from monitor.facts.atoms import Atom
from monitor.facts.context import Context, build_context
from monitor.facts.decompose import decompose, is_rewrite, said_in, told_fact_by_fact
from monitor.facts.headline import new_in_headline
from monitor.facts.judge import judge
from monitor.facts.lexicon import FUNCTION_WORDS
from monitor.facts.polarity import Sentence, ended_in_force, flipped_states, rewritten_state
from monitor.facts.quotations import replaced_quotation
from monitor.facts.reading import analyse_in_context
from monitor.facts.recount import Recount, drop_recounted, recounted
from monitor.facts.regions import Region, meaning, regions
from monitor.facts.rules import Edit, Rule, classify
from monitor.facts.severity import edit_severity
from monitor.facts.spans import meaningful, span_text, widen_one_sided, with_amount
from monitor.facts.vocabulary import Action
from monitor.facts.whole_sentences import BLURB_SENTENCES, whole_sentence
from monitor.models import Change, CosmeticEdit, DiffResult, Document
from monitor.text import (
    plain,
    split_paragraphs,
    split_sentences,
    story_paragraphs,
    strip_inline_furniture,
)

AtomsOf = Callable[[str], list[Atom]]
Said = Callable[[], tuple[set[str], set[str]]]  # what each whole version says (decompose)


# --------------------------------------------------------------------------- entry point


def diff_documents(old: Document, new: Document, *,
                   boilerplate: Collection[str] = ()) -> DiffResult:
    """The fact changes from ``old`` to ``new``; ``boilerplate`` holds line_keys of lines
    known to recur across the feed's stories (ignored)."""
    result = DiffResult()
    if old.title == new.title and old.text == new.text:
        return result  # nothing to compare (the full path finds nothing either)
    ctx = build_context(old, new)
    old_paragraphs = story_paragraphs(old.title, old.text, boilerplate=boilerplate)
    new_paragraphs = story_paragraphs(new.title, new.text, boilerplate=boilerplate)
    _note_boilerplate(old, new, old_paragraphs, new_paragraphs, result)
    old_sentences = [s for p in old_paragraphs for s in split_sentences(p)]
    new_sentences = [s for p in new_paragraphs for s in split_sentences(p)]
    atoms: dict[str, list[Atom]] = {}

    def atoms_of(sentence: str) -> list[Atom]:
        if sentence not in atoms:
            atoms[sentence] = analyse_in_context(sentence, ctx)
        return atoms[sentence]

    said_cache: list[tuple[set[str], set[str]]] = []

    def said() -> tuple[set[str], set[str]]:
        if not said_cache:  # read every sentence only when a rewrite needs it
            said_cache.append((said_in(_pool([old.title, *old_sentences], atoms_of)),
                               said_in(_pool([new.title, *new_sentences], atoms_of))))
        return said_cache[0]

    headline = DiffResult()
    # sentences told whole, removed and added, where a count may be told again
    told_whole: tuple[list[Sentence], list[Sentence]] = ([], [])
    if old.title.strip() and new.title.strip() and old.title != new.title:
        if fuzz.ratio(_key(atoms_of(old.title)), _key(atoms_of(new.title))) >= MATCH_THRESHOLD:
            _diff_sentences(old.title, new.title, ctx, headline, atoms_of, said)
        else:  # a new headline, not an edited one: what it drops and what it brings
            old_pool = _pool([old.title, *old_sentences], atoms_of)
            new_pool = _pool([new.title, *new_sentences], atoms_of)
            old_headline = (old.title, atoms_of(old.title))
            new_headline = (new.title, atoms_of(new.title))
            state = rewritten_state(old_headline, new_headline) or ended_in_force(
                old_headline, new_headline)
            if state is not None:  # the story moved on: "flights cancelled" -> "resume"
                headline.changes.append(state)
            else:
                told_fact_by_fact(old.title, atoms_of(old.title), new_pool, "removed",
                                  headline)
                told_fact_by_fact(new.title, atoms_of(new.title), old_pool, "added", headline)
                told_whole[0].append(old_headline)
                told_whole[1].append(new_headline)

    # Sentences found verbatim in the other version need no analysis.
    unchanged = Counter(old_sentences) & Counter(new_sentences)
    rest_old = _without(old_sentences, unchanged)
    rest_new = _without(new_sentences, unchanged)
    alignment = align([_key(atoms_of(old_sentences[i])) for i in rest_old],
                      [_key(atoms_of(new_sentences[j])) for j in rest_new])
    for group in alignment.groups:
        old_text = " ".join(old_sentences[rest_old[i]] for i in group.old)
        new_text = " ".join(new_sentences[rest_new[j]] for j in group.new)
        if len(group.old) == len(group.new) == 1 and (
                _key(atoms_of(old_text)) == _key(atoms_of(new_text))):
            result.cosmetic.append(CosmeticEdit(old_text, new_text, "format"))
            continue
        _diff_sentences(old_text, new_text, ctx, result, atoms_of, said)
    if alignment.removed or alignment.added:
        old_pool = _pool([old.title, *old_sentences], atoms_of)
        new_pool = _pool([new.title, *new_sentences], atoms_of)
        removed = [old_sentences[rest_old[i]] for i in alignment.removed]
        added = [new_sentences[rest_new[j]] for j in alignment.added]
        flips = flipped_states([(s, atoms_of(s)) for s in removed],
                               [(s, atoms_of(s)) for s in added])
        result.changes.extend(flip.change for flip in flips)
        paired_old, paired_new = {f.removed for f in flips}, {f.added for f in flips}
        told_whole[0].extend((s, atoms_of(s)) for i, s in enumerate(removed)
                             if i not in paired_old)
        told_whole[1].extend((s, atoms_of(s)) for j, s in enumerate(added)
                             if j not in paired_new)
        for i, sentence in enumerate(removed):
            if i not in paired_old:
                whole_sentence(sentence, atoms_of(sentence), new_pool, "removed", result,
                               in_text=sentence != old.title,
                               blurb=len(old_sentences) <= BLURB_SENTENCES)
        for j, sentence in enumerate(added):
            if j not in paired_new:
                whole_sentence(sentence, atoms_of(sentence), old_pool, "added", result,
                               in_text=sentence != new.title,
                               blurb=len(new_sentences) <= BLURB_SENTENCES)
    _tell_recounts(recounted(*told_whole), old, new, headline, result)
    result.cosmetic.extend(headline.cosmetic)
    result.changes = replaced_quotation(_dedupe(
        new_in_headline(headline.changes, result.changes, ctx) + result.changes))
    result.parts.update(headline.parts)
    _cancel_moves(result)
    return judge(result, old, new, ctx)


def _tell_recounts(recounts: list[Recount], old: Document, new: Document,
                   headline: DiffResult, body: DiffResult) -> None:
    """Each count told again ("At least 2 dead" -> "Death toll rises to 5") as one number
    changed, in place of the numbers removed and added that carried it; a headline's with
    the headline's changes (which new_in_headline drops where the story tells them)."""
    for told in (headline, body):
        drop_recounted(told, recounts)
    for recount in recounts:
        change = recount.change
        in_headline = old.title == change.old_sentence or new.title == change.new_sentence
        (headline if in_headline else body).changes.append(change)


# --------------------------------------------------------------------------- one sentence


@dataclass(frozen=True, slots=True)
class Decision:
    """The rule that decided one edit region of two aligned sentences."""

    region: Region
    rule: Rule


def _decisions(a: list[Atom], b: list[Atom]) -> list[Decision]:
    found = regions(a, b)
    moved = Counter(meaning(a[k]) for r in found for k in r.changed(0)) & Counter(
        meaning(b[k]) for r in found for k in r.changed(1))
    return [Decision(region, classify(Edit(a, b, region, moved))) for region in found]


def explain(old_sentence: str, new_sentence: str) -> list[Decision]:
    """Which rule decided each edit between two versions of one sentence, read as
    diff_documents reads two one-sentence documents (no title, no publish date)."""
    ctx = build_context(Document("", old_sentence), Document("", new_sentence))
    return _decisions(analyse_in_context(old_sentence, ctx),
                      analyse_in_context(new_sentence, ctx))


def _diff_sentences(old_text: str, new_text: str, ctx: Context, result: DiffResult,
                    atoms_of: AtomsOf, said: Said | None = None) -> None:
    """The changes (and cosmetic edits) between two aligned sentences (or groups of
    sentences, for a split or a merge)."""
    a, b = atoms_of(old_text), atoms_of(new_text)
    for decision in _decisions(a, b):
        region, kind = decision.region, decision.rule.kind
        if kind is not None and said is not None and is_rewrite(
                a, b, region.i1, region.i2, region.j1, region.j2) and not _inside_quotation(
                    a[region.i1:region.i2], b[region.j1:region.j2]):
            told = decompose(old_text, a, (region.i1, region.i2), new_text, b,
                             (region.j1, region.j2), *said())
            result.changes.extend(told)
            if not told:
                result.cosmetic.append(CosmeticEdit(
                    span_text(old_text, a, region.i1, region.i2, None),
                    span_text(new_text, b, region.j1, region.j2, None), "rewritten, same facts"))
            continue
        if kind in ("number", "date"):
            region = with_amount(a, b, region, "num" if kind == "number" else "date")
        if kind in ("status", "quote") and (region.i1 == region.i2 or region.j1 == region.j2) \
                and max(region.i2 - region.i1, region.j2 - region.j1) <= 2:
            # "not" or "exactly" inserted or dropped: shown with its neighbours, as a change
            region = widen_one_sided(a, b, region)
        old_span = span_text(old_text, a, region.i1, region.i2, kind)
        new_span = span_text(new_text, b, region.j1, region.j2, kind)
        if kind is None:
            reason = decision.rule.reason
            assert reason is not None
            result.cosmetic.append(CosmeticEdit(old_span, new_span, reason, old_text, new_text))
            continue
        has_old = meaningful(a, region.i1, region.i2) and old_span is not None
        has_new = meaningful(b, region.j1, region.j2) and new_span is not None
        if not has_old and not has_new:
            result.cosmetic.append(CosmeticEdit(old_span, new_span, "function words"))
            continue
        action: Action = "changed" if has_old and has_new else (
            "added" if has_new else "removed")
        result.changes.append(Change(
            kind=kind, action=action,
            old=old_span if has_old else None, new=new_span if has_new else None,
            old_sentence=old_text, new_sentence=new_text, severity=edit_severity(kind)))


def _inside_quotation(old: list[Atom], new: list[Atom]) -> bool:
    """Both sides of an edit are words inside quotation marks: a quotation rewritten is a
    quote changed, whatever facts it names (its words are the fact)."""
    words = [x for x in old + new if x.cat == "word"]
    return bool(words) and all(x.in_quote for x in words)


# --------------------------------------------------------------------------- helpers


def _key(atoms: list[Atom]) -> str:
    """A sentence's comparison key: its canonical atoms without punctuation."""
    return " ".join(a.canon for a in atoms if a.cat not in ("punct", "quote"))


def _pool(sentences: list[str], atoms_of: AtomsOf) -> Counter[str]:
    """Every canonical atom of a version: what it says anywhere."""
    return Counter(a.canon for s in sentences if s for a in atoms_of(s))


def _without(sentences: list[str], unchanged: Counter[str]) -> list[int]:
    """Indices of the sentences left once the unchanged ones are taken out."""
    left = Counter(unchanged)
    rest = []
    for index, sentence in enumerate(sentences):
        if left[sentence] > 0:
            left[sentence] -= 1
        else:
            rest.append(index)
    return rest


def _note_boilerplate(old: Document, new: Document, kept_old: list[str], kept_new: list[str],
                      result: DiffResult) -> None:
    """Boilerplate lines that appeared or went away: cosmetic edits.  A paragraph kept
    with its inline furniture taken out ("Enlarge / <caption> (credit: X) <the story>")
    was not dropped."""
    kept_old_set, kept_new_set = set(kept_old), set(kept_new)
    dropped_old = [p for p in split_paragraphs(old.text)
                   if strip_inline_furniture(p).strip() not in kept_old_set]
    dropped_new = [p for p in split_paragraphs(new.text)
                   if strip_inline_furniture(p).strip() not in kept_new_set]
    for line in dropped_old:
        if line not in dropped_new:
            result.cosmetic.append(CosmeticEdit(line, None, "boilerplate"))
    for line in dropped_new:
        if line not in dropped_old:
            result.cosmetic.append(CosmeticEdit(None, line, "boilerplate"))


def _words_of(text: str | None) -> set[str]:
    return {w for w in plain(text or "").lower().replace(",", " ").replace(".", " ").split()
            if w not in FUNCTION_WORDS}


def _cancel_moves(result: DiffResult) -> None:
    """Words removed in one sentence and added in another (a split and a merge moving a
    clause across sentences) are a move, not two changes."""
    removed = [c for c in result.changes if c.action == "removed"]
    added = [c for c in result.changes if c.action == "added"]
    gone: set[int] = set()
    for old in removed:
        old_words = _words_of(old.old)
        for new in added:
            if id(new) in gone or id(old) in gone:
                continue
            new_words = {_spelt_as(word, old_words) for word in _words_of(new.new)}
            if len(old_words) >= 2 and len(old_words & new_words) >= 0.75 * len(
                    old_words | new_words):
                gone |= {id(old), id(new)}
                result.cosmetic.append(CosmeticEdit(old.old, new.new, "moved"))
    result.changes = [c for c in result.changes if id(c) not in gone]


def _spelt_as(word: str, words: set[str]) -> str:
    """``word``, or the word of ``words`` it misspells (one slip in a word of five letters
    or more: "msising" moved with its clause is "missing")."""
    if word in words or len(word) < 5:
        return word
    return next((w for w in words if len(w) >= 5 and OSA.distance(word, w) <= 1), word)


def _dedupe(changes: list[Change]) -> list[Change]:
    """One change per (kind, old, new): a headline repeating a body change is one change.
    Two in one pair of sentences are two facts ("3 people were killed and 3 were injured"
    -> "4 ... and 4 ...")."""
    seen: dict[tuple[str, str, str], tuple[str | None, str | None]] = {}
    out = []
    for change in changes:
        key = (change.kind, plain(change.old or "").lower(), plain(change.new or "").lower())
        sentences = (change.old_sentence, change.new_sentence)
        if key in seen and (seen[key] != sentences or not change.old_sentence
                            or not change.new_sentence):
            continue
        seen[key] = sentences
        out.append(change)
    return out
