"""One entry into the store as decide + apply (issues 12 and 13).

    read_snapshot(store, ...)  what the store knows about the entry's story: a small typed
                               Snapshot, read outside any write transaction
    decide(job)                pure: identity, reused key, unchanged / flip-flop /
                               boilerplate, else a new version -> an Intent (or NeedMore:
                               the decision needs a story the snapshot did not read)
    compute(intent)            pure CPU work of a new version: the fact diff against its
                               predecessor (its facts are read when asked for:
                               read_story_facts)
    Store.apply_ingest(intent) ONE short write transaction: re-checks the Basis the decision
                               was made on (see ``basis_holds``), then writes; a stale
                               decision is refused and the caller decides again

``decide`` and ``compute`` need no store and no connection, so they run in a worker
process (monitor.cpu) as well as in-process, with the same result.  Nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from monitor import fingerprint, schedule
from monitor.models import Change, Document, Entry
from monitor.store import iso, iso_not_before, parse_iso
from monitor.text import line_key, split_paragraphs

if TYPE_CHECKING:
    from monitor.pages import PageTrouble
    from monitor.storage import Storage

# A line in at least this many stories of a feed is boilerplate for the diff.
BOILERPLATE_MIN_STORIES = 3
# How far back a story can be and still be found again under a new guid or URL.
NEAR_DUPLICATE_WINDOW = timedelta(days=7)
# A story's publish date counts for its re-check schedule only this long before
# it was first seen (older or future dates are taken for feed errors).
PLAUSIBLE_PUBLISH_LAG = timedelta(days=30)
# Closest SimHash candidates whose texts are compared, at most.
NEAR_DUPLICATE_CANDIDATES = 5

# (kind, key, value, span, sentence) of one stored fact, in the order stored.
FactRow = tuple[str, str | None, str | None, str | None, str | None]


# ---------------------------------------------------------------- what the store knows


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    number: int
    title: str
    text: str
    content_hash: str
    source: str
    published_at: str | None
    seen_at: str | None = None  # when it was seen: the judge reads "today" from that day
    simhash: str | None = None  # as stored (hex)

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> VersionRow:
        return cls(int(row["id"]), int(row["number"]), row["title"], row["text"],
                   row["content_hash"], row["source"], row["published_at"],
                   row.get("seen_at"), row.get("simhash"))


@dataclass(frozen=True, slots=True)
class StoryExtra:
    """What storing a new version of a story needs beyond its latest versions."""

    boilerplate_keys: frozenset[str]  # line keys asked about (entry's and latest's lines)
    boilerplate: frozenset[str]  # those recurring across the feed's stories
    # The entry's line keys ("" left out) that no stored version of the story has
    # (``Storage.story_lines``): what a new version from it counts in feed_lines.
    new_lines: frozenset[str]


@dataclass(frozen=True, slots=True)
class StoryKnown:
    id: int
    row: Mapping[str, Any]  # the stories row
    latest: tuple[VersionRow, ...]  # up to 3, newest first
    family: tuple[StoryKnown, ...] | None = None  # replacement family (None: not read)
    extra: StoryExtra | None = None  # None: not read

    @property
    def latest_id(self) -> int | None:
        return self.latest[0].id if self.latest else None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the store knew about an entry's story when it was read."""

    feed: str
    keys: tuple[str, ...]
    since: str  # near-duplicate window start
    found: StoryKnown | None  # the story the entry's keys name
    candidates: tuple[tuple[int, StoryKnown], ...] | None  # (distance, story); None: no search
    simhash: int | None  # of the entry's (title, text), when the search computed it
    claimed: frozenset[int]  # stories other entries of the document went to

    def stories(self) -> list[StoryKnown]:
        found = [self.found] if self.found else []
        more = [s for f in found for s in (f.family or ())]
        return found + more + [s for _, s in self.candidates or ()]


@dataclass(frozen=True, slots=True)
class Options:
    """The feed configuration a decision depends on."""

    full_text: bool
    recheck_min: float
    recheck_max: float
    recheck_until: float


