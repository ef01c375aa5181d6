"""Who says it, and who it is: one source or person called two ways.

The judge asks these before it reports a change of who or what: a name and the pronoun,
role, kind or description the story gives the same person or body ("Brandt told" -> "the
director told", "CHR said" -> "the housing group said", "Peru's transport ministry" ->
"the Ministry of Transport and Communications (MTC)"), a name shortened or its
descriptor dropped ("Xi Jinping" -> "Xi"), an acronym a version defines.  Each reads the
two versions through monitor.facts.judge.Versions (the texts, acronyms and signatures it
works out once per pair).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from monitor.facts.compare import function_word, hardened, named_in, plain_words, same_facts
from monitor.facts.judge_data import (
    alias_key,
    alias_table,
    body_families,
    body_kinds,
    company_suffixes,
    country_of_capital,
    firm_nouns,
    role_heads,
    role_markers,
    role_synonyms,
)
from monitor.facts.lexicon import (
    BODY_WORDS,
    MONTHS,
    PREPOSITIONS,
    ROLE_NOUNS,
    SOURCES,
    SPEECH,
    SPEECH_AS_NOUNS,
    TITLES,
    WEEKDAYS,
    is_common_word,
)
from monitor.facts.names import NAME_CONNECTORS, NAME_PARTICLES
from monitor.facts.shown import word_before
from monitor.facts.signatures import Signature, surface_normal
from monitor.models import Change

if TYPE_CHECKING:
    from monitor.facts.judge import Versions


def has_saying(value: Signature) -> bool:
    """The value tells who says something: a source, a verb of saying."""
    return bool(value.sources) or "say" in value.logic


POSSESSOR = re.compile(r"^[A-Z][\w-]*['’]s\s+")  # "Germany's" before the body's name
# A possessive's ending ("Britain's", "the Philippine Air Force's", "Jones'")
POSSESSIVE_END = re.compile(r"['’]s?$")
# The small words a name of capitalised words keeps inside it: "Commission on Elections",
# "Federal Office for Information Security", "Banco de la Nación"
NAME_JOINERS = ("of", "for", "and", "the", "on", "de", "du", "des", "del", "la")
# Any run of them, each followed by space, between two capitalised words
NAME_JOINING = rf"(?:(?:{'|'.join(NAME_JOINERS)})\s+)*"
# A name of capitalised words (small joining words allowed) and the acronym given for it
# in brackets right after, with or without dots: "Federal Office for Information Security
# (BSI)", "Canada's Northwest Territories (N.W.T.)"
DEFINED_ACRONYM = re.compile(
    rf"((?:[A-Z][\w'’-]*\s+{NAME_JOINING}){{1,8}})"
    r"\(\s*([A-Z][A-Za-z]{1,7}|(?:[A-Z]\.){2,8})\s*\)")


def acronyms_known(sig: Signature, whole: Signature,
                   acronyms: dict[str, str]) -> Signature:
    """``sig`` less the names (or parts of a name: "federal office", "information
    security") that ``whole`` gives by their defined acronym or full name."""
    told: set[str] = set()
    for one, other in acronyms.items():
        if named_in(one, whole.names) or named_in(other, whole.names):
            told |= {*one.split(), *other.split()}
    return replace(sig, names=frozenset(n for n in sig.names if not set(n.split()) <= told))


def one_acronym(old: str, new: str, acronyms: dict[str, str]) -> bool:
    """Both values name a body by the acronym a version defines for it ("the Spanish
    Agency of Medicines and Medical Devices (AEMPS)" -> "Spain's medicines agency AEMPS")."""
    return bool({w for w in plain_words(old) if w in acronyms} & set(plain_words(new)))


def names_in_order(old: str, new: str) -> bool:
    """The capitalised words of one value stand in the other in the same order: the same
    names, one side spelling them out or describing them ("Yeoh and Schafer" -> "Co-stars
    Michelle Yeoh and Hunter Schafer"), not another name made of the same words ("the
    University of Arizona" -> "Arizona State University")."""
    short, long = sorted((_CAPITALISED.findall(old), _CAPITALISED.findall(new)), key=len)
    rest = iter(long)
    return bool(short) and all(word in rest for word in short)


PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "it",
                       "its"})


def named_for_pronoun(change: Change, versions: Versions) -> bool:
    """One side a pronoun, the other a name (with its age or title) that the pronoun's
    own version already gives: the same person, now named where they are mentioned."""
    old, new = (change.old or "").strip().lower(), (change.new or "").strip().lower()
    if old in PRONOUNS and new not in PRONOUNS:
        value, known = versions.signature(change.new or "", change.new_sentence), versions.old
    elif new in PRONOUNS and old not in PRONOUNS:
        value, known = versions.signature(change.old or "", change.old_sentence), versions.new
    else:
        return False
    return bool(value.names) and all(named_in(n, known.names) for n in value.names) and (
        not value.amounts - known.amounts)


