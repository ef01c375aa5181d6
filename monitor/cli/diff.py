"""`monitor diff`: the fact changes between two versions of a story.

Argument parsing and printing only; the comparison is monitor.facts.diff_documents.
Heavy modules (the store, the HTML extractor, the fact core) load only when needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from monitor.cli.common import (
    color_enabled,
    db_option,
    echo,
    echo_json,
    echo_json_lines,
    printable,
    style,
)
from monitor.errors import InputError, MonitorError, NotFoundError

SEVERITY_ORDER = ("high", "medium", "low")


@click.command("diff", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("refs", nargs=-1, metavar="[STORY | OLD NEW]")
@click.option("--from", "from_version", type=int, metavar="N",
              help="Older stored version (1-based) [default: the one before --to].")
@click.option("--to", "to_version", type=int, metavar="M",
              help="Newer stored version [default: the last].")
@click.option("--pairs", "pairs_file", metavar="FILE.jsonl",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Batch mode: diff every pair in a JSON-lines file (see above).")
@click.option("--published", metavar="ISO-DATE", default=None,
              help="Publish date anchoring relative dates (\"on Tuesday\") for files.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--all", "show_all", is_flag=True, help="Also list the edits judged cosmetic.")
@click.option("--exit-code", "exit_code", is_flag=True,
              help="Exit 1 when a fact changed, 0 when none did (like git diff).")
@db_option
@click.pass_context
def diff(ctx: click.Context, refs: tuple[str, ...], from_version: int | None,
         to_version: int | None, pairs_file: Path | None, published: str | None,
         as_json: bool, show_all: bool, exit_code: bool, db: str | None) -> None:
    """Show the FACT changes between two versions of a story.

    \b
    monitor diff STORY [--from N] [--to M]
        Two stored versions of STORY (its id, guid or URL; see `monitor
        stories`); by default the last two.
    monitor diff OLD NEW
        Two files. FILE.json holds {"title", "text", "published"?}; FILE.html
        (or .htm) is a web page whose article text is extracted; any other
        file is plain text: all of it is the story text, with no headline
        (paragraphs separated by blank lines).
    monitor diff --pairs FILE.jsonl
        Batch: each line {"id", "published"?, "old": {"title", "text"},
        "new": {"title", "text"}} (other fields ignored) gives one output line
        {"id", "changes": [...]} on stdout, in input order. A bad line is
        reported on stderr with its line number, the rest still run, and the
        exit status is 2 (else, with --exit-code, 1 when any pair changed).

    A change is a number, date, condition, status, attribution, quote or
    entity that was changed, added or removed, with severity high, medium or
    low. Cosmetic edits (typos, punctuation, quote styles, reordering, ads
    and promo lines, update stamps, bylines, synonyms, split or merged
    sentences, number and date formats) are not changes; --all lists them.

    \b
    --json prints {"changes": [{"kind", "action", "old", "new",
    "old_sentence", "new_sentence", "severity"}, ...], "cosmetic": N}.

    \b
    Examples:
      monitor diff 42                      # the story's last two versions
      monitor diff 42 --from 1 --to 3 --all
      monitor diff old.json new.json --json --exit-code
      monitor diff --pairs pairs.jsonl > changes.jsonl
    """
    if pairs_file is not None:
        if refs:
            raise click.UsageError("--pairs takes no STORY or files")
        failed, changed = _run_pairs(pairs_file)
        ctx.exit(2 if failed else (1 if exit_code and changed else 0))
    if len(refs) == 1:
        old, new, heading, boilerplate = _stored_versions(refs[0], from_version, to_version, db)
    elif len(refs) == 2:
        if from_version is not None or to_version is not None:
            raise click.UsageError("--from/--to apply to a stored STORY, not to files")
        old, new = (_read_file(Path(r), published) for r in refs)
        heading, boilerplate = f"{refs[0]} -> {refs[1]}", set()
    else:
        raise click.UsageError("give a STORY, two files OLD NEW, or --pairs FILE.jsonl")

    from monitor.facts import diff_documents

    result = diff_documents(old, new, boilerplate=boilerplate)
    if as_json:
        data = result.to_json()
        if show_all:
            data["cosmetic_edits"] = [
                {"old": c.old, "new": c.new, "reason": c.reason} for c in result.cosmetic]
        echo_json(data)
    else:
        _print_result(heading, result, show_all)
    if exit_code and result.changes:
        ctx.exit(1)


# --------------------------------------------------------------------------- inputs


def _parse_published(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{where}: published is not an ISO date: {value!r}") from None


def _document(title: Any, text: Any, published: datetime | None, where: str) -> Any:
    from monitor.models import Document

    if not isinstance(title, str) or not isinstance(text, str):
        raise InputError(f"{where}: \"title\" and \"text\" must be strings")
    return Document(title=title, text=text, published=published)


def _read_file(path: Path, published: str | None) -> Any:
    """A story version from a .json, .html or plain-text file."""
    anchor = _parse_published(published, "--published")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: not valid JSON: {exc}") from None
        if not isinstance(obj, dict) or "text" not in obj:
            raise InputError(f"{path}: expected an object with \"title\" and \"text\"")
        return _document(obj.get("title", ""), obj["text"],
                         anchor or _parse_published(obj.get("published"), str(path)), str(path))
    if suffix in (".html", ".htm", ".xhtml"):
        from monitor.extract import extract_article

        page = extract_article(data, url=None)
        return _document(page.title or "", page.text or "", anchor or page.published, str(path))
    return _document("", data.decode("utf-8", errors="replace"), anchor, str(path))


def _stored_versions(ref: str, from_version: int | None, to_version: int | None,
                     db: str | None) -> tuple[Any, Any, str, set[str]]:
    from monitor.cli.common import db_path, store_exists
    from monitor.models import Document
    from monitor.storage import open_store

    path = db_path(db)
    if not store_exists(path):
        raise NotFoundError(f"no store at {path} (run `monitor poll` first, or give --db)")
    store = open_store(path, readonly=True)
    try:
        story = store.resolve_story(ref)
        versions = store.versions(story["id"])
        boilerplate = _feed_boilerplate(store, story, versions)
    finally:
        close = getattr(store, "close", None)
        if close:
            close()
    if len(versions) < 2 and from_version is None:
        raise NotFoundError(f"story {ref} has only {len(versions)} version(s): nothing to diff")
    numbers = [v["number"] for v in versions]
    to_number = to_version if to_version is not None else numbers[-1]
    from_number = from_version if from_version is not None else to_number - 1
    by_number = {v["number"]: v for v in versions}
    for n in (to_number, from_number):
        if n not in by_number:
            raise NotFoundError(f"story {ref} has no version {n} (versions "
                                f"{numbers[0]}-{numbers[-1]})")

    def document(version: dict[str, Any]) -> Document:
        return Document(title=version.get("title") or "", text=version.get("text") or "",
                        published=_parse_published(version.get("published"), "store")
                        or _parse_published(story.get("published_at"), "store"),
                        captured=_parse_published(version.get("seen_at"), "store"))

    heading = (f"story {story['id']}: {story.get('title') or ''}\n"
               f"version {from_number} -> {to_number}")
    return (document(by_number[from_number]), document(by_number[to_number]), heading,
            boilerplate)


def _feed_boilerplate(store: Any, story: dict[str, Any],
                      versions: list[dict[str, Any]]) -> set[str]:
    """Lines of these versions that recur across the feed's stories (ignored), decided as
    the pipeline decides them (monitor.pipeline.feed_boilerplate)."""
    if not story.get("feed"):
        return set()
    from monitor.pipeline import feed_boilerplate
    from monitor.text import line_key, split_paragraphs

    keys = {line_key(p) for v in versions for p in split_paragraphs(v.get("text") or "")}
    return feed_boilerplate(store, story["feed"], keys)


# --------------------------------------------------------------------------- batch


def _pair_lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        handle = path.open(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def _pair_documents(line: str, where: str) -> tuple[Any, Any, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON: {exc.msg}") from None
    if not isinstance(row, dict):
        raise InputError(f"{where}: expected a JSON object")
    published = _parse_published(row.get("published"), where)
    sides = []
    for side in ("old", "new"):
        version = row.get(side)
        if not isinstance(version, dict) or "text" not in version:
            raise InputError(f"{where}: \"{side}\" must be an object with \"title\" and \"text\"")
        sides.append(_document(version.get("title", ""), version["text"], published,
                               f"{where}: {side}"))
    return row.get("id"), sides[0], sides[1]


def _run_pairs(path: Path) -> tuple[bool, bool]:
    """Diff every pair of a JSON-lines file; (some line was bad, some fact changed)."""
    from monitor.facts import diff_documents

    failed = changed = False
    for number, line in _pair_lines(path):
        where = f"{path}:{number}"
        try:
            pair_id, old, new = _pair_documents(line, where)
            changes = diff_documents(old, new).changes
        except MonitorError as exc:
            echo(f"monitor: error: {exc}", err=True)
            failed = True
            continue
        changed = changed or bool(changes)
        echo_json_lines([{"id": pair_id, "changes": [c.to_dict() for c in changes]}])
    return failed, changed


# --------------------------------------------------------------------------- for people


def _marked(sentence: str | None, value: str | None, sign: str, colour: str,
            other: str | None = None) -> str:
    """The sentence with the changed words highlighted (colour, or [-..-]/{+..+}): of a
    value changed (``other``: the other side's value), only the words the two values do
    not share at their ends, so "lasted 1,000 days" -> "lasted 1,001 days" marks "1,000"
    and "1,001", not the words the value carries to be read."""
    if not sentence:
        return ""
    sentence, value = printable(sentence), printable(value)
    if not value or value not in sentence:
        return sentence
    start = sentence.index(value)
    lead, end = _differing(value, printable(other)) if other else (0, len(value))
    start, value = start + lead, value[lead:end]
    if color_enabled():
        shown = click.style(value, fg=colour, bold=True, underline=True)
    else:
        shown = f"[-{value}-]" if sign == "-" else f"{{+{value}+}}"
    return sentence[:start] + shown + sentence[start + len(value):]


def _differing(value: str, other: str) -> tuple[int, int]:
    """Where ``value`` differs from ``other``: the characters between the words the two
    share at their start and at their end (all of ``value`` when that leaves nothing:
    "inside Ukraine" beside "only inside Ukraine" is marked whole)."""
    words, others = value.split(" "), other.split(" ")
    head = 0
    while head < min(len(words), len(others)) and words[head] == others[head]:
        head += 1
    tail = 0
    while (tail < min(len(words), len(others)) - head
           and words[-1 - tail] == others[-1 - tail]):
        tail += 1
    if head + tail >= len(words):
        return 0, len(value)
    start = len(" ".join(words[:head])) + (1 if head else 0)
    end = len(value) - len(" ".join(words[len(words) - tail:])) - (1 if tail else 0)
    return start, end


def _print_change(change: Any) -> None:
    label = f"{change.kind} {change.action}"
    old, new = printable(change.old), printable(change.new)
    if change.action == "changed":
        what = f"{old} -> {new}"
    elif change.action == "added":
        what = f"+ {new}"
    else:
        what = f"- {old}"
    echo(f"  {style(label, bold=True)}: {what}")
    if change.old_sentence:
        echo("    " + style("-", fg="red") + " "
                   + _marked(change.old_sentence, change.old, "-", "red", change.new))
    if change.new_sentence:
        echo("    " + style("+", fg="green") + " "
                   + _marked(change.new_sentence, change.new, "+", "green", change.old))


def _print_result(heading: str, result: Any, show_all: bool) -> None:
    echo(style(heading, bold=True))
    counts = {s: sum(c.severity == s for c in result.changes) for s in SEVERITY_ORDER}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    n = len(result.changes)
    echo(f"{n} fact change{'s' if n != 1 else ''}"
               + (f" ({summary})" if summary else "")
               + f", {len(result.cosmetic)} cosmetic edit"
               + ("s" if len(result.cosmetic) != 1 else "") + " ignored")
    colours = {"high": "red", "medium": "yellow", "low": "cyan"}
    for severity in SEVERITY_ORDER:
        group = [c for c in result.changes if c.severity == severity]
        if not group:
            continue
        echo("")
        echo(style(severity.upper(), fg=colours[severity], bold=True))
        for change in group:
            _print_change(change)
    if show_all and result.cosmetic:
        echo("")
        echo(style("COSMETIC", bold=True))
        for edit in result.cosmetic:
            old = "" if edit.old is None else edit.old
            new = "" if edit.new is None else edit.new
            echo(f"  {edit.reason}: {_short(old)!r} -> {_short(new)!r}")


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