@dataclass(frozen=True, slots=True)
class Job:
    """One entry to decide: everything ``decide`` reads."""

    entry: Entry
    snapshot: Snapshot
    options: Options
    now: datetime
    source: str = "feed"  # "feed" or "page"
    page_validators: tuple[str | None, str | None] | None = None  # (etag, last_modified)
    trouble: PageTrouble | None = None  # the article page could not be used


# ---------------------------------------------------------------- what to write


@dataclass(frozen=True, slots=True)
class Basis:
    """What a decision read, re-checked inside the transaction that applies it."""

    feed: str
    keys: tuple[str, ...]
    key_story: int | None  # the story the keys named
    latest: tuple[tuple[int, int | None], ...]  # (story, its latest version id) read
    families: tuple[tuple[int, tuple[int, ...]], ...]  # (story, its replacement family)
    candidates: tuple[int, ...] | None  # near-duplicate candidates (None: no search)
    simhash: int | None
    since: str
    boilerplate_keys: frozenset[str] = frozenset()
    boilerplate: frozenset[str] = frozenset()
    # A new story whose near-duplicate search matched none of ``candidates``: its content
    # hash.  A candidate that appears later is passed over by that search when another
    # entry of the same document went to it with other content (``_near_duplicate``), so
    # such newcomers leave the decision as it is (``basis_holds``).
    unmatched: str | None = None


@dataclass(frozen=True, slots=True)
class NewVersion:
    number: int
    title: str
    text: str
    content_hash: str
    simhash: str  # hex
    source: str
    published_at: str | None
    seen_at: str
    lines: tuple[str, ...]  # line keys new to the story, counted in feed_lines
    previous: VersionRow | None  # compared with (None: first version, or another source)
    boilerplate: frozenset[str]  # line keys ignored by the diff
    changes: tuple[Change, ...] | None = None  # set by compute()


@dataclass(frozen=True, slots=True)
class Intent:
    """What one entry does to the store.  ``kind`` names it."""

    feed: str
    keys: tuple[str, ...]
    basis: Basis
    story_id: int | None  # None: a new story (``new_story`` holds its columns)
    new_story: Mapping[str, Any] | None
    rekey: bool  # move the keys to the story (they named another)
    replaces: int | None  # the story a reused key named, replaced by the new one
    replaced_updates: Mapping[str, Any]
    updates: Mapping[str, Any]  # the story's columns
    version: NewVersion | None
    candidates_claimed: frozenset[int] = frozenset()  # claimed candidates the decision saw
    claimed: frozenset[int] = frozenset()  # set when applied: see Basis.unmatched

    @property
    def kind(self) -> str:
        if self.replaces is not None:
            return "replace"
        if self.story_id is None:
            return "new story"
        return "new version" if self.version is not None else "touch"

    @property
    def is_new_story(self) -> bool:
        return self.story_id is None


@dataclass(frozen=True, slots=True)
class NeedMore:
    """The decision needs the family and extra of a story the snapshot holds without."""

    story_id: int


# ---------------------------------------------------------------- reading


def read_snapshot(store: Storage, feed: str, entry: Entry, *, source: str, now: datetime,
                  claimed: frozenset[int] = frozenset(),
                  more: Sequence[int] = (), similarity: Similarity | None = None) -> Snapshot:
    """What ``decide`` needs about ``entry``, read with the store's query methods (no write).

    ``more``: stories whose family and extra must be read too (after a NeedMore);
    ``similarity``: ``similarity_of`` the entry's texts, worked out elsewhere (a worker)."""
    title, text = _texts(entry)
    keys = tuple(fingerprint.identity_keys(entry))
    since = iso(now - NEAR_DUPLICATE_WINDOW) or ""
    found_row = store.story_by_keys(feed, list(keys))
    found = candidates = simhash = None
    if found_row:
        story = found_row[0]
        latest = _latest(store, int(story["id"]))
        full = bool(latest) and not _identical(latest[0], title, text) and (
            latest[0].source == source)
        found = _story(store, feed, story, latest, title, text,
                       full=full or int(story["id"]) in more,
                       extra=not (latest and _identical(latest[0], title, text)), more=more)
    elif (simhash := _simhash_of(similarity, title, text)) is not None:
        candidates = tuple(
            (distance, _story(store, feed, row, _latest(store, story_id), title, text,
                              full=story_id in more, extra=story_id in more))
            for distance, story_id in near_candidates(store, feed, simhash, since)
            if (row := store.story(story_id)) is not None)
    return Snapshot(feed, keys, since, found, candidates, simhash, claimed)