def named_for_class_noun(change: Change, versions: Versions) -> bool:
    """One side a name, the other "the <noun>" that the story names it with ("Halvard" ->
    "The university" where a version says "Halvard University"; "the ministry" ->
    "Ministry of Health"; "the department" -> "DOC", defined as "Department of
    Conservation (DOC)"), or a person, the other side the role the story gives them
    ("Brandt told" -> "the director told" where it says "Zoo director Anke Brandt"): the
    same body or person, called by its name or its kind.  (The story's text is searched
    for the two spellings, not read: reading every sentence cost an edited story ~25 ms.)"""
    sides = (_as_subject(without_saying(change.old or "")),
             _as_subject(without_saying(change.new or "")))
    for named, generic in (sides, sides[::-1]):
        words = plain_words(surface_normal(generic))
        if not 2 <= len(words) <= 4 or words[0] != "the" or not written_as_name(named):
            continue
        name = " ".join(plain_words(surface_normal(named)))
        expanded = versions.acronyms.get(alias_key(named), "") or versions.spelled_out(named)
        if set(words[1:]) <= set(name.split()) or set(words[1:]) <= set(expanded.split()):
            return True  # "Ministry of Health" -> "the ministry"; "DOC" -> "the department",
            # "PCG" -> "the coast guard", "the Philippine Air Force" -> "the air force"
        if _called_by_kind(words[1:], name, expanded, versions.texts):
            return True  # "CHR" -> "the housing group" (the Centre for Housing Rights);
            # "Godavari" -> "the company" (Godavari Fertilisers and Chemicals Ltd)
        pattern = re.compile(rf"\b(?:{re.escape(name)}\s+{words[-1]}|{words[-1]}\s+of\s+"
                             rf"(?:the\s+)?{re.escape(name)})\b", re.IGNORECASE)
        if len(words) == 2 and any(pattern.search(text) for text in versions.texts):
            return True
        if (_told_as_role(generic) or _in_apposition(generic, named, versions.texts)) and (
                _given_role(named, words[1:], versions.texts)):
            return True  # "the BRTA chief" for "BRTA chairman Abdul Karim"
    return False


def _called_by_kind(generic: list[str], name: str, expanded: str,
                    texts: Iterable[str]) -> bool:
    """``generic`` ("housing group") calls the body ``name`` (``expanded``: the name its
    acronym stands for) by its kind (body_kinds.txt): its other words are words of the
    name, or it is a company whose registered name the story gives ("the company" for
    "Godavari Fertilisers and Chemicals Ltd")."""
    *modifiers, kind = generic
    if kind not in body_kinds():
        return False
    if modifiers:
        return set(modifiers) <= set(f"{name} {expanded}".split())
    if kind not in _COMPANY_KINDS:
        return False
    spelt_out = expanded.split()
    if spelt_out and spelt_out[-1] in company_suffixes():
        return True  # "LEC", defined as "Lesotho Electricity Company (LEC)"
    return any(_registered(name).search(text) for text in texts)


# The kinds that call a company ("the firm", "the utility" for the Lesotho Electricity
# Company): a company's registered name the story gives is the one they call
_COMPANY_KINDS = frozenset({"company", "firm", "utility"})


def _registered(name: str) -> re.Pattern[str]:
    """``name`` (or its first words) followed by the words a company's registered name
    ends with: "Godavari [Fertilisers and Chemicals Ltd]" (capitalised)."""
    return re.compile(rf"\b(?i:{re.escape(name)})(?:\s+(?:[A-Z][\w&'’-]*|and|&)){{0,5}}"
                      rf"\s+(?=[A-Z])(?i:{_suffix_alternatives()})\b")


@cache
def _suffix_alternatives() -> str:
    """company_suffixes.txt as one alternation of a pattern."""
    return "|".join(sorted(company_suffixes()))


@cache
def _body_kind_words() -> frozenset[str]:
    """Every word that calls an organisation by its kind (body_words.txt, body_kinds.txt)."""
    return BODY_WORDS | body_kinds()


def pronoun_for_role(change: Change, versions: Versions) -> bool:
    """One side a pronoun, the other "the <role>" in common nouns, a role the story gives
    a named person ("her lawyer, Nurlan Sadykov", "Zoo director Anke Brandt"): the source
    called one way, then the other."""
    sides = (without_saying(change.old or ""), without_saying(change.new or ""))
    for pronoun, generic in (sides, sides[::-1]):
        words = generic.split()
        if pronoun.lower() not in PRONOUNS or not 2 <= len(words) <= 3 or (
                words[0].lower() != "the") or any(w[:1].isupper() for w in words[1:]):
            continue
        role = re.escape(" ".join(words[1:]).lower())
        named = re.compile(rf"\b(?i:{role}),?\s+(?:[A-Z][\w'’.-]*\s+){{0,2}}[A-Z][\w'’.-]+"
                           rf"|[A-Z][\w'’.-]+,\s+(?i:the|a|an|his|her|their)\s+"
                           rf"(?:[\w'’-]+\s+){{0,2}}(?i:{role})\b")
        if any(named.search(text) for text in versions.texts):
            return True
    return False


