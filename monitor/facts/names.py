"""Names: which words are proper names, and when two names are the same one.

Reading: a capitalised word is a name unless it opens a sentence (or sits in a
title-case headline) and is a common English word the story never capitalises
mid-sentence; a multi-word name with a short form in use ("United States" when "U.S."
appears, "Centers for Disease Control" when "CDC" does) becomes one atom holding the
short form (data/aliases.txt for short forms that are not initials).

Comparing (the diff): spelling fixes and inflections are one name ("Sheffler" /
"Scheffler", "Russia" / "Russian"), titles are not names ("President Joe Biden" =
"Biden"), and a name shortened is not a new one.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from monitor.facts.atoms import Atom, Span, rebuild
from monitor.facts.context import Context
from monitor.facts.lexicon import (
    ACRONYM_WORDS,
    ALIASES,
    BODY_WORDS,
    DIRECTIONS,
    FUNCTION_WORDS,
    INITIAL_SKIP,
    MONTHS,
    PLACE_WORDS,
    SCALES,
    SMALL_NUMBERS,
    TENS,
    TITLES,
    WEEKDAYS,
    is_common_word,
)


@lru_cache(maxsize=4096)
def _is_common(word: str) -> bool:
    """is_common_word, cached: it tries several inflections against the word list, and a
    story opens many sentences with the same few capitalised words."""
    return is_common_word(word)


def mark_names(atoms: list[Atom], ctx: Context, title_case: bool) -> None:
    """Set ``name`` on the capitalised words that are names (in a title-case headline
    and at the start of a sentence only those the story or the word list shows to be)."""
    for atom in atoms:
        if atom.cat != "word" or not atom.cap:
            continue
        low = atom.canon
        if low in ("i", "'s") or low in MONTHS or low in WEEKDAYS:
            continue
        if _in_capitals(atom):
            acronym = low in ACRONYM_WORDS and not (title_case or _shouted(atoms))
            atom.name = acronym or not (title_case or low in FUNCTION_WORDS or (
                _spelled_number(low)))
            if acronym:
                atom.canon = atom.text  # "WHO" names the organisation, never the pronoun
            if title_case and not _is_common(low):
                atom.name = True
            continue
        if atom.initial or title_case:
            atom.name = low in ctx.names or low in PLACE_WORDS or not _is_common(low)
        else:
            atom.name = low not in FUNCTION_WORDS


def _in_capitals(atom: Atom) -> bool:
    return atom.text.isupper() and len(atom.text.replace(".", "")) >= 2


def _shouted(atoms: list[Atom]) -> bool:
    """Most of the sentence's words are in capitals ("WHO IS TO BLAME?"): a small word in
    capitals is shouted there, and an acronym elsewhere ("3 people, WHO says")."""
    words = [x for x in atoms if x.cat == "word"]
    return 2 * sum(_in_capitals(x) for x in words) > len(words)


def _spelled_number(word: str) -> bool:
    """A number word ("eleven", "million", "twenty-one"): shouted in capitals ("ELEVEN
    MILLION jobs") it is an amount, not an acronym."""
    return all(part in SMALL_NUMBERS or part in TENS or part in SCALES
               for part in word.split("-"))


# ---- names and their short forms


def name_runs(atoms: list[Atom]) -> list[tuple[int, int]]:
    """Atom ranges of names, with the small words inside one ("Bank of England")."""
    runs: list[tuple[int, int]] = []
    n = len(atoms)
    end = 0  # where the last run ended
    for i in [k for k, atom in enumerate(atoms) if atom.name]:  # (most atoms: no name)
        if i < end:
            continue
        j = i + 1
        while j < n and (atoms[j].name or small_words_in_name(atoms, j, _NAME_SMALL_WORDS)):
            j += 1
        runs.append((i, j))
        end = j
    return runs


def small_words_in_name(atoms: list[Atom], j: int, words: frozenset[str]) -> bool:
    """atoms[j] is a small word inside a name: one or two lower-case ``words``, then a
    name word ("Bank of England", "Santa Cruz de la Sierra"), not words between two names."""
    k = j
    while k < len(atoms) and k - j < 2 and not atoms[k].cap and atoms[k].canon in words:
        k += 1
    return j < k < len(atoms) and atoms[k].name


# The lower-case particles of Romance, Dutch, German and Arabic names ("Rio de Janeiro",
# "Santa Cruz de la Sierra"): inside a name run, but not the connectors of its initials
# (a capitalised "Los" starts "LA").  Not "do" or "y": English words between two names
# ("Democrats do Biden's bidding").
NAME_PARTICLES = ("de", "la", "las", "los", "del", "della", "da", "dos", "das", "di", "du",
                  "van", "von", "der", "den", "al", "bin", "el", "le")
# The small words inside a name ("Bank of England"), not part of its initials.
NAME_CONNECTORS = ("of", "the", "and", "for")
_NAME_SMALL_WORDS = frozenset({*NAME_CONNECTORS, *NAME_PARTICLES})
# What an acronym's initials skip besides: "in" ("Organization for Security and
# Co-operation in Europe", OSCE), "on", "at", "to"
_INITIALS_SKIP = frozenset({*NAME_CONNECTORS, "in", "on", "at", "to"})


def initials(words: list[str]) -> str:
    """The first letters of a name's words, lower case, its connectors left out
    ("Direktoratet for medisinske produkter" -> "dmp")."""
    return "".join(w[:1].lower() for w in words if w.lower() not in _INITIALS_SKIP)


def spells_acronym(acronym: str, name: str) -> bool:
    """``name`` is spelt out by ``acronym``: its initials less its connectors ("the
    Organization for Security and Co-operation in Europe", OSCE; "University of
    California, Los Angeles", UCLA), or all of them where the acronym writes a connector
    in lower case ("Department for Education", DfE)."""
    words = [w for w in name.replace(",", " ").split() if w.lower() != "the"]
    if len(words) < 2 or not 2 <= len(acronym) <= 8 or not acronym.isalpha():
        return False
    every = "".join(w[:1] for w in words)
    return initials(words) == acronym.lower() or (
        acronym != acronym.upper() and every.lower() == acronym.lower())


def chunk_aliases(atoms: list[Atom], ctx: Context) -> list[Atom]:
    """Multi-word names that have a short form in use ("United States" when "U.S."
    appears in either version) become one atom with the short form as canon."""
    runs = name_runs(atoms)
    if not runs:
        return atoms
    canons = [a.canon for a in atoms]
    spans = [found for i, j in runs
             if (found := _opened_alias(atoms, canons, i, j) or _short_form_in(
                 atoms, canons, i, j, ctx.acronyms)) is not None]
    return _rebuild_names(atoms, spans)


def _opened_alias(atoms: list[Atom], canons: list[str], i: int, j: int) -> Span | None:
    """The name run at ``i`` with the capitalised word opening the sentence before it,
    when the two spell an alias whole ("Doctors Without Borders": a sentence's first word
    is no name by its capital, but an alias it begins is one)."""
    before = atoms[i - 1] if i else None
    if before is None or not (before.initial and before.cap and before.cat == "word") or (
            canons[i - 1] not in _ALIAS_HEADS):
        return None
    short = ALIASES.get(" ".join(canons[i - 1:j]))
    return (i - 1, j, "name", short) if short else None


def _short_form_in(atoms: list[Atom], canons: list[str], i: int, j: int,
                   acronyms: frozenset[str]) -> Span | None:
    """The first (leftmost, then longest) part of the name run atoms[i:j] with a short
    form, as a span to merge; parts that begin or end with a connector are not names."""
    for start in range(i, j):
        if canons[start] in NAME_CONNECTORS:
            continue
        # A part is a key of ALIASES only if its first word opens one (most do not)
        aliased = canons[start].split(" ")[0] in _ALIAS_HEADS
        if not aliased and not acronyms:
            continue
        for end in range(j, start, -1):
            if canons[end - 1] in NAME_CONNECTORS:
                continue
            short = ALIASES.get(" ".join(canons[start:end])) if aliased else None
            if short is None and end - start >= 2 and acronyms and not any(
                    _in_capitals(a) and "." not in a.text for a in atoms[start:end]):
                # "U.S. Geological Survey" -> "usgs": a dotted abbreviation gives all letters
                # (an acronym in capitals spells no other: "US Supreme" is not "US").
                initials = "".join(a.canon if "." in a.text else a.canon[:1]
                                   for a in atoms[start:end]
                                   if a.canon not in INITIAL_SKIP)
                if initials in acronyms:
                    short, end = initials, _acronym_tail(atoms, end, j)
            if short:
                return start, end, "name", short
    return None


_ALIAS_HEADS = frozenset(name.split(" ")[0] for name in ALIASES)


def _acronym_tail(atoms: list[Atom], end: int, run_end: int) -> int:
    """An acronym of the first words of a name can leave out a last common word: "CDC"
    is the "Centers for Disease Control [and Prevention]" (not "... and Interpol")."""
    if run_end - end == 2 and atoms[end].canon in ("and", "of") and is_common_word(
            atoms[end + 1].canon):
        return run_end
    return end


def _rebuild_names(atoms: list[Atom], spans: list[Span]) -> list[Atom]:
    rebuilt = rebuild(atoms, spans)
    for atom in rebuilt:
        if atom.cat == "name":
            atom.cat, atom.canon, atom.name = "word", atom.value, True
    return rebuilt


# ---- the same name? (the diff)


def same_name(x: str, y: str) -> bool:
    """Spelling fixes and inflections of one name: Sheffler/Scheffler, Russian/Russia."""
    x, y = x.replace("'s", ""), y.replace("'s", "")
    if x == y or x in y.split("-") or y in x.split("-"):  # "Pacific" / "mid-Pacific"
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 4 and long_.startswith(short[:-1]) and len(long_) - len(short) <= 3:
        return True
    if len(short) >= 3 and long_.startswith(short):
        return True  # "Aid"/"Aide", "Tex."/"Texas", "Calif."/"California"
    return min(len(x), len(y)) >= 5 and OSA.normalized_similarity(x, y) >= 0.8


def unmatched_names(a: list[Atom], b: list[Atom], ka: list[int], kb: list[int]) -> bool:
    """Whether names differ beyond spelling, short forms and reordering."""
    names_a = [k for k in ka if a[k].name and a[k].canon not in TITLES]
    names_b = [k for k in kb if b[k].name and b[k].canon not in TITLES]
    all_a = {x.canon for x in a}
    all_b = {x.canon for x in b}
    left_a = [k for k in names_a if a[k].canon not in all_b]
    left_b = [k for k in names_b if b[k].canon not in all_a]
    # a name matches one on the other side, or a word written with a capital where a
    # sentence opens, which nothing marks a name ("Sicily mourns" -> "Sicilians mourn")
    capital_a = names_a + [k for k in ka if a[k].initial and a[k].cap and not a[k].name]
    capital_b = names_b + [k for k in kb if b[k].initial and b[k].cap and not b[k].name]
    left_a = [k for k in left_a if not any(same_name(a[k].canon, b[m].canon) for m in capital_b)]
    left_b = [k for k in left_b if not any(same_name(b[k].canon, a[m].canon) for m in capital_a)]
    if left_a and left_b:
        return True
    # One-sided: a name shortened ("President Joe Biden" -> "Biden") is not a new entity.
    for atoms, left, changed in ((a, left_a, set(ka)), (b, left_b, set(kb))):
        for k in left:
            attached = any(atoms[m].name for m in run_edges(atoms, k, changed))
            if not attached and atoms[k].canon not in FUNCTION_WORDS:
                return True
    return _other_name_run(a, b, set(ka), set(kb))


def _other_name_run(a: list[Atom], b: list[Atom], ka: set[int], kb: set[int]) -> bool:
    """An edited name that is another name made of the same words: "University of
    Arizona" -> "Arizona State University".  The same name is the same words in another
    order ("Department of Justice" -> "Justice Department") or one name inside the other
    ("Mid North Coast" -> "NSW Mid North Coast")."""
    runs_a = [_run_words(a, i, j) for i, j in name_runs(a) if ka.intersection(range(i, j))]
    runs_b = [_run_words(b, i, j) for i, j in name_runs(b) if kb.intersection(range(i, j))]
    if not (runs_a and runs_b):
        return False
    return any(not any(_same_run(run, other) for other in others)
               for runs, others in ((runs_a, runs_b), (runs_b, runs_a)) for run in runs)


def _run_words(atoms: list[Atom], i: int, j: int) -> tuple[str, ...]:
    """A name run's words without connectors and titles; a title word naming a body
    ("Justice Department", "Justice Ministry") is the name itself, kept."""
    return tuple(x.canon for k, x in enumerate(atoms[i:j], start=i)
                 if x.canon not in NAME_CONNECTORS
                 and (x.canon not in TITLES or _names_a_body(atoms, k, j)))


def _names_a_body(atoms: list[Atom], k: int, j: int) -> bool:
    return k + 1 < j and atoms[k + 1].canon in BODY_WORDS


def _same_run(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    def covers(run: tuple[str, ...], words: tuple[str, ...]) -> bool:
        return all(any(same_name(w, x) for x in words) for w in run)

    if covers(one, other) and covers(other, one):
        return True  # the same words, spelt or clipped ("Met" / "Meteorological")
    short, long = sorted((one, other), key=len)
    return any(all(same_name(w, x) for w, x in zip(short, long[k:k + len(short)], strict=True))
               for k in range(len(long) - len(short) + 1))


def run_edges(atoms: list[Atom], k: int, changed: set[int]) -> list[int]:
    """The unchanged atoms just outside the run of changed names around atoms[k]."""
    lo, hi = k, k
    while lo - 1 in changed and atoms[lo - 1].name:
        lo -= 1
    while hi + 1 in changed and atoms[hi + 1].name:
        hi += 1
    return [m for m in (lo - 1, hi + 1) if 0 <= m < len(atoms) and m not in changed]


def direction_of_place(atoms: list[Atom], changed: list[int]) -> bool:
    """A compass word changed right before a place name."""
    return any(atoms[k].canon in DIRECTIONS and k + 1 < len(atoms) and atoms[k + 1].name
               for k in changed)