# (title, text, their SimHash or None when too short for a similarity match to mean anything)
Similarity = tuple[str, str, int | None]


def similarity_of(title: str, text: str) -> Similarity:
    """What ``read_snapshot`` works out for a new story's near-duplicate search (~2 ms for
    800 words: the normalised text, its words, its SimHash), to be done in a worker
    process before the snapshot is read in the poll process (issue 12)."""
    applies = fingerprint.similarity_applies(title, text)
    return title, text, fingerprint.simhash(title, text) if applies else None


def page_entry(entry: Entry, extracted: Any) -> Entry:
    """The entry with its article page's title, text and (when the feed gave none) time."""
    return replace(entry, title=extracted.title or entry.title, text=extracted.text,
                   published=entry.published or extracted.published)


def scan_alone(entry: Entry, page: bytes, url: str | None,
               previous: str | None) -> tuple[Any, Similarity | None]:
    """``extract.scan_page`` of a new entry's page, as ``scan_with_similarity`` gives it
    when it runs here (in the poll process): without the SimHash work."""
    from monitor.extract import scan_page

    return scan_page(page, url, previous), None


def scan_with_similarity(entry: Entry, page: bytes, url: str | None,
                         previous: str | None) -> tuple[Any, Similarity | None]:
    """``extract.scan_page`` and, in the same worker call, ``similarity_of`` of the story
    the page's fast result makes with ``entry`` (issue 12: one round trip to the workers
    per new page instead of two; a guess the guard's verdict proves wrong is checked
    against the texts, as any other)."""
    scan, _ = scan_alone(entry, page, url, previous)
    fast = scan.fast if scan is not None else None
    return scan, (similarity_of(*_texts(page_entry(entry, fast))) if fast is not None
                  else None)


def _simhash_of(similarity: Similarity | None, title: str, text: str) -> int | None:
    if similarity is not None and similarity[0] == title and similarity[1] == text:
        return similarity[2]
    return similarity_of(title, text)[2]


def near_candidates(store: Storage, feed: str, simhash: int,
                    since: str) -> list[tuple[int, int]]:
    """(distance, story id) of the feed's recent stories close enough to compare."""
    found = [(fingerprint.hamming(simhash, fingerprint.from_hex(value)), story_id)
             for story_id, value in store.recent_fingerprints(feed, since)]
    return sorted(c for c in found if c[0] <= fingerprint.CANDIDATE_DISTANCE
                  )[:NEAR_DUPLICATE_CANDIDATES]


def _story(store: Storage, feed: str, row: Mapping[str, Any], latest: tuple[VersionRow, ...],
           title: str, text: str, *, full: bool, extra: bool,
           more: Sequence[int] = ()) -> StoryKnown:
    story_id = int(row["id"])
    family = None
    if full:
        family = tuple(
            _story(store, feed, member_row, _latest(store, member), title, text, full=False,
                   extra=member in more)
            for member in store.replacement_family(story_id)
            if (member_row := store.story(member)) is not None)
    found = _extra(store, feed, story_id, latest, title, text) if extra and latest else None
    return StoryKnown(story_id, dict(row), latest, family, found)


def _extra(store: Storage, feed: str, story_id: int, latest: tuple[VersionRow, ...],
           title: str, text: str) -> StoryExtra:
    own = line_keys(text)
    keys = frozenset(own | line_keys(latest[0].text))
    # The story's lines are looked up, not read from its versions' texts: each new version
    # of a long-lived story read every earlier one again (issue 12: 9 ms a version at
    # version 10, 14.6 ms at version 300).
    own.discard("")
    return StoryExtra(keys, frozenset(feed_boilerplate(store, feed, keys)),
                      frozenset(own - store.story_lines(story_id, own)))