def speaker_carried_over(change: Change, versions: Versions) -> bool:
    """A source added to a quotation (or dropped from one) that the sentence before it
    already gives to the same person ("...," said Dr. Nasreen Akhter. "Many of them waited
    at home." -> '"Many of them waited at home," Akhter added.'): the quotation goes on in
    the same voice, now said again."""
    if change.kind != "attribution" or change.action == "changed":
        return False
    value, bare, sentences = (
        (change.new, change.old_sentence, versions.old_sentences) if change.action == "added"
        else (change.old, change.new_sentence, versions.new_sentences))
    if not value or not bare or bare.lstrip()[:1] not in _OPENING_QUOTES or (
            bare not in sentences):
        return False
    k = sentences.index(bare)
    names = versions.signature(without_saying(value)).names
    before = versions.signature(sentences[k - 1]) if k else None
    return bool(names) and before is not None and bool(before.quoted) and any(
        word in SPEECH for word in plain_words(sentences[k - 1])) and all(
            named_in(name, before.names) for name in names)


_OPENING_QUOTES = frozenset({'"', "\u201c", "'", "\u2018"})


_OWNER_OR_ACRONYM = re.compile(r"(?:['’]s?|\s*\([A-Z][A-Za-z]{1,7}\))+$")


def _as_subject(value: str) -> str:
    """A body's value without its possessive and the acronym defined after it ("the
    Philippine Air Force's (PAF)" -> "the Philippine Air Force"): who it is, not whose."""
    return _OWNER_OR_ACRONYM.sub("", value.strip()) or value


def without_saying(value: str) -> str:
    """A source's value without the verb of saying after it ("Brandt told" -> "Brandt")."""
    head, _, last = value.strip().rpartition(" ")
    return head if head and last.lower() in SPEECH else value.strip()


# A person's role told beside their name: up to four words before it ("retired judge
# Elena Marchetti", "Zoo director Anke Brandt"), or what follows it in its sentence after
# a comma or an affiliation ("Dr. Imogen Hale of the University of Leicester, who is
# leading the excavation"), at most this many words.
_ROLE_AFTER = 14
# Words the pattern of _given_role reads before the surname: four, then two capitalised.
_WORDS_BEFORE_NAME = 6


def _told_as_role(generic: str) -> bool:
    """``generic`` ("the director", "the BRTA chief", "The National MP") calls someone by
    a role: in common nouns, or ending in a role noun ("the Labour Party" may be a body
    the person leads, not the person)."""
    words = generic.split()[1:]
    head = plain_words(words[-1])[-1:] if words else []
    return not any(w[:1].isupper() for w in words) or (bool(head) and (
        head[0] in ROLE_NOUNS or head[0] in role_synonyms() or head[0] in SOURCES))


def _in_apposition(generic: str, named: str, texts: Iterable[str]) -> bool:
    """The story sets ``generic`` and the person ``named`` side by side, a comma between:
    "the Deputy Bailiff, Philippa Renouf" or "Renouf, the Deputy Bailiff" (a role in
    capitals the role tables do not list is a title the story gives that person)."""
    surname = re.escape(named.split()[-1])
    role = re.escape(generic.strip())
    pattern = re.compile(rf"(?i:{role}),\s+(?:[A-Z][\w'’.-]*\s+){{0,2}}{surname}\b"
                         rf"|\b{surname},\s+(?i:{role})\b")
    return any(pattern.search(text) for text in texts)


def speaker_swapped(change: Change) -> bool:
    """The two values differ by one ordinary noun each, right before a verb of saying in
    both sentences ("the college said" -> "the commission said"), neither a source the
    tables read nor one body's kind told two ways (body_kinds.txt, firm_nouns.txt), nor one
    word's forms: another speaker."""
    old, new = change.old, change.new
    gone = [w for w in plain_words(old or "") if not function_word(w) and w not in SPEECH]
    came = [w for w in plain_words(new or "") if not function_word(w) and w not in SPEECH]
    gone, came = [w for w in gone if w not in came], [w for w in came if w not in gone]
    if len(gone) != 1 or len(came) != 1:
        return False
    x, y = gone[0], came[0]
    if capitalised_in(x, old) or capitalised_in(y, new):
        return False  # a name ("parliament" -> "the Dáil"): the name checks read it
    if not (_before_saying(x, change.old_sentence) and _before_saying(y, change.new_sentence)):
        return False
    kinds = body_kinds() | firm_nouns()
    return not (same_stem(x, y) or {x, y} <= kinds or x in SOURCES or y in SOURCES
                or same_role(x, y) or not x.isalpha() or not y.isalpha())


