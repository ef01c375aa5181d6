"""Adding feeds to a user's feeds.yaml without disturbing a byte of what is already there.

`monitor add` and `monitor opml import` append entries to the ``feeds:`` list of a file the
user wrote and commented by hand.  The file is read with ruamel.yaml's round-trip loader,
which knows where the ``feeds:`` list and each of its items start; the new entries are
rendered by ruamel.yaml too (the file's own indentation, tags as a flow list) and inserted
as text right after the last line of the last feed.  Everything outside the new lines is
kept byte for byte: re-dumping the whole document would re-wrap long flow lists, change
quoting and move comments (ruamel.yaml round-trips data and comments, not layout).

Before anything is written the result is read back twice: with ruamel.yaml (the feed list
must be the old one plus the new entries, every other section unchanged) and with
``monitor.config.parse_config`` (so the file still passes `monitor check`).  It is written
atomically (a temporary file renamed over the original, the original's mode kept).
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from monitor.errors import ConfigError, InputError

_NAME_CHARS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class NewFeed:
    """One entry for the ``feeds:`` list, written in this key order."""

    name: str
    url: str
    tags: tuple[str, ...] = ()
    full_text: bool = False
    interval: str | None = None  # as the user wrote it ("10m"); None: the default

    def as_mapping(self) -> dict[str, Any]:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        entry = CommentedMap()
        entry["name"] = _scalar(self.name)
        entry["url"] = _scalar(self.url)
        if self.interval:
            entry["interval"] = _scalar(self.interval)
        if self.full_text:
            entry["full_text"] = True
        if self.tags:
            tags = CommentedSeq(_scalar(tag) for tag in self.tags)
            tags.fa.set_flow_style()
            entry["tags"] = tags
        return entry


def _scalar(text: str) -> str:
    """``text``, quoted when PyYAML (YAML 1.1, which monitor.config reads with) would not
    read it back as this same string: ``yes``, ``on``, ``1e3``, ``2026-01-01``, ``~``."""
    import yaml
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    try:
        plain = yaml.safe_load(f"- {text}") == [text]
    except yaml.YAMLError:
        plain = False
    return text if plain and "\n" not in text else SingleQuotedScalarString(text)


@dataclass(slots=True)
class Insertion:
    """What adding entries to a file would do: the new text and where it goes."""

    path: Path
    old_text: str
    new_text: str
    line: int  # 1-based line of the file at which the first new line appears
    snippet: str  # the inserted lines
    feeds: list[NewFeed] = field(default_factory=list)


def same_url(a: str, b: str) -> bool:
    return url_key(a) == url_key(b)


def url_key(url: str) -> str:
    """A URL compared as a duplicate: scheme and host without case, no fragment, no
    trailing slash on the path (``https://Example.org/feed/`` is ``https://example.org/feed``)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/") or "/",
                           parts.query, ""))
    except ValueError:
        return url.strip()


