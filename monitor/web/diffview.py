"""The side-by-side diff of two versions of a story (pure: text in, rows out).

The fact diff (monitor.facts.diff_documents) says *what* changed; this lays both versions
out sentence by sentence, old on the left and new on the right, and marks each row:

- ``fact``: the row carries a fact change; the changed words (the change's old and new
  spans) are marked, as are the other words that differ;
- ``cosmetic``: the words differ but no fact does (a typo, a synonym, a stamp, an ad):
  shown quietly, with the reason the diff gave when there is one;
- ``furniture``: a line the fact core ignores as page furniture (promo, stamps, bylines,
  lines recurring across the feed);
- ``same``: unchanged.

Each side of a row is a list of ``Segment``s (text and a mark), so the template escapes
every piece of feed text itself: no HTML is built here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from monitor.models import Change, CosmeticEdit, DiffResult
from monitor.text import split_paragraphs, split_sentences, story_paragraphs

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
SAME_RUN = 3  # unchanged rows beyond this many in a row are folded away


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    mark: str = ""  # "" | "del" | "ins" | "fact"


@dataclass(slots=True)
class Row:
    kind: str  # "fact" | "cosmetic" | "furniture" | "same" | "title"
    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # the fact changes this row carries
    note: str = ""  # why a cosmetic or furniture row is quiet
    paragraph: bool = False  # starts a paragraph (on either side)
    title: bool = False  # the headline row

    @property
    def changed(self) -> bool:
        return self.kind in ("fact", "cosmetic")


@dataclass(slots=True)
class Block:
    """Rows shown together; a folded block is a run of unchanged rows (``<details>``)."""

    rows: list[Row]
    folded: bool = False


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    paragraph: bool  # first sentence of its paragraph
    furniture: bool  # its paragraph is ignored by the fact core


def _units(title: str, text: str, boilerplate: Collection[str]) -> list[_Unit]:
    kept = set(story_paragraphs(title, text, boilerplate=boilerplate))
    units: list[_Unit] = []
    for paragraph in split_paragraphs(text):
        furniture = paragraph.strip() not in kept and not any(
            paragraph.strip() in k or k in paragraph for k in kept)
        for index, sentence in enumerate(split_sentences(paragraph) or [paragraph]):
            units.append(_Unit(sentence, index == 0, furniture))
    return units


def _overlaps(sentence: str, carrier: str | None) -> bool:
    """The change's sentence is this one, holds it, or is held by it (changes between
    split or merged sentences name the sentences joined)."""
    if not carrier or not sentence:
        return False
    return sentence in carrier or carrier in sentence


def _segments(text: str, other: str, side: str, spans: Sequence[str]) -> list[Segment]:
    """``text`` cut into segments: words not in ``other`` marked ``side`` ("del"/"ins"),
    the fact ``spans`` marked "fact"."""
    marks = [""] * len(text)
    if other:
        mine = _TOKEN.findall(text)
        theirs = _TOKEN.findall(other)
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        offsets = [0]
        for token in mine:
            offsets.append(offsets[-1] + len(token))
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                for k in range(i1, i2):
                    if not mine[k].isspace():
                        marks[offsets[k]:offsets[k + 1]] = [side] * len(mine[k])
    for span in spans:
        if not span:
            continue
        start = text.find(span)
        if start < 0:
            start = text.lower().find(span.lower())
        if start >= 0:
            marks[start:start + len(span)] = ["fact"] * len(span)
    segments: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            segments.append(Segment(text[start:i], marks[start]))
            start = i
    return segments


def _cosmetic_note(old: str, new: str, cosmetic: Sequence[CosmeticEdit]) -> str:
    for edit in cosmetic:
        if _overlaps(old, edit.old) or _overlaps(new, edit.new):
            return edit.reason
    return ""


def _row(old: _Unit | None, new: _Unit | None, result: DiffResult, *,
         title: bool = False) -> Row:
    old_text = old.text if old else ""
    new_text = new.text if new else ""
    changes = [c for c in result.changes
               if (old and _overlaps(old_text, c.old_sentence))
               or (new and _overlaps(new_text, c.new_sentence))]
    if old_text == new_text:
        kind = "same"
    elif changes:
        kind = "fact"
    elif (old is None or old.furniture) and (new is None or new.furniture):
        kind = "furniture"
    else:
        kind = "cosmetic"
    if kind == "same":
        old_segments = [Segment(old_text)] if old else []
        new_segments = [Segment(new_text)] if new else []
    else:
        old_segments = _segments(old_text, new_text, "del",
                                 [c.old or "" for c in changes]) if old else []
        new_segments = _segments(new_text, old_text, "ins",
                                 [c.new or "" for c in changes]) if new else []
    note = ""
    if kind == "cosmetic":
        note = _cosmetic_note(old_text, new_text, result.cosmetic) or "no fact changed"
    elif kind == "furniture":
        note = "page furniture, ignored"
    return Row(kind=kind, old=old_segments, new=new_segments, changes=changes, note=note,
               paragraph=bool((old and old.paragraph) or (new and new.paragraph)),
               title=title)


def side_by_side(old_title: str, old_text: str, new_title: str, new_text: str,
                 result: DiffResult, *, boilerplate: Collection[str] = ()) -> list[Row]:
    """Both versions aligned sentence by sentence, each row classified (see above)."""
    rows = [_row(_Unit(old_title, True, False), _Unit(new_title, True, False), result,
                 title=True)]
    old_units = _units(old_title, old_text, boilerplate)
    new_units = _units(new_title, new_text, boilerplate)
    matcher = difflib.SequenceMatcher(None, [u.text for u in old_units],
                                      [u.text for u in new_units], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(_row(old_units[i], new_units[j], result)
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        olds, news = old_units[i1:i2], new_units[j1:j2]
        for k in range(max(len(olds), len(news))):
            rows.append(_row(olds[k] if k < len(olds) else None,
                             news[k] if k < len(news) else None, result))
    return rows


def blocks(rows: Sequence[Row], *, keep: int = SAME_RUN) -> list[Block]:
    """Rows grouped for display: runs of more than ``keep`` unchanged rows are folded,
    keeping one row of context on each side."""
    out: list[Block] = []
    run: list[Row] = []

    def flush() -> None:
        if len(run) > keep:
            out.append(Block(run[:1]))
            out.append(Block(run[1:-1], folded=True))
            out.append(Block(run[-1:]))
        elif run:
            out.append(Block(list(run)))
        run.clear()

    for row in rows:
        if row.kind == "same" and not row.title:
            run.append(row)
            continue
        flush()
        out.append(Block([row]))
    flush()
    return out
