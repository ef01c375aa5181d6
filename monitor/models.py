"""The shared vocabulary: plain data passed between the core and the shell.

Nothing here does I/O.  Modules that own a concept may add their own
dataclasses, but anything crossing a module boundary is defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from monitor.text import fact_text

FactKind = Literal["number", "date", "condition", "status", "attribution", "quote", "entity"]
Action = Literal["changed", "added", "removed"]
Severity = Literal["high", "medium", "low"]

FACT_KINDS: tuple[str, ...] = (
    "number", "date", "condition", "status", "attribution", "quote", "entity",
)
ACTIONS: tuple[str, ...] = ("changed", "added", "removed")
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass(frozen=True, slots=True)
class Document:
    """One version of a story as the fact core sees it: title and text pass through
    ``text.fact_text`` (no invisible characters, numbers bounded, Unicode repaired), so
    every reader of a version, whoever built it, reads the same bounded text."""

    title: str
    text: str  # plain text; paragraphs separated by "\n\n"
    published: datetime | None = None  # anchors relative dates ("on Tuesday")
    # when this version was seen: "today" in a version seen a day later is another day
    # (the judge reads a date change both ways, monitor.facts.judge.days.same_day_told_later)
    captured: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", fact_text(self.title or ""))
        object.__setattr__(self, "text", fact_text(self.text or ""))


@dataclass(frozen=True, slots=True)
class Change:
    """One fact that changed between two versions (the `monitor diff` contract)."""

    kind: str  # one of FACT_KINDS
    action: str  # one of ACTIONS
    old: str | None  # shortest span carrying the old value (None when added)
    new: str | None  # shortest span carrying the new value (None when removed)
    old_sentence: str | None
    new_sentence: str | None
    severity: str  # one of SEVERITIES

    def to_dict(self) -> dict[str, Any]:
        # Its fields are strings or None, which ``asdict`` returned as they are after
        # walking them (~25 us a change; each is written, then rendered into its alerts).
        return {"kind": self.kind, "action": self.action, "old": self.old, "new": self.new,
                "old_sentence": self.old_sentence, "new_sentence": self.new_sentence,
                "severity": self.severity}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        fields: dict[str, Any] = {name: data.get(name) for name in cls.__dataclass_fields__}
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class CosmeticEdit:
    """A textual edit judged not to change any fact (listed by `monitor diff --all`)."""

    old: str | None
    new: str | None
    reason: str  # e.g. "punctuation", "number format", "boilerplate", "synonym"
    # the sentences the edit was read in, when it came from two aligned sentences: a
    # wording edit the judge promotes to a change is shown in them
    old_sentence: str | None = None
    new_sentence: str | None = None


@dataclass(slots=True)
class DiffResult:
    changes: list[Change] = field(default_factory=list)
    cosmetic: list[CosmeticEdit] = field(default_factory=list)
    # a change told in parts if the judge keeps it: a rewritten headline's facts, each
    # its own change (monitor.facts.decompose.told_fact_by_fact)
    parts: dict[Change, list[Change]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes], "cosmetic": len(self.cosmetic)}


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a parsed feed, before it becomes a story version."""

    guid: str | None  # the entry's id/guid as given (None when missing)
    link: str | None  # absolute http(s) URL, or None (other schemes are dropped)
    title: str  # plain text
    text: str  # plain text of the summary/content; paragraphs separated by "\n\n"
    published: datetime | None = None  # timezone-aware UTC
    updated: datetime | None = None
    author: str | None = None


@dataclass(slots=True)
class ParsedFeed:
    """What the parser could read. ``error`` is set for a malformed feed even when
    some entries could still be read (they are kept)."""

    format: str  # "rss20", "atom10", "json1", ... ("" when unknown)
    title: str
    entries: list[Entry]
    error: str | None = None
    # Entries beyond the parser's cap (monitor.feeds.MAX_ENTRIES) that were not read. Not an
    # error: the document is fine, just too long (an accumulating archive, or abuse).
    skipped_entries: int = 0


@dataclass(slots=True)
class FetchResult:
    """The outcome of one conditional GET."""

    url: str  # final URL after redirects
    status: int  # HTTP status (304 when not modified)
    body: bytes = b""  # decoded (gzip/br undone), capped
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    etag: str | None = None
    last_modified: str | None = None
    max_age: float | None = None  # Cache-Control max-age, seconds
    elapsed: float = 0.0  # seconds

    @property
    def not_modified(self) -> bool:
        return self.status == 304