def slug(text: str, fallback: str = "feed") -> str:
    """A feed name from a title: ``BBC News - World`` -> ``bbc-news-world`` (at most 48
    characters, ASCII letters, digits and dashes)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = _NAME_CHARS.sub("-", ascii_text.lower()).strip("-")[:48].strip("-")
    return name or fallback


def name_from(title: str, url: str) -> str:
    """The name a feed gets when none is given: its title, else its host."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return slug(title, fallback=slug(host))


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``... when it is taken."""
    if name not in taken:
        return name
    n = 2
    while f"{name}-{n}" in taken:
        n += 1
    return f"{name}-{n}"


# ---------------------------------------------------------------- reading the file


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml


def _load_rt(text: str, path: Path) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError("YAML error (run `monitor check`)", path=str(path),
                          line=mark.line + 1 if mark else None) from None


def read_config_text(path: Path) -> str:
    try:
        # bytes decoded as they are: read_text() would turn CRLF line ends into LF
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found (create one with `monitor init`, or use "
                          "--config or $MONITOR_CONFIG)", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=str(path)) from None


def existing_feeds(text: str, path: Path) -> list[tuple[str, str]]:
    """(name, url) of every feed the file lists, as written (no ${VAR} expanded)."""
    return [(name, url) for name, url, _ in listed_feeds(text, path)]


def listed_feeds(text: str, path: Path) -> list[tuple[str, str, list[str]]]:
    """(name, url, tags) of every feed the file lists, as written: a ${VAR} in a URL is
    left as it is, so no secret from the environment leaves through an export."""
    data = _load_rt(text, path)
    feeds = data.get("feeds") if isinstance(data, dict) else None
    found = []
    for item in feeds if isinstance(feeds, list) else []:
        if isinstance(item, dict):
            tags = item.get("tags") or []
            tags = [tags] if isinstance(tags, str) else tags
            found.append((str(item.get("name", "")).strip(), str(item.get("url", "")).strip(),
                          [str(t).strip() for t in tags if str(t).strip()]))
    return found


# ---------------------------------------------------------------- rendering and inserting


def render_entries(feeds: Sequence[NewFeed], indent: int, offset: int) -> str:
    """The entries as block-sequence lines: the dash at column ``indent``, the keys
    ``offset`` columns after it (the file's own layout)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096  # one line per value, whatever its length
    yaml.indent(mapping=2, sequence=max(2, offset), offset=0)
    out = io.StringIO()
    yaml.dump([feed.as_mapping() for feed in feeds], out)
    text = out.getvalue()
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


_KEY_LINE = re.compile(r"^feeds\s*:\s*(?P<rest>.*)$")


def plan_insertion(path: Path, text: str, feeds: Sequence[NewFeed]) -> Insertion:
    """Where and how ``feeds`` go into the file's ``feeds:`` list (nothing written)."""
    data = _load_rt(text, path)
    if data is not None and not isinstance(data, dict):
        raise ConfigError("expected a mapping of sections (defaults, feeds, ...)",
                          path=str(path))
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)  # YAML's own line breaks only
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline

    def render(indent: int, offset: int) -> str:
        return render_entries(feeds, indent, offset).replace("\n", newline)

    if data is None or "feeds" not in data:  # no feeds: section yet: one at the end
        snippet = "feeds:" + newline + render(2, 2)
        at = len(lines)
        prefix = "" if not lines or not lines[-1].strip() else newline
        new_lines = [*lines, prefix + snippet]
        return Insertion(path, text, "".join(new_lines), at + 1 + bool(prefix),
                         snippet, list(feeds))
    located: Any = data  # a ruamel CommentedMap: .lc holds lines and columns
    section: Any = data["feeds"]
    key_line = located.lc.key("feeds")[0]
    if section is None or (isinstance(section, list) and not section):
        # `feeds:` with nothing (or `[]`) after it: the list starts here.
        match = _KEY_LINE.match(lines[key_line].rstrip("\n"))
        if match is None or located.lc.key("feeds")[1] != 0:
            raise ConfigError("cannot add to this feeds: section (write it as a list of "
                              "entries)", path=str(path), line=key_line + 1, key="feeds")
        rest = match.group("rest")
        comment = rest[rest.index("#"):] if "#" in rest else ""
        lines[key_line] = "feeds:" + (f"  {comment.rstrip()}" if comment else "") + newline
        at = key_line + 1
        while at < len(lines) and lines[at].strip().startswith("#") and _indent(lines[at]) > 0:
            at += 1  # commented examples under the key stay above the new entries
        snippet = render(2, 2)
        new_lines = [*lines[:at], snippet, *lines[at:]]
        return Insertion(path, text, "".join(new_lines), at + 1, snippet, list(feeds))
    if not isinstance(section, list) or (hasattr(section, "fa") and section.fa.flow_style()):
        raise ConfigError("cannot add to a feeds: list written in flow style ([...]): write "
                          "it as one '- name: ...' entry per feed", path=str(path),
                          line=key_line + 1, key="feeds")
    # where the last item's content starts (its first key), 0-based
    last_line, key_col = located["feeds"].lc.item(len(section) - 1)
    before_key = lines[last_line][:key_col].rstrip(" ")
    if not before_key.endswith("-"):
        raise ConfigError("cannot find where the last feed starts (nothing written; please "
                          "add the feed by hand)", path=str(path), line=last_line + 1)
    dash_col = len(before_key) - 1
    offset = key_col - dash_col
    at = _end_of_item(lines, last_line, dash_col)
    snippet = render(dash_col, offset)
    new_lines = [*lines[:at], snippet, *lines[at:]]
    return Insertion(path, text, "".join(new_lines), at + 1, snippet, list(feeds))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _end_of_item(lines: list[str], start: int, dash_col: int) -> int:
    """The index after the last line of the item starting at ``start``: lines indented
    deeper than its dash are its own (comments included); a comment at the dash's
    column or less, a blank line, belongs to what follows unless more of the item does."""
    end = start + 1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if _indent(line) <= dash_col:
            if line.lstrip().startswith("#"):
                continue  # may still be followed by more of the item
            break
        end = i + 1
    return end


def check_insertion(insertion: Insertion, added: Sequence[NewFeed]) -> None:
    """The new text read back: the old feeds plus ``added``, every other section as it
    was, and valid for `monitor check`.  Raises ConfigError otherwise (nothing written)."""
    from monitor.config import parse_config

    path = insertion.path
    before = _load_rt(insertion.old_text, path) or {}
    after = _load_rt(insertion.new_text, path)
    wanted = [*(_plain(before.get("feeds")) or []), *[_plain(f.as_mapping()) for f in added]]
    same_rest = all(_plain(before.get(k)) == _plain(after.get(k))
                    for k in set(before) | set(after) if k != "feeds")
    if _plain(after.get("feeds")) != wanted or not same_rest:
        raise ConfigError("could not add the feed without changing the rest of the file "
                          "(nothing written; please add it by hand)", path=str(path))
    config = parse_config(insertion.new_text, str(path))
    read = [(f.name, f.url, f.tags, f.full_text) for f in config.feeds[-len(added):]]
    if added and read != [(f.name, f.url, f.tags, f.full_text) for f in added]:
        raise ConfigError("the new entry would not read back as written (nothing written; "
                          "please add it by hand)", path=str(path))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename, keeping the file's mode (a symlinked
    feeds.yaml is written through to its target)."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:  # a new file: what open() would have made
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                    dir=target.parent)
    except OSError as exc:
        raise InputError(f"{target}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        with _ignored():
            os.unlink(temp)
        raise InputError(f"{target}: cannot write: {exc.strerror}") from None


def _ignored() -> Any:
    import contextlib

    return contextlib.suppress(OSError)


def add_feeds(path: Path, feeds: Iterable[NewFeed], *, dry_run: bool = False) -> Insertion:
    """Insert ``feeds`` into the file at ``path`` (checked, atomically); with ``dry_run``
    only plan and check.  Duplicates are the caller's business (see ``existing_feeds``)."""
    added = list(feeds)
    text = read_config_text(path)
    insertion = plan_insertion(path, text, added)
    check_insertion(insertion, added)
    if not dry_run:
        write_atomically(path, insertion.new_text)
    return insertion