def _before_saying(word: str, sentence: str | None) -> bool:
    """``word`` stands right before a verb of saying in ``sentence``."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", sentence or "")]
    return any(w == word and after in SPEECH and after not in SPEECH_AS_NOUNS
               for w, after in pairwise(words))


def capitalised_in(word: str, value: str | None) -> bool:
    """The lower-case ``word`` is written with a capital somewhere in ``value``."""
    return any(w.lower() == word and w[:1].isupper()
               for w in re.findall(r"[\w'’-]+", value or ""))


# A role of two words told as one ("chief executive" is the CEO, not the "chief")
_COMPOUND_ROLES = re.compile(r"\bchief executive(?: officer)?\b", re.IGNORECASE)


def role_swapped(old: str | None, new: str | None) -> bool:
    """Both values call someone by a role and the roles differ ("Chief executive Paul
    Drever" -> "Chairman Paul Drever", "Interior Minister" -> "Interior Secretary"); one
    role in two words of a row of role_synonyms.txt is none ("chairman" -> "chair")."""
    def roles(text: str | None) -> list[str]:
        words = re.findall(r"[\w-]+", _COMPOUND_ROLES.sub("ceo", text or "").lower())
        return [w for w in words if w in ROLE_NOUNS or w in TITLES or w in role_synonyms()]
    a, b = roles(old), roles(new)
    if not (a and b) or _GENERIC_HEADS & {*a, *b}:
        return False  # "EU competition chief" calls any head so
    return not (all(any(same_role(x, y) for y in b) for x in a)
                and all(any(same_role(y, x) for x in a) for y in b))


# Words that call the head of anything, whatever their title ("Competition Commissioner
# Helena Moreau" = "EU competition chief Helena Moreau")
_GENERIC_HEADS = frozenset({"chief", "head", "boss", "leader"})


def same_role(word: str, other: str) -> bool:
    """Two words of a role that call it alike: one word inflected ("leader", "leading"),
    or two of one row of role_synonyms.txt ("chief", "chairman") or of sources.txt
    ("lawmaker", "MP")."""
    return same_stem(word, other) or any(
        table.get(word) is not None and table.get(word) == table.get(other)
        for table in (role_synonyms(), SOURCES))


def _given_role(named: str, role: list[str], texts: Iterable[str]) -> bool:
    """The story calls the person ``named`` (a surname, or a full name) by every word of
    ``role`` beside their name, a word matching its inflections ("leader", "leading")."""
    surname = named.split()[-1]
    if not surname[:1].isupper() or len(surname) < 3:
        return False
    pattern = re.compile(rf"((?:[\w'’.-]+,?\s+){{0,4}}?)((?:[A-Z][\w'’.-]*\s+){{0,2}})"
                         rf"{re.escape(surname)}\b((?:,|\s+of\b)[^.;!?]*)?")  # ("their
    # mayor, Radu Munteanu": a role set off by a comma before the name)
    for text in texts:
        for match in finditer_near(pattern, surname, text, _WORDS_BEFORE_NAME):
            before = _title_words(plain_words(match.group(1) + match.group(2)))
            after = plain_words(match.group(3) or "")[:_ROLE_AFTER]
            if any(word in SPEECH for word in after):
                after = []  # ", the department said": another source speaking, no apposition
            if all(any(same_role(word, other) for other in before + after) for word in role):
                return True
    return False


def finditer_near(pattern: re.Pattern[str], needle: str, text: str,
                  words: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match holds ``needle`` with
    at most ``words`` gaps of white space before it: the positions tried are those near
    each occurrence of the needle.  (finditer tries every position of the text, and a
    pattern opening with lazy repeated words costs ~13 ms an 800-word story that way.)"""
    pos = 0
    while (at := text.find(needle, pos)) >= 0:
        for start in range(max(pos, _start_of_words_before(text, at, words)), at + 1):
            if (match := pattern.match(text, start)) is not None:
                yield match
                pos = match.end()
                break
        else:
            pos = at + 1


def _start_of_words_before(text: str, at: int, words: int) -> int:
    """The first position p from which ``text[p:at]`` holds at most ``words`` gaps of
    white space (a match starting earlier needs more words than the pattern reads)."""
    start = k = at
    for _ in range(words + 1):
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        if k == 0:
            return 0
        start = k
        while k > 0 and text[k - 1].isspace():
            k -= 1
    return start


def _title_words(words: list[str]) -> list[str]:
    """The words right before a name that can be its title ("retired judge", "Education
    Minister Helen"): back to a function word or a verb of saying ("Defense said Aurelis
    Aerospace" gives none)."""
    title: list[str] = []
    for word in reversed(words[-6:]):
        if function_word(word) or word in SPEECH:
            break
        title.append(word)
    return title


def same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter = min(len(a), len(b))
    common = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    return common >= 4 and common >= 0.6 * shorter


def written_as_name(text: str) -> bool:
    """Every word but the small ones capitalised: "Halvard", "The Ministry of Health"."""
    words = [w for w in text.split() if w.lower() not in NAME_CONNECTORS]
    return bool(words) and all(w[:1].isupper() for w in words)


def same_person(change: Change, versions: Versions) -> bool:
    """An added or removed part that only shortens a name the other sentence keeps ("Xi
    Jinping" -> "Xi") or drops or adds a descriptor before it ("Chinese leader Xi Jinping"
    -> "Xi Jinping", "European football's governing body, UEFA" -> "UEFA"), the descriptor
    saying nothing the signatures read (its names places, peoples or common words) and no
    state of the person (role_markers.txt: "former", "acting", "late")."""
    if change.action == "changed" and change.old_sentence and change.new_sentence and (
            _name_cut_to_part(change.old or "", change.old_sentence, change.new_sentence,
                              versions.signature(change.old or "", change.old_sentence).names)
            or _name_cut_to_part(change.new or "", change.new_sentence, change.old_sentence,
                                 versions.signature(change.new or "",
                                                    change.new_sentence).names)):
        return True  # "Luiz Inácio Lula da Silva" -> "Lula" between the same words
    if change.action == "changed":  # "European football's governing body, UEFA" -> "UEFA":
        change = _one_side_grown(change)  # the descriptor dropped, read as removed
    if change.action == "changed" or not (change.old_sentence and change.new_sentence):
        return False
    value, sentence, other = ((change.old or "", change.old_sentence, change.new_sentence)
                              if change.action == "removed"
                              else (change.new or "", change.new_sentence, change.old_sentence))
    other_names = versions.signature(other).names
    value_names = versions.signature(value, sentence).names
    kept = [n for n in value_names if named_in(n, other_names)]
    if not kept:  # "Jinping" removed: part of its sentence's "Xi Jinping", the other has "Xi"
        return _shortened_name(value, sentence, other) or _name_cut_to_part(
            value, sentence, other, value_names)
    kept_words = {w for n in kept for w in n.split()}
    words = value.split()
    while words and alias_key(words[-1]).strip(",") in kept_words:
        words.pop()  # the name ends the value; what comes before it describes the person
    named = len(words) < len(value.split())  # the value ends with the kept name
    if named and len(words) == 1 and words[0].lower() in PREPOSITIONS and re.search(
            rf"\b{re.escape(words[0])}\s+{re.escape(value.split()[1])}\b", other):
        return True  # "in Santa Cruz" -> "in Santa Cruz de la Sierra": the place named longer
    if named and len(words) > 1 and words[0].lower() in PREPOSITIONS:
        words = words[1:]  # "in City of Buffalo": the place's "in" is its sentence's
    if not words or len(words) > MAX_DESCRIPTOR or not named:
        return False
    descriptor = " ".join(words)
    facts = hardened(versions.signature(descriptor, sentence))
    aliases = alias_table()
    descriptor_words = set(plain_words(descriptor.lower()))
    return not (facts.amounts or facts.dates or facts.negations or facts.states
                or facts.conditions or facts.quoted or facts.modality) and all(
        alias_key(n) in aliases or is_common_word(n) for n in facts.names) and not (
        descriptor_words & _NOT_DESCRIPTOR) and not (
        descriptor_words & role_markers() and role_still_told(descriptor_words, other))


NAME_WINDOW_WORDS = 4  # words either side of a source's value read for the name it describes
# a capitalised word of a name (letters, hyphens, apostrophes, accents: "Marie-Claude")
_NAME_WORD = re.compile(r"[A-Z][\w'’-]*")
# words before a name that make it someone else's ("a spokesman for Gilbert Wahéo") or a
# place ("at Captain Burke Park")
_NOT_THE_SPEAKER = frozenset({"for", "to", "of", "from", "by", "with", "about", "against",
                              "at", "in", "near", "on", "into", "outside", "inside"})


def speaker_redescribed(change: Change, versions: Versions) -> bool:
    """One named person, the role told another way: "Congo's environment minister,
    Marie-Claude Ebaka" -> "Environment Minister Marie-Claude Ebaka", "Province President
    Gilbert Wahéo" -> "Gilbert Wahéo, president of the Northern Province".  Both sides call
    the person by the same full name beside a role word; their other words state no fact
    (amount, date, negation, state, condition, quotation) and no other state of the person
    (role markers: "former", "acting")."""
    if change.action != "changed" or not (change.old_sentence and change.new_sentence):
        return False
    if role_swapped(change.old, change.new):
        return False  # another role: "Chief executive X" -> "Chairman X"
    old_in, old_beside = _names_beside(change.old or "", change.old_sentence)
    new_in, new_beside = _names_beside(change.new or "", change.new_sentence)
    shared = (old_in | old_beside) & (new_in | new_beside) & (old_in | new_in)
    if not shared:
        return False  # (a name beside both values only may be anyone's: "..., the Marine
        # Sanctuary, the Ministry of Justice said" -> "..., the Office of the President said")
    name_words = {w for name in shared for w in name.split()}
    old_role = _role_words(change.old or "", name_words)
    new_role = _role_words(change.new or "", name_words)
    return _is_role(old_role) and _is_role(new_role) and (
        set(old_role) & role_markers()) == (set(new_role) & role_markers()) and all(
        _states_nothing(" ".join(role), sentence, versions)
        for role, sentence in ((old_role, change.old_sentence),
                               (new_role, change.new_sentence)))


def _names_beside(value: str, sentence: str) -> tuple[set[str], set[str]]:
    """The full names of people (two capitalised words or more, no body's word, the role
    words that open a run left out: "Environment Minister Marie-Claude Ebaka" ->
    "marie-claude ebaka") that ``value`` holds, and those that touch it in ``sentence``
    (right before or after it, a comma between), but for one that is someone else's ("a
    spokesman for X", "X's aide")."""
    at = sentence.find(value)
    if not value or at < 0:
        return set(), set()
    before = sentence[:at].split()[-NAME_WINDOW_WORDS:]
    after = sentence[at + len(value):].split()[:NAME_WINDOW_WORDS]
    words = [w.strip(",.;:()\"“”") for w in [*before, *value.split(), *after]]
    inside = range(len(before), len(before) + len(value.split()))
    held: set[str] = set()
    beside: set[str] = set()
    run: list[str] = []
    for k, word in enumerate([*words, ""]):
        if _NAME_WORD.fullmatch(word) and word.lower() not in NAME_CONNECTORS:
            run.append(word)
            continue
        start = k - len(run)
        person = _without_role_words(run)
        if start <= inside.stop and k >= inside.start and _a_person(person) and not (
                _someone_elses(words[:start], word)):
            whole = start >= inside.start and k <= inside.stop
            (held if whole else beside).add(" ".join(person).lower())
        run = []
    return held, beside


def _a_person(name: list[str]) -> bool:
    """Two words or more, none a body's ("Automobile Association", "Energy Agency")."""
    return len(name) >= 2 and not any(
        w.lower() in BODY_WORDS or w.lower() in role_heads() or w.lower() in WEEKDAYS
        or w.lower() in MONTHS or function_word(w.lower()) for w in name)


def _someone_elses(before: list[str], following: str) -> bool:
    """The name is another's source: "a spokesman for [the] X", "X's aide"."""
    opener = next((w.lower() for w in reversed(before)
                   if w.lower() not in ("the", "a", "an")), "")
    return opener in _NOT_THE_SPEAKER or following.lower() in ("'s", "’s") or bool(
        re.match(r"['’]s\b", following))


def _without_role_words(run: list[str]) -> list[str]:
    """A capitalised run from the word after its last role word ("Environment Minister
    Marie-Claude Ebaka" -> "Marie-Claude Ebaka"; "Gilbert Wahéo" as it is)."""
    roles = [k for k, word in enumerate(run) if _is_role([word.lower()])]
    return run[roles[-1] + 1:] if roles else run


def _role_words(value: str, name_words: set[str]) -> list[str]:
    """A source's words less the person's name and its verb of saying."""
    words = [w.strip(",.;:()\"“”'’").lower() for w in value.split()]
    return [w for w in words if w and w not in name_words and w not in SPEECH
            and not function_word(w) and w != "s"]


def _is_role(words: list[str]) -> bool:
    return any(w in ROLE_NOUNS or w in role_heads() or w in role_synonyms() for w in words)


def _states_nothing(descriptor: str, sentence: str, versions: Versions) -> bool:
    facts = hardened(versions.signature(descriptor, sentence))
    return not (facts.amounts or facts.dates or facts.negations or facts.states
                or facts.conditions or facts.quoted or facts.modality)


def role_still_told(descriptor_words: set[str], other: str) -> bool:
    """The other sentence still names the role a marked descriptor gives ("former
    minister X" -> "minister X": the state dropped, a change); one that drops the whole
    descriptor ("Former leader Aung San Suu Kyi" -> "Aung San Suu Kyi") tells no state."""
    role = {w for w in descriptor_words if w not in role_markers() and not function_word(w)}
    return not role or bool(role & set(plain_words(other.lower())))


def _one_side_grown(change: Change) -> Change:
    """A "changed" change whose one value ends with the other, as the longer value added or
    removed (else the change as it is)."""
    old, new = (change.old or "").strip(), (change.new or "").strip()
    if old and new and old != new and old.endswith(new):
        return replace(change, action="removed", new=None)
    if old and new and old != new and new.endswith(old):
        return replace(change, action="added", old=None)
    return change


MAX_DESCRIPTOR = 4  # words before a name: "Chinese leader", "Secretary of State"
# words that end a descriptor: what comes before them is a clause, not a title
_NOT_DESCRIPTOR = frozenset({"in", "at", "on", "near", "from", "to", "by", "with", "for",
                             "after", "before", "as", "and", "but", "or", "says", "said"})


_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")


def _shortened_name(value: str, sentence: str, other: str) -> bool:
    """``value`` is capitalised words that, with the capitalised word next to them in their
    sentence, make a name whose other part the other sentence still has (read from the
    words: a headline's first word is no name to the signatures)."""
    words = value.split()
    if not words or len(words) > 2 or not all(_CAPITALISED.fullmatch(w) for w in words):
        return False
    tokens, other_tokens = sentence.split(), other.split()
    other_pairs = set(pairwise(other_tokens))
    for k in range(len(tokens) - len(words) + 1):
        if tokens[k:k + len(words)] != words:
            continue
        rest = tokens[:k] + tokens[k + len(words):]  # the sentence without the value...
        joint = rest[max(k - 1, 0):max(k - 1, 0) + 2]  # ...read where it was cut
        if len(joint) == 2 and tuple(joint) in other_pairs and any(
                _CAPITALISED.fullmatch(w) for w in joint):
            return True  # the other sentence reads "Xi appears" where this read "Xi Jinping
            # appears" (a name dropped from a list reads "Post Grush", found nowhere)
    return False


# the words of a name besides capitalised ones: "Luiz Inácio Lula da Silva", "bin Salman";
# names.NAME_PARTICLES, with "do" and "ibn", which a run of names leaves out ("Democrats
# do Biden's bidding") but a value that is a whole name may hold ("Nuno do Carmo")
_NAME_PARTICLES = frozenset({*NAME_PARTICLES, "do", "ibn"})
MAX_NAME_WORDS = 6


def _name_cut_to_part(value: str, sentence: str, other: str,
                      names: frozenset[str]) -> bool:
    """``value``, a whole name, stands in the other sentence as a part of itself, between
    the same words ("President Luiz Inácio Lula da Silva has pledged" -> "President Lula
    has pledged"): the short name a story uses for the same person.  ``names``: the names
    the signatures read in ``value``."""
    name_words = {w for name in names for w in name.split()}
    words = value.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or not all(
            w in _NAME_PARTICLES or (_CAPITALISED.fullmatch(w) and alias_key(w) in name_words)
            for w in words):
        return False  # (a Title Case headline's "Only Modest Benefits" names no one)
    at = sentence.find(value)
    before = sentence[:at].split()[-1:] if at >= 0 else []
    after = sentence[at + len(value):].split()[:1] if at >= 0 else []
    if not before or not after:
        return False
    other_tokens = other.split()
    return any(other_tokens[k:k + 2 + size] == [*before, *words[start:start + size], *after]
               for size in range(1, len(words))
               for start in range(len(words) - size + 1)
               for k in range(len(other_tokens)))


def body_renamed(change: Change) -> bool:
    """The two values differ in one word, a generic word of an organisation's name
    (data/body_words.txt) after a capitalised word of that name: the name corrected ("the US
    Energy Information Agency" -> "the US Energy Information Administration")."""
    old, new = (change.old or "").split(), (change.new or "").split()
    differing = [k for k, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
    if len(old) != len(new) or len(differing) != 1:
        return False
    k = differing[0]
    before = old[k - 1] if k else word_before(change.old or "", change.old_sentence or "")
    return bool(before and before[:1].isupper()) and all(
        word[:1].isupper() and word.lower() in BODY_WORDS for word in (old[k], new[k]))


def body_described(change: Change) -> bool:
    """Both values call a body by its kind ("ministry", "authority", "office": body_words.txt,
    body_kinds.txt) and its field, one side's field words all among the other's ("Peru's
    transport ministry" -> "the Ministry of Transport and Communications (MTC)", "the
    prosecutor's office" -> "the prosecution service"), in no two different places:
    one body, formally named or described ("the health ministry" -> "the finance ministry",
    "Peru's transport ministry" -> "Chile's" are other bodies)."""
    old, new = _body_terms(without_saying(change.old or "")), _body_terms(
        without_saying(change.new or ""))
    if old is None or new is None or (old[0] and new[0] and old[0] != new[0]):
        return False
    if not _kinds_alike(change.old or "", change.new or ""):
        return False  # "The health ministry" -> "The World Health Organization"
    if _formally_named(change.old or "") and _formally_named(change.new or "") and not (
            _words_within(change.old or "", change.new or "")):
        return False  # two names ("The Association of Italian Museums" -> "The
        # International Council of Museums"): two bodies, unless one's words are all the
        # other's ("the Food and Agriculture Organization" -> "the U.N. Food and ...")
    small, large = sorted((old[1], new[1]), key=len)
    return bool(small) and all(any(same_stem(w, other) for other in large) for w in small)


def body_by_role(description: str, name: str, long_name: Callable[[str], str]) -> bool:
    """``description`` calls by what it does the body ``name`` names ("the regulator" ->
    "ERE", the "Energy Regulatory Authority (ERE)" of the story; "the central bank" ->
    "the CBG"): one to three lower-case words, each of one stem with a word of the
    body's long name (``long_name`` spells out an acronym the story defines)."""
    what, called = _content_words(description), _content_words(name)
    if not (0 < len(what) <= _ROLE_WORDS and called) or not all(
            w.isalpha() and w.islower() for w in what) or not all(
            w[:1].isupper() for w in called):
        return False
    spelled = [word for w in called
               for word in (long_name(w).split() if w.isupper() else [w.lower()])]
    return all(any(same_stem(w, word) for word in spelled) for w in what)


_ROLE_WORDS = 3  # the most words a description of a body takes ("the central bank")


def _content_words(value: str) -> list[str]:
    """``value``'s words as written, without its verb of saying and its function words."""
    return [w for w in re.findall(r"[\w'’-]+", without_saying(value))
            if not function_word(w.lower())]


# What a word of a value may carry at its edges ("(MTC)", "said:", "“Ministry")
_WORD_EDGES = "(),.;:\"'“”‘’"


def _kinds_alike(one: str, other: str) -> bool:
    """The body words of the two values are one kind, or kinds of one family (where both
    give one)."""
    kinds = _body_kind_words()
    a = {w.lower().strip(_WORD_EDGES) for w in one.split()} & kinds
    b = {w.lower().strip(_WORD_EDGES) for w in other.split()} & kinds
    if not a or not b or a & b:
        return True
    # ("the prosecutor's office" -> "the prosecution service"; not "the health ministry"
    # -> "the World Health Organization")
    return any(x in family and y in family for family in body_families() for x in a for y in b)


def _words_within(one: str, other: str) -> bool:
    """The content words of the shorter value are all the longer one's (stems alike)."""
    a, b = (_name_words(one), _name_words(other))
    small, large = sorted((a, b), key=len)
    return all(any(same_stem(w, x) for x in large) for w in small)


def _name_words(value: str) -> list[str]:
    """The words of a body's name, its acronym left out ("(PS-DBM)" spells the rest)."""
    bare = [POSSESSIVE_END.sub("", w.strip(_WORD_EDGES)) for w in without_saying(value).split()]
    return [w.lower() for w in bare if w and not w.isupper() and not function_word(w.lower())]


def _formally_named(value: str) -> bool:
    """Every body word of ``value`` is capitalised ("the Ministry of Transport", not "the
    transport ministry"): a name, not a description."""
    kinds = _body_kind_words()
    words = [w.strip(_WORD_EDGES) for w in value.split()]
    body = [w for w in words if w.lower() in kinds]
    return bool(body) and all(w[:1].isupper() for w in body)


def _body_terms(value: str) -> tuple[frozenset[str], list[str]] | None:
    """The places (through the alias tables) and the field words of a value that calls a
    body by its kind; None when no body word is in it."""
    kinds = _body_kind_words()
    places: set[str] = set()
    field: list[str] = []
    found = False
    for word in value.split():
        bare = POSSESSIVE_END.sub("", word.strip(_WORD_EDGES))
        low = bare.lower()
        if low in kinds:
            found = True
            continue
        if not low or function_word(low) or low in SPEECH or (bare.isupper() and len(bare) > 1):
            continue  # an acronym ("(MTC)") names the body, it tells no field
        key = alias_key(bare)
        place = (alias_table().get(key) or country_of_capital().get(key)) if (
            bare[:1].isupper()) else None  # ("Manila's agriculture department": a capital
        # for its country's government)
        if place is not None:
            places.add(place)
        elif bare[:1].isupper() and not is_common_word(low):
            return None  # a name besides the body's kind ("shipping data firm Maretrack",
            # "Minister Katrin Hollmann said the agency"): more than a body described
        else:
            field.append(low)
    return (frozenset(places), field) if found else None




def _told_names_dropped(a: Signature, b: Signature,
                        versions: Versions) -> tuple[Signature, Signature]:
    """The two sides without the names one of them adds to the other's when its version
    already names them: "a police spokesman" -> "a spokesman for Leipzig police" in a
    story about Leipzig; "its president, Markus Staudt" -> "BDH President Markus Staudt".
    A name swapped for another ("a Pentagon official" -> "a White House official") is
    no addition and stays."""
    if a.names <= b.names and all(named_in(n, versions.old.names) for n in b.names - a.names):
        return a, replace(b, names=a.names)
    if b.names <= a.names and all(named_in(n, versions.new.names) for n in a.names - b.names):
        return replace(a, names=b.names), b
    return a, b


def _one_speaker(a: Signature, b: Signature) -> bool:
    return bool(a.sources) and a.sources == b.sources


def same_source(a: Signature, b: Signature) -> bool:
    # (hardened changes states and modality only: the sources are each side's own)
    return _one_speaker(a, b) and same_facts(hardened(a), hardened(b))


def same_source_besides_told_names(a: Signature, b: Signature, versions: Versions) -> bool:
    """``same_source`` once the names one side adds that its version already gives are
    set aside ("a police spokesman" -> "a spokesman for Leipzig police").  Setting names
    aside changes no source, so sides whose sources differ are told apart first: the
    versions' names are read from every sentence of both (~28 ms an 800-word story)."""
    return _one_speaker(a, b) and same_source(*_told_names_dropped(a, b, versions))


def unspelled(names: frozenset[str], others: frozenset[str], other: str) -> frozenset[str]:
    """``names`` less those the other side's names do not match but whose every word the
    other sentence spells, whole or clipped ("europe" in "European Medicines Agency"), or
    whose letters are the initials of words it spells (see spelt)."""
    words, clipped, run, compounds = spelt(other)
    return frozenset(n for n in names if named_in(n, others) or not (all(
        w in words or (len(w) >= 4 and w in clipped) for w in n.split())
        or (n.isalpha() and ((3 <= len(n) <= 6 and n in run) or n in compounds))))


@lru_cache(maxsize=2048)  # a sentence is the other side of several judged changes
def spelt(text: str) -> tuple[frozenset[str], frozenset[str], str, frozenset[str]]:
    """The words ``text`` spells, their beginnings of four letters or more (a word clipped:
    "europ" of "european"; a set, so each name's word is one lookup, not a scan of the
    words), their initials in a run ("unhcr" of "United Nations High Commissioner for
    Refugees": an acronym of three letters or more is looked for in it; two letters would
    match too many runs by chance) and the initials of each hyphenated compound ("ev" of
    "electric-vehicle batteries")."""
    words = plain_words(surface_normal(text))
    run = "".join(w[0] for w in words if w not in NAME_CONNECTORS)
    compounds = frozenset("".join(part[:1] for part in compound.split("-"))
                          for compound in re.findall(r"\w+(?:-\w+)+", text.lower()))
    clipped = frozenset(word[:end] for word in words for end in range(4, len(word) + 1))
    return frozenset(words), clipped, run, compounds