def _latest(store: Storage, story_id: int) -> tuple[VersionRow, ...]:
    return tuple(VersionRow.of(v) for v in store.latest_versions(story_id, 3))


def feed_boilerplate(store: Storage, feed_name: str, keys: Any) -> set[str]:
    """The line keys among ``keys`` that recur across the feed's stories and so are
    boilerplate: the one decision the pipeline, `monitor diff STORY` and the web view share.

    Only lines without numbers: a line_key zeroes digits, so a templated line ("The death
    toll stands at 12", "The fair drew 4,210 visitors") recurs across stories while its
    number is the very fact that changes.  Stamps and promos that carry numbers are caught
    by text.is_boilerplate.
    """
    candidates = {key for key in keys if key and not _has_digit(key)}
    return set(store.recurring_lines(feed_name, candidates, BOILERPLATE_MIN_STORIES))


_ASCII_DIGIT = re.compile(r"[0-9]")


def _has_digit(key: str) -> bool:
    """Does any character of ``key`` say ``str.isdigit``?  Among ASCII characters only
    0-9 do: one search in C, not a call per character (~1.7 us a key, issue 12)."""
    if key.isascii():
        return _ASCII_DIGIT.search(key) is not None
    # (map: no Python frame per character)
    return any(map(str.isdigit, key))


def line_keys(text: str) -> set[str]:
    return {_line_key(p) for p in split_paragraphs(text)}


def story_line_rows(versions: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(story id, line key) of every line of the given (story id, version text) rows, ""
    left out, each once per story while a story's rows come together: what
    ``Storage.count_lines`` has recorded for the versions a monitor stored, made again from
    the stored texts (a store's schema step, ``prune``, ``migrate-store``)."""
    story: int | None = None
    seen: set[str] = set()
    for story_id, text in versions:
        if story_id != story:
            story, seen = story_id, set()
        for key in line_keys(text) - seen - {""}:
            seen.add(key)
            yield story_id, key


# A new version's line keys are taken with those of the story's latest version (the
# feed's boilerplate among them; its lines first seen now are looked up in story_lines):
# the same paragraphs, again and again (~6 us each; an 800-word version's ~40 paragraphs).
# 1,024 paragraphs (~0.7 MB in each process) hold a story's versions several times over.
@lru_cache(maxsize=1024)
def _line_key(paragraph: str) -> str:
    return line_key(paragraph)


# ---------------------------------------------------------------- re-checking


def basis_holds(store: Storage, basis: Basis, claimed: frozenset[int] = frozenset()) -> bool:
    """Does the store still know what the decision read?  Called inside the write
    transaction that applies it: the keys name the same story, no story read has a new
    version (so a story's versions are written in order, and once), the replacement
    families and the near-duplicate candidates are the same (or, for a new story that
    matched none, the newcomers would be passed over: ``Basis.unmatched``), the
    boilerplate too.  ``claimed``: the stories other entries of the document went to."""
    # (ids only: the rows are not read again, issue 12)
    if store.story_id_by_keys(basis.feed, list(basis.keys)) != basis.key_story:
        return False
    for story_id, latest_id in basis.latest:
        if store.latest_version_id(story_id) != latest_id:
            return False
    for story_id, family in basis.families:
        if tuple(store.replacement_family(story_id)) != family:
            return False
    if basis.candidates is not None and basis.simhash is not None:
        now = tuple(s for _, s in near_candidates(store, basis.feed, basis.simhash,
                                                  basis.since))
        if now != basis.candidates and not _passed_over(
                store, set(now) - set(basis.candidates), basis.unmatched, claimed):
            return False
    return not basis.boilerplate_keys or frozenset(
        feed_boilerplate(store, basis.feed, basis.boilerplate_keys)) == basis.boilerplate


def _passed_over(store: Storage, newcomers: set[int], unmatched: str | None,
                 claimed: frozenset[int]) -> bool:
    """Would ``_near_duplicate`` pass over every one of these candidates, for a new story
    of content hash ``unmatched`` that matched none of the others?  A document's entries
    read ahead of their turn mostly meet the stories of the entries before them so
    (issue 12: 80 of the 200 first-pass entries of the peer benchmark were decided twice,
    in the poll process, for that alone)."""
    if unmatched is None:
        return False
    for story_id in newcomers:
        latest = store.latest_versions(story_id, 1)
        if latest and not (story_id in claimed and latest[0]["content_hash"] != unmatched):
            return False
    return True


def apply_intent(store: Storage, intent: Intent, *, feed_url: str = "",
                 on_changes: Callable[[int, int, Sequence[Change]], None] | None = None,
                 ) -> tuple[int, int | None] | None:
    """Write one decided entry; called by a store's ``apply_ingest`` inside its write
    transaction.  The feed's row is ensured first: on PostgreSQL that locks it, so the
    feed's writers take turns and what ``basis_holds`` reads stays true until the commit
    (SQLite's BEGIN IMMEDIATE already holds the whole file).  None, having written
    nothing else, when the basis no longer holds."""
    store.ensure_feed(intent.feed, feed_url)
    if not basis_holds(store, intent.basis, intent.claimed):
        return None
    if intent.replaces is not None:
        store.update_story(intent.replaces, **intent.replaced_updates)
    story_id = intent.story_id
    if story_id is None:
        story_id = store.create_story(feed=intent.feed, **(intent.new_story or {}))
    if intent.rekey:
        store.move_story_keys(intent.feed, story_id, list(intent.keys))
    else:
        store.add_story_keys(intent.feed, story_id, list(intent.keys))
    version, version_id = intent.version, None
    if version is not None:
        version_id = store.add_version(
            story_id=story_id, number=version.number, title=version.title,
            text=version.text, content_hash=version.content_hash,
            simhash=version.simhash, source=version.source,
            published_at=version.published_at, seen_at=version.seen_at,
            facts_deferred=1)  # its facts: read from its text when asked (read_story_facts)
        if version.previous is not None:
            store.add_changes(story_id, version.previous.id, version_id,
                              [c.to_dict() for c in version.changes or ()],
                              version.seen_at)
        store.count_lines(intent.feed, story_id, version.lines)
    store.update_story(story_id, **intent.updates)
    if version is not None and version_id is not None and version.changes and (
            on_changes is not None):
        on_changes(story_id, version_id, version.changes)
    return story_id, version_id


# ---------------------------------------------------------------- deciding (pure)


def decide(job: Job) -> Intent | NeedMore | None:
    """What the entry does to the store, given what the store knew (``job.snapshot``).

    None when the entry has neither title nor text.  The same rules as always: a story is
    found by key, else by near-duplicate text among the feed's recent stories (not one
    another entry of the document went to with other content); a reused key whose text
    is unrelated to its story starts a new story replacing it (or goes back to a story of
    its replacement family); unchanged, flip-flopping or boilerplate-only content only
    touches the story; anything else is a new version."""
    entry, snap, now = job.entry, job.snapshot, job.now
    title, text = _texts(entry)
    if not title and not text:
        return None
    stamp = iso(now) or ""
    story = snap.found
    if story is None and snap.candidates is not None:
        story = _near_duplicate(snap, title, text)
    replaces, rekey, replaced_updates = None, False, {}
    if story is not None:
        reused = _reused_key(story, title, text, job.source)
        if isinstance(reused, NeedMore):
            return reused
        if reused is not story:
            rekey = True
            if reused is None:
                replaces = story.id
                # Its page (the same URL) is the new story's now: no re-checks or trouble.
                replaced_updates = {"next_check_at": None, "page_state": None,
                                    "page_error": None, "page_failures": 0}
            story = reused
    row = dict(story.row) if story is not None else _new_story_row(entry, title, stamp,
                                                                  replaces)
    updates = _story_updates(job, row, stamp, replaces)
    latest = story.latest if story is not None else ()
    basis_extra: StoryExtra | None = None
    version = None
    digest = None if latest and _identical(latest[0], title, text) else (
        fingerprint.content_hash(title, text))
    if digest is not None and is_new_content(digest, [v.content_hash for v in latest]):
        if latest and story is not None:
            if story.extra is None:
                return NeedMore(story.id)
            basis_extra = story.extra
        if not (basis_extra and _only_boilerplate_changed(basis_extra, title, text, latest)):
            version = _new_version(job, title, text, digest, latest, basis_extra, stamp)
            updates.update(title=title, version_count=int(row.get("version_count") or 0) + 1,
                           last_changed_at=stamp, simhash=version.simhash)
            if entry.published and not row.get("published_at"):
                updates["published_at"] = iso(entry.published)
    candidates = snap.candidates or ()
    return Intent(
        feed=snap.feed, keys=snap.keys,
        basis=Basis(
            feed=snap.feed, keys=snap.keys,
            key_story=snap.found.id if snap.found else None,
            latest=tuple((s.id, s.latest_id) for s in snap.stories()),
            families=tuple((s.id, tuple(m.id for m in s.family)) for s in snap.stories()
                           if s.family is not None),
            candidates=tuple(s.id for _, s in candidates) if snap.candidates is not None
            else None,
            simhash=snap.simhash, since=snap.since,
            boilerplate_keys=basis_extra.boilerplate_keys if basis_extra else frozenset(),
            boilerplate=basis_extra.boilerplate if basis_extra else frozenset(),
            unmatched=digest if story is None and snap.candidates is not None else None),
        story_id=story.id if story is not None else None,
        new_story=row if story is None else None,
        rekey=rekey, replaces=replaces, replaced_updates=replaced_updates,
        updates=updates, version=version,
        candidates_claimed=frozenset(s.id for _, s in candidates) & snap.claimed)


def _near_duplicate(snap: Snapshot, title: str, text: str) -> StoryKnown | None:
    """A recent story of the feed with (nearly) this text, not listed beside it."""
    for _distance, candidate in snap.candidates or ():
        latest = candidate.latest[:1]
        if latest and candidate.id in snap.claimed and (
                latest[0].content_hash != fingerprint.content_hash(title, text)):
            continue
        if latest and fingerprint.is_near_duplicate((title, text),
                                                    (latest[0].title, latest[0].text)):
            return candidate
    return None


def _reused_key(story: StoryKnown, title: str, text: str,
                source: str) -> StoryKnown | NeedMore | None:
    """Does the entry's guid or URL still name ``story``, or has it been reused for
    another (a live page re-pointed to a new event, a collections page)?

    Returns the story to add to (``story`` itself, or a story of its replacement family
    that the text is again: a page flipping between two events goes back and forth
    between two stories), or None for a new story replacing it.  A text with almost
    nothing in common with the story's latest version (``fingerprint.is_unrelated``)
    is another story.  Texts from different sources (feed / article page) are not
    compared."""
    latest = story.latest
    if not latest or latest[0].source != source:
        return story
    previous = (latest[0].title, latest[0].text)
    if previous == (title, text) or fingerprint.related_in_print(
            latest[0].simhash, title, text) or not fingerprint.is_unrelated(
                previous, (title, text)):
        return story
    if story.family is None:
        return NeedMore(story.id)
    digest = fingerprint.content_hash(title, text)
    for member in story.family:
        recent = member.latest
        if recent and (digest in {v.content_hash for v in recent}
                       or fingerprint.is_near_duplicate(
                           (title, text), (recent[0].title, recent[0].text))):
            return member
    return None


def _new_story_row(entry: Entry, title: str, stamp: str,
                   replaces: int | None) -> dict[str, Any]:
    """The columns of a new story (as the store will hold them)."""
    return {"guid": entry.guid, "title": title,
            "url": fingerprint.canonical_url(entry.link) if entry.link else None,
            "published_at": iso(entry.published), "first_seen_at": stamp,
            "last_seen_at": stamp, "replaces_story_id": replaces}


def _story_updates(job: Job, row: Mapping[str, Any], stamp: str,
                   replaces: int | None) -> dict[str, Any]:
    entry, options = job.entry, job.options
    updates: dict[str, Any] = {"last_seen_at": stamp}
    if replaces is not None and job.source == "feed" and options.full_text:
        updates["next_check_at"] = stamp  # its own page: fetched by this very poll
    if entry.link and not row.get("url"):
        updates["url"] = fingerprint.canonical_url(entry.link)
    if job.page_validators is not None:
        updates["page_etag"], updates["page_last_modified"] = job.page_validators
    if job.source == "page":
        updates["next_check_at"] = iso_not_before(next_check({**row, **updates}, job.now, options))
        updates.update(page_state=None, page_error=None, page_failures=0)
    elif job.trouble is not None:
        updates.update(trouble_fields({**row, **updates}, job.trouble, job.now, options))
    return updates


def _new_version(job: Job, title: str, text: str, digest: str,
                 latest: tuple[VersionRow, ...], extra: StoryExtra | None,
                 stamp: str) -> NewVersion:
    similarity = job.snapshot.simhash if job.snapshot.found is None and (
        job.snapshot.simhash is not None) else fingerprint.simhash(title, text)
    lines = extra.new_lines if extra is not None else line_keys(text) - {""}
    compared = latest[0] if latest and latest[0].source == job.source else None
    return NewVersion(
        number=latest[0].number + 1 if latest else 1, title=title, text=text,
        content_hash=digest, simhash=fingerprint.simhash_hex(similarity), source=job.source,
        published_at=iso(job.entry.published), seen_at=stamp,
        lines=tuple(sorted(lines)), previous=compared,
        boilerplate=extra.boilerplate if extra and compared else frozenset())


def _only_boilerplate_changed(extra: StoryExtra, title: str, text: str,
                              latest: tuple[VersionRow, ...]) -> bool:
    """Did only lines recurring across the feed's stories change (a rotating promo line
    the furniture rules do not know)?"""
    return bool(extra.boilerplate) and fingerprint.same_content_beside(
        extra.boilerplate, (title, text), (latest[0].title, latest[0].text))


def is_new_content(digest: str, recent: list[str]) -> bool:
    """Should a version with this content hash be stored, given the latest hashes
    (newest first)?  Not when unchanged, nor when a page flip-flops: after
    A, B, A a further B is the same two renderings again (a single change and
    its later revert are real and are kept)."""
    if recent and digest == recent[0]:
        return False
    return not (len(recent) >= 3 and digest == recent[1] and recent[0] == recent[2])


def _texts(entry: Entry) -> tuple[str, str]:
    return (entry.title or "").strip(), (entry.text or "").strip()


snapshot_texts = _texts  # the (title, text) a snapshot compares, for similarity_of


def _identical(version: VersionRow, title: str, text: str) -> bool:
    """Byte-identical to the stored version (most entries of a feed): no hash needed."""
    return version.title == title and version.text == text


# ---------------------------------------------------------------- schedules (pure)


def born(story: Mapping[str, Any], now: datetime) -> datetime:
    first_seen = parse_iso(story.get("first_seen_at")) or now
    published = parse_iso(story.get("published_at")) or first_seen
    # Feeds carry dates in the future or in 1970: a publish date is believed only
    # when it lies shortly before the story was first seen.
    if not first_seen - PLAUSIBLE_PUBLISH_LAG <= published <= first_seen:
        published = first_seen
    return published


def next_check(story: Mapping[str, Any], now: datetime, options: Options) -> datetime | None:
    return schedule.next_recheck_at(now, born(story, now), recheck_min=options.recheck_min,
                                    recheck_max=options.recheck_max,
                                    recheck_until=options.recheck_until)


def trouble_fields(story: Mapping[str, Any], trouble: PageTrouble, now: datetime,
                   options: Options) -> dict[str, Any]:
    """The story's columns after its page failed: state, error, and the next try."""
    from monitor import pages

    failures = int(story.get("page_failures") or 0) + 1
    state, retry_at = trouble.state, None
    if trouble.retried:
        retry_at = schedule.page_retry_at(
            now, born(story, now), failures, recheck_min=options.recheck_min,
            recheck_max=options.recheck_max, recheck_until=options.recheck_until,
            retry_after=trouble.retry_after)
        if retry_at is None:
            state = pages.GAVE_UP
    return {"page_state": state, "page_error": trouble.error, "page_failures": failures,
            "next_check_at": iso_not_before(retry_at)}


# ---------------------------------------------------------------- the CPU work (pure)


def compute(intent: Intent) -> Intent:
    """The intent with its new version's fact changes (the CPU-heavy part).

    A version's facts are not read here, nor stored: nothing in a poll reads them, and
    reading an 800-word version cost ~8.5 ms of an edited version's ~14 (issue 12).
    ``read_story_facts`` reads them from the stored text when someone asks (`monitor
    history --facts`, the web view's timeline), as this function read them before."""
    version = intent.version
    if version is None or version.changes is not None:
        return intent
    previous = version.previous
    if previous is None:  # compared with nothing: no diff to make
        return replace(intent, version=replace(version, changes=()))
    # The fact core's tables load on first use (the English word list: ~0.2 s and ~60 MB
    # while it loads).  Importing monitor._worker reads one story, so they load once,
    # under the import lock, rather than in every poll thread that computes first at once
    # (profiled: 6 % of a first `monitor poll` pass, 15 % of a short one).
    import monitor._worker  # noqa: F401
    from monitor.facts import diff_documents

    document = Document(title=version.title, text=version.text,
                        published=parse_iso(version.published_at),
                        captured=parse_iso(version.seen_at))
    changes = diff_documents(version_document(previous), document,
                             boilerplate=version.boilerplate).changes
    # What the write needs goes back (from a worker: pickled); the previous version's
    # text does not.
    return replace(intent, version=replace(version, changes=tuple(changes),
                                           previous=replace(previous, title="", text="")))


def version_document(version: VersionRow) -> Document:
    """The Document a stored version was read as (its facts, and the diffs against it)."""
    return Document(title=version.title, text=version.text,
                    published=parse_iso(version.published_at),
                    captured=parse_iso(version.seen_at))


def read_story_facts(store: Storage, story_id: int) -> list[dict[str, Any]]:
    """Every fact of the story with its version number (``Storage.story_facts``' rows),
    oldest first: those a store written by an earlier monitor holds, and every other
    version's read here from its text (nothing is written: the reading commands and the
    web view hold read-only connections).  A version shares most of its sentences with
    the one before it, and the fact core caches each sentence's facts: the first
    800-word version ~9 ms, each later one ~1-2 ms."""
    deferred = store.deferred_fact_versions(story_id)
    stored = store.story_facts(story_id)
    if not deferred:
        return stored
    read = {int(row["number"]): [
        {"version": int(row["number"]), "kind": kind, "key": key, "value": value, "span": span}
        for kind, key, value, span, _ in extract_rows(version_document(VersionRow.of(row)))]
        for row in deferred}
    numbers = sorted({int(r["version"]) for r in stored} | set(read))
    by_number: dict[int, list[dict[str, Any]]] = {}
    for row in stored:
        by_number.setdefault(int(row["version"]), []).append(row)
    return [row for n in numbers for row in (read.get(n) or by_number.get(n, []))]


def decide_and_compute(job: Job) -> Intent | NeedMore | None:
    """A worker's whole job: ``decide`` then ``compute``."""
    decided = decide(job)
    return compute(decided) if isinstance(decided, Intent) else decided


def extract_rows(document: Document) -> list[FactRow]:
    """The version's facts as rows (kind, key, value, span, sentence), as stored by the
    monitors that stored them."""
    from monitor.facts import extract_facts

    return [(f.kind, f.key, f.value, f.span, f.sentence) for f in extract_facts(document)]


__all__ = [
    "Basis", "Intent", "Job", "NeedMore", "NewVersion", "Options", "Snapshot", "StoryExtra",
    "StoryKnown", "VersionRow", "basis_holds", "compute", "decide", "decide_and_compute",
    "read_snapshot",
]
